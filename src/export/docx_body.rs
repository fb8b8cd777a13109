//! `word/document.xml`'s body, written straight from the document's blocks into one string.
//!
//! docx-rs still builds everything else of the package (styles, numbering, header, footer,
//! section settings, pictures): its element tree cost a boxed value per paragraph, run and
//! cell, and four text passes over its output to add what it has no API for (rows kept on one
//! page, repeated header rows, space after tables, no per-paragraph ids) — two thirds of the
//! DOCX's time on the 34-lot section. Here each of those is written once, in the order the
//! WordprocessingML schema gives to the properties.

use super::articles::ArticlePlan;
use crate::document::{inline_text, BlockKind, Document, Inline, ListItem};
use std::fmt::Write as _;

/// A4 width in twentieths of a point, its 2 cm margins, and the width of the text between them.
pub const PAGE_WIDTH: u32 = 11_906;
pub const MARGIN: i32 = 1_134;
pub const TEXT_WIDTH: usize = PAGE_WIDTH as usize - 2 * MARGIN as usize;

/// docx-rs ships a default decimal numbering under id 1: ours start above it, or bullet
/// lists would come out numbered.
pub const BULLET_ABSTRACT: usize = 10;
pub const DECIMAL_ABSTRACT: usize = 11;
pub const BULLET_NUMBERING: usize = 10;

/// Space before the first paragraph after a table, in twentieths of a point: the text that
/// follows a table must not sit against its last row.
const SPACE_AFTER_TABLE: u32 = 160;

/// Fill of a table's header row.
const HEADER_FILL: &str = "D9E2F3";

/// The numbering instance of each ordered list, in document order, from the first free id
/// after the bullets: the package registers them, the body refers to them.
pub fn ordered_list_numberings(doc: &Document) -> Vec<usize> {
    doc.blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::List { ordered: true, .. }))
        .enumerate()
        .map(|(i, _)| BULLET_NUMBERING + 1 + i)
        .collect()
}

/// The body's XML, without `<w:body>` and the section properties. `lists` holds the numbering
/// instance of each ordered list (`ordered_list_numberings`, registered in the package), and
/// `pictures` the paragraph of each image block, in order, as docx-rs wrote it (with its
/// relationship to the picture's part).
pub fn write(doc: &Document, articles: &ArticlePlan, lists: &[usize], pictures: &[&str]) -> String {
    let mut w = Writer {
        out: String::with_capacity(4096 + doc.blocks.len() * 512),
        typeset: !doc.meta.typeset,
    };
    let mut lists = lists.iter().copied();
    let mut pictures = pictures.iter();
    let mut after_table = false;
    for (index, block) in doc.blocks.iter().enumerate() {
        let spacing = std::mem::take(&mut after_table);
        match &block.kind {
            BlockKind::Title(text) => {
                let props = Props::style("Title").after_table(spacing);
                w.paragraph(&props, &[Inline::plain(text.as_str())], false);
            }
            BlockKind::Heading { level, text } => {
                let style = match level {
                    0 | 1 => "Heading1",
                    2 => "Heading2",
                    _ => "Heading3",
                };
                // The headings' own space before is larger than the space after a table.
                let props = Props {
                    keep_next: true,
                    page_break_before: articles.starts_piece(index),
                    numbering: articles.numbering(index),
                    ..Props::style(style)
                };
                w.paragraph(&props, &[Inline::plain(text.as_str())], false);
            }
            BlockKind::Paragraph(inlines) => {
                let props = Props::style("BodyText").after_table(spacing);
                w.paragraph(&props, inlines, false);
            }
            BlockKind::Note(inlines) => {
                let props = Props::style("Note").after_table(spacing);
                w.paragraph(&props, inlines, false);
            }
            BlockKind::List { ordered, items } => {
                let id = if *ordered {
                    lists.next().unwrap_or(BULLET_NUMBERING)
                } else {
                    BULLET_NUMBERING
                };
                w.list(id, items, spacing);
            }
            BlockKind::Table { header, rows } => {
                w.table(header, rows);
                after_table = true;
            }
            BlockKind::PageBreak => w
                .out
                .push_str(r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#),
            BlockKind::Image { .. } => {
                if let Some(picture) = pictures.next() {
                    w.out.push_str(picture);
                }
            }
        }
    }
    w.out
}

/// The body as it is written, and whether its texts still need French typography.
struct Writer {
    out: String,
    typeset: bool,
}

/// What a paragraph's properties may hold, in the schema's order when written.
#[derive(Default)]
struct Props<'a> {
    style: &'a str,
    keep_next: bool,
    page_break_before: bool,
    /// (numbering instance, level)
    numbering: Option<(usize, usize)>,
    space_before: Option<u32>,
}

