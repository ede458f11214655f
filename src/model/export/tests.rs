//! Tests of the Markdown export: worker jobs, redaction, off-the-record material,
//! injection through user text, footnotes and the preview's parts.

use super::*;

#[test]
fn session_exports_are_named_for_the_worker_and_build_what_they_say() {
    let session = crate::model::file::from_str(crate::model::EXAMPLE_SESSION)
        .unwrap()
        .session;
    for job in [
        SessionExport::Markdown { redact: false },
        SessionExport::Markdown { redact: true },
        SessionExport::RedactedCopy,
    ] {
        assert_eq!(SessionExport::from_code(&job.code()), Some(job));
    }
    let calibration = SessionExport::Calibration {
        participant: session.participants[0].id,
    };
    assert_eq!(
        SessionExport::from_code(&calibration.code()),
        Some(calibration)
    );
    assert_eq!(SessionExport::from_code("calibration:nope"), None);
    assert_eq!(SessionExport::from_code("pdf"), None);
    let plain = SessionExport::Markdown { redact: false }
        .build(&session)
        .unwrap();
    assert_eq!(
        plain,
        to_markdown(&session, ExportOptions { redact: false })
    );
    let redacted = SessionExport::Markdown { redact: true }
        .build(&session)
        .unwrap();
    assert_ne!(plain, redacted);
    let copy = SessionExport::RedactedCopy.build(&session).unwrap();
    let back = crate::model::file::from_str(&copy).unwrap().session;
    assert_eq!(back, publish::shared_copy(&session));
}

#[test]
fn off_record_never_exported_and_names_redacted() {
    let mut s = Session::new("Review", SessionKind::NearMiss);
    let mut p = Participant::new("P1");
    p.real_name = Some("Ana Lima".into());
    p.consent.may_quote = true;
    let pid = p.id;
    s.participants.push(p);
    s.interviews.push(Interview {
        participant: pid,
        statements: vec![
            Statement {
                text: "I told Ana the dashboard lagged".into(),
                kind: StatementKind::Quote,
                ..Default::default()
            },
            Statement {
                text: "between us: the vendor".into(),
                off_record: true,
                ..Default::default()
            },
        ],
        ..Default::default()
    });
    // No write-up yet: the export is a draft from the session.
    let md = to_markdown(&s, ExportOptions { redact: true });
    // An edit inside someone's verbatim words is shown in brackets.
    assert!(md.contains("I told \\[P1\\] the dashboard lagged"), "{md}");
    assert!(!md.contains("Ana"));
    assert!(!md.contains("vendor"));
    let md = to_markdown(&s, ExportOptions { redact: false });
    assert!(md.contains("Ana"));
    assert!(!md.contains("vendor"));
}

/// A session whose every text field is hostile, with a hand-written write-up that
/// cites real, off-record and deleted statements.
fn hostile() -> Session {
    let nasty = "<script>alert(1)</script> [x](javascript:alert(1)) # h <b>b</b>\n# Heading\n<img src=x onerror=alert(1)>\n[ref]: http://evil";
    let mut s = Session::new(nasty, SessionKind::IncidentReview);
    s.purpose = nasty.into();
    s.facilitators = vec![nasty.into()];
    let mut p = Participant::new(nasty);
    p.real_name = Some("Dana Wu".into());
    p.consent.may_quote = true;
    p.role = nasty.into();
    let pid = p.id;
    s.participants.push(p);
    let mut i = Interview {
        participant: pid,
        title: nasty.into(),
        ..Default::default()
    };
    for kind in [StatementKind::Quote, StatementKind::Decision] {
        i.statements.push(Statement {
            kind,
            text: format!("Dana said {nasty}"),
            ..Default::default()
        });
    }
    i.statements.push(Statement {
        text: "secret words".into(),
        off_record: true,
        ..Default::default()
    });
    let ids: Vec<_> = i.statements.iter().map(|x| x.id).collect();
    s.interviews.push(i);
    s.findings.push(Finding {
        text: nasty.into(),
        evidence: ids.clone(),
        ..Default::default()
    });
    s.follow_ups.push(FollowUp {
        text: nasty.into(),
        ..Default::default()
    });
    s.timeline.push(TimelineEvent {
        description: nasty.into(),
        evidence: ids.clone(),
        ..Default::default()
    });
    let mut sections = draft_sections(&s);
    for sec in &mut sections {
        sec.id = super::super::Id::new();
    }
    sections[0].title = nasty.into();
    sections[0].body = format!(
        "Hand-written: Dana Wu was there.{} The off-record one.{}\nA deleted one.[^s-deadbeef]\n\n<div onclick=x>raw</div>\n\n[click](javascript:alert(1)) ![i](data:x) <javascript:alert(1)>\n\n# Big heading\n\n[ok](https://example.org)",
        narrative::footnote_ref(ids[0]),
        narrative::footnote_ref(ids[2]),
    );
    s.narrative.sections = sections;
    s.narrative.acknowledged.push(LintAck {
        phrase: "just\" --> <script>".into(),
        section: None,
        reason: "--> <b>x</b>".into(),
    });
    s
}

