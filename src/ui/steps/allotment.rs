//! Step 3 — allotment: the lots editor (add, split, merge, reorder, renumber), the sum and
//! small-lots checks, the limits per tenderer; or the decision not to allot, with its grounds
//! and factual reasons (L2113-10 and L2113-11).

use super::StepContext;
use crate::ui::theme::{Tokens, SPACE_L, SPACE_M, SPACE_S};
use crate::ui::widgets::OPTIONAL_WHOLE;
use crate::ui::widgets::{form_grid, info_box, Form};
use clausier::fr::capitalized;
use clausier::fr::{format_article, format_euros};
use clausier::model::edit::{self, LotEdit};
use clausier::model::{field, Lot, Nature, NonAllotmentGround, TieBreak};
use clausier::reference::{ReferenceData, TradePreset};
use clausier::rules::{labels, LotEvaluation, Regime};
use egui::{RichText, Ui};

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
        "Dans l’ordre décroissant du montant des lots",
    ),
    (TieChoice::LotOrder, "Dans l’ordre des numéros de lots"),
    (
        TieChoice::LargestLead,
        "Là où l’avance du candidat sur le suivant est la plus forte",
    ),
    (TieChoice::Custom, "Règle rédigée par l’acheteur"),
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
    ui.heading("Décision d’allotissement");
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
        ctx.project.into_single_lot();
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
    ui.label("Dimensionnez les lots à la portée des PME et des structures d’insertion du territoire : lots par métier ou par secteur, lot dédié à une activité qu’elles exercent.");
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
    let mut entry = None;
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
                let (edit, typed) = lot_row(ui, form, lot, &row, &choices);
                action = edit.or(action.take());
                entry = typed.or(entry.take());
            });
        ui.add_space(SPACE_S);
    }
    ui.horizontal(|ui| {
        if ui
            .button("Ajouter un lot")
            .on_hover_text("Ajoute un lot et place le curseur dans son intitulé. Vous pouvez aussi coller des lignes copiées d’un tableur (intitulé, montant, métier) dans l’intitulé d’un lot.")
            .clicked()
        {
            action = Some(LotEdit::Add);
        }
        if ui
            .button("Renuméroter dans l’ordre")
            .on_hover_text("Numérote les lots 1, 2, 3… dans l’ordre du tableau ; les exceptions sociales suivent leur lot.")
            .clicked()
        {
            action = Some(LotEdit::Renumber);
        }
    });
    if let Some(entry) = entry {
        apply_entry(ctx, entry, choices.trades);
    }
    if let Some(action) = action {
        let added = action == LotEdit::Add;
        ctx.project.edit_lots(action);
        // Typed texts are keyed by path, and paths follow the indices that just moved.
        ctx.form.buffers.clear();
        let last = ctx.project.allotment.lots.len().saturating_sub(1);
        *ctx.selected_lot = (*ctx.selected_lot).min(last);
        if added {
            // The user adds a lot to type it: the caret goes to its title.
            *ctx.form.focus = Some(field::lot(last).title());
        }
    }
}

/// Typing lots as a table: Enter moves to the next lot, a pasted spreadsheet fills lots.
enum TableEntry {
    /// Enter was pressed in a field of the lot at this index.
    Next(usize),
    /// A table was pasted into the title of the lot at this index.
    Paste(usize, String),
}

fn apply_entry(ctx: &mut StepContext, entry: TableEntry, trades: &[TradePreset]) {
    match entry {
        TableEntry::Next(index) => {
            let lots = &ctx.project.allotment.lots;
            // A new row only after a lot actually typed, so that Enter on an empty last
            // row does not pile up empty lots.
            if index + 1 == lots.len() {
                if lots[index].title.trim().is_empty() {
                    return;
                }
                ctx.project.edit_lots(LotEdit::Add);
            }
            *ctx.form.focus = Some(field::lot(index + 1).title());
        }
        TableEntry::Paste(index, text) => {
            let rows = super::lot_table::parse(&text, trades);
            for (k, row) in rows.into_iter().enumerate() {
                let at = index + k;
                if at >= ctx.project.allotment.lots.len() {
                    ctx.project.edit_lots(LotEdit::Add);
                }
                let lot = &mut ctx.project.allotment.lots[at];
                lot.title = row.title;
                match row.amount {
                    Ok(cents) => lot.amount_cents = cents,
                    Err(typed) => {
                        // Kept as typed, so the field says what is wrong with it.
                        ctx.form.buffers.insert(field::lot(at).amount(), typed);
                    }
                }
                if row.trade.is_some() {
                    lot.trade = row.trade;
                }
            }
        }
    }
}

