//! Every finding code at its boundary: a valid baseline project, one change per test, the
//! finding asserted with its severity (and field or lot) on one side and absent on the other.

use super::*;
use crate::model::{
    BuyerKind, EnvironmentalTerms, ExceptionGround, Facilitator, GroupementForm, InsertionClause,
    InsertionCriterion, Meta, NonAllotmentGround, Purchase, ReportingFrequency, SocialException,
    Sourcing, TieBreak,
};
use crate::rules::{evaluate, Evaluation, Regime};
use chrono::NaiveDate;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn data() -> &'static ReferenceData {
    ReferenceData::bundled()
}

/// Date of the baseline: after the climate law, inside the 2026–2027 threshold period.
fn launch() -> NaiveDate {
    d(2026, 12, 1)
}

/// 1 000 € → cents.
fn eur(euros: i64) -> i64 {
    euros * 100
}

fn lot(number: u32, title: &str, amount_cents: i64) -> Lot {
    Lot {
        number,
        title: title.into(),
        amount_cents,
        ..Lot::default()
    }
}

/// A valid project: local authority, works of 400 000 € (adapted procedure) in two lots,
/// launched 2026-12-01, environmental condition and criterion filled, sourcing done, a
/// facilitator. No lever is set, which is lawful below the EU threshold.
fn base() -> Project {
    let mut p = Project::blank();
    p.meta = Meta {
        title: "Réfection du gymnase".into(),
        reference: "2026-TRX-001".into(),
        author: "Services techniques".into(),
        buyer: crate::model::Buyer {
            name: "Commune de Test".into(),
            kind: BuyerKind::LocalAuthority,
            ..Default::default()
        },
        launch_date: Some(launch()),
    };
    p.purchase = Purchase {
        object: "Travaux de réfection du gymnase municipal".into(),
        nature: Nature::Works,
        amount_cents: eur(400_000),
        duration_months: 12,
        ..Purchase::default()
    };
    p.sourcing = Sourcing {
        done: true,
        ..Sourcing::default()
    };
    p.allotment.allotted = true;
    p.allotment.lots = vec![
        lot(1, "Gros œuvre", eur(250_000)),
        lot(2, "Peinture", eur(150_000)),
    ];
    p.facilitator = Some(Facilitator {
        organisation: "Maison de l'emploi".into(),
        ..Facilitator::default()
    });
    p.environment = EnvironmentalTerms {
        condition: Some("Tri des déchets de chantier par flux et traçabilité.".into()),
        criterion: Some("Performance environnementale (15 %).".into()),
    };
    p
}

/// A complete insertion clause with the general formula.
fn general_clause(
    labour_share_percent: f64,
    hourly_cost_cents: i64,
    rate_percent: f64,
) -> InsertionClause {
    InsertionClause {
        method: HoursMethod::General {
            labour_share_percent,
            hourly_cost_cents,
        },
        rate_percent,
        hours_override: None,
        publics: vec!["chomeurs-longue-duree".into(), "jeunes".into()],
        modes: vec!["embauche-directe".into(), "mise-a-disposition".into()],
        penalty_per_hour_cents: Some(4000),
        report_penalty_cents: None,
        reporting: ReportingFrequency::Monthly,
        urban_renewal: false,
    }
}

/// A complete insertion clause with the cleaning branch method.
fn cleaning_clause(transferred_monthly_hours: f64, rate_percent: f64) -> InsertionClause {
    InsertionClause {
        method: HoursMethod::Cleaning {
            transferred_monthly_hours,
        },
        ..general_clause(80.0, 2000, rate_percent)
    }
}

/// Sets a lot's amount and keeps the purchase total equal to the sum of the lots.
fn set_lot_amount(p: &mut Project, index: usize, cents: i64) {
    p.allotment.lots[index].amount_cents = cents;
    p.purchase.amount_cents = p.lots_total_cents();
}

/// Sets all lot amounts and the matching total.
fn set_amounts(p: &mut Project, amounts: &[i64]) {
    p.allotment.lots = amounts
        .iter()
        .enumerate()
        .map(|(i, &a)| lot(i as u32 + 1, &format!("Lot {}", i + 1), a))
        .collect();
    p.purchase.amount_cents = p.lots_total_cents();
}

/// A single-contract (non-allotted) version of the baseline with a valid decision.
fn non_allotted() -> Project {
    let mut p = base();
    p.allotment.allotted = false;
    p.allotment.lots = vec![lot(1, "Marché unique", eur(400_000))];
    p.allotment.non_allotment.grounds = vec![NonAllotmentGround::TechnicallyDifficult];
    p.allotment.non_allotment.justification =
        "Les travaux de reprise en sous-œuvre et de charpente \
        sont imbriqués : un seul intervenant doit tenir la stabilité de l'ouvrage à chaque phase."
            .into();
    p
}

fn eval(p: &Project) -> Evaluation {
    evaluate(p, launch(), data())
}

fn eval_on(p: &Project, date: NaiveDate) -> Evaluation {
    evaluate(p, date, data())
}

fn all<'a>(e: &'a Evaluation, code: &str) -> Vec<&'a Finding> {
    e.findings.iter().filter(|f| f.code == code).collect()
}

fn has(e: &Evaluation, code: &str) -> bool {
    e.findings.iter().any(|f| f.code == code)
}

/// The one finding with this code; fails with the whole list otherwise.
fn one(e: &Evaluation, code: &str) -> Finding {
    let found = all(e, code);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one {code}, got {:#?}",
        e.findings
    );
    found[0].clone()
}

fn assert_absent(e: &Evaluation, code: &str) {
    assert!(!has(e, code), "unexpected {code}: {:#?}", e.findings);
}

/// Asserts one finding with this code, severity and field, and returns it.
fn expect(e: &Evaluation, code: &str, severity: Severity, field: &str) -> Finding {
    let f = one(e, code);
    assert_eq!(f.severity, severity, "{code}: {f:#?}");
    assert_eq!(f.field, field, "{code}: {f:#?}");
    assert!(!f.message.trim().is_empty(), "{code} has an empty message");
    f
}

// ---------------------------------------------------------------------------------------------
// Baseline and general properties
// ---------------------------------------------------------------------------------------------

#[test]
fn valid_baseline_has_no_error_nor_warning() {
    let e = eval(&base());
    assert!(!e.has_errors(), "{:#?}", e.findings);
    assert_eq!(e.count(Severity::Warning), 0, "{:#?}", e.findings);
    assert!(e.findings.is_empty(), "{:#?}", e.findings);
}

#[test]
fn valid_non_allotted_baseline_has_no_error_nor_warning() {
    let e = eval(&non_allotted());
    assert!(!e.has_errors(), "{:#?}", e.findings);
    assert_eq!(e.count(Severity::Warning), 0, "{:#?}", e.findings);
}

#[test]
fn valid_baseline_with_full_clauses_above_the_eu_threshold_has_no_error() {
    let mut p = base();
    p.purchase.nature = Nature::Works;
    set_amounts(&mut p, &[eur(4_000_000), eur(1_500_000)]);
    p.allotment.lots[0].insertion_clause = Some(general_clause(50.0, 3200, 7.0));
    p.allotment.lots[1].insertion_clause = Some(general_clause(70.0, 3200, 5.0));
    p.allotment.lots[1].insertion_criterion = Some(InsertionCriterion {
        weight_percent: 10,
        subcriteria: vec![],
    });
    let e = eval(&p);
    assert!(!e.has_errors(), "{:#?}", e.findings);
    assert_eq!(e.count(Severity::Warning), 0, "{:#?}", e.findings);
    // only the "penalty must stay proportionate" reminders
    assert!(
        e.findings
            .iter()
            .all(|f| f.code == "CLAUSE_PENALTY_PROPORTIONATE"),
        "{:#?}",
        e.findings
    );
}

#[test]
fn findings_are_sorted_errors_first() {
    let mut p = base();
    p.sourcing.done = false; // info
    p.meta.buyer.name.clear(); // warning
    p.allotment.lots[0].number = 2; // error (duplicate)
    let e = eval(&p);
    assert!(e.findings.len() >= 3);
    assert!(
        e.findings
            .windows(2)
            .all(|w| w[0].severity <= w[1].severity),
        "{:#?}",
        e.findings
    );
    assert_eq!(e.findings[0].severity, Severity::Error);
    assert_eq!(e.findings.last().unwrap().severity, Severity::Info);
}

/// Guard: every code literal emitted in findings.rs is named somewhere in this file.
#[test]
fn every_finding_code_is_exercised_here() {
    let source = include_str!("../findings.rs");
    let tests = include_str!("tests.rs");
    let mut codes = Vec::new();
    for line in source.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        for (i, piece) in line.split('"').enumerate() {
            let is_code = i % 2 == 1
                && piece.len() >= 4
                && piece.contains('_')
                && piece
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            if is_code && !codes.contains(&piece) {
                codes.push(piece);
            }
        }
    }
    assert!(codes.len() >= 50, "code extraction looks broken: {codes:?}");
    let missing: Vec<_> = codes
        .iter()
        .filter(|c| !tests.contains(&format!("\"{c}\"")))
        .collect();
    assert!(missing.is_empty(), "codes without a test: {missing:?}");
}

// ---------------------------------------------------------------------------------------------
// Purchase
// ---------------------------------------------------------------------------------------------

#[test]
fn buyer_name_and_object_missing_are_warnings() {
    let mut p = base();
    p.meta.buyer.name = "   ".into();
    p.purchase.object = "\t".into();
    let e = eval(&p);
    expect(
        &e,
        "BUYER_NAME_MISSING",
        Severity::Warning,
        "meta.buyer.name",
    );
    expect(&e, "OBJECT_MISSING", Severity::Warning, "purchase.object");
    let mut p = base();
    p.meta.buyer.name = "X".into();
    p.purchase.object = "Y".into();
    let e = eval(&p);
    assert_absent(&e, "BUYER_NAME_MISSING");
    assert_absent(&e, "OBJECT_MISSING");
}

#[test]
fn amount_must_be_positive() {
    let mut p = base();
    p.purchase.amount_cents = 0;
    expect(
        &eval(&p),
        "AMOUNT_MISSING",
        Severity::Error,
        "purchase.amount_cents",
    );
    p.purchase.amount_cents = -1;
    expect(
        &eval(&p),
        "AMOUNT_MISSING",
        Severity::Error,
        "purchase.amount_cents",
    );
    p.purchase.amount_cents = 1;
    assert_absent(&eval(&p), "AMOUNT_MISSING");
}

#[test]
fn duration_must_be_at_least_one_month() {
    let mut p = base();
    p.purchase.duration_months = 0;
    expect(
        &eval(&p),
        "DURATION_MISSING",
        Severity::Error,
        "purchase.duration_months",
    );
    p.purchase.duration_months = 1;
    assert_absent(&eval(&p), "DURATION_MISSING");
}

#[test]
fn thresholds_unknown_outside_the_known_periods() {
    let p = base();
    let f = expect(
        &eval_on(&p, d(2030, 6, 1)),
        "THRESHOLDS_UNKNOWN_PERIOD",
        Severity::Warning,
        "meta.launch_date",
    );
    assert!(f.to_verify);
    assert!(f.message.contains("01/06/2030"), "{}", f.message);
    // last day of the known EU period vs the day after
    assert_absent(&eval_on(&p, d(2027, 12, 31)), "THRESHOLDS_UNKNOWN_PERIOD");
    expect(
        &eval_on(&p, d(2028, 1, 1)),
        "THRESHOLDS_UNKNOWN_PERIOD",
        Severity::Warning,
        "meta.launch_date",
    );
    // before the first known EU period
    assert_absent(&eval_on(&p, d(2024, 1, 1)), "THRESHOLDS_UNKNOWN_PERIOD");
    expect(
        &eval_on(&p, d(2023, 12, 31)),
        "THRESHOLDS_UNKNOWN_PERIOD",
        Severity::Warning,
        "meta.launch_date",
    );
}

