//! Renderings of clauses kept from one assembly to the next. The window assembles the whole
//! section again after every edit; most edits change one lot, and most clauses of the other
//! lots would come out the same. Each rendering (whether the clause applies, its title,
//! references, parsed body, table cells) is kept with the values of the context variables its
//! templates read (`LoadedClause::reads`), and reused only when those values are the same
//! again, with the same library and a work budget at least as large. What the cache gives is
//! therefore exactly what rendering would give: the assembled `Document` is the same, byte
//! for byte, with or without it (tests/it/assembly_cache.rs checks every scenario).

use super::context::RenderContext;
use super::BlockKind;
use crate::clauses::{ClauseLibrary, LoadedClause, Reads, KNOWN_VARIABLES};
use minijinja::Value;
use std::sync::Arc;

/// A clause's parsed body, shared between the cache and the assemblies that use it.
pub(super) type Blocks = Arc<Vec<BlockKind>>;

/// A variable's value, serialised (postcard: compact and quick to write; a float keeps all its
/// bits), so that two values of the same view are the same exactly when their bytes are. The
/// views have no map, no skipped or flattened field: their bytes follow their fields in order.
type Bytes = Arc<[u8]>;

/// What an assembly could reuse from the previous ones. Create one per window (or session)
/// and pass it to every assembly of that session: `pipeline::Draft::build_cached`.
#[derive(Default)]
pub struct AssemblyCache {
    /// The library the renderings come from (`ClauseLibrary::id`).
    library: Option<u64>,
    /// The previous assembly's value of each variable (by place in `KNOWN_VARIABLES`) and of
    /// each lot, so that a value that did not change is the very same allocation and compares
    /// at once.
    variables: Vec<Option<Bytes>>,
    lots: Vec<Option<Bytes>>,
    /// Each lot's value as templates see it, with the bytes it was made from.
    lot_values: Vec<Option<(Bytes, Value)>>,
    /// By clause (`LoadedClause::index`).
    clauses: Vec<ClauseSlots>,
    generation: u64,
    /// The last assembly that finished: its values are `variables` and `lots`.
    finished: u64,
    last: CacheStats,
}

/// How the last assembly went: parts of clauses taken from the cache, and rendered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub reused: usize,
    pub rendered: usize,
    /// Of those rendered, lots' `rows` of clauses rendered once.
    pub rows_rendered: usize,
}

#[derive(Default)]
struct ClauseSlots {
    once: Option<Slot>,
    /// Two slots a lot (by position): rendered alone (or, for a clause rendered once, that
    /// lot's `rows`), and as part of a grouped article.
    per_lot: Vec<Option<Slot>>,
    /// The grouped article last merged from this clause's grouped slots.
    merged: Option<MergedArticle>,
    seen: u64,
}

/// A grouped article's merged and typeset blocks, with the lots it was merged from (position,
/// number, title as written in the article). Its lots' grouped slots only change when one of
/// them is rendered again, and every such assembly merges again and replaces this: so when
/// no part was rendered and the lots are the same, merging again would give these blocks.
pub(super) struct MergedArticle {
    pub lots: Vec<(usize, u32, String)>,
    pub blocks: Blocks,
}

/// The renderings of one clause in one context.
#[derive(Default)]
pub(super) struct Slot {
    inputs: Vec<Bytes>,
    /// The largest work budget any part was rendered with: a smaller one might not suffice.
    fuel: u64,
    /// Assembly in which the inputs were last compared.
    checked: u64,
    pub applies: Option<bool>,
    pub title: Option<String>,
    pub refs: Option<Vec<String>>,
    pub blocks: Option<Blocks>,
    pub cells: Option<Vec<String>>,
    pub rows: Option<Vec<String>>,
}

impl AssemblyCache {
    pub fn new() -> AssemblyCache {
        AssemblyCache::default()
    }

    /// Parts reused and rendered by the last assembly made with this cache.
    pub fn last_stats(&self) -> CacheStats {
        self.last
    }

    /// Starts an assembly with `library`: renderings of another library are dropped.
    pub(super) fn begin<'a>(
        &'a mut self,
        library: &ClauseLibrary,
        context: &'a RenderContext,
        fuel: u64,
    ) -> Memo<'a> {
        if self.library != Some(library.id()) {
            *self = AssemblyCache {
                library: Some(library.id()),
                ..AssemblyCache::default()
            };
        }
        self.generation += 1;
        self.last = CacheStats::default();
        let lots = context.lots.len();
        Memo {
            cache: self,
            context,
            fuel,
            variables: vec![None; KNOWN_VARIABLES.len()],
            lots: vec![None; lots],
            lot_values: vec![None; lots],
        }
    }
}

/// One assembly's use of the cache: the values of this context, serialised when first asked.
pub(super) struct Memo<'a> {
    cache: &'a mut AssemblyCache,
    context: &'a RenderContext,
    fuel: u64,
    variables: Vec<Option<Bytes>>,
    lots: Vec<Option<Bytes>>,
    lot_values: Vec<Option<(Bytes, Value)>>,
}

