//! Security of the Markdown export: notes full of `<script>`, `<img onerror=…>`,
//! `javascript:` links and heading or link syntax render (pulldown-cmark, and pandoc
//! when it is installed) with no live HTML, no unsafe links, and no structure that
//! came from user text. Names typed with Markdown characters are still redacted.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};
use second_story::model::export::{ExportOptions, parser_options, to_markdown};
use second_story::model::*;

/// Hostile notes. Each is put into every plain-text field of a session.
const PAYLOADS: &[&str] = &[
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1))",
    "<javascript:alert(1)>",
    "![pic](javascript:alert(1))",
    "# Heading from notes",
    "Setext heading\n===",
    "[ref]: javascript:alert(1)\n\n[ref]",
    "<a href=\"javascript:alert(1)\">a</a>",
    "<!-- comment --> <style>body{}</style>",
    "`code` **bold** <details open ontoggle=alert(1)>",
    "<https://example.com/autolink>",
    "<iframe src=javascript:alert(1)>",
    "- a list\n1. numbered\n> quote\n    indented code\n```\nfence\n```",
    "| a | b |\n|---|---|\n| c | d |",
    "data:text/html;base64,PHNjcmlwdD4= javascript:alert(1)",
    "---\n***\n___",
    "[^s-00000000] not a footnote",
    "\\<script\\> &lt;script&gt; &#60;script&#62;",
];

/// A session with `text` in every plain-text field people type into (not the
/// write-up, which is Markdown on purpose).
fn session_with_text_everywhere(text: &str) -> Session {
    let mut s = file::from_str(EXAMPLE_SESSION)
        .expect("example loads")
        .session;
    s.title = text.to_owned();
    s.purpose = text.to_owned();
    s.facilitators = vec![text.to_owned()];
    for p in &mut s.participants {
        p.pseudonym = format!("P {text}");
        p.role = text.to_owned();
        p.team = text.to_owned();
        p.notes = text.to_owned();
    }
    for i in &mut s.interviews {
        i.title = text.to_owned();
        i.summary = text.to_owned();
        i.participant_follow_ups = text.to_owned();
        for st in &mut i.statements {
            st.text = format!("{} {text}", st.text);
        }
    }
    for e in &mut s.timeline {
        e.description = text.to_owned();
    }
    for d in &mut s.decision_points {
        d.title = text.to_owned();
        d.when = text.to_owned();
        for a in &mut d.aspects {
            a.text = text.to_owned();
        }
    }
    for c in &mut s.codes {
        c.name = text.to_owned();
        c.description = text.to_owned();
    }
    for t in &mut s.themes {
        t.name = text.to_owned();
        t.description = text.to_owned();
    }
    for f in &mut s.findings {
        f.text = text.to_owned();
    }
    for f in &mut s.follow_ups {
        f.text = text.to_owned();
    }
    for m in &mut s.maps {
        m.name = text.to_owned();
        for n in &mut m.nodes {
            n.label = text.to_owned();
        }
        for l in &mut m.links {
            l.gap.why = text.to_owned();
            l.gap.pressure = text.to_owned();
            l.gap.risk = text.to_owned();
        }
    }
    // No stored write-up: the export drafts every section from the fields above.
    s.narrative.sections.clear();
    s
}

/// The structure of a Markdown document: everything but the words.
fn structure(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    for ev in Parser::new_ext(md, parser_options()) {
        let item = match ev {
            Event::Start(Tag::Heading { level, .. }) => format!("heading {level:?}"),
            Event::Start(Tag::Link { dest_url, .. }) => format!("link {dest_url}"),
            Event::Start(Tag::Image { dest_url, .. }) => format!("image {dest_url}"),
            Event::Start(Tag::BlockQuote(_)) => "quote".into(),
            Event::Start(Tag::CodeBlock(_)) => "code block".into(),
            Event::Start(Tag::List(n)) => format!("list {n:?}"),
            Event::Start(Tag::Item) => "item".into(),
            Event::Start(Tag::Table(_)) => "table".into(),
            Event::Start(Tag::TableRow) => "row".into(),
            Event::Start(Tag::HtmlBlock) => "html block".into(),
            Event::Start(Tag::FootnoteDefinition(l)) => format!("footnote {l}"),
            Event::FootnoteReference(l) => format!("cite {l}"),
            Event::Html(h) | Event::InlineHtml(h) => format!("html {h}"),
            Event::Code(_) => "code".into(),
            Event::Rule => "rule".into(),
            _ => continue,
        };
        out.push(item);
    }
    out
}

