//! The project being edited and everything derived from it: history for undo/redo, the
//! rules' evaluation and the assembled Document (recomputed only when the project changes),
//! saving, export, and the recovery copy written while the user works.

use crate::ui::paths::AppPaths;
use chrono::NaiveDate;
use clausier::clauses::{ClauseLibrary, LibraryError};
use clausier::document::Document;
use clausier::model::{load_project, save_project, to_ron_string, Project};
use clausier::reference::ReferenceData;
use clausier::rules::{effective_date, evaluate, Evaluation};
use egui::util::undoer::{Settings, Undoer};
use std::path::{Path, PathBuf};

/// Seconds without a change before the recovery copy is written.
const AUTOSAVE_DELAY: f64 = 1.5;

pub struct Session {
    pub project: Project,
    pub path: Option<PathBuf>,
    /// The project as last opened or saved: the reference for "unsaved changes".
    saved: Project,
    history: Undoer<Project>,
    library: ClauseLibrary,
    pub library_problems: Vec<LibraryError>,
    derived: Option<Derived>,
    recovery: Recovery,
}

struct Derived {
    project: Project,
    today: NaiveDate,
    evaluation: Evaluation,
    document: Result<Document, String>,
}

struct Recovery {
    file: PathBuf,
    written: Option<Project>,
    last_change: f64,
    pending: Option<Project>,
}

/// A recovery copy found at start-up: what a crash left behind.
pub struct RecoveryOffer {
    pub project: Project,
    pub original_path: Option<PathBuf>,
}

fn undo_settings() -> Settings {
    Settings {
        max_undos: 100,
        stable_time: 0.8,
        auto_save_interval: 10.0,
    }
}

impl Session {
    pub fn new(paths: &AppPaths, templates: Option<&Path>) -> Session {
        let (library, library_problems) = load_library(templates);
        let project = Project::blank();
        Session {
            saved: project.clone(),
            project,
            path: None,
            history: Undoer::with_settings(undo_settings()),
            library,
            library_problems,
            derived: None,
            recovery: Recovery {
                file: paths.recovery_file(),
                written: None,
                last_change: 0.0,
                pending: None,
            },
        }
    }

    /// Replaces the project (new, open, scenario, restore) and starts a fresh history.
    pub fn replace(&mut self, project: Project, path: Option<PathBuf>, saved: bool) {
        self.saved = if saved {
            project.clone()
        } else {
            Project::blank()
        };
        self.project = project;
        self.path = path;
        self.history = Undoer::with_settings(undo_settings());
        self.derived = None;
    }

    pub fn open(&mut self, path: &Path) -> Result<(), String> {
        let project = load_project(path).map_err(|e| e.to_string())?;
        self.replace(project, Some(path.to_path_buf()), true);
        Ok(())
    }

    pub fn is_dirty(&self) -> bool {
        self.project != self.saved
    }

    pub fn library(&self) -> &ClauseLibrary {
        &self.library
    }

    /// The project to edit, with its evaluation and the library to explain it, borrowed
    /// together so that a step can draw without copying the evaluation every frame.
    pub fn editing_parts(&mut self) -> (&mut Project, Option<&Evaluation>, &ClauseLibrary) {
        (
            &mut self.project,
            self.derived.as_ref().map(|d| &d.evaluation),
            &self.library,
        )
    }

    pub fn reload_library(&mut self, templates: Option<&Path>) {
        let (library, problems) = load_library(templates);
        self.library = library;
        self.library_problems = problems;
        self.derived = None;
    }

    /// Brings the evaluation and the document up to date with the project.
    pub fn refresh(&mut self, today: NaiveDate) {
        let fresh = self
            .derived
            .as_ref()
            .is_some_and(|d| d.today == today && d.project == self.project);
        if fresh {
            return;
        }
        let data = ReferenceData::bundled();
        let evaluation = evaluate(&self.project, effective_date(&self.project, today), data);
        let document =
            clausier::document::assemble(&self.project, &evaluation, &self.library, data)
                .map_err(|e| e.to_string());
        self.derived = Some(Derived {
            project: self.project.clone(),
            today,
            evaluation,
            document,
        });
    }

    pub fn evaluation(&self) -> Option<&Evaluation> {
        self.derived.as_ref().map(|d| &d.evaluation)
    }

    pub fn document(&self) -> Option<&Result<Document, String>> {
        self.derived.as_ref().map(|d| &d.document)
    }

    // --- history ---------------------------------------------------------------------------

    /// Called once a frame: groups edits made within a short time into one undo step.
    pub fn feed_history(&mut self, time: f64) {
        self.history.feed_state(time, &self.project);
    }

    pub fn can_undo(&self) -> bool {
        self.history.has_undo(&self.project)
    }

    pub fn can_redo(&self) -> bool {
        self.history.has_redo(&self.project)
    }

    pub fn undo(&mut self) -> bool {
        match self.history.undo(&self.project) {
            Some(previous) => {
                self.project = previous.clone();
                true
            }
            None => false,
        }
    }

    pub fn redo(&mut self) -> bool {
        match self.history.redo(&self.project) {
            Some(next) => {
                self.project = next.clone();
                true
            }
            None => false,
        }
    }

    // --- files -----------------------------------------------------------------------------

    pub fn save_to(&mut self, path: &Path) -> Result<(), String> {
        save_project(&self.project, path)?;
        self.path = Some(path.to_path_buf());
        self.saved = self.project.clone();
        self.discard_recovery();
        Ok(())
    }

