//! The desktop app driven as a user would, through labels and roles (egui_kittest): from an
//! empty project to an exported DOCX, undo/redo, recovery after a crash, a malformed file.

use crate::common;

use common::docx::docx_text;
use common::ui::{app, click, window};

use clausier::ui::{ClausierApp, Command, FakeDialogs};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

/// Focuses the text field named `label`, selects its text and types `text` over it. By
/// role, since the preview may show the same words.
fn type_into(h: &mut Harness<'static, ClausierApp>, label: &str, text: &str) {
    type_into_role(h, Role::TextInput, label, text);
}

fn type_into_role(h: &mut Harness<'static, ClausierApp>, role: Role, label: &str, text: &str) {
    h.get_by_role_and_label(role, label).scroll_to_me();
    h.run();
    h.get_by_role_and_label(role, label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.get_by_role_and_label(role, label).type_text(text);
    h.run();
}

fn go_to_step(h: &mut Harness<'static, ClausierApp>, title: &str) {
    click(h, title);
}

#[test]
fn from_an_empty_project_to_an_exported_docx() {
    let (data, dialogs, mut h) = window();
    h.run();

    // 1. The need, typed as a buyer would (French amount, French date).
    type_into(&mut h, "Intitulé du projet", "Rénovation du gymnase");
    type_into(&mut h, "Acheteur", "Commune de Valbonne-sur-Lys");
    type_into(
        &mut h,
        "Objet de l’achat",
        "Rénovation du gymnase municipal",
    );
    type_into(
        &mut h,
        "Montant estimé (toutes périodes comprises)",
        "600 000,00",
    );
    type_into(&mut h, "Durée totale", "10");
    type_into(&mut h, "Date de lancement de la consultation", "01/02/2027");
    // The procedure appears as soon as the amount is typed.
    assert!(h
        .query_by_label_contains("Procédure : procédure adaptée")
        .is_some());
    // L2112-2 and L2152-7: the environmental condition and criterion are mandatory; without
    // them the check reports errors and the export is refused.
    type_into_role(
        &mut h,
        Role::MultilineTextInput,
        "Condition d’exécution environnementale",
        "Tri des déchets de chantier par flux.",
    );
    type_into_role(
        &mut h,
        Role::MultilineTextInput,
        "Critère d’attribution environnemental",
        "Valeur environnementale de l’offre.",
    );

    // 3. Three lots summing to the total.
    go_to_step(&mut h, "3. Allotissement");
    click(&mut h, "Ajouter un lot");
    click(&mut h, "Ajouter un lot");
    for (n, title, amount) in [
        (1, "Gros œuvre", "300 000"),
        (2, "Peinture", "200 000"),
        (3, "Nettoyage et espaces verts", "100 000"),
    ] {
        type_into(&mut h, &format!("Intitulé du lot {n}"), title);
        type_into(&mut h, &format!("Montant estimé du lot {n}"), amount);
    }
    assert_eq!(h.state().session.project.lots_total_cents(), 60_000_000);

    // 4. Lot 3 reserved to insertion structures, an insertion clause on lot 2.
    go_to_step(&mut h, "4. Leviers sociaux");
    click(&mut h, "Réservation du lot 3");
    click(&mut h, "L. 2113-13 — SIAE");
    click(&mut h, "Clause d’insertion du lot 2");
    let lots = &h.state().session.project.allotment.lots;
    assert_eq!(
        lots[2].reservations,
        [clausier::model::ReservationBasis::Insertion]
    );
    assert!(lots[1].insertion_clause.is_some());

    // 5. The clause's hours, computed live from the inputs typed.
    go_to_step(&mut h, "5. Conditions sociales d’exécution");
    type_into(&mut h, "Part de main-d’œuvre dans le montant", "70");
    type_into(&mut h, "Coût horaire chargé de la main-d’œuvre", "32");
    type_into(&mut h, "Taux d’insertion", "7");
    // 200 000 € × 70 % × 7 % ÷ 32 € = 306,25 h → 306 h
    let hours = h.state().session.evaluation().unwrap().lots[1]
        .hours
        .clone()
        .unwrap();
    assert_eq!(hours.hours, 306);
    assert!(
        h.query_by_label_contains("306 h").is_some(),
        "the result is shown"
    );

    // 7. Review and export.
    go_to_step(&mut h, "7. Vérifier et générer");
    let out = data.path().join("section.docx");
    dialogs.answer(Some(out.clone()));
    click(&mut h, "Exporter la section en DOCX…");
    let errors: Vec<_> = h
        .state()
        .session
        .evaluation()
        .unwrap()
        .findings
        .iter()
        .filter(|f| f.severity == clausier::rules::Severity::Error)
        .map(|f| f.message.clone())
        .collect();
    assert!(
        out.exists(),
        "status: {:?}, errors: {errors:?}",
        h.state().status
    );
    let text = docx_text(&out);
    assert!(text.contains("Commune de Valbonne-sur-Lys"));
    assert!(text.contains("Nettoyage et espaces verts"));
    assert!(text.contains("L.\u{a0}2113-13"), "reservation notice");
    assert!(
        text.contains("306\u{a0}heures"),
        "insertion hours in the clause"
    );
    assert!(text.contains("Relevé des décisions"));
}

#[test]
fn undo_and_redo_with_the_keyboard() {
    let (_data, _dialogs, mut h) = window();
    h.run();
    type_into(&mut h, "Acheteur", "Ville A");
    // Let the history settle (edits made within a moment form one step).
    for _ in 0..90 {
        h.step();
    }
    type_into(&mut h, "Acheteur", "Ville B");
    for _ in 0..90 {
        h.step();
    }
    assert_eq!(h.state().session.project.meta.buyer.name, "Ville B");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().session.project.meta.buyer.name, "Ville A");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    assert_eq!(h.state().session.project.meta.buyer.name, "Ville B");
}

