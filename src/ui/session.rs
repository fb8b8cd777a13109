//! The project being edited and everything derived from it: history for undo/redo, the
//! rules' evaluation and the assembled Document (recomputed only when the project changes),
//! saving, export, and the recovery copy written while the user works.

use crate::ui::paths::AppPaths;
use crate::ui::recovery::{RecoveryFolder, Slot};
use chrono::NaiveDate;
use clausier::clauses::{ClauseLibrary, LibraryError};
use clausier::document::{AssemblyCache, Document};
use clausier::model::{save_project, Extract, Project};
use clausier::pipeline::{self, Assessment};
use clausier::reference::ReferenceData;
use clausier::rules::Evaluation;
use clausier::supply::SupplyAssessment;
use egui::util::undoer::{Settings, Undoer};
use std::path::{Path, PathBuf};

pub use crate::ui::recovery::RecoveryOffer;
use crate::ui::supply::SupplyState;

/// What a step edits and reads while it is drawn.
pub struct EditingParts<'a> {
    pub project: &'a mut Project,
    pub evaluation: Option<&'a Evaluation>,
    pub supply: Option<&'a SupplyAssessment>,
    pub library: &'a ClauseLibrary,
    /// The section as last assembled, when it could be.
    pub document: Option<&'a Document>,
}

/// Seconds without a change before the recovery copy is written.
const AUTOSAVE_DELAY: f64 = 1.5;

/// Longest wait, in seconds, between a change and its recovery copy, however steadily the
/// user keeps typing.
pub const AUTOSAVE_MAX_WAIT: f64 = 2.0;

pub struct Session {
    pub project: Project,
    /// Absolute, so that the recovery copy and the recent files find it again from any
    /// folder.
    pub path: Option<PathBuf>,
    /// The project as last opened or saved: the reference for "unsaved changes".
    saved: Project,
    /// The file's content as last read or written: a save first checks that nobody else
    /// changed it since.
    disk_hash: Option<u64>,
    history: Undoer<Project>,
    library: ClauseLibrary,
    pub library_problems: Vec<LibraryError>,
    derived: Option<Derived>,
    /// The clauses of the last assemblies: an edit re-renders only what it changed.
    assembly_cache: AssemblyCache,
    recovery: Recovery,
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    /// The file changed on disk since it was opened or last saved: the user decides.
    ChangedOnDisk(PathBuf),
    Failed(String),
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::ChangedOnDisk(path) => write!(
                f,
                "{} a été modifié par un autre programme depuis son ouverture",
                path.display()
            ),
            SaveError::Failed(message) => f.write_str(message),
        }
    }
}

struct Derived {
    project: Project,
    today: NaiveDate,
    /// Which supplier pack the assessment saw (`SupplyState::generation`).
    pack_generation: u64,
    assessment: Assessment,
    document: Result<Document, String>,
}

struct Recovery {
    folder: RecoveryFolder,
    /// This window's copy, once written.
    slot: Option<Slot>,
    /// The path the slot was taken for: a new path (save as, open) means a new slot.
    slot_path: Option<Option<PathBuf>>,
    written: Option<Project>,
    /// When the project last changed, and when it first changed since the last copy.
    last_change: f64,
    first_unwritten: Option<f64>,
    pending: Option<Project>,
    /// After a clean quit: nothing more is written.
    stopped: bool,
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
            assembly_cache: AssemblyCache::new(),
            disk_hash: None,
            recovery: Recovery {
                folder: RecoveryFolder::new(&paths.data_dir),
                slot: None,
                slot_path: None,
                written: None,
                last_change: 0.0,
                first_unwritten: None,
                pending: None,
                stopped: false,
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
        self.path = path.map(|p| clausier::util::absolute_path(&p));
        self.disk_hash = None;
        self.history = Undoer::with_settings(undo_settings());
        self.derived = None;
    }

    pub fn open(&mut self, path: &Path) -> Result<(), String> {
        let bytes = clausier::util::read_input(path)
            .map_err(|reason| format!("{} : lecture impossible ({reason})", path.display()))?;
        let project = clausier::model::parse_project(&bytes, path).map_err(|e| e.to_string())?;
        self.replace(project, Some(path.to_path_buf()), true);
        self.disk_hash = Some(content_hash(&bytes));
        Ok(())
    }

