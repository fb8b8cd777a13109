//! `clausier indicateurs` on invented essential data: every value of
//! `considerationsSociales` in every published form, the EU threshold at each contract's
//! notification date, the three forms of file, hostile files, the DOCX report and its chart.

use crate::common;

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Output};

fn clausier(args: &[&str]) -> Output {
    let data = tempfile::tempdir().unwrap();
    Command::new(common::clausier_bin())
        .env(clausier::data_dir::ENV_VAR, data.path())
        .args(args)
        .output()
        .expect("clausier runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", String::from_utf8_lossy(&o.stdout), stderr(o)))
}

fn contract(id: &str, cpv: &str, date: &str, amount: f64, social: Value) -> Value {
    json!({
        "id": id,
        "acheteur": {"id": "21690123400011"},
        "nature": "Marché",
        "objet": format!("Marché inventé {id}"),
        "codeCPV": cpv,
        "procedure": "Procédure adaptée",
        "dureeMois": 12,
        "dateNotification": date,
        "montant": amount,
        "titulaires": [{"titulaire": {"typeIdentifiant": "SIRET", "id": "12345678900011"}}],
        "considerationsSociales": social,
        "considerationsEnvironnementales": {"considerationEnvironnementale": ["Pas de considération environnementale"]},
        "modifications": []
    })
}

/// Fourteen invented contracts: each value of `considerationsSociales` in each published
/// form, and the threshold cases around the date of the mandatory social condition.
fn contracts() -> Vec<Value> {
    let none = json!(["Pas de considération sociale"]);
    vec![
        // 1-6: the values, in the schema's object, a list, a string, NC and nothing.
        contract(
            "C1",
            "90911200-8",
            "2026-01-15",
            100_000.0,
            json!({"considerationSociale": ["Clause sociale"]}),
        ),
        contract(
            "C2",
            "30192000",
            "2026-02-15",
            50_000.0,
            json!(["Critère social"]),
        ),
        contract(
            "C3",
            "77310000",
            "2026-02-20",
            80_000.0,
            json!({"considerationSociale": "Marché réservé"}),
        ),
        contract(
            "C4",
            "45233140",
            "2026-03-10",
            200_000.0,
            json!("Clause sociale, Critère social"),
        ),
        contract(
            "C5",
            "71241000",
            "2026-03-11",
            60_000.0,
            json!({"considerationSociale": ["NC"]}),
        ),
        contract("C6", "71241000", "2026-03-12", 70_000.0, Value::Null),
        // 7: services at 215 999,99 € after the date: below the threshold, not listed.
        contract("C7", "90911200", "2026-09-01", 215_999.99, none.clone()),
        // 8: services at 216 000 € after the date, declared without: listed.
        contract("C8", "90911200", "2026-09-01", 216_000.0, none.clone()),
        // 9: the same the day before the date: not listed.
        contract("C9", "90911200", "2026-08-20", 300_000.0, none.clone()),
        // 10: the first day: listed, nothing declared.
        contract("C10", "55520000", "2026-08-21", 300_000.0, json!([])),
        // 11: works below their threshold: not listed; 12: at it: listed.
        contract("C11", "45210000-2", "2026-10-01", 5_403_999.0, none.clone()),
        contract("C12", "45210000-2", "2026-10-02", 5_404_000.0, none.clone()),
        // 13: at the threshold after the date, with a clause: not listed.
        contract(
            "C13",
            "45210000-2",
            "2026-11-02",
            6_000_000.0,
            json!(["Clause sociale"]),
        ),
        // 14: a defence contract: outside the climate law, not listed.
        json!({
            "id": "C14", "nature": "Marché de défense ou de sécurité", "codeCPV": "35000000",
            "dateNotification": "2026-12-01", "montant": 900000,
            "considerationsSociales": {"considerationSociale": ["Pas de considération sociale"]}
        }),
    ]
}

fn write_file(dir: &Path, name: &str, value: &Value) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
    path
}

