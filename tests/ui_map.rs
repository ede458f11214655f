//! Click-through flows of the Map workspace: make a map, build steps from statements
//! in two lanes, link them with a gap note, use the keyboard, undo, and check the session.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use second_story::SecondStoryApp;
use second_story::io::Autosave;
use second_story::model::map::{gap_is_annotated, gaps, to_svg, visible_lanes};
use second_story::model::{Lane, Relation, Session, file};
use second_story::ui::{Action, Workspace};

fn harness(size: egui::Vec2) -> Harness<'static, SecondStoryApp> {
    harness_with_step(size, 0.25)
}

/// A harness whose frames are `step` seconds apart (double-clicks need short ones).
fn harness_with_step(size: egui::Vec2, step: f32) -> Harness<'static, SecondStoryApp> {
    let mut h = Harness::builder()
        .with_size(size)
        .with_step_dt(step)
        .build_ui_state(
            |ui, app: &mut SecondStoryApp| app.ui_root(ui),
            SecondStoryApp::with_autosave(Autosave::disabled()),
        );
    h.run();
    h.state_mut().perform(Action::OpenExample);
    h.run();
    h.state_mut().perform(Action::Show(Workspace::Map));
    h.run();
    h
}

fn statement_id(s: &Session, start: &str) -> second_story::model::Id {
    s.interviews
        .iter()
        .flat_map(|i| i.statements.iter())
        .find(|st| st.text.starts_with(start))
        .map(|st| st.id)
        .expect("statement in the example")
}

/// Narrows the statement list, as a facilitator looking for a quote would.
fn filter(h: &mut Harness<'_, SecondStoryApp>, text: &str) {
    h.get_by_label("Filter").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Filter").type_text(text);
    h.run();
    h.key_press(Key::Escape);
    h.run();
}

fn key(h: &mut Harness<'_, SecondStoryApp>, k: Key) {
    h.key_press(k);
    h.run();
}

fn ctrl(h: &mut Harness<'_, SecondStoryApp>, k: Key) {
    h.key_press_modifiers(Modifiers::COMMAND, k);
    h.run();
}