impl<'a> Props<'a> {
    fn style(style: &'a str) -> Props<'a> {
        Props {
            style,
            ..Props::default()
        }
    }

    fn after_table(self, after_table: bool) -> Props<'a> {
        Props {
            space_before: after_table.then_some(SPACE_AFTER_TABLE),
            ..self
        }
    }

    fn write(&self, out: &mut String) {
        out.push_str("<w:pPr>");
        if !self.style.is_empty() {
            let _ = write!(out, r#"<w:pStyle w:val="{}"/>"#, self.style);
        }
        if self.keep_next {
            out.push_str("<w:keepNext/>");
        }
        if self.page_break_before {
            out.push_str("<w:pageBreakBefore/>");
        }
        if let Some((id, level)) = self.numbering {
            let _ = write!(
                out,
                r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{id}"/></w:numPr>"#
            );
        }
        if let Some(before) = self.space_before {
            let _ = write!(out, r#"<w:spacing w:before="{before}"/>"#);
        }
        out.push_str("</w:pPr>");
    }
}

impl Writer {
    fn paragraph(&mut self, props: &Props, inlines: &[Inline], bold: bool) {
        self.out.push_str("<w:p>");
        props.write(&mut self.out);
        self.runs(inlines, bold);
        self.out.push_str("</w:p>");
    }

    /// One run per inline, and per line of it: a hard break inside an inline becomes a Word
    /// line break at the start of the next run.
    fn runs(&mut self, inlines: &[Inline], bold: bool) {
        for inline in inlines {
            let bold = bold || inline.bold;
            for (i, part) in inline.text.split('\n').enumerate() {
                self.out.push_str("<w:r>");
                if bold || inline.italic {
                    self.out.push_str("<w:rPr>");
                    if bold {
                        self.out.push_str("<w:b/><w:bCs/>");
                    }
                    if inline.italic {
                        self.out.push_str("<w:i/><w:iCs/>");
                    }
                    self.out.push_str("</w:rPr>");
                }
                if i > 0 {
                    self.out.push_str("<w:br/>");
                }
                if !part.is_empty() {
                    self.out.push_str(r#"<w:t xml:space="preserve">"#);
                    if self.typeset {
                        push_text(&mut self.out, part);
                    } else {
                        push_escaped(&mut self.out, &crate::util::xml_text(part));
                    }
                    self.out.push_str("</w:t>");
                }
                self.out.push_str("</w:r>");
            }
        }
    }

    fn list(&mut self, numbering: usize, items: &[ListItem], after_table: bool) {
        for (i, item) in items.iter().enumerate() {
            let props = Props {
                numbering: Some((numbering, usize::from(item.level.min(2)))),
                ..Props::style("ListParagraph").after_table(after_table && i == 0)
            };
            self.paragraph(&props, &item.content, false);
        }
    }

    /// A table at the text's width with fixed columns, thin borders, its header row shaded,
    /// bold and repeated at the top of each page, and no row split across two pages (a data row
    /// cut in two leaves a fragment at the top of the next page).
    fn table(&mut self, header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) {
        // A table too wide for its words at the body's table size is set smaller rather than
        // breaking « Contrats » into « Contrat / s ».
        let (widths, style) = match column_widths(header, rows, CHAR_WIDTH) {
            (widths, true) => (widths, "TableText"),
            _ => (
                column_widths(header, rows, SMALL_CHAR_WIDTH).0,
                "TableTextSmall",
            ),
        };
        let _ = write!(
            self.out,
            r#"<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="left"/><w:tblBorders>"#
        );
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            let _ = write!(
                self.out,
                r#"<w:{side} w:val="single" w:sz="2" w:space="0" w:color="000000"/>"#
            );
        }
        self.out
            .push_str(r#"</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#);
        for width in &widths {
            let _ = write!(self.out, r#"<w:gridCol w:w="{width}"/>"#);
        }
        self.out.push_str("</w:tblGrid>");
        self.row(header, &widths, style, true);
        for cells in rows {
            self.row(cells, &widths, style, false);
        }
        self.out.push_str("</w:tbl>");
    }

    fn row(&mut self, cells: &[Vec<Inline>], widths: &[usize], style: &str, header: bool) {
        self.out.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if header {
            self.out.push_str("<w:tblHeader/>");
        }
        self.out.push_str("</w:trPr>");
        for (i, width) in widths.iter().enumerate() {
            let _ = write!(
                self.out,
                r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#
            );
            if header {
                let _ = write!(
                    self.out,
                    r#"<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>"#
                );
            }
            self.out.push_str("</w:tcPr>");
            let content = cells.get(i).map_or(&[][..], Vec::as_slice);
            self.paragraph(&Props::style(style), content, header);
            self.out.push_str("</w:tc>");
        }
        self.out.push_str("</w:tr>");
    }
}

/// Text as the package holds it: characters XML 1.0 refuses dropped (pasted control
/// characters, or produced by an organisation's template, would make the whole DOCX
/// unreadable), French typography applied (documents built outside the assembly — handouts,
/// facilitator sheets, reports — get it here; it is idempotent), and escaped.
pub fn push_text(out: &mut String, text: &str) {
    push_escaped(out, &crate::fr::typeset(&crate::util::xml_text(text)));
}

fn push_escaped(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            _ => "&gt;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// Width of one character of table text (9 pt Arial, bold headers included) and the cell's
/// left and right margins, in twips.
const CHAR_WIDTH: usize = 110;
/// The same measure for the smaller table text (7 pt instead of 9 pt).
const SMALL_CHAR_WIDTH: usize = CHAR_WIDTH * 14 / 18;
const CELL_PADDING: usize = 230;

/// Column widths in twips for a text of `char_width` twips per character, and whether every
/// column's longest word fits (else the words are shared out and some will break). Each
/// column first gets room for its longest word (so that "N°", amounts and numbers never break
/// inside), then what is left goes to the columns with the most text.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_cleaned_and_typeset() {
        let mut out = String::new();
        push_text(&mut out, "Lot <A> & B\u{1} : l'offre");
        assert_eq!(out, "Lot &lt;A&gt; &amp; B\u{a0}: l’offre");
    }

    #[test]
    fn a_line_break_starts_a_run_with_a_break_and_keeps_the_formatting() {
        let inline = Inline {
            text: "un\ndeux".into(),
            bold: false,
            italic: true,
        };
        let mut w = Writer {
            out: String::new(),
            typeset: true,
        };
        w.runs(&[inline], true);
        assert_eq!(
            w.out,
            concat!(
                r#"<w:r><w:rPr><w:b/><w:bCs/><w:i/><w:iCs/></w:rPr><w:t xml:space="preserve">un</w:t></w:r>"#,
                r#"<w:r><w:rPr><w:b/><w:bCs/><w:i/><w:iCs/></w:rPr><w:br/><w:t xml:space="preserve">deux</w:t></w:r>"#
            )
        );
    }

    #[test]
    fn a_word_never_breaks_when_the_columns_can_hold_it() {
        let header = vec![vec![Inline::plain("N°")], vec![Inline::plain("Intitulé")]];
        let rows = vec![vec![
            vec![Inline::plain("12")],
            vec![Inline::plain("Menuiseries extérieures")],
        ]];
        let (widths, fits) = column_widths(&header, &rows, CHAR_WIDTH);
        assert!(fits);
        let total: usize = widths.iter().sum();
        assert!(total <= TEXT_WIDTH && total + widths.len() > TEXT_WIDTH);
        assert!(widths[0] >= 2 * CHAR_WIDTH + CELL_PADDING);
    }
}
