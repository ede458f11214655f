//! Who is speaking: speaker names from transcripts and chat authors matched to the
//! session's participants (real name, pseudonym, other names) and facilitators.
//!
//! Matching is exact after normalising case, accents, white space, a leading `@`, a
//! trailing note in brackets ("Ana Lima (she/her)", "(Guest)"), "Lima, Ana" order and
//! e-mail addresses (their local part). It never guesses from part of a name: a
//! wrong match would put one person's words in another's mouth, so what does not match
//! is asked about instead.

use super::id::Id;
use super::session::{Participant, Session};
use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

/// Who a name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Known {
    /// A participant.
    Participant(Id),
    /// One of the session's facilitators (its index in the list).
    Facilitator(usize),
}

/// What a name matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// Nobody.
    None,
    /// Exactly one person.
    One(Known),
    /// Several people share the name: ask.
    Ambiguous,
}

/// The forms a name is compared in: lower case, no accents, single spaces.
pub fn normalize(name: &str) -> String {
    let folded: String = name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every form of a label worth looking up: itself; without `@`; without a trailing
/// bracketed note; "Lima, Ana" as "ana lima"; an e-mail address and its local part.
pub fn forms(label: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: &str| {
        let n = normalize(s);
        if !n.is_empty() && !out.contains(&n) {
            out.push(n);
        }
    };
    let base = label.trim().trim_start_matches('@').trim();
    add(base);
    let mut core = base;
    while let Some(open) = core.rfind(['(', '[']) {
        if open == 0 || !core.ends_with([')', ']']) {
            break;
        }
        core = core[..open].trim();
    }
    add(core);
    if let Some((last, first)) = core.split_once(',')
        && !first.contains(',')
    {
        add(&format!("{} {}", first.trim(), last.trim()));
    }
    if let Some((local, domain)) = core.split_once('@')
        && domain.contains('.')
    {
        add(local);
    }
    out
}

/// Looks names up among a session's participants and facilitators.
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    /// (normalised name, who), in session order.
    names: Vec<(String, Known)>,
}

impl Matcher {
    /// The names a session knows: each participant's real name, pseudonym and other
    /// names, and the facilitators.
    pub fn new(session: &Session) -> Self {
        let mut names = Vec::new();
        for p in &session.participants {
            for n in participant_names(p) {
                for f in forms(n) {
                    names.push((f, Known::Participant(p.id)));
                }
            }
        }
        for (k, f) in session.facilitators.iter().enumerate() {
            for form in forms(f) {
                names.push((form, Known::Facilitator(k)));
            }
        }
        Self { names }
    }

    /// Who a speaker label or chat name belongs to.
    pub fn find(&self, label: &str) -> Found {
        self.find_any(&[label])
    }

    /// Who any of several names of one person (a chat user's handle, display name and
    /// real name) belongs to; ambiguous when they point at different people.
    pub fn find_any(&self, labels: &[&str]) -> Found {
        let mut hit: Option<Known> = None;
        for label in labels {
            for form in forms(label) {
                for (name, who) in &self.names {
                    if *name == form {
                        match hit {
                            Some(h) if h != *who => return Found::Ambiguous,
                            _ => hit = Some(*who),
                        }
                    }
                }
            }
        }
        hit.map_or(Found::None, Found::One)
    }
}

/// A participant's names: real name, pseudonym, other names.
fn participant_names(p: &Participant) -> impl Iterator<Item = &str> {
    p.real_name
        .as_deref()
        .into_iter()
        .chain(std::iter::once(p.pseudonym.as_str()))
        .chain(p.other_names.iter().map(String::as_str))
        .filter(|n| !n.trim().is_empty())
}

/// Whether a label reads as a person's full name ("Ana Lima") rather than a handle
/// ("ana.lima", "@alima", "ana@example.com"): several words, letters only.
pub fn is_full_name(label: &str) -> bool {
    let core = label.trim();
    core.split_whitespace().count() >= 2
        && !core.contains('@')
        && core
            .chars()
            .all(|c| c.is_alphabetic() || c.is_whitespace() || matches!(c, '-' | '\'' | '.' | '’'))
}

