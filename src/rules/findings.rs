//! Findings: what the rules have to say about a project, each with a stable code, a
//! severity, a French message, its legal basis and the field it concerns.

use super::hours::{Advice, HoursInputError};
use super::predicates::{self, Combination, EssList, SmeBuyerCategory};
use super::{Evaluation, Regime};
use crate::fr::{date_longue, format_euros, format_number, format_percent};
use crate::model::{field, HoursMethod, Lot, Nature, Project, ReservationBasis};
use crate::reference::{Dated, ReferenceData};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    #[serde(rename = "erreur")]
    Error,
    #[serde(rename = "avertissement")]
    Warning,
    #[serde(rename = "information")]
    Info,
}

impl Finding {
    /// " [art. L. 2113-11]" and " (à vérifier)" as the CLI and lists print them after the
    /// message; the reason, when the finding carries one, goes inside the parentheses:
    /// " (à vérifier : la date…)".
    pub fn reference_suffix(&self, verify: &str) -> String {
        let mut out = String::new();
        if !self.legal_ref.is_empty() {
            out.push_str(&format!(
                " [art. {}]",
                crate::fr::format_references(&self.legal_ref)
            ));
        }
        if self.to_verify {
            let reason = self.verify_reason.trim().trim_end_matches('.');
            match verify.strip_suffix(')') {
                Some(open) if !reason.is_empty() => {
                    out.push_str(&format!("{open} : {reason})"));
                }
                _ => out.push_str(verify),
            }
        }
        out
    }
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "erreur",
            Severity::Warning => "avertissement",
            Severity::Info => "information",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable identifier, for scripts and tests ("ALLOT_NO_GROUND").
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Articles, "L2113-11" style ("" when practice rather than law).
    pub legal_ref: String,
    /// Path of the field in the project file ("allotment.lots[2].insertion_clause").
    pub field: String,
    pub lot: Option<u32>,
    /// The legal point is not confirmed: to be checked with the legal service.
    pub to_verify: bool,
    /// Why it is not confirmed ("" when the message says it).
    pub verify_reason: String,
}

struct Collector {
    findings: Vec<Finding>,
    /// Keys of reminders already given, for advice that is the same for every lot.
    given: std::collections::HashSet<String>,
}

impl Collector {
    /// true the first time `key` is seen.
    fn first_time(&mut self, key: String) -> bool {
        self.given.insert(key)
    }

