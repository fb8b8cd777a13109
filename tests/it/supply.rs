//! Sourcing with evidence: importing supplier packs (the documented format, the exports buyers
//! have, hostile files), the trade and neighbour tables, the per-lot evidence, the advice and
//! findings that cite it, and `clausier offre` as scripts use it.

use crate::common;

use chrono::NaiveDate;
use clausier::model::{InsertionClause, Lot, Nature, Project, ReservationBasis};
use clausier::reference::ReferenceData;
use clausier::rules::{evaluate, Severity};
use clausier::supply::{
    self, import::import_bytes, DeliveryMode, StructureKind, SupplyPack, SupplyReference,
};
use common::synthetic;
use std::process::Command;
use strum::IntoEnumIterator;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn import(text: &[u8]) -> supply::ImportReport {
    import_bytes(
        text,
        "structures.csv",
        None,
        today(),
        SupplyReference::bundled(),
    )
    .unwrap_or_else(|e| panic!("import refused: {e}"))
}

fn lines_of(report: &supply::ImportReport) -> Vec<u64> {
    report
        .issues
        .iter()
        .filter(|i| !i.kept)
        .map(|i| i.line)
        .collect()
}

// ------------------------------------------------------------------------------------------
// Import
// ------------------------------------------------------------------------------------------

#[test]
fn a_synthetic_pack_of_three_hundred_structures_imports_whole() {
    let text = synthetic::pack_csv(300, 7);
    let report = import(text.as_bytes());
    assert_eq!(
        report.pack.structures.len(),
        300,
        "{:?}",
        report.issues.first()
    );
    assert_eq!(report.rejected(), 0);
    let kinds: std::collections::BTreeSet<StructureKind> =
        report.pack.structures.iter().map(|s| s.kind).collect();
    assert!(kinds.len() >= 9, "{kinds:?}");
    assert_eq!(report.pack.meta.imported_on, today());
    assert_eq!(
        report.pack.meta.citation(),
        "d'après le fichier structures.csv importé le 30/11/2026"
    );
    // Stored and read back as it was; a re-import replaces it.
    let dir = tempfile::tempdir().unwrap();
    report.pack.save(dir.path()).unwrap();
    assert_eq!(
        SupplyPack::load(dir.path()).unwrap(),
        Some(report.pack.clone())
    );
    let smaller = import(synthetic::pack_csv(20, 8).as_bytes());
    smaller.pack.save(dir.path()).unwrap();
    assert_eq!(
        SupplyPack::load(dir.path())
            .unwrap()
            .unwrap()
            .structures
            .len(),
        20
    );
}

#[test]
fn bad_rows_are_reported_with_their_line_and_the_others_kept() {
    let ok = synthetic::fake_siret(1);
    let dup = synthetic::fake_siret(2);
    let text = format!(
        "siret;raison_sociale;type;naf;departement\n\
         {ok};Alpha;EI;81.21Z;69\n\
         \n\
         ;;;;\n\
         {dup};Beta;EA;81.21Z;69\n\
         {dup};Beta bis;EA;81.21Z;69\n\
         00000000000001;Gamma;EI;81.21Z;69\n\
         ;Delta;Cabinet d'avocats;69.10Z;69\n\
         ;;EI;81.21Z;69\n\
         ;Epsilon;ACI;81.30Z;99\n\
         ;Zêta;ACI;jardinage;69\n\
         ;Eta;ETTI;78.20Z;2a\n"
    );
    let report = import(text.as_bytes());
    let names: Vec<&str> = report
        .pack
        .structures
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["Alpha", "Beta", "Eta"]);
    assert_eq!(lines_of(&report), [6, 7, 8, 9, 10, 11]);
    let message = |line: u64| {
        report
            .issues
            .iter()
            .find(|i| i.line == line)
            .map(|i| i.to_string())
            .unwrap()
    };
    assert!(
        message(6).contains("déjà présent ligne 5"),
        "{}",
        message(6)
    );
    assert!(message(7).contains("clé de contrôle"), "{}", message(7));
    assert!(
        message(8).contains("« Cabinet d'avocats » non retenu"),
        "{}",
        message(8)
    );
    assert!(message(9).contains("raison sociale vide"));
    assert!(message(10).contains("département « 99 » inconnu"));
    assert!(message(11).contains("code NAF « jardinage » invalide"));
    assert_eq!(report.pack.structures[2].departement, "2A");
    assert_eq!(report.pack.meta.rows_rejected, 6);
}