fn supplies(total_cents: i64) -> Project {
    let mut p = base();
    p.purchase.nature = Nature::Supplies;
    let first = total_cents / 2;
    set_amounts(&mut p, &[first, total_cents - first]);
    p
}

#[test]
fn below_exemption_threshold_60_thousand_from_1_april_2026() {
    let date = d(2026, 4, 1);
    let e = eval_on(&supplies(5_999_999), date);
    let f = expect(
        &e,
        "BELOW_EXEMPTION_THRESHOLD",
        Severity::Info,
        "purchase.amount_cents",
    );
    assert!(f.message.contains("60\u{202f}000\u{a0}€"), "{}", f.message);
    assert_absent(
        &eval_on(&supplies(6_000_000), date),
        "BELOW_EXEMPTION_THRESHOLD",
    );
}

#[test]
fn below_exemption_threshold_40_thousand_until_31_march_2026() {
    let date = d(2026, 3, 31);
    let e = eval_on(&supplies(3_999_999), date);
    let f = expect(
        &e,
        "BELOW_EXEMPTION_THRESHOLD",
        Severity::Info,
        "purchase.amount_cents",
    );
    assert!(f.message.contains("40\u{202f}000\u{a0}€"), "{}", f.message);
    assert_absent(
        &eval_on(&supplies(4_000_000), date),
        "BELOW_EXEMPTION_THRESHOLD",
    );
    // 59 999,99 € is not exempt before 1 April 2026
    assert_absent(
        &eval_on(&supplies(5_999_999), date),
        "BELOW_EXEMPTION_THRESHOLD",
    );
}

#[test]
fn below_exemption_threshold_not_for_a_zero_amount() {
    let mut p = supplies(0);
    p.purchase.amount_cents = 0;
    let e = eval(&p);
    assert_absent(&e, "BELOW_EXEMPTION_THRESHOLD");
    assert!(has(&e, "AMOUNT_MISSING"));
}

#[test]
fn works_below_100_thousand_are_exempt() {
    let mut p = base();
    set_amounts(&mut p, &[eur(50_000), 4_999_999]);
    expect(
        &eval(&p),
        "BELOW_EXEMPTION_THRESHOLD",
        Severity::Info,
        "purchase.amount_cents",
    );
    set_amounts(&mut p, &[eur(50_000), eur(50_000)]);
    assert_absent(&eval(&p), "BELOW_EXEMPTION_THRESHOLD");
}

#[test]
fn sourcing_not_done_is_info() {
    let mut p = base();
    p.sourcing.done = false;
    expect(
        &eval(&p),
        "SOURCING_NOT_DONE",
        Severity::Info,
        "sourcing.done",
    );
    p.sourcing.done = true;
    assert_absent(&eval(&p), "SOURCING_NOT_DONE");
}

#[test]
fn spaser_above_50_million_euros() {
    let mut p = base();
    p.meta.buyer.annual_purchasing_cents = Some(eur(50_000_000) + 1);
    expect(
        &eval(&p),
        "SPASER_REQUIRED",
        Severity::Info,
        "meta.buyer.annual_purchasing_cents",
    );
    p.meta.buyer.annual_purchasing_cents = Some(eur(50_000_000));
    assert_absent(&eval(&p), "SPASER_REQUIRED");
    p.meta.buyer.annual_purchasing_cents = None;
    assert_absent(&eval(&p), "SPASER_REQUIRED");
}

// ---------------------------------------------------------------------------------------------
// Allotment
// ---------------------------------------------------------------------------------------------

#[test]
fn no_lot_is_an_error() {
    let mut p = base();
    p.allotment.lots.clear();
    let e = eval(&p);
    expect(&e, "NO_LOT", Severity::Error, "allotment.lots");
    // the allotment checks stop there
    assert_absent(&e, "LOTS_SUM_MISMATCH");
}

#[test]
fn non_allotment_without_ground() {
    let mut p = non_allotted();
    p.allotment.non_allotment.grounds.clear();
    expect(
        &eval(&p),
        "NON_ALLOTMENT_NO_GROUND",
        Severity::Error,
        "allotment.non_allotment.grounds",
    );
    assert_absent(&eval(&non_allotted()), "NON_ALLOTMENT_NO_GROUND");
    // grounds are irrelevant when the purchase is allotted
    let mut p = base();
    p.allotment.non_allotment.grounds.clear();
    assert_absent(&eval(&p), "NON_ALLOTMENT_NO_GROUND");
}

#[test]
fn non_allotment_without_justification() {
    for empty in ["", "   ", "\n\t "] {
        let mut p = non_allotted();
        p.allotment.non_allotment.justification = empty.into();
        let e = eval(&p);
        expect(
            &e,
            "NON_ALLOTMENT_NO_JUSTIFICATION",
            Severity::Error,
            "allotment.non_allotment.justification",
        );
        assert_absent(&e, "NON_ALLOTMENT_SHORT_JUSTIFICATION");
    }
    assert_absent(&eval(&non_allotted()), "NON_ALLOTMENT_NO_JUSTIFICATION");
}

#[test]
fn non_allotment_short_justification_counts_characters_not_bytes() {
    // 79 characters (158 bytes), padded with spaces that do not count
    let mut p = non_allotted();
    p.allotment.non_allotment.justification = format!("  {}  ", "é".repeat(79));
    let e = eval(&p);
    expect(
        &e,
        "NON_ALLOTMENT_SHORT_JUSTIFICATION",
        Severity::Warning,
        "allotment.non_allotment.justification",
    );
    assert_absent(&e, "NON_ALLOTMENT_NO_JUSTIFICATION");
    p.allotment.non_allotment.justification = "é".repeat(80);
    assert_absent(&eval(&p), "NON_ALLOTMENT_SHORT_JUSTIFICATION");
}

#[test]
fn non_allotment_with_several_lots() {
    let mut p = non_allotted();
    p.allotment.lots = vec![lot(1, "A", eur(200_000)), lot(2, "B", eur(200_000))];
    let e = eval(&p);
    let f = expect(
        &e,
        "NON_ALLOTMENT_SEVERAL_LOTS",
        Severity::Error,
        "allotment.lots",
    );
    assert!(f.message.contains('2'));
    assert_absent(&e, "SINGLE_LOT");
    assert_absent(&eval(&non_allotted()), "NON_ALLOTMENT_SEVERAL_LOTS");
}

#[test]
fn single_lot_when_allotted_is_a_warning() {
    let mut p = base();
    set_amounts(&mut p, &[eur(400_000)]);
    expect(&eval(&p), "SINGLE_LOT", Severity::Warning, "allotment.lots");
    assert_absent(&eval(&base()), "SINGLE_LOT");
    assert_absent(&eval(&non_allotted()), "SINGLE_LOT");
}

#[test]
fn lots_sum_mismatch_by_one_cent() {
    let mut p = base();
    p.allotment.lots[1].amount_cents += 1;
    let f = expect(
        &eval(&p),
        "LOTS_SUM_MISMATCH",
        Severity::Error,
        "allotment.lots",
    );
    assert!(f.message.contains("0,01"), "{}", f.message);
    let mut p = base();
    p.allotment.lots[0].amount_cents -= 1;
    let f = expect(
        &eval(&p),
        "LOTS_SUM_MISMATCH",
        Severity::Error,
        "allotment.lots",
    );
    assert!(f.message.contains("0,01"), "{}", f.message);
    assert_absent(&eval(&base()), "LOTS_SUM_MISMATCH");
    // non-allotted: the single lot must equal the total too
    let mut p = non_allotted();
    p.purchase.amount_cents += 1;
    expect(
        &eval(&p),
        "LOTS_SUM_MISMATCH",
        Severity::Error,
        "allotment.lots",
    );
}

#[test]
fn extreme_purchase_amount_does_not_panic() {
    for amount in [-1, i64::MIN / 2, i64::MAX] {
        let mut p = base();
        p.purchase.amount_cents = amount;
        let e = eval(&p);
        expect(&e, "LOTS_SUM_MISMATCH", Severity::Error, "allotment.lots");
        assert!(has(&e, "AMOUNT_MISSING") == (amount <= 0));
    }
}

#[test]
fn amounts_near_i64_min_do_not_overflow_the_sum_check() {
    for amount in [i64::MIN, i64::MIN + 1] {
        let mut p = base();
        p.purchase.amount_cents = amount;
        let e = eval(&p);
        expect(&e, "LOTS_SUM_MISMATCH", Severity::Error, "allotment.lots");
        let mut p = base();
        p.allotment.lots[0].amount_cents = amount;
        let e = eval(&p);
        expect(&e, "LOTS_SUM_MISMATCH", Severity::Error, "allotment.lots");
        assert!(has(&e, "LOT_AMOUNT_MISSING"));
    }
}

#[test]
fn lots_sum_does_not_overflow() {
    let mut p = base();
    p.allotment.lots[0].amount_cents = i64::MAX;
    p.allotment.lots[1].amount_cents = i64::MAX;
    p.purchase.amount_cents = i64::MAX;
    // extreme amounts must not panic (the sum saturates)
    let e = eval(&p);
    assert_eq!(e.lots.len(), 2);
}

#[test]
fn lot_number_duplicate() {
    let mut p = base();
    p.allotment.lots[1].number = 1;
    let f = expect(
        &eval(&p),
        "LOT_NUMBER_DUPLICATE",
        Severity::Error,
        "allotment.lots[1].number",
    );
    assert_eq!(f.lot, Some(1));
    assert_absent(&eval(&base()), "LOT_NUMBER_DUPLICATE");
    // three times the same number: reported on the second and the third
    let mut p = base();
    set_amounts(&mut p, &[eur(100_000), eur(150_000), eur(150_000)]);
    for l in &mut p.allotment.lots {
        l.number = 7;
    }
    let e = eval(&p);
    let dupes = all(&e, "LOT_NUMBER_DUPLICATE");
    let fields: Vec<_> = dupes.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        ["allotment.lots[1].number", "allotment.lots[2].number"]
    );
}

#[test]
fn lot_amount_and_title_missing() {
    let mut p = base();
    set_lot_amount(&mut p, 1, 0);
    p.allotment.lots[0].title = "  ".into();
    let e = eval(&p);
    let f = expect(
        &e,
        "LOT_AMOUNT_MISSING",
        Severity::Error,
        "allotment.lots[1].amount_cents",
    );
    assert_eq!(f.lot, Some(2));
    let f = expect(
        &e,
        "LOT_TITLE_MISSING",
        Severity::Warning,
        "allotment.lots[0].title",
    );
    assert_eq!(f.lot, Some(1));
    let mut p = base();
    set_lot_amount(&mut p, 1, 1);
    let e = eval(&p);
    assert_absent(&e, "LOT_AMOUNT_MISSING");
    assert_absent(&e, "LOT_TITLE_MISSING");
}

fn three_lots() -> Project {
    let mut p = base();
    set_amounts(&mut p, &[eur(200_000), eur(150_000), eur(150_000)]);
    p
}

