# The harness for the dashboard's tests in a real terminal: sourced by each
# tests/tui/tui_*.sh. Each test gets its own tmux server (so ctest -j can run
# them side by side), a fixed size, a shell in the pane to run gcounter from,
# and polling with a timeout instead of sleeps. The server is always killed
# on the way out, and a failure prints what the screen showed.
#
# Usage in a test:  . "$(dirname "$0")/harness.sh" "$@"   (arg 1: gcounter)

set -u

GCOUNTER=${1:?usage: $0 path/to/gcounter}
TEST_NAME=$(basename "$0" .sh)

# skip REASON: this test cannot run here. It exits 77, which ctest reads as
# "skipped" (SKIP_RETURN_CODE), so a test that did not run never shows as
# passed.
skip() {
	echo "skip: $TEST_NAME: $*"
	exit 77
}
command -v tmux >/dev/null 2>&1 ||
	skip "tmux is not installed (scripts/deps.sh installs it)"
SOCKET="gc-$TEST_NAME-$$"
# Generous: a loaded 2-core machine running the ASan build is slow, and a
# wait only costs its time when it fails (waits poll every 50 ms).
TIMEOUT=${TUI_TIMEOUT:-20}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gc-$TEST_NAME.XXXXXX")

# What the terminal looks like matters: UTF-8 unless a test says otherwise.
export LANG=${TUI_LANG:-C.UTF-8}
export LC_ALL=$LANG
# A locale that is not installed silently falls back to C (plain ASCII),
# and the UTF-8 tests would then test the wrong thing.
tui_have_locale() {
	local want
	want=$(printf '%s' "$1" | tr 'A-Z' 'a-z' | tr -d '-')
	case $want in c | posix) return 0 ;; esac
	command -v locale >/dev/null 2>&1 || return 0 # cannot tell: try
	locale -a 2>/dev/null | tr 'A-Z' 'a-z' | tr -d '-' | grep -qxF "$want"
}
tui_have_locale "$LANG" || skip "the $LANG locale is not installed"
unset NO_COLOR
# Under the sanitizer build a leak or an error ends gcounter with status 99,
# which fails the test's EXIT=<n> check. No leak suppressions: with endwin,
# delscreen and libevent_global_shutdown nothing is left, ncurses included.
export ASAN_OPTIONS="abort_on_error=0:exitcode=99"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

tmux_() {
	tmux -L "$SOCKET" -f /dev/null "$@"
}

