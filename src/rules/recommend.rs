//! Which social lever suits a lot, and why. These are rules of thumb from buyers' and
//! facilitators' practice, each explained in French so the buyer can weigh them; what the
//! law requires is the findings' business, not this module's.

use super::hours::{self, Advice, HoursResult};
use super::predicates::{self, Combination, EssList};
use super::{labels, Evaluation, Regime};
use crate::fr::{format_article, format_euros, format_hours};
use crate::model::{Lot, Nature, Project, ReservationBasis, SocialFamily, SupplierKind};
use crate::reference::{ReferenceData, TradePreset};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lever {
    Reservation(ReservationBasis),
    InsertionClause,
    InsertionCriterion,
    InsertionMarket,
    /// A social execution condition of another family (supply chain, working conditions…).
    SocialCondition(SocialFamily),
    /// The lot's current levers are sound (or only need a small correction explained in text).
    KeepCurrent,
    /// No lever to add.
    None,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub lever: Lever,
    /// Short advice, fit for a table cell.
    pub text: String,
    /// Why, with the articles concerned.
    pub reason: String,
}

impl Recommendation {
    fn new(lever: Lever, text: impl Into<String>, reason: impl Into<String>) -> Recommendation {
        Recommendation {
            lever,
            text: text.into(),
            reason: reason.into(),
        }
    }

    fn keep(reason: impl Into<String>) -> Recommendation {
        Recommendation::new(Lever::KeepCurrent, "Choix cohérent", reason)
    }

    /// The current lever has a problem: say it, then offer the alternative.
    fn revise(text: &str, problem: String, alternative: Recommendation) -> Recommendation {
        let reason = format!(
            "{problem} Piste : {} — {}",
            alternative.text, alternative.reason
        );
        Recommendation::new(alternative.lever, text, reason)
    }
}

/// "article L. 2113-13 du code de la commande publique".
fn cite(reference: &str) -> String {
    format!(
        "article {} du code de la commande publique",
        format_article(reference)
    )
}

/// The advice for lot `index` of the project.
pub fn recommend(
    project: &Project,
    index: usize,
    evaluation: &Evaluation,
    data: &ReferenceData,
) -> Recommendation {
    let Some(lot) = project.allotment.lots.get(index) else {
        return Recommendation::new(Lever::None, "—", "Ce lot n'existe pas.");
    };
    let advice = assess_current(project, index, lot, evaluation, data)
        .unwrap_or_else(|| suggest(project, index, lot, evaluation, data));
    if predicates::social_condition_missing(project, lot, index, evaluation, data) {
        mandatory(advice, social_family(project, lot, data), data)
    } else {
        advice
    }
}

/// The social condition of another family that suits the lot, from the table of
/// `assets/social_conditions.ron` (CPV prefix of the purchase, else the lot's nature): the
/// first family proposed that the lot does not carry yet, with the others in the text.
pub fn social_family(project: &Project, lot: &Lot, data: &ReferenceData) -> Option<Recommendation> {
    let suggestion = data
        .social
        .suggest(project.purchase.cpv.as_deref(), project.lot_nature(lot))?;
    let fresh: Vec<SocialFamily> = suggestion
        .families
        .iter()
        .copied()
        .filter(|f| !lot.social_conditions.iter().any(|c| c.family == *f))
        .collect();
    let first = *fresh.first()?;
    let names: Vec<&str> = fresh
        .iter()
        .map(|f| data.social.family(*f).short.as_str())
        .collect();
    let text = match names.as_slice() {
        [one] => format!("condition sociale : {one}"),
        [init @ .., last] => format!("condition sociale : {} ou {last}", init.join(", ")),
        [] => return None,
    };
    Some(Recommendation::new(
        Lever::SocialCondition(first),
        text,
        format!(
            "Familles adaptées à cet achat : {} Chacune fixe une obligation mesurable, les justificatifs que remet le titulaire et une pénalité ; aucune ne favorise les entreprises selon leur implantation.",
            suggestion.reason
        ),
    ))
}

