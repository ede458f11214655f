//! Tests of the work maps: the SVG (well-formed, escaped, redacted), the gap table,
//! Tidy, lanes, positions, connecting and removing steps, keyboard moves, pressures
//! and wrapping.

use super::*;

/// A tiny XML well-formedness check: balanced tags, quoted attributes, valid
/// entity references, no raw `<` or `&` in text. Enough to catch unescaped text.
fn check_xml(s: &str) -> Result<(), String> {
    fn entity_ok(rest: &str) -> bool {
        let Some(end) = rest.find(';') else {
            return false;
        };
        let name = &rest[1..end];
        matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
            || name
                .strip_prefix("#x")
                .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
            || name
                .strip_prefix('#')
                .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
    }
    fn text_ok(t: &str) -> Result<(), String> {
        for (i, c) in t.char_indices() {
            if c == '<' {
                return Err(format!("raw < in text: {t}"));
            }
            if c == '&' && !entity_ok(&t[i..]) {
                return Err(format!("bad entity in: {t}"));
            }
            if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') {
                return Err("control character".into());
            }
        }
        Ok(())
    }
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut rest = s;
    if let Some(after) = rest.strip_prefix("<?xml") {
        let end = after.find("?>").ok_or("unclosed prolog")?;
        rest = &after[end + 2..];
    }
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..lt];
        if stack.is_empty() && !text.trim().is_empty() {
            return Err(format!("text outside the root: {text}"));
        }
        text_ok(text)?;
        rest = &rest[lt..];
        if rest.is_empty() {
            break;
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").ok_or("unclosed comment")?;
            rest = &after[end + 3..];
            continue;
        }
        let gt = rest.find('>').ok_or("unclosed tag")?;
        // Attribute values may not contain '>' unescaped in our output either.
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or(format!("stray </{name}>"))?;
            if open != name.trim() {
                return Err(format!("<{open}> closed by </{name}>"));
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
        let name = &body[..name_end];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || "-_:.".contains(c))
        {
            return Err(format!("bad tag name in <{tag}>"));
        }
        // Attributes: name="value" pairs.
        let mut attrs = body[name_end..].trim();
        let mut seen = HashSet::new();
        while !attrs.is_empty() {
            let eq = attrs
                .find('=')
                .ok_or(format!("attribute without value: {attrs}"))?;
            let aname = attrs[..eq].trim();
            if aname.is_empty() || aname.contains(char::is_whitespace) || !seen.insert(aname) {
                return Err(format!("bad or repeated attribute {aname}"));
            }
            let after = attrs[eq + 1..].trim_start();
            let q = after.chars().next().ok_or("missing quote")?;
            if q != '"' && q != '\'' {
                return Err(format!("unquoted attribute {aname}"));
            }
            let close = after[1..].find(q).ok_or("unclosed attribute")?;
            text_ok(&after[1..1 + close])?;
            attrs = after[close + 2..].trim_start();
        }
        if stack.is_empty() {
            roots += 1;
        }
        if !self_closing {
            stack.push(name.to_owned());
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed <{}>", stack.join("> <")));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
}

#[test]
fn xml_checker_catches_bad_markup() {
    assert!(check_xml("<a><b x=\"1\"/>t &amp; u</a>").is_ok());
    assert!(check_xml("<a>x & y</a>").is_err());
    assert!(check_xml("<a><b></a>").is_err());
    assert!(check_xml("<a x=1></a>").is_err());
    assert!(check_xml("<a>1 < 2</a>").is_err());
    assert!(check_xml("<a></a><b></b>").is_err());
}

fn node(lane: Lane, label: &str, x: f32) -> MapNode {
    MapNode {
        id: Id::new(),
        lane,
        label: label.into(),
        pos: [x, LANE_PAD],
        ..MapNode::default()
    }
}

