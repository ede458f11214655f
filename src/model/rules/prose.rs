//! A text as the matcher reads it: lowercase words and punctuation tokens, each
//! mapped back to its bytes in the source, grouped into sentences.
//!
//! The caller feeds it the prose of one block (a paragraph, a heading, a statement)
//! piece by piece, with source offsets, and leaves out what is not prose (markup,
//! code, HTML): the Markdown check pushes the text events of a paragraph, a future
//! question check pushes a statement whole. Building is one pass over the text.

use std::ops::Range;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenClass {
    /// A word (letters and digits, with inner apostrophes, hyphens and dots).
    Word,
    /// Something that is not prose but stands in a sentence like a noun, e.g. a code
    /// span (`` `db-primary` failed to start``).
    Opaque,
    /// Punctuation, normalised: `.`, `?`, `!` end a sentence; `;` and `:` end a
    /// clause; `,` stands for every other mark that breaks a phrase.
    Punct(u8),
}

/// One token.
#[derive(Clone, Debug)]
pub struct Token {
    /// Where its normalised text starts in [`Prose::norm`].
    pub norm: u32,
    /// Its bytes in the source.
    pub src: Range<usize>,
    /// What it is.
    pub class: TokenClass,
    /// Index of its sentence in [`Prose::sentences`].
    pub sentence: u32,
}

/// A sentence: a run of tokens, and the mark that ended it (`b'.'`, `b'?'`, `b'!'`,
/// or 0 when the block ended).
#[derive(Clone, Copy, Debug)]
pub struct Sentence {
    /// First token.
    pub start: u32,
    /// One past the last token.
    pub end: u32,
    /// The closing mark, or 0.
    pub mark: u8,
}

/// A quotation mark seen in the text, for pairing into quoted spans.
#[derive(Clone, Copy, Debug)]
struct QuoteMark {
    at: usize,
    end: usize,
    kind: u8,
}

/// `«`: opens.
const OPEN: u8 = 1;
/// `”`, `»`: close.
const CLOSE: u8 = 2;
/// `"`: pairs with the next one.
const STRAIGHT: u8 = 3;
/// `„`: opens a German quote, closed by `“`.
const LOW: u8 = 4;
/// `“`: opens, unless it closes a `„`.
const OPEN_CURLY: u8 = 5;

/// Tokens of one block of prose. Reuse one value with [`Prose::clear`] to avoid
/// allocating per block.
#[derive(Clone, Debug, Default)]
pub struct Prose {
    /// The normalised text: every token preceded by one space, words lowercased,
    /// apostrophes and hyphens made plain.
    pub norm: String,
    /// The tokens, in order.
    pub tokens: Vec<Token>,
    /// The sentences, in order.
    pub sentences: Vec<Sentence>,
    quotes: Vec<QuoteMark>,
    sentence_start: u32,
    /// Where the token being built starts in `norm`.
    current: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Characters that join two word characters into one word: `don't`, `on-call`,
/// `example.com`, `1,000`.
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '-' | '‐' | '‑' | '.' | ',')
}

impl Prose {
    /// Tokens of a plain text (no markup), with offsets into it.
    pub fn of_text(text: &str) -> Self {
        let mut p = Self::default();
        p.push_text(0, text);
        p.finish();
        p
    }

    /// Empties it for the next block, keeping its allocations.
    pub fn clear(&mut self) {
        self.norm.clear();
        self.tokens.clear();
        self.sentences.clear();
        self.quotes.clear();
        self.sentence_start = 0;
        self.current = 0;
    }

