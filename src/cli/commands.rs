//! What each subcommand does. Output to stdout is the result; messages go to stderr.

use super::args::{
    Cli, Command, DataFormat, DateArg, DocumentOutput, Format, HoursArgs, SectionArgs,
    TemplatesAction,
};
use super::{EXIT_FINDINGS, EXIT_INPUT, EXIT_OK};
use chrono::NaiveDate;
use clausier::clauses::ClauseLibrary;
use clausier::document::Document;
use clausier::fr::{count_of, format_euros, format_hours, format_number};
use clausier::model::{load_project, Project};
use clausier::pipeline;
use clausier::reference::ReferenceData;
use clausier::rules::{self, hours, Evaluation, Severity};
use serde_json::json;
use std::path::Path;

#[cfg(feature = "gui")]
fn open_window(file: Option<std::path::PathBuf>) -> i32 {
    match clausier::ui::run(file) {
        Ok(()) => EXIT_OK,
        Err(message) => {
            eprintln!("clausier : {message}");
            EXIT_INPUT
        }
    }
}

/// A build without the window (`--no-default-features`) says so instead of opening one.
#[cfg(not(feature = "gui"))]
fn open_window(_file: Option<std::path::PathBuf>) -> i32 {
    eprintln!("clausier : cette version a été construite sans la fenêtre ; utilisez une commande (clausier --help)");
    EXIT_INPUT
}

pub fn dispatch(cli: Cli) -> i32 {
    let Some(command) = cli.command else {
        if let Some(file) = cli.file.as_ref().filter(|f| !f.exists()) {
            eprintln!(
                "clausier : « {} » n'est ni un fichier de projet existant ni une commande connue ; commandes : {}",
                file.display(),
                super::command_names()
            );
            return EXIT_INPUT;
        }
        return open_window(cli.file);
    };
    let result = match command {
        Command::Generate {
            project,
            out,
            section,
            force,
            compare,
        } => generate(&project, &out, &section, force, compare.as_deref()),
        Command::Brief { project, out } => brief(&project, &out),
        Command::Handout(args) => super::training::handout_command(&args),
        Command::Plan(args) => super::training::plan_command(&args),
        Command::Slides(args) => super::training::slides_command(&args),
        Command::Quiz(args) => super::training::quiz_command(&args),
        Command::Check {
            project,
            date,
            json,
        } => check(&project, &date, json),
        Command::Hours(args) => hours_command(&args),
        Command::Procedure {
            nature,
            buyer,
            amount,
            services_specifiques,
            date,
            json,
        } => procedure(
            nature.into(),
            buyer.into(),
            amount,
            services_specifiques,
            &date,
            json,
        ),
        Command::New { scenario, output } => new(scenario.as_deref(), &output),
        Command::Scenarios { json } => scenarios(json),
        Command::Offre(args) => super::supply::run(&args),
        Command::Programme(args) => super::programme::programme(&args),
        Command::Indicateurs(args) => super::programme::indicators(&args),
        Command::Templates {
            action: TemplatesAction::Check { dir },
        } => check_templates(&dir),
        Command::Export {
            format,
            project,
            output,
            date,
        } => export(format, &project, output.as_deref(), &date),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("clausier : {message}");
            EXIT_INPUT
        }
    }
}

pub(super) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn load(path: &Path) -> Result<Project, String> {
    load_project(path).map_err(|e| e.to_string())
}

fn evaluate(project: &Project, date: &DateArg) -> Evaluation {
    let when = pipeline::law_date(project, date.date, today());
    rules::evaluate(project, when, ReferenceData::bundled())
}

fn library(templates: Option<&Path>) -> Result<ClauseLibrary, String> {
    match templates {
        None => ClauseLibrary::bundled().map_err(|e| e.to_string()),
        Some(dir) => {
            let (library, problems) =
                ClauseLibrary::with_overrides(dir).map_err(|e| e.to_string())?;
            for p in problems {
                eprintln!("clausier : clause de l'organisation non utilisée — {p}");
            }
            Ok(library)
        }
    }
}

