//! Material brought in from other tools — a recording's transcript, a chat export —
//! read from its files into what the import dialogs show, off the frame: on a thread
//! natively, in the browser's background worker on the web, which hands the result
//! back in a compact binary form ([`encode`], [`decode`]).

use super::chat::ChatExport;
use super::transcript::{self, Transcript};
use serde::{Deserialize, Serialize};

/// What is being imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportKind {
    /// A recording's transcript, into a new interview.
    Transcript,
    /// A Slack export, into the timeline.
    ChatExport,
}

impl ImportKind {
    /// A short code for the browser's worker.
    pub fn code(self) -> &'static str {
        match self {
            Self::Transcript => "transcript",
            Self::ChatExport => "chat",
        }
    }

    /// The kind for a code from [`Self::code`].
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "transcript" => Some(Self::Transcript),
            "chat" => Some(Self::ChatExport),
            _ => None,
        }
    }

    /// The file dialog's filter: a name and extensions.
    pub fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Self::Transcript => ("Transcript (WebVTT, SRT, text)", &["vtt", "srt", "txt"]),
            Self::ChatExport => ("Slack export (JSON)", &["json"]),
        }
    }

    /// The file dialog's title.
    pub fn title(self) -> &'static str {
        match self {
            Self::Transcript => "Import transcript",
            Self::ChatExport => {
                "Import Slack export: a channel's day files (with users.json), or one JSON file"
            }
        }
    }
}

/// What the files held.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Parsed {
    /// A transcript.
    Transcript(Transcript),
    /// A chat export.
    Chat(ChatExport),
}

/// Reads the files of an import: (file name, bytes). A transcript is one file. The
/// error is in words, for the person who picked the files.
pub fn read(kind: ImportKind, files: &[(String, Vec<u8>)]) -> Result<Parsed, String> {
    match kind {
        ImportKind::Transcript => match files {
            [(_, bytes)] => transcript::parse(bytes)
                .map(Parsed::Transcript)
                .map_err(|e| e.to_string()),
            [] => Err("No file was chosen.".into()),
            _ => Err("Choose one transcript at a time: each becomes one interview.".into()),
        },
        ImportKind::ChatExport => super::slack::parse(files)
            .map(Parsed::Chat)
            .map_err(|e| e.to_string()),
    }
}

/// The name to show for an import of these files: the file's, or the first one's
/// and how many more.
pub fn display_name(names: &[String]) -> String {
    let base = |n: &String| n.rsplit(['/', '\\']).next().unwrap_or(n).to_owned();
    match names {
        [] => String::new(),
        [one] => base(one),
        [first, rest @ ..] => format!("{} and {} more", base(first), rest.len()),
    }
}

/// The compact form the browser's worker hands a result back in.
pub fn encode(parsed: &Parsed) -> Result<Vec<u8>, String> {
    postcard::to_allocvec(parsed).map_err(|e| format!("Could not hand the import over: {e}"))
}

/// Reads [`encode`]'s output back.
pub fn decode(bytes: &[u8]) -> Result<Parsed, String> {
    postcard::from_bytes(bytes).map_err(|e| format!("Could not take the import back: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_survive_the_trip_from_the_worker() {
        let vtt = transcript::synth::vtt(200, true);
        let t = read(
            ImportKind::Transcript,
            &[("a.vtt".into(), vtt.into_bytes())],
        );
        let Ok(parsed) = t else { panic!("{t:?}") };
        assert_eq!(encode(&parsed).and_then(|b| decode(&b)), Ok(parsed));
        let slack = br#"[{"type":"message","user":"U1","text":"hi","ts":"1775466600.000100"},{"user":"U1","text":"no time"}]"#;
        let c = read(ImportKind::ChatExport, &[("d.json".into(), slack.to_vec())]);
        let Ok(parsed) = c else { panic!("{c:?}") };
        assert_eq!(encode(&parsed).and_then(|b| decode(&b)), Ok(parsed));
        assert!(decode(&[0xff, 0xff, 0xff]).is_err());
        for code in ["transcript", "chat"] {
            assert_eq!(
                ImportKind::from_code(code).map(ImportKind::code),
                Some(code)
            );
        }
        assert!(read(ImportKind::Transcript, &[]).is_err());
        assert_eq!(
            display_name(&["a/b/x.json".into(), "y.json".into()]),
            "x.json and 1 more"
        );
    }
}
