//! Importing a supplier pack from the files buyers have: the documented CSV format, the
//! search export of the Marché de l'inclusion, the data·inclusion list of structures, the
//! lists of entreprises adaptées and GEIQ, or any of them joined with the Sirene register.
//! Each bad row is reported with its line and set aside; the others are kept.

use super::pack::{PackMeta, Structure, SupplyPack, PACK_FORMAT};
use super::place;
use super::reference::{DeliveryMode, HeadcountBand, SupplyReference};
use crate::tabular::{self, Column, Row, Table};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;

// Column indices, in the order of COLUMNS.
const SIRET: usize = 0;
const NAME: usize = 1;
const KIND: usize = 2;
const NAF: usize = 3;
const SECTORS: usize = 4;
const SERVICE_TYPE: usize = 5;
const DEPARTEMENT: usize = 6;
const COMMUNE_CODE: usize = 7;
const POSTCODE: usize = 8;
const COMMUNE: usize = 9;
const HEADCOUNT: usize = 10;
const HEADCOUNT_BAND: usize = 11;
const WEBSITE: usize = 12;
const CONTACT: usize = 13;
const CONTACT_FIRST_NAME: usize = 14;
const CONTACT_LAST_NAME: usize = 15;
const EMAIL: usize = 16;
const PHONE: usize = 17;

/// The documented columns (their `key` is the name in the documented format) and the names
/// they bear in the exports buyers have:
/// - Marché de l'inclusion search export: « Raison sociale », « Siret », « Type de structure »,
///   « Type de prestation », « Secteurs d'activité », « Code postal », « Ville »,
///   « Département », « Site internet », « Prénom », « Nom », « E-mail », « Téléphone »,
///   « Nombre de salariés (API Entreprise) »;
/// - data·inclusion structures: `siret`, `nom`, `typologie`, `code_insee`, `code_postal`,
///   `commune`, `site_web`, `courriel`, `telephone`;
/// - list of entreprises adaptées: `Siret_Signataire`, `Denomination_Sociale_Signataire`,
///   `LIB_TYPE_EA`, `CODE_POST_Signataire`, `LIB_COM_Signataire`, `TEL_CONT_Signataire`;
/// - Sirene `StockEtablissement`: `siret`, `activitePrincipaleEtablissement`,
///   `codeCommuneEtablissement`, `codePostalEtablissement`, `libelleCommuneEtablissement`,
///   `trancheEffectifsEtablissement`, `denominationUsuelleEtablissement`.
pub const COLUMNS: [Column; 18] = [
    Column {
        key: "siret",
        aliases: &[
            "N° SIRET",
            "numero siret",
            "siret etablissement",
            "Siret_Signataire",
            "structure_siret_actualise",
        ],
    },
    Column {
        key: "raison_sociale",
        aliases: &[
            "Raison sociale",
            "Dénomination sociale",
            "Denomination_Sociale_Signataire",
            "structure_denomination",
            "Dénomination",
            "denominationUniteLegale",
            "denominationUsuelleEtablissement",
            "Nom de la structure",
            "Nom",
            "name",
            "Enseigne",
            "Nom commercial",
        ],
    },
    Column {
        key: "type",
        aliases: &[
            "Type de structure",
            "type_structure",
            "typologie",
            "LIB_TYPE_EA",
            "kind",
            "Catégorie",
        ],
    },
    Column {
        key: "naf",
        aliases: &[
            "Code NAF",
            "activitePrincipaleEtablissement",
            "structure_code_naf",
            "Code APE",
            "APE",
            "Activité principale",
        ],
    },
    Column {
        key: "secteurs",
        aliases: &[
            "Secteurs d'activité",
            "Secteurs",
            "Secteur d'activité",
            "sectors",
        ],
    },
    Column {
        key: "type_prestation",
        aliases: &["Type de prestation", "presta_type", "Types de prestation"],
    },
    Column {
        key: "departement",
        aliases: &[
            "Département",
            "Code département",
            "dep",
            "dept",
            "department",
        ],
    },
    Column {
        key: "code_commune",
        aliases: &[
            "Code commune",
            "code_insee",
            "Code Insee",
            "Code Insee commune",
            "codeCommuneEtablissement",
        ],
    },
    Column {
        key: "code_postal",
        aliases: &[
            "Code postal",
            "CP",
            "post_code",
            "codePostalEtablissement",
            "CODE_POST_Signataire",
            "structure_adresse_gestion_cp",
        ],
    },
    Column {
        key: "commune",
        aliases: &[
            "Ville",
            "city",
            "libelleCommuneEtablissement",
            "LIB_COM_Signataire",
            "structure_adresse_gestion_commune",
        ],
    },
    Column {
        key: "effectif",
        aliases: &[
            "Effectifs",
            "Nombre de salariés (API Entreprise)",
            "Nombre de salariés",
            "Salariés",
        ],
    },
    Column {
        key: "tranche_effectifs",
        aliases: &[
            "trancheEffectifsEtablissement",
            "Tranche d'effectifs",
            "Tranche d'effectif salarié",
            "trancheEffectifsUniteLegale",
        ],
    },
    Column {
        key: "site_web",
        aliases: &["Site internet", "Site web", "website", "URL"],
    },
    Column {
        key: "contact",
        aliases: &["Contacts", "Interlocuteur"],
    },
    Column {
        key: "contact_prenom",
        aliases: &["Prénom", "contact_first_name"],
    },
    Column {
        key: "contact_nom",
        aliases: &["Nom du contact", "contact_last_name", "Nom"],
    },
    Column {
        key: "email",
        aliases: &[
            "E-mail",
            "Courriel",
            "Mail",
            "Adresse électronique",
            "contact_email",
        ],
    },
    Column {
        key: "telephone",
        aliases: &[
            "Téléphone",
            "Tél",
            "phone",
            "TEL_CONT_Signataire",
            "contact_phone",
        ],
    },
];

