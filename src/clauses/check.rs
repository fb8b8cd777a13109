//! Checking an organisation's clause folder before it is used: syntax and declared variables
//! here, rendering against every bundled scenario in `pipeline::check_templates`. The verdict
//! is what `generate` will really do: a clause reported as replaced by the bundled one is
//! replaced, and one that works is not reported as broken.

use super::library::base_environment;
use super::{ClauseLibrary, LibraryError, LoadedClause, KNOWN_VARIABLES};
use std::collections::BTreeSet;
use std::path::Path;

/// What the check of a folder found.
#[derive(Debug, Default)]
pub struct FolderCheck {
    /// Clauses of the folder in use (replacing a bundled one or added).
    pub clauses: usize,
    /// Organisation wording that will not be used as written: a file or template that does
    /// not load, a duplicate id, a clause that fails to render for a scenario. Each message
    /// says what is used instead.
    pub problems: Vec<LibraryError>,
    /// Worth fixing, but the organisation's clause is used: a variable used without being
    /// declared, or not known.
    pub remarks: Vec<LibraryError>,
}

/// Loads the folder as `generate` would (the problems of loading, the remarks on variables).
/// Err when the folder itself cannot be read. Rendering against the scenarios is the
/// pipeline's part (`pipeline::check_templates`): this module stays below the documents.
pub fn load_folder(dir: &Path) -> Result<(ClauseLibrary, FolderCheck), LibraryError> {
    let (library, problems) = ClauseLibrary::with_overrides(dir)?;
    let overridden: Vec<&LoadedClause> =
        library.clauses().iter().filter(|c| c.overridden).collect();
    let remarks = overridden
        .iter()
        .flat_map(|c| undeclared(c).into_iter().chain(unused_rows(c)))
        .collect();
    let clauses = overridden.len();
    Ok((
        library,
        FolderCheck {
            clauses,
            problems,
            remarks,
        },
    ))
}

/// The `rows` of a clause written lot by lot: only a clause written once prints them.
fn unused_rows(clause: &LoadedClause) -> Option<LibraryError> {
    let t = &clause.template;
    (t.scope == super::Scope::PerLot && !t.rows.is_empty()).then(|| LibraryError {
        file: clause.file.clone(),
        line: None,
        column: None,
        message: format!("clause « {} » : les lignes « rows » ne servent qu'à une clause rédigée une seule fois (scope: Once) ; rédigée lot par lot, la clause ne les imprime pas (elle est utilisée sans elles)", t.id),
    })
}

/// Variables a clause uses without declaring them, or that do not exist. The engine's own
/// functions (`range`, `namespace`, `dict`…) are not variables.
fn undeclared(clause: &LoadedClause) -> Vec<LibraryError> {
    let t = &clause.template;
    let env = base_environment();
    let globals: Vec<&str> = env.globals().map(|(name, _)| name).collect();
    let mut used = BTreeSet::new();
    let when = (!t.when.trim().is_empty()).then(|| format!("{{% if {} %}}{{% endif %}}", t.when));
    let sources = t.template_sources().chain(when.as_ref());
    for source in sources {
        if let Ok(template) = env.template_from_str(source) {
            used.extend(template.undeclared_variables(false));
        }
    }
    used.iter()
        .filter(|v| !globals.contains(&v.as_str()))
        .filter(|v| !t.variables.contains(v) || !KNOWN_VARIABLES.contains(&v.as_str()))
        .map(|v| LibraryError {
            file: clause.file.clone(),
            line: None,
            column: None,
            message: if KNOWN_VARIABLES.contains(&v.as_str()) {
                format!("clause « {} » : la variable « {v} » est utilisée sans être déclarée dans « variables » (ajoutez-la ; la clause de l'organisation est utilisée)", t.id)
            } else {
                format!("clause « {} » : la variable « {v} » n'existe pas ; variables disponibles : {} (si le rendu l'atteint, la clause fournie est utilisée à la place)", t.id, KNOWN_VARIABLES.join(", "))
            },
        })
        .collect()
}
