//! Redlines between two versions of a document: the new one written as a DOCX whose
//! differences from the old one are Word tracked changes (`w:ins`, `w:del`) by « Clausier »,
//! dated, so that the legal service reviews only what changed. Accepting every change gives
//! the new text, rejecting every change the old one.
//!
//! The comparison is made on the two `Document`s, block by block (paragraphs, headings, list
//! items, table rows; `similar` aligns them), then word by word inside the blocks that were
//! rewritten. The merged document carries its changes as private-use marks in its text; the
//! ordinary DOCX writer lays it out (styles, lists, tables), and the marks are then turned
//! into tracked changes in `word/document.xml`.

use crate::document::{inline_text, Block, BlockKind, Document, Inline, ListItem};
use chrono::{DateTime, Utc};
use similar::{capture_diff_slices, Algorithm, DiffTag, TextDiff};

const INS_START: char = '\u{E000}';
const INS_END: char = '\u{E001}';
const DEL_START: char = '\u{E002}';
const DEL_END: char = '\u{E003}';
/// The whole paragraph is new, or gone: its paragraph mark is tracked too.
const PARA_INS: char = '\u{E004}';
const PARA_DEL: char = '\u{E005}';
const ROW_INS: char = '\u{E006}';
const ROW_DEL: char = '\u{E007}';

/// Author of the tracked changes, as Word shows it in its review pane.
pub const AUTHOR: &str = "Clausier";

/// Two rewritten blocks are compared word by word when at least this share of their text is
/// common; below, the old one is shown deleted and the new one inserted.
const SAME_BLOCK_RATIO: f32 = 0.5;