/// The lot lacks the mandatory social condition: the advice says so, and turns to a lever that
/// is an execution condition (an award criterion or an ESS reservation alone is not one).
fn mandatory(
    advice: Recommendation,
    family_advice: Option<Recommendation>,
    data: &ReferenceData,
) -> Recommendation {
    let condition = match advice.lever {
        Lever::Reservation(basis) => data.reservations.base(basis).social_condition,
        Lever::InsertionClause | Lever::InsertionMarket | Lever::SocialCondition(_) => true,
        _ => false,
    };
    // Where insertion fits badly, the families of the table fit better than an exception.
    let family = if condition {
        None
    } else {
        family_advice.as_ref()
    };
    let (lever, text, family_reason) = if condition {
        (
            advice.lever,
            format!("Obligatoire — {}", advice.text),
            String::new(),
        )
    } else if let Some(f) = family {
        (
            f.lever,
            format!("Obligatoire — {}", f.text),
            format!(" {}", f.reason),
        )
    } else {
        (
            Lever::InsertionClause,
            "Obligatoire — clause d'insertion ou exception motivée".to_string(),
            String::new(),
        )
    };
    let from = &data.thresholds.climate_law.social_condition_from;
    let reason = format!(
        "Le montant de l'achat atteint le seuil européen : pour une consultation engagée depuis le {}, chaque lot comporte une condition d'exécution sociale ou liée à l'emploi ({}), sauf exception dont les raisons sont consignées au dossier ; un critère d'attribution ne suffit pas, ni une réservation aux entreprises de l'ESS seule, ni une clause qui ne donne aucune heure, ni une condition sans obligation mesurable ou sans contrôle. {}{family_reason}",
        crate::fr::date_longue(from.value),
        cite("L2112-2-1"),
        advice.reason
    );
    Recommendation::new(lever, text, reason)
}

/// What to say about the levers the lot already has; None when it has none worth judging.
fn assess_current(
    project: &Project,
    index: usize,
    lot: &Lot,
    evaluation: &Evaluation,
    data: &ReferenceData,
) -> Option<Recommendation> {
    let employment = predicates::social_condition_reservation(lot, data);
    if let (Some(basis), Some(_)) = (employment, &lot.insertion_clause) {
        return Some(Recommendation::new(
            Lever::KeepCurrent,
            "Clause souvent inutile avec la réservation",
            format!(
                "Le lot est réservé ({}) à des structures dont l'insertion ou l'emploi de personnes handicapées est déjà la vocation : rien n'interdit d'y ajouter une clause d'insertion, mais elle est souvent inutile et alourdit le suivi. C'est un conseil de pratique : gardez-la si elle apporte quelque chose que la réservation n'apporte pas.",
                cite(&data.reservations.base(basis).article)
            ),
        ));
    }
    if !lot.reservations.is_empty() {
        return Some(assess_reservation(project, index, lot, evaluation, data));
    }
    if lot.insertion_market {
        return Some(Recommendation::keep(format!(
            "Le marché d'insertion fait de l'insertion et de la qualification professionnelles l'objet même du marché, la prestation en étant le support ; il suit la procédure adaptée quel que soit son montant ({}).",
            cite("R2123-1 3°")
        )));
    }
    if lot.insertion_clause.is_some() {
        return Some(assess_clause(project, index, lot, evaluation, data));
    }
    let counted: Vec<&str> = predicates::counted_social_conditions(lot, data)
        .map(|c| data.social.family(c.family).short.as_str())
        .collect();
    if !counted.is_empty() {
        return Some(Recommendation::keep(format!(
            "Condition{} sociale{} d'exécution retenue{} : {}. Chacune fixe une obligation mesurable et un moyen de contrôle ({}).",
            if counted.len() > 1 { "s" } else { "" },
            if counted.len() > 1 { "s" } else { "" },
            if counted.len() > 1 { "s" } else { "" },
            counted.join(", "),
            cite("L2112-2")
        )));
    }
    match &lot.insertion_criterion {
        Some(_) if predicates::social_condition_missing(project, lot, index, evaluation, data) => {
            None
        }
        Some(criterion) => Some(Recommendation::keep(format!(
            "Un critère d'insertion pondéré à {} valorise l'engagement des candidats sans l'imposer ({}) ; il doit rester lié à l'objet du marché.",
            crate::fr::format_percent(f64::from(criterion.weight_percent)),
            cite("R2152-7")
        ))),
        None => None,
    }
}

