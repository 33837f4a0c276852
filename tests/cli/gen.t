#!/usr/bin/env bash
# gazette gen: the synthetic population (docs/records.md).
. "$(dirname "$0")/../tap.sh"

run $GAZETTE gen --enterprises 5000 --seed 7 --out "$TMP/a.db"
is "$RC" 0 "gen 5000 enterprises exits 0"
summary=$OUT
like "$OUT" "^$TMP/a.db: 5000 enterprises \([0-9]+ not operating normally, [0-9]+ codes failing the check digit\), [0-9]+ hires, 5 kindergartens, [0-9]+ children; seed 7" "and says what it wrote"
run $GAZETTE gen --enterprises 5000 --seed 7 --out "$TMP/b.db" --quiet
is "$OUT" "" "--quiet prints nothing"
cmp -s "$TMP/a.db" "$TMP/b.db"; ok $? "the same seed gives the same file, byte for byte"
$GAZETTE gen --enterprises 5000 --seed 8 --out "$TMP/c.db" --quiet
cmp -s "$TMP/a.db" "$TMP/c.db"; [ $? -ne 0 ]; ok $? "another seed gives another population"

# The contract's columns, in order.
cols=$(sqlite3 "$TMP/a.db" "SELECT group_concat(name, ',') FROM pragma_table_info('enterprises')")
is "$cols" "id,uscc,name,reg_district,tax_district,established_on,industry_code,employees,revenue,total_assets,operating_normally,chaoyang_hukou_hires" "enterprises has the contract's columns"
is "$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM enterprises")" 5000 "5000 rows"
is "$(sqlite3 "$TMP/a.db" "SELECT min(id) || '-' || max(id) FROM enterprises")" "1-5000" "ids 1 to 5000"
is "$(sqlite3 "$TMP/a.db" "SELECT count(DISTINCT tax_district) FROM enterprises WHERE tax_district IS NOT NULL")" 17 "all 16 districts and 经开区"
is "$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM enterprises WHERE established_on < '1990-01-01' OR established_on > '2026-12-31'")" 0 "established 1990-2026"
is "$(sqlite3 "$TMP/a.db" "SELECT count(DISTINCT substr(industry_code, 1, 1)) >= 15 FROM enterprises")" 1 "industries across at least 15 sections"
for c in uscc tax_district established_on industry_code employees revenue total_assets operating_normally chaoyang_hukou_hires; do
  n=$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM enterprises WHERE $c IS NULL")
  [ "$n" -gt 0 ] && [ "$n" -lt 250 ]; ok $? "some NULLs in $c ($n of 5000)"
done
n=$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM enterprises WHERE operating_normally = 0")
[ "$n" -gt 100 ] && [ "$n" -lt 500 ]; ok $? "some enterprises not operating normally ($n)"
n=$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM enterprises WHERE typeof(revenue) = 'text'")
[ "$n" -gt 50 ]; ok $? "some revenue as decimal TEXT with fen ($n)"
is "$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM enterprises WHERE typeof(revenue) = 'text' AND revenue NOT GLOB '[0-9]*.[0-9][0-9]'")" 0 "  always NNN.NN"
is "$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM hires h LEFT JOIN enterprises e ON e.id = h.parent_id WHERE e.id IS NULL")" 0 "every hire belongs to an enterprise"
is "$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM children c LEFT JOIN kindergartens k ON k.id = c.parent_id WHERE k.id IS NULL")" 0 "every child belongs to a kindergarten"
is "$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM children WHERE left_on IS NOT NULL AND left_on < admitted_on")" 0 "no child leaves before admission"

# Every code passes uscc.check except those generated to fail (counted in the summary);
# sizes cover micro to large; every industry code is in the GB/T 4754-2017 data.
bad=$(printf '%s' "$summary" | sed -n 's/.*, \([0-9]*\) codes failing.*/\1/p')
cat > "$TMP/check.lua" <<'LUA'
local records = require "records"
local db = assert(records.open(arg[1], { readonly = true }))
local fail, sizes, unknown, unique, dup = 0, {}, 0, {}, 0
for r in db:rows("enterprises") do
  if r.uscc then
    if not uscc.check(r.uscc) then fail = fail + 1 end
    if unique[r.uscc:sub(1, 17)] then dup = dup + 1 end
    unique[r.uscc:sub(1, 17)] = true
  end
  if r.industry_code then
    local i = industry.lookup(r.industry_code)
    if not (i and i.class_name) then unknown = unknown + 1 end
  end
  local rev = math.tointeger(r.revenue)
  local c = sme.classify { industry_code = r.industry_code, employees = r.employees, revenue = rev, total_assets = math.tointeger(r.total_assets) }
  if c then sizes[c] = (sizes[c] or 0) + 1 end
