//! Nothing typed is lost, in the window: the recovery copy while the user keeps typing, one
//! copy per window, none after a clean quit, a save that notices another program's edit, and
//! a path chooser of the window's own where the system has no file dialog (kittest).

use crate::common;

use common::ui::{app, click, window};

use clausier::ui::{ClausierApp, Command, FakeDialogs};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use std::path::{Path, PathBuf};

type Window = Harness<'static, ClausierApp>;

fn focus(h: &mut Window, label: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press(egui::Key::End);
    h.run();
}

/// Types one character a frame, a frame being a quarter of a second for the harness: a
/// user who never pauses.
fn type_steadily(h: &mut Window, text: &str) {
    for c in text.chars() {
        h.event(egui::Event::Text(c.to_string()));
        h.step();
    }
}

/// The recovery copies in a data folder.
fn copies(data: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(data.join("recuperation"))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .collect()
        })
        .unwrap_or_default()
}

fn copy_text(data: &Path) -> String {
    copies(data)
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

fn saved_project(folder: &Path, name: &str, buyer: &str) -> PathBuf {
    let mut project = clausier::model::Project::blank();
    project.meta.buyer.name = buyer.into();
    let path = folder.join(name);
    clausier::model::save_project(&project, &path).unwrap();
    path
}

#[test]
fn a_copy_is_written_while_the_user_keeps_typing_and_offered_after_a_crash() {
    let data = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    {
        let mut h = app(data.path(), &dialogs);
        h.run();
        focus(&mut h, "Acheteur");
        // Three seconds of steady typing, no pause: the copy must not wait for one.
        type_steadily(&mut h, "Ville de Saint-Aubin");
        assert!(!copies(data.path()).is_empty(), "no copy while typing");
        let written = copy_text(data.path());
        let typed = h.state().session.project.meta.buyer.name.clone();
        // At most the last two seconds (eight characters at this pace) are missing.
        let kept = typed
            .char_indices()
            .map(|(i, _)| &typed[..i])
            .rfind(|prefix| written.contains(&format!("name: \"{prefix}\"")))
            .unwrap_or("");
        assert!(
            typed.chars().count() - kept.chars().count() <= 8,
            "copy holds {kept:?} of {typed:?}"
        );
        // Dropped without closing: the process "crashed".
    }
    let mut h = app(data.path(), &dialogs);
    h.run();
    assert!(h.query_by_label("Récupération du travail").is_some());
    assert!(
        h.query_by_label_contains("Copie faite le ").is_some(),
        "the dialog says when the copy was made"
    );
    click(&mut h, "Restaurer");
    assert!(h
        .state()
        .session
        .project
        .meta
        .buyer
        .name
        .starts_with("Ville de"));
}

#[test]
fn two_windows_never_see_or_remove_each_others_copy() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let project_a = saved_project(files.path(), "a.ron", "Ville A");
    let project_b = saved_project(files.path(), "b.ron", "Ville B");
    let dialogs = FakeDialogs::default();
    let mut a = app(data.path(), &dialogs);
    a.state_mut().queue(Command::OpenPath(project_a.clone()));
    a.run();
    focus(&mut a, "Acheteur");
    type_steadily(&mut a, " TRAVAILDEA");
    for _ in 0..12 {
        a.step();
    }
    assert!(copy_text(data.path()).contains("TRAVAILDEA"));

    // B starts while A runs: A's live work is not a crash to offer.
    let mut b = app(data.path(), &dialogs);
    b.run();
    assert!(b.query_by_label("Récupération du travail").is_none());
    b.state_mut().queue(Command::OpenPath(project_b));
    b.run();
    // B quits cleanly, with nothing to save: A's copy stays. (A closing window keeps
    // asking to close: frames are stepped, not run to rest.)
    b.state_mut().queue(Command::Quit);
    b.step();
    b.step();
    drop(b);
    assert!(copy_text(data.path()).contains("TRAVAILDEA"));

    // A crashes: the next window offers A's work, with its file.
    drop(a);
    let mut c = app(data.path(), &dialogs);
    c.run();
    assert!(c.query_by_label("Récupération du travail").is_some());
    let origin = format!("Fichier d’origine : {}", project_a.display());
    assert!(
        c.query_by_label(&origin).is_some(),
        "absolute original path"
    );
    click(&mut c, "Restaurer");
    assert_eq!(c.state().session.path.as_deref(), Some(project_a.as_path()));
    c.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    c.run();
    let saved = clausier::model::load_project(&project_a).unwrap();
    assert_eq!(saved.meta.buyer.name, "Ville A TRAVAILDEA");
    assert!(copies(data.path()).is_empty(), "saved: no copy left");
}

#[test]
fn quitting_without_saving_leaves_no_copy() {
    let (data, _dialogs, mut h) = window();
    h.run();
    focus(&mut h, "Acheteur");
    type_steadily(&mut h, "Ville abandonnée");
    for _ in 0..12 {
        h.step();
    }
    assert!(!copies(data.path()).is_empty(), "a copy while working");
    h.state_mut().queue(Command::Quit);
    h.run();
    h.get_by_label("Ne pas enregistrer").click();
    for _ in 0..12 {
        h.step();
    }
    assert!(
        copies(data.path()).is_empty(),
        "quit without saving: {:?}",
        copies(data.path())
    );
    drop(h);
    let mut next = app(data.path(), &FakeDialogs::default());
    next.run();
    assert!(next.query_by_label("Récupération du travail").is_none());
}

