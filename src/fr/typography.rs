//! French typography of running text, applied once to whatever a document says (clause
//! bodies, frame texts, the buyer's own input), so that templates and code can be written
//! with ordinary spaces and straight apostrophes.
//!
//! What it does, and why:
//! - straight apostrophe → typographic one (U+2019), consistently;
//! - a space before « ; ! ? » and inside « » becomes a narrow no-break space (U+202F), a
//!   space before « : » a no-break space (U+00A0): the sign never starts a line;
//! - a space between a number and « % » or « € » becomes no-break (narrow before %);
//! - digits grouped by ordinary spaces (« 50 000 ») are joined by narrow no-break spaces, so
//!   that a number is never split across lines;
//! - whole amounts lose their « ,00 » (« 50 000,00 € » → « 50 000 € »).
//!
//! It only ever replaces a space by a no-break one, an apostrophe by its typographic form, or
//! drops « ,00 » before « € »: running it twice gives the same text.
//!
//! Texts also shown in the window (quiz, trainer notes) are written with U+00A0 before every
//! sign, because egui breaks lines at U+202F; here such a space becomes the narrow one where the
//! documents use it, so that they read the same whatever the source.

const NBSP: char = '\u{a0}';
const NNBSP: char = '\u{202f}';

fn is_space(c: char) -> bool {
    c == ' ' || c == NBSP || c == NNBSP
}

/// The text with French typography (see the module's notes).
pub fn typeset(text: &str) -> String {
    typeset_from(text, next_candidate)
}

/// `typeset`, `candidate` giving the next place where a character may change.
fn typeset_from(text: &str, candidate: fn(&str, usize) -> Option<usize>) -> String {
    // Fast path: most table cells and short texts need nothing.
    if !text.contains(['\'', ' ', NBSP, ',', '«', '»', '%', '€']) {
        return text.to_string();
    }
    // Worked on the text itself, looking ahead in the rest of the text and behind in what is
    // already written (the assembly typesets every block it makes). Only apostrophes, spaces
    // and commas may change: the text between them is copied as whole slices.
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut i = 0;
    while let Some(at) = candidate(text, i) {
        out.push_str(&text[i..at]);
        i = at;
        let c = text[i..].chars().next().unwrap_or(' ');
        let after = &text[i + c.len_utf8()..];
        let next = after.chars().next();
        match c {
            '\'' => out.push('\u{2019}'),
            NBSP if matches!(next, Some(';' | '!' | '?' | '»')) || out.ends_with('«') => {
                out.push(NNBSP);
            }
            ' ' => {
                let prev = out.chars().next_back();
                let replacement = match next {
                    // Inside « » first: a no-break space written there is read back as one
                    // (the rule above), whatever follows.
                    _ if prev == Some('«') => Some(NNBSP),
                    Some(';' | '!' | '?' | '»') => Some(NNBSP),
                    Some(':') => Some(NBSP),
                    Some('%') if prev.is_some_and(|p| p.is_ascii_digit()) => Some(NNBSP),
                    Some('€') => Some(NBSP),
                    Some(d) if d.is_ascii_digit() && thousands_group_follows(after, &out) => {
                        Some(NNBSP)
                    }
                    _ => None,
                };
                out.push(replacement.unwrap_or(' '));
            }
            ',' if ends_with_zero_cents(after, &out) => {
                // « ,00 » (three bytes) is dropped; the space before € is written by the next
                // turn.
                i += 3;
                continue;
            }
            _ => out.push(c),
        }
        i += c.len_utf8();
    }
    out.push_str(&text[i..]);
    out
}

