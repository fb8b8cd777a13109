//! Labelled form fields. Every input gets an accessible name (kittest checks it), French
//! number entry with the text kept as typed when it is invalid, and focus on request
//! (a click on a finding brings the user to its field).

use crate::ui::theme::Tokens;
use chrono::NaiveDate;
use clausier::fr::{
    date_courte, format_amount, format_number, parse_amount_cents, parse_date, parse_decimal,
    parse_whole,
};
use clausier::rules::{Finding, Severity};
use egui::{Align, Response, RichText, TextEdit, Ui};
use std::collections::HashMap;

/// What every form needs from the app: the field to focus, the texts being typed, and the
/// current findings, each drawn under the widget that edits its field.
pub struct Form<'a> {
    pub focus: &'a mut Option<String>,
    pub buffers: &'a mut HashMap<String, String>,
    pub findings: &'a [Finding],
}

fn field_width_id() -> egui::Id {
    egui::Id::unique("clausier-field-width")
}

/// Width of a text field: the field column of the current form, so forms never spill into
/// the preview (a grid cell itself reports an unbounded width).
fn field_width(ui: &Ui) -> f32 {
    let column = ui
        .data(|d| d.get_temp::<f32>(field_width_id()))
        .unwrap_or(400.0);
    column.clamp(160.0, 640.0)
}

/// How a typed field is named for screen readers.
#[derive(Clone, Copy)]
enum Naming<'n> {
    /// By the visible label of its form row.
    LabelledBy(egui::Id),
    /// By a name of its own (table cells, whose visible label is the column header).
    Named(&'n str),
}

/// How a typed field reads what is typed and shows its value: one per kind of value, so a
/// new kind of field is a new codec, not a new copy of the entry code.
pub struct Codec<T> {
    parse: fn(&str) -> Result<T, String>,
    show: fn(T) -> String,
    /// Shown greyed in an empty field: what empty stands for.
    hint: &'static str,
}

/// Empty text means zero: a field holding zero is shown empty (with a « 0 » hint), so that
/// what the user types is not appended to a « 0,00 » already there.
fn zero_if_empty<T: Default>(
    text: &str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, String> {
    if text.trim().is_empty() {
        Ok(T::default())
    } else {
        parse(text)
    }
}

/// Selects the whole text of a single-line field reached by Tab or by a click, so that
/// typing replaces it. For a click, once the button is released (the press placed the
/// caret), and only if the user did not drag a selection of their own.
fn select_all_on_entry(ui: &Ui, response: &Response, text: &str) {
    let pending = response.id.with("select-all-pending");
    if response.gained_focus() {
        ui.data_mut(|d| d.insert_temp(pending, true));
    }
    if !response.has_focus() {
        ui.data_mut(|d| d.remove::<bool>(pending));
        return;
    }
    let wanted = ui.data(|d| d.get_temp::<bool>(pending)).unwrap_or(false);
    if !wanted || ui.input(|i| i.pointer.any_down()) {
        return;
    }
    ui.data_mut(|d| d.remove::<bool>(pending));
    let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), response.id) else {
        return;
    };
    let dragged = state
        .cursor
        .char_range()
        .is_some_and(|r| r.primary != r.secondary);
    if !dragged {
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::select_all_str(text)));
        state.store(ui.ctx(), response.id);
        ui.ctx().request_repaint();
    }
}

/// Empty text means "none"; otherwise `parse`.
fn optional_of<T>(text: &str, parse: fn(&str) -> Result<T, String>) -> Result<Option<T>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse(text).map(Some)
    }
}

