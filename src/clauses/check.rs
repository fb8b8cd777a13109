//! Checking an organisation's clause folder before it is used: syntax, declared variables,
//! and rendering against every bundled scenario. The verdict is what `generate` will really
//! do: a clause reported as replaced by the bundled one is replaced, and one that works is
//! not reported as broken.

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

/// Checks the folder. Err when the folder itself cannot be read.
pub fn check_folder(dir: &Path) -> Result<FolderCheck, LibraryError> {
    let (library, mut problems) = ClauseLibrary::with_overrides(dir)?;
    let overridden: Vec<&LoadedClause> =
        library.clauses().iter().filter(|c| c.overridden).collect();
    let remarks = overridden.iter().flat_map(|c| undeclared(c)).collect();
    let scenarios = crate::scenarios::bundled().map_err(|e| LibraryError {
        file: "assets/scenarios".into(),
        line: None,
        column: None,
        message: e.to_string(),
    })?;
    let data = crate::reference::ReferenceData::bundled();
    for scenario in scenarios {
        let date =
            crate::rules::effective_date(&scenario.project, chrono::Local::now().date_naive());
        let evaluation = crate::rules::evaluate(&scenario.project, date, data);
        let failures =
            match crate::document::assemble(&scenario.project, &evaluation, &library, data) {
                Ok(document) => document.warnings,
                Err(e) => vec![e],
            };
        for mut e in failures {
            e.message = format!("{} (scénario « {} »)", e.message, scenario.id);
            if !problems.contains(&e) {
                problems.push(e);
            }
        }
    }
    Ok(FolderCheck {
        clauses: overridden.len(),
        problems,
        remarks,
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
    let sources = [Some(&t.body), Some(&t.title), when.as_ref()]
        .into_iter()
        .flatten()
        .chain(t.legal_refs.iter().filter(|r| r.contains("{{")));
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
