//! One article for the whole purchase instead of the same clause repeated lot after lot: the
//! generic merge behind `LotGrouping` (see `crate::clauses::LotGrouping`). Any per-lot clause
//! that writes its body without naming the lot can use it.
//!
//! The article is cut into its parts (at its sub-headings). A part whose text is the same for
//! every lot is written once; otherwise the lots are gathered by identical text and each
//! group gets its own paragraphs, introduced by the lots it concerns. The values that vary
//! (hours, penalties…) go into a table with a row per lot.

use super::typeset::typeset_kind;
use super::{inline_text, BlockKind, Inline};
use crate::clauses::LOT_TABLE_MARKER;
use crate::fr::typeset;

/// One lot's rendering of a grouped clause.
pub(super) struct LotRendering {
    pub number: u32,
    pub title: String,
    /// Typeset.
    pub blocks: super::cache::Blocks,
    /// The table's cells for this lot, in column order, as rendered.
    pub cells: Vec<String>,
}

/// A part of a lot's article: its sub-heading (none before the first) and the blocks under it.
type Part<'a> = (Option<&'a str>, &'a [BlockKind]);

/// The blocks of the article (its heading excepted), typeset: the lots' blocks already are,
/// and what the merge writes (lead-ins, the table, the shared values) is typeset here.
pub(super) fn merge(headers: &[String], lots: &[LotRendering]) -> Vec<BlockKind> {
    let parts: Vec<Vec<Part>> = lots.iter().map(|l| split_parts(&l.blocks)).collect();
    let mut out = Vec::new();
    let mut any_common = false;
    for key in part_order(&parts) {
        let present: Vec<(u32, &[BlockKind])> = lots
            .iter()
            .zip(&parts)
            .filter_map(|(lot, parts)| {
                parts
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|&(_, blocks)| (lot.number, blocks))
            })
            .collect();
        // Groups of lots with the same text, in the order of their first lot.
        let mut groups: Vec<(Vec<u32>, &[BlockKind])> = Vec::new();
        for (number, blocks) in present {
            match groups.iter_mut().find(|(_, b)| *b == blocks) {
                Some((numbers, _)) => numbers.push(number),
                None => groups.push((vec![number], blocks)),
            }
        }
        if let Some(heading) = key {
            out.push(BlockKind::Heading {
                level: heading_level(lots),
                text: heading.to_string(),
            });
        }
        let everyone = groups.len() == 1 && groups[0].0.len() == lots.len();
        if everyone {
            out.extend(groups[0].1.iter().cloned());
            any_common = true;
            continue;
        }
        // The paragraphs every lot has at the start and at the end of the part are written
        // once; only what lies between differs from one group of lots to the next.
        let all_have = groups.iter().map(|(n, _)| n.len()).sum::<usize>() == lots.len();
        let (prefix, suffix) = if all_have && groups.len() > 1 {
            common_ends(&groups.iter().map(|&(_, b)| b).collect::<Vec<_>>())
        } else {
            (0, 0)
        };
        if prefix > 0 {
            out.extend(groups[0].1[..prefix].iter().cloned());
            any_common = true;
        }
        for (numbers, blocks) in &groups {
            let middle = &blocks[prefix..blocks.len() - suffix];
            if middle.is_empty() {
                continue;
            }
            out.push(label(&crate::fr::capitalized(&lots_phrase(numbers))));
            out.extend(middle.iter().cloned());
        }
        if suffix > 0 {
            let blocks = groups[0].1;
            out.push(label("Pour tous ces lots"));
            out.extend(blocks[blocks.len() - suffix..].iter().cloned());
            any_common = true;
        }
    }
    if !any_common && headers.is_empty() {
        // Every paragraph already names its lots: a table of them would say it twice.
        return out
            .into_iter()
            .filter(|b| !matches!(b, BlockKind::Paragraph(i) if inline_text(i).trim() == LOT_TABLE_MARKER))
            .collect();
    }
    place_table(out, headers, lots)
}

/// The lots a group of paragraphs concerns, as a lead-in.
fn label(text: &str) -> BlockKind {
    BlockKind::Paragraph(vec![Inline::bold(typeset(&format!("{text} :")))])
}

