//! No input makes the parsers panic, and every refusal is a message a buyer can act on.
//!
//! (a) `parse_amount_cents` on arbitrary text, on amount-like text, and on valid spellings;
//! (b) `parse_project` on arbitrary bytes, on truncations and single-byte mutations of the
//!     bundled scenarios: every error has a non-empty message, and syntax errors name the
//!     file with a `line:column` position inside the text;
//! (c) `evaluate` + `assemble` on every mutated scenario that still parses.
//!
//! Case counts are kept low enough for the whole file to run in a few seconds in debug.

use chrono::NaiveDate;
use clausier::clauses::ClauseLibrary;
use clausier::fr::{format_amount, format_euros, parse_amount_cents, AmountError};
use clausier::model::{parse_project, LoadError, Project};
use clausier::reference::ReferenceData;
use clausier::rules::{effective_date, evaluate};
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Upper bound of `parse_amount_cents` (10^13 €).
const MAX_CENTS: i64 = 1_000_000_000_000_000;

fn config(cases: u32) -> Config {
    Config {
        cases,
        // never write proptest-regressions files into the source tree
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Scenario files, read at test time
// ---------------------------------------------------------------------------------------------

struct ScenarioFile {
    path: PathBuf,
    bytes: Vec<u8>,
}

impl ScenarioFile {
    fn text(&self) -> &str {
        std::str::from_utf8(&self.bytes).expect("bundled scenarios are UTF-8")
    }

    fn name(&self) -> String {
        self.path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    }
}

fn scenarios() -> &'static [ScenarioFile] {
    static FILES: OnceLock<Vec<ScenarioFile>> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios");
        let mut files: Vec<ScenarioFile> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "ron"))
            .map(|path| ScenarioFile {
                bytes: std::fs::read(&path).unwrap(),
                path,
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        assert!(
            files.len() >= 4,
            "expected the bundled scenarios in {}",
            dir.display()
        );
        files
    })
}

fn library() -> &'static ClauseLibrary {
    static LIBRARY: OnceLock<ClauseLibrary> = OnceLock::new();
    LIBRARY.get_or_init(|| ClauseLibrary::bundled().expect("bundled clause library loads"))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

fn line_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count() + 1
}

/// 1-based line of a byte offset.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Checks what a refusal says: a non-empty message naming the file, and for syntax and
/// encoding errors a `path:line:column` position that lies inside the text.
fn check_error(error: &LoadError, path: &Path, bytes: &[u8]) {
    let shown = error.to_string();
    assert!(!shown.trim().is_empty(), "empty message for {error:?}");
    let name = path.file_name().unwrap().to_string_lossy();
    assert!(
        shown.contains(&*name),
        "message does not name the file: {shown}"
    );
    match error {
        LoadError::Syntax {
            path: p,
            line,
            column,
            message,
        } => {
            assert_eq!(p, path);
            assert!(
                !message.trim().is_empty(),
                "empty syntax message: {error:?}"
            );
            let position = format!("{}:{line}:{column}", path.display());
            assert!(shown.contains(&position), "no {position} in: {shown}");
            assert!(
                *line >= 1 && *column >= 1,
                "position not 1-based: {error:?}"
            );
            assert!(
                *line <= line_count(bytes),
                "line {line} past the end ({} lines): {shown}",
                line_count(bytes)
            );
        }
        LoadError::NotUtf8 {
            path: p,
            line,
            column,
        } => {
            assert_eq!(p, path);
            let position = format!("{}:{line}:{column}", path.display());
            assert!(shown.contains(&position), "no {position} in: {shown}");
            assert!(
                *line >= 1 && *column >= 1 && *line <= line_count(bytes),
                "{error:?}"
            );
        }
        LoadError::Version { path: p, found } => {
            assert_eq!(p, path);
            assert_ne!(*found, clausier::model::PROJECT_VERSION);
        }
        LoadError::Io { .. } => panic!("parse_project never does I/O: {error:?}"),
    }
}

