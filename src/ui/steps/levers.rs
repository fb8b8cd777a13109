//! Step 4 — social levers: one row per lot, one column per lever (reservation, insertion
//! clause, insertion criterion, marché d'insertion), with advice and its reason; below, the
//! exceptions to the social condition made mandatory by L2112-2-1.

use super::StepContext;
use crate::ui::theme::{SPACE_L, SPACE_M, SPACE_S};
use crate::ui::widgets::{form_grid, info_box, Form};
use clausier::fr::capitalized;
use clausier::model::{
    ExceptionGround, InsertionCriterion, Lot, Project, ReservationBasis, SocialException,
};
use clausier::reference::ReferenceData;
use clausier::rules::labels;
use clausier::rules::recommend::{recommend, Lever, Recommendation};
use clausier::supply::LotAdvice;
use egui::{RichText, Ui};

/// The reservation column holds one basis; a file may carry several, which only the
/// findings can sort out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReservationChoice {
    NoReservation,
    One(ReservationBasis),
    Combination,
}

const RESERVATIONS: [(ReservationChoice, &str); 6] = [
    (ReservationChoice::NoReservation, "Aucune"),
    (
        ReservationChoice::One(ReservationBasis::Disability),
        "L. 2113-12 — EA et ESAT",
    ),
    (
        ReservationChoice::One(ReservationBasis::Insertion),
        "L. 2113-13 — SIAE",
    ),
    (
        ReservationChoice::One(ReservationBasis::DisabilityAndInsertion),
        "L. 2113-14 — EA, ESAT, SIAE",
    ),
    (
        ReservationChoice::One(ReservationBasis::Prison),
        "L. 2113-13-1 — prison",
    ),
    (
        ReservationChoice::One(ReservationBasis::Ess),
        "L. 2113-15 — ESS",
    ),
];

const EXCEPTION_GROUNDS: [ExceptionGround; 4] = [
    ExceptionGround::NoLinkWithObject,
    ExceptionGround::RestrictsCompetition,
    ExceptionGround::PerformanceDifficulty,
    ExceptionGround::ImmediatelyAvailable,
];

/// Changes that need the whole project (a default clause depends on the purchase), applied
/// once the rows no longer borrow the lots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Deferred {
    AddClause(usize),
    Apply(usize, Lever),
}

pub fn show(ui: &mut Ui, ctx: &mut StepContext) {
    if ctx.project.allotment.lots.is_empty() {
        ui.label("Aucun lot n’est décrit : commencez par l’étape « Allotissement ».");
        return;
    }
    if ctx
        .evaluation
        .is_some_and(|e| e.procedure.social_condition_mandatory)
    {
        info_box(ui, "Condition sociale obligatoire", |ui| {
            ui.label("L’achat atteint le seuil européen : chaque lot doit comporter une condition d’exécution sociale ou liée à l’emploi (clause d’insertion qui donne des heures, réservation aux structures du handicap ou de l’insertion, ou marché d’insertion), ou une exception dont les raisons sont consignées plus bas (article L. 2112-2-1). Un critère d’attribution ne suffit pas, ni une réservation aux entreprises de l’ESS seule.");
        });
        ui.add_space(SPACE_M);
    }
    matrix(ui, ctx);
    subcriteria(ui, ctx);
    ui.add_space(16.0);
    exceptions(ui, ctx);
}

