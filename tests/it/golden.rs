//! Golden text per scenario: the assembled document, as Markdown, kept as an `insta` snapshot
//! in tests/golden/. A deliberate change of wording is accepted with
//! `INSTA_UPDATE=always cargo test --test it golden::` (or `cargo insta review`), then its diff
//! is read like any other change of wording; a mismatch prints the unified diff.

use crate::common;

#[test]
fn each_scenario_produces_its_golden_text() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(common::root().join("tests/golden"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for scenario in common::scenarios() {
            let (_, doc) = common::pipeline(&scenario.project);
            let text = clausier::export::markdown::to_markdown(&doc);
            insta::assert_snapshot!(scenario.id.clone(), text);
        }
    });
}
