#!/usr/bin/env bash
# A what-if session with a measure and a population, piped: .load, .db, .asof, .eval (a
# typed record and a record id), .explain, .set/.unset, .interpret, .run, .compare (by a
# field), .save and its replay. The measure is tests/cli/data/repl/repl_jobs.lua (M1,
# simplified) and the population tests/cli/data/repl/pop.sql, ten enterprises each chosen
# for one outcome as of 2022-06-01:
#   1: 3 hires → 30,000; 2: 7 hires → 30,000 + 4 × 10,000 = 70,000; 3: 25 hires → 250,000,
#   capped at 200,000; 4, 9: not 朝阳区; 5: not operating; 6: founded 2022-01-01 (under a
#   year); 7: 2 hires; 8: hires unknown (undetermined); 10: hires 'many' (an error).
# Baseline: 3 eligible, 30,000 + 70,000 + 200,000 = 300,000.
. "$(dirname "$0")/../tap.sh"
export GAZETTE_HISTORY=
DATA="$(cd "$(dirname "$0")" && pwd)/data/repl"
sqlite3 "$TMP/pop.db" < "$DATA/pop.sql" || exit 1
G="$GAZETTE --path $DATA"
repl() { OUT=$(printf '%s\n' "$@" | $G repl --db "$TMP/pop.db" --as-of 2022-06-01 repltest.jobs-subsidy 2>"$TMP/err"); RC=$?; ERR=$(cat "$TMP/err"); }
line() { printf '%s\n' "$OUT" | grep -E -- "$1" | head -1; }

repl '.show'
like "$OUT" "^loaded repltest.jobs-subsidy: 初创企业吸纳本区户籍劳动力就业补贴（REPL测试用）（朝政发〔2020〕9号）; parameters: base, per_hire, cap, min_hires" "the measures on the command line are loaded, with title, 文号 and parameters"
like "$OUT" "opened $TMP/pop.db" "--db is opened"
like "$OUT" "as of:     2022-06-01" "--as-of is the evaluation date"
is "$RC" 0 "  exit 0"

# one record
repl '.eval 2' '.explain'
is "$(line '^repltest')" "repltest.jobs-subsidy: eligible  70,000.00元  (as of 2022-06-01)" ".eval ID: 30,000 + (7 − 3) × 10,000 = 70,000"
like "$OUT" "✓ hires \(五（二）\)" ".explain lists the rules met with their clause"
repl '.eval 4' '.explain'
like "$OUT" "ineligible  0.00元" ".eval 4: ineligible"
like "$OUT" "✗ district \(五（二）\) 注册地和纳税地均在朝阳区" "  the failed rule with clause and text"
repl '.eval {reg_district = "朝阳区", tax_district = "朝阳区", established_on = "2019-01-01", operating_normally = true, chaoyang_hukou_hires = 4}'
is "$(line '^repltest')" "repltest.jobs-subsidy: eligible  40,000.00元  (as of 2022-06-01)" ".eval {record}: 30,000 + 1 × 10,000 = 40,000"
repl '.eval {reg_district = "朝阳区"}'
like "$OUT" "undetermined" ".eval of a partial record is undetermined"
like "$OUT" "missing: tax_district" "  naming what is missing"
repl '.eval 10' '.eval 99' '.eval 3'
like "$ERR" "^\.eval: input 'chaoyang_hukou_hires': cannot read 'many' as an integer" ".eval of a bad record: one line naming field and value"
like "$ERR" "no record with id 99" ".eval of an unknown id"
like "$OUT" "eligible  200,000.00元" "and the session goes on (record 3 capped at 200,000)"
repl 'r = M:eval({reg_district = "海淀区"}, {as_of = "2022-06-01"})' 'r.status' 'r'
like "$OUT" "^ineligible" "the measure is M in Lua; a field of a result"
like "$OUT" "✗ district \(五（二）\)" "  and a result prints as a verdict with its failed rules"

# the population
repl '.run'
is "$(line '^eligible ')" "eligible            3" ".run: 3 eligible (records 1, 2, 3)"
is "$(line '^ineligible')" "ineligible          5" ".run: 5 ineligible (4, 5, 6, 7, 9)"
is "$(line '^undetermined')" "undetermined        1" ".run: 1 undetermined (8)"
is "$(line '^error')" "error               1" ".run: 1 error (10)"
is "$(line '^total amount')" "total amount: 300,000.00元" ".run: 30,000 + 70,000 + 200,000 = 300,000"
like "$OUT" "error: record 10: input 'chaoyang_hukou_hires': cannot read 'many'" ".run lists the record in error"
repl '.run --where reg_district = '"'"'海淀区'"'"
like "$OUT" "2 records" ".run --where SQL"
repl '.run --limit 3'
like "$OUT" "3 records" ".run --limit"
repl '.run --where nosuchcolumn = 1'
like "$ERR" "^\.run: .*nosuchcolumn" ".run with bad SQL: one line naming it"

