//! Image snapshots of the key screens, rendered by wgpu on a software adapter (Mesa). A
//! missing or different image fails; UPDATE_SNAPSHOTS=1 writes the new references, which a
//! person then looks at before committing them.

use clausier::ui::steps::Step;
use clausier::ui::{AppPaths, ClausierApp, Command, FakeDialogs, Page};
use egui_kittest::Harness;

fn screen(command: Command) -> Harness<'static, ClausierApp> {
    let data = tempfile::tempdir().unwrap();
    let paths = AppPaths::in_folder(data.path());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            let mut app = ClausierApp::new(cc, paths, Box::new(FakeDialogs::default()));
            app.today_override = chrono::NaiveDate::from_ymd_opt(2026, 12, 1);
            app.queue(Command::OpenScenario("renovation-ecole".into()));
            app
        });
    harness.run();
    harness.state_mut().queue(command);
    harness.run();
    harness.run();
    // The temporary folder must outlive the app, which may write preferences into it.
    std::mem::forget(data);
    harness
}

#[test]
fn key_screens_look_as_reviewed() {
    let mut results = egui_kittest::SnapshotResults::new();
    let step = |step| Command::GoTo(step, None);
    for (command, name) in [
        (step(Step::Need), "etape-1-besoin"),
        (step(Step::Allotment), "etape-3-allotissement"),
        (step(Step::Levers), "etape-4-leviers"),
        (step(Step::Insertion), "etape-5-insertion"),
        (step(Step::Review), "etape-7-verifier"),
        (Command::ShowPage(Page::Scenarios), "vue-scenarios"),
        (Command::ShowPage(Page::Compare), "vue-comparer"),
        (Command::Present, "vue-presentation"),
        (Command::ShowPage(Page::Quiz), "vue-quiz"),
        (Command::ProjectQuiz, "vue-quiz-salle"),
        (Command::ShowPage(Page::Clauses), "vue-bibliotheque"),
    ] {
        let mut harness = screen(command);
        results.add(harness.try_snapshot(name));
        results.extend_harness(&mut harness);
    }
    results.unwrap();
}

/// The programme and indicators views with the invented example files of docs/exemples.
#[test]
fn the_programme_and_indicators_views_look_as_reviewed() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut results = egui_kittest::SnapshotResults::new();
    for (page, name) in [
        (Page::Programme, "vue-programme"),
        (Page::Indicators, "vue-indicateurs"),
    ] {
        let data = tempfile::tempdir().unwrap();
        let paths = AppPaths::in_folder(data.path());
        let root = root.clone();
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1280.0, 800.0))
            .build_eframe(move |cc| {
                let mut app = ClausierApp::new(cc, paths, Box::new(FakeDialogs::default()));
                let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
                app.today_override = Some(today);
                app.programme.import(
                    &root.join("docs/exemples/programme-exemple.csv"),
                    today,
                    None,
                );
                app.indicators
                    .import(&root.join("docs/exemples/decp-exemple.json"));
                app.queue(Command::ShowPage(page));
                app
            });
        harness.run();
        harness.run();
        results.add(harness.try_snapshot(name));
        results.extend_harness(&mut harness);
        std::mem::forget(data);
    }
    results.unwrap();
}

/// A wrong answer in the quiz, in the light and the dark theme: the right answer on green, the
/// chosen one on red, both readable (review P27).
#[test]
fn an_answered_quiz_question_looks_as_reviewed_in_both_themes() {
    let mut results = egui_kittest::SnapshotResults::new();
    for (theme, name) in [
        (egui::Theme::Light, "vue-quiz-reponse-clair"),
        (egui::Theme::Dark, "vue-quiz-reponse-sombre"),
    ] {
        let mut harness = screen(Command::ShowPage(Page::Quiz));
        harness.ctx.set_theme(theme);
        let quiz = clausier::training::quiz::bundled().unwrap();
        let first = harness.state().trainer.run.questions[0];
        let correct = quiz.questions[first].answer.correct_index();
        let wrong = (correct + 1) % quiz.questions[first].answer.choices().len();
        harness.state_mut().trainer.run.answer(wrong);
        harness.run();
        results.add(harness.try_snapshot(name));
        results.extend_harness(&mut harness);
    }
    results.unwrap();
}