cleanup() {
	tmux_ kill-server >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT
# A signal (a ctest timeout, a closed pipe) becomes an exit, so the server
# is still killed.
trap 'exit 1' INT TERM HUP PIPE

fail() {
	echo "FAIL: $TEST_NAME: $*" >&2
	echo "---- screen ----" >&2
	tmux_ capture-pane -p -t gc >&2 2>/dev/null || echo "(no screen)" >&2
	echo "----------------" >&2
	exit 1
}

pass() {
	echo "ok: $TEST_NAME"
	exit 0
}

# The pane's shell prompt (tmux trims trailing blanks, so no space after).
PROMPT='gc-shell$'

# tui_start COLS ROWS: a detached session running a plain shell with that
# prompt. Extra environment for gcounter goes in TUI_ENV.
tui_start() {
	local cols=$1 rows=$2 try
	# A loaded machine now and then loses a server as it starts ("server
	# exited unexpectedly"): try again rather than fail the test.
	for try in 1 2 3; do
		tmux_ new-session -d -s gc -x "$cols" -y "$rows" \
			"env PS1='$PROMPT ' ${TUI_ENV:-} bash --norc --noprofile -i" &&
			break
		tmux_ kill-server >/dev/null 2>&1 || true
		((try < 3)) || fail "cannot start tmux"
		sleep 0.5
	done
	# Keep the window at the size asked for, whatever clients do.
	tmux_ set-option -t gc -g window-size manual >/dev/null 2>&1 || true
	wait_for "$PROMPT"
}

# screen: the pane as text, one line per row.
screen() {
	tmux_ capture-pane -p -t gc
}

# screen_joined: the same, with lines the terminal wrapped joined again
# (for long error messages printed to the shell).
screen_joined() {
	tmux_ capture-pane -p -J -t gc
}

# screen_attrs: the pane with its escape sequences (colours, bold...).
screen_attrs() {
	tmux_ capture-pane -p -e -t gc
}

keys() {
	tmux_ send-keys -t gc "$@"
}

# run_in_pane COMMAND: types a command line into the shell, then a line
# with its exit status, "EXIT=<n>/<run>", once it ends. The run number
# keeps an earlier run's status, still on screen, from being taken for
# this one's.
RUN_NO=0
run_in_pane() {
	RUN_NO=$((RUN_NO + 1))
	keys -l "$1; echo EXIT=\$?/$RUN_NO"
	keys Enter
}

# gc_run ARGS: runs gcounter with ARGS in the pane and waits for its
# dashboard.
gc_run() {
	run_in_pane "$GCOUNTER $*"
	wait_for ' strategy '
}

# wait_for TEXT [SECONDS]: polls the screen until TEXT (fixed string)
# shows; fails with the screen if it does not in time.
wait_for() {
	local text=$1 limit=${2:-$TIMEOUT} start=$SECONDS
	while ((SECONDS - start < limit)); do
		screen | grep -qF -- "$text" && return 0
		sleep 0.05
	done
	fail "waited ${limit}s for '$text'"
}

# wait_for_re REGEX [SECONDS]: the same for an extended regex.
wait_for_re() {
	local re=$1 limit=${2:-$TIMEOUT} start=$SECONDS
	while ((SECONDS - start < limit)); do
		screen | grep -qE -- "$re" && return 0
		sleep 0.05
	done
	fail "waited ${limit}s for /$re/"
}

# wait_gone TEXT: polls until TEXT is no longer on screen.
wait_gone() {
	local text=$1 limit=${2:-$TIMEOUT} start=$SECONDS
	while ((SECONDS - start < limit)); do
		screen | grep -qF -- "$text" || return 0
		sleep 0.05
	done
	fail "waited ${limit}s for '$text' to go"
}

# shell_pid: the pane's shell; gcounter runs as its child.
shell_pid() {
	tmux_ display-message -p -t gc '#{pane_pid}'
}

# gc_pid: gcounter's process id (it is the shell's only child).
gc_pid() {
	local limit=$TIMEOUT start=$SECONDS pid
	while ((SECONDS - start < limit)); do
		pid=$(pgrep -P "$(shell_pid)" | head -n 1)
		[ -n "$pid" ] && { echo "$pid"; return 0; }
		sleep 0.05
	done
	fail "gcounter is not running"
}

# expect_exit N: waits for the shell to report gcounter's exit status N,
# and checks that no gcounter is left.
expect_exit() {
	wait_for "EXIT=$1/$RUN_NO"
	[ -z "$(pgrep -P "$(shell_pid)")" ] || fail "a process is left behind"
}

# expect_sane_tty: the terminal is back in the shell's hands: out of the
# alternate screen with the cursor showing (what endwin does; the shell
# would not do it for us), and echo and canonical input on, as stty shows
# them in the same pane.
expect_sane_tty() {
	local out="$WORK/stty.$RANDOM"
	[ "$(tmux_ display-message -p -t gc '#{alternate_on}')" = 0 ] ||
		fail "still in the alternate screen"
	[ "$(tmux_ display-message -p -t gc '#{cursor_flag}')" = 1 ] ||
		fail "the cursor is still hidden"
	keys -l "clear; stty -a > $out; echo STTY-DONE"
	keys Enter
	wait_for STTY-DONE
	local start=$SECONDS
	while [ ! -s "$out" ] && ((SECONDS - start < TIMEOUT)); do sleep 0.05; done
	grep -qE '(^|[ ;])echo([ ;]|$)' "$out" || fail "echo is off: $(cat "$out")"
	grep -qE '(^|[ ;])icanon([ ;]|$)' "$out" || fail "icanon is off: $(cat "$out")"
	grep -qE '(^|[ ;])-(echo|icanon)([ ;]|$)' "$out" &&
		fail "terminal left raw: $(cat "$out")"
	return 0
}

# grid_row NODE: the vector grid's row for NODE ("n3"), as on screen.
grid_row() {
	screen | grep -E -- "^. $1 " | head -n 1
}

# expect_fits COLS: no screen line is wider than COLS characters, and no
# control character is on screen.
expect_fits() {
	local line
	while IFS= read -r line; do
		((${#line} <= $1)) || fail "a line is wider than $1: '$line'"
	done < <(screen)
	screen | grep -q $'[\x01-\x08\x0b-\x1f\x7f]' &&
		fail "control characters on screen"
	return 0
}
