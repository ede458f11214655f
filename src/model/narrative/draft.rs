//! Drafted sections made of lists: statements by kind, findings, pressures, patterns,
//! themes and follow-ups, each with its evidence as footnotes. Also the small
//! helpers every drafted section uses.

use super::*;

/// Footnote references for the statements that can be cited (others are skipped).
pub(super) fn cites(session: &Session, evidence: &[Id]) -> String {
    let mut out = String::new();
    for id in evidence {
        if let Some((_, s)) = session.statement(*id)
            && !s.off_record
        {
            out.push_str(&footnote_ref(s.id));
        }
    }
    out
}

pub(super) fn esc(s: &str) -> String {
    escape_inline(s.trim())
}

fn first_paragraph(text: &str) -> &str {
    text.trim().split("\n\n").next().unwrap_or_default().trim()
}

pub(super) fn pseudonyms(session: &Session, ids: &[Id]) -> String {
    let names: Vec<String> = ids.iter().map(|id| esc(session.pseudonym(*id))).collect();
    names.join(", ")
}

pub(super) fn summary(session: &Session, md: &mut String) {
    let study = match session.kind {
        SessionKind::IncidentReview => "This review of an incident",
        SessionKind::NearMiss => "This study of a near miss — a surprise that had no impact —",
        SessionKind::NormalWork => "This study of normal work",
    };
    let people = session.participants.len();
    let interviews = session.interviews.len();
    if interviews == 0 {
        let _ = writeln!(md, "{study} has no interviews yet.\n");
    } else {
        let _ = writeln!(
            md,
            "{study} draws on {interviews} interview{} with {people} {} involved.\n",
            if interviews == 1 { "" } else { "s" },
            if people == 1 { "person" } else { "people" }
        );
    }
    if !session.purpose.trim().is_empty() {
        let _ = writeln!(md, "{}\n", esc(first_paragraph(&session.purpose)));
    }
    for i in &session.interviews {
        if !i.summary.trim().is_empty() {
            let _ = writeln!(md, "{}\n", esc(&i.summary));
        }
    }
    let well: Vec<&Finding> = session
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::WentWell)
        .take(3)
        .collect();
    if !well.is_empty() {
        md.push_str("What went well, in brief:\n\n");
        for f in well {
            let _ = writeln!(md, "- {}{}", esc(&f.text), cites(session, &f.evidence));
        }
        md.push('\n');
    }
}

pub(super) fn why(session: &Session, md: &mut String) {
    if !session.purpose.trim().is_empty() {
        for para in session.purpose.trim().split("\n\n") {
            let _ = writeln!(md, "{}\n", esc(para));
        }
    }
    if !session.facilitators.is_empty() {
        let names: Vec<String> = session.facilitators.iter().map(|f| esc(f)).collect();
        let _ = writeln!(md, "Facilitated by {}.", names.join(" and "));
    }
}

/// Statements of these kinds, by interviewee, across interviews (not off the record).
/// A lead-in line, then each statement of this kind as a bullet: who said it, their
/// words and the evidence footnote. Writes nothing when there are none.
fn statement_bullets(session: &Session, md: &mut String, lead_in: &str, kind: StatementKind) {
    let mut items = statements_of(session, std::slice::from_ref(&kind)).peekable();
    if items.peek().is_none() {
        return;
    }
    md.push_str(lead_in);
    md.push_str("\n\n");
    for (i, s) in items {
        let _ = writeln!(
            md,
            "- {}: {}{}",
            esc(session.pseudonym(i.participant)),
            esc(&s.text),
            footnote_ref(s.id)
        );
    }
    md.push('\n');
}

fn statements_of<'a>(
    session: &'a Session,
    kinds: &'a [StatementKind],
) -> impl Iterator<Item = (&'a Interview, &'a Statement)> + 'a {
    session.interviews.iter().flat_map(move |i| {
        i.statements
            .iter()
            .filter(move |s| {
                !s.off_record && s.speaker == Speaker::Interviewee && kinds.contains(&s.kind)
            })
            .map(move |s| (i, s))
    })
}

pub(super) fn normal_work(session: &Session, md: &mut String) {
    statement_bullets(
        session,
        md,
        "How people described the way things usually work:",
        StatementKind::MentalModel,
    );
    let matches: Vec<&MapNode> = session
        .maps
        .iter()
        .flat_map(|m| {
            // By id, once per map (a scan per link was quadratic on a 100k-step map).
            let by_id: std::collections::HashMap<Id, &MapNode> =
                m.nodes.iter().map(|n| (n.id, n)).collect();
            m.links
                .iter()
                .filter(|l| l.relation == Relation::Matches)
                .filter_map(|l| l.done.and_then(|d| by_id.get(&d).copied()))
                .collect::<Vec<_>>()
        })
        .collect();
    if !matches.is_empty() {
        md.push_str("Steps done the way they are pictured:\n\n");
        for n in matches {
            let _ = writeln!(md, "- {}{}", esc(&n.label), cites(session, &n.evidence));
        }
    }
}

