//! Step 2 — sourcing: who was met before drafting (R2111-1), which networks were asked, and
//! the small-purchase lever when the amount is under the R2122-8 threshold.

use super::StepContext;
use crate::ui::theme::{SPACE_L, SPACE_S};
use crate::ui::widgets::{form_grid, info_box};
use clausier::fr::format_euros;
use clausier::model::{SourcingContact, SupplierKind};
use clausier::rules::Regime;
use egui::{RichText, TextEdit, Ui};

pub const SUPPLIER_KINDS: [(SupplierKind, &str); 6] = [
    (SupplierKind::Sme, "PME"),
    (SupplierKind::Siae, "SIAE"),
    (SupplierKind::Ea, "Entreprise adaptée"),
    (SupplierKind::Esat, "ESAT"),
    (SupplierKind::Ess, "Entreprise de l’ESS"),
    (SupplierKind::Other, "Autre"),
];

pub fn show(ui: &mut Ui, ctx: &mut StepContext) {
    lever_box(ui, ctx);
    ui.add_space(SPACE_L);
    super::sourcing_supply::show(ui, ctx);
    ui.add_space(SPACE_L);

    let sourcing = &mut ctx.project.sourcing;
    let f = &mut ctx.form;
    form_grid(ui, "sourcing-done", |ui| {
        f.checkbox(ui, "Sourçage réalisé", "sourcing.done", &mut sourcing.done);
    });

    ui.add_space(SPACE_L);
    ui.heading("Entreprises et structures rencontrées");
    ui.label("Commencez par les métiers et savoir-faire : ce que chacun sait faire compte avant son statut.");
    ui.add_space(SPACE_S);
    let mut remove = None;
    if sourcing.contacts.is_empty() {
        ui.label(RichText::new("Aucun contact enregistré pour l’instant.").italics());
    } else {
        egui::Grid::new("sourcing-contacts")
            .num_columns(4)
            .spacing([12.0, 6.0])
            .striped(true)
            .show(ui, |ui| {
                ui.label(RichText::new("Nom").strong());
                ui.label(RichText::new("Type").strong());
                ui.label(RichText::new("Métier ou savoir-faire").strong());
                ui.label("");
                ui.end_row();
                for (i, contact) in sourcing.contacts.iter_mut().enumerate() {
                    // Screen readers get the row number, since the only visible label is the header.
                    let row = i + 1;
                    let path = format!("sourcing.contacts[{i}].name");
                    // add_sized: inside a grid a text field otherwise shrinks to its column.
                    let response = ui
                        .add_sized(
                            [190.0, 20.0],
                            TextEdit::singleline(&mut contact.name).id_salt(&path),
                        )
                        .accessible_name(format!("Nom du contact {row}"));
                    f.claim_focus(&path, &response);
                    f.combo_cell(
                        ui,
                        &format!("Type du contact {row}"),
                        &format!("sourcing.contacts[{i}].kind"),
                        &mut contact.kind,
                        &SUPPLIER_KINDS,
                        110.0,
                    );
                    let path = format!("sourcing.contacts[{i}].trade");
                    let response = ui
                        .add_sized(
                            [160.0, 20.0],
                            TextEdit::singleline(&mut contact.trade).id_salt(&path),
                        )
                        .accessible_name(format!("Métier du contact {row}"));
                    f.claim_focus(&path, &response);
                    if ui
                        .button("Supprimer")
                        .accessible_name(format!("Supprimer le contact {row}"))
                        .clicked()
                    {
                        remove = Some(i);
                    }
                    ui.end_row();
                }
            });
    }
    if let Some(i) = remove {
        sourcing.contacts.remove(i);
    }
    if ui.button("Ajouter un contact").clicked() {
        // Typing can start at once in the new row, without reaching for the mouse.
        *f.focus = Some(format!(
            "sourcing.contacts[{}].name",
            sourcing.contacts.len()
        ));
        sourcing.contacts.push(SourcingContact::default());
    }

    ui.add_space(SPACE_L);
    ui.heading("Réseaux et notes");
    form_grid(ui, "sourcing-notes", |ui| {
        f.lines(
            ui,
            "Réseaux consultés (un par ligne)",
            "sourcing.networks",
            &mut sourcing.networks,
        );
        f.multiline(
            ui,
            "Notes (capacités de l’offre locale, points d’attention)",
            "sourcing.notes",
            &mut sourcing.notes,
        );
    });
}

