#!/usr/bin/env bash
# The Makefile keeps what it builds once: make test builds the fuzz objects (every host file
# compiled with clang's fuzzer instrumentation) for the fuzz targets, and they must stay for
# the next run, not be deleted as intermediate files ("rm build/fuzzobj/...") and compiled
# all over again. Checked with make -n in a tree without build/ (make deletes only the
# intermediate files it made itself), so nothing is compiled.
. "$(dirname "$0")/../tap.sh"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
command -v make > /dev/null || { echo "1..0 # SKIP make is not installed"; exit 0; }
mkdir "$TMP/tree"
for d in interp repl tests stdlib; do ln -s "$ROOT/$d" "$TMP/tree/$d"; done
cp "$ROOT/Makefile" "$TMP/tree/Makefile"
fuzzer=$(cd "$ROOT" && ls tests/fuzz/fuzz_*.c | head -1 | sed 's#tests/fuzz/\(.*\)\.c#build/fuzz/\1#')
run make -C "$TMP/tree" -n "$fuzzer"
is "$RC" 0 "make -n $fuzzer plans the build"
n=$(printf '%s\n' "$OUT" | grep -c -- '-fsanitize=fuzzer-no-link.* -o build/fuzzobj/')
[ "$n" -gt 40 ]; ok $? "  compiling the host's files into build/fuzzobj/ ($n objects)"
unlike "$OUT" "^rm .*build/fuzzobj/" "  and never deleting them afterwards (.SECONDARY)"
# and the same plan without .SECONDARY would delete them: the check above can fail
sed '/^\.SECONDARY/d' "$ROOT/Makefile" > "$TMP/tree/Makefile"
run make -C "$TMP/tree" -n "$fuzzer"
like "$OUT" "^rm .*build/fuzzobj/" "without .SECONDARY make would delete them (what this file guards against)"

# make bench runs every bench and fails when one failed (a bench fails when Gazette's answers
# differ from its baseline's: a result that must not read as a timing). `-o gazette`: nothing is
# built; the benches here are two scripts, the first failing.
cp "$ROOT/Makefile" "$TMP/tree/Makefile"
mkdir "$TMP/tree/bench"
printf 'echo "a: FAIL: the rows differ" >&2; exit 1\n' > "$TMP/tree/bench/a.sh"
printf 'echo "b: ran"\n' > "$TMP/tree/bench/b.sh"
run make -C "$TMP/tree" -s -o gazette bench
ok "$([ "$RC" != 0 ]; echo $?)" "make bench fails when a bench failed (exit $RC)"
like "$ERR" "make bench: bench/a.sh failed" "  naming it"
like "$OUT" "b: ran" "  and the other benches still run"
done_testing
