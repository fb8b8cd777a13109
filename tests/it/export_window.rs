//! The export choices of step 7 in the window, as a user drives them: the piece and the first
//! article number (kept in the project), the export of one piece, and « Exporter dans mon
//! modèle… » with the model remembered by the project.

use crate::common;

use common::docx::{docx_part, docx_text};
use common::ui::{click, window};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};

fn type_into(h: &mut common::ui::Window, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label)
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

fn menu(h: &mut common::ui::Window, item: &str) {
    h.get_by_label("Fichier").click();
    h.run();
    // The menu entry comes first (step 7 has a button of the same name).
    h.query_all_by_label_contains(item).next().unwrap().click();
    h.run();
}

#[test]
fn step_7_exports_the_chosen_piece_numbered_from_the_chosen_article() {
    let (_data, dialogs, mut h) = window();
    let work = tempfile::tempdir().unwrap();
    let project_file = work.path().join("ecole.ron");
    std::fs::copy(common::scenario_path("renovation-ecole"), &project_file).unwrap();
    h.state_mut().open_path(&project_file);
    h.run();
    click(&mut h, "7. Vérifier et générer");

    h.get_by_role_and_label(Role::ComboBox, "Pièce à exporter")
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "Pièce à exporter")
        .click();
    h.run();
    h.get_by_label("CCAP").click();
    h.run();
    type_into(&mut h, "Numéro du premier article (RC et CCAP)", "7");
    h.run();
    let output = &h.state().session.project.output;
    assert_eq!(output.extract, clausier::model::Extract::Ccap);
    assert_eq!(output.first_article, 7);

    let out = work.path().join("ccap.docx");
    dialogs.answer(Some(out.clone()));
    click(&mut h, "Exporter la section en DOCX…");
    let text = docx_text(&out);
    assert!(text.contains("Maintien des conditions de la réservation"));
    assert!(
        !text.contains("Candidatures en groupement"),
        "no RC article"
    );
    assert!(!text.contains("Relevé des décisions"), "no internal note");
    let numbering = docx_part(&out, "word/numbering.xml");
    assert!(numbering.contains("Article %1 –"));
    assert!(numbering.contains("<w:startOverride w:val=\"7\""));
}

#[test]
fn the_buyers_model_is_filled_from_the_window_and_remembered_by_the_project() {
    let (_data, dialogs, mut h) = window();
    let work = tempfile::tempdir().unwrap();
    let project_file = work.path().join("ecole.ron");
    std::fs::copy(common::scenario_path("renovation-ecole"), &project_file).unwrap();
    let model = work.path().join("modele-rc.docx");
    std::fs::copy(
        common::root().join("tests/fixtures/modele-rc-commune.docx"),
        &model,
    )
    .unwrap();
    h.state_mut().open_path(&project_file);
    h.run();

    let out = work.path().join("rc-complete.docx");
    dialogs.answer(Some(model.clone()));
    dialogs.answer(Some(out.clone()));
    menu(&mut h, "Exporter dans mon modèle…");
    let text = docx_text(&out);
    assert!(text.contains("Article 1 – Objet et étendue de la consultation"));
    assert!(text.contains("Allotissement"));
    assert!(!text.contains("[[clausier:"));
    assert!(h.query_by_label_contains("Modèle complété").is_some());
    // The project keeps the first number 1: the articles follow the model's two own ones.
    assert!(h
        .query_by_label_contains("articles du RC numérotés à partir de 3")
        .is_some());
    assert!(docx_part(&out, "word/numbering.xml").contains("<w:startOverride w:val=\"3\""));

    // The project remembers its model, through a save and a new opening.
    assert_eq!(
        h.state().session.project.output.model.as_deref(),
        Some(model.display().to_string().as_str())
    );
    h.state_mut().session.save_to(&project_file, true).unwrap();
    let saved = clausier::model::load_project(&project_file).unwrap();
    assert_eq!(saved.output.model, Some(model.display().to_string()));
    click(&mut h, "7. Vérifier et générer");
    h.get_by_label_contains("Dernier modèle utilisé");

    // A model without placeholder: refused, said in the status line, nothing written.
    let plain = work.path().join("plain.docx");
    std::fs::write(
        &plain,
        clausier::export::docx::to_docx(&common::pipeline(&saved).1).unwrap(),
    )
    .unwrap();
    let refused = work.path().join("refused.docx");
    dialogs.answer(Some(plain));
    dialogs.answer(Some(refused.clone()));
    menu(&mut h, "Exporter dans mon modèle…");
    assert!(!refused.exists());
    assert!(h
        .query_by_label_contains("ne contient aucun repère Clausier")
        .is_some());
}

