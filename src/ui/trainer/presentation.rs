//! The projector view: large type, explanations first, no editing chrome, driven from the
//! keyboard. One slide shows the « Et si… ? » toggles with their effect computed at once.

use super::{what_if_panel, Trainer};
use crate::ui::app::{Command, Page};
use crate::ui::theme::{Tokens, SPACE_L, SPACE_M, SPACE_S};
use crate::ui::trainer::library::refs;
use chrono::NaiveDate;
use clausier::clauses::ClauseLibrary;
use clausier::fr::{format_article, format_euros, format_hours};
use clausier::model::Project;
use clausier::rules::Severity;
use clausier::training::handout::{lot_levers, question_for_participants};
use clausier::training::what_if::LotLever;
use egui::{Key, RichText, Ui};

/// Text in the projector view is this much larger than in the wizard.
const SCALE: f32 = 1.7;
/// Lots listed on a slide before « … and N more ».
const LOTS_SHOWN: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slide {
    Case,
    Goals,
    Law(&'static str),
    WhatIf,
    KeyPoints,
    Misconceptions,
    Questions,
}

pub const SLIDES: [Slide; 9] = [
    Slide::Case,
    Slide::Goals,
    Slide::Law("allotissement"),
    Slide::Law("leviers"),
    Slide::Law("insertion"),
    Slide::WhatIf,
    Slide::KeyPoints,
    Slide::Misconceptions,
    Slide::Questions,
];

fn keys(ui: &Ui, trainer: &mut Trainer, base: &Project, commands: &mut Vec<Command>) {
    let pressed = |key| ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key));
    let last = SLIDES.len() - 1;
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
    match SLIDES[trainer.slide.min(last)] {
        Slide::WhatIf => {
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
                    trainer.what_if.set_lever(base, index, lever);
                }
            }
        }
        Slide::Questions if pressed(Key::E) => {
            trainer.show_answers = !trainer.show_answers;
        }
        _ => {}
    }
}

pub fn show(
    ui: &mut Ui,
    trainer: &mut Trainer,
    today: NaiveDate,
    library: &ClauseLibrary,
    commands: &mut Vec<Command>,
) {
    let id = trainer.selected.clone();
    let Some(base) = trainer.scenario(&id).map(|s| s.project.clone()) else {
        ui.label("Aucun scénario à présenter.");
        return;
    };
    keys(ui, trainer, &base, commands);
    let style = ui.style_mut();
    for font in style.text_styles.values_mut() {
        font.size *= SCALE;
    }
    style.spacing.item_spacing.y *= 1.4;
    let slide = SLIDES[trainer.slide.min(SLIDES.len() - 1)];
    let footer = 48.0;
    egui::ScrollArea::vertical()
        .id_salt(("slide", trainer.slide))
        .max_height(ui.available_height() - footer)
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(SPACE_L);
            draw(ui, slide, trainer, &base, today, library);
        });
    ui.separator();
    ui.horizontal(|ui| {
        let small = |t: String| RichText::new(t).size(15.0);
        if ui.button(small("Précédent".into())).clicked() {
            trainer.slide = trainer.slide.saturating_sub(1);
        }
        if ui.button(small("Suivant".into())).clicked() {
            trainer.slide = (trainer.slide + 1).min(SLIDES.len() - 1);
        }
        if ui.button(small("Quitter la présentation".into())).clicked() {
            commands.push(Command::ShowPage(Page::Scenarios));
        }
        let hint = match slide {
            Slide::WhatIf => " — Haut/Bas : lot ; R : réserver ; C : clause ; S : sans levier ; A : allotir ou non",
            Slide::Questions => " — E : afficher ou masquer les éléments de réponse",
            _ => "",
        };
        ui.label(small(format!(
            "Diapositive {} / {} — flèches ou Espace : naviguer ; Échap : quitter{hint}",
            trainer.slide + 1,
            SLIDES.len()
        )));
    });
}

fn title(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).heading().strong());
    ui.add_space(SPACE_M);
}

fn bullet(ui: &mut Ui, text: &str) {
    ui.add(egui::Label::new(format!("• {}", text.trim())).wrap());
}

fn draw(
    ui: &mut Ui,
    slide: Slide,
    trainer: &mut Trainer,
    base: &Project,
    today: NaiveDate,
    library: &ClauseLibrary,
) {
    let notes = trainer.notes_for(&trainer.selected).cloned();
    match slide {
        Slide::Case => {
            title(ui, &base.meta.title);
            ui.label(format!(
                "{} — {} HT, {} mois",
                base.meta.buyer.name,
                format_euros(base.purchase.amount_cents),
                base.purchase.duration_months
            ));
            ui.add_space(SPACE_M);
            if let Some(n) = &notes {
                ui.add(egui::Label::new(n.summary.trim()).wrap());
            }
        }
        Slide::Goals => {
            title(ui, "Objectifs de la séance");
            for goal in notes.iter().flat_map(|n| &n.learning_goals) {
                bullet(ui, goal);
            }
        }
        Slide::Law(key) => law(ui, key, base, trainer, today, library),
        Slide::WhatIf => what_if(ui, trainer, base, today, library),
        Slide::KeyPoints => {
            title(ui, "Ce qu'il faut retenir");
            for k in notes.iter().flat_map(|n| &n.key_points) {
                bullet(ui, &format!("{}{}", k.text.trim(), refs(&k.reference)));
            }
        }
        Slide::Misconceptions => {
            title(ui, "Idées reçues");
            for m in notes.iter().flat_map(|n| &n.misconceptions) {
                ui.label(RichText::new(m.belief_quoted()).italics().strong());
                ui.add(
                    egui::Label::new(format!("{}{}", m.correction.trim(), refs(&m.reference)))
                        .wrap(),
                );
                ui.add_space(SPACE_M);
            }
        }
        Slide::Questions => {
            title(ui, "Questions pour la discussion");
            for (i, q) in notes
                .iter()
                .flat_map(|n| &n.discussion_questions)
                .enumerate()
            {
                let shown = if trainer.show_answers {
                    q.as_str()
                } else {
                    question_for_participants(q)
                };
                ui.add(egui::Label::new(format!("{}. {}", i + 1, shown.trim())).wrap());
                ui.add_space(SPACE_S);
            }
        }
    }
}

