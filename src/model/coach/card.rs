//! The after-interview card: how the facilitator's questions went, for their own
//! learning. Talk balance, questions of each kind, probes suggested against those
//! asked, the "how it made sense" aspects still open at this person's decision points,
//! and the guide questions never asked. It can be written as a short Markdown note;
//! it is never part of the write-up.

use super::content::{content_words, match_score, suggested_after};
use super::{QuestionCheck, flagged, is_question};
use crate::model::guides::find_guide;
use crate::model::id::Id;
use crate::model::markdown::escape_inline;
use crate::model::probes::{self, aspect_label, talk_balance};
use crate::model::session::{AskedStatus, AspectKind, Interview, Session, Speaker};
use crate::model::validate::fmt_secs;
use std::collections::HashSet;
use std::fmt::Write as _;

/// The interviewee's share of the words (percent) from which the card says they did
/// most of the talking.
pub const TALK_SHARE_AIM: u32 = 70;

/// A facilitator question the check flagged, as the card lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardQuestion {
    /// The statement.
    pub statement: Id,
    /// Seconds into the interview.
    pub at_secs: u32,
    /// The words asked.
    pub text: String,
    /// The kinds found, in display order.
    pub kinds: Vec<String>,
    /// What to try instead (for the first kind).
    pub try_instead: String,
}

/// The card for one interview.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Card {
    /// The interview.
    pub interview: Id,
    /// Its title (or "Interview with PSEUDONYM").
    pub title: String,
    /// Length in seconds.
    pub duration_secs: u32,
    /// Statements captured.
    pub statements: usize,
    /// Of those, off the record (0 in a note: they are not in the view it is made from).
    pub off_record: usize,
    /// Words said by the interviewee and by the facilitator.
    pub words: (usize, usize),
    /// The facilitator's questions.
    pub questions: usize,
    /// Of those, the ones the check found nothing in.
    pub open_questions: usize,
    /// How many questions of each kind the check found (a question can be of two
    /// kinds), for every kind the rules know, in display order.
    pub by_kind: Vec<(String, usize)>,
    /// Questions whose findings the facilitator dismissed.
    pub dismissed: usize,
    /// The flagged questions not dismissed, in the order asked.
    pub flagged: Vec<CardQuestion>,
    /// Distinct probes suggested after what the interviewee said.
    pub probes_suggested: usize,
    /// Of those, the ones asked (recorded, or said in the facilitator's own words).
    pub probes_asked: usize,
    /// This person's decision points, each with the aspects not explored yet.
    pub unexplored: Vec<(String, Vec<AspectKind>)>,
    /// The guide's name, if the interview used one.
    pub guide: Option<String>,
    /// Guide questions never asked (skipped ones included), with whether skipped.
    pub guide_not_asked: Vec<(String, bool)>,
}

