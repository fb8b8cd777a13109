//! The main window: menu bar, step navigator, current step, live preview and findings.
//! Menus, shortcuts and buttons all emit the same `Command`, handled in one place.

use crate::ui::command::{self, Menu, UiCommand};
use crate::ui::dialogs::{Choice, DataFile, FileDialogs, SupplyFile};
use crate::ui::indicators::IndicatorsAction;
use crate::ui::palette::{self, Palette};
use crate::ui::path_chooser::{ChooserKind, ChooserOutcome, PathChooser};
use crate::ui::paths::AppPaths;
use crate::ui::programme::ProgrammeAction;
use crate::ui::session::{RecoveryOffer, SaveError, Session};
use crate::ui::steps::{self, Step, StepContext, STEPS};
use crate::ui::supply::SupplyAction;
use crate::ui::theme::{Tokens, SPACE_L, SPACE_M, SPACE_S};
use crate::ui::widgets::Form;
use crate::ui::{findings_panel, help, preview, preview_outline};
use chrono::NaiveDate;
use clausier::model::house::HouseDefaults;
use clausier::rules::Severity;
use egui::{RichText, Ui};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use strum::IntoEnumIterator;

const MAX_RECENT: usize = 8;
/// Project files the desktop packages associate with the app (packaging/clausier-mime.xml).
const PROJECT_EXTENSION: &str = "clausier.ron";
/// The views listed under the steps in the navigator.
const OTHER_PAGES: [Page; 7] = [
    Page::Clauses,
    Page::Scenarios,
    Page::Compare,
    Page::Quiz,
    Page::Programme,
    Page::Indicators,
    Page::Presentation,
];
const NAVIGATOR_WIDTH: f32 = 250.0;

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    New,
    Open,
    OpenPath(PathBuf),
    OpenScenario(String),
    Save,
    SaveAs,
    ExportDocx,
    /// The section's pieces in the buyer's own Word model.
    ExportIntoModel,
    CompareVersion,
    /// The facilitator's brief as its own DOCX.
    ExportBrief,
    Quit,
    Undo,
    Redo,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    SetDark(bool),
    TogglePreview,
    ToggleFindings,
    GoTo(Step, Option<String>),
    PreviousStep,
    NextStep,
    ShowPalette,
    ShowHelp,
    ShowAbout,
    ShowPage(Page),
    /// The selected training scenario in the projector view, from its first slide.
    Present,
    /// One of the trainer's exports for the session's cases.
    ExportTraining(TrainingExport),
    /// The quiz of the current selection, for the room, on the projector.
    ProjectQuiz,
    ChooseTemplatesDir,
    ClearTemplatesDir,
    ReloadLibrary,
    /// Import a supplier pack, or export the per-lot list of structures.
    Supply(crate::ui::supply::SupplyAction),
    /// Import a purchasing programme, export its report, open one of its lines as a project.
    Programme(ProgrammeAction),
    /// Import essential data (DECP), export the indicators' report.
    Indicators(IndicatorsAction),
}

/// The trainer's exports, each for the session's cases (or the quiz selection).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainingExport {
    /// Participants' handout, or the trainer's with answer elements and notes.
    Handout { trainer: bool },
    /// The session plan on one page.
    Plan,
    /// The slides as PDF.
    Slides,
    /// The quiz sheet of the current selection, with its answer key.
    QuizSheet,
}

/// The status of a new project that took the organisation's part of the last one.
fn new_project_status(house: &HouseDefaults) -> String {
    format!(
        "Nouveau projet : {} repris du dernier projet enregistré.",
        house_on_screen(house)
    )
}

/// What a new project takes from the last one, as the window writes it.
fn house_on_screen(house: &HouseDefaults) -> String {
    crate::ui::widgets::on_screen(&clausier::fr::typeset(&house.described())).into_owned()
}

/// What the main area shows: the wizard, or one of the views around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Wizard,
    Clauses,
    Scenarios,
    Compare,
    Quiz,
    Presentation,
    /// The quiz for a room, on the projector.
    QuizProjector,
    Programme,
    Indicators,
}

impl Page {
    pub fn title(self) -> &'static str {
        match self {
            Page::Wizard => "Assistant",
            Page::Clauses => "Bibliothèque de clauses",
            Page::Scenarios => "Formation : scénarios",
            Page::Compare => "Comparer deux choix",
            Page::Quiz => "Quiz",
            Page::Presentation => "Présentation",
            Page::QuizProjector => "Quiz en salle",
            Page::Programme => "Programme d’achats",
            Page::Indicators => "Indicateurs",
        }
    }
}

/// What the user chose to see and where they worked; kept between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    pub recent: Vec<PathBuf>,
    pub dark: bool,
    pub zoom: f32,
    pub show_preview: bool,
    pub show_findings: bool,
    pub templates_dir: Option<PathBuf>,
    /// The organisation's part of the last project saved: a new project starts from it.
    pub house: Option<HouseDefaults>,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            recent: Vec::new(),
            dark: false,
            zoom: 1.0,
            show_preview: true,
            show_findings: true,
            templates_dir: None,
            house: None,
        }
    }
}

impl Preferences {
    pub fn load(paths: &AppPaths) -> Preferences {
        clausier::util::read_input(&paths.preferences_file())
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|text| ron::from_str(&text).ok())
            .unwrap_or_default()
    }

    fn save(&self, paths: &AppPaths) {
        let text =
            ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default()).unwrap_or_default();
        let _ = std::fs::create_dir_all(&paths.data_dir);
        let _ = clausier::util::write_atomically(&paths.preferences_file(), text.as_bytes());
    }

    fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(MAX_RECENT);
    }
}

enum Modal {
    Message {
        title: String,
        text: String,
    },
    /// Unsaved changes: save, discard or cancel before `then` runs.
    Unsaved {
        then: Command,
    },
    Recovery(Box<RecoveryOffer>),
    /// The file changed on disk since it was opened: overwrite, reload or cancel.
    Conflict {
        path: PathBuf,
        then: Option<Command>,
    },
    /// The window's own file chooser, where the system has no dialog.
    Chooser {
        chooser: Box<PathChooser>,
        purpose: PathPurpose,
    },
    Help,
    Palette(Palette),
    About,
}

/// What a path is asked for, to finish the job once it is known (at once from a system
/// dialog, or frames later from the window's own chooser).
#[derive(Debug, Clone, PartialEq)]
enum PathPurpose {
    Open,
    /// Save the project there, then run the command (the one the unsaved-changes question
    /// was about).
    SaveProject {
        then: Option<Command>,
    },
    ExportDocx,
    /// The buyer's model to fill, then where to write the filled copy.
    IntoModelSource,
    IntoModelOutput {
        model: PathBuf,
    },
    /// The earlier version of the project to compare with.
    CompareOld,
    /// Where to write the section compared with the earlier version.
    CompareExport {
        old: PathBuf,
    },
    ExportBrief,
    ExportTraining(TrainingExport),
    TemplatesDir,
    /// A table of structures to import as the supplier pack.
    SupplyImport,
    /// Where to write the list of structures per lot.
    SupplyExport,
    ProgrammeImport,
    ProgrammeExport {
        xlsx: bool,
    },
    DecpImport,
    IndicatorsExport,
}

/// What the user chose in a modal, run once the modal is drawn.
enum ModalAction {
    Run(Command),
    Save {
        then: Option<Command>,
    },
    Overwrite {
        path: PathBuf,
        then: Option<Command>,
    },
    Reload(PathBuf),
    SaveAs {
        then: Option<Command>,
    },
    Restore(RecoveryOffer),
    Discard(RecoveryOffer),
    PathChosen(PathPurpose, PathBuf),
}