pub const AMOUNT: Codec<i64> = Codec {
    parse: |t| zero_if_empty(t, parse_amount),
    show: |v| {
        if v == 0 {
            String::new()
        } else {
            format_amount(v)
        }
    },
    hint: "0",
};
pub const OPTIONAL_AMOUNT: Codec<Option<i64>> = Codec {
    parse: |t| optional_of(t, parse_amount),
    show: |v| v.map(format_amount).unwrap_or_default(),
    hint: "",
};
pub const DECIMAL: Codec<f64> = Codec {
    parse: |t| zero_if_empty(t, parse_decimal),
    show: |v| {
        if v == 0.0 {
            String::new()
        } else {
            format_number(v, 2)
        }
    },
    hint: "0",
};
pub const OPTIONAL_DECIMAL: Codec<Option<f64>> = Codec {
    parse: |t| optional_of(t, parse_decimal),
    show: |v| v.map(|v| format_number(v, 2)).unwrap_or_default(),
    hint: "",
};
pub const WHOLE: Codec<u32> = Codec {
    parse: |t| zero_if_empty(t, parse_whole),
    show: |v| if v == 0 { String::new() } else { v.to_string() },
    hint: "0",
};
pub const OPTIONAL_WHOLE: Codec<Option<u32>> = Codec {
    parse: |t| optional_of(t, parse_whole),
    show: |v| v.map(|v| v.to_string()).unwrap_or_default(),
    hint: "",
};
/// A date typed JJ/MM/AAAA (or AAAA-MM-JJ); empty means "today".
pub const DATE: Codec<Option<NaiveDate>> = Codec {
    parse: |t| optional_of(t, parse_date),
    show: |v| v.map(date_courte).unwrap_or_default(),
    hint: "JJ/MM/AAAA",
};

/// Where and how a typed field is drawn.
struct Entry<'a> {
    naming: Naming<'a>,
    path: &'a str,
    width: f32,
    unit: &'a str,
}

/// The typed-entry field shared by form rows and table cells: the text the user types is
/// kept while it does not parse; the value changes only when it does. Returns the field's
/// response and, when the typed text is invalid, why.
fn typed_entry<T: PartialEq + Copy>(
    form: &mut Form,
    ui: &mut Ui,
    entry: Entry,
    value: &mut T,
    codec: &Codec<T>,
) -> (Response, Option<String>) {
    let path = entry.path;
    let mut text = form
        .buffers
        .get(path)
        .cloned()
        .unwrap_or_else(|| (codec.show)(*value));
    let response = ui
        .horizontal(|ui| {
            let response = ui.add(
                TextEdit::singleline(&mut text)
                    .id_salt(path)
                    .hint_text(codec.hint)
                    .desired_width(entry.width),
            );
            select_all_on_entry(ui, &response, &text);
            let response = match entry.naming {
                Naming::LabelledBy(id) => response.labelled_by(id),
                Naming::Named(name) => response.accessible_name(name),
            };
            if !entry.unit.is_empty() {
                ui.label(entry.unit);
            }
            response
        })
        .inner;
    if response.changed() {
        if let Ok(v) = (codec.parse)(&text) {
            *value = v;
        }
        form.buffers.insert(path.to_string(), text);
    }
    let mut error = None;
    match form.buffers.get(path).map(|b| (codec.parse)(b)) {
        Some(Err(e)) => error = Some(e),
        // Once valid and left, the field shows the value in its canonical form again.
        Some(Ok(_)) if !response.has_focus() => {
            form.buffers.remove(path);
        }
        _ => {}
    }
    form.claim_focus(path, &response);
    (response, error)
}

fn invalid_note(ui: &mut Ui, error: &str) {
    ui.label(RichText::new(format!("Saisie invalide : {error}")).color(Tokens::of(ui).error));
}

/// Longest text, in bytes, that a field lets the user edit in place. egui lays out and
/// draws the whole text of a field on every frame, about 430 bytes of memory a character:
/// a 1 MB title took half a gigabyte and a 100 MB one exhausted the memory. A longer text
/// (pasted by mistake, or from a file written by another program) is shown shortened, with a
/// button to cut it to this length.
pub const MAX_EDITABLE_BYTES: usize = 20_000;

/// Characters of a long text shown where it cannot be edited (fields, preview, dialogs).
pub const SHOWN_CHARS: usize = 300;

/// `text` as the window draws it: the documents' narrow no-break spaces (U+202F, in grouped
/// thousands, before a percent sign, inside guillemets) become no-break spaces (U+00A0),
/// because egui breaks lines at U+202F and spares only U+00A0.
pub fn on_screen(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\u{202f}') {
        text.replace('\u{202f}', "\u{a0}").into()
    } else {
        text.into()
    }
}

