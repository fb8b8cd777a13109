//! Project + evaluation + clause library → Document.

use super::cache::{AssemblyCache, Blocks, Memo, MergedArticle, Slot};
use super::context::RenderContext;
use super::grouping::{lots_phrase, merge, LotRendering};
use super::typeset::typeset_kind;
use super::{markdown_to_blocks, Block, BlockKind, Document, DocumentMeta, Inline, Provenance};
use crate::clauses::{
    fuel_budget, ClauseLibrary, LibraryError, LoadedClause, Piece, Renderer, Scope,
};
use crate::fr::{date_longue, typeset};
use crate::model::{budget_size, Project};
use crate::reference::ReferenceData;
use crate::rules::Evaluation;
use minijinja::value::{Serde, Value};
use std::sync::Arc;

/// The tender-specification section: RC, CCAP, annexes, and the buyer's internal note (decision
/// record, notice values, recorded reasons). The facilitator's brief is its own document.
pub fn assemble(
    project: &Project,
    evaluation: &Evaluation,
    library: &ClauseLibrary,
    data: &ReferenceData,
) -> Result<Document, LibraryError> {
    assemble_pieces(
        project,
        evaluation,
        library,
        data,
        &[Piece::Rc, Piece::Ccap, Piece::Annex, Piece::Note],
    )
}

/// The facilitator's brief alone, as its own document; None when no lot has an insertion clause.
pub fn assemble_brief(
    project: &Project,
    evaluation: &Evaluation,
    library: &ClauseLibrary,
    data: &ReferenceData,
) -> Result<Option<Document>, LibraryError> {
    let mut doc = assemble_pieces(project, evaluation, library, data, &[Piece::Brief])?;
    if doc.sources.is_empty() {
        return Ok(None);
    }
    doc.meta.title = typeset("Fiche de liaison pour le facilitateur de la clause d'insertion");
    if let Some(Block {
        kind: BlockKind::Title(title),
        ..
    }) = doc.blocks.first_mut()
    {
        title.clone_from(&doc.meta.title);
    }
    let note = format!(
        "Fiche préparée avec Clausier {} (bibliothèque de clauses {}) pour une consultation lancée le {}. Ce n'est pas une pièce du marché : transmettez-la au facilitateur pour qu'il confirme les volumes d'heures et prépare le repérage des candidats.",
        doc.meta.app_version,
        doc.meta.library_version,
        date_longue(evaluation.date)
    );
    if let Some(block) = doc
        .blocks
        .iter_mut()
        .find(|b| matches!(b.kind, BlockKind::Note(_)))
    {
        block.kind = BlockKind::Note(vec![Inline::plain(typeset(&note))]);
    }
    // The piece heading repeats the title: the brief is the whole document here.
    if let Some(i) = doc
        .blocks
        .iter()
        .position(|b| matches!(&b.kind, BlockKind::Heading { level: 1, .. }))
    {
        doc.blocks.remove(i);
    }
    Ok(Some(doc))
}

/// The section, reusing what `cache` kept of earlier assemblies of the same library (see
/// `AssemblyCache`): the same document as `assemble`, faster when little has changed.
pub fn assemble_cached(
    project: &Project,
    evaluation: &Evaluation,
    library: &ClauseLibrary,
    data: &ReferenceData,
    cache: &mut AssemblyCache,
) -> Result<Document, LibraryError> {
    assemble_with_cache(
        project,
        evaluation,
        library,
        data,
        &[Piece::Rc, Piece::Ccap, Piece::Annex, Piece::Note],
        Some(cache),
    )
}

/// The same, limited to some pieces (the facilitator's brief alone, for instance).
///
/// An organisation clause that fails to render for this project (a value it expects is
/// missing, it runs out of work, it includes a clause that does not exist…) is withdrawn and
/// the document is assembled again with the bundled wording in its place, exactly as when its
/// file does not load; `Document::warnings` says which and why. A bundled clause that fails
/// is a bug and an error.
pub fn assemble_pieces(
    project: &Project,
    evaluation: &Evaluation,
    library: &ClauseLibrary,
    data: &ReferenceData,
    pieces: &[Piece],
) -> Result<Document, LibraryError> {
    assemble_with_cache(project, evaluation, library, data, pieces, None)
}

