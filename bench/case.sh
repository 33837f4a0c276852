#!/usr/bin/env bash
# bench/case.sh: events recorded per second through the case engine (load the case, replay
# it, check the event and its guard, compute deadlines, append one hash-chained row in a
# BEGIN IMMEDIATE transaction), against plain SQLite commits of one row each (the sqlite3
# shell, same journal mode) measured in the same run. Both commit to disk every time, so the
# ratio says what the engine adds to the cost of a durable write.
set -euo pipefail
cd "$(dirname "$0")/.."
GAZETTE=${GAZETTE:-./gazette}
N=${CASE_BENCH_CASES:-100} # cases; each gets 1 open + 4 events (W2: accept, publish, approve, disburse)
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
now() { date +%s%N; }

# Baseline: N*5 single-row commits into a WAL database.
sqlite3 "$DIR/raw.db" "PRAGMA journal_mode=WAL; CREATE TABLE events (seq INTEGER PRIMARY KEY, case_id TEXT, event TEXT, on_date TEXT, hash TEXT);" >/dev/null
for ((i = 0; i < N * 5; i++)); do
  echo "BEGIN IMMEDIATE; INSERT INTO events (case_id, event, on_date, hash) VALUES ('K-$i', 'accept', '2025-03-03', 'x'); COMMIT;"
done > "$DIR/raw.sql"
t0=$(now)
sqlite3 "$DIR/raw.db" < "$DIR/raw.sql"
t1=$(now)
raw=$(( (N * 5) * 1000000000 / (t1 - t0) ))

# The engine: one Lua state, N cases of W2 through four events each.
t0=$(now)
"$GAZETTE" --max-instructions 0 -e "
local s = cases.store('$DIR/cases.db')
for i = 1, $N do
  local id = 'K-' .. i
  assert(s:open('bda.kindergarten-subsidy-application', id, {on = '2025-03-03'}))
  assert(s:fire(id, 'accept', {on = '2025-03-04'}))
  assert(s:fire(id, 'publish', {on = '2025-03-10'}))
  assert(s:fire(id, 'approve', {on = '2025-03-17'}))
  assert(s:fire(id, 'disburse', {on = '2025-03-20'}))
end
assert(s:verify())"
t1=$(now)
eng=$(( (N * 5) * 1000000000 / (t1 - t0) ))

# verify: entries checked per second.
t0=$(now)
"$GAZETTE" case verify --store "$DIR/cases.db" >/dev/null
t1=$(now)
ver=$(( (N * 5) * 1000000000 / (t1 - t0) ))

echo "case.raw_sqlite_commits: $raw /s"
echo "case.engine_events: $eng /s"
echo "case.engine_vs_raw_commits: $(awk "BEGIN { printf \"%.2f\", $eng / $raw }") x"
echo "case.verify_entries: $ver /s ($((N * 5)) entries, one process)"
