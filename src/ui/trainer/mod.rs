//! Trainer mode in the window: the scenario library with its notes and the session's cases,
//! the comparison of two lever choices, the projector view that draws the session's slide
//! deck with live « Et si… ? » toggles, the quiz (alone, or in the room on the projector),
//! and the exports. Everything shown is computed by the core (`clausier::training`), as for a
//! real consultation.

mod compare;
pub mod exports;
mod library;
mod presentation;
mod quiz;
mod quiz_projector;
mod slide_view;
mod what_if_panel;

pub use compare::show as show_compare;
pub use library::show as show_library;
pub use presentation::show as show_presentation;
pub use quiz::show as show_quiz;
pub use quiz_projector::show as show_quiz_projector;

use chrono::NaiveDate;
use clausier::clauses::ClauseLibrary;
use clausier::model::Project;
use clausier::reference::ReferenceData;
use clausier::scenarios::Scenario;
use clausier::training::compare::{Comparison, Side};
use clausier::training::deck::{self, Deck, LawTopic};
use clausier::training::quiz::{QuizRun, Selection};
use clausier::training::quiz_room::{self, Room, Scoring};
use clausier::training::session::{self, Case};
use clausier::training::what_if::WhatIf;
use clausier::training::{Quiz, TrainerNotes};
use std::collections::HashMap;

/// What the comparison starts from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Scenario(String),
    /// The project open in the wizard.
    CurrentProject,
}

/// How the room is scored in the projector quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomScoring {
    Teams(usize),
    Hands(u32),
}

pub struct Trainer {
    pub scenarios: Vec<Scenario>,
    pub notes: Vec<TrainerNotes>,
    pub quiz: Quiz,
    pub law: Vec<LawTopic>,
    /// Problems loading the bundled material (shown, never a panic).
    pub problem: Option<String>,
    /// The scenario picked in the library; its notes are shown.
    pub selected: String,
    /// The cases of the session, in order; empty: the selected scenario alone.
    pub session: Vec<String>,
    pub source: Source,
    pub what_if: WhatIf,
    /// Changes prepared on the session's other cases, kept while another case is shown.
    stashed: HashMap<String, WhatIf>,
    /// Lot whose lever the keyboard changes in the presentation.
    pub focus_lot: usize,
    pub slide: usize,
    pub show_answers: bool,
    /// The quiz chosen for the session: themes, count, order.
    pub selection: Selection,
    pub scoring: RoomScoring,
    pub run: QuizRun,
    pub room: Option<Room>,
    /// The room's answer picked with A to D before the reveal.
    pub room_choice: Option<usize>,
    comparison: Option<(Source, WhatIf, NaiveDate, Comparison)>,
    cases: Option<(Vec<String>, NaiveDate, Vec<Case>)>,
}

