//! Event-by-event work on WordprocessingML: the children of an element, attribute renaming in
//! our generated XML, and the placeholders of the model's paragraphs.

use super::{Error, Filled, INLINE_PLACEHOLDERS, PIECE_PLACEHOLDERS};
use crate::document::Piece;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};
use std::collections::HashMap;

pub(super) fn xml_error(e: impl std::fmt::Display) -> Error {
    Error::Xml(format!("XML illisible ({e})"))
}

/// The raw text of each element whose direct parent is named `parent`, in order.
pub fn children(xml: &str, parent: &[u8]) -> Result<Vec<(String, String)>, Error> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut out = Vec::new();
    let mut start: Option<(usize, String)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(xml_error)?;
        let after = reader.buffer_position() as usize;
        let at_child = stack.last().is_some_and(|p| p.as_slice() == parent);
        match event {
            Event::Start(e) => {
                if at_child && start.is_none() {
                    start = Some((
                        before,
                        String::from_utf8_lossy(e.name().as_ref()).into_owned(),
                    ));
                }
                stack.push(e.name().as_ref().to_vec());
            }
            Event::End(_) => {
                stack.pop();
                let back_at_child = stack.last().is_some_and(|p| p.as_slice() == parent);
                if back_at_child {
                    if let Some((from, name)) = start.take() {
                        out.push((name, xml[from..after].to_string()));
                    }
                }
            }
            Event::Empty(e) if at_child => out.push((
                String::from_utf8_lossy(e.name().as_ref()).into_owned(),
                xml[before..after].to_string(),
            )),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The body elements of our own document.xml (paragraphs and tables), without the final
/// section properties.
pub fn body_elements(xml: &str) -> Result<Vec<String>, Error> {
    Ok(children(xml, b"w:body")?
        .into_iter()
        .filter(|(name, _)| name != "w:sectPr")
        .map(|(_, raw)| raw)
        .collect())
}

/// Rewrites the start tags of a fragment; everything else is written as read.
pub fn rewrite(
    xml: &str,
    mut change: impl FnMut(&BytesStart) -> Option<BytesStart<'static>>,
) -> Result<String, Error> {
    let mut reader = Reader::from_str(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len()));
    loop {
        let event = reader.read_event().map_err(xml_error)?;
        let event = match event {
            Event::Eof => break,
            Event::Start(e) => Event::Start(change(&e).unwrap_or(e)),
            Event::Empty(e) => Event::Empty(change(&e).unwrap_or(e)),
            other => other,
        };
        writer.write_event(event).map_err(xml_error)?;
    }
    String::from_utf8(writer.into_inner()).map_err(xml_error)
}

/// Our fragment with the paragraphs numbered by `ours` moved to the model's list `model`:
/// level 0 (articles) to `level`, level 1 (sub-articles) to the level below it.
pub fn move_to_list(xml: &str, ours: &str, model: &str, level: usize) -> Result<String, Error> {
    let mut reader = Reader::from_str(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len()));
    let mut numbering: Option<Vec<Event<'static>>> = None;
    loop {
        let event = reader.read_event().map_err(xml_error)?.into_owned();
        match (&event, numbering.as_mut()) {
            (Event::Eof, _) => break,
            (Event::Start(e), None) if e.name().as_ref() == b"w:numPr" => {
                numbering = Some(vec![event]);
            }
            (Event::End(e), Some(events)) if e.name().as_ref() == b"w:numPr" => {
                events.push(event);
                let events = numbering.take().unwrap_or_default();
                for event in moved_numbering(events, ours, model, level) {
                    writer.write_event(event).map_err(xml_error)?;
                }
            }
            (_, Some(events)) => events.push(event),
            (_, None) => writer.write_event(event).map_err(xml_error)?,
        }
    }
    String::from_utf8(writer.into_inner()).map_err(xml_error)
}

