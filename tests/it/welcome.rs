//! The first start greets the user with the ways to begin, not with the errors of an empty
//! form.

use crate::common;

use clausier::ui::Command;
use common::ui::window;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};

#[test]
fn the_first_start_greets_without_red_errors() {
    let (_data, _dialogs, mut h) = window();
    h.run();
    h.get_by_label("Bienvenue dans Clausier");
    h.get_by_label("Nouveau projet");
    h.get_by_label("Ouvrir un projet…");
    assert_eq!(
        h.query_all_by_label_contains("Erreur :").count(),
        0,
        "no error is shown before the user types anything"
    );
    assert!(h.query_by_label_contains("0 erreur").is_none());

    // « Nouveau projet » puts the caret in the first field; typing ends the welcome and the
    // findings appear.
    h.get_by_label("Nouveau projet").click();
    h.run();
    assert!(h
        .get_by_role_and_label(Role::TextInput, "Acheteur")
        .is_focused());
    h.get_by_role_and_label(Role::TextInput, "Acheteur")
        .type_text("Commune de Valmont");
    h.run();
    assert!(h.query_by_label("Bienvenue dans Clausier").is_none());
    assert!(h.query_all_by_label_contains("Erreur :").count() > 0);
}

#[test]
fn an_example_opens_from_the_welcome() {
    let (_data, _dialogs, mut h) = window();
    h.run();
    h.get_by_label("Ouvrir un exemple").click();
    h.run();
    let title = clausier::scenarios::bundled().unwrap()[0]
        .title()
        .to_string();
    h.get_by_label(&title).click();
    h.run();
    assert!(!h.state().session.project.allotment.lots.is_empty());
    assert!(h.query_by_label("Bienvenue dans Clausier").is_none());
}

/// A new project starts from the organisation's part of the last project saved (the buyer,
/// the author, the facilitator), kept across restarts; nothing of the purchase is carried
/// over, and an example opened without being saved teaches nothing.
fn open_example(h: &mut common::ui::Window, id: &str) {
    h.state_mut().queue(Command::OpenScenario(id.into()));
    h.run();
}

/// Ctrl+S, the dialog answering `path`.
fn save_as(
    h: &mut common::ui::Window,
    dialogs: &clausier::ui::FakeDialogs,
    path: &std::path::Path,
) {
    dialogs.answer(Some(path.to_path_buf()));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(path.exists(), "{}", path.display());
}

#[test]
fn a_new_project_takes_the_buyer_and_facilitator_of_the_last_project_saved() {
    let (data, dialogs, mut h) = window();
    h.run();
    open_example(&mut h, "renovation-ecole");
    // The buyer's own project: an example's fictional buyer would teach nothing.
    h.state_mut().session.project.meta.buyer.name = "Communauté de communes du Val d’Ouche".into();
    let saved = h.state().session.project.clone();
    assert!(saved.facilitator.is_some());
    save_as(&mut h, &dialogs, &data.path().join("ecole.ron"));
    // Another example, opened and left unsaved.
    open_example(&mut h, "fournitures-bureau");
    assert_ne!(h.state().session.project.meta.buyer, saved.meta.buyer);
    drop(h);

    // The next day, the window opens on the organisation's new project, under the welcome;
    // its « Nouveau projet » gives the same.
    let mut h = common::ui::app(data.path(), &dialogs);
    h.run();
    assert_eq!(h.state().session.project.meta.buyer, saved.meta.buyer);
    h.get_by_label("Bienvenue dans Clausier");
    assert!(h
        .get_by_role_and_label(Role::TextInput, "Objet de l’achat")
        .is_focused());
    h.get_by_label("Nouveau projet").click();
    h.run();
    h.run();
    let project = &h.state().session.project;
    assert_eq!(project.meta.buyer, saved.meta.buyer);
    assert_eq!(project.meta.author, saved.meta.author);
    assert_eq!(project.facilitator, saved.facilitator);
    let blank = clausier::model::Project::blank();
    assert_eq!(project.purchase, blank.purchase);
    assert_eq!(project.allotment, blank.allotment);
    assert_eq!(project.environment, blank.environment);
    assert!(h.state().session.path.is_none());
    // The form shows the buyer; the caret waits in the purchase's object.
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Acheteur")
            .accesskit_node()
            .value()
            .as_deref(),
        Some(saved.meta.buyer.name.as_str())
    );
    assert!(h
        .get_by_role_and_label(Role::TextInput, "Objet de l’achat")
        .is_focused());
    let (status, is_error) = h.state().status.clone().unwrap();
    assert!(!is_error);
    assert!(
        status.contains(&saved.meta.buyer.name)
            && status.contains("facilitateur")
            && status.contains("repris du dernier projet enregistré"),
        "{status}"
    );
    // Nothing typed yet: closing asks nothing, and the form's errors wait for the first
    // value typed.
    assert!(!h.state().session.is_dirty());
    assert_eq!(h.query_all_by_label_contains("Erreur\u{a0}:").count(), 0);
    h.get_by_role_and_label(Role::TextInput, "Objet de l’achat")
        .type_text("Réfection de la toiture de la médiathèque");
    h.run();
    assert!(h.query_all_by_label_contains("Erreur\u{a0}:").count() > 0);
    assert!(h.query_by_label("Bienvenue dans Clausier").is_none());
}

/// A copy of a training example saved during a session does not become the organisation's
/// defaults: its buyer is fictional.
#[test]
fn a_saved_example_does_not_become_the_organisation() {
    let (data, dialogs, mut h) = window();
    h.run();
    open_example(&mut h, "renovation-ecole");
    save_as(&mut h, &dialogs, &data.path().join("copie.ron"));
    assert_eq!(h.state().prefs.house, None);
    h.state_mut().queue(Command::New);
    h.run();
    assert_eq!(h.state().session.project, clausier::model::Project::blank());
}
