//! The real-client check: a DOCX laid out by LibreOffice, read back as the PDF's text.

use std::path::Path;
use std::process::Command;

/// Whether LibreOffice and pdftotext can run; CI requires them (CLAUSIER_REQUIRE_SOFFICE).
pub fn tools_available() -> bool {
    let ok = |tool: &str| Command::new(tool).arg("-v").output().is_ok();
    if ok("soffice") && ok("pdftotext") {
        return true;
    }
    assert!(
        std::env::var_os("CLAUSIER_REQUIRE_SOFFICE").is_none(),
        "soffice and pdftotext are required"
    );
    false
}

/// The PDF text of a DOCX converted by LibreOffice, spaces collapsed.
pub fn libreoffice_text(docx: &Path) -> String {
    let dir = docx.parent().unwrap();
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx)
        .output()
        .unwrap();
    assert!(status.status.success());
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(docx.with_extension("pdf"))
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
