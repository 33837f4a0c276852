#!/usr/bin/env bash
# gazette repl with stdin a pipe: no prompts, each line in order, errors on stderr as one
# line that keep the session going; exit 1 when a piped command failed. The session with a
# measure and a population is in repl_measure.t; the terminal side in repl_tty.t.
. "$(dirname "$0")/../tap.sh"
export GAZETTE_HISTORY=   # never touch ~/.gazette_history

repl() { OUT=$(printf '%s\n' "$@" | $GAZETTE repl 2>"$TMP/err"); RC=$?; ERR=$(cat "$TMP/err"); }

repl '1 + 1' 'x = 41' 'x + 1' '"text"' '1, "two", true' 'nil'
is "$OUT" "2
42
text
1	two	true
nil" "expressions print their value; statements print nothing; several values tab-separated"
is "$RC" 0 "a clean session exits 0"
is "$ERR" "" "  and says nothing on stderr"

repl 'function fact(n)' '  if n <= 1 then return 1 end' '  return n * fact(n - 1)' 'end' 'fact(20)' 'local t = {' '  a = 1,' '}' 't'
is "$OUT" "2432902008176640000" "a multi-line function (20! = 2432902008176640000)"
is "$ERR" "stdin:9: undefined global 't'" "a multi-line local ends with its input, as in lua; names are strict (line 9 of the session)"

repl '{1, 2, 3}' '{ {id = 1, name = "北京某某科技有限公司", employees = 12}, {id = 22, name = "abc", employees = 3} }'
is "$OUT" "{1, 2, 3}
id  name                  employees
--  --------------------  ---------
 1  北京某某科技有限公司         12
22  abc                           3" "a list of records prints as columns, CJK text two columns wide"

repl 'date("2025年10月1日") + 7' 'cal.add_workdays(date("2025-09-26"), 5)'
is "$OUT" "2025-10-08
2025-10-10" "dates print as ISO (add_workdays: 09-28, 09-29, 09-30, 10-09, 10-10)"

repl 'wan(3) * 2' '{ {id = 1, revenue = wan(250), name = "甲"}, {id = 2, revenue = yuan(5), name = "乙公司"} }'
is "$OUT" "60,000.00元
id  name           revenue
--  ------  --------------
 1  甲      2,500,000.00元
 2  乙公司          5.00元" "money prints in yuan (30,000 × 2); money columns right-aligned"

# errors: one line each, the session and its state survive
repl 'y = 5' '1 +* 2' 'nosuch()' 'error("boom")' '.nope' '.asof 2025-02-30' 'y * 2'
is "$OUT" "10" "after five errors the session still has y"
is "$RC" 1 "a piped session with errors exits 1"
is "$ERR" "stdin:2: unexpected symbol near '*'
stdin:3: undefined global 'nosuch'
stdin:4: boom
unknown command '.nope'; .help lists the commands
.asof: invalid date '2025-02-30': day 30 does not exist: February 2025 has 28 days" "each error is one line naming what is wrong, and its line of the session"

OUT=$(echo 'while true do end' | $GAZETTE --max-instructions 2000000 repl 2>"$TMP/err"); RC=$?; ERR=$(cat "$TMP/err")
is "$RC" 1 "an endless loop stops at the instruction budget"
like "$ERR" "instruction budget exceeded" "  and says so"

repl 'function open(' '  x'
is "$RC" 1 "input that ends inside a chunk fails"
like "$ERR" "unfinished input at the end" "  and says so"

# dot-commands that need no measure
repl '.help'
for c in help load db asof set unset interpret eval match explain run compare cal save timer show quit; do
  printf '%s\n' "$OUT" | grep -Eq "^\.$c( |$)"; ok $? ".help lists .$c"
done
n=$(printf '%s\n' "$OUT" | grep -c '^\.')
is "$n" 17 ".help: one line per command"

