//! The command line as scripts and buyers use it: outputs, JSON keys, exit codes, and
//! French messages that say what is wrong and where.

use crate::common;

use std::process::{Command, Output};

fn clausier(args: &[&str]) -> Output {
    Command::new(common::clausier_bin())
        .args(args)
        .output()
        .expect("clausier runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

#[test]
fn hours_general_formula_in_json() {
    let o = clausier(&[
        "hours",
        "--amount",
        "200 000,00",
        "--labour-share",
        "70",
        "--rate",
        "7",
        "--hourly-cost",
        "32",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["hours"], 306);
    assert_eq!(v["exact"], 306.25);
    assert_eq!(v["fte"], 0.19);
    assert_eq!(v["advice"], "ok");
}

#[test]
fn hours_cleaning_method_and_its_advice() {
    let o = clausier(&[
        "hours",
        "--cleaning",
        "--amount",
        "1200000",
        "--months",
        "48",
        "--transferred-hours",
        "600",
        "--rate",
        "10",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["hours"], 1920);
    assert_eq!(v["advice"], "ok");
    let none = json(&clausier(&[
        "hours",
        "--cleaning",
        "--amount",
        "1200000",
        "--months",
        "48",
        "--transferred-hours",
        "1200",
        "--rate",
        "10",
        "--json",
    ]));
    assert_eq!(none["advice"], "no_potential");
    assert_eq!(none["hours"], 0);
    let small = json(&clausier(&[
        "hours",
        "--amount",
        "10000",
        "--labour-share",
        "50",
        "--rate",
        "5",
        "--hourly-cost",
        "30",
        "--json",
    ]));
    assert_eq!(small["advice"], "too_small");
}

#[test]
fn hours_text_output_is_french() {
    let o = clausier(&[
        "hours",
        "--amount",
        "1234567.89",
        "--labour-share",
        "50",
        "--rate",
        "5",
        "--hourly-cost",
        "30",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("heures d'insertion"), "{out}");
    assert!(out.contains("équivalent temps plein"), "{out}");
}

#[test]
fn procedure_answers_at_the_boundaries() {
    let ask = |nature: &str, buyer: &str, amount: &str, date: &str| {
        let o = clausier(&[
            "procedure",
            "--nature",
            nature,
            "--buyer",
            buyer,
            "--amount",
            amount,
            "--date",
            date,
            "--json",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        json(&o)
    };
    let v = ask("fournitures", "collectivite", "59 999,99", "2026-04-01");
    assert_eq!(v["regime"], "no_publicity");
    assert_eq!(v["publicity"], "none");
    assert_eq!(v["eu_threshold"], 216000);
    let v = ask("fournitures", "collectivite", "59 999,99", "2026-03-31");
    assert_eq!(v["regime"], "adapted");
    assert_eq!(v["publicity"], "free");
    let v = ask("services", "collectivite", "90000", "2026-12-01");
    assert_eq!(v["publicity"], "boamp_or_jal");
    let v = ask("services", "etat", "140000", "2026-12-01");
    assert_eq!(v["regime"], "formalised");
    assert_eq!(v["publicity"], "joue_and_boamp");
    assert_eq!(v["social_condition_mandatory"], true);
    assert_eq!(v["environmental_criterion_mandatory"], true);
    let v = ask(
        "travaux",
        "entite-adjudicatrice",
        "5403999.99",
        "2026-12-01",
    );
    assert_eq!(v["regime"], "adapted");
    assert_eq!(v["eu_threshold"], 5404000);
    let v = ask("services", "etablissement", "300000", "2026-08-20");
    assert_eq!(v["social_condition_mandatory"], false);
}

#[test]
fn bad_arguments_get_a_french_message_and_exit_2() {
    let o = clausier(&[
        "procedure",
        "--nature",
        "travaux",
        "--buyer",
        "collectivite",
        "--amount",
        "12a",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("--amount") && err.contains("« a »"), "{err}");
    let o = clausier(&[
        "procedure",
        "--nature",
        "batiment",
        "--buyer",
        "collectivite",
        "--amount",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("valeurs admises"), "{}", stderr(&o));
    let o = clausier(&["check", "x.ron", "--date", "01/12/2026"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("AAAA-MM-JJ"), "{}", stderr(&o));
    let o = clausier(&[
        "hours",
        "--amount",
        "100",
        "--labour-share",
        "150",
        "--rate",
        "5",
        "--hourly-cost",
        "30",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("part de main-d'œuvre"),
        "{}",
        stderr(&o)
    );
    let o = clausier(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("ni une commande connue"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_json_lists_findings_with_codes_and_severities() {
    for scenario in common::scenarios() {
        let path = common::scenario_path(&scenario.id);
        let o = clausier(&["check", path.to_str().unwrap(), "--json"]);
        assert_eq!(o.status.code(), Some(0), "{}: {}", scenario.id, stdout(&o));
        let v = json(&o);
        assert_eq!(v["errors"], 0, "{}", scenario.id);
        for f in v["findings"].as_array().unwrap() {
            assert!(["erreur", "avertissement", "information"]
                .contains(&f["severity"].as_str().unwrap()));
            assert!(!f["code"].as_str().unwrap().is_empty());
            assert!(!f["message"].as_str().unwrap().is_empty());
        }
    }
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn check_exits_1_on_error_findings_and_generate_writes_nothing() {
    let dir = temp();
    let project = dir.path().join("p.ron");
    let text = std::fs::read_to_string(common::scenario_path("renovation-ecole")).unwrap();
    // Break the lots total: one lot a little more expensive.
    let broken = text.replacen("amount_cents: ", "amount_cents: 1", 2);
    std::fs::write(&project, broken).unwrap();
    let o = clausier(&["check", project.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "LOTS_SUM_MISMATCH"));
    let out = dir.path().join("out.docx");
    let o = clausier(&[
        "generate",
        project.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists(), "no document when there are errors");
    assert!(stderr(&o).contains("LOTS_SUM_MISMATCH"), "{}", stderr(&o));
}

#[test]
fn malformed_project_names_file_line_and_column() {
    let dir = temp();
    let project = dir.path().join("faute.ron");
    let text = std::fs::read_to_string(common::scenario_path("fournitures-bureau")).unwrap();
    std::fs::write(&project, text.replacen("object:", "objet:", 1)).unwrap();
    let out = dir.path().join("out.docx");
    let o = clausier(&[
        "generate",
        project.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let line = text.lines().position(|l| l.contains("object:")).unwrap() + 1;
    assert!(err.contains(&format!("faute.ron:{line}:")), "{err}");
    assert!(err.contains("champ « objet » inconnu"), "{err}");
    assert!(!out.exists());
    let o = clausier(&["check", dir.path().join("absent.ron").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("introuvable"), "{}", stderr(&o));
    std::fs::write(&project, b"(version: 1, meta: \xff)").unwrap();
    let o = clausier(&["check", project.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("faute.ron:1:20") && stderr(&o).contains("UTF-8"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn generate_writes_docx_and_markdown_and_refuses_unwritable_paths() {
    let dir = temp();
    let project = common::scenario_path("espaces-verts");
    let docx = dir.path().join("section.docx");
    let o = clausier(&[
        "generate",
        project.to_str().unwrap(),
        "-o",
        docx.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(&docx).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    let md = dir.path().join("section.md");
    let o = clausier(&[
        "generate",
        project.to_str().unwrap(),
        "-o",
        md.to_str().unwrap(),
        "--format",
        "md",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(
        text.contains("## Cahier des clauses administratives particulières (CCAP)"),
        "{text}"
    );
    let nowhere = dir.path().join("absent/section.docx");
    let o = clausier(&[
        "generate",
        project.to_str().unwrap(),
        "-o",
        nowhere.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("écriture impossible"), "{}", stderr(&o));
    assert!(!nowhere.exists());
    // No temporary file left behind in the target folder.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".clausier"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn brief_writes_the_facilitator_sheet_in_the_format_its_extension_names() {
    let dir = temp();
    let project = common::scenario_path("renovation-ecole");
    let md = dir.path().join("fiche.md");
    let o = clausier(&[
        "brief",
        project.to_str().unwrap(),
        "-o",
        md.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.starts_with("# Fiche de liaison"), "{text}");
    let docx = dir.path().join("fiche.docx");
    let o = clausier(&[
        "brief",
        project.to_str().unwrap(),
        "-o",
        docx.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(&std::fs::read(&docx).unwrap()[..2], b"PK");
    // No insertion clause, no brief: said plainly, nothing written.
    let none = dir.path().join("vide.docx");
    let project = common::scenario_path("mediation-culturelle");
    let o = clausier(&[
        "brief",
        project.to_str().unwrap(),
        "-o",
        none.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("aucun lot ne comporte de clause d'insertion"),
        "{}",
        stderr(&o)
    );
    assert!(!none.exists());
}

#[test]
fn handout_writes_a_scenario_support_and_names_an_unknown_id() {
    let dir = temp();
    let out = dir.path().join("support.md");
    let o = clausier(&["handout", "nettoyage-locaux", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("# Support de formation"), "{text}");
    assert!(text.contains("## Questions pour la discussion"));
    let o = clausier(&["handout", "inconnu", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("scénario « inconnu » inconnu"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn new_creates_a_blank_or_scenario_project_that_loads() {
    let dir = temp();
    let blank = dir.path().join("vide.ron");
    let o = clausier(&["new", "-o", blank.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    clausier::model::load_project(&blank).unwrap();
    let from = dir.path().join("ecole.ron");
    let o = clausier(&[
        "new",
        "--scenario",
        "renovation-ecole",
        "-o",
        from.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let project = clausier::model::load_project(&from).unwrap();
    assert!(project.allotment.lots.len() >= 7);
    let o = clausier(&["new", "-o", from.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "does not overwrite");
    let o = clausier(&[
        "new",
        "--scenario",
        "inconnu",
        "-o",
        dir.path().join("x.ron").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("renovation-ecole"),
        "lists the known scenarios"
    );
}

#[test]
fn scenarios_are_listed_as_json() {
    let o = clausier(&["scenarios", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    let list = v.as_array().unwrap();
    assert!(list.len() >= 4);
    assert!(list
        .iter()
        .all(|s| s["id"].is_string() && s["title"].is_string()));
}

#[test]
fn organisation_templates_override_bundled_clauses_and_broken_ones_fall_back() {
    let dir = temp();
    let templates = dir.path().join("clauses");
    std::fs::create_dir(&templates).unwrap();
    let library = clausier::clauses::ClauseLibrary::bundled().unwrap();
    let id = "rc.groupements";
    assert!(library.get(id).is_some());
    std::fs::write(
        templates.join("maison.ron"),
        format!(r#"[(id: "{id}", title: "Groupements", piece: Rc, order: 500, scope: Once, trigger: "Toujours.", explanation: "Rédaction maison.", variables: ["buyer"], body: "Rédaction propre à {{{{ buyer.name }}}}.")]"#),
    )
    .unwrap();
    std::fs::write(
        templates.join("casse.ron"),
        "[(id: \"x\", title: \"{{ oups\"",
    )
    .unwrap();
    let out = dir.path().join("s.md");
    let project = common::scenario_path("espaces-verts");
    let o = clausier(&[
        "generate",
        project.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "md",
        "--templates",
        templates.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out)
        .unwrap()
        .replace('\u{2019}', "'");
    assert!(text.contains("Rédaction propre à"), "override used");
    assert!(
        text.contains("rédaction de l'organisation"),
        "decision record says so"
    );
    let err = stderr(&o);
    assert!(
        err.contains("casse.ron:1"),
        "broken file reported with its line: {err}"
    );
}

#[test]
fn templates_check_validates_an_organisation_folder() {
    let dir = temp();
    let good = r#"[(id: "rc.groupements", title: "Groupements", piece: Rc, order: 500, scope: Once, trigger: "Toujours.", explanation: "Rédaction maison.", variables: ["buyer"], body: "Rédaction propre à {{ buyer.name }}.")]"#;
    std::fs::write(dir.path().join("maison.ron"), good).unwrap();
    let o = clausier(&["templates", "check", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("1 clause "), "{}", stdout(&o));

    let undeclared = good.replace(r#"variables: ["buyer"]"#, "variables: []");
    std::fs::write(dir.path().join("maison.ron"), undeclared).unwrap();
    let o = clausier(&["templates", "check", dir.path().to_str().unwrap()]);
    // The clause renders, so generate uses it: a remark, not a failure.
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("« buyer » est utilisée sans être déclarée"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("1 remarque "), "{}", stdout(&o));

    // Lines for each lot (`rows`) only serve a clause written once.
    let per_lot_rows = r#"[(id: "ccap.lot_reserve", title: "Lot réservé", piece: Ccap, order: 320, scope: PerLot, when: "lot.reserved", trigger: "Lot réservé.", explanation: "Maison.", variables: ["lot"], rows: [("ligne", "{{ lot.number }}")], body: "Le lot {{ lot.number }} est réservé.")]"#;
    std::fs::write(dir.path().join("maison.ron"), per_lot_rows).unwrap();
    let o = clausier(&["templates", "check", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("les lignes « rows » ne servent qu'à une clause rédigée une seule fois"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("1 remarque "), "{}", stdout(&o));

    let failing = r#"[(id: "ccap.lot_reserve", title: "Lot réservé", piece: Ccap, order: 320, scope: PerLot, when: "lot.reserved", trigger: "Lot réservé.", explanation: "Maison.", variables: ["lot"], body: "Texte {{ lot.inconnu.champ }}.")]"#;
    std::fs::write(dir.path().join("maison.ron"), failing).unwrap();
    std::fs::write(
        dir.path().join("casse.ron"),
        "[(id: \"x\",\n title: \"{{ oups\"",
    )
    .unwrap();
    let o = clausier(&["templates", "check", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("casse.ron:"), "broken file named: {err}");
    assert!(
        err.contains("maison.ron") && err.contains("scénario"),
        "render failure named with its scenario: {err}"
    );

    let o = clausier(&[
        "templates",
        "check",
        dir.path().join("absent").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn version_names_the_program_and_the_clause_library() {
    let library = clausier::clauses::ClauseLibrary::bundled().expect("bundled library loads");
    let info = library.info();
    let expected = format!(
        "clausier {}, bibliothèque de clauses {} ({})",
        clausier::APP_VERSION,
        info.version,
        info.date
    );
    for flag in ["--version", "-V"] {
        let o = clausier(&[flag]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(stdout(&o).trim_end(), expected, "{flag}");
    }
}

#[test]
fn a_mistyped_command_is_answered_with_every_command_of_the_help() {
    let help = stdout(&clausier(&["--help"]));
    for args in [&["generat"][..], &["generat", "projet.ron"][..]] {
        let o = clausier(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let message = stderr(&o);
        // Every command the help lists is offered, including the ones added last.
        for command in ["generate", "brief", "slides", "programme", "indicateurs"] {
            assert!(help.contains(command), "help lacks {command}");
            assert!(message.contains(command), "{args:?}: {message}");
        }
        assert!(!message.contains("avec [PROJET"), "{message}");
    }
}
