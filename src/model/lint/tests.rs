//! Tests of the language check with the built-in rules (the blame/clean corpus and
//! its numbers are in `tests/lint_corpus.rs`).

use super::*;

const FIRST_STORY: &str = "# Review\n\n\
The engineer should have checked the dashboard and failed to page.\n\
It was careless and the runbook was inadequate.\n\
The root cause was human error.\n\
Obviously they could have simply rolled back.\n\
They did not follow the procedure.\n";

fn phrases(text: &str) -> Vec<String> {
    check(text).iter().map(|f| f.phrase(text)).collect()
}

#[test]
fn the_builtin_rules_compile() {
    let file = builtin_file().expect("parses");
    RuleSet::compile(&file).expect("compiles");
    assert!(Linter::builtin().rules.rules.len() > 40);
}

#[test]
fn finds_each_kind() {
    let f = check(FIRST_STORY);
    for kind in [
        "counterfactual",
        "normative",
        "mechanistic",
        "hindsight",
        "violation",
        "deficit",
    ] {
        assert!(f.iter().any(|x| x.kind() == kind), "no {kind} in {f:?}");
    }
    let found = phrases(FIRST_STORY);
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
        "did not follow the procedure",
    ] {
        assert!(found.iter().any(|x| x == p), "{p} missing from {found:?}");
    }
    let sh = f
        .iter()
        .find(|x| x.rule.id == "should-have")
        .expect("found");
    assert_eq!(
        (sh.line, sh.column, sh.end_line, sh.end_column),
        (3, 14, 3, 24)
    );
    assert_eq!(sh.found(FIRST_STORY), "should have");
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
    let text = "They shouldn’t have deployed; a lack of situational awareness.";
    assert_eq!(
        phrases(text),
        ["shouldn't have", "lack of situational awareness"]
    );
    assert!(check("just over 2 s, just before 9:15, just as the page went out").is_empty());
    assert!(check("someone who had just come off a shift").is_empty());
    assert_eq!(check("they just restarted it").len(), 1);
    let f = check("CLEARLY Just");
    assert_eq!(f.len(), 2);
    assert_eq!(f[0].found("CLEARLY Just"), "CLEARLY");
    assert_eq!(f[1].column, 9);
}

#[test]
fn blame_of_people_not_of_systems() {
    assert!(check("The database failed to start.").is_empty());
    assert_eq!(
        phrases("The engineer failed to notice."),
        ["failed to notice"]
    );
    assert_eq!(
        phrases("The on-call engineer failed to page."),
        ["failed to"]
    );
    assert_eq!(phrases("P2 missed the page."), ["missed the page"]);
    assert_eq!(phrases("P2 missed it."), ["missed"]);
    assert_eq!(
        phrases("P2 read the graph and then failed to page."),
        ["failed to"]
    );
    assert!(check("P2 read the graph and the job failed to start.").is_empty());
    assert!(check("The cron job missed its window.").is_empty());
    assert!(check("The parser ignored the unknown field.").is_empty());
    assert!(check("The p99 latency violated the SLO.").is_empty());
    assert_eq!(phrases("She violated the freeze."), ["violated the freeze"]);
    assert!(check("The staging cluster lacked the network policy.").is_empty());
    assert_eq!(phrases("A lack of testing."), ["lack of testing"]);
    assert!(check("A lack of headroom.").is_empty());
}

#[test]
fn quotes_are_exempt_but_counted_and_code_is_not_prose() {
    let text = "P1 said “we should have paged” and \"it was obviously the batch job\".\n\n\
> I just knew it was the gateway.\n\n\
`just` in code, and `<!--` is code too.\n\n\
[^s-1234abcd]: P1: “honestly, it was clearly fine”\n\n\
But this is simply wrong.\n\n\
```\nthe root cause, in a log\n```\n";
    let f = check(text);
    let open: Vec<_> = f.iter().filter(|x| !x.exempt).collect();
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0].phrase(text), "simply");
    assert_eq!(f.iter().filter(|x| x.exempt).count(), 4, "{f:?}");
}

