#!/bin/sh
# Install every Debian package Guanlan needs to build, test and benchmark.
# Idempotent: runs apt-get (and apt-get update) only when something is missing.
set -eu

# chromium runs the browser tests (tests/web drives it with playwright-core, which never
# downloads a browser of its own); fonts-wqy-microhei lets it draw Chinese in screenshots.
# libxlsxwriter-dev writes the .xlsx ledgers; python3-openpyxl reads them back in the tests.
# Search and import: libopencc (traditional -> simplified; its dictionaries are in
# libopencc-data, only recommended by the library, so named here), libzip and libxml2 read
# the .xlsx files offices already keep.  opencc (the tools) only for the tests:
# opencc_dict exports the dictionaries as text, to check the search fast path against them.
PKGS="gcc make pkg-config libc6-dev
libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libsodium-dev
libcmocka-dev nodejs curl wrk procps
libxlsxwriter-dev python3-openpyxl
libopencc-dev libopencc-data opencc libzip-dev libxml2-dev
chromium fonts-wqy-microhei"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

# npm comes with NodeSource's nodejs; Debian's own nodejs needs the separate npm package.
command -v npm >/dev/null 2>&1 || missing="$missing npm"

[ -z "$missing" ] && exit 0

echo "install-deps: installing$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