/// The DOCX of `new` with tracked changes against `old`, dated `now`.
pub fn to_docx_compared(
    old: &Document,
    new: &Document,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, String> {
    let merged = merge(old, new);
    let bytes = super::docx::to_docx_at(&merged, now)?;
    let date = now.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    super::package::rewrite_part(&bytes, "word/document.xml", |xml| {
        tracked_changes(xml, &date)
    })
}

/// A unit of comparison: one paragraph of the final text (a list item, a heading…) or one
/// table.
#[derive(Clone, PartialEq)]
enum Unit {
    Title(String),
    Heading(u8, String),
    Paragraph(Vec<Inline>),
    Note(Vec<Inline>),
    Item(bool, u8, Vec<Inline>),
    Table(Vec<Vec<Inline>>, Vec<Vec<Vec<Inline>>>),
    Other(BlockKind),
}

impl Unit {
    /// What the alignment compares: the kind and the text.
    fn key(&self) -> String {
        match self {
            Unit::Title(t) => format!("T{t}"),
            Unit::Heading(l, t) => format!("H{l}{t}"),
            Unit::Paragraph(i) => format!("P{}", inline_text(i)),
            Unit::Note(i) => format!("N{}", inline_text(i)),
            Unit::Item(o, l, i) => format!("I{o}{l}{}", inline_text(i)),
            Unit::Table(h, rows) => format!(
                "B{}|{}",
                h.len(),
                rows.iter()
                    .flatten()
                    .map(|c| inline_text(c))
                    .collect::<Vec<_>>()
                    .join("|")
            ),
            Unit::Other(kind) => format!("O{kind:?}"),
        }
    }

    fn same_kind(&self, other: &Unit) -> bool {
        match (self, other) {
            (Unit::Heading(a, _), Unit::Heading(b, _)) => a == b,
            (Unit::Item(o1, l1, _), Unit::Item(o2, l2, _)) => o1 == o2 && l1 == l2,
            (Unit::Table(h1, _), Unit::Table(h2, _)) => h1.len() == h2.len(),
            (Unit::Title(_), Unit::Title(_))
            | (Unit::Paragraph(_), Unit::Paragraph(_))
            | (Unit::Note(_), Unit::Note(_)) => true,
            _ => false,
        }
    }

    fn text(&self) -> String {
        match self {
            Unit::Title(t) | Unit::Heading(_, t) => t.clone(),
            Unit::Paragraph(i) | Unit::Note(i) | Unit::Item(_, _, i) => inline_text(i),
            other => other.key(),
        }
    }
}

/// Where a unit came from: its clause (in the new document's sources; none for deleted text)
/// and its piece of the consultation file (which keeps article numbering and page breaks).
type Origin = (Option<usize>, Option<crate::document::Piece>);

fn units(doc: &Document) -> Vec<(Unit, Origin)> {
    let mut out = Vec::new();
    for Block {
        kind,
        source,
        piece,
    } in &doc.blocks
    {
        let origin = (*source, *piece);
        let unit = match kind {
            BlockKind::Title(t) => Unit::Title(t.clone()),
            BlockKind::Heading { level, text } => Unit::Heading(*level, text.clone()),
            BlockKind::Paragraph(i) => Unit::Paragraph(i.clone()),
            BlockKind::Note(i) => Unit::Note(i.clone()),
            BlockKind::List { ordered, items } => {
                for item in items {
                    out.push((
                        Unit::Item(*ordered, item.level, item.content.clone()),
                        origin,
                    ));
                }
                continue;
            }
            BlockKind::Table { header, rows } => Unit::Table(header.clone(), rows.clone()),
            other => Unit::Other(other.clone()),
        };
        out.push((unit, origin));
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Change {
    Same,
    Inserted,
    Deleted,
}

/// The new document with the old one's differences marked in its text.
pub fn merge(old: &Document, new: &Document) -> Document {
    let (old_units, new_units) = (units(old), units(new));
    let old_keys: Vec<String> = old_units.iter().map(|(u, _)| u.key()).collect();
    let new_keys: Vec<String> = new_units.iter().map(|(u, _)| u.key()).collect();
    let mut merged: Vec<(Unit, Origin)> = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => merged.extend(new_units[new_range].iter().cloned()),
            DiffTag::Delete => merged.extend(
                old_units[old_range]
                    .iter()
                    .map(|(u, (_, piece))| (whole(u, Change::Deleted), (None, *piece))),
            ),
            DiffTag::Insert => merged.extend(
                new_units[new_range]
                    .iter()
                    .map(|(u, s)| (whole(u, Change::Inserted), *s)),
            ),
            DiffTag::Replace => {
                rewritten(&old_units[old_range], &new_units[new_range], &mut merged);
            }
        }
    }
    Document {
        meta: new.meta.clone(),
        blocks: blocks(merged),
        sources: new.sources.clone(),
        warnings: Vec::new(),
    }
}

/// Old and new blocks in place of each other: those that are close enough are compared word
/// by word, in order; the others are deleted or inserted whole.
fn rewritten(old: &[(Unit, Origin)], new: &[(Unit, Origin)], out: &mut Vec<(Unit, Origin)>) {
    let mut next_new = 0;
    for (o, (_, old_piece)) in old {
        let found = new[next_new..].iter().position(|(n, _)| {
            n.same_kind(o)
                && TextDiff::from_words(o.text().as_str(), n.text().as_str()).ratio()
                    >= SAME_BLOCK_RATIO
        });
        match found {
            Some(offset) => {
                for (n, s) in &new[next_new..next_new + offset] {
                    out.push((whole(n, Change::Inserted), *s));
                }
                let (n, s) = &new[next_new + offset];
                out.push((paired(o, n), *s));
                next_new += offset + 1;
            }
            None => out.push((whole(o, Change::Deleted), (None, *old_piece))),
        }
    }
    for (n, s) in &new[next_new..] {
        out.push((whole(n, Change::Inserted), *s));
    }
}

/// A block inserted or deleted as a whole (its text and its paragraph mark).
fn whole(unit: &Unit, change: Change) -> Unit {
    let para = if change == Change::Inserted {
        PARA_INS
    } else {
        PARA_DEL
    };
    let mark_string = |t: &str| format!("{para}{}", wrap(t, change));
    let mark_inlines = |i: &[Inline]| {
        let mut out: Vec<Inline> = i
            .iter()
            .map(|x| Inline {
                text: wrap(&x.text, change),
                ..x.clone()
            })
            .collect();
        match out.first_mut() {
            Some(first) => first.text.insert(0, para),
            None => out.push(Inline::plain(para.to_string())),
        }
        out
    };
    match unit {
        Unit::Title(t) => Unit::Title(mark_string(t)),
        Unit::Heading(l, t) => Unit::Heading(*l, mark_string(t)),
        Unit::Paragraph(i) => Unit::Paragraph(mark_inlines(i)),
        Unit::Note(i) => Unit::Note(mark_inlines(i)),
        Unit::Item(o, l, i) => Unit::Item(*o, *l, mark_inlines(i)),
        Unit::Table(h, rows) => {
            let row_mark = if change == Change::Inserted {
                ROW_INS
            } else {
                ROW_DEL
            };
            let mark_row = |row: &[Vec<Inline>]| -> Vec<Vec<Inline>> {
                let mut cells: Vec<Vec<Inline>> = row
                    .iter()
                    .map(|c| {
                        c.iter()
                            .map(|x| Inline {
                                text: wrap(&x.text, change),
                                ..x.clone()
                            })
                            .collect()
                    })
                    .collect();
                if let Some(first) = cells.first_mut() {
                    first.insert(0, Inline::plain(row_mark.to_string()));
                }
                cells
            };
            Unit::Table(mark_row(h), rows.iter().map(|r| mark_row(r)).collect())
        }
        // A picture or a page break cannot carry a mark: the new one is kept as it is.
        Unit::Other(kind) => Unit::Other(kind.clone()),
    }
}

/// Two versions of one block, compared word by word.
fn paired(old: &Unit, new: &Unit) -> Unit {
    let plain = |t: &str| vec![Inline::plain(t)];
    let words = |o: &[Inline], n: &[Inline]| -> Vec<Inline> { word_changes(o, n) };
    let string = |o: &str, n: &str| inline_text(&words(&plain(o), &plain(n)));
    match (old, new) {
        (Unit::Title(o), Unit::Title(n)) => Unit::Title(string(o, n)),
        (Unit::Heading(_, o), Unit::Heading(l, n)) => Unit::Heading(*l, string(o, n)),
        (Unit::Paragraph(o), Unit::Paragraph(n)) => Unit::Paragraph(words(o, n)),
        (Unit::Note(o), Unit::Note(n)) => Unit::Note(words(o, n)),
        (Unit::Item(_, _, o), Unit::Item(ord, l, n)) => Unit::Item(*ord, *l, words(o, n)),
        (Unit::Table(oh, orows), Unit::Table(nh, nrows)) => {
            let row = |o: &[Vec<Inline>], n: &[Vec<Inline>]| -> Vec<Vec<Inline>> {
                n.iter()
                    .enumerate()
                    .map(|(i, cell)| words(o.get(i).map_or(&[][..], |c| c.as_slice()), cell))
                    .collect()
            };
            let header = row(oh, nh);
            let key = |r: &Vec<Vec<Inline>>| {
                r.iter()
                    .map(|c| inline_text(c))
                    .collect::<Vec<_>>()
                    .join("|")
            };
            let old_keys: Vec<String> = orows.iter().map(key).collect();
            let new_keys: Vec<String> = nrows.iter().map(key).collect();
            let mut rows = Vec::new();
            for op in capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
                let (tag, or, nr) = op.as_tag_tuple();
                match tag {
                    DiffTag::Equal => rows.extend(nrows[nr].iter().cloned()),
                    DiffTag::Delete => {
                        rows.extend(orows[or].iter().map(|r| marked_row(r, Change::Deleted)));
                    }
                    DiffTag::Insert => {
                        rows.extend(nrows[nr].iter().map(|r| marked_row(r, Change::Inserted)));
                    }
                    DiffTag::Replace => {
                        let (o, n) = (&orows[or], &nrows[nr]);
                        let common = o.len().min(n.len());
                        for i in 0..common {
                            rows.push(row(&o[i], &n[i]));
                        }
                        rows.extend(o[common..].iter().map(|r| marked_row(r, Change::Deleted)));
                        rows.extend(n[common..].iter().map(|r| marked_row(r, Change::Inserted)));
                    }
                }
            }
            Unit::Table(header, rows)
        }
        (_, n) => n.clone(),
    }
}

