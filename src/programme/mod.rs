//! A year of purchases at once: the buyer's purchasing programme (CSV or spreadsheet), each
//! line turned into a one-lot project and judged by the same rules as the wizard — regime and
//! publicity, the 2026 obligations, the recommended lever with its reason, the insertion hours
//! a clause would give, and the supply evidence when a supplier pack is imported.
//!
//! No egui here: `clausier programme` and the « Programme d'achats » view both call
//! [`assess`], and « Créer le projet » uses the same [`project_for`] as the assessment.

pub mod assess;
pub mod cpv;
pub mod read;
pub mod report;

pub use assess::{assess, LeverAdvice, LineAssessment, LineVerdict, ProgrammeAssessment, Summary};
pub use read::{read_bytes, read_file, PlannedPurchase, PlannedRow, Programme, RowError};

use crate::model::{BuyerKind, Project};
use crate::reference::ReferenceData;

/// The one-lot project a programme line describes: the buyer's kind, the line's nature,
/// amount, duration, CPV code, place and launch date, one lot holding the whole purchase with
/// the trade its CPV code stands for (or the preset of its nature). No lever yet: the rules
/// advise one, the buyer chooses in the wizard.
pub fn project_for(purchase: &PlannedPurchase, buyer: BuyerKind, data: &ReferenceData) -> Project {
    let mut project = Project::blank();
    project.meta.title = purchase.title.clone();
    project.meta.buyer.kind = buyer;
    project.meta.launch_date = purchase.launch_date;
    let p = &mut project.purchase;
    p.object = purchase.title.clone();
    p.nature = purchase.nature;
    p.cpv = purchase.cpv.clone();
    p.amount_cents = purchase.amount_cents;
    p.duration_months = purchase.duration_months;
    p.place = purchase.place.clone();
    let lot = &mut project.allotment.lots[0];
    lot.title = purchase.title.clone();
    lot.amount_cents = purchase.amount_cents;
    lot.trade = Some(trade_for(purchase, data).to_string());
    project
}

/// The trade preset a line stands for: its CPV code's when the code names one of the same
/// nature, else the preset of its nature.
pub fn trade_for<'a>(purchase: &PlannedPurchase, data: &'a ReferenceData) -> &'a str {
    purchase
        .cpv
        .as_deref()
        .and_then(|c| cpv::CpvTables::bundled().trade(c))
        .and_then(|t| data.trade(&t.trade))
        .filter(|t| t.nature == purchase.nature)
        .unwrap_or_else(|| data.generic_trade(purchase.nature))
        .id
        .as_str()
}