/// A `w:numPr` on our list `ours` put on `model` at `level` plus its own level; any other
/// left as it is.
fn moved_numbering(
    events: Vec<Event<'static>>,
    ours: &str,
    model: &str,
    level: usize,
) -> Vec<Event<'static>> {
    let value = |e: &BytesStart| super::paragraphs::attr(e, b"w:val");
    let on_ours = events.iter().any(|event| {
        matches!(event, Event::Empty(e) if e.name().as_ref() == b"w:numId"
            && value(e).as_deref() == Some(ours))
    });
    if !on_ours {
        return events;
    }
    events
        .into_iter()
        .map(|event| match &event {
            Event::Empty(e) if e.name().as_ref() == b"w:numId" => Event::Empty(
                with_attribute(e, b"w:val", |_| Some(model.to_string())).unwrap_or(e.clone()),
            ),
            Event::Empty(e) if e.name().as_ref() == b"w:ilvl" => {
                let own: usize = value(e).and_then(|v| v.parse().ok()).unwrap_or(0);
                Event::Empty(
                    with_attribute(e, b"w:val", |_| Some((level + own).to_string()))
                        .unwrap_or(e.clone()),
                )
            }
            _ => event,
        })
        .collect()
}

/// A fragment without its empty elements named `name`.
pub fn without_empty(xml: &str, name: &[u8]) -> Result<String, Error> {
    let mut reader = Reader::from_str(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len()));
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Eof => break,
            Event::Empty(e) if e.name().as_ref() == name => {}
            event => writer.write_event(event).map_err(xml_error)?,
        }
    }
    String::from_utf8(writer.into_inner()).map_err(xml_error)
}

/// The same element with the value of attribute `key` replaced by `map(value)`.
pub fn with_attribute(
    e: &BytesStart,
    key: &[u8],
    map: impl Fn(&str) -> Option<String>,
) -> Option<BytesStart<'static>> {
    let value = e
        .try_get_attribute(key)
        .ok()
        .flatten()
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())?;
    let new = map(&value)?;
    let mut out = BytesStart::new(String::from_utf8_lossy(e.name().as_ref()).into_owned());
    for a in e.attributes().flatten() {
        if a.key.as_ref() == key {
            out.push_attribute((key, new.as_bytes()));
        } else {
            out.push_attribute(a);
        }
    }
    Some(out)
}

/// Our piece XML with its style ids and numbering ids renamed to those of the filled model.
pub fn rename_references(
    xml: &str,
    styles: &HashMap<String, String>,
    numbering: &HashMap<String, String>,
) -> Result<String, Error> {
    rewrite(xml, |e| match e.name().as_ref() {
        b"w:pStyle" | b"w:rStyle" | b"w:tblStyle" => {
            with_attribute(e, b"w:val", |v| styles.get(v).cloned())
        }
        b"w:numId" => with_attribute(e, b"w:val", |v| numbering.get(v).cloned()),
        _ => None,
    })
}

/// The model's XML with its placeholder paragraphs replaced by `pieces` (None in headers and
/// footers, which take values only) and its inline placeholders by `values` (in
/// `INLINE_PLACEHOLDERS` order).
pub fn fill(
    xml: &str,
    pieces: Option<&[(Piece, String)]>,
    values: &[&str; 3],
    filled: &mut Filled,
) -> Result<String, Error> {
    let mut reader = Reader::from_str(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len()));
    let mut paragraph: Vec<Event<'static>> = Vec::new();
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().map_err(xml_error)?.into_owned();
        match &event {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == b"w:p" => depth += 1,
            Event::End(e) if e.name().as_ref() == b"w:p" && depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    paragraph.push(event);
                    let events = std::mem::take(&mut paragraph);
                    write_paragraph(&mut writer, events, pieces, values, filled)?;
                    continue;
                }
            }
            _ => {}
        }
        if depth > 0 {
            paragraph.push(event);
        } else {
            writer.write_event(event).map_err(xml_error)?;
        }
    }
    String::from_utf8(writer.into_inner()).map_err(xml_error)
}

