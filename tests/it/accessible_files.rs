//! The DOCX files as a legal service and a screen reader receive them: every part compressed,
//! French typography, headings without gaps, marked header rows, rows kept on one page, text
//! set off after tables, title and language declared, no empty paragraphs used as spacing.
//! Read back from the package with quick-xml, not through the writer.

use crate::common;

use quick_xml::events::Event;
use quick_xml::Reader;
use std::io::Read;

fn parts(bytes: &[u8]) -> Vec<(String, zip::CompressionMethod, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    (0..archive.len())
        .map(|i| {
            let mut part = archive.by_index(i).unwrap();
            let mut text = String::new();
            let _ = part.read_to_string(&mut text);
            (part.name().to_string(), part.compression(), text)
        })
        .collect()
}

fn part<'a>(parts: &'a [(String, zip::CompressionMethod, String)], name: &str) -> &'a str {
    &parts
        .iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("missing part {name}"))
        .2
}

/// Paragraphs of document.xml: (style, outline heading level from the style, text, inside a
/// table, has a break or drawing).
struct Para {
    style: String,
    text: String,
    in_table: bool,
    has_content: bool,
}

fn paragraphs(xml: &str) -> Vec<Para> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let (mut style, mut text) = (String::new(), String::new());
    let (mut in_text, mut depth_tbl, mut content) = (false, 0, false);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == b"w:tbl" => depth_tbl += 1,
            Event::End(e) if e.name().as_ref() == b"w:tbl" => depth_tbl -= 1,
            Event::Start(e) if e.name().as_ref() == b"w:p" => {
                style.clear();
                text.clear();
                content = false;
            }
            Event::Empty(e) if e.name().as_ref() == b"w:pStyle" => {
                style = e
                    .try_get_attribute("w:val")
                    .unwrap()
                    .map(|a| String::from_utf8(a.value.to_vec()).unwrap())
                    .unwrap_or_default();
            }
            Event::Empty(e) if matches!(e.name().as_ref(), b"w:br" | b"w:fldChar") => {
                content = true;
            }
            Event::Start(e) if e.name().as_ref() == b"w:drawing" => content = true,
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
            Event::Text(t) if in_text => text.push_str(&t.xml10_content().unwrap()),
            Event::GeneralRef(r) if in_text => {
                text.push_str(match &r[..] {
                    b"amp" => "&",
                    b"lt" => "<",
                    b"gt" => ">",
                    b"quot" => "\"",
                    b"apos" => "'",
                    _ => "?",
                });
            }
            Event::End(e) if e.name().as_ref() == b"w:p" => out.push(Para {
                style: style.clone(),
                text: text.clone(),
                in_table: depth_tbl > 0,
                has_content: content || !text.is_empty(),
            }),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn section(id: &str) -> Vec<u8> {
    let scenario = common::scenarios()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap();
    let (_, doc) = common::pipeline(&scenario.project);
    clausier::export::docx::to_docx(&doc).unwrap()
}

/// Typographic faults a reader of a French administrative text would notice.
fn typography_faults(text: &str) -> Vec<String> {
    let mut faults = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, w) in chars.windows(2).enumerate() {
        let around = || {
            chars[i.saturating_sub(20)..(i + 20).min(chars.len())]
                .iter()
                .collect::<String>()
        };
        match (w[0], w[1]) {
            (' ', ':' | ';' | '!' | '?' | '»' | '%' | '€') | ('«', ' ') => {
                faults.push(format!("breakable space: {:?}", around()));
            }
            (a, ' ')
                if a.is_ascii_digit()
                    && chars
                        .get(i + 2..i + 5)
                        .is_some_and(|d| d.iter().all(char::is_ascii_digit))
                    && chars.get(i + 5).is_none_or(|c| !c.is_ascii_digit())
                    && (i < 3 || !chars[i - 3..=i].iter().all(char::is_ascii_digit))
                    && !chars[..=i]
                        .iter()
                        .rev()
                        .take_while(|c| c.is_ascii_digit())
                        .count()
                        .eq(&0)
                    && around().contains('€') =>
            {
                faults.push(format!("amount split: {:?}", around()));
            }
            ('\'', _) => faults.push(format!("straight apostrophe: {:?}", around())),
            _ => {}
        }
    }
    if let Some(at) = text.find(",00\u{a0}€") {
        faults.push(format!(
            "whole amount with cents: {:?}",
            &text[at.saturating_sub(20)..at + 8]
        ));
    }
    faults
}

#[test]
fn every_part_of_every_docx_is_deflate_compressed() {
    for scenario in common::scenarios() {
        let bytes = section(&scenario.id);
        for (name, method, _) in parts(&bytes) {
            assert_eq!(
                method,
                zip::CompressionMethod::Deflated,
                "{}: {name} is stored",
                scenario.id
            );
        }
    }
    // The 34-lot section was 708 KB stored; compressed it is a few dozen.
    let size = section("renouvellement-urbain").len();
    assert!(size < 100_000, "34-lot section weighs {size} bytes");
}

#[test]
fn the_text_follows_french_typography() {
    for scenario in common::scenarios() {
        let bytes = section(&scenario.id);
        let parts = parts(&bytes);
        let text: Vec<String> = paragraphs(part(&parts, "word/document.xml"))
            .into_iter()
            .map(|p| p.text)
            .collect();
        let faults: Vec<String> = text.iter().flat_map(|t| typography_faults(t)).collect();
        assert!(
            faults.is_empty(),
            "{}: {} faults, first: {:#?}",
            scenario.id,
            faults.len(),
            &faults[..faults.len().min(8)]
        );
        let all = text.join("\n");
        assert!(
            all.contains('\u{2019}'),
            "{}: no typographic apostrophe",
            scenario.id
        );
    }
}

