//! « Et si… ? »: the changes a trainer makes to a scenario in front of the room — do not allot,
//! reserve a lot, put a clause on it, switch it to another family of social condition, remove
//! its social lever — applied to a copy of the
//! project, so that every consequence (text, hours, findings, notice codes) is recomputed by the
//! same rules as for a real consultation.

use crate::model::{Lot, Project, ReservationBasis, SocialFamily};
use crate::reference::ReferenceData;
use crate::rules::defaults;
use std::collections::BTreeMap;

/// The social lever of one lot, as the trainer toggles it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LotLever {
    /// Reserved to insertion structures (L2113-13) unless it already had a reservation.
    Reserved,
    /// An insertion clause (execution condition), computed from the lot's trade.
    Clause,
    /// A social condition of another family instead of insertion.
    Social(SocialFamily),
    /// No social lever at all.
    Nothing,
}

impl LotLever {
    /// The switches offered: the families whose obligation needs no figure from the buyer
    /// (a supply chain, working conditions, equality, accessibility), so that the switched
    /// condition counts at once; the lot's own condition is kept when it has the family.
    pub const ALL: [LotLever; 7] = [
        LotLever::Reserved,
        LotLever::Clause,
        LotLever::Social(SocialFamily::SupplyChain),
        LotLever::Social(SocialFamily::WorkingConditions),
        LotLever::Social(SocialFamily::Equality),
        LotLever::Social(SocialFamily::Accessibility),
        LotLever::Nothing,
    ];

    pub fn label(self) -> &'static str {
        match self {
            LotLever::Reserved => "Lot réservé",
            LotLever::Clause => "Clause d'insertion",
            LotLever::Social(family) => {
                let short = ReferenceData::bundled()
                    .social
                    .family(family)
                    .short
                    .as_str();
                short
            }
            LotLever::Nothing => "Aucun levier social",
        }
    }

    /// The lever a lot carries as designed.
    pub fn of(lot: &Lot) -> LotLever {
        if !lot.reservations.is_empty() {
            LotLever::Reserved
        } else if lot.insertion_clause.is_some()
            || lot.insertion_criterion.is_some()
            || lot.insertion_market
        {
            LotLever::Clause
        } else if let Some(c) = lot.social_conditions.first() {
            LotLever::Social(c.family)
        } else {
            LotLever::Nothing
        }
    }
}

/// What differs from the scenario as designed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WhatIf {
    /// One single contract instead of the lots.
    pub single_contract: bool,
    /// Lever per lot index, where the trainer changed it.
    pub levers: BTreeMap<usize, LotLever>,
}

impl WhatIf {
    pub fn is_empty(&self) -> bool {
        !self.single_contract && self.levers.is_empty()
    }

    /// Sets lot `index`'s lever; choosing the designed lever again forgets the change.
    pub fn set_lever(&mut self, project: &Project, index: usize, lever: LotLever) {
        match project.allotment.lots.get(index) {
            Some(lot) if LotLever::of(lot) == lever => {
                self.levers.remove(&index);
            }
            Some(_) => {
                self.levers.insert(index, lever);
            }
            None => {}
        }
    }

    pub fn lever(&self, project: &Project, index: usize) -> Option<LotLever> {
        self.levers
            .get(&index)
            .copied()
            .or_else(|| project.allotment.lots.get(index).map(LotLever::of))
    }

    /// The scenario with these changes.
    pub fn apply(&self, project: &Project, data: &ReferenceData) -> Project {
        let mut out = project.clone();
        for (&index, &lever) in &self.levers {
            if index < out.allotment.lots.len() {
                let lot = out.allotment.lots[index].clone();
                out.allotment.lots[index] = with_lever(&out, lot, lever, data);
            }
        }
        if self.single_contract && out.allotment.allotted {
            out = single_contract(out, data);
        }
        out
    }

