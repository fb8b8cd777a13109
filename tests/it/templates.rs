//! Every clause template renders against every scenario: no undefined variable, no leftover
//! template syntax, no empty paragraph, and every variable it uses is declared.

use crate::common;

use clausier::clauses::{ClauseLibrary, Piece, KNOWN_VARIABLES};
use clausier::document::BlockKind;

#[test]
fn the_bundled_library_has_the_clauses_the_consultation_needs() {
    let library = ClauseLibrary::bundled().unwrap();
    let pieces: Vec<Piece> = library.clauses().iter().map(|c| c.template.piece).collect();
    for piece in [
        Piece::Rc,
        Piece::Ccap,
        Piece::Annex,
        Piece::Note,
        Piece::Brief,
    ] {
        assert!(pieces.contains(&piece), "no clause for {piece:?}");
    }
    assert!(
        library.clauses().len() >= 15,
        "only {} clauses",
        library.clauses().len()
    );
    let mut ids: Vec<&str> = library
        .clauses()
        .iter()
        .map(|c| c.template.id.as_str())
        .collect();
    ids.sort();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len(), "duplicate clause ids");
}

#[test]
fn every_clause_declares_the_variables_it_uses() {
    let library = ClauseLibrary::bundled().unwrap();
    let env = minijinja::Environment::new();
    for clause in library.clauses() {
        let t = &clause.template;
        let mut used = std::collections::BTreeSet::new();
        for source in t.template_sources() {
            let template = env.template_from_str(source).unwrap();
            used.extend(template.undeclared_variables(false));
        }
        if !t.when.trim().is_empty() {
            let source = format!("{{% if {} %}}{{% endif %}}", t.when);
            let template = env.template_from_str(&source).unwrap();
            used.extend(template.undeclared_variables(false));
        }
        for variable in &used {
            assert!(
                KNOWN_VARIABLES.contains(&variable.as_str()),
                "{}: unknown variable {variable}",
                t.id
            );
            assert!(
                t.variables.contains(variable),
                "{}: uses {variable} without declaring it",
                t.id
            );
        }
        for declared in &t.variables {
            assert!(
                used.contains(declared),
                "{}: declares {declared} but never uses it",
                t.id
            );
        }
        assert!(!t.explanation.trim().is_empty(), "{}: no explanation", t.id);
        assert!(!t.trigger.trim().is_empty(), "{}: no trigger", t.id);
    }
}

#[test]
fn every_template_renders_cleanly_against_every_scenario() {
    let library = ClauseLibrary::bundled().unwrap();
    let mut rendered_ids = std::collections::BTreeSet::new();
    for scenario in common::scenarios_and_an_exception() {
        // The facilitator's sheet is its own document: its clauses are checked there.
        let (section, brief) = common::section_and_brief(&scenario.project);
        for doc in std::iter::once(&section).chain(brief.as_ref()) {
            for source in &doc.sources {
                rendered_ids.insert(source.clause_id.clone());
            }
            for block in &doc.blocks {
                let texts = common::block_texts(&block.kind);
                for text in texts {
                    let where_ = format!(
                        "{} / {:?}",
                        scenario.id,
                        block.source.map(|s| &doc.sources[s].clause_id)
                    );
                    assert!(
                        !text.contains("{{") && !text.contains("{%") && !text.contains("}}"),
                        "{where_}: leftover template syntax in {text:?}"
                    );
                    // The eForms annex is built in Rust and states the code « none » on purpose;
                    // in a clause rendered from a template, « none » is an unrendered value.
                    let from_template = block.source.is_some();
                    assert!(
                        !(text.contains("undefined") || from_template && text.contains("none")),
                        "{where_}: unrendered value in {text:?}"
                    );
                    if !matches!(block.kind, BlockKind::Table { .. }) {
                        assert!(!text.trim().is_empty(), "{where_}: empty paragraph");
                    }
                }
            }
        }
    }
    // Each clause must appear in at least one scenario, or it is untested wording.
    for clause in library.clauses() {
        assert!(
            rendered_ids.contains(&clause.template.id),
            "clause {} never rendered by any scenario",
            clause.template.id
        );
    }
}

/// What the preview shows at the first start (a blank project, one lot without a title)
/// reads as sentences: no empty value leaves a dangling comma or colon behind.
#[test]
fn a_blank_project_reads_without_dangling_punctuation() {
    let (_, section) = common::pipeline(&clausier::model::Project::blank());
    let text = clausier::export::markdown::to_markdown(&section);
    for dangling in [", .", " , ", ": .", " : ,", "« »", "()"] {
        assert!(
            !text.replace(['\u{a0}', '\u{202f}'], " ").contains(dangling),
            "« {dangling} » in:\n{text}"
        );
    }
    let flat = text.replace(['\u{a0}', '\u{202f}'], " ");
    assert!(
        flat.contains("porte sur un seul d’entre eux : lot 1."),
        "{text}"
    );
}

/// A lot's line of the lots table is written apart from the table (`rows`), and what the
/// buyer typed stays text there too: a `|` or a `*` in a lot's title does not add a column
/// or emphasis, and the title reads as typed (typography aside).
#[test]
fn a_lot_title_with_markdown_characters_stays_one_cell_of_the_lots_table() {
    let mut project = common::scenarios()
        .into_iter()
        .max_by_key(|s| s.project.allotment.lots.len())
        .unwrap()
        .project;
    let typed = "Voirie | éclairage *public* et _signalisation_";
    project.allotment.lots[0].title = typed.into();
    let (_, doc) = common::pipeline(&project);
    let table = doc
        .blocks
        .iter()
        .find_map(|b| match (&b.kind, b.source) {
            (BlockKind::Table { header, rows }, Some(s))
                if doc.sources[s].clause_id == "annexe.tableau_lots" =>
            {
                Some((header, rows))
            }
            _ => None,
        })
        .expect("the lots table");
    let (header, rows) = table;
    assert_eq!(rows.len(), project.allotment.lots.len());
    assert!(rows.iter().all(|row| row.len() == header.len()));
    let title = clausier::document::inline_text(&rows[0][1]);
    assert_eq!(title, clausier::fr::typeset(typed));
}
