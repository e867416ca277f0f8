#!/bin/bash
# Robustness at the edges (issue 18), as a user meets them: hangs refused
# in bounded time, outputs that never destroy an input or leave half a
# file, what gcounter saves it reads back, one line and the right status
# for every refusal. Usage: test_robust.sh PATH/TO/gcounter
set -u
GCOUNTER=$(realpath "$1")
assets=$(cd "$(dirname "$0")/../../assets" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
# run LIMIT ARGS...: gcounter with its stdout and stderr in out and err,
# killed (status 124) if it takes longer than LIMIT seconds.
run() {
	local limit=$1
	shift
	timeout "$limit" "$GCOUNTER" "$@" >out 2>err </dev/null
}
# one_line STATUS PATTERN: the last run exited STATUS with one line on
# stderr matching PATTERN (grep -E).
one_line() {
	local status=$1 want=$2 what=$3
	[ "$got" -eq "$status" ] || fail "$what: exit $got, not $status"
	[ "$(wc -l <err)" -eq 1 ] || fail "$what: not one line: $(cat err)"
	grep -Eq "$want" err || fail "$what: message: $(cat err)"
}

"$GCOUNTER" --headless --duration 2s --rate 5 --seed 3 --save-log base.log \
	>/dev/null || fail "could not save a log"

# --- Hangs ------------------------------------------------------------------

# A saved-log line whose step count cannot be reached by its time is refused
# as soon as the time is passed, not after running 2^64 events.
{
	grep -v '^at ' base.log
	echo 'at 1000000us step 18446744073709551615 inc n1'
} >huge-step.log
run 10 --headless --replay huge-step.log
got=$?
one_line 1 '^gcounter: huge-step.log:[0-9]+: the log does not match this world' \
	"a huge step"

# One partitioned node must not make a run quadratic (110 s before).
run 20 --headless --rate 1000 --duration 10m --seed 1 --partition n1 --json
got=$?
# (exit 1: a partition that never heals never converges)
[ "$got" -eq 1 ] && grep -q '"increments":600795' out ||
	fail "a partitioned 10-minute run: exit $got"

# --- Data loss --------------------------------------------------------------

# An output that is the file being played is refused before anything is
# written, whatever its spelling (./, a hard link, a symlink).
printf 'nodes 3\nseed 2\nat 1s inc n1\nexpect value n1 == 1\n' >s.gcs
cp s.gcs s.orig
ln s.gcs hard.gcs
ln -s s.gcs soft.gcs
for args in "--headless --script s.gcs --save-log s.gcs" \
	"--headless --script s.gcs --save-log ./s.gcs" \
	"--headless --script s.gcs --save-log hard.gcs" \
	"--headless --script soft.gcs --save-log s.gcs" \
	"--script s.gcs --render s.gcs" \
	"--script s.gcs --record ./s.gcs" \
	"--headless --replay base.log --save-log $tmp/base.log"; do
	cp s.orig s.gcs
	cp base.log base.orig
	run 10 $args
	got=$?
	one_line 2 "^gcounter: --(save-log|render|record): '.*' is the file being played" \
		"$args"
	cmp -s s.gcs s.orig || fail "$args: the scenario was changed"
	cmp -s base.log base.orig || fail "$args: the log was changed"
done
run 10 --script s.gcs --render out.cast --save-log ./out.cast
got=$?
one_line 2 "^gcounter: --save-log and --render: both write" "two outputs, one file"
# An output through a symlink writes where it points; the link stays a
# link (and a dangling one into a missing directory fails as fopen did).
mkdir -p there
ln -s there/y.log link.log
run 10 --headless --duration 1s --save-log link.log
got=$?
[ "$got" -eq 0 ] && [ -L link.log ] && grep -q ' end$' there/y.log ||
	fail "--save-log through a symlink: exit $got"
ln -s nowhere/x.log dangling.log
run 10 --headless --duration 1s --save-log dangling.log
got=$?
one_line 1 '^gcounter: --save-log: dangling.log: No such file or directory$' \
	"--save-log through a dangling symlink"
# A file we may write in a directory we may not (nothing can go beside
# it) is written in place, as before; a new file there is refused.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	chmod 755 "$tmp" && mkdir -p locked && chmod 755 locked
	echo old >locked/w.log && chmod 666 locked/w.log
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	as_nobody timeout 10 "$GCOUNTER" --headless --duration 1s \
		--save-log "$tmp/locked/w.log" >/dev/null 2>err
	got=$?
	[ "$got" -eq 0 ] && grep -q ' end$' locked/w.log ||
		fail "a writable file in a locked directory: exit $got: $(cat err)"
	as_nobody timeout 10 "$GCOUNTER" --headless --duration 1s \
		--save-log "$tmp/locked/new.log" >/dev/null 2>err
	got=$?
	one_line 1 ': Permission denied$' "a new file in a locked directory"
fi
# Still fine: an output onto a device is written, not renamed over.
run 10 --headless --script s.gcs --save-log /dev/null
got=$?
[ "$got" -eq 0 ] && [ -c /dev/null ] || fail "--save-log /dev/null: exit $got"

# What --save-log writes, --replay reads back: a scenario inside every
# limit (~0.9 MB, 50,000 lines) saves a log of ~1.5 MB.
{
	printf 'nodes 4\nseed 1\nduration 2m\n'
	seq 1 50000 | awk '{ printf "at %dms inc n%d\n", $1, 1 + $1 % 4 }'
} >big.gcs
run 60 --headless --script big.gcs --save-log big.log --json
got=$?
[ "$got" -eq 0 ] || fail "the big scenario: exit $got: $(cat err)"
mv out big.json
[ "$(wc -c <big.log)" -gt 1048576 ] || fail "the big log is not over 1 MiB"
run 60 --headless --replay big.log --json
got=$?
[ "$got" -eq 0 ] || fail "a saved log did not load: exit $got: $(cat err)"
cmp -s out big.json || fail "the big log replayed differently"
# A write that fails (a file-size limit) leaves the old file whole, says
# one line and exits 1; nothing half-written, no temporary file left.
cp base.log keep.log
(
	ulimit -f 100 # kilobytes: the big log below is 1.5 MB
	exec "$GCOUNTER" --headless --script big.gcs --save-log keep.log \
		>out 2>err </dev/null
)
got=$?
one_line 1 '^gcounter: --save-log: keep.log: cannot write: File too large' \
	"a file-size limit"
cmp -s keep.log base.log || fail "a failed --save-log damaged the old log"
ls keep.log.tmp-* >/dev/null 2>&1 && fail "a temporary file was left behind"

# A file that is not a saved log keeps the 1 MiB limit.
head -c 1048577 /dev/zero | tr '\0' '\n' >blank.gcs
run 10 --headless --script blank.gcs
got=$?
one_line 2 '^gcounter: blank.gcs: larger than 1048576 bytes' "a 1 MiB + 1 file"

# --- The terminal -----------------------------------------------------------

# C1 controls and bidi overrides in captions and titles are refused as ESC
# is: they would reach the terminal and the casts raw.
printf 'at 1s caption "a\xc2\x9b31mred"\n' >c1.gcs
run 10 --headless --script c1.gcs
got=$?
one_line 2 '^gcounter: c1.gcs:1:17: control character U\+009B in text$' "a C1 CSI"
printf 'title "abc\xe2\x80\xaeevil"\n' >bidi.gcs
run 10 --headless --script bidi.gcs
got=$?
one_line 2 '^gcounter: bidi.gcs:1:11: bidirectional control U\+202E in text$' \
	"a bidi override"

# --- Verdicts ---------------------------------------------------------------

# Amnesia forgets the only copy of n1's 5: every node ends at [2,0,0].
# Converged (the live nodes agree, nothing recoverable is missing) and 5
# lost (7 made, the nodes converge to 2), not DIVERGED forever with 2.
cat >only-copy.gcs <<'GCS'
nodes 3
seed 1
amnesia
at 0s partition n1
at 10ms inc n1 x5
at 20ms crash n1
at 30ms heal
at 40ms restart n1
at 50ms inc n1 x2
after 5s expect converged
after 0s expect lost == 5
GCS
run 20 --headless --json --script only-copy.gcs
got=$?
[ "$got" -eq 0 ] || fail "the only copy forgotten: exit $got: $(cat err)"
grep -q '"converged":true' out && grep -q '"lost_increments":5,' out &&
	grep -q '"latency_ms":{"samples":1,"pending":0' out ||
	fail "the only copy forgotten: $(cat out)"
# A PN-Counter loses decrements as decrements, never more than were made.
cat >pn-lost.gcs <<'GCS'
nodes 2
seed 1
crdt pncounter
amnesia
at 0s partition n2
at 10ms dec n2 x3
at 20ms crash n2
at 30ms heal
at 40ms restart n2
at 50ms inc n2
at 60ms dec n2
after 5s expect converged
after 0s expect lost == 0
GCS
run 20 --headless --json --script pn-lost.gcs
got=$?
[ "$got" -eq 0 ] || fail "a PN-Counter's lost decrements: exit $got: $(cat err)"
grep -q '"lost_increments":0,"lost_decrements":3' out ||
	fail "a PN-Counter's lost decrements: $(cat out)"

# amnesia in the file with --mode op-reliable: each alone is refused, so
# together too (it ran, refused every restart, and diverged).
printf 'amnesia\nnodes 3\nat 1s crash n1\nat 2s restart n1\n' >amnesia.gcs
run 10 --headless --script amnesia.gcs --mode op-reliable
got=$?
one_line 2 '^gcounter: amnesia.gcs with --mode op-reliable: amnesia with mode op-reliable: ops are sent once' \
	"amnesia in the file, --mode op-reliable"

# --json carries a scenario's report lines, the same text the plain output
# prints after "report: ".
run 60 --headless --script "$assets/scenarios/05-strategies-compared.gcs"
got=$?
sed -n 's/^\[ *[0-9.a-z]*\] report: //p' out >reports.txt
[ "$(wc -l <reports.txt)" -ge 3 ] || fail "05 printed no reports"
run 60 --headless --json --script "$assets/scenarios/05-strategies-compared.gcs"
got=$?
python3 -c '
import json, sys
j = json.loads(open("out").read())
texts = [r["text"] for r in j["reports"]]
want = open("reports.txt").read().splitlines()
sys.exit(0 if texts == want and all(r["line"] > 0 for r in j["reports"]) else 1)
' || fail "--json reports differ from the text ones"

# A render is the same bytes whatever the environment: NO_COLOR too.
env -u NO_COLOR "$GCOUNTER" --script "$assets/scenarios/01-original-design.gcs" \
	--render plain.cast >/dev/null 2>&1 || fail "a render failed"
NO_COLOR=1 "$GCOUNTER" --script "$assets/scenarios/01-original-design.gcs" \
	--render nocolor.cast >/dev/null 2>&1 || fail "a render failed"
cmp -s plain.cast nocolor.cast || fail "NO_COLOR changed a render"
"$GCOUNTER" --script "$assets/scenarios/01-original-design.gcs" --no-color \
	--render flag.cast >/dev/null 2>&1 || fail "a render failed"
cmp -s plain.cast flag.cast && fail "--no-color did not change a render"

if [ "$failures" -eq 0 ]; then
	echo "robust: all checks passed"
	exit 0
fi
exit 1
