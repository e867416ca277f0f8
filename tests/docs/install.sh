#!/usr/bin/env bash
# `cmake --install` puts what a user needs where they look: the program,
# its manual page (which man renders), and the shipped scenarios, which the
# installed program plays headless with every expectation holding.
# Usage: install.sh CMAKE BUILD_DIR
set -u
CMAKE=${1:?usage: install.sh CMAKE BUILD_DIR}
BUILD=${2:?usage: install.sh CMAKE BUILD_DIR}
prefix=$(mktemp -d "${TMPDIR:-/tmp}/gc-install.XXXXXX")
trap 'rm -rf "$prefix"' EXIT
failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

"$CMAKE" --install "$BUILD" --prefix "$prefix" >"$prefix.log" 2>&1 ||
	{ cat "$prefix.log"; rm -f "$prefix.log"; echo "FAIL: cmake --install"; exit 1; }
rm -f "$prefix.log"

[ -x "$prefix/bin/gcounter" ] || fail "no bin/gcounter"
[ -f "$prefix/share/man/man1/gcounter.1" ] || fail "no share/man/man1/gcounter.1"
scenarios=("$prefix"/share/gcounter/scenarios/*.gcs)
[ -f "${scenarios[0]}" ] || fail "no share/gcounter/scenarios/*.gcs"

"$prefix/bin/gcounter" --version | grep -q '^gcounter ' ||
	fail "the installed gcounter does not run"
for scenario in "${scenarios[@]}"; do
	[ -f "$scenario" ] || continue
	"$prefix/bin/gcounter" --headless --script "$scenario" >/dev/null 2>"$prefix/err" ||
		fail "$(basename "$scenario"): $(cat "$prefix/err")"
done

skipped=
if command -v man >/dev/null 2>&1; then
	text=$(MANWIDTH=80 man -l "$prefix/share/man/man1/gcounter.1" 2>"$prefix/err")
	[ -s "$prefix/err" ] && fail "man -l warns: $(cat "$prefix/err")"
	printf '%s\n' "$text" | grep -q '^NAME' || fail "man -l shows no NAME"
	printf '%s\n' "$text" | grep -q -- '--headless' || fail "man -l shows no options"
else
	skipped="man is not installed: the page was not rendered"
fi

[ "$failures" -eq 0 ] || exit 1
if [ -n "$skipped" ]; then
	echo "skip: install: $skipped"
	exit 77
fi
echo "install: bin, man page and ${#scenarios[@]} scenarios; each plays headless"
