//! Bundles every `clause_templates/*.ron` and `assets/scenarios/*.ron`, `assets/trainer/*.ron` file into the binary,
//! so the app needs no file on disk and a new clause or scenario needs no code change.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let mut out = bundle("clause_templates", "BUNDLED");
    out.push_str(&bundle("assets/scenarios", "BUNDLED_SCENARIOS"));
    out.push_str(&bundle("assets/trainer", "BUNDLED_TRAINER_NOTES"));
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled.rs");
    std::fs::write(dest, out).unwrap();
}

/// A `&[(file name, contents)]` constant holding every `.ron` file of `folder`.
fn bundle(folder: &str, constant: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{folder}: {e}"))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ron"))
        .collect();
    names.sort();
    let mut out = format!("pub const {constant}: &[(&str, &str)] = &[\n");
    for name in names {
        println!("cargo:rerun-if-changed={}", dir.join(&name).display());
        writeln!(
            out,
            "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{folder}/{name}\"))),"
        )
        .unwrap();
    }
    out.push_str("];\n");
    out
}
