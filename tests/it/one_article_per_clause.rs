//! The shorter text: a clause that applies to several lots is one article for the whole
//! purchase with a per-lot table, and lot paragraphs only where the lots differ. The 34-lot
//! scenario fits in under 30 pages in LibreOffice.

use crate::common;

use clausier::document::{inline_text, BlockKind, Document};
use std::process::Command;

fn document(id: &str) -> (clausier::scenarios::Scenario, Document) {
    let scenario = common::scenarios()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap();
    let (_, doc) = common::pipeline(&scenario.project);
    (scenario, doc)
}

fn headings(doc: &Document, level: u8) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading { level: l, text } if *l == level => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_insertion_clause_is_one_article_with_a_row_per_lot() {
    let (scenario, doc) = document("renouvellement-urbain");
    let articles: Vec<String> = headings(&doc, 2)
        .into_iter()
        .filter(|h| h.starts_with("Clause sociale d’insertion"))
        .collect();
    // One in the RC (announcement), one in the CCAP (the obligation): no longer one per lot.
    assert_eq!(articles.len(), 2, "{articles:?}");
    let with_clause: Vec<u32> = scenario
        .project
        .allotment
        .lots
        .iter()
        .filter(|l| l.insertion_clause.is_some())
        .map(|l| l.number)
        .collect();
    assert!(with_clause.len() > 20);
    let source = doc
        .sources
        .iter()
        .position(|s| s.clause_id == "ccap.clause_insertion")
        .unwrap();
    let table = doc
        .blocks
        .iter()
        .filter(|b| b.source == Some(source))
        .find_map(|b| match &b.kind {
            BlockKind::Table { header, rows } => Some((header, rows)),
            _ => None,
        })
        .expect("a per-lot table");
    let header: Vec<String> = table.0.iter().map(|c| inline_text(c)).collect();
    assert!(
        header.iter().any(|h| h.starts_with("Heures d’insertion")),
        "{header:?}"
    );
    let numbers: Vec<u32> = table
        .1
        .iter()
        .map(|r| inline_text(&r[0]).parse().unwrap())
        .collect();
    assert_eq!(numbers, with_clause);
    // Each sub-article appears once.
    let subs = headings(&doc, 3);
    assert_eq!(subs.iter().filter(|h| *h == "Publics concernés").count(), 1);
    // « Pénalités » once for insertion, and once in each article of another social condition
    // (lot 1, asbestos removal: working conditions).
    let other_conditions: usize = scenario
        .project
        .allotment
        .lots
        .iter()
        .map(|l| l.social_conditions.len())
        .sum();
    assert_eq!(other_conditions, 1);
    assert_eq!(
        subs.iter().filter(|h| *h == "Pénalités").count(),
        1 + other_conditions
    );
}

#[test]
fn lots_that_differ_get_their_own_paragraphs_and_no_more() {
    // Rénovation d'une école: lot 1 admits fewer publics and modes than the others.
    let (_, doc) = document("renovation-ecole");
    let text = clausier::export::markdown::to_markdown(&doc).replace(['\u{a0}', '\u{202f}'], " ");
    let ccap = &text[text.find("## Cahier des clauses").unwrap()..];
    let article = &ccap[ccap.find("– Clause sociale d’insertion").unwrap()..];
    let article = &article[..article[4..].find("\n### ").map_or(article.len(), |i| i + 4)];
    assert!(article.contains("**Lot 1 :**"), "{article}");
    assert!(article.contains("**Lots 2 à 6 :**"), "{article}");
    // The parts every lot shares are written once.
    assert_eq!(
        article
            .matches("Le facilitateur vérifie l’éligibilité")
            .count(),
        1
    );
    assert_eq!(article.matches(" Difficultés de recrutement\n").count(), 1);
    // The penalties differ: they are in the table, with a column each.
    assert!(
        article.contains("| Pénalité par heure non réalisée |"),
        "{article}"
    );
}

#[test]
fn a_single_contract_keeps_its_figures_in_the_text() {
    let (scenario, doc) = document("restauration-collective");
    assert!(!scenario.project.allotment.allotted || scenario.project.allotment.lots.len() == 1);
    let text = clausier::export::markdown::to_markdown(&doc);
    assert!(!text.contains("[[tableau des lots]]"));
    if text.contains("# Clause sociale d’insertion") {
        assert!(
            text.contains("heures d’insertion**"),
            "the hours are stated in the text"
        );
    }
}

#[test]
fn the_34_lot_section_is_under_30_pages_in_libreoffice() {
    if Command::new("soffice").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CLAUSIER_REQUIRE_SOFFICE").is_none(),
            "soffice is required"
        );
        return;
    }
    let (_, doc) = document("renouvellement-urbain");
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("section.docx");
    std::fs::write(&docx, clausier::export::docx::to_docx(&doc).unwrap()).unwrap();
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .unwrap();
    assert!(status.status.success());
    let info = Command::new("pdfinfo")
        .arg(docx.with_extension("pdf"))
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|p| p.trim().parse().ok())
        .expect("a page count");
    assert!(pages < 30, "{pages} pages (67 before the grouping)");
}
