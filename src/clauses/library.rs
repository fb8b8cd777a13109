//! Loading, overriding and rendering clause templates.

use super::ClauseTemplate;
use minijinja::{Environment, UndefinedBehavior, Value};
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::bundled::BUNDLED;

/// Name of the file that states the library's version (not a clause file).
const INFO_FILE: &str = "library.ron";

/// Template work allowed to render one clause of a small project (minijinja fuel: one unit
/// an instruction, one for every 64 bytes produced), so that a looping organisation
/// template cannot hang the app.
const BASE_FUEL: u64 = 200_000;

/// Extra work allowed for each byte of the project's size (`model::budget_size`, its compact
/// binary form: about 0,9 kB a lot with its clause, half to two thirds of the saved text):
/// the annex tables of the bundled clauses visit every lot and print every title, so their
/// work grows with the project. Measured on the bundled clauses against the saved text's
/// length (November 2026): at most 0,11 unit a byte, from the scenarios (0,04 to 0,11) to
/// 10 000 lots (1,13 million units for 16,6 MB, 0,068) and a 10 MB lot title (0,063); the
/// binary form being at least half as long (renouvellement-urbain: 31,7 kB against 63,7 kB),
/// that is at most about 0,22 unit a byte of it. Two units a byte leave ample room, and a
/// runaway organisation loop is still stopped after work in proportion to the project
/// (tests/reliability.rs generates the 10 000 lots).
const FUEL_PER_PROJECT_BYTE: u64 = 2;

/// The work allowed to render one clause of a project of `project_bytes`
/// (`model::budget_size`).
pub fn fuel_budget(project_bytes: usize) -> u64 {
    // In steps of 4 KiB of project: a character typed or deleted keeps the budget, and with it
    // the renderings an assembly cache holds (a rendering is reused only under a budget at
    // least as large as the one it succeeded with).
    let rounded = (project_bytes as u64)
        .div_ceil(FUEL_STEP_BYTES)
        .saturating_mul(FUEL_STEP_BYTES);
    BASE_FUEL.saturating_add(FUEL_PER_PROJECT_BYTE.saturating_mul(rounded))
}

/// See `fuel_budget`.
const FUEL_STEP_BYTES: u64 = 4096;

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
    /// Prefix of the clause's compiled templates in the environment: its id, or a distinct
    /// name for a bundled clause kept behind an organisation's.
    key: String,
    /// The context variables its templates read (filled when the library is built).
    reads: Reads,
    /// Those its `rows` templates read.
    row_reads: Reads,
    /// Its place in the library (set when the library is built).
    index: usize,
}

/// The top-level context variables a clause's templates read (`when`, title, body, references
/// and table cells together): every name written in their tags, so possibly more. A template
/// that includes, imports or extends another reads what that one reads, which the analysis
/// does not follow: such a clause is taken to read everything. Assembly caches key a
/// rendering on the values of exactly these variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reads {
    All,
    /// Names from `KNOWN_VARIABLES`, in that order.
    Only(Vec<&'static str>),
}

impl Reads {
    pub fn includes(&self, name: &str) -> bool {
        match self {
            Reads::All => true,
            Reads::Only(names) => names.contains(&name),
        }
    }
}

/// Whether a template's source has a tag that brings in another template, whose variables
/// names in its tags do not show.
fn uses_other_templates(source: &str) -> bool {
    source.split("{%").skip(1).any(|tag| {
        let word = tag
            .trim_start_matches(['-', '+'])
            .trim_start()
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .next()
            .unwrap_or("");
        matches!(word, "include" | "import" | "from" | "extends")
    })
}

impl LoadedClause {
    fn new(template: ClauseTemplate, file: String, overridden: bool) -> LoadedClause {
        LoadedClause {
            key: template.id.clone(),
            template,
            file,
            overridden,
            reads: Reads::All,
            row_reads: Reads::All,
            index: 0,
        }
    }

    /// The context variables the clause's templates read.
    pub fn reads(&self) -> &Reads {
        &self.reads
    }

