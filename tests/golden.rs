//! Golden text per scenario: the assembled document, as Markdown, compared with the file
//! kept in tests/golden/. Run with UPDATE_GOLDEN=1 to accept a deliberate change, then
//! review the diff like any other change of wording.

mod common;

#[test]
fn each_scenario_produces_its_golden_text() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let dir = common::root().join("tests/golden");
    std::fs::create_dir_all(&dir).unwrap();
    let mut mismatches = Vec::new();
    for scenario in common::scenarios() {
        let (_, doc) = common::pipeline(&scenario.project);
        let text = clausier::export::markdown::to_markdown(&doc);
        let path = dir.join(format!("{}.md", scenario.id));
        if update {
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(expected) if expected == text => {}
            Ok(expected) => {
                let line = expected
                    .lines()
                    .zip(text.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(expected.lines().count().min(text.lines().count()));
                mismatches.push(format!(
                    "{}: differs from line {}\n  expected: {:?}\n  actual:   {:?}",
                    scenario.id,
                    line + 1,
                    expected.lines().nth(line),
                    text.lines().nth(line)
                ));
            }
            Err(_) => mismatches.push(format!(
                "{}: no golden file {}",
                scenario.id,
                path.display()
            )),
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}\n(UPDATE_GOLDEN=1 to accept)",
        mismatches.join("\n")
    );
}
