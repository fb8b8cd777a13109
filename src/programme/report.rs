//! The programme's assessment written out: JSON for scripts (line by line, the same codes as
//! `clausier procedure --json`), a Document for the DOCX report (summary first, then a table
//! per nature), and a workbook for buyers who sort and filter in their spreadsheet.

use super::assess::{LeverAdvice, LineAssessment, ProgrammeAssessment, Tally};
use crate::document::{Block, BlockKind, Document, DocumentMeta, Inline, ListItem};
use crate::fr::{date_longue, format_euros, format_hours};
use crate::model::Nature;
use crate::rules::labels;
use serde_json::{json, Value};

fn euros(cents: i64) -> Value {
    if cents % 100 == 0 {
        json!(cents / 100)
    } else {
        json!(cents as f64 / 100.0)
    }
}

fn lever_json(l: &LeverAdvice) -> Value {
    json!({
        "lever": l.code,
        "article": l.article,
        "text": l.text,
        "reason": l.reason,
        "evidence": l.evidence,
        "warning": l.warning,
    })
}

fn line_json(line: &LineAssessment) -> Value {
    let p = line.purchase.as_ref();
    let v = line.verdict.as_ref().ok();
    json!({
        "line": line.line,
        "title": line.title,
        "service": line.service,
        "nature": p.map(|p| labels::nature(p.nature)),
        "amount": p.map(|p| euros(p.amount_cents)),
        "launch_date": p.and_then(|p| p.launch_date).map(|d| d.to_string()),
        "date": v.map(|v| v.date.to_string()),
        "cpv": p.and_then(|p| p.cpv.clone()),
        "duration_months": p.map(|p| p.duration_months),
        "place": p.map(|p| p.place.clone()),
        "trade": v.map(|v| v.trade.clone()),
        "regime": v.map(|v| v.regime.code()),
        "publicity": v.map(|v| v.publicity.code()),
        "social_condition_required": v.is_some_and(|v| v.social_condition_required),
        "environmental_condition_required": v.is_some_and(|v| v.environmental_condition_required),
        "environmental_criterion_required": v.is_some_and(|v| v.environmental_criterion_required),
        "small_purchase": v.is_some_and(|v| v.small_purchase),
        "levers": v.map_or(Vec::new(), |v| v.levers.iter().map(lever_json).collect()),
        "hours": v.and_then(|v| v.hours),
        "notes": p.map_or(Vec::new(), |p| p.notes.clone()),
        "error": line.error(),
    })
}

fn tally_json(t: &Tally) -> Value {
    json!({ "count": t.count, "amount": euros(t.cents) })
}

pub fn to_json(a: &ProgrammeAssessment) -> Value {
    let s = &a.summary;
    let by_nature: serde_json::Map<String, Value> = s
        .by_nature
        .iter()
        .map(|(k, t)| (k.to_string(), tally_json(t)))
        .collect();
    json!({
        "buyer": buyer_code(a.buyer),
        "date": a.default_date.to_string(),
        "supply": a.supply_citation,
        "lines": a.lines.iter().map(line_json).collect::<Vec<_>>(),
        "summary": {
            "lines": s.lines,
            "errors": s.errors,
            "purchases": tally_json(&s.total),
            "formalised": tally_json(&s.formalised),
            "adapted": tally_json(&s.adapted),
            "no_publicity": tally_json(&s.no_publicity),
            "social_condition_required": tally_json(&s.social_condition_required),
            "environmental_condition_required": tally_json(&s.environmental_condition_required),
            "small_purchases": tally_json(&s.small_purchases),
            "insertion_clauses": tally_json(&s.clauses),
            "hours": s.hours,
            "by_nature": by_nature,
        },
    })
}

/// The `--buyer` value of a buyer kind.
pub fn buyer_code(kind: crate::model::BuyerKind) -> &'static str {
    use crate::model::BuyerKind::*;
    match kind {
        LocalAuthority => "collectivite",
        CentralGovernment => "etat",
        PublicBody => "etablissement",
        Utility => "entite-adjudicatrice",
        DefenceSecurity => "defense",
    }
}

/// « Procédure adaptée — avis au BOAMP… » for a table cell.
pub fn procedure_text(line: &LineAssessment) -> String {
    match &line.verdict {
        Ok(v) => crate::fr::capitalized(&format!("{} ; {}", v.regime.label(), v.publicity.label())),
        Err(_) => "—".into(),
    }
}

/// The obligations of 2026 that apply to the line, for a table cell.
pub fn obligations_text(line: &LineAssessment) -> String {
    let Ok(v) = &line.verdict else {
        return "—".into();
    };
    let mut parts = Vec::new();
    if v.social_condition_required {
        parts.push("condition sociale (L. 2112-2-1)");
    }
    if v.environmental_condition_required {
        parts.push("condition environnementale (L. 2112-2)");
    }
    if v.environmental_criterion_required {
        parts.push("critère environnemental (L. 2152-7)");
    }
    if parts.is_empty() {
        "aucune".into()
    } else {
        parts.join(", ")
    }
}

