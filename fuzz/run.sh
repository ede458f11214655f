#!/usr/bin/env bash
# Fuzzes Second Story's file loaders, importers, export and language check, each for
# a bounded time, with cargo-fuzz (libFuzzer + AddressSanitizer).
#
#   fuzz/run.sh                 # every target, 60 s each
#   fuzz/run.sh 300             # every target, 5 minutes each
#   fuzz/run.sh 60 export       # one target
#
# Needs nightly Rust for the sanitizer flags; uses the `nightly` toolchain when rustup
# has one, otherwise the stable compiler with RUSTC_BOOTSTRAP=1. Installs cargo-fuzz
# when it is missing. A crash leaves its input in fuzz/artifacts/<target>/: reproduce
# it with `cargo fuzz run <target> <file>`, fix the bug, and copy the input to
# tests/corpus/regressions/ (tests/hostile_files.rs replays it on every test run).
set -euo pipefail
cd "$(dirname "$0")"

secs="${1:-60}"
shift || true

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    echo "Installing cargo-fuzz…"
    cargo install cargo-fuzz --locked
fi

toolchain=()
if command -v rustup >/dev/null 2>&1 && rustup toolchain list | grep -q '^nightly'; then
    toolchain=(+nightly)
else
    export RUSTC_BOOTSTRAP=1
fi

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo "${toolchain[@]}" fuzz list)
fi

# Seed inputs (read-only; new inputs go to fuzz/corpus/<target>/, which is not committed).
seeds() {
    case "$1" in
        session_loader) echo ../tests/corpus/session ../tests/corpus/regressions ../assets/examples ;;
        guide_loader) echo ../assets/guides ;;
        export | language_check) echo ../tests/corpus/text ;;
        paste_import) echo ../tests/corpus/paste ;;
        transcript_import) echo ../tests/corpus/transcripts ../tests/corpus/slack/incident-checkout ;;
        *) ;;
    esac
}

failed=()
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    dirs=("corpus/$target")
    for d in $(seeds "$target"); do
        [ -d "$d" ] && dirs+=("$d")
    done
    echo "=== $target: ${secs}s"
    if ! cargo "${toolchain[@]}" fuzz run "$target" "${dirs[@]}" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=3072 -max_len=65536 -print_final_stats=1; then
        failed+=("$target")
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "Crashes or errors in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
echo "No crashes in: ${targets[*]}"
