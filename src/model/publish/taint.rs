//! Off the record as a taint: what is made from an off-record statement, and the
//! scrubber that keeps its words (and the words of people who may not be quoted) out
//! of every text that leaves the file.
//!
//! Words are compared folded (case, diacritics, Unicode forms, Markdown escapes and
//! footnote references do not matter). A run of [`RUN`] consecutive words of a
//! statement is its words; a statement shorter than that counts as a run when it has
//! at least three words, and in anything made from it or citing it, any run of three
//! of its words (or all of them, when it has fewer) is withheld.

use super::super::id::Id;
use super::super::redact::Redactor;
use super::super::redact::fold::{fold_char, is_cjk, is_ignorable};
use super::super::session::Session;
use std::collections::{HashMap, HashSet};
use unicode_normalization::char::is_combining_mark;

/// This many consecutive words of a statement are its words, wherever they appear.
pub const RUN: usize = 5;
/// Shorter statements count anywhere only with at least this many words; it is also
/// the run withheld in things made from (or citing) a statement.
const SHORT: usize = 3;
/// What stands in for withheld words.
pub const WITHHELD: &str = "[withheld]";

/// Whose words are scrubbed, and what replaces a whole statement's worth of them.
#[derive(Clone, Debug)]
pub enum Source {
    /// Off the record: withheld.
    OffRecord,
    /// May not be quoted: the facilitator's paraphrase (or a placeholder) stands in
    /// for the whole statement; a part of it is withheld.
    NoQuote(String),
}

/// A word of a text: where it is, and its folded form's hash.
#[derive(Clone, Copy, Debug)]
struct Word {
    start: usize,
    end: usize,
    hash: u64,
}

/// Hashes that are already hashes: a map keyed by them needs no second hash.
#[derive(Default)]
struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 ^= n;
    }
}

type Fast = std::hash::BuildHasherDefault<Prehashed>;

/// Finds and replaces runs of protected statements' words.
#[derive(Clone, Debug, Default)]
pub struct Scrubber {
    /// (statement, its words' hashes, whose words, its text as added).
    sources: Vec<(Id, Vec<u64>, Source, String)>,
    by_id: HashMap<Id, u32>,
    /// Hash of a run (salted with its length) → sources with that run.
    runs: HashMap<u64, Vec<u32>, Fast>,
    /// Every word of every source: a window with another word cannot match.
    vocabulary: HashSet<u64, Fast>,
    /// The run lengths in use (bit k): most statements have five words or more.
    lengths: u8,
    /// For text read before names are replaced: a replacement widened to whole names,
    /// so none is left in part (and then not recognised).
    names: Option<Redactor>,
}

