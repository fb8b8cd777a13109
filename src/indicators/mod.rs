//! The yearly indicators of socially responsible purchases (SPASER, L2111-3) from the buyer's
//! own published essential data (DECP v2 JSON): number and value of the contracts with each
//! social consideration, their shares against a target, by nature and by month, a chart, and
//! the contracts at the EU threshold notified since the mandatory social condition without
//! any social consideration.
//!
//! No egui here: `clausier indicateurs` and the « Indicateurs » view both call [`decp::read_file`]
//! and [`compute::compute`].

pub mod chart;
pub mod compute;
pub mod decp;
pub mod report;

pub use compute::{compute, Breakdown, Count, Indicators, Missing, Options};
pub use decp::{Contract, DecpFile, DecpForm, Social};

use crate::reference::Dated;
use serde::Deserialize;

const INDICATORS_RON: &str = include_str!("../../assets/indicators.ron");

pub type Target = Dated<f64>;

/// assets/indicators.ron.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsReference {
    pub target_percent: Target,
    pub spaser_indicators: Dated<String>,
}

impl IndicatorsReference {
    pub fn bundled() -> &'static IndicatorsReference {
        static DATA: std::sync::OnceLock<IndicatorsReference> = std::sync::OnceLock::new();
        DATA.get_or_init(|| {
            ron::from_str(INDICATORS_RON)
                .unwrap_or_else(|e| panic!("assets/indicators.ron is invalid: {e}"))
        })
    }
}

/// The whole report as a Document, chart included (drawn here).
pub fn document(
    file: &DecpFile,
    indicators: &Indicators,
) -> Result<crate::document::Document, String> {
    let png = chart::png(indicators)?;
    Ok(report::document(
        file,
        indicators,
        png,
        IndicatorsReference::bundled(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_loads_with_its_sources() {
        let r = IndicatorsReference::bundled();
        assert!(r.target_percent.value > 0.0 && r.target_percent.value <= 100.0);
        assert!(!r.target_percent.source.is_empty());
        assert_eq!(r.spaser_indicators.article, "L2111-3");
    }
}
