#!/usr/bin/env bash
# Going back in time at 80x24, as a presenter does. With the timeline on,
# ten steps forward are captured; stepping back shows each of them again,
# the world part of the screen (banner, numbers, vectors, messages in
# flight, the log) cell for cell; forward again reaches the present. A
# change made in the past starts a new future and says so once. In a
# scenario the timeline marks the chapter, and { goes back to its pause.
. "$(dirname "$0")/harness.sh" "$@"

# The world part of the screen: every row but the header, the timeline
# and the status line; the log's title says "newest" in two ways.
world() {
	screen | sed -n '2,22p' | sed 's/^events · .*/events/'
}

# settled: the screen once two captures a tenth of a second apart agree.
settled() {
	local a b
	a=$(screen)
	for _ in $(seq 1 50); do
		sleep 0.1
		b=$(screen)
		[[ $a == "$b" ]] && break
		a=$b
	done
}

# changed PREVIOUS: waits until the world differs from PREVIOUS.
changed() {
	local before=$1 start=$SECONDS
	while ((SECONDS - start < TIMEOUT)); do
		[[ $(world) != "$before" ]] && { settled; return 0; }
		sleep 0.05
	done
	fail "the screen did not change"
}

tui_start 80 24
gc_run --seed 5
wait_for 'RUNNING'
keys 1 2 3
wait_for 'CONVERGED'
keys Space
wait_for 'PAUSED'
keys t
wait_for_re '^ run .* of '
settled
declare -a seen
seen[0]=$(world)
for i in $(seq 1 10); do
	keys .
	changed "${seen[$((i - 1))]}"
	seen[$i]=$(world)
done
present_header=$(screen | head -1)

# Back, one event at a time: each moment as it was on the way forward.
for i in $(seq 9 -1 0); do
	keys ,
	changed "${seen[$((i + 1))]}"
	wait_for 'THE PAST'
	if [[ $(world) != "${seen[$i]}" ]]; then
		diff <(echo "${seen[$i]}") <(world) >&2
		fail "step back to moment $i differs from the way forward"
	fi
done
wait_for_re '^ past .*▼'
screen | tail -1 | grep -qF ', back' || fail "the status line lacks the keys"

# Forward again through the same events, to the present.
for i in $(seq 1 10); do
	keys .
	changed "${seen[$((i - 1))]}"
	[[ $(world) == "${seen[$i]}" ]] ||
		fail "stepping forward to moment $i differs"
done
wait_gone 'THE PAST'
wait_for 'the present again'
[[ $(screen | head -1) == "$present_header" ]] || fail "not the present"

# A new future: n2 counts, the presenter steps back before it, and n4
# counts there instead. n2's second increment is dropped.
keys 2
wait_for_re '^▸ n2 .*\[2\]'
keys , ,
wait_for 'THE PAST'
wait_for_re '^. n2 .*\[1\]'
settled
keys 4
wait_for 'a new future from'
wait_for '1 later command dropped'
wait_gone 'THE PAST'
wait_for_re '^▸ n4 .*\[1\]'
screen | grep -qE '^  n2 .*\[1\]' || fail "n2's dropped increment shows"
keys q
expect_exit 0

# A scenario's chapter: its pause is a mark on the timeline, and { goes
# back to it after going on.
gc_run --script "$(dirname "$0")/../../assets/scenarios/02-partition-and-heal.gcs" --speed 8
wait_for 'PAUSED by the script' 20
keys Space
wait_for 'Heal the partition'
keys Space
wait_for 'PAUSED'
keys '{'
wait_for 'THE PAST'
wait_for 'Neither is wrong'
wait_for 'paused by the script'
# The chapter is marked on the timeline (under the cursor just now).
keys End
wait_gone 'THE PAST'
keys t
wait_for_re '^ run .*\|.*▼'
keys q
expect_exit 0
pass
