//! Handing a whole session over in parts, in a compact binary form.
//!
//! The browser has one thread for the page. Reading a large session file there holds
//! the page for as long as the RON parse takes (about half a second for a 33 MB file),
//! so the web build reads it in a worker instead. The worker cannot hand over Rust
//! values, only bytes; [`split`] turns the read session into parts of postcard (which
//! decodes several times faster than RON), and the page takes them back with an
//! [`Assembler`] a few parts per frame, so no single frame does all the work.
//!
//! Both ends are the same build of this program, so the format needs no versioning:
//! a part that does not decode is a bug, reported as [`TransferError`], never a
//! half-built session.

use super::file::Loaded;
use super::session::*;
use serde::{Deserialize, Serialize};

/// The size a part aims for (the last part of each list may be smaller, and a single
/// very large item makes a larger one). About 1–3 ms to decode in the browser.
pub const PART_BYTES: usize = 256 * 1024;

/// One part, as it is read. The variant order must match [`PartOut`]'s.
#[derive(Deserialize)]
enum Part {
    /// Everything except the long lists below, and the file's format version.
    Head {
        session: Box<Session>,
        file_version: u32,
    },
    Interviews(Vec<Interview>),
    Timeline(Vec<TimelineEvent>),
    DecisionPoints(Vec<DecisionPoint>),
    Tags(Vec<TagApplication>),
    Themes(Vec<Theme>),
    Findings(Vec<Finding>),
    Maps(Vec<WorkMap>),
    Sections(Vec<NarrativeSection>),
}

