//! The session plan: for the chosen cases, a timed sequence (start, duration, what happens,
//! with which material) built from each case's recommended duration and goals, and the quiz.
//! It goes into the handouts and has its own one-page export.

use super::session::Case;
use super::typography::french_spaces;
use crate::document::{Block, BlockKind, Document, Inline, ListItem};

/// Minutes of the parts that do not depend on the cases.
const WELCOME_MINUTES: u32 = 10;
const LAW_MINUTES: u32 = 15;
const CLOSING_MINUTES: u32 = 10;
/// A question read, answered by the room, then explained: about a minute and a half.
const QUIZ_SECONDS_PER_QUESTION: u32 = 90;
/// A session longer than this gets a break in the middle.
const BREAK_AFTER_MINUTES: u32 = 100;
const BREAK_MINUTES: u32 = 10;

/// One line of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Sequence {
    /// Minutes from the start of the session.
    pub start: u32,
    pub minutes: u32,
    pub title: String,
    pub content: String,
    pub materials: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionPlan {
    pub sequences: Vec<Sequence>,
}

impl SessionPlan {
    pub fn total_minutes(&self) -> u32 {
        self.sequences.iter().map(|s| s.minutes).sum()
    }
}

/// Rounds to the nearest 5 minutes, never below 5.
fn five(minutes: f32) -> u32 {
    (((minutes / 5.0).round() as u32) * 5).max(5)
}

/// The case's recommended duration split into its four moments, summing to that duration.
fn case_parts(duration: u32) -> [u32; 4] {
    let presentation = five(duration as f32 * 0.25);
    let what_if = five(duration as f32 * 0.25);
    let misconceptions = five(duration as f32 * 0.15);
    let discussion = duration
        .saturating_sub(presentation + what_if + misconceptions)
        .max(5);
    [presentation, what_if, discussion, misconceptions]
}

/// The plan for these cases and, when there is one, a quiz of `quiz_questions` questions.
pub fn plan(cases: &[Case], quiz_questions: Option<usize>) -> SessionPlan {
    let mut sequences = Vec::new();
    let several = cases.len() > 1;
    let mut push = |minutes: u32, title: String, content: String, materials: &str| {
        sequences.push(Sequence {
            start: 0,
            minutes,
            title,
            content,
            materials: materials.to_string(),
        });
    };
    push(
        WELCOME_MINUTES,
        "Accueil et objectifs".into(),
        "Tour de table, attentes, objectifs.".into(),
        "Diapositives : titre et objectifs",
    );
    push(
        LAW_MINUTES,
        "Ce que dit le droit".into(),
        "Allotissement, marchés réservés, clause d'insertion et calcul des heures.".into(),
        "Diapositives « Ce que dit le droit »",
    );
    for (n, case) in cases.iter().enumerate() {
        let label = if several {
            format!("Cas {} : {}", n + 1, case.title())
        } else {
            format!("Le cas : {}", case.title())
        };
        let [presentation, what_if, discussion, misconceptions] =
            case_parts(case.notes.duration_minutes);
        let lots = case.project.allotment.lots.len();
        push(
            presentation,
            label.clone(),
            // The goals are listed under the table: the cell stays short, the plan one page.
            format!(
                "Présentation du cas et des choix de l'acheteur ({lots} lot{}).",
                if lots > 1 { "s" } else { "" }
            ),
            "Diapositives du cas ; support participant",
        );
        push(
            what_if,
            "« Et si… ? » en direct".into(),
            "Changer un levier devant la salle, lire l'effet (heures, constats).".into(),
            "Clausier en présentation (F5), diapositive « Et si… ? »",
        );
        push(
            discussion,
            "Questions pour la discussion".into(),
            format!(
                "{} question{} en petits groupes, puis mise en commun.",
                case.notes.discussion_questions.len(),
                if case.notes.discussion_questions.len() > 1 {
                    "s"
                } else {
                    ""
                }
            ),
            "Support participant ; éléments de réponse dans le support du formateur",
        );
        push(
            misconceptions,
            "Idées reçues".into(),
            format!(
                "{} idée{} reçue{} corrigée{} avec leur article.",
                case.notes.misconceptions.len(),
                plural(case.notes.misconceptions.len()),
                plural(case.notes.misconceptions.len()),
                plural(case.notes.misconceptions.len())
            ),
            "Diapositives « Idées reçues »",
        );
    }
    if let Some(questions) = quiz_questions.filter(|q| *q > 0) {
        let minutes = five((questions as u32 * QUIZ_SECONDS_PER_QUESTION) as f32 / 60.0);
        push(
            minutes,
            "Quiz".into(),
            format!(
                "{questions} question{} en équipes, réponses A à D, correction au fil de l'eau.",
                plural(questions)
            ),
            "Clausier, quiz en mode projection ; feuille de quiz et son corrigé",
        );
    }
    push(
        CLOSING_MINUTES,
        "Synthèse et remise du support".into(),
        "Ce qu'il faut retenir, les questions restantes, l'évaluation de la séance.".into(),
        "Support participant",
    );
    let total: u32 = sequences.iter().map(|s| s.minutes).sum();
    if total > BREAK_AFTER_MINUTES {
        // After the sequence that ends nearest the middle, and never before the law part.
        let mut elapsed = 0;
        let mut best = (u32::MAX, 2);
        for (i, s) in sequences.iter().enumerate() {
            elapsed += s.minutes;
            let distance = elapsed.abs_diff(total / 2);
            if i >= 1 && i + 1 < sequences.len() && distance < best.0 {
                best = (distance, i + 1);
            }
        }
        sequences.insert(
            best.1,
            Sequence {
                start: 0,
                minutes: BREAK_MINUTES,
                title: "Pause".into(),
                content: String::new(),
                materials: String::new(),
            },
        );
    }
    let mut start = 0;
    for s in &mut sequences {
        s.start = start;
        start += s.minutes;
    }
    SessionPlan { sequences }
}

