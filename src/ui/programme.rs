//! The « Programme d'achats » view: a buyer's programme imported from a table, each line with
//! its procedure, its 2026 obligations, the advised lever and its hours; sorted, filtered,
//! grouped by nature or by service; a line opened as a project in the wizard; the report
//! exported. The judgement is the core's (`clausier::programme`), the same as the command's.

use crate::ui::theme::{Tokens, SPACE_M, SPACE_S};
use chrono::NaiveDate;
use clausier::fr::{format_euros, format_hours};
use clausier::model::BuyerKind;
use clausier::programme::{self, report, LineAssessment, Programme, ProgrammeAssessment};
use clausier::reference::ReferenceData;
use clausier::rules::{labels, Regime};
use clausier::supply::SupplyPack;
use egui::{RichText, Ui};
use std::path::{Path, PathBuf};
use strum::IntoEnumIterator;

/// What the view asks the app to do; carried by `Command::Programme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgrammeAction {
    /// Choose a programme file and read it.
    Import,
    /// Write the report (DOCX, or XLSX when `true`).
    Export { xlsx: bool },
    /// Open the line of this number as a new project in the wizard.
    CreateProject(u64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    None,
    Nature,
    Service,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    All,
    SocialCondition,
    Clauses,
    SmallPurchases,
    Errors,
}