fn matrix(ui: &mut Ui, ctx: &mut StepContext) {
    ui.heading("Leviers par lot");
    ui.label("Survolez une recommandation pour en lire la raison. La clause d’insertion se règle en détail à l’étape suivante.");
    ui.add_space(SPACE_S);
    let data = ReferenceData::bundled();
    let project = &*ctx.project;
    let advice: Vec<Option<Recommendation>> = (0..project.allotment.lots.len())
        .map(|i| ctx.evaluation.map(|e| recommend(project, i, e, data)))
        .collect();
    let supply = ctx.supply_assessment;
    match supply {
        Some(assessment) if assessment.evidence.place.is_some() => {
            ui.label(
                RichText::new(format!(
                    "Offre locale {} (détail à l’étape « Sourçage »).",
                    assessment.citation
                ))
                .small(),
            );
        }
        Some(_) => {
            ui.label(
                RichText::new("Indiquez le département d’exécution à l’étape « Sourçage » pour voir, lot par lot, les structures qui font ce métier près d’ici.")
                    .small(),
            );
        }
        None => {}
    }
    let supply_advice: Vec<Option<&LotAdvice>> = (0..project.allotment.lots.len())
        .map(|i| {
            supply
                .and_then(|a| a.advice.get(i))
                .and_then(Option::as_ref)
        })
        .collect();
    let form = &mut ctx.form;
    let lots = &mut ctx.project.allotment.lots;
    let mut deferred = None;
    // Zoomed in, the last column may not fit: a solid scroll bar (egui's floating one shows
    // only once used) tells the user there is more to the right, without covering a row.
    let floating = std::mem::replace(
        &mut ui.spacing_mut().scroll,
        egui::style::ScrollStyle::solid(),
    );
    egui::ScrollArea::horizontal()
        .id_salt("levers-scroll")
        .show(ui, |ui| {
            egui::Grid::new("levers-matrix")
                .num_columns(5)
                .spacing([10.0, 6.0])
                .striped(true)
                .show(ui, |ui| {
                    // The advice sits under each lot's title: a sixth column would not fit beside the preview.
                    for header in [
                        "Lot et recommandation",
                        "Réservation",
                        "Clause\nd’insertion",
                        "Critère\nd’insertion",
                        "Marché\nd’insertion",
                    ] {
                        ui.label(RichText::new(header).strong());
                    }
                    ui.end_row();
                    for (i, lot) in lots.iter_mut().enumerate() {
                        if let Some(d) =
                            lever_row(ui, form, i, lot, advice[i].as_ref(), supply_advice[i])
                        {
                            deferred = Some(d);
                        }
                        ui.end_row();
                    }
                });
        });
    ui.spacing_mut().scroll = floating;
    if let Some(d) = deferred {
        apply(ctx.project, d, data);
    }
}

fn lever_row(
    ui: &mut Ui,
    f: &mut Form,
    i: usize,
    lot: &mut Lot,
    advice: Option<&Recommendation>,
    supply: Option<&LotAdvice>,
) -> Option<Deferred> {
    let n = lot.number;
    let path = |rest: &str| format!("allotment.lots[{i}].{rest}");
    // A row never gets shorter while the step is shown: when a box is ticked, the advice
    // under the title changes, and the rows below must not move up under the pointer.
    let tallest = egui::Id::unique(("levers-row-height", i));
    let min_height = ui.data(|d| d.get_temp::<f32>(tallest)).unwrap_or(0.0);
    let cell = ui.vertical(|ui| {
        ui.set_max_width(LOT_COLUMN);
        ui.set_min_height(min_height);
        lot_cell(ui, lot);
        let advised = advice_cell(ui, i, lot, advice);
        supply_cell(ui, supply);
        advised
    });
    let height = cell.response.rect.height();
    if height > min_height {
        ui.data_mut(|d| d.insert_temp(tallest, height));
    }
    let advised = cell.inner;
    reservation_cell(ui, f, lot, &path("reservations"));
    let mut deferred = None;
    let mut clause = lot.insertion_clause.is_some();
    if f.checkbox_cell(ui, &format!("Clause d’insertion du lot {n}"), &path("insertion_clause"), &mut clause)
        .on_hover_text("Condition d’exécution : le titulaire réserve des heures de travail à des personnes éloignées de l’emploi (article L. 2112-2).")
        .changed()
    {
        if clause {
            deferred = Some(Deferred::AddClause(i));
        } else {
            lot.insertion_clause = None;
        }
    }
    criterion_cell(ui, f, i, lot);
    f.checkbox_cell(ui, &format!("Marché d’insertion pour le lot {n}"), &path("insertion_market"), &mut lot.insertion_market)
        .on_hover_text("L’insertion et la qualification sont l’objet du marché, la prestation en est le support ; procédure adaptée quel que soit le montant (article R. 2123-1 3°).");
    advised.or(deferred)
}

/// Width of the first column: a lot's title wraps within it rather than being cut.
const LOT_COLUMN: f32 = 220.0;

