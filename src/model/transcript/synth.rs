//! Long synthetic transcripts for benchmarks and tests: a facilitator and an
//! interviewee taking turns, in the shapes Zoom and Teams write.

use std::fmt::Write as _;

const QUESTIONS: [&str; 4] = [
    "What did you notice first?",
    "How could you tell it was not the usual Monday ramp?",
    "What options did you see at that point?",
    "What made you ask for help then?",
];

const ANSWERS: [&str; 6] = [
    "I saw the pool graph climbing in steps, not the smooth ramp we usually get.",
    "I knew the batch job would be done by ten, so it had to be something else.",
    "I thought about rolling back, but the deploy was two days old.",
    "We decided to switch to the degraded retry profile instead.",
    "I pinged the payments team and asked what had changed.",
    "Honestly I felt a bit stressed, the dashboard was slow to load.",
];

/// A WebVTT transcript of `cues` cues, about 2.7 s each (4,000 cues ≈ 3 hours with
/// pauses), by "Sam Rivera" (facilitator) and "Ana Lima" (interviewee), who often
/// speaks for several cues in a row. `teams` writes voice tags and Teams cue ids,
/// otherwise Zoom's numbered cues with `Name: ` prefixes.
pub fn vtt(cues: usize, teams: bool) -> String {
    let mut out = String::with_capacity(cues * 120);
    out.push_str("WEBVTT\n\n");
    let mut t_ms: u64 = 1_000;
    let mut answer = 0usize;
    for k in 0..cues {
        // Every fifth cue is a question; the answers run for four cues.
        let facilitator = k % 5 == 0;
        let (who, text) = if facilitator {
            ("Sam Rivera", QUESTIONS[(k / 5) % QUESTIONS.len()])
        } else {
            answer += 1;
            ("Ana Lima", ANSWERS[answer % ANSWERS.len()])
        };
        let len = 2_000 + (k as u64 % 7) * 200;
        let (start, end) = (t_ms, t_ms + len);
        if teams {
            let _ = writeln!(out, "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b/{}-0", k + 10);
        } else {
            let _ = writeln!(out, "{}", k + 1);
        }
        let _ = writeln!(out, "{} --> {}", stamp(start), stamp(end));
        if teams {
            let _ = writeln!(out, "<v {who}>{text}</v>\n");
        } else {
            let _ = writeln!(out, "{who}: {text}\n");
        }
        t_ms = end + if facilitator { 900 } else { 300 };
    }
    out
}

fn stamp(ms: u64) -> String {
    let (h, m, s, f) = (
        ms / 3_600_000,
        (ms / 60_000) % 60,
        (ms / 1000) % 60,
        ms % 1000,
    );
    format!("{h:02}:{m:02}:{s:02}.{f:03}")
}
