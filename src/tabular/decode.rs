//! From bytes to text, and which character separates the columns.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16,
    Windows1252,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 avec BOM",
            Encoding::Utf16 => "UTF-16 (texte Unicode)",
            Encoding::Windows1252 => "Windows-1252 (ANSI)",
        }
    }
}

/// The text of a file: UTF-8 (with or without BOM), UTF-16 with its BOM (Excel's « texte
/// Unicode »), otherwise Windows-1252, which is what Excel writes for a CSV in France and
/// which also decodes ISO-8859-1 text the same way for every French letter.
pub fn decode_text(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (
            String::from_utf8_lossy(rest).into_owned(),
            Encoding::Utf8Bom,
        );
    }
    if let Some((utf16, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = utf16.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), Encoding::Utf16);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), Encoding::Utf8),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text.into_owned(), Encoding::Windows1252)
        }
    }
}

/// `;`, `,`, tab or `|`: the one that splits the first lines into the most equal, non-trivial
/// numbers of fields (quoted text ignored, so a comma inside « Dupont, Durand » does not count).
pub fn detect_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b';', b',', b'\t', b'|'];
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(super::HEADER_SEARCH_LINES + 5)
        .collect();
    let mut best = (b';', 0usize, 0usize);
    for candidate in CANDIDATES {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, candidate))
            .collect();
        // The most frequent non-zero count and how many lines have it.
        let mut tally: std::collections::HashMap<usize, usize> = Default::default();
        for c in counts.iter().filter(|c| **c > 0) {
            *tally.entry(*c).or_default() += 1;
        }
        let Some((&count, &lines_with_it)) =
            tally.iter().max_by_key(|(count, lines)| (**lines, **count))
        else {
            continue;
        };
        if (lines_with_it, count) > (best.1, best.2) {
            best = (candidate, lines_with_it, count);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            count += 1;
        }
    }
    count
}