#[test]
fn a_file_missing_required_columns_is_refused_naming_them() {
    let err = import_bytes(
        b"siret;nom;adresse\n1;Alpha;1 rue\n",
        "x.csv",
        None,
        today(),
        SupplyReference::bundled(),
    )
    .unwrap_err();
    assert!(err.contains("colonnes manquantes"), "{err}");
    assert!(err.contains("type"), "{err}");
    assert!(err.contains("departement"), "{err}");
    assert!(
        err.contains("adresse"),
        "the unused columns are listed: {err}"
    );
    let err = import_bytes(
        b"nom;type;departement;naf\n;EI;69;81.21Z\n",
        "x.csv",
        None,
        today(),
        SupplyReference::bundled(),
    )
    .unwrap_err();
    assert!(err.contains("aucune ligne utilisable"), "{err}");
    assert!(err.contains("ligne 2"), "{err}");
}

/// The same two structures written as Excel, LibreOffice and a web export would.
#[test]
fn latin1_bom_commas_quotes_and_line_breaks_give_the_same_pack() {
    let semicolon = "Raison sociale;Type de structure;Code NAF;Code postal;Contact\n\
                     Élan Propreté;Entreprise d'insertion;8121Z;69003;Mme Durand\n\
                     \"Les Jardins; d'Été\";Atelier chantier d'insertion;81.30Z;01000;\"Accueil\nau 04 00 00 00 00\"\n";
    let latin1: Vec<u8> = semicolon
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1 text"))
        .collect();
    let bom = format!("\u{feff}{semicolon}");
    let comma = "\"Raison sociale\",\"Type de structure\",\"Code NAF\",\"Code postal\",\"Contact\"\r\n\
                 \"Élan Propreté\",\"Entreprise d'insertion\",\"8121Z\",\"69003\",\"Mme Durand\"\r\n\r\n\
                 \"Les Jardins; d'Été\",\"Atelier chantier d'insertion\",\"81.30Z\",\"1000\",\"Accueil\nau 04 00 00 00 00\"\r\n";
    let reference = import(semicolon.as_bytes()).pack.structures;
    assert_eq!(reference.len(), 2);
    assert_eq!(reference[1].name, "Les Jardins; d'Été");
    assert_eq!(reference[1].kind, StructureKind::ACI);
    assert_eq!(reference[1].departement, "01");
    assert_eq!(reference[1].contact, "Accueil\nau 04 00 00 00 00");
    for bytes in [latin1, bom.into_bytes(), comma.as_bytes().to_vec()] {
        let report = import(&bytes);
        let mut got = report.pack.structures.clone();
        for s in &mut got {
            s.line = 0;
        }
        let mut want = reference.clone();
        for s in &mut want {
            s.line = 0;
        }
        assert_eq!(got, want, "{}", report.pack.meta.format);
    }
}

#[test]
fn the_marketplace_export_is_read_through_its_labels_postcodes_and_sectors() {
    // The columns of the Marché de l'inclusion search export: no SIRET, no NAF.
    let text = "Raison sociale;Enseigne;Type de structure;Adresse;Code postal;Ville;Secteurs d'activité;Type de prestation;Prénom;Nom;E-mail;Téléphone\n\
                Net Solidaire;;Entreprise d'insertion (EI);1 rue A;69100;Villeurbanne;Hygiène et Propreté : Nettoyage de locaux;Prestation de service;Jeanne;Martin;j.martin@example.org;04 00 00 00 01\n\
                Intérim Plus;;Entreprise de travail temporaire d'insertion;2 rue B;20200;Bastia;Bâtiments et Travaux publics : Autre (BTP);Mise à disposition - Interim;;;;\n";
    let report = import(text.as_bytes());
    let s = &report.pack.structures;
    assert_eq!(s.len(), 2, "{:?}", report.issues);
    assert_eq!(
        (s[0].kind, s[0].departement.as_str()),
        (StructureKind::EI, "69")
    );
    assert_eq!(
        s[0].contact,
        "Jeanne Martin — j.martin@example.org — 04 00 00 00 01"
    );
    assert_eq!(s[0].naf, None);
    assert_eq!(
        (s[1].kind, s[1].departement.as_str()),
        (StructureKind::ETTI, "2B")
    );
    assert_eq!(s[1].modes, [DeliveryMode::StaffProvision]);
    assert!(report.ignored_columns.contains(&"Adresse".to_string()));
}

