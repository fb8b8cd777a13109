//! Trainer notes: one `assets/trainer/<scenario id>.ron` file per bundled scenario.

use crate::model::LoadError;
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainerNotes {
    /// Id of the scenario (its file name in assets/scenarios without `.ron`).
    pub scenario: String,
    /// Who the case is written for, e.g. « Services techniques bâtiment, acheteurs débutants ».
    pub audience: String,
    pub duration_minutes: u32,
    /// The case told in a few sentences: first thing shown and first part of the handout.
    pub summary: String,
    pub learning_goals: Vec<String>,
    pub key_points: Vec<KeyPoint>,
    pub discussion_questions: Vec<String>,
    pub misconceptions: Vec<Misconception>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyPoint {
    pub text: String,
    /// Article(s) or text the point rests on, « L2113-13 » style; empty when none applies.
    pub reference: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Misconception {
    /// What participants often believe, in their words.
    pub belief: String,
    /// What the law and practice actually say.
    pub correction: String,
    pub reference: String,
}

impl Misconception {
    /// The belief between French quotation marks, whether or not the file already has them.
    pub fn belief_quoted(&self) -> String {
        let bare = self
            .belief
            .trim()
            .trim_start_matches('«')
            .trim_end_matches('»')
            .trim();
        format!("« {bare} »")
    }
}

/// Notes of every bundled scenario, in scenario-id order.
pub fn bundled() -> Result<Vec<TrainerNotes>, LoadError> {
    crate::bundled::BUNDLED_TRAINER_NOTES
        .iter()
        .map(|(file, text)| parse(text, &Path::new("assets/trainer").join(file)))
        .collect()
}

pub fn for_scenario(id: &str) -> Option<TrainerNotes> {
    bundled().ok()?.into_iter().find(|n| n.scenario == id)
}

pub fn parse(text: &str, path: &Path) -> Result<TrainerNotes, LoadError> {
    ron::Options::default()
        .from_str(text)
        .map_err(|e| crate::model::spanned_error(path, &e))
}