#[test]
fn build_a_map_from_statements_link_with_a_gap_note_and_undo() {
    let mut h = harness(egui::vec2(1280.0, 800.0));
    let before = h.state().session().maps.len();

    // A second map for this session.
    h.get_by_label("➕ New map").click();
    h.run();
    let s = h.state().session();
    assert_eq!(s.maps.len(), before + 1);
    let map_id = s.maps[before].id;
    assert_eq!(
        visible_lanes(&s.maps[before]),
        vec![Lane::Imagined, Lane::Done]
    );
    let map = |h: &Harness<'_, SecondStoryApp>| {
        h.state()
            .session()
            .maps
            .iter()
            .find(|m| m.id == map_id)
            .cloned()
            .expect("the new map")
    };

    // Rename it.
    h.get_by_label("Map name").click();
    h.run();
    h.get_by_label("Map name").type_text(": paging");
    h.run();
    assert_eq!(map(&h).name, format!("Map {}: paging", before + 1));
    key(&mut h, Key::Escape);

    // An imagined step from P1's decision; its name is selected, ready to rephrase.
    filter(&mut h, "Decided not to page");
    h.get_by_label_contains("Decided not to page Payments yet")
        .click();
    h.run();
    h.get_by_label("➕ Imagined").click();
    h.run();
    h.run();
    let decided = statement_id(h.state().session(), "Decided not to page Payments yet");
    let m = map(&h);
    assert_eq!(m.nodes.len(), 1);
    assert_eq!(m.nodes[0].lane, Lane::Imagined);
    assert_eq!(m.nodes[0].evidence, vec![decided]);
    assert_eq!(
        m.nodes[0].participants,
        vec![h.state().session().participants[0].id]
    );
    h.get_by_label("Step name")
        .type_text("page on-call when the alert fires");
    h.run();
    assert_eq!(map(&h).nodes[0].label, "page on-call when the alert fires");
    key(&mut h, Key::Enter);

    // A done step from the message P1 sent instead.
    filter(&mut h, "Messaged P2");
    h.get_by_label_contains("Messaged P2 directly in chat")
        .click();
    h.run();
    h.get_by_label("➕ Done").click();
    h.run();
    h.run();
    h.get_by_label("Step name")
        .type_text("message a colleague directly with a screenshot");
    h.run();
    key(&mut h, Key::Enter);
    let m = map(&h);
    assert_eq!(m.nodes.len(), 2);
    assert_eq!(m.nodes[1].lane, Lane::Done);
    assert_eq!(
        m.nodes[1].label,
        "message a colleague directly with a screenshot"
    );

    // Link them: across lanes, so a link (a gap, "adapts" to start with).
    h.get_by_label("Connect to…").click();
    h.run();
    h.get_by_label_contains("link: page on-call when the alert fires")
        .click();
    h.run();
    h.run();
    let m = map(&h);
    assert_eq!(m.links.len(), 1);
    let link = &m.links[0];
    assert_eq!(
        link.imagined,
        Some(m.nodes[0].id),
        "the imagined end is the upper lane"
    );
    assert_eq!(link.done, Some(m.nodes[1].id));
    assert_eq!(link.relation, Relation::Adapts);

    // The gap note: pressures, why it made sense, evidence.
    h.get_by_label("time").click();
    h.run();
    h.get_by_label("goal conflict").click();
    h.run();
    h.get_by_label("Why it made sense").click();
    h.run();
    h.get_by_label("Why it made sense")
        .type_text("Paging on a Monday for a graph that looks odd: you'd better be right");
    h.run();
    key(&mut h, Key::Escape);
    h.get_by_label("📎 Cite for selected gap").click();
    h.run();
    let messaged = statement_id(h.state().session(), "Messaged P2 directly in chat");
    let gap = map(&h).links[0].gap.clone();
    assert_eq!(gap.pressure, "time, goal conflict");
    assert_eq!(
        gap.why,
        "Paging on a Monday for a graph that looks odd: you'd better be right"
    );
    assert_eq!(gap.evidence, vec![messaged]);
    assert!(gap_is_annotated(&gap));

    // Undo the citation, then the typing (one step), then redo both.
    ctrl(&mut h, Key::Z);
    assert!(map(&h).links[0].gap.evidence.is_empty());
    ctrl(&mut h, Key::Z);
    assert_eq!(map(&h).links[0].gap.why, "");
    assert_eq!(map(&h).links[0].gap.pressure, "time, goal conflict");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(map(&h).links[0].gap, gap);

    // Keyboard: single keys act only once the canvas has the focus.
    key(&mut h, Key::ArrowRight);
    key(&mut h, Key::Delete);
    assert_eq!(
        map(&h).nodes.len(),
        2,
        "the canvas has no focus: nothing happens"
    );
    let canvas = h.get_by_label_contains("Map canvas").rect();
    click_at(&mut h, canvas.max - egui::vec2(30.0, 30.0));
    // Escape clears the selection, an arrow selects the first step,
    // Delete removes it with its link, Ctrl+Z brings both back.
    key(&mut h, Key::Escape);
    key(&mut h, Key::ArrowRight);
    key(&mut h, Key::Delete);
    let m = map(&h);
    assert_eq!(m.nodes.len(), 1);
    assert!(m.links.is_empty());
    ctrl(&mut h, Key::Z);
    let m = map(&h);
    assert_eq!(m.nodes.len(), 2);
    assert_eq!(m.links.len(), 1);
    assert_eq!(m.links[0].gap, gap);

    // N: a blank step after the selected one in its lane, joined by an arrow.
    click_at(&mut h, canvas.max - egui::vec2(30.0, 30.0));
    key(&mut h, Key::Escape);
    key(&mut h, Key::ArrowDown); // selects the first step (imagined)
    key(&mut h, Key::ArrowDown); // moves to the done step below
    key(&mut h, Key::N);
    h.run();
    h.get_by_label("Step name")
        .type_text("raise the pool limit");
    h.run();
    let m = map(&h);
    assert_eq!(m.nodes.len(), 3);
    assert_eq!(m.nodes[2].lane, Lane::Done);
    assert_eq!(m.nodes[2].label, "raise the pool limit");
    assert_eq!(m.edges.len(), 1);
    assert_eq!(
        (m.edges[0].from, m.edges[0].to),
        (m.nodes[1].id, m.nodes[2].id)
    );
    assert!(m.nodes[2].pos[0] > m.nodes[1].pos[0], "placed to the right");

    // Tidy lines the done step up under the imagined step it is linked to.
    key(&mut h, Key::Escape);
    h.get_by_label("✨ Tidy").click();
    h.run();
    let m = map(&h);
    assert_eq!(m.nodes[0].pos[0], m.nodes[1].pos[0]);

    // The session is consistent, saves and reopens identical.
    let s = h.state().session().clone();
    second_story::model::validate::validate(&s).expect("consistent");
    let text = file::to_ron_string(&s).expect("saves");
    assert_eq!(file::from_str(&text).expect("opens").session, s);
}

