#!/usr/bin/env bash
# Takes a screenshot of the real native window under Xvfb, with the bundled example
# open in the Participants workspace: assets/screenshots/native.png.
# Uses the debug binary that `cargo test` builds (or SECOND_STORY_BIN).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${SECOND_STORY_BIN:-target/debug/second-story}"
[ -x "$bin" ] || cargo build --bin second-story
out=assets/screenshots/native.png
mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d)
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
cleanup() { kill "${app:-}" 2>/dev/null || true; kill "$xvfb" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
export DISPLAY="$display"
sleep 1
# A private data folder: no autosave or settings from the developer's own runs.
XDG_DATA_HOME="$tmp" XDG_CONFIG_HOME="$tmp" "$bin" assets/examples/checkout-near-miss.story.ron >"$tmp/app.log" 2>&1 &
app=$!
win=""
for _ in $(seq 1 60); do
  win=$(xdotool search --name "Second Story" 2>/dev/null | head -1 || true)
  [ -n "$win" ] && break
  sleep 0.5
done
if [ -z "$win" ]; then
  echo "the window did not appear:" >&2
  cat "$tmp/app.log" >&2
  exit 1
fi
sleep 2
# Interviews workspace (third entry of the navigation bar): live capture.
xdotool mousemove 87 114 click 1
sleep 1.5
import -window root "$out"
echo "native screenshot: $out"
