//! Budgets of design.md §8 on the largest scenario: evaluate + assemble under 1 ms;
//! the DOCX build is measured too (whole-process `generate` is timed by
//! scripts/bench-generate.sh with /usr/bin/time).

use clausier::clauses::ClauseLibrary;
use clausier::pipeline::{law_date, render, Draft, Format};
use clausier::reference::ReferenceData;
use clausier::rules::evaluate;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

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
    let document = Draft::build(&project, date, &library, data, None)
        .unwrap()
        .document;
    c.bench_function("docx build (large scenario)", |b| {
        b.iter(|| render(black_box(&document), Format::Docx).unwrap());
    });
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
