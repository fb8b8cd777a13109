//! Step 5 — the social execution conditions, lot by lot. Insertion first: the hours calculator
//! (trade presets, every input editable, cleaning method with staff takeover), publics, modes,
//! reporting, penalties; then the other families (`social.rs`); and the facilitator shared by
//! all lots.

use super::{Step, StepContext};
use crate::ui::theme::{Tokens, SPACE_L, SPACE_M, SPACE_S};
use crate::ui::widgets::{form_grid, info_box, Form};
use crate::ui::widgets::{DECIMAL, OPTIONAL_AMOUNT, OPTIONAL_WHOLE};
use crate::ui::Command;
use clausier::fr::{format_euros, format_number};
use clausier::model::{
    Facilitator, HoursMethod, InsertionClause, Lot, Project, ReportingFrequency,
};
use clausier::reference::{Choice, ReferenceData, TradePreset};
use clausier::rules::{defaults, Advice, HoursResult, Severity};
use egui::{RichText, Ui};

/// How a lot is named in selectors and tables.
pub(super) fn lot_name(project: &Project, index: usize) -> String {
    let lot = &project.allotment.lots[index];
    if !project.allotment.allotted {
        "Marché unique (non alloti)".to_string()
    } else if lot.title.trim().is_empty() {
        format!("Lot {}", lot.number)
    } else {
        format!("Lot {} — {}", lot.number, lot.title.trim())
    }
}

pub fn show(ui: &mut Ui, ctx: &mut StepContext) {
    let data = ReferenceData::bundled();
    let count = ctx.project.allotment.lots.len();
    if count == 0 {
        ui.label("Aucun lot n’est défini : décrivez d’abord les lots à l’étape « Allotissement ».");
        if ui.button("Aller à l’étape « Allotissement »").clicked() {
            ctx.commands.push(Command::GoTo(Step::Allotment, None));
        }
    } else {
        if *ctx.selected_lot >= count {
            *ctx.selected_lot = 0;
        }
        lot_selector(ui, ctx);
        let index = *ctx.selected_lot;
        ui.add_space(SPACE_M);
        ui.heading("Clause sociale d’insertion");
        if ctx.project.allotment.lots[index].insertion_clause.is_none() {
            no_clause(ui, ctx, index, data);
        } else {
            let before = ctx.project.allotment.lots[index].insertion_clause.clone();
            hours_section(ui, ctx, index, data);
            ui.add_space(SPACE_L);
            terms_section(ui, ctx, index, data);
            ui.add_space(SPACE_M);
            apply_to_others(ui, ctx, index);
            // The result shown comes from the evaluation made at the start of the frame:
            // draw once more so it catches up with what was just typed.
            if ctx.project.allotment.lots[index].insertion_clause != before {
                ui.ctx().request_repaint();
            }
        }
        ui.add_space(SPACE_L);
        super::social::section(ui, ctx, index, data);
    }
    ui.add_space(SPACE_L);
    facilitator_section(ui, ctx);
}

