//! Text from a file made safe where it leaves the app's own drawing: a window
//! title (winit panics on a NUL byte) and a terminal (escape sequences can clear
//! the screen, set the title or write the clipboard).

/// Characters that change the direction of the text after them (embeddings,
/// overrides, isolates): they can make a line read differently from what it holds.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that break a line.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn clean(s: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if keep_newlines && c == '\n' {
            out.push('\n');
        } else if c == '\t' || is_line_break(c) {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else if !c.is_control() && !is_bidi_control(c) {
            out.push(c);
        }
    }
    out
}

/// One line of plain text, for a window or tab title: line breaks and tabs become
/// a space, and other control characters (NUL, escape, …) and direction overrides
/// are dropped.
pub fn one_line(s: &str) -> String {
    clean(s, false).trim().to_owned()
}

/// Text for a terminal: lines stay lines, and control characters (escape sequences
/// start with one) and direction overrides are dropped.
pub fn terminal_text(s: &str) -> String {
    clean(s, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_control_characters() {
        assert_eq!(one_line("Retry\0 storm"), "Retry storm");
        assert_eq!(one_line("a\nb\r\nc\td"), "a b c d");
        assert_eq!(
            one_line("\x1b]0;owned\x07Review\x1b[2J"),
            "]0;ownedReview[2J"
        );
        assert_eq!(one_line("abc\u{202E}fed"), "abcfed");
        assert_eq!(one_line("\u{9b}31mRed"), "31mRed", "C1 controls too");
        // Ordinary text, scripts and emoji joiners are kept.
        assert_eq!(one_line("İlker — 田中さん 👩‍💻"), "İlker — 田中さん 👩‍💻");
        assert!(!one_line("\0\x07\x1b").chars().any(char::is_control));
    }

    #[test]
    fn terminal_text_keeps_lines() {
        assert_eq!(
            terminal_text("line 1\nline\x1b[2J 2\x07"),
            "line 1\nline[2J 2"
        );
        assert_eq!(terminal_text("a\r\nb"), "a \nb");
    }
}
