//! Rendered clause bodies are Markdown; this turns them into document blocks.

use super::{BlockKind, Inline, ListItem};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

#[derive(Default)]
struct Builder {
    blocks: Vec<BlockKind>,
    inlines: Vec<Inline>,
    bold: u32,
    italic: u32,
    /// Open lists: ordered flag and the items gathered so far.
    lists: Vec<(bool, Vec<ListItem>)>,
    heading: Option<u8>,
    table: Option<TableBuilder>,
}

#[derive(Default)]
struct TableBuilder {
    header: Vec<Vec<Inline>>,
    rows: Vec<Vec<Vec<Inline>>>,
    in_header: bool,
    row: Vec<Vec<Inline>>,
}

/// French typography the templates need not care about: an article number never starts a
/// line away from its letter ("L. 2113-13"), nor a number from "n°". Done in place: most
/// texts have nothing to bind.
pub fn bind_references(text: &mut String) {
    // Runs on every piece of text of the section: only the spaces before a digit are
    // examined.
    let mut binds = Vec::new();
    let bytes = text.as_bytes();
    for i in 0..bytes.len().saturating_sub(1) {
        if bytes[i] != b' ' || !bytes[i + 1].is_ascii_digit() {
            continue;
        }
        let mut before = text[..i].chars().rev();
        let bind = match before.next() {
            Some('°') => true,
            Some('.') => {
                matches!(before.next(), Some('L' | 'R' | 'D'))
                    && before.next().is_none_or(|c| !c.is_alphanumeric())
            }
            _ => false,
        };
        if bind {
            binds.push(i);
        }
    }
    // From the end, so that the positions before each replacement stay valid.
    for &i in binds.iter().rev() {
        text.replace_range(i..i + 1, "\u{a0}");
    }
}

impl Builder {
    fn text(&mut self, text: &str) {
        let (bold, italic) = (self.bold > 0, self.italic > 0);
        match self.inlines.last_mut() {
            Some(last) if last.bold == bold && last.italic == italic => last.text.push_str(text),
            _ => self.inlines.push(Inline {
                text: text.to_string(),
                bold,
                italic,
            }),
        }
    }

    /// The run of text gathered so far, typography applied to each whole run: the parser
    /// splits text at every escaped character, so `L\. 2113` arrives in three pieces.
    fn take_inlines(&mut self) -> Vec<Inline> {
        let mut inlines = std::mem::take(&mut self.inlines);
        for inline in &mut inlines {
            bind_references(&mut inline.text);
        }
        if let Some(first) = inlines.first_mut() {
            let blank = first.text.len() - first.text.trim_start().len();
            first.text.drain(..blank);
        }
        if let Some(last) = inlines.last_mut() {
            last.text.truncate(last.text.trim_end().len());
        }
        inlines.retain(|i| !i.text.is_empty());
        inlines
    }

    /// Ends the current run of text: as a list item when inside a list, else a paragraph.
    fn flush_paragraph(&mut self) {
        let inlines = self.take_inlines();
        if inlines.is_empty() {
            return;
        }
        let depth = self.lists.len();
        if let Some((_, items)) = self.lists.last_mut() {
            items.push(ListItem {
                level: (depth - 1) as u8,
                content: inlines,
            });
        } else {
            self.blocks.push(BlockKind::Paragraph(inlines));
        }
    }
}

