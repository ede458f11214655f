//! The one gate for everything that leaves the file: a publishable view of a session.
//!
//! Consent, off-the-record taint and redaction are applied here, once. Every export
//! (Markdown, SVG, the gap table, the shared copy, the library report, calibration
//! documents) renders from the [`Published`] view this returns, never from the raw
//! session:
//!
//! - **Off the record**: the statements are gone; so is anything made only from them
//!   (decision points, timeline events, findings, follow-ups, map steps, tags, themes),
//!   and citations of them. Their words — any run of five of them, in any text, titles
//!   included, however cased, accented or escaped — are replaced by "[withheld]".
//! - **Anonymous**: the participant is "A participant" with no role or team, their
//!   interviews are titled "Interview", and their names, pseudonym and role are
//!   replaced in every text, so nothing links a statement to them.
//! - **No quotes**: their statements are the facilitator's paraphrase, or a visible
//!   placeholder to write one ([`Published::open_placeholders`]); their words are
//!   replaced wherever else they appear.
//! - **Names** ([`super::redact`]): real and other names become pseudonyms, in every
//!   text field; private notes and consent conditions are dropped.

mod consent;
mod fields;
mod footnotes;
mod participant;
pub mod taint;
#[cfg(test)]
mod tests;

pub use consent::{ANONYMOUS_INTERVIEW, ANONYMOUS_PSEUDONYM};
pub use taint::{Taint, WITHHELD};

/// Put before a participant's own off-the-record words in their calibration view: the
/// mark that they are for their eyes only.
pub const FOR_THEIR_EYES: &str = "(Off the record — for your eyes only) ";

/// What stands in a participant's own account for anyone else who took part.
pub const SOMEONE_ELSE: &str = "[a colleague]";

use super::id::Id;
use super::narrative;
use super::redact::{self, Context, Redactor};
use super::session::{NarrativeSection, Participant, Session, Speaker, WorkMap};
use std::collections::{HashMap, HashSet};
use taint::{Scrubber, Source};

/// Who will read what leaves the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Anyone: the write-up, the shared copy, the library report. Every participant's
    /// consent is kept to the letter; no real name; nothing off the record.
    Everyone,
    /// The review team (an export with `--real-names`): as [`Audience::Everyone`],
    /// but participants who are attributed keep their real names. Anonymous
    /// participants, off-the-record statements and quotes are treated the same.
    ReviewTeam,
    /// One participant checking their own account (calibration): their own words,
    /// their off-the-record ones marked for their eyes only, and nothing of anyone else.
    Participant(Id),
}

impl Audience {
    /// The audience of a Markdown or SVG export: everyone when names are redacted
    /// (the default), the review team otherwise.
    pub fn for_export(redact: bool) -> Self {
        if redact {
            Self::Everyone
        } else {
            Self::ReviewTeam
        }
    }
}

/// A session as it may be shown to an audience.
#[derive(Clone, Debug, PartialEq)]
pub struct Published {
    /// The session with everything the audience may not see removed or replaced.
    pub session: Session,
    /// Places where the facilitator still has to write a paraphrase (a participant
    /// who may not be quoted), in words, listed before an export is written.
    pub open_placeholders: Vec<String>,
    /// The placeholder text standing in the session for each open placeholder.
    markers: Vec<String>,
}

impl Published {
    /// The open placeholders that appear in `text` (an export made from this view).
    pub fn placeholders_in(&self, text: &str) -> Vec<String> {
        self.markers
            .iter()
            .zip(&self.open_placeholders)
            .filter(|(m, _)| text.contains(m.trim_start_matches('[').trim_end_matches(']')))
            .map(|(_, p)| p.clone())
            .collect()
    }
}

/// What a gate knows about a session: built once per export, then applied to every
/// text (or, with [`Gate::session`], to the whole session).
#[derive(Clone, Debug)]
pub struct Gate {
    audience: Audience,
    redactor: Redactor,
    /// Protected words as they read once names are replaced (applied after names).
    scrubber: Scrubber,
    /// The same words as written (applied before names): whether a name part that is
    /// also an ordinary word ("Will") is replaced depends on the words around it, so a
    /// statement and a text quoting it can read differently once names are replaced.
    written: Scrubber,
    /// Statements the audience may not see (off the record, or someone else's).
    hidden: HashSet<Id>,
    tails: footnotes::Tails,
    /// Statements that may not be quoted → the text that stands in for them.
    stand_ins: HashMap<Id, String>,
    /// (marker, description) of each placeholder still to be written.
    placeholders: Vec<(String, String)>,
}

