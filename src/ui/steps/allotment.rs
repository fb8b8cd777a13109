//! Step 3 — allotment: the lots editor (add, split, merge, reorder, renumber), the sum and
//! small-lots checks, the limits per tenderer; or the decision not to allot, with its grounds
//! and factual reasons (L2113-10 and L2113-11).

use super::StepContext;
use crate::ui::theme::{Tokens, SPACE_L, SPACE_M, SPACE_S};
use crate::ui::widgets::{form_grid, info_box, Form};
use clausier::clauses::format_article;
use clausier::model::{format_euros, Lot, Nature, NonAllotmentGround, Project, TieBreak};
use clausier::reference::{ReferenceData, TradePreset};
use clausier::rules::{labels, LotEvaluation, Regime};
use egui::{RichText, Ui};

const GROUNDS: [NonAllotmentGround; 4] = [
    NonAllotmentGround::CannotCoordinate,
    NonAllotmentGround::RestrictsCompetition,
    NonAllotmentGround::TechnicallyDifficult,
    NonAllotmentGround::FinanciallyCostly,
];

/// The tie-break rule as a plain choice; the text of a custom rule lives in the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TieChoice {
    None,
    DecreasingAmount,
    LotOrder,
    LargestLead,
    Custom,
}

const TIE_CHOICES: [(TieChoice, &str); 5] = [
    (TieChoice::None, "Aucune règle"),
    (
        TieChoice::DecreasingAmount,
        "Dans l'ordre décroissant du montant des lots",
    ),
    (TieChoice::LotOrder, "Dans l'ordre des numéros de lots"),
    (
        TieChoice::LargestLead,
        "Là où l'avance du candidat sur le suivant est la plus forte",
    ),
    (TieChoice::Custom, "Règle rédigée par l'acheteur"),
];

impl TieChoice {
    fn of(rule: &Option<TieBreak>) -> TieChoice {
        match rule {
            None => TieChoice::None,
            Some(TieBreak::DecreasingAmount) => TieChoice::DecreasingAmount,
            Some(TieBreak::LotOrder) => TieChoice::LotOrder,
            Some(TieBreak::LargestLead) => TieChoice::LargestLead,
            Some(TieBreak::Custom(_)) => TieChoice::Custom,
        }
    }

    fn rule(self) -> Option<TieBreak> {
        match self {
            TieChoice::None => None,
            TieChoice::DecreasingAmount => Some(TieBreak::DecreasingAmount),
            TieChoice::LotOrder => Some(TieBreak::LotOrder),
            TieChoice::LargestLead => Some(TieBreak::LargestLead),
            TieChoice::Custom => Some(TieBreak::Custom(String::new())),
        }
    }
}

/// A change to the list of lots. Collected while the table is drawn, applied after it: the
/// rows borrow the list while they are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowAction {
    Up(usize),
    Down(usize),
    Duplicate(usize),
    Split(usize),
    MergeNext(usize),
    Remove(usize),
    Add,
    Renumber,
}

pub fn show(ui: &mut Ui, ctx: &mut StepContext) {
    decision(ui, ctx);
    ui.add_space(SPACE_L);
    if ctx.project.allotment.allotted {
        lots_table(ui, ctx);
        ui.add_space(SPACE_M);
        totals(ui, ctx);
        ui.add_space(SPACE_L);
        limits(ui, ctx);
    } else {
        single_contract(ui, ctx);
    }
}

fn decision(ui: &mut Ui, ctx: &mut StepContext) {
    ui.heading("Décision d'allotissement");
    let allotted = &mut ctx.project.allotment.allotted;
    let was_allotted = *allotted;
    ui.horizontal(|ui| {
        let yes = ui.radio_value(allotted, true, "Allotir (plusieurs lots)");
        ctx.form.claim_focus("allotment.allotted", &yes);
        ui.radio_value(allotted, false, "Marché unique (ne pas allotir)")
            .on_hover_text(
                "Les lots déjà décrits sont regroupés en un seul (Ctrl+Z pour revenir en arrière).",
            );
    });
    if was_allotted && !*allotted {
        into_single_lot(ctx.project);
        ctx.form.buffers.clear();
        *ctx.selected_lot = 0;
    }
}

