//! The legal tests that the findings, the recommendations, the notice values and the document
//! share. Each test lives here once: the check that flags a lot and the advice given for it can
//! no longer disagree (an exception recorded without reasons, for instance, lifts neither).

use super::{Evaluation, HoursResult};
use crate::model::{
    Buyer, BuyerKind, ExceptionGround, Lot, Nature, Project, ReservationBasis, SocialCondition,
    SocialException,
};
use crate::reference::{cpv_digits, ReferenceData};

/// The buyer categories of R2191-7 (minimum advance) and R2191-33 (retention cap) for SMEs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmeBuyerCategory {
    /// The State.
    State,
    /// Local authorities, their public bodies and groupings, and State administrative public
    /// bodies other than hospitals, above the operating-expenses amount of the data.
    LargeBody,
    Other,
}

pub fn sme_buyer_category(buyer: &Buyer) -> SmeBuyerCategory {
    if buyer.kind == BuyerKind::CentralGovernment {
        SmeBuyerCategory::State
    } else if buyer.large_body {
        SmeBuyerCategory::LargeBody
    } else {
        SmeBuyerCategory::Other
    }
}

/// R2191-7: the minimum advance owed when the holder is an SME.
pub fn advance_minimum_percent(buyer: &Buyer, data: &ReferenceData) -> f64 {
    let m = data.thresholds.advance_sme_min_percent.value;
    match sme_buyer_category(buyer) {
        SmeBuyerCategory::State => m.state,
        SmeBuyerCategory::LargeBody => m.large_bodies,
        SmeBuyerCategory::Other => m.others,
    }
}

/// R2191-33: the lower retention cap for SMEs binds only the State and the large bodies.
pub fn retention_sme_cap_applies(buyer: &Buyer) -> bool {
    sme_buyer_category(buyer) != SmeBuyerCategory::Other
}

/// R2191-3, applied to one marché (each lot is one): amount above the threshold and
/// performance period above the minimum, both strictly.
pub fn advance_due(amount_cents: i64, duration_months: u32, data: &ReferenceData) -> bool {
    let t = &data.thresholds;
    amount_cents > t.advance_from_cents.value && duration_months > t.advance_min_months.value
}

/// The lot's insertion clause as it will be generated: None when the lot has none, when its
/// hours cannot be computed, or when they come to zero (a clause of 0 hours takes nothing
/// into account and is never printed).
pub fn generated_clause_hours(evaluation: &Evaluation, index: usize) -> Option<&HoursResult> {
    evaluation
        .lots
        .get(index)
        .and_then(|l| l.hours.as_ref())
        .filter(|h| h.hours > 0)
}

/// The reservation itself has the contract performed by the workers whose employment
/// justifies it (L2113-12, -13, -14, -13-1); an ESS reservation does not. Gives the first
/// such basis of the lot.
pub fn social_condition_reservation(lot: &Lot, data: &ReferenceData) -> Option<ReservationBasis> {
    lot.reservations
        .iter()
        .copied()
        .find(|b| data.reservations.base(*b).social_condition)
}

pub fn reservation_is_social_condition(lot: &Lot, data: &ReferenceData) -> bool {
    social_condition_reservation(lot, data).is_some()
}

/// What keeps a social condition of the other families from taking anything into account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionGap {
    /// No obligation chosen, or a quantity of zero where the family measures one: nothing
    /// the holder could fail to do.
    NoObligation,
    /// No means of control: the buyer could not tell whether it was done.
    NoControl,
}

/// The first gap of the condition, None when it has real content. Ids unknown to the family
/// count for nothing.
pub fn social_condition_gap(c: &SocialCondition, data: &ReferenceData) -> Option<ConditionGap> {
    let family = data.social.family(c.family);
    let obligation = c
        .obligations
        .iter()
        .any(|id| family.obligation(id).is_some());
    let quantity_ok =
        family.quantity.is_none() || c.quantity.is_some_and(|q| q.is_finite() && q > 0.0);
    let control = c.controls.iter().any(|id| family.control(id).is_some());
    if !obligation || !quantity_ok {
        Some(ConditionGap::NoObligation)
    } else if !control {
        Some(ConditionGap::NoControl)
    } else {
        None
    }
}

/// The condition is a social execution condition in the sense of L2112-2-1: a measurable
/// obligation and a control, like an insertion clause of more than 0 hours.
pub fn social_condition_counts(c: &SocialCondition, data: &ReferenceData) -> bool {
    social_condition_gap(c, data).is_none()
}

