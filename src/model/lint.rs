//! The language check: flags phrasing that turns a second story back into a first one.
//!
//! Four classes, after the debriefing literature: **counterfactual** ("should have"),
//! **normative** ("careless"), **mechanistic** ("root cause") and **hindsight**
//! ("obviously"). Each finding carries a short explanation and a second-story question
//! to ask instead. People's own words stay as said: text inside quotation marks, block
//! quotes and code is exempt, but exempt hits are counted so the facilitator sees them.

use super::id::Id;
use super::session::LintAck;

/// The class of a flagged phrase.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, strum::EnumCount, strum::VariantArray,
)]
pub enum LintKind {
    /// What people did not do, judged from after the fact.
    Counterfactual,
    /// A judgement of people against a standard.
    Normative,
    /// Work explained as a machine with one broken part.
    Mechanistic,
    /// The outcome made to look obvious in advance.
    Hindsight,
}

impl LintKind {
    /// All kinds, in display order.
    pub const ALL: [Self; <Self as strum::EnumCount>::COUNT] =
        super::session::all_variants(<Self as strum::VariantArray>::VARIANTS);

    /// The machine name used on the command line (`FILE:LINE:COL: kind: …`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Counterfactual => "counterfactual",
            Self::Normative => "normative",
            Self::Mechanistic => "mechanistic",
            Self::Hindsight => "hindsight",
        }
    }

    /// Why this kind of phrasing gets in the way of a second story.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::Counterfactual => {
                "Describes a world that did not happen, from knowledge people did not have at the time."
            }
            Self::Normative => {
                "Judges people against a standard instead of describing what they faced."
            }
            Self::Mechanistic => {
                "Reduces many contributors to one broken part; there is no single root cause."
            }
            Self::Hindsight => {
                "Makes the situation look obvious now that we know the outcome; it was not obvious then."
            }
        }
    }
}

/// One phrase the check looks for.
struct Rule {
    phrase: &'static str,
    kind: LintKind,
    ask: &'static str,
}