pub struct ClausierApp {
    pub session: Session,
    paths: AppPaths,
    dialogs: Box<dyn FileDialogs>,
    pub prefs: Preferences,
    saved_prefs: Preferences,
    pub step: Step,
    pub page: Page,
    clause_browser: crate::ui::clause_browser::ClauseBrowser,
    pub trainer: crate::ui::trainer::Trainer,
    compare_full_text: bool,
    focus: Option<String>,
    buffers: HashMap<String, String>,
    selected_lot: usize,
    /// Last message for the status bar: text and whether it reports a failure.
    pub status: Option<(String, bool)>,
    modal: Option<Modal>,
    /// Further recovery copies to offer, one after the other.
    recovery_queue: Vec<RecoveryOffer>,
    allow_close: bool,
    commands: Vec<Command>,
    /// Fixed "today" for tests; None uses the clock.
    pub today_override: Option<NaiveDate>,
    /// The last DOCX exported, for « Ouvrir le document » and « Ouvrir le dossier ».
    pub last_export: Option<PathBuf>,
    /// Set by the start-up benchmark: report the first frame's time, then close.
    pub startup_probe: Option<std::time::Instant>,
    preview_layout: preview::PreviewLayout,
    pub supply: crate::ui::supply::SupplyState,
    pub programme: crate::ui::programme::ProgrammeView,
    pub indicators: crate::ui::indicators::IndicatorsView,
}

