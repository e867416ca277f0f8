#!/usr/bin/env bash
# A shipped scenario plays live: its captions show in the caption bar, a
# `pause` stops the clock until the presenter presses space (or the
# clicker's Page Down), its expectations are checked on screen, and the
# end pauses. A scenario's title and theme apply; --theme wins.
. "$(dirname "$0")/harness.sh" "$@"

SCENARIOS=$(cd "$(dirname "$0")/../../assets/scenarios" && pwd)

clock() {
	screen | head -n 1 | grep -oE 't [0-9hm.]+s' | head -n 1
}

tui_start 80 24
gc_run --show-checks --script "$SCENARIOS/01-original-design.gcs"
wait_for 'Four workers each keep a vector: one count per worker.'
keys + +
wait_for 'speed 4x'
wait_for "A worker only ever adds to its OWN slot"
# The captions seen, the rest need not take real seconds.
keys + +
wait_for 'speed 16x'
# The first pause: the clock stops, the screen says what to press.
wait_for 'paused by the script: press space'
wait_for 'PAUSED by the script'
wait_for "n1 reads 3; n4 has heard of"
wait_for '✓ 01-original-design.gcs:21: expect value n1 == 3'
t1=$(clock)
start=$SECONDS
while ((SECONDS - start < 1)); do
	[ "$(clock)" = "$t1" ] || fail "the clock moved during a pause: $t1 -> $(clock)"
	sleep 0.1
done
keys Space
# Going on, the scenario waits for the world to converge (a moment at
# 16x, so the second pause may come before a frame shows the first gone):
# its checks after the wait prove it went on.
wait_for 'Every node reads 3'
# The second pause, after two expectations that hold.
wait_for 'paused by the script: press space'
wait_for '✓ 01-original-design.gcs:25: expect converged'
wait_for '✓ 01-original-design.gcs:26: expect value n4 == 3'
# A clicker's Page Down goes on too.
keys NPage
# The third pause holds the moment the replicas disagree.
wait_for 'For a moment the replicas disagree'
wait_for 'paused by the script: press space'
keys NPage
wait_for 'the end of the scenario'
wait_for 'PAUSED: the end'
wait_for 'every node reads 10'
expect_fits 80
# Space after the end: the world runs on freely.
keys Space
wait_for 'RUNNING'
keys q
expect_exit 0

# Title and theme from the file; --theme on the command line wins.
cat >"$WORK/mono.gcs" <<'GCS'
title "A tiny demo"
theme mono
nodes 3
seed 2
at 0s inc n1
after 100ms pause
GCS
has_colour() {
	screen_attrs | grep -qE $'\e\\[(3[0-7]|4[0-7])m'
}
keys -l 'clear'
keys Enter
gc_run --script "$WORK/mono.gcs"
wait_for 'A tiny demo'
wait_for 'paused by the script'
has_colour && fail "theme mono in the file, yet colours on screen"
keys q
expect_exit 0
keys -l 'clear'
keys Enter
gc_run --script "$WORK/mono.gcs" --theme dark
wait_for 'paused by the script'
has_colour || fail "--theme dark did not win over the file's theme"
keys q
expect_exit 0
pass
