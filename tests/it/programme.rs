//! `clausier programme` on invented programmes: messy headers in CSV and XLSX, bad rows,
//! hostile files, the reports, and every line checked against `clausier procedure --json`
//! for the same inputs.

use crate::common;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn clausier(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(common::clausier_bin())
        .env(clausier::data_dir::ENV_VAR, data_dir)
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

/// A programme as a purchasing department keeps it: a title and an export date above the
/// header, an empty line, capitals, accents, a typographic apostrophe, French amounts, a
/// total at the bottom.
const MESSY_CSV: &str = "\u{feff}Programme prévisionnel des achats 2027;;;;;;;;\n\
Export du 15/11/2026;;;;;;;;\n\
;;;;;;;;\n\
N°;INTITULÉ DE L’ACHAT;Nature;Montant estimé (€ HT);Date de lancement;Code CPV;Durée (mois);Lieu d’exécution;Direction\n\
1;Nettoyage des écoles;Services;480 000;03/2027;90911200-8;36;Lyon 69003;Éducation\n\
2;Entretien des espaces verts;S;95 000,00;2027-02-01;77310000;24;Villeurbanne (69);Espaces publics\n\
3;Fournitures de bureau;FCS;35 000;15/01/2027;30192000;12;69;Moyens généraux\n\
4;Réhabilitation du gymnase;travaux;5 404 000;2027-09-01;45212222;18;Vénissieux;Patrimoine\n\
5;Réfection de la cour;TX;99 999,99;2027-06-15;45233140;4;;Patrimoine\n\
6;Étude de programmation;PI;55000;mai 2027;71241000;8;;Patrimoine\n\
7;Restauration scolaire;services;215 999,99;2026-08-21;55523100;48;;Éducation\n\
8;Gardiennage;Services;216000;2026-08-20;79713000;24;;Moyens généraux\n\
9;Déménagement des archives;;25 000;2027-01-10;98392000;2 ans;;Culture\n\
;TOTAL;;8 525 999,98;;;;;\n";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn nature_arg(nature: &str) -> &str {
    match nature {
        "travaux" => "travaux",
        "fournitures" => "fournitures",
        _ => "services",
    }
}

/// The JSON of each line agrees with `clausier procedure --json` for the same nature, buyer,
/// amount and date: one source for the regime, the publicity and the social condition.
fn check_against_procedure(data: &Path, lines: &[Value], buyer: &str) {
    let mut checked = 0;
    for line in lines {
        if !line["error"].is_null() {
            continue;
        }
        let amount = match &line["amount"] {
            Value::Number(n) => n.to_string(),
            other => panic!("amount {other}"),
        };
        let o = clausier(
            data,
            &[
                "procedure",
                "--nature",
                nature_arg(line["nature"].as_str().unwrap()),
                "--buyer",
                buyer,
                "--amount",
                &amount,
                "--date",
                line["date"].as_str().unwrap(),
                "--json",
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let p = json_of(&o);
        let n = &line["line"];
        assert_eq!(line["regime"], p["regime"], "line {n}");
        assert_eq!(line["publicity"], p["publicity"], "line {n}");
        assert_eq!(
            line["social_condition_required"], p["social_condition_mandatory"],
            "line {n}"
        );
        assert_eq!(
            line["environmental_criterion_required"], p["environmental_criterion_mandatory"],
            "line {n}"
        );
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} lines checked");
}

fn line(lines: &[Value], n: u64) -> &Value {
    lines
        .iter()
        .find(|l| l["line"] == n)
        .unwrap_or_else(|| panic!("no line {n}"))
}

#[test]
fn every_line_of_a_messy_csv_agrees_with_procedure() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "programme.csv", MESSY_CSV.as_bytes());
    let o = clausier(
        dir.path(),
        &[
            "programme",
            file.to_str().unwrap(),
            "--buyer",
            "collectivite",
            "--date",
            "2026-12-01",
            "--json",
        ],
    );
    // The total line is a row to correct: exit code 1, the rest processed.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json_of(&o);
    let lines = v["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 10);
    check_against_procedure(dir.path(), lines, "collectivite");

    // Line numbers are the file's: the header is on line 4.
    let cleaning = line(lines, 5);
    assert_eq!(cleaning["title"], "Nettoyage des écoles");
    assert_eq!(cleaning["service"], "Éducation");
    assert_eq!(cleaning["regime"], "formalised");
    assert_eq!(cleaning["social_condition_required"], true);
    assert_eq!(cleaning["levers"][0]["lever"], "insertion_clause");
    assert!(cleaning["levers"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Obligatoire"));
    assert!(cleaning["hours"].as_u64().unwrap() > 1000);
    assert_eq!(cleaning["trade"], "nettoyage");

    let green = line(lines, 6);
    assert_eq!(green["levers"][0]["lever"], "reservation");
    assert_eq!(green["levers"][0]["article"], "L2113-14");
    assert!(green["hours"].is_null());

    // 35 000 € of supplies in 2027: below the no-publicity threshold, a small purchase.
    let office = line(lines, 7);
    assert_eq!(office["regime"], "no_publicity");
    assert_eq!(office["small_purchase"], true);
    assert!(office["levers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["lever"] == "direct_consultation"));
    assert!(office["notes"].as_array().unwrap().is_empty());

    // Works at exactly the EU threshold: formalised, social condition mandatory.
    let gym = line(lines, 8);
    assert_eq!(gym["regime"], "formalised");
    assert_eq!(gym["social_condition_required"], true);
    // Works of 99 999,99 €: strictly below 100 000 €.
    assert_eq!(line(lines, 9)["regime"], "no_publicity");
    // Launched the first day of the climate law, below the threshold: no social condition;
    // the day before, at the threshold: formalised but not yet the condition.
    assert_eq!(line(lines, 11)["social_condition_required"], false);
    assert_eq!(line(lines, 11)["environmental_condition_required"], true);
    let guards = line(lines, 12);
    assert_eq!(guards["regime"], "formalised");
    assert_eq!(guards["social_condition_required"], false);
    assert_eq!(guards["environmental_condition_required"], false);
    // No nature: from the CPV code; « 2 ans »: 24 months.
    let removal = line(lines, 13);
    assert_eq!(removal["nature"], "services");
    assert_eq!(removal["duration_months"], 24);
    assert!(removal["notes"][0].as_str().unwrap().contains("code CPV"));

    let total = line(lines, 14);
    assert!(total["error"].as_str().unwrap().contains("total"));
    assert!(total["regime"].is_null());
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["summary"]["purchases"]["count"], 9);
}

#[test]
fn a_programme_saved_by_excel_in_windows_1252_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let text = MESSY_CSV.trim_start_matches('\u{feff}').replace('’', "'");
    let (latin1, _, bad) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!bad);
    let utf8 = write(dir.path(), "u.csv", text.as_bytes());
    let cp1252 = write(dir.path(), "w.csv", &latin1);
    let run = |f: &Path| {
        json_of(&clausier(
            dir.path(),
            &[
                "programme",
                f.to_str().unwrap(),
                "--buyer",
                "etat",
                "--date",
                "2026-12-01",
                "--json",
            ],
        ))
    };
    let (a, b) = (run(&utf8), run(&cp1252));
    assert_eq!(a["lines"], b["lines"]);
    // A State buyer: 140 000 € for services.
    assert_eq!(
        line(a["lines"].as_array().unwrap(), 11)["regime"],
        "formalised"
    );
    check_against_procedure(dir.path(), a["lines"].as_array().unwrap(), "etat");
}

/// The same programme as an XLSX workbook: a notice sheet first, other header names, dates
/// as date cells, amounts as numbers (one with more decimals than cents).
fn messy_xlsx() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let notice = book.add_worksheet();
    notice.set_name("Notice").unwrap();
    notice
        .write_string(0, 0, "Ce classeur recense les achats prévus.")
        .unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Programme 2027").unwrap();
    sheet
        .write_string(0, 0, "PROGRAMMATION DES ACHATS — VERSION 3")
        .unwrap();
    let header = [
        "Objet",
        "NATURE DE L'ACHAT",
        "Budget HT",
        "Lancement prévu",
        "CPV",
        "Durée",
        "Commune",
        "Service prescripteur",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    // Title, nature, amount, launch date, CPV, months, place, service.
    type Row<'a> = (
        &'a str,
        &'a str,
        f64,
        (u16, u8, u8),
        &'a str,
        f64,
        &'a str,
        &'a str,
    );
    let rows: [Row; 4] = [
        (
            "Nettoyage des écoles",
            "Services",
            480_000.0,
            (2027, 3, 1),
            "90911200-8",
            36.0,
            "Lyon 69003",
            "Éducation",
        ),
        (
            "Fournitures de bureau",
            "Fournitures",
            33_333.333_333,
            (2027, 1, 15),
            "30192000",
            12.0,
            "",
            "Moyens généraux",
        ),
        (
            "Réhabilitation du gymnase",
            "Travaux",
            5_404_000.0,
            (2027, 9, 1),
            "45212222",
            18.0,
            "Vénissieux",
            "Patrimoine",
        ),
        (
            "Sans montant",
            "Services",
            0.0,
            (2027, 9, 1),
            "",
            12.0,
            "",
            "Patrimoine",
        ),
    ];
    for (i, (title, nature, amount, (y, m, d), cpv, months, place, service)) in
        rows.iter().enumerate()
    {
        let r = 3 + i as u32;
        sheet.write_string(r, 0, *title).unwrap();
        sheet.write_string(r, 1, *nature).unwrap();
        if *amount > 0.0 {
            sheet.write_number(r, 2, *amount).unwrap();
        }
        sheet
            .write_datetime_with_format(r, 3, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date)
            .unwrap();
        sheet.write_string(r, 4, *cpv).unwrap();
        sheet.write_number(r, 5, *months).unwrap();
        sheet.write_string(r, 6, *place).unwrap();
        sheet.write_string(r, 7, *service).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn an_xlsx_programme_with_date_cells_and_other_header_names_agrees_with_procedure() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "programme.xlsx", &messy_xlsx());
    let o = clausier(
        dir.path(),
        &[
            "programme",
            file.to_str().unwrap(),
            "--buyer",
            "collectivite",
            "--json",
        ],
    );
    let v = json_of(&o);
    let lines = v["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 4, "{v}");
    check_against_procedure_min(dir.path(), lines, "collectivite", 3);
    // Row numbers of the sheet: header on row 3, data from row 4.
    assert_eq!(lines[0]["line"], 4);
    assert_eq!(lines[0]["launch_date"], "2027-03-01");
    assert_eq!(lines[0]["regime"], "formalised");
    assert_eq!(lines[1]["amount"], 33333.33);
    assert_eq!(lines[1]["regime"], "no_publicity");
    assert_eq!(lines[2]["social_condition_required"], true);
    assert!(lines[3]["error"]
        .as_str()
        .unwrap()
        .contains("montant manquant"));
    assert_eq!(o.status.code(), Some(1));
}

fn check_against_procedure_min(data: &Path, lines: &[Value], buyer: &str, min: usize) {
    let valid = lines.iter().filter(|l| l["error"].is_null()).count();
    assert!(valid >= min);
    if valid >= 5 {
        check_against_procedure(data, lines, buyer);
        return;
    }
    for line in lines.iter().filter(|l| l["error"].is_null()) {
        let amount = line["amount"].to_string();
        let p = json_of(&clausier(
            data,
            &[
                "procedure",
                "--nature",
                nature_arg(line["nature"].as_str().unwrap()),
                "--buyer",
                buyer,
                "--amount",
                &amount,
                "--date",
                line["date"].as_str().unwrap(),
                "--json",
            ],
        ));
        assert_eq!(line["regime"], p["regime"]);
        assert_eq!(line["publicity"], p["publicity"]);
        assert_eq!(
            line["social_condition_required"],
            p["social_condition_mandatory"]
        );
    }
}

#[test]
fn bad_rows_get_their_reason_and_line_and_the_others_are_processed() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "Intitulé,Nature,Montant HT,Date de lancement,Durée en mois\n\
               Bon achat,travaux,150000,2027-03-01,6\n\
               Sans montant,travaux,,2027-03-01,6\n\
               Montant en lettres,services,cent mille,2027-03-01,6\n\
               Date impossible,services,\"120 000\",31/02/2027,6\n\
               Nature inconnue,location,120000,2027-03-01,6\n\
               Durée absurde,services,120000,2027-03-01,9999\n\
               Montant négatif,services,-5,2027-03-01,6\n\
               Montant nul,services,0,2027-03-01,6\n\
               \n\
               Après une ligne vide,fournitures,80000,2027-03-01,\n";
    let file = write(dir.path(), "p.csv", csv.as_bytes());
    let o = clausier(
        dir.path(),
        &[
            "programme",
            file.to_str().unwrap(),
            "--buyer",
            "collectivite",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json_of(&o);
    let lines = v["lines"].as_array().unwrap();
    let error = |n: u64| line(lines, n)["error"].as_str().unwrap_or("").to_string();
    assert!(line(lines, 2)["error"].is_null());
    assert!(error(3).contains("montant manquant"));
    assert!(
        error(4).contains("« cent mille » illisible"),
        "{}",
        error(4)
    );
    assert!(error(5).contains("« 31/02/2027 » illisible"));
    assert!(error(6).contains("« location » inconnue"));
    assert!(error(7).contains("« 9999 » illisible"));
    assert!(error(8).contains("négatif"), "{}", error(8));
    assert!(error(9).contains("montant nul"));
    let last = line(lines, 11);
    assert!(
        last["error"].is_null(),
        "the blank line keeps the numbering"
    );
    assert_eq!(last["duration_months"], 12);
    assert!(last["notes"][0]
        .as_str()
        .unwrap()
        .contains("durée non indiquée"));
    assert_eq!(v["summary"]["errors"], 7);
    assert_eq!(v["summary"]["purchases"]["count"], 2);
}

#[test]
fn files_that_are_no_programme_are_refused_in_french_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("vide.csv", Vec::new(), "vide"),
        (
            "sans-entete.csv",
            b"a;b;c\n1;2;3\n".to_vec(),
            "ligne d'en-t\u{ea}te introuvable",
        ),
        (
            "sans-montant.csv",
            "Intitulé;Nature\nA;travaux\n".as_bytes().to_vec(),
            "colonne du montant introuvable",
        ),
        (
            "image.xlsx",
            b"PK\x03\x04\x00\x00garbage".to_vec(),
            "classeur illisible",
        ),
        (
            "binaire.csv",
            (0..=255u8).cycle().take(4096).collect(),
            "introuvable",
        ),
    ];
    for (name, bytes, expected) in cases {
        let file = write(dir.path(), name, &bytes);
        let o = clausier(
            dir.path(),
            &["programme", file.to_str().unwrap(), "--buyer", "etat"],
        );
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(name), "{name}: {err}");
        assert!(err.contains(expected), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
    // A folder, a missing file, a file over the size limit.
    let o = clausier(
        dir.path(),
        &["programme", dir.path().to_str().unwrap(), "--buyer", "etat"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("dossier"));
    let big = dir.path().join("enorme.csv");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(25_000_000).unwrap();
    let o = clausier(
        dir.path(),
        &["programme", big.to_str().unwrap(), "--buyer", "etat"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("trop volumineux"), "{}", stderr(&o));
    // An unknown buyer kind and a report format Clausier does not write.
    let file = write(dir.path(), "ok.csv", MESSY_CSV.as_bytes());
    let o = clausier(
        dir.path(),
        &["programme", file.to_str().unwrap(), "--buyer", "mairie"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("valeurs admises"), "{}", stderr(&o));
    let o = clausier(
        dir.path(),
        &[
            "programme",
            file.to_str().unwrap(),
            "--buyer",
            "etat",
            "-o",
            dir.path().join("r.pdf").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".xlsx"), "{}", stderr(&o));
    // The report never replaces the programme it reads.
    let o = clausier(
        dir.path(),
        &[
            "programme",
            file.to_str().unwrap(),
            "--buyer",
            "etat",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&file).unwrap(), MESSY_CSV.as_bytes());
}

#[test]
fn the_docx_report_gives_the_summary_first_then_a_table_per_nature() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "programme.csv", MESSY_CSV.as_bytes());
    let out = dir.path().join("rapport.docx");
    let o = clausier(
        dir.path(),
        &[
            "programme",
            file.to_str().unwrap(),
            "--buyer",
            "collectivite",
            "--date",
            "2026-12-01",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = common::docx::docx_text(&out);
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("« {needle} » missing from the report"))
    };
    assert!(at("Synthèse") < at("Travaux — 2 achats"));
    assert!(at("Travaux — 2 achats") < at("Fournitures — 1 achat"));
    assert!(at("Fournitures — 1 achat") < at("Services — 6 achats"));
    assert!(at("Services — 6 achats") < at("Lignes à corriger (1)"));
    at("Nettoyage des écoles (Éducation)");
    at("Obligatoire — Clause d'insertion");
    at("Raisons des conseils");
    // One table per nature and the rows to correct.
    let xml = docx_part(&out, "word/document.xml");
    assert_eq!(xml.matches("<w:tbl>").count(), 4);
}

fn docx_part(path: &Path, part: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(part)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn the_xlsx_report_has_a_row_per_line_with_filters() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "programme.csv", MESSY_CSV.as_bytes());
    let out = dir.path().join("rapport.xlsx");
    let o = clausier(
        dir.path(),
        &[
            "programme",
            file.to_str().unwrap(),
            "--buyer",
            "collectivite",
            "--date",
            "2026-12-01",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    assert_eq!(book.sheet_names(), ["Programme", "Synthèse"]);
    let range = book.worksheet_range("Programme").unwrap();
    assert_eq!(range.height(), 11);
    let row = |r: usize| -> Vec<String> {
        (0..16)
            .map(|c| match range.get((r, c)) {
                Some(Data::String(s)) => s.clone(),
                Some(Data::Float(f)) => f.to_string(),
                _ => String::new(),
            })
            .collect()
    };
    assert_eq!(row(0)[0], "Ligne");
    assert_eq!(row(1)[0], "5");
    assert_eq!(row(1)[1], "Nettoyage des écoles");
    assert_eq!(row(1)[4], "480000");
    assert_eq!(row(1)[8], "oui");
    assert!(row(10)[15].contains("total"));
    let xml = {
        use std::io::Read;
        let mut archive = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
        let mut s = String::new();
        archive
            .by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    assert!(xml.contains("<autoFilter"), "filters on the header row");
}

#[test]
fn an_imported_supplier_pack_adds_the_local_supply_to_the_advice() {
    let dir = tempfile::tempdir().unwrap();
    let pack = write(
        dir.path(),
        "structures.csv",
        common::synthetic::pack_csv(400, 3).as_bytes(),
    );
    let o = clausier(dir.path(), &["offre", "importer", pack.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let file = write(dir.path(), "programme.csv", MESSY_CSV.as_bytes());
    let v = json_of(&clausier(
        dir.path(),
        &[
            "programme",
            file.to_str().unwrap(),
            "--buyer",
            "collectivite",
            "--date",
            "2026-12-01",
            "--json",
        ],
    ));
    assert!(v["supply"].as_str().unwrap().contains("structures.csv"));
    let lines = v["lines"].as_array().unwrap();
    // Green spaces in Villeurbanne (69): the pack's structures of the Rhône are counted.
    let evidence = line(lines, 6)["levers"][0]["evidence"]
        .as_str()
        .unwrap_or_else(|| panic!("{}", line(lines, 6)));
    assert!(evidence.contains("département"), "{evidence}");
    // No place given: no evidence, no guess.
    assert!(line(lines, 9)["levers"][0]["evidence"].is_null());
}

/// The window's « Créer le projet » and the command use one constructor: the project of a
/// line evaluates to the line's verdict, and its lever, applied as the lever matrix applies
/// it, gives the line's hours.
#[test]
fn a_line_opened_as_a_project_gives_the_same_verdict() {
    use clausier::model::BuyerKind;
    use clausier::programme::{self, PlannedRow};
    use clausier::reference::ReferenceData;
    use clausier::rules::{defaults, evaluate, recommend};
    let data = ReferenceData::bundled();
    let file = programme::read_bytes(MESSY_CSV.as_bytes(), "p.csv").unwrap();
    let today = common::fixed_today();
    let a = programme::assess(&file, BuyerKind::LocalAuthority, today, data, None);
    for (row, line) in file.rows.iter().zip(&a.lines) {
        let PlannedRow::Purchase(p) = row else {
            continue;
        };
        let v = line.verdict.as_ref().unwrap();
        let mut project = programme::project_for(p, BuyerKind::LocalAuthority, data);
        assert_eq!(project.purchase.amount_cents, p.amount_cents);
        assert_eq!(project.allotment.lots.len(), 1);
        let e = evaluate(&project, v.date, data);
        assert_eq!(e.lots[0].regime, v.regime);
        let advice = recommend::recommend(&project, 0, &e, data);
        assert_eq!(advice.text, v.levers[0].text);
        defaults::apply_lever(&mut project, 0, advice.lever, data);
        let hours = evaluate(&project, v.date, data).lots[0]
            .hours
            .as_ref()
            .map(|h| h.hours);
        if v.hours.is_some() {
            assert_eq!(hours, v.hours, "line {}", line.line);
        }
    }
}
