//! The codebook: built-in vocabularies, custom codes with a hierarchy, rename and
//! merge, and the counts a theme view needs (per participant, so one loud voice
//! does not look like a pattern).

use super::command::{Command, Edit};
use super::id::Id;
use super::session::{Code, Session, Speaker, TagApplication, Theme};
use thiserror::Error;

/// A built-in vocabulary of codes.
#[derive(Clone, Copy, Debug)]
pub struct Vocabulary {
    /// Name, shown as the parent code and stored in [`Code::vocabulary`].
    pub name: &'static str,
    /// What the vocabulary is for.
    pub about: &'static str,
    /// Codes: (name, description in our own words).
    pub codes: &'static [(&'static str, &'static str)],
}

/// The built-in vocabularies, in the order offered.
pub const VOCABULARIES: [Vocabulary; 4] = [
    Vocabulary {
        name: "Messy 9",
        about: "Patterns that make work in complex systems hard (after David Woods).",
        codes: &[
            (
                "congestion",
                "Too much arriving at once for the paths it has to go through.",
            ),
            (
                "cascades",
                "One disturbance setting off others, spreading across parts of the system.",
            ),
            (
                "conflicts",
                "Goals pulling in different directions, so any choice gives something up.",
            ),
            (
                "saturation",
                "People, tools or resources near their limit, with little room left to absorb more.",
            ),
            (
                "lag",
                "Delays between acting and seeing the effect, or between a change and noticing it.",
            ),
            (
                "friction",
                "Effort lost to handoffs, tooling, permissions or coordination overhead.",
            ),
            (
                "tempos",
                "Parts of the work running at different speeds that have to be kept in step.",
            ),
            (
                "surprises",
                "Things that did not fit what people expected to see.",
            ),
            (
                "tangles",
                "Interdependencies that are hard to see and hard to pull apart.",
            ),
        ],
    },
    Vocabulary {
        name: "Ingredients of resilience",
        about: "What lets people and systems stretch when something unexpected happens.",
        codes: &[
            (
                "capacity / headroom",
                "Spare resources held back that can be brought in when load or trouble grows.",
            ),
            (
                "flexibility",
                "Room to manoeuvre: levers, options and permission to change course.",
            ),
            (
                "expertise",
                "Knowledge and experience that let someone recognise a situation and act.",
            ),
            (
                "diversity",
                "Different perspectives and backgrounds that notice different things.",
            ),
            (
                "coordination / common ground",
                "Shared understanding that lets people act together without spelling everything out.",
            ),
        ],
    },
    Vocabulary {
        name: "First half hour",
        about: "How the response went, separately from what triggered it.",
        codes: &[
            (
                "detection",
                "How and how fast anyone noticed something was off, and through which signals.",
            ),
            (
                "declaring",
                "Who decided this was an incident, when, and what that depended on.",
            ),
            (
                "ownership",
                "Who owned the decisions, and how clear that was to everyone involved.",
            ),
            (
                "communication",
                "How people inside and outside the response were kept informed.",
            ),
            (
                "runbooks",
                "Written guidance available, used, adapted or missing.",
            ),
            (
                "escalation",
                "How help was asked for and found, and what made it easy or hard.",
            ),
        ],
    },
    Vocabulary {
        name: "Safety-II notions",
        about: "How normal work creates safety, and how its adaptations can surprise us.",
        codes: &[
            (
                "adaptation",
                "Adjusting the work to the situation in front of you instead of the plan.",
            ),
            (
                "workaround",
                "A way round an obstacle that gets the job done outside the prescribed path.",
            ),
            (
                "trade-off",
                "Accepting less of one thing to get more of another, usually under pressure.",
            ),
            (
                "goal conflict",
                "Two legitimate goals that cannot both be fully met at the same moment.",
            ),
            (
                "surprise",
                "Something unexpected that still fit, once noticed, into how people think the system works.",
            ),
            (
                "fundamental surprise",
                "Something that showed how people think the system works was itself wrong.",
            ),
            (
                "model error",
                "A picture of the system that usually serves well but did not match this time.",
            ),
            (
                "fixation",
                "Holding on to one explanation while evidence for another builds up.",
            ),
            (
                "near miss",
                "Something that could have hurt but did not, and what made the difference.",
            ),
        ],
    },
];