fn print_findings(evaluation: &Evaluation, min: Severity) {
    for f in evaluation.findings.iter().filter(|f| f.severity <= min) {
        let suffix = f.reference_suffix(" (à vérifier avec votre service juridique)");
        eprintln!(
            "  {} {} : {}{suffix}\n      champ : {}",
            f.severity.label(),
            f.code,
            f.message,
            f.field
        );
    }
}

/// Refuses an output that would replace a file the command reads: the project, or a file of
/// the organisation's clause folder.
fn refuse_inputs(
    output: &Path,
    project: Option<&Path>,
    library: &ClauseLibrary,
) -> Result<(), String> {
    let mut inputs: Vec<(&Path, &str)> = Vec::new();
    if let Some(project) = project {
        inputs.push((project, "le fichier de projet"));
    }
    for file in library.organisation_files() {
        inputs.push((file.as_path(), "un fichier de clauses de l'organisation"));
    }
    clausier::util::refuse_overwriting_inputs(output, &inputs)
}

/// The organisation's clauses that could not be used at render time: the document has the
/// bundled wording in their place.
fn report_render_fallbacks(document: &Document) {
    for problem in &document.warnings {
        eprintln!("clausier : clause de l'organisation non utilisée — {problem}");
    }
}

fn generate(
    project_path: &Path,
    out: &DocumentOutput,
    section: &SectionArgs,
    force: bool,
    compare: Option<&Path>,
) -> Result<i32, String> {
    let output = out.output.as_path();
    let format = out.format()?;
    if compare.is_some() && format != Format::Docx {
        return Err(
            "--compare produit un DOCX avec suivi des modifications : donnez un fichier de sortie .docx"
                .into(),
        );
    }
    let project = load(project_path)?;
    let library = library(out.templates.as_deref())?;
    refuse_inputs(output, Some(project_path), &library)?;
    if let Some(old) = compare {
        refuse_inputs(output, Some(old), &library)?;
    }
    // The imported supplier pack, as `check` and the window use it: its evidence ends the note.
    let pack = super::supply::user_pack();
    let when = pipeline::law_date(&project, out.date.date, today());
    let data = ReferenceData::bundled();
    let assessment = pipeline::Assessment::new(&project, when, data, pack.as_ref());
    let evaluation = &assessment.evaluation;
    let errors = evaluation.count(Severity::Error);
    if errors > 0 {
        eprintln!(
            "{} : {} à corriger :",
            project_path.display(),
            count_of(errors, "erreur", "erreurs")
        );
        print_findings(evaluation, Severity::Error);
        if !force {
            eprintln!("Aucun document produit (--force pour le produire malgré tout).");
            return Ok(EXIT_FINDINGS);
        }
    }
    let mut document = pipeline::section(&project, &assessment, &library, data, pack.as_ref())
        .map_err(|e| e.to_string())?;
    if let Some(first) = section.first_article {
        document.meta.first_article = first;
    }
    report_render_fallbacks(&document);
    if let Some(model) = &section.into {
        if compare.is_some() {
            return Err("--into et --compare ne se combinent pas : complétez le modèle, ou comparez deux versions de la section".into());
        }
        return into_model(&document, &project, model, output, format, errors);
    }
    let piece = section.piece.into();
    let document = document.exported_piece(piece).map_err(|empty| {
        format!("{empty}. Aucun document n'est produit ; générez la section entière (--piece section) pour voir les pièces qui ont un contenu.")
    })?;
    match compare {
        None => write_document(&document, format, output)?,
        Some(old_path) => {
            // The old version follows the law of its own launch date, as it was generated.
            let old_project = load(old_path)?;
            let old_when = pipeline::law_date(&old_project, out.date.date, today());
            let old_assessment =
                pipeline::Assessment::new(&old_project, old_when, data, pack.as_ref());
            let mut old =
                pipeline::section(&old_project, &old_assessment, &library, data, pack.as_ref())
                    .map_err(|e| format!("{} : {e}", old_path.display()))?;
            old.meta.first_article = document.meta.first_article;
            let old = old.extract(piece);
            pipeline::write_compared(&old, &document, output).map_err(|e| e.to_string())?;
        }
    }
    let warnings = evaluation.count(Severity::Warning);
    // The clauses of the blocks written: a piece keeps the sources of the whole section.
    let clauses: std::collections::HashSet<usize> =
        document.blocks.iter().filter_map(|b| b.source).collect();
    eprintln!(
        "Document écrit : {} ({} issus de {} ; {}, voir `clausier check`).",
        output.display(),
        count_of(document.blocks.len(), "paragraphe", "paragraphes"),
        count_of(clauses.len(), "clause", "clauses"),
        count_of(warnings, "avertissement", "avertissements")
    );
    Ok(if errors > 0 { EXIT_FINDINGS } else { EXIT_OK })
}

