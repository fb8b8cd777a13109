//! The trainer's exports: handouts of one or several cases (participants or trainer), the
//! session plan, the slides as PDF, and the quiz sheet of a selection of questions.

use super::args::{DateArg, Format, OPTIONS};
use super::EXIT_OK;
use chrono::NaiveDate;
use clap::Args;
use clausier::clauses::ClauseLibrary;
use clausier::document::Document;
use clausier::model::SocialFamily;
use clausier::rules::effective_date;
use clausier::training::compare::{Comparison, Side};
use clausier::training::deck::{self, Options};
use clausier::training::handout::{self, Audience};
use clausier::training::quiz::{self, Selection};
use clausier::training::session::{bundled_cases, Case};
use clausier::training::what_if::{LotLever, WhatIf};
use clausier::training::{plan, quiz_sheet, slides_pdf};
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
#[command(next_help_heading = OPTIONS)]
pub struct HandoutArgs {
    /// Identifiants des scénarios de la séance, dans l'ordre (voir `clausier scenarios`).
    #[arg(value_name = "ID", required = true, num_args = 1..)]
    pub scenarios: Vec<String>,
    /// Version du formateur : éléments de réponse des questions et pistes pour l'animation.
    #[arg(long)]
    pub formateur: bool,
    #[command(flatten)]
    pub session: SessionArgs,
    #[command(flatten)]
    pub out: Output,
}

#[derive(Args, Debug)]
#[command(next_help_heading = OPTIONS)]
pub struct PlanArgs {
    /// Identifiants des scénarios de la séance, dans l'ordre.
    #[arg(value_name = "ID", required = true, num_args = 1..)]
    pub scenarios: Vec<String>,
    #[command(flatten)]
    pub session: SessionArgs,
    #[command(flatten)]
    pub out: Output,
}

#[derive(Args, Debug)]
#[command(next_help_heading = OPTIONS)]
pub struct SlidesArgs {
    /// Identifiants des scénarios de la séance, dans l'ordre.
    #[arg(value_name = "ID", required = true, num_args = 1..)]
    pub scenarios: Vec<String>,
    /// Fichier PDF à produire (une page 16:9 par diapositive).
    #[arg(short = 'o', long = "output", value_name = "FICHIER.pdf")]
    pub output: PathBuf,
    /// Ajoute les éléments de réponse sous les questions pour la discussion.
    #[arg(long)]
    pub formateur: bool,
    /// Un changement « Et si… ? » à montrer : LOT=reserve, LOT=clause, LOT=chaine,
    /// LOT=conditions-travail, LOT=egalite, LOT=accessibilite, LOT=aucun ou
    /// marche-unique, précédé de « ID: » pour un autre cas que le premier (par exemple
    /// --et-si 2=reserve --et-si espaces-verts:1=aucun). Répétable.
    #[arg(long = "et-si", value_name = "CHANGEMENT")]
    pub et_si: Vec<String>,
    #[command(flatten)]
    pub date: DateArg,
}