#[test]
fn max_lots_awarded_needs_a_tie_break() {
    let mut p = three_lots();
    p.allotment.max_lots_awarded = Some(2);
    expect(
        &eval(&p),
        "MAX_LOTS_NO_TIE_BREAK",
        Severity::Error,
        "allotment.tie_break",
    );
    p.allotment.tie_break = Some(TieBreak::DecreasingAmount);
    assert_absent(&eval(&p), "MAX_LOTS_NO_TIE_BREAK");
    // a cap on bids alone needs no tie-break rule
    let mut p = three_lots();
    p.allotment.max_lots_bid = Some(2);
    assert_absent(&eval(&p), "MAX_LOTS_NO_TIE_BREAK");
    // not checked when the purchase is not allotted
    let mut p = non_allotted();
    p.allotment.max_lots_awarded = Some(1);
    assert_absent(&eval(&p), "MAX_LOTS_NO_TIE_BREAK");
}

#[test]
fn max_lots_awarded_above_max_lots_bid() {
    let mut p = three_lots();
    p.allotment.tie_break = Some(TieBreak::LotOrder);
    p.allotment.max_lots_bid = Some(1);
    p.allotment.max_lots_awarded = Some(2);
    expect(
        &eval(&p),
        "MAX_LOTS_INCONSISTENT",
        Severity::Warning,
        "allotment.max_lots_awarded",
    );
    p.allotment.max_lots_awarded = Some(1);
    assert_absent(&eval(&p), "MAX_LOTS_INCONSISTENT");
    p.allotment.max_lots_bid = None;
    p.allotment.max_lots_awarded = Some(2);
    assert_absent(&eval(&p), "MAX_LOTS_INCONSISTENT");
}

#[test]
fn max_lots_zero_and_no_effect() {
    let mut p = three_lots();
    p.allotment.tie_break = Some(TieBreak::Custom("tirage au sort".into()));
    p.allotment.max_lots_bid = Some(0);
    let e = eval(&p);
    expect(
        &e,
        "MAX_LOTS_ZERO",
        Severity::Error,
        "allotment.max_lots_bid",
    );
    assert_absent(&e, "MAX_LOTS_NO_EFFECT");
    p.allotment.max_lots_bid = None;
    p.allotment.max_lots_awarded = Some(0);
    expect(
        &eval(&p),
        "MAX_LOTS_ZERO",
        Severity::Error,
        "allotment.max_lots_awarded",
    );
    // 3 lots: a maximum of 3 has no effect, 2 has
    p.allotment.max_lots_awarded = Some(3);
    let e = eval(&p);
    expect(
        &e,
        "MAX_LOTS_NO_EFFECT",
        Severity::Info,
        "allotment.max_lots_awarded",
    );
    assert_absent(&e, "MAX_LOTS_ZERO");
    p.allotment.max_lots_awarded = Some(2);
    let e = eval(&p);
    assert_absent(&e, "MAX_LOTS_NO_EFFECT");
    assert_absent(&e, "MAX_LOTS_ZERO");
    p.allotment.max_lots_bid = Some(4);
    expect(
        &eval(&p),
        "MAX_LOTS_NO_EFFECT",
        Severity::Info,
        "allotment.max_lots_bid",
    );
}

#[test]
fn max_lots_without_effect_needs_no_tie_break() {
    let mut p = three_lots();
    p.allotment.max_lots_awarded = Some(3);
    let e = eval(&p);
    assert!(has(&e, "MAX_LOTS_NO_EFFECT"));
    assert_absent(&e, "MAX_LOTS_NO_TIE_BREAK");
}

// ---------------------------------------------------------------------------------------------
// Reservations
// ---------------------------------------------------------------------------------------------

fn reserved(bases: &[ReservationBasis]) -> Project {
    let mut p = base();
    p.allotment.lots[1].reservations = bases.to_vec();
    p
}

#[test]
fn prison_reservation_cannot_be_combined() {
    let e = eval(&reserved(&[
        ReservationBasis::Prison,
        ReservationBasis::Insertion,
    ]));
    let f = expect(
        &e,
        "RESERVATION_PRISON_COMBINED",
        Severity::Error,
        "allotment.lots[1].reservations",
    );
    assert_eq!(f.lot, Some(2));
    let e = eval(&reserved(&[ReservationBasis::Prison]));
    assert_absent(&e, "RESERVATION_PRISON_COMBINED");
    assert!(!e.has_errors(), "{:#?}", e.findings);
    assert_absent(
        &eval(&reserved(&[
            ReservationBasis::Disability,
            ReservationBasis::Insertion,
        ])),
        "RESERVATION_PRISON_COMBINED",
    );
}

#[test]
fn disability_plus_insertion_should_use_l2113_14() {
    let e = eval(&reserved(&[
        ReservationBasis::Disability,
        ReservationBasis::Insertion,
    ]));
    let f = expect(
        &e,
        "RESERVATION_USE_L2113_14",
        Severity::Info,
        "allotment.lots[1].reservations",
    );
    assert_eq!(f.lot, Some(2));
    assert_eq!(f.legal_ref, "L2113-14");
    assert_absent(
        &eval(&reserved(&[ReservationBasis::DisabilityAndInsertion])),
        "RESERVATION_USE_L2113_14",
    );
    assert_absent(
        &eval(&reserved(&[ReservationBasis::Disability])),
        "RESERVATION_USE_L2113_14",
    );
    assert_absent(
        &eval(&reserved(&[ReservationBasis::Insertion])),
        "RESERVATION_USE_L2113_14",
    );
}

/// A services purchase of 30 months, marked as specific services with a CPV code of the
/// L2113-15 list (cultural services), lot 2 reserved to ESS.
fn ess() -> Project {
    let mut p = reserved(&[ReservationBasis::Ess]);
    p.purchase.nature = Nature::Services;
    p.purchase.specific_services = true;
    p.purchase.cpv = Some("92500000-6".into());
    p.purchase.duration_months = 30;
    // below the EU threshold, so that no social condition is required of lot 1
    set_amounts(&mut p, &[eur(100_000), eur(50_000)]);
    p.allotment.lots[1].reservations = vec![ReservationBasis::Ess];
    p
}

#[test]
fn ess_reservation_only_for_services() {
    let e = eval(&ess());
    assert_absent(&e, "RESERVATION_ESS_NOT_SERVICES");
    assert!(!e.has_errors(), "{:#?}", e.findings);
    // works purchase
    let mut p = ess();
    p.purchase.nature = Nature::Works;
    let f = expect(
        &eval(&p),
        "RESERVATION_ESS_NOT_SERVICES",
        Severity::Error,
        "allotment.lots[1].reservations",
    );
    assert_eq!(f.lot, Some(2));
    // the lot's own nature wins over the purchase's
    p.allotment.lots[1].nature = Some(Nature::Services);
    assert_absent(&eval(&p), "RESERVATION_ESS_NOT_SERVICES");
    let mut p = ess();
    p.allotment.lots[1].nature = Some(Nature::Supplies);
    expect(
        &eval(&p),
        "RESERVATION_ESS_NOT_SERVICES",
        Severity::Error,
        "allotment.lots[1].reservations",
    );
}

/// Directive 2014/24/EU art. 77(3): three years at most, 48 months is refused.
#[test]
fn l2113_16_ess_reservation_of_48_months_is_an_error() {
    let mut p = ess();
    p.purchase.duration_months = 48;
    let f = expect(
        &eval(&p),
        "RESERVATION_ESS_DURATION",
        Severity::Error,
        "purchase.duration_months",
    );
    assert!(f.message.contains("48"), "{}", f.message);
    assert_eq!(f.legal_ref, "L2113-16");
    assert!(f.to_verify && !f.verify_reason.is_empty(), "{f:#?}");
    assert!(!f.message.contains("L2113-15") && f.legal_ref != "L2113-15");
}

#[test]
fn ess_reservation_at_most_36_months() {
    let mut p = ess();
    p.purchase.duration_months = 36;
    assert_absent(&eval(&p), "RESERVATION_ESS_DURATION");
    p.purchase.duration_months = 37;
    let f = expect(
        &eval(&p),
        "RESERVATION_ESS_DURATION",
        Severity::Error,
        "purchase.duration_months",
    );
    assert_eq!(f.lot, Some(2));
    assert!(
        f.message.contains("36") && f.message.contains("37"),
        "{}",
        f.message
    );
}

/// L2113-15 reserves only the health, social and cultural services of directive 2014/24/EU
/// art. 77: school catering is a specific service, but not one of them.
#[test]
fn l2113_15_ess_reservation_of_school_catering_is_an_error() {
    let mut p = ess();
    p.purchase.cpv = Some("55524000-9".into());
    let f = expect(
        &eval(&p),
        "RESERVATION_ESS_OUTSIDE_LIST",
        Severity::Error,
        "purchase.cpv",
    );
    assert_eq!(f.lot, Some(2));
    assert!(f.message.contains("55524000-9"), "{}", f.message);
    assert_absent(&eval(&ess()), "RESERVATION_ESS_OUTSIDE_LIST");
    // Inside the health range 85000000–85323000.
    p.purchase.cpv = Some("85312510".into());
    assert_absent(&eval(&p), "RESERVATION_ESS_OUTSIDE_LIST");
}

#[test]
fn l2113_15_ess_reservation_without_cpv_is_a_warning() {
    for cpv in [None, Some("".to_string()), Some("à préciser".to_string())] {
        let mut p = ess();
        p.purchase.cpv = cpv;
        let f = expect(
            &eval(&p),
            "RESERVATION_ESS_CPV_MISSING",
            Severity::Warning,
            "purchase.cpv",
        );
        assert_eq!(f.lot, Some(2));
        assert_absent(&eval(&p), "RESERVATION_ESS_OUTSIDE_LIST");
    }
    assert_absent(&eval(&ess()), "RESERVATION_ESS_CPV_MISSING");
}

/// Directive 2014/24/EU art. 77(2)(d): the bar concerns contracts awarded by the same buyer
/// for the same services; the French article holding it is shown « à vérifier ».
#[test]
fn l2113_16_ess_three_year_bar_is_tied_to_the_same_buyer() {
    let e = eval(&ess());
    let f = expect(
        &e,
        "RESERVATION_ESS_THREE_YEARS",
        Severity::Info,
        "allotment.lots[1].reservations",
    );
    assert!(f.to_verify);
    assert!(!f.verify_reason.is_empty());
    assert!(f.message.contains("obtenu de vous"), "{}", f.message);
    assert!(f.message.contains("mêmes services"), "{}", f.message);
    assert!(f.message.contains("autres acheteurs"), "{}", f.message);
    assert_eq!(f.legal_ref, "L2113-16");
    assert_eq!(f.lot, Some(2));
    assert_absent(
        &eval(&reserved(&[ReservationBasis::Insertion])),
        "RESERVATION_ESS_THREE_YEARS",
    );
}

