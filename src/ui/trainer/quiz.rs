//! The quiz page: the trainer chooses themes and a number of questions (and an order), then
//! plays them alone here, runs them in the room on the projector, or prints them with their
//! answer key. Alone: keys 1 to 4 (or A to D) answer, Entrée goes on.

use super::library::refs;
use super::{RoomScoring, Trainer};
use crate::ui::app::{Command, TrainingExport};
use crate::ui::theme::{Tokens, SPACE_M, SPACE_S};
use clausier::training::quiz::letter;
use egui::{Key, RichText, Ui};

pub fn show(ui: &mut Ui, trainer: &mut Trainer, commands: &mut Vec<Command>) {
    ui.heading("Quiz");
    if trainer.quiz.questions.is_empty() {
        ui.label("Aucune question disponible.");
        return;
    }
    egui::CollapsingHeader::new(RichText::new("Choisir les questions").strong())
        .id_salt("quiz-selection")
        .default_open(true)
        .show(ui, |ui| selection(ui, trainer, commands));
    ui.separator();
    solo(ui, trainer);
}

fn selection(ui: &mut Ui, trainer: &mut Trainer, commands: &mut Vec<Command>) {
    let before = trainer.selection.clone();
    ui.label("Thèmes (aucun coché : tous les thèmes)");
    ui.horizontal_wrapped(|ui| {
        let counts: Vec<(String, String, usize)> = trainer
            .quiz
            .theme_counts()
            .into_iter()
            .map(|(t, n)| (t.id.clone(), t.label.clone(), n))
            .collect();
        for (id, label, n) in counts {
            let mut on = trainer.selection.themes.contains(&id);
            if ui.checkbox(&mut on, format!("{label} ({n})")).changed() {
                if on {
                    trainer.selection.themes.push(id);
                } else {
                    trainer.selection.themes.retain(|t| *t != id);
                }
            }
        }
    });
    let available = trainer
        .quiz
        .select(&clausier::training::quiz::Selection {
            count: None,
            ..trainer.selection.clone()
        })
        .map_or(0, |q| q.len());
    ui.horizontal(|ui| {
        let label = ui.label("Nombre de questions :");
        let mut count = trainer
            .selection
            .count
            .unwrap_or(available)
            .clamp(1, available.max(1));
        ui.add(egui::DragValue::new(&mut count).range(1..=available.max(1)))
            .labelled_by(label.id);
        trainer.selection.count = Some(count);
        ui.label(format!("sur {available} disponibles"));
        ui.separator();
        let mut shuffled = trainer.selection.seed.is_some();
        if ui
            .checkbox(&mut shuffled, "Mélanger")
            .on_hover_text(
                "Le même numéro donne le même ordre à l’écran et sur la feuille imprimée.",
            )
            .changed()
        {
            trainer.selection.seed = shuffled.then_some(1);
        }
        if let Some(seed) = trainer.selection.seed.as_mut() {
            let label = ui.label("numéro :");
            ui.add(egui::DragValue::new(seed).range(1..=9999))
                .labelled_by(label.id);
        }
    });
    ui.horizontal(|ui| {
        ui.label("En salle :");
        let mut teams = matches!(trainer.scoring, RoomScoring::Teams(_));
        if ui.radio_value(&mut teams, true, "par équipes").changed()
            || ui.radio_value(&mut teams, false, "à main levée").changed()
        {
            trainer.scoring = if teams {
                RoomScoring::Teams(2)
            } else {
                RoomScoring::Hands(12)
            };
        }
        match &mut trainer.scoring {
            RoomScoring::Teams(n) => {
                let label = ui.label("équipes :");
                ui.add(egui::DragValue::new(n).range(2..=9))
                    .labelled_by(label.id);
            }
            RoomScoring::Hands(n) => {
                let label = ui.label("participants :");
                ui.add(egui::DragValue::new(n).range(1..=500))
                    .labelled_by(label.id);
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        if ui.button("Quiz en salle (vidéoprojecteur)").clicked() {
            commands.push(Command::ProjectQuiz);
        }
        if ui.button("Exporter la feuille de quiz (DOCX)…").clicked() {
            commands.push(Command::ExportTraining(TrainingExport::QuizSheet));
        }
    });
    if trainer.selection != before {
        if let Err(e) = trainer.start_quiz(false) {
            trainer.problem = Some(e);
        }
    }
}

fn solo(ui: &mut Ui, trainer: &mut Trainer) {
    let total = trainer.run.len();
    if total == 0 {
        ui.label("Aucune question ne correspond à ce choix.");
        return;
    }
    if trainer.run.is_finished() {
        results(ui, trainer);
        return;
    }
    let Some(question) = trainer.run.question(&trainer.quiz).cloned() else {
        return;
    };
    let index = trainer.run.current;
    let choices = question.answer.choices();
    // Keys answer only when no field has the keyboard (a number typed in the selection).
    let free = !ui.ctx().egui_wants_keyboard_input();
    if free {
        if trainer.run.answered_current().is_none() {
            let keys = [
                (Key::Num1, Key::A),
                (Key::Num2, Key::B),
                (Key::Num3, Key::C),
                (Key::Num4, Key::D),
            ];
            for (i, (digit, letter)) in keys.into_iter().enumerate() {
                let pressed = ui.input_mut(|inp| {
                    inp.consume_key(egui::Modifiers::NONE, digit)
                        || inp.consume_key(egui::Modifiers::NONE, letter)
                });
                if i < choices.len() && pressed {
                    trainer.run.answer(i);
                }
            }
        } else if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Enter)) {
            trainer.run.next();
            return;
        }
    }
    let answered = trainer.run.answered_current();
    ui.label(format!(
        "Question {} sur {} — {} — score : {} / {}",
        index + 1,
        total,
        trainer.quiz.topic(&question, &trainer.selection.themes),
        trainer.run.score(&trainer.quiz),
        trainer.run.answers.len()
    ));
    ui.add(
        egui::ProgressBar::new(trainer.run.progress())
            .desired_width(400.0)
            .text(progress_text(trainer.run.answers.len(), total)),
    );
    ui.add_space(10.0);
    ui.add(egui::Label::new(RichText::new(&question.statement).size(20.0)).wrap());
    ui.add_space(10.0);
    let correct = question.answer.correct_index();
    let tokens = Tokens::of(ui);
    for (i, choice) in choices.iter().enumerate() {
        let reveal = answered.and_then(|given| Reveal::of(i, correct, given));
        let text = RichText::new(choice_text(i, choice, reveal)).size(17.0);
        let mut button = egui::Button::new(text).min_size(egui::vec2(360.0, 34.0));
        // Once answered: the right answer on green, a wrong choice on red — never the
        // « selected » blue of both (review P27); the words say it without colour (egui's
        // bundled font has no ✔ or ✘ glyph).
        match reveal {
            Some(Reveal::Right) => button = button.fill(tokens.right_fill),
            Some(Reveal::WrongChoice) => button = button.fill(tokens.wrong_fill),
            None => {}
        }
        if ui.add(button).clicked() && answered.is_none() {
            trainer.run.answer(i);
        }
    }
    if let Some(given) = answered {
        ui.add_space(10.0);
        let verdict = if given == correct {
            RichText::new("Bonne réponse.").color(tokens.complete)
        } else {
            RichText::new(format!(
                "Réponse attendue : {}. {}.",
                letter(correct),
                choices[correct]
            ))
            .color(tokens.error)
        };
        ui.label(verdict.strong().size(17.0));
        ui.add(
            egui::Label::new(format!(
                "{}{}",
                question.explanation.trim(),
                refs(&question.reference)
            ))
            .wrap(),
        );
        ui.add_space(SPACE_M);
        let next = if index + 1 == total {
            "Voir le score (Entrée)"
        } else {
            "Question suivante (Entrée)"
        };
        if ui.button(next).clicked() {
            trainer.run.next();
        }
    }
}

