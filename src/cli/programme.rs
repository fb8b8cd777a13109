//! `clausier programme` (a year of purchases judged line by line) and `clausier indicateurs`
//! (the SPASER indicators from the buyer's essential data).

use super::args::BuyerArg;
use super::{EXIT_FINDINGS, EXIT_OK};
use chrono::NaiveDate;
use clap::Args;
use clausier::fr::{format_euros, format_hours};
use clausier::programme::{self, report};
use clausier::reference::ReferenceData;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct ProgrammeArgs {
    /// Programme d'achats (CSV, XLSX, XLS ou ODS) : une ligne par achat prévu.
    #[arg(value_name = "PROGRAMME.csv|.xlsx")]
    pub file: PathBuf,
    /// Catégorie d'acheteur.
    #[arg(long, value_enum, value_name = "ACHETEUR")]
    pub buyer: BuyerArg,
    /// Date de lancement des achats dont la ligne n'en donne pas (AAAA-MM-JJ) ; à défaut, aujourd'hui.
    #[arg(long = "date", value_parser = super::args::date, value_name = "AAAA-MM-JJ")]
    pub date: Option<NaiveDate>,
    /// Sortie JSON, ligne par ligne, pour les scripts.
    #[arg(long, conflicts_with = "output")]
    pub json: bool,
    /// Rapport à produire : .docx (Word, LibreOffice) ou .xlsx (tableur).
    #[arg(short = 'o', long = "output", value_name = "RAPPORT.docx|.xlsx")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct IndicatorsArgs {
    /// Données essentielles de l'acheteur (DECP, format JSON).
    #[arg(value_name = "DECP.json")]
    pub file: PathBuf,
    /// Année de notification des contrats comptés ; à défaut, tous les contrats du fichier.
    #[arg(long = "annee", value_name = "AAAA", value_parser = clap::value_parser!(i32).range(1990..=2100))]
    pub year: Option<i32>,
    /// Catégorie d'acheteur, pour les seuils européens (par défaut : collectivite).
    #[arg(long, value_enum, value_name = "ACHETEUR")]
    pub buyer: Option<BuyerArg>,
    /// Part cible des contrats avec une considération sociale, en % (par défaut : celle du plan national).
    #[arg(long = "cible", value_name = "POURCENT", value_parser = target)]
    pub target: Option<f64>,
    /// Sortie JSON, pour les scripts.
    #[arg(long, conflicts_with = "output")]
    pub json: bool,
    /// Rapport à produire (.docx).
    #[arg(short = 'o', long = "output", value_name = "RAPPORT.docx")]
    pub output: Option<PathBuf>,
}

fn target(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .trim_end_matches('%')
        .trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| "nombre attendu, par exemple 30 ou 32,5".to_string())?;
    if value.is_finite() && (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err("une part entre 0 et 100 % est attendue".into())
    }
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

#[derive(Clone, Copy, PartialEq)]
enum Report {
    Docx,
    Xlsx,
}

fn report_format(output: &Path, xlsx_allowed: bool) -> Result<Report, String> {
    let ext = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let formats = if xlsx_allowed {
        "formats possibles : .docx (Word, LibreOffice) ou .xlsx (tableur)"
    } else {
        "format possible : .docx (Word, LibreOffice)"
    };
    match ext.as_deref() {
        Some("docx") => Ok(Report::Docx),
        Some("xlsx") if xlsx_allowed => Ok(Report::Xlsx),
        Some(ext) => Err(format!(
            "{} : Clausier ne produit pas ce rapport en « .{ext} » ; {formats}",
            output.display()
        )),
        None => Err(format!(
            "{} : le nom du fichier à produire n'a pas d'extension ; {formats}",
            output.display()
        )),
    }
}

pub fn programme(args: &ProgrammeArgs) -> Result<i32, String> {
    let format = args
        .output
        .as_deref()
        .map(|o| report_format(o, true))
        .transpose()?;
    if let Some(output) = &args.output {
        clausier::util::refuse_overwriting_inputs(
            output,
            &[(args.file.as_path(), "le programme d'achats")],
        )?;
    }
    let file = programme::read_file(&args.file)?;
    let pack = match clausier::supply::load_user_pack() {
        Ok(pack) => pack,
        Err(message) => {
            eprintln!("clausier : {message} (l'offre locale n'est pas citée)");
            None
        }
    };
    let data = ReferenceData::bundled();
    let date = args.date.unwrap_or_else(today);
    let assessment = programme::assess(&file, args.buyer.into(), date, data, pack.as_ref());
    let code = if assessment.summary.errors > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report::to_json(&assessment))
                .expect("JSON values serialise")
        );
        return Ok(code);
    }
    eprintln!(
        "{} : {}, ligne d'en-tête {} ; colonnes reconnues : {}.",
        file.file_name,
        file.format.describe(),
        file.header_line,
        file.columns_text()
    );
    if !file.ignored_columns.is_empty() {
        eprintln!(
            "Colonnes non utilisées : {}.",
            file.ignored_columns.join(", ")
        );
    }
    match (&args.output, format) {
        (Some(output), Some(format)) => {
            let bytes = match format {
                Report::Docx => clausier::export::docx::to_docx(&report::document(
                    &assessment,
                    &file.file_name,
                    &file.columns_text(),
                ))?,
                Report::Xlsx => report::to_xlsx(&assessment)?,
            };
            clausier::util::write_atomically(output, &bytes)?;
            for sentence in assessment.summary.sentences() {
                eprintln!("{sentence}");
            }
            eprintln!("Rapport écrit : {}", output.display());
        }
        _ => print_text(&assessment),
    }
    Ok(code)
}