/// `generate --into`: the buyer's model with the pieces in place of its placeholders.
fn into_model(
    document: &Document,
    project: &Project,
    model: &Path,
    output: &Path,
    format: Format,
    errors: usize,
) -> Result<i32, String> {
    if format != Format::Docx {
        return Err("--into produit un document Word : donnez un fichier de sortie .docx".into());
    }
    clausier::util::refuse_overwriting_inputs(output, &[(model, "le modèle Word")])?;
    let filled =
        pipeline::write_into_model(document, project, model, output).map_err(|e| e.to_string())?;
    eprintln!(
        "Modèle complété : {} ({}).",
        output.display(),
        filled.summary()
    );
    Ok(if errors > 0 { EXIT_FINDINGS } else { EXIT_OK })
}

fn write_document(document: &Document, format: Format, output: &Path) -> Result<(), String> {
    pipeline::write(document, format.into(), output).map_err(|e| e.to_string())
}

fn brief(project_path: &Path, out: &DocumentOutput) -> Result<i32, String> {
    let format = out.format()?;
    let project = load(project_path)?;
    let library = library(out.templates.as_deref())?;
    refuse_inputs(&out.output, Some(project_path), &library)?;
    let evaluation = evaluate(&project, &out.date);
    let document = pipeline::brief(&project, &evaluation, &library, ReferenceData::bundled())
        .map_err(|e| format!("{} : {e}", project_path.display()))?;
    report_render_fallbacks(&document);
    write_document(&document, format, &out.output)?;
    eprintln!("Fiche écrite : {}", out.output.display());
    Ok(EXIT_OK)
}

fn check(project_path: &Path, date: &DateArg, as_json: bool) -> Result<i32, String> {
    let project = load(project_path)?;
    let pack = super::supply::user_pack();
    let when = pipeline::law_date(&project, date.date, today());
    let evaluation =
        pipeline::Assessment::new(&project, when, ReferenceData::bundled(), pack.as_ref())
            .evaluation;
    let code = if evaluation.has_errors() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    if as_json {
        let value = json!({
            "date": evaluation.date.to_string(),
            "procedure": procedure_json(&evaluation.procedure),
            "lots": evaluation.lots.iter().map(|l| json!({
                "number": l.number,
                "regime": l.regime.code(),
                "publicity": l.publicity.code(),
                "small_lot": l.small_lot,
                "hours": l.hours.as_ref().map(hours_json),
            })).collect::<Vec<_>>(),
            "findings": evaluation.findings,
            "errors": evaluation.count(Severity::Error),
            "warnings": evaluation.count(Severity::Warning),
            "infos": evaluation.count(Severity::Info),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).expect("JSON values serialise")
        );
        return Ok(code);
    }
    let p = &evaluation.procedure;
    println!(
        "{} — règles applicables au {}",
        project.meta.title,
        clausier::fr::date_longue(evaluation.date)
    );
    println!(
        "Procédure : {} ({}) ; seuil européen : {} HT.",
        p.regime.label(),
        p.publicity.label(),
        format_euros(p.eu_threshold_cents)
    );
    for (lot, eval) in project.allotment.lots.iter().zip(&evaluation.lots) {
        let hours = eval
            .hours
            .as_ref()
            .map(|h| format!(" ; clause d'insertion : {}", format_hours(h.hours)))
            .unwrap_or_default();
        println!(
            "  Lot {} — {} : {}{}{hours}",
            lot.number,
            lot.title,
            eval.regime.label(),
            if eval.small_lot { " (petit lot)" } else { "" }
        );
    }
    for f in &evaluation.findings {
        let suffix = f.reference_suffix(" (à vérifier)");
        println!("{} {} : {}{suffix}", f.severity.label(), f.code, f.message);
    }
    println!(
        "{}, {}, {}.",
        count_of(evaluation.count(Severity::Error), "erreur", "erreurs"),
        count_of(
            evaluation.count(Severity::Warning),
            "avertissement",
            "avertissements"
        ),
        count_of(
            evaluation.count(Severity::Info),
            "information",
            "informations"
        )
    );
    Ok(code)
}