/// A piece that no clause reaches (the office supplies' CCAP, whose one CCAP clause the
/// organisation's wording leaves out): step 7 says so, and the export shortcut refuses it
/// with that reason before any file name is asked for; nothing is written.
#[test]
fn an_empty_piece_is_refused_before_a_file_name_is_asked() {
    let (_data, dialogs, mut h) = window();
    let work = tempfile::tempdir().unwrap();
    let templates = common::clauses_emptying_the_office_supplies_ccap(work.path());
    let project_file = work.path().join("fournitures.ron");
    std::fs::copy(common::scenario_path("fournitures-bureau"), &project_file).unwrap();
    h.state_mut().open_path(&project_file);
    h.state_mut().session.reload_library(Some(&templates));
    h.state_mut().session.project.output.extract = clausier::model::Extract::Ccap;
    h.run();
    click(&mut h, "7. Vérifier et générer");
    h.get_by_label_contains("est vide pour ce projet");
    let button = h.get_by_label("Exporter la section en DOCX…");
    assert!(button.accesskit_node().is_disabled());

    let out = work.path().join("ccap.docx");
    dialogs.answer(Some(out.clone()));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    let (status, is_error) = h.state().status.clone().unwrap();
    assert!(is_error, "{status}");
    assert!(status.contains("Export impossible"), "{status}");
    assert!(status.contains("est vide pour ce projet"), "{status}");
    assert!(!out.exists());
    // The answer prepared for the file dialog is still there: no name was asked for.
    assert_eq!(dialogs.answers.borrow().len(), 1);
}

/// « Comparer avec une version… » writes the piece chosen in step 7 with Word tracked changes
/// against the earlier file: here the CCAP after a lot's title changed.
#[test]
fn the_comparison_from_the_window_holds_the_chosen_piece_with_its_changes() {
    let (_data, dialogs, mut h) = window();
    let work = tempfile::tempdir().unwrap();
    let old = work.path().join("ecole-v1.ron");
    std::fs::copy(common::scenario_path("renovation-ecole"), &old).unwrap();
    h.state_mut().open_path(&old);
    h.run();
    let title = {
        let project = &mut h.state_mut().session.project;
        project.output.extract = clausier::model::Extract::Ccap;
        project.allotment.lots[0].title.push_str(" et désamiantage");
        project.allotment.lots[0].title.clone()
    };
    h.run();

    let out = work.path().join("ccap-modifications.docx");
    dialogs.answer(Some(old.clone()));
    dialogs.answer(Some(out.clone()));
    menu(&mut h, "Comparer avec une version");
    let (status, is_error) = h.state().status.clone().unwrap();
    assert!(!is_error, "{status}");
    let xml = docx_part(&out, "word/document.xml");
    assert!(xml.contains("<w:ins "), "no insertion marked");
    assert!(xml.contains("w:author=\"Clausier\""));
    let text = docx_text(&out);
    assert!(
        text.contains(&title) || text.contains("désamiantage"),
        "{title}"
    );
    assert!(
        !text.contains("Candidatures en groupement"),
        "no RC article in the CCAP"
    );
}

/// After an export to a deep folder, with a long message beside it, the status bar still shows
/// « Ouvrir le document » and « Ouvrir le dossier » inside the window; the message is cut, and
/// given whole on hover.
#[test]
fn the_open_buttons_stay_in_the_window_whatever_the_length_of_the_status() {
    let (data, _dialogs, mut h) = window();
    let deep = data
        .path()
        .join("Marchés publics 2027/Direction des services techniques/Bâtiments scolaires/Consultation 2027-TRX-004 rénovation énergétique");
    let out = deep.join("section-allotissement-marches-reserves-clauses-sociales.docx");
    h.state_mut().session.path =
        Some(deep.join("projet-renovation-energetique-ecole-jules-ferry.ron"));
    h.state_mut().last_export = Some(out.clone());
    h.state_mut().status = Some((format!("Section exportée : {}", out.display()), false));
    h.run();
    let width = h.ctx.content_rect().width();
    for button in ["Ouvrir le document", "Ouvrir le dossier"] {
        let rect = h.get_by_label(button).rect();
        assert!(
            rect.left() >= 0.0 && rect.right() <= width,
            "« {button} » at {rect:?}, window {width} wide"
        );
    }
    // The message starts in the window, after the project's path cut short.
    let message = h.get_by_label_contains("Section exportée").rect();
    assert!(message.left() < width * 0.6, "message at {message:?}");
    assert!(message.right() <= width);
}
