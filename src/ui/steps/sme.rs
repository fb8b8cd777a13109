//! Step 6 — access of SMEs: groupements, advance and retention money, minimum turnover per
//! lot with its legal cap, direct payment of subcontractors.

use super::insertion::lot_name;
use super::StepContext;
use crate::ui::theme::{Tokens, SPACE_L, SPACE_S};
use crate::ui::widgets::OPTIONAL_DECIMAL;
use crate::ui::widgets::{form_grid, info_box};
use clausier::fr::{format_article, format_euros, format_number};
use clausier::model::GroupementForm;
use clausier::reference::ReferenceData;
use clausier::rules::predicates::{self, SmeBuyerCategory};
use clausier::rules::Severity;
use egui::{RichText, TextEdit, Ui};

const GROUPEMENT_FORMS: [(GroupementForm, &str, &str); 3] = [
    (GroupementForm::Free, "Aucune forme imposée", "Les membres du groupement s’organisent comme ils l’entendent : c’est le plus ouvert aux PME."),
    (GroupementForm::Joint, "Conjoint", "Chaque membre s’engage pour la part des prestations qui lui revient."),
    (GroupementForm::Several, "Solidaire", "Chaque membre s’engage pour la totalité du marché : plus lourd pour une petite entreprise."),
];

pub fn show(ui: &mut Ui, ctx: &mut StepContext) {
    groupements(ui, ctx);
    ui.add_space(SPACE_L);
    finance(ui, ctx);
    ui.add_space(SPACE_L);
    turnover(ui, ctx);
    ui.add_space(SPACE_L);
    let direct = &ReferenceData::bundled().thresholds.direct_payment_cents;
    info_box(ui, "Paiement direct des sous-traitants", |ui| {
        ui.label(format!(
            "Un sous-traitant accepté, dont les conditions de paiement sont agréées, est payé directement par l’acheteur dès que sa part atteint {} TTC (art. {}).",
            format_euros(direct.value),
            format_article(&direct.article)
        ));
        ui.label("Rappelez-le dans les documents de la consultation : une PME ou une structure d’insertion accepte plus volontiers d’intervenir en sous-traitance quand elle sait être payée sans dépendre du titulaire.");
    });
}

fn groupements(ui: &mut Ui, ctx: &mut StepContext) {
    let sme = &mut ctx.project.sme_access;
    let f = &mut ctx.form;
    ui.heading("Groupements d’entreprises");
    ui.label("Se grouper permet à plusieurs PME de répondre ensemble à un lot trop large pour chacune. L’acheteur ne peut exiger aucune forme de groupement pour candidater ou remettre une offre ; après l’attribution, il ne peut l’imposer que si la bonne exécution du marché le rend nécessaire, en le justifiant (art. R. 2142-22).");
    ui.add_space(SPACE_S);
    form_grid(ui, "sme-groupement", |ui| {
        // Each radio keeps its own text as its name; the row label is read just before.
        ui.label("Forme imposée au groupement après l’attribution");
        ui.vertical(|ui| {
            for (i, (form, text, detail)) in GROUPEMENT_FORMS.iter().enumerate() {
                let response = ui
                    .radio_value(&mut sme.groupement_form_after_award, *form, *text)
                    .on_hover_text(*detail);
                if i == 0 {
                    f.claim_focus("sme_access.groupement_form_after_award", &response);
                }
            }
        });
        ui.end_row();
        if sme.groupement_form_after_award != GroupementForm::Free {
            f.multiline(
                ui,
                "Justification : pourquoi la bonne exécution l’exige",
                "sme_access.groupement_justification",
                &mut sme.groupement_justification,
            );
        }
        f.checkbox(ui, "Le mandataire est solidaire de chacun des membres", "sme_access.mandataire_jointly_liable", &mut sme.mandataire_jointly_liable)
            .on_hover_text("Le mandataire répond alors des obligations de chaque membre envers l’acheteur ; utile surtout pour un groupement conjoint.");
    });
}

