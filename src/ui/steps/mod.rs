//! The seven steps of the wizard, and which findings belong to which step.

mod allotment;
#[cfg(test)]
mod entry_tests;
mod insertion;
mod levers;
mod lot_table;
mod need;
mod review;
mod sme;
mod social;
mod sourcing;
mod sourcing_supply;
#[cfg(test)]
mod testing;

use crate::ui::widgets::Form;
use clausier::model::{field, Project};
use clausier::rules::{Evaluation, Finding, Severity};
use egui::Ui;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Step {
    Need,
    Sourcing,
    Allotment,
    Levers,
    Insertion,
    Sme,
    Review,
}

pub const STEPS: [Step; 7] = [
    Step::Need,
    Step::Sourcing,
    Step::Allotment,
    Step::Levers,
    Step::Insertion,
    Step::Sme,
    Step::Review,
];

impl Step {
    pub fn title(self) -> &'static str {
        match self {
            Step::Need => "Le besoin",
            Step::Sourcing => "Sourçage",
            Step::Allotment => "Allotissement",
            Step::Levers => "Leviers sociaux",
            Step::Insertion => "Conditions sociales d’exécution",
            Step::Sme => "Accès des PME",
            Step::Review => "Vérifier et générer",
        }
    }

    pub fn number(self) -> usize {
        STEPS.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    pub fn next(self) -> Option<Step> {
        STEPS.get(self.number()).copied()
    }

    pub fn previous(self) -> Option<Step> {
        self.number().checked_sub(2).map(|i| STEPS[i])
    }

    /// Key of this step's help in assets/steps.ron.
    pub fn key(self) -> &'static str {
        match self {
            Step::Need => "besoin",
            Step::Sourcing => "sourcage",
            Step::Allotment => "allotissement",
            Step::Levers => "leviers",
            Step::Insertion => "insertion",
            Step::Sme => "pme",
            Step::Review => "verifier",
        }
    }
}

/// The step where a field of the project file is edited.
pub fn step_of_field(path: &str) -> Step {
    if path == field::PURCHASE_DEPARTEMENT {
        // Asked where the local supply is counted.
        return Step::Sourcing;
    }
    match field::within_lot(path) {
        Some(rest)
            if rest.starts_with("insertion_clause") || rest.starts_with("social_conditions") =>
        {
            Step::Insertion
        }
        Some(rest)
            if rest.starts_with("reservations")
                || rest.starts_with("insertion_criterion")
                || rest.starts_with("insertion_market") =>
        {
            Step::Levers
        }
        Some(rest) if rest.starts_with("min_turnover") => Step::Sme,
        Some(_) => Step::Allotment,
        None => match path.split(['.', '[']).next().unwrap_or("") {
            field::SOURCING => Step::Sourcing,
            field::ALLOTMENT => Step::Allotment,
            field::SOCIAL_EXCEPTIONS => Step::Levers,
            field::FACILITATOR => Step::Insertion,
            field::SME_ACCESS => Step::Sme,
            _ => Step::Need,
        },
    }
}

/// The index of the lot a field belongs to, if any.
pub fn lot_of_field(path: &str) -> Option<usize> {
    field::lot_index(path)
}

/// Worst severity among the findings of a step, None when it has none worth showing.
pub fn step_status(step: Step, findings: &[Finding]) -> Option<Severity> {
    findings
        .iter()
        .filter(|f| f.severity != Severity::Info && step_of_field(&f.field) == step)
        .map(|f| f.severity)
        .min()
}

/// Everything a step needs to draw itself.
pub struct StepContext<'a> {
    pub project: &'a mut Project,
    pub evaluation: Option<&'a Evaluation>,
    pub library: &'a clausier::clauses::ClauseLibrary,
    /// The section as last assembled, when it could be.
    pub document: Option<&'a clausier::document::Document>,
    pub form: Form<'a>,
    /// The lot selected in the insertion step (index).
    pub selected_lot: &'a mut usize,
    /// Requests the app to act (export…) after drawing.
    pub commands: &'a mut Vec<crate::ui::Command>,
    pub today: chrono::NaiveDate,
    /// The supplier pack, and what it says of the project.
    pub supply: &'a crate::ui::supply::SupplyState,
    pub supply_assessment: Option<&'a clausier::supply::SupplyAssessment>,
}