    /// Writes the DOCX section. The project is left as it is, whatever happens.
    pub fn export_docx(&mut self, path: &Path, today: NaiveDate) -> Result<(), String> {
        self.refresh(today);
        let document = match self.document() {
            Some(Ok(doc)) => doc,
            Some(Err(e)) => return Err(e.clone()),
            None => return Err("document indisponible".into()),
        };
        let bytes = clausier::export::docx::to_docx(document)?;
        clausier::util::write_atomically(path, &bytes)
    }

    /// Writes the facilitator's brief alone; an error when no lot has an insertion clause.
    pub fn export_brief(&mut self, path: &Path, today: NaiveDate) -> Result<(), String> {
        self.refresh(today);
        let Some(evaluation) = self.evaluation() else {
            return Err("évaluation indisponible".into());
        };
        let document = clausier::document::assemble_brief(
            &self.project,
            evaluation,
            &self.library,
            ReferenceData::bundled(),
        )
        .map_err(|e| e.to_string())?
        .ok_or("aucun lot ne comporte de clause d'insertion : il n'y a pas de fiche à transmettre au facilitateur")?;
        let bytes = clausier::export::docx::to_docx(&document)?;
        clausier::util::write_atomically(path, &bytes)
    }

    pub fn has_insertion_clause(&self) -> bool {
        self.project
            .allotment
            .lots
            .iter()
            .any(|l| l.insertion_clause.is_some())
    }

    /// A file name for the project or a document: the project's own name, or its title.
    /// Projects are proposed as `NAME.clausier.ron`, the pattern the installed packages
    /// associate with Clausier (a bare `.ron` would claim every RON file of the system).
    pub fn suggested_name(&self, extension: &str) -> String {
        let base = self
            .path
            .as_ref()
            .and_then(|p| p.file_stem())
            .map(|s| {
                let stem = s.to_string_lossy();
                stem.strip_suffix(".clausier").unwrap_or(&stem).to_string()
            })
            .unwrap_or_else(|| {
                let title = self.project.meta.title.trim();
                if title.is_empty() {
                    "projet".to_string()
                } else {
                    slug(title)
                }
            });
        format!("{base}.{extension}")
    }

    // --- recovery --------------------------------------------------------------------------

    /// Called once a frame with the current time: writes the recovery copy once the user has
    /// paused for a moment, so a crash loses at most the last seconds of typing.
    pub fn autosave(&mut self, time: f64) -> Result<bool, String> {
        let r = &mut self.recovery;
        if self.project == self.saved {
            return Ok(false);
        }
        if r.pending.as_ref() != Some(&self.project) {
            r.pending = Some(self.project.clone());
            r.last_change = time;
            return Ok(false);
        }
        if r.written.as_ref() == Some(&self.project) || time - r.last_change < AUTOSAVE_DELAY {
            return Ok(false);
        }
        if let Some(folder) = r.file.parent() {
            std::fs::create_dir_all(folder).map_err(|e| {
                format!("{} : {}", folder.display(), clausier::util::io_error_fr(&e))
            })?;
        }
        let mut text = String::new();
        if let Some(path) = &self.path {
            text.push_str(&format!("// Fichier d'origine : {}\n", path.display()));
        }
        text.push_str(&to_ron_string(&self.project));
        clausier::util::write_atomically(&r.file, text.as_bytes())?;
        r.written = Some(self.project.clone());
        Ok(true)
    }

    /// Removes the recovery copy (after a save, or when the user closes without keeping).
    pub fn discard_recovery(&mut self) {
        let _ = std::fs::remove_file(&self.recovery.file);
        self.recovery.written = None;
    }

    /// The recovery copy left by a previous run, if any and readable.
    pub fn find_recovery(paths: &AppPaths) -> Option<RecoveryOffer> {
        let file = paths.recovery_file();
        let bytes = std::fs::read(&file).ok()?;
        let project = clausier::model::parse_project(&bytes, &file).ok()?;
        let text = String::from_utf8_lossy(&bytes);
        let original_path = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// Fichier d'origine : "))
            .map(PathBuf::from);
        Some(RecoveryOffer {
            project,
            original_path,
        })
    }
}

fn load_library(templates: Option<&Path>) -> (ClauseLibrary, Vec<LibraryError>) {
    let bundled =
        || ClauseLibrary::bundled().expect("the bundled clause library is valid (tested)");
    match templates {
        None => (bundled(), Vec::new()),
        Some(dir) => match ClauseLibrary::with_overrides(dir) {
            Ok(pair) => pair,
            Err(e) => (bundled(), vec![e]),
        },
    }
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.chars().count() >= 40 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_copy_is_written_after_a_pause_and_found_again() {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths::in_folder(dir.path());
        let mut s = Session::new(&paths, None);
        s.project.meta.title = "Travaux".into();
        assert_eq!(s.autosave(10.0), Ok(false), "first sight of the change");
        assert_eq!(s.autosave(10.5), Ok(false), "still typing");
        assert_eq!(s.autosave(12.0), Ok(true), "written after the pause");
        let offer = Session::find_recovery(&paths).unwrap();
        assert_eq!(offer.project.meta.title, "Travaux");
        s.save_to(&dir.path().join("p.ron")).unwrap();
        assert!(
            Session::find_recovery(&paths).is_none(),
            "a save removes the copy"
        );
    }

    #[test]
    fn undo_and_redo_walk_the_history() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Session::new(&AppPaths::in_folder(dir.path()), None);
        s.feed_history(0.0);
        s.project.meta.title = "A".into();
        s.feed_history(1.0);
        s.feed_history(3.0);
        s.project.meta.title = "B".into();
        s.feed_history(4.0);
        s.feed_history(6.0);
        assert!(s.undo());
        assert_eq!(s.project.meta.title, "A");
        assert!(s.redo());
        assert_eq!(s.project.meta.title, "B");
    }
}
