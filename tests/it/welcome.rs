//! The first start greets the user with the ways to begin, not with the errors of an empty
//! form.

use crate::common;

use common::ui::window;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

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
