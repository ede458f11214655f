//! Consent as rules: participants, interviews and statements as an audience may see
//! them (anonymous participants undescribed, unquotable words paraphrased, hidden
//! statements gone, private notes and conditions dropped).

use super::{Audience, Gate};
use crate::model::id::Id;
use crate::model::session::{Attribution, Session, Speaker, StatementKind};
use std::collections::HashSet;

/// What an anonymous participant is called.
pub const ANONYMOUS_PSEUDONYM: &str = "A participant";
/// What an anonymous participant's interviews are called.
pub const ANONYMOUS_INTERVIEW: &str = "Interview";

/// Applies consent to participants, interviews and statements for everyone (or the
/// review team); returns the statements whose text changed (their tagged spans no
/// longer line up). A participant's own view is made in `participant.rs`.
pub(super) fn apply(g: &Gate, s: &mut Session) -> HashSet<Id> {
    let anonymous: HashSet<Id> = s
        .participants
        .iter()
        .filter(|p| p.consent.attribution == Attribution::Anonymous)
        .map(|p| p.id)
        .collect();
    let keeps_names = |anon: bool| g.audience == Audience::ReviewTeam && !anon;
    for p in &mut s.participants {
        let anon = anonymous.contains(&p.id);
        if !keeps_names(anon) {
            p.real_name = None;
            p.other_names.clear();
        }
        p.notes.clear();
        p.consent.conditions.clear();
        p.consent.retention = g.text(&p.consent.retention, &[]);
        if anon {
            p.pseudonym = ANONYMOUS_PSEUDONYM.to_owned();
            p.role.clear();
            p.team.clear();
        } else {
            p.pseudonym = g.pseudonym(&p.pseudonym);
            p.role = g.text(&p.role, &[]);
            p.team = g.text(&p.team, &[]);
        }
    }
    let mut rewritten = HashSet::new();
    for i in &mut s.interviews {
        i.statements.retain(|st| !g.is_hidden(st.id));
        if anonymous.contains(&i.participant) {
            i.title = ANONYMOUS_INTERVIEW.to_owned();
        } else {
            i.title = g.text(&i.title, &[]);
        }
        i.facilitator = g.text(&i.facilitator, &[]);
        i.summary = g.text(&i.summary, &[]);
        i.participant_follow_ups = g.text(&i.participant_follow_ups, &[]);
        for a in &mut i.asked {
            a.text = g.text(&a.text, &[]);
        }
        for st in &mut i.statements {
            let text = if let Some(stand_in) = g.stand_in(st.id) {
                stand_in
            } else if st.kind == StatementKind::Quote && st.speaker == Speaker::Interviewee {
                g.quote(&st.text)
            } else {
                g.text(&st.text, &[])
            };
            st.paraphrase = g.text(&st.paraphrase, &[]);
            if text != st.text {
                rewritten.insert(st.id);
                st.text = text;
            }
        }
    }
    rewritten
}
