//! Step 2, the local supply: from the imported file of structures, who can do each lot's
//! work in the execution département and around it, by kind and by delivery mode, with a
//! capacity indication and the contacts to call; or an invitation to import such a file.

use super::StepContext;
use crate::ui::supply::SupplyAction;
use crate::ui::theme::{Tokens, SPACE_M, SPACE_S};
use crate::ui::widgets::{form_grid, info_box};
use crate::ui::Command;
use clausier::supply::advice::capacity_text;
use clausier::supply::export::kinds_text;
use egui::{RichText, Ui};

/// Structures listed per lot before the list is cut (the CSV export has them all).
const LISTED: usize = 25;

pub fn show(ui: &mut Ui, ctx: &mut StepContext) {
    ui.heading("Qui peut exécuter chaque lot près d’ici ?");
    let supply = ctx.supply;
    if let Some(error) = &supply.load_error {
        ui.colored_label(Tokens::of(ui).error, error);
    }
    if let Some(notes) = &supply.last_import {
        import_notes(ui, notes);
    }
    let Some(pack) = &supply.pack else {
        info_box(ui, "Aucun fichier de structures importé", |ui| {
            ui.label("Importez la liste des structures d’insertion, entreprises adaptées, ESAT et entreprises de l’ESS de votre territoire (export du Marché de l’inclusion, listes publiques jointes au répertoire Sirene, ou votre propre tableau) : Clausier comptera, pour chaque lot, celles qui font ce métier dans le département d’exécution et autour.");
            ui.label("Le fichier reste sur ce poste ; aucun compte n’est nécessaire.");
            if ui.button("Importer des structures…").clicked() {
                ctx.commands.push(Command::Supply(SupplyAction::Import));
            }
        });
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "{}, {}.",
            clausier::fr::count_of(pack.structures.len(), "structure", "structures"),
            pack.meta.citation()
        ));
        if ui.button("Importer un autre fichier…").clicked() {
            ctx.commands.push(Command::Supply(SupplyAction::Import));
        }
    });
    ui.add_space(SPACE_S);
    let f = &mut ctx.form;
    form_grid(ui, "supply-departement", |ui| {
        f.optional_text(
            ui,
            "Département d’exécution (code, par exemple 69 ou 2A)",
            clausier::model::field::PURCHASE_DEPARTEMENT,
            &mut ctx.project.purchase.departement,
            false,
        );
    });
    let Some(assessment) = ctx.supply_assessment else {
        return;
    };
    match &assessment.evidence.place {
        Some(place) => {
            ui.label(format!(
                "{} ({}){} ; départements voisins comptés aussi : {}.",
                place.name,
                place.code,
                if place.inferred {
                    ", déduit du lieu d’exécution"
                } else {
                    ""
                },
                if place.neighbours.is_empty() {
                    "aucun".to_string()
                } else {
                    place.neighbours.join(", ")
                }
            ));
        }
        None => {
            ui.label(
                "Indiquez le département d’exécution pour compter les structures de chaque lot.",
            );
            return;
        }
    }
    ui.add_space(SPACE_S);
    for lot in &assessment.evidence.lots {
        let advice = assessment.advice.get(lot.index).and_then(Option::as_ref);
        ui.add_space(SPACE_S);
        ui.label(RichText::new(format!("Lot {} — {}", lot.number, lot.title)).strong());
        let Some(activity) = &lot.activity else {
            ui.label("Métier du lot sans correspondance d’activités : choisissez un métier à l’étape « Allotissement » ou indiquez le code CPV de l’achat.");
            continue;
        };
        ui.label(format!("Activité recherchée : {}.", activity.label))
            .on_hover_text(&activity.source);
        ui.label(format!(
            "Dans le département : {} — {}.",
            kinds_text(&lot.local),
            clausier::supply::export::roles_text(&lot.local)
        ));
        ui.label(format!(
            "Dans les départements voisins : {}.",
            kinds_text(&lot.neighbours)
        ));
        if let Some(advice) = advice {
            ui.label(&advice.sentence);
            if let Some(warning) = &advice.warning {
                ui.colored_label(Tokens::of(ui).warning, warning);
            }
        }
        if let Some(capacity) = &lot.capacity {
            ui.label(RichText::new(capacity_text(capacity)).small());
        }
        if !lot.structures.is_empty() {
            egui::CollapsingHeader::new(format!(
                "Structures à contacter pour le lot {} ({})",
                lot.number,
                lot.structures.len()
            ))
            .id_salt(("supply-lot", lot.index))
            .show(ui, |ui| {
                egui::Grid::new(("supply-structures", lot.index))
                    .num_columns(5)
                    .striped(true)
                    .spacing([10.0, 4.0])
                    .show(ui, |ui| {
                        for header in ["Structure", "Type", "Lieu", "Effectif", "Contact"] {
                            ui.label(RichText::new(header).strong());
                        }
                        ui.end_row();
                        for found in lot.structures.iter().take(LISTED) {
                            let s = &pack.structures[found.index];
                            ui.label(&s.name);
                            ui.label(s.kind.code());
                            let near = if found.local { "" } else { " (voisin)" };
                            ui.label(format!("{} {}{near}", s.commune, s.departement).trim());
                            ui.label(s.headcount.as_ref().map_or("—", |h| h.label.as_str()));
                            ui.label(if s.contact.is_empty() {
                                s.website.as_str()
                            } else {
                                s.contact.as_str()
                            });
                            ui.end_row();
                        }
                    });
                if lot.structures.len() > LISTED {
                    ui.label(format!(
                        "… et {} : exportez la liste pour les voir toutes.",
                        clausier::fr::count_of(lot.structures.len() - LISTED, "autre", "autres")
                    ));
                }
            });
        }
    }
    ui.add_space(SPACE_M);
    if ui
        .button("Exporter la liste des structures (CSV)…")
        .clicked()
    {
        ctx.commands.push(Command::Supply(SupplyAction::ExportCsv));
    }
    if !assessment.findings.is_empty() {
        ui.add_space(SPACE_S);
        for finding in &assessment.findings {
            ui.label(RichText::new(format!("Information : {}", finding.message)).small());
        }
    }
}

