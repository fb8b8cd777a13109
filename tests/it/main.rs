//! The integration tests, in one binary as cargo's own suite is laid out: one link instead of
//! one per file, and one place that says which tests need the window. Run a part with its module
//! name, e.g. `cargo test --test it golden::` or `cargo test --test it cli::`. Without the `gui`
//! feature (`cargo test --no-default-features --test it`) the core's tests run without egui.

mod accessible_files;
mod architecture;
mod assembly_cache;
mod cli;
#[cfg(feature = "gui")]
mod commands;
mod common;
#[cfg(feature = "gui")]
mod compare_view;
mod docx_readback;
#[cfg(feature = "gui")]
mod entry;
#[cfg(feature = "gui")]
mod export_window;
mod fuzz_inputs;
mod golden;
mod indicators;
mod into_model;
#[cfg(feature = "gui")]
mod keyboard;
mod law;
mod legal_figures;
#[cfg(feature = "gui")]
mod library_views;
mod libreoffice;
mod notice;
mod one_article_per_clause;
mod pieces;
mod plurals;
#[cfg(feature = "gui")]
mod preview_outline;
mod programme;
#[cfg(feature = "gui")]
mod programme_window;
#[cfg(feature = "gui")]
mod recovery;
mod redlines;
mod reliability;
mod scenarios_load;
#[cfg(feature = "gui")]
mod snapshots;
mod social_conditions;
#[cfg(feature = "gui")]
mod social_step;
mod supply;
#[cfg(feature = "gui")]
mod supply_window;
mod templates;
#[cfg(feature = "gui")]
mod trainer;
#[cfg(feature = "gui")]
mod trainer_views;
mod training_data;
mod training_exports;
#[cfg(feature = "gui")]
mod walk;
#[cfg(feature = "gui")]
mod welcome;
mod window_typography;
#[cfg(feature = "gui")]
mod wizard;