fn assemble_with_cache(
    project: &Project,
    evaluation: &Evaluation,
    library: &ClauseLibrary,
    data: &ReferenceData,
    pieces: &[Piece],
    cache: Option<&mut AssemblyCache>,
) -> Result<Document, LibraryError> {
    let context = RenderContext::new(project, evaluation, data);
    let renderer = library.renderer(fuel_budget(budget_size(project)));
    let mut renderings = Renderings {
        renderer: &renderer,
        context: &context,
        base: None,
        lot_values: vec![None; context.lots.len()],
        memo: cache.map(|cache| cache.begin(library, &context, renderer.fuel())),
    };
    let mut withdrawn: Vec<String> = Vec::new();
    let mut warnings = Vec::new();
    loop {
        match assemble_with(
            project,
            evaluation,
            library,
            &mut renderings,
            pieces,
            &withdrawn,
        ) {
            Ok(mut doc) => {
                if let Some(memo) = renderings.memo {
                    memo.finish();
                }
                doc.warnings = warnings;
                return Ok(doc);
            }
            Err((clause, mut error)) if clause.overridden => {
                error.message.push_str(&format!(
                    " ; {}",
                    match library.replaced(&clause.template.id) {
                        Some(_) => format!(
                            "la clause fournie « {} » est utilisée à sa place",
                            clause.template.id
                        ),
                        None => "cette clause de l'organisation est laissée de côté".to_string(),
                    }
                ));
                warnings.push(error);
                withdrawn.push(clause.template.id.clone());
            }
            Err((_, error)) => return Err(error),
        }
    }
}

/// The parts of clauses rendered in one context: the minijinja values are built only when
/// something has to be rendered, and with a cache, a part whose inputs did not change since
/// the last assembly is taken from it.
struct Renderings<'a> {
    renderer: &'a Renderer,
    context: &'a RenderContext,
    base: Option<Value>,
    lot_values: Vec<Option<Value>>,
    memo: Option<Memo<'a>>,
}

