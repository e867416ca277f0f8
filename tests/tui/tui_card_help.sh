#!/usr/bin/env bash
# The help over a lesson's title card reads the chapter's own world: on the
# first card (no frame has read a world yet) and on a later one (the last
# chapter's world is gone) it shows the chapter's strategy, not a crash.
. "$(dirname "$0")/harness.sh" "$@"

cat >"$WORK/a.gcs" <<'GCS'
title "First, under relay"
nodes 3
strategy relay
at 0s caption "the first chapter"
after 300ms end
GCS
cat >"$WORK/b.gcs" <<'GCS'
title "Second, under gossip"
nodes 5
strategy gossip
at 0s caption "the second chapter"
after 300ms end
GCS

tui_start 100 70
run_in_pane "$GCOUNTER --script $WORK/a.gcs --script $WORK/b.gcs"
wait_for "Chapter 1 of 2"
keys '?'
wait_for "Playing: First, under relay"
wait_for "now: relay)"
keys '?'
wait_gone "Playing: First"
keys Space
wait_for "the first chapter"
wait_for "the end of"
keys Space
wait_for "Chapter 2 of 2"
keys '?'
wait_for "Playing: Second, under gossip"
wait_for "now: gossip)"
keys '?'
wait_gone "Playing: Second"
keys q
expect_exit 0
pass
