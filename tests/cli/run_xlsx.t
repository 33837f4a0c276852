#!/usr/bin/env bash
# gazette run --out FILE.xlsx (issue 19, docs/batch.md): a results sheet of typed cells and
# a summary sheet, read back with the suite's reader (tests/cli/data/xlsx_read.py) and compared,
# cell by cell, with the CSV of the same run.
. "$(dirname "$0")/../tap.sh"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
X="python3 $ROOT/tests/cli/data/xlsx_read.py"
M1=chaoyang.startup-jobs-subsidy

$GAZETTE gen --enterprises 2000 --seed 5 --as-of 2023-06-01 --out "$TMP/pop.db" --quiet
run $GAZETTE run $M1 --db "$TMP/pop.db" --as-of 2023-06-01 --explain --out "$TMP/r.xlsx"
is "$RC" 0 "run --out r.xlsx exits 0"
like "$OUT" "^gazette run: 2,000 records" "  and prints its summary"
$GAZETTE run $M1 --db "$TMP/pop.db" --as-of 2023-06-01 --explain --out "$TMP/r.csv" > /dev/null
is "$($X "$TMP/r.xlsx" sheets)" "results
summary" "two sheets: results and summary"
run $X "$TMP/r.xlsx" compare results "$TMP/r.csv"
is "$RC" 0 "every cell of the results sheet is the CSV's" || printf '%s\n' "$OUT" | sed 's/^/# /'
like "$OUT" "^16008 cells, 0 differ" "  (2,001 rows × 8 columns)"
cells=$($X "$TMP/r.xlsx" cells results)
like "$(printf '%s\n' "$cells" | sed -n 2p)" "^n:1	s:$M1	s:[a-z_]+	" "record_id a number, measure and status text"
eligible=$(printf '%s\n' "$cells" | grep -m1 's:eligible	')
like "$eligible" "s:eligible	m:[0-9]+	m:[0-9]+	s:(micro|small|medium)" "amount and subsidy are money cells (#,##0.00), size_class text"
is "$(printf '%s\n' "$cells" | grep -c 'f:')" 0 "no formula anywhere"
run $X "$TMP/r.xlsx" info results
like "$OUT" "frozen A2" "the header row is frozen"
like "$OUT" "filter A1:H2001" "filters over the whole table"
w7=$(printf '%s\n' "$OUT" | sed -n 's/.* 7=\([0-9]*\).*/\1/p')
[ "${w7:-0}" -ge 40 ]; ok $? "the reasons column is wide enough for its Chinese text ($w7)"

# The summary: counts by status, the total, top reasons with clauses, the options, the 文号.
sum=$($X "$TMP/r.xlsx" cells summary)
for st in eligible ineligible undetermined; do
  n=$(awk -F, -v s=$st 'NR > 1 && $3 == s' "$TMP/r.csv" | wc -l)
  like "$sum" "s:$st	n:$n" "summary: $st $n, as in the CSV"
done
fen=$(awk -F, 'NR > 1 && $4 != "" { split($4, a, "."); t += a[1] * 100 + a[2] } END { printf "%d", t }' "$TMP/r.csv")
want=$(python3 -c "print('%d.%02d' % divmod($fen, 100))")
like "$sum" "s:total amount	m:$(python3 -c "print(repr(float('$want')).rstrip('0').rstrip('.'))")" "summary: the total amount, $want (the sum of the CSV's amounts)"
like "$sum" "s:$M1	s:中小微企业带动朝阳区户籍劳动力就业一次性就业补贴	s:朝政发〔2020〕9号" "summary: the measure, its title and document number"
like "$sum" "s:top reasons for ineligibility	s:clause	s:text	s:records" "summary: top reasons with their clauses"
like "$sum" "s:hires	s:五（二）	s:带动 3 名以上（含 3 名）朝阳区户籍劳动力实现就业	n:[0-9]+" "  (a reason, its clause and its count)"
like "$sum" "s:as of	d:2023-06-01" "summary: the run's options (as of, a date)"
like "$sum" "s:explain	s:yes" "  (--explain)"

