//! The organisation's clause folder as a buyer uses it from the window: chosen in the clause
//! library view, its wording shown and used at once, a broken file reported while the bundled
//! clause stays, a change on disk picked up by « Recharger » without restarting; and the
//! facilitator's brief exported from the menu's shortcut.

use crate::common;

use common::ui::{app, section_text, window};

use clausier::ui::{Command, FakeDialogs, Page};
use egui_kittest::kittest::Queryable;

fn override_file(body: &str) -> String {
    format!(
        r#"[(id: "rc.groupements", title: "Groupements (rédaction maison)", piece: Rc, order: 500, scope: Once, trigger: "Toujours.", explanation: "Notre rédaction.", variables: ["buyer"], body: "{body}")]"#
    )
}

#[test]
fn an_organisation_folder_replaces_a_clause_and_reloads_without_restart() {
    let data = tempfile::tempdir().unwrap();
    let folder = data.path().join("clauses-maison");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("groupements.ron"),
        override_file("Première rédaction propre à {{ buyer.name }}."),
    )
    .unwrap();
    std::fs::write(folder.join("casse.ron"), "[(id: \"x\", title: ").unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = app(data.path(), &dialogs);
    h.state_mut()
        .queue(Command::OpenScenario("espaces-verts".into()));
    h.run();
    assert!(!section_text(&h).contains("Première rédaction"));

    h.get_by_label("Bibliothèque de clauses").click();
    h.run();
    assert_eq!(h.state().page, Page::Clauses);
    dialogs.answer(Some(folder.clone()));
    h.get_by_label("Choisir un dossier…").click();
    h.run();
    h.run();
    assert_eq!(
        h.state().prefs.templates_dir.as_deref(),
        Some(folder.as_path())
    );
    // The replaced clause is marked, the broken file is named, the text uses the new wording.
    h.get_by_label("Groupements (rédaction maison) (organisation)");
    h.get_by_label_contains("casse.ron");
    assert!(section_text(&h).contains("Première rédaction propre à"));
    h.get_by_label_contains("1 clause de l'organisation");

    // Edited on disk while the app runs, picked up by « Recharger ».
    std::fs::write(
        folder.join("groupements.ron"),
        override_file("Seconde rédaction propre à {{ buyer.name }}."),
    )
    .unwrap();
    h.get_by_label("Recharger les clauses").click();
    h.run();
    h.run();
    assert!(section_text(&h).contains("Seconde rédaction propre à"));

    // Details of a clause: legal basis and explanation.
    h.get_by_label("Groupements (rédaction maison) (organisation)")
        .click();
    h.run();
    h.get_by_label("Notre rédaction.");

    h.get_by_label("Revenir aux clauses fournies").click();
    h.run();
    h.run();
    assert!(h.state().prefs.templates_dir.is_none());
    assert!(!section_text(&h).contains("rédaction propre à"));
}

#[test]
fn the_brief_is_exported_from_its_shortcut_and_refused_without_a_clause() {
    let (data, dialogs, mut h) = window();
    h.state_mut()
        .queue(Command::OpenScenario("renovation-ecole".into()));
    h.run();
    let out = data.path().join("fiche.docx");
    dialogs.answer(Some(out.clone()));
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::E,
    );
    h.run();
    let bytes = std::fs::read(&out).expect("brief written");
    assert_eq!(&bytes[..2], b"PK");
    let status = h.state().status.clone().unwrap();
    assert!(
        status.0.contains("Fiche du facilitateur exportée"),
        "{status:?}"
    );

    // An example opened unsaved would ask about unsaved changes first: start afresh.
    let mut h = app(data.path(), &dialogs);
    h.state_mut()
        .queue(Command::OpenScenario("mediation-culturelle".into()));
    h.run();
    h.state_mut().queue(Command::ExportBrief);
    h.run();
    let status = h.state().status.clone().unwrap();
    assert!(
        status.1
            && status
                .0
                .contains("Aucun lot ne comporte de clause d’insertion")
    );
}

#[test]
fn an_organisation_clause_that_fails_for_the_project_is_replaced_and_said_in_the_preview() {
    let data = tempfile::tempdir().unwrap();
    let folder = data.path().join("clauses-maison");
    std::fs::create_dir(&folder).unwrap();
    // Compiles, but this project has no lot 999: the rendering fails.
    std::fs::write(
        folder.join("groupements.ron"),
        override_file("Rédaction maison : {{ buyer.lots[999].title }}."),
    )
    .unwrap();
    let dialogs = FakeDialogs::default();
    let mut h = app(data.path(), &dialogs);
    h.state_mut()
        .queue(Command::OpenScenario("espaces-verts".into()));
    h.run();
    dialogs.answer(Some(folder.clone()));
    h.state_mut().queue(Command::ChooseTemplatesDir);
    h.run();
    h.run();
    let text = section_text(&h);
    assert!(!text.contains("Rédaction maison"));
    assert!(
        text.contains("Candidatures en groupement"),
        "the bundled clause stands in"
    );
    h.get_by_label_contains("Clause de l’organisation non utilisée pour ce projet");
    h.get_by_label_contains("groupements.ron");
}