fn finance(ui: &mut Ui, ctx: &mut StepContext) {
    let data = ReferenceData::bundled();
    let thresholds = &data.thresholds;
    let category = predicates::sme_buyer_category(&ctx.project.meta.buyer);
    let allotted = ctx.project.allotment.allotted;
    let lot_numbers: Vec<(u32, bool)> = match ctx.evaluation {
        Some(e) => ctx
            .project
            .allotment
            .lots
            .iter()
            .zip(&e.lots)
            .map(|(l, le)| (l.number, le.advance_due))
            .collect(),
        None => Vec::new(),
    };
    let sme = &mut ctx.project.sme_access;
    let f = &mut ctx.form;
    ui.heading("Avance et retenue de garantie");
    form_grid(ui, "sme-finance", |ui| {
        f.parsed(
            ui,
            "Taux de l’avance (facultatif)",
            "sme_access.advance_percent",
            &mut sme.advance_percent,
            &OPTIONAL_DECIMAL,
            "% du montant",
        );
        ui.label("");
        ui.vertical(|ui| {
            let from = format_euros(thresholds.advance_from_cents.value);
            let months = thresholds.advance_min_months.value;
            match ctx.evaluation {
                Some(e) if e.advance_due => {
                    let due: Vec<String> = lot_numbers
                        .iter()
                        .filter(|(_, due)| *due)
                        .map(|(n, _)| n.to_string())
                        .collect();
                    let which = if allotted && due.len() < lot_numbers.len() {
                        format!(" pour les lots {}", due.join(", "))
                    } else {
                        String::new()
                    };
                    ui.small(format!(
                        "Avance obligatoire{which} : chaque lot concerné dépasse {from} HT et dure plus de {months} mois (art. {}). Minimum lorsque le titulaire est une PME : {} ; laissez vide pour appliquer ce minimum.",
                        format_article(&thresholds.advance_from_cents.article),
                        clausier::fr::format_percent(e.advance_minimum_percent)
                    ));
                }
                _ => {
                    ui.small(format!(
                        "Avance facultative : aucun lot ne dépasse à la fois {from} HT et {months} mois d’exécution. En prévoir une soulage pourtant la trésorerie des petites entreprises."
                    ));
                }
            }
            let minimum = &thresholds.advance_sme_min_percent;
            ui.small(match category {
                SmeBuyerCategory::State => format!(
                    "Marché de l’État : minimum de {} pour une PME (art. {}).",
                    clausier::fr::format_percent(minimum.value.state),
                    format_article(&minimum.article)
                ),
                SmeBuyerCategory::LargeBody => format!(
                    "Acheteur déclaré à l’étape 1 au-dessus du seuil de dépenses ou de charges de fonctionnement : minimum de {} pour une PME (art. {}).",
                    clausier::fr::format_percent(minimum.value.large_bodies),
                    format_article(&minimum.article)
                ),
                SmeBuyerCategory::Other => format!(
                    "Minimum de {} pour une PME ; il est de {} pour l’État et de {} pour les acheteurs dont les {} (case à cocher de l’étape 1).",
                    clausier::fr::format_percent(minimum.value.others),
                    clausier::fr::format_percent(minimum.value.state),
                    clausier::fr::format_percent(minimum.value.large_bodies),
                    thresholds.large_body.value.label
                ),
            });
        });
        ui.end_row();
        f.parsed(
            ui,
            "Retenue de garantie (facultatif)",
            "sme_access.retention_percent",
            &mut sme.retention_percent,
            &OPTIONAL_DECIMAL,
            "% du montant",
        );
        ui.label("");
        let r = &thresholds.retention;
        ui.small(if category == SmeBuyerCategory::Other {
            format!(
                "Au plus {} du montant du marché (art. {}). Le plafond réduit des PME ne vise que l’État et les acheteurs au-dessus du seuil de dépenses de l’étape 1. Sans retenue, rien n’est prélevé sur les paiements.",
                clausier::fr::format_percent(r.value.max_percent),
                format_article(&r.article)
            )
        } else {
            format!(
                "Au plus {} du montant du marché, et {} lorsque le titulaire est une PME (art. {}). Sans retenue, rien n’est prélevé sur les paiements.",
                clausier::fr::format_percent(r.value.max_percent),
                clausier::fr::format_percent(r.value.sme_cap_percent),
                format_article(&r.article)
            )
        });
        ui.end_row();
    });
}

