//! The trainer's exports from the window: the same documents as `clausier handout`, `plan`,
//! `slides` and `quiz`, for the session's cases, the « Et si… ? » changes prepared on them and
//! the quiz selection of the quiz page.

use super::Trainer;
use crate::ui::app::TrainingExport;
use chrono::NaiveDate;
use clausier::clauses::ClauseLibrary;
use clausier::model::Project;
use clausier::reference::ReferenceData;
use clausier::training::compare::{Comparison, Side};
use clausier::training::deck::{self, Options};
use clausier::training::handout::{self, Audience};
use clausier::training::{plan, quiz_sheet, slides_pdf};
use std::path::Path;

/// The dialog's title and the suggested file name.
pub fn dialog(trainer: &Trainer, kind: TrainingExport) -> (&'static str, String) {
    let ids = trainer.session_ids().join("-");
    match kind {
        TrainingExport::Handout { trainer: false } => (
            "Exporter le support de formation",
            format!("support-{ids}.docx"),
        ),
        TrainingExport::Handout { trainer: true } => (
            "Exporter le support du formateur",
            format!("support-formateur-{ids}.docx"),
        ),
        TrainingExport::Plan => (
            "Exporter le déroulé de la séance",
            format!("deroule-{ids}.docx"),
        ),
        TrainingExport::Slides => (
            "Exporter les diapositives (PDF)",
            format!("diapositives-{ids}.pdf"),
        ),
        TrainingExport::QuizSheet => ("Exporter la feuille de quiz", "quiz.docx".to_string()),
    }
}

/// Whether there is something to export, before a path is asked for.
pub fn check(trainer: &mut Trainer, kind: TrainingExport, today: NaiveDate) -> Result<(), String> {
    match kind {
        TrainingExport::QuizSheet => trainer.quiz.select(&trainer.selection).map(|_| ()),
        _ => trainer.cases(today).map(|_| ()),
    }
    .map_err(|e| format!("Rien à exporter : {e}."))
}

/// The status-bar message once written.
pub fn done(kind: TrainingExport, path: &Path) -> String {
    let what = match kind {
        TrainingExport::Handout { trainer: false } => "Support de formation exporté",
        TrainingExport::Handout { trainer: true } => "Support du formateur exporté",
        TrainingExport::Plan => "Déroulé de la séance exporté",
        TrainingExport::Slides => "Diapositives exportées",
        TrainingExport::QuizSheet => "Feuille de quiz exportée",
    };
    format!("{what} : {}", path.display())
}

/// The file's bytes.
pub fn bytes(
    trainer: &mut Trainer,
    kind: TrainingExport,
    current: &Project,
    today: NaiveDate,
    library: &ClauseLibrary,
) -> Result<Vec<u8>, String> {
    let quiz_count = trainer
        .quiz
        .select(&trainer.selection)
        .ok()
        .map(|q| q.len());
    let document = match kind {
        TrainingExport::QuizSheet => {
            let questions = trainer.quiz.select(&trainer.selection)?;
            quiz_sheet::sheet(&trainer.quiz, &trainer.selection, &questions, library)
        }
        TrainingExport::Slides => return slides(trainer, current, today, library),
        TrainingExport::Plan => {
            let cases = trainer.cases(today)?;
            plan::document(&plan::plan(cases, quiz_count), cases, library)
        }
        TrainingExport::Handout {
            trainer: for_trainer,
        } => {
            let audience = if for_trainer {
                Audience::Trainer
            } else {
                Audience::Participants
            };
            let cases = trainer.cases(today)?;
            handout::handout(cases, audience, quiz_count, library)
        }
    };
    clausier::export::docx::to_docx(&document)
}

/// The deck of the session as PDF, with the « Et si… ? » slide of each case that has
/// changes prepared, as the room saw them.
fn slides(
    trainer: &mut Trainer,
    _current: &Project,
    today: NaiveDate,
    library: &ClauseLibrary,
) -> Result<Vec<u8>, String> {
    let ids = trainer.session_ids();
    let data = ReferenceData::bundled();
    let changes: Vec<_> = ids
        .iter()
        .map(|id| trainer.what_if_of(id).filter(|w| !w.is_empty()).cloned())
        .collect();
    let law = trainer.law.clone();
    let cases = trainer.cases(today)?;
    let comparisons: Vec<Option<Comparison>> = cases
        .iter()
        .zip(&changes)
        .map(|(case, what_if)| {
            let what_if = what_if.as_ref()?;
            let variant = what_if.apply(&case.project, data);
            Some(Comparison::new(
                Side::new("Tel que conçu", case.project.clone(), today, library, data),
                Side::new("Avec les changements", variant, today, library, data),
            ))
        })
        .collect();
    let variants: Vec<Option<&Comparison>> = comparisons.iter().map(Option::as_ref).collect();
    let deck = deck::build(
        cases,
        &variants,
        &law,
        Options {
            answers: false,
            what_if_always: false,
        },
    );
    slides_pdf::to_pdf(&deck, &clausier::training::session::slides_footer(cases))
}
