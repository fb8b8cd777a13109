//! The one way Clausier reads an input file and the one way it writes an output, so that every
//! command and the window get the same guarantees: no blocking on a FIFO or a device, a size
//! limit, a UTF-8 BOM accepted; outputs replaced atomically with the permissions a desktop user
//! expects, through symbolic links, never over a file the command reads.

use super::io_error_fr;
use std::fs::{File, Metadata};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Largest file Clausier reads: project, clause file, preferences, recovery copy. A project
/// of 10 000 lots, each with its insertion clause, weighs 7 to 17 MB as saved; a bigger file
/// is a mistake (a video, a disk image, /dev/zero) that would only fill the memory.
pub const MAX_INPUT_BYTES: u64 = 20_000_000; // not a legal figure: a file size

/// The same limit as users read it in messages and the README.
pub const MAX_INPUT_TEXT: &str = "20 Mo";

/// Marks the temporary files of `write_atomically`, so that ones left by a killed process
/// can be recognised and removed.
const TEMP_MARK: &str = ".clausier-tmp-";

/// A temporary file older than this cannot belong to a write still in progress.
const STALE_AFTER: Duration = Duration::from_secs(15 * 60);

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why a path is not a regular file, in French; None when it is one.
fn not_a_regular_file(metadata: &Metadata) -> Option<String> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("c'est un dossier, pas un fichier".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("c'est un tube nommé (FIFO), pas un fichier ordinaire".into());
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("c'est un périphérique, pas un fichier ordinaire".into());
        }
        if kind.is_socket() {
            return Some("c'est une socket, pas un fichier ordinaire".into());
        }
    }
    Some("ce n'est pas un fichier ordinaire".into())
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} Mo", bytes as f64 / 1_000_000.0).replace('.', ",") // not a legal figure: bytes per megabyte
}

fn too_large(bytes: Option<u64>) -> String {
    let size = bytes
        .map(|b| format!(" ({})", megabytes(b)))
        .unwrap_or_default();
    format!("fichier trop volumineux{size} : Clausier lit des fichiers de {MAX_INPUT_TEXT} au plus")
}

/// Reads a whole input file. Refuses, before opening it, anything but a regular file (a FIFO
/// would block forever, a device never ends), refuses files over `MAX_INPUT_BYTES`, and drops
/// a leading UTF-8 BOM (Notepad, PowerShell). The error is the French reason, without the path.
pub fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    let (file, metadata) = open_input(path)?;
    if metadata.len() > MAX_INPUT_BYTES {
        return Err(too_large(Some(metadata.len())));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error_fr(&e))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(None));
    }
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    }
    Ok(bytes)
}

/// Opens an input file to be read as a stream (files larger than `MAX_INPUT_BYTES`, such as
/// a buyer's essential data, are read this way), with the same refusals as `read_input`:
/// anything but a regular file is refused before it is opened. The caller bounds its memory.
pub fn open_input(path: &Path) -> Result<(File, Metadata), String> {
    let metadata = std::fs::metadata(path).map_err(|e| io_error_fr(&e))?;
    if let Some(reason) = not_a_regular_file(&metadata) {
        return Err(reason);
    }
    let file = File::open(path).map_err(|e| io_error_fr(&e))?;
    // The path may have been swapped between the check and the opening.
    if let Some(reason) = file.metadata().ok().as_ref().and_then(not_a_regular_file) {
        return Err(reason);
    }
    Ok((file, metadata))
}

/// Follows symbolic links to the path they finally name, even when that file does not exist
/// yet: saving through a link updates its target instead of replacing the link.
pub fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other("trop de liens symboliques imbriqués"))
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn ends_with_separator(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    text.ends_with('/') || (cfg!(windows) && text.ends_with('\\'))
}

/// Writes `bytes` to `path` through a temporary file in the same folder, then renames it,
/// so `path` is either the old content or the complete new content, never a partial file.
///
/// A symbolic link is followed and its target replaced. An existing target keeps its
/// permissions (and its owner when the system allows); a new file gets the usual ones
/// (0666 minus the umask, so 0644 under umask 022). A target that is not a regular file (a
/// folder, a device, a FIFO) is refused. The folder is synced after the rename, so the new
/// name survives a power cut, and temporary files left by a killed run are removed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: std::io::Error| {
        format!(
            "{} : écriture impossible ({})",
            path.display(),
            io_error_fr(&e)
        )
    };
    if path.as_os_str().is_empty() {
        return Err("nom de fichier vide : indiquez le fichier à produire".into());
    }
    if ends_with_separator(path) {
        return Err(format!(
            "{} : ce chemin désigne un dossier ; indiquez un nom de fichier",
            path.display()
        ));
    }
    let target = resolve_links(path).map_err(fail)?;
    let existing = match std::fs::metadata(&target) {
        Ok(metadata) => {
            if let Some(reason) = not_a_regular_file(&metadata) {
                return Err(format!(
                    "{} : écriture impossible ({reason} ; Clausier ne remplace que des fichiers)",
                    path.display()
                ));
            }
            Some(metadata)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail(e)),
    };
    let folder = folder_of(&target);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().chars().take(64).collect::<String>())
        .unwrap_or_default();
    remove_stale_temporaries(folder);
    let mut builder = tempfile::Builder::new();
    let prefix = format!(".{name}{TEMP_MARK}");
    builder.prefix(&prefix);
    #[cfg(unix)]
    let new_file_mode = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(0o666)
    };
    #[cfg(unix)]
    builder.permissions(new_file_mode);
    let mut temp = builder.tempfile_in(folder).map_err(fail)?;
    if let Some(metadata) = &existing {
        keep_owner_and_mode(temp.as_file(), metadata);
    }
    temp.write_all(bytes).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    temp.persist(&target).map_err(|e| fail(e.error))?;
    sync_folder(folder);
    Ok(())
}

