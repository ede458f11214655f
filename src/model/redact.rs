//! Redaction: real names become pseudonyms wherever and however they are written.
//!
//! Names are compared in a folded form ([`fold`]: any case, with or without
//! diacritics, any Unicode normal form, invisible characters ignored) and found all at
//! once by one automaton built per export. For each participant the real name, each
//! of its parts, the handles made from them ("raviokafor", "rokafor") and their other
//! names are replaced by the pseudonym — as whole words (digits and `_ . - @` end a
//! word), or anywhere for names in scripts written without spaces (CJK). A name part
//! that is an ordinary word ("will", "mark") is replaced only where it is clearly a
//! name; an initial next to a name goes with it; inside a quote the replacement is
//! shown in [brackets].
//!
//! Who is replaced by what (consent: anonymous participants become "a participant")
//! is decided by [`people`]; the gate in [`super::publish`] applies it to every text.

pub mod fold;
mod matcher;
#[cfg(test)]
mod tests;

use super::session::{Attribution, Session};
use fold::{fold_str, is_cjk};
use matcher::{Builder, Flags, Matcher, Owner};
use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

/// Someone whose names are replaced, and with what.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Person {
    /// What replaces their names (their pseudonym, or "a participant").
    pub replacement: String,
    /// Full names (the real name): each part, and handles made of the parts, too.
    pub names: Vec<String>,
    /// Other names (handles, e-mail local parts, nicknames), replaced as whole tokens.
    pub other_names: Vec<String>,
    /// Phrases that identify them (an anonymous participant's pseudonym or role), each
    /// with its own replacement; whole phrases, in any case.
    pub phrases: Vec<(String, String)>,
}

/// What replaces an anonymous participant's names and pseudonym.
pub const ANONYMOUS: &str = "a participant";
/// What replaces an anonymous participant's role.
pub const ROLE_WITHHELD: &str = "[role withheld]";
/// What replaces a name shared by several people with different pseudonyms.
pub const NAME_WITHHELD: &str = "[name withheld]";

/// Where a text will be shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// The text is Markdown: replacements are escaped.
    pub markdown: bool,
    /// The whole text is someone's verbatim words: every replacement is bracketed.
    pub quoted: bool,
}

/// Replaces names in text. Build it once per export (its cost is in the number of
/// names); [`Redactor::default`] replaces nothing.
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    matcher: Option<Arc<Matcher>>,
}

/// The people of a session and their names, as an export for everyone should treat
/// them: every participant's names become their pseudonym, an anonymous participant's
/// names, pseudonym and role become "a participant" and "[role withheld]". With
/// `real_names` (an export for the review team), attributed participants keep their
/// names; anonymous ones never do.
pub fn people(session: &Session, real_names: bool) -> Vec<Person> {
    let attributed_roles: HashSet<String> = session
        .participants
        .iter()
        .filter(|p| p.consent.attribution != Attribution::Anonymous)
        .map(|p| fold_str(p.role.trim()))
        .collect();
    let mut titles: std::collections::HashMap<_, Vec<&str>> = std::collections::HashMap::new();
    for i in &session.interviews {
        titles
            .entry(i.participant)
            .or_default()
            .push(i.title.trim());
    }
    let mut out = Vec::with_capacity(session.participants.len());
    for p in &session.participants {
        let anonymous = p.consent.attribution == Attribution::Anonymous;
        let mut person = Person {
            replacement: if anonymous {
                ANONYMOUS.to_owned()
            } else if p.pseudonym.trim().is_empty() {
                "(participant)".to_owned()
            } else {
                p.pseudonym.trim().to_owned()
            },
            ..Person::default()
        };
        if anonymous || !real_names {
            person.names.extend(p.real_name.iter().cloned());
            person.other_names.extend(p.other_names.iter().cloned());
        }
        if anonymous {
            let pseudonym = p.pseudonym.trim();
            let core = pseudonym.split('(').next().unwrap_or_default().trim();
            for phrase in [pseudonym, core] {
                person
                    .phrases
                    .push((phrase.to_owned(), ANONYMOUS.to_owned()));
            }
            // Their interviews' titles can name them ("Interview with Ravi").
            for title in titles.get(&p.id).into_iter().flatten() {
                let words = title
                    .split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphabetic));
                if words.count() >= 2 && title.chars().nth(7).is_some() {
                    person
                        .phrases
                        .push(((*title).to_owned(), "an interview".to_owned()));
                }
            }
            let role = p.role.trim();
            if role.chars().count() >= 3 && !attributed_roles.contains(&fold_str(role)) {
                person
                    .phrases
                    .push((role.to_owned(), ROLE_WITHHELD.to_owned()));
            }
        }
        out.push(person);
    }
    out
}

