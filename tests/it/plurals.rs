//! French words agree with their count: no « lot(s) », « erreur(s) », « remplacée(s) » in what
//! the window, the command line or the documents say. Counts go through `fr::count_of` (or
//! `fr::quantity_of` for decimals); a sentence whose other words agree picks its form from the
//! count. The scan covers the string literals of `src/` (test code aside) and the strings of
//! `assets/` and `clause_templates/`.

use crate::common::source_text::{files, ron_literals, rust_literals, Literal};
use regex::Regex;

/// Strings where a « (s) » is right, with the reason. None so far.
const ALLOWED: &[(&str, &str)] = &[];

fn all_literals() -> Vec<Literal> {
    let mut out = Vec::new();
    for path in files("src", "rs") {
        out.extend(rust_literals(&path));
    }
    for dir in ["assets", "clause_templates"] {
        for path in files(dir, "ron") {
            out.extend(ron_literals(&path));
        }
    }
    out
}

#[test]
fn no_french_string_leaves_its_plural_in_brackets() {
    let bracketed = Regex::new(r"\p{L}\((s|es|x|e|nt|ent|tent)\)").unwrap();
    let literals = all_literals();
    assert!(
        literals.len() > 1000,
        "the scan reads the sources ({} strings)",
        literals.len()
    );
    let found: Vec<String> = literals
        .iter()
        .filter(|l| bracketed.is_match(&l.text))
        .filter(|l| !ALLOWED.iter().any(|(text, _)| l.text.contains(text)))
        .map(|l| format!("{}:{} : « {} »", l.file, l.line, l.text))
        .collect();
    assert!(
        found.is_empty(),
        "plurals left in brackets (use fr::count_of):\n{}",
        found.join("\n")
    );
}

/// The scan itself: it finds a bracketed plural in a string, not in a comment or a char.
#[test]
fn the_scan_sees_strings_only() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.rs");
    std::fs::write(
        &file,
        "// 3 lot(s) in a comment\nfn f<'a>(c: char) -> String {\n    let _ = '\"';\n    format!(\"{} lot(s)\", 3)\n}\n",
    )
    .unwrap();
    let literals = rust_literals(&file);
    assert_eq!(literals.len(), 1, "{literals:?}");
    assert_eq!(literals[0].text, "{} lot(s)");
    assert_eq!(literals[0].line, 4);
}