/// The decoded text of a paragraph's events.
pub(super) fn paragraph_text(events: &[Event<'static>]) -> String {
    text_nodes(events).into_iter().map(|(_, t)| t).collect()
}

/// The decoded text of each `w:t` of a paragraph: (index of its start event, text).
fn text_nodes(events: &[Event<'static>]) -> Vec<(usize, String)> {
    let mut nodes = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(e) if e.name().as_ref() == b"w:t" => current = Some((i, String::new())),
            Event::End(e) if e.name().as_ref() == b"w:t" => nodes.extend(current.take()),
            Event::Text(t) => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(&t.xml10_content().unwrap_or_default());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, text)) = current.as_mut() {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        text.push(c);
                    } else if let Some(s) = resolve_predefined_entity(&String::from_utf8_lossy(r)) {
                        text.push_str(s);
                    }
                }
            }
            _ => {}
        }
    }
    nodes
}

fn write_paragraph(
    writer: &mut Writer<Vec<u8>>,
    events: Vec<Event<'static>>,
    pieces: Option<&[(Piece, String)]>,
    values: &[&str; 3],
    filled: &mut Filled,
) -> Result<(), Error> {
    let nodes = text_nodes(&events);
    let text: String = nodes.iter().map(|(_, t)| t.as_str()).collect();
    let whole = text.trim();
    let piece = pieces.and_then(|_| PIECE_PLACEHOLDERS.iter().find(|(p, _)| *p == whole));
    if let Some((_, piece)) = piece {
        match pieces.unwrap_or_default().iter().find(|(p, _)| p == piece) {
            Some((_, xml)) => {
                filled.pieces.push(*piece);
                writer.get_mut().extend_from_slice(xml.as_bytes());
            }
            None => filled.empty.push(*piece),
        }
        // A paragraph that closes a section carries its settings: keep it, emptied.
        let closes_section = events.iter().any(
            |e| matches!(e, Event::Start(s) | Event::Empty(s) if s.name().as_ref() == b"w:sectPr"),
        );
        if closes_section {
            for event in without_runs(events) {
                writer.write_event(event).map_err(xml_error)?;
            }
        }
        return Ok(());
    }
    let found: Vec<(usize, usize, usize)> = matches(&text);
    if found.is_empty() {
        for event in events {
            writer.write_event(event).map_err(xml_error)?;
        }
        return Ok(());
    }
    filled.values += found.len();
    let new_texts = redistribute(&nodes, &found, values);
    let mut replaced: HashMap<usize, String> =
        nodes.iter().map(|(i, _)| *i).zip(new_texts).collect();
    let mut skipping = false;
    for (i, event) in events.into_iter().enumerate() {
        if let Some(new) = replaced.remove(&i) {
            let Event::Start(start) = event else {
                unreachable!("text nodes start at a w:t start tag")
            };
            let mut start = start;
            if start
                .try_get_attribute("xml:space")
                .ok()
                .flatten()
                .is_none()
            {
                start.push_attribute(("xml:space", "preserve"));
            }
            writer.write_event(Event::Start(start)).map_err(xml_error)?;
            writer
                .write_event(Event::Text(BytesText::new(&new)))
                .map_err(xml_error)?;
            skipping = true;
            continue;
        }
        if skipping {
            if matches!(&event, Event::End(e) if e.name().as_ref() == b"w:t") {
                skipping = false;
            } else {
                continue;
            }
        }
        writer.write_event(event).map_err(xml_error)?;
    }
    Ok(())
}

/// (start, end, placeholder index) of each inline placeholder in `text`, byte offsets.
fn matches(text: &str) -> Vec<(usize, usize, usize)> {
    let mut found = Vec::new();
    for (k, placeholder) in INLINE_PLACEHOLDERS.iter().enumerate() {
        found.extend(
            text.match_indices(placeholder)
                .map(|(at, p)| (at, at + p.len(), k)),
        );
    }
    found.sort_unstable();
    found
}

/// The new text of each node: placeholders removed wherever they were split across runs (Word
/// splits text at every change of spelling state or revision), the value written where each
/// placeholder began, so the first run's formatting applies.
fn redistribute(
    nodes: &[(usize, String)],
    found: &[(usize, usize, usize)],
    values: &[&str; 3],
) -> Vec<String> {
    let mut out = Vec::with_capacity(nodes.len());
    let mut offset = 0usize;
    for (_, text) in nodes {
        let (from, to) = (offset, offset + text.len());
        let mut new = String::new();
        let mut at = from;
        while at < to {
            if let Some((s, e, k)) = found.iter().find(|(s, e, _)| *s <= at && at < *e) {
                if *s == at {
                    new.push_str(values[*k]);
                }
                at = (*e).min(to);
                continue;
            }
            let next = found
                .iter()
                .map(|(s, _, _)| *s)
                .filter(|s| *s > at)
                .min()
                .unwrap_or(to)
                .min(to);
            new.push_str(&text[at - from..next - from]);
            at = next;
        }
        out.push(new);
        offset = to;
    }
    out
}

