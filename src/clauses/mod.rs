//! The clause library: RON files of clause templates (metadata + Markdown body), bundled in
//! the binary and optionally overridden, clause by clause, from an organisation's folder.

pub(crate) mod check;
mod escape;
mod filters;
mod library;

pub use check::FolderCheck;
pub use escape::markdown_literal;
pub use library::{
    fuel_budget, ClauseLibrary, LibraryError, LibraryInfo, LoadedClause, Reads, Renderer,
};

use serde::Deserialize;

/// Top-level variables of the render context (see `document::context::RenderContext`).
pub const KNOWN_VARIABLES: &[&str] = &[
    "buyer",
    "consultation",
    "procedure",
    "allotment",
    "lots",
    "lot",
    "summary",
    "sme",
    "facilitator",
    "environment",
    "exceptions",
    "sourcing",
    "grouped",
    "rows",
];

/// Which part of the consultation file a clause belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
pub enum Piece {
    Rc,
    Ccap,
    Annex,
    /// What the buyer keeps for itself (the material of the « rapport de présentation »):
    /// never published.
    Note,
    Brief,
}

impl Piece {
    pub fn title(self) -> &'static str {
        match self {
            Piece::Rc => "Règlement de la consultation (RC)",
            Piece::Ccap => "Cahier des clauses administratives particulières (CCAP)",
            Piece::Annex => "Annexes",
            Piece::Note => "Note interne : éléments pour le rapport de présentation",
            Piece::Brief => "Fiche de liaison pour le facilitateur",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Piece::Rc => "RC",
            Piece::Ccap => "CCAP",
            Piece::Annex => "Annexe",
            Piece::Note => "Note",
            Piece::Brief => "Fiche",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Scope {
    /// Rendered once for the whole consultation.
    Once,
    /// Rendered for each lot for which `when` holds, with `lot` set.
    PerLot,
}

/// One clause as written in `clause_templates/*.ron`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClauseTemplate {
    pub id: String,
    pub title: String,
    pub piece: Piece,
    pub order: u32,
    pub scope: Scope,
    /// A minijinja expression over the render context; empty means always.
    #[serde(default)]
    pub when: String,
    /// Articles, written "L2113-13", "R2123-1 2°"…
    #[serde(default)]
    pub legal_refs: Vec<String>,
    /// The answers that make this clause appear, in plain French (decision record).
    pub trigger: String,
    /// Why the clause exists, for the help panel and trainers.
    pub explanation: String,
    /// Top-level context variables the body uses (checked by the test suite).
    pub variables: Vec<String>,
    /// Markdown with minijinja placeholders.
    pub body: String,
    /// For a `PerLot` clause: one article for all the lots it applies to, instead of one per
    /// lot (see `LotGrouping`). None keeps one article per lot.
    #[serde(default)]
    pub group: Option<LotGrouping>,
    /// For a `Once` clause that goes through the lots: (name, minijinja template) of the text
    /// written for each lot (a table row, a list item), rendered with `lot` set as a per-lot
    /// clause is. The body finds lot `l`'s text as `rows.<name>[l.position]`, ready to print.
    /// After an edit of one lot, only that lot's texts are rendered again; the rest of the
    /// body is short to render.
    #[serde(default)]
    pub rows: Vec<(String, String)>,
}

impl ClauseTemplate {
    /// Its templates, `when` aside (an expression): body, title, the legal references written
    /// as templates, the grouped table's cells, the rows.
    pub fn template_sources(&self) -> impl Iterator<Item = &String> {
        [&self.body, &self.title]
            .into_iter()
            .chain(self.legal_refs.iter().filter(|r| r.contains("{{")))
            .chain(
                self.group
                    .iter()
                    .flat_map(|g| g.columns.iter().map(|(_, cell)| cell)),
            )
            .chain(self.rows.iter().map(|(_, row)| row))
    }
}

/// How a per-lot clause becomes one article for the whole purchase. The body is rendered for
/// each lot with `grouped` true and written so that it does not name the lot; the assembly
/// then keeps each part of the article once when every lot has the same text, and writes a
/// paragraph per group of lots only where the lots really differ. What varies from lot to
/// lot (hours, penalties…) goes into a table with a row per lot; a column with the same value
/// for every lot is stated once under the table instead. The table takes the place of a
/// paragraph whose whole text is `[[tableau des lots]]`, or comes first.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LotGrouping {
    /// (column header, minijinja template of the cell, rendered with `lot` set).
    pub columns: Vec<(String, String)>,
}

/// The paragraph of a grouped clause's body that the per-lot table replaces.
pub const LOT_TABLE_MARKER: &str = "[[tableau des lots]]";