    /// A finding of `severity`, completed by the chain: `.lot(..)`, `.cites(..)`, `.at(..)`
    /// name what they set, and `.says(..)` records it. Named steps rather than five
    /// positional arguments, two of which were Strings that could be swapped unnoticed.
    fn finding(&mut self, severity: Severity, code: &'static str) -> Draft<'_> {
        Draft {
            collector: self,
            finding: Finding {
                code,
                severity,
                message: String::new(),
                legal_ref: String::new(),
                field: String::new(),
                lot: None,
                to_verify: false,
                verify_reason: String::new(),
            },
        }
    }

    fn error(&mut self, code: &'static str) -> Draft<'_> {
        self.finding(Severity::Error, code)
    }

    fn warning(&mut self, code: &'static str) -> Draft<'_> {
        self.finding(Severity::Warning, code)
    }

    fn info(&mut self, code: &'static str) -> Draft<'_> {
        self.finding(Severity::Info, code)
    }

    /// Marks the last finding « à vérifier », with the reason the user will read.
    fn mark_to_verify(&mut self, reason: &str) {
        if let Some(last) = self.findings.last_mut() {
            last.to_verify = true;
            last.verify_reason = reason.trim().to_string();
        }
    }

    /// Marks the last finding with the doubt of a reference-data row, if it has one.
    fn doubt<T>(&mut self, row: &Dated<T>) {
        if let Some(reason) = row.doubt() {
            self.mark_to_verify(reason);
        }
    }
}

/// A finding being written; `says` records it in the collector.
#[must_use = "a finding is recorded only by `says`"]
struct Draft<'a> {
    collector: &'a mut Collector,
    finding: Finding,
}

impl Draft<'_> {
    fn lot(mut self, lot: &Lot) -> Self {
        self.finding.lot = Some(lot.number);
        self
    }

    /// Articles, "L2113-11" style.
    fn cites(mut self, legal_ref: &str) -> Self {
        self.finding.legal_ref = legal_ref.to_string();
        self
    }

    /// Path of the field in the project file (`model::field`).
    fn at(mut self, field: impl Into<String>) -> Self {
        self.finding.field = field.into();
        self
    }

    fn says(mut self, message: impl Into<String>) {
        self.finding.message = message.into();
        self.collector.findings.push(self.finding);
    }
}

/// Point C1 of the legal audit: the exact list of exceptions to L2112-2-1 for marchés.
const EXCEPTIONS_LIST: &str = "C1";
/// Point C4: the threshold of social and specific services for L2112-2-1.
const SOCIAL_SERVICES_THRESHOLD: &str = "C4";

/// Where in the project file a rejected hours input lives.
fn hours_input_field(index: usize, input: &str) -> String {
    match input {
        "duration_months" => field::PURCHASE_DURATION.into(),
        "amount_cents" => field::lot(index).amount(),
        "rate_percent" => field::lot(index).clause().rate(),
        method_input => field::lot(index).clause().method_input(method_input),
    }
}

pub(super) fn check(
    project: &Project,
    evaluation: &Evaluation,
    hour_errors: &[(usize, HoursInputError)],
    data: &ReferenceData,
) -> Vec<Finding> {
    let mut c = Collector {
        findings: Vec::new(),
        given: Default::default(),
    };
    purchase(project, evaluation, data, &mut c);
    allotment(project, &mut c);
    for (index, lot) in project.allotment.lots.iter().enumerate() {
        reservations(project, index, lot, data, &mut c);
        insertion(project, evaluation, index, lot, data, &mut c);
        social_conditions(project, index, lot, data, &mut c);
        turnover(evaluation, index, lot, &mut c);
        small_lot(evaluation, index, lot, data, &mut c);
    }
    for (index, error) in hour_errors {
        let lot = &project.allotment.lots[*index];
        c.error("HOURS_INVALID_INPUT")
            .lot(lot)
            .at(hours_input_field(*index, error.field))
            .says(format!(
                "Lot {} : calcul des heures impossible, {}.",
                lot.number, error.message
            ));
    }
    climate_law(project, evaluation, data, &mut c);
    sme(project, evaluation, data, &mut c);
    c.findings.sort_by_key(|f| f.severity);
    c.findings
}

fn purchase(project: &Project, evaluation: &Evaluation, data: &ReferenceData, c: &mut Collector) {
    let p = &project.purchase;
    if project.meta.buyer.name.trim().is_empty() {
        c.warning("BUYER_NAME_MISSING").at(field::BUYER_NAME).says(
            "Le nom de l'acheteur n'est pas renseigné : il figure dans l'en-tête du document.",
        );
    }
    if p.object.trim().is_empty() {
        c.warning("OBJECT_MISSING")
            .at(field::PURCHASE_OBJECT)
            .says("L'objet de l'achat n'est pas renseigné.");
    }
    if p.amount_cents <= 0 {
        c.error("AMOUNT_MISSING")
            .cites("R2121-1")
            .at(field::PURCHASE_AMOUNT)
            .says("Le montant estimé de l'achat doit être positif : il détermine la procédure et les seuils applicables.");
    }
    if p.duration_months == 0 {
        c.error("DURATION_MISSING")
            .at(field::PURCHASE_DURATION)
            .says("La durée du marché, en mois, doit être d'au moins un mois.");
    }
    if !evaluation.procedure.thresholds_known {
        c.warning("THRESHOLDS_UNKNOWN_PERIOD")
            .cites("R2122-8")
            .at(field::META_LAUNCH_DATE)
            .says(format!("Les seuils en vigueur le {} ne sont pas connus de cette version : les derniers seuils connus sont appliqués. Vérifiez-les avant de lancer la consultation.", evaluation.date.format("%d/%m/%Y")));
        c.mark_to_verify(
            "les seuils de cette période ne figurent pas dans les données de Clausier",
        );
    }
    if evaluation.procedure.regime == Regime::NoPublicity && p.amount_cents > 0 {
        c.info("BELOW_EXEMPTION_THRESHOLD")
            .cites("R2122-8")
            .at(field::PURCHASE_AMOUNT)
            .says(format!("Sous le seuil de {} HT, l'achat peut être conclu sans publicité ni mise en concurrence : c'est l'occasion de consulter directement des PME locales et des structures d'insertion ou du handicap. Il faut toujours choisir une offre pertinente, bien utiliser les deniers publics et ne pas retenir systématiquement le même fournisseur.",
                format_euros(evaluation.procedure.no_publicity_threshold_cents)));
    }
    if !project.sourcing.done {
        c.info("SOURCING_NOT_DONE")
            .cites("R2111-1")
            .at(field::SOURCING_DONE)
            .says("Aucun sourçage n'est enregistré : rencontrer les PME et les structures d'insertion du territoire avant de rédiger permet de dimensionner les lots à leur portée.");
    }
    let pr = &evaluation.procedure;
    if let Some(threshold) = pr.social_services_eu_cents {
        if pr.publicity == super::Publicity::JoueSocialServices {
            c.info("SOCIAL_SERVICES_EU_PUBLICITY")
                .cites("R2123-1 3°")
                .at(field::PURCHASE_AMOUNT)
                .says(format!("Des services sociaux et autres services spécifiques de {} HT atteignent leur seuil européen ({} HT) : la procédure reste adaptée, mais l'intention de passer le marché est publiée au JOUE (avis de marché ou avis de préinformation) en plus de l'avis national, et l'attribution fait l'objet d'un avis.", format_euros(p.amount_cents), format_euros(threshold)));
            if let Some((row, _)) =
                crate::reference::in_force(&data.thresholds.social_services_eu, evaluation.date)
            {
                c.doubt(row);
            }
        }
        if pr.social_condition_mandatory && p.amount_cents < threshold {
            c.info("SOCIAL_CONDITION_THRESHOLD_SOCIAL_SERVICES")
                .cites("L2112-2-1")
                .at(field::PURCHASE_SPECIFIC_SERVICES)
                .says(format!("Clausier applique ici la condition sociale obligatoire dès le seuil européen des services ({} HT), lecture la plus prudente ; si le seuil visé pour ces services est leur propre seuil européen ({} HT), l'obligation ne commencerait qu'à ce montant.", format_euros(pr.eu_threshold_cents), format_euros(threshold)));
            c.mark_to_verify(data.doubt_of(SOCIAL_SERVICES_THRESHOLD));
        }
    }
    if !predicates::climate_law_covers(project.meta.buyer.kind, data) {
        let scope = &data.thresholds.climate_law.excluded_buyers;
        c.info("CLIMATE_LAW_NOT_FOR_DEFENCE")
            .cites(&scope.article)
            .at(field::BUYER_KIND)
            .says("Marché de défense ou de sécurité : les conditions d'exécution et les critères environnementaux et sociaux imposés aux autres marchés par la loi Climat et Résilience ne s'appliquent pas ; ils restent possibles.");
        c.doubt(scope);
    }
    if let Some(volume) = project.meta.buyer.annual_purchasing_cents {
        let spaser = &data.thresholds.spaser_cents;
        if volume > spaser.value {
            c.info("SPASER_REQUIRED")
                .cites(&spaser.article)
                .at(field::BUYER_ANNUAL_PURCHASING)
                .says(format!("Vos achats annuels dépassent {} HT : l'acheteur doit adopter et publier un schéma de promotion des achats socialement et écologiquement responsables (SPASER). Citez-le dans le rapport de présentation.", format_euros(spaser.value)));
        }
    }
}

fn allotment(project: &Project, c: &mut Collector) {
    let a = &project.allotment;
    if a.lots.is_empty() {
        c.error("NO_LOT").at(field::LOTS).says(
            "Décrivez au moins un lot (ou le marché unique lorsque l'achat n'est pas alloti).",
        );
        return;
    }
    if !a.allotted {
        if a.non_allotment.grounds.is_empty() {
            c.error("NON_ALLOTMENT_NO_GROUND")
                .cites("L2113-11")
                .at(field::NON_ALLOTMENT_GROUNDS)
                .says("L'achat n'est pas alloti sans qu'un des motifs de l'article L. 2113-11 soit retenu : l'allotissement est la règle, ses exceptions sont limitées.");
        }
        let justification = a.non_allotment.justification.trim();
        if justification.is_empty() {
            c.error("NON_ALLOTMENT_NO_JUSTIFICATION")
                .cites("L2113-11")
                .at(field::NON_ALLOTMENT_JUSTIFICATION)
                .says("La décision de ne pas allotir doit être motivée par des éléments concrets, juridiques et factuels propres à cet achat ; citer le motif ne suffit pas.");
        } else if justification.chars().count() < 80 {
            c.warning("NON_ALLOTMENT_SHORT_JUSTIFICATION")
                .cites("L2113-11")
                .at(field::NON_ALLOTMENT_JUSTIFICATION)
                .says("La justification du non-allotissement paraît trop brève : décrivez les faits propres à cet achat qui rendent l'allotissement impossible ou défavorable.");
        }
        if a.lots.len() > 1 {
            c.error("NON_ALLOTMENT_SEVERAL_LOTS")
                .at(field::LOTS)
                .says(format!("L'achat est déclaré non alloti mais {} lots sont décrits : gardez un seul lot décrivant le marché, ou passez en allotissement.", a.lots.len()));
        }
    } else if a.lots.len() == 1 {
        c.warning("SINGLE_LOT")
            .cites("L2113-10")
            .at(field::LOTS)
            .says("Un seul lot est décrit : si l'achat n'est pas divisé, enregistrez la décision de ne pas allotir et ses motifs.");
    }
    let total = project.lots_total_cents();
    if total != project.purchase.amount_cents {
        c.error("LOTS_SUM_MISMATCH").at(field::LOTS).says(format!(
            "La somme des lots ({}) diffère du montant total de l'achat ({}) : écart de {}.",
            format_euros(total),
            format_euros(project.purchase.amount_cents),
            format_euros(
                i64::try_from(total.abs_diff(project.purchase.amount_cents)).unwrap_or(i64::MAX)
            )
        ));
    }
    for (index, lot) in a.lots.iter().enumerate() {
        if a.lots[..index]
            .iter()
            .any(|other| other.number == lot.number)
        {
            c.error("LOT_NUMBER_DUPLICATE")
                .lot(lot)
                .at(field::lot(index).number())
                .says(format!(
                    "Le numéro de lot {} est utilisé plusieurs fois.",
                    lot.number
                ));
        }
        if lot.amount_cents <= 0 {
            c.error("LOT_AMOUNT_MISSING")
                .lot(lot)
                .at(field::lot(index).amount())
                .says(format!(
                    "Le montant estimé du lot {} doit être positif.",
                    lot.number
                ));
        }
        if lot.title.trim().is_empty() {
            c.warning("LOT_TITLE_MISSING")
                .lot(lot)
                .at(field::lot(index).title())
                .says(format!("Le lot {} n'a pas d'intitulé.", lot.number));
        }
    }
    if a.allotted {
        let max_binds = a
            .max_lots_awarded
            .is_some_and(|m| (m as usize) < a.lots.len());
        if max_binds && a.tie_break.is_none() {
            c.error("MAX_LOTS_NO_TIE_BREAK")
                .cites("R2113-1")
                .at(field::TIE_BREAK)
                .says("Un nombre maximal de lots par attributaire est fixé sans règle de départage : le règlement de la consultation doit dire comment les lots sont attribués lorsqu'un candidat arrive en tête sur plus de lots que ce maximum.");
        }
        if let (Some(bid), Some(awarded)) = (a.max_lots_bid, a.max_lots_awarded) {
            if awarded > bid {
                c.warning("MAX_LOTS_INCONSISTENT")
                    .cites("R2113-1")
                    .at(field::MAX_LOTS_AWARDED)
                    .says(format!("Le nombre maximal de lots attribués ({awarded}) dépasse le nombre maximal de lots pour lesquels on peut candidater ({bid})."));
            }
        }
        for (value, field) in [
            (a.max_lots_bid, field::MAX_LOTS_BID),
            (a.max_lots_awarded, field::MAX_LOTS_AWARDED),
        ] {
            match value {
                Some(0) => {
                    c.error("MAX_LOTS_ZERO").cites("R2113-1").at(field).says(
                        "Un nombre maximal de lots égal à zéro empêcherait toute attribution.",
                    );
                }
                Some(n) if n as usize >= a.lots.len() => c
                    .info("MAX_LOTS_NO_EFFECT")
                    .cites("R2113-1")
                    .at(field)
                    .says(format!(
                        "Le maximum de {n} lots n'a pas d'effet : la consultation compte {} lots.",
                        a.lots.len()
                    )),
                _ => {}
            }
        }
    }
}

fn reservations(
    project: &Project,
    index: usize,
    lot: &Lot,
    data: &ReferenceData,
    c: &mut Collector,
) {
    let r = &lot.reservations;
    if r.is_empty() {
        return;
    }
    let field = field::lot(index).reservations();
    let n = lot.number;
    match predicates::reservation_combination(lot, data) {
        Combination::Forbidden if r.contains(&ReservationBasis::Prison) => {
            c.error("RESERVATION_PRISON_COMBINED")
                .lot(lot)
                .cites("L2113-14")
                .at(field.clone())
                .says(format!("Lot {n} : la réservation au travail pénitentiaire ne peut pas être cumulée avec une autre réservation."));
        }
        Combination::Forbidden => {
            let articles: Vec<&str> = r
                .iter()
                .map(|b| data.reservations.base(*b).article.as_str())
                .collect();
            c.error("RESERVATION_COMBINATION_FORBIDDEN")
                .lot(lot)
                .cites("L2113-14")
                .at(field.clone())
                .says(format!("Lot {n} : les réservations {} ne peuvent pas être cumulées ; le code ne permet de réserver un même lot qu'aux structures du handicap et de l'insertion ensemble. Retenez une seule base.", crate::fr::format_references(&articles.join(", "))));
        }
        _ => {}
    }
    if r.contains(&ReservationBasis::Disability) && r.contains(&ReservationBasis::Insertion) {
        c.info("RESERVATION_USE_L2113_14")
            .lot(lot)
            .cites("L2113-14")
            .at(field.clone())
            .says(format!("Lot {n} : pour ouvrir le lot à la fois aux structures du handicap et à celles de l'insertion, la base adaptée est l'article L. 2113-14."));
    }
    if r.contains(&ReservationBasis::Ess) {
        let ess = &data.reservations.ess_services;
        let nature = project.lot_nature(lot);
        if nature != Nature::Services {
            c.error("RESERVATION_ESS_NOT_SERVICES")
                .lot(lot)
                .cites(&ess.article)
                .at(field.clone())
                .says(format!("Lot {n} : la réservation aux entreprises de l'ESS n'est possible que pour des services sociaux, de santé ou culturels, pas pour des {}.", super::labels::nature(nature)));
        }
        match predicates::ess_list(project, data) {
            EssList::Listed => {}
            EssList::NotListed => {
                c.error("RESERVATION_ESS_OUTSIDE_LIST")
                    .lot(lot)
                    .cites(&ess.article)
                    .at(field::PURCHASE_CPV)
                    .says(format!("Lot {n} : le code CPV {} ne figure pas parmi les services de santé, sociaux et culturels qui peuvent être réservés aux entreprises de l'ESS ; beaucoup de services sociaux ou spécifiques (restauration, hébergement, services juridiques…) ne peuvent pas l'être. Retirez la réservation ou corrigez le code.", project.purchase.cpv.as_deref().unwrap_or_default().trim()));
            }
            EssList::Unknown => {
                c.warning("RESERVATION_ESS_CPV_MISSING")
                    .lot(lot)
                    .cites(&ess.article)
                    .at(field::PURCHASE_CPV)
                    .says(format!("Lot {n} : indiquez le code CPV de l'achat (huit chiffres) : seuls certains services de santé, sociaux et culturels, désignés par leur code, peuvent être réservés aux entreprises de l'ESS."));
            }
        }
        let max = &data.thresholds.ess_max_months;
        if !predicates::ess_duration_allowed(project, data) {
            c.error("RESERVATION_ESS_DURATION")
                .lot(lot)
                .cites(&max.article)
                .at(field::PURCHASE_DURATION)
                .says(format!("Lot {n} : un marché réservé aux entreprises de l'ESS ne peut pas dépasser {} mois (durée prévue : {} mois).", max.value, project.purchase.duration_months));
            c.doubt(max);
        }
        let bar = &data.thresholds.ess_bar_years;
        c.info("RESERVATION_ESS_THREE_YEARS")
            .lot(lot)
            .cites(&bar.article)
            .at(field.clone())
            .says(format!("Lot {n} : un opérateur qui a obtenu de vous, sur ce même fondement, un marché pour les mêmes services au cours des {} dernières années ne peut pas être retenu ; vérifiez-le dans vos propres marchés (les marchés attribués par d'autres acheteurs ne comptent pas).", bar.value));
        c.doubt(bar);
    }
    let employment_reservation = predicates::reservation_is_social_condition(lot, data);
    if employment_reservation && lot.insertion_clause.is_some() {
        c.info("RESERVED_WITH_CLAUSE")
            .lot(lot)
            .at(field::lot(index).clause().path())
            .says(format!("Lot {n} : le lot est réservé à des structures dont l'insertion ou l'emploi des personnes handicapées est déjà la vocation ; rien n'interdit d'y ajouter une clause d'insertion, mais elle est souvent inutile. C'est un conseil de pratique, non une règle."));
    }
    if lot.insertion_market {
        c.info("RESERVED_INSERTION_MARKET")
            .lot(lot)
            .cites("R2123-1")
            .at(field::lot(index).insertion_market())
            .says(format!("Lot {n} : un marché d'insertion est aussi réservé ; vérifiez que les deux leviers sont bien voulus."));
    }
}

/// The conditions of the families other than insertion: real content (an obligation that can
/// be measured, a control), a penalty, choices the family knows, and a family that has
/// something to act on in this lot.
fn social_conditions(
    project: &Project,
    index: usize,
    lot: &Lot,
    data: &ReferenceData,
    c: &mut Collector,
) {
    let n = lot.number;
    for (k, condition) in lot.social_conditions.iter().enumerate() {
        let family = data.social.family(condition.family);
        let path = field::lot(index).social(k);
        let name = &family.short;
        if lot.social_conditions[..k]
            .iter()
            .any(|o| o.family == condition.family)
        {
            c.warning("SOCIAL_CONDITION_DUPLICATE")
                .lot(lot)
                .at(path.family())
                .says(format!("Lot {n} : la famille « {name} » figure deux fois ; regroupez ses obligations dans une seule condition."));
        }
        let unknown: Vec<&str> = condition
            .obligations
            .iter()
            .filter(|id| family.obligation(id).is_none())
            .chain(
                condition
                    .controls
                    .iter()
                    .filter(|id| family.control(id).is_none()),
            )
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            c.error("SOCIAL_CONDITION_UNKNOWN_CHOICE")
                .lot(lot)
                .at(path.path())
                .says(format!("Lot {n} : condition « {name} » : choix inconnu{s} de cette famille ({}), ignoré{s} dans le document.",
                    unknown.join(", "), s = if unknown.len() == 1 { "" } else { "s" }));
        }
        match predicates::social_condition_gap(condition, data) {
            Some(predicates::ConditionGap::NoObligation) => {
                let (field, what) = match &family.quantity {
                    Some(q) if !condition.obligations.is_empty() => (
                        path.quantity(),
                        format!(
                            "la quantité à atteindre ({}) est nulle ou absente",
                            q.label.to_lowercase()
                        ),
                    ),
                    _ => (
                        path.obligations(),
                        "aucune obligation n'est choisie".to_string(),
                    ),
                };
                c.warning("SOCIAL_CONDITION_NO_OBLIGATION")
                    .lot(lot)
                    .cites("L2112-2-1")
                    .at(field)
                    .says(format!("Lot {n} : condition « {name} » : {what}. Sans obligation mesurable, elle ne prend rien en compte et ne vaut pas condition sociale d'exécution."));
            }
            Some(predicates::ConditionGap::NoControl) => {
                c.warning("SOCIAL_CONDITION_NO_CONTROL")
                    .lot(lot)
                    .cites("L2112-2-1")
                    .at(path.controls())
                    .says(format!("Lot {n} : condition « {name} » : aucun moyen de contrôle n'est prévu. L'acheteur ne pourrait pas vérifier qu'elle est respectée : elle ne vaut pas condition sociale d'exécution tant qu'un justificatif n'est pas demandé."));
            }
            None => {}
        }
        if condition.penalty_cents.is_none() {
            c.warning("SOCIAL_CONDITION_NO_PENALTY")
                .lot(lot)
                .at(path.penalty())
                .says(format!("Lot {n} : condition « {name} » : aucune pénalité n'est prévue ({}) ; sans elle, la condition est difficile à faire respecter.", family.penalty_unit.split(" (").next().unwrap_or_default()));
        }
        if predicates::family_unsuited(project, lot, condition, data) {
            let nature = super::labels::nature(project.lot_nature(lot));
            if condition.family == crate::model::SocialFamily::SupplyChain {
                c.warning("SUPPLY_CHAIN_WITHOUT_GOODS")
                    .lot(lot)
                    .cites("L2112-2")
                    .at(path.family())
                    .says(format!("Lot {n} : une condition sur la chaîne d'approvisionnement suppose des biens fabriqués livrés ; ce lot porte sur des {nature}. Choisissez une famille qui agit sur l'exécution (conditions de travail, égalité, formation) ou décrivez les fournitures concernées dans le CCTP."));
            } else {
                c.warning("SOCIAL_FAMILY_UNSUITED")
                    .lot(lot)
                    .cites("L2112-2")
                    .at(path.family())
                    .says(format!("Lot {n} : la famille « {name} » agit rarement sur des {nature} ; vérifiez que la condition garde un lien avec l'objet du lot."));
            }
        }
    }
}

fn insertion(
    project: &Project,
    evaluation: &Evaluation,
    index: usize,
    lot: &Lot,
    data: &ReferenceData,
    c: &mut Collector,
) {
    let n = lot.number;
    if let Some(trade) = &lot.trade {
        match data.trade(trade) {
            None => c
                .warning("TRADE_UNKNOWN")
                .lot(lot)
                .at(field::lot(index).trade())
                .says(format!(
                    "Lot {n} : le métier « {trade} » ne figure pas dans les repères de calcul."
                )),
            Some(preset)
                if preset.to_verify
                    && lot.insertion_clause.is_some()
                    && c.first_time(format!("trade:{trade}")) =>
            {
                c.info("TRADE_PRESET_TO_VERIFY")
                    .lot(lot)
                    .at(field::lot(index).trade())
                    .says(format!("Lot {n} : les repères du métier « {} » (part de main-d'œuvre, coût horaire) sont des ordres de grandeur à confirmer avec le facilitateur.", preset.label));
                c.mark_to_verify(&format!(
                    "repère relevé dans la pratique ({})",
                    preset.source.trim_end_matches('.')
                ));
            }
            _ => {}
        }
    }
    if let Some(criterion) = &lot.insertion_criterion {
        let field = field::lot(index).criterion_weight();
        let usual = data.insertion.criterion_weight.value;
        let pct = |v: u32| format_percent(f64::from(v));
        if criterion.weight_percent == 0 || criterion.weight_percent > 100 {
            c.error("CRITERION_WEIGHT_INVALID")
                .lot(lot)
                .cites("R2152-7")
                .at(field)
                .says(format!("Lot {n} : la pondération du critère d'insertion doit être une part positive de la note, sans dépasser la note entière."));
        } else if !(usual.usual_min_percent..=usual.unusual_above_percent)
            .contains(&criterion.weight_percent)
        {
            c.warning("CRITERION_WEIGHT_UNUSUAL")
                .lot(lot)
                .cites("R2152-7")
                .at(field)
                .says(format!("Lot {n} : une pondération de {} pour le critère d'insertion est inhabituelle (la pratique se situe le plus souvent entre {} et {}, rarement au-delà de {}).", pct(criterion.weight_percent), pct(usual.usual_min_percent), pct(usual.usual_max_percent), pct(usual.unusual_above_percent)));
        }
    }
    let Some(clause) = &lot.insertion_clause else {
        return;
    };
    let clause_field = field::lot(index).clause();
    if clause.publics.is_empty() {
        c.warning("CLAUSE_NO_PUBLICS")
            .lot(lot)
            .cites("L2112-2")
            .at(clause_field.publics())
            .says(format!(
                "Lot {n} : aucun public éligible n'est retenu pour la clause d'insertion."
            ));
    }
    for id in &clause.publics {
        if data.public_label(id).is_none() {
            c.error("CLAUSE_UNKNOWN_PUBLIC")
                .lot(lot)
                .at(clause_field.publics())
                .says(format!("Lot {n} : public « {id} » inconnu."));
        }
    }
    if clause.modes.is_empty() {
        c.warning("CLAUSE_NO_MODES")
            .lot(lot)
            .cites("L2112-2")
            .at(clause_field.modes())
            .says(format!("Lot {n} : aucune modalité de mise en œuvre n'est proposée au titulaire ; laissez-lui le choix entre plusieurs."));
    }
    for id in &clause.modes {
        if data.mode_label(id).is_none() {
            c.error("CLAUSE_UNKNOWN_MODE")
                .lot(lot)
                .at(clause_field.modes())
                .says(format!("Lot {n} : modalité « {id} » inconnue."));
        }
    }
    if clause.penalty_per_hour_cents.is_none() {
        c.warning("CLAUSE_NO_PENALTY")
            .lot(lot)
            .at(clause_field.penalty_per_hour())
            .says(format!("Lot {n} : aucune pénalité n'est prévue pour les heures non réalisées ; sans elle, la clause est difficile à faire respecter."));
    } else if c.first_time("penalty".into()) {
        // One reminder for the whole project: it is the same advice for every lot.
        c.info("CLAUSE_PENALTY_PROPORTIONATE")
            .at(clause_field.penalty_per_hour())
            .says("Aucun montant de référence n'existe pour la pénalité par heure d'insertion non réalisée : fixez-la à un niveau proportionné.");
        c.mark_to_verify("aucune source publiée consultée ne donne de montant de référence");
    }
    if project.facilitator.is_none() {
        c.warning("CLAUSE_NO_FACILITATOR")
            .lot(lot)
            .at(field::FACILITATOR)
            .says(format!("Lot {n} : aucun facilitateur n'est indiqué ; le titulaire a besoin d'un interlocuteur pour faire valider les personnes recrutées."));
    }
    let Some(hours) = &evaluation.lots[index].hours else {
        return;
    };
    let cleaning = matches!(clause.method, HoursMethod::Cleaning { .. });
    // A clause of 0 hours is never printed and is no social condition (L2112-2-1).
    let not_generated = "la clause n'est pas reprise dans le document et ne vaut pas condition d'exécution sociale ; choisissez un autre levier ou, si la condition est obligatoire, enregistrez le motif d'exception";
    match hours.advice {
        Advice::Ok => {}
        Advice::NoPotential if cleaning => c.warning("HOURS_NO_POTENTIAL").lot(lot).at(clause_field.method()).says(format!("Lot {n} : le personnel repris dépasse le potentiel d'embauche du marché (coefficient de pondération {}) ; la méthode de la branche propreté conseille de ne pas prévoir de clause : {not_generated}.", format_number(hours.weighting.unwrap_or(0.0), 2))),
        Advice::NoPotential => c.warning("HOURS_NO_POTENTIAL").lot(lot).at(clause_field.rate()).says(format!("Lot {n} : le calcul ne donne aucune heure d'insertion : {not_generated}.")),
        Advice::TooSmall if hours.hours == 0 => c.warning("HOURS_NO_POTENTIAL").lot(lot).at(clause_field.rate()).says(format!("Lot {n} : arrondi à l'heure, le calcul ne donne aucune heure d'insertion : {not_generated}.")),
        Advice::TooSmall if cleaning => c.warning("HOURS_CLEANING_TOO_SMALL").lot(lot).at(clause_field.rate()).says(format!("Lot {n} : {} heures, moins de {} : la branche propreté déconseille une clause de cette taille.", hours.hours, data.insertion.cleaning_min_hours.value)),
        Advice::TooSmall => c.warning("HOURS_TOO_SMALL").lot(lot).at(clause_field.rate()).says(format!("Lot {n} : {} heures, soit moins d'une semaine de travail : la clause aurait peu d'effet sur l'emploi ; envisagez un autre levier.", hours.hours)),
    }
    if hours.hours as f64 > hours.labour_hours {
        c.error("HOURS_ABOVE_LABOUR")
            .lot(lot)
            .at(clause_field.hours_override())
            .says(format!("Lot {n} : {} heures d'insertion demandées pour environ {} heures de travail en tout dans le lot : c'est impossible.", hours.hours, hours.labour_hours.round()));
    }
}

fn turnover(evaluation: &Evaluation, index: usize, lot: &Lot, c: &mut Collector) {
    // R2142-7 with R2184-3 3°: the reasons for a higher level go in the consultation
    // documents or in the rapport de présentation.
    let Some(required) = lot.min_turnover_cents else {
        return;
    };
    let factor = evaluation.turnover_cap_factor;
    let cap = (lot.amount_cents as f64 * factor).floor() as i64;
    if required > cap {
        let justified = !lot.min_turnover_justification.trim().is_empty();
        let severity = if justified {
            Severity::Info
        } else {
            Severity::Error
        };
        c.finding(severity, if justified { "TURNOVER_ABOVE_CAP_JUSTIFIED" } else { "TURNOVER_ABOVE_CAP" })
            .lot(lot)
            .cites("R2142-7")
            .at(field::lot(index).min_turnover())
            .says(format!("Lot {} : le chiffre d'affaires minimal exigé ({}) dépasse {} fois le montant estimé du lot ({}){}.",
                lot.number, format_euros(required), crate::fr::format_number(factor, 1), format_euros(cap),
                if justified { " ; la justification figure dans les documents de la consultation ou dans le rapport de présentation" } else { " sans justification : c'est un frein direct pour les PME" }));
    }
}

fn small_lot(
    evaluation: &Evaluation,
    index: usize,
    lot: &Lot,
    data: &ReferenceData,
    c: &mut Collector,
) {
    let le = &evaluation.lots[index];
    if le.small_lot {
        let cap =
            crate::reference::in_force(&data.thresholds.small_lots_cap_percent, evaluation.date)
                .map_or(0.0, |(r, _)| r.value);
        c.info("SMALL_LOT_ELIGIBLE")
            .lot(lot)
            .cites("R2123-1")
            .at(field::lot(index).amount())
            .says(format!("Lot {} : il peut bénéficier du régime des « petits lots » (lots de faible montant représentant ensemble {} au plus du montant total des lots) ; régime possible : {}.", lot.number, format_percent(cap), le.regime.label()));
    }
}

fn climate_law(
    project: &Project,
    evaluation: &Evaluation,
    data: &ReferenceData,
    c: &mut Collector,
) {
    let p = &evaluation.procedure;
    let climate = &data.thresholds.climate_law;
    if p.social_condition_mandatory {
        let from = &climate.social_condition_from;
        for (index, lot) in project.allotment.lots.iter().enumerate() {
            let has_condition = predicates::has_social_condition(lot, index, evaluation, data);
            match (has_condition, predicates::exception_for(project, lot)) {
                (true, _) => {}
                (false, Some(e)) if !e.reasons.trim().is_empty() => {
                    c.info("SOCIAL_CONDITION_EXCEPTION")
                        .lot(lot)
                        .cites("L2112-2-1")
                        .at(field::SOCIAL_EXCEPTIONS)
                        .says(format!("Lot {} : la condition sociale d'exécution n'est pas appliquée ; le motif ({}) et ses raisons sont consignés et doivent figurer au dossier.", lot.number, super::labels::exception_ground(e.ground)));
                    if predicates::exception_ground_to_verify(e.ground) {
                        c.mark_to_verify(&format!("ce motif n'existe pas dans l'article jumeau des concessions ; {}", data.doubt_of(EXCEPTIONS_LIST)));
                    } else {
                        c.mark_to_verify(data.doubt_of(EXCEPTIONS_LIST));
                    }
                    if let Some(s) = data.social.suggest(project.purchase.cpv.as_deref(), project.lot_nature(lot)) {
                        c.warning("SOCIAL_EXCEPTION_FAMILY_FITS")
                            .lot(lot)
                            .cites("L2112-2-1")
                            .at(field::lot(index).social_conditions())
                            .says(format!("Lot {} : une exception est consignée alors qu'une condition sociale adaptée existe pour ce type d'achat : {}. {} L'exception doit rester rare : vérifiez qu'aucune de ces familles ne convient avant de la maintenir.", lot.number, family_names(s.families, data), s.reason));
                    }
                }
                (false, Some(_)) => c.error("SOCIAL_EXCEPTION_NO_REASONS").lot(lot).cites("L2112-2-1").at(field::SOCIAL_EXCEPTIONS).says(format!("Lot {} : une exception à la condition sociale est déclarée sans en consigner les raisons ; sans elles, l'exception ne vaut pas.", lot.number)),
                (false, None) => {
                    let ess_only = lot.reservations.contains(&ReservationBasis::Ess)
                        && !predicates::reservation_is_social_condition(lot, data);
                    let zero_clause = lot.insertion_clause.is_some()
                        && predicates::generated_clause_hours(evaluation, index).is_none();
                    let empty_condition = !lot.social_conditions.is_empty();
                    let why = if zero_clause {
                        " La clause d'insertion prévue ne donne aucune heure : elle ne compte pas."
                    } else if empty_condition {
                        " La condition sociale prévue n'a pas d'obligation mesurable ou de moyen de contrôle : elle ne compte pas."
                    } else if ess_only {
                        " La réservation aux entreprises de l'ESS limite les candidats mais n'est pas, à elle seule, une condition d'exécution sociale."
                    } else {
                        ""
                    };
                    let proposal = data
                        .social
                        .suggest(project.purchase.cpv.as_deref(), project.lot_nature(lot))
                        .map(|s| format!(" Pour ce type d'achat : {}.", family_names(s.families, data)))
                        .unwrap_or_default();
                    let field = if empty_condition {
                        field::lot(index).social_conditions()
                    } else {
                        field::lot(index).clause().path()
                    };
                    c.error("SOCIAL_CONDITION_MISSING")
                        .lot(lot)
                        .cites("L2112-2-1")
                        .at(field)
                        .says(format!("Lot {} : pour une consultation engagée depuis le {}, un marché d'un montant égal ou supérieur au seuil européen comporte une condition d'exécution sociale ou liée à l'emploi : clause d'insertion, autre condition sociale (chaîne d'approvisionnement, conditions de travail, égalité, emploi de travailleurs handicapés, formation, accessibilité, commerce équitable), réservation aux structures du handicap ou de l'insertion, ou marché d'insertion ; à défaut, consignez le motif d'exception et ses raisons.{why}{proposal}", lot.number, date_longue(from.value)));
                    match from.doubt() {
                        Some(reason) if evaluation.date == from.value => c.mark_to_verify(reason),
                        _ => c.mark_to_verify(data.doubt_of(EXCEPTIONS_LIST)),
                    }
                }
            }
        }
    }
    if p.environmental_condition_mandatory
        && project
            .environment
            .condition
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
    {
        let from = &climate.environmental_condition_from;
        c.error("ENVIRONMENTAL_CONDITION_MISSING")
            .cites(&from.article)
            .at(field::ENVIRONMENTAL_CONDITION)
            .says(format!("Pour une consultation engagée depuis le {}, les conditions d'exécution prennent obligatoirement en compte l'environnement : décrivez la condition environnementale retenue (elle relève d'une autre partie du CCAP).", date_longue(from.value)));
        if evaluation.date == from.value {
            c.doubt(from);
        }
    }
    if p.environmental_criterion_mandatory
        && project
            .environment
            .criterion
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
    {
        let from = &climate.environmental_criterion_from;
        c.error("ENVIRONMENTAL_CRITERION_MISSING")
            .cites(&from.article)
            .at(field::ENVIRONMENTAL_CRITERION)
            .says(format!("Pour une consultation engagée depuis le {}, au moins un critère d'attribution porte sur les caractéristiques environnementales de l'offre et le prix seul n'est plus admis : indiquez ce critère.", date_longue(from.value)));
    }
}

/// « chaîne d'approvisionnement ou accessibilité ».
fn family_names(families: &[crate::model::SocialFamily], data: &ReferenceData) -> String {
    let names: Vec<&str> = families
        .iter()
        .map(|f| data.social.family(*f).short.as_str())
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} ou {last}", init.join(", ")),
    }
}

