//! The trainer's exports from the command line, read back by an independent reader: the
//! slides through poppler's `pdftotext` (page by page, every text of every slide), the
//! handouts, the plan and the quiz sheet through the DOCX XML.

use crate::common;

use assert_cmd::Command;
use clausier::training::deck::{self, Options};
use clausier::training::quiz::{self, Selection};
use clausier::training::session::bundled_cases;
use common::docx::{docx_part, docx_text};
use std::path::Path;

const DATE: &str = "2026-12-01";

fn clausier(dir: &Path) -> Command {
    let mut cmd = Command::new(common::clausier_bin());
    cmd.current_dir(dir).env("CLAUSIER_DATA_DIR", dir);
    cmd
}

/// Exit code, standard output and standard error of a finished command.
fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn have_pdftotext() -> bool {
    let found = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    if !found && std::env::var_os("CLAUSIER_REQUIRE_SOFFICE").is_some() {
        panic!("pdftotext is required (poppler-utils)");
    }
    found
}

/// Spaces of every kind folded, so that a line broken on the page still matches.
fn normalise(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
        .replace('\u{2019}', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn page_text(pdf: &Path, page: usize) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    normalise(&String::from_utf8_lossy(&out.stdout))
}

#[test]
fn the_slides_pdf_has_one_16_9_page_per_slide_with_every_text_of_the_deck() {
    if !have_pdftotext() {
        eprintln!("pdftotext missing: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("seance.pdf");
    clausier(dir.path())
        .args([
            "slides",
            "renovation-ecole",
            "espaces-verts",
            "--date",
            DATE,
            "-o",
        ])
        .arg(&pdf)
        .assert()
        .success();
    let ids = vec!["renovation-ecole".to_string(), "espaces-verts".to_string()];
    let date = chrono::NaiveDate::parse_from_str(DATE, "%Y-%m-%d").unwrap();
    let cases = bundled_cases(&ids, |_| date).unwrap();
    let deck = deck::build(
        &cases,
        &[],
        &deck::law_topics().unwrap(),
        Options::default(),
    );
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains(&format!("Pages:           {}", deck.slides.len())),
        "{info}"
    );
    assert!(info.contains("960 x 540 pts"), "16:9 pages: {info}");
    let fonts = std::process::Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    for line in fonts.lines().skip(2) {
        assert!(
            line.contains(" yes yes yes "),
            "every font embedded, subset, with its Unicode map: {line}"
        );
    }
    for (i, slide) in deck.slides.iter().enumerate() {
        let page = page_text(&pdf, i + 1);
        for text in slide.texts() {
            let text = normalise(&text);
            assert!(
                page.contains(&text),
                "page {}: « {text} » not found in\n{page}",
                i + 1
            );
        }
    }
}

#[test]
fn slides_are_refused_under_another_name_than_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) =
        run(clausier(dir.path()).args(["slides", "renovation-ecole", "-o", "seance.docx"]));
    assert_eq!(code, 2);
    assert!(err.contains("en PDF"), "{err}");
    let (code, _, err) = run(clausier(dir.path()).args(["slides", "inconnu", "-o", "seance.pdf"]));
    assert_eq!(code, 2);
    assert!(err.contains("scénario « inconnu » inconnu"), "{err}");
}

#[test]
fn the_quiz_sheet_has_the_chosen_questions_and_the_key_on_its_own_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("quiz.docx");
    clausier(dir.path())
        .args(["quiz", "--themes", "insertion", "--count", "10", "-o"])
        .arg(&out)
        .assert()
        .success();
    let text = docx_text(&out);
    let quiz = quiz::bundled().unwrap();
    let selection = Selection {
        themes: vec!["insertion".into()],
        count: Some(10),
        seed: None,
    };
    let chosen = quiz.select(&selection).unwrap();
    for &i in &chosen {
        let statement = quiz.questions[i].statement.trim();
        let probe: String = statement.chars().take(40).collect();
        assert!(
            normalise(&text).contains(&normalise(&probe)),
            "« {probe} » missing"
        );
    }
    let others = quiz
        .questions
        .iter()
        .filter(|q| !q.themes.contains(&"insertion".to_string()))
        .count();
    assert!(others > 0);
    for q in quiz
        .questions
        .iter()
        .filter(|q| !q.themes.contains(&"insertion".to_string()))
    {
        let probe: String = q.statement.chars().take(40).collect();
        assert!(!text.contains(&probe), "« {probe} » is off the theme");
    }
    // The key follows a page break, after the last question.
    let xml = docx_part(&out, "word/document.xml");
    let key = xml.find("Corrigé").unwrap();
    let last_question = xml.find("Question 10 ").unwrap();
    let page_break = xml[last_question..key].find(r#"w:type="page""#);
    assert!(page_break.is_some(), "the answer key starts a new page");
    assert!(docx_part(&out, "word/header1.xml").contains("Support de formation"));
}