/// The lot's conditions of the other families that count, in the lot's order.
pub fn counted_social_conditions<'a>(
    lot: &'a Lot,
    data: &'a ReferenceData,
) -> impl Iterator<Item = &'a SocialCondition> + 'a {
    lot.social_conditions
        .iter()
        .filter(move |c| social_condition_counts(c, data))
}

/// An execution condition taking social or employment considerations into account, in the
/// sense of L2112-2-1. An award criterion is not one; neither is a clause of 0 hours, an ESS
/// reservation without a condition of its own, nor a condition of another family without a
/// measurable obligation and a control.
pub fn has_social_condition(
    lot: &Lot,
    index: usize,
    evaluation: &Evaluation,
    data: &ReferenceData,
) -> bool {
    generated_clause_hours(evaluation, index).is_some()
        || reservation_is_social_condition(lot, data)
        || lot.insertion_market
        || counted_social_conditions(lot, data).next().is_some()
}

/// The family has nothing to act on in a lot of this nature (a supply chain in works or
/// services, fair-trade products in works).
pub fn family_unsuited(
    project: &Project,
    lot: &Lot,
    c: &SocialCondition,
    data: &ReferenceData,
) -> bool {
    !data
        .social
        .family(c.family)
        .natures
        .contains(&project.lot_nature(lot))
}

/// The exception recorded for this lot, or else for the whole purchase.
pub fn exception_for<'a>(project: &'a Project, lot: &Lot) -> Option<&'a SocialException> {
    let exceptions = &project.social_exceptions;
    exceptions
        .iter()
        .find(|e| e.lot == Some(lot.number))
        .or_else(|| exceptions.iter().find(|e| e.lot.is_none()))
}

/// An exception lifts the duty only when its reasons are written down.
pub fn exception_with_reasons<'a>(project: &'a Project, lot: &Lot) -> Option<&'a SocialException> {
    exception_for(project, lot).filter(|e| !e.reasons.trim().is_empty())
}

/// The ground is one the marchés version of L2112-2-1 is only believed to hold.
pub fn exception_ground_to_verify(ground: ExceptionGround) -> bool {
    ground == ExceptionGround::ImmediatelyAvailable
}

/// The lot lacks the social execution condition that L2112-2-1 requires, and no exception
/// is recorded with its reasons.
pub fn social_condition_missing(
    project: &Project,
    lot: &Lot,
    index: usize,
    evaluation: &Evaluation,
    data: &ReferenceData,
) -> bool {
    evaluation.procedure.social_condition_mandatory
        && !has_social_condition(lot, index, evaluation, data)
        && exception_with_reasons(project, lot).is_none()
}

/// Whether the purchase's services may be reserved to ESS enterprises (L2113-15), judged on
/// its CPV code against the list of the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EssList {
    Listed,
    NotListed,
    /// No CPV code, or not one that can be read.
    Unknown,
}

pub fn ess_list(project: &Project, data: &ReferenceData) -> EssList {
    match project.purchase.cpv.as_deref().and_then(cpv_digits) {
        None => EssList::Unknown,
        Some(code) if data.reservations.ess_services.contains(code) => EssList::Listed,
        Some(_) => EssList::NotListed,
    }
}

pub fn ess_duration_allowed(project: &Project, data: &ReferenceData) -> bool {
    project.purchase.duration_months <= data.thresholds.ess_max_months.value
}

/// An ESS reservation may be recommended for this lot: services of the list, within the
/// maximum duration.
pub fn ess_reservation_allowed(project: &Project, lot: &Lot, data: &ReferenceData) -> bool {
    project.lot_nature(lot) == Nature::Services
        && ess_list(project, data) == EssList::Listed
        && ess_duration_allowed(project, data)
}

/// How the bases reserved on one lot combine (L2113-14).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combination {
    None,
    Single(ReservationBasis),
    /// A combination the data allows (EA and ESAT with SIAE).
    Allowed,
    Forbidden,
}

pub fn reservation_combination(lot: &Lot, data: &ReferenceData) -> Combination {
    let mut bases = lot.reservations.clone();
    bases.sort();
    bases.dedup();
    match bases.as_slice() {
        [] => Combination::None,
        [one] => Combination::Single(*one),
        several => {
            let allowed = data
                .reservations
                .combinations
                .iter()
                .any(|c| several.iter().all(|b| c.bases.contains(b)));
            if allowed {
                Combination::Allowed
            } else {
                Combination::Forbidden
            }
        }
    }
}