/// `text` cut to `max_chars` characters for display, saying how much is left out.
pub fn shortened(text: &str, max_chars: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        None => text.into(),
        Some((end, _)) => format!(
            "{}… [texte trop long pour être affiché en entier : {} caractères]",
            &text[..end],
            clausier::fr::group_thousands(text.chars().count() as u64)
        )
        .into(),
    }
}

/// Cuts `text` to at most `max_bytes`, at a character boundary.
fn truncate_at(text: &mut String, max_bytes: usize) {
    let mut end = max_bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
}

/// In place of a field whose text is too long to edit: its beginning, and a button to cut
/// it (named after the field, for screen readers and tests).
fn too_long(ui: &mut Ui, name: &str, value: &mut String) -> Response {
    ui.vertical(|ui| {
        ui.add(egui::Label::new(shortened(value, SHOWN_CHARS)).wrap());
        let response = ui
            .button(format!(
                "Raccourcir à {} caractères",
                clausier::fr::group_thousands(MAX_EDITABLE_BYTES as u64)
            ))
            .on_hover_text(format!(
                "{name} : texte trop long pour être modifié ici ({} octets)",
                clausier::fr::group_thousands(value.len() as u64)
            ));
        if response.clicked() {
            truncate_at(value, MAX_EDITABLE_BYTES);
        }
        response
    })
    .inner
}