    /// Whether it holds no tokens.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Adds a piece of prose that starts at byte `offset` of the source.
    pub fn push_text(&mut self, offset: usize, text: &str) {
        let bytes = text.as_bytes();
        let mut word: Option<usize> = None;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // ASCII runs of word characters are copied and lowercased at once: most
            // prose is ASCII, and this loop is most of the check's time.
            if b.is_ascii_alphanumeric() || b == b'_' {
                let mut j = i + 1;
                while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                    j += 1;
                }
                if word.is_none() {
                    word = Some(i);
                    self.begin_token();
                }
                let from = self.norm.len();
                self.norm.push_str(&text[i..j]);
                self.norm[from..].make_ascii_lowercase();
                i = j;
                continue;
            }
            let c = if b < 0x80 {
                b as char
            } else {
                text[i..]
                    .chars()
                    .next()
                    .unwrap_or(char::REPLACEMENT_CHARACTER)
            };
            let len = c.len_utf8();
            if is_word_char(c) {
                if word.is_none() {
                    word = Some(i);
                    self.begin_token();
                }
                push_lower(&mut self.norm, c);
                i += len;
                continue;
            }
            if word.is_some() && is_joiner(c) {
                let next = text[i + len..].chars().next();
                if next.is_some_and(char::is_alphanumeric) {
                    // ',' joins only digits (1,000); '.' joins only without a space after.
                    let prev_digit = self.norm.as_bytes().last().is_some_and(u8::is_ascii_digit);
                    let next_digit = next.is_some_and(|n| n.is_ascii_digit());
                    if c != ',' || (prev_digit && next_digit) {
                        self.norm.push(match c {
                            '’' | 'ʼ' => '\'',
                            '‐' | '‑' => '-',
                            other => other,
                        });
                        i += len;
                        continue;
                    }
                }
            }
            if let Some(start) = word.take() {
                self.end_token(offset + start..offset + i, TokenClass::Word);
            }
            if let Some(kind) = quote_kind(c) {
                self.quotes.push(QuoteMark {
                    at: offset + i,
                    end: offset + i + len,
                    kind,
                });
            } else if let Some(mark) = punct_mark(c) {
                self.push_punct(offset + i..offset + i + len, mark);
            }
            i += len;
        }
        if let Some(start) = word {
            self.end_token(offset + start..offset + text.len(), TokenClass::Word);
        }
    }

    /// Adds a piece that is not prose but stands like a noun (a code span).
    pub fn push_opaque(&mut self, src: Range<usize>) {
        self.begin_token();
        self.norm.push('`');
        self.end_token(src, TokenClass::Opaque);
    }

    /// Ends the current sentence without a mark (a table cell, a line that ends a
    /// list item).
    pub fn push_break(&mut self) {
        self.close_sentence(0);
    }

    /// Closes the last sentence. Call once after the last piece.
    pub fn finish(&mut self) {
        self.close_sentence(0);
    }

    fn push_punct(&mut self, src: Range<usize>, mark: u8) {
        self.begin_token();
        self.norm.push(mark as char);
        self.end_token(src, TokenClass::Punct(mark));
        if matches!(mark, b'.' | b'?' | b'!') {
            self.close_sentence(mark);
        }
    }

    fn begin_token(&mut self) {
        self.norm.push(' ');
        self.current = self.norm.len();
    }

    fn end_token(&mut self, src: Range<usize>, class: TokenClass) {
        self.tokens.push(Token {
            norm: to_u32(self.current),
            src,
            class,
            sentence: to_u32(self.sentences.len()),
        });
    }

    fn close_sentence(&mut self, mark: u8) {
        let end = to_u32(self.tokens.len());
        if end > self.sentence_start {
            self.sentences.push(Sentence {
                start: self.sentence_start,
                end,
                mark,
            });
        } else if let Some(last) = self.sentences.last_mut()
            && mark != 0
            && last.mark == 0
        {
            last.mark = mark;
        }
        self.sentence_start = end;
    }

    /// The normalised text of a token.
    pub fn text(&self, t: usize) -> &str {
        let Some(tok) = self.tokens.get(t) else {
            return "";
        };
        let start = tok.norm as usize;
        let end = self
            .tokens
            .get(t + 1)
            .map_or(self.norm.len(), |n| n.norm as usize - 1);
        self.norm.get(start..end).unwrap_or("")
    }

    /// The token whose normalised text starts at `norm` (a match start plus one).
    pub fn token_at_norm(&self, norm: usize) -> Option<usize> {
        let n = to_u32(norm);
        self.tokens.binary_search_by_key(&n, |t| t.norm).ok()
    }

    /// Spans of source bytes inside paired quotation marks (“…”, «…», „…“, "…").
    /// A mark without its partner quotes nothing, so a stray mark cannot hide the
    /// rest of a block.
    pub fn quoted(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut open: Vec<QuoteMark> = Vec::new();
        let mut straight: Option<usize> = None;
        for q in &self.quotes {
            match q.kind {
                STRAIGHT => match straight.take() {
                    Some(start) => out.push(start..q.end),
                    None => straight = Some(q.at),
                },
                OPEN_CURLY if open.last().is_some_and(|o| o.kind == LOW) => {
                    if let Some(o) = open.pop() {
                        out.push(o.at..q.end);
                    }
                }
                OPEN | LOW | OPEN_CURLY => open.push(*q),
                _ => {
                    if let Some(o) = open.pop() {
                        out.push(o.at..q.end);
                    }
                }
            }
        }
        out.sort_by_key(|r| r.start);
        out
    }
}