fn lot_cell(ui: &mut Ui, lot: &Lot) {
    let title = lot.title.trim();
    let title = crate::ui::widgets::shortened(title, 120);
    ui.add(
        egui::Label::new(format!(
            "{} — {}",
            lot.number,
            if title.is_empty() {
                "(sans intitulé)"
            } else {
                &title
            }
        ))
        .wrap(),
    );
}

fn reservation_cell(ui: &mut Ui, f: &mut Form, lot: &mut Lot, path: &str) {
    let current = match lot.reservations.as_slice() {
        [] => ReservationChoice::NoReservation,
        [basis] => ReservationChoice::One(*basis),
        _ => ReservationChoice::Combination,
    };
    let mut options = RESERVATIONS.to_vec();
    if current == ReservationChoice::Combination {
        options.push((
            ReservationChoice::Combination,
            "combinaison (voir constats)",
        ));
    }
    let mut choice = current;
    f.combo_cell(
        ui,
        &format!("Réservation du lot {}", lot.number),
        path,
        &mut choice,
        &options,
        150.0,
    );
    match choice {
        _ if choice == current => {}
        ReservationChoice::NoReservation => lot.reservations.clear(),
        ReservationChoice::One(basis) => lot.reservations = vec![basis],
        ReservationChoice::Combination => {}
    }
}

fn default_criterion() -> InsertionCriterion {
    clausier::rules::defaults::insertion_criterion(clausier::reference::ReferenceData::bundled())
}

fn criterion_cell(ui: &mut Ui, f: &mut Form, i: usize, lot: &mut Lot) {
    let n = lot.number;
    let path = format!("allotment.lots[{i}].insertion_criterion");
    let weight_path = format!("{path}.weight_percent");
    ui.horizontal(|ui| {
        let mut on = lot.insertion_criterion.is_some();
        if f.checkbox_cell(ui, &format!("Critère d’insertion du lot {n}"), &path, &mut on)
            .on_hover_text("Critère d’attribution sur la performance en matière d’insertion professionnelle (article R. 2152-7) ; il peut s’ajouter à la clause.")
            .changed()
        {
            lot.insertion_criterion = on.then(default_criterion);
            f.buffers.remove(&weight_path);
        }
        if let Some(criterion) = &mut lot.insertion_criterion {
            f.whole_cell(ui, &format!("Pondération du critère d’insertion du lot {n} (%)"), &weight_path, &mut criterion.weight_percent);
            ui.label("%");
        }
    });
}

/// Whether applying the advice would change the lot.
fn actionable(lot: &Lot, lever: Lever) -> bool {
    match lever {
        Lever::Reservation(basis) => lot.reservations != [basis],
        Lever::InsertionClause => lot.insertion_clause.is_none(),
        Lever::InsertionCriterion => lot.insertion_criterion.is_none(),
        Lever::InsertionMarket => !lot.insertion_market,
        Lever::SocialCondition(family) => !lot.social_conditions.iter().any(|c| c.family == family),
        Lever::KeepCurrent | Lever::None => false,
    }
}

fn advice_cell(
    ui: &mut Ui,
    i: usize,
    lot: &Lot,
    advice: Option<&Recommendation>,
) -> Option<Deferred> {
    let advice = advice?;
    let mut deferred = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&advice.text).small())
            .on_hover_text(&advice.reason);
        // Always drawn, greyed once applied: a button that vanished moved the rows below.
        if !matches!(advice.lever, Lever::KeepCurrent | Lever::None) {
            let todo = actionable(lot, advice.lever);
            let response = ui
                .add_enabled(todo, egui::Button::new("Appliquer").small())
                .accessible_name(format!("Appliquer la recommandation au lot {}", lot.number))
                .on_hover_text(
                    "Coche le levier recommandé ; les autres leviers du lot ne changent pas.",
                )
                .on_disabled_hover_text("Recommandation déjà appliquée.");
            if response.clicked() {
                deferred = Some(Deferred::Apply(i, advice.lever));
            }
        }
    });
    deferred
}

/// What the imported structures say of the lot, under the advice.
fn supply_cell(ui: &mut Ui, supply: Option<&LotAdvice>) {
    let Some(supply) = supply else {
        return;
    };
    ui.label(RichText::new(&supply.sentence).small().italics());
    if let Some(warning) = &supply.warning {
        ui.colored_label(
            crate::ui::theme::Tokens::of(ui).warning,
            RichText::new(warning).small(),
        );
    }
}