fn assess_reservation(
    project: &Project,
    index: usize,
    lot: &Lot,
    evaluation: &Evaluation,
    data: &ReferenceData,
) -> Recommendation {
    let r = &lot.reservations;
    let has = |b: ReservationBasis| r.contains(&b);
    match predicates::reservation_combination(lot, data) {
        Combination::Forbidden if has(ReservationBasis::Prison) => {
            return Recommendation::new(
                Lever::None,
                "Réservation à revoir",
                format!("La réservation au travail pénitentiaire ne peut pas être combinée avec une autre réservation ({}) : gardez l'une ou l'autre.", cite("L2113-14")),
            );
        }
        Combination::Forbidden => {
            return Recommendation::new(
                Lever::None,
                "Réservation à revoir",
                format!("Le lot cumule des réservations que le code ne permet pas de combiner ({}) : seules les structures du handicap et celles de l'insertion peuvent être réunies. Retenez une seule base, celle qui correspond aux structures identifiées lors du sourçage.", cite("L2113-14")),
            );
        }
        Combination::Allowed
            if has(ReservationBasis::Disability) && has(ReservationBasis::Insertion) =>
        {
            return Recommendation::new(
                Lever::Reservation(ReservationBasis::DisabilityAndInsertion),
                "Réserver sur l'article L. 2113-14",
                format!("Pour ouvrir le lot à la fois aux entreprises adaptées et ESAT et aux structures d'insertion, la base prévue est la réservation conjointe de l'{}.", cite("L2113-14")),
            );
        }
        _ => {}
    }
    if let Some(problem) = ess_problem(project, lot, data) {
        return Recommendation::revise(
            "Réservation à revoir",
            problem,
            suggest(project, index, lot, evaluation, data),
        );
    }
    let basis = r[0];
    let base = data.reservations.base(basis);
    let condition = if base.social_condition {
        ""
    } else {
        " Elle ne vaut pas, à elle seule, condition d'exécution sociale."
    };
    Recommendation::keep(format!(
        "Réservation retenue : {} ({}). Elle doit figurer dans l'avis de marché ou, à défaut, dans les documents de la consultation, avec les justificatifs d'éligibilité demandés aux candidats.{condition}",
        base.short,
        cite(&base.article)
    ))
}

/// Why an ESS reservation (L2113-15) cannot stand, if it cannot.
fn ess_problem(project: &Project, lot: &Lot, data: &ReferenceData) -> Option<String> {
    if !lot.reservations.contains(&ReservationBasis::Ess) {
        return None;
    }
    let article = &data.reservations.ess_services.article;
    let nature = project.lot_nature(lot);
    if nature != Nature::Services {
        return Some(format!(
            "La réservation aux entreprises de l'économie sociale et solidaire ({}) ne vaut que pour certains services de santé, sociaux ou culturels ; ce lot porte sur des {}.",
            cite(article),
            labels::nature(nature)
        ));
    }
    if predicates::ess_list(project, data) == EssList::NotListed {
        return Some(format!(
            "La réservation aux entreprises de l'économie sociale et solidaire ({}) ne vaut que pour les services de santé, sociaux et culturels dont le code CPV figure sur la liste ; celui de l'achat n'y figure pas.",
            cite(article)
        ));
    }
    let max = &data.thresholds.ess_max_months;
    let months = project.purchase.duration_months;
    (!predicates::ess_duration_allowed(project, data)).then(|| {
        format!(
            "La réservation aux entreprises de l'économie sociale et solidaire est limitée à {} mois ({}) ; la durée prévue est de {months} mois.",
            max.value,
            cite(&max.article)
        )
    })
}

fn assess_clause(
    project: &Project,
    index: usize,
    lot: &Lot,
    evaluation: &Evaluation,
    data: &ReferenceData,
) -> Recommendation {
    match evaluation.lots.get(index).and_then(|l| l.hours.as_ref()) {
        Some(h) if h.advice == Advice::Ok => Recommendation::keep(format!(
            "La clause représente environ {} d'insertion ({}) : assez pour un effet réel sur l'emploi. C'est une condition d'exécution ({}).",
            format_hours(h.hours),
            fte_phrase(h, project.purchase.duration_months),
            cite("L2112-2")
        )),
        Some(h) if h.hours == 0 => Recommendation::revise(
            "Clause à revoir",
            "La clause ne donne aucune heure d'insertion : elle n'est pas reprise dans le document et ne compte pas comme condition d'exécution sociale.".to_string(),
            suggest(project, index, lot, evaluation, data),
        ),
        Some(h) => Recommendation::revise(
            "Clause à revoir",
            format!(
                "La clause ne représente que {} d'insertion : trop peu pour un effet réel sur l'emploi, pour un suivi qui reste lourd.",
                format_hours(h.hours)
            ),
            suggest(project, index, lot, evaluation, data),
        ),
        None => Recommendation::new(
            Lever::KeepCurrent,
            "Clause à compléter",
            "Les heures d'insertion ne peuvent pas être calculées avec les données saisies : complétez-les à l'étape « Clause d'insertion ».",
        ),
    }
}

fn fte_phrase(h: &HoursResult, months: u32) -> String {
    hours::fte_phrase(h.fte, h.fte_per_year, months)
}

