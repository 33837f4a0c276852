#!/usr/bin/env bash
# gazette whatif: baseline against reform over a population, from the command line: usage
# errors, then the comparison on the ten enterprises of tests/cli/data/repl/pop.sql with the
# measure tests/cli/data/repl/repl_jobs.lua (numbers explained in repl_measure.t).
. "$(dirname "$0")/../tap.sh"

run $GAZETTE whatif
is "$RC" 2 "no measure: exit 2"
like "$ERR" "^gazette whatif: which measure\?" "  asking which measure"
run $GAZETTE whatif demo.m
is "$RC" 2 "no --db: exit 2"
like "$ERR" "which population\? give --db FILE.db" "  asking for --db"
run $GAZETTE whatif demo.m --db x.db
is "$RC" 2 "no --set: exit 2"
like "$ERR" "what is the reform\? give --set NAME=VALUE" "  asking for the reform"
run $GAZETTE whatif demo.m --db x.db --set cap
is "$RC" 2 "--set without = : exit 2"
like "$ERR" "--set expects NAME=VALUE, got 'cap'" "  quoting it"
run $GAZETTE whatif demo.m --db x.db --set =5
like "$ERR" "--set expects NAME=VALUE, got '=5'" "--set without a name"
run $GAZETTE whatif demo.m --db x.db --interpret floor
like "$ERR" "--interpret expects NAME=CHOICE, got 'floor'" "--interpret without ="
run $GAZETTE whatif demo.m other.m --db x.db --set a=1
is "$RC" 2 "two measures (weighed together, tests/cli/stacking.t), the first unknown: exit 2"
like "$ERR" "unknown measure 'demo.m'" "  naming it"
run $GAZETTE whatif demo.m --db x.db --set a=1 --sideways
is "$RC" 2 "an unknown option: exit 2"
like "$ERR" "unknown option '--sideways'" "  naming it"
run $GAZETTE whatif demo.m --db
is "$RC" 2 "--db without a value: exit 2"
is "$ERR" "gazette: option --db needs a value" "  saying so"
run $GAZETTE whatif no.such-measure --db "$TMP/x.db" --set a=1
is "$RC" 2 "an unknown measure: exit 2"
like "$ERR" "^gazette whatif: .*no.such-measure" "  naming it"
is "$OUT" "" "  printing nothing on stdout"

DATA="$(cd "$(dirname "$0")" && pwd)/data/repl"
sqlite3 "$TMP/pop.db" < "$DATA/pop.sql" || exit 1
G="$GAZETTE --path $DATA"

run $G whatif repltest.jobs-subsidy --db "$TMP/pop.db" --as-of 2022-06-01 --set cap=30万 --by reg_district
is "$RC" 1 "record 10 cannot be evaluated: exit 1, report printed"
line() { printf '%s\n' "$OUT" | grep -E -- "$1" | head -1; }
is "$(line '^repltest')" "repltest.jobs-subsidy: 10 records, as of 2022-06-01" "the header: measure, records, date"
is "$(line '^reform')" "reform: cap = 30万" "the reform"
is "$(line '^total amount')" "total amount  300,000.00元  350,000.00元  +50,000.00元" "totals: 300,000 before, 350,000 after (record 3: 250,000 instead of the 200,000 cap)"
is "$(line '^gain')" "gain: 1 record (+50,000.00元)" "one record gains 50,000"
is "$(line '^朝阳区')" "朝阳区              8                3               3     1     0  +50,000.00元" "--by reg_district"
like "$(line '^errors')" "record 10: input 'chaoyang_hukou_hires': cannot read 'many' as an integer" "the record in error"