/// L2113-14 allows only the L2113-12 + L2113-13 combination.
#[test]
fn l2113_14_ess_combined_with_siae_is_an_error() {
    let mut p = ess();
    p.allotment.lots[1].reservations = vec![ReservationBasis::Ess, ReservationBasis::Insertion];
    let f = expect(
        &eval(&p),
        "RESERVATION_COMBINATION_FORBIDDEN",
        Severity::Error,
        "allotment.lots[1].reservations",
    );
    assert_eq!(f.legal_ref, "L2113-14");
    assert!(f.message.contains("L.\u{a0}2113-15"), "{}", f.message);
    let mut p = base();
    p.allotment.lots[1].reservations =
        vec![ReservationBasis::Disability, ReservationBasis::Insertion];
    assert_absent(&eval(&p), "RESERVATION_COMBINATION_FORBIDDEN");
    p.allotment.lots[1].reservations = vec![ReservationBasis::DisabilityAndInsertion];
    assert_absent(&eval(&p), "RESERVATION_COMBINATION_FORBIDDEN");
    // The prison case keeps its own message, not a second error.
    p.allotment.lots[1].reservations = vec![ReservationBasis::Prison, ReservationBasis::Disability];
    let e = eval(&p);
    assert!(has(&e, "RESERVATION_PRISON_COMBINED"));
    assert_absent(&e, "RESERVATION_COMBINATION_FORBIDDEN");
}

#[test]
fn reserved_lot_with_insertion_clause_is_redundant_info() {
    let mut p = reserved(&[ReservationBasis::Insertion]);
    p.allotment.lots[1].insertion_clause = Some(general_clause(70.0, 3200, 7.0));
    let e = eval(&p);
    let f = expect(
        &e,
        "RESERVED_WITH_CLAUSE",
        Severity::Info,
        "allotment.lots[1].insertion_clause",
    );
    assert_eq!(f.lot, Some(2));
    assert!(!e.has_errors(), "{:#?}", e.findings);
    // reservation without clause, clause without reservation
    assert_absent(
        &eval(&reserved(&[ReservationBasis::Insertion])),
        "RESERVED_WITH_CLAUSE",
    );
    let mut p = base();
    p.allotment.lots[1].insertion_clause = Some(general_clause(70.0, 3200, 7.0));
    assert_absent(&eval(&p), "RESERVED_WITH_CLAUSE");
}

#[test]
fn ess_reserved_lot_with_insertion_clause_is_not_redundant() {
    let mut p = ess();
    p.allotment.lots[1].insertion_clause = Some(general_clause(80.0, 2400, 5.0));
    assert_absent(&eval(&p), "RESERVED_WITH_CLAUSE");
}

#[test]
fn reserved_insertion_market() {
    let mut p = reserved(&[ReservationBasis::Insertion]);
    p.allotment.lots[1].insertion_market = true;
    let f = expect(
        &eval(&p),
        "RESERVED_INSERTION_MARKET",
        Severity::Info,
        "allotment.lots[1].insertion_market",
    );
    assert_eq!(f.lot, Some(2));
    let mut p = base();
    p.allotment.lots[1].insertion_market = true;
    assert_absent(&eval(&p), "RESERVED_INSERTION_MARKET");
}

// ---------------------------------------------------------------------------------------------
// Insertion clause and criterion
// ---------------------------------------------------------------------------------------------

fn with_clause(clause: InsertionClause) -> Project {
    let mut p = base();
    p.allotment.lots[0].insertion_clause = Some(clause);
    p
}

#[test]
fn complete_clause_has_no_warning() {
    let e = eval(&with_clause(general_clause(50.0, 3200, 7.0)));
    assert!(!e.has_errors(), "{:#?}", e.findings);
    assert_eq!(e.count(Severity::Warning), 0, "{:#?}", e.findings);
    let f = expect(
        &e,
        "CLAUSE_PENALTY_PROPORTIONATE",
        Severity::Info,
        "allotment.lots[0].insertion_clause.penalty_per_hour_cents",
    );
    assert!(f.to_verify);
    assert_eq!(e.lots[0].hours.as_ref().unwrap().hours, 273); // 250 000 × 50 % × 7 % ÷ 32
}

#[test]
fn trade_unknown_and_preset_to_verify() {
    let mut p = with_clause(general_clause(45.0, 3200, 5.0));
    p.allotment.lots[0].trade = Some("astrophysique".into());
    let f = expect(
        &eval(&p),
        "TRADE_UNKNOWN",
        Severity::Warning,
        "allotment.lots[0].trade",
    );
    assert_eq!(f.lot, Some(1));
    // a preset marked to_verify, with a clause
    p.allotment.lots[0].trade = Some("menuiserie".into());
    let e = eval(&p);
    assert_absent(&e, "TRADE_UNKNOWN");
    let f = expect(
        &e,
        "TRADE_PRESET_TO_VERIFY",
        Severity::Info,
        "allotment.lots[0].trade",
    );
    assert!(f.to_verify);
    // a confirmed preset
    p.allotment.lots[0].trade = Some("maconnerie".into());
    assert_absent(&eval(&p), "TRADE_PRESET_TO_VERIFY");
    // a preset to verify without a clause says nothing
    let mut p = base();
    p.allotment.lots[0].trade = Some("menuiserie".into());
    let e = eval(&p);
    assert_absent(&e, "TRADE_PRESET_TO_VERIFY");
    assert_absent(&e, "TRADE_UNKNOWN");
}

#[test]
fn criterion_weight_invalid_outside_1_to_100() {
    let field = "allotment.lots[0].insertion_criterion.weight_percent";
    for w in [0, 101, u32::MAX] {
        let mut p = base();
        p.allotment.lots[0].insertion_criterion = Some(InsertionCriterion {
            weight_percent: w,
            subcriteria: vec![],
        });
        let e = eval(&p);
        let f = expect(&e, "CRITERION_WEIGHT_INVALID", Severity::Error, field);
        assert_eq!(f.lot, Some(1));
        assert_absent(&e, "CRITERION_WEIGHT_UNUSUAL");
    }
}

#[test]
fn criterion_weight_unusual_outside_5_to_30() {
    let field = "allotment.lots[0].insertion_criterion.weight_percent";
    for (w, unusual) in [
        (1, true),
        (4, true),
        (5, false),
        (20, false),
        (30, false),
        (31, true),
        (100, true),
    ] {
        let mut p = base();
        p.allotment.lots[0].insertion_criterion = Some(InsertionCriterion {
            weight_percent: w,
            subcriteria: vec![],
        });
        let e = eval(&p);
        assert_absent(&e, "CRITERION_WEIGHT_INVALID");
        if unusual {
            expect(&e, "CRITERION_WEIGHT_UNUSUAL", Severity::Warning, field);
        } else {
            assert_absent(&e, "CRITERION_WEIGHT_UNUSUAL");
        }
    }
}

#[test]
fn clause_publics_missing_or_unknown() {
    let mut clause = general_clause(50.0, 3200, 7.0);
    clause.publics.clear();
    let e = eval(&with_clause(clause.clone()));
    expect(
        &e,
        "CLAUSE_NO_PUBLICS",
        Severity::Warning,
        "allotment.lots[0].insertion_clause.publics",
    );
    assert_absent(&e, "CLAUSE_UNKNOWN_PUBLIC");
    clause.publics = vec!["jeunes".into(), "martiens".into()];
    let e = eval(&with_clause(clause.clone()));
    let f = expect(
        &e,
        "CLAUSE_UNKNOWN_PUBLIC",
        Severity::Error,
        "allotment.lots[0].insertion_clause.publics",
    );
    assert!(f.message.contains("martiens"));
    assert_eq!(f.lot, Some(1));
    assert_absent(&e, "CLAUSE_NO_PUBLICS");
    // ids are exact: case matters
    clause.publics = vec!["Jeunes".into()];
    expect(
        &eval(&with_clause(clause.clone())),
        "CLAUSE_UNKNOWN_PUBLIC",
        Severity::Error,
        "allotment.lots[0].insertion_clause.publics",
    );
    clause.publics = vec!["residents-qpv".into()];
    assert_absent(&eval(&with_clause(clause)), "CLAUSE_UNKNOWN_PUBLIC");
}

#[test]
fn clause_modes_missing_or_unknown() {
    let mut clause = general_clause(50.0, 3200, 7.0);
    clause.modes.clear();
    let e = eval(&with_clause(clause.clone()));
    expect(
        &e,
        "CLAUSE_NO_MODES",
        Severity::Warning,
        "allotment.lots[0].insertion_clause.modes",
    );
    assert_absent(&e, "CLAUSE_UNKNOWN_MODE");
    clause.modes = vec!["teletravail".into()];
    let e = eval(&with_clause(clause.clone()));
    expect(
        &e,
        "CLAUSE_UNKNOWN_MODE",
        Severity::Error,
        "allotment.lots[0].insertion_clause.modes",
    );
    assert_absent(&e, "CLAUSE_NO_MODES");
    clause.modes = vec!["sous-traitance-handicap".into()];
    let e = eval(&with_clause(clause));
    assert_absent(&e, "CLAUSE_UNKNOWN_MODE");
    assert_absent(&e, "CLAUSE_NO_MODES");
}

#[test]
fn clause_without_penalty() {
    let mut clause = general_clause(50.0, 3200, 7.0);
    clause.penalty_per_hour_cents = None;
    let e = eval(&with_clause(clause));
    expect(
        &e,
        "CLAUSE_NO_PENALTY",
        Severity::Warning,
        "allotment.lots[0].insertion_clause.penalty_per_hour_cents",
    );
    assert_absent(&e, "CLAUSE_PENALTY_PROPORTIONATE");
    let e = eval(&with_clause(general_clause(50.0, 3200, 7.0)));
    assert_absent(&e, "CLAUSE_NO_PENALTY");
}

#[test]
fn clause_without_facilitator() {
    let mut p = with_clause(general_clause(50.0, 3200, 7.0));
    p.allotment.lots[1].insertion_clause = Some(general_clause(70.0, 3200, 7.0));
    p.facilitator = None;
    let e = eval(&p);
    let found = all(&e, "CLAUSE_NO_FACILITATOR");
    assert_eq!(
        found.len(),
        2,
        "one per lot with a clause: {:#?}",
        e.findings
    );
    assert!(found
        .iter()
        .all(|f| f.severity == Severity::Warning && f.field == "facilitator"));
    // no clause, no need for a facilitator
    let mut p = base();
    p.facilitator = None;
    assert_absent(&eval(&p), "CLAUSE_NO_FACILITATOR");
}

// ---------------------------------------------------------------------------------------------
// Hours
// ---------------------------------------------------------------------------------------------

/// Lot 1 of `cents` with 100 % labour, 1 % insertion at 10 €/h: hours = cents ÷ 100 000.
fn hours_project(cents: i64) -> Project {
    let mut p = with_clause(general_clause(100.0, 1000, 1.0));
    set_lot_amount(&mut p, 0, cents);
    p
}

#[test]
fn hours_too_small_below_a_week_rounded() {
    // 34.4 h → 34: too small
    let e = eval(&hours_project(3_440_000));
    let f = expect(
        &e,
        "HOURS_TOO_SMALL",
        Severity::Warning,
        "allotment.lots[0].insertion_clause.rate_percent",
    );
    assert_eq!(f.lot, Some(1));
    assert!(f.message.contains("34"), "{}", f.message);
    // 34.5 h → 35: fine
    let e = eval(&hours_project(3_450_000));
    assert_eq!(e.lots[0].hours.as_ref().unwrap().hours, 35);
    assert_absent(&e, "HOURS_TOO_SMALL");
    assert_absent(&e, "HOURS_CLEANING_TOO_SMALL");
}

#[test]
fn hours_too_small_by_override() {
    let mut p = hours_project(eur(250_000));
    p.allotment.lots[0]
        .insertion_clause
        .as_mut()
        .unwrap()
        .hours_override = Some(34);
    expect(
        &eval(&p),
        "HOURS_TOO_SMALL",
        Severity::Warning,
        "allotment.lots[0].insertion_clause.rate_percent",
    );
    p.allotment.lots[0]
        .insertion_clause
        .as_mut()
        .unwrap()
        .hours_override = Some(35);
    assert_absent(&eval(&p), "HOURS_TOO_SMALL");
}