impl Form<'_> {
    /// The errors and warnings whose field is exactly `path` (information stays in the
    /// findings list: it asks nothing of this field).
    pub fn findings_of<'f>(&'f self, path: &'f str) -> impl Iterator<Item = &'f Finding> + 'f {
        self.findings
            .iter()
            .filter(move |f| f.field == path && f.severity != Severity::Info)
    }

    /// Draws, at body size, the findings of the field `path`; true when there were some.
    pub fn notes(&self, ui: &mut Ui, path: &str) -> bool {
        let mut any = false;
        for f in self.findings_of(path) {
            any = true;
            let color = Tokens::of(ui).severity(f.severity);
            let suffix = f.reference_suffix(" (à vérifier)");
            ui.add(
                egui::Label::new(
                    RichText::new(format!(
                        "{} : {}{suffix}",
                        clausier::fr::capitalized(f.severity.label()),
                        on_screen(&f.message)
                    ))
                    .color(color),
                )
                .wrap(),
            );
        }
        any
    }

    /// The findings of `path` on a form row of their own, under the field.
    fn notes_row(&self, ui: &mut Ui, path: &str) {
        if self.findings_of(path).next().is_some() {
            ui.label("");
            ui.vertical(|ui| {
                ui.set_max_width(field_width(ui));
                self.notes(ui, path);
            });
            ui.end_row();
        }
    }

    /// Focuses and reveals the widget if a finding asked for this field (or a field inside it).
    pub fn claim_focus(&mut self, path: &str, response: &Response) {
        let wanted = self.focus.as_deref().is_some_and(|f| {
            f == path || path.starts_with(&format!("{f}.")) || path.starts_with(&format!("{f}["))
        });
        if wanted {
            response.request_focus();
            response.scroll_to_me(Some(Align::Center));
            *self.focus = None;
        }
    }

    /// The label cell of a form row, wrapped within the label column so that a long label
    /// does not widen the form past the central column.
    fn label(ui: &mut Ui, text: &str) -> egui::Id {
        ui.scope(|ui| {
            ui.set_max_width(LABEL_COLUMN);
            ui.add(egui::Label::new(text).wrap()).id
        })
        .inner
    }

    pub fn text(&mut self, ui: &mut Ui, label: &str, path: &str, value: &mut String) -> Response {
        if value.len() > MAX_EDITABLE_BYTES {
            return self.too_long_row(ui, label, value);
        }
        let response = self.text_row(ui, label, path, TextEdit::singleline(value));
        select_all_on_entry(ui, &response, value);
        response
    }

    pub fn multiline(
        &mut self,
        ui: &mut Ui,
        label: &str,
        path: &str,
        value: &mut String,
    ) -> Response {
        if value.len() > MAX_EDITABLE_BYTES {
            return self.too_long_row(ui, label, value);
        }
        self.text_row(ui, label, path, TextEdit::multiline(value).desired_rows(3))
    }

    fn too_long_row(&mut self, ui: &mut Ui, label: &str, value: &mut String) -> Response {
        Self::label(ui, label);
        let response = too_long(ui, label, value);
        ui.end_row();
        response
    }

    /// A labelled text field on its own form row, as wide as the field column.
    fn text_row(&mut self, ui: &mut Ui, label: &str, path: &str, edit: TextEdit) -> Response {
        let id = Self::label(ui, label);
        let response = ui
            .add(edit.id_salt(path).desired_width(field_width(ui)))
            .labelled_by(id);
        self.claim_focus(path, &response);
        ui.end_row();
        self.notes_row(ui, path);
        response
    }

    /// A text field holding an optional text: empty means none.
    pub fn optional_text(
        &mut self,
        ui: &mut Ui,
        label: &str,
        path: &str,
        value: &mut Option<String>,
        multiline: bool,
    ) {
        let mut text = value.clone().unwrap_or_default();
        let response = if multiline {
            self.multiline(ui, label, path, &mut text)
        } else {
            self.text(ui, label, path, &mut text)
        };
        if response.changed() {
            *value = if text.trim().is_empty() {
                None
            } else {
                Some(text)
            };
        }
    }

    /// Parsed text entry on its own form row: keeps what the user typed while it is invalid
    /// and says why.
    pub fn parsed<T: PartialEq + Copy>(
        &mut self,
        ui: &mut Ui,
        label: &str,
        path: &str,
        value: &mut T,
        codec: &Codec<T>,
        unit: &str,
    ) -> Response {
        let id = Self::label(ui, label);
        let entry = Entry {
            naming: Naming::LabelledBy(id),
            path,
            width: 150.0,
            unit,
        };
        let (response, error) = typed_entry(self, ui, entry, value, codec);
        ui.end_row();
        if let Some(e) = error {
            ui.label("");
            invalid_note(ui, &e);
            ui.end_row();
        }
        self.notes_row(ui, path);
        response
    }

    pub fn amount(&mut self, ui: &mut Ui, label: &str, path: &str, cents: &mut i64) -> Response {
        self.parsed(ui, label, path, cents, &AMOUNT, "€ HT")
    }

    /// A date; empty means "today".
    pub fn date(
        &mut self,
        ui: &mut Ui,
        label: &str,
        path: &str,
        value: &mut Option<NaiveDate>,
    ) -> Response {
        self.parsed(ui, label, path, value, &DATE, "vide = aujourd’hui")
    }

    pub fn combo<T: PartialEq + Copy>(
        &mut self,
        ui: &mut Ui,
        label: &str,
        path: &str,
        value: &mut T,
        options: &[(T, &str)],
    ) -> Response {
        let id = Self::label(ui, label);
        let response = self.combo_inline(ui, path, value, options).labelled_by(id);
        ui.end_row();
        self.notes_row(ui, path);
        response
    }

    /// A combo box without its own grid row (for tables); `path` also names it.
    pub fn combo_inline<T: PartialEq + Copy>(
        &mut self,
        ui: &mut Ui,
        path: &str,
        value: &mut T,
        options: &[(T, &str)],
    ) -> Response {
        let selected = options
            .iter()
            .find(|(v, _)| v == value)
            .map_or("—", |(_, l)| l);
        let inner = egui::ComboBox::from_id_salt(path)
            .selected_text(selected)
            .width(190.0)
            .show_ui(ui, |ui| combo_options(ui, path, value, options));
        combo_closed(ui, path, inner.inner.is_none());
        self.claim_focus(path, &inner.response);
        inner.response
    }

    pub fn checkbox(&mut self, ui: &mut Ui, label: &str, path: &str, value: &mut bool) -> Response {
        ui.label("");
        let response = ui.checkbox(value, label);
        self.claim_focus(path, &response);
        ui.end_row();
        self.notes_row(ui, path);
        response
    }
}

fn parse_amount(text: &str) -> Result<i64, String> {
    parse_amount_cents(text).map_err(|e| e.to_string())
}