#[test]
fn a_file_joined_with_sirene_uses_its_own_column_names() {
    let siret = synthetic::fake_siret(42);
    let text = format!(
        "siret,denominationUsuelleEtablissement,typologie,activitePrincipaleEtablissement,codeCommuneEtablissement,trancheEffectifsEtablissement\n\
         {siret},Atelier Bois,ESAT,16.23Z,42218,12\n"
    );
    let s = &import(text.as_bytes()).pack.structures[0];
    assert_eq!(s.departement, "42");
    assert_eq!(s.naf.as_deref(), Some("16.23Z"));
    let band = s.headcount.as_ref().unwrap();
    assert_eq!(
        (band.min, band.max),
        (20, Some(49)),
        "Sirene code 12 is 20 to 49"
    );
}

/// A minimal XLSX (one sheet, inline strings) written with the zip crate.
fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    use std::io::Write;
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for cell in row.iter() {
            sheet.push_str(&format!(
                r#"<c t="inlineStr"><is><t>{}</t></is></c>"#,
                cell.replace('&', "&amp;").replace('<', "&lt;")
            ));
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let files = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Structures" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in files {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_spreadsheet_is_read_from_its_first_sheet_with_a_header() {
    let bytes = xlsx(&[
        &["Liste extraite le 30/11/2026"],
        &[],
        &["Raison sociale", "Type", "NAF", "Département"],
        &["Ateliers du Rhône", "EA", "82.92Z", "69"],
        &["", "EI", "81.21Z", "69"],
    ]);
    let report = import_bytes(
        &bytes,
        "liste.xlsx",
        None,
        today(),
        SupplyReference::bundled(),
    )
    .unwrap();
    assert_eq!(report.pack.structures.len(), 1);
    assert_eq!(report.pack.structures[0].line, 4);
    assert_eq!(lines_of(&report), [5]);
    assert!(report.pack.meta.format.contains("Structures"));
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any bytes: a clear refusal or a pack, never a crash.
        #[test]
        fn on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = import_bytes(&bytes, "x.csv", None, today(), SupplyReference::bundled());
        }

        /// A valid header followed by arbitrary cells: every row is kept or reported.
        #[test]
        fn on_arbitrary_rows(rows in proptest::collection::vec(
            proptest::collection::vec("[ -~éÉ;\"\n]{0,12}", 0..8), 0..20)
        ) {
            let mut text = String::from("siret;raison_sociale;type;naf;departement;code_commune;code_postal;effectif\n");
            for row in &rows {
                text.push_str(&row.join(";"));
                text.push('\n');
            }
            if let Ok(report) = import_bytes(text.as_bytes(), "x.csv", None, today(), SupplyReference::bundled()) {
                prop_assert_eq!(
                    report.pack.structures.len() + report.rejected(),
                    report.pack.meta.rows_read
                );
            }
        }
    }
}

// ------------------------------------------------------------------------------------------
// Tables
// ------------------------------------------------------------------------------------------

