//! The review's scenario replayed and counted (issue 15): « Rénovation du gymnase
//! Jean-Moulin », 6 lots, insertion clauses on lots 1, 3 and 5 with penalties typed once,
//! lot 6 reserved to SIAE, exported to DOCX.
//!
//! Two counts, because the target is in the review's unit. The **raw** count takes every
//! click, key press and typed value as one action; Tab presses are really pressed until the
//! field is reached, so it follows the window's true focus order (the review's « 155 clicks and
//! keystroke groups »). The **field-level** count is the review's own unit (its « 95 field-level
//! actions », which the issue asks to halve to 50): a value typed, a box ticked, a choice picked
//! in a list, a button or command given, a step changed; reaching a field (Tab, arrows, a click
//! into it) or opening a list is not a field-level action.

use crate::common;

use common::docx::docx_text;
use common::ui::{window, Window};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

// The project's title is left empty: the document then takes the object.
const NEED: [(&str, &str); 6] = [
    ("Acheteur", "Commune de Valmont-sur-Seine"),
    ("Objet de l’achat", "Rénovation du gymnase Jean-Moulin"),
    ("Montant estimé (toutes périodes comprises)", "1 450 000"),
    ("Durée totale", "12"),
    (
        "Condition d’exécution environnementale",
        "Tri des déchets de chantier par flux.",
    ),
    (
        "Critère d’attribution environnemental",
        "Performance environnementale du chantier.",
    ),
];

const LOTS: [(&str, &str); 6] = [
    ("Gros œuvre", "520 000"),
    ("Menuiseries", "210 000"),
    ("Électricité", "180 000"),
    ("Plomberie, chauffage, ventilation", "260 000"),
    ("Peinture", "120 000"),
    ("Espaces verts des abords", "160 000"),
];

/// The window and the actions spent in it.
struct Walk {
    h: Window,
    /// Every click, key press and typed value.
    actions: usize,
    /// The part of `actions` that only reaches a field or opens a list.
    moves: usize,
}

impl Walk {
    fn run(&mut self) {
        self.h.run();
    }

    fn role(label: &str) -> Role {
        if label.starts_with("Condition d’exécution") || label.starts_with("Critère d’attribution")
        {
            Role::MultilineTextInput
        } else {
            Role::TextInput
        }
    }

    fn focused(&self, label: &str) -> bool {
        self.h.query_by_label(label).is_some_and(|n| n.is_focused())
    }

    // --- mouse ---

    fn click(&mut self, label: &str) {
        self.h.get_by_label(label).scroll_to_me();
        self.run();
        self.h.get_by_label(label).click();
        self.run();
        self.actions += 1;
    }

    /// A click that only opens a list: a move, not a field-level action.
    fn click_to_open(&mut self, label: &str) {
        self.click(label);
        self.moves += 1;
    }

    /// A click into a text field to type there: a move.
    fn click_field(&mut self, label: &str) {
        let role = Self::role(label);
        self.h.get_by_role_and_label(role, label).scroll_to_me();
        self.run();
        self.h.get_by_role_and_label(role, label).click();
        self.run();
        self.actions += 1;
        self.moves += 1;
    }

    /// Actions of the review's unit: everything but the moves.
    fn field_level(&self) -> usize {
        self.actions - self.moves
    }

    // --- keyboard ---

    fn key(&mut self, modifiers: Modifiers, key: Key) {
        self.h.key_press_modifiers(modifiers, key);
        self.run();
        self.actions += 1;
    }

    /// A key that only reaches a field or opens a list: a move.
    fn move_key(&mut self, key: Key) {
        self.key(Modifiers::NONE, key);
        self.moves += 1;
    }

    /// Presses Tab until `label` has the focus, counting each press.
    fn tab_to(&mut self, label: &str) {
        for _ in 0..60 {
            if self.focused(label) {
                return;
            }
            self.move_key(Key::Tab);
        }
        panic!("Tab never reaches « {label} »");
    }

    /// Presses an arrow key until `label` has the focus, counting each press.
    fn arrow_to(&mut self, key: Key, label: &str) {
        for _ in 0..20 {
            if self.focused(label) {
                return;
            }
            self.move_key(key);
        }
        panic!("{key:?} never reaches « {label} »");
    }

    /// A value typed in the focused field: one action, whatever its length.
    fn type_value(&mut self, text: &str) {
        for c in text.chars() {
            self.h.event(egui::Event::Text(c.to_string()));
        }
        self.run();
        self.actions += 1;
    }
}

