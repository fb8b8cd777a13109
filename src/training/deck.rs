//! The slide deck of a session, one source for the projector view and the PDF: few words per
//! slide, the lots with a coloured lever each, insertion hours as bars, the « Et si… ? »
//! effect as before/after bars. Built from the cases, their trainer notes and evaluations,
//! and the law topics of `assets/trainer/slides/droit.ron`; the window draws it with egui and
//! `slides_pdf` draws the same slides on 16:9 pages.

use super::compare::Comparison;
use super::handout::{answer_elements, question_for_participants};
use super::session::Case;
use super::typography::french_spaces;
use crate::fr::{format_euros, format_hours, format_references};
use crate::model::{LoadError, Lot};
use crate::rules::{Evaluation, Severity};
use serde::Deserialize;
use std::path::Path;

const LAW_RON: &str = include_str!("../../assets/trainer/slides/droit.ron");

/// Rows of the lot table on one slide; longer cases go on to further slides.
pub const LOTS_PER_SLIDE: usize = 10;
/// Bars of the hours chart; the lots beyond are summed in a last bar.
pub const BARS_PER_SLIDE: usize = 10;
const POINTS_PER_SLIDE: usize = 2;
const GOALS_PER_SLIDE: usize = 4;
const BELIEFS_PER_SLIDE: usize = 2;
const QUESTIONS_PER_SLIDE: usize = 3;
const FINDINGS_SHOWN: usize = 3;

/// A « Ce que dit le droit » slide, from the data file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LawTopic {
    /// Also the key of the step help (assets/steps.ron) that the handouts print in full.
    pub key: String,
    pub title: String,
    pub points: Vec<LawPoint>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LawPoint {
    pub text: String,
    /// « L2113-10 » style; empty when the point rests on no single article.
    pub reference: String,
}

pub fn law_topics() -> Result<Vec<LawTopic>, LoadError> {
    parse_law(LAW_RON, Path::new("assets/trainer/slides/droit.ron"))
}

