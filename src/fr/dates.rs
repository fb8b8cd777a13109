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

/// The name of a month (1 = janvier), in lower case.
pub fn month_name(month: u32) -> Option<&'static str> {
    MONTHS
        .get(usize::try_from(month).ok()?.checked_sub(1)?)
        .copied()
}

/// The month (1 to 12) a word names, whatever its case and accents, or its abbreviation of three
/// letters or more (« févr. », « sept »).
pub fn month_from_name(word: &str) -> Option<u32> {
    let word = super::fold_for_search(word);
    let word = word.trim().trim_end_matches('.');
    let index = MONTHS.iter().position(|m| {
        let m = super::fold_for_search(m);
        m == word || (word.len() >= 3 && m.starts_with(word))
    })?;
    u32::try_from(index + 1).ok()
}

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
    fn months_are_named_and_read_back_with_or_without_accents() {
        assert_eq!(month_name(2), Some("février"));
        assert_eq!(month_name(0), None);
        assert_eq!(month_name(13), None);
        for (word, month) in [
            ("Février", 2),
            ("fevrier", 2),
            ("AOÛT", 8),
            ("sept.", 9),
            ("déc", 12),
        ] {
            assert_eq!(month_from_name(word), Some(month), "{word}");
        }
        assert_eq!(
            month_from_name("ju"),
            None,
            "too short to tell juin from juillet"
        );
        assert_eq!(month_from_name("lundi"), None);
    }

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