impl Card {
    /// The card for `interview` in `session` (the session as it is, in the app; the
    /// note that leaves the file is made from a publishable view, see [`note`]).
    pub fn build(session: &Session, interview: &Interview, check: &QuestionCheck) -> Card {
        let title = interview_title(session, interview);
        let words = talk_balance(&interview.statements);
        let questions: Vec<_> = interview
            .statements
            .iter()
            .filter(|s| s.speaker == Speaker::Facilitator && is_question(&s.text))
            .collect();
        let all = flagged(check, interview);
        let mut by_kind: Vec<(String, usize)> = check.kinds().into_iter().map(|k| (k, 0)).collect();
        for f in all.iter().filter(|f| !f.dismissed) {
            for finding in &f.findings {
                match by_kind.iter_mut().find(|(k, _)| *k == finding.kind) {
                    Some((_, n)) => *n += 1,
                    None => by_kind.push((finding.kind.clone(), 1)),
                }
            }
        }
        let flagged_list: Vec<CardQuestion> = all
            .iter()
            .filter(|f| !f.dismissed)
            .map(|f| CardQuestion {
                statement: f.statement.id,
                at_secs: f.statement.at_secs,
                text: f.statement.text.clone(),
                kinds: f.findings.iter().map(|x| x.kind.clone()).collect(),
                try_instead: f
                    .findings
                    .first()
                    .map(|x| x.try_instead.clone())
                    .unwrap_or_default(),
            })
            .collect();
        let dismissed = all.iter().filter(|f| f.dismissed).count();
        let (probes_suggested, probes_asked) = probe_counts(interview);
        let own: HashSet<Id> = interview.statements.iter().map(|s| s.id).collect();
        let unexplored = session
            .decision_points
            .iter()
            .filter(|d| {
                d.who.contains(&interview.participant)
                    || d.statements.iter().any(|s| own.contains(s))
            })
            .map(|d| {
                let t = if d.title.trim().is_empty() {
                    "Untitled decision point".to_owned()
                } else {
                    d.title.trim().to_owned()
                };
                (t, probes::unexplored_aspects(d))
            })
            .collect();
        let guide = interview.guide.and_then(|id| find_guide(session, id));
        let guide_not_asked = guide
            .map(|g| {
                g.questions
                    .iter()
                    .filter_map(|q| {
                        let record = interview.asked.iter().find(|a| a.question == Some(q.id));
                        match record.map(|a| a.status) {
                            Some(AskedStatus::Asked) => None,
                            Some(AskedStatus::Skipped) => Some((q.text.clone(), true)),
                            None => Some((q.text.clone(), false)),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        Card {
            interview: interview.id,
            title,
            duration_secs: interview.duration_secs,
            statements: interview.statements.len(),
            off_record: interview.statements.iter().filter(|s| s.off_record).count(),
            words,
            questions: questions.len(),
            open_questions: questions.len() - all.len(),
            by_kind,
            dismissed,
            flagged: flagged_list,
            probes_suggested,
            probes_asked,
            unexplored,
            guide: guide.map(|g| g.name.clone()),
            guide_not_asked,
        }
    }

    /// The interviewee's share of the words said, in percent (None before anyone spoke).
    pub fn interviewee_share(&self) -> Option<u32> {
        let (them, us) = self.words;
        let total = them + us;
        (total > 0).then(|| ((them as f64 * 100.0) / total as f64).round() as u32)
    }

    /// How many questions the check flagged and the facilitator did not dismiss.
    pub fn flagged_count(&self) -> usize {
        self.flagged.len()
    }

    /// The card's figures, one line each (talk balance, questions, probes).
    pub fn summary_lines(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "Length: {} · {} statements{}",
            fmt_secs(self.duration_secs),
            self.statements,
            if self.off_record > 0 {
                format!(" ({} off the record)", self.off_record)
            } else {
                String::new()
            }
        )];
        lines.push(match self.interviewee_share() {
            Some(share) => format!(
                "Talk balance: the interviewee said {share} % of the words ({} words; you said {}). {}",
                self.words.0,
                self.words.1,
                if share >= TALK_SHARE_AIM {
                    "They did most of the talking."
                } else {
                    "Aim for them to talk far more than you."
                }
            ),
            None => "Talk balance: nothing captured yet.".to_owned(),
        });
        let kinds: Vec<String> = self
            .by_kind
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        lines.push(format!(
            "Questions: {} asked, {} open{}{}",
            self.questions,
            self.open_questions,
            if kinds.is_empty() {
                String::new()
            } else {
                format!("; flagged: {}", kinds.join(", "))
            },
            if self.dismissed > 0 {
                format!(" ({} dismissed)", self.dismissed)
            } else {
                String::new()
            }
        ));
        lines.push(format!(
            "Probes: {} suggested after what they said, {} asked",
            self.probes_suggested, self.probes_asked
        ));
        lines
    }

    /// Decision points with aspects still unexplored, as "title: aspect, aspect".
    pub fn unexplored_lines(&self) -> Vec<String> {
        self.unexplored
            .iter()
            .filter(|(_, a)| !a.is_empty())
            .map(|(title, aspects)| {
                let names: Vec<&str> = aspects.iter().map(|a| aspect_label(*a)).collect();
                format!("{title}: {}", names.join(", "))
            })
            .collect()
    }

    /// The card as plain text for a terminal (`second-story coach`), indented under
    /// the interview's title; the flagged questions are listed apart.
    pub fn text(&self) -> String {
        let mut out = format!(
            "{}
",
            self.title
        );
        for l in self.summary_lines() {
            let _ = writeln!(out, "  {l}");
        }
        let open = self.unexplored_lines();
        if !open.is_empty() {
            out.push_str(
                "  Still unexplored at their decision points:
",
            );
            for l in open {
                let _ = writeln!(out, "    - {l}");
            }
        }
        if !self.guide_not_asked.is_empty() {
            let _ = writeln!(
                out,
                "  Not asked from the guide \"{}\":",
                self.guide.as_deref().unwrap_or("guide")
            );
            for (q, skipped) in &self.guide_not_asked {
                let _ = writeln!(out, "    - {q}{}", if *skipped { " (skipped)" } else { "" });
            }
        }
        out
    }

    /// The card as a short Markdown note for the facilitator's own learning.
    pub fn markdown(&self) -> String {
        let e = escape_inline;
        let mut md = String::new();
        let _ = writeln!(md, "# Coaching note: {}\n", e(&self.title));
        md.push_str(
            "*For your own learning as a facilitator. Not part of the write-up; do not share it \
as one.*\n\n",
        );
        for l in self.summary_lines() {
            let _ = writeln!(md, "- {}", e(&l));
        }
        md.push('\n');
        if !self.flagged.is_empty() {
            md.push_str("## Questions to ask differently next time\n\n");
            for q in &self.flagged {
                let _ = writeln!(
                    md,
                    "- {} — {}: “{}”  \n  Try: {}",
                    fmt_secs(q.at_secs),
                    q.kinds.join(", "),
                    e(q.text.trim()),
                    e(&q.try_instead)
                );
            }
            md.push('\n');
        }
        let open = self.unexplored_lines();
        if !open.is_empty() {
            md.push_str("## Still unexplored at their decision points\n\n");
            for l in open {
                let _ = writeln!(md, "- {}", e(&l));
            }
            md.push('\n');
        }
        if !self.guide_not_asked.is_empty() {
            let _ = writeln!(
                md,
                "## Not asked from the guide “{}”\n",
                e(self.guide.as_deref().unwrap_or("guide"))
            );
            for (q, skipped) in &self.guide_not_asked {
                let _ = writeln!(md, "- {}{}", e(q), if *skipped { " (skipped)" } else { "" });
            }
            md.push('\n');
        }
        md
    }
}

/// Distinct probes suggested after the interviewee's statements, and how many of them
/// were asked: recorded as asked, or said in the facilitator's own words later on.
pub fn probe_counts(interview: &Interview) -> (usize, usize) {
    let recorded: HashSet<&str> = interview
        .asked
        .iter()
        .filter(|a| a.status == AskedStatus::Asked && a.question.is_none())
        .map(|a| a.text.as_str())
        .collect();
    let mut suggested: Vec<(String, usize)> = Vec::new();
    for (k, s) in interview.statements.iter().enumerate() {
        if s.speaker != Speaker::Interviewee {
            continue;
        }
        for p in suggested_after(s) {
            if !suggested.iter().any(|(x, _)| *x == p) {
                suggested.push((p, k));
            }
        }
    }
    let said: Vec<(usize, HashSet<String>)> = interview
        .statements
        .iter()
        .enumerate()
        .filter(|(_, s)| s.speaker == Speaker::Facilitator)
        .map(|(k, s)| (k, content_words(&s.text)))
        .collect();
    let asked = suggested
        .iter()
        .filter(|(p, from)| {
            recorded.contains(p.as_str()) || {
                let words = content_words(p);
                said.iter()
                    .any(|(k, w)| k > from && match_score(w, &words) > 0.0)
            }
        })
        .count();
    (suggested.len(), asked)
}

/// The interview's title, or "Interview with PSEUDONYM".
pub fn interview_title(session: &Session, interview: &Interview) -> String {
    if interview.title.trim().is_empty() {
        format!(
            "Interview with {}",
            session.pseudonym(interview.participant)
        )
    } else {
        interview.title.trim().to_owned()
    }
}

/// The note for the facilitator and a file name for it, made from what may leave the
/// file: the publishable view of the session (no off-the-record words, no real
/// names), so the note is safe to keep outside the session file. None when the
/// interview is not in that view.
pub fn note(session: &Session, interview: Id, check: &QuestionCheck) -> Option<(String, String)> {
    let published =
        crate::model::publish::publishable(session, crate::model::publish::Audience::Everyone);
    let i = published.session.interview(interview)?;
    Some((
        note_file_name(&published.session, i),
        Card::build(&published.session, i, check).markdown(),
    ))
}

/// A file name for an interview's coaching note.
pub fn note_file_name(session: &Session, interview: &Interview) -> String {
    let mut slug = String::new();
    for c in interview_title(session, interview).chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    format!(
        "coaching-note-{}.md",
        if slug.is_empty() { "interview" } else { slug }
    )
}
