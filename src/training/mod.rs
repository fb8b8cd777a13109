//! Trainer mode, without the window: notes that go with each scenario, the quiz and its
//! selections, the "what if" variants a trainer toggles in front of the room, the comparison
//! of two variants, the session (cases, plan, handouts) and the slide deck with its PDF.

pub mod compare;
pub mod deck;
pub mod handout;
pub mod notes;
pub mod plan;
pub mod quiz;
pub mod quiz_room;
pub mod quiz_sheet;
pub mod session;
pub mod slides_pdf;
pub mod typography;
pub mod what_if;

pub use notes::{KeyPoint, Misconception, TrainerNotes};
pub use quiz::{Answer, Question, Quiz};
