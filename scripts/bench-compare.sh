#!/bin/sh
# Compares two gcounter binaries on the same headless runs, in one go:
# instructions counted by callgrind (repeatable whatever else the machine
# is doing) and CPU seconds (noisy on a shared machine: the best of three).
# The runs exercise the engine's hot paths: state merges at 64 and 256
# nodes, gossip, delta and op-reliable bookkeeping, a PN-Counter.
#
# Usage: scripts/bench-compare.sh OLD_BINARY NEW_BINARY
set -eu
old=$1
new=$2
for tool in valgrind /usr/bin/time; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "bench-compare: needs $tool (make bench-compare installs it)" >&2
		exit 2
	}
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

instructions() {
	valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$@" \
		>/dev/null 2>"$work/cg.err"
	sed -n 's/^==[0-9]*== Collected : \([0-9]*\)$/\1/p' "$work/cg.err"
}

cpu_seconds() {
	for _ in 1 2 3; do
		/usr/bin/time -f '%U %S' -o "$work/time" "$@" >/dev/null 2>&1
		cat "$work/time"
	done | awk '{ t = $1 + $2; if (NR == 1 || t < best) best = t }
		END { printf "%.2f", best }'
}

printf '%-28s %14s %14s %7s %8s %8s\n' run "old instr" "new instr" ratio \
	"old s" "new s"
while read -r name args; do
	[ -n "$name" ] || continue
	# shellcheck disable=SC2086
	oi=$(instructions "$old" $args)
	# shellcheck disable=SC2086
	ni=$(instructions "$new" $args)
	# shellcheck disable=SC2086
	os=$(cpu_seconds "$old" $args)
	# shellcheck disable=SC2086
	ns=$(cpu_seconds "$new" $args)
	printf '%-28s %14s %14s %7s %8s %8s\n' "$name" "$oi" "$ni" \
		"$(awk -v a="$ni" -v b="$oi" 'BEGIN { printf "%.3f", a / b }')" \
		"$os" "$ns"
done <<'RUNS'
relay-state-64 --headless --seed 1 --nodes 64 --rate 200 --duration 2s
relay-state-256 --headless --seed 1 --nodes 256 --rate 200 --duration 1s
gossip-state-256 --headless --seed 1 --nodes 256 --rate 200 --duration 2s --strategy gossip
relay-delta-64 --headless --seed 1 --nodes 64 --rate 200 --duration 2s --mode delta
relay-op-reliable-64 --headless --seed 1 --nodes 64 --rate 200 --duration 2s --mode op-reliable --drop 5%
pn-gossip-delta-64 --headless --seed 1 --nodes 64 --crdt pncounter --rate 200 --duration 2s --strategy gossip --mode delta
RUNS
