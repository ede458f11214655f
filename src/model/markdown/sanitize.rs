//! The sanitiser for a facilitator's Markdown: the body is parsed (pulldown-cmark),
//! its events are rewritten so nothing in them can run, load or forge anything, and
//! the events are written back as Markdown (pulldown-cmark-to-cmark). The result is
//! parsed once more and checked; anything that still fails the check is published
//! as escaped plain text instead.
//!
//! What the rewrite does:
//! - raw HTML (blocks and inline) becomes text;
//! - links keep only `http`, `https` and `mailto` targets, written inline (a
//!   reference-style link and its definition become one inline link); any other link
//!   becomes its text;
//! - images never load: one with an `http(s)` target becomes a plain link with its
//!   alt text, any other becomes its alt text;
//! - footnote definitions for the app's own evidence labels (`s-…`) are dropped, so a
//!   body cannot forge the words a citation shows;
//! - level-1 and level-2 headings become level 3, so a section keeps the outline;
//! - bare URLs, `www.` names and e-mail addresses in text are escaped so that GFM
//!   renderers (pandoc, GitHub, GitLab) do not turn them into links.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

/// The prefix of the footnote labels the app writes for evidence (`[^s-1a2b3c4d]`,
/// see `model::narrative::footnote_label`). A body may cite them but never define them.
pub const EVIDENCE_LABEL_PREFIX: &str = "s-";

/// What a link or image target is allowed to be.
fn scheme_allowed(url: &str) -> bool {
    let url = url.trim();
    let Some(end) = url.find(':') else {
        return false;
    };
    let scheme = url[..end].to_ascii_lowercase();
    matches!(scheme.as_str(), "http" | "https" | "mailto")
}

/// Whether an image target is a web address (it is then kept as a plain link).
fn is_web(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    url.starts_with("http://") || url.starts_with("https://")
}

/// Whether a footnote label is one the app defines itself.
fn is_evidence_label(label: &str) -> bool {
    label
        .get(..EVIDENCE_LABEL_PREFIX.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(EVIDENCE_LABEL_PREFIX))
}

/// Makes a facilitator's Markdown safe to publish while keeping its formatting (see
/// the module documentation for what changes).
pub fn sanitize_markdown(body: &str) -> String {
    match rewrite(body).map(|md| defuse_bare_urls_in_text(&md)) {
        Some(out) if is_inert(&out) => out,
        // The writer failed or the rewrite missed something: publish the words, with
        // no formatting at all.
        _ => plain_text(body),
    }
}

