//! The starting values of every new lever, in one place. Whichever way a lever is added (the
//! lever matrix, the clause step, the trainer's « Et si », the command line), the lot gets the
//! same one, built from the reference data.

use super::recommend::Lever;
use crate::model::{
    HoursMethod, InsertionClause, InsertionCriterion, Lot, Project, ReportingFrequency,
};
use crate::model::{SocialCondition, SocialFamily};
use crate::reference::{ReferenceData, TradePreset};

/// The lot's trade preset, or the one standing for its nature when it names none (or an
/// unknown one).
pub fn starting_preset<'a>(
    project: &Project,
    lot: &Lot,
    data: &'a ReferenceData,
) -> &'a TradePreset {
    lot.trade
        .as_deref()
        .and_then(|id| data.trade(id))
        .unwrap_or_else(|| data.generic_trade(project.lot_nature(lot)))
}

/// A new insertion clause for `lot`: its preset's method and rate; every public except those
/// reserved to urban-renewal operations and every mode ticked, because the holder must keep
/// a choice of means and the facilitator narrows the publics afterwards if needed.
pub fn insertion_clause(project: &Project, lot: &Lot, data: &ReferenceData) -> InsertionClause {
    let preset = starting_preset(project, lot, data);
    let mut clause = InsertionClause {
        method: preset_method(preset),
        rate_percent: preset.rate_percent,
        hours_override: None,
        publics: data
            .insertion
            .publics
            .iter()
            .filter(|p| !p.urban_renewal_only)
            .map(|p| p.id.clone())
            .collect(),
        modes: data.insertion.modes.iter().map(|m| m.id.clone()).collect(),
        penalty_per_hour_cents: None,
        report_penalty_cents: None,
        reporting: ReportingFrequency::default(),
        urban_renewal: false,
    };
    // Publics, modes, reporting and penalties are usually the same for every lot of a
    // purchase: a new clause starts from those of a lot already equipped.
    if let Some(other) = project
        .allotment
        .lots
        .iter()
        .filter(|l| !std::ptr::eq(*l, lot))
        .find_map(|l| l.insertion_clause.as_ref())
    {
        crate::model::edit::copy_clause_terms(other, &mut clause);
    }
    clause
}

/// A new condition of `family` with the obligations and controls the data proposes by
/// default; the quantity and the penalty are left for the buyer to set, so that the findings
/// ask for them rather than the tool inventing a figure.
pub fn social_condition(family: SocialFamily, data: &ReferenceData) -> SocialCondition {
    let f = data.social.family(family);
    SocialCondition {
        family,
        obligations: f.default_obligations.clone(),
        quantity: None,
        controls: f.default_controls.clone(),
        penalty_cents: None,
        reporting: ReportingFrequency::default(),
        details: String::new(),
    }
}

/// The general formula with the lot's starting figures, for a clause switched back from the
/// cleaning method.
pub fn general_method(project: &Project, lot: &Lot, data: &ReferenceData) -> HoursMethod {
    let preset = starting_preset(project, lot, data);
    HoursMethod::General {
        labour_share_percent: preset.labour_share_percent,
        hourly_cost_cents: preset.hourly_cost_cents,
    }
}

/// The cleaning method, whose staff taken over are only known once the current contract is
/// examined.
pub fn cleaning_method() -> HoursMethod {
    HoursMethod::Cleaning {
        transferred_monthly_hours: 0.0,
    }
}

fn preset_method(preset: &TradePreset) -> HoursMethod {
    if preset.cleaning_method {
        cleaning_method()
    } else {
        HoursMethod::General {
            labour_share_percent: preset.labour_share_percent,
            hourly_cost_cents: preset.hourly_cost_cents,
        }
    }
}

/// Marks the clause as part of an urban-renewal operation (or not). Switching it on adds the
/// publics admitted only there; switching it off leaves the publics as the user set them.
pub fn set_urban_renewal(clause: &mut InsertionClause, on: bool, data: &ReferenceData) {
    if on && !clause.urban_renewal {
        for public in data
            .insertion
            .publics
            .iter()
            .filter(|p| p.urban_renewal_only)
        {
            if !clause.publics.contains(&public.id) {
                clause.publics.push(public.id.clone());
            }
        }
    }
    clause.urban_renewal = on;
}

/// Weight given to a new insertion award criterion (the data's usual middle).
pub fn criterion_weight(data: &ReferenceData) -> u32 {
    data.insertion.criterion_weight.value.default_percent
}

