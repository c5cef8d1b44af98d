#!/bin/sh
# import-read.sh - how fast the reading half of import goes (issue 6): a 1,000,000-row
# project ledger as CSV and a 100,000-row one as .xlsx, generated once into bench/data by
# tests/unit/fixtures/make_xlsx.py, read by bench/import_read.c (no database).
#
# usage: sh bench/import-read.sh        (bench/run.sh calls it; needs `make` first)
# Environment: BENCH_IMPORT_CSV_ROWS (1000000), BENCH_IMPORT_XLSX_ROWS (100000)
set -u
cd "$(dirname "$0")/.." || exit 2
CSV_ROWS=${BENCH_IMPORT_CSV_ROWS:-1000000}
XLSX_ROWS=${BENCH_IMPORT_XLSX_ROWS:-100000}
DATA=bench/data
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
mkdir -p "$DATA" build/bench

# The reader linked with the server's objects (all but main.o), as the unit tests are.
PKGS=$(sed -n 's/^PKGS[[:space:]]*:=[[:space:]]*//p' Makefile)
OBJS=$(ls build/obj/*/*.o) || { echo "import-read: run make first" >&2; exit 2; }
# shellcheck disable=SC2086
cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Isrc -Ibuild/gen \
	$(pkg-config --cflags $PKGS) -o build/bench/import-read bench/import_read.c $OBJS \
	build/obj/embedded.o $(pkg-config --libs $PKGS) -lpthread || exit 2

CSV=$DATA/import-$CSV_ROWS.csv
XLSX=$DATA/import-$XLSX_ROWS.xlsx
[ -s "$CSV" ] || "$PY" tests/unit/fixtures/make_xlsx.py --bench-csv "$CSV_ROWS" "$CSV" || exit 2
[ -s "$XLSX" ] || "$PY" tests/unit/fixtures/make_xlsx.py --bench-xlsx "$XLSX_ROWS" "$XLSX" || exit 2

echo "import reading (issue 6; no database): $(($(wc -c <"$CSV") / 1048576)) MB CSV, $(($(wc -c <"$XLSX") / 1048576)) MB .xlsx"
build/bench/import-read projects "$CSV"
build/bench/import-read projects "$XLSX"