/// Two lanes, three steps each, one matching link and one gap with a note.
fn sample() -> (Session, Id) {
    let mut s = Session::new("Review", SessionKind::NearMiss);
    let mut p = Participant::new("P1");
    p.real_name = Some("Ana Lima".into());
    let pid = p.id;
    s.participants.push(p);
    let on = Statement {
        id: Id::new(),
        at_secs: 660,
        text: "Messaged Ana's colleague & P2 directly with a screenshot".into(),
        ..Default::default()
    };
    let off = Statement {
        id: Id::new(),
        at_secs: 700,
        text: "the vendor secret".into(),
        off_record: true,
        ..Default::default()
    };
    let (on_id, off_id) = (on.id, off.id);
    s.interviews.push(Interview {
        participant: pid,
        statements: vec![on, off],
        ..Default::default()
    });
    let mut m = new_map("Responding to an alert");
    let i1 = node(Lane::Imagined, "see the alert", 300.0);
    let i2 = node(Lane::Imagined, "page on-call when alert fires", 500.0);
    let d1 = node(Lane::Done, "notice a sawtooth on the pool graph", 300.0);
    let mut d2 = node(
        Lane::Done,
        "message a colleague directly with a screenshot",
        500.0,
    );
    d2.evidence.push(on_id);
    let ids = [i1.id, i2.id, d1.id, d2.id];
    m.nodes = vec![i1, i2, d1, d2];
    m.edges.push(MapEdge {
        id: Id::new(),
        from: ids[0],
        to: ids[1],
    });
    m.links.push(MapLink {
        id: Id::new(),
        imagined: Some(ids[0]),
        done: Some(ids[2]),
        relation: Relation::Matches,
        gap: GapNote::default(),
    });
    m.links.push(MapLink {
        id: Id::new(),
        imagined: Some(ids[1]),
        done: Some(ids[3]),
        relation: Relation::Adapts,
        gap: GapNote {
            pressure: "time, goal conflict".into(),
            why: "Paging at 9:15 on a Monday — you'd better be right".into(),
            usually_succeeds: "yes".into(),
            risk: "the colleague may be away".into(),
            evidence: vec![on_id, off_id],
        },
    });
    let mid = m.id;
    s.maps.push(m);
    (s, mid)
}

