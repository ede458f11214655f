//! Interview guides as data: the built-in question banks and the guide file that
//! facilitators share with colleagues.
//!
//! A guide file looks like this (ids are optional; importing gives fresh ones):
//!
//! ```text
//! (
//!     format: "second-story-guide",
//!     version: 1,
//!     guide: (
//!         name: "Normal work",
//!         when_to_use: "…",
//!         references: ["…"],
//!         questions: [
//!             (section: "A typical day", text: "Walk me through a typical shift."),
//!         ],
//!     ),
//! )
//! ```

use super::id::Id;
use super::session::{Guide, GuideQuestion, Session};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use thiserror::Error;

/// The format tag of guide files.
pub const GUIDE_FORMAT_TAG: &str = "second-story-guide";
/// The guide file version this build writes and reads.
pub const GUIDE_VERSION: u32 = 1;
/// The file name ending of guide files.
pub const GUIDE_EXTENSION: &str = "guide.ron";
/// Guide files larger than this are refused.
pub const MAX_GUIDE_BYTES: usize = 1024 * 1024;

/// The built-in guides' files, in the order they are offered.
const BUILTIN_FILES: [(&str, &str); 6] = [
    (
        "kick-off.guide.ron",
        include_str!("../../assets/guides/kick-off.guide.ron"),
    ),
    (
        "normal-work.guide.ron",
        include_str!("../../assets/guides/normal-work.guide.ron"),
    ),
    (
        "how-it-made-sense.guide.ron",
        include_str!("../../assets/guides/how-it-made-sense.guide.ron"),
    ),
    (
        "cdm-sweeps.guide.ron",
        include_str!("../../assets/guides/cdm-sweeps.guide.ron"),
    ),
    (
        "expertise-and-diagnosis.guide.ron",
        include_str!("../../assets/guides/expertise-and-diagnosis.guide.ron"),
    ),
    (
        "first-half-hour.guide.ron",
        include_str!("../../assets/guides/first-half-hour.guide.ron"),
    ),
];

/// Why a guide file could not be read. Every message is meant for the facilitator.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum GuideError {
    /// Nothing in the file.
    #[error("The guide file is empty.")]
    Empty,
    /// Too large to be a guide.
    #[error(
        "The file is {size_kb} KB; a guide file is at most 1024 KB. It is probably not a guide."
    )]
    TooLarge {
        /// Size in kilobytes.
        size_kb: usize,
    },
    /// A session file, not a guide.
    #[error(
        "This is a session file, not a guide. Open it with File → Open; to share a guide, use \"Export guide file…\"."
    )]
    SessionFile,
    /// Not a guide file at all.
    #[error(
        "This is not a Second Story guide file: it should start with `format: \"second-story-guide\"`."
    )]
    NotAGuideFile,
    /// Written by a newer version.
    #[error(
        "This guide was written by a newer Second Story (guide version {found}); this version reads version 1."
    )]
    NewerVersion {
        /// Version in the file.
        found: u32,
    },
    /// The RON could not be read.
    #[error("{message} (line {line}, column {column})")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong, in words.
        message: String,
    },
    /// The guide has no name.
    #[error("The guide has no name. Give it a `name: \"…\"`.")]
    NoName,
    /// The guide has no questions.
    #[error("The guide \"{name}\" has no questions.")]
    NoQuestions {
        /// The guide's name.
        name: String,
    },
}

impl GuideError {
    /// Line and column of a syntax error, if the error has a position.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Self::Syntax { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GuideFileIn {
    format: String,
    version: u32,
    guide: GuideIn,
}

// Unknown fields are refused so that a typo ("questons") is reported where it is
// instead of silently giving an empty guide. Ids are accepted and replaced.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct GuideIn {
    #[allow(dead_code)]
    id: Option<Id>,
    name: String,
    when_to_use: String,
    references: Vec<String>,
    questions: Vec<QuestionIn>,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct QuestionIn {
    #[allow(dead_code)]
    id: Option<Id>,
    section: String,
    text: String,
}

#[derive(Serialize)]
struct GuideFileOut<'a> {
    format: &'a str,
    version: u32,
    guide: GuideOut<'a>,
}

#[derive(Serialize)]
struct GuideOut<'a> {
    name: &'a str,
    when_to_use: &'a str,
    references: &'a [String],
    questions: Vec<QuestionOut<'a>>,
}