/// Lot 1 of `cents`, cleaning method, 12 months, `transferred` hours taken over, 10 %:
/// with nothing taken over, hours = amount in euros ÷ 250.
fn cleaning_project(cents: i64, months: u32, transferred: f64) -> Project {
    let mut p = with_clause(cleaning_clause(transferred, 10.0));
    p.allotment.lots[0].nature = Some(Nature::Services);
    p.purchase.duration_months = months;
    set_lot_amount(&mut p, 0, cents);
    p
}

#[test]
fn cleaning_hours_too_small_below_150() {
    // 149 h exactly
    let e = eval(&cleaning_project(eur(37_250), 12, 0.0));
    assert_eq!(e.lots[0].hours.as_ref().unwrap().hours, 149);
    let f = expect(
        &e,
        "HOURS_CLEANING_TOO_SMALL",
        Severity::Warning,
        "allotment.lots[0].insertion_clause.rate_percent",
    );
    assert_eq!(f.lot, Some(1));
    assert!(
        f.message.contains("149") && f.message.contains("150"),
        "{}",
        f.message
    );
    assert_absent(&e, "HOURS_TOO_SMALL");
    // 150 h exactly
    let e = eval(&cleaning_project(eur(37_500), 12, 0.0));
    assert_eq!(e.lots[0].hours.as_ref().unwrap().hours, 150);
    assert_absent(&e, "HOURS_CLEANING_TOO_SMALL");
    // 149.5 h rounds to 150
    let e = eval(&cleaning_project(eur(37_375), 12, 0.0));
    assert_eq!(e.lots[0].hours.as_ref().unwrap().hours, 150);
    assert_absent(&e, "HOURS_CLEANING_TOO_SMALL");
}

#[test]
fn cleaning_hours_too_small_by_override() {
    let mut p = cleaning_project(eur(100_000), 12, 0.0);
    p.allotment.lots[0]
        .insertion_clause
        .as_mut()
        .unwrap()
        .hours_override = Some(149);
    expect(
        &eval(&p),
        "HOURS_CLEANING_TOO_SMALL",
        Severity::Warning,
        "allotment.lots[0].insertion_clause.rate_percent",
    );
    p.allotment.lots[0]
        .insertion_clause
        .as_mut()
        .unwrap()
        .hours_override = Some(150);
    assert_absent(&eval(&p), "HOURS_CLEANING_TOO_SMALL");
}

#[test]
fn cleaning_without_hiring_potential() {
    // A = 1 200 000 €, N = 48: A/N = 25 000 €; S = 1 000 h × C = 25 → P = 0
    let e = eval(&cleaning_project(eur(1_200_000), 48, 1000.0));
    let f = expect(
        &e,
        "HOURS_NO_POTENTIAL",
        Severity::Warning,
        "allotment.lots[0].insertion_clause.method",
    );
    assert_eq!(f.lot, Some(1));
    assert!(f.message.contains("pondération 0)"), "{}", f.message);
    assert_absent(&e, "HOURS_CLEANING_TOO_SMALL");
    // P < 0
    let e = eval(&cleaning_project(eur(1_200_000), 48, 5000.0));
    expect(
        &e,
        "HOURS_NO_POTENTIAL",
        Severity::Warning,
        "allotment.lots[0].insertion_clause.method",
    );
    // S = 999 h: P = 0.001, 4.8 h → some potential, but too small
    let e = eval(&cleaning_project(eur(1_200_000), 48, 999.0));
    assert_absent(&e, "HOURS_NO_POTENTIAL");
    expect(
        &e,
        "HOURS_CLEANING_TOO_SMALL",
        Severity::Warning,
        "allotment.lots[0].insertion_clause.rate_percent",
    );
    // S = 600 h: P = 0.4 → 1 920 h, fine
    let e = eval(&cleaning_project(eur(1_200_000), 48, 600.0));
    assert_absent(&e, "HOURS_NO_POTENTIAL");
    assert_absent(&e, "HOURS_CLEANING_TOO_SMALL");
}

#[test]
fn general_method_without_potential_by_zero_override() {
    let mut p = with_clause(general_clause(50.0, 3200, 7.0));
    p.allotment.lots[0]
        .insertion_clause
        .as_mut()
        .unwrap()
        .hours_override = Some(0);
    let e = eval(&p);
    expect(
        &e,
        "HOURS_NO_POTENTIAL",
        Severity::Warning,
        "allotment.lots[0].insertion_clause.rate_percent",
    );
    assert_absent(&e, "HOURS_TOO_SMALL");
}

#[test]
fn hours_above_labour_via_override() {
    // 250 000 € × 50 % ÷ 32 € = 3 906.25 labour hours
    let mut p = with_clause(general_clause(50.0, 3200, 7.0));
    p.allotment.lots[0]
        .insertion_clause
        .as_mut()
        .unwrap()
        .hours_override = Some(3907);
    let f = expect(
        &eval(&p),
        "HOURS_ABOVE_LABOUR",
        Severity::Error,
        "allotment.lots[0].insertion_clause.hours_override",
    );
    assert_eq!(f.lot, Some(1));
    p.allotment.lots[0]
        .insertion_clause
        .as_mut()
        .unwrap()
        .hours_override = Some(3906);
    assert_absent(&eval(&p), "HOURS_ABOVE_LABOUR");
    // computed hours never exceed labour hours (rate ≤ 100 %)
    let e = eval(&with_clause(general_clause(100.0, 1000, 100.0)));
    assert_absent(&e, "HOURS_ABOVE_LABOUR");
}

#[test]
fn hours_invalid_inputs_name_the_field() {
    let prefix = "allotment.lots[0].insertion_clause.";
    let cases = [
        (general_clause(0.0, 3200, 7.0), "labour_share_percent"),
        (general_clause(100.01, 3200, 7.0), "labour_share_percent"),
        (general_clause(f64::NAN, 3200, 7.0), "labour_share_percent"),
        (general_clause(50.0, 3200, 0.0), "rate_percent"),
        (general_clause(50.0, 3200, 101.0), "rate_percent"),
        (general_clause(50.0, 3200, f64::INFINITY), "rate_percent"),
        (general_clause(50.0, 0, 7.0), "hourly_cost_cents"),
        (general_clause(50.0, -1, 7.0), "hourly_cost_cents"),
        (cleaning_clause(-1.0, 10.0), "transferred_monthly_hours"),
        (cleaning_clause(f64::NAN, 10.0), "transferred_monthly_hours"),
        (cleaning_clause(0.0, 0.0), "rate_percent"),
    ];
    for (clause, field) in cases {
        let e = eval(&with_clause(clause));
        let f = one(&e, "HOURS_INVALID_INPUT");
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.lot, Some(1));
        assert!(
            f.field.starts_with(prefix) && f.field.ends_with(field),
            "{field}: {}",
            f.field
        );
        assert!(e.lots[0].hours.is_none());
        // no hours advice on an invalid clause
        for code in [
            "HOURS_TOO_SMALL",
            "HOURS_CLEANING_TOO_SMALL",
            "HOURS_NO_POTENTIAL",
            "HOURS_ABOVE_LABOUR",
        ] {
            assert_absent(&e, code);
        }
    }
    // the edges are valid
    for clause in [general_clause(100.0, 1, 100.0), cleaning_clause(0.0, 100.0)] {
        assert_absent(&eval(&with_clause(clause)), "HOURS_INVALID_INPUT");
    }
}

#[test]
fn hours_invalid_input_on_second_lot_points_to_it() {
    let mut p = base();
    p.allotment.lots[1].insertion_clause = Some(general_clause(50.0, 3200, 0.0));
    let f = expect(
        &eval(&p),
        "HOURS_INVALID_INPUT",
        Severity::Error,
        "allotment.lots[1].insertion_clause.rate_percent",
    );
    assert_eq!(f.lot, Some(2));
}

#[test]
fn hours_invalid_input_field_paths_exist_in_the_project_file() {
    let mut p = cleaning_project(eur(100_000), 12, 0.0);
    p.purchase.duration_months = 0;
    let f = one(&eval(&p), "HOURS_INVALID_INPUT");
    assert_eq!(f.field, "purchase.duration_months");
    let mut p = cleaning_project(eur(100_000), 12, 0.0);
    set_lot_amount(&mut p, 0, 0);
    let f = one(&eval(&p), "HOURS_INVALID_INPUT");
    assert_eq!(f.field, "allotment.lots[0].amount_cents");
}

#[test]
fn hours_invalid_input_for_cleaning_duration_and_amount_is_reported() {
    // whatever the field path, the error itself is emitted (see the ignored test above)
    let mut p = cleaning_project(eur(100_000), 12, 0.0);
    p.purchase.duration_months = 0;
    let e = eval(&p);
    assert_eq!(one(&e, "HOURS_INVALID_INPUT").severity, Severity::Error);
    assert!(has(&e, "DURATION_MISSING"));
    let mut p = cleaning_project(eur(100_000), 12, 0.0);
    set_lot_amount(&mut p, 0, 0);
    assert_eq!(
        one(&eval(&p), "HOURS_INVALID_INPUT").severity,
        Severity::Error
    );
}

// ---------------------------------------------------------------------------------------------
// Turnover, small lots
// ---------------------------------------------------------------------------------------------

fn turnover(required: i64, justification: &str) -> Project {
    let mut p = base(); // lot 1: 250 000 €
    p.allotment.lots[0].min_turnover_cents = Some(required);
    p.allotment.lots[0].min_turnover_justification = justification.into();
    p
}

#[test]
fn turnover_cap_is_1_5_times_from_2026() {
    let date = d(2026, 1, 1);
    let field = "allotment.lots[0].min_turnover_cents";
    assert_absent(
        &eval_on(&turnover(eur(375_000), ""), date),
        "TURNOVER_ABOVE_CAP",
    );
    let e = eval_on(&turnover(eur(375_000) + 1, ""), date);
    let f = expect(&e, "TURNOVER_ABOVE_CAP", Severity::Error, field);
    assert_eq!(f.lot, Some(1));
    assert!(f.message.contains("1,5"), "{}", f.message);
    assert_absent(&e, "TURNOVER_ABOVE_CAP_JUSTIFIED");
    assert_eq!(e.turnover_cap_factor, 1.5);
}

#[test]
fn turnover_cap_is_2_times_until_2025() {
    let date = d(2025, 12, 31);
    let field = "allotment.lots[0].min_turnover_cents";
    assert_absent(
        &eval_on(&turnover(eur(375_000) + 1, ""), date),
        "TURNOVER_ABOVE_CAP",
    );
    assert_absent(
        &eval_on(&turnover(eur(500_000), ""), date),
        "TURNOVER_ABOVE_CAP",
    );
    let e = eval_on(&turnover(eur(500_000) + 1, ""), date);
    expect(&e, "TURNOVER_ABOVE_CAP", Severity::Error, field);
    assert_eq!(e.turnover_cap_factor, 2.0);
}

