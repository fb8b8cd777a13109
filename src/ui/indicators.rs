//! The « Indicateurs » view: the buyer's essential data (DECP) imported, the SPASER
//! indicators against a target the buyer sets, a bar chart month by month (egui_plot), the
//! figures by nature and the contracts at the EU threshold without any social consideration.
//! The figures are the core's (`clausier::indicators`), the same as the command's.

use crate::ui::theme::{Tokens, SPACE_M, SPACE_S};
use clausier::fr::{date_longue, format_euros};
use clausier::indicators::{self, report, DecpFile, Indicators, IndicatorsReference, Options};
use clausier::model::BuyerKind;
use clausier::reference::ReferenceData;
use clausier::rules::labels;
use egui::{RichText, Ui};
use std::path::{Path, PathBuf};
use strum::IntoEnumIterator;

/// What the view asks the app to do; carried by `Command::Indicators`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorsAction {
    Import,
    Export,
}

pub struct IndicatorsView {
    pub loaded: Option<(PathBuf, DecpFile)>,
    pub year: Option<i32>,
    pub buyer: BuyerKind,
    pub target_percent: f64,
    pub error: Option<String>,
    computed: Option<(Options, Indicators)>,
}

impl Default for IndicatorsView {
    fn default() -> Self {
        IndicatorsView {
            loaded: None,
            year: None,
            buyer: BuyerKind::LocalAuthority,
            target_percent: IndicatorsReference::bundled().target_percent.value,
            error: None,
            computed: None,
        }
    }
}

impl IndicatorsView {
    fn options(&self) -> Options {
        Options {
            year: self.year,
            buyer: self.buyer,
            target_percent: self.target_percent,
        }
    }

    /// Reads `path`; the data shown before stays when it cannot be read. The year shown
    /// becomes the latest of the file.
    pub fn import(&mut self, path: &Path) -> (String, bool) {
        match indicators::decp::read_file(path) {
            Ok(file) => {
                let message = format!(
                    "Données essentielles importées : {} ({}).",
                    path.display(),
                    clausier::fr::count_of(file.contracts.len(), "contrat", "contrats")
                );
                self.year = years(&file).last().copied();
                self.loaded = Some((path.to_path_buf(), file));
                self.computed = None;
                self.error = None;
                (message, false)
            }
            Err(e) => {
                self.error = Some(e);
                (
                    "Données essentielles illisibles : les précédentes sont conservées (voir la vue Indicateurs).".into(),
                    true,
                )
            }
        }
    }

    /// The indicators for the options chosen, recomputed only when they change.
    pub fn indicators(&mut self) -> Option<&Indicators> {
        let (_, file) = self.loaded.as_ref()?;
        let options = self.options();
        if self.computed.as_ref().is_none_or(|(o, _)| *o != options) {
            let computed = indicators::compute(file, options, ReferenceData::bundled());
            self.computed = Some((options, computed));
        }
        self.computed.as_ref().map(|(_, i)| i)
    }

    pub fn export(&mut self, path: &Path) -> (String, bool) {
        let Some((source, _)) = &self.loaded else {
            return ("Importez d’abord des données essentielles.".into(), true);
        };
        if clausier::util::is_same_file(path, source) {
            return (
                "Le rapport ne peut pas remplacer les données qu’il analyse : choisissez un autre fichier.".into(),
                true,
            );
        }
        self.indicators();
        let (Some((_, file)), Some((_, ind))) = (&self.loaded, &self.computed) else {
            return ("Importez d’abord des données essentielles.".into(), true);
        };
        let written = indicators::document(file, ind)
            .and_then(|doc| clausier::export::docx::to_docx(&doc))
            .and_then(|bytes| clausier::util::write_atomically(path, &bytes));
        match written {
            Ok(()) => (format!("Rapport exporté : {}", path.display()), false),
            Err(e) => (format!("Export impossible : {e}"), true),
        }
    }
}

