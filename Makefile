# Guanlan (观澜) - build, demo, test, sanitizer and benchmark entry points.
#
#   make          build ./guanlan
#   make demo     install what is missing, build, load the demo data, serve on :8080
#   make test     install what is missing, build (web too), run every test, browser tests included
#   make asan     the whole test suite, browser tests included, against an AddressSanitizer/UBSan build
#   make bench    generate 100k enterprises and 1M projects, drive wrk, print figures
#   make web      build the web front end into web/dist (npm ci first when needed)

CC      ?= cc
PKGS    := libmicrohttpd jansson sqlite3 libsodium xlsxwriter opencc libzip libxml-2.0
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS  ?= -O2 -g
MAKEFLAGS += --no-print-directory -s
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) -Isrc -Ibuild/gen \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
LIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

SRCS    := $(sort $(wildcard src/*.c src/*/*.c))
EMBED   := $(sort $(wildcard sql/*.sql)) data/gbt4754-2017.tsv data/cn-holidays-2023-2026.tsv \
           data/demo.json docs/openapi.json
OBJS    := $(SRCS:src/%.c=build/obj/%.o) build/obj/embedded.o
AOBJS   := $(SRCS:src/%.c=build/asan/%.o) build/asan/embedded.o
LIBOBJS := $(filter-out build/obj/main.o,$(OBJS))

.PHONY: all demo test asan bench deps clean unit web browser-deps
all: guanlan

deps:
	@sh scripts/install-deps.sh

guanlan: $(OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJS) $(LIBS)

guanlan-asan: $(AOBJS)
	$(CC) $(ALL_CFLAGS) $(SANITIZE) -o $@ $(AOBJS) $(LIBS)

build/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -O1 -o $@ $<

# The list itself is a prerequisite: a migration deleted or renamed must leave the binary too.
build/gen/embedded.list: FORCE
	@mkdir -p $(@D)
	@echo '$(EMBED)' > $@.tmp
	@cmp -s $@.tmp $@ || mv $@.tmp $@; rm -f $@.tmp

build/gen/embedded.c: build/tools/embed $(EMBED) build/gen/embedded.list
	@mkdir -p $(@D)
	build/tools/embed $@ $(EMBED)

build/gen/version.h: FORCE
	@mkdir -p $(@D)
	@echo '#define GUANLAN_VERSION "$(VERSION)"' > $@.tmp
	@cmp -s $@.tmp $@ || mv $@.tmp $@; rm -f $@.tmp
FORCE:

build/obj/embedded.o: build/gen/embedded.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
build/asan/embedded.o: build/gen/embedded.c
	$(CC) $(ALL_CFLAGS) $(SANITIZE) -c -o $@ $<

build/obj/%.o: src/%.c build/gen/version.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
build/asan/%.o: src/%.c build/gen/version.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SANITIZE) -MMD -MP -c -o $@ $<

-include $(OBJS:.o=.d) $(AOBJS:.o=.d)

# Unit tests: one cmocka program per tests/unit/test_*.c, linked with everything but main.
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=build/tests/%)
build/tests/%: tests/unit/%.c $(LIBOBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBOBJS) $(LIBS) -lcmocka

unit: $(UNIT_BINS)

# The demo database is rebuilt from data/demo.json on every run.
demo: deps guanlan web
	./guanlan demo --db guanlan.db --force
	@echo "Open http://127.0.0.1:8080 and log in with one of the users above (Ctrl-C stops the server)"
	./guanlan serve --db guanlan.db --listen 127.0.0.1:8080

test: deps guanlan $(UNIT_BINS) web browser-deps
	@sh tests/run.sh ./guanlan

# Browser tests (tests/web): playwright-core only, no browser download (Debian's chromium);
# npm ci only when node_modules is missing or older than the lock file.
browser-deps: tests/web/node_modules/.package-lock.json
tests/web/node_modules/.package-lock.json: tests/web/package-lock.json
	cd tests/web && npm ci --no-audit --no-fund

ALIBOBJS  := $(filter-out build/asan/main.o,$(AOBJS))
AUNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=build/asan-tests/%)
build/asan-tests/%: tests/unit/%.c $(ALIBOBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SANITIZE) -o $@ $< $(ALIBOBJS) $(LIBS) -lcmocka

asan: deps guanlan-asan $(AUNIT_BINS) web browser-deps
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
		GUANLAN_UNIT_DIR=build/asan-tests sh tests/run.sh ./guanlan-asan

# The search normaliser's own benchmark (a few seconds, no server), then the server's.
build/bench/bench_normalize: bench/bench_normalize.c $(LIBOBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBOBJS) $(LIBS)

bench: deps guanlan build/bench/bench_normalize
	@mkdir -p bench/results
	@build/bench/bench_normalize | tee bench/results/normalize-latest.txt
	@sh bench/run.sh ./guanlan
	@sh bench/intake.sh ./guanlan
	@sh bench/search.sh ./guanlan
	@sh bench/import.sh ./guanlan
	@sh bench/rates.sh ./guanlan

clean:
	rm -rf build guanlan guanlan-asan

# Web front end: npm ci only when node_modules is missing or older than the lock file;
# then a production build into web/dist and .gz copies of its text assets for the server,
# only when a source is newer than the last build.
WEB_SRCS := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.js \
            web/package.json web/package-lock.json
web: web/dist/index.html
web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SRCS)
	cd web && npm run build
	find web/dist -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.json' \) \
		-exec gzip -k -9 -f {} +

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
