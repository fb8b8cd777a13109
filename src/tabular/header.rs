//! Finding the header row and matching its columns to the ones the caller asked for.

use super::{Column, Row, TableError, HEADER_SEARCH_LINES};

/// « Raison sociale », « RAISON_SOCIALE », « raisonSociale » and « Raison  sociale » all give
/// « raisonsociale »: lower case, no accents, letters and digits only.
pub fn normalise_header(text: &str) -> String {
    crate::fr::fold_for_search(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

pub(super) struct Header {
    /// Index of the header among the lines searched.
    pub position: usize,
    /// For each requested column, the index of its cell in a row.
    pub indices: Vec<Option<usize>>,
    pub found: Vec<Option<String>>,
    pub ignored: Vec<String>,
}

impl Header {
    /// The requested cells of a data row; None for a row with none of them filled (blank
    /// lines, separators, totals written in another column).
    pub fn row<'a>(&self, line: u64, cells: impl Iterator<Item = &'a str>) -> Option<Row> {
        let cells: Vec<&str> = cells.collect();
        let picked: Vec<String> = self
            .indices
            .iter()
            .map(|i| {
                i.and_then(|i| cells.get(i))
                    .map_or(String::new(), |c| c.trim().to_string())
            })
            .collect();
        picked.iter().any(|c| !c.is_empty()).then_some(Row {
            line,
            cells: picked,
        })
    }
}

/// Matches one candidate header row; returns the column index of each requested column.
fn match_row(cells: &[String], aliases: &[Vec<String>]) -> Vec<Option<usize>> {
    let normalised: Vec<String> = cells.iter().map(|c| normalise_header(c)).collect();
    let mut used = vec![false; cells.len()];
    aliases
        .iter()
        .map(|names| {
            names.iter().find_map(|alias| {
                let i = normalised
                    .iter()
                    .enumerate()
                    .position(|(i, n)| !used[i] && !n.is_empty() && n == alias)?;
                used[i] = true;
                Some(i)
            })
        })
        .collect()
}

pub(super) fn find(head: &[(u64, Vec<String>)], columns: &[Column]) -> Result<Header, TableError> {
    let aliases: Vec<Vec<String>> = columns
        .iter()
        .map(|c| {
            std::iter::once(c.key)
                .chain(c.aliases.iter().copied())
                .map(normalise_header)
                .collect()
        })
        .collect();
    let needed = if columns.len() > 1 { 2 } else { 1 };
    let best = head
        .iter()
        .enumerate()
        .map(|(position, (_, cells))| (position, match_row(cells, &aliases)))
        .max_by_key(|(position, indices)| {
            (
                indices.iter().filter(|i| i.is_some()).count(),
                std::cmp::Reverse(*position),
            )
        });
    let Some((position, indices)) =
        best.filter(|(_, indices)| indices.iter().filter(|i| i.is_some()).count() >= needed)
    else {
        let expected: Vec<&str> = columns.iter().map(|c| c.key).collect();
        let first = head
            .iter()
            .find(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
            .map(|(line, cells)| format!(" ; ligne {line} lue : « {} »", cells.join(" | ")))
            .unwrap_or_default();
        return Err(TableError(format!(
            "ligne d'en-tête introuvable : aucune des {HEADER_SEARCH_LINES} premières lignes ne nomme au moins deux des colonnes attendues ({}){first}",
            expected.join(", ")
        )));
    };
    let cells = &head[position].1;
    let found = indices
        .iter()
        .map(|i| i.map(|i| cells[i].trim().to_string()))
        .collect();
    let ignored = cells
        .iter()
        .enumerate()
        .filter(|(i, c)| !indices.contains(&Some(*i)) && !c.trim().is_empty())
        .map(|(_, c)| c.trim().to_string())
        .collect();
    Ok(Header {
        position,
        indices,
        found,
        ignored,
    })
}