/// Width of the label column, the same in every form so that fields line up.
pub const LABEL_COLUMN: f32 = 250.0;

/// A two-column grid for a form, with room for long labels.
pub fn form_grid(ui: &mut Ui, id: &str, contents: impl FnOnce(&mut Ui)) {
    // Without a bound, a grid cell offers unlimited width and fields spill into the preview.
    let field_column = (ui.available_width() - LABEL_COLUMN - 24.0).max(160.0);
    ui.data_mut(|d| d.insert_temp(field_width_id(), field_column));
    egui::Grid::new(id)
        .max_col_width(field_column)
        .num_columns(2)
        .spacing([16.0, 8.0])
        .min_col_width(LABEL_COLUMN)
        .striped(false)
        .show(ui, contents);
}

/// A framed box of information (thresholds, obligations, advice).
pub fn info_box(ui: &mut Ui, title: &str, contents: impl FnOnce(&mut Ui)) {
    egui::Frame::group(ui.style())
        .fill(ui.visuals().faint_bg_color)
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(title).strong());
            contents(ui);
        });
}

// Helpers for the sourcing, insertion and SME steps: lists typed one per line, amounts that
// are not HT totals, and parsed entries inside table cells.
impl Form<'_> {
    /// An amount with its own unit ("€ HT de l'heure"…), stored in cents.
    pub fn amount_with_unit(
        &mut self,
        ui: &mut Ui,
        label: &str,
        path: &str,
        cents: &mut i64,
        unit: &str,
    ) -> Response {
        self.parsed(ui, label, path, cents, &AMOUNT, unit)
    }

    /// A list typed one entry per line. The raw text is kept while the field has focus, so
    /// an empty line being typed does not vanish; blank lines are dropped from the list.
    pub fn lines(
        &mut self,
        ui: &mut Ui,
        label: &str,
        path: &str,
        values: &mut Vec<String>,
    ) -> Response {
        let mut text = self
            .buffers
            .get(path)
            .cloned()
            .unwrap_or_else(|| values.join("\n"));
        let response = self.multiline(ui, label, path, &mut text);
        if response.changed() {
            *values = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect();
            self.buffers.insert(path.to_string(), text);
        } else if !response.has_focus() {
            self.buffers.remove(path);
        }
        response
    }

    /// An optional amount in a table cell: the column header is the visible label, so
    /// `name` (which should mention the row) is given to screen readers.
    pub fn optional_amount_cell(
        &mut self,
        ui: &mut Ui,
        name: &str,
        path: &str,
        cents: &mut Option<i64>,
        unit: &str,
    ) -> Response {
        let entry = Entry {
            naming: Naming::Named(name),
            path,
            width: 130.0,
            unit,
        };
        self.cell(ui, entry, cents, &OPTIONAL_AMOUNT)
    }
}