repl '.cal 2025-10-01' '.cal 2025-09-28' '.cal 2025年10月13日' '.cal 2031-05-01' '.cal tomorrow'
is "$(printf '%s\n' "$OUT" | sed -n 1p)" "2025-10-01 星期三: day off, statutory holiday, 国庆节 (国务院办公厅关于2025年部分节假日安排的通知)" ".cal: a statutory holiday"
is "$(printf '%s\n' "$OUT" | sed -n 2p)" "2025-09-28 星期日: working day, working weekend (调休上班), 国庆节 (国务院办公厅关于2025年部分节假日安排的通知)" ".cal: a make-up working Sunday"
is "$(printf '%s\n' "$OUT" | sed -n 3p)" "2025-10-13 星期一: working day" ".cal: an ordinary Monday, Chinese date"
like "$ERR" "^\.cal: .*2031" ".cal: a year the calendar does not know is an error naming it"
like "$ERR" "\.cal: invalid date 'tomorrow'" ".cal: a bad date"

repl '.asof' '.asof 2025-06-01' '.show' '.timer on' '1' '.timer off' '2' '.timer maybe'
like "$OUT" "^as of [0-9]{4}-[0-9]{2}-[0-9]{2} \(today\)" ".asof alone shows today"
like "$OUT" "as of:     2025-06-01" ".show shows the as-of date"
like "$(printf '%s\n' "$OUT" | grep -A1 '^1$' | tail -1)" "^time: [0-9]+\.[0-9]{3}s$" ".timer on shows the time after each command"
is "$(printf '%s\n' "$OUT" | tail -1)" "2" ".timer off stops"
like "$ERR" "\.timer: usage: \.timer on\|off" ".timer with a bad argument"

repl '.eval {a = 1}' '.run' '.compare' '.explain' '.set cap 30万' '.interpret x y'
is "$(printf '%s\n' "$ERR" | grep -c 'no measure loaded: use .load MEASURE')" 5 ".eval, .run, .compare, .set, .interpret: commands that need a measure say to .load one"
like "$ERR" "\.explain: nothing to explain yet" ".explain before any result"

repl '.load no.such-measure'
like "$ERR" "^\.load: .*no.such-measure" ".load of an unknown measure names it"
run $GAZETTE repl no.such-measure </dev/null
is "$RC" 2 "gazette repl UNKNOWN-MEASURE exits 2"
like "$ERR" "^\.load: unknown measure 'no.such-measure'; did you mean: " "  naming it and the near ones"
run $GAZETTE repl --db "$TMP/none.db" </dev/null
is "$RC" 2 "gazette repl --db MISSING exits 2"
like "$ERR" "^\.db: records.open: cannot open '$TMP/none.db': unable to open database file" "  naming the file"
run $GAZETTE repl --frobnicate </dev/null
is "$RC" 2 "an unknown option exits 2"
like "$ERR" "unknown option '--frobnicate'" "  naming it"

# .save writes what succeeded; replaying it gives the same output
repl 'a = 20' 'nosuch' 'function f(x)' ' return x + a' 'end' '.asof 2025-03-01' 'f(22)' '.help' ".save $TMP/s.gz"
like "$OUT" "saved 4 commands to $TMP/s.gz" ".save writes the commands that succeeded"
is "$(cat "$TMP/s.gz")" "a = 20
function f(x)
 return x + a
end
.asof 2025-03-01
f(22)" ".save: a replayable script (no errors, no .help)"
OUT=$($GAZETTE repl < "$TMP/s.gz" 2>&1); RC=$?
is "$OUT" "as of 2025-03-01
42" "the saved script replays"
is "$RC" 0 "  cleanly"
repl ".save $TMP/no/such/dir/s.gz"
like "$ERR" "^\.save: cannot write .*No such file or directory" ".save to a missing folder"

repl '.quit' 'print("not reached")'
is "$OUT" "" ".quit stops reading"
is "$RC" 0 "  with status 0"

# hostile input: a huge line, binary bytes, an unterminated long string
long=$(head -c 300000 /dev/zero | tr '\0' 'x')
repl "s = \"$long\"" '#s'
is "$OUT" "300000" "a 300,000-character line"
OUT=$(printf '\x00\xff\xfe\n1+1\n' | $GAZETTE repl 2>"$TMP/err"); RC=$?
is "$OUT" "2" "binary bytes are an error, then the session goes on"
repl '[[never closed' '1'
like "$ERR" "unfinished input" "an unterminated long string at the end of input"

done_testing