/// How many blocks all the versions share at their start, and at their end (without
/// overlapping).
fn common_ends(versions: &[&[BlockKind]]) -> (usize, usize) {
    let shortest = versions.iter().map(|v| v.len()).min().unwrap_or(0);
    let same_at = |i: usize| versions.iter().all(|v| v[i] == versions[0][i]);
    let prefix = (0..shortest).take_while(|&i| same_at(i)).count();
    let suffix = (0..shortest - prefix)
        .take_while(|&k| {
            versions
                .iter()
                .all(|v| v[v.len() - 1 - k] == versions[0][versions[0].len() - 1 - k])
        })
        .count();
    (prefix, suffix)
}

/// The level of the article's sub-headings, as the lots' bodies have them.
fn heading_level(lots: &[LotRendering]) -> u8 {
    lots.iter()
        .flat_map(|l| l.blocks.iter())
        .find_map(|b| match b {
            BlockKind::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .unwrap_or(3)
}

/// The body cut at its headings: (heading text, blocks under it); the blocks before the
/// first heading have no heading.
fn split_parts(blocks: &[BlockKind]) -> Vec<Part<'_>> {
    let mut parts: Vec<Part> = Vec::new();
    let mut key: Option<&str> = None;
    let mut start = 0;
    for (i, block) in blocks.iter().enumerate() {
        if let BlockKind::Heading { text, .. } = block {
            if key.is_some() || i > start {
                parts.push((key, &blocks[start..i]));
            }
            key = Some(text);
            start = i + 1;
        }
    }
    if key.is_some() || blocks.len() > start {
        parts.push((key, &blocks[start..]));
    }
    parts
}

/// Every part that some lot has, in the order the lots have them: a part only some lots have
/// (penalties, for instance) comes after the part that precedes it in those lots.
fn part_order<'a>(parts: &[Vec<Part<'a>>]) -> Vec<Option<&'a str>> {
    let mut order: Vec<Option<&str>> = Vec::new();
    for lot in parts {
        let mut after: Option<usize> = None;
        for &(key, _) in lot {
            match order.iter().position(|&k| k == key) {
                Some(at) => after = Some(at),
                None => {
                    let at = after.map_or(0, |a| a + 1);
                    order.insert(at, key);
                    after = Some(at);
                }
            }
        }
    }
    order
}

/// The per-lot table in place of the marker paragraph (or first), then the values every lot
/// shares, stated once.
fn place_table(
    blocks: Vec<BlockKind>,
    headers: &[String],
    lots: &[LotRendering],
) -> Vec<BlockKind> {
    let table = lot_table(headers, lots);
    let is_marker = |b: &BlockKind| matches!(b, BlockKind::Paragraph(inlines) if inline_text(inlines).trim() == LOT_TABLE_MARKER);
    let mut out = Vec::with_capacity(blocks.len() + 2);
    let mut placed = false;
    if !blocks.iter().any(is_marker) {
        out.extend(table.iter().cloned());
        placed = true;
    }
    for block in blocks {
        if is_marker(&block) {
            if !placed {
                out.extend(table.iter().cloned());
                placed = true;
            }
        } else {
            out.push(block);
        }
    }
    out
}

