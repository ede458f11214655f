//! Markdown text: escaping user text, sanitising a facilitator's Markdown, the
//! parser options write-ups are read with, and the options every Markdown writer
//! takes ([`ExportOptions`]).
//!
//! A leaf of the model: it uses no other model module, so the export, the draft and
//! the map table can all use it without import circles. All user text goes through
//! [`escape_inline`] so that notes cannot inject HTML, links or headings into a wiki
//! that renders the export.

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
        let mut chars = trimmed.char_indices();
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
    fn sanitize_keeps_ordinary_formatting() {
        let body = "Some *emphasis*, a [link](https://example.org) and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n### Sub-heading";
        assert_eq!(sanitize_markdown(body), body);
        assert_eq!(sanitize_markdown("# Top"), "### Top");
        assert_eq!(sanitize_markdown("## Second"), "### Second");
        assert_eq!(sanitize_markdown("a <b>x</b>"), "a &lt;b>x&lt;/b>");
    }
}
