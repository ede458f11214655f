//! Every hostile file that `validate` accepts can be shown in every workspace: each
//! corpus file (`tests/corpus/session/`, `tests/corpus/regressions/`) that loads is
//! opened in the app and every workspace is drawn, the timeline also as a table,
//! without a panic. Files that do not load are `tests/hostile_files.rs`'s business.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use second_story::SecondStoryApp;
use second_story::io::{Autosave, Location};
use second_story::model::file;
use second_story::ui::{Action, Workspace};
use std::path::{Path, PathBuf};

fn corpus_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for sub in ["session", "regressions"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus")
            .join(sub);
        if let Ok(entries) = std::fs::read_dir(dir) {
            files.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
        }
    }
    files.retain(|p| p.is_file() && !p.ends_with("README.md"));
    files.sort();
    files
}

/// Opens `bytes` in a fresh app and draws every workspace.
fn show_everywhere(name: &str, bytes: Vec<u8>) {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(
            |ui, app: &mut SecondStoryApp| app.ui_root(ui),
            SecondStoryApp::with_autosave(Autosave::disabled()),
        );
    h.run();
    let expected = file::from_bytes(&bytes).map(|l| l.session.title);
    h.state_mut().open_bytes(name, Location::Unsaved, bytes);
    h.run();
    assert!(
        h.state().error_message().is_none(),
        "{name}: {:?}",
        h.state().error_message()
    );
    assert_eq!(Ok(h.state().session().title.clone()), expected, "{name}");
    for w in Workspace::ALL {
        h.state_mut().perform(Action::Show(w));
        // A few frames: some views lay out in one frame and draw in the next.
        for _ in 0..3 {
            h.run();
        }
        if w == Workspace::Timeline
            && let Some(table) = h.query_by_label_contains("Table")
        {
            table.click();
            h.run();
            h.run();
        }
    }
}

#[test]
fn every_valid_corpus_file_shows_in_every_workspace() {
    let mut shown = Vec::new();
    for path in corpus_files() {
        let bytes = std::fs::read(&path).unwrap_or_default();
        if file::from_bytes(&bytes).is_err() {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        show_everywhere(&name, bytes);
        shown.push(name);
    }
    // The corpus holds valid hostile files on purpose: this test is not vacuous.
    for must in [
        "anchor-cycle.story.ron",
        "calendar-ends.story.ron",
        "offset-1e13-untimed-anchor.story.ron",
    ] {
        assert!(
            shown.iter().any(|s| s == must),
            "{must} was not shown: {shown:?}"
        );
    }
}

#[test]
fn the_example_shows_in_every_workspace() {
    // The same walk over a rich session, so a broken walk (a workspace that no longer
    // opens, a table that cannot be found) shows up here too.
    show_everywhere(
        "checkout-near-miss.story.ron",
        second_story::model::EXAMPLE_SESSION.as_bytes().to_vec(),
    );
}