#[derive(Serialize)]
struct QuestionOut<'a> {
    section: &'a str,
    text: &'a str,
}

/// Reads a guide file. Every guide and question gets a fresh id, so importing the
/// same file twice gives two independent guides.
pub fn parse_guide(text: &str) -> Result<Guide, GuideError> {
    if text.len() > MAX_GUIDE_BYTES {
        return Err(GuideError::TooLarge {
            size_kb: text.len() / 1024,
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(GuideError::Empty);
    }
    let options = ron::Options::default().with_recursion_limit(32);
    let file: GuideFileIn = match options.from_str(text) {
        Ok(f) => f,
        Err(e) => return Err(syntax_error(text, &e)),
    };
    if file.format == super::file::FORMAT_TAG {
        return Err(GuideError::SessionFile);
    }
    if file.format != GUIDE_FORMAT_TAG {
        return Err(GuideError::NotAGuideFile);
    }
    if file.version > GUIDE_VERSION {
        return Err(GuideError::NewerVersion {
            found: file.version,
        });
    }
    let g = file.guide;
    if g.name.trim().is_empty() {
        return Err(GuideError::NoName);
    }
    let questions: Vec<GuideQuestion> = g
        .questions
        .into_iter()
        .filter(|q| !q.text.trim().is_empty())
        .map(|q| GuideQuestion {
            id: Id::new(),
            text: q.text,
            section: q.section,
        })
        .collect();
    if questions.is_empty() {
        return Err(GuideError::NoQuestions { name: g.name });
    }
    Ok(Guide {
        id: Id::new(),
        name: g.name,
        when_to_use: g.when_to_use,
        references: g.references,
        questions,
    })
}

fn syntax_error(text: &str, e: &ron::error::SpannedError) -> GuideError {
    use ron::Error as E;
    // A session file fails on its `session` field long before the format check.
    if text.contains("format: \"second-story\"") || text.contains("format:\"second-story\"") {
        return GuideError::SessionFile;
    }
    // Without the format tag anywhere it is some other file, whatever the parser says.
    if !text.contains(GUIDE_FORMAT_TAG) {
        return GuideError::NotAGuideFile;
    }
    let message = match &e.code {
        E::Eof => "The guide file ends too early — it looks cut off".to_owned(),
        // Never show internal type names ("GuideFileIn").
        E::ExpectedDifferentStructName { found, .. } => {
            format!("`{found}` is not expected here; remove the name before `(`")
        }
        E::MissingStructField { field, .. } if *field == "format" || *field == "guide" => {
            return GuideError::NotAGuideFile;
        }
        E::MissingStructField { field, outer } => match outer {
            Some(outer) => format!("A {outer} is missing its `{field}` field"),
            None => format!("Something is missing its `{field}` field"),
        },
        E::NoSuchStructField {
            found, expected, ..
        } => format!(
            "`{found}` is not a field here; expected one of: {}",
            expected.join(", ")
        ),
        other => {
            let mut s = other.to_string();
            if let Some(first) = s.get(..1) {
                let upper = first.to_uppercase();
                s.replace_range(..1, &upper);
            }
            s
        }
    };
    GuideError::Syntax {
        line: e.span.start.line,
        column: e.span.start.col,
        message,
    }
}

/// Writes a guide as a shareable file (without ids: they are per session).
pub fn guide_to_ron(g: &Guide) -> Result<String, String> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .struct_names(false)
        .escape_strings(false);
    let body = ron::ser::to_string_pretty(
        &GuideFileOut {
            format: GUIDE_FORMAT_TAG,
            version: GUIDE_VERSION,
            guide: GuideOut {
                name: &g.name,
                when_to_use: &g.when_to_use,
                references: &g.references,
                questions: g
                    .questions
                    .iter()
                    .map(|q| QuestionOut {
                        section: &q.section,
                        text: &q.text,
                    })
                    .collect(),
            },
        },
        config,
    )
    .map_err(|e| format!("Could not write the guide: {e}"))?;
    Ok(format!(
        "// Second Story interview guide. Import it in Interviews → Guides → Import guide file.\n{body}\n"
    ))
}

/// A file name for a guide, from its name ("Normal work" → "normal-work.guide.ron").
pub fn guide_file_name(g: &Guide) -> String {
    let mut slug = String::new();
    for c in g.name.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "guide" } else { slug };
    format!("{slug}.{GUIDE_EXTENSION}")
}

