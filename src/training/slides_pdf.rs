//! The deck as a PDF: one 16:9 page per slide, Liberation Sans embedded (subset), the same
//! slides as the projector view. Text is measured with the shaper krilla itself uses, so
//! that lines break where they fit; a slide whose content is too long for the page is laid
//! out again in smaller type rather than cut.

use super::deck::{Bar, Deck, Effect, Element, Figure, Lever, LotRow, Point, Slide};
use crate::rules::Severity;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point as At, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};

/// 13,33 × 7,5 inches, the 16:9 size of presentation software, in points.
pub const PAGE_WIDTH: f32 = 960.0;
pub const PAGE_HEIGHT: f32 = 540.0;
const MARGIN: f32 = 44.0;
const FOOTER: f32 = 28.0;

const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");

/// Colours by meaning, as in the window (the PDF has one light theme).
mod colour {
    pub type Rgb = (u8, u8, u8);
    pub const TITLE: Rgb = (0x1F, 0x38, 0x64);
    pub const TEXT: Rgb = (0x22, 0x22, 0x22);
    pub const MUTED: Rgb = (0x59, 0x59, 0x59);
    pub const RULE: Rgb = (0x2F, 0x54, 0x96);
    pub const TILE: Rgb = (0xEC, 0xF1, 0xF8);
    pub const STRIPE: Rgb = (0xF4, 0xF6, 0xF9);
    pub const CHANGED: Rgb = (0xC5, 0x5A, 0x11);
    pub const RESERVED: Rgb = (0x6A, 0x3D, 0x9A);
    pub const CLAUSE: Rgb = (0x1E, 0x7B, 0x34);
    pub const OTHER: Rgb = (0x1F, 0x4E, 0x8C);
    pub const NONE: Rgb = (0x80, 0x80, 0x80);
    pub const BEFORE: Rgb = (0x9A, 0xA5, 0xB1);
    pub const ERROR: Rgb = (0xB0, 0x1A, 0x22);
    pub const WARNING: Rgb = (0x8A, 0x52, 0x00);
    pub const INFO: Rgb = (0x1F, 0x4E, 0x8C);
    pub const WHITE: Rgb = (0xFF, 0xFF, 0xFF);
}
use colour::Rgb;

pub fn lever_colour(lever: Lever) -> Rgb {
    match lever {
        Lever::Reserved => colour::RESERVED,
        Lever::Clause => colour::CLAUSE,
        Lever::Other => colour::OTHER,
        Lever::None => colour::NONE,
    }
}

fn severity_colour(severity: Severity) -> Rgb {
    match severity {
        Severity::Error => colour::ERROR,
        Severity::Warning => colour::WARNING,
        Severity::Info => colour::INFO,
    }
}

/// A face to measure text with. Words are shaped once and their widths kept: a deck lays
/// out the same words many times (every line tried, every type scale tried).
struct Measure {
    face: rustybuzz::Face<'static>,
    units_per_em: f32,
    /// Advance of each word, in font units.
    words: std::cell::RefCell<std::collections::HashMap<String, f32>>,
}

impl Measure {
    fn new(data: &'static [u8]) -> Result<Measure, String> {
        let face = rustybuzz::Face::from_slice(data, 0)
            .ok_or_else(|| "police des diapositives illisible".to_string())?;
        let units_per_em = face.units_per_em() as f32;
        Ok(Measure {
            face,
            units_per_em,
            words: Default::default(),
        })
    }

    fn shaped_units(&self, text: &str) -> f32 {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let shaped = rustybuzz::shape(&self.face, &[], buffer);
        shaped
            .glyph_positions()
            .iter()
            .map(|p| p.x_advance as f32)
            .sum()
    }

    fn word_units(&self, word: &str) -> f32 {
        if let Some(units) = self.words.borrow().get(word) {
            return *units;
        }
        let units = self.shaped_units(word);
        self.words.borrow_mut().insert(word.to_string(), units);
        units
    }

    /// Width of a text at `size` points: its words and the spaces between them (Liberation
    /// Sans does not kern across a space).
    fn width(&self, text: &str, size: f32) -> f32 {
        let mut units = 0.0;
        for (i, word) in text.split(' ').enumerate() {
            if i > 0 {
                units += self.word_units(" ");
            }
            if !word.is_empty() {
                units += self.word_units(word);
            }
        }
        units / self.units_per_em * size
    }
}

struct Fonts {
    regular: Measure,
    bold: Measure,
    pdf_regular: Font,
    pdf_bold: Font,
}

