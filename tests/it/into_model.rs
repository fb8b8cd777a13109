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
    assert_eq!(article_start(&after, "Allotissement"), 3);
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

/// Where the Word numbering of the article titled `title` starts, in a filled model.
fn article_start(files: &HashMap<String, Vec<u8>>, title: &str) -> u32 {
    let paras = paragraphs(&text(files, "word/document.xml"));
    let num = paras
        .iter()
        .find(|p| p.2 == title)
        .and_then(|p| p.1.clone())
        .unwrap_or_else(|| panic!("« {title} » is not a numbered paragraph"));
    let numbering = text(files, "word/numbering.xml");
    let at = numbering
        .find(&format!("<w:num w:numId=\"{num}\""))
        .unwrap_or_else(|| panic!("numId {num} not defined"));
    let definition = numbering[at..].split("</w:num>").next().unwrap();
    let start = definition
        .split("<w:startOverride w:val=\"")
        .nth(1)
        .expect("the article numbering sets its start");
    start[..start.find('"').unwrap()].parse().unwrap()
}

/// Without a first number of its own, the RC continues after the commune's typed « Article 1 »
/// and « Article 2 », and says so; a first number chosen wins over the model.
#[test]
fn the_articles_continue_after_those_the_model_numbers_before_the_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rc.docx");
    let run = generate(&["--into", model().to_str().unwrap()], &out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("articles du RC numérotés à partir de 3, à la suite de ceux du modèle"),
        "{stderr}"
    );
    assert_eq!(article_start(&entries(&out), "Allotissement"), 3);

    let run = generate(
        &["--into", model().to_str().unwrap(), "--first-article", "5"],
        &out,
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(!stderr.contains("à la suite"), "{stderr}");
    assert_eq!(article_start(&entries(&out), "Allotissement"), 5);
}

/// A model whose articles are Word numbering « ARTICLE %1 : » carried by its heading style
/// (how Word and LibreOffice number chapters): the CCAP's articles take the next number.
#[test]
fn the_articles_continue_a_word_numbering_of_the_model() {
    let numbering = word_numbering(
        r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="ARTICLE %1 :"/></w:lvl>"#,
    );
    let article = |title: &str| styled("Titre1", title);
    let body = [
        paragraph("CAHIER DES CLAUSES ADMINISTRATIVES PARTICULIÈRES"),
        article("Objet du marché"),
        paragraph("Le présent marché porte sur les travaux décrits au CCTP."),
        article("Pièces contractuelles"),
        paragraph("[[clausier:ccap]]"),
        article("Résiliation"),
    ]
    .concat();
    let model = hand_made_model_with_numbering(NUMBERED_HEADING, Some(&numbering), &body);
    let (files, filled) = filled(&model);
    assert_eq!(filled.pieces, vec![clausier::document::Piece::Ccap]);
    assert_eq!(filled.continued, vec![(clausier::document::Piece::Ccap, 3)]);
    // The CCAP follows the model's article 2 on the same page: no page break of the section.
    assert!(!text(&files, "word/document.xml").contains("pageBreakBefore"));
    let paras = paragraphs(&text(&files, "word/document.xml"));
    let first = paras
        .iter()
        .position(|p| p.0 == "Titre1" && p.1.is_some())
        .expect("a generated article in the model's heading style");
    assert_eq!(article_start(&files, &paras[first].2), 3);
    // Labelled as the model labels its own: its level text, ours a second time.
    let numbering = text(&files, "word/numbering.xml");
    assert_eq!(numbering.matches("w:val=\"ARTICLE %1 :\"").count(), 2);
    // The model's own articles stay on its own numbering; the one after the CCAP keeps its
    // number 3, which the generated articles took: the user is told to renumber it.
    for title in ["Objet du marché", "Pièces contractuelles", "Résiliation"] {
        assert!(
            paras.iter().any(|p| p.2 == title && p.1.is_none()),
            "{title}"
        );
    }
    let ccap_articles = paras
        .iter()
        .filter(|p| p.0 == "Titre1" && p.1.is_some())
        .count() as u32;
    assert!(ccap_articles >= 2, "{paras:?}");
    assert_eq!(
        filled.to_renumber,
        vec![(clausier::document::Piece::Ccap, 1, 3 + ccap_articles)]
    );
    assert!(filled.summary().contains(&format!(
        "à renuméroter à partir de {} : 1 article du modèle placé après le CCAP",
        3 + ccap_articles
    )));
}

