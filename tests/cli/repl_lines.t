#!/usr/bin/env bash
# The REPL names the session's own line in errors (issue 19): a piped session's error on line 11
# says stdin:11, not stdin:1; a function defined on lines 4-6 and failing later names line 5;
# .set names itself once (not ".set: --set").
. "$(dirname "$0")/../tap.sh"

printf '%s\n' '.load chaoyang.startup-jobs-subsidy' 'x = 1' '' 'function f()' '  return nil + 1' 'end' \
  'y = 2' 'z = 3' 'w = 4' 'v = 5' 'error("on line 11")' 'f()' > "$TMP/s.gz"
run $GAZETTE repl < "$TMP/s.gz"
is "$RC" 1 "a piped session with errors exits 1"
like "$ERR" "^stdin:11: on line 11" "an error on line 11 names stdin:11"
like "$ERR" "stdin:5: attempt to perform arithmetic on a nil value" "a function from lines 4-6 failing later names line 5"

printf '%s\n' 'a = 1' 'function h()' '  local q = 1' '  local r = = 2' 'end' > "$TMP/m.gz"
run $GAZETTE repl < "$TMP/m.gz"
like "$ERR" "^stdin:4: unexpected symbol near '='" "a multi-line input that breaks names the line it breaks on"
printf '%s\n' 'a = 1' 'b = 2' 'function g()' > "$TMP/u.gz"
run $GAZETTE repl < "$TMP/u.gz"
like "$ERR" "^stdin:3: unfinished input at the end" "an unfinished input names the line it starts on"

printf '%s\n' '.load chaoyang.startup-jobs-subsidy' '.set per_hire 1.5万' '.set cap 30万' > "$TMP/set.gz"
run $GAZETTE repl < "$TMP/set.gz"
like "$ERR" "^\.set: per_hire: chaoyang.startup-jobs-subsidy has no parameter 'per_hire'; its parameters: .*per_extra_hire" \
  ".set of an unknown parameter names .set once and lists the parameters"
unlike "$ERR" "--set" "  without the command line's --set"
is "$OUT" "loaded chaoyang.startup-jobs-subsidy: 中小微企业带动朝阳区户籍劳动力就业一次性就业补贴（朝政发〔2020〕9号）; parameters: district, min_years, max_years, min_hires, base, per_extra_hire, cap
cap = 30万" "  and the session goes on"

done_testing
