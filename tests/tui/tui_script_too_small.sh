#!/usr/bin/env bash
# While the terminal is too small to show the dashboard, a scenario's clock
# stops, so that no caption goes by unseen; once the window fits again it
# runs on from where it stopped (#14). A free run (no scenario) runs on.
#
# The clock is read off the screen, and on a loaded machine every read and
# every tmux command takes its time, while the clock runs at 1x: so what
# the clock may have run is measured against the wall clock around the
# reads, not against a fixed figure that a slow machine would spend alone.
. "$(dirname "$0")/harness.sh" "$@"

SCENARIOS=$(cd "$(dirname "$0")/../../assets/scenarios" && pwd)

seconds() {
	screen | head -n 1 | grep -oE 't [0-9.]+s' | head -n 1 | tr -d 'ts '
}

wall() {
	date +%s.%N
}

# wait_clock_past T: polls until the shown clock is past T seconds.
wait_clock_past() {
	local limit=$TIMEOUT start=$SECONDS t
	while ((SECONDS - start < limit)); do
		t=$(seconds)
		[ -n "$t" ] && awk -v t="$t" -v x="$1" 'BEGIN { exit !(t > x) }' &&
			return 0
		sleep 0.05
	done
	fail "waited ${limit}s for the clock to pass ${1}s"
}

tui_start 80 24
gc_run --script "$SCENARIOS/02-partition-and-heal.gcs"
wait_for 'Four workers, all talking through the relay.'
# Running (a loaded machine may show 1.2 s as its first reading).
wait_clock_past 0.3
w0=$(wall)
before=$(seconds)
tmux_ resize-window -t gc -x 70 -y 20
wait_for 'terminal too small: 70×20, needs 80×24'
sleep 2
tmux_ resize-window -t gc -x 80 -y 24
wait_for ' strategy '
after=$(seconds)
w1=$(wall)
# At least two of the seconds between the two readings it was too small:
# at 1x the clock may have run the rest, less those two (and half a second
# for a reading that shows a frame older than the read). Had it run while
# too small, it would have moved by all of them.
awk -v a="$before" -v b="$after" -v w0="$w0" -v w1="$w1" \
	'BEGIN { exit !(b - a < (w1 - w0) - 1.5) }' ||
	fail "the clock ran while too small: t $before s before, $after s" \
		"after, $(awk -v w0="$w0" -v w1="$w1" \
			'BEGIN { printf "%.2f", w1 - w0 }') s apart"
# ... and it runs on once it fits.
wait_clock_past "$(awk -v a="$after" 'BEGIN { print a + 0.5 }')"
screen | grep -q 'RUNNING' || fail "not running again after the resize"
keys q
expect_exit 0
pass