fn turnover(ui: &mut Ui, ctx: &mut StepContext) {
    let factor = ctx.evaluation.map(|e| e.turnover_cap_factor);
    ui.heading("Chiffre d’affaires minimal exigé des candidats");
    ui.label(format!(
        "Laissez vide si vous n’en exigez pas : c’est le plus favorable aux PME. Une exigence supérieure à {} fois le montant estimé du lot doit être justifiée dans les documents de la consultation ou dans le rapport de présentation (art. R. 2142-7).",
        factor.map_or("–".to_string(), |x| format_number(x, 2))
    ));
    ui.add_space(SPACE_S);
    let names: Vec<String> = (0..ctx.project.allotment.lots.len())
        .map(|i| lot_name(ctx.project, i))
        .collect();
    if names.is_empty() {
        ui.label(RichText::new("Aucun lot : décrivez-les à l’étape « Allotissement ».").italics());
        return;
    }
    let error = Tokens::of(ui).severity(Severity::Error);
    let f = &mut ctx.form;
    // One block per lot: five columns would not fit beside the preview.
    for (i, lot) in ctx.project.allotment.lots.iter_mut().enumerate() {
        let name = &names[i];
        egui::Frame::group(ui.style())
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                // Same rounding as the rule that checks it.
                let cap = factor.map(|x| (lot.amount_cents as f64 * x).floor() as i64);
                let above = matches!((cap, lot.min_turnover_cents), (Some(c), Some(r)) if r > c);
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(name).strong());
                    ui.label(format!(
                        "— montant estimé {} HT",
                        format_euros(lot.amount_cents)
                    ));
                    match cap {
                        Some(c) if above => ui.label(
                            RichText::new(format!("— plafond {} dépassé", format_euros(c)))
                                .color(error),
                        ),
                        Some(c) => ui.label(format!("— plafond {}", format_euros(c))),
                        None => ui.label(""),
                    };
                });
                ui.horizontal(|ui| {
                    ui.label("Chiffre d’affaires minimal exigé");
                    f.optional_amount_cell(
                        ui,
                        &format!("Chiffre d’affaires minimal exigé, {name}"),
                        &format!("allotment.lots[{i}].min_turnover_cents"),
                        &mut lot.min_turnover_cents,
                        "€ HT",
                    );
                });
                if lot.min_turnover_cents.is_some() {
                    let path = format!("allotment.lots[{i}].min_turnover_justification");
                    let response = ui
                        .add(
                            TextEdit::multiline(&mut lot.min_turnover_justification)
                                .id_salt(&path)
                                .desired_rows(1)
                                .desired_width(ui.available_width())
                                .hint_text("Justification (obligatoire au-delà du plafond)"),
                        )
                        .accessible_name(format!(
                            "Justification du chiffre d’affaires exigé, {name}"
                        ));
                    f.claim_focus(&path, &response);
                }
            });
        ui.add_space(SPACE_S);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{harness, replace_text, scenario};
    use super::super::Step;
    use clausier::model::GroupementForm;
    use egui_kittest::kittest::Queryable;

    #[test]
    fn an_imposed_form_asks_for_its_justification() {
        let mut h = harness(Step::Sme, scenario("renovation-ecole"));
        h.run();
        assert!(h
            .query_by_label("Justification : pourquoi la bonne exécution l’exige")
            .is_none());
        h.get_by_label("Solidaire").click();
        h.run();
        assert_eq!(
            h.state().project.sme_access.groupement_form_after_award,
            GroupementForm::Several
        );
        replace_text(
            &mut h,
            "Justification : pourquoi la bonne exécution l’exige",
            "Ouvrage indivisible",
        );
        assert_eq!(
            h.state().project.sme_access.groupement_justification,
            "Ouvrage indivisible"
        );
        replace_text(&mut h, "Taux de l’avance (facultatif)", "12,5");
        assert_eq!(h.state().project.sme_access.advance_percent, Some(12.5));
    }

    #[test]
    fn minimum_turnover_is_typed_per_lot_against_its_cap() {
        let mut h = harness(Step::Sme, scenario("renovation-ecole"));
        h.run();
        // Lot 1 is worth 120 000 € HT: the cap is 1.5 times that from 2026.
        let label = "Chiffre d’affaires minimal exigé, Lot 1 — Curage, démolitions intérieures";
        replace_text(&mut h, label, "200 000");
        assert_eq!(
            h.state().project.allotment.lots[0].min_turnover_cents,
            Some(20_000_000)
        );
        h.get_by_label_contains("dépassé");
        replace_text(
            &mut h,
            "Justification du chiffre d’affaires exigé, Lot 1 — Curage, démolitions intérieures",
            "Chantier en site occupé",
        );
        assert_eq!(
            h.state().project.allotment.lots[0].min_turnover_justification,
            "Chantier en site occupé"
        );
        replace_text(&mut h, label, "");
        assert_eq!(h.state().project.allotment.lots[0].min_turnover_cents, None);
    }
}
