//! Step 5, second part — the social execution conditions of the families other than
//! insertion, for the selected lot: the family's obligations and controls to tick (words from
//! assets/social_conditions.ron), its quantity where it measures one, the penalty, the
//! reporting rhythm, and a « Pourquoi ? » panel per family. The families the data table
//! proposes for the purchase are offered first.

use super::StepContext;
use crate::ui::theme::{Tokens, SPACE_L, SPACE_M, SPACE_S};
use crate::ui::widgets::{form_grid, OPTIONAL_AMOUNT, OPTIONAL_DECIMAL};
use clausier::model::{field, ReportingFrequency, SocialFamily};
use clausier::reference::{Choice, FamilyReference, ReferenceData};
use clausier::rules::{defaults, predicates};
use egui::{RichText, Ui};

pub fn section(ui: &mut Ui, ctx: &mut StepContext, index: usize, data: &ReferenceData) {
    ui.heading("Autres conditions sociales d’exécution");
    ui.label("L’insertion n’est qu’une des familles de conditions sociales. Lorsqu’elle s’applique mal (matériel fabriqué loin, licences, énergie…), une condition d’une autre famille vaut aussi condition sociale d’exécution, à condition de fixer une obligation mesurable et un moyen de contrôle. Aucune ne peut favoriser les entreprises locales.");
    ui.add_space(SPACE_S);
    let mut remove = None;
    let count = ctx.project.allotment.lots[index].social_conditions.len();
    for k in 0..count {
        ui.add_space(SPACE_M);
        if condition(ui, ctx, index, k, data) {
            remove = Some(k);
        }
    }
    if let Some(k) = remove {
        ctx.project.allotment.lots[index]
            .social_conditions
            .remove(k);
    }
    ui.add_space(SPACE_M);
    add_row(ui, ctx, index, data);
}

/// One condition; true when the user asked to remove it.
fn condition(
    ui: &mut Ui,
    ctx: &mut StepContext,
    index: usize,
    k: usize,
    data: &ReferenceData,
) -> bool {
    let path = field::lot(index).social(k);
    let number = ctx.project.allotment.lots[index].number;
    let family_ref = data
        .social
        .family(ctx.project.allotment.lots[index].social_conditions[k].family);
    let mut remove = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new(&family_ref.label).strong());
            let c = &ctx.project.allotment.lots[index].social_conditions[k];
            let status = match predicates::social_condition_gap(c, data) {
                None => ("compte comme condition sociale", Tokens::of(ui).complete),
                Some(predicates::ConditionGap::NoObligation) => {
                    ("sans obligation mesurable : ne compte pas", Tokens::of(ui).warning)
                }
                Some(predicates::ConditionGap::NoControl) => {
                    ("sans moyen de contrôle : ne compte pas", Tokens::of(ui).warning)
                }
            };
            ui.colored_label(status.1, RichText::new(status.0).small());
        });
        why(ui, family_ref, index, k);
        let f = &mut ctx.form;
        let c = &mut ctx.project.allotment.lots[index].social_conditions[k];
        ui.add_space(SPACE_S);
        ui.label(RichText::new("Ce que le titulaire s’engage à faire").strong());
        checks(ui, f, &path.obligations(), &family_ref.obligations, &mut c.obligations, "Obligation");
        ui.add_space(SPACE_S);
        ui.label(RichText::new("Ce qu’il remet pour le prouver").strong());
        checks(ui, f, &path.controls(), &family_ref.controls, &mut c.controls, "Justificatif");
        ui.add_space(SPACE_S);
        form_grid(ui, &format!("social-{index}-{k}"), |ui| {
            if let Some(q) = &family_ref.quantity {
                f.parsed(ui, &q.label, &path.quantity(), &mut c.quantity, &OPTIONAL_DECIMAL, &q.unit);
            }
            f.parsed(
                ui,
                &format!("Pénalité de la condition « {} » du lot {number}", family_ref.short),
                &path.penalty(),
                &mut c.penalty_cents,
                &OPTIONAL_AMOUNT,
                "€ HT",
            );
            ui.label("");
            ui.small(format!("Pénalité {} ; aucun montant de référence n’existe : fixez-la à un niveau proportionné (à vérifier avec votre service juridique).", family_ref.penalty_unit));
            ui.end_row();
            ui.label("Fréquence des justificatifs");
            ui.horizontal(|ui| {
                let monthly = ui.radio_value(&mut c.reporting, ReportingFrequency::Monthly, "Mensuelle");
                ui.radio_value(&mut c.reporting, ReportingFrequency::Quarterly, "Trimestrielle");
                f.claim_focus(&path.reporting(), &monthly);
            });
            ui.end_row();
            f.multiline(
                ui,
                &format!("Précisions de l’acheteur (condition « {} » du lot {number})", family_ref.short),
                &path.details(),
                &mut c.details,
            );
        });
        ui.add_space(SPACE_S);
        let response = ui
            .button("Retirer cette condition")
            .on_hover_text(format!("Retire la condition « {} » du lot {number}", family_ref.short));
        f.claim_focus(&path.family(), &response);
        remove = response.clicked();
    });
    remove
}

