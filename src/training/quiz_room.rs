//! The quiz played by a room in front of the projector: one question at a time, answers A to
//! D, the trainer reveals the right one and its explanation, then records who got it — a
//! point per team, or the number of raised hands — and the running score follows.

use super::quiz::{Quiz, QuizRun};
use std::collections::BTreeSet;

/// How the room is scored.
#[derive(Debug, Clone, PartialEq)]
pub enum Scoring {
    /// Teams play against each other: each question gives a point to the teams that found it.
    Teams(Vec<Team>),
    /// Everyone plays for the room: the trainer counts the hands raised for the right answer.
    Hands {
        participants: u32,
        /// Right hands per question, by position in the selection.
        right: Vec<u32>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub name: String,
    /// Positions (in the selection) of the questions this team found.
    pub found: BTreeSet<usize>,
}

impl Team {
    pub fn points(&self) -> usize {
        self.found.len()
    }
}

/// « Équipe 1 », « Équipe 2 »…: teams are numbered so that keys 1 to 9 give them a point.
pub fn teams(count: usize) -> Vec<Team> {
    (1..=count.clamp(1, 9))
        .map(|n| Team {
            name: format!("Équipe {n}"),
            found: BTreeSet::new(),
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct Room {
    /// The selection, by index into the quiz's questions.
    pub questions: Vec<usize>,
    pub current: usize,
    /// The right answer and its explanation are on screen.
    pub revealed: bool,
    pub scoring: Scoring,
}

impl Room {
    pub fn new(questions: Vec<usize>, scoring: Scoring) -> Room {
        let mut room = Room {
            questions,
            current: 0,
            revealed: false,
            scoring,
        };
        if let Scoring::Hands { right, .. } = &mut room.scoring {
            right.resize(room.questions.len(), 0);
        }
        room
    }

    pub fn len(&self) -> usize {
        self.questions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    pub fn is_finished(&self) -> bool {
        self.current >= self.questions.len()
    }

    pub fn question<'q>(&self, quiz: &'q Quiz) -> Option<&'q super::Question> {
        self.questions
            .get(self.current)
            .and_then(|&i| quiz.questions.get(i))
    }

    pub fn reveal(&mut self) {
        if !self.is_finished() {
            self.revealed = true;
        }
    }

    /// The next question; only once the answer has been shown, so that nobody skips the
    /// explanation by mistake.
    pub fn next(&mut self) {
        if self.revealed {
            self.current += 1;
            self.revealed = false;
        }
    }

    pub fn previous(&mut self) {
        if self.current > 0 {
            self.current -= 1;
            self.revealed = true;
        }
    }

    /// Gives team `team` (from 0) the point of the current question, or takes it back.
    pub fn toggle_team(&mut self, team: usize) {
        if !self.revealed {
            return;
        }
        let position = self.current;
        if let Scoring::Teams(teams) = &mut self.scoring {
            if let Some(t) = teams.get_mut(team) {
                if !t.found.remove(&position) {
                    t.found.insert(position);
                }
            }
        }
    }

    /// Changes the count of right hands for the current question, within the room's size.
    pub fn add_hands(&mut self, delta: i32) {
        if !self.revealed {
            return;
        }
        let position = self.current;
        if let Scoring::Hands {
            participants,
            right,
        } = &mut self.scoring
        {
            if let Some(count) = right.get_mut(position) {
                *count = (i64::from(*count) + i64::from(delta)).clamp(0, i64::from(*participants))
                    as u32;
            }
        }
    }

    /// Share of the questions shown so far, for the progress bar.
    pub fn progress(&self) -> f32 {
        if self.questions.is_empty() {
            return 0.0;
        }
        let done = self.current + usize::from(self.revealed);
        done.min(self.questions.len()) as f32 / self.questions.len() as f32
    }

    /// Questions whose answer has been shown.
    fn played(&self) -> usize {
        (self.current + usize::from(self.revealed)).min(self.questions.len())
    }

    /// The running score in words: « Équipe 1 : 3 — Équipe 2 : 2 » or « Bonnes réponses
    /// dans la salle : 18 sur 24 » with the rate in per cent.
    pub fn score_text(&self) -> String {
        match &self.scoring {
            Scoring::Teams(teams) => teams
                .iter()
                .map(|t| format!("{} : {}", t.name, t.points()))
                .collect::<Vec<_>>()
                .join(" — "),
            Scoring::Hands {
                participants,
                right,
            } => {
                let asked = u64::from(*participants) * self.played() as u64;
                let found: u64 = right
                    .iter()
                    .take(self.played())
                    .map(|&n| u64::from(n))
                    .sum();
                // Rounded to the nearest per cent; nothing asked yet, no rate.
                match (found * 100 + asked / 2).checked_div(asked) {
                    None => format!("{participants} participants"),
                    Some(rate) => format!(
                        "Bonnes réponses dans la salle : {found} sur {asked} ({rate}\u{a0}%)"
                    ),
                }
            }
        }
    }

    /// The same questions for one person at a time (the window's quiz for self-study).
    pub fn solo(&self) -> QuizRun {
        QuizRun::new(self.questions.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_team_scores_only_once_the_answer_is_shown_and_can_be_corrected() {
        let mut room = Room::new(vec![3, 5], Scoring::Teams(teams(2)));
        room.toggle_team(0);
        assert_eq!(room.score_text(), "Équipe 1 : 0 — Équipe 2 : 0");
        room.next();
        assert_eq!(room.current, 0, "no skipping the answer");
        room.reveal();
        room.toggle_team(0);
        room.toggle_team(1);
        room.toggle_team(1);
        assert_eq!(room.score_text(), "Équipe 1 : 1 — Équipe 2 : 0");
        room.next();
        assert_eq!((room.current, room.revealed), (1, false));
        assert_eq!(room.progress(), 0.5);
    }

    #[test]
    fn hands_are_counted_within_the_room_and_give_a_rate() {
        let mut room = Room::new(
            vec![0, 1],
            Scoring::Hands {
                participants: 12,
                right: Vec::new(),
            },
        );
        room.reveal();
        room.add_hands(20);
        assert_eq!(
            room.score_text(),
            "Bonnes réponses dans la salle : 12 sur 12 (100\u{a0}%)"
        );
        room.next();
        room.reveal();
        room.add_hands(6);
        room.add_hands(-3);
        assert_eq!(
            room.score_text(),
            "Bonnes réponses dans la salle : 15 sur 24 (63\u{a0}%)"
        );
    }
}
