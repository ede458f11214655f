//! The Library workspace, driven like a person would: open a folder of reviews,
//! see the table (and the file that could not be read), filter it, open a review
//! from it, and come back to the library as it was left. Also: response milestones
//! set on a timeline event show the first half hour above the timeline.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use second_story::SecondStoryApp;
use second_story::io::Autosave;
use second_story::model::*;
use second_story::ui::{Action, Workspace};

fn harness(app: SecondStoryApp) -> Harness<'static, SecondStoryApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut SecondStoryApp| app.ui_root(ui), app)
}

fn review(title: &str, kind: SessionKind) -> String {
    let mut s = Session::new(title, kind);
    let mut p = Participant::new("P1");
    p.real_name = Some("Ana Lima".into());
    // Quotable: the library reads the publishable view, where an unquotable person's
    // words are a placeholder until a paraphrase is written.
    p.consent.may_quote = true;
    let mut i = Interview {
        participant: p.id,
        title: "First sweep".into(),
        ..Interview::default()
    };
    i.statements.push(Statement {
        text: "Ana Lima saw the queue grow".into(),
        ..Statement::default()
    });
    s.participants.push(p);
    s.interviews.push(i);
    file::to_ron_string(&s).expect("serializes")
}

/// Steps frames until `done` (background reading and opening take a moment).
fn step_until(
    h: &mut Harness<'_, SecondStoryApp>,
    what: &str,
    done: impl Fn(&Harness<'_, SecondStoryApp>) -> bool,
) {
    for _ in 0..600 {
        h.step();
        if done(h) {
            h.run_steps(2);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let shown: Vec<String> = h
        .root()
        .children_recursive()
        .filter_map(|n| n.accesskit_node().label().or(n.accesskit_node().value()))
        .filter(|l| l.contains("found") || l.contains("review") || l.contains("Search"))
        .take(12)
        .collect();
    panic!("timed out waiting for {what}; on screen: {shown:?}");
}

#[test]
fn open_a_library_filter_open_a_review_and_come_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::create_dir_all(d.join("2026/q1")).expect("mkdir");
    std::fs::write(
        d.join("2026/q1/queue.story.ron"),
        review("Queue backlog", SessionKind::IncidentReview),
    )
    .expect("write");
    std::fs::write(
        d.join("2026/dns.story.ron"),
        review("DNS near miss", SessionKind::NearMiss),
    )
    .expect("write");
    std::fs::write(
        d.join("deploys.story.ron"),
        review("Deploy freeze week", SessionKind::NormalWork),
    )
    .expect("write");
    std::fs::write(
        d.join("broken.story.ron"),
        "(format: \"second-story\", version: 3, session: (",
    )
    .expect("write");
    let cache = tempfile::tempdir().expect("tempdir");

    let mut h = harness(SecondStoryApp::with_autosave(Autosave::disabled()));
    h.run();
    h.state_mut()
        .library_mut()
        .set_cache_dir(Some(cache.path().to_path_buf()));
    h.state_mut().perform(Action::Show(Workspace::Library));
    h.run();
    assert!(h.query_by_label_contains("No library open").is_some());

    // Open the folder: typed, then Open.
    h.get_by_label("Folder").click();
    h.run();
    h.get_by_label("Folder").type_text(&d.display().to_string());
    h.run();
    h.get_by_label("Open").click();
    step_until(&mut h, "the reviews", |h| {
        h.query_by_label("Queue backlog").is_some()
            && h.query_by_label("DNS near miss").is_some()
            && h.query_by_label("Deploy freeze week").is_some()
            && !h.state_mut_free_reading()
    });
    assert!(
        h.query_by_label_contains("3 reviews from 4 files")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("1 file could not be read")
            .is_some()
    );
    // Real names never show in the library.
    assert!(h.query_by_label_contains("Ana Lima").is_none());

    // Filter: near misses only.
    h.get_by_role_and_label(Role::CheckBox, "Near miss").click();
    step_until(&mut h, "the filter", |h| {
        h.query_by_label_contains("1 of 3 reviews match").is_some()
    });
    assert!(h.query_by_label("DNS near miss").is_some());
    let kinds = h.state_mut().library_mut().filter.kinds.clone();
    assert!(
        h.query_by_label("Queue backlog").is_none(),
        "filtered out: {kinds:?}"
    );

    // Open the review from the table: it opens and is shown.
    h.get_by_label("DNS near miss").click();
    step_until(&mut h, "the review to open", |h| {
        h.state().session().title == "DNS near miss"
    });
    step_until(&mut h, "the review's overview", |h| {
        h.query_by_label_contains("Why we are looking at this")
            .is_some()
    });
    assert!(h.state().error_message().is_none());

    // Come back: the library is as it was left, filter included, and marks the
    // review that is open.
    h.get_by_role_and_label(Role::Button, "Library").click();
    step_until(&mut h, "the library again", |h| {
        h.query_by_label("▶ DNS near miss").is_some()
    });
    assert!(
        h.query_by_label("Queue backlog").is_none(),
        "the filter is kept"
    );
    assert!(h.query_by_label_contains("1 of 3 reviews match").is_some());
    // Time passes in the library: its files are checked for changes every few
    // seconds (nothing changed, so nothing on screen may move).
    let before = h.get_by_label("Clear filters").rect();
    for _ in 0..(5 * 60) {
        h.step();
        assert_eq!(
            h.get_by_label("Clear filters").rect(),
            before,
            "the filters moved while nothing changed"
        );
    }
    h.get_by_label("Clear filters").click();
    step_until(&mut h, "the filter cleared", |h| {
        h.query_by_label("Queue backlog").is_some()
            && h.query_by_label_contains("every part below counts all 3 reviews")
                .is_some()
    });

    // The other parts draw from the same reviews.
    h.get_by_role_and_label(Role::Button, "Follow-ups").click();
    step_until(&mut h, "Follow-ups", |h| {
        h.query_by_label("Export SVG…").is_some()
    });
    // No review marks milestones: said in words, not an empty chart.
    h.get_by_role_and_label(Role::Button, "The first half hour")
        .click();
    step_until(&mut h, "The first half hour", |h| {
        h.query_by_label_contains("Nothing to plot yet").is_some()
    });
    h.get_by_role_and_label(Role::Button, "Patterns").click();
    step_until(&mut h, "Patterns", |h| {
        h.state().view().library.tab == second_story::ui::library::LibraryTab::Patterns
    });
    h.get_by_role_and_label(Role::Button, "Search").click();
    step_until(&mut h, "the search field", |h| {
        h.query_by_role_and_label(Role::TextInput, "Search")
            .is_some()
    });
    h.get_by_role_and_label(Role::TextInput, "Search").click();
    step_until(&mut h, "the search field focused", |h| {
        h.query_by_role_and_label(Role::TextInput, "Search")
            .is_some_and(|n| n.accesskit_node().is_focused())
    });
    h.get_by_role_and_label(Role::TextInput, "Search")
        .type_text("queue");
    step_until(&mut h, "search results", |h| {
        h.query_by_label_contains("3 found").is_some()
    });
    assert!(
        h.query_by_label_contains("every part below counts all 3 reviews")
            .is_some(),
        "no click landed on a filter"
    );
}

trait Reading {
    fn state_mut_free_reading(&self) -> bool;
}

impl Reading for Harness<'_, SecondStoryApp> {
    /// Whether the library is still being read (the progress bar is up).
    fn state_mut_free_reading(&self) -> bool {
        self.query_by_label_contains("Reading ").is_some()
    }
}

#[test]
fn milestones_on_events_show_the_first_half_hour_on_the_timeline() {
    let mut s = Session::new("Queue backlog", SessionKind::IncidentReview);
    let t0 = chrono::DateTime::from_timestamp(1_775_469_600, 0).unwrap_or_default();
    let signal = TimelineEvent {
        time: EventTime::Exact(t0),
        description: "Queue depth alert".into(),
        ..TimelineEvent::default()
    };
    let declared = TimelineEvent {
        time: EventTime::Exact(t0 + chrono::Duration::minutes(12)),
        description: "Incident declared in #ops".into(),
        ..TimelineEvent::default()
    };
    s.timeline = vec![signal, declared];
    let mut h = harness(SecondStoryApp::with_autosave(Autosave::disabled()));
    h.run();
    h.state_mut().open_bytes(
        "q.story.ron",
        second_story::io::Location::Unsaved,
        file::to_ron_string(&s).expect("ron").into_bytes(),
    );
    h.state_mut().perform(Action::Show(Workspace::Timeline));
    h.run();
    assert!(h.query_by_label_contains("The first half hour").is_none());
    // Table view: pick each event and mark its milestone.
    h.get_by_label("☰ Table").click();
    h.run();
    h.get_by_label_contains("Queue depth alert").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "First signal")
        .click();
    h.run();
    h.get_by_label_contains("Incident declared").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Declared").click();
    h.run();
    let marked: Vec<Vec<Milestone>> = h
        .state()
        .session()
        .timeline
        .iter()
        .map(|e| e.milestones.clone())
        .collect();
    assert_eq!(
        marked,
        vec![vec![Milestone::FirstSignal], vec![Milestone::Declared]]
    );
    assert!(h.query_by_label_contains("The first half hour").is_some());
    assert!(h.query_by_label("Declared +12 min").is_some());
    // One undo step each.
    h.state_mut().perform(Action::Undo);
    h.run();
    assert!(h.state().session().timeline[1].milestones.is_empty());
    // The export has the table.
    let md = second_story::model::export::to_markdown(h.state().session(), Default::default());
    assert!(md.contains("## The first half hour"), "{md}");
}

