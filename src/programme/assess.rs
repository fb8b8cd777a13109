//! Each line of a programme judged by the wizard's own rules: `rules::evaluate` on the line's
//! one-lot project gives the regime, the publicity and the 2026 obligations;
//! `rules::recommend::recommend` the lever and its reason; the lever applied the way the
//! lever matrix applies it gives the insertion hours; `supply::assess` the local supply.

use super::read::{PlannedPurchase, PlannedRow, Programme};
use crate::fr::{format_article, format_euros, format_hours};
use crate::model::{BuyerKind, Nature};
use crate::reference::ReferenceData;
use crate::rules::recommend::{self, Lever};
use crate::rules::{self, defaults, Evaluation, Publicity, Regime};
use crate::supply::SupplyPack;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One piece of advice for a line.
#[derive(Debug, Clone, PartialEq)]
pub struct LeverAdvice {
    /// The lever of the wizard's recommendation; None for the small-purchase advice, which is
    /// no lever of a lot.
    pub lever: Option<Lever>,
    /// Stable code for scripts: `reservation`, `insertion_clause`, `insertion_criterion`,
    /// `insertion_market`, `keep`, `none`, `direct_consultation`.
    pub code: &'static str,
    /// Article of the reservation, when the lever is one.
    pub article: Option<String>,
    pub text: String,
    pub reason: String,
    /// What the supplier pack says of the line's work near its place.
    pub evidence: Option<String>,
    /// Set when the advised lever has no local supply to rest on.
    pub warning: Option<String>,
}

/// What the rules say of a line that could be read.
#[derive(Debug, Clone, PartialEq)]
pub struct LineVerdict {
    /// The date whose law applies: the line's launch date, or the one of the command.
    pub date: NaiveDate,
    pub regime: Regime,
    pub publicity: Publicity,
    pub eu_threshold_cents: i64,
    pub social_condition_required: bool,
    pub environmental_condition_required: bool,
    pub environmental_criterion_required: bool,
    pub levers: Vec<LeverAdvice>,
    /// Insertion hours when the advice is a clause (computed as the wizard would).
    pub hours: Option<u64>,
    /// Below the no-publicity threshold: a chance to consult local SMEs and insertion
    /// structures directly.
    pub small_purchase: bool,
    /// The trade preset the line was judged with.
    pub trade: String,
    pub trade_label: String,
    /// false when the date lies outside every known period of thresholds.
    pub thresholds_known: bool,
}

/// One line of the programme as assessed.
#[derive(Debug, Clone, PartialEq)]
pub struct LineAssessment {
    pub line: u64,
    pub title: String,
    pub service: String,
    /// None for a row that could not be read.
    pub purchase: Option<PlannedPurchase>,
    pub verdict: Result<LineVerdict, String>,
}

impl LineAssessment {
    pub fn nature(&self) -> Option<Nature> {
        self.purchase.as_ref().map(|p| p.nature)
    }

    pub fn amount_cents(&self) -> Option<i64> {
        self.purchase.as_ref().map(|p| p.amount_cents)
    }

    pub fn error(&self) -> Option<&str> {
        self.verdict.as_ref().err().map(String::as_str)
    }
}

/// Counts and amounts, per regime and per nature.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub count: usize,
    pub cents: i64,
}

