//! The intermediate document: ordered blocks, each tied to the clause and answers that
//! produced it. The live preview and every exporter read this one structure, so what the
//! buyer sees is what the DOCX contains.

mod assemble;
mod cache;
pub mod context;
mod grouping;
mod markdown;
mod notice_annex;
mod record;
pub mod social_view;
mod typeset;

pub use assemble::{assemble, assemble_brief, assemble_cached, assemble_pieces};
pub use cache::{AssemblyCache, CacheStats};
pub use markdown::markdown_to_blocks;

/// Exporters name the pieces through the document, which owns the split.
pub use crate::clauses::Piece;
use crate::model::Extract;
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
    /// Number of the first article of the RC and of the CCAP (each piece restarts there: the
    /// buyer inserts them among its own articles).
    pub first_article: u32,
    /// Pieces whose articles start at another number than `first_article`: filling a buyer's
    /// model, its own articles already numbered before the place of the piece.
    #[serde(skip)]
    pub first_article_of_piece: Vec<(Piece, u32)>,
    /// The article label as a Word level text when a buyer's model labels its own articles
    /// otherwise (« ARTICLE %1 : »); None for « Article %1 – ».
    #[serde(skip)]
    pub article_label: Option<String>,
    /// Every text of the blocks already follows French typography (the assembly typesets
    /// what it builds), so writers need not typeset it again; false for documents built
    /// elsewhere (handouts, reports), which the DOCX writer typesets.
    #[serde(skip)]
    pub typeset: bool,
}

impl DocumentMeta {
    /// The number of the first article of `piece`: its own when a model set one, otherwise
    /// the document's.
    pub fn first_article_of(&self, piece: Piece) -> u32 {
        self.first_article_of_piece
            .iter()
            .find(|(p, _)| *p == piece)
            .map_or(self.first_article, |(_, first)| *first)
            .max(1)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// Index into `Document::sources`; None for the document's own frame (title, parts).
    pub source: Option<usize>,
    /// The piece of the consultation file the block belongs to; None for the document's frame
    /// (title, subtitle, preparation note) and for documents that are not a section.
    pub piece: Option<Piece>,
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

    /// The blocks of one piece (with the document's frame), or the whole section. Sources are
    /// kept whole, so the decision record of the note still covers every piece.
    pub fn extract(&self, extract: Extract) -> Document {
        let Some(piece) = piece_of(extract) else {
            return self.clone();
        };
        Document {
            meta: self.meta.clone(),
            blocks: self
                .blocks
                .iter()
                .filter(|b| b.piece.is_none_or(|p| p == piece))
                .cloned()
                .collect(),
            sources: self.sources.clone(),
            warnings: self.warnings.clone(),
        }
    }

    /// Whether the piece has any block in this document.
    pub fn has_piece(&self, piece: Piece) -> bool {
        self.blocks.iter().any(|b| b.piece == Some(piece))
    }

    /// The piece to export, refused when no clause reaches it: the file would be a page with
    /// the title alone. The command line and the window both go through here.
    pub fn exported_piece(&self, extract: Extract) -> Result<Document, EmptyPiece> {
        match self.empty_piece(extract) {
            Some(empty) => Err(empty),
            None => Ok(self.extract(extract)),
        }
    }

    /// The piece of `extract` when no clause reaches it (the whole section is never empty);
    /// asked on every frame of step 7, so without copying the document.
    pub fn empty_piece(&self, extract: Extract) -> Option<EmptyPiece> {
        piece_of(extract)
            .filter(|piece| !self.has_piece(*piece))
            .map(EmptyPiece)
    }

    /// Each block's article label, as the DOCX numbering shows it: « Article 5 – » for the
    /// clause headings of the RC and the CCAP, « 5.1 » for the headings inside them; each
    /// piece starts again at `meta.first_article`. The DOCX writes real numbering, not these
    /// labels; the Markdown export and the preview print them.
    pub fn article_labels(&self) -> Vec<Option<String>> {
        let mut labels = Vec::with_capacity(self.blocks.len());
        let mut current: Option<Piece> = None;
        let mut article = 0u32;
        let mut sub = 0u32;
        for block in &self.blocks {
            let label = match (&block.kind, block.piece) {
                (BlockKind::Heading { level, .. }, Some(piece)) if is_numbered(piece) => {
                    if current != Some(piece) {
                        current = Some(piece);
                        article = self.meta.first_article_of(piece).saturating_sub(1);
                    }
                    match level {
                        2 => {
                            article = article.saturating_add(1);
                            sub = 0;
                            Some(format!("Article {article} –"))
                        }
                        3 if article > 0 => {
                            sub += 1;
                            Some(format!("{article}.{sub}"))
                        }
                        _ => None,
                    }
                }
                _ => None,
            };
            labels.push(label);
        }
        labels
    }
}

/// The pieces whose clauses are articles (the RC and the CCAP are written in articles; the
/// annexes and the note are not).
pub fn is_numbered(piece: Piece) -> bool {
    matches!(piece, Piece::Rc | Piece::Ccap)
}

/// A piece that no clause reaches with the levers chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmptyPiece(pub Piece);

impl std::fmt::Display for EmptyPiece {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "la pièce « {} » est vide pour ce projet : aucune clause ne s'y applique avec les leviers choisis",
            self.0.title()
        )
    }
}

/// The piece an extract holds; None for the whole section.
pub fn piece_of(extract: Extract) -> Option<Piece> {
    match extract {
        Extract::Section => None,
        Extract::Rc => Some(Piece::Rc),
        Extract::Ccap => Some(Piece::Ccap),
        Extract::Annexes => Some(Piece::Annex),
        Extract::Note => Some(Piece::Note),
    }
}

impl serde::Serialize for Piece {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.short())
    }
}
