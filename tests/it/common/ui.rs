//! The desktop app in a kittest harness, with a private data folder and scripted dialogs.

use clausier::ui::{AppPaths, ClausierApp, FakeDialogs};
use egui_kittest::Harness;
use std::path::Path;

pub type Window = Harness<'static, ClausierApp>;

pub fn app(data: &Path, dialogs: &FakeDialogs) -> Window {
    let paths = AppPaths::in_folder(data);
    let dialogs = dialogs.clone();
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| ClausierApp::new(cc, paths, Box::new(dialogs)))
}

/// A fresh window: its data folder (kept alive by the caller), its dialogs, the harness.
pub fn window() -> (tempfile::TempDir, FakeDialogs, Window) {
    let data = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let h = app(data.path(), &dialogs);
    (data, dialogs, h)
}
