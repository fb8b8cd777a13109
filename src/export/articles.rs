//! Article numbering of the RC and the CCAP in the DOCX: « Article N – Titre » for each clause,
//! « N.1 » for the headings inside it, written as real Word numbering (a multi-level list
//! attached to the heading paragraphs), so that Word and LibreOffice renumber when the buyer
//! moves, adds or deletes articles. The labels are never typed into the text.

use crate::document::{is_numbered, BlockKind, Document, Piece};
use docx_rs::{
    AbstractNumbering, Docx, Level, LevelJc, LevelOverride, LevelSuffixType, LevelText,
    NumberFormat, Numbering, SpecialIndentType, Start,
};

/// Far above the list numberings the writer allocates one by one from 10, so that the ids
/// never meet.
pub const ARTICLE_ABSTRACT: usize = 9_000;
const FIRST_ARTICLE_NUMBERING: usize = 9_001;

/// Where each heading block of a document sits in the article numbering.
pub struct ArticlePlan {
    /// Per block: (numbering id, level) for numbered headings.
    numbering: Vec<Option<(usize, usize)>>,
    /// Per block: true for the heading that opens a piece after the first one (new page).
    piece_start: Vec<bool>,
    /// The first article number of each numbered piece, in order of appearance: one
    /// numbering instance each.
    firsts: Vec<usize>,
    /// The articles' label, « Article %1 – » unless the document says otherwise.
    label: String,
}

impl ArticlePlan {
    pub fn of(doc: &Document) -> ArticlePlan {
        let mut numbering = Vec::with_capacity(doc.blocks.len());
        let mut piece_start = Vec::with_capacity(doc.blocks.len());
        let mut current: Option<Piece> = None;
        let mut firsts: Vec<usize> = Vec::new();
        let mut pieces_seen = 0usize;
        let mut has_article = false;
        for block in &doc.blocks {
            let mut starts = false;
            let mut number = None;
            if let (BlockKind::Heading { level, .. }, Some(piece)) = (&block.kind, block.piece) {
                if current != Some(piece) {
                    current = Some(piece);
                    starts = pieces_seen > 0;
                    pieces_seen += 1;
                    has_article = false;
                    if is_numbered(piece) {
                        firsts.push(doc.meta.first_article_of(piece) as usize);
                    }
                }
                if is_numbered(piece) {
                    let id = FIRST_ARTICLE_NUMBERING + firsts.len() - 1;
                    match level {
                        2 => {
                            has_article = true;
                            number = Some((id, 0));
                        }
                        3 if has_article => number = Some((id, 1)),
                        _ => {}
                    }
                }
            }
            numbering.push(number);
            piece_start.push(starts);
        }
        ArticlePlan {
            numbering,
            piece_start,
            firsts,
            label: doc
                .meta
                .article_label
                .clone()
                .unwrap_or_else(|| ARTICLE_LABEL.to_string()),
        }
    }

    /// The numbering definitions: one abstract list, and one instance per piece that starts
    /// again at the piece's first article number.
    pub fn register(&self, mut docx: Docx) -> Docx {
        let Some(&first) = self.firsts.first() else {
            return docx;
        };
        docx = docx.add_abstract_numbering(abstract_numbering(first, &self.label));
        for (i, &start) in self.firsts.iter().enumerate() {
            docx = docx.add_numbering(
                Numbering::new(FIRST_ARTICLE_NUMBERING + i, ARTICLE_ABSTRACT)
                    .add_override(LevelOverride::new(0).start(start))
                    .add_override(LevelOverride::new(1).start(1)),
            );
        }
        docx
    }

    /// The numbering instance and level of block `index`, when it is a numbered heading.
    pub fn numbering(&self, index: usize) -> Option<(usize, usize)> {
        self.numbering.get(index).copied().flatten()
    }

    /// Whether block `index` opens a piece after the first one (it starts a new page).
    pub fn starts_piece(&self, index: usize) -> bool {
        self.piece_start.get(index).copied().unwrap_or(false)
    }
}

/// The label of the articles' numbering, as a Word level text.
const ARTICLE_LABEL: &str = "Article %1 –";

/// « Article 5 – » (or `label`) then « 5.1 », flush left, a space before the title.
pub fn abstract_numbering(first: usize, label: &str) -> AbstractNumbering {
    let level = |i: usize, start: usize, text: &str| {
        Level::new(
            i,
            Start::new(start),
            NumberFormat::new("decimal"),
            LevelText::new(text),
            LevelJc::new("left"),
        )
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
        .suffix(LevelSuffixType::Space)
    };
    AbstractNumbering::new(ARTICLE_ABSTRACT)
        .add_level(level(0, first, label))
        .add_level(level(1, 1, "%1.%2"))
}
