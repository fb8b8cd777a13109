//! The real-client check: LibreOffice opens each scenario's DOCX and renders it to PDF; the
//! PDF's text must hold the document's headings and paragraphs, and the page numbers.
//! Needs `soffice` and `pdftotext`; `.ci/run` installs them and sets CLAUSIER_REQUIRE_SOFFICE
//! so that a missing tool fails the run instead of skipping.

use crate::common;

use clausier::document::{inline_text, BlockKind};
use std::process::Command;

/// Whether the program can be started at all (pdftotext has no --version).
fn available(tool: &str) -> bool {
    Command::new(tool).arg("-v").output().is_ok()
}

/// Collapses every kind of space, so line wrapping and non-breaking spaces do not matter.
fn normalise(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn libreoffice_renders_every_scenario() {
    if !available("soffice") || !available("pdftotext") {
        assert!(
            std::env::var_os("CLAUSIER_REQUIRE_SOFFICE").is_none(),
            "soffice and pdftotext are required (apt-get install libreoffice-writer-nogui poppler-utils)"
        );
        eprintln!("LibreOffice or pdftotext missing: real-client check skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let scenarios = common::scenarios();
    let mut files = Vec::new();
    for scenario in &scenarios {
        let (_, doc) = common::pipeline(&scenario.project);
        let path = dir.path().join(format!("{}.docx", scenario.id));
        std::fs::write(&path, clausier::export::docx::to_docx(&doc).unwrap()).unwrap();
        files.push((scenario.id.clone(), path, doc));
    }
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let status = Command::new("soffice")
        .arg(&profile)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .args(files.iter().map(|(_, p, _)| p))
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    for (id, path, doc) in &files {
        let pdf = path.with_extension("pdf");
        assert!(pdf.exists(), "{id}: no PDF produced");
        let out = Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = normalise(&String::from_utf8_lossy(&out.stdout));
        assert!(text.contains("Page 1 /"), "{id}: page numbers missing");
        for block in &doc.blocks {
            let expected = match &block.kind {
                BlockKind::Heading { text, .. } | BlockKind::Title(text) => normalise(text),
                BlockKind::Paragraph(inlines) => normalise(&inline_text(inlines)),
                _ => continue,
            };
            // The start of each paragraph is enough to show it was laid out, in order.
            let probe: String = expected.chars().take(50).collect();
            assert!(
                text.contains(probe.trim()),
                "{id}: « {probe} » not found in the PDF"
            );
        }
    }
}

/// A table with many columns (the indicators' « Par nature ») is set in smaller type rather
/// than breaking its header words across lines, as a buyer saw « Contrat / s » before.
#[test]
fn wide_tables_keep_their_words_whole_in_libreoffice() {
    if !common::libreoffice::tools_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("indicateurs.docx");
    let out = Command::new(common::clausier_bin())
        .arg("indicateurs")
        .arg(common::root().join("docs/exemples/decp-exemple.json"))
        .args(["--annee", "2026", "-o"])
        .arg(&docx)
        .env("CLAUSIER_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(docx.exists(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = common::libreoffice::libreoffice_text(&docx);
    let words: Vec<&str> = text.split(' ').collect();
    for header in ["Contrats", "Critère", "Réservé", "Aucune", "renseigné"] {
        assert!(
            words.contains(&header),
            "« {header} » broken or missing:\n{text}"
        );
    }
}