impl Tally {
    fn add(&mut self, cents: i64) {
        self.count += 1;
        self.cents = self.cents.saturating_add(cents);
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub lines: usize,
    pub errors: usize,
    pub total: Tally,
    pub no_publicity: Tally,
    pub adapted: Tally,
    pub formalised: Tally,
    pub social_condition_required: Tally,
    pub environmental_condition_required: Tally,
    pub small_purchases: Tally,
    pub clauses: Tally,
    pub hours: u64,
    pub by_nature: BTreeMap<&'static str, Tally>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProgrammeAssessment {
    pub buyer: BuyerKind,
    /// The date taken for lines without a launch date.
    pub default_date: NaiveDate,
    pub lines: Vec<LineAssessment>,
    pub summary: Summary,
    /// « d'après le fichier X importé le … », when a supplier pack was used.
    pub supply_citation: Option<String>,
}

pub fn assess(
    programme: &Programme,
    buyer: BuyerKind,
    default_date: NaiveDate,
    data: &ReferenceData,
    pack: Option<&SupplyPack>,
) -> ProgrammeAssessment {
    let lines: Vec<LineAssessment> = programme
        .rows
        .iter()
        .map(|row| match row {
            PlannedRow::Purchase(p) => LineAssessment {
                line: p.line,
                title: p.title.clone(),
                service: p.service.clone(),
                verdict: Ok(assess_line(p, buyer, default_date, data, pack)),
                purchase: Some(p.clone()),
            },
            PlannedRow::Error(e) => LineAssessment {
                line: e.line,
                title: e.title.clone(),
                service: e.service.clone(),
                purchase: None,
                verdict: Err(e.message.clone()),
            },
        })
        .collect();
    let summary = summarise(&lines);
    ProgrammeAssessment {
        buyer,
        default_date,
        lines,
        summary,
        supply_citation: pack.map(|p| p.meta.citation()),
    }
}

pub fn assess_line(
    purchase: &PlannedPurchase,
    buyer: BuyerKind,
    default_date: NaiveDate,
    data: &ReferenceData,
    pack: Option<&SupplyPack>,
) -> LineVerdict {
    let project = super::project_for(purchase, buyer, data);
    let date = purchase.launch_date.unwrap_or(default_date);
    let evaluation = rules::evaluate(&project, date, data);
    let advice = recommend::recommend(&project, 0, &evaluation, data);
    let lot = &evaluation.lots[0];
    let mut first = lever_advice(&advice, data);
    if let Some(pack) = pack {
        let supply = crate::supply::assess(&project, &evaluation, data, pack);
        if let Some(Some(lot_advice)) = supply.advice.first() {
            first.evidence = Some(lot_advice.sentence.clone());
            first.warning = lot_advice.warning.clone();
        }
    }
    let hours = (advice.lever == Lever::InsertionClause)
        .then(|| hours_with(&project, advice.lever, date, data))
        .flatten();
    let small_purchase = lot.regime == Regime::NoPublicity;
    let mut levers = vec![first];
    if small_purchase {
        levers.push(direct_consultation(&evaluation));
    }
    let trade = super::trade_for(purchase, data);
    LineVerdict {
        date,
        regime: lot.regime,
        publicity: lot.publicity,
        eu_threshold_cents: evaluation.procedure.eu_threshold_cents,
        social_condition_required: evaluation.procedure.social_condition_mandatory,
        environmental_condition_required: evaluation.procedure.environmental_condition_mandatory,
        environmental_criterion_required: evaluation.procedure.environmental_criterion_mandatory,
        levers,
        hours,
        small_purchase,
        trade: trade.to_string(),
        trade_label: data
            .trade(trade)
            .map_or(trade.to_string(), |t| t.label.clone()),
        thresholds_known: evaluation.procedure.thresholds_known,
    }
}

/// The insertion hours of the lot once given `lever` as the lever matrix gives it.
fn hours_with(
    project: &crate::model::Project,
    lever: Lever,
    date: NaiveDate,
    data: &ReferenceData,
) -> Option<u64> {
    let mut with = project.clone();
    defaults::apply_lever(&mut with, 0, lever, data);
    rules::evaluate(&with, date, data).lots[0]
        .hours
        .as_ref()
        .map(|h| h.hours)
}

pub fn lever_code(lever: Lever) -> &'static str {
    match lever {
        Lever::Reservation(_) => "reservation",
        Lever::InsertionClause => "insertion_clause",
        Lever::InsertionCriterion => "insertion_criterion",
        Lever::InsertionMarket => "insertion_market",
        Lever::SocialCondition(_) => "social_condition",
        Lever::KeepCurrent => "keep",
        Lever::None => "none",
    }
}

fn lever_advice(advice: &recommend::Recommendation, data: &ReferenceData) -> LeverAdvice {
    LeverAdvice {
        lever: Some(advice.lever),
        code: lever_code(advice.lever),
        article: match advice.lever {
            Lever::Reservation(basis) => Some(data.reservations.base(basis).article.clone()),
            _ => None,
        },
        text: advice.text.clone(),
        reason: advice.reason.clone(),
        evidence: None,
        warning: None,
    }
}