impl Fonts {
    fn load() -> Result<Fonts, String> {
        let pdf = |data: &'static [u8]| {
            Font::new(data.into(), 0).ok_or_else(|| "police des diapositives illisible".to_string())
        };
        Ok(Fonts {
            regular: Measure::new(REGULAR_TTF)?,
            bold: Measure::new(BOLD_TTF)?,
            pdf_regular: pdf(REGULAR_TTF)?,
            pdf_bold: pdf(BOLD_TTF)?,
        })
    }

    fn measure(&self, bold: bool) -> &Measure {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }

    /// Lines of at most `width` points. Only ordinary spaces break: no-break spaces keep
    /// a percentage and its sign, or a number of hours, whole. A word wider than the line is
    /// cut by letters.
    fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let m = self.measure(bold);
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if m.width(&candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if m.width(word, size) <= width {
                    line = word.to_string();
                } else {
                    for c in word.chars() {
                        let mut next = line.clone();
                        next.push(c);
                        if m.width(&next, size) > width && !line.is_empty() {
                            lines.push(std::mem::take(&mut line));
                            line.push(c);
                        } else {
                            line = next;
                        }
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// What a page holds once laid out.
enum Op {
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        bold: bool,
        colour: Rgb,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: Rgb,
    },
}

/// Lays out blocks top-down from `y`, at a type scale.
struct Layout<'f> {
    fonts: &'f Fonts,
    scale: f32,
    ops: Vec<Op>,
}

impl Layout<'_> {
    fn size(&self, points: f32) -> f32 {
        points * self.scale
    }

    /// Wrapped text from (x, top); returns the height used.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        x: f32,
        top: f32,
        width: f32,
        text: &str,
        points: f32,
        bold: bool,
        colour: Rgb,
    ) -> f32 {
        let size = self.size(points);
        let line_height = size * 1.22;
        let lines = self.fonts.wrap(text, size, bold, width);
        for (i, line) in lines.iter().enumerate() {
            self.ops.push(Op::Text {
                x,
                baseline: top + size * 0.92 + i as f32 * line_height,
                size,
                bold,
                colour,
                text: line.clone(),
            });
        }
        lines.len() as f32 * line_height
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Rgb) {
        if w > 0.0 && h > 0.0 {
            self.ops.push(Op::Rect { x, y, w, h, colour });
        }
    }

    fn width(&self, text: &str, points: f32, bold: bool) -> f32 {
        self.fonts.measure(bold).width(text, self.size(points))
    }

    fn element(&mut self, x: f32, top: f32, width: f32, element: &Element) -> f32 {
        match element {
            Element::Lead(text) => self.text(x, top, width, text, 26.0, false, colour::TEXT),
            Element::Figures(figures) => self.figures(x, top, width, figures),
            Element::Points(points) => self.points(x, top, width, points),
            Element::Lots(rows) => self.lots(x, top, width, rows),
            Element::Bars(bars) => self.bars(x, top, width, bars),
            Element::Effect(effect) => self.effect(x, top, width, effect),
            Element::Belief(point) => {
                let mut h = self.text(x, top, width, &point.text, 26.0, true, colour::TITLE);
                h += self.size(6.0);
                h += self.text(x, top + h, width, &point.detail, 20.0, false, colour::TEXT);
                h
            }
        }
    }

    fn figures(&mut self, x: f32, top: f32, width: f32, figures: &[Figure]) -> f32 {
        let gap = 16.0;
        let n = figures.len().max(1) as f32;
        let tile = (width - gap * (n - 1.0)) / n;
        let height = self.size(104.0);
        for (i, f) in figures.iter().enumerate() {
            let left = x + i as f32 * (tile + gap);
            self.rect(left, top, tile, height, colour::TILE);
            let value = self.size(40.0);
            let vw = self.width(&f.value, 40.0, true);
            self.ops.push(Op::Text {
                x: left + (tile - vw).max(0.0) / 2.0,
                baseline: top + self.size(18.0) + value * 0.92,
                size: value,
                bold: true,
                colour: colour::TITLE,
                text: f.value.clone(),
            });
            let caption = self.size(18.0);
            let cw = self.width(&f.caption, 18.0, false);
            self.ops.push(Op::Text {
                x: left + (tile - cw).max(0.0) / 2.0,
                baseline: top + height - self.size(18.0),
                size: caption,
                bold: false,
                colour: colour::MUTED,
                text: f.caption.clone(),
            });
        }
        height
    }

    fn points(&mut self, x: f32, top: f32, width: f32, points: &[Point]) -> f32 {
        let mut y = top;
        let indent = self.size(26.0);
        for p in points {
            let dot = self.size(9.0);
            self.rect(x + 4.0, y + self.size(10.0), dot, dot, colour::RULE);
            y += self.text(
                x + indent,
                y,
                width - indent,
                &p.text,
                24.0,
                false,
                colour::TEXT,
            );
            if !p.detail.is_empty() {
                y += self.size(2.0);
                y += self.text(
                    x + indent,
                    y,
                    width - indent,
                    &p.detail,
                    17.0,
                    false,
                    colour::MUTED,
                );
            }
            y += self.size(14.0);
        }
        y - top
    }

    fn lots(&mut self, x: f32, top: f32, width: f32, rows: &[LotRow]) -> f32 {
        let number_w = self.size(56.0);
        let amount_w = self.size(100.0);
        let lever_w = (width * 0.36).min(self.size(300.0));
        let title_w = width - number_w - amount_w - lever_w - 12.0;
        let points = 17.0;
        let pad = self.size(5.0);
        let mut y = top;
        for (label, left, w) in [
            ("Lot", x, number_w),
            ("Intitulé", x + number_w, title_w),
            ("Montant", x + number_w + title_w, amount_w),
            ("Levier", x + width - lever_w, lever_w),
        ] {
            self.text(left + 6.0, y, w, label, 15.0, true, colour::MUTED);
        }
        y += self.size(15.0) * 1.22 + pad;
        for (i, row) in rows.iter().enumerate() {
            let title_lines = self
                .fonts
                .wrap(&row.title, self.size(points), row.changed, title_w - 8.0)
                .len();
            let lever_lines = self
                .fonts
                .wrap(&row.lever_text, self.size(15.0), true, lever_w - 16.0)
                .len();
            let h = (title_lines as f32 * self.size(points) * 1.22)
                .max(lever_lines as f32 * self.size(15.0) * 1.22 + 2.0 * pad)
                + 2.0 * pad;
            if i % 2 == 0 {
                self.rect(x, y, width, h, colour::STRIPE);
            }
            if row.changed {
                self.rect(x, y, 5.0, h, colour::CHANGED);
            }
            let bold = row.changed;
            self.text(
                x + 10.0,
                y + pad,
                number_w - 10.0,
                &row.number.to_string(),
                points,
                true,
                colour::TEXT,
            );
            self.text(
                x + number_w,
                y + pad,
                title_w - 8.0,
                &row.title,
                points,
                bold,
                colour::TEXT,
            );
            self.text(
                x + number_w + title_w,
                y + pad,
                amount_w,
                &row.amount,
                points,
                false,
                colour::TEXT,
            );
            let chip_x = x + width - lever_w;
            self.rect(
                chip_x,
                y + pad * 0.6,
                lever_w,
                h - pad * 1.2,
                lever_colour(row.lever),
            );
            self.text(
                chip_x + 8.0,
                y + pad * 1.6,
                lever_w - 16.0,
                &row.lever_text,
                15.0,
                true,
                colour::WHITE,
            );
            y += h;
        }
        y - top
    }

    fn bars(&mut self, x: f32, top: f32, width: f32, bars: &[Bar]) -> f32 {
        let label_w = width * 0.42;
        let value_w = self.size(130.0);
        let track = width - label_w - value_w - 16.0;
        let max = bars.iter().map(|b| b.value).max().unwrap_or(1).max(1) as f32;
        let mut y = top;
        for bar in bars {
            let lines = self
                .fonts
                .wrap(&bar.label, self.size(17.0), false, label_w - 8.0);
            let h =
                (lines.len() as f32 * self.size(17.0) * 1.22).max(self.size(26.0)) + self.size(8.0);
            self.text(
                x,
                y + self.size(3.0),
                label_w - 8.0,
                &bar.label,
                17.0,
                false,
                colour::TEXT,
            );
            let length = track * bar.value as f32 / max;
            let bar_h = self.size(22.0);
            self.rect(
                x + label_w,
                y + (h - bar_h) / 2.0,
                length.max(2.0),
                bar_h,
                lever_colour(bar.lever),
            );
            self.text(
                x + label_w + length + 8.0,
                y + (h - self.size(17.0) * 1.22) / 2.0,
                value_w,
                &bar.text,
                17.0,
                true,
                colour::TEXT,
            );
            y += h;
        }
        y - top
    }

    fn effect(&mut self, x: f32, top: f32, width: f32, effect: &Effect) -> f32 {
        let mut y = top;
        for change in &effect.changes {
            y += self.text(x, y, width, change, 18.0, true, colour::CHANGED);
        }
        if effect.changes.is_empty() {
            y += self.text(
                x,
                y,
                width,
                "Aucun changement pour l'instant.",
                18.0,
                false,
                colour::MUTED,
            );
        }
        y += self.size(10.0);
        y += self.text(x, y, width, "Heures d'insertion", 18.0, true, colour::TITLE);
        let bars = [
            Bar {
                label: "Avant".into(),
                value: effect.hours_before,
                text: crate::fr::format_hours(effect.hours_before),
                lever: Lever::None,
            },
            Bar {
                label: "Après".into(),
                value: effect.hours_after,
                text: crate::fr::format_hours(effect.hours_after),
                lever: Lever::Clause,
            },
        ];
        let max = effect.hours_before.max(effect.hours_after).max(1) as f32;
        let label_w = self.size(70.0);
        let track = width - label_w - self.size(130.0);
        for bar in &bars {
            let h = self.size(30.0);
            self.text(
                x,
                y + self.size(4.0),
                label_w,
                &bar.label,
                17.0,
                false,
                colour::TEXT,
            );
            let length = track * bar.value as f32 / max;
            let fill = if bar.label == "Avant" {
                colour::BEFORE
            } else {
                colour::CLAUSE
            };
            self.rect(
                x + label_w,
                y + self.size(4.0),
                length.max(2.0),
                self.size(22.0),
                fill,
            );
            self.text(
                x + label_w + length + 8.0,
                y + self.size(4.0),
                self.size(130.0),
                &bar.text,
                17.0,
                true,
                colour::TEXT,
            );
            y += h;
        }
        y += self.size(8.0);
        let counts = [
            ("Erreurs", effect.errors),
            ("Avertissements", effect.warnings),
        ];
        for (label, (before, after)) in counts {
            let line = format!("{label} : {before} → {after}").replace(" :", "\u{a0}:");
            let colour = if after > before {
                colour::ERROR
            } else {
                colour::TEXT
            };
            y += self.text(x, y, width, &line, 18.0, after != before, colour);
        }
        y += self.text(
            x,
            y,
            width,
            &format!("Paragraphes modifiés\u{a0}: {}", effect.changed_paragraphs),
            18.0,
            false,
            colour::TEXT,
        );
        y += self.size(6.0);
        for (severity, message) in &effect.new_findings {
            y += self.text(
                x,
                y,
                width,
                &Effect::finding_line(*severity, message),
                15.0,
                false,
                severity_colour(*severity),
            );
            y += self.size(4.0);
        }
        y - top
    }
}

