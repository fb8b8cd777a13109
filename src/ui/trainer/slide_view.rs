//! Draws a slide of the deck (`clausier::training::deck`) with egui: the same elements as the
//! PDF — large lead sentences, figure tiles, bullet points with their articles, the lot table
//! with a coloured lever each, bars for hours, the « Et si… ? » effect.

use crate::ui::theme::{Tokens, SPACE_L, SPACE_M, SPACE_S};
use clausier::fr::format_hours;
use clausier::training::deck::{Bar, Effect, Element, Figure, Lever, LotRow, Point, Slide};
use egui::{Color32, RichText, Ui};

/// Body text size on the projector, in points before the window's zoom.
pub const BODY: f32 = 26.0;
const DETAIL: f32 = 18.0;
const TITLE: f32 = 38.0;

/// Slide text as the window draws it (numbers and signs kept on their line).
fn screen(text: &str) -> String {
    crate::ui::widgets::on_screen(text).into_owned()
}

fn scale_id() -> egui::Id {
    egui::Id::unique("clausier-slide-scale")
}

/// The projector's type grows with the screen: the sizes below are for a 1280-point-wide
/// window, and a 1920-pixel projector gets them half as large again.
pub fn set_scale(ui: &Ui) {
    let k = (ui.available_width() / 1280.0).clamp(1.0, 1.6);
    ui.ctx().data_mut(|d| d.insert_temp(scale_id(), k));
}

/// The current type scale of the projector views.
pub fn k(ui: &Ui) -> f32 {
    ui.ctx()
        .data(|d| d.get_temp::<f32>(scale_id()))
        .unwrap_or(1.0)
}

pub fn title(ui: &mut Ui, text: &str) {
    ui.add(egui::Label::new(RichText::new(screen(text)).size(TITLE * k(ui)).strong()).wrap());
    let (rect, _) = ui.allocate_exact_size(egui::vec2(90.0, 4.0), egui::Sense::hover());
    ui.painter()
        .rect_filled(rect, 0.0, Tokens::of(ui).lever_other);
    ui.add_space(SPACE_L);
}

pub fn slide(ui: &mut Ui, slide: &Slide) {
    title(ui, &slide.title);
    for element in &slide.body {
        self::element(ui, element);
        ui.add_space(SPACE_L);
    }
}

pub fn element(ui: &mut Ui, element: &Element) {
    match element {
        Element::Lead(text) => {
            ui.add(egui::Label::new(RichText::new(screen(text)).size(BODY * k(ui))).wrap());
        }
        Element::Figures(figures) => self::figures(ui, figures),
        Element::Points(points) => self::points(ui, points),
        Element::Lots(rows) => lots(ui, rows),
        Element::Bars(bars) => self::bars(ui, bars),
        Element::Effect(effect) => self::effect(ui, effect),
        Element::Belief(point) => {
            ui.add(
                egui::Label::new(
                    RichText::new(screen(&point.text))
                        .size(BODY * k(ui))
                        .strong()
                        .italics(),
                )
                .wrap(),
            );
            ui.add(
                egui::Label::new(RichText::new(screen(&point.detail)).size((DETAIL + 2.0) * k(ui)))
                    .wrap(),
            );
            ui.add_space(SPACE_M);
        }
    }
}

fn figures(ui: &mut Ui, figures: &[Figure]) {
    let gap = 16.0;
    let n = figures.len().max(1) as f32;
    let width = ((ui.available_width() - gap * (n - 1.0)) / n).max(80.0);
    let fill = ui.visuals().faint_bg_color;
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = gap;
        for f in figures {
            egui::Frame::new()
                .fill(fill)
                .inner_margin(SPACE_M)
                .corner_radius(6.0)
                .show(ui, |ui| {
                    ui.set_width(width - 2.0 * SPACE_M);
                    ui.vertical_centered(|ui| {
                        ui.label(RichText::new(screen(&f.value)).size(44.0 * k(ui)).strong());
                        ui.label(
                            RichText::new(screen(&f.caption))
                                .size(DETAIL * k(ui))
                                .weak(),
                        );
                    });
                });
        }
    });
}