#[test]
fn every_trade_preset_and_kind_has_a_row_and_every_code_is_well_formed() {
    let supply = SupplyReference::bundled();
    let data = ReferenceData::bundled();
    for trade in &data.insertion.trades {
        let row = supply
            .trade(&trade.id)
            .unwrap_or_else(|| panic!("no activity row for trade {}", trade.id));
        assert!(!row.source.is_empty());
    }
    for row in &supply.tables.trades {
        assert!(
            data.trade(&row.trade).is_some(),
            "unknown trade {}",
            row.trade
        );
    }
    let naf_prefix = |p: &str| {
        let b = p.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        match b.len() {
            2 => digits(0..2),
            4 => digits(0..2) && b[2] == b'.' && digits(3..4),
            5 => digits(0..2) && b[2] == b'.' && digits(3..5),
            6 => digits(0..2) && b[2] == b'.' && digits(3..5) && b[5].is_ascii_uppercase(),
            _ => false,
        }
    };
    let rows = supply
        .tables
        .trades
        .iter()
        .map(|t| (&t.naf, &t.source))
        .chain(supply.tables.cpv.iter().map(|c| (&c.naf, &c.source)));
    for (nafs, source) in rows {
        assert!(!source.is_empty());
        for naf in nafs {
            assert!(naf_prefix(naf), "malformed NAF prefix {naf}");
        }
    }
    for row in &supply.tables.cpv {
        assert!(row.cpv.chars().all(|c| c.is_ascii_digit()) && row.cpv.len() >= 2);
    }
    for kind in StructureKind::iter() {
        assert_eq!(supply.kind(kind).kind, kind);
        assert_eq!(supply.parse_kind(kind.code()), Some(kind));
    }
    // The CPV codes of the bundled scenarios find their activities, the longest prefix first.
    assert_eq!(supply.cpv("77313000-7").unwrap().cpv, "7731");
    assert_eq!(supply.cpv("90919200-4").unwrap().cpv, "909");
    assert_eq!(supply.cpv("45000000-7").unwrap().cpv, "45");
    assert!(supply.cpv("03000000-1").is_none());
}

#[test]
fn neighbours_are_known_symmetric_and_on_land() {
    let supply = SupplyReference::bundled();
    let all = &supply.departements.departements;
    assert_eq!(all.len(), 101);
    for d in all {
        for n in &d.neighbours {
            assert_ne!(n, &d.code);
            let other = supply
                .departement(n)
                .unwrap_or_else(|| panic!("{}: unknown neighbour {n}", d.code));
            assert!(
                other.neighbours.contains(&d.code),
                "{} lists {n} but {n} does not list {}",
                d.code,
                d.code
            );
        }
    }
    let of = |code: &str| supply.departement(code).unwrap().neighbours.clone();
    assert_eq!(of("69"), ["01", "38", "42", "71"]);
    assert_eq!(of("2A"), ["2B"]);
    assert_eq!(of("75"), ["92", "93", "94"]);
    assert!(of("974").is_empty() && of("976").is_empty());
    assert!(!of("13").contains(&"2A".to_string()), "no sea crossing");
}

// ------------------------------------------------------------------------------------------
// Evidence, advice, findings
// ------------------------------------------------------------------------------------------

/// A pack around Lyon: cleaning in 69, one cleaning ACI in the Ain (a neighbour), one in
/// the Bouches-du-Rhône (not a neighbour), a temporary-work ETTI, a green-spaces EI.
fn lyon_pack() -> SupplyPack {
    let rows = [
        ("EI", "81.21Z", "69", "12"),
        ("EI", "81.22Z", "69", "5"),
        ("EA", "81.21Z", "69", "50 à 99"),
        ("ETTI", "78.20Z", "69", ""),
        ("EI", "81.30Z", "69", "8"),
        ("ACI", "81.21Z", "01", "20 à 49"),
        ("EI", "81.21Z", "13", "150"),
        ("GEIQ", "78.30Z", "38", ""),
    ];
    let mut text = String::from("siret;raison_sociale;type;naf;departement;effectif;contact\n");
    for (i, (kind, naf, dep, headcount)) in rows.iter().enumerate() {
        text.push_str(&format!(
            "{};{kind} n° {i};{kind};{naf};{dep};{headcount};contact-{i}@example.org\n",
            synthetic::fake_siret(i)
        ));
    }
    import(text.as_bytes()).pack
}

