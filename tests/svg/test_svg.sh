#!/bin/bash
# --svg as a teacher uses it: the space-time diagram of a scenario, valid
# SVG (xmllint), the same bytes twice, with the words a slide needs, a
# window that bounds it, and one clear line for a wrong call.
# Usage: test_svg.sh path/to/gcounter assets/scenarios
set -u
gcounter=$1
scenarios=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { # what, then the command that must succeed
	local what=$1
	shift
	if ! "$@" >/dev/null 2>&1; then
		echo "FAIL: $what"
		fail=1
	fi
}
has() { grep -qF -- "$2" "$1"; }

if ! command -v xmllint >/dev/null; then
	echo "xmllint not found (scripts/deps.sh libxml2-utils)"
	exit 77
fi

s02=$scenarios/02-partition-and-heal.gcs
"$gcounter" --headless --script "$s02" --svg "$work/a.svg" >/dev/null ||
	{ echo "FAIL: --svg of scenario 02 did not run"; exit 1; }
"$gcounter" --headless --script "$s02" --svg "$work/b.svg" >/dev/null
check "the SVG is valid XML" xmllint --noout "$work/a.svg"
check "the same run gives the same bytes" cmp "$work/a.svg" "$work/b.svg"
check "an svg root" has "$work/a.svg" '<svg xmlns="http://www.w3.org/2000/svg"'
check "the scenario's title" has "$work/a.svg" '>Partition and heal</text>'
check "a column per node and the relay" has "$work/a.svg" '>relay</text>'
check "n3's column" has "$work/a.svg" '>n3</text>'
check "the partition is told" has "$work/a.svg" 'partition n3: cut off both ways'
check "the heal is told" has "$work/a.svg" 'heal: every partition ends'
check "the first convergence" has "$work/a.svg" 'converged: every node reads 3'
check "the last convergence" has "$work/a.svg" 'converged: every node reads 11'
check "an increment with its vector" has "$work/a.svg" '+5 [2,0,6,0]'
check "messages lost to the cut" has "$work/a.svg" 'marker-end="url(#lost)"'
check "a legend" has "$work/a.svg" 'delivery that changed its receiver'
check "says what it leaves out" has "$work/a.svg" 'are not drawn'

# A print-friendly one: white under --theme light.
"$gcounter" --headless --script "$s02" --theme light --svg "$work/light.svg" \
	>/dev/null
check "light is valid" xmllint --noout "$work/light.svg"
check "light prints on white" has "$work/light.svg" 'fill="#ffffff"/>'

# A window: only its moments.
"$gcounter" --headless --script "$s02" --svg "$work/w.svg" \
	--svg-window 4-6s >/dev/null
check "the window is valid" xmllint --noout "$work/w.svg"
check "the window says so" has "$work/w.svg" 'from 4.000s to 6.000s'
check "the window leaves out the start" \
	bash -c "! grep -qF 'reads 3' '$work/w.svg'"

# Bounded: a long busy run is cut, with a note, never huge.
"$gcounter" --headless --nodes 8 --rate 400 --duration 30s --seed 3 \
	--svg "$work/big.svg" >/dev/null
check "the long run is valid" xmllint --noout "$work/big.svg"
check "the long run is cut with a note" has "$work/big.svg" 'Cut at 400 moments'
size=$(wc -c <"$work/big.svg")
if [ "$size" -gt 2000000 ]; then
	echo "FAIL: the long run's SVG is $size bytes"
	fail=1
fi

# Wrong calls: one line, a non-zero exit.
err=$("$gcounter" --svg "$work/x.svg" 2>&1 >/dev/null)
[ $? -eq 2 ] && [ "$err" = "gcounter: --svg needs --headless (a run, or --script or --replay played flat out)" ] ||
	{ echo "FAIL: --svg without --headless: '$err'"; fail=1; }
err=$("$gcounter" --headless --svg-window 1-2s 2>&1 >/dev/null)
[ $? -eq 2 ] && [ "$err" = "gcounter: --svg-window needs --svg FILE" ] ||
	{ echo "FAIL: --svg-window alone: '$err'"; fail=1; }
err=$("$gcounter" --headless --svg /nonexistent/dir/x.svg 2>&1 >/dev/null)
[ $? -ne 0 ] && [ -n "$err" ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] ||
	{ echo "FAIL: --svg to a bad path: '$err'"; fail=1; }

[ $fail -eq 0 ] && echo "svg: all checks passed"
exit $fail
