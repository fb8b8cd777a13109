//! The last steps of every DOCX: layout fixes docx-rs has no API for, patched into
//! `word/document.xml`, and the package written with every part deflate-compressed (docx-rs
//! stores them: the 34-lot section weighed 708 KB stored, against a few dozen compressed).

use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// zlib's usual level. Level 9 made the 34-lot section hardly smaller (30.6 KB against
/// 31.1 KB; pandoc's is 34.5 KB) for more than twice the compression work, a fifth of
/// `generate`'s instructions (callgrind, November 2026).
const DEFLATE_LEVEL: i64 = 6;

/// Space before the first paragraph after a table, in twentieths of a point: the text that
/// follows a table must not sit against its last row.
const SPACE_AFTER_TABLE: u32 = 160;

/// Every table row kept on one page (a data row split across pages leaves a fragment at the
/// top of the next one), and the first paragraph after each table set off from it.
pub fn patch_tables(document: &str) -> String {
    let rows = document.replace("<w:tr><w:trPr />", "<w:tr><w:trPr><w:cantSplit /></w:trPr>");
    let mut out = String::with_capacity(rows.len() + 4096);
    let mut rest = rows.as_str();
    while let Some(at) = rest.find("</w:tbl>") {
        let end = at + "</w:tbl>".len();
        out.push_str(&rest[..end]);
        rest = &rest[end..];
        // The paragraph right after the table: docx-rs writes `<w:p …><w:pPr><w:rPr />`
        // then the style; the spacing goes after the style, where the schema wants it.
        if rest.starts_with("<w:p ") || rest.starts_with("<w:p>") {
            let Some(ppr_end) = rest.find('>').map(|i| i + 1) else {
                continue;
            };
            let head = &rest[..ppr_end];
            let after = &rest[ppr_end..];
            if let Some(body) = after.strip_prefix("<w:pPr><w:rPr />") {
                out.push_str(head);
                out.push_str("<w:pPr><w:rPr />");
                let style_end = body
                    .strip_prefix("<w:pStyle ")
                    .and_then(|s| s.find("/>").map(|i| "<w:pStyle ".len() + i + 2))
                    .unwrap_or(0);
                out.push_str(&body[..style_end]);
                if !body[style_end..].starts_with("<w:spacing") {
                    out.push_str(&format!(r#"<w:spacing w:before="{SPACE_AFTER_TABLE}" />"#));
                }
                rest = &body[style_end..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// document.xml without what docx-rs writes and nothing reads: a unique `w14:paraId` on every
/// paragraph (unique numbers are what compresses worst: a fifth of the compressed section)
/// and empty run properties.
pub fn slim(document: &str) -> String {
    let mut out = String::with_capacity(document.len());
    let mut rest = document;
    const ID: &str = " w14:paraId=\"";
    while let Some(at) = rest.find(ID) {
        out.push_str(&rest[..at]);
        let after = &rest[at + ID.len()..];
        rest = after.find('"').map_or(after, |end| &after[end + 1..]);
    }
    out.push_str(rest);
    out.replace("<w:rPr />", "")
}

/// The same package with every part deflate-compressed; directory entries are dropped (a
/// DOCX has none: parts are named by their paths).
pub fn deflate(stored: &[u8]) -> Result<Vec<u8>, String> {
    let fail = |e: &dyn std::fmt::Display| format!("archive DOCX impossible à compresser ({e})");
    let mut archive = zip::ZipArchive::new(Cursor::new(stored)).map_err(|e| fail(&e))?;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(stored.len() / 8)));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(DEFLATE_LEVEL));
    let mut buffer = Vec::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(|e| fail(&e))?;
        if part.is_dir() {
            continue;
        }
        buffer.clear();
        part.read_to_end(&mut buffer).map_err(|e| fail(&e))?;
        writer
            .start_file(part.name().to_string(), options)
            .map_err(|e| fail(&e))?;
        writer.write_all(&buffer).map_err(|e| fail(&e))?;
    }
    Ok(writer.finish().map_err(|e| fail(&e))?.into_inner())
}

/// The package with one XML part rewritten by `f`, every part deflate-compressed.
pub fn rewrite_part(
    package: &[u8],
    name: &str,
    f: impl FnOnce(&str) -> String,
) -> Result<Vec<u8>, String> {
    let fail = |e: &dyn std::fmt::Display| format!("archive DOCX impossible à réécrire ({e})");
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).map_err(|e| fail(&e))?;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(package.len() * 2)));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(DEFLATE_LEVEL));
    let mut f = Some(f);
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(|e| fail(&e))?;
        let mut buffer = Vec::new();
        part.read_to_end(&mut buffer).map_err(|e| fail(&e))?;
        if part.name() == name {
            if let Some(f) = f.take() {
                let text = String::from_utf8(buffer).map_err(|e| fail(&e))?;
                buffer = f(&text).into_bytes();
            }
        }
        writer
            .start_file(part.name().to_string(), options)
            .map_err(|e| fail(&e))?;
        writer.write_all(&buffer).map_err(|e| fail(&e))?;
    }
    Ok(writer.finish().map_err(|e| fail(&e))?.into_inner())
}
