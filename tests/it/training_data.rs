//! The trainer's material that ships with the app: every scenario has complete notes, the quiz
//! is long enough and each answer is explained with its legal basis.

use clausier::training::{notes, quiz, Answer};
use std::collections::HashSet;

#[test]
fn every_scenario_has_complete_trainer_notes() {
    let scenarios = clausier::scenarios::bundled().unwrap();
    let notes = notes::bundled().unwrap_or_else(|e| panic!("{e}"));
    assert!(scenarios.len() >= 7, "at least seven scenarios ship");
    for scenario in &scenarios {
        let n = notes
            .iter()
            .find(|n| n.scenario == scenario.id)
            .unwrap_or_else(|| panic!("no assets/trainer/{}.ron", scenario.id));
        assert!(n.summary.len() > 80, "{}: summary too short", scenario.id);
        assert!(
            n.learning_goals.len() >= 2,
            "{}: learning goals",
            scenario.id
        );
        assert!(n.key_points.len() >= 3, "{}: key points", scenario.id);
        assert!(
            n.discussion_questions.len() >= 2,
            "{}: questions",
            scenario.id
        );
        assert!(
            n.misconceptions.len() >= 2,
            "{}: misconceptions",
            scenario.id
        );
        assert!(
            n.misconceptions
                .iter()
                .all(|m| !m.reference.trim().is_empty()),
            "{}: every misconception names its legal basis",
            scenario.id
        );
        assert!((15..=120).contains(&n.duration_minutes), "{}", scenario.id);
    }
    for n in &notes {
        assert!(
            scenarios.iter().any(|s| s.id == n.scenario),
            "notes for unknown scenario {}",
            n.scenario
        );
    }
}

#[test]
fn the_quiz_has_at_least_25_explained_questions_of_both_kinds() {
    let quiz = quiz::bundled().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        quiz.questions.len() >= 25,
        "{} questions",
        quiz.questions.len()
    );
    let ids: HashSet<_> = quiz.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids.len(), quiz.questions.len(), "question ids are unique");
    for q in &quiz.questions {
        assert!(!q.reference.trim().is_empty(), "{}: reference", q.id);
        assert!(q.explanation.len() > 60, "{}: explanation too short", q.id);
        assert!(
            q.answer.correct_index() < q.answer.choices().len(),
            "{}",
            q.id
        );
        assert!(q.answer.choices().len() <= 4, "{}: answers A to D", q.id);
        assert!(!q.themes.is_empty(), "{}: a theme", q.id);
    }
    // A trainer can cut a 10-question quiz on at least one theme.
    assert!(quiz.theme_counts().iter().any(|(_, n)| *n >= 10));
    for (theme, n) in quiz.theme_counts() {
        assert!(n >= 3, "theme {} has {n} questions", theme.id);
    }
    let true_false = quiz
        .questions
        .iter()
        .filter(|q| matches!(q.answer, Answer::TrueFalse(_)))
        .count();
    assert!(true_false >= 5 && quiz.questions.len() - true_false >= 5);
    // A quiz where every statement is true teaches nothing.
    assert!(quiz
        .questions
        .iter()
        .any(|q| matches!(q.answer, Answer::TrueFalse(false))));
    assert!(quiz
        .questions
        .iter()
        .any(|q| matches!(q.answer, Answer::TrueFalse(true))));
}

#[test]
fn a_choice_pointing_past_its_choices_is_refused_with_its_line() {
    let text = "(version: 1, themes: [(id: \"t\", label: \"T\")], questions: [\n(id: \"q1\", themes: [\"t\"], statement: \"S\",\n answer: Choice(choices: [\"a\", \"b\"], correct: 2),\n explanation: \"E\", reference: \"L1\")])";
    let err = quiz::parse(text, std::path::Path::new("quiz.ron"))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("quiz.ron:2:1"), "{err}");
    assert!(err.contains("q1"), "{err}");
}

#[test]
fn the_law_slides_are_short_and_cite_their_articles() {
    let topics = clausier::training::deck::law_topics().unwrap_or_else(|e| panic!("{e}"));
    assert!(topics.len() >= 3);
    for topic in &topics {
        assert!(
            (2..=4).contains(&topic.points.len()),
            "{}: two to four points a slide",
            topic.key
        );
        for point in &topic.points {
            // A slide is read from the back of the room: one or two lines each.
            assert!(
                point.text.chars().count() <= 170,
                "{}: « {} » is too long for a slide",
                topic.key,
                point.text
            );
        }
        assert!(
            topic.points.iter().any(|p| !p.reference.trim().is_empty()),
            "{}: at least one article",
            topic.key
        );
    }
}
