//! Dates written and read the French way.

use chrono::{Datelike, NaiveDate};

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

/// A date typed « JJ/MM/AAAA » (or « AAAA-MM-JJ »).
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .map_err(|_| "date attendue au format JJ/MM/AAAA".to_string())
}

/// « 01/12/2026 ».
pub fn date_courte(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
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
    fn dates_are_read_in_both_usual_forms() {
        let d = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
        assert_eq!(parse_date(" 01/02/2027 "), Ok(d));
        assert_eq!(parse_date("2027-02-01"), Ok(d));
        assert!(parse_date("30/02/2027").is_err());
        assert_eq!(date_courte(d), "01/02/2027");
    }
}
