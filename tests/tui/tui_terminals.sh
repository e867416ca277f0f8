#!/usr/bin/env bash
# Terminals that cannot show the dashboard, or show it differently:
# TERM=dumb (no cursor addressing) and an unknown or unset TERM are one
# line and exit 2 (under the sanitizers: no leak, which would be exit 99);
# TERM=vt100 has no alternate screen, so the screen is cleared on the way
# out instead of the last frame staying under the prompt.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
for term in dumb no-such-terminal ""; do
	err="$WORK/err-${term:-unset}"
	keys -l 'clear'
	keys Enter
	if [ -n "$term" ]; then
		run_in_pane "TERM=$term $GCOUNTER --seed 1 2>$err"
	else
		run_in_pane "env -u TERM $GCOUNTER --seed 1 2>$err"
	fi
	expect_exit 2
	[ "$(wc -l <"$err")" -eq 1 ] ||
		fail "TERM=${term:-unset}: not one line: $(cat "$err")"
	grep -q "^gcounter: cannot use the terminal (TERM=${term:-unset}).*--headless" \
		"$err" || fail "TERM=${term:-unset}: message: $(cat "$err")"
done
expect_sane_tty

keys -l 'clear'
keys Enter
run_in_pane "TERM=vt100 $GCOUNTER --seed 1"
wait_for ' strategy '
keys q
expect_exit 0
screen | grep -q 'strategy' && fail "TERM=vt100: the last frame stayed"
expect_sane_tty
pass