/// The phrases, longest first within overlapping families. Matched case-insensitively
/// on whole words.
const RULES: &[Rule] = &[
    // Counterfactual.
    Rule {
        phrase: "should have",
        kind: LintKind::Counterfactual,
        ask: "What did they see and know at that moment, and what made their action make sense?",
    },
    Rule {
        phrase: "should've",
        kind: LintKind::Counterfactual,
        ask: "What did they see and know at that moment, and what made their action make sense?",
    },
    Rule {
        phrase: "should not have",
        kind: LintKind::Counterfactual,
        ask: "What made the action look right at the time, given what people saw and knew?",
    },
    Rule {
        phrase: "shouldn't have",
        kind: LintKind::Counterfactual,
        ask: "What made the action look right at the time, given what people saw and knew?",
    },
    Rule {
        phrase: "could have",
        kind: LintKind::Counterfactual,
        ask: "Which options did people see at the time, and what made this one the one to take?",
    },
    Rule {
        phrase: "could've",
        kind: LintKind::Counterfactual,
        ask: "Which options did people see at the time, and what made this one the one to take?",
    },
    Rule {
        phrase: "would have",
        kind: LintKind::Counterfactual,
        ask: "Describe what happened and what it looked like from inside, not an imagined alternative.",
    },
    Rule {
        phrase: "failed to",
        kind: LintKind::Counterfactual,
        ask: "What were they doing instead, and what was pulling their attention there?",
    },
    Rule {
        phrase: "neglected",
        kind: LintKind::Counterfactual,
        ask: "What competing goals or pressures shaped where effort went?",
    },
    Rule {
        phrase: "didn't bother",
        kind: LintKind::Counterfactual,
        ask: "What made the extra step seem unnecessary or too costly at the time?",
    },
    // Normative.
    Rule {
        phrase: "careless",
        kind: LintKind::Normative,
        ask: "What made this way of working normal and usually successful here?",
    },
    Rule {
        phrase: "sloppy",
        kind: LintKind::Normative,
        ask: "What pressures or trade-offs shaped how the work was done?",
    },
    Rule {
        phrase: "negligent",
        kind: LintKind::Normative,
        ask: "What did the people involved know and expect, and what goals did they balance?",
    },
    Rule {
        phrase: "negligence",
        kind: LintKind::Normative,
        ask: "What did the people involved know and expect, and what goals did they balance?",
    },
    Rule {
        phrase: "inadequate",
        kind: LintKind::Normative,
        ask: "Inadequate for what, compared with what? Describe what it offered and what was missing at that moment.",
    },
    Rule {
        phrase: "reckless",
        kind: LintKind::Normative,
        ask: "What risk did people see, and what made accepting it reasonable then?",
    },
    Rule {
        phrase: "lack of situational awareness",
        kind: LintKind::Normative,
        ask: "What did people see and expect at that moment, and what made other cues hard to notice?",
    },
    Rule {
        phrase: "lost situational awareness",
        kind: LintKind::Normative,
        ask: "What did people see and expect at that moment, and what made other cues hard to notice?",
    },
    Rule {
        phrase: "lack of attention",
        kind: LintKind::Normative,
        ask: "Where was attention going, and why did that seem more important at the time?",
    },
    Rule {
        phrase: "complacent",
        kind: LintKind::Normative,
        ask: "What experience told people this usually goes fine — and how often does it?",
    },
    Rule {
        phrase: "complacency",
        kind: LintKind::Normative,
        ask: "What experience told people this usually goes fine — and how often does it?",
    },
    // Mechanistic.
    Rule {
        phrase: "root cause",
        kind: LintKind::Mechanistic,
        ask: "What contributors and enablers had to be true together for this to happen?",
    },
    Rule {
        phrase: "human error",
        kind: LintKind::Mechanistic,
        ask: "How did the action make sense at the time, and what in the system shaped it?",
    },
    Rule {
        phrase: "operator error",
        kind: LintKind::Mechanistic,
        ask: "What did the operator see, know and want, and what made the action reasonable?",
    },
    Rule {
        phrase: "the cause was",
        kind: LintKind::Mechanistic,
        ask: "Which several things had to be true at once? List contributors, not a cause.",
    },
    Rule {
        phrase: "caused by",
        kind: LintKind::Mechanistic,
        ask: "Which several things had to be true at once? List contributors, not a cause.",
    },
    Rule {
        phrase: "human factor",
        kind: LintKind::Mechanistic,
        ask: "Which conditions of the work made this action likely, and how do people usually cope?",
    },
    // Hindsight.
    Rule {
        phrase: "obviously",
        kind: LintKind::Hindsight,
        ask: "Was it obvious then? What cues were there, and what else competed with them?",
    },
    Rule {
        phrase: "clearly",
        kind: LintKind::Hindsight,
        ask: "How could people tell at the time? What made it hard to see?",
    },
    Rule {
        phrase: "simply",
        kind: LintKind::Hindsight,
        ask: "What made the simple-looking step hard or costly in the moment?",
    },
    Rule {
        phrase: "just",
        kind: LintKind::Hindsight,
        ask: "What did it take, in that moment, to do this? Drop \"just\" and describe the effort.",
    },
    Rule {
        phrase: "merely",
        kind: LintKind::Hindsight,
        ask: "What did it take, in that moment, to do this?",
    },
];

/// A flagged phrase in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct LintFinding {
    /// The class.
    pub kind: LintKind,
    /// The phrase as it appears in the text.
    pub found: String,
    /// The phrase from the rule (lowercase), used to match acknowledgements.
    pub phrase: &'static str,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte range in the text.
    pub range: std::ops::Range<usize>,
    /// The second-story question to ask instead.
    pub ask: &'static str,
    /// Inside a quote or code: people's own words, exempt but counted.
    pub exempt: bool,
}

impl LintFinding {
    /// The advice printed after the phrase: explanation and question.
    pub fn advice(&self) -> String {
        format!("{} Ask instead: {}", self.kind.explanation(), self.ask)
    }
}