fn points(ui: &mut Ui, points: &[Point]) {
    for p in points {
        ui.horizontal_top(|ui| {
            ui.label(RichText::new("•").size(BODY * k(ui)));
            ui.vertical(|ui| {
                ui.add(egui::Label::new(RichText::new(screen(&p.text)).size(BODY * k(ui))).wrap());
                if !p.detail.is_empty() {
                    ui.add(
                        egui::Label::new(
                            RichText::new(screen(&p.detail)).size(DETAIL * k(ui)).weak(),
                        )
                        .wrap(),
                    );
                }
            });
        });
        ui.add_space(SPACE_M);
    }
}

/// A lever chip: white text on the lever's colour.
pub fn chip(ui: &mut Ui, lever: Lever, text: &str, size: f32) -> egui::Response {
    egui::Frame::new()
        .fill(Tokens::of(ui).lever(lever))
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(8, 3))
        .show(ui, |ui| {
            ui.label(
                RichText::new(screen(text))
                    .size(size * k(ui))
                    .strong()
                    .color(Color32::WHITE),
            )
        })
        .inner
}

fn lots(ui: &mut Ui, rows: &[LotRow]) {
    let size = 20.0;
    let tokens = Tokens::of(ui);
    // Fixed columns, the title taking what is left: a grid would squeeze the wrapped title.
    let (number_w, amount_w) = (56.0 * k(ui), 110.0 * k(ui));
    let lever_w = (ui.available_width() * 0.3).clamp(200.0, 340.0 * k(ui));
    let title_w = (ui.available_width() - number_w - amount_w - lever_w - 40.0).max(120.0);
    let cell = |ui: &mut Ui, width: f32, add: &mut dyn FnMut(&mut Ui)| {
        ui.allocate_ui_with_layout(
            egui::vec2(width, 0.0),
            egui::Layout::top_down(egui::Align::Min),
            |ui| {
                ui.set_width(width);
                add(ui);
            },
        );
    };
    ui.horizontal(|ui| {
        for (header, width) in [
            ("Lot", number_w),
            ("Intitulé", title_w),
            ("Montant", amount_w),
            ("Levier", lever_w),
        ] {
            cell(ui, width, &mut |ui| {
                ui.label(RichText::new(header).size((size - 4.0) * k(ui)).weak());
            });
        }
    });
    for (i, row) in rows.iter().enumerate() {
        let fill = if i % 2 == 0 {
            ui.visuals().faint_bg_color
        } else {
            Color32::TRANSPARENT
        };
        egui::Frame::new().fill(fill).show(ui, |ui| {
            ui.horizontal_top(|ui| {
                let mut number = RichText::new(row.number.to_string())
                    .size(size * k(ui))
                    .strong();
                let mut title = RichText::new(screen(&row.title)).size(size * k(ui));
                if row.changed {
                    number = number.color(tokens.changed);
                    title = title.strong().color(tokens.changed);
                }
                cell(ui, number_w, &mut |ui| {
                    ui.label(number.clone());
                });
                cell(ui, title_w, &mut |ui| {
                    ui.add(egui::Label::new(title.clone()).wrap());
                });
                cell(ui, amount_w, &mut |ui| {
                    ui.label(RichText::new(screen(&row.amount)).size(size * k(ui)));
                });
                cell(ui, lever_w, &mut |ui| {
                    chip(ui, row.lever, &row.lever_text, size - 3.0);
                });
            });
        });
    }
}

/// Horizontal bars, the longest across the room left after the labels.
fn bars(ui: &mut Ui, bars: &[Bar]) {
    let size = 20.0;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(1).max(1) as f32;
    let label_width = (ui.available_width() * 0.4).min(460.0 * k(ui));
    let track = (ui.available_width() - label_width - 180.0 * k(ui)).max(100.0);
    let tokens = Tokens::of(ui);
    for bar in bars {
        ui.horizontal(|ui| {
            // A long lot name wraps within its column: cut, the room could not read it.
            ui.allocate_ui_with_layout(
                egui::vec2(label_width, size * 1.3 * k(ui)),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_width(label_width);
                    ui.add(
                        egui::Label::new(RichText::new(screen(&bar.label)).size(size * k(ui)))
                            .wrap(),
                    );
                },
            );
            let length = (track * bar.value as f32 / max).max(2.0);
            let (rect, _) =
                ui.allocate_exact_size(egui::vec2(length, size * k(ui)), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, tokens.lever(bar.lever));
            ui.label(RichText::new(screen(&bar.text)).size(size * k(ui)).strong());
        });
        // Rows apart, so that a wrapped name is not read with the next lot.
        ui.add_space(SPACE_S * k(ui));
    }
}

