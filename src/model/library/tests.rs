//! Tests of the library model: known counts (patterns per review and per
//! participant, the follow-up split, milestone statistics), copies of one session,
//! broken files, search, the cache and the report.

use super::search::{Found, Query, search};
use super::*;
use crate::model::Id;
use crate::model::session::*;
use chrono::{NaiveDate, TimeZone, Utc};

/// Builds small sessions with exactly what a test needs.
struct Review {
    s: Session,
}

impl Review {
    fn new(title: &str, kind: SessionKind) -> Self {
        let mut s = Session::new(title, kind);
        s.created = Utc
            .with_ymd_and_hms(2026, 1, 1, 9, 0, 0)
            .single()
            .unwrap_or_default();
        s.updated = s.created;
        Self { s }
    }

    /// A participant with one interview; returns the interview's position.
    fn participant(&mut self, pseudonym: &str, real: &str, anonymous: bool) -> usize {
        let mut p = Participant::new(pseudonym);
        p.real_name = Some(real.to_owned());
        if anonymous {
            p.consent.attribution = Attribution::Anonymous;
        }
        p.consent.may_quote = true;
        self.s.interviews.push(Interview {
            participant: p.id,
            title: format!("Interview with {pseudonym}"),
            ..Interview::default()
        });
        self.s.participants.push(p);
        self.s.interviews.len() - 1
    }

    /// A statement in interview `i`; returns its id.
    fn say(&mut self, i: usize, text: &str, speaker: Speaker, off_record: bool) -> Id {
        let st = Statement {
            text: text.to_owned(),
            speaker,
            off_record,
            kind: StatementKind::Observation,
            ..Statement::default()
        };
        let id = st.id;
        if let Some(iv) = self.s.interviews.get_mut(i) {
            iv.statements.push(st);
        }
        id
    }

    /// The code named `name` (made on first use).
    fn code(&mut self, name: &str, vocabulary: Option<&str>, parent: Option<Id>) -> Id {
        if let Some(c) = self.s.codes.iter().find(|c| c.name == name) {
            return c.id;
        }
        let c = Code {
            name: name.to_owned(),
            vocabulary: vocabulary.map(str::to_owned),
            parent,
            ..Code::default()
        };
        let id = c.id;
        self.s.codes.push(c);
        id
    }

    fn tag(&mut self, code: Id, statement: Id) -> Id {
        let t = TagApplication {
            code,
            statement,
            ..TagApplication::default()
        };
        let id = t.id;
        self.s.tags.push(t);
        id
    }

    fn follow_up(&mut self, class: FollowUpClass, soak: Option<NaiveDate>, done: bool) {
        self.s.follow_ups.push(FollowUp {
            text: "Practise failover on Tuesdays".into(),
            class,
            soak_until: soak,
            done,
            ..FollowUp::default()
        });
    }

    /// Milestones: (milestone, minutes after the first signal at 10:00 on `day`).
    fn milestones(&mut self, day: u32, marks: &[(Milestone, i64)]) {
        let t0 = Utc
            .with_ymd_and_hms(2026, 3, day, 10, 0, 0)
            .single()
            .unwrap_or_default();
        for (m, minutes) in marks {
            self.s.timeline.push(TimelineEvent {
                time: EventTime::Exact(t0 + chrono::Duration::minutes(*minutes)),
                description: format!("{} happened", m.label()),
                milestones: vec![*m],
                ..TimelineEvent::default()
            });
        }
    }

    fn file(&self, path: &str) -> LibraryFile {
        let text = crate::model::file::to_ron_string(&self.s).unwrap_or_default();
        read_file(path, Stamp::default(), text.as_bytes())
    }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, d).unwrap_or_default()
}

