//! Dialogs that let the keyboard out: Escape cancels the unsaved-changes question.

use crate::common;

use common::ui::window;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

#[test]
fn escape_cancels_the_unsaved_changes_question() {
    let (_data, _dialogs, mut h) = window();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Intitulé du projet")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Intitulé du projet")
        .type_text("Gymnase");
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    h.get_by_label("Modifications non enregistrées");
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_by_label("Modifications non enregistrées").is_none());
    assert_eq!(h.state().session.project.meta.title, "Gymnase");
}
