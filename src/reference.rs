//! Reference data: legal figures with their validity dates and articles, trade presets,
//! eligible publics and implementation modes, reserved-contract bases and the services open to
//! an ESS reservation. Bundled from `assets/` at compile time so the binary works offline; every
//! figure carries its source (and the date it was read) so the app can cite it, and a point not
//! confirmed carries the reason it is shown « à vérifier ».

mod social;

pub use social::{
    ArticleCheck, CpvRecommendation, EformsCodelist, FamilyReference, FamilySuggestion,
    NatureRecommendation, Quantity, SocialReference,
};

use crate::model::{BuyerKind, Nature, ReservationBasis};
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceData {
    pub thresholds: Thresholds,
    pub insertion: InsertionReference,
    pub reservations: ReservationReference,
    /// Social execution conditions other than insertion.
    pub social: SocialReference,
    /// The points of part C of the legal audit, answered one by one.
    pub verification: Vec<LegalCheck>,
}

/// One legal point checked against the texts: what was confirmed, from which source and
/// when, and the reason it stays « à vérifier » when it does.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalCheck {
    pub id: String,
    pub question: String,
    pub answer: String,
    pub article: String,
    pub source: String,
    #[serde(default)]
    pub read_on: Option<NaiveDate>,
    pub to_verify: bool,
    #[serde(default)]
    pub reason: String,
    /// Rows of thresholds.ron that carry this point.
    #[serde(default)]
    pub rows: Vec<String>,
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
    /// When the source was read.
    #[serde(default)]
    pub read_on: Option<NaiveDate>,
    #[serde(default)]
    pub to_verify: bool,
    /// Why the point is not settled, shown to the user with « à vérifier ».
    #[serde(default)]
    pub reason: String,
}

impl<T> Dated<T> {
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date <= u)
    }

    /// The « à vérifier » status of the row: None when the point is settled.
    pub fn doubt(&self) -> Option<&str> {
        self.to_verify.then_some(self.reason.as_str())
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
    /// Supplies and services in defence or security contracts.
    pub defence_security_cents: i64,
}

impl EuThresholds {
    pub fn for_purchase(&self, nature: Nature, buyer: BuyerKind) -> i64 {
        match (nature, buyer) {
            (Nature::Works, _) => self.works_cents,
            (_, BuyerKind::CentralGovernment) => self.central_government_cents,
            (_, BuyerKind::Utility) => self.utilities_cents,
            (_, BuyerKind::DefenceSecurity) => self.defence_security_cents,
            _ => self.other_buyers_cents,
        }
    }
}

/// EU threshold of social and other specific services.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocialServicesEu {
    pub contracting_authorities_cents: i64,
    pub utilities_cents: i64,
}

