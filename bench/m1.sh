#!/usr/bin/env bash
# bench/m1.sh: M1 (chaoyang.startup-jobs-subsidy) over a generated population of BENCH_ROWS
# enterprises as of 2023-06-30, every engine reading the same SQLite file, in one run:
#   sqlite3   the same rules as one CREATE TABLE … AS SELECT (the baseline, 1.00 x), with
#             Gazette's three-valued statuses: a NULL input makes its rule unknown, a failed rule
#             outweighs an unknown one, an industry code that maps to no industry of
#             工信部联企业〔2011〕300号 fails the SME rule (sme_map from bench/m1_map.lua), and the
#             SME rule needs only the indicators of the industry's standard (sme.classify);
#   lua       a plain Lua loop doing the same rules by hand over the rows of the records module
#             (bench/m1_plain.lua);
#   jobs1/2   `gazette run --jobs 1` and `--jobs 2` writing CSV.
# ROUNDS interleaved rounds (default 3), medians. sqlite3's record_id/status/amount must equal
# Gazette's row for row, and the plain loop's counts and total must equal sqlite3's: the bench
# fails loudly otherwise. Then: the REPL's `.set cap 10万` + `.compare` with the population
# loaded, M6 (beijing.graduate-job-expansion-subsidy, a list of hires per enterprise) over the
# same population, and the peak memory (/usr/bin/time -v, the largest process) at N and 4N.
#   BENCH_ROWS (default 1000000)  ROUNDS (3)  MEM=0 skips the 4N population  REPL=0 skips the REPL
#   CHILDREN=0 skips M6
set -euo pipefail
cd "$(dirname "$0")/.."
G=${GAZETTE:-./gazette}
N=${BENCH_ROWS:-1000000}
ROUNDS=${ROUNDS:-3}
AS_OF=2023-06-30
M1=chaoyang.startup-jobs-subsidy
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

