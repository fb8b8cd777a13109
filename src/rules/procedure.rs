//! Procedure regime and publicity, for the whole purchase and for each lot.

use crate::model::{BuyerKind, Nature};
use crate::reference::{in_force, ReferenceData};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Regime {
    NoPublicity,
    Adapted,
    Formalised,
}

impl Regime {
    pub fn code(self) -> &'static str {
        match self {
            Regime::NoPublicity => "no_publicity",
            Regime::Adapted => "adapted",
            Regime::Formalised => "formalised",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Regime::NoPublicity => "marché sans publicité ni mise en concurrence préalables",
            Regime::Adapted => "procédure adaptée",
            Regime::Formalised => "procédure formalisée",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Publicity {
    None,
    Free,
    BoampOrJal,
    JoueAndBoamp,
    /// Social and other specific services at or above their EU threshold, awarded by adapted
    /// procedure: the notice (contract notice or prior information notice) also goes to the
    /// OJEU.
    JoueSocialServices,
}

impl Publicity {
    pub fn code(self) -> &'static str {
        match self {
            Publicity::None => "none",
            Publicity::Free => "free",
            Publicity::BoampOrJal => "boamp_or_jal",
            Publicity::JoueAndBoamp => "joue_and_boamp",
            Publicity::JoueSocialServices => "joue_social_services",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Publicity::None => "aucune publicité obligatoire",
            Publicity::Free => "publicité adaptée, librement choisie",
            Publicity::BoampOrJal => "avis au BOAMP ou dans un journal d'annonces légales",
            Publicity::JoueAndBoamp => "avis au JOUE et au BOAMP",
            Publicity::JoueSocialServices => {
                "avis de marché ou de préinformation au JOUE et au BOAMP, puis avis d'attribution"
            }
        }
    }
}

/// The thresholds in force for a purchase and what follows from them.
#[derive(Debug, Clone, Serialize)]
pub struct ProcedureInfo {
    pub eu_threshold_cents: i64,
    pub no_publicity_threshold_cents: i64,
    pub mapa_notice_cents: i64,
    pub regime: Regime,
    pub publicity: Publicity,
    pub at_or_above_eu: bool,
    /// Social and other specific services: their own EU threshold (publicity in the OJEU).
    pub social_services_eu_cents: Option<i64>,
    pub social_condition_mandatory: bool,
    pub environmental_condition_mandatory: bool,
    pub environmental_criterion_mandatory: bool,
    /// Some Loi Climat et Résilience obligation is in force on the launch date for this buyer.
    pub climate_law_applies: bool,
    /// false when the launch date lies outside every known threshold period.
    pub thresholds_known: bool,
}

/// What a purchase of this nature, buyer and amount must follow on `date`.
/// `specific_services`: social and other specific services, marchés d'insertion included
/// (R2123-1 3°): adapted procedure whatever the amount, and a notice in the OJEU from their own
/// EU threshold.
pub fn procedure(
    nature: Nature,
    buyer: BuyerKind,
    amount_cents: i64,
    date: NaiveDate,
    specific_services: bool,
    data: &ReferenceData,
) -> ProcedureInfo {
    let t = &data.thresholds;
    let mut known = true;
    let mut pick = |rows| {
        let (row, covered) = in_force(rows, date).expect("reference data has rows");
        known &= covered;
        row
    };
    let eu = pick(&t.eu).value.for_purchase(nature, buyer);
    let no_publicity = in_force(&t.no_publicity, date).map(|(r, c)| {
        known &= c;
        r.value.get(nature)
    });
    let no_publicity = no_publicity.unwrap_or(0);
    let mapa_notice = in_force(&t.mapa_notice, date).map_or(0, |(r, _)| r.value);
    let social_services_eu = specific_services
        .then(|| in_force(&t.social_services_eu, date).map(|(r, _)| r.value.for_buyer(buyer)))
        .flatten();
    let at_or_above_eu = amount_cents >= eu;
    let regime = if at_or_above_eu && !specific_services {
        Regime::Formalised
    } else if amount_cents < no_publicity {
        Regime::NoPublicity
    } else {
        Regime::Adapted
    };
    let mut publicity = publicity_for(regime, amount_cents, mapa_notice);
    if regime == Regime::Adapted && social_services_eu.is_some_and(|eu| amount_cents >= eu) {
        publicity = Publicity::JoueSocialServices;
    }
    let climate = &t.climate_law;
    let covered = super::predicates::climate_law_covers(buyer, data);
    let from = |row: &crate::reference::Dated<NaiveDate>| covered && date >= row.value;
    let social = from(&climate.social_condition_from);
    let environmental_condition = from(&climate.environmental_condition_from);
    let environmental_criterion = from(&climate.environmental_criterion_from);
    ProcedureInfo {
        eu_threshold_cents: eu,
        no_publicity_threshold_cents: no_publicity,
        mapa_notice_cents: mapa_notice,
        regime,
        publicity,
        at_or_above_eu,
        social_services_eu_cents: social_services_eu,
        social_condition_mandatory: social && at_or_above_eu,
        environmental_condition_mandatory: environmental_condition,
        environmental_criterion_mandatory: environmental_criterion && regime != Regime::NoPublicity,
        climate_law_applies: social || environmental_condition || environmental_criterion,
        thresholds_known: known,
    }
}

pub fn publicity_for(regime: Regime, amount_cents: i64, mapa_notice_cents: i64) -> Publicity {
    match regime {
        Regime::NoPublicity => Publicity::None,
        Regime::Formalised => Publicity::JoueAndBoamp,
        Regime::Adapted if amount_cents >= mapa_notice_cents => Publicity::BoampOrJal,
        Regime::Adapted => Publicity::Free,
    }
}

/// Per-lot regime and whether the lot uses the small-lots exemption (R2123-1 2° and R2122-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LotProcedure {
    pub regime: Regime,
    pub publicity: Publicity,
    pub small_lot: bool,
}

