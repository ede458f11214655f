//! Privacy promises on screen, as a facilitator meets them: a decision point made from
//! an off-the-record statement is marked and its words stay out of the export
//! preview; a participant who may not be quoted gets a paraphrase field, and the
//! Export workspace lists the paraphrases still to write before anything is exported.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use second_story::SecondStoryApp;
use second_story::io::{Autosave, Location};
use second_story::model::{EXAMPLE_SESSION, file};

mod common;
use common::{harness, keys, say, start_interview};

const OFF: &str = "My manager told me to hide the outage from the status page";

/// Whether any line of the export's Markdown source view holds `words`.
fn preview_holds(h: &Harness<'_, SecondStoryApp>, words: &str) -> bool {
    h.query_all_by_label_contains(words).next().is_some()
}

/// The words of the first widget whose label holds `part` (empty when there is none).
fn label_of(h: &Harness<'_, SecondStoryApp>, part: &str) -> String {
    use egui_kittest::kittest::NodeT;
    h.query_by_label_contains(part)
        .and_then(|n| {
            let a = n.accesskit_node();
            a.label().or_else(|| a.value())
        })
        .unwrap_or_default()
}

#[test]
fn a_decision_point_from_off_the_record_words_is_marked_and_withheld() {
    let mut h = harness();
    start_interview(&mut h, None);
    say(&mut h, "We raised the pool limit at ten");
    keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);
    say(&mut h, OFF);
    keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::R);

    // A decision point made from the off-the-record statement (titled by its words).
    h.get_by_label("⚖ Decision points").click();
    h.run();
    h.get_by_label(OFF).click();
    h.run();
    h.get_by_label("➕ Decision point from 1 selected").click();
    h.run();
    let s = h.state().session().clone();
    assert_eq!(s.decision_points.len(), 1);
    assert!(s.decision_points[0].title.starts_with("My manager told me"));
    // Marked in the list, so the facilitator sees what exports will do with it.
    assert!(
        h.query_by_label_contains("🔒 off the record").is_some(),
        "the decision point is marked"
    );

    // The export preview, as rendered and as Markdown source, does not hold its words.
    keys(&mut h, Modifiers::COMMAND, Key::Num7);
    assert!(
        h.query_all_by_label_contains("on record").next().is_some(),
        "preview shown"
    );
    for words in ["hide the outage", "My manager told me"] {
        assert!(!preview_holds(&h, words), "{words} in the rendered preview");
    }
    h.get_by_label("Markdown").click();
    h.run();
    assert!(
        h.query_all_by_label_contains("# ").next().is_some(),
        "source shown"
    );
    for words in ["hide the outage", "My manager told me"] {
        assert!(!preview_holds(&h, words), "{words} in the Markdown source");
    }
    // The file keeps it.
    assert!(h.state().session().interviews[0].statements[1].text == OFF);
}

#[test]
fn paraphrases_to_write_are_listed_before_export() {
    // The example, with a participant who may not be quoted and no paraphrases yet.
    let mut s = file::from_str(EXAMPLE_SESSION).expect("example").session;
    s.participants[0].consent.may_quote = false;
    s.interviews
        .iter_mut()
        .flat_map(|i| &mut i.statements)
        .for_each(|st| st.paraphrase.clear());
    let first = s
        .interviews
        .iter()
        .find(|i| i.participant == s.participants[0].id)
        .map(|i| i.id);
    let text = file::to_ron_string(&s).expect("serializes");
    let mut app = SecondStoryApp::with_autosave(Autosave::disabled());
    app.open_bytes("example.story.ron", Location::Unsaved, text.into_bytes());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut SecondStoryApp| app.ui_root(ui), app);
    h.run();
    keys(&mut h, Modifiers::COMMAND, Key::Num7);
    let warning = label_of(&h, "paraphrase(s) to write first");
    let count = |w: &str| {
        w.split_whitespace()
            .nth(1)
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0)
    };
    let before = count(&warning);
    assert!(before > 0, "{warning}");
    assert!(h.query_by_label("⬇ Export Markdown…").is_some());

    // Write one paraphrase in the statement editor: one fewer to write.
    keys(&mut h, Modifiers::COMMAND, Key::Num3);
    assert_eq!(
        h.state().session().interviews.first().map(|i| i.id),
        first,
        "the first interview is P1's"
    );
    let (unquoted, words) = h.state().session().interviews[0]
        .statements
        .iter()
        .enumerate()
        .find(|(_, st)| st.speaker == second_story::model::Speaker::Interviewee && !st.off_record)
        .map(|(k, st)| {
            (
                k,
                st.text
                    .split_whitespace()
                    .take(4)
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        })
        .unwrap_or_default();
    let title = h.state().session().interviews[0].title.clone();
    h.get_by_label(&title).click();
    h.run();
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Search").type_text(&words);
    h.run();
    h.get_by_label("✏").click();
    h.run();
    h.get_by_label_contains("Paraphrase — needed").click();
    h.run();
    h.get_by_label_contains("Paraphrase — needed")
        .type_text("They kept an eye on the pool graph.");
    h.run();
    assert!(
        h.state().session().interviews[0].statements[unquoted]
            .paraphrase
            .starts_with("They kept"),
        "paraphrase written"
    );
    keys(&mut h, Modifiers::COMMAND, Key::Num7);
    let after = count(&label_of(&h, "paraphrase(s) to write first"));
    assert!(after < before, "{before} → {after}");
}
