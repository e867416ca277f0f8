#!/bin/sh
# Installs the Debian packages gcounter needs to build, run and test, when
# they are missing. Needs root or password-less sudo to install; otherwise it
# prints the one command to run and fails.
#
# Usage: scripts/deps.sh [extra-package ...]
set -eu

PACKAGES="cmake pkg-config libqrencode-dev libjansson-dev zbar-tools gcc libc6-dev libncurses-dev libevent-dev libcmocka-dev tmux valgrind procps python3 man-db libvterm-dev libfreetype-dev libfontconfig-dev fonts-dejavu-core libgif-dev libpng-dev zlib1g-dev fonts-droid-fallback ffmpeg asciinema python3-pyte libxml2-utils $*"

if ! command -v dpkg-query >/dev/null 2>&1; then
	# Not Debian: we cannot tell what is installed, so let CMake say what is
	# missing when it configures.
	exit 0
fi

missing=""
for pkg in $PACKAGES; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
	if [ "$status" != "installed" ]; then
		missing="$missing $pkg"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo -n"
else
	echo "gcounter: missing packages; run: sudo apt-get install -y$missing" >&2
	exit 1
fi

echo "gcounter: installing missing packages:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
