//! Budget of design.md §8: importing a supplier pack of 100 000 rows under 2 s (read, decode,
//! find the header, validate every row). Also measured: the evidence of the largest scenario
//! (34 lots) against that pack, which the sourcing step recomputes after each edit.

#[path = "../tests/it/common/synthetic.rs"]
mod synthetic;

use clausier::reference::ReferenceData;
use clausier::rules::evaluate;
use clausier::supply::{import::import_bytes, SupplyReference};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::time::Duration;

fn import(c: &mut Criterion) {
    let text = synthetic::pack_csv(100_000, 1);
    // As Excel writes it in France: Windows-1252, so the decoding path is measured too.
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    let latin1 = latin1.into_owned();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let supply = SupplyReference::bundled();
    let mut group = c.benchmark_group("supplier pack");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("import 100 000 rows (UTF-8)", |b| {
        b.iter(|| import_bytes(black_box(text.as_bytes()), "p.csv", None, today, supply).unwrap());
    });
    group.bench_function("import 100 000 rows (Windows-1252)", |b| {
        b.iter(|| import_bytes(black_box(&latin1), "p.csv", None, today, supply).unwrap());
    });
    let pack = import_bytes(text.as_bytes(), "p.csv", None, today, supply)
        .unwrap()
        .pack;
    let mut project = clausier::scenarios::find("renouvellement-urbain")
        .unwrap()
        .unwrap()
        .project;
    project.purchase.departement = Some("69".into());
    let data = ReferenceData::bundled();
    let evaluation = evaluate(&project, today, data);
    group.bench_function("assess 34 lots against 100 000 structures", |b| {
        b.iter(|| clausier::supply::assess(black_box(&project), &evaluation, data, &pack));
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
