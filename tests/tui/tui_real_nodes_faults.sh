#!/usr/bin/env bash
# Fault keys on the real-nodes dashboard (issue 17), read as a person
# would: p cuts the selected Python node off, its reads fall behind the
# truth and its messages are lost; d and u set the drop and duplicate
# rates, c crashes a node and c again restarts it with amnesia, h heals;
# every node converges and the checker passes. In the past a fault key
# says it cannot fork. The saved log replays to the same JSON. The adds
# are the keys' (--rate 0), none at n2 once it has crashed: a G-Counter
# restarted with amnesia loses what it takes before it hears its old
# count back, and the checker would rightly say so.
. "$(dirname "$0")/harness.sh" "$@"

here=$(cd "$(dirname "$0")/../.." && pwd)
marker="tui-real-faults-$$"
python=$(python3 -c 'import sys; print(sys.executable)')
node="$python $here/examples/node.py $marker"
log="$WORK/run.log"

nodes_left() {
	ps -eo stat=,args= | grep -F "$marker" | grep -vF -e grep -e --exec || true
}
# lost: the "N lost" of the messages row.
lost() {
	screen | sed -n 4p | grep -oE '[0-9]+ lost' | grep -oE '[0-9]+'
}

tui_start 80 24
run_in_pane "$GCOUNTER --exec '$node' --nodes 3 --duration 10s --settle 1500ms --read-every 200ms --rate 0 --seed 5 --json --save-log $log"
wait_for 'workload running'
wait_for 'faults: none'
keys '?'
wait_for 'p        partition the selected node: both -> in -> out -> none'
wait_for 'c        crash the selected node; again: restart it (amnesia)'
keys '?'
wait_gone 'keys on the real-nodes dashboard'

# Cut n1 off both ways: the faults row and its state say so, what it
# sends and is sent is lost, and its reads fall well behind the truth.
keys Tab
wait_for '> n1'
before=$(lost)
keys p
wait_for 'n1 cut off both ways'
wait_for 'faults:  n1 cut off'
wait_for_re '^> n1 +up cut off'
keys 1 3 1 3 2
wait_for 'add 1 sent to n1 from c2'
wait_for_re '^  n0 +up +[0-9]+  -1 '
wait_for_re '^> n1 +up cut off +1  -4 '
[ "$(lost)" -gt "$before" ] || fail "n1 is cut off, but no message was lost"

# In the past, a fault key cannot fork.
keys PPage
wait_for 'PAST'
keys d
wait_for 'cannot be forked'
keys End
wait_for 'LIVE'

# Drop and duplicate rates on screen; a crash and a restart with amnesia.
keys d d
wait_for 'faults:  drop 30%'
keys u
wait_for 'dup 10%'
keys Tab
wait_for '> n2'
keys c
wait_for 'n2 crashed: its program killed'
wait_for_re '^> n2 +crashed'
wait_for 'n2 crashed' # in the faults row too
keys c
wait_for 'n2 restarted: a new program, sent init'
wait_for_re '^> n2 +restarted: amnesia'
keys 1 2 1 2

# Heal, rates back to 0: they converge and the checker passes.
keys h
wait_for 'every partition healed'
keys d d u u u
wait_for 'faults: none'
wait_for 'checker: VALID' 20
wait_for_re '^  n0 +up +[0-9]+  = '
wait_for_re '^  n1 +up +[0-9]+  = '
wait_for_re '^> n2 +restarted: amnesia +[0-9]+  = '
# The past past 5 s comes from checkpoints: 1 s back, then 2, then on 1
# (paused first, so that the present holds still).
keys Space
wait_for_re '^PAUSED +t='
now=$(screen | sed -n 2p | grep -oE 't=[0-9]+' | grep -oE '[0-9]+')
keys PPage
wait_for_re "^PAST +t=$((now - 1))\\."
wait_for 'the past, replayed from the log'
keys PPage
wait_for_re "^PAST +t=$((now - 2))\\."
keys NPage
wait_for_re "^PAST +t=$((now - 1))\\."
keys End
wait_for_re '^PAUSED +t='
keys q
expect_exit 0
[ -z "$(nodes_left)" ] || fail "node processes left: $(nodes_left)"

# The run's JSON (printed to the pane) and its replay without programs.
tmux_ capture-pane -p -J -S - -t gc >"$WORK/pane.txt"
python3 - "$WORK/pane.txt" "$GCOUNTER" "$log" <<'PY' || fail "the replay differs"
import json, subprocess, sys
text = open(sys.argv[1]).read()
start = text.index('\n{\n  "workload"') + 1
run, _ = json.JSONDecoder().raw_decode(text[start:])
replay = json.loads(subprocess.run([sys.argv[2], "--replay", sys.argv[3],
                                    "--json"], check=True,
                                   capture_output=True, text=True).stdout)
assert run["valid"] is True, run
assert run["messages"]["lost"] > 0 and run["messages"]["dropped"] > 0, run
assert run["messages"]["duplicated"] > 0, run
assert run["adds"]["acknowledged"] == 9, run["adds"]
assert [n["restarts"] for n in run["nodes"]] == [0, 0, 1], run["nodes"]
for n in run["nodes"]:
    n["stderr"] = []  # a replay has no programs, so no stderr
assert run == replay, (run, replay)
PY
# pn-counter: the grid shows the two halves, Backspace adds -1.
run_in_pane "clear; $GCOUNTER --exec '$node' --workload pn-counter --nodes 3 --duration 30s --rate 0 --seed 6"
wait_for 'pn-counter'
wait_for 'workload running'
keys BSpace BSpace 2
wait_for 'add 1 sent to n1 from c2'
wait_for_re '^> n0 +up +-1 +=  +P 0 1 0 \| N 2 0 0'
keys q
expect_exit 0
[ -z "$(nodes_left)" ] || fail "node processes left: $(nodes_left)"

log_keys=$(grep -cE ' net [0-9]+ (partition|drop|duplicate|crash|restart|heal)' "$log")
[ "$log_keys" -ge 10 ] || fail "the log holds $log_keys fault keys"
pass