// Table cells for the allotment and levers steps. A column header cannot name a cell for a
// screen reader, so each cell gets its own name, which should mention the row
// ("Intitulé du lot 2"); the path keeps widget ids unique across rows.
impl Form<'_> {
    pub fn text_cell(
        &mut self,
        ui: &mut Ui,
        name: &str,
        path: &str,
        value: &mut String,
        width: f32,
    ) -> Response {
        self.text_cell_hinted(ui, name, path, value, width, "")
    }

    /// A text cell showing `hint` while empty (the cell has no visible label of its own).
    pub fn text_cell_hinted(
        &mut self,
        ui: &mut Ui,
        name: &str,
        path: &str,
        value: &mut String,
        width: f32,
        hint: &str,
    ) -> Response {
        if value.len() > MAX_EDITABLE_BYTES {
            return ui
                .scope(|ui| {
                    ui.set_max_width(width);
                    too_long(ui, name, value)
                })
                .inner;
        }
        ui.vertical(|ui| {
            let response = ui
                .add(
                    TextEdit::singleline(value)
                        .id_salt(path)
                        .hint_text(hint)
                        .desired_width(width),
                )
                .accessible_name(name);
            select_all_on_entry(ui, &response, value);
            self.claim_focus(path, &response);
            ui.scope(|ui| {
                ui.set_max_width(width.max(160.0));
                self.notes(ui, path);
            });
            response
        })
        .inner
    }

    pub fn amount_cell(
        &mut self,
        ui: &mut Ui,
        name: &str,
        path: &str,
        cents: &mut i64,
    ) -> Response {
        self.parsed_cell(ui, name, path, cents, &AMOUNT, 120.0)
    }

    pub fn whole_cell(&mut self, ui: &mut Ui, name: &str, path: &str, value: &mut u32) -> Response {
        self.parsed_cell(ui, name, path, value, &WHOLE, 48.0)
    }

    /// A checkbox whose visible text is the column header.
    pub fn checkbox_cell(
        &mut self,
        ui: &mut Ui,
        name: &str,
        path: &str,
        value: &mut bool,
    ) -> Response {
        let response = ui.checkbox(value, "").accessible_name(name);
        self.claim_focus(path, &response);
        response
    }

    /// A combo box for a table cell. A value matching no option shows "—": callers that
    /// must show an unusual value (a combination read from a file) add it as an option.
    pub fn combo_cell<T: PartialEq + Clone, S: AsRef<str>>(
        &mut self,
        ui: &mut Ui,
        name: &str,
        path: &str,
        value: &mut T,
        options: &[(T, S)],
        width: f32,
    ) -> Response {
        let selected = options
            .iter()
            .find(|(v, _)| v == value)
            .map_or("—", |(_, l)| l.as_ref());
        let inner = egui::ComboBox::from_id_salt(path)
            .selected_text(selected)
            .width(width)
            .truncate()
            .show_ui(ui, |ui| combo_options(ui, path, value, options));
        combo_closed(ui, path, inner.inner.is_none());
        let response = inner.response.accessible_name(name);
        self.claim_focus(path, &response);
        response
    }

    // Same contract as `parsed`, laid out in one cell: the error goes under the field.
    fn parsed_cell<T: PartialEq + Copy>(
        &mut self,
        ui: &mut Ui,
        name: &str,
        path: &str,
        value: &mut T,
        codec: &Codec<T>,
        width: f32,
    ) -> Response {
        let entry = Entry {
            naming: Naming::Named(name),
            path,
            width,
            unit: "",
        };
        self.cell(ui, entry, value, codec)
    }

    /// A typed table cell, its error (if any) written under it.
    fn cell<T: PartialEq + Copy>(
        &mut self,
        ui: &mut Ui,
        entry: Entry,
        value: &mut T,
        codec: &Codec<T>,
    ) -> Response {
        ui.vertical(|ui| {
            let path = entry.path;
            let width = entry.width;
            let (response, error) = typed_entry(self, ui, entry, value, codec);
            if let Some(e) = error {
                invalid_note(ui, &e);
            }
            ui.scope(|ui| {
                ui.set_max_width(width.max(160.0));
                self.notes(ui, path);
            });
            response
        })
        .inner
    }
}

fn combo_opened_id(path: &str) -> egui::Id {
    egui::Id::unique(("combo-opened", path))
}

/// The choices of an open combo box. On opening, the current choice takes the focus, as in a
/// native list: the arrow keys move on from it (two presses, not three, to the third choice)
/// and Enter keeps it.
fn combo_options<T: PartialEq + Clone, S: AsRef<str>>(
    ui: &mut Ui,
    path: &str,
    value: &mut T,
    options: &[(T, S)],
) {
    let opened = combo_opened_id(path);
    let just_opened = !ui.data(|d| d.get_temp::<bool>(opened).unwrap_or(false));
    ui.data_mut(|d| d.insert_temp(opened, true));
    let current = value.clone();
    for (option, text) in options {
        let response = ui.selectable_value(value, option.clone(), text.as_ref());
        if just_opened && *option == current {
            response.request_focus();
        }
    }
}

fn combo_closed(ui: &Ui, path: &str, closed: bool) {
    if closed {
        ui.data_mut(|d| d.remove::<bool>(combo_opened_id(path)));
    }
}

#[cfg(test)]
mod cell_tests {
    use super::*;
    use egui_kittest::kittest::Queryable;
    use egui_kittest::Harness;

