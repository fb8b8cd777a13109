//! One frame of the wizard with the preview and findings open on the largest scenario,
//! headless (kittest, no GPU): design.md §8 budget is 2 ms of CPU.

use clausier::ui::{AppPaths, ClausierApp, Command, FakeDialogs};
use criterion::{criterion_group, criterion_main, Criterion};
use egui_kittest::Harness;

fn frame(c: &mut Criterion) {
    let data = tempfile::tempdir().unwrap();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(|_cc| {
            let mut app = ClausierApp::with_paths(
                AppPaths::in_folder(data.path()),
                Box::new(FakeDialogs::default()),
            );
            app.queue(Command::OpenScenario("renouvellement-urbain".into()));
            app
        });
    harness.run_steps(3);
    c.bench_function("wizard frame, large scenario, preview open", |b| {
        b.iter(|| harness.step());
    });
}

criterion_group!(benches, frame);
criterion_main!(benches);
