//! The keyboard user's way through the wizard (issue 15): where the caret starts, and what
//! Tab and the arrow keys reach next.

use crate::common;

use clausier::model::{Lot, Project};
use clausier::ui::steps::Step;
use clausier::ui::Command;
use common::ui::{window, Window};
use egui::accesskit::Role;
use egui::Key;
use egui_kittest::kittest::Queryable;

fn focused(h: &Window, label: &str) -> bool {
    h.query_by_label(label).is_some_and(|n| n.is_focused())
}

fn press(h: &mut Window, key: Key) {
    h.key_press(key);
    h.run();
}

#[test]
fn step_one_starts_at_the_buyer_and_tabs_through_the_fields_every_project_needs() {
    let (_data, _dialogs, mut h) = window();
    h.run();
    assert!(h
        .get_by_role_and_label(Role::TextInput, "Acheteur")
        .is_focused());
    for label in [
        "Objet de l’achat",
        "Montant estimé (toutes périodes comprises)",
        "Durée totale",
        // The environmental condition and criterion, which the law asks of every
        // consultation and no default fills, right after the purchase.
        "Condition d’exécution environnementale",
        "Critère d’attribution environnemental",
        // Then the choices with a usual default.
        "Type d’acheteur",
        "Nature",
    ] {
        press(&mut h, Key::Tab);
        assert!(focused(&h, label), "Tab should reach « {label} »");
    }
    // The optional details (project title, reference, contact…) come last.
    let mut tabs = 0;
    while !focused(&h, "Intitulé du projet") {
        press(&mut h, Key::Tab);
        tabs += 1;
        assert!(tabs < 10, "Tab never reaches the optional details");
    }
}

fn three_lots() -> Project {
    let mut p = Project::blank();
    p.allotment.allotted = true;
    p.allotment.lots = (1..=3)
        .map(|number| Lot {
            number,
            title: format!("Lot numéro {number}"),
            ..Lot::default()
        })
        .collect();
    p
}

#[test]
fn arrow_keys_move_between_the_cells_of_the_lever_matrix() {
    let (_data, _dialogs, mut h) = window();
    h.run();
    h.state_mut().session.replace(three_lots(), None, true);
    h.state_mut().queue(Command::GoTo(Step::Levers, None));
    h.run();
    assert!(
        focused(&h, "Réservation du lot 1"),
        "the caret waits in the first cell"
    );
    // Along a row, one lever after the other.
    for label in [
        "Clause d’insertion du lot 1",
        "Critère d’insertion du lot 1",
        "Marché d’insertion pour le lot 1",
    ] {
        press(&mut h, Key::ArrowRight);
        assert!(focused(&h, label), "→ should reach « {label} »");
    }
    // Down a column, one lot after the other.
    press(&mut h, Key::ArrowDown);
    assert!(focused(&h, "Marché d’insertion pour le lot 2"));
    press(&mut h, Key::ArrowLeft);
    press(&mut h, Key::ArrowLeft);
    assert!(focused(&h, "Clause d’insertion du lot 2"));
    // Space ticks the cell; the caret stays in the grid and goes on down.
    press(&mut h, Key::Space);
    assert!(h.state().session.project.allotment.lots[1]
        .insertion_clause
        .is_some());
    press(&mut h, Key::ArrowDown);
    assert!(focused(&h, "Clause d’insertion du lot 3"));
    press(&mut h, Key::ArrowUp);
    press(&mut h, Key::ArrowUp);
    assert!(focused(&h, "Clause d’insertion du lot 1"));
    press(&mut h, Key::ArrowLeft);
    assert!(focused(&h, "Réservation du lot 1"));
}

#[test]
fn an_opened_choice_list_puts_the_caret_on_the_current_choice() {
    let (_data, _dialogs, mut h) = window();
    h.run();
    let mut p = three_lots();
    p.allotment.lots[2].reservations = vec![clausier::model::ReservationBasis::Disability];
    h.state_mut().session.replace(p, None, true);
    h.state_mut().queue(Command::GoTo(Step::Levers, None));
    h.run();
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::ArrowDown);
    assert!(focused(&h, "Réservation du lot 3"));
    press(&mut h, Key::Space);
    assert!(focused(&h, "L. 2113-12 — EA et ESAT"));
    // One press down from the current choice is the next one.
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::Enter);
    assert_eq!(
        h.state().session.project.allotment.lots[2].reservations,
        [clausier::model::ReservationBasis::Insertion]
    );
}