/// The body as escaped text, paragraph by paragraph (the last resort).
fn plain_text(body: &str) -> String {
    body.split("\n\n")
        .map(|p| super::escape_inline(p.trim()))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The body with a placeholder definition for each evidence label it cites: the
/// parser reads `[^label]` as a footnote only when the label is defined, and the app
/// writes the real definitions after the write-up. (The placeholders are dropped with
/// every other definition of an evidence label.)
fn with_evidence_stubs(body: &str) -> String {
    let mut labels: Vec<&str> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut rest = body;
    while let Some(pos) = rest.find("[^") {
        let after = &rest[pos + 2..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(after.len());
        let label = &after[..len];
        if after[len..].starts_with(']') && is_evidence_label(label) && seen.insert(label) {
            labels.push(label);
        }
        rest = &after[len..];
    }
    let mut out = String::with_capacity(body.len() + labels.len() * 16);
    out.push_str(body);
    for label in labels {
        out.push_str("\n\n[^");
        out.push_str(label);
        out.push_str("]: .");
    }
    out
}

/// Parses, rewrites the events and writes them back (see the module documentation);
/// `None` when the writer cannot represent them.
fn rewrite(body: &str) -> Option<String> {
    let stubbed = with_evidence_stubs(body);
    let mut events: Vec<Event<'_>> = Vec::new();
    // For each open link or image: whether its start was kept (its end is kept too).
    let mut open: Vec<bool> = Vec::new();
    // Depth inside dropped footnote definitions.
    let mut dropping = 0usize;
    let mut html_block_lines = 0usize;
    for ev in Parser::new_ext(&stubbed, super::parser_options()) {
        if dropping > 0 {
            match ev {
                Event::Start(Tag::FootnoteDefinition(_)) => dropping += 1,
                Event::End(TagEnd::FootnoteDefinition) => dropping -= 1,
                _ => {}
            }
            continue;
        }
        let links_open = open.iter().filter(|kept| **kept).count();
        match ev {
            Event::Start(Tag::FootnoteDefinition(label)) if is_evidence_label(&label) => {
                dropping = 1;
            }
            Event::Start(Tag::HtmlBlock) => {
                html_block_lines = 0;
                events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::HtmlBlock) => events.push(Event::End(TagEnd::Paragraph)),
            Event::Html(html) => {
                // One line of an HTML block: the lines stay lines.
                if html_block_lines > 0 {
                    events.push(Event::SoftBreak);
                }
                html_block_lines += 1;
                let line = html.trim_end_matches(['\n', '\r']).to_owned();
                if !line.is_empty() {
                    events.push(Event::Text(line.into()));
                }
            }
            Event::InlineHtml(html) => events.push(Event::Text(html)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let email = matches!(link_type, LinkType::Email);
                let keep = links_open == 0 && (email || scheme_allowed(&dest_url));
                open.push(keep);
                if keep {
                    let link_type = match link_type {
                        LinkType::Autolink | LinkType::Email => link_type,
                        _ => LinkType::Inline,
                    };
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id: CowStr::Borrowed(""),
                    }));
                }
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let keep = links_open == 0 && is_web(&dest_url);
                open.push(keep);
                if keep {
                    events.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url,
                        title,
                        id: CowStr::Borrowed(""),
                    }));
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if open.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => events.push(Event::Start(Tag::Heading {
                level: demote(level),
                id,
                classes,
                attrs,
            })),
            Event::End(TagEnd::Heading(level)) => {
                events.push(Event::End(TagEnd::Heading(demote(level))));
            }
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(body.len() + body.len() / 8);
    // Close to how people write: `-` bullets, numbered lists counting up, ``` fences.
    let options = pulldown_cmark_to_cmark::Options {
        code_block_token_count: 3,
        list_token: '-',
        increment_ordered_list_bullets: true,
        ..Default::default()
    };
    // The writer checks each block by parsing it alone, where a citation has no
    // definition; with the older footnote rule the parser reads `[^label]` as a
    // citation whether defined or not, so blocks that cite are checked too.
    let writer_parse = super::parser_options() | pulldown_cmark::Options::ENABLE_OLD_FOOTNOTES;
    pulldown_cmark_to_cmark::cmark_with_options(events.iter(), &mut out, writer_parse, options)
        .ok()
        .map(|_| out)
}

/// Level 1 and 2 become level 3; the write-up owns those levels.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => HeadingLevel::H3,
        other => other,
    }
}

/// Escapes bare URLs in the text of written Markdown (not in code), so GFM
/// renderers do not link them: each edit puts a backslash before one ASCII
/// punctuation character of the text, which CommonMark reads as that character.
fn defuse_bare_urls_in_text(md: &str) -> String {
    let mut inserts: Vec<usize> = Vec::new();
    // Code, and the text of a link (a renderer links nothing inside a link), is left.
    let mut left_alone = 0usize;
    for (ev, range) in Parser::new_ext(md, super::parser_options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. }) => left_alone += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Link) => {
                left_alone = left_alone.saturating_sub(1)
            }
            Event::Text(_) if left_alone == 0 => {
                // A `:`, `.` or `@` in the source of a text event is that character of
                // the text (entities spell it otherwise), unless it is already escaped.
                let source = &md[range.clone()];
                let escaped = |i: usize| {
                    source.as_bytes()[..i]
                        .iter()
                        .rev()
                        .take_while(|b| **b == b'\\')
                        .count()
                        % 2
                        == 1
                };
                inserts.extend(
                    autolink_triggers(source)
                        .into_iter()
                        .filter(|i| !escaped(*i))
                        .map(|i| range.start + i),
                );
            }
            _ => {}
        }
    }
    if inserts.is_empty() {
        return md.to_owned();
    }
    inserts.sort_unstable();
    inserts.dedup();
    let mut out = String::with_capacity(md.len() + inserts.len());
    let mut last = 0;
    for at in inserts {
        out.push_str(&md[last..at]);
        out.push('\\');
        last = at;
    }
    out.push_str(&md[last..]);
    out
}