#[test]
fn user_text_cannot_inject_markup() {
    use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag};
    let s = hostile();
    for redact in [true, false] {
        let md = to_markdown(&s, ExportOptions { redact });
        let mut links = Vec::new();
        let mut h1 = 0;
        for ev in Parser::new_ext(&md, parser_options()) {
            match ev {
                Event::Html(h) | Event::InlineHtml(h) => {
                    assert!(
                        h.starts_with("<!-- second-story-lint: ok")
                            && h.matches("-->").count() == 1,
                        "html {h:?} in\n{md}"
                    );
                }
                Event::Start(Tag::Link {
                    dest_url,
                    link_type,
                    ..
                }) => {
                    assert_ne!(link_type, LinkType::Autolink, "{md}");
                    links.push(dest_url.to_string());
                }
                Event::Start(Tag::Image { .. }) => panic!("image in\n{md}"),
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                }) => h1 += 1,
                _ => {}
            }
        }
        // The only link is the facilitator's own https link.
        assert_eq!(links, vec!["https://example.org".to_owned()], "{md}");
        assert_eq!(h1, 1, "only the title is a top-level heading:\n{md}");
        assert!(!md.contains("secret words"));
    }
}

#[test]
fn footnotes_resolve_and_missing_evidence_is_listed() {
    let s = hostile();
    let md = to_markdown(&s, ExportOptions { redact: true });
    // Readable labels: the pseudonym's short form (none here: "P1" for the first
    // participant) and the time; the second statement at 00:00 gets "-2".
    assert!(md.contains("[^P1-0000]: "), "{md}");
    assert!(md.contains("[^P1-0000-2]: "), "{md}");
    assert!(!md.contains("[^s-"), "{md}");
    assert!(md.contains("## Claims whose evidence is missing"));
    assert!(md.contains("statement deleted"));
    // A citation of an off-the-record statement is left out, not listed: the claim
    // would otherwise be exported twice, and the list would count it.
    assert!(!md.contains("statement off the record"), "{md}");
    assert_eq!(md.matches("The off-record one.").count(), 1, "{md}");
    assert!(md.contains("[^missing-1]: Evidence missing"), "{md}");
    assert!(!md.contains("Dana"), "{md}");
    // Every footnote reference has a definition, so a renderer links them all.
    use pulldown_cmark::{Event, Parser, Tag};
    let mut refs = Vec::new();
    let mut defs = Vec::new();
    for ev in Parser::new_ext(&md, parser_options()) {
        match ev {
            Event::FootnoteReference(l) => refs.push(l.to_string()),
            Event::Start(Tag::FootnoteDefinition(l)) => defs.push(l.to_string()),
            _ => {}
        }
    }
    assert!(refs.len() >= 3, "{refs:?}");
    for r in refs {
        assert!(defs.contains(&r), "{r} has no definition");
    }
}

#[test]
fn preview_parts_keep_each_sections_footnotes_with_it() {
    let md = "# T\n\nbyline\n\n## One\n\nA claim.[^s-00000001]\n\n```\n## not a heading\n```\n\n## Two\n\nB.[^s-00000002] Again.[^s-00000001] Gone.[^s-0000dead]\n\n[^s-00000001]: first\n[^s-00000002]: second\n";
    let parts = preview_parts(md);
    assert_eq!(parts.len(), 3, "{parts:#?}");
    assert!(parts[0].starts_with("# T") && !parts[0].contains("[^"));
    assert!(parts[1].starts_with("## One"));
    assert!(parts[1].contains("## not a heading"), "a fenced line stays");
    assert!(parts[1].ends_with("[^s-00000001]: first\n"), "{}", parts[1]);
    assert!(!parts[1].contains("second"));
    assert!(
        parts[2].ends_with("[^s-00000002]: second\n[^s-00000001]: first\n"),
        "in the order cited: {}",
        parts[2]
    );
    assert!(
        !parts[2].contains("[^s-0000dead]:"),
        "no definition, none invented"
    );
    // Nothing is lost: every line of the export is in some part.
    for line in md.lines().filter(|l| !l.trim().is_empty()) {
        assert!(parts.iter().any(|p| p.contains(line)), "{line}");
    }
    assert!(preview_parts("").is_empty());

    // A very long section is cut at blank lines, never inside a code fence, and
    // each piece keeps the footnotes it cites.
    let para = format!("{}[^s-00000001]\n\n", "word ".repeat(200));
    let fenced = format!("```\n{}\n\n{}\n```\n\n", "code ".repeat(2000), "more");
    let md = format!(
        "## Long\n\n{}{fenced}{}[^s-00000001]: first\n",
        para.repeat(20),
        para.repeat(20)
    );
    let parts = preview_parts(&md);
    assert!(parts.len() > 3, "{}", parts.len());
    for p in &parts {
        assert!(p.len() < PREVIEW_PART_BYTES + 11_000, "{}", p.len());
        assert_eq!(p.matches("```").count() % 2, 0, "a fence is never cut");
        assert!(p.ends_with("[^s-00000001]: first\n"), "{p}");
    }
    assert!(parts[0].starts_with("## Long"));
}

#[test]
fn the_preview_cuts_a_huge_quote_but_the_export_keeps_it() {
    let mut s = crate::model::file::from_str(crate::model::EXAMPLE_SESSION)
        .unwrap()
        .session;
    let quote = "the pool was close to its limit ".repeat(40_000);
    let st = &mut s.interviews[0].statements[0];
    st.text = quote.clone();
    let label = crate::model::narrative::footnote_label(st.id);
    s.narrative.sections[0].body = format!("A claim.[^{label}]\n\n{quote}");
    let md = to_markdown(&s, ExportOptions { redact: false });
    assert!(
        md.len() > 2 * quote.len(),
        "the export has the quote in full"
    );
    let parts = preview_parts(&md);
    let longest = parts
        .iter()
        .flat_map(|p| p.lines())
        .map(str::len)
        .max()
        .unwrap();
    assert!(
        longest < PREVIEW_LINE_BYTES + 200,
        "a preview line of {longest} bytes"
    );
    assert!(
        parts
            .iter()
            .any(|p| p.contains("more characters in the exported file"))
    );
    assert_eq!(preview_line("short\n"), "short\n");
}
