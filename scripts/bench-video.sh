#!/usr/bin/env bash
# The videos' speed: for every shipped scenario, at 80x24 and 120x40,
# render seconds / the video's duration for .cast, .gif and .mp4 (wall
# clock and CPU, ffmpeg's included), the file sizes, and the goals:
# a GIF of 05 at 80x24 >= 20x real time, an MP4 >= 10x, the GIF of 01
# under 2 MB. Then where a GIF's time goes: the cast alone (the world and
# curses), a --convert of that cast to GIF (libvterm, drawing and
# encoding, no world), and a PNG (one picture: fonts and set-up).
# Usage: bench-video.sh PATH/TO/gcounter ASSETS_DIR
set -u
GCOUNTER=$1
ASSETS=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "wall cpu" seconds of one command (CPU: user + sys, children too); its
# output is left in $tmp/last.out.
timed() {
	/usr/bin/time -o "$tmp/time" -f "%e %U %S" "$@" >"$tmp/last.out" 2>/dev/null
	awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$tmp/time"
}
# The video's duration, from the last summary line.
duration() {
	sed -nE 's/.* ([0-9]+\.[0-9]) s(,| ).*/\1/p' "$tmp/last.out" | head -1
}

printf '%-28s %-7s %-5s %7s %7s %8s %8s %9s\n' scenario size fmt video_s wall_s \
	x_wall x_cpu bytes
gif05=0 mp405=0 gif01=0
for scenario in "$ASSETS"/scenarios/*.gcs; do
	name=$(basename "$scenario" .gcs)
	for size in 80x24 120x40; do
		cols=${size%x*} rows=${size#*x}
		for fmt in cast gif mp4; do
			out="$tmp/$name-$size.$fmt"
			if [ "$fmt" = mp4 ] && ! command -v ffmpeg >/dev/null; then
				continue
			fi
			read -r wall cpu < <(timed "$GCOUNTER" --script "$scenario" \
				--render "$out" --cols "$cols" --rows "$rows")
			secs=$(duration)
			bytes=$(stat -c %s "$out")
			xw=$(awk -v d="$secs" -v t="$wall" 'BEGIN{printf "%.1f", (t > 0 ? d / t : 0)}')
			xc=$(awk -v d="$secs" -v t="$cpu" 'BEGIN{printf "%.1f", (t > 0 ? d / t : 0)}')
			printf '%-28s %-7s %-5s %7s %7s %7sx %7sx %9s\n' "$name" "$size" "$fmt" \
				"$secs" "$wall" "$xw" "$xc" "$bytes"
			case "$name-$size-$fmt" in
			05-*-80x24-gif) gif05="$xw $xc" ;;
			05-*-80x24-mp4) mp405="$xw $xc" ;;
			01-*-80x24-gif) gif01=$bytes ;;
			esac
		done
	done
done

echo
read -r w c <<<"$gif05"
echo "goal: GIF of 05 at 80x24 >= 20x real time: ${w}x wall, ${c}x CPU"
read -r w c <<<"$mp405"
echo "goal: MP4 of 05 at 80x24 >= 10x real time: ${w}x wall, ${c}x CPU"
echo "goal: GIF of 01 under 2 MB: $gif01 bytes"

echo
echo "where a GIF's time goes (05, 80x24):"
s05=$(ls "$ASSETS"/scenarios/05-*.gcs)
read -r wall cpu < <(timed "$GCOUNTER" --script "$s05" --render "$tmp/w.cast")
echo "  the world and curses (.cast):      ${wall} s wall, ${cpu} s CPU"
read -r wall cpu < <(timed "$GCOUNTER" --convert "$tmp/w.cast" "$tmp/w.gif")
echo "  libvterm + drawing + GIF encoding: ${wall} s wall, ${cpu} s CPU (--convert)"
read -r wall cpu < <(timed "$GCOUNTER" --convert "$tmp/w.cast" "$tmp/w.png")
echo "  one picture (fonts, set-up, PNG):  ${wall} s wall, ${cpu} s CPU"
if command -v ffmpeg >/dev/null; then
	read -r wall cpu < <(timed "$GCOUNTER" --convert "$tmp/w.cast" "$tmp/w.mp4")
	echo "  libvterm + drawing + ffmpeg (MP4): ${wall} s wall, ${cpu} s CPU (--convert)"
fi
echo "  (load average now: $(cut -d' ' -f1-3 /proc/loadavg); 2 cores)"
