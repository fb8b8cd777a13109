//! « Comparer » : the need as designed and with the trainer's changes, side by side — hours,
//! findings, notice codes and the text, differences marked.

use super::{what_if_panel, Source, Trainer};
use crate::ui::theme::{Tokens, SPACE_S};
use chrono::NaiveDate;
use clausier::clauses::ClauseLibrary;
use clausier::fr::format_hours;
use clausier::model::Project;
use clausier::rules::Severity;
use clausier::training::compare::{Comparison, TextRow};
use egui::{Color32, RichText, Ui};

pub fn show(
    ui: &mut Ui,
    trainer: &mut Trainer,
    current: &Project,
    today: NaiveDate,
    library: &ClauseLibrary,
    full_text: &mut bool,
) {
    ui.heading("Comparer deux choix");
    ui.label("À gauche, le cas tel que conçu ; à droite, le même besoin avec les changements choisis ici. Texte, heures, constats et codes de l’avis sont recalculés par les mêmes règles que pour une vraie consultation.");
    ui.horizontal(|ui| {
        let label = ui.label("Cas comparé :");
        let current_title = match &trainer.source {
            Source::CurrentProject => "Projet ouvert dans l’assistant".to_string(),
            Source::Scenario(id) => trainer
                .scenario(id)
                .map_or(id.clone(), |s| s.title().to_string()),
        };
        let mut chosen = None;
        let combo = egui::ComboBox::from_id_salt("compare-source")
            .selected_text(current_title)
            .width(420.0)
            .show_ui(ui, |ui| {
                for s in &trainer.scenarios {
                    if ui
                        .selectable_label(
                            trainer.source == Source::Scenario(s.id.clone()),
                            s.title(),
                        )
                        .clicked()
                    {
                        chosen = Some(Source::Scenario(s.id.clone()));
                    }
                }
                if ui
                    .selectable_label(
                        trainer.source == Source::CurrentProject,
                        "Projet ouvert dans l’assistant",
                    )
                    .clicked()
                {
                    chosen = Some(Source::CurrentProject);
                }
            });
        combo.response.labelled_by(label.id);
        if let Some(source) = chosen {
            trainer.set_source(source);
        }
    });
    let Some(base) = trainer.base(current).cloned() else {
        return;
    };
    ui.separator();
    // The lots' choices take at most two fifths of the height, the results (summary, findings and
    // text, scrolling together) the rest: at 768 px the text's differences had 90 px, under
    // the choices and the summary (review P19).
    let lots_height = (ui.available_height() * CHOICES_SHARE - 80.0).max(MIN_LOTS_HEIGHT);
    egui::CollapsingHeader::new(RichText::new("Et si… ? Les choix à comparer").strong())
        .id_salt("compare-controls")
        .default_open(true)
        .show(ui, |ui| {
            what_if_panel::controls(ui, trainer, &base, lots_height);
        });
    ui.separator();
    let Some(comparison) = trainer.comparison(current, today, library) else {
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("compare-results")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if trainer_unchanged(comparison) {
                ui.label(RichText::new("Aucun changement : choisissez un autre levier pour un lot, ou un marché unique, pour voir ce qui change.").italics());
            }
            summary(ui, comparison);
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!(
                        "Texte de la section : {}",
                        clausier::fr::count_of(
                            comparison.changed_paragraphs(),
                            "paragraphe modifié",
                            "paragraphes modifiés"
                        )
                    ))
                    .strong(),
                );
                ui.checkbox(full_text, "Afficher le texte complet");
            });
            text(ui, &comparison.text, *full_text);
        });
}

/// Share of the view's height the choices may take; their list of lots scrolls within it.
const CHOICES_SHARE: f32 = 0.4;
const MIN_LOTS_HEIGHT: f32 = 120.0;

fn trainer_unchanged(c: &Comparison) -> bool {
    c.left.project == c.right.project
}

