//! French typography over a whole document: every text a reader sees goes through
//! `crate::fr::typeset` here, once, whatever produced it (clause bodies, frame texts, the
//! buyer's input, handouts and sheets), so that no template has to care.

use super::{BlockKind, Document, Inline};
use crate::fr::typeset;

impl Document {
    /// Applies French typography to every text of the document (idempotent).
    pub fn typeset(&mut self) {
        self.meta.title = typeset(&self.meta.title);
        self.meta.subtitle = typeset(&self.meta.subtitle);
        for block in &mut self.blocks {
            typeset_kind(&mut block.kind);
        }
    }
}

/// The same for the texts of one block, as it is made: the assembly typesets each block once,
/// so that the blocks of clauses kept by an `AssemblyCache` are not typeset again.
pub(super) fn typeset_kind(kind: &mut BlockKind) {
    match kind {
        BlockKind::Title(text) | BlockKind::Heading { text, .. } => *text = typeset(text),
        BlockKind::Paragraph(inlines) | BlockKind::Note(inlines) => {
            inlines_typeset(inlines);
        }
        BlockKind::List { items, .. } => {
            items
                .iter_mut()
                .for_each(|item| inlines_typeset(&mut item.content));
        }
        BlockKind::Table { header, rows } => {
            header
                .iter_mut()
                .chain(rows.iter_mut().flatten())
                .for_each(|cell| inlines_typeset(cell));
        }
        BlockKind::Image { alt, .. } => *alt = typeset(alt),
        BlockKind::PageBreak => {}
    }
}

fn inlines_typeset(inlines: &mut [Inline]) {
    for inline in inlines {
        inline.text = typeset(&inline.text);
    }
}
