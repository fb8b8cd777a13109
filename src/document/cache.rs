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
use crate::clauses::{ClauseLibrary, LoadedClause, KNOWN_VARIABLES};
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

/// A variable's value, serialised (CBOR: a float keeps all its bits, none and a missing value
/// differ), so that two values are the same exactly when their bytes are.
type Bytes = Arc<[u8]>;

/// What an assembly could reuse from the previous ones. Create one per window (or session)
/// and pass it to every assembly of that session: `pipeline::Draft::build_cached`.
#[derive(Default)]
pub struct AssemblyCache {
    /// The library the renderings come from (`ClauseLibrary::id`).
    library: Option<u64>,
    /// The previous assembly's value of each variable and of each lot, so that a value that
    /// did not change is the very same allocation and compares at once.
    variables: HashMap<&'static str, Bytes>,
    lots: Vec<Option<Bytes>>,
    /// By clause key (`LoadedClause::key`).
    clauses: HashMap<String, ClauseSlots>,
    generation: u64,
    last: CacheStats,
}

/// How the last assembly went: parts of clauses taken from the cache, and rendered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub reused: usize,
    pub rendered: usize,
}

#[derive(Default)]
struct ClauseSlots {
    once: Option<Slot>,
    /// Two slots a lot (by position): rendered alone, and as part of a grouped article.
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
    pub blocks: Vec<BlockKind>,
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
    pub blocks: Option<Vec<BlockKind>>,
    pub cells: Option<Vec<String>>,
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
            variables: HashMap::default(),
            lots: vec![None; lots],
        }
    }
}

/// One assembly's use of the cache: the values of this context, serialised when first asked.
pub(super) struct Memo<'a> {
    cache: &'a mut AssemblyCache,
    context: &'a RenderContext,
    fuel: u64,
    variables: HashMap<&'static str, Bytes>,
    lots: Vec<Option<Bytes>>,
}

fn cbor<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and every view serialises (plain data).
    ciborium::into_writer(value, &mut out).expect("a render view serialises");
    out
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
        let fresh = cbor(&self.context.lots[index]);
        let bytes = interned(self.cache.lots.get(index).and_then(Option::as_ref), fresh);
        self.lots[index] = Some(Arc::clone(&bytes));
        bytes
    }

    fn variable_bytes(&mut self, name: &'static str) -> Bytes {
        if let Some(bytes) = self.variables.get(name) {
            return Arc::clone(bytes);
        }
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
            "buyer" => cbor(&c.buyer),
            "consultation" => cbor(&c.consultation),
            "procedure" => cbor(&c.procedure),
            "allotment" => cbor(&c.allotment),
            "summary" => cbor(&c.summary),
            "sme" => cbor(&c.sme),
            "facilitator" => cbor(&c.facilitator),
            "environment" => cbor(&c.environment),
            "exceptions" => cbor(&c.exceptions),
            "sourcing" => cbor(&c.sourcing),
            // `lot` and `grouped` belong to the slot; a name the context lacks fails to
            // render, and nothing failed is kept.
            _ => Vec::new(),
        };
        let bytes = interned(self.cache.variables.get(name), fresh);
        self.variables.insert(name, Arc::clone(&bytes));
        bytes
    }

    /// What the clause reads in this context, in `KNOWN_VARIABLES` order.
    fn inputs(&mut self, clause: &LoadedClause, lot: Option<usize>) -> Vec<Bytes> {
        let mut inputs = Vec::new();
        for &name in KNOWN_VARIABLES {
            if !clause.reads().includes(name) || name == "grouped" {
                continue;
            }
            if name == "lot" {
                inputs.push(match lot {
                    Some(index) => self.lot_bytes(index),
                    None => Arc::from(&b"none"[..]),
                });
            } else {
                inputs.push(self.variable_bytes(name));
            }
        }
        inputs
    }

    /// The clause's slot for this context, emptied when what it read has changed.
    pub(super) fn slot(
        &mut self,
        clause: &LoadedClause,
        lot: Option<usize>,
        grouped: bool,
    ) -> &mut Slot {
        let generation = self.cache.generation;
        let lot_count = self.lots.len();
        // Inputs are compared once an assembly; the slot is found twice (no borrow of the
        // cache may be held while they are computed).
        let needs_check = {
            let slot = slot_mut(self.cache, clause, lot, grouped, lot_count, generation);
            slot.checked != generation
        };
        if needs_check {
            let inputs = self.inputs(clause, lot);
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

    pub(super) fn count(&mut self, reused: bool) {
        if reused {
            self.cache.last.reused += 1;
        } else {
            self.cache.last.rendered += 1;
        }
    }

    /// Ends the assembly: what it did not visit (a clause withdrawn, a lot removed) is
    /// dropped, and its values become the ones the next assembly compares with.
    pub(super) fn finish(self) {
        let generation = self.cache.generation;
        let lot_count = self.lots.len();
        self.cache
            .clauses
            .retain(|_, slots| slots.seen == generation);
        for slots in self.cache.clauses.values_mut() {
            slots.per_lot.truncate(lot_count * 2);
        }
        self.cache.variables = self.variables;
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
    // Looked up by `&str` first: the key is copied only the first time.
    if !cache.clauses.contains_key(clause.key()) {
        cache
            .clauses
            .insert(clause.key().to_string(), ClauseSlots::default());
    }
    let slots = cache.clauses.get_mut(clause.key()).expect("inserted above");
    slots.seen = generation;
    slots
}
