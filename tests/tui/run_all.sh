#!/usr/bin/env bash
# Runs terminal test scripts JOBS at a time, each in its own tmux server
# (as harness.sh sets up), and reports every one that failed with its own
# output. A plain serial ctest runs the dashboard's tests this way (they
# spend their time waiting on the screen, not on the CPU); `make test`
# registers one ctest test per script instead (-DGCOUNTER_TUI_EACH=ON).
#
# Usage: run_all.sh GCOUNTER JOBS SCRIPT...
set -u

gcounter=${1:?usage: run_all.sh GCOUNTER JOBS SCRIPT...}
jobs=${2:?usage: run_all.sh GCOUNTER JOBS SCRIPT...}
shift 2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The slowest scripts start first (seconds alone, on an idle machine), so
# that the batch does not end with one long script running by itself. A
# script not listed keeps its place after them; none is ever left out.
slow="tui_real_nodes tui_time_travel tui_lesson tui_script
tui_script_too_small tui_record tui_fatal_signals tui_faults tui_big_over
tui_pause_step tui_help_keys tui_fatal tui_strategies tui_report_table"
ordered=()
for name in $slow; do
	for script in "$@"; do
		[ "$(basename "$script" .sh)" = "$name" ] && ordered+=("$script")
	done
done
for script in "$@"; do
	case " $(echo $slow) " in
	*" $(basename "$script" .sh) "*) ;;
	*) ordered+=("$script") ;;
	esac
done

# Each script's output and exit status land in $out/NAME.{log,status}.
printf '%s\n' "${ordered[@]}" | xargs -P "$jobs" -I{} bash -c '
	name=$(basename "$1" .sh)
	bash "$1" "$2" >"$3/$name.log" 2>&1
	echo $? >"$3/$name.status"' _ {} "$gcounter" "$out"

# A script that exits 77 was skipped (harness.sh: skip). A failure wins;
# then a skip: the batch exits 77, which ctest shows as skipped, so that a
# batch that did not check everything never shows as passed.
failed=0 skipped=0
for script in "$@"; do
	name=$(basename "$script" .sh)
	status=$(cat "$out/$name.status" 2>/dev/null || echo missing)
	if [ "$status" = 77 ]; then
		skipped=$((skipped + 1))
		cat "$out/$name.log" 2>/dev/null
	elif [ "$status" != 0 ]; then
		failed=$((failed + 1))
		echo "---- $name: exit $status ----"
		cat "$out/$name.log" 2>/dev/null
	fi
done
echo "run_all: $# scripts, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] || exit 1
[ "$skipped" -eq 0 ] || exit 77
