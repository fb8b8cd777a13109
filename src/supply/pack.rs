//! The supplier pack: the structures the buyer imported, with where and when they came from,
//! kept in the data folder as one JSON file that a re-import replaces whole.

use super::reference::{DeliveryMode, HeadcountBand, StructureKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Bumped when the stored shape changes; an older file is then refused with a message
/// asking for a new import rather than misread.
pub const PACK_FORMAT: u32 = 1;
pub const PACK_FILE: &str = "offre-structures.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Structure {
    #[serde(default)]
    pub siret: Option<String>,
    pub name: String,
    pub kind: StructureKind,
    /// NAF rév. 2 code with its dot (« 81.21Z »), when the file gave one.
    #[serde(default)]
    pub naf: Option<String>,
    /// Sector names as the file wrote them (Marché de l'inclusion exports).
    #[serde(default)]
    pub sectors: String,
    pub departement: String,
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub headcount: Option<HeadcountBand>,
    #[serde(default)]
    pub website: String,
    /// Whom to call: name, e-mail, telephone, as the file gave them.
    #[serde(default)]
    pub contact: String,
    /// From the file's « type de prestation » when present, otherwise from the kind.
    pub modes: Vec<DeliveryMode>,
    /// The line of the imported file it came from.
    pub line: u64,
}

impl Structure {
    pub fn delivers(&self, mode: DeliveryMode) -> bool {
        self.modes.contains(&mode)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackMeta {
    /// Name of the imported file (without its folder: the folder may be private).
    pub file_name: String,
    /// Who published the data, when the buyer said so (`--source`).
    #[serde(default)]
    pub source: Option<String>,
    pub imported_on: NaiveDate,
    /// How the file was read (« CSV, Windows-1252, séparateur « ; » »).
    pub format: String,
    pub rows_read: usize,
    pub rows_rejected: usize,
}

impl PackMeta {
    /// « d'après le fichier structures.csv (Marché de l'inclusion) importé le 30/11/2026 »:
    /// the phrase shown wherever the pack's figures appear.
    pub fn citation(&self) -> String {
        let source = self
            .source
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| format!(" ({})", s.trim()))
            .unwrap_or_default();
        format!(
            "d'après le fichier {}{source} importé le {}",
            self.file_name,
            self.imported_on.format("%d/%m/%Y")
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupplyPack {
    pub format: u32,
    pub meta: PackMeta,
    pub structures: Vec<Structure>,
}

/// Where the pack lives in a data folder.
pub fn pack_path(data_dir: &Path) -> PathBuf {
    data_dir.join(PACK_FILE)
}

impl SupplyPack {
    /// The pack stored in `data_dir`: Ok(None) when none was imported, Err with a French
    /// message when the file is there but unreadable.
    pub fn load(data_dir: &Path) -> Result<Option<SupplyPack>, String> {
        let path = pack_path(data_dir);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(format!(
                    "{} : lecture impossible ({})",
                    path.display(),
                    crate::util::io_error_fr(&e)
                ))
            }
        };
        let pack: SupplyPack = serde_json::from_slice(&bytes).map_err(|e| {
            format!(
                "{} : fichier des structures endommagé (ligne {}, colonne {}) ; importez de nouveau votre fichier",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if pack.format != PACK_FORMAT {
            return Err(format!(
                "{} : fichier des structures d'une autre version de Clausier ; importez de nouveau votre fichier",
                path.display()
            ));
        }
        Ok(Some(pack))
    }

    /// Writes the pack atomically, replacing the previous one.
    pub fn save(&self, data_dir: &Path) -> Result<PathBuf, String> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            format!(
                "{} : dossier impossible à créer ({})",
                data_dir.display(),
                crate::util::io_error_fr(&e)
            )
        })?;
        let path = pack_path(data_dir);
        let bytes = serde_json::to_vec(self).expect("a pack always serialises");
        crate::util::write_atomically(&path, &bytes)?;
        Ok(path)
    }
}