/// A codebook change that cannot be made, in words a facilitator understands.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum CodebookError {
    /// The code is not in the codebook (any more).
    #[error("That code is no longer in the codebook.")]
    UnknownCode,
    /// A code needs a name.
    #[error("A code needs a name.")]
    EmptyName,
    /// Another code with the same parent already has this name.
    #[error("There is already a code called \"{0}\" here; merge them instead.")]
    DuplicateName(String),
    /// A code cannot be merged into itself.
    #[error("A code cannot be merged into itself.")]
    MergeIntoSelf,
    /// A code cannot sit under itself or one of its own sub-codes.
    #[error("\"{0}\" cannot go under itself or one of its own sub-codes.")]
    Cycle(String),
}

/// The codes a vocabulary adds that are not in the session yet: a parent code named
/// after the vocabulary, and its codes under it. Codes already present (same name
/// and vocabulary) are reused, so adding a vocabulary twice adds nothing.
pub fn add_vocabulary(s: &Session, v: &Vocabulary) -> Option<Command> {
    let mut commands = Vec::new();
    let parent = match s
        .codes
        .iter()
        .find(|c| c.parent.is_none() && c.name == v.name)
    {
        Some(c) => c.id,
        None => {
            let c = Code {
                id: Id::new(),
                name: v.name.to_owned(),
                description: v.about.to_owned(),
                parent: None,
                vocabulary: Some(v.name.to_owned()),
            };
            let id = c.id;
            commands.push(Command::Code(Edit::put(c)));
            id
        }
    };
    for (name, description) in v.codes {
        let exists = s
            .codes
            .iter()
            .any(|c| c.name == *name && c.vocabulary.as_deref() == Some(v.name));
        if !exists {
            commands.push(Command::Code(Edit::put(Code {
                id: Id::new(),
                name: (*name).to_owned(),
                description: (*description).to_owned(),
                parent: Some(parent),
                vocabulary: Some(v.name.to_owned()),
            })));
        }
    }
    (!commands.is_empty()).then(|| Command::Batch {
        label: format!("Add {} codes", v.name),
        commands,
    })
}

/// A new custom code (under `parent`, if given).
pub fn new_code(s: &Session, name: &str, parent: Option<Id>) -> Result<Command, CodebookError> {
    let name = name.trim();
    check_name(s, None, name, parent)?;
    Ok(Command::Code(Edit::put(Code {
        id: Id::new(),
        name: name.to_owned(),
        description: String::new(),
        parent,
        vocabulary: None,
    })))
}

fn check_name(
    s: &Session,
    own: Option<Id>,
    name: &str,
    parent: Option<Id>,
) -> Result<(), CodebookError> {
    if name.is_empty() {
        return Err(CodebookError::EmptyName);
    }
    let clash = s.codes.iter().any(|c| {
        Some(c.id) != own && c.parent == parent && c.name.to_lowercase() == name.to_lowercase()
    });
    if clash {
        return Err(CodebookError::DuplicateName(name.to_owned()));
    }
    Ok(())
}

/// Renames a code. Tags refer to codes by id, so every tag follows the new name.
pub fn rename(s: &Session, code: Id, name: &str) -> Result<Command, CodebookError> {
    let c = find(s, code)?;
    let name = name.trim();
    check_name(s, Some(code), name, c.parent)?;
    let mut c = c.clone();
    c.name = name.to_owned();
    Ok(Command::Code(Edit::put(c)))
}

/// Moves a code under another (or to the top level), refusing cycles.
pub fn set_parent(s: &Session, code: Id, parent: Option<Id>) -> Result<Command, CodebookError> {
    let c = find(s, code)?;
    if let Some(p) = parent {
        find(s, p)?;
        if p == code || is_descendant(s, p, code) {
            return Err(CodebookError::Cycle(c.name.clone()));
        }
    }
    check_name(s, Some(code), &c.name, parent)?;
    let mut c = c.clone();
    c.parent = parent;
    Ok(Command::Code(Edit::put(c)))
}