    /// The changes in words, for the comparison's headings and the presentation.
    pub fn describe(&self, project: &Project) -> Vec<String> {
        let mut out = Vec::new();
        for (&index, &lever) in &self.levers {
            if let Some(lot) = project.allotment.lots.get(index) {
                out.push(format!(
                    "Lot {} ({}) : {} au lieu de « {} »",
                    lot.number,
                    lot.title,
                    lever.label().to_lowercase(),
                    LotLever::of(lot).label().to_lowercase()
                ));
            }
        }
        if self.single_contract && project.allotment.allotted {
            out.push(format!(
                "Un marché unique au lieu de {} lots",
                project.allotment.lots.len()
            ));
        }
        out
    }
}

fn with_lever(project: &Project, mut lot: Lot, lever: LotLever, data: &ReferenceData) -> Lot {
    match lever {
        LotLever::Reserved => {
            if lot.reservations.is_empty() {
                lot.reservations = vec![ReservationBasis::Insertion];
            }
            // A reserved lot already employs people far from employment: no clause on top.
            lot.insertion_clause = None;
            lot.insertion_criterion = None;
            lot.insertion_market = false;
            lot.social_conditions.clear();
        }
        LotLever::Clause => {
            lot.reservations.clear();
            lot.insertion_market = false;
            lot.social_conditions.clear();
            if lot.insertion_clause.is_none() {
                lot.insertion_clause = Some(defaults::insertion_clause(project, &lot, data));
            }
        }
        LotLever::Social(family) => {
            lot.reservations.clear();
            lot.insertion_clause = None;
            lot.insertion_criterion = None;
            lot.insertion_market = false;
            let own = lot
                .social_conditions
                .iter()
                .find(|c| c.family == family)
                .cloned();
            lot.social_conditions =
                vec![own.unwrap_or_else(|| defaults::social_condition(family, data))];
        }
        LotLever::Nothing => {
            lot.reservations.clear();
            lot.insertion_clause = None;
            lot.insertion_criterion = None;
            lot.insertion_market = false;
            lot.social_conditions.clear();
        }
    }
    lot
}

