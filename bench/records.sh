#!/usr/bin/env bash
# bench/records.sh: `gazette gen` of 1M enterprises (rows per second), and reading the table
# into Lua records (records module, raw and typed) against the sqlite3 CLI reading the same
# table in the same run, as a ratio of wall times (best of 3). BENCH_RECORDS_N changes the
# population (default 1000000).
set -euo pipefail
cd "$(dirname "$0")/.."
GAZETTE=${GAZETTE:-./gazette}
N=${BENCH_RECORDS_N:-1000000}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
now() { date +%s%N; }
best_ms() { # best wall time of 3 runs of the command, in ms
  local best=0 t0 t1 ms
  for _ in 1 2 3; do
    t0=$(now); "$@" >/dev/null; t1=$(now)
    ms=$(( (t1 - t0) / 1000000 ))
    if [ "$best" = 0 ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  [ "$best" -gt 0 ] || best=1
  echo "$best"
}
rate() { echo $(( N * 1000 / $1 )); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

gen_ms=$(best_ms "$GAZETTE" gen --enterprises "$N" --seed 1 --out "$DIR/e.db" --quiet)
echo "records.gen_${N}: ${gen_ms} ms ($(rate "$gen_ms") enterprises/s)"

cat > "$DIR/raw.lua" <<'LUA'
local db = assert(require("records").open(arg[1], { readonly = true }))
local n = 0
for r in db:rows("enterprises") do n = n + 1 end
print(n)
LUA
cat > "$DIR/typed.lua" <<'LUA'
local db = assert(require("records").open(arg[1], { readonly = true }))
local n = 0
for r in db:rows("enterprises", { types = { established_on = "date", operating_normally = "boolean", employees = "integer" } }) do n = n + 1 end
print(n)
LUA
[ "$("$GAZETTE" --max-instructions 0 "$DIR/raw.lua" "$DIR/e.db")" = "$N" ] || { echo "records: read count differs" >&2; exit 1; }
raw_ms=$(best_ms "$GAZETTE" --max-instructions 0 "$DIR/raw.lua" "$DIR/e.db")
typed_ms=$(best_ms "$GAZETTE" --max-instructions 0 "$DIR/typed.lua" "$DIR/e.db")
echo "records.lua_read_raw: ${raw_ms} ms ($(rate "$raw_ms") records/s)"
echo "records.lua_read_typed: ${typed_ms} ms ($(rate "$typed_ms") records/s; dates, booleans, integers converted)"
if command -v sqlite3 >/dev/null; then
  cli_ms=$(best_ms sqlite3 "$DIR/e.db" "SELECT * FROM enterprises")
  echo "records.sqlite3_cli_read: ${cli_ms} ms ($(rate "$cli_ms") rows/s, printing to /dev/null)"
  echo "records.lua_read_raw_vs_sqlite3_cli: $(ratio "$raw_ms" "$cli_ms") x the time"
  echo "records.lua_read_typed_vs_sqlite3_cli: $(ratio "$typed_ms" "$cli_ms") x the time"
else
  echo "records.sqlite3_cli_read: skipped (no sqlite3 CLI; apt-get install sqlite3)"
fi