/// At 800×600 the review table is wider than the window: every column's header can
/// be scrolled into view (Shift+wheel over the table), none is cut off for good.
#[test]
fn every_review_column_can_be_scrolled_into_view_at_800_by_600() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("queue.story.ron"),
        review("Queue backlog", SessionKind::IncidentReview),
    )
    .expect("write");
    let cache = tempfile::tempdir().expect("tempdir");
    let mut h = Harness::builder()
        .with_size(egui::vec2(800.0, 600.0))
        .build_ui_state(
            |ui, app: &mut SecondStoryApp| app.ui_root(ui),
            SecondStoryApp::with_autosave(Autosave::disabled()),
        );
    h.run();
    h.state_mut()
        .library_mut()
        .set_cache_dir(Some(cache.path().to_path_buf()));
    h.state_mut().perform(Action::Show(Workspace::Library));
    h.run();
    h.get_by_label("Folder").click();
    h.run();
    h.get_by_label("Folder")
        .type_text(&dir.path().display().to_string());
    h.run();
    h.get_by_label("Open").click();
    step_until(&mut h, "the reviews", |h| {
        h.query_by_label("Queue backlog").is_some() && !h.state_mut_free_reading()
    });
    let headers = [
        "Date",
        "Review",
        "Kind",
        "Participants",
        "Statements",
        "Decisions",
        "Detected after",
        "File",
    ];
    // The whole rect and the part of it inside its clip rect.
    let rects = |h: &Harness<'_, SecondStoryApp>, label: &str| {
        // A header reads "Date" or, sorted by it, "Date ⏷"; the last such button,
        // as the menu bar (File) comes first.
        let id = h
            .root()
            .children_recursive()
            .map(|n| n.accesskit_node())
            .filter(|a| {
                a.role() == Role::Button
                    && a.label().is_some_and(|l| {
                        l == label || l.strip_prefix(label).is_some_and(|r| r.starts_with(' '))
                    })
            })
            .last()
            .unwrap_or_else(|| panic!("no header {label}"))
            .locate()
            .0
            .0;
        h.ctx.viewport(|v| {
            v.prev_pass
                .widgets
                .get_layer(egui::LayerId::background())
                .find(|w| w.id.accesskit_id().0 == id)
                .map(|w| (w.rect, w.interact_rect))
        })
    };
    let over_table = rects(&h, "Date").expect("the Date header").0.center();
    let mut unseen: Vec<&str> = Vec::new();
    for label in headers {
        let mut seen = false;
        for _ in 0..40 {
            let (rect, visible) = rects(&h, label).expect("a header");
            if visible.expand(1.5).contains_rect(rect) && rect.max.x <= 800.0 + 1.5 {
                seen = true;
                break;
            }
            // Shift+wheel over the table scrolls it sideways.
            h.event(egui::Event::PointerMoved(over_table));
            h.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, -60.0),
                modifiers: egui::Modifiers::SHIFT,
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
            });
            h.run_steps(6);
        }
        if !seen {
            unseen.push(label);
        }
    }
    assert!(
        unseen.is_empty(),
        "columns that cannot be scrolled into view: {unseen:?}"
    );
}

