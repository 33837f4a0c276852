#!/usr/bin/env bash
# bench/match.sh: matching (docs/matching.md). (1) One record against the whole library:
# the library loaded once, then records matched one after another (goal: well under 50 ms a
# record). (2) `gazette run --all` over a generated population against running each measure of
# the library alone, one after another (goal: faster: the records are read once).
#   BENCH_ROWS (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
GAZETTE=${GAZETTE:-./gazette}
N=${BENCH_ROWS:-100000}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

cat > "$W/one.lua" <<'L'
local match = require "match"
local clock = os.clock
local t0 = clock()
local lib = match.library { entity = "enterprise", as_of = "2024-06-01" }
local t1 = clock()
local rec = { reg_district = "朝阳区", tax_district = "朝阳区", established_on = "2021-03-15",
  operating_normally = true, industry_code = "I6513", employees = 45, revenue = "800万", total_assets = "1200万",
  chaoyang_hukou_hires = 7, year = 2024, hires = {} }
local n = 2000
for _ = 1, n do lib:match(rec) end
local t2 = clock()
print(("match: library of %d enterprise measures loaded in %.1f ms; one record matched in %.3f ms (%d records)")
  :format(#lib.measures, (t1 - t0) * 1000, (t2 - t1) * 1000 / n, n))
L
"$GAZETTE" "$W/one.lua"

# CPU seconds (user + system, the workers included): on a shared machine the wall clock
# measures the neighbours as much as the run. BENCH_IR=1: instructions counted by valgrind
# (callgrind, every process), exact and repeatable, but slow: use a small BENCH_ROWS (3000).
secs() {
  if [ -n "${BENCH_IR:-}" ]; then
    rm -rf "$W/cg"; mkdir "$W/cg"
    valgrind --tool=callgrind --callgrind-out-file="$W/cg/cg.%p" "$@" >/dev/null 2>&1 || [ $? -le 1 ] || exit 1
    cat "$W"/cg/cg.* | awk '/^summary:/ { s += $2 } END { printf "%.3f", s / 1e9 }'
    return
  fi
  /usr/bin/time -f "%U %S" -o "$W/time" "$@" >/dev/null 2>"$W/err" || [ $? -le 1 ] || { cat "$W/err" >&2; exit 1; }
  # the last line: a run that exits 1 (records with errors) has "Command exited with non-zero
  # status 1" written before it, which would be read as a second time
  tail -n 1 "$W/time" | awk '{ print $1 + $2 }'; }
unit=${BENCH_IR:+G instructions}
unit=${unit:-s CPU}
"$GAZETTE" gen --enterprises "$N" --seed 7 --out "$W/pop.db" >/dev/null
if ! "$GAZETTE" help run | grep -q -- '--all'; then echo "match: gazette run --all is not in this build"; exit 0; fi
ids=$("$GAZETTE" -e 'local t = {} for _, m in ipairs(measure.list()) do if m.entity == "enterprise" then t[#t + 1] = m.id end end return table.concat(t, " ")')
all=$(secs "$GAZETTE" run --all --entity enterprise --db "$W/pop.db" --as-of 2024-06-01 --jobs 1 --out "$W/all.db")
each=0
for id in $ids; do
  s=$(secs "$GAZETTE" run "$id" --db "$W/pop.db" --as-of 2024-06-01 --jobs 1 --out "$W/one-$id.db")
  each=$(echo "$each + $s" | bc -l)
done
printf 'run --all: %d records x %d measures: %.2f %s; each measure alone, in turn: %.2f %s (%.2fx)\n' \
  "$N" "$(echo $ids | wc -w)" "$all" "$unit" "$each" "$unit" "$(echo "$each / $all" | bc -l)"
