//! Legal knowledge as pure functions of (project, launch date, reference data).

pub mod defaults;
mod findings;
pub mod hours;
pub mod labels;
pub mod notice;
pub mod predicates;
pub mod procedure;
pub mod recommend;

pub use findings::{Finding, Severity};
pub use hours::{Advice, HoursResult};
pub use procedure::{LotProcedure, ProcedureInfo, Publicity, Regime};

use crate::model::{HoursMethod, Project};
use crate::reference::ReferenceData;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct LotEvaluation {
    pub number: u32,
    pub regime: Regime,
    pub publicity: Publicity,
    pub small_lot: bool,
    /// None when the lot has no insertion clause or its inputs are invalid.
    pub hours: Option<HoursResult>,
    /// R2191-3 judged on this lot, each lot being a marché of its own.
    pub advance_due: bool,
}

/// Everything the rules say about a project on a date.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub date: NaiveDate,
    pub procedure: ProcedureInfo,
    pub lots: Vec<LotEvaluation>,
    pub small_lots_cap_cents: i64,
    pub small_lots_used_cents: i64,
    pub turnover_cap_factor: f64,
    /// At least one lot is owed an advance.
    pub advance_due: bool,
    /// R2191-7 minimum for an SME holder, given the buyer's category.
    pub advance_minimum_percent: f64,
    /// R2191-33: the lower SME retention cap binds this buyer.
    pub retention_sme_cap_applies: bool,
    pub findings: Vec<Finding>,
}

impl Evaluation {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// The launch date the rules use: the project's, or `today` when it has none.
pub fn effective_date(project: &Project, today: NaiveDate) -> NaiveDate {
    project.meta.launch_date.unwrap_or(today)
}

pub fn evaluate(project: &Project, date: NaiveDate, data: &ReferenceData) -> Evaluation {
    let t = &data.thresholds;
    let lots = &project.allotment.lots;
    // Marchés d'insertion are social and specific services too (R2123-1 3°).
    let specific_services = project.purchase.specific_services
        || (!lots.is_empty() && lots.iter().all(|l| l.insertion_market));
    let purchase = procedure::procedure(
        project.purchase.nature,
        project.meta.buyer.kind,
        project.purchase.amount_cents,
        date,
        specific_services,
        data,
    );
    let months = project.purchase.duration_months;
    let natures: Vec<_> = lots
        .iter()
        .map(|l| (project.lot_nature(l), l.amount_cents))
        .collect();
    let (lot_procs, cap, used) = if project.allotment.allotted {
        procedure::lot_procedures(&purchase, &natures, date, data)
    } else {
        let same = LotProcedure {
            regime: purchase.regime,
            publicity: purchase.publicity,
            small_lot: false,
        };
        (vec![same; lots.len()], 0, 0)
    };
    let mut hour_errors = Vec::new();
    let lot_evals = lots
        .iter()
        .zip(lot_procs)
        .enumerate()
        .map(|(index, (lot, proc_))| {
            let hours = lot.insertion_clause.as_ref().and_then(|clause| {
                let computed = match &clause.method {
                    HoursMethod::General {
                        labour_share_percent,
                        hourly_cost_cents,
                    } => hours::general_hours(
                        lot.amount_cents,
                        *labour_share_percent,
                        clause.rate_percent,
                        *hourly_cost_cents,
                        data,
                    ),
                    HoursMethod::Cleaning {
                        transferred_monthly_hours,
                    } => hours::cleaning_hours(
                        lot.amount_cents,
                        project.purchase.duration_months,
                        *transferred_monthly_hours,
                        clause.rate_percent,
                        data,
                    ),
                };
                match computed {
                    Ok(r) => Some(hours::over_duration(
                        hours::with_override(r, clause.hours_override, data),
                        months,
                        data,
                    )),
                    Err(e) => {
                        hour_errors.push((index, e));
                        None
                    }
                }
            });
            LotEvaluation {
                number: lot.number,
                regime: proc_.regime,
                publicity: proc_.publicity,
                small_lot: proc_.small_lot,
                hours,
                advance_due: predicates::advance_due(lot.amount_cents, months, data),
            }
        })
        .collect::<Vec<_>>();
    let turnover_cap_factor = reference_value(&t.turnover_cap_factor, date).unwrap_or(1.5);
    let advance_due = lot_evals.iter().any(|l| l.advance_due);
    let buyer = &project.meta.buyer;
    let mut evaluation = Evaluation {
        date,
        procedure: purchase,
        lots: lot_evals,
        small_lots_cap_cents: cap,
        small_lots_used_cents: used,
        turnover_cap_factor,
        advance_due,
        advance_minimum_percent: predicates::advance_minimum_percent(buyer, data),
        retention_sme_cap_applies: predicates::retention_sme_cap_applies(buyer),
        findings: Vec::new(),
    };
    evaluation.findings = findings::check(project, &evaluation, &hour_errors, data);
    evaluation
}

fn reference_value<T: Copy>(rows: &[crate::reference::Dated<T>], date: NaiveDate) -> Option<T> {
    crate::reference::in_force(rows, date).map(|(r, _)| r.value)
}
