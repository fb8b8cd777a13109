//! Reading a written DOCX back without the code that wrote it: the text runs and raw parts.

use std::io::Read;
use std::path::Path;

/// The text a reader sees in a DOCX: every text run of its body, in order.
pub fn docx_text(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml.split("<w:t")
        .skip(1)
        .filter_map(|chunk| {
            chunk
                .split_once('>')
                .map(|(_, rest)| rest.split("</w:t>").next().unwrap_or(""))
        })
        .collect::<Vec<_>>()
        .join("")
        .replace("&apos;", "'")
        // Read as plain text: the typographic apostrophe the documents use is an apostrophe.
        .replace('\u{2019}', "'")
}

/// The raw XML of one part of a DOCX (« word/header1.xml »…).
pub fn docx_part(path: &Path, part: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    archive
        .by_name(part)
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}