/// The placeholder standing in for an unquotable statement with no paraphrase yet.
pub fn placeholder(statement: Id) -> String {
    format!("[paraphrase to come: {}]", footnotes::label(statement))
}

/// Whether a participant agreed to be quoted (unknown participants: yes, as there is
/// nobody whose consent could be broken; facilitators' notes are theirs).
fn may_quote(p: Option<&Participant>) -> bool {
    p.is_none_or(|p| p.consent.may_quote)
}

impl Gate {
    /// Reads what `audience` may see of `session`.
    pub fn new(session: &Session, audience: Audience) -> Self {
        let by_id: HashMap<Id, &Participant> =
            session.participants.iter().map(|p| (p.id, p)).collect();
        let own = match audience {
            Audience::Participant(p) => Some(p),
            _ => None,
        };
        let mut g = Gate {
            audience,
            redactor: Redactor::default(),
            scrubber: Scrubber::default(),
            written: Scrubber::default(),
            hidden: HashSet::new(),
            tails: footnotes::Tails::new(session),
            stand_ins: HashMap::new(),
            placeholders: Vec::new(),
        };
        // Names first: protected words are compared as they read once names are
        // replaced, so a replacement never splits a run, nor a run a name.
        let people = match own {
            Some(own) => participant::people(session, own),
            None => redact::people(session, audience == Audience::ReviewTeam),
        };
        g.redactor = Redactor::for_people(&people);
        g.written = Scrubber::before_names(g.redactor.clone());
        for i in &session.interviews {
            let p = by_id.get(&i.participant).copied();
            let theirs = own.is_none_or(|o| o == i.participant);
            for st in &i.statements {
                if !theirs || (own.is_none() && st.off_record) {
                    g.hidden.insert(st.id);
                    if st.off_record {
                        let words = g.redactor.redact(&st.text);
                        g.scrubber.add(st.id, &words, Source::OffRecord);
                        g.written.add(st.id, &st.text, Source::OffRecord);
                    }
                } else if own.is_none() && !may_quote(p) && st.speaker == Speaker::Interviewee {
                    let stand_in = if st.paraphrase.trim().is_empty() {
                        let marker = placeholder(st.id);
                        let who = p.map_or("A participant", |p| p.pseudonym.trim());
                        let title = if i.title.trim().is_empty() {
                            "interview"
                        } else {
                            i.title.trim()
                        };
                        g.placeholders.push((
                            marker.clone(),
                            format!(
                                "{who}, {title}, at {}: no paraphrase yet ({}); {who} may not be quoted",
                                super::validate::fmt_secs(st.at_secs),
                                footnotes::label(st.id)
                            ),
                        ));
                        marker
                    } else {
                        g.redactor.redact(st.paraphrase.trim())
                    };
                    let words = g.redactor.redact(&st.text);
                    g.scrubber
                        .add(st.id, &words, Source::NoQuote(stand_in.clone()));
                    g.written
                        .add(st.id, &st.text, Source::NoQuote(stand_in.clone()));
                    g.stand_ins.insert(st.id, stand_in);
                }
            }
        }
        g
    }

    /// Who this gate is for.
    pub fn audience(&self) -> Audience {
        self.audience
    }

    /// Whether the audience may not see this statement.
    pub fn is_hidden(&self, statement: Id) -> bool {
        self.hidden.contains(&statement)
    }

    /// A plain text field as the audience may see it. `made_from`: the statements it
    /// was made from or cites (shorter runs of their words are withheld, too).
    pub fn text(&self, text: &str, made_from: &[Id]) -> String {
        self.gate(text, made_from, Context::default())
    }

    /// A pseudonym as the audience may see it: any name in it withheld.
    pub fn pseudonym(&self, pseudonym: &str) -> String {
        self.redactor.withhold(pseudonym)
    }

    /// Someone's verbatim words: names replaced in [brackets].
    pub fn quote(&self, text: &str) -> String {
        self.gate(
            text,
            &[],
            Context {
                quoted: true,
                ..Context::default()
            },
        )
    }

