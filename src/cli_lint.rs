//! `second-story lint`: the language check for write-ups in docs repositories.
//! Files, folders (Markdown found the way git sees the tree) and standard input; a
//! project's `.second-story-lint.ron` found upward from each file; text, JSON and
//! GitHub Actions output; and the rules written out as a Vale style.

use crate::model::lint::{
    self, FileReport, Linter,
    output::{self, Format, Totals},
};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Arguments of `second-story lint`.
#[derive(clap::Args, Debug)]
pub struct LintArgs {
    /// Markdown files and folders to check. Folders are searched for *.md and
    /// *.markdown, skipping what .gitignore ignores; `-` reads standard input.
    #[arg(value_name = "PATH", required_unless_present = "emit_vale_style")]
    pub paths: Vec<PathBuf>,
    /// Output: `text` (FILE:LINE:COL: kind: phrase — advice), `json` (one array of
    /// findings) or `github` (GitHub Actions annotations and a summary line).
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Use this rules file instead of looking for `.second-story-lint.ron` upward
    /// from each checked file.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Write the rules as a Vale style (YAML rules) into DIR, e.g.
    /// `styles/SecondStory`, and exit (unless PATHs are given too).
    #[arg(long, value_name = "DIR")]
    pub emit_vale_style: Option<PathBuf>,
}

/// `--format` values.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatArg {
    /// One line per finding, for people.
    Text,
    /// One JSON array of findings, for tools.
    Json,
    /// GitHub Actions workflow commands.
    Github,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
        }
    }
}

/// What to check.
enum Input {
    Stdin,
    File(PathBuf),
    /// A path that could not be walked, with the reason.
    Broken(String, String),
}

/// Runs `second-story lint`: 0 clean, 1 findings to look at (errors or warnings),
/// 2 when a file or the rules could not be read (the other files are still checked).
pub fn run(args: LintArgs) -> ExitCode {
    let mut rules = Rules::new(args.config.as_deref());
    if let Some(dir) = &args.emit_vale_style {
        let linter = match rules.for_dir(&current_dir()) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        };
        if let Err(e) = write_vale_style(&linter, dir) {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
        if args.paths.is_empty() {
            return ExitCode::SUCCESS;
        }
    }
    let format = Format::from(args.format);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut totals = Totals::default();
    let mut json = Vec::new();
    for input in collect(&args.paths) {
        let (name, dir, text) = match read(&input) {
            Ok(x) => x,
            Err((name, e)) => {
                totals.unreadable += 1;
                report_unreadable(&mut out, format, &name, &e);
                continue;
            }
        };
        let linter = match rules.for_dir(&dir) {
            Ok(l) => l,
            Err(e) => {
                totals.unreadable += 1;
                report_unreadable(&mut out, format, &name, &e);
                continue;
            }
        };
        let report = linter.check_file(&text);
        add(&mut totals, &report);
        for f in &report.open {
            let _ = match format {
                Format::Text => writeln!(out, "{}", output::text_line(&name, &text, f)),
                Format::Github => writeln!(out, "{}", output::github_line(&name, &text, f)),
                Format::Json => {
                    json.push(output::json_finding(&name, &text, f));
                    Ok(())
                }
            };
        }
        if format == Format::Text {
            let _ = out.flush();
            eprintln!(
                "{}: {} to look at, {} acknowledged, {} in quotes (people's own words, not flagged){}.",
                output::one_line(&name),
                report.open.len(),
                report.acknowledged,
                report.exempt,
                if report.switched_off > 0 {
                    format!(", {} in passages switched off", report.switched_off)
                } else {
                    String::new()
                }
            );
        }
    }
    match format {
        Format::Json => {
            let _ = serde_json::to_writer_pretty(&mut out, &json);
            let _ = writeln!(out);
            let _ = out.flush();
            eprintln!("{}", totals.summary());
        }
        Format::Github => {
            let _ = writeln!(out, "{}", totals.summary());
            let _ = out.flush();
        }
        Format::Text => {
            let _ = out.flush();
            if totals.files + totals.unreadable > 1 {
                eprintln!("{}", totals.summary());
            }
        }
    }
    if totals.unreadable > 0 {
        ExitCode::from(2)
    } else if totals.failing > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn add(t: &mut Totals, r: &FileReport) {
    t.files += 1;
    t.files_with_findings += usize::from(!r.open.is_empty());
    t.open += r.open.len();
    t.failing += r.open.iter().filter(|f| f.level().fails()).count();
    t.acknowledged += r.acknowledged;
    t.exempt += r.exempt;
    t.switched_off += r.switched_off;
}

fn report_unreadable(out: &mut impl Write, format: Format, name: &str, e: &str) {
    if format == Format::Github {
        let _ = writeln!(
            out,
            "::error file={}::{}",
            output::one_line(name)
                .replace(',', "%2C")
                .replace(':', "%3A"),
            output::one_line(e)
        );
    }
    let _ = out.flush();
    eprintln!("{}", output::one_line(e));
}

fn current_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

/// The files to check, in the order given; folders walked in name order.
fn collect(paths: &[PathBuf]) -> Vec<Input> {
    let mut inputs = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if p.is_dir() {
            let walk = ignore::WalkBuilder::new(p)
                // .gitignore applies even outside a git checkout (an exported tree).
                .require_git(false)
                .sort_by_file_name(|a, b| a.cmp(b))
                .build();
            for entry in walk {
                match entry {
                    Ok(e) => {
                        let is_file = e.file_type().is_some_and(|t| t.is_file());
                        if is_file && is_markdown(e.path()) {
                            inputs.push(Input::File(e.into_path()));
                        }
                    }
                    Err(err) => inputs.push(Input::Broken(
                        p.display().to_string(),
                        format!("Could not read a folder under {}: {err}", p.display()),
                    )),
                }
            }
        } else {
            inputs.push(Input::File(p.clone()));
        }
    }
    inputs
}

