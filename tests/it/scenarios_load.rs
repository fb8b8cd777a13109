//! Every bundled scenario is a valid project file.

use std::path::Path;

#[test]
fn every_scenario_parses() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ron") {
            let bytes = std::fs::read(&path).unwrap();
            if let Err(e) = clausier::model::parse_project(&bytes, &path) {
                panic!("{e}");
            }
            count += 1;
        }
    }
    assert!(
        count >= 4,
        "expected at least four scenarios, found {count}"
    );
}
