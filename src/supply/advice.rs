//! What the evidence means for the levers: a sentence per lot for the lever matrix, a
//! warning where a reservation or a clause has no local supply to rest on, and findings of
//! information (the pack may be incomplete, so nothing here is an error).

use super::evidence::{
    Capacity, CapacityBasis, CapacityVerdict, Counts, LotEvidence, ProjectEvidence,
};
use super::pack::SupplyPack;
use super::reference::{Family, SupplyReference};
use crate::fr::format_article;
use crate::model::{field, Project, ReservationBasis};
use crate::reference::ReferenceData;
use crate::rules::{Finding, Severity};

/// The families a reserved lot is usually opened to when it has no reservation yet.
const USUAL_RESERVATION: [Family; 3] = [Family::Siae, Family::Disability, Family::Sheltered];

#[derive(Debug, Clone, PartialEq)]
pub struct LotAdvice {
    pub index: usize,
    /// « 7 SIAE et 2 EA font ce métier dans le département : un lot réservé est réaliste. »
    pub sentence: String,
    /// Set when the lot's reservation or clause has no local supply to rest on.
    pub warning: Option<String>,
}

/// « 7 SIAE et 2 EA », counting only structures that perform the work themselves; "" when
/// none.
fn families_text(
    counts: &Counts,
    families: &[Family],
    supply: &SupplyReference,
) -> (usize, String) {
    let parts: Vec<(usize, String)> = families
        .iter()
        .map(|f| (counts_production(counts, *f, supply), *f))
        .filter(|(n, _)| *n > 0)
        .map(|(n, f)| (n, format!("{n} {}", f.short(n))))
        .collect();
    let total = parts.iter().map(|(n, _)| n).sum();
    (total, join_fr(parts.into_iter().map(|(_, t)| t).collect()))
}

/// Structures of a family that perform the work themselves (a reserved lot needs them).
fn counts_production(counts: &Counts, family: Family, supply: &SupplyReference) -> usize {
    counts.production_of_family(family, supply)
}

/// « a, b et c ».
pub fn join_fr(parts: Vec<String>) -> String {
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        n => format!("{} et {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

fn verb(n: usize) -> &'static str {
    if n > 1 {
        "font"
    } else {
        "fait"
    }
}

fn reservation_families(
    lot_reservations: &[ReservationBasis],
    supply: &SupplyReference,
) -> Vec<Family> {
    let mut families: Vec<Family> = lot_reservations
        .iter()
        .flat_map(|b| supply.families_for(*b).iter().copied())
        .collect();
    families.sort();
    families.dedup();
    families
}

pub fn lot_advice(
    project: &Project,
    lot: &LotEvidence,
    data: &ReferenceData,
    supply: &SupplyReference,
) -> Option<LotAdvice> {
    lot.activity.as_ref()?;
    let project_lot = project.allotment.lots.get(lot.index)?;
    let min = supply.tables.reservation_min_structures.value;
    let reserved = !project_lot.reservations.is_empty();
    let families = if reserved {
        reservation_families(&project_lot.reservations, supply)
    } else {
        USUAL_RESERVATION.to_vec()
    };
    let (here, here_text) = families_text(&lot.local, &families, supply);
    let (around, around_text) = families_text(&lot.neighbours, &families, supply);
    let mut sentence = if here >= min {
        format!(
            "{here_text} {} ce métier dans le département : un lot réservé est réaliste.",
            verb(here)
        )
    } else if here + around >= min {
        let local = if here == 0 {
            "Aucune structure éligible ne fait ce métier dans le département".to_string()
        } else {
            format!("{here_text} {} ce métier dans le département", verb(here))
        };
        format!(
            "{local}, {around_text} dans les départements voisins : un lot réservé reste possible si elles peuvent intervenir sur le lieu d'exécution."
        )
    } else if here + around > 0 {
        let found = join_fr(
            [
                (here, &here_text, "dans le département"),
                (around, &around_text, "dans les départements voisins"),
            ]
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(_, t, w)| format!("{t} {w}"))
            .collect(),
        );
        format!("Seulement {found} : un lot réservé risque de ne recevoir qu'une offre, ou aucune.")
    } else {
        "Aucune structure éligible ne fait ce métier dans le département ni autour : un lot réservé risque de ne recevoir aucune offre.".to_string()
    };
    let staff = lot.local.staff_provision;
    if project_lot.insertion_clause.is_some() && staff > 0 {
        sentence.push_str(&format!(
            " Pour la clause : {} du département {} mettre du personnel à disposition du titulaire.",
            crate::fr::count_of(staff, "structure", "structures"),
            if staff > 1 { "peuvent" } else { "peut" }
        ));
    }
    let mut warning = None;
    if reserved && here + around < min {
        let articles: Vec<String> = project_lot
            .reservations
            .iter()
            .map(|b| format_article(&data.reservations.base(*b).article))
            .collect();
        warning = Some(format!(
            "Réservation ({}) sans offre locale suffisante connue : vérifiez auprès des réseaux de structures avant de la maintenir, ou ouvrez le lot avec une clause d'insertion.",
            articles.join(", ")
        ));
    } else if project_lot.insertion_clause.is_some()
        && lot.local.total() + lot.neighbours.total() == 0
    {
        warning = Some("Clause d'insertion sans structure d'appui connue dans le département ni autour : le titulaire devra surtout recruter directement, avec l'aide du facilitateur.".to_string());
    }
    Some(LotAdvice {
        index: lot.index,
        sentence,
        warning,
    })
}

