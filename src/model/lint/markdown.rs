//! Markdown as the language check reads it: prose by block, from pulldown-cmark's
//! events and their source offsets. Code (spans and blocks), HTML, link targets and
//! front matter are not prose, by their parsed extent: a `` `<!--` `` in a code span
//! is code, not the start of a comment. Directives live in real HTML comments only.
//! One pass over the events, one pass of the matcher per block, and line and column
//! counted forward: the whole is linear in the text.

use super::{ACK_MARKER, LintFinding};
use crate::model::rules::{Hit, Prose, RuleSet};
use crate::model::session::LintAck;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::sync::Arc;

/// A finding and whether it is in a passage switched off.
pub(super) struct Scanned {
    pub finding: LintFinding,
    pub off: bool,
}

/// What a scan of a file finds.
pub(super) struct Scan {
    pub findings: Vec<Scanned>,
    pub acks: Vec<LintAck>,
}

/// A hit before line and column are known.
struct Raw {
    rule: usize,
    range: std::ops::Range<usize>,
    exempt: bool,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// Inline tags keep their text in the surrounding block; every other tag starts or
/// ends a block.
fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// The state of the walk over the events.
#[derive(Default)]
struct Walk {
    prose: Prose,
    cands: Vec<(u32, u32, u32)>,
    hits: Vec<Hit>,
    raw: Vec<Raw>,
    /// Inside block quotes / footnote definitions: people's words.
    quoted_depth: usize,
    /// Inside code blocks or front matter: not prose.
    skip_depth: usize,
    /// The current block's text is exempt (set when its first text arrives).
    block_exempt: bool,
    /// `(offset, on)` for each `off`/`on` directive, in order.
    toggles: Vec<(usize, bool)>,
    acks: Vec<LintAck>,
}

impl Walk {
    fn flush(&mut self, rules: &RuleSet) {
        if self.prose.is_empty() {
            return;
        }
        self.prose.finish();
        self.hits.clear();
        rules.find_into(&self.prose, &mut self.cands, &mut self.hits);
        if !self.hits.is_empty() {
            let quoted = self.prose.quoted();
            let mut q = 0;
            for h in &self.hits {
                while q < quoted.len() && quoted[q].end <= h.src.start {
                    q += 1;
                }
                let in_quote = quoted.get(q).is_some_and(|r| r.start <= h.src.start);
                self.raw.push(Raw {
                    rule: h.rule,
                    range: h.src.clone(),
                    exempt: self.block_exempt || in_quote,
                });
            }
        }
        self.prose.clear();
    }

    fn text(&mut self, offset: usize, s: &str) {
        if self.prose.is_empty() {
            self.block_exempt = self.quoted_depth > 0;
        }
        self.prose.push_text(offset, s);
    }

    /// Reads the second-story directives in a piece of HTML.
    fn html(&mut self, offset: usize, html: &str) {
        let mut rest = html;
        let mut at = offset;
        while let Some(open) = rest.find("<!--") {
            let body_start = open + 4;
            let end = rest[body_start..].find("-->").map(|e| body_start + e);
            let body = &rest[body_start..end.unwrap_or(rest.len())];
            self.directive(at + open, body.trim());
            let next = end.map_or(rest.len(), |e| e + 3);
            at += next;
            rest = &rest[next..];
        }
    }

