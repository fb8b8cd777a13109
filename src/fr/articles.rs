//! Articles of the Code de la commande publique as French texts cite them (« L. 2113-13 »).

/// A list of references as written in data files (« L2113-10, R2113-3 »), each article
/// formatted: « L. 2113-10, R. 2113-3 ». Non-article references are kept as written.
pub fn format_references(references: &str) -> String {
    references
        .split(',')
        .map(|r| format_article(r.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "L2113-13" → "L. 2113-13"; "R2123-1 2°" → "R. 2123-1 2°"; other text unchanged. The space
/// after the letter is non-breaking, so that the number never starts a new line.
pub fn format_article(reference: &str) -> String {
    let reference = reference.trim();
    let mut chars = reference.chars();
    match (chars.next(), chars.next()) {
        (Some(letter @ ('L' | 'R' | 'D')), Some(digit)) if digit.is_ascii_digit() => {
            format!("{letter}.\u{a0}{}", &reference[1..])
        }
        _ => reference.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_get_their_point() {
        assert_eq!(format_article("L2113-13"), "L.\u{a0}2113-13");
        assert_eq!(format_article("R2123-1 2°"), "R.\u{a0}2123-1 2°");
        assert_eq!(format_article("CCP annexe 2"), "CCP annexe 2");
        assert_eq!(
            format_references("L2113-10, R2113-3"),
            "L.\u{a0}2113-10, R.\u{a0}2113-3"
        );
    }
}