fn lever_box(ui: &mut Ui, ctx: &StepContext) {
    let procedure = ctx.evaluation.map(|e| &e.procedure);
    match procedure {
        Some(p) if p.regime == Regime::NoPublicity => {
            info_box(
                ui,
                "Un achat de faible montant : consultez directement",
                |ui| {
                    ui.label(format!(
                    "Sous le seuil de {} HT (art. R. 2122-8), l’achat peut être conclu sans publicité ni mise en concurrence préalables.",
                    format_euros(p.no_publicity_threshold_cents)
                ));
                    ui.label("Vous pouvez donc solliciter vous-même des PME du territoire et des structures d’insertion ou du handicap (SIAE, entreprises adaptées, ESAT) et leur demander un devis.");
                    ui.label("Trois règles demeurent : choisir une offre pertinente, faire bon usage des deniers publics et ne pas toujours retenir le même fournisseur.");
                },
            );
        }
        _ => {
            info_box(ui, "À quoi sert le sourçage", |ui| {
                ui.label("Avant de rédiger, rencontrer les entreprises permet de connaître ce que l’offre locale sait faire et de calibrer les lots, les clauses et les exigences (art. R. 2111-1).");
                ui.label("Pensez aux PME du territoire, aux structures d’insertion par l’activité économique, aux entreprises adaptées et aux ESAT : les réseaux départementaux de ces structures et la plateforme « le marché de l’inclusion » indiquent qui fait quoi.");
                ui.label("Ces échanges ne doivent pas avantager un candidat : les informations utiles sont ensuite données à tous.");
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{harness, replace_text, scenario};
    use super::super::Step;
    use clausier::model::{Project, SupplierKind};
    use egui_kittest::kittest::Queryable;

    #[test]
    fn contacts_are_added_named_by_row_and_removed() {
        let mut h = harness(Step::Sourcing, Project::blank());
        h.run();
        h.get_by_label("Sourçage réalisé").click();
        h.get_by_label("Ajouter un contact").click();
        h.run();
        assert!(h.state().project.sourcing.done);
        assert_eq!(h.state().project.sourcing.contacts.len(), 1);
        // The new row's name field takes the focus, so typing can start at once.
        assert!(h.get_by_label("Nom du contact 1").is_focused());
        replace_text(&mut h, "Nom du contact 1", "Tremplin Bâtiment");
        replace_text(&mut h, "Métier du contact 1", "Peinture");
        h.get_by_label("Type du contact 1");
        let contact = &h.state().project.sourcing.contacts[0];
        assert_eq!(
            (contact.name.as_str(), contact.trade.as_str(), contact.kind),
            ("Tremplin Bâtiment", "Peinture", SupplierKind::Sme)
        );
        h.get_by_label("Supprimer le contact 1").click();
        h.run();
        assert!(h.state().project.sourcing.contacts.is_empty());
    }

    #[test]
    fn networks_are_typed_one_per_line() {
        let mut h = harness(Step::Sourcing, Project::blank());
        h.run();
        replace_text(
            &mut h,
            "Réseaux consultés (un par ligne)",
            "Marché de l’inclusion\n\n  Chambre de métiers \n",
        );
        assert_eq!(
            h.state().project.sourcing.networks,
            ["Marché de l’inclusion", "Chambre de métiers"]
        );
    }

    #[test]
    fn the_small_purchase_lever_is_explained_under_the_threshold() {
        let mut project = Project::blank();
        project.purchase.amount_cents = 2_000_000;
        project.purchase.duration_months = 12;
        let mut h = harness(Step::Sourcing, project);
        h.run();
        h.get_by_label_contains("sans publicité ni mise en concurrence préalables");
        let mut h = harness(Step::Sourcing, scenario("renovation-ecole"));
        h.run();
        h.get_by_label("À quoi sert le sourçage");
        h.get_by_label("Nom du contact 9");
    }
}
