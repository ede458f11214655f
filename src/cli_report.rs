//! `second-story report DIR [-o OUT.md]`: the cross-review picture of a library as
//! Markdown — the reviews, patterns, follow-ups and the first half hour. Always
//! pseudonymised: it is made from each session's publishable view. Files that cannot
//! be read are named on stderr and in a short section of the report; the exit code
//! is 0 whenever a report was written.

use crate::io::library::{LibraryChannel, LibraryEvent, read_library_now};
use crate::model::library::{Library, report};
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `second-story report`.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// The library: a folder of session files (*.story.ron), nested folders included.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Write the report to this file instead of stdout.
    #[arg(short, long, value_name = "OUT.md")]
    pub output: Option<PathBuf>,
}

/// Runs `second-story report`.
pub fn run(args: ReportArgs) -> ExitCode {
    let channel = LibraryChannel::default();
    read_library_now(&args.dir, &HashMap::new(), None, &channel.sender());
    let mut library = Library::default();
    let mut files = Vec::new();
    while let Some(e) = channel.next() {
        match e {
            LibraryEvent::Read(read) => files.extend(read),
            LibraryEvent::Failed(e) => {
                eprintln!("{e}");
                return ExitCode::from(1);
            }
            _ => {}
        }
    }
    library.put_all(files);
    for (path, broken) in library.broken() {
        eprintln!("{path}: could not be read: {}", broken.message);
    }
    let name = args
        .dir
        .canonicalize()
        .unwrap_or_else(|_| args.dir.clone())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| args.dir.display().to_string());
    let md = report::report(&library, &name, chrono::Local::now().date_naive());
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let summary = format!(
        "{} from {}; {} could not be read.",
        plural(library.reviews().len(), "review", "reviews"),
        plural(library.file_count(), "file", "files"),
        library.broken().count()
    );
    match args.output {
        None => {
            print!("{md}");
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Some(out) => match crate::io::write_atomic(&out, md.as_bytes()) {
            Ok(()) => {
                eprintln!("Wrote {}: {summary}", out.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(1)
            }
        },
    }
}