/// Whether `code` sits (at any depth) under `ancestor`.
pub fn is_descendant(s: &Session, code: Id, ancestor: Id) -> bool {
    let mut cur = s.codes.iter().find(|c| c.id == code).and_then(|c| c.parent);
    let mut steps = 0;
    while let Some(p) = cur {
        if p == ancestor {
            return true;
        }
        steps += 1;
        if steps > s.codes.len() {
            // A cycle in a hand-edited file: stop rather than loop.
            return false;
        }
        cur = s.codes.iter().find(|c| c.id == p).and_then(|c| c.parent);
    }
    false
}

/// Merges `from` into `into` as one undo step: every tag of `from` is re-pointed to
/// `into` (a tag that would duplicate one already there is removed, and themes
/// holding it point to the one kept), sub-codes move under `into`, and `from` goes.
pub fn merge(s: &Session, from: Id, into: Id) -> Result<Command, CodebookError> {
    if from == into {
        return Err(CodebookError::MergeIntoSelf);
    }
    let f = find(s, from)?.clone();
    let target = find(s, into)?.clone();
    let mut commands = Vec::new();
    // Themes may need several replacements; collect them per theme first.
    let mut themes: Vec<Theme> = s.themes.clone();
    let mut themes_changed = vec![false; themes.len()];
    for t in s.tags.iter().filter(|t| t.code == from) {
        let duplicate = s
            .tags
            .iter()
            .find(|o| o.code == into && o.statement == t.statement && o.span == t.span);
        match duplicate {
            Some(keep) => {
                for (i, th) in themes.iter_mut().enumerate() {
                    if th.excerpts.contains(&t.id) {
                        if th.excerpts.contains(&keep.id) {
                            th.excerpts.retain(|x| *x != t.id);
                        } else {
                            for x in th.excerpts.iter_mut().filter(|x| **x == t.id) {
                                *x = keep.id;
                            }
                        }
                        themes_changed[i] = true;
                    }
                }
                commands.push(Command::Tag(Edit::remove(t.id)));
            }
            None => {
                let mut moved: TagApplication = t.clone();
                moved.code = into;
                commands.push(Command::Tag(Edit::put(moved)));
            }
        }
    }
    for (th, changed) in themes.into_iter().zip(themes_changed) {
        if changed {
            commands.push(Command::Theme(Edit::put(th)));
        }
    }
    for child in s.codes.iter().filter(|c| c.parent == Some(from)) {
        let mut c = child.clone();
        // The target itself may be a sub-code of `from`: it takes `from`'s place.
        c.parent = if c.id == into { f.parent } else { Some(into) };
        commands.push(Command::Code(Edit::put(c)));
    }
    if target.description.trim().is_empty() && !f.description.trim().is_empty() {
        let mut t = s
            .codes
            .iter()
            .find(|c| c.id == into)
            .cloned()
            .unwrap_or(target.clone());
        if t.parent == Some(from) {
            t.parent = f.parent;
        }
        t.description = f.description.clone();
        commands.retain(|c| !matches!(c, Command::Code(Edit::Put { item, .. }) if item.id == into));
        commands.push(Command::Code(Edit::put(t)));
    }
    commands.push(Command::Code(Edit::remove(from)));
    Ok(Command::Batch {
        label: format!("Merge code \"{}\" into \"{}\"", f.name, target.name),
        commands,
    })
}

/// Deletes a code with its tags (removed from themes too); sub-codes move up a level.
pub fn delete(s: &Session, code: Id) -> Result<Command, CodebookError> {
    let c = find(s, code)?.clone();
    let mut commands = Vec::new();
    let tag_ids: Vec<Id> = s
        .tags
        .iter()
        .filter(|t| t.code == code)
        .map(|t| t.id)
        .collect();
    for th in &s.themes {
        if th.excerpts.iter().any(|x| tag_ids.contains(x)) {
            let mut th = th.clone();
            th.excerpts.retain(|x| !tag_ids.contains(x));
            commands.push(Command::Theme(Edit::put(th)));
        }
    }
    for id in &tag_ids {
        commands.push(Command::Tag(Edit::remove(*id)));
    }
    for child in s.codes.iter().filter(|x| x.parent == Some(code)) {
        let mut ch = child.clone();
        ch.parent = c.parent;
        commands.push(Command::Code(Edit::put(ch)));
    }
    commands.push(Command::Code(Edit::remove(code)));
    Ok(Command::Batch {
        label: format!("Delete code \"{}\"", c.name),
        commands,
    })
}