/// A paragraph without its runs (its properties, section settings included, kept).
fn without_runs(events: Vec<Event<'static>>) -> Vec<Event<'static>> {
    let mut depth = 0usize;
    let mut out = Vec::new();
    for event in events {
        let is_run =
            |e: &BytesStart| matches!(e.name().as_ref(), b"w:r" | b"w:hyperlink" | b"w:fldSimple");
        match &event {
            Event::Start(e) if depth > 0 || is_run(e) => {
                depth += 1;
                continue;
            }
            Event::Empty(e) if depth > 0 || is_run(e) => continue,
            Event::End(_) if depth > 0 => {
                depth -= 1;
                continue;
            }
            _ if depth > 0 => continue,
            _ => {}
        }
        out.push(event);
    }
    out
}

/// Our tables in the model's table style `style`: the style is named in each table's
/// properties, and our own borders and header shading, written as direct formatting, are
/// left out so that the style's apply (direct formatting would win over it). The table look
/// is Word's default for a new table (header row and first column formatting of the style).
pub fn use_table_style(xml: &str, style: &str) -> Result<String, Error> {
    let mut reader = Reader::from_str(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len()));
    let mut stack: Vec<Vec<u8>> = Vec::new();
    // Depth of the element being left out, with its children.
    let mut skipping: Option<usize> = None;
    let mut look_written = false;
    let left_out = |name: &[u8], parent: Option<&Vec<u8>>| {
        matches!(
            (name, parent.map(Vec::as_slice)),
            (b"w:tblBorders", Some(b"w:tblPr")) | (b"w:shd", Some(b"w:tcPr"))
        )
    };
    loop {
        let event = reader.read_event().map_err(xml_error)?;
        match &event {
            Event::Eof => break,
            Event::Start(e) => {
                if skipping.is_none() && left_out(e.name().as_ref(), stack.last()) {
                    skipping = Some(stack.len());
                }
                stack.push(e.name().as_ref().to_vec());
                if skipping.is_some() {
                    continue;
                }
                let is_table_properties = e.name().as_ref() == b"w:tblPr";
                writer.write_event(event.clone()).map_err(xml_error)?;
                if is_table_properties {
                    let mut named = BytesStart::new("w:tblStyle");
                    named.push_attribute(("w:val", style));
                    writer.write_event(Event::Empty(named)).map_err(xml_error)?;
                }
                continue;
            }
            Event::End(e) => {
                stack.pop();
                if let Some(depth) = skipping {
                    if stack.len() == depth {
                        skipping = None;
                    }
                    continue;
                }
                if e.name().as_ref() == b"w:tblPr" {
                    if !look_written {
                        writer
                            .write_event(Event::Empty(table_look()))
                            .map_err(xml_error)?;
                    }
                    look_written = false;
                }
            }
            Event::Empty(e) if skipping.is_none() && e.name().as_ref() == b"w:tblPr" => {
                let mut named = BytesStart::new("w:tblStyle");
                named.push_attribute(("w:val", style));
                for event in [
                    Event::Start(BytesStart::new("w:tblPr")),
                    Event::Empty(named),
                    Event::Empty(table_look()),
                    Event::End(quick_xml::events::BytesEnd::new("w:tblPr")),
                ] {
                    writer.write_event(event).map_err(xml_error)?;
                }
                continue;
            }
            Event::Empty(e) => {
                if skipping.is_some() || left_out(e.name().as_ref(), stack.last()) {
                    continue;
                }
                // The schema puts the look before a table's caption and description.
                let after_look = matches!(e.name().as_ref(), b"w:tblCaption" | b"w:tblDescription");
                if after_look && !look_written && stack.last().is_some_and(|p| p == b"w:tblPr") {
                    writer
                        .write_event(Event::Empty(table_look()))
                        .map_err(xml_error)?;
                    look_written = true;
                }
            }
            _ if skipping.is_some() => continue,
            _ => {}
        }
        writer.write_event(event).map_err(xml_error)?;
    }
    String::from_utf8(writer.into_inner()).map_err(xml_error)
}