#[test]
fn a_code_span_cannot_hide_later_findings() {
    // Issue #15: `<!--` in a code span used to open a "comment" to the end of the file.
    let text = "Use `<!--` to start a comment.\n\nThe engineer should have checked.\n";
    let r = check_file(text);
    assert_eq!(r.open.len(), 1, "{:?}", r.open);
    assert_eq!(r.open[0].line, 3);
    // Nor can a stray quotation mark: it quotes nothing.
    let r = check_file("An “unclosed quote. The engineer should have checked.\n");
    assert_eq!(r.open.len(), 1);
    // A marker inside a code span acknowledges nothing.
    let r = check_file("`<!-- second-story-lint: ok \"should have\" -->`\n\nThey should have.\n");
    assert_eq!((r.open.len(), r.acknowledged), (1, 0));
}

#[test]
fn html_front_matter_and_link_targets_are_not_prose() {
    let text = "---\ntitle: Root cause analysis\n---\n\n<div>\nroot cause\n</div>\n\n\
See [the notes](https://example.com/root-cause-obviously).\n";
    assert!(check(text).is_empty(), "{:?}", check(text));
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
    assert_eq!(r.open[0].phrase(text), "failed to");
    // A rule id acknowledges every phrase of the rule.
    let text = "They failed to page.\n\n<!-- second-story-lint: ok \"failed-to\" -->\n";
    assert_eq!(check_file(text).acknowledged, 1);
}

#[test]
fn passages_switched_off_and_on() {
    let text = "Obviously one.\n\n<!-- second-story-lint off -->\n\nObviously two.\n\n\
Obviously three <!-- second-story-lint on --> and obviously four.\n";
    let r = check_file(text);
    let open: Vec<usize> = r.open.iter().map(|f| f.column).collect();
    assert_eq!(r.switched_off, 2);
    assert_eq!(r.open.len(), 2, "{open:?}");
    assert_eq!(r.open[1].line, 7);
    assert_eq!(check(text).len(), 2);
}

#[test]
fn positions_count_characters_on_long_lines() {
    let mut text = "é".repeat(100_000);
    text.push_str(" they should have\nand obviously");
    let f = check(&text);
    assert_eq!(f.len(), 2);
    assert_eq!(
        (f[0].line, f[0].column, f[0].end_column),
        (1, 100_007, 100_017)
    );
    assert_eq!((f[1].line, f[1].column), (2, 5));
}

#[test]
fn overrides_disable_relevel_and_add() {
    let config = r#"(
        disable: ["just"],
        levels: { "obviously": Suggestion },
        lists: { "person": ["sheriff"] },
        rules: [(id: "our-word", kind: "normative", patterns: ["blameworthy"], advice: "A.", ask: "B?")],
    )"#;
    let l = Linter::with_overrides(config, "proj/.second-story-lint.ron").expect("valid");
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    let text = "They just did. Obviously. The sheriff failed to page. Blameworthy.";
    let r = l.check_file(text);
    let ids: Vec<&str> = r.open.iter().map(|f| f.rule.id.as_str()).collect();
    assert_eq!(ids, ["obviously", "failed-to", "our-word"]);
    assert_eq!(r.open[0].level(), Level::Suggestion);
    assert!(r.fails());
    let only_suggestion = l.check_file("Obviously.");
    assert!(!only_suggestion.fails());
    let err = Linter::with_overrides("(disabel: [])", "x.ron").expect_err("typo");
    assert!(err.0.contains("x.ron: line 1"), "{err}");
    assert!(err.0.contains("disabel"), "{err}");
}

#[test]
fn the_bundled_example_write_up_is_clean() {
    let loaded =
        crate::model::file::from_bytes(crate::model::EXAMPLE_SESSION.as_bytes()).expect("loads");
    let s = &loaded.session;
    for sec in &s.narrative.sections {
        let open: Vec<String> = check(&sec.body)
            .into_iter()
            .filter(|f| {
                !f.exempt && !is_acknowledged(&s.narrative.acknowledged, f, &sec.body, Some(sec.id))
            })
            .map(|f| f.phrase(&sec.body))
            .collect();
        assert!(open.is_empty(), "{}: {open:?}", sec.title);
    }
}
