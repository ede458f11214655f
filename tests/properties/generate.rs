//! The generator of arbitrary sessions for the property tests, and what must never
//! leak from each.
//!
//! Real names come from several scripts — Latin with diacritics and Turkish letters,
//! Greek, Cyrillic, CJK — and are written in many ways (cases, handles, initials,
//! zero-width and bidi characters inside, decomposed Unicode, other names). Consent
//! is mixed: attributed or anonymous, may quote or not. Off-the-record statements
//! carry a marker in Georgian, pseudonyms and roles one in Armenian; generated text
//! uses none of these scripts, and no letter q, x or z (every Latin name has one), so
//! a hit in the output is a leak, not a coincidence. Other text is hostile on purpose:
//! quotes, backslashes, `/*`, raw newlines, NUL, BOMs, HTML and Markdown syntax.

use proptest::prelude::*;
use second_story::model::export::draft_sections;
use second_story::model::redact::fold::{fold_str, is_cjk};
use second_story::model::*;

/// One piece of generated text.
#[derive(Clone, Debug)]
pub enum Frag {
    Text(String),
    /// Ordinary lowercase words (so statements are long enough to quote).
    Words(Vec<String>),
    /// Participant index (modulo the count) and which form of their name.
    Name(usize, u8),
    /// Participant index and which other name.
    Other(usize, u8),
    /// Participant index: their pseudonym (false) or role (true).
    Mention(usize, bool),
}

pub type Raw = Vec<Frag>;

/// Scripts and letters reserved for names and markers.
fn reserved(c: char) -> bool {
    c.to_lowercase()
        .chain(c.to_uppercase())
        .chain([c])
        .any(reserved_as_is)
}

fn reserved_as_is(c: char) -> bool {
    let f = fold_str(&c.to_string());
    f.chars().chain([c]).any(|c| {
        matches!(c, 'q' | 'x' | 'z' | 'Q' | 'X' | 'Z')
            || is_cjk(c)
            || matches!(c as u32,
                0x0370..=0x03FF | 0x1F00..=0x1FFF // Greek
                | 0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F // Cyrillic
                | 0x10A0..=0x10FF | 0x2D00..=0x2D2F | 0x1C90..=0x1CBF // Georgian
                | 0x0530..=0x058F | 0xFB13..=0xFB17 // Armenian
                | 0xAC00..=0xD7FF | 0x1100..=0x11FF | 0x3130..=0x318F) // Hangul
    })
}

fn clean(s: String) -> String {
    s.chars().filter(|c| !reserved(*c)).collect()
}