impl ClausierApp {
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        paths: AppPaths,
        dialogs: Box<dyn FileDialogs>,
    ) -> ClausierApp {
        let app = ClausierApp::with_paths(paths, dialogs);
        app.apply_look(&cc.egui_ctx);
        app
    }

    /// The app without a window, for tests and for `new`.
    pub fn with_paths(paths: AppPaths, dialogs: Box<dyn FileDialogs>) -> ClausierApp {
        let prefs = Preferences::load(&paths);
        let mut session = Session::new(&paths, prefs.templates_dir.as_deref());
        // The window opens on a new project: the organisation's one when a project was saved.
        if let Some(house) = &prefs.house {
            session.replace(house.new_project(), None, true);
        }
        let (mut offers, unreadable) = Session::find_recovery(&paths);
        let recovery = (!offers.is_empty()).then(|| Modal::Recovery(Box::new(offers.remove(0))));
        let status = match unreadable.first() {
            Some(copy) => Some((
                format!(
                    "Copie de récupération illisible, laissée en place : {} ({})",
                    copy.file.display(),
                    copy.reason
                ),
                true,
            )),
            None => library_status(&session).or_else(|| {
                prefs
                    .house
                    .as_ref()
                    .map(|house| (new_project_status(house), false))
            }),
        };
        let paths_dir = paths.data_dir.clone();
        let mut app = ClausierApp {
            session,
            dialogs,
            saved_prefs: prefs.clone(),
            prefs,
            paths,
            step: Step::Need,
            page: Page::Wizard,
            clause_browser: Default::default(),
            trainer: Default::default(),
            compare_full_text: false,
            focus: None,
            buffers: HashMap::new(),
            selected_lot: 0,
            status,
            modal: recovery,
            recovery_queue: offers,
            allow_close: false,
            commands: Vec::new(),
            today_override: None,
            last_export: None,
            startup_probe: None,
            preview_layout: preview::PreviewLayout::default(),
            supply: crate::ui::supply::SupplyState::load(paths_dir),
            programme: Default::default(),
            indicators: Default::default(),
        };
        // A keyboard user starts typing the project at once, not from the menu bar.
        app.focus = app.first_field_to_fill(Step::Need);
        app
    }

    /// A new project nobody has typed in yet (blank, or with what it took from the last one
    /// saved): the window greets rather than lists the errors of an empty form.
    fn untouched(&self) -> bool {
        self.session.path.is_none() && !self.session.is_dirty()
    }

    /// The first screen: what Clausier does, and the ways to start.
    fn welcome(&mut self, ui: &mut Ui) {
        crate::ui::widgets::info_box(ui, "Bienvenue dans Clausier", |ui| {
            ui.label("Clausier vous guide, en sept étapes, de la description de l’achat à la section « allotissement, marchés réservés et clauses sociales » de votre RC et de votre CCAP, au format DOCX. Les constats s’affichent au fil de la saisie.");
            ui.add_space(SPACE_S);
            ui.horizontal_wrapped(|ui| {
                let hover = match &self.prefs.house {
                    Some(house) => format!(
                        "Commencer par le besoin, avec {} repris du dernier projet enregistré",
                        house_on_screen(house)
                    ),
                    None => "Commencer par le besoin, dans le formulaire ci-dessous".to_string(),
                };
                if ui.button("Nouveau projet").on_hover_text(hover).clicked() {
                    self.commands.push(Command::New);
                }
                if ui.button("Ouvrir un projet…").clicked() {
                    self.commands.push(Command::Open);
                }
                ui.menu_button("Ouvrir un exemple", |ui| {
                    for scenario in clausier::scenarios::bundled().unwrap_or_default() {
                        if ui.button(scenario.title()).clicked() {
                            self.commands
                                .push(Command::OpenScenario(scenario.id.clone()));
                        }
                    }
                });
                if ui.button("Guide de démarrage (F1)").clicked() {
                    self.modal = Some(Modal::Help);
                }
            });
            if !self.prefs.recent.is_empty() {
                ui.add_space(SPACE_S);
                ui.label(RichText::new("Fichiers récents").strong());
                for path in self.prefs.recent.clone() {
                    let name = path.file_name().map_or_else(
                        || path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    if ui
                        .button(name)
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        self.commands.push(Command::OpenPath(path));
                    }
                }
            }
        });
        ui.add_space(SPACE_S);
    }

    /// Where the caret waits on arriving at a step, so that the keyboard starts where the
    /// step's work is rather than at the menu bar: lot 1's title when no lot is titled yet, the
    /// lever matrix's first cell, the penalty of the shown clause while none is set.
    fn first_field_to_fill(&self, step: Step) -> Option<String> {
        use clausier::model::field;
        let project = &self.session.project;
        let lots = &project.allotment.lots;
        match step {
            Step::Need if project.meta.buyer.name.trim().is_empty() => {
                Some(field::BUYER_NAME.to_string())
            }
            // A new project that took the buyer from the last one starts at the purchase.
            Step::Need if project.purchase.object.trim().is_empty() => {
                Some(field::PURCHASE_OBJECT.to_string())
            }
            Step::Allotment if lots.iter().all(|l| l.title.trim().is_empty()) => {
                Some(field::lot(0).title())
            }
            Step::Levers if !lots.is_empty() => Some(field::lot(0).reservations()),
            Step::Insertion => lots
                .get(self.selected_lot)
                .and_then(|l| l.insertion_clause.as_ref())
                .filter(|c| c.penalty_per_hour_cents.is_none())
                .map(|_| field::lot(self.selected_lot).clause().penalty_per_hour()),
            _ => None,
        }
    }

    fn today(&self) -> NaiveDate {
        self.today_override
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    fn apply_look(&self, ctx: &egui::Context) {
        crate::ui::theme::install(ctx);
        ctx.set_theme(if self.prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        ctx.set_zoom_factor(self.prefs.zoom);
    }

    /// Opens a project, keeping the current one if the file cannot be read.
    pub fn open_path(&mut self, path: &Path) {
        match self.session.open(path) {
            Ok(()) => {
                self.after_replace();
                let path = self
                    .session
                    .path
                    .clone()
                    .unwrap_or_else(|| path.to_path_buf());
                self.prefs.remember(&path);
                self.status = Some((format!("Projet ouvert : {}", path.display()), false));
            }
            Err(e) => {
                self.status = Some((
                    "Ouverture impossible : le projet en cours est conservé.".into(),
                    true,
                ));
                self.modal = Some(Modal::Message {
                    title: "Fichier illisible".into(),
                    text: e,
                });
            }
        }
    }

    fn after_replace(&mut self) {
        self.buffers.clear();
        self.focus = None;
        self.selected_lot = 0;
        self.step = Step::Need;
    }

    pub fn queue(&mut self, command: Command) {
        self.commands.push(command);
    }

    fn guarded(&mut self, command: Command) {
        if self.session.is_dirty() {
            self.modal = Some(Modal::Unsaved { then: command });
        } else {
            self.run(command, true);
        }
    }

    /// The folder of the open project, where dialogs start.
    fn project_folder(&self) -> Option<PathBuf> {
        self.session
            .path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
    }

    /// Asks where to read or write: the system's dialog, or the window's own chooser where
    /// there is none (the job then finishes when the user confirms it, see `complete`).
    fn ask_path(&mut self, purpose: &PathPurpose) -> Option<PathBuf> {
        let start = self.project_folder();
        let start = start.as_deref();
        let project_name = self.session.suggested_name(PROJECT_EXTENSION);
        let docx_name = self.session.suggested_name("docx");
        let (title, kind, name, choice) = match purpose {
            PathPurpose::Open => (
                "Ouvrir un projet".to_string(),
                ChooserKind::Open(&["ron"]),
                String::new(),
                self.dialogs.open_project(start),
            ),
            PathPurpose::SaveProject { .. } => (
                "Enregistrer le projet".to_string(),
                ChooserKind::Save(PROJECT_EXTENSION),
                project_name.clone(),
                self.dialogs.save_project(start, &project_name),
            ),
            PathPurpose::ExportDocx => {
                let title = "Exporter la section en DOCX";
                let extract = self.session.editing_parts().project.output.extract;
                let docx_name = if extract == clausier::model::Extract::Section {
                    docx_name
                } else {
                    docx_name.replace(".docx", &format!("-{}.docx", extract.key()))
                };
                let choice = self.dialogs.save_docx(title, start, &docx_name);
                (
                    title.to_string(),
                    ChooserKind::Save("docx"),
                    docx_name,
                    choice,
                )
            }
            PathPurpose::IntoModelSource => {
                let title = "Choisir le modèle Word à compléter";
                // The project's last model: its folder is where the buyer keeps its models.
                let remembered = self
                    .session
                    .editing_parts()
                    .project
                    .output
                    .model
                    .clone()
                    .map(PathBuf::from);
                let folder = remembered
                    .as_deref()
                    .and_then(Path::parent)
                    .filter(|d| d.is_dir())
                    .map(Path::to_path_buf)
                    .or_else(|| start.map(Path::to_path_buf));
                let choice = self.dialogs.open_docx(title, folder.as_deref());
                (
                    title.to_string(),
                    ChooserKind::Open(&["docx"]),
                    String::new(),
                    choice,
                )
            }
            PathPurpose::IntoModelOutput { model } => {
                let title = "Enregistrer le modèle complété";
                let stem = model
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "modele".into());
                let name = format!("{stem}-complete.docx");
                let choice = self.dialogs.save_docx(title, start, &name);
                (title.to_string(), ChooserKind::Save("docx"), name, choice)
            }
            PathPurpose::CompareOld => (
                "Comparer avec une version précédente du projet".to_string(),
                ChooserKind::Open(&["ron"]),
                String::new(),
                self.dialogs.open_project(start),
            ),
            PathPurpose::CompareExport { .. } => {
                let title = "Exporter la section avec les modifications";
                let name = docx_name.replace(".docx", "-modifications.docx");
                let choice = self.dialogs.save_docx(title, start, &name);
                (title.to_string(), ChooserKind::Save("docx"), name, choice)
            }
            PathPurpose::ExportBrief => {
                let title = "Exporter la fiche du facilitateur";
                let name = docx_name.replace(".docx", "-fiche-facilitateur.docx");
                let choice = self.dialogs.save_docx(title, start, &name);
                (title.to_string(), ChooserKind::Save("docx"), name, choice)
            }
            PathPurpose::ExportTraining(kind) => {
                let (title, name) = crate::ui::trainer::exports::dialog(&self.trainer, *kind);
                if *kind == TrainingExport::Slides {
                    let choice = self.dialogs.save_pdf(title, start, &name);
                    (title.to_string(), ChooserKind::Save("pdf"), name, choice)
                } else {
                    let choice = self.dialogs.save_docx(title, start, &name);
                    (title.to_string(), ChooserKind::Save("docx"), name, choice)
                }
            }
            PathPurpose::TemplatesDir => {
                let start = self.prefs.templates_dir.clone();
                (
                    "Dossier des clauses de l’organisation".to_string(),
                    ChooserKind::Folder,
                    String::new(),
                    self.dialogs.pick_folder(start.as_deref()),
                )
            }
            PathPurpose::SupplyImport => (
                "Importer un fichier de structures".to_string(),
                ChooserKind::Open(&["csv", "txt", "xlsx", "xls", "ods"]),
                String::new(),
                self.dialogs.supply_file(SupplyFile::Import),
            ),
            PathPurpose::SupplyExport => (
                "Exporter la liste des structures par lot".to_string(),
                ChooserKind::Save("csv"),
                "structures-par-lot.csv".to_string(),
                self.dialogs.supply_file(SupplyFile::ExportCsv),
            ),
            PathPurpose::ProgrammeImport => (
                "Importer un programme d’achats".to_string(),
                ChooserKind::Open(&["csv", "txt", "xlsx", "xls", "ods"]),
                String::new(),
                self.dialogs.data_file(DataFile::ProgrammeImport),
            ),
            PathPurpose::ProgrammeExport { xlsx } => (
                "Exporter le rapport du programme".to_string(),
                ChooserKind::Save(if *xlsx { "xlsx" } else { "docx" }),
                if *xlsx {
                    "programme-achats.xlsx"
                } else {
                    "programme-achats.docx"
                }
                .to_string(),
                self.dialogs
                    .data_file(DataFile::ProgrammeReport { xlsx: *xlsx }),
            ),
            PathPurpose::DecpImport => (
                "Importer des données essentielles (DECP)".to_string(),
                ChooserKind::Open(&["json"]),
                String::new(),
                self.dialogs.data_file(DataFile::DecpImport),
            ),
            PathPurpose::IndicatorsExport => (
                "Exporter le rapport des indicateurs".to_string(),
                ChooserKind::Save("docx"),
                "indicateurs-achats.docx".to_string(),
                self.dialogs.data_file(DataFile::IndicatorsReport),
            ),
        };
        match choice {
            Choice::Path(path) => Some(path),
            Choice::Cancelled => None,
            Choice::Unavailable => {
                let start = match purpose {
                    PathPurpose::TemplatesDir => self.prefs.templates_dir.clone(),
                    _ => self.project_folder(),
                };
                self.modal = Some(Modal::Chooser {
                    chooser: Box::new(PathChooser::new(title, kind, start.as_deref(), &name)),
                    purpose: purpose.clone(),
                });
                None
            }
        }
    }

    /// Finishes the job a path was asked for.
    fn complete(&mut self, purpose: PathPurpose, path: PathBuf) {
        match purpose {
            PathPurpose::Open => self.open_path(&path),
            PathPurpose::SaveProject { then } => self.save_at(path, false, then),
            PathPurpose::ExportDocx => self.export_to(&path),
            PathPurpose::IntoModelSource => {
                self.session.editing_parts().project.output.model =
                    Some(path.display().to_string());
                let purpose = PathPurpose::IntoModelOutput { model: path };
                if let Some(out) = self.ask_path(&purpose) {
                    self.complete(purpose, out);
                }
            }
            PathPurpose::CompareOld => {
                let purpose = PathPurpose::CompareExport { old: path };
                if let Some(out) = self.ask_path(&purpose) {
                    self.complete(purpose, out);
                }
            }
            PathPurpose::IntoModelOutput { model } => self.export_into_model_to(&model, &path),
            PathPurpose::CompareExport { old } => self.export_compared_to(&old, &path),
            PathPurpose::ExportBrief => self.export_brief_to(&path),
            PathPurpose::ExportTraining(kind) => self.export_training_to(kind, &path),
            PathPurpose::TemplatesDir => {
                self.prefs.templates_dir = Some(path);
                self.reload_library();
            }
            PathPurpose::SupplyImport => {
                let today = self.today();
                self.status = Some(self.supply.import(&path, today));
            }
            PathPurpose::SupplyExport => {
                self.status = Some(crate::ui::supply::export_csv(
                    &self.supply,
                    &path,
                    self.session.supply_assessment(),
                ));
            }
            PathPurpose::ProgrammeImport => {
                let today = self.today();
                self.status = Some(
                    self.programme
                        .import(&path, today, self.supply.pack.as_ref()),
                );
                self.page = Page::Programme;
            }
            PathPurpose::ProgrammeExport { xlsx } => {
                self.status = Some(self.programme.export(&path, xlsx));
            }
            PathPurpose::DecpImport => {
                self.status = Some(self.indicators.import(&path));
                self.page = Page::Indicators;
            }
            PathPurpose::IndicatorsExport => {
                self.status = Some(self.indicators.export(&path));
            }
        }
    }

    /// Saves (asking where when `ask` or when the project has no file yet), then runs `then`.
    fn save(&mut self, ask: bool, then: Option<Command>) {
        let path = match (&self.session.path, ask) {
            (Some(p), false) => Some(p.clone()),
            _ => self.ask_path(&PathPurpose::SaveProject { then: then.clone() }),
        };
        if let Some(path) = path {
            self.save_at(path, false, then);
        }
    }

    fn save_at(&mut self, path: PathBuf, overwrite: bool, then: Option<Command>) {
        match self.session.save_to(&path, overwrite) {
            Ok(()) => {
                let path = self.session.path.clone().unwrap_or(path);
                self.prefs.remember(&path);
                if let Some(house) = HouseDefaults::of(&self.session.project)
                    .filter(|h| !clausier::scenarios::is_example_buyer(&h.buyer.name))
                {
                    self.prefs.house = Some(house);
                }
                self.status = Some((format!("Projet enregistré : {}", path.display()), false));
                if let Some(command) = then {
                    self.run(command, true);
                }
            }
            Err(SaveError::ChangedOnDisk(path)) => {
                self.modal = Some(Modal::Conflict { path, then });
            }
            Err(SaveError::Failed(e)) => {
                self.status = Some((format!("Enregistrement impossible : {e}"), true));
            }
        }
    }

    /// Whether the section may be exported: refused, with the way to the findings, while
    /// errors remain.
    fn export_allowed(&mut self) -> bool {
        let today = self.today();
        self.session.refresh(today, &self.supply);
        let errors = self
            .session
            .evaluation()
            .map_or(0, |e| e.count(Severity::Error));
        if errors > 0 {
            self.status = Some((
                format!(
                    "Export refusé : {} à corriger d’abord (voir les constats).",
                    clausier::fr::count_of(errors, "erreur", "erreurs")
                ),
                true,
            ));
            self.step = Step::Review;
            return false;
        }
        true
    }

    fn export(&mut self) {
        if !self.export_allowed() {
            return;
        }
        // Said before a file name is asked for, not after; short enough for the status bar,
        // step 7 giving the reason at length.
        if self.session.empty_piece().is_some() {
            self.status = Some((
                format!(
                    "Export impossible\u{a0}: la pièce «\u{a0}{}\u{a0}» est vide pour ce projet\u{a0}; choisissez-en une autre à l’étape\u{a0}7.",
                    self.session.project.output.extract.label()
                ),
                true,
            ));
            self.step = Step::Review;
            return;
        }
        if let Some(path) = self.ask_path(&PathPurpose::ExportDocx) {
            self.export_to(&path);
        }
    }

    fn export_to(&mut self, path: &Path) {
        let today = self.today();
        self.session.refresh(today, &self.supply);
        self.status = Some(match self.session.export_docx(path) {
            Ok(()) => {
                self.last_export = Some(path.to_path_buf());
                (format!("Section exportée : {}", path.display()), false)
            }
            Err(e) => (format!("Export impossible : {e}. Choisissez un autre emplacement ou fermez le fichier s’il est ouvert dans un traitement de texte."), true),
        });
    }

    fn export_into_model(&mut self) {
        if !self.export_allowed() {
            return;
        }
        let purpose = PathPurpose::IntoModelSource;
        if let Some(path) = self.ask_path(&purpose) {
            self.complete(purpose, path);
        }
    }

    fn export_into_model_to(&mut self, model: &Path, path: &Path) {
        let today = self.today();
        self.session.refresh(today, &self.supply);
        self.status = Some(match self.session.export_into_model(model, path) {
            Ok(what) => (
                format!("Modèle complété : {} ({what}).", path.display()),
                false,
            ),
            Err(e) => (format!("Export impossible : {e}"), true),
        });
    }

    fn compare_version(&mut self) {
        if let Some(old) = self.ask_path(&PathPurpose::CompareOld) {
            self.complete(PathPurpose::CompareOld, old);
        }
    }

    fn export_compared_to(&mut self, old: &Path, path: &Path) {
        let today = self.today();
        self.session.refresh(today, &self.supply);
        self.status = Some(
            match self
                .session
                .export_compared(old, path, today, self.supply.pack.as_ref())
            {
                Ok(()) => (
                    format!(
                        "Section exportée avec les modifications depuis {} : {}",
                        old.display(),
                        path.display()
                    ),
                    false,
                ),
                Err(e) => (format!("Comparaison impossible : {e}"), true),
            },
        );
    }

    fn export_brief(&mut self) {
        if !self.session.has_insertion_clause() {
            self.status = Some((
                "Aucun lot ne comporte de clause d’insertion : il n’y a pas de fiche à transmettre au facilitateur.".into(),
                true,
            ));
            return;
        }
        if let Some(path) = self.ask_path(&PathPurpose::ExportBrief) {
            self.export_brief_to(&path);
        }
    }

    fn export_brief_to(&mut self, path: &Path) {
        let today = self.today();
        self.session.refresh(today, &self.supply);
        self.status = Some(match self.session.export_brief(path) {
            Ok(()) => (
                format!("Fiche du facilitateur exportée : {}", path.display()),
                false,
            ),
            Err(e) => (format!("Export impossible : {e}"), true),
        });
    }

    fn export_training(&mut self, kind: TrainingExport) {
        let today = self.today();
        if let Err(e) = crate::ui::trainer::exports::check(&mut self.trainer, kind, today) {
            self.status = Some((e, true));
            return;
        }
        let purpose = PathPurpose::ExportTraining(kind);
        if let Some(path) = self.ask_path(&purpose) {
            self.complete(purpose, path);
        }
    }

    fn export_training_to(&mut self, kind: TrainingExport, path: &Path) {
        let today = self.today();
        let built = crate::ui::trainer::exports::bytes(
            &mut self.trainer,
            kind,
            &self.session.project,
            today,
            self.session.library(),
        );
        let written = built.and_then(|bytes| self.session.write_output(path, &bytes));
        self.status = Some(match written {
            Ok(()) => (crate::ui::trainer::exports::done(kind, path), false),
            Err(e) => (format!("Export impossible : {e}"), true),
        });
    }

    fn reload_library(&mut self) {
        self.session
            .reload_library(self.prefs.templates_dir.as_deref());
        self.status = library_status(&self.session).or_else(|| {
            Some((
                format!(
                    "Bibliothèque de clauses rechargée : {}.",
                    self.session.library().info().describe()
                ),
                false,
            ))
        });
    }

    /// Runs a command; `confirmed` skips the unsaved-changes question.
    fn run(&mut self, command: Command, confirmed: bool) {
        match command {
            Command::New
            | Command::Open
            | Command::OpenPath(_)
            | Command::OpenScenario(_)
            | Command::Programme(ProgrammeAction::CreateProject(_))
            | Command::Quit
                if !confirmed =>
            {
                self.guarded(command);
            }
            Command::New => {
                let (project, status) = match &self.prefs.house {
                    Some(house) => (house.new_project(), new_project_status(house)),
                    None => (clausier::model::Project::blank(), "Nouveau projet.".into()),
                };
                self.session.replace(project, None, true);
                self.after_replace();
                self.focus = self.first_field_to_fill(Step::Need);
                self.status = Some((status, false));
            }
            Command::Open => {
                if let Some(path) = self.ask_path(&PathPurpose::Open) {
                    self.open_path(&path);
                }
            }
            Command::OpenPath(path) => self.open_path(&path),
            Command::OpenScenario(id) => match clausier::scenarios::find(&id) {
                Ok(Some(scenario)) => {
                    self.session.replace(scenario.project, None, false);
                    self.after_replace();
                    self.status = Some((format!("Exemple ouvert : {} (enregistrez-le sous un nouveau nom pour le conserver).", scenario.id), false));
                }
                _ => self.status = Some((format!("Exemple « {id} » introuvable."), true)),
            },
            Command::Save => self.save(false, None),
            Command::SaveAs => self.save(true, None),
            Command::ExportDocx => self.export(),
            Command::ExportIntoModel => self.export_into_model(),
            Command::CompareVersion => self.compare_version(),
            Command::ExportBrief => self.export_brief(),
            Command::ShowPage(Page::Presentation) => self.run(Command::Present, true),
            Command::ShowPage(page) => self.page = page,
            Command::Present => {
                let first = self.trainer.session_ids().remove(0);
                self.trainer.focus_case(&first);
                self.trainer.slide = 0;
                self.page = Page::Presentation;
            }
            Command::ExportTraining(kind) => self.export_training(kind),
            Command::ProjectQuiz => {
                self.trainer.room = None;
                self.page = Page::QuizProjector;
            }
            Command::ChooseTemplatesDir => {
                if let Some(dir) = self.ask_path(&PathPurpose::TemplatesDir) {
                    self.complete(PathPurpose::TemplatesDir, dir);
                }
            }
            Command::ClearTemplatesDir => {
                self.prefs.templates_dir = None;
                self.reload_library();
            }
            Command::ReloadLibrary => self.reload_library(),
            Command::Supply(action) => {
                let purpose = match action {
                    SupplyAction::Import => PathPurpose::SupplyImport,
                    SupplyAction::ExportCsv if self.supply.pack.is_none() => {
                        self.status = Some((clausier::supply::HOW_TO_GET_A_PACK.into(), true));
                        return;
                    }
                    SupplyAction::ExportCsv => PathPurpose::SupplyExport,
                };
                if let Some(path) = self.ask_path(&purpose) {
                    self.complete(purpose, path);
                }
            }
            Command::Programme(ProgrammeAction::CreateProject(line)) => {
                match self.programme.project_of(line) {
                    Some(project) => {
                        self.session.replace(project, None, false);
                        self.after_replace();
                        self.page = Page::Wizard;
                        self.status = Some((format!("Projet créé depuis la ligne {line} du programme : complétez-le dans l’assistant, puis enregistrez-le."), false));
                    }
                    None => {
                        self.status = Some((
                            format!("La ligne {line} du programme ne peut pas être ouverte : corrigez-la d’abord dans le fichier."),
                            true,
                        ));
                    }
                }
            }
            Command::Programme(action) => {
                let purpose = match action {
                    ProgrammeAction::Import => PathPurpose::ProgrammeImport,
                    ProgrammeAction::Export { xlsx } => PathPurpose::ProgrammeExport { xlsx },
                    ProgrammeAction::CreateProject(_) => return,
                };
                if let Some(path) = self.ask_path(&purpose) {
                    self.complete(purpose, path);
                }
            }
            Command::Indicators(action) => {
                let purpose = match action {
                    IndicatorsAction::Import => PathPurpose::DecpImport,
                    IndicatorsAction::Export => PathPurpose::IndicatorsExport,
                };
                if let Some(path) = self.ask_path(&purpose) {
                    self.complete(purpose, path);
                }
            }
            Command::Quit => {
                // A clean quit, saved or not: no copy is left, and none is written after.
                self.session.finish();
                self.allow_close = true;
            }
            Command::Undo => {
                if self.session.undo() {
                    self.buffers.clear();
                }
            }
            Command::Redo => {
                if self.session.redo() {
                    self.buffers.clear();
                }
            }
            Command::ZoomIn => self.prefs.zoom = (self.prefs.zoom + 0.1).min(3.0),
            Command::ZoomOut => self.prefs.zoom = (self.prefs.zoom - 0.1).max(0.6),
            Command::ZoomReset => self.prefs.zoom = 1.0,
            Command::SetDark(dark) => self.prefs.dark = dark,
            Command::TogglePreview => self.prefs.show_preview = !self.prefs.show_preview,
            Command::ToggleFindings => self.prefs.show_findings = !self.prefs.show_findings,
            Command::GoTo(step, field) => {
                self.page = Page::Wizard;
                self.step = step;
                if let Some(lot) = field.as_deref().and_then(steps::lot_of_field) {
                    self.selected_lot = lot;
                } else if step == Step::Insertion {
                    // Arriving from the navigator: show a lot that has a clause to edit.
                    let lots = &self.session.project.allotment.lots;
                    if lots
                        .get(self.selected_lot)
                        .is_none_or(|l| l.insertion_clause.is_none())
                    {
                        if let Some(first) = lots.iter().position(|l| l.insertion_clause.is_some())
                        {
                            self.selected_lot = first;
                        }
                    }
                }
                self.focus = field.or_else(|| self.first_field_to_fill(step));
            }
            Command::PreviousStep => {
                if let Some(previous) = self.step.previous() {
                    self.run(Command::GoTo(previous, None), true);
                }
            }
            Command::NextStep => {
                if let Some(next) = self.step.next() {
                    self.run(Command::GoTo(next, None), true);
                }
            }
            Command::ShowPalette => self.modal = Some(Modal::Palette(Palette::default())),
            Command::ShowHelp => self.modal = Some(Modal::Help),
            Command::ShowAbout => self.modal = Some(Modal::About),
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        for pressed in command::pressed(ctx) {
            self.commands.push(pressed.command());
        }
    }

    /// Whether a command can run now, and its ticked state when it is an option.
    fn command_state(&self, command: UiCommand) -> (bool, Option<bool>) {
        match command {
            UiCommand::Undo => (self.session.can_undo(), None),
            UiCommand::Redo => (self.session.can_redo(), None),
            UiCommand::PreviousStep => (
                self.page == Page::Wizard && self.step.previous().is_some(),
                None,
            ),
            UiCommand::NextStep => (
                self.page == Page::Wizard && self.step.next().is_some(),
                None,
            ),
            UiCommand::LightTheme => (true, Some(!self.prefs.dark)),
            UiCommand::DarkTheme => (true, Some(self.prefs.dark)),
            UiCommand::TogglePreview => (true, Some(self.prefs.show_preview)),
            UiCommand::ToggleFindings => (true, Some(self.prefs.show_findings)),
            UiCommand::ClearTemplatesDir | UiCommand::ReloadLibrary => {
                (self.prefs.templates_dir.is_some(), None)
            }
            _ => (true, None),
        }
    }

    /// The menus, drawn from the command table; the File menu adds the examples and the
    /// recent files after « Ouvrir… ».
    fn menu_bar(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::iter() {
                ui.menu_button(menu.title(), |ui| {
                    for entry in menu.commands() {
                        let spec = entry.spec();
                        if spec.starts_group {
                            ui.separator();
                        }
                        let (enabled, checked) = self.command_state(entry);
                        let button = egui::Button::selectable(checked == Some(true), spec.text)
                            .shortcut_text(entry.shortcut_text());
                        if ui
                            .add_enabled(enabled, button)
                            .on_hover_text(spec.tooltip)
                            .clicked()
                        {
                            self.commands.push(entry.command());
                        }
                        if entry == UiCommand::Open {
                            self.examples_and_recent_menus(ui);
                        }
                    }
                });
            }
        });
    }

    fn examples_and_recent_menus(&mut self, ui: &mut Ui) {
        ui.menu_button("Ouvrir un exemple", |ui| {
            for scenario in clausier::scenarios::bundled().unwrap_or_default() {
                if ui.button(scenario.title()).clicked() {
                    self.commands
                        .push(Command::OpenScenario(scenario.id.clone()));
                }
            }
        });
        ui.menu_button("Fichiers récents", |ui| {
            if self.prefs.recent.is_empty() {
                ui.label("Aucun fichier récent");
            }
            for path in self.prefs.recent.clone() {
                if ui.button(path.display().to_string()).clicked() {
                    self.commands.push(Command::OpenPath(path));
                }
            }
        });
    }

    /// What the palette lists: every command that can run now, the steps, the examples and
    /// the recent files.
    fn palette_entries(&self) -> Vec<palette::Entry> {
        let mut entries: Vec<palette::Entry> = UiCommand::iter()
            .filter(|c| *c != UiCommand::CommandPalette && self.command_state(*c).0)
            .map(|c| palette::Entry {
                label: c.spec().text.to_string(),
                detail: c.shortcut_text(),
                command: c.command(),
            })
            .collect();
        entries.extend(STEPS.iter().map(|step| palette::Entry {
            label: format!("Étape {} — {}", step.number(), step.title()),
            detail: "Assistant".into(),
            command: Command::GoTo(*step, None),
        }));
        entries.extend(
            clausier::scenarios::bundled()
                .unwrap_or_default()
                .into_iter()
                .map(|scenario| palette::Entry {
                    label: format!("Ouvrir l’exemple : {}", scenario.title()),
                    detail: "Exemple".into(),
                    command: Command::OpenScenario(scenario.id.clone()),
                }),
        );
        entries.extend(self.prefs.recent.iter().map(|path| palette::Entry {
            label: format!("Ouvrir {}", path.display()),
            detail: "Fichier récent".into(),
            command: Command::OpenPath(path.clone()),
        }));
        entries
    }

    fn navigator(&mut self, ui: &mut Ui) {
        ui.add_space(SPACE_M);
        ui.label(RichText::new("Étapes").strong());
        ui.add_space(SPACE_S);
        let untouched = self.untouched();
        let findings = self
            .session
            .evaluation()
            .filter(|_| !untouched)
            .map(|e| e.findings.as_slice())
            .unwrap_or(&[]);
        let tokens = Tokens::of(ui);
        for step in STEPS {
            let status = steps::step_status(step, findings);
            let hint = match status {
                Some(Severity::Error) => "erreurs à corriger",
                Some(Severity::Warning) => "avertissements",
                _ => "complète",
            };
            let color = match status {
                Some(severity) => tokens.severity(severity),
                None => tokens.complete,
            };
            let clicked = ui
                .horizontal(|ui| {
                    // A painted dot rather than a symbol: egui's fonts have no check marks.
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(12.0, 28.0), egui::Sense::hover());
                    ui.painter().circle_filled(rect.center(), 5.0, color);
                    let text = RichText::new(format!("{}. {}", step.number(), step.title()));
                    ui.add_sized(
                        [ui.available_width(), 28.0],
                        egui::Button::selectable(
                            self.page == Page::Wizard && self.step == step,
                            text,
                        ),
                    )
                    .on_hover_text(format!("Étape {} : {hint}", step.number()))
                    .clicked()
                })
                .inner;
            if clicked {
                self.commands.push(Command::GoTo(step, None));
            }
        }
        ui.add_space(SPACE_L);
        ui.label(RichText::new("Autres vues").strong());
        ui.add_space(SPACE_S);
        for page in OTHER_PAGES {
            if ui
                .add_sized(
                    [ui.available_width(), 26.0],
                    egui::Button::selectable(self.page == page, page.title()),
                )
                .clicked()
            {
                self.commands.push(Command::ShowPage(page));
            }
        }
    }

    fn side_panel(&mut self, ui: &mut Ui) {
        let findings_height = if self.prefs.show_preview {
            ui.available_height() * 0.35
        } else {
            ui.available_height()
        };
        if self.prefs.show_findings && self.untouched() {
            ui.add_space(6.0);
            ui.label(RichText::new("Constats").strong());
            ui.label("Ils s’afficheront au fil de la saisie : ce qui manque, ce que le droit impose, ce qui est recommandé.");
            ui.separator();
        } else if self.prefs.show_findings {
            let evaluation = self.session.evaluation();
            ui.add_space(6.0);
            ui.label(
                RichText::new(format!(
                    "Constats : {}",
                    findings_panel::counts_text(evaluation)
                ))
                .strong(),
            );
            egui::ScrollArea::vertical()
                .id_salt("findings")
                .max_height(findings_height)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    if let Some(e) = self.session.evaluation() {
                        if let Some((step, field)) = findings_panel::show(ui, &e.findings, false) {
                            self.commands.push(Command::GoTo(step, Some(field)));
                        }
                    }
                });
            ui.separator();
        }
        if self.prefs.show_preview {
            let document = self.session.document();
            ui.horizontal(|ui| {
                ui.label(RichText::new("Aperçu de la section (identique au DOCX)").strong());
                if let Some(Ok(doc)) = document {
                    if let Some(block) = preview_outline::menu(ui, doc) {
                        self.preview_layout.jump_to(block);
                    }
                }
            });
            match document {
                Some(Ok(doc)) => {
                    let step = (self.page == Page::Wizard).then_some(self.step);
                    self.preview_layout.follow(doc, step);
                    // An organisation clause that failed for this project: the preview (and
                    // the DOCX) has the bundled wording, and the buyer is told why.
                    for warning in &doc.warnings {
                        ui.colored_label(
                            Tokens::of(ui).error,
                            format!(
                                "Clause de l’organisation non utilisée pour ce projet — {warning}"
                            ),
                        );
                    }
                    preview::show(ui, doc, &mut self.preview_layout);
                }
                Some(Err(e)) => {
                    ui.colored_label(Tokens::of(ui).error, format!("Aperçu indisponible : {e}"));
                }
                None => {}
            }
        }
    }

    fn central(&mut self, ui: &mut Ui) {
        match self.page {
            Page::Wizard => self.wizard(ui),
            Page::Clauses => crate::ui::clause_browser::show(
                ui,
                &mut self.clause_browser,
                self.session.library(),
                &self.session.library_problems,
                self.prefs.templates_dir.as_deref(),
                &mut self.commands,
            ),
            Page::Scenarios => {
                crate::ui::trainer::show_library(ui, &mut self.trainer, &mut self.commands);
            }
            Page::Compare => {
                let today = self.today();
                crate::ui::trainer::show_compare(
                    ui,
                    &mut self.trainer,
                    &self.session.project,
                    today,
                    self.session.library(),
                    &mut self.compare_full_text,
                );
            }
            Page::Quiz => crate::ui::trainer::show_quiz(ui, &mut self.trainer, &mut self.commands),
            Page::QuizProjector => {
                crate::ui::trainer::show_quiz_projector(ui, &mut self.trainer, &mut self.commands);
            }
            Page::Programme => {
                let today = self.today();
                crate::ui::programme::show(
                    ui,
                    &mut self.programme,
                    today,
                    self.supply.pack.as_ref(),
                    &mut self.commands,
                );
            }
            Page::Indicators => {
                crate::ui::indicators::show(ui, &mut self.indicators, &mut self.commands);
            }
            Page::Presentation => {
                let today = self.today();
                crate::ui::trainer::show_presentation(
                    ui,
                    &mut self.trainer,
                    &self.session.project,
                    today,
                    self.session.library(),
                    &mut self.commands,
                );
            }
        }
    }

    fn wizard(&mut self, ui: &mut Ui) {
        let step = self.step;
        ui.horizontal(|ui| {
            ui.heading(format!(
                "Étape {} sur {} — {}",
                step.number(),
                STEPS.len(),
                step.title()
            ));
        });
        let untouched = self.untouched();
        if untouched && step == Step::Need {
            self.welcome(ui);
        }
        help::show(ui, step.key(), self.session.library());
        ui.separator();
        let today = self.today();
        let parts = self.session.editing_parts();
        let mut context = StepContext {
            project: parts.project,
            evaluation: parts.evaluation,
            supply_assessment: parts.supply,
            library: parts.library,
            document: parts.document,
            form: Form {
                focus: &mut self.focus,
                buffers: &mut self.buffers,
                findings: parts
                    .evaluation
                    .filter(|_| !untouched)
                    .map_or(&[], |e| &e.findings),
            },
            selected_lot: &mut self.selected_lot,
            commands: &mut self.commands,
            today,
            supply: &self.supply,
        };
        let bottom = 44.0;
        egui::ScrollArea::vertical()
            .id_salt(("step", step.key()))
            .max_height(ui.available_height() - bottom)
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.add_space(SPACE_S);
                steps::show(step, ui, &mut context);
                ui.add_space(SPACE_L);
            });
        ui.separator();
        ui.horizontal(|ui| {
            if let Some(previous) = step.previous() {
                if ui
                    .button(format!("Précédent : {}", previous.title()))
                    .clicked()
                {
                    self.commands.push(Command::GoTo(previous, None));
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(next) = step.next() {
                    if ui.button(format!("Suivant : {}", next.title())).clicked() {
                        self.commands.push(Command::GoTo(next, None));
                    }
                } else if ui.button("Exporter en DOCX…").clicked() {
                    self.commands.push(Command::ExportDocx);
                }
            });
        });
    }

    fn status_bar(&mut self, ui: &mut Ui) {
        let name = self
            .session
            .path
            .as_ref()
            .map_or("Projet non enregistré".to_string(), |p| {
                p.display().to_string()
            });
        let dirty = if self.session.is_dirty() {
            " — modifications non enregistrées"
        } else {
            ""
        };
        let error = Tokens::of(ui).error;
        // The buttons are laid out first, from the right edge, so that a long path or message
        // never pushes them out of the window: the texts get what is left, cut with « … » and
        // given whole on hover.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            // After an export, the document is one click away (the system's own program
            // opens it, or the folder holding it).
            if let Some(path) = self.last_export.clone() {
                if let Some(folder) = path.parent() {
                    if ui.button("Ouvrir le dossier").clicked() {
                        ui.ctx().open_url(egui::OpenUrl::new_tab(file_url(folder)));
                    }
                }
                if ui.button("Ouvrir le document").clicked() {
                    ui.ctx().open_url(egui::OpenUrl::new_tab(file_url(&path)));
                }
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                // The message matters more than the project's path: the path keeps at most
                // two fifths of the bar when there is one.
                let share = if self.status.is_some() { 0.4 } else { 1.0 };
                let max = ui.available_width() * share;
                ui.scope(|ui| {
                    ui.set_max_width(max);
                    ui.add(egui::Label::new(format!("{name}{dirty}")).truncate());
                });
                if let Some((text, failure)) = &self.status {
                    ui.separator();
                    let text = if *failure {
                        RichText::new(text).color(error)
                    } else {
                        RichText::new(text)
                    };
                    ui.add(egui::Label::new(text).truncate());
                }
            });
        });
    }

    fn modal(&mut self, ctx: &egui::Context) {
        let Some(mut modal) = self.modal.take() else {
            return;
        };
        let mut keep = true;
        let mut action = None;
        // Restore (true) or ignore (false) the recovery copy shown.
        let mut recovery_choice = None;
        let entries = match modal {
            Modal::Palette(_) => self.palette_entries(),
            _ => Vec::new(),
        };
        let response = egui::Modal::new(egui::Id::unique("modal")).show(ctx, |ui| {
            ui.set_max_width(if matches!(modal, Modal::Palette(_)) { 640.0 } else { 560.0 });
            match &mut modal {
                Modal::Message { title, text } => {
                    ui.heading(title.as_str());
                    ui.label(text.as_str());
                    if ui.button("Fermer").clicked() {
                        keep = false;
                    }
                }
                Modal::Unsaved { then: command } => {
                    ui.heading("Modifications non enregistrées");
                    ui.label("Le projet a été modifié depuis le dernier enregistrement. Que voulez-vous faire ?");
                    ui.horizontal(|ui| {
                        if ui.button("Enregistrer").clicked() {
                            keep = false;
                            action = Some(ModalAction::Save { then: Some(command.clone()) });
                        }
                        if ui.button("Ne pas enregistrer").clicked() {
                            keep = false;
                            action = Some(ModalAction::Run(command.clone()));
                        }
                        if ui.button("Annuler").clicked() {
                            keep = false;
                        }
                    });
                }
                Modal::Conflict { path, then } => {
                    ui.heading("Fichier modifié par ailleurs");
                    ui.label(format!("{} a été modifié par un autre programme (ou un collègue) depuis que vous l’avez ouvert. L’enregistrer maintenant remplacerait ces modifications.", path.display()));
                    ui.horizontal_wrapped(|ui| {
                        if ui.button("Remplacer le fichier").clicked() {
                            keep = false;
                            action = Some(ModalAction::Overwrite { path: path.clone(), then: then.clone() });
                        }
                        if ui.button("Enregistrer sous un autre nom…").clicked() {
                            keep = false;
                            action = Some(ModalAction::SaveAs { then: then.clone() });
                        }
                        if ui.button("Recharger le fichier (abandonner mes modifications)").clicked() {
                            keep = false;
                            action = Some(ModalAction::Reload(path.clone()));
                        }
                        if ui.button("Annuler").clicked() {
                            keep = false;
                        }
                    });
                }
                Modal::Recovery(offer) => {
                    ui.heading("Récupération du travail");
                    ui.label("Clausier ne s’est pas fermé normalement la dernière fois. Une copie du projet, avec les dernières modifications non enregistrées, a été conservée.");
                    if let Some(time) = offer.written_at {
                        ui.label(format!("Copie faite {}.", crate::ui::recovery::when_text(time)));
                    }
                    if let Some(path) = &offer.original_path {
                        ui.label(format!("Fichier d’origine : {}", path.display()));
                    }
                    ui.label(format!("Projet : {}", if offer.project.meta.title.is_empty() { "(sans titre)".into() } else { crate::ui::widgets::shortened(&offer.project.meta.title, crate::ui::widgets::SHOWN_CHARS) }));
                    ui.horizontal(|ui| {
                        if ui.button("Restaurer").clicked() {
                            recovery_choice = Some(true);
                        }
                        if ui.button("Ignorer").clicked() {
                            recovery_choice = Some(false);
                        }
                    });
                }
                Modal::Chooser { chooser, purpose } => match chooser.show(ui) {
                    ChooserOutcome::Pending => {}
                    ChooserOutcome::Cancelled => keep = false,
                    ChooserOutcome::Chosen(path) => {
                        keep = false;
                        action = Some(ModalAction::PathChosen(purpose.clone(), path));
                    }
                },
                Modal::Help => {
                    ui.heading("Bien démarrer");
                    for (n, line) in GETTING_STARTED.iter().enumerate() {
                        ui.add(egui::Label::new(format!("{}. {line}", n + 1)).wrap());
                    }
                    ui.label("Le mode d’emploi complet (installation, fichier de projet, bibliothèque de clauses, formation, ligne de commande) est dans le fichier LISEZMOI / README.md livré avec Clausier : sections « L’assistant en fenêtre », « Le mode formation » et « Ce que Clausier contrôle ».");
                    ui.add_space(SPACE_S);
                    ui.heading("Raccourcis clavier");
                    ui.label("Toutes les commandes des menus se trouvent aussi par Ctrl+K : tapez quelques lettres, puis Entrée.");
                    ui.label("Dans un formulaire, Tab passe au champ suivant. Dans la matrice des leviers (étape 4), les flèches vont d’une case à l’autre et Espace coche ; dans une liste ouverte, les flèches partent du choix en cours et Entrée valide.");
                    ui.add_space(SPACE_S);
                    egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
                        egui::Grid::new("shortcuts").num_columns(2).spacing([24.0, 4.0]).show(ui, |ui| {
                            for entry in UiCommand::iter() {
                                let keys: Vec<String> = entry.spec().shortcuts.iter().map(command::format_shortcut).collect();
                                if keys.is_empty() {
                                    continue;
                                }
                                ui.label(RichText::new(keys.join(" ou ")).monospace());
                                ui.label(entry.spec().text.trim_end_matches('…'));
                                ui.end_row();
                            }
                            for (keys, what) in command::VIEW_KEYS {
                                ui.label(RichText::new(*keys).monospace());
                                ui.label(*what);
                                ui.end_row();
                            }
                        });
                    });
                    if ui.button("Fermer").clicked() {
                        keep = false;
                    }
                }
                Modal::Palette(palette) => match palette.show(ui, &entries) {
                    palette::Outcome::Open => {}
                    palette::Outcome::Close => keep = false,
                    palette::Outcome::Run(command) => {
                        keep = false;
                        action = Some(ModalAction::Run(command));
                    }
                },
                Modal::About => {
                    ui.heading("Clausier");
                    ui.label(format!("Version de l’application : {}", clausier::APP_VERSION));
                    let info = self.session.library().info();
                    ui.label(format!("Bibliothèque de clauses : {} ({})", info.describe(), info.date));
                    ui.label("Aide à la rédaction de l’allotissement, des marchés réservés et des clauses sociales d’insertion. Le texte produit reste à relire avec votre service juridique.");
                    if ui.button("Fermer").clicked() {
                        keep = false;
                    }
                }
            }
        });
        // Escape (or a click beside the dialog) is « Annuler » where there is one; the
        // recovery offer alone waits for an explicit answer, since ignoring it deletes the copy.
        let closable = !matches!(modal, Modal::Recovery(_));
        if response.should_close() && closable {
            keep = false;
        }
        match (recovery_choice, modal) {
            // The recovery buttons hand the offer itself over.
            (Some(restore), Modal::Recovery(offer)) => {
                action = Some(if restore {
                    ModalAction::Restore(*offer)
                } else {
                    ModalAction::Discard(*offer)
                });
            }
            (_, modal) if keep => self.modal = Some(modal),
            _ => {}
        }
        if let Some(action) = action {
            self.modal_action(action);
        }
        if self.modal.is_none() && !self.recovery_queue.is_empty() {
            self.modal = Some(Modal::Recovery(Box::new(self.recovery_queue.remove(0))));
        }
    }

    fn modal_action(&mut self, action: ModalAction) {
        match action {
            ModalAction::Run(command) => self.run(command, true),
            ModalAction::Save { then } => self.save(false, then),
            ModalAction::Overwrite { path, then } => self.save_at(path, true, then),
            ModalAction::SaveAs { then } => self.save(true, then),
            ModalAction::Reload(path) => self.open_path(&path),
            ModalAction::Restore(offer) => {
                self.session.restore(offer);
                self.after_replace();
                self.status = Some((
                    "Travail restauré depuis la copie de récupération : enregistrez-le.".into(),
                    false,
                ));
            }
            ModalAction::Discard(offer) => offer.discard(),
            ModalAction::PathChosen(purpose, path) => self.complete(purpose, path),
        }
    }
}

