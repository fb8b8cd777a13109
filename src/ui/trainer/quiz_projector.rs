//! The quiz for a room, on the projector: the question in large type, answers A to D, the
//! reveal with the explanation and its article, and the running score — a point per team or
//! the count of raised hands. Keyboard driven, no menus.

use super::library::refs;
use super::slide_view::{k, set_scale};
use super::Trainer;
use crate::ui::app::{Command, Page};
use crate::ui::theme::{Tokens, SPACE_L, SPACE_M, SPACE_S};
use clausier::training::quiz::letter;
use clausier::training::quiz_room::Scoring;
use egui::{Key, RichText, Ui};

const STATEMENT: f32 = 34.0;
const ANSWER: f32 = 28.0;
const TEXT: f32 = 22.0;

/// The keys of this view, for the footer and the F1 help.
pub const KEYS_HINT: &str = "A à D : réponse de la salle ; Espace : révéler ; 1 à 9 : point d’une équipe ; Haut/Bas : mains levées ; Entrée ou flèche droite : suivante ; Échap : quitter";

fn keys(ui: &Ui, trainer: &mut Trainer, commands: &mut Vec<Command>) {
    let pressed = |key| ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key));
    if pressed(Key::Escape) {
        commands.push(Command::ShowPage(Page::Quiz));
        return;
    }
    let choice_keys = [Key::A, Key::B, Key::C, Key::D];
    let team_keys = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    let Some(room) = trainer.room.as_mut() else {
        return;
    };
    let choices = room
        .question(&trainer.quiz)
        .map_or(0, |q| q.answer.choices().len());
    if !room.revealed {
        for (i, key) in choice_keys.into_iter().enumerate() {
            if pressed(key) && i < choices {
                trainer.room_choice = Some(i);
            }
        }
        if pressed(Key::Space) || pressed(Key::Enter) || pressed(Key::R) {
            room.reveal();
        }
    } else {
        for (i, key) in team_keys.into_iter().enumerate() {
            if pressed(key) {
                room.toggle_team(i);
            }
        }
        if pressed(Key::ArrowUp) {
            room.add_hands(1);
        }
        if pressed(Key::ArrowDown) {
            room.add_hands(-1);
        }
        if pressed(Key::Enter) || pressed(Key::ArrowRight) || pressed(Key::Space) {
            room.next();
            trainer.room_choice = None;
        }
    }
    if pressed(Key::ArrowLeft) {
        room.previous();
        trainer.room_choice = None;
    }
}

pub fn show(ui: &mut Ui, trainer: &mut Trainer, commands: &mut Vec<Command>) {
    if trainer.room.is_none() {
        if let Err(e) = trainer.start_quiz(true) {
            ui.colored_label(Tokens::of(ui).error, e);
            return;
        }
    }
    keys(ui, trainer, commands);
    set_scale(ui);
    let Some(room) = trainer.room.clone() else {
        return;
    };
    let tokens = Tokens::of(ui);
    let footer = 48.0;
    egui::ScrollArea::vertical()
        .id_salt(("quiz-room", room.current))
        .max_height(ui.available_height() - footer)
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(SPACE_L);
            if room.is_finished() {
                results(ui, trainer, commands);
                return;
            }
            let Some(question) = room.question(&trainer.quiz).cloned() else {
                return;
            };
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!(
                        "Question {} / {} — {}",
                        room.current + 1,
                        room.len(),
                        trainer.quiz.topic(&question, &trainer.selection.themes)
                    ))
                    .size(TEXT * k(ui)),
                );
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(RichText::new(room.score_text()).size(TEXT * k(ui)).strong());
                });
            });
            ui.add(
                egui::ProgressBar::new(room.progress())
                    .desired_width(ui.available_width())
                    .desired_height(10.0),
            );
            ui.add_space(SPACE_L);
            ui.add(
                egui::Label::new(
                    RichText::new(&question.statement)
                        .size(STATEMENT * k(ui))
                        .strong(),
                )
                .wrap(),
            );
            ui.add_space(SPACE_L);
            let correct = question.answer.correct_index();
            for (i, choice) in question.answer.choices().iter().enumerate() {
                let fill = if room.revealed && i == correct {
                    tokens.right_fill
                } else if room.revealed && trainer.room_choice == Some(i) {
                    tokens.wrong_fill
                } else if trainer.room_choice == Some(i) {
                    ui.visuals().selection.bg_fill
                } else {
                    ui.visuals().faint_bg_color
                };
                let mut text =
                    RichText::new(format!("{}. {}", letter(i), choice)).size(ANSWER * k(ui));
                if room.revealed && i == correct {
                    text = text.strong();
                }
                egui::Frame::new()
                    .fill(fill)
                    .corner_radius(6.0)
                    .inner_margin(SPACE_M)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.add(egui::Label::new(text).wrap());
                    });
                ui.add_space(SPACE_S);
            }
            if room.revealed {
                ui.add_space(SPACE_M);
                ui.label(
                    RichText::new(format!(
                        "Réponse : {}. {}",
                        letter(correct),
                        question.answer.choices()[correct]
                    ))
                    .size(TEXT * k(ui))
                    .strong()
                    .color(tokens.complete),
                );
                ui.add(
                    egui::Label::new(
                        RichText::new(format!(
                            "{}{}",
                            question.explanation.trim(),
                            refs(&question.reference)
                        ))
                        .size(TEXT * k(ui)),
                    )
                    .wrap(),
                );
                ui.add_space(SPACE_M);
                scoring(ui, trainer);
            }
        });
    ui.separator();
    ui.horizontal(|ui| {
        let small = |t: &str| RichText::new(t).size(15.0);
        if ui.button(small("Quitter le quiz en salle")).clicked() {
            commands.push(Command::ShowPage(Page::Quiz));
        }
        ui.label(small(KEYS_HINT));
    });
}