fn marked_row(row: &[Vec<Inline>], change: Change) -> Vec<Vec<Inline>> {
    match whole(&Unit::Table(row.to_vec(), Vec::new()), change) {
        Unit::Table(h, _) => h,
        _ => unreachable!("a table stays a table"),
    }
}

/// The new inlines with the old text's differences marked, word by word; formatting comes
/// from the version each piece of text belongs to.
fn word_changes(old: &[Inline], new: &[Inline]) -> Vec<Inline> {
    let (old_text, new_text) = (inline_text(old), inline_text(new));
    if old_text == new_text {
        return new.to_vec();
    }
    let (old_words, new_words) = (words(&old_text), words(&new_text));
    let (mut o, mut n) = (0usize, 0usize);
    let mut out: Vec<Inline> = Vec::new();
    let chars = |ws: &[&str]| ws.iter().map(|w| w.chars().count()).sum::<usize>();
    for op in capture_diff_slices(Algorithm::Patience, &old_words, &new_words) {
        let (tag, or, nr) = op.as_tag_tuple();
        let (old_len, new_len) = (chars(&old_words[or]), chars(&new_words[nr]));
        if tag == DiffTag::Equal {
            out.extend(slice(new, n, n + new_len));
        } else {
            // Deleted words first, then their replacement, as Word shows them.
            out.extend(slice(old, o, o + old_len).into_iter().map(|i| Inline {
                text: wrap(&i.text, Change::Deleted),
                ..i
            }));
            out.extend(slice(new, n, n + new_len).into_iter().map(|i| Inline {
                text: wrap(&i.text, Change::Inserted),
                ..i
            }));
        }
        o += old_len;
        n += new_len;
    }
    out
}