impl Renderings<'_> {
    /// What templates see: the context, and for a lot, that lot and whether its clause is
    /// grouped.
    fn value(&mut self, lot: Option<usize>, grouped: bool) -> Value {
        let base = self.base();
        match lot {
            None => base,
            Some(index) => {
                let lot = self.lot_value(index);
                minijinja::context! { lot => lot, grouped => grouped, ..base }
            }
        }
    }

    fn base(&mut self) -> Value {
        if let Some(base) = &self.base {
            return base.clone();
        }
        let context = self.context;
        let base = context.template_value(|index| self.lot_value(index));
        self.base = Some(base.clone());
        base
    }

    /// One lot as templates see it, made once an assembly (and kept from the previous
    /// assembly while the lot is the same).
    fn lot_value(&mut self, index: usize) -> Value {
        if let Some(value) = &self.lot_values[index] {
            return value.clone();
        }
        let lot = &self.context.lots[index];
        let value = match &mut self.memo {
            Some(memo) => memo.lot_value(index, || Value::from(Serde(lot))),
            None => Value::from(Serde(lot)),
        };
        self.lot_values[index] = Some(value.clone());
        value
    }

    /// What the body of a clause rendered once sees: the context, with its `rows` when it has
    /// some.
    fn body_value(&mut self, clause: &LoadedClause) -> Result<Value, LibraryError> {
        let names = &clause.template.rows;
        if names.is_empty() {
            return Ok(self.value(None, false));
        }
        let lots = self.context.lots.len();
        let mut columns: Vec<Vec<Value>> = vec![Vec::with_capacity(lots); names.len()];
        for index in 0..lots {
            for (column, text) in columns.iter_mut().zip(self.lot_rows(clause, index)?) {
                column.push(Value::from_safe_string(text));
            }
        }
        let rows: std::collections::BTreeMap<String, Value> = names
            .iter()
            .map(|(name, _)| name.clone())
            .zip(columns.into_iter().map(Value::from))
            .collect();
        let rows = Value::from(rows);
        Ok(minijinja::context! { rows => rows, ..self.value(None, false) })
    }

    /// One lot's texts of the `rows` of a clause rendered once.
    fn lot_rows(
        &mut self,
        clause: &LoadedClause,
        index: usize,
    ) -> Result<Vec<String>, LibraryError> {
        if let Some(memo) = &mut self.memo {
            if let Some(kept) = memo.row_slot(clause, index).rows.clone() {
                memo.count_rows(true);
                return Ok(kept);
            }
        }
        let texts = self
            .renderer
            .render_rows(clause, &self.value(Some(index), false))?;
        if let Some(memo) = &mut self.memo {
            memo.row_slot(clause, index).rows = Some(texts.clone());
            memo.count_rows(false);
        }
        Ok(texts)
    }

    /// One part of a clause in a context, from the cache when its inputs did not change.
    /// `with_rows`: the part is the body, which in a clause rendered once also sees its rows.
    fn part<T: Clone>(
        &mut self,
        clause: &LoadedClause,
        lot: Option<usize>,
        grouped: bool,
        with_rows: bool,
        field: fn(&mut Slot) -> &mut Option<T>,
        render: impl FnOnce(&Renderer, &Value) -> Result<T, LibraryError>,
    ) -> Result<T, LibraryError> {
        if let Some(memo) = &mut self.memo {
            if let Some(kept) = field(memo.slot(clause, lot, grouped)).clone() {
                memo.count(true);
                return Ok(kept);
            }
        }
        let ctx = match lot {
            None if with_rows => self.body_value(clause)?,
            _ => self.value(lot, grouped),
        };
        let value = render(self.renderer, &ctx)?;
        if let Some(memo) = &mut self.memo {
            *field(memo.slot(clause, lot, grouped)) = Some(value.clone());
            memo.count(false);
        }
        Ok(value)
    }

    /// Parts rendered so far in this assembly; None without a cache.
    fn rendered(&self) -> Option<usize> {
        self.memo.as_ref().map(Memo::rendered)
    }

    /// The clause's grouped article as last merged, when none of its parts has been rendered
    /// since `rendered_before` and it gathers the same lots.
    fn kept_merge(
        &mut self,
        clause: &LoadedClause,
        rendered_before: Option<usize>,
        lots: &[(usize, u32, String)],
    ) -> Option<Blocks> {
        let memo = self.memo.as_mut()?;
        if rendered_before != Some(memo.rendered()) {
            return None;
        }
        let kept = memo.merged(clause).as_ref()?;
        (kept.lots == lots).then(|| Arc::clone(&kept.blocks))
    }

    fn keep_merge(
        &mut self,
        clause: &LoadedClause,
        lots: Vec<(usize, u32, String)>,
        blocks: &Blocks,
    ) {
        if let Some(memo) = &mut self.memo {
            *memo.merged(clause) = Some(MergedArticle {
                lots,
                blocks: Arc::clone(blocks),
            });
        }
    }

    fn applies(
        &mut self,
        clause: &LoadedClause,
        lot: Option<usize>,
        grouped: bool,
    ) -> Result<bool, LibraryError> {
        self.part(
            clause,
            lot,
            grouped,
            false,
            |s| &mut s.applies,
            |r, ctx| r.applies(clause, ctx),
        )
    }

    fn title(
        &mut self,
        clause: &LoadedClause,
        lot: Option<usize>,
        grouped: bool,
    ) -> Result<String, LibraryError> {
        self.part(
            clause,
            lot,
            grouped,
            false,
            |s| &mut s.title,
            |r, ctx| r.render_title(clause, ctx),
        )
    }

    fn refs(
        &mut self,
        clause: &LoadedClause,
        lot: Option<usize>,
        grouped: bool,
    ) -> Result<Vec<String>, LibraryError> {
        self.part(
            clause,
            lot,
            grouped,
            false,
            |s| &mut s.refs,
            |r, ctx| r.render_refs(clause, ctx),
        )
    }

    /// The body, parsed into blocks (clause headings are level 2, so its own start at 2) and
    /// typeset.
    fn blocks(
        &mut self,
        clause: &LoadedClause,
        lot: Option<usize>,
        grouped: bool,
    ) -> Result<Blocks, LibraryError> {
        self.part(
            clause,
            lot,
            grouped,
            true,
            |s| &mut s.blocks,
            |r, ctx| {
                let mut blocks = markdown_to_blocks(&r.render_body(clause, ctx)?, 2);
                // A lot's part of a grouped article too: its lots are then compared as they
                // will print, and only what the merge adds is typeset afterwards.
                blocks.iter_mut().for_each(typeset_kind);
                Ok(Arc::new(blocks))
            },
        )
    }

    fn cells(
        &mut self,
        clause: &LoadedClause,
        lot: Option<usize>,
        grouped: bool,
    ) -> Result<Vec<String>, LibraryError> {
        self.part(
            clause,
            lot,
            grouped,
            false,
            |s| &mut s.cells,
            |r, ctx| r.render_columns(clause, ctx),
        )
    }
}

