//! The trainer's views as the room sees them: a quiz answer marked by more than its colour, a
//! progress bar that moves, and long lot names that wrap on the « Et si… ? » slide, at the
//! laptop's 1366×768 and a projector's 1920×1080.

use crate::common::ui::slide_of;
use clausier::training::deck::SlideKind;
use clausier::training::quiz::letter;
use clausier::ui::{AppPaths, ClausierApp, Command, FakeDialogs, Page};
use egui::accesskit::Role;
use egui::Key;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::Harness;

fn window_of(width: f32, height: f32) -> (tempfile::TempDir, Harness<'static, ClausierApp>) {
    let data = tempfile::tempdir().unwrap();
    let paths = AppPaths::in_folder(data.path());
    let h = Harness::builder()
        .with_size(egui::vec2(width, height))
        .build_eframe(move |cc| ClausierApp::new(cc, paths, Box::new(FakeDialogs::default())));
    (data, h)
}

fn press(h: &mut Harness<'static, ClausierApp>, key: Key) {
    h.key_press(key);
    h.run();
}

fn progress(h: &Harness<'static, ClausierApp>) -> (String, f64) {
    let node = h.get_by_role(Role::ProgressIndicator).accesskit_node();
    let node = node.data();
    (
        node.label().unwrap_or_default().to_string(),
        node.numeric_value().unwrap_or(-1.0),
    )
}

#[test]
fn a_quiz_answer_is_marked_in_words_and_the_progress_bar_moves() {
    let (_data, mut h) = window_of(1366.0, 768.0);
    h.state_mut().queue(Command::ShowPage(Page::Quiz));
    h.run();
    let quiz = clausier::training::quiz::bundled().unwrap();
    let run = h.state().trainer.run.clone();
    let total = run.len();
    assert_eq!(
        progress(&h),
        (format!("0 réponse donnée sur {total} questions"), 0.0)
    );
    // A wrong answer, so that both the right one and the chosen one are marked.
    let question = &quiz.questions[run.questions[0]];
    let correct = question.answer.correct_index();
    let wrong = (correct + 1) % question.answer.choices().len();
    let keys = [Key::Num1, Key::Num2, Key::Num3, Key::Num4];
    press(&mut h, keys[wrong]);
    let (label, value) = progress(&h);
    assert_eq!(label, format!("1 réponse donnée sur {total} questions"));
    assert!(value > 0.0, "the bar moves with the first answer");
    let choices = question.answer.choices();
    h.get_by_role_and_label(
        Role::Button,
        &format!("{}. {} — bonne réponse", letter(correct), choices[correct]),
    );
    h.get_by_role_and_label(
        Role::Button,
        &format!("{}. {} — réponse choisie", letter(wrong), choices[wrong]),
    );
    // The other choices keep their plain label.
    for other in (0..question.answer.choices().len()).filter(|i| ![correct, wrong].contains(i)) {
        h.get_by_role_and_label(
            Role::Button,
            &format!("{}. {}", letter(other), choices[other]),
        );
    }
    press(&mut h, Key::Enter);
    press(&mut h, Key::Num1);
    assert_eq!(
        progress(&h).0,
        format!("2 réponses données sur {total} questions")
    );
}

/// A lot title of 120 characters: on the « Et si… ? » slide it wraps inside the toggles'
/// column instead of running under the effect column or off the screen.
#[test]
fn a_long_lot_name_wraps_on_the_what_if_slide() {
    let long = "Travaux de réhabilitation thermique, de mise en accessibilité et de désamiantage du groupe scolaire Jean-Moulin et annex";
    assert_eq!(long.chars().count(), 120);
    for (width, height) in [(1366.0, 768.0), (1920.0, 1080.0)] {
        let (_data, mut h) = window_of(width, height);
        h.state_mut().trainer.select("renovation-ecole");
        let trainer = &mut h.state_mut().trainer;
        let case = trainer
            .scenarios
            .iter_mut()
            .find(|s| s.id == "renovation-ecole")
            .unwrap();
        case.project.allotment.lots[0].title = long.to_string();
        h.run();
        press(&mut h, Key::F5);
        let what_if = slide_of(&h, SlideKind::WhatIf);
        for _ in 0..what_if {
            press(&mut h, Key::ArrowRight);
        }
        let node = h.get_by_label_contains("Travaux de réhabilitation thermique");
        let rect = node.rect();
        let line = h
            .get_by_label_contains("Heures d'insertion :")
            .rect()
            .height();
        assert!(
            rect.max.x <= width * 0.56,
            "{width}×{height}: the title runs past its column ({rect:?})"
        );
        assert!(
            rect.height() > line * 1.5,
            "{width}×{height}: the title is on one line, so it is cut ({rect:?})"
        );
        assert!(
            node.accesskit_node()
                .label()
                .unwrap_or_default()
                .ends_with("et annex")
                || node
                    .accesskit_node()
                    .value()
                    .unwrap_or_default()
                    .ends_with("et annex"),
            "the title keeps its end"
        );
    }
}

/// Amounts computed by the core are grouped with U+202F, at which egui breaks lines: the
/// window shows them with U+00A0 so that « 193 000,00 € HT » never splits (review P9), in the
/// programme's summary, the findings and the slides.
#[test]
fn computed_amounts_are_drawn_with_spaces_egui_does_not_break() {
    let (data, mut h) = window_of(1366.0, 768.0);
    let root = crate::common::root();
    h.state_mut().programme.import(
        &root.join("docs/exemples/programme-exemple.csv"),
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        None,
    );
    h.state_mut().queue(Command::ShowPage(Page::Programme));
    h.run();
    let summary = h.get_by_label_contains("lignes lues").accesskit_node();
    // AccessKit keeps a label's text in its value.
    let text = summary
        .value()
        .or_else(|| summary.label())
        .unwrap_or_default();
    assert!(text.contains("7\u{a0}400\u{a0}000\u{a0}€"), "{text:?}");
    assert!(!text.contains('\u{202f}'), "{text:?}");
    drop(data);
}
