#!/bin/bash
# Real nodes end to end: the Python example and gcounter's own C node pass
# the checker through drops, duplicates and partitions, in both workloads;
# each broken node of broken.py is caught with the right verdict; a saved
# run replays to the same report without the programs; and the children
# are reaped on every way out (the end, SIGTERM, SIGINT, SIGHUP, SIGKILL of
# gcounter, an error), checked with ps.
#
# The cases run side by side (at most JOBS at once, default 4: they spend
# their time waiting on the wall clock, not on the CPU), each with its own
# marker in its node programs' command lines, so that ps tells whose
# processes are left. Their reports are printed in order at the end.
#
#   run.sh BINARY SOURCE_DIR
set -u
bin=$(realpath "$1")
src=$(realpath "$2")
cd "$src" || exit 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
marker="gcounter-nodes-test-$$"
jobs_max=${JOBS:-4}
failed=0

fail() {
	echo "FAIL: $*"
	failed=1
}

# Processes of a case's nodes still around (any state, zombies too).
leftovers() {
	# (not gcounter itself, whose --exec names the marker too)
	ps -eo pid=,stat=,args= | grep -F "$1" | grep -vF -e grep -e --exec || true
}

# expect_clean NAME MARK
expect_clean() {
	local left
	sleep 0.2
	left=$(leftovers "$2")
	[ -z "$left" ] || fail "$1: node processes left: $left"
}

quick="--headless --duration 1500ms --settle 1s --answer 5s"

# The interpreter itself, not a wrapper (a pyenv shim is a shell script
# that takes seconds to start on a loaded machine).
python=$(python3 -c 'import sys; print(sys.executable)')
# @M@ in a command line is the case's own marker: "$marker.NAME.".
py="$python examples/node.py @M@"
# The C node under a name ps can find: a link to gcounter named after the
# marker.
cnode="$work/@M@ maelstrom-node --gossip 50ms"
broken="$python tests/nodes/broken.py"

# in_background NAME COMMAND...: runs a case as a background job (waiting
# while JOBS are running); its output goes to NAME.result, read at the end.
names=()
in_background() {
	local name=$1
	shift
	while (($(jobs -rp | wc -l) >= jobs_max)); do wait -n; done
	names+=("$name")
	("$@" >"$work/$name.result" 2>&1) &
}

# run NAME WANT_STATUS GREP_TEXT ARGS... : the report must hold GREP_TEXT.
run() {
	local name=$1 want=$2 text=$3 status mk="$marker.$1."
	shift 3
	local args=("${@//@M@/$mk}")
	ln -s "$bin" "$work/$mk"
	"$bin" "${args[@]}" >"$work/$name.out" 2>"$work/$name.err"
	status=$?
	if [ "$status" != "$want" ]; then
		fail "$name: exit $status, want $want"
		cat "$work/$name.out" "$work/$name.err"
	elif [ -n "$text" ] && ! grep -qF -- "$text" "$work/$name.out"; then
		fail "$name: no \"$text\" in the report"
		cat "$work/$name.out"
	else
		echo "ok: $name"
	fi
	expect_clean "$name" "$mk"
	return $failed
}

case_() {
	in_background "$1" run "$@"
}

case_ python-faults 0 "checker: valid" --exec "$py" --nodes 3 $quick \
	--drop 0.2 --duplicate 0.2 --partition n1@300ms --partition n2:in@200ms \
	--seed 11
case_ c-node-faults 0 "checker: valid" --exec "$cnode" \
	--nodes 5 $quick --drop 0.3 --duplicate 0.3 --partition n0:out@200ms \
	--partition n4@600ms --seed 12
case_ never-merges 1 "missing (does it merge?)" \
	--exec "$broken nomerge @M@" --nodes 3 $quick --rate 20 --seed 13
case_ counts-twice 1 "it counted something twice" \
	--exec "$broken double @M@" --nodes 3 $quick --rate 20 \
	--duplicate 0.9 --seed 14
case_ crashes 1 "its program exited with status 3" \
	--exec "$broken crash @M@" --nodes 3 $quick --seed 15
