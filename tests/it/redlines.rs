//! `generate NOUVEAU.ron --compare ANCIEN.ron`: the new document with Word tracked changes
//! against the old one. Read back from the package: accepting every change gives exactly the
//! text of the new document generated on its own, rejecting every change exactly the old one;
//! LibreOffice opens it and sees the changes.

use crate::common;

use regex::Regex;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

fn clausier(dir: &Path) -> Command {
    let mut cmd = Command::new(common::clausier_bin());
    cmd.env("XDG_DATA_HOME", dir).env("XDG_CONFIG_HOME", dir);
    cmd
}

fn document_xml(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The text of every paragraph, in order (table cells included).
fn paragraphs(xml: &str) -> Vec<String> {
    let para = Regex::new(r"(?s)<w:p[ >].*?</w:p>").unwrap();
    let text = Regex::new(r#"(?s)<w:t(?: [^>]*)?>(.*?)</w:t>"#).unwrap();
    para.find_iter(xml)
        .map(|p| {
            text.captures_iter(p.as_str())
                .map(|c| {
                    c[1].replace("&apos;", "'")
                        .replace("&quot;", "\"")
                        .replace("&amp;", "&")
                })
                .collect::<String>()
        })
        .collect()
}

/// Elements from the tag `open` to `close` (not nested) for which `drop` holds, removed.
fn remove_elements(xml: &str, open: &str, close: &str, drop: impl Fn(&str) -> bool) -> String {
    let mut out = String::new();
    let mut rest = xml;
    let mut from = 0;
    while let Some(found) = rest[from..].find(open) {
        let start = from + found;
        if !matches!(rest.as_bytes().get(start + open.len()), Some(b' ' | b'>')) {
            from = start + open.len();
            continue;
        }
        let end = start + rest[start..].find(close).unwrap() + close.len();
        out.push_str(&rest[..start]);
        if !drop(&rest[start..end]) {
            out.push_str(&rest[start..end]);
        }
        rest = &rest[end..];
        from = 0;
    }
    out.push_str(rest);
    out
}

/// The row's or paragraph's own mark: `<w:ins …/>` in its trPr, or in the rPr of its pPr.
fn marked(element: &str, change: &str) -> bool {
    let props = element
        .find("</w:trPr>")
        .filter(|_| element.starts_with("<w:tr"))
        .or_else(|| element.find("</w:pPr>"))
        .map_or("", |end| &element[..end]);
    props.contains(&format!("<w:{change} "))
        && (element.starts_with("<w:tr") || props.contains(&format!("<w:rPr><w:{change} ")))
}

/// What Word's « Accepter toutes les modifications » leaves.
fn accept_all(xml: &str) -> String {
    let xml = remove_elements(xml, "<w:tr", "</w:tr>", |row| marked(row, "del"));
    let xml = remove_elements(&xml, "<w:p", "</w:p>", |p| marked(p, "del"));
    remove_elements(&xml, "<w:del", "</w:del>", |_| true)
}

/// What « Rejeter toutes les modifications » leaves.
fn reject_all(xml: &str) -> String {
    let xml = remove_elements(xml, "<w:tr", "</w:tr>", |row| marked(row, "ins"));
    let xml = remove_elements(&xml, "<w:p", "</w:p>", |p| marked(p, "ins"));
    // Run wrappers `<w:ins …>…</w:ins>`, not the marks `<w:ins … />` (gone with their rows and
    // paragraphs above).
    remove_elements(&xml, "<w:ins", "</w:ins>", |e| {
        !e[..e.find('>').unwrap()].ends_with('/')
    })
    .replace("<w:delText", "<w:t")
    .replace("</w:delText>", "</w:t>")
}

struct Versions {
    _dir: tempfile::TempDir,
    old: PathBuf,
    new: PathBuf,
    compared: PathBuf,
}

/// An old and a new version of the school scenario: a lot renamed, a penalty and a lot's
/// amount changed (so its hours), a public added, the facilitator's phone changed.
fn versions() -> Versions {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(common::scenario_path("renovation-ecole")).unwrap();
    let old_path = dir.path().join("ancien.ron");
    let new_path = dir.path().join("nouveau.ron");
    std::fs::write(&old_path, &source).unwrap();
    let changed = source
        .replacen(
            "Curage, démolitions intérieures",
            "Curage et démolitions intérieures sélectives",
            1,
        )
        .replacen(
            "penalty_per_hour_cents: 4000",
            "penalty_per_hour_cents: 6000",
            1,
        )
        .replacen("amount_cents: 42000000", "amount_cents: 47000000", 1)
        .replacen("amount_cents: 160000000", "amount_cents: 165000000", 1)
        .replacen(
            r#"publics: ["chomeurs-longue-duree", "minima-sociaux", "jeunes","#,
            r#"publics: ["chomeurs-longue-duree", "minima-sociaux", "rqth", "jeunes","#,
            1,
        );
    assert_ne!(changed, source);
    std::fs::write(&new_path, changed).unwrap();
    let out = |name: &str| dir.path().join(name);
    for (project, file, compare) in [
        (&old_path, out("ancien.docx"), None),
        (&new_path, out("nouveau.docx"), None),
        (&new_path, out("compare.docx"), Some(&old_path)),
    ] {
        let mut cmd = clausier(dir.path());
        cmd.arg("generate").arg(project).arg("-o").arg(&file);
        if let Some(old) = compare {
            cmd.arg("--compare").arg(old);
        }
        let output = cmd.output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Versions {
        old: out("ancien.docx"),
        new: out("nouveau.docx"),
        compared: out("compare.docx"),
        _dir: dir,
    }
}

#[test]
fn accepting_all_gives_the_new_text_and_rejecting_all_the_old() {
    let v = versions();
    let compared = document_xml(&v.compared);
    assert!(compared.contains(r#"w:author="Clausier""#));
    assert!(
        Regex::new(r#"<w:ins w:id="\d+" w:author="Clausier" w:date="20\d\d-\d\d-\d\dT"#)
            .unwrap()
            .is_match(&compared)
    );
    assert!(compared.contains("<w:delText"));
    let new = paragraphs(&document_xml(&v.new));
    let old = paragraphs(&document_xml(&v.old));
    assert_ne!(new, old);
    let accepted = paragraphs(&accept_all(&compared));
    let rejected = paragraphs(&reject_all(&compared));
    for (name, got, want) in [("accept", &accepted, &new), ("reject", &rejected, &old)] {
        let first = got.iter().zip(want.iter()).position(|(a, b)| a != b);
        assert!(
            got == want,
            "{name}-all differs ({} vs {} paragraphs) at {first:?}: {:?} vs {:?}",
            got.len(),
            want.len(),
            first.map(|i| &got[i]),
            first.map(|i| &want[i])
        );
    }
}

#[test]
fn only_what_changed_is_marked_word_by_word() {
    let v = versions();
    let compared = document_xml(&v.compared);
    let inserted: Vec<String> = Regex::new(r#"(?s)<w:ins [^>]*"><w:r>.*?</w:ins>"#)
        .unwrap()
        .find_iter(&compared)
        .flat_map(|m| paragraphs(&format!("<w:p >{}</w:p>", m.as_str())))
        .collect();
    let all = inserted.join("|");
    assert!(all.contains("60"), "the new penalty is marked: {all}");
    assert!(
        all.contains("sélectives"),
        "the new words of the title: {all}"
    );
    // Words that did not change stay plain: the title keeps « Curage » unmarked.
    assert!(!inserted.iter().any(|t| t.contains("Curage")), "{all}");
    // A small share of the text is marked, not the whole document.
    let total: usize = paragraphs(&compared).iter().map(|p| p.len()).sum();
    assert!(
        all.len() * 20 < total,
        "{} of {total} characters marked",
        all.len()
    );
}

#[test]
fn compare_wants_a_docx_and_an_existing_old_version() {
    let dir = tempfile::tempdir().unwrap();
    let project = common::scenario_path("renovation-ecole");
    let out = clausier(dir.path())
        .arg("generate")
        .arg(&project)
        .args(["--compare"])
        .arg(&project)
        .arg("-o")
        .arg(dir.path().join("x.md"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("DOCX"));
    let out = clausier(dir.path())
        .arg("generate")
        .arg(&project)
        .args(["--compare"])
        .arg(dir.path().join("absent.ron"))
        .arg("-o")
        .arg(dir.path().join("x.docx"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("absent.ron"));
}

#[test]
fn libreoffice_reads_the_tracked_changes() {
    if Command::new("soffice").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CLAUSIER_REQUIRE_SOFFICE").is_none(),
            "soffice is required"
        );
        return;
    }
    let v = versions();
    let dir = tempfile::tempdir().unwrap();
    // LibreOffice shows tracked changes in its PDF: deleted text struck through and inserted
    // text, both present. Converting to plain text accepts nothing, so both versions appear.
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        ))
        .args(["--headless", "--convert-to", "odt", "--outdir"])
        .arg(dir.path())
        .arg(&v.compared)
        .output()
        .unwrap();
    assert!(status.status.success());
    let odt = dir.path().join("compare.odt");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&odt).unwrap()).unwrap();
    let mut content = String::new();
    archive
        .by_name("content.xml")
        .unwrap()
        .read_to_string(&mut content)
        .unwrap();
    // LibreOffice keeps them as its own tracked changes, with the author.
    assert!(
        content.contains("<text:tracked-changes"),
        "no tracked changes in LibreOffice"
    );
    assert!(content.contains("<text:insertion>"));
    assert!(content.contains("<text:deletion>"));
    assert!(content.contains("<dc:creator>Clausier</dc:creator>"));
}
