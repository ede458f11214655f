//! The benchmark keeps working as the workspaces change: a tiny run (size M, a few
//! frames) must succeed, type into the capture field and the narrative editor, and
//! print one JSON object with the keys BENCHMARKS.md and issue #7 rely on.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a failing test stops loudly (clippy.toml allows this in #[test] functions, not in their helpers)"
)]

use std::process::Command;

#[test]
fn quick_bench_prints_json_with_every_key() {
    let out = Command::new(env!("CARGO_BIN_EXE_second-story-bench"))
        .args(["--json", "--sizes", "M", "--frames", "5"])
        .output()
        .expect("the bench runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "bench failed: {stderr}");
    let json = stdout.trim();
    assert!(
        json.starts_with('{') && json.ends_with('}') && json.lines().count() == 1,
        "one JSON object on one line: {json}"
    );
    for key in [
        "\"M\":{",
        "\"frame_p95_ms\":{",
        "\"frame_p50_ms\":{",
        "\"open_ms\":",
        "\"save_ms\":",
        "\"export_ms\":",
        "\"lint_ms\":",
        "\"paste_ms\":",
        "\"transcript_ms\":",
        "\"transcript_app_ms\":",
        "\"transcript_worst_frame_ms\":",
        "\"peak_rss_mb\":",
        "\"targets_met\":{",
    ] {
        assert!(json.contains(key), "missing {key} in {json}");
    }
    for workspace in [
        "Overview",
        "Participants",
        "Interviews",
        "Timeline",
        "Map",
        "Narrative",
        "Export",
    ] {
        assert!(
            json.contains(&format!("\"{workspace}\":{{\"idle\":")),
            "no frame times for {workspace}: {json}"
        );
    }
    // The fields the issue names are found and typed into.
    assert!(json.contains("\"Interviews\":\"Capture"), "{json}");
    assert!(json.contains("\"Narrative\":\"Markdown"), "{json}");
    assert!(!json.contains("could not focus"), "{json}");
    // Numbers, not nulls, for the operations.
    assert!(!json.contains("\"open_ms\":null") && !json.contains("\"export_ms\":null"));
    assert!(
        !json.contains("\"transcript_ms\":null") && !json.contains("\"transcript_app_ms\":null"),
        "{json}"
    );
}

#[test]
fn lint_bench_prints_json_for_every_shape() {
    let out = Command::new(env!("CARGO_BIN_EXE_second-story-bench"))
        .args(["--lint", "--quick", "--json"])
        .output()
        .expect("the bench runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(stdout.trim()).expect("JSON");
    let cases = v["lint"].as_array().expect("lint cases");
    assert_eq!(cases.len(), 6, "{stdout}");
    for c in cases {
        assert!(c["mb_per_s"].as_f64().is_some_and(|s| s > 0.0), "{c}");
    }
    // A finding every five bytes is found, every one.
    assert_eq!(cases[2]["findings"], 20_000);
}

#[test]
fn library_bench_prints_json_with_every_measure() {
    let out = Command::new(env!("CARGO_BIN_EXE_second-story-bench"))
        .args(["--library", "--reviews", "6", "--frames", "5", "--json"])
        .output()
        .expect("the bench runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(stdout.trim()).expect("JSON");
    let l = &v["library"];
    assert_eq!(l["reviews"], 6, "{stdout}");
    for key in [
        "first_rows_ms",
        "indexed_ms",
        "peak_rss_mb",
        "report_ms",
        "reopen_ms",
        "cache_mb",
        "search_typing_p95_ms",
    ] {
        assert!(l[key].as_f64().is_some_and(|x| x > 0.0), "{key}: {stdout}");
    }
    for part in [
        "Reviews",
        "Patterns",
        "FollowUps",
        "FirstHalfHour",
        "Search",
    ] {
        assert!(
            l["frame_ms"][part]["p95"].as_f64().is_some(),
            "{part}: {stdout}"
        );
    }
    // The search finds words that are there, and nothing where there is nothing.
    let search = l["search"].as_array().expect("searches");
    assert!(
        search
            .iter()
            .any(|s| s["query"] == "pool" && s["found"].as_u64() > Some(0))
    );
    assert!(
        search
            .iter()
            .any(|s| s["query"] == "zzzqx" && s["found"] == 0)
    );
}
