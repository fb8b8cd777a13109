//! Step 7 — check and generate: a summary of the answers, every finding (information
//! included), and the DOCX export, refused while errors remain.

use super::insertion::lot_name;
use super::StepContext;
use crate::ui::findings_panel;
use crate::ui::theme::{Tokens, SPACE_M, SPACE_S};
use crate::ui::widgets::{form_grid, on_screen, WHOLE as FIRST_ARTICLE};
use crate::ui::Command;
use clausier::fr::{capitalized, count_of, date_longue, format_euros, format_number, typeset};
use clausier::model::{field, Extract};
use clausier::reference::ReferenceData;
use clausier::rules::{hours, labels, Severity};
use egui::{RichText, Ui};

pub fn show(ui: &mut Ui, ctx: &mut StepContext) {
    summary(ui, ctx);
    ui.add_space(16.0);
    findings(ui, ctx);
    ui.add_space(16.0);
    notice_values(ui, ctx);
    ui.add_space(16.0);
    export(ui, ctx);
}

/// The values to type into the contract notice (eForms) and to publish (DECP), computed
/// from the same answers as the text.
fn notice_values(ui: &mut Ui, ctx: &StepContext) {
    let Some(evaluation) = ctx.evaluation else {
        return;
    };
    egui::CollapsingHeader::new(
        RichText::new("Valeurs pour l’avis de marché (eForms) et les données essentielles (DECP)")
            .strong(),
    )
    .id_salt("review-notice-values")
    .default_open(false)
    .show(ui, |ui| {
        // Computed only while the section is open: the review step is drawn every frame.
        let annex = clausier::document::notice_annex_blocks(ctx.project, evaluation);
        crate::ui::preview::blocks(ui, &annex);
    });
}

fn or_missing(text: &str) -> String {
    if text.trim().is_empty() {
        "non renseigné".to_string()
    } else {
        text.trim().to_string()
    }
}

fn summary(ui: &mut Ui, ctx: &StepContext) {
    let p = &*ctx.project;
    let e = ctx.evaluation;
    ui.heading("Vos réponses");
    form_grid(ui, "review-summary", |ui| {
        let row = |ui: &mut Ui, label: &str, value: String| {
            ui.label(label);
            ui.label(value);
            ui.end_row();
        };
        row(
            ui,
            "Acheteur",
            format!(
                "{} ({})",
                or_missing(&p.meta.buyer.name),
                labels::buyer_kind(p.meta.buyer.kind)
            ),
        );
        row(ui, "Objet", or_missing(&p.purchase.object));
        row(ui, "Nature", labels::nature(p.purchase.nature).to_string());
        row(
            ui,
            "Montant estimé",
            format!(
                "{} HT sur {} mois",
                format_euros(p.purchase.amount_cents),
                p.purchase.duration_months
            ),
        );
        if let Some(e) = e {
            row(ui, "Date de lancement retenue", date_longue(e.date));
            row(ui, "Procédure", e.procedure.regime.label().to_string());
        }
        row(
            ui,
            "Allotissement",
            if p.allotment.allotted {
                count_of(p.allotment.lots.len(), "lot", "lots")
            } else {
                "marché non alloti".to_string()
            },
        );
        row(
            ui,
            "Sourçage",
            if p.sourcing.done {
                format!(
                    "réalisé ({} enregistré{})",
                    count_of(p.sourcing.contacts.len(), "contact", "contacts"),
                    if p.sourcing.contacts.len() > 1 {
                        "s"
                    } else {
                        ""
                    }
                )
            } else {
                "non réalisé".to_string()
            },
        );
        row(
            ui,
            "Facilitateur",
            p.facilitator
                .as_ref()
                .map_or("aucun".to_string(), |f| or_missing(&f.organisation)),
        );
    });

    if p.allotment.lots.is_empty() {
        return;
    }
    ui.add_space(SPACE_M);
    ui.label(RichText::new("Leviers sociaux par lot").strong());
    let mut total_hours = 0u64;
    egui::Grid::new("review-levers")
        .num_columns(3)
        .spacing([14.0, 6.0])
        .striped(true)
        .show(ui, |ui| {
            for header in ["Lot", "Montant estimé", "Leviers sociaux"] {
                ui.label(RichText::new(header).strong());
            }
            ui.end_row();
            for (i, lot) in p.allotment.lots.iter().enumerate() {
                let name = lot_name(p, i);
                let short: String = name.chars().take(48).collect();
                if short.len() < name.len() {
                    ui.label(format!("{short}…")).on_hover_text(name);
                } else {
                    ui.label(name);
                }
                ui.label(format_euros(lot.amount_cents));
                let mut levers: Vec<String> = lot
                    .reservations
                    .iter()
                    .map(|r| {
                        format!(
                            "réservé {}",
                            ReferenceData::bundled().reservations.base(*r).short
                        )
                    })
                    .collect();
                match (
                    &lot.insertion_clause,
                    e.and_then(|e| e.lots.get(i)).and_then(|l| l.hours.as_ref()),
                ) {
                    (None, _) => {}
                    (Some(_), Some(h)) => {
                        total_hours += h.hours;
                        levers.push(format!("clause {} h", format_number(h.hours as f64, 0)));
                    }
                    (Some(_), None) => levers.push("clause : calcul impossible".into()),
                }
                if let Some(c) = &lot.insertion_criterion {
                    levers.push(format!(
                        "critère {}",
                        clausier::fr::format_percent(f64::from(c.weight_percent))
                    ));
                }
                if lot.insertion_market {
                    levers.push("marché d’insertion".into());
                }
                ui.label(if levers.is_empty() {
                    "—".to_string()
                } else {
                    levers.join(" ; ")
                });
                ui.end_row();
            }
        });
    if p.allotment
        .lots
        .iter()
        .any(|l| l.insertion_clause.is_some())
    {
        ui.add_space(SPACE_S);
        let data = ReferenceData::bundled();
        let months = p.purchase.duration_months;
        let fte = hours::fte(total_hours, data);
        let phrase = hours::fte_phrase(fte, hours::fte_per_year(total_hours, months, data), months);
        ui.label(format!(
            "Total des heures d’insertion : {} h, {phrase}.",
            format_number(total_hours as f64, 0),
        ));
    }
}

