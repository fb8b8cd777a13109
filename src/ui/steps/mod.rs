//! The seven steps of the wizard, and which findings belong to which step.

mod allotment;
mod insertion;
mod levers;
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
            Step::Insertion => "Conditions sociales d'exécution",
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
            .get_by_label("Clause d'insertion du lot 1")
            .click();
        from_levers.run();

        let mut from_clause_step = harness(Step::Insertion, supplies_lot_without_trade());
        from_clause_step.run();
        from_clause_step
            .get_by_label_contains("Ajouter une clause d'insertion")
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