fn effect(ui: &mut Ui, effect: &Effect) {
    let tokens = Tokens::of(ui);
    if effect.changes.is_empty() {
        ui.label(
            RichText::new("Aucun changement pour l’instant.")
                .size(DETAIL * k(ui))
                .weak(),
        );
    }
    for change in &effect.changes {
        ui.add(
            egui::Label::new(
                RichText::new(screen(change))
                    .size(DETAIL * k(ui))
                    .strong()
                    .color(tokens.changed),
            )
            .wrap(),
        );
    }
    ui.add_space(SPACE_S);
    ui.label(
        RichText::new(screen(&effect.hours_line()))
            .size(DETAIL * k(ui))
            .strong(),
    );
    let max = effect.hours_before.max(effect.hours_after).max(1) as f32;
    let track = (ui.available_width() - 200.0 * k(ui)).max(80.0);
    for (label, value, colour) in [
        ("Avant", effect.hours_before, tokens.lever_none),
        ("Après", effect.hours_after, tokens.lever_clause),
    ] {
        ui.horizontal(|ui| {
            ui.add_sized(
                [70.0 * k(ui), 24.0 * k(ui)],
                egui::Label::new(RichText::new(label).size(DETAIL * k(ui))),
            );
            let (rect, _) = ui.allocate_exact_size(
                egui::vec2((track * value as f32 / max).max(2.0), 20.0 * k(ui)),
                egui::Sense::hover(),
            );
            ui.painter().rect_filled(rect, 2.0, colour);
            ui.label(
                RichText::new(screen(&format_hours(value)))
                    .size(DETAIL * k(ui))
                    .strong(),
            );
        });
    }
    ui.add_space(SPACE_S);
    let (e0, e1) = effect.errors;
    let errors = RichText::new(format!("Erreurs : {e0} avant, {e1} après")).size(DETAIL * k(ui));
    ui.label(if e1 > e0 {
        errors.color(tokens.error).strong()
    } else {
        errors
    });
    ui.label(
        RichText::new(format!(
            "Avertissements : {} avant, {} après",
            effect.warnings.0, effect.warnings.1
        ))
        .size(DETAIL * k(ui)),
    );
    ui.label(
        RichText::new(format!(
            "Paragraphes modifiés : {}",
            effect.changed_paragraphs
        ))
        .size(DETAIL * k(ui)),
    );
    for (severity, message) in &effect.new_findings {
        ui.add(
            egui::Label::new(
                RichText::new(Effect::finding_line(*severity, message))
                    .size((DETAIL - 2.0) * k(ui))
                    .color(tokens.severity(*severity)),
            )
            .wrap(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::kittest::Queryable;
    use egui_kittest::Harness;

    /// The hours slide: a long lot name wraps within its column instead of being cut.
    #[test]
    fn a_long_lot_name_wraps_beside_its_bar() {
        let long = "Lot 2 – Travaux de réhabilitation thermique, de mise en accessibilité et de désamiantage du groupe scolaire Jean-Moulin et annexes";
        let rows = [
            Bar {
                label: long.to_string(),
                value: 459,
                text: "459 heures".into(),
                lever: Lever::Clause,
            },
            Bar {
                label: "Lot 4 – Peinture".into(),
                value: 120,
                text: "120 heures".into(),
                lever: Lever::Clause,
            },
        ];
        let mut h = Harness::builder()
            .with_size(egui::vec2(1366.0, 768.0))
            .build_ui(|ui| bars(ui, &rows));
        h.run();
        // The label and its text run carry the same value: the first one is the label.
        let name = h.query_all_by_value(long).next().unwrap().rect();
        let line = h
            .query_all_by_value("Lot 4 – Peinture")
            .next()
            .unwrap()
            .rect()
            .height();
        assert!(name.height() > line * 1.5, "cut on one line: {name:?}");
        assert!(name.max.x <= 1366.0 * 0.45, "past its column: {name:?}");
    }
}
