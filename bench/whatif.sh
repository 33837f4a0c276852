#!/usr/bin/env bash
# bench/whatif.sh: the what-if loop on a generated population. Baseline: `.run` in the REPL
# (one evaluation per record); then `.compare` and `gazette whatif` (two evaluations per
# record, plus the counting), as ratios against it. Run by `make bench`.
set -u
cd "$(dirname "$0")/.."
G=./gazette
N=${N:-20000}
DATA=tests/cli/data/repl
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if ! $G gen --enterprises "$N" --seed 1 --out "$TMP/pop.db" >/dev/null 2>&1; then
  echo "whatif: skipped (gazette gen is not in this build)"
  exit 0
fi
secs() { # secs CMD...: wall seconds of one run
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s.%N)
  echo "$t0 $t1" | awk '{ printf "%.3f", $2 - $1 }'
}
session() { printf '%s\n' ".asof 2022-06-01" "$@" | $G --path $DATA repl --db "$TMP/pop.db" repltest.jobs-subsidy; }
base=$(secs session '.run')
cmp=$(secs session '.set cap 10万' '.compare by reg_district')
cli=$(secs $G --path $DATA whatif repltest.jobs-subsidy --db "$TMP/pop.db" --as-of 2022-06-01 --set cap=10万 --by reg_district)
awk -v n="$N" -v b="$base" -v c="$cmp" -v w="$cli" 'BEGIN {
  printf "whatif: %d enterprises; .run %.2fs (%.0f records/s) = 1.00\n", n, b, n / b
  printf "whatif: .compare by reg_district %.2fs = %.2f x .run (two evaluations per record)\n", c, c / b
  printf "whatif: gazette whatif --by reg_district %.2fs = %.2f x .run\n", w, w / b
}'
