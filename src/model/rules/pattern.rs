//! Patterns as written in a rules file (`ignor{e|es|ed|ing} the {alert|warning}`)
//! expanded to the word sequences they stand for, normalised like the text.

use super::prose::{Prose, TokenClass};

/// At most this many word sequences from one pattern: a typo in a hand-written
/// project rule should not build a matcher of millions of phrases.
pub const MAX_EXPANSIONS: usize = 5_000;

/// A pattern expanded: each sequence as the matcher's needle (` w1 w2`), with its
/// number of tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expanded {
    /// The needle: each token preceded by a space, as in [`Prose::norm`].
    pub needle: String,
    /// How many tokens it spans.
    pub tokens: usize,
}

/// Expands `{a|b|}` alternatives and normalises each result. Errors name the
/// problem in words.
pub fn expand(pattern: &str) -> Result<Vec<Expanded>, String> {
    let mut variants = vec![String::new()];
    let mut rest = pattern;
    while !rest.is_empty() {
        if let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                return Err(format!("pattern {pattern:?} has a `}}` without its `{{`"));
            }
            let literal = &rest[..open];
            let after = &rest[open + 1..];
            let close = after
                .find(['{', '}'])
                .filter(|&c| after[c..].starts_with('}'))
                .ok_or_else(|| {
                    format!(
                        "pattern {pattern:?} has a `{{` without its `}}` (or one inside another)"
                    )
                })?;
            let options: Vec<&str> = after[..close].split('|').collect();
            if variants.len() * options.len() > MAX_EXPANSIONS {
                return Err(format!(
                    "pattern {pattern:?} stands for more than {MAX_EXPANSIONS} phrases; split it"
                ));
            }
            variants = variants
                .iter()
                .flat_map(|v| options.iter().map(move |o| format!("{v}{literal}{o}")))
                .collect();
            rest = &after[close + 1..];
        } else {
            for v in &mut variants {
                v.push_str(rest);
            }
            rest = "";
        }
    }
    let mut out: Vec<Expanded> = Vec::new();
    for v in variants {
        let p = Prose::of_text(&v);
        if p.tokens.iter().any(|t| t.class == TokenClass::Opaque) || p.tokens.is_empty() {
            continue;
        }
        let e = Expanded {
            needle: p.norm.clone(),
            tokens: p.tokens.len(),
        };
        if !out.contains(&e) {
            out.push(e);
        }
    }
    if out.is_empty() {
        return Err(format!("pattern {pattern:?} has no words"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needles(p: &str) -> Vec<String> {
        expand(p)
            .expect("valid")
            .into_iter()
            .map(|e| e.needle)
            .collect()
    }

    #[test]
    fn alternatives_inflections_and_optional_words() {
        assert_eq!(
            needles("ignor{e|ed} the {alert|warning}"),
            [
                " ignore the alert",
                " ignore the warning",
                " ignored the alert",
                " ignored the warning"
            ]
        );
        assert_eq!(
            needles("did not {properly |}follow"),
            [" did not properly follow", " did not follow"]
        );
        assert_eq!(needles("Should’ve"), [" should've"]);
        let e = expand("root  cause").expect("valid");
        assert_eq!(e[0].tokens, 2);
    }

    #[test]
    fn broken_patterns_are_errors() {
        assert!(expand("a {b").is_err());
        assert!(expand("a }b").is_err());
        assert!(expand("a {b {c}}").is_err());
        assert!(expand("  ").is_err());
        let ten = "{a|b|c|d|e|f|g|h|i|j}";
        assert!(expand(&ten.repeat(4)).is_err());
    }
}
