//! The model's ZIP package: parts read once, the changed ones written deflated, every other
//! entry copied as it was stored.

use super::Error;
use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

pub struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    names: Vec<String>,
    changed: HashMap<String, Vec<u8>>,
    /// Parts added (not in the model), in order.
    added: Vec<String>,
}

/// Parts larger than this are not read as XML: a real styles or document part is far smaller.
const MAX_PART: u64 = 64 * 1024 * 1024;

impl<'a> Package<'a> {
    pub fn read(bytes: &'a [u8]) -> Result<Package<'a>, Error> {
        let archive =
            ZipArchive::new(Cursor::new(bytes)).map_err(|e| Error::NotDocx(e.to_string()))?;
        let names: Vec<String> = archive.file_names().map(str::to_string).collect();
        if !names.iter().any(|n| n == "word/document.xml") {
            return Err(Error::NotDocx("word/document.xml absent".into()));
        }
        Ok(Package {
            archive,
            names,
            changed: HashMap::new(),
            added: Vec::new(),
        })
    }

    /// A part as text (the changed version if any); None when the package has no such part.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, Error> {
        if let Some(bytes) = self.changed.get(name) {
            return String::from_utf8(bytes.clone())
                .map(Some)
                .map_err(|_| Error::Xml(format!("{name} : XML non UTF-8")));
        }
        if !self.names.iter().any(|n| n == name) {
            return Ok(None);
        }
        let file = self
            .archive
            .by_name(name)
            .map_err(|e| Error::NotDocx(format!("{name} : {e}")))?;
        if file.size() > MAX_PART {
            return Err(Error::NotDocx(format!("{name} : partie trop grande")));
        }
        let mut text = String::new();
        file.take(MAX_PART)
            .read_to_string(&mut text)
            .map_err(|e| Error::NotDocx(format!("{name} : {e}")))?;
        Ok(Some(text))
    }

    pub fn set(&mut self, name: &str, bytes: Vec<u8>) {
        if !self.names.iter().any(|n| n == name) && !self.added.iter().any(|n| n == name) {
            self.added.push(name.to_string());
        }
        self.changed.insert(name.to_string(), bytes);
    }

    pub fn names_matching(&self, keep: impl Fn(&str) -> bool) -> Vec<String> {
        self.names.iter().filter(|n| keep(n)).cloned().collect()
    }

    pub fn write(mut self) -> Result<Vec<u8>, Error> {
        let mut out = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        let failed = |e: &dyn std::fmt::Display| Error::Xml(format!("archive : {e}"));
        for name in self.names.clone() {
            if let Some(bytes) = self.changed.get(&name) {
                out.start_file(name.as_str(), options)
                    .map_err(|e| failed(&e))?;
                out.write_all(bytes).map_err(|e| failed(&e))?;
            } else {
                let file = self.archive.by_name(&name).map_err(|e| failed(&e))?;
                out.raw_copy_file(file).map_err(|e| failed(&e))?;
            }
        }
        for name in &self.added {
            out.start_file(name.as_str(), options)
                .map_err(|e| failed(&e))?;
            out.write_all(&self.changed[name]).map_err(|e| failed(&e))?;
        }
        Ok(out.finish().map_err(|e| failed(&e))?.into_inner())
    }
}