    /// A restored recovery copy: the work comes back unsaved, and the copy it came from stays
    /// this window's until the work is saved or discarded.
    pub fn restore(&mut self, offer: RecoveryOffer) {
        self.replace(offer.project.clone(), offer.original_path.clone(), false);
        // The file on disk is whatever it is now: saving over it is what the user wants.
        self.disk_hash = self
            .path
            .as_deref()
            .and_then(|p| clausier::util::read_input(p).ok())
            .map(|bytes| content_hash(&bytes));
        let slot = match offer.slot {
            Some(slot) => Some(slot),
            // The single copy of an earlier version: moved to a slot of its own at once, so
            // that it is not offered again once this work is saved.
            None => match self.recovery.folder.slot_for(self.path.as_deref()) {
                Ok(slot) if slot.write(&offer.project, self.path.as_deref()).is_ok() => {
                    let _ = std::fs::remove_file(&offer.file);
                    Some(slot)
                }
                _ => None,
            },
        };
        if let Some(slot) = slot {
            if let Some(old) = self.recovery.slot.take() {
                old.discard();
            }
            self.recovery.slot = Some(slot);
            self.recovery.slot_path = Some(self.path.clone());
            self.recovery.written = Some(offer.project);
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.project != self.saved
    }

    pub fn library(&self) -> &ClauseLibrary {
        &self.library
    }

    /// The project to edit, with its evaluation and the library to explain it, borrowed
    /// together so that a step can draw without copying the evaluation every frame.
    pub fn editing_parts(&mut self) -> EditingParts<'_> {
        let derived = self.derived.as_ref();
        EditingParts {
            project: &mut self.project,
            evaluation: derived.map(|d| &d.assessment.evaluation),
            supply: derived.and_then(|d| d.assessment.supply.as_ref()),
            library: &self.library,
            document: derived.and_then(|d| d.document.as_ref().ok()),
        }
    }

    pub fn reload_library(&mut self, templates: Option<&Path>) {
        let (library, problems) = load_library(templates);
        self.library = library;
        self.library_problems = problems;
        self.derived = None;
    }

    /// Brings the evaluation (with the supplier pack's findings) and the document up to date
    /// with the project. A changed project first loses the characters XML refuses (text pasted
    /// from Word), as a file does when it is read: what is shown, saved and exported is the
    /// same clean text.
    pub fn refresh(&mut self, today: NaiveDate, supply: &SupplyState) {
        let fresh = self.derived.as_ref().is_some_and(|d| {
            d.today == today && d.pack_generation == supply.generation && d.project == self.project
        });
        if fresh {
            return;
        }
        if let Some(clean) = clausier::model::sanitized(&self.project) {
            self.project = clean;
        }
        let data = ReferenceData::bundled();
        let date = pipeline::law_date(&self.project, None, today);
        let assessment = Assessment::new(&self.project, date, data, supply.pack.as_ref());
        let document = pipeline::section_cached(
            &self.project,
            &assessment,
            &self.library,
            data,
            supply.pack.as_ref(),
            &mut self.assembly_cache,
        )
        .map_err(|e| e.to_string());
        self.derived = Some(Derived {
            project: self.project.clone(),
            today,
            pack_generation: supply.generation,
            assessment,
            document,
        });
    }

    pub fn evaluation(&self) -> Option<&Evaluation> {
        self.derived.as_ref().map(|d| &d.assessment.evaluation)
    }