fn apply(project: &mut Project, change: Deferred, data: &ReferenceData) {
    let (i, lever) = match change {
        Deferred::AddClause(i) => (i, Lever::InsertionClause),
        Deferred::Apply(i, lever) => (i, lever),
    };
    clausier::rules::defaults::apply_lever(project, i, lever, data);
}

// ---------------------------------------------------------------------------------------------
// Exceptions to the mandatory social condition
// ---------------------------------------------------------------------------------------------

/// The sub-criteria of each insertion criterion, one per line (the matrix only has room for
/// the weight).
fn subcriteria(ui: &mut Ui, ctx: &mut StepContext) {
    let lots = &mut ctx.project.allotment.lots;
    if lots.iter().all(|l| l.insertion_criterion.is_none()) {
        return;
    }
    ui.add_space(SPACE_L);
    ui.heading("Sous-critères des critères d’insertion");
    ui.label("Ce que la note du candidat doit montrer, une ligne par sous-critère, avec sa part de la note (par exemple « qualité de l’accompagnement des personnes recrutées »).");
    let f = &mut ctx.form;
    crate::ui::widgets::form_grid(ui, "levers-subcriteria", |ui| {
        for (i, lot) in lots.iter_mut().enumerate() {
            let number = lot.number;
            if let Some(criterion) = &mut lot.insertion_criterion {
                f.lines(
                    ui,
                    &format!("Sous-critères du lot {number}"),
                    &format!("allotment.lots[{i}].insertion_criterion.subcriteria"),
                    &mut criterion.subcriteria,
                );
            }
        }
    });
}

fn exceptions(ui: &mut Ui, ctx: &mut StepContext) {
    ui.heading("Exceptions à la condition sociale");
    ui.label("Lorsqu’un lot, ou tout l’achat, ne comporte pas la condition sociale obligatoire, enregistrez le motif et les raisons concrètes propres à cet achat ; elles restent au dossier (article L. 2112-2-1).");
    ui.add_space(SPACE_S);
    let lot_options = lot_options(ctx.project);
    let grounds: Vec<(ExceptionGround, String)> = EXCEPTION_GROUNDS
        .iter()
        .map(|g| {
            let doubt = if clausier::rules::predicates::exception_ground_to_verify(*g) {
                " (motif à vérifier)"
            } else {
                ""
            };
            (*g, capitalized(labels::exception_ground(*g)) + doubt)
        })
        .collect();
    let grounds: Vec<(ExceptionGround, &str)> =
        grounds.iter().map(|(g, t)| (*g, t.as_str())).collect();
    let f = &mut ctx.form;
    let mut remove = None;
    for (i, exception) in ctx.project.social_exceptions.iter_mut().enumerate() {
        let k = i + 1;
        ui.label(RichText::new(format!("Exception {k}")).strong());
        let mut options = lot_options.clone();
        if let Some(n) = exception
            .lot
            .filter(|n| !options.iter().any(|(o, _)| *o == Some(*n)))
        {
            options.push((Some(n), format!("Lot {n} (introuvable)")));
        }
        let options: Vec<(Option<u32>, &str)> =
            options.iter().map(|(o, t)| (*o, t.as_str())).collect();
        form_grid(ui, &format!("social-exception-{i}"), |ui| {
            // Visible labels repeat from one exception to the next: the names say which one.
            f.combo(
                ui,
                "Lot concerné",
                &format!("social_exceptions[{i}].lot"),
                &mut exception.lot,
                &options,
            )
            .accessible_name(format!("Lot concerné par l’exception {k}"));
            f.combo(
                ui,
                "Motif",
                &format!("social_exceptions[{i}].ground"),
                &mut exception.ground,
                &grounds,
            )
            .accessible_name(format!("Motif de l’exception {k}"));
            f.multiline(
                ui,
                "Raisons concrètes",
                &format!("social_exceptions[{i}].reasons"),
                &mut exception.reasons,
            )
            .accessible_name(format!("Raisons concrètes de l’exception {k}"));
        });
        if ui
            .button("Supprimer")
            .accessible_name(format!("Supprimer l’exception {k}"))
            .clicked()
        {
            remove = Some(i);
        }
        ui.separator();
    }
    if let Some(i) = remove {
        ctx.project.social_exceptions.remove(i);
        ctx.form.buffers.clear();
    }
    let add = ui.button("Ajouter une exception");
    ctx.form.claim_focus("social_exceptions", &add);
    if add.clicked() {
        let exception = new_exception(ctx.project);
        ctx.project.social_exceptions.push(exception);
    }
}