/// The years of notification present in the file, in order.
fn years(file: &DecpFile) -> Vec<i32> {
    use chrono::Datelike;
    let mut years: Vec<i32> = file
        .contracts
        .iter()
        .filter_map(|c| c.notified.map(|d| d.year()))
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

pub fn show(ui: &mut Ui, view: &mut IndicatorsView, commands: &mut Vec<crate::ui::app::Command>) {
    use crate::ui::app::Command;
    ui.heading("Indicateurs des achats socialement responsables");
    ui.label("Importez les données essentielles de vos marchés (fichier DECP au format JSON, tel que publié) : Clausier compte les contrats et leur valeur avec une clause sociale, un critère social ou une réservation, les compare à votre cible et signale les contrats au seuil européen sans considération sociale.");
    ui.add_space(SPACE_S);
    ui.horizontal_wrapped(|ui| {
        if ui.button("Importer des données essentielles…").clicked() {
            commands.push(Command::Indicators(IndicatorsAction::Import));
        }
        if ui
            .add_enabled(
                view.loaded.is_some(),
                egui::Button::new("Exporter le rapport (DOCX)…"),
            )
            .clicked()
        {
            commands.push(Command::Indicators(IndicatorsAction::Export));
        }
    });
    if let Some(error) = &view.error {
        ui.colored_label(Tokens::of(ui).error, error);
    }
    let Some((_, file)) = &view.loaded else {
        ui.add_space(SPACE_M);
        ui.label("Formes acceptées : {\"marches\": {\"marche\": [...]}} (format réglementaire), {\"marches\": [...]} (fichiers consolidés) ou une simple liste de marchés.");
        return;
    };
    let years = years(file);
    ui.label(
        RichText::new(format!(
            "{} — {}, {}{}.",
            file.file_name,
            file.form.describe(),
            clausier::fr::count_of(file.contracts.len(), "contrat", "contrats"),
            if file.issue_count > 0 {
                format!(
                    ", {} de lecture",
                    clausier::fr::count_of(file.issue_count, "remarque", "remarques")
                )
            } else {
                String::new()
            }
        ))
        .small(),
    );
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Année :");
        let shown = view.year.map_or("toutes".to_string(), |y| y.to_string());
        egui::ComboBox::from_id_salt("indicators-year")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.year, None, "toutes");
                for y in &years {
                    ui.selectable_value(&mut view.year, Some(*y), y.to_string());
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Acheteur :");
        egui::ComboBox::from_id_salt("indicators-buyer")
            .selected_text(labels::buyer_kind(view.buyer))
            .show_ui(ui, |ui| {
                for kind in BuyerKind::iter() {
                    ui.selectable_value(&mut view.buyer, kind, labels::buyer_kind(kind));
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Cible (% des contrats) :");
        ui.add(
            egui::DragValue::new(&mut view.target_percent)
                .range(0.0..=100.0)
                .speed(0.5)
                .fixed_decimals(0)
                .suffix(" %"),
        )
        .labelled_by(label.id);
    });
    let reference = IndicatorsReference::bundled();
    let target = view.target_percent;
    if view.indicators().is_none() {
        return;
    }
    let (Some((_, file)), Some((_, ind))) = (&view.loaded, &view.computed) else {
        return;
    };
    ui.label(
        RichText::new(report::target_note(&reference.target_percent, target))
            .small()
            .italics(),
    );
    ui.add_space(SPACE_S);
    for sentence in report::sentences(file, ind) {
        ui.label(crate::ui::widgets::on_screen(&sentence));
    }
    egui::ScrollArea::vertical()
        .id_salt("indicators-body")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            chart(ui, ind);
            ui.add_space(SPACE_M);
            by_nature(ui, ind);
            ui.add_space(SPACE_M);
            missing(ui, ind);
            if file.issue_count > 0 {
                ui.add_space(SPACE_M);
                egui::CollapsingHeader::new(format!("Remarques de lecture ({})", file.issue_count))
                    .id_salt("indicators-issues")
                    .show(ui, |ui| {
                        for i in &file.issues {
                            ui.label(format!(
                                "Contrat n° {} {} : {}",
                                i.position, i.id, i.message
                            ));
                        }
                    });
            }
        });
}

