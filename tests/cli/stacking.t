#!/usr/bin/env bash
# 就高不重复 between measures (docs/measures.md "Non-stacking"): two test measures of one
# exclusivity group (tests/cli/data/stacking: rent-grant = min(rent × 50%, 100万), jobs-grant =
# hires × 1万, group stacktest-landing) run together by `gazette run` (CSV, .db and JSON Lines,
# any --jobs) and `gazette whatif`: on each record the higher pays and the other is ineligible
# naming it, in the rows, the reasons, the summary counts and the totals. A measure without a
# group run between them stacks with both.
. "$(dirname "$0")/../tap.sh"
command -v sqlite3 >/dev/null || { echo "1..0 # SKIP sqlite3 not installed"; exit 0; }
D="$(cd "$(dirname "$0")/data/stacking" && pwd)"
DB="$TMP/pop.db"
sqlite3 "$DB" < "$D/pop.sql" || exit 1
G=("$GAZETTE" --path "$D")
RENT=stacktest.rent-grant JOBS=stacktest.jobs-grant FLAT=stacktest.flat-fee
row() { printf '%s\n' "$1" | grep -E "^$2,$3," | head -1; }

# ---- gazette run, CSV with --explain ----
run "${G[@]}" run $RENT $FLAT $JOBS --db "$DB" --as-of 2025-06-01 --explain --jobs 1 --out "$TMP/out.csv"
is "$RC" 1 "run: exit 1 (record 6 has a malformed rent)"
CSV=$(cat "$TMP/out.csv")
is "$(head -1 "$TMP/out.csv")" "record_id,measure,status,amount,grant,relief,hires_counted,reasons,error" "run: the columns"
# record 1: rent 1,000,000 × 50% = 500,000 against 30 × 10,000 = 300,000: rent pays
is "$(row "$CSV" 1 $RENT)" "1,$RENT,eligible,500000.00,500000.00,,,," "record 1: rent-grant pays 500,000 (higher than 300,000)"
like "$(row "$CSV" 1 $JOBS)" "^1,$JOBS,ineligible,0.00,0.00,,,\"not-stacked \[就高不重复\] not stacked with $RENT \(就高不重复, exclusivity group 'stacktest-landing'\) \($RENT pays 500,000.00元; this measure would pay 300,000.00元\)\",\$" \
  "record 1: jobs-grant ineligible 0.00, the reason naming rent-grant and both amounts"
is "$(row "$CSV" 1 $FLAT)" "1,$FLAT,eligible,1000.00,,1000.00,,," "record 1: the ungrouped measure stacks (1,000)"
# record 2: rent 200,000 × 50% = 100,000 against 40 × 10,000 = 400,000: jobs pays
is "$(row "$CSV" 2 $JOBS)" "2,$JOBS,eligible,400000.00,400000.00,,40,," "record 2: jobs-grant pays 400,000"
like "$(row "$CSV" 2 $RENT)" "^2,$RENT,ineligible,0.00,0.00,,,\"not-stacked .*not stacked with $JOBS" "record 2: rent-grant ineligible, naming jobs-grant"
# record 3: 600,000 × 50% = 300,000 = 30 × 10,000: equal, the id that sorts first (jobs) pays
like "$(row "$CSV" 3 $JOBS)" "^3,$JOBS,eligible,300000.00," "record 3: a tie, jobs-grant (its id sorts first) pays"
like "$(row "$CSV" 3 $RENT)" "^3,$RENT,ineligible,0.00,.*on equal amounts the measure whose id sorts first pays" \
  "record 3: rent-grant says the tie rule"
# record 4: rent unknown: rent undetermined, and jobs (100,000) may not be the highest
like "$(row "$CSV" 4 $RENT)" "^4,$RENT,undetermined,,,,,missing: rent," "record 4: rent-grant undetermined"
like "$(row "$CSV" 4 $JOBS)" "^4,$JOBS,undetermined,,,,,\"?not-stacked \[就高不重复\] exclusivity group 'stacktest-landing': $RENT may pay more \(it lacks rent\); missing: rent" \
  "record 4: jobs-grant undetermined: rent-grant may pay more"