#[test]
fn example_map_shows_gaps_and_opens_the_gap_editor() {
    let mut h = harness(egui::vec2(1280.0, 800.0));
    let s = h.state().session().clone();
    let m = &s.maps[0];
    assert_eq!(m.nodes.len(), 12);
    assert_eq!(visible_lanes(m).len(), 2);
    let g = gaps(m);
    assert_eq!(g.len(), 4);
    assert!(g.iter().all(|(_, l)| gap_is_annotated(&l.gap)));
    // Markers on the canvas are buttons named after the gap.
    h.get_by_label("Gap G2: adapts").click_accesskit();
    h.run();
    h.get_by_label("Why it made sense");
    assert!(
        h.query_by_label("Gap G2").is_some(),
        "the inspector shows the gap"
    );
    // Changing the relation to "matches" is one undoable step and drops the gap.
    h.get_by_label("matches").click();
    h.run();
    assert_eq!(gaps(&h.state().session().maps[0]).len(), 3);
    ctrl(&mut h, Key::Z);
    assert_eq!(gaps(&h.state().session().maps[0]).len(), 4);
}

#[test]
fn map_workspace_is_usable_at_800_by_600() {
    let mut h = harness(egui::vec2(800.0, 600.0));
    h.get_by_label("➕ New step").click();
    h.run();
    h.run();
    h.get_by_label("Step name").type_text("check the dashboard");
    h.run();
    let m = &h.state().session().maps[0];
    assert_eq!(m.nodes.len(), 13);
    assert!(
        m.nodes
            .iter()
            .any(|n| n.label == "check the dashboard" && n.lane == Lane::Imagined)
    );
}

/// Writes the example map's SVG for a look in a browser:
/// `cargo test --test ui_map -- --ignored write_example_svg`.
#[test]
#[ignore = "writes /tmp/map.svg"]
fn write_example_svg() {
    let s = file::from_str(second_story::model::EXAMPLE_SESSION)
        .expect("example")
        .session;
    let svg = to_svg(&s, &s.maps[0], Default::default());
    std::fs::write("/tmp/map.svg", svg).expect("writes");
}

/// Presses and releases the primary button at `at` (screen points).
fn click_at(h: &mut Harness<'_, SecondStoryApp>, at: egui::Pos2) {
    h.event(egui::Event::PointerMoved(at));
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run();
    }
}

/// Whether the inspector shows the step named `label` (it is selected).
fn selected(h: &Harness<'_, SecondStoryApp>, label: &str) -> bool {
    h.query_by_label("Step name")
        .is_some_and(|n| n.value().as_deref() == Some(label))
}

/// Where the step named `label` is on screen, and the canvas zoom. Steps live on
/// a pan-and-zoom canvas (their accessible bounds are canvas coordinates), so find
/// one as a user would, by clicking around until the inspector shows it, and then
/// find its edges by bisection.
fn locate(h: &mut Harness<'_, SecondStoryApp>, label: &str) -> (egui::Rect, f32) {
    // Only click inside the canvas: between the toolbar's hint line and the
    // inspector, right of the statement list.
    let top = h.get_by_label_contains("drag steps to move").rect().max.y + 4.0;
    let right = h.get_by_label("This map").rect().min.x - 12.0;
    let left = h.get_by_label("Include facilitator notes").rect().max.x + 24.0;
    let mut hit = None;
    'scan: for y in (top as i32..780).step_by(20) {
        for x in (left as i32..right as i32).step_by(25) {
            let p = egui::pos2(x as f32, y as f32);
            click_at(h, p);
            if selected(h, label) {
                hit = Some(p);
                break 'scan;
            }
        }
    }
    let hit = hit.expect("the step is on screen");
    let mut edge = |dir: egui::Vec2| {
        // Far enough to leave a step at any zoom, near enough to stay on the canvas.
        let (mut inside, mut outside) = (0.0f32, if dir.x != 0.0 { 260.0f32 } else { 110.0 });
        while outside - inside > 0.5 {
            let mid = (inside + outside) / 2.0;
            click_at(h, hit + dir * mid);
            if selected(h, label) {
                inside = mid;
            } else {
                outside = mid;
            }
        }
        inside
    };
    let left = hit.x - edge(egui::vec2(-1.0, 0.0));
    let right = hit.x + edge(egui::vec2(1.0, 0.0));
    let top = hit.y - edge(egui::vec2(0.0, -1.0));
    let bottom = hit.y + edge(egui::vec2(0.0, 1.0));
    let rect = egui::Rect::from_min_max(egui::pos2(left, top), egui::pos2(right, bottom));
    let canvas = h.get_by_label(label).rect();
    (rect, rect.width() / canvas.width())
}

