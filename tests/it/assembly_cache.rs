//! The window's assembly cache (`document::AssemblyCache`) is invisible: every assembly made
//! through it is the document assembled without it, whatever came before (another scenario,
//! an edit of one lot, another library, another date), and it does reuse what did not change.

use chrono::NaiveDate;
use clausier::clauses::ClauseLibrary;
use clausier::document::{AssemblyCache, Document};
use clausier::model::Project;
use clausier::pipeline::{law_date, Draft};
use clausier::reference::ReferenceData;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

fn plain(project: &Project, date: NaiveDate, library: &ClauseLibrary) -> Document {
    Draft::build(project, date, library, ReferenceData::bundled(), None)
        .unwrap()
        .document
}

fn cached(
    project: &Project,
    date: NaiveDate,
    library: &ClauseLibrary,
    cache: &mut AssemblyCache,
) -> Document {
    Draft::build_cached(
        project,
        date,
        library,
        ReferenceData::bundled(),
        None,
        cache,
    )
    .unwrap()
    .document
}

fn largest() -> Project {
    clausier::scenarios::bundled()
        .unwrap()
        .into_iter()
        .max_by_key(|s| s.project.allotment.lots.len())
        .unwrap()
        .project
}

/// Every scenario, in turn and then again, through one cache: each document equals the one
/// assembled without a cache (blocks, sources, metadata and warnings).
#[test]
fn the_cached_document_is_the_plain_one_on_every_scenario() {
    let library = ClauseLibrary::bundled().unwrap();
    let scenarios = clausier::scenarios::bundled().unwrap();
    let mut shared = AssemblyCache::new();
    for round in 0..2 {
        for scenario in &scenarios {
            let date = law_date(&scenario.project, None, today());
            let expected = plain(&scenario.project, date, &library);
            let mut own = AssemblyCache::new();
            assert_eq!(
                cached(&scenario.project, date, &library, &mut own),
                expected,
                "{}: first assembly with a cache",
                scenario.id
            );
            assert_eq!(
                cached(&scenario.project, date, &library, &mut own),
                expected,
                "{}: same project again",
                scenario.id
            );
            assert_eq!(own.last_stats().rendered, 0, "{}", scenario.id);
            assert_eq!(
                cached(&scenario.project, date, &library, &mut shared),
                expected,
                "{}: after the other scenarios (round {round})",
                scenario.id
            );
        }
    }
}

/// An edit of lot k reaches lot k's articles at once (no stale rendering), the document is
/// the one assembled without a cache, and the clauses of the other lots are reused.
#[test]
fn an_edit_of_one_lot_changes_that_lot_and_reuses_the_others() {
    let library = ClauseLibrary::bundled().unwrap();
    let project = largest();
    let date = law_date(&project, None, today());
    let mut cache = AssemblyCache::new();
    let before = cached(&project, date, &library, &mut cache);
    let cold = cache.last_stats();
    assert_eq!(cold.reused, 0);

    let k = project.allotment.lots.len() / 2;
    let mut edited = project.clone();
    edited.allotment.lots[k].title = "Tonte et taille des haies du quartier".into();
    let clause = edited.allotment.lots[k]
        .insertion_clause
        .as_mut()
        .expect("the middle lot of the largest scenario has an insertion clause");
    clause.rate_percent += 2.0;
    let after = cached(&edited, date, &library, &mut cache);
    assert_eq!(after, plain(&edited, date, &library));
    assert_ne!(after, before);
    let old_title = &project.allotment.lots[k].title;
    let text = clausier::export::markdown::to_markdown(&after);
    assert!(text.contains("Tonte et taille des haies du quartier"));
    assert!(!text.contains(old_title.as_str()), "{old_title}");
    let edit = cache.last_stats();
    assert!(
        edit.reused > edit.rendered * 4,
        "an edit of one lot in {} re-renders little: {edit:?}",
        project.allotment.lots.len()
    );
    assert!(edit.rendered > 0);

    // And back: the first version again, with nothing of the edit left.
    assert_eq!(cached(&project, date, &library, &mut cache), before);
}

/// The clauses written once that list every lot (the lots table, the hours annex, the RC's
/// lists) write each lot's line apart: after an edit of one lot, only that lot's lines are
/// written again, and the text is the one a fresh assembly gives.
#[test]
fn an_edit_of_one_lot_writes_again_only_its_lines_of_the_tables_of_all_lots() {
    let library = ClauseLibrary::bundled().unwrap();
    let with_rows = library
        .clauses()
        .iter()
        .filter(|c| !c.template.rows.is_empty())
        .count();
    assert!(with_rows >= 4, "{with_rows}");
    let project = largest();
    let lots = project.allotment.lots.len();
    let date = law_date(&project, None, today());
    let mut cache = AssemblyCache::new();
    cached(&project, date, &library, &mut cache);
    assert!(
        cache.last_stats().rows_rendered >= lots * 3,
        "{:?}",
        cache.last_stats()
    );

    for edit in [
        |lot: &mut clausier::model::Lot| lot.title.push_str(" (bis)"),
        |lot: &mut clausier::model::Lot| lot.amount_cents += 1_000_000,
    ] {
        let mut edited = project.clone();
        edit(&mut edited.allotment.lots[lots / 2]);
        let after = cached(&edited, date, &library, &mut cache);
        assert_eq!(after, plain(&edited, date, &library));
        let stats = cache.last_stats();
        assert!(
            (1..=with_rows).contains(&stats.rows_rendered),
            "one lot's lines, at most one per clause: {stats:?}"
        );
        cached(&project, date, &library, &mut cache);
    }
}