fn hours_json(h: &hours::HoursResult) -> serde_json::Value {
    json!({
        "hours": h.hours,
        "exact": h.exact,
        "fte": h.fte,
        "advice": h.advice.code(),
        "labour_hours": h.labour_hours,
        "weighting": h.weighting,
    })
}

fn hours_command(args: &HoursArgs) -> Result<i32, String> {
    let data = ReferenceData::bundled();
    let result = if args.cleaning {
        hours::cleaning_hours(
            args.amount,
            args.months.unwrap_or(0),
            args.transferred_hours.unwrap_or(0.0),
            args.rate,
            data,
        )
    } else {
        hours::general_hours(
            args.amount,
            args.labour_share.unwrap_or(0.0),
            args.rate,
            args.hourly_cost.unwrap_or(0),
            data,
        )
    }
    .map_err(|e| format!("calcul impossible : {}", e.message))?;
    if args.json {
        println!("{}", hours_json(&result));
        return Ok(EXIT_OK);
    }
    println!(
        "{} d'insertion (valeur exacte : {}), soit {} sur un an.",
        format_hours(result.hours),
        format_number(result.exact, 2),
        clausier::fr::quantity_of(
            result.fte,
            2,
            "équivalent temps plein",
            "équivalents temps plein"
        )
    );
    if let Some(p) = result.weighting {
        println!(
            "Coefficient de pondération pour le personnel repris : {}.",
            format_number(p, 4)
        );
    }
    let advice = match result.advice {
        hours::Advice::Ok => "Avis : le volume justifie une clause d'insertion.",
        hours::Advice::TooSmall => {
            "Avis : volume trop faible pour qu'une clause ait un effet ; envisagez un autre levier."
        }
        hours::Advice::NoPotential => {
            "Avis : aucun potentiel d'embauche ; ne prévoyez pas de clause."
        }
    };
    println!("{advice}");
    Ok(EXIT_OK)
}

fn euros_json(cents: i64) -> serde_json::Value {
    if cents % 100 == 0 {
        json!(cents / 100)
    } else {
        json!(cents as f64 / 100.0)
    }
}

fn procedure_json(p: &rules::ProcedureInfo) -> serde_json::Value {
    json!({
        "eu_threshold": euros_json(p.eu_threshold_cents),
        "regime": p.regime.code(),
        "publicity": p.publicity.code(),
        "social_condition_mandatory": p.social_condition_mandatory,
        "environmental_criterion_mandatory": p.environmental_criterion_mandatory,
        "no_publicity_threshold": euros_json(p.no_publicity_threshold_cents),
    })
}

fn procedure(
    nature: clausier::model::Nature,
    buyer: clausier::model::BuyerKind,
    amount: i64,
    specific_services: bool,
    date: &DateArg,
    as_json: bool,
) -> Result<i32, String> {
    let when = date.date.unwrap_or_else(today);
    let p = rules::procedure::procedure(
        nature,
        buyer,
        amount,
        when,
        specific_services,
        ReferenceData::bundled(),
    );
    if as_json {
        println!("{}", procedure_json(&p));
        return Ok(EXIT_OK);
    }
    println!("Au {} :", clausier::fr::date_longue(when));
    println!("  {} — {}.", p.regime.label(), p.publicity.label());
    println!(
        "  Seuil européen applicable : {} HT.",
        format_euros(p.eu_threshold_cents)
    );
    println!(
        "  Seuil de dispense de publicité : {} HT (montant strictement inférieur).",
        format_euros(p.no_publicity_threshold_cents)
    );
    if let Some(threshold) = p.social_services_eu_cents {
        println!(
            "  Services sociaux et autres services spécifiques : avis au JOUE à partir de {} HT (article du code à vérifier).",
            format_euros(threshold)
        );
    }
    let yes_no = |b: bool| if b { "oui" } else { "non" };
    println!(
        "  Condition d'exécution sociale obligatoire : {}.",
        yes_no(p.social_condition_mandatory)
    );
    println!(
        "  Critère environnemental obligatoire : {}.",
        yes_no(p.environmental_criterion_mandatory)
    );
    if !p.thresholds_known {
        println!("  Attention : seuils inconnus pour cette date, les derniers connus sont appliqués (à vérifier).");
    }
    Ok(EXIT_OK)
}

