//! User text is data, never Markdown. Clause bodies are Markdown templates: whatever a
//! `{{ … }}` prints is written so that the Markdown step shows it exactly as typed, in every
//! template at once, bundled or the organisation's. A template that means to produce Markdown
//! from an expression says so with `|safe`.

use minijinja::{Error, Output, State, Value};
use std::fmt::Write;

/// The minijinja formatter of the clause library. In a body (Markdown), a printed value has
/// its ASCII punctuation backslash-escaped (CommonMark allows it before any of them, and GFM
/// tables accept `\|`), its line breaks turned into spaces (a break would end a table row or
/// start a new block), and the spaces at its ends written as character references (four of
/// them at the start of a line would make a code block, two at the end a line break). In a
/// title (a plain heading), only line breaks become spaces. Safe values pass untouched.
pub fn format_value(out: &mut Output, state: &mut State, value: &Value) -> Result<(), Error> {
    if value.is_safe() {
        return write!(out, "{value}").map_err(Error::from);
    }
    let text = value.to_string();
    let name = state.name();
    let written = if is_markdown(name) {
        markdown_literal(&text)
    } else if name.ends_with("#title") {
        single_line(&text).into_owned()
    } else {
        text
    };
    out.write_str(&written).map_err(Error::from)
}

/// Whether the template `name` writes Markdown: a clause's body, or one of its `rows`
/// (`{key}#row0`…), which the body prints as they are.
fn is_markdown(name: &str) -> bool {
    name.ends_with("#body")
        || name.rsplit_once('#').is_some_and(|(_, part)| {
            part.strip_prefix(super::library::ROW_PART)
                .is_some_and(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// The `paragraphes` filter: a text the buyer wrote in paragraphs (separated by a blank
/// line), printed as Markdown paragraphs, each as typed. For a template that prints a text
/// alone, as its own paragraphs; inline, the formatter joins lines with spaces.
pub fn paragraphs(text: &str) -> Value {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(markdown_literal(&current.join(" ")));
                current.clear();
            }
        } else {
            current.push(line.trim());
        }
    }
    if !current.is_empty() {
        paragraphs.push(markdown_literal(&current.join(" ")));
    }
    Value::from_safe_string(paragraphs.join("\n\n"))
}

/// Line breaks (CR, LF, CRLF: the ones Markdown knows) as single spaces.
fn single_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['\n', '\r']) {
        return text.into();
    }
    text.replace("\r\n", " ").replace(['\r', '\n'], " ").into()
}

/// `text` as Markdown that reads back as exactly `text` (line breaks aside, see
/// `format_value`).
pub fn markdown_literal(text: &str) -> String {
    let text = single_line(text);
    let is_blank = |c: char| c == ' ' || c == '\t';
    let body = text.trim_matches(is_blank);
    let lead = text.len() - text.trim_start_matches(is_blank).len();
    let trail = if body.is_empty() {
        0
    } else {
        text.len() - text.trim_end_matches(is_blank).len()
    };
    let mut out = String::with_capacity(text.len() + text.len() / 8 + 8);
    let reference = |out: &mut String, c: char| {
        let _ = write!(out, "&#{};", c as u32);
    };
    text[..lead].chars().for_each(|c| reference(&mut out, c));
    for c in body.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    text[text.len() - trail..]
        .chars()
        .for_each(|c| reference(&mut out, c));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{markdown_to_blocks, BlockKind, Inline};

    fn read_back(text: &str) -> Vec<BlockKind> {
        markdown_to_blocks(&format!("Avant {} après", markdown_literal(text)), 2)
    }

    #[test]
    fn markdown_syntax_in_user_text_prints_as_typed() {
        for typed in [
            "Lot *étoile* et _souligné_",
            "[lien](javascript:alert(1)) ![img](x.png)",
            "&lt; &eacute; &#x1; & ; &#128512;",
            "# titre 1. liste - puce + plus > citation",
            "`code` <b>html</b> \\ barre | pipe ~~barré~~",
            "    quatre espaces",
            "fin avec espaces  ",
        ] {
            let blocks = read_back(typed);
            assert_eq!(
                blocks,
                vec![BlockKind::Paragraph(vec![Inline::plain(format!(
                    "Avant {typed} après"
                ))])],
                "{typed:?}"
            );
        }
    }

    #[test]
    fn paragraphs_stay_paragraphs_and_their_text_is_kept() {
        let text = paragraphs("Premier *point*\nsuite.\r\n\r\n  Second # point.  \n\n\n");
        let blocks = markdown_to_blocks(text.as_str().unwrap(), 2);
        assert_eq!(
            blocks,
            vec![
                BlockKind::Paragraph(vec![Inline::plain("Premier *point* suite.")]),
                BlockKind::Paragraph(vec![Inline::plain("Second # point.")]),
            ]
        );
    }

    #[test]
    fn bodies_and_rows_are_markdown_titles_cells_and_references_are_not() {
        for name in [
            "rc.allotissement#body",
            "annexe.tableau_lots#row0",
            "x#row12",
        ] {
            assert!(is_markdown(name), "{name}");
        }
        for name in [
            "x#title", "x#row", "x#rowa", "x#col0", "x#ref1", "x#when", "row0",
        ] {
            assert!(!is_markdown(name), "{name}");
        }
    }

    #[test]
    fn line_breaks_become_spaces_and_tables_stay_tables() {
        let cell = markdown_literal("Lot A\nB\r\nC\rD | E");
        let blocks = markdown_to_blocks(&format!("| N° | Titre |\n|---|---|\n| 1 | {cell} |\n"), 2);
        let BlockKind::Table { rows, .. } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][1], vec![Inline::plain("Lot A B C D | E")]);
    }
}
