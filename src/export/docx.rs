//! DOCX writer. docx-rs builds the package around the body (styles, numbering, header and
//! footer, section settings, pictures); the body is written by `docx_body`; a few things
//! docx-rs has no API for (core properties, document language) are patched into their parts.

use super::docx_body::{
    self, BULLET_ABSTRACT, BULLET_NUMBERING, DECIMAL_ABSTRACT, MARGIN, PAGE_WIDTH, TEXT_WIDTH,
};
use crate::document::{BlockKind, Document};
use chrono::{DateTime, Utc};
use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, Footer, Header, Level, LevelJc, LevelOverride,
    LevelText, LineSpacing, NumPages, NumberFormat, Numbering, PageMargin, PageNum, Paragraph, Pic,
    Run, RunFonts, Start, Style, StyleType,
};

/// A4's height in twentieths of a point (its width and margins: `docx_body`).
const PAGE_HEIGHT: u32 = 16_838;

const FONT: &str = "Arial";

pub fn to_docx(doc: &Document) -> Result<Vec<u8>, String> {
    to_docx_at(doc, Utc::now())
}

/// The same, with the timestamp written in the core properties (tests pin it).
pub fn to_docx_at(doc: &Document, now: DateTime<Utc>) -> Result<Vec<u8>, String> {
    let articles = super::articles::ArticlePlan::of(doc);
    let mut docx = articles.register(base(doc));
    let lists = docx_body::ordered_list_numberings(doc);
    for &id in &lists {
        docx = docx.add_numbering(
            Numbering::new(id, DECIMAL_ABSTRACT).add_override(LevelOverride::new(0).start(1)),
        );
    }
    // Only the pictures go through docx-rs's body: it files each one in the package and
    // links it; their paragraphs are then taken from its output, in order.
    let mut alt_texts: Vec<String> = Vec::new();
    for block in &doc.blocks {
        if let BlockKind::Image {
            png,
            width_px,
            height_px,
            alt,
        } = &block.kind
        {
            alt_texts.push(alt.clone());
            // No style: a fixed line height would clip the picture to one line.
            docx = docx.add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .keep_next(false)
                    .add_run(Run::new().add_image(picture(png, *width_px, *height_px))),
            );
        }
    }
    // docx-rs links numbering.xml only when its own paragraphs are numbered; ours always
    // holds the list and article definitions.
    docx.document_rels.has_numberings = true;
    let mut xml = docx.build();
    let frame = patch_alt_texts(&xml.document, &alt_texts)?;
    let frame = String::from_utf8(frame).map_err(|_| "document.xml : XML non UTF-8".to_string())?;
    let (head, pictures, tail) = split_body(&frame)?;
    let body = docx_body::write(doc, &articles, &lists, &pictures);
    let mut document = String::with_capacity(head.len() + body.len() + tail.len());
    document.push_str(head);
    document.push_str(&body);
    document.push_str(tail);
    xml.document = document.into_bytes();
    xml.doc_props.core = core_properties(doc, now).into_bytes();
    xml.styles = patch_language(&xml.styles)?;
    super::package::pack(xml)
}

/// docx-rs's document.xml cut around its body: everything up to `<w:body>`, the paragraphs in
/// the body (the pictures'), and the section properties to the end.
fn split_body(document: &str) -> Result<(&str, Vec<&str>, &str), String> {
    let unexpected = || "document.xml : structure inattendue".to_string();
    let open = document.find("<w:body>").ok_or_else(unexpected)? + "<w:body>".len();
    let close = document.rfind("<w:sectPr").ok_or_else(unexpected)?;
    let mut pictures = Vec::new();
    let mut rest = &document[open..close];
    while let Some(start) = rest.find("<w:p ").or_else(|| rest.find("<w:p>")) {
        let end = rest[start..].find("</w:p>").ok_or_else(unexpected)? + start + "</w:p>".len();
        pictures.push(&rest[start..end]);
        rest = &rest[end..];
    }
    Ok((&document[..open], pictures, &document[close..]))
}

fn style(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .q_format(true)
}

