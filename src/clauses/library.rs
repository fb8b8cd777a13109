//! Loading, overriding and rendering clause templates.

use super::ClauseTemplate;
use minijinja::{Environment, UndefinedBehavior, Value};
use serde::Deserialize;
use std::fmt;
use std::path::Path;

use crate::bundled::BUNDLED;

/// Name of the file that states the library's version (not a clause file).
const INFO_FILE: &str = "library.ron";

/// Upper bound on template work per render, so a looping template cannot hang the app.
const FUEL: u64 = 200_000;

/// A problem in a clause file, located as precisely as we can.
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryError {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for LibraryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, " : {}", self.message)
    }
}

impl std::error::Error for LibraryError {}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LibraryInfo {
    pub version: String,
    pub date: String,
    /// Bundled clauses replaced (or added) by the organisation's folder.
    #[serde(skip)]
    pub organisation_clauses: usize,
}

impl LibraryInfo {
    /// The version as documents state it: « 2026.11 », or « 2026.11 + 2 clauses de
    /// l'organisation » when an organisation's wording took part.
    pub fn describe(&self) -> String {
        match self.organisation_clauses {
            0 => self.version.clone(),
            1 => format!("{} + 1 clause de l'organisation", self.version),
            n => format!("{} + {n} clauses de l'organisation", self.version),
        }
    }
}

#[derive(Debug, Clone)]
pub struct LoadedClause {
    pub template: ClauseTemplate,
    /// File the clause came from.
    pub file: String,
    /// true when an organisation's folder replaced the bundled wording.
    pub overridden: bool,
}

pub struct ClauseLibrary {
    clauses: Vec<LoadedClause>,
    env: Environment<'static>,
    info: LibraryInfo,
}

fn ron_error(file: &str, e: &ron::error::SpannedError) -> LibraryError {
    LibraryError {
        file: file.to_string(),
        line: Some(e.span.start.line),
        column: Some(e.span.start.col),
        message: crate::util::ron_error_fr(&e.code),
    }
}

/// Line of a template error, counted from the start of the RON file: the body's own line
/// plus the line where the body string starts.
fn template_error(
    file: &str,
    source: &str,
    field_start: &str,
    e: &minijinja::Error,
) -> LibraryError {
    let offset = source
        .find(field_start)
        .map(|pos| source[..pos].lines().count().max(1) - 1)
        .unwrap_or(0);
    let detail = e.detail().map(|d| format!(" : {d}")).unwrap_or_default();
    LibraryError {
        file: file.to_string(),
        line: e.line().map(|l| l + offset),
        column: None,
        message: format!("modèle invalide ({}{detail})", e.kind()),
    }
}

/// Parses one clause file (a list of clauses) and checks its templates compile.
fn parse_file(file: &str, source: &str) -> Result<Vec<ClauseTemplate>, LibraryError> {
    let clauses: Vec<ClauseTemplate> = ron::from_str(source).map_err(|e| ron_error(file, &e))?;
    let env = base_environment();
    for clause in &clauses {
        let anchor = format!("id: {:?}", clause.id);
        let located = |e: minijinja::Error| template_error(file, source, &anchor, &e);
        env.template_from_str(&clause.body).map_err(located)?;
        env.template_from_str(&clause.title).map_err(located)?;
        if !clause.when.trim().is_empty() {
            env.compile_expression(&clause.when).map_err(located)?;
        }
        for reference in clause.legal_refs.iter().filter(|r| r.contains("{{")) {
            env.template_from_str(reference).map_err(located)?;
        }
        for variable in &clause.variables {
            if !super::KNOWN_VARIABLES.contains(&variable.as_str()) {
                return Err(LibraryError {
                    file: file.into(),
                    line: None,
                    column: None,
                    message: format!(
                        "clause « {} » : variable déclarée « {variable} » inconnue",
                        clause.id
                    ),
                });
            }
        }
    }
    Ok(clauses)
}

fn base_environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .expect("default delimiters are valid"),
    );
    env.set_fuel(Some(FUEL));
    super::filters::register(&mut env);
    env
}

impl ClauseLibrary {
    /// Version and date of the library compiled into the binary, without compiling its
    /// templates (for `--version`).
    pub fn bundled_info() -> Result<LibraryInfo, LibraryError> {
        let (file, source) = BUNDLED
            .iter()
            .find(|(file, _)| *file == INFO_FILE)
            .ok_or_else(|| LibraryError {
                file: INFO_FILE.into(),
                line: None,
                column: None,
                message: "fichier de version de la bibliothèque absent".into(),
            })?;
        ron::from_str(source).map_err(|e| ron_error(file, &e))
    }

    /// The library compiled into the binary. Tests guarantee it is valid.
    pub fn bundled() -> Result<ClauseLibrary, LibraryError> {
        let info = ClauseLibrary::bundled_info()?;
        let mut clauses = Vec::new();
        for (file, source) in BUNDLED {
            if *file == INFO_FILE {
                continue;
            }
            for template in parse_file(file, source)? {
                clauses.push(LoadedClause {
                    template,
                    file: file.to_string(),
                    overridden: false,
                });
            }
        }
        ClauseLibrary::build(clauses, info)
    }

