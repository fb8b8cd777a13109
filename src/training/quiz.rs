//! The awareness-session quiz: statements with their answer, explanation and legal reference,
//! kept in `assets/quiz.ron`.

use crate::model::LoadError;
use serde::Deserialize;
use std::path::Path;

const QUIZ_RON: &str = include_str!("../../assets/quiz.ron");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    pub version: u32,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id, e.g. « allotissement-principe ».
    pub id: String,
    /// Short theme shown above the question (« Allotissement », « Marchés réservés »…).
    pub topic: String,
    pub statement: String,
    pub answer: Answer,
    /// Why the answer is right, in plain French; shown after the participant answers.
    pub explanation: String,
    /// Article(s) the answer rests on, « L2113-10 » style.
    pub reference: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Answer {
    /// A statement to judge: « Vrai » or « Faux ».
    TrueFalse(bool),
    /// Several choices, exactly one right (index from 0).
    Choice {
        choices: Vec<String>,
        correct: usize,
    },
}

impl Answer {
    /// The choices offered to the participant, in order.
    pub fn choices(&self) -> Vec<String> {
        match self {
            Answer::TrueFalse(_) => vec!["Vrai".into(), "Faux".into()],
            Answer::Choice { choices, .. } => choices.clone(),
        }
    }

    pub fn correct_index(&self) -> usize {
        match self {
            Answer::TrueFalse(true) => 0,
            Answer::TrueFalse(false) => 1,
            Answer::Choice { correct, .. } => *correct,
        }
    }
}

pub fn bundled() -> Result<Quiz, LoadError> {
    parse(QUIZ_RON, Path::new("assets/quiz.ron"))
}

pub fn parse(text: &str, path: &Path) -> Result<Quiz, LoadError> {
    let quiz: Quiz = ron::Options::default()
        .from_str(text)
        .map_err(|e| crate::model::spanned_error(path, &e))?;
    if let Some(q) = quiz.questions.iter().find(|q| match &q.answer {
        Answer::Choice { choices, correct } => *correct >= choices.len() || choices.len() < 2,
        Answer::TrueFalse(_) => false,
    }) {
        return Err(LoadError::Syntax {
            path: path.to_path_buf(),
            line: line_of(text, &q.id),
            column: 1,
            message: format!(
                "question « {} » : la bonne réponse doit désigner l'un des choix proposés (au moins deux)",
                q.id
            ),
        });
    }
    Ok(quiz)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map_or(1, |i| i + 1)
}

/// Where a participant stands in the quiz: one question at a time, score at the end.
#[derive(Debug, Clone, Default)]
pub struct QuizRun {
    pub current: usize,
    /// The choice made for each question answered so far.
    pub answers: Vec<usize>,
}

impl QuizRun {
    pub fn answered_current(&self) -> Option<usize> {
        self.answers.get(self.current).copied()
    }

    /// Records the answer to the current question; a second click does not change it.
    pub fn answer(&mut self, choice: usize) {
        if self.answers.len() == self.current {
            self.answers.push(choice);
        }
    }

    pub fn next(&mut self) {
        if self.answers.len() > self.current {
            self.current += 1;
        }
    }

    pub fn is_finished(&self, quiz: &Quiz) -> bool {
        self.current >= quiz.questions.len()
    }

    pub fn score(&self, quiz: &Quiz) -> usize {
        self.answers
            .iter()
            .zip(&quiz.questions)
            .filter(|(a, q)| **a == q.answer.correct_index())
            .count()
    }
}
