#!/bin/sh
# Runs every libFuzzer harness built in BUILD_DIR for SECONDS each, one after
# the other, and prints per harness: executions, exec/s, new coverage units
# and crashes. Crashing inputs land in tests/fuzz/crashes/NAME/, to commit as
# regression inputs (ctest replays them). Exits 1 if anything crashed.
#
# Usage: tests/fuzz/run_fuzz.sh BUILD_DIR [SECONDS]    (make fuzz calls it)
set -eu

build_dir=${1:?usage: run_fuzz.sh BUILD_DIR [SECONDS]}
seconds=${2:-60}
fuzz_src=$(cd "$(dirname "$0")" && pwd)
manifest="$build_dir/tests/fuzz/harnesses.txt"

if [ ! -s "$manifest" ]; then
	echo "run_fuzz: no harnesses in $manifest (configure with -DGCOUNTER_FUZZ=ON)" >&2
	exit 2
fi

# libFuzzer names what it saves crash-SHA1, leak-..., timeout-..., oom-...;
# the "found-" prefix keeps them clear of the top-level .gitignore (which
# ignores crash-* and the like) so that they can be committed.
artifact_prefix=found-
count_crashes() {
	find "$1" -maxdepth 1 -type f -name "$artifact_prefix*" 2>/dev/null |
		wc -l
}

# "stat::number_of_executed_units: 123" -> 123
final_stat() {
	sed -n "s/^stat::$1: *//p" "$2" | tail -n 1
}

summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
failed=0

while read -r name max_len; do
	[ -n "$name" ] || continue
	binary="$build_dir/tests/fuzz/fuzz_$name"
	crashes="$fuzz_src/crashes/$name"
	# New coverage goes to a scratch corpus in the build tree; the seed
	# corpus in the source tree stays the small, reviewed one.
	work="$build_dir/tests/fuzz/corpus-work/$name"
	log="$build_dir/tests/fuzz/fuzz_$name.log"
	mkdir -p "$crashes" "$work"
	before=$(count_crashes "$crashes")

	echo "== fuzz_$name: ${seconds}s, -max_len=$max_len (log: $log)"
	status=0
	"$binary" -max_total_time="$seconds" -max_len="$max_len" \
		-dict="$fuzz_src/dict/$name.dict" -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$crashes/$artifact_prefix" \
		"$work" "$fuzz_src/corpus/$name" >"$log" 2>&1 || status=$?

	found=$(($(count_crashes "$crashes") - before))
	if [ "$status" -ne 0 ] && [ "$found" -eq 0 ]; then
		# Died without an artifact (e.g. out of memory in the
		# harness itself): still a failure.
		found=1
	fi
	if [ "$found" -ne 0 ]; then
		failed=1
		echo "   crashed: last lines of the log:"
		tail -n 30 "$log" | sed 's/^/   | /'
	fi
	printf '%-16s %14s %10s %8s %8s\n' "$name" \
		"$(final_stat number_of_executed_units "$log")" \
		"$(final_stat average_exec_per_sec "$log")" \
		"$(final_stat new_units_added "$log")" "$found" >>"$summary"
done <"$manifest"

echo
printf '%-16s %14s %10s %8s %8s\n' harness executions exec/s new_cov crashes
cat "$summary"
if [ "$failed" -ne 0 ]; then
	echo "crashing inputs are in $fuzz_src/crashes/; they replay in ctest as fuzz_replay_NAME"
	exit 1
fi
