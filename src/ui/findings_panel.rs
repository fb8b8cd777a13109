//! The findings list: each finding with its severity, message and article; a click takes
//! the user to the step and field concerned.

use crate::ui::steps::{step_of_field, Step};
use crate::ui::theme::Tokens;
use clausier::fr::{capitalized, count_of};
use clausier::rules::{Evaluation, Finding, Severity};
use egui::{RichText, Ui};

/// Draws the list; returns the finding the user clicked on, with its step.
pub fn show(ui: &mut Ui, findings: &[Finding], include_info: bool) -> Option<(Step, String)> {
    let mut clicked = None;
    let tokens = Tokens::of(ui);
    let shown: Vec<&Finding> = findings
        .iter()
        .filter(|f| include_info || f.severity != Severity::Info)
        .collect();
    if shown.is_empty() {
        // Never « aucun constat » under a header that counts some: the infos are elsewhere.
        let hidden = findings.len();
        ui.label(if hidden == 0 {
            "Aucun constat à signaler.".to_string()
        } else {
            format!(
                "Aucune erreur ni aucun avertissement ; {} à lire à l’étape « Vérifier et générer ».",
                count_of(hidden, "information", "informations")
            )
        });
    }
    for f in shown {
        let suffix = f.reference_suffix(" (à vérifier)");
        let text = format!(
            "{} : {}{suffix}",
            capitalized(f.severity.label()),
            crate::ui::widgets::on_screen(&f.message)
        );
        let step = step_of_field(&f.field);
        let response = ui
            .add(
                egui::Button::new(RichText::new(text).color(tokens.severity(f.severity)))
                    .wrap()
                    .frame(false),
            )
            .on_hover_text(format!("Aller à l’étape « {} »", step.title()));
        if response.clicked() {
            clicked = Some((step, f.field.clone()));
        }
        ui.add_space(2.0);
    }
    clicked
}

/// « 2 erreurs, 0 avertissement, 1 information ».
pub fn counts_text(evaluation: Option<&Evaluation>) -> String {
    let count = |s| evaluation.map_or(0, |e| e.count(s));
    format!(
        "{}, {}, {}",
        count_of(count(Severity::Error), "erreur", "erreurs"),
        count_of(count(Severity::Warning), "avertissement", "avertissements"),
        count_of(count(Severity::Info), "information", "informations")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::kittest::Queryable;
    use egui_kittest::Harness;

    fn info(code: &'static str) -> Finding {
        Finding {
            code,
            severity: Severity::Info,
            message: "Petit lot possible".into(),
            legal_ref: String::new(),
            field: "allotment.lots[0].amount_cents".into(),
            lot: Some(1),
            to_verify: false,
            verify_reason: String::new(),
        }
    }

    #[test]
    fn a_panel_hiding_infos_does_not_say_there_is_nothing() {
        let findings = vec![info("SMALL_LOT_ELIGIBLE"), info("SMALL_LOT_ELIGIBLE")];
        let mut harness = Harness::new_ui_state(
            |ui, findings: &mut Vec<Finding>| {
                show(ui, findings, false);
            },
            findings,
        );
        harness.run();
        assert!(harness.query_by_label_contains("Aucun constat").is_none());
        harness.get_by_label_contains("2 informations à lire");
    }

    #[test]
    fn counts_agree_and_show_no_code() {
        assert_eq!(
            counts_text(None),
            "0 erreur, 0 avertissement, 0 information"
        );
        let findings = vec![info("SMALL_LOT_ELIGIBLE")];
        let mut harness = Harness::new_ui_state(
            |ui, findings: &mut Vec<Finding>| {
                show(ui, findings, true);
            },
            findings,
        );
        harness.run();
        harness.get_by_label_contains("Petit lot possible").hover();
        harness.run();
        assert!(harness
            .query_by_label_contains("SMALL_LOT_ELIGIBLE")
            .is_none());
    }
}
