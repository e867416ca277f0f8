#!/bin/bash
# Golden outputs: gcounter's bytes for a fixed set of runs (cases.sh),
# compared with the ones saved in expected/. A change of shape must leave
# every one byte-identical.
#
#   run.sh BINARY            compare; a difference fails and shows a diff
#   run.sh BINARY --update   save the outputs as the new expectation (only
#                            for a change that means to change behaviour:
#                            say so in the commit)
set -u
if [ ! -x "${1:-}" ]; then
	echo "golden: no gcounter binary at '${1:-}' (build it first)" >&2
	exit 2
fi
bin=$(realpath "$1")
update=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
assets=$(cd "$here/../../assets" && pwd)
expected=$here/expected
. "$here/cases.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$expected"
failed=0 count=0

# One case's output: stdout, stderr, exit status and every file it wrote,
# with the paths made independent of where the test runs.
run_case() {
	local dir=$1
	shift
	local status
	(cd "$dir" && "$bin" "$@" >stdout 2>stderr </dev/null)
	status=$?
	echo "== exit $status"
	echo "== stdout"; cat "$dir/stdout"
	echo "== stderr"; cat "$dir/stderr"
	for f in "$dir"/out/*; do
		[ -e "$f" ] || continue
		echo "== file $(basename "$f")"; cat "$f"
	done
}

while read -r name args; do
	count=$((count + 1))
	dir=$work/$name
	mkdir -p "$dir/out"
	args=${args//@DIR@/$dir/out}
	args=${args//@ASSETS@/$assets}
	# Word splitting is wanted here; globbing is not.
	set -f
	# shellcheck disable=SC2086
	run_case "$dir" $args | sed -e "s#$dir/out#@DIR@#g" -e "s#$assets#@ASSETS@#g" \
		>"$work/$name.out"
	set +f
	if [ "$update" = "--update" ]; then
		rm -f "$expected/$name.out" "$expected/$name.sha256"
		# An output past a megabyte (a whole scenario's trace) is kept
		# as its hash: the bytes are still compared, only the diff is
		# lost (run the command on the old and new binary to see it).
		if [ "$(wc -c <"$work/$name.out")" -gt 1048576 ]; then
			sha256sum <"$work/$name.out" >"$expected/$name.sha256"
		else
			cp "$work/$name.out" "$expected/$name.out"
		fi
	elif [ -f "$expected/$name.sha256" ]; then
		if ! sha256sum <"$work/$name.out" | cmp -s - "$expected/$name.sha256"; then
			echo "golden: $name differs (by its hash): gcounter $args" >&2
			failed=$((failed + 1))
		fi
	elif ! cmp -s "$work/$name.out" "$expected/$name.out"; then
		echo "golden: $name differs: gcounter $args" >&2
		# The first few in full; the rest by name, so a broken build
		# does not bury the first difference.
		if [ "$failed" -lt 3 ]; then
			diff -u "$expected/$name.out" "$work/$name.out" |
				head -20 >&2
		fi
		failed=$((failed + 1))
	fi
done < <(golden_cases)

if [ "$update" = "--update" ]; then
	echo "golden: saved $count cases in $expected"
	exit 0
fi
echo "golden: $((count - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