fn direct_consultation(evaluation: &Evaluation) -> LeverAdvice {
    LeverAdvice {
        lever: None,
        code: "direct_consultation",
        article: Some("R2122-8".into()),
        text: "Petit achat : consulter directement PME locales et structures inclusives".into(),
        reason: format!(
            "Le montant est inférieur à {} HT : l'achat peut être conclu sans publicité ni mise en concurrence préalables (article {} du code de la commande publique). C'est l'occasion de demander directement un devis à des PME du territoire, à des structures d'insertion, à des entreprises adaptées ou à des ESAT, en choisissant une offre pertinente, en veillant au bon usage des deniers publics et sans retenir toujours le même fournisseur.",
            format_euros(evaluation.procedure.no_publicity_threshold_cents),
            format_article("R2122-8")
        ),
        evidence: None,
        warning: None,
    }
}

fn summarise(lines: &[LineAssessment]) -> Summary {
    let mut s = Summary {
        lines: lines.len(),
        ..Summary::default()
    };
    for line in lines {
        let (Some(purchase), Ok(v)) = (&line.purchase, &line.verdict) else {
            s.errors += 1;
            continue;
        };
        let cents = purchase.amount_cents;
        s.total.add(cents);
        match v.regime {
            Regime::NoPublicity => s.no_publicity.add(cents),
            Regime::Adapted => s.adapted.add(cents),
            Regime::Formalised => s.formalised.add(cents),
        }
        if v.social_condition_required {
            s.social_condition_required.add(cents);
        }
        if v.environmental_condition_required {
            s.environmental_condition_required.add(cents);
        }
        if v.small_purchase {
            s.small_purchases.add(cents);
        }
        if let Some(h) = v.hours {
            s.clauses.add(cents);
            s.hours = s.hours.saturating_add(h);
        }
        s.by_nature
            .entry(crate::rules::labels::nature(purchase.nature))
            .or_default()
            .add(cents);
    }
    s
}

impl Summary {
    /// The summary in sentences, for the report and the terminal.
    pub fn sentences(&self) -> Vec<String> {
        let mut out = vec![format!(
            "{} : {} pour {} HT{}.",
            crate::fr::count_of(self.lines, "ligne lue", "lignes lues"),
            crate::fr::count_of(self.total.count, "achat", "achats"),
            format_euros(self.total.cents),
            match self.errors {
                0 => String::new(),
                n => format!(", {} à corriger", crate::fr::count_of(n, "ligne", "lignes")),
            }
        )];
        let regime = |t: &Tally, label: &str| {
            format!("{} en {label} ({} HT)", t.count, format_euros(t.cents))
        };
        out.push(format!(
            "Procédures : {} ; {} ; {}.",
            regime(&self.formalised, "procédure formalisée"),
            regime(&self.adapted, "procédure adaptée"),
            regime(
                &self.no_publicity,
                "marché sans publicité ni mise en concurrence préalables"
            )
        ));
        out.push(format!(
            "Condition d'exécution sociale obligatoire (article L. 2112-2-1) : {} pour {} HT ; condition environnementale obligatoire (article L. 2112-2) : {}.",
            crate::fr::count_of(self.social_condition_required.count, "achat", "achats"),
            format_euros(self.social_condition_required.cents),
            crate::fr::count_of(self.environmental_condition_required.count, "achat", "achats")
        ));
        if self.clauses.count > 0 {
            out.push(format!(
                "Clauses d'insertion conseillées : {}, environ {} d'insertion au total.",
                crate::fr::count_of(self.clauses.count, "achat", "achats"),
                format_hours(self.hours)
            ));
        }
        if self.small_purchases.count > 0 {
            out.push(format!(
                "Petits achats à confier directement à des PME locales ou des structures inclusives : {} ({} HT).",
                self.small_purchases.count,
                format_euros(self.small_purchases.cents)
            ));
        }
        out
    }
}