/// Words (letters and digits) and every other character on its own, so that « (Curage, »
/// and « (Curage » differ by a comma only.
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push(&text[s..i]);
        }
        out.push(&text[i..i + c.len_utf8()]);
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// The inlines' text from character `start` to `end`, with its formatting.
fn slice(inlines: &[Inline], start: usize, end: usize) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut at = 0;
    for inline in inlines {
        let len = inline.text.chars().count();
        let (from, to) = (start.max(at), end.min(at + len));
        if from < to {
            out.push(Inline {
                text: inline
                    .text
                    .chars()
                    .skip(from - at)
                    .take(to - from)
                    .collect(),
                ..inline.clone()
            });
        }
        at += len;
    }
    out
}

/// Text between the marks of a change; a line break splits it, since the writer turns it
/// into a run of its own.
fn wrap(text: &str, change: Change) -> String {
    let (start, end) = match change {
        Change::Inserted => (INS_START, INS_END),
        Change::Deleted => (DEL_START, DEL_END),
        Change::Same => return text.to_string(),
    };
    if text.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if !line.is_empty() {
            out.push(start);
            out.push_str(line);
            out.push(end);
        }
    }
    out
}

/// Merged units back into blocks: consecutive list items of one list become one list again.
fn blocks(units: Vec<(Unit, Origin)>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for (unit, (source, piece)) in units {
        let kind = match unit {
            Unit::Title(t) => BlockKind::Title(t),
            Unit::Heading(level, text) => BlockKind::Heading { level, text },
            Unit::Paragraph(i) => BlockKind::Paragraph(i),
            Unit::Note(i) => BlockKind::Note(i),
            Unit::Table(header, rows) => BlockKind::Table { header, rows },
            Unit::Other(kind) => kind,
            Unit::Item(ordered, level, content) => {
                if let Some(Block {
                    kind: BlockKind::List { ordered: o, items },
                    ..
                }) = out.last_mut()
                {
                    if *o == ordered {
                        items.push(ListItem { level, content });
                        continue;
                    }
                }
                BlockKind::List {
                    ordered,
                    items: vec![ListItem { level, content }],
                }
            }
        };
        out.push(Block {
            kind,
            source,
            piece,
        });
    }
    out
}