fn chart(ui: &mut Ui, ind: &Indicators) {
    use egui_plot::{Bar, BarChart, HLine, Legend, Plot};
    let bars = indicators::chart::bars(ind);
    if bars.is_empty() {
        return;
    }
    ui.label(
        RichText::new("Part des contrats notifiés avec une considération sociale, par mois")
            .strong(),
    );
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    let tokens = Tokens::of(ui);
    let chart = BarChart::new(
        "Part des contrats",
        bars.iter()
            .enumerate()
            .map(|(i, b)| {
                Bar::new(i as f64, b.share)
                    .width(0.7)
                    .fill(tokens.info)
                    .name(format!(
                        "{} : {}",
                        b.label,
                        clausier::fr::count_of(b.contracts, "contrat", "contrats")
                    ))
            })
            .collect(),
    )
    .color(tokens.info);
    let target = ind.options.target_percent;
    let response = Plot::new("indicators-plot")
        .height(240.0)
        .legend(Legend::default())
        .include_y(0.0)
        .include_y(100.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .y_axis_label("% des contrats")
        .x_axis_formatter(move |mark, _range| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < labels.len() {
                labels[i as usize].clone()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(chart);
            plot.hline(HLine::new("Cible", target).color(tokens.error).width(2.0));
        });
    response.response.on_hover_text(report::chart_alt(ind));
}

fn by_nature(ui: &mut Ui, ind: &Indicators) {
    ui.label(RichText::new("Par nature").strong());
    egui::Grid::new("indicators-natures")
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for h in [
                "Nature",
                "Contrats",
                "Valeur HT",
                "Clause",
                "Critère",
                "Réservé",
                "Aucune",
                "Non renseigné",
                "Part (nombre)",
                "Part (valeur)",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            let row = |ui: &mut Ui, name: String, b: &indicators::Breakdown| {
                ui.label(name);
                ui.label(b.total.count.to_string());
                ui.label(format_euros(b.total.cents));
                ui.label(b.clause.count.to_string());
                ui.label(b.criterion.count.to_string());
                ui.label(b.reserved.count.to_string());
                ui.label(b.none.count.to_string());
                ui.label(b.unknown.count.to_string());
                ui.label(report::percent_text(b.share_count(b.any)));
                ui.label(report::percent_text(b.share_value(b.any)));
                ui.end_row();
            };
            for (n, b) in ind.natures() {
                row(
                    ui,
                    n.map_or("Indéterminée".into(), |n| {
                        clausier::fr::capitalized(labels::nature(n))
                    }),
                    b,
                );
            }
            row(ui, "Ensemble".into(), &ind.all);
        });
}

fn missing(ui: &mut Ui, ind: &Indicators) {
    ui.label(
        RichText::new(format!(
            "Contrats au seuil européen notifiés depuis le {} sans considération sociale : {}",
            date_longue(ind.mandatory_from),
            ind.missing.len()
        ))
        .strong(),
    );
    if ind.missing.is_empty() {
        return;
    }
    ui.label(RichText::new("L’obligation vaut pour les consultations engagées depuis cette date : vérifiez la date de lancement de chacun et l’exception éventuellement consignée.").small());
    egui::Grid::new("indicators-missing")
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for h in [
                "N°",
                "Identifiant",
                "Objet",
                "Notifié le",
                "Montant HT",
                "Données publiées",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for m in ind.missing.iter().take(500) {
                ui.label(m.position.to_string());
                ui.label(&m.id);
                ui.add_sized([280.0, 18.0], egui::Label::new(&m.object).truncate());
                ui.label(m.notified.format("%d/%m/%Y").to_string());
                ui.label(format_euros(m.amount_cents));
                ui.label(if m.declared_none {
                    "« pas de considération sociale »"
                } else {
                    "non renseigné"
                });
                ui.end_row();
            }
        });
    if ind.missing.len() > 500 {
        ui.label(format!(
            "… et {} : la liste complète est dans le rapport DOCX.",
            clausier::fr::count_of(ind.missing.len() - 500, "autre", "autres")
        ));
    }
}
