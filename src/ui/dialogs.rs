//! Native file dialogs behind a trait, so tests never block on a window they cannot click.
//! Where the system has no dialog to offer (Linux without an XDG portal or zenity), the trait
//! says so and the window shows its own path chooser (`path_chooser`): save, open and export
//! always work.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// What a file dialog gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    Path(PathBuf),
    Cancelled,
    /// No dialog could be shown: the app asks for the path itself.
    Unavailable,
}

impl From<Option<PathBuf>> for Choice {
    fn from(path: Option<PathBuf>) -> Choice {
        path.map_or(Choice::Cancelled, Choice::Path)
    }
}

pub trait FileDialogs {
    fn open_project(&mut self, start: Option<&Path>) -> Choice;
    fn save_project(&mut self, start: Option<&Path>, suggested: &str) -> Choice;
    /// Where to write a Word document; `title` says which one (section, brief, handout).
    fn save_docx(&mut self, title: &str, start: Option<&Path>, suggested: &str) -> Choice;
    /// A Word document to read (the buyer's own model).
    fn open_docx(&mut self, title: &str, start: Option<&Path>) -> Choice;
    /// Where to write a PDF (the trainer's slides).
    fn save_pdf(&mut self, title: &str, start: Option<&Path>, suggested: &str) -> Choice;
    /// The organisation's clause folder.
    fn pick_folder(&mut self, start: Option<&Path>) -> Choice;
    /// A table of structures to import, or where to write the list of structures per lot.
    fn supply_file(&mut self, purpose: SupplyFile) -> Choice;
    /// A purchasing programme or essential-data file to read, or where to write a report.
    fn data_file(&mut self, purpose: DataFile) -> Choice;
}

/// Why a programme or indicators file is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFile {
    ProgrammeImport,
    ProgrammeReport { xlsx: bool },
    DecpImport,
    IndicatorsReport,
}

/// Why a supply file is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupplyFile {
    Import,
    ExportCsv,
}

/// Set to `interne` to use the window's own path chooser even where a system dialog exists.
pub const DIALOG_ENV: &str = "CLAUSIER_FILE_DIALOG";

/// A dialog that answers faster than this was never shown: nobody opens a dialog and cancels
/// it in a quarter of a second. rfd returns None both for a cancel and when neither the XDG
/// portal nor zenity is there.
const NOT_SHOWN: Duration = Duration::from_millis(250);

#[derive(Default)]
pub struct NativeDialogs {
    /// Set once the system has shown it has no dialog: later requests go straight to the
    /// window's own chooser.
    unavailable: bool,
}

impl NativeDialogs {
    fn run(&mut self, dialog: impl FnOnce() -> Option<PathBuf>) -> Choice {
        if self.unavailable || std::env::var(DIALOG_ENV).is_ok_and(|v| v == "interne") {
            return Choice::Unavailable;
        }
        let start = Instant::now();
        match dialog() {
            Some(path) => Choice::Path(path),
            None if start.elapsed() < NOT_SHOWN => {
                self.unavailable = true;
                Choice::Unavailable
            }
            None => Choice::Cancelled,
        }
    }
}

fn with_start(dialog: rfd::FileDialog, start: Option<&Path>) -> rfd::FileDialog {
    match start {
        Some(dir) => dialog.set_directory(dir),
        None => dialog,
    }
}

impl FileDialogs for NativeDialogs {
    fn open_project(&mut self, start: Option<&Path>) -> Choice {
        let dialog = with_start(
            rfd::FileDialog::new()
                .set_title("Ouvrir un projet Clausier")
                .add_filter("Projet Clausier", &["ron"]),
            start,
        );
        self.run(|| dialog.pick_file())
    }

    fn save_project(&mut self, start: Option<&Path>, suggested: &str) -> Choice {
        let dialog = with_start(
            rfd::FileDialog::new()
                .set_title("Enregistrer le projet")
                .add_filter("Projet Clausier", &["ron"])
                .set_file_name(suggested),
            start,
        );
        self.run(|| dialog.save_file())
    }

    fn save_docx(&mut self, title: &str, start: Option<&Path>, suggested: &str) -> Choice {
        let dialog = with_start(
            rfd::FileDialog::new()
                .set_title(title)
                .add_filter("Document Word", &["docx"])
                .set_file_name(suggested),
            start,
        );
        self.run(|| dialog.save_file())
    }

    fn open_docx(&mut self, title: &str, start: Option<&Path>) -> Choice {
        let dialog = with_start(
            rfd::FileDialog::new()
                .set_title(title)
                .add_filter("Document Word", &["docx"]),
            start,
        );
        self.run(|| dialog.pick_file())
    }

