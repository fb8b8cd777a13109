//! The command table seen by a user: the palette runs any command from the keyboard, the
//! help lists the real shortcuts, the menus show them.

use crate::common;

use clausier::ui::Page;
use common::ui::window;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

#[test]
fn the_palette_finds_a_command_by_a_few_letters_and_runs_it_with_enter() {
    let (_data, _dialogs, mut h) = window();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    assert!(h.query_by_label("Rechercher une commande").is_some());
    // The query field has the focus: typing goes into it at once.
    h.get_by_role_and_label(Role::TextInput, "Commande à rechercher :")
        .type_text("quiz");
    h.run();
    assert!(h.query_by_label("Exporter en DOCX…").is_none());
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().page, Page::Quiz);
    assert!(h.query_by_label("Rechercher une commande").is_none());
}

#[test]
fn the_palette_reaches_what_only_a_menu_offered_an_example_by_its_name() {
    let (_data, _dialogs, mut h) = window();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Commande à rechercher :")
        .type_text("exemple ecole");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(
        h.state().session.project.meta.title.contains("école"),
        "{}",
        h.state().session.project.meta.title
    );
}

#[test]
fn arrows_choose_among_the_matches_and_escape_closes() {
    let (_data, _dialogs, mut h) = window();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    // « étape » lists « Étape suivante » (there is no previous step yet), then the seven steps
    // in order: three times down reaches step 3.
    h.get_by_role_and_label(Role::TextInput, "Commande à rechercher :")
        .type_text("étape");
    h.run();
    for _ in 0..3 {
        h.key_press(Key::ArrowDown);
    }
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().step.title(), "Allotissement");

    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Rechercher une commande").is_none());
}

#[test]
fn f1_lists_the_shortcuts_of_the_table() {
    let (_data, _dialogs, mut h) = window();
    h.run();
    h.key_press(Key::F1);
    h.run();
    // A getting-started guide first, pointing to the README's sections…
    h.get_by_label("Bien démarrer");
    h.get_by_label_contains("Appliquer à tous les lots");
    h.get_by_label_contains("« L’assistant en fenêtre »");
    // …then the shortcuts, with the F1 line of the table itself.
    assert_eq!(
        h.query_all_by_label("Aide et raccourcis clavier").count(),
        1
    );
    for keys in [
        "Ctrl+Maj+S",
        "Ctrl+K ou Ctrl+Maj+P",
        "Alt+flèche droite",
        "Ctrl+Y ou Ctrl+Maj+Z",
    ] {
        assert_eq!(
            h.query_all_by_label(keys).count(),
            1,
            "{keys} should be listed once in the help"
        );
    }
}

#[test]
fn the_menus_show_the_shortcut_of_each_entry() {
    let (_data, _dialogs, mut h) = window();
    h.run();
    h.get_by_label("Fichier").click();
    h.run();
    assert!(h.query_by_label_contains("Enregistrer sous…").is_some());
    assert!(h.query_by_label_contains("Ctrl+Maj+S").is_some());
    h.key_press(Key::Escape);
    h.run();
    h.get_by_label("Affichage").click();
    h.run();
    h.get_by_label_contains("Zoom avant").click();
    h.run_steps(10);
    assert!(h.state().prefs.zoom > 1.0);
}
