//! Edits of the list of lots, as a buyer makes them in the allotment step: move, duplicate,
//! split, merge, remove, add, renumber, turn into a single contract. Pure changes to the
//! project, shared by the window and usable by any other front end.

use super::{Lot, NonAllotmentGround, Project};

/// One change to the list of lots (positions are indexes in the list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LotEdit {
    Up(usize),
    Down(usize),
    Duplicate(usize),
    Split(usize),
    MergeNext(usize),
    Remove(usize),
    Add,
    Renumber,
}

impl NonAllotmentGround {
    /// The grounds of L2113-11 in the order of the article.
    pub const ALL: [NonAllotmentGround; 4] = [
        NonAllotmentGround::CannotCoordinate,
        NonAllotmentGround::RestrictsCompetition,
        NonAllotmentGround::TechnicallyDifficult,
        NonAllotmentGround::FinanciallyCostly,
    ];
}

/// Ticks or unticks a ground, keeping the legal order whatever the order of the clicks.
pub fn set_ground(grounds: &mut Vec<NonAllotmentGround>, ground: NonAllotmentGround, on: bool) {
    grounds.retain(|g| *g != ground);
    if on {
        grounds.push(ground);
        grounds.sort_by_key(|g| NonAllotmentGround::ALL.iter().position(|x| x == g));
    }
}

/// Copies the terms an insertion clause usually shares with the other lots of the purchase
/// (publics, modes, reporting, penalties, urban renewal), leaving its hours alone.
pub fn copy_clause_terms(from: &super::InsertionClause, to: &mut super::InsertionClause) {
    to.publics.clone_from(&from.publics);
    to.modes.clone_from(&from.modes);
    to.reporting = from.reporting;
    to.penalty_per_hour_cents = from.penalty_per_hour_cents;
    to.report_penalty_cents = from.report_penalty_cents;
    to.urban_renewal = from.urban_renewal;
}

impl Project {
    /// Gives the lots at `targets` that have an insertion clause the terms of the clause of
    /// lot `from` (« Appliquer aux autres lots »); returns how many lots changed.
    pub fn apply_clause_terms(&mut self, from: usize, targets: &[usize]) -> usize {
        let Some(source) = self
            .allotment
            .lots
            .get(from)
            .and_then(|l| l.insertion_clause.clone())
        else {
            return 0;
        };
        let mut changed = 0;
        for &index in targets.iter().filter(|&&i| i != from) {
            if let Some(clause) = self
                .allotment
                .lots
                .get_mut(index)
                .and_then(|l| l.insertion_clause.as_mut())
            {
                let before = clause.clone();
                copy_clause_terms(&source, clause);
                changed += usize::from(*clause != before);
            }
        }
        changed
    }

    /// Applies one edit; an edit that makes no sense here (moving the first lot up, removing
    /// the last one) changes nothing.
    pub fn edit_lots(&mut self, edit: LotEdit) {
        if edit == LotEdit::Renumber {
            renumber(self);
            return;
        }
        let lots = &mut self.allotment.lots;
        let len = lots.len();
        let exceptions = &mut self.social_exceptions;
        match edit {
            LotEdit::Up(i) if i > 0 && i < len => lots.swap(i - 1, i),
            LotEdit::Down(i) if i + 1 < len => lots.swap(i, i + 1),
            LotEdit::Duplicate(i) if i < len => {
                let mut copy = lots[i].clone();
                copy.number = next_number(lots);
                copy.title = suffixed(&copy.title, "(copie)");
                lots.insert(i + 1, copy);
            }
            LotEdit::Split(i) if i < len => split(lots, i),
            LotEdit::MergeNext(i) if i + 1 < len => {
                let next = lots.remove(i + 1);
                move_exceptions(exceptions, next.number, lots[i].number);
                merge_into(&mut lots[i], next);
            }
            // An exception about a lot that no longer exists would be printed for it, and the
            // saved file refused at the next opening: it goes with its lot (undo brings both back).
            LotEdit::Remove(i) if i < len && len > 1 => {
                let removed = lots.remove(i);
                if lots.iter().all(|l| l.number != removed.number) {
                    exceptions.retain(|e| e.lot != Some(removed.number));
                }
            }
            LotEdit::Add => lots.push(Lot {
                number: next_number(lots),
                ..Lot::default()
            }),
            _ => {}
        }
    }

