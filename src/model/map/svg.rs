//! The map as an SVG picture.

use super::*;

pub(super) fn rgb(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// The map as an SVG picture: lanes, steps, sequence arrows, cross-lane links
/// coloured by relation, numbered gap markers, a legend and the list of gaps.
/// Steps without evidence have a dashed outline and say so. All user text is escaped.
/// Rendered from the publishable view ([`crate::model::publish`]).
pub fn to_svg(session: &Session, map: &WorkMap, options: ExportOptions) -> String {
    let audience = crate::model::publish::Audience::for_export(options.redact);
    let (published, map) = crate::model::publish::publishable_map(session, map, audience);
    svg(&published.session, &map)
}

/// [`to_svg`] of a published session.
fn svg(session: &Session, map: &WorkMap) -> String {
    let r = Redactor::default();
    let t = |s: &str| xml_escape(&r.redact(s));
    let bands = lane_bands(map);
    let [content_w, content_h] = extent(map);
    let width = content_w.max(980.0) + 40.0;
    let top = 70.0; // title area
    let gaps = gaps(map);
    let nodes = node_index(map);
    let gap_of: HashMap<Id, usize> = gaps.iter().map(|(n, l)| (l.id, *n)).collect();

    // The list of gaps under the lanes, wrapped to the picture's width.
    let chars_per_line = ((width - 80.0) / 6.6) as usize;
    let mut gap_lines: Vec<(usize, Vec<String>)> = Vec::new();
    for (n, l) in &gaps {
        let imagined = node_label(&nodes, l.imagined)
            .map(|n| label_or_untitled(&n.label).to_owned())
            .unwrap_or_else(|| "(nothing imagined)".into());
        let done = node_label(&nodes, l.done)
            .map(|n| label_or_untitled(&n.label).to_owned())
            .unwrap_or_else(|| "(not done)".into());
        let mut text = format!(
            "{} → {} ({})",
            r.redact(&imagined),
            r.redact(&done),
            l.relation.label()
        );
        for (label, value) in [
            ("pressure", &l.gap.pressure),
            ("why it made sense", &l.gap.why),
            ("usually succeeds", &l.gap.usually_succeeds),
            ("risk", &l.gap.risk),
        ] {
            if !value.trim().is_empty() {
                let _ = write!(text, " · {label}: {}", r.redact(value.trim()));
            }
        }
        gap_lines.push((*n, wrap_max(&text, chars_per_line, 4)));
    }
    let legend_y = top + content_h + 30.0;
    let gaps_y = legend_y + 86.0;
    let gaps_h: f32 = if gap_lines.is_empty() {
        0.0
    } else {
        28.0 + gap_lines
            .iter()
            .map(|(_, l)| l.len() as f32 * 16.0 + 8.0)
            .sum::<f32>()
    };
    let height = gaps_y + gaps_h + 20.0;

    let mut s = String::new();
    let _ = writeln!(s, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="Inter, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="13">"#,
        w = width,
        h = height
    );
    let name = if map.name.trim().is_empty() {
        "Work-as-imagined vs work-as-done"
    } else {
        &map.name
    };
    let _ = writeln!(s, "<title>{}</title>", t(name));
    s.push_str("<defs>\n");
    let _ = writeln!(
        s,
        r##"<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#445"/></marker>"##
    );
    s.push_str("</defs>\n");
    let _ = writeln!(
        s,
        r##"<rect x="0" y="0" width="{width:.0}" height="{height:.0}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        s,
        r##"<text x="20" y="34" font-size="20" font-weight="bold" fill="#1d2330">{}</text>"##,
        t(name)
    );
    let _ = writeln!(
        s,
        r##"<text x="20" y="54" font-size="12" fill="#5a6270">{}</text>"##,
        xml_escape(&format!(
            "{} · {} steps, {} gaps ({} annotated)",
            r.redact(session.display_title()),
            map.nodes.len(),
            gaps.len(),
            gaps.iter()
                .filter(|(_, l)| gap_is_annotated(&l.gap))
                .count()
        ))
    );
    let _ = writeln!(s, r#"<g transform="translate(20 {top:.0})">"#);

    // Lanes.
    for b in &bands {
        let _ = writeln!(
            s,
            r##"<rect x="0" y="{:.1}" width="{:.1}" height="{:.1}" rx="8" fill="{}" stroke="#c9d1dc"/>"##,
            b.top,
            content_w - 20.0,
            b.height,
            rgb(b.lane.color())
        );
        let _ = writeln!(
            s,
            r##"<text x="14" y="{:.1}" font-size="14" font-weight="bold" fill="#1d2330">{}</text>"##,
            b.top + 26.0,
            b.lane.label()
        );
        for (i, line) in wrap(b.lane.hint(), 24).iter().enumerate() {
            let _ = writeln!(
                s,
                r##"<text x="14" y="{:.1}" font-size="11" fill="#5a6270">{}</text>"##,
                b.top + 44.0 + i as f32 * 14.0,
                xml_escape(line)
            );
        }
    }

    let boxes: HashMap<Id, Box2> = map
        .nodes
        .iter()
        .filter_map(|n| node_box(&bands, n).map(|b| (n.id, b)))
        .collect();

    // Sequence edges.
    for e in &map.edges {
        let (Some(a), Some(b)) = (boxes.get(&e.from), boxes.get(&e.to)) else {
            continue;
        };
        let (x1, y1, x2, y2) = if b.x >= a.right() {
            (a.right(), a.center()[1], b.x, b.center()[1])
        } else {
            // Backwards in the lane: curve underneath.
            (a.center()[0], a.bottom(), b.center()[0], b.bottom())
        };
        let path = if b.x >= a.right() {
            format!("M{x1:.1},{y1:.1} L{x2:.1},{y2:.1}")
        } else {
            let dip = y1.max(y2) + 20.0;
            format!("M{x1:.1},{y1:.1} C{x1:.1},{dip:.1} {x2:.1},{dip:.1} {x2:.1},{y2:.1}")
        };
        let _ = writeln!(
            s,
            r##"<path d="{path}" fill="none" stroke="#445" stroke-width="1.6" marker-end="url(#arrow)"/>"##
        );
    }

    // Cross-lane links and gap markers.
    for l in &map.links {
        let color = rgb(l.relation.color());
        let dash = if l.relation.is_gap() {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        // A link to a step in a hidden lane is hidden with it (not drawn as a stub).
        if l.imagined.is_some_and(|id| !boxes.contains_key(&id))
            || l.done.is_some_and(|id| !boxes.contains_key(&id))
        {
            continue;
        }
        let a = l.imagined.and_then(|id| boxes.get(&id));
        let b = l.done.and_then(|id| boxes.get(&id));
        let (x1, y1, x2, y2) = match (a, b) {
            (Some(a), Some(b)) => (a.center()[0], a.bottom(), b.center()[0], b.y),
            // One-ended: a stub pointing to where the missing step would be.
            (Some(a), None) => (a.center()[0], a.bottom(), a.center()[0], a.bottom() + 34.0),
            (None, Some(b)) => (b.center()[0], b.y - 34.0, b.center()[0], b.y),
            (None, None) => continue,
        };
        let _ = writeln!(
            s,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{color}" stroke-width="2"{dash}/>"#
        );
        let (mx, my) = if a.is_some() && b.is_some() {
            ((x1 + x2) / 2.0, (y1 + y2) / 2.0)
        } else {
            (x2, if a.is_some() { y2 } else { y1 })
        };
        if let Some(n) = gap_of.get(&l.id) {
            let annotated = gap_is_annotated(&l.gap);
            let _ = writeln!(
                s,
                r##"<circle cx="{mx:.1}" cy="{my:.1}" r="13" fill="{}" stroke="{color}" stroke-width="2"/>"##,
                if annotated { color.as_str() } else { "#ffffff" }
            );
            let _ = writeln!(
                s,
                r##"<text x="{mx:.1}" y="{:.1}" text-anchor="middle" font-size="11" font-weight="bold" fill="{}">G{n}</text>"##,
                my + 4.0,
                if annotated { "#ffffff" } else { color.as_str() }
            );
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="11" font-style="italic" fill="{color}">{}</text>"#,
                mx + 17.0,
                my + 4.0,
                l.relation.label()
            );
        } else {
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="11" font-style="italic" fill="{color}">{}</text>"#,
                mx + 6.0,
                my + 4.0,
                l.relation.label()
            );
        }
    }

    // Steps.
    for n in &map.nodes {
        let Some(b) = boxes.get(&n.id) else { continue };
        let evidenced = has_evidence(n);
        let (stroke, dash) = if evidenced {
            ("#4a5566", "")
        } else {
            ("#b9770e", r#" stroke-dasharray="5 3""#)
        };
        let _ = writeln!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="8" fill="#ffffff" stroke="{stroke}" stroke-width="1.5"{dash}/>"##,
            b.x, b.y, b.w, b.h
        );
        let max_lines = if evidenced { 3 } else { 2 };
        let lines = wrap_max(
            &r.redact(label_or_untitled(&n.label)),
            NODE_CHARS,
            max_lines,
        );
        let line_h = 15.0;
        let block = lines.len() as f32 * line_h;
        let first = b.y + (if evidenced { b.h } else { b.h - 14.0 } - block) / 2.0 + 11.0;
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{first:.1}" text-anchor="middle" fill="#1d2330">"##,
            b.center()[0]
        );
        for (i, line) in lines.iter().enumerate() {
            let _ = write!(
                s,
                r#"<tspan x="{:.1}" dy="{}">{}</tspan>"#,
                b.center()[0],
                if i == 0 { 0.0 } else { line_h },
                xml_escape(line)
            );
        }
        s.push_str("</text>\n");
        if !evidenced {
            let _ = writeln!(
                s,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="10" font-style="italic" fill="#b9770e">⚠ no evidence yet</text>"##,
                b.center()[0],
                b.bottom() - 7.0
            );
        }
    }
    s.push_str("</g>\n");

    // Legend.
    let _ = writeln!(s, r#"<g transform="translate(20 {legend_y:.0})">"#);
    let _ = writeln!(
        s,
        r##"<text x="0" y="0" font-size="12" font-weight="bold" fill="#1d2330">Legend</text>"##
    );
    let mut x = 0.0;
    for rel in Relation::ALL {
        let c = rgb(rel.color());
        let dash = if rel.is_gap() {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let _ = writeln!(
            s,
            r#"<line x1="{x:.0}" y1="20" x2="{:.0}" y2="20" stroke="{c}" stroke-width="2"{dash}/>"#,
            x + 28.0
        );
        let _ = writeln!(
            s,
            r##"<text x="{:.0}" y="24" font-size="11" fill="#1d2330">{}: {}</text>"##,
            x + 34.0,
            rel.label(),
            rel.hint()
        );
        x += 190.0;
    }
    let _ = writeln!(
        s,
        r##"<line x1="0" y1="44" x2="28" y2="44" stroke="#445" stroke-width="1.6" marker-end="url(#arrow)"/><text x="34" y="48" font-size="11" fill="#1d2330">sequence within a lane</text>"##
    );
    let _ = writeln!(
        s,
        r##"<rect x="190" y="36" width="28" height="16" rx="4" fill="#fff" stroke="#b9770e" stroke-dasharray="5 3"/><text x="224" y="48" font-size="11" fill="#1d2330">step without evidence</text>"##
    );
    let _ = writeln!(
        s,
        r##"<circle cx="394" cy="44" r="9" fill="#1f77b4"/><text x="408" y="48" font-size="11" fill="#1d2330">gap with a note</text><circle cx="584" cy="44" r="9" fill="#fff" stroke="#1f77b4" stroke-width="2"/><text x="598" y="48" font-size="11" fill="#1d2330">gap not yet annotated</text>"##
    );
    s.push_str("</g>\n");

    // The gaps, spelled out.
    if !gap_lines.is_empty() {
        let _ = writeln!(s, r#"<g transform="translate(20 {gaps_y:.0})">"#);
        let _ = writeln!(
            s,
            r##"<text x="0" y="0" font-size="12" font-weight="bold" fill="#1d2330">Gaps: how each made sense</text>"##
        );
        let mut y = 22.0;
        for (n, lines) in &gap_lines {
            let _ = writeln!(
                s,
                r##"<text x="0" y="{y:.0}" font-size="12" font-weight="bold" fill="#1d2330">G{n}</text>"##
            );
            for line in lines {
                let _ = writeln!(
                    s,
                    r##"<text x="32" y="{y:.0}" font-size="12" fill="#1d2330">{}</text>"##,
                    xml_escape(line)
                );
                y += 16.0;
            }
            y += 8.0;
        }
        s.push_str("</g>\n");
    }
    s.push_str("</svg>\n");
    s
}
