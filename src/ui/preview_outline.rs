//! The preview's outline: the parts and articles of the Document being previewed (its own
//! heading blocks, never a second copy of the text), to jump to one; and the part the wizard's
//! current step writes, scrolled into view when the user arrives at that step.

use crate::ui::steps::Step;
use clausier::document::{BlockKind, Document};
use egui::Ui;

/// One heading of the document, as the outline lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// Index of the heading's block in `Document::blocks`.
    pub block: usize,
    /// 1 for a piece (RC, CCAP…), 2 for an article.
    pub level: u8,
    /// As the preview writes it, article number included.
    pub text: String,
}

pub fn outline(doc: &Document) -> Vec<OutlineEntry> {
    doc.blocks
        .iter()
        .zip(doc.article_labels())
        .enumerate()
        .filter_map(|(block, (b, label))| match &b.kind {
            BlockKind::Heading { level, text } if *level <= 2 => Some(OutlineEntry {
                block,
                level: *level,
                text: heading_text(text, label.as_deref()),
            }),
            _ => None,
        })
        .collect()
}

/// A heading's text as the preview draws it: « Article 3 – Allotissement ».
pub fn heading_text(text: &str, label: Option<&str>) -> String {
    match label {
        Some(label) => format!("{label} {text}"),
        None => text.to_string(),
    }
}

/// The clauses each step's answers produce, by the start of their id: the first article of
/// one of them is the part shown when the user arrives at the step.
fn clauses_of(step: Step) -> &'static [&'static str] {
    match step {
        Step::Allotment => &[
            "rc.allotissement",
            "rc.non_allotissement",
            "annexe.tableau_lots",
        ],
        Step::Levers => &[
            "rc.reservation",
            "rc.justificatifs_reservation",
            "ccap.lot_reserve",
            "rc.critere_insertion",
            "rc.marche_insertion",
            "ccap.marche_insertion",
            "annexe.exceptions",
        ],
        Step::Insertion => &[
            "rc.clause_insertion",
            "ccap.clause_insertion",
            "rc.conditions_sociales",
            "ccap.condition_",
            "annexe.calcul_heures",
        ],
        Step::Sme => &[
            "rc.groupements",
            "rc.pme_capacites",
            "ccap.sous_traitance",
            "ccap.avance",
        ],
        Step::Need | Step::Sourcing | Step::Review => &[],
    }
}

/// Where the preview goes when the user arrives at `step`: the first article the step's
/// answers produce; the top of the document for the need and the final review; nowhere (the
/// preview stays where it is) when the step has produced nothing yet.
pub fn part_of_step(doc: &Document, step: Step) -> Option<usize> {
    if matches!(step, Step::Need | Step::Review) {
        return (!doc.blocks.is_empty()).then_some(0);
    }
    let clauses = clauses_of(step);
    doc.blocks.iter().position(|b| {
        matches!(b.kind, BlockKind::Heading { .. })
            && doc
                .provenance(b)
                .is_some_and(|p| clauses.iter().any(|c| p.clause_id.starts_with(c)))
    })
}

/// The « Plan » menu: every part and article; choosing one scrolls the preview to it.
pub fn menu(ui: &mut Ui, doc: &Document) -> Option<usize> {
    // Drawn every frame: the entries (article numbers, texts) are built only while it is open.
    let any = doc
        .blocks
        .iter()
        .any(|b| matches!(b.kind, BlockKind::Heading { level, .. } if level <= 2));
    let mut chosen = None;
    ui.add_enabled_ui(any, |ui| {
        ui.menu_button("Plan", |ui| {
            let entries = outline(doc);
            egui::ScrollArea::vertical()
                .max_height(ui.ctx().content_rect().height() * 0.6)
                .show(ui, |ui| {
                    for entry in &entries {
                        let text = if entry.level == 1 {
                            egui::RichText::new(&entry.text).strong()
                        } else {
                            egui::RichText::new(&entry.text)
                        };
                        ui.horizontal(|ui| {
                            if entry.level > 1 {
                                ui.add_space(12.0);
                            }
                            if ui.button(text).clicked() {
                                chosen = Some(entry.block);
                            }
                        });
                    }
                });
        })
        .response
        .on_hover_text("Aller à une partie ou à un article de la section");
    });
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use clausier::model::Project;

    fn document(project: &Project) -> Document {
        let data = clausier::reference::ReferenceData::bundled();
        let date = chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        let library = clausier::clauses::ClauseLibrary::bundled().unwrap();
        clausier::pipeline::Draft::build(project, date, &library, data, None)
            .unwrap()
            .document
    }

    fn gymnase() -> Project {
        // Lots, insertion clauses on six of them, a reserved lot, an advance.
        clausier::scenarios::bundled()
            .unwrap()
            .into_iter()
            .find(|s| s.id == "renovation-ecole")
            .unwrap()
            .project
    }

    #[test]
    fn the_outline_lists_the_pieces_and_articles_of_the_document_itself() {
        let doc = document(&gymnase());
        let entries = outline(&doc);
        assert!(entries
            .iter()
            .any(|e| e.level == 1 && e.text == "Règlement de la consultation (RC)"));
        // Articles carry the number the DOCX gives them.
        assert!(entries
            .iter()
            .any(|e| e.level == 2 && e.text.starts_with("Article 1 – ")));
        for e in &entries {
            assert!(matches!(
                doc.blocks[e.block].kind,
                BlockKind::Heading { .. }
            ));
        }
    }

    #[test]
    fn each_step_finds_the_part_its_answers_write() {
        let doc = document(&gymnase());
        let heading = |step| match &doc.blocks[part_of_step(&doc, step).unwrap()].kind {
            BlockKind::Heading { text, .. } => text.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(part_of_step(&doc, Step::Need), Some(0));
        assert!(
            heading(Step::Allotment).contains("llotissement"),
            "{}",
            heading(Step::Allotment)
        );
        assert!(
            heading(Step::Insertion)
                .to_lowercase()
                .contains("insertion"),
            "{}",
            heading(Step::Insertion)
        );
        assert!(
            heading(Step::Levers).contains("réservé"),
            "{}",
            heading(Step::Levers)
        );
        assert!(part_of_step(&doc, Step::Sme).is_some());
        // Sourcing writes no article of its own: the preview stays where it is.
        assert_eq!(part_of_step(&doc, Step::Sourcing), None);
    }
}