#[test]
fn the_quiz_command_lists_its_themes_and_names_an_unknown_one() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = run(clausier(dir.path()).arg("quiz"));
    assert_eq!(code, 0);
    assert!(
        out.contains("insertion") && out.contains("Marchés réservés"),
        "{out}"
    );
    let (code, _, err) =
        run(clausier(dir.path()).args(["quiz", "--themes", "climat", "-o", "q.docx"]));
    assert_eq!(code, 2);
    assert!(err.contains("thème « climat » inconnu"), "{err}");
    assert!(!dir.path().join("q.docx").exists());
}

#[test]
fn handouts_for_two_cases_hide_the_answers_from_participants_only() {
    let dir = tempfile::tempdir().unwrap();
    let participants = dir.path().join("participants.docx");
    let trainer = dir.path().join("formateur.docx");
    for (out, extra) in [(&participants, None), (&trainer, Some("--formateur"))] {
        let mut cmd = clausier(dir.path());
        cmd.args([
            "handout",
            "renovation-ecole",
            "espaces-verts",
            "--quiz",
            "10",
        ]);
        if let Some(flag) = extra {
            cmd.arg(flag);
        }
        cmd.args(["--date", DATE, "-o"]).arg(out).assert().success();
    }
    let (p, t) = (docx_text(&participants), docx_text(&trainer));
    // The raw text, with its no-break spaces, is kept for the typography check below.
    let raw_p = p.clone();
    let (p, t) = (normalise(&p), normalise(&t));
    for text in [&p, &t] {
        assert!(text.contains("Cas 1 : Rénovation énergétique"));
        assert!(text.contains("Cas 2 : Entretien des espaces verts"));
        assert!(text.contains("Déroulé de la séance"));
        assert!(text.contains("Quiz"));
    }
    assert!(
        p.starts_with("Support de formation — 2 cas"),
        "{}",
        &p[..80]
    );
    assert!(
        t.starts_with("Support du formateur — 2 cas"),
        "{}",
        &t[..80]
    );
    assert!(!p.contains("Éléments de réponse"));
    assert!(t.contains("Éléments de réponse"));
    assert!(t.contains("Pistes pour « Et si… ? »"));
    assert!(!p.contains("Pistes pour"));
    let notes = clausier::training::notes::for_scenario("espaces-verts").unwrap();
    let answer =
        clausier::training::handout::answer_elements(&notes.discussion_questions[0]).unwrap();
    let probe: String = answer.chars().take(30).collect();
    assert!(normalise(&t).contains(&normalise(&probe)));
    // The header: the session, never the fictitious buyer and reference.
    for out in [&participants, &trainer] {
        let header = docx_part(out, "word/header1.xml");
        assert!(header.contains("Support de formation"), "{header}");
        assert!(!header.contains("2027-TRX-004"), "{header}");
        assert!(!header.contains("consultation"), "{header}");
    }
    // « 15 % » never splits: a no-break space before the sign.
    assert!(!raw_p.contains(" %"), "breakable space before %");
    assert!(raw_p.contains("15\u{a0}%"), "no-break space before %");
}