    /// What the supplier pack says of the project, when one is imported.
    pub fn supply_assessment(&self) -> Option<&SupplyAssessment> {
        self.derived
            .as_ref()
            .and_then(|d| d.assessment.supply.as_ref())
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

    /// Saves the project to `path`. Saving over the file it was opened from first checks that
    /// no other program changed it since (unless `overwrite`): an external edit is never
    /// lost without the user's word.
    pub fn save_to(&mut self, path: &Path, overwrite: bool) -> Result<(), SaveError> {
        let path = clausier::util::absolute_path(path);
        if let Some(project_files) = self
            .library
            .organisation_files()
            .iter()
            .find(|f| clausier::util::is_same_file(&path, f))
        {
            return Err(SaveError::Failed(format!(
                "{} : c’est un fichier de clauses de l’organisation ({}) ; choisissez un autre nom",
                path.display(),
                project_files.display()
            )));
        }
        let same_file = self
            .path
            .as_deref()
            .is_some_and(|p| clausier::util::is_same_file(&path, p));
        if same_file && !overwrite {
            if let (Some(expected), Ok(bytes)) = (self.disk_hash, clausier::util::read_input(&path))
            {
                if content_hash(&bytes) != expected {
                    return Err(SaveError::ChangedOnDisk(path));
                }
            }
        }
        save_project(&self.project, &path).map_err(SaveError::Failed)?;
        self.disk_hash = Some(content_hash(
            clausier::model::to_ron_string(&self.project).as_bytes(),
        ));
        self.path = Some(path);
        self.saved = self.project.clone();
        self.discard_recovery();
        Ok(())
    }

    /// Refuses to export over the project file or a file of the organisation's clauses.
    fn refuse_inputs(&self, output: &Path) -> Result<(), String> {
        let mut inputs: Vec<(&Path, &str)> = Vec::new();
        if let Some(path) = &self.path {
            inputs.push((path.as_path(), "le fichier du projet"));
        }
        for file in self.library.organisation_files() {
            inputs.push((file.as_path(), "un fichier de clauses de l’organisation"));
        }
        clausier::util::refuse_overwriting_inputs(output, &inputs)
    }

    /// Writes the DOCX section, as evaluated by the last `refresh`. The project is left as it
    /// is, whatever happens.
    pub fn export_docx(&self, path: &Path) -> Result<(), String> {
        self.refuse_inputs(path)?;
        let document = match self.document() {
            Some(Ok(doc)) => doc,
            Some(Err(e)) => return Err(e.clone()),
            None => return Err("document indisponible".into()),
        };
        let document = self.exported_piece(document)?;
        pipeline::write(&document, pipeline::Format::Docx, path).map_err(|e| e.to_string())
    }

    /// Why the piece chosen in step 7 cannot be exported, if it cannot: no clause reaches it.
    pub fn empty_piece(&self) -> Option<clausier::document::EmptyPiece> {
        let document = self.document()?.as_ref().ok()?;
        document.empty_piece(self.project.output.extract)
    }

    /// The piece chosen in step 7, or why there is nothing to export.
    fn exported_piece(&self, document: &Document) -> Result<Document, String> {
        document
            .exported_piece(self.project.output.extract)
            .map_err(|empty| {
                clausier::fr::typeset(&format!(
                    "{empty}. Aucun document n’est produit ; choisissez « {} » dans « Pièce à exporter » pour voir les pièces qui ont un contenu",
                    Extract::Section.label()
                ))
            })
    }

    /// Writes the buyer's model at `model` to `path`, its placeholders filled; says what was
    /// placed.
    pub fn export_into_model(&self, model: &Path, path: &Path) -> Result<String, String> {
        self.refuse_inputs(path)?;
        clausier::util::refuse_overwriting_inputs(path, &[(model, "le modèle Word")])?;
        let document = match self.document() {
            Some(Ok(doc)) => doc,
            Some(Err(e)) => return Err(e.clone()),
            None => return Err("document indisponible".into()),
        };
        let filled = pipeline::write_into_model(document, &self.project, model, path)
            .map_err(|e| e.to_string())?;
        Ok(filled.summary())
    }

    /// Writes the section with Word tracked changes against an earlier version of the
    /// project (the file at `old`, assembled with the law of its own launch date).
    pub fn export_compared(
        &self,
        old: &Path,
        path: &Path,
        today: NaiveDate,
        pack: Option<&clausier::supply::SupplyPack>,
    ) -> Result<(), String> {
        self.refuse_inputs(path)?;
        // The earlier version is read, never overwritten by the comparison.
        clausier::util::refuse_overwriting_inputs(
            path,
            &[(old, "la version précédente du projet")],
        )?;
        let document = match self.document() {
            Some(Ok(doc)) => doc,
            Some(Err(e)) => return Err(e.clone()),
            None => return Err("document indisponible".into()),
        };
        let old_project = clausier::model::load_project(old).map_err(|e| e.to_string())?;
        let date = pipeline::law_date(&old_project, None, today);
        let old_draft = pipeline::Draft::build(
            &old_project,
            date,
            &self.library,
            ReferenceData::bundled(),
            // The same pack as the current section: its annex is not a change between versions.
            pack,
        )
        .map_err(|e| format!("{} : {e}", old.display()))?;
        // Both versions as the piece and numbering chosen in step 7, as the command line
        // compares them.
        let document = self.exported_piece(document)?;
        let mut old_document = old_draft.document.extract(self.project.output.extract);
        old_document.meta.first_article = document.meta.first_article;
        pipeline::write_compared(&old_document, &document, path).map_err(|e| e.to_string())
    }

    /// Writes the facilitator's brief alone; an error when no lot has an insertion clause.
    pub fn export_brief(&self, path: &Path) -> Result<(), String> {
        self.refuse_inputs(path)?;
        let Some(evaluation) = self.evaluation() else {
            return Err("évaluation indisponible".into());
        };
        pipeline::brief(
            &self.project,
            evaluation,
            &self.library,
            ReferenceData::bundled(),
        )
        .and_then(|document| pipeline::write(&document, pipeline::Format::Docx, path))
        .map_err(|e| e.to_string())
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

    /// Writes a document produced outside the session (the trainer's handout), with the
    /// same guard against replacing the project.
    pub fn write_output(&self, path: &Path, bytes: &[u8]) -> Result<(), String> {
        self.refuse_inputs(path)?;
        clausier::util::write_atomically(path, bytes)
    }

    // --- recovery --------------------------------------------------------------------------

    /// Called once a frame with the current time: writes the recovery copy once the user has
    /// paused for a moment, and at the latest `AUTOSAVE_MAX_WAIT` seconds after a change even
    /// if they keep typing, so a crash loses at most the last two seconds of work. Ok(true)
    /// when a copy was written.
    pub fn autosave(&mut self, time: f64) -> Result<bool, String> {
        let r = &mut self.recovery;
        if r.stopped {
            return Ok(false);
        }
        if self.project == self.saved {
            // Back to the saved state (undo): the copy would only offer stale work.
            if r.written.is_some() {
                self.discard_recovery();
            }
            return Ok(false);
        }
        if r.pending.as_ref() != Some(&self.project) {
            r.pending = Some(self.project.clone());
            r.last_change = time;
            r.first_unwritten.get_or_insert(time);
        }
        if r.written.as_ref() == Some(&self.project) {
            r.first_unwritten = None;
            return Ok(false);
        }
        let paused = time - r.last_change >= AUTOSAVE_DELAY;
        let overdue = r
            .first_unwritten
            .is_some_and(|first| time - first >= AUTOSAVE_MAX_WAIT);
        if !paused && !overdue {
            return Ok(false);
        }
        // A new path (save as, open) means a new copy: the old one goes.
        if r.slot_path.as_ref() != Some(&self.path) {
            if let Some(old) = r.slot.take() {
                old.discard();
            }
        }
        if r.slot.is_none() {
            r.slot = Some(r.folder.slot_for(self.path.as_deref())?);
            r.slot_path = Some(self.path.clone());
        }
        let slot = r.slot.as_ref().expect("just taken");
        slot.write(&self.project, self.path.as_deref())?;
        r.written = Some(self.project.clone());
        r.first_unwritten = None;
        Ok(true)
    }

    /// Whether a change waits for its recovery copy (the window keeps drawing frames until
    /// it is written).
    pub fn copy_pending(&self) -> bool {
        !self.recovery.stopped
            && self.project != self.saved
            && self.recovery.written.as_ref() != Some(&self.project)
    }

    /// This window's recovery copy, if written.
    pub fn recovery_file(&self) -> Option<&Path> {
        self.recovery.slot.as_ref().map(|s| s.copy.as_path())
    }

    /// Removes this window's recovery copy (after a save).
    pub fn discard_recovery(&mut self) {
        if let Some(slot) = self.recovery.slot.take() {
            slot.discard();
        }
        self.recovery.slot_path = None;
        self.recovery.written = None;
        self.recovery.first_unwritten = None;
    }

    /// A clean quit, saved or not: the copy goes and none is written any more.
    pub fn finish(&mut self) {
        self.discard_recovery();
        self.recovery.stopped = true;
    }

    /// The copies left by windows that are no longer running.
    pub fn find_recovery(
        paths: &AppPaths,
    ) -> (Vec<RecoveryOffer>, Vec<crate::ui::recovery::UnreadableCopy>) {
        RecoveryFolder::new(&paths.data_dir).orphans()
    }
}

/// A fingerprint of a file's content, to notice that another program changed it.
fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
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
        assert!(
            Session::find_recovery(&paths).0.is_empty(),
            "a live window’s copy is not offered"
        );
        let copy = s.recovery_file().unwrap().to_path_buf();
        assert!(copy.exists());
        s.save_to(&dir.path().join("p.ron"), false).unwrap();
        assert!(!copy.exists(), "a save removes the copy");
    }