/// A new insertion award criterion, without sub-criteria yet.
pub fn insertion_criterion(data: &ReferenceData) -> InsertionCriterion {
    InsertionCriterion {
        weight_percent: criterion_weight(data),
        subcriteria: Vec::new(),
    }
}

/// Gives lot `index` the lever a recommendation names, as the lever matrix's « Appliquer »
/// does: a lever the lot already has is kept as it is; nothing else changes.
pub fn apply_lever(project: &mut Project, index: usize, lever: Lever, data: &ReferenceData) {
    let Some(lot) = project.allotment.lots.get(index) else {
        return;
    };
    let clause = (lever == Lever::InsertionClause && lot.insertion_clause.is_none())
        .then(|| insertion_clause(project, lot, data));
    let lot = &mut project.allotment.lots[index];
    match lever {
        Lever::Reservation(basis) => lot.reservations = vec![basis],
        Lever::InsertionClause => lot.insertion_clause = lot.insertion_clause.take().or(clause),
        Lever::InsertionCriterion => {
            if lot.insertion_criterion.is_none() {
                lot.insertion_criterion = Some(insertion_criterion(data));
            }
        }
        Lever::InsertionMarket => lot.insertion_market = true,
        Lever::SocialCondition(family) => {
            if !lot.social_conditions.iter().any(|c| c.family == family) {
                lot.social_conditions.push(social_condition(family, data));
            }
        }
        Lever::KeepCurrent | Lever::None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Nature;

    fn data() -> &'static ReferenceData {
        ReferenceData::bundled()
    }

    fn project_with_lot(nature: Nature, trade: Option<&str>) -> Project {
        let mut project = crate::scenarios::find("fournitures-bureau")
            .unwrap()
            .unwrap()
            .project;
        let lot = &mut project.allotment.lots[0];
        lot.nature = Some(nature);
        lot.trade = trade.map(str::to_string);
        project
    }

    #[test]
    fn a_lot_without_trade_starts_from_the_preset_of_its_nature() {
        for (nature, expected) in [
            (Nature::Works, "batiment-tous-corps"),
            (Nature::Supplies, "fournitures"),
            (Nature::Services, "services-divers"),
        ] {
            let p = project_with_lot(nature, None);
            assert_eq!(
                starting_preset(&p, &p.allotment.lots[0], data()).id,
                expected
            );
        }
        // An unknown trade id (a file from another version) falls back the same way.
        let p = project_with_lot(Nature::Supplies, Some("inconnu"));
        assert_eq!(
            starting_preset(&p, &p.allotment.lots[0], data()).id,
            "fournitures"
        );
    }

    #[test]
    fn a_supplies_lot_without_trade_gets_the_supplies_figures_and_every_usual_public() {
        let p = project_with_lot(Nature::Supplies, None);
        let clause = insertion_clause(&p, &p.allotment.lots[0], data());
        let preset = data().trade("fournitures").unwrap();
        assert_eq!(
            clause.method,
            HoursMethod::General {
                labour_share_percent: preset.labour_share_percent,
                hourly_cost_cents: preset.hourly_cost_cents,
            }
        );
        assert_eq!(clause.rate_percent, preset.rate_percent);
        assert!(!clause.publics.iter().any(|p| p == "residents-qpv"));
        assert_eq!(clause.publics.len(), data().insertion.publics.len() - 1);
        assert_eq!(clause.modes.len(), data().insertion.modes.len());
    }

    #[test]
    fn a_cleaning_lot_starts_with_the_branch_method() {
        let p = project_with_lot(Nature::Services, Some("nettoyage"));
        let clause = insertion_clause(&p, &p.allotment.lots[0], data());
        assert_eq!(clause.method, cleaning_method());
    }

    #[test]
    fn urban_renewal_adds_its_public_once_and_keeps_the_users_choice_when_removed() {
        let p = project_with_lot(Nature::Works, Some("maconnerie"));
        let mut clause = insertion_clause(&p, &p.allotment.lots[0], data());
        set_urban_renewal(&mut clause, true, data());
        set_urban_renewal(&mut clause, true, data());
        assert_eq!(
            clause
                .publics
                .iter()
                .filter(|p| *p == "residents-qpv")
                .count(),
            1
        );
        set_urban_renewal(&mut clause, false, data());
        assert!(!clause.urban_renewal);
        assert!(clause.publics.iter().any(|p| p == "residents-qpv"));
    }
}