/// A status-bar warning when some of the organisation's clauses could not be used.
/// The getting-started guide shown by F1, above the shortcuts.
const GETTING_STARTED: [&str; 6] = [
    "Étape 1 : décrivez l’achat. Le montant suffit pour connaître la procédure, les seuils et les obligations applicables.",
    "Étape 3 : saisissez les lots comme un tableau (intitulé, Tab, montant, Entrée) ou collez-les depuis un tableur dans l’intitulé du premier lot.",
    "Étape 4 : cochez, lot par lot, les leviers sociaux ; survolez une recommandation pour en lire la raison.",
    "Étape 5 : réglez la clause d’un lot, puis « Appliquer à tous les lots » pour reprendre ses conditions ailleurs.",
    "Les constats s’affichent sous les champs et à droite : un clic mène au champ à corriger. Les erreurs bloquent l’export, pas les avertissements.",
    "Étape 7 : exportez la section en DOCX (Ctrl+E), puis « Ouvrir le document » dans la barre d’état ; relisez-la avec votre service juridique.",
];

/// A `file://` address for the system's opener (spaces and accents escaped).
fn file_url(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut url = String::from("file://");
    for byte in absolute.to_string_lossy().replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => {
                url.push(char::from(byte));
            }
            other => url.push_str(&format!("%{other:02X}")),
        }
    }
    if !url.starts_with("file:///") {
        // A Windows path (C:/…) needs the third slash.
        url.insert(7, '/');
    }
    url
}

