//! The window's own file chooser, for systems without a file dialog (Linux with neither an
//! XDG portal nor zenity): a folder, its content to click through, and a file name. It says
//! why it is there, so the user knows the system's dialog is missing, not broken.

use egui::{RichText, Ui};
use std::path::{Path, PathBuf};

/// What the chooser picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChooserKind {
    /// An existing file with one of these extensions.
    Open(&'static [&'static str]),
    /// A file to write, given this extension when the name has none.
    Save(&'static str),
    Folder,
}

/// What the user did this frame.
#[derive(Debug, Clone, PartialEq)]
pub enum ChooserOutcome {
    Pending,
    Chosen(PathBuf),
    Cancelled,
}

pub struct PathChooser {
    pub title: String,
    pub kind: ChooserKind,
    folder: String,
    name: String,
    error: Option<String>,
    /// An existing file the user was warned about: confirming again replaces it.
    replace_confirmed: Option<PathBuf>,
    /// The folder's sub-folders and matching files, read when the folder changes.
    listing: Option<(String, Vec<(String, bool)>)>,
}

const MAX_LISTED: usize = 500;

impl PathChooser {
    pub fn new(
        title: impl Into<String>,
        kind: ChooserKind,
        start: Option<&Path>,
        name: &str,
    ) -> PathChooser {
        let folder = start
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok())
            .or_else(|| directories::UserDirs::new().map(|d| d.home_dir().to_path_buf()))
            .unwrap_or_else(|| PathBuf::from("."));
        PathChooser {
            title: title.into(),
            kind,
            folder: folder.display().to_string(),
            name: name.to_string(),
            error: None,
            replace_confirmed: None,
            listing: None,
        }
    }

    fn matches(&self, name: &str) -> bool {
        let lower = name.to_lowercase();
        match self.kind {
            ChooserKind::Open(extensions) => {
                extensions.iter().any(|x| lower.ends_with(&format!(".{x}")))
            }
            // Every file of the kind, not only the exact double extension: a save lists the
            // projects already there (`.ron` for `clausier.ron`).
            ChooserKind::Save(extension) => {
                let last = extension.rsplit('.').next().unwrap_or(extension);
                lower.ends_with(&format!(".{last}"))
            }
            ChooserKind::Folder => false,
        }
    }

    fn refresh_listing(&mut self) {
        if self
            .listing
            .as_ref()
            .is_some_and(|(f, _)| *f == self.folder)
        {
            return;
        }
        let mut entries: Vec<(String, bool)> = std::fs::read_dir(&self.folder)
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        let is_dir = e.path().is_dir();
                        (!name.starts_with('.') && (is_dir || self.matches(&name)))
                            .then_some((name, is_dir))
                    })
                    .take(MAX_LISTED)
                    .collect()
            })
            .unwrap_or_default();
        entries.sort_by_key(|(name, is_dir)| (!*is_dir, name.to_lowercase()));
        self.listing = Some((self.folder.clone(), entries));
    }

    /// The chosen path, or why it cannot be used.
    fn validate(&self) -> Result<PathBuf, String> {
        let folder = PathBuf::from(self.folder.trim());
        if !folder.is_dir() {
            return Err(format!(
                "« {} » n’est pas un dossier existant.",
                folder.display()
            ));
        }
        match self.kind {
            ChooserKind::Folder => Ok(folder),
            ChooserKind::Open(_) => {
                let path = folder.join(self.name.trim());
                if self.name.trim().is_empty() || !path.is_file() {
                    Err("Choisissez un fichier existant dans la liste ou tapez son nom.".into())
                } else {
                    Ok(path)
                }
            }
            ChooserKind::Save(extension) => {
                let name = self.name.trim();
                if name.is_empty() || name.contains(['/', '\\']) {
                    return Err("Indiquez un nom de fichier (sans dossier).".into());
                }
                // « projet.ron » stays as typed; « projet » becomes « projet.clausier.ron ».
                let name = if self.matches(name) {
                    name.to_string()
                } else {
                    format!("{name}.{extension}")
                };
                Ok(folder.join(name))
            }
        }
    }

    pub fn show(&mut self, ui: &mut Ui) -> ChooserOutcome {
        self.refresh_listing();
        let mut outcome = ChooserOutcome::Pending;
        ui.heading(&self.title);
        ui.label("Ce système ne propose pas de fenêtre de choix de fichier (ni portail XDG, ni zenity) : Clausier vous propose la sienne.");
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let label = ui.label("Dossier");
            ui.add(
                egui::TextEdit::singleline(&mut self.folder)
                    .desired_width(360.0)
                    .hint_text("/chemin/du/dossier"),
            )
            .labelled_by(label.id);
            if ui.button("Dossier parent").clicked() {
                if let Some(parent) = Path::new(self.folder.trim()).parent() {
                    self.folder = parent.display().to_string();
                }
            }
        });
        let mut enter = None;
        let mut pick = None;
        egui::ScrollArea::vertical()
            .id_salt("chooser-listing")
            .max_height(220.0)
            .auto_shrink([false, true])
            .show(ui, |ui| match &self.listing {
                Some((_, entries)) if !entries.is_empty() => {
                    for (name, is_dir) in entries {
                        let text = if *is_dir {
                            format!("{name}/")
                        } else {
                            name.clone()
                        };
                        if ui.selectable_label(*name == self.name, text).clicked() {
                            if *is_dir {
                                enter = Some(name.clone());
                            } else {
                                pick = Some(name.clone());
                            }
                        }
                    }
                }
                _ => {
                    ui.label(RichText::new("(dossier vide ou illisible)").italics());
                }
            });
        if let Some(name) = enter {
            self.folder = Path::new(self.folder.trim())
                .join(name)
                .display()
                .to_string();
        }
        if let Some(name) = pick {
            self.name = name;
        }
        // Enter in the file name confirms, as in a system dialog.
        let mut entered = false;
        if self.kind != ChooserKind::Folder {
            ui.horizontal(|ui| {
                let label = ui.label("Nom du fichier");
                let response = ui
                    .add(egui::TextEdit::singleline(&mut self.name).desired_width(360.0))
                    .labelled_by(label.id);
                entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            });
        }
        if let Some(error) = &self.error {
            ui.colored_label(crate::ui::theme::Tokens::of(ui).error, error);
        }
        ui.horizontal(|ui| {
            let confirm = match self.kind {
                ChooserKind::Open(_) => "Ouvrir",
                ChooserKind::Save(_) => "Enregistrer",
                ChooserKind::Folder => "Choisir ce dossier",
            };
            if ui.button(confirm).clicked() || entered {
                match self.validate() {
                    // A system dialog asks before replacing a file: so does this one.
                    Ok(path)
                        if matches!(self.kind, ChooserKind::Save(_))
                            && path.exists()
                            && self.replace_confirmed.as_ref() != Some(&path) =>
                    {
                        self.error = Some(format!(
                            "« {} » existe déjà : cliquez de nouveau sur « Enregistrer » (ou appuyez sur Entrée) pour le remplacer.",
                            path.display()
                        ));
                        self.replace_confirmed = Some(path);
                    }
                    Ok(path) => outcome = ChooserOutcome::Chosen(path),
                    Err(e) => self.error = Some(e),
                }
            }
            if ui.button("Annuler").clicked() {
                outcome = ChooserOutcome::Cancelled;
            }
        });
        outcome
    }
}
