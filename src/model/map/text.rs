//! Text helpers both map exports share: wrapping, XML escaping, evidence lines and
//! step names.

use super::*;

/// Splits text into lines of at most `width` characters, at spaces where possible.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(4);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_owned();
        loop {
            let len = line.chars().count();
            let wlen = word.chars().count();
            if len == 0 && wlen > width {
                // A word longer than a line: break it.
                let head: String = word.chars().take(width).collect();
                word = word.chars().skip(width).collect();
                lines.push(head);
                continue;
            }
            if len > 0 && len + 1 + wlen > width {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            if len > 0 {
                line.push(' ');
            }
            line.push_str(&word);
            break;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Wraps and keeps at most `max_lines`, ending with "…" when text was cut.
pub(super) fn wrap_max(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines = wrap(text, width);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let keep: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{keep}…");
        }
    }
    lines
}

/// Escapes text for XML content and attribute values, dropping characters XML 1.0
/// does not allow at all (control characters) and flattening line breaks.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A statement cited as evidence, as one short line ("P1 at 11:00: “…”"), or
/// `None` when it is off the record or gone. Names are redacted by `r`.
pub fn evidence_line(session: &Session, id: Id, r: &Redactor, max_chars: usize) -> Option<String> {
    let (interview, st) = session.statement(id)?;
    if st.off_record {
        return None;
    }
    let who = match st.speaker {
        Speaker::Interviewee => session.pseudonym(interview.participant),
        Speaker::Facilitator => "Facilitator",
    };
    let text = r.redact(&st.text);
    let text = if text.chars().count() > max_chars {
        let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    } else {
        text
    };
    // Someone who may not be quoted: the gate put a paraphrase here, not their words.
    let paraphrased = st.speaker == Speaker::Interviewee
        && session
            .participant(interview.participant)
            .is_some_and(|p| !p.consent.may_quote);
    Some(if paraphrased {
        format!(
            "{} at {}, paraphrased: {}",
            r.redact(who),
            fmt_secs(st.at_secs),
            text
        )
    } else {
        format!("{} at {}: “{}”", r.redact(who), fmt_secs(st.at_secs), text)
    })
}

/// The steps of a map by id, built once per export: looking each link's ends up by
/// scanning the steps made a map of 100k steps take minutes.
pub(super) fn node_index(map: &WorkMap) -> std::collections::HashMap<Id, &MapNode> {
    map.nodes.iter().map(|n| (n.id, n)).collect()
}

pub(super) fn node_label<'a>(
    index: &std::collections::HashMap<Id, &'a MapNode>,
    id: Option<Id>,
) -> Option<&'a MapNode> {
    id.and_then(|id| index.get(&id).copied())
}

pub(super) fn label_or_untitled(label: &str) -> &str {
    if label.trim().is_empty() {
        "(unnamed step)"
    } else {
        label
    }
}