pub(super) fn aspect_label(k: AspectKind) -> &'static str {
    match k {
        AspectKind::Cues => "Cues",
        AspectKind::Knowledge => "Knowledge",
        AspectKind::Goals => "Goals and goal conflicts",
        AspectKind::Options => "Options seen",
        AspectKind::BasisOfChoice => "Basis of the choice",
        AspectKind::Experience => "Experience and analogues",
        AspectKind::TimePressure => "Time pressure",
        AspectKind::SituationAssessment => "Situation assessment",
        AspectKind::Hypotheticals => "What if",
        AspectKind::Aiding => "What helps, or might help",
    }
}

pub(super) fn findings_list(session: &Session, kind: FindingKind, lead: &str, md: &mut String) {
    let items: Vec<&Finding> = session.findings.iter().filter(|f| f.kind == kind).collect();
    if items.is_empty() {
        return;
    }
    let _ = writeln!(md, "{lead}\n");
    for f in items {
        let _ = writeln!(md, "- {}{}", esc(&f.text), cites(session, &f.evidence));
    }
    md.push('\n');
}

pub(super) fn hard(session: &Session, md: &mut String) {
    findings_list(
        session,
        FindingKind::Difficulty,
        "What made the situation hard to handle:",
        md,
    );
    let pressures: Vec<(&DecisionPoint, &Aspect)> = session
        .decision_points
        .iter()
        .flat_map(|d| {
            d.aspects
                .iter()
                .filter(|a| matches!(a.kind, AspectKind::TimePressure | AspectKind::Goals))
                .map(move |a| (d, a))
        })
        .collect();
    if !pressures.is_empty() {
        md.push_str("Pressures and goal conflicts at the decision points:\n\n");
        for (d, a) in pressures {
            let _ = writeln!(
                md,
                "- *{}* ({}): {}{}",
                esc(&d.title),
                aspect_label(a.kind).to_lowercase(),
                esc(&a.text),
                cites(session, &a.evidence)
            );
        }
        md.push('\n');
    }
    if session.findings.is_empty() {
        statement_bullets(
            session,
            md,
            "What else was going on for people:",
            StatementKind::StateOfMind,
        );
    }
}

pub(super) fn contributors(session: &Session, md: &mut String) {
    if !session
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::Contributor)
    {
        return;
    }
    findings_list(
        session,
        FindingKind::Contributor,
        "Things that had to be true together for events to unfold as they did. None of them \
is a cause on its own, and none of them is a person.",
        md,
    );
}

pub(super) fn patterns(session: &Session, md: &mut String) {
    let mut vocabularies: Vec<&str> = Vec::new();
    for c in &session.codes {
        let v = c.vocabulary.as_deref().unwrap_or("Our own codes");
        if !vocabularies.contains(&v) {
            vocabularies.push(v);
        }
    }
    for v in vocabularies {
        let mut lines = Vec::new();
        for c in session
            .codes
            .iter()
            .filter(|c| c.vocabulary.as_deref().unwrap_or("Our own codes") == v)
        {
            let tagged: Vec<Id> = session
                .tags
                .iter()
                .filter(|t| t.code == c.id)
                .map(|t| t.statement)
                .collect();
            if tagged.is_empty() {
                continue;
            }
            let desc = if c.description.trim().is_empty() {
                String::new()
            } else {
                format!(" — {}", esc(&c.description))
            };
            lines.push(format!(
                "- **{}** ({} excerpt{}){desc}{}",
                esc(&c.name),
                tagged.len(),
                if tagged.len() == 1 { "" } else { "s" },
                cites(session, &tagged)
            ));
        }
        if !lines.is_empty() {
            let _ = writeln!(md, "*{}*\n\n{}\n", esc(v), lines.join("\n"));
        }
    }
}

pub(super) fn themes(session: &Session, md: &mut String) {
    for t in &session.themes {
        let statements: Vec<Id> = t
            .excerpts
            .iter()
            .filter_map(|x| session.tags.iter().find(|tag| tag.id == *x))
            .map(|tag| tag.statement)
            .collect();
        let _ = writeln!(
            md,
            "- **{}**{}{}",
            esc(&t.name),
            if t.description.trim().is_empty() {
                String::new()
            } else {
                format!(": {}", esc(&t.description))
            },
            cites(session, &statements)
        );
    }
    if !session.themes.is_empty() {
        md.push('\n');
    }
    findings_list(session, FindingKind::Risk, "Risks noticed:", md);
    findings_list(
        session,
        FindingKind::OpenQuestion,
        "Questions we could not answer yet:",
        md,
    );
}

pub(super) fn follow_ups(session: &Session, md: &mut String) {
    for (class, title, lead) in [
        (
            FollowUpClass::ResponseRecovery,
            "Response and recovery",
            "These help with every future incident, whatever sets it off.",
        ),
        (
            FollowUpClass::Prevention,
            "Prevention",
            "These make this particular trigger less likely.",
        ),
    ] {
        let items: Vec<&FollowUp> = session
            .follow_ups
            .iter()
            .filter(|f| f.class == class)
            .collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(md, "### {title}\n\n{lead}\n");
        for f in items {
            let soak = f
                .soak_until
                .map(|d| format!(" *(soaking until {})*", d.format("%-d %b %Y")))
                .unwrap_or_default();
            let _ = writeln!(
                md,
                "- {}{soak}{}",
                esc(&f.text),
                cites(session, &f.evidence)
            );
        }
        md.push('\n');
    }
}
