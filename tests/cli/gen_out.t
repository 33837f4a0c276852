#!/usr/bin/env bash
# gazette gen --out FILE: a new file, or a population an earlier gazette gen wrote (marked by
# SQLite's application_id), is written; any other existing file (a database of the user's, the
# results of a run, a CSV) is refused with exit 2, naming it, and left as it was, as run --out
# refuses what it did not write (docs/batch.md).
. "$(dirname "$0")/../tap.sh"

run $GAZETTE gen --enterprises 50 --seed 1 --out "$TMP/p.db" --quiet
is "$RC" 0 "gen into a new file: exit 0"
is "$(sqlite3 "$TMP/p.db" 'PRAGMA application_id')" "1197101135" "  marked as a population of gazette gen (application_id 0x475A504F, GZPO)"
run $GAZETTE gen --enterprises 80 --seed 2 --out "$TMP/p.db" --quiet
is "$RC" 0 "gen again over the population it wrote: exit 0"
is "$(sqlite3 "$TMP/p.db" 'SELECT count(*) FROM enterprises')" "80" "  replaced by the new one (80 enterprises, not 50)"
$GAZETTE gen --enterprises 80 --seed 2 --out "$TMP/fresh.db" --quiet
cmp -s "$TMP/p.db" "$TMP/fresh.db"; ok $? "  byte for byte what a gen into a new file writes"
run $GAZETTE gen --for chaoyang.startup-jobs-subsidy --enterprises 30 --as-of 2024-06-01 --out "$TMP/p.db" --quiet
is "$RC" 0 "gen --for over a population of gen: exit 0"
is "$(sqlite3 "$TMP/p.db" 'PRAGMA application_id')" "1197101135" "  and it is marked too"

sqlite3 "$TMP/mine.db" "CREATE TABLE enterprises (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE notes (t TEXT);
  INSERT INTO enterprises VALUES (1, '我的企业');"
sum=$(md5sum < "$TMP/mine.db")
run $GAZETTE gen --enterprises 10 --out "$TMP/mine.db"
is "$RC" 2 "gen over a database gazette gen did not write: exit 2"
is "$ERR" "gazette gen: --out $TMP/mine.db exists and is not a population written by gazette gen (it holds tables: enterprises, notes); it is not replaced: choose another file, or remove it first" \
  "  naming the file and what it holds"
is "$(md5sum < "$TMP/mine.db")" "$sum" "  and the file is unchanged"
run $GAZETTE gen --for chaoyang.startup-jobs-subsidy --out "$TMP/mine.db"
is "$RC" 2 "gen --for over it: exit 2 too"
is "$(md5sum < "$TMP/mine.db")" "$sum" "  unchanged"

$GAZETTE run chaoyang.startup-jobs-subsidy --db "$TMP/fresh.db" --as-of 2023-06-01 --out "$TMP/results.db" > /dev/null
run $GAZETTE gen --enterprises 10 --out "$TMP/results.db"
is "$RC" 2 "gen over the results of gazette run: exit 2"
like "$ERR" "^gazette gen: --out $TMP/results.db exists and is not a population written by gazette gen \(it holds tables: results, run\)" \
  "  naming the results' tables"

printf 'id,name\n1,x\n' > "$TMP/firms.csv"
run $GAZETTE gen --enterprises 10 --out "$TMP/firms.csv"
is "$RC" 2 "gen over a CSV: exit 2"
like "$ERR" "^gazette gen: --out $TMP/firms.csv exists and is not a population written by gazette gen \(not a SQLite database\)" \
  "  saying it is not a database"
is "$(cat "$TMP/firms.csv")" "id,name
1,x" "  and the CSV is unchanged"

mkdir "$TMP/dir.db"
run $GAZETTE gen --enterprises 10 --out "$TMP/dir.db"
is "$RC" 2 "gen over a folder: exit 2"
like "$ERR" "^gazette gen: --out $TMP/dir.db exists and is not a regular file" "  saying so"
done_testing
