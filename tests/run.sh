#!/bin/sh
# run.sh - run every test: cmocka unit programs, the API tests against the real binary, then
# the browser tests (tests/web: playwright-core driving /usr/bin/chromium against the binary
# serving web/dist).
# usage: tests/run.sh ./guanlan     (GUANLAN_UNIT_DIR picks the unit test programs;
#        GUANLAN_BROWSER_TESTS=0 skips the browser tests)
# The browser tests need web/dist (make web) and tests/web/node_modules (npm ci in tests/web);
# `make test` prepares both.  When they are missing the phase fails rather than passing empty.
# Ends with "N passed, N failed" and exits non-zero when anything failed.
set -u
BIN=${1:-./guanlan}
UNIT_DIR=${GUANLAN_UNIT_DIR:-build/tests}
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== unit tests ($UNIT_DIR)"
for t in "$UNIT_DIR"/test_*; do
	[ -x "$t" ] || continue
	"$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	# A crash or sanitizer abort counts as a failure even when cmocka printed nothing.
	if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		echo "!! $t exited with status $rc"
		failed=$((failed + 1))
	fi
done

# API tests first, then the check of every recorded response against docs/openapi.json.
resp=$(mktemp)
run_node() {
	echo "== $1"
	shift
	GUANLAN_BIN=$BIN GUANLAN_RESPONSE_LOG=$resp node --test --test-concurrency=1 \
		--test-reporter=tap "$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
		echo "!! node tests exited with status $rc"
		failed=$((failed + 1))
	fi
}
run_node "API tests ($BIN)" tests/api/*.test.mjs
[ -f tests/api/responses.check.mjs ] && run_node "responses against docs/openapi.json" tests/api/responses.check.mjs
rm -f "$resp"

# Browser tests: each file starts its own server (on a fresh demo database) and chromium.
if [ "${GUANLAN_BROWSER_TESTS:-1}" != 0 ]; then
	if [ ! -f web/dist/index.html ] || [ ! -d tests/web/node_modules/playwright-core ]; then
		echo "== browser tests"
		echo "!! browser tests need web/dist and tests/web/node_modules: run make test (or make web; cd tests/web && npm ci)"
		failed=$((failed + 1))
	else
		start=$(date +%s)
		run_node "browser tests ($BIN, screenshots in tests/web/screenshots)" tests/web/*.test.mjs
		echo "browser tests took $(($(date +%s) - start)) s"
	fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
