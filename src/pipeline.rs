//! The one way from a project to its documents: the date whose law applies, the evaluation
//! (with what an imported supplier pack says), the assembled `Document`, and the bytes of a
//! format written to a file. The command line, the window, the trainer's views, the check of
//! an organisation's clauses, the tests and the benchmarks all go through here, so a policy
//! (which date, which findings, how a file is written) is decided once.

use crate::clauses::{ClauseLibrary, FolderCheck, LibraryError};
use crate::document::{assemble, assemble_brief, assemble_cached, AssemblyCache, Document};
use crate::model::Project;
use crate::reference::ReferenceData;
use crate::rules::{effective_date, evaluate, Evaluation};
use crate::supply::{SupplyAssessment, SupplyPack};
use chrono::NaiveDate;
use std::path::Path;

/// Why a document could not be produced or written, in French.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bundled clause failed to render (a defect), or the library could not be read.
    #[error("génération impossible : {0}")]
    Render(#[from] LibraryError),
    #[error("aucun lot ne comporte de clause d'insertion : il n'y a pas de fiche à transmettre au facilitateur")]
    NoInsertionClause,
    /// The DOCX writer failed.
    #[error("génération impossible : {0}")]
    Docx(String),
    /// The file could not be written (the message names the file and the reason).
    #[error("{0}")]
    Write(String),
    /// The buyer's model could not be read, or has no placeholder.
    #[error("{file} : {source}")]
    Model {
        file: String,
        source: crate::export::into_model::Error,
    },
}

/// The formats Clausier writes a document in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Markdown,
}

/// The date whose law applies: the one asked for, else the project's launch date, else today.
pub fn law_date(project: &Project, asked: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
    asked.unwrap_or_else(|| effective_date(project, today))
}

/// A project evaluated on a date, with the pack's findings when one is given.
pub struct Assessment {
    pub evaluation: Evaluation,
    /// What the supplier pack says of each lot; None without a pack.
    pub supply: Option<SupplyAssessment>,
}

impl Assessment {
    pub fn new(
        project: &Project,
        date: NaiveDate,
        data: &ReferenceData,
        pack: Option<&SupplyPack>,
    ) -> Assessment {
        let mut evaluation = evaluate(project, date, data);
        let supply = pack.map(|pack| crate::supply::assess(project, &evaluation, data, pack));
        if let Some(supply) = &supply {
            evaluation.findings.extend(supply.findings.iter().cloned());
        }
        Assessment { evaluation, supply }
    }
}

/// The section of an assessed project: its pieces, with, when a supplier pack is imported, the
/// local supply lot by lot (the structures to contact) at the end of the internal note — the
/// buyer keeps it, it is never published.
pub fn section(
    project: &Project,
    assessment: &Assessment,
    library: &ClauseLibrary,
    data: &ReferenceData,
    pack: Option<&SupplyPack>,
) -> Result<Document, Error> {
    section_with(project, assessment, library, data, pack, None)
}

/// The same section, reusing the clauses `cache` kept from the previous assemblies (the
/// window's case: it assembles again after every edit). The document is the same as
/// `section`'s.
pub fn section_cached(
    project: &Project,
    assessment: &Assessment,
    library: &ClauseLibrary,
    data: &ReferenceData,
    pack: Option<&SupplyPack>,
    cache: &mut AssemblyCache,
) -> Result<Document, Error> {
    section_with(project, assessment, library, data, pack, Some(cache))
}

fn section_with(
    project: &Project,
    assessment: &Assessment,
    library: &ClauseLibrary,
    data: &ReferenceData,
    pack: Option<&SupplyPack>,
    cache: Option<&mut AssemblyCache>,
) -> Result<Document, Error> {
    let evaluation = &assessment.evaluation;
    let mut document = match cache {
        Some(cache) => assemble_cached(project, evaluation, library, data, cache)?,
        None => assemble(project, evaluation, library, data)?,
    };
    if let (Some(supply), Some(pack)) = (&assessment.supply, pack) {
        let annex = crate::supply::export::annex_blocks(&supply.evidence, &supply.advice, pack);
        document
            .blocks
            .extend(annex.into_iter().map(|block| crate::document::Block {
                piece: Some(crate::document::Piece::Note),
                ..block
            }));
    }
    Ok(document)
}

/// The project's tender-specification section, ready to show or write.
pub struct Draft {
    pub assessment: Assessment,
    pub document: Document,
}

