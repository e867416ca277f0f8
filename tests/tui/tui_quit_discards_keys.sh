#!/usr/bin/env bash
# Keys typed after q in the same burst (a presenter's fingers, a clicker's
# repeat) never reach the world: the saved log ends at the q.
. "$(dirname "$0")/harness.sh" "$@"

log="$WORK/quit.log"
tui_start 80 24
gc_run --seed 3 --save-log "$log"
wait_for 'true total 0'
keys -l 'q123'
expect_exit 0
[ -s "$log" ] || fail "no log saved"
if grep -q ' inc ' "$log"; then
	fail "keys after q reached the world: $(grep ' inc ' "$log" | tr '\n' ';')"
fi
pass