# record 5: outside the zone: both ineligible for that reason only
like "$(row "$CSV" 5 $RENT)" "^5,$RENT,ineligible,0.00,0.00,,,in-zone \[第三条\] 在园区内,\$" "record 5: rent-grant ineligible (outside the zone)"
like "$(row "$CSV" 5 $JOBS)" "^5,$JOBS,ineligible,0.00,0.00,,,in-zone \[第三条\] 在园区内,\$" "record 5: jobs-grant ineligible (outside the zone)"
# record 6: rent 'abc' raises: an error row; jobs (50,000) undetermined, rent-grant could not be weighed
like "$(row "$CSV" 6 $RENT)" "^6,$RENT,error,.*input 'rent': cannot read 'abc' as money" "record 6: rent-grant is an error row"
like "$(row "$CSV" 6 $JOBS)" "^6,$JOBS,undetermined,.*$RENT may pay more \(it could not be evaluated: input 'rent'" \
  "record 6: jobs-grant undetermined, saying why"
# record 7: rent 3,000,000 × 50% = 1,500,000 → cap 1,000,000; 0 hires: jobs ineligible on its own rule
is "$(row "$CSV" 7 $RENT)" "7,$RENT,eligible,1000000.00,1000000.00,,,," "record 7: rent-grant capped at 1,000,000"
like "$(row "$CSV" 7 $JOBS)" "^7,$JOBS,ineligible,0.00,0.00,,,hires \[第二条\]" "record 7: jobs-grant ineligible on its own rule"
# the summary: rent 500,000 + 1,000,000; jobs 400,000 + 300,000; 'not-stacked' among the reasons
like "$OUT" "$RENT
  eligible +2
  ineligible +3
  undetermined +1
  error +1
  total amount +1,500,000.00元" "summary: rent-grant counts and total 1,500,000.00 (records 1 and 7)"
like "$OUT" "$JOBS
  eligible +2
  ineligible +3
  undetermined +2
  total amount +700,000.00元" "summary: jobs-grant counts and total 700,000.00 (records 2 and 3)"
like "$OUT" "2  not-stacked \[就高不重复\] not stacked with $JOBS" "summary: rent-grant twice not stacked with jobs-grant"
like "$OUT" "1  not-stacked \[就高不重复\] not stacked with $RENT" "summary: jobs-grant once not stacked with rent-grant"
like "$OUT" "$FLAT
  eligible +6" "summary: the ungrouped measure is untouched (6 in the zone)"

# the same rows whatever the order on the command line and the number of jobs
run "${G[@]}" run $JOBS $FLAT $RENT --db "$DB" --as-of 2025-06-01 --explain --jobs 2 --chunk-rows 2 --out "$TMP/rev.csv"
# (the output columns follow the measures' order: compare record, measure, status and amount)
cols() { tail -n +2 "$1" | cut -d, -f1-4 | sort; }
is "$(cols "$TMP/rev.csv")" "$(cols "$TMP/out.csv")" "run: the same statuses and amounts with the measures in another order and --jobs 2"
is "$(grep -c 'not-stacked' "$TMP/rev.csv")" "5" "  and the same 5 not-stacked reasons (records 1, 2, 3 excluded; 4, 6 undetermined)"

# without --explain (the lean evaluation) the same statuses and amounts
run "${G[@]}" run $RENT $JOBS --db "$DB" --as-of 2025-06-01 --jobs 1 --out "$TMP/lean.csv"
is "$(cut -d, -f1-4 "$TMP/lean.csv")" "$(grep -v "$FLAT" "$TMP/out.csv" | cut -d, -f1-4)" \
  "run (lean): the same statuses and amounts as with --explain"

# a measure run alone is not excluded by one that is not in the run
run "${G[@]}" run $JOBS --db "$DB" --as-of 2025-06-01 --jobs 1 --out "$TMP/alone.csv"
like "$(cat "$TMP/alone.csv")" "^1,$JOBS,eligible,300000.00," "jobs-grant alone: record 1 pays 300,000 (nothing to stack with)"

# ---- .db output ----
run "${G[@]}" run $RENT $JOBS --db "$DB" --as-of 2025-06-01 --jobs 2 --out "$TMP/out.db"
is "$RC" 1 "run --out .db: exit 1 (record 6)"
q() { sqlite3 "$TMP/out.db" "$1"; }
is "$(q "SELECT group_concat(record_id || ':' || status || ':' || ifnull(amount, ''), ' ') FROM (SELECT * FROM results WHERE measure = '$RENT' ORDER BY record_id)")" \
  "1:eligible:500000.00 2:ineligible:0.00 3:ineligible:0.00 4:undetermined: 5:ineligible:0.00 6:error: 7:eligible:1000000.00" \
  ".db: rent-grant's rows"
is "$(q "SELECT group_concat(record_id || ':' || status || ':' || ifnull(amount, ''), ' ') FROM (SELECT * FROM results WHERE measure = '$JOBS' ORDER BY record_id)")" \
  "1:ineligible:0.00 2:eligible:400000.00 3:eligible:300000.00 4:undetermined: 5:ineligible:0.00 6:undetermined: 7:ineligible:0.00" \
  ".db: jobs-grant's rows"