/// Lays out one slide at a scale; returns the operations and whether they fit the page.
fn layout_slide(
    fonts: &Fonts,
    slide: &Slide,
    footer: &str,
    page: usize,
    pages: usize,
    scale: f32,
) -> (Vec<Op>, bool) {
    let mut l = Layout {
        fonts,
        scale,
        ops: Vec::new(),
    };
    let width = PAGE_WIDTH - 2.0 * MARGIN;
    // The title keeps its size: it is short and read first.
    let title_scale = l.scale;
    l.scale = 1.0;
    let mut y = MARGIN;
    y += l.text(MARGIN, y, width, &slide.title, 32.0, true, colour::TITLE);
    y += 8.0;
    l.rect(MARGIN, y, 90.0, 4.0, colour::RULE);
    y += 22.0;
    l.scale = title_scale;
    let bottom = PAGE_HEIGHT - MARGIN - FOOTER;
    let two_columns = matches!(
        slide.body.as_slice(),
        [Element::Lots(_), Element::Effect(_)]
    );
    if two_columns {
        let left_w = width * 0.56;
        let h1 = l.element(MARGIN, y, left_w - 16.0, &slide.body[0]);
        let h2 = l.element(
            MARGIN + left_w + 8.0,
            y,
            width - left_w - 8.0,
            &slide.body[1],
        );
        y += h1.max(h2);
    } else {
        for element in &slide.body {
            y += l.element(MARGIN, y, width, element);
            y += l.size(18.0);
        }
        y -= l.size(18.0);
    }
    let fits = y <= bottom;
    l.scale = 1.0;
    let footer_top = PAGE_HEIGHT - MARGIN + 4.0;
    l.rect(MARGIN, footer_top - 8.0, width, 0.8, colour::BEFORE);
    let number = format!("{page} / {pages}");
    let number_w = l.width(&number, 12.0, false);
    let footer = one_line(fonts, footer, 12.0, width - number_w - 24.0);
    l.text(
        MARGIN,
        footer_top,
        width - number_w - 24.0,
        &footer,
        12.0,
        false,
        colour::MUTED,
    );
    l.text(
        PAGE_WIDTH - MARGIN - number_w,
        footer_top,
        number_w + 2.0,
        &number,
        12.0,
        false,
        colour::MUTED,
    );
    (l.ops, fits)
}

