//! A headless harness drawing one step as the app does (the evaluation is recomputed from
//! the project every frame), shared by the tests of the steps.

use super::{Step, StepContext};
use crate::ui::widgets::Form;
use crate::ui::Command;
use clausier::clauses::ClauseLibrary;
use clausier::model::Project;
use clausier::reference::ReferenceData;
use egui_kittest::Harness;
use std::collections::HashMap;

pub struct State {
    pub step: Step,
    pub project: Project,
    pub focus: Option<String>,
    pub buffers: HashMap<String, String>,
    pub selected_lot: usize,
    pub commands: Vec<Command>,
    library: ClauseLibrary,
    pub supply: crate::ui::supply::SupplyState,
}

/// Focuses the field named `label`, selects its text and types `text` over it.
pub fn replace_text(h: &mut Harness<'static, State>, label: &str, text: &str) {
    use egui_kittest::kittest::Queryable;
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    if !text.is_empty() {
        h.get_by_label(label).type_text(text);
    }
    h.run();
}

pub fn scenario(id: &str) -> Project {
    clausier::scenarios::find(id).unwrap().unwrap().project
}

pub fn harness(step: Step, project: Project) -> Harness<'static, State> {
    build(step, project, None, None, Harness::builder())
}

/// The same, with a supplier pack imported.
pub fn harness_with_pack(
    step: Step,
    project: Project,
    pack: clausier::supply::SupplyPack,
) -> Harness<'static, State> {
    build(step, project, None, Some(pack), Harness::builder())
}

/// The same, with a field to focus as a click on a finding would ask.
pub fn harness_focused(step: Step, project: Project, focus: &str) -> Harness<'static, State> {
    build(
        step,
        project,
        Some(focus.to_string()),
        None,
        Harness::builder(),
    )
}

fn build(
    step: Step,
    project: Project,
    focus: Option<String>,
    pack: Option<clausier::supply::SupplyPack>,
    builder: egui_kittest::HarnessBuilder<State>,
) -> Harness<'static, State> {
    let state = State {
        step,
        project,
        focus,
        buffers: HashMap::new(),
        selected_lot: 0,
        commands: Vec::new(),
        library: ClauseLibrary::bundled().unwrap(),
        supply: crate::ui::supply::SupplyState::with_pack(pack),
    };
    builder
        .with_size(egui::vec2(1900.0, 4000.0))
        .build_ui_state(
            |ui, s: &mut State| {
                let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
                let date = clausier::pipeline::law_date(&s.project, None, today);
                let assessment = clausier::pipeline::Assessment::new(
                    &s.project,
                    date,
                    ReferenceData::bundled(),
                    s.supply.pack.as_ref(),
                );
                // Only step 7 reads the assembled section (which piece is empty).
                let document = (s.step == Step::Review)
                    .then(|| {
                        clausier::pipeline::section(
                            &s.project,
                            &assessment,
                            &s.library,
                            ReferenceData::bundled(),
                            s.supply.pack.as_ref(),
                        )
                        .ok()
                    })
                    .flatten();
                let mut ctx = StepContext {
                    project: &mut s.project,
                    evaluation: Some(&assessment.evaluation),
                    supply_assessment: assessment.supply.as_ref(),
                    library: &s.library,
                    document: document.as_ref(),
                    form: Form {
                        focus: &mut s.focus,
                        buffers: &mut s.buffers,
                        findings: &assessment.evaluation.findings,
                    },
                    selected_lot: &mut s.selected_lot,
                    commands: &mut s.commands,
                    today,
                    supply: &s.supply,
                };
                super::show(s.step, ui, &mut ctx);
            },
            state,
        )
}
