#!/bin/bash
# The SVG in a real browser: headless Chromium renders scenario 02's slide
# to a PNG, and the PNG must not be blank (title, column names and the
# diagram have ink). Slow and heavy, so not in `make test`: `make
# svg-browser` runs it. Leaves the PNG in OUT_DIR to look at.
# Usage: browser.sh path/to/gcounter assets/scenarios OUT_DIR
set -eu
gcounter=$1
scenarios=$2
out=$3
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "chromium not found (scripts/deps.sh chromium)"
	exit 77
fi
mkdir -p "$out"
svg=$out/02-partition-and-heal.svg
png=$out/02-partition-and-heal.png
"$gcounter" --headless --script "$scenarios/02-partition-and-heal.gcs" \
	--svg "$svg" >/dev/null
xmllint --noout "$svg"
width=$(sed -n 's/^<svg [^>]* width="\([0-9]*\)".*/\1/p' "$svg")
height=$(sed -n 's/^<svg [^>]* height="\([0-9]*\)".*/\1/p' "$svg")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$png"
# A fresh profile, nothing fetched, no GPU, no sandbox (CI runs as root).
timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
	--disable-background-networking --disable-component-update \
	--disable-sync --no-first-run --user-data-dir="$profile" \
	--hide-scrollbars --window-size="$width,$height" \
	--screenshot="$png" "file://$(realpath "$svg")" >/dev/null 2>&1 || true
[ -s "$png" ] || { echo "FAIL: chromium wrote no screenshot"; exit 1; }
python3 "$(dirname "$0")/png_check.py" "$png" "$width" "$height"