/// « 12 structures emploient au moins 140 salariés ; la clause demande environ 1,2 ETP par
/// an : une seule des structures pourrait absorber ce volume. »
pub fn capacity_text(capacity: &Capacity) -> String {
    let what = match capacity.basis {
        CapacityBasis::InsertionHours => "la clause d'insertion demande",
        CapacityBasis::LabourHours => "l'exécution du lot demande",
    };
    let need = format!(
        "{what} environ {} par an",
        crate::fr::quantity_of(
            capacity.fte_per_year,
            1,
            "équivalent temps plein",
            "équivalents temps plein"
        )
    );
    let verdict = match capacity.verdict {
        CapacityVerdict::OneStructure => format!(
            "la plus grande des structures du département emploie au moins {} : une seule pourrait absorber ce volume",
            crate::fr::count_of(capacity.largest_min as usize, "salarié", "salariés")
        ),
        CapacityVerdict::Together => format!(
            "aucune n'y suffit seule, mais ensemble elles emploient au moins {} : un groupement ou plusieurs lots plus petits s'y prêtent",
            crate::fr::count_of(capacity.headcount_min as usize, "salarié", "salariés")
        ),
        CapacityVerdict::Short => format!(
            "les structures du département dont l'effectif est connu emploient ensemble au moins {} : le volume paraît élevé pour elles",
            crate::fr::count_of(capacity.headcount_min as usize, "salarié", "salariés")
        ),
        CapacityVerdict::Unknown => {
            "l'effectif des structures trouvées n'est pas connu".to_string()
        }
    };
    let unknown = if capacity.unknown_headcount > 0 && capacity.verdict != CapacityVerdict::Unknown
    {
        format!(
            " ({} sans effectif connu)",
            crate::fr::count_of(capacity.unknown_headcount, "structure", "structures")
        )
    } else {
        String::new()
    };
    format!("Indication : {need} ; {verdict}{unknown}.")
}

/// Findings about supply, of information only: the pack may be incomplete.
pub fn findings(
    project: &Project,
    evidence: &ProjectEvidence,
    pack: &SupplyPack,
    data: &ReferenceData,
    supply: &SupplyReference,
) -> Vec<Finding> {
    let citation = pack.meta.citation();
    let mut out = Vec::new();
    let Some(place) = &evidence.place else {
        out.push(Finding {
            code: "SUPPLY_NO_DEPARTEMENT",
            severity: Severity::Info,
            message: format!(
                "Le département d'exécution n'est pas indiqué : les structures du fichier importé ne peuvent pas être comptées par lot ({citation})."
            ),
            legal_ref: String::new(),
            field: field::PURCHASE_DEPARTEMENT.into(),
            lot: None,
            to_verify: false,
            verify_reason: String::new(),
        });
        return out;
    };
    let min = supply.tables.reservation_min_structures.value;
    for lot in &evidence.lots {
        let Some(project_lot) = project.allotment.lots.get(lot.index) else {
            continue;
        };
        if lot.activity.is_none() {
            continue;
        }
        for basis in &project_lot.reservations {
            let families = supply.families_for(*basis);
            if families.is_empty() {
                continue;
            }
            let eligible: usize = families
                .iter()
                .map(|f| {
                    lot.local.production_of_family(*f, supply)
                        + lot.neighbours.production_of_family(*f, supply)
                })
                .sum();
            let article = data.reservations.base(*basis).article.as_str();
            let (code, message) = if eligible == 0 {
                (
                    "SUPPLY_RESERVED_NO_STRUCTURE",
                    format!(
                        "Lot {} réservé (article {}) : aucune structure éligible réalisant ce métier n'est connue dans le département {} ({}) ni dans les départements voisins, {citation}. Le fichier peut être incomplet : vérifiez auprès des réseaux locaux avant de maintenir la réservation.",
                        lot.number,
                        format_article(article),
                        place.code,
                        place.name
                    ),
                )
            } else if eligible < min {
                (
                    "SUPPLY_RESERVED_FEW_STRUCTURES",
                    format!(
                        "Lot {} réservé (article {}) : seulement {} de ce métier {} dans le département {} et autour, {citation} ; la mise en concurrence risque d'être faible.",
                        lot.number,
                        format_article(article),
                        crate::fr::count_of(eligible, "structure éligible", "structures éligibles"),
                        if eligible < 2 { "connue" } else { "connues" },
                        place.code
                    ),
                )
            } else {
                continue;
            };
            out.push(Finding {
                code,
                severity: Severity::Info,
                message,
                legal_ref: article.to_string(),
                field: field::lot(lot.index).reservations(),
                lot: Some(lot.number),
                to_verify: false,
                verify_reason: String::new(),
            });
        }
        if project_lot.insertion_clause.is_some()
            && project_lot.reservations.is_empty()
            && lot.local.total() + lot.neighbours.total() == 0
        {
            out.push(Finding {
                code: "SUPPLY_CLAUSE_NO_LOCAL_SUPPORT",
                severity: Severity::Info,
                message: format!(
                    "Lot {} : aucune structure d'insertion ou du handicap de ce métier, ni aucune structure de mise à disposition, n'est connue dans le département {} ni autour, {citation}. Le titulaire devra surtout recruter directement : prévoyez-le avec le facilitateur.",
                    lot.number, place.code
                ),
                legal_ref: "L2112-2".into(),
                field: field::lot(lot.index).clause().path(),
                lot: Some(lot.number),
                to_verify: false,
                verify_reason: String::new(),
            });
        }
    }
    out
}