    fn gate(&self, text: &str, made_from: &[Id], ctx: Context) -> String {
        let local: Vec<Id> = made_from
            .iter()
            .filter(|id| self.scrubber.protects(**id))
            .copied()
            .collect();
        if ctx.markdown || (self.written.is_empty() && self.scrubber.is_empty()) {
            let written = self.written.scrub(text, &local, ctx.markdown);
            let named = self
                .redactor
                .redact_in(written.as_deref().unwrap_or(text), ctx);
            return self
                .scrubber
                .scrub(&named, &local, ctx.markdown)
                .unwrap_or(named);
        }
        // The same steps, the text's words read once: when neither the words as
        // written nor names changed anything, the second scrubber reads the same text.
        let ws = taint::plain_words(text);
        let written = self.written.scrub_plain(text, &ws, &local);
        let named = self
            .redactor
            .redact_in(written.as_deref().unwrap_or(text), ctx);
        let scrubbed = if written.is_none() && named == text {
            self.scrubber.scrub_plain(&named, &ws, &local)
        } else {
            self.scrubber.scrub(&named, &local, false)
        };
        scrubbed.unwrap_or(named)
    }

    /// A write-up section's Markdown as the audience may see it: protected words
    /// replaced (in each paragraph, shorter runs of the statements it cites, too),
    /// citations of hidden statements removed, names replaced (escaped).
    pub fn markdown(&self, body: &str) -> String {
        let md = Context {
            markdown: true,
            quoted: false,
        };
        let written = self.scrub_markdown(&self.written, body.to_owned());
        let named = self.redactor.redact_in(&written, md);
        let mut text = self.scrub_markdown(&self.scrubber, named);
        let refs = footnotes::refs(&text);
        if refs.iter().any(|r| {
            self.tails
                .resolve(&r.1)
                .is_some_and(|id| self.is_hidden(id))
        }) {
            let mut out = String::with_capacity(text.len());
            let mut at = 0;
            for (range, label) in refs {
                if self
                    .tails
                    .resolve(&label)
                    .is_some_and(|id| self.is_hidden(id))
                {
                    out.push_str(&text[at..range.start]);
                    at = range.end;
                }
            }
            out.push_str(&text[at..]);
            text = out;
        }
        text
    }

    /// `text` (Markdown) with the words `scrubber` protects replaced; in each
    /// paragraph, shorter runs of the statements it cites, too.
    fn scrub_markdown(&self, scrubber: &Scrubber, text: String) -> String {
        let protected = |label: &str| {
            self.tails
                .resolve(label)
                .filter(|id| scrubber.protects(*id))
        };
        let text = scrubber.scrub(&text, &[], true).unwrap_or(text);
        if !footnotes::refs(&text)
            .iter()
            .any(|r| protected(&r.1).is_some())
        {
            return text;
        }
        let mut out = String::with_capacity(text.len());
        for par in text.split_inclusive("\n\n") {
            let cited: Vec<Id> = footnotes::refs(par)
                .iter()
                .filter_map(|r| protected(&r.1))
                .collect();
            match scrubber.scrub(par, &cited, true) {
                Some(s) => out.push_str(&s),
                None => out.push_str(par),
            }
        }
        out
    }

    /// The text standing in for a statement that may not be quoted (the gated
    /// paraphrase or placeholder), or `None` when its words may be shown.
    pub fn stand_in(&self, statement: Id) -> Option<String> {
        self.stand_ins.get(&statement).cloned()
    }

    /// The whole session as the audience may see it (`session` must be the one the
    /// gate was made for).
    pub fn session(&self, session: &Session) -> Published {
        if let Audience::Participant(own) = self.audience {
            return Published {
                session: participant::view(self, session, own),
                open_placeholders: Vec::new(),
                markers: Vec::new(),
            };
        }
        // Field by field, not a clone: a field added to the session later stays out
        // of every export (empty) until the gate says how to publish it. (While every
        // field is listed, clippy calls the update needless; it is the point.)
        #[allow(clippy::needless_update)]
        let out = Session {
            id: session.id,
            title: session.title.clone(),
            kind: session.kind,
            purpose: session.purpose.clone(),
            facilitators: session.facilitators.clone(),
            created: session.created,
            updated: session.updated,
            participants: session.participants.clone(),
            interviews: session.interviews.clone(),
            timeline: session.timeline.clone(),
            decision_points: session.decision_points.clone(),
            codes: session.codes.clone(),
            tags: session.tags.clone(),
            themes: session.themes.clone(),
            findings: session.findings.clone(),
            maps: session.maps.clone(),
            narrative: session.narrative.clone(),
            follow_ups: session.follow_ups.clone(),
            guides: session.guides.clone(),
            ..Session::default()
        };
        self.finish(out, untouched_drafts(session))
    }

