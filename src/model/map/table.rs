//! The map as a Markdown gap table for the write-up.

use super::*;

/// The map as a Markdown section for the write-up: a table of gaps (imagined, done,
/// relation, pressure, why it made sense, whether it usually succeeds, risk, evidence)
/// and the steps that still lack evidence. Rendered from the publishable view
/// ([`crate::model::publish`]): off-the-record words and unquotable words never appear.
pub fn to_markdown(session: &Session, map: &WorkMap, options: ExportOptions) -> String {
    let audience = crate::model::publish::Audience::for_export(options.redact);
    let (published, map) = crate::model::publish::publishable_map(session, map, audience);
    gap_table(&published.session, &map)
}

/// [`to_markdown`] of a published session (the write-up's draft uses it as it is).
pub fn gap_table(session: &Session, map: &WorkMap) -> String {
    let r = Redactor::default();
    let cell = |s: &str| {
        let s = s.trim();
        if s.is_empty() {
            "—".to_owned()
        } else {
            escape_cell(&r.redact(s))
        }
    };
    let name = if map.name.trim().is_empty() {
        "Work-as-imagined vs work-as-done"
    } else {
        &map.name
    };
    let mut md = String::new();
    let _ = writeln!(md, "### {}\n", escape_inline(&r.redact(name)));
    let gaps = gaps(map);
    let nodes = node_index(map);
    let lanes: Vec<&str> = visible_lanes(map).iter().map(|l| l.label()).collect();
    let _ = writeln!(
        md,
        "{} across {}; {} cross-lane link{}, {} of them gaps.\n",
        if map.nodes.len() == 1 {
            "1 step".to_owned()
        } else {
            format!("{} steps", map.nodes.len())
        },
        if lanes.is_empty() {
            "no visible lanes".to_owned()
        } else {
            lanes.join(", ")
        },
        map.links.len(),
        if map.links.len() == 1 { "" } else { "s" },
        gaps.len()
    );
    if gaps.is_empty() {
        md.push_str("No gaps recorded on this map yet.\n");
    } else {
        md.push_str("| Gap | Imagined | Done | Relation | Pressure | Why it made sense | Usually succeeds? | Risk | Evidence |\n");
        md.push_str("|---|---|---|---|---|---|---|---|---|\n");
        for (n, l) in &gaps {
            let side = |id: Option<Id>, none: &str| match node_label(&nodes, id) {
                Some(node) if node.lane == Lane::Imagined || node.lane == Lane::Done => {
                    cell(label_or_untitled(&node.label))
                }
                Some(node) => format!(
                    "{} *({})*",
                    cell(label_or_untitled(&node.label)),
                    node.lane.short().to_lowercase()
                ),
                None => format!("*{none}*"),
            };
            let evidence: Vec<String> = l
                .gap
                .evidence
                .iter()
                .filter_map(|id| evidence_line(session, *id, &r, 90))
                .map(|e| escape_cell(&e))
                .collect();
            let _ = writeln!(
                md,
                "| G{n} | {} | {} | {} | {} | {} | {} | {} | {} |",
                side(l.imagined, "not imagined"),
                side(l.done, "not done"),
                l.relation.label(),
                cell(&l.gap.pressure),
                cell(&l.gap.why),
                cell(&l.gap.usually_succeeds),
                cell(&l.gap.risk),
                if evidence.is_empty() {
                    "*none cited*".to_owned()
                } else {
                    evidence.join("; ")
                }
            );
        }
    }
    let bare: Vec<String> = map
        .nodes
        .iter()
        .filter(|n| !has_evidence(n))
        .map(|n| {
            format!(
                "- {} ({})",
                escape_inline(&r.redact(label_or_untitled(&n.label))),
                n.lane.short().to_lowercase()
            )
        })
        .collect();
    if !bare.is_empty() {
        let _ = writeln!(md, "\nSteps without evidence yet:\n\n{}", bare.join("\n"));
    }
    md
}
