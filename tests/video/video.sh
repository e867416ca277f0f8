#!/usr/bin/env bash
# Videos as a user makes them: a GIF and a PNG of a shipped scenario,
# the same bytes twice; a cast converted to GIF equal to the scenario
# rendered straight to GIF; an MP4 that ffprobe reads as H.264 yuv420p
# of even size; every shipped scenario's cast played by asciinema (in
# tmux) and by pyte to the same final screen as libvterm's; every error
# one line and a non-zero status.
# Usage: video.sh PATH/TO/gcounter PATH/TO/vt_screen ASSETS_DIR
set -u
GCOUNTER=$1
VT_SCREEN=$2
ASSETS=$3
tmp=$(mktemp -d)
socket="gcounter-video-$$"
trap 'for s in "$ASSETS"/scenarios/*.gcs; do
	tmux -L "$socket-$(basename "$s" .gcs)" kill-server 2>/dev/null
done; rm -rf "$tmp"' EXIT
failures=0
skipped=
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
skip() {
	echo "SKIP: $*"
	skipped=1
}

demo="$ASSETS/scenarios/01-original-design.gcs"

# A GIF: its line, and the same bytes twice.
"$GCOUNTER" --script "$demo" --render "$tmp/a.gif" </dev/null >"$tmp/out" 2>"$tmp/err" ||
	fail "GIF render failed: $(cat "$tmp/err")"
grep -qE "^$tmp/a.gif: [0-9]+x[0-9]+ pixels, [0-9]+ frames, 24.8 s, GIF from 01-original-design.gcs$" "$tmp/out" ||
	fail "no GIF summary: $(cat "$tmp/out")"
LC_ALL=C TERM=dumb "$GCOUNTER" --script "$demo" --render "$tmp/b.gif" </dev/null >/dev/null 2>&1 ||
	fail "second GIF render failed"
cmp -s "$tmp/a.gif" "$tmp/b.gif" || fail "two GIF renders differ"
# The README's goal: the demo GIF under 2 MB.
size=$(stat -c %s "$tmp/a.gif")
[ "$size" -lt 2000000 ] || fail "the demo GIF is $size bytes (goal: under 2 MB)"

# The cast, converted, is the same GIF.
"$GCOUNTER" --script "$demo" --render "$tmp/a.cast" </dev/null >/dev/null 2>&1 ||
	fail "cast render failed"
"$GCOUNTER" --convert "$tmp/a.cast" "$tmp/c.gif" >"$tmp/convert.out" 2>"$tmp/err" ||
	fail "--convert failed: $(cat "$tmp/err")"
cmp -s "$tmp/a.gif" "$tmp/c.gif" || fail "cast -> GIF differs from scenario -> GIF"
grep -q '"theme": {"fg": "#' "$tmp/a.cast" || fail "no theme in the cast header"

# A still at a moment, and one at the end.
"$GCOUNTER" --script "$demo" --render "$tmp/a.png" --at 6s </dev/null >"$tmp/out" 2>"$tmp/err" ||
	fail "PNG render failed: $(cat "$tmp/err")"
grep -q "the picture at 6.0 s" "$tmp/out" || fail "no PNG summary: $(cat "$tmp/out")"
head -c 8 "$tmp/a.png" | od -An -c | grep -q 'P   N   G' || fail "not a PNG"
"$GCOUNTER" --convert "$tmp/a.cast" "$tmp/end.png" >/dev/null 2>&1 || fail "cast -> PNG failed"

if command -v ffprobe >/dev/null 2>&1; then
	frames=$(ffprobe -v error -count_frames -show_entries stream=nb_read_frames \
		-of csv=p=0 "$tmp/a.gif")
	# (a.gif is c.gif, byte for byte: what --convert said of it.)
	grep -q " $frames frames" "$tmp/convert.out" ||
		fail "ffprobe reads $frames frames, not what gcounter said"
	"$GCOUNTER" --script "$demo" --render "$tmp/a.mp4" </dev/null >"$tmp/out" 2>"$tmp/err" ||
		fail "MP4 render failed: $(cat "$tmp/err")"
	info=$(ffprobe -v error -show_entries stream=codec_name,pix_fmt,width,height \
		-of csv=p=0 "$tmp/a.mp4")
	IFS=, read -r codec width height pix <<<"$info"
	[ "$codec" = h264 ] || fail "MP4 codec is '$codec'"
	[ "$pix" = yuv420p ] || fail "MP4 pixels are '$pix'"
	[ $((width % 2)) -eq 0 ] && [ $((height % 2)) -eq 0 ] ||
		fail "MP4 size ${width}x${height} is not even"
	# Trimmed: 2 s from 5 s.
	"$GCOUNTER" --convert "$tmp/a.cast" "$tmp/t.mp4" --from 5s --to 7s >/dev/null 2>&1 ||
		fail "trimmed MP4 failed"
	duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$tmp/t.mp4")
	case "$duration" in 2.0* | 1.9*) ;; *) fail "trimmed MP4 lasts $duration s, not 2" ;; esac