#[test]
fn work_is_offered_back_after_a_crash() {
    let data = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    {
        let mut h = app(data.path(), &dialogs);
        h.run();
        type_into(&mut h, "Acheteur", "Ville perdue");
        // Typing stops; the recovery copy is written after a short pause.
        for _ in 0..180 {
            h.step();
        }
        // The harness is dropped without closing: the process "crashed".
    }
    let mut h = app(data.path(), &dialogs);
    h.run();
    assert!(
        h.query_by_label("Récupération du travail").is_some(),
        "recovery offered"
    );
    click(&mut h, "Restaurer");
    assert_eq!(h.state().session.project.meta.buyer.name, "Ville perdue");
    assert!(
        h.state().session.is_dirty(),
        "restored work still needs saving"
    );
}

#[test]
fn a_malformed_file_is_reported_and_the_current_project_kept() {
    let (data, _dialogs, mut h) = window();
    h.run();
    type_into(&mut h, "Acheteur", "Ville en cours");
    let bad = data.path().join("abime.ron");
    std::fs::write(&bad, "(version: 1, meta: (title: \"x\", buyr: ()))").unwrap();
    h.state_mut().queue(Command::OpenPath(bad));
    h.run();
    // Unsaved work: the app asks first.
    click(&mut h, "Ne pas enregistrer");
    assert!(h.query_by_label("Fichier illisible").is_some());
    assert!(
        h.query_by_label_contains("abime.ron:1:").is_some(),
        "file, line and column shown"
    );
    assert!(h
        .query_by_label_contains("champ « buyr » inconnu")
        .is_some());
    click(&mut h, "Fermer");
    assert_eq!(h.state().session.project.meta.buyer.name, "Ville en cours");
}

#[test]
fn saving_writes_the_file_and_clears_the_unsaved_mark() {
    let (data, dialogs, mut h) = window();
    h.run();
    type_into(&mut h, "Acheteur", "Ville enregistrée");
    assert!(h.state().session.is_dirty());
    let path = data.path().join("projet.ron");
    dialogs.answer(Some(path.clone()));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(!h.state().session.is_dirty());
    let project = clausier::model::load_project(&path).unwrap();
    assert_eq!(project.meta.buyer.name, "Ville enregistrée");
    assert_eq!(
        h.state().prefs.recent.first(),
        Some(&path),
        "remembered as a recent file"
    );
}

#[test]
fn a_finding_leads_to_its_field() {
    let (_data, _dialogs, mut h) = window();
    h.state_mut()
        .queue(Command::OpenScenario("renovation-ecole".into()));
    h.run();
    // Break the sum of the lots from the allotment step, then follow the finding.
    go_to_step(&mut h, "3. Allotissement");
    type_into(&mut h, "Montant estimé du lot 1", "1");
    go_to_step(&mut h, "1. Le besoin");
    h.get_by_label_contains("Erreur : La somme des lots")
        .click();
    h.run();
    assert_eq!(h.state().step, clausier::ui::steps::Step::Allotment);
}

#[test]
fn cpv_lot_description_and_subcriteria_are_editable() {
    let (_data, _dialogs, mut h) = window();
    h.state_mut()
        .queue(Command::OpenScenario("restauration-collective".into()));
    h.run();
    type_into(&mut h, "Code CPV principal (facultatif)", "55523100-3");
    assert_eq!(
        h.state().session.project.purchase.cpv.as_deref(),
        Some("55523100-3")
    );
    go_to_step(&mut h, "4. Leviers sociaux");
    h.get_by_role_and_label(Role::MultilineTextInput, "Sous-critères du lot 1")
        .focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.get_by_role_and_label(Role::MultilineTextInput, "Sous-critères du lot 1")
        .type_text("Tutorat\nFormation");
    h.run();
    let criterion = h.state().session.project.allotment.lots[0]
        .insertion_criterion
        .clone()
        .unwrap();
    assert_eq!(criterion.subcriteria, ["Tutorat", "Formation"]);
}