/// The stable id of a built-in guide (n counts from 1) or of its question q (from 1).
const fn builtin_id(n: u128, q: u128) -> Id {
    // "gUiDe" namespace in the top bits keeps these apart from random ids.
    Id::from_u128((0x0067_5569_4465_u128 << 88) | (n << 32) | q)
}

/// The built-in guides, parsed once. Their ids are stable across versions so that
/// interviews can refer to them.
pub fn builtin_guides() -> &'static [Guide] {
    static GUIDES: OnceLock<Vec<Guide>> = OnceLock::new();
    GUIDES.get_or_init(|| {
        BUILTIN_FILES
            .iter()
            .enumerate()
            .filter_map(|(n, (name, text))| match parse_guide(text) {
                Ok(mut g) => {
                    g.id = builtin_id(n as u128 + 1, 0);
                    for (q, question) in g.questions.iter_mut().enumerate() {
                        question.id = builtin_id(n as u128 + 1, q as u128 + 1);
                    }
                    Some(g)
                }
                Err(e) => {
                    // Covered by a unit test; never fatal for a user.
                    log::error!("built-in guide {name} is malformed: {e}");
                    None
                }
            })
            .collect()
    })
}

/// Whether a guide id is one of the built-ins.
pub fn is_builtin(id: Id) -> bool {
    builtin_guides().iter().any(|g| g.id == id)
}

/// Finds a guide by id among the session's own guides and the built-ins.
pub fn find_guide(session: &Session, id: Id) -> Option<&Guide> {
    session
        .guides
        .iter()
        .find(|g| g.id == id)
        .or_else(|| builtin_guides().iter().find(|g| g.id == id))
}

