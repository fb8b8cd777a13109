//! French spacing for the trainer's texts, which are typed with ordinary spaces: a line must
//! never start with « : », « % » or « » », nor split a number (review P9, « 15 / % » in the
//! handout). Applied to what the handouts, the slides and the quiz sheet print.

/// No-break space before « : », « % », « € », « » » and after « « »; narrow no-break space
/// before « ; », « ? », « ! » and between the digit groups of a number (« 1 600 000 »).
/// Idempotent: text that is already right stays as it is.
pub fn french_spaces(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if c != ' ' {
            out.push(c);
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let replacement = match (before, after) {
            (_, Some(':' | '%' | '€' | '»')) => '\u{a0}',
            (Some('«'), _) => '\u{a0}',
            (_, Some(';' | '?' | '!')) => '\u{202f}',
            (Some(d), Some(_)) if d.is_ascii_digit() && starts_digit_group(&chars[i + 1..]) => {
                '\u{202f}'
            }
            _ => ' ',
        };
        out.push(replacement);
    }
    out
}

/// Three digits and then no further digit: the next group of a number such as « 1 600 000 ».
fn starts_digit_group(rest: &[char]) -> bool {
    rest.len() >= 3
        && rest[..3].iter().all(char::is_ascii_digit)
        && rest.get(3).is_none_or(|c| !c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::french_spaces;

    #[test]
    fn punctuation_and_numbers_keep_to_their_word() {
        assert_eq!(
            french_spaces("« Vrai » : pondéré à 15 % ; 1 600 000 € ? Lot 2 et 459 heures"),
            "«\u{a0}Vrai\u{a0}»\u{a0}: pondéré à 15\u{a0}%\u{202f}; 1\u{202f}600\u{202f}000\u{a0}€\u{202f}? Lot 2 et 459 heures"
        );
        let once = french_spaces("Lot 4 : 230 000 € × 70 %");
        assert_eq!(french_spaces(&once), once);
    }

    #[test]
    fn a_year_after_a_number_is_not_glued_to_it() {
        // « en 2026 2 lots » cannot be told apart from a number; « 12 2026 » is no group.
        assert_eq!(french_spaces("du 21 août 2026"), "du 21 août 2026");
        assert_eq!(french_spaces("lots 1 2026"), "lots 1 2026");
    }
}
