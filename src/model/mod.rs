//! The project file: what the buyer answered. Pure serde data; the only logic here is
//! loading (with versioning and positioned errors) and saving atomically.

pub mod edit;
pub mod field;
pub mod house;
mod io;
mod sanitize;
pub mod validate;

pub use io::{
    budget_size, load_project, map_strings, parse_project, sanitized, save_project, spanned_error,
    spanned_error_in, to_ron_string, LoadError, PROJECT_VERSION,
};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A whole consultation as the buyer describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub version: u32,
    pub meta: Meta,
    pub purchase: Purchase,
    #[serde(default)]
    pub sourcing: Sourcing,
    pub allotment: Allotment,
    #[serde(default)]
    pub sme_access: SmeAccess,
    #[serde(default)]
    pub facilitator: Option<Facilitator>,
    /// Reasons recorded for not applying the social execution condition that L2112-2-1 makes
    /// mandatory at or above EU thresholds (from the date in assets/thresholds.ron).
    #[serde(default)]
    pub social_exceptions: Vec<SocialException>,
    #[serde(default)]
    pub environment: EnvironmentalTerms,
    /// How the section is exported (step 7): kept with the project because the article
    /// numbers and the buyer's model belong to this consultation's file.
    #[serde(default, skip_serializing_if = "Output::is_default")]
    pub output: Output,
}

/// The part of the section an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, strum::EnumIter)]
pub enum Extract {
    /// Every piece, each on its own page.
    #[default]
    Section,
    Rc,
    Ccap,
    Annexes,
    /// What the buyer keeps (decision record, notice values, reasons): never published.
    Note,
}

impl Extract {
    pub const ALL: [Extract; 5] = [
        Extract::Section,
        Extract::Rc,
        Extract::Ccap,
        Extract::Annexes,
        Extract::Note,
    ];

    /// The name the command line and the file names use.
    pub fn key(self) -> &'static str {
        match self {
            Extract::Section => "section",
            Extract::Rc => "rc",
            Extract::Ccap => "ccap",
            Extract::Annexes => "annexes",
            Extract::Note => "note",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Extract::Section => "Section complète (toutes les pièces)",
            Extract::Rc => "Règlement de la consultation (RC)",
            Extract::Ccap => "CCAP",
            Extract::Annexes => "Annexes du dossier de consultation",
            Extract::Note => "Note interne (rapport de présentation)",
        }
    }
}

/// Export settings of a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Output {
    /// Number of the first generated article: the section is inserted among the buyer's own.
    #[serde(default = "Output::default_first_article")]
    pub first_article: u32,
    #[serde(default)]
    pub extract: Extract,
    /// The buyer's own Word model last exported into, for « Exporter dans mon modèle… ».
    #[serde(default)]
    pub model: Option<String>,
}

impl Output {
    fn default_first_article() -> u32 {
        1
    }

    fn is_default(&self) -> bool {
        *self == Output::default()
    }
}