fn findings(ui: &mut Ui, ctx: &mut StepContext) {
    ui.heading("Constats");
    let Some(e) = ctx.evaluation else {
        ui.label("Contrôle en cours…");
        return;
    };
    ui.label(format!(
        "{}. Cliquez sur un constat pour aller au champ concerné.",
        capitalized(&findings_panel::counts_text(Some(e)))
    ));
    ui.add_space(SPACE_S);
    if let Some((step, field)) = findings_panel::show(ui, &e.findings, true) {
        ctx.commands.push(Command::GoTo(step, Some(field)));
    }
}

fn export(ui: &mut Ui, ctx: &mut StepContext) {
    ui.heading("Générer la section");
    export_settings(ui, ctx);
    ui.add_space(SPACE_S);
    let errors = ctx.evaluation.map_or(0, |e| e.count(Severity::Error));
    // A piece no clause reaches would export a page with its title alone.
    let empty = ctx
        .document
        .and_then(|d| d.empty_piece(ctx.project.output.extract));
    if let Some(empty) = empty {
        ui.label(
            RichText::new(on_screen(&typeset(&format!(
                "{}. Choisissez une autre pièce à exporter.",
                capitalized(&empty.to_string())
            ))))
            .color(Tokens::of(ui).error),
        );
    }
    let button = egui::Button::new(RichText::new("Exporter la section en DOCX…").size(18.0))
        .min_size(egui::vec2(320.0, 40.0));
    let response = ui
        .add_enabled(errors == 0 && empty.is_none(), button)
        .on_disabled_hover_text(if errors > 0 {
            "Corrigez d’abord les erreurs listées ci-dessus."
        } else {
            "La pièce choisie n’a aucun contenu pour ce projet."
        });
    if response.clicked() {
        ctx.commands.push(Command::ExportDocx);
    }
    let model = egui::Button::new("Exporter dans mon modèle…");
    let response = ui
        .add_enabled(errors == 0, model)
        .on_hover_text("Remplace les repères [[clausier:rc]], [[clausier:ccap]], [[clausier:annexes]], [[clausier:note]], [[clausier:acheteur]], [[clausier:objet]] et [[clausier:reference]] d’un modèle Word de votre service par les pièces et les valeurs du projet.");
    if response.clicked() {
        ctx.commands.push(Command::ExportIntoModel);
    }
    if let Some(model) = &ctx.project.output.model {
        ui.small(format!("Dernier modèle utilisé : {model}"));
    }
    if errors > 0 {
        ui.label(RichText::new(format!(
            "Export impossible tant que {} à corriger : cliquez sur chacune pour aller au champ concerné. Les avertissements, eux, n’empêchent pas l’export.",
            if errors > 1 { format!("{errors} erreurs restent") } else { "1 erreur reste".to_string() }
        )).color(Tokens::of(ui).error));
    } else {
        ui.label("Le document reprend l’aperçu affiché à droite. Relisez-le avec votre service juridique avant de l’intégrer au dossier de consultation.");
    }
    ui.add_space(SPACE_M);
    let info = ctx.library.info();
    let date = chrono::NaiveDate::parse_from_str(&info.date, "%Y-%m-%d")
        .map_or_else(|_| info.date.clone(), date_longue);
    ui.small(format!(
        "Bibliothèque de clauses : version {} du {date}.",
        info.version
    ));
}