/// The family's « Pourquoi ? » panel: what it asks, its articles, and why it favours no one.
fn why(ui: &mut Ui, family: &FamilyReference, index: usize, k: usize) {
    egui::CollapsingHeader::new("Pourquoi ?")
        .id_salt(format!("social-why-{index}-{k}"))
        .show(ui, |ui| {
            ui.label(&family.explanation);
            let articles: Vec<String> = family
                .articles
                .iter()
                .map(|a| clausier::fr::format_article(a))
                .collect();
            ui.small(format!("Textes : {}.", articles.join(", ")));
            ui.small(format!(
                "Avis de marché : objectif social (BT-775) « {} ». {}",
                family.bt775, family.bt775_reason
            ));
            if family.to_verify {
                ui.colored_label(
                    Tokens::of(ui).warning,
                    RichText::new(format!("À vérifier : {}.", family.reason)).small(),
                );
            }
        });
}

fn checks(
    ui: &mut Ui,
    f: &mut crate::ui::widgets::Form,
    path: &str,
    known: &[Choice],
    ids: &mut Vec<String>,
    what: &str,
) {
    let mut toggled: Option<(String, bool)> = None;
    for (i, choice) in known.iter().enumerate() {
        let mut on = ids.contains(&choice.id);
        let response = ui.checkbox(&mut on, &choice.label);
        if i == 0 {
            f.claim_focus(path, &response);
        }
        if response.changed() {
            toggled = Some((choice.id.clone(), on));
        }
    }
    for id in ids.iter().filter(|id| !known.iter().any(|c| &c.id == *id)) {
        let mut on = true;
        let text = RichText::new(format!("{what} inconnu « {id} » (à retirer)"))
            .color(Tokens::of(ui).error);
        if ui.checkbox(&mut on, text).changed() {
            toggled = Some((id.clone(), false));
        }
    }
    match toggled {
        Some((id, true)) => {
            ids.push(id);
            // The family's order, so that the document lists them the same way.
            ids.sort_by_key(|i| known.iter().position(|c| &c.id == i).unwrap_or(usize::MAX));
        }
        Some((id, false)) => ids.retain(|i| *i != id),
        None => {}
    }
}

/// The families not yet on the lot, those the table proposes for this purchase first.
fn add_row(ui: &mut Ui, ctx: &mut StepContext, index: usize, data: &ReferenceData) {
    let lot = &ctx.project.allotment.lots[index];
    let suggested: Vec<SocialFamily> = data
        .social
        .suggest(
            ctx.project.purchase.cpv.as_deref(),
            ctx.project.lot_nature(lot),
        )
        .map(|s| s.families.to_vec())
        .unwrap_or_default();
    let reason = data
        .social
        .suggest(
            ctx.project.purchase.cpv.as_deref(),
            ctx.project.lot_nature(lot),
        )
        .map(|s| s.reason.to_string());
    let mut free: Vec<SocialFamily> = SocialFamily::ALL
        .into_iter()
        .filter(|f| !lot.social_conditions.iter().any(|c| c.family == *f))
        .collect();
    if free.is_empty() {
        return;
    }
    free.sort_by_key(|f| !suggested.contains(f));
    let names: Vec<(SocialFamily, String)> = free
        .iter()
        .map(|f| {
            let label = &data.social.family(*f).label;
            if suggested.contains(f) {
                (*f, format!("{label} (adaptée à cet achat)"))
            } else {
                (*f, label.clone())
            }
        })
        .collect();
    let options: Vec<(SocialFamily, &str)> = names.iter().map(|(f, n)| (*f, n.as_str())).collect();
    let id = egui::Id::unique("clausier-social-add").with(index);
    let mut chosen: SocialFamily = ui
        .data(|d| d.get_temp(id))
        .filter(|f| free.contains(f))
        .unwrap_or(free[0]);
    let number = lot.number;
    let mut add = false;
    form_grid(ui, &format!("social-add-{index}"), |ui| {
        ctx.form.combo(
            ui,
            "Famille de condition à ajouter",
            &field::lot(index).social_conditions(),
            &mut chosen,
            &options,
        );
        ui.label("");
        add = ui
            .button(format!("Ajouter cette condition au lot {number}"))
            .clicked();
        ui.end_row();
    });
    ui.data_mut(|d| d.insert_temp(id, chosen));
    if let Some(reason) = reason {
        ui.add_space(SPACE_S);
        ui.small(format!("Pourquoi ces familles pour cet achat : {reason}"));
    }
    if add {
        ctx.project.allotment.lots[index]
            .social_conditions
            .push(defaults::social_condition(chosen, data));
    }
    ui.add_space(SPACE_L);
}
