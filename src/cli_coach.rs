//! `second-story coach` (the facilitator's questions and the after-interview card for
//! each interview) and `second-story export --calibration` (one participant's own
//! account, for them to check).

use crate::model::coach::QuestionCheck;
use crate::model::coach::card::Card;
use crate::model::publish::{Audience, publishable};
use crate::model::validate::fmt_secs;
use crate::model::{Interview, Session, calibration, file};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `second-story coach`.
#[derive(clap::Args, Debug)]
pub struct CoachArgs {
    /// The session file.
    pub file: PathBuf,
    /// Only this interview: its title (or a unique part of it) or its id.
    #[arg(long, value_name = "TITLE|ID")]
    pub interview: Option<String>,
}

/// Runs `second-story coach`: each flagged question as `INTERVIEW at MM:SS: kind:
/// "question" — try: …`, then the card of each interview. Exit 0 when nothing is
/// flagged, 1 when something is, 2 when the file cannot be read or the interview is
/// not in it. Like every output, it is made from the publishable view of the session:
/// off-the-record statements are left out and real names replaced.
pub fn run(args: CoachArgs) -> ExitCode {
    let session = match load(&args.file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let view = publishable(&session, Audience::Everyone).session;
    let chosen: Vec<&Interview> = match &args.interview {
        None => view.interviews.iter().collect(),
        Some(wanted) => match find_interview(&view, wanted) {
            Ok(i) => vec![i],
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        },
    };
    let check = QuestionCheck::builtin();
    let cards: Vec<Card> = chosen
        .iter()
        .map(|i| Card::build(&view, i, &check))
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut flagged = 0;
    for card in &cards {
        for q in &card.flagged {
            let text = q.text.split_whitespace().collect::<Vec<_>>().join(" ");
            for kind in &q.kinds {
                flagged += 1;
                let try_instead = check
                    .check(&q.text)
                    .into_iter()
                    .find(|f| f.kind == *kind)
                    .map(|f| f.try_instead)
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{} at {}: {kind}: \"{text}\" — try: {try_instead}",
                    card.title,
                    fmt_secs(q.at_secs)
                );
            }
        }
    }
    if view.interviews.is_empty() {
        let _ = writeln!(out, "No interviews in {}.", args.file.display());
    }
    for card in &cards {
        let _ = writeln!(out);
        let _ = write!(out, "{}", card.text());
    }
    let _ = out.flush();
    if flagged > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn load(path: &Path) -> Result<Session, String> {
    let bytes = crate::io::read_file(path)?;
    file::from_bytes(&bytes)
        .map(|l| l.session)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// An interview by id (whole, or its first 8 hex digits), by title, or by a part of a
/// title that only one interview has.
fn find_interview<'a>(s: &'a Session, wanted: &str) -> Result<&'a Interview, String> {
    let w = wanted.trim().to_lowercase();
    let title = |i: &Interview| crate::model::coach::card::interview_title(s, i).to_lowercase();
    if let Some(i) = s
        .interviews
        .iter()
        .find(|i| i.id.to_string() == w || i.id.short() == w || title(i) == w)
    {
        return Ok(i);
    }
    let partial: Vec<&Interview> = s
        .interviews
        .iter()
        .filter(|i| title(i).contains(&w))
        .collect();
    match partial.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "No interview is called {wanted:?}. The interviews are: {}.",
            titles(s, s.interviews.iter())
        )),
        many => Err(format!(
            "{wanted:?} could be any of: {}. Give more of the title, or the id.",
            titles(s, many.iter().copied())
        )),
    }
}

fn titles<'a>(s: &Session, interviews: impl Iterator<Item = &'a Interview>) -> String {
    let all: Vec<String> = interviews
        .map(|i| {
            format!(
                "{:?} ({})",
                crate::model::coach::card::interview_title(s, i),
                i.id.short()
            )
        })
        .collect();
    if all.is_empty() {
        "none".to_owned()
    } else {
        all.join(", ")
    }
}

/// `second-story export FILE --calibration PSEUDONYM [-o OUT.md]`: the calibration
/// document for one participant, to stdout or OUT. Exit 0, or 1 with what is wrong.
pub fn export_calibration(path: &Path, pseudonym: &str, output: Option<PathBuf>) -> ExitCode {
    let result = load(path).and_then(|session| {
        let id = calibration::find_participant(&session, pseudonym).map_err(|e| e.to_string())?;
        calibration::document(&session, id).map_err(|e| e.to_string())
    });
    let md = match result {
        Ok(md) => md,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
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
