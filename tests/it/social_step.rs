//! Step 5 in the window: a social condition of a family other than insertion, added to a lot
//! that has none, as a buyer would — it lifts the L2112-2-1 finding, reaches the CCAP, and
//! is removed again.

use crate::common;

use common::ui::{click, section_text, window};

use clausier::model::SocialFamily;
use clausier::rules::Severity;
use clausier::ui::Command;
use egui_kittest::kittest::Queryable;

const EQUALITY: &str = "Égalité entre les femmes et les hommes et lutte contre les discriminations";
const CCAP_TITLE: &str =
    "Égalité entre les femmes et les hommes et lutte contre les discriminations — lot 3";

fn missing_condition(h: &common::ui::Window) -> usize {
    h.state()
        .session
        .evaluation()
        .unwrap()
        .findings
        .iter()
        .filter(|f| f.code == "SOCIAL_CONDITION_MISSING" && f.severity == Severity::Error)
        .count()
}

#[test]
fn a_family_added_in_step_five_counts_reaches_the_ccap_and_can_be_removed() {
    // The IT scenario with lot 3's supply-chain condition taken away: above the EU threshold,
    // that lot now lacks a social condition.
    let dir = tempfile::tempdir().unwrap();
    let mut scenario = common::scenarios()
        .into_iter()
        .find(|s| s.id == "materiel-informatique")
        .unwrap()
        .project;
    scenario.allotment.lots[2].social_conditions.clear();
    let path = dir.path().join("sans-condition.clausier.ron");
    clausier::model::save_project(&scenario, &path).unwrap();

    let (_data, _dialogs, mut h) = window();
    h.run();
    h.state_mut().queue(Command::OpenPath(path));
    h.run();
    assert_eq!(missing_condition(&h), 1, "the gap is found");

    click(&mut h, "5. Conditions sociales d’exécution");
    // Lots 1 and 2 have conditions: lot 3 is one choice away, in the list of the others.
    click(&mut h, "Lots sans condition sociale :");
    click(
        &mut h,
        "Lot 3 — Périphériques et accessoires livrés au poste",
    );

    // The families suited to this purchase come first; the buyer picks another one.
    click(&mut h, "Famille de condition à ajouter");
    click(&mut h, EQUALITY);
    click(&mut h, "Ajouter cette condition au lot 3");

    let lot = &h.state().session.project.allotment.lots[2];
    assert_eq!(
        lot.social_conditions
            .iter()
            .map(|c| c.family)
            .collect::<Vec<_>>(),
        [SocialFamily::Equality]
    );
    // Added with the family's default obligations and controls, so it counts at once.
    assert!(!lot.social_conditions[0].obligations.is_empty());
    assert!(!lot.social_conditions[0].controls.is_empty());
    assert!(h.query_by_label("compte comme condition sociale").is_some());
    assert_eq!(missing_condition(&h), 0, "the condition counts");
    let text = section_text(&h);
    assert!(text.contains(CCAP_TITLE), "the CCAP article of the family");

    // Unticking every control makes it stop counting, and the window says so.
    let controls: Vec<String> = h.state().session.project.allotment.lots[2].social_conditions[0]
        .controls
        .clone();
    let data = clausier::reference::ReferenceData::bundled();
    for id in controls {
        let label = data
            .social
            .family(SocialFamily::Equality)
            .controls
            .iter()
            .find(|c| c.id == id)
            .unwrap()
            .label
            .clone();
        click(&mut h, &label);
    }
    assert!(h
        .query_by_label("sans moyen de contrôle : ne compte pas")
        .is_some());
    assert_eq!(
        missing_condition(&h),
        1,
        "a condition without control does not count"
    );

    click(&mut h, "Retirer cette condition");
    assert!(h.state().session.project.allotment.lots[2]
        .social_conditions
        .is_empty());
    assert!(!section_text(&h).contains(CCAP_TITLE));
}