/// What a choice is once the question is answered: the right one (chosen or not), or the
/// wrong one chosen. The other choices stay as they were.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reveal {
    Right,
    WrongChoice,
}

impl Reveal {
    fn of(choice: usize, correct: usize, given: usize) -> Option<Reveal> {
        if choice == correct {
            Some(Reveal::Right)
        } else if choice == given {
            Some(Reveal::WrongChoice)
        } else {
            None
        }
    }
}

fn choice_text(i: usize, choice: &str, reveal: Option<Reveal>) -> String {
    match reveal {
        Some(Reveal::Right) => format!("{}. {choice} — bonne réponse", letter(i)),
        Some(Reveal::WrongChoice) => format!("{}. {choice} — réponse choisie", letter(i)),
        None => format!("{}. {choice}", letter(i)),
    }
}

/// The bar's words: how many questions are answered, so that it moves with each answer.
fn progress_text(answered: usize, total: usize) -> String {
    format!(
        "{} sur {}",
        clausier::fr::count_of(answered, "réponse donnée", "réponses données"),
        clausier::fr::count_of(total, "question", "questions")
    )
}

fn results(ui: &mut Ui, trainer: &mut Trainer) {
    let quiz = &trainer.quiz;
    let score = trainer.run.score(quiz);
    ui.label(
        RichText::new(format!("Score : {score} / {}", trainer.run.len()))
            .size(24.0)
            .strong(),
    );
    ui.add_space(SPACE_M);
    let missed: Vec<_> = trainer
        .run
        .questions
        .iter()
        .zip(&trainer.run.answers)
        .filter_map(|(&i, a)| {
            quiz.questions
                .get(i)
                .filter(|q| *a != q.answer.correct_index())
        })
        .collect();
    if missed.is_empty() {
        ui.label("Toutes les réponses sont justes.");
    } else {
        ui.label(RichText::new("À revoir").strong());
        egui::ScrollArea::vertical()
            .id_salt("quiz-missed")
            .max_height(ui.available_height() - 60.0)
            .show(ui, |ui| {
                for q in missed {
                    ui.add(egui::Label::new(RichText::new(&q.statement).strong()).wrap());
                    let choices = q.answer.choices();
                    ui.label(format!(
                        "Réponse : {}{}",
                        choices[q.answer.correct_index()],
                        refs(&q.reference)
                    ));
                    ui.add(egui::Label::new(q.explanation.trim()).wrap());
                    ui.add_space(SPACE_S);
                }
            });
    }
    if ui.button("Recommencer le quiz").clicked() {
        trainer.run = clausier::training::quiz::QuizRun::new(trainer.run.questions.clone());
    }
}
