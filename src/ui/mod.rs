//! The desktop app (eframe/egui). The only module allowed to know about windows: it drives
//! the same core as the command line and shows the same Document the DOCX is written from.

mod app;
mod clause_browser;
mod command;
pub mod dialogs;
mod findings_panel;
mod help;
pub mod indicators;
mod palette;
pub mod path_chooser;
pub mod paths;
mod preview;
mod preview_outline;
pub mod programme;
pub mod recovery;
pub mod session;
pub mod steps;
pub mod supply;
mod theme;
pub mod trainer;
mod widgets;

pub use app::{ClausierApp, Command, Page, TrainingExport};
pub use dialogs::{FakeDialogs, FileDialogs, NativeDialogs};
pub use paths::AppPaths;

use std::path::PathBuf;

/// Opens the main window, with `file` loaded if given (`clausier FICHIER.ron`).
pub fn run(file: Option<PathBuf>) -> Result<(), String> {
    // CLAUSIER_STARTUP_PROBE=1: print the time to the first frame, then quit (benchmark).
    let probe = std::env::var_os("CLAUSIER_STARTUP_PROBE").map(|_| std::time::Instant::now());
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Clausier")
            // Matches the desktop entry (packaging/clausier.desktop) on Wayland.
            .with_app_id("clausier")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([900.0, 600.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "Clausier",
        options,
        Box::new(move |cc| {
            // CLAUSIER_DATA_DIR moves the whole data folder, as for the command line.
            let paths = clausier::data_dir::override_dir()
                .map_or_else(AppPaths::for_user, AppPaths::in_folder);
            let mut app = ClausierApp::new(cc, paths, Box::new(NativeDialogs::default()));
            if let Some(file) = file {
                app.open_path(&file);
            }
            app.startup_probe = probe;
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| format!("ouverture de la fenêtre impossible : {e}"))
}