#[test]
fn the_plan_lists_timed_sequences_for_the_cases() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.docx");
    clausier(dir.path())
        .args([
            "plan",
            "renovation-ecole",
            "espaces-verts",
            "--quiz",
            "10",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let text = normalise(&docx_text(&out));
    for part in [
        "Déroulé de la séance",
        "Accueil et objectifs",
        "Ce que dit le droit",
        "Cas 1 : Rénovation énergétique",
        "Cas 2 : Entretien des espaces verts",
        "« Et si… ? » en direct",
        "Quiz",
        "Pause",
        "Synthèse et remise du support",
        "0 h 00 – 0 h 10",
    ] {
        assert!(text.contains(&normalise(part)), "plan lacks « {part} »");
    }
}

#[test]
fn a_what_if_change_given_on_the_command_line_gets_its_slide() {
    if !have_pdftotext() {
        eprintln!("pdftotext missing: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("et-si.pdf");
    clausier(dir.path())
        .args([
            "slides",
            "renovation-ecole",
            "espaces-verts",
            "--et-si",
            "2=reserve",
            "--et-si",
            "espaces-verts:marche-unique",
            "--date",
            DATE,
            "-o",
        ])
        .arg(&pdf)
        .assert()
        .success();
    let out = std::process::Command::new("pdftotext")
        .args(["-raw"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = normalise(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(
        text.matches("Et si… ? Changez un levier").count(),
        2,
        "{text}"
    );
    assert!(text.contains("Lot 2 : Réservé SIAE au lieu de « Clause d'insertion »"));
    assert!(text.contains("Un marché unique au lieu de 3 lots"));
    assert!(
        text.contains("Nouveau constat (erreur)"),
        "a single contract shows its error"
    );

    let (code, _, err) = run(clausier(dir.path()).args([
        "slides",
        "renovation-ecole",
        "--et-si",
        "99=reserve",
        "-o",
        "x.pdf",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("le cas n'a pas de lot 99"), "{err}");
    assert!(!dir.path().join("x.pdf").exists());
}

#[test]
fn the_plan_of_a_two_case_session_fits_one_page_in_libreoffice() {
    let have = |tool: &str| std::process::Command::new(tool).arg("-v").output().is_ok();
    if !have("soffice") || !have("pdfinfo") {
        assert!(
            std::env::var_os("CLAUSIER_REQUIRE_SOFFICE").is_none(),
            "soffice and pdfinfo are required"
        );
        eprintln!("LibreOffice missing: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("plan.docx");
    clausier(dir.path())
        .args([
            "plan",
            "renovation-ecole",
            "espaces-verts",
            "--quiz",
            "10",
            "-o",
        ])
        .arg(&docx)
        .assert()
        .success();
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let out = std::process::Command::new("soffice")
        .arg(&profile)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info = std::process::Command::new("pdfinfo")
        .arg(dir.path().join("plan.pdf"))
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Pages:           1\n"), "{info}");
}

/// Issue 18, part 5: the social conditions beyond insertion reach the trainer's kit from the
/// data alone — the uniforms case in the slides and the trainer's handout, the new theme in the
/// quiz sheet.
#[test]
fn the_social_conditions_case_and_theme_are_in_the_slides_handout_and_quiz() {
    let dir = tempfile::tempdir().unwrap();
    let quiz_path = dir.path().join("quiz.docx");
    clausier(dir.path())
        .args([
            "quiz",
            "--themes",
            "conditions-sociales",
            "--count",
            "10",
            "-o",
        ])
        .arg(&quiz_path)
        .assert()
        .success();
    let quiz = quiz::bundled().unwrap();
    let chosen = quiz
        .select(&Selection {
            themes: vec!["conditions-sociales".into()],
            count: Some(10),
            seed: None,
        })
        .unwrap();
    assert_eq!(chosen.len(), 10, "ten questions on the theme");
    let sheet = normalise(&docx_text(&quiz_path));
    for &i in &chosen {
        let probe: String = quiz.questions[i]
            .statement
            .trim()
            .chars()
            .take(40)
            .collect();
        assert!(sheet.contains(&normalise(&probe)), "« {probe} » missing");
    }
    let handout = dir.path().join("formateur.docx");
    clausier(dir.path())
        .args(["handout", "tenues-travail", "--formateur", "-o"])
        .arg(&handout)
        .assert()
        .success();
    assert!(normalise(&docx_text(&handout)).contains("chaîne d'approvisionnement"));
    if !have_pdftotext() {
        return;
    }
    let pdf = dir.path().join("tenues.pdf");
    clausier(dir.path())
        .args(["slides", "tenues-travail", "-o"])
        .arg(&pdf)
        .assert()
        .success();
    let pages = (1..=40)
        .map(|p| {
            std::process::Command::new("pdftotext")
                .args(["-raw", "-f", &p.to_string(), "-l", &p.to_string()])
                .arg(&pdf)
                .arg("-")
                .output()
                .map(|o| normalise(&String::from_utf8_lossy(&o.stdout)))
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    assert!(pages.contains("chaîne d'approvisionnement"), "{pages}");
}
