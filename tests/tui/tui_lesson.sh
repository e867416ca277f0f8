#!/usr/bin/env bash
# The shipped lesson, given with a clicker's keys alone (space, '.', Page
# Down, Page Up) at 80x24: each chapter starts on its title card, runs,
# stops at its pauses, ends, and the clicker goes on to the next; Page Up
# at a card goes back a chapter (#14). A screen of every chapter is
# checked: its card, and its last caption with the dashboard fitting.
. "$(dirname "$0")/harness.sh" "$@"

LESSON=$(cd "$(dirname "$0")/../../assets/lessons/g-counter" && pwd)

# Each chapter: words of its card's title, then of its last caption.
titles=(
	"The original design: a master relay"
	"Partition and heal"
	"Duplicates are harmless"
	"The single point of failure"
	"Sometimes counts down"
	"Amnesia: why a node must keep its own slot"
	"PN-Counter: increments and decrements converge"
	"State vs delta vs op under duplicates"
)
endings=(
	"every node reads 10"
	"11 everywhere"
	"the true total"
	"no single point"
	"never sees it go down"
	"a restart loses nothing"
	"every replica reads 1"
	"nothing will ever repair"
)
clicks=(Space . NPage)

# click_on KEY: presses KEY at a script's pause and waits until the screen
# has taken it (a paused screen stands still), so that the same pause is
# not clicked twice.
click_on() {
	local before
	before=$(screen)
	keys "$1"
	local start=$SECONDS
	while [[ $(screen) == "$before" ]]; do
		((SECONDS - start < TIMEOUT)) || fail "the screen did not take $1"
		sleep 0.02
	done
}

tui_start 80 24
run_in_pane "$GCOUNTER --speed 64 --lesson $LESSON"
click=0
for k in 1 2 3 4 5 6 7 8; do
	wait_for "Chapter $k of 8"
	wait_for "${titles[k - 1]}"
	wait_for "press space to begin"
	expect_fits 80
	if [ "$k" -eq 2 ]; then
		# Page Up at a card: the chapter before, from its start.
		keys PPage
		wait_for "Chapter 1 of 8"
		wait_for "${titles[0]}"
		keys NPage
		wait_for "paused by the script: press space"
		wait_for "n1 reads 3"
		keys PPage # in a chapter, Page Up travels in time
		wait_for 'THE PAST'
		keys Space # ... and space plays on from there
		start=$SECONDS
		while ! screen | grep -qF "chapter 1 has ended"; do
			((SECONDS - start < 60)) || fail "chapter 1 did not end again"
			if screen | grep -qF 'paused by the script: press space'; then
				click_on Space
			fi
			sleep 0.05
		done
		keys Space
		wait_for "Chapter 2 of 8"
	fi
	# The clicker begins the chapter, and goes on at every pause.
	keys "${clicks[click % 3]}"
	click=$((click + 1))
	wait_gone "press space to begin"
	if [ "$k" -eq 3 ]; then
		# At the script's pause (the log still), the presenter adds an
		# increment: the chapter's checks stop, said once, and its
		# live captions count it.
		wait_for 'paused by the script: press space'
		keys 1
		wait_for "you changed the world: the script's checks are off"
		wait_for_re 'Still exactly 7\.'
	fi
	start=$SECONDS
	ended="chapter $k has ended"
	[ "$k" -eq 8 ] && ended="the lesson has ended"
	while ! screen | grep -qF "$ended"; do
		((SECONDS - start < 60)) || fail "chapter $k did not end"
		if screen | grep -qF 'paused by the script: press space'; then
			click_on "${clicks[click % 3]}"
			click=$((click + 1))
		fi
		sleep 0.05
	done
	wait_for "${endings[k - 1]}"
	if [ "$k" -eq 3 ]; then
		wait_for_re 'every replica reads ([0-9]+), the true total'
		n=$(screen | grep -oE 'every replica reads [0-9]+' | grep -oE '[0-9]+$')
		screen | grep -qE "true total $n( |$)" ||
			fail "the live caption says $n, the screen another truth"
	fi
	wait_for 'PAUSED: the end'
	expect_fits 80
	# No check's tick or cross reaches the audience's screen.
	screen | grep -qE '✓|✗ .*gcs:' && fail "a check on screen in chapter $k"
	[ "$k" -lt 8 ] && keys "${clicks[click % 3]}" && click=$((click + 1))
done
# After the last chapter the clicker says the lesson is over.
keys Space
wait_for "the lesson has ended: q quits"
keys q
expect_exit 0

# What a key did not do on a card is said on the card: Page Up on the
# first, a key that would change the world, a chapter that went away.
# A title too long for the screen ends in the ellipsis, and on a short
# screen the paragraph gives way before "press space" does.
mkdir -p "$WORK/l"
long="A title long enough that an eighty column terminal cannot show all of it, not even close"
printf 'title "%s"\nabout "%s"\nabout "%s"\nabout "%s"\nat 0s caption "one"\nafter 1s end\n' \
	"$long" "The first line of the paragraph says what it shows." \
	"The second line of it goes on a while longer than that." \
	"The third line ends it, if the screen has the room for it." \
	>"$WORK/l/one.gcs"
printf 'title "Two"\nat 0s caption "two"\nafter 1s end\n' >"$WORK/l/two.gcs"
printf 'title "Short"\none.gcs\ntwo.gcs\n' >"$WORK/l/lesson"
# A lesson's render is of the lesson: its title, its name (not chapter 1's).
"$GCOUNTER" --render "$WORK/l.cast" --lesson "$WORK/l" </dev/null >"$WORK/render.out" 2>&1 ||
	fail "the lesson's render failed: $(cat "$WORK/render.out")"
grep -q ", rendered from l$" "$WORK/render.out" ||
	fail "the render names a chapter: $(cat "$WORK/render.out")"
head -1 "$WORK/l.cast" | grep -qF '"title": "Short"' ||
	fail "the cast is not titled by the lesson: $(head -c 200 "$WORK/l.cast")"
run_in_pane "$GCOUNTER --speed 64 --lesson $WORK/l/lesson"
wait_for "Chapter 1 of 2"
wait_for_re '^A title long enough .*…$'
keys PPage
wait_for "this is the first chapter"
keys 1
wait_for "press space to begin the chapter"
tmux_ resize-window -t gc -x 40 -y 10
# The paragraph wrapped to 40 columns, cut to its first two lines...
wait_for_re '^ *says what it shows\. The second line$'
screen | grep -qF "The third line" && fail "40x10: the paragraph kept over the key"
# ... and the key to press still there, centred.
wait_for_re '^ +press space to begin$'
tmux_ resize-window -t gc -x 80 -y 24
wait_for_re '^ +press space to begin$'
keys Space
wait_for "chapter 1 has ended"
keys Space
wait_for "Chapter 2 of 2"
rm "$WORK/l/one.gcs"
keys PPage
wait_for "chapter 1 did not load"
wait_for "Chapter 2 of 2"
keys q
expect_exit 0
pass