fn new(scenario: Option<&str>, output: &Path) -> Result<i32, String> {
    if output.exists() {
        return Err(format!(
            "{} existe déjà : choisissez un autre nom (le fichier n'est pas remplacé).",
            output.display()
        ));
    }
    let text = match scenario {
        None => clausier::model::to_ron_string(&Project::blank()),
        Some(id) => clausier::scenarios::source(id)
            .ok_or_else(|| {
                let ids: Vec<String> = clausier::scenarios::bundled()
                    .map(|list| list.into_iter().map(|s| s.id).collect())
                    .unwrap_or_default();
                format!(
                    "scénario « {id} » inconnu ; scénarios disponibles : {}",
                    ids.join(", ")
                )
            })?
            .to_string(),
    };
    clausier::util::write_atomically(output, text.as_bytes())?;
    eprintln!("Projet créé : {}", output.display());
    Ok(EXIT_OK)
}

fn export(
    format: DataFormat,
    project_path: &Path,
    output: Option<&Path>,
    date: &DateArg,
) -> Result<i32, String> {
    if let Some(path) = output {
        clausier::util::refuse_overwriting_inputs(path, &[(project_path, "le fichier de projet")])?;
    }
    let project = load(project_path)?;
    let evaluation = evaluate(&project, date);
    let value = match format {
        DataFormat::Eforms => {
            serde_json::to_value(clausier::rules::notice::eforms(&project, &evaluation))
        }
        DataFormat::Decp => {
            serde_json::to_value(clausier::rules::notice::decp(&project, &evaluation))
        }
    }
    .expect("notice values serialise");
    let text = serde_json::to_string_pretty(&value).expect("JSON values serialise") + "\n";
    match output {
        Some(path) => {
            clausier::util::write_atomically(path, text.as_bytes())?;
            eprintln!("Valeurs écrites : {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(if evaluation.has_errors() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn check_templates(dir: &Path) -> Result<i32, String> {
    let check = clausier::pipeline::check_templates(dir, today()).map_err(|e| e.to_string())?;
    for problem in &check.problems {
        eprintln!("{problem}");
    }
    for remark in &check.remarks {
        eprintln!("remarque : {remark}");
    }
    if check.problems.is_empty() {
        println!(
            "{} : syntaxe et rendu sur chaque scénario corrects ; {} utilisée{}{}.",
            count_of(
                check.clauses,
                "clause de l'organisation vérifiée",
                "clauses de l'organisation vérifiées"
            ),
            if check.clauses < 2 {
                "elle sera"
            } else {
                "elles seront"
            },
            if check.clauses < 2 { "" } else { "s" },
            match check.remarks.len() {
                0 => String::new(),
                n => format!(" ({} ci-dessus)", count_of(n, "remarque", "remarques")),
            }
        );
        Ok(EXIT_OK)
    } else {
        eprintln!(
            "{} : chaque message ci-dessus dit quelle rédaction sera utilisée à la place.",
            count_of(check.problems.len(), "problème", "problèmes")
        );
        Ok(EXIT_FINDINGS)
    }
}

fn scenarios(as_json: bool) -> Result<i32, String> {
    let list = clausier::scenarios::bundled().map_err(|e| e.to_string())?;
    if as_json {
        let value: Vec<_> = list
            .iter()
            .map(|s| json!({ "id": s.id, "title": s.title() }))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&value).expect("JSON values serialise")
        );
    } else {
        for s in &list {
            println!("{:<28} {}", s.id, s.title());
        }
    }
    Ok(EXIT_OK)
}