/// The replaced file's owner, group and mode on the new one, as far as the system allows.
fn keep_owner_and_mode(file: &File, metadata: &Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Only root may give a file away; a member of the file's group may keep the group.
        if std::os::unix::fs::fchown(file, Some(metadata.uid()), Some(metadata.gid())).is_err() {
            let _ = std::os::unix::fs::fchown(file, None, Some(metadata.gid()));
        }
    }
    let _ = file.set_permissions(metadata.permissions());
}

fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(folder) {
        // Some file systems refuse to sync a folder; the rename itself has succeeded.
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

/// Whether a file name is one of our temporary files: `.NAME.clausier-tmp-XXXXXX`, or
/// `.clausier-XXXXXX` from versions before the name carried the target's.
fn is_our_temporary(name: &str) -> bool {
    if !name.starts_with('.') {
        return false;
    }
    if name.contains(TEMP_MARK) {
        return true;
    }
    name.strip_prefix(".clausier-")
        .is_some_and(|rest| rest.len() == 6 && rest.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Removes temporary files that a killed process left in `folder` (best effort: a write in
/// progress is young, and anything we cannot remove is left alone).
fn remove_stale_temporaries(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !is_our_temporary(&name.to_string_lossy()) {
            continue;
        }
        let Ok(metadata) = entry.metadata() else {
            continue;
        };
        let old = metadata
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if metadata.is_file() && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A path with its folder made absolute and its links resolved, for comparing a file that
/// does not exist yet with the files a command reads.
fn canonical_name(path: &Path) -> Option<PathBuf> {
    if let Ok(full) = std::fs::canonicalize(path) {
        return Some(full);
    }
    let folder = std::fs::canonicalize(folder_of(path)).ok()?;
    Some(folder.join(path.file_name()?))
}

/// `path` made absolute, its folder's `..` and links resolved but not a link naming the file
/// itself (saving through it must update its target, and the user knows it by that name).
/// For the paths the window remembers: the recovery copy and the recent files then find the
/// file again from any working folder.
pub fn absolute_path(path: &Path) -> PathBuf {
    // Windows' canonical form (`\\?\C:\…`) is not what users know their files by.
    if cfg!(windows) {
        return std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    }
    let folder = std::fs::canonicalize(folder_of(path));
    match (folder, path.file_name()) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

fn same_name(a: &Path, b: &Path) -> bool {
    if cfg!(windows) {
        a.to_string_lossy().to_lowercase() == b.to_string_lossy().to_lowercase()
    } else {
        a == b
    }
}

/// Whether writing `output` would replace `input`: the same file (device and inode, or
/// Windows file index, so hard links and symbolic links count) or, when `output` does not
/// exist yet, the same canonical name.
pub fn is_same_file(output: &Path, input: &Path) -> bool {
    let regular = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.is_file());
    // same_file opens both files: only regular ones, which never block.
    if regular(output) && regular(input) {
        return same_file::is_same_file(output, input).unwrap_or(false);
    }
    match (canonical_name(output), canonical_name(input)) {
        (Some(a), Some(b)) => same_name(&a, &b),
        _ => false,
    }
}

/// Refuses an output that is one of the files the command reads (`inputs`: each path with
/// what it is, « le projet »…), whatever its spelling: relative, `./`, `..`, a link.
pub fn refuse_overwriting_inputs(output: &Path, inputs: &[(&Path, &str)]) -> Result<(), String> {
    match inputs.iter().find(|(input, _)| is_same_file(output, input)) {
        Some((input, what)) => Err(format!(
            "{} : c'est {what} ({}) que cette commande lit ; il ne sera pas remplacé. Choisissez un autre fichier de sortie.",
            output.display(),
            input.display()
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_leaves_no_file_when_the_folder_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("absent").join("x.txt");
        assert!(write_atomically(&target, b"x").is_err());
        assert!(!target.exists());
    }

    #[test]
    fn a_bom_is_dropped_and_a_folder_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.ron");
        std::fs::write(&file, b"\xEF\xBB\xBF(x)").unwrap();
        assert_eq!(read_input(&file).unwrap(), b"(x)");
        let error = read_input(dir.path()).unwrap_err();
        assert!(error.contains("dossier"), "{error}");
    }

    #[test]
    fn temporary_names_are_recognised() {
        assert!(is_our_temporary(".section.docx.clausier-tmp-a1B2c3"));
        assert!(is_our_temporary(".clausier-3shKBO"));
        assert!(!is_our_temporary(".clausier-notes.txt"));
        assert!(!is_our_temporary("section.docx"));
    }

    #[cfg(unix)]
    #[test]
    fn stale_temporaries_are_removed_and_young_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".x.docx.clausier-tmp-AAAAAA");
        let young = dir.path().join(".y.docx.clausier-tmp-BBBBBB");
        std::fs::write(&stale, b"partial").unwrap();
        std::fs::write(&young, b"partial").unwrap();
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
        write_atomically(&dir.path().join("z.docx"), b"ok").unwrap();
        assert!(
            !stale.exists(),
            "a temporary file from a killed run is removed"
        );
        assert!(young.exists(), "a write in progress is left alone");
    }
}
