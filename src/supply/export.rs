//! The evidence in the forms it leaves Clausier: a CSV list of contacts to call (UTF-8 with
//! BOM and `;`, so that Excel opens it as is in France), JSON for scripts, and `Document`
//! blocks for an annex of the note.

use super::advice::{capacity_text, LotAdvice};
use super::evidence::{
    Capacity, CapacityBasis, CapacityVerdict, Counts, LotEvidence, ProjectEvidence,
};
use super::pack::{Structure, SupplyPack};
use super::reference::{StructureKind, SupplyReference};
use crate::document::{Block, BlockKind, Inline};
use serde_json::{json, Value};
use strum::IntoEnumIterator;

/// A cell that a spreadsheet would take for a formula (« =…», « @… », « +A1 ») gets a
/// leading apostrophe; telephone numbers (« +33 … ») are left alone.
fn safe_cell(text: &str) -> String {
    let mut chars = text.chars();
    let risky = match chars.next() {
        Some('=') | Some('@') => true,
        Some('+') | Some('-') => !chars.next().is_some_and(|c| c.is_ascii_digit() || c == ' '),
        _ => false,
    };
    if risky {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn headcount_text(s: &Structure) -> String {
    s.headcount
        .as_ref()
        .map_or(String::new(), |h| h.label.clone())
}

fn modes_text(s: &Structure) -> String {
    s.modes
        .iter()
        .map(|m| m.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The list per lot, one structure a row.
pub fn to_csv(evidence: &ProjectEvidence, pack: &SupplyPack, supply: &SupplyReference) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let place = evidence
        .place
        .as_ref()
        .map_or("département d'exécution non indiqué".to_string(), |p| {
            format!("département d'exécution {} ({})", p.code, p.name)
        });
    let _ = writer.write_record([format!(
        "Structures pouvant exécuter chaque lot, {} ; {place}",
        pack.meta.citation()
    )]);
    let _ = writer.write_record([
        "lot",
        "intitule_lot",
        "proximite",
        "siret",
        "raison_sociale",
        "type",
        "mode",
        "naf",
        "secteurs",
        "departement",
        "commune",
        "effectif",
        "site_web",
        "contact",
    ]);
    for lot in &evidence.lots {
        for found in &lot.structures {
            let s = &pack.structures[found.index];
            let row = [
                lot.number.to_string(),
                lot.title.clone(),
                if found.local {
                    "département".to_string()
                } else {
                    "département voisin".to_string()
                },
                s.siret.clone().unwrap_or_default(),
                s.name.clone(),
                supply.kind(s.kind).kind.code().to_string(),
                modes_text(s),
                s.naf.clone().unwrap_or_default(),
                s.sectors.clone(),
                s.departement.clone(),
                s.commune.clone(),
                headcount_text(s),
                s.website.clone(),
                s.contact.clone(),
            ];
            let _ = writer.write_record(row.iter().map(|c| safe_cell(c)));
        }
    }
    writer.into_inner().unwrap_or_default()
}

fn counts_json(counts: &Counts) -> (Value, Value) {
    let by_kind: serde_json::Map<String, Value> = StructureKind::iter()
        .map(|k| (k.code().to_string(), json!(counts.of(k))))
        .collect();
    (
        Value::Object(by_kind),
        json!({
            "production": counts.production,
            "staff_provision": counts.staff_provision,
        }),
    )
}

fn capacity_json(c: &Capacity) -> Value {
    json!({
        "basis": match c.basis {
            CapacityBasis::InsertionHours => "insertion_hours",
            CapacityBasis::LabourHours => "labour_hours",
        },
        "hours": c.hours.round(),
        "fte_per_year": (c.fte_per_year * 100.0).round() / 100.0,
        "headcount_min": c.headcount_min,
        "largest_min": c.largest_min,
        "unknown_headcount": c.unknown_headcount,
        "verdict": match c.verdict {
            CapacityVerdict::OneStructure => "one_structure",
            CapacityVerdict::Together => "together",
            CapacityVerdict::Short => "short",
            CapacityVerdict::Unknown => "unknown",
        },
        "text": capacity_text(c),
    })
}

pub fn structure_json(s: &Structure, local: bool) -> Value {
    json!({
        "siret": s.siret,
        "raison_sociale": s.name,
        "type": s.kind.code(),
        "modes": s.modes.iter().map(|m| m.code()).collect::<Vec<_>>(),
        "naf": s.naf,
        "secteurs": s.sectors,
        "departement": s.departement,
        "commune": s.commune,
        "effectif": s.headcount.as_ref().map(|h| h.label.clone()),
        "site_web": s.website,
        "contact": s.contact,
        "local": local,
    })
}

pub fn lot_json(
    lot: &LotEvidence,
    advice: Option<&LotAdvice>,
    evidence: &ProjectEvidence,
    pack: &SupplyPack,
) -> Value {
    let (counts, by_mode) = counts_json(&lot.local);
    let (counts_neighbours, by_mode_neighbours) = counts_json(&lot.neighbours);
    json!({
        "number": lot.number,
        "title": lot.title,
        "trade": lot.trade,
        "activity": lot.activity.as_ref().map(|a| a.label.clone()),
        "departement": evidence.place.as_ref().map(|p| p.code.clone()),
        "counts": counts,
        "by_mode": by_mode,
        "counts_neighbours": counts_neighbours,
        "by_mode_neighbours": by_mode_neighbours,
        "capacity": lot.capacity.as_ref().map(capacity_json),
        "recommendation": advice.map(|a| a.sentence.clone()),
        "warning": advice.and_then(|a| a.warning.clone()),
        "structures": lot.structures.iter()
            .map(|f| structure_json(&pack.structures[f.index], f.local))
            .collect::<Vec<_>>(),
    })
}

/// « 3 réalisent la prestation, 1 met du personnel à disposition »: the verbs agree with
/// each count.
pub fn roles_text(counts: &Counts) -> String {
    let agreed =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n < 2 { one } else { many });
    format!(
        "{} la prestation, {} du personnel à disposition",
        agreed(counts.production, "réalise", "réalisent"),
        agreed(counts.staff_provision, "met", "mettent")
    )
}

/// « 3 EI, 2 ACI et 1 ESAT » (kinds with at least one structure).
pub fn kinds_text(counts: &Counts) -> String {
    let parts: Vec<String> = counts
        .by_kind
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| format!("{n} {}", k.code()))
        .collect();
    if parts.is_empty() {
        "aucune".to_string()
    } else {
        super::advice::join_fr(parts)
    }
}

/// The evidence as blocks of a document annex: a heading, the pack's citation, then per lot
/// its counts, the capacity indication and the table of structures to contact. Meant for the
/// note piece once it exists.
pub fn annex_blocks(
    evidence: &ProjectEvidence,
    advice: &[Option<LotAdvice>],
    pack: &SupplyPack,
) -> Vec<Block> {
    let block = |kind| Block {
        kind,
        source: None,
        piece: None,
    };
    let mut blocks = vec![block(BlockKind::Heading {
        level: 2,
        text: "Offre locale des structures inclusives, lot par lot".into(),
    })];
    let place =
        match &evidence.place {
            Some(p) => {
                format!(
            "Département d'exécution : {} ({}){} ; départements voisins pris en compte : {}.",
            p.name,
            p.code,
            if p.inferred { ", déduit du lieu d'exécution" } else { "" },
            if p.neighbours.is_empty() {
                "aucun".to_string()
            } else {
                p.neighbours.join(", ")
            }
        )
            }
            None => {
                "Département d'exécution non indiqué : aucune structure n'a pu être comptée.".into()
            }
        };
    blocks.push(block(BlockKind::Paragraph(vec![Inline::plain(format!(
        "Chiffres établis {}. {place} Le fichier peut être incomplet : ces chiffres éclairent le choix des leviers sans le dicter.",
        pack.meta.citation()
    ))])));
    for lot in &evidence.lots {
        blocks.push(block(BlockKind::Heading {
            level: 3,
            text: format!("Lot {} — {}", lot.number, lot.title),
        }));
        let mut text = match &lot.activity {
            None => "Métier du lot sans correspondance d'activités : structures non comptées.".to_string(),
            Some(a) => format!(
                "Activité recherchée : {}. Dans le département : {} ; dans les départements voisins : {}.",
                a.label,
                kinds_text(&lot.local),
                kinds_text(&lot.neighbours)
            ),
        };
        if let Some(a) = advice.get(lot.index).and_then(Option::as_ref) {
            text.push(' ');
            text.push_str(&a.sentence);
        }
        if let Some(c) = &lot.capacity {
            text.push(' ');
            text.push_str(&capacity_text(c));
        }
        blocks.push(block(BlockKind::Paragraph(vec![Inline::plain(text)])));
        if lot.structures.is_empty() {
            continue;
        }
        let header = ["Structure", "Type", "Lieu", "Effectif", "Contact"]
            .iter()
            .map(|h| vec![Inline::bold(*h)])
            .collect();
        let rows = lot
            .structures
            .iter()
            .map(|f| {
                let s = &pack.structures[f.index];
                let place = if s.commune.is_empty() {
                    s.departement.clone()
                } else {
                    format!("{} ({})", s.commune, s.departement)
                };
                let contact = [s.contact.as_str(), s.website.as_str()]
                    .iter()
                    .filter(|c| !c.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" — ");
                [
                    s.name.clone(),
                    s.kind.code().to_string(),
                    place,
                    headcount_text(s),
                    contact,
                ]
                .into_iter()
                .map(|c| vec![Inline::plain(c)])
                .collect()
            })
            .collect();
        blocks.push(block(BlockKind::Table { header, rows }));
    }
    blocks
}