/// A row set aside, or a value dropped from a row that was kept.
#[derive(Debug, Clone, PartialEq)]
pub struct RowIssue {
    pub line: u64,
    pub message: String,
    /// false: the row was set aside; true: kept without the faulty value.
    pub kept: bool,
}

impl std::fmt::Display for RowIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let fate = if self.kept {
            "ligne gardée"
        } else {
            "ligne écartée"
        };
        write!(f, "ligne {} : {} ({fate})", self.line, self.message)
    }
}

#[derive(Debug, Clone)]
pub struct ImportReport {
    pub pack: SupplyPack,
    pub issues: Vec<RowIssue>,
    /// Columns of the file that were not used, for the user to rename if they meant one.
    pub ignored_columns: Vec<String>,
    /// Where each documented column was found (documented name, header in the file).
    pub columns_found: Vec<(&'static str, String)>,
}

impl ImportReport {
    pub fn rejected(&self) -> usize {
        self.issues.iter().filter(|i| !i.kept).count()
    }

    /// « 312 structures importées depuis liste.csv (CSV, UTF-8, séparateur « ; ») ; 3 lignes
    /// écartées. »
    pub fn summary(&self) -> String {
        let meta = &self.pack.meta;
        let mut text = format!(
            "{} depuis {} ({})",
            crate::fr::count_of(
                self.pack.structures.len(),
                "structure importée",
                "structures importées"
            ),
            meta.file_name,
            meta.format
        );
        match self.rejected() {
            0 => text.push('.'),
            n => text.push_str(&format!(
                " ; {}, détail ci-dessous.",
                crate::fr::count_of(n, "ligne écartée", "lignes écartées")
            )),
        }
        text
    }
}

/// Reads a file into a pack dated `today`. Err only when the file as a whole cannot be
/// used (unreadable, no header, a required column missing, no valid row).
pub fn import_file(
    path: &Path,
    source: Option<&str>,
    today: NaiveDate,
    data: &SupplyReference,
) -> Result<ImportReport, String> {
    let table = tabular::read_file(path, &COLUMNS).map_err(|e| e.to_string())?;
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    import_table(table, &file_name, source, today, data)
        .map_err(|e| format!("{} : {e}", path.display()))
}

pub fn import_bytes(
    bytes: &[u8],
    file_name: &str,
    source: Option<&str>,
    today: NaiveDate,
    data: &SupplyReference,
) -> Result<ImportReport, String> {
    let table = tabular::read_bytes(bytes, &COLUMNS).map_err(|e| e.to_string())?;
    import_table(table, file_name, source, today, data)
}

fn import_table(
    table: Table,
    file_name: &str,
    source: Option<&str>,
    today: NaiveDate,
    data: &SupplyReference,
) -> Result<ImportReport, String> {
    check_columns(&table)?;
    let mut issues = Vec::new();
    let mut structures = Vec::with_capacity(table.rows.len());
    let mut seen: HashMap<String, u64> = HashMap::new();
    for row in &table.rows {
        match structure(row, &table, data, &mut issues) {
            Ok(s) => {
                if let Some(siret) = &s.siret {
                    if let Some(first) = seen.get(siret) {
                        issues.push(RowIssue {
                            line: row.line,
                            message: format!(
                                "SIRET {siret} déjà présent ligne {first} : la première ligne est gardée"
                            ),
                            kept: false,
                        });
                        continue;
                    }
                    seen.insert(siret.clone(), row.line);
                }
                structures.push(s);
            }
            Err(message) => issues.push(RowIssue {
                line: row.line,
                message,
                kept: false,
            }),
        }
    }
    if structures.is_empty() {
        let first = issues
            .first()
            .map(|i| format!(" ; par exemple {i}"))
            .unwrap_or_default();
        return Err(format!(
            "aucune ligne utilisable sur {} ({}){first}",
            table.format.describe(),
            crate::fr::count_of(table.rows.len(), "lue", "lues")
        ));
    }
    let columns_found = COLUMNS
        .iter()
        .zip(&table.found)
        .filter_map(|(c, f)| f.clone().map(|f| (c.key, f)))
        .collect();
    let rows_rejected = issues.iter().filter(|i| !i.kept).count();
    Ok(ImportReport {
        pack: SupplyPack {
            format: PACK_FORMAT,
            meta: PackMeta {
                file_name: file_name.to_string(),
                source: source.map(str::to_string),
                imported_on: today,
                format: table.format.describe(),
                rows_read: table.rows.len(),
                rows_rejected,
            },
            structures,
        },
        issues,
        ignored_columns: table.ignored_columns,
        columns_found,
    })
}

/// The columns without which no row can say what it is, where, and what it does.
fn check_columns(table: &Table) -> Result<(), String> {
    let mut missing = Vec::new();
    if !table.has(NAME) {
        missing.push("raison_sociale (ou « Raison sociale », « Nom »)".to_string());
    }
    if !table.has(KIND) {
        missing.push("type (EI, ACI, AI, ETTI, EITI, GEIQ, EA, EATT, ESAT ou ESS)".to_string());
    }
    if ![DEPARTEMENT, COMMUNE_CODE, POSTCODE]
        .iter()
        .any(|c| table.has(*c))
    {
        missing.push("departement (ou code_commune, ou code postal)".to_string());
    }
    if !table.has(NAF) && !table.has(SECTORS) {
        missing.push("naf (ou « Secteurs d'activité »)".to_string());
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{} : {} ; en-tête lu ligne {} ; colonnes non reconnues : {}",
        if missing.len() < 2 {
            "colonne manquante"
        } else {
            "colonnes manquantes"
        },
        missing.join(", "),
        table.header_line,
        if table.ignored_columns.is_empty() {
            "aucune".to_string()
        } else {
            table.ignored_columns.join(", ")
        }
    ))
}

