#!/usr/bin/env bash
# n turns on narrated stepping: each . is one event told in a sentence with
# the vectors, in the caption bar, and the cells it changed are lit. With
# --show-keys, every key pressed is captioned with what it did.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 80 24
gc_run --seed 4 --show-keys
keys n
wait_for 'NARRATING'
wait_for 'key: n → narration on'
wait_for 'narrated stepping: press . or PgDn'
keys 1
wait_for 'key: 1 → n1 +1'
wait_for 'n1 increments its own slot: now [1,0,0,0], its value 1.'
# Step until a node merges n1's increment: the sentence tells the merge.
found=
for _ in $(seq 1 60); do
	keys .
	sleep 0.05
	if screen | tr -s ' \n' ' ' |
		grep -qE "n[234] receives n1's \[1,0,0,0\] \(via the relay\); element-wise max with its own \[0,0,0,0\] gives \[1,0,0,0\]; its value goes from 0 to 1\."; then
		found=1
		break
	fi
done
[ -n "$found" ] || fail "no narrated merge of n1's increment"
wait_for 'key: . → narrated step'
# The receiver's row and the cell that grew are lit (reverse, underlined).
receiver=$(screen | tr -s ' \n' ' ' | grep -oE "n[234] receives n1's" | head -n 1 | cut -d' ' -f1)
screen_attrs | grep -qE "4;7m(.\[[0-9;]*m)*$receiver(.\[| )" ||
	fail "$receiver's row is not lit"
# space runs on, and says narration is off.
keys Space
wait_for 'RUNNING'
wait_for 'key: space → run'
wait_gone 'NARRATING'
keys n n
wait_for 'key: n → narration off'
keys x
wait_for 'key: x → nothing'
keys q
expect_exit 0
pass