/// The text cut with « … » to fit one line of `width`.
fn one_line(fonts: &Fonts, text: &str, size: f32, width: f32) -> String {
    if fonts.regular.width(text, size) <= width {
        return text.to_string();
    }
    // Whole words first, then the last word letter by letter.
    let words: Vec<&str> = text.split(' ').collect();
    let mut kept = words.len();
    while kept > 0
        && fonts
            .regular
            .width(&format!("{}…", words[..kept].join(" ")), size)
            > width
    {
        kept -= 1;
    }
    let mut line = words[..kept].join(" ");
    if let Some(next) = words.get(kept) {
        let mut partial = String::new();
        for c in next.chars() {
            partial.push(c);
            if fonts.regular.width(&format!("{line} {partial}…"), size) > width {
                partial.pop();
                break;
            }
        }
        if !partial.is_empty() {
            line = format!("{line} {partial}");
        }
    }
    format!("{}…", line.trim_end())
}

/// Type scales tried in turn until a slide fits.
const SCALES: [f32; 6] = [1.0, 0.9, 0.8, 0.72, 0.64, 0.56];

/// The deck as PDF bytes.
pub fn to_pdf(deck: &Deck, footer: &str) -> Result<Vec<u8>, String> {
    let fonts = Fonts::load()?;
    let mut document = krilla::Document::new();
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(deck.title.clone())
            .language("fr-FR".into())
            .creator(format!("Clausier {}", crate::APP_VERSION))
            .authors(vec!["Clausier — mode formation".into()]),
    );
    let pages = deck.slides.len();
    for (i, slide) in deck.slides.iter().enumerate() {
        let mut ops = Vec::new();
        for scale in SCALES {
            let (laid, fits) = layout_slide(&fonts, slide, footer, i + 1, pages, scale);
            ops = laid;
            if fits {
                break;
            }
        }
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| "format de page invalide".to_string())?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Rect { x, y, w, h, colour } => {
                    let mut path = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(x, y, w, h) {
                        path.push_rect(rect);
                    }
                    if let Some(path) = path.finish() {
                        surface.set_fill(Some(fill(colour)));
                        surface.draw_path(&path);
                    }
                }
                Op::Text {
                    x,
                    baseline,
                    size,
                    bold,
                    colour,
                    text,
                } => {
                    if text.is_empty() {
                        continue;
                    }
                    surface.set_fill(Some(fill(colour)));
                    let font = if bold {
                        fonts.pdf_bold.clone()
                    } else {
                        fonts.pdf_regular.clone()
                    };
                    surface.draw_text(
                        At::from_xy(x, baseline),
                        font,
                        size,
                        &text,
                        false,
                        TextDirection::LeftToRight,
                    );
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| format!("PDF impossible à écrire ({e:?})"))
}