/// All lots merged into one contract. The decision not to allot is left unjustified on
/// purpose: the findings then show what the buyer would have to write and defend.
fn single_contract(mut project: Project, data: &ReferenceData) -> Project {
    let lots = std::mem::take(&mut project.allotment.lots);
    let amount = lots.iter().map(|l| l.amount_cents).sum();
    let all_reserved = !lots.is_empty() && lots.iter().all(|l| !l.reservations.is_empty());
    let any_lever = lots.iter().any(|l| LotLever::of(l) != LotLever::Nothing);
    let first_trade = lots.first().and_then(|l| l.trade.clone());
    let same_trade = lots.iter().all(|l| l.trade == first_trade);
    let mut merged = Lot {
        number: 1,
        title: project.meta.title.clone(),
        nature: None,
        amount_cents: amount,
        trade: if same_trade { first_trade } else { None },
        description: String::new(),
        reservations: Vec::new(),
        insertion_clause: None,
        insertion_criterion: None,
        insertion_market: false,
        // One condition per family: the first lot's wording stands for the whole contract.
        social_conditions: {
            let mut conditions: Vec<crate::model::SocialCondition> = Vec::new();
            for c in lots.iter().flat_map(|l| &l.social_conditions) {
                if !conditions.iter().any(|k| k.family == c.family) {
                    conditions.push(c.clone());
                }
            }
            conditions
        },
        min_turnover_cents: None,
        min_turnover_justification: String::new(),
    };
    if all_reserved {
        merged.reservations = lots[0].reservations.clone();
    } else if any_lever {
        merged.insertion_clause = Some(defaults::insertion_clause(&project, &merged, data));
    }
    project.allotment.allotted = false;
    project.allotment.non_allotment = Default::default();
    project.allotment.max_lots_bid = None;
    project.allotment.max_lots_awarded = None;
    project.allotment.lots = vec![merged];
    project.social_exceptions.retain(|e| e.lot.is_none());
    project
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(id: &str) -> Project {
        crate::scenarios::find(id).unwrap().unwrap().project
    }

    /// A lot switched from insertion to a supply-chain condition: the clause goes, the
    /// condition counts for L2112-2-1, and the notice declares « hum-right » instead of « opp ».
    #[test]
    fn a_lot_switched_to_another_family_is_drafted_counted_and_declared_as_such() {
        let project = scenario("nettoyage-locaux");
        let data = ReferenceData::bundled();
        let mut what_if = WhatIf::default();
        what_if.set_lever(&project, 0, LotLever::Social(SocialFamily::Equality));
        let changed = what_if.apply(&project, data);
        let lot = &changed.allotment.lots[0];
        assert!(lot.insertion_clause.is_none());
        assert_eq!(lot.social_conditions.len(), 1);
        assert_eq!(lot.social_conditions[0].family, SocialFamily::Equality);
        assert_eq!(LotLever::of(lot), LotLever::Social(SocialFamily::Equality));
        let date = changed.meta.launch_date.unwrap();
        let e = crate::rules::evaluate(&changed, date, data);
        assert!(crate::rules::predicates::has_social_condition(
            lot, 0, &e, data
        ));
        let codes = crate::rules::notice::eforms(&changed, &e).lots[0]
            .social_objectives
            .clone();
        assert_eq!(codes, ["gen-eq"]);
        assert_eq!(
            what_if.describe(&project),
            ["Lot 1 (Hôtel du Département et annexes de Vallombreuse) : égalité et non-discrimination au lieu de « clause d'insertion »"]
        );
        // the lot's own condition of a family is kept when switching to it
        what_if.set_lever(
            &project,
            0,
            LotLever::Social(SocialFamily::WorkingConditions),
        );
        let changed = what_if.apply(&project, data);
        assert_eq!(
            changed.allotment.lots[0].social_conditions[0],
            project.allotment.lots[0].social_conditions[0]
        );
    }

    #[test]
    fn reserving_a_lot_replaces_its_clause_and_choosing_the_design_again_forgets_it() {
        let project = scenario("renovation-ecole");
        let data = ReferenceData::bundled();
        let index = project
            .allotment
            .lots
            .iter()
            .position(|l| l.insertion_clause.is_some())
            .unwrap();
        let mut what_if = WhatIf::default();
        what_if.set_lever(&project, index, LotLever::Reserved);
        let changed = what_if.apply(&project, data);
        let lot = &changed.allotment.lots[index];
        assert_eq!(lot.reservations, [ReservationBasis::Insertion]);
        assert!(lot.insertion_clause.is_none());
        assert_eq!(what_if.describe(&project).len(), 1);
        what_if.set_lever(&project, index, LotLever::Clause);
        assert!(what_if.is_empty());
        assert_eq!(what_if.apply(&project, data), project);
    }

    #[test]
    fn a_single_contract_keeps_the_amount_and_a_clause_but_not_the_grounds() {
        let project = scenario("renovation-ecole");
        let data = ReferenceData::bundled();
        let what_if = WhatIf {
            single_contract: true,
            ..WhatIf::default()
        };
        let merged = what_if.apply(&project, data);
        assert!(!merged.allotment.allotted);
        assert_eq!(merged.allotment.lots.len(), 1);
        let total: i64 = project.allotment.lots.iter().map(|l| l.amount_cents).sum();
        assert_eq!(merged.allotment.lots[0].amount_cents, total);
        assert!(merged.allotment.lots[0].insertion_clause.is_some());
        // The unjustified decision not to allot is what the trainer wants the room to see.
        let evaluation = crate::rules::evaluate(
            &merged,
            crate::rules::effective_date(
                &merged,
                chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            ),
            data,
        );
        assert!(evaluation.has_errors());
    }

    #[test]
    fn a_clause_on_a_lot_without_lever_gets_hours_from_its_trade() {
        let project = scenario("fournitures-bureau");
        let data = ReferenceData::bundled();
        let mut what_if = WhatIf::default();
        what_if.set_lever(&project, 0, LotLever::Clause);
        let changed = what_if.apply(&project, data);
        assert!(changed.allotment.lots[0].insertion_clause.is_some());
        assert!(changed.allotment.lots[0].reservations.is_empty());
    }
}