/// Turns the marks into tracked changes in `word/document.xml`.
pub(crate) fn tracked_changes(xml: &str, date: &str) -> String {
    let mut ids = 1u32;
    let mut attrs = || {
        ids += 1;
        format!(r#"w:id="{ids}" w:author="{AUTHOR}" w:date="{date}""#)
    };
    // Rows first: their marks sit in the first cell's text.
    let rows = rewrite_elements(xml, "<w:tr", "</w:tr>", |row| {
        let change = if row.contains(ROW_INS) {
            "ins"
        } else if row.contains(ROW_DEL) {
            "del"
        } else {
            return row.to_string();
        };
        let row = row.replace([ROW_INS, ROW_DEL], "");
        if row.contains("</w:trPr>") {
            row.replacen(
                "</w:trPr>",
                &format!("<w:{change} {} /></w:trPr>", attrs()),
                1,
            )
        } else {
            let open = row.find('>').map_or(0, |i| i + 1);
            format!(
                "{}<w:trPr><w:{change} {} /></w:trPr>{}",
                &row[..open],
                attrs(),
                &row[open..]
            )
        }
    });
    rewrite_elements(&rows, "<w:p", "</w:p>", |p| {
        let change = if p.contains(PARA_INS) {
            Some("ins")
        } else if p.contains(PARA_DEL) {
            Some("del")
        } else {
            None
        };
        let mut p = p.replace([PARA_INS, PARA_DEL], "");
        if let Some(change) = change {
            // The paragraph mark itself is tracked, so that rejecting an inserted paragraph
            // (or accepting a deleted one) removes it entirely.
            // Run properties of the mark come last in the paragraph's properties.
            let mark = format!("<w:rPr><w:{change} {} /></w:rPr>", attrs());
            p = if p.contains("</w:pPr>") {
                p.replacen("</w:pPr>", &format!("{mark}</w:pPr>"), 1)
            } else {
                let open = p.find('>').map_or(0, |i| i + 1);
                format!("{}<w:pPr>{mark}</w:pPr>{}", &p[..open], &p[open..])
            };
        }
        rewrite_elements(&p, "<w:r", "</w:r>", |run| split_run(run, &mut attrs))
    })
}

/// Every element from the tag `open` (`<w:p`: not `<w:pPr`) to its `close` (not nested)
/// replaced by `f` of it.
fn rewrite_elements(
    xml: &str,
    open: &str,
    close: &str,
    mut f: impl FnMut(&str) -> String,
) -> String {
    let mut out = String::with_capacity(xml.len() + xml.len() / 8);
    let mut rest = xml;
    let mut from = 0;
    while let Some(found) = rest[from..].find(open) {
        let start = from + found;
        if !matches!(rest.as_bytes().get(start + open.len()), Some(b' ' | b'>')) {
            from = start + open.len();
            continue;
        }
        from = 0;
        let Some(len) = rest[start..].find(close) else {
            break;
        };
        let end = start + len + close.len();
        out.push_str(&rest[..start]);
        out.push_str(&f(&rest[start..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A run whose text holds change marks, split into plain runs and tracked ones.
fn split_run(run: &str, attrs: &mut impl FnMut() -> String) -> String {
    if !run.contains([INS_START, DEL_START]) {
        return run.to_string();
    }
    let text_open = r#"<w:t xml:space="preserve">"#;
    let (Some(t_start), Some(t_end)) = (run.find(text_open), run.find("</w:t>")) else {
        return run.replace([INS_START, INS_END, DEL_START, DEL_END], "");
    };
    let head = &run[run.find('>').map_or(0, |i| i + 1)..t_start];
    // The run's formatting, repeated on each piece; anything else before the text (a line
    // break) stays once, in a run of its own.
    let (props, other) = match (head.find("<w:rPr"), head.find("</w:rPr>")) {
        (Some(s), Some(e)) => (
            &head[s..e + "</w:rPr>".len()],
            format!("{}{}", &head[..s], &head[e + "</w:rPr>".len()..]),
        ),
        (Some(s), None) if head[s..].starts_with("<w:rPr />") => (
            &head[s..s + "<w:rPr />".len()],
            format!("{}{}", &head[..s], &head[s + "<w:rPr />".len()..]),
        ),
        _ => ("", head.to_string()),
    };
    let text = &run[t_start + text_open.len()..t_end];
    let mut out = String::new();
    if !other.is_empty() {
        out.push_str(&format!("<w:r>{props}{other}</w:r>"));
    }
    let mut state = Change::Same;
    let mut piece = String::new();
    let mut flush = |piece: &mut String, state: Change, out: &mut String| {
        if piece.is_empty() {
            return;
        }
        match state {
            Change::Same => out.push_str(&format!("<w:r>{props}{text_open}{piece}</w:t></w:r>")),
            Change::Inserted => out.push_str(&format!(
                "<w:ins {}><w:r>{props}{text_open}{piece}</w:t></w:r></w:ins>",
                attrs()
            )),
            Change::Deleted => out.push_str(&format!(
                r#"<w:del {}><w:r>{props}<w:delText xml:space="preserve">{piece}</w:delText></w:r></w:del>"#,
                attrs()
            )),
        }
        piece.clear();
    };
    for c in text.chars() {
        let next = match c {
            INS_START => Change::Inserted,
            DEL_START => Change::Deleted,
            INS_END | DEL_END => Change::Same,
            _ => {
                piece.push(c);
                continue;
            }
        };
        flush(&mut piece, state, &mut out);
        state = next;
    }
    flush(&mut piece, state, &mut out);
    out
}