fn lyon_project() -> Project {
    let mut p = Project::blank();
    p.meta.title = "Entretien des bâtiments".into();
    p.purchase.nature = Nature::Services;
    p.purchase.amount_cents = 40_000_000;
    p.purchase.duration_months = 24;
    p.purchase.departement = Some("69".into());
    p.allotment.lots = vec![
        Lot {
            number: 1,
            title: "Nettoyage des écoles".into(),
            amount_cents: 30_000_000,
            trade: Some("nettoyage".into()),
            ..Lot::default()
        },
        Lot {
            number: 2,
            title: "Déménagements".into(),
            amount_cents: 10_000_000,
            trade: Some("demenagement".into()),
            reservations: vec![ReservationBasis::Insertion],
            ..Lot::default()
        },
    ];
    p
}

fn assess(project: &Project, pack: &SupplyPack) -> supply::SupplyAssessment {
    let data = ReferenceData::bundled();
    let evaluation = evaluate(project, today(), data);
    supply::assess(project, &evaluation, data, pack)
}

#[test]
fn each_lot_counts_the_structures_of_its_trade_here_and_next_door() {
    let pack = lyon_pack();
    let a = assess(&lyon_project(), &pack);
    let place = a.evidence.place.as_ref().unwrap();
    assert_eq!((place.code.as_str(), place.inferred), ("69", false));
    let lot = &a.evidence.lots[0];
    assert_eq!(
        lot.local.of(StructureKind::EI),
        2,
        "the green-spaces EI does another trade"
    );
    assert_eq!(lot.local.of(StructureKind::EA), 1);
    assert_eq!(
        lot.local.of(StructureKind::ETTI),
        1,
        "temporary work counts for every trade"
    );
    assert_eq!((lot.local.production, lot.local.staff_provision), (3, 1));
    assert_eq!(lot.neighbours.of(StructureKind::ACI), 1);
    assert_eq!(lot.neighbours.of(StructureKind::GEIQ), 1);
    assert_eq!(
        lot.neighbours.total(),
        2,
        "the Bouches-du-Rhône is not a neighbour of the Rhône"
    );
    let names: Vec<&str> = lot
        .structures
        .iter()
        .map(|f| pack.structures[f.index].name.as_str())
        .collect();
    assert_eq!(names[..4], ["EI n° 0", "EI n° 1", "ETTI n° 3", "EA n° 2"]);
    // Capacity: 300 000 € × 80 % ÷ 20 €/h over two years, about 3.7 FTE a year; the EA
    // alone employs at least 50.
    let capacity = lot.capacity.as_ref().unwrap();
    assert!((capacity.fte_per_year - 3.73).abs() < 0.01, "{capacity:?}");
    assert_eq!(capacity.largest_min, 50);
    assert!(supply::advice::capacity_text(capacity).contains("une seule pourrait absorber"));
}

#[test]
fn the_lever_matrix_cites_the_counts_and_warns_where_a_reservation_has_no_supply() {
    let pack = lyon_pack();
    let a = assess(&lyon_project(), &pack);
    let first = a.advice[0].as_ref().unwrap();
    assert_eq!(
        first.sentence,
        "2 SIAE et 1 EA font ce métier dans le département : un lot réservé est réaliste."
    );
    assert_eq!(first.warning, None);
    // Lot 2 is reserved to SIAE, and no structure of the pack moves furniture.
    let second = a.advice[1].as_ref().unwrap();
    assert!(
        second.sentence.starts_with("Aucune structure éligible"),
        "{}",
        second.sentence
    );
    assert!(second.warning.as_deref().unwrap().contains("2113-13"));
    let finding = a
        .findings
        .iter()
        .find(|f| f.code == "SUPPLY_RESERVED_NO_STRUCTURE")
        .unwrap();
    assert_eq!(finding.severity, Severity::Info);
    assert_eq!(finding.lot, Some(2));
    assert_eq!(finding.field, "allotment.lots[1].reservations");
    assert!(
        finding.message.contains("importé le 30/11/2026"),
        "{}",
        finding.message
    );
    assert_eq!(a.findings.len(), 1, "{:?}", a.findings);
}

