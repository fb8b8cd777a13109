//! The window's side of the supplier pack: the pack loaded from the data folder, the last
//! import's report, the assessment of the open project (recomputed only when the project
//! changes), and the import and CSV export commands.

use chrono::NaiveDate;
use clausier::supply::{self, SupplyAssessment, SupplyPack, SupplyReference};
use std::path::PathBuf;

/// What the supply commands do; carried by `Command::Supply`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupplyAction {
    /// Choose a file and import it as the new pack.
    Import,
    /// Write the per-lot list of structures to a CSV file.
    ExportCsv,
}

/// The report of the last import, shown in the sourcing step.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportNotes {
    pub summary: String,
    pub issues: Vec<String>,
    pub ignored_columns: Vec<String>,
}

pub struct SupplyState {
    data_dir: Option<PathBuf>,
    pub pack: Option<SupplyPack>,
    /// Why the stored pack could not be read.
    pub load_error: Option<String>,
    pub last_import: Option<ImportNotes>,
    /// Changes with every pack imported, so that what was derived from the previous one is
    /// computed again.
    pub generation: u64,
}

impl SupplyState {
    /// The pack stored in the window's data folder, if any.
    pub fn load(data_dir: PathBuf) -> SupplyState {
        let (pack, load_error) = match SupplyPack::load(&data_dir) {
            Ok(pack) => (pack, None),
            Err(e) => (None, Some(e)),
        };
        SupplyState {
            data_dir: Some(data_dir),
            pack,
            load_error,
            last_import: None,
            generation: 0,
        }
    }

    /// A pack held in memory only (step tests).
    pub fn with_pack(pack: Option<SupplyPack>) -> SupplyState {
        SupplyState {
            data_dir: None,
            pack,
            load_error: None,
            last_import: None,
            generation: 0,
        }
    }

    /// Imports `path` as the new pack and stores it; the previous pack stays when the file
    /// cannot be used. Returns the status-bar message and whether it reports a failure.
    pub fn import(&mut self, path: &std::path::Path, today: NaiveDate) -> (String, bool) {
        let report = match supply::import_file(path, None, today, SupplyReference::bundled()) {
            Ok(report) => report,
            Err(e) => {
                self.last_import = Some(ImportNotes {
                    summary: format!("Import refusé, le fichier précédent est conservé : {e}"),
                    issues: Vec::new(),
                    ignored_columns: Vec::new(),
                });
                return (
                    "Import des structures refusé (voir l’étape Sourçage).".into(),
                    true,
                );
            }
        };
        if let Some(dir) = &self.data_dir {
            if let Err(e) = report.pack.save(dir) {
                return (
                    format!("Enregistrement du fichier de structures impossible : {e}"),
                    true,
                );
            }
        }
        let summary = report.summary();
        self.last_import = Some(ImportNotes {
            summary: summary.clone(),
            issues: report.issues.iter().map(|i| i.to_string()).collect(),
            ignored_columns: report.ignored_columns.clone(),
        });
        self.pack = Some(report.pack);
        self.load_error = None;
        self.generation += 1;
        (summary, false)
    }
}

/// Writes the per-lot list of structures to `path` (CSV); returns the status-bar message and
/// whether it reports a failure.
pub fn export_csv(
    state: &SupplyState,
    path: &std::path::Path,
    assessment: Option<&SupplyAssessment>,
) -> (String, bool) {
    let Some(pack) = &state.pack else {
        return (supply::HOW_TO_GET_A_PACK.to_string(), true);
    };
    let Some(assessment) = assessment else {
        return (
            "Liste des structures indisponible : corrigez d’abord le projet.".into(),
            true,
        );
    };
    let bytes = supply::export::to_csv(&assessment.evidence, pack, SupplyReference::bundled());
    match clausier::util::write_atomically(path, &bytes) {
        Ok(()) => (
            format!("Liste des structures exportée : {}", path.display()),
            false,
        ),
        Err(e) => (format!("Export impossible : {e}"), true),
    }
}

#[cfg(test)]
mod tests {
    use crate::ui::paths::AppPaths;

    #[test]
    fn the_core_and_the_window_agree_on_the_data_folder() {
        assert_eq!(
            AppPaths::for_user().data_dir,
            clausier::data_dir::default_dir()
        );
    }
}
