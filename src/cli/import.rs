//! `second-story import-transcript`: a transcript file becomes an interview in a
//! session file, written in place with the same atomic save the app uses.

use crate::model::speakers::{forms, normalize};
use crate::model::transcript::{
    self,
    interview::{self, Options, Role, label_text},
};
use crate::model::{file, validate};
use std::path::Path;
use std::process::ExitCode;

/// What the command line says about the speakers.
pub(super) struct SpeakerArgs {
    /// Interview this participant (by pseudonym; a new one when none has it).
    pub participant: Option<String>,
    /// The interview's title.
    pub title: Option<String>,
    /// `NAME=PSEUDONYM`: this speaker is this participant (new when none has it).
    pub speakers: Vec<String>,
    /// These speakers are facilitators.
    pub facilitators: Vec<String>,
}

/// Imports `file` into the session at `session_path`; exit 0 and a one-line summary,
/// or exit 1 and what is wrong (nothing written).
pub(super) fn import_transcript(session_path: &Path, file: &Path, args: SpeakerArgs) -> ExitCode {
    match run(session_path, file, &args) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

fn run(session_path: &Path, file: &Path, args: &SpeakerArgs) -> Result<String, String> {
    let mut session = super::load(session_path)?.session;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = crate::io::read_file(file)?;
    let t = transcript::parse(&bytes).map_err(|e| format!("{}: {e}", file.display()))?;
    let (roles, new_pseudonym) = roles(&session, &t, args)?;
    let options = Options {
        title: args.title.clone(),
        new_pseudonym,
    };
    let imported = interview::build(&session, &t, &roles, &options)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    imported
        .command
        .clone()
        .apply(&mut session)
        .map_err(|e| e.to_string())?;
    session.updated = crate::model::now();
    validate::validate(&session).map_err(|e| {
        format!("The import would leave the session inconsistent ({e}); nothing was written.")
    })?;
    let text = file::to_ron_string(&session).map_err(|e| e.to_string())?;
    crate::io::write_session(session_path, &text).map_err(|e| e.message)?;
    for p in &t.problems {
        eprintln!("{}:{}: {} ({})", file.display(), p.line, p.reason, p.text);
    }
    if let Some(p) = session.participant(imported.participant)
        && !p.consent.may_record
    {
        eprintln!(
            "Note: {}'s consent does not say they may be recorded; check it on Participants.",
            p.pseudonym
        );
    }
    Ok(interview::summary(&name, &imported, &t))
}

/// Each speaker's label and role.
type Roles = Vec<(Option<String>, Role)>;

/// A role for every speaker: from `--speaker`, `--facilitator` and `--participant`,
/// else from the session's names. Errors name every speaker left unknown and every
/// argument that matched no speaker.
fn roles(
    session: &crate::model::Session,
    t: &transcript::Transcript,
    args: &SpeakerArgs,
) -> Result<(Roles, Option<String>), String> {
    // "P1" finds "P1 (on-call SRE)" when no other participant answers to it.
    let by_pseudonym = |p: &str| {
        let exact = session
            .participants
            .iter()
            .find(|x| normalize(&x.pseudonym) == normalize(p));
        let mut loose = session
            .participants
            .iter()
            .filter(|x| forms(&x.pseudonym).contains(&normalize(p)));
        exact
            .or_else(|| loose.next().filter(|_| loose.next().is_none()))
            .map(|x| x.id)
    };
    let mut new_pseudonym: Option<String> = None;
    let mut want_new = |p: &str| -> Result<Role, String> {
        match &new_pseudonym {
            Some(q) if normalize(q) != normalize(p) => Err(format!(
                "Two new participants ({q} and {p}): an interview is with one participant."
            )),
            _ => {
                new_pseudonym = Some(p.trim().to_owned());
                Ok(Role::NewParticipant)
            }
        }
    };
    let mut mapped: Vec<(&str, &str)> = Vec::new();
    for s in &args.speakers {
        let (who, pseudonym) = s
            .rsplit_once('=')
            .filter(|(w, p)| !w.trim().is_empty() && !p.trim().is_empty())
            .ok_or_else(|| format!("--speaker \"{s}\": expected NAME=PSEUDONYM."))?;
        mapped.push((who.trim(), pseudonym.trim()));
    }
    let same = |a: &str, b: &str| forms(a).iter().any(|f| forms(b).contains(f));
    let participant_role = match &args.participant {
        Some(p) => Some(match by_pseudonym(p) {
            Some(id) => Role::Participant(id),
            None => want_new(p)?,
        }),
        None => None,
    };
    let rows = interview::speaker_rows(t, session);
    let mut roles = Vec::new();
    let mut unknown = Vec::new();
    for row in rows {
        let label = row.label.as_deref();
        let role = if let Some((_, p)) = label.and_then(|l| mapped.iter().find(|(w, _)| same(w, l)))
        {
            match by_pseudonym(p) {
                Some(id) => Role::Participant(id),
                None => want_new(p)?,
            }
        } else if label.is_some_and(|l| args.facilitators.iter().any(|f| same(f, l))) {
            Role::Facilitator
        } else if label.is_none()
            && let Some(r) = &participant_role
        {
            r.clone()
        } else {
            row.role.clone()
        };
        if role == Role::Unknown {
            unknown.push(format!("“{}” ({} cues)", label_text(label), row.cues));
        }
        roles.push((row.label, role));
    }
    let labels: Vec<String> = roles.iter().filter_map(|(l, _)| l.clone()).collect();
    let unused: Vec<String> = mapped
        .iter()
        .map(|(w, _)| *w)
        .chain(args.facilitators.iter().map(String::as_str))
        .filter(|w| !labels.iter().any(|l| same(w, l)))
        .map(|w| format!("“{w}”"))
        .collect();
    if !unused.is_empty() {
        return Err(format!(
            "{} not a speaker in this transcript. Its speakers are: {}.",
            unused.join(", "),
            speaker_list(&roles)
        ));
    }
    if !unknown.is_empty() {
        return Err(format!(
            "Unknown {}: {}. Say who each one is with --speaker \"NAME=PSEUDONYM\" (a participant; a new one when no participant has that pseudonym) or --facilitator NAME{}. Nothing was written.",
            if unknown.len() == 1 {
                "speaker"
            } else {
                "speakers"
            },
            unknown.join(", "),
            if roles
                .iter()
                .any(|(l, r)| l.is_none() && *r == Role::Unknown)
            {
                "; cues with no speaker name go to the participant named with --participant"
            } else {
                ""
            }
        ));
    }
    if let Some(Role::Participant(id)) = participant_role
        && let Some((l, _)) = roles.iter().find(|(_, r)| {
            matches!(r, Role::Participant(o) if *o != id) || *r == Role::NewParticipant
        })
    {
        return Err(format!(
            "--participant {}: but “{}” is another participant. An interview is with one participant.",
            session.pseudonym(id),
            label_text(l.as_deref())
        ));
    }
    Ok((roles, new_pseudonym))
}

fn speaker_list(roles: &[(Option<String>, Role)]) -> String {
    roles
        .iter()
        .map(|(l, _)| format!("“{}”", label_text(l.as_deref())))
        .collect::<Vec<_>>()
        .join(", ")
}