#[test]
fn a_clause_cites_who_can_provide_staff_and_an_unknown_place_is_a_finding() {
    let pack = lyon_pack();
    let mut project = lyon_project();
    let data = ReferenceData::bundled();
    project.allotment.lots[0].insertion_clause = Some(clausier::rules::defaults::insertion_clause(
        &project,
        &project.allotment.lots[0],
        data,
    ));
    let a = assess(&project, &pack);
    let sentence = &a.advice[0].as_ref().unwrap().sentence;
    assert!(
        sentence.ends_with("Pour la clause : 1 structure du département peut mettre du personnel à disposition du titulaire."),
        "{sentence}"
    );
    assert_eq!(
        a.evidence.lots[0].capacity.as_ref().unwrap().basis,
        supply::evidence::CapacityBasis::InsertionHours
    );
    // Without a département the figures cannot be given, and the buyer is told so.
    project.purchase.departement = None;
    project.purchase.place = "Écoles de la ville".into();
    let a = assess(&project, &pack);
    assert!(a.advice.iter().all(Option::is_none));
    assert_eq!(a.findings[0].code, "SUPPLY_NO_DEPARTEMENT");
    // A postcode in the place of performance is enough.
    project.purchase.place = "Écoles de la ville, 69100 Villeurbanne".into();
    let a = assess(&project, &pack);
    assert!(a.evidence.place.as_ref().unwrap().inferred);
    assert_eq!(a.evidence.lots[0].local.total(), 4);
    let _: Option<InsertionClause> = None;
}

#[test]
fn the_evidence_becomes_an_annex_and_a_csv_excel_opens() {
    let pack = lyon_pack();
    let a = assess(&lyon_project(), &pack);
    let blocks = supply::export::annex_blocks(&a.evidence, &a.advice, &pack);
    use clausier::document::BlockKind;
    let headings: Vec<String> = blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        [
            "Offre locale des structures inclusives, lot par lot",
            "Lot 1 — Nettoyage des écoles",
            "Lot 2 — Déménagements"
        ]
    );
    let tables = blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Table { .. }))
        .count();
    assert_eq!(tables, 2, "lot 2 lists the structures that place staff");
    let csv = supply::export::to_csv(&a.evidence, &pack, SupplyReference::bundled());
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().contains("importé le 30/11/2026"));
    assert!(lines
        .next()
        .unwrap()
        .starts_with("lot;intitule_lot;proximite;siret"));
    assert_eq!(
        text.lines().count(),
        2 + 6 + 2,
        "title, header, six rows for lot 1, two for lot 2"
    );
}

#[test]
fn formula_like_cells_are_defused_in_the_exported_list() {
    let text = format!(
        "siret;raison_sociale;type;naf;departement;contact\n{};=HYPERLINK(\"x\");EI;81.21Z;69;+33 4 00 00 00 00\n",
        synthetic::fake_siret(9)
    );
    let pack = import(text.as_bytes()).pack;
    let a = assess(&lyon_project(), &pack);
    let csv = String::from_utf8(supply::export::to_csv(
        &a.evidence,
        &pack,
        SupplyReference::bundled(),
    ))
    .unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(
        csv.contains(";+33 4 00 00 00 00"),
        "a telephone number stays as written"
    );
}

// ------------------------------------------------------------------------------------------
// Command line
// ------------------------------------------------------------------------------------------

fn clausier(data_dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(common::clausier_bin())
        .env(clausier::data_dir::ENV_VAR, data_dir)
        .args(args)
        .output()
        .expect("clausier runs")
}

