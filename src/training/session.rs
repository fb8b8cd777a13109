//! A training session: the cases a trainer chose, each with its trainer notes and its
//! evaluation, and the quiz selection. Handouts, the session plan and the slides are built
//! from it, so that every export of one session speaks of the same cases.

use super::notes::TrainerNotes;
use crate::model::Project;
use crate::reference::ReferenceData;
use crate::rules::{evaluate, Evaluation};
use crate::scenarios::Scenario;
use chrono::NaiveDate;

/// One case of the session.
pub struct Case {
    pub id: String,
    pub project: Project,
    pub notes: TrainerNotes,
    pub evaluation: Evaluation,
}

impl Case {
    pub fn new(scenario: Scenario, notes: TrainerNotes, date: NaiveDate) -> Case {
        let evaluation = evaluate(&scenario.project, date, ReferenceData::bundled());
        Case {
            id: scenario.id,
            project: scenario.project,
            notes,
            evaluation,
        }
    }

    pub fn title(&self) -> &str {
        self.project.meta.title.trim()
    }
}

/// The bundled cases of these ids, in the order given, evaluated at the date `date_of`
/// gives for each project. An unknown id, a case without notes or the same case twice is
/// refused with a French message naming it.
pub fn bundled_cases(
    ids: &[String],
    date_of: impl Fn(&Project) -> NaiveDate,
) -> Result<Vec<Case>, String> {
    if ids.is_empty() {
        return Err("indiquez au moins un scénario (la liste : `clausier scenarios`)".into());
    }
    let scenarios = crate::scenarios::bundled().map_err(|e| e.to_string())?;
    let notes = super::notes::bundled().map_err(|e| e.to_string())?;
    let mut cases = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        if ids[..i].contains(id) {
            return Err(format!("le scénario « {id} » est donné deux fois"));
        }
        let scenario = scenarios.iter().find(|s| &s.id == id).ok_or_else(|| {
            format!("scénario « {id} » inconnu (la liste : `clausier scenarios`)")
        })?;
        let notes = notes
            .iter()
            .find(|n| &n.scenario == id)
            .ok_or_else(|| format!("le scénario « {id} » n'a pas de notes pour le formateur"))?;
        let scenario = Scenario {
            id: scenario.id.clone(),
            project: scenario.project.clone(),
        };
        let date = date_of(&scenario.project);
        cases.push(Case::new(scenario, notes.clone(), date));
    }
    Ok(cases)
}

/// « Rénovation de l'école » or « Rénovation de l'école ; Entretien des espaces verts »: the
/// session as its documents name it.
pub fn session_title(cases: &[Case]) -> String {
    cases
        .iter()
        .map(Case::title)
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// The line at the foot of every slide: what the pages are, never a real tender's look.
pub fn slides_footer(cases: &[Case]) -> String {
    format!(
        "Support de formation — {} — cas fictif{}",
        session_title(cases),
        if cases.len() > 1 { "s" } else { "" }
    )
}
