#!/usr/bin/env bash
# A window larger than the largest canvas (--cols 1000, --rows 500) is
# drawn at that size in its top-left corner, with a note saying so beside
# it: curses never sizes itself to the window (10000 x 10000 took ~8 GB).
. "$(dirname "$0")/harness.sh" "$@"

tui_start 1010 510
gc_run --seed 3
wait_for 'the window is 1010x510: the dashboard draws at most 1000x500'
# The dashboard's bottom line is on row 500, not the window's last.
row=$(screen | grep -n ' q quit' | head -n 1 | cut -d: -f1)
[ "$row" = 500 ] || fail "the status line is on row $row, not 500"
keys q
expect_exit 0
expect_sane_tty

# Only the width too big: the note goes to the right of the canvas.
tmux_ resize-window -t gc -x 1200 -y 40
gc_run --seed 3
wait_for 'the window is 1200x40'
keys q
expect_exit 0
pass