fn structure(
    row: &Row,
    table: &Table,
    data: &SupplyReference,
    issues: &mut Vec<RowIssue>,
) -> Result<Structure, String> {
    let mut note = |message: String| {
        issues.push(RowIssue {
            line: row.line,
            message,
            kept: true,
        });
    };
    let name = row.get(NAME).to_string();
    if name.is_empty() {
        return Err("raison sociale vide".into());
    }
    let kind_text = row.get(KIND);
    if kind_text.is_empty() {
        return Err("type de structure vide".into());
    }
    let kind = data.parse_kind(kind_text).ok_or_else(|| {
        format!(
            "type « {kind_text} » non retenu (types admis : EI, ACI, AI, ETTI, EITI, GEIQ, EA, EATT, ESAT, ESS, SEP)"
        )
    })?;
    let siret = match row.get(SIRET) {
        "" => None,
        text => Some(siret(text)?),
    };
    let departement = departement(row, table, data)?;
    let naf = match row.get(NAF) {
        "" => None,
        text => Some(naf(text)?),
    };
    let sectors = row.get(SECTORS).to_string();
    if naf.is_none() && sectors.is_empty() {
        return Err(
            "ni code NAF ni secteur d'activité : le métier de la structure est inconnu".into(),
        );
    }
    let headcount = match headcount(row, data) {
        Ok(band) => band,
        Err(message) => {
            note(message);
            None
        }
    };
    let modes = modes(row.get(SERVICE_TYPE)).unwrap_or_else(|| vec![data.kind(kind).mode]);
    Ok(Structure {
        siret,
        name,
        kind,
        naf,
        sectors,
        departement,
        commune: row.get(COMMUNE).to_string(),
        headcount,
        website: row.get(WEBSITE).to_string(),
        contact: contact(row),
        modes,
        line: row.line,
    })
}

