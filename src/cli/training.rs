//! The trainer's exports: handouts of one or several cases (participants or trainer), the
//! session plan, the slides as PDF, and the quiz sheet of a selection of questions.

use super::args::{DateArg, Format, OPTIONS};
use super::EXIT_OK;
use chrono::NaiveDate;
use clap::Args;
use clausier::clauses::ClauseLibrary;
use clausier::document::Document;
use clausier::rules::effective_date;
use clausier::training::deck::{self, Options};
use clausier::training::handout::{self, Audience};
use clausier::training::quiz::{self, Selection};
use clausier::training::session::{bundled_cases, Case};
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
    let deck = deck::build(
        &cases,
        &[],
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
