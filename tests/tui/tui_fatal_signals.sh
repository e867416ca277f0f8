#!/usr/bin/env bash
# Signals that kill by default but that nothing asked for (SIGUSR1,
# SIGUSR2, SIGALRM, SIGXCPU, SIGVTALRM, SIGPIPE, a real-time one) end the
# dashboard as SIGTERM does: the terminal restored, --save-log written,
# status 128 + the signal. SIGXFSZ is ignored (a file-size limit is a
# failed write, said at the end), so the dashboard runs on.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
rtmin=$(kill -l RTMIN 2>/dev/null || echo 34)
for signal in USR1:138 USR2:140 ALRM:142 XCPU:152 VTALRM:154 PIPE:141 \
	"$((rtmin + 1)):$((128 + rtmin + 1))"; do
	name=${signal%%:*}
	status=${signal##*:}
	log="$WORK/sig-$name.log"
	keys -l 'clear'
	keys Enter
	gc_run --seed 13 --save-log "$log"
	keys 1
	wait_for_re 'n1 +\[1\]'
	kill -s "$name" "$(gc_pid)" 2>/dev/null || kill "-$name" "$(gc_pid)"
	expect_exit "$status"
	expect_sane_tty
	grep -q ' inc n1$' "$log" || fail "SIG$name: the log lost the increment"
	grep -q ' end$' "$log" || fail "SIG$name: the log has no end line"
done

keys -l 'clear'
keys Enter
gc_run --seed 13
kill -s XFSZ "$(gc_pid)"
sleep 0.3
keys 1
wait_for_re 'n1 +\[1\]'
keys q
expect_exit 0
expect_sane_tty
pass