fn sme(project: &Project, evaluation: &Evaluation, data: &ReferenceData, c: &mut Collector) {
    let s = &project.sme_access;
    let t = &data.thresholds;
    let category = predicates::sme_buyer_category(&project.meta.buyer);
    let who = match category {
        SmeBuyerCategory::State => "l'État".to_string(),
        SmeBuyerCategory::LargeBody => format!(
            "un acheteur dont les {}",
            t.large_body.value.label
        ),
        SmeBuyerCategory::Other => "les acheteurs qui ne relèvent ni de l'État ni des organismes aux dépenses ou charges de fonctionnement les plus élevées".to_string(),
    };
    if let Some(advance) = s.advance_percent {
        if evaluation.advance_due && advance < evaluation.advance_minimum_percent {
            let lots: Vec<String> = project
                .allotment
                .lots
                .iter()
                .zip(&evaluation.lots)
                .filter(|(_, e)| e.advance_due)
                .map(|(l, _)| l.number.to_string())
                .collect();
            let which = if project.allotment.allotted {
                format!(" (lots concernés : {})", lots.join(", "))
            } else {
                String::new()
            };
            c.error("ADVANCE_BELOW_MINIMUM")
                .cites(&t.advance_sme_min_percent.article)
                .at(field::ADVANCE)
                .says(format!(
                    "L'avance prévue ({}) est inférieure au minimum dû aux PME dans les marchés passés par {who} : {}{which}.",
                    format_percent(advance),
                    format_percent(evaluation.advance_minimum_percent)
                ));
        }
    }
    if let Some(retention) = s.retention_percent {
        let r = &t.retention;
        if retention > r.value.max_percent {
            c.error("RETENTION_ABOVE_MAX")
                .cites(&r.article)
                .at(field::RETENTION)
                .says(format!("Une retenue de garantie de {} dépasse le maximum de {} du montant du marché, qui vaut pour tout acheteur.", format_percent(retention), format_percent(r.value.max_percent)));
        } else if evaluation.retention_sme_cap_applies && retention > r.value.sme_cap_percent {
            c.info("RETENTION_ABOVE_CAP")
                .cites(&r.article)
                .at(field::RETENTION)
                .says(format!("Une retenue de garantie de {} dépasse le plafond de {} qui s'applique lorsque le titulaire est une PME dans les marchés passés par {who} : le CCAP prévoit que le taux y est ramené pour une PME.", format_percent(retention), format_percent(r.value.sme_cap_percent)));
        }
    }
    if s.groupement_form_after_award != crate::model::GroupementForm::Free
        && s.groupement_justification.trim().is_empty()
    {
        c.error("GROUPEMENT_FORM_UNJUSTIFIED")
            .cites("R2142-22")
            .at(field::GROUPEMENT_JUSTIFICATION)
            .says("Imposer une forme au groupement après l'attribution n'est possible que si la bonne exécution du marché l'exige ; justifiez-le dans les documents de la consultation.");
    }
}

#[cfg(test)]
mod tests;