    #[test]
    fn the_single_copy_of_earlier_versions_is_offered_once() {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths::in_folder(dir.path());
        let mut project = Project::blank();
        project.meta.title = "Ancienne version".into();
        let legacy = dir.path().join("recuperation.ron");
        std::fs::write(&legacy, clausier::model::to_ron_string(&project)).unwrap();
        let (mut offers, _) = Session::find_recovery(&paths);
        assert_eq!(offers.len(), 1);
        let mut s = Session::new(&paths, None);
        s.restore(offers.remove(0));
        assert_eq!(s.project.meta.title, "Ancienne version");
        assert!(!legacy.exists(), "moved to a copy of its own");
        assert!(s.recovery_file().is_some_and(Path::exists));
        s.save_to(&dir.path().join("p.ron"), false).unwrap();
        assert!(Session::find_recovery(&paths).0.is_empty());
    }

    #[test]
    fn steady_typing_still_gets_a_copy_within_two_seconds() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Session::new(&AppPaths::in_folder(dir.path()), None);
        let mut written_at = None;
        for step in 0..40 {
            let time = f64::from(step) * 0.25;
            s.project.meta.title.push('x');
            if s.autosave(time).unwrap() {
                written_at = Some(time);
                break;
            }
        }
        assert_eq!(written_at, Some(AUTOSAVE_MAX_WAIT));
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