#[test]
fn saving_over_a_file_changed_elsewhere_asks_first() {
    let (data, _dialogs, mut h) = window();
    let path = saved_project(data.path(), "p.ron", "Commune de Saint-Aubin-sur-Loire");
    h.state_mut().queue(Command::OpenPath(path.clone()));
    h.run();
    // A colleague edits the file meanwhile.
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Commune de Saint-Aubin-sur-Loire", "MODIF-EXTERNE-COLLEGUE");
    std::fs::write(&path, &theirs).unwrap();
    focus(&mut h, "Intitulé du projet");
    type_steadily(&mut h, "Gymnase");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(h.query_by_label("Fichier modifié par ailleurs").is_some());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs, "not yet");
    click(&mut h, "Annuler");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs, "cancelled");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    click(&mut h, "Remplacer le fichier");
    let saved = clausier::model::load_project(&path).unwrap();
    assert_eq!(saved.meta.title, "Gymnase");
    let backup = std::fs::read_to_string(data.path().join("p.ron.bak")).unwrap();
    assert!(
        backup.contains("MODIF-EXTERNE-COLLEGUE"),
        "their edit kept in .bak"
    );
    assert!(!h.state().session.is_dirty());

    // Once saved, the next save goes through without a question.
    focus(&mut h, "Intitulé du projet");
    type_steadily(&mut h, " B");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(h.query_by_label("Fichier modifié par ailleurs").is_none());
    assert_eq!(
        clausier::model::load_project(&path).unwrap().meta.title,
        "Gymnase B"
    );
}

#[test]
fn without_a_system_dialog_the_window_asks_for_the_path_itself() {
    let (data, dialogs, mut h) = window();
    dialogs.make_unavailable();
    h.state_mut()
        .queue(Command::OpenScenario("renovation-ecole".into()));
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(h
        .query_by_label_contains("ne propose pas de fenêtre de choix de fichier")
        .is_some());
    let folder = h.get_by_role_and_label(Role::TextInput, "Dossier");
    folder.focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "Dossier")
        .type_text(&data.path().display().to_string());
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Nom du fichier")
        .focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "Nom du fichier")
        .type_text("ecole");
    h.run();
    click(&mut h, "Enregistrer");
    let saved = data.path().join("ecole.clausier.ron");
    assert!(saved.is_file(), "status: {:?}", h.state().status);
    assert!(!h.state().session.is_dirty());

    // Saving as an existing file asks first, as a system dialog does.
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Nom du fichier")
        .focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "Nom du fichier")
        .type_text("ecole.clausier.ron");
    h.run();
    click(&mut h, "Enregistrer");
    assert!(h
        .query_by_label_contains("existe déjà : cliquez de nouveau")
        .is_some());
    click(&mut h, "Enregistrer");
    assert!(h.query_by_label_contains("existe déjà").is_none());
    assert!(h
        .state()
        .status
        .as_ref()
        .is_some_and(|(text, _)| text.starts_with("Projet enregistré")));

    // Export: the same chooser, the folder of the project already filled in.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Nom du fichier")
        .focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "Nom du fichier")
        .type_text("section");
    h.run();
    // Enter in the file name confirms, as in a system dialog.
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(
        data.path().join("section.docx").is_file(),
        "status: {:?}",
        h.state().status
    );
}

#[test]
fn text_pasted_from_word_is_cleaned_before_it_is_saved() {
    let (data, dialogs, mut h) = window();
    h.run();
    focus(&mut h, "Référence de la consultation");
    h.event(egui::Event::Paste(
        "2027-TRX-004COLLE\u{b}LIGNE\u{c}PAGE\u{1}FIN".into(),
    ));
    h.run();
    assert_eq!(
        h.state().session.project.meta.reference,
        "2027-TRX-004COLLE LIGNE PAGEFIN"
    );
    let path = data.path().join("p.ron");
    dialogs.answer(Some(path.clone()));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("COLLE LIGNE PAGEFIN"), "{text}");
}

#[test]
fn a_title_of_a_megabyte_is_shown_shortened_and_can_be_cut() {
    let (data, _dialogs, mut h) = window();
    let mut project = clausier::model::Project::blank();
    project.meta.title = "A".repeat(1_000_000);
    let path = data.path().join("long.ron");
    clausier::model::save_project(&project, &path).unwrap();
    h.state_mut().queue(Command::OpenPath(path));
    h.run();
    assert!(h
        .query_all_by_label_contains(
            "texte trop long pour être affiché en entier : 1\u{202f}000\u{202f}000 caractères"
        )
        .next()
        .is_some());
    // The project's title is among the optional details, below the fields to fill.
    h.get_by_label("Raccourcir à 20\u{202f}000 caractères")
        .scroll_to_me();
    h.run();
    h.get_by_label("Raccourcir à 20\u{202f}000 caractères")
        .click();
    // The form's grid measures its new content over a few frames.
    h.run_steps(10);
    assert_eq!(h.state().session.project.meta.title.len(), 20_000);
    assert!(
        h.query_by_role_and_label(Role::TextInput, "Intitulé du projet")
            .is_some(),
        "editable again"
    );
}
