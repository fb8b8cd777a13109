//! Numbers, hours and percentages written the French way: decimal comma, thousands grouped by
//! a narrow no-break space, a no-break space before the unit.

use super::group_thousands;

/// A decimal number the French way, at most `decimals` digits, trailing zeros dropped:
/// 2.50 → "2,5", 1234.0 → "1 234".
pub fn format_number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (int_part, frac_part) = text.split_once('.').unwrap_or((&text, ""));
    let frac = frac_part.trim_end_matches('0');
    let int: u64 = int_part.parse().unwrap_or(0);
    let sign = if value < 0.0 && (int > 0 || !frac.is_empty()) {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{}", group_thousands(int))
    } else {
        format!("{sign}{},{frac}", group_thousands(int))
    }
}

/// "1 heure", "1 234 heures".
pub fn format_hours(hours: u64) -> String {
    if hours <= 1 {
        format!("{hours}\u{a0}heure")
    } else {
        format!("{}\u{a0}heures", group_thousands(hours))
    }
}

/// A percentage: « 7,5 % », with a no-break space before the sign.
pub fn format_percent(value: f64) -> String {
    format!("{}\u{a0}%", format_number(value, 2))
}

/// What users type for a rate or a share: « 7,5 », « 7.5 », « 10 % »; positive and finite.
pub fn parse_decimal(text: &str) -> Result<f64, String> {
    let cleaned: String = text
        .trim()
        .trim_end_matches('%')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect();
    cleaned
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| "nombre positif attendu, par exemple 7,5".to_string())
}

/// A whole number of months, lots, hours…
pub fn parse_whole(text: &str) -> Result<u32, String> {
    text.trim()
        .parse::<u32>()
        .map_err(|_| "nombre entier positif attendu".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numbers_and_hours_read_the_french_way() {
        assert_eq!(format_number(2.5, 2), "2,5");
        assert_eq!(format_number(1234.0, 2), "1\u{202f}234");
        assert_eq!(format_number(0.4, 2), "0,4");
        assert_eq!(format_number(-0.001, 2), "0");
        assert_eq!(format_hours(1), "1\u{a0}heure");
        assert_eq!(format_hours(1920), "1\u{202f}920\u{a0}heures");
        assert_eq!(format_percent(7.5), "7,5\u{a0}%");
    }

    #[test]
    fn decimals_accept_commas_and_percent_signs() {
        assert_eq!(parse_decimal("7,5"), Ok(7.5));
        assert_eq!(parse_decimal(" 10 %"), Ok(10.0));
        assert_eq!(parse_decimal("1 234,5"), Ok(1234.5));
        assert!(parse_decimal("abc").is_err());
        assert!(parse_decimal("-1").is_err());
        assert!(parse_decimal("NaN").is_err());
        assert_eq!(parse_whole(" 12 "), Ok(12));
        assert!(parse_whole("1,5").is_err());
    }

    proptest! {
        /// What Clausier prints, it reads back (to the two decimals it prints).
        #[test]
        fn a_printed_decimal_reads_back(value in 0.0f64..1e9) {
            let read = parse_decimal(&format_number(value, 2)).unwrap();
            prop_assert!((read - value).abs() <= 0.005 + value * 1e-12);
        }

        #[test]
        fn a_printed_whole_number_reads_back(value: u32) {
            prop_assert_eq!(parse_whole(&value.to_string()), Ok(value));
        }

        /// Whatever is typed, the parsers answer a value or a French message, never a panic,
        /// and never a value that is not finite and positive.
        #[test]
        fn any_text_gives_a_value_or_a_message(text in any::<String>()) {
            match parse_decimal(&text) {
                Ok(v) => prop_assert!(v.is_finite() && v >= 0.0),
                Err(e) => prop_assert!(!e.is_empty()),
            }
            let _ = parse_whole(&text);
            let _ = super::super::parse_amount_cents(&text);
            let _ = super::super::dates::parse_date(&text);
        }
    }
}