/// Parses, checks any error, and returns the project when the bytes still make one.
fn parse_checked(bytes: &[u8], path: &Path) -> Option<Project> {
    match parse_project(bytes, path) {
        Ok(project) => Some(project),
        Err(error) => {
            check_error(&error, path, bytes);
            None
        }
    }
}

/// Rules and document assembly must not panic on any project that loads.
fn evaluate_and_assemble(project: &Project) {
    let data = ReferenceData::bundled();
    let date = effective_date(project, today());
    let evaluation = evaluate(project, date, data);
    for finding in &evaluation.findings {
        assert!(
            !finding.code.is_empty() && !finding.message.trim().is_empty(),
            "{finding:?}"
        );
    }
    // a template error is a reported failure, not a panic: both are acceptable outcomes here
    let _ = clausier::document::assemble(project, &evaluation, library(), data);
}

/// Byte offsets where the text may be cut: every char boundary, end included.
fn char_boundaries(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect()
}

/// Offset just after the project's closing parenthesis: shorter prefixes cannot parse.
fn end_of_project(text: &str) -> usize {
    text.rfind(')').expect("a project ends with ')'") + 1
}

// ---------------------------------------------------------------------------------------------
// (a) Amounts
// ---------------------------------------------------------------------------------------------

fn check_amount(input: &str) {
    match parse_amount_cents(input) {
        Ok(cents) => assert!((0..=MAX_CENTS).contains(&cents), "{input:?} → {cents}"),
        Err(error) => {
            assert!(!error.to_string().trim().is_empty(), "{input:?}: {error:?}");
            if let AmountError::InvalidChar { ch, position } = error {
                // the position is 1-based, in characters, and points at that character
                let trimmed = input.trim().trim_end_matches('€').trim_end();
                assert_eq!(trimmed.chars().nth(position - 1), Some(ch), "{input:?}");
            }
        }
    }
}

proptest! {
    #![proptest_config(config(2_000))]

    #[test]
    fn amount_never_panics_on_any_text(input in any::<String>()) {
        check_amount(&input);
    }

    #[test]
    fn amount_never_panics_on_amount_like_text(input in "[0-9 ,.€'\u{a0}\u{202f}-]{0,40}") {
        check_amount(&input);
    }

    #[test]
    fn amount_never_panics_on_long_digit_runs(input in "[0-9]{15,60}([,.][0-9]{0,4})?") {
        check_amount(&input);
        if let Ok(cents) = parse_amount_cents(&input) {
            prop_assert!(cents <= MAX_CENTS);
        }
    }
}

proptest! {
    #![proptest_config(config(1_000))]

    #[test]
    fn amount_valid_spellings_parse_to_the_right_cents(
        a in 0u64..10_000_000_000,
        b in 0u64..1000,
        c in 0u64..100,
        separator in prop::sample::select(vec![",", "."]),
        space in prop::sample::select(vec![" ", "\u{a0}", "\u{202f}", "'", ""]),
        euro in prop::sample::select(vec!["", "€", " €", "\u{a0}€", "  "]),
    ) {
        let input = format!("{a}{space}{b:03}{separator}{c:02}{euro}");
        let expected = ((a * 1000 + b) * 100 + c) as i64;
        prop_assert_eq!(parse_amount_cents(&input), Ok(expected), "{:?}", input);
    }

    #[test]
    fn amount_one_decimal_means_tens_of_cents(units in 0u64..1_000_000_000, tenth in 0u64..10) {
        let input = format!("{units},{tenth}");
        prop_assert_eq!(parse_amount_cents(&input), Ok((units * 100 + tenth * 10) as i64));
    }

    #[test]
    fn amount_french_formatting_round_trips(cents in 0i64..=MAX_CENTS) {
        prop_assert_eq!(parse_amount_cents(&format_euros(cents)), Ok(cents));
        prop_assert_eq!(parse_amount_cents(&format_amount(cents)), Ok(cents));
    }

    #[test]
    fn amount_refuses_negatives(input in "-[0-9]{1,12}") {
        prop_assert_eq!(parse_amount_cents(&input), Err(AmountError::Negative));
    }
}