fn lot_selector(ui: &mut Ui, ctx: &mut StepContext) {
    let project = &*ctx.project;
    let lots = &project.allotment.lots;
    let selected = *ctx.selected_lot;
    if lots.len() == 1 {
        ui.label(RichText::new(lot_name(project, 0)).strong());
        return;
    }
    // Lots with a social condition, plus the selected one (a finding may point at a lot
    // without one); when no lot has one yet, all of them, so the user can pick the one to equip.
    let has = |l: &Lot| l.insertion_clause.is_some() || !l.social_conditions.is_empty();
    let any_condition = lots.iter().any(has);
    let names: Vec<(usize, String)> = lots
        .iter()
        .enumerate()
        .filter(|(i, l)| has(l) || !any_condition || *i == selected)
        .map(|(i, l)| {
            let suffix = if !has(l) {
                " (sans condition sociale)"
            } else {
                ""
            };
            (i, format!("{}{suffix}", lot_name(project, i)))
        })
        .collect();
    // One click a lot, every lot in sight: a drop-down took two clicks and hid the others.
    ui.label(RichText::new("Lot affiché").strong());
    ui.horizontal_wrapped(|ui| {
        for (index, name) in &names {
            let response = ui
                .selectable_label(*index == selected, name.as_str())
                .on_hover_text("Afficher la clause de ce lot");
            if *index == selected {
                ctx.form.claim_focus("insertion.selected_lot", &response);
            }
            if response.clicked() {
                *ctx.selected_lot = *index;
            }
        }
    });
    // The lots left out of the row stay one choice away: a buyer may want to give one
    // of them a condition of another family than the one recommended.
    let hidden: Vec<(usize, String)> = (0..lots.len())
        .filter(|i| !names.iter().any(|(shown, _)| shown == i))
        .map(|i| (i, lot_name(project, i)))
        .collect();
    if !hidden.is_empty() {
        ui.horizontal(|ui| {
            let mut chosen = None;
            let label = ui.label("Lots sans condition sociale :");
            egui::ComboBox::from_id_salt("insertion.other_lot")
                .selected_text(clausier::fr::count_of(hidden.len(), "lot", "lots"))
                .show_ui(ui, |ui| {
                    for (index, name) in &hidden {
                        if ui.selectable_label(false, name.as_str()).clicked() {
                            chosen = Some(*index);
                        }
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text("Afficher un lot qui n’a encore aucune condition sociale, pour lui en ajouter une");
            if let Some(index) = chosen {
                *ctx.selected_lot = index;
            }
        });
    }
}

/// « Appliquer à tous les lots » / « aux lots cochés »: the terms of the lot shown (publics,
/// modes, reporting, penalties) given to the other lots with a clause, so that they are
/// typed once for the whole purchase.
fn apply_to_others(ui: &mut Ui, ctx: &mut StepContext, index: usize) {
    let others: Vec<(usize, String)> = ctx
        .project
        .allotment
        .lots
        .iter()
        .enumerate()
        .filter(|(i, l)| *i != index && l.insertion_clause.is_some())
        .map(|(i, _)| (i, lot_name(ctx.project, i)))
        .collect();
    if others.is_empty() {
        return;
    }
    let number = ctx.project.allotment.lots[index].number;
    let ticked_id = egui::Id::unique(("insertion-apply-ticked", index));
    let mut ticked: Vec<usize> = ui.data(|d| d.get_temp(ticked_id)).unwrap_or_default();
    let mut targets = None;
    info_box(ui, "Mêmes conditions pour les autres lots", |ui| {
        ui.label(format!(
            "Publics, modalités, fréquence des états de suivi et pénalités du lot {number} peuvent être repris tels quels par les autres lots ayant une clause (leurs heures restent calculées lot par lot)."
        ));
        let all = ui.button(format!(
            "Appliquer à tous les lots ({} autre{})",
            others.len(),
            if others.len() > 1 { "s" } else { "" }
        ));
        ctx.form.claim_focus("insertion.apply_all", &all);
        if all.clicked() {
            targets = Some(others.iter().map(|(i, _)| *i).collect::<Vec<_>>());
        }
        if others.len() > 1 {
            ui.horizontal_wrapped(|ui| {
                for (i, name) in &others {
                    let mut on = ticked.contains(i);
                    if ui.checkbox(&mut on, name.as_str()).changed() {
                        ticked.retain(|k| k != i);
                        if on {
                            ticked.push(*i);
                        }
                    }
                }
            });
            if ui
                .add_enabled(
                    !ticked.is_empty(),
                    egui::Button::new("Appliquer aux lots cochés"),
                )
                .clicked()
            {
                targets = Some(ticked.clone());
            }
        }
    });
    ui.data_mut(|d| d.insert_temp(ticked_id, ticked));
    if let Some(targets) = targets {
        let changed = ctx.project.apply_clause_terms(index, &targets);
        let text = match changed {
            0 => "Les lots choisis avaient déjà ces conditions.".to_string(),
            1 => "Conditions reprises par 1 lot.".to_string(),
            n => format!("Conditions reprises par {n} lots."),
        };
        ui.data_mut(|d| d.insert_temp(egui::Id::unique(("insertion-apply-done", index)), text));
    }
    if let Some(done) =
        ui.data(|d| d.get_temp::<String>(egui::Id::unique(("insertion-apply-done", index))))
    {
        ui.label(done);
    }
}

fn no_clause(ui: &mut Ui, ctx: &mut StepContext, index: usize, data: &ReferenceData) {
    let allotted = ctx.project.allotment.allotted;
    let lot = &ctx.project.allotment.lots[index];
    let number = lot.number;
    let any_clause = ctx
        .project
        .allotment
        .lots
        .iter()
        .any(|l| l.insertion_clause.is_some());
    let mut add = false;
    info_box(ui, "Pas de clause d’insertion pour ce lot", |ui| {
        if !any_clause {
            ui.label("Aucun lot ne comporte encore de clause d’insertion.");
        }
        ui.label("Les clauses d’insertion s’activent lot par lot à l’étape « Leviers sociaux », qui indique aussi où elles sont recommandées. Vous pouvez également en ajouter une ici.");
        if lot.insertion_market {
            ui.label("Ce lot est un marché d’insertion : l’insertion en est déjà l’objet, une clause n’y est pas nécessaire.");
        }
        if !lot.reservations.is_empty() {
            ui.label("Ce lot est réservé : les titulaires emploient déjà des publics éloignés de l’emploi, une clause y fait souvent double emploi.");
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let text = if allotted {
                format!("Ajouter une clause d’insertion au lot {number}")
            } else {
                "Ajouter une clause d’insertion au marché".to_string()
            };
            let response = ui.button(text);
            ctx.form.claim_focus(
                &format!("allotment.lots[{index}].insertion_clause"),
                &response,
            );
            add = response.clicked();
            if ui.button("Aller à l’étape « Leviers sociaux »").clicked() {
                ctx.commands.push(Command::GoTo(Step::Levers, None));
            }
        });
    });
    if add {
        let clause =
            defaults::insertion_clause(ctx.project, &ctx.project.allotment.lots[index], data);
        ctx.project.allotment.lots[index].insertion_clause = Some(clause);
    }
}

fn hours_section(ui: &mut Ui, ctx: &mut StepContext, index: usize, data: &ReferenceData) {
    let base = format!("allotment.lots[{index}].insertion_clause");
    let duration = ctx.project.purchase.duration_months;
    let general_start =
        defaults::general_method(ctx.project, &ctx.project.allotment.lots[index], data);
    let Lot {
        trade,
        insertion_clause,
        amount_cents,
        ..
    } = &mut ctx.project.allotment.lots[index];
    let Some(clause) = insertion_clause.as_mut() else {
        return;
    };
    let f = &mut ctx.form;
    ui.heading("Calcul des heures d’insertion");
    ui.label(format!(
        "Montant estimé du lot : {} HT (modifiable à l’étape « Allotissement »).",
        format_euros(*amount_cents)
    ));
    ui.add_space(SPACE_S);
    form_grid(ui, &format!("insertion-hours-{index}"), |ui| {
        method_row(ui, f, &base, clause, general_start);
        preset_rows(ui, f, &base, index, clause, trade, data);
        match &mut clause.method {
            HoursMethod::General {
                labour_share_percent,
                hourly_cost_cents,
            } => {
                f.parsed(
                    ui,
                    "Part de main-d’œuvre dans le montant",
                    &format!("{base}.method.labour_share_percent"),
                    labour_share_percent,
                    &DECIMAL,
                    "%",
                );
                f.amount_with_unit(
                    ui,
                    "Coût horaire chargé de la main-d’œuvre",
                    &format!("{base}.method.hourly_cost_cents"),
                    hourly_cost_cents,
                    "€ HT de l’heure",
                );
            }
            HoursMethod::Cleaning {
                transferred_monthly_hours,
            } => {
                f.parsed(
                    ui,
                    "Heures mensuelles du personnel à reprendre",
                    &format!("{base}.method.transferred_monthly_hours"),
                    transferred_monthly_hours,
                    &DECIMAL,
                    "heures par mois",
                );
                ui.label("");
                ui.small(format!(
                    "Durée du marché : {duration} mois (étape « Le besoin ») ; coefficient de la branche C = {}.",
                    format_number(data.insertion.cleaning_coefficient.value, 2)
                ));
                ui.end_row();
            }
        }
        f.parsed(
            ui,
            "Taux d’insertion",
            &format!("{base}.rate_percent"),
            &mut clause.rate_percent,
            &DECIMAL,
            "% des heures de travail",
        );
        f.parsed(
            ui,
            "Nombre d’heures fixé par le facilitateur (facultatif)",
            &format!("{base}.hours_override"),
            &mut clause.hours_override,
            &OPTIONAL_WHOLE,
            "heures",
        );
    });
    ui.add_space(SPACE_M);
    let result = ctx
        .evaluation
        .and_then(|e| e.lots.get(index))
        .and_then(|l| l.hours.as_ref());
    let problem = ctx.evaluation.and_then(|e| {
        let prefix = format!("allotment.lots[{index}].");
        e.findings
            .iter()
            .find(|f| f.code == "HOURS_INVALID_INPUT" && f.field.starts_with(&prefix))
    });
    let amount = *amount_cents;
    info_box(ui, "Résultat du calcul", |ui| match result {
        Some(r) => show_result(ui, r, clause, amount, duration, data),
        None => {
            let text = problem.map_or(
                "Calcul en attente : complétez les valeurs ci-dessus.".to_string(),
                |p| p.message.clone(),
            );
            ui.label(RichText::new(text).color(Tokens::of(ui).error));
        }
    });
}

/// The method choice. Switching method starts from the lot's figures (`general_start` for the
/// general formula); the user's previous figures stay reachable with Ctrl+Z.
fn method_row(
    ui: &mut Ui,
    f: &mut Form,
    base: &str,
    clause: &mut InsertionClause,
    general_start: HoursMethod,
) {
    let cleaning = matches!(clause.method, HoursMethod::Cleaning { .. });
    ui.label("Méthode de calcul");
    let mut chosen = cleaning;
    ui.vertical(|ui| {
        let general = ui.radio(!cleaning, "Formule générale");
        let branch = ui.radio(
            cleaning,
            "Méthode de la branche propreté (reprise du personnel)",
        );
        f.claim_focus(
            &format!("{base}.method"),
            if cleaning { &branch } else { &general },
        );
        if general.clicked() {
            chosen = false;
        }
        if branch.clicked() {
            chosen = true;
        }
    });
    ui.end_row();
    if chosen != cleaning {
        clause.method = if chosen {
            defaults::cleaning_method()
        } else {
            general_start
        };
        forget_typed_method(f, base);
    }
}

/// Drops half-typed texts of the method inputs once their values are replaced.
fn forget_typed_method(f: &mut Form, base: &str) {
    for field in [
        "method.labour_share_percent",
        "method.hourly_cost_cents",
        "method.transferred_monthly_hours",
        "rate_percent",
    ] {
        f.buffers.remove(&format!("{base}.{field}"));
    }
}

fn preset_rows(
    ui: &mut Ui,
    f: &mut Form,
    base: &str,
    index: usize,
    clause: &mut InsertionClause,
    trade: &mut Option<String>,
    data: &ReferenceData,
) {
    let trades = &data.insertion.trades;
    let current = trade
        .as_deref()
        .and_then(|t| trades.iter().position(|p| p.id == t));
    let mut selected = current;
    let mut options: Vec<(Option<usize>, &str)> = vec![(None, "— aucun —")];
    options.extend(
        trades
            .iter()
            .enumerate()
            .map(|(i, p)| (Some(i), p.label.as_str())),
    );
    let label = ui.label("Métier de référence").id;
    ui.horizontal_wrapped(|ui| {
        f.combo_inline(ui, &format!("allotment.lots[{index}].trade"), &mut selected, &options).labelled_by(label);
        let preset = selected.map(|i| &trades[i]);
        let apply = ui
            .add_enabled(preset.is_some(), egui::Button::new("Appliquer les repères du métier"))
            .on_hover_text("Remplace la méthode, la part de main-d’œuvre, le coût horaire et le taux par les repères du métier.")
            .on_disabled_hover_text("Choisissez d’abord un métier.");
        if let (true, Some(preset)) = (apply.clicked(), preset) {
            apply_preset(clause, preset);
            forget_typed_method(f, base);
        }
    });
    ui.end_row();
    if selected != current {
        *trade = selected.map(|i| trades[i].id.clone());
    }
    match (selected.map(|i| &trades[i]), trade.as_deref()) {
        (Some(preset), _) => {
            ui.label("");
            ui.vertical(|ui| {
                let figures = if preset.cleaning_method {
                    format!(
                        "Repères : méthode de la branche propreté, taux {} %.",
                        format_number(preset.rate_percent, 2)
                    )
                } else {
                    format!(
                        "Repères : main-d’œuvre {} %, coût horaire {} HT, taux {} %.",
                        format_number(preset.labour_share_percent, 2),
                        format_euros(preset.hourly_cost_cents),
                        format_number(preset.rate_percent, 2)
                    )
                };
                ui.small(figures);
                ui.small(format!("Source : {}.", preset.source.trim_end_matches('.')));
                if preset.to_verify {
                    ui.label(
                        RichText::new("À vérifier avec le facilitateur.")
                            .color(Tokens::of(ui).severity(Severity::Warning))
                            .small(),
                    );
                }
            });
            ui.end_row();
        }
        (None, Some(unknown)) => {
            ui.label("");
            ui.label(RichText::new(format!("Métier « {unknown} » absent des repères : choisissez-en un autre ou saisissez les valeurs.")).color(Tokens::of(ui).error).small());
            ui.end_row();
        }
        (None, None) => {}
    }
}

fn apply_preset(clause: &mut InsertionClause, preset: &TradePreset) {
    clause.method = if preset.cleaning_method {
        // Staff to take over is a fact of the site, not of the trade: keep it.
        let kept = match clause.method {
            HoursMethod::Cleaning {
                transferred_monthly_hours,
            } => transferred_monthly_hours,
            HoursMethod::General { .. } => 0.0,
        };
        HoursMethod::Cleaning {
            transferred_monthly_hours: kept,
        }
    } else {
        HoursMethod::General {
            labour_share_percent: preset.labour_share_percent,
            hourly_cost_cents: preset.hourly_cost_cents,
        }
    };
    clause.rate_percent = preset.rate_percent;
}

/// "306,25": always two decimals, as the calculation annex shows the unrounded value.
fn two_decimals(value: f64) -> String {
    let text = format_number(value, 2);
    match text.split_once(',') {
        None => format!("{text},00"),
        Some((_, frac)) if frac.len() == 1 => format!("{text}0"),
        Some(_) => text,
    }
}

fn show_result(
    ui: &mut Ui,
    r: &HoursResult,
    clause: &InsertionClause,
    amount_cents: i64,
    duration: u32,
    data: &ReferenceData,
) {
    let hours = format_number(r.hours as f64, 0);
    if clause.hours_override.is_some() {
        ui.label(
            RichText::new(format!(
                "Heures d’insertion retenues : {hours} h, nombre fixé par le facilitateur."
            ))
            .strong(),
        );
        ui.label(format!(
            "Pour mémoire, le calcul donne {} h.",
            two_decimals(r.exact)
        ));
    } else {
        ui.label(RichText::new(format!("Heures d’insertion : {hours} h")).strong());
        ui.label(format!(
            "Valeur exacte : {} h, arrondie à l’heure la plus proche.",
            two_decimals(r.exact)
        ));
    }
    match &clause.method {
        HoursMethod::General {
            labour_share_percent,
            hourly_cost_cents,
        } => {
            ui.small(format!(
                "{} × {} % de main-d’œuvre × {} % ÷ {} de l’heure",
                format_euros(amount_cents),
                format_number(*labour_share_percent, 2),
                format_number(clause.rate_percent, 2),
                format_euros(*hourly_cost_cents)
            ));
        }
        HoursMethod::Cleaning {
            transferred_monthly_hours,
        } => {
            let c = r
                .coefficient
                .unwrap_or(data.insertion.cleaning_coefficient.value);
            ui.small(format!(
                "Pondération P = 1 − ({} h × {}) ÷ ({} ÷ {duration} mois) = {}",
                format_number(*transferred_monthly_hours, 2),
                format_number(c, 2),
                format_euros(amount_cents),
                two_decimals(r.weighting.unwrap_or(0.0))
            ));
            ui.small(format!(
                "Heures = P × {} ÷ {} × {} %",
                format_euros(amount_cents),
                format_number(c, 2),
                format_number(clause.rate_percent, 2)
            ));
        }
    }
    let months = duration;
    ui.label(format!(
        "Soit {} (années de {} heures).",
        clausier::rules::hours::fte_phrase(r.fte, r.fte_per_year, months),
        format_number(data.insertion.fte_hours.value, 0)
    ));
    ui.label(format!(
        "Heures de travail que représente le lot : environ {} h.",
        format_number(r.labour_hours.round(), 0)
    ));
    ui.add_space(SPACE_S);
    // A clause too small, with no hour or above the lot's work is a finding of the rules,
    // drawn under the rate, method or hours field: only the good news is said here.
    if r.advice == Advice::Ok && r.hours as f64 <= r.labour_hours {
        ui.label("Le volume d’heures justifie une clause d’insertion.");
    }
}

fn terms_section(ui: &mut Ui, ctx: &mut StepContext, index: usize, data: &ReferenceData) {
    let base = format!("allotment.lots[{index}].insertion_clause");
    let Some(clause) = ctx.project.allotment.lots[index].insertion_clause.as_mut() else {
        return;
    };
    let f = &mut ctx.form;

    ui.heading("Publics éligibles");
    ui.label("Le facilitateur vérifie l’éligibilité de chaque personne avant le début du travail. Survolez un public pour le détail.");
    choices(
        ui,
        f,
        &format!("{base}.publics"),
        &data.insertion.publics,
        &mut clause.publics,
        "Public",
    );

    ui.add_space(SPACE_L);
    ui.heading("Modalités de mise en œuvre");
    ui.label("Le titulaire choisit librement parmi les modalités cochées ; aucune ne peut lui être imposée. Une PME peut ainsi s’appuyer sur une structure d’insertion.");
    choices(
        ui,
        f,
        &format!("{base}.modes"),
        &data.insertion.modes,
        &mut clause.modes,
        "Modalité",
    );

    ui.add_space(SPACE_L);
    ui.heading("Suivi et pénalités");
    form_grid(ui, &format!("insertion-terms-{index}"), |ui| {
        ui.label("Fréquence des états de suivi");
        ui.horizontal(|ui| {
            let monthly = ui.radio_value(
                &mut clause.reporting,
                ReportingFrequency::Monthly,
                "Mensuelle",
            );
            ui.radio_value(
                &mut clause.reporting,
                ReportingFrequency::Quarterly,
                "Trimestrielle",
            );
            f.claim_focus(&format!("{base}.reporting"), &monthly);
        });
        ui.end_row();
        f.parsed(
            ui,
            "Pénalité par heure d’insertion non réalisée",
            &format!("{base}.penalty_per_hour_cents"),
            &mut clause.penalty_per_hour_cents,
            &OPTIONAL_AMOUNT,
            "€ HT par heure",
        );
        f.parsed(
            ui,
            "Pénalité par état de suivi manquant ou en retard",
            &format!("{base}.report_penalty_cents"),
            &mut clause.report_penalty_cents,
            &OPTIONAL_AMOUNT,
            "€ HT par état",
        );
        ui.label("");
        ui.small("Aucun montant de référence n’existe : fixez des pénalités proportionnées à l’enjeu (à vérifier avec votre service juridique).");
        ui.end_row();
        let mut urban_renewal = clause.urban_renewal;
        f.checkbox(
            ui,
            "Opération de renouvellement urbain financée par l’ANRU (heures réservées aux habitants des quartiers prioritaires)",
            &format!("{base}.urban_renewal"),
            &mut urban_renewal,
        );
        if urban_renewal != clause.urban_renewal {
            defaults::set_urban_renewal(clause, urban_renewal, data);
            sort_like(&mut clause.publics, &data.insertion.publics);
        }
        if clause.urban_renewal {
            ui.label("");
            let anru = &data.insertion.anru;
            let doubt = if anru.to_verify {
                " (à vérifier : "
            } else {
                ""
            };
            ui.small(format!(
                "Les opérations financées par l’ANRU prévoient au moins {} des heures de travail en insertion ({} pour la gestion urbaine de proximité), au profit des habitants des quartiers prioritaires{doubt}{}{}.",
                clausier::fr::format_percent(anru.value.works_rate_percent),
                clausier::fr::format_percent(anru.value.gup_rate_percent),
                if anru.to_verify { anru.reason.trim_end_matches('.') } else { "" },
                if anru.to_verify { ")" } else { "" },
            ));
            ui.end_row();
        }
    });
}

/// Checkboxes for a list of ids from the reference data, with the detail on hover. Ids the
/// data does not know (an older file) stay visible so they can be unticked.
fn choices(
    ui: &mut Ui,
    f: &mut Form,
    path: &str,
    known: &[Choice],
    ids: &mut Vec<String>,
    what: &str,
) {
    let mut first = true;
    let mut toggled: Option<(String, bool)> = None;
    for choice in known {
        let mut on = ids.contains(&choice.id);
        let mut response = ui.checkbox(&mut on, &choice.label);
        if !choice.detail.is_empty() {
            response = response.on_hover_text(&choice.detail);
        }
        if first {
            f.claim_focus(path, &response);
            first = false;
        }
        if response.changed() {
            toggled = Some((choice.id.clone(), on));
        }
    }
    for id in ids.iter().filter(|id| !known.iter().any(|c| &c.id == *id)) {
        let mut on = true;
        let response = ui.checkbox(
            &mut on,
            RichText::new(format!("{what} inconnu « {id} » (à retirer)"))
                .color(Tokens::of(ui).error),
        );
        if response.changed() {
            toggled = Some((id.clone(), false));
        }
    }
    match toggled {
        Some((id, true)) => {
            ids.push(id);
            sort_like(ids, known);
        }
        Some((id, false)) => ids.retain(|i| *i != id),
        None => {}
    }
}

/// Keeps ids in the order of the reference list, so the document lists them the same way.
fn sort_like(ids: &mut [String], known: &[Choice]) {
    ids.sort_by_key(|id| known.iter().position(|c| c.id == *id).unwrap_or(usize::MAX));
}

fn facilitator_section(ui: &mut Ui, ctx: &mut StepContext) {
    let project = &mut *ctx.project;
    let f = &mut ctx.form;
    ui.heading("Facilitateur");
    ui.label("Le facilitateur (maison de l’emploi, PLIE, département…) aide le titulaire à recruter et valide les personnes. Il est commun à tous les lots.");
    form_grid(ui, "insertion-facilitator", |ui| {
        let mut present = project.facilitator.is_some();
        if f.checkbox(
            ui,
            "Un facilitateur accompagne la clause",
            "facilitator",
            &mut present,
        )
        .changed()
        {
            project.facilitator = present.then(Facilitator::default);
        }
        if let Some(fac) = project.facilitator.as_mut() {
            f.text(
                ui,
                "Organisme du facilitateur",
                "facilitator.organisation",
                &mut fac.organisation,
            );
            f.text(ui, "Nom du facilitateur", "facilitator.name", &mut fac.name);
            f.text(
                ui,
                "Courriel du facilitateur",
                "facilitator.email",
                &mut fac.email,
            );
            f.text(
                ui,
                "Téléphone du facilitateur",
                "facilitator.phone",
                &mut fac.phone,
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::super::testing::{harness, replace_text, scenario};
    use super::*;
    use egui_kittest::kittest::Queryable;

    #[test]
    fn the_calculator_shows_the_live_result_and_applies_presets() {
        // Lot 1: 120 000 € × 50 % × 7 % ÷ 32 € = 131,25 h
        let mut h = harness(Step::Insertion, scenario("renovation-ecole"));
        h.run();
        h.get_by_label("Heures d’insertion : 131 h");
        h.get_by_label("Valeur exacte : 131,25 h, arrondie à l’heure la plus proche.");
        h.get_by_label("Appliquer les repères du métier").click();
        h.run();
        let clause = h.state().project.allotment.lots[0]
            .insertion_clause
            .clone()
            .unwrap();
        assert_eq!(clause.rate_percent, 5.0, "the masonry preset sets 5 %");
        h.get_by_label("Heures d’insertion : 94 h");
    }

    /// Lots of the scenario with a clause, by index.
    fn clause_lots(p: &Project) -> Vec<usize> {
        p.allotment
            .lots
            .iter()
            .enumerate()
            .filter(|(_, l)| l.insertion_clause.is_some())
            .map(|(i, _)| i)
            .collect()
    }

    fn penalties(p: &Project, i: usize) -> (Option<i64>, Option<i64>) {
        let c = p.allotment.lots[i].insertion_clause.as_ref().unwrap();
        (c.penalty_per_hour_cents, c.report_penalty_cents)
    }

    #[test]
    fn penalties_typed_once_apply_to_every_lot_with_a_clause() {
        let mut project = scenario("renovation-ecole");
        let lots = clause_lots(&project);
        assert!(lots.len() >= 3, "the scenario has clauses on several lots");
        for &i in &lots {
            let c = project.allotment.lots[i].insertion_clause.as_mut().unwrap();
            c.penalty_per_hour_cents = None;
            c.report_penalty_cents = None;
        }
        let mut h = harness(Step::Insertion, project);
        h.state_mut().selected_lot = lots[0];
        h.run();
        replace_text(&mut h, "Pénalité par heure d’insertion non réalisée", "45");
        replace_text(
            &mut h,
            "Pénalité par état de suivi manquant ou en retard",
            "200",
        );
        h.get_by_label_contains("Appliquer à tous les lots").click();
        h.run();
        for &i in &lots {
            assert_eq!(
                penalties(&h.state().project, i),
                (Some(4_500), Some(20_000))
            );
        }
        h.get_by_label_contains(&format!("Conditions reprises par {} lots", lots.len() - 1));
    }

    #[test]
    fn terms_apply_only_to_the_ticked_lots() {
        let project = scenario("renovation-ecole");
        let lots = clause_lots(&project);
        let mut h = harness(Step::Insertion, project.clone());
        h.state_mut().selected_lot = lots[0];
        h.run();
        replace_text(&mut h, "Pénalité par heure d’insertion non réalisée", "45");
        let ticked = lot_name(&project, lots[1]);
        h.get_by_role_and_label(egui::accesskit::Role::CheckBox, &ticked)
            .click();
        h.run();
        h.get_by_label("Appliquer aux lots cochés").click();
        h.run();
        assert_eq!(penalties(&h.state().project, lots[1]).0, Some(4_500));
        assert_eq!(
            penalties(&h.state().project, lots[2]),
            penalties(&project, lots[2]),
            "an unticked lot keeps its own terms"
        );
    }

    #[test]
    fn the_override_is_typed_per_lot() {
        let mut h = harness(Step::Insertion, scenario("renovation-ecole"));
        h.run();
        replace_text(
            &mut h,
            "Nombre d’heures fixé par le facilitateur (facultatif)",
            "200",
        );
        assert_eq!(
            h.state().project.allotment.lots[0]
                .insertion_clause
                .as_ref()
                .unwrap()
                .hours_override,
            Some(200)
        );
        h.get_by_label("Heures d’insertion retenues : 200 h, nombre fixé par le facilitateur.");
        // Another lot does not show the text typed for the first one.
        h.state_mut().selected_lot = 1;
        h.run();
        let other = h.state().project.allotment.lots[1]
            .insertion_clause
            .as_ref()
            .unwrap()
            .hours_override;
        assert_eq!(other, None);
        assert_eq!(
            h.get_by_label("Nombre d’heures fixé par le facilitateur (facultatif)")
                .value()
                .as_deref(),
            Some("")
        );
    }

    #[test]
    fn a_clause_can_be_added_and_a_facilitator_declared() {
        let mut h = harness(Step::Insertion, Project::blank());
        h.run();
        h.get_by_label("Ajouter une clause d’insertion au lot 1")
            .click();
        h.run();
        let clause = h.state().project.allotment.lots[0]
            .insertion_clause
            .clone()
            .expect("clause added");
        assert!(!clause.publics.is_empty() && !clause.modes.is_empty());
        assert!(!clause.publics.iter().any(|p| p == "residents-qpv"));
        h.get_by_label("Un facilitateur accompagne la clause")
            .click();
        h.run();
        assert!(h.state().project.facilitator.is_some());
        replace_text(&mut h, "Organisme du facilitateur", "Maison de l’emploi");
        assert_eq!(
            h.state().project.facilitator.as_ref().unwrap().organisation,
            "Maison de l’emploi"
        );
    }

    #[test]
    fn the_cleaning_method_shows_its_weighting() {
        let mut project = Project::blank();
        project.purchase.amount_cents = 120_000_000;
        project.purchase.duration_months = 48;
        project.allotment.lots[0].amount_cents = 120_000_000;
        project.allotment.lots[0].trade = Some("nettoyage".into());
        project.allotment.lots[0].insertion_clause = Some(defaults::insertion_clause(
            &project,
            &project.allotment.lots[0],
            ReferenceData::bundled(),
        ));
        assert!(matches!(
            project.allotment.lots[0]
                .insertion_clause
                .as_ref()
                .unwrap()
                .method,
            HoursMethod::Cleaning { .. }
        ));
        let mut h = harness(Step::Insertion, project);
        h.run();
        replace_text(&mut h, "Heures mensuelles du personnel à reprendre", "600");
        // P = 0,4; hours = 0,4 × 1 200 000 ÷ 25 × 10 % = 1 920
        h.get_by_label_contains("= 0,40");
        h.get_by_label(&format!(
            "Heures d’insertion : {} h",
            format_number(1920.0, 0)
        ));
        h.get_by_label("Formule générale").click();
        h.run();
        assert!(matches!(
            h.state().project.allotment.lots[0]
                .insertion_clause
                .as_ref()
                .unwrap()
                .method,
            HoursMethod::General {
                labour_share_percent: 80.0,
                hourly_cost_cents: 2000
            }
        ));
    }

    #[test]
    fn urban_renewal_adds_the_priority_neighbourhood_public() {
        let mut h = harness(Step::Insertion, scenario("renovation-ecole"));
        h.run();
        h.get_by_label_contains("Opération de renouvellement urbain")
            .click();
        h.run();
        let clause = h.state().project.allotment.lots[0]
            .insertion_clause
            .clone()
            .unwrap();
        assert!(clause.urban_renewal);
        assert_eq!(
            clause.publics.last().map(String::as_str),
            Some("residents-qpv")
        );
    }
}