fn summary(ui: &mut Ui, c: &Comparison) {
    egui::Grid::new("compare-summary")
        .num_columns(3)
        .striped(true)
        .spacing([24.0, 4.0])
        .show(ui, |ui| {
            ui.label("");
            ui.label(RichText::new(&c.left.label).strong());
            ui.label(RichText::new(&c.right.label).strong());
            ui.end_row();
            row(
                ui,
                "Heures d’insertion",
                format_hours(c.left.total_hours()),
                format_hours(c.right.total_hours()),
            );
            let counts = |s: &clausier::training::compare::Side| {
                format!(
                    "{}, {}",
                    clausier::fr::count_of(
                        s.evaluation.count(Severity::Error),
                        "erreur",
                        "erreurs"
                    ),
                    clausier::fr::count_of(
                        s.evaluation.count(Severity::Warning),
                        "avertissement",
                        "avertissements"
                    )
                )
            };
            row(ui, "Constats", counts(&c.left), counts(&c.right));
            row(
                ui,
                "Procédure",
                c.left.evaluation.procedure.regime.label().to_string(),
                c.right.evaluation.procedure.regime.label().to_string(),
            );
            row(
                ui,
                "DECP : considérations sociales",
                c.left.decp.social.join(", "),
                c.right.decp.social.join(", "),
            );
            let lots = c.left.eforms.lots.len().max(c.right.eforms.lots.len());
            for i in 0..lots {
                let (l, r) = (c.left.eforms.lots.get(i), c.right.eforms.lots.get(i));
                let codes = |lot: Option<&clausier::rules::notice::EformsLot>| {
                    lot.map_or("—".to_string(), |lot| {
                        format!(
                            "BT-06 {} ; BT-71 {} ; BT-775 {}",
                            lot.strategic.join(", "),
                            lot.reserved_participation,
                            if lot.social_objectives.is_empty() {
                                "—".to_string()
                            } else {
                                lot.social_objectives.join(", ")
                            }
                        )
                    })
                };
                let (left, right) = (codes(l), codes(r));
                if left != right {
                    let id = l.or(r).map_or(String::new(), |lot| lot.lot_id.clone());
                    row(ui, &format!("eForms {id}"), left, right);
                }
            }
        });
    if !c.findings.is_empty() {
        ui.add_space(SPACE_S);
        ui.label(RichText::new("Constats qui changent").strong());
        for f in &c.findings {
            let verb = if f.appears { "Apparaît" } else { "Disparaît" };
            ui.colored_label(
                Tokens::of(ui).severity(f.severity),
                format!(
                    "{verb} — {} : {}",
                    clausier::fr::capitalized(f.severity.label()),
                    f.message
                ),
            );
        }
    }
}

fn row(ui: &mut Ui, label: &str, left: String, right: String) {
    let changed = left != right;
    ui.label(label);
    ui.label(left);
    if changed {
        ui.label(RichText::new(right).strong());
    } else {
        ui.label(right);
    }
    ui.end_row();
}

fn text(ui: &mut Ui, rows: &[TextRow], full: bool) {
    let tokens = Tokens::of(ui);
    let (removed, added) = (tokens.diff_removed, tokens.diff_added);
    let column = (ui.available_width() - 24.0) / 2.0;
    let mut hidden = 0;
    for r in rows {
        if !full && !r.changed {
            hidden += 1;
            continue;
        }
        if hidden > 0 {
            ui.label(RichText::new(identical(hidden)).weak());
            hidden = 0;
        }
        ui.horizontal_top(|ui| {
            cell(ui, r.left.as_deref(), r.changed, removed, column);
            cell(ui, r.right.as_deref(), r.changed, added, column);
        });
    }
    if hidden > 0 {
        ui.label(RichText::new(identical(hidden)).weak());
    }
}

fn cell(ui: &mut Ui, text: Option<&str>, changed: bool, fill: Color32, width: f32) {
    let frame = egui::Frame::new()
        .inner_margin(4.0)
        .fill(if changed && text.is_some() {
            fill
        } else {
            Color32::TRANSPARENT
        });
    frame.show(ui, |ui| {
        ui.set_width(width - 8.0);
        ui.add(egui::Label::new(text.unwrap_or("")).wrap());
    });
}

fn identical(hidden: usize) -> String {
    format!(
        "… {} …",
        clausier::fr::count_of(hidden, "paragraphe identique", "paragraphes identiques")
    )
}
