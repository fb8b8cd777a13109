//! Reading a purchasing programme: the columns buyers give it (whatever their case, accents
//! and spelling), and each row turned into a planned purchase or the reason it cannot be,
//! with its line in the file.

use super::cpv::CpvTables;
use crate::fr::{parse_amount_cents, AmountError};
use crate::model::Nature;
use crate::tabular::{self, Column, Row, SourceFormat};
use chrono::{Datelike, NaiveDate};
use std::path::Path;

// Column indices, in the order of COLUMNS.
const TITLE: usize = 0;
const NATURE: usize = 1;
const AMOUNT: usize = 2;
const DATE: usize = 3;
const CPV: usize = 4;
const MONTHS: usize = 5;
const PLACE: usize = 6;
const SERVICE: usize = 7;

/// The columns of a programme and the names they go by in the tables buyers keep.
pub const COLUMNS: [Column; 8] = [
    Column {
        key: "intitule",
        aliases: &[
            "Intitulé",
            "Intitulé de l'achat",
            "Intitulé du marché",
            "Intitulé de la consultation",
            "Objet",
            "Objet de l'achat",
            "Objet du marché",
            "Objet de la consultation",
            "Libellé",
            "Libellé de l'achat",
            "Désignation",
            "Titre",
        ],
    },
    Column {
        key: "nature",
        aliases: &[
            "Nature de l'achat",
            "Nature du marché",
            "Nature de la prestation",
            "Type d'achat",
            "Type de marché",
            "Catégorie",
        ],
    },
    Column {
        key: "montant",
        aliases: &[
            "Montant HT",
            "Montant (€ HT)",
            "Montant en euros HT",
            "Montant estimé",
            "Montant estimé HT",
            "Montant estimatif",
            "Montant estimatif HT",
            "Montant prévisionnel",
            "Montant prévisionnel HT",
            "Montant total HT",
            "Montant total",
            "Estimation",
            "Estimation HT",
            "Estimation (€ HT)",
            "Budget",
            "Budget HT",
            "Budget prévisionnel",
            "Valeur estimée",
            "Valeur estimée HT",
        ],
    },
    Column {
        key: "date_lancement",
        aliases: &[
            "Date de lancement",
            "Date prévisionnelle de lancement",
            "Date de lancement prévue",
            "Lancement",
            "Lancement prévu",
            "Mois de lancement",
            "Date de publication",
            "Date de publication prévue",
            "Date prévisionnelle",
            "Date",
        ],
    },
    Column {
        key: "cpv",
        aliases: &["Code CPV", "Code CPV principal", "CPV principal", "codeCPV"],
    },
    Column {
        key: "duree_mois",
        aliases: &[
            "Durée en mois",
            "Durée (mois)",
            "Durée du marché en mois",
            "Durée du marché",
            "Durée totale",
            "Durée",
            "Nombre de mois",
            "Mois",
        ],
    },
    Column {
        key: "lieu",
        aliases: &[
            "Lieu d'exécution",
            "Lieu de réalisation",
            "Lieu de livraison",
            "Lieu",
            "Commune",
            "Site",
        ],
    },
    Column {
        key: "service",
        aliases: &[
            "Service prescripteur",
            "Service acheteur",
            "Service demandeur",
            "Service",
            "Direction",
            "Direction opérationnelle",
            "Pôle",
        ],
    },
];

/// A purchase the buyer plans, as read from one row.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedPurchase {
    /// The row's line in the file (for a spreadsheet, its row number).
    pub line: u64,
    pub title: String,
    pub service: String,
    pub nature: Nature,
    pub amount_cents: i64,
    pub launch_date: Option<NaiveDate>,
    pub cpv: Option<String>,
    pub duration_months: u32,
    /// false: the row gave no duration and the default was taken.
    pub duration_given: bool,
    pub place: String,
    /// What was assumed to read the row (nature from the CPV code, default duration…).
    pub notes: Vec<String>,
}

/// A row that cannot be used, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    pub line: u64,
    pub title: String,
    pub service: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PlannedRow {
    Purchase(PlannedPurchase),
    Error(RowError),
}

impl PlannedRow {
    pub fn line(&self) -> u64 {
        match self {
            PlannedRow::Purchase(p) => p.line,
            PlannedRow::Error(e) => e.line,
        }
    }
}

