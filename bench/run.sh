#!/bin/sh
# run.sh - throughput and latency of the read paths that dashboards hit, against a large
# synthetic registry (100,000 enterprises, 1,000,000 projects).
#
# usage: sh bench/run.sh [./guanlan]          (make bench does this)
#
# 1. Generates bench/data/bench.db with `guanlan gen` once and reuses it while the schema
#    the binary would create is the same (BENCH_REGEN=1 forces a new one).
# 2. Starts `guanlan serve --threads 2 --quiet` on a free port.
# 3. Drives each endpoint with wrk, counting every non-2xx answer (bench/status.lua), with a
#    random id per request where the URL has one (bench/random.lua).
# 4. Prints a table, writes it to bench/results/<date>-<commit>.txt and latest.txt, and
#    compares it with the targets.  It is a measurement, not a test: it exits 0 on a MISS
#    and non-zero only when it could not measure at all.
#
# wrk settings (BENCH_* variables override them; bench/README.md says why):
#   wrk -t1 -c16 --timeout 20s, a 3 s warm-up (discarded) then 10 s measured per endpoint.
#   The machine has 2 cores, shared by wrk and the server's 2 worker threads: a second wrk
#   thread would only take CPU from the server, and throughput is flat from about 8
#   connections up, so 16 keeps both workers fed without piling up queueing latency.
#   wrk is a closed loop: its latency is the latency at saturation, p99 included.
#
# Each measured run also records the CPU used by the server, by wrk and by everything else
# on the machine, and each server worker's share.  A run is repeated (BENCH_ATTEMPTS, 3)
# when a worker got less than half its fair share (libmicrohttpd binds a connection to the
# worker that accepted it, and a burst of connections can all land on one) or when other
# jobs took more than a quarter of a core; the discarded runs are listed in the notes.
#
# Environment:
#   BENCH_REGEN=1          regenerate the data set even if the cached one fits
#   BENCH_ENTERPRISES=N    data set size (100000)     BENCH_PROJECTS=N (1000000)
#   BENCH_DURATION=10s     measured time per endpoint BENCH_WARMUP=3s
#   BENCH_CONNECTIONS=16   wrk connections            BENCH_WRK_THREADS=1
#   BENCH_STATS_CONNECTIONS=1  wrk connections of the statistics lines (single-query latency)
#   BENCH_ONLY=REGEX       measure only the lines whose name matches (grep -E)
#   BENCH_SERVER_THREADS=2 guanlan serve --threads
#   BENCH_ATTEMPTS=3       measured runs per endpoint at most
#   BENCH_BUDGET=210       seconds after which no run is repeated and no wait for quiet
set -u

BIN=${1:-./guanlan}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)

NENT=${BENCH_ENTERPRISES:-100000}
NPRJ=${BENCH_PROJECTS:-1000000}
NEV=${BENCH_EVENTS:-10}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-3s}
CONNS=${BENCH_CONNECTIONS:-16}
STATS_CONNS=${BENCH_STATS_CONNECTIONS:-1}
ALLM=signed,started,production,capacity,funds
WRK_THREADS=${BENCH_WRK_THREADS:-1}
SRV_THREADS=${BENCH_SERVER_THREADS:-2}

DATA=$ROOT/bench/data
DB=$DATA/bench.db
STAMP=$DATA/bench.stamp
RESULTS=$ROOT/bench/results

die() {
	echo "bench: $*" >&2
	exit 2
}

