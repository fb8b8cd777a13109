//! The "Pourquoi ?" panel: what the step decides, its articles and the explanations of the
//! clauses it drives — all read from the reference data and the clause library.

use clausier::clauses::ClauseLibrary;
use clausier::fr::format_article;
use egui::{RichText, Ui};

pub fn show(ui: &mut Ui, key: &str, library: &ClauseLibrary) {
    let Some(help) = clausier::help::for_step(key) else {
        return;
    };
    egui::CollapsingHeader::new(RichText::new("Pourquoi ? Ce que dit le droit").strong())
        .id_salt(("help", key))
        .default_open(false)
        .show(ui, |ui| {
            ui.label(&help.intro);
            if !help.articles.is_empty() {
                let articles: Vec<String> =
                    help.articles.iter().map(|a| format_article(a)).collect();
                ui.label(
                    RichText::new(format!(
                        "Articles du code de la commande publique : {}",
                        articles.join(", ")
                    ))
                    .italics(),
                );
            }
            for id in &help.clauses {
                if let Some(clause) = library.get(id) {
                    ui.add_space(6.0);
                    ui.label(RichText::new(&clause.template.title).strong());
                    ui.label(clause.template.explanation.trim());
                }
            }
        });
}