/// A programme as read: its rows in file order, and how the file was understood.
#[derive(Debug, Clone, PartialEq)]
pub struct Programme {
    pub file_name: String,
    pub format: SourceFormat,
    pub header_line: u64,
    /// For each column of [`COLUMNS`], the header it was found under.
    pub found: Vec<Option<String>>,
    pub ignored_columns: Vec<String>,
    pub rows: Vec<PlannedRow>,
}

impl Programme {
    pub fn purchases(&self) -> impl Iterator<Item = &PlannedPurchase> {
        self.rows.iter().filter_map(|r| match r {
            PlannedRow::Purchase(p) => Some(p),
            PlannedRow::Error(_) => None,
        })
    }

    /// « colonnes reconnues : Intitulé (intitule), Montant HT (montant)… ».
    pub fn columns_text(&self) -> String {
        let found: Vec<String> = COLUMNS
            .iter()
            .zip(&self.found)
            .filter_map(|(c, f)| f.as_ref().map(|f| format!("« {f} » ({})", c.key)))
            .collect();
        found.join(", ")
    }
}

/// Duration taken when a row gives none: a yearly programme plans yearly purchases.
pub const DEFAULT_MONTHS: u32 = 12; // not a legal figure: the default of a missing duration

/// Reads a programme file (CSV, XLSX, XLS or ODS). Errors are French and name the file; a bad
/// row is not an error of the file, it comes back as a [`PlannedRow::Error`].
pub fn read_file(path: &Path) -> Result<Programme, String> {
    let bytes = crate::util::read_input(path)
        .map_err(|reason| format!("{} : lecture impossible ({reason})", path.display()))?;
    let name = path
        .file_name()
        .map_or(path.display().to_string(), |n| n.to_string_lossy().into());
    read_bytes(&bytes, &name).map_err(|e| format!("{} : {e}", path.display()))
}

pub fn read_bytes(bytes: &[u8], file_name: &str) -> Result<Programme, String> {
    let table = tabular::read_bytes(bytes, &COLUMNS).map_err(|e| e.0)?;
    if !table.has(AMOUNT) {
        return Err(format!(
            "colonne du montant introuvable dans la ligne d'en-tête (ligne {}) : nommez-la « Montant HT », « Estimation » ou « Budget »",
            table.header_line
        ));
    }
    let tables = CpvTables::bundled();
    let rows = table
        .rows
        .iter()
        .map(|row| parse_row(row, tables))
        .collect();
    Ok(Programme {
        file_name: file_name.to_string(),
        format: table.format,
        header_line: table.header_line,
        found: table.found,
        ignored_columns: table.ignored_columns,
        rows,
    })
}

fn parse_row(row: &Row, tables: &CpvTables) -> PlannedRow {
    let title = clean(row.get(TITLE));
    let service = clean(row.get(SERVICE));
    let fail = |message: String| {
        PlannedRow::Error(RowError {
            line: row.line,
            title: title.clone(),
            service: service.clone(),
            message,
        })
    };
    match purchase(row, tables, &title, &service) {
        Ok(p) => PlannedRow::Purchase(p),
        Err(message) => fail(message),
    }
}

