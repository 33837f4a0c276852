#!/usr/bin/env bash
# bench/run.sh: `gazette run` over a synthetic population against sqlite3 computing the same
# status and amount with one CREATE TABLE ... AS SELECT over the same file, in the same run.
# Prints times, records/s, the ratios to sqlite3 (goal: within 2x), and the peak memory of a
# worker at N and 4N records (goal: no growth).
#   BENCH_ROWS (default 1000000)   MEASURE (default: the trivial test measure)
set -euo pipefail
cd "$(dirname "$0")/.."
GAZETTE=${GAZETTE:-./gazette}
N=${BENCH_ROWS:-1000000}
MEASURE=${MEASURE:-tests/cli/data/batch/simple.lua}
RUN=("$GAZETTE" run --path tests/cli/data/batch)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

population() { # FILE ROWS: the columns of the test measure, a recursive CTE
  sqlite3 "$1" "CREATE TABLE enterprises (id INTEGER PRIMARY KEY, name TEXT, reg_district TEXT,
    employees INTEGER, chaoyang_hukou_hires INTEGER, revenue TEXT);
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
  INSERT INTO enterprises SELECT i, 'E' || i, CASE i % 3 WHEN 1 THEN '海淀区' ELSE '朝阳区' END,
    i % 700 + (i % 700 = 666), i % 11, (i * 37) % 100000 || '.50' FROM n;"
}
secs() { # the command must run (exit 0, or 1 for records with errors)
  local t0 t1 rc=0; t0=$(date +%s.%N); "$@" >/dev/null 2>"$W/err" || rc=$?
  [ "$rc" -le 1 ] || { cat "$W/err" >&2; exit 1; }
  t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
peak() { "$@" 2>&1 | sed -n 's/^peak memory: \([0-9]*\) KiB the largest.*/\1/p'; }

population "$W/p.db" "$N"
# The same rules in SQL: 朝阳区 and 3+ hires -> 30,000 + 10,000 per hire above 3, capped at 200,000 (in fen).
SQL="CREATE TABLE r AS SELECT id AS record_id, 'test.simple' AS measure,
  CASE WHEN reg_district IS NULL OR chaoyang_hukou_hires IS NULL THEN 'undetermined'
       WHEN reg_district = '朝阳区' AND chaoyang_hukou_hires >= 3 THEN 'eligible' ELSE 'ineligible' END AS status,
  CASE WHEN reg_district = '朝阳区' AND chaoyang_hukou_hires >= 3
       THEN printf('%.2f', min(3000000 + 1000000 * (chaoyang_hukou_hires - 3), 20000000) / 100.0) ELSE '0.00' END AS amount
  FROM enterprises"
sqlite3 "$W/p.db" "SELECT count(*) FROM enterprises" >/dev/null # warm the cache
base=$(secs sqlite3 "$W/p.db" "ATTACH '$W/base.db' AS o; ${SQL/CREATE TABLE r/CREATE TABLE o.r}")
j1=$(secs "${RUN[@]}" "$MEASURE" --db "$W/p.db" --as-of 2024-01-01 --jobs 1 --out "$W/j1.db")
j2=$(secs "${RUN[@]}" "$MEASURE" --db "$W/p.db" --as-of 2024-01-01 --jobs 2 --out "$W/j2.db")
printf 'run.rows: %d\n' "$N"
printf 'run.sqlite3_ctas: %.2f s (%.0f records/s)\n' "$base" "$(echo "$N / $base" | bc -l)"
printf 'run.gazette_jobs1: %.2f s (%.0f records/s)\n' "$j1" "$(echo "$N / $j1" | bc -l)"
printf 'run.gazette_jobs2: %.2f s (%.0f records/s)\n' "$j2" "$(echo "$N / $j2" | bc -l)"
printf 'run.jobs1_vs_sqlite3: %.2f x\n' "$(echo "$j1 / $base" | bc -l)"
printf 'run.jobs2_vs_sqlite3: %.2f x\n' "$(echo "$j2 / $base" | bc -l)"
m1=$(peak "${RUN[@]}" "$MEASURE" --db "$W/p.db" --as-of 2024-01-01 --jobs 2 --out "$W/m1.csv")
rm -f "$W"/*.db "$W"/*.csv
population "$W/p4.db" $((4 * N))
m4=$(peak "${RUN[@]}" "$MEASURE" --db "$W/p4.db" --as-of 2024-01-01 --jobs 2 --out "$W/m4.csv")
printf 'run.peak_rss_worker_%d: %d KiB\n' "$N" "$m1"
printf 'run.peak_rss_worker_%d: %d KiB\n' $((4 * N)) "$m4"
printf 'run.peak_rss_4x_vs_1x: %.2f x\n' "$(echo "$m4 / $m1" | bc -l)"