/// Which piece the export holds and where its article numbers start: the section is pasted
/// among the buyer's own articles, so the first number is the buyer's to choose.
fn export_settings(ui: &mut Ui, ctx: &mut StepContext) {
    let output = &mut ctx.project.output;
    let options: Vec<(Extract, &str)> = Extract::ALL.iter().map(|e| (*e, e.label())).collect();
    form_grid(ui, "review-export", |ui| {
        ctx.form.combo(
            ui,
            "Pièce à exporter",
            field::OUTPUT_EXTRACT,
            &mut output.extract,
            &options,
        );
        ctx.form.parsed(
            ui,
            "Numéro du premier article (RC et CCAP)",
            field::OUTPUT_FIRST_ARTICLE,
            &mut output.first_article,
            &FIRST_ARTICLE,
            "",
        )
        .on_hover_text(
            "Laissé à 1, l’export dans votre modèle Word numérote les articles à la suite de ceux que le modèle numérote déjà avant le repère.",
        );
    });
    if output.first_article == 0 {
        output.first_article = 1;
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{harness, scenario};
    use super::super::Step;
    use crate::ui::Command;
    use clausier::model::Project;
    use egui_kittest::kittest::{NodeT, Queryable};

    #[test]
    fn export_is_refused_while_errors_remain_and_findings_lead_to_their_field() {
        let mut h = harness(Step::Review, Project::blank());
        h.run();
        let button = h.get_by_label("Exporter la section en DOCX…");
        assert!(button.accesskit_node().is_disabled());
        h.get_by_label_contains("Export impossible tant que");
        h.get_by_label_contains("Le montant estimé de l'achat doit être positif")
            .click();
        h.run();
        assert_eq!(
            h.state().commands,
            [Command::GoTo(
                Step::Need,
                Some("purchase.amount_cents".into())
            )]
        );
    }

    #[test]
    fn a_complete_project_can_be_exported() {
        let mut h = harness(Step::Review, scenario("renovation-ecole"));
        h.run();
        h.get_by_label_contains("Total des heures d’insertion");
        h.get_by_label_contains("Bibliothèque de clauses : version");
        h.get_by_label("Exporter la section en DOCX…").click();
        h.run();
        assert_eq!(h.state().commands, [Command::ExportDocx]);
    }

    #[test]
    fn notice_values_are_the_annex_of_the_document_drawn_once() {
        let project = scenario("renovation-ecole");
        let mut h = harness(Step::Review, project.clone());
        h.run();
        h.get_by_label_contains("Valeurs pour l’avis de marché")
            .click();
        h.run();
        // Every text of the annex the DOCX prints is on screen, and only once per table cell.
        let date = clausier::pipeline::law_date(
            &project,
            None,
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        );
        let assessment = clausier::pipeline::Assessment::new(
            &project,
            date,
            clausier::reference::ReferenceData::bundled(),
            None,
        );
        let annex = clausier::document::notice_annex_blocks(&project, &assessment.evaluation);
        for block in &annex {
            if let clausier::document::BlockKind::Heading { text, .. } = &block.kind {
                h.get_by_label(text);
            }
        }
        h.get_by_label("Marché stratégique (BT-06)");
        h.get_by_label("considerationsSociales");
        assert!(h.query_all_by_label("LOT-0008").count() >= 1);
        assert!(
            h.query_all_by_label_contains("res-ws").count() >= 1,
            "the reserved lot 8 says res-ws"
        );
        assert_eq!(
            h.query_all_by_label("Exécution réservée (BT-736)").count(),
            1,
            "one table of eForms values, not the document’s and a second one"
        );
    }
}