/// The normalised mark of punctuation that breaks a phrase, or None for characters
/// read as space (markup leftovers, symbols).
fn punct_mark(c: char) -> Option<u8> {
    match c {
        '.' | '?' | '!' => Some(c as u8),
        ';' | ':' => Some(b';'),
        ',' | '(' | ')' | '[' | ']' | '{' | '}' | '—' | '–' | '-' | '/' | '…' | '|' => {
            Some(b',')
        }
        _ => None,
    }
}

fn quote_kind(c: char) -> Option<u8> {
    match c {
        '“' => Some(OPEN_CURLY),
        '«' => Some(OPEN),
        '”' | '»' => Some(CLOSE),
        '„' => Some(LOW),
        '"' => Some(STRAIGHT),
        _ => None,
    }
}

fn push_lower(s: &mut String, c: char) {
    if c.is_ascii() {
        s.push(c.to_ascii_lowercase());
    } else {
        s.extend(c.to_lowercase());
    }
}

/// Offsets within one block fit in u32; saturate rather than wrap beyond 4 GiB.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(p: &Prose) -> Vec<&str> {
        (0..p.tokens.len()).map(|t| p.text(t)).collect()
    }

    #[test]
    fn tokens_sentences_and_offsets() {
        let text = "The on-call Engineer didn’t page; v1.2 failed at 1,000 rps. Why?";
        let p = Prose::of_text(text);
        assert_eq!(
            words(&p),
            [
                "the", "on-call", "engineer", "didn't", "page", ";", "v1.2", "failed", "at",
                "1,000", "rps", ".", "why", "?"
            ]
        );
        assert_eq!(&text[p.tokens[3].src.clone()], "didn’t");
        assert_eq!(p.sentences.len(), 2);
        assert_eq!(p.sentences[0].mark, b'.');
        assert_eq!(p.sentences[1].mark, b'?');
        assert_eq!(p.tokens[12].sentence, 1);
        assert_eq!(
            p.norm,
            " the on-call engineer didn't page ; v1.2 failed at 1,000 rps . why ?"
        );
        assert_eq!(p.token_at_norm(5), Some(1));
    }

    #[test]
    fn quotes_pair_and_strays_quote_nothing() {
        let text = "P1 said “it was fine” and \"ok\" then „gut“ and a stray \" here";
        let p = Prose::of_text(text);
        let q: Vec<&str> = p.quoted().into_iter().map(|r| &text[r]).collect();
        assert_eq!(q, ["“it was fine”", "\"ok\"", "„gut“"]);
        let p = Prose::of_text("an “unclosed quote hides nothing");
        assert!(p.quoted().is_empty());
    }

    #[test]
    fn pieces_and_opaque_tokens() {
        let mut p = Prose::default();
        p.push_text(0, "the ");
        p.push_opaque(4..12);
        p.push_text(12, " job failed");
        p.finish();
        assert_eq!(words(&p), ["the", "`", "job", "failed"]);
        assert_eq!(p.tokens[1].class, TokenClass::Opaque);
        assert_eq!(p.tokens[3].src, 17..23);
    }
}
