#!/usr/bin/env bash
# A fatal error — here memory running out for real, under a low ulimit —
# restores the terminal before the one-line message and the abort: the
# shell gets echo, canonical input and the cursor back, and no process is
# left behind. (Skipped in the sanitizer build: AddressSanitizer needs far
# more address space than any useful limit allows.)
. "$(dirname "$0")/harness.sh" "$@"

if ldd "$GCOUNTER" 2>/dev/null | grep -q libasan; then
	skip "AddressSanitizer build"
fi

tui_start 80 24
# 2048 nodes at 20,000 increments a second, 64 times faster than real
# time: messages pile up far past 300 MB of address space in seconds.
run_in_pane "(ulimit -v 300000; exec $GCOUNTER --seed 5 --nodes 2048 --rate 20000 --latency 1s) 2>$WORK/fatal.err"
wait_for ' strategy '
keys + + + + + +
expect_exit 134
expect_sane_tty
grep -q '^gcounter: fatal: out of memory' "$WORK/fatal.err" ||
	fail "no 'fatal: out of memory' line: $(cat "$WORK/fatal.err")"
pass
