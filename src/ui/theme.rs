//! Colours and spacing by meaning (error, warning, information, complete, diff), chosen for the
//! current theme so that both light and dark modes stay legible. Widgets ask for a meaning,
//! never for a fixed colour.

use clausier::rules::Severity;
use egui::{Color32, Ui};

/// Small, medium and large vertical gaps between blocks.
pub const SPACE_S: f32 = 4.0;
pub const SPACE_M: f32 = 8.0;
pub const SPACE_L: f32 = 12.0;

#[derive(Debug, Clone, Copy)]
pub struct Tokens {
    pub error: Color32,
    pub warning: Color32,
    pub info: Color32,
    /// A step or an answer that is right.
    pub complete: Color32,
    /// Background of a paragraph that the comparison removed or added.
    pub diff_removed: Color32,
    pub diff_added: Color32,
    /// Fills of the lever chips (trainer slides), with white text on them.
    pub lever_reserved: Color32,
    pub lever_clause: Color32,
    pub lever_other: Color32,
    pub lever_none: Color32,
    /// A lot or a line that « Et si… ? » changed.
    pub changed: Color32,
    /// Backgrounds of a quiz answer once revealed: right, and the wrong one chosen.
    pub right_fill: Color32,
    pub wrong_fill: Color32,
}

/// Contrast of each text colour against egui's panel background is above 4.5:1 (RGAA 3.2).
const LIGHT: Tokens = Tokens {
    error: Color32::from_rgb(0xB0, 0x1A, 0x22),
    warning: Color32::from_rgb(0x8A, 0x52, 0x00),
    info: Color32::from_rgb(0x1F, 0x4E, 0x8C),
    complete: Color32::from_rgb(0x1E, 0x7B, 0x34),
    diff_removed: Color32::from_rgb(0xFB, 0xE3, 0xE3),
    diff_added: Color32::from_rgb(0xDF, 0xF3, 0xE2),
    lever_reserved: Color32::from_rgb(0x6A, 0x3D, 0x9A),
    lever_clause: Color32::from_rgb(0x1E, 0x7B, 0x34),
    lever_other: Color32::from_rgb(0x1F, 0x4E, 0x8C),
    lever_none: Color32::from_rgb(0x6E, 0x6E, 0x6E),
    changed: Color32::from_rgb(0xB3, 0x4E, 0x0C),
    right_fill: Color32::from_rgb(0xC9, 0xEB, 0xCF),
    wrong_fill: Color32::from_rgb(0xF6, 0xCF, 0xCF),
};

const DARK: Tokens = Tokens {
    error: Color32::from_rgb(0xFF, 0x8A, 0x8A),
    warning: Color32::from_rgb(0xFF, 0xC8, 0x6B),
    info: Color32::from_rgb(0x9C, 0xC3, 0xFF),
    complete: Color32::from_rgb(0x7F, 0xD6, 0x8F),
    diff_removed: Color32::from_rgb(0x5A, 0x22, 0x22),
    diff_added: Color32::from_rgb(0x1F, 0x4A, 0x2A),
    lever_reserved: Color32::from_rgb(0x6A, 0x3D, 0x9A),
    lever_clause: Color32::from_rgb(0x1E, 0x6B, 0x2E),
    lever_other: Color32::from_rgb(0x1F, 0x4E, 0x8C),
    lever_none: Color32::from_rgb(0x5E, 0x5E, 0x5E),
    changed: Color32::from_rgb(0xFF, 0xA0, 0x5C),
    right_fill: Color32::from_rgb(0x1F, 0x4A, 0x2A),
    wrong_fill: Color32::from_rgb(0x5A, 0x22, 0x22),
};

impl Tokens {
    pub fn of(ui: &Ui) -> Tokens {
        Tokens::for_dark_mode(ui.visuals().dark_mode)
    }

    pub fn for_dark_mode(dark: bool) -> Tokens {
        if dark {
            DARK
        } else {
            LIGHT
        }
    }

    pub fn severity(&self, severity: Severity) -> Color32 {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }

    pub fn lever(&self, lever: clausier::training::deck::Lever) -> Color32 {
        use clausier::training::deck::Lever;
        match lever {
            Lever::Reserved => self.lever_reserved,
            Lever::Clause => self.lever_clause,
            Lever::Other => self.lever_other,
            Lever::None => self.lever_none,
        }
    }
}

/// Gives egui's own error and warning colours (used by its widgets) the same values.
pub fn install(ctx: &egui::Context) {
    for (theme, tokens) in [(egui::Theme::Light, LIGHT), (egui::Theme::Dark, DARK)] {
        ctx.style_mut_of(theme, |style| {
            style.visuals.error_fg_color = tokens.error;
            style.visuals.warn_fg_color = tokens.warning;
            // Help notes, presets and recommendations are written `small`: egui's 9 px was
            // hard to read, and unreadable on a projector. They keep the body size.
            if let Some(body) = style.text_styles.get(&egui::TextStyle::Body).cloned() {
                style.text_styles.insert(egui::TextStyle::Small, body);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_text_is_as_large_as_the_body() {
        let ctx = egui::Context::default();
        install(&ctx);
        for theme in [egui::Theme::Light, egui::Theme::Dark] {
            let style = ctx.style_of(theme);
            let size = |s| style.text_styles[&s].size;
            assert_eq!(size(egui::TextStyle::Small), size(egui::TextStyle::Body));
        }
    }

    /// WCAG relative luminance contrast ratio.
    fn contrast(a: Color32, b: Color32) -> f32 {
        let lum = |c: Color32| {
            let channel = |v: u8| {
                let v = f32::from(v) / 255.0;
                if v <= 0.03928 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
        };
        let (l1, l2) = (lum(a), lum(b));
        (l1.max(l2) + 0.05) / (l1.min(l2) + 0.05)
    }

    #[test]
    fn text_colours_are_legible_on_both_themes() {
        for (tokens, background) in [
            (LIGHT, egui::Visuals::light().panel_fill),
            (DARK, egui::Visuals::dark().panel_fill),
        ] {
            for colour in [tokens.error, tokens.warning, tokens.info, tokens.complete] {
                let ratio = contrast(colour, background);
                assert!(ratio >= 4.5, "{colour:?} on {background:?}: {ratio:.2}");
            }
            for chip in [
                tokens.lever_reserved,
                tokens.lever_clause,
                tokens.lever_other,
                tokens.lever_none,
            ] {
                let ratio = contrast(Color32::WHITE, chip);
                assert!(ratio >= 4.5, "white on {chip:?}: {ratio:.2}");
            }
            let text = if background == egui::Visuals::light().panel_fill {
                Color32::BLACK
            } else {
                Color32::WHITE
            };
            for fill in [tokens.right_fill, tokens.wrong_fill] {
                assert!(contrast(text, fill) >= 4.5, "{text:?} on {fill:?}");
            }
            assert!(contrast(tokens.changed, background) >= 3.0);
        }
    }
}
