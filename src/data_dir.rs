//! The folder where Clausier keeps what it imports and remembers (the supplier pack today),
//! computed without the window so that the command line and the window agree on it.
//!
//! By default it is the folder the window already uses for its preferences and recovery
//! copy (`directories::ProjectDirs` with « fr », « Clausier », « Clausier »):
//! `$XDG_DATA_HOME/clausier` (by default `~/.local/share/clausier`) on Linux,
//! `%APPDATA%\Clausier\Clausier\data` on Windows. The environment variable
//! `CLAUSIER_DATA_DIR` points it elsewhere: tests use it, and so can a buyer who keeps the
//! program and its data on a USB key.

use std::path::PathBuf;

pub const ENV_VAR: &str = "CLAUSIER_DATA_DIR";

/// The folder named by `CLAUSIER_DATA_DIR`, when it is set and not empty.
pub fn override_dir() -> Option<PathBuf> {
    std::env::var_os(ENV_VAR)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The user's data folder, as the window computes it (`ui::paths::AppPaths::for_user`).
pub fn default_dir() -> PathBuf {
    directories::ProjectDirs::from("fr", "Clausier", "Clausier")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("clausier"))
}

/// The data folder in force: `CLAUSIER_DATA_DIR`, otherwise the user's.
pub fn data_dir() -> PathBuf {
    override_dir().unwrap_or_else(default_dir)
}