/// The lever the lot's features call for, ignoring the levers it already has.
fn suggest(
    project: &Project,
    index: usize,
    lot: &Lot,
    evaluation: &Evaluation,
    data: &ReferenceData,
) -> Recommendation {
    let mut notes = Vec::new();
    if project.lot_nature(lot) == Nature::Services {
        if predicates::ess_reservation_allowed(project, lot, data) {
            return ess_reservation(project, data);
        }
        let article = &data.reservations.ess_services.article;
        match predicates::ess_list(project, data) {
            EssList::Listed => {
                let max = &data.thresholds.ess_max_months;
                notes.push(format!(
                    "La réservation aux entreprises de l'économie sociale et solidaire ({}) est exclue : elle est limitée à {} mois et la durée prévue est de {} mois.",
                    cite(article),
                    max.value,
                    project.purchase.duration_months
                ));
            }
            EssList::Unknown if project.purchase.specific_services => notes.push(format!(
                "Indiquez le code CPV de l'achat : s'il figure parmi les services de santé, sociaux et culturels de la liste, le lot peut être réservé aux entreprises de l'économie sociale et solidaire ({}).",
                cite(article)
            )),
            _ => {}
        }
    }
    let mut advice = by_trade(project, index, lot, evaluation, data, &mut notes);
    if !notes.is_empty() {
        advice.reason = format!("{} {}", notes.join(" "), advice.reason);
    }
    advice
}

fn ess_reservation(project: &Project, data: &ReferenceData) -> Recommendation {
    let article = &data.reservations.ess_services.article;
    let max = &data.thresholds.ess_max_months;
    Recommendation::new(
        Lever::Reservation(ReservationBasis::Ess),
        format!("Réserver le lot ({})", format_article(article)),
        format!(
            "Le code CPV de l'achat figure parmi les services de santé, sociaux ou culturels qui peuvent être réservés aux entreprises de l'économie sociale et solidaire poursuivant une mission de service public ({}), pour {} mois au plus : la durée prévue ({} mois) le permet. Cette réservation ne vaut pas, seule, condition d'exécution sociale.",
            cite(article),
            max.value,
            project.purchase.duration_months
        ),
    )
}

fn by_trade(
    project: &Project,
    index: usize,
    lot: &Lot,
    evaluation: &Evaluation,
    data: &ReferenceData,
    notes: &mut Vec<String>,
) -> Recommendation {
    if lot.amount_cents <= 0 {
        return Recommendation::new(
            Lever::None,
            "Montant du lot à renseigner",
            "Sans montant estimé, aucun levier ne peut être dimensionné.",
        );
    }
    let Some(preset) = lot.trade.as_deref().and_then(|id| data.trade(id)) else {
        return Recommendation::new(
            Lever::None,
            "Indiquez le métier du lot",
            "Sans métier de référence, la part de main-d'œuvre du lot est inconnue : choisissez-en un à l'étape « Allotissement » pour estimer les heures d'insertion et orienter le choix du levier.",
        );
    };
    let practice = &data.insertion.recommendation.value;
    if practice.sheltered_trades.contains(&preset.id) {
        if lot.amount_cents < practice.reservation_max_cents {
            return sheltered_reservation(project, lot, preset, data);
        }
        notes.push(format!(
            "Le lot ({}) dépasse ce qu'une structure d'insertion ou une entreprise adaptée prend habituellement en charge : pour le réserver, détachez-en une partie dans un lot plus petit.",
            format_euros(lot.amount_cents)
        ));
    }
    let regime = evaluation.lots.get(index).map(|l| l.regime);
    if preset.id == "fournitures" || preset.labour_share_percent < practice.low_labour_share_percent
    {
        return low_labour(preset, regime);
    }
    match preset_hours(project, lot, preset, data) {
        Some(h) if h.advice == Advice::Ok => clause(preset, &h, data),
        hours => too_small(hours.map_or(0, |h| h.hours), regime),
    }
}

/// Sourcing that met only SIAE narrows the reservation to them; otherwise both families.
fn sheltered_reservation(
    project: &Project,
    lot: &Lot,
    preset: &TradePreset,
    data: &ReferenceData,
) -> Recommendation {
    let kinds: Vec<SupplierKind> = project.sourcing.contacts.iter().map(|c| c.kind).collect();
    let siae_only = kinds.contains(&SupplierKind::Siae)
        && !kinds
            .iter()
            .any(|k| matches!(k, SupplierKind::Ea | SupplierKind::Esat));
    let intro = format!(
        "Le métier « {} » est couramment exercé par des structures d'insertion par l'activité économique et par des entreprises adaptées ou ESAT, et un lot de {} est à leur portée.",
        preset.label,
        format_euros(lot.amount_cents)
    );
    let (basis, rest) = if siae_only {
        (
            ReservationBasis::Insertion,
            format!("Le sourçage n'a identifié que des SIAE : la réservation de l'{} leur est adaptée ; celle de l'article L. 2113-14 l'ouvrirait aussi aux EA et ESAT.", cite("L2113-13")),
        )
    } else {
        (
            ReservationBasis::DisabilityAndInsertion,
            format!("La réservation conjointe de l'{} leur ouvre le lot, en concurrence entre elles ; l'article L. 2113-13 permet de la limiter aux SIAE si le sourçage n'a trouvé que celles-ci.", cite("L2113-14")),
        )
    };
    let text = format!(
        "Réserver le lot ({})",
        format_article(&data.reservations.base(basis).article)
    );
    Recommendation::new(Lever::Reservation(basis), text, format!("{intro} {rest}"))
}