# ---- JSON Lines: excluded_by and the reason ----
run "${G[@]}" run $RENT $JOBS --db "$DB" --as-of 2025-06-01 --jobs 1 --out "$TMP/out.jsonl"
J=$(grep "\"record_id\":1,\"measure\":\"$JOBS\"" "$TMP/out.jsonl")
like "$J" "\"status\":\"ineligible\",\"amount\":\"0.00\"" "jsonl: record 1 jobs-grant ineligible 0.00"
like "$J" "\"rule\":\"not-stacked\",\"clause\":\"就高不重复\",\"result\":false" "jsonl: the not-stacked reason"
like "$J" "\"excluded_by\":\"$RENT\"" "jsonl: excluded_by names rent-grant"

# ---- gazette whatif with both measures ----
run "${G[@]}" whatif $RENT $JOBS --db "$DB" --as-of 2025-06-01 --set $RENT:cap=20万 --by district
is "$RC" 1 "whatif: exit 1 (record 6 cannot be evaluated), report printed"
line() { printf '%s\n' "$OUT" | grep -E -- "$1" | head -1; }
is "$(line '^stacktest')" "$RENT + $JOBS: 7 records × 2 measures, as of 2025-06-01" "whatif: the header"
is "$(line '^reform')" "reform: $RENT:cap = 20万" "whatif: the reform, for one measure"
like "$(line '^就高不重复')" "exclude one another" "whatif: says the group is not stacked"
# baseline 500,000 + 400,000 + 300,000 + 1,000,000 = 2,200,000; reform: record 1 jobs 300,000 (rent
# 200,000 now lower), record 7 rent 200,000: 300,000 + 400,000 + 300,000 + 200,000 = 1,200,000
is "$(line '^total amount')" "total amount  2,200,000.00元  1,200,000.00元  -1,000,000.00元" "whatif: totals after 就高不重复"
is "$(line '^lose')" "lose: 2 records (-1,000,000.00元)" "whatif: records 1 (-200,000) and 7 (-800,000) lose"
like "$(line "^$RENT  ")" "^$RENT +2 +1 +1,500,000.00元 +200,000.00元 +-1,300,000.00元" "whatif: by measure, rent-grant"
like "$(line "^$JOBS  ")" "^$JOBS +2 +3 +700,000.00元 +1,000,000.00元 +\+300,000.00元" \
  "whatif: by measure, jobs-grant pays record 1 once rent-grant is lower"
like "$(line '^ 1  ')" "$RENT 500,000.00元 +$JOBS 300,000.00元" "whatif: record 1 changes from rent-grant to jobs-grant"
like "$(line '^A  ')" "^A +4 +3 +3 +0 +2 +-1,000,000.00元" "whatif: --by district"

run "${G[@]}" whatif $RENT $JOBS --db "$DB" --as-of 2025-06-01 --set cap=20万 --json
like "$OUT" "^\{\"measures\":\[\"$RENT\",\"$JOBS\"\],\"as_of\":\"2025-06-01\",\"set\":\{\"cap\":\"20万\"\},\"interpret\":\{\},\"records\":7," \
  "whatif --json: the measures and the records; cap (declared by rent-grant only) applies to it"
like "$OUT" "\"baseline\":\{\"results\":14,\"status\":\{\"eligible\":4,\"ineligible\":6,\"undetermined\":3,\"not_in_force\":0,\"error\":1\},\"amount\":\"2200000.00\"" \
  "whatif --json: baseline counts of 14 results, 2,200,000"
like "$OUT" "\"cost_change\":\"-1000000.00\",\"by_measure\":\[\{\"measure\":\"$RENT\"" "whatif --json: the change and by_measure"

run "${G[@]}" whatif $RENT $JOBS --db "$DB" --set nosuch=1
is "$RC" 2 "whatif: a parameter no measure declares: exit 2"
like "$ERR" "none of the measures compared declares a parameter 'nosuch' \($RENT, $JOBS\)" "  naming the measures"
run "${G[@]}" whatif $RENT $JOBS --db "$DB" --set other.m:cap=1
is "$RC" 2 "whatif: MEASURE_ID:NAME for a measure not compared: exit 2"
like "$ERR" "'other.m' is not one of the measures compared" "  saying so"
run "${G[@]}" whatif $RENT $JOBS --db "$DB" --set $JOBS:cap=1
is "$RC" 2 "whatif: a parameter the named measure does not declare: exit 2"
like "$ERR" "has no parameter 'cap'; its parameters: per_hire" "  naming its parameters"
done_testing
