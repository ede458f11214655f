//! Filling a rule's "try instead" template with the words of the question it flagged:
//! "Why didn't you roll back?" → "What made *rolling back* less attractive then?".
//!
//! Templates (the `ask` of a rule in `assets/rules/questions.ron`) may name `{rest}`
//! (the words after the match, to the end of its clause), `{doing}` (the same as
//! "-ing"), `{tail}` (the match's last word and `{rest}`) and `{first}` (the first
//! question of the turn). Alternatives are separated by ` || `; the first whose words
//! can all be filled is used, and the last is used as it is when none can.

use crate::model::rules::{Hit, Prose, TokenClass};

/// At most this many words are carried over from the question: a longer rest reads
/// badly inside another sentence, and the plain alternative serves better.
const MAX_REST_WORDS: usize = 12;

/// Words skipped at the start of the rest before the verb ("why didn't you *really*
/// check…").
const ADVERBS: &[&str] = &[
    "just",
    "really",
    "actually",
    "ever",
    "even",
    "also",
    "still",
    "then",
    "not",
    "already",
    "simply",
    "immediately",
    "first",
    "at",
    "all",
];

/// The template filled in for this hit in `text` (whose tokens are `prose`).
pub fn fill(template: &str, text: &str, prose: &Prose, hit: &Hit) -> String {
    let alternatives: Vec<&str> = template.split(" || ").collect();
    for alt in &alternatives {
        if let Some(filled) = try_fill(alt, text, prose, hit) {
            return filled;
        }
    }
    // None could be filled: the last, with any placeholder left out.
    let last = alternatives.last().copied().unwrap_or_default();
    strip_placeholders(last)
}

fn try_fill(template: &str, text: &str, prose: &Prose, hit: &Hit) -> Option<String> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        let name = &after[..close];
        let value = match name {
            "rest" => rest_words(text, prose, hit.tokens.end),
            "doing" => rest_words(text, prose, hit.tokens.end).and_then(|r| gerund_phrase(&r)),
            "tail" => {
                let last = hit.tokens.end.checked_sub(1)?;
                let word = text.get(prose.tokens.get(last)?.src.clone())?;
                rest_words(text, prose, hit.tokens.end).map(|r| format!("{word} {r}"))
            }
            "first" => first_question(text),
            "idea" => rest_words(text, prose, hit.tokens.end).and_then(|r| idea(&r)),
            _ => None,
        }?;
        out.push_str(&value);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

