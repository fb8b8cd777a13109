//! The projector view: the session's slide deck (`clausier::training::deck`, the same one the
//! PDF is drawn from), large type, no editing chrome, driven from the keyboard. On the « Et
//! si… ? » slide the lever toggles work live and the effect is recomputed at once.

use super::{slide_view, what_if_panel, Trainer};
use crate::ui::app::{Command, Page};
use crate::ui::theme::{Tokens, SPACE_L};
use chrono::NaiveDate;
use clausier::clauses::ClauseLibrary;
use clausier::model::Project;
use clausier::training::deck::{Deck, Element, SlideKind};
use clausier::training::what_if::LotLever;
use egui::{Key, RichText, Ui};

fn keys(
    ui: &Ui,
    trainer: &mut Trainer,
    deck: &Deck,
    current: &Project,
    commands: &mut Vec<Command>,
) {
    let pressed = |key| ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key));
    let last = deck.slides.len().saturating_sub(1);
    if pressed(Key::ArrowRight) || pressed(Key::Space) || pressed(Key::PageDown) {
        trainer.slide = (trainer.slide + 1).min(last);
    }
    if pressed(Key::ArrowLeft) || pressed(Key::PageUp) || pressed(Key::Backspace) {
        trainer.slide = trainer.slide.saturating_sub(1);
    }
    if pressed(Key::Home) {
        trainer.slide = 0;
    }
    if pressed(Key::End) {
        trainer.slide = last;
    }
    if pressed(Key::Escape) {
        commands.push(Command::ShowPage(Page::Scenarios));
    }
    let Some(slide) = deck.slides.get(trainer.slide.min(last)) else {
        return;
    };
    match slide.kind {
        SlideKind::WhatIf => {
            let Some(base) = trainer.base(current).cloned() else {
                return;
            };
            let lots = base.allotment.lots.len();
            if pressed(Key::ArrowDown) && trainer.focus_lot + 1 < lots {
                trainer.focus_lot += 1;
            }
            if pressed(Key::ArrowUp) {
                trainer.focus_lot = trainer.focus_lot.saturating_sub(1);
            }
            if pressed(Key::A) && base.allotment.allotted {
                trainer.what_if.single_contract = !trainer.what_if.single_contract;
            }
            for (key, lever) in [
                (Key::R, LotLever::Reserved),
                (Key::C, LotLever::Clause),
                (Key::S, LotLever::Nothing),
            ] {
                if pressed(key) {
                    let index = trainer.focus_lot;
                    trainer.what_if.set_lever(&base, index, lever);
                }
            }
        }
        SlideKind::Questions if pressed(Key::E) => {
            trainer.show_answers = !trainer.show_answers;
        }
        _ => {}
    }
}

/// The deck of the session, with the case of the current slide shown (its « Et si… ? »
/// changes are the ones the toggles edit).
fn deck(
    trainer: &mut Trainer,
    current: &Project,
    today: NaiveDate,
    library: &ClauseLibrary,
) -> Result<Deck, String> {
    let deck = trainer.screen_deck(current, today, library)?;
    let ids = trainer.session_ids();
    let slide = trainer.slide.min(deck.slides.len().saturating_sub(1));
    match deck.slides.get(slide).and_then(|s| s.case) {
        Some(case) if trainer.source != super::Source::Scenario(ids[case].clone()) => {
            trainer.focus_case(&ids[case]);
            trainer.screen_deck(current, today, library)
        }
        _ => Ok(deck),
    }
}

pub fn show(
    ui: &mut Ui,
    trainer: &mut Trainer,
    current: &Project,
    today: NaiveDate,
    library: &ClauseLibrary,
    commands: &mut Vec<Command>,
) {
    let mut deck = match deck(trainer, current, today, library) {
        Ok(deck) => deck,
        Err(e) => {
            ui.colored_label(
                Tokens::of(ui).error,
                format!("Présentation impossible : {e}"),
            );
            if ui.button("Revenir aux scénarios").clicked() {
                commands.push(Command::ShowPage(Page::Scenarios));
            }
            return;
        }
    };
    let before = (trainer.slide, trainer.what_if.clone(), trainer.show_answers);
    keys(ui, trainer, &deck, current, commands);
    if before != (trainer.slide, trainer.what_if.clone(), trainer.show_answers) {
        // A key changed the slide, a lever or the answers: draw the new state now.
        if let Ok(fresh) = self::deck(trainer, current, today, library) {
            deck = fresh;
        }
    }
    slide_view::set_scale(ui);
    let pages = deck.slides.len();
    trainer.slide = trainer.slide.min(pages.saturating_sub(1));
    let Some(slide) = deck.slides.get(trainer.slide).cloned() else {
        return;
    };
    let footer = 48.0;
    egui::ScrollArea::vertical()
        .id_salt(("slide", trainer.slide))
        .max_height(ui.available_height() - footer)
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(SPACE_L);
            if slide.kind == SlideKind::WhatIf {
                what_if(ui, trainer, &slide, current);
            } else {
                slide_view::slide(ui, &slide);
            }
        });
    ui.separator();
    ui.horizontal(|ui| {
        let small = |t: &str| RichText::new(t).size(15.0);
        if ui.button(small("Précédent")).clicked() {
            trainer.slide = trainer.slide.saturating_sub(1);
        }
        if ui.button(small("Suivant")).clicked() {
            trainer.slide = (trainer.slide + 1).min(pages.saturating_sub(1));
        }
        if ui.button(small("Quitter la présentation")).clicked() {
            commands.push(Command::ShowPage(Page::Scenarios));
        }
        let hint = match slide.kind {
            SlideKind::WhatIf => " — Haut/Bas : lot ; R : réserver ; C : clause ; S : sans levier ; A : allotir ou non",
            SlideKind::Questions => " — E : afficher ou masquer les éléments de réponse",
            _ => "",
        };
        ui.label(small(&format!(
            "Diapositive {} / {pages} — flèches ou Espace : naviguer ; Échap : quitter{hint}",
            trainer.slide + 1,
        )));
    });
}

/// « Et si… ? »: the toggles on the left (they are the lot table of this slide), the effect
/// on the right.
fn what_if(
    ui: &mut Ui,
    trainer: &mut Trainer,
    slide: &clausier::training::deck::Slide,
    current: &Project,
) {
    slide_view::title(ui, &slide.title);
    let Some(base) = trainer.base(current).cloned() else {
        return;
    };
    let width = ui.available_width();
    let height = ui.available_height();
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(width * 0.55);
            // The toggles in projector type, like the rest of the slide.
            let scale = 1.5 * slide_view::k(ui);
            for font in ui.style_mut().text_styles.values_mut() {
                font.size *= scale;
            }
            what_if_panel::controls(ui, trainer, &base, (height - 80.0).max(200.0));
        });
        ui.separator();
        ui.vertical(|ui| {
            for element in &slide.body {
                if matches!(element, Element::Effect(_)) {
                    slide_view::element(ui, element);
                }
            }
        });
    });
}
