#!/usr/bin/env bash
# Real nodes on the dashboard (issue 17), read as a person would: three
# Python nodes, one partitioned; the table shows states, reads and the
# counters their gossip carries; space pauses (the programs are stopped,
# the clock holds); a key adds; Page Up shows the past and refuses a fork;
# Tab selects a node and shows its stderr; the checker's verdict shows,
# and an add after the workload is refused with a reason;
# q prints the report, and no node process is left. Then Ctrl-C mid-run.
. "$(dirname "$0")/harness.sh" "$@"

here=$(cd "$(dirname "$0")/../.." && pwd)
marker="tui-real-nodes-$$"
python=$(python3 -c 'import sys; print(sys.executable)')
node="$python $here/examples/node.py $marker"

clock() {
	screen | sed -n 2p | grep -oE 't=[0-9.]+s'
}
nodes_left() {
	ps -eo stat=,args= | grep -F "$marker" | grep -vF -e grep -e --exec || true
}

tui_start 80 24
run_in_pane "$GCOUNTER --exec '$node' --nodes 3 --duration 6s --settle 1s --seed 7 --partition n1@1s"
wait_for 'real nodes: 3 x '
wait_for_re 'n2 +up +[0-9]+ .* [0-9]+ [0-9]+ [0-9]+'
wait_for 'n1   up cut off'

keys Space
wait_for 'PAUSED'
wait_for 'every program stopped (SIGSTOP)'
stopped=$(nodes_left | awk '$1 ~ /^T/' | wc -l)
[ "$stopped" = 3 ] || fail "paused, but $stopped of 3 programs are stopped"
t1=$(clock)
sleep 1
[ "$(clock)" = "$t1" ] || fail "the clock moved while paused"
keys Space
wait_for 'LIVE'

keys 2
wait_for 'add 1 sent to n1 from c2'
keys PPage
wait_for 'PAST'
keys 1
wait_for 'cannot be forked'
keys End
wait_for 'LIVE'

keys Tab
wait_for '> n1'
wait_for 'stderr of n1:'
wait_for "n1: init with 3 nodes"

wait_for 'checker: VALID' 20
wait_for '  n1 ok: read'
keys q
expect_exit 0
wait_for 'checker: valid'
expect_sane_tty
[ -z "$(nodes_left)" ] || fail "node processes left: $(nodes_left)"

# Ctrl-C in the middle of a run: the terminal back, every program
# reaped. While it settles, an add is refused: it could not spread before
# the final reads.
run_in_pane "$GCOUNTER --exec '$node' --nodes 3 --duration 1s --settle 60s --seed 8"
wait_for_re 'n2 +up'
wait_for 'workload over, faults healed: settling'
keys 3
wait_for 'the workload is over: an add now could not spread'
keys C-c
expect_exit 130
expect_sane_tty
sleep 0.3
[ -z "$(nodes_left)" ] || fail "node processes left after Ctrl-C: $(nodes_left)"
pass
