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

/// Clicks what a user would see after scrolling to it.
pub fn click(h: &mut Window, label: &str) {
    use egui_kittest::kittest::Queryable;
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

/// The section the preview shows, as Markdown text.
pub fn section_text(h: &Window) -> String {
    let doc = h.state().session.document().unwrap().as_ref().unwrap();
    clausier::export::markdown::to_markdown(doc)
}

/// Index of the first slide of `kind` in the deck the window shows.
pub fn slide_of(h: &Window, kind: clausier::training::deck::SlideKind) -> usize {
    let ids = h.state().trainer.session_ids();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let cases = clausier::training::session::bundled_cases(&ids, |p| {
        clausier::rules::effective_date(p, date)
    })
    .unwrap();
    let law = clausier::training::deck::law_topics().unwrap();
    let deck = clausier::training::deck::build(
        &cases,
        &[],
        &law,
        clausier::training::deck::Options {
            answers: false,
            what_if_always: true,
        },
    );
    deck.slides.iter().position(|s| s.kind == kind).unwrap()
}