#[derive(Args, Debug)]
#[command(next_help_heading = OPTIONS)]
pub struct QuizArgs {
    /// Thèmes retenus, séparés par des virgules (tous par défaut) ; la liste : `clausier quiz`.
    #[arg(long, value_delimiter = ',', value_name = "THÈMES")]
    pub themes: Vec<String>,
    /// Nombre de questions (toutes celles des thèmes par défaut).
    #[arg(long, value_name = "N")]
    pub count: Option<usize>,
    /// Mélange les questions ; la même graine donne le même quiz à l'écran et sur papier.
    #[arg(long, value_name = "GRAINE")]
    pub seed: Option<u64>,
    /// Feuille de quiz à produire (DOCX ou Markdown), avec son corrigé sur une page à part ;
    /// sans ce fichier, la commande liste les thèmes.
    #[arg(short = 'o', long = "output", value_name = "FICHIER")]
    pub output: Option<PathBuf>,
    /// Format du fichier produit (par défaut : d'après l'extension, .docx ou .md).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

/// The « Et si… ? » changes of `--et-si`, one `WhatIf` per case.
fn what_ifs(cases: &[Case], changes: &[String]) -> Result<Vec<WhatIf>, String> {
    let mut out = vec![WhatIf::default(); cases.len()];
    for change in changes {
        let wrong = |why: &str| {
            format!(
                "--et-si « {change} » : {why} ; attendu LOT=reserve, LOT=clause, LOT=chaine, LOT=conditions-travail, LOT=egalite, LOT=accessibilite, LOT=aucun ou marche-unique, précédé de « ID: » pour un autre cas que le premier"
            )
        };
        let (index, what) = match change.split_once(':') {
            Some((id, what)) => {
                let index = cases
                    .iter()
                    .position(|c| c.id == id.trim())
                    .ok_or_else(|| {
                        wrong(&format!(
                            "le cas « {} » n'est pas dans la séance",
                            id.trim()
                        ))
                    })?;
                (index, what.trim())
            }
            None => (0, change.trim()),
        };
        let project = &cases[index].project;
        if what == "marche-unique" {
            if !project.allotment.allotted {
                return Err(wrong("ce cas est déjà un marché unique"));
            }
            out[index].single_contract = true;
            continue;
        }
        let (lot, lever) = what
            .split_once('=')
            .ok_or_else(|| wrong("il manque « = »"))?;
        let number: u32 = lot
            .trim()
            .parse()
            .map_err(|_| wrong(&format!("« {} » n'est pas un numéro de lot", lot.trim())))?;
        let lot_index = project
            .allotment
            .lots
            .iter()
            .position(|l| l.number == number)
            .ok_or_else(|| wrong(&format!("le cas n'a pas de lot {number}")))?;
        let lever = match lever.trim() {
            "reserve" | "réserve" => LotLever::Reserved,
            "clause" => LotLever::Clause,
            "aucun" => LotLever::Nothing,
            "chaine" | "chaîne" => LotLever::Social(SocialFamily::SupplyChain),
            "conditions-travail" => LotLever::Social(SocialFamily::WorkingConditions),
            "egalite" | "égalité" => LotLever::Social(SocialFamily::Equality),
            "accessibilite" | "accessibilité" => LotLever::Social(SocialFamily::Accessibility),
            other => return Err(wrong(&format!("levier « {other} » inconnu"))),
        };
        out[index].set_lever(project, lot_index, lever);
    }
    Ok(out)
}

/// What the plan of a session needs beyond its cases.
#[derive(Args, Debug)]
pub struct SessionArgs {
    /// Nombre de questions du quiz prévu dans la séance (aucun quiz par défaut).
    #[arg(long = "quiz", value_name = "N")]
    pub quiz: Option<usize>,
}

#[derive(Args, Debug)]
pub struct Output {
    /// Fichier à produire (.docx ou .md).
    #[arg(short = 'o', long = "output", value_name = "FICHIER")]
    pub output: PathBuf,
    #[command(flatten)]
    pub date: DateArg,
    /// Format du fichier produit (par défaut : d'après l'extension du fichier, .docx ou .md).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn cases(ids: &[String], date: &DateArg) -> Result<Vec<Case>, String> {
    bundled_cases(ids, |project| {
        date.date
            .unwrap_or_else(|| effective_date(project, today()))
    })
}

fn library() -> Result<ClauseLibrary, String> {
    ClauseLibrary::bundled().map_err(|e| e.to_string())
}

fn write(document: &Document, format: Format, output: &Path) -> Result<(), String> {
    let bytes = match format {
        Format::Md => clausier::export::markdown::to_markdown(document).into_bytes(),
        Format::Docx => clausier::export::docx::to_docx(document)
            .map_err(|e| format!("génération impossible : {e}"))?,
    };
    clausier::util::write_atomically(output, &bytes)
}

pub fn handout_command(args: &HandoutArgs) -> Result<i32, String> {
    let format = Format::for_output(args.out.format, &args.out.output)?;
    let cases = cases(&args.scenarios, &args.out.date)?;
    let audience = if args.formateur {
        Audience::Trainer
    } else {
        Audience::Participants
    };
    let document = handout::handout(&cases, audience, args.session.quiz, &library()?);
    write(&document, format, &args.out.output)?;
    eprintln!(
        "Support {} écrit : {}",
        if args.formateur {
            "du formateur"
        } else {
            "de formation"
        },
        args.out.output.display()
    );
    Ok(EXIT_OK)
}

pub fn plan_command(args: &PlanArgs) -> Result<i32, String> {
    let format = Format::for_output(args.out.format, &args.out.output)?;
    let cases = cases(&args.scenarios, &args.out.date)?;
    let session = plan::plan(&cases, args.session.quiz);
    let document = plan::document(&session, &cases, &library()?);
    write(&document, format, &args.out.output)?;
    eprintln!(
        "Déroulé écrit : {} ({})",
        args.out.output.display(),
        plan::duration_text(session.total_minutes()).replace('\u{a0}', " ")
    );
    Ok(EXIT_OK)
}

pub fn slides_command(args: &SlidesArgs) -> Result<i32, String> {
    match args.output.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("pdf") => {}
        _ => {
            return Err(format!(
                "{} : les diapositives s'écrivent en PDF ; donnez un nom en .pdf",
                args.output.display()
            ))
        }
    }
    let cases = cases(&args.scenarios, &args.date)?;
    let law = deck::law_topics().map_err(|e| e.to_string())?;
    let changes = what_ifs(&cases, &args.et_si)?;
    let library = library()?;
    let data = clausier::reference::ReferenceData::bundled();
    let comparisons: Vec<Option<Comparison>> = cases
        .iter()
        .zip(&changes)
        .map(|(case, what_if)| {
            (!what_if.is_empty()).then(|| {
                let date = case.evaluation.date;
                Comparison::new(
                    Side::new("Tel que conçu", case.project.clone(), date, &library, data),
                    Side::new(
                        "Avec les changements",
                        what_if.apply(&case.project, data),
                        date,
                        &library,
                        data,
                    ),
                )
            })
        })
        .collect();
    let variants: Vec<Option<&Comparison>> = comparisons.iter().map(Option::as_ref).collect();
    let deck = deck::build(
        &cases,
        &variants,
        &law,
        Options {
            answers: args.formateur,
            what_if_always: false,
        },
    );
    let bytes = slides_pdf::to_pdf(&deck, &clausier::training::session::slides_footer(&cases))?;
    clausier::util::write_atomically(&args.output, &bytes)?;
    eprintln!(
        "Diapositives écrites : {} ({} pages)",
        args.output.display(),
        deck.slides.len()
    );
    Ok(EXIT_OK)
}

