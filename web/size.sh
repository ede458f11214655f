#!/usr/bin/env bash
# Reports the size of the release web build's wasm, raw and gzip.
set -euo pipefail
cd "$(dirname "$0")/.."
wasm=$(ls dist/*.wasm 2>/dev/null | head -1)
if [ -z "$wasm" ]; then echo "no dist/*.wasm: run trunk build --release first" >&2; exit 1; fi
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
awk -v r="$raw" -v g="$gz" -v f="$wasm" 'BEGIN { printf "web build: %s  %.2f MB raw, %.2f MB gzip\n", f, r/1e6, g/1e6 }'
