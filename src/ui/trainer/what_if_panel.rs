//! The « Et si… ? » toggles shared by the comparison and the presentation.

use super::Trainer;
use crate::ui::theme::{Tokens, SPACE_S};
use clausier::model::Project;
use clausier::training::what_if::LotLever;
use egui::{RichText, Ui};

/// Draws the toggles for `base` and applies what the user clicks to `trainer.what_if`.
pub fn controls(ui: &mut Ui, trainer: &mut Trainer, base: &Project, max_height: f32) {
    if base.allotment.allotted {
        let mut single = trainer.what_if.single_contract;
        if ui
            .checkbox(&mut single, "Ne pas allotir : un marché unique")
            .on_hover_text("Réunit tous les lots en un seul marché ; la décision de ne pas allotir reste à motiver.")
            .changed()
        {
            trainer.what_if.single_contract = single;
        }
    } else {
        ui.label("Le cas est un marché unique : ses leviers restent modifiables ci-dessous.");
    }
    let merged = trainer.what_if.single_contract;
    // A fixed label column: a truncated label in a grid would shrink to nothing.
    let label_width = (ui.available_width() * 0.4).clamp(140.0, 480.0);
    egui::ScrollArea::vertical()
        .id_salt("what-if-lots")
        .max_height(max_height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            ui.add_enabled_ui(!merged, |ui| {
                egui::Grid::new("what-if-grid")
                    .num_columns(2)
                    .spacing([12.0, 4.0])
                    // No stripes: egui's grid paints them from the rows' heights of the previous
                    // frame, which the wrapped titles and levers change, so they came out
                    // shifted by a line; a rule between lots cannot be.
                    .striped(false)
                    .show(ui, |ui| {
                        for (index, lot) in base.allotment.lots.iter().enumerate() {
                            let current = trainer.what_if.lever(base, index);
                            let mut label =
                                RichText::new(format!("Lot {} – {}", lot.number, lot.title));
                            if trainer.what_if.levers.contains_key(&index) {
                                label = label.strong();
                            }
                            if index == trainer.focus_lot {
                                label = label.underline();
                            }
                            // Long titles wrap rather than lose their end (review P9).
                            // A vertical cell reports the wrapped title's full height to the grid.
                            ui.vertical(|ui| {
                                ui.set_min_width(label_width);
                                ui.set_max_width(label_width);
                                ui.add(egui::Label::new(label).wrap())
                                    .on_hover_text(&lot.title);
                            });
                            // In a vertical cell the grid gets the wrapped buttons' full height.
                            ui.vertical(|ui| {
                                ui.horizontal_wrapped(|ui| {
                                    for lever in LotLever::ALL {
                                        let chosen = current == Some(lever);
                                        let text =
                                            RichText::new(clausier::fr::capitalized(lever.label()));
                                        // The chosen lever in its colour, as on the slides.
                                        let button = if chosen {
                                            egui::Button::selectable(
                                                true,
                                                text.strong().color(egui::Color32::WHITE),
                                            )
                                            .fill(Tokens::of(ui).lever(chip_of(lever)))
                                        } else {
                                            egui::Button::selectable(false, text)
                                        };
                                        let response = ui.add(button);
                                        if response.clicked() {
                                            trainer.what_if.set_lever(base, index, lever);
                                            trainer.focus_lot = index;
                                        }
                                    }
                                });
                            });
                            ui.end_row();
                            if index + 1 < base.allotment.lots.len() {
                                ui.separator();
                                ui.separator();
                                ui.end_row();
                            }
                        }
                    });
            });
        });
    if merged {
        ui.label(
            RichText::new("Les leviers par lot ne s’appliquent pas à un marché unique.").italics(),
        );
    }
    let changes = trainer.what_if.describe(base);
    if !changes.is_empty() {
        ui.add_space(SPACE_S);
        ui.label(RichText::new("Changements :").strong());
        for change in changes {
            ui.label(format!("• {change}"));
        }
        if ui.button("Revenir au cas tel que conçu").clicked() {
            trainer.what_if = Default::default();
        }
    }
}

/// The colour of a lever button: that of the slides' chips.
fn chip_of(lever: LotLever) -> clausier::training::deck::Lever {
    use clausier::training::deck::Lever;
    match lever {
        LotLever::Reserved => Lever::Reserved,
        LotLever::Clause => Lever::Clause,
        LotLever::Social(_) => Lever::Other,
        LotLever::Nothing => Lever::None,
    }
}