// ---------------------------------------------------------------------------------------------
// Allotted: the lots table
// ---------------------------------------------------------------------------------------------

/// Options shared by every row, built once per frame.
struct Choices {
    natures: Vec<(Option<Nature>, String)>,
    trades: &'static [TradePreset],
}

/// What a row needs besides its lot.
struct Row<'a> {
    index: usize,
    count: usize,
    evaluation: Option<&'a LotEvaluation>,
}

fn lots_table(ui: &mut Ui, ctx: &mut StepContext) {
    ui.heading("Les lots");
    ui.label("Dimensionnez les lots à la portée des PME et des structures d'insertion du territoire : lots par métier ou par secteur, lot dédié à une activité qu'elles exercent.");
    ui.add_space(SPACE_S);
    let choices = Choices {
        natures: nature_options(ctx.project.purchase.nature),
        trades: &ReferenceData::bundled().insertion.trades,
    };
    let evaluation = ctx.evaluation;
    let lots = &mut ctx.project.allotment.lots;
    let count = lots.len();
    let form = &mut ctx.form;
    let mut action = None;
    // One card per lot rather than a wide table: the central column is narrow next to the
    // preview, and a lot's title needs room to be read.
    for (index, lot) in lots.iter_mut().enumerate() {
        // The evaluation dates from the start of the frame: trust it only for the same lot.
        let evaluation = evaluation
            .and_then(|e| e.lots.get(index))
            .filter(|l| l.number == lot.number);
        let row = Row {
            index,
            count,
            evaluation,
        };
        egui::Frame::group(ui.style())
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                if let Some(a) = lot_row(ui, form, lot, &row, &choices) {
                    action = Some(a);
                }
            });
        ui.add_space(SPACE_S);
    }
    ui.horizontal(|ui| {
        if ui.button("Ajouter un lot").clicked() {
            action = Some(RowAction::Add);
        }
        if ui
            .button("Renuméroter dans l'ordre")
            .on_hover_text("Numérote les lots 1, 2, 3… dans l'ordre du tableau ; les exceptions sociales suivent leur lot.")
            .clicked()
        {
            action = Some(RowAction::Renumber);
        }
    });
    if let Some(action) = action {
        apply(ctx.project, action);
        // Typed texts are keyed by path, and paths follow the indices that just moved.
        ctx.form.buffers.clear();
        let last = ctx.project.allotment.lots.len().saturating_sub(1);
        *ctx.selected_lot = (*ctx.selected_lot).min(last);
    }
}

fn nature_options(purchase: Nature) -> Vec<(Option<Nature>, String)> {
    let mut options = vec![(
        None,
        format!("comme l'achat ({})", labels::nature(purchase)),
    )];
    options.extend([
        (Some(Nature::Works), "Travaux".to_string()),
        (Some(Nature::Supplies), "Fournitures".to_string()),
        (Some(Nature::Services), "Services".to_string()),
    ]);
    options
}

fn lot_row(
    ui: &mut Ui,
    f: &mut Form,
    lot: &mut Lot,
    row: &Row,
    choices: &Choices,
) -> Option<RowAction> {
    let i = row.index;
    let n = lot.number;
    let path = |rest: &str| format!("allotment.lots[{i}].{rest}");
    ui.horizontal(|ui| {
        ui.label("Lot");
        // Named by position: its own value changes while it is typed.
        f.whole_cell(
            ui,
            &format!("Numéro du lot (ligne {})", i + 1),
            &path("number"),
            &mut lot.number,
        );
        let width = ui.available_width() - 8.0;
        f.text_cell(
            ui,
            &format!("Intitulé du lot {n}"),
            &path("title"),
            &mut lot.title,
            width,
        );
    });
    ui.horizontal_wrapped(|ui| {
        f.combo_cell(
            ui,
            &format!("Nature du lot {n}"),
            &path("nature"),
            &mut lot.nature,
            &choices.natures,
            150.0,
        );
        f.amount_cell(
            ui,
            &format!("Montant estimé du lot {n}"),
            &path("amount_cents"),
            &mut lot.amount_cents,
        );
        ui.label("€ HT");
        trade_combo(ui, f, lot, &path("trade"), choices.trades);
    });
    let description = path("description");
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut lot.description)
                .id_salt(&description)
                .desired_width(ui.available_width())
                .hint_text("Description du lot (facultative)"),
        )
        .accessible_name(format!("Description du lot {n}"));
    f.claim_focus(&description, &response);
    regime_cell(ui, row.evaluation);
    row_buttons(ui, n, row)
}

