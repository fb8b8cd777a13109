//! `clausier offre`: import a supplier pack, show it, and show per lot who can do the work
//! near the place of performance (text, JSON or CSV).

use super::args::DateArg;
use super::{EXIT_INPUT, EXIT_OK};
use clap::{Args, Subcommand};
use clausier::model::load_project;
use clausier::pipeline;
use clausier::reference::ReferenceData;
use clausier::supply::{self, export, SupplyPack, SupplyReference};
use serde_json::json;
use std::path::{Path, PathBuf};
use strum::IntoEnumIterator;

/// How many structures of a lot the text output lists before pointing to the CSV.
const LISTED_PER_LOT: usize = 10;
/// How many rejected lines the import prints before summing up the rest.
const ISSUES_SHOWN: usize = 20;

#[derive(Args, Debug)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_help_heading = "Commandes"
)]
pub struct OffreArgs {
    #[command(subcommand)]
    pub action: Option<OffreAction>,
    /// Fichier de projet (.ron) : les structures qui peuvent exécuter chaque lot. Sans projet,
    /// résume le fichier de structures importé.
    #[arg(value_name = "PROJET.ron")]
    pub project: Option<PathBuf>,
    /// Sortie JSON, pour les scripts.
    #[arg(long)]
    pub json: bool,
    /// Écrit la liste des structures par lot dans ce fichier CSV (UTF-8, séparateur « ; »).
    #[arg(long = "csv", short = 'o', value_name = "FICHIER.csv")]
    pub csv: Option<PathBuf>,
    #[command(flatten)]
    pub date: DateArg,
}

#[derive(Subcommand, Debug)]
pub enum OffreAction {
    /// Importe un fichier de structures (CSV, XLSX, XLS ou ODS) ; remplace le précédent.
    Importer {
        /// Fichier à importer.
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Origine des données, rappelée avec les chiffres (« Marché de l'inclusion »…).
        #[arg(long, value_name = "TEXTE")]
        source: Option<String>,
    },
}

pub fn run(args: &OffreArgs) -> Result<i32, String> {
    match (&args.action, &args.project) {
        (Some(OffreAction::Importer { file, source }), _) => import(file, source.as_deref()),
        (None, None) => summary(args.json),
        (None, Some(project)) => per_lot(project, args),
    }
}

fn import(file: &Path, source: Option<&str>) -> Result<i32, String> {
    let report = supply::import_file(
        file,
        source,
        super::commands::today(),
        SupplyReference::bundled(),
    )?;
    let dir = clausier::data_dir::data_dir();
    let stored = report.pack.save(&dir)?;
    println!("{}", report.summary());
    let rejected: Vec<_> = report.issues.iter().filter(|i| !i.kept).collect();
    let kept: Vec<_> = report.issues.iter().filter(|i| i.kept).collect();
    for issue in rejected.iter().chain(kept.iter()).take(ISSUES_SHOWN) {
        eprintln!("  {issue}");
    }
    if report.issues.len() > ISSUES_SHOWN {
        eprintln!(
            "  … et {}.",
            clausier::fr::count_of(
                report.issues.len() - ISSUES_SHOWN,
                "autre remarque",
                "autres remarques"
            )
        );
    }
    if !report.ignored_columns.is_empty() {
        eprintln!(
            "Colonnes non utilisées : {}.",
            report.ignored_columns.join(", ")
        );
    }
    eprintln!(
        "Fichier de structures enregistré : {} (il remplace le précédent).",
        stored.display()
    );
    Ok(EXIT_OK)
}

/// The stored pack, or the reason there is none (exit code 2 with how to get one).
fn pack() -> Result<SupplyPack, String> {
    match supply::load_user_pack()? {
        Some(pack) => Ok(pack),
        None => Err(supply::HOW_TO_GET_A_PACK.to_string()),
    }
}

fn summary(as_json: bool) -> Result<i32, String> {
    let pack = match pack() {
        Ok(pack) => pack,
        Err(message) => {
            eprintln!("{message}");
            return Ok(EXIT_INPUT);
        }
    };
    let mut by_kind = std::collections::BTreeMap::new();
    let mut departements = std::collections::BTreeMap::<&str, usize>::new();
    for s in &pack.structures {
        *by_kind.entry(s.kind).or_insert(0usize) += 1;
        *departements.entry(s.departement.as_str()).or_default() += 1;
    }
    if as_json {
        let counts: serde_json::Map<String, serde_json::Value> = supply::StructureKind::iter()
            .map(|k| {
                (
                    k.code().to_string(),
                    json!(by_kind.get(&k).copied().unwrap_or(0)),
                )
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "pack": pack_json(&pack),
                "counts": counts,
                "departements": departements,
            }))
            .expect("JSON values serialise")
        );
        return Ok(EXIT_OK);
    }
    println!(
        "{}, {}.",
        clausier::fr::count_of(pack.structures.len(), "structure", "structures"),
        pack.meta.citation()
    );
    let kinds: Vec<String> = by_kind
        .iter()
        .map(|(k, n)| format!("{n} {}", k.code()))
        .collect();
    println!("Par type : {}.", kinds.join(", "));
    println!("Départements représentés : {}.", departements.len());
    Ok(EXIT_OK)
}