/// Three reviews with counts known by construction.
fn known_library() -> Library {
    // A: P1 mentions saturation fifty times, P2 once; a facilitator's note is the
    // only "lag"; an own code "workaround" (a child of "adaptations") from P1.
    let mut a = Review::new("Queue backlog", SessionKind::IncidentReview);
    let p1 = a.participant("P1", "Ana Lima", false);
    let p2 = a.participant("P2", "Bo Chen", false);
    let sat = a.code("saturation", Some("Messy 9"), None);
    for n in 0..50 {
        let st = a.say(
            p1,
            &format!("the queue was full again ({n})"),
            Speaker::Interviewee,
            false,
        );
        a.tag(sat, st);
    }
    let st = a.say(p2, "we were at the limit", Speaker::Interviewee, false);
    a.tag(sat, st);
    let lag = a.code("lag", Some("Messy 9"), None);
    let note = a.say(
        p1,
        "dashboards lagged by minutes",
        Speaker::Facilitator,
        false,
    );
    a.tag(lag, note);
    let parent = a.code("adaptations", None, None);
    let own = a.code("workaround", None, Some(parent));
    let st = a.say(
        p1,
        "I drained the queue by hand",
        Speaker::Interviewee,
        false,
    );
    let wt = a.tag(own, st);
    a.s.themes.push(Theme {
        name: "Running hot".into(),
        excerpts: vec![wt],
        ..Theme::default()
    });
    a.follow_up(FollowUpClass::ResponseRecovery, Some(day(1)), false); // due
    a.follow_up(FollowUpClass::ResponseRecovery, None, true); // done
    a.follow_up(FollowUpClass::Prevention, Some(day(30)), false); // soaking
    a.milestones(2, &[(Milestone::FirstSignal, 0), (Milestone::Detected, 4)]);

    // B: P1 (another person) mentions saturation once; "Saturation " matches.
    let mut b = Review::new("Cache stampede", SessionKind::IncidentReview);
    let q1 = b.participant("P1", "Cy Diaz", false);
    let sat = b.code("Saturation ", Some("Messy 9"), None);
    let st = b.say(q1, "every node was busy", Speaker::Interviewee, false);
    b.tag(sat, st);
    b.s.themes.push(Theme {
        name: "running hot".into(),
        excerpts: b.s.tags.iter().map(|t| t.id).collect(),
        ..Theme::default()
    });
    b.follow_up(FollowUpClass::Prevention, None, false); // undated
    b.follow_up(FollowUpClass::Prevention, None, true); // done
    b.milestones(
        9,
        &[
            (Milestone::FirstSignal, 0),
            (Milestone::Detected, 10),
            (Milestone::Declared, 20),
        ],
    );

    // C: an incident with no milestone at all, and a near miss with none (not in
    // the first-half-hour picture).
    let mut c = Review::new("Certificate expiry", SessionKind::IncidentReview);
    let r1 = c.participant("P1", "Dee Eng", true);
    let w = c.code("workaround", None, None);
    let st = c.say(
        r1,
        "I renamed the old cert so it kept working",
        Speaker::Interviewee,
        false,
    );
    c.tag(w, st);
    c.say(
        r1,
        "the vendor portal password is on a sticky note",
        Speaker::Interviewee,
        true,
    );
    let mut d = Review::new("Deploy freeze week", SessionKind::NormalWork);
    d.participant("P1", "Eli Fox", false);
    let mut e = Review::new("Near miss with DNS", SessionKind::NearMiss);
    e.participant("P1", "Fay Gil", false);
    e.milestones(20, &[(Milestone::FirstSignal, 0), (Milestone::Detected, 6)]);

    let mut lib = Library::default();
    lib.put_all([
        a.file("2026/queue.story.ron"),
        b.file("2026/deep/nested/cache.story.ron"),
        c.file("cert.story.ron"),
        d.file("normal.story.ron"),
        e.file("dns.story.ron"),
    ]);
    lib
}

fn entries(lib: &Library) -> Vec<&ReviewEntry> {
    lib.reviews().iter().map(|s| s.entry.as_ref()).collect()
}