/// The assembly marks its documents as typeset and the DOCX writer then leaves their text as
/// it is: every text of every section and facilitator sheet must already be what
/// typesetting would make of it.
#[test]
fn assembled_documents_are_typeset_as_they_claim() {
    for scenario in common::scenarios_and_an_exception() {
        let (section, brief) = common::section_and_brief(&scenario.project);
        for doc in std::iter::once(&section).chain(brief.as_ref()) {
            assert!(doc.meta.typeset);
            let texts = doc.blocks.iter().flat_map(|b| common::block_texts(&b.kind));
            for text in std::iter::once(doc.meta.title.clone()).chain(texts) {
                assert_eq!(
                    clausier::fr::typeset(&text),
                    text,
                    "{}: a text of « {} » is not typeset",
                    scenario.id,
                    doc.meta.title
                );
            }
        }
    }
}

#[test]
fn headings_have_no_gaps_and_the_package_declares_title_and_language() {
    for scenario in common::scenarios() {
        let bytes = section(&scenario.id);
        let parts = parts(&bytes);
        let mut previous = 0u8;
        for p in paragraphs(part(&parts, "word/document.xml")) {
            if let Some(level) = p.style.strip_prefix("Heading") {
                let level: u8 = level.parse().unwrap();
                assert!(
                    level <= previous + 1,
                    "{}: heading level {level} after {previous}: {:?}",
                    scenario.id,
                    p.text
                );
                previous = level;
            }
            assert!(
                p.has_content || p.in_table,
                "{}: empty paragraph used as spacing (style {:?})",
                scenario.id,
                p.style
            );
        }
        assert!(previous > 0, "{}: no heading at all", scenario.id);
        let core = part(&parts, "docProps/core.xml");
        assert!(core.contains("<dc:title>Allotissement"), "{core}");
        assert!(core.contains("<dc:language>fr-FR</dc:language>"));
        assert!(part(&parts, "word/styles.xml").contains(r#"<w:lang w:val="fr-FR""#));
    }
}

#[test]
fn table_rows_stay_on_one_page_headers_repeat_and_text_is_set_off_after_tables() {
    let bytes = section("renouvellement-urbain");
    let parts = parts(&bytes);
    let xml = part(&parts, "word/document.xml");
    let rows = xml.matches("<w:tr>").count();
    assert!(rows > 40, "{rows} rows");
    assert_eq!(xml.matches("<w:cantSplit").count(), rows, "a row may split");
    assert_eq!(
        xml.matches("<w:tblHeader").count(),
        xml.matches("<w:tbl>").count(),
        "one header row a table"
    );
    let tables = xml.matches("</w:tbl>").count();
    let set_off = xml
        .split("</w:tbl>")
        .skip(1)
        .filter(|after| {
            let para = &after[..after.find("</w:pPr>").unwrap_or(0)];
            !after.starts_with("<w:p")
                || para.contains("w:spacing w:before")
                || para.contains("Heading")
        })
        .count();
    assert_eq!(set_off, tables, "text sits against a table");
}

#[test]
fn the_facilitator_sheet_and_the_handout_get_the_same_typography_and_compression() {
    let dir = tempfile::tempdir().unwrap();
    let brief = dir.path().join("fiche.docx");
    let handout = dir.path().join("support.docx");
    let run = |args: &[&str], out: &std::path::Path| {
        let status = std::process::Command::new(common::clausier_bin())
            .args(args)
            .arg("-o")
            .arg(out)
            .env("XDG_DATA_HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path())
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    let project = common::scenario_path("renovation-ecole");
    run(&["brief", project.to_str().unwrap()], &brief);
    run(
        &["handout", "renovation-ecole", "--date", "2026-12-01"],
        &handout,
    );
    for file in [&brief, &handout] {
        let bytes = std::fs::read(file).unwrap();
        let parts = parts(&bytes);
        assert!(parts
            .iter()
            .all(|(_, m, _)| *m == zip::CompressionMethod::Deflated));
        let faults: Vec<String> = paragraphs(part(&parts, "word/document.xml"))
            .iter()
            .flat_map(|p| typography_faults(&p.text))
            .collect();
        assert!(faults.is_empty(), "{}: {faults:#?}", file.display());
    }
}

/// The compressed section is no larger than what pandoc writes for the same text (its
/// Markdown export), when pandoc is installed.
#[test]
fn the_34_lot_section_is_no_larger_than_pandocs_docx_of_the_same_text() {
    if std::process::Command::new("pandoc")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("pandoc missing: size comparison skipped");
        return;
    }
    let scenario = common::scenarios()
        .into_iter()
        .find(|s| s.id == "renouvellement-urbain")
        .unwrap();
    let (_, doc) = common::pipeline(&scenario.project);
    let dir = tempfile::tempdir().unwrap();
    let markdown = dir.path().join("section.md");
    std::fs::write(&markdown, clausier::export::markdown::to_markdown(&doc)).unwrap();
    let theirs = dir.path().join("pandoc.docx");
    let status = std::process::Command::new("pandoc")
        .arg(&markdown)
        .arg("-o")
        .arg(&theirs)
        .status()
        .unwrap();
    assert!(status.success());
    let ours = clausier::export::docx::to_docx(&doc).unwrap().len();
    let theirs = std::fs::metadata(&theirs).unwrap().len() as usize;
    assert!(ours <= theirs, "ours {ours} bytes, pandoc {theirs} bytes");
}
