//! The values a buyer types into its contract notice (eForms) and publishes as open data
//! (DECP), derived from the same answers as the text, so that the two never disagree.

use crate::model::Project;
use crate::reference::ReferenceData;
use crate::rules::predicates::{counted_social_conditions, generated_clause_hours};
use crate::rules::Evaluation;
use serde::Serialize;

/// BT-71 code of the reservations to sheltered workshops and insertion operators.
const RES_WS: &str = "res-ws";

/// Why BT-736 is « no »: the one wording, for the section's annex and the review step.
pub const BT736_EXPLANATION: &str = "Exécution réservée (BT-736) : « no ». Les réservations du code de la commande publique (articles L. 2113-12 à L. 2113-15) portent sur la participation, déclarée au champ BT-71 ; aucune ne réserve l'exécution à des programmes d'emplois protégés. Point à vérifier avec votre service juridique si votre marché prévoit une telle exécution.";

/// eForms values of one lot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EformsLot {
    /// Lot identifier, "LOT-0001".
    #[serde(rename = "BT-137")]
    pub lot_id: String,
    /// Strategic procurement: "soc-obj", "env-imp", or "none".
    #[serde(rename = "BT-06")]
    pub strategic: Vec<&'static str>,
    /// Description of the strategic aim; required when BT-06 is not "none".
    #[serde(rename = "BT-777")]
    pub strategic_description: Option<String>,
    /// Social objectives: "opp" (employment opportunities) for insertion, and the code of
    /// each family of the other social conditions (codelist « social-objective »).
    #[serde(rename = "BT-775")]
    pub social_objectives: Vec<&'static str>,
    /// Reserved participation: "res-ws", "res-pub-ser" or "none" (always stated).
    #[serde(rename = "BT-71")]
    pub reserved_participation: &'static str,
    /// Reserved execution (execution within sheltered employment programmes, the second option
    /// of article 20 of directive 2014/24/EU): "yes" or "no".
    #[serde(rename = "BT-736")]
    pub reserved_execution: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EformsProcedure {
    /// Maximum number of lots one tenderer may bid for.
    #[serde(rename = "BT-31")]
    pub max_lots_bid: Option<u32>,
    /// Maximum number of lots one tenderer may be awarded.
    #[serde(rename = "BT-33")]
    pub max_lots_awarded: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Eforms {
    pub lots: Vec<EformsLot>,
    pub procedure: EformsProcedure,
}

/// DECP v2 considerations, with the schema's exact strings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decp {
    #[serde(rename = "considerationsSociales")]
    pub social: Vec<&'static str>,
    #[serde(rename = "considerationsEnvironnementales")]
    pub environmental: Vec<&'static str>,
}

fn has_environment(project: &Project) -> (bool, bool) {
    let filled = |t: &Option<String>| t.as_deref().is_some_and(|t| !t.trim().is_empty());
    (
        filled(&project.environment.condition),
        filled(&project.environment.criterion),
    )
}