fn nature_options(purchase: Nature) -> Vec<(Option<Nature>, String)> {
    let mut options = vec![(
        None,
        format!("comme l’achat ({})", labels::nature(purchase)),
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
) -> (Option<LotEdit>, Option<TableEntry>) {
    let i = row.index;
    let n = lot.number;
    let path = |rest: &str| format!("allotment.lots[{i}].{rest}");
    let mut entry = None;
    let enter = |ui: &Ui, r: &egui::Response| {
        r.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter))
    };
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
        let before = lot.title.clone();
        let title = f.text_cell_hinted(
            ui,
            &format!("Intitulé du lot {n}"),
            &path("title"),
            &mut lot.title,
            width,
            "Intitulé du lot",
        );
        let pasted = ui.input(|input| {
            input.events.iter().find_map(|e| match e {
                egui::Event::Paste(text) if super::lot_table::is_table(text) => Some(text.clone()),
                _ => None,
            })
        });
        if let (true, Some(text)) = (title.has_focus() || title.lost_focus(), pasted) {
            lot.title = before;
            entry = Some(TableEntry::Paste(i, text));
        } else if enter(ui, &title) {
            entry = Some(TableEntry::Next(i));
        }
    });
    ui.horizontal_wrapped(|ui| {
        // Title, amount, trade: the order a table of lots is typed in, and the Tab order.
        let amount = f.amount_cell(
            ui,
            &format!("Montant estimé du lot {n}"),
            &path("amount_cents"),
            &mut lot.amount_cents,
        );
        if enter(ui, &amount) {
            entry = Some(TableEntry::Next(i));
        }
        ui.label("€ HT");
        ui.label("Métier :");
        trade_combo(ui, f, lot, &path("trade"), choices.trades);
        ui.label("Nature :");
        f.combo_cell(
            ui,
            &format!("Nature du lot {n}"),
            &path("nature"),
            &mut lot.nature,
            &choices.natures,
            150.0,
        );
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
    (row_buttons(ui, n, row), entry)
}

/// Trade options: "aucun", the presets in alphabetical order, and the project's own id when
/// no preset has it.
fn trade_options(
    trades: &[TradePreset],
    current: Option<&str>,
) -> (Vec<(Option<usize>, String)>, Option<usize>) {
    let mut options = vec![(None, "aucun".to_string())];
    let mut sorted: Vec<(Option<usize>, String)> = trades
        .iter()
        .enumerate()
        .map(|(k, t)| (Some(k), t.label.clone()))
        .collect();
    sorted.sort_by_cached_key(|(_, label)| clausier::fr::fold_for_search(label));
    options.extend(sorted);
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
        ui.label(regime_short(e.regime)).on_hover_text(format!("{} ; {}", e.regime.label(), e.publicity.label()));
        if e.small_lot {
            ui.label(RichText::new("petit lot").strong())
                .on_hover_text("Lot de faible montant : il peut suivre une procédure allégée tant que les petits lots restent dans le plafond (article R. 2123-1 2°).");
        }
    });
}

