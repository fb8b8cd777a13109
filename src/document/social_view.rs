//! What clause templates see of a lot's social conditions of the families other than
//! insertion: the chosen obligations and controls already in words, one slot per family so
//! that each family's clause can be triggered by `lot.social.<family>`.

use crate::model::{Lot, ReportingFrequency, SocialCondition, SocialFamily};
use crate::reference::ReferenceData;
use crate::rules::predicates::{self, ConditionGap};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct SocialConditionView {
    /// "supply_chain", "working_conditions"…
    pub family: &'static str,
    pub label: String,
    pub short: String,
    /// The obligations chosen, as the family's data words them, in the family's order.
    pub obligations: Vec<String>,
    pub controls: Vec<String>,
    pub quantity: Option<f64>,
    pub quantity_label: Option<String>,
    /// « heures » or « % ».
    pub unit: Option<String>,
    pub penalty_cents: Option<i64>,
    pub penalty_unit: String,
    /// "mensuel" or "trimestriel".
    pub reporting: &'static str,
    pub details: String,
    /// Has a measurable obligation and a control: the L2112-2-1 condition.
    pub counts: bool,
    /// A label is one of the proofs asked (the RC then recalls that equivalents are accepted).
    pub label_proof: bool,
    pub articles: Vec<String>,
}

/// One slot per family: the lot's first condition of that family, when it can be drafted.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SocialFamiliesView {
    pub supply_chain: Option<SocialConditionView>,
    pub working_conditions: Option<SocialConditionView>,
    pub equality: Option<SocialConditionView>,
    pub disability: Option<SocialConditionView>,
    pub training: Option<SocialConditionView>,
    pub accessibility: Option<SocialConditionView>,
    pub fair_trade: Option<SocialConditionView>,
}

pub fn family_key(family: SocialFamily) -> &'static str {
    match family {
        SocialFamily::SupplyChain => "supply_chain",
        SocialFamily::WorkingConditions => "working_conditions",
        SocialFamily::Equality => "equality",
        SocialFamily::Disability => "disability",
        SocialFamily::Training => "training",
        SocialFamily::Accessibility => "accessibility",
        SocialFamily::FairTrade => "fair_trade",
    }
}

/// The conditions that can be drafted: an obligation the family knows and, where the family
/// measures one, a quantity above zero (a condition of nothing is never printed, like a
/// clause of 0 hours). A condition without control is drafted but does not count.
pub fn drafted(lot: &Lot, data: &ReferenceData) -> Vec<SocialConditionView> {
    let mut views: Vec<SocialConditionView> = Vec::new();
    for c in &lot.social_conditions {
        let gap = predicates::social_condition_gap(c, data);
        if gap == Some(ConditionGap::NoObligation)
            || views.iter().any(|v| v.family == family_key(c.family))
        {
            continue;
        }
        views.push(view(c, gap.is_none(), data));
    }
    views
}

fn view(c: &SocialCondition, counts: bool, data: &ReferenceData) -> SocialConditionView {
    let family = data.social.family(c.family);
    let chosen = |choices: &[crate::reference::Choice], ids: &[String]| -> Vec<String> {
        choices
            .iter()
            .filter(|choice| ids.contains(&choice.id))
            .map(|choice| choice.label.clone())
            .collect()
    };
    SocialConditionView {
        family: family_key(c.family),
        label: family.label.clone(),
        short: family.short.clone(),
        obligations: chosen(&family.obligations, &c.obligations),
        controls: chosen(&family.controls, &c.controls),
        quantity: family.quantity.as_ref().and(c.quantity),
        quantity_label: family.quantity.as_ref().map(|q| q.label.clone()),
        unit: family.quantity.as_ref().map(|q| q.unit.clone()),
        penalty_cents: c.penalty_cents,
        penalty_unit: family.penalty_unit.clone(),
        reporting: match c.reporting {
            ReportingFrequency::Monthly => "mensuel",
            ReportingFrequency::Quarterly => "trimestriel",
        },
        details: c.details.trim().to_string(),
        counts,
        // Label controls are named « label… » in the data (« label », « label-equitable »).
        label_proof: c
            .controls
            .iter()
            .any(|id| id.starts_with("label") && family.control(id).is_some()),
        articles: family.articles.clone(),
    }
}

pub fn by_family(views: &[SocialConditionView]) -> SocialFamiliesView {
    let get = |key: &str| views.iter().find(|v| v.family == key).cloned();
    SocialFamiliesView {
        supply_chain: get("supply_chain"),
        working_conditions: get("working_conditions"),
        equality: get("equality"),
        disability: get("disability"),
        training: get("training"),
        accessibility: get("accessibility"),
        fair_trade: get("fair_trade"),
    }
}
