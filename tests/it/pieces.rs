//! `generate --piece` and `--first-article`: each piece read back from the DOCX holds only
//! its own clauses, the section puts each piece on a new page, and the articles are Word
//! numbering (numbering definitions, paragraphs pointing at them) that LibreOffice renders as
//! « Article 5 – », « 5.1 ».

use crate::common;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::Read;
use std::path::Path;
use std::process::Command;

/// One paragraph of document.xml as a reader sees it.
#[derive(Debug, Default, Clone)]
struct Para {
    style: String,
    /// (numId, ilvl) of its numbering, when it has one.
    numbering: Option<(String, String)>,
    page_break_before: bool,
    text: String,
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().map(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .unwrap()
            .into_owned()
    })
}

fn part(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

fn paragraphs(path: &Path) -> Vec<Para> {
    let xml = part(path, "word/document.xml");
    let mut reader = Reader::from_str(&xml);
    let mut out = Vec::new();
    let mut current = Para::default();
    let mut in_text = false;
    let mut num_id = None;
    let mut ilvl = None;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == b"w:p" => {
                current = Para::default();
                num_id = None;
                ilvl = None;
            }
            Event::End(e) if e.name().as_ref() == b"w:p" => {
                if let (Some(n), Some(l)) = (num_id.take(), ilvl.take()) {
                    current.numbering = Some((n, l));
                }
                out.push(current.clone());
            }
            Event::Empty(e) => match e.name().as_ref() {
                b"w:pStyle" => current.style = attr(&e, "w:val").unwrap_or_default(),
                b"w:numId" => num_id = attr(&e, "w:val"),
                b"w:ilvl" => ilvl = attr(&e, "w:val"),
                b"w:pageBreakBefore" => {
                    current.page_break_before = attr(&e, "w:val").is_none_or(|v| v != "false");
                }
                _ => {}
            },
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
            // Read as plain text: typographic apostrophes and no-break spaces as typed ones.
            Event::Text(t) if in_text => current.text.push_str(
                &t.xml10_content()
                    .unwrap()
                    .replace('\u{2019}', "'")
                    .replace(['\u{a0}', '\u{202f}'], " "),
            ),
            Event::GeneralRef(r) if in_text => {
                let name = String::from_utf8_lossy(&r).into_owned();
                current.text.push_str(match name.as_str() {
                    "apos" => "'",
                    "quot" => "\"",
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    _ => "",
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn generate(scenario: &str, args: &[&str], out: &Path) -> std::process::Output {
    generate_from(&common::scenario_path(scenario), args, out)
}

fn generate_from(project: &Path, args: &[&str], out: &Path) -> std::process::Output {
    let data = tempfile::tempdir().unwrap();
    Command::new(common::clausier_bin())
        .env("CLAUSIER_DATA_DIR", data.path())
        .arg("generate")
        .arg(project)
        .args(args)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap()
}

fn generated(scenario: &str, args: &[&str], dir: &Path, name: &str) -> Vec<Para> {
    generated_from(&common::scenario_path(scenario), args, dir, name)
}

fn generated_from(project: &Path, args: &[&str], dir: &Path, name: &str) -> Vec<Para> {
    let path = dir.join(name);
    let output = generate_from(project, args, &path);
    assert!(
        output.status.success(),
        "{} {args:?}: {}",
        project.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    paragraphs(&path)
}

fn has(paras: &[Para], text: &str) -> bool {
    paras.iter().any(|p| p.text.contains(text))
}

fn headings(paras: &[Para], style: &str) -> Vec<String> {
    paras
        .iter()
        .filter(|p| p.style == style)
        .map(|p| p.text.clone())
        .collect()
}

const RC_ARTICLE: &str = "Candidatures en groupement";
const CCAP_ARTICLE: &str = "Maintien des conditions de la réservation";
const ANNEX_PART: &str = "Calcul des heures d'insertion";
const NOTE_PARTS: [&str; 3] = [
    "Relevé des décisions",
    "Valeurs à reporter dans l'avis de marché",
    "Motifs de non-application de la condition d'exécution sociale",
];
const BRIEF_PART: &str = "Informations pour le suivi de la clause d'insertion";

#[test]
fn each_piece_holds_only_what_goes_into_it() {
    let dir = tempfile::tempdir().unwrap();
    // Reserved lots, insertion and a recorded exception (the 34-lot scenario with one added on
    // lot 28): every piece has content.
    let variant = common::scenarios_and_an_exception().pop().unwrap();
    let scenario = dir.path().join("avec-exception.ron");
    clausier::model::save_project(&variant.project, &scenario).unwrap();
    let rc = generated_from(&scenario, &["--piece", "rc"], dir.path(), "rc.docx");
    let ccap = generated_from(&scenario, &["--piece", "ccap"], dir.path(), "ccap.docx");
    let annexes = generated_from(&scenario, &["--piece", "annexes"], dir.path(), "a.docx");
    let note = generated_from(&scenario, &["--piece", "note"], dir.path(), "note.docx");

    assert!(has(&rc, RC_ARTICLE));
    assert!(!has(&rc, CCAP_ARTICLE) && !has(&rc, ANNEX_PART));
    assert!(NOTE_PARTS.iter().all(|n| !has(&rc, n)));

    assert!(has(&ccap, CCAP_ARTICLE));
    assert!(!has(&ccap, RC_ARTICLE) && !has(&ccap, ANNEX_PART));
    assert!(NOTE_PARTS.iter().all(|n| !has(&ccap, n)));

    assert!(has(&annexes, ANNEX_PART));
    assert!(!has(&annexes, RC_ARTICLE) && !has(&annexes, CCAP_ARTICLE));
    assert!(NOTE_PARTS.iter().all(|n| !has(&annexes, n)));

    assert!(NOTE_PARTS.iter().all(|n| has(&note, n)), "{note:#?}");
    // The annexes appear in the note only as lines of the decision record.
    assert!(!headings(&note, "Heading2").iter().any(|h| h == ANNEX_PART));
    // The decision record of the note covers the published pieces' clauses.
    assert!(has(&note, &format!("RC — {RC_ARTICLE}")));
    assert!(has(&note, &format!("CCAP — {CCAP_ARTICLE}")));
    // Only the note's own heading at level 1: nothing of another piece.
    assert_eq!(
        headings(&note, "Heading1"),
        ["Note interne : éléments pour le rapport de présentation"]
    );

    for piece in [&rc, &ccap, &annexes, &note] {
        assert!(
            !has(piece, BRIEF_PART),
            "the facilitator's sheet stays apart"
        );
    }
}

#[test]
fn the_section_holds_every_piece_each_on_a_new_page_without_the_facilitator_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let section = generated("renouvellement-urbain", &[], dir.path(), "s.docx");
    let pieces: Vec<&Para> = section.iter().filter(|p| p.style == "Heading1").collect();
    let titles: Vec<&str> = pieces.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Règlement de la consultation (RC)",
            "Cahier des clauses administratives particulières (CCAP)",
            "Annexes",
            "Note interne : éléments pour le rapport de présentation",
        ]
    );
    let breaks: Vec<bool> = pieces.iter().map(|p| p.page_break_before).collect();
    assert_eq!(breaks, [false, true, true, true]);
    assert!(has(&section, RC_ARTICLE) && has(&section, CCAP_ARTICLE));
    assert!(!has(&section, BRIEF_PART));
    // The sheet is still its own document.
    let brief = dir.path().join("fiche.docx");
    let data = tempfile::tempdir().unwrap();
    let out = Command::new(common::clausier_bin())
        .env("CLAUSIER_DATA_DIR", data.path())
        .arg("brief")
        .arg(common::scenario_path("renouvellement-urbain"))
        .arg("-o")
        .arg(&brief)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(has(&paragraphs(&brief), BRIEF_PART));
}

/// The abstract numbering (id, level texts with start values) and the instances
/// (numId → (abstract id, start override of level 0)) of numbering.xml.
struct Numbering {
    abstracts: Vec<(String, Vec<(String, String)>)>,
    instances: Vec<(String, String, Option<String>)>,
}

fn numbering(path: &Path) -> Numbering {
    let xml = part(path, "word/numbering.xml");
    let mut reader = Reader::from_str(&xml);
    let mut abstracts = Vec::new();
    let mut instances = Vec::new();
    let mut level_start = String::new();
    let mut override_level = None;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == b"w:abstractNum" => {
                abstracts.push((attr(&e, "w:abstractNumId").unwrap(), Vec::new()));
            }
            Event::Start(e) if e.name().as_ref() == b"w:num" => {
                instances.push((attr(&e, "w:numId").unwrap(), String::new(), None));
            }
            Event::Start(e) if e.name().as_ref() == b"w:lvlOverride" => {
                override_level = attr(&e, "w:ilvl");
            }
            Event::Empty(e) => match e.name().as_ref() {
                b"w:start" => level_start = attr(&e, "w:val").unwrap(),
                b"w:lvlText" => {
                    if let Some((_, levels)) = abstracts.last_mut() {
                        levels.push((attr(&e, "w:val").unwrap(), level_start.clone()));
                    }
                }
                b"w:abstractNumId" => {
                    if let Some(last) = instances.last_mut() {
                        last.1 = attr(&e, "w:val").unwrap();
                    }
                }
                b"w:startOverride" if override_level.as_deref() == Some("0") => {
                    if let Some(last) = instances.last_mut() {
                        last.2 = attr(&e, "w:val");
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Numbering {
        abstracts,
        instances,
    }
}

#[test]
fn articles_are_word_numbering_starting_at_the_first_article_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.docx");
    assert!(
        generate("renovation-ecole", &["--first-article", "5"], &path)
            .status
            .success()
    );
    let paras = paragraphs(&path);
    let defs = numbering(&path);
    let (article_abstract, levels) = defs
        .abstracts
        .iter()
        .find(|(_, levels)| levels.first().is_some_and(|l| l.0 == "Article %1 –"))
        .expect("an « Article N – » list definition");
    assert_eq!(levels[0], ("Article %1 –".to_string(), "5".to_string()));
    assert_eq!(levels[1].0, "%1.%2");
    let article_nums: Vec<&(String, String, Option<String>)> = defs
        .instances
        .iter()
        .filter(|(_, a, _)| a == article_abstract)
        .collect();
    // The RC and the CCAP each start again at 5.
    assert_eq!(article_nums.len(), 2);
    assert!(article_nums
        .iter()
        .all(|(_, _, s)| s.as_deref() == Some("5")));

    let numbered = |p: &Para, level: &str| {
        p.numbering
            .as_ref()
            .is_some_and(|(id, l)| l == level && article_nums.iter().any(|(n, _, _)| n == id))
    };
    let articles: Vec<&Para> = paras.iter().filter(|p| numbered(p, "0")).collect();
    let subs: Vec<&Para> = paras.iter().filter(|p| numbered(p, "1")).collect();
    assert!(articles.iter().any(|p| p.text == "Allotissement"));
    assert!(articles.iter().all(|p| p.style == "Heading2"));
    assert!(subs.iter().any(|p| p.text == "Objet et volume"));
    assert!(subs.iter().all(|p| p.style == "Heading3"));
    // The numbers are the list's, never typed into the headings.
    assert!(paras
        .iter()
        .all(|p| !p.text.starts_with("Article ") && !p.text.starts_with("5.1")));
    // Every clause heading of the RC and the CCAP is an article; the annexes and the note
    // are not numbered.
    let rc_and_ccap_clauses = paras
        .iter()
        .skip_while(|p| p.style != "Heading1")
        .take_while(|p| p.text != "Annexes")
        .filter(|p| p.style == "Heading2")
        .count();
    assert_eq!(articles.len(), rc_and_ccap_clauses);
    let after_annexes = paras.iter().skip_while(|p| p.text != "Annexes");
    assert!(after_annexes
        .filter(|p| p.style.starts_with("Heading"))
        .all(|p| p.numbering.is_none()));
}

#[test]
fn the_first_article_comes_from_the_project_unless_the_command_says_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(common::scenario_path("renovation-ecole")).unwrap();
    // The project's own setting, as step 7 saves it.
    let project_text = text.trim_end().strip_suffix(')').unwrap().to_string()
        + "    output: (first_article: 12),\n)\n";
    let project = dir.path().join("projet.ron");
    std::fs::write(&project, project_text).unwrap();
    let run = |args: &[&str], out: &str| {
        let data = tempfile::tempdir().unwrap();
        let output = Command::new(common::clausier_bin())
            .env("CLAUSIER_DATA_DIR", data.path())
            .arg("generate")
            .arg(&project)
            .args(args)
            .arg("-o")
            .arg(dir.path().join(out))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        std::fs::read_to_string(dir.path().join(out)).unwrap()
    };
    let md = run(&[], "a.md");
    assert!(md.contains("### Article 12 – Allotissement"), "{md}");
    // The CCAP starts again at the same number.
    assert!(md.contains("### Article 12 – Maintien des conditions de la réservation"));
    assert!(md.contains("#### 13.1 Objet et volume"));
    let md = run(&["--first-article", "3", "--piece", "ccap"], "b.md");
    assert!(md.contains("### Article 3 – Maintien des conditions de la réservation"));
    assert!(!md.contains("Allotissement\n"));
}

#[test]
fn a_bad_piece_or_first_article_is_refused_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let out = generate(
        "renovation-ecole",
        &["--first-article", "0"],
        &dir.path().join("x.docx"),
    );
    assert_eq!(out.status.code(), Some(2));
    let out = generate(
        "renovation-ecole",
        &["--piece", "cctp"],
        &dir.path().join("x.docx"),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("rc") && err.contains("note"), "{err}");
    assert!(!dir.path().join("x.docx").exists());
}

#[test]
fn libreoffice_renders_the_article_numbers() {
    if !common::libreoffice::tools_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("section.docx");
    assert!(
        generate("renovation-ecole", &["--first-article", "5"], &path)
            .status
            .success()
    );
    let text = common::libreoffice::libreoffice_text(&path);
    assert!(text.contains("Article 5 – Allotissement"), "{text}");
    assert!(text.contains("Article 6 – Marché réservé"));
    assert!(text.contains("Article 5 – Maintien des conditions de la réservation"));
    assert!(text.contains("6.1 Objet et volume"));
    assert!(text.contains("6.2 Publics concernés"));
    // The insertion clause of every lot is one article (6), its parts numbered under it.
    assert!(!text.contains("7.1 Objet et volume"));
}

/// A piece that no clause reaches (here the CCAP of the office supplies, whose one CCAP
/// clause the organisation's wording leaves out) is refused with a French message, instead of
/// a document holding the title alone; the other pieces are still written.
#[test]
fn an_empty_piece_is_refused_with_a_message_rather_than_written_blank() {
    let dir = tempfile::tempdir().unwrap();
    let templates = common::clauses_emptying_the_office_supplies_ccap(dir.path());
    let templates = templates.to_str().unwrap();

    let out = dir.path().join("ccap.docx");
    let output = generate(
        "fournitures-bureau",
        &["--piece", "ccap", "--templates", templates],
        &out,
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains("la pièce « Cahier des clauses administratives particulières (CCAP) » est vide pour ce projet"),
        "{stderr}"
    );
    assert!(!out.exists());

    let rc = dir.path().join("rc.docx");
    let output = generate(
        "fournitures-bureau",
        &["--piece", "rc", "--templates", templates],
        &rc,
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
