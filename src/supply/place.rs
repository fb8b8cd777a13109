//! Which département a structure or a contract is in, from what files and buyers write:
//! a département code or name, an Insee commune code, or a postcode.

use super::reference::SupplyReference;

/// « 1 », « 01 », « 2a », « 971 », « Ain », « Ain (01) », « 01 - Ain » → the official code,
/// when it is one of the bundled départements.
pub fn from_departement(text: &str, data: &SupplyReference) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let candidate = if let Some(inner) = text
        .rsplit_once('(')
        .and_then(|(_, rest)| rest.split(')').next())
    {
        inner.trim().to_string()
    } else {
        let head: String = text
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        head
    };
    let code = canonical_code(&candidate)
        .or_else(|| data.departement_by_name(text).map(str::to_string))?;
    data.departement(&code).map(|d| d.code.clone())
}

/// « 1 » → « 01 », « 2a » → « 2A », « 974 » stays; anything else None.
fn canonical_code(text: &str) -> Option<String> {
    let upper = text.trim().to_ascii_uppercase();
    match upper.as_str() {
        "2A" | "2B" => Some(upper),
        t if t.chars().all(|c| c.is_ascii_digit()) => match t.len() {
            1 => Some(format!("0{t}")),
            2 | 3 => Some(t.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// An Insee commune code (« 69123 », « 2A004 », « 97105 »; « 1053 » when a spreadsheet
/// dropped the leading zero).
pub fn from_commune(code: &str, data: &SupplyReference) -> Option<String> {
    let code = code.trim().to_ascii_uppercase();
    let code = if code.len() == 4 && code.chars().all(|c| c.is_ascii_digit()) {
        format!("0{code}")
    } else {
        code
    };
    if code.len() != 5 || !code.is_ascii() {
        return None;
    }
    let dep = if code.starts_with("97") {
        &code[..3]
    } else {
        &code[..2]
    };
    data.departement(dep).map(|d| d.code.clone())
}

/// A postcode (« 69003 »; « 1000 » without its zero). Corsica's postcodes start with 20:
/// 200xx and 201xx are Corse-du-Sud, the others Haute-Corse.
pub fn from_postcode(code: &str, data: &SupplyReference) -> Option<String> {
    let digits: String = code.trim().chars().filter(|c| !c.is_whitespace()).collect();
    let digits = if digits.len() == 4 {
        format!("0{digits}")
    } else {
        digits
    };
    if digits.len() != 5 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let dep = match &digits[..2] {
        "20" => {
            if digits[2..3] < *"2" {
                "2A".to_string()
            } else {
                "2B".to_string()
            }
        }
        "97" => digits[..3].to_string(),
        other => other.to_string(),
    };
    data.departement(&dep).map(|d| d.code.clone())
}

/// The département a free-text place of performance names: a postcode in it, or a
/// département written « (69) » or by its name. None when nothing is certain.
pub fn from_place(place: &str, data: &SupplyReference) -> Option<String> {
    let chars: Vec<char> = place.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 5 {
                let code: String = chars[start..i].iter().collect();
                if let Some(dep) = from_postcode(&code, data) {
                    return Some(dep);
                }
            }
        } else {
            i += 1;
        }
    }
    if let Some(inner) = place
        .rsplit_once('(')
        .and_then(|(_, rest)| rest.split(')').next())
    {
        if let Some(dep) = canonical_code(inner).and_then(|c| data.departement(&c)) {
            return Some(dep.code.clone());
        }
    }
    data.departements
        .departements
        .iter()
        // Short names are also common words (« Lot », « Nord », « Var »): only longer ones,
        // written with their capitals, are taken as a département.
        .filter(|d| d.name.chars().count() >= 5 && contains_word(place, &d.name))
        // « Haute-Loire » also contains « Loire »: the longest name wins.
        .max_by_key(|d| d.name.len())
        .map(|d| d.code.clone())
}

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '-');
        boundary(before) && boundary(after)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> &'static SupplyReference {
        SupplyReference::bundled()
    }

    #[test]
    fn departement_codes_and_names_are_read_as_people_write_them() {
        for (text, code) in [
            ("1", "01"),
            ("01", "01"),
            ("2a", "2A"),
            ("974", "974"),
            ("Rhône", "69"),
            ("Ain (01)", "01"),
            ("01 - Ain", "01"),
            ("  Bouches-du-Rhône ", "13"),
        ] {
            assert_eq!(
                from_departement(text, data()).as_deref(),
                Some(code),
                "{text}"
            );
        }
        for text in ["", "20", "99", "975", "Bretagne"] {
            assert_eq!(from_departement(text, data()), None, "{text}");
        }
    }

    #[test]
    fn communes_and_postcodes_give_their_departement() {
        assert_eq!(from_commune("69123", data()).as_deref(), Some("69"));
        assert_eq!(from_commune("2B033", data()).as_deref(), Some("2B"));
        assert_eq!(from_commune("97411", data()).as_deref(), Some("974"));
        assert_eq!(from_commune("1053", data()).as_deref(), Some("01"));
        assert_eq!(from_commune("é6912", data()), None);
        assert_eq!(from_postcode("20000", data()).as_deref(), Some("2A"));
        assert_eq!(from_postcode("20200", data()).as_deref(), Some("2B"));
        assert_eq!(from_postcode("97600", data()).as_deref(), Some("976"));
        assert_eq!(from_postcode("1000", data()).as_deref(), Some("01"));
        assert_eq!(from_postcode("98000", data()), None);
    }

    #[test]
    fn a_place_names_its_departement_by_postcode_code_or_name() {
        assert_eq!(
            from_place("Groupe scolaire, 12 rue des Lilas, 69003 Lyon", data()).as_deref(),
            Some("69")
        );
        assert_eq!(from_place("Valence (26)", data()).as_deref(), Some("26"));
        assert_eq!(
            from_place("Sites du département de la Haute-Loire", data()).as_deref(),
            Some("43")
        );
        assert_eq!(
            from_place("Quartier des Tilleuls, Villeneuve-sur-Sèvre", data()),
            None
        );
        assert_eq!(
            from_place("Secteur nord, lot 3 (22 communes)", data()),
            None
        );
    }
}