    fn save_pdf(&mut self, title: &str, start: Option<&Path>, suggested: &str) -> Choice {
        let dialog = with_start(
            rfd::FileDialog::new()
                .set_title(title)
                .add_filter("Document PDF", &["pdf"])
                .set_file_name(suggested),
            start,
        );
        self.run(|| dialog.save_file())
    }

    fn pick_folder(&mut self, start: Option<&Path>) -> Choice {
        let dialog = with_start(
            rfd::FileDialog::new().set_title("Dossier des clauses de l’organisation"),
            start,
        );
        self.run(|| dialog.pick_folder())
    }

    fn supply_file(&mut self, purpose: SupplyFile) -> Choice {
        match purpose {
            SupplyFile::Import => {
                let dialog = rfd::FileDialog::new()
                    .set_title("Importer un fichier de structures")
                    .add_filter(
                        "Tableau (CSV, XLSX, XLS, ODS)",
                        &["csv", "txt", "xlsx", "xls", "ods"],
                    );
                self.run(|| dialog.pick_file())
            }
            SupplyFile::ExportCsv => {
                let dialog = rfd::FileDialog::new()
                    .set_title("Exporter la liste des structures par lot")
                    .add_filter("CSV", &["csv"])
                    .set_file_name("structures-par-lot.csv");
                self.run(|| dialog.save_file())
            }
        }
    }

    fn data_file(&mut self, purpose: DataFile) -> Choice {
        let (dialog, save) = NativeDialogs::data_file_dialog(purpose);
        if save {
            self.run(|| dialog.save_file())
        } else {
            self.run(|| dialog.pick_file())
        }
    }
}

impl NativeDialogs {
    fn data_file_dialog(purpose: DataFile) -> (rfd::FileDialog, bool) {
        match purpose {
            DataFile::ProgrammeImport => (
                rfd::FileDialog::new()
                    .set_title("Importer un programme d’achats")
                    .add_filter(
                        "Tableau (CSV, XLSX, XLS, ODS)",
                        &["csv", "txt", "xlsx", "xls", "ods"],
                    ),
                false,
            ),
            DataFile::ProgrammeReport { xlsx: false } => (
                rfd::FileDialog::new()
                    .set_title("Exporter le rapport du programme")
                    .add_filter("Document Word", &["docx"])
                    .set_file_name("programme-achats.docx"),
                true,
            ),
            DataFile::ProgrammeReport { xlsx: true } => (
                rfd::FileDialog::new()
                    .set_title("Exporter le tableau du programme")
                    .add_filter("Classeur", &["xlsx"])
                    .set_file_name("programme-achats.xlsx"),
                true,
            ),
            DataFile::DecpImport => (
                rfd::FileDialog::new()
                    .set_title("Importer des données essentielles (DECP)")
                    .add_filter("JSON", &["json"]),
                false,
            ),
            DataFile::IndicatorsReport => (
                rfd::FileDialog::new()
                    .set_title("Exporter le rapport des indicateurs")
                    .add_filter("Document Word", &["docx"])
                    .set_file_name("indicateurs-achats.docx"),
                true,
            ),
        }
    }
}

/// Answers queued in advance by a test; `None` plays a user who cancels. With `unavailable`
/// set, it plays a system without dialogs.
#[derive(Clone, Default)]
pub struct FakeDialogs {
    pub answers: Rc<RefCell<VecDeque<Option<PathBuf>>>>,
    pub unavailable: Rc<RefCell<bool>>,
}

impl FakeDialogs {
    pub fn answer(&self, path: Option<PathBuf>) {
        self.answers.borrow_mut().push_back(path);
    }

    /// From now on, no dialog can be shown.
    pub fn make_unavailable(&self) {
        *self.unavailable.borrow_mut() = true;
    }

    fn next(&self) -> Choice {
        if *self.unavailable.borrow() {
            return Choice::Unavailable;
        }
        self.answers.borrow_mut().pop_front().flatten().into()
    }
}

impl FileDialogs for FakeDialogs {
    fn open_project(&mut self, _start: Option<&Path>) -> Choice {
        self.next()
    }

    fn save_project(&mut self, _start: Option<&Path>, _suggested: &str) -> Choice {
        self.next()
    }

    fn save_docx(&mut self, _title: &str, _start: Option<&Path>, _suggested: &str) -> Choice {
        self.next()
    }

    fn open_docx(&mut self, _title: &str, _start: Option<&Path>) -> Choice {
        self.next()
    }

    fn save_pdf(&mut self, _title: &str, _start: Option<&Path>, _suggested: &str) -> Choice {
        self.next()
    }

    fn pick_folder(&mut self, _start: Option<&Path>) -> Choice {
        self.next()
    }

    fn supply_file(&mut self, _purpose: SupplyFile) -> Choice {
        self.next()
    }

    fn data_file(&mut self, _purpose: DataFile) -> Choice {
        self.next()
    }
}
