#!/usr/bin/env bash
# At 200x60 the dashboard uses the room: the event log gets a column of its
# own on the right, and shows many more lines than at 80x24.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 200 60
gc_run --seed 9 --nodes 8
keys 1 2 3 4 5 6 7 8
wait_for 'true total 8'
wait_for 'every node reads 8'
# The log's column starts right of the middle.
col=$(screen | grep -F 'events · newest last' | head -n 1 |
	awk '{ print index($0, "events") }')
[ -n "$col" ] && [ "$col" -gt 100 ] || fail "the log is not in a column of its own (col $col)"
# Far more log lines than the handful an 80x24 screen has room for.
lines=$(screen | grep -cE '│ +[0-9]+:[0-9]{2}\.[0-9]{3} ')
[ "$lines" -ge 20 ] || fail "only $lines log lines at 200x60"
# The vector grid is still whole: every node has its row.
for n in 1 2 3 4 5 6 7 8; do
	screen | grep -qE "^. n$n " || fail "no row for n$n"
done
keys q
expect_exit 0
pass
