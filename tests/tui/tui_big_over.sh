#!/usr/bin/env bash
# --big under plain op with duplicates: a node's cells go above the truth
# (n2 counts n1's 9 as 30), and the big digits must show all of 30, not the
# one digit the truth's 9 would need.
. "$(dirname "$0")/harness.sh" "$@"

cat >"$WORK/over.gcs" <<'GCS'
nodes 3
mode op
duplicate 90%
seed 5
at 0s inc n1 x3
after 300ms inc n1 x3
after 300ms inc n1 x3
after 2s pause
after 1s end
GCS

tui_start 120 40
run_in_pane "$GCOUNTER --big --script $WORK/over.gcs"
# The script pauses once both copies have been counted twice.
wait_for "PAUSED by the script"
wait_for "21 over"
# The middle glyph row of "30" is "▀▀█ █ █": in n2's cell for slot n1 and
# in its value.
row=$(screen | grep -E '^  n2 ')
[ "$(grep -o '▀▀█ █ █' <<<"$row" | wc -l)" -eq 2 ] ||
	fail "n2's 30 is not drawn whole: '$row'"
keys q
pass