/// One part, as it is written (borrowing, so splitting copies nothing but bytes).
#[derive(Serialize)]
enum PartOut<'a> {
    Head {
        session: &'a Session,
        file_version: u32,
    },
    Interviews(&'a [Interview]),
    Timeline(&'a [TimelineEvent]),
    DecisionPoints(&'a [DecisionPoint]),
    Tags(&'a [TagApplication]),
    Themes(&'a [Theme]),
    Findings(&'a [Finding]),
    Maps(&'a [WorkMap]),
    Sections(&'a [NarrativeSection]),
}

/// Why a session handed over in parts could not be put back together.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TransferError {
    /// A part could not be written (should not happen for a session in memory).
    #[error("the session could not be prepared for the page ({0})")]
    Encode(String),
    /// A part did not decode: the bytes were damaged on the way.
    #[error(
        "the background reader handed back a damaged session ({0}); try opening the file again"
    )]
    Decode(String),
    /// Parts came without the head, or the head twice.
    #[error("the background reader handed back an incomplete session; try opening the file again")]
    Incomplete,
}

/// Splits a session that was read (and checked) into parts of about `part_bytes`.
/// The first part is the head; the others can be taken in any order after it.
pub fn split(loaded: &Loaded, part_bytes: usize) -> Result<Vec<Vec<u8>>, TransferError> {
    let s = &loaded.session;
    let head = head_of(s);
    let mut parts = vec![encode(&PartOut::Head {
        session: &head,
        file_version: loaded.file_version,
    })?];
    chunks(&mut parts, &s.interviews, part_bytes, PartOut::Interviews)?;
    chunks(&mut parts, &s.timeline, part_bytes, PartOut::Timeline)?;
    chunks(
        &mut parts,
        &s.decision_points,
        part_bytes,
        PartOut::DecisionPoints,
    )?;
    chunks(&mut parts, &s.tags, part_bytes, PartOut::Tags)?;
    chunks(&mut parts, &s.themes, part_bytes, PartOut::Themes)?;
    chunks(&mut parts, &s.findings, part_bytes, PartOut::Findings)?;
    chunks(&mut parts, &s.maps, part_bytes, PartOut::Maps)?;
    chunks(
        &mut parts,
        &s.narrative.sections,
        part_bytes,
        PartOut::Sections,
    )?;
    Ok(parts)
}

/// The session without the lists that go in parts of their own. Every field is named,
/// so a new field cannot be forgotten here.
fn head_of(s: &Session) -> Session {
    let Session {
        id,
        title,
        kind,
        purpose,
        facilitators,
        created,
        updated,
        participants,
        interviews: _,
        timeline: _,
        decision_points: _,
        codes,
        tags: _,
        themes: _,
        findings: _,
        maps: _,
        narrative: Narrative {
            sections: _,
            acknowledged,
        },
        follow_ups,
        guides,
        conflicts,
        deleted,
    } = s;
    Session {
        id: *id,
        title: title.clone(),
        kind: *kind,
        purpose: purpose.clone(),
        facilitators: facilitators.clone(),
        created: *created,
        updated: *updated,
        participants: participants.clone(),
        interviews: Vec::new(),
        timeline: Vec::new(),
        decision_points: Vec::new(),
        codes: codes.clone(),
        tags: Vec::new(),
        themes: Vec::new(),
        findings: Vec::new(),
        maps: Vec::new(),
        narrative: Narrative {
            sections: Vec::new(),
            acknowledged: acknowledged.clone(),
        },
        follow_ups: follow_ups.clone(),
        guides: guides.clone(),
        conflicts: conflicts.clone(),
        deleted: deleted.clone(),
    }
}

/// The whole session as one part (for a job in the worker that needs all of it):
/// one pass over the session, several times quicker than writing its RON.
pub fn encode_whole(session: &Session) -> Result<Vec<u8>, TransferError> {
    encode(&PartOut::Head {
        session,
        file_version: super::file::CURRENT_VERSION,
    })
}

fn encode(part: &PartOut<'_>) -> Result<Vec<u8>, TransferError> {
    postcard::to_allocvec(part).map_err(|e| TransferError::Encode(e.to_string()))
}

/// Appends `items` as parts of about `part_bytes` each. Items are of similar size in
/// practice, so the list is measured once and cut by count.
fn chunks<'a, T: Serialize>(
    parts: &mut Vec<Vec<u8>>,
    items: &'a [T],
    part_bytes: usize,
    wrap: fn(&'a [T]) -> PartOut<'a>,
) -> Result<(), TransferError> {
    if items.is_empty() {
        return Ok(());
    }
    let total = postcard::to_allocvec(items)
        .map_err(|e| TransferError::Encode(e.to_string()))?
        .len();
    let per_part = (items.len() * part_bytes.max(1) / total.max(1)).max(1);
    for chunk in items.chunks(per_part) {
        parts.push(encode(&wrap(chunk))?);
    }
    Ok(())
}

/// The size of a session in the compact form, in bytes, without writing it out (a
/// walk over the session, several times quicker than writing its RON). Sizes RON text
/// from a ratio learned once, e.g. before a write that would not fit in browser
/// storage.
pub fn compact_size(session: &Session) -> usize {
    postcard::serialize_with_flavor(session, postcard::ser_flavors::Size::default())
        .unwrap_or(usize::MAX)
}

/// Puts a session back together from the parts [`split`] made, one part at a time.
#[derive(Default)]
pub struct Assembler {
    loaded: Option<Loaded>,
}

impl Assembler {
    /// Decodes one part and adds what it holds. The head must come first.
    pub fn take(&mut self, bytes: &[u8]) -> Result<(), TransferError> {
        let part: Part =
            postcard::from_bytes(bytes).map_err(|e| TransferError::Decode(e.to_string()))?;
        if let Part::Head {
            session,
            file_version,
        } = part
        {
            if self.loaded.is_some() {
                return Err(TransferError::Incomplete);
            }
            self.loaded = Some(Loaded {
                session: *session,
                file_version,
            });
            return Ok(());
        }
        let s = &mut self
            .loaded
            .as_mut()
            .ok_or(TransferError::Incomplete)?
            .session;
        match part {
            Part::Head { .. } => {} // handled above
            Part::Interviews(v) => s.interviews.extend(v),
            Part::Timeline(v) => s.timeline.extend(v),
            Part::DecisionPoints(v) => s.decision_points.extend(v),
            Part::Tags(v) => s.tags.extend(v),
            Part::Themes(v) => s.themes.extend(v),
            Part::Findings(v) => s.findings.extend(v),
            Part::Maps(v) => s.maps.extend(v),
            Part::Sections(v) => s.narrative.sections.extend(v),
        }
        Ok(())
    }

    /// The session put back together.
    pub fn finish(self) -> Result<Loaded, TransferError> {
        self.loaded.ok_or(TransferError::Incomplete)
    }
}

/// Puts a whole session back together at once (tests, and where frames do not matter).
pub fn assemble<P: AsRef<[u8]>>(parts: &[P]) -> Result<Loaded, TransferError> {
    let mut a = Assembler::default();
    for p in parts {
        a.take(p.as_ref())?;
    }
    a.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{self, Scale};

    fn loaded(session: Session, file_version: u32) -> Loaded {
        Loaded {
            session,
            file_version,
        }
    }

    #[test]
    fn a_session_split_into_parts_comes_back_the_same() {
        let session = synth::generate(&Scale::M, 7);
        let parts = split(&loaded(session.clone(), 1), 16 * 1024).unwrap();
        assert!(parts.len() > 10, "cut into many parts: {}", parts.len());
        let back = assemble(&parts).unwrap();
        assert_eq!(back.session, session);
        assert_eq!(back.file_version, 1, "the migration notice survives");
    }

    #[test]
    fn compact_size_is_the_size_of_the_parts_and_much_less_than_ron() {
        let session = synth::generate(&Scale::M, 5);
        let parts = split(&loaded(session.clone(), 2), PART_BYTES).unwrap();
        let sum: usize = parts.iter().map(Vec::len).sum();
        let size = compact_size(&session);
        // Parts add a tag and a length each.
        assert!(
            size <= sum && sum < size + 8 * parts.len(),
            "{size} vs {sum}"
        );
        let ron = crate::model::file::to_ron_string(&session).unwrap().len();
        assert!(ron > 2 * size, "RON {ron} bytes, compact {size}");
    }

    #[test]
    fn a_whole_session_in_one_part_comes_back_the_same() {
        let session = synth::generate(&Scale::M, 9);
        let back = assemble(&[encode_whole(&session).unwrap()]).unwrap();
        assert_eq!(back.session, session);
    }

    #[test]
    fn parts_stay_near_the_size_asked_for() {
        let session = synth::generate(&Scale::M, 3);
        let parts = split(&loaded(session, 2), 32 * 1024).unwrap();
        let biggest = parts.iter().map(Vec::len).max().unwrap();
        assert!(biggest < 3 * 32 * 1024, "biggest part {biggest} bytes");
    }

    #[test]
    fn the_example_and_an_empty_session_come_back_the_same() {
        let example = crate::model::file::from_str(crate::model::EXAMPLE_SESSION)
            .unwrap()
            .session;
        for s in [example, Session::default()] {
            let back = assemble(&split(&loaded(s.clone(), 2), PART_BYTES).unwrap()).unwrap();
            assert_eq!(back.session, s);
        }
    }

    #[test]
    fn damaged_or_missing_parts_are_errors_not_half_sessions() {
        let session = synth::generate(&Scale::M, 1);
        let mut parts = split(&loaded(session, 2), 64 * 1024).unwrap();
        // No head first.
        assert_eq!(assemble(&parts[1..]).err(), Some(TransferError::Incomplete));
        // The head twice.
        let twice = [parts[0].clone(), parts[0].clone()];
        assert_eq!(assemble(&twice).err(), Some(TransferError::Incomplete));
        // Nothing at all.
        assert_eq!(
            assemble::<Vec<u8>>(&[]).err(),
            Some(TransferError::Incomplete)
        );
        // A cut-off part.
        let last = parts.len() - 1;
        let half = parts[last].len() / 2;
        parts[last].truncate(half);
        assert!(matches!(
            assemble(&parts).err(),
            Some(TransferError::Decode(_))
        ));
        // Bytes that were never a part.
        assert!(matches!(
            assemble(&[vec![200, 1, 2, 3]]).err(),
            Some(TransferError::Decode(_))
        ));
    }
}
