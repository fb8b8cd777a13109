//! Trainer mode driven as a trainer would: pick a case, hand out its DOCX, present it from the
//! keyboard and change a lever live, compare two choices, run the quiz to its score.

use crate::common;

use common::docx::{docx_part, docx_text};
use common::ui::{slide_of, window};

use clausier::training::deck::SlideKind;
use clausier::ui::{ClausierApp, Command, Page};
use egui::Key;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::Harness;

/// The text of the first widget whose label contains `part`.
fn label_containing(h: &Harness<'static, ClausierApp>, part: &str) -> String {
    let node = h.get_by_label_contains(part).accesskit_node();
    // AccessKit keeps a label's text in its value.
    node.value().or_else(|| node.label()).unwrap_or_default()
}

fn press(h: &mut Harness<'static, ClausierApp>, key: Key) {
    h.key_press(key);
    h.run();
}

#[test]
fn a_case_is_picked_and_its_handout_exported() {
    let (data, dialogs, mut h) = window();
    h.run();
    h.get_by_label("Formation : scénarios").click();
    h.run();
    assert_eq!(h.state().page, Page::Scenarios);
    let title = "Entretien des espaces verts et naturels communautaires";
    // The list's button (the heading on the right repeats the title once selected).
    h.get_all_by_label_contains(title).next().unwrap().click();
    h.run();
    assert_eq!(h.state().trainer.selected, "espaces-verts");
    let notes = clausier::training::notes::for_scenario("espaces-verts").unwrap();
    h.get_by_label(notes.summary.trim());
    h.get_by_label("Idées reçues");

    let out = data.path().join("support.docx");
    dialogs.answer(Some(out.clone()));
    h.get_by_label("Exporter le support (DOCX)…").click();
    h.run();
    let text = docx_text(&out);
    assert!(text.contains(&format!("Support de formation — {title}")));
    // The page header says what the document is, not a tender's buyer and reference.
    let header = docx_part(&out, "word/header1.xml");
    assert!(header.contains("Support de formation"), "{header}");
    assert!(!header.contains("consultation"), "{header}");
    for part in [
        "Le cas",
        "Les choix de l'acheteur",
        "Ce qu'il faut retenir",
        "Idées reçues",
        "Questions pour la discussion",
    ] {
        assert!(text.contains(part), "handout lacks « {part} »");
    }
    assert!(text.contains("L.\u{a0}2113-13"), "references are cited");
    assert!(
        !text.contains("Éléments de réponse"),
        "answers stay with the trainer"
    );
}

#[test]
fn the_presentation_is_driven_from_the_keyboard_and_shows_a_lever_change_at_once() {
    let (_data, _dialogs, mut h) = window();
    h.state_mut().trainer.select("renovation-ecole");
    h.run();
    press(&mut h, Key::F5);
    assert_eq!(h.state().page, Page::Presentation);
    assert!(
        h.query_by_label("Fichier").is_none(),
        "no editing chrome on the projector"
    );
    let project = clausier::scenarios::find("renovation-ecole")
        .unwrap()
        .unwrap()
        .project;
    h.get_by_label("Support de formation");
    let what_if = slide_of(&h, SlideKind::WhatIf);
    for _ in 0..what_if {
        press(&mut h, Key::ArrowRight);
    }
    assert_eq!(h.state().trainer.slide, what_if);
    assert!(project.allotment.lots[0].insertion_clause.is_some());
    let before = label_containing(&h, "Heures d'insertion :");
    press(&mut h, Key::S);
    h.run();
    assert_eq!(
        h.state().trainer.what_if.levers.get(&0),
        Some(&clausier::training::what_if::LotLever::Nothing)
    );
    let after = label_containing(&h, "Heures d'insertion :");
    assert_ne!(before, after, "the effect shows at once");
    h.get_by_label_contains("Lot 1\u{a0}: Aucun levier au lieu de «\u{a0}Clause");
    // A single contract: the unjustified decision not to allot appears as an error.
    press(&mut h, Key::A);
    h.run();
    assert!(h.state().trainer.what_if.single_contract);
    h.get_by_label_contains("Erreurs : 0 avant, ");
    assert!(h
        .get_all_by_label_contains("Nouveau constat (erreur)")
        .next()
        .is_some());
    press(&mut h, Key::End);
    let last = h.state().trainer.slide;
    assert!(last > what_if);
    h.get_by_label("Questions pour la discussion (2/2)");
    // E shows the trainer's answer elements on the questions slides.
    press(&mut h, Key::E);
    assert!(h.state().trainer.show_answers);
    press(&mut h, Key::Escape);
    assert_eq!(h.state().page, Page::Scenarios);
}