else
	skip "no ffmpeg/ffprobe: MP4 not checked"
fi

# With no ffmpeg on PATH: one line naming the package.
PATH=/nonexistent "$GCOUNTER" --convert "$tmp/a.cast" "$tmp/x.mp4" >/dev/null 2>"$tmp/err"
status=$?
[ "$status" -eq 1 ] || fail "no ffmpeg: exit $status, not 1"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "Debian package ffmpeg" "$tmp/err" ||
	fail "no ffmpeg: $(cat "$tmp/err")"

# Bad input: one line, non-zero.
check_error() { # expected-status pattern args...
	local want=$1 pattern=$2
	shift 2
	"$GCOUNTER" "$@" >/dev/null 2>"$tmp/err" </dev/null
	local got=$?
	[ "$got" -eq "$want" ] || fail "$*: exit $got, not $want"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q -- "$pattern" "$tmp/err" ||
		fail "$*: $(cat "$tmp/err")"
}
check_error 1 "no-such.cast: No such file" --convert "$tmp/no-such.cast" "$tmp/x.gif"
printf 'not a cast\n' >"$tmp/bad.cast"
check_error 1 "bad.cast:1: not an asciicast v2 header" --convert "$tmp/bad.cast" "$tmp/x.gif"
check_error 2 "name the output" --convert "$tmp/a.cast"
check_error 2 "is not a video" --convert "$tmp/a.cast" "$tmp/x.cast"
check_error 2 "--font-size" --script "$demo" --render "$tmp/x.gif" --font-size 200
check_error 2 "--from is for a video" --script "$demo" --render "$tmp/x.cast" --from 1s
check_error 2 "--to must come after --from" --convert "$tmp/a.cast" "$tmp/x.gif" --from 5s --to 2s
check_error 1 "past the end" --convert "$tmp/a.cast" "$tmp/x.png" --at 1m
check_error 1 "x.gif: " --convert "$tmp/a.cast" "/nonexistent/x.gif"
# Said before the render, not after it: no time to speak of.
start=$SECONDS
check_error 1 "--render: /nonexistent/x.gif: No such file" \
	--script "$ASSETS/scenarios/05-strategies-compared.gcs" --render /nonexistent/x.gif
[ $((SECONDS - start)) -le 1 ] || fail "an unwritable GIF was found out late"

# Every shipped scenario's cast: asciinema (into tmux) and pyte show the
# final screen libvterm does.
have_asciinema=$(command -v asciinema)
have_pyte=
/usr/bin/python3 -c 'import pyte' 2>/dev/null && have_pyte=1
[ -n "$have_asciinema" ] && command -v tmux >/dev/null || skip "no asciinema or tmux"
[ -n "$have_pyte" ] || skip "no python3-pyte"
cat >"$tmp/pyte_screen.py" <<'PY'
import json, sys
import pyte
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
head = json.loads(lines[0])
screen = pyte.Screen(head["width"], head["height"])
stream = pyte.ByteStream(screen)
for line in lines[1:]:
    event = json.loads(line)
    if event[1] == "o":
        stream.feed(event[2].encode())
for row in screen.display:
    print(row.rstrip())
