//! Step 1 — the need: buyer, object, nature, amount, duration, launch date; the procedure,
//! thresholds and 2026 obligations shown as soon as the amount is typed.

use super::StepContext;
use crate::ui::theme::{Tokens, SPACE_L};
use crate::ui::widgets::{form_grid, info_box};
use crate::ui::widgets::{OPTIONAL_AMOUNT, WHOLE};
use clausier::fr::{date_longue, format_euros, format_references};
use clausier::model::{BuyerKind, Nature};
use clausier::reference::ReferenceData;
use egui::{RichText, Ui};

pub const BUYER_KINDS: [(BuyerKind, &str); 5] = [
    (
        BuyerKind::LocalAuthority,
        "Collectivité territoriale ou groupement",
    ),
    (BuyerKind::CentralGovernment, "Service de l’État"),
    (
        BuyerKind::PublicBody,
        "Établissement public, hôpital, bailleur social…",
    ),
    (BuyerKind::Utility, "Entité adjudicatrice (réseaux)"),
    (
        BuyerKind::DefenceSecurity,
        "Marché de défense ou de sécurité",
    ),
];

pub const NATURES: [(Nature, &str); 3] = [
    (Nature::Works, "Travaux"),
    (Nature::Supplies, "Fournitures"),
    (Nature::Services, "Services"),
];

pub fn show(ui: &mut Ui, ctx: &mut StepContext) {
    let p = &mut *ctx.project;
    let f = &mut ctx.form;
    // The fields every project needs and no default can fill come first, in the order a
    // buyer states them, so that the keyboard goes from one to the next: the purchase, then
    // the environmental condition and criterion the law asks of every consultation; the
    // choices with a usual default follow, then what the law provides, then the optional
    // details.
    ui.heading("L’achat");
    form_grid(ui, "need-purchase", |ui| {
        f.text(ui, "Acheteur", "meta.buyer.name", &mut p.meta.buyer.name);
        f.text(
            ui,
            "Objet de l’achat",
            "purchase.object",
            &mut p.purchase.object,
        );
        f.amount(
            ui,
            "Montant estimé (toutes périodes comprises)",
            "purchase.amount_cents",
            &mut p.purchase.amount_cents,
        );
        f.parsed(
            ui,
            "Durée totale",
            "purchase.duration_months",
            &mut p.purchase.duration_months,
            &WHOLE,
            "mois",
        );
    });
    ui.add_space(SPACE_L);
    ui.heading("Considérations environnementales");
    let climate = &ReferenceData::bundled().thresholds.climate_law;
    ui.label(format!(
        "{}, hors marchés de défense ou de sécurité. Elles relèvent d’autres parties du CCAP et du RC ; indiquez-les pour que le contrôle en tienne compte.",
        obligation_since(&climate.environmental_condition_from)
    ));
    form_grid(ui, "need-environment", |ui| {
        f.optional_text(
            ui,
            "Condition d’exécution environnementale",
            "environment.condition",
            &mut p.environment.condition,
            true,
        );
        f.optional_text(
            ui,
            "Critère d’attribution environnemental",
            "environment.criterion",
            &mut p.environment.criterion,
            true,
        );
    });
    ui.add_space(SPACE_L);
    ui.heading("Cadre de la consultation");
    form_grid(ui, "need-frame", |ui| {
        f.combo(
            ui,
            "Type d’acheteur",
            "meta.buyer.kind",
            &mut p.meta.buyer.kind,
            &BUYER_KINDS,
        );
        f.combo(
            ui,
            "Nature",
            "purchase.nature",
            &mut p.purchase.nature,
            &NATURES,
        );
        f.date(
            ui,
            "Date de lancement de la consultation",
            "meta.launch_date",
            &mut p.meta.launch_date,
        );
        f.checkbox(
            ui,
            "Services sociaux ou autres services spécifiques (avis annexé au code)",
            "purchase.specific_services",
            &mut p.purchase.specific_services,
        );
    });
    ui.add_space(SPACE_L);
    if let Some(evaluation) = ctx.evaluation {
        let pr = &evaluation.procedure;
        info_box(ui, "Ce que le droit prévoit pour cet achat", |ui| {
            ui.label(format!(
                "Règles applicables à une consultation lancée le {}.",
                date_longue(evaluation.date)
            ));
            ui.label(format!(
                "Procédure : {} — {}.",
                pr.regime.label(),
                pr.publicity.label()
            ));
            ui.label(format!(
                "Seuil européen pour cet acheteur et cette nature : {} HT ; dispense de publicité en dessous de {} HT.",
                format_euros(pr.eu_threshold_cents),
                format_euros(pr.no_publicity_threshold_cents)
            ));
            if let Some(threshold) = pr.social_services_eu_cents {
                ui.label(format!(
                    "Services sociaux ou spécifiques : procédure adaptée quel que soit le montant ; avis au JOUE en plus de l’avis national à partir de {} HT.",
                    format_euros(threshold)
                ));
            }
            if pr.climate_law_applies {
                if pr.social_condition_mandatory {
                    ui.label(format!(
                        "{} : au moins une condition d’exécution sociale ou liée à l’emploi dans chaque lot (sauf exception dont les raisons sont consignées).",
                        obligation_since(&climate.social_condition_from)
                    ));
                } else {
                    ui.label("Sous le seuil européen, la condition d’exécution sociale reste facultative mais recommandée.");
                }
                if pr.environmental_condition_mandatory {
                    ui.label(format!(
                        "{} : une condition d’exécution environnementale.",
                        obligation_since(&climate.environmental_condition_from)
                    ));
                }
                if pr.environmental_criterion_mandatory {
                    ui.label(format!(
                        "{} : au moins un critère d’attribution environnemental.",
                        obligation_since(&climate.environmental_criterion_from)
                    ));
                }
            } else if !clausier::rules::predicates::climate_law_covers(
                p.meta.buyer.kind,
                ReferenceData::bundled(),
            ) {
                ui.label("Marché de défense ou de sécurité : les conditions et critères environnementaux et sociaux imposés aux autres marchés par la loi Climat et Résilience ne s’appliquent pas ; ils restent possibles.");
            }
            if !pr.thresholds_known {
                ui.label(RichText::new("Seuils inconnus pour cette date : les derniers seuils connus sont appliqués (à vérifier).").color(Tokens::of(ui).error));
            }
        });
    }
    ui.add_space(SPACE_L);
    details(ui, ctx);
}

