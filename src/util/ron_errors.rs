//! RON errors in French, at their line and column, with the one case users meet most put
//! in their words: a file cut short (a copy interrupted, a truncated attachment).

/// Prefix of the messages our own validators give serde (`serde::de::Error::custom`): they
/// are French already and reach the user as written.
pub const FRENCH_MESSAGE: &str = "[fr] ";

/// A validator's message, marked to pass through `ron_error_fr` unchanged.
pub fn french_message(text: impl std::fmt::Display) -> String {
    format!("{FRENCH_MESSAGE}{text}")
}

/// Where a RON error is and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RonErrorPlace {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

const TRUNCATED: &str = "fin de fichier inattendue : le fichier semble tronqué (une parenthèse, un crochet ou un texte entre guillemets n'est pas fermé)";

/// The error at its place in `source`. When the file stops in the middle of its structure and
/// the parser failed on its last word, the real problem is the missing end, whatever the
/// parser thought of the cut word (« champ « repo » inconnu » for a cut `report_…`).
pub fn ron_error_at(source: &str, error: &ron::error::SpannedError) -> RonErrorPlace {
    let (line, column) = (error.span.start.line, error.span.start.col);
    let offset = offset_of(source, line, column);
    // What follows the error: nothing, or the one word the cut left.
    let rest = source[offset..].trim();
    let on_last_word = !rest.contains(char::is_whitespace);
    let message = match (&error.code, open_at_end(source)) {
        (ron::Error::Eof, Some(_)) => TRUNCATED.to_string(),
        (_, Some(last_open)) if offset >= last_open || on_last_word => TRUNCATED.to_string(),
        // Nothing but comments (or nothing at all) where the project should begin.
        (_, None) if !is_complete(source) => {
            "fin de fichier inattendue : le fichier ne contient pas de projet (vide ou coupé avant son début)".to_string()
        }
        _ => ron_error_fr(&error.code),
    };
    RonErrorPlace {
        line,
        column,
        message,
    }
}

/// Whether the text holds a whole RON value: something other than comments, with its
/// brackets closed.
fn is_complete(source: &str) -> bool {
    source
        .lines()
        .map(str::trim)
        .any(|l| !l.is_empty() && !l.starts_with("//") && !l.starts_with("#!"))
}

/// Byte offset of a 1-based line and column (in characters).
fn offset_of(source: &str, line: usize, column: usize) -> usize {
    let line_start = source
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    source[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(source.len(), |(i, _)| line_start + i)
}

/// When the text ends inside a bracket, a string or a comment: the offset where the last
/// unfinished piece begins (the start of the last word when only brackets are open).
/// None for a text whose structure is complete.
fn open_at_end(source: &str) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    // Where the last complete string began and ended: a cut right after it leaves the
    // parser waiting for a comma, pointing at the string's start.
    let mut last_string = (0, 0);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if i >= bytes.len() {
                    return Some(start);
                }
                last_string = (start, i + 1);
            }
            b'r' if is_raw_string_start(bytes, i) => {
                let start = i;
                let hashes = bytes[i + 1..].iter().take_while(|b| **b == b'#').count();
                let closing = format!("\"{}", "#".repeat(hashes));
                let body = i + 2 + hashes;
                match source[body..].find(&closing) {
                    Some(end) => {
                        i = body + end + closing.len() - 1;
                        last_string = (start, i + 1);
                    }
                    None => return Some(start),
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let start = i;
                let mut nesting = 0usize;
                loop {
                    if i + 1 >= bytes.len() {
                        return Some(start);
                    }
                    match (bytes[i], bytes[i + 1]) {
                        (b'/', b'*') => {
                            nesting += 1;
                            i += 2;
                        }
                        (b'*', b'/') => {
                            nesting -= 1;
                            i += 2;
                            if nesting == 0 {
                                break;
                            }
                        }
                        _ => i += 1,
                    }
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if depth == 0 {
        return None;
    }
    let trimmed = source.trim_end();
    if last_string.1 == trimmed.len() && last_string.1 > 0 {
        return Some(last_string.0);
    }
    let last_word = trimmed
        .rfind(|c: char| c.is_whitespace() || "([{,:".contains(c))
        .map_or(0, |p| p + 1);
    Some(last_word.min(trimmed.len().saturating_sub(1)))
}

fn is_raw_string_start(bytes: &[u8], i: usize) -> bool {
    let previous_is_word = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
    if previous_is_word {
        return false;
    }
    let hashes = bytes[i + 1..].iter().take_while(|b| **b == b'#').count();
    bytes.get(i + 1 + hashes) == Some(&b'"')
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
        Message(m) if m.starts_with(FRENCH_MESSAGE) => m[FRENCH_MESSAGE.len()..].to_string(),
        Message(m) if m.contains("invalid characters") => {
            "caractères invalides dans le texte".into()
        }
        Message(_) => "contenu invalide".into(),
        _ => "syntaxe invalide".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> RonErrorPlace {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Lot {
            title: String,
            report_penalty_cents: i64,
        }
        let e = ron::from_str::<Vec<Lot>>(text).unwrap_err();
        ron_error_at(text, &e)
    }

    #[test]
    fn a_file_cut_inside_a_name_is_said_to_be_truncated() {
        let place =
            error_of("[\n  (title: \"A\", report_penalty_cents: 1),\n  (title: \"B\", repo");
        assert!(
            place.message.starts_with("fin de fichier inattendue"),
            "{place:?}"
        );
        assert_eq!(place.line, 3);
        let place = error_of("[(title: \"A (suite");
        assert!(
            place.message.starts_with("fin de fichier inattendue"),
            "{place:?}"
        );
    }

    #[test]
    fn a_file_cut_inside_a_value_or_before_the_project_is_said_to_be_truncated() {
        for text in [
            "[(title: \"A\", report_penalty_cents: 1), (title: t",
            "[(title: \"A\"",
            "// Un projet\n",
            "",
        ] {
            let place = error_of(text);
            assert!(
                place.message.starts_with("fin de fichier inattendue"),
                "{text:?}: {place:?}"
            );
        }
    }

    #[test]
    fn a_real_mistake_before_the_end_keeps_its_own_message() {
        let place = error_of(
            "[(titre: \"A\", report_penalty_cents: 1), (title: \"B\", report_penalty_cents: 2)",
        );
        assert!(place.message.contains("« titre »"), "{place:?}");
        let place = error_of("[(title: \"A\", report_penalty_cents: 1,)] x");
        assert!(place.message.contains("texte en trop"), "{place:?}");
    }
}
