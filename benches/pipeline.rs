//! Budgets of design.md §8 on the largest scenario: evaluate + assemble under 1 ms;
//! the DOCX build is measured too (whole-process `generate` is timed by
//! scripts/bench-generate.sh with /usr/bin/time).

use clausier::clauses::ClauseLibrary;
use clausier::document::assemble;
use clausier::reference::ReferenceData;
use clausier::rules::{effective_date, evaluate};
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
    let date = effective_date(&project, today);
    c.bench_function("evaluate (large scenario)", |b| {
        b.iter(|| evaluate(black_box(&project), date, data))
    });
    c.bench_function("evaluate + assemble (large scenario)", |b| {
        b.iter(|| {
            let evaluation = evaluate(black_box(&project), date, data);
            assemble(&project, &evaluation, &library, data).unwrap()
        })
    });
    let evaluation = evaluate(&project, date, data);
    let document = assemble(&project, &evaluation, &library, data).unwrap();
    c.bench_function("docx build (large scenario)", |b| {
        b.iter(|| clausier::export::docx::to_docx(black_box(&document)).unwrap())
    });
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