/// The climate-law obligations cover this buyer (not defence and security contracts).
pub fn climate_law_covers(kind: BuyerKind, data: &ReferenceData) -> bool {
    !data
        .thresholds
        .climate_law
        .excluded_buyers
        .value
        .contains(&kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{InsertionClause, ReportingFrequency};
    use crate::rules::{evaluate, recommend};
    use chrono::NaiveDate;

    fn data() -> &'static ReferenceData {
        ReferenceData::bundled()
    }

    fn above_threshold_project() -> Project {
        let mut p = Project::blank();
        p.meta.launch_date = NaiveDate::from_ymd_opt(2026, 12, 1);
        p.meta.buyer.name = "Commune".into();
        p.purchase.object = "Fournitures".into();
        p.purchase.nature = Nature::Supplies;
        p.purchase.amount_cents = 40_000_000;
        p.purchase.duration_months = 24;
        p.allotment.lots[0].title = "Lot unique".into();
        p.allotment.lots[0].amount_cents = 40_000_000;
        p.allotment.lots[0].trade = Some("fournitures".into());
        p
    }

    /// An exception without reasons lifts neither the finding nor the recommendation: the
    /// check says the condition is missing, and so does the advice.
    #[test]
    fn findings_and_recommendations_agree_on_an_exception_without_reasons() {
        let mut p = above_threshold_project();
        p.social_exceptions = vec![SocialException {
            lot: Some(1),
            ground: ExceptionGround::NoLinkWithObject,
            reasons: "   ".into(),
        }];
        let e = evaluate(&p, p.meta.launch_date.unwrap(), data());
        assert!(social_condition_missing(
            &p,
            &p.allotment.lots[0],
            0,
            &e,
            data()
        ));
        assert!(
            e.findings
                .iter()
                .any(|f| f.code == "SOCIAL_EXCEPTION_NO_REASONS"),
            "{:#?}",
            e.findings
        );
        let advice = recommend::recommend(&p, 0, &e, data());
        assert!(advice.text.starts_with("Obligatoire"), "{advice:?}");

        p.social_exceptions[0].reasons = "Fourniture standard livrée en une fois.".into();
        let e = evaluate(&p, p.meta.launch_date.unwrap(), data());
        assert!(!social_condition_missing(
            &p,
            &p.allotment.lots[0],
            0,
            &e,
            data()
        ));
        assert!(!e
            .findings
            .iter()
            .any(|f| f.code == "SOCIAL_CONDITION_MISSING"));
        let advice = recommend::recommend(&p, 0, &e, data());
        assert!(!advice.text.starts_with("Obligatoire"), "{advice:?}");
    }

    /// A clause whose hours come to zero is no condition for either side.
    #[test]
    fn findings_and_recommendations_agree_on_a_zero_hour_clause() {
        let mut p = above_threshold_project();
        p.allotment.lots[0].insertion_clause = Some(InsertionClause {
            method: crate::model::HoursMethod::General {
                labour_share_percent: 10.0,
                hourly_cost_cents: 3000,
            },
            rate_percent: 5.0,
            hours_override: Some(0),
            publics: vec!["jeunes".into()],
            modes: vec!["embauche-directe".into()],
            penalty_per_hour_cents: Some(3000),
            report_penalty_cents: None,
            reporting: ReportingFrequency::Monthly,
            urban_renewal: false,
        });
        let e = evaluate(&p, p.meta.launch_date.unwrap(), data());
        assert!(!has_social_condition(&p.allotment.lots[0], 0, &e, data()));
        assert!(e
            .findings
            .iter()
            .any(|f| f.code == "SOCIAL_CONDITION_MISSING"));
        let advice = recommend::recommend(&p, 0, &e, data());
        assert_ne!(advice.text, "Choix cohérent", "{advice:?}");
    }

    #[test]
    fn combinations_other_than_ea_esat_with_siae_are_forbidden() {
        let lot = |bases: Vec<ReservationBasis>| Lot {
            reservations: bases,
            ..Lot::default()
        };
        use ReservationBasis::*;
        let c = |bases| reservation_combination(&lot(bases), data());
        assert_eq!(c(vec![]), Combination::None);
        assert_eq!(c(vec![Ess]), Combination::Single(Ess));
        assert_eq!(c(vec![Ess, Ess]), Combination::Single(Ess));
        assert_eq!(c(vec![Disability, Insertion]), Combination::Allowed);
        assert_eq!(
            c(vec![DisabilityAndInsertion, Insertion]),
            Combination::Allowed
        );
        assert_eq!(c(vec![Ess, Insertion]), Combination::Forbidden);
        assert_eq!(c(vec![Prison, Disability]), Combination::Forbidden);
        assert_eq!(c(vec![Ess, Disability, Insertion]), Combination::Forbidden);
    }
}
