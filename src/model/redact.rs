//! Redaction: real names become pseudonyms, wherever they appear in free text.

use super::session::Session;

/// Replaces participants' real names with their pseudonyms.
///
/// Full names and each name part alone (first name, last name) are replaced, longest
/// match first, case-insensitively, only as whole words — so "Ana" is redacted but
/// "Banana" and "Anatomy" are left alone.
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    /// (name as lowercase chars, pseudonym), longest first.
    needles: Vec<(Vec<char>, String)>,
    /// Needles by their first char (indices into `needles`, longest first), so each
    /// word start is compared only with names that can match there: a large session's
    /// export redacts every statement, and trying every name at every word was most of
    /// its cost.
    by_first: std::collections::HashMap<char, Vec<usize>>,
}

/// Name parts shorter than this are not redacted alone (initials, "de", "Jr").
const MIN_PART_CHARS: usize = 2;

impl Redactor {
    /// Builds the redactor for a session's participants.
    pub fn new(session: &Session) -> Self {
        let mut needles: Vec<(Vec<char>, String)> = Vec::new();
        for p in &session.participants {
            let Some(real) = p.real_name.as_deref() else {
                continue;
            };
            let real = real.trim();
            if real.is_empty() {
                continue;
            }
            let pseudonym = if p.pseudonym.trim().is_empty() {
                "(participant)".to_owned()
            } else {
                p.pseudonym.clone()
            };
            let mut add = |s: &str| {
                // Also the name as it reads in escaped Markdown ("ana\\_lima", "AT&amp;T"):
                // drafted write-ups hold escaped text and are redacted at export.
                for form in [s.to_owned(), super::markdown::escape_inline(s)] {
                    let chars: Vec<char> = form.chars().flat_map(char::to_lowercase).collect();
                    if chars.len() >= MIN_PART_CHARS && !needles.iter().any(|(n, _)| *n == chars) {
                        needles.push((chars, pseudonym.clone()));
                    }
                }
            };
            add(real);
            for part in real.split(|c: char| c.is_whitespace() || c == '-') {
                add(part.trim_matches(|c: char| !c.is_alphanumeric()));
            }
        }
        needles.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let mut by_first: std::collections::HashMap<char, Vec<usize>> =
            std::collections::HashMap::new();
        for (k, (needle, _)) in needles.iter().enumerate() {
            if let Some(c) = needle.first() {
                by_first.entry(*c).or_default().push(k);
            }
        }
        Self { needles, by_first }
    }

