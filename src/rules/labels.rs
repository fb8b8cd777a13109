//! French wording of model values and legal bases, shared by rules, documents and the UI.

use crate::model::{BuyerKind, ExceptionGround, Nature, NonAllotmentGround, ReservationBasis};

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

pub fn reservation_article(basis: ReservationBasis) -> &'static str {
    match basis {
        ReservationBasis::Disability => "L2113-12",
        ReservationBasis::Insertion => "L2113-13",
        ReservationBasis::DisabilityAndInsertion => "L2113-14",
        ReservationBasis::Prison => "L2113-13-1",
        ReservationBasis::Ess => "L2113-15",
    }
}

pub fn reservation_short(basis: ReservationBasis) -> &'static str {
    match basis {
        ReservationBasis::Disability => "EA et ESAT",
        ReservationBasis::Insertion => "SIAE",
        ReservationBasis::DisabilityAndInsertion => "EA, ESAT et SIAE",
        ReservationBasis::Prison => "travail pénitentiaire",
        ReservationBasis::Ess => "entreprises de l'ESS",
    }
}

pub fn reservation_beneficiaries(basis: ReservationBasis) -> &'static str {
    match basis {
        ReservationBasis::Disability => {
            "des entreprises adaptées, des établissements et services d'aide par le travail (ESAT) ou des structures équivalentes, employant au moins 50 % de travailleurs handicapés"
        }
        ReservationBasis::Insertion => {
            "des structures d'insertion par l'activité économique (entreprises d'insertion, entreprises de travail temporaire d'insertion, associations intermédiaires, ateliers et chantiers d'insertion) ou des structures équivalentes, employant au moins 50 % de travailleurs défavorisés"
        }
        ReservationBasis::DisabilityAndInsertion => {
            "des entreprises adaptées, des ESAT, des structures d'insertion par l'activité économique ou des structures équivalentes, employant au moins 50 % de travailleurs handicapés ou défavorisés"
        }
        ReservationBasis::Prison => {
            "des opérateurs économiques qui font réaliser les prestations par des personnes détenues, dans le cadre du travail pénitentiaire"
        }
        ReservationBasis::Ess => {
            "des entreprises de l'économie sociale et solidaire, au sens de l'article 1er de la loi n° 2014-856 du 31 juillet 2014, qui poursuivent une mission de service public liée aux services concernés"
        }
    }
}

pub fn reservation_proofs(basis: ReservationBasis) -> &'static str {
    match basis {
        ReservationBasis::Disability => {
            "le contrat pluriannuel d'objectifs et de moyens de l'entreprise adaptée ou l'autorisation de l'ESAT, ou tout document équivalent pour une structure établie dans un autre État"
        }
        ReservationBasis::Insertion => {
            "la convention en cours de validité conclue avec l'État (DREETS) au titre de l'insertion par l'activité économique, ou tout document équivalent pour une structure établie dans un autre État"
        }
        ReservationBasis::DisabilityAndInsertion => {
            "selon la structure, le contrat de l'entreprise adaptée, l'autorisation de l'ESAT ou la convention d'insertion par l'activité économique conclue avec l'État, ou tout document équivalent"
        }
        ReservationBasis::Prison => {
            "tout document établissant que les prestations seront réalisées par des personnes détenues dans le cadre du travail pénitentiaire"
        }
        ReservationBasis::Ess => {
            "les statuts ou tout document établissant la qualité d'entreprise de l'économie sociale et solidaire, et une attestation sur l'honneur de ne pas avoir été titulaire, dans les trois années précédentes, d'un marché réservé au même titre pour les mêmes services"
        }
    }
}

pub fn reservation_eforms(basis: ReservationBasis) -> &'static str {
    match basis {
        ReservationBasis::Ess => "res-pub-ser",
        _ => "res-ws",
    }
}

pub fn exception_ground(ground: ExceptionGround) -> &'static str {
    match ground {
        ExceptionGround::NoLinkWithObject => "absence de lien suffisant avec l'objet du marché",
        ExceptionGround::RestrictsCompetition => "risque de restreindre la concurrence",
        ExceptionGround::PerformanceDifficulty => {
            "exécution rendue techniquement ou économiquement difficile"
        }
    }
}