#[test]
fn turnover_above_cap_with_justification_is_info() {
    let field = "allotment.lots[0].min_turnover_cents";
    let e = eval(&turnover(
        eur(500_000),
        "Ouvrage exceptionnel : continuité du service public exigée.",
    ));
    let f = expect(&e, "TURNOVER_ABOVE_CAP_JUSTIFIED", Severity::Info, field);
    assert_eq!(f.lot, Some(1));
    assert_absent(&e, "TURNOVER_ABOVE_CAP");
    // a blank justification is no justification
    let e = eval(&turnover(eur(500_000), "   "));
    expect(&e, "TURNOVER_ABOVE_CAP", Severity::Error, field);
    assert_absent(&e, "TURNOVER_ABOVE_CAP_JUSTIFIED");
    // within the cap, no finding at all
    let e = eval(&turnover(eur(375_000), "inutile"));
    assert_absent(&e, "TURNOVER_ABOVE_CAP_JUSTIFIED");
}

#[test]
fn small_lot_in_a_formalised_works_purchase() {
    // 6 M€ works, cap 20 % = 1.2 M€; the per-lot ceiling (1 M€) is strict
    let mut p = base();
    set_amounts(&mut p, &[eur(5_000_000) + 1, eur(1_000_000) - 1]);
    let e = eval(&p);
    let f = expect(
        &e,
        "SMALL_LOT_ELIGIBLE",
        Severity::Info,
        "allotment.lots[1].amount_cents",
    );
    assert_eq!(f.lot, Some(2));
    assert!(f.message.contains("procédure adaptée"), "{}", f.message);
    set_amounts(&mut p, &[eur(5_000_000), eur(1_000_000)]);
    assert_absent(&eval(&p), "SMALL_LOT_ELIGIBLE");
}

#[test]
fn small_lots_stay_within_twenty_percent_of_the_total() {
    // 5.5 M€: cap 1.1 M€; two lots of 600 k€ do not fit together, one does
    let mut p = base();
    set_amounts(&mut p, &[eur(4_300_000), eur(600_000), eur(600_000)]);
    let e = eval(&p);
    let small = all(&e, "SMALL_LOT_ELIGIBLE");
    assert_eq!(small.len(), 1, "{:#?}", e.findings);
    assert_eq!(small[0].lot, Some(2));
}

#[test]
fn small_lot_in_an_adapted_purchase_below_the_exemption() {
    // adapted works (400 k€ + 99 999,99 €): the small lot may go without publicity
    let mut p = base();
    set_amounts(&mut p, &[eur(400_000), eur(100_000) - 1]);
    let e = eval(&p);
    let f = expect(
        &e,
        "SMALL_LOT_ELIGIBLE",
        Severity::Info,
        "allotment.lots[1].amount_cents",
    );
    assert!(f.message.contains("sans publicité"), "{}", f.message);
    set_amounts(&mut p, &[eur(400_000), eur(100_000)]);
    assert_absent(&eval(&p), "SMALL_LOT_ELIGIBLE");
    // never for a single contract
    let mut p = non_allotted();
    set_lot_amount(&mut p, 0, eur(50_000));
    assert_absent(&eval(&p), "SMALL_LOT_ELIGIBLE");
}

// ---------------------------------------------------------------------------------------------
// Climate law (from 2026-08-21)
// ---------------------------------------------------------------------------------------------

/// Works at exactly the 2026 EU threshold (5 404 000 €), in two lots, no lever.
fn at_eu_threshold() -> Project {
    let mut p = base();
    set_amounts(&mut p, &[eur(3_404_000), eur(2_000_000)]);
    p
}

#[test]
fn social_condition_missing_at_the_eu_threshold_from_21_august_2026() {
    let p = at_eu_threshold();
    let e = eval_on(&p, d(2026, 8, 21));
    let found = all(&e, "SOCIAL_CONDITION_MISSING");
    assert_eq!(found.len(), 2, "{:#?}", e.findings);
    for (i, f) in found.iter().enumerate() {
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.lot, Some(i as u32 + 1));
        assert_eq!(f.field, format!("allotment.lots[{i}].insertion_clause"));
        assert!(f.to_verify);
        assert_eq!(f.legal_ref, "L2112-2-1");
    }
    // the day before the law applies
    assert_absent(&eval_on(&p, d(2026, 8, 20)), "SOCIAL_CONDITION_MISSING");
    // one cent below the threshold
    let mut p = base();
    set_amounts(&mut p, &[eur(3_404_000) - 1, eur(2_000_000)]);
    assert_absent(&eval_on(&p, d(2026, 8, 21)), "SOCIAL_CONDITION_MISSING");
}

#[test]
fn social_condition_uses_the_buyer_s_eu_threshold() {
    // services for a local authority: 216 000 €
    let mut p = base();
    p.purchase.nature = Nature::Services;
    set_amounts(&mut p, &[eur(116_000), eur(100_000)]);
    assert_eq!(all(&eval(&p), "SOCIAL_CONDITION_MISSING").len(), 2);
    set_amounts(&mut p, &[eur(116_000) - 1, eur(100_000)]);
    assert_absent(&eval(&p), "SOCIAL_CONDITION_MISSING");
    // central government: 140 000 €
    p.meta.buyer.kind = BuyerKind::CentralGovernment;
    set_amounts(&mut p, &[eur(70_000), eur(70_000)]);
    assert_eq!(all(&eval(&p), "SOCIAL_CONDITION_MISSING").len(), 2);
}

#[test]
fn social_condition_satisfied_by_any_lever_per_lot() {
    let mut p = at_eu_threshold();
    p.allotment.lots[0].insertion_clause = Some(general_clause(50.0, 3200, 5.0));
    let e = eval(&p);
    let f = one(&e, "SOCIAL_CONDITION_MISSING");
    assert_eq!(f.lot, Some(2));
    assert_eq!(f.field, "allotment.lots[1].insertion_clause");
    p.allotment.lots[1].reservations = vec![ReservationBasis::Insertion];
    assert_absent(&eval(&p), "SOCIAL_CONDITION_MISSING");
    p.allotment.lots[1].reservations.clear();
    p.allotment.lots[1].insertion_market = true;
    assert_absent(&eval(&p), "SOCIAL_CONDITION_MISSING");
}

#[test]
fn social_condition_not_satisfied_by_an_award_criterion_alone() {
    let mut p = at_eu_threshold();
    for l in &mut p.allotment.lots {
        l.insertion_criterion = Some(InsertionCriterion {
            weight_percent: 10,
            subcriteria: vec![],
        });
    }
    assert_eq!(all(&eval(&p), "SOCIAL_CONDITION_MISSING").len(), 2);
}

fn exception(lot: Option<u32>, reasons: &str) -> SocialException {
    SocialException {
        lot,
        ground: ExceptionGround::NoLinkWithObject,
        reasons: reasons.into(),
    }
}

#[test]
fn social_exception_with_reasons_is_info() {
    let mut p = at_eu_threshold();
    p.social_exceptions = vec![exception(
        None,
        "Fourniture et pose d'équipements standard sans main-d'œuvre locale.",
    )];
    let e = eval(&p);
    assert_absent(&e, "SOCIAL_CONDITION_MISSING");
    let found = all(&e, "SOCIAL_CONDITION_EXCEPTION");
    assert_eq!(found.len(), 2);
    for f in found {
        assert_eq!(f.severity, Severity::Info);
        assert_eq!(f.field, "social_exceptions");
        assert!(f.to_verify);
    }
    assert!(!e.has_errors(), "{:#?}", e.findings);
}

#[test]
fn social_exception_for_one_lot_only_covers_that_lot() {
    let mut p = at_eu_threshold();
    p.social_exceptions = vec![exception(Some(2), "Prestation très technique.")];
    let e = eval(&p);
    let f = expect(
        &e,
        "SOCIAL_CONDITION_EXCEPTION",
        Severity::Info,
        "social_exceptions",
    );
    assert_eq!(f.lot, Some(2));
    assert_eq!(one(&e, "SOCIAL_CONDITION_MISSING").lot, Some(1));
    // an exception for a lot that does not exist covers nothing
    p.social_exceptions = vec![exception(Some(9), "Prestation très technique.")];
    assert_eq!(all(&eval(&p), "SOCIAL_CONDITION_MISSING").len(), 2);
}

#[test]
fn social_exception_for_a_lot_takes_precedence_over_the_purchase_wide_one() {
    let global = exception(
        None,
        "Équipements standard, aucun lien avec l'emploi local.",
    );
    let own = exception(Some(2), "");
    for list in [
        vec![global.clone(), own.clone()],
        vec![own.clone(), global.clone()],
    ] {
        let mut p = at_eu_threshold();
        p.social_exceptions = list;
        let e = eval(&p);
        assert_eq!(
            one(&e, "SOCIAL_EXCEPTION_NO_REASONS").lot,
            Some(2),
            "{:#?}",
            e.findings
        );
        assert_eq!(
            one(&e, "SOCIAL_CONDITION_EXCEPTION").lot,
            Some(1),
            "{:#?}",
            e.findings
        );
    }
}

#[test]
fn social_exception_without_reasons_is_an_error() {
    let mut p = at_eu_threshold();
    p.social_exceptions = vec![exception(Some(1), "  \n")];
    let e = eval(&p);
    let f = expect(
        &e,
        "SOCIAL_EXCEPTION_NO_REASONS",
        Severity::Error,
        "social_exceptions",
    );
    assert_eq!(f.lot, Some(1));
    assert_absent(&e, "SOCIAL_CONDITION_EXCEPTION");
    assert_eq!(one(&e, "SOCIAL_CONDITION_MISSING").lot, Some(2));
    // not checked when the social condition is not mandatory
    assert_absent(&eval_on(&p, d(2026, 8, 20)), "SOCIAL_EXCEPTION_NO_REASONS");
    // a lot with a lever does not need the exception
    p.allotment.lots[0].reservations = vec![ReservationBasis::Disability];
    assert_absent(&eval(&p), "SOCIAL_EXCEPTION_NO_REASONS");
}

#[test]
fn environmental_condition_missing_from_21_august_2026() {
    for condition in [None, Some(String::new()), Some("  ".to_string())] {
        let mut p = base();
        p.environment.condition = condition;
        let f = expect(
            &eval_on(&p, d(2026, 8, 21)),
            "ENVIRONMENTAL_CONDITION_MISSING",
            Severity::Error,
            "environment.condition",
        );
        assert_eq!(f.lot, None);
        assert_eq!(f.legal_ref, "L2112-2");
        assert_absent(
            &eval_on(&p, d(2026, 8, 20)),
            "ENVIRONMENTAL_CONDITION_MISSING",
        );
    }
    assert_absent(
        &eval_on(&base(), d(2026, 8, 21)),
        "ENVIRONMENTAL_CONDITION_MISSING",
    );
}

#[test]
fn environmental_criterion_missing_from_21_august_2026() {
    for criterion in [None, Some(" ".to_string())] {
        let mut p = base();
        p.environment.criterion = criterion;
        expect(
            &eval_on(&p, d(2026, 8, 21)),
            "ENVIRONMENTAL_CRITERION_MISSING",
            Severity::Error,
            "environment.criterion",
        );
        assert_absent(
            &eval_on(&p, d(2026, 8, 20)),
            "ENVIRONMENTAL_CRITERION_MISSING",
        );
    }
    assert_absent(
        &eval_on(&base(), d(2026, 8, 21)),
        "ENVIRONMENTAL_CRITERION_MISSING",
    );
}

