//! What clause templates see: a read-only view of the project and of its evaluation, with
//! French labels already chosen and amounts kept in cents (templates format them with the
//! `euros` filter). Every field is always present (None renders as `none`), so templates can
//! test `{% if lot.insertion_clause %}` under strict undefined behaviour.

use crate::model::{
    GroupementForm, HoursMethod, Lot, NonAllotmentGround, Project, ReportingFrequency,
    ReservationBasis, TieBreak,
};
use crate::reference::ReferenceData;
use crate::rules::{hours, labels, predicates, Evaluation, HoursResult};
use minijinja::value::{Serde, Value};
use serde::Serialize;

/// Top-level variables a template may use. Keep `clauses::KNOWN_VARIABLES` in step.
#[derive(Debug, Clone, Serialize)]
pub struct RenderContext {
    pub buyer: BuyerView,
    pub consultation: ConsultationView,
    pub procedure: ProcedureView,
    pub allotment: AllotmentView,
    pub lots: Vec<LotView>,
    /// The lot being rendered, for `PerLot` clauses; none for `Once` clauses.
    pub lot: Option<LotView>,
    pub summary: SummaryView,
    pub sme: SmeView,
    pub facilitator: Option<FacilitatorView>,
    pub environment: EnvironmentView,
    pub exceptions: Vec<ExceptionView>,
    pub sourcing: SourcingView,
}

