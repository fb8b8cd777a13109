//! The core never depends on the GUI: only src/ui/ and src/main.rs may name egui or eframe.

use std::path::Path;

fn visit(dir: &Path, offenders: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "ui") {
                visit(&path, offenders);
            }
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("src/main.rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                if ["egui", "eframe", "rfd::", "use rfd"]
                    .iter()
                    .any(|w| code.contains(w))
                {
                    offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
}

#[test]
fn no_gui_crate_outside_the_ui_module() {
    let mut offenders = Vec::new();
    visit(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut offenders,
    );
    assert!(
        offenders.is_empty(),
        "GUI code in the core:\n{}",
        offenders.join("\n")
    );
}
