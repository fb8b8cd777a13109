//! The indicators written out: JSON for scripts, and the Document of the DOCX report (the
//! figures first, the chart with its alternative text, the tables by nature and by month, the
//! contracts to look at).

use super::compute::{Breakdown, Count, Indicators};
use super::decp::DecpFile;
use super::{IndicatorsReference, Target};
use crate::document::{Block, BlockKind, Document, DocumentMeta, Inline, ListItem};
use crate::fr::{date_longue, format_euros, format_number};
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

fn count_json(c: Count) -> Value {
    json!({ "count": c.count, "amount": euros(c.cents) })
}

fn share(value: Option<f64>) -> Value {
    value.map_or(Value::Null, |v| json!((v * 10.0).round() / 10.0))
}

fn breakdown_json(b: &Breakdown) -> Value {
    json!({
        "contracts": count_json(b.total),
        "clause": count_json(b.clause),
        "criterion": count_json(b.criterion),
        "reserved": count_json(b.reserved),
        "any": count_json(b.any),
        "none": count_json(b.none),
        "unknown": count_json(b.unknown),
        "share_count_percent": share(b.share_count(b.any)),
        "share_value_percent": share(b.share_value(b.any)),
    })
}

pub fn nature_key(nature: Option<Nature>) -> &'static str {
    nature.map_or("indeterminee", labels::nature)
}

fn nature_label(nature: Option<Nature>) -> String {
    nature.map_or("Nature indéterminée (sans code CPV)".into(), |n| {
        crate::fr::capitalized(labels::nature(n))
    })
}

pub fn to_json(file: &DecpFile, ind: &Indicators) -> Value {
    let by_nature: serde_json::Map<String, Value> = ind
        .natures()
        .map(|(n, b)| (nature_key(n).to_string(), breakdown_json(b)))
        .collect();
    let by_month: serde_json::Map<String, Value> = ind
        .by_month
        .iter()
        .map(|((y, m), b)| (format!("{y:04}-{m:02}"), breakdown_json(b)))
        .collect();
    json!({
        "file": file.file_name,
        "form": match file.form {
            super::decp::DecpForm::Wrapped => "wrapped",
            super::decp::DecpForm::Flat => "flat",
            super::decp::DecpForm::List => "list",
        },
        "year": ind.options.year,
        "buyer": crate::programme::report::buyer_code(ind.options.buyer),
        "target_percent": ind.options.target_percent,
        "target_met": ind.target_met(),
        "contracts_read": file.contracts.len(),
        "concessions_left_out": file.concessions,
        "other_years_left_out": ind.other_years,
        "undated": ind.undated,
        "without_amount": ind.without_amount,
        "issues": file.issue_count,
        "all": breakdown_json(&ind.all),
        "by_nature": by_nature,
        "by_month": by_month,
        "mandatory_social_condition_from": ind.mandatory_from.to_string(),
        "without_social_consideration": ind.missing.iter().map(|m| json!({
            "position": m.position,
            "id": m.id,
            "object": m.object,
            "notified": m.notified.to_string(),
            "amount": euros(m.amount_cents),
            "eu_threshold": euros(m.eu_threshold_cents),
            "nature": labels::nature(m.nature),
            "nature_assumed": m.nature_assumed,
            "declared": if m.declared_none { "none" } else { "unknown" },
        })).collect::<Vec<_>>(),
    })
}

/// A share with one decimal and the percent sign, or a dash.
pub fn percent_text(value: Option<f64>) -> String {
    value.map_or("—".into(), |v| format!("{}\u{a0}%", format_number(v, 1)))
}

