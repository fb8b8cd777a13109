//! Words: capitals and the folding used by searches.

/// The text with its first letter in capitals (« erreur » → « Erreur »).
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// Items as a French sentence lists them: « a », « a et b », « a, b et c ».
pub fn enumeration<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} et {}", init.join(", "), last.as_ref())
        }
    }
}

/// A count and its noun, agreed: « 0 erreur », « 1 lot », « 6 lots » (French takes the
/// singular below 2). `plural` is the noun's plural form (« travaux », « avertissements »).
pub fn count_of(count: usize, singular: &str, plural: &str) -> String {
    format!(
        "{} {}",
        super::group_thousands(count as u64),
        if count < 2 { singular } else { plural }
    )
}

/// A decimal quantity and its noun, agreed on the number as written: « 0,25 équivalent temps
/// plein », « 1,9 équivalent », « 2,3 équivalents » (the singular below 2, as for counts).
pub fn quantity_of(value: f64, decimals: usize, singular: &str, plural: &str) -> String {
    let written = super::format_number(value, decimals);
    let shown = super::parse_decimal(&written).unwrap_or(value);
    format!(
        "{written} {}",
        if shown.abs() < 2.0 { singular } else { plural }
    )
}

/// Lower case without diacritics (« Étape » → « etape », « Œuvre » → « oeuvre »), so that a
/// search typed on any keyboard finds French labels.
pub fn fold_for_search(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => folded.push('a'),
            'ç' => folded.push('c'),
            'é' | 'è' | 'ê' | 'ë' => folded.push('e'),
            'î' | 'ï' | 'í' | 'ì' => folded.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => folded.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => folded.push('u'),
            'ÿ' | 'ý' => folded.push('y'),
            'ñ' => folded.push('n'),
            // The window writes the typographic apostrophe; keyboards type the straight one.
            '\u{2019}' => folded.push('\''),
            'œ' => folded.push_str("oe"),
            'æ' => folded.push_str("ae"),
            other => folded.push(other),
        }
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::{capitalized, fold_for_search};

    #[test]
    fn accents_and_case_are_folded() {
        assert_eq!(fold_for_search("Étape Œuvre Ça"), "etape oeuvre ca");
        assert_eq!(fold_for_search("PRÉSENTER"), "presenter");
        assert_eq!(capitalized("l'acheteur"), "L'acheteur");
        assert_eq!(capitalized(""), "");
    }
}

#[cfg(test)]
mod count_tests {
    use super::{count_of, quantity_of};

    #[test]
    fn quantities_agree_with_the_number_as_written() {
        let etp = |v| quantity_of(v, 1, "équivalent temps plein", "équivalents temps plein");
        assert_eq!(etp(0.24), "0,2 équivalent temps plein");
        assert_eq!(etp(1.94), "1,9 équivalent temps plein");
        assert_eq!(etp(1.96), "2 équivalents temps plein");
        assert_eq!(etp(2.3), "2,3 équivalents temps plein");
    }

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(count_of(0, "erreur", "erreurs"), "0 erreur");
        assert_eq!(count_of(1, "lot", "lots"), "1 lot");
        assert_eq!(count_of(6, "lot", "lots"), "6 lots");
        assert_eq!(count_of(1200, "heure", "heures"), "1\u{202f}200 heures");
    }
}