fn run_json(file: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["indicateurs", file.to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    let o = clausier(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    json_of(&o)
}

#[test]
fn every_social_consideration_is_counted_in_number_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = contracts();
    all.push(json!({"id": "K1", "nature": "Concession de service"}));
    let file = write_file(
        dir.path(),
        "decp.json",
        &json!({"marches": {"marche": all, "contrat-concession": [{"id": "K2"}]}}),
    );
    let v = run_json(&file, &["--annee", "2026"]);
    let a = &v["all"];
    assert_eq!(a["contracts"]["count"], 14);
    assert_eq!(v["concessions_left_out"], 2);
    // Clause: C1, C4, C13; criterion: C2, C4; reserved: C3.
    assert_eq!(a["clause"]["count"], 3);
    assert_eq!(a["clause"]["amount"], 6_300_000);
    assert_eq!(a["criterion"]["count"], 2);
    assert_eq!(a["criterion"]["amount"], 250_000);
    assert_eq!(a["reserved"]["count"], 1);
    assert_eq!(a["any"]["count"], 5);
    // Declared « Pas de considération sociale »: C7, C8, C9, C11, C12, C14.
    assert_eq!(a["none"]["count"], 6);
    // Nothing usable: C5 (NC), C6 (null), C10 (empty list).
    assert_eq!(a["unknown"]["count"], 3);
    assert_eq!(a["share_count_percent"], 35.7);
    assert_eq!(v["target_percent"], 30.0);
    assert_eq!(v["target_met"], true);
    // By nature, from the CPV division.
    assert_eq!(v["by_nature"]["travaux"]["contracts"]["count"], 4);
    assert_eq!(v["by_nature"]["fournitures"]["contracts"]["count"], 2);
    assert_eq!(v["by_nature"]["services"]["contracts"]["count"], 8);
    // By month.
    assert_eq!(v["by_month"]["2026-03"]["contracts"]["count"], 3);
    assert_eq!(v["by_month"]["2026-03"]["any"]["count"], 1);
    // A target the buyer sets.
    let v = run_json(&file, &["--annee", "2026", "--cible", "40"]);
    assert_eq!(v["target_met"], false);
}

#[test]
fn contracts_at_the_eu_threshold_since_the_climate_law_without_a_social_consideration_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(dir.path(), "decp.json", &json!({"marches": contracts()}));
    let v = run_json(&file, &[]);
    let ids: Vec<&str> = v["without_social_consideration"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["C10", "C8", "C12"]);
    let c8 = &v["without_social_consideration"][1];
    assert_eq!(c8["eu_threshold"], 216_000);
    assert_eq!(c8["declared"], "none");
    assert_eq!(v["without_social_consideration"][0]["declared"], "unknown");
    assert_eq!(
        v["without_social_consideration"][2]["eu_threshold"],
        5_404_000
    );
    assert_eq!(v["mandatory_social_condition_from"], "2026-08-21");
    // A State buyer: 140 000 € for supplies and services, so C7 is listed too.
    let v = run_json(&file, &["--buyer", "etat"]);
    let ids: Vec<&str> = v["without_social_consideration"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["C10", "C7", "C8", "C12"]);
}

#[test]
fn the_three_published_forms_give_the_same_indicators() {
    let dir = tempfile::tempdir().unwrap();
    let wrapped = write_file(
        dir.path(),
        "a.json",
        &json!({"marches": {"marche": contracts()}}),
    );
    let flat = write_file(dir.path(), "b.json", &json!({"marches": contracts()}));
    let list = write_file(dir.path(), "c.json", &Value::Array(contracts()));
    let (a, b, c) = (
        run_json(&wrapped, &[]),
        run_json(&flat, &[]),
        run_json(&list, &[]),
    );
    assert_eq!(a["form"], "wrapped");
    assert_eq!(b["form"], "flat");
    assert_eq!(c["form"], "list");
    for key in [
        "all",
        "by_nature",
        "by_month",
        "without_social_consideration",
    ] {
        assert_eq!(a[key], b[key], "{key}");
        assert_eq!(a[key], c[key], "{key}");
    }
}

