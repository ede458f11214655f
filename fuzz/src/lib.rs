//! The checks the fuzz targets share, over the real Second Story library (its model,
//! built without the GUI: `default-features = false`).

pub use second_story::model;

pub mod structured;

use model::Session;
use model::export::{ExportOptions, to_markdown};

/// The language-check acknowledgements the export writes on purpose, as one HTML
/// comment each (user text in them has `--` replaced, so it cannot close the comment).
fn is_lint_ack(html: &str) -> bool {
    let h = html.trim();
    h.starts_with("<!-- second-story-lint: ok")
        && h.ends_with("-->")
        && h.matches("-->").count() == 1
}

/// Markdown export must never produce live HTML from anything in a session.
pub fn assert_no_html(md: &str) {
    use pulldown_cmark::{Event, Parser};
    for event in Parser::new_ext(md, model::export::parser_options()) {
        if let Event::Html(h) | Event::InlineHtml(h) = &event
            && !is_lint_ack(h)
        {
            panic!("export contains HTML {h:?}:\n{md}");
        }
    }
}

/// An export is inert: no live HTML (but the lint acknowledgements), no image, and no
/// link but http(s) and mailto.
pub fn assert_inert(md: &str) {
    use pulldown_cmark::{Event, LinkType, Parser, Tag};
    assert_no_html(md);
    for event in Parser::new_ext(md, model::export::parser_options()) {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                panic!("export contains an image {dest_url:?}:\n{md}")
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let url = dest_url.trim().to_ascii_lowercase();
                assert!(
                    link_type == LinkType::Email
                        || ["http:", "https:", "mailto:"].iter().any(|p| url.starts_with(p)),
                    "export links to {dest_url:?}:\n{md}"
                );
            }
            _ => {}
        }
    }
}

/// Everything a loaded session goes through: save, reopen, export, redact.
pub fn exercise(session: &Session) {
    let text = model::file::to_ron_string(session).expect("a loaded session saves");
    let again = model::file::from_str(&text)
        .unwrap_or_else(|e| panic!("a saved session does not reopen: {e}\n{text}"));
    // Compared as text: NaN map positions are equal on disk but not as f32.
    let text2 = model::file::to_ron_string(&again.session).expect("saves again");
    assert_eq!(text, text2, "save → open → save changed the file");
    for redact in [true, false] {
        assert_no_html(&to_markdown(session, ExportOptions { redact }));
    }
    let copy = model::publish::shared_copy(session);
    if let Err(e) = model::validate::validate(&copy) {
        panic!("the redacted copy is inconsistent: {e}");
    }
    assert_no_html(&to_markdown(&copy, ExportOptions { redact: true }));
}