/// A copy of a guide with fresh ids, to edit as the session's own.
pub fn duplicate(g: &Guide) -> Guide {
    Guide {
        id: Id::new(),
        name: format!("{} (our copy)", g.name),
        when_to_use: g.when_to_use.clone(),
        references: g.references.clone(),
        questions: g
            .questions
            .iter()
            .map(|q| GuideQuestion {
                id: Id::new(),
                text: q.text.clone(),
                section: q.section.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_six_builtins_load_with_stable_ids() {
        for (name, text) in BUILTIN_FILES {
            let g = parse_guide(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!g.when_to_use.trim().is_empty(), "{name}: when_to_use");
            assert!(!g.references.is_empty(), "{name}: references");
            assert!(g.questions.len() >= 5, "{name}: questions");
        }
        let b = builtin_guides();
        assert_eq!(b.len(), 6);
        assert_eq!(b[0].id, builtin_id(1, 0));
        assert_eq!(b[2].questions[1].id, builtin_id(3, 2));
        assert!(is_builtin(b[5].id));
        assert!(!is_builtin(Id::new()));
        // Every id is unique across all built-ins.
        let mut ids: Vec<Id> = b
            .iter()
            .flat_map(|g| std::iter::once(g.id).chain(g.questions.iter().map(|q| q.id)))
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn builtins_cover_the_method() {
        let names: Vec<String> = builtin_guides()
            .iter()
            .map(|g| g.name.to_lowercase())
            .collect();
        for want in [
            "kick-off",
            "normal work",
            "made sense",
            "critical decision",
            "expertise",
            "first half hour",
        ] {
            assert!(
                names.iter().any(|n| n.contains(want)),
                "no built-in guide about {want}: {names:?}"
            );
        }
    }

    #[test]
    fn a_good_file_loads_with_fresh_ids() {
        let text = r#"(
    format: "second-story-guide",
    version: 1,
    guide: (
        name: "Deploys on Fridays",
        when_to_use: "Normal work study of the release train",
        references: ["Our own notes"],
        questions: [
            (section: "Start", text: "Walk me through your last deploy."),
            (text: "What do you check before you press the button?"),
            (text: "   "),
        ],
    ),
)"#;
        let a = parse_guide(text).expect("loads");
        let b = parse_guide(text).expect("loads again");
        assert_eq!(a.name, "Deploys on Fridays");
        assert_eq!(a.questions.len(), 2, "blank questions are dropped");
        assert_eq!(a.questions[0].section, "Start");
        assert_eq!(a.questions[1].section, "");
        assert_ne!(a.id, b.id);
        assert_ne!(a.questions[0].id, b.questions[0].id);
    }

    #[test]
    fn export_then_import_round_trips() {
        let g = &builtin_guides()[1];
        let text = guide_to_ron(g).expect("writes");
        assert!(!text.contains(&g.id.to_string()), "ids are not shared");
        let back = parse_guide(&text).expect("reads back");
        assert_eq!(back.name, g.name);
        assert_eq!(back.when_to_use, g.when_to_use);
        assert_eq!(back.references, g.references);
        let texts = |g: &Guide| {
            g.questions
                .iter()
                .map(|q| (q.section.clone(), q.text.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(&back), texts(g));
    }

    #[test]
    fn malformed_files_say_where() {
        // Missing comma after the name, on line 5.
        let text = "(\n    format: \"second-story-guide\",\n    version: 1,\n    guide: (\n        name: \"Broken\"\n        questions: [],\n    ),\n)";
        let e = parse_guide(text).expect_err("malformed");
        let (line, column) = e.position().expect("has a position");
        assert!((5..=6).contains(&line), "line {line}: {e}");
        assert!(column > 0);
        assert!(e.to_string().contains(&format!("line {line}")), "{e}");

        let e = parse_guide("(\n  format: \"second-story-guide\",\n  version: 1,\n  guide: (\n    name: \"X\",\n    questons: [],\n  ),\n)")
            .expect_err("typo in field");
        assert_eq!(e.position().map(|p| p.0), Some(6), "{e}");
        assert!(e.to_string().contains("questons"), "{e}");

        let e = parse_guide("(format: \"second-story-guide\", version: 1, guide: (name: \"Cut")
            .expect_err("cut");
        assert!(e.to_string().contains("line 1"), "{e}");
    }

    #[test]
    fn wrong_files_get_plain_words() {
        assert_eq!(parse_guide("  \n"), Err(GuideError::Empty));
        assert_eq!(
            parse_guide(
                "(format: \"something-else\", version: 1, guide: (name: \"x\", questions: [(text: \"q\")]))"
            ),
            Err(GuideError::NotAGuideFile)
        );
        assert_eq!(
            parse_guide("(name: \"x\", questions: [])"),
            Err(GuideError::NotAGuideFile)
        );
        let session = crate::model::file::to_ron_string(&Session::default()).expect("writes");
        assert_eq!(parse_guide(&session), Err(GuideError::SessionFile));
        assert_eq!(
            parse_guide(
                "(format: \"second-story-guide\", version: 9, guide: (name: \"x\", questions: [(text: \"q\")]))"
            ),
            Err(GuideError::NewerVersion { found: 9 })
        );
        assert_eq!(
            parse_guide(
                "(format: \"second-story-guide\", version: 1, guide: (name: \" \", questions: [(text: \"q\")]))"
            ),
            Err(GuideError::NoName)
        );
        assert!(matches!(
            parse_guide(
                "(format: \"second-story-guide\", version: 1, guide: (name: \"Empty\", questions: []))"
            ),
            Err(GuideError::NoQuestions { .. })
        ));
    }

    #[test]
    fn file_names_and_duplicates() {
        let mut g = builtin_guides()[0].clone();
        assert!(guide_file_name(&g).ends_with(".guide.ron"));
        g.name = "Deploys: on Fridays!".into();
        assert_eq!(guide_file_name(&g), "deploys-on-fridays.guide.ron");
        g.name = "  ".into();
        assert_eq!(guide_file_name(&g), "guide.guide.ron");
        let d = duplicate(&builtin_guides()[0]);
        assert_ne!(d.id, builtin_guides()[0].id);
        assert_eq!(d.questions.len(), builtin_guides()[0].questions.len());
        assert_ne!(d.questions[0].id, builtin_guides()[0].questions[0].id);
    }

    #[test]
    fn find_guide_looks_in_session_then_builtins() {
        let mut s = Session::default();
        let own = duplicate(&builtin_guides()[0]);
        s.guides.push(own.clone());
        assert_eq!(find_guide(&s, own.id).map(|g| g.id), Some(own.id));
        let b = builtin_guides()[3].id;
        assert_eq!(find_guide(&s, b).map(|g| g.id), Some(b));
        assert!(find_guide(&s, Id::new()).is_none());
    }
}
