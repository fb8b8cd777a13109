//! Budgets of design.md §8 on the largest scenario: evaluate + assemble under 1 ms;
//! the DOCX build is measured too (whole-process `generate` is timed by
//! scripts/bench-generate.sh with /usr/bin/time).
//!
//! Evaluate + assemble is measured three ways: cold (no cache: the command line, and the
//! window's first assembly), after an edit of one lot with the window's assembly cache
//! (what the preview does on each keystroke), and again unchanged with the cache.

use clausier::clauses::ClauseLibrary;
use clausier::document::AssemblyCache;
use clausier::pipeline::{law_date, render, Draft, Format};
use clausier::reference::ReferenceData;
use clausier::rules::evaluate;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// A change to one lot, as the user makes it in the window.
type LotEdit = fn(&mut clausier::model::Lot);

fn large_scenario() -> clausier::model::Project {
    let scenarios = clausier::scenarios::bundled().unwrap();
    scenarios
        .into_iter()
        .max_by_key(|s| s.project.allotment.lots.len())
        .unwrap()
        .project
}

fn pipeline(c: &mut Criterion) {
    let project = large_scenario();
    let data = ReferenceData::bundled();
    let library = ClauseLibrary::bundled().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let date = law_date(&project, None, today);
    c.bench_function("evaluate (large scenario)", |b| {
        b.iter(|| evaluate(black_box(&project), date, data));
    });
    c.bench_function("evaluate + assemble (large scenario)", |b| {
        b.iter(|| Draft::build(black_box(&project), date, &library, data, None).unwrap());
    });
    c.bench_function(
        "evaluate + assemble, first with a cache (large scenario)",
        |b| {
            b.iter(|| {
                let mut cache = AssemblyCache::new();
                Draft::build_cached(black_box(&project), date, &library, data, None, &mut cache)
                    .unwrap()
            });
        },
    );
    // Two versions of the project that differ in one lot in the middle, built in turn: every
    // build follows an edit of that lot, as in the window.
    let middle = project.allotment.lots.len() / 2;
    let edits: [(&str, LotEdit); 2] = [
        ("title", |lot| lot.title.push_str(" (bis)")),
        ("amount", |lot| lot.amount_cents += 1_000_000),
    ];
    for (what, edit) in edits {
        let mut edited = project.clone();
        edit(&mut edited.allotment.lots[middle]);
        let versions = [&project, &edited];
        let mut cache = AssemblyCache::new();
        let mut turn = 0usize;
        c.bench_function(
            &format!("evaluate + assemble, one lot's {what} edited, cached (large scenario)"),
            |b| {
                b.iter(|| {
                    turn += 1;
                    let version = versions[turn % 2];
                    Draft::build_cached(black_box(version), date, &library, data, None, &mut cache)
                        .unwrap()
                });
            },
        );
    }
    let mut cache = AssemblyCache::new();
    c.bench_function(
        "evaluate + assemble, unchanged, cached (large scenario)",
        |b| {
            b.iter(|| {
                Draft::build_cached(black_box(&project), date, &library, data, None, &mut cache)
                    .unwrap()
            });
        },
    );
    let document = Draft::build(&project, date, &library, data, None)
        .unwrap()
        .document;
    c.bench_function("docx build (large scenario)", |b| {
        b.iter(|| render(black_box(&document), Format::Docx).unwrap());
    });
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