#[test]
fn codes_count_in_reviews_and_distinct_participants_not_mentions() {
    let lib = known_library();
    let list = entries(&lib);
    assert_eq!(list.len(), 5);
    let codes = patterns::codes(&list);
    let find = |k: &str| {
        codes
            .iter()
            .find(|p| p.key == k)
            .cloned()
            .unwrap_or_default()
    };
    let sat = find("saturation");
    // Fifty-one mentions in A (two people) and one in B: two reviews, three people.
    assert_eq!((sat.reviews, sat.participants, sat.mentions), (2, 3, 52));
    assert_eq!(sat.vocabulary.as_deref(), Some("Messy 9"));
    let lag = find("lag");
    assert_eq!(
        (lag.reviews, lag.participants, lag.facilitator_only),
        (1, 0, 1)
    );
    let w = find("workaround");
    assert_eq!((w.reviews, w.participants, w.mentions), (2, 2, 2));
    // Ranked by reviews, then participants — never by mentions.
    assert_eq!(codes.first().map(|p| p.key.as_str()), Some("saturation"));
    assert_eq!(codes.get(1).map(|p| p.key.as_str()), Some("workaround"));
    // A parent code nobody tagged directly is not a pattern of its own.
    assert!(codes.iter().all(|p| p.key != "adaptations"));
    let themes = patterns::themes(&list);
    assert_eq!(themes.len(), 1);
    assert_eq!(
        (
            themes[0].reviews,
            themes[0].participants,
            themes[0].mentions
        ),
        (2, 2, 2)
    );
}

#[test]
fn excerpts_are_attributed_by_review_and_pseudonym_only() {
    let lib = known_library();
    let list = entries(&lib);
    let w = patterns::excerpts(&list, "workaround");
    assert_eq!(w.len(), 2);
    let voices: Vec<&str> = w.iter().map(|x| x.voice).collect();
    assert!(voices.contains(&"P1"), "{voices:?}");
    // The participant of "Certificate expiry" is anonymous.
    assert!(voices.contains(&entry::ANONYMOUS), "{voices:?}");
    let sat = patterns::excerpts(&list, "saturation");
    assert_eq!(sat.len(), 52);
    assert!(
        sat.iter()
            .all(|x| !x.text.contains("Ana") && !x.voice.contains("Lima"))
    );
}

#[test]
fn follow_ups_split_by_class_and_status() {
    let lib = known_library();
    let split = follow_ups::split(&entries(&lib), day(15));
    assert_eq!(
        split.response,
        follow_ups::Counts {
            done: 1,
            soaking: 0,
            due: 1,
            undated: 0
        }
    );
    assert_eq!(
        split.prevention,
        follow_ups::Counts {
            done: 1,
            soaking: 1,
            due: 0,
            undated: 1
        }
    );
    assert_eq!(split.response_share(), Some(0.4));
    assert_eq!(follow_ups::due(&entries(&lib), day(15)).len(), 1);
    let chart = follow_ups::chart(&entries(&lib));
    let total: f64 = chart.series.iter().flat_map(|s| &s.values).sum();
    assert_eq!(total, 5.0);
}

#[test]
fn milestone_statistics_over_incidents() {
    let lib = known_library();
    let list = entries(&lib);
    let stats = response::stats(&list);
    let detected = stats
        .iter()
        .find(|s| s.milestone == Some(Milestone::Detected))
        .cloned()
        .unwrap_or_default();
    // 4, 6 and 10 minutes (A, the near miss, B): median 6, quartiles 5 and 8.
    assert_eq!(detected.n, 3);
    assert_eq!(detected.median, Some(360.0));
    assert_eq!(detected.p25, Some(300.0));
    assert_eq!(detected.p75, Some(480.0));
    assert_eq!((detected.min, detected.max), (Some(240), Some(600)));
    // The incident without milestones lacks it; the normal-work study is not counted.
    let lacking: Vec<&str> = detected
        .lacking
        .iter()
        .map(|&i| list[i].title.as_str())
        .collect();
    assert_eq!(lacking, vec!["Certificate expiry"]);
    let declared = stats
        .iter()
        .find(|s| s.milestone == Some(Milestone::Declared))
        .cloned()
        .unwrap_or_default();
    assert_eq!((declared.n, declared.median), (1, Some(1200.0)));
    assert_eq!(declared.lacking.len(), 3);
    assert_eq!(response::without_first_signal(&list).len(), 1);
    // Over time: the three reviews are in one quarter, whose median is 6 minutes.
    let chart = response::chart(&list, &[Milestone::Detected]);
    assert_eq!(
        chart.series[0].points,
        vec![(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(), 6.0)]
    );
}

