//! Our list and article numberings added to the model's, under ids the model does not use.

use super::package::Package;
use super::replace::{children, rewrite, with_attribute};
use super::Error;
use quick_xml::events::Event;
use quick_xml::{Reader, Writer};
use std::collections::HashMap;

const NUMBERING_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml";
const NUMBERING_RELATION: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering";

fn ids(xml: &str, element: &[u8], key: &[u8]) -> Result<Vec<u64>, Error> {
    let mut out = Vec::new();
    rewrite(xml, |e| {
        if e.name().as_ref() == element {
            if let Some(v) = e
                .try_get_attribute(key)
                .ok()
                .flatten()
                .and_then(|a| String::from_utf8_lossy(&a.value).parse::<u64>().ok())
            {
                out.push(v);
            }
        }
        None
    })?;
    Ok(out)
}

/// Adds our numbering definitions to the model; returns our numId → the model's new numId.
pub fn merge(
    package: &mut Package,
    ours: &Option<String>,
) -> Result<HashMap<String, String>, Error> {
    let Some(ours) = ours else {
        return Ok(HashMap::new());
    };
    let model = package.text("word/numbering.xml")?;
    let Some(model) = model else {
        // No numbering in the model: ours becomes its numbering part, ids unchanged.
        package.set("word/numbering.xml", ours.clone().into_bytes());
        declare_numbering_part(package)?;
        return Ok(HashMap::new());
    };
    let next_abstract = ids(&model, b"w:abstractNum", b"w:abstractNumId")?
        .into_iter()
        .max()
        .map_or(0, |m| m + 1);
    let next_num = ids(&model, b"w:num", b"w:numId")?
        .into_iter()
        .max()
        .map_or(1, |m| m + 1);
    let elements = children(ours, b"w:numbering")?;
    let mut abstract_map: HashMap<String, String> = HashMap::new();
    let mut num_map: HashMap<String, String> = HashMap::new();
    for (name, raw) in &elements {
        if name == "w:abstractNum" {
            for id in ids(raw, b"w:abstractNum", b"w:abstractNumId")? {
                let new = next_abstract + abstract_map.len() as u64;
                abstract_map.insert(id.to_string(), new.to_string());
            }
        } else if name == "w:num" {
            for id in ids(raw, b"w:num", b"w:numId")? {
                let new = next_num + num_map.len() as u64;
                num_map.insert(id.to_string(), new.to_string());
            }
        }
    }
    let mut abstracts = String::new();
    let mut nums = String::new();
    for (name, raw) in &elements {
        let renamed = rewrite(raw, |e| match e.name().as_ref() {
            b"w:abstractNum" => {
                with_attribute(e, b"w:abstractNumId", |v| abstract_map.get(v).cloned())
            }
            b"w:abstractNumId" => with_attribute(e, b"w:val", |v| abstract_map.get(v).cloned()),
            b"w:num" => with_attribute(e, b"w:numId", |v| num_map.get(v).cloned()),
            _ => None,
        })?;
        match name.as_str() {
            "w:abstractNum" => abstracts.push_str(&renamed),
            "w:num" => nums.push_str(&renamed),
            _ => {}
        }
    }
    // The schema wants every abstractNum before the first num, and numIdMacAtCleanup last.
    let mut reader = Reader::from_str(&model);
    let mut writer = Writer::new(Vec::with_capacity(
        model.len() + abstracts.len() + nums.len(),
    ));
    let mut abstracts_written = false;
    let mut nums_written = false;
    let mut depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| Error::Xml(format!("numbering.xml illisible ({e})")))?;
        let name = match &event {
            Event::Start(e) | Event::Empty(e) => Some(e.name().as_ref().to_vec()),
            Event::End(e) => Some(e.name().as_ref().to_vec()),
            _ => None,
        };
        let at_top = depth == 1;
        let closing_root = matches!(&event, Event::End(e) if e.name().as_ref() == b"w:numbering");
        if matches!(event, Event::Eof) {
            break;
        }
        if (at_top && !abstracts_written && name.as_deref() == Some(b"w:num".as_slice()))
            || (closing_root && !abstracts_written)
        {
            writer.get_mut().extend_from_slice(abstracts.as_bytes());
            abstracts_written = true;
        }
        if (at_top && !nums_written && name.as_deref() == Some(b"w:numIdMacAtCleanup".as_slice()))
            || (closing_root && !nums_written)
        {
            if !abstracts_written {
                writer.get_mut().extend_from_slice(abstracts.as_bytes());
                abstracts_written = true;
            }
            writer.get_mut().extend_from_slice(nums.as_bytes());
            nums_written = true;
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        writer
            .write_event(event)
            .map_err(|e| Error::Xml(e.to_string()))?;
    }
    let merged = String::from_utf8(writer.into_inner()).map_err(|e| Error::Xml(e.to_string()))?;
    package.set("word/numbering.xml", merged.into_bytes());
    Ok(num_map)
}

/// A model without lists gets a numbering part: declared in the content types and linked from
/// the document.
fn declare_numbering_part(package: &mut Package) -> Result<(), Error> {
    let types = package
        .text("[Content_Types].xml")?
        .ok_or_else(|| Error::NotDocx("[Content_Types].xml absent".into()))?;
    if !types.contains("/word/numbering.xml") {
        let types = types.replacen(
            "</Types>",
            &format!(r#"<Override PartName="/word/numbering.xml" ContentType="{NUMBERING_TYPE}"/></Types>"#),
            1,
        );
        package.set("[Content_Types].xml", types.into_bytes());
    }
    let rels = package
        .text("word/_rels/document.xml.rels")?
        .ok_or_else(|| Error::NotDocx("word/_rels/document.xml.rels absent".into()))?;
    if !rels.contains(NUMBERING_RELATION) {
        let rels = rels.replacen(
            "</Relationships>",
            &format!(r#"<Relationship Id="rIdClausierNumbering" Type="{NUMBERING_RELATION}" Target="numbering.xml"/></Relationships>"#),
            1,
        );
        package.set("word/_rels/document.xml.rels", rels.into_bytes());
    }
    Ok(())
}