/// Trade options: "aucun", the presets, and the project's own id when no preset has it.
fn trade_options(
    trades: &[TradePreset],
    current: Option<&str>,
) -> (Vec<(Option<usize>, String)>, Option<usize>) {
    let mut options = vec![(None, "aucun".to_string())];
    options.extend(
        trades
            .iter()
            .enumerate()
            .map(|(k, t)| (Some(k), t.label.clone())),
    );
    let selected = current.map(|id| {
        trades.iter().position(|t| t.id == id).unwrap_or_else(|| {
            options.push((Some(trades.len()), format!("{id} (inconnu)")));
            trades.len()
        })
    });
    (options, selected)
}

fn trade_combo(ui: &mut Ui, f: &mut Form, lot: &mut Lot, path: &str, trades: &[TradePreset]) {
    let (options, before) = trade_options(trades, lot.trade.as_deref());
    let mut selected = before;
    f.combo_cell(
        ui,
        &format!("Métier du lot {}", lot.number),
        path,
        &mut selected,
        &options,
        190.0,
    );
    if selected != before {
        lot.trade = selected.and_then(|k| trades.get(k)).map(|t| t.id.clone());
    }
}

fn regime_short(regime: Regime) -> &'static str {
    match regime {
        Regime::NoPublicity => "sans publicité ni mise en concurrence",
        Regime::Adapted => "procédure adaptée",
        Regime::Formalised => "procédure formalisée",
    }
}

fn regime_cell(ui: &mut Ui, evaluation: Option<&LotEvaluation>) {
    let Some(e) = evaluation else {
        ui.label("—");
        return;
    };
    ui.horizontal(|ui| {
        ui.label(regime_short(e.regime)).on_hover_text(format!("{} ; {}", e.regime.label(), e.publicity.label()));
        if e.small_lot {
            ui.label(RichText::new("petit lot").strong())
                .on_hover_text("Lot de faible montant : il peut suivre une procédure allégée tant que les petits lots restent dans le plafond (article R. 2123-1 2°).");
        }
    });
}

fn row_buttons(ui: &mut Ui, n: u32, row: &Row) -> Option<RowAction> {
    let i = row.index;
    let last = i + 1 == row.count;
    let buttons = [
        (
            "Monter",
            format!("Monter le lot {n}"),
            i > 0,
            RowAction::Up(i),
        ),
        (
            "Descendre",
            format!("Descendre le lot {n}"),
            !last,
            RowAction::Down(i),
        ),
        (
            "Dupliquer",
            format!("Dupliquer le lot {n}"),
            true,
            RowAction::Duplicate(i),
        ),
        (
            "Scinder",
            format!("Scinder le lot {n}"),
            true,
            RowAction::Split(i),
        ),
        (
            "Fusionner",
            format!("Fusionner le lot {n} avec le suivant"),
            !last,
            RowAction::MergeNext(i),
        ),
        (
            "Supprimer",
            format!("Supprimer le lot {n}"),
            row.count > 1,
            RowAction::Remove(i),
        ),
    ];
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        for (text, name, enabled, what) in buttons {
            let hint = button_hint(what);
            let response = ui
                .add_enabled(enabled, egui::Button::new(text).small())
                .accessible_name(name)
                .on_hover_text(hint);
            if response.clicked() {
                action = Some(what);
            }
        }
    });
    action
}