    /// Leaves exactly one lot describing the whole contract: all lots merged, or one made
    /// from the purchase when there was none.
    pub fn into_single_lot(&mut self) {
        let lots = std::mem::take(&mut self.allotment.lots);
        let several = lots.len() > 1;
        let merged = lots.into_iter().reduce(|mut a, b| {
            merge_into(&mut a, b);
            a
        });
        let object = self.purchase.object.trim();
        let lot = match merged {
            Some(mut lot) => {
                if several && !object.is_empty() {
                    lot.title = object.to_string();
                }
                lot
            }
            None => Lot {
                number: 1,
                title: object.to_string(),
                amount_cents: self.purchase.amount_cents,
                ..Lot::default()
            },
        };
        for exception in &mut self.social_exceptions {
            if exception.lot.is_some() {
                exception.lot = Some(lot.number);
            }
        }
        self.allotment.lots = vec![lot];
    }
}

/// The exceptions recorded for lot `from` now concern lot `to` (the lot it was merged into).
fn move_exceptions(exceptions: &mut [super::SocialException], from: u32, to: u32) {
    for exception in exceptions.iter_mut().filter(|e| e.lot == Some(from)) {
        exception.lot = Some(to);
    }
}

/// The number after the highest in use: new lots come after the others, whatever gaps exist.
fn next_number(lots: &[Lot]) -> u32 {
    lots.iter()
        .map(|l| l.number)
        .max()
        .map_or(1, |m| m.saturating_add(1))
}

fn suffixed(title: &str, suffix: &str) -> String {
    if title.trim().is_empty() {
        suffix.to_string()
    } else {
        format!("{title} {suffix}")
    }
}

/// Halves of the amount (the odd cent stays with the first part); quantities that follow the
/// lot's size (hours set by hand, minimum turnover) are shared the same way.
fn split(lots: &mut Vec<Lot>, i: usize) {
    let number = next_number(lots);
    let first = &mut lots[i];
    let mut second = first.clone();
    second.number = number;
    second.title = suffixed(&first.title, "(partie 2)");
    second.amount_cents = first.amount_cents / 2;
    first.amount_cents -= second.amount_cents;
    if let (Some(a), Some(b)) = (
        first.insertion_clause.as_mut(),
        second.insertion_clause.as_mut(),
    ) {
        if let Some(hours) = a.hours_override {
            b.hours_override = Some(hours / 2);
            a.hours_override = Some(hours - hours / 2);
        }
    }
    if let Some(turnover) = first.min_turnover_cents {
        second.min_turnover_cents = Some(turnover / 2);
        first.min_turnover_cents = Some(turnover - turnover / 2);
    }
    lots.insert(i + 1, second);
}

