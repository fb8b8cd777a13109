//! The live preview: the very Document the DOCX is written from, with each paragraph's
//! provenance (clause, legal basis, answers) on hover.

use crate::ui::widgets::{on_screen, shortened};
use clausier::document::{inline_text, Block, BlockKind, Document, Inline, Provenance};
use egui::text::LayoutJob;
use egui::{FontId, RichText, TextFormat, Ui};

/// Characters of one piece of text the preview lays out: enough for any real paragraph; a
/// pasted megabyte would take gigabytes to draw (the DOCX has it all).
const PREVIEW_CHARS: usize = 5_000;

fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    match shortened(text, PREVIEW_CHARS) {
        std::borrow::Cow::Borrowed(text) => on_screen(text),
        std::borrow::Cow::Owned(text) => on_screen(&text).into_owned().into(),
    }
}

fn job(ui: &Ui, inlines: &[Inline], size: f32) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    let color = ui.visuals().text_color();
    for inline in inlines {
        let mut format = TextFormat {
            font_id: FontId::proportional(size),
            color,
            ..Default::default()
        };
        format.italics = inline.italic;
        if inline.bold {
            format.color = ui.visuals().strong_text_color();
        }
        job.append(&shown(&inline.text), 0.0, format);
    }
    job
}

fn provenance_text(p: &Provenance) -> String {
    format!(
        "Clause : {}\nBase légale : {}\nRéponses à l’origine : {}",
        p.clause_text(),
        p.legal_refs_text(),
        p.triggers.join(" ; ")
    )
}

/// Heights of the preview's blocks as last drawn, so that blocks scrolled out of sight are
/// skipped: a long section (thirty lots) would otherwise be laid out whole on every frame.
/// A block not drawn yet has an estimated height, from its length: drawing every block once
/// to measure it took 8 s and 3 GB for a project of 10 000 lots.
#[derive(Default)]
pub struct PreviewLayout {
    heights: Vec<f32>,
    width: f32,
    /// A heading block to bring to the top of the preview (chosen in the outline, or the
    /// part of the step the user arrived at), and the frames left to reach it.
    jump: Option<(usize, u8)>,
    /// The step whose part was last shown: the preview follows a change of step, not every
    /// frame, so that the user can scroll freely afterwards.
    followed: Option<crate::ui::steps::Step>,
}

impl PreviewLayout {
    /// Scrolls to the block at `index` at the next frames.
    pub fn jump_to(&mut self, index: usize) {
        // Blocks not drawn yet have estimated heights: a second frame corrects the position.
        self.jump = Some((index, 3));
    }

    /// Scrolls to the part `step` writes when the user has just arrived at it.
    pub fn follow(&mut self, doc: &Document, step: Option<crate::ui::steps::Step>) {
        if step == self.followed {
            return;
        }
        self.followed = step;
        if let Some(index) = step.and_then(|s| crate::ui::preview_outline::part_of_step(doc, s)) {
            self.jump_to(index);
        }
    }
}

/// A block's height before it is drawn: its characters spread over lines of the panel's
/// width, at about half an em a character.
fn estimated_height(block: &Block, width: f32, size: f32) -> f32 {
    let line = size * 1.35;
    let per_line = (width / (size * 0.5)).max(10.0);
    let lines = |chars: usize| (chars as f32 / per_line).ceil().max(1.0);
    let spacing = 4.0;
    match &block.kind {
        BlockKind::Title(text) => lines(text.chars().count()) * (size + 8.0) * 1.35 + spacing,
        BlockKind::Heading { text, .. } => lines(text.chars().count()) * (size + 6.0) * 1.35 + 12.0,
        BlockKind::Paragraph(inlines) | BlockKind::Note(inlines) => {
            lines(inlines.iter().map(|i| i.text.chars().count()).sum()) * line + spacing
        }
        BlockKind::Image { alt, .. } => lines(alt.chars().count() + 12) * line + spacing,
        BlockKind::List { items, .. } => items
            .iter()
            .map(|i| {
                lines(
                    i.content
                        .iter()
                        .map(|c| c.text.chars().count())
                        .sum::<usize>()
                        + 4,
                ) * line
                    + spacing
            })
            .sum(),
        BlockKind::Table { header, rows } => {
            let columns = header.len().max(1) as f32;
            std::iter::once(header)
                .chain(rows)
                .map(|row| {
                    let longest = row
                        .iter()
                        .map(|c| inline_text(c).chars().count())
                        .max()
                        .unwrap_or(0);
                    (longest as f32 / (per_line / columns).max(4.0))
                        .ceil()
                        .max(1.0)
                        * line
                        + 4.0
                })
                .sum::<f32>()
                + 12.0
        }
        BlockKind::PageBreak => 12.0,
    }
}