#[test]
fn hostile_files_are_refused_with_the_line_and_column_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "tronque.json",
            br#"{"marches": {"marche": [{"id": "1""#.to_vec(),
            "tronqué",
        ),
        (
            "virgule.json",
            b"{\"marches\": [\n  {\"id\": 1,,}\n]}".to_vec(),
            "ligne 2, colonne",
        ),
        ("vide.json", Vec::new(), "tronqué"),
        (
            "autre.json",
            br#"{"releases": []}"#.to_vec(),
            "aucune liste de marchés",
        ),
        ("nombre.json", b"42".to_vec(), "structure inattendue"),
        ("profond.json", "[".repeat(100_000).into_bytes(), "ligne 1"),
        (
            "latin1.json",
            b"{\"marches\": [{\"objet\": \"\xe9t\xe9\"}]}".to_vec(),
            "ligne 1",
        ),
        ("csv.json", b"id;montant\n1;2\n".to_vec(), "JSON illisible"),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let o = clausier(&["indicateurs", path.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(name) && err.contains(expected),
            "{name}: {err}"
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
    // Odd values inside a well-formed file are set aside or counted, never fatal.
    let odd = json!({"marches": [
        {"id": "A", "montant": "n'importe quoi", "dateNotification": "hier", "considerationsSociales": ["Clause verte"]},
        {"id": "B", "montant": 1e300, "dateNotification": 20260901},
        {"id": "C", "montant": -5, "considerationsSociales": {"considerationSociale": [{"deep": ["Clause sociale"]}]}},
        "pas un marché",
        [1, 2],
        {"id": "D", "codeCPV": "pas un code", "montant": 90000, "dateNotification": "2026-09-01+02:00"}
    ]});
    let path = write_file(dir.path(), "bizarre.json", &odd);
    let v = run_json(&path, &[]);
    assert_eq!(v["contracts_read"], 4);
    assert_eq!(v["without_amount"], 3);
    assert!(v["issues"].as_u64().unwrap() >= 6);
    assert_eq!(v["by_month"]["2026-09"]["contracts"]["count"], 1);
    assert_eq!(v["by_nature"]["indeterminee"]["contracts"]["count"], 4);
}

#[test]
fn the_docx_report_has_the_chart_with_its_alternative_text_and_the_tables() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(
        dir.path(),
        "decp.json",
        &json!({"marches": {"marche": contracts()}}),
    );
    let out = dir.path().join("indicateurs.docx");
    let o = clausier(&[
        "indicateurs",
        file.to_str().unwrap(),
        "--annee",
        "2026",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let png = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().to_string())
        .find(|n| n.starts_with("word/media/") && n.ends_with(".png"))
        .expect("the chart is in the package");
    let mut bytes = Vec::new();
    archive
        .by_name(&png)
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    assert!(bytes.starts_with(b"\x89PNG"));
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let descr = xml
        .split("descr=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the picture has an alternative text");
    assert!(descr.starts_with("Diagramme en barres"), "{descr}");
    assert!(
        descr
            .replace(['\u{a0}', '\u{202f}'], " ")
            .contains("Mars 2026 : 33,3"),
        "{descr}"
    );
    let text = common::docx::docx_text(&out);
    for needle in [
        "Indicateurs des achats socialement responsables — 2026",
        "Synthèse",
        "Par nature",
        "Par mois de notification",
        "Contrats au seuil européen sans considération sociale depuis le 21 août 2026",
        "Marché inventé C12",
        "Plan national pour des achats durables 2022-2025",
    ] {
        assert!(text.contains(needle), "« {needle} » missing");
    }
    // A report is written only as DOCX, and never over the data it reads.
    let o = clausier(&[
        "indicateurs",
        file.to_str().unwrap(),
        "-o",
        dir.path().join("x.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = clausier(&[
        "indicateurs",
        file.to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_large_synthetic_file_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("decp.json");
    std::fs::write(&path, common::planning::decp_json(2_000, 7)).unwrap();
    let v = run_json(&path, &[]);
    assert_eq!(v["contracts_read"], 2_000);
    let a = &v["all"];
    let parts = ["any", "none", "unknown"]
        .iter()
        .map(|k| a[k]["count"].as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(parts, 2_000, "every contract in exactly one of the three");
}