/// One assembly; on failure, the clause whose rendering failed.
fn assemble_with<'a>(
    project: &Project,
    evaluation: &Evaluation,
    library: &'a ClauseLibrary,
    renderings: &mut Renderings,
    pieces: &[Piece],
    withdrawn: &[String],
) -> Result<Document, (&'a LoadedClause, LibraryError)> {
    let context = renderings.context;
    let clauses = library.resolved(withdrawn);
    let mut doc = Document {
        meta: meta(project, evaluation, library),
        blocks: Vec::new(),
        sources: Vec::new(),
        warnings: Vec::new(),
    };
    let frame = |kind| Block {
        kind,
        source: None,
        piece: None,
    };
    doc.blocks
        .push(frame(BlockKind::Title(doc.meta.title.clone())));
    doc.blocks
        .push(frame(BlockKind::Paragraph(vec![Inline::plain(
            doc.meta.subtitle.clone(),
        )])));
    doc.blocks.push(frame(BlockKind::Note(vec![Inline::plain(typeset(&format!(
        "Texte préparé avec Clausier {} (bibliothèque de clauses {}), selon les règles applicables à une consultation lancée le {}. Relisez-le avec votre service juridique avant de l'insérer dans le dossier de consultation.",
        doc.meta.app_version,
        doc.meta.library_version,
        date_longue(evaluation.date)
    )))])));
    for &piece in pieces {
        let start = doc.blocks.len();
        for &clause in clauses.iter().filter(|c| c.template.piece == piece) {
            let failed = |e| (clause, e);
            match clause.template.scope {
                Scope::Once => {
                    if renderings.applies(clause, None, false).map_err(failed)? {
                        let title = renderings.title(clause, None, false).map_err(failed)?;
                        let blocks = renderings.blocks(clause, None, false).map_err(failed)?;
                        let refs = renderings.refs(clause, None, false).map_err(failed)?;
                        push_clause(&mut doc, clause, title, None, refs, blocks);
                    }
                }
                Scope::PerLot => {
                    let mut applying = Vec::new();
                    for (index, lot) in context.lots.iter().enumerate() {
                        if renderings
                            .applies(clause, Some(index), false)
                            .map_err(failed)?
                        {
                            applying.push((index, lot));
                        }
                    }
                    let grouped = clause.template.group.is_some()
                        && project.allotment.allotted
                        && applying.len() > 1;
                    if grouped {
                        push_grouped(&mut doc, renderings, clause, &applying).map_err(failed)?;
                        continue;
                    }
                    for (index, lot) in applying {
                        let at = Some(index);
                        let title = renderings.title(clause, at, false).map_err(failed)?;
                        let blocks = renderings.blocks(clause, at, false).map_err(failed)?;
                        let refs = renderings.refs(clause, at, false).map_err(failed)?;
                        // A single contract has no lot to name in its headings; a title
                        // is one line, whatever the buyer pasted into it.
                        let heading = if project.allotment.allotted {
                            format!(
                                "{} — lot {} : {}",
                                title.trim(),
                                lot.number,
                                one_line(&lot.title)
                            )
                        } else {
                            title.trim().to_string()
                        };
                        push_clause(&mut doc, clause, heading, Some(lot.number), refs, blocks);
                    }
                }
            }
        }
        if piece == Piece::Note {
            let from = doc.blocks.len();
            super::notice_annex::push_notice_annex(&mut doc, project, evaluation);
            super::record::push_decision_record(&mut doc);
            for block in &mut doc.blocks[from..] {
                typeset_kind(&mut block.kind);
            }
        }
        if doc.blocks.len() > start {
            doc.blocks.insert(
                start,
                frame(BlockKind::Heading {
                    level: 1,
                    text: typeset(piece.title()),
                }),
            );
            for block in &mut doc.blocks[start..] {
                block.piece = Some(piece);
            }
        }
    }
    Ok(doc)
}