# overrides
repl '.set cap 30万' '.run' '.set' '.unset cap' '.run'
is "$(line '^total amount')" "total amount: 350,000.00元" ".set cap 30万: record 3 gets 250,000; 300,000 + 50,000 = 350,000"
like "$OUT" "with cap = 30万" ".run says which overrides it used"
like "$OUT" "cap back to the measure's value" ".unset"
is "$(printf '%s\n' "$OUT" | grep '^total amount' | tail -1)" "total amount: 300,000.00元" "after .unset the baseline again"
repl '.set nosuch 5' '.set cap lots' '.unset per_hire' '.set cap'
like "$ERR" "^\.set: .*no parameter 'nosuch'; its parameters: base, per_hire, cap, min_hires" ".set of an unknown parameter names the known ones"
like "$ERR" "^\.set: .*lots" ".set of a value that does not convert"
like "$ERR" "^\.unset: 'per_hire' is not overridden" ".unset of what is not set"
like "$ERR" "usage: \.set PARAM VALUE" ".set without a value"
is "$RC" 1 "  the piped session exits 1"

# compare
repl '.set cap 30万' '.compare by reg_district'
is "$(line '^total amount')" "total amount  300,000.00元  350,000.00元  +50,000.00元" ".compare: totals and change"
is "$(line '^gain')" "gain: 1 record (+50,000.00元)" ".compare: record 3 gains 50,000"
is "$(line '^lose')" "lose: 0 records (0.00元)" ".compare: nobody loses"
is "$(line '^total cost change')" "total cost change: +50,000.00元" ".compare: cost change"
is "$(line '^朝阳区')" "朝阳区              8                3               3     1     0  +50,000.00元" ".compare by reg_district: 朝阳区 row"
is "$(line '^海淀区')" "海淀区              2                0               0     0     0        0.00元" ".compare by reg_district: 海淀区 row"
like "$OUT" " 3  eligible 200,000.00元  eligible 250,000.00元" ".compare shows the changed record"

# min_hires 2: record 7 (2 hires) becomes eligible with 30,000; record 1: 30,000 + 1 × 10,000;
# record 2: 30,000 + 5 × 10,000 = 80,000; record 3 stays capped at 200,000.
repl '.set min_hires 2' '.compare'
is "$(line '^become')" "become eligible: 1 record; become ineligible: 0 records" "min_hires 2: record 7 becomes eligible"
is "$(line '^gain')" "gain: 3 records (+50,000.00元)" "  records 1, 2, 7 gain 10,000 + 10,000 + 30,000"
is "$(line '^total amount')" "total amount  300,000.00元  350,000.00元  +50,000.00元" "  total 350,000"
repl '.interpret hires-floor exclusive' '.compare' '.interpret hires-floor bogus' '.interpret'
is "$(line '^become')" "become eligible: 0 records; become ineligible: 1 record" ".interpret exclusive: record 1 (exactly 3 hires) drops out"
is "$(line '^lose')" "lose: 1 record (-30,000.00元)" "  losing 30,000"
like "$ERR" "^\.interpret: .*unknown choice; allowed: exclusive, inclusive" ".interpret with a bad choice names the allowed ones"
like "$OUT" "hires-floor = exclusive" ".interpret alone lists the choices in force"
repl '.compare by nosuch'
like "$ERR" "^\.compare: by nosuch: table enterprises has no column 'nosuch' and the measure has no output 'nosuch' \(columns: id, name,.*; outputs: subsidy\)" ".compare by an unknown field names the columns and the outputs"

# .save and replay: the same output
repl '.asof 2022-06-01' '.set cap 30万' 'x = 1' '.compare' ".save $TMP/session.gz"
like "$OUT" "saved 7 commands" ".save: the three startup commands (.db, .asof, .load) and the four of the session"
first=$(printf '%s\n' "$OUT" | sed '/^saved/d')
OUT2=$($G repl < "$TMP/session.gz" 2>&1)
is "$OUT2" "$first" "replaying the saved session gives the same output"

# the session survives a population or measure that does not open
repl ".db $TMP/none/x.db" '.load no.such-measure' '.run'
like "$ERR" "^\.db: " ".db of a missing file: one line"
like "$ERR" "^\.load: unknown measure 'no.such-measure'" ".load of an unknown measure"
like "$OUT" "3 records|10 records" "and .run still uses the measure and population it had"

done_testing
