//! The handouts of a session: its plan, then for each case the buyer's choices lot by lot,
//! what to remember with its legal basis, common misconceptions and the questions for
//! discussion — without their answers for participants, with them and with notes for running
//! the session in the trainer's version. Built as a `Document`, so it is written by the same
//! DOCX exporter as the section.

use super::session::Case;
use super::typography::french_spaces;
use crate::clauses::ClauseLibrary;
use crate::document::{Block, BlockKind, Document, DocumentMeta, Inline, ListItem};
use crate::fr::{date_longue, format_article, format_euros, format_hours, format_references};
use crate::model::Lot;
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

/// The answer elements of a discussion question, for the trainer; None when it has none.
pub fn answer_elements(question: &str) -> Option<&str> {
    let (_, answer) = question.split_once("Éléments de réponse")?;
    let answer = answer
        .trim_start_matches([' ', ':', '\u{a0}'])
        .trim()
        .trim_end_matches(')')
        .trim();
    (!answer.is_empty()).then_some(answer)
}

/// Who the handout is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Handed out: the questions without their answer elements.
    Participants,
    /// Kept by the trainer: answer elements, notes for running the session, ideas of « Et si ».
    Trainer,
}

/// The document frame of every training export: a header that says « Support de formation »
/// and the session, never the buyer and reference of the fictitious case, which looked like
/// a real tender's header (review, trainer part).
pub fn training_meta(
    title: String,
    session: &str,
    cases: &[Case],
    library: &ClauseLibrary,
) -> DocumentMeta {
    DocumentMeta {
        title,
        subtitle: session.to_string(),
        // The DOCX header prints the buyer field: here, what the document is.
        buyer: format!("Support de formation — {session} — cas fictif"),
        reference: String::new(),
        author: "Clausier — mode formation".into(),
        launch_date: cases
            .first()
            .map(|c| c.evaluation.date.to_string())
            .unwrap_or_default(),
        app_version: crate::APP_VERSION.to_string(),
        library_version: library.info().describe(),
        first_article: 1,
        first_article_of_piece: Vec::new(),
        article_label: None,
        typeset: false,
    }
}

/// The handout of one session: its plan, then each case in turn (a new page for each after
/// the first).
pub fn handout(
    cases: &[Case],
    audience: Audience,
    quiz_questions: Option<usize>,
    library: &ClauseLibrary,
) -> Document {
    let mut b = Builder::default();
    let session = super::session::session_title(cases);
    let trainer = audience == Audience::Trainer;
    let kind = if trainer {
        "Support du formateur"
    } else {
        "Support de formation"
    };
    let title = if cases.len() == 1 {
        format!("{kind} — {session}")
    } else {
        format!("{kind} — {} cas", cases.len())
    };
    b.push(BlockKind::Title(title.clone()));
    if cases.len() > 1 {
        b.list(
            true,
            cases.iter().map(|c| {
                format!(
                    "{} ({}, {} minutes)",
                    c.title(),
                    c.project.meta.buyer.name.trim(),
                    c.notes.duration_minutes
                )
            }),
        );
    }
    let minutes: u32 = cases.iter().map(|c| c.notes.duration_minutes).sum();
    let date = cases.first().map(|c| c.evaluation.date);
    b.push(BlockKind::Note(vec![Inline::plain(french_spaces(&format!(
        "Cas d'étude fictifs préparés avec Clausier {} (bibliothèque de clauses {}) pour une séance de sensibilisation ; durée conseillée des cas : {minutes} minutes. Les règles citées sont celles applicables à une consultation lancée le {}.{}",
        crate::APP_VERSION,
        library.info().describe(),
        date.map(date_longue).unwrap_or_default(),
        if trainer {
            " Version du formateur : elle contient les éléments de réponse, ne la distribuez pas."
        } else {
            ""
        }
    )))]));

    let plan = super::plan::plan(cases, quiz_questions);
    b.blocks.extend(super::plan::blocks(&plan, cases, 1));

    for (n, case) in cases.iter().enumerate() {
        b.push(BlockKind::PageBreak);
        let level = if cases.len() > 1 {
            b.heading(1, &format!("Cas {} : {}", n + 1, case.title()));
            2
        } else {
            1
        };
        case_sections(&mut b, case, audience, level);
    }

    b.push(BlockKind::PageBreak);
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
        meta: training_meta(title, &session, cases, library),
        blocks: b.blocks,
        sources: Vec::new(),
        warnings: Vec::new(),
    }
}

