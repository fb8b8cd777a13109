//! The « Programme d'achats » and « Indicateurs » views driven as a user would: reached from
//! the navigator and the Tools menu, a file imported through the dialog, lines filtered and
//! grouped, a line opened as a project, the reports exported.

use crate::common;

use common::ui::window;
use egui_kittest::kittest::Queryable;

fn root() -> std::path::PathBuf {
    common::root()
}

#[test]
fn a_programme_is_imported_filtered_grouped_opened_as_a_project_and_exported() {
    let (_data, dialogs, mut h) = window();
    h.get_by_label("Programme d’achats").click();
    h.run();
    h.get_by_label_contains("Colonnes reconnues, quels que soient la casse");

    dialogs.answer(Some(root().join("docs/exemples/programme-exemple.csv")));
    h.get_by_label("Importer un programme…").click();
    h.run();
    h.get_by_label_contains("20 lignes lues : 18 achats");
    h.get_by_label_contains("Nettoyage des écoles et gymnases");
    assert!(h.query_all_by_label("Créer le projet").next().is_some());

    // Only the lines to correct.
    h.state_mut().programme.shown = clausier::ui::programme::Shown::Errors;
    h.run();
    assert!(h
        .query_by_label_contains("Nettoyage des écoles et gymnases")
        .is_none());
    h.get_by_label_contains("nature « Maintenance » inconnue");
    // Grouped by service, searching for « écoles ».
    h.state_mut().programme.shown = clausier::ui::programme::Shown::All;
    h.state_mut().programme.grouping = clausier::ui::programme::Grouping::Service;
    h.get_by_role(egui::accesskit::Role::TextInput).click();
    h.run();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("écoles");
    h.run();
    h.get_by_label_contains("Éducation — 1 ligne");
    h.get_by_label_contains("Patrimoine — 2 lignes");
    assert!(h.query_by_label_contains("Gardiennage").is_none());

    // The report, in both formats.
    let out = tempfile::tempdir().unwrap();
    let docx = out.path().join("programme.docx");
    dialogs.answer(Some(docx.clone()));
    h.get_by_label("Exporter le rapport (DOCX)…").click();
    h.run();
    assert!(common::docx::docx_text(&docx).contains("Programme d'achats"));
    let xlsx = out.path().join("programme.xlsx");
    dialogs.answer(Some(xlsx.clone()));
    h.get_by_label("Exporter le tableau (XLSX)…").click();
    h.run();
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));

    // « Créer le projet » on the first line shown: the wizard, pre-filled, not saved.
    h.query_all_by_label("Créer le projet")
        .next()
        .unwrap()
        .click();
    h.run();
    h.run();
    let app = h.state();
    assert_eq!(app.page, clausier::ui::Page::Wizard);
    let project = &app.session.project;
    assert_eq!(project.meta.title, "Nettoyage des écoles et gymnases");
    assert_eq!(project.purchase.amount_cents, 48_000_000);
    assert_eq!(project.purchase.duration_months, 36);
    assert_eq!(
        project.allotment.lots[0].trade.as_deref(),
        Some("nettoyage")
    );
    assert!(app.session.path.is_none());
    assert!(app.session.is_dirty());
}

#[test]
fn the_indicators_view_imports_decp_sets_a_target_and_exports_the_report_with_its_chart() {
    let (_data, dialogs, mut h) = window();
    h.get_by_label("Outils").click();
    h.run();
    h.get_by_label_contains("Indicateurs des achats responsables")
        .click();
    h.run();
    dialogs.answer(Some(root().join("docs/exemples/decp-exemple.json")));
    h.get_by_label("Importer des données essentielles…").click();
    h.run();
    h.get_by_label_contains("360 contrats notifiés en 2026");
    h.get_by_label_contains("cible atteinte");
    h.get_by_label_contains("Contrats au seuil européen notifiés depuis le 21 août 2026");
    // A target of 50 %: not met any more.
    h.state_mut().indicators.target_percent = 50.0;
    h.run();
    h.get_by_label_contains("cible non atteinte");
    let out = tempfile::tempdir().unwrap();
    let docx = out.path().join("indicateurs.docx");
    dialogs.answer(Some(docx.clone()));
    h.get_by_label("Exporter le rapport (DOCX)…").click();
    h.run();
    let text = common::docx::docx_text(&docx);
    assert!(
        text.replace(['\u{a0}', '\u{202f}'], " ")
            .contains("Cible fixée par l'acheteur : 50"),
        "{text}"
    );
    let file = std::fs::File::open(&docx).unwrap();
    let archive = zip::ZipArchive::new(file).unwrap();
    assert!(archive.file_names().any(|n| n.starts_with("word/media/")));
}

#[test]
fn a_file_that_is_no_programme_keeps_the_one_shown_and_says_why() {
    let (_data, dialogs, mut h) = window();
    h.state_mut().queue(clausier::ui::Command::ShowPage(
        clausier::ui::Page::Programme,
    ));
    h.run();
    dialogs.answer(Some(root().join("docs/exemples/programme-exemple.csv")));
    h.get_by_label("Importer un programme…").click();
    h.run();
    dialogs.answer(Some(root().join("docs/exemples/decp-exemple.json")));
    h.get_by_label("Importer un programme…").click();
    h.run();
    h.get_by_label_contains("ligne d'en-tête introuvable");
    h.get_by_label_contains("20 lignes lues");
}