#[derive(Debug, Clone, Serialize)]
pub struct BuyerView {
    pub name: String,
    /// "collectivité territoriale", "service de l'État"…
    pub kind: &'static str,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConsultationView {
    pub title: String,
    pub reference: String,
    pub object: String,
    /// "travaux", "fournitures" or "services".
    pub nature: &'static str,
    pub amount_cents: i64,
    pub duration_months: u32,
    pub place: String,
    pub needs: String,
    /// ISO date (year-month-day); format it with `date_longue`.
    pub launch_date: String,
    pub specific_services: bool,
    pub cpv: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProcedureView {
    /// "formalised", "adapted" or "no_publicity".
    pub regime: &'static str,
    /// "procédure formalisée", "procédure adaptée"…
    pub regime_label: &'static str,
    pub publicity_label: &'static str,
    /// "none", "free", "boamp_or_jal", "joue_and_boamp" or "joue_social_services".
    pub publicity: &'static str,
    pub eu_threshold_cents: i64,
    /// Social and specific services: their own EU threshold.
    pub social_services_eu_cents: Option<i64>,
    pub at_or_above_eu: bool,
    pub social_condition_mandatory: bool,
    pub environmental_criterion_mandatory: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AllotmentView {
    pub allotted: bool,
    pub lot_count: usize,
    pub grounds: Vec<GroundView>,
    pub justification: String,
    pub max_lots_bid: Option<u32>,
    pub max_lots_awarded: Option<u32>,
    /// The tie-break rule as a French sentence fragment, none when not set.
    pub tie_break: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroundView {
    /// "L2113-11 1°" — format with `article`.
    pub article: &'static str,
    pub label: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct LotView {
    /// Where the lot stands in the project's list, from 0: a clause's `rows` are found by it.
    pub position: usize,
    pub number: u32,
    pub title: String,
    pub nature: &'static str,
    pub amount_cents: i64,
    pub description: String,
    pub trade: Option<String>,
    pub regime_label: &'static str,
    pub small_lot: bool,
    pub reserved: bool,
    /// Reserved on a basis whose CCAP clause is a social execution condition (EA, ESAT,
    /// SIAE, prison work); false for an ESS reservation alone.
    pub employment_reserved: bool,
    pub ess_reserved: bool,
    pub reservations: Vec<ReservationView>,
    /// None when the lot has no clause, when its hours cannot be computed, or when they come
    /// to zero: a clause of 0 hours is never printed.
    pub insertion_clause: Option<InsertionClauseView>,
    pub insertion_criterion: Option<CriterionView>,
    pub insertion_market: bool,
    /// Conditions of the other social families that can be drafted, in the lot's order…
    pub social_conditions: Vec<super::social_view::SocialConditionView>,
    /// … and the same by family, for the clause of each family.
    pub social: super::social_view::SocialFamiliesView,
    /// Some condition of another family counts as the L2112-2-1 condition.
    pub social_counts: bool,
    pub min_turnover_cents: Option<i64>,
    pub min_turnover_justification: String,
    /// R2191-3 judged on this lot.
    pub advance_due: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReservationView {
    /// "L2113-13" — format with `article`.
    pub article: String,
    /// "SIAE", "entreprises de l'ESS"…
    pub short: String,
    /// Who may bid, as a French noun phrase.
    pub beneficiaries: String,
    /// The documents a candidate supplies to prove it is eligible.
    pub proofs: String,
    /// eForms BT-71 code.
    pub eforms: String,
    /// R2113-7 minimum share of disabled or disadvantaged workers, when the basis has one.
    pub min_share_percent: Option<f64>,
    /// ESS reservation: maximum duration, and years of the bar on the same buyer.
    pub max_months: Option<u32>,
    pub bar_years: Option<u32>,
    /// Article holding the duration and the bar (to be confirmed: see the data).
    pub duration_article: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InsertionClauseView {
    /// Rounded hours the holder owes.
    pub hours: u64,
    /// Unrounded computed value (before any override).
    pub exact_hours: f64,
    /// Years of full-time work the hours represent.
    pub fte: f64,
    /// Full-time equivalents per year over the contract's duration.
    pub fte_per_year: Option<f64>,
    pub hours_overridden: bool,
    /// "general" or "cleaning".
    pub method: &'static str,
    pub rate_percent: f64,
    pub labour_share_percent: Option<f64>,
    pub hourly_cost_cents: Option<i64>,
    pub transferred_monthly_hours: Option<f64>,
    /// Cleaning method: weighting P for staff taken over.
    pub weighting: Option<f64>,
    pub coefficient: Option<f64>,
    pub labour_hours: f64,
    pub publics: Vec<String>,
    pub modes: Vec<String>,
    pub penalty_per_hour_cents: Option<i64>,
    pub report_penalty_cents: Option<i64>,
    /// "mensuel" or "trimestriel".
    pub reporting: &'static str,
    pub urban_renewal: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionView {
    pub weight_percent: u32,
    pub subcriteria: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SummaryView {
    pub any_reserved: bool,
    pub any_insertion_clause: bool,
    pub any_insertion_criterion: bool,
    pub any_insertion_market: bool,
    /// Some lot has a drafted condition of a family other than insertion.
    pub any_social_condition: bool,
    pub total_hours: u64,
    /// Years of full-time work of all the clauses, and per year over the duration.
    pub total_fte: f64,
    pub total_fte_per_year: Option<f64>,
    pub lots_total_cents: i64,
    /// Hours in one full-time equivalent year (reference data).
    pub fte_hours: f64,
    /// Lots with an insertion clause, grouped when they share the same publics and modes,
    /// so that briefs and summaries need not repeat identical lists lot after lot.
    pub clause_groups: Vec<ClauseGroupView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClauseGroupView {
    pub lots: Vec<u32>,
    /// "3", "1 et 4", "1, 2 et 5".
    pub lots_text: String,
    /// Every lot with a clause is in this group.
    pub all: bool,
    pub publics: Vec<String>,
    pub modes: Vec<String>,
}

fn clause_groups(lots: &[LotView]) -> Vec<ClauseGroupView> {
    let with_clause: Vec<(&LotView, &InsertionClauseView)> = lots
        .iter()
        .filter_map(|l| l.insertion_clause.as_ref().map(|c| (l, c)))
        .collect();
    let mut groups: Vec<ClauseGroupView> = Vec::new();
    for (lot, clause) in &with_clause {
        match groups
            .iter_mut()
            .find(|g| g.publics == clause.publics && g.modes == clause.modes)
        {
            Some(group) => group.lots.push(lot.number),
            None => groups.push(ClauseGroupView {
                lots: vec![lot.number],
                lots_text: String::new(),
                all: false,
                publics: clause.publics.clone(),
                modes: clause.modes.clone(),
            }),
        }
    }
    for group in &mut groups {
        group.all = group.lots.len() == with_clause.len();
        group.lots_text = french_list(&group.lots);
    }
    groups
}

/// "1", "1 et 2", "1, 2 et 3".
fn french_list(numbers: &[u32]) -> String {
    match numbers {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!(
            "{} et {last}",
            init.iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SmeView {
    /// "free", "joint" or "several".
    pub groupement_form: &'static str,
    pub groupement_justification: String,
    pub mandataire_jointly_liable: bool,
    /// The advance the contract grants, percent (given, or the legal minimum).
    pub advance_percent: f64,
    /// true when the amount and duration make the advance due (R2191-3) for some lot.
    pub advance_due: bool,
    /// No lot is owed an advance but the buyer grants one.
    pub advance_voluntary: bool,
    /// Every lot is owed the advance.
    pub advance_all_lots: bool,
    /// The lots owed the advance: "3", "1 et 4", "1, 2 et 5".
    pub advance_lots_text: String,
    pub advance_lot_count: usize,
    pub advance_from_cents: i64,
    pub advance_min_months: u32,
    pub retention_percent: Option<f64>,
    /// R2191-33: the SME cap binds this buyer.
    pub retention_sme_cap_applies: bool,
    pub retention_sme_cap_percent: f64,
    /// R2193-10 amount (TTC) from which subcontractors are paid directly.
    pub direct_payment_cents: i64,
    pub turnover_cap_factor: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct FacilitatorView {
    pub organisation: String,
    pub name: String,
    pub email: String,
    pub phone: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnvironmentView {
    pub condition: Option<String>,
    pub criterion: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExceptionView {
    pub lot: Option<u32>,
    pub ground: &'static str,
    pub reasons: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourcingView {
    pub done: bool,
    pub contact_count: usize,
    pub social_economy_count: usize,
    pub networks: Vec<String>,
    pub notes: String,
}

impl RenderContext {
    /// What templates see at the top level: every field, as `Value::from(Serde(self))` would
    /// give it, but with each lot's value from `lot_value` (built once and shared with the
    /// per-lot contexts, or kept from an earlier assembly).
    pub fn template_value(&self, mut lot_value: impl FnMut(usize) -> Value) -> Value {
        let lots: Vec<Value> = (0..self.lots.len()).map(&mut lot_value).collect();
        minijinja::context! {
            buyer => Value::from(Serde(&self.buyer)),
            consultation => Value::from(Serde(&self.consultation)),
            procedure => Value::from(Serde(&self.procedure)),
            allotment => Value::from(Serde(&self.allotment)),
            lots => Value::from(lots),
            lot => Value::from(Serde(&self.lot)),
            summary => Value::from(Serde(&self.summary)),
            sme => Value::from(Serde(&self.sme)),
            facilitator => Value::from(Serde(&self.facilitator)),
            environment => Value::from(Serde(&self.environment)),
            exceptions => Value::from(Serde(&self.exceptions)),
            sourcing => Value::from(Serde(&self.sourcing)),
        }
    }

    pub fn new(project: &Project, evaluation: &Evaluation, data: &ReferenceData) -> RenderContext {
        let lots: Vec<LotView> = project
            .allotment
            .lots
            .iter()
            .enumerate()
            .map(|(index, lot)| lot_view(project, evaluation, data, index, lot))
            .collect();
        let p = &evaluation.procedure;
        let t = &data.thresholds;
        let total_hours = lots
            .iter()
            .filter_map(|l| l.insertion_clause.as_ref().map(|c| c.hours))
            .sum();
        let months = project.purchase.duration_months;
        let advance_lots: Vec<u32> = lots
            .iter()
            .filter(|l| l.advance_due)
            .map(|l| l.number)
            .collect();
        RenderContext {
            buyer: BuyerView {
                name: project.meta.buyer.name.clone(),
                kind: labels::buyer_kind(project.meta.buyer.kind),
                contact_name: project.meta.buyer.contact_name.clone(),
                contact_email: project.meta.buyer.contact_email.clone(),
                contact_phone: project.meta.buyer.contact_phone.clone(),
            },
            consultation: ConsultationView {
                title: project.meta.title.clone(),
                reference: project.meta.reference.clone(),
                object: project.purchase.object.clone(),
                nature: labels::nature(project.purchase.nature),
                amount_cents: project.purchase.amount_cents,
                duration_months: project.purchase.duration_months,
                place: project.purchase.place.clone(),
                needs: project.purchase.needs.clone(),
                launch_date: evaluation.date.to_string(),
                specific_services: project.purchase.specific_services,
                cpv: project.purchase.cpv.clone(),
            },
            procedure: ProcedureView {
                regime: p.regime.code(),
                regime_label: p.regime.label(),
                publicity_label: p.publicity.label(),
                publicity: p.publicity.code(),
                eu_threshold_cents: p.eu_threshold_cents,
                social_services_eu_cents: p.social_services_eu_cents,
                at_or_above_eu: p.at_or_above_eu,
                social_condition_mandatory: p.social_condition_mandatory,
                environmental_criterion_mandatory: p.environmental_criterion_mandatory,
            },
            allotment: AllotmentView {
                allotted: project.allotment.allotted,
                lot_count: project.allotment.lots.len(),
                grounds: project
                    .allotment
                    .non_allotment
                    .grounds
                    .iter()
                    .map(|g| ground_view(*g))
                    .collect(),
                justification: project.allotment.non_allotment.justification.clone(),
                max_lots_bid: project.allotment.max_lots_bid,
                max_lots_awarded: project.allotment.max_lots_awarded,
                tie_break: project.allotment.tie_break.as_ref().map(tie_break_text),
            },
            summary: SummaryView {
                any_reserved: lots.iter().any(|l| l.reserved),
                any_insertion_clause: lots.iter().any(|l| l.insertion_clause.is_some()),
                any_insertion_criterion: lots.iter().any(|l| l.insertion_criterion.is_some()),
                any_insertion_market: lots.iter().any(|l| l.insertion_market),
                any_social_condition: lots.iter().any(|l| !l.social_conditions.is_empty()),
                total_hours,
                total_fte: hours::fte(total_hours, data),
                total_fte_per_year: hours::fte_per_year(total_hours, months, data),
                lots_total_cents: project.lots_total_cents(),
                fte_hours: data.insertion.fte_hours.value,
                clause_groups: clause_groups(&lots),
            },
            lots,
            lot: None,
            sme: SmeView {
                groupement_form: match project.sme_access.groupement_form_after_award {
                    GroupementForm::Free => "free",
                    GroupementForm::Joint => "joint",
                    GroupementForm::Several => "several",
                },
                groupement_justification: project.sme_access.groupement_justification.clone(),
                mandataire_jointly_liable: project.sme_access.mandataire_jointly_liable,
                advance_percent: project
                    .sme_access
                    .advance_percent
                    .unwrap_or(evaluation.advance_minimum_percent),
                advance_due: evaluation.advance_due,
                advance_voluntary: !evaluation.advance_due
                    && project.sme_access.advance_percent.is_some(),
                advance_all_lots: !advance_lots.is_empty()
                    && advance_lots.len() == project.allotment.lots.len(),
                advance_lots_text: french_list(&advance_lots),
                advance_lot_count: advance_lots.len(),
                advance_from_cents: t.advance_from_cents.value,
                advance_min_months: t.advance_min_months.value,
                retention_percent: project.sme_access.retention_percent,
                retention_sme_cap_applies: evaluation.retention_sme_cap_applies,
                retention_sme_cap_percent: t.retention.value.sme_cap_percent,
                direct_payment_cents: t.direct_payment_cents.value,
                turnover_cap_factor: evaluation.turnover_cap_factor,
            },
            facilitator: project.facilitator.as_ref().map(|f| FacilitatorView {
                organisation: f.organisation.clone(),
                name: f.name.clone(),
                email: f.email.clone(),
                phone: f.phone.clone(),
            }),
            environment: EnvironmentView {
                condition: non_empty(&project.environment.condition),
                criterion: non_empty(&project.environment.criterion),
            },
            exceptions: project
                .social_exceptions
                .iter()
                .map(|e| ExceptionView {
                    lot: e.lot,
                    ground: labels::exception_ground(e.ground),
                    reasons: e.reasons.clone(),
                })
                .collect(),
            sourcing: SourcingView {
                done: project.sourcing.done,
                contact_count: project.sourcing.contacts.len(),
                social_economy_count: project
                    .sourcing
                    .contacts
                    .iter()
                    .filter(|c| {
                        !matches!(
                            c.kind,
                            crate::model::SupplierKind::Sme | crate::model::SupplierKind::Other
                        )
                    })
                    .count(),
                networks: project.sourcing.networks.clone(),
                notes: project.sourcing.notes.clone(),
            },
        }
    }

    /// The same context with `lot` set, for a `PerLot` clause.
    pub fn for_lot(&self, index: usize) -> RenderContext {
        let mut ctx = self.clone();
        ctx.lot = self.lots.get(index).cloned();
        ctx
    }
}

fn non_empty(text: &Option<String>) -> Option<String> {
    text.as_ref().filter(|t| !t.trim().is_empty()).cloned()
}

fn ground_view(ground: NonAllotmentGround) -> GroundView {
    GroundView {
        article: labels::ground_article(ground),
        label: labels::ground(ground),
    }
}

pub fn tie_break_text(rule: &TieBreak) -> String {
    match rule {
        TieBreak::DecreasingAmount => {
            "les lots lui sont attribués dans l'ordre décroissant de leur montant estimé".into()
        }
        TieBreak::LotOrder => "les lots lui sont attribués dans l'ordre de leur numéro".into(),
        TieBreak::LargestLead => {
            "les lots lui sont attribués là où l'écart de note avec le candidat classé deuxième est le plus grand".into()
        }
        TieBreak::Custom(text) => text.trim().trim_end_matches('.').to_string(),
    }
}

fn lot_view(
    project: &Project,
    evaluation: &Evaluation,
    data: &ReferenceData,
    index: usize,
    lot: &Lot,
) -> LotView {
    let lot_eval = &evaluation.lots[index];
    let mut reservations: Vec<ReservationView> = lot
        .reservations
        .iter()
        .map(|b| reservation_view(*b, data))
        .collect();
    reservations.dedup_by(|a, b| a.article == b.article);
    let social_conditions = super::social_view::drafted(lot, data);
    LotView {
        position: index,
        number: lot.number,
        title: lot.title.clone(),
        nature: labels::nature(project.lot_nature(lot)),
        amount_cents: lot.amount_cents,
        description: lot.description.clone(),
        trade: lot.trade.clone(),
        regime_label: lot_eval.regime.label(),
        small_lot: lot_eval.small_lot,
        reserved: !lot.reservations.is_empty(),
        employment_reserved: predicates::reservation_is_social_condition(lot, data),
        ess_reserved: lot.reservations.contains(&ReservationBasis::Ess),
        reservations,
        insertion_clause: match (
            &lot.insertion_clause,
            predicates::generated_clause_hours(evaluation, index),
        ) {
            (Some(clause), Some(hours)) => Some(insertion_view(clause, hours, data)),
            _ => None,
        },
        insertion_criterion: lot.insertion_criterion.as_ref().map(|c| CriterionView {
            weight_percent: c.weight_percent,
            subcriteria: c.subcriteria.clone(),
        }),
        insertion_market: lot.insertion_market,
        social: super::social_view::by_family(&social_conditions),
        social_counts: social_conditions.iter().any(|c| c.counts),
        social_conditions,
        min_turnover_cents: lot.min_turnover_cents,
        min_turnover_justification: lot.min_turnover_justification.clone(),
        advance_due: lot_eval.advance_due,
    }
}

pub fn reservation_view(basis: ReservationBasis, data: &ReferenceData) -> ReservationView {
    let base = data.reservations.base(basis);
    let t = &data.thresholds;
    let ess = basis == ReservationBasis::Ess;
    ReservationView {
        article: base.article.clone(),
        short: base.short.clone(),
        beneficiaries: base.beneficiaries.clone(),
        proofs: base.proofs.clone(),
        eforms: base.eforms.clone(),
        min_share_percent: base.min_share_percent,
        max_months: ess.then_some(t.ess_max_months.value),
        bar_years: ess.then_some(t.ess_bar_years.value),
        duration_article: ess.then(|| t.ess_max_months.article.clone()),
    }
}

fn insertion_view(
    clause: &crate::model::InsertionClause,
    hours: &HoursResult,
    data: &ReferenceData,
) -> InsertionClauseView {
    let (method, labour, cost, transferred) = match &clause.method {
        HoursMethod::General {
            labour_share_percent,
            hourly_cost_cents,
        } => (
            "general",
            Some(*labour_share_percent),
            Some(*hourly_cost_cents),
            None,
        ),
        HoursMethod::Cleaning {
            transferred_monthly_hours,
        } => ("cleaning", None, None, Some(*transferred_monthly_hours)),
    };
    let label_or_id =
        |id: &String, found: Option<&str>| found.map_or_else(|| id.clone(), str::to_string);
    InsertionClauseView {
        hours: hours.hours,
        exact_hours: hours.exact,
        fte: hours.fte,
        fte_per_year: hours.fte_per_year,
        hours_overridden: clause.hours_override.is_some(),
        method,
        rate_percent: clause.rate_percent,
        labour_share_percent: labour,
        hourly_cost_cents: cost,
        transferred_monthly_hours: transferred,
        weighting: hours.weighting,
        coefficient: hours.coefficient,
        labour_hours: hours.labour_hours,
        publics: clause
            .publics
            .iter()
            .map(|id| label_or_id(id, data.public_label(id)))
            .collect(),
        modes: clause
            .modes
            .iter()
            .map(|id| label_or_id(id, data.mode_label(id)))
            .collect(),
        penalty_per_hour_cents: clause.penalty_per_hour_cents,
        report_penalty_cents: clause.report_penalty_cents,
        reporting: match clause.reporting {
            ReportingFrequency::Monthly => "mensuel",
            ReportingFrequency::Quarterly => "trimestriel",
        },
        urban_renewal: clause.urban_renewal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value templates see is the whole context, field for field, even though it is
    /// put together from its parts: a field added to the context and forgotten there would
    /// be missing from every template.
    #[test]
    fn the_template_value_is_the_whole_context() {
        let data = ReferenceData::bundled();
        for scenario in crate::scenarios::bundled().unwrap() {
            let project = &scenario.project;
            let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
            let evaluation = crate::rules::evaluate(project, date, data);
            let context = RenderContext::new(project, &evaluation, data);
            let assembled = context.template_value(|i| Value::from(Serde(&context.lots[i])));
            let whole = Value::from(Serde(&context));
            assert_eq!(
                serde_json::to_value(&assembled).unwrap(),
                serde_json::to_value(&whole).unwrap(),
                "{}",
                scenario.id
            );
        }
    }
}
