//! Amounts as integer cents, parsed from what French users type and printed the French way.

use std::fmt;

/// Largest amount accepted: 10^13 € — far above any public contract, far below i64 overflow.
const MAX_CENTS: i64 = 1_000_000_000_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    Negative,
    InvalidChar { ch: char, position: usize },
    TooManyDecimals,
    SeveralSeparators,
    TooLarge,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::Empty => write!(f, "le montant est vide"),
            AmountError::Negative => write!(f, "le montant ne peut pas être négatif"),
            AmountError::InvalidChar { ch, position } => write!(
                f,
                "caractère « {ch} » inattendu en position {position} (seuls les chiffres, les espaces et une virgule ou un point décimal sont admis)"
            ),
            AmountError::TooManyDecimals => {
                write!(f, "au plus deux chiffres après la virgule (centimes)")
            }
            AmountError::SeveralSeparators => {
                write!(f, "un seul séparateur décimal est admis (virgule ou point)")
            }
            AmountError::TooLarge => write!(f, "le montant est trop élevé"),
        }
    }
}

impl std::error::Error for AmountError {}

/// Parses `1234567`, `1234567.89`, `1 234 567,89` (ordinary, non-breaking or narrow spaces),
/// with an optional trailing `€`, into cents.
pub fn parse_amount_cents(input: &str) -> Result<i64, AmountError> {
    let trimmed = input.trim().trim_end_matches('€').trim_end();
    if trimmed.is_empty() {
        return Err(AmountError::Empty);
    }
    if trimmed.starts_with('-') {
        return Err(AmountError::Negative);
    }
    if trimmed.chars().filter(|c| matches!(c, ',' | '.')).count() > 1 {
        return Err(AmountError::SeveralSeparators);
    }
    let mut units: i64 = 0;
    let mut decimals: Option<(i64, u32)> = None;
    for (index, ch) in trimmed.chars().enumerate() {
        match ch {
            ' ' | '\u{a0}' | '\u{202f}' | '\'' if decimals.is_none() => {}
            '0'..='9' => {
                let digit = i64::from(ch as u8 - b'0');
                match decimals.as_mut() {
                    None => {
                        units = units
                            .checked_mul(10)
                            .and_then(|u| u.checked_add(digit))
                            .filter(|u| *u <= MAX_CENTS / 100)
                            .ok_or(AmountError::TooLarge)?;
                    }
                    Some((value, count)) => {
                        if *count == 2 {
                            return Err(AmountError::TooManyDecimals);
                        }
                        *value = *value * 10 + digit;
                        *count += 1;
                    }
                }
            }
            ',' | '.' => {
                if decimals.is_some() {
                    return Err(AmountError::SeveralSeparators);
                }
                decimals = Some((0, 0));
            }
            _ => {
                return Err(AmountError::InvalidChar {
                    ch,
                    position: index + 1,
                })
            }
        }
    }
    let cents = match decimals {
        None => 0,
        Some((value, 0)) => value,
        Some((value, 1)) => value * 10,
        Some((value, _)) => value,
    };
    Ok(units * 100 + cents)
}

/// "1 234 567,89 €" with a narrow no-break space between thousands and a no-break space before €.
pub fn format_euros(cents: i64) -> String {
    format!("{}\u{a0}€", format_amount(cents))
}

/// "1 234 567,89" without the currency sign; a whole amount without its « ,00 »
/// ("50 000"), as French administrative texts write it, in the documents and in the window.
pub fn format_amount(cents: i64) -> String {
    let negative = cents < 0;
    let abs = cents.unsigned_abs();
    let units = group_thousands(abs / 100);
    let sign = if negative { "-" } else { "" };
    match abs % 100 {
        0 => format!("{sign}{units}"),
        rest => format!("{sign}{units},{rest:02}"),
    }
}

/// Groups digits by three with U+202F, as French typography wants.
pub fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_three_usual_spellings() {
        assert_eq!(parse_amount_cents("1234567"), Ok(123_456_700));
        assert_eq!(parse_amount_cents("1234567.89"), Ok(123_456_789));
        assert_eq!(parse_amount_cents("1 234 567,89"), Ok(123_456_789));
        assert_eq!(
            parse_amount_cents("1\u{202f}234\u{a0}567,8 €"),
            Ok(123_456_780)
        );
        assert_eq!(parse_amount_cents("60000,00"), Ok(6_000_000));
    }

    #[test]
    fn rejects_what_is_not_an_amount() {
        assert_eq!(parse_amount_cents("  "), Err(AmountError::Empty));
        assert_eq!(parse_amount_cents("-5"), Err(AmountError::Negative));
        assert_eq!(
            parse_amount_cents("1,234,5"),
            Err(AmountError::SeveralSeparators)
        );
        assert_eq!(
            parse_amount_cents("12,345"),
            Err(AmountError::TooManyDecimals)
        );
        assert_eq!(
            parse_amount_cents("12a"),
            Err(AmountError::InvalidChar {
                ch: 'a',
                position: 3
            })
        );
        assert_eq!(
            parse_amount_cents("99999999999999999999"),
            Err(AmountError::TooLarge)
        );
    }

    #[test]
    fn formats_the_french_way() {
        assert_eq!(
            format_euros(123_456_789),
            "1\u{202f}234\u{202f}567,89\u{a0}€"
        );
        assert_eq!(format_euros(5), "0,05\u{a0}€");
        assert_eq!(format_euros(100_000), "1\u{202f}000\u{a0}€");
        assert_eq!(format_euros(99_900), "999\u{a0}€");
        assert_eq!(format_euros(-4_000), "-40\u{a0}€");
        assert_eq!(format_euros(150), "1,50\u{a0}€");
        // What the window shows in a field reads back as the same amount.
        for cents in [0, 5, 150, 99_900, 100_000, 123_456_789] {
            assert_eq!(parse_amount_cents(&format_amount(cents)), Ok(cents));
        }
    }
}
