#!/usr/bin/env bash
# Runs every test of Second Story. On a fresh machine it first installs what is
# missing: the wasm32 target, wasm-bindgen-cli (exactly the version in Cargo.lock),
# trunk, Chromium, Xvfb and the npm packages of web/ (playwright-core, binaryen).
#
#   ./check.sh          everything
#   QUICK=1 ./check.sh  skip the web build, browser test, screenshots and fuzzing
#   FUZZ_SECONDS=300 ./check.sh   fuzz each target longer (default 10 s)
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
export PATH="$HOME/.cargo/bin:$PATH"

APT_UPDATED=0
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "Missing $*; install them with your package manager (needs root)." >&2
    exit 1
  fi
  if [ "$APT_UPDATED" = 0 ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_tools() {
  step "Checking tools"
  if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
    rustup target add wasm32-unknown-unknown
  fi
  local wbg
  wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if ! grep -q "wasm_bindgen = \"$wbg\"" Trunk.toml; then
    echo "Trunk.toml [tools] wasm_bindgen must be \"$wbg\" (the version in Cargo.lock)." >&2
    exit 1
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg" ]; then
    # Not --locked: with it, this version's install fails.
    cargo install wasm-bindgen-cli --version "$wbg"
  fi
  if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "0.21.14" ]; then
    # 0.22 needs a newer rustc; without --locked 0.21.14 does not compile.
    cargo install trunk --version 0.21.14 --locked
  fi
  local pkgs=()
  have chromium || pkgs+=(chromium)
  have Xvfb || pkgs+=(xvfb)
  have xdotool || pkgs+=(xdotool)
  # pandoc renders the export in tests/export_security.rs (no live HTML or script).
  have pandoc || pkgs+=(pandoc)
  # Debian's ImageMagick `import` takes the window screenshot.
  { have import && import -version 2>/dev/null | grep -q ImageMagick; } || pkgs+=(imagemagick)
  if [ ${#pkgs[@]} -gt 0 ]; then apt_install "${pkgs[@]}"; fi
  # playwright-core for the browser test; binaryen for wasm-opt in the web build.
  if [ ! -d web/node_modules/playwright-core ] || [ ! -x web/node_modules/.bin/wasm-opt ]; then
    (cd web && npm ci --no-audit --no-fund)
  fi
}

if [ -z "${QUICK:-}" ]; then ensure_tools; fi

step "rustfmt"
cargo fmt --all -- --check

step "clippy (native)"
cargo clippy --all-targets -- -D warnings

step "clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings
# The browser tests' build (test hooks) too: its wasm-only code is not linted otherwise.
cargo clippy --target wasm32-unknown-unknown --lib --bins --features testing -- -D warnings

step "tests (model, UI flows, CLI, hostile files, properties, crash safety)"
mkdir -p target
cargo test 2>&1 | tee target/check-tests.log

step "benchmark smoke run (numbers only mean something in release: see BENCHMARKS.md)"
cargo run --quiet --features bench,testing --bin second-story-bench -- --quick --json

if [ -n "${QUICK:-}" ]; then exit 0; fi

step "web build (trunk --release, then binaryen's wasm-opt from web/node_modules)"
PATH="$PWD/web/node_modules/.bin:$PATH" trunk build --release
web/size.sh
# The browser tests read the app's state through test hooks (the `testing` feature),
# which the shipped dist/ above does not have: a second build of the same page.
PATH="$PWD/web/node_modules/.bin:$PATH" trunk build --release --features testing --dist target/dist-testing

step "browser test (headless Chromium)"
node web/e2e.mjs | tee target/check-e2e.log

step "native window screenshot (Xvfb)"
tests/screenshot-native.sh

step "fuzzing smoke run (${FUZZ_SECONDS:-10} s per target; fuzz/run.sh for longer runs)"
fuzz/run.sh "${FUZZ_SECONDS:-10}"

step "all checks passed"
# One plain closing line for CI: every Rust and browser test counted.
awk '/^test result: / { p += $4; f += $6 } /^e2e: / { p += $2; f += $4 }
     END { printf "check.sh: %d passed, %d failed\n", p, f }' target/check-tests.log target/check-e2e.log