    fn directive(&mut self, at: usize, body: &str) {
        let Some(rest) = body.strip_prefix("second-story-lint") else {
            return;
        };
        let rest = rest.trim_start_matches(':').trim();
        match rest {
            "off" => self.toggles.push((at, false)),
            "on" => self.toggles.push((at, true)),
            _ => {
                let ok = ACK_MARKER.trim_start_matches("second-story-lint:").trim();
                if let Some(ack) = rest.strip_prefix(ok).and_then(parse_ack) {
                    self.acks.push(ack);
                }
            }
        }
    }
}

/// `"phrase" — reason` (straight or curly quotes).
fn parse_ack(s: &str) -> Option<LintAck> {
    let s = s.trim();
    let (open, close) = if s.starts_with('"') {
        ('"', '"')
    } else if s.starts_with('“') {
        ('“', '”')
    } else {
        return None;
    };
    let inner = &s[open.len_utf8()..];
    let end = inner.find(close)?;
    Some(LintAck {
        phrase: inner[..end].to_owned(),
        section: None,
        reason: inner[end + close.len_utf8()..]
            .trim_start_matches([' ', '—', '–', '-', ':'])
            .trim()
            .to_owned(),
    })
}

/// Scans Markdown text: findings (with exemption and off flags, line and column)
/// and the acknowledgements written in it.
pub(super) fn scan(rules: &RuleSet, text: &str) -> Scan {
    let mut w = Walk::default();
    let mut html_block: Option<usize> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if is_inline(&tag) {
                    continue;
                }
                w.flush(rules);
                match tag {
                    Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) => w.quoted_depth += 1,
                    Tag::CodeBlock(_) | Tag::MetadataBlock(_) => w.skip_depth += 1,
                    Tag::HtmlBlock => html_block = Some(range.start),
                    _ => {}
                }
            }
            Event::End(tag) => {
                if is_inline_end(&tag) {
                    continue;
                }
                w.flush(rules);
                match tag {
                    TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition => {
                        w.quoted_depth = w.quoted_depth.saturating_sub(1);
                    }
                    TagEnd::CodeBlock | TagEnd::MetadataBlock(_) => {
                        w.skip_depth = w.skip_depth.saturating_sub(1);
                    }
                    TagEnd::HtmlBlock => {
                        if let Some(start) = html_block.take()
                            && let Some(html) = text.get(start..range.end.max(start))
                        {
                            w.html(start, html);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(_) if w.skip_depth == 0 && html_block.is_none() => {
                if let Some(s) = text.get(range.clone()) {
                    w.text(range.start, s);
                }
            }
            Event::Code(_) if w.skip_depth == 0 => {
                if w.prose.is_empty() {
                    w.block_exempt = w.quoted_depth > 0;
                }
                w.prose.push_opaque(range);
            }
            Event::InlineHtml(_) => {
                if let Some(s) = text.get(range.clone()) {
                    w.html(range.start, s);
                }
            }
            Event::Rule => w.flush(rules),
            _ => {}
        }
    }
    w.flush(rules);
    let Walk {
        raw, toggles, acks, ..
    } = w;
    Scan {
        findings: place(rules, text, raw, &toggles),
        acks,
    }
}

/// Adds line and column (counted forward, once) and the off flag.
fn place(
    rules: &RuleSet,
    text: &str,
    mut raw: Vec<Raw>,
    toggles: &[(usize, bool)],
) -> Vec<Scanned> {
    raw.sort_by_key(|r| r.range.start);
    let mut out = Vec::with_capacity(raw.len());
    let mut cursor = Cursor::default();
    let mut t = 0;
    let mut on = true;
    for r in raw {
        while let Some(&(at, state)) = toggles.get(t)
            && at <= r.range.start
        {
            on = state;
            t += 1;
        }
        let Some(rule) = rules.rules.get(r.rule) else {
            continue;
        };
        cursor.advance(text, r.range.start);
        let mut end = cursor;
        end.advance(text, r.range.end);
        out.push(Scanned {
            finding: LintFinding {
                rule: Arc::clone(rule),
                line: cursor.line,
                column: cursor.column,
                end_line: end.line,
                end_column: end.column.saturating_sub(1).max(1),
                range: r.range,
                exempt: r.exempt,
            },
            off: !on,
        });
    }
    out
}

/// A position in the text with its 1-based line and column (in characters).
#[derive(Clone, Copy)]
struct Cursor {
    at: usize,
    line: usize,
    column: usize,
}

impl Default for Cursor {
    fn default() -> Self {
        Self {
            at: 0,
            line: 1,
            column: 1,
        }
    }
}

impl Cursor {
    fn advance(&mut self, text: &str, to: usize) {
        let Some(seg) = text.get(self.at..to) else {
            return;
        };
        let bytes = seg.as_bytes();
        match memchr::memrchr(b'\n', bytes) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', bytes).count();
                self.column = 1 + seg[last + 1..].chars().count();
            }
            None => self.column += seg.chars().count(),
        }
        self.at = to;
    }
}