/// The place of `lots` in `KNOWN_VARIABLES`.
const LOTS: usize = 4;
const _: () = assert!(matches!(KNOWN_VARIABLES[LOTS].as_bytes(), b"lots"));

fn serialised<T: serde::Serialize>(value: &T) -> Vec<u8> {
    // Every view serialises (plain data, no map), and writing to a Vec cannot fail.
    postcard::to_allocvec(value).expect("a render view serialises")
}

/// `fresh`, or the previous allocation when it holds the same bytes.
fn interned(previous: Option<&Bytes>, fresh: Vec<u8>) -> Bytes {
    match previous {
        Some(old) if **old == *fresh => Arc::clone(old),
        _ => Arc::from(fresh),
    }
}

impl Memo<'_> {
    fn lot_bytes(&mut self, index: usize) -> Bytes {
        if let Some(bytes) = &self.lots[index] {
            return Arc::clone(bytes);
        }
        let fresh = serialised(&self.context.lots[index]);
        let bytes = interned(self.cache.lots.get(index).and_then(Option::as_ref), fresh);
        self.lots[index] = Some(Arc::clone(&bytes));
        bytes
    }

    /// Lot `index` as templates see it: the previous assembly's value when the lot is the
    /// same, else `make`'s.
    pub(super) fn lot_value(&mut self, index: usize, make: impl FnOnce() -> Value) -> Value {
        let bytes = self.lot_bytes(index);
        let kept = match self.cache.lot_values.get(index) {
            Some(Some((old, value))) if Arc::ptr_eq(old, &bytes) => Some(value.clone()),
            _ => None,
        };
        let value = kept.unwrap_or_else(make);
        self.lot_values[index] = Some((bytes, value.clone()));
        value
    }

    /// Whether a value `reads` names (with `lot`) differs from the last assembly's.
    fn changed_since_last(&mut self, reads: &Reads, lot: Option<usize>) -> bool {
        (0..KNOWN_VARIABLES.len())
            .filter(|&index| reads.includes(KNOWN_VARIABLES[index]))
            .any(|index| self.read(index, lot).is_some_and(|(_, same)| !same))
    }

    /// What a slot reading `KNOWN_VARIABLES[index]` (for `lot`) keys on in this context, and
    /// whether it is the last assembly's very value; None when the name is not a value of the
    /// context (`grouped`, which belongs to the slot, and `lot` in a clause rendered once).
    fn read(&mut self, index: usize, lot: Option<usize>) -> Option<(Bytes, bool)> {
        let (now, before) = match (KNOWN_VARIABLES[index], lot) {
            ("grouped", _) | ("lot", None) => return None,
            ("lot", Some(lot)) => (self.lot_bytes(lot), self.cache.lots.get(lot)),
            (name, _) => {
                // The rows are rendered from the lots (and what else the clause reads).
                let index = if name == "rows" { LOTS } else { index };
                (self.variable_bytes(index), self.cache.variables.get(index))
            }
        };
        let same = matches!(before, Some(Some(old)) if Arc::ptr_eq(old, &now));
        Some((now, same))
    }

    /// The value of `KNOWN_VARIABLES[index]`.
    fn variable_bytes(&mut self, index: usize) -> Bytes {
        if let Some(bytes) = &self.variables[index] {
            return Arc::clone(bytes);
        }
        let name = KNOWN_VARIABLES[index];
        let c = self.context;
        let fresh = match name {
            "lots" => {
                let mut all = Vec::new();
                for index in 0..c.lots.len() {
                    let lot = self.lot_bytes(index);
                    all.extend_from_slice(&(lot.len() as u64).to_le_bytes());
                    all.extend_from_slice(&lot);
                }
                all
            }
            "buyer" => serialised(&c.buyer),
            "consultation" => serialised(&c.consultation),
            "procedure" => serialised(&c.procedure),
            "allotment" => serialised(&c.allotment),
            "summary" => serialised(&c.summary),
            "sme" => serialised(&c.sme),
            "facilitator" => serialised(&c.facilitator),
            "environment" => serialised(&c.environment),
            "exceptions" => serialised(&c.exceptions),
            "sourcing" => serialised(&c.sourcing),
            // `lot` and `grouped` belong to the slot; a name the context lacks fails to
            // render, and nothing failed is kept.
            _ => Vec::new(),
        };
        let bytes = interned(
            self.cache.variables.get(index).and_then(Option::as_ref),
            fresh,
        );
        self.variables[index] = Some(Arc::clone(&bytes));
        bytes
    }

    /// What `reads` names in this context, in `KNOWN_VARIABLES` order.
    fn inputs(&mut self, reads: &Reads, lot: Option<usize>) -> Vec<Bytes> {
        (0..KNOWN_VARIABLES.len())
            .filter(|&index| reads.includes(KNOWN_VARIABLES[index]))
            .filter_map(|index| self.read(index, lot).map(|(bytes, _)| bytes))
            .collect()
    }

    /// The clause's slot for this context, emptied when what it read has changed.
    pub(super) fn slot(
        &mut self,
        clause: &LoadedClause,
        lot: Option<usize>,
        grouped: bool,
    ) -> &mut Slot {
        self.slot_reading(clause, lot, grouped, clause.reads())
    }

    /// The slot of the `rows` of a clause rendered once, for one lot: kept as long as what
    /// the rows read is the same, whatever else the body reads.
    pub(super) fn row_slot(&mut self, clause: &LoadedClause, lot: usize) -> &mut Slot {
        self.slot_reading(clause, Some(lot), false, clause.row_reads())
    }

    fn slot_reading(
        &mut self,
        clause: &LoadedClause,
        lot: Option<usize>,
        grouped: bool,
        reads: &Reads,
    ) -> &mut Slot {
        let generation = self.cache.generation;
        let lot_count = self.lots.len();
        // Inputs are compared once an assembly; the slot is found again after each step (no
        // borrow of the cache may be held while they are computed).
        let (checked, slot_fuel) = {
            let slot = slot_mut(self.cache, clause, lot, grouped, lot_count, generation);
            (slot.checked, slot.fuel)
        };
        if checked != generation {
            // Compared in the last assembly, which finished: its inputs are that assembly's
            // values, so when none of them changed since, there is nothing to compare.
            let finished = self.cache.finished;
            let still_valid = checked == finished
                && finished + 1 == generation
                && slot_fuel <= self.fuel
                && !self.changed_since_last(reads, lot);
            if !still_valid {
                let inputs = self.inputs(reads, lot);
                let fuel = self.fuel;
                let slot = slot_mut(self.cache, clause, lot, grouped, lot_count, generation);
                let same = slot.inputs.len() == inputs.len()
                    && slot
                        .inputs
                        .iter()
                        .zip(&inputs)
                        .all(|(a, b)| Arc::ptr_eq(a, b) || a == b);
                if !same || slot.fuel > fuel {
                    *slot = Slot {
                        inputs,
                        ..Slot::default()
                    };
                }
            }
            let fuel = self.fuel;
            let slot = slot_mut(self.cache, clause, lot, grouped, lot_count, generation);
            slot.fuel = slot.fuel.max(fuel);
            slot.checked = generation;
        }
        slot_mut(self.cache, clause, lot, grouped, lot_count, generation)
    }

    /// Parts rendered so far in this assembly.
    pub(super) fn rendered(&self) -> usize {
        self.cache.last.rendered
    }

    /// The clause's last merged article, to reuse or to replace.
    pub(super) fn merged(&mut self, clause: &LoadedClause) -> &mut Option<MergedArticle> {
        let generation = self.cache.generation;
        &mut clause_slots(self.cache, clause, generation).merged
    }

    /// A lot's rows: counted as a part, and on their own.
    pub(super) fn count_rows(&mut self, reused: bool) {
        self.count(reused);
        if !reused {
            self.cache.last.rows_rendered += 1;
        }
    }

    pub(super) fn count(&mut self, reused: bool) {
        if reused {
            self.cache.last.reused += 1;
        } else {
            self.cache.last.rendered += 1;
        }
    }

    /// Ends the assembly: what it did not visit (a clause withdrawn, a lot removed) is
    /// dropped, and its values become the ones the next assembly compares with.
    pub(super) fn finish(mut self) {
        let generation = self.cache.generation;
        let lot_count = self.lots.len();
        for slots in &mut self.cache.clauses {
            if slots.seen == generation {
                slots.per_lot.truncate(lot_count * 2);
            } else {
                *slots = ClauseSlots::default();
            }
        }
        // A lot whose value no template needed this time keeps the previous one while the
        // lot is the same.
        let mut kept = std::mem::take(&mut self.cache.lot_values);
        kept.resize(lot_count, None);
        for ((value, old), bytes) in self.lot_values.iter_mut().zip(kept).zip(&self.lots) {
            if let (None, Some((old_bytes, _)), Some(bytes)) = (&value, &old, bytes) {
                if Arc::ptr_eq(old_bytes, bytes) {
                    *value = old;
                }
            }
        }
        self.cache.lot_values = self.lot_values;
        self.cache.variables = self.variables;
        self.cache.finished = generation;
        self.cache.lots = self.lots;
    }
}

fn slot_mut<'c>(
    cache: &'c mut AssemblyCache,
    clause: &LoadedClause,
    lot: Option<usize>,
    grouped: bool,
    lot_count: usize,
    generation: u64,
) -> &'c mut Slot {
    let slots = clause_slots(cache, clause, generation);
    let place = match lot {
        None => &mut slots.once,
        Some(index) => {
            if slots.per_lot.len() < lot_count * 2 {
                slots.per_lot.resize_with(lot_count * 2, || None);
            }
            &mut slots.per_lot[index * 2 + usize::from(grouped)]
        }
    };
    place.get_or_insert_with(Slot::default)
}

/// The clause's slots, marked as seen in this assembly.
fn clause_slots<'c>(
    cache: &'c mut AssemblyCache,
    clause: &LoadedClause,
    generation: u64,
) -> &'c mut ClauseSlots {
    let index = clause.index();
    if cache.clauses.len() <= index {
        cache.clauses.resize_with(index + 1, ClauseSlots::default);
    }
    let slots = &mut cache.clauses[index];
    slots.seen = generation;
    slots
}