#[test]
fn copies_of_one_session_are_shown_once_with_a_note() {
    let mut r = Review::new("Copied review", SessionKind::NearMiss);
    r.participant("P1", "Gus Hall", false);
    let older = r.file("a/copy.story.ron");
    r.s.updated += chrono::Duration::days(1);
    r.s.title = "Copied review, edited".into();
    let newer = r.file("b/copy.story.ron");
    let mut lib = Library::default();
    lib.put_all([older, newer]);
    assert_eq!(lib.reviews().len(), 1);
    let shown = &lib.reviews()[0];
    assert_eq!(shown.path, "b/copy.story.ron");
    assert_eq!(shown.entry.title, "Copied review, edited");
    assert_eq!(shown.copies, vec!["a/copy.story.ron".to_owned()]);
    // The newer copy goes: the older one is shown again, alone.
    lib.remove(&["b/copy.story.ron".to_owned()]);
    assert_eq!(lib.reviews()[0].path, "a/copy.story.ron");
    assert!(lib.reviews()[0].copies.is_empty());
}

#[test]
fn broken_files_are_listed_and_skipped_quoting_nothing_publicly() {
    let mut lib = known_library();
    let good = Review::new("Fine", SessionKind::NearMiss).file("fine.story.ron");
    let text = crate::model::file::to_ron_string(&Review::new("x", SessionKind::NearMiss).s)
        .unwrap_or_default()
        .replace("title: \"x\"", "title: Ana Lima secret");
    lib.put_all([
        good,
        read_file("bad/syntax.story.ron", Stamp::default(), text.as_bytes()),
        read_file("empty.story.ron", Stamp::default(), b""),
    ]);
    assert_eq!(lib.reviews().len(), 6);
    let broken: Vec<(&str, &Broken)> = lib.broken().collect();
    assert_eq!(broken.len(), 2);
    let syntax = broken
        .iter()
        .find(|(p, _)| *p == "bad/syntax.story.ron")
        .map(|(_, b)| *b)
        .cloned()
        .unwrap_or_else(|| Broken::unreadable(String::new()));
    assert!(syntax.public.contains("line"), "{syntax:?}");
    assert!(!syntax.public.contains("Ana"), "{syntax:?}");
    let md = report::report(&lib, "reviews", day(15));
    assert!(md.contains("## Files that could not be read"), "{md}");
    assert!(md.contains("`bad/syntax.story.ron`"), "{md}");
    assert!(!md.contains("Ana Lima") && !md.contains("secret"), "{md}");
}

#[test]
fn search_finds_words_with_the_single_review_filters() {
    let lib = known_library();
    let list = entries(&lib);
    let q = |text: &str| Query {
        text: text.into(),
        ..Query::default()
    };
    let r = search(&list, &q("QUEUE full"), 10);
    assert_eq!(r.total, 50);
    assert_eq!(r.hits.len(), 10);
    // Off-the-record words are not in the index at all.
    assert_eq!(search(&list, &q("sticky note"), 10).total, 0);
    // Timeline events and their kinds.
    let mut events = q("happened");
    events.kinds = vec![Found::Event];
    assert_eq!(search(&list, &events, 100).total, 7);
    events.kinds = vec![Found::Statement];
    assert_eq!(search(&list, &events, 100).total, 0);
    // Whose words: P2 exists only in "Queue backlog".
    let mut p2 = q("");
    p2.participant = "p2".into();
    assert_eq!(search(&list, &p2, 100).total, 1);
    // A parent code finds what its sub-codes tag.
    let mut code = q("");
    code.code = "Adaptations".into();
    let hits = search(&list, &code, 100);
    assert_eq!(hits.total, 1);
    let hit = hits.hits[0];
    assert_eq!(
        list[hit.review].search.item_text(hit.item),
        "I drained the queue by hand"
    );
    assert!(search::context(list[hit.review], hit.item).contains("P1"));
}

