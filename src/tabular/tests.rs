use super::*;

const COLUMNS: [Column; 3] = [
    Column {
        key: "siret",
        aliases: &["N° SIRET"],
    },
    Column {
        key: "raison_sociale",
        aliases: &["Raison sociale", "Nom"],
    },
    Column {
        key: "ville",
        aliases: &["Commune"],
    },
];

fn read(bytes: &[u8]) -> Table {
    read_bytes(bytes, &COLUMNS).unwrap()
}

#[test]
fn semicolons_commas_and_tabs_are_told_apart() {
    for (text, delimiter) in [
        ("siret;Raison sociale;Ville\n1;Alpha, Beta;Lyon\n", b';'),
        ("siret,Raison sociale,Ville\n1,\"Alpha; Beta\",Lyon\n", b','),
        ("siret\tRaison sociale\tVille\n1\tAlpha\tLyon\n", b'\t'),
    ] {
        let table = read(text.as_bytes());
        assert!(
            matches!(table.format, SourceFormat::Csv { delimiter: d, .. } if d == delimiter),
            "{text}"
        );
        assert_eq!(table.rows[0].cells[2], "Lyon", "{text}");
    }
}

#[test]
fn headers_match_whatever_their_case_accents_spacing_and_alias() {
    let table = read("  N° SIRET ;RAISON_SOCIALE; ville \n1;Alpha;Lyon\n".as_bytes());
    assert_eq!(
        table.found,
        [
            Some("N° SIRET".to_string()),
            Some("RAISON_SOCIALE".to_string()),
            Some("ville".to_string())
        ]
    );
    assert_eq!(normalise_header("Raison  Sociale"), "raisonsociale");
    assert_eq!(normalise_header("raisonSociale"), "raisonsociale");
}

#[test]
fn the_header_is_found_below_title_lines_and_lines_are_counted_from_the_file() {
    let text =
        "Export du 12/03/2026\n\nsiret;nom;ville;remarque\n1;Alpha;Lyon;x\n\n2;Beta;Vienne;\n";
    let table = read(text.as_bytes());
    assert_eq!(table.header_line, 3);
    assert_eq!(table.ignored_columns, ["remarque"]);
    let lines: Vec<u64> = table.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [4, 6]);
}

#[test]
fn quoted_fields_keep_their_line_breaks_and_the_next_row_its_line() {
    let text = "siret;nom;ville\n1;\"Alpha\nsur deux lignes\";Lyon\n2;Beta;Vienne\n";
    let table = read(text.as_bytes());
    assert_eq!(table.rows[0].cells[1], "Alpha\nsur deux lignes");
    assert_eq!(table.rows[1].line, 4);
}

#[test]
fn excel_encodings_are_decoded() {
    // Windows-1252, as Excel saves « CSV (séparateur : point-virgule) »: é = 0xE9.
    let latin = b"siret;nom;ville\n1;Entreprise d'insertion \xC9lan;Saint-\xC9tienne\n";
    let table = read(latin);
    assert_eq!(table.rows[0].cells[1], "Entreprise d'insertion Élan");
    assert!(matches!(
        table.format,
        SourceFormat::Csv {
            encoding: Encoding::Windows1252,
            ..
        }
    ));
    let bom = "\u{feff}siret;nom;ville\n1;Élan;Lyon\n";
    let table = read(bom.as_bytes());
    assert_eq!(table.found[0].as_deref(), Some("siret"));
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "siret\tnom\tville\r\n1\tÉlan\tLyon\r\n"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        )
        .collect();
    assert_eq!(read(&utf16).rows[0].cells[1], "Élan");
}

#[test]
fn a_file_without_a_recognisable_header_is_refused_with_what_was_read() {
    let err = read_bytes(b"a;b;c\n1;2;3\n", &COLUMNS).unwrap_err();
    assert!(err.0.contains("ligne d'en-tête introuvable"), "{err}");
    assert!(err.0.contains("« a | b | c »"), "{err}");
    assert!(read_bytes(b"", &COLUMNS).unwrap_err().0.contains("vide"));
}
