//! The handout given to participants: the case, the buyer's choices lot by lot, what to
//! remember with its legal basis, common misconceptions and the questions for discussion.
//! Built as a `Document`, so it is written by the same DOCX exporter as the section.

use super::notes::TrainerNotes;
use crate::clauses::ClauseLibrary;
use crate::document::{Block, BlockKind, Document, DocumentMeta, Inline, ListItem};
use crate::fr::{date_longue, format_article, format_euros, format_hours, format_references};
use crate::model::{Lot, Project};
use crate::reference::ReferenceData;
use crate::rules::{labels, Evaluation, LotEvaluation};

/// The social levers of a lot in a few words: « Réservé (SIAE, L. 2113-13) ; clause : 306 heures ».
pub fn lot_levers(lot: &Lot, evaluation: Option<&LotEvaluation>) -> String {
    let mut parts = Vec::new();
    let data = ReferenceData::bundled();
    for basis in &lot.reservations {
        let base = data.reservations.base(*basis);
        parts.push(format!(
            "réservé ({}, {})",
            base.short,
            format_article(&base.article)
        ));
    }
    if lot.insertion_clause.is_some() {
        parts.push(match evaluation.and_then(|e| e.hours.as_ref()) {
            Some(h) => format!("clause d'insertion de {}", format_hours(h.hours)),
            None => "clause d'insertion".to_string(),
        });
    }
    if let Some(c) = &lot.insertion_criterion {
        parts.push(format!(
            "critère d'insertion à {}",
            crate::fr::format_percent(f64::from(c.weight_percent))
        ));
    }
    if lot.insertion_market {
        parts.push("marché d'insertion".to_string());
    }
    if parts.is_empty() {
        return "Aucun levier social".to_string();
    }
    crate::fr::capitalized(&parts.join(" ; "))
}

/// A discussion question as handed out: without the answer elements kept for the trainer.
pub fn question_for_participants(question: &str) -> &str {
    question
        .split_once("Éléments de réponse")
        .map_or(question, |(q, _)| q)
        .trim_end()
        .trim_end_matches(['—', '–', '-', '(', ' '])
        .trim_end()
}