/// The key of a run of `k` words.
fn run_key(k: usize, words: &[u64]) -> u64 {
    run_hash(words) ^ (k as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

fn run_hash(words: &[u64]) -> u64 {
    words.iter().fold(0x9e37_79b9_7f4a_7c15, |h, w| {
        (h.rotate_left(7) ^ w).wrapping_mul(0x0100_0000_01b3)
    })
}

/// FNV-1a, one byte at a time: a word's hash is built as it is read.
const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

/// How many bytes a Markdown construct that is not words takes at the start of
/// `rest`: a footnote reference (`[^label]`, no spaces in the label) or a character
/// reference (`&amp;`). The caller checks that it is not escaped (`\[^…`, which
/// Markdown shows as text).
fn not_words(rest: &str) -> Option<usize> {
    let bounded = |limit: usize, end: char, ok: fn(char) -> bool| {
        rest.char_indices()
            .skip(1)
            .take(limit)
            .take_while(|(_, c)| *c == end || ok(*c))
            .find(|(_, c)| *c == end)
            .map(|(i, c)| i + c.len_utf8())
    };
    if rest.starts_with("[^") {
        bounded(80, ']', |c| c != '[' && !c.is_whitespace())
    } else if rest.starts_with('&') {
        bounded(10, ';', |c| c.is_ascii_alphanumeric() || c == '#').filter(|n| *n > 2)
    } else {
        None
    }
}

/// The words of `text`: letters and digits, each CJK character a word of its own;
/// invisible characters and marks inside a word are ignored. In Markdown, footnote
/// references (`[^…]`) and character references (`&amp;`) are skipped.
fn words(text: &str, markdown: bool) -> Vec<Word> {
    let mut out = Vec::new();
    // The word being read: its hash so far (None: between words), start and end.
    let mut cur: Option<u64> = None;
    let (mut start, mut end) = (0, 0);
    let mut buf = String::new();
    let mut skip_to = 0;
    // Backslashes just before the character read: after an odd number it is escaped.
    let mut backslashes = 0usize;
    let flush = |cur: &mut Option<u64>, out: &mut Vec<Word>, start: usize, end: usize| {
        if let Some(hash) = cur.take() {
            out.push(Word { start, end, hash });
        }
    };
    for (i, c) in text.char_indices() {
        if i < skip_to {
            continue;
        }
        let next = i + c.len_utf8();
        let escaped = backslashes % 2 == 1;
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        // Most text is ASCII: letters and digits fold to themselves in lowercase.
        if c.is_ascii_alphanumeric() {
            if cur.is_none() {
                start = i;
            }
            cur = Some(fnv_step(
                cur.unwrap_or(FNV_START),
                c.to_ascii_lowercase() as u8,
            ));
            end = next;
            continue;
        }
        if markdown
            && !escaped
            && let Some(len) = not_words(&text[i..])
        {
            flush(&mut cur, &mut out, start, end);
            skip_to = i + len;
            continue;
        }
        if c.is_ascii() {
            flush(&mut cur, &mut out, start, end);
            continue;
        }
        if is_ignorable(c) || is_combining_mark(c) {
            if cur.is_some() {
                end = next;
            }
            continue;
        }
        buf.clear();
        fold_char(c, &mut buf);
        for f in buf.chars() {
            if is_cjk(f) {
                flush(&mut cur, &mut out, start, end);
                let mut b = [0u8; 4];
                let hash = f.encode_utf8(&mut b).bytes().fold(FNV_START, fnv_step);
                out.push(Word {
                    start: i,
                    end: next,
                    hash,
                });
            } else if f.is_alphanumeric() {
                if cur.is_none() {
                    start = i;
                }
                let mut b = [0u8; 4];
                let h = f
                    .encode_utf8(&mut b)
                    .bytes()
                    .fold(cur.unwrap_or(FNV_START), fnv_step);
                cur = Some(h);
                end = next;
            } else {
                flush(&mut cur, &mut out, start, end);
            }
        }
    }
    flush(&mut cur, &mut out, start, end);
    out
}

/// The words of a plain text, read once for several scrubbers.
pub(super) struct Words(Vec<Word>);

/// Reads the words of a plain text (not Markdown).
pub(super) fn plain_words(text: &str) -> Words {
    Words(words(text, false))
}

/// How long a run of a statement of `n` words must be to count anywhere (0: never).
fn global_run(n: usize) -> usize {
    if n >= RUN {
        RUN
    } else if n >= SHORT {
        n
    } else {
        0
    }
}

impl Scrubber {
    /// A scrubber for text whose names are not replaced yet: a replacement that
    /// touches a name `names` finds takes the whole name.
    pub fn before_names(names: Redactor) -> Self {
        Self {
            names: Some(names),
            ..Self::default()
        }
    }

    /// Protects the words of statement `id`.
    pub fn add(&mut self, id: Id, text: &str, source: Source) {
        let hashes: Vec<u64> = words(text, false).iter().map(|w| w.hash).collect();
        let k = global_run(hashes.len());
        let index = self.sources.len() as u32;
        self.vocabulary.extend(hashes.iter().copied());
        if k > 0 {
            self.lengths |= 1 << k;
            for w in hashes.windows(k) {
                // Two owners are enough to know a run is not one statement's alone
                // (then it is withheld); many statements can share a sentence.
                let entry = self.runs.entry(run_key(k, w)).or_default();
                if entry.len() < 2 && !entry.contains(&index) {
                    entry.push(index);
                }
            }
        }
        self.by_id.insert(id, index);
        self.sources.push((id, hashes, source, text.to_owned()));
    }

    /// Whether nothing is protected.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// Whether statement `id` is protected.
    pub fn protects(&self, id: Id) -> bool {
        self.by_id.contains_key(&id)
    }

    /// Runs of protected words in `text`: (first word, last word + 1, source), for
    /// runs anywhere and, for the statements in `local` (what the text is made from
    /// or cites), shorter runs too, and the statement's first words (a title made
    /// from its first characters, cut in the middle of a word).
    fn find(&self, text: &str, ws: &[Word], local: &[Id]) -> Vec<(usize, usize, u32)> {
        let mut found = Vec::new();
        let hashes: Vec<u64> = ws.iter().map(|w| w.hash).collect();
        // Where each stretch of words that all occur in some protected statement ends:
        // only windows inside such a stretch can match (most text has none).
        let mut stretch_end = vec![0; hashes.len()];
        let mut end = hashes.len();
        for i in (0..hashes.len()).rev() {
            if !self.vocabulary.contains(&hashes[i]) {
                end = i;
            }
            stretch_end[i] = end;
        }
        for k in (SHORT..=RUN).filter(|k| self.lengths & (1 << k) != 0) {
            for i in 0..hashes.len().saturating_sub(k - 1) {
                if i + k > stretch_end[i] {
                    continue;
                }
                if let Some(sources) = self.runs.get(&run_key(k, &hashes[i..i + k])) {
                    found.extend(sources.iter().map(|s| (i, i + k, *s)));
                }
            }
        }
        for id in local {
            let Some(&s) = self.by_id.get(id) else {
                continue;
            };
            let (_, theirs, _, own) = &self.sources[s as usize];
            if self.starts(own, theirs, text, ws) {
                found.push((0, ws.len(), s));
            }
            let k = theirs.len().min(SHORT);
            if k == 0 || hashes.len() < k {
                continue;
            }
            let runs: HashSet<u64> = theirs.windows(k).map(run_hash).collect();
            for (i, w) in hashes.windows(k).enumerate() {
                if runs.contains(&run_hash(w)) {
                    found.push((i, i + k, s));
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Whether the words `ws` of `text` are the first words of a statement (`own`,
    /// with words `theirs`), the last one possibly cut short at the end of `text`: a
    /// title made from the statement's first characters. A shorter run than the
    /// local one can hold its words then (a single word between symbols, and a cut one).
    fn starts(&self, own: &str, theirs: &[u64], text: &str, ws: &[Word]) -> bool {
        let Some((last, before)) = ws.split_last() else {
            return false;
        };
        if ws.len() > theirs.len() || before.iter().zip(theirs).any(|(w, h)| w.hash != *h) {
            return false;
        }
        let k = before.len();
        if last.hash == theirs[k] {
            return true;
        }
        if last.end != text.len() {
            return false;
        }
        // Cut short: the start of the statement's word.
        let Some(word) = words(own, false).get(k).map(|w| &own[w.start..w.end]) else {
            return false;
        };
        word.char_indices()
            .skip(1)
            .any(|(j, _)| matches!(words(&word[..j], false).as_slice(), [w] if w.hash == last.hash))
    }

    /// Whether `text` holds a run of protected words (anywhere rules only).
    pub fn holds_words(&self, text: &str, markdown: bool) -> bool {
        !self.runs.is_empty()
            && (!self.find(text, &words(text, markdown), &[]).is_empty()
                || markdown && !self.find(text, &words(text, false), &[]).is_empty())
    }

    /// `text` with every run of protected words replaced ([`WITHHELD`], or the stand-in
    /// for a whole statement of someone who may not be quoted), or `None` when there is
    /// nothing to replace. `markdown`: the stand-ins are escaped, and runs are looked
    /// for twice: as Markdown reads (footnote references and `&amp;` are not words),
    /// then in the raw text (what a label or a reference holds is words there: a shared
    /// copy is raw text).
    pub fn scrub(&self, text: &str, local: &[Id], markdown: bool) -> Option<String> {
        if self.sources.is_empty() {
            return None;
        }
        let first = self.scrub_words(text, &words(text, markdown), local, markdown);
        if !markdown {
            return first;
        }
        let read = first.as_deref().unwrap_or(text);
        self.scrub_words(read, &words(read, false), local, true)
            .or(first)
    }

    /// [`Scrubber::scrub`] of a plain text (not Markdown) whose words were read
    /// already ([`plain_words`]): the gate reads a text once for both of its
    /// scrubbers when replacing names changed nothing in it.
    pub(super) fn scrub_plain(&self, text: &str, ws: &Words, local: &[Id]) -> Option<String> {
        if self.sources.is_empty() {
            return None;
        }
        self.scrub_words(text, &ws.0, local, false)
    }

    /// `text` with the runs of protected words among `ws` (its words) replaced.
    fn scrub_words(&self, text: &str, ws: &[Word], local: &[Id], markdown: bool) -> Option<String> {
        let found = self.find(text, ws, local);
        if found.is_empty() {
            return None;
        }
        // Merge overlapping and touching runs.
        let mut merged: Vec<(usize, usize, Vec<u32>)> = Vec::new();
        for (a, b, s) in found {
            match merged.last_mut() {
                Some(m) if a <= m.1 => {
                    m.1 = m.1.max(b);
                    if m.2.len() < 2 && !m.2.contains(&s) {
                        m.2.push(s);
                    }
                }
                _ => merged.push((a, b, vec![s])),
            }
        }
        let spans = self
            .names
            .as_ref()
            .map(|n| n.name_spans(text))
            .unwrap_or_default();
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (a, b, sources) in merged {
            let (mut start, mut end) = (ws[a].start, ws[b - 1].end);
            for (s, e) in &spans {
                if *s < end && *e > start {
                    start = start.min(*s);
                    end = end.max(*e);
                }
            }
            // Widened, it may reach into what the run before replaced.
            let start = start.max(at);
            if end <= start {
                continue;
            }
            out.push_str(&text[at..start]);
            let stand_in = match sources.as_slice() {
                [s] => match &self.sources[*s as usize] {
                    (_, words, Source::NoQuote(p), _) if b - a >= words.len() => p.as_str(),
                    _ => WITHHELD,
                },
                _ => WITHHELD,
            };
            if markdown {
                out.push_str(&super::super::markdown::escape_inline(stand_in));
            } else {
                out.push_str(stand_in);
            }
            at = end;
        }
        out.push_str(&text[at..]);
        Some(out)
    }
}

/// How much of something is made from statements an audience may not see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Made {
    /// None of its evidence is hidden.
    Clean,
    /// Some of it: exported with those statements' words withheld.
    Partly,
    /// All of its evidence: left out of every export.
    Only,
}

/// How much of `evidence` is `hidden`.
pub fn made_from<'a>(evidence: impl IntoIterator<Item = &'a Id>, hidden: &HashSet<Id>) -> Made {
    let (mut any, mut all) = (false, true);
    let mut n = 0;
    for id in evidence {
        n += 1;
        if hidden.contains(id) {
            any = true;
        } else {
            all = false;
        }
    }
    match (any, all && n > 0) {
        (_, true) => Made::Only,
        (true, false) => Made::Partly,
        _ => Made::Clean,
    }
}

/// What in a session is made from off-the-record statements, for the views to mark.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Taint {
    /// Made only from off-the-record statements: left out of every export.
    pub withheld: HashSet<Id>,
    /// Made partly from them: exported with their words withheld.
    pub partly: HashSet<Id>,
    /// Write-up sections that cite an off-the-record statement or hold its words.
    pub sections: HashSet<Id>,
}

impl Taint {
    /// Decision points, timeline events, findings, follow-ups, map steps and gaps,
    /// tags and themes made from off-the-record statements (cheap: no text is read).
    pub fn entities(session: &Session) -> Self {
        let off: HashSet<Id> = session
            .interviews
            .iter()
            .flat_map(|i| i.statements.iter().filter(|s| s.off_record).map(|s| s.id))
            .collect();
        let mut t = Taint::default();
        if off.is_empty() {
            return t;
        }
        fn note(t: &mut Taint, id: Id, made: Made) {
            match made {
                Made::Only => {
                    t.withheld.insert(id);
                }
                Made::Partly => {
                    t.partly.insert(id);
                }
                Made::Clean => {}
            }
        }
        for d in &session.decision_points {
            let ev = d
                .statements
                .iter()
                .chain(d.aspects.iter().flat_map(|a| &a.evidence));
            note(&mut t, d.id, made_from(ev, &off));
        }
        for e in &session.timeline {
            note(&mut t, e.id, made_from(&e.evidence, &off));
        }
        for f in &session.findings {
            note(&mut t, f.id, made_from(&f.evidence, &off));
        }
        for m in &session.maps {
            for n in &m.nodes {
                note(&mut t, n.id, made_from(&n.evidence, &off));
            }
            for l in &m.links {
                note(&mut t, l.id, made_from(&l.gap.evidence, &off));
            }
        }
        let tags: HashSet<Id> = session
            .tags
            .iter()
            .filter(|t| off.contains(&t.statement))
            .map(|t| t.id)
            .collect();
        for id in &tags {
            note(&mut t, *id, Made::Only);
        }
        for th in &session.themes {
            note(&mut t, th.id, made_from(&th.excerpts, &tags));
        }
        let mut gone = off;
        gone.extend(t.withheld.iter().copied());
        for f in &session.follow_ups {
            note(&mut t, f.id, made_from(&f.evidence, &gone));
        }
        t
    }

    /// [`Taint::entities`], and the write-up sections that cite an off-the-record
    /// statement or hold a run of its words (drafted before it was marked).
    pub fn of(session: &Session) -> Self {
        let mut t = Self::entities(session);
        let mut scrubber = Scrubber::default();
        let mut off = HashSet::new();
        for s in session.interviews.iter().flat_map(|i| &i.statements) {
            if s.off_record {
                scrubber.add(s.id, &s.text, Source::OffRecord);
                off.insert(s.id);
            }
        }
        if off.is_empty() {
            return t;
        }
        let tails = super::footnotes::Tails::new(session);
        for sec in &session.narrative.sections {
            let cites = super::footnotes::refs(&sec.body)
                .iter()
                .any(|r| tails.resolve(&r.1).is_some_and(|id| off.contains(&id)));
            if cites
                || scrubber.holds_words(&sec.body, true)
                || scrubber.holds_words(&sec.title, false)
            {
                t.sections.insert(sec.id);
            }
        }
        t
    }

    /// A short mark for an entity made from off-the-record statements, with the
    /// words that explain it, or `None`.
    pub fn mark(&self, id: Id) -> Option<(&'static str, &'static str)> {
        if self.withheld.contains(&id) {
            Some((
                "🔒 off the record",
                "Made only from off-the-record statements: it is left out of every export and shared copy.",
            ))
        } else if self.partly.contains(&id) || self.sections.contains(&id) {
            Some((
                "🔒 partly off the record",
                "Holds or cites off-the-record statements: their words and citations are withheld from every export and shared copy.",
            ))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrubber(texts: &[(&str, Source)]) -> (Scrubber, Vec<Id>) {
        let mut s = Scrubber::default();
        let mut ids = Vec::new();
        for (t, src) in texts {
            let id = Id::new();
            s.add(id, t, src.clone());
            ids.push(id);
        }
        (s, ids)
    }

    #[test]
    fn runs_of_five_words_are_withheld_however_written() {
        let (s, _) = scrubber(&[(
            "My manager told me to hide the outage from the status page",
            Source::OffRecord,
        )]);
        let out = s
            .scrub(
                "Decision point: … my MANAGER told me to hide_the outage …",
                &[],
                false,
            )
            .unwrap_or_default();
        assert_eq!(out, "Decision point: … [withheld] …");
        // Escaped Markdown, a footnote in the middle, diacritics and zero-width spaces.
        let out = s
            .scrub(
                "- P1: my manager[^s-1234abcd] tol\u{200B}d mé to hide\\_the outage",
                &[],
                true,
            )
            .unwrap_or_default();
        assert_eq!(out, "- P1: \\[withheld\\]");
        // Four words are not a run; other words are left alone.
        assert_eq!(s.scrub("told me to hide nothing", &[], false), None);
    }

    #[test]
    fn short_statements_count_whole_and_locally() {
        let (s, ids) = scrubber(&[
            ("vendor gossip", Source::OffRecord),
            ("the vendor lied", Source::OffRecord),
        ]);
        assert_eq!(
            s.scrub("We think the vendor lied today", &[], false)
                .as_deref(),
            Some("We think [withheld] today")
        );
        // Two words count only where the text cites the statement.
        assert_eq!(s.scrub("vendor gossip", &[], false), None);
        assert_eq!(
            s.scrub("Vendor gossip!", &ids[..1], false).as_deref(),
            Some("[withheld]!")
        );
    }

    #[test]
    fn a_whole_unquotable_statement_becomes_its_paraphrase() {
        let (s, _) = scrubber(&[(
            "I bypassed the change freeze because the fix was urgent",
            Source::NoQuote("They went ahead during the freeze.".into()),
        )]);
        assert_eq!(
            s.scrub(
                "- P7: I bypassed the change freeze because the fix was urgent.",
                &[],
                false
            )
            .as_deref(),
            Some("- P7: They went ahead during the freeze..")
        );
        assert_eq!(
            s.scrub(
                "He said he bypassed the change freeze because it was late",
                &[],
                false
            )
            .as_deref(),
            Some("He said he [withheld] it was late")
        );
    }

    #[test]
    fn cjk_characters_are_words() {
        let (s, _) = scrubber(&[("経理には言わないでほしい", Source::OffRecord)]);
        assert_eq!(
            s.scrub("彼は経理には言わないでと", &[], false).as_deref(),
            Some("彼は[withheld]と")
        );
    }
}
