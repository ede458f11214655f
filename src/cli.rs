//! The native command line: open the app, or validate and export session files.

use crate::model::{self, export::ExportOptions, file};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Second Story: a workbench for Safety-II interviews, incident reviews and
/// second-story write-ups. Without a command, opens the app (with FILE, if given).
#[derive(Parser, Debug)]
#[command(name = "second-story", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// A session file (*.story.ron) to open in the app.
    pub file: Option<PathBuf>,
    /// What to do instead of opening the app.
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

/// Commands that work on files without opening a window.
#[derive(Subcommand, Debug)]
pub enum CliCommand {
    /// Check a session file: exit 0 and a one-line summary if it is good, exit 1 and
    /// the problem (with line and column where it has one) on stderr if not.
    Validate {
        /// The session file.
        file: PathBuf,
    },
    /// Write the second-story write-up as Markdown with footnoted evidence (to stdout,
    /// or to OUT with -o). Real names are replaced by pseudonyms unless --real-names is
    /// given; off-the-record words never appear, and every participant's consent
    /// (anonymous, no quotes) is kept. Paraphrases still to write are listed on stderr.
    Export {
        /// The session file.
        file: PathBuf,
        /// Keep the real names of participants who agreed to be named (the export is
        /// then for the review team only; a warning says so on stderr).
        #[arg(long)]
        real_names: bool,
        /// Replace real names with pseudonyms (the default; kept for older scripts).
        #[arg(long, conflicts_with = "real_names")]
        redact: bool,
        /// Write to this file instead of stdout.
        #[arg(short, long, value_name = "OUT.md")]
        output: Option<PathBuf>,
    },
    /// Check a Markdown write-up's language: prints `FILE:LINE:COL: kind: phrase — advice`
    /// for each counterfactual, normative, mechanistic or hindsight phrase. Exit 0 when
    /// clean, 1 when there are unacknowledged findings, 2 when the file cannot be read.
    /// Quoted words are exempt; acknowledge a phrase in the file with
    /// `<!-- second-story-lint: ok "just" — reason -->`.
    Lint {
        /// The Markdown file.
        file: PathBuf,
    },
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(CliCommand::Validate { file }) => validate(&file),
        Some(CliCommand::Export {
            file,
            real_names,
            redact: _,
            output,
        }) => export(&file, !real_names, output),
        Some(CliCommand::Lint { file }) => lint(&file),
        None => run_app(cli.file),
    }
}

fn load(path: &std::path::Path) -> Result<file::Loaded, String> {
    let bytes = crate::io::read_file(path)?;
    file::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn validate(path: &std::path::Path) -> ExitCode {
    match load(path) {
        Ok(loaded) => {
            let migrated = if loaded.was_migrated() {
                format!(
                    " (format version {}, upgraded when saved)",
                    loaded.file_version
                )
            } else {
                String::new()
            };
            println!(
                "{}: ok — “{}”: {}{migrated}",
                path.display(),
                loaded.session.display_title(),
                model::summary(&loaded.session)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

fn export(path: &std::path::Path, redact: bool, output: Option<PathBuf>) -> ExitCode {
    let loaded = match load(path) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    if !redact {
        eprintln!(
            "Warning: this export keeps real names (--real-names). Share it only within the review team."
        );
    }
    let (md, open) = model::export::to_markdown_checked(&loaded.session, ExportOptions { redact });
    if !open.is_empty() {
        eprintln!(
            "{} paraphrase(s) to write: these participants may not be quoted, so the export shows a placeholder instead of their words:",
            open.len()
        );
        for p in &open {
            eprintln!("  - {p}");
        }
    }
    match output {
        None => {
            print!("{md}");
            ExitCode::SUCCESS
        }
        Some(out) => match crate::io::write_atomic(&out, md.as_bytes()) {
            Ok(()) => {
                eprintln!("Wrote {}", out.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(1)
            }
        },
    }
}

fn lint(path: &std::path::Path) -> ExitCode {
    let text = match crate::io::read_file(path).and_then(|bytes| {
        String::from_utf8(bytes)
            .map_err(|_| format!("{} is not a UTF-8 text file.", path.display()))
    }) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let report = model::lint::check_file(&text);
    for f in &report.open {
        println!(
            "{}:{}:{}: {}: {} — {}",
            path.display(),
            f.line,
            f.column,
            f.kind.name(),
            f.found,
            f.advice()
        );
    }
    eprintln!(
        "{}: {} to look at, {} acknowledged, {} in quotes (people's own words, not flagged).",
        path.display(),
        report.open.len(),
        report.acknowledged,
        report.exempt
    );
    if report.open.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn run_app(file: Option<PathBuf>) -> ExitCode {
    env_logger::init();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Second Story")
            .with_app_id(crate::io::APP_ID)
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 600.0]),
        ..Default::default()
    };
    let result = eframe::run_native(
        "Second Story",
        options,
        Box::new(move |cc| Ok(Box::new(crate::SecondStoryApp::new(cc, file)))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Second Story could not open a window: {e}");
            ExitCode::from(1)
        }
    }
}