impl Shown {
    fn label(self) -> &'static str {
        match self {
            Shown::All => "Toutes les lignes",
            Shown::SocialCondition => "Condition sociale obligatoire",
            Shown::Clauses => "Clause d’insertion conseillée",
            Shown::SmallPurchases => "Petits achats",
            Shown::Errors => "Lignes à corriger",
        }
    }

    fn keeps(self, line: &LineAssessment) -> bool {
        let v = line.verdict.as_ref().ok();
        match self {
            Shown::All => true,
            Shown::SocialCondition => v.is_some_and(|v| v.social_condition_required),
            Shown::Clauses => v.is_some_and(|v| v.hours.is_some()),
            Shown::SmallPurchases => v.is_some_and(|v| v.small_purchase),
            Shown::Errors => v.is_none(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Line,
    Amount,
    Date,
    Procedure,
    Title,
}

impl SortKey {
    fn label(self) -> &'static str {
        match self {
            SortKey::Line => "N° de ligne",
            SortKey::Amount => "Montant",
            SortKey::Date => "Date de lancement",
            SortKey::Procedure => "Procédure",
            SortKey::Title => "Intitulé",
        }
    }
}

/// A programme read and assessed.
pub struct Loaded {
    pub path: PathBuf,
    pub file: Programme,
    pub assessment: ProgrammeAssessment,
}

pub struct ProgrammeView {
    pub loaded: Option<Loaded>,
    pub buyer: BuyerKind,
    pub filter: String,
    pub grouping: Grouping,
    pub shown: Shown,
    pub sort: SortKey,
    pub descending: bool,
    /// The line whose reasons are shown under the table.
    pub selected: Option<u64>,
    /// Why the last file could not be read.
    pub error: Option<String>,
}

impl Default for ProgrammeView {
    fn default() -> Self {
        ProgrammeView {
            loaded: None,
            buyer: BuyerKind::LocalAuthority,
            filter: String::new(),
            grouping: Grouping::None,
            shown: Shown::All,
            sort: SortKey::Line,
            descending: false,
            selected: None,
            error: None,
        }
    }
}

impl ProgrammeView {
    /// Reads and assesses `path`; the programme shown before stays when the file cannot be
    /// read. Returns the status-bar message and whether it reports a failure.
    pub fn import(
        &mut self,
        path: &Path,
        today: NaiveDate,
        pack: Option<&SupplyPack>,
    ) -> (String, bool) {
        match programme::read_file(path) {
            Ok(file) => {
                let assessment =
                    programme::assess(&file, self.buyer, today, ReferenceData::bundled(), pack);
                let message = format!(
                    "Programme importé : {} ({}, {} à corriger).",
                    path.display(),
                    clausier::fr::count_of(assessment.summary.lines, "ligne", "lignes"),
                    assessment.summary.errors
                );
                self.loaded = Some(Loaded {
                    path: path.to_path_buf(),
                    file,
                    assessment,
                });
                self.error = None;
                self.selected = None;
                (message, false)
            }
            Err(e) => {
                self.error = Some(e);
                (
                    "Programme illisible : le précédent est conservé (voir la vue Programme d’achats).".into(),
                    true,
                )
            }
        }
    }

    /// Judges the lines again, after the buyer's kind changed.
    fn reassess(&mut self, today: NaiveDate, pack: Option<&SupplyPack>) {
        if let Some(loaded) = &mut self.loaded {
            loaded.assessment = programme::assess(
                &loaded.file,
                self.buyer,
                today,
                ReferenceData::bundled(),
                pack,
            );
        }
    }

    /// The project of line `line`, as the command builds it.
    pub fn project_of(&self, line: u64) -> Option<clausier::model::Project> {
        let loaded = self.loaded.as_ref()?;
        let purchase = loaded.file.purchases().find(|p| p.line == line)?;
        Some(programme::project_for(
            purchase,
            self.buyer,
            ReferenceData::bundled(),
        ))
    }

    /// Writes the report; returns the status-bar message and whether it reports a failure.
    pub fn export(&self, path: &Path, xlsx: bool) -> (String, bool) {
        let Some(loaded) = &self.loaded else {
            return ("Importez d’abord un programme d’achats.".into(), true);
        };
        if clausier::util::is_same_file(path, &loaded.path) {
            return (
                "Le rapport ne peut pas remplacer le programme qu’il analyse : choisissez un autre fichier.".into(),
                true,
            );
        }
        let bytes = if xlsx {
            report::to_xlsx(&loaded.assessment)
        } else {
            clausier::export::docx::to_docx(&report::document(
                &loaded.assessment,
                &loaded.file.file_name,
                &loaded.file.columns_text(),
            ))
        };
        match bytes.and_then(|b| clausier::util::write_atomically(path, &b)) {
            Ok(()) => (format!("Rapport exporté : {}", path.display()), false),
            Err(e) => (format!("Export impossible : {e}"), true),
        }
    }

    /// The lines shown, filtered and sorted.
    fn visible(&self) -> Vec<&LineAssessment> {
        let Some(loaded) = &self.loaded else {
            return Vec::new();
        };
        let needle = clausier::fr::fold_for_search(self.filter.trim());
        let mut lines: Vec<&LineAssessment> = loaded
            .assessment
            .lines
            .iter()
            .filter(|l| self.shown.keeps(l))
            .filter(|l| {
                needle.is_empty()
                    || clausier::fr::fold_for_search(&format!("{} {}", l.title, l.service))
                        .contains(&needle)
            })
            .collect();
        let rank = |r: Option<Regime>| match r {
            Some(Regime::Formalised) => 0,
            Some(Regime::Adapted) => 1,
            Some(Regime::NoPublicity) => 2,
            None => 3,
        };
        match self.sort {
            SortKey::Line => lines.sort_by_key(|l| l.line),
            SortKey::Amount => lines.sort_by_key(|l| (l.amount_cents().unwrap_or(-1), l.line)),
            SortKey::Date => {
                lines.sort_by_key(|l| (l.verdict.as_ref().ok().map(|v| v.date), l.line));
            }
            SortKey::Procedure => {
                lines.sort_by_key(|l| (rank(l.verdict.as_ref().ok().map(|v| v.regime)), l.line));
            }
            SortKey::Title => {
                lines.sort_by_key(|l| (clausier::fr::fold_for_search(&l.title), l.line));
            }
        }
        if self.descending {
            lines.reverse();
        }
        lines
    }
}

/// A row of the table: a group's heading, or a line.
enum Row<'a> {
    Group(String),
    Line(&'a LineAssessment),
}

fn labelled_combo(
    ui: &mut Ui,
    label: &str,
    id: &str,
    selected: &str,
    contents: impl FnOnce(&mut Ui),
) {
    let label = ui.label(label);
    let combo = egui::ComboBox::from_id_salt(id)
        .selected_text(selected)
        .show_ui(ui, contents);
    combo.response.labelled_by(label.id);
}

pub fn show(
    ui: &mut Ui,
    view: &mut ProgrammeView,
    today: NaiveDate,
    pack: Option<&SupplyPack>,
    commands: &mut Vec<crate::ui::app::Command>,
) {
    use crate::ui::app::Command;
    ui.heading("Programme d’achats");
    ui.label("Importez le programme prévisionnel des achats (CSV ou tableur, une ligne par achat) : chaque ligne reçoit sa procédure, les obligations de 2026, le levier social conseillé avec sa raison et les heures d’insertion, selon les mêmes règles que l’assistant.");
    ui.add_space(SPACE_S);
    ui.horizontal_wrapped(|ui| {
        if ui.button("Importer un programme…").clicked() {
            commands.push(Command::Programme(ProgrammeAction::Import));
        }
        let has = view.loaded.is_some();
        if ui
            .add_enabled(has, egui::Button::new("Exporter le rapport (DOCX)…"))
            .clicked()
        {
            commands.push(Command::Programme(ProgrammeAction::Export { xlsx: false }));
        }
        if ui
            .add_enabled(has, egui::Button::new("Exporter le tableau (XLSX)…"))
            .clicked()
        {
            commands.push(Command::Programme(ProgrammeAction::Export { xlsx: true }));
        }
        ui.separator();
        let before = view.buyer;
        labelled_combo(
            ui,
            "Acheteur :",
            "programme-buyer",
            labels::buyer_kind(view.buyer),
            |ui| {
                for kind in BuyerKind::iter() {
                    ui.selectable_value(&mut view.buyer, kind, labels::buyer_kind(kind));
                }
            },
        );
        if view.buyer != before {
            view.reassess(today, pack);
        }
    });
    if let Some(error) = &view.error {
        ui.colored_label(Tokens::of(ui).error, error);
    }
    let Some(loaded) = &view.loaded else {
        ui.add_space(SPACE_M);
        ui.label("Colonnes reconnues, quels que soient la casse et les accents : intitulé (ou objet, libellé), nature (travaux, fournitures, services, FCS, PI…), montant HT (ou estimation, budget), date de lancement, code CPV, durée en mois, lieu d’exécution, service (ou direction). La ligne d’en-tête peut être précédée de titres.");
        return;
    };
    ui.label(
        RichText::new(format!(
            "{} — {}, en-tête ligne {} ; colonnes reconnues : {}.",
            loaded.file.file_name,
            loaded.file.format.describe(),
            loaded.file.header_line,
            loaded.file.columns_text()
        ))
        .small(),
    );
    if let Some(citation) = &loaded.assessment.supply_citation {
        ui.label(RichText::new(format!("Offre locale {citation}.")).small());
    }
    ui.add_space(SPACE_S);
    for sentence in loaded.assessment.summary.sentences() {
        ui.label(crate::ui::widgets::on_screen(&sentence));
    }
    ui.add_space(SPACE_S);
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Rechercher :");
        ui.add(
            egui::TextEdit::singleline(&mut view.filter)
                .hint_text("intitulé ou service")
                .desired_width(180.0),
        )
        .labelled_by(label.id);
        labelled_combo(
            ui,
            "Afficher :",
            "programme-shown",
            view.shown.label(),
            |ui| {
                for s in [
                    Shown::All,
                    Shown::SocialCondition,
                    Shown::Clauses,
                    Shown::SmallPurchases,
                    Shown::Errors,
                ] {
                    ui.selectable_value(&mut view.shown, s, s.label());
                }
            },
        );
        let grouping = match view.grouping {
            Grouping::None => "sans regroupement",
            Grouping::Nature => "nature",
            Grouping::Service => "service",
        };
        labelled_combo(ui, "Regrouper par :", "programme-group", grouping, |ui| {
            ui.selectable_value(&mut view.grouping, Grouping::None, "sans regroupement");
            ui.selectable_value(&mut view.grouping, Grouping::Nature, "nature");
            ui.selectable_value(&mut view.grouping, Grouping::Service, "service");
        });
        labelled_combo(
            ui,
            "Trier par :",
            "programme-sort",
            view.sort.label(),
            |ui| {
                for key in [
                    SortKey::Line,
                    SortKey::Amount,
                    SortKey::Date,
                    SortKey::Procedure,
                    SortKey::Title,
                ] {
                    ui.selectable_value(&mut view.sort, key, key.label());
                }
            },
        );
        ui.checkbox(&mut view.descending, "ordre décroissant");
    });
    ui.add_space(SPACE_S);
    table(ui, view, commands);
}