run $G whatif repltest.jobs-subsidy --db "$TMP/pop.db" --as-of 2022-06-01 --set min_hires=2 --json
is "$OUT" '{"measure":"repltest.jobs-subsidy","as_of":"2022-06-01","set":{"min_hires":"2"},"interpret":{},"records":10,"baseline":{"records":10,"status":{"eligible":3,"ineligible":5,"undetermined":1,"not_in_force":0,"error":1},"amount":"300000.00","errors":1},"reform":{"records":10,"status":{"eligible":4,"ineligible":4,"undetermined":1,"not_in_force":0,"error":1},"amount":"350000.00","errors":1},"gain":{"records":3,"amount":"50000.00"},"lose":{"records":0,"amount":"0.00"},"became_eligible":1,"became_ineligible":0,"cost_change":"50000.00"}' \
  "--json: min_hires 2 makes record 7 eligible (30,000); records 1 and 2 gain 10,000 each"

run $G whatif repltest.jobs-subsidy --db "$TMP/pop.db" --as-of 2022-06-01 --set cap=30万 --where "id <> 10"
is "$RC" 0 "--where leaving out the bad record: exit 0"
like "$OUT" "9 records" "  9 records"
run $G whatif repltest.jobs-subsidy --db "$TMP/pop.db" --as-of 2022-06-01 --interpret hires-floor=exclusive
like "$(line '^become')" "become ineligible: 1 record" "--interpret alone is a reform (record 1, exactly 3 hires, drops out)"

run $G whatif repltest.jobs-subsidy --db "$TMP/pop.db" --set nosuch=1
is "$RC" 2 "an unknown parameter: exit 2"
like "$ERR" "^gazette whatif: .*no parameter 'nosuch'; its parameters: base, per_hire, cap, min_hires" "  naming the known ones"
run $G whatif repltest.jobs-subsidy --db "$TMP/pop.db" --set cap=lots
is "$RC" 2 "a value that does not convert: exit 2"
is "$ERR" "gazette whatif: --set cap=lots: cannot read 'lots' as money (invalid money 'lots': expected a number)" "  naming the parameter and the value"
run $G whatif repltest.jobs-subsidy --db "$TMP/missing.db" --set cap=30万
is "$RC" 2 "a missing population: exit 2"
like "$ERR" "^gazette whatif: .*missing.db" "  naming the file"
printf 'not a database' > "$TMP/bad.db"
run $G whatif repltest.jobs-subsidy --db "$TMP/bad.db" --set cap=30万
is "$RC" 2 "a file that is not SQLite: exit 2"
is "$ERR" "gazette whatif: records.open: '$TMP/bad.db': file is not a database" "  naming the file"
run $G whatif repltest.jobs-subsidy --db "$TMP/pop.db" --set cap=30万 --table nosuch
is "$RC" 2 "an unknown table: exit 2"
like "$ERR" "no table 'nosuch'" "  naming it and the tables"
run $G whatif repltest.jobs-subsidy --db "$TMP/pop.db" --set cap=30万 --by nosuch
like "$ERR" "has no column 'nosuch'" "--by an unknown column names the columns"
run $G whatif repltest.jobs-subsidy --db "$TMP/pop.db" --as-of 2022-02-30 --set cap=30万
is "$RC" 2 "a bad --as-of: exit 2"
like "$ERR" "^gazette whatif: --as-of: invalid date '2022-02-30'" "  quoting it"

# Child lists: M4 reads each kindergarten's children from table children (parent_id), as
# `gazette run` does. Kindergarten 1 is the worked case: 36 child-months × 1,800 = 64,800.00;
# at 2,000 a child-month it is 36 × 2,000 = 72,000.00.
sqlite3 "$TMP/wave1.db" < "$(dirname "$0")/../fixtures/wave1.sql"
run $G whatif bda.kindergarten-per-child-subsidy --db "$TMP/wave1.db" --table kindergartens \
  --as-of 2025-12-31 --set per_child_month=2000
is "$RC" 0 "a measure with child lists: exit 0"
like "$OUT" " 1  eligible 64,800.00元  eligible 72,000.00元" "kindergarten 1: 64,800.00 → 72,000.00 with its children read"

done_testing