/// Who found it: a button per team (keys 1 to 9), or the count of raised hands.
fn scoring(ui: &mut Ui, trainer: &mut Trainer) {
    let Some(room) = trainer.room.as_mut() else {
        return;
    };
    let position = room.current;
    match room.scoring.clone() {
        Scoring::Teams(teams) => {
            ui.label(RichText::new("Qui a trouvé ? (touches 1 à 9)").size(TEXT * k(ui)));
            ui.horizontal_wrapped(|ui| {
                for (i, team) in teams.iter().enumerate() {
                    let found = team.found.contains(&position);
                    let text = RichText::new(format!("{} : {}", team.name, team.points()))
                        .size(TEXT * k(ui));
                    if ui.add(egui::Button::selectable(found, text)).clicked() {
                        room.toggle_team(i);
                    }
                }
            });
        }
        Scoring::Hands {
            participants,
            right,
        } => {
            let count = right.get(position).copied().unwrap_or(0);
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!(
                        "Mains levées pour la bonne réponse : {count} sur {participants} (Haut/Bas)"
                    ))
                    .size(TEXT * k(ui)),
                );
                if ui.button(RichText::new("−").size(TEXT * k(ui))).clicked() {
                    room.add_hands(-1);
                }
                if ui.button(RichText::new("+").size(TEXT * k(ui))).clicked() {
                    room.add_hands(1);
                }
            });
        }
    }
}

fn results(ui: &mut Ui, trainer: &mut Trainer, commands: &mut Vec<Command>) {
    let Some(room) = trainer.room.clone() else {
        return;
    };
    ui.label(
        RichText::new("Résultats du quiz")
            .size(STATEMENT * k(ui))
            .strong(),
    );
    ui.add_space(SPACE_L);
    match &room.scoring {
        Scoring::Teams(teams) => {
            let mut ranked: Vec<_> = teams.iter().collect();
            ranked.sort_by_key(|t| std::cmp::Reverse(t.points()));
            for team in ranked {
                ui.label(
                    RichText::new(format!(
                        "{} : {} point{} sur {}",
                        team.name,
                        team.points(),
                        if team.points() > 1 { "s" } else { "" },
                        room.len()
                    ))
                    .size(ANSWER * k(ui)),
                );
            }
        }
        Scoring::Hands { .. } => {
            ui.label(RichText::new(room.score_text()).size(ANSWER * k(ui)));
        }
    }
    ui.add_space(SPACE_L);
    ui.horizontal(|ui| {
        if ui
            .button(RichText::new("Rejouer").size(TEXT * k(ui)))
            .clicked()
        {
            trainer.room = None;
        }
        if ui
            .button(RichText::new("Revenir au quiz").size(TEXT * k(ui)))
            .clicked()
        {
            commands.push(Command::ShowPage(Page::Quiz));
        }
    });
}
