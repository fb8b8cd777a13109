//! The supplier pack in the window, driven as a user would: import from the Tools menu, the
//! counts in the sourcing step, a refused file that keeps the previous pack.

use crate::common;

use clausier::ui::Command;
use common::synthetic;
use common::ui::{app, click, window};
use egui_kittest::kittest::Queryable;

#[test]
fn a_pack_imported_from_the_menu_feeds_the_sourcing_step_and_is_kept_for_next_time() {
    let (data, dialogs, mut h) = window();
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("structures.csv");
    std::fs::write(&file, synthetic::pack_csv(300, 5)).unwrap();
    let mut project = clausier::scenarios::find("nettoyage-locaux")
        .unwrap()
        .unwrap()
        .project;
    project.purchase.departement = Some("69".into());
    let project_file = work.path().join("nettoyage.ron");
    std::fs::write(&project_file, clausier::model::to_ron_string(&project)).unwrap();
    h.state_mut().open_path(&project_file);
    h.run();

    dialogs.answer(Some(file.clone()));
    h.get_by_label("Outils").click();
    h.run();
    h.get_by_label_contains("Importer des structures").click();
    h.run();
    assert!(data.path().join(clausier::supply::pack::PACK_FILE).exists());
    let pack = h.state().supply.pack.as_ref().expect("pack loaded");
    assert_eq!(pack.structures.len(), 300);

    click(&mut h, "2. Sourçage");
    h.get_by_label_contains("300 structures, d'après le fichier structures.csv importé le");
    h.get_by_label_contains("Rhône (69) ; départements voisins comptés aussi");
    assert!(h
        .query_all_by_label_contains("font ce métier dans le département")
        .next()
        .is_some());

    // A new window on the same data folder finds the pack again.
    drop(h);
    let h = app(data.path(), &dialogs);
    assert_eq!(
        h.state().supply.pack.as_ref().unwrap().structures.len(),
        300
    );
}

#[test]
fn a_file_that_cannot_be_imported_is_explained_and_the_pack_kept() {
    let (_data, dialogs, mut h) = window();
    let work = tempfile::tempdir().unwrap();
    let good = work.path().join("bon.csv");
    std::fs::write(&good, synthetic::pack_csv(12, 2)).unwrap();
    dialogs.answer(Some(good));
    h.state_mut()
        .queue(Command::Supply(clausier::ui::supply::SupplyAction::Import));
    h.run();
    let bad = work.path().join("mauvais.csv");
    std::fs::write(&bad, "nom;type;adresse\nA;EI;B\n").unwrap();
    dialogs.answer(Some(bad));
    h.state_mut()
        .queue(Command::Supply(clausier::ui::supply::SupplyAction::Import));
    h.run();
    assert_eq!(
        h.state().supply.pack.as_ref().unwrap().meta.file_name,
        "bon.csv"
    );
    click(&mut h, "2. Sourçage");
    h.get_by_label_contains("Import refusé, le fichier précédent est conservé");
    h.get_by_label_contains("colonnes manquantes");
}
