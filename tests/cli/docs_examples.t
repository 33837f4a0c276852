#!/usr/bin/env bash
# The examples of docs/repl.md and the README quick start run as written (issue 19: per_hire,
# build/pop.db, pct(45) printing, pop.db used before the command that creates it).
. "$(dirname "$0")/../tap.sh"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$TMP" || exit 1
mkdir -p build

# docs/repl.md: the population first, as its Starting section says
gen=$(grep -m1 '^gazette gen .*--out build/pop.db' "$ROOT/docs/repl.md" | sed 's/ *#.*//')
like "$gen" "^gazette gen --enterprises [0-9]+ --seed [0-9]+ --as-of [0-9-]+ --out build/pop.db" "docs/repl.md makes build/pop.db before using it"
run $GAZETTE ${gen#gazette }
is "$RC" 0 "  and that command runs"

# The session, line by line: the doc's outputs up to .explain are the REPL's
awk '/^## A session/ { on = 1 } on && /^```$/ { n++; if (n == 2) exit; next } on && n == 1' "$ROOT/docs/repl.md" > session.txt
awk '/^gazette> \.explain/ { exit } { print }' session.txt > shown.txt
sed -n 's/^gazette> //p' shown.txt > in.gz
grep -v '^gazette> ' shown.txt > want.txt
run $GAZETTE repl < in.gz
is "$RC" 0 "the session of docs/repl.md runs ($(wc -l < in.gz) commands)"
is "$OUT" "$(cat want.txt)" "  and prints what docs/repl.md shows"

# Every whatif example of docs/repl.md runs (the --set names a parameter the measure has)
awk '/^```sh$/ { on = 1; next } /^```$/ { on = 0 } on' "$ROOT/docs/repl.md" | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' | grep '^gazette whatif' > whatif.txt
[ "$(wc -l < whatif.txt)" -ge 2 ]; ok $? "docs/repl.md has whatif examples ($(wc -l < whatif.txt))"
while read -r line; do
  eval "set -- ${line#gazette }"
  run $GAZETTE "$@"
  is "$RC" 0 "runs: ${line:0:90}"
done < whatif.txt

# How values print, as the table says
run $GAZETTE repl <<< 'pct(45)
ratio("0.45")
wan(3) * 2'
is "$OUT" "0.45
0.45
60,000.00元" "pct(45) and ratio(\"0.45\") print 0.45, wan(3) * 2 prints 60,000.00元 (docs/repl.md)"
like "$(grep -m1 '^| money, ratio, date |' "$ROOT/docs/repl.md")" "0.45" "  as docs/repl.md says"

# README: pop.db is made before any command uses it
first_use=$(grep -n 'pop\.db' "$ROOT/README.md" | grep -v 'gen .*--out pop\.db' | head -1 | cut -d: -f1)
made=$(grep -n 'gen .*--out pop\.db' "$ROOT/README.md" | head -1 | cut -d: -f1)
[ -n "$made" ] && [ "$made" -lt "$first_use" ]; ok $? "README: gen --out pop.db (line $made) comes before the first use of pop.db (line $first_use)"

done_testing