fail() { echo "m1: FAIL: $*" >&2; exit 1; }
now() { date +%s.%N; }
# secs CMD...: "WALL CPU" seconds of one run (exit 0 required); CPU is user + system of the
# command and its children (the machine is shared: CPU time is less disturbed by other work)
secs() {
  local t0 t1
  t0=$(now)
  /usr/bin/time -f "%U %S" -o "$W/cpu" "$@" >"$W/out" 2>"$W/err" || { cat "$W/err" >&2; fail "$* exited $?"; }
  t1=$(now)
  echo "$(echo "$t1 - $t0" | bc -l) $(awk '{ print $1 + $2 }' "$W/cpu")"
}
wall() { printf '%s\n' "$@" | awk '{ print $1 }'; }
cpu() { printf '%s\n' "$@" | awk '{ print $2 }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

"$G" gen --enterprises "$N" --seed 1 --out "$W/pop.db" >/dev/null
"$G" bench/m1_map.lua "$W/pop.db" | sqlite3 "$W/map.db"
# the spellings of 朝阳区 in the population (朝阳, 朝阳区, ...), as a list for NOT IN
CHAOYANG=$(sqlite3 "$W/map.db" "SELECT group_concat(quote(raw), ', ') FROM district_map WHERE name = '朝阳区'")

# M1 in SQL (朝阳区 by every spelling the population has: 朝阳 is 朝阳区). CASE WHEN stops at the first true branch, so the cheap district and hires tests
# come first and the dates are computed only for the records that reach them (an AND in a
# result column evaluates both sides). est + n years: 02-29 becomes 02-28 in a common year
# (date:add_years, mode "down"); SQLite's date() would give 03-01, hence the '-1 days'.
sql() {
  cat <<EOF
ATTACH '$W/map.db' AS m;
ATTACH '$1' AS o;
CREATE TABLE o.r AS
WITH v AS (
  SELECT e.id, e.chaoyang_hukou_hires AS hires, CASE
    WHEN e.reg_district NOT IN ($CHAOYANG) OR e.tax_district NOT IN ($CHAOYANG) OR e.operating_normally <> 1
      OR e.chaoyang_hukou_hires < 3 THEN 0
    WHEN e.established_on IS NOT NULL AND (
         '$AS_OF' < CASE WHEN substr(e.established_on, 6, 5) = '02-29' THEN date(e.established_on, '+1 years', '-1 days')
                         ELSE date(e.established_on, '+1 years') END
      OR '$AS_OF' > CASE WHEN substr(e.established_on, 6, 5) = '02-29' THEN date(e.established_on, '+5 years', '-1 days')
                         ELSE date(e.established_on, '+5 years') END) THEN 0
    WHEN e.industry_code IS NULL THEN NULL
    WHEN s.code IS NULL THEN 0
    WHEN (s.cx IS NOT NULL AND e.employees IS NULL) OR (s.cy IS NOT NULL AND e.revenue IS NULL)
      OR (s.cz IS NOT NULL AND e.total_assets IS NULL) THEN NULL
    WHEN (s.cx IS NULL OR e.employees >= s.cx)
     AND (s.cy IS NULL OR (CASE typeof(e.revenue) WHEN 'integer' THEN e.revenue * 100
                           ELSE CAST(replace(e.revenue, '.', '') AS INTEGER) END) >= s.cy)
     AND (s.cz IS NULL OR (CASE typeof(e.total_assets) WHEN 'integer' THEN e.total_assets * 100
                           ELSE CAST(replace(e.total_assets, '.', '') AS INTEGER) END) >= s.cz) THEN 0
    WHEN e.reg_district IS NULL OR e.tax_district IS NULL OR e.operating_normally IS NULL
      OR e.chaoyang_hukou_hires IS NULL OR e.established_on IS NULL THEN NULL
    ELSE 1 END AS ok
  FROM enterprises e LEFT JOIN m.sme_map s ON s.code = e.industry_code)
SELECT id AS record_id,
  CASE ok WHEN 1 THEN 'eligible' WHEN 0 THEN 'ineligible' ELSE 'undetermined' END AS status,
  CASE ok WHEN 1 THEN printf('%d.00', min(30000 + 10000 * (hires - 3), 200000)) WHEN 0 THEN '0.00' END AS amount
FROM v;
EOF
}
sql "$W/sql.db" >"$W/m1.sql"
run_sql() { rm -f "$W/sql.db"; secs sqlite3 "$W/pop.db" ".read $W/m1.sql"; }
run_lua() { secs sh -c "\"$G\" --max-instructions 0 bench/m1_plain.lua \"$W/pop.db\" $AS_OF >\"$W/lua.txt\""; }
run_g() { secs "$G" run "$M1" --db "$W/pop.db" --as-of "$AS_OF" --jobs "$1" --out "$W/j$1.csv"; }

sqlite3 "$W/pop.db" "SELECT count(*) FROM enterprises" >/dev/null # warm the page cache
T_SQL=() T_LUA=() T_J1=() T_J2=()
for _ in $(seq "$ROUNDS"); do
  T_SQL+=("$(run_sql)")
  T_LUA+=("$(run_lua)")
  T_J1+=("$(run_g 1)")
  T_J2+=("$(run_g 2)")
done


# Same answers: sqlite3 against both gazette runs row for row; the plain loop's tallies.
sqlite3 -csv "$W/sql.db" "SELECT record_id, status, amount FROM r ORDER BY record_id" >"$W/sql.csv"
for j in 1 2; do
  tail -n +2 "$W/j$j.csv" | cut -d, -f1,3,4 >"$W/g$j.csv"
  cmp -s "$W/sql.csv" "$W/g$j.csv" || {
    diff "$W/sql.csv" "$W/g$j.csv" | head -5 >&2
    fail "sqlite3 and gazette run --jobs $j differ (first lines above: < sqlite3, > gazette)"
  }
done
want=$(sqlite3 "$W/sql.db" "SELECT printf('eligible %d ineligible %d undetermined %d total_fen %d',
  sum(status = 'eligible'), sum(status = 'ineligible'), sum(status = 'undetermined'),
  sum(CAST(replace(amount, '.', '') AS INTEGER))) FROM r")
[ "$(cat "$W/lua.txt")" = "$want" ] || fail "the plain Lua loop gives '$(cat "$W/lua.txt")', sqlite3 '$want'"
[ "$(wc -l <"$W/sql.csv")" -eq "$N" ] || fail "sqlite3 wrote $(wc -l <"$W/sql.csv") rows for $N records"

base=$(median $(wall "${T_SQL[@]}"))
base_cpu=$(median $(cpu "${T_SQL[@]}"))
line() { # NAME TIMES...: the median wall time and CPU time, and their ratios to sqlite3's
  local name=$1; shift
  local w c
  w=$(median $(wall "$@")); c=$(median $(cpu "$@"))
  printf 'm1.%s: %.2f s, %.0f records/s, %.2f x sqlite3 (CPU %.2f s, %.2f x)\n' "$name" "$w" "$(echo "$N / $w" | bc -l)" \
    "$(echo "$w / $base" | bc -l)" "$c" "$(echo "$c / $base_cpu" | bc -l)"
}
printf 'm1.records: %d (%s, as of %s, %d rounds, medians; same record_id/status/amount: yes)\n' "$N" "$M1" "$AS_OF" "$ROUNDS"
line sqlite3_ctas "${T_SQL[@]}"
line plain_lua_loop "${T_LUA[@]}"
line gazette_jobs1 "${T_J1[@]}"
line gazette_jobs2 "${T_J2[@]}"

# The REPL: the population loaded, then `.set cap 10万` and `.compare`, as .timer reports them.
if [ "${REPL:-1}" != 0 ]; then
  printf '%s\n' ".asof $AS_OF" ".run" ".timer on" ".set cap 10万" ".compare" |
    "$G" --max-instructions 0 repl --db "$W/pop.db" "$M1" >"$W/repl.txt" 2>&1 || true
  grep -q "total cost change" "$W/repl.txt" || { cat "$W/repl.txt" >&2; fail "the REPL printed no comparison"; }
  t_set=$(grep '^time: ' "$W/repl.txt" | sed -n 1p | sed "s/time: \([0-9.]*\)s/\1/")
  t_cmp=$(grep '^time: ' "$W/repl.txt" | sed -n 2p | sed 's/time: \([0-9.]*\)s/\1/')
  printf 'm1.repl_set_cap_compare: %.2f s (.set %.2f s + .compare %.2f s over %d records)\n' \
    "$(echo "$t_set + $t_cmp" | bc -l)" "$t_set" "$t_cmp" "$N"
fi

# A measure with a list of child records: M6, each enterprise's hires (table hires).
if [ "${CHILDREN:-1}" != 0 ]; then
M6=beijing.graduate-job-expansion-subsidy
t6=$(wall "$(secs "$G" run "$M6" --db "$W/pop.db" --as-of 2025-11-15 --jobs 1 --out "$W/m6.csv")")
nh=$(sqlite3 "$W/pop.db" "SELECT count(*) FROM hires")
printf 'm1.m6_children_jobs1: %.2f s, %.0f records/s (%d enterprises, %d hires), %.2f x the M1 sqlite3 time\n' \
  "$t6" "$(echo "$N / $t6" | bc -l)" "$N" "$nh" "$(echo "$t6 / $base" | bc -l)"
fi

# Peak memory of `gazette run --jobs 2` at N and 4N records (the largest process of the run).
rss() { /usr/bin/time -v "$G" run "$M1" --db "$1" --as-of "$AS_OF" --jobs 2 --out "$W/rss.csv" 2>&1 >/dev/null |
  sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p'; }
r1=$(rss "$W/pop.db")
printf 'm1.peak_rss_%d: %d KiB\n' "$N" "$r1"
if [ "${MEM:-1}" != 0 ]; then
  rm -f "$W"/*.csv "$W/sql.db"
  "$G" gen --enterprises $((4 * N)) --seed 1 --out "$W/pop4.db" >/dev/null
  r4=$(rss "$W/pop4.db")
  printf 'm1.peak_rss_%d: %d KiB (%.2f x)\n' $((4 * N)) "$r4" "$(echo "$r4 / $r1" | bc -l)"
fi
