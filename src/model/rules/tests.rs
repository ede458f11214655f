//! Engine tests on a small rules file of their own (the language check's rules are
//! tested in `model::lint`).

use super::*;

const FILE: &str = r#"(
    name: "Test",
    lists: {
        "person": ["engineer", "operator", "she", "they", "we", "team", "p#"],
        "measure": ["over", "before"],
        "if": ["if"],
    },
    kinds: [(id: "cf", explanation: "Counterfactual."), (id: "q", explanation: "Question.")],
    rules: [
        (id: "failed-to-notice", kind: "cf", patterns: ["failed to {notice|see}"], advice: "a", ask: "b"),
        (id: "failed-to", kind: "cf", patterns: ["fail{ed|s|} to"], when: [SubjectIn("person")], advice: "a", ask: "b"),
        (id: "just", kind: "cf", level: Suggestion, patterns: ["just"], when: [NextWordNotIn("measure")], advice: "a", ask: "b"),
        (id: "if-had", kind: "cf", patterns: ["had"], when: [WithinBefore("if", 6)], advice: "a", ask: "b"),
        (id: "had-start", kind: "cf", patterns: ["had"], when: [AtSentenceStart, NextWordIn("person")], advice: "a", ask: "b"),
        (id: "why-you", kind: "q", patterns: ["why did you"], when: [InQuestion], advice: "a", ask: "b"),
        (id: "stacked", kind: "q", patterns: ["?"], when: [QuestionsAtLeast(2)], advice: "a", ask: "b"),
    ],
)"#;

fn set() -> RuleSet {
    let file = parse_rule_file(FILE, "test").expect("parses");
    RuleSet::compile(&file).expect("compiles")
}

fn ids(set: &RuleSet, text: &str) -> Vec<String> {
    set.find(&Prose::of_text(text))
        .into_iter()
        .map(|h| set.rules[h.rule].id.clone())
        .collect()
}

#[test]
fn subject_decides_blame_from_system_behaviour() {
    let s = set();
    assert_eq!(ids(&s, "The engineer failed to page."), ["failed-to"]);
    assert!(ids(&s, "The database failed to start.").is_empty());
    assert_eq!(
        ids(&s, "The engineer on call quickly failed to page."),
        ["failed-to"]
    );
    assert_eq!(ids(&s, "P2 had not, again, failed to page."), ["failed-to"]);
    assert!(ids(&s, "The alert for the engineer failed to fire.").is_empty());
    assert_eq!(
        ids(&s, "Most of the engineers fail to page."),
        ["failed-to"]
    );
    assert!(ids(&s, "The engineer said so. It failed to start.").is_empty());
    // A longer rule without conditions wins over the shorter one.
    assert_eq!(ids(&s, "The job failed to notice."), ["failed-to-notice"]);
}

#[test]
fn neighbours_sentences_and_questions() {
    let s = set();
    assert_eq!(
        ids(&s, "just restart it, just over 2 s, just, before"),
        ["just", "just"]
    );
    assert_eq!(ids(&s, "If the reviewer had looked"), ["if-had"]);
    assert!(ids(&s, "The reviewer had looked").is_empty());
    assert_eq!(ids(&s, "Had they looked"), ["had-start"]);
    let hits = s.find(&Prose::of_text("Had they looked"));
    assert_eq!(
        hits[0].src,
        0..8,
        "the required next word is part of the hit"
    );
    assert!(ids(&s, "So had they looked").is_empty());
    assert_eq!(ids(&s, "Why did you restart it?"), ["why-you"]);
    assert!(ids(&s, "Why did you restart it. We know.").is_empty());
    assert_eq!(ids(&s, "What did you see? How?"), ["stacked", "stacked"]);
    assert!(ids(&s, "What did you see?").is_empty());
}

#[test]
fn hits_map_to_source_bytes_across_line_breaks() {
    let s = set();
    let text = "They FAILED\n  to page";
    let hits = s.find(&Prose::of_text(text));
    assert_eq!(hits.len(), 1);
    assert_eq!(&text[hits[0].src.clone()], "FAILED\n  to");
    assert!(ids(&s, "justice; failedto; fails, to").is_empty());
}