/// Folds `other` into `lot`: amounts add up, `lot` keeps its number and levers, and takes
/// from `other` only the levers it lacks.
fn merge_into(lot: &mut Lot, other: Lot) {
    lot.amount_cents = lot.amount_cents.saturating_add(other.amount_cents);
    lot.title = match (lot.title.trim().is_empty(), other.title.trim().is_empty()) {
        (_, true) => std::mem::take(&mut lot.title),
        (true, false) => other.title,
        (false, false) => format!("{} et {}", lot.title, other.title),
    };
    if lot.nature != other.nature {
        lot.nature = None;
    }
    lot.trade = lot.trade.take().or(other.trade);
    if !other.description.trim().is_empty() {
        lot.description = [std::mem::take(&mut lot.description), other.description]
            .into_iter()
            .filter(|d| !d.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
    }
    if lot.reservations.is_empty() {
        lot.reservations = other.reservations;
    }
    match (lot.insertion_clause.as_mut(), other.insertion_clause) {
        (Some(a), Some(b)) => {
            if let (Some(x), Some(y)) = (a.hours_override, b.hours_override) {
                a.hours_override = Some(x.saturating_add(y));
            }
        }
        (None, b) => lot.insertion_clause = b,
        _ => {}
    }
    lot.insertion_criterion = lot.insertion_criterion.take().or(other.insertion_criterion);
    lot.insertion_market |= other.insertion_market;
    lot.min_turnover_cents = match (lot.min_turnover_cents, other.min_turnover_cents) {
        (Some(a), Some(b)) => Some(a.saturating_add(b)),
        (a, b) => a.or(b),
    };
    if lot.min_turnover_justification.trim().is_empty() {
        lot.min_turnover_justification = other.min_turnover_justification;
    }
}

/// Numbers 1, 2, 3… in table order; exceptions recorded for a lot follow it.
fn renumber(project: &mut Project) {
    let old: Vec<u32> = project.allotment.lots.iter().map(|l| l.number).collect();
    for (lot, number) in project.allotment.lots.iter_mut().zip(1u32..) {
        lot.number = number;
    }
    for exception in &mut project.social_exceptions {
        if let Some(position) = exception.lot.and_then(|n| old.iter().position(|o| *o == n)) {
            exception.lot = Some(position as u32 + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        ExceptionGround, InsertionClause, InsertionCriterion, Nature, ReservationBasis,
        SocialException,
    };

    fn lot(number: u32, title: &str, euros: i64) -> Lot {
        Lot {
            number,
            title: title.into(),
            amount_cents: euros * 100,
            ..Lot::default()
        }
    }

    fn project(lots: Vec<Lot>) -> Project {
        let mut p = Project::blank();
        p.purchase.object = "Entretien des espaces publics".into();
        p.allotment.lots = lots;
        p.purchase.amount_cents = p.lots_total_cents();
        p
    }

    fn numbers(p: &Project) -> Vec<u32> {
        p.allotment.lots.iter().map(|l| l.number).collect()
    }

    #[test]
    fn clause_terms_go_to_the_chosen_lots_with_a_clause_and_keep_their_hours() {
        let data = crate::reference::ReferenceData::bundled();
        let mut p = project(vec![lot(1, "A", 10), lot(2, "B", 20), lot(3, "C", 30)]);
        for i in [0, 2] {
            let clause = crate::rules::defaults::insertion_clause(&p, &p.allotment.lots[i], data);
            p.allotment.lots[i].insertion_clause = Some(clause);
        }
        let source = p.allotment.lots[0].insertion_clause.as_mut().unwrap();
        source.penalty_per_hour_cents = Some(4_500);
        source.report_penalty_cents = Some(20_000);
        source.modes.truncate(1);
        source.rate_percent = 12.0;
        let changed = p.apply_clause_terms(0, &[0, 1, 2]);
        assert_eq!(changed, 1, "lot 2 has no clause; lot 1 is the source");
        let target = p.allotment.lots[2].insertion_clause.as_ref().unwrap();
        assert_eq!(target.penalty_per_hour_cents, Some(4_500));
        assert_eq!(target.report_penalty_cents, Some(20_000));
        assert_eq!(target.modes.len(), 1);
        assert_ne!(target.rate_percent, 12.0, "hours inputs stay the lot's own");
        assert!(p.allotment.lots[1].insertion_clause.is_none());
        // A clause added afterwards starts from the terms already chosen.
        let new = crate::rules::defaults::insertion_clause(&p, &p.allotment.lots[1], data);
        assert_eq!(new.penalty_per_hour_cents, Some(4_500));
    }

    #[test]
    fn moves_keep_numbers_and_stop_at_the_ends() {
        let mut p = project(vec![lot(1, "A", 10), lot(2, "B", 20), lot(3, "C", 30)]);
        p.edit_lots(LotEdit::Up(2));
        assert_eq!(numbers(&p), [1, 3, 2]);
        p.edit_lots(LotEdit::Down(0));
        assert_eq!(numbers(&p), [3, 1, 2]);
        p.edit_lots(LotEdit::Up(0));
        p.edit_lots(LotEdit::Down(2));
        assert_eq!(numbers(&p), [3, 1, 2]);
    }

    #[test]
    fn new_lots_take_the_next_free_number() {
        let mut p = project(vec![lot(1, "A", 10), lot(4, "B", 20)]);
        p.edit_lots(LotEdit::Add);
        assert_eq!(numbers(&p), [1, 4, 5]);
        p.edit_lots(LotEdit::Duplicate(0));
        assert_eq!(numbers(&p), [1, 6, 4, 5]);
        assert_eq!(p.allotment.lots[1].title, "A (copie)");
        assert_eq!(p.allotment.lots[1].amount_cents, 1_000);
        assert_eq!(next_number(&[]), 1);
    }

    #[test]
    fn splitting_halves_the_amount_and_keeps_the_total() {
        let mut p = project(vec![lot(1, "Espaces verts", 0), lot(2, "Voirie", 50)]);
        p.allotment.lots[0].amount_cents = 100_001;
        p.allotment.lots[0].min_turnover_cents = Some(200_000);
        p.purchase.amount_cents = p.lots_total_cents();
        p.edit_lots(LotEdit::Split(0));
        let lots = &p.allotment.lots;
        assert_eq!(numbers(&p), [1, 3, 2]);
        assert_eq!(
            (lots[0].amount_cents, lots[1].amount_cents),
            (50_001, 50_000)
        );
        assert_eq!(lots[1].title, "Espaces verts (partie 2)");
        assert_eq!(lots[0].title, "Espaces verts");
        assert_eq!(
            (lots[0].min_turnover_cents, lots[1].min_turnover_cents),
            (Some(100_000), Some(100_000))
        );
        assert_eq!(p.lots_total_cents(), p.purchase.amount_cents);
    }

    #[test]
    fn merging_adds_amounts_and_keeps_the_first_lot_s_levers() {
        let mut a = lot(1, "Peinture", 100);
        a.reservations = vec![ReservationBasis::Insertion];
        let mut b = lot(2, "Sols", 50);
        b.reservations = vec![ReservationBasis::Disability];
        b.insertion_criterion = Some(InsertionCriterion {
            weight_percent: 10,
            subcriteria: vec![],
        });
        b.nature = Some(Nature::Works);
        let mut p = project(vec![a, b, lot(3, "Menuiserie", 10)]);
        p.edit_lots(LotEdit::MergeNext(0));
        let merged = &p.allotment.lots[0];
        assert_eq!(numbers(&p), [1, 3]);
        assert_eq!(merged.title, "Peinture et Sols");
        assert_eq!(merged.amount_cents, 15_000);
        assert_eq!(merged.reservations, [ReservationBasis::Insertion]);
        assert!(
            merged.insertion_criterion.is_some(),
            "a lever the first lot lacks is taken over"
        );
        assert_eq!(
            merged.nature, None,
            "different natures fall back to the purchase's"
        );
        p.edit_lots(LotEdit::MergeNext(1));
        assert_eq!(
            p.allotment.lots.len(),
            2,
            "the last lot has nothing to merge with"
        );
    }

    #[test]
    fn merging_clauses_adds_hours_set_by_hand() {
        let clause = |hours| InsertionClause {
            method: crate::model::HoursMethod::Cleaning {
                transferred_monthly_hours: 0.0,
            },
            rate_percent: 10.0,
            hours_override: Some(hours),
            publics: vec![],
            modes: vec![],
            penalty_per_hour_cents: None,
            report_penalty_cents: None,
            reporting: Default::default(),
            urban_renewal: false,
        };
        let mut a = lot(1, "A", 10);
        a.insertion_clause = Some(clause(100));
        let mut b = lot(2, "B", 10);
        b.insertion_clause = Some(clause(51));
        merge_into(&mut a, b);
        assert_eq!(
            a.insertion_clause.as_ref().unwrap().hours_override,
            Some(151)
        );

        let mut p = project(vec![a]);
        p.edit_lots(LotEdit::Split(0));
        let hours: Vec<_> = p
            .allotment
            .lots
            .iter()
            .map(|l| l.insertion_clause.as_ref().unwrap().hours_override)
            .collect();
        assert_eq!(hours, [Some(76), Some(75)]);
    }

    #[test]
    fn the_last_lot_cannot_be_removed() {
        let mut p = project(vec![lot(1, "A", 10), lot(2, "B", 20)]);
        p.edit_lots(LotEdit::Remove(0));
        assert_eq!(numbers(&p), [2]);
        p.edit_lots(LotEdit::Remove(0));
        assert_eq!(numbers(&p), [2]);
    }

    #[test]
    fn renumbering_follows_the_table_and_carries_exceptions_along() {
        let mut p = project(vec![lot(5, "A", 10), lot(2, "B", 20), lot(9, "C", 30)]);
        let exception = |lot| SocialException {
            lot,
            ground: ExceptionGround::NoLinkWithObject,
            reasons: "x".into(),
        };
        p.social_exceptions = vec![exception(Some(9)), exception(None), exception(Some(7))];
        p.edit_lots(LotEdit::Renumber);
        assert_eq!(numbers(&p), [1, 2, 3]);
        let lots: Vec<_> = p.social_exceptions.iter().map(|e| e.lot).collect();
        assert_eq!(
            lots,
            [Some(3), None, Some(7)],
            "an exception for no existing lot is left as it was"
        );
    }

    #[test]
    fn exceptions_follow_their_lot_when_it_is_removed_merged_or_made_the_only_one() {
        let exception = |lot| SocialException {
            lot,
            ground: ExceptionGround::NoLinkWithObject,
            reasons: "x".into(),
        };
        let lots_of = |p: &Project| {
            p.social_exceptions
                .iter()
                .map(|e| e.lot)
                .collect::<Vec<_>>()
        };
        let mut p = project(vec![lot(1, "A", 10), lot(2, "B", 20), lot(3, "C", 30)]);
        p.social_exceptions = vec![exception(Some(2)), exception(None), exception(Some(3))];
        p.edit_lots(LotEdit::Remove(1));
        assert_eq!(
            lots_of(&p),
            [None, Some(3)],
            "lot 2's exception went with it"
        );
        p.edit_lots(LotEdit::MergeNext(0));
        assert_eq!(lots_of(&p), [None, Some(1)], "lot 3 merged into lot 1");
        let mut p = project(vec![lot(4, "A", 10), lot(7, "B", 20)]);
        p.social_exceptions = vec![exception(Some(7))];
        p.into_single_lot();
        assert_eq!(lots_of(&p), [Some(4)]);
        // The saved file opens again (an exception for a missing lot is refused at loading).
        let saved = crate::model::io::to_ron_string(&p);
        crate::model::io::parse_project(saved.as_bytes(), std::path::Path::new("p.ron"))
            .expect("the edited project reopens");
    }

    #[test]
    fn a_single_contract_has_exactly_one_lot() {
        let mut p = project(vec![lot(1, "A", 10), lot(2, "B", 20), lot(3, "C", 30)]);
        p.into_single_lot();
        assert_eq!(p.allotment.lots.len(), 1);
        assert_eq!(p.allotment.lots[0].amount_cents, 6_000);
        assert_eq!(p.allotment.lots[0].title, "Entretien des espaces publics");

        let mut empty = project(vec![]);
        empty.purchase.amount_cents = 12_345;
        empty.into_single_lot();
        assert_eq!(empty.allotment.lots[0].number, 1);
        assert_eq!(empty.allotment.lots[0].amount_cents, 12_345);

        let mut one = project(vec![lot(4, "Marché global", 10)]);
        one.into_single_lot();
        assert_eq!(
            one.allotment.lots[0].title, "Marché global",
            "a lone lot keeps its own title"
        );
    }

    #[test]
    fn grounds_stay_in_legal_order_without_duplicates() {
        let mut grounds = vec![];
        set_ground(&mut grounds, NonAllotmentGround::FinanciallyCostly, true);
        set_ground(&mut grounds, NonAllotmentGround::CannotCoordinate, true);
        set_ground(&mut grounds, NonAllotmentGround::CannotCoordinate, true);
        assert_eq!(
            grounds,
            [
                NonAllotmentGround::CannotCoordinate,
                NonAllotmentGround::FinanciallyCostly
            ]
        );
        set_ground(&mut grounds, NonAllotmentGround::CannotCoordinate, false);
        assert_eq!(grounds, [NonAllotmentGround::FinanciallyCostly]);
    }
}
