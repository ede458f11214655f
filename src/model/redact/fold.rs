//! Unicode folding for matching names and words: one comparable form of a text, with
//! the way back to the original bytes.
//!
//! Folding decomposes compatibility forms (NFKD: "ﬁ", full-width letters), drops
//! diacritics (so "Zoë", "Zoe" and a decomposed "Zoe\u{308}" compare equal), folds
//! case properly (Turkish "İ" and "ı" become "i", "ß" becomes "ss"), unifies
//! typographic apostrophes and dashes, and ignores invisible characters (zero-width
//! spaces and joiners, soft hyphens, bidi controls) so they cannot hide a name.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Text in folded form, with where each folded byte came from in the original.
#[derive(Debug, Default)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For each byte of `text`: the byte range in the original of the character it
    /// was folded from (combining marks after it included).
    src: Vec<(u32, u32)>,
    /// For each byte of `text`: whether it starts the first folded character of its
    /// original character (a match must begin and end on such places).
    first: Vec<bool>,
    /// ASCII text folds byte for byte (no maps needed).
    ascii: bool,
}

impl Folded {
    /// Start of the original character folded byte `at` came from.
    pub fn src_start(&self, at: usize) -> usize {
        if self.ascii {
            return at;
        }
        self.src.get(at).map_or(0, |r| r.0 as usize)
    }

    /// End of the original character the folded byte before `end` came from.
    pub fn src_end(&self, end: usize) -> usize {
        if self.ascii {
            return end;
        }
        end.checked_sub(1)
            .and_then(|b| self.src.get(b))
            .map_or(0, |r| r.1 as usize)
    }

    /// Whether a match may begin (or end) at folded byte `at`: the start or end of
    /// the text, or the first folded character of an original character.
    pub fn aligned(&self, at: usize) -> bool {
        at == self.text.len() || self.ascii || self.first.get(at).copied().unwrap_or(false)
    }

    /// The folded character just before folded byte `at`.
    pub fn before(&self, at: usize) -> Option<char> {
        self.text.get(..at)?.chars().next_back()
    }

    /// The folded character at folded byte `at`.
    pub fn at(&self, at: usize) -> Option<char> {
        self.text.get(at..)?.chars().next()
    }
}

/// Invisible characters that must not split (or hide) a name: zero-width spaces and
/// joiners, soft hyphens, word joiners, bidi embeddings, overrides and isolates,
/// variation selectors and other default-ignorable code points.
pub fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}'
        | '\u{17B5}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Whether a character belongs to a script written without spaces between words
/// (Han, Hiragana, Katakana, Hangul, and their compatibility forms): names in them
/// are matched anywhere, not as whole words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3005..=0x3007 | 0x3021..=0x3029
        | 0x3040..=0x30FF | 0x3130..=0x318F | 0x31A0..=0x31FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F | 0x20000..=0x323AF)
}

/// Appends the folded form of one (non-ignorable, non-mark) character.
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        // Typographic apostrophes and primes read as an apostrophe.
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{02B9}' | '\u{2032}'
        | '\u{FF07}' | '\u{00B4}' => {
            out.push('\'');
            return;
        }
        // Hyphens, dashes and the minus sign read as a hyphen.
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
            out.push('-');
            return;
        }
        _ => {}
    }
    decompose_compatible(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        for l in d.to_lowercase() {
            match l {
                'ı' => out.push('i'),
                'ς' => out.push('σ'),
                'ß' => out.push_str("ss"),
                'ø' => out.push('o'),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'ł' => out.push('l'),
                'đ' | 'ð' => out.push('d'),
                'þ' => out.push_str("th"),
                'ħ' => out.push('h'),
                'ŧ' => out.push('t'),
                _ => out.push(l),
            }
        }
    });
}

/// The folded form of a short text (a name), without the way back.
pub fn fold_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !is_ignorable(c) && !is_combining_mark(c) {
            fold_char(c, &mut out);
        }
    }
    out
}

/// Folds `text`, remembering where each folded byte came from.
pub fn fold(text: &str) -> Folded {
    if text.is_ascii() {
        return Folded {
            text: text.to_ascii_lowercase(),
            ascii: true,
            ..Folded::default()
        };
    }
    let mut f = Folded {
        text: String::with_capacity(text.len()),
        src: Vec::with_capacity(text.len()),
        first: Vec::with_capacity(text.len()),
        ascii: false,
    };
    // Folded bytes of the last character that produced any (marks extend it).
    let mut last = 0..0;
    for (i, c) in text.char_indices() {
        let end = (i + c.len_utf8()) as u32;
        if is_ignorable(c) {
            continue;
        }
        if is_combining_mark(c) {
            for r in &mut f.src[last.clone()] {
                r.1 = end;
            }
            continue;
        }
        let from = f.text.len();
        fold_char(c, &mut f.text);
        let to = f.text.len();
        for b in from..to {
            f.src.push((i as u32, end));
            f.first.push(b == from);
        }
        if to > from {
            last = from..to;
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_compatibility_forms() {
        assert_eq!(fold_str("İlker Yılmaz"), "ilker yilmaz");
        assert_eq!(fold_str("ILKER YILMAZ"), "ilker yilmaz");
        assert_eq!(fold_str("Zoë O’Brien-Núñez"), "zoe o'brien-nunez");
        assert_eq!(fold_str("Zoe\u{308}"), "zoe");
        assert_eq!(fold_str("Ｒａｖｉ"), "ravi");
        assert_eq!(fold_str("Straße"), "strasse");
        assert_eq!(fold_str("Ra\u{200B}vi\u{00AD}\u{202E}"), "ravi");
        assert_eq!(fold_str("Ølberg Łukasz"), "olberg lukasz");
        assert_eq!(fold_str("ΣΟΦΙΑ"), "σοφια");
        assert_eq!(fold_str("田中"), "田中");
    }

    #[test]
    fn folded_bytes_map_back_to_the_original() {
        let text = "a Zoe\u{308}\u{200B}x İ";
        let f = fold(text);
        assert_eq!(f.text, "a zoex i");
        // "zoe" → "Zoe" plus its combining diaeresis.
        let at = f.text.find("zoe").unwrap_or(0);
        let (s, e) = (f.src_start(at), f.src_end(at + 3));
        assert_eq!(&text[s..e], "Zoe\u{308}");
        // "İ" folds to one "i" covering both of its bytes.
        let i = f.text.rfind('i').unwrap_or(0);
        assert_eq!(&text[f.src_start(i)..f.src_end(i + 1)], "İ");
        let ss = fold("ß");
        assert!(ss.aligned(0) && !ss.aligned(1) && ss.aligned(2));
    }
}
