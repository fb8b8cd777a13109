//! Reading and writing project files: version check, positioned French errors, atomic saves.

use super::sanitize::{MappedStrings, Sanitized, StringMap};
use super::{validate, Project};
use std::fmt;
use std::path::{Path, PathBuf};

pub const PROJECT_VERSION: u32 = 1;

/// Why a project file could not be read, in words a buyer understands.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    Io {
        path: PathBuf,
        message: String,
    },
    NotUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    Version {
        path: PathBuf,
        found: u32,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, message } => {
                write!(f, "{} : lecture impossible ({message})", path.display())
            }
            LoadError::NotUtf8 { path, line, column } => write!(
                f,
                "{}:{line}:{column} : ce fichier n'est pas un projet Clausier (il contient des octets qui ne sont pas du texte ; un projet Clausier est un fichier texte .ron, écrit en UTF-8)",
                path.display()
            ),
            LoadError::Syntax { path, line, column, message } => {
                write!(f, "{}:{line}:{column} : {message}", path.display())
            }
            LoadError::Version { path, found } => write!(
                f,
                "{} : version de fichier {found} inconnue (cette version de Clausier lit la version {PROJECT_VERSION})",
                path.display()
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads a project file (see `util::read_input`: regular files only, size limit, BOM).
pub fn load_project(path: &Path) -> Result<Project, LoadError> {
    let bytes = crate::util::read_input(path).map_err(|message| LoadError::Io {
        path: path.to_path_buf(),
        message,
    })?;
    parse_project(&bytes, path)
}

/// Parses project bytes; `path` only names the source in messages. Every string comes out
/// cleaned of the characters XML refuses, and values that make no sense are refused at their
/// place (see `validate`).
pub fn parse_project(bytes: &[u8], path: &Path) -> Result<Project, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = crate::util::line_column(bytes, e.valid_up_to());
        LoadError::NotUtf8 {
            path: path.to_path_buf(),
            line,
            column,
        }
    })?;
    let project: Project = ron::Options::default()
        .from_str_seed(text, Sanitized::new())
        .map_err(|e| spanned_error_in(path, text, &e))?;
    if project.version != PROJECT_VERSION {
        return Err(LoadError::Version {
            path: path.to_path_buf(),
            found: project.version,
        });
    }
    validate::check_project(&project, text).map_err(|problem| {
        let (line, column) = crate::util::line_column(bytes, problem.offset.unwrap_or(0));
        LoadError::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            message: problem.message,
        }
    })?;
    Ok(project)
}

/// A RON error at its line and column, in French; shared by every data file the app reads.
pub fn spanned_error(path: &Path, error: &ron::error::SpannedError) -> LoadError {
    LoadError::Syntax {
        path: path.to_path_buf(),
        line: error.span.start.line,
        column: error.span.start.col,
        message: crate::util::ron_error_fr(&error.code),
    }
}

/// The same, knowing the source: a file cut short is said to be one.
pub fn spanned_error_in(path: &Path, source: &str, error: &ron::error::SpannedError) -> LoadError {
    let place = crate::util::ron_error_at(source, error);
    LoadError::Syntax {
        path: path.to_path_buf(),
        line: place.line,
        column: place.column,
        message: place.message,
    }
}

/// The project with every string value (not field names) through `map` (None keeps it):
/// for tests that put any text in every field, whatever fields the model grows. Err when a
/// mapped value is refused (a launch date that is not a date).
pub fn map_strings(project: &Project, map: StringMap<'_>) -> Result<Project, String> {
    let text = to_ron_string(project);
    ron::Options::default()
        .from_str_seed(&text, MappedStrings(map, std::marker::PhantomData))
        .map_err(|e| crate::util::ron_error_at(&text, &e).message)
}

/// The project with the characters XML refuses removed from its strings, or None when it has
/// none (the usual case). For text typed or pasted in the window: the same cleaning as when
/// a file is read, so that what is saved is clean too.
pub fn sanitized(project: &Project) -> Option<Project> {
    let text = to_ron_string(project);
    // RON writes the characters XML refuses as escapes (`\u{b}`) or `\0`: without one of
    // those, there is nothing to clean.
    if !text.contains("\\u{") && !text.contains("\\0") {
        return None;
    }
    let clean: Project = ron::Options::default()
        .from_str_seed(&text, Sanitized::new())
        .ok()?;
    (clean != *project).then_some(clean)
}

