//! The bundled tables behind the supply evidence: kinds of structures, headcount bands,
//! trade and CPV mappings to activities (assets/supply.ron), départements and their
//! neighbours (assets/departements.ron). Loaded like `crate::reference`, with French errors
//! that give the file, line and column.

use crate::model::ReservationBasis;
use crate::tabular::normalise_header;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The kinds of structures a pack may list (the Marché de l'inclusion's types, plus ESS).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::EnumIter,
)]
pub enum StructureKind {
    EI,
    ACI,
    AI,
    ETTI,
    EITI,
    GEIQ,
    EA,
    EATT,
    ESAT,
    ESS,
    SEP,
}

impl StructureKind {
    pub fn code(self) -> &'static str {
        match self {
            StructureKind::EI => "EI",
            StructureKind::ACI => "ACI",
            StructureKind::AI => "AI",
            StructureKind::ETTI => "ETTI",
            StructureKind::EITI => "EITI",
            StructureKind::GEIQ => "GEIQ",
            StructureKind::EA => "EA",
            StructureKind::EATT => "EATT",
            StructureKind::ESAT => "ESAT",
            StructureKind::ESS => "ESS",
            StructureKind::SEP => "SEP",
        }
    }
}

/// Groups of kinds as the law names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Family {
    /// Structures d'insertion par l'activité économique.
    Siae,
    Geiq,
    /// Entreprises adaptées (and their temporary-work form).
    Disability,
    /// ESAT.
    Sheltered,
    Ess,
    Prison,
}

impl Family {
    /// The short name used in counts (« 7 SIAE et 2 EA »), singular and plural.
    pub fn short(self, n: usize) -> &'static str {
        match (self, n > 1) {
            (Family::Siae, _) => "SIAE",
            (Family::Geiq, _) => "GEIQ",
            (Family::Disability, _) => "EA",
            (Family::Sheltered, _) => "ESAT",
            (Family::Ess, false) => "entreprise de l'ESS",
            (Family::Ess, true) => "entreprises de l'ESS",
            (Family::Prison, false) => "structure de travail en détention",
            (Family::Prison, true) => "structures de travail en détention",
        }
    }
}

/// What the structure delivers: the service or goods themselves, or people placed with the
/// contract holder (temporary work, staff made available).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DeliveryMode {
    Production,
    StaffProvision,
}