fn row_buttons(ui: &mut Ui, n: u32, row: &Row) -> Option<LotEdit> {
    let i = row.index;
    let last = i + 1 == row.count;
    let buttons = [
        (
            "Monter",
            format!("Monter le lot {n}"),
            i > 0,
            LotEdit::Up(i),
        ),
        (
            "Descendre",
            format!("Descendre le lot {n}"),
            !last,
            LotEdit::Down(i),
        ),
        (
            "Dupliquer",
            format!("Dupliquer le lot {n}"),
            true,
            LotEdit::Duplicate(i),
        ),
        (
            "Scinder",
            format!("Scinder le lot {n}"),
            true,
            LotEdit::Split(i),
        ),
        (
            "Fusionner",
            format!("Fusionner le lot {n} avec le suivant"),
            !last,
            LotEdit::MergeNext(i),
        ),
        (
            "Supprimer",
            format!("Supprimer le lot {n}"),
            row.count > 1,
            LotEdit::Remove(i),
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

fn button_hint(action: LotEdit) -> &'static str {
    match action {
        LotEdit::Up(_) => "Monter d’une ligne (le numéro ne change pas)",
        LotEdit::Down(_) => "Descendre d’une ligne (le numéro ne change pas)",
        LotEdit::Duplicate(_) => "Ajouter une copie de ce lot, avec ses leviers, sous le numéro libre suivant",
        LotEdit::Split(_) => "Scinder en deux lots de montants égaux ; la seconde partie prend le numéro libre suivant",
        LotEdit::MergeNext(_) => "Regrouper ce lot et le suivant : montants additionnés, leviers de ce lot conservés",
        LotEdit::Remove(_) => "Supprimer ce lot (Ctrl+Z pour revenir en arrière)",
        LotEdit::Add | LotEdit::Renumber => "",
    }
}

fn totals(ui: &mut Ui, ctx: &mut StepContext) {
    let p = &*ctx.project;
    let total = p.lots_total_cents();
    let purchase = p.purchase.amount_cents;
    info_box(ui, "Contrôle des montants", |ui| {
        ui.label(format!(
            "Somme des lots : {} — montant total de l’achat : {}.",
            format_euros(total),
            format_euros(purchase)
        ));
        // The verdict on the gap is the rules' finding, not a second wording of it.
        if !ctx.form.notes(ui, field::LOTS) && total == purchase {
            ui.label("La somme des lots correspond au montant de l’achat.");
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
                format!("lots concernés : {}", small.join(", "))
            };
            ui.label(format!(
                "Petits lots (article R. 2123-1 2°) : {} utilisés sur un plafond de {} ; {which}.",
                format_euros(e.small_lots_used_cents),
                format_euros(e.small_lots_cap_cents)
            ));
        }
    });
}

fn limits(ui: &mut Ui, ctx: &mut StepContext) {
    ui.heading("Limites par candidat");
    ui.label("Le règlement de la consultation dit si l’on peut répondre à un, plusieurs ou tous les lots, le nombre maximal de lots qu’un même candidat peut remporter et la règle appliquée s’il arrive en tête sur davantage (article R. 2113-1).");
    let a = &mut ctx.project.allotment;
    let f = &mut ctx.form;
    form_grid(ui, "allotment-limits", |ui| {
        f.parsed(
            ui,
            "Nombre maximal de lots par candidat (offres)",
            "allotment.max_lots_bid",
            &mut a.max_lots_bid,
            &OPTIONAL_WHOLE,
            "lots (vide : pas de limite)",
        );
        f.parsed(
            ui,
            "Nombre maximal de lots attribués à un même candidat",
            "allotment.max_lots_awarded",
            &mut a.max_lots_awarded,
            &OPTIONAL_WHOLE,
            "lots (vide : pas de limite)",
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
                "Règle rédigée par l’acheteur",
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
        ctx.project.into_single_lot();
    }
    grounds(ui, ctx);
    ui.add_space(SPACE_L);
    ui.heading("Le marché unique");
    let lots = ctx.project.allotment.lots.len();
    if lots > 1 {
        ui.label(
            RichText::new(format!(
                "Un marché non alloti ne décrit qu’un lot : {lots} lots sont encore décrits."
            ))
            .color(Tokens::of(ui).error),
        );
        if ui
            .button("Regrouper les lots en un marché unique")
            .clicked()
        {
            ctx.project.into_single_lot();
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
                "Reprendre le montant de l’achat ({})",
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
    ui.label("Les exceptions de l’article L. 2113-11 sont limitatives. Citer un motif ne suffit pas : la décision repose sur des éléments juridiques et factuels propres à cet achat (Conseil d’État, décision Nantes Métropole, n° 319949).");
    let na = &mut ctx.project.allotment.non_allotment;
    let f = &mut ctx.form;
    form_grid(ui, "non-allotment", |ui| {
        for ground in NonAllotmentGround::ALL {
            let mut on = na.grounds.contains(&ground);
            let label = format!(
                "{} ({})",
                capitalized(labels::ground(ground)),
                format_article(labels::ground_article(ground))
            );
            if f.checkbox(ui, &label, "allotment.non_allotment.grounds", &mut on)
                .changed()
            {
                edit::set_ground(&mut na.grounds, ground, on);
            }
        }
        f.multiline(
            ui,
            "Justification factuelle",
            "allotment.non_allotment.justification",
            &mut na.justification,
        );
    });
    ui.label(RichText::new("Décrivez les faits : capacité du service à coordonner plusieurs titulaires, imbrication technique des prestations, surcoût chiffré… Au-dessus des seuils européens, ces motifs figurent dans les documents de la consultation ou le rapport de présentation ; en dessous, conservez-les au dossier et indiquez-les de préférence dans le règlement de la consultation.").small());
}

#[cfg(test)]
mod tests {
    use super::*;
    use clausier::model::Project;

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
    fn tie_break_choices_round_trip() {
        for (choice, _) in TIE_CHOICES {
            assert_eq!(TieChoice::of(&choice.rule()), choice);
        }
        assert_eq!(capitalized("l’acheteur"), "L’acheteur");
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
            harness.get_by_label("Renuméroter dans l’ordre").click();
            harness.run();
            assert_eq!(numbers(&harness.state().project), [1, 2, 3]);
            harness.get_by_label("Ajouter un lot").click();
            harness.run();
            assert_eq!(harness.state().project.allotment.lots.len(), 4);
            // The purchase total no longer matches: the rules' finding says so, once.
            assert_eq!(
                harness
                    .query_all_by_label_contains("diffère du montant total de l'achat")
                    .count(),
                1
            );
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