    #[derive(Default)]
    struct Row {
        focus: Option<String>,
        buffers: HashMap<String, String>,
        amount: i64,
        number: u32,
        title: String,
        checked: bool,
        choice: Option<u8>,
        findings: Vec<Finding>,
    }

    fn draw(ui: &mut Ui, row: &mut Row) {
        let mut form = Form {
            focus: &mut row.focus,
            buffers: &mut row.buffers,
            findings: &row.findings,
        };
        egui::Grid::new("cells").show(ui, |ui| {
            form.whole_cell(
                ui,
                "Numéro du lot (ligne 1)",
                "lots[0].number",
                &mut row.number,
            );
            form.text_cell(
                ui,
                "Intitulé du lot 1",
                "lots[0].title",
                &mut row.title,
                120.0,
            );
            form.amount_cell(ui, "Montant du lot 1", "lots[0].amount", &mut row.amount);
            form.checkbox_cell(ui, "Clause du lot 1", "lots[0].clause", &mut row.checked);
            let options = [(None, "aucun"), (Some(1), "un"), (Some(2), "deux")];
            form.combo_cell(
                ui,
                "Choix du lot 1",
                "lots[0].choice",
                &mut row.choice,
                &options,
                100.0,
            );
            ui.end_row();
        });
    }

    #[test]
    fn every_cell_has_its_own_accessible_name() {
        // `run` also fails on any unnamed input.
        let mut harness = Harness::new_ui_state(draw, Row::default());
        harness.run();
        for name in [
            "Numéro du lot (ligne 1)",
            "Intitulé du lot 1",
            "Montant du lot 1",
            "Clause du lot 1",
            "Choix du lot 1",
        ] {
            harness.get_by_label(name);
        }
        harness.get_by_label("Clause du lot 1").click();
        harness.run();
        assert!(harness.state().checked);
    }

    #[test]
    fn amount_cells_accept_french_entry_and_keep_invalid_text() {
        let mut row = Row::default();
        // An empty buffer stands for a field the user has just cleared.
        row.buffers.insert("lots[0].amount".into(), String::new());
        let mut harness = Harness::new_ui_state(draw, row);
        harness.run();
        harness.get_by_label("Montant du lot 1").focus();
        harness.run();
        harness
            .get_by_label("Montant du lot 1")
            .type_text("1 234,5");
        harness.run();
        assert_eq!(harness.state().amount, 123_450);

        harness.get_by_label("Montant du lot 1").type_text("x");
        harness.run();
        assert_eq!(
            harness.state().amount,
            123_450,
            "an invalid entry leaves the value alone"
        );
        assert_eq!(
            harness
                .state()
                .buffers
                .get("lots[0].amount")
                .map(String::as_str),
            Some("1 234,5x")
        );
        harness.get_by_label_contains("Saisie invalide");
    }

    #[test]
    fn a_finding_is_drawn_under_its_cell_and_an_info_is_not() {
        let finding = |severity, message: &str| Finding {
            code: "TEST",
            severity,
            message: message.into(),
            legal_ref: String::new(),
            field: "lots[0].title".into(),
            lot: Some(1),
            to_verify: false,
            verify_reason: String::new(),
        };
        let row = Row {
            findings: vec![
                finding(Severity::Warning, "Titre à préciser"),
                finding(Severity::Info, "Simple remarque"),
            ],
            ..Row::default()
        };
        let mut harness = Harness::new_ui_state(draw, row);
        harness.run();
        let note = harness.get_by_label_contains("Titre à préciser").rect();
        let cell = harness.get_by_label("Intitulé du lot 1").rect();
        assert!(note.top() >= cell.bottom() && (note.left() - cell.left()).abs() < 1.0);
        assert_eq!(
            harness
                .query_all_by_label_contains("Simple remarque")
                .count(),
            0
        );
    }

    #[test]
    fn a_finding_focuses_its_cell() {
        let row = Row {
            focus: Some("lots[0].title".into()),
            ..Row::default()
        };
        let mut harness = Harness::new_ui_state(draw, row);
        harness.run();
        assert!(harness.get_by_label("Intitulé du lot 1").is_focused());
        assert_eq!(harness.state().focus, None);
    }
}
