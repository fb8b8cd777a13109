//! Insertion hours: the facilitators' general formula and the cleaning branch method.

use crate::reference::ReferenceData;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Advice {
    /// A clause of this size makes sense.
    Ok,
    /// Too few hours for a clause to be worth it (under a week of work, or under the
    /// cleaning branch's 150 hours).
    TooSmall,
    /// The contract offers no hiring potential (cleaning: staff taken over exceed it).
    NoPotential,
}

impl Advice {
    pub fn code(self) -> &'static str {
        match self {
            Advice::Ok => "ok",
            Advice::TooSmall => "too_small",
            Advice::NoPotential => "no_potential",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HoursResult {
    /// Hours the holder owes: the override if one is set, else `exact` rounded.
    pub hours: u64,
    /// Unrounded computed value.
    pub exact: f64,
    /// Full-time equivalents of `hours` over one year: the volume in years of work.
    pub fte: f64,
    /// Full-time equivalents per year, `hours` being spread over the contract's duration; set
    /// once the duration is known (None before, or for a duration of zero).
    pub fte_per_year: Option<f64>,
    pub advice: Advice,
    /// All labour hours the contract represents: an upper bound for insertion hours.
    pub labour_hours: f64,
    /// Cleaning method only: weighting P for staff taken over.
    pub weighting: Option<f64>,
    /// Cleaning method only: coefficient C.
    pub coefficient: Option<f64>,
}

/// Inputs out of range, described in French for the field concerned.
#[derive(Debug, Clone, PartialEq)]
pub struct HoursInputError {
    pub field: &'static str,
    pub message: String,
}

fn check_percent(value: f64, field: &'static str, what: &str) -> Result<(), HoursInputError> {
    if value.is_finite() && value > 0.0 && value <= 100.0 {
        Ok(())
    } else {
        Err(HoursInputError {
            field,
            message: format!("{what} doit être comprise entre 0 et 100 % (valeur : {value})"),
        })
    }
}

/// hours = amount × labour share × rate ÷ loaded hourly cost
pub fn general_hours(
    amount_cents: i64,
    labour_share_percent: f64,
    rate_percent: f64,
    hourly_cost_cents: i64,
    data: &ReferenceData,
) -> Result<HoursResult, HoursInputError> {
    check_percent(
        labour_share_percent,
        "labour_share_percent",
        "la part de main-d'œuvre",
    )?;
    check_percent(rate_percent, "rate_percent", "le taux d'insertion")?;
    if hourly_cost_cents <= 0 {
        return Err(HoursInputError {
            field: "hourly_cost_cents",
            message: "le coût horaire chargé doit être positif".into(),
        });
    }
    if amount_cents < 0 {
        return Err(HoursInputError {
            field: "amount_cents",
            message: "le montant ne peut pas être négatif".into(),
        });
    }
    let labour_hours =
        amount_cents as f64 * labour_share_percent / 100.0 / hourly_cost_cents as f64;
    let exact = labour_hours * rate_percent / 100.0;
    let min = data.insertion.min_hours.value;
    let advice = if exact <= 0.0 {
        Advice::NoPotential
    } else if exact.round() < min {
        Advice::TooSmall
    } else {
        Advice::Ok
    };
    Ok(finish(exact, labour_hours, advice, None, None, data))
}

/// Cleaning branch method: P = 1 − (S × C) ÷ (A ÷ N); hours = P × A ÷ C × T.
pub fn cleaning_hours(
    amount_cents: i64,
    months: u32,
    transferred_monthly_hours: f64,
    rate_percent: f64,
    data: &ReferenceData,
) -> Result<HoursResult, HoursInputError> {
    check_percent(rate_percent, "rate_percent", "le taux d'insertion")?;
    if months == 0 {
        return Err(HoursInputError {
            field: "duration_months",
            message: "la durée en mois doit être d'au moins un mois".into(),
        });
    }
    if !transferred_monthly_hours.is_finite() || transferred_monthly_hours < 0.0 {
        return Err(HoursInputError {
            field: "transferred_monthly_hours",
            message: "les heures mensuelles reprises doivent être un nombre positif ou nul".into(),
        });
    }
    if amount_cents <= 0 {
        return Err(HoursInputError {
            field: "amount_cents",
            message: "le montant doit être positif".into(),
        });
    }
    let c = data.insertion.cleaning_coefficient.value;
    let amount = amount_cents as f64 / 100.0;
    let monthly = amount / f64::from(months);
    let weighting = 1.0 - transferred_monthly_hours * c / monthly;
    let labour_hours = amount / c;
    let (exact, advice) = if weighting <= 0.0 {
        (0.0, Advice::NoPotential)
    } else {
        let exact = weighting * labour_hours * rate_percent / 100.0;
        let advice = if exact.round() < data.insertion.cleaning_min_hours.value {
            Advice::TooSmall
        } else {
            Advice::Ok
        };
        (exact, advice)
    };
    Ok(finish(
        exact,
        labour_hours,
        advice,
        Some(weighting),
        Some(c),
        data,
    ))
}

fn finish(
    exact: f64,
    labour_hours: f64,
    advice: Advice,
    weighting: Option<f64>,
    coefficient: Option<f64>,
    data: &ReferenceData,
) -> HoursResult {
    let hours = exact.round().max(0.0) as u64;
    HoursResult {
        hours,
        exact,
        fte: fte(hours, data),
        fte_per_year: None,
        advice,
        labour_hours,
        weighting,
        coefficient,
    }
}

pub fn fte(hours: u64, data: &ReferenceData) -> f64 {
    round_fte(hours as f64 / data.insertion.fte_hours.value)
}

/// Full-time equivalents per year when `hours` are spread over `months`: one value, rounded
/// once here, that the documents print as is.
pub fn fte_per_year(hours: u64, months: u32, data: &ReferenceData) -> Option<f64> {
    (months > 0).then(|| {
        round_fte(hours as f64 / data.insertion.fte_hours.value * 12.0 / f64::from(months))
    })
}

/// « l'équivalent d'environ 0,9 an de travail à temps plein, soit environ 0,22 équivalent temps
/// plein par an sur 48 mois »: the volume, then the yearly effort when the contract lasts more
/// than a year. The one wording of this verdict for the window, the advice and the CLI.
pub fn fte_phrase(fte: f64, fte_per_year: Option<f64>, months: u32) -> String {
    let years = if fte >= 2.0 { "ans" } else { "an" };
    let volume = format!(
        "l'équivalent d'environ {} {years} de travail à temps plein",
        crate::fr::format_number(fte, 2)
    );
    match fte_per_year {
        Some(per_year) if months > 12 => format!(
            "{volume}, soit environ {} équivalent temps plein par an sur {months} mois",
            crate::fr::format_number(per_year, 2)
        ),
        _ => volume,
    }
}

fn round_fte(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Sets the per-year equivalent of a result for a contract of `months`.
pub fn over_duration(mut result: HoursResult, months: u32, data: &ReferenceData) -> HoursResult {
    result.fte_per_year = fte_per_year(result.hours, months, data);
    result
}

/// Applies an hours override (set by the facilitator) on a computed result.
pub fn with_override(
    mut result: HoursResult,
    hours: Option<u32>,
    data: &ReferenceData,
) -> HoursResult {
    if let Some(h) = hours {
        result.hours = u64::from(h);
        result.fte = fte(result.hours, data);
        let min = if result.weighting.is_some() {
            data.insertion.cleaning_min_hours.value
        } else {
            data.insertion.min_hours.value
        };
        result.advice = if h == 0 {
            Advice::NoPotential
        } else if f64::from(h) < min {
            Advice::TooSmall
        } else {
            Advice::Ok
        };
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> &'static ReferenceData {
        ReferenceData::bundled()
    }

    #[test]
    fn general_formula_rounds_to_the_nearest_hour() {
        // 200 000 € × 70 % × 7 % ÷ 32 € = 306.25 h
        let r = general_hours(20_000_000, 70.0, 7.0, 3200, data()).unwrap();
        assert!((r.exact - 306.25).abs() < 1e-9);
        assert_eq!(r.hours, 306);
        assert_eq!(r.advice, Advice::Ok);
        assert_eq!(r.labour_hours, 4375.0);
        // 100 000 € × 50 % × 5 % ÷ 20 € = 125 h; 100 500 € gives 125.625 → 126
        assert_eq!(
            general_hours(10_050_000, 50.0, 5.0, 2000, data())
                .unwrap()
                .hours,
            126
        );
        assert_eq!(r.fte, 0.19);
    }

    /// 1 440 h over 48 months is about 0.9 of a full-time year, that is about 0.22 full-time
    /// equivalent per year over four years — never « 0,9 ETP sur un an ».
    #[test]
    fn fte_1440_hours_over_48_months_is_about_0_22_per_year() {
        let r = cleaning_hours(72_000_000, 48, 300.0, 10.0, data()).unwrap();
        assert_eq!(r.hours, 1440);
        let r = over_duration(r, 48, data());
        assert_eq!(r.fte, 0.9);
        assert_eq!(r.fte_per_year, Some(0.22));
        // One year or less: the per-year figure is the volume scaled to twelve months.
        assert_eq!(fte_per_year(1607, 12, data()), Some(1.0));
        assert_eq!(fte_per_year(1607, 0, data()), None);
    }

    #[test]
    fn the_fte_phrase_gives_the_yearly_effort_of_a_multi_year_volume() {
        assert_eq!(
            fte_phrase(0.9, Some(0.22), 48),
            "l'équivalent d'environ 0,9 an de travail à temps plein, soit environ 0,22 équivalent temps plein par an sur 48 mois"
        );
        assert_eq!(
            fte_phrase(2.5, Some(2.5), 12),
            "l'équivalent d'environ 2,5 ans de travail à temps plein"
        );
    }

    #[test]
    fn under_a_week_of_work_is_too_small() {
        // 34.5 h rounds to 35: fine; 34.4 h rounds to 34: too small
        let ok = general_hours(3_450_000, 100.0, 1.0, 1000, data()).unwrap();
        assert_eq!((ok.hours, ok.advice), (35, Advice::Ok));
        let small = general_hours(3_440_000, 100.0, 1.0, 1000, data()).unwrap();
        assert_eq!((small.hours, small.advice), (34, Advice::TooSmall));
    }

    #[test]
    fn cleaning_method_weights_staff_taken_over() {
        // A = 1 200 000 €, N = 48, S = 600 h: A/N = 25 000; P = 1 − 15 000/25 000 = 0.4
        // hours = 0.4 × 1 200 000 ÷ 25 × 10 % = 1 920
        let r = cleaning_hours(120_000_000, 48, 600.0, 10.0, data()).unwrap();
        assert!((r.weighting.unwrap() - 0.4).abs() < 1e-12);
        assert_eq!(r.hours, 1920);
        assert_eq!(r.advice, Advice::Ok);
        assert_eq!(r.fte, 1.19);
    }

    #[test]
    fn cleaning_without_potential_or_under_150_hours() {
        let none = cleaning_hours(120_000_000, 48, 1000.0, 10.0, data()).unwrap();
        assert_eq!((none.hours, none.advice), (0, Advice::NoPotential));
        // P exactly 0 is no potential too
        let zero = cleaning_hours(120_000_000, 48, 1000.0 * 1.0, 10.0, data()).unwrap();
        assert_eq!(zero.advice, Advice::NoPotential);
        // 60 000 € over 12 months, nothing taken over, 6 %: 2 400 × 6 % = 144 h
        let small = cleaning_hours(6_000_000, 12, 0.0, 6.0, data()).unwrap();
        assert_eq!((small.hours, small.advice), (144, Advice::TooSmall));
        let enough = cleaning_hours(6_250_000, 12, 0.0, 6.0, data()).unwrap();
        assert_eq!((enough.hours, enough.advice), (150, Advice::Ok));
    }

    #[test]
    fn bad_inputs_are_refused_with_the_field_named() {
        assert_eq!(
            general_hours(1, 0.0, 5.0, 3000, data()).unwrap_err().field,
            "labour_share_percent"
        );
        assert_eq!(
            general_hours(1, 50.0, 101.0, 3000, data())
                .unwrap_err()
                .field,
            "rate_percent"
        );
        assert_eq!(
            general_hours(1, 50.0, 5.0, 0, data()).unwrap_err().field,
            "hourly_cost_cents"
        );
        assert_eq!(
            general_hours(1, f64::NAN, 5.0, 10, data())
                .unwrap_err()
                .field,
            "labour_share_percent"
        );
        assert_eq!(
            cleaning_hours(1, 0, 0.0, 5.0, data()).unwrap_err().field,
            "duration_months"
        );
    }
}