#[test]
fn a_session_of_two_cases_is_presented_one_after_the_other_keeping_each_change() {
    let (_data, _dialogs, mut h) = window();
    h.run();
    {
        let trainer = &mut h.state_mut().trainer;
        trainer.select("renovation-ecole");
        trainer.toggle_in_session("renovation-ecole");
        trainer.toggle_in_session("espaces-verts");
    }
    press(&mut h, Key::F5);
    let what_if = slide_of(&h, SlideKind::WhatIf);
    for _ in 0..what_if {
        press(&mut h, Key::ArrowRight);
    }
    press(&mut h, Key::R);
    assert!(!h.state().trainer.what_if.is_empty());
    // On to the second case: its own slides, its own (empty) changes.
    let espaces = "Entretien des espaces verts et naturels communautaires";
    for _ in 0..40 {
        if h.query_by_label(espaces).is_some() {
            break;
        }
        press(&mut h, Key::ArrowRight);
    }
    h.get_by_label(espaces);
    assert_eq!(
        h.state().trainer.source,
        clausier::ui::trainer::Source::Scenario("espaces-verts".into())
    );
    assert!(h.state().trainer.what_if.is_empty());
    assert!(
        h.state()
            .trainer
            .what_if_of("renovation-ecole")
            .is_some_and(|w| !w.is_empty()),
        "the first case keeps the change prepared on it"
    );
}

#[test]
fn the_comparison_marks_what_a_single_contract_changes() {
    let (_data, _dialogs, mut h) = window();
    h.state_mut().trainer.select("renovation-ecole");
    h.state_mut().queue(Command::ShowPage(Page::Compare));
    h.run();
    h.get_by_label("Aucun changement : choisissez un autre levier pour un lot, ou un marché unique, pour voir ce qui change.");
    h.get_by_label("Ne pas allotir : un marché unique").click();
    h.run();
    h.run();
    assert!(h
        .get_all_by_label_contains("Apparaît — Erreur")
        .next()
        .is_some());
    let changed = label_containing(&h, "Texte de la section :");
    assert!(!changed.contains(": 0 paragraphe"), "{changed}");
    h.get_by_label("Revenir au cas tel que conçu").click();
    h.run();
    assert!(h.state().trainer.what_if.is_empty());
}

#[test]
fn the_quiz_runs_the_chosen_questions_one_at_a_time_to_its_score() {
    let (_data, _dialogs, mut h) = window();
    h.state_mut().queue(Command::ShowPage(Page::Quiz));
    h.run();
    h.get_by_label("Clause sociale d’insertion (12)").click();
    h.run();
    let quiz = clausier::training::quiz::bundled().unwrap();
    let run = h.state().trainer.run.clone();
    assert_eq!(run.len(), 10, "ten questions by default");
    for &i in &run.questions {
        assert!(quiz.questions[i].themes.contains(&"insertion".to_string()));
    }
    // Always the first choice: the expected score is known in advance.
    let mut expected = 0;
    for (n, &i) in run.questions.iter().enumerate() {
        let q = &quiz.questions[i];
        h.get_by_label(q.statement.as_str());
        press(&mut h, Key::Num1);
        assert!(
            h.state().trainer.run.progress() > n as f32 / 10.0,
            "the progress bar moves with each answer"
        );
        h.get_by_label_contains(q.explanation.trim().split('.').next().unwrap());
        if q.answer.correct_index() == 0 {
            expected += 1;
            h.get_by_label("Bonne réponse.");
        } else {
            h.get_by_label_contains("Réponse attendue :");
        }
        press(&mut h, Key::Enter);
    }
    h.get_by_label(&format!("Score : {expected} / 10"));
    h.get_by_label("Recommencer le quiz").click();
    h.run();
    h.get_by_label(quiz.questions[run.questions[0]].statement.as_str());
}