impl SocialServicesEu {
    pub fn for_buyer(&self, buyer: BuyerKind) -> i64 {
        match buyer {
            BuyerKind::Utility => self.utilities_cents,
            _ => self.contracting_authorities_cents,
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
    /// Social and other specific services: at or above, the notice goes to the OJEU.
    pub social_services_eu: Vec<Dated<SocialServicesEu>>,
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
    /// Loi Climat et Résilience: from when each obligation applies, and to whom it does not.
    pub climate_law: ClimateLaw,
    /// R2193-10: direct payment of subcontractors from this amount (TTC).
    pub direct_payment_cents: Dated<i64>,
    /// R2191-3: advance due above this amount HT…
    pub advance_from_cents: Dated<i64>,
    /// … and above this performance period, in months.
    pub advance_min_months: Dated<u32>,
    /// R2191-7: minimum SME advance, percent, by buyer category.
    pub advance_sme_min_percent: Dated<AdvanceMinimum>,
    /// R2191-7 and R2191-33: the « large body » category of buyers.
    pub large_body: Dated<LargeBody>,
    /// R2191-33: retention money caps.
    pub retention: Dated<Retention>,
    /// L2111-3: SPASER duty above this annual purchasing volume.
    pub spaser_cents: Dated<i64>,
    /// Maximum duration of a contract reserved to ESS enterprises.
    pub ess_max_months: Dated<u32>,
    /// Years during which an ESS operator that obtained a reserved contract from the same buyer
    /// for the same services cannot obtain another.
    pub ess_bar_years: Dated<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClimateLaw {
    /// L2112-2-1: social execution condition at or above the EU threshold.
    pub social_condition_from: Dated<NaiveDate>,
    /// L2112-2: environmental execution condition.
    pub environmental_condition_from: Dated<NaiveDate>,
    /// L2152-7, R2152-7: environmental award criterion.
    pub environmental_criterion_from: Dated<NaiveDate>,
    /// Buyers outside these obligations (defence and security contracts).
    pub excluded_buyers: Dated<Vec<BuyerKind>>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvanceMinimum {
    pub state: f64,
    pub large_bodies: f64,
    pub others: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LargeBody {
    pub threshold_cents: i64,
    /// The step 1 checkbox.
    pub short_label: String,
    /// What the category covers, for the step 1 checkbox and the messages.
    pub label: String,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// For every buyer.
    pub max_percent: f64,
    /// For an SME holder, in the contracts of the State and of the large bodies.
    pub sme_cap_percent: f64,
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
    /// ANRU charter: minimum insertion shares of the hours worked.
    pub anru: Dated<AnruRates>,
    /// Usual weights of an insertion award criterion.
    pub criterion_weight: Dated<CriterionWeight>,
    /// Rules of thumb of the per-lot recommendation.
    pub recommendation: Dated<RecommendationPractice>,
    /// Starting values of a new insertion clause.
    pub new_clause: Dated<NewClause>,
    pub trades: Vec<TradePreset>,
    pub publics: Vec<Choice>,
    pub modes: Vec<Choice>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnruRates {
    pub works_rate_percent: f64,
    pub gup_rate_percent: f64,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionWeight {
    pub usual_min_percent: u32,
    pub usual_max_percent: u32,
    pub unusual_above_percent: u32,
    pub default_percent: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecommendationPractice {
    pub reservation_max_cents: i64,
    pub clause_labour_share_percent: f64,
    pub low_labour_share_percent: f64,
    pub sheltered_trades: Vec<String>,
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
pub struct NewClause {
    pub generic_trades: Vec<GenericTrade>,
}

/// The trade preset standing for a nature when a lot names no trade.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericTrade {
    pub nature: Nature,
    pub trade: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub detail: String,
    /// A public admitted only in urban-renewal (ANRU) operations: added when the clause is
    /// marked as such, never ticked by default elsewhere.
    #[serde(default)]
    pub urban_renewal_only: bool,
}

/// One reserved-contract basis: article, who may bid and what they prove.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReservationBase {
    pub basis: ReservationBasis,
    pub article: String,
    pub short: String,
    /// eForms BT-71 code.
    pub eforms: String,
    pub beneficiaries: String,
    pub proofs: String,
    /// R2113-7 minimum share of disabled or disadvantaged workers (or detainees).
    #[serde(default)]
    pub min_share_percent: Option<f64>,
    /// The reserved lot's CCAP clause stands as a social execution condition (L2112-2-1).
    pub social_condition: bool,
    pub source: String,
    #[serde(default)]
    pub read_on: Option<NaiveDate>,
}

/// Bases that may be reserved together on one lot.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReservationCombination {
    pub bases: Vec<ReservationBasis>,
    pub article: String,
    pub source: String,
    #[serde(default)]
    pub read_on: Option<NaiveDate>,
}

/// A CPV entry of the ESS list: a code with the codes below it, or an inclusive range.
#[derive(Debug, Clone, Deserialize)]
pub enum CpvEntry {
    Code(String),
    Range { from: String, to: String },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CpvList {
    pub cpv: Vec<CpvEntry>,
    pub article: String,
    pub source: String,
    #[serde(default)]
    pub read_on: Option<NaiveDate>,
    #[serde(default)]
    pub to_verify: bool,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReservationReference {
    pub bases: Vec<ReservationBase>,
    pub combinations: Vec<ReservationCombination>,
    /// Services that may be reserved to ESS enterprises (L2113-15).
    pub ess_services: CpvList,
}

impl ReservationReference {
    pub fn base(&self, basis: ReservationBasis) -> &ReservationBase {
        // Every basis has a row: checked by the test suite on the bundled data.
        self.bases
            .iter()
            .find(|b| b.basis == basis)
            .unwrap_or(&self.bases[0])
    }
}

/// The 8 digits of a CPV code as written by buyers (« 85312510-9 », « 85312510 »); None when
/// the text is not a CPV code.
pub fn cpv_digits(text: &str) -> Option<u32> {
    let main = text.trim().split('-').next()?.trim();
    (main.len() == 8 && main.bytes().all(|b| b.is_ascii_digit()))
        .then(|| main.parse().ok())
        .flatten()
}

impl CpvEntry {
    pub fn matches(&self, code: u32) -> bool {
        match self {
            CpvEntry::Code(listed) => {
                let listed = listed.trim_end_matches('0');
                let code = format!("{code:08}");
                !listed.is_empty() && code.starts_with(listed)
            }
            CpvEntry::Range { from, to } => match (cpv_digits(from), cpv_digits(to)) {
                (Some(from), Some(to)) => (from..=to).contains(&code),
                _ => false,
            },
        }
    }
}

impl CpvList {
    pub fn contains(&self, code: u32) -> bool {
        self.cpv.iter().any(|entry| entry.matches(code))
    }
}

const THRESHOLDS_RON: &str = include_str!("../assets/thresholds.ron");
const INSERTION_RON: &str = include_str!("../assets/insertion.ron");
const RESERVATIONS_RON: &str = include_str!("../assets/reservations.ron");
const VERIFICATION_RON: &str = include_str!("../assets/verification.ron");
const SOCIAL_RON: &str = include_str!("../assets/social_conditions.ron");

impl ReferenceData {
    /// The data compiled into the binary. Its validity is checked by the test suite, so a
    /// failure here is a build defect, not a user error.
    pub fn bundled() -> &'static ReferenceData {
        static DATA: std::sync::OnceLock<ReferenceData> = std::sync::OnceLock::new();
        DATA.get_or_init(|| {
            ReferenceData::parse(THRESHOLDS_RON, INSERTION_RON, RESERVATIONS_RON, SOCIAL_RON)
                .and_then(|data| data.with_verification(VERIFICATION_RON))
                .unwrap_or_else(|e| panic!("bundled reference data is invalid: {e}"))
        })
    }

    pub fn parse(
        thresholds: &str,
        insertion: &str,
        reservations: &str,
        social: &str,
    ) -> Result<ReferenceData, String> {
        let thresholds = ron::from_str(thresholds)
            .map_err(|e: ron::error::SpannedError| format!("assets/thresholds.ron:{e}"))?;
        let insertion = ron::from_str(insertion)
            .map_err(|e: ron::error::SpannedError| format!("assets/insertion.ron:{e}"))?;
        let reservations = ron::from_str(reservations)
            .map_err(|e: ron::error::SpannedError| format!("assets/reservations.ron:{e}"))?;
        let social: SocialReference = ron::from_str(social)
            .map_err(|e: ron::error::SpannedError| format!("assets/social_conditions.ron:{e}"))?;
        social
            .check()
            .map_err(|e| format!("assets/social_conditions.ron : {e}"))?;
        check_generic_trades(&insertion)?;
        Ok(ReferenceData {
            thresholds,
            insertion,
            reservations,
            social,
            verification: Vec::new(),
        })
    }

    /// Adds the answered points of the legal audit (assets/verification.ron).
    pub fn with_verification(mut self, text: &str) -> Result<ReferenceData, String> {
        self.verification = ron::from_str(text)
            .map_err(|e: ron::error::SpannedError| format!("assets/verification.ron:{e}"))?;
        Ok(self)
    }

    /// The reason a checked point stays « à vérifier » ("" when it is settled or unknown).
    pub fn doubt_of(&self, id: &str) -> &str {
        self.verification
            .iter()
            .find(|c| c.id == id && c.to_verify)
            .map_or("", |c| c.reason.as_str())
    }

    pub fn trade(&self, id: &str) -> Option<&TradePreset> {
        self.insertion.trades.iter().find(|t| t.id == id)
    }

    /// The preset standing for `nature` when a lot names no trade (checked at load: there is
    /// one for each nature).
    pub fn generic_trade(&self, nature: Nature) -> &TradePreset {
        self.insertion
            .new_clause
            .value
            .generic_trades
            .iter()
            .find(|g| g.nature == nature)
            .and_then(|g| self.trade(&g.trade))
            .expect("checked when the reference data is parsed")
    }

    pub fn public_label(&self, id: &str) -> Option<&str> {
        find_label(&self.insertion.publics, id)
    }

    pub fn mode_label(&self, id: &str) -> Option<&str> {
        find_label(&self.insertion.modes, id)
    }
}

/// Every nature has a generic trade, and it names an existing preset of that nature.
fn check_generic_trades(insertion: &InsertionReference) -> Result<(), String> {
    for nature in [Nature::Works, Nature::Supplies, Nature::Services] {
        let generic = insertion
            .new_clause
            .value
            .generic_trades
            .iter()
            .find(|g| g.nature == nature)
            .ok_or_else(|| {
                format!("assets/insertion.ron : aucun métier de départ pour la nature {nature:?}")
            })?;
        if !insertion
            .trades
            .iter()
            .any(|t| t.id == generic.trade && t.nature == nature)
        {
            return Err(format!(
                "assets/insertion.ron : le métier de départ « {} » n'existe pas pour la nature {nature:?}",
                generic.trade
            ));
        }
    }
    Ok(())
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
        let data =
            ReferenceData::parse(THRESHOLDS_RON, INSERTION_RON, RESERVATIONS_RON, SOCIAL_RON)
                .unwrap();
        for row in &data.thresholds.eu {
            if let (Some(f), Some(u)) = (row.from, row.until) {
                assert!(f <= u);
            }
        }
        assert!(data.insertion.trades.len() >= 10);
    }

    /// Part C of the audit is answered point by point: each with its article, its source and
    /// the date it was read, a reason when it stays « à vérifier », and rows that exist.
    #[test]
    fn every_point_of_part_c_is_answered_with_its_source() {
        let data = ReferenceData::bundled();
        let known_rows = [
            "ess_max_months",
            "ess_bar_years",
            "climate_law.social_condition_from",
            "climate_law.environmental_condition_from",
            "climate_law.environmental_criterion_from",
            "social_services_eu",
            "no_publicity",
            "turnover_cap_factor",
        ];
        for n in 1..=10 {
            let id = format!("C{n}");
            let c = data
                .verification
                .iter()
                .find(|c| c.id == id)
                .unwrap_or_else(|| panic!("{id} missing"));
            assert!(
                !c.answer.trim().is_empty() && !c.article.trim().is_empty(),
                "{id}"
            );
            assert!(!c.source.trim().is_empty() && c.read_on.is_some(), "{id}");
            assert_eq!(
                c.to_verify,
                !c.reason.trim().is_empty(),
                "{id}: reason iff to verify"
            );
            for row in &c.rows {
                assert!(
                    known_rows.contains(&row.as_str()),
                    "{id}: unknown row {row}"
                );
            }
        }
        assert!(!data.doubt_of("C1").is_empty());
        assert!(data.doubt_of("C7").is_empty());
    }

    #[test]
    fn every_reservation_basis_has_its_row() {
        use ReservationBasis::*;
        let r = &ReferenceData::bundled().reservations;
        for basis in [Disability, Insertion, DisabilityAndInsertion, Prison, Ess] {
            assert_eq!(
                r.bases.iter().filter(|b| b.basis == basis).count(),
                1,
                "{basis:?}"
            );
        }
    }

    #[test]
    fn a_row_to_verify_always_says_why() {
        let t = &ReferenceData::bundled().thresholds;
        let rows = [
            (
                &t.climate_law.social_condition_from.to_verify,
                &t.climate_law.social_condition_from.reason,
            ),
            (
                &t.climate_law.environmental_condition_from.to_verify,
                &t.climate_law.environmental_condition_from.reason,
            ),
            (&t.ess_max_months.to_verify, &t.ess_max_months.reason),
            (&t.ess_bar_years.to_verify, &t.ess_bar_years.reason),
        ];
        for (to_verify, reason) in rows {
            assert!(!*to_verify || !reason.trim().is_empty());
        }
        for row in &t.social_services_eu {
            assert!(!row.to_verify || !row.reason.trim().is_empty());
        }
    }

    /// Directive 2014/24/EU art. 77: the listed codes (and their sub-codes) and the range
    /// 85000000 to 85323000 read as numbers, not as a prefix.
    #[test]
    fn ess_list_matches_codes_by_their_eight_digits() {
        let list = &ReferenceData::bundled().reservations.ess_services;
        let yes = |c: &str| list.contains(cpv_digits(c).unwrap());
        assert!(yes("92500000-6"), "cultural services");
        assert!(
            yes("92521000"),
            "museum services, below 92500000 in the tree"
        );
        assert!(
            yes("85312510-9"),
            "vocational rehabilitation, inside the health range"
        );
        assert!(yes("85000000"));
        assert!(yes("85323000"));
        assert!(!yes("85324000"), "past the end of the range");
        assert!(!yes("85400000"), "not a prefix match on 85");
        assert!(!yes("55524000-9"), "school catering is not on the list");
        assert!(!yes("90919200"), "office cleaning");
        assert!(yes("98133110"));
        assert_eq!(cpv_digits("8531251"), None);
        assert_eq!(cpv_digits("abc"), None);
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