// ---------------------------------------------------------------------------------------------
// (b) Project files
// ---------------------------------------------------------------------------------------------

#[test]
fn every_scenario_parses_evaluates_and_assembles() {
    for file in scenarios() {
        let project = parse_project(&file.bytes, &file.path).unwrap_or_else(|e| panic!("{e}"));
        evaluate_and_assemble(&project);
    }
}

/// Every truncation of the smallest scenario, and for the others the first and last
/// 400 bytes plus about 150 evenly spaced cuts in between.
#[test]
fn truncated_scenarios_fail_cleanly() {
    let smallest = scenarios().iter().min_by_key(|f| f.bytes.len()).unwrap();
    for file in scenarios() {
        let text = file.text();
        let end = end_of_project(text);
        let stride = (text.len() / 150).max(1);
        let cuts = char_boundaries(text).into_iter().filter(|&i| {
            std::ptr::eq(file, smallest) || i < 400 || i + 400 > text.len() || i % stride == 0
        });
        for cut in cuts {
            let prefix = &file.bytes[..cut];
            match parse_checked(prefix, &file.path) {
                Some(project) => {
                    assert!(
                        cut >= end,
                        "{} cut at {cut} parses although ')' ends at {end}",
                        file.name()
                    );
                    evaluate_and_assemble(&project);
                }
                None => assert!(
                    cut < end,
                    "{} cut at {cut} (after the project) fails",
                    file.name()
                ),
            }
        }
    }
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn arbitrary_bytes_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let path = Path::new("projets/essai.ron");
        if let Some(project) = parse_checked(&bytes, path) {
            evaluate_and_assemble(&project);
        }
    }

    #[test]
    fn arbitrary_text_fail_cleanly(text in "[ -~\n\t()\\[\\]:,\"é€]{0,600}") {
        let path = Path::new("projet accentué é.ron");
        if let Some(project) = parse_checked(text.as_bytes(), path) {
            evaluate_and_assemble(&project);
        }
    }

    #[test]
    fn random_truncation_fails_cleanly(index in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>()) {
        let file = index.get(scenarios());
        let text = file.text();
        let boundaries = char_boundaries(text);
        let cut = *cut.get(&boundaries);
        match parse_checked(&file.bytes[..cut], &file.path) {
            Some(project) => {
                prop_assert!(cut >= end_of_project(text));
                evaluate_and_assemble(&project);
            }
            None => prop_assert!(cut < end_of_project(text)),
        }
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace(u8),
    Insert(u8),
    Delete,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    // bytes that matter to RON, plus anything at all
    let byte = prop_oneof![
        3 => prop::sample::select(b"()[]{}:,\"'#/*-+.0123456789eE_ \nabcxyzSomeNone\\rtrue".to_vec()),
        1 => any::<u8>(),
    ];
    prop_oneof![
        4 => byte.clone().prop_map(Mutation::Replace),
        2 => byte.prop_map(Mutation::Insert),
        2 => Just(Mutation::Delete),
    ]
}

fn mutate(bytes: &[u8], position: usize, mutation: &Mutation) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match *mutation {
        Mutation::Replace(b) => out[position] = b,
        Mutation::Insert(b) => out.insert(position, b),
        Mutation::Delete => {
            out.remove(position);
        }
    }
    out
}