/// Parses Markdown (paragraphs, emphasis, lists, tables, headings) into blocks. Nested lists
/// are flattened into one list whose items carry their depth. `heading_offset` shifts
/// Markdown heading levels so that `#` inside a clause sits below the clause's own heading.
pub fn markdown_to_blocks(markdown: &str, heading_offset: u8) -> Vec<BlockKind> {
    let mut b = Builder::default();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => {
                if b.lists.is_empty() {
                    b.flush_paragraph();
                } else {
                    // A loose list item: keep text together, separated by a space.
                    b.text(" ");
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                b.flush_paragraph();
                b.heading = Some(level as u8 + heading_offset);
            }
            Event::End(TagEnd::Heading(_)) => {
                let text = super::inline_text(&b.take_inlines());
                if let Some(level) = b.heading.take() {
                    if !text.is_empty() {
                        b.blocks.push(BlockKind::Heading {
                            level: level.min(6),
                            text,
                        });
                    }
                }
            }
            Event::Start(Tag::List(first)) => {
                b.flush_paragraph();
                b.lists.push((first.is_some(), Vec::new()));
            }
            Event::End(TagEnd::List(_)) => {
                b.flush_paragraph();
                if let Some((ordered, items)) = b.lists.pop() {
                    match b.lists.last_mut() {
                        Some((_, parent)) => parent.extend(items),
                        None if !items.is_empty() => {
                            b.blocks.push(BlockKind::List { ordered, items });
                        }
                        None => {}
                    }
                }
            }
            Event::Start(Tag::Item) => b.flush_paragraph(),
            Event::End(TagEnd::Item) => b.flush_paragraph(),
            Event::Start(Tag::Strong) => b.bold += 1,
            Event::End(TagEnd::Strong) => b.bold = b.bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => b.italic += 1,
            Event::End(TagEnd::Emphasis) => b.italic = b.italic.saturating_sub(1),
            Event::Start(Tag::Table(_)) => {
                b.flush_paragraph();
                b.table = Some(TableBuilder::default());
            }
            Event::Start(Tag::TableHead) => {
                if let Some(t) = b.table.as_mut() {
                    t.in_header = true;
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = b.table.as_mut() {
                    t.header = std::mem::take(&mut t.row);
                    t.in_header = false;
                }
            }
            Event::Start(Tag::TableRow) => {}
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = b.table.as_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            Event::Start(Tag::TableCell) => {}
            Event::End(TagEnd::TableCell) => {
                let cell = b.take_inlines();
                if let Some(t) = b.table.as_mut() {
                    t.row.push(cell);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = b.table.take() {
                    b.blocks.push(BlockKind::Table {
                        header: t.header,
                        rows: t.rows,
                    });
                }
            }
            Event::Text(text) | Event::Code(text) => b.text(&text),
            Event::SoftBreak => b.text(" "),
            Event::HardBreak => b.text("\n"),
            Event::Html(html) | Event::InlineHtml(html) => b.text(&html),
            Event::Rule => b.flush_paragraph(),
            _ => {}
        }
    }
    b.flush_paragraph();
    b.blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> BlockKind {
        BlockKind::Paragraph(vec![Inline::plain(text)])
    }

    #[test]
    fn paragraphs_emphasis_and_lists() {
        let blocks = markdown_to_blocks(
            "Le titulaire **doit** réaliser\nles heures.\n\n- un\n- deux\n  - trois\n",
            2,
        );
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            blocks[0],
            BlockKind::Paragraph(vec![
                Inline::plain("Le titulaire "),
                Inline::bold("doit"),
                Inline::plain(" réaliser les heures."),
            ])
        );
        let BlockKind::List { ordered, items } = &blocks[1] else {
            panic!("{:?}", blocks[1])
        };
        assert!(!ordered);
        let levels: Vec<u8> = items.iter().map(|i| i.level).collect();
        assert_eq!(levels, vec![0, 0, 1]);
        assert_eq!(super::super::inline_text(&items[2].content), "trois");
    }

    #[test]
    fn tables_keep_header_and_rows() {
        let blocks = markdown_to_blocks(
            "| Lot | Heures |\n|---|---|\n| 1 | 306 |\n| 2 | 120 |\n\nFin.",
            2,
        );
        let BlockKind::Table { header, rows } = &blocks[0] else {
            panic!()
        };
        assert_eq!(header.len(), 2);
        assert_eq!(rows.len(), 2);
        assert_eq!(super::super::inline_text(&rows[1][1]), "120");
        assert_eq!(blocks[1], para("Fin."));
    }

    #[test]
    fn article_numbers_stay_with_their_letter() {
        let bind_references = |text: &str| {
            let mut text = text.to_string();
            super::bind_references(&mut text);
            text
        };
        assert_eq!(
            bind_references("article L. 2113-13 et R. 2123-1"),
            "article L.\u{a0}2113-13 et R.\u{a0}2123-1"
        );
        assert_eq!(
            bind_references("décret n° 2025-1386"),
            "décret n°\u{a0}2025-1386"
        );
        assert_eq!(bind_references("AL. 5 et L. x"), "AL. 5 et L. x");
    }

    #[test]
    fn headings_are_shifted_below_the_clause_heading() {
        let blocks = markdown_to_blocks("# Sous-titre\n\nTexte", 2);
        assert_eq!(
            blocks[0],
            BlockKind::Heading {
                level: 3,
                text: "Sous-titre".into()
            }
        );
    }
}