pub fn levers_text(line: &LineAssessment) -> String {
    match &line.verdict {
        Ok(v) => v
            .levers
            .iter()
            .map(|l| l.text.clone())
            .collect::<Vec<_>>()
            .join(" ; "),
        Err(e) => format!("À corriger : {e}"),
    }
}

pub fn hours_text(line: &LineAssessment) -> String {
    line.verdict
        .as_ref()
        .ok()
        .and_then(|v| v.hours)
        .map_or("—".into(), format_hours)
}

/// « 01/09/2027 », or the date taken when the line gives none.
pub fn date_text(line: &LineAssessment) -> String {
    let short = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    match (&line.purchase, &line.verdict) {
        (Some(p), _) if p.launch_date.is_some() => p.launch_date.map(short).unwrap_or_default(),
        (_, Ok(v)) => format!("{} (par défaut)", short(v.date)),
        _ => "—".into(),
    }
}

fn cell(text: impl Into<String>) -> Vec<Inline> {
    vec![Inline::plain(text)]
}

fn frame(kind: BlockKind) -> Block {
    Block {
        kind,
        source: None,
        piece: None,
    }
}

const NATURES: [Nature; 3] = [Nature::Works, Nature::Supplies, Nature::Services];

/// The DOCX report: what was read and how, the summary, then one table per nature with the
/// reasons of each line's advice, and the lines to correct.
pub fn document(a: &ProgrammeAssessment, file_name: &str, columns: &str) -> Document {
    let mut blocks = vec![frame(BlockKind::Title(
        "Programme d'achats : procédures, obligations et leviers sociaux".into(),
    ))];
    blocks.push(frame(BlockKind::Paragraph(vec![Inline::plain(format!(
        "Analyse du fichier {file_name} pour un acheteur de la catégorie « {} », selon le droit applicable à la date de lancement de chaque achat (à défaut, au {}). Colonnes reconnues : {columns}.",
        labels::buyer_kind(a.buyer),
        date_longue(a.default_date)
    ))])));
    if let Some(citation) = &a.supply_citation {
        blocks.push(frame(BlockKind::Paragraph(vec![Inline::plain(format!(
            "Offre locale {citation}."
        ))])));
    }
    blocks.push(frame(BlockKind::Heading {
        level: 1,
        text: "Synthèse".into(),
    }));
    blocks.push(frame(BlockKind::List {
        ordered: false,
        items: a
            .summary
            .sentences()
            .into_iter()
            .map(|s| ListItem {
                level: 0,
                content: cell(s),
            })
            .collect(),
    }));
    for nature in NATURES {
        let lines: Vec<&LineAssessment> = a
            .lines
            .iter()
            .filter(|l| l.nature() == Some(nature) && l.verdict.is_ok())
            .collect();
        if lines.is_empty() {
            continue;
        }
        let tally = a.summary.by_nature.get(labels::nature(nature));
        blocks.push(frame(BlockKind::Heading {
            level: 1,
            text: format!(
                "{} — {}, {} HT",
                crate::fr::capitalized(labels::nature(nature)),
                crate::fr::count_of(lines.len(), "achat", "achats"),
                format_euros(tally.map_or(0, |t| t.cents))
            ),
        }));
        let header = [
            "N°",
            "Achat",
            "Montant HT",
            "Lancement",
            "Procédure",
            "Obligations",
            "Levier conseillé",
            "Heures",
        ]
        .iter()
        .map(|h| cell(*h))
        .collect();
        let rows = lines
            .iter()
            .map(|l| {
                let title = if l.service.is_empty() {
                    l.title.clone()
                } else {
                    format!("{} ({})", l.title, l.service)
                };
                vec![
                    cell(l.line.to_string()),
                    cell(title),
                    cell(l.amount_cents().map_or("—".into(), format_euros)),
                    cell(date_text(l)),
                    cell(procedure_text(l)),
                    cell(obligations_text(l)),
                    cell(levers_text(l)),
                    cell(hours_text(l)),
                ]
            })
            .collect();
        blocks.push(frame(BlockKind::Table { header, rows }));
        blocks.push(frame(BlockKind::Heading {
            level: 2,
            text: "Raisons des conseils".into(),
        }));
        let mut items = Vec::new();
        for l in &lines {
            let Ok(v) = &l.verdict else { continue };
            for lever in &v.levers {
                let mut text = format!("Ligne {} — {} : {}", l.line, lever.text, lever.reason);
                if let Some(evidence) = &lever.evidence {
                    text.push_str(&format!(" Offre locale : {evidence}"));
                }
                if let Some(warning) = &lever.warning {
                    text.push_str(&format!(" Attention : {warning}"));
                }
                items.push(ListItem {
                    level: 0,
                    content: cell(text),
                });
            }
            if let Some(p) = &l.purchase {
                for note in &p.notes {
                    items.push(ListItem {
                        level: 1,
                        content: cell(format!("Lecture de la ligne : {note}.")),
                    });
                }
            }
        }
        blocks.push(frame(BlockKind::List {
            ordered: false,
            items,
        }));
    }
    let errors: Vec<&LineAssessment> = a.lines.iter().filter(|l| l.verdict.is_err()).collect();
    if !errors.is_empty() {
        blocks.push(frame(BlockKind::Heading {
            level: 1,
            text: format!("Lignes à corriger ({})", errors.len()),
        }));
        blocks.push(frame(BlockKind::Table {
            header: vec![cell("Ligne"), cell("Intitulé"), cell("Problème")],
            rows: errors
                .iter()
                .map(|l| {
                    vec![
                        cell(l.line.to_string()),
                        cell(if l.title.is_empty() { "—" } else { &l.title }),
                        cell(l.error().unwrap_or_default()),
                    ]
                })
                .collect(),
        }));
    }
    blocks.push(frame(BlockKind::Note(vec![Inline::plain(
        "Les conseils sont ceux de l'assistant pour un achat en un seul lot, sans les réponses que le service donnera dans l'assistant (allotissement, sourçage, exceptions) : ouvrez la ligne comme projet pour les affiner. Les heures d'insertion reposent sur les repères du métier associé au code CPV, à confirmer avec le facilitateur.",
    )])));
    Document {
        meta: DocumentMeta {
            title: "Programme d'achats".into(),
            subtitle: file_name.to_string(),
            buyer: String::new(),
            reference: String::new(),
            author: "Clausier".into(),
            launch_date: a.default_date.to_string(),
            app_version: crate::APP_VERSION.to_string(),
            library_version: crate::clauses::ClauseLibrary::bundled_info()
                .map(|i| i.describe())
                .unwrap_or_default(),
            first_article: 1,
            first_article_of_piece: Vec::new(),
            article_label: None,
            typeset: false,
        },
        blocks,
        sources: Vec::new(),
        warnings: Vec::new(),
    }
}

