#!/usr/bin/env bash
# The REPL's .match: every measure in force for one record of the open population (by id) or
# typed in, as gazette match prints it (docs/repl.md, docs/matching.md).
. "$(dirname "$0")/../tap.sh"
export GAZETTE_HISTORY=
D="$(cd "$(dirname "$0")" && pwd)/data/match"
sqlite3 "$TMP/pop.db" < "$D/pop.sql" || exit 1
repl() { OUT=$(printf '%s\n' "$@" | $GAZETTE repl --db "$TMP/pop.db" --as-of 2022-06-01 2>"$TMP/err"); RC=$?; ERR=$(cat "$TMP/err"); }

repl '.match 1'
is "$RC" 0 ".match 1: exit 0"
like "$OUT" "an enterprise record \(entity enterprise\): 8 measures for it, 5 in force" "the entity from the table (enterprises)"
like "$OUT" "✓ chaoyang.startup-jobs-subsidy +70,000.00元" "record 1 (the M1 example): M1 eligible at 70,000.00"
like "$OUT" "Total payable: 70,000.00元" "the total"
repl '.match 3'
like "$OUT" "\? chaoyang.startup-jobs-subsidy +needs tax_district" "record 3: M1 needs tax_district"
like "$OUT" "  tax_district +chaoyang.startup-jobs-subsidy, chaoyang.startup-rent-subsidy" "asked once for M1 and M13"
repl '.match {entity = "person", category = "高校毕业生", hukou_district = "朝阳区", graduated_on = "2021-06-30", employed_since_graduation = false, internship_start = "2021-09-01", internship_months = 3}'
# 3 months from 2021-09-01 at 2,320 (from 2021-09-01): 6,960
like "$OUT" "✓ chaoyang.intern-living-subsidy +6,960.00元" "a record typed in: an intern, 3 × 2,320 = 6,960.00"
unlike "$OUT" "startup" "a person sees no enterprise measure"
repl '.match 1' 'last_match.total'
like "$OUT" "70,000.00元" "the report is last_match"
repl '.match 99'
like "$ERR" "\.match: no record with id 99 in table enterprises" "an unknown id: an error naming it"
repl '.help'
like "$OUT" "\.match ID \| \{RECORD\} +every measure in force for one record" ".help lists .match"
done_testing