    /// The context variables its `rows` templates read.
    pub fn row_reads(&self) -> &Reads {
        &self.row_reads
    }

    /// Its place in its library: distinct for every clause of a library, including a bundled
    /// clause kept behind an organisation's.
    pub fn index(&self) -> usize {
        self.index
    }

    /// Names the clause's compiled templates in the environment: distinct for every clause of
    /// a library, including a bundled clause kept behind an organisation's.
    pub fn key(&self) -> &str {
        &self.key
    }
}

pub struct ClauseLibrary {
    clauses: Vec<LoadedClause>,
    /// The bundled clauses that organisation clauses replaced: used in their place when the
    /// organisation's wording fails to render for a project.
    replaced: Vec<LoadedClause>,
    env: Environment<'static>,
    info: LibraryInfo,
    /// The files read from the organisation's folder.
    organisation_files: Vec<PathBuf>,
    /// Distinct for every library built in this process: a library never changes once built,
    /// so what was rendered with one id stays true of it (see `document::AssemblyCache`).
    id: u64,
}

/// The id of the next library built.
static NEXT_LIBRARY_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn ron_error(file: &str, source: &str, e: &ron::error::SpannedError) -> LibraryError {
    let place = crate::util::ron_error_at(source, e);
    LibraryError {
        file: file.to_string(),
        line: Some(place.line),
        column: Some(place.column),
        message: place.message,
    }
}

/// A template error in French: minijinja's own wording is English.
pub(crate) fn template_error_fr(e: &minijinja::Error) -> String {
    use minijinja::ErrorKind::*;
    let kind = match e.kind() {
        UndefinedError => "valeur non définie",
        OutOfFuel => "travail maximal dépassé (boucle trop longue ou texte trop grand)",
        TemplateNotFound => {
            "modèle introuvable (include, import et extends ne visent que les clauses de la bibliothèque)"
        }
        SyntaxError => "erreur de syntaxe",
        InvalidOperation => "opération invalide",
        NonPrimitive | NonKey => "type de valeur inattendu",
        TooManyArguments => "trop d'arguments",
        MissingArgument => "argument manquant",
        UnknownFilter => "filtre inconnu",
        UnknownTest => "test inconnu",
        UnknownFunction => "fonction inconnue",
        UnknownMethod => "méthode inconnue",
        BadEscape => "séquence d'échappement invalide",
        BadSerialization | CannotDeserialize => "valeur impossible à convertir",
        BadInclude => "inclusion impossible",
        EvalBlock => "bloc impossible à rendre",
        CannotUnpack => "déstructuration impossible",
        WriteFailure => "écriture du texte impossible",
        InvalidDelimiter => "délimiteurs invalides",
        _ => "erreur de modèle",
    };
    match e.detail().and_then(detail_fr) {
        Some(detail) => format!("{kind} : {detail}"),
        None => kind.to_string(),
    }
}

/// minijinja's details that users meet, in French; our own filters' details are French
/// already (they carry accents or guillemets). Other English details are left out: the
/// line number and the kind say enough.
fn detail_fr(detail: &str) -> Option<String> {
    if !detail.is_ascii() {
        return Some(detail.to_string());
    }
    let known = [
        (
            "range has too many elements",
            "intervalle trop grand (range)",
        ),
        ("recursion limit exceeded", "imbrication trop profonde"),
        ("is unknown", "nom inconnu"),
        ("does not exist", "modèle inexistant"),
        ("is not iterable", "valeur qui n'est pas une liste"),
        ("division by zero", "division par zéro"),
        ("unable to calculate", "calcul impossible"),
        ("repeated string is too large", "texte répété trop long"),
        ("too large", "valeur trop grande"),
    ];
    known
        .iter()
        .find(|(english, _)| detail.contains(english))
        .map(|(_, french)| french.to_string())
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
    LibraryError {
        file: file.to_string(),
        line: e.line().map(|l| l + offset),
        column: None,
        message: format!("modèle invalide ({})", template_error_fr(e)),
    }
}

