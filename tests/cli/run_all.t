#!/usr/bin/env bash
# gazette run --all and patterns (docs/matching.md): every measure for the
# entity over a population in one pass, the per-record table `matches` in a .db output, the
# cost by district; the totals agree with separate runs of each measure.
. "$(dirname "$0")/../tap.sh"
D="$(dirname "$0")/data/match"
AS=2024-06-01
"$GAZETTE" gen --enterprises 400 --seed 11 --out "$TMP/pop.db" >/dev/null 2>&1 || exit 1
q() { sqlite3 "$1" "$2"; }
# exact sums of money text in 分 (SQLite integers)
FEN="CAST(replace(amount, '.', '') AS INTEGER)"

run "$GAZETTE" run --all --entity enterprise --db "$TMP/pop.db" --as-of $AS --out "$TMP/all.db" --jobs 2
is "$RC" 0 "run --all: exit 0"
ids=$("$GAZETTE" -e 'local t = {} for _, m in ipairs(measure.list()) do if m.entity == "enterprise" then t[#t + 1] = m.id end end return table.concat(t, " ")')
n=$(echo $ids | wc -w)
is "$(q "$TMP/all.db" "SELECT count(DISTINCT measure) FROM results")" "$n" "every enterprise measure ($n) in results"
is "$(q "$TMP/all.db" "SELECT count(*) FROM results")" "$((400 * n))" "one row per record and measure: the records read once"
is "$(q "$TMP/all.db" "SELECT count(*), count(DISTINCT record_id) FROM matches")" "400|400" "table matches: one row per record"
is "$(q "$TMP/all.db" "SELECT sql FROM sqlite_schema WHERE name = 'matches'")" \
  "CREATE TABLE matches (record_id INTEGER, eligible INTEGER, total TEXT, undetermined INTEGER, errors INTEGER, district TEXT)" \
  "matches: record_id, eligible, total, undetermined (and errors, district)"
# matches agrees with results record by record
is "$(q "$TMP/all.db" "SELECT count(*) FROM matches m WHERE eligible != (SELECT count(*) FROM results r WHERE r.record_id = m.record_id AND status = 'eligible')
  OR undetermined != (SELECT count(*) FROM results r WHERE r.record_id = m.record_id AND status = 'undetermined')
  OR CAST(replace(total, '.', '') AS INTEGER) != (SELECT coalesce(sum($FEN), 0) FROM results r WHERE r.record_id = m.record_id AND status = 'eligible')")" \
  "0" "each record's eligible count, undetermined count and total payable are those of its results"
total=$(q "$TMP/all.db" "SELECT sum(CAST(replace(total, '.', '') AS INTEGER)) FROM matches")
like "$total" '^[1-9][0-9]*$' "something is payable in the population ($total 分)"
# the totals agree with a separate run of each measure
for id in $ids; do
  "$GAZETTE" run "$id" --db "$TMP/pop.db" --as-of $AS --out "$TMP/one-$id.db" >/dev/null 2>&1
  a=$(q "$TMP/all.db" "SELECT coalesce(sum($FEN), 0), count(*) FROM results WHERE measure = '$id' AND status = 'eligible'")
  b=$(q "$TMP/one-$id.db" "SELECT coalesce(sum($FEN), 0), count(*) FROM results WHERE status = 'eligible'")
  is "$a" "$b" "$id: the same eligible records and total amount as run alone ($a)"
done
sum=0
for id in $ids; do sum=$((sum + $(q "$TMP/one-$id.db" "SELECT coalesce(sum($FEN), 0) FROM results WHERE status = 'eligible'"))); done
is "$total" "$sum" "the total payable is the sum of the separate runs (no group among the enterprise measures)"
# statuses too, except the input that --all does not read from the register
diff=$(for id in $ids; do q "$TMP/one-$id.db" "SELECT record_id, measure, status, amount FROM results"; done | sort)
all=$(q "$TMP/all.db" "SELECT record_id, measure, status, amount FROM results WHERE measure != 'chaoyang.one-industry-one-licence'" | sort)
is "$(printf '%s\n' "$diff" | grep -v '|chaoyang.one-industry-one-licence|')" "$all" "every other result as run alone"
is "$(q "$TMP/all.db" "SELECT DISTINCT status FROM results WHERE measure = 'chaoyang.one-industry-one-licence'")" "undetermined" \
  "M14 is undetermined: its industry_code (改革行业类别编码) is not the register's GB/T 4754 code"
# run alone on the register, M14 would read the GB/T code as its own 类别编码 and find every
# enterprise "not in the catalogue": it refuses the value instead (an error row naming the field)
is "$(q "$TMP/one-chaoyang.one-industry-one-licence.db" "SELECT DISTINCT status FROM results WHERE status NOT IN ('undetermined')")" "error" \
  "(run alone on the register, M14 refuses the GB/T code as its 类别编码: error rows, none ineligible)"
# the summary: all the measures together and the cost by district
like "$OUT" "all the measures together: 400 records, [0-9]+ with something payable, [0-9,.]+元 payable after 就高不重复" \
  "the summary: what all the measures pay together"
cy=$(q "$TMP/all.db" "SELECT sum(CAST(replace(total, '.', '') AS INTEGER)) FROM matches WHERE district = '朝阳区'")
cyt=$("$GAZETTE" -e "return (tostring(yuan($cy) / 100):gsub('元', ''))")
like "$OUT" "朝阳区 +[0-9]+ +[0-9]+  $cyt元" "the cost by district: 朝阳区 $cyt (its matches rows)"
like "$OUT" "per record: table matches of $TMP/all.db" "naming the table"
run "$GAZETTE" run --all --entity enterprise --db "$TMP/pop.db" --as-of $AS --out "$TMP/all1.db" --jobs 1 --chunk-rows 50
is "$(q "$TMP/all1.db" "SELECT * FROM matches" | md5sum)" "$(q "$TMP/all.db" "SELECT * FROM matches" | md5sum)" \
  "matches is the same whatever --jobs and --chunk-rows"