pub fn handout(
    project: &Project,
    evaluation: &Evaluation,
    notes: &TrainerNotes,
    library: &ClauseLibrary,
) -> Document {
    let mut b = Builder::default();
    let m = &project.meta;
    let title = format!("Support de formation — {}", m.title.trim());
    b.push(BlockKind::Title(title.clone()));
    b.paragraph(format!(
        "{} — {}",
        m.buyer.name.trim(),
        project.purchase.object.trim()
    ));
    b.push(BlockKind::Note(vec![Inline::plain(format!(
        "Cas d'étude fictif préparé avec Clausier {} (bibliothèque de clauses {}) pour une séance de sensibilisation d'environ {} minutes. Les règles citées sont celles applicables à une consultation lancée le {}.",
        crate::APP_VERSION,
        library.info().describe(),
        notes.duration_minutes,
        date_longue(evaluation.date)
    ))]));

    b.heading(1, "Le cas");
    b.paragraph(notes.summary.trim().to_string());
    let p = &project.purchase;
    b.list(
        false,
        [
            format!(
                "Acheteur : {} ({})",
                m.buyer.name.trim(),
                labels::buyer_kind(m.buyer.kind)
            ),
            format!("Objet : {}", p.object.trim()),
            format!(
                "Nature : {} ; montant estimé : {} HT sur {} mois",
                labels::nature(p.nature),
                format_euros(p.amount_cents),
                p.duration_months
            ),
            format!("Lancement prévu : {}", date_longue(evaluation.date)),
            format!(
                "Procédure applicable : {} ; {}",
                evaluation.procedure.regime.label(),
                evaluation.procedure.publicity.label()
            ),
        ],
    );

    b.heading(1, "Objectifs de la séance");
    b.list(false, notes.learning_goals.iter().cloned());

    b.heading(1, "Les choix de l'acheteur");
    let a = &project.allotment;
    if a.allotted {
        b.paragraph(format!(
            "L'achat est divisé en {} lots. Pour chacun, l'acheteur a choisi le levier social suivant :",
            a.lots.len()
        ));
    } else {
        let grounds: Vec<String> = a
            .non_allotment
            .grounds
            .iter()
            .map(|g| {
                format!(
                    "{} ({})",
                    labels::ground(*g),
                    format_article(labels::ground_article(*g))
                )
            })
            .collect();
        b.paragraph(format!(
            "L'achat n'est pas alloti{}. Le marché unique porte les leviers suivants :",
            if grounds.is_empty() {
                String::new()
            } else {
                format!(" : {}", grounds.join(" ; "))
            }
        ));
    }
    let rows = a
        .lots
        .iter()
        .enumerate()
        .map(|(i, lot)| {
            vec![
                vec![Inline::plain(lot.number.to_string())],
                vec![Inline::plain(lot.title.clone())],
                vec![Inline::plain(format_euros(lot.amount_cents))],
                vec![Inline::plain(lot_levers(lot, evaluation.lots.get(i)))],
            ]
        })
        .collect();
    b.push(BlockKind::Table {
        header: ["Lot", "Intitulé", "Montant HT", "Levier social"]
            .iter()
            .map(|h| vec![Inline::plain(*h)])
            .collect(),
        rows,
    });
    let total: u64 = evaluation
        .lots
        .iter()
        .filter_map(|l| l.hours.as_ref())
        .map(|h| h.hours)
        .sum();
    if total > 0 {
        b.paragraph(format!(
            "Au total, les clauses d'insertion représentent {} de travail réservées à des personnes éloignées de l'emploi.",
            format_hours(total)
        ));
    }

    b.heading(1, "Ce qu'il faut retenir");
    b.list(
        false,
        notes
            .key_points
            .iter()
            .map(|k| with_reference(&k.text, &k.reference)),
    );

    b.heading(1, "Idées reçues");
    for m in &notes.misconceptions {
        b.push(BlockKind::Paragraph(vec![Inline {
            text: m.belief_quoted(),
            bold: true,
            italic: false,
        }]));
        b.paragraph(with_reference(&m.correction, &m.reference));
    }

    b.heading(1, "Questions pour la discussion");
    b.list(
        true,
        notes
            .discussion_questions
            .iter()
            .map(|q| question_for_participants(q).to_string()),
    );

    b.heading(1, "Pour aller plus loin : ce que dit le droit");
    for key in ["allotissement", "leviers", "insertion"] {
        if let Some(help) = crate::help::for_step(key) {
            b.heading(2, help_title(key));
            b.paragraph(help.intro.trim().to_string());
            if !help.articles.is_empty() {
                let articles: Vec<String> =
                    help.articles.iter().map(|a| format_article(a)).collect();
                b.paragraph(format!(
                    "Articles du code de la commande publique : {}.",
                    articles.join(", ")
                ));
            }
        }
    }

    Document {
        meta: DocumentMeta {
            title,
            subtitle: m.buyer.name.clone(),
            buyer: m.buyer.name.clone(),
            reference: m.reference.clone(),
            author: "Clausier — mode formation".into(),
            launch_date: evaluation.date.to_string(),
            app_version: crate::APP_VERSION.to_string(),
            library_version: library.info().describe(),
        },
        blocks: b.blocks,
        sources: Vec::new(),
        warnings: Vec::new(),
    }
}

fn help_title(key: &str) -> &'static str {
    match key {
        "allotissement" => "Allotissement",
        "leviers" => "Marchés réservés, clauses et critères sociaux",
        _ => "Clause d'insertion et calcul des heures",
    }
}

fn with_reference(text: &str, reference: &str) -> String {
    let text = text.trim().trim_end_matches('.');
    if reference.trim().is_empty() {
        format!("{text}.")
    } else {
        format!("{text} ({}).", format_references(reference))
    }
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
}

impl Builder {
    fn push(&mut self, kind: BlockKind) {
        self.blocks.push(Block { kind, source: None });
    }

    fn heading(&mut self, level: u8, text: &str) {
        self.push(BlockKind::Heading {
            level,
            text: text.to_string(),
        });
    }

    fn paragraph(&mut self, text: String) {
        self.push(BlockKind::Paragraph(vec![Inline::plain(text)]));
    }

    fn list(&mut self, ordered: bool, items: impl IntoIterator<Item = String>) {
        self.push(BlockKind::List {
            ordered,
            items: items
                .into_iter()
                .map(|text| ListItem {
                    level: 0,
                    content: vec![Inline::plain(text)],
                })
                .collect(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participants_get_the_question_without_the_trainers_answer() {
        assert_eq!(
            question_for_participants(
                "Pourquoi ne pas réserver les trois lots ? — Éléments de réponse : capacité locale."
            ),
            "Pourquoi ne pas réserver les trois lots ?"
        );
        assert_eq!(question_for_participants("Et ensuite ?"), "Et ensuite ?");
    }
}