fn library_status(session: &Session) -> Option<(String, bool)> {
    match session.library_problems.len() {
        0 => None,
        n => Some((
            format!(
                "{} dans les clauses de l’organisation : voir Bibliothèque de clauses.",
                clausier::fr::count_of(n, "problème", "problèmes")
            ),
            true,
        )),
    }
}

impl eframe::App for ClausierApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if self.modal.is_none() {
            self.shortcuts(&ctx);
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if self.session.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.modal = Some(Modal::Unsaved {
                    then: Command::Quit,
                });
            } else {
                self.session.finish();
            }
        }
        let today = self.today();
        self.session.refresh(today, &self.supply);

        if matches!(self.page, Page::Presentation | Page::QuizProjector) {
            // The projector view: nothing but the slide.
            egui::CentralPanel::default().show(ui, |ui| self.central(ui));
            self.modal(&ctx);
            self.end_frame(&ctx);
            return;
        }
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        egui::Panel::left("steps")
            .resizable(false)
            .exact_size(NAVIGATOR_WIDTH)
            .show(ui, |ui| self.navigator(ui));
        let mut central = ui.available_rect_before_wrap();
        if self.page == Page::Wizard && (self.prefs.show_preview || self.prefs.show_findings) {
            // A fixed share of the window: a resizable panel would grow to the width of its
            // scroll areas, which take all the room they are offered.
            let width = (central.width() * 0.36).clamp(320.0, 640.0);
            egui::Panel::right("side")
                .resizable(false)
                .exact_size(width)
                .show(ui, |ui| self.side_panel(ui));
            // The root layout is top-down: a right panel does not narrow what follows, so the
            // central area is bounded by hand.
            central.max.x -= width;
        }
        ui.scope_builder(egui::UiBuilder::new().max_rect(central), |ui| {
            egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        });
        self.modal(&ctx);
        self.end_frame(&ctx);
    }
}

impl ClausierApp {
    /// Commands, history, recovery copy and preferences, once the frame is drawn.
    fn end_frame(&mut self, ctx: &egui::Context) {
        let time = ctx.input(|i| i.time);
        self.session.feed_history(time);
        let commands = std::mem::take(&mut self.commands);
        if !commands.is_empty() {
            // The state changed after this frame was drawn: draw it again.
            ctx.request_repaint();
        }
        for command in commands {
            self.run(command, false);
        }
        match self.session.autosave(time) {
            Ok(_) => {}
            Err(e) => self.status = Some((format!("Copie de récupération impossible : {e}"), true)),
        }
        if self.session.copy_pending() {
            // Frames keep coming while a change waits for its copy, typing or not.
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
        if let Some(start) = self.startup_probe.take() {
            eprintln!("first frame after {} ms", start.elapsed().as_millis());
            self.allow_close = true;
        }
        if self.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if self.prefs != self.saved_prefs {
            self.apply_look(ctx);
            self.prefs.save(&self.paths);
            self.saved_prefs = self.prefs.clone();
        }
    }
}
