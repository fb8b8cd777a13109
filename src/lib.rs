//! Clausier core: project model, legal rules, clause library, document assembly and exporters.
//! Nothing here knows about windows: the CLI, the tests and the desktop app all drive it.

// Lets the UI name the core as `clausier::…`, exactly as the binary and the tests do.
extern crate self as clausier;

pub mod clauses;
pub mod data_dir;
pub mod document;
pub mod export;
pub mod fr;
pub mod help;
pub mod indicators;
pub mod model;
pub mod pipeline;
pub mod programme;
pub mod reference;
pub mod rules;
pub mod scenarios;
pub mod supply;
pub mod tabular;
pub mod training;
#[cfg(feature = "gui")]
pub mod ui;
pub mod util;

pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Files compiled into the binary by build.rs.
pub mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// The allocator of the program and of everything measured against its budgets.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
