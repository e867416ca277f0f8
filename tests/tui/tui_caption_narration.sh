#!/usr/bin/env bash
# Narration and a script's caption share the caption bar at 80x24: turning
# narration on (n) and stepping (.) tells each event in a sentence without
# hiding the scenario's caption (issue #14).
. "$(dirname "$0")/harness.sh" "$@"

cat >"$WORK/cap.gcs" <<'GCS'
nodes 4
seed 2
at 0s caption "Watch n1's increment reach every node."
at 0.5s inc n1
at 30s end
GCS

tui_start 80 24
gc_run --script "$WORK/cap.gcs"
wait_for "Watch n1's increment reach every node."
keys n
wait_for 'narrated stepping: press . or PgDn'
# Both at once: the caption and the narrator's line.
screen | grep -q "Watch n1's increment reach every node." ||
	fail "narration hid the caption"
# The caption bar is the rows above the status line: the caption, then
# the narrator's sentence for the step.
narrated() {
	screen | grep -A1 -F "Watch n1's increment reach every node." | sed -n 2p
}
keys .
wait_gone 'narrated stepping: press . or PgDn'
line=$(narrated)
[[ $line =~ [a-z] && ! $line =~ (space pause|q quit) ]] ||
	fail "no narrated sentence under the caption: '$line'"
keys . .
sleep 0.3
[[ $(narrated) =~ [a-z] ]] || fail "a narrated step hid the caption"
expect_fits 80
keys q
expect_exit 0
pass
