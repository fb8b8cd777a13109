//! The decision record: which paragraph came from which clause, on which legal basis,
//! because of which answers. Built from the document's own provenance, so it cannot drift.

use super::{Block, BlockKind, Document, Inline};

pub(super) fn push_decision_record(doc: &mut Document) {
    if doc.sources.is_empty() {
        return;
    }
    let cell = |text: String| vec![Inline::plain(text)];
    let rows = doc
        .sources
        .iter()
        .map(|p| {
            vec![
                cell(format!("{} — {}", p.piece.short(), p.heading)),
                cell(p.clause_text()),
                cell(p.legal_refs_text()),
                cell(p.triggers.join(" ; ")),
            ]
        })
        .collect();
    let header = [
        "Paragraphe",
        "Clause",
        "Base légale",
        "Réponses à l'origine",
    ]
    .iter()
    .map(|h| cell(h.to_string()))
    .collect();
    let frame = |kind| Block {
        kind,
        source: None,
        piece: None,
    };
    doc.blocks.push(frame(BlockKind::Heading {
        level: 2,
        text: "Relevé des décisions".into(),
    }));
    doc.blocks.push(frame(BlockKind::Paragraph(vec![Inline::plain(
        "Pour chaque paragraphe de cette section : la clause dont il est issu, sa base légale (articles du code de la commande publique) et les réponses qui l'ont fait apparaître. Ce relevé peut être versé au dossier de la procédure.",
    )])));
    doc.blocks.push(frame(BlockKind::Table { header, rows }));
}
