//! What a CPV code says about a purchase: its nature (from its division) and the trade preset
//! that stands for it (assets/cpv.ron). Shared by the purchasing programme and the DECP
//! indicators, which both get CPV codes without always getting the rest.

use crate::model::Nature;
use crate::reference::cpv_digits;
use serde::Deserialize;

const CPV_RON: &str = include_str!("../../assets/cpv.ron");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CpvTables {
    pub divisions: Divisions,
    pub trades: Vec<CpvTrade>,
    pub trades_source: String,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DivisionRange {
    pub from: u32,
    pub to: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Divisions {
    pub works: Vec<DivisionRange>,
    pub supplies: Vec<DivisionRange>,
    pub services: Vec<DivisionRange>,
    pub source: String,
    #[serde(default)]
    pub read_on: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CpvTrade {
    /// Leading digits of the CPV codes concerned.
    pub cpv: String,
    /// Id of a trade preset of assets/insertion.ron.
    pub trade: String,
    pub label: String,
}

impl CpvTables {
    pub fn bundled() -> &'static CpvTables {
        static TABLES: std::sync::OnceLock<CpvTables> = std::sync::OnceLock::new();
        TABLES.get_or_init(|| {
            CpvTables::parse(CPV_RON).unwrap_or_else(|e| panic!("assets/cpv.ron is invalid: {e}"))
        })
    }

    pub fn parse(text: &str) -> Result<CpvTables, String> {
        ron::from_str(text).map_err(|e: ron::error::SpannedError| format!("assets/cpv.ron:{e}"))
    }

    /// Works, supplies or services, from the division of a CPV code; None when the text is
    /// not a CPV code or its division is in no range.
    pub fn nature(&self, cpv: &str) -> Option<Nature> {
        // The first two of the eight digits.
        let division = cpv_digits(cpv)? / 10u32.pow(6);
        let within =
            |ranges: &[DivisionRange]| ranges.iter().any(|r| (r.from..=r.to).contains(&division));
        let d = &self.divisions;
        if within(&d.works) {
            Some(Nature::Works)
        } else if within(&d.supplies) {
            Some(Nature::Supplies)
        } else if within(&d.services) {
            Some(Nature::Services)
        } else {
            None
        }
    }

    /// The trade preset of the most specific prefix matching `cpv`.
    pub fn trade(&self, cpv: &str) -> Option<&CpvTrade> {
        let code = format!("{:08}", cpv_digits(cpv)?);
        self.trades
            .iter()
            .filter(|t| code.starts_with(t.cpv.as_str()))
            .max_by_key(|t| t.cpv.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::ReferenceData;

    #[test]
    fn the_division_gives_the_nature() {
        let t = CpvTables::bundled();
        assert_eq!(t.nature("45210000-2"), Some(Nature::Works));
        assert_eq!(t.nature("30190000"), Some(Nature::Supplies));
        assert_eq!(t.nature("48000000-8"), Some(Nature::Supplies));
        assert_eq!(t.nature("90910000"), Some(Nature::Services));
        assert_eq!(t.nature("03000000-1"), Some(Nature::Supplies));
        assert_eq!(t.nature("9091"), None);
        assert_eq!(t.nature("01000000"), None);
    }

    #[test]
    fn the_most_specific_prefix_names_the_trade_and_every_trade_exists() {
        let t = CpvTables::bundled();
        assert_eq!(t.trade("45223100-7").unwrap().trade, "charpente-metallique");
        assert_eq!(t.trade("45262500").unwrap().trade, "maconnerie");
        assert_eq!(t.trade("90911200-8").unwrap().trade, "nettoyage");
        assert!(t.trade("30192000").is_none());
        let data = ReferenceData::bundled();
        for row in &t.trades {
            assert!(data.trade(&row.trade).is_some(), "{}", row.trade);
        }
    }
}
