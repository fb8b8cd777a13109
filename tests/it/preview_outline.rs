//! The preview's outline and its following of the wizard's step (issue 15, point 3): the
//! heading asked for is brought into the preview's view, not merely somewhere in the text.

use crate::common;

use clausier::document::{BlockKind, Document};
use clausier::ui::steps::Step;
use clausier::ui::Command;
use common::ui::{window, Window};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

const PREVIEW_TITLE: &str = "Aperçu de la section (identique au DOCX)";

fn opened(scenario: &str) -> (tempfile::TempDir, Window) {
    let (data, _dialogs, mut h) = window();
    h.run();
    h.state_mut().queue(Command::OpenScenario(scenario.into()));
    h.run();
    (data, h)
}

fn document(h: &Window) -> Document {
    match h.state().session.document() {
        Some(Ok(doc)) => doc.clone(),
        other => panic!("no document: {:?}", other.map(|r| r.as_ref().err())),
    }
}

/// The article headings of the document, as the preview writes them, with their clause.
fn articles(doc: &Document) -> Vec<(String, String)> {
    doc.blocks
        .iter()
        .zip(doc.article_labels())
        .filter_map(|(b, label)| match (&b.kind, label, doc.provenance(b)) {
            (BlockKind::Heading { level: 2, text }, Some(label), Some(p)) => {
                Some((format!("{label} {text}"), p.clause_id.clone()))
            }
            _ => None,
        })
        .collect()
}

/// The heading is drawn in the preview, between its title and the window's bottom, near the
/// top of the preview's view.
fn in_view_at_top(h: &Window, heading: &str) -> bool {
    let Some(node) = h.query_by_role_and_label(Role::Label, heading) else {
        return false;
    };
    let top = h.get_by_label(PREVIEW_TITLE).rect().bottom();
    let rect = node.rect();
    rect.top() >= top && rect.bottom() <= 800.0 && rect.top() - top < 120.0
}

#[test]
fn choosing_an_article_in_the_outline_brings_it_into_view() {
    let (_data, mut h) = opened("renovation-ecole");
    let doc = document(&h);
    let articles = articles(&doc);
    let (last, _) = articles.last().unwrap().clone();
    assert!(
        !in_view_at_top(&h, &last),
        "the last article starts out of view"
    );
    h.get_by_label("Plan").click();
    h.run();
    h.get_by_role_and_label(Role::Button, &last).click();
    h.run();
    assert!(in_view_at_top(&h, &last), "« {last} » is not in view");
    // The pieces are in the outline too.
    h.get_by_label("Plan").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Règlement de la consultation (RC)")
        .click();
    h.run();
    assert!(in_view_at_top(&h, "Règlement de la consultation (RC)"));
}

#[test]
fn arriving_at_a_step_shows_the_part_it_writes_then_lets_the_user_scroll() {
    let (_data, mut h) = opened("renovation-ecole");
    let doc = document(&h);
    let articles = articles(&doc);
    let first_of = |prefixes: &[&str]| {
        articles
            .iter()
            .find(|(_, id)| prefixes.iter().any(|p| id.starts_with(p)))
            .map(|(text, _)| text.clone())
            .unwrap()
    };
    let sme = first_of(&[
        "rc.groupements",
        "rc.pme_capacites",
        "ccap.sous_traitance",
        "ccap.avance",
    ]);
    let insertion = first_of(&[
        "rc.clause_insertion",
        "ccap.clause_insertion",
        "rc.conditions_sociales",
        "ccap.condition_",
        "annexe.calcul_heures",
    ]);
    assert!(!in_view_at_top(&h, &sme));

    h.state_mut().queue(Command::GoTo(Step::Sme, None));
    h.run();
    assert!(in_view_at_top(&h, &sme), "step 6 shows « {sme} »");

    // The user scrolls away: the preview stays where the user put it.
    for _ in 0..3 {
        h.get_by_role_and_label(Role::Label, &sme).scroll_up();
        h.run();
    }
    assert!(!in_view_at_top(&h, &sme), "the user’s scroll is kept");
    h.run();
    assert!(!in_view_at_top(&h, &sme), "…on the next frames too");

    h.state_mut().queue(Command::GoTo(Step::Insertion, None));
    h.run();
    assert!(
        in_view_at_top(&h, &insertion),
        "step 5 shows « {insertion} »"
    );
}
