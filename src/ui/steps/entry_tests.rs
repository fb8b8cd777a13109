//! Entry that does not fight the user: fields reached by Tab or click select their text,
//! an empty amount is an empty field, lots are typed as a table (Enter, paste).

use super::testing::{harness, scenario, State};
use super::Step;
use clausier::model::{Lot, Project};
use egui::Key;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

fn two_lots() -> Project {
    let mut project = scenario("renovation-ecole");
    project.allotment.lots.truncate(2);
    project
}

fn typed(h: &mut Harness<'static, State>, text: &str) {
    h.get_by_label("Intitulé du lot 1"); // the window is up
    for c in text.chars() {
        h.event(egui::Event::Text(c.to_string()));
    }
    h.run();
}

#[test]
fn an_amount_reached_by_tab_is_replaced_by_what_is_typed() {
    let mut h = harness(Step::Allotment, two_lots());
    h.run();
    h.get_by_label("Intitulé du lot 1").focus();
    h.run();
    h.key_press(Key::Tab);
    h.run();
    assert!(
        h.get_by_label("Montant estimé du lot 1").is_focused(),
        "Tab goes from a lot’s title to its amount"
    );
    typed(&mut h, "520 000");
    assert_eq!(h.state().project.allotment.lots[0].amount_cents, 52_000_000);
}

#[test]
fn a_clicked_title_is_selected_whole() {
    let mut h = harness(Step::Allotment, two_lots());
    h.run();
    h.get_by_label("Intitulé du lot 2").click();
    h.run();
    h.run();
    typed(&mut h, "Menuiseries");
    assert_eq!(h.state().project.allotment.lots[1].title, "Menuiseries");
}

#[test]
fn an_empty_amount_is_an_empty_field_with_a_zero_hint() {
    let mut project = two_lots();
    project.allotment.lots[1].amount_cents = 0;
    let mut h = harness(Step::Allotment, project);
    h.run();
    let field = h.get_by_label("Montant estimé du lot 2");
    assert_eq!(field.value().as_deref(), Some(""));
    field.focus();
    h.run();
    typed(&mut h, "1 450 000");
    assert_eq!(
        h.state().project.allotment.lots[1].amount_cents,
        145_000_000
    );
    assert_eq!(h.query_all_by_label_contains("Saisie invalide").count(), 0);
}

#[test]
fn adding_a_lot_puts_the_caret_in_its_title() {
    let mut h = harness(Step::Allotment, two_lots());
    h.run();
    h.get_by_label("Ajouter un lot").click();
    h.run();
    h.run();
    assert!(h.get_by_label("Intitulé du lot 3").is_focused());
    typed(&mut h, "Nettoyage");
    h.key_press(Key::Tab);
    h.run();
    typed(&mut h, "15 000");
    let lot = &h.state().project.allotment.lots[2];
    assert_eq!(
        (lot.title.as_str(), lot.amount_cents),
        ("Nettoyage", 1_500_000)
    );
}

#[test]
fn enter_on_the_last_lot_opens_a_new_row() {
    let mut project = two_lots();
    project.allotment.lots.truncate(1);
    let mut h = harness(Step::Allotment, project);
    h.run();
    h.get_by_label("Montant estimé du lot 1").focus();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    h.run();
    assert_eq!(h.state().project.allotment.lots.len(), 2);
    assert!(h.get_by_label("Intitulé du lot 2").is_focused());
    // Enter on an empty last row adds nothing more.
    h.key_press(Key::Enter);
    h.run();
    h.run();
    assert_eq!(h.state().project.allotment.lots.len(), 2);
}

#[test]
fn lots_pasted_from_a_spreadsheet_fill_the_table() {
    let mut project = two_lots();
    project.allotment.lots = vec![Lot {
        number: 1,
        ..Lot::default()
    }];
    let mut h = harness(Step::Allotment, project);
    h.run();
    h.get_by_label("Intitulé du lot 1").focus();
    h.run();
    h.event(egui::Event::Paste(
        "Gros œuvre\t520 000\nMenuiseries\t210 000\nÉlectricité\t180 000\n".into(),
    ));
    h.run();
    h.run();
    let lots = &h.state().project.allotment.lots;
    let got: Vec<(&str, i64)> = lots
        .iter()
        .map(|l| (l.title.as_str(), l.amount_cents))
        .collect();
    assert_eq!(
        got,
        [
            ("Gros œuvre", 52_000_000),
            ("Menuiseries", 21_000_000),
            ("Électricité", 18_000_000)
        ]
    );
}
