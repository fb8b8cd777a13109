//! The string literals of the project's Rust sources and RON files, with their line, for the
//! scans that check French wording (plurals, typography). Comments, byte strings and the items
//! under `#[cfg(test)]` are left out: only what a user can read is checked.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Literal {
    /// Relative to the crate's root, with `/`.
    pub file: String,
    /// Line where the literal starts, from 1.
    pub line: usize,
    /// The text between the quotes, as written in the source (escapes not resolved).
    pub text: String,
    /// `r"…"` or `r#"…"#`: no escapes inside.
    pub raw: bool,
    /// Up to 80 characters of code before the literal (the call it is passed to).
    pub before: String,
}

/// Files under `dir` (relative to the crate's root) whose name ends with `.ext`, sorted.
pub fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, ext, out);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&super::root().join(dir), ext, &mut out);
    out.sort();
    out
}

fn relative(path: &Path) -> String {
    path.strip_prefix(super::root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The string literals of a Rust file, outside test code.
pub fn rust_literals(path: &Path) -> Vec<Literal> {
    let text = std::fs::read_to_string(path).unwrap();
    let skipped = test_lines(&text);
    literals(&relative(path), &text, true)
        .into_iter()
        .filter(|l| !skipped.contains(&l.line))
        .collect()
}

/// The strings of a RON file.
pub fn ron_literals(path: &Path) -> Vec<Literal> {
    let text = std::fs::read_to_string(path).unwrap();
    literals(&relative(path), &text, false)
}

/// Lines (from 1) of the items that `#[cfg(test)]` guards, and of the files they pull in.
pub fn test_lines(text: &str) -> std::collections::HashSet<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = std::collections::HashSet::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_start().starts_with("#[cfg(test)]") {
            let mut depth = 0i32;
            let mut opened = false;
            out.insert(i + 1);
            i += 1;
            while i < lines.len() {
                out.insert(i + 1);
                let code = lines[i].split("//").next().unwrap_or("");
                for ch in code.chars() {
                    match ch {
                        '{' => {
                            depth += 1;
                            opened = true;
                        }
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
                if (opened && depth <= 0) || (!opened && lines[i].trim_end().ends_with(';')) {
                    break;
                }
                i += 1;
            }
        }
        i += 1;
    }
    out
}

/// A small lexer: enough of Rust (and RON) to tell strings from comments, char literals and
/// lifetimes.
fn literals(file: &str, text: &str, rust: bool) -> Vec<Literal> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            '/' if at(i + 1) == '/' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if at(i + 1) == '*' => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && at(i + 1) == '/') {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
                i += 2;
            }
            'r' | 'b'
                if !at(i.wrapping_sub(1)).is_alphanumeric() && at(i.wrapping_sub(1)) != '_' =>
            {
                // r"…", r#"…"#, b"…", br"…"
                let mut j = i;
                let byte = chars[j] == 'b';
                if byte {
                    j += 1;
                }
                if at(j) == 'r' && (at(j + 1) == '"' || at(j + 1) == '#') {
                    let mut hashes = 0;
                    j += 1;
                    while at(j) == '#' {
                        hashes += 1;
                        j += 1;
                    }
                    if at(j) != '"' {
                        i += 1;
                        continue;
                    }
                    let start_line = line;
                    let start = j + 1;
                    let mut k = start;
                    loop {
                        if k >= chars.len() {
                            break;
                        }
                        if chars[k] == '"' && (1..=hashes).all(|h| at(k + h) == '#') {
                            break;
                        }
                        if chars[k] == '\n' {
                            line += 1;
                        }
                        k += 1;
                    }
                    if !byte {
                        out.push(Literal {
                            file: file.to_string(),
                            line: start_line,
                            text: chars[start..k.min(chars.len())].iter().collect(),
                            raw: true,
                            before: chars[i.saturating_sub(80)..i].iter().collect(),
                        });
                    }
                    i = k + 1 + hashes;
                } else if byte && at(j) == '"' {
                    let (k, lines) = string_end(&chars, j + 1);
                    line += lines;
                    i = k + 1;
                } else {
                    i += 1;
                }
            }
            '"' => {
                let start_line = line;
                let (k, lines) = string_end(&chars, i + 1);
                line += lines;
                out.push(Literal {
                    file: file.to_string(),
                    line: start_line,
                    text: chars[i + 1..k.min(chars.len())].iter().collect(),
                    raw: false,
                    before: chars[i.saturating_sub(80)..i].iter().collect(),
                });
                i = k + 1;
            }
            '\'' if rust => {
                // A char literal ('a', '\n', '\u{a0}') or a lifetime ('a).
                if at(i + 1) == '\\' {
                    let mut k = i + 2;
                    while k < chars.len() && chars[k] != '\'' {
                        k += 1;
                    }
                    i = k + 1;
                } else if at(i + 2) == '\'' {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// Index of the closing quote of a string starting at `from`, and the newlines crossed.
fn string_end(chars: &[char], from: usize) -> (usize, usize) {
    let mut k = from;
    let mut lines = 0;
    while k < chars.len() && chars[k] != '"' {
        if chars[k] == '\\' {
            k += 1;
        }
        if chars.get(k) == Some(&'\n') {
            lines += 1;
        }
        k += 1;
    }
    (k, lines)
}
