//! The `second-story` binary: the app (native window or web canvas) and, natively,
//! a small command line for validating and exporting session files.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    second_story::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {
    second_story::web_main::start();
}