/// 14 digits (spaces and dots allowed) with a valid Luhn key; La Poste's establishments
/// (SIREN 356 000 000) use their own rule: the digits sum to a multiple of 5.
pub fn siret(text: &str) -> Result<String, String> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '\u{a0}' | '\u{202f}'))
        .collect();
    if digits.len() != 14 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("SIRET « {text} » invalide : 14 chiffres attendus"));
    }
    let values: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    let valid = if digits.starts_with("356000000") {
        values.iter().sum::<u32>().is_multiple_of(5)
    } else {
        let sum: u32 = values
            .iter()
            .rev()
            .enumerate()
            .map(|(i, d)| {
                if i % 2 == 1 {
                    let doubled = d * 2;
                    if doubled > 9 {
                        doubled - 9
                    } else {
                        doubled
                    }
                } else {
                    *d
                }
            })
            .sum();
        sum.is_multiple_of(10)
    };
    if valid {
        Ok(digits)
    } else {
        Err(format!(
            "SIRET « {text} » invalide : la clé de contrôle ne correspond pas (chiffre mal recopié ?)"
        ))
    }
}

/// « 81.21Z », « 8121Z », « 81.21z », « 81.21 » → « 81.21Z » / « 81.21 ».
pub fn naf(text: &str) -> Result<String, String> {
    let compact: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_uppercase();
    let (digits, letter) = match compact.len() {
        4 => (compact.as_str(), ""),
        5 => compact.split_at(4),
        _ => ("", ""),
    };
    let ok = digits.len() == 4
        && digits.chars().all(|c| c.is_ascii_digit())
        && letter.chars().all(|c| c.is_ascii_uppercase());
    if !ok {
        return Err(format!(
            "code NAF « {text} » invalide (attendu : 4 chiffres et une lettre, par exemple 81.21Z)"
        ));
    }
    Ok(format!("{}.{}{letter}", &digits[..2], &digits[2..]))
}

fn departement(row: &Row, table: &Table, data: &SupplyReference) -> Result<String, String> {
    let text = row.get(DEPARTEMENT);
    if !text.is_empty() {
        return place::from_departement(text, data)
            .ok_or_else(|| format!("département « {text} » inconnu"));
    }
    let commune = row.get(COMMUNE_CODE);
    if !commune.is_empty() {
        return place::from_commune(commune, data)
            .ok_or_else(|| format!("code commune « {commune} » invalide"));
    }
    let postcode = row.get(POSTCODE);
    if !postcode.is_empty() {
        return place::from_postcode(postcode, data)
            .ok_or_else(|| format!("code postal « {postcode} » invalide"));
    }
    let columns: Vec<&str> = [DEPARTEMENT, COMMUNE_CODE, POSTCODE]
        .iter()
        .filter(|c| table.has(**c))
        .map(|c| COLUMNS[*c].key)
        .collect();
    Err(format!(
        "lieu inconnu : {} {}",
        columns.join(", "),
        if columns.len() < 2 { "vide" } else { "vides" }
    ))
}