fn strip_placeholders(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => rest = &rest[open + close + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The source words from token `from` to the end of its clause (the next punctuation
/// mark), or None when there are none or too many.
fn rest_words(text: &str, prose: &Prose, from: usize) -> Option<String> {
    let mut end = from;
    while end < prose.tokens.len() && prose.tokens[end].class == TokenClass::Word {
        end += 1;
    }
    if end == from || end - from > MAX_REST_WORDS {
        return None;
    }
    let start = prose.tokens.get(from)?.src.start;
    let stop = prose.tokens.get(end - 1)?.src.end;
    let words = text.get(start..stop)?;
    Some(words.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Words that say when an idea was held, trimmed from its end ("…a memory leak
/// *at first*").
const WHEN_HELD: &[&str] = &[
    "at first",
    "first",
    "initially",
    "originally",
    "at the start",
    "early on",
    "to begin with",
    "at the beginning",
    "for a while",
];

/// The idea someone held, from the words after "we thought": without a leading
/// "that" or the words that say it came first; None when nothing is left.
fn idea(rest: &str) -> Option<String> {
    let mut s = rest.trim();
    if s.get(..5).is_some_and(|w| w.eq_ignore_ascii_case("that ")) {
        s = s.get(5..).unwrap_or_default().trim_start();
    }
    loop {
        if WHEN_HELD.iter().any(|w| s.eq_ignore_ascii_case(w)) {
            return None;
        }
        let cut = WHEN_HELD.iter().find_map(|w| {
            let at = s.len().checked_sub(w.len() + 1)?;
            let tail = s.get(at..)?;
            (tail.starts_with(' ') && tail[1..].eq_ignore_ascii_case(w)).then_some(at)
        });
        match cut {
            Some(at) => s = s.get(..at).unwrap_or_default().trim_end(),
            None => break,
        }
    }
    (!s.is_empty()).then(|| s.to_owned())
}

/// The first sentence of the text that ends in a question mark, trimmed.
fn first_question(text: &str) -> Option<String> {
    let end = text.find('?')?;
    let before = &text[..end];
    let start = before.rfind(['.', '!', '?', '\n']).map_or(0, |i| i + 1);
    let q = text.get(start..=end)?.trim();
    (!q.is_empty()).then(|| q.to_owned())
}

/// "roll back" → "rolling back"; the first verb of a phrase in its "-ing" form,
/// after any adverb ("really check it" → "checking it").
fn gerund_phrase(phrase: &str) -> Option<String> {
    let mut words: Vec<&str> = phrase.split_whitespace().collect();
    while words
        .first()
        .is_some_and(|w| ADVERBS.contains(&w.to_lowercase().as_str()))
    {
        words.remove(0);
    }
    let (verb, rest) = words.split_first()?;
    if !verb.chars().all(|c| c.is_alphabetic()) {
        return None;
    }
    let mut out = gerund(verb);
    for w in rest {
        out.push(' ');
        out.push_str(w);
    }
    Some(out)
}

/// The "-ing" form of an English verb, by the spelling rules: "page" → "paging",
/// "stop" → "stopping", "die" → "dying", "see" → "seeing", "roll" → "rolling".
pub fn gerund(verb: &str) -> String {
    let v = verb.to_lowercase();
    if v.ends_with("ing") && v.len() > 4 {
        return verb.to_owned();
    }
    if v == "be" {
        return "being".to_owned();
    }
    if let Some(stem) = v.strip_suffix("ie") {
        return format!("{stem}ying");
    }
    if v.ends_with("ee") || v.ends_with("oe") || v.ends_with("ye") {
        return format!("{v}ing");
    }
    if let Some(stem) = v.strip_suffix('e')
        && stem.len() >= 2
    {
        return format!("{stem}ing");
    }
    let chars: Vec<char> = v.chars().collect();
    let vowel = |c: char| "aeiou".contains(c);
    let groups = chars
        .iter()
        .enumerate()
        .filter(|(i, c)| vowel(**c) && (*i == 0 || !vowel(chars[*i - 1])))
        .count();
    if let [.., a, b, c] = chars.as_slice()
        && !vowel(*a)
        && vowel(*b)
        && !vowel(*c)
        && !"wxy".contains(*c)
        && groups == 1
    {
        return format!("{v}{c}ing");
    }
    format!("{v}ing")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gerunds_follow_the_spelling_rules() {
        for (verb, ing) in [
            ("roll", "rolling"),
            ("page", "paging"),
            ("stop", "stopping"),
            ("run", "running"),
            ("check", "checking"),
            ("restart", "restarting"),
            ("open", "opening"),
            ("see", "seeing"),
            ("die", "dying"),
            ("be", "being"),
            ("escalate", "escalating"),
            ("fix", "fixing"),
            ("call", "calling"),
            ("Roll", "rolling"),
        ] {
            assert_eq!(gerund(verb), ing, "{verb}");
        }
    }

    #[test]
    fn phrases_and_questions() {
        assert_eq!(
            gerund_phrase("really roll back").as_deref(),
            Some("rolling back")
        );
        assert_eq!(gerund_phrase("just"), None);
        assert_eq!(gerund_phrase("v1.2 it"), None);
        assert_eq!(
            first_question("Okay. What did you see? And then?").as_deref(),
            Some("What did you see?")
        );
        assert_eq!(first_question("No question here."), None);
        assert_eq!(strip_placeholders("Try {doing} now"), "Try now");
        assert_eq!(
            idea("it was a memory leak at first").as_deref(),
            Some("it was a memory leak")
        );
        assert_eq!(
            idea("that the cache was stale").as_deref(),
            Some("the cache was stale")
        );
        assert_eq!(idea("first"), None);
    }
}