/// The workbook: one sheet with a row per line (filters on), one with the summary.
pub fn to_xlsx(a: &ProgrammeAssessment) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| format!("classeur impossible à écrire ({e})");
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("# ##0.00 €"); // not a legal figure: a number format
    let wrap = Format::new().set_text_wrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Programme").map_err(fail)?;
    let header = [
        "Ligne",
        "Intitulé",
        "Service",
        "Nature",
        "Montant HT",
        "Lancement",
        "Procédure",
        "Publicité",
        "Condition sociale obligatoire",
        "Condition environnementale obligatoire",
        "Levier conseillé",
        "Raison",
        "Offre locale",
        "Heures d'insertion",
        "Petit achat",
        "Erreur",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(fail)?;
    }
    let yes_no = |b: bool| if b { "oui" } else { "non" };
    for (i, l) in a.lines.iter().enumerate() {
        let r = i as u32 + 1;
        let v = l.verdict.as_ref().ok();
        let first = v.and_then(|v| v.levers.first());
        sheet.write_number(r, 0, l.line as f64).map_err(fail)?;
        sheet.write_string(r, 1, &l.title).map_err(fail)?;
        sheet.write_string(r, 2, &l.service).map_err(fail)?;
        if let Some(n) = l.nature() {
            sheet.write_string(r, 3, labels::nature(n)).map_err(fail)?;
        }
        if let Some(c) = l.amount_cents() {
            sheet
                .write_number_with_format(r, 4, c as f64 / 100.0, &money)
                .map_err(fail)?;
        }
        if let Some(v) = v {
            sheet.write_string(r, 5, v.date.to_string()).map_err(fail)?;
            sheet.write_string(r, 6, v.regime.label()).map_err(fail)?;
            sheet
                .write_string(r, 7, v.publicity.label())
                .map_err(fail)?;
            sheet
                .write_string(r, 8, yes_no(v.social_condition_required))
                .map_err(fail)?;
            sheet
                .write_string(r, 9, yes_no(v.environmental_condition_required))
                .map_err(fail)?;
            sheet.write_string(r, 10, levers_text(l)).map_err(fail)?;
            if let Some(first) = first {
                sheet
                    .write_string_with_format(r, 11, &first.reason, &wrap)
                    .map_err(fail)?;
                if let Some(e) = &first.evidence {
                    sheet.write_string(r, 12, e).map_err(fail)?;
                }
            }
            if let Some(h) = v.hours {
                sheet.write_number(r, 13, h as f64).map_err(fail)?;
            }
            sheet
                .write_string(r, 14, yes_no(v.small_purchase))
                .map_err(fail)?;
        }
        if let Some(e) = l.error() {
            sheet.write_string(r, 15, e).map_err(fail)?;
        }
    }
    let last = a.lines.len() as u32;
    sheet
        .autofilter(0, 0, last.max(1), header.len() as u16 - 1)
        .map_err(fail)?;
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    for (c, width) in [
        (1, 40),
        (2, 18),
        (6, 28),
        (7, 28),
        (10, 40),
        (11, 60),
        (12, 40),
    ] {
        sheet.set_column_width(c, width).map_err(fail)?;
    }
    let summary = book.add_worksheet();
    summary.set_name("Synthèse").map_err(fail)?;
    for (i, sentence) in a.summary.sentences().iter().enumerate() {
        summary.write_string(i as u32, 0, sentence).map_err(fail)?;
    }
    summary.set_column_width(0, 120).map_err(fail)?;
    book.save_to_buffer().map_err(fail)
}