impl DeliveryMode {
    pub fn code(self) -> &'static str {
        match self {
            DeliveryMode::Production => "production",
            DeliveryMode::StaffProvision => "staff_provision",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DeliveryMode::Production => "réalise la prestation",
            DeliveryMode::StaffProvision => "met du personnel à disposition",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindRow {
    pub kind: StructureKind,
    pub label: String,
    pub plural: String,
    pub family: Family,
    pub mode: DeliveryMode,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub source: String,
    #[serde(default)]
    pub to_verify: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReservationRow {
    pub basis: ReservationBasis,
    pub families: Vec<Family>,
    pub article: String,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadcountBands {
    pub source: String,
    pub bands: Vec<HeadcountBand>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadcountBand {
    pub code: String,
    pub label: String,
    pub min: u32,
    pub max: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prefixes {
    pub prefixes: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinStructures {
    pub value: usize,
    pub source: String,
    #[serde(default)]
    pub to_verify: bool,
}

/// The activities that do a trade's work: NAF rév. 2 prefixes (« 81.21Z », « 43.21 »,
/// « 43 ») and sector names of the Marché de l'inclusion.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TradeActivities {
    pub trade: String,
    pub naf: Vec<String>,
    #[serde(default)]
    pub sectors: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CpvActivities {
    pub cpv: String,
    pub label: String,
    pub naf: Vec<String>,
    #[serde(default)]
    pub sectors: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupplyTables {
    pub kinds: Vec<KindRow>,
    pub reservations: Vec<ReservationRow>,
    pub headcount_bands: HeadcountBands,
    pub staffing_naf: Prefixes,
    pub reservation_min_structures: MinStructures,
    pub trades: Vec<TradeActivities>,
    pub cpv: Vec<CpvActivities>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Departement {
    pub code: String,
    pub name: String,
    pub neighbours: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Departements {
    pub source: String,
    pub departements: Vec<Departement>,
}

/// Everything the supply module reads from `assets/`, with lookups prepared once.
#[derive(Debug, Clone)]
pub struct SupplyReference {
    pub tables: SupplyTables,
    pub departements: Departements,
    kind_names: HashMap<String, StructureKind>,
    departement_names: HashMap<String, String>,
}

const SUPPLY_RON: &str = include_str!("../../assets/supply.ron");
const DEPARTEMENTS_RON: &str = include_str!("../../assets/departements.ron");

fn parse_ron<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T, String> {
    ron::Options::default()
        .from_str(text)
        .map_err(|e| crate::model::spanned_error(std::path::Path::new(name), &e).to_string())
}

impl SupplyReference {
    /// The tables compiled into the binary; the test suite checks them, so a failure here is
    /// a build defect.
    pub fn bundled() -> &'static SupplyReference {
        static DATA: std::sync::OnceLock<SupplyReference> = std::sync::OnceLock::new();
        DATA.get_or_init(|| {
            SupplyReference::parse(SUPPLY_RON, DEPARTEMENTS_RON)
                .unwrap_or_else(|e| panic!("bundled supply tables are invalid: {e}"))
        })
    }

    pub fn parse(supply: &str, departements: &str) -> Result<SupplyReference, String> {
        let tables: SupplyTables = parse_ron("assets/supply.ron", supply)?;
        let departements: Departements = parse_ron("assets/departements.ron", departements)?;
        let mut kind_names = HashMap::new();
        for row in &tables.kinds {
            for name in std::iter::once(row.kind.code())
                .chain(std::iter::once(row.label.as_str()))
                .chain(std::iter::once(row.plural.as_str()))
                .chain(row.aliases.iter().map(String::as_str))
            {
                kind_names.insert(normalise_header(name), row.kind);
            }
        }
        let departement_names = departements
            .departements
            .iter()
            .map(|d| (normalise_header(&d.name), d.code.clone()))
            .collect();
        Ok(SupplyReference {
            tables,
            departements,
            kind_names,
            departement_names,
        })
    }

    pub fn kind(&self, kind: StructureKind) -> &KindRow {
        self.tables
            .kinds
            .iter()
            .find(|k| k.kind == kind)
            .expect("every kind has a row (checked by the tests)")
    }

    /// A kind from a code or a label as exports write it (« EI », « Entreprise adaptée »,
    /// « Atelier chantier d'insertion (ACI) »).
    pub fn parse_kind(&self, text: &str) -> Option<StructureKind> {
        if let Some(kind) = self.kind_names.get(&normalise_header(text)) {
            return Some(*kind);
        }
        // « Libellé (CODE) »: the code in the last parentheses.
        let inner = text.rsplit_once('(')?.1.split(')').next()?;
        self.kind_names.get(&normalise_header(inner)).copied()
    }

    pub fn departement(&self, code: &str) -> Option<&Departement> {
        self.departements
            .departements
            .iter()
            .find(|d| d.code == code)
    }

    pub fn departement_by_name(&self, name: &str) -> Option<&str> {
        self.departement_names
            .get(&normalise_header(name))
            .map(String::as_str)
    }

    pub fn trade(&self, id: &str) -> Option<&TradeActivities> {
        self.tables.trades.iter().find(|t| t.trade == id)
    }

    /// The row of the longest CPV prefix matching `code` (« 77313000-7 » → « 7731 »).
    pub fn cpv(&self, code: &str) -> Option<&CpvActivities> {
        let digits: String = code
            .chars()
            .take_while(|c| *c != '-')
            .filter(char::is_ascii_digit)
            .collect();
        self.tables
            .cpv
            .iter()
            .filter(|row| !row.cpv.is_empty() && digits.starts_with(&row.cpv))
            .max_by_key(|row| row.cpv.len())
    }

    pub fn families_for(&self, basis: ReservationBasis) -> &[Family] {
        self.tables
            .reservations
            .iter()
            .find(|r| r.basis == basis)
            .map_or(&[], |r| r.families.as_slice())
    }

    pub fn band(&self, code: &str) -> Option<&HeadcountBand> {
        self.tables
            .headcount_bands
            .bands
            .iter()
            .find(|b| b.code == code)
    }

    pub fn is_staffing_naf(&self, naf: &str) -> bool {
        self.tables
            .staffing_naf
            .prefixes
            .iter()
            .any(|p| naf_matches(naf, p))
    }
}

/// Whether a NAF code (« 81.21Z ») falls under a prefix written as a division (« 81 »), a
/// group (« 81.2 »), a class (« 81.21 ») or a full code (« 81.21Z »).
pub fn naf_matches(naf: &str, prefix: &str) -> bool {
    !prefix.is_empty() && naf.starts_with(prefix)
}