end
local kg = 0
for r in db:rows("kindergartens") do if uscc.check(r.uscc) then kg = kg + 1 end end
print(fail, unknown, dup, (sizes.micro or 0) > 0 and (sizes.small or 0) > 0 and (sizes.medium or 0) > 0 and (sizes.large or 0) > 0, kg)
LUA
run $GAZETTE "$TMP/check.lua" "$TMP/a.db"
set -- $OUT
is "$1" "$bad" "every USCC passes uscc.check except the $bad generated to fail "
is "$2" 0 "every industry code is a class of the GB/T 4754-2017 data"
is "$3" 0 "codes are unique"
is "$4" true "sizes from micro to large"
is "$5" 5 "kindergartens carry valid codes (民办非企业, 52...)"

# No date after --as-of (default: today in China Standard Time): before, 2026-12-31 was the top.
today=$(TZ=Asia/Shanghai date +%F)
is "$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM enterprises WHERE established_on > '$today'")" 0 "no enterprise established after today ($today, CST)"
run $GAZETTE gen --enterprises 3000 --seed 7 --as-of 2020-06-30 --out "$TMP/old.db" --quiet
is "$RC" 0 "gen --as-of 2020-06-30 exits 0"
is "$(sqlite3 "$TMP/old.db" "SELECT max(established_on) <= '2020-06-30' AND min(established_on) >= '1990-01-01' FROM enterprises")" 1 "  established 1990-01-01 to 2020-06-30"
is "$(sqlite3 "$TMP/old.db" "SELECT count(*) FROM hires WHERE hired_on > '2020-06-30' OR left_school_on > '2020-06-30'")" 0 "  no hire after it"
is "$(sqlite3 "$TMP/old.db" "SELECT count(*) FROM children WHERE admitted_on > '2020-06-30' OR left_on > '2020-06-30'")" 0 "  no child admitted or leaving after it"
[ "$(sqlite3 "$TMP/old.db" "SELECT count(*) FROM hires")" -gt 0 ]; ok $? "  and still hires and children"
run $GAZETTE gen --enterprises 10 --as-of 1985-01-01 --out "$TMP/x.db"
is "$RC" 2 "an --as-of before the population starts exits 2"

# Options
run $GAZETTE gen --enterprises 0 --out "$TMP/z.db"
is "$RC" 0 "zero enterprises is allowed"
is "$(sqlite3 "$TMP/z.db" "SELECT count(*) FROM enterprises")" 0 "  and writes an empty table"
run $GAZETTE gen --out "$TMP/x.db"
is "$RC" 2 "missing --enterprises exits 2"
like "$ERR" "^gazette gen: how many\? --enterprises N is required" "  and says so"
run $GAZETTE gen --enterprises 10
is "$RC" 2 "missing --out exits 2"
like "$ERR" "^gazette gen: where to\? --out FILE.db is required" "  saying so"
run $GAZETTE gen --enterprises -5 --out "$TMP/x.db"
is "$RC" 2 "a negative count exits 2"
like "$ERR" "--enterprises must be a whole number from 0 to 100000000, got '-5'" "  naming the value"
run $GAZETTE gen --enterprises 1e6 --out "$TMP/x.db"
is "$RC" 2 "1e6 is not a whole number"
like "$ERR" "^gazette gen: --enterprises must be a whole number from 0 to 100000000, got '1e6'" "  saying what it must be"
run $GAZETTE gen --enterprises 999999999999 --out "$TMP/x.db"
is "$RC" 2 "an oversized count exits 2"
like "$ERR" "^gazette gen: --enterprises must be a whole number from 0 to 100000000, got '999999999999'" "  giving the limit"
run $GAZETTE gen --enterprises 10 --seed abc --out "$TMP/x.db"
is "$RC" 2 "a bad seed exits 2"
like "$ERR" "^gazette gen: --seed must be a whole number, got 'abc'" "  saying what it must be"
run $GAZETTE gen --enterprises 10 --out "$TMP/x.db" --bogus
is "$RC" 2 "an unknown option exits 2"
like "$ERR" "unknown option '--bogus'" "  naming it"
run $GAZETTE gen --enterprises 10 --out "/nonexistent/dir/x.db"
is "$RC" 1 "an unwritable path exits 1"
like "$ERR" "^gazette gen: cannot write '/nonexistent/dir/x.db'" "  naming the file"
[ ! -e "$TMP/x.db" ]; ok $? "nothing is left behind by failed runs"
ls "$TMP" | grep -q tmp-; [ $? -ne 0 ]; ok $? "no temporary files left"

done_testing