/// "Heading1"… named "heading 1"… so that Word and LibreOffice treat them as headings
/// (navigation pane, outline, table of contents).
fn heading_style(level: usize, size: usize, color: &str, spacing: LineSpacing) -> Style {
    style(&format!("Heading{level}"), &format!("heading {level}"))
        .based_on("BodyText")
        .next("BodyText")
        .outline_lvl(level - 1)
        .size(size)
        .bold()
        .color(color)
        .align(AlignmentType::Left)
        .line_spacing(spacing)
}

fn base(doc: &Document) -> Docx {
    let spacing = |before: u32, after: u32| LineSpacing::new().before(before).after(after);
    let header_text = [doc.meta.buyer.trim(), doc.meta.reference.trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .join(" — consultation ");
    Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(567)
                .footer(567),
        )
        .default_fonts(
            RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .cs(FONT)
                .east_asia(FONT),
        )
        .default_size(21)
        .add_style(
            style("Title", "Title")
                .size(36)
                .bold()
                .color("1F3864")
                .line_spacing(spacing(0, 120)),
        )
        .add_style(heading_style(1, 30, "1F3864", spacing(360, 120)))
        .add_style(heading_style(2, 25, "2F5496", spacing(240, 80)))
        .add_style(heading_style(3, 22, "000000", spacing(160, 60)))
        .add_style(
            style("BodyText", "Body Text")
                .align(AlignmentType::Both)
                .line_spacing(spacing(0, 120).line(264)),
        )
        .add_style(
            style("ListParagraph", "List Paragraph")
                .based_on("BodyText")
                .line_spacing(spacing(0, 60).line(264)),
        )
        .add_style(
            style("TableText", "Table Text")
                .size(18)
                .line_spacing(spacing(20, 20)),
        )
        .add_style(
            style("TableTextSmall", "Table Text Small")
                .based_on("TableText")
                .size(14)
                .line_spacing(spacing(20, 20)),
        )
        .add_style(
            style("Note", "Note")
                .based_on("BodyText")
                .italic()
                .size(18)
                .color("595959"),
        )
        .add_style(style("Header", "header").size(16).color("595959"))
        .add_style(
            style("Footer", "footer")
                .size(16)
                .color("595959")
                .align(AlignmentType::Center),
        )
        .add_abstract_numbering(bullets())
        .add_abstract_numbering(decimals())
        .add_numbering(Numbering::new(BULLET_NUMBERING, BULLET_ABSTRACT))
        .header(
            Header::new().add_paragraph(
                Paragraph::new()
                    .style("Header")
                    .add_run(Run::new().add_text(xml_safe(&header_text))),
            ),
        )
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .style("Footer")
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_text("Page "))
                    .add_page_num(PageNum::new())
                    .add_run(Run::new().add_text(" / "))
                    .add_num_pages(NumPages::new()),
            ),
        )
}

/// A three-level list definition: (number format, level text) per level.
fn list_levels(id: usize, levels: &[(&str, &str)]) -> AbstractNumbering {
    levels
        .iter()
        .enumerate()
        .fold(AbstractNumbering::new(id), |n, (i, (format, text))| {
            n.add_level(
                Level::new(
                    i,
                    Start::new(1),
                    NumberFormat::new(*format),
                    LevelText::new(*text),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(360 * (i as i32 + 1)),
                    Some(docx_rs::SpecialIndentType::Hanging(360)),
                    None,
                    None,
                ),
            )
        })
}

fn bullets() -> AbstractNumbering {
    list_levels(
        BULLET_ABSTRACT,
        &[("bullet", "•"), ("bullet", "–"), ("bullet", "·")],
    )
}

fn decimals() -> AbstractNumbering {
    list_levels(
        DECIMAL_ABSTRACT,
        &[
            ("decimal", "%1."),
            ("lowerLetter", "%2)"),
            ("lowerRoman", "%3."),
        ],
    )
}

/// Text for the header and footer paragraphs docx-rs writes (it escapes them itself).
fn xml_safe(text: &str) -> String {
    crate::fr::typeset(&crate::util::xml_text(text))
}

/// Text for the parts written here as strings: cleaned, typeset and escaped as the body's,
/// quotes escaped too since some of it goes into attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    docx_body::push_text(&mut out, text);
    out.replace('"', "&quot;")
}