/// Questions of a quiz unless the trainer chooses otherwise: about a quarter of an hour.
pub const DEFAULT_QUIZ_COUNT: usize = 10;

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
                themes: Vec::new(),
                questions: Vec::new(),
            }
        });
        let law = deck::law_topics().unwrap_or_else(|e| {
            problem = Some(e.to_string());
            Vec::new()
        });
        let selected = scenarios.first().map(|s| s.id.clone()).unwrap_or_default();
        let selection = Selection {
            themes: Vec::new(),
            count: Some(DEFAULT_QUIZ_COUNT),
            seed: None,
        };
        let run = QuizRun::new(quiz.select(&selection).unwrap_or_default());
        Trainer {
            source: Source::Scenario(selected.clone()),
            selected,
            session: Vec::new(),
            scenarios,
            notes,
            quiz,
            law,
            problem,
            what_if: WhatIf::default(),
            stashed: HashMap::new(),
            focus_lot: 0,
            slide: 0,
            show_answers: false,
            selection,
            scoring: RoomScoring::Teams(2),
            run,
            room: None,
            room_choice: None,
            comparison: None,
            cases: None,
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
            self.stashed.clear();
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
            self.stashed.clear();
            self.focus_lot = 0;
        }
    }

    /// Shows case `id` of the session in the presentation, keeping the changes prepared on
    /// each case.
    pub fn focus_case(&mut self, id: &str) {
        let target = Source::Scenario(id.to_string());
        if self.source == target {
            return;
        }
        if let Source::Scenario(old) = &self.source {
            let old = old.clone();
            let changes = std::mem::take(&mut self.what_if);
            self.stashed.insert(old, changes);
        }
        self.what_if = self.stashed.remove(id).unwrap_or_default();
        self.source = target;
        self.focus_lot = 0;
    }

    /// The changes prepared on case `id`, wherever they are kept.
    pub fn what_if_of(&self, id: &str) -> Option<&WhatIf> {
        match &self.source {
            Source::Scenario(current) if current == id => Some(&self.what_if),
            _ => self.stashed.get(id),
        }
    }

    /// The session's case ids: the ticked cases, or the selected one.
    pub fn session_ids(&self) -> Vec<String> {
        if self.session.is_empty() {
            vec![self.selected.clone()]
        } else {
            self.session.clone()
        }
    }

    pub fn in_session(&self, id: &str) -> bool {
        self.session.iter().any(|s| s == id)
    }

    pub fn toggle_in_session(&mut self, id: &str) {
        if let Some(i) = self.session.iter().position(|s| s == id) {
            self.session.remove(i);
        } else {
            self.session.push(id.to_string());
        }
        self.slide = 0;
    }

    /// The session's cases with their evaluation, recomputed when the cases or the date
    /// change.
    pub fn cases(&mut self, today: NaiveDate) -> Result<&[Case], String> {
        let ids = self.session_ids();
        let fresh = self
            .cases
            .as_ref()
            .is_some_and(|(i, d, _)| *i == ids && *d == today);
        if !fresh {
            let cases = session::bundled_cases(&ids, |project| {
                clausier::rules::effective_date(project, today)
            })?;
            self.cases = Some((ids, today, cases));
        }
        Ok(self
            .cases
            .as_ref()
            .map(|(_, _, c)| c.as_slice())
            .unwrap_or(&[]))
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

    /// The session's deck for the screen, with the « Et si… ? » slide of every case and the
    /// changes of the case shown.
    pub fn screen_deck(
        &mut self,
        current: &Project,
        today: NaiveDate,
        library: &ClauseLibrary,
    ) -> Result<Deck, String> {
        let options = deck::Options {
            answers: self.show_answers,
            what_if_always: true,
        };
        let ids = self.session_ids();
        self.cases(today)?;
        let shown = match &self.source {
            Source::Scenario(id) => ids.iter().position(|i| i == id),
            Source::CurrentProject => None,
        };
        // Only the comparison of the case on screen is computed; the others are not drawn.
        if shown.is_some() {
            self.comparison(current, today, library);
        }
        let comparison = self.comparison.as_ref().map(|(_, _, _, c)| c);
        let cases = self
            .cases
            .as_ref()
            .map(|(_, _, c)| c.as_slice())
            .unwrap_or(&[]);
        let variants: Vec<Option<&Comparison>> = (0..cases.len())
            .map(|i| if Some(i) == shown { comparison } else { None })
            .collect();
        Ok(deck::build(cases, &variants, &self.law, options))
    }

    /// Starts the quiz of the current selection: alone, or in the room.
    pub fn start_quiz(&mut self, in_room: bool) -> Result<(), String> {
        let questions = self.quiz.select(&self.selection)?;
        if in_room {
            let scoring = match self.scoring {
                RoomScoring::Teams(n) => Scoring::Teams(quiz_room::teams(n)),
                RoomScoring::Hands(participants) => Scoring::Hands {
                    participants,
                    right: Vec::new(),
                },
            };
            self.room = Some(Room::new(questions, scoring));
            self.room_choice = None;
        } else {
            self.run = QuizRun::new(questions);
        }
        Ok(())
    }
}