/// The headcount band: a Sirene code from the band column, or a count or a range
/// (« 12 », « 10 à 19 salariés », « 10-19 ») from the headcount column.
fn headcount(row: &Row, data: &SupplyReference) -> Result<Option<HeadcountBand>, String> {
    let band = row.get(HEADCOUNT_BAND);
    if !band.is_empty() {
        let code = if band.len() == 1 && band.chars().all(|c| c.is_ascii_digit()) {
            format!("0{band}")
        } else {
            band.to_ascii_uppercase()
        };
        return match data.band(&code) {
            Some(b) => Ok(Some(b.clone())),
            None => parse_range(band)
                .map(Some)
                .ok_or_else(|| format!("tranche d'effectifs « {band} » inconnue")),
        };
    }
    let text = row.get(HEADCOUNT);
    if text.is_empty() {
        return Ok(None);
    }
    parse_range(text)
        .map(Some)
        .ok_or_else(|| format!("effectif « {text} » illisible (un nombre ou « 10 à 19 » attendu)"))
}

fn parse_range(text: &str) -> Option<HeadcountBand> {
    let numbers: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit() && c != ' ' && c != '\u{a0}' && c != '\u{202f}')
        .flat_map(|part| {
            part.split_whitespace()
                .collect::<Vec<_>>()
                .join("")
                .parse()
                .ok()
        })
        .collect();
    let plus = crate::fr::fold_for_search(text).contains("plus");
    let (min, max) = match numbers.as_slice() {
        [n] if plus => (*n, None),
        [n] => (*n, Some(*n)),
        [a, b] if a <= b => (*a, Some(*b)),
        _ => return None,
    };
    Some(HeadcountBand {
        code: String::new(),
        label: text.trim().to_string(),
        min,
        max,
    })
}

/// « Mise à disposition - Interim », « Prestation de service », « Fabrication et
/// commercialisation de biens », several separated by commas; None when absent or unknown.
fn modes(text: &str) -> Option<Vec<DeliveryMode>> {
    let folded = crate::fr::fold_for_search(text);
    let mut modes = Vec::new();
    if folded.contains("prestation")
        || folded.contains("fabrication")
        || folded.contains("production")
    {
        modes.push(DeliveryMode::Production);
    }
    if folded.contains("disposition") || folded.contains("interim") {
        modes.push(DeliveryMode::StaffProvision);
    }
    (!modes.is_empty()).then_some(modes)
}

fn contact(row: &Row) -> String {
    let person = [row.get(CONTACT_FIRST_NAME), row.get(CONTACT_LAST_NAME)]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    [
        row.get(CONTACT),
        person.as_str(),
        row.get(EMAIL),
        row.get(PHONE),
    ]
    .iter()
    .filter(|p| !p.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(" — ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siret_keys_are_checked_and_la_poste_has_its_own_rule() {
        // Invented numbers: 999 999 999 is no firm's SIREN.
        assert_eq!(siret("999 999 999 00009").unwrap(), "99999999900009");
        assert!(siret("99999999900008")
            .unwrap_err()
            .contains("clé de contrôle"));
        assert!(siret("1234").unwrap_err().contains("14 chiffres"));
        // La Poste's rule: digits summing to a multiple of 5, whatever the Luhn key.
        assert!(siret("35600000000001").is_ok());
    }

    #[test]
    fn naf_codes_are_written_with_their_dot() {
        assert_eq!(naf("8121Z").unwrap(), "81.21Z");
        assert_eq!(naf("81.21z").unwrap(), "81.21Z");
        assert_eq!(naf("43.21").unwrap(), "43.21");
        assert!(naf("nettoyage").is_err());
    }

    #[test]
    fn headcounts_are_read_as_counts_or_ranges() {
        let band = parse_range("10 à 19 salariés").unwrap();
        assert_eq!((band.min, band.max), (10, Some(19)));
        assert_eq!(parse_range("12").map(|b| b.max), Some(Some(12)));
        assert_eq!(
            parse_range("250 et plus").map(|b| (b.min, b.max)),
            Some((250, None))
        );
        assert!(parse_range("beaucoup").is_none());
    }

    #[test]
    fn service_types_of_the_marketplace_give_the_delivery_modes() {
        assert_eq!(
            modes("Mise à disposition - Interim, Prestation de service"),
            Some(vec![DeliveryMode::Production, DeliveryMode::StaffProvision])
        );
        assert_eq!(modes(""), None);
    }
}
