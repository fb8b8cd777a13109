//! The command palette (Ctrl+K or Ctrl+Maj+P): every command of the table, the steps, the
//! examples and the recent files, found by typing a few letters and run with Entrée. It makes
//! every menu entry reachable from the keyboard.

use crate::ui::app::Command;
use crate::ui::theme::SPACE_S;
use egui::{Key, RichText, Ui};

/// One line of the palette.
#[derive(Debug, Clone)]
pub struct Entry {
    pub label: String,
    /// The shortcut, or where the entry comes from (« Exemple », « Fichier récent »).
    pub detail: String,
    pub command: Command,
}

#[derive(Debug, Default)]
pub struct Palette {
    pub query: String,
    selected: usize,
}

/// What the user did in the palette this frame.
pub enum Outcome {
    Open,
    Run(Command),
    Close,
}

impl Palette {
    /// Draws the query field and the matching entries; Haut/Bas choose, Entrée runs, Échap
    /// closes (the modal around it handles Échap).
    pub fn show(&mut self, ui: &mut Ui, entries: &[Entry]) -> Outcome {
        ui.heading("Rechercher une commande");
        let label = ui.label("Commande à rechercher :").id;
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text("Tapez quelques lettres : « export », « étape 3 », « quiz »…")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label);
        field.request_focus();
        let shown: Vec<&Entry> = entries
            .iter()
            .filter(|e| matches(&e.label, &self.query))
            .collect();
        if field.changed() {
            self.selected = 0;
        }
        let (down, up, enter) = ui.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, Key::Enter),
            )
        });
        if down {
            self.selected = (self.selected + 1).min(shown.len().saturating_sub(1));
        }
        if up {
            self.selected = self.selected.saturating_sub(1);
        }
        self.selected = self.selected.min(shown.len().saturating_sub(1));
        if enter {
            return match shown.get(self.selected) {
                Some(entry) => Outcome::Run(entry.command.clone()),
                None => Outcome::Open,
            };
        }
        ui.add_space(SPACE_S);
        if shown.is_empty() {
            ui.label("Aucune commande ne correspond.");
        }
        let mut outcome = Outcome::Open;
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                // Justified and left-aligned: labels on the left, shortcuts on the right.
                ui.with_layout(egui::Layout::top_down_justified(egui::Align::LEFT), |ui| {
                    for (i, entry) in shown.iter().enumerate() {
                        let selected = i == self.selected;
                        let response = ui.add(
                            egui::Button::selectable(selected, &entry.label)
                                .shortcut_text(RichText::new(&entry.detail).weak()),
                        );
                        if selected && (down || up) {
                            response.scroll_to_me(None);
                        }
                        if response.clicked() {
                            outcome = Outcome::Run(entry.command.clone());
                        }
                    }
                });
            });
        ui.add_space(SPACE_S);
        if ui.button("Fermer").clicked() {
            outcome = Outcome::Close;
        }
        outcome
    }
}

/// Every word of the query appears in the label, whatever the case and accents.
fn matches(label: &str, query: &str) -> bool {
    let label = clausier::fr::fold_for_search(label);
    clausier::fr::fold_for_search(query)
        .split_whitespace()
        .all(|word| label.contains(word))
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn words_match_in_any_order_without_accents_or_case() {
        assert!(matches("Étape 3 — Allotissement", "allot etape"));
        assert!(matches(
            "Exporter la fiche du facilitateur…",
            "FICHE export"
        ));
        assert!(matches("Quiz", ""));
        assert!(!matches("Quiz", "quiz export"));
    }
}