/// Byte positions in plain text before which a backslash stops a GFM autolink: the
/// `:` of `scheme://`, `mailto:` or `xmpp:`, the `.` of `www.`, and every `@`.
pub(super) fn autolink_triggers(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b':' => {
                let before = &text[..i];
                // (After the character that ends the scheme, however many bytes it has.)
                let word_start = before
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| !c.is_ascii_alphanumeric() && c != '+' && c != '-' && c != '.')
                    .map_or(0, |(p, c)| p + c.len_utf8());
                let scheme = &before[word_start..];
                if !scheme.is_empty()
                    && (text[i + 1..].starts_with("//")
                        || scheme.eq_ignore_ascii_case("mailto")
                        || scheme.eq_ignore_ascii_case("xmpp"))
                {
                    out.push(i);
                }
            }
            b'.' if i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"www") => {
                let boundary = text[..i - 3]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                if boundary {
                    out.push(i);
                }
            }
            b'@' => out.push(i),
            _ => {}
        }
    }
    out
}

/// The check the sanitised Markdown must pass: no HTML, no image, no link but
/// http(s)/mailto, and no definition of an evidence footnote.
pub fn is_inert(md: &str) -> bool {
    Parser::new_ext(md, super::parser_options()).all(|ev| match ev {
        Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::HtmlBlock) => false,
        Event::Start(Tag::Image { .. }) => false,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        }) => matches!(link_type, LinkType::Email) || scheme_allowed(&dest_url),
        Event::Start(Tag::FootnoteDefinition(label)) => !is_evidence_label(&label),
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_colon_after_letters_of_any_width_is_not_cut_in_half() {
        // A scheme's start was found one byte after the character before it: a panic
        // inside 'ë', '🙂' or 'ெ' (found by the property tests).
        for text in [
            " — Zoë: yes",
            "🙂:",
            "notes: ெ: more",
            "Ա0Բ: https://x.example",
        ] {
            let _ = autolink_triggers(text);
        }
        let t = "Zoë https://example.org";
        assert_eq!(autolink_triggers(t), vec![t.find(':').unwrap_or_default()]);
    }

    /// The link and image targets, HTML and footnote definitions a body renders with.
    fn live(md: &str) -> Vec<String> {
        Parser::new_ext(md, crate::model::markdown::parser_options())
            .filter_map(|ev| match ev {
                Event::Start(Tag::Link { dest_url, .. }) => Some(format!("link {dest_url}")),
                Event::Start(Tag::Image { dest_url, .. }) => Some(format!("image {dest_url}")),
                Event::Html(h) | Event::InlineHtml(h) => Some(format!("html {h}")),
                Event::Start(Tag::FootnoteDefinition(l)) => Some(format!("definition {l}")),
                Event::FootnoteReference(l) => Some(format!("cite {l}")),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn reference_style_links_and_images_are_resolved_then_checked() {
        let md = sanitize_markdown("[the runbook][rb]\n\n[rb]: javascript:alert(document.domain)");
        assert_eq!(md.trim(), "the runbook");
        let md = sanitize_markdown(
            "![graph][g] and [ok]\n\n[g]: javascript:x\n[ok]: https://ok.example/",
        );
        assert_eq!(live(&md), ["link https://ok.example/"]);
        let md =
            sanitize_markdown("[a](data:text/html,x) [b](vbscript:x) [c](file:///etc) [d](/rel)");
        assert!(live(&md).is_empty(), "{md}");
    }

    #[test]
    fn images_never_load() {
        let md = sanitize_markdown("![pixel](https://tracker.example/p.gif?id=42) ![local](x.png)");
        assert_eq!(live(&md), ["link https://tracker.example/p.gif?id=42"]);
        assert!(md.contains("local") && !md.contains("!["), "{md}");
        let md =
            sanitize_markdown("<img src=\"https://tracker.evil.example/pixel.gif?id=review-42\">");
        assert!(live(&md).is_empty(), "{md}");
        let md = sanitize_markdown("[![badge](https://b.example/x.svg)](https://ok.example)");
        assert_eq!(live(&md), ["link https://ok.example"], "{md}");
    }

    #[test]
    fn raw_html_and_autolinks() {
        let md =
            sanitize_markdown("<div>\n<script>alert(1)</script>\n</div>\n\nx <b onclick=y>z</b>");
        assert!(live(&md).is_empty(), "{md}");
        assert!(
            md.contains("script") && md.contains("onclick"),
            "the words stay: {md}"
        );
        let md = sanitize_markdown("<https://ok.example> <javascript:alert(1)> <ops@example.com>");
        assert_eq!(
            live(&md),
            ["link https://ok.example", "link ops@example.com"],
            "{md}"
        );
    }

    #[test]
    fn evidence_footnotes_cannot_be_defined_by_the_body() {
        let md = sanitize_markdown(
            "Claim[^s-deadbeef].\n\n[^s-deadbeef]: Ana: \"I caused it.\"\n\nMore.",
        );
        // (The export defines the label after the write-up; alone it is not a citation.)
        assert!(md.starts_with("Claim[^s-deadbeef]."), "{md}");
        assert!(live(&md).is_empty(), "{md}");
        assert!(!md.contains("caused"), "{md}");
        let md = sanitize_markdown("Mine[^n1].\n\n[^n1]: A note of my own.");
        assert_eq!(live(&md), ["cite n1", "definition n1"], "{md}");
    }

    #[test]
    fn bare_urls_stay_text_but_code_is_untouched() {
        let md = sanitize_markdown(
            "see https://x.example/a_b, www.x.example and a@x.example\n\n`https://code.example`\n\n```\nhttps://block.example\n```",
        );
        assert!(md.contains("https\\://x.example"), "{md}");
        assert!(md.contains("www\\.x.example"), "{md}");
        assert!(md.contains("a\\@x.example"), "{md}");
        assert!(md.contains("`https://code.example`"), "{md}");
        assert!(md.contains("\nhttps://block.example\n"), "{md}");
        // An escaped colon is not escaped twice (that would unescape it).
        assert_eq!(
            sanitize_markdown("https\\://x.example"),
            "https\\://x.example"
        );
    }

    #[test]
    fn headings_are_demoted() {
        let md = sanitize_markdown("# A\n\nB\n===\n\n## C\n\n#### D");
        assert_eq!(md, "### A\n\n### B\n\n### C\n\n#### D");
    }

    #[test]
    fn the_last_resort_is_plain_text() {
        let text = plain_text("<b>x</b>\n\n[a](javascript:b)");
        assert!(is_inert(&text), "{text}");
        assert!(!is_inert("<b>x</b>") && !is_inert("![a](https://x)") && !is_inert("[a](ftp://x)"));
    }

    #[test]
    fn the_example_write_up_needs_no_last_resort() {
        let session = crate::model::file::from_str(crate::model::EXAMPLE_SESSION)
            .unwrap()
            .session;
        let mut bodies: Vec<String> = crate::model::export::draft_sections(&session)
            .into_iter()
            .map(|s| s.body)
            .collect();
        bodies.extend(session.narrative.sections.iter().map(|s| s.body.clone()));
        assert!(bodies.len() > 5);
        for body in bodies {
            let md = defuse_bare_urls_in_text(
                &rewrite(&body).unwrap_or_else(|| panic!("writer failed:\n{body}")),
            );
            assert!(is_inert(&md), "{body}\n=>\n{md}");
            assert_eq!(sanitize_markdown(&body), md);
        }
    }
}
