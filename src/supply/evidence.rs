//! Per lot: which structures of the pack do the lot's work in the execution département and
//! around it, counted by kind and by delivery mode, with a capacity indication.

use super::pack::{Structure, SupplyPack};
use super::place;
use super::reference::{naf_matches, DeliveryMode, Family, StructureKind, SupplyReference};
use crate::model::{Lot, Project};
use crate::reference::ReferenceData;
use crate::rules::Evaluation;
use crate::tabular::normalise_header;
use std::collections::{BTreeMap, HashMap};

/// The execution département and how it was known.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionPlace {
    pub code: String,
    pub name: String,
    /// true: read from the place of performance rather than typed by the buyer.
    pub inferred: bool,
    pub neighbours: Vec<String>,
}

pub fn execution_place(project: &Project, supply: &SupplyReference) -> Option<ExecutionPlace> {
    let typed = project
        .purchase
        .departement
        .as_deref()
        .and_then(|d| place::from_departement(d, supply));
    let (code, inferred) = match typed {
        Some(code) => (code, false),
        None => (place::from_place(&project.purchase.place, supply)?, true),
    };
    let dep = supply.departement(&code)?;
    Some(ExecutionPlace {
        code: dep.code.clone(),
        name: dep.name.clone(),
        inferred,
        neighbours: dep.neighbours.clone(),
    })
}

/// What the lot's work is, in activities, and where that came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// « Nettoyage de locaux » (trade preset) or « CPV 7731 : Services de plantation… ».
    pub label: String,
    pub naf: Vec<String>,
    pub sectors: Vec<String>,
    pub source: String,
}

/// The lot's trade preset when it maps to activities, otherwise the purchase's CPV code.
pub fn activity(
    project: &Project,
    lot: &Lot,
    data: &ReferenceData,
    supply: &SupplyReference,
) -> Option<Activity> {
    let from_trade = lot.trade.as_deref().and_then(|id| {
        let row = supply.trade(id)?;
        (!row.naf.is_empty() || !row.sectors.is_empty()).then(|| Activity {
            label: data.trade(id).map_or(id.to_string(), |t| t.label.clone()),
            naf: row.naf.clone(),
            sectors: row.sectors.clone(),
            source: row.source.clone(),
        })
    });
    from_trade.or_else(|| {
        let cpv = project.purchase.cpv.as_deref()?;
        let row = supply.cpv(cpv)?;
        Some(Activity {
            label: format!("CPV {} : {}", row.cpv, row.label),
            naf: row.naf.clone(),
            sectors: row.sectors.clone(),
            source: row.source.clone(),
        })
    })
}

/// Counts of structures, by kind and by delivery mode.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    pub by_kind: BTreeMap<StructureKind, usize>,
    /// Of those, the structures that perform the work themselves.
    pub production_by_kind: BTreeMap<StructureKind, usize>,
    pub production: usize,
    pub staff_provision: usize,
}

impl Counts {
    fn add(&mut self, s: &Structure) {
        *self.by_kind.entry(s.kind).or_default() += 1;
        if s.delivers(DeliveryMode::Production) {
            self.production += 1;
            *self.production_by_kind.entry(s.kind).or_default() += 1;
        }
        if s.delivers(DeliveryMode::StaffProvision) {
            self.staff_provision += 1;
        }
    }

    pub fn total(&self) -> usize {
        self.by_kind.values().sum()
    }

    pub fn of(&self, kind: StructureKind) -> usize {
        self.by_kind.get(&kind).copied().unwrap_or(0)
    }

    /// Structures of a family that perform the work themselves: those a reserved lot can be
    /// awarded to (a temporary-work SIAE is eligible in law but performs no work itself).
    pub fn production_of_family(&self, family: Family, supply: &SupplyReference) -> usize {
        self.production_by_kind
            .iter()
            .filter(|(k, _)| supply.kind(**k).family == family)
            .map(|(_, n)| n)
            .sum()
    }

