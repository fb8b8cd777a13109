//! What the published RC and CCAP say, checked against the articles the legal audit of
//! November 2026 named: each test is written from the rule, on a bundled scenario changed as
//! the rule requires, and reads the generated text (or the command line) as a buyer would.

use crate::common;

use clausier::export::markdown::to_markdown;
use clausier::model::{Project, ReservationBasis};
use std::process::Command;

fn scenario(id: &str) -> Project {
    common::scenarios()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("scenario {id}"))
        .project
}

/// The Markdown text, read with plain apostrophes (the documents use the typographic one).
fn text(project: &Project) -> String {
    let (_, doc) = common::pipeline(project);
    to_markdown(&doc).replace('\u{2019}', "'")
}

fn has_clause(project: &Project, clause: &str, lot: u32) -> bool {
    let (_, doc) = common::pipeline(project);
    // A clause of its own for the lot, or a row for it in the clause's per-lot table.
    doc.sources.iter().enumerate().any(|(i, p)| {
        p.clause_id == clause
            && (p.lot == Some(lot)
                || doc.blocks.iter().any(|b| {
                    b.source == Some(i)
                        && matches!(&b.kind, clausier::document::BlockKind::Table { rows, .. }
                            if rows.iter().any(|r| clausier::document::inline_text(&r[0]) == lot.to_string()))
                }))
    })
}

/// L2112-2-1 asks for social considerations: a clause of 0 hours takes none, so it is never
/// printed (nettoyage, lot 1, with more staff to take over than the contract can employ).
#[test]
fn l2112_2_1_a_zero_hour_clause_is_never_generated() {
    let mut p = scenario("nettoyage-locaux");
    assert!(has_clause(&p, "ccap.clause_insertion", 1));
    if let Some(c) = p.allotment.lots[0].insertion_clause.as_mut() {
        c.method = clausier::model::HoursMethod::Cleaning {
            transferred_monthly_hours: 650.0,
        };
    }
    assert!(!has_clause(&p, "ccap.clause_insertion", 1));
    assert!(has_clause(&p, "ccap.clause_insertion", 2));
    let t = text(&p);
    assert!(!t.contains("0\u{a0}heure d'insertion"), "{t}");
    assert!(!t.contains("**0"), "{t}");
}

/// M-4: 1 440 hours over 48 months are about 0.9 of a full-time year, that is about 0.22
/// full-time equivalent per year; the CCAP never says « sur un an » for the multi-year volume.
#[test]
fn ccap_states_1440_hours_over_48_months_as_0_22_fte_per_year() {
    let t = text(&scenario("nettoyage-locaux"));
    assert!(
        !t.contains("sur un an"),
        "multi-year volume written « sur un an »"
    );
    // Two lots with a clause: one article, the yearly effort in its per-lot table.
    let ccap = &t[t.find("## Cahier des clauses").unwrap()..];
    // 1 440 hours: 0,9 year of full-time work, 0,22 full-time equivalent a year.
    assert!(
        ccap.contains("| Années de travail à temps plein | Équivalents temps plein par an |")
            && ccap.contains("| 1\u{202f}440\u{a0}heures | 0,9 | 0,22 |"),
        "{ccap}"
    );
}

/// WL-3: the three-year duration and the bar are not in L2113-15; the RC cites them to the
/// article in the data (L2113-16, to be confirmed) and ties the bar to the same buyer (M-1).
#[test]
fn l2113_16_ess_duration_and_bar_are_not_attributed_to_l2113_15() {
    let t = text(&scenario("mediation-culturelle"));
    assert!(
        !t.contains("Conformément à l'article L.\u{a0}2113-15 du même code, la durée"),
        "duration still cited to L2113-15"
    );
    assert!(t.contains("n'excède pas 36 mois"), "{t}");
    assert!(
        t.contains("auquel l'acheteur a attribué, sur ce même fondement, un marché portant sur les mêmes services"),
        "{t}"
    );
    assert!(!t.contains("attestation sur l'honneur"), "{t}");
    // The decision record cites L2113-16, not R2113-7, for the ESS lots (audit A.3-5).
    let (_, doc) = common::pipeline(&scenario("mediation-culturelle"));
    let refs: Vec<String> = doc
        .sources
        .iter()
        .filter(|p| p.clause_id == "rc.reservation")
        .map(|p| p.legal_refs_text())
        .collect();
    assert!(!refs.is_empty());
    for r in refs {
        assert!(r.contains("2113-16") && !r.contains("2113-7"), "{r}");
    }
}