impl Draft {
    pub fn build(
        project: &Project,
        date: NaiveDate,
        library: &ClauseLibrary,
        data: &ReferenceData,
        pack: Option<&SupplyPack>,
    ) -> Result<Draft, Error> {
        let assessment = Assessment::new(project, date, data, pack);
        let document = section(project, &assessment, library, data, pack)?;
        Ok(Draft {
            assessment,
            document,
        })
    }

    /// The same draft, with the clauses `cache` kept from earlier builds (see
    /// `section_cached`).
    pub fn build_cached(
        project: &Project,
        date: NaiveDate,
        library: &ClauseLibrary,
        data: &ReferenceData,
        pack: Option<&SupplyPack>,
        cache: &mut AssemblyCache,
    ) -> Result<Draft, Error> {
        let assessment = Assessment::new(project, date, data, pack);
        let document = section_cached(project, &assessment, library, data, pack, cache)?;
        Ok(Draft {
            assessment,
            document,
        })
    }

    pub fn evaluation(&self) -> &Evaluation {
        &self.assessment.evaluation
    }
}

/// The facilitator's brief, as its own document.
pub fn brief(
    project: &Project,
    evaluation: &Evaluation,
    library: &ClauseLibrary,
    data: &ReferenceData,
) -> Result<Document, Error> {
    assemble_brief(project, evaluation, library, data)?.ok_or(Error::NoInsertionClause)
}

/// The bytes of `document` in `format`.
pub fn render(document: &Document, format: Format) -> Result<Vec<u8>, Error> {
    match format {
        Format::Markdown => Ok(crate::export::markdown::to_markdown(document).into_bytes()),
        Format::Docx => crate::export::docx::to_docx(document).map_err(Error::Docx),
    }
}

/// Writes `document` to `path` in `format`, atomically: the file is either the old one or the
/// new one, never a part.
pub fn write(document: &Document, format: Format, path: &Path) -> Result<(), Error> {
    let bytes = render(document, format)?;
    crate::util::write_atomically(path, &bytes).map_err(Error::Write)
}

/// What the inline placeholders of a model stand for, from the project.
pub fn model_values(project: &Project) -> crate::export::into_model::InlineValues {
    let object = if project.purchase.object.trim().is_empty() {
        project.meta.title.trim()
    } else {
        project.purchase.object.trim()
    };
    crate::export::into_model::InlineValues {
        buyer: project.meta.buyer.name.trim().to_string(),
        object: object.to_string(),
        reference: project.meta.reference.trim().to_string(),
    }
}

/// Writes the buyer's own Word model at `model` to `output`, its placeholders filled with the
/// section's pieces and the project's values; the model file itself is left as it is.
pub fn write_into_model(
    document: &Document,
    project: &Project,
    model: &Path,
    output: &Path,
) -> Result<crate::export::into_model::Filled, Error> {
    let bytes = crate::util::read_input(model).map_err(Error::Write)?;
    let (filled_bytes, filled) =
        crate::export::into_model::fill_model(document, &model_values(project), &bytes).map_err(
            |source| Error::Model {
                file: model.display().to_string(),
                source,
            },
        )?;
    crate::util::write_atomically(output, &filled_bytes).map_err(Error::Write)?;
    Ok(filled)
}

/// Writes `new` as a DOCX whose differences from `old` are tracked changes (see
/// `export::redline`), atomically.
pub fn write_compared(old: &Document, new: &Document, path: &Path) -> Result<(), Error> {
    let bytes = crate::export::redline::to_docx_compared(old, new, chrono::Utc::now())
        .map_err(Error::Docx)?;
    crate::util::write_atomically(path, &bytes).map_err(Error::Write)
}

/// Checks an organisation's clause folder as `generate` would use it: each clause loaded, and
/// every bundled scenario assembled with the folder, so that a clause that fails for a project
/// is reported with what replaces it.
pub fn check_templates(dir: &Path, today: NaiveDate) -> Result<FolderCheck, LibraryError> {
    let (library, mut check) = crate::clauses::check::load_folder(dir)?;
    let scenarios = crate::scenarios::bundled().map_err(|e| LibraryError {
        file: "assets/scenarios".into(),
        line: None,
        column: None,
        message: e.to_string(),
    })?;
    let data = ReferenceData::bundled();
    for scenario in scenarios {
        let date = law_date(&scenario.project, None, today);
        let evaluation = evaluate(&scenario.project, date, data);
        let failures = match assemble(&scenario.project, &evaluation, &library, data) {
            Ok(document) => document.warnings,
            Err(e) => vec![e],
        };
        for mut e in failures {
            e.message = format!("{} (scénario « {} »)", e.message, scenario.id);
            if !check.problems.contains(&e) {
                check.problems.push(e);
            }
        }
    }
    Ok(check)
}