const ROW_HEIGHT: f32 = 24.0;
const HEADERS: [&str; 8] = [
    "N°",
    "Achat",
    "Montant HT",
    "Procédure",
    "Obligations 2026",
    "Levier conseillé",
    "Heures",
    "",
];

/// Widths of the columns (n°, purchase, amount, procedure, obligations, lever, hours,
/// action) for the room there is: the fixed ones first, the text ones share the rest.
fn widths(available: f32) -> [f32; 8] {
    let fixed = [40.0, 110.0, 80.0, 120.0];
    let spacing = 8.0 * 8.0;
    let rest = (available - fixed.iter().sum::<f32>() - spacing).max(400.0);
    [
        fixed[0],
        rest * 0.32,
        fixed[1],
        rest * 0.15,
        rest * 0.18,
        rest * 0.35,
        fixed[2],
        fixed[3],
    ]
}

fn cell(ui: &mut Ui, width: f32, text: impl Into<egui::WidgetText>) -> egui::Response {
    ui.allocate_ui_with_layout(
        egui::vec2(width, ROW_HEIGHT),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_width(width);
            ui.add(egui::Label::new(text).truncate())
        },
    )
    .inner
}

fn short_regime(regime: Regime) -> &'static str {
    match regime {
        Regime::Formalised => "Formalisée",
        Regime::Adapted => "Adaptée",
        Regime::NoPublicity => "Sans publicité",
    }
}

