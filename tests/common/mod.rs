//! Helpers shared by the integration tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use clausier::clauses::ClauseLibrary;
use clausier::document::{assemble, Document};
use clausier::model::Project;
use clausier::reference::ReferenceData;
use clausier::rules::{effective_date, evaluate, Evaluation};
use clausier::scenarios::Scenario;
use std::path::PathBuf;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn scenarios() -> Vec<Scenario> {
    clausier::scenarios::bundled().expect("bundled scenarios load")
}

pub fn scenario_path(id: &str) -> PathBuf {
    root().join("assets/scenarios").join(format!("{id}.ron"))
}

/// A fixed "today" so that documents do not change with the calendar.
pub fn fixed_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

pub fn pipeline(project: &Project) -> (Evaluation, Document) {
    let data = ReferenceData::bundled();
    let evaluation = evaluate(project, effective_date(project, fixed_today()), data);
    let library = ClauseLibrary::bundled().expect("bundled library loads");
    let document = assemble(project, &evaluation, &library, data).expect("document assembles");
    (evaluation, document)
}

pub fn clausier_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_clausier"))
}
pub mod planning;
pub mod synthetic;
pub mod ui;