[ -x "$BIN" ] || die "$BIN is not an executable (run make first)"
for tool in wrk sqlite3 awk cksum; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (make deps)"
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/guanlan-bench.XXXXXX") || die "cannot make a temp dir"
SERVER_PID=""
cleanup() {
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- data set ----------------------------------------------------------------------------

# What the binary's migrations produce: every schema object plus the migration list.  A data
# set generated under another schema would measure indexes the server no longer has.
schema_print() {
	sqlite3 "$1" "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name;
		      SELECT version, name FROM schema_migrations ORDER BY version;" | cksum |
		awk '{ print $1 "-" $2 }'
}

# The bench admin's password: the data set is throw-away, the server only on loopback.
GUANLAN_ADMIN_PASSWORD=bench-admin-password
export GUANLAN_ADMIN_PASSWORD
"$BIN" init --db "$TMP/schema.db" </dev/null >/dev/null 2>"$TMP/init.err" ||
	{ cat "$TMP/init.err" >&2; die "guanlan init failed"; }
WANT="schema=$(schema_print "$TMP/schema.db") enterprises=$NENT projects=$NPRJ events=$NEV"

stamp_get() {
	sed -n "s/^$1=//p" "$STAMP" 2>/dev/null
}

regen=${BENCH_REGEN:-0}
if [ "$regen" != 1 ]; then
	if [ ! -f "$DB" ] || [ ! -f "$STAMP" ]; then
		regen=1
	elif [ "$(stamp_get key)" != "$WANT" ]; then
		echo "bench: the cached data set does not fit this binary/size; regenerating"
		regen=1
	fi
fi

if [ "$regen" = 1 ]; then
	mkdir -p "$DATA"
	rm -f "$DB" "$DB-wal" "$DB-shm" "$STAMP" "$DB.tmp" "$DB.tmp-wal" "$DB.tmp-shm"
	"$BIN" init --db "$DB.tmp" </dev/null >/dev/null || die "guanlan init failed"
	echo "bench: generating $NENT enterprises and $NPRJ projects (about five minutes)..."
	start=$(date +%s)
	"$BIN" gen --db "$DB.tmp" --enterprises "$NENT" --projects "$NPRJ" --events "$NEV" \
		>"$TMP/gen.out" 2>&1 ||
		{ cat "$TMP/gen.out" >&2; rm -f "$DB.tmp"*; die "guanlan gen failed"; }
	gen_s=$(($(date +%s) - start))
	mv "$DB.tmp" "$DB" || die "cannot move the data set into place"
	rm -f "$DB.tmp-wal" "$DB.tmp-shm"
	{
		echo "key=$WANT"
		echo "gen_seconds=$gen_s"
		echo "generated_at=$(date '+%Y-%m-%d %H:%M:%S %z')"
		echo "generated_by=$("$BIN" version)"
	} >"$STAMP"
	gen_note="generated now in ${gen_s}s"
else
	gen_s=$(stamp_get gen_seconds)
	gen_note="cached; generated in ${gen_s}s on $(stamp_get generated_at)"
fi
echo "bench: data set $NENT enterprises / $NPRJ projects ($gen_note)"

# Every API request carries a bearer token, as an integration's would (status.lua sends it).
BENCH_TOKEN=$("$BIN" token add admin "bench $(date +%s)" --db "$DB" 2>/dev/null) ||
	die "guanlan token add failed"
export BENCH_TOKEN
# A unit handler (经办人 of unit 3) for the scoped statistics lines.
if ! "$BIN" user list --db "$DB" 2>/dev/null | awk '$2 == "bench-handler" { f = 1 } END { exit !f }'; then
	echo bench-handler-password | "$BIN" user add bench-handler --role handler --unit 3 \
		--db "$DB" >/dev/null 2>&1 || die "guanlan user add failed"
fi
HANDLER_TOKEN=$("$BIN" token add bench-handler "bench $(date +%s)" --db "$DB" 2>/dev/null) ||
	die "guanlan token add (handler) failed"

# Steady state of a running registry: the database file is in the page cache.
cat "$DB" >/dev/null

# ---- server ------------------------------------------------------------------------------

"$BIN" serve --db "$DB" --listen 127.0.0.1:0 --threads "$SRV_THREADS" --quiet \
	>"$TMP/serve.out" 2>"$TMP/serve.err" &
SERVER_PID=$!
PORT=""
i=0
while [ $i -lt 100 ]; do
	PORT=$(sed -n 's|^listening on http://[^:]*:\([0-9][0-9]*\)$|\1|p' "$TMP/serve.out")
	[ -n "$PORT" ] && break
	kill -0 "$SERVER_PID" 2>/dev/null || break
	sleep 0.1
	i=$((i + 1))
done
if [ -z "$PORT" ]; then
	cat "$TMP/serve.err" >&2
	die "guanlan serve did not print its port"
fi
BASE=http://127.0.0.1:$PORT
echo "bench: guanlan serve pid $SERVER_PID on $BASE, $SRV_THREADS threads"

TICK=$(getconf CLK_TCK 2>/dev/null || echo 100)

thread_ticks() { # "tid user+system-ticks" for every thread of the server
	for f in /proc/"$SERVER_PID"/task/*/stat; do
		awk '{ tid = $1; sub(/^.*\) /, ""); print tid, $12 + $13 }' "$f"
	done
}

# User + system seconds of this shell's finished children (that is, wrk).  Must run in this
# shell, not in $(...), whose subshell has children of its own.
children_cpu() { # sets CHILD_CPU
	times >"$TMP/times"
	CHILD_CPU=$(awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m");
		sub(/s$/, "", a[2]); t += a[1] * 60 + a[2] } print t }' "$TMP/times")
}

busy_ticks() { # ticks all CPUs spent on anything but idling (steal included) since boot
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

# Wait until the server has been idle for half a second (when wrk stops, requests it gave up
# on may still be running, and must not be billed to the next measurement), then until the
# rest of the machine is quiet too (at most a minute; other jobs share this machine).
settle() {
	idle=0
	n=0
	prev=$(thread_ticks | awk '{ t += $2 } END { print t }')
	while [ $idle -lt 2 ] && [ $n -lt 150 ]; do
		sleep 0.25
		cur=$(thread_ticks | awk '{ t += $2 } END { print t }')
		if [ "$cur" = "$prev" ]; then idle=$((idle + 1)); else idle=0; fi
		prev=$cur
		n=$((n + 1))
	done
	n=0
	while [ $n -lt 60 ] && in_budget; do
		b0=$(busy_ticks)
		sleep 1
		b1=$(busy_ticks)
		[ $((100 * (b1 - b0) / TICK)) -le 25 ] && break
		[ $n -eq 0 ] && printf '(waiting for a quiet machine) '
		n=$((n + 1))
	done
}

# Retries and waits for quiet stop once the measurements have taken BENCH_BUDGET seconds,
# to keep make bench within a few minutes on a busy machine.
BUDGET=${BENCH_BUDGET:-210}
START=$(date +%s)
in_budget() {
	[ $(($(date +%s) - START)) -lt "$BUDGET" ]
}

ROWS=$TMP/rows
NOTES=$TMP/notes
: >"$ROWS"
: >"$NOTES"
ATTEMPTS=${BENCH_ATTEMPTS:-3}

# measure NAME PATH SCRIPT [ARGS]: one measured wrk run; sets $row:
# name|req/s|p50 us|p99 us|non-2xx|socket errors|server cpu %|wrk cpu %|thread split|
# min share|other cpu % (everything else on the machine, steal included)
measure() {
	m_name=$1
	m_path=$2
	m_script=$3
	shift 3
	thread_ticks >"$TMP/t0"
	c0=$(busy_ticks)
	children_cpu
	w0=$CHILD_CPU
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --timeout 20s --latency -s "$m_script" \
		"$BASE$m_path" -- "$@" >"$TMP/wrk.out" 2>&1
	children_cpu
	w1=$CHILD_CPU
	c1=$(busy_ticks)
	thread_ticks >"$TMP/t1"
	{ echo "== $m_name"; cat "$TMP/wrk.out"; } >>"$TMP/wrk.log"
	line=$(grep '^BENCH ' "$TMP/wrk.out")
	if [ -z "$line" ]; then
		sed 's/^/  wrk: /' "$TMP/wrk.out" >&2
		row="$m_name|0|0|0|-1|-1|0|0|-|0|0"
		return
	fi
	# The worker threads' CPU split: libmicrohttpd hands each connection to one worker
	# for its whole life, so a split like 100/0 means the server ran on one core.
	split=$(awk -v main="$SERVER_PID" 'FNR == NR { t0[$1] = $2; next }
		$1 != main { d = $2 - t0[$1]; dt[++n] = d; sum += d }
		END {
			s = ""; min = 1
			for (i = 1; i <= n; i++) {
				sh = sum ? dt[i] / sum : 0
				s = s (i > 1 ? "/" : "") sprintf("%.0f", 100 * sh)
				if (sh < min) min = sh
			}
			print s, sum, min
		}' "$TMP/t0" "$TMP/t1")
	row=$(echo "$line $split" | awk -v name="$m_name" -v w0="$w0" -v w1="$w1" \
		-v c0="$c0" -v c1="$c1" -v tick="$TICK" '{
		for (i = 2; i <= NF - 3; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		secs = v["duration_us"] / 1e6
		srv = 100 * $(NF - 1) / tick / secs
		wrk = 100 * (w1 - w0) / secs
		other = 100 * (c1 - c0) / tick / secs - srv - wrk
		printf "%s|%.0f|%d|%d|%d|%d|%.0f|%.0f|%s|%.2f|%.0f\n", name, v["requests"] / secs,
			v["p50_us"], v["p99_us"], v["non2xx"],
			v["connect"] + v["read"] + v["write"] + v["timeout"],
			srv, wrk, $(NF - 2), $NF, other < 0 ? 0 : other
	}')
}

# bench NAME PATH [TEMPLATE MAX]: warm up, then measure (again when the connections ended
# up on too few workers, see measure); append a row to $ROWS.
bench() {
	b_name=$1
	b_path=$2
	shift 2
	if [ -n "${BENCH_ONLY:-}" ] && ! echo "$b_name" | grep -Eq "$BENCH_ONLY"; then
		return
	fi
	if [ $# -eq 2 ]; then b_script=bench/random.lua; else b_script=bench/status.lua; fi
	printf 'bench: %-34s ' "$b_name"
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"$WARMUP" --timeout 20s -s "$b_script" "$BASE$b_path" \
		-- "$@" >/dev/null 2>&1
	settle
	attempt=1
	while :; do
		measure "$b_name" "$b_path" "$b_script" "$@"
		settle
		# Fit: every worker carried a fair part of the load, and nothing else on the
		# machine took more than a quarter of a core.
		# (With fewer connections than workers some worker is idle by design.)
		fit=$(echo "$row" | awk -F'|' -v n="$SRV_THREADS" -v c="$CONNS" \
			'{ print (($10 >= 0.5 / n || c < n) && $11 <= 25) }')
		[ "$fit" = 1 ] || [ "$attempt" -ge "$ATTEMPTS" ] || ! in_budget && break
		echo "$row" | awk -F'|' -v a="$attempt" '{ printf "%s: attempt %d discarded:" \
			" %d req/s, p99 %.2f ms, worker CPU split %s, other load %d%%\n",
			$1, a, $2, $4 / 1000, $9, $11 }' >>"$NOTES"
		attempt=$((attempt + 1))
	done
	[ "$fit" = 1 ] || echo "$b_name: still unbalanced or disturbed after $attempt attempts;" \
		"its figures are low" >>"$NOTES"
	echo "$row" >>"$ROWS"
	echo "$row" | awk -F'|' '{ printf "%8s req/s  p99 %8.2f ms  split %s\n", $2, $4 / 1000, $9 }'
}

# A leader's question: which signed new-energy-vehicle projects in the zone, latest first.
LIST_LEADER='/api/v1/projects?stage=signed&chain=nev&location=zone&sort=-signed_on&limit=20'

bench "GET /healthz (ceiling)"           /healthz
bench "GET /api/v1/projects/{id}"        /api/v1/projects/1 '/api/v1/projects/{id}' "$NPRJ"
bench "GET projects?stage&chain&location" "$LIST_LEADER"
bench "GET projects?enterprise={id}"     '/api/v1/projects?enterprise=1&limit=20' \
	'/api/v1/projects?enterprise={id}&limit=20' "$NENT"
bench "GET /api/v1/stats/summary"        /api/v1/stats/summary
# The peak RSS target applies to the lines above; the statistics lines below include answers
# of several MB (their peak is reported apart).
HWM_WEB_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SERVER_PID/status")

# Statistics (target: any single query answers in under 50 ms).  The target is the latency of
# one query, so these lines run with STATS_CONNS connections (1) instead of 16, whose p99
# would be the wait behind 15 other queries.  One line per rollup a query can read
# (stat_cube without and with one fine dimension, stat_pair, stat_fact by month range, by
# the unit's range), then the heaviest shape the limit of groups still answers (19,360 of
# the 20,000 it allows: 20 months × 8 stages × 11 chains × 11 channels), and the three
# shapes over it, which are refused (422) before any figure is read: their lines measure
# the refusal, and any other status makes them INVALID (BENCH_EXPECT, status.lua).
CONNS_WEB=$CONNS
CONNS=$STATS_CONNS
# The in-memory copy of stat_fact (src/store/statcopy.c) is read by the first query that
# needs the full grain: time that query once, cold, with the RSS before and after it.
COPY_Q="/api/v1/stats?measure=$ALLM&group=stage,chain,channel&from=2023-01&to=2023-12"
if command -v curl >/dev/null 2>&1 && { [ -z "${BENCH_ONLY:-}" ] || echo "GET stats copy" | grep -Eq "$BENCH_ONLY"; }; then
	COPY_RSS0=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status")
	COPY_CPU0=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
	COPY_COLD=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' \
		-H "Authorization: Bearer $BENCH_TOKEN" "$BASE$COPY_Q")
	COPY_CPU1=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
	COPY_RSS1=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status")
	COPY_WARM=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' \
		-H "Authorization: Bearer $BENCH_TOKEN" "$BASE$COPY_Q")
	echo "$COPY_COLD $COPY_WARM $COPY_CPU0 $COPY_CPU1 $COPY_RSS0 $COPY_RSS1" | awk -v tick="$TICK" '{
		printf "stats copy: first full-grain query (reads stat_fact into memory): HTTP %s, %.0f ms" \
			" wall, %.0f ms server CPU; the same query next: HTTP %s, %.1f ms;" \
			" server RSS %.1f -> %.1f MB\n", $1, $2 * 1000, ($6 - $5) * 1000 / tick,
			$3, $4 * 1000, $7 / 1024, $8 / 1024 }' >>"$TMP/copy.txt"
fi
bench "GET stats quarters 2023"          '/api/v1/stats?measure=signed&group=period:quarter&from=2023-01-01&to=2023-12-31'
bench "GET stats 4 measures year×chain"  '/api/v1/stats?measure=signed,started,production,funds&group=period:year,chain'
bench "GET stats chain×stage 2023"       '/api/v1/stats?measure=signed&group=chain,stage&from=2023-01-01&to=2023-12-31&location=zone'
bench "GET stats unit×section ind."      '/api/v1/stats?measure=signed,funds&group=unit,section&industrial=1'
bench "GET stats 5 meas. month×chain×stage" "/api/v1/stats?measure=$ALLM&group=period:month,chain,stage"
bench "GET stats 5 meas. unit×chain×stage" "/api/v1/stats?measure=$ALLM&group=unit,chain,stage"
bench "GET stats near limit 20 months×3" "/api/v1/stats?measure=$ALLM&group=period:month,stage,chain,channel&from=2023-01&to=2024-08"
bench "GET stats 4 dims all time"        "/api/v1/stats?measure=$ALLM&group=stage,chain,section,location"
BENCH_EXPECT=422
export BENCH_EXPECT
bench "GET stats 422 year×4 fine dims"   "/api/v1/stats?measure=$ALLM&group=period:year,stage,chain,channel,section"
bench "GET stats 422 every dim, a month" "/api/v1/stats?measure=$ALLM&group=period:month,stage,chain,channel,location,unit,section&from=2023-06&to=2023-06"
unset BENCH_EXPECT
ADMIN_TOKEN=$BENCH_TOKEN
BENCH_TOKEN=$HANDLER_TOKEN
bench "GET stats handler chain×stage"    "/api/v1/stats?measure=$ALLM&group=period:year,chain,stage"
bench "GET stats handler 3 fine dims"    "/api/v1/stats?measure=signed,funds&group=stage,chain,channel"
BENCH_EXPECT=422
export BENCH_EXPECT
bench "GET stats 422 handler 4 fine dims" "/api/v1/stats?measure=signed,funds&group=stage,chain,channel,section"
unset BENCH_EXPECT
BENCH_TOKEN=$ADMIN_TOKEN
bench "GET /api/v1/stats/briefing"       '/api/v1/stats/briefing?period=2023'
bench "GET /api/v1/targets"              '/api/v1/targets?year=2023'
CONNS=$CONNS_WEB

HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SERVER_PID/status")
RSS_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status")
kill -TERM "$SERVER_PID"
wait "$SERVER_PID"
srv_rc=$?
SERVER_PID=""

# Import reading (issue 6): no server, no database; the files are generated once.
if [ -z "${BENCH_ONLY:-}" ] || echo "import" | grep -Eq "$BENCH_ONLY"; then
	sh bench/import-read.sh >"$TMP/import.txt" 2>&1 || echo "import-read.sh failed" >>"$TMP/import.txt"
fi

# ---- report ------------------------------------------------------------------------------

COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo nogit)
git diff --quiet HEAD -- src sql tools data Makefile 2>/dev/null || COMMIT=$COMMIT-dirty
DAY=$(date +%Y-%m-%d)
OUT=$TMP/report

{
	echo "Guanlan benchmark  $(date '+%Y-%m-%d %H:%M:%S %z')"
	echo "binary   $("$BIN" version)   commit $COMMIT"
	echo "host     $(nproc) CPU ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(uname -sr)"
	echo "ledger   $(sqlite3 "$DB" 'SELECT count(*) FROM stage_event') stage events, $(sqlite3 "$DB" 'SELECT count(*) FROM project_funds') funds reports, $(sqlite3 "$DB" 'SELECT count(*) FROM stat_fact') fact rows"
	echo "data     $NENT enterprises, $NPRJ projects, $(($(wc -c <"$DB") / 1048576)) MB ($gen_note)"
	echo "server   guanlan serve --threads $SRV_THREADS --quiet"
	echo "wrk      -t$WRK_THREADS -c$CONNS -d$DURATION (after a $WARMUP warm-up), $(wrk -v 2>&1 | head -n 1 | awk '{ print $2 }')"
	echo "stats    wrk -c$STATS_CONNS for the statistics lines (single-query latency)${BENCH_ONLY:+; only lines matching $BENCH_ONLY}"
	echo "list     stage&chain&location = $LIST_LEADER"
	echo "         enterprise={id}      = /api/v1/projects?enterprise={random 1..$NENT}&limit=20"
	echo
	printf '%-34s %8s %8s %8s %7s %7s %6s %6s %6s %7s %7s\n' endpoint req/s "p50 ms" "p99 ms" \
		non-2xx sockerr server wrk other split "us/req"
	awk -F'|' '{ printf "%-34s %8d %8.2f %8.2f %7d %7d %5d%% %5d%% %5d%% %7s %7.0f\n",
		$1, $2, $3 / 1000, $4 / 1000, $5, $6, $7, $8, $11, $9, $2 ? $7 * 10000 / $2 : 0 }' \
		"$ROWS"
	echo
	echo "server/wrk/other: CPU used during the measured run, in % of one core (the machine has"
	echo "$(nproc) cores: $(($(nproc) * 100))%); other = the rest of the machine, steal included."
	echo "us/req: server CPU time per request (user + system, microseconds)."
	echo "split: each server worker thread's share of the server's CPU (a connection stays on"
	echo "the worker that accepted it).  A run whose split left a worker under half its fair"
	echo "share, or with other > 25%, is repeated (up to $ATTEMPTS attempts; see the notes)."
	if [ -s "$NOTES" ]; then
		echo
		sed 's/^/note: /' "$NOTES"
	fi
	[ -s "$TMP/copy.txt" ] && { echo; cat "$TMP/copy.txt"; }
	[ -s "$TMP/import.txt" ] && { echo; cat "$TMP/import.txt"; }
	echo
	printf 'server peak RSS (VmHWM) %.1f MB before the statistics lines, %.1f MB after them,\n' \
		"$(echo "$HWM_WEB_KB" | awk '{ print $1 / 1024 }')" \
		"$(echo "$HWM_KB" | awk '{ print $1 / 1024 }')"
	printf 'RSS at the end %.1f MB; exit status %d\n' \
		"$(echo "$RSS_KB" | awk '{ print $1 / 1024 }')" "$srv_rc"
	echo
	echo "targets (PASS/MISS; INVALID when the run saw non-2xx answers, or on a \"422\" line any"
	echo "other answer than 422, or socket errors):"
	awk -F'|' -v hwm="$HWM_WEB_KB" '
	function verdict(ok, bad) { return bad ? "INVALID" : ok ? "PASS" : "MISS" }
	{
		target = 0
		if ($1 ~ /^GET stats |briefing|targets/) {
			bad = ($5 != 0 || $6 != 0)
			printf "  %-7s %-34s %9.2f ms p99 (target < 50 ms)%s\n", verdict($4 < 50000, bad),
				$1, $4 / 1000, $1 ~ /^GET stats 422 / ? ", refused with 422" : ""
			next
		}
		if ($1 ~ /projects\/\{id\}/) target = 40000
		else if ($1 ~ /projects\?/) target = 10000
		else if ($1 ~ /stats\/summary/) target = 1000
		if (!target) next
		bad = ($5 != 0 || $6 != 0)
		printf "  %-7s %-34s %9d req/s  (target >= %d)\n", verdict($2 >= target, bad),
			$1, $2, target
		printf "  %-7s %-34s %9.2f ms p99 (target < 10 ms)\n", verdict($4 < 10000, bad),
			$1, $4 / 1000
	}
	END {
		printf "  %-7s %-34s %9.1f MB    (target < 100 MB)\n",
			hwm / 1024 < 100 ? "PASS" : "MISS", "server peak RSS (web lines)", hwm / 1024
	}' "$ROWS"
} >"$OUT"

mkdir -p "$RESULTS"
cp "$OUT" "$RESULTS/$DAY-$COMMIT.txt"
cp "$OUT" "$RESULTS/latest.txt"
echo
cat "$OUT"
echo
echo "bench: written to bench/results/$DAY-$COMMIT.txt and bench/results/latest.txt"
exit 0
