//! The intermediate document: ordered blocks, each tied to the clause and answers that
//! produced it. The live preview and every exporter read this one structure, so what the
//! buyer sees is what the DOCX contains.

mod assemble;
pub mod context;
mod markdown;
mod notice_annex;
mod record;

pub use assemble::{assemble, assemble_brief, assemble_pieces};
pub use markdown::markdown_to_blocks;

use crate::clauses::Piece;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub meta: DocumentMeta,
    pub blocks: Vec<Block>,
    /// Where each clause instance came from; blocks point here by index.
    pub sources: Vec<Provenance>,
    /// Organisation clauses that failed to render for this project: the bundled wording
    /// stands in their place, and the user is told which file and why.
    #[serde(skip)]
    pub warnings: Vec<crate::clauses::LibraryError>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct DocumentMeta {
    pub title: String,
    pub subtitle: String,
    pub buyer: String,
    pub reference: String,
    pub author: String,
    /// ISO launch date whose law the document follows.
    pub launch_date: String,
    pub app_version: String,
    pub library_version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// Index into `Document::sources`; None for the document's own frame (title, parts).
    pub source: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum BlockKind {
    Title(String),
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<ListItem>,
    },
    Table {
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A remark for the person pasting the text (not contract wording).
    Note(Vec<Inline>),
    /// What follows starts on a new page (an answer key, a second case of a handout).
    PageBreak,
    /// A picture (a chart), with the text that stands for it for screen readers and in the
    /// text exports.
    Image {
        #[serde(skip_serializing)]
        png: Vec<u8>,
        width_px: u32,
        height_px: u32,
        alt: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListItem {
    /// 0 for top-level items, 1 for items nested once…
    pub level: u8,
    pub content: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Inline {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Inline {
    pub fn plain(text: impl Into<String>) -> Inline {
        Inline {
            text: text.into(),
            ..Inline::default()
        }
    }

    pub fn bold(text: impl Into<String>) -> Inline {
        Inline {
            text: text.into(),
            bold: true,
            italic: false,
        }
    }
}

/// Plain text of a run of inlines.
pub fn inline_text(inlines: &[Inline]) -> String {
    inlines.iter().map(|i| i.text.as_str()).collect()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    pub clause_id: String,
    pub clause_title: String,
    pub piece: Piece,
    /// The heading the clause instance got in the document.
    pub heading: String,
    pub legal_refs: Vec<String>,
    /// The answers that made the clause appear, in French.
    pub triggers: Vec<String>,
    pub lot: Option<u32>,
    pub overridden: bool,
}

impl Provenance {
    /// "L. 2113-13, R. 2113-7", or a dash when the clause cites no article.
    pub fn legal_refs_text(&self) -> String {
        if self.legal_refs.is_empty() {
            return "—".to_string();
        }
        let refs: Vec<String> = self
            .legal_refs
            .iter()
            .map(|r| crate::fr::format_article(r))
            .collect();
        refs.join(", ")
    }

    /// The clause id, marked when the organisation's own wording replaced the bundled one.
    pub fn clause_text(&self) -> String {
        if self.overridden {
            format!("{} (rédaction de l'organisation)", self.clause_id)
        } else {
            self.clause_id.clone()
        }
    }
}

/// The annex of eForms and DECP values alone, as the section prints it: the review step
/// shows these very blocks rather than a second table of its own.
pub fn notice_annex_blocks(
    project: &crate::model::Project,
    evaluation: &crate::rules::Evaluation,
) -> Vec<Block> {
    let mut doc = Document {
        meta: DocumentMeta::default(),
        blocks: Vec::new(),
        sources: Vec::new(),
        warnings: Vec::new(),
    };
    notice_annex::push_notice_annex(&mut doc, project, evaluation);
    doc.blocks
}

impl Document {
    pub fn provenance(&self, block: &Block) -> Option<&Provenance> {
        block.source.and_then(|i| self.sources.get(i))
    }
}

impl serde::Serialize for Piece {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.short())
    }
}
