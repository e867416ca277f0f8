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
	# shellcheck disable=SC2086
	run_case "$dir" $args | sed -e "s#$dir/out#@DIR@#g" -e "s#$assets#@ASSETS@#g" \
		>"$work/$name.out"
	if [ "$update" = "--update" ]; then
		cp "$work/$name.out" "$expected/$name.out"
	elif ! cmp -s "$work/$name.out" "$expected/$name.out"; then
		echo "golden: $name differs: gcounter $args" >&2
		diff -u "$expected/$name.out" "$work/$name.out" | head -20 >&2
		failed=$((failed + 1))
	fi
done < <(golden_cases)

if [ "$update" = "--update" ]; then
	echo "golden: saved $count cases in $expected"
	exit 0
fi
echo "golden: $((count - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