fn button_hint(action: RowAction) -> &'static str {
    match action {
        RowAction::Up(_) => "Monter d'une ligne (le numéro ne change pas)",
        RowAction::Down(_) => "Descendre d'une ligne (le numéro ne change pas)",
        RowAction::Duplicate(_) => "Ajouter une copie de ce lot, avec ses leviers, sous le numéro libre suivant",
        RowAction::Split(_) => "Scinder en deux lots de montants égaux ; la seconde partie prend le numéro libre suivant",
        RowAction::MergeNext(_) => "Regrouper ce lot et le suivant : montants additionnés, leviers de ce lot conservés",
        RowAction::Remove(_) => "Supprimer ce lot (Ctrl+Z pour revenir en arrière)",
        RowAction::Add | RowAction::Renumber => "",
    }
}

fn totals(ui: &mut Ui, ctx: &mut StepContext) {
    let p = &*ctx.project;
    let total = p.lots_total_cents();
    let purchase = p.purchase.amount_cents;
    info_box(ui, "Contrôle des montants", |ui| {
        ui.label(format!(
            "Somme des lots : {} — montant total de l'achat : {}.",
            format_euros(total),
            format_euros(purchase)
        ));
        if total == purchase {
            ui.label("La somme des lots correspond au montant de l'achat.");
        } else {
            let gap = total.saturating_sub(purchase);
            let (sign, what) = if gap > 0 {
                ("+", "dépasse")
            } else {
                ("-", "n'atteint pas")
            };
            ui.label(
                RichText::new(format!(
                    "Écart : {sign}{} — la somme des lots {what} le montant de l'achat ; corrigez un lot ou le montant de l'étape 1.",
                    format_euros(gap.saturating_abs())
                ))
                .color(Tokens::of(ui).error)
                .strong(),
            );
        }
        if let Some(e) = ctx.evaluation.filter(|e| e.small_lots_cap_cents > 0) {
            let small: Vec<String> = e
                .lots
                .iter()
                .filter(|l| l.small_lot)
                .map(|l| l.number.to_string())
                .collect();
            let which = if small.is_empty() {
                "aucun lot concerné".to_string()
            } else {
                format!("lots concernés : {}", small.join(", "))
            };
            ui.label(format!(
                "Petits lots (article R. 2123-1 2°) : {} utilisés sur un plafond de {} ; {which}.",
                format_euros(e.small_lots_used_cents),
                format_euros(e.small_lots_cap_cents)
            ));
        }
    });
}