#[test]
fn overrides_add_disable_and_relevel() {
    let mut file = parse_rule_file(FILE, "test").expect("parses");
    let o: Overrides = parse_ron(
        r#"(disable: ["just", "nope"], levels: {"failed-to": Error}, lists: {"person": ["sre"]},
            rules: [(id: "extra", kind: "cf", patterns: ["blame"], advice: "a", ask: "b")])"#,
        "config",
    )
    .expect("parses");
    let warnings = file.apply(&o);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("nope"));
    let s = RuleSet::compile(&file).expect("compiles");
    assert_eq!(
        ids(&s, "just blame the SRE who failed to page"),
        ["extra", "failed-to"]
    );
    let r = s.rules.iter().find(|r| r.id == "failed-to").expect("rule");
    assert_eq!(r.level, Level::Error);
}

#[test]
fn broken_files_are_errors_in_words() {
    let err = parse_rule_file("(rules: [(id: 1)])", "x.ron").expect_err("bad");
    assert!(err.0.starts_with("x.ron: line 1"), "{err}");
    let bad = |rules: &str| {
        let f = parse_rule_file(
            &format!(r#"(kinds: [(id: "k")], lists: {{"l": ["a"]}}, rules: [{rules}])"#),
            "t",
        )
        .expect("parses");
        RuleSet::compile(&f).expect_err("invalid").0
    };
    assert!(bad(r#"(id: "a", kind: "nope", patterns: ["x"])"#).contains("kind"));
    assert!(bad(r#"(id: "a", kind: "k", patterns: [])"#).contains("no patterns"));
    assert!(bad(r#"(id: "a", kind: "k", patterns: ["x {y"])"#).contains("without"));
    assert!(
        bad(r#"(id: "a", kind: "k", patterns: ["x"], when: [SubjectIn("m")])"#).contains("list")
    );
    assert!(
        bad(r#"(id: "a", kind: "k", patterns: ["x"]), (id: "a", kind: "k", patterns: ["y"])"#)
            .contains("twice")
    );
}

#[test]
fn words_after_and_clause_starts() {
    let file = parse_rule_file(
        r#"(
    lists: {"open": ["anything", "else"], "lead": ["and", "so", "okay"], "ask": ["tell"]},
    kinds: [(id: "q")],
    rules: [
        (id: "yes-no", kind: "q", patterns: ["did you", "can you"],
         when: [AtClauseStart("lead"), NotWithinAfter("open", 3), NextWordNotIn("ask")]),
        (id: "anything", kind: "q", patterns: ["was there"], when: [WithinAfter("open", 2)]),
    ],
)"#,
        "test",
    )
    .expect("parses");
    let s = RuleSet::compile(&file).expect("compiles");
    assert_eq!(ids(&s, "Did you check the logs?"), ["yes-no"]);
    assert_eq!(ids(&s, "So, did you check the logs?"), ["yes-no"]);
    assert_eq!(ids(&s, "Okay so did you check?"), ["yes-no"]);
    assert_eq!(ids(&s, "When it fired, did you check?"), ["yes-no"]);
    assert!(
        ids(&s, "What did you check?").is_empty(),
        "not at the clause start"
    );
    assert!(ids(&s, "Did you see anything odd?").is_empty());
    assert_eq!(
        ids(&s, "Did you look at the graph for anything?"),
        ["yes-no"],
        "beyond the reach of three words"
    );
    assert_eq!(
        ids(&s, "Did you check. Anything?"),
        ["yes-no"],
        "same sentence only"
    );
    assert!(ids(&s, "Can you tell me more?").is_empty());
    assert_eq!(ids(&s, "Was there anything else?"), ["anything"]);
    assert!(
        ids(&s, "Was there an alert? Anything?").is_empty(),
        "same sentence only"
    );
}
