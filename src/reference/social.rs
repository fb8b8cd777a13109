//! Reference data of the social execution conditions other than insertion
//! (`assets/social_conditions.ron`): what each family asks and how it is controlled, its
//! eForms BT-775 code checked against the SDK codelist, the families that fit a purchase by
//! CPV prefix or nature, and the articles cited with their sources.

use super::{cpv_digits, Choice};
use crate::model::{Nature, SocialFamily};
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocialReference {
    pub eforms: EformsCodelist,
    pub families: Vec<FamilyReference>,
    pub by_cpv: Vec<CpvRecommendation>,
    pub by_nature: Vec<NatureRecommendation>,
    pub articles: Vec<ArticleCheck>,
}

/// The codelist of BT-775 as read in the eForms SDK.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EformsCodelist {
    pub sdk_version: String,
    pub codelist: String,
    pub codelist_version: String,
    pub codes: Vec<String>,
    pub source: String,
    pub read_on: NaiveDate,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    /// What the number measures, for the wizard and the clause.
    pub label: String,
    /// « heures » or « % ».
    pub unit: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyReference {
    pub family: SocialFamily,
    pub label: String,
    pub short: String,
    /// eForms BT-775 social objective.
    pub bt775: String,
    /// Why this code, in the words of the codelist.
    pub bt775_reason: String,
    /// Natures of purchase where the family has something to act on.
    pub natures: Vec<Nature>,
    /// The family's obligation is a number (hours, a share): it counts only above zero.
    pub quantity: Option<Quantity>,
    pub obligations: Vec<Choice>,
    pub controls: Vec<Choice>,
    pub default_obligations: Vec<String>,
    pub default_controls: Vec<String>,
    /// What one penalty is counted by (« par manquement constaté »…).
    pub penalty_unit: String,
    pub articles: Vec<String>,
    /// The « Pourquoi ? » text of the wizard and the clause's explanation.
    pub explanation: String,
    #[serde(default)]
    pub to_verify: bool,
    #[serde(default)]
    pub reason: String,
}

impl FamilyReference {
    pub fn obligation(&self, id: &str) -> Option<&Choice> {
        self.obligations.iter().find(|c| c.id == id)
    }

    pub fn control(&self, id: &str) -> Option<&Choice> {
        self.controls.iter().find(|c| c.id == id)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CpvRecommendation {
    /// Leading digits of the CPV code (division, group or class).
    pub cpv_prefix: String,
    pub families: Vec<SocialFamily>,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NatureRecommendation {
    pub nature: Nature,
    pub families: Vec<SocialFamily>,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleCheck {
    pub article: String,
    pub holds: String,
    pub source: String,
    pub read_on: NaiveDate,
    pub to_verify: bool,
    #[serde(default)]
    pub reason: String,
}

/// The families proposed for a purchase, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilySuggestion<'a> {
    pub families: &'a [SocialFamily],
    pub reason: &'a str,
}

impl SocialReference {
    pub fn family(&self, family: SocialFamily) -> &FamilyReference {
        // Every family has a row: checked when the data is parsed.
        self.families
            .iter()
            .find(|f| f.family == family)
            .unwrap_or(&self.families[0])
    }

    /// The families that fit: the longest CPV prefix of the table that the purchase's code
    /// starts with, else the row of the lot's nature.
    pub fn suggest(&self, cpv: Option<&str>, nature: Nature) -> Option<FamilySuggestion<'_>> {
        let digits = cpv.and_then(cpv_digits).map(|c| format!("{c:08}"));
        let by_cpv = digits.as_deref().and_then(|code| {
            self.by_cpv
                .iter()
                .filter(|r| code.starts_with(r.cpv_prefix.as_str()))
                .max_by_key(|r| r.cpv_prefix.len())
        });
        match by_cpv {
            Some(r) => Some(FamilySuggestion {
                families: &r.families,
                reason: &r.reason,
            }),
            None => self
                .by_nature
                .iter()
                .find(|r| r.nature == nature)
                .map(|r| FamilySuggestion {
                    families: &r.families,
                    reason: &r.reason,
                }),
        }
    }

    pub fn article(&self, article: &str) -> Option<&ArticleCheck> {
        self.articles.iter().find(|a| a.article == article)
    }

    /// What makes the data unusable: a family without its row, a BT-775 code outside the SDK
    /// codelist, default choices or table rows naming what does not exist, an article cited
    /// but not listed with its source.
    pub fn check(&self) -> Result<(), String> {
        for family in SocialFamily::ALL {
            let rows = self.families.iter().filter(|f| f.family == family).count();
            if rows != 1 {
                return Err(format!(
                    "la famille {family:?} a {rows} lignes au lieu d'une"
                ));
            }
        }
        for f in &self.families {
            if !self.eforms.codes.contains(&f.bt775) {
                return Err(format!(
                    "le code BT-775 « {} » de la famille {:?} n'est pas dans la liste {} du SDK eForms {}",
                    f.bt775, f.family, self.eforms.codelist, self.eforms.sdk_version
                ));
            }
            for id in &f.default_obligations {
                if f.obligation(id).is_none() {
                    return Err(format!(
                        "{:?} : obligation par défaut inconnue « {id} »",
                        f.family
                    ));
                }
            }
            for id in &f.default_controls {
                if f.control(id).is_none() {
                    return Err(format!(
                        "{:?} : moyen de contrôle par défaut inconnu « {id} »",
                        f.family
                    ));
                }
            }
            for article in &f.articles {
                if self.article(article).is_none() {
                    return Err(format!(
                        "{:?} : l'article « {article} » est cité sans sa source dans `articles`",
                        f.family
                    ));
                }
            }
        }
        for r in &self.by_cpv {
            if r.cpv_prefix.is_empty() || !r.cpv_prefix.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("préfixe CPV invalide « {} »", r.cpv_prefix));
            }
        }
        Ok(())
    }
}
