//! Native file dialogs behind a trait, so tests never block on a window they cannot click.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::rc::Rc;

pub trait FileDialogs {
    fn open_project(&mut self, start: Option<&Path>) -> Option<PathBuf>;
    fn save_project(&mut self, suggested: &str) -> Option<PathBuf>;
    /// Where to write a Word document; `title` says which one (section, brief, handout).
    fn save_docx(&mut self, title: &str, suggested: &str) -> Option<PathBuf>;
    /// The organisation's clause folder.
    fn pick_folder(&mut self, start: Option<&Path>) -> Option<PathBuf>;
    /// A table of structures to import, or where to write the list of structures per lot.
    fn supply_file(&mut self, purpose: SupplyFile) -> Option<PathBuf>;
}

/// Why a supply file is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupplyFile {
    Import,
    ExportCsv,
}

pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn open_project(&mut self, start: Option<&Path>) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new()
            .set_title("Ouvrir un projet Clausier")
            .add_filter("Projet Clausier", &["ron"]);
        if let Some(dir) = start {
            dialog = dialog.set_directory(dir);
        }
        dialog.pick_file()
    }

    fn save_project(&mut self, suggested: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Enregistrer le projet")
            .add_filter("Projet Clausier", &["ron"])
            .set_file_name(suggested)
            .save_file()
    }

    fn save_docx(&mut self, title: &str, suggested: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .add_filter("Document Word", &["docx"])
            .set_file_name(suggested)
            .save_file()
    }

    fn pick_folder(&mut self, start: Option<&Path>) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new().set_title("Dossier des clauses de l'organisation");
        if let Some(dir) = start {
            dialog = dialog.set_directory(dir);
        }
        dialog.pick_folder()
    }

    fn supply_file(&mut self, purpose: SupplyFile) -> Option<PathBuf> {
        match purpose {
            SupplyFile::Import => rfd::FileDialog::new()
                .set_title("Importer un fichier de structures")
                .add_filter(
                    "Tableau (CSV, XLSX, XLS, ODS)",
                    &["csv", "txt", "xlsx", "xls", "ods"],
                )
                .pick_file(),
            SupplyFile::ExportCsv => rfd::FileDialog::new()
                .set_title("Exporter la liste des structures par lot")
                .add_filter("CSV", &["csv"])
                .set_file_name("structures-par-lot.csv")
                .save_file(),
        }
    }
}

/// Answers queued in advance by a test; `None` plays a user who cancels.
#[derive(Clone, Default)]
pub struct FakeDialogs {
    pub answers: Rc<RefCell<VecDeque<Option<PathBuf>>>>,
}

impl FakeDialogs {
    pub fn answer(&self, path: Option<PathBuf>) {
        self.answers.borrow_mut().push_back(path);
    }

    fn next(&self) -> Option<PathBuf> {
        self.answers.borrow_mut().pop_front().flatten()
    }
}

impl FileDialogs for FakeDialogs {
    fn open_project(&mut self, _start: Option<&Path>) -> Option<PathBuf> {
        self.next()
    }

    fn save_project(&mut self, _suggested: &str) -> Option<PathBuf> {
        self.next()
    }

    fn save_docx(&mut self, _title: &str, _suggested: &str) -> Option<PathBuf> {
        self.next()
    }

    fn pick_folder(&mut self, _start: Option<&Path>) -> Option<PathBuf> {
        self.next()
    }

    fn supply_file(&mut self, _purpose: SupplyFile) -> Option<PathBuf> {
        self.next()
    }
}
