//! The "Pourquoi ?" explanations of each wizard step, kept with the reference data
//! (assets/steps.ron) and completed by the explanations of the clauses each step drives.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepHelp {
    pub key: String,
    /// What the step decides and why it matters, in plain French.
    pub intro: String,
    /// Articles to cite, "L2113-10" style.
    pub articles: Vec<String>,
    /// Clauses whose explanations complete this help.
    pub clauses: Vec<String>,
}

const STEPS_RON: &str = include_str!("../assets/steps.ron");

/// Every step's help; the test suite guarantees the bundled file loads.
pub fn steps() -> &'static [StepHelp] {
    static HELP: std::sync::OnceLock<Vec<StepHelp>> = std::sync::OnceLock::new();
    HELP.get_or_init(|| {
        ron::from_str(STEPS_RON).unwrap_or_else(|e| panic!("assets/steps.ron is invalid: {e}"))
    })
}

pub fn for_step(key: &str) -> Option<&'static StepHelp> {
    steps().iter().find(|s| s.key == key)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_step_has_help_and_its_clauses_exist() {
        let library = crate::clauses::ClauseLibrary::bundled().unwrap();
        let keys = [
            "besoin",
            "sourcage",
            "allotissement",
            "leviers",
            "insertion",
            "pme",
            "verifier",
        ];
        for key in keys {
            let help = super::for_step(key).unwrap_or_else(|| panic!("no help for {key}"));
            assert!(help.intro.len() > 100, "{key}: intro too short");
            for id in &help.clauses {
                assert!(library.get(id).is_some(), "{key}: unknown clause {id}");
            }
        }
    }
}