pub fn quiz_command(args: &QuizArgs) -> Result<i32, String> {
    let quiz = quiz::bundled().map_err(|e| e.to_string())?;
    let Some(output) = &args.output else {
        println!("Thèmes du quiz (identifiant, nombre de questions, libellé) :");
        for (theme, count) in quiz.theme_counts() {
            println!("  {:<16} {count:>3}  {}", theme.id, theme.label);
        }
        println!(
            "Exemple : clausier quiz --themes insertion --count 10 -o quiz.docx ({} questions en tout)",
            quiz.questions.len()
        );
        return Ok(EXIT_OK);
    };
    let format = Format::for_output(args.format, output)?;
    let selection = Selection {
        themes: args.themes.iter().map(|t| t.trim().to_string()).collect(),
        count: args.count,
        seed: args.seed,
    };
    let questions = quiz.select(&selection)?;
    if let Some(asked) = args.count.filter(|c| *c > questions.len()) {
        eprintln!(
            "clausier : {asked} questions demandées, ces thèmes n'en ont que {} : toutes sont reprises.",
            questions.len()
        );
    }
    let document = quiz_sheet::sheet(&quiz, &selection, &questions, &library()?);
    write(&document, format, output)?;
    eprintln!(
        "Feuille de quiz écrite : {} ({})",
        output.display(),
        quiz.describe(&selection, questions.len())
    );
    Ok(EXIT_OK)
}