pub fn show(step: Step, ui: &mut Ui, ctx: &mut StepContext) {
    match step {
        Step::Need => need::show(ui, ctx),
        Step::Sourcing => sourcing::show(ui, ctx),
        Step::Allotment => allotment::show(ui, ctx),
        Step::Levers => levers::show(ui, ctx),
        Step::Insertion => insertion::show(ui, ctx),
        Step::Sme => sme::show(ui, ctx),
        Step::Review => review::show(ui, ctx),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_lead_to_their_step() {
        assert_eq!(step_of_field("purchase.amount_cents"), Step::Need);
        assert_eq!(
            step_of_field("allotment.non_allotment.grounds"),
            Step::Allotment
        );
        assert_eq!(
            step_of_field("allotment.lots[3].insertion_clause.rate_percent"),
            Step::Insertion
        );
        assert_eq!(
            step_of_field("allotment.lots[0].reservations"),
            Step::Levers
        );
        assert_eq!(
            step_of_field("allotment.lots[0].min_turnover_cents"),
            Step::Sme
        );
        assert_eq!(
            step_of_field("allotment.lots[2].amount_cents"),
            Step::Allotment
        );
        assert_eq!(step_of_field("sme_access.advance_percent"), Step::Sme);
        assert_eq!(step_of_field("facilitator"), Step::Insertion);
        assert_eq!(lot_of_field("allotment.lots[12].title"), Some(12));
        assert_eq!(Step::Need.next(), Some(Step::Sourcing));
        assert_eq!(Step::Need.previous(), None);
        assert_eq!(Step::Review.next(), None);
    }
}

/// A clause added from the lever matrix and one added from the clause step are the same clause:
/// one constructor, whatever the button.
#[cfg(test)]
mod one_default_clause {
    use super::testing::{harness, scenario};
    use super::Step;
    use clausier::model::Nature;
    use egui_kittest::kittest::Queryable;

    /// A supplies lot that names no trade, with no clause yet.
    fn supplies_lot_without_trade() -> clausier::model::Project {
        let mut project = scenario("fournitures-bureau");
        let lot = &mut project.allotment.lots[0];
        lot.trade = None;
        lot.nature = Some(Nature::Supplies);
        lot.insertion_clause = None;
        lot.reservations.clear();
        lot.insertion_market = false;
        project
    }

    #[test]
    fn a_lot_without_trade_gets_the_same_clause_from_step_4_and_step_5() {
        let mut from_levers = harness(Step::Levers, supplies_lot_without_trade());
        from_levers.run();
        from_levers
            .get_by_label("Clause d’insertion du lot 1")
            .click();
        from_levers.run();

        let mut from_clause_step = harness(Step::Insertion, supplies_lot_without_trade());
        from_clause_step.run();
        from_clause_step
            .get_by_label_contains("Ajouter une clause d’insertion")
            .click();
        from_clause_step.run();

        let a = from_levers.state().project.allotment.lots[0]
            .insertion_clause
            .clone();
        let b = from_clause_step.state().project.allotment.lots[0]
            .insertion_clause
            .clone();
        assert!(a.is_some(), "step 4 added no clause");
        assert_eq!(a, b);
    }
}

/// A finding is drawn under the field it names, and the step no longer words the same
/// verdict a second time.
#[cfg(test)]
mod findings_under_fields {
    use super::testing::{harness, scenario};
    use super::Step;
    use clausier::model::{field, Project};
    use clausier::reference::ReferenceData;
    use clausier::rules::Finding;
    use egui_kittest::kittest::Queryable;

    fn findings(project: &Project) -> Vec<Finding> {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let date = clausier::pipeline::law_date(project, None, today);
        clausier::pipeline::Assessment::new(project, date, ReferenceData::bundled(), None)
            .evaluation
            .findings
    }

    /// How many labels on screen hold `message`, as the window draws it (no-break spaces).
    fn shown(h: &egui_kittest::Harness<'static, super::testing::State>, message: &str) -> usize {
        h.query_all_by_label_contains(&crate::ui::widgets::on_screen(message))
            .count()
    }

    #[test]
    fn an_error_on_the_purchase_amount_shows_under_the_amount() {
        let mut project = scenario("renovation-ecole");
        project.purchase.amount_cents = 0;
        let finding = findings(&project)
            .into_iter()
            .find(|f| f.field == field::PURCHASE_AMOUNT)
            .expect("a zero amount is an error");
        let mut h = harness(Step::Need, project);
        h.run();
        let note = h.get_by_label_contains(&finding.message);
        let amount = h.get_by_label("Montant estimé (toutes périodes comprises)");
        let (note, amount) = (note.rect(), amount.rect());
        assert!(
            note.top() >= amount.bottom() && note.top() - amount.bottom() < 60.0,
            "the finding sits right under its field ({note:?} vs {amount:?})"
        );
    }

    #[test]
    fn the_sum_of_lots_gap_is_said_once_by_the_rules() {
        let mut project = scenario("renovation-ecole");
        project.purchase.amount_cents += 100_000;
        let finding = findings(&project)
            .into_iter()
            .find(|f| f.code == "LOTS_SUM_MISMATCH")
            .unwrap();
        let mut h = harness(Step::Allotment, project);
        h.run();
        assert_eq!(shown(&h, &finding.message), 1);
        assert_eq!(shown(&h, "Écart :"), 0, "no second wording of the gap");
    }

    #[test]
    fn an_advance_below_the_minimum_is_said_once_under_the_rate() {
        let mut project = scenario("renovation-ecole");
        project.sme_access.advance_percent = Some(1.0);
        let Some(finding) = findings(&project)
            .into_iter()
            .find(|f| f.code == "ADVANCE_BELOW_MINIMUM")
        else {
            panic!("the scenario owes an advance")
        };
        let mut h = harness(Step::Sme, project);
        h.run();
        assert_eq!(shown(&h, &finding.message), 1);
        assert_eq!(shown(&h, "Taux inférieur au minimum"), 0);
    }

    #[test]
    fn hours_advice_is_the_finding_under_the_rate() {
        let mut project = scenario("renovation-ecole");
        let index = project
            .allotment
            .lots
            .iter()
            .position(|l| l.insertion_clause.is_some())
            .unwrap();
        project.allotment.lots[index]
            .insertion_clause
            .as_mut()
            .unwrap()
            .rate_percent = 0.05;
        let finding = findings(&project)
            .into_iter()
            .find(|f| {
                f.code.starts_with("HOURS_") && f.field.starts_with(&field::lot(index).path())
            })
            .expect("so low a rate gives too few hours");
        let mut h = harness(Step::Insertion, project);
        h.state_mut().selected_lot = index;
        h.run();
        assert_eq!(shown(&h, &finding.message), 1);
        assert_eq!(shown(&h, "Le volume d’heures justifie"), 0);
    }
}
