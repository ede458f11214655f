//! Tests of the generator: deterministic, valid, sized as specified, spans on
//! character boundaries, citations that resolve, a RON round trip.

use super::*;
use crate::model::validate::validate;

#[test]
fn same_seed_same_session_other_seed_differs() {
    let a = generate(&Scale::M, 7);
    let b = generate(&Scale::M, 7);
    assert_eq!(a, b);
    let c = generate(&Scale::M, 8);
    assert_ne!(
        a.interviews[0].statements[0].id,
        c.interviews[0].statements[0].id
    );
    assert_ne!(a, c);
}

#[test]
fn m_is_valid_and_sized() {
    let s = generate(&Scale::M, 1);
    validate(&s).unwrap();
    assert_eq!(s.interviews.len(), 10);
    assert_eq!(s.statement_count(), 1_000);
    assert_eq!(s.timeline.len(), Scale::M.timeline_events);
    assert_eq!(s.maps.len(), 1);
}

#[test]
fn l_is_valid_and_sized() {
    let s = generate(&Scale::L, 42);
    validate(&s).unwrap();
    assert_eq!(s.interviews.len(), 40);
    assert_eq!(s.statement_count(), 4_000);
    assert_eq!(s.timeline.len(), 400);
    assert_eq!(s.decision_points.len(), 150);
    assert!(s.decision_points.iter().all(|d| !d.aspects.is_empty()));
    assert_eq!(s.maps.len(), 4);
    assert!(s.maps.iter().all(|m| m.nodes.len() == 75));
    assert!(
        s.maps
            .iter()
            .all(|m| !m.edges.is_empty() && !m.links.is_empty())
    );
    assert_eq!(s.tags.len(), 1_500);
    let mut names: Vec<_> = s.participants.iter().map(|p| &p.real_name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), s.participants.len(), "real names are unique");
    assert!(!s.themes.is_empty() && !s.findings.is_empty() && !s.follow_ups.is_empty());
    let words = narrative_words(&s);
    assert!((10_000..11_500).contains(&words), "{words} words");
    assert_eq!(s.narrative.sections.len(), narrative::STANDARD.len());
}

#[test]
fn text_looks_like_notes() {
    let s = generate(&Scale::M, 3);
    let lens: Vec<usize> = s
        .interviews
        .iter()
        .flat_map(|i| &i.statements)
        .map(|st| st.text.split_whitespace().count())
        .collect();
    let min = lens.iter().min().copied().unwrap_or(0);
    let max = lens.iter().max().copied().unwrap_or(0);
    let mean = lens.iter().sum::<usize>() / lens.len();
    assert!(
        min >= 4 && max >= 60 && (12..=40).contains(&mean),
        "{min} {max} {mean}"
    );
    // Spans stay inside the text (ASCII, so on character boundaries).
    for t in &s.tags {
        if let Some((a, b)) = t.span {
            let (_, st) = s.statement(t.statement).unwrap();
            assert!(a < b && b <= st.text.len() && st.text.is_char_boundary(a));
        }
    }
    // Citations in the write-up resolve.
    for sec in &s.narrative.sections {
        for f in narrative::footnote_refs(&sec.body) {
            assert!(matches!(
                narrative::resolve(&s, &f.label),
                narrative::Evidence::Found { .. }
            ));
        }
    }
    // The round trip through the file format keeps it.
    let text = crate::model::file::to_ron_string(&s).unwrap();
    let back = crate::model::file::from_str(&text).unwrap();
    assert_eq!(back.session, s);
}