fn fill(colour: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_spaces_but_never_at_a_no_break_space() {
        let fonts = Fonts::load().unwrap();
        let text = "un taux de 15\u{a0}% et 1\u{202f}380\u{a0}heures de travail";
        let width = fonts.regular.width("un taux de 15", 20.0) + 2.0;
        let lines = fonts.wrap(text, 20.0, false, width);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("15\u{a0}%")), "{lines:?}");
        assert!(
            lines.iter().any(|l| l.contains("1\u{202f}380\u{a0}heures")),
            "{lines:?}"
        );
        for line in &lines {
            assert!(fonts.regular.width(line, 20.0) <= width || !line.contains(' '));
        }
    }

    #[test]
    fn a_long_footer_is_cut_to_one_line_with_an_ellipsis() {
        let fonts = Fonts::load().unwrap();
        let text = "Support de formation — Rénovation énergétique de l'école ; Entretien des espaces verts";
        let width = fonts
            .regular
            .width("Support de formation — Rénovation énerg", 12.0);
        let cut = one_line(&fonts, text, 12.0, width);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(
            cut.starts_with("Support de formation — Rénovation"),
            "{cut}"
        );
        assert!(fonts.regular.width(&cut, 12.0) <= width, "{cut}");
        assert_eq!(one_line(&fonts, "Court", 12.0, width), "Court");
    }

    #[test]
    fn measuring_by_words_matches_shaping_the_whole_line() {
        let fonts = Fonts::load().unwrap();
        let line = "Clause d'insertion : 1\u{202f}380\u{a0}heures réservées";
        let by_words = fonts.regular.width(line, 20.0);
        let shaped = fonts.regular.shaped_units(line) / fonts.regular.units_per_em * 20.0;
        assert!((by_words - shaped).abs() < 0.5, "{by_words} / {shaped}");
    }
}
