//! DOCX writer. docx-rs builds the package; a few things it has no API for (core
//! properties, document language, repeated table header rows) are patched into the XML
//! parts before packing.

use crate::document::{inline_text, BlockKind, Document, Inline, ListItem};
use chrono::{DateTime, Utc};
use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, Footer, Header, IndentLevel, Level, LevelJc,
    LevelOverride, LevelText, LineSpacing, NumPages, NumberFormat, Numbering, NumberingId,
    PageMargin, PageNum, Paragraph, Pic, Run, RunFonts, Shading, ShdType, Start, Style, StyleType,
    Table, TableCell, TableLayoutType, TableRow, WidthType,
};
use std::io::Cursor;

/// A4 in twentieths of a point, with 2 cm margins.
const PAGE_WIDTH: u32 = 11_906;
const PAGE_HEIGHT: u32 = 16_838;
const MARGIN: i32 = 1_134;
const TEXT_WIDTH: usize = (PAGE_WIDTH as usize) - 2 * (MARGIN as usize);

const FONT: &str = "Arial";
// docx-rs ships a default decimal numbering under id 1: ours start above it, or bullet
// lists would come out numbered.
const BULLET_ABSTRACT: usize = 10;
const DECIMAL_ABSTRACT: usize = 11;
const BULLET_NUMBERING: usize = 10;

pub fn to_docx(doc: &Document) -> Result<Vec<u8>, String> {
    to_docx_at(doc, Utc::now())
}

/// The same, with the timestamp written in the core properties (tests pin it).
pub fn to_docx_at(doc: &Document, now: DateTime<Utc>) -> Result<Vec<u8>, String> {
    let articles = super::articles::ArticlePlan::of(doc);
    let mut docx = articles.register(base(doc));
    let mut next_numbering = BULLET_NUMBERING + 1;
    let mut alt_texts: Vec<String> = Vec::new();
    for (index, block) in doc.blocks.iter().enumerate() {
        docx = match &block.kind {
            BlockKind::Title(text) => docx.add_paragraph(
                Paragraph::new()
                    .style("Title")
                    .add_run(Run::new().add_text(xml_safe(text))),
            ),
            BlockKind::Heading { level, text } => {
                let style = format!("Heading{}", (*level).clamp(1, 3));
                docx.add_paragraph(
                    articles.apply(
                        index,
                        Paragraph::new()
                            .style(&style)
                            .keep_next(true)
                            .add_run(Run::new().add_text(xml_safe(text))),
                    ),
                )
            }
            BlockKind::Paragraph(inlines) => {
                docx.add_paragraph(runs(Paragraph::new().style("BodyText"), inlines))
            }
            BlockKind::Note(inlines) => {
                docx.add_paragraph(runs(Paragraph::new().style("Note"), inlines))
            }
            BlockKind::List { ordered, items } => {
                let id = if *ordered {
                    let id = next_numbering;
                    next_numbering += 1;
                    docx = docx.add_numbering(
                        Numbering::new(id, DECIMAL_ABSTRACT)
                            .add_override(LevelOverride::new(0).start(1)),
                    );
                    id
                } else {
                    BULLET_NUMBERING
                };
                list(docx, id, items)
            }
            BlockKind::Table { header, rows } => docx.add_table(table(header, rows)),
            BlockKind::PageBreak => docx.add_paragraph(
                Paragraph::new().add_run(Run::new().add_break(docx_rs::BreakType::Page)),
            ),
            BlockKind::Image {
                png,
                width_px,
                height_px,
                alt,
            } => {
                alt_texts.push(alt.clone());
                // No style: a fixed line height would clip the picture to one line.
                docx.add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .keep_next(false)
                        .add_run(Run::new().add_image(picture(png, *width_px, *height_px))),
                )
            }
        };
    }
    let mut xml = docx.build();
    xml.document = patch_alt_texts(&xml.document, &alt_texts)?;
    xml.doc_props.core = core_properties(doc, now).into_bytes();
    xml.styles = patch_language(&xml.styles)?;
    xml.document = patch_header_rows(&xml.document)?;
    let document = super::package::patch_tables(&String::from_utf8_lossy(&xml.document));
    xml.document = super::package::slim(&document).into_bytes();
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| format!("archive DOCX impossible à écrire ({e})"))?;
    super::package::deflate(&out.into_inner())
}

fn runs(mut paragraph: Paragraph, inlines: &[Inline]) -> Paragraph {
    for inline in inlines {
        // Hard breaks inside a run become Word line breaks.
        for (i, part) in inline.text.split('\n').enumerate() {
            let mut run = Run::new();
            if i > 0 {
                run = run.add_break(docx_rs::BreakType::TextWrapping);
            }
            run = run.add_text(xml_safe(part));
            if inline.bold {
                run = run.bold();
            }
            if inline.italic {
                run = run.italic();
            }
            paragraph = paragraph.add_run(run);
        }
    }
    paragraph
}

