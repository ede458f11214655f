//! Markdown text: escaping user text, sanitising a facilitator's Markdown, the
//! parser options write-ups are read with, and the options every Markdown writer
//! takes ([`ExportOptions`]).
//!
//! A leaf of the model: it uses no other model module, so the export, the draft and
//! the map table can all use it without import circles. All user text goes through
//! [`escape_inline`] so that notes cannot inject HTML, links or headings into a wiki
//! that renders the export.

mod sanitize;

pub use sanitize::{EVIDENCE_LABEL_PREFIX, is_inert, sanitize_markdown};

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
/// Nothing in the result is read as HTML, a link, emphasis or a block marker, and
/// bare URLs, `www.` names and e-mail addresses stay text in GFM renderers too.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_line_start = true;
    // A blank line would end the paragraph, list item or emphasis the text sits in.
    for line in text.split('\n').filter(|l| !l.trim().is_empty()) {
        if !at_line_start {
            // A newline inside a list item or cell: keep it readable, as a hard break.
            out.push_str("  \n  ");
        }
        at_line_start = false;
        let line = line.trim_end_matches('\r');
        let trimmed = line.trim_start();
        // Block markers at the start of a line: headings, quotes, lists, rules.
        let mut chars = trimmed.char_indices();
        let leading_ws = &line[..line.len() - trimmed.len()];
        out.push_str(leading_ws);
        let mut first = true;
        // Positions (in `trimmed`) of the characters that would start a GFM autolink.
        let mut triggers = sanitize::autolink_triggers(trimmed).into_iter().peekable();
        while let Some((i, c)) = chars.next() {
            if triggers.next_if_eq(&i).is_some() {
                out.push('\\');
            }
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

/// The Markdown options used to read write-ups: GFM tables, footnotes, strikethrough,
/// task lists.
pub fn parser_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
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
        assert_eq!(
            escape_inline("see https://x.org, www.x.org or ops@x.org"),
            "see https\\://x.org, www\\.x.org or ops\\@x.org"
        );
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
    fn sanitize_keeps_ordinary_formatting() {
        let body = "Some *emphasis*, a [link](https://example.org) and a table:\n\n|a|b|\n|-|-|\n|1|2|\n\n### Sub-heading";
        assert_eq!(sanitize_markdown(body), body);
        assert_eq!(sanitize_markdown("# Top"), "### Top");
        assert_eq!(sanitize_markdown("## Second"), "### Second");
        assert_eq!(sanitize_markdown("a <b>x</b>"), "a \\<b>x\\</b>");
        assert_eq!(
            sanitize_markdown("A claim[^s-1a2b3c4d], [^s-1a2b3c4d] again."),
            "A claim[^s-1a2b3c4d], [^s-1a2b3c4d] again.",
            "citations stay citations though the app defines them later"
        );
    }
}