proptest! {
    #![proptest_config(config(400))]

    #[test]
    fn single_byte_mutations_fail_cleanly_or_still_work(
        index in any::<prop::sample::Index>(),
        position in any::<prop::sample::Index>(),
        mutation in mutation(),
    ) {
        let file = index.get(scenarios());
        let position = position.index(file.bytes.len());
        let mutated = mutate(&file.bytes, position, &mutation);
        match parse_project(&mutated, &file.path) {
            Ok(project) => evaluate_and_assemble(&project),
            Err(error) => {
                check_error(&error, &file.path, &mutated);
                if let LoadError::NotUtf8 { line, .. } = error {
                    // The file was valid UTF-8: the bad byte is the one just changed or a
                    // neighbour of the same character (a lead byte replaced by a line feed
                    // leaves its continuation byte on the next line).
                    let bad = std::str::from_utf8(&mutated).unwrap_err().valid_up_to();
                    prop_assert!(bad + 3 >= position && bad <= position + 3, "{:?} at {}: {}", mutation, position, bad);
                    prop_assert_eq!(line, line_of(&mutated, bad), "{:?} at {}", mutation, position);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// (c) Rules and assembly on scenarios whose values were changed but still parse
// ---------------------------------------------------------------------------------------------

/// Byte ranges of the numbers in a text (digit runs, with a leading '-' and a decimal part).
fn number_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_number = bytes[i].is_ascii_digit()
            && (i == 0
                || !(bytes[i - 1].is_ascii_alphanumeric()
                    || bytes[i - 1] == b'-'
                    || bytes[i - 1] == b'_'));
        if starts_number {
            let start = if i > 0 && bytes[i - 1] == b'-' {
                i - 1
            } else {
                i
            };
            let mut end = i;
            while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
                end += 1;
            }
            spans.push((start, end));
            i = end;
        } else {
            i += 1;
        }
    }
    spans
}

fn extreme_number() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "0",
            "-0",
            "1",
            "-1",
            "0.0",
            "-0.0",
            "100.0",
            "100.01",
            "1e308",
            "-1e308",
            "1e-300",
            "NaN",
            "inf",
            "-inf",
            "2147483647",
            "4294967295",
            "4294967296",
            "9223372036854775807",
            "-9223372036854775808",
            "-4611686018427387904",
            "18446744073709551615",
            "999999999999999999999",
        ])
        .prop_map(String::from),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u32>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|x| format!("{x:?}")),
        (0u32..200).prop_map(|n| n.to_string()),
    ]
}

proptest! {
    #![proptest_config(config(250))]

    /// Replaces one number of a scenario (amount, duration, percent, lot number, weight…)
    /// with an extreme value: if the file still loads, rules and assembly must not panic.
    #[test]
    fn extreme_numbers_in_scenarios_do_not_panic(
        index in any::<prop::sample::Index>(),
        which in any::<prop::sample::Index>(),
        replacement in extreme_number(),
    ) {
        let file = index.get(scenarios());
        let text = file.text();
        let spans = number_spans(text);
        let (start, end) = *which.get(&spans);
        let mutated = format!("{}{}{}", &text[..start], replacement, &text[end..]);
        if let Some(project) = parse_checked(mutated.as_bytes(), &file.path) {
            evaluate_and_assemble(&project);
        }
    }

    /// Any launch date, from the distant past to far beyond the known thresholds.
    #[test]
    fn any_launch_date_does_not_panic(
        index in any::<prop::sample::Index>(),
        days in -40_000i64..40_000,
    ) {
        let file = index.get(scenarios());
        let mut project = parse_project(&file.bytes, &file.path).unwrap();
        project.meta.launch_date = Some(today() + chrono::Duration::days(days));
        evaluate_and_assemble(&project);
    }
}

#[test]
fn amounts_near_i64_min_do_not_panic() {
    for file in scenarios() {
        let text = file.text();
        let start = text.find("amount_cents:").expect("a purchase amount") + "amount_cents:".len();
        let (from, to) = number_spans(text)
            .into_iter()
            .find(|(s, _)| *s > start)
            .unwrap();
        for value in ["-9223372036854775808", "-9223372036854775807"] {
            let mutated = format!("{}{}{}", &text[..from], value, &text[to..]);
            let project =
                parse_project(mutated.as_bytes(), &file.path).unwrap_or_else(|e| panic!("{e}"));
            assert!(project.purchase.amount_cents < -9_000_000_000_000_000_000);
            evaluate_and_assemble(&project);
        }
    }
}
