//! Reading the tables buyers actually have: CSV as Excel, LibreOffice and web platforms write
//! it (UTF-8 with or without BOM, UTF-16 « texte Unicode », or Windows-1252 as Excel saves
//! « CSV (séparateur : point-virgule) » in France; `;`, `,` or tab), and spreadsheets (XLSX,
//! XLS, ODS). The caller describes the columns it wants with their aliases; the reader finds
//! the header row among the first lines, matches the columns whatever their case, accents,
//! spacing or punctuation, and hands back each data row with its line number, so that every
//! problem can be reported where the user will find it.
//!
//! Nothing here knows what the table is about: the supplier pack and, later, purchase
//! programmes describe their columns with a [`Column`] list.

mod decode;
mod header;

pub use decode::{decode_text, Encoding};
pub use header::normalise_header;

use std::path::Path;

/// How many lines may precede the header row (titles, export dates, blank lines).
pub const HEADER_SEARCH_LINES: usize = 10;

/// A column the caller wants, with the names it goes by in the files people have.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The caller's own name for it, used in messages (« siret », « raison_sociale »).
    pub key: &'static str,
    /// Header texts that mean this column, most specific first; compared after
    /// [`normalise_header`], so « Raison sociale », « RAISON_SOCIALE » and « raisonSociale »
    /// are one alias.
    pub aliases: &'static [&'static str],
}

/// Where the table came from and how it was read, for the import report.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceFormat {
    Csv { encoding: Encoding, delimiter: u8 },
    Spreadsheet { sheet: String },
}

impl SourceFormat {
    /// « CSV, UTF-8 avec BOM, séparateur « ; » » or « classeur, feuille « Structures » ».
    pub fn describe(&self) -> String {
        match self {
            SourceFormat::Csv {
                encoding,
                delimiter,
            } => format!(
                "CSV, {}, séparateur {}",
                encoding.label(),
                match delimiter {
                    b'\t' => "tabulation".to_string(),
                    d => format!("« {} »", *d as char),
                }
            ),
            SourceFormat::Spreadsheet { sheet } => format!("classeur, feuille « {sheet} »"),
        }
    }
}

/// One data row: its line in the file (1-based; for a spreadsheet, its row number) and the
/// text of each requested column, in the order of the caller's [`Column`] list ("" when the
/// column is absent or the cell empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