pub fn parse_law(text: &str, path: &Path) -> Result<Vec<LawTopic>, LoadError> {
    ron::Options::default()
        .from_str(text)
        .map_err(|e| crate::model::spanned_error(path, &e))
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deck {
    /// « Support de formation — … »: the first slide's title and the PDF's.
    pub title: String,
    pub slides: Vec<Slide>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Slide {
    pub kind: SlideKind,
    pub title: String,
    /// Index of the case the slide belongs to; None for the session's own slides.
    pub case: Option<usize>,
    pub body: Vec<Element>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlideKind {
    Title,
    Goals,
    Law,
    Case,
    Lots,
    Hours,
    /// Live in the window: the trainer changes levers and the effect follows.
    WhatIf,
    KeyPoints,
    Misconceptions,
    Questions,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    /// One sentence in large type.
    Lead(String),
    /// Big numbers with their caption: amount, duration, lots.
    Figures(Vec<Figure>),
    Points(Vec<Point>),
    Lots(Vec<LotRow>),
    Bars(Vec<Bar>),
    Effect(Effect),
    Belief(Point),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: String,
    pub caption: String,
}

/// A sentence and, smaller, what backs it: its articles, or the answer elements.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub text: String,
    pub detail: String,
}

/// The lever a lot carries, for its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lever {
    Reserved,
    Clause,
    /// An insertion criterion, a marché d'insertion or a social condition of another family.
    Other,
    None,
}

impl Lever {
    pub fn of(lot: &Lot) -> Lever {
        if !lot.reservations.is_empty() {
            Lever::Reserved
        } else if lot.insertion_clause.is_some() {
            Lever::Clause
        } else if lot.insertion_criterion.is_some()
            || lot.insertion_market
            || !lot.social_conditions.is_empty()
        {
            Lever::Other
        } else {
            Lever::None
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LotRow {
    pub number: u32,
    pub title: String,
    pub amount: String,
    pub lever: Lever,
    /// « Réservé SIAE », « Clause : 306 heures »…
    pub lever_text: String,
    /// Changed by « Et si… ? ».
    pub changed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
    /// The value as printed next to the bar.
    pub text: String,
    pub lever: Lever,
}

/// What the trainer's changes did, as the room sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    pub changes: Vec<String>,
    pub hours_before: u64,
    pub hours_after: u64,
    pub errors: (usize, usize),
    pub warnings: (usize, usize),
    pub changed_paragraphs: usize,
    /// Findings that appear with the changes, the most serious first.
    pub new_findings: Vec<(Severity, String)>,
}

impl Effect {
    pub fn hours_line(&self) -> String {
        format!(
            "Heures d'insertion : {} avant, {} après",
            format_hours(self.hours_before),
            format_hours(self.hours_after)
        )
    }

    pub fn counts_line(&self) -> String {
        format!(
            "Erreurs : {} avant, {} après — avertissements : {} avant, {} après — paragraphes modifiés : {}",
            self.errors.0, self.errors.1, self.warnings.0, self.warnings.1, self.changed_paragraphs
        )
    }

    pub fn finding_line(severity: Severity, message: &str) -> String {
        format!("Nouveau constat ({}) : {message}", severity.label())
    }
}

/// How the deck is built.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Show the answer elements under the discussion questions (key E in the window).
    pub answers: bool,
    /// Keep the « Et si… ? » slide of a case without changes: the window needs it to make
    /// them; a PDF has it only when a variant was prepared.
    pub what_if_always: bool,
}

/// Builds the deck of these cases; `variants[i]` is the « Et si… ? » comparison prepared for
/// case `i`, if any.
pub fn build(
    cases: &[Case],
    variants: &[Option<&Comparison>],
    law: &[LawTopic],
    options: Options,
) -> Deck {
    let session = super::session::session_title(cases);
    let title = format!("Support de formation — {session}");
    let mut slides = Vec::new();
    let minutes: u32 = cases.iter().map(|c| c.notes.duration_minutes).sum();
    slides.push(Slide {
        kind: SlideKind::Title,
        title: "Support de formation".into(),
        case: None,
        body: vec![
            Element::Lead(french_spaces(&session)),
            Element::Figures(vec![
                Figure {
                    value: cases.len().to_string(),
                    caption: plural(cases.len(), "cas fictif", "cas fictifs"),
                },
                Figure {
                    value: format!("{minutes}\u{a0}min"),
                    caption: "d'étude de cas".into(),
                },
            ]),
            Element::Lead("Allotissement, marchés réservés et clauses sociales d'insertion".into()),
        ],
    });
    let goals: Vec<Point> = cases
        .iter()
        .flat_map(|c| &c.notes.learning_goals)
        .map(|g| Point {
            text: french_spaces(g.trim()),
            detail: String::new(),
        })
        .collect();
    paginate(
        &mut slides,
        SlideKind::Goals,
        "Objectifs de la séance",
        None,
        goals,
        GOALS_PER_SLIDE,
        Element::Points,
    );
    for topic in law {
        slides.push(Slide {
            kind: SlideKind::Law,
            title: french_spaces(&topic.title),
            case: None,
            body: vec![Element::Points(
                topic
                    .points
                    .iter()
                    .map(|p| Point {
                        text: french_spaces(p.text.trim()),
                        detail: references(&p.reference),
                    })
                    .collect(),
            )],
        });
    }
    for (i, case) in cases.iter().enumerate() {
        case_slides(
            &mut slides,
            i,
            case,
            variants.get(i).copied().flatten(),
            options,
        );
    }
    Deck { title, slides }
}

fn case_slides(
    slides: &mut Vec<Slide>,
    index: usize,
    case: &Case,
    variant: Option<&Comparison>,
    options: Options,
) {
    let project = &case.project;
    let case_title = french_spaces(case.title());
    let p = &project.purchase;
    let lots = &project.allotment.lots;
    slides.push(Slide {
        kind: SlideKind::Case,
        title: case_title.clone(),
        case: Some(index),
        body: vec![
            Element::Figures(vec![
                Figure {
                    value: format_euros_short(p.amount_cents),
                    caption: "HT".into(),
                },
                Figure {
                    value: format!("{}\u{a0}mois", p.duration_months),
                    caption: "de marché".into(),
                },
                Figure {
                    value: if project.allotment.allotted {
                        lots.len().to_string()
                    } else {
                        "1".into()
                    },
                    caption: if project.allotment.allotted {
                        plural(lots.len(), "lot", "lots")
                    } else {
                        "marché unique".into()
                    },
                },
                Figure {
                    value: format_hours_short(total_hours(&case.evaluation)),
                    caption: "d'insertion".into(),
                },
            ]),
            Element::Lead(french_spaces(&first_sentence(&case.notes.summary))),
        ],
    });
    let rows: Vec<LotRow> = lot_rows(lots, &case.evaluation, None);
    paginate(
        slides,
        SlideKind::Lots,
        "Les lots et leurs leviers",
        Some(index),
        rows,
        LOTS_PER_SLIDE,
        Element::Lots,
    );
    let bars = hour_bars(lots, &case.evaluation);
    if !bars.is_empty() {
        slides.push(Slide {
            kind: SlideKind::Hours,
            title: format!(
                "Heures d'insertion : {} au total",
                format_hours(total_hours(&case.evaluation))
            ),
            case: Some(index),
            body: vec![Element::Bars(bars)],
        });
    }
    let changed = variant.is_some_and(|c| c.left.project != c.right.project);
    if changed || options.what_if_always {
        let mut body = Vec::new();
        if let Some(c) = variant {
            let after_lots = &c.right.project.allotment.lots;
            let mut rows = lot_rows(after_lots, &c.right.evaluation, Some(lots));
            rows.truncate(LOTS_PER_SLIDE);
            body.push(Element::Lots(rows));
            let mut new_findings: Vec<(Severity, String)> = c
                .findings
                .iter()
                .filter(|f| f.appears)
                .map(|f| (f.severity, french_spaces(&f.message)))
                .collect();
            new_findings.truncate(FINDINGS_SHOWN);
            body.push(Element::Effect(Effect {
                changes: what_if_changes(c),
                hours_before: c.left.total_hours(),
                hours_after: c.right.total_hours(),
                errors: (
                    c.left.evaluation.count(Severity::Error),
                    c.right.evaluation.count(Severity::Error),
                ),
                warnings: (
                    c.left.evaluation.count(Severity::Warning),
                    c.right.evaluation.count(Severity::Warning),
                ),
                changed_paragraphs: c.changed_paragraphs(),
                new_findings,
            }));
        }
        slides.push(Slide {
            kind: SlideKind::WhatIf,
            title: "Et si… ? Changez un levier, voyez l'effet".into(),
            case: Some(index),
            body,
        });
    }
    let notes = &case.notes;
    paginate(
        slides,
        SlideKind::KeyPoints,
        "Ce qu'il faut retenir",
        Some(index),
        notes
            .key_points
            .iter()
            .map(|k| Point {
                text: french_spaces(k.text.trim()),
                detail: references(&k.reference),
            })
            .collect(),
        POINTS_PER_SLIDE,
        Element::Points,
    );
    let beliefs: Vec<Point> = notes
        .misconceptions
        .iter()
        .map(|m| Point {
            text: french_spaces(&m.belief_quoted()),
            detail: french_spaces(&match references(&m.reference) {
                r if r.is_empty() => m.correction.trim().to_string(),
                r => format!("{} ({r})", m.correction.trim()),
            }),
        })
        .collect();
    for (n, chunk) in beliefs.chunks(BELIEFS_PER_SLIDE).enumerate() {
        slides.push(Slide {
            kind: SlideKind::Misconceptions,
            title: page_title("Idées reçues", n, beliefs.len().div_ceil(BELIEFS_PER_SLIDE)),
            case: Some(index),
            body: chunk.iter().cloned().map(Element::Belief).collect(),
        });
    }
    let questions: Vec<Point> = notes
        .discussion_questions
        .iter()
        .map(|q| Point {
            text: french_spaces(question_for_participants(q)),
            detail: if options.answers {
                answer_elements(q).map(french_spaces).unwrap_or_default()
            } else {
                String::new()
            },
        })
        .collect();
    paginate(
        slides,
        SlideKind::Questions,
        "Questions pour la discussion",
        Some(index),
        questions,
        QUESTIONS_PER_SLIDE,
        Element::Points,
    );
}

/// Slides of `kind` holding `items` by `per_slide`, titled « Title (1/2) » when there are
/// several.
fn paginate<T: Clone>(
    slides: &mut Vec<Slide>,
    kind: SlideKind,
    title: &str,
    case: Option<usize>,
    items: Vec<T>,
    per_slide: usize,
    element: impl Fn(Vec<T>) -> Element,
) {
    let pages = items.len().div_ceil(per_slide);
    for (n, chunk) in items.chunks(per_slide).enumerate() {
        slides.push(Slide {
            kind,
            title: page_title(title, n, pages),
            case,
            body: vec![element(chunk.to_vec())],
        });
    }
}

fn page_title(title: &str, n: usize, pages: usize) -> String {
    if pages > 1 {
        format!("{title} ({}/{pages})", n + 1)
    } else {
        title.to_string()
    }
}

/// The lots with their lever; with `before`, rows whose lever differs from it are marked.
fn lot_rows(lots: &[Lot], evaluation: &Evaluation, before: Option<&[Lot]>) -> Vec<LotRow> {
    lots.iter()
        .enumerate()
        .map(|(i, lot)| {
            let hours = evaluation
                .lots
                .get(i)
                .and_then(|e| e.hours.as_ref())
                .map(|h| h.hours);
            let changed = before.is_some_and(|before| {
                before.len() != lots.len()
                    || before.get(i).is_none_or(|b| Lever::of(b) != Lever::of(lot))
            });
            LotRow {
                number: lot.number,
                title: french_spaces(lot.title.trim()),
                amount: format_euros_short(lot.amount_cents),
                lever: Lever::of(lot),
                lever_text: lever_text(lot, hours),
                changed,
            }
        })
        .collect()
}

/// The lever in two or three words, for a slide.
pub fn lever_text(lot: &Lot, hours: Option<u64>) -> String {
    let data = crate::reference::ReferenceData::bundled();
    let mut parts = Vec::new();
    if !lot.reservations.is_empty() {
        let kinds: Vec<&str> = lot
            .reservations
            .iter()
            .map(|b| data.reservations.base(*b).short.as_str())
            .collect();
        parts.push(format!("Réservé {}", kinds.join(" et ")));
    }
    if lot.insertion_clause.is_some() {
        parts.push(match hours {
            Some(h) => format!("Clause : {}", format_hours(h)),
            None => "Clause d'insertion".into(),
        });
    }
    if let Some(c) = &lot.insertion_criterion {
        parts.push(format!("Critère {}\u{a0}%", c.weight_percent));
    }
    if lot.insertion_market {
        parts.push("Marché d'insertion".into());
    }
    if parts.is_empty() {
        "Aucun levier".into()
    } else {
        parts.join(" + ")
    }
}

/// One bar per lot with a clause, in lot order; beyond the slide's room, the rest in one bar.
fn hour_bars(lots: &[Lot], evaluation: &Evaluation) -> Vec<Bar> {
    let with_hours: Vec<(&Lot, u64)> = lots
        .iter()
        .zip(&evaluation.lots)
        .filter_map(|(lot, e)| e.hours.as_ref().map(|h| (lot, h.hours)))
        .collect();
    let shown = if with_hours.len() > BARS_PER_SLIDE {
        BARS_PER_SLIDE - 1
    } else {
        with_hours.len()
    };
    let mut bars: Vec<Bar> = with_hours[..shown]
        .iter()
        .map(|(lot, hours)| Bar {
            label: french_spaces(&format!("Lot {} – {}", lot.number, lot.title.trim())),
            value: *hours,
            text: format_hours(*hours),
            lever: Lever::Clause,
        })
        .collect();
    let rest = &with_hours[shown..];
    if !rest.is_empty() {
        let sum: u64 = rest.iter().map(|(_, h)| h).sum();
        bars.push(Bar {
            label: format!("… et {} autres lots", rest.len()),
            value: sum,
            text: format_hours(sum),
            lever: Lever::Other,
        });
    }
    bars
}

fn what_if_changes(c: &Comparison) -> Vec<String> {
    // The comparison keeps both projects: the changes are read from them, lot by lot.
    let (before, after) = (&c.left.project, &c.right.project);
    let mut out = Vec::new();
    if before.allotment.allotted && !after.allotment.allotted {
        out.push(format!(
            "Un marché unique au lieu de {} lots",
            before.allotment.lots.len()
        ));
        return out;
    }
    for (b, a) in before.allotment.lots.iter().zip(&after.allotment.lots) {
        if Lever::of(b) != Lever::of(a) {
            out.push(french_spaces(&format!(
                "Lot {} : {} au lieu de « {} »",
                a.number,
                lever_text(a, None),
                lever_text(b, None)
            )));
        }
    }
    out
}

fn total_hours(evaluation: &Evaluation) -> u64 {
    evaluation
        .lots
        .iter()
        .filter_map(|l| l.hours.as_ref())
        .map(|h| h.hours)
        .sum()
}

/// Amounts read from the back of the room: millions with one or two decimals, thousands
/// rounded, smaller amounts in full (see the test below).
pub fn format_euros_short(cents: i64) -> String {
    let euros = cents as f64 / 100.0;
    let (million, thousand) = (1e6, 1e3); // not a legal figure: units of a short amount
    if euros.abs() >= million {
        let text = crate::fr::format_number(euros / million, 2);
        let text = text.trim_end_matches('0').trim_end_matches(',');
        format!("{text}\u{a0}M€") // not a legal figure: the unit of millions
    } else if euros.abs() >= 100.0 * thousand {
        format!("{}\u{a0}k€", (euros / thousand).round()) // not a legal figure: the unit of thousands
    } else {
        format_euros(cents).replace(",00", "")
    }
}

/// « 1 380 h »: hours on a figure tile.
fn format_hours_short(hours: u64) -> String {
    format_hours(hours)
        .replace("heures", "h")
        .replace("heure", "h")
}

fn references(reference: &str) -> String {
    if reference.trim().is_empty() {
        String::new()
    } else {
        format_references(reference)
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n > 1 { many } else { one }.to_string()
}

/// The summary's first sentence: enough to set the scene on a slide.
fn first_sentence(summary: &str) -> String {
    let summary = summary.trim();
    let mut end = summary.len();
    for (i, _) in summary.match_indices(". ") {
        if i >= 40 {
            end = i + 1;
            break;
        }
    }
    summary[..end].to_string()
}

impl Slide {
    /// Every text the slide shows, in reading order: what a reader of the PDF must find.
    pub fn texts(&self) -> Vec<String> {
        let mut out = vec![self.title.clone()];
        for element in &self.body {
            match element {
                Element::Lead(t) => out.push(t.clone()),
                Element::Figures(figures) => {
                    for f in figures {
                        out.push(f.value.clone());
                        out.push(f.caption.clone());
                    }
                }
                Element::Points(points) => {
                    for p in points {
                        out.push(p.text.clone());
                        if !p.detail.is_empty() {
                            out.push(p.detail.clone());
                        }
                    }
                }
                Element::Belief(p) => {
                    out.push(p.text.clone());
                    out.push(p.detail.clone());
                }
                Element::Lots(rows) => {
                    for r in rows {
                        out.push(format!("{}", r.number));
                        out.push(r.title.clone());
                        out.push(r.lever_text.clone());
                    }
                }
                Element::Bars(bars) => {
                    for b in bars {
                        out.push(b.label.clone());
                        out.push(b.text.clone());
                    }
                }
                Element::Effect(e) => {
                    out.extend(e.changes.iter().cloned());
                    out.push(format_hours(e.hours_before));
                    out.push(format_hours(e.hours_after));
                    for (severity, message) in &e.new_findings {
                        out.push(Effect::finding_line(*severity, message));
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::what_if::{LotLever, WhatIf};

    fn cases(ids: &[&str]) -> Vec<Case> {
        let ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        super::super::session::bundled_cases(&ids, |_| date).unwrap()
    }

    #[test]
    fn two_cases_give_their_slides_after_the_law_shown_once() {
        let cases = cases(&["renovation-ecole", "espaces-verts"]);
        let law = law_topics().unwrap();
        let deck = build(&cases, &[], &law, Options::default());
        let law_slides = deck
            .slides
            .iter()
            .filter(|s| s.kind == SlideKind::Law)
            .count();
        assert_eq!(law_slides, law.len());
        for (i, case) in cases.iter().enumerate() {
            let first = deck
                .slides
                .iter()
                .find(|s| s.case == Some(i))
                .expect("each case has slides");
            assert_eq!(first.kind, SlideKind::Case);
            assert_eq!(first.title, french_spaces(case.title()));
        }
        assert!(
            deck.slides.iter().all(|s| s.kind != SlideKind::WhatIf),
            "no « Et si » slide without a prepared change"
        );
    }

    #[test]
    fn a_prepared_change_shows_its_effect_and_marks_the_lot() {
        let cases = cases(&["renovation-ecole"]);
        let data = crate::reference::ReferenceData::bundled();
        let library = crate::clauses::ClauseLibrary::bundled().unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let project = cases[0].project.clone();
        let mut what_if = WhatIf::default();
        what_if.set_lever(&project, 1, LotLever::Reserved);
        let comparison = Comparison::new(
            super::super::compare::Side::new("a", project.clone(), today, &library, data),
            super::super::compare::Side::new(
                "b",
                what_if.apply(&project, data),
                today,
                &library,
                data,
            ),
        );
        let deck = build(
            &cases,
            &[Some(&comparison)],
            &law_topics().unwrap(),
            Options::default(),
        );
        let slide = deck
            .slides
            .iter()
            .find(|s| s.kind == SlideKind::WhatIf)
            .unwrap();
        let Element::Lots(rows) = &slide.body[0] else {
            panic!("lots first");
        };
        assert!(rows[1].changed && rows[1].lever == Lever::Reserved);
        assert!(!rows[0].changed);
        let Element::Effect(effect) = &slide.body[1] else {
            panic!("effect second");
        };
        assert!(effect.hours_after < effect.hours_before);
        assert_eq!(effect.changes.len(), 1);
    }

    #[test]
    fn a_long_case_caps_its_bars_and_pages_its_lots() {
        let cases = cases(&["renouvellement-urbain"]);
        let deck = build(&cases, &[], &law_topics().unwrap(), Options::default());
        let lots = &cases[0].project.allotment.lots;
        let lot_slides = deck
            .slides
            .iter()
            .filter(|s| s.kind == SlideKind::Lots)
            .count();
        assert_eq!(lot_slides, lots.len().div_ceil(LOTS_PER_SLIDE));
        let hours = deck
            .slides
            .iter()
            .find(|s| s.kind == SlideKind::Hours)
            .unwrap();
        let Element::Bars(bars) = &hours.body[0] else {
            panic!()
        };
        assert_eq!(bars.len(), BARS_PER_SLIDE);
        let with_clause = lots.iter().filter(|l| l.insertion_clause.is_some()).count();
        assert_eq!(
            bars.last().unwrap().label,
            format!("… et {} autres lots", with_clause - (BARS_PER_SLIDE - 1))
        );
        let sum: u64 = bars.iter().map(|b| b.value).sum();
        assert_eq!(sum, total_hours(&cases[0].evaluation));
    }

    #[test]
    fn answers_show_only_when_asked() {
        let cases = cases(&["renovation-ecole"]);
        let law = law_topics().unwrap();
        let has_answers = |options| {
            build(&cases, &[], &law, options)
                .slides
                .iter()
                .filter(|s| s.kind == SlideKind::Questions)
                .flat_map(|s| s.texts())
                .any(|t| t.contains("réserv") && t.contains("SIAE") && !t.contains('?'))
        };
        assert!(!has_answers(Options::default()));
        assert!(has_answers(Options {
            answers: true,
            ..Options::default()
        }));
    }

    #[test]
    fn amounts_are_short_on_a_slide() {
        assert_eq!(format_euros_short(160_000_000), "1,6\u{a0}M€");
        assert_eq!(format_euros_short(23_000_000), "230\u{a0}k€");
        assert_eq!(format_euros_short(950_000), "9\u{202f}500\u{a0}€");
    }
}
