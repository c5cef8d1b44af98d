#!/bin/sh
# import.sh - how fast `guanlan import projects` writes a real ledger (issue 6, item 4):
# 1,000,000 and 100,000 project rows, each into a fresh database holding 10,000 enterprises
# (the projects name them by credit code), all-or-nothing in one transaction, audited and
# indexed for search.  Target: 1M rows in under 60 s.
#
# usage: sh bench/import.sh [./guanlan]     (make bench runs it; needs `make` first)
# Environment: BENCH_IMPORT_ROWS ("1000000 100000"), BENCH_IMPORT_ENTERPRISES (10000)
#
# The CSVs are generated once by bench/import_data.py into bench/data/ and reused.  Each run
# reports wall time and the CPU time of the import process (user + system, from getrusage):
# the machine is shared, and wall time there measures the other jobs as much as the import.
# PASS/MISS compares the wall time with the target and says whether the CPU time alone
# would meet it.  A measurement: exits 0 either way, non-zero only when it could not run.
set -u
cd "$(dirname "$0")/.." || exit 2
BIN=${1:-./guanlan}
ROWS=${BENCH_IMPORT_ROWS:-"1000000 100000"}
ENTS=${BENCH_IMPORT_ENTERPRISES:-10000}
DATA=bench/data
OUT=bench/results/import-latest.txt
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
[ -x "$BIN" ] || { echo "import.sh: $BIN not found (run make)" >&2; exit 2; }
mkdir -p "$DATA" bench/results
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM

ENT_CSV=$DATA/import-enterprises-$ENTS.csv
[ -s "$ENT_CSV" ] || "$PY" bench/import_data.py enterprises "$ENTS" "$ENT_CSV" || exit 2

{
	echo "import of project ledgers (issue 6): $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
	printf '%-9s %9s %9s %9s %9s %12s %s\n' rows "wall s" "cpu s" "µs/row" "db MB" "rows/s" verdict
} | tee "$OUT"
for n in $ROWS; do
	CSV=$DATA/import-projects-$n.csv
	[ -s "$CSV" ] || "$PY" bench/import_data.py projects "$n" "$ENTS" "$CSV" || exit 2
	DB=$TMP/import-$n.db
	"$BIN" migrate --db "$DB" >/dev/null 2>&1 || exit 2
	"$BIN" import enterprises "$ENT_CSV" --db "$DB" >/dev/null || exit 2
	# The import alone, timed by a parent that reads its rusage.
	"$PY" - "$BIN" "$CSV" "$DB" "$n" <<'PYEOF' | tee -a "$OUT"
import os, resource, subprocess, sys, time
bin, csv, db, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
t0 = time.monotonic()
p = subprocess.run([bin, "import", "projects", csv, "--db", db], capture_output=True, text=True)
wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = ru.ru_utime + ru.ru_stime
last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else p.stderr.strip()
if p.returncode != 0 or "inserted %d," % n not in last:
    print("%-9d import failed: %s" % (n, last))
    sys.exit(0)
mb = os.path.getsize(db) / 1048576
target = 60.0 * n / 1000000
verdict = ("PASS" if wall < target else "MISS") + " (target %.0f s; CPU alone %s)" % (
    target, "meets it" if cpu < target else "does not")
print("%-9d %9.1f %9.1f %9.1f %9.0f %12.0f %s" % (n, wall, cpu, cpu * 1e6 / n, mb, n / wall, verdict))
PYEOF
	rm -f "$DB" "$DB-wal" "$DB-shm"
done
echo "(user+system CPU of the import process; wall time includes waiting for the other jobs on the machine)" | tee -a "$OUT"
exit 0
