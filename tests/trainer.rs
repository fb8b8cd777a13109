//! Trainer mode driven as a trainer would: pick a case, hand out its DOCX, present it from the
//! keyboard and change a lever live, compare two choices, run the quiz to its score.

mod common;

use common::ui::{docx_text, window};

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
    h.get_by_label("Formation : scénarios").click();
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
    for part in [
        "Le cas",
        "Les choix de l'acheteur",
        "Ce qu'il faut retenir",
        "Idées reçues",
        "Questions pour la discussion",
    ] {
        assert!(text.contains(part), "handout lacks « {part} »");
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
    h.get_by_label(project.meta.title.as_str());
    // Case, goals, three « what the law says » slides, then « Et si… ? ».
    for _ in 0..5 {
        press(&mut h, Key::ArrowRight);
    }
    assert_eq!(h.state().trainer.slide, 5);
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
    // A single contract: the unjustified decision not to allot appears as an error.
    press(&mut h, Key::A);
    h.run();
    assert!(h.state().trainer.what_if.single_contract);
    h.get_by_label_contains("Erreurs : 0 avant, ");
    assert!(h
        .get_all_by_label_contains("Nouveau constat (erreur)")
        .next()
        .is_some());
    press(&mut h, Key::End);
    assert_eq!(h.state().trainer.slide, 8);
    press(&mut h, Key::Escape);
    assert_eq!(h.state().page, Page::Scenarios);
}

#[test]
fn the_comparison_marks_what_a_single_contract_changes() {
    let (_data, _dialogs, mut h) = window();
    h.state_mut().trainer.select("renovation-ecole");
    h.state_mut().queue(Command::ShowPage(Page::Compare));
    h.run();
    h.get_by_label("Aucun changement : choisissez un autre levier pour un lot, ou un marché unique, pour voir ce qui change.");
    h.get_by_label("Ne pas allotir : un marché unique").click();
    h.run();
    h.run();
    assert!(h
        .get_all_by_label_contains("Apparaît — Erreur")
        .next()
        .is_some());
    let changed = label_containing(&h, "Texte de la section :");
    assert!(!changed.contains(": 0 paragraphe"), "{changed}");
    h.get_by_label("Revenir au cas tel que conçu").click();
    h.run();
    assert!(h.state().trainer.what_if.is_empty());
}

#[test]
fn the_quiz_runs_one_question_at_a_time_to_its_score() {
    let (_data, _dialogs, mut h) = window();
    h.state_mut().queue(Command::ShowPage(Page::Quiz));
    h.run();
    let quiz = clausier::training::quiz::bundled().unwrap();
    let first = &quiz.questions[0];
    h.get_by_label(first.statement.as_str());
    // Always the first choice: the expected score is known in advance.
    let mut expected = 0;
    for q in &quiz.questions {
        press(&mut h, Key::Num1);
        h.get_by_label_contains(q.explanation.trim().split('.').next().unwrap());
        if q.answer.correct_index() == 0 {
            expected += 1;
            h.get_by_label("Bonne réponse.");
        } else {
            h.get_by_label_contains("Réponse attendue :");
        }
        press(&mut h, Key::Enter);
    }
    h.get_by_label(&format!("Score : {expected} / {}", quiz.questions.len()));
    h.get_by_label("Recommencer le quiz").click();
    h.run();
    h.get_by_label(first.statement.as_str());
}

#[test]
fn a_long_case_fits_its_slides() {
    let (_data, _dialogs, mut h) = window();
    h.state_mut().trainer.select("renouvellement-urbain");
    h.state_mut().queue(Command::Present);
    h.run();
    // Slide 5: the insertion clauses, a line per lot with hours, capped.
    for _ in 0..4 {
        press(&mut h, Key::ArrowRight);
    }
    assert_eq!(h.state().trainer.slide, 4);
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
    h.get_by_label(&format!("• … et {} autres lots", with_clause - 8));
}
