//! Reads the generated DOCX back (unzip + XML) and checks what Word and LibreOffice rely on:
//! heading styles, defined styles, French language, properties, tables with header rows,
//! A4 pages, header and footer fields.

use crate::common;

use chrono::{TimeZone, Utc};
use clausier::document::{inline_text, BlockKind, Document};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::BTreeSet;
use std::io::Read;

struct Docx {
    parts: std::collections::HashMap<String, String>,
}

impl Docx {
    fn open(bytes: &[u8]) -> Docx {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
        let mut parts = std::collections::HashMap::new();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).unwrap();
            let mut text = String::new();
            if file.read_to_string(&mut text).is_ok() {
                parts.insert(file.name().to_string(), text);
            }
        }
        Docx { parts }
    }

    fn part(&self, name: &str) -> &str {
        self.parts
            .get(name)
            .unwrap_or_else(|| panic!("missing part {name}"))
    }
}

/// (paragraph style id, text) of every paragraph of document.xml, in order.
fn paragraphs(xml: &str) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut style = String::new();
    let mut text = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == b"w:p" => {
                style.clear();
                text.clear();
            }
            Event::Empty(e) if e.name().as_ref() == b"w:pStyle" => {
                style = e
                    .try_get_attribute("w:val")
                    .unwrap()
                    .map(|a| String::from_utf8(a.value.to_vec()).unwrap())
                    .unwrap_or_default();
            }
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
            Event::Text(t) if in_text => text.push_str(&t.xml10_content().unwrap()),
            Event::GeneralRef(r) if in_text => {
                let name = String::from_utf8(r.to_vec()).unwrap();
                text.push_str(match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "?",
                });
            }
            Event::End(e) if e.name().as_ref() == b"w:p" => out.push((style.clone(), text.clone())),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn attribute_values(xml: &str, element: &[u8], attribute: &str) -> BTreeSet<String> {
    ids(xml, element, attribute).into_iter().collect()
}

fn build(doc: &Document) -> Docx {
    let when = Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0).unwrap();
    Docx::open(&clausier::export::docx::to_docx_at(doc, when).unwrap())
}

#[test]
fn headings_use_real_heading_styles_in_document_order() {
    for scenario in common::scenarios() {
        let (_, doc) = common::pipeline(&scenario.project);
        let docx = build(&doc);
        let paras = paragraphs(docx.part("word/document.xml"));
        let expected: Vec<(String, String)> = doc
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Heading { level, text } => {
                    Some((format!("Heading{}", level.min(&3)), text.clone()))
                }
                BlockKind::Title(text) => Some(("Title".into(), text.clone())),
                _ => None,
            })
            .collect();
        let actual: Vec<(String, String)> = paras
            .iter()
            .filter(|(s, _)| s.starts_with("Heading") || s == "Title")
            .cloned()
            .collect();
        assert_eq!(actual, expected, "{}", scenario.id);
        assert!(
            actual
                .iter()
                .any(|(s, t)| s == "Heading1" && t.contains("CCAP")),
            "{}",
            scenario.id
        );
    }
}

