#!/usr/bin/env bash
# --record: a live session as asciicast v2. The cast is valid, its bytes
# are exactly what the terminal got (played back into a fresh terminal of
# the same size they draw the same screen), a resize is an "r" event, a
# fixed canvas (--cols/--rows) never resizes, a scenario's captions and
# pauses are markers, and an output that cannot be written is one line
# before the screen is taken.
. "$(dirname "$0")/harness.sh" "$@"

CHECK=${CAST_CHECK:?the cast checker (set by ctest)}

tui_start 80 24
cast="$WORK/live.cast"
gc_run --seed 3 --record "$cast"
keys 1 2 d
wait_for 'true total 2'
wait_for 'faults: drop 10%'
keys Space
wait_for 'PAUSED'
sleep 0.3
screen >"$WORK/before.txt"
# header_width: how wide the header is drawn (its "? help" ends it).
header_width() {
	local line
	line=$(screen | head -n 1)
	echo "${#line}"
}
wait_header_width() {
	local start=$SECONDS
	while ((SECONDS - start < TIMEOUT)); do
		[ "$(header_width)" -eq "$1" ] && return 0
		sleep 0.05
	done
	fail "the header is $(header_width) wide, not $1"
}
# A resize, recorded; then back.
tmux_ resize-window -t gc -x 100 -y 30
wait_header_width 98
tmux_ resize-window -t gc -x 80 -y 24
wait_header_width 78
sleep 0.3
screen >"$WORK/before.txt"
keys q
expect_exit 0
expect_sane_tty
"$CHECK" "$cast" --width 80 --height 24 --resizes 2 >"$WORK/check" 2>&1 ||
	fail "not a valid cast: $(cat "$WORK/check")"
grep -q '"timestamp": [0-9]' "$cast" || fail "no timestamp in the header"
grep -q '"r", "100x30"' "$cast" || fail "no resize event"

# Played back, all but the last event (the way out of the screen), the
# bytes draw what the terminal showed.
"$CHECK" "$cast" --output "$WORK/bytes" --drop-last 1 >/dev/null ||
	fail "cannot extract the output"
keys -l "clear; stty -opost -echo; cat $WORK/bytes; sleep 60"
keys Enter
wait_for 'PAUSED'
sleep 0.3
screen >"$WORK/after.txt"
keys C-c
keys -l "stty sane; printf '\\033[?1049l'; clear"
keys Enter
wait_for "$PROMPT"
diff "$WORK/before.txt" "$WORK/after.txt" >"$WORK/diff" ||
	fail "the cast does not replay to the screen: $(cat "$WORK/diff")"

# Recording, Ctrl-Z still gives the terminal back (our modes undone: the
# screen is captured, so curses cannot set them itself) and fg resumes.
keys -l 'clear'
keys Enter
gc_run --seed 21 --record "$WORK/suspend.cast"
keys 1
wait_for 'true total 1'
keys C-z
wait_for 'Stopped'
expect_sane_tty
run_in_pane 'fg'
wait_for 'strategy relay'
keys 1
wait_for 'true total 2'
keys q
expect_exit 0
expect_sane_tty
"$CHECK" "$WORK/suspend.cast" >"$WORK/check" 2>&1 ||
	fail "suspended cast: $(cat "$WORK/check")"

# A fixed canvas: no resize events, and a terminal too small says so.
keys -l 'clear'
keys Enter
gc_run --seed 3 --cols 80 --rows 24 --record "$WORK/fixed.cast"
tmux_ resize-window -t gc -x 100 -y 30
sleep 0.3
tmux_ resize-window -t gc -x 80 -y 20
wait_for 'too small for the 80×24 canvas of --cols/--rows'
tmux_ resize-window -t gc -x 80 -y 24
wait_gone 'too small'
keys q
expect_exit 0
"$CHECK" "$WORK/fixed.cast" --width 80 --height 24 --resizes 0 >"$WORK/check" 2>&1 ||
	fail "fixed canvas: $(cat "$WORK/check")"

# A scenario recorded live: its captions and pauses are markers.
cat >"$WORK/chapters.gcs" <<'GCS'
nodes 2
seed 4
at 0s caption "First chapter"
after 100ms pause
after 100ms caption "Second chapter"
after 100ms end
GCS
keys -l 'clear'
keys Enter
gc_run --script "$WORK/chapters.gcs" --record "$WORK/chapters.cast"
wait_for 'paused by the script'
keys Space
wait_for 'the end of the scenario'
keys q
expect_exit 0
"$CHECK" "$WORK/chapters.cast" --print-markers >"$WORK/markers" 2>&1 ||
	fail "chapters: $(cat "$WORK/markers")"
for m in 'First chapter' 'pause (line 4)' 'Second chapter' 'end'; do
	sed -n 's/^marker [0-9.]* //p' "$WORK/markers" | grep -qxF "$m" ||
		fail "no marker '$m'"
done

# Outputs that cannot be written: one line before the screen is taken.
for target in /dev/full /etc/passwd/x.cast; do
	[ "$target" = /dev/full ] && [ ! -w /dev/full ] && continue
	keys -l 'clear'
	keys Enter
	run_in_pane "$GCOUNTER --seed 3 --record $target"
	expect_exit 1
	# (Not anchored at the start: an echoed command line of exactly the
	# pane's width is joined to the next line by capture-pane -J.)
	screen_joined | grep -qE "gcounter: --record: $target: (cannot write: No space left on device|Not a directory)$" ||
		fail "no one-line error for $target"
	[ "$(tmux_ display-message -p -t gc '#{alternate_on}')" = 0 ] ||
		fail "the screen was taken for $target"
done
pass