/// `p` with `labels` added to its other names where it does not answer to them yet,
/// so the next import matches them and redaction replaces them. `None` when nothing
/// is new.
pub fn with_other_names(p: &Participant, labels: &[&str]) -> Option<Participant> {
    let mut known: Vec<String> = participant_names(p).flat_map(forms).collect();
    let mut changed = p.clone();
    for label in labels {
        let label = label.trim();
        // An e-mail address is new even when its local part is known: it is how the
        // address itself gets redacted.
        let is_email = label
            .split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'));
        let already = if is_email {
            known.contains(&normalize(label))
        } else {
            forms(label).iter().any(|f| known.contains(f))
        };
        if label.is_empty() || already {
            continue;
        }
        known.extend(forms(label));
        changed.other_names.push(label.to_owned());
    }
    (changed != *p).then_some(changed)
}

/// A new participant for a person known only by these names: the first full name
/// becomes the real name (kept in the file only), the others are other names.
pub fn new_participant(pseudonym: String, labels: &[&str]) -> Participant {
    let mut p = Participant::new(pseudonym);
    p.real_name = labels
        .iter()
        .find(|l| is_full_name(l))
        .map(|l| l.trim().to_owned());
    let rest: Vec<&str> = labels.to_vec();
    with_other_names(&p, &rest).unwrap_or(p)
}

/// `n` pseudonyms not used in the session yet: P<k>, P<k+1>, …
pub fn fresh_pseudonyms(session: &Session, n: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    let mut k = session.participants.len() + 1;
    while out.len() < n {
        let candidate = format!("P{k}");
        if !session
            .participants
            .iter()
            .any(|p| p.pseudonym == candidate)
        {
            out.push(candidate);
        }
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Session {
        let mut s = Session::default();
        let mut ana = Participant::new("P1 (on-call SRE)");
        ana.real_name = Some("Ana Lima".into());
        ana.other_names = vec!["nightowl".into(), "ana.l".into()];
        let mut jose = Participant::new("P2");
        jose.real_name = Some("José Ñúñez".into());
        s.participants = vec![ana, jose];
        s.facilitators = vec!["Sam Rivera".into()];
        s
    }

    #[test]
    fn names_match_in_every_usual_spelling() {
        let s = session();
        let m = Matcher::new(&s);
        let ana = Found::One(Known::Participant(s.participants[0].id));
        let jose = Found::One(Known::Participant(s.participants[1].id));
        for label in [
            "Ana Lima",
            "ana  lima",
            "ANA LIMA",
            "Lima, Ana",
            "Ana Lima (she/her)",
            "Ana Lima (Guest)",
            "@nightowl",
            "NightOwl",
            "ana.l@example.com",
            "P1 (on-call SRE)",
            "P1",
        ] {
            assert_eq!(m.find(label), ana, "{label}");
        }
        assert_eq!(m.find("Jose Nunez"), jose);
        assert_eq!(m.find("sam rivera"), Found::One(Known::Facilitator(0)));
        // Never part of a name: a guess could put words in the wrong mouth.
        for label in [
            "Ana",
            "Lima",
            "Ana L",
            "Banana Lima",
            "",
            "P3 (on-call SRE)",
        ] {
            assert_eq!(m.find(label), Found::None, "{label}");
        }
    }

    #[test]
    fn a_name_two_people_answer_to_is_ambiguous() {
        let mut s = session();
        s.participants[1].other_names.push("nightowl".into());
        let m = Matcher::new(&s);
        assert_eq!(m.find("nightowl"), Found::Ambiguous);
        assert_eq!(m.find_any(&["Ana Lima", "José Ñúñez"]), Found::Ambiguous);
        assert_eq!(
            m.find_any(&["unknown", "Ana Lima"]),
            Found::One(Known::Participant(s.participants[0].id))
        );
    }

    #[test]
    fn new_participants_keep_full_names_as_real_names_and_handles_as_other_names() {
        let p = new_participant("P3".into(), &["dwu", "Dana Wu", "dana@example.com"]);
        assert_eq!(p.real_name.as_deref(), Some("Dana Wu"));
        assert_eq!(p.other_names, vec!["dwu", "dana@example.com"]);
        let p = new_participant("P4".into(), &["ana.lima"]);
        assert_eq!(p.real_name, None);
        assert_eq!(p.other_names, vec!["ana.lima"]);
        let s = session();
        assert!(with_other_names(&s.participants[0], &["Lima, Ana", "@nightowl"]).is_none());
        let more = with_other_names(&s.participants[0], &["alima"]);
        assert_eq!(
            more.map(|p| p.other_names),
            Some(vec!["nightowl".into(), "ana.l".into(), "alima".into()])
        );
        assert_eq!(fresh_pseudonyms(&s, 2), vec!["P3", "P4"]);
    }
}