/// Lowercase name parts that are also ordinary words (assets/redaction/ordinary-words.ron).
pub fn ordinary_words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct List {
            words: Vec<String>,
        }
        ron::from_str::<List>(include_str!("../../assets/redaction/ordinary-words.ron"))
            .map(|l| l.words.iter().map(|w| fold_str(w)).collect())
            .unwrap_or_default()
    })
}

/// Separators inside one name part ("mei-ling", "o'brien", "j.berg").
fn split_part(part: &str) -> Vec<&str> {
    part.split(['-', '.', '_', '\''])
        .filter(|s| !s.is_empty())
        .collect()
}

/// The forms of one name part matched on their own: the part, each piece between
/// hyphens, dots and underscores (with and without apostrophes), each piece after an
/// apostrophe, and all of it run together ("o'brien-nunez": "o'brien", "obrien",
/// "brien", "nunez", "obriennunez").
fn part_forms(part: &str) -> Vec<String> {
    let mut out = vec![part.to_owned()];
    for piece in part.split(['-', '.', '_']).filter(|s| !s.is_empty()) {
        out.push(piece.to_owned());
        out.push(piece.replace('\'', ""));
        out.extend(piece.split('\'').map(str::to_owned));
    }
    out.push(split_part(part).concat());
    out
}

fn long_enough(s: &str) -> bool {
    s.chars().nth(1).is_some()
}

impl Redactor {
    /// The redactor of an export for everyone (see [`people`]).
    pub fn new(session: &Session) -> Self {
        Self::for_people(&people(session, false))
    }

    /// A redactor for these people.
    pub fn for_people(people: &[Person]) -> Self {
        let ordinary = ordinary_words();
        let mut b = Builder::default();
        for p in people {
            let mut initials = Vec::new();
            for name in &p.names {
                for part in fold_str(name).split_whitespace() {
                    initials.extend(part.chars().next());
                }
            }
            let person = b.person(initials);
            let replacement = b.replacement(&p.replacement);
            let owner = Owner {
                person,
                replacement,
            };
            let add = |b: &mut Builder, s: &str, phrase: bool, owner: Owner| {
                if !long_enough(s) {
                    return;
                }
                let flags = Flags {
                    cjk: s.chars().any(is_cjk),
                    ordinary: !s.contains(' ') && ordinary.contains(s),
                    phrase,
                };
                b.add(s, flags, owner);
            };
            for name in &p.names {
                let folded = fold_str(name);
                let parts: Vec<&str> = folded.split_whitespace().collect();
                add(&mut b, &parts.join(" "), false, owner);
                for part in &parts {
                    for form in part_forms(part) {
                        add(&mut b, &form, false, owner);
                    }
                }
                // Handles made of the parts: "raviokafor", "rokafor", "zoenunez".
                if parts.len() >= 2 && !folded.chars().any(is_cjk) {
                    let joined: Vec<String> =
                        parts.iter().map(|p| split_part(p).concat()).collect();
                    add(&mut b, &joined.concat(), false, owner);
                    let (last, rest) = (&parts[parts.len() - 1], &parts[..parts.len() - 1]);
                    let inits: String = rest.iter().filter_map(|p| p.chars().next()).collect();
                    let mut lasts: Vec<String> = part_forms(last)
                        .iter()
                        .map(|f| split_part(f).concat())
                        .filter(|l| l.chars().nth(2).is_some())
                        .collect();
                    lasts.dedup();
                    for l in &lasts {
                        add(&mut b, &format!("{inits}{l}"), false, owner);
                        add(&mut b, &format!("{}{l}", joined[0]), false, owner);
                    }
                }
            }
            for other in &p.other_names {
                let other = other.trim().trim_start_matches('@');
                // An e-mail address: its local part is the handle people use.
                let local = other.split('@').next().unwrap_or_default();
                for form in [other, local] {
                    let folded = fold_str(form);
                    add(
                        &mut b,
                        &folded.split_whitespace().collect::<Vec<_>>().join(" "),
                        false,
                        owner,
                    );
                }
            }
            for (phrase, replacement) in &p.phrases {
                let owner = Owner {
                    person,
                    replacement: b.replacement(replacement),
                };
                let folded = fold_str(phrase);
                let words: Vec<&str> = folded.split_whitespace().collect();
                add(&mut b, &words.join(" "), true, owner);
            }
        }
        let mut matcher = b.build();
        if let Some(m) = &mut matcher {
            // A pseudonym that holds a name ("P1 (Jonas's deputy)") must not bring it
            // back where it replaces one.
            let clean: Vec<String> = m.replacements.iter().map(|r| withhold_in(m, r)).collect();
            m.replacements = clean;
        }
        Self {
            matcher: matcher.map(Arc::new),
        }
    }

