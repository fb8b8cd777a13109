//! The notice values (eForms) and open-data values (DECP) never disagree with the text.

use crate::common;

use clausier::document::{inline_text, BlockKind, Document, Inline};
use clausier::model::ReservationBasis;
use clausier::rules::notice::{decp, eforms};

/// A clause of its own for the lot, or a row for the lot in the clause's per-lot table.
fn clause_for_lot(doc: &clausier::document::Document, clause: &str, lot: u32) -> bool {
    doc.sources.iter().enumerate().any(|(i, p)| {
        p.clause_id == clause
            && (p.lot == Some(lot)
                || doc.blocks.iter().any(|b| {
                    b.source == Some(i)
                        && matches!(&b.kind, BlockKind::Table { rows, .. }
                            if rows.iter().any(|r| inline_text(&r[0]) == lot.to_string()))
                }))
    })
}

#[test]
fn codes_follow_the_levers_and_the_text_of_every_scenario() {
    for scenario in common::scenarios() {
        let project = &scenario.project;
        let (evaluation, doc) = common::pipeline(project);
        let values = eforms(project, &evaluation);
        let open_data = decp(project, &evaluation);
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
            // Reservations concern who may bid (BT-71), never execution in sheltered
            // employment programmes.
            assert_eq!(codes.reserved_execution, "no", "{id}");
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
    assert_eq!(
        decp(project, &evaluation).social,
        ["Pas de considération sociale"]
    );
    for lot in eforms(project, &evaluation).lots {
        assert!(!lot.strategic.contains(&"soc-obj"));
        assert_eq!(lot.reserved_participation, "none");
        assert_eq!(lot.reserved_execution, "no");
        assert!(lot.social_objectives.is_empty());
    }
    let mut bare = project.clone();
    bare.environment = Default::default();
    assert_eq!(
        decp(&bare, &evaluation).environmental,
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

fn table_after<'a>(doc: &'a Document, first_header: &str) -> &'a [Vec<Vec<Inline>>] {
    doc.blocks
        .iter()
        .find_map(|b| match &b.kind {
            BlockKind::Table { header, rows } if inline_text(&header[0]) == first_header => {
                Some(rows.as_slice())
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no table headed « {first_header} »"))
}

fn row_texts(rows: &[Vec<Vec<Inline>>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| inline_text(c)).collect())
        .collect()
}

#[test]
fn the_annex_table_shows_exactly_the_exported_values() {
    for scenario in common::scenarios() {
        let project = &scenario.project;
        let (evaluation, doc) = common::pipeline(project);
        let values = eforms(project, &evaluation);
        let rows = row_texts(table_after(&doc, "Lot (BT-137)"));
        assert_eq!(rows.len(), values.lots.len(), "{}", scenario.id);
        for (row, lot) in rows.iter().zip(&values.lots) {
            assert_eq!(row[0], lot.lot_id, "{}", scenario.id);
            assert_eq!(row[1], lot.strategic.join(", "), "{}", scenario.id);
            assert_eq!(row[3], lot.reserved_participation, "{}", scenario.id);
            assert_eq!(row[4], lot.reserved_execution, "{}", scenario.id);
            if lot.social_objectives.is_empty() {
                assert_eq!(row[2], "—");
            } else {
                assert_eq!(row[2], lot.social_objectives.join(", "));
            }
        }
        let open_data = decp(project, &evaluation);
        let decp_rows = row_texts(table_after(&doc, "Champ"));
        for value in open_data.social.iter().chain(&open_data.environmental) {
            assert!(
                decp_rows
                    .iter()
                    .any(|r| r[1].contains(&clausier::fr::typeset(&format!("« {value} »")))),
                "{}: {value} missing from the annex",
                scenario.id
            );
        }
    }
}

#[test]
fn the_facilitator_brief_stands_alone_with_hours_publics_and_contacts() {
    let scenario = common::scenarios()
        .into_iter()
        .find(|s| s.id == "renovation-ecole")
        .unwrap();
    let project = &scenario.project;
    let (evaluation, _) = common::pipeline(project);
    let library = clausier::clauses::ClauseLibrary::bundled().unwrap();
    let brief = clausier::document::assemble_brief(
        project,
        &evaluation,
        &library,
        clausier::reference::ReferenceData::bundled(),
    )
    .unwrap()
    .expect("the school renovation has insertion clauses");
    let text = clausier::export::markdown::to_markdown(&brief);
    assert!(
        text.starts_with("# Fiche de liaison pour le facilitateur"),
        "{text}"
    );
    assert!(
        !text.contains("Cahier des clauses administratives"),
        "brief only"
    );
    assert!(text.contains("pas une pièce du marché"));
    for (lot, hours) in project.allotment.lots.iter().zip(&evaluation.lots) {
        if let Some(h) = &hours.hours {
            let line = format!(
                "Lot {} – {} : **{}**",
                lot.number,
                lot.title,
                clausier::fr::format_hours(h.hours)
            );
            let line = clausier::fr::typeset(&line);
            assert!(text.contains(&line), "missing « {line} »");
        }
    }
    let buyer = &project.meta.buyer;
    assert!(text.contains(&buyer.contact_email));
    let facilitator = project.facilitator.as_ref().unwrap();
    assert!(text.contains(&clausier::fr::typeset(&facilitator.organisation)));
    assert!(text.contains("Publics admis"));
    assert!(text.contains("Lancement prévu\u{a0}: 18 janvier 2027"));

    let no_clause = common::scenarios()
        .into_iter()
        .find(|s| s.id == "mediation-culturelle")
        .unwrap();
    let (evaluation, _) = common::pipeline(&no_clause.project);
    assert!(clausier::document::assemble_brief(
        &no_clause.project,
        &evaluation,
        &library,
        clausier::reference::ReferenceData::bundled()
    )
    .unwrap()
    .is_none());
}
