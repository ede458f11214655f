//! Second Story: a workbench for Safety-II interviews, incident reviews and
//! second-story write-ups. Native (eframe) and web (WebAssembly).
//!
//! - [`model`]: the session domain, plain data and pure rules, no egui.
//! - [`ui`]: one file per workspace; views read the model and emit commands.
//! - [`io`]: files, autosave, dialogs, with the platform split in one place.
//! - [`app`]: the eframe application that ties them together.

pub mod app;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli_lint;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli_report;
pub mod io;
pub mod model;
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web_main;

pub use app::SecondStoryApp;