impl Default for Output {
    fn default() -> Output {
        Output {
            first_article: Output::default_first_article(),
            extract: Extract::Section,
            model: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub title: String,
    /// The buyer's own consultation reference, printed in the document header.
    #[serde(default)]
    pub reference: String,
    #[serde(default)]
    pub author: String,
    pub buyer: Buyer,
    /// Launch date of the consultation: it decides which law and thresholds apply.
    /// None means "today" at evaluation time.
    #[serde(default, deserialize_with = "validate::launch_date")]
    pub launch_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Buyer {
    pub name: String,
    pub kind: BuyerKind,
    /// Annual purchasing volume HT, in cents (SPASER duty above the amount in the data).
    #[serde(default)]
    pub annual_purchasing_cents: Option<i64>,
    /// Operating expenses (local authority, its public bodies and groupings) or charges (State
    /// administrative public body other than a hospital) above the R2191-7 / R2191-33 amount:
    /// SMEs are then owed a higher minimum advance and a lower retention cap.
    #[serde(default)]
    pub large_body: bool,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_email: String,
    #[serde(default)]
    pub contact_phone: String,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, strum::EnumIter,
)]
pub enum BuyerKind {
    /// Collectivité territoriale or groupement (commune, département, région, EPCI…).
    #[default]
    LocalAuthority,
    /// Central government authorities (État, ministères).
    CentralGovernment,
    /// Other pouvoirs adjudicateurs: hospitals, public establishments, social landlords…
    PublicBody,
    /// Entité adjudicatrice (network operators).
    Utility,
    /// A buyer passing defence or security contracts: its own EU threshold, and outside the
    /// climate-law obligations of execution conditions and award criteria.
    DefenceSecurity,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, strum::EnumIter,
)]
pub enum Nature {
    #[default]
    Works,
    Supplies,
    Services,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Purchase {
    pub object: String,
    pub nature: Nature,
    #[serde(default)]
    pub cpv: Option<String>,
    /// Estimated total HT over the whole duration, renewals and options included.
    pub amount_cents: i64,
    #[serde(deserialize_with = "validate::duration_months")]
    pub duration_months: u32,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub needs: String,
    /// Département where the contract is performed (« 69 », « 2A », « 974 »), to count the
    /// structures able to do the work nearby. None: deduced from `place` when it holds a
    /// postcode or a département, otherwise unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departement: Option<String>,
    /// Social and other specific services of the CCP annex (R2123-1 3°): adapted procedure
    /// whatever the amount. Only some of them (by CPV code) may be reserved under L2113-15.
    #[serde(default)]
    pub specific_services: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Sourcing {
    pub done: bool,
    #[serde(default)]
    pub contacts: Vec<SourcingContact>,
    #[serde(default)]
    pub networks: Vec<String>,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SourcingContact {
    pub name: String,
    pub kind: SupplierKind,
    #[serde(default)]
    pub trade: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum SupplierKind {
    #[default]
    Sme,
    /// Structure d'insertion par l'activité économique (EI, ETTI, AI, ACI).
    Siae,
    /// Entreprise adaptée.
    Ea,
    /// Établissement et service d'aide par le travail.
    Esat,
    /// Other social and solidarity economy enterprise.
    Ess,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allotment {
    /// false = single contract; `non_allotment` then carries the L2113-11 decision and
    /// `lots` holds exactly one entry describing the whole contract (its levers).
    pub allotted: bool,
    #[serde(default)]
    pub non_allotment: NonAllotment,
    pub lots: Vec<Lot>,
    #[serde(default)]
    pub max_lots_bid: Option<u32>,
    #[serde(default)]
    pub max_lots_awarded: Option<u32>,
    #[serde(default)]
    pub tie_break: Option<TieBreak>,
}

impl Default for Allotment {
    fn default() -> Self {
        Allotment {
            allotted: true,
            non_allotment: NonAllotment::default(),
            lots: Vec::new(),
            max_lots_bid: None,
            max_lots_awarded: None,
            tie_break: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct NonAllotment {
    #[serde(default)]
    pub grounds: Vec<NonAllotmentGround>,
    /// The concrete legal and factual reasons (a ground alone is not enough).
    #[serde(default)]
    pub justification: String,
}

/// The exhaustive exceptions of L2113-11.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::EnumIter)]
pub enum NonAllotmentGround {
    /// 1° the buyer cannot itself organise, steer and coordinate the lots.
    CannotCoordinate,
    /// 2° lots would restrict competition.
    RestrictsCompetition,
    /// 2° lots would make performance technically difficult.
    TechnicallyDifficult,
    /// 2° lots would make performance financially more costly.
    FinanciallyCostly,
}

/// Rule applied when a tenderer would win more lots than the maximum (R2113-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TieBreak {
    /// Lots are awarded in decreasing order of their estimated amount.
    DecreasingAmount,
    /// Lots are awarded in the order of their numbers.
    LotOrder,
    /// The tenderer gets the lots where its lead over the runner-up is largest.
    LargestLead,
    /// A rule written by the buyer.
    Custom(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Lot {
    pub number: u32,
    pub title: String,
    /// None = the purchase's nature.
    #[serde(default)]
    pub nature: Option<Nature>,
    pub amount_cents: i64,
    /// Trade preset id (assets/trades.ron) the hours inputs came from.
    #[serde(default)]
    pub trade: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub reservations: Vec<ReservationBasis>,
    #[serde(default)]
    pub insertion_clause: Option<InsertionClause>,
    #[serde(default)]
    pub insertion_criterion: Option<InsertionCriterion>,
    /// Marché d'insertion: insertion is the object, the work is its support.
    #[serde(default)]
    pub insertion_market: bool,
    /// Social execution conditions of the families other than insertion (supply chain,
    /// working conditions, equality…), besides or instead of the insertion clause.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub social_conditions: Vec<SocialCondition>,
    /// Minimum annual turnover required of candidates, HT cents.
    #[serde(default)]
    pub min_turnover_cents: Option<i64>,
    #[serde(default)]
    pub min_turnover_justification: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub enum ReservationBasis {
    /// L2113-12: entreprises adaptées, ESAT and equivalent.
    Disability,
    /// L2113-13: SIAE and equivalent.
    Insertion,
    /// L2113-14: both categories together.
    DisabilityAndInsertion,
    /// L2113-13-1: production in prison by detainees.
    Prison,
    /// L2113-15: ESS enterprises, for the health, social and cultural services of the list.
    Ess,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsertionClause {
    pub method: HoursMethod,
    /// Share of the labour hours reserved to insertion, in percent (usually 5 to 20).
    #[serde(deserialize_with = "validate::percent")]
    pub rate_percent: f64,
    /// Hours set by hand (for instance by the facilitator) instead of the computed value.
    #[serde(default)]
    pub hours_override: Option<u32>,
    /// Ids from assets/publics.ron.
    #[serde(default)]
    pub publics: Vec<String>,
    /// Ids from assets/modes.ron: the means the holder may choose from.
    #[serde(default)]
    pub modes: Vec<String>,
    /// Penalty per insertion hour not performed, cents.
    #[serde(default, deserialize_with = "validate::penalty_cents")]
    pub penalty_per_hour_cents: Option<i64>,
    /// Penalty per missing or late report, cents.
    #[serde(default, deserialize_with = "validate::penalty_cents")]
    pub report_penalty_cents: Option<i64>,
    #[serde(default)]
    pub reporting: ReportingFrequency,
    /// Urban-renewal operation (ANRU): hours go to residents of priority neighbourhoods.
    #[serde(default)]
    pub urban_renewal: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum HoursMethod {
    /// hours = amount × labour share × rate ÷ loaded hourly cost
    General {
        #[serde(deserialize_with = "validate::percent")]
        labour_share_percent: f64,
        hourly_cost_cents: i64,
    },
    /// Cleaning branch method with staff takeover: S monthly hours taken over.
    Cleaning { transferred_monthly_hours: f64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ReportingFrequency {
    #[default]
    Monthly,
    Quarterly,
}

/// The families of social execution conditions besides insertion. What each asks, how it is
/// controlled and its eForms code are data (assets/social_conditions.ron).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    PartialOrd,
    Ord,
    strum::EnumIter,
)]
pub enum SocialFamily {
    /// Human rights and decent work in the supply chain of manufactured goods.
    SupplyChain,
    /// Fair working conditions for services performed on site.
    WorkingConditions,
    /// Gender equality and non-discrimination for the staff assigned to the contract.
    Equality,
    /// Work entrusted to disabled workers (EA, ESAT, direct hiring).
    Disability,
    /// Apprentices, tutoring, training hours.
    Training,
    /// Accessibility of goods, services and digital deliverables.
    Accessibility,
    /// Fair-trade products (law 2005-882, art. 60).
    FairTrade,
}

impl SocialFamily {
    pub const ALL: [SocialFamily; 7] = [
        SocialFamily::SupplyChain,
        SocialFamily::WorkingConditions,
        SocialFamily::Equality,
        SocialFamily::Disability,
        SocialFamily::Training,
        SocialFamily::Accessibility,
        SocialFamily::FairTrade,
    ];
}

/// One social execution condition of a lot: the obligations and controls chosen from its
/// family's lists, the measurable amount when the family has one, and the penalty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocialCondition {
    pub family: SocialFamily,
    /// Ids of the family's obligations the holder takes on.
    #[serde(default)]
    pub obligations: Vec<String>,
    /// Hours, or a percentage, for the families whose obligation is a quantity.
    #[serde(default)]
    pub quantity: Option<f64>,
    /// Ids of the family's means of control (documents the holder hands over).
    #[serde(default)]
    pub controls: Vec<String>,
    /// Penalty per breach (or per unit missing, as the family says), cents.
    #[serde(default, deserialize_with = "validate::penalty_cents")]
    pub penalty_cents: Option<i64>,
    #[serde(default)]
    pub reporting: ReportingFrequency,
    /// The buyer's precisions (products concerned, sites, references of the CCTP).
    #[serde(default)]
    pub details: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsertionCriterion {
    #[serde(deserialize_with = "validate::weight")]
    pub weight_percent: u32,
    #[serde(default)]
    pub subcriteria: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SmeAccess {
    /// Legal form imposed on a groupement after award (never at candidacy, R2142-22).
    #[serde(default)]
    pub groupement_form_after_award: GroupementForm,
    #[serde(default)]
    pub groupement_justification: String,
    /// The mandataire is jointly liable for each member (R2142-24).
    #[serde(default)]
    pub mandataire_jointly_liable: bool,
    /// Advance rate granted, percent (None = the legal minimum).
    #[serde(default, deserialize_with = "validate::percent_opt")]
    pub advance_percent: Option<f64>,
    /// Retention money, percent (capped by R2191-33, lower for SMEs with some buyers).
    #[serde(default, deserialize_with = "validate::percent_opt")]
    pub retention_percent: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum GroupementForm {
    #[default]
    Free,
    Joint,
    Several,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Facilitator {
    pub organisation: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocialException {
    /// None = the whole purchase.
    #[serde(default)]
    pub lot: Option<u32>,
    pub ground: ExceptionGround,
    pub reasons: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::EnumIter)]
pub enum ExceptionGround {
    /// No sufficient link with the object of the contract.
    NoLinkWithObject,
    /// It would restrict competition.
    RestrictsCompetition,
    /// It would make performance technically or economically difficult.
    PerformanceDifficulty,
    /// The need can be met by a solution immediately available. Believed to be a ground of the
    /// marchés version of L2112-2-1 only: shown « à vérifier » whenever it is used.
    ImmediatelyAvailable,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentalTerms {
    /// Environmental execution condition, in the buyer's words (mandatory under L2112-2).
    #[serde(default)]
    pub condition: Option<String>,
    /// Environmental award criterion, in the buyer's words (mandatory under L2152-7).
    #[serde(default)]
    pub criterion: Option<String>,
}

impl Project {
    /// A fresh project with one empty lot, as `clausier new` and the wizard start it.
    pub fn blank() -> Project {
        Project {
            version: PROJECT_VERSION,
            meta: Meta::default(),
            purchase: Purchase::default(),
            sourcing: Sourcing::default(),
            allotment: Allotment {
                lots: vec![Lot {
                    number: 1,
                    ..Lot::default()
                }],
                ..Allotment::default()
            },
            sme_access: SmeAccess::default(),
            facilitator: None,
            social_exceptions: Vec::new(),
            environment: EnvironmentalTerms::default(),
            output: Output::default(),
        }
    }

    pub fn lot_nature(&self, lot: &Lot) -> Nature {
        lot.nature.unwrap_or(self.purchase.nature)
    }

    pub fn lots_total_cents(&self) -> i64 {
        self.allotment
            .lots
            .iter()
            .fold(0i64, |acc, l| acc.saturating_add(l.amount_cents))
    }
}

#[cfg(test)]
mod enum_list_tests {
    use super::*;
    use strum::IntoEnumIterator;

    /// The hand-ordered lists (the order the window and the documents show) hold every
    /// variant: a new one added to an enum and forgotten in its list fails here.
    #[test]
    fn every_ordered_list_holds_every_variant() {
        assert_eq!(SocialFamily::ALL.len(), SocialFamily::iter().count());
        assert!(SocialFamily::iter().all(|f| SocialFamily::ALL.contains(&f)));
        assert!(NonAllotmentGround::iter().all(|g| NonAllotmentGround::ALL.contains(&g)));
        assert!(Extract::iter().all(|e| Extract::ALL.contains(&e)));
    }
}
