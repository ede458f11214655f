//! Markdown export of a session: the second-story write-up.
//!
//! All user text goes through [`escape_inline`] so that notes cannot inject HTML,
//! links or headings into a wiki that renders the export.

use super::redact::Redactor;
use super::session::*;
use super::{lint, narrative};
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

/// A file built from the whole session in the background: on a thread natively, in
/// the background worker in the browser (which is sent the job by [`code`](Self::code)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionExport {
    /// The write-up as Markdown, redacted or not.
    Markdown {
        /// Pseudonymize names and leave out restricted material.
        redact: bool,
    },
    /// A redacted copy of the session file, to share.
    RedactedCopy,
}

impl SessionExport {
    /// Builds the file's text, or says in words why it could not be built.
    pub fn build(self, session: &Session) -> Result<String, String> {
        match self {
            Self::Markdown { redact } => Ok(to_markdown(session, ExportOptions { redact })),
            Self::RedactedCopy => {
                super::file::to_ron_string(&super::redact::redacted_copy(session))
                    .map_err(|e| format!("Could not make a redacted copy: {e}"))
            }
        }
    }

    /// A short name for the job, to hand it to the browser's worker.
    pub fn code(self) -> &'static str {
        match self {
            Self::Markdown { redact: false } => "markdown",
            Self::Markdown { redact: true } => "markdown-redacted",
            Self::RedactedCopy => "redacted-copy",
        }
    }

    /// The job [`code`](Self::code) names.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            Self::Markdown { redact: false },
            Self::Markdown { redact: true },
            Self::RedactedCopy,
        ]
        .into_iter()
        .find(|j| j.code() == code)
    }
}

/// The whole second-story write-up as Markdown (CommonMark with GFM tables and
/// footnotes): the included sections in order, a footnote for every cited statement
/// (pseudonym, interview, words), and a list of claims whose evidence is gone.
/// Off-the-record statements never appear. When the session has no write-up yet, a
/// draft from the session is exported instead.
pub fn to_markdown(session: &Session, options: ExportOptions) -> String {
    let drafted;
    let sections: &[NarrativeSection] = if session.narrative.sections.is_empty() {
        drafted = draft_sections(session);
        &drafted
    } else {
        &session.narrative.sections
    };
    write_up(session, sections, options)
}

/// The standard sections drafted from the session, without storing them (used when a
/// session has no write-up yet).
pub fn draft_sections(session: &Session) -> Vec<NarrativeSection> {
    narrative::STANDARD
        .iter()
        .map(|std| {
            let body = narrative::draft_body(session, std.kind);
            NarrativeSection {
                id: super::Id::NIL,
                kind: std.kind.to_owned(),
                title: std.title.to_owned(),
                included: !body.trim().is_empty(),
                generated_hash: Some(narrative::body_hash(&body)),
                body,
            }
        })
        .collect()
}

fn redactor(session: &Session, options: ExportOptions) -> Redactor {
    if options.redact {
        Redactor::new(session)
    } else {
        Redactor::default()
    }
}