#[test]
fn the_projector_quiz_reveals_the_answer_and_keeps_each_teams_score() {
    let (_data, _dialogs, mut h) = window();
    h.state_mut().queue(Command::ShowPage(Page::Quiz));
    h.run();
    h.get_by_label("Marchés réservés (9)").click();
    h.run();
    h.get_by_label("Quiz en salle (vidéoprojecteur)").click();
    h.run();
    h.run();
    assert_eq!(h.state().page, Page::QuizProjector);
    assert!(
        h.query_by_label("Fichier").is_none(),
        "no menus on the projector"
    );
    let quiz = clausier::training::quiz::bundled().unwrap();
    let room = h.state().trainer.room.clone().unwrap();
    let first = &quiz.questions[room.questions[0]];
    h.get_by_label(first.statement.as_str());
    assert!(h.get_all_by_label_contains("A. ").next().is_some());
    assert!(
        h.query_by_label_contains("Réponse :").is_none(),
        "not before the reveal"
    );
    // Team 1 cannot score before the reveal.
    press(&mut h, Key::Num1);
    h.get_by_label("Équipe 1 : 0 — Équipe 2 : 0");
    press(&mut h, Key::Space);
    let right = first.answer.correct_index();
    h.get_by_label_contains(&format!(
        "Réponse : {}. ",
        clausier::training::quiz::letter(right)
    ));
    h.get_by_label_contains(first.explanation.trim().split('.').next().unwrap());
    press(&mut h, Key::Num2);
    h.get_by_label("Équipe 1 : 0 — Équipe 2 : 1");
    press(&mut h, Key::Enter);
    assert_eq!(h.state().trainer.room.as_ref().unwrap().current, 1);
    h.get_by_label(quiz.questions[room.questions[1]].statement.as_str());
    press(&mut h, Key::Escape);
    assert_eq!(h.state().page, Page::Quiz);
}

#[test]
fn every_export_of_a_session_is_written_from_the_window() {
    let (data, dialogs, mut h) = window();
    h.run();
    {
        let trainer = &mut h.state_mut().trainer;
        trainer.toggle_in_session("renovation-ecole");
        trainer.toggle_in_session("espaces-verts");
        // A change prepared on the first case: the PDF has its « Et si… ? » slide.
        trainer.focus_case("renovation-ecole");
        let project = trainer
            .scenario("renovation-ecole")
            .unwrap()
            .project
            .clone();
        trainer
            .what_if
            .set_lever(&project, 1, clausier::training::what_if::LotLever::Reserved);
        trainer.focus_case("espaces-verts");
    }
    h.state_mut().queue(Command::ShowPage(Page::Scenarios));
    h.run();
    let slides = data.path().join("diapositives.pdf");
    dialogs.answer(Some(slides.clone()));
    h.get_by_label("Diapositives (PDF)…").click();
    h.run();
    let pdf = std::fs::read(&slides).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "a PDF is written");
    if let Ok(out) = std::process::Command::new("pdftotext")
        .arg(&slides)
        .arg("-")
        .output()
    {
        let text = String::from_utf8_lossy(&out.stdout).replace(['\u{a0}', '\u{202f}'], " ");
        assert!(
            text.contains("Et si… ? Changez un levier"),
            "the prepared change is in the PDF"
        );
        assert!(text.contains("Réservé SIAE au lieu de « Clause"), "{text}");
    }
    for (label, name, expected) in [
        (
            "Support participants…",
            "support.docx",
            "Support de formation — 2 cas",
        ),
        (
            "Support du formateur…",
            "formateur.docx",
            "Éléments de réponse",
        ),
        ("Déroulé de la séance…", "plan.docx", "Déroulé de la séance"),
    ] {
        let out = data.path().join(name);
        dialogs.answer(Some(out.clone()));
        h.get_by_label(label).click();
        h.run();
        let text = docx_text(&out);
        assert!(text.contains(expected), "{name} lacks « {expected} »");
        for case in ["Jules-Ferry", "espaces verts"] {
            assert!(text.contains(case), "{name} lacks the case « {case} »");
        }
    }
    h.state_mut().queue(Command::ShowPage(Page::Quiz));
    h.run();
    let sheet = data.path().join("quiz.docx");
    dialogs.answer(Some(sheet.clone()));
    h.get_by_label("Exporter la feuille de quiz (DOCX)…")
        .click();
    h.run();
    let text = docx_text(&sheet);
    assert!(text.contains("Corrigé") && text.contains("Question 10 — "));
    assert!(!text.contains("Question 11 — "));
}

#[test]
fn a_long_case_fits_its_slides() {
    let (_data, _dialogs, mut h) = window();
    h.state_mut().trainer.select("renouvellement-urbain");
    h.state_mut().queue(Command::Present);
    h.run();
    let hours = slide_of(&h, SlideKind::Hours);
    for _ in 0..hours {
        press(&mut h, Key::ArrowRight);
    }
    let project = clausier::scenarios::find("renouvellement-urbain")
        .unwrap()
        .unwrap()
        .project;
    let with_clause = project
        .allotment
        .lots
        .iter()
        .filter(|l| l.insertion_clause.is_some())
        .count();
    let shown = clausier::training::deck::BARS_PER_SLIDE - 1;
    h.get_by_label(&format!("… et {} autres lots", with_clause - shown));
}
