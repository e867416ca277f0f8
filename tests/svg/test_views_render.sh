#!/bin/bash
# --render draws the view that is shown: a scenario's `view spacetime`
# line, --view network, and --view winning over the scenario's line.
# Usage: test_views_render.sh path/to/gcounter assets/scenarios
set -u
gcounter=$1
scenarios=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
printf 'title "views"\nnodes 4\nseed 3\nview spacetime\nat 0s inc n1\nafter 1s end\n' \
	>"$work/v.gcs"

"$gcounter" --script "$work/v.gcs" --render "$work/st.cast" >/dev/null ||
	{ echo "FAIL: render with view spacetime"; fail=1; }
grep -qF 'converged: every node reads 1' "$work/st.cast" ||
	{ echo "FAIL: the scenario's view is not the space-time diagram"; fail=1; }
grep -qF ' no news ' "$work/st.cast" ||
	{ echo "FAIL: no legend of the diagram"; fail=1; }

"$gcounter" --script "$work/v.gcs" --view table --render "$work/t.cast" \
	>/dev/null || { echo "FAIL: render with --view table"; fail=1; }
grep -qF 'converged: every node reads 1' "$work/t.cast" &&
	{ echo "FAIL: --view table did not win over the scenario's view"; fail=1; }

"$gcounter" --script "$scenarios/02-partition-and-heal.gcs" --view network \
	--render "$work/n.cast" >/dev/null ||
	{ echo "FAIL: render with --view network"; fail=1; }
# (The event log says "links were cut both ways"; n3's box says it on its
# bottom edge, coloured: an escape sequence before the words.)
grep -qF 'mcut both ways' "$work/n.cast" ||
	{ echo "FAIL: the network view does not show n3's cut"; fail=1; }
"$gcounter" --script "$scenarios/02-partition-and-heal.gcs" \
	--render "$work/d.cast" >/dev/null
grep -qF 'mcut both ways' "$work/d.cast" &&
	{ echo "FAIL: the table view drew the network"; fail=1; }

[ $fail -eq 0 ] && echo "views render: all checks passed"
exit $fail
