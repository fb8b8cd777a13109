//! The awareness-session quiz: statements with their answer, explanation and legal reference,
//! kept in `assets/quiz.ron` with the themes a trainer picks from. A selection (themes, count,
//! order) gives the questions of one session, the same for the screen, the projector and the
//! printed sheet.

use crate::model::LoadError;
use serde::Deserialize;
use std::path::Path;

const QUIZ_RON: &str = include_str!("../../assets/quiz.ron");

/// Answers are lettered A to D on the projector and on the sheet.
pub const MAX_CHOICES: usize = 4;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    pub version: u32,
    /// The themes a trainer chooses from, each declared once.
    pub themes: Vec<Theme>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Stable id used by the questions and on the command line, e.g. « insertion ».
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id, e.g. « allotissement-principe ».
    pub id: String,
    /// Theme ids; the first one is shown above the question.
    pub themes: Vec<String>,
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

/// « A », « B »… for the choice at `index`.
pub fn letter(index: usize) -> char {
    char::from(b'A' + (index.min(25) as u8))
}

impl Quiz {
    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// The label shown above a question: its first theme among those chosen, or its first
    /// theme when none is chosen.
    pub fn topic(&self, question: &Question, chosen: &[String]) -> &str {
        question
            .themes
            .iter()
            .find(|id| chosen.contains(id))
            .or(question.themes.first())
            .and_then(|id| self.theme(id))
            .map_or("", |t| t.label.as_str())
    }

    /// How many questions each theme has, in the file's order of themes.
    pub fn theme_counts(&self) -> Vec<(&Theme, usize)> {
        self.themes
            .iter()
            .map(|t| {
                let n = self
                    .questions
                    .iter()
                    .filter(|q| q.themes.contains(&t.id))
                    .count();
                (t, n)
            })
            .collect()
    }

