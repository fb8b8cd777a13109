//! Budgets of design.md §8: `clausier programme` on 2 000 lines under 1 s, and `clausier
//! indicateurs` on 50 000 contracts under 2 s (read, judge every line or count every contract,
//! and write the report). Invented files from `tests/it/common/planning.rs`. Peak memory is
//! measured on the whole process with `scripts/bench-planning.sh` (`/usr/bin/time -v`).

#[path = "../tests/it/common/planning.rs"]
mod planning;

use clausier::indicators::{self, decp, Options};
use clausier::model::BuyerKind;
use clausier::programme;
use clausier::reference::ReferenceData;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::time::Duration;

fn programme_2000(c: &mut Criterion) {
    let text = planning::programme_csv(2_000, 1);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let data = ReferenceData::bundled();
    let mut group = c.benchmark_group("programme");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("read and judge 2 000 lines", |b| {
        b.iter(|| {
            let file = programme::read_bytes(black_box(text.as_bytes()), "p.csv").unwrap();
            programme::assess(&file, BuyerKind::LocalAuthority, today, data, None)
        });
    });
    let file = programme::read_bytes(text.as_bytes(), "p.csv").unwrap();
    let assessment = programme::assess(&file, BuyerKind::LocalAuthority, today, data, None);
    group.bench_function("DOCX report of 2 000 lines", |b| {
        b.iter(|| {
            let doc = programme::report::document(black_box(&assessment), "p.csv", "");
            clausier::export::docx::to_docx(&doc).unwrap()
        });
    });
    group.bench_function("JSON of 2 000 lines", |b| {
        b.iter(|| serde_json::to_string(&programme::report::to_json(black_box(&assessment))));
    });
    group.finish();
}

fn indicators_50000(c: &mut Criterion) {
    let text = planning::decp_json(50_000, 1);
    let data = ReferenceData::bundled();
    let options = Options {
        year: Some(2026),
        buyer: BuyerKind::LocalAuthority,
        target_percent: 30.0,
    };
    let mut group = c.benchmark_group("indicateurs");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("read and count 50 000 contracts", |b| {
        b.iter(|| {
            let file = decp::read_bytes(black_box(text.as_bytes()), "d.json").unwrap();
            indicators::compute(&file, options, data)
        });
    });
    let file = decp::read_bytes(text.as_bytes(), "d.json").unwrap();
    let computed = indicators::compute(&file, options, data);
    group.bench_function("DOCX report with its chart", |b| {
        b.iter(|| {
            let doc = indicators::document(black_box(&file), &computed).unwrap();
            clausier::export::docx::to_docx(&doc).unwrap()
        });
    });
    group.finish();
}

criterion_group!(benches, programme_2000, indicators_50000);
criterion_main!(benches);
