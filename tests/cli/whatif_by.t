#!/usr/bin/env bash
# gazette whatif (issue 19): --by a district column groups 朝阳 with 朝阳区; --by a measure
# output (size_class); --json carries the reform (set and interpret); --out FILE.xlsx. And
# gazette run --explain says why a record is not_in_force.
. "$(dirname "$0")/../tap.sh"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
X="python3 $ROOT/tests/cli/data/xlsx_read.py"
M1=chaoyang.startup-jobs-subsidy

$GAZETTE gen --enterprises 3000 --seed 1 --as-of 2023-06-01 --out "$TMP/pop.db" --quiet
short=$(sqlite3 "$TMP/pop.db" "SELECT count(*) FROM enterprises WHERE reg_district = '朝阳'")
[ "$short" -gt 0 ]; ok $? "the population writes some districts short (朝阳: $short)"
all=$(sqlite3 "$TMP/pop.db" "SELECT count(*) FROM enterprises WHERE reg_district IN ('朝阳', '朝阳区')")
run $GAZETTE whatif $M1 --db "$TMP/pop.db" --as-of 2023-06-01 --set cap=10万 --by reg_district --json
is "$RC" 0 "whatif --by reg_district exits 0"
groups=$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(g["value"] + "=" + str(g["records"]) for g in d["by"]["groups"]))')
like "$groups" "(^| )朝阳区=$all( |$)" "朝阳 and 朝阳区 are one group of $all records (M1 reads reg_district as a district)"
unlike "$groups" "(^| )朝阳=" "  no group 朝阳"
is "$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["by"]["groups"]), d["by"]["kind"])')" "17 column" \
  "  17 groups: the 16 districts and 经开区"

# --by an output of the measure: the baseline result's size_class
run $GAZETTE whatif $M1 --db "$TMP/pop.db" --as-of 2023-06-01 --set cap=10万 --by size_class --json
is "$RC" 0 "whatif --by size_class (an output) exits 0"
read -r kind values eligible < <(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); g=d["by"]["groups"]; print(d["by"]["kind"], ",".join(x["value"] for x in g), sum(x["eligible_before"] for x in g))')
is "$kind" "output" "  the group is an output"
like "$values" "^\(none\),(medium,)?micro(,small)?$" "  groups: the size classes, and (none) for records without the output ($values)"
is "$eligible" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["baseline"]["status"]["eligible"])')" \
  "  every eligible record falls in a size class"
run $GAZETTE whatif $M1 --db "$TMP/pop.db" --set cap=10万 --by nosuch
is "$RC" 2 "--by neither a column nor an output: exit 2"
like "$ERR" "--by nosuch: table enterprises has no column 'nosuch' and the measure has no output 'nosuch' \(columns: .*; outputs: subsidy, size_class\)" \
  "  naming the columns and the outputs"

# --json: the reform, set and interpret
run $GAZETTE whatif $M1 --db "$TMP/pop.db" --as-of 2023-06-01 --set cap=10万 --interpret hires-floor=inclusive --json
like "$OUT" '^\{"measure":"chaoyang.startup-jobs-subsidy","as_of":"2023-06-01","set":\{"cap":"10万"\},"interpret":\{"hires-floor":"inclusive"\},"records":3000,' \
  "--json carries the reform: set and interpret"

# --out FILE.xlsx: the comparison, a sheet per comparison with a bar chart, the summary
run $GAZETTE whatif $M1 --db "$TMP/pop.db" --as-of 2023-06-01 --set cap=10万 --by reg_district --out "$TMP/w.xlsx"
is "$RC" 0 "whatif --out w.xlsx exits 0"
like "$OUT" "total cost change: " "  and prints the report"
is "$($X "$TMP/w.xlsx" sheets | tr '\n' ',')" "comparison,by reg_district,changed records,summary," \
  "sheets: comparison, by reg_district, changed records, summary"
json=$($GAZETTE whatif $M1 --db "$TMP/pop.db" --as-of 2023-06-01 --set cap=10万 --by reg_district --json)
cc=$(printf '%s' "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["cost_change"])')
cmp=$($X "$TMP/w.xlsx" cells comparison)
like "$cmp" "s:total amount	m:[0-9.]+	m:[0-9.]+	m:$(python3 -c "print(repr(float('$cc')).rstrip('0').rstrip('.'))")" "comparison: the cost change, $cc, a money cell"
like "$cmp" "s:eligible	n:[0-9]+	n:[0-9]+	n:0" "comparison: records by status before, after, change"
by=$($X "$TMP/w.xlsx" cells "by reg_district")
like "$by" "^s:reg_district	s:records	s:eligible before	s:eligible after	s:gain	s:lose	s:become eligible	s:become ineligible	s:amount before	s:amount after	s:cost change" \
  "by reg_district: the columns"
like "$by" "s:朝阳区	n:$all	" "  朝阳区 with all its $all records"
run $X "$TMP/w.xlsx" info "by reg_district"
like "$OUT" "charts barChart\(bar\) 'by reg_district'!\\\$A\\\$2:\\\$A\\\$18 'by reg_district'!\\\$K\\\$2:\\\$K\\\$18" \
  "  a native bar chart of the cost change (column K) by district (column A)"
like "$OUT" "frozen A2" "  its header frozen"
sum=$($X "$TMP/w.xlsx" cells summary)
like "$sum" "s:chaoyang.startup-jobs-subsidy	s:中小微企业带动朝阳区户籍劳动力就业一次性就业补贴	s:朝政发〔2020〕9号" "summary: the measure and its document number"
like "$sum" "s:reform: set cap	s:10万" "summary: the reform"
like "$sum" "s:as of	d:2023-06-01" "summary: the options"
run $GAZETTE whatif $M1 --db "$TMP/pop.db" --as-of 2023-06-01 --set cap=10万 --out "$TMP/w.xlsx"
is "$RC" 0 "a previous whatif workbook is replaced"
is "$($X "$TMP/w.xlsx" sheets | tr '\n' ',')" "comparison,changed records,summary," "  (without --by: no group sheet)"
echo keep > "$TMP/k.xlsx"
run $GAZETTE whatif $M1 --db "$TMP/pop.db" --set cap=10万 --out "$TMP/k.xlsx"
is "$RC" 2 "a file whatif did not write is not replaced (exit 2)"
is "$(cat "$TMP/k.xlsx")" "keep" "  and left as it was"
$GAZETTE run $M1 --db "$TMP/pop.db" --as-of 2023-06-01 --out "$TMP/run.xlsx" > /dev/null
run $GAZETTE whatif $M1 --db "$TMP/pop.db" --set cap=10万 --out "$TMP/run.xlsx"
is "$RC" 2 "nor is a workbook of gazette run"
run $GAZETTE whatif $M1 --db "$TMP/pop.db" --set cap=10万 --out "$TMP/w.csv"
is "$RC" 2 "whatif --out writes .xlsx only"
ls "$TMP" | grep -q 'tmp-' ; [ $? -ne 0 ]; ok $? "no temporary file is left behind"

# run --explain: the reason of a not_in_force row
run $GAZETTE run $M1 --db "$TMP/pop.db" --as-of 2020-06-01 --explain --limit 1
like "$OUT" "1,chaoyang.startup-jobs-subsidy,not_in_force,,,,not in force on 2020-06-01: 朝政发〔2020〕9号 is valid 2021-01-01 to \(no end\)," \
  "run --explain gives a not_in_force row its reason: the date and the measure's validity"

done_testing