/// « Obligation pour une consultation engagée depuis le … », with the doubt the data records.
fn obligation_since(row: &clausier::reference::Dated<chrono::NaiveDate>) -> String {
    let doubt = if row.to_verify {
        " (date à vérifier)"
    } else {
        ""
    };
    format!(
        "Obligation pour une consultation engagée depuis le {}{doubt}",
        date_longue(row.value)
    )
}

/// What the document can do without: the project's own references, the buyer's contact and
/// size, the purchase's code, place and description.
fn details(ui: &mut Ui, ctx: &mut StepContext) {
    let p = &mut *ctx.project;
    let f = &mut ctx.form;
    ui.heading("Précisions sur l’acheteur et l’achat");
    form_grid(ui, "need-meta", |ui| {
        f.text(ui, "Intitulé du projet", "meta.title", &mut p.meta.title);
        f.text(
            ui,
            "Référence de la consultation",
            "meta.reference",
            &mut p.meta.reference,
        );
        f.text(ui, "Rédacteur", "meta.author", &mut p.meta.author);
        f.text(
            ui,
            "Contact de l’acheteur",
            "meta.buyer.contact_name",
            &mut p.meta.buyer.contact_name,
        );
        f.text(
            ui,
            "Courriel du contact",
            "meta.buyer.contact_email",
            &mut p.meta.buyer.contact_email,
        );
        f.text(
            ui,
            "Téléphone du contact",
            "meta.buyer.contact_phone",
            &mut p.meta.buyer.contact_phone,
        );
        let large_body = &ReferenceData::bundled().thresholds.large_body;
        f.checkbox(
            ui,
            &large_body.value.short_label,
            "meta.buyer.large_body",
            &mut p.meta.buyer.large_body,
        );
        ui.label("");
        ui.small(format!(
            "Dépenses réelles de fonctionnement d’une collectivité, d’un établissement public local ou d’un groupement, ou charges d’un établissement public administratif de l’État hors santé, au titre de l’avant-dernier exercice clos (art. {}). Une PME titulaire a alors droit à une avance minimale plus élevée et à une retenue de garantie plafonnée plus bas. Sans objet pour l’État, déjà soumis à ces règles.",
            format_references(&large_body.article)
        ));
        ui.end_row();
        f.parsed(
            ui,
            "Volume annuel d’achats (facultatif)",
            "meta.buyer.annual_purchasing_cents",
            &mut p.meta.buyer.annual_purchasing_cents,
            &OPTIONAL_AMOUNT,
            "€ HT par an",
        );
        f.optional_text(
            ui,
            "Code CPV principal (facultatif)",
            "purchase.cpv",
            &mut p.purchase.cpv,
            false,
        );
        f.text(
            ui,
            "Lieu d’exécution",
            "purchase.place",
            &mut p.purchase.place,
        );
        f.multiline(
            ui,
            "Description du besoin",
            "purchase.needs",
            &mut p.purchase.needs,
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    /// A new buyer kind or nature added to the model must get its words in the form.
    #[test]
    fn every_buyer_kind_and_nature_has_its_label_in_the_form() {
        for kind in BuyerKind::iter() {
            assert!(BUYER_KINDS.iter().any(|(k, _)| *k == kind), "{kind:?}");
        }
        for nature in Nature::iter() {
            assert!(NATURES.iter().any(|(n, _)| *n == nature), "{nature:?}");
        }
    }
}