/// A grouped article (one insertion article for all the lots with a clause) kept from the
/// previous assembly is used again only for the same lots, numbered and titled the same:
/// taking the clause off one lot, renumbering or retitling a lot reaches the article.
#[test]
fn a_grouped_article_follows_its_lots() {
    let library = ClauseLibrary::bundled().unwrap();
    let project = largest();
    let date = law_date(&project, None, today());
    let mut cache = AssemblyCache::new();
    cached(&project, date, &library, &mut cache);
    let with_clause: Vec<usize> = (0..project.allotment.lots.len())
        .filter(|&i| project.allotment.lots[i].insertion_clause.is_some())
        .collect();
    assert!(with_clause.len() > 2, "{with_clause:?}");

    let mut without_one = project.clone();
    without_one.allotment.lots[with_clause[1]].insertion_clause = None;
    let mut renumbered = project.clone();
    renumbered.allotment.lots[with_clause[0]].number += 100;
    let mut retitled = project.clone();
    retitled.allotment.lots[with_clause[0]].title = "Entretien des abords du stade".into();
    for (what, version) in [
        ("clause taken off a lot", &without_one),
        ("same again", &without_one),
        ("back to the first version", &project),
        ("lot renumbered", &renumbered),
        ("lot retitled", &retitled),
        ("back again", &project),
    ] {
        assert_eq!(
            cached(version, date, &library, &mut cache),
            plain(version, date, &library),
            "{what}"
        );
        if what == "same again" {
            assert_eq!(cache.last_stats().rendered, 0);
        }
    }
}

/// Another library (here an organisation's wording of a clause, under the same id and
/// version) or another date: nothing rendered with the former is reused.
#[test]
fn another_library_or_date_renders_again() {
    let bundled = ClauseLibrary::bundled().unwrap();
    let project = largest();
    let date = law_date(&project, None, today());
    let mut cache = AssemblyCache::new();
    cached(&project, date, &bundled, &mut cache);

    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/clause_templates/reservation.ron"
    ))
    .unwrap()
    .replace("réservation est mentionnée", "réservation figure");
    std::fs::write(dir.path().join("reservation.ron"), source).unwrap();
    let (organisation, problems) = ClauseLibrary::with_overrides(dir.path()).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let theirs = cached(&project, date, &organisation, &mut cache);
    assert_eq!(cache.last_stats().reused, 0);
    assert_eq!(theirs, plain(&project, date, &organisation));
    assert!(clausier::export::markdown::to_markdown(&theirs).contains("réservation figure"));

    // The same folder loaded again is another library: its clauses may have changed on disk.
    let (reloaded, _) = ClauseLibrary::with_overrides(dir.path()).unwrap();
    cached(&project, date, &reloaded, &mut cache);
    assert_eq!(cache.last_stats().reused, 0);

    // A year earlier: thresholds and obligations of that date, not the cached text.
    let earlier = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    let mut at_earlier = project.clone();
    at_earlier.meta.launch_date = Some(earlier);
    let then = cached(
        &at_earlier,
        law_date(&at_earlier, None, today()),
        &reloaded,
        &mut cache,
    );
    assert_eq!(
        then,
        plain(&at_earlier, law_date(&at_earlier, None, today()), &reloaded)
    );
    assert_ne!(then.blocks, theirs.blocks);
}

/// What a clause reads is found in its templates; a clause that includes another template is
/// taken to read everything (the analysis does not follow includes), so its cached text can
/// never miss a change the included template sees.
#[test]
fn what_a_clause_reads_is_found_in_its_templates() {
    use clausier::clauses::Reads;
    let library = ClauseLibrary::bundled().unwrap();
    let reservation = library.get("rc.reservation").unwrap().reads();
    for name in ["lot", "allotment", "grouped"] {
        assert!(reservation.includes(name), "{name}: {reservation:?}");
    }
    for name in ["lots", "summary", "buyer"] {
        assert!(!reservation.includes(name), "{name}: {reservation:?}");
    }

    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/clause_templates/marche_insertion.ron"
    ))
    .unwrap();
    let anchor = source.find(r#"id: "ccap.marche_insertion""#).unwrap();
    let body = anchor + source[anchor..].find("body: r#\"").unwrap() + "body: r#\"".len();
    let mut source = format!(
        "{}{{% include \"rc.marche_insertion#body\" %}}\n{}",
        &source[..body],
        &source[body..]
    );
    // A name assigned from itself is read (minijinja's analysis alone would miss it).
    let anchor = source.find(r#"id: "rc.marche_insertion""#).unwrap();
    let body = anchor + source[anchor..].find("body: r#\"").unwrap() + "body: r#\"".len();
    source.insert_str(body, "{% set summary = summary.total_hours %}");
    std::fs::write(dir.path().join("marche_insertion.ron"), source).unwrap();
    let (organisation, problems) = ClauseLibrary::with_overrides(dir.path()).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        organisation.get("ccap.marche_insertion").unwrap().reads(),
        &Reads::All
    );
    let rc = organisation.get("rc.marche_insertion").unwrap().reads();
    assert_ne!(rc, &Reads::All);
    assert!(rc.includes("summary"), "{rc:?}");
    assert!(!rc.includes("lots"), "{rc:?}");
}