/// R2113-7 stays cited where it applies (an SIAE reservation).
#[test]
fn r2113_7_is_cited_on_employment_reservations() {
    let p = scenario("renovation-ecole");
    let (_, doc) = common::pipeline(&p);
    let refs = doc
        .sources
        .iter()
        .find(|s| s.clause_id == "rc.reservation")
        .map(|s| s.legal_refs_text())
        .unwrap();
    assert!(refs.contains("2113-7"), "{refs}");
}

/// M-2: the CCAP clause of an SIAE lot says it is the social execution condition when one is
/// required; an ESS reservation never says so.
#[test]
fn the_reserved_lot_clause_is_the_social_condition_only_for_employment_reservations() {
    let p = scenario("espaces-verts");
    let t = text(&p);
    assert!(
        t.contains("Cette obligation constitue la condition d'exécution à caractère social"),
        "{t}"
    );
    let ess = text(&scenario("mediation-culturelle"));
    assert!(
        !ess.contains("Cette obligation constitue la condition"),
        "{ess}"
    );
}

/// WL-1: the « ramené à 3 % » sentence binds only the State and the large bodies.
#[test]
fn r2191_33_three_percent_sentence_only_for_the_state_and_large_bodies() {
    let mut p = scenario("renovation-ecole");
    p.sme_access.retention_percent = Some(5.0);
    let commune = text(&p);
    assert!(commune.contains("retenue de garantie de 5"), "{commune}");
    assert!(!commune.contains("ce taux est ramené"), "{commune}");
    p.meta.buyer.large_body = true;
    let large = text(&p);
    assert!(large.contains("ce taux est ramené à 3"), "{large}");
}

/// M-5: the advance clause names the lots owed an advance (R2191-3, lot by lot).
#[test]
fn r2191_3_the_advance_clause_names_the_lots_concerned() {
    let mut p = scenario("renovation-ecole");
    // Lot 8 (50 000 € HT) is not above the amount: the other seven are.
    let t = text(&p);
    assert!(
        t.contains("Une avance est versée au titulaire des lots 1, 2, 3, 4, 5, 6 et 7"),
        "{t}"
    );
    // No lot above the amount and no voluntary advance: no clause.
    for lot in &mut p.allotment.lots {
        lot.amount_cents = 4_000_000;
    }
    p.purchase.amount_cents = p.lots_total_cents();
    p.sme_access.advance_percent = None;
    assert!(!text(&p).contains("Avance et retenue de garantie"));
}

/// WL-6: social and specific services above 750 000 € are advertised in the OJEU.
#[test]
fn restauration_collective_is_advertised_in_the_ojeu() {
    let out = Command::new(common::clausier_bin())
        .args(["check"])
        .arg(common::scenario_path("restauration-collective"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("avis de marché ou de préinformation au JOUE"),
        "{stdout}"
    );
    assert!(stdout.contains("SOCIAL_SERVICES_EU_PUBLICITY"), "{stdout}");
    assert!(stdout.contains("à vérifier"), "{stdout}");
}

/// M-6: `clausier procedure` knows defence and security buyers and gives them no
/// climate-law obligation.
#[test]
fn procedure_accepts_defence_buyers_without_climate_law_obligations() {
    let out = Command::new(common::clausier_bin())
        .args([
            "procedure",
            "--nature",
            "fournitures",
            "--buyer",
            "defense",
            "--amount",
            "500000",
            "--date",
            "2026-12-01",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["regime"], "formalised");
    assert_eq!(json["eu_threshold"], 432000.0);
    assert_eq!(json["social_condition_mandatory"], false);
    assert_eq!(json["environmental_criterion_mandatory"], false);
}

/// WL-4: the ESS reservation of school catering is refused by the check.
#[test]
fn l2113_15_ess_reservation_of_school_catering_fails_the_check() {
    let mut p = scenario("restauration-collective");
    p.allotment.lots[0].reservations = vec![ReservationBasis::Ess];
    p.purchase.duration_months = 36;
    let (evaluation, _) = common::pipeline(&p);
    assert!(evaluation
        .findings
        .iter()
        .any(|f| f.code == "RESERVATION_ESS_OUTSIDE_LIST"));
    assert!(evaluation.has_errors());
}

/// WL-6 by the command line: 760 000 € of social services, adapted procedure, OJEU notice.
#[test]
fn procedure_reports_the_ojeu_notice_for_760_thousand_of_social_services() {
    let run = |amount: &str| {
        let out = Command::new(common::clausier_bin())
            .args([
                "procedure",
                "--nature",
                "services",
                "--buyer",
                "collectivite",
                "--services-specifiques",
                "--amount",
                amount,
                "--date",
                "2026-12-01",
                "--json",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let json = run("760000");
    assert_eq!(json["regime"], "adapted");
    assert_eq!(json["publicity"], "joue_social_services");
    assert_eq!(run("749999")["publicity"], "boamp_or_jal");
}
