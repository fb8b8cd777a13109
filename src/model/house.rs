//! What a buyer's successive projects have in common, kept from the last one saved so that a
//! new project does not ask again who buys, who writes and who facilitates.
//!
//! Only what belongs to the organisation is carried over: the buyer (name, kind, volume,
//! contact), the author and the facilitator of social clauses. What belongs to one purchase
//! (its object, amounts, lots, penalties, environmental terms) always starts empty: a figure
//! copied from another contract would look chosen when nobody chose it.

use super::{Buyer, Facilitator, Project};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HouseDefaults {
    pub author: String,
    pub buyer: Buyer,
    pub facilitator: Option<Facilitator>,
}

impl HouseDefaults {
    /// The organisation's part of `project`; None when it does not name its buyer (a blank
    /// project teaches nothing about the organisation). The window also leaves out the
    /// training examples' fictional buyers (`scenarios::is_example_buyer`).
    pub fn of(project: &Project) -> Option<HouseDefaults> {
        if project.meta.buyer.name.trim().is_empty() {
            return None;
        }
        Some(HouseDefaults {
            author: project.meta.author.clone(),
            buyer: project.meta.buyer.clone(),
            facilitator: project
                .facilitator
                .clone()
                .filter(|f| !f.organisation.trim().is_empty()),
        })
    }

    /// A new project with the organisation's part filled in.
    pub fn new_project(&self) -> Project {
        let mut project = Project::blank();
        project.meta.author.clone_from(&self.author);
        project.meta.buyer = self.buyer.clone();
        project.facilitator.clone_from(&self.facilitator);
        project
    }

    /// What a new project takes from these defaults, in French, for the status bar:
    /// « l'acheteur (Commune de Valmont), l'auteur et le facilitateur ».
    pub fn described(&self) -> String {
        let mut parts = vec![format!("l'acheteur ({})", self.buyer.name.trim())];
        if !self.author.trim().is_empty() {
            parts.push("l'auteur".to_string());
        }
        if self.facilitator.is_some() {
            parts.push("le facilitateur".to_string());
        }
        crate::fr::enumeration(&parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BuyerKind;

    fn saved() -> Project {
        let mut p = Project::blank();
        p.meta.buyer.name = "Commune de Valmont-sur-Seine".into();
        p.meta.buyer.kind = BuyerKind::PublicBody;
        p.meta.buyer.contact_email = "achats@valmont.example.fr".into();
        p.meta.author = "Service des bâtiments".into();
        p.meta.title = "Gymnase".into();
        p.purchase.object = "Rénovation du gymnase".into();
        p.purchase.amount_cents = 145_000_000;
        p.allotment.lots[0].amount_cents = 145_000_000;
        p.facilitator = Some(Facilitator {
            organisation: "Maison de l'emploi".into(),
            name: "J. Morvan".into(),
            email: String::new(),
            phone: String::new(),
        });
        p
    }

    #[test]
    fn a_new_project_takes_the_organisation_and_nothing_of_the_purchase() {
        let house = HouseDefaults::of(&saved()).unwrap();
        let new = house.new_project();
        assert_eq!(new.meta.buyer, saved().meta.buyer);
        assert_eq!(new.meta.author, "Service des bâtiments");
        assert_eq!(new.facilitator, saved().facilitator);
        let blank = Project::blank();
        assert_eq!(new.purchase, blank.purchase);
        assert_eq!(new.allotment, blank.allotment);
        assert_eq!(new.meta.title, "");
        assert_eq!(
            house.described(),
            "l'acheteur (Commune de Valmont-sur-Seine), l'auteur et le facilitateur"
        );
    }

    #[test]
    fn a_project_without_a_buyer_or_facilitator_teaches_nothing_of_them() {
        assert_eq!(HouseDefaults::of(&Project::blank()), None);
        let mut p = saved();
        p.facilitator.as_mut().unwrap().organisation = " ".into();
        p.meta.author.clear();
        let house = HouseDefaults::of(&p).unwrap();
        assert_eq!(house.facilitator, None);
        assert_eq!(
            house.described(),
            "l'acheteur (Commune de Valmont-sur-Seine)"
        );
    }
}
