//! The quiz on paper: the same selection as on screen, questions with their answers A to D,
//! and the answer key with explanations on a page of its own (the trainer keeps it or hands it
//! out after the game).

use super::quiz::{letter, Quiz, Selection};
use super::typography::french_spaces;
use crate::clauses::ClauseLibrary;
use crate::document::{Block, BlockKind, Document, DocumentMeta, Inline};
use crate::fr::format_references;

pub fn sheet(
    quiz: &Quiz,
    selection: &Selection,
    questions: &[usize],
    library: &ClauseLibrary,
) -> Document {
    let described = quiz.describe(selection, questions.len());
    let title = format!("Quiz — {described}");
    let mut blocks = Vec::new();
    let mut push = |kind| {
        blocks.push(Block {
            kind,
            source: None,
            piece: None,
        });
    };
    push(BlockKind::Title(title.clone()));
    push(BlockKind::Paragraph(vec![Inline::plain(
        "Équipe ou nom : ………………………………………………",
    )]));
    push(BlockKind::Note(vec![Inline::plain(french_spaces(
        "Pour chaque question, entourez la lettre de la bonne réponse : une seule réponse est juste. Le corrigé est en dernière page.",
    ))]));
    for (n, &index) in questions.iter().enumerate() {
        let Some(q) = quiz.questions.get(index) else {
            continue;
        };
        push(BlockKind::Heading {
            level: 2,
            text: format!("Question {} — {}", n + 1, quiz.topic(q, &selection.themes)),
        });
        push(BlockKind::Paragraph(vec![Inline::plain(french_spaces(
            q.statement.trim(),
        ))]));
        for (i, choice) in q.answer.choices().iter().enumerate() {
            push(BlockKind::Paragraph(vec![
                Inline::bold(format!("{}.\u{a0}", letter(i))),
                Inline::plain(french_spaces(choice.trim())),
            ]));
        }
    }
    push(BlockKind::PageBreak);
    push(BlockKind::Heading {
        level: 1,
        text: "Corrigé".into(),
    });
    let rows = questions
        .iter()
        .enumerate()
        .filter_map(|(n, &index)| {
            let q = quiz.questions.get(index)?;
            let correct = q.answer.correct_index();
            let choice = q.answer.choices().get(correct).cloned().unwrap_or_default();
            Some(vec![
                vec![Inline::plain((n + 1).to_string())],
                vec![
                    Inline::bold(format!("{}.\u{a0}", letter(correct))),
                    Inline::plain(french_spaces(choice.trim())),
                ],
                vec![Inline::plain(french_spaces(&format!(
                    "{} ({})",
                    q.explanation.trim(),
                    format_references(&q.reference)
                )))],
            ])
        })
        .collect();
    push(BlockKind::Table {
        header: ["N°", "Bonne réponse", "Pourquoi"]
            .iter()
            .map(|h| vec![Inline::plain(*h)])
            .collect(),
        rows,
    });
    let session = format!("quiz {described}");
    Document {
        meta: DocumentMeta {
            title,
            subtitle: described.clone(),
            buyer: format!("Support de formation — {session}"),
            reference: String::new(),
            author: "Clausier — mode formation".into(),
            launch_date: String::new(),
            app_version: crate::APP_VERSION.to_string(),
            library_version: library.info().describe(),
            first_article: 1,
            first_article_of_piece: Vec::new(),
            article_label: None,
            typeset: false,
        },
        blocks,
        sources: Vec::new(),
        warnings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::inline_text;

    #[test]
    fn the_answer_key_comes_after_a_page_break_with_each_right_letter() {
        let quiz = super::super::quiz::bundled().unwrap();
        let selection = Selection {
            themes: vec!["reserves".into()],
            count: Some(3),
            seed: None,
        };
        let questions = quiz.select(&selection).unwrap();
        let doc = sheet(
            &quiz,
            &selection,
            &questions,
            &ClauseLibrary::bundled().unwrap(),
        );
        let brk = doc
            .blocks
            .iter()
            .position(|b| b.kind == BlockKind::PageBreak)
            .unwrap();
        let BlockKind::Table { rows, .. } = &doc.blocks.last().unwrap().kind else {
            panic!("the key is a table");
        };
        assert!(doc.blocks.len() - 1 > brk);
        assert_eq!(rows.len(), 3);
        for (row, &i) in rows.iter().zip(&questions) {
            let expected = letter(quiz.questions[i].answer.correct_index());
            assert!(inline_text(&row[1]).starts_with(expected), "{row:?}");
        }
        assert!(doc.meta.buyer.starts_with("Support de formation"));
    }
}
