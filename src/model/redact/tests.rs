//! Redaction tests: each finding of the privacy review (issue 14) and the rules
//! around them.

use super::*;
use crate::model::session::{Attribution, Participant};

fn session_with(names: &[(&str, &str)]) -> Session {
    let mut s = Session::default();
    for (real, pseudo) in names {
        let mut p = Participant::new(*pseudo);
        p.real_name = Some((*real).to_owned());
        s.participants.push(p);
    }
    s
}

fn redactor(names: &[(&str, &str)]) -> Redactor {
    Redactor::new(&session_with(names))
}

#[test]
fn full_and_partial_names_become_pseudonyms() {
    let r = redactor(&[("Ana Lima", "P1"), ("Ben Okafor", "P2")]);
    assert_eq!(
        r.redact("Ana Lima paged ben, then ANA asked Okafor."),
        "P1 paged P2, then P1 asked P2."
    );
    assert_eq!(r.redact("Okafor, Ben"), "P2", "one name, one pseudonym");
}

#[test]
fn names_inside_other_words_are_not_mangled() {
    let r = redactor(&[("Ana Lima", "P1"), ("Al Stone", "P2"), ("Dana Wu", "P4")]);
    assert_eq!(
        r.redact("Banana analysis: the limail alert, Stonehenge, Danae, Wuhan"),
        "Banana analysis: the limail alert, Stonehenge, Danae, Wuhan"
    );
    assert_eq!(
        r.redact("Al's pager (Dana) \"Wu\""),
        "P2's pager (P4) \"[P4]\""
    );
}

#[test]
fn turkish_dotted_and_dotless_i_fold_properly() {
    let r = redactor(&[("İlker Yılmaz", "P1")]);
    assert_eq!(r.redact("İlker Yılmaz paged us"), "P1 paged us");
    assert_eq!(
        r.redact("İlker asked YILMAZ and ilker"),
        "P1 asked P1 and P1"
    );
    assert_eq!(r.redact("Ilker's dashboard, yilmaz"), "P1's dashboard, P1");
}

#[test]
fn cjk_names_are_matched_inside_text() {
    let r = redactor(&[("田中 花子", "P2"), ("王伟", "P3"), ("김민수", "P4")]);
    assert_eq!(r.redact("田中さんが対応した"), "P2さんが対応した");
    assert_eq!(r.redact("王伟说没问题"), "P3说没问题");
    assert_eq!(r.redact("花子と田中花子"), "P2とP2");
    assert_eq!(r.redact("김민수가 롤백했다"), "P4가 롤백했다");
    // Latin names next to CJK text, without a space.
    let r = redactor(&[("Ravi Okafor", "P5")]);
    assert_eq!(r.redact("Ravi说没问题"), "P5说没问题");
}

#[test]
fn diacritics_apostrophes_and_normal_forms_do_not_hide_a_name() {
    let r = redactor(&[("Zoë O'Brien-Núñez", "P4")]);
    for text in [
        "Zoë O'Brien-Núñez",
        "Zoe",
        "zoë",
        "Zoe\u{308}",
        "O’Brien",
        "O'Brien",
        "OBrien",
        "Nunez",
        "NÚÑEZ",
        "Nu\u{303}n\u{303}ez",
        "Zoe O’Brien-Nunez",
        "zobrien",
    ] {
        assert_eq!(
            r.redact(&format!("asked {text} today")),
            "asked P4 today",
            "{text:?}"
        );
    }
    assert_eq!(r.redact("O’Brien's runbook"), "P4's runbook");
}

#[test]
fn handles_and_invisible_characters() {
    let r = redactor(&[("Ravi Okafor", "P4")]);
    for (text, want) in [
        ("ravi_okafor", "P4"),
        ("@rokafor", "@P4"),
        ("P4\\_okafor", "P4\\_P4"),
        ("Ravi2", "P4"),
        ("ravi2023:", "P4:"),
        ("RaviOkafor", "P4"),
        ("ravi.okafor@example.com", "P4@example.com"),
        ("Ra\u{200B}vi", "P4"),
        ("Oka\u{00AD}for", "P4"),
        ("Ra\u{202E}vi", "P4"),
        ("Ravi\u{200D}Okafor", "P4"),
        ("ＲＡＶＩ", "P4"),
    ] {
        assert_eq!(r.redact(text), want, "{text:?}");
    }
    // Other names: whole tokens only.
    let mut s = session_with(&[("Ravi Okafor", "P4")]);
    s.participants[0].other_names = vec!["@rok".into(), "okie@example.com".into()];
    let r = Redactor::new(&s);
    assert_eq!(
        r.redact("rok said, okie agreed; brokers"),
        "P4 said, P4 agreed; brokers"
    );
}

