//! The trainer's comparison at 1366×768, a common projector size (review P19): the text's
//! differences had 90 px under the choices and the summary.

use clausier::ui::{AppPaths, ClausierApp, Command, FakeDialogs, Page};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

const WIDTH: f32 = 1366.0;
const HEIGHT: f32 = 768.0;

#[test]
fn at_1366_by_768_the_text_differences_get_the_lower_part_of_the_view() {
    let data = tempfile::tempdir().unwrap();
    let paths = AppPaths::in_folder(data.path());
    let mut h = Harness::builder()
        .with_size(egui::vec2(WIDTH, HEIGHT))
        .build_eframe(move |cc| ClausierApp::new(cc, paths, Box::new(FakeDialogs::default())));
    // The 34-lot case; lot 2 reserved instead of its clause.
    h.state_mut().trainer.select("renouvellement-urbain");
    h.state_mut().queue(Command::ShowPage(Page::Compare));
    h.run();
    h.query_all_by_label("Lot réservé").nth(1).unwrap().click();
    h.run();
    h.run();

    // Every header of the summary is in the window.
    for header in ["Tel que conçu", "Avec les changements"] {
        let rect = h.get_by_label(header).rect();
        assert!(
            rect.left() >= 0.0 && rect.right() <= WIDTH && rect.bottom() <= HEIGHT,
            "« {header} » at {rect:?}"
        );
    }
    // The results (summary, then the text) start above the window's lower 40 %…
    let results_top = h.get_by_label("Tel que conçu").rect().top();
    assert!(
        results_top <= HEIGHT * 0.6,
        "the results start at {results_top} px"
    );
    // …and the text scrolls in all of that room, not in a strip under the summary.
    let text_header_top = h
        .get_by_label_contains("Texte de la section :")
        .rect()
        .top();
    for _ in 0..3 {
        h.get_by_label_contains("Texte de la section :")
            .scroll_down();
        h.run();
    }
    let moved = h
        .query_by_label_contains("Texte de la section :")
        .is_none_or(|n| n.rect().top() < text_header_top - 100.0);
    assert!(moved, "the summary and the text scroll together");
    // Changed paragraphs fill the room the summary left.
    let shown: Vec<egui::Rect> = h
        .query_all_by_label_contains("2113-13")
        .map(|n| n.rect())
        .filter(|r| r.top() >= results_top - 1.0 && r.bottom() <= HEIGHT && r.right() <= WIDTH)
        .collect();
    assert!(!shown.is_empty(), "no changed paragraph in view");
}
