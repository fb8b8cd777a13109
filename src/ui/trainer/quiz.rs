//! The quiz: one statement at a time, the explanation and its legal basis once answered, the
//! score at the end. Keys 1 to 4 answer, Entrée goes on.

use super::library::refs;
use super::Trainer;
use crate::ui::theme::{Tokens, SPACE_M};
use egui::{Key, RichText, Ui};

pub fn show(ui: &mut Ui, trainer: &mut Trainer) {
    ui.heading("Quiz");
    let total = trainer.quiz.questions.len();
    if total == 0 {
        ui.label("Aucune question disponible.");
        return;
    }
    if trainer.run.is_finished(&trainer.quiz) {
        results(ui, trainer);
        return;
    }
    let index = trainer.run.current;
    let question = trainer.quiz.questions[index].clone();
    let answered = trainer.run.answered_current();
    let choices = question.answer.choices();
    // Keyboard: 1..4 to answer, Entrée for the next question.
    if answered.is_none() {
        for (i, key) in [Key::Num1, Key::Num2, Key::Num3, Key::Num4]
            .into_iter()
            .enumerate()
        {
            if i < choices.len() && ui.input_mut(|inp| inp.consume_key(egui::Modifiers::NONE, key))
            {
                trainer.run.answer(i);
            }
        }
    } else if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Enter)) {
        trainer.run.next();
        return;
    }
    let answered = trainer.run.answered_current();
    ui.label(format!(
        "Question {} sur {} — {} — score : {} / {}",
        index + 1,
        total,
        question.topic,
        trainer.run.score(&trainer.quiz),
        trainer.run.answers.len()
    ));
    ui.add(egui::ProgressBar::new(index as f32 / total as f32).desired_width(400.0));
    ui.add_space(10.0);
    ui.add(egui::Label::new(RichText::new(&question.statement).size(20.0)).wrap());
    ui.add_space(10.0);
    let correct = question.answer.correct_index();
    for (i, choice) in choices.iter().enumerate() {
        let text = format!("{}. {}", i + 1, choice);
        let mut rich = RichText::new(text).size(17.0);
        if let Some(given) = answered {
            if i == correct {
                rich = rich.color(Tokens::of(ui).complete).strong();
            } else if i == given {
                rich = rich.color(Tokens::of(ui).severity(clausier::rules::Severity::Error));
            }
        }
        let button = egui::Button::new(rich)
            .selected(answered == Some(i))
            .min_size(egui::vec2(360.0, 34.0));
        if ui
            .add_enabled(
                answered.is_none() || answered == Some(i) || i == correct,
                button,
            )
            .clicked()
            && answered.is_none()
        {
            trainer.run.answer(i);
        }
    }
    if let Some(given) = answered {
        ui.add_space(10.0);
        let verdict = if given == correct {
            "Bonne réponse.".to_string()
        } else {
            format!("Réponse attendue : {}.", choices[correct])
        };
        ui.label(RichText::new(verdict).strong().size(17.0));
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

fn results(ui: &mut Ui, trainer: &mut Trainer) {
    let quiz = &trainer.quiz;
    let score = trainer.run.score(quiz);
    ui.label(
        RichText::new(format!("Score : {score} / {}", quiz.questions.len()))
            .size(24.0)
            .strong(),
    );
    ui.add_space(SPACE_M);
    let missed: Vec<_> = quiz
        .questions
        .iter()
        .zip(&trainer.run.answers)
        .filter(|(q, a)| **a != q.answer.correct_index())
        .collect();
    if missed.is_empty() {
        ui.label("Toutes les réponses sont justes.");
    } else {
        ui.label(RichText::new("À revoir").strong());
        egui::ScrollArea::vertical()
            .id_salt("quiz-missed")
            .max_height(ui.available_height() - 60.0)
            .show(ui, |ui| {
                for (q, _) in missed {
                    ui.add(egui::Label::new(RichText::new(&q.statement).strong()).wrap());
                    let choices = q.answer.choices();
                    ui.label(format!(
                        "Réponse : {}{}",
                        choices[q.answer.correct_index()],
                        refs(&q.reference)
                    ));
                    ui.add(egui::Label::new(q.explanation.trim()).wrap());
                    ui.add_space(6.0);
                }
            });
    }
    if ui.button("Recommencer le quiz").clicked() {
        trainer.run = Default::default();
    }
}