run "$GAZETTE" run --all --db "$TMP/pop.db" --as-of $AS --out "$TMP/all.csv"
is "$RC" 0 "--all with a CSV output"
is "$(head -1 "$TMP/all.csv")" "$(q "$TMP/all.db" "SELECT group_concat(name, ',') FROM pragma_table_info('results')")" \
  "the same columns (the entity from the table: enterprises)"
like "$OUT" "all the measures together: 400 records" "and the summary"

# shards merged: the same matches as one run
"$GAZETTE" run --all --db "$TMP/pop.db" --as-of $AS --shard 1/2 --out "$TMP/s1.db" >/dev/null 2>&1
"$GAZETTE" run --all --db "$TMP/pop.db" --as-of $AS --shard 2/2 --out "$TMP/s2.db" >/dev/null 2>&1
run "$GAZETTE" merge "$TMP/s2.db" "$TMP/s1.db" --out "$TMP/merged.db"
is "$(q "$TMP/merged.db" "SELECT * FROM matches" | md5sum)" "$(q "$TMP/all.db" "SELECT * FROM matches" | md5sum)" \
  "gazette merge of two --all shards: the same matches"
like "$OUT" "all the measures together: 400 records" "and the same summary"

# ---- a pattern of ids ----
run "$GAZETTE" run 'chaoyang.*' --entity enterprise --db "$TMP/pop.db" --as-of $AS --out "$TMP/cy.db"
is "$RC" 0 "run 'chaoyang.*' --entity enterprise: exit 0"
is "$(q "$TMP/cy.db" "SELECT group_concat(m, ' ') FROM (SELECT DISTINCT measure m FROM results ORDER BY m)")" \
  "chaoyang.key-group-hiring-subsidy chaoyang.one-industry-one-licence chaoyang.startup-jobs-subsidy chaoyang.startup-rent-subsidy" \
  "the 朝阳区 measures for an enterprise"
is "$(q "$TMP/cy.db" "SELECT count(*) FROM matches")" "400" "and table matches"
run "$GAZETTE" run 'nothing.*' --db "$TMP/pop.db" --as-of $AS
is "$RC" 2 "a pattern that matches nothing: exit 2"
like "$ERR" "no measure matches 'nothing.\*'" "saying so"
run "$GAZETTE" run --all chaoyang.startup-jobs-subsidy --db "$TMP/pop.db"
is "$RC" 2 "--all and a MEASURE: exit 2"
run "$GAZETTE" run chaoyang.startup-jobs-subsidy --entity enterprise --db "$TMP/pop.db"
is "$RC" 2 "--entity without --all or a pattern: exit 2"
like "$ERR" "--entity goes with --all or a pattern" "saying so"
run "$GAZETTE" run --all --entity shop --db "$TMP/pop.db"
is "$RC" 2 "an unknown entity: exit 2"

# ---- a group (就高不重复) and derived inputs: the fund managers ----
sqlite3 "$TMP/fl.db" < "$(dirname "$0")/../fixtures/bda_fund_landing.sql"
run "$GAZETTE" run --all --entity fund_manager --db "$TMP/fl.db" --as-of 2025-06-01 --out "$TMP/fl_all.db"
is "$RC" 0 "--all --entity fund_manager: the table fund_managers, its measures and the enterprise ones"
is "$(q "$TMP/fl_all.db" "SELECT group_concat(record_id || '=' || total, ' ') FROM matches")" \
  "1=2400000.00 2=2000000.00 3=800000.00 4=4000000.00 5=1000000.00 6=0.00 7=500000.00 8=0.00" \
  "each manager is paid the higher of 第十一条 and 第十二条 (record 6: undetermined, 7: 经开区 derived)"
run "$GAZETTE" run bda.pe-manager-landing-reward bda.qflp-landing-reward --db "$TMP/fl.db" --table fund_managers \
  --as-of 2025-06-01 --out "$TMP/fl_two.db"
is "$(q "$TMP/fl_all.db" "SELECT sum(CAST(replace(total, '.', '') AS INTEGER)) FROM matches")" \
  "$(q "$TMP/fl_two.db" "SELECT sum($FEN) FROM results WHERE status = 'eligible'")" \
  "the total agrees with a run of the group's two measures together"

# ---- an input of one measure, given in its own column ----
sqlite3 "$TMP/own.db" "CREATE TABLE enterprises (id INTEGER PRIMARY KEY, reg_district TEXT, industry_code TEXT,
  \"chaoyang.one-industry-one-licence:industry_code\" TEXT, has_pool INTEGER, in_ftz INTEGER);
  INSERT INTO enterprises VALUES (1, '朝阳区', 'I6513', '25', 0, 0), (2, '朝阳区', 'I6513', NULL, 0, 0);"
run "$GAZETTE" run --all --db "$TMP/own.db" --as-of $AS --out "$TMP/own_out.db"
is "$(q "$TMP/own_out.db" "SELECT group_concat(status, ' ') FROM results WHERE measure = 'chaoyang.one-industry-one-licence'")" \
  "eligible undetermined" "the column \"chaoyang.one-industry-one-licence:industry_code\" feeds M14; without it M14 is undetermined"
done_testing
