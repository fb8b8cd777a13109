//! The clause library as the organisation sees it: every clause with its legal basis and
//! explanation, which ones the organisation's folder replaces, what went wrong in that folder,
//! and the commands to choose the folder and reload it without restarting.

use crate::ui::app::Command;
use crate::ui::theme::{Tokens, SPACE_M};
use clausier::clauses::{ClauseLibrary, LibraryError, Piece};
use clausier::fr::format_article;
use egui::{RichText, Ui};
use std::path::Path;

#[derive(Default)]
pub struct ClauseBrowser {
    pub selected: Option<String>,
}

const PIECES: [Piece; 5] = [
    Piece::Rc,
    Piece::Ccap,
    Piece::Annex,
    Piece::Note,
    Piece::Brief,
];

pub fn show(
    ui: &mut Ui,
    state: &mut ClauseBrowser,
    library: &ClauseLibrary,
    problems: &[LibraryError],
    folder: Option<&Path>,
    commands: &mut Vec<Command>,
) {
    ui.heading("Bibliothèque de clauses");
    let info = library.info();
    ui.label(format!(
        "Version {} du {} — {} clauses. Chaque document produit indique cette version.",
        info.describe(),
        chrono::NaiveDate::parse_from_str(&info.date, "%Y-%m-%d")
            .map_or(info.date.clone(), clausier::fr::date_longue),
        library.clauses().len()
    ));
    ui.add_space(6.0);
    ui.group(|ui| {
        ui.label(RichText::new("Clauses propres à l’organisation").strong());
        match folder {
            Some(dir) => ui.label(format!("Dossier utilisé : {}", dir.display())),
            None => ui.label("Aucun dossier choisi : les clauses fournies avec Clausier sont utilisées."),
        };
        ui.label("Un fichier .ron de ce dossier remplace la clause fournie de même identifiant. Vérifiez un dossier avant de le diffuser avec « clausier templates check DOSSIER ».");
        ui.horizontal_wrapped(|ui| {
            if ui.button("Choisir un dossier…").clicked() {
                commands.push(Command::ChooseTemplatesDir);
            }
            if folder.is_some() {
                if ui.button("Recharger les clauses").clicked() {
                    commands.push(Command::ReloadLibrary);
                }
                if ui.button("Revenir aux clauses fournies").clicked() {
                    commands.push(Command::ClearTemplatesDir);
                }
            }
        });
        for problem in problems {
            ui.colored_label(
                Tokens::of(ui).error,
                format!("Clause de l’organisation non utilisée — {problem}"),
            );
        }
    });
    ui.add_space(6.0);
    let overridden = library.clauses().iter().filter(|c| c.overridden).count();
    if overridden > 0 {
        ui.label(if overridden == 1 {
            "1 clause remplacée par la rédaction de l’organisation, signalée ci-dessous.".to_string()
        } else {
            format!(
                "{overridden} clauses remplacées par la rédaction de l’organisation, signalées ci-dessous."
            )
        });
    }
    ui.separator();
    let width = ui.available_width();
    let list_width = (width * 0.38).clamp(220.0, 380.0);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(list_width);
            egui::ScrollArea::vertical()
                .id_salt("clause-list")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for piece in PIECES {
                        ui.label(RichText::new(piece.title()).strong());
                        for clause in library
                            .clauses()
                            .iter()
                            .filter(|c| c.template.piece == piece)
                        {
                            let t = &clause.template;
                            let selected = state.selected.as_deref() == Some(t.id.as_str());
                            let label = if clause.overridden {
                                format!("{} (organisation)", t.title)
                            } else {
                                t.title.clone()
                            };
                            if ui
                                .selectable_label(selected, label)
                                .on_hover_text(&t.id)
                                .clicked()
                            {
                                state.selected = Some(t.id.clone());
                            }
                        }
                        ui.add_space(6.0);
                    }
                });
        });
        ui.separator();
        ui.vertical(|ui| {
            if state.selected.is_none() {
                state.selected = library.clauses().first().map(|c| c.template.id.clone());
            }
            let id = state.selected.clone();
            let Some(clause) = id.and_then(|id| library.get(&id)) else {
                return;
            };
            let t = &clause.template;
            egui::ScrollArea::vertical()
                .id_salt("clause-detail")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.label(RichText::new(&t.title).heading());
                    ui.label(format!("Identifiant : {}", t.id));
                    ui.label(format!("Pièce : {}", t.piece.title()));
                    let refs: Vec<String> =
                        t.legal_refs.iter().map(|r| format_article(r)).collect();
                    ui.label(format!(
                        "Base légale : {}",
                        if refs.is_empty() {
                            "—".to_string()
                        } else {
                            refs.join(", ")
                        }
                    ));
                    ui.label(format!("Apparaît quand : {}", t.trigger.trim()));
                    if clause.overridden {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            format!("Rédaction de l’organisation, lue dans {}", clause.file),
                        );
                    } else {
                        ui.label("Rédaction fournie avec Clausier.");
                    }
                    ui.add_space(SPACE_M);
                    ui.label(RichText::new("Pourquoi cette clause").strong());
                    ui.label(t.explanation.trim());
                    ui.add_space(SPACE_M);
                    egui::CollapsingHeader::new("Modèle de texte (Markdown et variables)")
                        .id_salt(("clause-body", &t.id))
                        .show(ui, |ui| {
                            ui.label(RichText::new(t.body.trim()).monospace());
                            // The lines the body prints for each lot are part of the wording.
                            for (name, row) in &t.rows {
                                ui.add_space(SPACE_M);
                                ui.label(
                                    RichText::new(format!(
                                        "Ligne « {name} », rédigée pour chaque lot (rows.{name}) :"
                                    ))
                                    .strong(),
                                );
                                ui.label(RichText::new(row.trim()).monospace());
                            }
                        });
                });
        });
    });
}
