//! The export preview in parts: one per section, each with the footnotes it cites,
//! so the Export workspace lays out only what is on screen.

use crate::model::narrative;

/// A part of a preview longer than this is cut further at the next blank line.
pub const PREVIEW_PART_BYTES: usize = 8 * 1024;

/// A line of the preview longer than this is shown cut (a 10 MB quote would take
/// gigabytes to lay out); the exported file keeps it whole.
pub const PREVIEW_LINE_BYTES: usize = 16 * 1024;

/// A line as the preview shows it: whole, or cut at [`PREVIEW_LINE_BYTES`] with a
/// note of how much more the file holds.
pub fn preview_line(line: &str) -> std::borrow::Cow<'_, str> {
    if line.len() <= PREVIEW_LINE_BYTES {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut cut = PREVIEW_LINE_BYTES;
    while !line.is_char_boundary(cut) {
        cut -= 1;
    }
    let newline = if line.ends_with('\n') { "\n" } else { "" };
    let more = line[cut..].trim_end().chars().count();
    std::borrow::Cow::Owned(format!(
        "{} … *({more} more characters in the exported file: too long to show here)*{newline}",
        line[..cut].trim_end_matches('\\')
    ))
}

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
            part.push_str(&preview_line(line));
        }
    }
    parts.retain(|p| !p.trim().is_empty());
    for part in &mut parts {
        let mut cited: Vec<&str> = Vec::new();
        for (_, label) in narrative::any_footnote_refs(part) {
            if let Some(line) = definitions.get(label)
                && !cited.contains(line)
            {
                cited.push(line);
            }
        }
        if !cited.is_empty() {
            part.push('\n');
            for line in cited {
                part.push_str(&preview_line(line));
                if !line.ends_with('\n') {
                    part.push('\n');
                }
            }
        }
    }
    parts
}

/// `P1-0312` for a footnote definition line `[^P1-0312]: …`.
fn footnote_definition_label(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("[^")?;
    let end = rest.find("]: ")?;
    let label = &rest[..end];
    label
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
        .then_some(label)
}