#[test]
fn the_cache_round_trips_and_holds_no_path_or_real_name() {
    let lib = known_library();
    let bytes = cache::encode(lib.files()).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    for needle in ["Ana Lima", "Dee Eng", "queue.story.ron", "sticky note"] {
        assert!(!text.contains(needle), "the cache holds {needle}");
    }
    let back = cache::decode(&bytes);
    assert_eq!(back.len(), 5);
    let (stamp, entry) = back
        .get(&cache::path_hash("2026/queue.story.ron"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(stamp, Stamp::default());
    let entry = cache::prepared(entry);
    assert_eq!(entry.title, "Queue backlog");
    let q = Query {
        text: "drained".into(),
        ..Query::default()
    };
    assert_eq!(search(&[&entry], &q, 5).total, 1);
    assert!(cache::decode(b"not a cache").is_empty());
    // One file through the compact form the browser's worker uses.
    let files: Vec<&LibraryFile> = lib.files().collect();
    let one = cache::encode_file(files[0]).unwrap_or_default();
    assert_eq!(cache::decode_file(&one).ok().as_ref(), Some(files[0]));
}

#[test]
fn the_report_has_every_part() {
    let lib = known_library();
    let md = report::report(&lib, "team reviews", day(15));
    for part in [
        "# Learning across reviews: team reviews",
        "## Reviews",
        "| 2026-03-02 | Queue backlog | Incident review | 2 | 53 | 0 | 3 |",
        "## Patterns across reviews",
        "| Saturation | Messy 9 | 2 | 3 | 52 |",
        "5 reviews (3 incident reviews, 1 near miss, 1 normal work study), 55 statements on record.",
        "## Follow-ups",
        "| Response/recovery | 1 | 1 | 0 | 0 | 2 |",
        "## The first half hour",
        "| Detected | 3 | 6 min | 5 min – 8 min | 4 min – 10 min | 1 |",
    ] {
        assert!(md.contains(part), "missing {part:?} in\n{md}");
    }
    for secret in ["Ana Lima", "Bo Chen", "Dee Eng", "sticky note"] {
        assert!(!md.contains(secret), "{secret} in\n{md}");
    }
}

#[test]
fn filters_and_sorting_select_reviews() {
    let lib = known_library();
    let shown = lib.reviews();
    let f = filter::ReviewFilter {
        kinds: vec![SessionKind::IncidentReview],
        code: "SATURATION".into(),
        ..filter::ReviewFilter::default()
    };
    let rows = filter::select(shown, &f, filter::SortBy::Date, true);
    let titles: Vec<&str> = rows
        .iter()
        .map(|&i| shown[i].entry.title.as_str())
        .collect();
    assert_eq!(titles, vec!["Cache stampede", "Queue backlog"]);
    let all = filter::select(
        shown,
        &filter::ReviewFilter::default(),
        filter::SortBy::Statements,
        true,
    );
    assert_eq!(shown[all[0]].entry.title, "Queue backlog");
}

#[test]
fn charts_are_written_as_escaped_svg() {
    let chart = svg::BarChart {
        title: "<script>alert(1)</script>".into(),
        y_label: "n".into(),
        categories: vec!["a & b".into()],
        series: vec![svg::Series {
            name: "reviews".into(),
            values: vec![3.0],
        }],
        stacked: false,
    };
    let out = svg::bar_svg(&chart);
    assert!(out.starts_with("<svg") && out.trim_end().ends_with("</svg>"));
    assert!(!out.contains("<script>") && out.contains("a &amp; b"));
    let points = response::chart(&entries(&known_library()), &Milestone::ALL[1..]);
    let out = svg::point_svg(&points);
    // One point per milestone and quarter: Detected and Declared, both in 2026 Q1.
    assert_eq!(out.matches("<circle").count(), 2);
}

/// Reading a file for the library gates the session it just parsed without copying
/// it first (`publishable_owned`, `index_owned`): the view and the entry must be
/// exactly those of the borrowed gate, on generated sessions with people off the
/// record, anonymous and not to be quoted, and with untouched drafted sections.
#[test]
fn the_owned_gate_gives_the_same_view_and_entry_as_the_borrowed_one() {
    use crate::model::publish::{Audience, publishable, publishable_owned};
    use crate::synth::{Scale, generate};
    let small = Scale {
        name: "small",
        interviews: 3,
        statements_per_interview: 30,
        timeline_events: 12,
        decision_points: 5,
        maps: 1,
        nodes_per_map: 8,
        codes: 10,
        tags: 40,
        themes: 3,
        findings: 5,
        follow_ups: 3,
        narrative_words: 400,
        sections: 8,
    };
    let mut untouched_drafts = 0;
    for seed in 0..6 {
        let mut s = generate(&small, seed);
        // Some statements off the record, an anonymous and an unquotable participant.
        for (n, st) in s
            .interviews
            .iter_mut()
            .flat_map(|i| &mut i.statements)
            .enumerate()
        {
            st.off_record |= n % 7 == 3;
        }
        if let Some(p) = s.participants.first_mut() {
            p.consent.attribution = Attribution::Anonymous;
        }
        if let Some(p) = s.participants.get_mut(1) {
            p.consent.may_quote = false;
        }
        // Standard sections left as drafted (the gate drafts them again).
        let before = s.clone();
        for sec in s.narrative.sections.iter_mut().step_by(2) {
            if crate::model::narrative::standard(&sec.kind).is_some() {
                sec.body = crate::model::narrative::draft_body(&before, &sec.kind);
                sec.generated_hash = Some(crate::model::narrative::body_hash(&sec.body));
                untouched_drafts += 1;
            }
        }
        assert_eq!(
            publishable(&s, Audience::Everyone),
            publishable_owned(s.clone(), Audience::Everyone),
            "seed {seed}"
        );
        let entry = index_session(&s);
        assert_eq!(entry, entry::index_owned(s.clone()), "seed {seed}");
        // And as the library reads it from the file.
        let bytes = crate::model::file::to_ron_string(&s).expect("serializes");
        let read = read_file("a.story.ron", Stamp::default(), bytes.as_bytes());
        let loaded = crate::model::file::from_str(&bytes).expect("reads").session;
        assert_eq!(
            read.state,
            FileState::Indexed(Arc::new(index_session(&loaded))),
            "seed {seed}"
        );
    }
    assert!(untouched_drafts > 0, "the drafted sections were exercised");
}

#[test]
fn counts_agree_with_their_numbers() {
    assert_eq!(super::count(1, "review", "reviews"), "1 review");
    assert_eq!(super::count(0, "review", "reviews"), "0 reviews");
    assert_eq!(super::count(2, "review", "reviews"), "2 reviews");
}

#[test]
fn a_point_chart_without_points_is_empty() {
    use super::svg::{PointChart, PointSeries};
    let mut c = PointChart {
        title: "t".into(),
        y_label: "minutes".into(),
        series: vec![PointSeries {
            name: "Declared".into(),
            points: Vec::new(),
        }],
    };
    assert!(c.is_empty());
    assert!(PointChart::default().is_empty());
    c.series[0].points.push((day(1), 3.0));
    assert!(!c.is_empty());
}

#[test]
fn the_participant_filter_finds_any_part_of_a_pseudonym_in_any_case() {
    let mut a = Review::new("Queue backlog", SessionKind::IncidentReview);
    let sre = a.participant("P1 (on-call SRE)", "Ana Lima", false);
    a.say(sre, "the queue grew", Speaker::Interviewee, false);
    let other = a.participant("Q2 (support)", "Bo Ek", false);
    a.say(other, "customers wrote in", Speaker::Interviewee, false);
    let hidden = a.participant("R3", "Cy Do", true);
    a.say(hidden, "I paged the team", Speaker::Interviewee, false);
    let mut lib = Library::default();
    lib.put_all([a.file("queue.story.ron")]);
    let list = entries(&lib);
    let whose = |p: &str| {
        let q = Query {
            participant: p.into(),
            ..Query::default()
        };
        search(&list, &q, 100).total
    };
    assert_eq!(whose("P1 (on-call SRE)"), 1, "the whole pseudonym");
    assert_eq!(whose("P1"), 1, "its beginning");
    assert_eq!(whose("p1"), 1, "any case");
    assert_eq!(whose(" on-call "), 1, "any part");
    assert_eq!(whose("sre"), 1);
    assert_eq!(whose("P9"), 0);
    // The anonymous participant only by the whole label, never by a few letters.
    assert_eq!(whose("a participant"), 1);
    assert_eq!(whose("part"), 0);
}