/// Whether a clause file's templates are compiled once more on their own, to locate an error
/// at its line in the file: worth it for an organisation's files, which a person edits; the
/// bundled ones are checked by the tests, and compiling every template twice was a tenth of
/// `generate`'s work.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Locate {
    Errors,
    Not,
}

/// Parses one clause file (a list of clauses) and, for an organisation's file, checks its
/// templates compile.
fn parse_file(
    file: &str,
    source: &str,
    locate: Locate,
) -> Result<Vec<ClauseTemplate>, LibraryError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let clauses: Vec<ClauseTemplate> =
        ron::from_str(source).map_err(|e| ron_error(file, source, &e))?;
    let env = (locate == Locate::Errors).then(base_environment);
    for clause in &clauses {
        if let Some(env) = &env {
            let anchor = format!("id: {:?}", clause.id);
            let located = |e: minijinja::Error| template_error(file, source, &anchor, &e);
            env.template_from_str(&clause.body).map_err(located)?;
            env.template_from_str(&clause.title).map_err(located)?;
            for (_, row) in &clause.rows {
                env.template_from_str(row).map_err(located)?;
            }
            if !clause.when.trim().is_empty() {
                env.compile_expression(&clause.when).map_err(located)?;
            }
            for reference in clause.legal_refs.iter().filter(|r| r.contains("{{")) {
                env.template_from_str(reference).map_err(located)?;
            }
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

/// The part name of a clause's `rows` templates (`{key}#row0`…): Markdown, like the body.
pub(crate) const ROW_PART: &str = "row";

pub(crate) fn base_environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // `debug()` would print the engine's state into the buyer's document.
    env.remove_global("debug");
    env.set_formatter(super::escape::format_value);
    env.add_filter("paragraphes", |text: String| {
        super::escape::paragraphs(&text)
    });
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .expect("default delimiters are valid"),
    );
    env.set_fuel(Some(BASE_FUEL));
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
        ron::from_str(source).map_err(|e| ron_error(file, source, &e))
    }

    /// The library compiled into the binary. Tests guarantee it is valid.
    pub fn bundled() -> Result<ClauseLibrary, LibraryError> {
        let info = ClauseLibrary::bundled_info()?;
        let mut clauses = Vec::new();
        for (file, source) in BUNDLED {
            if *file == INFO_FILE {
                continue;
            }
            for template in parse_file(file, source, Locate::Not)? {
                clauses.push(LoadedClause::new(template, file.to_string(), false));
            }
        }
        ClauseLibrary::build(clauses, Vec::new(), info, Vec::new())
    }

    /// The bundled library with clauses replaced by id from `dir`. Files that do not load are
    /// skipped (the bundled wording stays) and reported, so one typo never blocks the user.
    /// Every problem says what is used instead.
    pub fn with_overrides(dir: &Path) -> Result<(ClauseLibrary, Vec<LibraryError>), LibraryError> {
        let bundled = ClauseLibrary::bundled()?;
        let mut clauses = bundled.clauses;
        let mut replaced = Vec::new();
        let mut problems = Vec::new();
        let folder_error = |message: String| LibraryError {
            file: dir.display().to_string(),
            line: None,
            column: None,
            message,
        };
        // A file given as the folder, or a FIFO, would otherwise be read as one.
        match std::fs::metadata(dir) {
            Ok(m) if !m.is_dir() => {
                return Err(folder_error(
                    "dossier illisible (ce n'est pas un dossier)".into(),
                ))
            }
            Ok(_) => {}
            Err(e) => {
                return Err(folder_error(format!(
                    "dossier illisible ({})",
                    crate::util::io_error_fr(&e)
                )))
            }
        }
        let entries = std::fs::read_dir(dir).map_err(|e| {
            folder_error(format!(
                "dossier illisible ({})",
                crate::util::io_error_fr(&e)
            ))
        })?;
        // `.RON` counts as `.ron`: a file saved by Windows tools is not silently left out.
        let is_clause_file = |p: &Path| {
            p.extension().is_some_and(|x| x.eq_ignore_ascii_case("ron"))
                && p.file_name()
                    .is_some_and(|n| !n.to_string_lossy().eq_ignore_ascii_case(INFO_FILE))
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| is_clause_file(p))
            .collect();
        files.sort();
        let mut organisation_files = Vec::new();
        // Where each organisation clause id was defined, to report duplicates.
        let mut defined: Vec<(String, String)> = Vec::new();
        for path in files {
            let file = path.display().to_string();
            let unreadable = |message: String| {
                LibraryError {
                file: file.clone(),
                line: None,
                column: None,
                message: format!(
                    "{message} ; aucune clause de ce fichier n'est utilisée, les clauses fournies restent en place"
                ),
            }
            };
            // Checked before opening: a FIFO would block, a device never end.
            let bytes = match crate::util::read_input(&path) {
                Ok(bytes) => bytes,
                Err(reason) => {
                    problems.push(unreadable(format!("lecture impossible ({reason})")));
                    continue;
                }
            };
            organisation_files.push(path.clone());
            let Ok(source) = String::from_utf8(bytes) else {
                problems.push(unreadable(
                    "le fichier n'est pas du texte UTF-8 (enregistrez-le en UTF-8)".into(),
                ));
                continue;
            };
            let templates = match parse_file(&file, &source, Locate::Errors) {
                Ok(templates) => templates,
                Err(mut e) => {
                    e.message.push_str(
                        " ; aucune clause de ce fichier n'est utilisée, les clauses fournies restent en place",
                    );
                    problems.push(e);
                    continue;
                }
            };
            for template in templates {
                let id = template.id.clone();
                let replacement = LoadedClause::new(template, file.clone(), true);
                // A template that does not compile is refused alone: the bundled clause of
                // the same id stays, and the rest of the folder applies.
                if let Err(mut e) = ClauseLibrary::build(
                    vec![replacement.clone()],
                    Vec::new(),
                    bundled.info.clone(),
                    Vec::new(),
                ) {
                    e.message
                        .push_str(&format!(" ; {}", instead(&id, &clauses, &replaced)));
                    problems.push(e);
                    continue;
                }
                if let Some((_, earlier)) = defined.iter().find(|(d, _)| *d == id) {
                    problems.push(LibraryError {
                        file: earlier.clone(),
                        line: None,
                        column: None,
                        message: format!(
                            "clause « {id} » ignorée : {file} définit le même identifiant, c'est sa rédaction qui est utilisée"
                        ),
                    });
                }
                defined.retain(|(d, _)| *d != id);
                defined.push((id.clone(), file.clone()));
                match clauses.iter_mut().find(|c| c.template.id == id) {
                    Some(slot) => {
                        let previous = std::mem::replace(slot, replacement);
                        if !previous.overridden {
                            replaced.push(previous);
                        }
                    }
                    None => clauses.push(replacement),
                }
            }
        }
        let mut info = bundled.info;
        info.organisation_clauses = clauses.iter().filter(|c| c.overridden).count();
        let library = ClauseLibrary::build(clauses, replaced, info, organisation_files)?;
        Ok((library, problems))
    }

    fn build(
        mut clauses: Vec<LoadedClause>,
        mut replaced: Vec<LoadedClause>,
        info: LibraryInfo,
        organisation_files: Vec<PathBuf>,
    ) -> Result<ClauseLibrary, LibraryError> {
        clauses.sort_by(|a, b| {
            (a.template.piece, a.template.order, &a.template.id).cmp(&(
                b.template.piece,
                b.template.order,
                &b.template.id,
            ))
        });
        for clause in &mut replaced {
            clause.key = format!("{}@fournie", clause.template.id);
        }
        let mut env = base_environment();
        for (index, clause) in clauses.iter_mut().chain(&mut replaced).enumerate() {
            clause.index = index;
            let mut names = Vec::new();
            let t = &clause.template;
            let when = if t.when.trim().is_empty() {
                "true".to_string()
            } else {
                t.when.clone()
            };
            let key = &clause.key;
            let sources = [
                (format!("{key}#body"), t.body.clone()),
                (format!("{key}#title"), t.title.clone()),
                (
                    format!("{key}#when"),
                    format!("{{% if {when} %}}1{{% endif %}}"),
                ),
            ];
            let refs = t
                .legal_refs
                .iter()
                .enumerate()
                .filter(|(_, r)| r.contains("{{"))
                .map(|(i, r)| (format!("{key}#ref{i}"), r.clone()));
            let columns = t
                .group
                .iter()
                .flat_map(|g| g.columns.iter().enumerate())
                .map(|(i, (_, cell))| (format!("{key}#col{i}"), cell.clone()));
            let rows: Vec<(String, String)> = t
                .rows
                .iter()
                .enumerate()
                .map(|(i, (_, row))| (format!("{key}#{ROW_PART}{i}"), row.clone()))
                .collect();
            let row_names: Vec<String> = rows.iter().map(|(name, _)| name.clone()).collect();
            for (name, source) in sources.into_iter().chain(refs).chain(columns).chain(rows) {
                names.push(name.clone());
                env.add_template_owned(name, source)
                    .map_err(|e| LibraryError {
                        file: clause.file.clone(),
                        line: e.line(),
                        column: None,
                        message: format!(
                            "clause « {} » : modèle invalide ({})",
                            t.id,
                            template_error_fr(&e)
                        ),
                    })?;
            }
            clause.reads = reads_of(&env, &names);
            clause.row_reads = reads_of(&env, &row_names);
        }
        Ok(ClauseLibrary {
            clauses,
            replaced,
            env,
            info,
            organisation_files,
            id: NEXT_LIBRARY_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    pub fn info(&self) -> &LibraryInfo {
        &self.info
    }

    /// Distinct for every library built in this process (two loads of the same folder
    /// included).
    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn clauses(&self) -> &[LoadedClause] {
        &self.clauses
    }

    pub fn get(&self, id: &str) -> Option<&LoadedClause> {
        self.clauses.iter().find(|c| c.template.id == id)
    }

    /// The files read from the organisation's folder (a command must never write over them).
    pub fn organisation_files(&self) -> &[PathBuf] {
        &self.organisation_files
    }

    /// The bundled clause that an organisation clause replaced, if any.
    pub fn replaced(&self, id: &str) -> Option<&LoadedClause> {
        self.replaced.iter().find(|c| c.template.id == id)
    }

    /// The clauses to render, in document order, with the bundled wording back in place of
    /// the organisation clauses listed in `withdrawn` (an organisation clause with no bundled
    /// counterpart is left out).
    pub fn resolved(&self, withdrawn: &[String]) -> Vec<&LoadedClause> {
        let mut list: Vec<&LoadedClause> = self
            .clauses
            .iter()
            .filter_map(|c| {
                if c.overridden && withdrawn.contains(&c.template.id) {
                    self.replaced(&c.template.id)
                } else {
                    Some(c)
                }
            })
            .collect();
        list.sort_by(|a, b| {
            (a.template.piece, a.template.order, &a.template.id).cmp(&(
                b.template.piece,
                b.template.order,
                &b.template.id,
            ))
        });
        list
    }

    /// Renders clauses with `fuel` units of work allowed for each (see `fuel_budget`).
    pub fn renderer(&self, fuel: u64) -> Renderer {
        let mut env = self.env.clone();
        env.set_fuel(Some(fuel));
        Renderer { env, fuel }
    }
}

/// What the templates `names` (compiled in `env`) read, together.
fn reads_of(env: &Environment<'static>, names: &[String]) -> Reads {
    let mut read: std::collections::HashSet<&&'static str> = std::collections::HashSet::new();
    for name in names {
        let Ok(template) = env.get_template(name) else {
            return Reads::All;
        };
        let source = template.source();
        if uses_other_templates(source) {
            return Reads::All;
        }
        // Every name of the tags counts, whether read or assigned: more than minijinja's
        // `undeclared_variables`, which takes `{% set lots = lots | … %}` (and `with`, macro
        // defaults) as assigning the name before reading it and so misses the read, and no
        // second parse of each template when the library loads.
        read.extend(
            tag_names(source).filter_map(|n| super::KNOWN_VARIABLES.iter().find(|k| **k == n)),
        );
    }
    // Other names are minijinja's own globals (`range`, `namespace`…), or a variable the
    // context does not have, which fails the rendering: nothing to key on.
    Reads::Only(
        super::KNOWN_VARIABLES
            .iter()
            .copied()
            .filter(|v| read.contains(v))
            .collect(),
    )
}

/// The names written inside the `{{ … }}` and `{% … %}` tags of a template, outside string
/// literals and not after a dot (`lot.title` names `lot`, not `title`).
fn tag_names(source: &str) -> impl Iterator<Item = &str> {
    let bytes = source.as_bytes();
    let mut names = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        let close: &[u8] = match &bytes[i..i + 2] {
            b"{{" => b"}}",
            b"{%" => b"%}",
            _ => {
                i += 1;
                continue;
            }
        };
        i += 2;
        let mut quote: Option<u8> = None;
        let mut after_dot = false;
        while i < bytes.len() {
            let c = bytes[i];
            if let Some(q) = quote {
                if c == b'\\' {
                    i += 2;
                    continue;
                }
                if c == q {
                    quote = None;
                }
                i += 1;
                continue;
            }
            if bytes[i..].starts_with(close) {
                i += 2;
                break;
            }
            if c == b'"' || c == b'\'' {
                quote = Some(c);
                after_dot = false;
            } else if c.is_ascii_alphabetic() || c == b'_' {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                if !after_dot {
                    names.push(&source[start..i]);
                }
                after_dot = false;
                continue;
            } else if c == b'.' {
                after_dot = true;
            } else if !c.is_ascii_whitespace() {
                after_dot = false;
            }
            i += 1;
        }
    }
    names.into_iter()
}

/// What an organisation clause that cannot be used is replaced with, in words.
fn instead(id: &str, clauses: &[LoadedClause], replaced: &[LoadedClause]) -> String {
    let bundled = clauses
        .iter()
        .chain(replaced)
        .any(|c| c.template.id == id && !c.overridden);
    if bundled {
        format!("la clause fournie « {id} » est utilisée à sa place")
    } else {
        "cette clause n'apparaît pas dans les documents".to_string()
    }
}

/// Renders clauses for one document, with its own work budget.
pub struct Renderer {
    env: Environment<'static>,
    fuel: u64,
}

impl Renderer {
    /// The work allowed for each clause.
    pub fn fuel(&self) -> u64 {
        self.fuel
    }

    fn render_part(
        &self,
        clause: &LoadedClause,
        part: &str,
        ctx: &Value,
    ) -> Result<String, LibraryError> {
        let name = format!("{}#{part}", clause.key);
        self.env
            .get_template(&name)
            .and_then(|t| t.render(ctx))
            .map_err(|e| LibraryError {
                file: clause.file.clone(),
                line: e.line(),
                column: None,
                message: format!(
                    "clause « {} » ({part}) : rendu impossible ({})",
                    clause.template.id,
                    template_error_fr(&e)
                ),
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

    /// The cells of a grouped clause's per-lot table for one lot, in column order.
    pub fn render_columns(
        &self,
        clause: &LoadedClause,
        ctx: &Value,
    ) -> Result<Vec<String>, LibraryError> {
        let count = clause
            .template
            .group
            .as_ref()
            .map_or(0, |g| g.columns.len());
        (0..count)
            .map(|i| {
                self.render_part(clause, &format!("col{i}"), ctx)
                    .map(|cell| cell.trim().to_string())
            })
            .collect()
    }

    /// The texts of a clause's `rows` for one lot (context with `lot` set), in their order.
    pub fn render_rows(
        &self,
        clause: &LoadedClause,
        ctx: &Value,
    ) -> Result<Vec<String>, LibraryError> {
        (0..clause.template.rows.len())
            .map(|i| {
                // A row is placed as one piece of the body: the line breaks its tags leave at
                // its ends are not part of it.
                self.render_part(clause, &format!("{ROW_PART}{i}"), ctx)
                    .map(|text| text.trim_matches(['\n', '\r']).to_string())
            })
            .collect()
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