#[test]
fn offre_without_a_pack_says_how_to_get_one() {
    let dir = tempfile::tempdir().unwrap();
    let o = clausier(dir.path(), &["offre"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("clausier offre importer"), "{err}");
    let project = common::scenario_path("nettoyage-locaux");
    let o = clausier(dir.path(), &["offre", project.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn offre_imports_a_pack_then_gives_per_lot_figures_in_json_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let pack_file = work.path().join("structures.csv");
    std::fs::write(&pack_file, synthetic::pack_csv(300, 11)).unwrap();
    let o = clausier(
        dir.path(),
        &[
            "offre",
            "importer",
            pack_file.to_str().unwrap(),
            "--source",
            "Données de test",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("300 structures importées"));
    assert!(dir.path().join(supply::pack::PACK_FILE).exists());

    let mut project = lyon_project();
    project.allotment.lots[1].reservations.clear();
    let project_file = work.path().join("projet.ron");
    std::fs::write(&project_file, clausier::model::to_ron_string(&project)).unwrap();
    let o = clausier(
        dir.path(),
        &["offre", project_file.to_str().unwrap(), "--json"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(json["pack"]["citation"]
        .as_str()
        .unwrap()
        .contains("(Données de test) importé le"));
    let lot = &json["lots"][0];
    assert_eq!(lot["number"], 1);
    assert_eq!(lot["trade"], "nettoyage");
    assert_eq!(lot["departement"], "69");
    let counts = lot["counts"].as_object().unwrap();
    assert_eq!(counts.len(), StructureKind::iter().count());
    let listed = lot["structures"].as_array().unwrap();
    let local = listed.iter().filter(|s| s["local"] == true).count();
    let total: u64 = counts.values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(local as u64, total, "counts and list agree");
    assert!(total > 0);
    assert!(listed[0]["siret"].as_str().unwrap().starts_with("000"));
    assert!(lot["recommendation"]
        .as_str()
        .unwrap()
        .contains("dans le département"));

    let csv_file = work.path().join("liste.csv");
    let o = clausier(
        dir.path(),
        &[
            "offre",
            project_file.to_str().unwrap(),
            "--csv",
            csv_file.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let csv = std::fs::read(&csv_file).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));

    // `clausier check` adds the pack's findings once a pack exists.
    // No structure of the synthetic pack builds steel frames.
    project.allotment.lots[1].trade = Some("charpente-metallique".into());
    project.allotment.lots[1].reservations = vec![ReservationBasis::Insertion];
    std::fs::write(&project_file, clausier::model::to_ron_string(&project)).unwrap();
    let o = clausier(
        dir.path(),
        &["check", project_file.to_str().unwrap(), "--json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"SUPPLY_RESERVED_NO_STRUCTURE"), "{codes:?}");
}

#[test]
fn a_file_that_cannot_be_imported_leaves_the_previous_pack_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let good = work.path().join("bon.csv");
    std::fs::write(&good, synthetic::pack_csv(10, 3)).unwrap();
    assert_eq!(
        clausier(dir.path(), &["offre", "importer", good.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let bad = work.path().join("mauvais.csv");
    std::fs::write(&bad, "nom;adresse\nA;B\n").unwrap();
    let o = clausier(dir.path(), &["offre", "importer", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("mauvais.csv"));
    let pack = SupplyPack::load(dir.path()).unwrap().unwrap();
    assert_eq!(pack.meta.file_name, "bon.csv");
}

/// The list of structures lot by lot ends the internal note (never the published pieces) once
/// a pack is imported, as the issue asks (« an annex of the `note` piece »).
#[test]
fn the_imported_pack_is_an_annex_of_the_note_and_of_no_published_piece() {
    let dir = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let project_file = work.path().join("projet.ron");
    std::fs::write(
        &project_file,
        clausier::model::to_ron_string(&lyon_project()),
    )
    .unwrap();
    let project = project_file.to_str().unwrap();
    let piece = |name: &str| {
        let out = work.path().join(format!("{name}.md"));
        let o = clausier(
            dir.path(),
            &[
                "generate",
                project,
                "--piece",
                name,
                "--force",
                "-o",
                out.to_str().unwrap(),
            ],
        );
        assert!(out.exists(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read_to_string(out).unwrap()
    };
    const ANNEX: &str = "Offre locale des structures inclusives, lot par lot";
    assert!(!piece("note").contains(ANNEX), "no pack, no annex");
    let pack_file = work.path().join("structures.csv");
    std::fs::write(&pack_file, synthetic::pack_csv(300, 11)).unwrap();
    let o = clausier(
        dir.path(),
        &["offre", "importer", pack_file.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(piece("note").contains(ANNEX));
    for published in ["rc", "ccap", "annexes"] {
        assert!(!piece(published).contains(ANNEX), "{published}");
    }
    assert!(piece("section").contains(ANNEX));
}
