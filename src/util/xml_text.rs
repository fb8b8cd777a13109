//! Text that XML 1.0 accepts. Word, LibreOffice and every DOCX reader refuse a document whose
//! XML holds a control character, so user text is cleaned when a project is read or edited,
//! and the DOCX writer cleans every text it writes (organisation templates included).

use std::borrow::Cow;

/// The characters XML 1.0 allows: tab, line feed, carriage return and everything from space
/// on, except U+FFFE and U+FFFF (surrogates cannot occur in a Rust string).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// What replaces a character XML refuses: the vertical tab and the form feed that Word and
/// PowerPoint put in copied text (line and page breaks) become a space, so that the words
/// around them stay apart; other control characters are dropped.
fn replacement(c: char) -> Option<char> {
    match c {
        '\u{B}' | '\u{C}' => Some(' '),
        _ => None,
    }
}

/// `text` without the characters XML refuses; borrowed when there are none (the usual case).
pub fn xml_text(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| {
                if is_xml_char(c) {
                    Some(c)
                } else {
                    replacement(c)
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_go_and_word_breaks_become_spaces() {
        assert_eq!(
            xml_text("COLLE\u{b}LIGNE\u{c}PAGE\u{1}FIN"),
            "COLLE LIGNE PAGEFIN"
        );
        assert_eq!(xml_text("a\u{0}b\u{1f}c\u{fffe}\u{ffff}"), "abc");
        assert!(matches!(xml_text("Lot 1\tA\r\nB é 😀"), Cow::Borrowed(_)));
    }
}
