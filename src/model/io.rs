//! Reading and writing project files: version check, positioned French errors, atomic saves.

use super::Project;
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
                "{}:{line}:{column} : le fichier contient des octets qui ne sont pas du texte UTF-8 (enregistrez-le en UTF-8)",
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

pub fn load_project(path: &Path) -> Result<Project, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError::Io {
        path: path.to_path_buf(),
        message: crate::util::io_error_fr(&e),
    })?;
    parse_project(&bytes, path)
}

/// Parses project bytes; `path` only names the source in messages.
pub fn parse_project(bytes: &[u8], path: &Path) -> Result<Project, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = crate::util::line_column(bytes, e.valid_up_to());
        LoadError::NotUtf8 {
            path: path.to_path_buf(),
            line,
            column,
        }
    })?;
    let project: Project = ron::Options::default()
        .from_str(text)
        .map_err(|e| spanned_error(path, &e))?;
    if project.version != PROJECT_VERSION {
        return Err(LoadError::Version {
            path: path.to_path_buf(),
            found: project.version,
        });
    }
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

/// Serialises a project the way users will read it: one field a line, implicit Some.
pub fn to_ron_string(project: &Project) -> String {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    ron::ser::to_string_pretty(project, config).expect("a Project always serialises")
}

/// Saves atomically (temporary file in the same folder, then rename) and keeps the previous
/// version as `NAME.ron.bak`, so that a crash mid-save never loses the user's work.
pub fn save_project(project: &Project, path: &Path) -> Result<(), String> {
    let text = to_ron_string(project);
    if path.exists() {
        let backup = backup_path(path);
        std::fs::copy(path, &backup).map_err(|e| {
            format!(
                "{} : copie de sauvegarde impossible ({})",
                backup.display(),
                crate::util::io_error_fr(&e)
            )
        })?;
    }
    crate::util::write_atomically(path, text.as_bytes())
}

fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}