fn plural(n: usize) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

/// « 0 h 00 », « 1 h 35 »: times from the start of the session.
pub fn clock(minutes: u32) -> String {
    format!("{}\u{a0}h\u{a0}{:02}", minutes / 60, minutes % 60)
}

/// « 2 h », « 1 h 50 », « 45 min ».
pub fn duration_text(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}\u{a0}min"),
        (h, 0) => format!("{h}\u{a0}h"),
        (h, m) => format!("{h}\u{a0}h\u{a0}{m:02}"),
    }
}

/// The plan as document blocks: a table and the goals, for the handouts and the export.
pub fn blocks(plan: &SessionPlan, cases: &[Case], heading_level: u8) -> Vec<Block> {
    let frame = |kind| Block {
        kind,
        source: None,
        piece: None,
    };
    let mut out = vec![frame(BlockKind::Heading {
        level: heading_level,
        text: format!(
            "Déroulé de la séance ({})",
            duration_text(plan.total_minutes())
        ),
    })];
    let cell = |t: String| vec![Inline::plain(french_spaces(&t))];
    out.push(frame(BlockKind::Table {
        header: ["Horaire", "Durée", "Séquence", "Contenu", "Supports"]
            .iter()
            .map(|h| vec![Inline::plain(*h)])
            .collect(),
        rows: plan
            .sequences
            .iter()
            .map(|s| {
                vec![
                    cell(format!(
                        "{} – {}",
                        clock(s.start),
                        clock(s.start + s.minutes)
                    )),
                    cell(duration_text(s.minutes)),
                    vec![Inline::bold(french_spaces(&s.title))],
                    cell(s.content.clone()),
                    cell(s.materials.clone()),
                ]
            })
            .collect(),
    }));
    let goals: Vec<ListItem> = cases
        .iter()
        .flat_map(|c| &c.notes.learning_goals)
        .map(|g| ListItem {
            level: 0,
            content: vec![Inline::plain(french_spaces(g.trim()))],
        })
        .collect();
    if !goals.is_empty() {
        out.push(frame(BlockKind::Heading {
            level: heading_level + 1,
            text: "Objectifs".into(),
        }));
        out.push(frame(BlockKind::List {
            ordered: false,
            items: goals,
        }));
    }
    out
}

/// The plan on its own: one page to keep next to the projector.
pub fn document(
    plan: &SessionPlan,
    cases: &[Case],
    library: &crate::clauses::ClauseLibrary,
) -> Document {
    let session = super::session::session_title(cases);
    let title = "Déroulé de la séance".to_string();
    let audiences: Vec<&str> = cases.iter().map(|c| c.notes.audience.trim()).collect();
    let mut blocks = vec![
        Block {
            kind: BlockKind::Title(title.clone()),
            source: None,
            piece: None,
        },
        Block {
            kind: BlockKind::Paragraph(vec![Inline::plain(french_spaces(&format!(
                "Séance : {session}. Public : {}. Durée totale : {}.",
                audiences.join(" ; "),
                duration_text(plan.total_minutes())
            )))]),
            source: None,
            piece: None,
        },
    ];
    blocks.extend(self::blocks(plan, cases, 1));
    Document {
        meta: super::handout::training_meta(title, &session, cases, library),
        blocks,
        sources: Vec::new(),
        warnings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cases(ids: &[&str]) -> Vec<Case> {
        let ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        super::super::session::bundled_cases(&ids, |_| date).unwrap()
    }

    #[test]
    fn each_case_keeps_its_recommended_duration_and_times_follow_on() {
        let cases = cases(&["renovation-ecole", "espaces-verts"]);
        let plan = plan(&cases, Some(10));
        let case_minutes: u32 = cases.iter().map(|c| c.notes.duration_minutes).sum();
        let fixed = WELCOME_MINUTES + LAW_MINUTES + CLOSING_MINUTES + 15 + BREAK_MINUTES;
        assert_eq!(plan.total_minutes(), case_minutes + fixed);
        for pair in plan.sequences.windows(2) {
            assert_eq!(pair[0].start + pair[0].minutes, pair[1].start);
        }
        assert!(plan.sequences.iter().any(|s| s.title == "Pause"));
        assert!(plan
            .sequences
            .iter()
            .any(|s| s.title.starts_with("Cas 2 : ")));
    }

    #[test]
    fn a_short_session_has_no_break_and_no_quiz_when_none_is_planned() {
        let cases = cases(&["fournitures-bureau"]);
        let plan = plan(&cases, None);
        assert!(plan.total_minutes() <= BREAK_AFTER_MINUTES, "{plan:?}");
        assert!(plan
            .sequences
            .iter()
            .all(|s| s.title != "Pause" && s.title != "Quiz"));
    }

    #[test]
    fn durations_read_as_a_trainer_writes_them() {
        assert_eq!(duration_text(45), "45\u{a0}min");
        assert_eq!(duration_text(120), "2\u{a0}h");
        assert_eq!(clock(95), "1\u{a0}h\u{a0}35");
    }
}
