//! The native command line: open the app, or validate and export session files.

use crate::model::{self, export::ExportOptions, file};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

mod import;
pub mod team;

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
        /// Instead of the write-up, the calibration document for this participant
        /// (by pseudonym): their own account, to check and correct, with nothing of
        /// anyone else; their off-the-record statements marked for their eyes only.
        #[arg(long, value_name = "PSEUDONYM", conflicts_with_all = ["redact", "real_names"])]
        calibration: Option<String>,
    },
    /// Check the facilitator's own questions in each interview: prints `INTERVIEW at
    /// MM:SS: kind: "question" — try: …` for each why, counterfactual, leading,
    /// hindsight, yes/no or stacked question, then the after-interview card (talk
    /// balance, questions of each kind, probes, unexplored aspects, guide questions
    /// not asked). Exit 0 when nothing is flagged, 1 when something is, 2 when the
    /// file cannot be read.
    Coach(crate::cli_coach::CoachArgs),
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
    /// Merge two copies of one session by entity id and write the result into OURS (or
    /// OUT). Exit 0 when the merge is clean, 1 when conflicts remain (recorded in the
    /// file, which stays valid), 2 when an input cannot be read. An empty BASE means the
    /// copies have no common ancestor. Works as git's merge driver (see `git-setup`).
    Merge {
        /// The common ancestor (git's %O).
        base: PathBuf,
        /// Your copy (git's %A); the result goes here unless -o is given.
        ours: PathBuf,
        /// The other copy (git's %B).
        theirs: PathBuf,
        /// Write the result to this file instead of OURS.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Show what differs between two copies of a session: entities added, removed and
    /// changed, with field names and short before/after text. Also works as git's diff
    /// driver (it then gets git's seven arguments).
    Diff {
        /// A and B (or git's PATH OLD OLD-HEX OLD-MODE NEW NEW-HEX NEW-MODE).
        #[arg(num_args = 2..=7, required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// In a git repository: add `*.story.ron merge=second-story diff=second-story` to
    /// .gitattributes and register this program as the merge and diff driver in the
    /// repository's config. Running it again changes nothing.
    GitSetup,
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(CliCommand::Validate { file }) => validate(&file),
        Some(CliCommand::Export {
            file,
            output,
            calibration: Some(pseudonym),
            ..
        }) => crate::cli_coach::export_calibration(&file, &pseudonym, output),
        Some(CliCommand::Export {
            file,
            real_names,
            redact: _,
            output,
            calibration: None,
        }) => export(&file, !real_names, output),
        Some(CliCommand::Coach(args)) => crate::cli_coach::run(args),
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
        Some(CliCommand::Merge {
            base,
            ours,
            theirs,
            output,
        }) => team::merge_files(&base, &ours, &theirs, output.as_deref()),
        Some(CliCommand::Diff { files }) => team::diff_files(&files),
        Some(CliCommand::GitSetup) => team::git_setup(),
        None => run_app(cli.file),
    }
}

fn load(path: &std::path::Path) -> Result<file::Loaded, String> {
    let bytes = crate::io::read_file(path)?;
    file::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn validate(path: &std::path::Path) -> ExitCode {
    match load(path) {
        Ok(loaded) if !loaded.session.conflicts.is_empty() => {
            eprintln!(
                "{}",
                team::conflicts_report(path, &loaded.session.conflicts)
            );
            ExitCode::from(1)
        }
        Ok(loaded) => {
            let migrated = if loaded.was_migrated() {
                format!(
                    " (format version {}, upgraded when saved)",
                    loaded.file_version
                )
            } else {
                String::new()
            };
            // The title is the file's text: no escape sequence reaches the terminal.
            println!(
                "{}: ok — “{}”: {}{migrated}",
                path.display(),
                crate::io::one_line(loaded.session.display_title()),
                model::summary(&loaded.session)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", crate::io::terminal_text(&e));
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

fn run_app(file: Option<PathBuf>) -> ExitCode {
    crate::io::init_logging();
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
