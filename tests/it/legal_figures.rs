//! One source for every legal fact: dates of entry into force, thresholds, percentages and
//! amounts live in `assets/` (and `clause_templates/`), with their article and source. This
//! test reads the Rust sources, outside test code and the loaders, and fails on a legal figure
//! written there: a French date, an ISO date or a `from_ymd_opt` with a year, « millions
//! d'euros », « M€ », a percentage or an amount in euros.

use regex::Regex;
use std::path::{Path, PathBuf};

/// Files where a figure is not a legal fact, with the reason.
const ALLOWED_FILES: &[(&str, &str)] = &[
    // The French formatters: their doc comments show what they print.
    ("src/fr/", "formatter examples"),
    // The loaders of the reference data read figures from assets/ and test them.
    ("src/reference.rs", "loader of assets/"),
];

/// Phrases that contain a figure without stating a legal fact.
const ALLOWED_PHRASES: &[&str] = &[
    // Bounds of a percentage typed by the user, not a legal figure.
    "entre 0 et 100 %",
    // Units typed beside an input field.
    "% du montant",
    "% des heures",
    // The upper bound of any percentage.
    "au plus 100 %",
];

/// A line carrying this comment holds a figure that is not a legal fact (a file size, a unit
/// conversion), with the reason after the colon.
const NOT_LEGAL_MARKER: &str = "// not a legal figure:";

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Files of modules declared `#[cfg(test)] mod name;` in `path`: test code kept in its own file.
fn test_module_files(path: &Path, text: &str) -> Vec<PathBuf> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let dir = match path.file_stem().and_then(|s| s.to_str()) {
        Some("mod" | "lib" | "main") => path.parent().unwrap().to_path_buf(),
        Some(stem) => path.parent().unwrap().join(stem),
        None => return Vec::new(),
    };
    lines
        .windows(2)
        .filter(|w| w[0] == "#[cfg(test)]")
        .filter_map(|w| w[1].strip_prefix("mod ")?.strip_suffix(';'))
        .map(|name| dir.join(format!("{name}.rs")))
        .collect()
}

/// The lines of `text` outside `#[cfg(test)]` items, with their numbers (from 1).
fn non_test_lines(text: &str) -> Vec<(usize, &str)> {
    let tests = crate::common::source_text::test_lines(text);
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .filter(|(n, _)| !tests.contains(n))
        .collect()
}

struct Rule {
    name: &'static str,
    pattern: Regex,
}

fn rules() -> Vec<Rule> {
    let rule = |name, pattern: &str| Rule {
        name,
        pattern: Regex::new(pattern).unwrap(),
    };
    vec![
        rule(
            "date en toutes lettres",
            r"(?i)\b(1er|\d{1,2})\s+(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\s+(19|20)\d\d",
        ),
        rule("date ISO", r#""(19|20)\d\d-\d\d-\d\d""#),
        rule("date construite", r"from_ymd_opt\(\s*(19|20)\d\d"),
        rule("montant en millions", r"(?i)millions? d.euros|\bM€|\bk€"),
        // A constant of cents or euros written in code: 30_000_000.
        rule("montant en code", r"\b\d{1,3}(_\d{3}){2,}\b"),
        rule(
            "pourcentage",
            r"\d+(?:[.,]\d+)?(?:\s|\\u\{a0\}|\u{a0}|\u{202f})?%",
        ),
        rule(
            "montant en euros",
            r"\d(?:[\d\s\u{a0}\u{202f}]*\d)?(?:,\d+)?(?:\s|\\u\{a0\}|\u{a0}|\u{202f})?€",
        ),
    ]
}

fn offences_in(relative: &str, text: &str, rules: &[Rule]) -> Vec<String> {
    let mut out = Vec::new();
    for (number, line) in non_test_lines(text) {
        if line.contains(NOT_LEGAL_MARKER) {
            continue;
        }
        let mut checked = line.to_string();
        for phrase in ALLOWED_PHRASES {
            checked = checked.replace(phrase, "");
        }
        for rule in rules {
            if let Some(m) = rule.pattern.find(&checked) {
                out.push(format!(
                    "{relative}:{number}: {} « {} » — {}",
                    rule.name,
                    m.as_str(),
                    line.trim()
                ));
            }
        }
    }
    out
}

#[test]
fn no_legal_figure_is_written_in_the_rust_sources() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let rules = rules();
    let mut test_files = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        test_files.extend(test_module_files(path, &text));
    }
    assert!(
        test_files
            .iter()
            .any(|f| f.ends_with("src/rules/findings/tests.rs")),
        "the test-module detection still sees the findings tests: {test_files:?}"
    );
    let mut offences = Vec::new();
    for path in files {
        if test_files.contains(&path) {
            continue;
        }
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if ALLOWED_FILES
            .iter()
            .any(|(f, _)| *f == relative || (f.ends_with('/') && relative.starts_with(f)))
        {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        offences.extend(offences_in(&relative, &text, &rules));
    }
    assert!(
        offences.is_empty(),
        "legal figures written in Rust (move them to assets/ with their source):\n{}",
        offences.join("\n")
    );
}

/// The scan itself: it finds what it must and skips test code.
#[test]
fn the_scan_finds_figures_and_skips_test_code() {
    let rules = rules();
    let source = r#"
fn message() -> String {
    format!("Depuis le 21 août 2026, le plafond est de 3 % ou 60 000 € HT.")
}
// au-dessus de 60 millions d'euros
const DAY: &str = "2026-08-21";
let d = NaiveDate::from_ymd_opt(2026, 8, 21);
const CAP: i64 = 30_000_000;
let unit = "% du montant";
#[cfg(test)]
mod tests {
    fn t() { let _ = "21 août 2026, 5 %, 100 000 €"; }
}
"#;
    let found = offences_in("x.rs", source, &rules);
    let kinds: Vec<&str> = [
        "date en toutes lettres",
        "pourcentage",
        "montant en euros",
        "montant en millions",
        "date ISO",
        "date construite",
        "montant en code",
    ]
    .into_iter()
    .filter(|k| found.iter().any(|f| f.contains(k)))
    .collect();
    assert_eq!(kinds.len(), 7, "{found:#?}");
    assert!(
        found.iter().all(|f| !f.contains(":13:")),
        "test code skipped: {found:#?}"
    );
    assert!(
        found.iter().all(|f| !f.contains(":10:")),
        "units allowed: {found:#?}"
    );
}
