//! French wording of model values and legal bases, shared by rules, documents and the UI.
//! Who may bid on each reserved basis and what they prove are data (assets/reservations.ron).

use crate::model::{BuyerKind, ExceptionGround, Nature, NonAllotmentGround};

pub fn nature(nature: Nature) -> &'static str {
    match nature {
        Nature::Works => "travaux",
        Nature::Supplies => "fournitures",
        Nature::Services => "services",
    }
}

pub fn buyer_kind(kind: BuyerKind) -> &'static str {
    match kind {
        BuyerKind::LocalAuthority => "collectivité territoriale",
        BuyerKind::CentralGovernment => "service de l'État",
        BuyerKind::PublicBody => "établissement public ou autre pouvoir adjudicateur",
        BuyerKind::Utility => "entité adjudicatrice",
        BuyerKind::DefenceSecurity => "acheteur passant un marché de défense ou de sécurité",
    }
}

pub fn ground(ground: NonAllotmentGround) -> &'static str {
    match ground {
        NonAllotmentGround::CannotCoordinate => {
            "l'acheteur n'est pas en mesure d'assurer lui-même l'organisation, le pilotage et la coordination des lots"
        }
        NonAllotmentGround::RestrictsCompetition => {
            "la dévolution en lots séparés risquerait de restreindre la concurrence"
        }
        NonAllotmentGround::TechnicallyDifficult => {
            "la dévolution en lots séparés rendrait techniquement difficile l'exécution des prestations"
        }
        NonAllotmentGround::FinanciallyCostly => {
            "la dévolution en lots séparés rendrait l'exécution des prestations financièrement plus coûteuse"
        }
    }
}

pub fn ground_article(ground: NonAllotmentGround) -> &'static str {
    match ground {
        NonAllotmentGround::CannotCoordinate => "L2113-11 1°",
        _ => "L2113-11 2°",
    }
}

pub fn exception_ground(ground: ExceptionGround) -> &'static str {
    match ground {
        ExceptionGround::NoLinkWithObject => "absence de lien suffisant avec l'objet du marché",
        ExceptionGround::RestrictsCompetition => "risque de restreindre la concurrence",
        ExceptionGround::PerformanceDifficulty => {
            "exécution rendue techniquement ou économiquement difficile"
        }
        ExceptionGround::ImmediatelyAvailable => {
            "besoin satisfait par une solution immédiatement disponible"
        }
    }
}
