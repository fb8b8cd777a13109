//! The desktop app in a kittest harness, with a private data folder and scripted dialogs.

use clausier::ui::{AppPaths, ClausierApp, FakeDialogs};
use egui_kittest::Harness;
use std::io::Read;
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

/// The text a reader sees in a DOCX: every text run of its body, in order.
pub fn docx_text(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml.split("<w:t")
        .skip(1)
        .filter_map(|chunk| {
            chunk
                .split_once('>')
                .map(|(_, rest)| rest.split("</w:t>").next().unwrap_or(""))
        })
        .collect::<Vec<_>>()
        .join("")
        .replace("&apos;", "'")
        // Read as plain text: the typographic apostrophe the documents use is an apostrophe.
        .replace('\u{2019}', "'")
}

/// The raw XML of one part of a DOCX (« word/header1.xml »…).
pub fn docx_part(path: &Path, part: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    archive
        .by_name(part)
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}