fn list(mut docx: Docx, numbering: usize, items: &[ListItem]) -> Docx {
    for item in items {
        let level = usize::from(item.level.min(2));
        docx = docx.add_paragraph(runs(
            Paragraph::new()
                .style("ListParagraph")
                .numbering(NumberingId::new(numbering), IndentLevel::new(level)),
            &item.content,
        ));
    }
    docx
}

/// Width of one character of table text (9 pt Arial, bold headers included) and the cell's
/// left and right margins, in twips.
const CHAR_WIDTH: usize = 110;
/// The same measure for the smaller table text (7 pt instead of 9 pt).
const SMALL_CHAR_WIDTH: usize = CHAR_WIDTH * 14 / 18;
const CELL_PADDING: usize = 230;

/// Column widths: each column first gets room for its longest word (so that "N°", amounts
/// and numbers never break inside), then what is left goes to the columns with the most text.
/// Column widths in twips for a text of `char_width` twips per character, and whether every
/// column's longest word fits (else the words are shared out and some will break).
fn column_widths(
    header: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    char_width: usize,
) -> (Vec<usize>, bool) {
    let columns = header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0))
        .max(1);
    let mut minimum = vec![0usize; columns];
    let mut wanted = vec![0usize; columns];
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        for (i, cell) in row.iter().enumerate().take(columns) {
            let text = inline_text(cell);
            let longest_word = text
                .split([' ', '\n'])
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            minimum[i] = minimum[i].max(longest_word * char_width + CELL_PADDING);
            wanted[i] = wanted[i].max(text.chars().count().min(70) * char_width + CELL_PADDING);
        }
    }
    let floor: usize = minimum.iter().sum();
    if floor >= TEXT_WIDTH {
        return (
            minimum.iter().map(|m| TEXT_WIDTH * m / floor).collect(),
            false,
        );
    }
    let extra: Vec<usize> = wanted
        .iter()
        .zip(&minimum)
        .map(|(w, m)| w.saturating_sub(*m))
        .collect();
    let extra_total: usize = extra.iter().sum::<usize>().max(1);
    let spare = TEXT_WIDTH - floor;
    let widths = minimum
        .iter()
        .zip(&extra)
        .map(|(m, e)| m + spare * e / extra_total)
        .collect();
    (widths, true)
}

fn cell(content: &[Inline], width: usize, header: bool, style: &str) -> TableCell {
    let inlines: Vec<Inline> = content
        .iter()
        .map(|i| Inline {
            bold: i.bold || header,
            ..i.clone()
        })
        .collect();
    let mut cell = TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(runs(Paragraph::new().style(style), &inlines));
    if header {
        cell = cell.shading(
            Shading::new()
                .shd_type(ShdType::Clear)
                .color("auto")
                .fill("D9E2F3"),
        );
    }
    cell
}

fn table(header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) -> Table {
    // A table too wide for its words at the body's table size is set smaller rather than
    // breaking « Contrats » into « Contrat / s ».
    let (widths, style) = match column_widths(header, rows, CHAR_WIDTH) {
        (widths, true) => (widths, "TableText"),
        _ => (
            column_widths(header, rows, SMALL_CHAR_WIDTH).0,
            "TableTextSmall",
        ),
    };
    let empty: Vec<Inline> = Vec::new();
    let make_row = |cells: &[Vec<Inline>], is_header: bool| {
        let cells = widths
            .iter()
            .enumerate()
            .map(|(i, w)| cell(cells.get(i).unwrap_or(&empty), *w, is_header, style))
            .collect();
        TableRow::new(cells)
    };
    // The header row alone is marked cantSplit: patch_header_rows finds it by that mark.
    let mut table_rows = vec![make_row(header, true).cant_split()];
    table_rows.extend(rows.iter().map(|r| make_row(r, false)));
    Table::new(table_rows)
        .set_grid(widths.clone())
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH, WidthType::Dxa)
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

/// Every text the writer puts in the package goes through here: characters that XML 1.0
/// refuses (pasted control characters, or produced by an organisation's template) would make
/// the whole DOCX unreadable. French typography is applied here too, so that documents built
/// outside the assembly (handouts, facilitator sheets, reports) get it as well; on an
/// assembled document it changes nothing more (it is idempotent).
fn xml_safe(text: &str) -> String {
    crate::fr::typeset(&crate::util::xml_text(text))
}

fn escape(text: &str) -> String {
    xml_safe(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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

/// Repeats each table's header row at the top of every page it spans.
fn patch_header_rows(document: &[u8]) -> Result<Vec<u8>, String> {
    let text =
        std::str::from_utf8(document).map_err(|_| "document.xml : XML non UTF-8".to_string())?;
    Ok(text
        .replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
        .into_bytes())
}
