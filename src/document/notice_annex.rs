//! Annex listing the eForms and DECP values, computed by `rules::notice` from the same answers
//! as the text, so that the buyer copies into its notice exactly what the clauses say.

use super::{Block, BlockKind, Document, Inline};
use crate::model::Project;
use crate::rules::notice::{decp, eforms};
use crate::rules::Evaluation;

pub(super) fn push_notice_annex(doc: &mut Document, project: &Project, evaluation: &Evaluation) {
    if project.allotment.lots.is_empty() {
        return;
    }
    let notice = eforms(project, evaluation);
    let open_data = decp(project, evaluation);
    let cell = |text: String| vec![Inline::plain(text)];
    let header = |titles: &[&str]| titles.iter().map(|t| cell(t.to_string())).collect();
    let frame = |kind| Block {
        kind,
        source: None,
        piece: None,
    };
    let paragraph = |text: String| frame(BlockKind::Paragraph(vec![Inline::plain(text)]));

    doc.blocks.push(frame(BlockKind::Heading {
        level: 2,
        text: "Valeurs à reporter dans l'avis de marché et les données essentielles".into(),
    }));
    doc.blocks.push(paragraph(
        "Ces valeurs découlent des mêmes réponses que les clauses ci-dessus. Elles se reportent dans les champs correspondants du formulaire d'avis européen (eForms) et dans les données essentielles publiées après l'attribution (DECP). Les codes figurent entre parenthèses tels que les listes officielles les attendent.".into(),
    ));
    doc.blocks.push(frame(BlockKind::Heading {
        level: 3,
        text: "Avis de marché (eForms), par lot".into(),
    }));
    let rows = notice
        .lots
        .iter()
        .map(|lot| {
            vec![
                cell(lot.lot_id.clone()),
                cell(lot.strategic.join(", ")),
                cell(if lot.social_objectives.is_empty() {
                    "—".into()
                } else {
                    lot.social_objectives.join(", ")
                }),
                cell(lot.reserved_participation.to_string()),
                cell(lot.reserved_execution.to_string()),
            ]
        })
        .collect();
    doc.blocks.push(frame(BlockKind::Table {
        header: header(&[
            "Lot (BT-137)",
            "Marché stratégique (BT-06)",
            "Objectif social (BT-775)",
            "Participation réservée (BT-71)",
            "Exécution réservée (BT-736)",
        ]),
        rows,
    }));
    let described: Vec<_> = notice
        .lots
        .iter()
        .filter_map(|l| l.strategic_description.as_ref().map(|d| (l, d)))
        .collect();
    if !described.is_empty() {
        doc.blocks.push(paragraph(
            "Description de l'objectif stratégique (BT-777), obligatoire pour chaque lot dont le champ BT-06 n'est pas « none » :".into(),
        ));
        doc.blocks.push(frame(BlockKind::Table {
            header: header(&["Lot (BT-137)", "Description (BT-777)"]),
            rows: described
                .iter()
                .map(|(l, d)| vec![cell(l.lot_id.clone()), cell((*d).clone())])
                .collect(),
        }));
    }
    doc.blocks
        .push(paragraph(crate::rules::notice::BT736_EXPLANATION.into()));
    let limit = |value: Option<u32>| match value {
        Some(n) => n.to_string(),
        None => "aucune limite (champ laissé vide)".to_string(),
    };
    doc.blocks.push(frame(BlockKind::List {
        ordered: false,
        items: [
            format!(
                "Nombre maximal de lots par soumissionnaire (BT-31) : {}.",
                limit(notice.procedure.max_lots_bid)
            ),
            format!(
                "Nombre maximal de lots attribués à un même soumissionnaire (BT-33) : {}.",
                limit(notice.procedure.max_lots_awarded)
            ),
        ]
        .into_iter()
        .map(|text| super::ListItem {
            level: 0,
            content: vec![Inline::plain(text)],
        })
        .collect(),
    }));
    doc.blocks.push(frame(BlockKind::Heading {
        level: 3,
        text: "Données essentielles (DECP)".into(),
    }));
    let quoted = |values: &[&str]| {
        values
            .iter()
            .map(|v| format!("« {v} »"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    doc.blocks.push(frame(BlockKind::Table {
        header: header(&["Champ", "Valeurs"]),
        rows: vec![
            vec![
                cell("considerationsSociales".into()),
                cell(quoted(&open_data.social)),
            ],
            vec![
                cell("considerationsEnvironnementales".into()),
                cell(quoted(&open_data.environmental)),
            ],
        ],
    }));
}
