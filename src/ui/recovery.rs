//! Recovery copies: the project as the user left it, written while they work, offered at the
//! next start if the window did not close normally.
//!
//! One copy per open project: `<données>/recuperation/<clé>.ron`, the key derived from the
//! project's absolute path (or unique to the window for a project never saved). Each copy has
//! a lock file beside it, `<clé>.lock`, held by the window that writes the copy for as long as
//! it runs: at start-up only copies whose lock nobody holds are offered (their window has
//! died), so a second window never takes a live window's work for a crash, and never deletes
//! it. The operating system releases the lock of a killed process.

use chrono::{DateTime, Local};
use clausier::model::{parse_project, to_ron_string, Project};
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

const ORIGIN_PREFIX: &str = "// Fichier d’origine : ";

/// A copy of ours: its path and the lock that says it is in use.
pub struct Slot {
    pub copy: PathBuf,
    lock_path: PathBuf,
    // Held for the slot's life; dropping it (or the process dying) releases the copy.
    _lock: File,
}

impl Slot {
    /// Takes the slot named `key` in `folder`, if no running window holds it.
    fn acquire(folder: &Path, key: &str) -> Result<Option<Slot>, String> {
        std::fs::create_dir_all(folder)
            .map_err(|e| format!("{} : {}", folder.display(), clausier::util::io_error_fr(&e)))?;
        let lock_path = folder.join(format!("{key}.lock"));
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| {
                format!(
                    "{} : {}",
                    lock_path.display(),
                    clausier::util::io_error_fr(&e)
                )
            })?;
        match lock.try_lock() {
            Ok(()) => Ok(Some(Slot {
                copy: folder.join(format!("{key}.ron")),
                lock_path,
                _lock: lock,
            })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(format!(
                "{} : {}",
                lock_path.display(),
                clausier::util::io_error_fr(&e)
            )),
        }
    }

    /// Removes the copy, then gives the slot up (the copy first: a window starting meanwhile
    /// then finds no copy rather than a copy without its lock).
    pub fn discard(self) {
        let Slot {
            copy,
            lock_path,
            _lock: lock,
        } = self;
        let _ = std::fs::remove_file(&copy);
        // Released before removal: Windows does not remove a file that is open.
        drop(lock);
        let _ = std::fs::remove_file(&lock_path);
    }

    /// Writes the copy: the original's absolute path in a comment, then the project.
    pub fn write(&self, project: &Project, original: Option<&Path>) -> Result<(), String> {
        let mut text = String::from("// Copie de récupération de Clausier\n");
        if let Some(path) = original.filter(|p| !p.to_string_lossy().contains('\n')) {
            text.push_str(&format!("{ORIGIN_PREFIX}{}\n", path.display()));
        }
        text.push_str(&to_ron_string(project));
        clausier::util::write_atomically(&self.copy, text.as_bytes())
    }
}

/// A copy left by a window that is no longer running.
pub struct RecoveryOffer {
    pub project: Project,
    pub original_path: Option<PathBuf>,
    /// When the copy was last written.
    pub written_at: Option<DateTime<Local>>,
    /// The copy's slot, held while the offer is shown; None for the single copy of earlier
    /// versions (`recuperation.ron`).
    pub slot: Option<Slot>,
    pub file: PathBuf,
}

impl RecoveryOffer {
    /// Gives the copy up for good (« Ignorer »).
    pub fn discard(self) {
        match self.slot {
            Some(slot) => slot.discard(),
            None => {
                let _ = std::fs::remove_file(&self.file);
            }
        }
    }
}

/// A copy that could not be read back (damaged, or from a newer version): left in place.
pub struct UnreadableCopy {
    pub file: PathBuf,
    pub reason: String,
}

/// The folder of recovery copies.
#[derive(Debug, Clone)]
pub struct RecoveryFolder {
    pub folder: PathBuf,
    /// The single copy of versions before one copy per project.
    legacy: PathBuf,
}

/// A key unique to this window: the process, and a counter for windows of one process
/// (tests run several).
fn window_key() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "sans-nom-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// FNV-1a: a hash that stays the same from one version of Rust to the next, so that the key
/// of a project survives an update.
fn stable_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl RecoveryFolder {
    pub fn new(data_dir: &Path) -> RecoveryFolder {
        RecoveryFolder {
            folder: data_dir.join("recuperation"),
            legacy: data_dir.join("recuperation.ron"),
        }
    }

    /// Takes a slot for a project: keyed by its path, so that its copy is found again whatever
    /// folder the next window starts from; a project open in two windows gets a second slot.
    pub fn slot_for(&self, path: Option<&Path>) -> Result<Slot, String> {
        let key = match path {
            Some(path) => format!(
                "projet-{:016x}",
                stable_hash(path.as_os_str().as_encoded_bytes())
            ),
            None => window_key(),
        };
        if let Some(slot) = Slot::acquire(&self.folder, &key)? {
            return Ok(slot);
        }
        let key = format!("{key}-{}", window_key());
        Slot::acquire(&self.folder, &key)?
            .ok_or_else(|| format!("{} : copie déjà utilisée", self.folder.display()))
    }

    /// Copies left by windows that are no longer running, oldest first, and those that
    /// cannot be read.
    pub fn orphans(&self) -> (Vec<RecoveryOffer>, Vec<UnreadableCopy>) {
        let mut offers = Vec::new();
        let mut unreadable = Vec::new();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.folder)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        for file in files {
            let Some(key) = file.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
                continue;
            };
            let slot = match Slot::acquire(&self.folder, &key) {
                Ok(Some(slot)) => slot,
                // A running window's copy, or a folder we cannot write to.
                _ => continue,
            };
            match read_copy(&file) {
                Ok((project, original_path, written_at)) => offers.push(RecoveryOffer {
                    project,
                    original_path,
                    written_at,
                    slot: Some(slot),
                    file,
                }),
                // The slot goes back (dropped): the copy stays for a later version.
                Err(reason) => unreadable.push(UnreadableCopy { file, reason }),
            }
        }
        if self.legacy.is_file() {
            match read_copy(&self.legacy) {
                Ok((project, original_path, written_at)) => offers.push(RecoveryOffer {
                    project,
                    original_path,
                    written_at,
                    slot: None,
                    file: self.legacy.clone(),
                }),
                Err(reason) => unreadable.push(UnreadableCopy {
                    file: self.legacy.clone(),
                    reason,
                }),
            }
        }
        offers.sort_by_key(|o| o.written_at);
        (offers, unreadable)
    }
}

type CopyContent = (Project, Option<PathBuf>, Option<DateTime<Local>>);

fn read_copy(file: &Path) -> Result<CopyContent, String> {
    let bytes = clausier::util::read_input(file)?;
    let project = parse_project(&bytes, file).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&bytes);
    let original_path = text
        .lines()
        .take_while(|l| l.starts_with("//"))
        .find_map(|l| l.strip_prefix(ORIGIN_PREFIX))
        .map(PathBuf::from);
    let written_at = std::fs::metadata(file)
        .and_then(|m| m.modified())
        .ok()
        .map(DateTime::<Local>::from);
    Ok((project, original_path, written_at))
}

/// « le 1er décembre 2026 à 14 h 05 ». // not a legal figure: an example of the output
pub fn when_text(time: DateTime<Local>) -> String {
    use chrono::Timelike;
    format!(
        "le {} à {} h {:02}",
        clausier::fr::date_longue(time.date_naive()),
        time.hour(),
        time.minute()
    )
}
