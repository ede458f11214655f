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

/// Text without its final full stop, escaped: a clause in a list.
fn clause(text: &str) -> String {
    esc(text.trim().trim_end_matches('.'))
}

/// Words that start a sentence with a capital only because they start it: after a
/// semicolon they are written small. Anything else (a name, "P1", "DB") is kept.
const SMALL_AFTER_SEMICOLON: [&str; 16] = [
    "The", "A", "An", "This", "That", "These", "Those", "Our", "Their", "Its", "Some", "No",
    "Every", "Each", "There", "It",
];

/// A clause that follows a semicolon.
fn inner_clause(text: &str) -> String {
    let c = clause(text);
    let first = c.split(' ').next().unwrap_or_default();
    if SMALL_AFTER_SEMICOLON.contains(&first) {
        let mut chars = c.chars();
        chars
            .next()
            .map(|f| f.to_lowercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        c
    }
}

/// Findings of a kind as clauses with their evidence (at most `most`), and how many
/// there are.
fn finding_clauses(session: &Session, kind: FindingKind, most: usize) -> (Vec<String>, usize) {
    let all: Vec<&Finding> = session.findings.iter().filter(|f| f.kind == kind).collect();
    let shown = all
        .iter()
        .take(most)
        .enumerate()
        .map(|(n, f)| {
            let text = if n == 0 {
                clause(&f.text)
            } else {
                inner_clause(&f.text)
            };
            format!("{text}{}", cites(session, &f.evidence))
        })
        .collect();
    (shown, all.len())
}

fn more(total: usize, shown: usize, section: &str) -> String {
    if total > shown {
        format!(" ({} more under “{section}”)", total - shown)
    } else {
        String::new()
    }
}

/// The Summary, drafted from the findings (the decision points, what made it hard,
/// what had to be true together, what went well), never from the purpose.
pub(super) fn summary(session: &Session, md: &mut String) {
    let study = match session.kind {
        SessionKind::IncidentReview => "This review of an incident",
        SessionKind::NearMiss => "This study of a near miss — a surprise that had no impact —",
        SessionKind::NormalWork => "This study of normal work",
    };
    let interviews = session.interviews.len();
    let mut people: Vec<Id> = session.interviews.iter().map(|i| i.participant).collect();
    people.sort();
    people.dedup();
    let people = people.len();
    if interviews == 0 {
        let _ = write!(md, "{study} has no interviews yet.");
    } else {
        let _ = write!(
            md,
            "{study} draws on {interviews} interview{} with {people} {}.",
            if interviews == 1 { "" } else { "s" },
            if people == 1 { "person" } else { "people" }
        );
    }
    let titles: Vec<String> = session
        .decision_points
        .iter()
        // With their evidence: every clause carries it (and a gate reading an edited
        // summary then knows whose words a title may hold).
        .map(|d| format!("*{}*{}", clause(&d.title), cites(session, &d.statements)))
        .collect();
    match titles.len() {
        0 => {}
        1 => {
            let _ = write!(md, " The story turns on one decision point: {}.", titles[0]);
        }
        n => {
            let _ = write!(
                md,
                " The story turns on {n} decision points: {}.",
                super::method::and_list(&titles)
            );
        }
    }
    md.push_str("\n\n");
    let (hard, n_hard) = finding_clauses(session, FindingKind::Difficulty, 2);
    let (contributors, n_contributors) = finding_clauses(session, FindingKind::Contributor, 3);
    let (well, n_well) = finding_clauses(session, FindingKind::WentWell, 3);
    if hard.is_empty() && contributors.is_empty() && well.is_empty() {
        md.push_str(
            "No contributors, difficulties or things that went well are recorded yet; this \
summary fills in as they are.\n\n",
        );
        return;
    }
    for (items, total, lead, section) in [
        (&hard, n_hard, "What made it hard", "What made it hard"),
        (
            &contributors,
            n_contributors,
            "Among the things that had to be true together",
            "Contributors and enablers",
        ),
        (
            &well,
            n_well,
            "What went well",
            "What went well and how people created safety",
        ),
    ] {
        if !items.is_empty() {
            let _ = writeln!(
                md,
                "{lead}: {}{}.\n",
                items.join("; "),
                more(total, items.len(), section)
            );
        }
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
    // Each gap between work as imagined and as done, with the pressure it answers.
    let gaps: Vec<(&WorkMap, &MapLink)> = session
        .maps
        .iter()
        .flat_map(|m| m.links.iter().map(move |l| (m, l)))
        .filter(|(_, l)| !l.gap.pressure.trim().is_empty())
        .collect();
    if !gaps.is_empty() {
        md.push_str("Pressures that the work as done answers, from the work maps:\n\n");
        for (m, l) in gaps {
            let step = [l.done, l.imagined]
                .into_iter()
                .flatten()
                .find_map(|id| m.nodes.iter().find(|n| n.id == id))
                .map(|n| format!("*{}*{}: ", esc(&n.label), cites(session, &n.evidence)))
                .unwrap_or_default();
            let _ = writeln!(
                md,
                "- {step}{}{}",
                esc(&l.gap.pressure),
                cites(session, &l.gap.evidence)
            );
        }
        md.push('\n');
    }
    statement_bullets(
        session,
        md,
        "What else was going on for people, in their own accounts:",
        StatementKind::StateOfMind,
    );
    let on_timeline: std::collections::HashSet<Id> =
        session.timeline.iter().map(|e| e.id).collect();
    let differing = session
        .timeline
        .iter()
        .filter(|e| e.differs_from.iter().any(|d| on_timeline.contains(d)))
        .count();
    if differing > 0 {
        let _ = writeln!(
            md,
            "People remember some moments differently: {differing} accounts on the timeline \
differ from another account of the same moment. Each is kept in the story.\n"
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