/// The lint acknowledgements the export writes on purpose, as HTML comments.
fn is_lint_ack(html: &str) -> bool {
    let h = html.trim();
    h.starts_with("<!-- second-story-lint: ok")
        && h.ends_with("-->")
        && h.matches("-->").count() == 1
        && !h.to_lowercase().contains("<script")
}

/// No live HTML and no link or image to anything but http(s), mailto or a relative path.
fn assert_safe(what: &str, md: &str) {
    for (ev, range) in Parser::new_ext(md, parser_options()).into_offset_iter() {
        let context = &md[range.clone()];
        match &ev {
            Event::Html(h) | Event::InlineHtml(h) if !is_lint_ack(h) => {
                panic!("{what}: live HTML {h:?} in …{context}…")
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                let url = dest_url.trim().to_lowercase();
                let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or("");
                let has_scheme = !scheme.is_empty() && !scheme.contains(['/', '?', '#']);
                assert!(
                    !has_scheme || matches!(scheme, "http" | "https" | "mailto"),
                    "{what}: unsafe link {dest_url:?} in …{context}…"
                );
            }
            _ => {}
        }
    }
}

#[test]
fn hostile_notes_add_no_html_links_or_structure() {
    let benign = session_with_text_everywhere("plain words");
    for redact in [true, false] {
        let options = ExportOptions { redact };
        let expected = structure(&to_markdown(&benign, options));
        assert!(
            expected.iter().any(|e| e.starts_with("heading")),
            "the export has headings of its own"
        );
        for payload in PAYLOADS {
            let md = to_markdown(&session_with_text_everywhere(payload), options);
            let what = format!("{payload:?} (redact: {redact})");
            assert_safe(&what, &md);
            assert_eq!(
                structure(&md),
                expected,
                "{what} changed the document's structure:\n{md}"
            );
        }
    }
}

#[test]
fn hostile_markdown_in_the_write_up_is_defused() {
    // The write-up is Markdown on purpose: formatting and safe links stay, but no HTML,
    // no script links, and no headings that break the export's outline.
    let mut s = file::from_str(EXAMPLE_SESSION)
        .expect("example loads")
        .session;
    let body = PAYLOADS.join("\n\n");
    s.narrative.sections = vec![NarrativeSection {
        id: Id::from_u128(0xbad),
        kind: "story".into(),
        title: "<script>alert(1)</script> # Story".into(),
        body: format!("{body}\n\nA [safe link](https://example.com) stays.\n\n## Sub\n\n# Top"),
        included: true,
        generated_hash: None,
    }];
    for redact in [true, false] {
        let md = to_markdown(&s, ExportOptions { redact });
        assert_safe("write-up", &md);
        let headings: Vec<HeadingLevel> = Parser::new_ext(&md, parser_options())
            .filter_map(|ev| match ev {
                Event::Start(Tag::Heading { level, .. }) => Some(level),
                _ => None,
            })
            .collect();
        assert_eq!(
            headings.iter().filter(|l| **l == HeadingLevel::H1).count(),
            1,
            "only the title is a level-1 heading:\n{md}"
        );
        let h2 = headings.iter().filter(|l| **l == HeadingLevel::H2).count();
        assert!(h2 <= 2, "the body added level-2 headings:\n{md}");
        assert!(
            structure(&md).contains(&"link https://example.com".to_owned()),
            "a safe link is kept"
        );
    }
}

