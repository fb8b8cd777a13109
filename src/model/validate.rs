//! Values that make no sense are refused when the file is read, at their line and column, in
//! French: a NaN, a negative penalty, a percentage over 100, a duration of centuries, a date
//! that does not exist, an exception for a lot the project does not have. Printed, they would
//! give wrong legal text with nothing to warn the buyer.
//!
//! The checks of a single value run inside the RON deserializer (`deserialize_with` on the
//! field), so RON places them; the checks across fields run after, and find their place in
//! the source.

use super::Project;
use crate::util::french_message;
use chrono::{Datelike, NaiveDate};
use serde::de::{Deserialize, Deserializer, Error};

/// Longest contract duration accepted: 50 years. A longer one is a typing mistake (and no
/// public contract of the code lasts that long).
pub const MAX_DURATION_MONTHS: u32 = 600;

/// Launch dates the reference data can mean anything for.
const FIRST_YEAR: i32 = 2000;
const LAST_YEAR: i32 = 2100;

fn percent_value<E: Error>(value: f64, what: &str) -> Result<f64, E> {
    if value.is_finite() && (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(E::custom(french_message(format!(
            "{what} invalide : {} (attendu : un pourcentage entre 0 et 100)",
            shown(value)
        ))))
    }
}

/// A number as the buyer wrote it, NaN and infinities in words.
fn shown(value: f64) -> String {
    if value.is_nan() {
        "NaN (pas un nombre)".into()
    } else if value.is_infinite() {
        "infini".into()
    } else if value != 0.0 && !(1e-4..1e9).contains(&value.abs()) {
        // 1e308 written out would take three hundred digits.
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// A percentage between 0 and 100.
pub fn percent<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    percent_value(f64::deserialize(d)?, "pourcentage")
}

/// An optional percentage between 0 and 100.
pub fn percent_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Option::<f64>::deserialize(d)?
        .map(|v| percent_value(v, "pourcentage"))
        .transpose()
}

/// An integer percentage (a weight) of at most 100.
pub fn weight<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let value = u32::deserialize(d)?;
    if value > 100 {
        return Err(D::Error::custom(french_message(format!(
            "pondération invalide : {value} % (au plus 100 %)"
        ))));
    }
    Ok(value)
}

/// An optional amount in cents that cannot be negative (a penalty).
pub fn penalty_cents<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let value = Option::<i64>::deserialize(d)?;
    if let Some(cents) = value.filter(|c| *c < 0) {
        return Err(D::Error::custom(french_message(format!(
            "pénalité négative : {} (une pénalité est un montant positif, en centimes)",
            crate::fr::format_euros(cents)
        ))));
    }
    Ok(value)
}

/// A duration in months of at most `MAX_DURATION_MONTHS`.
pub fn duration_months<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let value = u32::deserialize(d)?;
    if value > MAX_DURATION_MONTHS {
        return Err(D::Error::custom(french_message(format!(
            "durée invalide : {value} mois (au plus {MAX_DURATION_MONTHS} mois, soit 50 ans)"
        ))));
    }
    Ok(value)
}

/// An optional launch date, written AAAA-MM-JJ, in the years the rules cover.
pub fn launch_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    let Some(text) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        D::Error::custom(french_message(format!(
            "date invalide : {text} (attendu : une date qui existe, écrite AAAA-MM-JJ, par exemple 2026-12-01)"
        )))
    })?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        return Err(D::Error::custom(french_message(format!(
            "date invalide : {text} (Clausier connaît les règles des années {FIRST_YEAR} à {LAST_YEAR})"
        ))));
    }
    Ok(Some(date))
}

/// A problem across fields: what, and a piece of the source that shows where.
#[derive(Debug, Clone, PartialEq)]
pub struct Inconsistency {
    pub message: String,
    /// Byte offset in the source, when found.
    pub offset: Option<usize>,
}

/// Checks that need the whole project: every exception names a lot that exists.
pub fn check_project(project: &Project, source: &str) -> Result<(), Inconsistency> {
    let numbers: Vec<u32> = project.allotment.lots.iter().map(|l| l.number).collect();
    let exceptions_start = source.find("social_exceptions").unwrap_or(0);
    for exception in &project.social_exceptions {
        let Some(lot) = exception.lot else { continue };
        if numbers.contains(&lot) {
            continue;
        }
        let listed = numbers
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Inconsistency {
            message: format!(
                "exception à la condition sociale pour le lot {lot}, qui n'existe pas (lots du projet : {})",
                if listed.is_empty() { "aucun".to_string() } else { listed }
            ),
            offset: find_lot_reference(&source[exceptions_start..], lot)
                .map(|p| p + exceptions_start)
                .or(Some(exceptions_start)),
        });
    }
    Ok(())
}

/// Where `lot: 99` (or `lot: Some(99)`) is written.
fn find_lot_reference(source: &str, lot: u32) -> Option<usize> {
    let number = lot.to_string();
    source.match_indices("lot").find_map(|(i, _)| {
        let rest = source[i + 3..].trim_start().strip_prefix(':')?.trim_start();
        let rest = rest
            .strip_prefix("Some")
            .map(|r| r.trim_start().trim_start_matches('(').trim_start())
            .unwrap_or(rest);
        let after = rest.strip_prefix(number.as_str())?;
        (!after.starts_with(|c: char| c.is_ascii_digit())).then_some(i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_to_a_lot_is_found_in_either_spelling() {
        let source = "social_exceptions: [(lot: Some(12), ground: X), (lot: 99, ground: Y)]";
        assert_eq!(find_lot_reference(source, 99), Some(49));
        assert_eq!(find_lot_reference(source, 12), Some(21));
        assert_eq!(find_lot_reference(source, 1), None);
    }
}
