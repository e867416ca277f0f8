#!/usr/bin/env bash
# SIGTERM, SIGHUP and SIGQUIT each end the dashboard cleanly, with the
# terminal restored: status 128+signal.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
for signal in TERM:143 HUP:129 QUIT:131; do
	name=${signal%%:*}
	status=${signal##*:}
	keys -l 'clear'
	keys Enter
	gc_run --seed 13
	kill -s "$name" "$(gc_pid)"
	expect_exit "$status"
	expect_sane_tty
done
pass