/// Removes a tag, and its place in any theme, as one undo step.
pub fn untag(s: &Session, tag: Id) -> Command {
    let mut commands: Vec<Command> = s
        .themes
        .iter()
        .filter(|th| th.excerpts.contains(&tag))
        .map(|th| {
            let mut th = th.clone();
            th.excerpts.retain(|x| *x != tag);
            Command::Theme(Edit::put(th))
        })
        .collect();
    commands.push(Command::Tag(Edit::remove(tag)));
    Command::Batch {
        label: "Remove tag".into(),
        commands,
    }
}

fn find(s: &Session, id: Id) -> Result<&Code, CodebookError> {
    s.codes
        .iter()
        .find(|c| c.id == id)
        .ok_or(CodebookError::UnknownCode)
}

/// The codebook as a tree, depth first in codebook order: (depth, code).
pub fn tree(s: &Session) -> Vec<(usize, &Code)> {
    fn walk<'a>(
        s: &'a Session,
        parent: Option<Id>,
        depth: usize,
        out: &mut Vec<(usize, &'a Code)>,
    ) {
        for c in s.codes.iter().filter(|c| c.parent == parent) {
            if out.iter().any(|(_, x)| x.id == c.id) || depth > 32 {
                continue;
            }
            out.push((depth, c));
            walk(s, Some(c.id), depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(s, None, 0, &mut out);
    // Codes whose parent is missing (hand-edited files) still show, at the top.
    for c in &s.codes {
        if !out.iter().any(|(_, x)| x.id == c.id) {
            out.push((0, c));
        }
    }
    out
}

/// The full name of a code: "Messy 9 › saturation".
pub fn path(s: &Session, code: Id) -> String {
    let mut parts = Vec::new();
    let mut cur = Some(code);
    while let Some(id) = cur {
        let Some(c) = s.codes.iter().find(|c| c.id == id) else {
            break;
        };
        parts.push(c.name.as_str());
        if parts.len() > 32 {
            break;
        }
        cur = c.parent;
    }
    if parts.is_empty() {
        return "(deleted code)".into();
    }
    parts.reverse();
    parts.join(" › ")
}

/// The name of a code, or a placeholder.
pub fn name(s: &Session, code: Id) -> &str {
    s.codes
        .iter()
        .find(|c| c.id == code)
        .map(|c| c.name.as_str())
        .unwrap_or("(deleted code)")
}

/// How many tags use a code.
pub fn usage(s: &Session, code: Id) -> usize {
    s.tags.iter().filter(|t| t.code == code).count()
}

/// The tagged words: the span when only part is tagged, else the whole statement.
pub fn excerpt_text<'a>(s: &'a Session, tag: &TagApplication) -> &'a str {
    let Some((_, st)) = s.statement(tag.statement) else {
        return "(statement removed)";
    };
    match tag.span {
        Some((a, b)) if a < b && b <= st.text.len() => st.text.get(a..b).unwrap_or(&st.text),
        _ => &st.text,
    }
}

/// Whose words an excerpt is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Voice {
    /// A participant (by id).
    Participant(Id),
    /// The facilitator's own note.
    Facilitator,
    /// The statement is gone.
    Missing,
}

/// Whose words a tagged excerpt is.
pub fn voice(s: &Session, tag: &TagApplication) -> Voice {
    match s.statement(tag.statement) {
        Some((i, st)) => match st.speaker {
            Speaker::Interviewee => Voice::Participant(i.participant),
            Speaker::Facilitator => Voice::Facilitator,
        },
        None => Voice::Missing,
    }
}

/// The label for a voice: the participant's pseudonym, never a real name.
pub fn voice_label(s: &Session, v: Voice) -> String {
    match v {
        Voice::Participant(p) => s.pseudonym(p).to_owned(),
        Voice::Facilitator => "Facilitator note".into(),
        Voice::Missing => "(statement removed)".into(),
    }
}