#[test]
fn environmental_criterion_not_required_without_competition() {
    // works below 100 000 €: no publicity, no competition, hence no award criteria
    let mut p = base();
    set_amounts(&mut p, &[eur(50_000), eur(40_000)]);
    p.environment = EnvironmentalTerms::default();
    let e = eval(&p);
    assert_absent(&e, "ENVIRONMENTAL_CRITERION_MISSING");
    expect(
        &e,
        "ENVIRONMENTAL_CONDITION_MISSING",
        Severity::Error,
        "environment.condition",
    );
}

// ---------------------------------------------------------------------------------------------
// SME access
// ---------------------------------------------------------------------------------------------

#[test]
fn advance_below_the_sme_minimum() {
    // local authority: 5 %
    let mut p = base();
    p.sme_access.advance_percent = Some(4.99);
    let f = expect(
        &eval(&p),
        "ADVANCE_BELOW_MINIMUM",
        Severity::Error,
        "sme_access.advance_percent",
    );
    assert!(
        f.message.contains("4,99") && f.message.contains('5'),
        "{}",
        f.message
    );
    p.sme_access.advance_percent = Some(5.0);
    assert_absent(&eval(&p), "ADVANCE_BELOW_MINIMUM");
    p.sme_access.advance_percent = None;
    assert_absent(&eval(&p), "ADVANCE_BELOW_MINIMUM");
    // central government: 30 %
    let mut p = base();
    p.meta.buyer.kind = BuyerKind::CentralGovernment;
    p.sme_access.advance_percent = Some(29.99);
    expect(
        &eval(&p),
        "ADVANCE_BELOW_MINIMUM",
        Severity::Error,
        "sme_access.advance_percent",
    );
    p.sme_access.advance_percent = Some(30.0);
    assert_absent(&eval(&p), "ADVANCE_BELOW_MINIMUM");
}

#[test]
fn advance_not_due_for_short_or_small_contracts() {
    let mut p = base();
    p.sme_access.advance_percent = Some(0.0);
    assert!(has(&eval(&p), "ADVANCE_BELOW_MINIMUM"));
    // two months or less
    p.purchase.duration_months = 2;
    assert_absent(&eval(&p), "ADVANCE_BELOW_MINIMUM");
    p.purchase.duration_months = 3;
    assert!(has(&eval(&p), "ADVANCE_BELOW_MINIMUM"));
    // no lot above 50 000 €
    set_amounts(&mut p, &[eur(50_000), eur(50_000)]);
    assert_absent(&eval(&p), "ADVANCE_BELOW_MINIMUM");
    set_amounts(&mut p, &[eur(50_000), eur(50_000) + 1]);
    assert!(has(&eval(&p), "ADVANCE_BELOW_MINIMUM"));
}

/// R2191-3 applies to each marché: in an allotted purchase, each lot. A purchase of
/// 60 000 € in two lots of 30 000 € owes no advance; the clause names the lots concerned.
#[test]
fn r2191_3_advance_is_judged_lot_by_lot() {
    let mut p = base();
    set_amounts(&mut p, &[eur(30_000), eur(30_000)]);
    p.sme_access.advance_percent = Some(0.0);
    let e = eval(&p);
    assert!(!e.advance_due);
    assert!(e.lots.iter().all(|l| !l.advance_due));
    assert_absent(&e, "ADVANCE_BELOW_MINIMUM");
    set_amounts(&mut p, &[eur(30_000), eur(120_000)]);
    let e = eval(&p);
    assert!(e.advance_due);
    assert_eq!(
        e.lots.iter().map(|l| l.advance_due).collect::<Vec<_>>(),
        [false, true]
    );
    let f = one(&e, "ADVANCE_BELOW_MINIMUM");
    assert!(f.message.contains("lots concernés : 2"), "{}", f.message);
}

/// R2191-7: 10 % minimum when the holder is an SME and the buyer is a local authority whose
/// real operating expenses exceed 60 M€.
#[test]
fn r2191_7_large_departement_five_percent_advance_is_below_minimum() {
    let mut p = base();
    p.meta.buyer.name = "Département".into();
    p.meta.buyer.large_body = true;
    p.sme_access.advance_percent = Some(5.0);
    let e = eval(&p);
    assert_eq!(e.advance_minimum_percent, 10.0);
    let f = expect(
        &e,
        "ADVANCE_BELOW_MINIMUM",
        Severity::Error,
        "sme_access.advance_percent",
    );
    assert!(f.message.contains("10\u{a0}%"), "{}", f.message);
    assert!(
        f.message.contains("60 M€"),
        "names the category: {}",
        f.message
    );
    assert_eq!(f.legal_ref, "R2191-7");
    p.sme_access.advance_percent = Some(10.0);
    assert_absent(&eval(&p), "ADVANCE_BELOW_MINIMUM");
    // The same 5 % is lawful for a small commune.
    p.meta.buyer.large_body = false;
    p.sme_access.advance_percent = Some(5.0);
    assert_absent(&eval(&p), "ADVANCE_BELOW_MINIMUM");
}

/// R2191-33: 5 % at most for every buyer; the 3 % SME cap binds only the State and the
/// bodies above 60 M€. A small commune may keep 5 %.
#[test]
fn r2191_33_small_commune_may_keep_a_five_percent_retention() {
    let mut p = base();
    p.sme_access.retention_percent = Some(5.0);
    let e = eval(&p);
    assert!(!e.retention_sme_cap_applies);
    assert_absent(&e, "RETENTION_ABOVE_CAP");
    assert_absent(&e, "RETENTION_ABOVE_MAX");
    // Above 5 %: unlawful for anyone.
    p.sme_access.retention_percent = Some(5.01);
    let f = expect(
        &eval(&p),
        "RETENTION_ABOVE_MAX",
        Severity::Error,
        "sme_access.retention_percent",
    );
    assert!(f.message.contains("5,01"), "{}", f.message);
    assert_eq!(f.legal_ref, "R2191-33");
}

#[test]
fn r2191_33_sme_cap_of_three_percent_for_the_state_and_large_bodies() {
    for setup in [
        |p: &mut Project| p.meta.buyer.kind = BuyerKind::CentralGovernment,
        |p: &mut Project| p.meta.buyer.large_body = true,
    ] {
        let mut p = base();
        setup(&mut p);
        p.sme_access.retention_percent = Some(3.01);
        let e = eval(&p);
        assert!(e.retention_sme_cap_applies);
        let f = expect(
            &e,
            "RETENTION_ABOVE_CAP",
            Severity::Info,
            "sme_access.retention_percent",
        );
        assert!(f.message.contains("3,01"), "{}", f.message);
        p.sme_access.retention_percent = Some(3.0);
        assert_absent(&eval(&p), "RETENTION_ABOVE_CAP");
        p.sme_access.retention_percent = Some(0.0);
        assert_absent(&eval(&p), "RETENTION_ABOVE_CAP");
    }
}

#[test]
fn groupement_form_must_be_justified() {
    for form in [GroupementForm::Joint, GroupementForm::Several] {
        let mut p = base();
        p.sme_access.groupement_form_after_award = form;
        expect(
            &eval(&p),
            "GROUPEMENT_FORM_UNJUSTIFIED",
            Severity::Error,
            "sme_access.groupement_justification",
        );
        p.sme_access.groupement_justification = "  ".into();
        expect(
            &eval(&p),
            "GROUPEMENT_FORM_UNJUSTIFIED",
            Severity::Error,
            "sme_access.groupement_justification",
        );
        p.sme_access.groupement_justification =
            "Ouvrage indivisible : une seule garantie décennale.".into();
        assert_absent(&eval(&p), "GROUPEMENT_FORM_UNJUSTIFIED");
    }
    let mut p = base();
    p.sme_access.groupement_form_after_award = GroupementForm::Free;
    assert_absent(&eval(&p), "GROUPEMENT_FORM_UNJUSTIFIED");
}

// ---------------------------------------------------------------------------------------------
// Tests written from the articles (legal audit of November 2026)
// ---------------------------------------------------------------------------------------------

/// A cleaning lot above the EU threshold whose staff taken over exceed the hiring potential:
/// the branch method gives 0 hours. L2112-2-1 asks for a condition that takes social
/// considerations into account; an obligation of zero hours takes none.
#[test]
fn l2112_2_1_cleaning_lot_with_no_potential_lacks_the_social_condition() {
    let mut p = base();
    p.purchase.nature = Nature::Services;
    p.purchase.duration_months = 48;
    set_amounts(&mut p, &[eur(720_000), eur(480_000)]);
    p.allotment.lots[0].insertion_clause = Some(cleaning_clause(650.0, 10.0));
    p.allotment.lots[1].insertion_clause = Some(cleaning_clause(240.0, 10.0));
    let e = eval(&p);
    assert_eq!(e.lots[0].hours.as_ref().unwrap().hours, 0);
    let f = one(&e, "SOCIAL_CONDITION_MISSING");
    assert_eq!(f.lot, Some(1));
    assert!(f.message.contains("aucune heure"), "{}", f.message);
    let nothing = all(&e, "HOURS_NO_POTENTIAL");
    assert_eq!(nothing.len(), 1);
    assert!(
        nothing[0].message.contains("pas reprise"),
        "{}",
        nothing[0].message
    );
    // An exception with its reasons lifts the error.
    p.social_exceptions = vec![exception(
        Some(1),
        "Les salariés repris couvrent déjà tout le besoin de main-d'œuvre du lot.",
    )];
    assert_absent(&eval(&p), "SOCIAL_CONDITION_MISSING");
}

/// M-2: an ESS reservation limits who may bid; it is no execution condition of its own.
#[test]
fn l2112_2_1_an_ess_reservation_alone_is_not_the_social_condition() {
    let mut p = ess();
    set_amounts(&mut p, &[eur(200_000), eur(150_000)]);
    p.allotment.lots[0].reservations = vec![ReservationBasis::Ess];
    p.allotment.lots[1].reservations = vec![ReservationBasis::Ess];
    p.purchase.specific_services = false;
    let e = eval(&p);
    assert!(e.procedure.social_condition_mandatory);
    let found = all(&e, "SOCIAL_CONDITION_MISSING");
    assert_eq!(found.len(), 2, "{:#?}", e.findings);
    assert!(found[0].message.contains("ESS"), "{}", found[0].message);
    // With a clause of its own, the ESS lot complies.
    p.allotment.lots[0].insertion_clause = Some(general_clause(80.0, 2500, 5.0));
    assert_eq!(all(&eval(&p), "SOCIAL_CONDITION_MISSING").len(), 1);
    // An employment reservation carries the condition by itself.
    p.allotment.lots[1].reservations = vec![ReservationBasis::Insertion];
    assert_absent(&eval(&p), "SOCIAL_CONDITION_MISSING");
}

/// Directive 2014/24/EU art. 74–75: 760 000 € of social services are awarded by adapted
/// procedure but advertised in the OJEU; the CCP article is shown « à vérifier ».
#[test]
fn social_services_of_760_thousand_are_advertised_in_the_ojeu() {
    let mut p = base();
    p.purchase.nature = Nature::Services;
    p.purchase.specific_services = true;
    set_amounts(&mut p, &[eur(460_000), eur(300_000)]);
    p.allotment.lots[0].insertion_clause = Some(general_clause(60.0, 2600, 5.0));
    p.allotment.lots[1].insertion_clause = Some(general_clause(60.0, 2600, 5.0));
    let e = eval(&p);
    assert_eq!(e.procedure.regime, Regime::Adapted);
    assert_eq!(
        e.procedure.publicity,
        crate::rules::Publicity::JoueSocialServices
    );
    let f = expect(
        &e,
        "SOCIAL_SERVICES_EU_PUBLICITY",
        Severity::Info,
        "purchase.amount_cents",
    );
    assert!(f.message.contains("JOUE"), "{}", f.message);
    assert!(f.to_verify && !f.verify_reason.is_empty());
    set_amounts(&mut p, &[eur(449_000), eur(300_000)]);
    assert_absent(&eval(&p), "SOCIAL_SERVICES_EU_PUBLICITY");
}