impl Row {
    pub fn get(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", |c| c.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    pub format: SourceFormat,
    /// Line of the header row.
    pub header_line: u64,
    /// For each requested column, the header text it was found under.
    pub found: Vec<Option<String>>,
    /// Header texts that matched no requested column (shown so the user can rename them).
    pub ignored_columns: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    pub fn has(&self, index: usize) -> bool {
        self.found.get(index).is_some_and(|f| f.is_some())
    }
}

/// A file that cannot be read as a table at all. Row-level problems are the caller's.
#[derive(Debug, Clone, PartialEq)]
pub struct TableError(pub String);

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TableError {}

/// Reads `path` (CSV or spreadsheet, told apart by content, not by extension).
pub fn read_file(path: &Path, columns: &[Column]) -> Result<Table, TableError> {
    let bytes = std::fs::read(path).map_err(|e| {
        TableError(format!(
            "{} : lecture impossible ({})",
            path.display(),
            crate::util::io_error_fr(&e)
        ))
    })?;
    read_bytes(&bytes, columns).map_err(|e| TableError(format!("{} : {}", path.display(), e.0)))
}

pub fn read_bytes(bytes: &[u8], columns: &[Column]) -> Result<Table, TableError> {
    if is_spreadsheet(bytes) {
        read_spreadsheet(bytes, columns)
    } else {
        read_csv(bytes, columns)
    }
}

/// ZIP (XLSX, ODS) or OLE2 (XLS) signatures.
fn is_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

fn read_csv(bytes: &[u8], columns: &[Column]) -> Result<Table, TableError> {
    let (text, encoding) = decode_text(bytes);
    if text.trim().is_empty() {
        return Err(TableError("le fichier est vide".into()));
    }
    let delimiter = decode::detect_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut lines = LineCounter::new(text.as_bytes());
    let mut head: Vec<(u64, Vec<String>)> = Vec::new();
    for record in records.by_ref() {
        let record = record.map_err(csv_error)?;
        let line = lines.line_at(record.position().map_or(0, |p| p.byte()));
        head.push((line, record.iter().map(str::to_string).collect()));
        if head.len() >= HEADER_SEARCH_LINES {
            break;
        }
    }
    let header = header::find(&head, columns)?;
    let mut rows: Vec<Row> = head[header.position + 1..]
        .iter()
        .filter_map(|(line, cells)| header.row(*line, cells.iter().map(String::as_str)))
        .collect();
    for record in records {
        let record = record.map_err(csv_error)?;
        let line = lines.line_at(record.position().map_or(0, |p| p.byte()));
        if let Some(row) = header.row(line, record.iter()) {
            rows.push(row);
        }
    }
    Ok(Table {
        format: SourceFormat::Csv {
            encoding,
            delimiter,
        },
        header_line: head[header.position].0,
        found: header.found,
        ignored_columns: header.ignored,
        rows,
    })
}

/// Line numbers from byte offsets, counted as records arrive in order (the CSV reader's own
/// count skips blank lines, which would send the user to the wrong line).
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, offset: u64) -> u64 {
        let offset = (offset as usize).min(self.bytes.len());
        if offset >= self.offset {
            self.line += self.bytes[self.offset..offset]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            self.offset = offset;
        }
        // A record after blank lines is reported where the blank lines start.
        while let Some(b @ (b'\r' | b'\n')) = self.bytes.get(self.offset) {
            if *b == b'\n' {
                self.line += 1;
            }
            self.offset += 1;
        }
        self.line
    }
}

fn csv_error(e: csv::Error) -> TableError {
    let line = e.position().map(|p| p.line());
    TableError(match line {
        Some(line) => format!("ligne {line} : CSV illisible ({e})"),
        None => format!("CSV illisible ({e})"),
    })
}

fn read_spreadsheet(bytes: &[u8], columns: &[Column]) -> Result<Table, TableError> {
    use calamine::Reader;
    let cursor = std::io::Cursor::new(bytes.to_vec());
    let mut workbook = calamine::open_workbook_auto_from_rs(cursor)
        .map_err(|e| TableError(format!("classeur illisible ({e})")))?;
    let sheets = workbook.sheet_names().to_vec();
    let mut last_error = None;
    // The first sheet whose first lines hold a recognisable header: exports sometimes put a
    // notice on the first sheet and the data on the second.
    for sheet in sheets {
        let range = workbook
            .worksheet_range(&sheet)
            .map_err(|e| TableError(format!("feuille « {sheet} » illisible ({e})")))?;
        let first_row = range.start().map_or(0, |(r, _)| r as u64);
        let all: Vec<(u64, Vec<String>)> = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                (
                    first_row + i as u64 + 1,
                    cells.iter().map(cell_text).collect(),
                )
            })
            .collect();
        let head = &all[..all.len().min(HEADER_SEARCH_LINES)];
        match header::find(head, columns) {
            Ok(header) => {
                let rows = all[header.position + 1..]
                    .iter()
                    .filter_map(|(line, cells)| header.row(*line, cells.iter().map(String::as_str)))
                    .collect();
                return Ok(Table {
                    format: SourceFormat::Spreadsheet { sheet },
                    header_line: all[header.position].0,
                    found: header.found,
                    ignored_columns: header.ignored,
                    rows,
                });
            }
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error.unwrap_or_else(|| TableError("le classeur ne contient aucune feuille".into())))
}

/// A cell as the user sees it: numbers without a spurious « .0 », so that a SIRET or a
/// postcode typed as a number comes back whole.
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "oui" } else { "non" }.to_string(),
        // A date cell holds a day count; people wrote a date.
        Data::DateTime(d) if d.is_datetime() => {
            let (year, month, day, ..) = d.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02}")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