    /// The questions of a selection, by index into `questions`: those of the chosen themes
    /// (all when none is chosen), in the file's order or shuffled by the seed, then cut to
    /// the count.
    pub fn select(&self, selection: &Selection) -> Result<Vec<usize>, String> {
        for id in &selection.themes {
            if self.theme(id).is_none() {
                return Err(format!(
                    "thème « {id} » inconnu ; thèmes disponibles : {}",
                    self.themes
                        .iter()
                        .map(|t| t.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        let mut chosen: Vec<usize> = self
            .questions
            .iter()
            .enumerate()
            .filter(|(_, q)| {
                selection.themes.is_empty() || q.themes.iter().any(|t| selection.themes.contains(t))
            })
            .map(|(i, _)| i)
            .collect();
        if let Some(seed) = selection.seed {
            shuffle(&mut chosen, seed);
        }
        if let Some(count) = selection.count {
            if count == 0 {
                return Err("le nombre de questions doit être d'au moins 1".to_string());
            }
            chosen.truncate(count);
        }
        if chosen.is_empty() {
            return Err("aucune question ne correspond à ces thèmes".to_string());
        }
        Ok(chosen)
    }

    /// The selection in words, for titles: « Clause sociale d'insertion — 10 questions ».
    pub fn describe(&self, selection: &Selection, questions: usize) -> String {
        let themes: Vec<&str> = selection
            .themes
            .iter()
            .filter_map(|id| self.theme(id))
            .map(|t| t.label.as_str())
            .collect();
        let themes = if themes.is_empty() {
            "Tous les thèmes".to_string()
        } else {
            themes.join(", ")
        };
        let plural = if questions > 1 { "s" } else { "" };
        format!("{themes} — {questions} question{plural}")
    }
}

/// What a trainer chose for one session's quiz.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Theme ids; empty: every theme.
    pub themes: Vec<String>,
    /// At most this many questions; None: all of those chosen.
    pub count: Option<usize>,
    /// Shuffle with this seed (the same seed gives the same quiz on screen and on paper);
    /// None keeps the file's order.
    pub seed: Option<u64>,
}

/// Fisher–Yates driven by SplitMix64: reproducible from the seed on every platform.
fn shuffle(items: &mut [usize], seed: u64) {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for i in (1..items.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

pub fn bundled() -> Result<Quiz, LoadError> {
    parse(QUIZ_RON, Path::new("assets/quiz.ron"))
}

pub fn parse(text: &str, path: &Path) -> Result<Quiz, LoadError> {
    let quiz: Quiz = ron::Options::default()
        .from_str(text)
        .map_err(|e| crate::model::spanned_error(path, &e))?;
    let refuse = |needle: &str, message: String| LoadError::Syntax {
        path: path.to_path_buf(),
        line: line_of(text, needle),
        column: 1,
        message,
    };
    for (i, theme) in quiz.themes.iter().enumerate() {
        if quiz.themes[..i].iter().any(|t| t.id == theme.id) {
            return Err(refuse(
                &format!("\"{}\"", theme.id),
                format!("thème « {} » déclaré deux fois", theme.id),
            ));
        }
    }
    for q in &quiz.questions {
        let needle = format!("\"{}\"", q.id);
        if let Answer::Choice { choices, correct } = &q.answer {
            if *correct >= choices.len() || choices.len() < 2 {
                return Err(refuse(
                    &needle,
                    format!(
                        "question « {} » : la bonne réponse doit désigner l'un des choix proposés (au moins deux)",
                        q.id
                    ),
                ));
            }
            if choices.len() > MAX_CHOICES {
                return Err(refuse(
                    &needle,
                    format!(
                        "question « {} » : {} choix, quatre au plus (réponses A à D)",
                        q.id,
                        choices.len()
                    ),
                ));
            }
        }
        if q.themes.is_empty() {
            return Err(refuse(
                &needle,
                format!("question « {} » : aucun thème (champ themes)", q.id),
            ));
        }
        if let Some(unknown) = q.themes.iter().find(|t| quiz.theme(t).is_none()) {
            return Err(refuse(
                &needle,
                format!(
                    "question « {} » : thème « {unknown} » non déclaré dans la liste themes",
                    q.id
                ),
            ));
        }
    }
    Ok(quiz)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map_or(1, |i| i + 1)
}

/// Where a participant stands in a quiz: one question of the selection at a time, score at
/// the end.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuizRun {
    /// The selection, by index into the quiz's questions.
    pub questions: Vec<usize>,
    pub current: usize,
    /// The choice made for each question answered so far.
    pub answers: Vec<usize>,
}

impl QuizRun {
    pub fn new(questions: Vec<usize>) -> QuizRun {
        QuizRun {
            questions,
            ..QuizRun::default()
        }
    }

    pub fn len(&self) -> usize {
        self.questions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// The question on screen, if the quiz is not over.
    pub fn question<'q>(&self, quiz: &'q Quiz) -> Option<&'q Question> {
        self.questions
            .get(self.current)
            .and_then(|&i| quiz.questions.get(i))
    }

    pub fn answered_current(&self) -> Option<usize> {
        self.answers.get(self.current).copied()
    }

    /// Records the answer to the current question; a second click does not change it.
    pub fn answer(&mut self, choice: usize) {
        if self.answers.len() == self.current && self.current < self.questions.len() {
            self.answers.push(choice);
        }
    }

    pub fn next(&mut self) {
        if self.answers.len() > self.current {
            self.current += 1;
        }
    }

    pub fn is_finished(&self) -> bool {
        self.current >= self.questions.len()
    }

    /// Share of the quiz done, for the progress bar: it moves with the first answer.
    pub fn progress(&self) -> f32 {
        if self.questions.is_empty() {
            return 0.0;
        }
        self.answers.len() as f32 / self.questions.len() as f32
    }

    pub fn score(&self, quiz: &Quiz) -> usize {
        self.answers
            .iter()
            .zip(&self.questions)
            .filter(|(a, &i)| {
                quiz.questions
                    .get(i)
                    .is_some_and(|q| **a == q.answer.correct_index())
            })
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiz() -> Quiz {
        bundled().unwrap()
    }

    #[test]
    fn a_theme_and_a_count_give_that_many_questions_of_the_theme() {
        let quiz = quiz();
        let selection = Selection {
            themes: vec!["insertion".into()],
            count: Some(10),
            seed: None,
        };
        let chosen = quiz.select(&selection).unwrap();
        assert_eq!(chosen.len(), 10);
        for i in &chosen {
            assert!(quiz.questions[*i].themes.contains(&"insertion".to_string()));
        }
        // File order without a seed.
        assert!(chosen.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_same_seed_gives_the_same_order_and_another_seed_another() {
        let quiz = quiz();
        let with = |seed| {
            quiz.select(&Selection {
                themes: Vec::new(),
                count: Some(10),
                seed: Some(seed),
            })
            .unwrap()
        };
        assert_eq!(with(7), with(7));
        assert_ne!(with(7), with(8));
        assert!(!with(7).windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn an_unknown_theme_is_named_with_the_known_ones() {
        let err = quiz()
            .select(&Selection {
                themes: vec!["climat".into()],
                ..Selection::default()
            })
            .unwrap_err();
        assert!(
            err.contains("« climat »") && err.contains("insertion"),
            "{err}"
        );
    }

    #[test]
    fn a_question_citing_an_undeclared_theme_is_refused_at_its_line() {
        let text = "(version: 1, themes: [(id: \"a\", label: \"A\")], questions: [\n(id: \"q1\", themes: [\"b\"], statement: \"S\",\n answer: TrueFalse(true),\n explanation: \"E\", reference: \"L1\")])";
        let err = parse(text, Path::new("quiz.ron")).unwrap_err().to_string();
        assert!(err.starts_with("quiz.ron:2:1"), "{err}");
        assert!(err.contains("« b »"), "{err}");
    }

    #[test]
    fn the_progress_moves_with_the_first_answer() {
        let mut run = QuizRun::new(vec![0, 1, 2, 3]);
        assert_eq!(run.progress(), 0.0);
        run.answer(0);
        assert_eq!(run.progress(), 0.25);
    }
}