/// Word's default look for a new table: the style's header row and first column apply.
fn table_look() -> BytesStart<'static> {
    let mut look = BytesStart::new("w:tblLook");
    for (key, value) in [
        ("w:val", "04A0"),
        ("w:firstRow", "1"),
        ("w:lastRow", "0"),
        ("w:firstColumn", "1"),
        ("w:lastColumn", "0"),
        ("w:noHBand", "0"),
        ("w:noVBand", "1"),
    ] {
        look.push_attribute((key, value));
    }
    look
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALUES: [&str; 3] = ["Ville d'Exemple & Cie", "Travaux <école>", "2027-01"];

    fn filled(xml: &str, pieces: Option<&[(Piece, String)]>) -> (String, Filled) {
        let mut filled = Filled::default();
        let out = fill(xml, pieces, &VALUES, &mut filled).unwrap();
        (out, filled)
    }

    #[test]
    fn a_placeholder_split_across_runs_is_replaced_with_the_first_runs_formatting() {
        let xml = r#"<w:body><w:p><w:r><w:t>Objet : [[clau</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>sier:objet]] (réf. [[clausier:reference]])</w:t></w:r></w:p></w:body>"#;
        let (out, filled) = filled(xml, Some(&[]));
        assert_eq!(filled.values, 2);
        assert_eq!(
            out,
            r#"<w:body><w:p><w:r><w:t xml:space="preserve">Objet : Travaux &lt;école&gt;</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> (réf. 2027-01)</w:t></w:r></w:p></w:body>"#
        );
    }

    #[test]
    fn a_placeholder_paragraph_becomes_its_piece_and_keeps_the_section_it_closes() {
        let pieces = [(
            Piece::Ccap,
            "<w:p><w:r><w:t>Article</w:t></w:r></w:p>".to_string(),
        )];
        let xml = r#"<w:body><w:p><w:r><w:t>Avant</w:t></w:r></w:p><w:p><w:pPr><w:sectPr><w:pgSz w:w="11906"/></w:sectPr></w:pPr><w:r><w:t xml:space="preserve"> [[clausier:ccap]] </w:t></w:r></w:p><w:p><w:r><w:t>[[clausier:note]]</w:t></w:r></w:p></w:body>"#;
        let (out, filled) = filled(xml, Some(&pieces));
        assert_eq!(filled.pieces, [Piece::Ccap]);
        // No note for this project: its placeholder is removed, and said to be.
        assert_eq!(filled.empty, [Piece::Note]);
        assert_eq!(
            filled.summary(),
            "pièces placées : CCAP ; repère retiré faute de clause pour ce projet : Note ; 0 valeur remplacée"
        );
        assert_eq!(
            out,
            r#"<w:body><w:p><w:r><w:t>Avant</w:t></w:r></w:p><w:p><w:r><w:t>Article</w:t></w:r></w:p><w:p><w:pPr><w:sectPr><w:pgSz w:w="11906"/></w:sectPr></w:pPr></w:p></w:body>"#
        );
    }

    #[test]
    fn headers_take_values_but_never_pieces() {
        let xml = r#"<w:hdr><w:p><w:r><w:t>[[clausier:rc]]</w:t></w:r></w:p><w:p><w:r><w:t>[[clausier:acheteur]]</w:t></w:r></w:p></w:hdr>"#;
        let (out, filled) = filled(xml, None);
        assert!(filled.pieces.is_empty());
        assert_eq!(filled.values, 1);
        assert!(out.contains("[[clausier:rc]]"));
        assert!(
            out.contains("Ville d&apos;Exemple &amp; Cie")
                || out.contains("Ville d'Exemple &amp; Cie")
        );
    }
}