#[test]
fn pandoc_renders_no_live_html_when_installed() {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let Ok(mut child) = Command::new("pandoc")
        .args(["-f", "gfm", "-t", "html"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    else {
        eprintln!("pandoc is not installed; skipping the pandoc rendering check");
        return;
    };
    let mut md = String::new();
    for payload in PAYLOADS {
        md.push_str(&to_markdown(
            &session_with_text_everywhere(payload),
            ExportOptions::default(),
        ));
    }
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(md.as_bytes()).expect("pandoc reads");
    }
    let out = child.wait_with_output().expect("pandoc runs");
    assert!(out.status.success(), "pandoc failed");
    let html = String::from_utf8_lossy(&out.stdout).to_lowercase();
    // Text `<` is escaped as `&lt;` in pandoc's HTML, so every `<` opens a real tag.
    let mut tags = 0;
    for tag in html.split('<').skip(1).filter_map(|t| t.split('>').next()) {
        tags += 1;
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        assert!(
            !matches!(
                name.as_str(),
                "script" | "img" | "iframe" | "style" | "details" | "object" | "embed" | "svg"
            ),
            "pandoc output has a live <{tag}>"
        );
        for attr in tag.split_whitespace().skip(1) {
            assert!(!attr.starts_with("on"), "event handler in <{tag}>");
            if let Some(value) = attr
                .strip_prefix("href=")
                .or_else(|| attr.strip_prefix("src="))
            {
                let value = value.trim_matches(['"', '\'']);
                assert!(
                    !value.starts_with("javascript:") && !value.starts_with("data:"),
                    "unsafe target in <{tag}>"
                );
            }
        }
    }
    assert!(tags > 100, "pandoc produced HTML");
}

/// A session where a participant's real name contains Markdown characters.
fn session_with_name(real: &str) -> Session {
    let mut s = file::from_str(EXAMPLE_SESSION)
        .expect("example loads")
        .session;
    s.participants[0].real_name = Some(real.to_owned());
    for f in &mut s.findings {
        f.text = format!("{real} noticed the pool climbing");
    }
    for i in &mut s.interviews {
        i.summary = format!("{real} kept the checkout up");
    }
    s.narrative.sections.clear();
    s
}

#[test]
fn names_with_markdown_characters_are_redacted_in_drafted_write_ups() {
    for real in ["ana_lima", "Ana *Star* Lima", "AT&T Ops", "O'Brien_2"] {
        let s = session_with_name(real);
        let open = to_markdown(&s, ExportOptions { redact: false });
        let md = to_markdown(&s, ExportOptions { redact: true });
        // Compare what a reader sees: the rendered words.
        let words = |md: &str| -> String {
            Parser::new_ext(md, parser_options())
                .filter_map(|ev| match ev {
                    Event::Text(t) => Some(t.to_string()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join("")
                .to_lowercase()
        };
        let visible_name = real.to_lowercase();
        assert!(
            words(&open).contains(&visible_name),
            "{real}: the unredacted export shows the name (test is meaningful)"
        );
        assert!(
            !words(&md).contains(&visible_name),
            "{real}: the redacted export shows the name:\n{md}"
        );
    }
}

/// The element names of an SVG or HTML text, in order (`<` in text is escaped).
fn tag_names(markup: &str) -> Vec<String> {
    markup
        .split('<')
        .skip(1)
        .filter_map(|t| t.split('>').next())
        .map(|tag| {
            tag.trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '!' || *c == '?')
                .collect::<String>()
                .to_lowercase()
        })
        .collect()
}

#[test]
fn hostile_notes_add_no_elements_to_map_svgs() {
    let benign = session_with_text_everywhere("plain words");
    assert!(!benign.maps.is_empty(), "the example has a work map");
    for (m, map) in benign.maps.iter().enumerate() {
        for redact in [true, false] {
            let options = ExportOptions { redact };
            let expected = tag_names(&second_story::model::map::to_svg(&benign, map, options));
            assert!(expected.contains(&"svg".to_owned()));
            for payload in PAYLOADS {
                let hostile = session_with_text_everywhere(payload);
                let svg = second_story::model::map::to_svg(&hostile, &hostile.maps[m], options);
                // Longer text wraps into more lines, but never into new kinds of element.
                for name in tag_names(&svg) {
                    assert!(
                        expected.contains(&name),
                        "{payload:?} added a <{name}> element:\n{svg}"
                    );
                }
                for tag in svg.split('<').skip(1).filter_map(|t| t.split('>').next()) {
                    let lower = tag.to_lowercase();
                    assert!(
                        !lower
                            .split_whitespace()
                            .skip(1)
                            .any(|a| a.starts_with("on")),
                        "{payload:?}: event handler in <{tag}>"
                    );
                    assert!(
                        !lower.contains("javascript:"),
                        "{payload:?}: script URL in <{tag}>"
                    );
                }
            }
        }
    }
}

/// Write-up bodies from the hostile-text report and the known tricks: each must
/// publish with no script link, no remote load, no raw tag and no forged footnote.
const INJECTIONS: &[&str] = &[
    "See [the runbook][rb].\n\n[rb]: javascript:alert(document.domain)",
    "![graph][g]\n\n[g]: javascript:alert(1)",
    "![pixel][p]\n\n[p]: https://tracker.evil.example/pixel.gif?id=review-42",
    "<img src=\"https://tracker.evil.example/pixel.gif?id=review-42\">",
    "Inline <img src=https://tracker.evil.example/p.gif> image.",
    "![pixel](https://tracker.evil.example/p.gif)",
    "[![badge](https://tracker.evil.example/b.svg)](https://ok.example)",
    "[x](JaVaScRiPt:alert(1)) [y]( javascript:alert(1) ) [z](java&#115;cript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=) [y](vbscript:msgbox) [z](file:///etc/passwd)",
    "<javascript:alert(1)> <https://ok.example/auto>",
    "<div>\n<script>alert(1)</script>\n</div>",
    "<details open ontoggle=alert(1)>\n\nx\n\n</details>",
    "<!-- hidden --> <style>body{display:none}</style>",
    "<svg onload=alert(1)>",
    "A claim[^s-deadbeef].\n\n[^s-deadbeef]: FORGED-QUOTE: I caused the outage.",
    "[^s-DEADBEEF]: FORGED-QUOTE upper case\n\nA claim[^s-deadbeef].",
    "> [^s-deadbeef]: FORGED-QUOTE in a quote\n\n- [^s-deadbeef]: FORGED-QUOTE in a list",
    "Bare https://bare.example/x, www.bare.example and ops@bare.example here.",
    "[ok](https://ok.example) and [mail](mailto:ops@ok.example)",
    "[a]\n\n[a]: <javascript:alert(1)> \"title\"",
    "[a](<javascript:alert(1)>)",
    "*<img src=x onerror=alert(1)>* `<script>` **[b](javascript:x)**",
];

/// Tags Markdown itself renders to (pulldown-cmark and pandoc, footnotes and task
/// lists included): anything else came from user text.
const MARKDOWN_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "em",
    "strong",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
    "del",
    "sup",
    "section",
    "div",
    "input",
    "span",
    "colgroup",
    "col",
    "aside",
];

/// No raw tag, no remote load, no script link in rendered HTML (`<` in text is
/// escaped by both renderers, so every `<` opens a real tag).
fn assert_inert_html(what: &str, html: &str) {
    let lower = html.to_lowercase();
    for tag in lower.split('<').skip(1).filter_map(|t| t.split('>').next()) {
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if tag.starts_with("!-- second-story-lint: ok") {
            continue; // the acknowledgements the export writes on purpose
        }
        assert!(
            MARKDOWN_TAGS.contains(&name.as_str()),
            "{what}: raw <{tag}> in\n{html}"
        );
        for attr in tag.split_whitespace().skip(1) {
            assert!(!attr.starts_with("on"), "{what}: handler in <{tag}>");
            assert!(
                !attr.starts_with("src="),
                "{what}: something loads: <{tag}>"
            );
            if let Some(value) = attr.strip_prefix("href=") {
                let value = value.trim_matches(['"', '\'']);
                assert!(
                    ["http://", "https://", "mailto:", "#"]
                        .iter()
                        .any(|p| value.starts_with(p)),
                    "{what}: link to {value:?} in <{tag}>"
                );
                assert!(
                    !value.contains("bare.example"),
                    "{what}: bare URL became a link: <{tag}>"
                );
            }
        }
    }
    // The footnotes come last (pulldown-cmark's definitions, pandoc's section): none
    // shows words the body wrote for an evidence label. (The list of claims whose
    // evidence is missing may quote such a line, as a claim.)
    let notes = ["class=\"footnote-definition\"", "class=\"footnotes\""]
        .iter()
        .filter_map(|m| lower.find(m))
        .min()
        .map_or("", |at| &lower[at..]);
    assert!(
        !notes.contains("forged-quote"),
        "{what}: forged footnote:\n{html}"
    );
}

/// Markdown rendered by pandoc as GFM (what wikis use), or `None` without pandoc.
fn pandoc_html(md: &str) -> Option<String> {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new("pandoc")
        .args(["-f", "gfm", "-t", "html"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = md.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("pandoc runs");
    writer.join().expect("writes").expect("pandoc reads");
    assert!(out.status.success(), "pandoc failed");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The example session with `body` as its write-up, a real name in the body, and a
/// pseudonym full of markup that redaction puts in place of the name.
fn session_with_write_up(body: &str) -> Session {
    let mut s = file::from_str(EXAMPLE_SESSION)
        .expect("example loads")
        .session;
    s.participants[0].real_name = Some("Ana Lima".into());
    s.participants[0].pseudonym =
        "P <img src=https://tracker.evil.example/pseudonym.gif> [x](javascript:alert(1))".into();
    s.narrative.sections = vec![NarrativeSection {
        id: Id::from_u128(0xbad),
        kind: "story".into(),
        title: "Story https://bare.example/title".into(),
        body: format!("Ana Lima said so.\n\n{body}"),
        included: true,
        generated_hash: None,
    }];
    s
}

#[test]
fn injection_corpus_renders_inert_with_pulldown_cmark_and_pandoc() {
    let mut have_pandoc = true;
    let mut pandoc_checked = 0;
    for body in INJECTIONS {
        for redact in [true, false] {
            let md = to_markdown(&session_with_write_up(body), ExportOptions { redact });
            let what = format!("{body:?} (redact: {redact})");
            assert_safe(&what, &md);
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, Parser::new_ext(&md, parser_options()));
            assert_inert_html(&format!("{what}, pulldown-cmark"), &html);
            if redact {
                assert!(
                    !html.contains("Ana Lima") && html.contains("pseudonym.gif"),
                    "{what}: the pseudonym replaced the name, as text:\n{html}"
                );
            }
            if have_pandoc {
                match pandoc_html(&md) {
                    Some(html) => {
                        assert_inert_html(&format!("{what}, pandoc"), &html);
                        pandoc_checked += 1;
                    }
                    None => {
                        eprintln!("pandoc is not installed; checked with pulldown-cmark only");
                        have_pandoc = false;
                    }
                }
            }
        }
    }
    if have_pandoc {
        assert_eq!(pandoc_checked, INJECTIONS.len() * 2);
    }
}

#[test]
fn the_corpus_checks_can_fail() {
    // The raw bodies, unsanitised, fail the checks: the corpus is hostile.
    let mut caught = 0;
    for body in INJECTIONS {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(body, parser_options()));
        let unsafe_html = std::panic::catch_unwind(|| assert_inert_html("raw", &html)).is_err();
        caught += usize::from(unsafe_html);
    }
    assert!(caught >= INJECTIONS.len() - 2, "only {caught} caught");
}

#[test]
fn bare_urls_in_fields_stay_text_in_pandoc() {
    let s = session_with_text_everywhere(
        "see https://bare.example/x, www.bare.example or ops@bare.example",
    );
    let md = to_markdown(&s, ExportOptions::default());
    let Some(html) = pandoc_html(&md) else {
        eprintln!("pandoc is not installed; skipping");
        return;
    };
    assert!(html.contains("bare.example"), "the words are there");
    assert_inert_html("fields", &html);
}