/// Serialises a project the way users will read it: one field a line, implicit Some.
pub fn to_ron_string(project: &Project) -> String {
    ron::ser::to_string_pretty(project, saved_form()).expect("a Project always serialises")
}

fn saved_form() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .struct_names(false)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// The project's size, for the templates' work budget (`clauses::fuel_budget`): the length
/// of its compact binary form (CBOR), counted without being written. It grows with every text
/// and every lot as the saved text does, for a fraction of the work: the window sizes the
/// budget after every edit, and writing the saved text (escaped, indented) took a quarter of
/// an unchanged assembly.
pub fn budget_size(project: &Project) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    ciborium::into_writer(project, &mut count).expect("a Project always serialises");
    count.0
}

/// Saves atomically (see `util::write_atomically`: through symbolic links, permissions kept)
/// and keeps the previous version as `NAME.ron.bak` next to the real file, so that a crash
/// mid-save never loses the user's work.
pub fn save_project(project: &Project, path: &Path) -> Result<(), String> {
    let text = to_ron_string(project);
    let target = crate::util::resolve_links(path).map_err(|e| {
        format!(
            "{} : écriture impossible ({})",
            path.display(),
            crate::util::io_error_fr(&e)
        )
    })?;
    if std::fs::metadata(&target).is_ok_and(|m| m.is_file()) {
        let backup = backup_path(&target);
        std::fs::copy(&target, &backup).map_err(|e| {
            format!(
                "{} : copie de sauvegarde impossible ({})",
                backup.display(),
                crate::util::io_error_fr(&e)
            )
        })?;
    }
    crate::util::write_atomically(&target, text.as_bytes())
}

fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The templates' work budget follows the project's size: every text typed and every
    /// lot added makes it grow, as the saved text does.
    #[test]
    fn the_budget_size_grows_with_texts_and_lots() {
        for scenario in crate::scenarios::bundled().unwrap() {
            let mut project = scenario.project;
            let before = budget_size(&project);
            let saved = to_ron_string(&project).len();
            assert!(
                before * 5 > saved && before < saved,
                "{}: {before} for {saved}",
                scenario.id
            );
            project.meta.title.push_str(" — « été » œ");
            let longer = budget_size(&project);
            assert!(longer >= before + " — « été » œ".len(), "{}", scenario.id);
            if let Some(lot) = project.allotment.lots.first().cloned() {
                project.allotment.lots.push(lot);
                assert!(budget_size(&project) > longer, "{}", scenario.id);
            }
        }
    }

    #[test]
    fn a_docx_opened_by_mistake_is_not_a_project() {
        let docx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xdf\xa4\xd2";
        let message = parse_project(docx, Path::new("section.docx"))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("n'est pas un projet Clausier"),
            "{message}"
        );
        assert!(!message.contains("enregistrez-le"), "{message}");
    }

    #[test]
    fn strings_read_or_typed_lose_the_characters_xml_refuses() {
        let mut project = Project::blank();
        project.meta.reference = "2027-TRX-004COLLE\u{b}LIGNE\u{c}PAGE\u{1}FIN".into();
        project.allotment.lots[0].title = "Lot\u{0} A\u{fffe}".into();
        let text = to_ron_string(&project);
        let read = parse_project(text.as_bytes(), Path::new("p.ron")).unwrap();
        assert_eq!(read.meta.reference, "2027-TRX-004COLLE LIGNE PAGEFIN");
        assert_eq!(read.allotment.lots[0].title, "Lot A");
        assert_eq!(sanitized(&project), Some(read.clone()));
        assert_eq!(sanitized(&read), None, "a clean project is left alone");
    }

    #[cfg(unix)]
    #[test]
    fn saving_through_a_link_updates_its_target_and_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("reel");
        std::fs::create_dir(&real).unwrap();
        let target = real.join("p.ron");
        let mut project = Project::blank();
        save_project(&project, &target).unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o664)).unwrap();
        let link = dir.path().join("p.ron");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        project.meta.title = "Modifié par le lien".into();
        save_project(&project, &link).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(
            crate::model::load_project(&target).unwrap().meta.title,
            "Modifié par le lien"
        );
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o664);
        assert!(
            real.join("p.ron.bak").exists(),
            "backup beside the real file"
        );
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let text = format!("\u{feff}{}", to_ron_string(&Project::blank()));
        assert!(parse_project(text.as_bytes(), Path::new("p.ron")).is_ok());
    }
}