pub fn show(ui: &mut Ui, doc: &Document, layout: &mut PreviewLayout) {
    let size = BODY_SIZE;
    let width = ui.available_width();
    if layout.heights.len() != doc.blocks.len() || (layout.width - width).abs() > 0.5 {
        layout.heights = doc
            .blocks
            .iter()
            .map(|b| estimated_height(b, width, size))
            .collect();
        layout.width = width;
    }
    let mut area = egui::ScrollArea::vertical()
        .id_salt("preview")
        .auto_shrink([false, false]);
    let jump = layout.jump.filter(|(index, _)| *index < doc.blocks.len());
    if let Some((index, _)) = jump {
        // Where the block starts by the heights known so far; once drawn, it is brought
        // exactly to the top.
        area = area.vertical_scroll_offset(layout.heights[..index].iter().sum());
        ui.ctx().request_repaint();
    }
    let mut reached = false;
    area.show_viewport(ui, |ui, viewport| {
        let origin = ui.min_rect().top();
        // The DOCX numbers the articles with Word numbering; the preview writes the same
        // labels out.
        let labels = doc.article_labels();
        for (i, ((block, height), label)) in doc
            .blocks
            .iter()
            .zip(layout.heights.iter_mut())
            .zip(labels)
            .enumerate()
        {
            let top = ui.cursor().top() - origin;
            let visible = top + *height >= viewport.min.y && top <= viewport.max.y;
            if !visible {
                ui.add_space(*height);
                continue;
            }
            let before = ui.cursor().top();
            let response = block_ui(ui, block, label.as_deref(), size);
            if let (Some(response), Some((target, _))) = (&response, jump) {
                if i == target {
                    response.scroll_to_me(Some(egui::Align::Min));
                    reached = true;
                }
            }
            if let (Some(response), Some(p)) = (response, doc.provenance(block)) {
                response.on_hover_text(provenance_text(p));
            }
            *height = ui.cursor().top() - before;
        }
    });
    layout.jump = match jump {
        Some((index, tries)) if !reached && tries > 1 => Some((index, tries - 1)),
        _ => None,
    };
}

/// A few blocks drawn as the preview draws them (tables scroll sideways when wider than the
/// panel), for the views that show a part of the document.
pub fn blocks(ui: &mut Ui, blocks: &[Block]) {
    for block in blocks {
        block_ui(ui, block, None, BODY_SIZE);
    }
}

/// Text size of the preview's body.
const BODY_SIZE: f32 = 13.0;

fn block_ui(ui: &mut Ui, block: &Block, label: Option<&str>, size: f32) -> Option<egui::Response> {
    match &block.kind {
        BlockKind::Title(text) => {
            Some(ui.label(RichText::new(shown(text)).size(size + 8.0).strong()))
        }
        BlockKind::Heading { level, text } => {
            ui.add_space(if *level == 1 { 12.0 } else { 6.0 });
            let bump = match level {
                1 => 6.0,
                2 => 3.0,
                _ => 1.0,
            };
            // The same words as the outline's entry for this heading.
            let text = crate::ui::preview_outline::heading_text(text, label);
            Some(ui.label(RichText::new(shown(&text)).size(size + bump).strong()))
        }
        BlockKind::Paragraph(inlines) => Some(ui.label(job(ui, inlines, size))),
        BlockKind::Note(inlines) => {
            Some(ui.label(RichText::new(shown(&inline_text(inlines))).italics().weak()))
        }
        BlockKind::Image { alt, .. } => {
            Some(ui.label(RichText::new(format!("Graphique : {}", shown(alt))).italics()))
        }
        BlockKind::List { ordered, items } => {
            let response = ui.vertical(|ui| {
                for (n, item) in items.iter().enumerate() {
                    ui.horizontal_wrapped(|ui| {
                        ui.add_space(12.0 * (f32::from(item.level) + 1.0));
                        ui.label(if *ordered {
                            format!("{}.", n + 1)
                        } else {
                            "•".to_string()
                        });
                        ui.label(job(ui, &item.content, size));
                    });
                }
            });
            Some(response.response)
        }
        BlockKind::Table { header, rows } => {
            let id = ui.next_auto_id();
            let response = egui::ScrollArea::horizontal()
                .id_salt(id)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    egui::Frame::group(ui.style())
                        .show(ui, |ui| {
                            egui::Grid::new(id)
                                .striped(true)
                                .spacing([10.0, 4.0])
                                .show(ui, |ui| {
                                    for cell in header {
                                        ui.label(
                                            RichText::new(shown(&inline_text(cell)))
                                                .strong()
                                                .size(size - 1.0),
                                        );
                                    }
                                    ui.end_row();
                                    for row in rows {
                                        for cell in row {
                                            ui.label(
                                                RichText::new(shown(&inline_text(cell)))
                                                    .size(size - 1.0),
                                            );
                                        }
                                        ui.end_row();
                                    }
                                });
                        })
                        .response
                });
            Some(response.inner)
        }
        BlockKind::PageBreak => Some(ui.separator()),
    }
}