case_ non-json 1 "not a Maelstrom message, not JSON" \
	--exec "$broken nonjson @M@" --nodes 3 $quick --seed 16
# (--answer 1s: nobody answers, so the workload starts after it)
case_ no-init 1 "never answered init" \
	--exec "$broken noinit @M@" --nodes 3 $quick --answer 1s --seed 17
# (a longer run: the new program must answer init before the final reads,
# and a loaded machine can take seconds to start an interpreter)
case_ crash-restart 0 "(restarted with amnesia)" \
	--exec "$py" --nodes 3 $quick --duration 4s --crash n1@100ms-200ms \
	--rate 0 --seed 18
# pn-counter: adds of both signs, two vectors in the gossip.
case_ pn-python 0 "checker: valid" --exec "$py" --workload pn-counter \
	--nodes 3 $quick --drop 0.2 --duplicate 0.2 --partition n1@300ms --rate 20 \
	--seed 21
case_ pn-c-node 0 "checker: valid" --exec "$cnode" --workload pn-counter \
	--nodes 4 $quick --drop 0.3 --duplicate 0.3 --partition n0:in@200ms \
	--rate 20 --seed 22
case_ pn-json 0 '"indeterminate_down": ' --exec "$py" \
	--workload pn-counter --nodes 3 $quick --json --rate 20 --seed 24
case_ pn-abs 1 "a decrement as an increment" \
	--exec "$broken abs @M@" --workload pn-counter --nodes 3 $quick \
	--rate 20 --seed 23

usage_case() {
	run usage 2 "" --exec "$py" --nodes 3 --duration 1s </dev/null
	grep -qF "the dashboard needs a terminal (stdin and stdout must be a TTY); try --headless" \
		"$work/usage.err" || fail "usage: no hint: $(cat "$work/usage.err")"
	return $failed
}
in_background usage usage_case

# An error after the run (the log cannot be written): one line, exit 2.
save_error_case() {
	run save-error 2 "" --exec "$py" --nodes 2 $quick \
		--save-log /nonexistent/dir/run.log
	grep -qF "gcounter: --save-log: /nonexistent/dir/run.log" \
		"$work/save-error.err" || fail "save-error: $(cat "$work/save-error.err")"
	return $failed
}
in_background save-error save_error_case

# The JSON report, read by a real consumer; then the same run replayed.
json_case() {
	local mk="$marker.json."
	"$bin" --exec "${py//@M@/$mk}" --nodes 3 $quick --drop 0.2 \
		--duplicate 0.1 --partition n2@400ms --rate 20 --seed 19 --json \
		--save-log "$work/run.log" >"$work/run.json" || fail "json run: exit $?"
	"$bin" --replay "$work/run.log" --json >"$work/replay.json" ||
		fail "replay: exit $?"
	python3 - "$work/run.json" "$work/replay.json" <<'PY' || fail "json: the report or its replay is wrong (above)"
import json, sys
run = json.load(open(sys.argv[1]))
replay = json.load(open(sys.argv[2]))
assert run["valid"] is True, run
assert len(run["nodes"]) == 3 and all(n["valid"] for n in run["nodes"])
assert run["adds"]["acknowledged"] == run["nodes"][0]["final_read"]
assert run["messages"]["dropped"] > 0, run["messages"]
for n in run["nodes"]:
    assert n["stderr"], n  # the node's log was read
    n["stderr"] = []        # a replay has no programs, so no stderr
assert run == replay, (run, replay)
print("ok: json and replay")
PY
	expect_clean "json" "$mk"
	return $failed
}
in_background json json_case

