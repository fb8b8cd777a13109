//! Reference data: legal figures with their validity dates and articles, trade presets,
//! eligible publics and implementation modes. Bundled from `assets/` at compile time so the
//! binary works offline; every figure carries its source so the app can cite it.

use crate::model::{BuyerKind, Nature};
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceData {
    pub thresholds: Thresholds,
    pub insertion: InsertionReference,
}

/// A legal figure valid over a period (bounds inclusive; None = open).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dated<T> {
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub until: Option<NaiveDate>,
    pub value: T,
    pub article: String,
    pub source: String,
    #[serde(default)]
    pub to_verify: bool,
}

impl<T> Dated<T> {
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date <= u)
    }
}

/// Picks the row in force on `date`; when none covers it (a date past the last known
/// period), falls back to the most recent row and says so.
pub fn in_force<T>(rows: &[Dated<T>], date: NaiveDate) -> Option<(&Dated<T>, bool)> {
    if let Some(row) = rows.iter().find(|r| r.covers(date)) {
        return Some((row, true));
    }
    rows.iter()
        .max_by_key(|r| r.from.unwrap_or(NaiveDate::MIN))
        .map(|r| (r, false))
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EuThresholds {
    pub works_cents: i64,
    pub central_government_cents: i64,
    pub other_buyers_cents: i64,
    pub utilities_cents: i64,
}

impl EuThresholds {
    pub fn for_purchase(&self, nature: Nature, buyer: BuyerKind) -> i64 {
        match (nature, buyer) {
            (Nature::Works, _) => self.works_cents,
            (_, BuyerKind::CentralGovernment) => self.central_government_cents,
            (_, BuyerKind::Utility) => self.utilities_cents,
            _ => self.other_buyers_cents,
        }
    }
}

/// An amount that differs between works and supplies/services.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ByNature {
    pub works_cents: i64,
    pub supplies_services_cents: i64,
}

impl ByNature {
    pub fn get(&self, nature: Nature) -> i64 {
        match nature {
            Nature::Works => self.works_cents,
            _ => self.supplies_services_cents,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub eu: Vec<Dated<EuThresholds>>,
    /// R2122-8: below these (strictly), no publicity and no competition.
    pub no_publicity: Vec<Dated<ByNature>>,
    /// R2131-12: from this amount, MAPA notice in the BOAMP or a JAL.
    pub mapa_notice: Vec<Dated<i64>>,
    /// R2123-1 2°: per-lot ceilings of the small-lots exemption.
    pub small_lot: Vec<Dated<ByNature>>,
    /// R2123-1 2°: the small lots together stay within this share of all lots.
    pub small_lots_cap_percent: Vec<Dated<f64>>,
    /// R2142-7: maximum minimum-turnover requirement, as a multiple of the estimated value.
    pub turnover_cap_factor: Vec<Dated<f64>>,
    /// Loi Climat et Résilience: date from which the social condition (at or above EU
    /// thresholds) and the environmental condition and criterion are mandatory.
    pub climate_law_from: Dated<NaiveDate>,
    /// R2193-10: direct payment of subcontractors from this amount (TTC).
    pub direct_payment_cents: Dated<i64>,
    /// R2191-3: advance due above this amount HT (and 2 months).
    pub advance_from_cents: Dated<i64>,
    /// R2191-7: minimum SME advance, percent, by buyer kind.
    pub advance_sme_min_percent: Dated<AdvanceMinimum>,
    /// R2191-33: cap on retention money for SMEs, percent.
    pub retention_sme_cap_percent: Dated<f64>,
    /// L2111-3: SPASER duty above this annual purchasing volume.
    pub spaser_cents: Dated<i64>,
    /// L2113-15: maximum duration of a contract reserved to ESS enterprises.
    pub ess_max_months: Dated<u32>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvanceMinimum {
    pub central_government: f64,
    pub large_local_bodies: f64,
    pub others: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsertionReference {
    /// Hours in one full-time equivalent year.
    pub fte_hours: Dated<f64>,
    /// Below this many hours a clause is not worth it (about one week of work).
    pub min_hours: Dated<f64>,
    /// Cleaning branch method: coefficient C (€ of contract per labour hour).
    pub cleaning_coefficient: Dated<f64>,
    /// Cleaning branch method: below this many hours the branch advises no clause.
    pub cleaning_min_hours: Dated<f64>,
    pub trades: Vec<TradePreset>,
    pub publics: Vec<Choice>,
    pub modes: Vec<Choice>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TradePreset {
    pub id: String,
    pub label: String,
    pub nature: Nature,
    /// true: the cleaning branch method applies rather than the general formula.
    #[serde(default)]
    pub cleaning_method: bool,
    pub labour_share_percent: f64,
    pub hourly_cost_cents: i64,
    pub rate_percent: f64,
    pub source: String,
    #[serde(default)]
    pub to_verify: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub detail: String,
}

const THRESHOLDS_RON: &str = include_str!("../assets/thresholds.ron");
const INSERTION_RON: &str = include_str!("../assets/insertion.ron");

impl ReferenceData {
    /// The data compiled into the binary. Its validity is checked by the test suite, so a
    /// failure here is a build defect, not a user error.
    pub fn bundled() -> &'static ReferenceData {
        static DATA: std::sync::OnceLock<ReferenceData> = std::sync::OnceLock::new();
        DATA.get_or_init(|| {
            ReferenceData::parse(THRESHOLDS_RON, INSERTION_RON)
                .unwrap_or_else(|e| panic!("bundled reference data is invalid: {e}"))
        })
    }

    pub fn parse(thresholds: &str, insertion: &str) -> Result<ReferenceData, String> {
        let thresholds = ron::from_str(thresholds)
            .map_err(|e: ron::error::SpannedError| format!("assets/thresholds.ron:{e}"))?;
        let insertion = ron::from_str(insertion)
            .map_err(|e: ron::error::SpannedError| format!("assets/insertion.ron:{e}"))?;
        Ok(ReferenceData {
            thresholds,
            insertion,
        })
    }

    pub fn trade(&self, id: &str) -> Option<&TradePreset> {
        self.insertion.trades.iter().find(|t| t.id == id)
    }

    pub fn public_label(&self, id: &str) -> Option<&str> {
        find_label(&self.insertion.publics, id)
    }

    pub fn mode_label(&self, id: &str) -> Option<&str> {
        find_label(&self.insertion.modes, id)
    }
}

fn find_label<'a>(choices: &'a [Choice], id: &str) -> Option<&'a str> {
    choices
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.label.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_data_loads_and_every_period_is_ordered() {
        let data = ReferenceData::parse(THRESHOLDS_RON, INSERTION_RON).unwrap();
        for row in &data.thresholds.eu {
            if let (Some(f), Some(u)) = (row.from, row.until) {
                assert!(f <= u);
            }
        }
        assert!(data.insertion.trades.len() >= 10);
    }

    #[test]
    fn a_date_past_the_known_periods_falls_back_to_the_latest() {
        let data = ReferenceData::bundled();
        let late = NaiveDate::from_ymd_opt(2031, 6, 1).unwrap();
        let (row, covered) = in_force(&data.thresholds.eu, late).unwrap();
        assert!(!covered);
        assert_eq!(row.value.works_cents, 540_400_000);
    }
}
