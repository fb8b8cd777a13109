//! Step placeholder, written next.

use super::StepContext;
use egui::Ui;

pub fn show(ui: &mut Ui, _ctx: &mut StepContext) {
    ui.label("…");
}