/// A model whose articles are on a Word list with sub-articles (« Article %1 – », « %1.%2 »):
/// the CCAP's articles and sub-articles are put on that list, so the model's numbering runs
/// through them and its article after the placeholder is renumbered by itself, in LibreOffice.
#[test]
fn the_articles_join_the_models_word_numbering_when_it_has_sub_articles() {
    let numbering = word_numbering(
        r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Article %1 –"/><w:suff w:val="space"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:suff w:val="space"/></w:lvl>"#,
    );
    let article = |title: &str| styled("Titre1", title);
    let body = [
        paragraph("CAHIER DES CLAUSES ADMINISTRATIVES PARTICULIÈRES"),
        article("Objet du marché"),
        article("Pièces contractuelles"),
        paragraph("[[clausier:ccap]]"),
        article("Résiliation"),
        paragraph("Les stipulations du CCAG s’appliquent."),
    ]
    .concat();
    let model = hand_made_model_with_numbering(NUMBERED_HEADING, Some(&numbering), &body);
    let (bytes, filled) = filled_bytes(&model);
    assert_eq!(filled.joined, vec![clausier::document::Piece::Ccap]);
    assert_eq!(filled.continued, vec![(clausier::document::Piece::Ccap, 3)]);
    assert!(filled.to_renumber.is_empty(), "{:?}", filled.to_renumber);
    assert!(filled.summary().contains("dans la numérotation du modèle"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ccap.docx");
    std::fs::write(&out, &bytes).unwrap();
    // Every generated article and sub-article is on the model's list, levels 0 and 1.
    let document = text(&entries(&out), "word/document.xml");
    let numbered: Vec<(String, String)> = {
        let mut reader = Reader::from_str(&document);
        let (mut level, mut out) = (String::new(), Vec::new());
        loop {
            match reader.read_event().unwrap() {
                Event::Empty(e) if e.name().as_ref() == b"w:ilvl" => {
                    level = attr(&e, "w:val").unwrap();
                }
                Event::Empty(e) if e.name().as_ref() == b"w:numId" => {
                    out.push((attr(&e, "w:val").unwrap(), level.clone()));
                }
                Event::Eof => break,
                _ => {}
            }
        }
        out
    };
    let headings: Vec<_> = numbered.iter().filter(|(num, _)| num == "1").collect();
    assert!(headings.iter().any(|(_, l)| l == "0") && headings.iter().any(|(_, l)| l == "1"));
    if !common::libreoffice::tools_available() {
        return;
    }
    let text = common::libreoffice::libreoffice_text(&out);
    let articles: Vec<u32> = text
        .split("Article ")
        .skip(1)
        .filter_map(|rest| rest.split(' ').next()?.parse().ok())
        .collect();
    // 1, 2 (the model's), then the CCAP's from 3, then « Résiliation » after them.
    let expected: Vec<u32> = (1..=articles.len() as u32).collect();
    assert_eq!(articles, expected, "{text}");
    assert!(articles.len() >= 5, "{text}");
    let last = articles.len();
    assert!(
        text.contains(&format!("Article {last} – Résiliation")),
        "{text}"
    );
    // Sub-articles numbered under their article by the model's second level.
    assert!(
        (3..last)
            .any(|n| text.contains(&format!("Article {n} –")) && text.contains(&format!("{n}.1 "))),
        "{text}"
    );
}

/// Typed articles on both sides of the placeholder: the RC continues after « ARTICLE 1er : »,
/// labelled the same way, and « ARTICLE 2 », typed after it, is pointed out; a model whose
/// later article already bears the right number is left alone.
#[test]
fn typed_articles_after_the_placeholder_are_pointed_out_when_their_number_is_taken() {
    let model = |after: &str| {
        hand_made_model(
            "",
            &[
                paragraph("ARTICLE 1er : OBJET DE LA CONSULTATION"),
                paragraph("[[clausier:rc]]"),
                paragraph(after),
                paragraph("Le présent règlement entre en vigueur à sa signature."),
            ]
            .concat(),
        )
    };
    let (files, taken) = filled(&model("ARTICLE 2 : DISPOSITIONS FINALES"));
    assert_eq!(taken.continued, vec![(clausier::document::Piece::Rc, 2)]);
    // The generated articles are labelled as the model's: « ARTICLE 2 : », the space before
    // the colon unbreakable.
    let numbering = text(&files, "word/numbering.xml");
    assert!(
        numbering.contains("w:val=\"ARTICLE %1\u{a0}:\""),
        "{numbering}"
    );
    assert!(!numbering.contains("Article %1 –"), "{numbering}");
    let paras = paragraphs(&text(&files, "word/document.xml"));
    let rc_articles = paras
        .iter()
        .filter(|p| p.1.is_some() && p.0 == "Heading2")
        .count() as u32;
    assert!(rc_articles >= 2, "{paras:?}");
    assert_eq!(
        taken.to_renumber,
        vec![(clausier::document::Piece::Rc, 1, 2 + rc_articles)]
    );
    let right = format!("Article {} – Dispositions finales", 2 + rc_articles);
    let (_, right_numbers) = filled(&model(&right));
    assert!(
        right_numbers.to_renumber.is_empty(),
        "{:?}",
        right_numbers.to_renumber
    );
}

/// A model written the way LibreOffice writes (body text in « Text Body », its default style
/// left without spacing): our paragraphs take the model's body text style, not its default.
#[test]
fn our_paragraphs_take_the_style_of_the_models_own_body_text() {
    let styles = r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="TextBody"><w:name w:val="Body Text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="140"/></w:pPr></w:style>"#;
    let body = [
        paragraph("RÈGLEMENT DE LA CONSULTATION"),
        styled("Heading1", "Article 1 – Objet"),
        styled("TextBody", "La consultation porte sur des travaux."),
        styled("TextBody", "Elle est passée selon une procédure adaptée."),
        paragraph("[[clausier:rc]]"),
    ]
    .concat();
    let (files, filled) = filled(&hand_made_model(styles, &body));
    assert_eq!(filled.pieces, vec![clausier::document::Piece::Rc]);
    let paras = paragraphs(&text(&files, "word/document.xml"));
    let first = paras
        .iter()
        .position(|p| p.2 == "Allotissement")
        .expect("the first generated article");
    assert_eq!(paras[first].0, "Heading1");
    let body = &paras[first + 1];
    assert!(
        body.2.starts_with("En application de l’article"),
        "{body:?}"
    );
    assert_eq!(body.0, "TextBody", "{body:?}");
    // The model's styles are not duplicated for it.
    let styles = text(&files, "word/styles.xml");
    assert_eq!(styles.matches(r#"w:styleId="TextBody""#).count(), 1);
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
    // No first number given: the RC continues after the model's own two articles.
    assert!(generate(&["--into", model().to_str().unwrap()], &out)
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

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A Word model written by hand: `styles` inside `w:styles`, `body` inside `w:body`.
fn hand_made_model(styles: &str, body: &str) -> Vec<u8> {
    hand_made_model_with_numbering(styles, None, body)
}

/// The same, with `numbering` as its numbering part when given.
fn hand_made_model_with_numbering(styles: &str, numbering: Option<&str>, body: &str) -> Vec<u8> {
    use std::io::Write;
    let mut files = vec![
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string()),
        ("word/_rels/document.xml.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.to_string()),
        ("word/styles.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:rFonts w:ascii="Georgia" w:hAnsi="Georgia"/></w:rPr></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>{styles}</w:styles>"#)),
        ("word/document.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>"#)),
    ];
    if let Some(numbering) = numbering {
        files[0].1 = files[0].1.replace("</Types>", r#"<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#);
        files[2].1 = files[2].1.replace("</Relationships>", r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#);
        files.push(("word/numbering.xml", numbering.to_string()));
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in files {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The town's own table style: thick blue-grey borders and a shaded header row.
const TOWN_TABLE_STYLE: &str = r#"<w:style w:type="table" w:styleId="TableauMairie"><w:name w:val="Tableau de la mairie"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="12" w:space="0" w:color="44546A"/><w:left w:val="single" w:sz="12" w:space="0" w:color="44546A"/><w:bottom w:val="single" w:sz="12" w:space="0" w:color="44546A"/><w:right w:val="single" w:sz="12" w:space="0" w:color="44546A"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="44546A"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="44546A"/></w:tblBorders></w:tblPr><w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="44546A"/></w:tcPr></w:tblStylePr></w:style>"#;

const GRID_STYLE: &str = r#"<w:style w:type="table" w:styleId="Grilledutableau"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>"#;

fn paragraph(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// A paragraph of the model in paragraph style `style`.
fn styled(style: &str, text: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
}

/// The model's heading style « Titre1 » (Word's « heading 1 »), numbered by list 1.
const NUMBERED_HEADING: &str = r#"<w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>"#;

/// A numbering part with one list, numId 1, whose levels are `levels` (its `w:lvl` elements).
fn word_numbering(levels: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    )
}

/// The model's own table: one cell, in `style`.
fn model_table(style: &str) -> String {
    format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc><w:p><w:r><w:t>Pièces du marché</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#
    )
}

/// The tables of the filled model: (w:tblStyle, whether they carry their own borders, the
/// number of shaded cells).
fn tables(document: &str) -> Vec<(Option<String>, bool, usize)> {
    let mut reader = Reader::from_str(document);
    let mut out: Vec<(Option<String>, bool, usize)> = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == b"w:tbl" => out.push((None, false, 0)),
            Event::Empty(e) if e.name().as_ref() == b"w:tblStyle" => {
                out.last_mut().unwrap().0 = attr(&e, "w:val");
            }
            Event::Start(e) if e.name().as_ref() == b"w:tblBorders" => {
                out.last_mut().unwrap().1 = true;
            }
            Event::Empty(e) if e.name().as_ref() == b"w:shd" => out.last_mut().unwrap().2 += 1,
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn filled_annexes(model: &[u8]) -> HashMap<String, Vec<u8>> {
    let (files, filled) = filled(model);
    assert_eq!(filled.pieces, vec![clausier::document::Piece::Annex]);
    files
}

/// `model` filled with the school renovation's section (its parts, and what was filled).
fn filled(
    model: &[u8],
) -> (
    HashMap<String, Vec<u8>>,
    clausier::export::into_model::Filled,
) {
    let (bytes, filled) = filled_bytes(model);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("filled.docx");
    std::fs::write(&path, bytes).unwrap();
    (entries(&path), filled)
}

/// `model` filled with the school renovation's section: the file, and what was filled.
fn filled_bytes(model: &[u8]) -> (Vec<u8>, clausier::export::into_model::Filled) {
    let (document, values) = school_section();
    clausier::export::into_model::fill_model(document, values, model).unwrap()
}

/// The school renovation's section and the values of its inline placeholders, built once.
fn school_section() -> &'static (
    clausier::document::Document,
    clausier::export::into_model::InlineValues,
) {
    static SECTION: std::sync::OnceLock<(
        clausier::document::Document,
        clausier::export::into_model::InlineValues,
    )> = std::sync::OnceLock::new();
    SECTION.get_or_init(|| {
        let project =
            clausier::model::load_project(&common::scenario_path("renovation-ecole")).unwrap();
        let library = clausier::clauses::ClauseLibrary::bundled().unwrap();
        let date = clausier::pipeline::law_date(
            &project,
            None,
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        );
        let draft = clausier::pipeline::Draft::build(
            &project,
            date,
            &library,
            clausier::reference::ReferenceData::bundled(),
            None,
        )
        .unwrap();
        (draft.document, clausier::pipeline::model_values(&project))
    })
}

/// The commune's model damaged anywhere in the parts the filling reads (body, styles,
/// numbering): XML-significant text inserted at a random place. Each is refused with a message
/// or filled; none stops the program.
#[test]
fn a_damaged_model_is_refused_or_filled_never_a_crash() {
    use proptest::test_runner::{Config, TestRunner};
    use std::io::Write;
    let original = entries(&model());
    let (document, values) = school_section();
    let mut runner = TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    });
    let damage = (0usize..3, 0.0f64..1.0, "[<>&\"/=a-z%0-9 :]{0,16}");
    runner
        .run(&damage, |(part, at, junk)| {
            let name = ["word/document.xml", "word/styles.xml", "word/numbering.xml"][part];
            let text = text(&original, name);
            let mut cut = (text.len() as f64 * at) as usize;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let damaged = format!("{}{junk}{}", &text[..cut], &text[cut..]);
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            for (entry, bytes) in &original {
                zip.start_file(entry.as_str(), zip::write::SimpleFileOptions::default())
                    .unwrap();
                let bytes = if entry == name {
                    damaged.as_bytes()
                } else {
                    bytes
                };
                zip.write_all(bytes).unwrap();
            }
            let model = zip.finish().unwrap().into_inner();
            if let Err(e) = clausier::export::into_model::fill_model(document, values, &model) {
                proptest::prop_assert!(!e.to_string().is_empty());
            }
            Ok(())
        })
        .unwrap();
}

/// A model with a table style of its own: our tables (the lots, the hours) take it, without
/// our borders and header shading over it, and the style is neither copied nor renamed.
#[test]
fn our_tables_take_the_table_style_of_the_model() {
    // The style the model's own tables use, whatever its name.
    let body = [
        paragraph("ANNEXES"),
        model_table("TableauMairie"),
        paragraph("[[clausier:annexes]]"),
    ]
    .concat();
    let files = filled_annexes(&hand_made_model(
        &[GRID_STYLE, TOWN_TABLE_STYLE].concat(),
        &body,
    ));
    let document = text(&files, "word/document.xml");
    let found = tables(&document);
    assert!(found.len() >= 3, "{found:?}");
    for (style, borders, shaded) in &found {
        assert_eq!(style.as_deref(), Some("TableauMairie"), "{found:?}");
        assert!(!borders && *shaded == 0, "{found:?}");
    }
    let styles = text(&files, "word/styles.xml");
    assert_eq!(
        styles.matches(r#"w:styleId="TableauMairie""#).count(),
        1,
        "{styles}"
    );

    // No table of its own: the grid-like style (« Table Grid », whatever its id).
    let files = filled_annexes(&hand_made_model(
        &[TOWN_TABLE_STYLE, GRID_STYLE].concat(),
        &[paragraph("ANNEXES"), paragraph("[[clausier:annexes]]")].concat(),
    ));
    let found = tables(&text(&files, "word/document.xml"));
    assert!(
        found
            .iter()
            .all(|(style, _, _)| style.as_deref() == Some("Grilledutableau")),
        "{found:?}"
    );

    // The style it marks as default beats both.
    let default_town = TOWN_TABLE_STYLE.replace(
        r#"w:type="table" w:styleId"#,
        r#"w:type="table" w:default="1" w:styleId"#,
    );
    let files = filled_annexes(&hand_made_model(
        &[GRID_STYLE, default_town.as_str()].concat(),
        &[paragraph("ANNEXES"), paragraph("[[clausier:annexes]]")].concat(),
    ));
    let found = tables(&text(&files, "word/document.xml"));
    assert!(
        found
            .iter()
            .all(|(style, _, _)| style.as_deref() == Some("TableauMairie")),
        "{found:?}"
    );

    // Only Word's borderless « Normal Table »: our tables keep their own borders and header.
    let files = filled_annexes(&hand_made_model(
        "",
        &[paragraph("ANNEXES"), paragraph("[[clausier:annexes]]")].concat(),
    ));
    let found = tables(&text(&files, "word/document.xml"));
    assert!(!found.is_empty());
    for (style, borders, shaded) in &found {
        assert!(style.is_none() && *borders && *shaded > 0, "{found:?}");
    }
}
