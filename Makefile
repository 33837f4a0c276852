# Gazette: build, test, bench, install.  `make help` lists the targets.
SHELL    := /bin/bash
.SHELLFLAGS := -o pipefail -c
PREFIX   ?= /usr/local
CC       ?= cc
PKGS     := lua5.4 sqlite3 readline libffi jansson libcrypto xlsxwriter
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WARN     := -Wall -Wextra -Werror
CFLAGS   ?= -O2 -g
ALL_CFLAGS := -std=gnu11 $(WARN) $(CFLAGS) -Iinterp -Irepl $(PKG_CFLAGS) \
              -DGZ_DATADIR='"$(PREFIX)/share/gazette"'
LIBS     := $(PKG_LIBS) -lm -ldl
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# interp/core: plain C (no Lua); interp/lua: the C modules seen from Lua; interp/host: the
# Lua state, the sandbox, options and main.c; interp/batch: `gazette run`; interp/cmd: the
# commands; repl: the shell.  tests/cli/layout.t checks who may include whom.
SRCS     := $(sort $(wildcard interp/*/*.c repl/*.c))
HDRS     := $(wildcard interp/*/*.h repl/*.h)
LIBSRCS  := $(filter-out interp/host/main.c,$(SRCS))
OBJS     := $(SRCS:%.c=build/rel/%.o)
ASAN_OBJS:= $(SRCS:%.c=build/asan/%.o)
UNIT_SRCS:= $(sort $(wildcard tests/unit/*.c))
UNITS    := $(UNIT_SRCS:tests/unit/%.c=build/rel/unit/%)
ASAN_UNITS := $(UNIT_SRCS:tests/unit/%.c=build/asan/unit/%)
FUZZ_SRCS:= $(sort $(wildcard tests/fuzz/*.c))
FUZZERS  := $(FUZZ_SRCS:tests/fuzz/%.c=build/fuzz/%)
FUZZ_SECONDS ?= 30

.PHONY: all deps test-deps test test-release test-asan fuzz run bench install clean help asan fixtures
all: gazette

help:
	@echo "make            build ./gazette"
	@echo "make run        install what is missing, build, run a batch over the sample population"
	@echo "make test       every test, then again under AddressSanitizer and UBSan, then the fuzzers"
	@echo "make asan       build ./gazette-asan (sanitizers)"
	@echo "make bench      benchmarks (numbers to stdout)"
	@echo "make install PREFIX=/usr/local"
	@echo "make clean"

deps:
	@scripts/deps.sh
test-deps:
	@scripts/deps.sh --test

build/rel/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@
build/asan/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O1 $(SAN) -c $< -o $@

gazette: $(OBJS)
	$(CC) $(ALL_CFLAGS) $^ -o $@ $(LIBS)
gazette-asan: $(ASAN_OBJS)
	$(CC) $(ALL_CFLAGS) $(SAN) $^ -o $@ $(LIBS)
asan: gazette-asan

# C unit tests link every host file but main.c. tests/unit/oom.c fails chosen allocations: the
# host files' calls to the allocator go through its wrappers (ld --wrap).
UNIT_LDFLAGS_oom := $(foreach f,malloc calloc realloc strdup strndup,-Wl,--wrap=$(f))
build/rel/unit/%: tests/unit/%.c $(filter-out build/rel/interp/host/main.o,$(OBJS))
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit $^ -o $@ $(LIBS) $(UNIT_LDFLAGS_$*)
build/asan/unit/%: tests/unit/%.c $(filter-out build/asan/interp/host/main.o,$(ASAN_OBJS))
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -Itests/unit $^ -o $@ $(LIBS) $(UNIT_LDFLAGS_$*)

# Fuzz targets: libFuzzer (clang) with ASan and UBSan; each runs FUZZ_SECONDS in the suite.
# The host's files are compiled once for every fuzz target (fuzzer-no-link), then linked.
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Iinterp -Irepl -Itests/fuzz $(PKG_CFLAGS) -DGZ_DATADIR='"$(PREFIX)/share/gazette"'
FUZZ_OBJS := $(LIBSRCS:%.c=build/fuzzobj/%.o)
.SECONDARY: $(FUZZ_OBJS)  # kept between runs (make would delete them as intermediates)
build/fuzzobj/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -c $< -o $@
build/fuzz/%: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) $(FUZZ_OBJS)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined $< $(FUZZ_OBJS) -o $@ $(LIBS)

# The shared library the ffi tests call (tests/cli/ffi.t): a plain -fPIC .so, loadable by
# ./gazette and ./gazette-asan alike.
FFI_TESTLIB := build/rel/libgzffitest.so
$(FFI_TESTLIB): tests/ffi/testlib.c
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(WARN) $(CFLAGS) -shared -fPIC $< -o $@

# Each suite runs through tests/harness.pl (prove's output, then the suite's real counts: passed,
# failed, skipped, each once); under `make test` it also appends that line to $(RESULTS). A
# failing suite does not stop the others: every suite runs, then `make test` prints the table
# of all of them and exits 1 if any failed.
RESULTS ?=
HARNESS := tests/harness.pl $(if $(RESULTS),--results $(RESULTS))
# The suite, run against the binary named by GAZETTE (and unit tests from a build dir).
define run_suite
	@mkdir -p build
	@rc=0; \
	$(HARNESS) --exec '' "$(1) C unit" $(2) || rc=1; \
	GAZETTE=$(3) $(HARNESS) --exec '$(3) --path tests/lua/lib' "$(1) Lua" tests/lua/*_test.lua || rc=1; \
	GAZETTE=$(3) $(HARNESS) "$(1) CLI" tests/cli/*.t || rc=1; \
	exit $$rc
endef

test-release: gazette $(UNITS) $(FFI_TESTLIB)
	$(call run_suite,release,$(UNITS),./gazette)
test-asan: gazette-asan $(ASAN_UNITS) $(FFI_TESTLIB)
	$(call run_suite,asan+ubsan,$(ASAN_UNITS),./gazette-asan)
# New inputs go to build/fuzz/corpus-NAME; the committed seeds in tests/fuzz/corpus/NAME
# are read but never written, so a test run leaves the tree clean. Each target is one line
# of the results: the inputs it ran, or its failure (the log's tail is printed).
fuzz: $(FUZZERS)
	@mkdir -p build; rc=0; for f in $(FUZZERS); do n=$$(basename $$f); mkdir -p tests/fuzz/corpus/$$n build/fuzz/corpus-$$n; \
	  echo "== fuzz $$n ($(FUZZ_SECONDS)s)"; \
	  if $$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=0 \
	    build/fuzz/corpus-$$n tests/fuzz/corpus/$$n 2>build/fuzz/$$n.log; then \
	    runs=$$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' build/fuzz/$$n.log | tail -1); \
	    line=$$(printf '%-22s %5s inputs in %ss, no failure' "fuzz $${n#fuzz_}" "$${runs:-?}" "$(FUZZ_SECONDS)"); st=ok; \
	  else \
	    tail -40 build/fuzz/$$n.log; rc=1; st=FAIL; \
	    line=$$(printf '%-22s failed (build/fuzz/%s.log)' "fuzz $${n#fuzz_}" "$$n"); \
	  fi; \
	  echo "== $$line"; [ -z "$(RESULTS)" ] || printf '%s\t%s\n' "$$st" "$$line" >> "$(RESULTS)"; done; exit $$rc

# Every suite runs even when one fails (a build error stops only what needs that build);
# the table at the end lists each suite once with its counts, and make test fails if any
# suite failed or did not run (a part stopped by a build error gets a FAIL line of its own).
TEST_PARTS := test-release:release test-asan:asan+ubsan fuzz:fuzz
test: test-deps
	@mkdir -p build && rm -f build/test-results && touch build/test-results
	@rc=0; for part in $(TEST_PARTS); do \
	  $(MAKE) --no-print-directory $${part%%:*} RESULTS=build/test-results && continue; rc=1; \
	  grep -q "	$${part#*:} " build/test-results || \
	    printf 'FAIL\t%-22s not run: a build step failed (see above)\n' "$${part#*:}" >> build/test-results; \
	done; \
	tests/harness.pl --summary build/test-results || rc=1; \
	exit $$rc

# The sample population `make run` uses: 10,000 enterprises from seed 1 as of RUN_AS_OF (no
# enterprise established after the date the batch is run as of; never committed).
build/sample.db: gazette
	@mkdir -p build && rm -f $@ # made here: a file from a gen before the GZPO mark is not refused
	./gazette gen --enterprises 10000 --seed 1 --as-of $(RUN_AS_OF) --out $@ --quiet

# The README's first command: a batch of M1 over the bundled sample population (10,000
# generated enterprises), as of a fixed date so the summary is the same on every machine.
RUN_AS_OF ?= 2023-06-01
run: deps
	@$(MAKE) --no-print-directory gazette build/sample.db
	./gazette run chaoyang.startup-jobs-subsidy --db build/sample.db --as-of $(RUN_AS_OF) \
	  --explain --out build/sample-results.csv
	@echo "one row per enterprise, with the failed rules and their clauses: build/sample-results.csv"

# Sample tables for batch runs of the measures: tests/fixtures/NAME.sql -> build/fixtures/NAME.db.
FIXTURES := $(patsubst tests/fixtures/%.sql,build/fixtures/%.db,$(wildcard tests/fixtures/*.sql))
build/fixtures/%.db: tests/fixtures/%.sql
	@mkdir -p $(@D)
	@rm -f $@.tmp && sqlite3 $@.tmp < $< && mv $@.tmp $@
fixtures: $(FIXTURES)

# Every bench runs; make bench fails when one did (a bench that finds Gazette's answers differ
# from its baseline's fails loudly, and that must not read as a result).
bench: gazette
	@rc=0; for b in bench/*.sh; do [ -f "$$b" ] || continue; bash "$$b" || { echo "make bench: $$b failed" >&2; rc=1; }; done; exit $$rc

install: gazette
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/gazette
	install -m 755 gazette $(DESTDIR)$(PREFIX)/bin/gazette
	cp -r stdlib policies $(DESTDIR)$(PREFIX)/share/gazette/

clean:
	rm -rf build gazette gazette-asan