/// Lots may leave the purchase's regime only through the small-lots exemption: below a
/// per-lot ceiling and together within a share of all lots (both in the data). Smaller lots are taken
/// first, which lets the most lots benefit.
pub fn lot_procedures(
    purchase: &ProcedureInfo,
    lots: &[(Nature, i64)],
    date: NaiveDate,
    data: &ReferenceData,
) -> (Vec<LotProcedure>, i64, i64) {
    let t = &data.thresholds;
    let total: i64 = lots.iter().map(|(_, a)| *a).fold(0, i64::saturating_add);
    let cap_percent = in_force(&t.small_lots_cap_percent, date).map_or(0.0, |(r, _)| r.value);
    let cap = (total as f64 * cap_percent / 100.0).floor() as i64;
    let ceiling = |nature: Nature| -> i64 {
        match purchase.regime {
            Regime::Formalised => {
                in_force(&t.small_lot, date).map_or(0, |(r, _)| r.value.get(nature))
            }
            _ => in_force(&t.no_publicity, date).map_or(0, |(r, _)| r.value.get(nature)),
        }
    };
    let mut result: Vec<LotProcedure> = lots
        .iter()
        .map(|_| LotProcedure {
            regime: purchase.regime,
            publicity: purchase.publicity,
            small_lot: false,
        })
        .collect();
    if purchase.regime == Regime::NoPublicity {
        return (result, cap, 0);
    }
    let mut candidates: Vec<usize> = (0..lots.len())
        .filter(|&i| lots[i].1 > 0 && lots[i].1 < ceiling(lots[i].0))
        .collect();
    candidates.sort_by_key(|&i| (lots[i].1, i));
    let mut used = 0i64;
    for i in candidates {
        let (nature, amount) = lots[i];
        if used.saturating_add(amount) > cap {
            break;
        }
        used += amount;
        let no_publicity = in_force(&t.no_publicity, date).map_or(0, |(r, _)| r.value.get(nature));
        let regime = if amount < no_publicity {
            Regime::NoPublicity
        } else {
            Regime::Adapted
        };
        result[i] = LotProcedure {
            regime,
            publicity: publicity_for(regime, amount, purchase.mapa_notice_cents),
            small_lot: true,
        };
    }
    (result, cap, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn regime(nature: Nature, buyer: BuyerKind, euros: f64, date: NaiveDate) -> ProcedureInfo {
        let cents = (euros * 100.0).round() as i64;
        procedure(nature, buyer, cents, date, false, ReferenceData::bundled())
    }

    #[test]
    fn supplies_exemption_moves_from_40_to_60_thousand_on_1_april_2026() {
        let la = BuyerKind::LocalAuthority;
        let s = Nature::Supplies;
        assert_eq!(
            regime(s, la, 59_999.99, d(2026, 3, 31)).regime,
            Regime::Adapted
        );
        assert_eq!(
            regime(s, la, 39_999.99, d(2026, 3, 31)).regime,
            Regime::NoPublicity
        );
        assert_eq!(
            regime(s, la, 40_000.0, d(2026, 3, 31)).regime,
            Regime::Adapted
        );
        assert_eq!(
            regime(s, la, 59_999.99, d(2026, 4, 1)).regime,
            Regime::NoPublicity
        );
        assert_eq!(
            regime(s, la, 60_000.0, d(2026, 4, 1)).regime,
            Regime::Adapted
        );
        assert_eq!(
            regime(Nature::Services, la, 60_000.0, d(2026, 4, 1)).publicity,
            Publicity::Free
        );
    }

    #[test]
    fn works_exemption_is_100_thousand_strictly_below() {
        let la = BuyerKind::LocalAuthority;
        assert_eq!(
            regime(Nature::Works, la, 99_999.99, d(2026, 1, 1)).regime,
            Regime::NoPublicity
        );
        assert_eq!(
            regime(Nature::Works, la, 100_000.0, d(2026, 1, 1)).regime,
            Regime::Adapted
        );
    }

    #[test]
    fn mapa_notice_from_90_thousand() {
        let la = BuyerKind::LocalAuthority;
        let date = d(2026, 12, 1);
        assert_eq!(
            regime(Nature::Services, la, 89_999.99, date).publicity,
            Publicity::Free
        );
        assert_eq!(
            regime(Nature::Services, la, 90_000.0, date).publicity,
            Publicity::BoampOrJal
        );
    }

    #[test]
    fn eu_thresholds_depend_on_buyer_and_period() {
        let date = d(2026, 12, 1);
        let s = Nature::Services;
        assert_eq!(
            regime(s, BuyerKind::LocalAuthority, 215_999.99, date).regime,
            Regime::Adapted
        );
        assert_eq!(
            regime(s, BuyerKind::LocalAuthority, 216_000.0, date).regime,
            Regime::Formalised
        );
        assert_eq!(
            regime(s, BuyerKind::CentralGovernment, 140_000.0, date).regime,
            Regime::Formalised
        );
        assert_eq!(
            regime(s, BuyerKind::CentralGovernment, 139_999.99, date).regime,
            Regime::Adapted
        );
        assert_eq!(
            regime(s, BuyerKind::Utility, 431_999.99, date).regime,
            Regime::Adapted
        );
        assert_eq!(
            regime(Nature::Works, BuyerKind::Utility, 5_404_000.0, date).regime,
            Regime::Formalised
        );
        // 2025: 221 000 € for local authorities
        assert_eq!(
            regime(s, BuyerKind::LocalAuthority, 220_000.0, d(2025, 12, 31)).regime,
            Regime::Adapted
        );
        assert_eq!(
            regime(s, BuyerKind::LocalAuthority, 220_000.0, d(2026, 1, 1)).regime,
            Regime::Formalised
        );
    }

    #[test]
    fn climate_law_obligations_start_on_21_august_2026() {
        let la = BuyerKind::LocalAuthority;
        let before = regime(Nature::Services, la, 300_000.0, d(2026, 8, 20));
        let after = regime(Nature::Services, la, 300_000.0, d(2026, 8, 21));
        assert!(!before.social_condition_mandatory && !before.environmental_criterion_mandatory);
        assert!(!before.environmental_condition_mandatory);
        assert!(after.social_condition_mandatory && after.environmental_criterion_mandatory);
        assert!(after.environmental_condition_mandatory);
        let below = regime(Nature::Services, la, 215_999.99, d(2026, 8, 21));
        assert!(!below.social_condition_mandatory && below.environmental_criterion_mandatory);
    }

    /// Directive 2014/24/EU art. 74–75: social and specific services reach their own EU
    /// threshold (750 000 € HT for contracting authorities); the notice then goes to the OJEU
    /// even though the procedure stays adapted.
    #[test]
    fn social_services_of_760_thousand_are_advertised_in_the_ojeu() {
        let data = ReferenceData::bundled();
        let p = |euros: i64| {
            procedure(
                Nature::Services,
                BuyerKind::LocalAuthority,
                euros * 100,
                d(2026, 12, 1),
                true,
                data,
            )
        };
        assert_eq!(p(760_000).regime, Regime::Adapted);
        assert_eq!(p(760_000).publicity, Publicity::JoueSocialServices);
        assert_eq!(p(750_000).publicity, Publicity::JoueSocialServices);
        assert_eq!(p(749_999).publicity, Publicity::BoampOrJal);
        assert_eq!(p(760_000).social_services_eu_cents, Some(75_000_000));
        // Ordinary services of the same amount: formalised procedure.
        let ordinary = procedure(
            Nature::Services,
            BuyerKind::LocalAuthority,
            76_000_000,
            d(2026, 12, 1),
            false,
            data,
        );
        assert_eq!(ordinary.publicity, Publicity::JoueAndBoamp);
        assert_eq!(ordinary.social_services_eu_cents, None);
    }

    /// Defence and security: the 432 000 € supplies/services threshold of 2026–2027, and none
    /// of the climate-law obligations (L2312-1-1 keeps them optional).
    #[test]
    fn defence_buyers_have_their_threshold_and_no_climate_law_obligation() {
        let def = BuyerKind::DefenceSecurity;
        let below = regime(Nature::Supplies, def, 431_999.99, d(2026, 12, 1));
        let at = regime(Nature::Supplies, def, 432_000.0, d(2026, 12, 1));
        assert_eq!(below.regime, Regime::Adapted);
        assert_eq!(at.regime, Regime::Formalised);
        assert!(!at.social_condition_mandatory);
        assert!(!at.environmental_condition_mandatory);
        assert!(!at.environmental_criterion_mandatory);
        assert!(!at.climate_law_applies);
    }

    #[test]
    fn social_services_stay_adapted_whatever_the_amount() {
        let p = procedure(
            Nature::Services,
            BuyerKind::LocalAuthority,
            100_000_000,
            d(2026, 12, 1),
            true,
            ReferenceData::bundled(),
        );
        assert_eq!(p.regime, Regime::Adapted);
        assert!(p.at_or_above_eu);
    }

    #[test]
    fn small_lots_stay_within_twenty_percent() {
        let data = ReferenceData::bundled();
        let date = d(2026, 12, 1);
        // 6 M€ works: cap 1.2 M€. Lots of 700 k€ and 600 k€ are each under 1 M€ but not both.
        let lots = [
            (Nature::Works, 470_000_000),
            (Nature::Works, 70_000_000),
            (Nature::Works, 60_000_000),
        ];
        let p = procedure(
            Nature::Works,
            BuyerKind::LocalAuthority,
            600_000_000,
            date,
            false,
            data,
        );
        assert_eq!(p.regime, Regime::Formalised);
        let (lots, cap, used) = lot_procedures(&p, &lots, date, data);
        assert_eq!(cap, 120_000_000);
        assert_eq!(used, 60_000_000);
        assert!(!lots[0].small_lot && !lots[1].small_lot && lots[2].small_lot);
        assert_eq!(lots[2].regime, Regime::Adapted);
        assert_eq!(lots[0].regime, Regime::Formalised);
    }
}