fn import_notes(ui: &mut Ui, notes: &crate::ui::supply::ImportNotes) {
    ui.label(&notes.summary);
    if notes.issues.is_empty() && notes.ignored_columns.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!(
        "Détail du dernier import ({})",
        clausier::fr::count_of(notes.issues.len(), "remarque", "remarques")
    ))
    .id_salt("supply-import-notes")
    .show(ui, |ui| {
        for issue in notes.issues.iter().take(200) {
            ui.label(RichText::new(issue).small());
        }
        if notes.issues.len() > 200 {
            ui.label(format!(
                "… et {}.",
                clausier::fr::count_of(notes.issues.len() - 200, "autre", "autres")
            ));
        }
        if !notes.ignored_columns.is_empty() {
            ui.label(format!(
                "Colonnes non utilisées : {}.",
                notes.ignored_columns.join(", ")
            ));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::super::testing::{harness, harness_with_pack, replace_text};
    use super::super::Step;
    use crate::ui::supply::SupplyAction;
    use crate::ui::Command;
    use clausier::model::{Lot, Project};
    use clausier::supply::{import::import_bytes, SupplyPack, SupplyReference};
    use egui_kittest::kittest::Queryable;

    fn pack() -> SupplyPack {
        let text = "raison_sociale;type;naf;departement;effectif;contact\n\
                    Net Rhône;EI;81.21Z;69;12;accueil@net-rhone.example\n\
                    Propre Ensemble;ACI;81.21Z;69;;\n\
                    Atelier Clair;EA;81.22Z;69;60;\n\
                    Intérim Solidaire;ETTI;78.20Z;69;;\n\
                    Net Ain;EI;81.21Z;01;;\n";
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        import_bytes(
            text.as_bytes(),
            "structures.csv",
            None,
            today,
            SupplyReference::bundled(),
        )
        .unwrap()
        .pack
    }

    fn project() -> Project {
        let mut p = Project::blank();
        p.allotment.lots = vec![Lot {
            number: 1,
            title: "Nettoyage des écoles".into(),
            amount_cents: 20_000_000,
            trade: Some("nettoyage".into()),
            ..Lot::default()
        }];
        p.purchase.duration_months = 12;
        p
    }

    #[test]
    fn without_a_pack_the_step_invites_to_import_one() {
        let mut h = harness(Step::Sourcing, project());
        h.run();
        h.get_by_label("Aucun fichier de structures importé");
        h.get_by_label("Importer des structures…").click();
        h.run();
        assert_eq!(h.state().commands, [Command::Supply(SupplyAction::Import)]);
    }

    #[test]
    fn with_a_pack_each_lot_shows_its_counts_its_sources_and_its_contacts() {
        let mut h = harness_with_pack(Step::Sourcing, project(), pack());
        h.run();
        h.get_by_label_contains("d'après le fichier structures.csv importé le 30/11/2026");
        h.get_by_label(
            "Indiquez le département d’exécution pour compter les structures de chaque lot.",
        );
        replace_text(
            &mut h,
            "Département d’exécution (code, par exemple 69 ou 2A)",
            "69",
        );
        h.run();
        assert_eq!(
            h.state().project.purchase.departement.as_deref(),
            Some("69")
        );
        h.get_by_label_contains(
            "Rhône (69) ; départements voisins comptés aussi : 01, 38, 42, 71.",
        );
        h.get_by_label(
            "Dans le département : 1 EI, 1 ACI, 1 ETTI et 1 EA — 3 réalisent la prestation, 1 met du personnel à disposition.",
        );
        h.get_by_label("Dans les départements voisins : 1 EI.");
        h.get_by_label(
            "2 SIAE et 1 EA font ce métier dans le département : un lot réservé est réaliste.",
        );
        h.get_by_label("Structures à contacter pour le lot 1 (5)")
            .click();
        h.run();
        h.get_by_label("accueil@net-rhone.example");
        h.get_by_label("Exporter la liste des structures (CSV)…")
            .click();
        h.run();
        assert_eq!(
            h.state().commands.last(),
            Some(&Command::Supply(SupplyAction::ExportCsv))
        );
    }

    #[test]
    fn the_lever_matrix_cites_the_local_supply() {
        let mut p = project();
        p.purchase.departement = Some("69".into());
        let mut h = harness_with_pack(Step::Levers, p, pack());
        h.run();
        h.get_by_label_contains("Offre locale d'après le fichier structures.csv");
        h.get_by_label(
            "2 SIAE et 1 EA font ce métier dans le département : un lot réservé est réaliste.",
        );
        // Without a département, the matrix says where to give it.
        let mut h = harness_with_pack(Step::Levers, project(), pack());
        h.run();
        h.get_by_label_contains("Indiquez le département d’exécution à l’étape « Sourçage »");
        assert!(h
            .query_by_label_contains("font ce métier dans le département")
            .is_none());
    }
}
