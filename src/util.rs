//! Small helpers shared by the core: French error wording, positions, reading and writing
//! files, text that XML accepts.

mod files;
mod ron_errors;
mod xml_text;

pub use files::{
    absolute_path, is_same_file, open_input, read_input, refuse_overwriting_inputs, resolve_links,
    write_atomically,
};
pub use ron_errors::{french_message, ron_error_at, ron_error_fr, RonErrorPlace};
pub use xml_text::{is_xml_char, xml_text};

/// 1-based line and column of a byte offset.
pub fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// A system error in French. The common kinds get words; anything else its number, never
/// the system's English text.
pub fn io_error_fr(error: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let text = match error.kind() {
        NotFound => "fichier ou dossier introuvable",
        PermissionDenied => "accès refusé",
        AlreadyExists => "le fichier existe déjà",
        IsADirectory => "c'est un dossier, pas un fichier",
        NotADirectory => "un élément du chemin n'est pas un dossier",
        DirectoryNotEmpty => "le dossier n'est pas vide",
        ReadOnlyFilesystem => "le support est en lecture seule",
        StorageFull => "le disque est plein",
        QuotaExceeded => "le quota d'espace disque est atteint",
        FileTooLarge => "fichier trop volumineux pour ce support",
        ResourceBusy | ExecutableFileBusy => "le fichier est occupé par un autre programme",
        InvalidFilename => "nom de fichier invalide (trop long ou caractère interdit)",
        TooManyLinks => "trop de liens vers ce fichier",
        CrossesDevices => "déplacement impossible d'un support à un autre",
        StaleNetworkFileHandle
        | NetworkDown
        | NetworkUnreachable
        | HostUnreachable
        | ConnectionRefused
        | ConnectionReset
        | ConnectionAborted
        | NotConnected => "le partage réseau ne répond pas",
        TimedOut => "délai dépassé",
        Interrupted => "opération interrompue",
        OutOfMemory => "mémoire insuffisante",
        UnexpectedEof => "fin de fichier inattendue",
        InvalidData => "contenu illisible",
        WouldBlock => "le fichier n'est pas prêt à être lu",
        Unsupported => "opération non prise en charge par ce système",
        _ => {
            // Our own errors (io::Error::other) already speak French.
            if error.raw_os_error().is_none() {
                if let Some(inner) = error.get_ref() {
                    if !inner.to_string().is_ascii() {
                        return inner.to_string();
                    }
                }
            }
            return match os_error_fr(error.raw_os_error()) {
                Some(text) => text.to_string(),
                None => match error.raw_os_error() {
                    Some(code) => format!("erreur système n° {code}"),
                    None => "erreur système".to_string(),
                },
            };
        }
    };
    text.to_string()
}

/// System errors that `ErrorKind` does not name yet.
fn os_error_fr(code: Option<i32>) -> Option<&'static str> {
    let code = code?;
    if cfg!(target_os = "linux") && code == 40 || cfg!(target_os = "macos") && code == 62 {
        return Some("trop de liens symboliques imbriqués (boucle ?)");
    }
    if cfg!(target_os = "linux") && code == 36 || cfg!(target_os = "macos") && code == 63 {
        return Some("nom de fichier trop long");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        assert_eq!(line_column(b"ab\ncd", 0), (1, 1));
        assert_eq!(line_column(b"ab\ncd", 4), (2, 2));
        assert_eq!(line_column("é\nxé".as_bytes(), 6), (2, 3));
    }

    #[test]
    fn system_errors_never_reach_the_user_in_english() {
        let not_dir = std::io::Error::from(std::io::ErrorKind::NotADirectory);
        assert_eq!(
            io_error_fr(&not_dir),
            "un élément du chemin n'est pas un dossier"
        );
        let odd = std::io::Error::from_raw_os_error(9999);
        assert_eq!(io_error_fr(&odd), "erreur système n° 9999");
        let ours = std::io::Error::other("trop de liens symboliques imbriqués");
        assert_eq!(io_error_fr(&ours), "trop de liens symboliques imbriqués");
    }
}
