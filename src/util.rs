//! Small helpers shared by the core: French error wording, positions, atomic writes.

use std::io::Write;
use std::path::Path;

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

pub fn io_error_fr(error: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match error.kind() {
        NotFound => "fichier ou dossier introuvable".into(),
        PermissionDenied => "accès refusé".into(),
        AlreadyExists => "le fichier existe déjà".into(),
        IsADirectory => "c'est un dossier, pas un fichier".into(),
        ReadOnlyFilesystem => "le support est en lecture seule".into(),
        StorageFull => "le disque est plein".into(),
        _ => format!("erreur système : {error}"),
    }
}

fn names(list: &[&str]) -> String {
    list.iter()
        .map(|n| format!("« {n} »"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn within(outer: &Option<String>) -> String {
    outer
        .as_ref()
        .map(|o| format!(" dans « {o} »"))
        .unwrap_or_default()
}

/// French wording of a RON parse error.
pub fn ron_error_fr(code: &ron::Error) -> String {
    use ron::Error::*;
    match code {
        Eof => "fin de fichier inattendue (une parenthèse ou un crochet n'est pas fermé ?)".into(),
        ExpectedComma => "virgule attendue".into(),
        ExpectedString | ExpectedStringEnd => "texte entre guillemets attendu".into(),
        ExpectedInteger | IntegerOutOfBounds | InvalidIntegerDigit { .. } => {
            "nombre entier attendu (ou nombre hors limites)".into()
        }
        ExpectedFloat => "nombre attendu".into(),
        ExpectedBoolean => "valeur true ou false attendue".into(),
        ExpectedArray | ExpectedArrayEnd => "liste entre crochets [ ] attendue".into(),
        ExpectedStructLike | ExpectedStructLikeEnd | ExpectedNamedStructLike(_) => {
            "bloc entre parenthèses ( ) attendu".into()
        }
        ExpectedOption | ExpectedOptionEnd => {
            "valeur facultative attendue (Some(…) ou None)".into()
        }
        ExpectedIdentifier => "nom de champ attendu".into(),
        UnexpectedChar(c) => format!("caractère « {c} » inattendu"),
        TrailingCharacters => "texte en trop après la fin du projet".into(),
        UnclosedBlockComment | UnclosedLineComment => "commentaire non fermé".into(),
        InvalidEscape(_) => "séquence d'échappement invalide dans un texte".into(),
        NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "champ « {found} » inconnu{} ; champs admis : {}",
            within(outer),
            names(expected)
        ),
        MissingStructField { field, outer } => {
            format!("champ obligatoire « {field} » manquant{}", within(outer))
        }
        DuplicateStructField { field, outer } => {
            format!("champ « {field} » présent deux fois{}", within(outer))
        }
        NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => format!(
            "valeur « {found} » inconnue{} ; valeurs admises : {}",
            within(outer),
            names(expected)
        ),
        InvalidValueForType { expected, found } => {
            format!("valeur invalide : {found} trouvé, {expected} attendu")
        }
        ExceededRecursionLimit => "imbrication trop profonde".into(),
        Utf8Error(_) => "texte non UTF-8".into(),
        ExpectedMapColon => "deux-points « : » attendu après le nom du champ".into(),
        ExpectedMapEnd | ExpectedMap => "bloc entre accolades { } attendu".into(),
        ExpectedUnit => "valeur vide « () » attendue".into(),
        ExpectedChar | ExpectedByteLiteral | ExpectedByteString => "caractère attendu".into(),
        FloatUnderscore | UnderscoreAtBeginning => "nombre mal écrit (tiret bas mal placé)".into(),
        ExpectedAttribute | ExpectedAttributeEnd | NoSuchExtension(_) => {
            "en-tête #![enable(…)] invalide".into()
        }
        InvalidIdentifier(_)
        | SuggestRawIdentifier(_)
        | ExpectedStructName(_)
        | ExpectedDifferentStructName { .. } => "nom invalide".into(),
        ExpectedDifferentLength { .. } => "nombre d'éléments incorrect".into(),
        Message(m) if m.contains("invalid characters") => {
            "caractères invalides dans le texte".into()
        }
        Message(_) => "contenu invalide".into(),
        _ => "syntaxe invalide".into(),
    }
}

/// The text with its first letter in capitals (« erreur » → « Erreur »).
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// Writes `bytes` to `path` through a temporary file in the same folder, then renames it,
/// so `path` is either the old content or the complete new content, never a partial file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| {
        format!(
            "{} : écriture impossible ({})",
            path.display(),
            io_error_fr(&e)
        )
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".clausier-")
        .tempfile_in(folder)
        .map_err(fail)?;
    temp.write_all(bytes).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
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
    fn atomic_write_leaves_no_file_when_the_folder_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("absent").join("x.txt");
        assert!(write_atomically(&target, b"x").is_err());
        assert!(!target.exists());
    }
}