/// A folder holding one incident review ("Queue backlog"), a cache folder of its own,
/// and the app (no autosave) using that cache, not yet reading the folder.
fn one_review_folder() -> (
    tempfile::TempDir,
    tempfile::TempDir,
    Harness<'static, SecondStoryApp>,
) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("queue.story.ron"),
        review("Queue backlog", SessionKind::IncidentReview),
    )
    .expect("write");
    let cache = tempfile::tempdir().expect("tempdir");
    let mut h = harness(SecondStoryApp::with_autosave(Autosave::disabled()));
    h.run();
    h.state_mut()
        .library_mut()
        .set_cache_dir(Some(cache.path().to_path_buf()));
    (dir, cache, h)
}

/// "Choose folder…" where no folder dialog can open: the Library says so in words
/// and puts the keyboard in the Folder field; the typed path opens the library.
#[test]
fn a_folder_dialog_that_cannot_open_asks_for_a_typed_folder() {
    let (dir, _cache, mut h) = one_review_folder();
    h.state_mut().perform(Action::Show(Workspace::Library));
    h.run();
    // What the dialog's thread sends when no file chooser service answers.
    h.state_mut()
        .library_mut()
        .folder_dialog_failed("No file chooser service answered.".into());
    h.run();
    assert!(
        h.query_by_label_contains("The folder dialog did not open")
            .is_some(),
        "the failure is shown in words"
    );
    assert!(
        h.get_by_label("Folder").accesskit_node().is_focused(),
        "the keyboard is in the Folder field"
    );
    h.get_by_label("Folder")
        .type_text(&dir.path().display().to_string());
    h.run();
    h.key_press(egui::Key::Enter);
    step_until(&mut h, "the reviews", |h| {
        h.query_by_label("Queue backlog").is_some() && !h.state_mut_free_reading()
    });
    assert!(
        h.query_by_label_contains("The folder dialog did not open")
            .is_none(),
        "the notice goes once a folder is open"
    );
}