fn limits(ui: &mut Ui, ctx: &mut StepContext) {
    ui.heading("Limites par candidat");
    ui.label("Le règlement de la consultation dit si l'on peut répondre à un, plusieurs ou tous les lots, le nombre maximal de lots qu'un même candidat peut remporter et la règle appliquée s'il arrive en tête sur davantage (article R. 2113-1).");
    let a = &mut ctx.project.allotment;
    let f = &mut ctx.form;
    form_grid(ui, "allotment-limits", |ui| {
        f.optional_whole(
            ui,
            "Nombre maximal de lots par candidat (offres)",
            "allotment.max_lots_bid",
            &mut a.max_lots_bid,
            "lots (vide : pas de limite)",
        );
        f.optional_whole(
            ui,
            "Nombre maximal de lots attribués à un même candidat",
            "allotment.max_lots_awarded",
            &mut a.max_lots_awarded,
            "lots (vide : pas de limite)",
        );
        let mut choice = TieChoice::of(&a.tie_break);
        let before = choice;
        f.combo(
            ui,
            "Règle au-delà du maximum de lots attribués",
            "allotment.tie_break",
            &mut choice,
            &TIE_CHOICES,
        );
        if choice != before {
            a.tie_break = choice.rule();
        }
        if let Some(TieBreak::Custom(text)) = &mut a.tie_break {
            f.multiline(
                ui,
                "Règle rédigée par l'acheteur",
                "allotment.tie_break.custom",
                text,
            );
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Not allotted: the decision and the single contract
// ---------------------------------------------------------------------------------------------

fn single_contract(ui: &mut Ui, ctx: &mut StepContext) {
    if ctx.project.allotment.lots.is_empty() {
        into_single_lot(ctx.project);
    }
    grounds(ui, ctx);
    ui.add_space(SPACE_L);
    ui.heading("Le marché unique");
    let lots = ctx.project.allotment.lots.len();
    if lots > 1 {
        ui.label(
            RichText::new(format!(
                "Un marché non alloti ne décrit qu'un lot : {lots} lots sont encore décrits."
            ))
            .color(Tokens::of(ui).error),
        );
        if ui
            .button("Regrouper les lots en un marché unique")
            .clicked()
        {
            into_single_lot(ctx.project);
            ctx.form.buffers.clear();
            *ctx.selected_lot = 0;
        }
    }
    let purchase = ctx.project.purchase.amount_cents;
    let lot = &mut ctx.project.allotment.lots[0];
    let f = &mut ctx.form;
    form_grid(ui, "single-contract", |ui| {
        f.text(
            ui,
            "Intitulé du marché",
            "allotment.lots[0].title",
            &mut lot.title,
        );
        f.amount(
            ui,
            "Montant estimé du marché",
            "allotment.lots[0].amount_cents",
            &mut lot.amount_cents,
        );
        let trades = &ReferenceData::bundled().insertion.trades;
        let (options, before) = trade_options(trades, lot.trade.as_deref());
        let options: Vec<(Option<usize>, &str)> =
            options.iter().map(|(k, t)| (*k, t.as_str())).collect();
        let mut selected = before;
        f.combo(
            ui,
            "Métier (repères de calcul des heures)",
            "allotment.lots[0].trade",
            &mut selected,
            &options,
        );
        if selected != before {
            lot.trade = selected.and_then(|k| trades.get(k)).map(|t| t.id.clone());
        }
    });
    if lot.amount_cents != purchase
        && ui
            .button(format!(
                "Reprendre le montant de l'achat ({})",
                format_euros(purchase)
            ))
            .clicked()
    {
        lot.amount_cents = purchase;
        f.buffers.remove("allotment.lots[0].amount_cents");
    }
}

fn grounds(ui: &mut Ui, ctx: &mut StepContext) {
    ui.heading("Motifs de la décision de ne pas allotir");
    ui.label("Les exceptions de l'article L. 2113-11 sont limitatives. Citer un motif ne suffit pas : la décision repose sur des éléments juridiques et factuels propres à cet achat (Conseil d'État, décision Nantes Métropole, n° 319949).");
    let na = &mut ctx.project.allotment.non_allotment;
    let f = &mut ctx.form;
    form_grid(ui, "non-allotment", |ui| {
        for ground in GROUNDS {
            let mut on = na.grounds.contains(&ground);
            let label = format!(
                "{} ({})",
                capitalised(labels::ground(ground)),
                format_article(labels::ground_article(ground))
            );
            if f.checkbox(ui, &label, "allotment.non_allotment.grounds", &mut on)
                .changed()
            {
                set_ground(&mut na.grounds, ground, on);
            }
        }
        f.multiline(
            ui,
            "Justification factuelle",
            "allotment.non_allotment.justification",
            &mut na.justification,
        );
    });
    ui.label(RichText::new("Décrivez les faits : capacité du service à coordonner plusieurs titulaires, imbrication technique des prestations, surcoût chiffré… Au-dessus des seuils européens, ces motifs figurent dans les documents de la consultation ou le rapport de présentation ; en dessous, conservez-les au dossier et indiquez-les de préférence dans le règlement de la consultation.").small());
}

fn set_ground(grounds: &mut Vec<NonAllotmentGround>, ground: NonAllotmentGround, on: bool) {
    grounds.retain(|g| *g != ground);
    if on {
        grounds.push(ground);
        // Keep the legal order, whatever the order of the clicks.
        grounds.sort_by_key(|g| GROUNDS.iter().position(|x| x == g));
    }
}

pub(super) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

// ---------------------------------------------------------------------------------------------
// Changes to the list of lots (pure: no drawing)
// ---------------------------------------------------------------------------------------------

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

fn apply(project: &mut Project, action: RowAction) {
    if action == RowAction::Renumber {
        renumber(project);
        return;
    }
    let lots = &mut project.allotment.lots;
    let len = lots.len();
    match action {
        RowAction::Up(i) if i > 0 && i < len => lots.swap(i - 1, i),
        RowAction::Down(i) if i + 1 < len => lots.swap(i, i + 1),
        RowAction::Duplicate(i) if i < len => {
            let mut copy = lots[i].clone();
            copy.number = next_number(lots);
            copy.title = suffixed(&copy.title, "(copie)");
            lots.insert(i + 1, copy);
        }
        RowAction::Split(i) if i < len => split(lots, i),
        RowAction::MergeNext(i) if i + 1 < len => {
            let next = lots.remove(i + 1);
            merge_into(&mut lots[i], next);
        }
        RowAction::Remove(i) if i < len && len > 1 => {
            lots.remove(i);
        }
        RowAction::Add => lots.push(Lot {
            number: next_number(lots),
            ..Lot::default()
        }),
        _ => {}
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

/// Leaves exactly one lot describing the whole contract: all lots merged, or one made from
/// the purchase when there was none.
fn into_single_lot(project: &mut Project) {
    let lots = std::mem::take(&mut project.allotment.lots);
    let several = lots.len() > 1;
    let merged = lots.into_iter().reduce(|mut a, b| {
        merge_into(&mut a, b);
        a
    });
    let object = project.purchase.object.trim();
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
            amount_cents: project.purchase.amount_cents,
            ..Lot::default()
        },
    };
    project.allotment.lots = vec![lot];
}

#[cfg(test)]
mod tests {
    use super::*;
    use clausier::model::{
        ExceptionGround, InsertionClause, InsertionCriterion, ReservationBasis, SocialException,
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
    fn moves_keep_numbers_and_stop_at_the_ends() {
        let mut p = project(vec![lot(1, "A", 10), lot(2, "B", 20), lot(3, "C", 30)]);
        apply(&mut p, RowAction::Up(2));
        assert_eq!(numbers(&p), [1, 3, 2]);
        apply(&mut p, RowAction::Down(0));
        assert_eq!(numbers(&p), [3, 1, 2]);
        apply(&mut p, RowAction::Up(0));
        apply(&mut p, RowAction::Down(2));
        assert_eq!(numbers(&p), [3, 1, 2]);
    }

    #[test]
    fn new_lots_take_the_next_free_number() {
        let mut p = project(vec![lot(1, "A", 10), lot(4, "B", 20)]);
        apply(&mut p, RowAction::Add);
        assert_eq!(numbers(&p), [1, 4, 5]);
        apply(&mut p, RowAction::Duplicate(0));
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
        apply(&mut p, RowAction::Split(0));
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
        apply(&mut p, RowAction::MergeNext(0));
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
        apply(&mut p, RowAction::MergeNext(1));
        assert_eq!(
            p.allotment.lots.len(),
            2,
            "the last lot has nothing to merge with"
        );
    }

    #[test]
    fn merging_clauses_adds_hours_set_by_hand() {
        let clause = |hours| InsertionClause {
            method: clausier::model::HoursMethod::Cleaning {
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
        apply(&mut p, RowAction::Split(0));
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
        apply(&mut p, RowAction::Remove(0));
        assert_eq!(numbers(&p), [2]);
        apply(&mut p, RowAction::Remove(0));
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
        apply(&mut p, RowAction::Renumber);
        assert_eq!(numbers(&p), [1, 2, 3]);
        let lots: Vec<_> = p.social_exceptions.iter().map(|e| e.lot).collect();
        assert_eq!(
            lots,
            [Some(3), None, Some(7)],
            "an exception for no existing lot is left as it was"
        );
    }

    #[test]
    fn a_single_contract_has_exactly_one_lot() {
        let mut p = project(vec![lot(1, "A", 10), lot(2, "B", 20), lot(3, "C", 30)]);
        into_single_lot(&mut p);
        assert_eq!(p.allotment.lots.len(), 1);
        assert_eq!(p.allotment.lots[0].amount_cents, 6_000);
        assert_eq!(p.allotment.lots[0].title, "Entretien des espaces publics");

        let mut empty = project(vec![]);
        empty.purchase.amount_cents = 12_345;
        into_single_lot(&mut empty);
        assert_eq!(empty.allotment.lots[0].number, 1);
        assert_eq!(empty.allotment.lots[0].amount_cents, 12_345);

        let mut one = project(vec![lot(4, "Marché global", 10)]);
        into_single_lot(&mut one);
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

    #[test]
    fn tie_break_choices_round_trip() {
        for (choice, _) in TIE_CHOICES {
            assert_eq!(TieChoice::of(&choice.rule()), choice);
        }
        assert_eq!(capitalised("l'acheteur"), "L'acheteur");
    }

    mod drawn {
        use super::*;
        use crate::ui::steps::testing::{self, State};
        use crate::ui::steps::Step;
        use egui_kittest::kittest::Queryable;
        use egui_kittest::Harness;

        fn harness(project: Project, focus: Option<&str>) -> Harness<'static, State> {
            match focus {
                Some(field) => testing::harness_focused(Step::Allotment, project, field),
                None => testing::harness(Step::Allotment, project),
            }
        }

        #[test]
        fn the_lots_table_is_fully_labelled_and_its_buttons_work() {
            let mut p = project(vec![
                lot(1, "Gros œuvre", 200_000),
                lot(2, "Peinture", 100_000),
                lot(3, "Espaces verts", 50_000),
            ]);
            p.allotment.lots[2].trade = Some("espaces-verts".into());
            let mut harness = harness(p, None);
            harness.run();
            harness.get_by_label("Intitulé du lot 2");
            harness.get_by_label("Montant estimé du lot 3");
            harness.get_by_label("Métier du lot 3");
            harness.get_by_label("Scinder le lot 2").click();
            harness.run();
            assert_eq!(numbers(&harness.state().project), [1, 2, 4, 3]);
            harness.get_by_label("Supprimer le lot 1").click();
            harness.run();
            harness.get_by_label("Renuméroter dans l'ordre").click();
            harness.run();
            assert_eq!(numbers(&harness.state().project), [1, 2, 3]);
            harness.get_by_label("Ajouter un lot").click();
            harness.run();
            assert_eq!(harness.state().project.allotment.lots.len(), 4);
            // The purchase total no longer matches: the gap is shown.
            harness.get_by_label_contains("Écart : -");
        }

        #[test]
        fn a_finding_on_a_lot_amount_focuses_that_cell() {
            let p = project(vec![lot(1, "A", 10), lot(2, "B", 20)]);
            let mut harness = harness(p, Some("allotment.lots[1].amount_cents"));
            harness.run();
            assert!(harness.get_by_label("Montant estimé du lot 2").is_focused());
        }

        #[test]
        fn choosing_a_single_contract_leaves_one_lot_and_asks_for_grounds() {
            let p = project(vec![lot(1, "A", 10), lot(2, "B", 20)]);
            let mut harness = harness(p, None);
            harness.run();
            harness
                .get_by_label("Marché unique (ne pas allotir)")
                .click();
            harness.run();
            let state = harness.state();
            assert!(!state.project.allotment.allotted);
            assert_eq!(state.project.allotment.lots.len(), 1);
            assert_eq!(state.project.allotment.lots[0].amount_cents, 3_000);
            harness.get_by_label("Justification factuelle");
            harness.get_by_label("Intitulé du marché");
            harness
                .get_by_label_contains("n'est pas en mesure d'assurer")
                .click();
            harness.run();
            assert_eq!(
                harness.state().project.allotment.non_allotment.grounds,
                [NonAllotmentGround::CannotCoordinate]
            );
        }
    }
}