fn pack_json(pack: &SupplyPack) -> serde_json::Value {
    json!({
        "file": pack.meta.file_name,
        "source": pack.meta.source,
        "imported_on": pack.meta.imported_on.to_string(),
        "format": pack.meta.format,
        "structures": pack.structures.len(),
        "citation": pack.meta.citation(),
    })
}

fn per_lot(project_path: &Path, args: &OffreArgs) -> Result<i32, String> {
    let pack = match pack() {
        Ok(pack) => pack,
        Err(message) => {
            eprintln!("{message}");
            return Ok(EXIT_INPUT);
        }
    };
    let project = load_project(project_path).map_err(|e| e.to_string())?;
    let date = pipeline::law_date(&project, args.date.date, super::commands::today());
    let assessment =
        pipeline::Assessment::new(&project, date, ReferenceData::bundled(), Some(&pack))
            .supply
            .expect("assessed with a pack");
    let evidence = &assessment.evidence;
    if let Some(path) = &args.csv {
        let bytes = export::to_csv(evidence, &pack, SupplyReference::bundled());
        clausier::util::write_atomically(path, &bytes)?;
        eprintln!("Liste des structures écrite : {}", path.display());
    }
    if args.json {
        let lots: Vec<_> = evidence
            .lots
            .iter()
            .map(|lot| {
                export::lot_json(
                    lot,
                    assessment.advice.get(lot.index).and_then(Option::as_ref),
                    evidence,
                    &pack,
                )
            })
            .collect();
        let value = json!({
            "pack": pack_json(&pack),
            "departement": evidence.place.as_ref().map(|p| json!({
                "code": p.code,
                "name": p.name,
                "inferred": p.inferred,
                "neighbours": p.neighbours,
            })),
            "lots": lots,
            "findings": assessment.findings,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).expect("JSON values serialise")
        );
        return Ok(EXIT_OK);
    }
    if args.csv.is_some() {
        return Ok(EXIT_OK);
    }
    println!(
        "{} — offre locale {}",
        project.meta.title, assessment.citation
    );
    match &evidence.place {
        Some(p) => println!(
            "Département d'exécution : {} ({}){} ; départements voisins : {}.",
            p.name,
            p.code,
            if p.inferred {
                ", déduit du lieu d'exécution"
            } else {
                ""
            },
            if p.neighbours.is_empty() {
                "aucun".to_string()
            } else {
                p.neighbours.join(", ")
            }
        ),
        None => println!("Département d'exécution non indiqué : ajoutez `departement: \"69\"` (par exemple) dans `purchase` du projet, ou renseignez-le à l'étape Sourçage."),
    }
    for lot in &evidence.lots {
        let activity = lot.activity.as_ref().map_or(
            "métier sans correspondance d'activités".to_string(),
            |a| a.label.clone(),
        );
        println!("Lot {} — {} ({activity})", lot.number, lot.title);
        if evidence.place.is_none() || lot.activity.is_none() {
            continue;
        }
        println!(
            "  Dans le département : {} ({}) ; autour : {}.",
            export::kinds_text(&lot.local),
            export::roles_text(&lot.local),
            export::kinds_text(&lot.neighbours)
        );
        if let Some(advice) = assessment.advice.get(lot.index).and_then(Option::as_ref) {
            println!("  {}", advice.sentence);
            if let Some(warning) = &advice.warning {
                println!("  Attention : {warning}");
            }
        }
        if let Some(capacity) = &lot.capacity {
            println!("  {}", supply::advice::capacity_text(capacity));
        }
        for found in lot.structures.iter().take(LISTED_PER_LOT) {
            let s = &pack.structures[found.index];
            let place = if found.local {
                String::new()
            } else {
                " — département voisin".to_string()
            };
            let contact = if s.contact.is_empty() {
                String::new()
            } else {
                format!(" — {}", s.contact)
            };
            let town = if s.commune.is_empty() {
                s.departement.clone()
            } else {
                format!("{} {}", s.commune, s.departement)
            };
            println!("    {} ({}, {town}){place}{contact}", s.name, s.kind.code());
        }
        if lot.structures.len() > LISTED_PER_LOT {
            println!(
                "    … et {} : `--csv FICHIER.csv` pour la liste complète.",
                clausier::fr::count_of(lot.structures.len() - LISTED_PER_LOT, "autre", "autres")
            );
        }
    }
    for f in &assessment.findings {
        println!("{} {} : {}", f.severity.label(), f.code, f.message);
    }
    Ok(EXIT_OK)
}

/// The pack `clausier check` takes into account: the user's, when one was imported. A pack
/// that cannot be read is reported and left out; it never changes the exit code.
pub fn user_pack() -> Option<clausier::supply::SupplyPack> {
    match supply::load_user_pack() {
        Ok(pack) => pack,
        Err(message) => {
            eprintln!("clausier : {message}");
            None
        }
    }
}