fn core_properties(doc: &Document, now: DateTime<Utc>) -> String {
    let stamp = now.format("%Y-%m-%dT%H:%M:%SZ");
    let title = if doc.meta.subtitle.is_empty() {
        doc.meta.title.clone()
    } else {
        format!("{} — {}", doc.meta.title, doc.meta.subtitle)
    };
    let creator = if doc.meta.author.trim().is_empty() {
        &doc.meta.buyer
    } else {
        &doc.meta.author
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><cp:keywords>RC, CCAP, clause sociale, allotissement, marché réservé</cp:keywords><dc:description>{}</dc:description><dc:language>fr-FR</dc:language><cp:lastModifiedBy>{}</cp:lastModifiedBy><cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>"#,
        escape(&title),
        escape(&doc.meta.reference),
        escape(creator),
        escape(&format!(
            "Clausier {} — bibliothèque de clauses {} — règles au {}",
            doc.meta.app_version, doc.meta.library_version, doc.meta.launch_date
        )),
        escape(creator),
    )
}

fn replace_once(
    xml: &[u8],
    needle: &str,
    replacement: &str,
    part: &str,
) -> Result<Vec<u8>, String> {
    let text = std::str::from_utf8(xml).map_err(|_| format!("{part} : XML non UTF-8"))?;
    if !text.contains(needle) {
        return Err(format!(
            "{part} : structure inattendue, « {needle} » introuvable"
        ));
    }
    Ok(text.replacen(needle, replacement, 1).into_bytes())
}

/// Declares French as the language of every run (spell-check, hyphenation, screen readers).
/// `w:lang` goes last in the default run properties, as the schema orders them.
fn patch_language(styles: &[u8]) -> Result<Vec<u8>, String> {
    let lang = r#"<w:lang w:val="fr-FR" w:eastAsia="fr-FR" w:bidi="ar-SA" />"#;
    let anchor = "</w:rPr></w:rPrDefault>";
    replace_once(styles, anchor, &format!("{lang}{anchor}"), "styles.xml")
}

/// EMU (the drawing unit) per twip and per pixel at 96 dpi.
const EMU_PER_TWIP: u64 = 635;
const EMU_PER_PIXEL: u64 = 9_525; // not a legal figure: 914 400 EMU per inch at 96 dpi

/// A PNG at its size, shrunk to the text width when wider.
fn picture(png: &[u8], width_px: u32, height_px: u32) -> Pic {
    let width = u64::from(width_px.max(1)) * EMU_PER_PIXEL;
    let height = u64::from(height_px.max(1)) * EMU_PER_PIXEL;
    let max = TEXT_WIDTH as u64 * EMU_PER_TWIP;
    let (w, h) = if width > max {
        (max, height * max / width)
    } else {
        (width, height)
    };
    Pic::new_with_dimensions(png.to_vec(), width_px, height_px).size(w as u32, h as u32)
}

/// docx-rs names every picture « Figure » with id 1 and no description: each gets its own id
/// and its alternative text (read aloud by screen readers, shown by Word's « Texte de
/// remplacement »), in document order.
fn patch_alt_texts(document: &[u8], alts: &[String]) -> Result<Vec<u8>, String> {
    if alts.is_empty() {
        return Ok(document.to_vec());
    }
    let text =
        std::str::from_utf8(document).map_err(|_| "document.xml : XML non UTF-8".to_string())?;
    let needle = r#"<wp:docPr id="1" name="Figure" />"#;
    let mut out = String::with_capacity(text.len() + alts.iter().map(String::len).sum::<usize>());
    let mut rest = text;
    for (i, alt) in alts.iter().enumerate() {
        let Some(at) = rest.find(needle) else {
            return Err("document.xml : structure inattendue, image introuvable".into());
        };
        out.push_str(&rest[..at]);
        out.push_str(&format!(
            r#"<wp:docPr id="{}" name="Graphique {}" descr="{}" />"#,
            1000 + i,
            i + 1,
            escape(alt)
        ));
        rest = &rest[at + needle.len()..];
    }
    out.push_str(rest);
    Ok(out.into_bytes())
}
