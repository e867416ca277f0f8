#!/bin/bash
# Phones in a real browser: Debian's chromium on loopback, driven by the
# npm package puppeteer-core (which uses the system browser and downloads
# none), installed into OUT_DIR (never into git). Two tabs join, press +1,
# one goes offline (its requests dropped), presses on, comes back; both
# tabs and the dashboard, read in tmux, must converge to the right total.
# Leaves phone-size screenshots in OUT_DIR to look at. Bounded: 3 minutes.
# Usage: browser.sh path/to/gcounter OUT_DIR
set -eu
gcounter=$(realpath "$1")
out=$(realpath -m "$2")
here=$(cd "$(dirname "$0")" && pwd)
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] || ! command -v npm >/dev/null; then
	echo "chromium or npm not found (scripts/deps.sh chromium npm)"
	exit 77
fi
mkdir -p "$out"
if [ ! -d "$out/node_modules/puppeteer-core" ]; then
	# The browser is the system's: nothing else is downloaded.
	PUPPETEER_SKIP_DOWNLOAD=1 timeout 300 npm install --prefix "$out" \
		--no-audit --no-fund --silent puppeteer-core@25 >/dev/null
fi
NODE_PATH="$out/node_modules" CHROMIUM="$browser" GCOUNTER="$gcounter" \
	OUT_DIR="$out" timeout 180 node "$here/browser.js"
