//! Markdown export of a session.
//!
//! All user text goes through [`escape_inline`] so that notes cannot inject HTML,
//! links or headings into a wiki that renders the export.

use super::redact::Redactor;
use super::session::*;
use super::validate::fmt_secs;
use std::fmt::Write as _;

/// Options for an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExportOptions {
    /// Replace real names with pseudonyms everywhere (on by default).
    pub redact: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self { redact: true }
    }
}

/// Escapes user text for use inside a Markdown paragraph, table cell or list item.
/// Nothing in the result is read as HTML, a link, emphasis or a block marker.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_line_start = true;
    for line in text.split('\n') {
        if !at_line_start {
            // A newline inside a list item or cell: keep it readable, as a hard break.
            out.push_str("  \n  ");
        }
        at_line_start = false;
        let line = line.trim_end_matches('\r');
        let trimmed = line.trim_start();
        // Block markers at the start of a line: headings, quotes, lists, rules.
        let mut chars = trimmed.char_indices().peekable();
        let leading_ws = &line[..line.len() - trimmed.len()];
        out.push_str(leading_ws);
        let mut first = true;
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '!' | '#' => {
                    out.push('\\');
                    out.push(c);
                }
                '&' => out.push_str("&amp;"),
                '-' | '+' | '=' if first => {
                    out.push('\\');
                    out.push(c);
                }
                '0'..='9' if first => {
                    // "1. text" or "1) text" would start an ordered list.
                    let rest = &trimmed[i..];
                    let digits = rest.chars().take_while(char::is_ascii_digit).count();
                    let after = rest[digits..].chars().next();
                    out.push_str(&rest[..digits]);
                    for _ in 1..digits {
                        chars.next();
                    }
                    if matches!(after, Some('.') | Some(')')) {
                        out.push('\\');
                    }
                }
                _ => out.push(c),
            }
            first = false;
        }
    }
    out
}

/// Escapes text for a table cell: inline escaping, and newlines become `<br>`-free spaces.
pub fn escape_cell(text: &str) -> String {
    escape_inline(&text.replace(['\n', '\r'], " "))
}

/// The session as a Markdown document. Off-the-record statements never appear.
pub fn to_markdown(session: &Session, options: ExportOptions) -> String {
    let r = if options.redact {
        Redactor::new(session)
    } else {
        Redactor::default()
    };
    let t = |s: &str| escape_inline(&r.redact(s));
    let cell = |s: &str| escape_cell(&r.redact(s));
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", t(session.display_title()));
    let _ = writeln!(md, "*{}*", session.kind.label());
    if !session.facilitators.is_empty() {
        let names: Vec<String> = session.facilitators.iter().map(|f| t(f)).collect();
        let _ = writeln!(md, " · facilitated by {}", names.join(", "));
    }
    md.push('\n');
    if !session.purpose.trim().is_empty() {
        let _ = writeln!(md, "## Why we looked at this\n\n{}\n", t(&session.purpose));
    }
    if !session.participants.is_empty() {
        md.push_str("## Participants\n\n| Pseudonym | Role | Team |\n|---|---|---|\n");
        for p in &session.participants {
            let _ = writeln!(
                md,
                "| {} | {} | {} |",
                cell(&p.pseudonym),
                cell(&p.role),
                cell(&p.team)
            );
        }
        md.push('\n');
    }
    for i in &session.interviews {
        let who = session.pseudonym(i.participant);
        let title = if i.title.trim().is_empty() {
            format!("Interview with {who}")
        } else {
            format!("{} ({})", i.title, who)
        };
        let _ = writeln!(md, "## {}\n", t(&title));
        for s in i.statements.iter().filter(|s| !s.off_record) {
            let speaker = match s.speaker {
                Speaker::Interviewee => who,
                Speaker::Facilitator => "Facilitator",
            };
            let text = if s.kind == StatementKind::Quote {
                format!("“{}”", t(&s.text))
            } else {
                t(&s.text)
            };
            let _ = writeln!(
                md,
                "- **{}** {} · *{}*: {}",
                fmt_secs(s.at_secs),
                t(speaker),
                s.kind.label().trim_matches('"'),
                text
            );
        }
        md.push('\n');
        if !i.summary.trim().is_empty() {
            let _ = writeln!(md, "**Summary.** {}\n", t(&i.summary));
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_defuses_markup() {
        let e = escape_inline("<script>alert(1)</script> [x](javascript:alert(1)) **b**");
        assert!(e.contains("\\<script\\>"));
        assert!(e.contains("\\[x\\]"));
        assert_eq!(escape_inline("# Heading"), "\\# Heading");
        assert_eq!(escape_inline("- item"), "\\- item");
        assert_eq!(escape_inline("12. item"), "12\\. item");
        assert_eq!(escape_inline("a & b"), "a &amp; b");
        assert_eq!(escape_inline("plain words, 10:42"), "plain words, 10:42");
    }

    #[test]
    fn escaped_text_renders_without_html_or_links() {
        let nasty = "# h\n<img src=x onerror=alert(1)>\n[l](javascript:x) `c` *e*\n1. x\n> q";
        let md = format!("- {}\n", escape_inline(nasty));
        let parser = pulldown_cmark::Parser::new(&md);
        for ev in parser {
            use pulldown_cmark::{Event, Tag};
            match ev {
                Event::Html(_) | Event::InlineHtml(_) => panic!("html in {md}"),
                Event::Start(
                    Tag::Link { .. } | Tag::Heading { .. } | Tag::Emphasis | Tag::BlockQuote(_),
                ) => {
                    panic!("markup in {md}")
                }
                Event::Code(_) => panic!("code in {md}"),
                _ => {}
            }
        }
    }

    #[test]
    fn off_record_never_exported_and_names_redacted() {
        let mut s = Session::new("Review", SessionKind::NearMiss);
        let mut p = Participant::new("P1");
        p.real_name = Some("Ana Lima".into());
        let pid = p.id;
        s.participants.push(p);
        s.interviews.push(Interview {
            participant: pid,
            statements: vec![
                Statement {
                    text: "I told Ana the dashboard lagged".into(),
                    kind: StatementKind::Quote,
                    ..Default::default()
                },
                Statement {
                    text: "between us: the vendor".into(),
                    off_record: true,
                    ..Default::default()
                },
            ],
            ..Default::default()
        });
        let md = to_markdown(&s, ExportOptions { redact: true });
        assert!(md.contains("I told P1 the dashboard lagged"), "{md}");
        assert!(!md.contains("Ana"));
        assert!(!md.contains("vendor"));
        let md = to_markdown(&s, ExportOptions { redact: false });
        assert!(md.contains("Ana"));
        assert!(!md.contains("vendor"));
    }
}