fn short_obligations(line: &LineAssessment) -> &'static str {
    let Ok(v) = &line.verdict else {
        return "";
    };
    match (
        v.social_condition_required,
        v.environmental_condition_required,
    ) {
        (true, true) => "Sociale, environnementale",
        (true, false) => "Sociale",
        (false, true) => "Environnementale",
        (false, false) => "—",
    }
}

fn table(ui: &mut Ui, view: &mut ProgrammeView, commands: &mut Vec<crate::ui::app::Command>) {
    let lines = view.visible();
    let mut rows: Vec<Row> = Vec::with_capacity(lines.len() + 8);
    match view.grouping {
        Grouping::None => rows.extend(lines.iter().map(|l| Row::Line(l))),
        Grouping::Nature | Grouping::Service => {
            let key = |l: &LineAssessment| match view.grouping {
                Grouping::Nature => l.nature().map_or("Lignes à corriger".to_string(), |n| {
                    clausier::fr::capitalized(labels::nature(n))
                }),
                _ => {
                    if l.service.is_empty() {
                        "Service non indiqué".to_string()
                    } else {
                        l.service.clone()
                    }
                }
            };
            let mut groups: Vec<(String, Vec<&LineAssessment>)> = Vec::new();
            for l in &lines {
                let k = key(l);
                match groups.iter_mut().find(|(g, _)| *g == k) {
                    Some((_, members)) => members.push(l),
                    None => groups.push((k, vec![l])),
                }
            }
            groups.sort_by_key(|(name, _)| clausier::fr::fold_for_search(name));
            for (name, members) in groups {
                let total: i64 = members.iter().filter_map(|l| l.amount_cents()).sum();
                rows.push(Row::Group(format!(
                    "{name} — {}, {} HT",
                    clausier::fr::count_of(members.len(), "ligne", "lignes"),
                    format_euros(total)
                )));
                rows.extend(members.into_iter().map(Row::Line));
            }
        }
    }
    let tokens = Tokens::of(ui);
    let widths = widths(ui.available_width());
    ui.horizontal(|ui| {
        for (w, h) in widths.iter().zip(HEADERS) {
            cell(ui, *w, RichText::new(h).strong());
        }
    });
    ui.separator();
    let mut clicked: Option<u64> = None;
    let detail_height = if view.selected.is_some() { 170.0 } else { 0.0 };
    egui::ScrollArea::vertical()
        .id_salt("programme-lines")
        .max_height((ui.available_height() - detail_height).max(120.0))
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, rows.len(), |ui, range| {
            for row in &rows[range] {
                match row {
                    Row::Group(title) => {
                        ui.horizontal(|ui| {
                            ui.set_height(ROW_HEIGHT);
                            ui.label(RichText::new(title).strong());
                        });
                    }
                    Row::Line(l) => {
                        ui.horizontal(|ui| {
                            let selected = view.selected == Some(l.line);
                            let number = ui.allocate_ui_with_layout(
                                egui::vec2(widths[0], ROW_HEIGHT),
                                egui::Layout::left_to_right(egui::Align::Center),
                                |ui| {
                                    ui.set_width(widths[0]);
                                    ui.selectable_label(selected, l.line.to_string())
                                        .on_hover_text("Afficher le détail de la ligne")
                                },
                            );
                            if number.inner.clicked() {
                                clicked = Some(l.line);
                            }
                            let title = if l.service.is_empty() {
                                l.title.clone()
                            } else {
                                format!("{} ({})", l.title, l.service)
                            };
                            cell(ui, widths[1], title.as_str()).on_hover_text(title.as_str());
                            cell(
                                ui,
                                widths[2],
                                l.amount_cents().map_or(String::new(), format_euros),
                            );
                            match &l.verdict {
                                Ok(v) => {
                                    cell(ui, widths[3], short_regime(v.regime))
                                        .on_hover_text(report::procedure_text(l));
                                    cell(ui, widths[4], short_obligations(l))
                                        .on_hover_text(report::obligations_text(l));
                                    let first = &v.levers[0];
                                    let mut lever = RichText::new(report::levers_text(l));
                                    if first.warning.is_some() {
                                        lever = lever.color(tokens.warning);
                                    }
                                    cell(ui, widths[5], lever).on_hover_text(&first.reason);
                                    cell(
                                        ui,
                                        widths[6],
                                        v.hours.map_or(String::new(), format_hours),
                                    );
                                    if ui
                                        .button("Créer le projet")
                                        .on_hover_text("Ouvrir cet achat dans l’assistant, prérempli (non enregistré)")
                                        .clicked()
                                    {
                                        commands.push(crate::ui::app::Command::Programme(
                                            ProgrammeAction::CreateProject(l.line),
                                        ));
                                    }
                                }
                                Err(e) => {
                                    let w = widths[3] + widths[4] + widths[5] + widths[6];
                                    cell(
                                        ui,
                                        w,
                                        RichText::new(format!("À corriger : {e}"))
                                            .color(tokens.error),
                                    )
                                    .on_hover_text(e.as_str());
                                }
                            }
                        });
                    }
                }
            }
        });
    if let Some(line) = clicked {
        view.selected = if view.selected == Some(line) {
            None
        } else {
            Some(line)
        };
    }
    detail(ui, view);
}