/// The write-up made of `sections` (see [`to_markdown`]).
pub fn write_up(
    session: &Session,
    sections: &[NarrativeSection],
    options: ExportOptions,
) -> String {
    let r = redactor(session, options);
    let t = |s: &str| escape_inline(&r.redact(s));
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", t(session.display_title()));
    let mut byline = format!("*{}*", session.kind.label());
    if !session.facilitators.is_empty() {
        let names: Vec<String> = session.facilitators.iter().map(|f| t(f)).collect();
        let _ = write!(byline, " · facilitated by {}", names.join(", "));
    }
    let on_record: usize = session
        .interviews
        .iter()
        .map(|i| i.statements.iter().filter(|s| !s.off_record).count())
        .sum();
    let _ = writeln!(
        byline,
        " · {}, {}, {} on record",
        count(session.participants.len(), "participant", "participants"),
        count(session.interviews.len(), "interview", "interviews"),
        count(on_record, "statement", "statements"),
    );
    md.push_str(&byline);
    md.push('\n');
    let mut labels: Vec<String> = Vec::new();
    // A long write-up cites thousands of statements: a set keeps this linear.
    let mut seen = std::collections::HashSet::new();
    for sec in sections
        .iter()
        .filter(|s| s.included && !s.body.trim().is_empty())
    {
        let title = if sec.title.trim().is_empty() {
            "Untitled section"
        } else {
            sec.title.trim()
        };
        let _ = writeln!(md, "## {}\n", t(title));
        let body = sanitize_markdown(&r.redact(&sec.body));
        md.push_str(body.trim_end());
        md.push_str("\n\n");
        for f in narrative::footnote_refs(&sec.body) {
            if seen.insert(f.label.clone()) {
                labels.push(f.label);
            }
        }
    }
    md.push_str(&super::first_half_hour::markdown(session));
    let index = narrative::EvidenceIndex::new(session);
    let broken = narrative::broken_claims_with(&index, sections);
    if !broken.is_empty() {
        md.push_str("## Claims whose evidence is missing\n\n");
        md.push_str(
            "These claims cite statements that were deleted or are off the record. Find new \
evidence or rephrase them.\n\n",
        );
        for b in &broken {
            let why = if b.deleted {
                "statement deleted"
            } else {
                "statement off the record"
            };
            let _ = writeln!(
                md,
                "- *{}*, line {}: {} ({why})",
                t(&b.section_title),
                b.line,
                t(&b.claim)
            );
        }
        md.push('\n');
    }
    for label in &labels {
        let _ = writeln!(
            md,
            "[^{label}]: {}",
            footnote_text(session, &index, label, &r)
        );
    }
    if !labels.is_empty() {
        md.push('\n');
    }
    // Acknowledged language findings travel with the file, so `second-story lint` on
    // the exported write-up agrees with the app.
    for ack in &session.narrative.acknowledged {
        let clean = |s: &str| {
            s.replace("--", "–")
                .replace(['"', '\n', '\r'], " ")
                .trim()
                .to_owned()
        };
        if ack.phrase.trim().is_empty() {
            continue;
        }
        let _ = writeln!(
            md,
            "<!-- {} \"{}\" — {} -->",
            lint::ACK_MARKER,
            clean(&r.redact(&ack.phrase)),
            clean(&r.redact(&ack.reason))
        );
    }
    md
}

/// The footnote text for a label, escaped and redacted.
fn footnote_text(
    session: &Session,
    index: &narrative::EvidenceIndex<'_>,
    label: &str,
    r: &Redactor,
) -> String {
    match index.resolve(label) {
        narrative::Evidence::Found {
            interview,
            statement,
        } => escape_inline(&r.redact(&narrative::evidence_text(session, interview, statement))),
        narrative::Evidence::OffRecord => {
            "Evidence withheld: the statement is off the record.".to_owned()
        }
        narrative::Evidence::Missing => {
            "Evidence missing: the statement was deleted from the session.".to_owned()
        }
    }
}

/// One section as Markdown with its own footnotes, for the live preview.
pub fn section_markdown(
    session: &Session,
    section: &NarrativeSection,
    options: ExportOptions,
) -> String {
    let index = narrative::EvidenceIndex::new(session);
    section_markdown_using(&index, &redactor(session, options), section)
}

/// [`section_markdown`] with an evidence index and a redactor made earlier
/// ([`Redactor::default`] replaces nothing): both depend only on statements and
/// participants, so the live preview keeps them while the write-up is edited.
pub fn section_markdown_using(
    index: &narrative::EvidenceIndex<'_>,
    r: &Redactor,
    section: &NarrativeSection,
) -> String {
    let session = index.session();
    let mut md = sanitize_markdown(&r.redact(&section.body));
    let mut seen = std::collections::HashSet::new();
    let mut labels: Vec<String> = Vec::new();
    for f in narrative::footnote_refs(&section.body) {
        if seen.insert(f.label.clone()) {
            labels.push(f.label);
        }
    }
    if !labels.is_empty() {
        md.push_str("\n\n");
    }
    for label in labels {
        let _ = writeln!(
            md,
            "[^{label}]: {}",
            footnote_text(session, index, &label, r)
        );
    }
    md
}

/// The Markdown options used to read write-ups: GFM tables, footnotes, strikethrough,
/// task lists.
pub fn parser_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Whether a link target is safe to keep in a wiki: relative, or http(s)/mailto.
fn safe_url(url: &str, image: bool) -> bool {
    let url = url.trim();
    let scheme_end = url.find(':');
    let first_sep = url.find(['/', '?', '#']).unwrap_or(url.len());
    match scheme_end {
        Some(end) if end < first_sep => {
            let scheme = url[..end].to_ascii_lowercase();
            if image {
                matches!(scheme.as_str(), "http" | "https")
            } else {
                matches!(scheme.as_str(), "http" | "https" | "mailto")
            }
        }
        _ => true,
    }
}

