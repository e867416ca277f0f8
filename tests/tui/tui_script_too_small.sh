#!/usr/bin/env bash
# While the terminal is too small to show the dashboard, a scenario's clock
# stops, so that no caption goes by unseen; once the window fits again it
# runs on from where it stopped (#14). A free run (no scenario) runs on.
. "$(dirname "$0")/harness.sh" "$@"

SCENARIOS=$(cd "$(dirname "$0")/../../assets/scenarios" && pwd)

seconds() {
	screen | head -n 1 | grep -oE 't [0-9.]+s' | head -n 1 | tr -d 'ts '
}

tui_start 80 24
gc_run --script "$SCENARIOS/02-partition-and-heal.gcs"
wait_for 'Four workers, all talking through the relay.'
wait_for_re 't 0\.[3-9][0-9]*s'
before=$(seconds)
tmux_ resize-window -t gc -x 70 -y 20
wait_for 'terminal too small: 70×20, needs 80×24'
sleep 2
tmux_ resize-window -t gc -x 80 -y 24
wait_for ' strategy '
after=$(seconds)
# Two seconds went by while it was too small: the clock moved by far less.
awk -v a="$before" -v b="$after" 'BEGIN { exit !(b - a < 0.8) }' ||
	fail "the clock ran while too small: t $before s before, $after s after"
# ... and it runs on once it fits.
sleep 1
later=$(seconds)
awk -v a="$after" -v b="$later" 'BEGIN { exit !(b - a > 0.5) }' ||
	fail "the clock did not run on after the resize: $after s, then $later s"
screen | grep -q 'RUNNING' || fail "not running again after the resize"
keys q
expect_exit 0
pass
