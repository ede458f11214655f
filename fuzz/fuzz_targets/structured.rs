//! Arbitrary *structured* sessions (see `fuzz_model::structured`): numbers over their
//! full ranges, references that mostly resolve, hostile text anywhere. Whatever
//! `validate` refuses is skipped; whatever it accepts must go through every
//! workspace-independent path without a panic: save and reopen, the publishable
//! view, every draft, both Markdown exports (inert), the redacted copy, map SVGs and
//! tables, calibration documents, the timeline order, search and the language check.
#![no_main]

use fuzz_model::model::{self, export, map, narrative, publish};
use fuzz_model::structured::Gen;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|g: Gen| {
    let s = g.build();
    if model::validate::validate(&s).is_err() {
        return;
    }
    fuzz_model::exercise(&s);
    for redact in [true, false] {
        let options = export::ExportOptions { redact };
        let (md, _) = export::to_markdown_checked(&s, options);
        fuzz_model::assert_inert(&md);
        for sec in &s.narrative.sections {
            fuzz_model::assert_inert(&export::section_markdown(&s, sec, options));
        }
        for m in &s.maps {
            let _ = map::to_svg(&s, m, options);
            fuzz_model::assert_inert(&map::to_markdown(&s, m, options));
        }
        let published = publish::publishable(&s, publish::Audience::for_export(redact));
        let _ = export::draft_sections(&published.session);
    }
    let plan = narrative::draft_from_session(&s);
    let _ = plan.describe();
    for std in narrative::STANDARD.iter() {
        let _ = narrative::draft_body(&s, std.kind);
    }
    let _ = narrative::broken_claims(&s, &s.narrative.sections);
    for p in &s.participants {
        let _ = model::calibration::document(&s, p.id);
    }
    for job in [
        export::SessionExport::Markdown { redact: true },
        export::SessionExport::RedactedCopy,
    ] {
        let _ = job.build(&s);
    }
    let _ = model::timeline::ordered(&s.timeline);
    for e in &s.timeline {
        let _ = model::timeline::resolved_time(&s, e);
        let _ = narrative::event_time(&s, e);
    }
    for m in &s.maps {
        let _ = map::tidy(m);
        let _ = map::extent(m);
    }
    for sec in &s.narrative.sections {
        let _ = model::lint::check(&sec.body);
    }
    let query = model::search::Query {
        text: s.title.clone(),
        ..Default::default()
    };
    let _ = model::search::search(&s, &query);
});