#[test]
fn an_initial_goes_with_the_name() {
    let r = redactor(&[("Jonas Berg", "P1 (junior SRE)")]);
    assert_eq!(r.redact("J. Berg paged"), "P1 (junior SRE) paged");
    assert_eq!(r.redact("then J Berg paged"), "then P1 (junior SRE) paged");
    assert_eq!(
        r.redact("j.berg and jberg"),
        "P1 (junior SRE) and P1 (junior SRE)"
    );
    // Not an initial: a title, or someone else's capital without a full stop.
    assert_eq!(r.redact("Dr. Berg"), "Dr. P1 (junior SRE)");
    assert_eq!(r.redact("A Berg"), "A P1 (junior SRE)");
}

#[test]
fn hyphenated_names_and_chat_handles_become_one_pseudonym() {
    let r = redactor(&[("Mei-Ling Chen", "P2 (incident commander)")]);
    assert_eq!(
        r.redact("mei-ling: rolling back now"),
        "P2 (incident commander): rolling back now"
    );
    assert_eq!(r.redact("Mei Ling Chen"), "P2 (incident commander)");
    assert_eq!(r.redact("meiling"), "P2 (incident commander)");
}

#[test]
fn ordinary_words_are_names_only_where_clearly_names() {
    let r = redactor(&[("Will Hart", "P5"), ("Mark Rose", "P6")]);
    let running = "We will roll back and mark the ticket; latency rose again.";
    assert_eq!(r.redact(running), running);
    assert_eq!(
        r.redact("Will, will you roll back?"),
        "Will, will you roll back?"
    );
    assert_eq!(r.redact("Then Will paged Mark."), "Then P5 paged P6.");
    assert_eq!(r.redact("Will Hart and mark rose"), "P5 and P6");
    assert_eq!(r.redact("Hart, Will"), "P5");
    assert_eq!(r.redact("Rose's runbook"), "P6's runbook");
    assert_eq!(
        r.redact("10:42 will: rolling back"),
        "10:42 P5: rolling back"
    );
    assert_eq!(r.redact("ping @mark"), "ping @P6");
    // Parts that are not ordinary words are names in any case.
    assert_eq!(r.redact("hart said"), "P5 said");
}

#[test]
fn replacements_inside_quotes_are_bracketed() {
    let r = redactor(&[("Jonas Berg", "P2")]);
    let quoted = Context {
        quoted: true,
        ..Context::default()
    };
    assert_eq!(
        r.redact_in("Jonas woke me for nothing", quoted),
        "[P2] woke me for nothing"
    );
    assert_eq!(
        r.redact("Jonas said “Berg woke me” and left"),
        "P2 said “[P2] woke me” and left"
    );
    assert_eq!(r.redact("> Jonas woke me\nJonas"), "> [P2] woke me\nP2");
    assert_eq!(r.redact("\"Jonas\" and Jonas"), "\"[P2]\" and P2");
    // In Markdown, the brackets and the pseudonym are escaped.
    let md = Context {
        markdown: true,
        quoted: true,
    };
    assert_eq!(r.redact_in("Jonas", md), "\\[P2\\]");
    let r = redactor(&[("Jonas Berg", "<b>P_2</b>")]);
    let md = Context {
        markdown: true,
        quoted: false,
    };
    assert_eq!(r.redact_in("Jonas", md), "\\<b\\>P\\_2\\</b\\>");
}

#[test]
fn anonymous_participants_are_a_participant_and_their_role_is_withheld() {
    let mut s = session_with(&[("Ravi Okafor", "P2 (senior SRE)"), ("Ana Lima", "P1")]);
    s.participants[0].consent.attribution = Attribution::Anonymous;
    s.participants[0].role = "release manager".into();
    s.participants[1].role = "SRE".into();
    let r = Redactor::new(&s);
    assert_eq!(
        r.redact("Ravi (P2) and the Release Manager met Ana; P2 (senior SRE) agreed. P23 not."),
        "a participant (a participant) and the [role withheld] met P1; a participant agreed. P23 not."
    );
    // With real names kept for the review team, an anonymous name still goes.
    let r = Redactor::for_people(&people(&s, true));
    assert_eq!(r.redact("Ravi met Ana"), "a participant met Ana");
}

#[test]
fn a_name_shared_by_two_people_is_withheld() {
    let r = redactor(&[("Ana Lima", "P1"), ("Ana Costa", "P2")]);
    assert_eq!(
        r.redact("Ana paged Ana Costa"),
        format!("{NAME_WITHHELD} paged P2")
    );
}

#[test]
fn the_ordinary_words_list_is_read() {
    assert!(ordinary_words().contains("will") && ordinary_words().len() > 100);
}
