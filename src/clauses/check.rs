//! Checking an organisation's clause folder before it is used: syntax, declared variables,
//! and rendering against every bundled scenario.

use super::{ClauseLibrary, LibraryError, LoadedClause, KNOWN_VARIABLES};
use std::collections::BTreeSet;
use std::path::Path;

/// Every problem of the folder's clauses; empty when they can replace the bundled ones.
/// Err when the folder itself cannot be read.
pub fn check_folder(dir: &Path) -> Result<(usize, Vec<LibraryError>), LibraryError> {
    let (library, mut problems) = ClauseLibrary::with_overrides(dir)?;
    let overridden: Vec<&LoadedClause> =
        library.clauses().iter().filter(|c| c.overridden).collect();
    for clause in &overridden {
        problems.extend(undeclared(clause));
    }
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
        if let Err(mut e) =
            crate::document::assemble(&scenario.project, &evaluation, &library, data)
        {
            e.message = format!("{} (scénario « {} »)", e.message, scenario.id);
            if !problems.contains(&e) {
                problems.push(e);
            }
        }
    }
    Ok((overridden.len(), problems))
}

/// Variables a clause uses without declaring them, or declares without knowing them.
fn undeclared(clause: &LoadedClause) -> Vec<LibraryError> {
    let t = &clause.template;
    let env = minijinja::Environment::new();
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
        .filter(|v| !t.variables.contains(v) || !KNOWN_VARIABLES.contains(&v.as_str()))
        .map(|v| LibraryError {
            file: clause.file.clone(),
            line: None,
            column: None,
            message: if KNOWN_VARIABLES.contains(&v.as_str()) {
                format!("clause « {} » : la variable « {v} » est utilisée sans être déclarée dans « variables »", t.id)
            } else {
                format!("clause « {} » : la variable « {v} » n'existe pas ; variables disponibles : {}", t.id, KNOWN_VARIABLES.join(", "))
            },
        })
        .collect()
}
