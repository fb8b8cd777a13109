//! Where the app keeps its own files: preferences and the recovery copies of projects.

use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct AppPaths {
    /// Folder of the preferences and of `recuperation/`, the recovery copies.
    pub data_dir: PathBuf,
}

impl AppPaths {
    /// The user's data folder, from `directories` with qualifier "fr", organisation "Clausier"
    /// and application "Clausier": `$XDG_DATA_HOME/clausier`, by default
    /// `~/.local/share/clausier`, on Linux; `%APPDATA%\Clausier\Clausier\data` (Roaming) on
    /// Windows. (eframe keeps the window's size in `app.ron`: the same folder on Linux,
    /// `%APPDATA%\Clausier\data` on Windows.)
    pub fn for_user() -> AppPaths {
        let data_dir = directories::ProjectDirs::from("fr", "Clausier", "Clausier")
            .map(|d| d.data_dir().to_path_buf())
            .unwrap_or_else(|| std::env::temp_dir().join("clausier"));
        AppPaths { data_dir }
    }

    pub fn in_folder(folder: impl Into<PathBuf>) -> AppPaths {
        AppPaths {
            data_dir: folder.into(),
        }
    }

    pub fn recovery_folder(&self) -> PathBuf {
        self.data_dir.join("recuperation")
    }

    pub fn preferences_file(&self) -> PathBuf {
        self.data_dir.join("preferences.ron")
    }
}
