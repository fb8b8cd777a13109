//! The findings list: each finding with its severity, message and article; a click takes
//! the user to the step and field concerned.

use crate::ui::steps::{step_of_field, Step};
use crate::ui::theme::Tokens;
use clausier::fr::capitalized;
use clausier::rules::{Finding, Severity};
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
        ui.label("Aucun constat à signaler.");
    }
    for f in shown {
        let suffix = f.reference_suffix(" (à vérifier)");
        let text = format!(
            "{} : {}{suffix}",
            capitalized(f.severity.label()),
            f.message
        );
        let step = step_of_field(&f.field);
        let response = ui
            .add(
                egui::Button::new(RichText::new(text).color(tokens.severity(f.severity)))
                    .wrap()
                    .frame(false),
            )
            .on_hover_text(format!("Aller à l'étape « {} » ({})", step.title(), f.code));
        if response.clicked() {
            clicked = Some((step, f.field.clone()));
        }
        ui.add_space(2.0);
    }
    clicked
}