#[test]
fn every_style_used_is_defined_and_headings_are_outline_levels() {
    let scenario = common::scenarios()
        .into_iter()
        .find(|s| s.id == "renovation-ecole")
        .unwrap();
    let (_, doc) = common::pipeline(&scenario.project);
    let docx = build(&doc);
    let styles = docx.part("word/styles.xml");
    let defined = attribute_values(styles, b"w:style", "w:styleId");
    let used = attribute_values(docx.part("word/document.xml"), b"w:pStyle", "w:val");
    for style in &used {
        assert!(
            defined.contains(style),
            "style {style} used but not defined"
        );
    }
    for (id, name, level) in [
        ("Heading1", "heading 1", "0"),
        ("Heading2", "heading 2", "1"),
    ] {
        let start = styles.find(&format!("w:styleId=\"{id}\"")).unwrap();
        let end = start + styles[start..].find("</w:style>").unwrap();
        let style = &styles[start..end];
        assert!(
            style.contains(&format!("<w:name w:val=\"{name}\"")),
            "{id} name"
        );
        assert!(
            style.contains(&format!("<w:outlineLvl w:val=\"{level}\"")),
            "{id} outline level"
        );
    }
    assert!(
        styles.contains(r#"<w:lang w:val="fr-FR""#),
        "French language declared"
    );
}

#[test]
fn tables_match_the_document_and_repeat_their_header_row() {
    let scenario = common::scenarios()
        .into_iter()
        .find(|s| s.id == "renouvellement-urbain")
        .unwrap();
    let (_, doc) = common::pipeline(&scenario.project);
    let xml = build(&doc).part("word/document.xml").to_string();
    let tables: Vec<&BlockKind> = doc
        .blocks
        .iter()
        .map(|b| &b.kind)
        .filter(|k| matches!(k, BlockKind::Table { .. }))
        .collect();
    assert!(tables.len() >= 2, "lots table and decision record at least");
    assert_eq!(xml.matches("<w:tbl>").count(), tables.len());
    assert_eq!(
        xml.matches("<w:tblHeader").count(),
        tables.len(),
        "one repeated header row per table"
    );
    // Each header row comes first in its table.
    for chunk in xml.split("<w:tbl>").skip(1) {
        let first_row_end = chunk.find("</w:tr>").unwrap();
        assert!(chunk[..first_row_end].contains("<w:tblHeader"));
        assert_eq!(chunk.matches("<w:tblHeader").count(), 1);
    }
    // The lots table lists every lot.
    let paras = paragraphs(&xml);
    for lot in &scenario.project.allotment.lots {
        assert!(
            paras
                .iter()
                .any(|(_, t)| t == &clausier::fr::typeset(&lot.title)),
            "lot title {} missing",
            lot.title
        );
    }
    let BlockKind::Table { header, .. } = tables.last().unwrap() else {
        unreachable!()
    };
    assert_eq!(inline_text(&header[0]), "Paragraphe");
}

#[test]
fn properties_page_header_and_footer() {
    let scenario = common::scenarios()
        .into_iter()
        .find(|s| s.id == "nettoyage-locaux")
        .unwrap();
    let (_, doc) = common::pipeline(&scenario.project);
    let docx = build(&doc);
    let core = docx.part("docProps/core.xml");
    assert!(core.contains("<dc:title>Allotissement"), "{core}");
    let meta = &scenario.project.meta;
    let creator = if meta.author.is_empty() {
        &meta.buyer.name
    } else {
        &meta.author
    };
    assert!(
        core.contains(&format!(
            "<dc:creator>{}</dc:creator>",
            creator.replace('&', "&amp;")
        )),
        "{core}"
    );
    assert!(core.contains("2026-12-01T09:30:00Z"), "dates set");
    assert!(!core.contains("1970"), "no epoch dates");
    assert!(core.contains("<dc:language>fr-FR</dc:language>"));
    let document = docx.part("word/document.xml");
    assert!(
        document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "A4"
    );
    let header = docx.part("word/header1.xml");
    assert!(header.contains(&scenario.project.meta.buyer.name));
    assert!(header.contains(&scenario.project.meta.reference));
    let footer = docx.part("word/footer1.xml");
    assert!(
        footer.contains("Page ") && footer.contains("PAGE") && footer.contains("NUMPAGES"),
        "{footer}"
    );
}

#[test]
fn body_text_is_all_there() {
    for scenario in common::scenarios() {
        let (_, doc) = common::pipeline(&scenario.project);
        let docx = build(&doc);
        let text: String = paragraphs(docx.part("word/document.xml"))
            .into_iter()
            .map(|(_, t)| t + "\n")
            .collect();
        for block in &doc.blocks {
            if let BlockKind::Paragraph(inlines) = &block.kind {
                let expected = inline_text(inlines).replace('\n', "");
                assert!(
                    text.contains(&expected),
                    "{}: paragraph missing: {expected}",
                    scenario.id
                );
            }
        }
    }
}

/// Ids declared by `element` elements (numbering.xml), with duplicates kept.
fn ids(xml: &str, element: &[u8], attribute: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == element => {
                if let Some(a) = e.try_get_attribute(attribute).unwrap() {
                    out.push(String::from_utf8(a.value.to_vec()).unwrap());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn bullet_lists_are_bullets_and_numbered_lists_restart() {
    let scenario = common::scenarios()
        .into_iter()
        .find(|s| s.id == "renovation-ecole")
        .unwrap();
    let (_, doc) = common::pipeline(&scenario.project);
    let docx = build(&doc);
    let numbering = docx.part("word/numbering.xml");
    for (element, attribute) in [
        (&b"w:abstractNum"[..], "w:abstractNumId"),
        (&b"w:num"[..], "w:numId"),
    ] {
        let all = ids(numbering, element, attribute);
        let unique: BTreeSet<_> = all.iter().collect();
        assert_eq!(
            all.len(),
            unique.len(),
            "duplicate {attribute} in numbering.xml: {all:?}"
        );
    }
    // Each list item, in document order, is drawn with the right kind of mark.
    let format_of = |num_id: &str| -> String {
        let start = numbering
            .find(&format!("<w:num w:numId=\"{num_id}\""))
            .expect("numbering defined");
        let abstract_id = numbering[start..]
            .split("w:abstractNumId w:val=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let def = numbering
            .find(&format!("<w:abstractNum w:abstractNumId=\"{abstract_id}\""))
            .unwrap();
        numbering[def..]
            .split("<w:numFmt w:val=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string()
    };
    let document = docx.part("word/document.xml");
    let actual: Vec<String> = document
        .split("<w:numId w:val=\"")
        .skip(1)
        .map(|rest| format_of(rest.split('"').next().unwrap()))
        .collect();
    // Article headings of the RC and the CCAP are numbered too (« Article N – », decimal).
    let expected: Vec<String> = doc
        .blocks
        .iter()
        .zip(doc.article_labels())
        .flat_map(|(b, label)| match &b.kind {
            BlockKind::List { ordered, items } => {
                vec![if *ordered { "decimal" } else { "bullet" }.to_string(); items.len()]
            }
            BlockKind::Heading { .. } if label.is_some() => vec!["decimal".to_string()],
            _ => Vec::new(),
        })
        .collect();
    assert!(expected.iter().any(|f| f == "bullet"));
    assert_eq!(actual, expected);
    assert!(numbering.contains("<w:numFmt w:val=\"bullet\""));
}
