//! French formatting filters available to clause templates: thin wrappers around `crate::fr`.
use crate::fr::{date_longue, format_article, format_euros, format_hours, format_number};
use chrono::NaiveDate;
use minijinja::{Error, ErrorKind, Value};

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