/// Makes a facilitator's Markdown safe to publish while keeping its formatting: raw
/// HTML is shown as text, links and images with unsafe targets (`javascript:`,
/// `data:` …) become plain text, and headings of level 1 and 2 are demoted to level 3
/// so a section cannot break the write-up's outline.
pub fn sanitize_markdown(body: &str) -> String {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};
    // (start, end, replacement), applied back to front.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let neutralize_html =
        |range: std::ops::Range<usize>| (range.start, range.end, body[range].replace('<', "&lt;"));
    for (ev, range) in Parser::new_ext(body, parser_options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::HtmlBlock) => edits.push(neutralize_html(range)),
            Event::Html(_) | Event::InlineHtml(_) => edits.push(neutralize_html(range)),
            Event::Start(Tag::Link { dest_url, .. }) if !safe_url(&dest_url, false) => {
                edits.push((range.start, range.start, "\\".to_owned()));
            }
            Event::Start(Tag::Image { dest_url, .. })
                if !safe_url(&dest_url, true) && body[range.start..].starts_with("![") =>
            {
                // "![" → "\!\[": neither an image nor a link is left.
                edits.push((range.start, range.start + 2, "\\!\\[".to_owned()));
            }
            Event::Start(Tag::Heading { level, .. })
                if matches!(level, HeadingLevel::H1 | HeadingLevel::H2) =>
            {
                let text = &body[range.clone()];
                let lead = text.len() - text.trim_start_matches(' ').len();
                if text[lead..].starts_with('#') {
                    let extra = if level == HeadingLevel::H1 { "##" } else { "#" };
                    edits.push((range.start + lead, range.start + lead, extra.to_owned()));
                } else if let Some(nl) = text.trim_end().rfind('\n') {
                    // A setext heading ("Title" over "===" or "---"): drop the underline,
                    // leaving a paragraph. (Inserting "###" before the title could clash
                    // with an edit to a link at the same place.)
                    let underline_end = range.start + text.trim_end().len();
                    edits.push((range.start + nl, underline_end, "\n".to_owned()));
                }
            }
            _ => {}
        }
    }
    edits.sort_by_key(|e| (e.0, e.1));
    // Drop edits inside an earlier one (e.g. an Html line inside its HTML block).
    let mut kept: Vec<(usize, usize, String)> = Vec::new();
    for e in edits {
        match kept.last() {
            Some(last) if e.0 < last.1 || (e.0 == last.0 && e.1 == last.1) => {}
            _ => kept.push(e),
        }
    }
    let mut out = body.to_owned();
    for (start, end, text) in kept.into_iter().rev() {
        if start <= end
            && end <= out.len()
            && out.is_char_boundary(start)
            && out.is_char_boundary(end)
        {
            out.replace_range(start..end, &text);
        }
    }
    out
}

/// "1 interview", "3 interviews".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A part of a preview longer than this is cut further at the next blank line.
pub const PREVIEW_PART_BYTES: usize = 8 * 1024;

/// Exported Markdown cut into parts for a preview that lays out only what is on
/// screen: a part per `## ` section (the title and byline before the first), a very
/// long section cut further at blank lines after [`PREVIEW_PART_BYTES`], each part with
/// the footnote definitions it cites (footnotes render under the passage that cites
/// them rather than at the very end). A section's body cannot contain a `## ` heading
/// line of its own (the export demotes them), and code fences are never cut.
pub fn preview_parts(md: &str) -> Vec<String> {
    let mut parts: Vec<String> = vec![String::new()];
    let mut definitions: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    let mut fence: Option<&str> = None;
    for line in md.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
        } else if line.starts_with("## ")
            || (line.trim().is_empty()
                && parts.last().is_some_and(|p| p.len() >= PREVIEW_PART_BYTES))
        {
            parts.push(String::new());
        } else if let Some(label) = footnote_definition_label(line) {
            definitions.insert(label, line);
            continue;
        }
        if let Some(part) = parts.last_mut() {
            part.push_str(line);
        }
    }
    parts.retain(|p| !p.trim().is_empty());
    for part in &mut parts {
        let mut cited: Vec<&str> = Vec::new();
        for f in narrative::footnote_refs(part) {
            if let Some(line) = definitions.get(f.label.as_str())
                && !cited.contains(line)
            {
                cited.push(line);
            }
        }
        if !cited.is_empty() {
            part.push('\n');
            for line in cited {
                part.push_str(line);
                if !line.ends_with('\n') {
                    part.push('\n');
                }
            }
        }
    }
    parts
}

/// `s-1a2b3c4d` for a footnote definition line `[^s-1a2b3c4d]: …`.
fn footnote_definition_label(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("[^")?;
    let end = rest.find("]: ")?;
    let label = &rest[..end];
    label
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
        .then_some(label)
}