    pub fn of_family(&self, family: Family, supply: &SupplyReference) -> usize {
        self.by_kind
            .iter()
            .filter(|(k, _)| supply.kind(**k).family == family)
            .map(|(_, n)| n)
            .sum()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapacityBasis {
    /// The insertion hours of the lot's clause.
    InsertionHours,
    /// All the labour of the lot (amount × labour share ÷ hourly cost of its trade), which a
    /// structure performing a reserved lot must supply.
    LabourHours,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapacityVerdict {
    /// The largest structure found alone employs at least the full-time equivalents needed.
    OneStructure,
    /// Only the structures together do.
    Together,
    /// The known headcounts fall short of the volume.
    Short,
    /// No structure found gives its headcount.
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Capacity {
    pub basis: CapacityBasis,
    pub hours: f64,
    /// Full-time equivalents needed each year of the contract.
    pub fte_per_year: f64,
    /// Sum of the lower bounds of the known headcount bands of the local structures.
    pub headcount_min: u32,
    pub largest_min: u32,
    pub unknown_headcount: usize,
    pub verdict: CapacityVerdict,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Index in the pack's structures.
    pub index: usize,
    /// In the execution département (false: in a neighbouring one).
    pub local: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LotEvidence {
    pub index: usize,
    pub number: u32,
    pub title: String,
    pub trade: Option<String>,
    pub activity: Option<Activity>,
    pub local: Counts,
    pub neighbours: Counts,
    /// Local first, then neighbours; within each, by kind then name.
    pub structures: Vec<Found>,
    pub capacity: Option<Capacity>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProjectEvidence {
    pub place: Option<ExecutionPlace>,
    pub lots: Vec<LotEvidence>,
}

/// Whether `s` does the work described by `activity`: its NAF code or one of its sectors
/// matches; structures placing staff also count through the staffing activities.
pub fn does(s: &Structure, activity: &Activity, supply: &SupplyReference) -> bool {
    let sectors: Vec<String> = activity
        .sectors
        .iter()
        .map(|n| normalise_header(n))
        .collect();
    let folded = normalise_header(&s.sectors);
    matches(s, &folded, activity, &sectors, supply)
}

/// [`does`] with the sector names already normalised, for the per-lot loops.
fn matches(
    s: &Structure,
    structure_sectors: &str,
    activity: &Activity,
    activity_sectors: &[String],
    supply: &SupplyReference,
) -> bool {
    if let Some(naf) = &s.naf {
        if activity.naf.iter().any(|p| naf_matches(naf, p)) {
            return true;
        }
        if s.delivers(DeliveryMode::StaffProvision) && supply.is_staffing_naf(naf) {
            return true;
        }
    }
    !structure_sectors.is_empty()
        && activity_sectors
            .iter()
            .any(|name| structure_sectors.contains(name.as_str()))
}

pub fn evidence(
    project: &Project,
    evaluation: &Evaluation,
    data: &ReferenceData,
    supply: &SupplyReference,
    pack: &SupplyPack,
) -> ProjectEvidence {
    let place = execution_place(project, supply);
    let Some(place_ref) = place.as_ref() else {
        return ProjectEvidence {
            place,
            lots: project
                .allotment
                .lots
                .iter()
                .enumerate()
                .map(|(index, lot)| LotEvidence {
                    index,
                    number: lot.number,
                    title: lot.title.clone(),
                    trade: lot.trade.clone(),
                    activity: activity(project, lot, data, supply),
                    local: Counts::default(),
                    neighbours: Counts::default(),
                    structures: Vec::new(),
                    capacity: None,
                })
                .collect(),
        };
    };
    // The structures of the area, local first, each in kind-then-name order, with their
    // sectors normalised once for all the lots.
    let mut by_departement: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, s) in pack.structures.iter().enumerate() {
        by_departement
            .entry(s.departement.as_str())
            .or_default()
            .push(i);
    }
    let areas = std::iter::once((place_ref.code.as_str(), true))
        .chain(place_ref.neighbours.iter().map(|n| (n.as_str(), false)));
    let mut candidates: Vec<(usize, bool, String)> = Vec::new();
    for (code, is_local) in areas {
        let mut here: Vec<usize> = by_departement.get(code).cloned().unwrap_or_default();
        here.sort_by(|a, b| {
            let (a, b) = (&pack.structures[*a], &pack.structures[*b]);
            (a.kind, &a.name).cmp(&(b.kind, &b.name))
        });
        candidates.extend(
            here.into_iter()
                .map(|i| (i, is_local, normalise_header(&pack.structures[i].sectors))),
        );
    }
    // Lots of the same trade share their list: a 34-lot operation has a dozen trades.
    let mut found_by_activity: HashMap<String, (Vec<Found>, Counts, Counts)> = HashMap::new();
    let lots = project
        .allotment
        .lots
        .iter()
        .enumerate()
        .map(|(index, lot)| {
            let activity = activity(project, lot, data, supply);
            let mut local = Counts::default();
            let mut neighbours = Counts::default();
            let mut structures = Vec::new();
            if let Some(activity) = &activity {
                let key = format!(
                    "{}|{:?}|{:?}",
                    activity.label, activity.naf, activity.sectors
                );
                let (found, here, around) = found_by_activity.entry(key).or_insert_with(|| {
                    let sectors: Vec<String> = activity
                        .sectors
                        .iter()
                        .map(|n| normalise_header(n))
                        .collect();
                    let found: Vec<Found> = candidates
                        .iter()
                        .filter(|(i, _, folded)| {
                            matches(&pack.structures[*i], folded, activity, &sectors, supply)
                        })
                        .map(|(i, local, _)| Found {
                            index: *i,
                            local: *local,
                        })
                        .collect();
                    let (mut here, mut around) = (Counts::default(), Counts::default());
                    for f in &found {
                        let counts = if f.local { &mut here } else { &mut around };
                        counts.add(&pack.structures[f.index]);
                    }
                    (found, here, around)
                });
                local = here.clone();
                neighbours = around.clone();
                structures = found.clone();
            }
            let capacity = capacity(project, index, lot, evaluation, data, pack, &structures);
            LotEvidence {
                index,
                number: lot.number,
                title: lot.title.clone(),
                trade: lot.trade.clone(),
                activity,
                local,
                neighbours,
                structures,
                capacity,
            }
        })
        .collect();
    ProjectEvidence { place, lots }
}

fn capacity(
    project: &Project,
    index: usize,
    lot: &Lot,
    evaluation: &Evaluation,
    data: &ReferenceData,
    pack: &SupplyPack,
    found: &[Found],
) -> Option<Capacity> {
    let clause_hours = evaluation
        .lots
        .get(index)
        .and_then(|l| l.hours.as_ref())
        .map(|h| h.hours as f64);
    let (basis, hours) = match clause_hours {
        Some(h) => (CapacityBasis::InsertionHours, h),
        None => {
            let preset = lot.trade.as_deref().and_then(|id| data.trade(id))?;
            if lot.amount_cents <= 0 || preset.hourly_cost_cents <= 0 {
                return None;
            }
            let labour = lot.amount_cents as f64 * preset.labour_share_percent
                / 100.0
                / preset.hourly_cost_cents as f64;
            (CapacityBasis::LabourHours, labour)
        }
    };
    let months = project.purchase.duration_months.max(1) as f64;
    let fte_hours = data.insertion.fte_hours.value;
    let fte_per_year = hours / fte_hours / (months / 12.0).max(1.0 / 12.0);
    let local: Vec<&Structure> = found
        .iter()
        .filter(|f| f.local)
        .map(|f| &pack.structures[f.index])
        .collect();
    let known: Vec<u32> = local
        .iter()
        .filter_map(|s| s.headcount.as_ref().map(|h| h.min))
        .collect();
    let headcount_min: u32 = known.iter().sum();
    let largest_min = known.iter().copied().max().unwrap_or(0);
    let verdict = if known.is_empty() {
        CapacityVerdict::Unknown
    } else if f64::from(largest_min) >= fte_per_year {
        CapacityVerdict::OneStructure
    } else if f64::from(headcount_min) >= fte_per_year {
        CapacityVerdict::Together
    } else {
        CapacityVerdict::Short
    };
    Some(Capacity {
        basis,
        hours,
        fte_per_year,
        headcount_min,
        largest_min,
        unknown_headcount: local.len() - known.len(),
        verdict,
    })
}