fn purchase(
    row: &Row,
    tables: &CpvTables,
    title: &str,
    service: &str,
) -> Result<PlannedPurchase, String> {
    let mut notes = Vec::new();
    let amount_text = row.get(AMOUNT);
    let is_total = crate::fr::fold_for_search(title).starts_with("total")
        || crate::fr::fold_for_search(title).starts_with("sous-total");
    if is_total && row.get(NATURE).trim().is_empty() {
        return Err("ligne de total ou de sous-total : elle n'est pas un achat".into());
    }
    if amount_text.trim().is_empty() {
        return Err("montant manquant : indiquez le montant estimé HT sur toute la durée".into());
    }
    let amount_cents = amount(amount_text)
        .map_err(|e| format!("montant « {} » illisible : {e}", amount_text.trim()))?;
    if amount_cents == 0 {
        return Err("montant nul : indiquez le montant estimé HT sur toute la durée".into());
    }
    let cpv_text = row.get(CPV).trim();
    let cpv = if cpv_text.is_empty() {
        None
    } else if crate::reference::cpv_digits(cpv_text).is_some() {
        Some(cpv_text.to_string())
    } else {
        notes.push(format!(
            "code CPV « {cpv_text} » illisible (huit chiffres attendus) : non utilisé"
        ));
        None
    };
    let nature = nature(row.get(NATURE), cpv.as_deref(), tables, &mut notes)?;
    let date_text = row.get(DATE).trim();
    let launch_date = if date_text.is_empty() {
        None
    } else {
        Some(date(date_text).ok_or_else(|| {
            format!("date de lancement « {date_text} » illisible : écrivez-la 2027-03-15, 15/03/2027 ou 03/2027")
        })?)
    };
    let months_text = row.get(MONTHS).trim();
    let (duration_months, duration_given) = if months_text.is_empty() {
        notes.push(format!(
            "durée non indiquée : {DEFAULT_MONTHS} mois retenus"
        ));
        (DEFAULT_MONTHS, false)
    } else {
        (
            months(months_text).ok_or_else(|| {
                format!("durée « {months_text} » illisible : indiquez un nombre de mois entre 1 et 600 (par exemple 24 ou « 2 ans »)")
            })?,
            true,
        )
    };
    Ok(PlannedPurchase {
        line: row.line,
        title: if title.is_empty() {
            format!("Ligne {}", row.line)
        } else {
            title.to_string()
        },
        service: service.to_string(),
        nature,
        amount_cents,
        launch_date,
        cpv,
        duration_months,
        duration_given,
        place: clean(row.get(PLACE)),
        notes,
    })
}