fn print_text(a: &programme::ProgrammeAssessment) {
    for sentence in a.summary.sentences() {
        println!("{sentence}");
    }
    for line in &a.lines {
        match &line.verdict {
            Ok(v) => {
                let hours = v
                    .hours
                    .map(|h| format!(" ; ≈ {}", format_hours(h)))
                    .unwrap_or_default();
                println!(
                    "Ligne {} — {} ({} HT) : {} ; obligations : {} ; {}{hours}",
                    line.line,
                    line.title,
                    line.amount_cents().map_or("—".into(), format_euros),
                    v.regime.label(),
                    report::obligations_text(line),
                    report::levers_text(line)
                );
            }
            Err(e) => println!("Ligne {} — {} : à corriger — {e}", line.line, line.title),
        }
    }
}

pub fn indicators(args: &IndicatorsArgs) -> Result<i32, String> {
    if let Some(output) = &args.output {
        report_format(output, false)?;
        clausier::util::refuse_overwriting_inputs(
            output,
            &[(args.file.as_path(), "le fichier de données essentielles")],
        )?;
    }
    let file = clausier::indicators::decp::read_file(&args.file)?;
    let reference = clausier::indicators::IndicatorsReference::bundled();
    let options = clausier::indicators::Options {
        year: args.year,
        buyer: args
            .buyer
            .map_or(clausier::model::BuyerKind::LocalAuthority, Into::into),
        target_percent: args.target.unwrap_or(reference.target_percent.value),
    };
    let data = ReferenceData::bundled();
    let indicators = clausier::indicators::compute(&file, options, data);
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&clausier::indicators::report::to_json(
                &file,
                &indicators
            ))
            .expect("JSON values serialise")
        );
        return Ok(EXIT_OK);
    }
    eprintln!(
        "{} : {}, {}.",
        file.file_name,
        file.form.describe(),
        clausier::fr::count_of(file.contracts.len(), "contrat lu", "contrats lus")
    );
    if args.buyer.is_none() {
        eprintln!("Seuils européens d'une collectivité territoriale (--buyer pour une autre catégorie d'acheteur).");
    }
    let sentences = clausier::indicators::report::sentences(&file, &indicators);
    if let Some(output) = &args.output {
        let document = clausier::indicators::document(&file, &indicators)?;
        let bytes = clausier::export::docx::to_docx(&document)?;
        clausier::util::write_atomically(output, &bytes)?;
        for sentence in &sentences {
            eprintln!("{sentence}");
        }
        eprintln!("Rapport écrit : {}", output.display());
        return Ok(EXIT_OK);
    }
    for sentence in &sentences {
        println!("{sentence}");
    }
    for (nature, b) in indicators.natures() {
        println!(
            "  {} : {}, {} avec une considération sociale ({}).",
            nature.map_or("nature indéterminée", clausier::rules::labels::nature),
            clausier::fr::count_of(b.total.count, "contrat", "contrats"),
            b.any.count,
            clausier::indicators::report::percent_text(b.share_count(b.any))
        );
    }
    if !indicators.missing.is_empty() {
        println!(
            "{} depuis le {} sans considération sociale (vérifiez {} date de lancement) :",
            clausier::fr::count_of(
                indicators.missing.len(),
                "contrat au seuil européen notifié",
                "contrats au seuil européen notifiés"
            ),
            clausier::fr::date_longue(indicators.mandatory_from),
            if indicators.missing.len() < 2 {
                "sa"
            } else {
                "leur"
            }
        );
        for m in &indicators.missing {
            println!(
                "  n° {} {} — {} — notifié le {} — {} HT",
                m.position,
                m.id,
                m.object,
                clausier::fr::date_longue(m.notified),
                format_euros(m.amount_cents)
            );
        }
    }
    if file.issue_count > 0 {
        eprintln!(
            "{} de lecture (détail dans le rapport DOCX).",
            clausier::fr::count_of(file.issue_count, "remarque", "remarques")
        );
    }
    Ok(EXIT_OK)
}