#[test]
fn dragging_a_step_moves_it_in_one_undo_step() {
    let mut h = harness(egui::vec2(1280.0, 800.0));
    let label = "see the pool alert and open the database dashboard";
    let before = h.state().session().maps[0].nodes[0].clone();
    assert_eq!(before.label, label);
    let (rect, _) = locate(&mut h, label);
    click_at(&mut h, rect.center());
    assert!(selected(&h, label));
    let start = rect.center();
    let revision = h.state().document().revision();
    // Drag it right and down over several frames.
    h.event(egui::Event::PointerMoved(start));
    h.event(egui::Event::PointerButton {
        pos: start,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.run();
    let mut p = start;
    for _ in 0..10 {
        p += egui::vec2(12.0, 3.0);
        h.event(egui::Event::PointerMoved(p));
        h.run();
        assert_eq!(
            h.state().document().revision(),
            revision,
            "nothing is committed while dragging"
        );
    }
    h.event(egui::Event::PointerButton {
        pos: p,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    let after = h.state().session().maps[0].nodes[0].clone();
    assert_eq!(h.state().document().revision(), revision + 1, "one change");
    assert!(
        after.pos[0] > before.pos[0] + 60.0,
        "{:?} -> {:?}",
        before.pos,
        after.pos
    );
    assert!(
        after.pos[1] > before.pos[1],
        "{:?} -> {:?}",
        before.pos,
        after.pos
    );
    assert_eq!(after.lane, before.lane);
    ctrl(&mut h, Key::Z);
    assert_eq!(h.state().session().maps[0].nodes[0].pos, before.pos);
}

#[test]
fn dragging_from_the_handle_onto_a_step_in_another_lane_links_them() {
    let mut h = harness(egui::vec2(1280.0, 800.0));
    let from = "see the pool alert and open the database dashboard";
    let to = "rule out the weekly batch job from the shape of the curve";
    let links_before = h.state().session().maps[0].links.len();
    let (rect, zoom) = locate(&mut h, from);
    assert!(zoom > 0.2 && zoom <= 1.5, "zoom {zoom}");
    // Where the target is: canvas offsets scaled by the zoom.
    let a = h.get_by_label(from).rect();
    let b = h.get_by_label(to).rect();
    let target = rect.min
        + egui::vec2(
            (b.center().x - a.min.x) * zoom,
            (b.center().y - a.min.y) * zoom,
        );
    let handle = rect.right_center();
    h.event(egui::Event::PointerMoved(handle));
    h.run();
    h.event(egui::Event::PointerButton {
        pos: handle,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.run();
    for i in 1..=8 {
        let p = handle + (target - handle) * (i as f32 / 8.0);
        h.event(egui::Event::PointerMoved(p));
        h.run();
    }
    h.event(egui::Event::PointerButton {
        pos: target,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    let m = &h.state().session().maps[0];
    assert_eq!(m.links.len(), links_before + 1, "a new link");
    let l = m.links.last().expect("link");
    let id = |label: &str| m.nodes.iter().find(|n| n.label == label).map(|n| n.id);
    assert_eq!((l.imagined, l.done), (id(from), id(to)));
    assert_eq!(l.relation, Relation::Adapts);
    // The new link is selected, ready for its gap note.
    assert!(h.query_by_label("Why it made sense").is_some());
    ctrl(&mut h, Key::Z);
    assert_eq!(h.state().session().maps[0].links.len(), links_before);
}

#[test]
fn double_clicking_a_lane_adds_a_step_there() {
    let mut h = harness_with_step(egui::vec2(1280.0, 800.0), 0.05);
    let first = "see the pool alert and open the database dashboard";
    let count = h.state().session().maps[0].nodes.len();
    let (rect, zoom) = locate(&mut h, first);
    // Just below the first step, still inside the imagined lane's band.
    let at = rect.center_bottom() + egui::vec2(0.0, 12.0 * zoom);
    h.event(egui::Event::PointerMoved(at));
    for _ in 0..10 {
        h.step(); // let the last probe's click age past the double-click delay
    }
    for _ in 0..2 {
        for pressed in [true, false] {
            h.event(egui::Event::PointerButton {
                pos: at,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
            h.step();
        }
    }
    h.run();
    let m = &h.state().session().maps[0];
    assert_eq!(m.nodes.len(), count + 1, "one new step");
    let new = m.nodes.last().expect("step");
    assert_eq!(new.lane, Lane::Imagined);
    // Its name field has the keyboard: type straight away.
    h.get_by_label("Step name").type_text("open the runbook");
    h.run();
    assert_eq!(
        h.state().session().maps[0]
            .nodes
            .last()
            .map(|n| n.label.as_str()),
        Some("open the runbook")
    );
}