fn lot_options(project: &Project) -> Vec<(Option<u32>, String)> {
    let mut options = vec![(None, "Tout l’achat".to_string())];
    options.extend(project.allotment.lots.iter().map(|l| {
        let title = l.title.trim();
        (
            Some(l.number),
            if title.is_empty() {
                format!("Lot {}", l.number)
            } else {
                format!("Lot {} — {title}", l.number)
            },
        )
    }));
    options
}

/// A new exception points at the first lot still lacking a social condition: the narrowest
/// exception that answers the need.
fn new_exception(project: &Project) -> SocialException {
    let bare = project
        .allotment
        .lots
        .iter()
        .find(|l| l.insertion_clause.is_none() && l.reservations.is_empty() && !l.insertion_market)
        .map(|l| l.number);
    SocialException {
        lot: bare,
        ground: ExceptionGround::NoLinkWithObject,
        reasons: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clausier::model::{HoursMethod, Nature};

    fn project() -> Project {
        let mut p = Project::blank();
        p.purchase.nature = Nature::Services;
        p.allotment.lots[0].trade = Some("nettoyage".into());
        p.allotment.lots.push(Lot {
            number: 2,
            title: "Espaces verts".into(),
            ..Lot::default()
        });
        p
    }

    #[test]
    fn checking_the_clause_creates_one_from_the_trade_preset() {
        let mut p = project();
        apply(&mut p, Deferred::AddClause(0), ReferenceData::bundled());
        let clause = p.allotment.lots[0].insertion_clause.as_ref().unwrap();
        assert!(matches!(clause.method, HoursMethod::Cleaning { .. }));
        // Every public but the one reserved to urban-renewal operations.
        assert_eq!(
            clause.publics.len(),
            ReferenceData::bundled().insertion.publics.len() - 1
        );
        // A clause already there is kept as the user set it.
        p.allotment.lots[0]
            .insertion_clause
            .as_mut()
            .unwrap()
            .rate_percent = 3.0;
        apply(&mut p, Deferred::AddClause(0), ReferenceData::bundled());
        assert_eq!(
            p.allotment.lots[0]
                .insertion_clause
                .as_ref()
                .unwrap()
                .rate_percent,
            3.0
        );
    }

    #[test]
    fn applying_advice_sets_only_the_recommended_lever() {
        let mut p = project();
        let data = ReferenceData::bundled();
        apply(
            &mut p,
            Deferred::Apply(1, Lever::Reservation(ReservationBasis::Insertion)),
            data,
        );
        apply(&mut p, Deferred::Apply(1, Lever::InsertionCriterion), data);
        apply(&mut p, Deferred::Apply(0, Lever::InsertionMarket), data);
        apply(&mut p, Deferred::Apply(9, Lever::InsertionMarket), data);
        let lots = &p.allotment.lots;
        assert_eq!(lots[1].reservations, [ReservationBasis::Insertion]);
        assert_eq!(
            lots[1]
                .insertion_criterion
                .as_ref()
                .map(|c| c.weight_percent),
            Some(clausier::rules::defaults::criterion_weight(
                clausier::reference::ReferenceData::bundled()
            ))
        );
        assert!(lots[0].insertion_market && lots[0].reservations.is_empty());
        assert!(!actionable(
            &lots[1],
            Lever::Reservation(ReservationBasis::Insertion)
        ));
        assert!(actionable(&lots[1], Lever::InsertionClause));
        assert!(!actionable(&lots[1], Lever::KeepCurrent));
    }

    #[test]
    fn a_new_exception_targets_the_first_lot_without_condition() {
        let mut p = project();
        p.allotment.lots[0].insertion_market = true;
        assert_eq!(new_exception(&p).lot, Some(2));
        p.allotment.lots[1].reservations = vec![ReservationBasis::Ess];
        assert_eq!(new_exception(&p).lot, None);
        let options = lot_options(&p);
        assert_eq!(options[0].1, "Tout l’achat");
        assert_eq!(options[2].1, "Lot 2 — Espaces verts");
    }

    mod drawn {
        use super::*;
        use crate::ui::steps::testing::{self, State};
        use crate::ui::steps::Step;
        use egui_kittest::kittest::Queryable;
        use egui_kittest::Harness;

        fn harness(project: Project) -> Harness<'static, State> {
            testing::harness(Step::Levers, project)
        }

        fn above_eu_threshold() -> Project {
            let mut p = project();
            p.purchase.amount_cents = 50_000_000;
            p.allotment.lots[0].amount_cents = 30_000_000;
            p.allotment.lots[1].amount_cents = 20_000_000;
            p.allotment.lots[1].trade = Some("espaces-verts".into());
            p
        }

        #[test]
        fn the_matrix_is_fully_labelled_and_its_checkboxes_set_levers() {
            let mut harness = harness(above_eu_threshold());
            harness.run();
            harness.get_by_label("Condition sociale obligatoire");
            harness.get_by_label("Réservation du lot 1");
            harness.get_by_label("Clause d’insertion du lot 1").click();
            harness.get_by_label("Critère d’insertion du lot 2").click();
            harness.run();
            let lots = &harness.state().project.allotment.lots;
            assert!(matches!(
                lots[0].insertion_clause.as_ref().unwrap().method,
                HoursMethod::Cleaning { .. }
            ));
            assert_eq!(
                lots[1].insertion_criterion.as_ref().unwrap().weight_percent,
                10
            );
            harness.get_by_label("Pondération du critère d’insertion du lot 2 (%)");
            harness
                .get_by_label("Marché d’insertion pour le lot 2")
                .click();
            harness.run();
            assert!(harness.state().project.allotment.lots[1].insertion_market);
        }

        #[test]
        fn ticking_boxes_never_moves_the_rows_below() {
            let mut p = testing::scenario("renovation-ecole");
            for lot in &mut p.allotment.lots {
                lot.insertion_clause = None;
                lot.reservations.clear();
            }
            let last = p.allotment.lots.last().unwrap().number;
            let mut harness = harness(p);
            harness.run();
            let target = format!("Clause d’insertion du lot {last}");
            let before = harness.get_by_label(&target).rect();
            for n in [1, 3, 5] {
                harness
                    .get_by_label(&format!("Clause d’insertion du lot {n}"))
                    .click();
                harness.run();
                harness.run();
                assert_eq!(
                    harness.get_by_label(&target).rect().top(),
                    before.top(),
                    "ticking lot {n} moved the last row"
                );
            }
            assert_eq!(
                harness
                    .state()
                    .project
                    .allotment
                    .lots
                    .iter()
                    .filter(|l| l.insertion_clause.is_some())
                    .count(),
                3
            );
        }

        #[test]
        fn long_lot_titles_wrap_whole() {
            let mut p = project();
            let title = "Menuiseries extérieures et intérieures, occultations, serrurerie et métallerie du préau";
            p.allotment.lots[1].title = title.into();
            let mut harness = harness(p);
            harness.run();
            harness.get_by_label(&format!("2 — {title}"));
        }

        #[test]
        fn advice_can_be_applied() {
            let mut harness = harness(above_eu_threshold());
            harness.run();
            harness
                .get_by_label("Appliquer la recommandation au lot 2")
                .click();
            harness.run();
            assert_eq!(
                harness.state().project.allotment.lots[1].reservations,
                [ReservationBasis::DisabilityAndInsertion]
            );
        }

        #[test]
        fn exceptions_are_added_labelled_and_removed() {
            let mut harness = harness(above_eu_threshold());
            harness.run();
            harness.get_by_label("Ajouter une exception").click();
            harness.run();
            assert_eq!(harness.state().project.social_exceptions.len(), 1);
            harness.get_by_label("Motif de l’exception 1");
            harness.get_by_label("Lot concerné par l’exception 1");
            harness.get_by_label("Raisons concrètes de l’exception 1");
            harness.get_by_label("Supprimer l’exception 1").click();
            harness.run();
            assert!(harness.state().project.social_exceptions.is_empty());
        }
    }
}
