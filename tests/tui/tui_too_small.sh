#!/usr/bin/env bash
# Below 80x24 the dashboard says so, centred, and recovers as soon as the
# terminal is large enough again.
. "$(dirname "$0")/harness.sh" "$@"

tui_start 60 20
run_in_pane "$GCOUNTER --seed 5"
wait_for 'terminal too small: 60×20, needs 80×24'
tmux_ resize-window -t gc -x 80 -y 24
wait_for 'strategy relay'
wait_gone 'terminal too small'
wait_for 'CONVERGED'
tmux_ resize-window -t gc -x 79 -y 24
wait_for 'terminal too small: 79×24, needs 80×24'
tmux_ resize-window -t gc -x 100 -y 30
wait_for 'strategy relay'
# It still works after all that.
keys 2
wait_for 'true total 1'
keys q
expect_exit 0
pass