PY
# One scenario's cast checked by the three terminals; its failures go to
# $tmp/NAME.fail, a line each (it runs in the background, beside the
# others, each asciinema in a tmux server of its own).
check_cast() {
	local scenario=$1 name cast sock
	name=$(basename "$scenario" .gcs)
	cast="$tmp/$name.cast"
	sock="$socket-$name"
	note() { echo "FAIL: $*" >>"$tmp/$name.fail"; }
	"$GCOUNTER" --script "$scenario" --render "$cast" </dev/null >/dev/null 2>&1 ||
		{ note "$name: render failed"; return; }
	"$VT_SCREEN" "$cast" | sed 's/ *$//' >"$tmp/$name.vt" || note "$name: vt_screen failed"
	grep -q '[^ ]' "$tmp/$name.vt" || note "$name: libvterm shows nothing"
	if [ -n "$have_pyte" ]; then
		/usr/bin/python3 "$tmp/pyte_screen.py" "$cast" >"$tmp/$name.pyte" ||
			note "$name: pyte failed"
		diff "$tmp/$name.vt" "$tmp/$name.pyte" >"$tmp/$name.diff" ||
			note "$name: pyte and libvterm differ: $(head -c 600 "$tmp/$name.diff")"
	fi
	if [ -n "$have_asciinema" ] && command -v tmux >/dev/null; then
		tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
			"asciinema cat '$cast'; touch '$tmp/$name.done'; sleep 60"
		# Once asciinema is done, tmux may still be drawing what it read:
		# the screen is compared as soon as it is libvterm's, and given
		# up on (and diffed) 10 s after asciinema ended.
		local polls=0
		while ((polls < 200)); do
			tmux -L "$sock" capture-pane -p | sed 's/ *$//' >"$tmp/$name.tmux"
			cmp -s "$tmp/$name.vt" "$tmp/$name.tmux" && break
			# Counted only once asciinema is done (it gets 60 s).
			if [ -e "$tmp/$name.done" ]; then
				polls=$((polls + 1))
			elif ((SECONDS - started > 60)); then
				break
			fi
			sleep 0.05
		done
		tmux -L "$sock" kill-server 2>/dev/null
		diff "$tmp/$name.vt" "$tmp/$name.tmux" >"$tmp/$name.diff" ||
			note "$name: asciinema cat and libvterm differ: $(head -c 600 "$tmp/$name.diff")"
	fi
}
started=$SECONDS
for scenario in "$ASSETS"/scenarios/*.gcs; do
	check_cast "$scenario" &
done
wait
for scenario in "$ASSETS"/scenarios/*.gcs; do
	name=$(basename "$scenario" .gcs)
	[ -e "$tmp/$name.vt" ] || [ -e "$tmp/$name.fail" ] ||
		fail "$name: not checked"
	if [ -s "$tmp/$name.fail" ]; then
		cat "$tmp/$name.fail"
		failures=$((failures + $(grep -c '^FAIL: ' "$tmp/$name.fail")))
	fi
done

# Pace, holds and chapters. Scenario 02 runs 6.51 virtual seconds (it
# waits for the world) with one pause at 3.38 s: 6.51 + 1.5 s held at the
# pause + 3 s at the end = 11.0 s; at twice the speed with half a second
# and a second held, 3.26 + 1.5 = 4.7 s.
heal="$ASSETS/scenarios/02-partition-and-heal.gcs"
"$GCOUNTER" --script "$heal" --render "$tmp/p.cast" --speed 2 \
	--pause-hold 0.5s --end-hold 1s </dev/null >"$tmp/out" 2>&1 ||
	fail "a paced render failed: $(cat "$tmp/out")"
grep -q ", 8.3 s, rendered from" "$tmp/out" ||
	fail "--speed 2 --pause-hold 0.5s --end-hold 1s: $(cat "$tmp/out")"
# Chapter 1 runs to the pause's hold (8.00 + 1.5 = 9.5 s), chapter 2 from
# there on (18.2 - 9.5 = 8.7 s).
"$GCOUNTER" --script "$heal" --render "$tmp/ch1.gif" --to ch1 </dev/null \
	>"$tmp/out" 2>&1 || fail "--to ch1 failed: $(cat "$tmp/out")"
grep -q " 9.5 s, GIF from" "$tmp/out" || fail "--to ch1: $(cat "$tmp/out")"
"$GCOUNTER" --script "$heal" --render "$tmp/ch2.gif" --from ch2 </dev/null \
	>"$tmp/out" 2>&1 || fail "--from ch2 failed: $(cat "$tmp/out")"
grep -q " 8.7 s, GIF from" "$tmp/out" || fail "--from ch2: $(cat "$tmp/out")"
# Wrong ones: one line each, status 2, nothing written.
for bad in "--to ch3" "--from ch0" "--speed 0.01" "--from 2s --to ch1x"; do
	# shellcheck disable=SC2086
	"$GCOUNTER" --script "$heal" --render "$tmp/bad.gif" $bad </dev/null \
		>"$tmp/out" 2>"$tmp/err"
	status=$?
	[ "$status" -eq 2 ] || fail "$bad: status $status, not 2"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$bad: not one line: $(cat "$tmp/err")"
	[ ! -e "$tmp/bad.gif" ] || fail "$bad: wrote $tmp/bad.gif"
done
"$GCOUNTER" --pause-hold 1s --headless </dev/null >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "is for --render" "$tmp/err" ||
	fail "--pause-hold without --render: $(cat "$tmp/err")"

# --show-keys: the scenario's lines typed as a presenter's keys. The
# last one of scenario 02 is its heal.
"$GCOUNTER" --script "$heal" --render "$tmp/keys.cast" --show-keys \
	</dev/null >/dev/null 2>&1 || fail "a --show-keys render failed"
"$VT_SCREEN" "$tmp/keys.cast" 2>/dev/null | grep -q "key: h → heal" ||
	fail "--show-keys: the heal is not shown as the h key"

if [ "$failures" -gt 0 ]; then
	echo "$failures failed"
	exit 1
fi
[ -z "$skipped" ] || exit 77
echo "ok"
