//! Sourcing with evidence: the buyer imports a list of inclusive structures (the supplier
//! pack), and each lot learns who can do its work in the execution département and around
//! it, by kind and by delivery mode, with a capacity indication. The lever matrix cites these
//! counts, and findings of information flag reservations and clauses with no known local
//! supply to rest on.
//!
//! No egui here: the command line (`clausier offre`), the sourcing and lever steps and, later,
//! the rules façade all call [`assess`].

pub mod advice;
pub mod evidence;
pub mod export;
pub mod import;
pub mod pack;
pub mod place;
pub mod reference;

pub use advice::LotAdvice;
pub use evidence::{LotEvidence, ProjectEvidence};
pub use import::{import_file, ImportReport, RowIssue};
pub use pack::{PackMeta, Structure, SupplyPack};
pub use reference::{DeliveryMode, StructureKind, SupplyReference};

use crate::model::Project;
use crate::reference::ReferenceData;
use crate::rules::{Evaluation, Finding};

/// Everything the pack says about a project.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplyAssessment {
    pub evidence: ProjectEvidence,
    /// One entry per lot, in the project's order; None where the lot's trade maps to no
    /// activity.
    pub advice: Vec<Option<LotAdvice>>,
    /// Information findings, with codes of their own (« SUPPLY_… »), for the callers to add
    /// to the evaluation's.
    pub findings: Vec<Finding>,
    /// « d'après le fichier X importé le 30/11/2026 ».
    pub citation: String,
}

pub fn assess(
    project: &Project,
    evaluation: &Evaluation,
    data: &ReferenceData,
    pack: &SupplyPack,
) -> SupplyAssessment {
    let supply = SupplyReference::bundled();
    let evidence = evidence::evidence(project, evaluation, data, supply, pack);
    let advice = evidence
        .lots
        .iter()
        .map(|lot| {
            evidence
                .place
                .as_ref()
                .and_then(|_| advice::lot_advice(project, lot, data, supply))
        })
        .collect();
    let findings = advice::findings(project, &evidence, pack, data, supply);
    SupplyAssessment {
        evidence,
        advice,
        findings,
        citation: pack.meta.citation(),
    }
}

/// The pack in the user's data folder (see [`crate::data_dir`]).
pub fn load_user_pack() -> Result<Option<SupplyPack>, String> {
    SupplyPack::load(&crate::data_dir::data_dir())
}

/// What to tell a buyer who has no pack yet.
pub const HOW_TO_GET_A_PACK: &str = "Aucun fichier de structures n'a été importé. Téléchargez la liste des structures de votre territoire (par exemple depuis la recherche du Marché de l'inclusion, en CSV ou tableur), puis importez-la : `clausier offre importer FICHIER.csv` ou, dans la fenêtre, Outils > Importer des structures… Le README (« Construire un fichier de structures ») explique comment le préparer à partir des données ouvertes.";
