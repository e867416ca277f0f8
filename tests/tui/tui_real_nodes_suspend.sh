#!/usr/bin/env bash
# Ctrl-Z on the real-nodes dashboard gives the terminal back and holds
# the run as space does (every program stopped, the clock too): stopped
# for longer than --answer, the nodes still answer their final reads
# after fg, and the checker passes.
. "$(dirname "$0")/harness.sh" "$@"

here=$(cd "$(dirname "$0")/../.." && pwd)
python=$(python3 -c 'import sys; print(sys.executable)')

tui_start 80 24
run_in_pane "$GCOUNTER --exec '$python $here/examples/node.py' --nodes 3 --duration 3s --settle 1s --answer 2s --seed 5"
wait_for_re 'n2 +up +[0-9]+'
keys C-z
wait_for 'Stopped'
expect_sane_tty
sleep 4
run_in_pane 'fg'
wait_for 'real nodes: 3 x '
wait_for 'checker: VALID' 30
keys q
expect_exit 0
expect_sane_tty
pass