#[test]
fn svg_is_well_formed_and_shows_lanes_steps_gaps_and_legend() {
    let (s, _) = sample();
    let svg = to_svg(&s, &s.maps[0], ExportOptions::default());
    check_xml(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    assert!(svg.contains("Work-as-imagined") && svg.contains("Work-as-done"));
    assert!(svg.contains("page on-call when alert fires"));
    assert!(svg.contains(">G1<"), "gap marker");
    assert!(!svg.contains(">G2<"), "a matching link is not a gap");
    assert!(svg.contains("Legend"));
    assert!(
        svg.contains("you&apos;d better be right"),
        "gap list escaped"
    );
    // Three of the four steps have no evidence and say so.
    assert_eq!(svg.matches("no evidence yet").count(), 3);
    // Sequence arrow and the dashed gap link.
    assert!(svg.contains("marker-end=\"url(#arrow)\""));
    assert!(svg.contains("stroke-dasharray=\"6 4\""));
    assert!(!svg.contains("Prescribed"), "hidden lanes are not drawn");
}

#[test]
fn svg_escapes_user_text() {
    let (mut s, _) = sample();
    let m = &mut s.maps[0];
    m.name = "<script>alert('x')</script> & \"co\"".into();
    m.nodes[0].label = "<script>alert(1)</script> & \"quoted\" 'single'\u{1}".into();
    m.links[1].gap.why = "a < b && c > d \"why\"".into();
    let svg = to_svg(&s, &s.maps[0], ExportOptions::default());
    check_xml(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    assert!(!svg.contains("<script"), "{svg}");
    assert!(svg.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;co&quot;"));
    // The step label is wrapped (the long word is broken) after escaping nothing away.
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/scri"), "{svg}");
    // The gap list wraps lines; each escaped piece is there.
    for piece in ["&lt; b", "&amp;&amp;", "c &gt; d", "&quot;why&quot;"] {
        assert!(svg.contains(piece), "{piece} in {svg}");
    }
    assert!(!svg.contains('\u{1}'));
}

#[test]
fn svg_redacts_real_names() {
    let (mut s, _) = sample();
    s.maps[0].nodes[0].label = "ask Ana Lima".into();
    let svg = to_svg(&s, &s.maps[0], ExportOptions { redact: true });
    assert!(!svg.contains("Ana"), "{svg}");
    assert!(svg.contains("ask P1"));
    let svg = to_svg(&s, &s.maps[0], ExportOptions { redact: false });
    assert!(svg.contains("ask Ana Lima"));
}

#[test]
fn svg_of_an_empty_map_is_well_formed() {
    let s = Session::default();
    let m = WorkMap::default();
    check_xml(&to_svg(&s, &m, ExportOptions::default())).expect("well formed");
    let m = new_map("");
    check_xml(&to_svg(&s, &m, ExportOptions::default())).expect("well formed");
}

#[test]
fn markdown_table_lists_gaps_with_evidence_and_never_off_record() {
    let (s, _) = sample();
    let md = to_markdown(&s, &s.maps[0], ExportOptions::default());
    assert!(md.contains("### Responding to an alert"), "{md}");
    assert!(md.contains("| Gap | Imagined | Done | Relation |"), "{md}");
    let row = md
        .lines()
        .find(|l| l.starts_with("| G1 |"))
        .unwrap_or_else(|| panic!("no gap row in {md}"));
    assert!(
        row.contains("page on\\-call when alert fires")
            || row.contains("page on-call when alert fires"),
        "{row}"
    );
    assert!(row.contains("message a colleague directly with a screenshot"));
    assert!(row.contains("| adapts |"));
    assert!(row.contains("time, goal conflict"));
    // Evidence cites the statement by speaker and time, with names redacted.
    assert!(row.contains("P1 at 11:00"), "{row}");
    assert!(!md.contains("Ana"), "{md}");
    assert!(!md.contains("vendor secret"), "off the record leaked: {md}");
    // Only one gap: the matching link is not a row.
    assert_eq!(md.lines().filter(|l| l.starts_with("| G1 ")).count(), 1);
    assert!(!md.contains("| G2 "));
    // Steps without evidence are listed.
    assert!(md.contains("Steps without evidence yet"));
    assert!(md.contains("- see the alert (imagined)"));
}

#[test]
fn markdown_escapes_cells() {
    let (mut s, _) = sample();
    s.maps[0].links[1].gap.why = "<script>alert(1)</script> | & [x](javascript:y)\nnext".into();
    let md = to_markdown(&s, &s.maps[0], ExportOptions::default());
    let row = md.lines().find(|l| l.starts_with("| G1 |")).expect("row");
    assert!(row.contains("\\<script\\>"), "{row}");
    assert!(row.contains("\\|"), "pipe escaped: {row}");
    assert!(row.contains("&amp;"));
    // Nine cells: ten unescaped pipes, whatever the text held.
    let unescaped = row
        .char_indices()
        .filter(|(i, c)| *c == '|' && (*i == 0 || row.as_bytes()[i - 1] != b'\\'))
        .count();
    assert_eq!(unescaped, 10, "{row}");
    for ev in pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES) {
        use pulldown_cmark::{Event, Tag};
        match ev {
            Event::Html(_) | Event::InlineHtml(_) => panic!("html in {md}"),
            Event::Start(Tag::Link { .. }) => panic!("link in {md}"),
            _ => {}
        }
    }
}

#[test]
fn markdown_without_gaps_says_so() {
    let s = Session::default();
    let md = to_markdown(&s, &new_map("Empty"), ExportOptions::default());
    assert!(md.contains("No gaps recorded"));
}

#[test]
#[allow(clippy::float_cmp_const, reason = "Tidy sets exactly LANE_PAD")]
fn tidy_orders_by_sequence_and_aligns_links() {
    let (s, _) = sample();
    let mut m = s.maps[0].clone();
    // Scramble positions: the edge says "see the alert" comes first.
    m.nodes[0].pos = [900.0, 80.0];
    m.nodes[1].pos = [250.0, 10.0];
    m.nodes[2].pos = [200.0, 40.0];
    m.nodes[3].pos = [700.0, 40.0];
    let t = tidy(&m);
    let x = |i: usize| t.nodes[i].pos[0];
    assert!(x(0) < x(1), "sequence edge respected");
    assert!(t.nodes.iter().all(|n| n.pos[1] == LANE_PAD));
    // Linked steps line up: d1 under i1, d2 under i2.
    assert_eq!(x(2), x(0));
    assert_eq!(x(3), x(1));
    // No overlaps within a lane.
    for a in &t.nodes {
        for b in &t.nodes {
            if a.id != b.id && a.lane == b.lane {
                assert!((a.pos[0] - b.pos[0]).abs() >= NODE_W + COL_GAP - 0.5);
            }
        }
    }
    // Idempotent.
    assert_eq!(tidy(&t), t);
}

#[test]
fn tidy_keeps_lane_order_when_links_cross() {
    let mut m = new_map("reorder");
    let a = node(Lane::Imagined, "a", 300.0);
    let b = node(Lane::Imagined, "b", 600.0);
    let c = node(Lane::Done, "b done first", 300.0);
    let d = node(Lane::Done, "a done second", 600.0);
    for (x, y) in [(a.id, d.id), (b.id, c.id)] {
        m.links.push(MapLink {
            id: Id::new(),
            imagined: Some(x),
            done: Some(y),
            relation: Relation::Reorders,
            gap: GapNote::default(),
        });
    }
    m.nodes = vec![a, b, c, d];
    let t = tidy(&m);
    let x = |i: usize| t.nodes[i].pos[0];
    assert!(x(0) < x(1) && x(2) < x(3), "each lane keeps its order");
    assert!(x(3) < 20_000.0);
}

#[test]
fn tidy_survives_cycles() {
    let mut m = new_map("loop");
    let a = node(Lane::Done, "retry", 300.0);
    let b = node(Lane::Done, "wait", 600.0);
    m.edges.push(MapEdge {
        id: Id::new(),
        from: a.id,
        to: b.id,
    });
    m.edges.push(MapEdge {
        id: Id::new(),
        from: b.id,
        to: a.id,
    });
    m.nodes = vec![a, b];
    let t = tidy(&m);
    assert_ne!(t.nodes[0].pos[0], t.nodes[1].pos[0]);
}

#[test]
fn lanes_hide_and_show_in_canonical_order() {
    let m = new_map("m");
    assert_eq!(visible_lanes(&m), vec![Lane::Imagined, Lane::Done]);
    let m = set_lane_visible(&m, Lane::Prescribed, true);
    assert_eq!(
        visible_lanes(&m),
        vec![Lane::Imagined, Lane::Prescribed, Lane::Done]
    );
    let bands = lane_bands(&m);
    assert_eq!(bands.len(), 3);
    assert!(bands[1].top >= bands[0].top + bands[0].height);
    let m = set_lane_visible(&m, Lane::Imagined, false);
    assert_eq!(visible_lanes(&m), vec![Lane::Prescribed, Lane::Done]);
    let n = node(Lane::Imagined, "x", 300.0);
    assert!(node_box(&lane_bands(&m), &n).is_none());
}

#[test]
fn positions_stay_inside_the_lane() {
    let (s, _) = sample();
    let bands = lane_bands(&s.maps[0]);
    let done = bands[1];
    let p = position_for(&bands, Lane::Done, 10.0, done.top - 500.0);
    assert_eq!(p[0], CONTENT_X);
    assert!(p[1] >= 8.0);
    let n = MapNode {
        lane: Lane::Done,
        pos: p,
        ..Default::default()
    };
    let b = node_box(&bands, &n).expect("visible");
    assert!(b.y >= done.top);
    let next = next_position(&s.maps[0], Lane::Done);
    assert!(next[0] >= 500.0 + NODE_W);
}

#[test]
fn connect_makes_edges_within_and_links_across_lanes() {
    let (s, _) = sample();
    let m = &s.maps[0];
    let (i1, i2, d1, d2) = (m.nodes[0].id, m.nodes[1].id, m.nodes[2].id, m.nodes[3].id);
    let (m2, c) = connect(m, d1, d2, Relation::Adapts).expect("edge");
    assert!(matches!(c, Connected::Edge(_)));
    assert_eq!(m2.edges.len(), 2);
    // Dragged from done up to imagined: the imagined end is still the upper one.
    let (m3, c) = connect(&m2, d2, i1, Relation::Reorders).expect("link");
    let Connected::Link(lid) = c else {
        panic!("expected a link")
    };
    let l = m3.links.iter().find(|l| l.id == lid).expect("link");
    assert_eq!((l.imagined, l.done), (Some(i1), Some(d2)));
    assert_eq!(
        connect(m, i1, i1, Relation::Adapts),
        Err(ConnectError::SameStep)
    );
    assert_eq!(
        connect(m, i2, i1, Relation::Adapts),
        Err(ConnectError::AlreadyConnected)
    );
    assert_eq!(
        connect(m, i2, d2, Relation::Adapts),
        Err(ConnectError::AlreadyConnected)
    );
    assert_eq!(
        connect(m, i2, Id::new(), Relation::Adapts),
        Err(ConnectError::Missing)
    );
}

#[test]
fn removing_a_step_removes_its_connections() {
    let (s, _) = sample();
    let m = &s.maps[0];
    let m2 = remove_node(m, m.nodes[1].id);
    assert_eq!(m2.nodes.len(), 3);
    assert!(m2.edges.is_empty());
    assert_eq!(m2.links.len(), 1);
}

#[test]
fn arrow_keys_move_between_steps() {
    let (s, _) = sample();
    let m = &s.maps[0];
    let (i1, i2, d1, d2) = (m.nodes[0].id, m.nodes[1].id, m.nodes[2].id, m.nodes[3].id);
    assert_eq!(neighbour(m, i1, Direction::Right), Some(i2));
    assert_eq!(neighbour(m, i2, Direction::Left), Some(i1));
    assert_eq!(neighbour(m, i1, Direction::Left), None);
    assert_eq!(neighbour(m, i2, Direction::Down), Some(d2));
    assert_eq!(neighbour(m, d1, Direction::Up), Some(i1));
    assert_eq!(neighbour(m, d1, Direction::Down), None);
}

#[test]
fn pressures_toggle_without_losing_details() {
    assert_eq!(toggle_pressure("", "time"), "time");
    assert_eq!(toggle_pressure("time", "tooling"), "time, tooling");
    assert_eq!(toggle_pressure("Time, tooling", "time"), "tooling");
    assert!(has_pressure("time; goal conflict", "goal conflict"));
    assert!(!has_pressure("overtime", "time"));
}

#[test]
fn wrapping_breaks_long_words_and_keeps_short_lines() {
    assert_eq!(
        wrap("page on-call when alert fires", 12),
        vec!["page on-call", "when alert", "fires"]
    );
    assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    assert!(wrap("", 10).is_empty());
    let w = wrap_max("one two three four five six seven", 8, 2);
    assert_eq!(w.len(), 2);
    assert!(w[1].ends_with('…'));
}
