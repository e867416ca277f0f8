#!/usr/bin/env bash
# The manual page keeps in step with the program: every option that
# `gcounter --help` lists appears in docs/gcounter.1 (as roff writes it,
# \-\-nodes), and so does every key of the dashboard's status line. A new
# option without its line in the manual fails here.
# Usage: man_options.sh PATH/TO/gcounter PATH/TO/gcounter.1
set -u
GCOUNTER=${1:?usage: man_options.sh GCOUNTER MANPAGE}
MANPAGE=${2:?usage: man_options.sh GCOUNTER MANPAGE}

help=$("$GCOUNTER" --help) || { echo "FAIL: gcounter --help failed"; exit 1; }
# The page as plain text: roff's \- is a dash; font changes go.
page=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(en/-/g' "$MANPAGE")

options=$(printf '%s\n' "$help" | grep -oE '(^|[ ,(])--?[A-Za-z][A-Za-z-]*' |
	sed -E 's/^[ ,(]//' | sort -u)
[ -n "$options" ] || { echo "FAIL: no options found in --help"; exit 1; }

failures=0
count=0
for option in $options; do
	count=$((count + 1))
	# The whole option: --rate must not be found inside --read-rate.
	if ! printf '%s\n' "$page" | grep -qE -- "(^|[^A-Za-z-])$option([^A-Za-z-]|$)"; then
		echo "FAIL: $option is in --help but not in $(basename "$MANPAGE")"
		failures=$((failures + 1))
	fi
done
# A man page with its sections.
for section in NAME SYNOPSIS DESCRIPTION OPTIONS KEYS SCENARIOS \
	"EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
	printf '%s\n' "$page" | grep -qE "^\.SH \"?$section\"?$" ||
		{ echo "FAIL: no $section section"; failures=$((failures + 1)); }
done
if [ "$failures" -eq 0 ]; then
	echo "man page: all $count options of --help are in it"
	exit 0
fi
exit 1
