//! The scenario library: each case with its trainer notes, and what to do with it.

use super::Trainer;
use crate::ui::app::{Command, Page, TrainingExport};
use crate::ui::theme::{Tokens, SPACE_M, SPACE_S};
use clausier::fr::format_references;
use egui::{RichText, Ui};

pub fn show(ui: &mut Ui, trainer: &mut Trainer, commands: &mut Vec<Command>) {
    ui.heading("Formation : scénarios");
    ui.label("Des cas réalistes pour les séances de sensibilisation. Cochez les cas de votre séance, présentez-les, faites varier les leviers, puis exportez les diapositives, les supports et le déroulé.");
    session_bar(ui, trainer, commands);
    if let Some(problem) = &trainer.problem {
        ui.colored_label(Tokens::of(ui).error, problem);
    }
    ui.separator();
    let list_width = (ui.available_width() * 0.34).clamp(220.0, 340.0);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(list_width);
            egui::ScrollArea::vertical()
                .id_salt("scenario-list")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    // Left-aligned entries: a justified layout aligns button text to its side.
                    ui.with_layout(egui::Layout::top_down_justified(egui::Align::Min), |ui| {
                        let mut picked = None;
                        let mut toggled = None;
                        for scenario in &trainer.scenarios {
                            let selected = trainer.selected == scenario.id;
                            let mut in_session = trainer.in_session(&scenario.id);
                            let mut text = scenario.title().to_string();
                            if let Some(n) = trainer.notes_for(&scenario.id) {
                                text.push_str(&format!(
                                    "\n{} — {} min",
                                    n.audience, n.duration_minutes
                                ));
                            }
                            ui.horizontal_top(|ui| {
                                ui.set_max_width(list_width - 16.0);
                                // The box has no text of its own (the title is beside it), but
                                // a screen reader names it with the case.
                                let accessible = format!("Dans la séance : {}", scenario.title());
                                let tick = ui
                                    .add(egui::Checkbox::without_text(&mut in_session))
                                    .on_hover_text("Dans la séance");
                                tick.widget_info(|| {
                                    egui::WidgetInfo::selected(
                                        egui::Role::CheckBox,
                                        true,
                                        in_session,
                                        &accessible,
                                    )
                                });
                                if tick.changed() {
                                    toggled = Some(scenario.id.clone());
                                }
                                let button = egui::Button::selectable(selected, text)
                                    .wrap_mode(egui::TextWrapMode::Wrap);
                                if ui.add(button).clicked() {
                                    picked = Some(scenario.id.clone());
                                }
                            });
                            ui.add_space(2.0);
                        }
                        if let Some(id) = picked {
                            trainer.select(&id);
                        }
                        if let Some(id) = toggled {
                            trainer.toggle_in_session(&id);
                        }
                    });
                });
        });
        ui.separator();
        ui.vertical(|ui| {
            let id = trainer.selected.clone();
            let Some(scenario) = trainer.scenario(&id) else {
                ui.label("Aucun scénario.");
                return;
            };
            ui.label(RichText::new(scenario.title()).heading());
            ui.label(format!(
                "{} — {}",
                scenario.project.meta.buyer.name,
                clausier::fr::format_euros(scenario.project.purchase.amount_cents)
            ));
            ui.horizontal_wrapped(|ui| {
                if ui.button("Présenter (F5)").clicked() {
                    commands.push(Command::Present);
                }
                if ui.button("Comparer des choix").clicked() {
                    commands.push(Command::ShowPage(Page::Compare));
                }
                if ui.button("Ouvrir dans l’assistant").clicked() {
                    commands.push(Command::OpenScenario(id.clone()));
                }
                if ui.button("Exporter le support (DOCX)…").clicked() {
                    commands.push(Command::ExportTraining(TrainingExport::Handout {
                        trainer: false,
                    }));
                }
            });
            ui.separator();
            let Some(notes) = trainer.notes_for(&id) else {
                ui.label("Ce scénario n’a pas de notes pour le formateur.");
                return;
            };
            egui::ScrollArea::vertical()
                .id_salt(("scenario-notes", &id))
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.label(format!(
                        "Public : {} — durée conseillée : {} minutes",
                        notes.audience, notes.duration_minutes
                    ));
                    ui.add_space(SPACE_S);
                    ui.label(notes.summary.trim());
                    section(
                        ui,
                        "Objectifs pédagogiques",
                        notes.learning_goals.iter().map(String::as_str),
                    );
                    ui.add_space(SPACE_M);
                    ui.label(RichText::new("Points clés").strong());
                    for k in &notes.key_points {
                        ui.label(format!("• {}{}", k.text.trim(), refs(&k.reference)));
                    }
                    section(
                        ui,
                        "Questions pour la discussion (avec les éléments de réponse)",
                        notes.discussion_questions.iter().map(String::as_str),
                    );
                    ui.add_space(SPACE_M);
                    ui.label(RichText::new("Idées reçues").strong());
                    for m in &notes.misconceptions {
                        ui.label(RichText::new(m.belief_quoted()).italics());
                        ui.label(format!("{}{}", m.correction.trim(), refs(&m.reference)));
                        ui.add_space(SPACE_S);
                    }
                });
        });
    });
}

fn section<'a>(ui: &mut Ui, title: &str, items: impl Iterator<Item = &'a str>) {
    ui.add_space(SPACE_M);
    ui.label(RichText::new(title).strong());
    for item in items {
        ui.label(format!("• {}", item.trim()));
    }
}

/// « (L. 2113-13, R. 2113-7) », or nothing.
pub fn refs(reference: &str) -> String {
    if reference.trim().is_empty() {
        return String::new();
    }
    format!(" ({})", format_references(reference))
}

/// The session's cases and its exports: what the trainer takes out of the room.
fn session_bar(ui: &mut Ui, trainer: &Trainer, commands: &mut Vec<Command>) {
    let ids = trainer.session_ids();
    let titles: Vec<String> = ids
        .iter()
        .filter_map(|id| trainer.scenario(id))
        .map(|s| s.title().to_string())
        .collect();
    let minutes: u32 = ids
        .iter()
        .filter_map(|id| trainer.notes_for(id))
        .map(|n| n.duration_minutes)
        .sum();
    let what = if trainer.session.is_empty() {
        "Séance : le cas choisi (cochez « Dans la séance » pour en réunir plusieurs)".to_string()
    } else {
        format!("Séance : {} cas", ids.len())
    };
    ui.label(
        RichText::new(format!(
            "{what} — {} — {minutes} min d’étude de cas",
            titles.join(" ; ")
        ))
        .strong(),
    );
    ui.horizontal_wrapped(|ui| {
        for (label, kind) in [
            ("Diapositives (PDF)…", TrainingExport::Slides),
            (
                "Support participants…",
                TrainingExport::Handout { trainer: false },
            ),
            (
                "Support du formateur…",
                TrainingExport::Handout { trainer: true },
            ),
            ("Déroulé de la séance…", TrainingExport::Plan),
        ] {
            if ui.button(label).clicked() {
                commands.push(Command::ExportTraining(kind));
            }
        }
        if ui.button("Présenter la séance (F5)").clicked() {
            commands.push(Command::Present);
        }
    });
}
