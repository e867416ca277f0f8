#!/usr/bin/env bash
# At 80 columns with 8 nodes, an event-log line of a merge keeps what the
# merge made in sight, whole: its inputs are shortened instead (issue #14).
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
gc_run --nodes 8 --seed 3 --rate 20
# The log scrolls at this rate: judge the very screen that shows a merge.
shot=
for _ in $(seq 400); do
	shot=$(screen)
	grep -qE 'merged n[0-9]+.s .* → \[[0-9]+(,[0-9]+){7}\]$' <<<"$shot" && break
	sleep 0.05
done
merges=$(grep -E ' merged n[0-9]+.s ' <<<"$shot")
[ -n "$merges" ] || fail "no merge in the log"
# Every merge line shown ends with its whole 8-slot result.
bad=$(grep -vE '→ \[[0-9]+(,[0-9]+){7}\]$' <<<"$merges")
[ -z "$bad" ] || fail "a merge's result is cut: $bad"
grep -q '…\]' <<<"$merges" || fail "no input was shortened: $merges"
expect_fits 80
keys q
expect_exit 0
pass