/// Audit A.3-3: the social condition is applied to social services from the general services
/// threshold, the prudent reading; the message says the other reading is possible.
#[test]
fn social_services_condition_threshold_is_flagged_to_verify() {
    let mut p = base();
    p.purchase.nature = Nature::Services;
    p.purchase.specific_services = true;
    set_amounts(&mut p, &[eur(200_000), eur(100_000)]);
    let e = eval(&p);
    let f = expect(
        &e,
        "SOCIAL_CONDITION_THRESHOLD_SOCIAL_SERVICES",
        Severity::Info,
        "purchase.specific_services",
    );
    assert!(f.to_verify);
    p.purchase.specific_services = false;
    assert_absent(&eval(&p), "SOCIAL_CONDITION_THRESHOLD_SOCIAL_SERVICES");
}

/// Defence and security contracts: their own EU threshold, none of the climate-law errors.
#[test]
fn defence_buyer_gets_no_climate_law_obligation() {
    let mut p = base();
    p.meta.buyer.kind = BuyerKind::DefenceSecurity;
    p.purchase.nature = Nature::Supplies;
    set_amounts(&mut p, &[eur(300_000), eur(200_000)]);
    p.environment = EnvironmentalTerms::default();
    let e = eval(&p);
    assert_eq!(e.procedure.regime, Regime::Formalised);
    assert_absent(&e, "SOCIAL_CONDITION_MISSING");
    assert_absent(&e, "ENVIRONMENTAL_CONDITION_MISSING");
    assert_absent(&e, "ENVIRONMENTAL_CRITERION_MISSING");
    expect(
        &e,
        "CLIMATE_LAW_NOT_FOR_DEFENCE",
        Severity::Info,
        "meta.buyer.kind",
    );
    // The same purchase by a local authority gets them.
    p.meta.buyer.kind = BuyerKind::LocalAuthority;
    let e = eval(&p);
    assert!(has(&e, "SOCIAL_CONDITION_MISSING"));
    assert!(has(&e, "ENVIRONMENTAL_CONDITION_MISSING"));
    assert_absent(&e, "CLIMATE_LAW_NOT_FOR_DEFENCE");
}

/// The « solution immédiatement disponible » ground is accepted but shown « à vérifier ».
#[test]
fn immediately_available_solution_ground_is_shown_to_verify() {
    let mut p = at_eu_threshold();
    p.social_exceptions = vec![SocialException {
        lot: None,
        ground: ExceptionGround::ImmediatelyAvailable,
        reasons: "Équipements standard disponibles sur catalogue, livrés en une fois.".into(),
    }];
    let e = eval(&p);
    for f in all(&e, "SOCIAL_CONDITION_EXCEPTION") {
        assert!(f.to_verify);
        assert!(
            f.verify_reason.contains("concessions"),
            "{}",
            f.verify_reason
        );
    }
    assert!(!e.has_errors(), "{:#?}", e.findings);
}

/// The launch day disputed between the decree (21 August) and Légifrance (22 August) gives
/// the date's own reason; later days give the exceptions' one.
#[test]
fn social_condition_on_the_disputed_first_day_carries_the_date_doubt() {
    let p = at_eu_threshold();
    let first = eval_on(&p, d(2026, 8, 21));
    let f = &all(&first, "SOCIAL_CONDITION_MISSING")[0];
    assert!(f.verify_reason.contains("22 août"), "{}", f.verify_reason);
    let later = eval(&p);
    let f = &all(&later, "SOCIAL_CONDITION_MISSING")[0];
    assert!(!f.verify_reason.contains("22 août"), "{}", f.verify_reason);
    assert!(
        f.reference_suffix(" (à vérifier)")
            .contains("(à vérifier : "),
        "{}",
        f.reference_suffix(" (à vérifier)")
    );
}

// ---------------------------------------------------------------------------------------------
// Social conditions of the other families (issue 13)
// ---------------------------------------------------------------------------------------------

/// The family's default choices, a quantity where it measures one, and a penalty.
fn full_condition(family: crate::model::SocialFamily) -> crate::model::SocialCondition {
    let f = data().social.family(family);
    crate::model::SocialCondition {
        family,
        obligations: f.default_obligations.clone(),
        quantity: f.quantity.as_ref().map(|_| 10.0),
        controls: f.default_controls.clone(),
        penalty_cents: Some(eur(200)),
        reporting: ReportingFrequency::Quarterly,
        details: String::new(),
    }
}

#[test]
fn l2112_2_1_any_family_with_real_content_is_the_social_condition() {
    use crate::model::SocialFamily;
    for family in SocialFamily::ALL {
        let mut p = at_eu_threshold();
        // supplies, so that the supply chain and fair trade have goods to act on
        p.purchase.nature = Nature::Supplies;
        set_amounts(&mut p, &[eur(200_000), eur(100_000)]);
        p.allotment.lots[0].social_conditions = vec![full_condition(family)];
        p.allotment.lots[1].social_conditions = vec![full_condition(family)];
        let e = eval(&p);
        assert_absent(&e, "SOCIAL_CONDITION_MISSING");
        assert_absent(&e, "SOCIAL_CONDITION_NO_OBLIGATION");
        assert_absent(&e, "SOCIAL_CONDITION_NO_CONTROL");
        assert_absent(&e, "SOCIAL_CONDITION_NO_PENALTY");
    }
}

#[test]
fn l2112_2_1_a_condition_without_obligation_control_or_quantity_does_not_count() {
    use crate::model::SocialFamily;
    let mut p = at_eu_threshold();
    // no obligation chosen
    let mut c = full_condition(SocialFamily::WorkingConditions);
    c.obligations.clear();
    p.allotment.lots[0].social_conditions = vec![c];
    let e = eval(&p);
    let f = expect(
        &e,
        "SOCIAL_CONDITION_NO_OBLIGATION",
        Severity::Warning,
        "allotment.lots[0].social_conditions[0].obligations",
    );
    assert_eq!(f.lot, Some(1));
    let missing = all(&e, "SOCIAL_CONDITION_MISSING");
    assert_eq!(missing.len(), 2);
    assert_eq!(missing[0].field, "allotment.lots[0].social_conditions");
    assert!(
        missing[0].message.contains("elle ne compte pas"),
        "{}",
        missing[0].message
    );
    // a quantity of zero, like a clause of 0 hours
    let mut c = full_condition(SocialFamily::Disability);
    c.quantity = Some(0.0);
    p.allotment.lots[0].social_conditions = vec![c];
    let e = eval(&p);
    expect(
        &e,
        "SOCIAL_CONDITION_NO_OBLIGATION",
        Severity::Warning,
        "allotment.lots[0].social_conditions[0].quantity",
    );
    assert_eq!(all(&e, "SOCIAL_CONDITION_MISSING").len(), 2);
    // no control
    let mut c = full_condition(SocialFamily::Equality);
    c.controls.clear();
    p.allotment.lots[0].social_conditions = vec![c];
    let e = eval(&p);
    expect(
        &e,
        "SOCIAL_CONDITION_NO_CONTROL",
        Severity::Warning,
        "allotment.lots[0].social_conditions[0].controls",
    );
    assert_eq!(all(&e, "SOCIAL_CONDITION_MISSING").len(), 2);
    // complete: lot 1 is covered, lot 2 still lacks one
    p.allotment.lots[0].social_conditions = vec![full_condition(SocialFamily::Equality)];
    assert_eq!(one(&eval(&p), "SOCIAL_CONDITION_MISSING").lot, Some(2));
}

#[test]
fn social_condition_without_penalty_unknown_choice_or_twice_the_same_family() {
    use crate::model::SocialFamily;
    let mut p = base();
    let mut c = full_condition(SocialFamily::Training);
    c.penalty_cents = None;
    c.controls.push("controle-inexistant".into());
    p.allotment.lots[0].social_conditions = vec![c, full_condition(SocialFamily::Training)];
    let e = eval(&p);
    expect(
        &e,
        "SOCIAL_CONDITION_NO_PENALTY",
        Severity::Warning,
        "allotment.lots[0].social_conditions[0].penalty_cents",
    );
    let f = expect(
        &e,
        "SOCIAL_CONDITION_UNKNOWN_CHOICE",
        Severity::Error,
        "allotment.lots[0].social_conditions[0]",
    );
    assert!(f.message.contains("controle-inexistant"), "{}", f.message);
    expect(
        &e,
        "SOCIAL_CONDITION_DUPLICATE",
        Severity::Warning,
        "allotment.lots[0].social_conditions[1].family",
    );
}

#[test]
fn a_supply_chain_condition_on_works_or_services_has_no_goods_to_follow() {
    use crate::model::SocialFamily;
    let mut p = base(); // works
    p.allotment.lots[0].social_conditions = vec![full_condition(SocialFamily::SupplyChain)];
    p.allotment.lots[1].social_conditions = vec![full_condition(SocialFamily::FairTrade)];
    let e = eval(&p);
    let f = expect(
        &e,
        "SUPPLY_CHAIN_WITHOUT_GOODS",
        Severity::Warning,
        "allotment.lots[0].social_conditions[0].family",
    );
    assert!(f.message.contains("travaux"), "{}", f.message);
    let f = expect(
        &e,
        "SOCIAL_FAMILY_UNSUITED",
        Severity::Warning,
        "allotment.lots[1].social_conditions[0].family",
    );
    assert_eq!(f.lot, Some(2));
    // supplies: both have goods to act on
    p.purchase.nature = Nature::Supplies;
    let e = eval(&p);
    assert_absent(&e, "SUPPLY_CHAIN_WITHOUT_GOODS");
    assert_absent(&e, "SOCIAL_FAMILY_UNSUITED");
}

#[test]
fn an_exception_where_a_family_fits_is_a_warning_naming_the_families() {
    let mut p = at_eu_threshold();
    p.purchase.nature = Nature::Supplies;
    p.purchase.cpv = Some("30213100-6".into());
    set_amounts(&mut p, &[eur(200_000), eur(100_000)]);
    p.social_exceptions = vec![exception(None, "Matériel standard livré en une fois.")];
    let e = eval(&p);
    let found = all(&e, "SOCIAL_EXCEPTION_FAMILY_FITS");
    assert_eq!(found.len(), 2, "{:#?}", e.findings);
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(found[0].field, "allotment.lots[0].social_conditions");
    assert!(
        found[0]
            .message
            .contains("chaîne d'approvisionnement ou accessibilité"),
        "{}",
        found[0].message
    );
    // the missing-condition error proposes the same families
    p.social_exceptions.clear();
    let e = eval(&p);
    assert!(one_of_lot(&e, "SOCIAL_CONDITION_MISSING", 1)
        .message
        .contains("Pour ce type d'achat : chaîne d'approvisionnement ou accessibilité."));
}

fn one_of_lot<'a>(e: &'a Evaluation, code: &str, lot: u32) -> &'a Finding {
    e.findings
        .iter()
        .find(|f| f.code == code && f.lot == Some(lot))
        .unwrap_or_else(|| panic!("no {code} for lot {lot}: {:#?}", e.findings))
}
