//! The reliability probe's input classes, each as a user meets it through the command line:
//! an output over the project, a FIFO, a BOM, control characters, Markdown in user text, a
//! line break in a title, permissions and links, a file too large, numbers that make no
//! sense, truncated files, messages, organisation clauses that fail at render time, ten
//! thousand lots. And a property: whatever the text in every field, the DOCX is valid XML
//! that a DOCX reader opens.

use crate::common;

use clausier::document::{inline_text, BlockKind};
use proptest::prelude::*;
use quick_xml::events::Event;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Runs the CLI; fails the test if it has not finished after `limit` (a hang).
fn clausier_within(args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(common::clausier_bin())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("clausier runs");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("clausier {args:?} still running after {limit:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn clausier(args: &[&str]) -> Output {
    clausier_within(args, Duration::from_secs(120))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn scenario_text(id: &str) -> String {
    std::fs::read_to_string(common::scenario_path(id)).unwrap()
}

/// A scenario with `from` replaced by `to` (which must occur).
fn variant(dir: &Path, name: &str, id: &str, edits: &[(&str, &str)]) -> PathBuf {
    let mut text = scenario_text(id);
    for (from, to) in edits {
        assert!(text.contains(from), "{from} not in {id}");
        text = text.replacen(from, to, 1);
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

// ---------------------------------------------------------------------------------------------
// DOCX validity, checked the way strict readers check it

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
        || ('\u{20}'..='\u{D7FF}').contains(&c)
        || ('\u{E000}'..='\u{FFFD}').contains(&c)
        || c >= '\u{10000}'
}

/// Every XML part of the package is well-formed XML 1.0: parses to the end with matching
/// tags, holds only allowed characters, references only allowed characters and entities.
/// Returns the body's text (every `w:t`, in order, references resolved).
fn check_docx(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut body = String::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().to_string();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut xml = String::new();
        file.read_to_string(&mut xml)
            .unwrap_or_else(|e| panic!("{name}: not UTF-8 ({e})"));
        if let Some(c) = xml.chars().find(|c| !is_xml_char(*c)) {
            panic!("{name}: character U+{:04X} refused by XML 1.0", c as u32);
        }
        let mut reader = quick_xml::Reader::from_str(&xml);
        let mut in_text = false;
        loop {
            match reader
                .read_event()
                .unwrap_or_else(|e| panic!("{name}: not well-formed XML ({e})"))
            {
                Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
                Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
                Event::Text(t) if in_text && name == "word/document.xml" => {
                    body.push_str(&t.xml10_content().unwrap());
                }
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => {
                            assert!(is_xml_char(c), "{name}: reference to U+{:04X}", c as u32);
                            c
                        }
                        _ => match &*r.into_inner() {
                            b"amp" => '&',
                            b"lt" => '<',
                            b"gt" => '>',
                            b"quot" => '"',
                            b"apos" => '\'',
                            other => panic!(
                                "{name}: undefined entity &{};",
                                String::from_utf8_lossy(other)
                            ),
                        },
                    };
                    if in_text && name == "word/document.xml" {
                        body.push(resolved);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    docx_rs::read_docx(bytes).unwrap_or_else(|e| panic!("the DOCX reader refuses it: {e:?}"));
    body
}

fn check_docx_file(path: &Path) -> String {
    check_docx(&std::fs::read(path).unwrap())
}

/// Text that every string field of a project receives, in turn.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\x00-\\x1f\u{fffe}\u{ffff}a-z ]{0,12}",
        "[*_`\\[\\]()<>&#;|!\\\\.0-9a-z \n\r\t-]{0,30}",
        Just("&#x1; &lt; &eacute; &#128512; ]]> <![CDATA[x]]> </w:t></w:r>".to_string()),
    ]
}

fn every_string_replaced(
    project: &clausier::model::Project,
    texts: &[String],
) -> clausier::model::Project {
    let next = std::cell::Cell::new(0usize);
    let map = |original: &str| {
        // A launch date stays a date: the loader refuses anything else.
        let is_date = original.len() == 10 && original.as_bytes()[4] == b'-';
        if is_date {
            return None;
        }
        let i = next.get();
        next.set(i + 1);
        Some(texts[i % texts.len()].clone())
    };
    clausier::model::map_strings(project, &map).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Arbitrary Unicode (control characters, noncharacters, Markdown, entities, XML syntax)
    /// in every string field: the section and the brief stay valid DOCX.
    #[test]
    fn every_docx_is_valid_whatever_the_user_text(
        texts in prop::collection::vec(any_text(), 1..40),
        which in prop::sample::select(vec!["renovation-ecole", "restauration-collective", "materiel-informatique"]),
    ) {
        let scenario = common::scenarios().into_iter().find(|s| s.id == which).unwrap();
        let project = every_string_replaced(&scenario.project, &texts);
        let data = clausier::reference::ReferenceData::bundled();
        let evaluation = clausier::rules::evaluate(&project, common::fixed_today(), data);
        let library = clausier::clauses::ClauseLibrary::bundled().unwrap();
        let document = clausier::document::assemble(&project, &evaluation, &library, data)
            .expect("the bundled clauses render any text");
        check_docx(&clausier::export::docx::to_docx(&document).unwrap());
        if let Some(brief) = clausier::document::assemble_brief(&project, &evaluation, &library, data).unwrap() {
            check_docx(&clausier::export::docx::to_docx(&brief).unwrap());
        }
    }

    /// Markdown in a lot title prints as typed, in the lots table and in the headings.
    #[test]
    fn markdown_in_a_title_prints_as_typed(title in "[ -~éà«»]{1,40}") {
        prop_assume!(!title.trim().is_empty());
        let mut project = common::scenarios()
            .into_iter()
            .find(|s| s.id == "renovation-ecole")
            .unwrap()
            .project;
        project.allotment.lots[0].title = title.clone();
        let (_, document) = common::pipeline(&project);
        let plain = |t: &str| t.replace('\u{a0}', " ");
        // As typed, with French typography (apostrophes, no-break spaces before « : »…).
        let expected = plain(&clausier::fr::typeset(title.trim()));
        let in_table = document.blocks.iter().any(|b| match &b.kind {
            BlockKind::Table { rows, .. } => rows.iter().flatten().any(|c| plain(&inline_text(c)) == expected),
            _ => false,
        });
        prop_assert!(in_table, "{title:?} not found as typed in a table");
        // A heading loses the spaces at its end, like any paragraph.
        // A heading of a clause of lot 1 alone (the others are one article with a table).
        let heading = plain(&clausier::fr::typeset(&format!(" — lot 1 : {title}"))).trim_end().to_string();
        let lot_headings: Vec<&String> = document.blocks.iter().filter_map(|b| match &b.kind {
            BlockKind::Heading { text, .. } if b.source.is_some_and(|s| document.sources[s].lot == Some(1)) => Some(text),
            _ => None,
        }).collect();
        prop_assert!(lot_headings.iter().all(|t| plain(t).ends_with(&heading)), "{title:?} not in a heading");
    }
}

// ---------------------------------------------------------------------------------------------
// Outputs

#[test]
fn an_output_over_a_file_the_command_reads_is_refused_whatever_its_spelling() {
    let dir = temp();
    let project = dir.path().join("proj.ron");
    std::fs::copy(common::scenario_path("renovation-ecole"), &project).unwrap();
    let original = std::fs::read(&project).unwrap();
    let sub = dir.path().join("sous-dossier");
    std::fs::create_dir(&sub).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&project, dir.path().join("lien.ron")).unwrap();
    std::fs::hard_link(&project, dir.path().join("dur.ron")).unwrap();
    let spellings = [
        s(&project).to_string(),
        format!("{}/./proj.ron", s(dir.path())),
        format!("{}/../proj.ron", s(&sub)),
        #[cfg(unix)]
        format!("{}/lien.ron", s(dir.path())),
        format!("{}/dur.ron", s(dir.path())),
    ];
    for output in &spellings {
        for args in [
            vec!["generate", s(&project), "-o", output, "--format", "docx"],
            vec!["generate", s(&project), "-o", output, "--format", "md"],
            vec!["brief", s(&project), "-o", output, "--format", "docx"],
            vec!["export", "--format", "eforms", s(&project), "-o", output],
        ] {
            let o = clausier(&args);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert!(
                stderr(&o).contains("il ne sera pas remplacé"),
                "{args:?}: {}",
                stderr(&o)
            );
            assert_eq!(std::fs::read(&project).unwrap(), original, "{args:?}");
        }
    }
    // Without --format, a project name is not a document name either.
    let o = clausier(&["generate", s(&project), "-o", s(&project)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&project).unwrap(), original);
}

#[test]
fn an_output_extension_we_do_not_write_is_refused_with_the_formats() {
    let dir = temp();
    let project = common::scenario_path("renovation-ecole");
    for name in ["x.pdf", "x.odt", "sans-extension"] {
        let out = dir.path().join(name);
        let o = clausier(&["generate", s(&project), "-o", s(&out)]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(
            stderr(&o).contains(".docx (Word, LibreOffice) ou .md (Markdown)"),
            "{}",
            stderr(&o)
        );
        assert!(!out.exists());
    }
    let upper = dir.path().join("X.DOCX");
    let o = clausier(&["generate", s(&project), "-o", s(&upper)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    check_docx_file(&upper);
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Runs the CLI under a umask, as a desktop session would.
#[cfg(unix)]
fn clausier_umask(umask: &str, args: &[&str]) -> Output {
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask {umask} && exec '{}' {}",
            common::clausier_bin().display(),
            quoted.join(" ")
        ))
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn outputs_get_the_usual_permissions_and_links_are_followed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp();
    let project = common::scenario_path("renovation-ecole");
    let docx = dir.path().join("section.docx");
    let o = clausier_umask("022", &["generate", s(&project), "-o", s(&docx)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(mode(&docx), 0o644, "new file under umask 022");
    let created = dir.path().join("nouveau.ron");
    clausier_umask("002", &["new", "-o", s(&created)]);
    assert_eq!(mode(&created), 0o664, "new project under umask 002");

    // Replacing a file keeps its mode.
    std::fs::set_permissions(&docx, std::fs::Permissions::from_mode(0o640)).unwrap();
    clausier_umask("022", &["generate", s(&project), "-o", s(&docx)]);
    assert_eq!(mode(&docx), 0o640, "existing mode kept");

    // Through a symbolic link: the target is updated, the link stays.
    let target = dir.path().join("cible.docx");
    std::fs::write(&target, b"ancien").unwrap();
    let link = dir.path().join("lien.docx");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = clausier(&["generate", s(&project), "-o", s(&link)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    check_docx_file(&target);

    // A folder, or a name ending with a separator, is not a file to replace.
    let folder = dir.path().join("dossier.docx");
    std::fs::create_dir(&folder).unwrap();
    let o = clausier(&["generate", s(&project), "-o", s(&folder)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("dossier"), "{}", stderr(&o));
    let o = clausier(&[
        "generate",
        s(&project),
        "-o",
        &format!("{}/absent/", s(dir.path())),
        "--format",
        "docx",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("os error"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn temporary_files_left_by_a_killed_write_are_cleaned_at_the_next_one() {
    let dir = temp();
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    let litter = [
        dir.path().join(".section.docx.clausier-tmp-AbC123"),
        dir.path().join(".clausier-3shKBO"),
    ];
    for path in &litter {
        std::fs::write(path, vec![0u8; 2048]).unwrap();
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let out = dir.path().join("section.docx");
    let o = clausier(&[
        "generate",
        s(&common::scenario_path("renovation-ecole")),
        "-o",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for path in &litter {
        assert!(!path.exists(), "{} left", path.display());
    }
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["section.docx"], "nothing else in the folder");
}

// ---------------------------------------------------------------------------------------------
// Inputs

#[cfg(unix)]
fn fifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_as_project_or_clause_file_is_refused_without_waiting() {
    let dir = temp();
    let pipe = dir.path().join("projet.ron");
    fifo(&pipe);
    let limit = Duration::from_secs(30);
    let o = clausier_within(&["check", s(&pipe)], limit);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("tube nommé"), "{}", stderr(&o));

    let folder = dir.path().join("clauses");
    std::fs::create_dir(&folder).unwrap();
    fifo(&folder.join("a.ron"));
    let o = clausier_within(&["templates", "check", s(&folder)], limit);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("tube nommé"), "{}", stderr(&o));
    let out = dir.path().join("x.docx");
    let project = common::scenario_path("renovation-ecole");
    let o = clausier_within(
        &[
            "generate",
            s(&project),
            "-o",
            s(&out),
            "--templates",
            s(&folder),
        ],
        limit,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    check_docx_file(&out);
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = temp();
    let path = dir.path().join("bom.ron");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(
        scenario_text("renovation-ecole")
            .replace('\n', "\r\n")
            .into_bytes(),
    );
    std::fs::write(&path, bytes).unwrap();
    let o = clausier(&["check", s(&path)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_file_over_the_size_limit_is_refused_with_a_clear_message() {
    let dir = temp();
    let path = dir.path().join("enorme.ron");
    let mut text = "// ".to_string() + &"x".repeat(21_000_000) + "\n";
    text.push_str(&scenario_text("renovation-ecole"));
    std::fs::write(&path, text).unwrap();
    let o = clausier(&["check", s(&path)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "fichier trop volumineux (21,0 Mo) : Clausier lit des fichiers de 20 Mo au plus"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn control_characters_anywhere_never_make_an_invalid_docx() {
    let dir = temp();
    let payload = "A\\u{b}B\\u{c}C\\u{1}D\\u{0}E\\u{1f}F\\u{fffe}G\\u{ffff}H &#x1; I";
    let path = variant(
        dir.path(),
        "ctl.ron",
        "renovation-ecole",
        &[
            ("Curage, démolitions intérieures", payload),
            ("reference: \"2027-TRX-004\"", &format!("reference: \"{payload}\"")),
            (
                "author: \"Direction des services techniques – pôle bâtiments\"",
                &format!("author: \"{payload}\""),
            ),
            (
                "title: \"Rénovation énergétique et restructuration de l'école élémentaire Jules-Ferry\"",
                &format!("title: \"{payload}\""),
            ),
        ],
    );
    for (command, name) in [("generate", "section.docx"), ("brief", "fiche.docx")] {
        let out = dir.path().join(name);
        let o = clausier(&[command, s(&path), "-o", s(&out)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let text = check_docx_file(&out);
        if command == "generate" {
            assert!(
                text.contains("A B CDEFGH &#x1; I"),
                "cleaned, entity kept as typed"
            );
        }
    }
    // An organisation template that prints control characters itself.
    let folder = dir.path().join("clauses");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("a.ron"),
        r#"[(id: "rc.groupements", title: "Groupements", piece: Rc, order: 500, scope: Once, trigger: "Toujours.", explanation: "x", variables: [], body: "Texte \u{1}\u{8}\u{b}\u{c}\u{1f}\u{fffe} et &#x1; fin.")]"#,
    )
    .unwrap();
    let out = dir.path().join("orga.docx");
    let o = clausier(&[
        "generate",
        s(&path),
        "-o",
        s(&out),
        "--templates",
        s(&folder),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    check_docx_file(&out);
}

#[test]
fn user_text_is_data_not_markdown() {
    let dir = temp();
    let typed = "Lot *étoile* _souligné_ [lien](javascript:alert(1)) `code` &lt; &eacute; &#128512; # 1. <b>gras</b>";
    let path = variant(
        dir.path(),
        "md.ron",
        "renovation-ecole",
        &[("Curage, démolitions intérieures", typed)],
    );
    let out = dir.path().join("md.docx");
    let o = clausier(&["generate", s(&path), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = check_docx_file(&out);
    assert!(text.contains(typed), "printed as typed");
}

#[test]
fn a_line_break_in_a_title_keeps_the_lots_table_whole() {
    let project = {
        let mut p = common::scenarios()
            .into_iter()
            .find(|s| s.id == "renovation-ecole")
            .unwrap()
            .project;
        p.allotment.lots[0].title = "Lot A\nB\r\nC".into();
        p
    };
    let (_, document) = common::pipeline(&project);
    let table = document
        .blocks
        .iter()
        .find_map(|b| match &b.kind {
            BlockKind::Table { header, rows }
                if inline_text(&header[1]) == "Intitulé"
                    && rows.len() == project.allotment.lots.len() =>
            {
                Some(rows)
            }
            _ => None,
        })
        .expect("the lots table");
    assert_eq!(table.len(), project.allotment.lots.len(), "one row a lot");
    assert_eq!(inline_text(&table[0][1]), "Lot A B C");
    assert_eq!(inline_text(&table[0][0]), "1");
}

#[test]
fn numbers_that_make_no_sense_are_refused_at_their_line() {
    let dir = temp();
    // Scenario, edit of its text, what the message says.
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case; 8] = [
        (
            "espaces-verts",
            &[("advance_percent: 10.0", "advance_percent: NaN")],
            "pourcentage invalide : NaN",
        ),
        (
            "renouvellement-urbain",
            &[("retention_percent: 3.0", "retention_percent: 1e308")],
            "pourcentage invalide",
        ),
        (
            "renovation-ecole",
            &[(
                "penalty_per_hour_cents: 4000",
                "penalty_per_hour_cents: -4000",
            )],
            "pénalité négative : -40\u{a0}€",
        ),
        (
            "renovation-ecole",
            &[("duration_months: 14", "duration_months: 4294967295")],
            "durée invalide : 4294967295 mois",
        ),
        (
            "renovation-ecole",
            &[("launch_date: \"2027-01-18\"", "launch_date: \"2026-13-01\"")],
            "date invalide : 2026-13-01",
        ),
        (
            "renovation-ecole",
            &[("launch_date: \"2027-01-18\"", "launch_date: \"2027-02-30\"")],
            "date invalide : 2027-02-30",
        ),
        (
            "renouvellement-urbain",
            &[("weight_percent: 10", "weight_percent: 150")],
            "pondération invalide : 150",
        ),
        (
            "renouvellement-urbain",
            // An exception inserted on the line where `facilitator` was: the error is there.
            &[(
                "    facilitator: (",
                "    social_exceptions: [(lot: 99, ground: PerformanceDifficulty, reasons: \"Motif.\")],\n    facilitator: (",
            )],
            "lot 99, qui n'existe pas",
        ),
    ];
    for (i, (id, edits, message)) in cases.iter().enumerate() {
        let path = variant(dir.path(), &format!("n{i}.ron"), id, edits);
        let out = dir.path().join(format!("n{i}.docx"));
        let o = clausier(&["generate", s(&path), "-o", s(&out)]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{id} {edits:?}: {err}");
        assert!(err.contains(message), "{err}");
        let line = scenario_text(id)
            .lines()
            .position(|l| l.contains(edits[0].0))
            .unwrap()
            + 1;
        assert!(
            err.contains(&format!("n{i}.ron:{line}:")),
            "positioned at line {line}: {err}"
        );
        assert!(!out.exists());
    }
}

#[test]
fn a_truncated_file_says_so_with_its_line() {
    let text = scenario_text("renovation-ecole");
    let end = text.rfind(')').unwrap();
    let cuts: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .filter(|i| *i < end)
        .step_by(37)
        .collect();
    for cut in cuts {
        let error = clausier::model::parse_project(&text.as_bytes()[..cut], Path::new("p.ron"))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("fin de fichier inattendue"),
            "cut at {cut} (…{:?}): {error}",
            &text[cut.saturating_sub(20)..cut]
        );
        assert!(error.starts_with("p.ron:"), "{error}");
    }
}

// ---------------------------------------------------------------------------------------------
// Messages

#[test]
fn messages_are_french_and_say_what_is_wrong() {
    let project = common::scenario_path("renovation-ecole");
    let o = clausier(&["generate", s(&project), "-o", ""]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("valeur vide"), "{}", stderr(&o));
    let o = clausier(&[
        "procedure",
        "--nature",
        "travaux",
        "--buyer",
        "collectivite",
        "--amount",
        "-5",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("le montant ne peut pas être négatif"),
        "{}",
        stderr(&o)
    );
    for args in [
        vec!["--help"],
        vec!["generate", "--help"],
        vec!["templates", "check", "--help"],
    ] {
        let o = clausier(&args);
        let help = String::from_utf8_lossy(&o.stdout);
        assert!(help.contains("Affiche l'aide"), "{args:?}: {help}");
        assert_eq!(
            help.matches("Options").count(),
            1,
            "{args:?}: one Options section: {help}"
        );
        for english in [
            "Print help",
            "Print version",
            "possible values",
            "Arguments:",
        ] {
            assert!(!help.contains(english), "{args:?}: {english} in {help}");
        }
    }
    let dir = temp();
    let o = clausier(&["check", s(&dir.path().join("absent").join("p.ron"))]);
    assert!(!stderr(&o).contains("os error"), "{}", stderr(&o));
    let file = dir.path().join("fichier");
    std::fs::write(&file, "x").unwrap();
    let o = clausier(&["check", &format!("{}/p.ron", s(&file))]);
    assert!(
        stderr(&o).contains("n'est pas un dossier"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("os error"), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------------------------
// Organisation clauses

fn clause_file(folder: &Path, name: &str, id: &str, body: &str) {
    let (piece, scope, variables) = if id == "rc.allotissement" {
        ("Rc", "Once", r#"["allotment", "lots"]"#)
    } else {
        ("Rc", "Once", r#"["buyer"]"#)
    };
    std::fs::write(
        folder.join(name),
        format!(
            r##"[(id: "{id}", title: "Maison", piece: {piece}, order: 100, scope: {scope}, trigger: "Toujours.", explanation: "Rédaction maison.", variables: {variables}, body: r#"{body}"#)]"##
        ),
    )
    .unwrap();
}

#[test]
fn an_organisation_clause_that_fails_at_render_time_gives_way_to_the_bundled_one() {
    let project = common::scenario_path("renovation-ecole");
    for (body, why) in [
        ("{{ lots[999].title }}", "valeur non définie"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
            "travail maximal dépassé",
        ),
        ("{% include \"../../etc/passwd\" %}", "modèle introuvable"),
        ("{{ \"abc\"|euros }}", "le filtre euros attend un nombre"),
        ("{{ debug() }}", "fonction inconnue"),
    ] {
        let dir = temp();
        let folder = dir.path().join("clauses");
        std::fs::create_dir(&folder).unwrap();
        clause_file(&folder, "a.ron", "rc.allotissement", body);
        let out = dir.path().join("x.docx");
        let o = clausier(&[
            "generate",
            s(&project),
            "-o",
            s(&out),
            "--templates",
            s(&folder),
        ]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{body}: {err}");
        assert!(err.contains("a.ron") && err.contains(why), "{body}: {err}");
        assert!(
            err.contains("la clause fournie « rc.allotissement » est utilisée à sa place"),
            "{err}"
        );
        for english in [
            "undefined value",
            "ran out of fuel",
            "template not found",
            "unknown function",
        ] {
            assert!(!err.contains(english), "{english} in {err}");
        }
        let text = check_docx_file(&out);
        assert!(text.contains("Allotissement"), "bundled clause present");
        assert!(!text.contains("State {"), "no engine dump");
        // The check says the same thing generate does.
        let o = clausier(&["templates", "check", s(&folder)]);
        assert_eq!(o.status.code(), Some(1), "{body}");
        assert!(
            stderr(&o).contains("la clause fournie « rc.allotissement » est utilisée à sa place"),
            "{}",
            stderr(&o)
        );
    }
}

#[test]
fn templates_check_accepts_what_the_engine_accepts_and_reports_what_it_drops() {
    let dir = temp();
    let folder = dir.path().join("clauses");
    std::fs::create_dir(&folder).unwrap();
    clause_file(
        &folder,
        "a.ron",
        "rc.groupements",
        "{% set ns = namespace(n=0) %}{% for i in range(3) %}{% set ns.n = ns.n + i %}{% endfor %}Groupements de {{ buyer.name }} : {{ ns.n }}.",
    );
    let o = clausier(&["templates", "check", s(&folder)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 clause "));

    // Upper-case extension: read, not ignored. Duplicate ids: reported.
    clause_file(
        &folder,
        "b.RON",
        "rc.groupements",
        "Version B de {{ buyer.name }}.",
    );
    let o = clausier(&["templates", "check", s(&folder)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("clause « rc.groupements » ignorée")
            && err.contains("b.RON définit le même identifiant"),
        "{err}"
    );
    let out = dir.path().join("x.md");
    let project = common::scenario_path("renovation-ecole");
    let o = clausier(&[
        "generate",
        s(&project),
        "-o",
        s(&out),
        "--templates",
        s(&folder),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("Version B de"));
}

// ---------------------------------------------------------------------------------------------
// Bounds

#[test]
fn ten_thousand_lots_with_their_clauses_generate() {
    let dir = temp();
    let mut project = common::scenarios()
        .into_iter()
        .find(|s| s.id == "renovation-ecole")
        .unwrap()
        .project;
    let models = project.allotment.lots.clone();
    project.allotment.lots = (0..10_000)
        .map(|i| {
            let mut lot = models[i % 6].clone();
            lot.number = i as u32 + 1;
            lot
        })
        .collect();
    project.purchase.amount_cents = project.lots_total_cents();
    project.social_exceptions.clear();
    let path = dir.path().join("dix-mille.ron");
    clausier::model::save_project(&project, &path).unwrap();
    let out = dir.path().join("dix-mille.md");
    let o = clausier_within(
        &["generate", "--force", s(&path), "-o", s(&out)],
        Duration::from_secs(600),
    );
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("| 10000 |"), "the last lot in the annex");
}