/// Hours a clause would give at the preset's figures; None when they cannot be computed.
fn preset_hours(
    project: &Project,
    lot: &Lot,
    preset: &TradePreset,
    data: &ReferenceData,
) -> Option<HoursResult> {
    let result = if preset.cleaning_method {
        hours::cleaning_hours(
            lot.amount_cents,
            project.purchase.duration_months,
            0.0,
            preset.rate_percent,
            data,
        )
    } else {
        hours::general_hours(
            lot.amount_cents,
            preset.labour_share_percent,
            preset.rate_percent,
            preset.hourly_cost_cents,
            data,
        )
    };
    result.ok()
}

fn clause(preset: &TradePreset, h: &HoursResult, data: &ReferenceData) -> Recommendation {
    let share = preset.labour_share_percent;
    let share_note = if share
        >= data
            .insertion
            .recommendation
            .value
            .clause_labour_share_percent
    {
        "une part élevée"
    } else {
        "une part moyenne, qui appelle un taux modéré"
    };
    let method = if preset.cleaning_method {
        " selon la méthode de la branche propreté (sans reprise de personnel)"
    } else {
        ""
    };
    Recommendation::new(
        Lever::InsertionClause,
        format!("Clause d'insertion (≈ {})", format_hours(h.hours)),
        format!(
            "Le métier « {} » comporte environ {} de main-d'œuvre, {share_note} : au taux de {}, la clause représenterait environ {}{method}, assez pour un effet réel sur l'emploi. Elle prend la forme d'une condition d'exécution ({}).",
            preset.label,
            crate::fr::format_percent(share),
            crate::fr::format_percent(preset.rate_percent),
            format_hours(h.hours),
            cite("L2112-2")
        ),
    )
}

fn too_small(hours: u64, regime: Option<Regime>) -> Recommendation {
    let intro = format!(
        "À ce montant, une clause ne représenterait qu'environ {}, moins d'une semaine de travail : trop peu pour justifier son suivi.",
        format_hours(hours)
    );
    if regime == Some(Regime::NoPublicity) {
        return Recommendation::new(
            Lever::None,
            "Consulter des structures d'insertion",
            format!("{intro} Le lot pouvant être attribué sans publicité ni mise en concurrence ({}), consultez directement les structures d'insertion, entreprises adaptées ou ESAT du territoire.", cite("R2122-8")),
        );
    }
    Recommendation::new(
        Lever::InsertionCriterion,
        "Critère d'insertion",
        format!("{intro} Un critère d'insertion ({}) valorise les candidats qui s'engagent sans rien leur imposer.", cite("R2152-7")),
    )
}