fn case_sections(b: &mut Builder, case: &Case, audience: Audience, level: u8) {
    let (project, evaluation, notes) = (&case.project, &case.evaluation, &case.notes);
    let m = &project.meta;
    let sub = level + 1;
    b.heading(level, "Le cas");
    b.paragraph(format!(
        "{} — {}",
        m.buyer.name.trim(),
        project.purchase.object.trim()
    ));
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

    b.heading(level, "Objectifs de la séance");
    b.list(false, notes.learning_goals.iter().cloned());

    b.heading(level, "Les choix de l'acheteur");
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

    b.heading(level, "Ce qu'il faut retenir");
    b.list(
        false,
        notes
            .key_points
            .iter()
            .map(|k| with_reference(&k.text, &k.reference)),
    );

    b.heading(level, "Idées reçues");
    for m in &notes.misconceptions {
        b.push(BlockKind::Paragraph(vec![Inline {
            text: french_spaces(&m.belief_quoted()),
            bold: true,
            italic: false,
        }]));
        b.paragraph(with_reference(&m.correction, &m.reference));
    }

    b.heading(level, "Questions pour la discussion");
    match audience {
        Audience::Participants => b.list(
            true,
            notes
                .discussion_questions
                .iter()
                .map(|q| question_for_participants(q).to_string()),
        ),
        Audience::Trainer => {
            for (n, q) in notes.discussion_questions.iter().enumerate() {
                b.push(BlockKind::Paragraph(vec![Inline::bold(french_spaces(
                    &format!("{}. {}", n + 1, question_for_participants(q)),
                ))]));
                if let Some(answer) = answer_elements(q) {
                    b.push(BlockKind::Paragraph(vec![
                        Inline {
                            text: "Éléments de réponse : ".replace(" :", "\u{a0}:"),
                            bold: false,
                            italic: true,
                        },
                        Inline::plain(french_spaces(answer)),
                    ]));
                }
            }
        }
    }

    if audience == Audience::Trainer {
        b.heading(level, "Pour l'animation");
        b.list(
            false,
            [
                format!("Public visé : {}", notes.audience.trim()),
                format!("Durée conseillée : {} minutes", notes.duration_minutes),
            ],
        );
        let ideas = what_if_ideas(case);
        if !ideas.is_empty() {
            b.heading(sub, "Pistes pour « Et si… ? »");
            b.list(false, ideas);
        }
    }
}

/// Changes worth trying in front of the room, with their effect computed by the same rules:
/// reserving the lot with the most insertion hours, putting a clause on a lot that has no
/// lever, a single contract instead of the lots.
pub fn what_if_ideas(case: &Case) -> Vec<String> {
    use super::what_if::{LotLever, WhatIf};
    let data = ReferenceData::bundled();
    let project = &case.project;
    let date = case.evaluation.date;
    let base_hours = total_hours(&case.evaluation);
    let errors = |e: &Evaluation| e.count(crate::rules::Severity::Error);
    let variant = |what_if: &WhatIf| {
        let changed = what_if.apply(project, data);
        crate::rules::evaluate(&changed, date, data)
    };
    let mut ideas = Vec::new();
    let lots = &project.allotment.lots;
    let biggest = case
        .evaluation
        .lots
        .iter()
        .enumerate()
        .filter_map(|(i, l)| l.hours.as_ref().map(|h| (i, h.hours)))
        .filter(|(i, _)| lots.get(*i).is_some_and(|l| l.reservations.is_empty()))
        .max_by_key(|(_, h)| *h);
    if let Some((index, hours)) = biggest {
        let mut what_if = WhatIf::default();
        what_if.set_lever(project, index, LotLever::Reserved);
        let after = variant(&what_if);
        ideas.push(format!(
            "Réserver le lot {} ({}) aux structures d'insertion : ses {} de clause disparaissent (total {} au lieu de {}) ; la question est alors de savoir si des SIAE du territoire peuvent exécuter tout le lot.",
            lots[index].number,
            lots[index].title.trim(),
            format_hours(hours),
            format_hours(total_hours(&after)),
            format_hours(base_hours),
        ));
    }
    if let Some(index) = lots
        .iter()
        .position(|l| LotLever::of(l) == LotLever::Nothing)
    {
        let mut what_if = WhatIf::default();
        what_if.set_lever(project, index, LotLever::Clause);
        let after = variant(&what_if);
        let gained = total_hours(&after).saturating_sub(base_hours);
        ideas.push(if gained > 0 {
            format!(
                "Poser une clause d'insertion sur le lot {} ({}) : {} de plus, calculées avec les repères de son métier.",
                lots[index].number,
                lots[index].title.trim(),
                format_hours(gained)
            )
        } else {
            format!(
                "Poser une clause d'insertion sur le lot {} ({}) : le calcul ne donne aucune heure utile, ce qui explique le choix de l'acheteur.",
                lots[index].number,
                lots[index].title.trim()
            )
        });
    }
    if project.allotment.allotted && lots.len() > 1 {
        let what_if = WhatIf {
            single_contract: true,
            ..WhatIf::default()
        };
        let after = variant(&what_if);
        ideas.push(format!(
            "Ne pas allotir : {} erreur{} au lieu de {}, la décision de ne pas allotir devant être motivée par des faits propres à l'achat.",
            errors(&after),
            if errors(&after) > 1 { "s" } else { "" },
            errors(&case.evaluation)
        ));
    }
    ideas
}

fn total_hours(evaluation: &Evaluation) -> u64 {
    evaluation
        .lots
        .iter()
        .filter_map(|l| l.hours.as_ref())
        .map(|h| h.hours)
        .sum()
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
        self.blocks.push(Block {
            kind,
            source: None,
            piece: None,
        });
    }

    fn heading(&mut self, level: u8, text: &str) {
        self.push(BlockKind::Heading {
            level,
            text: french_spaces(text),
        });
    }

    fn paragraph(&mut self, text: String) {
        self.push(BlockKind::Paragraph(vec![Inline::plain(french_spaces(
            &text,
        ))]));
    }

    fn list(&mut self, ordered: bool, items: impl IntoIterator<Item = String>) {
        self.push(BlockKind::List {
            ordered,
            items: items
                .into_iter()
                .map(|text| ListItem {
                    level: 0,
                    content: vec![Inline::plain(french_spaces(&text))],
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

    #[test]
    fn the_trainer_gets_the_answer_elements_alone() {
        assert_eq!(
            answer_elements("Pourquoi ? — Éléments de réponse : capacité locale."),
            Some("capacité locale.")
        );
        assert_eq!(answer_elements("Et ensuite ?"), None);
    }
}
