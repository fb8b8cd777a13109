//! French typography of what the window says by itself: its own strings (`src/ui/`) and the
//! texts of the data files it shows (steps, quiz, trainer notes and slides). The documents are
//! typeset when written (`fr::typeset`); the window draws its strings as written, so they are
//! typeset at the source by `scripts/typeset-ui-strings.py`, and this scan fails, with file and
//! line, on what that script would still rewrite:
//! - a plain space before « : ; ! ? » or inside « »;
//! - a narrow no-break space (U+202F): egui draws it but breaks lines at it (its line breaker
//!   spares U+00A0 only), so the window uses U+00A0;
//! - a straight apostrophe between two letters.
//!
//! Left out: test code, comments, format placeholders and escapes, messages for developers
//! (expect, panic…), and the allow-list below.

use crate::common::source_text::{files, ron_literals, rust_literals, Literal};

/// Strings where the plain form is right, with the reason. None so far.
const ALLOWED: &[(&str, &str)] = &[];

const DEVELOPER_CALLS: &[&str] = &[
    "expect(",
    "panic!(",
    "unreachable!(",
    "unimplemented!(",
    "todo!(",
    "assert!(",
    "assert_eq!(",
    "assert_ne!(",
    "debug_assert!(",
    "eprintln!(",
    "println!(",
    "Id::new(",
    "id_salt(",
    "concat!(",
];

/// The window's data files (see the module's notes).
fn asset_files() -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for path in files("assets", "ron") {
        let name = path.to_string_lossy().replace('\\', "/");
        if name.ends_with("assets/steps.ron")
            || name.ends_with("assets/quiz.ron")
            || name.contains("assets/trainer/")
        {
            out.push(path);
        }
    }
    out
}

/// The text parts of a literal, with placeholders and escapes replaced by a neutral mark
/// (`\u{1}`) that counts as a word but is never a letter.
fn text_of(literal: &Literal, format_string: bool) -> Vec<char> {
    let chars: Vec<char> = literal.text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && !literal.raw {
            i += if chars.get(i + 1) == Some(&'u') {
                chars[i..]
                    .iter()
                    .position(|&c| c == '}')
                    .map_or(2, |p| p + 1)
            } else {
                2
            };
            out.push('\u{1}');
        } else if format_string && c == '{' && chars.get(i + 1) == Some(&'{') {
            out.push('{');
            i += 2;
        } else if format_string && c == '{' {
            i += chars[i..]
                .iter()
                .position(|&c| c == '}')
                .map_or(chars.len() - i, |p| p + 1);
            out.push('\u{1}');
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// What is wrong in a literal's text, or nothing.
fn problems(text: &[char]) -> Vec<&'static str> {
    let mut out = Vec::new();
    for (k, &c) in text.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| text[p]);
        let next = text.get(k + 1).copied();
        let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
        if c == ' ' && matches!(next, Some(':' | ';' | '!' | '?')) {
            out.push("espace sécable avant « : ; ! ? »");
        } else if c == ' ' && (next == Some('»') || prev == Some('«')) {
            out.push("espace sécable à l'intérieur des guillemets");
        } else if c == '\u{202f}' {
            out.push("espace fine insécable U+202F, coupée par egui en fin de ligne");
        } else if c == '\'' && letter(prev) && letter(next) {
            out.push("apostrophe droite");
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Files of modules declared `#[cfg(test)] mod name;` in `src/ui`: test code of their own.
fn test_module_files() -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for path in files("src/ui", "rs") {
        let text = std::fs::read_to_string(&path).unwrap();
        let folder = match path.file_stem().and_then(|s| s.to_str()) {
            Some("mod") => path.parent().unwrap().to_path_buf(),
            Some(stem) => path.parent().unwrap().join(stem),
            None => continue,
        };
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for pair in lines.windows(2) {
            if pair[0] == "#[cfg(test)]" {
                if let Some(name) = pair[1]
                    .strip_prefix("mod ")
                    .and_then(|n| n.strip_suffix(';'))
                {
                    out.push(folder.join(format!("{name}.rs")));
                }
            }
        }
    }
    out
}

fn findings() -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |literal: &Literal, format_string: bool| {
        if ALLOWED.iter().any(|(text, _)| literal.text.contains(text)) {
            return;
        }
        for problem in problems(&text_of(literal, format_string)) {
            out.push(format!(
                "{}:{} : {problem} dans « {} »",
                literal.file, literal.line, literal.text
            ));
        }
    };
    let test_files = test_module_files();
    for path in files("src/ui", "rs") {
        if test_files.contains(&path) {
            continue;
        }
        for literal in rust_literals(&path) {
            let call = literal.before.trim_end().trim_end_matches(['r', '#']);
            if DEVELOPER_CALLS.iter().any(|c| call.ends_with(c)) {
                continue;
            }
            check(&literal, true);
        }
    }
    for path in asset_files() {
        for literal in ron_literals(&path) {
            check(&literal, false);
        }
    }
    out
}

#[test]
fn the_windows_own_strings_follow_french_typography() {
    assert!(asset_files().len() >= 10, "the data files are found");
    let found = findings();
    assert!(
        found.is_empty(),
        "run scripts/typeset-ui-strings.py ({} strings):\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The scan's own rules, on small texts.
#[test]
fn the_scan_tells_typography_from_code() {
    let literal = |text: &str| Literal {
        file: "x.rs".into(),
        line: 1,
        text: text.into(),
        raw: false,
        before: String::new(),
    };
    let bad = |text: &str| !problems(&text_of(&literal(text), true)).is_empty();
    assert!(bad("Projet ouvert : {}"));
    assert!(bad("Lot {} ; suite"));
    assert!(bad("la clause « facilitateur »"));
    assert!(bad("Programme d'achats"));
    assert!(bad("15\u{202f}%"));
    assert!(!bad("Projet ouvert\u{a0}: {}"));
    assert!(!bad("{value:?}"), "a format spec is code");
    assert!(!bad("{}\u{a0}: {}"), "a placeholder counts as a word");
    assert!(!bad("https://example.org"));
    assert!(!bad("Programme d’achats"));
    assert!(!bad("'a'"), "quotes around a letter are no apostrophe");
}