fn lot_table(headers: &[String], lots: &[LotRendering]) -> Vec<BlockKind> {
    let column = |i: usize| {
        lots.iter()
            .map(move |l| l.cells.get(i).map_or("", |c| c.as_str()))
    };
    let mut varying = Vec::new();
    let mut shared = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        let first = column(i).next().unwrap_or("");
        if column(i).all(|c| c.is_empty()) {
            continue;
        }
        if column(i).all(|c| c == first) {
            shared.push(format!("{} : {first}", lowercase_first(header.trim())));
        } else {
            varying.push(i);
        }
    }
    let cell = |text: &str| vec![Inline::plain(if text.is_empty() { "–" } else { text })];
    let mut header = vec![cell("Lot"), cell("Intitulé")];
    header.extend(varying.iter().map(|&i| cell(headers[i].trim())));
    let rows = lots
        .iter()
        .map(|lot| {
            let mut row = vec![cell(&lot.number.to_string()), cell(&lot.title)];
            row.extend(
                varying
                    .iter()
                    .map(|&i| cell(lot.cells.get(i).map_or("", |c| c.as_str()))),
            );
            row
        })
        .collect();
    let mut blocks = vec![BlockKind::Table { header, rows }];
    if !shared.is_empty() {
        blocks.push(BlockKind::Paragraph(vec![Inline::plain(format!(
            "Pour tous ces lots, {}.",
            shared.join(" ; ")
        ))]));
    }
    blocks.iter_mut().for_each(typeset_kind);
    blocks
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// « lot 3 », « lots 1 à 4, 6 et 9 »: consecutive numbers as ranges.
pub(super) fn lots_phrase(numbers: &[u32]) -> String {
    let mut sorted = numbers.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut ranges: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        match end - start {
            0 => ranges.push(start.to_string()),
            1 => ranges.extend([start.to_string(), end.to_string()]),
            _ => ranges.push(format!("{start} à {end}")),
        }
        i += 1;
    }
    let word = if sorted.len() == 1 { "lot" } else { "lots" };
    if ranges.is_empty() {
        return String::new();
    }
    format!("{word} {}", crate::fr::enumeration(&ranges))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lots' blocks come typeset, as the assembly makes them.
    fn para(text: &str) -> BlockKind {
        BlockKind::Paragraph(vec![Inline::plain(typeset(text))])
    }

    fn heading(text: &str) -> BlockKind {
        BlockKind::Heading {
            level: 3,
            text: text.into(),
        }
    }

    fn lot(number: u32, blocks: Vec<BlockKind>, cells: &[&str]) -> LotRendering {
        LotRendering {
            number,
            title: format!("Lot n° {number}"),
            blocks: blocks.into(),
            cells: cells.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn lot_numbers_read_as_ranges() {
        assert_eq!(lots_phrase(&[3]), "lot 3");
        assert_eq!(lots_phrase(&[1, 2]), "lots 1 et 2");
        assert_eq!(lots_phrase(&[1, 2, 3, 4, 6, 9]), "lots 1 à 4, 6 et 9");
        assert_eq!(lots_phrase(&[5, 1, 2]), "lots 1, 2 et 5");
        assert_eq!(lots_phrase(&[3, 5, 6]), "lots 3, 5 et 6");
    }

    #[test]
    fn identical_parts_are_written_once_and_different_ones_per_group() {
        let common = |penalty: &str| {
            vec![
                heading("Objet"),
                para(LOT_TABLE_MARKER),
                para("Le titulaire réalise les heures."),
                heading("Pénalités"),
                para(penalty),
            ]
        };
        let lots = [
            lot(1, common("45 € par heure."), &["100 heures", "45 €"]),
            lot(2, common("45 € par heure."), &["200 heures", "45 €"]),
            lot(3, common("30 € par heure."), &["300 heures", "45 €"]),
        ];
        let blocks = merge(&["Heures".into(), "Pénalité".into()], &lots);
        let text: Vec<String> = blocks
            .iter()
            .map(|b| match b {
                BlockKind::Heading { text, .. } => format!("# {text}"),
                BlockKind::Paragraph(i) => inline_text(i),
                BlockKind::Table { header, rows } => format!(
                    "table {} x {}",
                    header
                        .iter()
                        .map(|c| inline_text(c))
                        .collect::<Vec<_>>()
                        .join("|"),
                    rows.len()
                ),
                _ => "?".into(),
            })
            .collect();
        assert_eq!(
            text,
            [
                "# Objet",
                "table Lot|Intitulé|Heures x 3",
                "Pour tous ces lots, pénalité : 45 €.",
                "Le titulaire réalise les heures.",
                "# Pénalités",
                "Lots 1 et 2 :",
                "45 € par heure.",
                "Lot 3 :",
                "30 € par heure.",
            ]
            .map(typeset)
        );
    }

    #[test]
    fn a_part_some_lots_lack_keeps_its_place_and_names_its_lots() {
        let with = vec![
            heading("A"),
            para("a"),
            heading("B"),
            para("b"),
            heading("C"),
            para("c"),
        ];
        let without = vec![heading("A"), para("a"), heading("C"), para("c")];
        let lots = [lot(1, without, &[]), lot(2, with, &[])];
        let blocks = merge(&[], &lots);
        let headings: Vec<String> = blocks
            .iter()
            .filter_map(|b| match b {
                BlockKind::Heading { text, .. } => Some(text.clone()),
                BlockKind::Paragraph(i) if inline_text(i).starts_with("Lot") => {
                    Some(inline_text(i))
                }
                _ => None,
            })
            .collect();
        assert_eq!(headings, ["A", "B", "Lot 2 :", "C"].map(typeset));
    }
}