/// Actions per part of the walk, so that a change shows where it saves.
#[derive(Default)]
struct Segments {
    done: usize,
    parts: Vec<(&'static str, usize)>,
}

impl Segments {
    fn mark(&mut self, name: &'static str, w: &Walk) {
        self.parts.push((name, w.actions - self.done));
        self.done = w.actions;
    }
}

fn start() -> (tempfile::TempDir, clausier::ui::FakeDialogs, Walk) {
    let (data, dialogs, mut h) = window();
    h.run();
    (
        data,
        dialogs,
        Walk {
            h,
            actions: 0,
            moves: 0,
        },
    )
}

/// What the walk must have produced, whatever the way.
fn check(walk: &Walk, out: &std::path::Path) {
    let p = &walk.h.state().session.project;
    assert_eq!(p.allotment.lots.len(), 6);
    assert_eq!(p.lots_total_cents(), p.purchase.amount_cents);
    for i in [0, 2, 4] {
        let c = p.allotment.lots[i].insertion_clause.as_ref().unwrap();
        assert_eq!(c.penalty_per_hour_cents, Some(4_500), "lot {}", i + 1);
        assert_eq!(c.report_penalty_cents, Some(20_000), "lot {}", i + 1);
    }
    assert_eq!(
        p.allotment.lots[5].reservations,
        [clausier::model::ReservationBasis::Insertion]
    );
    assert!(out.exists(), "status: {:?}", walk.h.state().status);
    let text = docx_text(out);
    assert!(text.contains("Espaces verts des abords"));
    assert!(text.contains("Rénovation du gymnase Jean-Moulin"));
    assert!(text.contains("Commune de Valmont-sur-Seine"));
}

#[test]
fn the_review_scenario_by_mouse() {
    let (data, dialogs, mut w) = start();
    for (label, value) in NEED {
        w.click_field(label);
        w.type_value(value);
    }
    w.click("3. Allotissement");
    for (n, (title, amount)) in LOTS.iter().enumerate() {
        // The caret waits in lot 1's title on arrival, then in each new lot's title.
        if n > 0 {
            w.click("Ajouter un lot");
        }
        assert!(w.focused(&format!("Intitulé du lot {}", n + 1)));
        w.type_value(title);
        w.click_field(&format!("Montant estimé du lot {}", n + 1));
        w.type_value(amount);
    }
    w.click("4. Leviers sociaux");
    for n in [1, 3, 5] {
        w.click(&format!("Clause d’insertion du lot {n}"));
    }
    w.click_to_open("Réservation du lot 6");
    w.click("L. 2113-13 — SIAE");
    w.click("5. Conditions sociales d’exécution");
    w.click_field("Pénalité par heure d’insertion non réalisée");
    w.type_value("45");
    w.click_field("Pénalité par état de suivi manquant ou en retard");
    w.type_value("200");
    w.click("Appliquer à tous les lots (2 autres)");
    w.click("7. Vérifier et générer");
    let out = data.path().join("gymnase.docx");
    dialogs.answer(Some(out.clone()));
    w.click("Exporter la section en DOCX…");
    check(&w, &out);
    // After the export, the document opens from the status bar.
    w.h.get_by_label("Ouvrir le dossier");
    w.h.get_by_label("Ouvrir le document").click();
    w.h.step();
    let opened = w.h.output().platform_output.commands.iter().any(|c| {
        matches!(c, egui::OutputCommand::OpenUrl(u) if u.url.starts_with("file://") && u.url.ends_with("/gymnase.docx"))
    });
    assert!(opened, "{:?}", w.h.output().platform_output.commands);
    println!(
        "MOUSE ACTIONS: {} raw, {} field-level",
        w.actions,
        w.field_level()
    );
    assert!(w.actions <= 50, "{} raw actions by mouse", w.actions);
    // Measured 35 (the review: 95 for the same project and its optional details).
    assert!(w.field_level() <= 35, "{} field-level", w.field_level());
}

/// How the keyboard walk enters the six lots.
#[derive(Clone, Copy)]
enum LotEntry {
    /// Title, Tab, amount, Enter for the next row: what the issue counts.
    Typed,
    /// One Ctrl+V of the table copied from a spreadsheet.
    Pasted,
}

/// What a keyboard walk spent: raw actions in each part, and the field-level total.
struct Spent {
    parts: Vec<(&'static str, usize)>,
    field_level: usize,
}

impl Spent {
    fn raw(&self) -> usize {
        self.parts.iter().map(|(_, n)| n).sum()
    }
}

/// The scenario with the keyboard alone.
fn by_keyboard(lots: LotEntry) -> Spent {
    let (data, dialogs, mut w) = start();
    let mut seg = Segments::default();
    // The caret waits in the buyer's field; the fields follow each other in the form.
    for (label, value) in NEED {
        w.tab_to(label);
        w.type_value(value);
    }
    seg.mark("step 1", &w);
    // Step 2, then step 3, where the caret waits in lot 1's title.
    w.key(Modifiers::ALT, Key::ArrowRight);
    w.key(Modifiers::ALT, Key::ArrowRight);
    assert!(w.focused("Intitulé du lot 1"));
    match lots {
        LotEntry::Typed => {
            for (n, (title, amount)) in LOTS.iter().enumerate() {
                assert!(
                    w.focused(&format!("Intitulé du lot {}", n + 1)),
                    "lot {}",
                    n + 1
                );
                w.type_value(title);
                w.move_key(Key::Tab);
                assert!(w.focused(&format!("Montant estimé du lot {}", n + 1)));
                w.type_value(amount);
                if n + 1 < LOTS.len() {
                    // Enter: next row, a new lot.
                    w.key(Modifiers::NONE, Key::Enter);
                }
            }
        }
        LotEntry::Pasted => {
            let table: Vec<String> = LOTS.iter().map(|(t, a)| format!("{t}\t{a}")).collect();
            w.h.event(egui::Event::Paste(table.join("\n")));
            w.run();
            w.actions += 1;
        }
    }
    seg.mark("step 3", &w);
    // Step 4: the caret waits in lot 1's reservation; the arrow keys move from cell to cell
    // (row = lot, column = lever) and Space ticks.
    w.key(Modifiers::ALT, Key::ArrowRight);
    w.arrow_to(Key::ArrowRight, "Clause d’insertion du lot 1");
    for n in [1, 3, 5] {
        w.arrow_to(Key::ArrowDown, &format!("Clause d’insertion du lot {n}"));
        w.key(Modifiers::NONE, Key::Space);
    }
    w.arrow_to(Key::ArrowDown, "Clause d’insertion du lot 6");
    w.arrow_to(Key::ArrowLeft, "Réservation du lot 6");
    // Space opens the list on « Aucune »; SIAE is two below.
    w.move_key(Key::Space);
    w.arrow_to(Key::ArrowDown, "L. 2113-13 — SIAE");
    w.key(Modifiers::NONE, Key::Enter);
    seg.mark("step 4", &w);
    w.key(Modifiers::ALT, Key::ArrowRight);
    w.tab_to("Pénalité par heure d’insertion non réalisée");
    w.type_value("45");
    w.tab_to("Pénalité par état de suivi manquant ou en retard");
    w.type_value("200");
    w.tab_to("Appliquer à tous les lots (2 autres)");
    w.key(Modifiers::NONE, Key::Enter);
    seg.mark("step 5", &w);
    let out = data.path().join("gymnase.docx");
    dialogs.answer(Some(out.clone()));
    w.key(Modifiers::COMMAND, Key::E);
    seg.mark("export", &w);
    check(&w, &out);
    Spent {
        parts: seg.parts,
        field_level: w.field_level(),
    }
}

#[test]
fn the_review_scenario_by_keyboard() {
    let spent = by_keyboard(LotEntry::Typed);
    println!(
        "KEYBOARD ACTIONS: {} raw {:?}, {} field-level",
        spent.raw(),
        spent.parts,
        spent.field_level
    );
    // Field-level, the review's unit and the target (at most 50): measured 35.
    assert!(spent.field_level <= 35, "{} field-level", spent.field_level);
    // Raw, measured 59: step 1 11, step 3 25, step 4 15, step 5 7, export 1 (63 before the
    // environmental condition and criterion, required of every consultation, came right after
    // the purchase; 88 before the required fields of step 1 came first and the matrix was
    // walked with the arrow keys; 188 before the caret waited where each step's work
    // starts). The six lots typed one by one take 25 raw actions on their own: 12 values,
    // 6 Tab and 5 Enter. Guard against going back.
    assert!(spent.raw() <= 59, "{} raw: {:?}", spent.raw(), spent.parts);
}

#[test]
fn the_review_scenario_by_keyboard_with_the_lots_pasted() {
    let spent = by_keyboard(LotEntry::Pasted);
    println!(
        "KEYBOARD ACTIONS (lots pasted): {} raw {:?}, {} field-level",
        spent.raw(),
        spent.parts,
        spent.field_level
    );
    assert!(spent.raw() <= 37, "{} raw: {:?}", spent.raw(), spent.parts);
    assert!(spent.field_level <= 19, "{} field-level", spent.field_level);
}