#[cfg(test)]
mod tests {
    #[test]
    fn session_exports_are_named_for_the_worker_and_build_what_they_say() {
        let session = crate::model::file::from_str(crate::model::EXAMPLE_SESSION)
            .unwrap()
            .session;
        for job in [
            SessionExport::Markdown { redact: false },
            SessionExport::Markdown { redact: true },
            SessionExport::RedactedCopy,
        ] {
            assert_eq!(SessionExport::from_code(job.code()), Some(job));
        }
        assert_eq!(SessionExport::from_code("pdf"), None);
        let plain = SessionExport::Markdown { redact: false }
            .build(&session)
            .unwrap();
        assert_eq!(
            plain,
            to_markdown(&session, ExportOptions { redact: false })
        );
        let redacted = SessionExport::Markdown { redact: true }
            .build(&session)
            .unwrap();
        assert_ne!(plain, redacted);
        let copy = SessionExport::RedactedCopy.build(&session).unwrap();
        let back = crate::model::file::from_str(&copy).unwrap().session;
        assert_eq!(back, crate::model::redact::redacted_copy(&session));
    }

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
        p.consent.may_quote = true;
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
        // No write-up yet: the export is a draft from the session.
        let md = to_markdown(&s, ExportOptions { redact: true });
        assert!(md.contains("I told P1 the dashboard lagged"), "{md}");
        assert!(!md.contains("Ana"));
        assert!(!md.contains("vendor"));
        let md = to_markdown(&s, ExportOptions { redact: false });
        assert!(md.contains("Ana"));
        assert!(!md.contains("vendor"));
    }

    /// A session whose every text field is hostile, with a hand-written write-up that
    /// cites real, off-record and deleted statements.
    fn hostile() -> Session {
        let nasty = "<script>alert(1)</script> [x](javascript:alert(1)) # h <b>b</b>\n# Heading\n<img src=x onerror=alert(1)>\n[ref]: http://evil";
        let mut s = Session::new(nasty, SessionKind::IncidentReview);
        s.purpose = nasty.into();
        s.facilitators = vec![nasty.into()];
        let mut p = Participant::new(nasty);
        p.real_name = Some("Dana Wu".into());
        p.consent.may_quote = true;
        p.role = nasty.into();
        let pid = p.id;
        s.participants.push(p);
        let mut i = Interview {
            participant: pid,
            title: nasty.into(),
            ..Default::default()
        };
        for kind in [StatementKind::Quote, StatementKind::Decision] {
            i.statements.push(Statement {
                kind,
                text: format!("Dana said {nasty}"),
                ..Default::default()
            });
        }
        i.statements.push(Statement {
            text: "secret words".into(),
            off_record: true,
            ..Default::default()
        });
        let ids: Vec<_> = i.statements.iter().map(|x| x.id).collect();
        s.interviews.push(i);
        s.findings.push(Finding {
            text: nasty.into(),
            evidence: ids.clone(),
            ..Default::default()
        });
        s.follow_ups.push(FollowUp {
            text: nasty.into(),
            ..Default::default()
        });
        s.timeline.push(TimelineEvent {
            description: nasty.into(),
            evidence: ids.clone(),
            ..Default::default()
        });
        let mut sections = draft_sections(&s);
        for sec in &mut sections {
            sec.id = super::super::Id::new();
        }
        sections[0].title = nasty.into();
        sections[0].body = format!(
            "Hand-written: Dana Wu was there.{} The off-record one.{}\nA deleted one.[^s-deadbeef]\n\n<div onclick=x>raw</div>\n\n[click](javascript:alert(1)) ![i](data:x) <javascript:alert(1)>\n\n# Big heading\n\n[ok](https://example.org)",
            narrative::footnote_ref(ids[0]),
            narrative::footnote_ref(ids[2]),
        );
        s.narrative.sections = sections;
        s.narrative.acknowledged.push(LintAck {
            phrase: "just\" --> <script>".into(),
            section: None,
            reason: "--> <b>x</b>".into(),
        });
        s
    }

    #[test]
    fn user_text_cannot_inject_markup() {
        use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag};
        let s = hostile();
        for redact in [true, false] {
            let md = to_markdown(&s, ExportOptions { redact });
            let mut links = Vec::new();
            let mut h1 = 0;
            for ev in Parser::new_ext(&md, parser_options()) {
                match ev {
                    Event::Html(h) | Event::InlineHtml(h) => {
                        assert!(
                            h.starts_with("<!-- second-story-lint: ok")
                                && h.matches("-->").count() == 1,
                            "html {h:?} in\n{md}"
                        );
                    }
                    Event::Start(Tag::Link {
                        dest_url,
                        link_type,
                        ..
                    }) => {
                        assert_ne!(link_type, LinkType::Autolink, "{md}");
                        links.push(dest_url.to_string());
                    }
                    Event::Start(Tag::Image { .. }) => panic!("image in\n{md}"),
                    Event::Start(Tag::Heading {
                        level: HeadingLevel::H1,
                        ..
                    }) => h1 += 1,
                    _ => {}
                }
            }
            // The only link is the facilitator's own https link.
            assert_eq!(links, vec!["https://example.org".to_owned()], "{md}");
            assert_eq!(h1, 1, "only the title is a top-level heading:\n{md}");
            assert!(!md.contains("secret words"));
        }
    }

    #[test]
    fn footnotes_resolve_and_missing_evidence_is_listed() {
        let s = hostile();
        let md = to_markdown(&s, ExportOptions { redact: true });
        let quote = s.interviews[0].statements[0].id;
        let label = narrative::footnote_label(quote);
        assert!(md.contains(&format!("[^{label}]: ")), "{md}");
        assert!(md.contains("## Claims whose evidence is missing"));
        assert!(md.contains("statement deleted"));
        assert!(md.contains("statement off the record"));
        assert!(md.contains("[^s-deadbeef]: Evidence missing"));
        assert!(!md.contains("Dana"), "{md}");
        // Every footnote reference has a definition, so a renderer links them all.
        use pulldown_cmark::{Event, Parser, Tag};
        let mut refs = Vec::new();
        let mut defs = Vec::new();
        for ev in Parser::new_ext(&md, parser_options()) {
            match ev {
                Event::FootnoteReference(l) => refs.push(l.to_string()),
                Event::Start(Tag::FootnoteDefinition(l)) => defs.push(l.to_string()),
                _ => {}
            }
        }
        assert!(refs.len() >= 3, "{refs:?}");
        for r in refs {
            assert!(defs.contains(&r), "{r} has no definition");
        }
    }

    #[test]
    fn sanitize_keeps_ordinary_formatting() {
        let body = "Some *emphasis*, a [link](https://example.org) and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n### Sub-heading";
        assert_eq!(sanitize_markdown(body), body);
        assert_eq!(sanitize_markdown("# Top"), "### Top");
        assert_eq!(sanitize_markdown("## Second"), "### Second");
        assert_eq!(sanitize_markdown("a <b>x</b>"), "a &lt;b>x&lt;/b>");
    }

    #[test]
    fn preview_parts_keep_each_sections_footnotes_with_it() {
        let md = "# T\n\nbyline\n\n## One\n\nA claim.[^s-00000001]\n\n```\n## not a heading\n```\n\n## Two\n\nB.[^s-00000002] Again.[^s-00000001] Gone.[^s-0000dead]\n\n[^s-00000001]: first\n[^s-00000002]: second\n";
        let parts = preview_parts(md);
        assert_eq!(parts.len(), 3, "{parts:#?}");
        assert!(parts[0].starts_with("# T") && !parts[0].contains("[^"));
        assert!(parts[1].starts_with("## One"));
        assert!(parts[1].contains("## not a heading"), "a fenced line stays");
        assert!(parts[1].ends_with("[^s-00000001]: first\n"), "{}", parts[1]);
        assert!(!parts[1].contains("second"));
        assert!(
            parts[2].ends_with("[^s-00000002]: second\n[^s-00000001]: first\n"),
            "in the order cited: {}",
            parts[2]
        );
        assert!(
            !parts[2].contains("[^s-0000dead]:"),
            "no definition, none invented"
        );
        // Nothing is lost: every line of the export is in some part.
        for line in md.lines().filter(|l| !l.trim().is_empty()) {
            assert!(parts.iter().any(|p| p.contains(line)), "{line}");
        }
        assert!(preview_parts("").is_empty());

        // A very long section is cut at blank lines, never inside a code fence, and
        // each piece keeps the footnotes it cites.
        let para = format!("{}[^s-00000001]\n\n", "word ".repeat(200));
        let fenced = format!("```\n{}\n\n{}\n```\n\n", "code ".repeat(2000), "more");
        let md = format!(
            "## Long\n\n{}{fenced}{}[^s-00000001]: first\n",
            para.repeat(20),
            para.repeat(20)
        );
        let parts = preview_parts(&md);
        assert!(parts.len() > 3, "{}", parts.len());
        for p in &parts {
            assert!(p.len() < PREVIEW_PART_BYTES + 11_000, "{}", p.len());
            assert_eq!(p.matches("```").count() % 2, 0, "a fence is never cut");
            assert!(p.ends_with("[^s-00000001]: first\n"), "{p}");
        }
        assert!(parts[0].starts_with("## Long"));
    }
}
