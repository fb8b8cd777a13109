//! The shape of the crate: the core never depends on the GUI (only src/ui/ and src/main.rs may
//! name egui, eframe or rfd; `cargo check --no-default-features --lib` proves it with the
//! compiler in CI), and the core's modules only use the modules below them, so that no cycle
//! can come back (formatting at the bottom, then the project, the rules, the documents, the
//! exporters, the pipeline, the trainer's use cases).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

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

/// The file's code before its test module (test modules close the files here), and without
/// the comments.
fn non_test_code(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .map(|l| l.split("//").next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn no_gui_crate_outside_the_ui_module() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut offenders = Vec::new();
    for path in files {
        let relative = path.strip_prefix(src()).unwrap();
        if relative.starts_with("ui") || relative == Path::new("main.rs") {
            continue;
        }
        for (n, code) in non_test_code(&path).iter().enumerate() {
            if ["egui", "eframe", "rfd::", "use rfd"]
                .iter()
                .any(|w| code.contains(w))
            {
                offenders.push(format!("{}:{}: {}", path.display(), n + 1, code.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "GUI code in the core:\n{}",
        offenders.join("\n")
    );
}

/// What each module of the core may use. A module absent from its own list may still use
/// itself. `ui` (and the command line, in the binary) may use everything.
const LAYERS: &[(&str, &[&str])] = &[
    ("fr", &[]),
    ("util", &["fr"]),
    ("data_dir", &[]),
    ("bundled", &[]),
    ("model", &["fr", "util"]),
    ("tabular", &["fr", "util"]),
    ("reference", &["model", "fr"]),
    ("scenarios", &["model", "bundled"]),
    ("rules", &["model", "reference", "fr", "util"]),
    ("clauses", &["model", "fr", "util", "bundled"]),
    ("help", &["clauses"]),
    (
        "document",
        &["clauses", "model", "reference", "rules", "fr", "util"],
    ),
    (
        "supply",
        &[
            "document",
            "model",
            "reference",
            "rules",
            "tabular",
            "data_dir",
            "fr",
            "util",
        ],
    ),
    ("export", &["document", "fr", "util"]),
    (
        "pipeline",
        &[
            "clauses",
            "document",
            "export",
            "model",
            "reference",
            "rules",
            "scenarios",
            "supply",
            "fr",
            "util",
        ],
    ),
    (
        "training",
        &[
            "pipeline",
            "clauses",
            "document",
            "export",
            "help",
            "model",
            "reference",
            "rules",
            "scenarios",
            "bundled",
            "fr",
            "util",
        ],
    ),
];

/// The module a file of src/ belongs to: `rules` for src/rules/findings.rs, `fr` for src/fr/….
fn module_of(relative: &Path) -> String {
    let first = relative.components().next().unwrap();
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_string()
}

#[test]
fn each_module_uses_only_the_modules_below_it() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut offences = BTreeSet::new();
    let used = regex_lite_crate_paths();
    for path in files {
        let relative = path.strip_prefix(src()).unwrap().to_path_buf();
        let module = module_of(&relative);
        let Some((_, allowed)) = LAYERS.iter().find(|(m, _)| *m == module) else {
            continue;
        };
        for code in non_test_code(&path) {
            // Constants of the crate root (`crate::APP_VERSION`) are not modules.
            for target in used(&code)
                .into_iter()
                .filter(|t| t.starts_with(char::is_lowercase))
            {
                if target != module && !allowed.contains(&target.as_str()) {
                    offences.insert(format!(
                        "{} uses crate::{target} ({})",
                        relative.display(),
                        code.trim()
                    ));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "a module uses one above it (see LAYERS):\n{}",
        offences.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// The modules named by `crate::name` in a line of code, including in `use crate::{a, b}`.
fn regex_lite_crate_paths() -> impl Fn(&str) -> Vec<String> {
    |code: &str| {
        let mut out = Vec::new();
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.push(name);
                    }
                }
            } else {
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
            rest = &rest[at + "crate::".len()..];
        }
        out
    }
}

/// Every file of the integration tests is a module of `tests/it/main.rs`: a file left out
/// compiles into nothing and its tests silently never run (accessible_files.rs did).
#[test]
fn every_integration_test_file_is_declared() {
    let dir = crate::common::root().join("tests/it");
    let main = std::fs::read_to_string(dir.join("main.rs")).unwrap();
    let declared: BTreeSet<&str> = main
        .lines()
        .filter_map(|line| line.trim().strip_prefix("mod "))
        .filter_map(|rest| rest.strip_suffix(';'))
        .collect();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "rs") && name != "main" && !declared.contains(name)
        {
            missing.push(name.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "not declared in tests/it/main.rs: {missing:?}"
    );
}