/// Text cells keep only characters a document accepts, on one line.
fn clean(text: &str) -> String {
    let text = crate::util::xml_text(text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The nature written in the row (with the abbreviations of purchasing departments), or the
/// one of its CPV code.
fn nature(
    text: &str,
    cpv: Option<&str>,
    tables: &CpvTables,
    notes: &mut Vec<String>,
) -> Result<Nature, String> {
    let from_cpv = cpv.and_then(|c| tables.nature(c));
    let key = crate::tabular::normalise_header(text);
    let named = match key.as_str() {
        "" => None,
        "travaux" | "travail" | "trx" | "t" | "tx" | "works" | "w" => Some(Nature::Works),
        "fournitures" | "fourniture" | "f" | "fo" | "supplies" | "achat" | "achats" => {
            Some(Nature::Supplies)
        }
        "services" | "service" | "s" | "prestations" | "prestation" | "pi"
        | "prestationsintellectuelles" | "prestationintellectuelle" | "moe"
        | "maitrisedoeuvre" | "tic" | "informatique" => Some(Nature::Services),
        "fcs" | "fournituresetservices" | "fournituresouservices" | "fournituresservices"
        | "fourniturescourantesetservices" | "fournituresetprestations" => {
            // Supplies or services: the CPV code decides, else supplies (the two natures
            // share their thresholds; only the advice differs).
            return Ok(match from_cpv {
                Some(n @ (Nature::Supplies | Nature::Services)) => n,
                _ => {
                    notes.push(format!("nature « {} » sans code CPV : fournitures retenues ; indiquez le code CPV pour affiner les leviers", text.trim()));
                    Nature::Supplies
                }
            });
        }
        _ => {
            return Err(format!(
                "nature « {} » inconnue : écrivez travaux, fournitures ou services (FCS et PI sont admis)",
                text.trim()
            ))
        }
    };
    match (named, from_cpv) {
        (Some(n), _) => Ok(n),
        (None, Some(n)) => {
            notes.push("nature déduite du code CPV".into());
            Ok(n)
        }
        (None, None) => Err(
            "nature manquante : indiquez travaux, fournitures ou services, ou un code CPV".into(),
        ),
    }
}

/// Amounts as buyers type them: spaces or dots between thousands, a comma or a point before
/// the cents, a euro sign or « HT » after, or a spreadsheet number with more decimals than
/// cents.
pub fn amount(text: &str) -> Result<i64, String> {
    let mut t = text.trim().to_string();
    for suffix in ["h.t.", "ht", "eur", "euros", "€"] {
        let lower = t.to_lowercase();
        if lower.ends_with(suffix) {
            t.truncate(t.len() - suffix.len());
            t = t.trim_end().to_string();
        }
    }
    match parse_amount_cents(&t) {
        Ok(cents) => Ok(cents),
        Err(AmountError::SeveralSeparators) if t.matches('.').count() > 1 || t.contains(',') => {
            // Dots between thousands, a comma before the cents.
            let dotted = t.replace('.', "");
            parse_amount_cents(&dotted).map_err(|e| e.to_string())
        }
        Err(AmountError::TooManyDecimals) => t
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .and_then(|v| parse_amount_cents(&format!("{v:.2}")).ok())
            .ok_or_else(|| AmountError::TooManyDecimals.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// « 2027-03-15 », « 15/03/2027 », « 15-03-2027 », « 15.03.2027 », « 2027-03 », « 03/2027 »,
/// « mars 2027 » (the first day of the month when no day is given).
pub fn date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let t = t
        .split(['T', ' '])
        .next()
        .filter(|d| d.len() >= 7)
        .unwrap_or(t);
    for format in ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(t, format) {
            return plausible(d);
        }
    }
    let numbers: Vec<&str> = t.split(['/', '-', '.']).collect();
    if let [a, b] = numbers.as_slice() {
        let (year, month) = if a.len() == 4 { (a, b) } else { (b, a) };
        if let (Ok(y), Ok(m)) = (year.parse::<i32>(), month.parse::<u32>()) {
            return NaiveDate::from_ymd_opt(y, m, 1).and_then(plausible);
        }
    }
    month_in_words(text.trim()).and_then(plausible)
}

/// A date a programme can hold: neither before the code nor centuries ahead.
fn plausible(d: NaiveDate) -> Option<NaiveDate> {
    (1990..=2100).contains(&d.year()).then_some(d) // not a legal figure: a sanity range of years
}

fn month_in_words(text: &str) -> Option<NaiveDate> {
    let mut words = text.split_whitespace();
    let month = crate::fr::month_from_name(words.next()?)?;
    let year: i32 = words.next()?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, 1)
}

/// « 24 », « 24 mois », « 2 ans », « 1 an » → months, between 1 and 50 years.
pub fn months(text: &str) -> Option<u32> {
    let folded = crate::fr::fold_for_search(text);
    let t = folded.trim();
    let (number, unit_years) = if let Some(n) = t.strip_suffix("ans").or(t.strip_suffix("an")) {
        (n.trim(), true)
    } else {
        (t.trim_end_matches("mois").trim(), false)
    };
    let value: f64 = number.replace(',', ".").parse().ok()?;
    let months = if unit_years { value * 12.0 } else { value };
    (months.is_finite() && (1.0..=600.0).contains(&months)).then(|| months.round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn amounts_in_french_plain_and_spreadsheet_notation() {
        assert_eq!(amount("150 000 € HT"), Ok(15_000_000));
        assert_eq!(amount("150000.5"), Ok(15_000_050));
        assert_eq!(amount("1.234.567,89"), Ok(123_456_789));
        assert_eq!(amount("33333.333333"), Ok(3_333_333));
        assert_eq!(amount("1 234 567,89 EUR"), Ok(123_456_789));
        assert!(amount("environ 3 M").is_err());
        assert!(amount("-5").is_err());
    }

    #[test]
    fn dates_in_the_forms_programmes_use() {
        assert_eq!(date("2027-03-15"), Some(d(2027, 3, 15)));
        assert_eq!(date("15/03/2027"), Some(d(2027, 3, 15)));
        assert_eq!(date("03/2027"), Some(d(2027, 3, 1)));
        assert_eq!(date("2027-03"), Some(d(2027, 3, 1)));
        assert_eq!(date("Mars 2027"), Some(d(2027, 3, 1)));
        assert_eq!(date("févr. 2027"), Some(d(2027, 2, 1)));
        assert_eq!(date("2027-03-15T00:00:00"), Some(d(2027, 3, 15)));
        assert_eq!(date("31/02/2027"), None);
        assert_eq!(date("T2 2027"), None);
        assert_eq!(date("15/03/0027"), None);
    }

    #[test]
    fn durations_in_months_or_years() {
        assert_eq!(months("24"), Some(24));
        assert_eq!(months("36 mois"), Some(36));
        assert_eq!(months("2 ans"), Some(24));
        assert_eq!(months("1 an"), Some(12));
        assert_eq!(months("0"), None);
        assert_eq!(months("9999"), None);
        assert_eq!(months("longue"), None);
    }
}
