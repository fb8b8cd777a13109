//! French formatting filters available to clause templates.

use crate::model::{format_euros, money::group_thousands};
use chrono::{Datelike, NaiveDate};
use minijinja::{Error, ErrorKind, Value};

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// "1er décembre 2026", "15 mars 2027".
pub fn date_longue(date: NaiveDate) -> String {
    let day = if date.day() == 1 {
        "1er".to_string()
    } else {
        date.day().to_string()
    };
    format!("{day} {} {}", MONTHS[date.month0() as usize], date.year())
}

/// "L2113-13" → "L. 2113-13"; "R2123-1 2°" → "R. 2123-1 2°"; other text unchanged. The space
/// after the letter is non-breaking, so that the number never starts a new line.
/// A list of references as written in data files (« L2113-10, R2113-3 »), each article
/// formatted: « L. 2113-10, R. 2113-3 ». Non-article references are kept as written.
pub fn format_references(references: &str) -> String {
    references
        .split(',')
        .map(|r| format_article(r.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

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

fn as_f64(value: &Value, filter: &str) -> Result<f64, Error> {
    f64::try_from(value.clone()).map_err(|_| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("le filtre {filter} attend un nombre, reçu {value}"),
        )
    })
}

pub(crate) fn register(env: &mut minijinja::Environment<'static>) {
    env.add_filter("euros", |v: Value| -> Result<String, Error> {
        Ok(format_euros(as_f64(&v, "euros")?.round() as i64))
    });
    env.add_filter("heures", |v: Value| -> Result<String, Error> {
        Ok(format_hours(as_f64(&v, "heures")?.round().max(0.0) as u64))
    });
    env.add_filter(
        "nombre",
        |v: Value, decimals: Option<usize>| -> Result<String, Error> {
            Ok(format_number(as_f64(&v, "nombre")?, decimals.unwrap_or(2)))
        },
    );
    env.add_filter("pourcent", |v: Value| -> Result<String, Error> {
        Ok(format!(
            "{}\u{a0}%",
            format_number(as_f64(&v, "pourcent")?, 2)
        ))
    });
    env.add_filter("article", |v: String| format_article(&v));
    env.add_filter("date_longue", |v: String| -> Result<String, Error> {
        NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .map(date_longue)
            .map_err(|_| {
                Error::new(
                    ErrorKind::InvalidOperation,
                    format!("date invalide « {v} »"),
                )
            })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_use_premier_for_the_first_day() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(date_longue(d(2026, 12, 1)), "1er décembre 2026");
        assert_eq!(date_longue(d(2027, 3, 15)), "15 mars 2027");
        assert_eq!(date_longue(d(2026, 8, 21)), "21 août 2026");
    }

    #[test]
    fn articles_get_their_point() {
        assert_eq!(format_article("L2113-13"), "L.\u{a0}2113-13");
        assert_eq!(format_article("R2123-1 2°"), "R.\u{a0}2123-1 2°");
        assert_eq!(format_article("CCP annexe 2"), "CCP annexe 2");
    }

    #[test]
    fn numbers_and_hours_read_the_french_way() {
        assert_eq!(format_number(2.5, 2), "2,5");
        assert_eq!(format_number(1234.0, 2), "1\u{202f}234");
        assert_eq!(format_number(0.4, 2), "0,4");
        assert_eq!(format_number(-0.001, 2), "0");
        assert_eq!(format_hours(1), "1\u{a0}heure");
        assert_eq!(format_hours(1920), "1\u{202f}920\u{a0}heures");
    }
}
