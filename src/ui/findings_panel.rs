//! The findings list: each finding with its severity, message and article; a click takes
//! the user to the step and field concerned.

use crate::ui::steps::{step_of_field, Step};
use clausier::rules::{Finding, Severity};
use egui::{Color32, RichText, Ui};

pub fn severity_color(severity: Severity, dark: bool) -> Color32 {
    match (severity, dark) {
        (Severity::Error, false) => Color32::from_rgb(0xB0, 0x1A, 0x22),
        (Severity::Error, true) => Color32::from_rgb(0xFF, 0x8A, 0x8A),
        (Severity::Warning, false) => Color32::from_rgb(0x8A, 0x52, 0x00),
        (Severity::Warning, true) => Color32::from_rgb(0xFF, 0xC8, 0x6B),
        (Severity::Info, false) => Color32::from_rgb(0x1F, 0x4E, 0x8C),
        (Severity::Info, true) => Color32::from_rgb(0x9C, 0xC3, 0xFF),
    }
}

/// Colour of a step without errors or warnings.
pub fn complete_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x7F, 0xD6, 0x8F)
    } else {
        Color32::from_rgb(0x1E, 0x7B, 0x34)
    }
}

/// Draws the list; returns the finding the user clicked on, with its step.
pub fn show(ui: &mut Ui, findings: &[Finding], include_info: bool) -> Option<(Step, String)> {
    let mut clicked = None;
    let dark = ui.visuals().dark_mode;
    let shown: Vec<&Finding> = findings
        .iter()
        .filter(|f| include_info || f.severity != Severity::Info)
        .collect();
    if shown.is_empty() {
        ui.label("Aucun constat à signaler.");
    }
    for f in shown {
        let suffix = f.reference_suffix(" (à vérifier)");
        let text = format!("{} : {}{suffix}", capitalise(f.severity.label()), f.message);
        let step = step_of_field(&f.field);
        let response = ui
            .add(
                egui::Button::new(RichText::new(text).color(severity_color(f.severity, dark)))
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

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
