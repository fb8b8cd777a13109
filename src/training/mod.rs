//! Trainer mode, without the window: notes that go with each scenario, the quiz, the "what if"
//! variants a trainer toggles in front of the room, the comparison of two variants and the
//! handout given to participants.

pub mod notes;
pub mod quiz;

pub use notes::{KeyPoint, Misconception, TrainerNotes};
pub use quiz::{Answer, Question, Quiz};
pub mod compare;
pub mod handout;
pub mod what_if;
