//! Scenarios bundled with the app: realistic projects for trainers, tests and benches.

use crate::model::{parse_project, LoadError, Project};
use std::path::Path;

pub struct Scenario {
    pub id: String,
    pub project: Project,
}

impl Scenario {
    pub fn title(&self) -> &str {
        &self.project.meta.title
    }
}

/// Every bundled scenario, sorted by id. The test suite guarantees they all load.
pub fn bundled() -> Result<Vec<Scenario>, LoadError> {
    crate::bundled::BUNDLED_SCENARIOS
        .iter()
        .map(|(file, text)| {
            let id = file.trim_end_matches(".ron").to_string();
            let path = Path::new("assets/scenarios").join(file);
            parse_project(text.as_bytes(), &path).map(|project| Scenario { id, project })
        })
        .collect()
}

pub fn find(id: &str) -> Result<Option<Scenario>, LoadError> {
    Ok(bundled()?.into_iter().find(|s| s.id == id))
}

/// Whether `name` is the fictional buyer of a training example: a copy of an example saved
/// during a session says nothing of the user's own organisation.
pub fn is_example_buyer(name: &str) -> bool {
    // Parsed once: the window asks on every save.
    static BUYERS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let buyers = BUYERS.get_or_init(|| {
        bundled()
            .unwrap_or_default()
            .iter()
            .map(|s| s.project.meta.buyer.name.trim().to_string())
            .collect()
    });
    buyers.iter().any(|b| b == name.trim())
}

/// The scenario's file as shipped, comments included.
pub fn source(id: &str) -> Option<&'static str> {
    crate::bundled::BUNDLED_SCENARIOS
        .iter()
        .find(|(file, _)| file.trim_end_matches(".ron") == id)
        .map(|(_, text)| *text)
}