fn count_text(c: Count) -> String {
    format!("{} ({})", c.count, format_euros(c.cents))
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

/// The sentences that sum the indicators up (report, terminal, window).
pub fn sentences(file: &DecpFile, ind: &Indicators) -> Vec<String> {
    let a = &ind.all;
    let period = ind
        .options
        .year
        .map_or("sur toute la période du fichier".to_string(), |y| {
            format!("notifiés en {y}")
        });
    let mut out = vec![format!(
        "{} {period}, pour {} HT.",
        crate::fr::count_of(a.total.count, "contrat", "contrats"),
        format_euros(a.total.cents)
    )];
    out.push(format!(
        "Avec au moins une considération sociale : {}, soit {} en nombre et {} en valeur, pour une cible de {} en nombre ({}).",
        crate::fr::count_of(a.any.count, "contrat", "contrats"),
        percent_text(a.share_count(a.any)),
        percent_text(a.share_value(a.any)),
        percent_text(Some(ind.options.target_percent)),
        match ind.target_met() {
            Some(true) => "cible atteinte",
            Some(false) => "cible non atteinte",
            None => "aucun contrat",
        }
    ));
    out.push(format!(
        "Clause sociale : {} ; critère social : {} ; marché réservé : {} ; « pas de considération sociale » déclaré : {} ; non renseigné : {}.",
        count_text(a.clause),
        count_text(a.criterion),
        count_text(a.reserved),
        count_text(a.none),
        count_text(a.unknown)
    ));
    let mut set_aside = Vec::new();
    if file.concessions > 0 {
        set_aside.push(crate::fr::count_of(
            file.concessions,
            "concession",
            "concessions",
        ));
    }
    if ind.other_years > 0 {
        set_aside.push(format!(
            "{} d'autres années",
            crate::fr::count_of(ind.other_years, "contrat", "contrats")
        ));
    }
    if ind.options.year.is_some() && ind.undated > 0 {
        set_aside.push(format!(
            "{} sans date lisible",
            crate::fr::count_of(ind.undated, "contrat", "contrats")
        ));
    }
    if !set_aside.is_empty() {
        out.push(format!("Non comptés : {}.", set_aside.join(", ")));
    }
    if ind.without_amount > 0 {
        out.push(format!(
            "{} sans montant lisible, {} en nombre seulement.",
            crate::fr::count_of(ind.without_amount, "contrat", "contrats"),
            if ind.without_amount < 2 {
                "compté"
            } else {
                "comptés"
            }
        ));
    }
    out
}

fn breakdown_row(label: String, b: &Breakdown) -> Vec<Vec<Inline>> {
    vec![
        cell(label),
        cell(b.total.count.to_string()),
        cell(format_euros(b.total.cents)),
        cell(b.clause.count.to_string()),
        cell(b.criterion.count.to_string()),
        cell(b.reserved.count.to_string()),
        cell(b.none.count.to_string()),
        cell(b.unknown.count.to_string()),
        cell(percent_text(b.share_count(b.any))),
        cell(percent_text(b.share_value(b.any))),
    ]
}

fn breakdown_header(first: &str) -> Vec<Vec<Inline>> {
    [
        first,
        "Contrats",
        "Valeur HT",
        "Clause",
        "Critère",
        "Réservé",
        "Aucune",
        "Non renseigné",
        "Part (nombre)",
        "Part (valeur)",
    ]
    .iter()
    .map(|h| cell(*h))
    .collect()
}

pub fn month_label(year: i32, month: u32) -> String {
    let name = crate::fr::month_name(month).unwrap_or("?");
    format!("{} {year}", crate::fr::capitalized(name))
}

/// What the chart shows, in words: the alternative text of the picture.
pub fn chart_alt(ind: &Indicators) -> String {
    let months: Vec<String> = ind
        .by_month
        .iter()
        .map(|((y, m), b)| {
            format!(
                "{} : {}",
                month_label(*y, *m),
                percent_text(b.share_count(b.any))
            )
        })
        .collect();
    format!(
        "Diagramme en barres de la part des contrats notifiés avec au moins une considération sociale, mois par mois, et la cible de {} en trait horizontal. {}.",
        percent_text(Some(ind.options.target_percent)),
        months.join(" ; ")
    )
}

pub fn document(
    file: &DecpFile,
    ind: &Indicators,
    chart_png: Option<Vec<u8>>,
    reference: &IndicatorsReference,
) -> Document {
    let mut blocks = vec![frame(BlockKind::Title(match ind.options.year {
        Some(y) => format!("Indicateurs des achats socialement responsables — {y}"),
        None => "Indicateurs des achats socialement responsables".into(),
    }))];
    let spaser = &reference.spaser_indicators;
    blocks.push(frame(BlockKind::Paragraph(vec![Inline::plain(format!(
        "Calculés à partir des données essentielles publiées par l'acheteur (fichier {}, {}), pour le schéma de promotion des achats socialement et écologiquement responsables, qui comporte des {} (article {} du code de la commande publique).",
        file.file_name,
        file.form.describe(),
        spaser.value,
        crate::fr::format_article(&spaser.article)
    ))])));
    blocks.push(frame(BlockKind::Heading {
        level: 1,
        text: "Synthèse".into(),
    }));
    blocks.push(frame(BlockKind::List {
        ordered: false,
        items: sentences(file, ind)
            .into_iter()
            .map(|s| ListItem {
                level: 0,
                content: cell(s),
            })
            .collect(),
    }));
    blocks.push(frame(BlockKind::Note(vec![Inline::plain(target_note(
        &reference.target_percent,
        ind.options.target_percent,
    ))])));
    if let Some(png) = chart_png {
        blocks.push(frame(BlockKind::Heading {
            level: 1,
            text: "Évolution mois par mois".into(),
        }));
        blocks.push(frame(BlockKind::Image {
            png,
            width_px: super::chart::WIDTH,
            height_px: super::chart::HEIGHT,
            alt: chart_alt(ind),
        }));
    }
    blocks.push(frame(BlockKind::Heading {
        level: 1,
        text: "Par nature".into(),
    }));
    let mut rows: Vec<Vec<Vec<Inline>>> = ind
        .natures()
        .map(|(n, b)| breakdown_row(nature_label(n), b))
        .collect();
    rows.push(breakdown_row("Ensemble".into(), &ind.all));
    blocks.push(frame(BlockKind::Table {
        header: breakdown_header("Nature"),
        rows,
    }));
    if !ind.by_month.is_empty() {
        blocks.push(frame(BlockKind::Heading {
            level: 1,
            text: "Par mois de notification".into(),
        }));
        blocks.push(frame(BlockKind::Table {
            header: breakdown_header("Mois"),
            rows: ind
                .by_month
                .iter()
                .map(|((y, m), b)| breakdown_row(month_label(*y, *m), b))
                .collect(),
        }));
    }
    blocks.push(frame(BlockKind::Heading {
        level: 1,
        text: format!(
            "Contrats au seuil européen sans considération sociale depuis le {}",
            date_longue(ind.mandatory_from)
        ),
    }));
    blocks.push(frame(BlockKind::Paragraph(vec![Inline::plain(format!(
        "Depuis le {}, un marché dont le montant atteint le seuil européen comporte une condition d'exécution sociale ou liée à l'emploi, sauf exception motivée (article L. 2112-2-1 du code de la commande publique). L'obligation vaut pour les consultations engagées depuis cette date : les données essentielles ne donnant que la date de notification, vérifiez pour chaque contrat ci-dessous la date de lancement de la consultation et, le cas échéant, l'exception consignée au dossier. Seuils européens appliqués à la date de notification, pour un acheteur de la catégorie « {} ».",
        date_longue(ind.mandatory_from),
        labels::buyer_kind(ind.options.buyer)
    ))])));
    if ind.missing.is_empty() {
        blocks.push(frame(BlockKind::Paragraph(vec![Inline::plain(
            "Aucun contrat de ce cas dans le fichier.",
        )])));
    } else {
        blocks.push(frame(BlockKind::Table {
            header: [
                "N°",
                "Identifiant",
                "Objet",
                "Notifié le",
                "Montant HT",
                "Seuil européen",
                "Données publiées",
            ]
            .iter()
            .map(|h| cell(*h))
            .collect(),
            rows: ind
                .missing
                .iter()
                .map(|m| {
                    vec![
                        cell(m.position.to_string()),
                        cell(m.id.clone()),
                        cell(m.object.clone()),
                        cell(date_longue(m.notified)),
                        cell(format_euros(m.amount_cents)),
                        cell(format!(
                            "{}{}",
                            format_euros(m.eu_threshold_cents),
                            if m.nature_assumed {
                                " (nature non indiquée)"
                            } else {
                                ""
                            }
                        )),
                        cell(if m.declared_none {
                            "« pas de considération sociale »"
                        } else {
                            "non renseigné"
                        }),
                    ]
                })
                .collect(),
        }));
    }
    if file.issue_count > 0 {
        blocks.push(frame(BlockKind::Heading {
            level: 1,
            text: format!("Remarques de lecture ({})", file.issue_count),
        }));
        let mut items: Vec<ListItem> = file
            .issues
            .iter()
            .map(|i| ListItem {
                level: 0,
                content: cell(format!(
                    "Contrat n° {}{} : {}",
                    i.position,
                    if i.id.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", i.id)
                    },
                    i.message
                )),
            })
            .collect();
        if file.issue_count > file.issues.len() {
            items.push(ListItem {
                level: 0,
                content: cell(format!(
                    "… et {}.",
                    crate::fr::count_of(
                        file.issue_count - file.issues.len(),
                        "autre remarque",
                        "autres remarques"
                    )
                )),
            });
        }
        blocks.push(frame(BlockKind::List {
            ordered: false,
            items,
        }));
    }
    Document {
        meta: DocumentMeta {
            title: "Indicateurs des achats socialement responsables".into(),
            subtitle: file.file_name.clone(),
            buyer: String::new(),
            reference: String::new(),
            author: "Clausier".into(),
            launch_date: ind.mandatory_from.to_string(),
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

/// Where the target comes from: the national plan's, or the buyer's own.
pub fn target_note(reference: &Target, chosen: f64) -> String {
    let plan = reference.value;
    let mut text = if (chosen - plan).abs() < 1e-9 {
        format!(
            "Cible : celle du {} ({} des contrats notifiés dans l'année avec au moins une considération sociale).",
            reference.article,
            percent_text(Some(plan))
        )
    } else {
        format!(
            "Cible fixée par l'acheteur : {} ; celle du {} est de {}.",
            percent_text(Some(chosen)),
            reference.article,
            percent_text(Some(plan))
        )
    };
    if let Some(doubt) = reference.doubt() {
        text.push_str(&format!(" À vérifier : {doubt}"));
    }
    text
}