# Typed cells and text that stays text: a test measure echoing its inputs.
mkdir -p "$TMP/m"
cat > "$TMP/m/cells.lua" <<'LUA'
local M = measure {
  id = "test.cells", title = "单元格", entity = "cell",
  document = { number = "测试〔2026〕1号", source = "gazettes/chaoyang-2020-04.txt:344-438" },
  valid = { from = "2020-01-01" },
  inputs = { name = { type = "text" }, paid = { type = "money" }, on = { type = "date" }, n = { type = "integer" },
    share = { type = "ratio" }, ok = { type = "boolean" } },
  outputs = { label = { type = "text" }, pay = { type = "money" }, day = { type = "date" },
    count = { type = "integer" }, rate = { type = "ratio" }, flag = { type = "boolean" } },
  output_order = { "label", "pay", "day", "count", "rate", "flag" },
  amount = "pay",
}
M:rule("any", { clause = "一", text = "任何记录", check = function(r) return true end })
M:compute(function(r, ctx, out)
  out.label, out.pay, out.day, out.count, out.rate, out.flag = r.name, r.paid, r.on, r.n, r.share, r.ok
end)
return M
LUA
sqlite3 "$TMP/cells.db" <<'SQL'
CREATE TABLE cells (id INTEGER PRIMARY KEY, name TEXT, paid, "on" TEXT, n INTEGER, share TEXT, ok INTEGER);
INSERT INTO cells VALUES (1, '=SUM(A1)', '0.07', '2025-03-01', 42, '0.45', 1);
INSERT INTO cells VALUES (2, '+cmd|'' /C calc''!A0', '99999999999.99', '2024-02-29', -7, '1.5', 0);
INSERT INTO cells VALUES (3, '北京某某科技有限公司', '123456789012345.67', '1990-01-01', 0, '0.3333333333333333', 1);
INSERT INTO cells VALUES (4, '@A1', '-5.10', '2026-12-07', 1234567, '0', 0);
INSERT INTO cells VALUES (5, '-2+3', '9999999999999.99', NULL, NULL, NULL, NULL);
SQL
run $GAZETTE --path "$TMP/m" run test.cells --db "$TMP/cells.db" --as-of 2026-01-01 --out "$TMP/c.xlsx"
is "$RC" 0 "a run of the test measure to c.xlsx exits 0"
$GAZETTE --path "$TMP/m" run test.cells --db "$TMP/cells.db" --as-of 2026-01-01 --out "$TMP/c.csv" > /dev/null
run $X "$TMP/c.xlsx" compare results "$TMP/c.csv"
like "$OUT" "^66 cells, 0 differ" "every cell is the CSV's" || printf '%s\n' "$OUT" | sed 's/^/# /'
cells=$($X "$TMP/c.xlsx" cells results)
is "$(printf '%s\n' "$cells" | sed -n 2p)" "n:1	s:test.cells	s:eligible	m:0.07000000000000001	s:=SUM(A1)	m:0.07000000000000001	d:2025-03-01	n:42	n:0.45	b:true" \
  "=SUM(A1) is text, not a formula; 0.07 a money cell (the double nearest 0.07, shown 0.07); a date; integers; a ratio; a boolean"
like "$(printf '%s\n' "$cells" | sed -n 3p)" "	s:\+cmd\|' /C calc'!A0	m:99999999999.99001	d:2024-02-29	n:-7" "a DDE-like name stays text; 99,999,999,999.99 a money cell"
like "$(printf '%s\n' "$cells" | sed -n 4p)" "s:123456789012345.67	s:北京某某科技有限公司	s:123456789012345.67	d:1990-01-01	n:0	s:0.3333333333333333" \
  "an amount of 17 significant digits stays exact text (Excel would show ...345.70); so does a 16-digit ratio"
like "$(printf '%s\n' "$cells" | sed -n 5p)" "s:@A1	m:-5.1	d:2026-12-07	n:1234567	n:0	b:false" "@A1 stays text; a negative amount"
is "$(printf '%s\n' "$cells" | grep -c 'f:')" 0 "no formula anywhere"
like "$($X "$TMP/c.xlsx" cells summary)" "more than 15 significant digits, more than Excel can hold: they are written as text, exact" \
  "the summary says which amounts are text and why"

# What --out may replace: a previous workbook of gazette run, nothing else.
run $GAZETTE run $M1 --db "$TMP/pop.db" --as-of 2023-06-01 --out "$TMP/r.xlsx"
is "$RC" 0 "a previous run's workbook is replaced"
echo "not a workbook" > "$TMP/mine.xlsx"
run $GAZETTE run $M1 --db "$TMP/pop.db" --as-of 2023-06-01 --out "$TMP/mine.xlsx"
is "$RC" 2 "another file named .xlsx is refused (exit 2)"
like "$ERR" "--out .*mine.xlsx exists and is not an output of gazette run" "  naming it"
is "$(cat "$TMP/mine.xlsx")" "not a workbook" "  and left as it was"
run $GAZETTE run $M1 --db "$TMP/pop.db" --out "$TMP/s.xlsx" --shard 1/2
is "$RC" 2 "a shard cannot be a workbook"
run $GAZETTE run $M1 --db "$TMP/pop.db" --out "$TMP/r.ods"
like "$ERR" "the extension chooses the format: .csv, .jsonl, .db or .xlsx" "an unknown extension lists .xlsx"

done_testing
