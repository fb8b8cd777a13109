//! The same need under two sets of choices, side by side: the generated text with its
//! differences, the insertion hours, the findings and the notice codes. Both sides go through
//! the very pipeline of a real consultation.

use crate::clauses::ClauseLibrary;
use crate::document::{assemble, Document};
use crate::export::markdown::to_markdown;
use crate::model::Project;
use crate::reference::ReferenceData;
use crate::rules::notice::{decp, eforms, Decp, Eforms};
use crate::rules::{effective_date, evaluate, Evaluation, Severity};
use chrono::NaiveDate;

/// One side of the comparison.
pub struct Side {
    pub label: String,
    pub project: Project,
    pub evaluation: Evaluation,
    pub document: Result<Document, String>,
    pub eforms: Eforms,
    pub decp: Decp,
}

impl Side {
    pub fn new(
        label: impl Into<String>,
        project: Project,
        today: NaiveDate,
        library: &ClauseLibrary,
        data: &ReferenceData,
    ) -> Side {
        let evaluation = evaluate(&project, effective_date(&project, today), data);
        let document = assemble(&project, &evaluation, library, data).map_err(|e| e.to_string());
        Side {
            label: label.into(),
            eforms: eforms(&project, &evaluation),
            decp: decp(&project, &evaluation),
            project,
            evaluation,
            document,
        }
    }

    pub fn total_hours(&self) -> u64 {
        self.evaluation
            .lots
            .iter()
            .filter_map(|l| l.hours.as_ref())
            .map(|h| h.hours)
            .sum()
    }

    fn lines(&self) -> Vec<String> {
        match &self.document {
            Ok(doc) => to_markdown(doc)
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with("|---"))
                .map(plain_line)
                .collect(),
            Err(e) => vec![format!("Texte indisponible : {e}")],
        }
    }
}

/// A Markdown line as a reader sees it: no heading marks, emphasis or quote marks.
fn plain_line(line: &str) -> String {
    let line = line
        .trim_start_matches('#')
        .trim_start_matches('>')
        .trim_start();
    line.replace("**", "")
}

/// One row of the side-by-side text: a paragraph on either side, or on both when unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRow {
    pub left: Option<String>,
    pub right: Option<String>,
    pub changed: bool,
}

/// A finding present on one side only.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingChange {
    pub severity: Severity,
    pub message: String,
    /// true: appears on the right (the variant); false: disappears.
    pub appears: bool,
}

pub struct Comparison {
    pub left: Side,
    pub right: Side,
    pub text: Vec<TextRow>,
    pub findings: Vec<FindingChange>,
}

impl Comparison {
    pub fn new(left: Side, right: Side) -> Comparison {
        let text = side_by_side(&left.lines(), &right.lines());
        let findings = finding_changes(&left.evaluation, &right.evaluation);
        Comparison {
            left,
            right,
            text,
            findings,
        }
    }

    pub fn changed_paragraphs(&self) -> usize {
        self.text.iter().filter(|r| r.changed).count()
    }
}

/// Aligns two texts paragraph by paragraph (Myers diff, from the `similar` crate).
pub fn side_by_side(left: &[String], right: &[String]) -> Vec<TextRow> {
    use similar::{capture_diff_slices, Algorithm, DiffOp};
    let mut rows = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, left, right) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => rows.extend((0..len).map(|i| TextRow {
                left: Some(left[old_index + i].clone()),
                right: Some(right[new_index + i].clone()),
                changed: false,
            })),
            DiffOp::Delete {
                old_index, old_len, ..
            } => rows.extend(
                left[old_index..old_index + old_len]
                    .iter()
                    .map(|l| TextRow {
                        left: Some(l.clone()),
                        right: None,
                        changed: true,
                    }),
            ),
            DiffOp::Insert {
                new_index, new_len, ..
            } => rows.extend(
                right[new_index..new_index + new_len]
                    .iter()
                    .map(|r| TextRow {
                        left: None,
                        right: Some(r.clone()),
                        changed: true,
                    }),
            ),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                for i in 0..old_len.max(new_len) {
                    rows.push(TextRow {
                        left: (i < old_len).then(|| left[old_index + i].clone()),
                        right: (i < new_len).then(|| right[new_index + i].clone()),
                        changed: true,
                    });
                }
            }
        }
    }
    rows
}

fn finding_changes(left: &Evaluation, right: &Evaluation) -> Vec<FindingChange> {
    let key = |f: &crate::rules::Finding| (f.code, f.message.clone());
    let mut out = Vec::new();
    for f in &left.findings {
        if !right.findings.iter().any(|g| key(g) == key(f)) {
            out.push(FindingChange {
                severity: f.severity,
                message: f.message.clone(),
                appears: false,
            });
        }
    }
    for f in &right.findings {
        if !left.findings.iter().any(|g| key(g) == key(f)) {
            out.push(FindingChange {
                severity: f.severity,
                message: f.message.clone(),
                appears: true,
            });
        }
    }
    out.sort_by_key(|c| (c.severity, !c.appears));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::what_if::{LotLever, WhatIf};

    fn lines(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn unchanged_paragraphs_pair_up_and_changes_are_marked() {
        let rows = side_by_side(&lines("a b c d"), &lines("a x c d e"));
        assert_eq!(rows.iter().filter(|r| r.changed).count(), 2);
        assert_eq!(rows[1].left.as_deref(), Some("b"));
        assert_eq!(rows[1].right.as_deref(), Some("x"));
        assert_eq!(rows.last().unwrap().left, None);
    }

    #[test]
    fn reserving_a_lot_shows_in_text_hours_findings_and_codes() {
        let project = crate::scenarios::find("renovation-ecole")
            .unwrap()
            .unwrap()
            .project;
        let data = ReferenceData::bundled();
        let library = ClauseLibrary::bundled().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut what_if = WhatIf::default();
        what_if.set_lever(&project, 1, LotLever::Reserved);
        let variant = what_if.apply(&project, data);
        let comparison = Comparison::new(
            Side::new("Tel que conçu", project.clone(), today, &library, data),
            Side::new("Variante", variant, today, &library, data),
        );
        assert!(comparison.changed_paragraphs() > 0);
        assert!(comparison.right.total_hours() < comparison.left.total_hours());
        assert_eq!(
            comparison.left.eforms.lots[1].reserved_participation,
            "none"
        );
        assert_eq!(
            comparison.right.eforms.lots[1].reserved_participation,
            "res-ws"
        );
        assert!(comparison
            .text
            .iter()
            .any(|r| r.changed && r.right.as_deref().is_some_and(|t| t.contains("réservé"))));
    }
}