/// The reasons of the selected line, in full.
fn detail(ui: &mut Ui, view: &ProgrammeView) {
    let (Some(line), Some(loaded)) = (view.selected, &view.loaded) else {
        return;
    };
    let Some(l) = loaded.assessment.lines.iter().find(|l| l.line == line) else {
        return;
    };
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("programme-detail")
        .max_height(160.0)
        .show(ui, |ui| {
            ui.label(RichText::new(format!("Ligne {} — {}", l.line, l.title)).strong());
            match &l.verdict {
                Ok(v) => {
                    ui.label(format!(
                        "{} ; obligations de 2026 : {} ; règles au {} ; métier de référence : {}.",
                        report::procedure_text(l),
                        report::obligations_text(l),
                        clausier::fr::date_longue(v.date),
                        v.trade_label
                    ));
                    for lever in &v.levers {
                        ui.label(format!("{} : {}", lever.text, lever.reason));
                        if let Some(e) = &lever.evidence {
                            ui.label(format!("Offre locale : {e}"));
                        }
                        if let Some(w) = &lever.warning {
                            ui.colored_label(Tokens::of(ui).warning, w);
                        }
                    }
                    if let Some(p) = &l.purchase {
                        for note in &p.notes {
                            ui.label(RichText::new(format!("Lecture : {note}.")).italics());
                        }
                    }
                }
                Err(e) => {
                    ui.colored_label(Tokens::of(ui).error, e);
                }
            }
        });
}