pub fn eforms(project: &Project, evaluation: &Evaluation) -> Eforms {
    // Reservation wording and codes are reference data, always the bundled set.
    let data = ReferenceData::bundled();
    let (env_condition, env_criterion) = has_environment(project);
    let lots = project
        .allotment
        .lots
        .iter()
        .enumerate()
        .map(|(index, lot)| {
            // BT-71 codes come with each basis in the data; a sheltered-workshop code wins
            // over the ESS one when a (forbidden) combination holds both.
            let codes: Vec<&str> = lot
                .reservations
                .iter()
                .map(|b| data.reservations.base(*b).eforms.as_str())
                .collect();
            let reserved_participation = codes
                .iter()
                .copied()
                .find(|c| *c == RES_WS)
                .or_else(|| codes.first().copied())
                .unwrap_or("none");
            let employment_reservation = reserved_participation == RES_WS;
            // A clause of 0 hours is not generated: it is no social aim either.
            let clause_hours = generated_clause_hours(evaluation, index).map(|h| h.hours);
            // Only conditions with a measurable obligation and a control are declared: the
            // others are not generated as conditions either.
            let families: Vec<_> = counted_social_conditions(lot, data)
                .map(|c| data.social.family(c.family))
                .collect();
            let social = !lot.reservations.is_empty()
                || clause_hours.is_some()
                || lot.insertion_criterion.is_some()
                || lot.insertion_market
                || !families.is_empty();
            let mut aims = Vec::new();
            let mut description = Vec::new();
            if social {
                aims.push("soc-obj");
                for basis in &lot.reservations {
                    let base = data.reservations.base(*basis);
                    description.push(format!(
                        "Lot réservé ({}, article {} du code de la commande publique)",
                        base.short,
                        crate::fr::format_article(&base.article)
                    ));
                }
                if let Some(h) = clause_hours {
                    description.push(format!(
                        "Clause sociale d'insertion : {}",
                        crate::fr::format_hours(h)
                    ));
                }
                if let Some(c) = &lot.insertion_criterion {
                    description.push(format!(
                        "Critère d'insertion professionnelle pondéré à {} %",
                        c.weight_percent
                    ));
                }
                if lot.insertion_market {
                    description
                        .push("Marché d'insertion et de qualification professionnelle".to_string());
                }
                for family in &families {
                    description.push(format!("Condition d'exécution sociale : {}", family.label));
                }
            }
            if env_condition || env_criterion {
                aims.push("env-imp");
                description.push("Conditions d'exécution ou critère environnementaux".to_string());
            }
            let insertion = clause_hours.is_some()
                || lot.insertion_criterion.is_some()
                || lot.insertion_market
                || employment_reservation;
            EformsLot {
                lot_id: format!("LOT-{:04}", lot.number),
                strategic_description: (!aims.is_empty()).then(|| description.join(" ; ")),
                strategic: if aims.is_empty() { vec!["none"] } else { aims },
                social_objectives: {
                    let mut codes: Vec<&'static str> = Vec::new();
                    if insertion {
                        codes.push("opp");
                    }
                    for family in &families {
                        let code = family.bt775.as_str();
                        if !codes.contains(&code) {
                            codes.push(code);
                        }
                    }
                    codes
                },
                reserved_participation,
                // The code's reservations (L2113-12 to L2113-15) reserve who may bid, which
                // BT-71 states; none restricts execution to sheltered employment programmes,
                // the other option of the directive, so BT-736 is « no » (flagged to check).
                reserved_execution: "no",
            }
        })
        .collect();
    Eforms {
        lots,
        procedure: EformsProcedure {
            max_lots_bid: project.allotment.max_lots_bid,
            max_lots_awarded: project.allotment.max_lots_awarded,
        },
    }
}

pub fn decp(project: &Project, evaluation: &Evaluation) -> Decp {
    let lots = &project.allotment.lots;
    let data = ReferenceData::bundled();
    let mut social = Vec::new();
    if lots.iter().enumerate().any(|(i, l)| {
        generated_clause_hours(evaluation, i).is_some()
            || l.insertion_market
            || counted_social_conditions(l, data).next().is_some()
    }) {
        social.push("Clause sociale");
    }
    if lots.iter().any(|l| l.insertion_criterion.is_some()) {
        social.push("Critère social");
    }
    if lots.iter().any(|l| !l.reservations.is_empty()) {
        social.push("Marché réservé");
    }
    if social.is_empty() {
        social.push("Pas de considération sociale");
    }
    let (env_condition, env_criterion) = has_environment(project);
    let mut environmental = Vec::new();
    if env_condition {
        environmental.push("Clause environnementale");
    }
    if env_criterion {
        environmental.push("Critère environnemental");
    }
    if environmental.is_empty() {
        environmental.push("Pas de considération environnementale");
    }
    Decp {
        social,
        environmental,
    }
}
