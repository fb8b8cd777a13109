//! Trainer mode in the window: the scenario library with its notes, the comparison of two
//! lever choices, the projector view with live « Et si… ? » toggles, and the quiz. Everything
//! shown is computed by the core (`clausier::training`), as for a real consultation.

mod compare;
mod library;
mod presentation;
mod quiz;
mod what_if_panel;

pub use compare::show as show_compare;
pub use library::show as show_library;
pub use presentation::show as show_presentation;
pub use quiz::show as show_quiz;

use chrono::NaiveDate;
use clausier::clauses::ClauseLibrary;
use clausier::model::Project;
use clausier::reference::ReferenceData;
use clausier::scenarios::Scenario;
use clausier::training::compare::{Comparison, Side};
use clausier::training::quiz::QuizRun;
use clausier::training::what_if::WhatIf;
use clausier::training::{Quiz, TrainerNotes};

/// What the comparison starts from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Scenario(String),
    /// The project open in the wizard.
    CurrentProject,
}

pub struct Trainer {
    pub scenarios: Vec<Scenario>,
    pub notes: Vec<TrainerNotes>,
    pub quiz: Quiz,
    /// Problems loading the bundled material (shown, never a panic).
    pub problem: Option<String>,
    /// The scenario picked in the library; presented and handed out.
    pub selected: String,
    pub source: Source,
    pub what_if: WhatIf,
    /// Lot whose lever the keyboard changes in the presentation.
    pub focus_lot: usize,
    pub slide: usize,
    pub show_answers: bool,
    pub run: QuizRun,
    comparison: Option<(Source, WhatIf, NaiveDate, Comparison)>,
}

impl Default for Trainer {
    fn default() -> Self {
        let mut problem = None;
        let scenarios = clausier::scenarios::bundled().unwrap_or_else(|e| {
            problem = Some(e.to_string());
            Vec::new()
        });
        let notes = clausier::training::notes::bundled().unwrap_or_else(|e| {
            problem = Some(e.to_string());
            Vec::new()
        });
        let quiz = clausier::training::quiz::bundled().unwrap_or_else(|e| {
            problem = Some(e.to_string());
            Quiz {
                version: 1,
                questions: Vec::new(),
            }
        });
        let selected = scenarios.first().map(|s| s.id.clone()).unwrap_or_default();
        Trainer {
            source: Source::Scenario(selected.clone()),
            selected,
            scenarios,
            notes,
            quiz,
            problem,
            what_if: WhatIf::default(),
            focus_lot: 0,
            slide: 0,
            show_answers: false,
            run: QuizRun::default(),
            comparison: None,
        }
    }
}

impl Trainer {
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.id == id)
    }

    pub fn notes_for(&self, id: &str) -> Option<&TrainerNotes> {
        self.notes.iter().find(|n| n.scenario == id)
    }

    /// Picks a scenario: the comparison and the presentation start from it, unchanged.
    pub fn select(&mut self, id: &str) {
        if self.selected != id || self.source != Source::Scenario(id.to_string()) {
            self.selected = id.to_string();
            self.source = Source::Scenario(id.to_string());
            self.what_if = WhatIf::default();
            self.focus_lot = 0;
            self.slide = 0;
            self.show_answers = false;
        }
    }

    pub fn set_source(&mut self, source: Source) {
        if self.source != source {
            if let Source::Scenario(id) = &source {
                self.selected = id.clone();
            }
            self.source = source;
            self.what_if = WhatIf::default();
            self.focus_lot = 0;
        }
    }

    /// The project the comparison and the toggles start from.
    pub fn base<'a>(&'a self, current: &'a Project) -> Option<&'a Project> {
        match &self.source {
            Source::Scenario(id) => self.scenario(id).map(|s| &s.project),
            Source::CurrentProject => Some(current),
        }
    }

    /// The comparison « as designed » / « with the changes », recomputed only when the
    /// source, the changes or the date change.
    pub fn comparison(
        &mut self,
        current: &Project,
        today: NaiveDate,
        library: &ClauseLibrary,
    ) -> Option<&Comparison> {
        let base = self.base(current)?;
        let fresh = self.comparison.as_ref().is_some_and(|(s, w, d, c)| {
            *s == self.source && *w == self.what_if && *d == today && c.left.project == *base
        });
        if !fresh {
            let base = base.clone();
            let data = ReferenceData::bundled();
            let variant = self.what_if.apply(&base, data);
            let comparison = Comparison::new(
                Side::new("Tel que conçu", base, today, library, data),
                Side::new("Avec les changements", variant, today, library, data),
            );
            self.comparison = Some((self.source.clone(), self.what_if.clone(), today, comparison));
        }
        self.comparison.as_ref().map(|(_, _, _, c)| c)
    }
}
