//! The native command line: open the app, or validate and export session files.

use crate::model::{self, export::ExportOptions, file};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

mod import;

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
    /// or to OUT with -o). Off-the-record statements never appear.
    Export {
        /// The session file.
        file: PathBuf,
        /// Replace participants' real names with their pseudonyms everywhere.
        #[arg(long)]
        redact: bool,
        /// Write to this file instead of stdout.
        #[arg(short, long, value_name = "OUT.md")]
        output: Option<PathBuf>,
    },
    /// Check the language of Markdown write-ups: prints `FILE:LINE:COL: kind: phrase —
    /// advice` for each counterfactual, normative, mechanistic, hindsight, violation
    /// or deficit phrase. Exit 0 when clean, 1 when there are findings to look at, 2
    /// when a file cannot be read (the others are still checked). Quoted words are
    /// exempt; acknowledge a phrase with `<!-- second-story-lint: ok "just" — reason
    /// -->`, or switch a passage off with `<!-- second-story-lint off -->` … `on`.
    Lint(crate::cli_lint::LintArgs),
    /// The cross-review picture of a library (a folder of session files, nested
    /// folders included) as Markdown: the reviews, patterns across them (counted in
    /// reviews and in distinct participants), follow-ups (response/recovery against
    /// prevention) and the first half hour across incidents. Always pseudonymised,
    /// nothing off the record. Files that cannot be read are named on stderr and in
    /// the report; exit 0 when a report was written.
    Report(crate::cli_report::ReportArgs),
    /// Import a recording's transcript (WebVTT from Zoom or Teams, SRT, or plain text
    /// with `Name: text` lines) as an interview, and write the session in place.
    /// Speakers are matched to participants (real name, pseudonym, other names) and to
    /// the facilitators; an unknown speaker is an error that names every one.
    ImportTranscript {
        /// The session file, written in place (the previous version is kept as .bak).
        session: PathBuf,
        /// The transcript (.vtt, .srt, .txt).
        file: PathBuf,
        /// The participant interviewed, by pseudonym (a new participant when none has
        /// it). Cues with no speaker name are theirs.
        #[arg(long, value_name = "PSEUDONYM")]
        participant: Option<String>,
        /// The interview's title (default: "Interview with PSEUDONYM").
        #[arg(long, value_name = "T")]
        title: Option<String>,
        /// This speaker is this participant (a new one when no participant has the
        /// pseudonym); the name is kept as one of their other names. Repeatable.
        #[arg(long, value_name = "NAME=PSEUDONYM")]
        speaker: Vec<String>,
        /// This speaker is a facilitator (added to the session's facilitators).
        /// Repeatable.
        #[arg(long, value_name = "NAME")]
        facilitator: Vec<String>,
    },
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(CliCommand::Validate { file }) => validate(&file),
        Some(CliCommand::Export {
            file,
            redact,
            output,
        }) => export(&file, redact, output),
        Some(CliCommand::Lint(args)) => crate::cli_lint::run(args),
        Some(CliCommand::Report(args)) => crate::cli_report::run(args),
        Some(CliCommand::ImportTranscript {
            session,
            file,
            participant,
            title,
            speaker,
            facilitator,
        }) => import::import_transcript(
            &session,
            &file,
            import::SpeakerArgs {
                participant,
                title,
                speakers: speaker,
                facilitators: facilitator,
            },
        ),
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
    let md = model::export::to_markdown(&loaded.session, ExportOptions { redact });
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