    /// [`Gate::session`] for a session the caller gives up (reading a file for the
    /// library): the same view, its fields moved instead of copied. Field by field
    /// here too: a field not listed stays out (empty).
    pub fn into_session(&self, session: Session) -> Published {
        if matches!(self.audience, Audience::Participant(_)) {
            return self.session(&session);
        }
        let untouched = untouched_drafts(&session);
        let Session {
            id,
            title,
            kind,
            purpose,
            facilitators,
            created,
            updated,
            participants,
            interviews,
            timeline,
            decision_points,
            codes,
            tags,
            themes,
            findings,
            maps,
            narrative,
            follow_ups,
            guides,
            ..
        } = session;
        #[allow(clippy::needless_update)]
        let out = Session {
            id,
            title,
            kind,
            purpose,
            facilitators,
            created,
            updated,
            participants,
            interviews,
            timeline,
            decision_points,
            codes,
            tags,
            themes,
            findings,
            maps,
            narrative,
            follow_ups,
            guides,
            ..Session::default()
        };
        self.finish(out, untouched)
    }

    /// The gate applied to `out` (the session's fields, not yet gated);
    /// `untouched`: the sections whose body is still the app's draft, by position.
    fn finish(&self, mut out: Session, untouched: Vec<(usize, Id, String)>) -> Published {
        let rewritten = consent::apply(self, &mut out);
        fields::apply(self, &mut out, &rewritten);
        // A drafted section nobody edited is drafted again from what may be shown:
        // its counts and contents then leave out what is hidden (drafted earlier, it
        // could count an excerpt that has since gone off the record).
        let fresh: Vec<(usize, String)> = untouched
            .into_iter()
            .filter_map(|(k, id, kind)| {
                let published = out.narrative.sections.get(k)?;
                (published.id == id).then(|| (k, narrative::draft_body(&out, &kind)))
            })
            .collect();
        for (k, body) in fresh {
            if let Some(sec) = out.narrative.sections.get_mut(k) {
                sec.generated_hash = Some(narrative::body_hash(&body));
                sec.body = body;
            }
        }
        Published {
            session: out,
            open_placeholders: self.placeholders.iter().map(|p| p.1.clone()).collect(),
            markers: self.placeholders.iter().map(|p| p.0.clone()).collect(),
        }
    }
}

/// The sections of `session` whose body is still the app's draft: (position, id,
/// kind), read before the gate changes anything.
fn untouched_drafts(session: &Session) -> Vec<(usize, Id, String)> {
    session
        .narrative
        .sections
        .iter()
        .enumerate()
        .filter(|(_, sec)| is_untouched_draft(sec))
        .map(|(k, sec)| (k, sec.id, sec.kind.clone()))
        .collect()
}

/// The publishable view of a session the caller gives up: [`publishable`] without
/// copying it first.
pub fn publishable_owned(session: Session, audience: Audience) -> Published {
    Gate::new(&session, audience).into_session(session)
}

/// A standard section whose body is still the draft the app made (so the export may
/// draft it again from the publishable view).
fn is_untouched_draft(section: &NarrativeSection) -> bool {
    narrative::standard(&section.kind).is_some() && !narrative::is_hand_edited(section)
}

impl Gate {
    /// A write-up section's body as the audience may see it, given the session this
    /// gate published (`published`): an untouched draft is the one drafted from it,
    /// anything else is gated with [`Gate::markdown`].
    pub fn section_body(&self, published: &Session, section: &NarrativeSection) -> String {
        if is_untouched_draft(section) {
            narrative::draft_body(published, &section.kind)
        } else {
            self.markdown(&section.body)
        }
    }
}

/// The publishable view of `session` for `audience`.
pub fn publishable(session: &Session, audience: Audience) -> Published {
    Gate::new(session, audience).session(session)
}

/// The copy of a session to share outside the review: publishable to everyone.
pub fn shared_copy(session: &Session) -> Session {
    publishable(session, Audience::Everyone).session
}

/// The publishable view of `session` together with `map` as published (the map may
/// be one not in the session, e.g. a draft; a map left empty when it is not).
pub fn publishable_map(
    session: &Session,
    map: &WorkMap,
    audience: Audience,
) -> (Published, WorkMap) {
    let inside = session.maps.iter().any(|m| m.id == map.id);
    let published = if inside {
        publishable(session, audience)
    } else {
        let mut with = session.clone();
        with.maps.push(map.clone());
        let mut p = publishable(&with, audience);
        let pos = p.session.maps.iter().position(|m| m.id == map.id);
        let gated = pos.map(|k| p.session.maps.remove(k));
        return (p, gated.unwrap_or_default());
    };
    let gated = published
        .session
        .maps
        .iter()
        .find(|m| m.id == map.id)
        .cloned()
        .unwrap_or_default();
    (published, gated)
}
