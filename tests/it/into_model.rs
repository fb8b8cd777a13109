//! `generate --into`: a commune's RC model made by LibreOffice (tests/fixtures/
//! modele-rc-commune.fodt converted to .docx by soffice) with its own styles, header, footer
//! field, image, list and custom property, filled by Clausier and read back.

use crate::common;

use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

fn model() -> PathBuf {
    common::root().join("tests/fixtures/modele-rc-commune.docx")
}

fn entries(path: &Path) -> HashMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().to_string(), bytes)
        })
        .collect()
}

fn text(entries: &HashMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(entries[name].clone()).unwrap()
}

fn generate(args: &[&str], out: &Path) -> std::process::Output {
    let data = tempfile::tempdir().unwrap();
    Command::new(common::clausier_bin())
        .env("CLAUSIER_DATA_DIR", data.path())
        .arg("generate")
        .arg(common::scenario_path("renovation-ecole"))
        .args(args)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap()
}

fn attr(e: &quick_xml::events::BytesStart, key: &str) -> Option<String> {
    e.try_get_attribute(key)
        .ok()
        .flatten()
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// (style, numId, text) of each paragraph.
fn paragraphs(xml: &str) -> Vec<(String, Option<String>, String)> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let (mut style, mut num, mut text) = (String::new(), None, String::new());
    let mut in_text = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == b"w:p" => {
                style.clear();
                num = None;
                text.clear();
            }
            Event::End(e) if e.name().as_ref() == b"w:p" => {
                out.push((style.clone(), num.clone(), text.clone()));
            }
            Event::Empty(e) if e.name().as_ref() == b"w:pStyle" => {
                style = attr(&e, "w:val").unwrap_or_default();
            }
            Event::Empty(e) if e.name().as_ref() == b"w:numId" => num = attr(&e, "w:val"),
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
            Event::Text(t) if in_text => text.push_str(&t.xml10_content().unwrap()),
            Event::GeneralRef(r) if in_text && &*r == b"apos" => text.push('\''),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Every value of `attribute` on `element` in `xml`.
fn values(xml: &str, element: &[u8], attribute: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == element => {
                out.extend(attr(&e, attribute));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn unique(items: &[String]) -> bool {
    items.iter().collect::<HashSet<_>>().len() == items.len()
}

#[test]
fn the_commune_model_receives_the_rc_in_its_own_styles_and_keeps_everything_else() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rc-complete.docx");
    let run = generate(
        &["--into", model().to_str().unwrap(), "--first-article", "3"],
        &out,
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stderr).contains("pièces placées : RC"));
    let before = entries(&model());
    let after = entries(&out);

    // Everything but the parts the filling changes is kept byte for byte: the image, the
    // footer with its page field, the custom properties, the settings, the relations.
    let changed: HashSet<&str> = [
        "word/document.xml",
        "word/styles.xml",
        "word/numbering.xml",
        "word/header1.xml",
    ]
    .into();
    for (name, bytes) in &before {
        assert!(after.contains_key(name), "{name} lost");
        if !changed.contains(name.as_str()) {
            assert_eq!(&after[name], bytes, "{name} changed");
        }
    }
    assert!(before.contains_key("word/media/image1.png"));
    assert!(text(&after, "docProps/custom.xml").contains("Commande publique"));
    assert!(text(&after, "word/footer1.xml").contains("PAGE"));

    // The placeholders are gone; the values are in; the model's own text is around them.
    let document = text(&after, "word/document.xml");
    let header = text(&after, "word/header1.xml");
    assert!(!document.contains("[[clausier:") && !header.contains("[[clausier:"));
    assert!(header.contains("consultation n° 2027-TRX-004"));
    let paras = paragraphs(&document);
    let find = |t: &str| {
        paras
            .iter()
            .position(|p| p.2 == t)
            .unwrap_or_else(|| panic!("« {t} » missing"))
    };
    assert!(paras
        .iter()
        .any(|p| p.2 == "Pouvoir adjudicateur : Commune de Saint-Aubin-sur-Loire"));
    assert!(paras.iter().any(|p| p
        .2
        .starts_with("Objet de la consultation : Travaux de rénovation")));
    let own_article = find("Article 2 – Conditions de la consultation");
    let first = find("Allotissement");
    let last_own = find("Dispositions finales");
    assert!(
        own_article < first && first < last_own,
        "the RC sits in place"
    );
    // The section's final properties (page size, margins, header and footer) are the model's.
    let sect = |xml: &str| xml[xml.rfind("<w:sectPr").unwrap()..].to_string();
    assert_eq!(sect(&document), sect(&text(&before, "word/document.xml")));

    // Styles: the generated articles are the model's first-level headings, the body its
    // Normal; the model's style definitions are unchanged and no id is defined twice.
    let styles = text(&after, "word/styles.xml");
    let ids = values(&styles, b"w:style", "w:styleId");
    assert!(unique(&ids), "{ids:?}");
    for id in values(&text(&before, "word/styles.xml"), b"w:style", "w:styleId") {
        let definition = |xml: &str| {
            let at = xml.find(&format!("w:styleId=\"{id}\"")).unwrap();
            xml[at..at + xml[at..].find("</w:style>").unwrap()].to_string()
        };
        assert_eq!(
            definition(&styles),
            definition(&text(&before, "word/styles.xml"))
        );
    }
    assert_eq!(paras[first].0, "Heading1");
    let sub = paras
        .iter()
        .find(|p| p.2 == "Candidatures en groupement")
        .unwrap();
    assert_eq!(sub.0, "Heading1");
    let body = &paras[first + 1];
    assert!(
        body.2.starts_with("En application de l’article"),
        "{body:?}"
    );
    assert!(body.0.is_empty() || body.0 == "Normal", "{body:?}");
    // Every style a paragraph uses is defined.
    for (style, _, t) in &paras {
        assert!(style.is_empty() || ids.contains(style), "« {t} »: {style}");
    }

    // Numbering: the model's list is still there, ours added under fresh ids, and the
    // articles point at the « Article %1 – » definition starting at 3.
    let numbering = text(&after, "word/numbering.xml");
    let nums = values(&numbering, b"w:num", "w:numId");
    let abstracts = values(&numbering, b"w:abstractNum", "w:abstractNumId");
    assert!(
        unique(&nums) && unique(&abstracts),
        "{nums:?} {abstracts:?}"
    );
    let model_numbering = text(&before, "word/numbering.xml");
    for id in values(&model_numbering, b"w:num", "w:numId") {
        assert!(nums.contains(&id));
    }
    assert!(
        numbering.contains("w:val=\"lowerLetter\""),
        "the model's a) b) c) list"
    );
    assert!(numbering.contains("w:val=\"Article %1 –\""));
    let article_num = paras[first].1.clone().expect("the article is numbered");
    assert!(nums.contains(&article_num));
    let at = numbering
        .find(&format!("<w:num w:numId=\"{article_num}\""))
        .unwrap();
    assert!(numbering[at..]
        .split("</w:num>")
        .next()
        .unwrap()
        .contains("w:val=\"3\""));
    // The model's own list items still point at the model's list.
    let own_item = paras
        .iter()
        .find(|p| p.2 == "le présent règlement ;")
        .unwrap();
    assert!(values(&model_numbering, b"w:num", "w:numId").contains(own_item.1.as_ref().unwrap()));
    // Every numbering a paragraph uses is defined.
    for (_, num, t) in &paras {
        if let Some(num) = num {
            assert!(nums.contains(num) || num == "0", "« {t} »: numId {num}");
        }
    }
}

#[test]
fn a_model_without_placeholder_is_refused_with_the_list_of_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    // A Word document with no placeholder: a plain section written by Clausier.
    let plain = dir.path().join("plain.docx");
    assert!(generate(&[], &plain).status.success());
    let out = dir.path().join("out.docx");
    let run = generate(&["--into", plain.to_str().unwrap()], &out);
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    for placeholder in [
        "[[clausier:rc]]",
        "[[clausier:ccap]]",
        "[[clausier:annexes]]",
        "[[clausier:note]]",
        "[[clausier:acheteur]]",
        "[[clausier:objet]]",
        "[[clausier:reference]]",
    ] {
        assert!(err.contains(placeholder), "{err}");
    }
    assert!(err.contains("plain.docx"), "{err}");
    assert!(!out.exists());
    // Not a Word document at all.
    let bogus = dir.path().join("bogus.docx");
    std::fs::write(&bogus, "pas un zip").unwrap();
    let run = generate(&["--into", bogus.to_str().unwrap()], &out);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("n'est pas un document Word"));
    // --into writes Word only, and never over the model.
    let run = generate(
        &["--into", model().to_str().unwrap()],
        &dir.path().join("x.md"),
    );
    assert_eq!(run.status.code(), Some(2));
    let copy = dir.path().join("copie.docx");
    std::fs::copy(model(), &copy).unwrap();
    let run = generate(&["--into", copy.to_str().unwrap()], &copy);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(model()).unwrap()
    );
}

#[test]
fn libreoffice_lays_out_the_filled_model_with_its_header_and_the_article_numbers() {
    let ok = |tool: &str| Command::new(tool).arg("-v").output().is_ok();
    if !(ok("soffice") && ok("pdftotext")) {
        assert!(std::env::var_os("CLAUSIER_REQUIRE_SOFFICE").is_none());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rc.docx");
    assert!(generate(
        &["--into", model().to_str().unwrap(), "--first-article", "3"],
        &out
    )
    .status
    .success());
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success());
    let pdf = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(out.with_extension("pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text: String = String::from_utf8_lossy(&pdf.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "RÈGLEMENT DE LA CONSULTATION",
        "Article 1 – Objet et étendue de la consultation",
        "a) le présent règlement",
        "Article 3 – Allotissement",
        "Article 4 – Marché réservé",
        "Dispositions finales",
        "consultation n° 2027-TRX-004",
        "RC — page 2",
    ] {
        assert!(text.contains(expected), "« {expected} » not in: {text}");
    }
}
