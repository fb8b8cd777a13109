//! The indicators themselves: how many contracts, and for what value, carry each social
//! consideration, their shares against the buyer's target, by nature and by month; and the
//! contracts that the published data shows without any social consideration although they
//! reach the EU threshold after the date of the mandatory social condition.

use super::decp::{Contract, DecpFile};
use crate::model::{BuyerKind, Nature};
use crate::reference::ReferenceData;
use crate::rules::predicates;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Only the contracts notified this year; None: every contract of the file.
    pub year: Option<i32>,
    /// The buyer's kind, for its EU thresholds.
    pub buyer: BuyerKind,
    /// Target share of contracts with at least one social consideration, percent.
    pub target_percent: f64,
}

/// A number of contracts and their value.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Count {
    pub count: usize,
    pub cents: i64,
}

impl Count {
    fn add(&mut self, c: &Contract) {
        self.count += 1;
        self.cents = self.cents.saturating_add(c.amount_cents.unwrap_or(0));
    }
}

/// The counts of one group of contracts (all, one nature, one month).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Breakdown {
    pub total: Count,
    pub clause: Count,
    pub criterion: Count,
    pub reserved: Count,
    /// At least one of the three.
    pub any: Count,
    /// « Pas de considération sociale » declared.
    pub none: Count,
    /// Nothing usable declared.
    pub unknown: Count,
}

impl Breakdown {
    fn add(&mut self, c: &Contract) {
        self.total.add(c);
        let s = c.social;
        if s.clause {
            self.clause.add(c);
        }
        if s.criterion {
            self.criterion.add(c);
        }
        if s.reserved {
            self.reserved.add(c);
        }
        if s.any() {
            self.any.add(c);
        } else if s.declared_none {
            self.none.add(c);
        } else {
            self.unknown.add(c);
        }
    }

    /// Share of the contracts, in number, that have `part`; None without contracts.
    pub fn share_count(&self, part: Count) -> Option<f64> {
        (self.total.count > 0).then(|| 100.0 * part.count as f64 / self.total.count as f64)
    }

    /// Share of the value; None when the contracts have no value.
    pub fn share_value(&self, part: Count) -> Option<f64> {
        (self.total.cents > 0).then(|| 100.0 * part.cents as f64 / self.total.cents as f64)
    }
}

/// A contract that reaches the EU threshold, was notified on or after the date of the
/// mandatory social condition, and shows no social consideration.
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    pub position: usize,
    pub id: String,
    pub object: String,
    pub notified: NaiveDate,
    pub amount_cents: i64,
    pub eu_threshold_cents: i64,
    pub nature: Nature,
    /// The nature was not given by a CPV code: the supplies and services threshold was used.
    pub nature_assumed: bool,
    /// true: « Pas de considération sociale » declared; false: nothing declared.
    pub declared_none: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Indicators {
    pub options: Options,
    pub all: Breakdown,
    /// Works, supplies, services, then contracts without a readable CPV code.
    pub by_nature: [Breakdown; 4],
    /// (year, month) of notification.
    pub by_month: BTreeMap<(i32, u32), Breakdown>,
    /// Contracts without a readable notification date (left out when a year is chosen).
    pub undated: usize,
    pub without_amount: usize,
    /// Contracts of other years, left out.
    pub other_years: usize,
    pub missing: Vec<Missing>,
    /// The date from which the social condition is mandatory (assets/thresholds.ron).
    pub mandatory_from: NaiveDate,
}

const NATURE_SLOTS: [Option<Nature>; 4] = [
    Some(Nature::Works),
    Some(Nature::Supplies),
    Some(Nature::Services),
    None,
];

fn nature_slot(nature: Option<Nature>) -> usize {
    NATURE_SLOTS.iter().position(|n| *n == nature).unwrap_or(3)
}

impl Indicators {
    /// The natures that have contracts, in a fixed order.
    pub fn natures(&self) -> impl Iterator<Item = (Option<Nature>, &Breakdown)> {
        NATURE_SLOTS
            .iter()
            .zip(&self.by_nature)
            .filter(|(_, b)| b.total.count > 0)
            .map(|(n, b)| (*n, b))
    }

    /// Share of the contracts, in number, with at least one social consideration.
    pub fn share(&self) -> Option<f64> {
        self.all.share_count(self.all.any)
    }

    pub fn target_met(&self) -> Option<bool> {
        self.share().map(|s| s >= self.options.target_percent)
    }
}

pub fn compute(file: &DecpFile, options: Options, data: &ReferenceData) -> Indicators {
    let mandatory_from = data.thresholds.climate_law.social_condition_from.value;
    let mut out = Indicators {
        options,
        all: Breakdown::default(),
        by_nature: [Breakdown::default(); 4],
        by_month: BTreeMap::new(),
        undated: 0,
        without_amount: 0,
        other_years: 0,
        missing: Vec::new(),
        mandatory_from,
    };
    for c in &file.contracts {
        if let Some(year) = options.year {
            match c.notified {
                Some(d) if d.year() == year => {}
                Some(_) => {
                    out.other_years += 1;
                    continue;
                }
                None => {
                    out.undated += 1;
                    continue;
                }
            }
        } else if c.notified.is_none() {
            out.undated += 1;
        }
        if c.amount_cents.is_none() {
            out.without_amount += 1;
        }
        out.all.add(c);
        out.by_nature[nature_slot(c.nature)].add(c);
        if let Some(d) = c.notified {
            out.by_month
                .entry((d.year(), d.month()))
                .or_default()
                .add(c);
        }
        if let Some(m) = missing(c, options.buyer, data) {
            out.missing.push(m);
        }
    }
    out.missing.sort_by_key(|m| (m.notified, m.position));
    out
}

/// The contract lacks the social condition that L2112-2-1 requires, as far as its published
/// data shows: the same legal test as the wizard's (`rules::procedure`), at its notification
/// date. The obligation depends on the launch date, which the data does not give: the report
/// says so.
fn missing(c: &Contract, buyer: BuyerKind, data: &ReferenceData) -> Option<Missing> {
    if c.social.any() {
        return None;
    }
    let (notified, amount) = (c.notified?, c.amount_cents?);
    let buyer = if c.defence {
        BuyerKind::DefenceSecurity
    } else {
        buyer
    };
    if !predicates::climate_law_covers(buyer, data) {
        return None;
    }
    // Supplies and services share their thresholds: the lower of the two natures.
    let nature = c.nature.unwrap_or(Nature::Services);
    let p = crate::rules::procedure::procedure(nature, buyer, amount, notified, false, data);
    p.social_condition_mandatory.then(|| Missing {
        position: c.position,
        id: c.id.clone(),
        object: c.object.clone(),
        notified,
        amount_cents: amount,
        eu_threshold_cents: p.eu_threshold_cents,
        nature,
        nature_assumed: c.nature.is_none(),
        declared_none: c.social.declared_none,
    })
}
