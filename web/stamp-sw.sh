#!/usr/bin/env bash
# Trunk post-build hook: names the service worker's cache after this build and
# lists the files to precache, so a new release replaces the old cache.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk}"
cd "$dir"
version=$(awk -F'"' '/^version = / { print $2; exit }' "${TRUNK_SOURCE_DIR:-.}/Cargo.toml")
wasm=$(ls ./*.wasm | head -1)
hash=$(sha256sum "$wasm" | cut -c1-12)
assets=$(find . -type f ! -name sw.js | sed 's|^\./||' | sort | awk 'BEGIN { printf "[\"./\"" } { printf ", \"%s\"", $0 } END { printf "]" }')
sed -i "s|__BUILD__|${version}-${hash}|; s|__ASSETS__|${assets}|" sw.js