fn low_labour(preset: &TradePreset, regime: Option<Regime>) -> Recommendation {
    let why = format!(
        "La part de main-d'œuvre du métier « {} » est faible (environ {}) : une clause d'insertion produirait peu d'heures, difficiles à contrôler, et s'y prête mal.",
        preset.label,
        crate::fr::format_percent(preset.labour_share_percent)
    );
    if regime == Some(Regime::NoPublicity) {
        return Recommendation::new(
            Lever::None,
            "Pas de levier particulier",
            format!("{why} À ce montant, un critère pèserait plus qu'il n'apporterait ; consulter aussi des entreprises adaptées ou ESAT reste possible."),
        );
    }
    Recommendation::new(
        Lever::InsertionCriterion,
        "Critère d'insertion",
        format!("{why} Un critère d'insertion ({}), lié par exemple à la livraison ou à l'installation, reste possible.", cite("R2152-7")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ExceptionGround, InsertionCriterion, SocialException, SourcingContact};
    use crate::rules::evaluate;
    use chrono::NaiveDate;

    fn data() -> &'static ReferenceData {
        ReferenceData::bundled()
    }

    fn eur(euros: i64) -> i64 {
        euros * 100
    }

    /// One lot of `nature` and `amount`, launched after the climate law, by a local authority.
    fn project(nature: Nature, trade: Option<&str>, amount: i64) -> Project {
        let mut p = Project::blank();
        p.meta.launch_date = NaiveDate::from_ymd_opt(2026, 12, 1);
        p.purchase.nature = nature;
        p.purchase.amount_cents = amount;
        p.purchase.duration_months = 24;
        let lot = &mut p.allotment.lots[0];
        lot.title = "Lot".into();
        lot.amount_cents = amount;
        lot.trade = trade.map(str::to_string);
        p
    }

    fn advice(p: &Project) -> Recommendation {
        let date = p.meta.launch_date.unwrap();
        let evaluation = evaluate(p, date, data());
        recommend(p, 0, &evaluation, data())
    }

    fn with_clause(mut p: Project) -> Project {
        let clause = crate::rules::defaults::insertion_clause(&p, &p.allotment.lots[0], data());
        p.allotment.lots[0].insertion_clause = Some(clause);
        p
    }

    /// L2113-15: ESS reservation recommended only for the health, social and cultural
    /// services of the list, within three years.
    #[test]
    fn l2113_15_listed_social_services_of_three_years_at_most_go_to_the_ess() {
        let mut p = project(Nature::Services, None, eur(150_000));
        p.purchase.specific_services = true;
        p.purchase.cpv = Some("85312510-9".into());
        let r = advice(&p);
        assert_eq!(r.lever, Lever::Reservation(ReservationBasis::Ess));
        assert!(
            r.reason
                .contains("article L.\u{a0}2113-15 du code de la commande publique"),
            "{}",
            r.reason
        );
    }

    /// School catering is a specific service but cannot be reserved to the ESS.
    #[test]
    fn l2113_15_school_catering_is_not_recommended_for_the_ess() {
        let mut p = project(Nature::Services, Some("restauration"), eur(150_000));
        p.purchase.specific_services = true;
        p.purchase.cpv = Some("55524000-9".into());
        assert_ne!(advice(&p).lever, Lever::Reservation(ReservationBasis::Ess));
        // Without a CPV code the advice asks for it rather than reserving.
        p.purchase.cpv = None;
        let r = advice(&p);
        assert_ne!(r.lever, Lever::Reservation(ReservationBasis::Ess));
        assert!(r.reason.contains("code CPV"), "{}", r.reason);
    }

    #[test]
    fn l2113_16_48_months_are_not_recommended_for_the_ess() {
        let mut p = project(Nature::Services, Some("restauration"), eur(150_000));
        p.purchase.specific_services = true;
        p.purchase.cpv = Some("85312510".into());
        p.purchase.duration_months = 48;
        let r = advice(&p);
        assert_ne!(r.lever, Lever::Reservation(ReservationBasis::Ess));
        assert!(r.reason.contains("48 mois"), "{}", r.reason);
    }

    /// An ESS reservation kept above the EU threshold: the advice says a condition is still
    /// owed.
    #[test]
    fn an_ess_reservation_alone_above_the_threshold_is_told_a_condition_is_owed() {
        let mut p = project(Nature::Services, None, eur(300_000));
        p.purchase.cpv = Some("92500000".into());
        p.allotment.lots[0].reservations = vec![ReservationBasis::Ess];
        let r = advice(&p);
        assert!(r.text.starts_with("Obligatoire"), "{r:?}");
        // cultural services: no CPV row, so the row of services in the data
        assert_eq!(
            r.lever,
            Lever::SocialCondition(SocialFamily::WorkingConditions)
        );
    }

    #[test]
    fn a_small_green_spaces_lot_is_reserved_to_both_families() {
        let p = project(Nature::Services, Some("espaces-verts"), eur(120_000));
        let r = advice(&p);
        assert_eq!(
            r.lever,
            Lever::Reservation(ReservationBasis::DisabilityAndInsertion)
        );
        assert!(r.text.contains("L.\u{a0}2113-14"), "{}", r.text);
    }

    #[test]
    fn sourcing_that_met_only_siae_narrows_the_reservation() {
        let mut p = project(Nature::Services, Some("demenagement"), eur(80_000));
        p.sourcing.contacts = vec![SourcingContact {
            name: "ACI".into(),
            kind: SupplierKind::Siae,
            trade: String::new(),
        }];
        assert_eq!(
            advice(&p).lever,
            Lever::Reservation(ReservationBasis::Insertion)
        );
    }

    #[test]
    fn a_large_cleaning_lot_gets_a_clause_rather_than_a_reservation() {
        let mut p = project(Nature::Services, Some("nettoyage"), eur(400_000));
        // Below its EU threshold (432 000 €), so the mandatory condition does not interfere.
        p.meta.buyer.kind = crate::model::BuyerKind::Utility;
        let r = advice(&p);
        assert_eq!(r.lever, Lever::InsertionClause, "{r:?}");
        assert!(r.reason.contains("détachez-en une partie"), "{}", r.reason);
        assert!(r.reason.contains("branche propreté"), "{}", r.reason);
    }

    #[test]
    fn a_labour_intensive_lot_gets_a_clause_with_its_hours() {
        let p = project(Nature::Works, Some("peinture-interieure"), eur(200_000));
        let r = advice(&p);
        assert_eq!(r.lever, Lever::InsertionClause);
        // 200 000 € × 70 % × 7 % ÷ 32 € = 306 hours.
        assert!(r.text.contains("306"), "{}", r.text);
        assert!(
            r.reason.contains("article L.\u{a0}2112-2 du code"),
            "{}",
            r.reason
        );
    }

    #[test]
    fn a_tiny_lot_below_the_exemption_threshold_calls_for_direct_consultation() {
        let p = project(Nature::Works, Some("peinture-interieure"), eur(3_000));
        let r = advice(&p);
        assert_eq!(r.lever, Lever::None);
        assert!(r.reason.contains("moins d'une semaine"), "{}", r.reason);
    }

    #[test]
    fn too_few_hours_in_a_competed_lot_call_for_a_criterion() {
        let r = too_small(12, Some(Regime::Adapted));
        assert_eq!(r.lever, Lever::InsertionCriterion);
        assert!(r.reason.contains("12"), "{}", r.reason);
    }

    #[test]
    fn supplies_get_a_criterion_and_the_reason_a_clause_fits_badly() {
        let p = project(Nature::Supplies, Some("fournitures"), eur(100_000));
        let r = advice(&p);
        assert_eq!(r.lever, Lever::InsertionCriterion);
        assert!(r.reason.contains("s'y prête mal"), "{}", r.reason);
        let small = project(Nature::Supplies, Some("fournitures"), eur(10_000));
        assert_eq!(advice(&small).lever, Lever::None);
    }

    #[test]
    fn without_trade_or_amount_the_advice_asks_for_them() {
        let p = project(Nature::Works, None, eur(200_000));
        assert_eq!(advice(&p).lever, Lever::None);
        assert!(advice(&p).text.contains("métier"));
        let p = project(Nature::Works, Some("maconnerie"), 0);
        assert!(advice(&p).text.contains("Montant"));
    }

    #[test]
    fn a_lawful_reservation_is_kept() {
        let mut p = project(Nature::Services, Some("espaces-verts"), eur(120_000));
        p.allotment.lots[0].reservations = vec![ReservationBasis::DisabilityAndInsertion];
        let r = advice(&p);
        assert_eq!(r.lever, Lever::KeepCurrent);
        assert_eq!(r.text, "Choix cohérent");
    }

    #[test]
    fn a_clause_in_a_reserved_lot_is_often_useless_never_forbidden() {
        let mut p = with_clause(project(
            Nature::Services,
            Some("espaces-verts"),
            eur(120_000),
        ));
        p.allotment.lots[0].reservations = vec![ReservationBasis::Insertion];
        let r = advice(&p);
        assert_eq!(r.lever, Lever::KeepCurrent);
        assert!(r.text.contains("souvent inutile"), "{}", r.text);
        assert!(!r.reason.contains("retirez"), "{}", r.reason);
        assert!(
            r.reason
                .contains("article L.\u{a0}2113-13 du code de la commande publique"),
            "{}",
            r.reason
        );
    }

    #[test]
    fn unlawful_reservations_are_flagged_with_a_way_out() {
        let mut p = project(Nature::Works, Some("peinture-interieure"), eur(200_000));
        p.allotment.lots[0].reservations = vec![ReservationBasis::Ess];
        let r = advice(&p);
        assert_eq!(r.text, "Réservation à revoir");
        assert_eq!(r.lever, Lever::InsertionClause);
        assert!(r.reason.contains("travaux"), "{}", r.reason);

        p.allotment.lots[0].reservations =
            vec![ReservationBasis::Disability, ReservationBasis::Insertion];
        assert_eq!(
            advice(&p).lever,
            Lever::Reservation(ReservationBasis::DisabilityAndInsertion)
        );

        p.allotment.lots[0].reservations =
            vec![ReservationBasis::Prison, ReservationBasis::Insertion];
        let r = advice(&p);
        assert_eq!(
            (r.lever, r.text.as_str()),
            (Lever::None, "Réservation à revoir")
        );
    }

    #[test]
    fn a_clause_is_kept_when_it_gives_enough_hours_and_revised_otherwise() {
        let p = with_clause(project(
            Nature::Works,
            Some("peinture-interieure"),
            eur(200_000),
        ));
        assert_eq!(advice(&p).lever, Lever::KeepCurrent);
        assert_eq!(advice(&p).text, "Choix cohérent");

        let mut small = with_clause(project(
            Nature::Works,
            Some("peinture-interieure"),
            eur(200_000),
        ));
        small.allotment.lots[0]
            .insertion_clause
            .as_mut()
            .unwrap()
            .rate_percent = 0.5;
        let r = advice(&small);
        assert_eq!(r.text, "Clause à revoir");
        assert!(r.reason.contains("Piste"), "{}", r.reason);
    }

    #[test]
    fn a_criterion_or_a_marche_d_insertion_is_kept_below_the_eu_threshold() {
        let mut p = project(Nature::Supplies, Some("fournitures"), eur(100_000));
        p.allotment.lots[0].insertion_criterion = Some(InsertionCriterion {
            weight_percent: 10,
            subcriteria: vec![],
        });
        assert_eq!(advice(&p).lever, Lever::KeepCurrent);

        let mut m = project(Nature::Works, Some("maconnerie"), eur(200_000));
        m.allotment.lots[0].insertion_market = true;
        let r = advice(&m);
        assert_eq!(r.lever, Lever::KeepCurrent);
        assert!(r.reason.contains("R.\u{a0}2123-1 3°"), "{}", r.reason);
    }

    #[test]
    fn above_the_eu_threshold_a_lot_without_condition_is_told_it_is_mandatory() {
        let mut p = project(Nature::Supplies, Some("fournitures"), eur(400_000));
        let r = advice(&p);
        assert!(r.text.starts_with("Obligatoire"), "{}", r.text);
        // insertion fits badly in supplies: the supply chain is offered instead
        assert_eq!(r.lever, Lever::SocialCondition(SocialFamily::SupplyChain));
        assert!(
            r.reason
                .contains("article L.\u{a0}2112-2-1 du code de la commande publique"),
            "{}",
            r.reason
        );

        // A criterion is not an execution condition.
        p.allotment.lots[0].insertion_criterion = Some(InsertionCriterion {
            weight_percent: 10,
            subcriteria: vec![],
        });
        assert!(advice(&p).text.starts_with("Obligatoire"));

        // A recorded exception lifts the duty.
        p.social_exceptions = vec![SocialException {
            lot: Some(1),
            ground: ExceptionGround::NoLinkWithObject,
            reasons: "Fourniture sur étagère.".into(),
        }];
        let r = advice(&p);
        assert!(!r.text.starts_with("Obligatoire"), "{}", r.text);
    }

    /// IT hardware above the threshold: the table of the data proposes the supply chain and
    /// accessibility rather than an insertion clause or an exception; once the condition is
    /// there with real content, the choice is kept.
    #[test]
    fn above_the_threshold_it_hardware_is_offered_the_supply_chain_and_accessibility() {
        let mut p = project(Nature::Supplies, Some("fournitures"), eur(400_000));
        p.purchase.cpv = Some("30213100-6".into());
        let a = advice(&p);
        assert_eq!(
            a.lever,
            Lever::SocialCondition(SocialFamily::SupplyChain),
            "{a:?}"
        );
        assert_eq!(
            a.text,
            "Obligatoire — condition sociale : chaîne d'approvisionnement ou accessibilité"
        );
        assert!(a.reason.contains("Matériel informatique"), "{}", a.reason);
        crate::rules::defaults::apply_lever(&mut p, 0, a.lever, data());
        // the defaults leave the penalty to the buyer, but the condition already counts
        let c = &p.allotment.lots[0].social_conditions[0];
        assert_eq!(c.family, SocialFamily::SupplyChain);
        assert!(c.penalty_cents.is_none());
        let a = advice(&p);
        assert_eq!(a.lever, Lever::KeepCurrent, "{a:?}");
        assert!(
            a.reason.contains("chaîne d'approvisionnement"),
            "{}",
            a.reason
        );
    }

    /// Without a CPV code, the lot's nature chooses: on-site services get working conditions.
    #[test]
    fn without_cpv_services_are_offered_working_conditions() {
        let p = project(Nature::Services, None, eur(400_000));
        let lot = &p.allotment.lots[0];
        let a = social_family(&p, lot, data()).unwrap();
        assert_eq!(
            a.lever,
            Lever::SocialCondition(SocialFamily::WorkingConditions)
        );
        assert!(a
            .reason
            .contains("aucune ne favorise les entreprises selon leur implantation"));
    }

    #[test]
    fn a_missing_lot_gets_no_advice() {
        let p = project(Nature::Works, None, eur(1_000));
        let evaluation = evaluate(&p, p.meta.launch_date.unwrap(), data());
        assert_eq!(recommend(&p, 5, &evaluation, data()).lever, Lever::None);
    }
}