/// Excerpts per voice in a theme, most first, so a theme carried by one loud voice
/// is visible as such.
pub fn theme_counts(s: &Session, theme: &Theme) -> Vec<(Voice, usize)> {
    let mut counts: Vec<(Voice, usize)> = Vec::new();
    for id in &theme.excerpts {
        let Some(t) = s.tags.iter().find(|t| t.id == *id) else {
            continue;
        };
        let v = voice(s, t);
        match counts.iter_mut().find(|(x, _)| *x == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts
}

/// How many different participants a theme's excerpts come from.
pub fn theme_voices(s: &Session, theme: &Theme) -> usize {
    theme_counts(s, theme)
        .iter()
        .filter(|(v, _)| matches!(v, Voice::Participant(_)))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::session::{Interview, Participant, Statement};

    fn session() -> Session {
        let mut s = Session::default();
        let p1 = Participant::new("P1");
        let p2 = Participant::new("P2");
        let mut i1 = Interview {
            participant: p1.id,
            ..Interview::default()
        };
        let mut i2 = Interview {
            participant: p2.id,
            ..Interview::default()
        };
        for t in ["alpha beta", "gamma"] {
            i1.statements.push(Statement {
                text: t.into(),
                ..Statement::default()
            });
        }
        i2.statements.push(Statement {
            text: "delta".into(),
            ..Statement::default()
        });
        s.participants = vec![p1, p2];
        s.interviews = vec![i1, i2];
        s
    }

    fn apply(s: &mut Session, c: Command) -> Command {
        c.apply(s).unwrap_or_else(|e| panic!("{e}"))
    }

    fn stmt(s: &Session, i: usize, j: usize) -> Id {
        s.interviews[i].statements[j].id
    }

    fn tag(s: &mut Session, code: Id, statement: Id, span: Option<(usize, usize)>) -> Id {
        let t = TagApplication {
            id: Id::new(),
            code,
            statement,
            span,
        };
        let id = t.id;
        s.tags.push(t);
        id
    }

    fn code(s: &mut Session, name: &str) -> Id {
        let c = new_code(s, name, None).unwrap_or_else(|e| panic!("{e}"));
        apply(s, c);
        s.codes.last().map(|c| c.id).unwrap_or_default()
    }

    #[test]
    fn vocabularies_are_complete_and_described() {
        let names: Vec<_> = VOCABULARIES.iter().map(|v| v.codes.len()).collect();
        assert_eq!(names, vec![9, 5, 6, 9]);
        for v in VOCABULARIES {
            for (n, d) in v.codes {
                assert!(!n.is_empty() && d.len() > 20, "{n}");
            }
        }
    }

    #[test]
    fn adding_a_vocabulary_twice_adds_nothing_the_second_time() {
        let mut s = Session::default();
        let c = add_vocabulary(&s, &VOCABULARIES[0]);
        assert!(c.is_some());
        if let Some(c) = c {
            apply(&mut s, c);
        }
        assert_eq!(s.codes.len(), 10);
        let parent = s.codes[0].id;
        assert!(s.codes[1..].iter().all(|c| c.parent == Some(parent)));
        assert!(add_vocabulary(&s, &VOCABULARIES[0]).is_none());
        assert_eq!(path(&s, s.codes[4].id), "Messy 9 › saturation");
    }

    #[test]
    fn rename_keeps_tags_and_refuses_clashes() {
        let mut s = session();
        let a = code(&mut s, "handoff");
        let b = code(&mut s, "pressure");
        let st = stmt(&s, 0, 0);
        tag(&mut s, a, st, None);
        let c = rename(&s, a, "  hand-off ").unwrap_or_else(|e| panic!("{e}"));
        let inverse = apply(&mut s, c);
        assert_eq!(name(&s, a), "hand-off");
        assert_eq!(s.tags[0].code, a);
        assert_eq!(
            rename(&s, a, "Pressure"),
            Err(CodebookError::DuplicateName("Pressure".into()))
        );
        assert_eq!(rename(&s, a, "  "), Err(CodebookError::EmptyName));
        assert_eq!(rename(&s, Id::new(), "x"), Err(CodebookError::UnknownCode));
        apply(&mut s, inverse);
        assert_eq!(name(&s, a), "handoff");
        let _ = b;
    }

    #[test]
    fn merge_repoints_tags_dedupes_and_undoes_in_one_step() {
        let mut s = session();
        let a = code(&mut s, "time pressure");
        let b = code(&mut s, "tempo");
        let child = code(&mut s, "paging hesitation");
        if let Ok(c) = set_parent(&s, child, Some(a)) {
            apply(&mut s, c);
        }
        let (s00, s01, s10) = (stmt(&s, 0, 0), stmt(&s, 0, 1), stmt(&s, 1, 0));
        let t1 = tag(&mut s, a, s00, None);
        let t2 = tag(&mut s, a, s01, Some((0, 3)));
        let keep = tag(&mut s, b, s00, None); // same statement, same span as t1
        let t4 = tag(&mut s, b, s10, None);
        s.themes.push(Theme {
            id: Id::new(),
            name: "Pace".into(),
            description: String::new(),
            excerpts: vec![t1, t2, t4],
        });
        let before = s.clone();

        let c = merge(&s, a, b).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(c, Command::Batch { .. }));
        let inverse = apply(&mut s, c);

        assert!(s.codes.iter().all(|c| c.id != a), "merged code is gone");
        assert!(s.tags.iter().all(|t| t.code != a), "no tag left on it");
        assert_eq!(s.tags.len(), 3, "the duplicate tag was removed");
        assert!(s.tags.iter().any(|t| t.id == t2 && t.code == b));
        assert_eq!(s.themes[0].excerpts, vec![keep, t2, t4]);
        assert_eq!(
            s.codes
                .iter()
                .find(|c| c.id == child)
                .and_then(|c| c.parent),
            Some(b)
        );
        assert!(crate::model::validate::validate(&s).is_ok());

        apply(&mut s, inverse);
        assert_eq!(s, before, "one undo restores everything");
        assert_eq!(merge(&s, a, a), Err(CodebookError::MergeIntoSelf));
    }

    #[test]
    fn merge_into_own_sub_code_takes_its_place() {
        let mut s = session();
        let a = code(&mut s, "comms");
        let b = code(&mut s, "status page");
        if let Ok(c) = set_parent(&s, b, Some(a)) {
            apply(&mut s, c);
        }
        let c = merge(&s, a, b).unwrap_or_else(|e| panic!("{e}"));
        apply(&mut s, c);
        assert_eq!(s.codes.len(), 1);
        assert_eq!(s.codes[0].parent, None);
        assert!(crate::model::validate::validate(&s).is_ok());
    }

    #[test]
    fn hierarchy_refuses_cycles() {
        let mut s = session();
        let a = code(&mut s, "a");
        let b = code(&mut s, "b");
        if let Ok(c) = set_parent(&s, b, Some(a)) {
            apply(&mut s, c);
        }
        assert!(matches!(
            set_parent(&s, a, Some(b)),
            Err(CodebookError::Cycle(_))
        ));
        assert!(matches!(
            set_parent(&s, a, Some(a)),
            Err(CodebookError::Cycle(_))
        ));
        let t: Vec<_> = tree(&s).iter().map(|(d, c)| (*d, c.name.clone())).collect();
        assert_eq!(t, vec![(0, "a".to_owned()), (1, "b".to_owned())]);
    }

    #[test]
    fn delete_removes_tags_from_themes_too() {
        let mut s = session();
        let a = code(&mut s, "a");
        let st = stmt(&s, 0, 0);
        let t = tag(&mut s, a, st, None);
        s.themes.push(Theme {
            excerpts: vec![t],
            ..Theme::default()
        });
        let c = delete(&s, a).unwrap_or_else(|e| panic!("{e}"));
        apply(&mut s, c);
        assert!(s.tags.is_empty() && s.codes.is_empty() && s.themes[0].excerpts.is_empty());
    }

    #[test]
    fn theme_counts_show_each_voice() {
        let mut s = session();
        let a = code(&mut s, "a");
        let (s00, s01, s10) = (stmt(&s, 0, 0), stmt(&s, 0, 1), stmt(&s, 1, 0));
        let excerpts = vec![
            tag(&mut s, a, s00, Some((6, 10))),
            tag(&mut s, a, s01, None),
            tag(&mut s, a, s10, None),
        ];
        let theme = Theme {
            excerpts,
            ..Theme::default()
        };
        let p1 = s.participants[0].id;
        let p2 = s.participants[1].id;
        assert_eq!(
            theme_counts(&s, &theme),
            vec![(Voice::Participant(p1), 2), (Voice::Participant(p2), 1)]
        );
        assert_eq!(theme_voices(&s, &theme), 2);
        assert_eq!(excerpt_text(&s, &s.tags[0]), "beta");
        assert_eq!(voice_label(&s, Voice::Participant(p1)), "P1");
    }
}
