#!/usr/bin/env bash
# Trunk post-build hook: names the service worker's cache after this build and
# lists the files to precache, so a new release replaces the old cache; gives the
# loading screen the wasm's final size and leaves the wasm to it (no preload).
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk}"
cd "$dir"
version=$(awk -F'"' '/^version = / { print $2; exit }' "${TRUNK_SOURCE_DIR:-.}/Cargo.toml")
wasm=$(ls ./*.wasm | head -1)
hash=$(sha256sum "$wasm" | cut -c1-12)
assets=$(find . -type f ! -name sw.js | sed 's|^\./||' | sort | awk 'BEGIN { printf "[\"./\"" } { printf ", \"%s\"", $0 } END { printf "]" }')
sed -i "s|__BUILD__|${version}-${hash}|; s|__ASSETS__|${assets}|" sw.js
# The loading screen's progress (web/loader.js) counts up to the size trunk writes into
# index.html, which trunk 0.21 takes before wasm-opt shrinks the file: put the real one.
size=$(stat -c %s "$wasm")
sed -i -E "s|(__trunkInitializer\(init, '[^']*', )[0-9]+|\1${size}|" index.html
grep -q "_bg.wasm', ${size}," index.html || { echo "stamp-sw.sh: could not set the wasm size in index.html" >&2; exit 1; }
# No preload of the wasm: web/loader.js fetches it once it knows the browser can run
# it (a browser without WebGL or WebAssembly is told so and downloads nothing).
sed -i -E 's#<link rel="preload" href="[^"]*_bg\.wasm"[^>]*>##' index.html
if grep -q '_bg.wasm"[^>]*as="fetch"' index.html; then
    echo "stamp-sw.sh: could not remove the wasm preload from index.html" >&2
    exit 1
fi
