//! Helpers shared by the integration tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use clausier::clauses::ClauseLibrary;
use clausier::document::{inline_text, BlockKind, Document};
use clausier::model::Project;
use clausier::pipeline::{law_date, Draft};
use clausier::reference::ReferenceData;
use clausier::rules::Evaluation;
use clausier::scenarios::Scenario;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn scenarios() -> Vec<Scenario> {
    clausier::scenarios::bundled().expect("bundled scenarios load")
}

/// The bundled scenarios, plus the 34-lot one with an exception recorded on lot 28: no
/// bundled scenario needs an exception any more, yet its wording must stay tested.
pub fn scenarios_and_an_exception() -> Vec<Scenario> {
    let mut all = scenarios();
    let base = all
        .iter()
        .find(|s| s.id == "renouvellement-urbain")
        .expect("the 34-lot scenario");
    let mut variant = Scenario {
        id: "renouvellement-urbain-avec-exception".into(),
        project: base.project.clone(),
    };
    variant
        .project
        .social_exceptions
        .push(clausier::model::SocialException {
        lot: Some(28),
        ground: clausier::model::ExceptionGround::PerformanceDifficulty,
        reasons:
            "Motif consigné pour l'essai : faits précis et date de l'échange avec le facilitateur."
                .into(),
    });
    all.push(variant);
    all
}

pub fn scenario_path(id: &str) -> PathBuf {
    root().join("assets/scenarios").join(format!("{id}.ron"))
}

/// An organisation's clause folder, written in `dir`, whose wording leaves out the one CCAP
/// clause of the office supplies (`fournitures-bureau`): that project's CCAP has no content.
pub fn clauses_emptying_the_office_supplies_ccap(dir: &Path) -> PathBuf {
    let templates = dir.join("clauses");
    std::fs::create_dir(&templates).unwrap();
    let pme = std::fs::read_to_string(root().join("clause_templates/pme.ron")).unwrap();
    let anchor = pme.find(r#"id: "ccap.sous_traitance""#).unwrap();
    let when = anchor + pme[anchor..].find(r#"when: "","#).unwrap();
    let pme = format!(
        "{}when: \"false\",{}",
        &pme[..when],
        &pme[when + r#"when: "","#.len()..]
    );
    std::fs::write(templates.join("pme.ron"), pme).unwrap();
    templates
}

/// A fixed "today" so that documents do not change with the calendar.
pub fn fixed_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// The section of a project as `generate` builds it, on the fixed "today".
pub fn pipeline(project: &Project) -> (Evaluation, Document) {
    let library = ClauseLibrary::bundled().expect("bundled library loads");
    let date = law_date(project, None, fixed_today());
    let draft = Draft::build(project, date, &library, ReferenceData::bundled(), None)
        .expect("document assembles");
    (draft.assessment.evaluation, draft.document)
}

/// The section of a project and, when a lot has an insertion clause, its facilitator's sheet
/// (its own document), as `generate` and `brief` build them.
pub fn section_and_brief(project: &Project) -> (Document, Option<Document>) {
    let library = ClauseLibrary::bundled().expect("bundled library loads");
    let (evaluation, section) = pipeline(project);
    let brief = clausier::document::assemble_brief(
        project,
        &evaluation,
        &library,
        ReferenceData::bundled(),
    )
    .expect("facilitator's sheet assembles");
    (section, brief)
}

/// What a reader sees of a block: its title or heading, its paragraph, each list item, each
/// table cell, a picture's alternative text.
pub fn block_texts(kind: &BlockKind) -> Vec<String> {
    match kind {
        BlockKind::Title(t) | BlockKind::Heading { text: t, .. } => vec![t.clone()],
        BlockKind::Paragraph(i) | BlockKind::Note(i) => vec![inline_text(i)],
        BlockKind::Image { alt, .. } => vec![alt.clone()],
        BlockKind::List { items, .. } => items.iter().map(|i| inline_text(&i.content)).collect(),
        BlockKind::Table { header, rows } => header
            .iter()
            .chain(rows.iter().flatten())
            .map(|c| inline_text(c))
            .collect(),
        BlockKind::PageBreak => Vec::new(),
    }
}

pub fn clausier_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_clausier"))
}
pub mod docx;
pub mod libreoffice;
pub mod planning;
pub mod source_text;
pub mod synthetic;
#[cfg(feature = "gui")]
pub mod ui;
