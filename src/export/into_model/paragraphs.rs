//! The model's body paragraphs as the filling reads them: their text, style and direct
//! numbering, in order (a paragraph inside a text box counts with the one that holds it).

use super::replace::{paragraph_text, xml_error};
use super::Error;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

pub struct ModelParagraph {
    pub text: String,
    pub style: Option<String>,
    /// The direct numbering: (numId, level).
    pub numbering: Option<(String, usize)>,
    /// Whether the paragraph is in a table cell.
    pub in_table: bool,
}

pub fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.try_get_attribute(key)
        .ok()
        .flatten()
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// The body's paragraphs in order, with their style and direct numbering.
pub fn paragraphs(body: &str) -> Result<Vec<ModelParagraph>, Error> {
    let mut reader = Reader::from_str(body);
    let mut out = Vec::new();
    let mut events: Vec<Event<'static>> = Vec::new();
    let mut depth = 0usize;
    let mut cells = 0usize;
    loop {
        let event = reader.read_event().map_err(xml_error)?.into_owned();
        match &event {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == b"w:tc" && depth == 0 => cells += 1,
            Event::End(e) if e.name().as_ref() == b"w:tc" && depth == 0 => {
                cells = cells.saturating_sub(1);
            }
            Event::Start(e) if e.name().as_ref() == b"w:p" => depth += 1,
            Event::End(e) if e.name().as_ref() == b"w:p" && depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let mut paragraph = read_paragraph(&std::mem::take(&mut events));
                    paragraph.in_table = cells > 0;
                    out.push(paragraph);
                    continue;
                }
            }
            _ => {}
        }
        if depth > 0 {
            events.push(event);
        }
    }
    Ok(out)
}

fn read_paragraph(events: &[Event<'static>]) -> ModelParagraph {
    let mut style = None;
    let mut num = None;
    let mut level = None;
    let mut in_properties = false;
    for event in events {
        match event {
            Event::Start(e) if e.name().as_ref() == b"w:pPr" => in_properties = true,
            Event::End(e) if e.name().as_ref() == b"w:pPr" => break,
            Event::Empty(e) if in_properties => match e.name().as_ref() {
                b"w:pStyle" => style = attr(e, b"w:val"),
                b"w:numId" => num = attr(e, b"w:val"),
                b"w:ilvl" => level = attr(e, b"w:val").and_then(|v| v.parse().ok()),
                _ => {}
            },
            _ => {}
        }
    }
    ModelParagraph {
        text: paragraph_text(events),
        style,
        numbering: num.map(|n| (n, level.unwrap_or(0))),
        in_table: false,
    }
}