    /// The bundled library with clauses replaced by id from `dir`. Files that do not load are
    /// skipped (the bundled wording stays) and reported, so one typo never blocks the user.
    pub fn with_overrides(dir: &Path) -> Result<(ClauseLibrary, Vec<LibraryError>), LibraryError> {
        let bundled = ClauseLibrary::bundled()?;
        let mut clauses = bundled.clauses;
        let mut problems = Vec::new();
        let entries = std::fs::read_dir(dir).map_err(|e| LibraryError {
            file: dir.display().to_string(),
            line: None,
            column: None,
            message: format!("dossier illisible ({})", crate::util::io_error_fr(&e)),
        })?;
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .filter(|p| p.file_name().is_some_and(|n| n != INFO_FILE))
            .collect();
        files.sort();
        for path in files {
            let file = path.display().to_string();
            let source = match std::fs::read_to_string(&path) {
                Ok(s) => s,
                Err(e) => {
                    problems.push(LibraryError {
                        file,
                        line: None,
                        column: None,
                        message: format!("lecture impossible ({})", crate::util::io_error_fr(&e)),
                    });
                    continue;
                }
            };
            match parse_file(&file, &source) {
                Ok(templates) => {
                    for template in templates {
                        let replacement = LoadedClause {
                            template,
                            file: file.clone(),
                            overridden: true,
                        };
                        // A template that does not compile is refused alone: the bundled
                        // clause of the same id stays, and the rest of the folder applies.
                        if let Err(e) =
                            ClauseLibrary::build(vec![replacement.clone()], bundled.info.clone())
                        {
                            problems.push(e);
                            continue;
                        }
                        match clauses
                            .iter_mut()
                            .find(|c| c.template.id == replacement.template.id)
                        {
                            Some(slot) => *slot = replacement,
                            None => clauses.push(replacement),
                        }
                    }
                }
                Err(e) => problems.push(e),
            }
        }
        let mut info = bundled.info;
        info.organisation_clauses = clauses.iter().filter(|c| c.overridden).count();
        Ok((ClauseLibrary::build(clauses, info)?, problems))
    }

    fn build(
        mut clauses: Vec<LoadedClause>,
        info: LibraryInfo,
    ) -> Result<ClauseLibrary, LibraryError> {
        clauses.sort_by(|a, b| {
            (a.template.piece, a.template.order, &a.template.id).cmp(&(
                b.template.piece,
                b.template.order,
                &b.template.id,
            ))
        });
        let mut env = base_environment();
        for clause in &clauses {
            let t = &clause.template;
            let when = if t.when.trim().is_empty() {
                "true".to_string()
            } else {
                t.when.clone()
            };
            let sources = [
                (format!("{}#body", t.id), t.body.clone()),
                (format!("{}#title", t.id), t.title.clone()),
                (
                    format!("{}#when", t.id),
                    format!("{{% if {when} %}}1{{% endif %}}"),
                ),
            ];
            let refs = t
                .legal_refs
                .iter()
                .enumerate()
                .filter(|(_, r)| r.contains("{{"))
                .map(|(i, r)| (format!("{}#ref{i}", t.id), r.clone()));
            for (name, source) in sources.into_iter().chain(refs) {
                env.add_template_owned(name, source)
                    .map_err(|e| LibraryError {
                        file: clause.file.clone(),
                        line: e.line(),
                        column: None,
                        message: format!("clause « {} » : {e}", t.id),
                    })?;
            }
        }
        Ok(ClauseLibrary { clauses, env, info })
    }

    pub fn info(&self) -> &LibraryInfo {
        &self.info
    }

    pub fn clauses(&self) -> &[LoadedClause] {
        &self.clauses
    }

    pub fn get(&self, id: &str) -> Option<&LoadedClause> {
        self.clauses.iter().find(|c| c.template.id == id)
    }

    fn render_part(
        &self,
        clause: &LoadedClause,
        part: &str,
        ctx: &Value,
    ) -> Result<String, LibraryError> {
        let name = format!("{}#{part}", clause.template.id);
        self.env
            .get_template(&name)
            .and_then(|t| t.render(ctx))
            .map_err(|e| {
                let detail = e.detail().map(|d| format!(" : {d}")).unwrap_or_default();
                LibraryError {
                    file: clause.file.clone(),
                    line: e.line(),
                    column: None,
                    message: format!(
                        "clause « {} » ({part}) : rendu impossible ({}{detail})",
                        clause.template.id,
                        e.kind()
                    ),
                }
            })
    }

    /// Whether the clause applies in this context (its `when` expression).
    pub fn applies(&self, clause: &LoadedClause, ctx: &Value) -> Result<bool, LibraryError> {
        Ok(!self.render_part(clause, "when", ctx)?.is_empty())
    }

    pub fn render_title(&self, clause: &LoadedClause, ctx: &Value) -> Result<String, LibraryError> {
        self.render_part(clause, "title", ctx)
    }

    pub fn render_body(&self, clause: &LoadedClause, ctx: &Value) -> Result<String, LibraryError> {
        self.render_part(clause, "body", ctx)
    }

    /// The clause's legal references in this context: a reference written as a template
    /// (`"{{ lot.reservations | map(attribute='article') | join(', ') }}"`) gives the articles
    /// that really apply, so the decision record cites only those.
    pub fn render_refs(
        &self,
        clause: &LoadedClause,
        ctx: &Value,
    ) -> Result<Vec<String>, LibraryError> {
        let mut refs = Vec::new();
        for (i, reference) in clause.template.legal_refs.iter().enumerate() {
            if reference.contains("{{") {
                let text = self.render_part(clause, &format!("ref{i}"), ctx)?;
                refs.extend(
                    text.split(',')
                        .map(str::trim)
                        .filter(|r| !r.is_empty())
                        .map(String::from),
                );
            } else {
                refs.push(reference.clone());
            }
        }
        Ok(refs)
    }
}