/// Checks Markdown (or plain) text. Returns every hit, exempt ones marked as such, in
/// text order.
pub fn check(text: &str) -> Vec<LintFinding> {
    let mut out = Vec::new();
    let rules: Vec<(Vec<char>, &'static Rule)> = RULES
        .iter()
        .map(|r| (r.phrase.chars().collect(), r))
        .collect();
    let mut in_fence: Option<String> = None;
    let mut offset = 0;
    for (n, raw_line) in text.split('\n').enumerate() {
        let line_start = offset;
        offset += raw_line.len() + 1;
        let line = raw_line.trim_end_matches('\r');
        let trimmed = line.trim_start();
        // Fenced code blocks: exempt (logs, commands, pasted chat).
        if let Some(fence) = &in_fence {
            if trimmed.starts_with(fence.as_str()) {
                in_fence = None;
            }
            scan_line(line, line_start, n + 1, true, &rules, &mut out);
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = Some(trimmed[..3].to_owned());
            scan_line(line, line_start, n + 1, true, &rules, &mut out);
            continue;
        }
        // Block quotes and footnote definitions hold people's words.
        let whole_line_exempt = trimmed.starts_with('>') || is_footnote_definition(trimmed);
        scan_line(line, line_start, n + 1, whole_line_exempt, &rules, &mut out);
    }
    out
}

fn is_footnote_definition(line: &str) -> bool {
    line.starts_with("[^") && line.contains("]:")
}

/// Which chars of a line are inside quotation marks or inline code.
fn quoted_mask(chars: &[char]) -> Vec<bool> {
    let mut mask = vec![false; chars.len()];
    let mut curly = 0usize;
    let mut straight = false;
    let mut code = false;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '`' => {
                code = !code;
                mask[i] = true;
                continue;
            }
            '“' | '«' | '„' if !code => {
                curly += 1;
                mask[i] = true;
                continue;
            }
            '”' | '»' if !code => {
                mask[i] = true;
                curly = curly.saturating_sub(1);
                continue;
            }
            '"' if !code => {
                straight = !straight;
                mask[i] = true;
                continue;
            }
            _ => {}
        }
        mask[i] = code || curly > 0 || straight;
    }
    mask
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Lowercases char by char, keeping one char per char so indices line up.
fn lower(c: char) -> char {
    match c {
        // Typographic apostrophes match the plain one in "should've".
        '’' | '‘' => '\'',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

fn scan_line(
    line: &str,
    line_start: usize,
    line_no: usize,
    exempt_line: bool,
    rules: &[(Vec<char>, &'static Rule)],
    out: &mut Vec<LintFinding>,
) {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let plain: Vec<char> = chars.iter().map(|(_, c)| *c).collect();
    let low: Vec<char> = plain.iter().map(|c| lower(*c)).collect();
    let mask = quoted_mask(&plain);
    let mut i = 0;
    while i < low.len() {
        if i > 0 && is_word(low[i - 1]) {
            i += 1;
            continue;
        }
        let mut matched = None;
        for (needle, rule) in rules {
            let end = i + needle.len();
            if end <= low.len()
                && low[i..end] == needle[..]
                && (end == low.len() || !is_word(low[end]))
                && matched.as_ref().is_none_or(|(len, _)| needle.len() > *len)
            {
                matched = Some((needle.len(), *rule));
            }
        }
        if let Some((len, rule)) = matched
            && !is_measure(rule, &low[i + len..])
        {
            let start_byte = chars[i].0;
            let end_byte = chars.get(i + len).map(|(b, _)| *b).unwrap_or(line.len());
            out.push(LintFinding {
                kind: rule.kind,
                found: line[start_byte..end_byte].to_owned(),
                phrase: rule.phrase,
                line: line_no,
                column: i + 1,
                range: line_start + start_byte..line_start + end_byte,
                ask: rule.ask,
                exempt: exempt_line || mask[i],
            });
            i += len;
        } else {
            i += 1;
        }
    }
}

/// "Just" as a measure of amount or time ("just over 2 s", "just before 9:15") is not
/// hindsight; only flag it when it minimises effort ("just restart it").
fn is_measure(rule: &Rule, rest: &[char]) -> bool {
    const MEASURES: [&str; 10] = [
        "over", "under", "past", "before", "after", "below", "above", "about", "as", "now",
    ];
    if rule.phrase != "just" {
        return false;
    }
    let next: String = rest
        .iter()
        .skip_while(|c| c.is_whitespace())
        .take_while(|c| is_word(**c))
        .collect();
    MEASURES.contains(&next.as_str())
}

/// Whether a finding in `section` is covered by an acknowledgement (same phrase, and
/// the same section or an acknowledgement for the whole write-up).
pub fn is_acknowledged(acks: &[LintAck], finding: &LintFinding, section: Option<Id>) -> bool {
    acks.iter().any(|a| {
        a.phrase.trim().eq_ignore_ascii_case(finding.phrase)
            && (a.section.is_none() || a.section == section)
    })
}

/// The marker that acknowledges a phrase in a plain Markdown file, for teams that run
/// the check on write-ups in their docs repositories:
/// `<!-- second-story-lint: ok "just" — we mean "only" here -->`.
pub const ACK_MARKER: &str = "second-story-lint: ok";

/// Acknowledgements written into a Markdown file as [`ACK_MARKER`] comments.
pub fn file_acks(text: &str) -> Vec<LintAck> {
    let mut acks = Vec::new();
    let mut rest = text;
    while let Some(pos) = rest.find(ACK_MARKER) {
        let after = &rest[pos + ACK_MARKER.len()..];
        let end = after.find("-->").unwrap_or(after.len());
        let body = after[..end].trim();
        if let Some(stripped) = body.strip_prefix('"')
            && let Some(close) = stripped.find('"')
        {
            acks.push(LintAck {
                phrase: stripped[..close].to_owned(),
                section: None,
                reason: stripped[close + 1..]
                    .trim_start_matches([' ', '—', '-', ':'])
                    .trim()
                    .to_owned(),
            });
        }
        rest = &after[end..];
    }
    acks
}

/// The result of checking a whole Markdown file.
#[derive(Clone, Debug, Default)]
pub struct FileReport {
    /// Findings outside quotes that nobody has acknowledged.
    pub open: Vec<LintFinding>,
    /// Findings acknowledged in the file.
    pub acknowledged: usize,
    /// Findings inside quotes (people's own words), counted but not flagged.
    pub exempt: usize,
}

/// Checks a Markdown file's text, honouring its [`ACK_MARKER`] comments.
pub fn check_file(text: &str) -> FileReport {
    let acks = file_acks(text);
    let mut report = FileReport::default();
    for f in check(text) {
        let in_marker = text[..f.range.start]
            .rfind("<!--")
            .is_some_and(|open| !text[open..f.range.start].contains("-->"));
        if f.exempt || in_marker {
            report.exempt += usize::from(!in_marker);
        } else if is_acknowledged(&acks, &f, None) {
            report.acknowledged += 1;
        } else {
            report.open.push(f);
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIRST_STORY: &str = "# Review\n\n\
The engineer should have checked the dashboard and failed to page.\n\
It was careless and the runbook was inadequate.\n\
The root cause was human error.\n\
Obviously they could have simply rolled back.\n";

    #[test]
    fn finds_each_class() {
        let f = check(FIRST_STORY);
        for kind in LintKind::ALL {
            assert!(f.iter().any(|x| x.kind == kind), "no {kind:?} in {f:?}");
        }
        let phrases: Vec<&str> = f.iter().map(|x| x.phrase).collect();
        for p in [
            "should have",
            "failed to",
            "careless",
            "inadequate",
            "root cause",
            "human error",
            "obviously",
            "could have",
            "simply",
        ] {
            assert!(phrases.contains(&p), "{p} missing from {phrases:?}");
        }
        let sh = f.iter().find(|x| x.phrase == "should have").expect("found");
        assert_eq!((sh.line, sh.column), (3, 14));
        assert_eq!(&FIRST_STORY[sh.range.clone()], "should have");
        assert!(f.iter().all(|x| !x.exempt));
    }

    #[test]
    fn clean_text_has_no_findings() {
        let clean = "# What happened\n\nP1 noticed a sawtooth on the pool graph. It did not \
look like the batch job, which ramps and stays flat. Adjusting the retry profile took a \
minute; the rollback everyone expected would have taken twenty.\n";
        // "would have" is counterfactual on purpose: check a truly clean one too.
        assert_eq!(check(clean).len(), 1);
        let clean = clean.replace("would have taken", "takes");
        assert!(check(&clean).is_empty(), "{:?}", check(&clean));
    }

    #[test]
    fn whole_words_only_and_case_insensitive() {
        assert!(check("adjusting justice, simplyfy, clearlyness").is_empty());
        let f = check("They shouldn’t have deployed; a lack of situational awareness.");
        let phrases: Vec<&str> = f.iter().map(|x| x.phrase).collect();
        assert_eq!(phrases, ["shouldn't have", "lack of situational awareness"]);
        assert!(check("just over 2 s, just before 9:15, just as the page went out").is_empty());
        assert_eq!(check("they just restarted it").len(), 1);
        let f = check("CLEARLY Just");
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].found, "CLEARLY");
        assert_eq!(f[1].column, 9);
    }

    #[test]
    fn quotes_are_exempt_but_counted() {
        let text = "P1 said “we should have paged” and \"it was obviously the batch job\".\n\
> I just knew it was the gateway.\n\
`just` in code\n\
[^s-1234abcd]: P1: “honestly, it was clearly fine”\n\
But this is simply wrong.\n";
        let f = check(text);
        let open: Vec<_> = f.iter().filter(|x| !x.exempt).collect();
        assert_eq!(open.len(), 1, "{open:?}");
        assert_eq!(open[0].phrase, "simply");
        assert_eq!(f.iter().filter(|x| x.exempt).count(), 5);
    }

    #[test]
    fn file_acknowledgements() {
        let text = "They just restarted it.\n\
<!-- second-story-lint: ok \"just\" — a quote from the chat log -->\n\
They failed to page.\n";
        let acks = file_acks(text);
        assert_eq!(acks.len(), 1);
        assert_eq!(acks[0].phrase, "just");
        assert_eq!(acks[0].reason, "a quote from the chat log");
        let r = check_file(text);
        assert_eq!(r.acknowledged, 1);
        assert_eq!(r.open.len(), 1);
        assert_eq!(r.open[0].phrase, "failed to");
    }
}
