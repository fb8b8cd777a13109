//! The notice values (eForms) and open-data values (DECP) never disagree with the text.

mod common;

use clausier::export::notice::{decp, eforms};
use clausier::model::ReservationBasis;

fn clause_for_lot(doc: &clausier::document::Document, clause: &str, lot: u32) -> bool {
    doc.sources
        .iter()
        .any(|p| p.clause_id == clause && p.lot == Some(lot))
}

#[test]
fn codes_follow_the_levers_and_the_text_of_every_scenario() {
    for scenario in common::scenarios() {
        let project = &scenario.project;
        let (evaluation, doc) = common::pipeline(project);
        let values = eforms(project, &evaluation);
        let open_data = decp(project);
        assert_eq!(values.lots.len(), project.allotment.lots.len());
        for (lot, codes) in project.allotment.lots.iter().zip(&values.lots) {
            let id = format!("{} lot {}", scenario.id, lot.number);
            assert_eq!(codes.lot_id, format!("LOT-{:04}", lot.number));
            // Reservation: the notice paragraph and BT-71 go together.
            let reserved_text = clause_for_lot(&doc, "rc.reservation", lot.number);
            assert_eq!(reserved_text, !lot.reservations.is_empty(), "{id}");
            let expected_71 = match lot.reservations.as_slice() {
                [] => "none",
                [ReservationBasis::Ess] => "res-pub-ser",
                _ => "res-ws",
            };
            assert_eq!(codes.reserved_participation, expected_71, "{id}");
            // Insertion clause: CCAP clause, soc-obj, opp and "Clause sociale".
            if lot.insertion_clause.is_some() {
                assert!(
                    clause_for_lot(&doc, "ccap.clause_insertion", lot.number),
                    "{id}"
                );
                assert!(codes.strategic.contains(&"soc-obj"), "{id}");
                assert!(codes.social_objectives.contains(&"opp"), "{id}");
                assert!(open_data.social.contains(&"Clause sociale"), "{id}");
            }
            if lot.insertion_criterion.is_some() {
                assert!(
                    clause_for_lot(&doc, "rc.critere_insertion", lot.number),
                    "{id}"
                );
                assert!(open_data.social.contains(&"Critère social"), "{id}");
            }
            // BT-777 is given exactly when BT-06 is not "none".
            assert_eq!(
                codes.strategic == ["none"],
                codes.strategic_description.is_none(),
                "{id}"
            );
        }
        if project
            .allotment
            .lots
            .iter()
            .any(|l| !l.reservations.is_empty())
        {
            assert!(
                open_data.social.contains(&"Marché réservé"),
                "{}",
                scenario.id
            );
        }
        assert_eq!(
            values.procedure.max_lots_awarded,
            project.allotment.max_lots_awarded
        );
    }
}

#[test]
fn no_social_lever_means_no_social_consideration() {
    let scenario = common::scenarios()
        .into_iter()
        .find(|s| s.id == "fournitures-bureau")
        .unwrap();
    let project = &scenario.project;
    assert!(project
        .allotment
        .lots
        .iter()
        .all(|l| l.reservations.is_empty() && l.insertion_clause.is_none()));
    let (evaluation, _) = common::pipeline(project);
    assert_eq!(decp(project).social, ["Pas de considération sociale"]);
    for lot in eforms(project, &evaluation).lots {
        assert!(!lot.strategic.contains(&"soc-obj"));
        assert_eq!(lot.reserved_participation, "none");
        assert_eq!(lot.reserved_execution, "no");
        assert!(lot.social_objectives.is_empty());
    }
    let mut bare = project.clone();
    bare.environment = Default::default();
    assert_eq!(
        decp(&bare).environmental,
        ["Pas de considération environnementale"]
    );
}

#[test]
fn the_command_line_writes_the_documented_json() {
    let path = common::scenario_path("espaces-verts");
    let out = std::process::Command::new(common::clausier_bin())
        .args(["export", "--format", "eforms", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lot = &v["lots"][0];
    for key in ["BT-137", "BT-06", "BT-777", "BT-775", "BT-71", "BT-736"] {
        assert!(lot.get(key).is_some(), "missing {key}");
    }
    assert!(v["procedure"].get("BT-31").is_some() && v["procedure"].get("BT-33").is_some());
    let out = std::process::Command::new(common::clausier_bin())
        .args(["export", "--format", "decp", path.to_str().unwrap()])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["considerationsSociales"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("Marché réservé")));
    assert!(v["considerationsEnvironnementales"].is_array());
}