fn law(
    ui: &mut Ui,
    key: &str,
    base: &Project,
    trainer: &mut Trainer,
    today: NaiveDate,
    library: &ClauseLibrary,
) {
    let heading = match key {
        "allotissement" => "Ce que dit le droit : l'allotissement",
        "leviers" => "Ce que dit le droit : les leviers sociaux",
        _ => "Ce que dit le droit : la clause d'insertion",
    };
    title(ui, heading);
    if let Some(help) = clausier::help::for_step(key) {
        ui.add(egui::Label::new(help.intro.trim()).wrap());
        let articles: Vec<String> = help.articles.iter().map(|a| format_article(a)).collect();
        ui.label(RichText::new(format!("Articles : {}", articles.join(", "))).italics());
    }
    ui.add_space(SPACE_L);
    ui.label(RichText::new("Dans ce cas").strong());
    let lots = &base.allotment.lots;
    let comparison = trainer.comparison(base, today, library);
    let evaluation = comparison.map(|c| &c.left.evaluation);
    let lot_line = |lot: &clausier::model::Lot, detail: String| {
        format!("Lot {} – {} : {detail}", lot.number, lot.title)
    };
    match key {
        "allotissement" if base.allotment.allotted => {
            ui.label(format!("L'achat est divisé en {} lots :", lots.len()));
            bullets_capped(
                ui,
                lots.iter()
                    .map(|lot| {
                        let amount = format_euros(lot.amount_cents);
                        format!("Lot {} – {} ({amount})", lot.number, lot.title)
                    })
                    .collect(),
            );
        }
        "allotissement" => {
            ui.label("Un marché unique, non alloti :");
            bullet(ui, base.allotment.non_allotment.justification.trim());
        }
        "leviers" => bullets_capped(
            ui,
            lots.iter()
                .enumerate()
                .map(|(i, lot)| {
                    lot_line(lot, lot_levers(lot, evaluation.and_then(|e| e.lots.get(i))))
                })
                .collect(),
        ),
        _ => {
            let with_hours: Vec<String> = lots
                .iter()
                .enumerate()
                .filter_map(|(i, lot)| {
                    let hours = evaluation?.lots.get(i)?.hours.as_ref()?;
                    Some(lot_line(lot, format_hours(hours.hours)))
                })
                .collect();
            if with_hours.is_empty() {
                bullet(ui, "Aucune clause d'insertion dans ce cas.");
            }
            bullets_capped(ui, with_hours);
        }
    }
}

/// The first lots of a long list, then how many more: a slide must fit the screen.
fn bullets_capped(ui: &mut Ui, lines: Vec<String>) {
    for line in lines.iter().take(LOTS_SHOWN) {
        bullet(ui, line);
    }
    if lines.len() > LOTS_SHOWN {
        bullet(
            ui,
            &format!("… et {} autres lots", lines.len() - LOTS_SHOWN),
        );
    }
}

fn what_if(
    ui: &mut Ui,
    trainer: &mut Trainer,
    base: &Project,
    today: NaiveDate,
    library: &ClauseLibrary,
) {
    title(ui, "Et si… ? Changez un levier, voyez l'effet");
    let width = ui.available_width();
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(width * 0.55);
            what_if_panel::controls(ui, trainer, base, 360.0);
        });
        ui.separator();
        ui.vertical(|ui| {
            let focus = trainer.focus_lot;
            let Some(c) = trainer.comparison(base, today, library) else {
                return;
            };
            let (l, r) = (&c.left, &c.right);
            ui.label(RichText::new("Effet").strong());
            ui.label(format!(
                "Heures d'insertion : {} avant, {} après",
                format_hours(l.total_hours()),
                format_hours(r.total_hours())
            ));
            ui.label(format!(
                "Erreurs : {} avant, {} après",
                l.evaluation.count(Severity::Error),
                r.evaluation.count(Severity::Error)
            ));
            ui.label(format!(
                "Avertissements : {} avant, {} après",
                l.evaluation.count(Severity::Warning),
                r.evaluation.count(Severity::Warning)
            ));
            ui.label(format!("DECP : {}", r.decp.social.join(", ")));
            if let Some(lot) = r
                .eforms
                .lots
                .get(focus.min(r.eforms.lots.len().saturating_sub(1)))
            {
                ui.label(format!(
                    "eForms {} : BT-71 {}, BT-06 {}",
                    lot.lot_id,
                    lot.reserved_participation,
                    lot.strategic.join(", ")
                ));
            }
            ui.label(format!("Paragraphes modifiés : {}", c.changed_paragraphs()));
            for f in c.findings.iter().filter(|f| f.appears).take(4) {
                ui.colored_label(
                    Tokens::of(ui).severity(f.severity),
                    format!("Nouveau constat ({}) : {}", f.severity.label(), f.message),
                );
            }
        });
    });
}
