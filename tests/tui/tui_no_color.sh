#!/usr/bin/env bash
# With NO_COLOR set the dashboard works with no colour at all, and its cues
# (bold, reverse video) are still there. --no-color does the same.
. "$(dirname "$0")/harness.sh" "$@"

for how in env flag; do
	if [ "$how" = env ]; then
		TUI_ENV='NO_COLOR=1' tui_start 80 24
		gc_run --seed 8
	else
		tui_start 80 24
		gc_run --seed 8 --no-color
	fi
	keys 1 1
	wait_for 'true total 2'
	# SGR colours are 30-38, 40-48, 90-97, 100-107 (39 and 49 are
	# "default", which tmux writes anyway); none may appear.
	if screen_attrs | grep -qE $'\e\\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m'; then
		fail "colour used with --no-color/NO_COLOR ($how)"
	fi
	# Reverse video still marks the header and the fresh cells.
	screen_attrs | grep -qE $'\e\\[([0-9;]*;)?7(;[0-9;]*)?m' ||
		fail "no reverse video ($how)"
	keys q
	expect_exit 0
	tmux_ kill-server
done
pass