# Every way out of a run still in progress.
signal_case() {
	local sig=$1 mk="$marker.sig$1." pid n status want
	"$bin" --exec "$broken good $mk" --nodes 3 --headless \
		--duration 30s >/dev/null 2>"$work/sig$sig.err" &
	pid=$!
	sleep 1.5
	n=$(leftovers "$mk" | wc -l)
	[ "$n" = 3 ] || fail "SIG$sig: $n nodes running before the signal"
	kill -"$sig" "$pid"
	wait "$pid" 2>/dev/null
	status=$?
	case $sig in
	TERM) want=143 ;; INT) want=130 ;; HUP) want=129 ;; KILL) want=137 ;;
	esac
	[ "$status" = "$want" ] || fail "SIG$sig: exit $status, want $want"
	expect_clean "SIG$sig" "$mk"
	echo "ok: SIG$sig reaps"
	return $failed
}
for sig in TERM INT HUP KILL; do
	in_background "sig$sig" signal_case "$sig"
done

# A node that dies by itself is reaped at once: no zombie while the run
# goes on.
zombie_case() {
	local mk="$marker.zombies." pid first late start
	"$bin" --exec "$broken crash $mk" --nodes 3 --headless --duration 90s \
		>/dev/null 2>&1 &
	pid=$!
	# A child is a zombie for the moment between its death and SIGCHLD's
	# reap; one still a zombie a second later was never reaped.
	zombies() {
		ps -eo pid=,ppid=,stat= | awk -v p="$pid" '$2 == p && $3 ~ /Z/ {print $1}'
	}
	children() {
		ps -eo ppid= | awk -v p="$pid" '$1 == p' | wc -l
	}
	# Wait until a node has crashed (the programs may take long to start
	# on a loaded machine: a minute at most).
	start=$SECONDS
	while [ "$(children)" -lt 3 ] && ((SECONDS - start < 60)); do sleep 0.05; done
	while [ "$(children)" -ge 3 ] && ((SECONDS - start < 60)); do sleep 0.2; done
	[ "$(children)" -lt 3 ] || fail "no node crashed in a minute"
	first=$(zombies)
	sleep 1
	late=$(comm -12 <(printf '%s\n' $first | sort) <(zombies | sort))
	[ -z "$late" ] || fail "zombies left unreaped while running: $late"
	kill -TERM "$pid"
	wait "$pid"
	expect_clean "zombies" "$mk"
	echo "ok: no zombies"
	return $failed
}
in_background zombies zombie_case

# Bad usage: one line naming the option, exit 2, nothing started (these
# run here, while the cases above wait on the clock).
bad() {
	local want=$1 out status
	shift
	out=$("$bin" "$@" 2>&1 </dev/null)
	status=$?
	[ "$status" = 2 ] || fail "$*: exit $status, want 2"
	[ "$out" = "gcounter: $want" ] || fail "$*: said '$out', want '$want'"
}
pybad="${py//@M@/$marker.bad.}"
bad "--nodes: must be at most 16" --exec "$pybad" --nodes 99 --headless
bad "--workload: unknown workload 'pn' (use g-counter or pn-counter)" \
	--exec "$pybad" --workload pn --headless
bad "--answer: must be at least 1ms" --exec "$pybad" --answer 0s --headless
bad "--partition: \"up\" is not in, out or both" --exec "$pybad" \
	--partition n1:up@1s --headless
bad "a fault names n5, but the nodes are n0 to n2" --exec "$pybad" \
	--crash n5@1s --headless
bad "--settle is for real nodes: give --exec COMMAND too" --settle 1s
bad "--replay plays a saved run: it takes no --exec" --exec "$pybad" \
	--replay "$work/none.log"
printf '# gcounter real-nodes log 1\nnodes 3\nat 5 step\n' >"$work/bad.log"
bad "$work/bad.log:3: not a line of a real-nodes log" --replay "$work/bad.log"
printf '# gcounter real-nodes log 1\nnodes 3\nat 5 step 1 net 0 drop\n' \
	>"$work/bad-net.log"
bad "$work/bad-net.log:3: not a line of a real-nodes log" \
	--replay "$work/bad-net.log"
expect_clean "usage errors" "$marker.bad."
echo "ok: usage errors"

while (($(jobs -rp | wc -l) > 0)); do wait -n; done
for name in "${names[@]}"; do
	cat "$work/$name.result"
	grep -q '^FAIL: ' "$work/$name.result" && failed=1
done
exit $failed