/// Text that tries to break RON, Markdown and HTML.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-pr-wyA-PR-WY0-9 ,.:;!?'-]{0,12}",
        3 => prop::sample::select(vec![
            "\"", "\\", "\\\"", ")", "(", "]", "[", "{", "}", ",", "\n", "\r\n", "\r", "\t",
            "\0", "/*", "*/", "//", "r#\"", "\"#", "#", "# ", "version: 99", "format:",
            "\u{feff}", "\u{2028}", "\u{200b}", "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "`", "***", "_",
            "1. ", "- ", "> ", "|", "&amp;", "\\u{41}", "\\n", "'", "Some(", "None", "é", "🙂",
            "“", "”",
        ])
        .prop_map(str::to_owned),
        // What the gate reads as Markdown that is not words: footnote references and
        // character references, whole or in parts (escaped when quoted in a write-up).
        1 => prop::sample::select(vec!["[^", "^", "]", "[^s-1]", "&", "&amp", ";"])
            .prop_map(str::to_owned),
        2 => "\\PC{0,10}".prop_map(clean),
        1 => any::<char>().prop_map(|c| clean(c.to_string())),
    ]
}

fn frag() -> impl Strategy<Value = Frag> {
    prop_oneof![
        5 => fragment().prop_map(Frag::Text),
        2 => prop::collection::vec("[a-pr-wy]{2,7}", 3..9).prop_map(Frag::Words),
        2 => (0..8usize, 0..13u8).prop_map(|(i, f)| Frag::Name(i, f)),
        1 => (0..8usize, 0..2u8).prop_map(|(i, f)| Frag::Other(i, f)),
        1 => (0..8usize, any::<bool>()).prop_map(|(i, r)| Frag::Mention(i, r)),
    ]
}

pub fn raw() -> impl Strategy<Value = Raw> {
    prop::collection::vec(frag(), 0..6)
}

/// One part of a name, in one of several scripts.
fn name_part() -> impl Strategy<Value = String> {
    let latin: Vec<char> = "abcdefghijklmnoprstuvwyçğıöşüáàâäãåéèêëíìîïóòôõúùûñ"
        .chars()
        .collect();
    let marks = vec!['z', 'x', 'q', 'ž', 'ź', 'ż', 'ẑ'];
    let greek: Vec<char> = ('α'..='ω').filter(|c| *c != 'ς').collect();
    let cyrillic: Vec<char> = ('а'..='я').collect();
    let cjk: Vec<char> = "田中花子王伟明李金民秀英さくらミキ민수영".chars().collect();
    let word = |pool: Vec<char>, n: std::ops::Range<usize>| {
        prop::collection::vec(prop::sample::select(pool), n)
            .prop_map(|v| v.into_iter().collect::<String>())
    };
    prop_oneof![
        3 => (word(latin, 3..7), prop::sample::select(marks), any::<prop::sample::Index>()).prop_map(
            |(w, m, at)| {
                let mut chars: Vec<char> = w.chars().collect();
                chars.insert(at.index(chars.len() + 1), m);
                chars.into_iter().collect()
            }
        ),
        2 => word(greek, 3..8),
        2 => word(cyrillic, 3..8),
        2 => word(cjk, 2..4),
        1 => prop::sample::select(vec!["Will", "Mark", "Rose"]).prop_map(str::to_owned),
    ]
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[derive(Clone, Debug)]
pub struct RawParticipant {
    name: Option<(String, String)>,
    nickname: String,
    texts: [Raw; 5],
    consent: (bool, bool),
}

#[derive(Clone, Debug)]
pub struct RawStatement {
    text: Raw,
    paraphrase: Raw,
    kind: usize,
    off_record: bool,
    facilitator: bool,
    at_secs: u32,
}

#[derive(Clone, Debug)]
pub struct RawInterview {
    participant: usize,
    texts: [Raw; 4],
    statements: Vec<RawStatement>,
}

#[derive(Clone, Debug)]
pub struct RawSession {
    title: Raw,
    purpose: Raw,
    kind: usize,
    created: i64,
    facilitators: Vec<Raw>,
    participants: Vec<RawParticipant>,
    interviews: Vec<RawInterview>,
    /// Text for everything else (timeline, decisions, codes, maps, write-up, guides).
    extras: Vec<Raw>,
    /// Choices for references and numbers.
    picks: Vec<u32>,
    positions: Vec<(f32, f32)>,
}

fn raw_participant() -> impl Strategy<Value = RawParticipant> {
    (
        prop::option::weighted(0.85, (name_part(), name_part())),
        name_part(),
        [raw(), raw(), raw(), raw(), raw()],
        (any::<bool>(), prop::bool::weighted(0.4)),
    )
        .prop_map(|(name, nickname, texts, consent)| RawParticipant {
            name: name.map(|(f, l)| (capitalised(&f), capitalised(&l))),
            nickname,
            texts,
            consent,
        })
}

fn raw_statement() -> impl Strategy<Value = RawStatement> {
    (
        raw(),
        prop::option::weighted(0.5, raw()),
        0..10usize,
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.3),
        0..20_000u32,
    )
        .prop_map(
            |(text, paraphrase, kind, off_record, facilitator, at_secs)| RawStatement {
                text,
                paraphrase: paraphrase.unwrap_or_default(),
                kind,
                off_record,
                facilitator,
                at_secs,
            },
        )
}

fn raw_interview() -> impl Strategy<Value = RawInterview> {
    (
        0..8usize,
        [raw(), raw(), raw(), raw()],
        prop::collection::vec(raw_statement(), 0..7),
    )
        .prop_map(|(participant, texts, statements)| RawInterview {
            participant,
            texts,
            statements,
        })
}

pub fn raw_session() -> impl Strategy<Value = RawSession> {
    (
        (raw(), raw(), 0..3usize, 0..4_000_000_000i64),
        prop::collection::vec(raw(), 0..3),
        prop::collection::vec(raw_participant(), 1..5),
        prop::collection::vec(raw_interview(), 0..4),
        prop::collection::vec(raw(), 40..41),
        prop::collection::vec(any::<u32>(), 40..41),
        prop::collection::vec((-1.0e6f32..1.0e6, -1.0e6f32..1.0e6), 4..5),
    )
        .prop_map(
            |(
                (title, purpose, kind, created),
                facilitators,
                participants,
                interviews,
                extras,
                picks,
                positions,
            )| {
                RawSession {
                    title,
                    purpose,
                    kind,
                    created,
                    facilitators,
                    participants,
                    interviews,
                    extras,
                    picks,
                    positions,
                }
            },
        )
}

/// A generated session and what must never leak from it.
#[derive(Debug, Default)]
pub struct Generated {
    pub session: Session,
    /// Every real-name part and other name (folded).
    pub name_parts: Vec<String>,
    /// The marker inside each off-the-record statement.
    pub off_markers: Vec<String>,
    /// The markers in anonymous participants' pseudonyms and roles.
    pub anonymous_markers: Vec<String>,
    /// Texts of off-the-record statements.
    pub off_texts: Vec<String>,
    /// Texts of on-record statements of participants who may not be quoted.
    pub unquotable: Vec<String>,
}

/// The words running text uses where a name part is also an ordinary word; they must
/// come out of every export as they went in.
pub const ORDINARY: &str = "we will roll back and mark the ticket as the rose";

/// Renders one form of a name: cases, handles, initials, invisible characters inside,
/// decomposed Unicode, the surname first.
fn name_form(first: &str, last: &str, form: u8) -> String {
    use unicode_normalization::UnicodeNormalization;
    let initial: String = first.chars().take(1).collect();
    let mid = first.char_indices().nth(1).map_or(first.len(), |(i, _)| i);
    match form {
        0 => format!("{first} {last}"),
        1 => first.to_owned(),
        2 => last.to_uppercase(),
        3 => format!("{}-{last}", first.to_uppercase()),
        4 => format!("{}_{}", first.to_lowercase(), last.to_lowercase()),
        5 => format!("@{}{}", initial.to_lowercase(), last.to_lowercase()),
        6 => {
            let inside = ["\u{200B}", "\u{00AD}", "\u{202E}", "\u{2060}"][last.len() % 4];
            format!("{}{inside}{}", &first[..mid], &first[mid..])
        }
        7 => format!("{initial}. {last}"),
        8 => format!("{first}{last}"),
        9 => format!("{last}2"),
        10 => format!("{first} {last}").nfd().collect(),
        11 => format!("{last}, {first}"),
        // Without its diacritics ("Zoe" for "Zoë").
        _ => format!("{first} {last}")
            .nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .collect(),
    }
}

pub fn build(raw: RawSession) -> Generated {
    let mut next_id = 0u128;
    let mut id = || {
        next_id += 1;
        Id::from_u128(0x5eed_0000_0000_0000_0000_0000_0000_0000 + next_id)
    };
    let n = raw.participants.len();
    let names: Vec<Option<(String, String)>> =
        raw.participants.iter().map(|p| p.name.clone()).collect();
    let others: Vec<[String; 2]> = raw
        .participants
        .iter()
        .map(|p| {
            let handle = p
                .name
                .as_ref()
                .map_or_else(String::new, |(f, l)| format!("{f}.{l}").to_lowercase());
            [p.nickname.clone(), handle]
        })
        .collect();
    let markers = |i: usize| (format!("Ա{i}Բ"), format!("Գ{i}Դ"));
    let render = |r: &Raw| -> String {
        let mut s = String::new();
        for f in r {
            // Names and mentions are whole words: separated from the text around them.
            let mention = match f {
                Frag::Text(t) => {
                    s.push_str(t);
                    continue;
                }
                Frag::Words(w) => format!("{}.", w.join(" ")),
                Frag::Name(i, form) => match &names[i % n] {
                    Some((first, last)) => name_form(first, last, *form),
                    None => continue,
                },
                Frag::Other(i, k) => others[i % n][usize::from(*k) % 2].clone(),
                Frag::Mention(i, role) => {
                    let (p, r) = markers(i % n);
                    if *role { format!("senior {r}") } else { p }
                }
            };
            s.push(' ');
            s.push_str(&mention);
            s.push(' ');
        }
        s
    };
    let mut extras = raw.extras.iter().cycle();
    let mut extra = || extras.next().map(&render).unwrap_or_default();
    let mut picks = raw.picks.iter().cycle().copied();
    let mut pick = || picks.next().unwrap_or(0) as usize;
    let created = chrono::DateTime::from_timestamp(raw.created, 0).unwrap_or_default();

    let mut g = Generated::default();
    let mut s = Session::new(
        format!("{} — {ORDINARY}", render(&raw.title)),
        SessionKind::ALL[raw.kind],
    );
    s.id = id();
    s.created = created;
    s.updated = created;
    s.purpose = render(&raw.purpose);
    s.facilitators = raw.facilitators.iter().map(render).collect();
    for (i, rp) in raw.participants.iter().enumerate() {
        if let Some((first, last)) = &rp.name {
            g.name_parts.extend([super::fold(first), super::fold(last)]);
        }
        g.name_parts.push(super::fold(&rp.nickname));
        let (may_quote, anonymous) = rp.consent;
        let (pseudonym, role) = markers(i);
        if anonymous {
            g.anonymous_markers.push(pseudonym.clone());
            g.anonymous_markers.push(role.clone());
        }
        let [_, team, notes, conditions, retention] = &rp.texts;
        s.participants.push(Participant {
            id: id(),
            pseudonym,
            real_name: rp.name.as_ref().map(|(f, l)| format!("{f} {l}")),
            other_names: rp
                .name
                .as_ref()
                .map_or_else(Vec::new, |_| others[i].to_vec()),
            role: format!("senior {role}"),
            team: render(team),
            notes: render(notes),
            consent: Consent {
                may_record: rp.texts[0].len() % 2 == 0,
                may_quote,
                attribution: if anonymous {
                    Attribution::Anonymous
                } else {
                    Attribution::Pseudonym
                },
                conditions: render(conditions),
                retention: render(retention),
            },
        });
        if rp.name.is_none() {
            // Without a real name, other names are still names.
            s.participants[i].other_names = vec![rp.nickname.clone()];
        }
    }

    let mut statements: Vec<(Id, String, bool)> = Vec::new();
    for ri in &raw.interviews {
        let who = &s.participants[ri.participant % n];
        let (participant, may_quote) = (who.id, who.consent.may_quote);
        let [title, summary, follow_ups, facilitator] = &ri.texts;
        let mut interview = Interview {
            id: id(),
            participant,
            title: render(title),
            facilitator: render(facilitator),
            summary: render(summary),
            participant_follow_ups: render(follow_ups),
            duration_secs: ri.statements.iter().map(|st| st.at_secs).max().unwrap_or(0),
            ..Default::default()
        };
        for rs in &ri.statements {
            let mut text = render(&rs.text);
            if rs.off_record {
                // A marker no other text can contain, in the middle of the text.
                let marker = format!("ႠႡႢ{}Ⴣ", g.off_markers.len());
                let mid = text.char_indices().nth(text.chars().count() / 2);
                text.insert_str(mid.map_or(text.len(), |(i, _)| i), &format!(" {marker} "));
                g.off_markers.push(marker);
                g.off_texts.push(text.clone());
            } else if !may_quote && !rs.facilitator {
                g.unquotable.push(text.clone());
            }
            let st = Statement {
                id: id(),
                at_secs: rs.at_secs,
                speaker: if rs.facilitator {
                    Speaker::Facilitator
                } else {
                    Speaker::Interviewee
                },
                kind: StatementKind::ALL[rs.kind],
                text,
                off_record: rs.off_record,
                paraphrase: render(&rs.paraphrase),
            };
            statements.push((st.id, st.text.clone(), st.off_record));
            interview.statements.push(st);
        }
        interview.asked.push(AskedQuestion {
            id: id(),
            text: extra(),
            at_secs: pick() as u32 % 4000,
            ..Default::default()
        });
        s.interviews.push(interview);
    }
    super::entities::add(
        &mut s,
        &mut id,
        &mut extra,
        &mut pick,
        &statements,
        &raw.positions,
    );

    // The write-up: none (the export drafts one), written by hand citing every
    // statement, or drafted while no statement was off the record yet (then marked),
    // with one drafted section edited by hand afterwards.
    match pick() % 3 {
        0 => s.narrative.sections = Vec::new(),
        1 => s.narrative.sections = super::entities::hand_written(&mut id, &mut extra, &statements),
        _ => {
            let mut unmarked = s.clone();
            unmarked
                .interviews
                .iter_mut()
                .flat_map(|i| &mut i.statements)
                .for_each(|st| st.off_record = false);
            let mut sections = draft_sections(&unmarked);
            for sec in &mut sections {
                sec.id = id();
            }
            if let Some(sec) = sections.iter_mut().find(|x| x.included) {
                sec.generated_hash = None;
            }
            s.narrative.sections = sections;
        }
    }
    s.narrative.acknowledged = vec![LintAck {
        phrase: extra(),
        section: s.narrative.sections.first().map(|x| x.id),
        reason: extra(),
    }];
    g.session = s;
    g
}