/// One review, nothing measured: the counts agree with their numbers ("1 review"),
/// and the first half hour says there is nothing to plot instead of drawing an
/// empty chart with made-up axes.
#[test]
fn one_review_is_counted_in_the_singular_and_nothing_measured_is_said() {
    let (dir, _cache, mut h) = one_review_folder();
    h.state_mut()
        .library_mut()
        .open_folder(dir.path().to_path_buf(), None);
    h.state_mut().perform(Action::Show(Workspace::Library));
    step_until(&mut h, "the reviews", |h| {
        h.query_by_label("Queue backlog").is_some() && !h.state_mut_free_reading()
    });
    assert!(h.query_by_label_contains("1 review from 1 file").is_some());
    assert!(
        h.query_by_label_contains("every part below counts the 1 review")
            .is_some()
    );
    h.get_by_role_and_label(Role::Button, "The first half hour")
        .click();
    step_until(&mut h, "The first half hour", |h| {
        h.query_by_label_contains("over 1 review (").is_some()
    });
    assert!(
        h.query_by_label_contains("1 review has no first signal")
            .is_some()
    );
    assert!(h.query_by_label_contains("Nothing to plot yet").is_some());
    assert!(
        h.query_by_label("Export SVG…").is_none(),
        "no empty chart to export"
    );
    let plural_for_one = h
        .root()
        .children_recursive()
        .filter_map(|n| n.accesskit_node().label().or(n.accesskit_node().value()))
        .find(|l| l.contains("1 reviews") || l.contains("1 files"));
    assert_eq!(plural_for_one, None);
}

/// Tab goes through the filters in reading order and wraps round to the first
/// filter, never into the Folder field (words typed after it went into the path).
#[test]
fn tab_goes_through_the_filters_and_not_into_the_folder_field() {
    let (dir, _cache, mut h) = one_review_folder();
    h.state_mut()
        .library_mut()
        .open_folder(dir.path().to_path_buf(), None);
    h.state_mut().perform(Action::Show(Workspace::Library));
    step_until(&mut h, "the reviews", |h| {
        h.query_by_label("Queue backlog").is_some() && !h.state_mut_free_reading()
    });
    let focused = |h: &Harness<'_, SecondStoryApp>| {
        h.root()
            .children_recursive()
            .find(|n| n.accesskit_node().is_focused())
            .and_then(|n| n.accesskit_node().label())
    };
    h.get_by_label("Facilitator").click();
    h.run();
    assert_eq!(focused(&h).as_deref(), Some("Facilitator"));
    let mut order = Vec::new();
    for _ in 0..4 {
        h.key_press(egui::Key::Tab);
        h.run();
        order.push(focused(&h).unwrap_or_default());
    }
    assert_eq!(order, ["Title", "From", "To", "Facilitator"]);
    // Words typed after Tab from Title go into a filter, not the folder's path.
    h.get_by_label("Title").click();
    h.run();
    h.key_press(egui::Key::Tab);
    h.run();
    h.get_by_label("From").type_text("2026");
    h.run();
    let folder = h.state_mut().library_mut().folder.clone();
    assert_eq!(folder, dir.path().display().to_string());
}