    /// Whether there is anything to redact.
    pub fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }

    /// Returns `text` with every real name replaced by its pseudonym.
    pub fn redact(&self, text: &str) -> String {
        if self.needles.is_empty() {
            return text.to_owned();
        }
        let chars: Vec<char> = text.chars().collect();
        let lower: Vec<char> = chars
            .iter()
            .map(|c| {
                // Keep a 1:1 char mapping so indices line up (rare multi-char lowercases
                // keep their first char).
                c.to_lowercase().next().unwrap_or(*c)
            })
            .collect();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < chars.len() {
            let at_word_start = i == 0 || !is_word_char(chars[i - 1]);
            if at_word_start && let Some((len, pseudo)) = self.match_at(&lower, i) {
                out.push_str(pseudo);
                i += len;
                continue;
            }
            out.push(chars[i]);
            i += 1;
        }
        out
    }

    fn match_at(&self, lower: &[char], i: usize) -> Option<(usize, &str)> {
        for (needle, pseudo) in self
            .by_first
            .get(lower.get(i)?)?
            .iter()
            .map(|k| &self.needles[*k])
        {
            let end = i + needle.len();
            if end <= lower.len()
                && lower[i..end] == needle[..]
                && (end == lower.len() || !is_word_char(lower[end]))
            {
                return Some((needle.len(), pseudo));
            }
        }
        None
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A copy of the session safe to send outside the review: real names removed from
/// participants and replaced in all text, and off-the-record statements removed.
pub fn redacted_copy(session: &Session) -> Session {
    let r = Redactor::new(session);
    let mut s = session.clone();
    // Open merge conflicts hold both copies' words; tombstones fingerprint deleted ones.
    s.conflicts.clear();
    s.deleted.clear();
    let off: std::collections::HashSet<_> = s
        .interviews
        .iter()
        .flat_map(|i| {
            i.statements
                .iter()
                .filter(|st| st.off_record)
                .map(|st| st.id)
        })
        .collect();
    for p in &mut s.participants {
        p.real_name = None;
        p.notes = r.redact(&p.notes);
        p.role = r.redact(&p.role);
        p.consent.conditions = r.redact(&p.consent.conditions);
    }
    s.title = r.redact(&s.title);
    s.purpose = r.redact(&s.purpose);
    // Statements whose text changed length: their tagged spans no longer line up.
    let mut rewritten = std::collections::HashSet::new();
    for i in &mut s.interviews {
        i.statements.retain(|st| !st.off_record);
        for st in &mut i.statements {
            let redacted = r.redact(&st.text);
            if redacted != st.text {
                rewritten.insert(st.id);
                st.text = redacted;
            }
        }
        i.title = r.redact(&i.title);
        i.summary = r.redact(&i.summary);
        i.participant_follow_ups = r.redact(&i.participant_follow_ups);
        for a in &mut i.asked {
            a.text = r.redact(&a.text);
        }
    }
    // Remove references to the removed statements so the copy stays valid.
    let keep = |ids: &mut Vec<super::Id>| ids.retain(|id| !off.contains(id));
    for e in &mut s.timeline {
        keep(&mut e.evidence);
        e.description = r.redact(&e.description);
    }
    for d in &mut s.decision_points {
        keep(&mut d.statements);
        d.title = r.redact(&d.title);
        for a in &mut d.aspects {
            keep(&mut a.evidence);
            a.text = r.redact(&a.text);
        }
    }
    let removed_tags: std::collections::HashSet<_> = s
        .tags
        .iter()
        .filter(|t| off.contains(&t.statement))
        .map(|t| t.id)
        .collect();
    s.tags.retain(|t| !off.contains(&t.statement));
    for t in &mut s.tags {
        if rewritten.contains(&t.statement) {
            // Tag the whole (redacted) statement rather than point at the wrong words.
            t.span = None;
        }
    }
    for t in &mut s.themes {
        t.excerpts.retain(|id| !removed_tags.contains(id));
    }
    for f in &mut s.findings {
        keep(&mut f.evidence);
        f.text = r.redact(&f.text);
    }
    for f in &mut s.follow_ups {
        keep(&mut f.evidence);
        f.text = r.redact(&f.text);
    }
    for m in &mut s.maps {
        for n in &mut m.nodes {
            keep(&mut n.evidence);
            n.label = r.redact(&n.label);
            // Document titles can name people too ("Ana's runbook").
            for d in &mut n.documents {
                *d = r.redact(d);
            }
        }
        for l in &mut m.links {
            keep(&mut l.gap.evidence);
            l.gap.why = r.redact(&l.gap.why);
            l.gap.pressure = r.redact(&l.gap.pressure);
            l.gap.risk = r.redact(&l.gap.risk);
            l.gap.usually_succeeds = r.redact(&l.gap.usually_succeeds);
        }
    }
    for sec in &mut s.narrative.sections {
        sec.body = r.redact(&sec.body);
        sec.title = r.redact(&sec.title);
    }
    redact_other_text(&r, &mut s);
    s
}

/// Redacts every other field people type into (found missing by the property tests
/// in tests/properties.rs: a name can be typed anywhere).
fn redact_other_text(r: &Redactor, s: &mut Session) {
    let red = |t: &mut String| *t = r.redact(t);
    s.facilitators.iter_mut().for_each(red);
    for p in &mut s.participants {
        red(&mut p.team);
        red(&mut p.consent.retention);
    }
    for i in &mut s.interviews {
        red(&mut i.facilitator);
    }
    for e in &mut s.timeline {
        if let super::session::EventTime::Relative { text, .. } = &mut e.time {
            red(text);
        }
    }
    for d in &mut s.decision_points {
        red(&mut d.when);
    }
    for c in &mut s.codes {
        red(&mut c.name);
        red(&mut c.description);
        c.vocabulary.iter_mut().for_each(red);
    }
    for t in &mut s.themes {
        red(&mut t.name);
        red(&mut t.description);
    }
    for m in &mut s.maps {
        red(&mut m.name);
        for n in &mut m.nodes {
            n.documents.iter_mut().for_each(red);
        }
    }
    for a in &mut s.narrative.acknowledged {
        red(&mut a.phrase);
        red(&mut a.reason);
    }
    for g in &mut s.guides {
        red(&mut g.name);
        red(&mut g.when_to_use);
        g.references.iter_mut().for_each(red);
        for q in &mut g.questions {
            red(&mut q.text);
            red(&mut q.section);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::session::Participant;

    fn session_with(names: &[(&str, &str)]) -> Session {
        let mut s = Session::default();
        for (real, pseudo) in names {
            let mut p = Participant::new(*pseudo);
            p.real_name = Some((*real).to_owned());
            s.participants.push(p);
        }
        s
    }

    #[test]
    fn full_and_partial_names_become_pseudonyms() {
        let s = session_with(&[("Ana Lima", "P1"), ("Ben Okafor", "P2")]);
        let r = Redactor::new(&s);
        assert_eq!(
            r.redact("Ana Lima paged ben, then ANA asked Okafor."),
            "P1 paged P2, then P1 asked P2."
        );
    }

    #[test]
    fn names_inside_other_words_are_not_mangled() {
        let s = session_with(&[("Ana Lima", "P1"), ("Al Stone", "P2")]);
        let r = Redactor::new(&s);
        assert_eq!(
            r.redact("Banana analysis: the limail alert, Stonehenge"),
            "Banana analysis: the limail alert, Stonehenge"
        );
        assert_eq!(r.redact("Al's pager"), "P2's pager");
    }

    #[test]
    fn case_insensitive_first_and_last_names_alone() {
        let s = session_with(&[
            ("Chris Novak", "P3"),
            ("Dana Wu", "P4"),
            ("Ben Okafor", "P2"),
        ]);
        let r = Redactor::new(&s);
        assert_eq!(
            r.redact("chris NOVAK told dana; Wu agreed. CHRIS asked okafor."),
            "P3 told P4; P4 agreed. P3 asked P2."
        );
        // Longest match first: the full name becomes one pseudonym, not two.
        assert_eq!(r.redact("Dana Wu"), "P4");
        // Inside other words nothing changes: Christmas, Danae, Wuhan, Benefit.
        assert_eq!(
            r.redact("Christmas rota, Danae's dashboard, Wuhan region, Benefit"),
            "Christmas rota, Danae's dashboard, Wuhan region, Benefit"
        );
        // Punctuation around a name still counts as a word boundary.
        assert_eq!(r.redact("(Ben) \"Dana\" chris."), "(P2) \"P4\" P3.");
    }

    #[test]
    fn redacted_copy_drops_real_names_and_off_record() {
        let mut s = session_with(&[("Ana Lima", "P1")]);
        let mut i = crate::model::Interview {
            participant: s.participants[0].id,
            ..Default::default()
        };
        i.statements.push(crate::model::Statement {
            text: "Ana said it was fine".into(),
            ..Default::default()
        });
        i.statements.push(crate::model::Statement {
            text: "secret".into(),
            off_record: true,
            ..Default::default()
        });
        s.interviews.push(i);
        let c = redacted_copy(&s);
        let text = crate::model::file::to_ron_string(&c).unwrap();
        assert!(!text.contains("Ana"), "{text}");
        assert!(!text.contains("secret"));
        assert!(crate::model::validate::validate(&c).is_ok());
    }
}
