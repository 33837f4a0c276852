#!/usr/bin/env bash
# One "today" for every command: the date in China Standard Time (UTC+8), whatever TZ says.
# eval, run, whatif, the REPL and cases default --as-of to it.  Under UTC+14 and UTC-12 the local date
# differs from the date in Beijing at every hour of the day in at least one of the two zones, so
# a command that used the local date (or UTC) fails here at any time of day.
. "$(dirname "$0")/../tap.sh"
export GAZETTE_HISTORY=
D="$(cd "$(dirname "$0")/data/batch" && pwd)"
M=test.simple
DB="$TMP/pop.db"
sqlite3 "$DB" "CREATE TABLE enterprises (id INTEGER PRIMARY KEY, reg_district TEXT, employees INTEGER,
  chaoyang_hukou_hires INTEGER, revenue TEXT); INSERT INTO enterprises VALUES (1, '朝阳区', 10, 4, '1.00');"
echo '{"reg_district": "朝阳区", "employees": 10, "chaoyang_hukou_hires": 4}' > "$TMP/rec.json"
"$GAZETTE" case open beijing.construction-permit --id P-1 --on 2025-09-26 --store "$TMP/cases.db" >/dev/null

# The date in Beijing before and after the commands: equal unless midnight passed meanwhile.
for tz in America/Los_Angeles Asia/Tokyo '<+14>-14' '<-12>+12' UTC; do
  before=$(TZ=Asia/Shanghai date +%F)
  e=$(TZ=$tz "$GAZETTE" --path "$D" eval "$M" --input "$TMP/rec.json" --json | grep -o '"as_of":"[0-9-]*"' | cut -d'"' -f4)
  rm -f "$TMP/r.jsonl"
  TZ=$tz "$GAZETTE" --path "$D" run "$M" --db "$DB" --out "$TMP/r.jsonl" >/dev/null 2>&1
  r=$(grep -o '"as_of":"[0-9-]*"' "$TMP/r.jsonl" | cut -d'"' -f4)
  w=$(TZ=$tz "$GAZETTE" --path "$D" whatif "$M" --db "$DB" --set cap=10万 | head -1 | sed 's/.*as of //')
  q=$(printf '.load %s\n.asof\n' "$M" | TZ=$tz "$GAZETTE" --path "$D" repl --db "$DB" 2>&1 | grep '^as of' | sed 's/^as of \([0-9-]*\).*/\1/')
  k=$(TZ=$tz "$GAZETTE" case show P-1 --store "$TMP/cases.db" | sed -n 's/^state: .* (as of \([0-9-]*\))$/\1/p')
  after=$(TZ=Asia/Shanghai date +%F)
  for got in "e:$e" "r:$r" "w:$w" "q:$q" "k:$k"; do
    cmd=${got%%:*}; d=${got#*:}
    case $cmd in e) name=eval ;; r) name=run ;; w) name=whatif ;; q) name=repl ;; k) name="case show" ;; esac
    if [ "$d" = "$before" ] || [ "$d" = "$after" ]; then ok 0 "TZ=$tz: $name defaults to the date in Beijing ($d)"
    else _tap_result 1 "TZ=$tz: $name defaults to the date in Beijing" "got '$d', Beijing: $before"; fi
  done
done

done_testing
