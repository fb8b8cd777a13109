//! The last step of every DOCX: the package written with every part deflate-compressed
//! (docx-rs stores them: the 34-lot section weighed 708 KB stored, against a few dozen
//! compressed).

use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// zlib's usual level. Level 9 made the 34-lot section hardly smaller (30.6 KB against
/// 31.1 KB; pandoc's is 34.5 KB) for more than twice the compression work, a fifth of
/// `generate`'s instructions (callgrind, November 2026).
const DEFLATE_LEVEL: i64 = 6;

/// The parts docx-rs built, written as a package with every part deflate-compressed, in the
/// order docx-rs's own packer uses (content types first, as readers that stream the archive
/// expect).
pub fn pack(xml: docx_rs::XMLDocx) -> Result<Vec<u8>, String> {
    let fail = |e: &dyn std::fmt::Display| format!("archive DOCX impossible à écrire ({e})");
    let mut parts: Vec<(String, &[u8])> = vec![
        ("[Content_Types].xml".into(), &xml.content_type),
        ("_rels/.rels".into(), &xml.rels),
        ("docProps/app.xml".into(), &xml.doc_props.app),
        ("docProps/core.xml".into(), &xml.doc_props.core),
        ("docProps/custom.xml".into(), &xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), &xml.document_rels),
        ("word/document.xml".into(), &xml.document),
        ("word/styles.xml".into(), &xml.styles),
        ("word/settings.xml".into(), &xml.settings),
        ("word/fontTable.xml".into(), &xml.font_table),
        ("word/comments.xml".into(), &xml.comments),
        ("word/numbering.xml".into(), &xml.numberings),
        ("word/commentsExtended.xml".into(), &xml.comments_extended),
        ("word/footnotes.xml".into(), &xml.footnotes),
    ];
    for (kind, xmls, rels) in [
        ("header", &xml.headers, &xml.header_rels),
        ("footer", &xml.footers, &xml.footer_rels),
    ] {
        for (i, part) in xmls.iter().enumerate() {
            parts.push((format!("word/{kind}{}.xml", i + 1), part));
            if let Some(rels) = rels.get(i) {
                parts.push((format!("word/_rels/{kind}{}.xml.rels", i + 1), rels));
            }
        }
    }
    for (name, png) in &xml.media {
        parts.push((format!("word/media/{name}.png"), png));
    }
    // What this writer never adds (task panes, custom XML items) would be lost here.
    if xml.taskpanes.is_some() || !xml.custom_items.is_empty() {
        return Err(fail(&"partie du paquet non prise en charge"));
    }
    let size: usize = parts.iter().map(|(_, p)| p.len()).sum();
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(size / 6 + 4096)));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(DEFLATE_LEVEL));
    for (name, part) in parts {
        writer.start_file(name, options).map_err(|e| fail(&e))?;
        writer.write_all(part).map_err(|e| fail(&e))?;
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
