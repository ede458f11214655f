//! Second Story: a workbench for Safety-II interviews, incident reviews and
//! second-story write-ups. Native (eframe) and web (WebAssembly).
//!
//! - [`model`]: the session domain, plain data and pure rules, no egui.
//! - `ui`: one file per workspace; views read the model and emit commands.
//! - `io`: files, autosave, dialogs, with the platform split in one place.
//! - `app`: the eframe application that ties them together.
//!
//! Everything but `model` needs the default `app` feature; with
//! `default-features = false` the library is the model alone (the fuzz targets use
//! it so). `synth`, the generator of large sessions for benchmarks, needs `bench`.

#[cfg(feature = "app")]
pub mod app;
#[cfg(all(feature = "app", not(target_arch = "wasm32")))]
pub mod cli;
#[cfg(all(feature = "app", not(target_arch = "wasm32")))]
pub mod cli_coach;
#[cfg(all(feature = "app", not(target_arch = "wasm32")))]
pub mod cli_lint;
#[cfg(all(feature = "app", not(target_arch = "wasm32")))]
pub mod cli_report;
#[cfg(feature = "app")]
pub mod io;
pub mod model;
/// Synthetic sessions for benchmarks and tests (the `bench` feature; not in the app).
#[cfg(any(test, feature = "bench"))]
pub mod synth;
#[cfg(feature = "app")]
pub mod ui;
#[cfg(all(feature = "app", target_arch = "wasm32"))]
pub mod web_main;

#[cfg(feature = "app")]
pub use app::SecondStoryApp;