fn is_markdown(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// (name to print, folder to look for rules from, text) or (name, why not).
fn read(input: &Input) -> Result<(String, PathBuf, String), (String, String)> {
    let (name, dir, bytes) = match input {
        Input::Broken(name, e) => return Err((name.clone(), e.clone())),
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map_err(|e| {
                (
                    "<stdin>".to_owned(),
                    format!("Could not read standard input: {e}"),
                )
            })?;
            ("<stdin>".to_owned(), current_dir(), bytes)
        }
        Input::File(p) => {
            let name = p.display().to_string();
            let bytes = std::fs::read(p)
                .map_err(|e| (name.clone(), format!("Could not read {name}: {e}")))?;
            let abs = std::path::absolute(p).unwrap_or_else(|_| p.clone());
            let dir = abs
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(current_dir);
            (name, dir, bytes)
        }
    };
    let text = String::from_utf8(bytes)
        .map_err(|_| (name.clone(), format!("{name} is not a UTF-8 text file.")))?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(t) => t.to_owned(),
        None => text,
    };
    Ok((name, dir, text))
}

/// The rules for each folder: `--config`, or the nearest `.second-story-lint.ron`
/// upward, or the built-in rules. Each config is read and compiled once.
struct Rules {
    fixed: Option<PathBuf>,
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    by_config: HashMap<PathBuf, Result<Arc<Linter>, String>>,
}

impl Rules {
    fn new(fixed: Option<&Path>) -> Self {
        Self {
            fixed: fixed.map(Path::to_path_buf),
            by_dir: HashMap::new(),
            by_config: HashMap::new(),
        }
    }

    fn for_dir(&mut self, dir: &Path) -> Result<Arc<Linter>, String> {
        let config = match &self.fixed {
            Some(c) => Some(c.clone()),
            None => self
                .by_dir
                .entry(dir.to_path_buf())
                .or_insert_with(|| crate::io::lint_config::find_config(dir))
                .clone(),
        };
        let Some(config) = config else {
            return Ok(Linter::builtin());
        };
        self.by_config
            .entry(config.clone())
            .or_insert_with(|| {
                let linter = crate::io::lint_config::load_config(&config)?;
                for w in &linter.warnings {
                    eprintln!("{}", output::one_line(w));
                }
                Ok(Arc::new(linter))
            })
            .clone()
    }
}

fn write_vale_style(linter: &Linter, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("Could not create {}: {e}", dir.display()))?;
    let files = lint::vale::vale_style(&linter.rules);
    for (name, text) in &files {
        let path = dir.join(name);
        crate::io::write_atomic(&path, text.as_bytes()).map_err(|e| e.to_string())?;
    }
    eprintln!(
        "Wrote a Vale style of {} rules to {} (from the {}). Add `BasedOnStyles = {}` to .vale.ini.",
        files.len().saturating_sub(1),
        dir.display(),
        linter.origin,
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| lint::vale::style_name(&linter.rules))
    );
    Ok(())
}
