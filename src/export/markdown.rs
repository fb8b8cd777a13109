//! Markdown export of a Document (also the plain text used by golden tests).

use crate::document::{BlockKind, Document, Inline};
use crate::fr::typeset;

/// Inline text with French typography: handouts and sheets are not assembled, so the writer
/// applies it (idempotent on an assembled document).
fn inlines_md(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| {
            let text = typeset(&i.text);
            match (i.bold, i.italic) {
                (true, true) => format!("***{text}***"),
                (true, false) => format!("**{text}**"),
                (false, true) => format!("*{text}*"),
                (false, false) => text,
            }
        })
        .collect()
}

fn cell_md(inlines: &[Inline]) -> String {
    inlines_md(inlines).replace('|', "\\|").replace('\n', " ")
}

pub fn to_markdown(doc: &Document) -> String {
    let mut out = String::new();
    // Markdown has no list numbering for headings: the article labels are written out.
    let labels = doc.article_labels();
    for (block, label) in doc.blocks.iter().zip(labels) {
        match &block.kind {
            BlockKind::Title(text) => out.push_str(&format!("# {}\n\n", typeset(text))),
            BlockKind::Heading { level, text } => out.push_str(&format!(
                "{} {}{}\n\n",
                "#".repeat(usize::from(*level) + 1),
                label.map(|l| format!("{l} ")).unwrap_or_default(),
                typeset(text)
            )),
            BlockKind::Paragraph(inlines) => out.push_str(&format!("{}\n\n", inlines_md(inlines))),
            BlockKind::Note(inlines) => out.push_str(&format!("> {}\n\n", inlines_md(inlines))),
            BlockKind::PageBreak => out.push_str("---\n\n"),
            // The text stands for the picture: the chart's figures are in the tables around it.
            BlockKind::Image { alt, .. } => out.push_str(&format!("*Graphique : {alt}*\n\n")),
            BlockKind::List { ordered, items } => {
                let mut counters = [0usize; 8];
                for item in items {
                    let level = usize::from(item.level).min(7);
                    counters[level] += 1;
                    counters[level + 1..].iter_mut().for_each(|c| *c = 0);
                    let marker = if *ordered {
                        format!("{}.", counters[level])
                    } else {
                        "-".into()
                    };
                    out.push_str(&format!(
                        "{}{marker} {}\n",
                        "  ".repeat(level),
                        inlines_md(&item.content)
                    ));
                }
                out.push('\n');
            }
            BlockKind::Table { header, rows } => {
                let line = |cells: &[Vec<Inline>]| {
                    format!(
                        "| {} |\n",
                        cells
                            .iter()
                            .map(|c| cell_md(c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    )
                };
                out.push_str(&line(header));
                out.push_str(&format!("|{}\n", "---|".repeat(header.len().max(1))));
                for row in rows {
                    out.push_str(&line(row));
                }
                out.push('\n');
            }
        }
    }
    out
}