    /// `text` with every name in it replaced by [`NAME_WITHHELD`] (for pseudonyms).
    pub fn withhold(&self, text: &str) -> String {
        match &self.matcher {
            Some(m) => withhold_in(m, text),
            None => text.to_owned(),
        }
    }

    /// Whether there is anything to redact.
    pub fn is_empty(&self) -> bool {
        self.matcher.is_none()
    }

    /// Where names are in `text` (byte ranges, in order): what [`Redactor::redact`]
    /// would replace.
    pub fn name_spans(&self, text: &str) -> Vec<(usize, usize)> {
        self.matcher
            .as_ref()
            .map(|m| m.hits(text).iter().map(|h| (h.start, h.end)).collect())
            .unwrap_or_default()
    }

    /// Returns `text` with every name replaced (plain text, not a quote).
    pub fn redact(&self, text: &str) -> String {
        self.redact_in(text, Context::default())
    }

    /// Returns `text` with every name replaced, as it will be shown in `ctx`.
    pub fn redact_in(&self, text: &str, ctx: Context) -> String {
        let Some(m) = &self.matcher else {
            return text.to_owned();
        };
        let hits = m.hits(text);
        if hits.is_empty() {
            return text.to_owned();
        }
        let quotes = if ctx.quoted {
            Vec::new()
        } else {
            quote_spans(text)
        };
        let mut out = String::with_capacity(text.len() + 16);
        let mut at = 0;
        for h in hits {
            out.push_str(text.get(at..h.start).unwrap_or_default());
            let mut replacements = h.owners.iter().map(|o| o.replacement);
            let first = replacements.next().unwrap_or_default();
            let chosen = if replacements.all(|r| r == first) {
                m.replacements
                    .get(first as usize)
                    .map_or(NAME_WITHHELD, String::as_str)
            } else {
                NAME_WITHHELD
            };
            let quoted = ctx.quoted || quotes.iter().any(|q| q.0 <= h.start && h.start < q.1);
            let shown = if quoted && !chosen.starts_with('[') {
                format!("[{chosen}]")
            } else {
                chosen.to_owned()
            };
            if ctx.markdown {
                out.push_str(&escape_markdown(&shown));
            } else {
                out.push_str(&shown);
            }
            at = h.end;
        }
        out.push_str(text.get(at..).unwrap_or_default());
        out
    }
}

fn withhold_in(m: &Matcher, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for h in m.hits(text) {
        out.push_str(text.get(at..h.start).unwrap_or_default());
        out.push_str(NAME_WITHHELD);
        at = h.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

/// Escapes an inserted value for Markdown (one place to change when escaping moves).
fn escape_markdown(text: &str) -> String {
    super::markdown::escape_inline(text)
}

/// Byte ranges of `text` that are quoted: between curly quotes, guillemets, corner
/// brackets or straight double quotes (within a paragraph), and Markdown block quotes.
pub fn quote_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let mut line_start = true;
    let mut prev = '\0';
    for (i, c) in text.char_indices() {
        if line_start && c == '>' {
            let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
            out.push((i, end));
        }
        if !c.is_whitespace() {
            line_start = false;
        }
        if c == '\n' {
            line_start = true;
            if prev == '\n' && open.is_some_and(|(_, q)| q == '"') {
                open = None;
            }
        }
        match (open, c) {
            (None, '\u{201C}' | '\u{201E}' | '\u{AB}' | '\u{300C}' | '\u{300E}' | '"') => {
                open = Some((i, c));
            }
            (Some((s, q)), _) if closes(q, c) => {
                out.push((s, i + c.len_utf8()));
                open = None;
            }
            _ => {}
        }
        prev = c;
    }
    if let Some((s, q)) = open
        && q != '"'
    {
        out.push((s, text.len()));
    }
    out
}

fn closes(open: char, c: char) -> bool {
    match open {
        '\u{201C}' | '\u{201E}' => matches!(c, '\u{201D}' | '\u{201C}'),
        '\u{AB}' => c == '\u{BB}',
        '\u{300C}' => c == '\u{300D}',
        '\u{300E}' => c == '\u{300F}',
        _ => c == '"',
    }
}