/// Line breaks as spaces, for text set on one line (headings).
fn one_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A per-lot clause as one article for all the lots it applies to (see `LotGrouping`).
fn push_grouped(
    doc: &mut Document,
    renderings: &mut Renderings,
    clause: &LoadedClause,
    applying: &[(usize, &super::context::LotView)],
) -> Result<(), LibraryError> {
    let rendered_before = renderings.rendered();
    let mut lot_renderings = Vec::with_capacity(applying.len());
    let mut refs: Vec<String> = Vec::new();
    let mut title = String::new();
    for &(index, lot) in applying {
        let at = Some(index);
        if title.is_empty() {
            title = renderings.title(clause, at, true)?.trim().to_string();
        }
        for r in renderings.refs(clause, at, true)? {
            if !refs.contains(&r) {
                refs.push(r);
            }
        }
        lot_renderings.push(LotRendering {
            number: lot.number,
            title: one_line(&lot.title),
            blocks: renderings.blocks(clause, at, true)?,
            cells: renderings.cells(clause, at, true)?,
        });
    }
    let lots: Vec<(usize, u32, String)> = applying
        .iter()
        .zip(&lot_renderings)
        .map(|(&(index, _), r)| (index, r.number, r.title.clone()))
        .collect();
    let blocks = match renderings.kept_merge(clause, rendered_before, &lots) {
        Some(blocks) => blocks,
        None => {
            let headers: Vec<String> = clause
                .template
                .group
                .iter()
                .flat_map(|g| g.columns.iter().map(|(h, _)| h.clone()))
                .collect();
            let blocks = Arc::new(merge(&headers, &lot_renderings));
            renderings.keep_merge(clause, lots, &blocks);
            blocks
        }
    };
    let numbers: Vec<u32> = lot_renderings.iter().map(|r| r.number).collect();
    let t = &clause.template;
    let source = doc.sources.len();
    doc.sources.push(Provenance {
        clause_id: t.id.clone(),
        clause_title: t.title.clone(),
        piece: t.piece,
        heading: title.clone(),
        legal_refs: refs,
        triggers: vec![
            t.trigger.trim().trim_end_matches('.').to_string(),
            crate::fr::capitalized(&lots_phrase(&numbers)),
        ],
        lot: None,
        overridden: clause.overridden,
    });
    doc.blocks.push(Block {
        kind: BlockKind::Heading {
            level: 2,
            text: typeset(&title),
        },
        source: Some(source),
        piece: Some(t.piece),
    });
    doc.blocks
        .extend(owned(blocks).into_iter().map(|kind| Block {
            kind,
            source: Some(source),
            piece: Some(t.piece),
        }));
    Ok(())
}

fn push_clause(
    doc: &mut Document,
    clause: &crate::clauses::LoadedClause,
    heading: String,
    lot: Option<u32>,
    legal_refs: Vec<String>,
    blocks: Blocks,
) {
    if blocks.is_empty() {
        return;
    }
    let t = &clause.template;
    let mut triggers = vec![t.trigger.trim().trim_end_matches('.').to_string()];
    if let Some(n) = lot {
        triggers.push(format!("Lot {n}"));
    }
    let source = doc.sources.len();
    doc.sources.push(Provenance {
        clause_id: t.id.clone(),
        clause_title: t.title.clone(),
        piece: t.piece,
        heading: heading.trim().to_string(),
        legal_refs,
        triggers,
        lot,
        overridden: clause.overridden,
    });
    doc.blocks.push(Block {
        kind: BlockKind::Heading {
            level: 2,
            text: typeset(heading.trim()),
        },
        source: Some(source),
        piece: Some(t.piece),
    });
    doc.blocks
        .extend(owned(blocks).into_iter().map(|kind| Block {
            kind,
            source: Some(source),
            piece: Some(t.piece),
        }));
}

/// The blocks to put into a document: moved when nothing else holds them (no cache), copied
/// when the cache keeps them.
fn owned(blocks: Blocks) -> Vec<BlockKind> {
    Arc::try_unwrap(blocks).unwrap_or_else(|shared| shared.as_ref().clone())
}

fn meta(project: &Project, evaluation: &Evaluation, library: &ClauseLibrary) -> DocumentMeta {
    let m = &project.meta;
    let object = if project.purchase.object.trim().is_empty() {
        m.title.trim()
    } else {
        project.purchase.object.trim()
    };
    DocumentMeta {
        title: typeset("Allotissement, marchés réservés et clauses sociales"),
        subtitle: typeset(
            &[m.buyer.name.trim(), object]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" — "),
        ),
        buyer: m.buyer.name.clone(),
        reference: m.reference.clone(),
        author: m.author.clone(),
        launch_date: evaluation.date.to_string(),
        app_version: crate::APP_VERSION.to_string(),
        library_version: library.info().describe(),
        first_article: project.output.first_article.max(1),
        first_article_of_piece: Vec::new(),
        article_label: None,
        typeset: true,
    }
}