/// Where, from byte `from`, the next character that `typeset` may change is: an apostrophe,
/// a comma, or a space (plain or no-break) with one of the characters around it that the
/// rules look at. The other spaces stay as they are and are copied with the text around
/// them. ASCII bytes never occur inside a multi-byte character, so bytes are compared.
fn next_candidate(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let after_quote = |at: usize| text[..at].ends_with('«');
    let mut j = from;
    while j < bytes.len() {
        match bytes[j] {
            b'\'' | b',' => return Some(j),
            b' ' => {
                let next = text[j + 1..].chars().next();
                let may_change = matches!(next, Some(';' | '!' | '?' | '»' | ':' | '%' | '€'))
                    || next.is_some_and(|c| c.is_ascii_digit())
                    || after_quote(j);
                if may_change {
                    return Some(j);
                }
            }
            // U+00A0, NBSP, in UTF-8.
            0xC2 if bytes.get(j + 1) == Some(&0xA0) => {
                let next = text[j + 2..].chars().next();
                if matches!(next, Some(';' | '!' | '?' | '»')) || after_quote(j) {
                    return Some(j);
                }
                j += 2;
                continue;
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// A space followed by `after` sits between digits of one number, `out` being the text before
/// it: one to three digits before it (and no letter or digit before those), exactly three
/// digits after it, and no further digit after.
fn thousands_group_follows(after: &str, out: &str) -> bool {
    let mut ahead = after.chars();
    let three = (0..3).all(|_| ahead.next().is_some_and(|c| c.is_ascii_digit()));
    let then_not_digit = ahead.next().is_none_or(|c| !c.is_ascii_digit());
    if !(three && then_not_digit) {
        return false;
    }
    let digits_before = out.chars().rev().take_while(char::is_ascii_digit).count();
    if digits_before == 0 {
        return false;
    }
    // « 1 234 567 »: the digits before may themselves follow a group separator. Digits are
    // one byte each.
    let starts_clean = out[..out.len() - digits_before]
        .chars()
        .next_back()
        .is_none_or(|p| !(p.is_alphanumeric() || matches!(p, ',' | '.' | '-')));
    (1..=3).contains(&digits_before) && starts_clean
}

/// A `,` followed by `after` starts « ,00 » followed by a space and « € », after a digit.
fn ends_with_zero_cents(after: &str, out: &str) -> bool {
    let mut ahead = after.chars();
    out.chars().next_back().is_some_and(|c| c.is_ascii_digit())
        && ahead.next() == Some('0')
        && ahead.next() == Some('0')
        && ahead.next().is_some_and(is_space)
        && ahead.next() == Some('€')
}

#[cfg(test)]
mod tests {
    use super::typeset;
    use proptest::prelude::*;

    proptest! {
        // No regression file in the source tree: a failure prints its minimal text.
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever the text (here made of the characters the rules look at), typesetting
        /// twice gives the same text, and only spaces, apostrophes and « ,00 » change.
        #[test]
        fn typesetting_is_idempotent_and_keeps_the_words(
            text in "[0-9a ,'%€:;!?«»\u{a0}\u{202f}-]{0,40}"
        ) {
            let once = typeset(&text);
            prop_assert_eq!(typeset(&once), once.clone());
            let kept = |t: &str| -> String {
                t.replace(",00", "")
                    .chars()
                    .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '\u{2019}'))
                    .collect()
            };
            prop_assert_eq!(kept(&once), kept(&text));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        /// The spaces the scan skips are spaces no rule would change: looking at every space,
        /// apostrophe and comma gives the same text.
        #[test]
        fn skipping_the_plain_spaces_changes_nothing(
            text in "[0-9a ,'%€:;!?«»\u{a0}\u{202f}-]{0,40}"
        ) {
            let every = |text: &str, from: usize| {
                text[from..].find(['\'', ' ', super::NBSP, ',']).map(|at| from + at)
            };
            prop_assert_eq!(typeset(&text), super::typeset_from(&text, every));
        }
    }

    #[test]
    fn punctuation_gets_no_break_spaces() {
        assert_eq!(
            typeset("Objet : les lots ; vraiment ? oui !"),
            "Objet\u{a0}: les lots\u{202f}; vraiment\u{202f}? oui\u{202f}!"
        );
        assert_eq!(
            typeset("ci-après « le facilitateur »"),
            "ci-après «\u{202f}le facilitateur\u{202f}»"
        );
    }

    #[test]
    fn the_windows_no_break_spaces_become_narrow_where_documents_use_narrow_ones() {
        assert_eq!(
            typeset("Objet\u{a0}: oui\u{a0}; «\u{a0}non\u{a0}» ?"),
            "Objet\u{a0}: oui\u{202f}; «\u{202f}non\u{202f}»\u{202f}?"
        );
    }

    #[test]
    fn apostrophes_are_typographic() {
        assert_eq!(typeset("l'acheteur d'un lot"), "l’acheteur d’un lot");
    }

    #[test]
    fn numbers_and_units_stay_together() {
        assert_eq!(typeset("50 000 € HT"), "50\u{202f}000\u{a0}€ HT");
        assert_eq!(typeset("pondéré à 15 %"), "pondéré à 15\u{202f}%");
        assert_eq!(
            typeset("1 234 567 heures"),
            "1\u{202f}234\u{202f}567 heures"
        );
        assert_eq!(typeset("1 002 heures"), "1\u{202f}002 heures");
    }

    #[test]
    fn unrelated_numbers_are_not_joined() {
        // Lot numbers and counts next to each other are not one number.
        assert_eq!(typeset("lots 1, 2 et 3"), "lots 1, 2 et 3");
        assert_eq!(typeset("les 12 mois"), "les 12 mois");
        assert_eq!(typeset("lot 12 3456"), "lot 12 3456");
        assert_eq!(typeset("L. 2113-13 123"), "L. 2113-13 123");
    }

    #[test]
    fn whole_amounts_lose_their_cents() {
        assert_eq!(
            typeset("5\u{202f}404\u{202f}000,00\u{a0}€ HT"),
            "5\u{202f}404\u{202f}000\u{a0}€ HT"
        );
        assert_eq!(typeset("45,00 € par heure"), "45\u{a0}€ par heure");
        assert_eq!(typeset("45,50\u{a0}€"), "45,50\u{a0}€");
        assert_eq!(typeset("taux de 0,00 %"), "taux de 0,00\u{202f}%");
    }

    #[test]
    fn running_it_twice_changes_nothing() {
        for text in [
            "Objet : « 50 000,00 € » ; l'acheteur ? 15 %",
            "1 234 567 heures, lots 1, 2 et 3",
        ] {
            let once = typeset(text);
            assert_eq!(typeset(&once), once);
        }
    }
}
