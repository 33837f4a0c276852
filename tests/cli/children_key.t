#!/usr/bin/env bash
# Records and their child lists are read the same way by `gazette run`, `gazette whatif` and the
# REPL (.eval ID, .run): keyed by the table's INTEGER PRIMARY KEY `id` (or --key COLUMN), child
# rows joined on parent_id = that key.  M4 (京技管发〔2024〕30号) kindergarten 1 of
# tests/fixtures/wave1.sql is the spec example: A 12 + B 3 + C 7 + D 4 + E 10 = 36 child-months,
# 36 × 1,800 = 64,800.00.
. "$(dirname "$0")/../tap.sh"
export GAZETTE_HISTORY=
W="$TMP/wave1.db"
sqlite3 "$W" < "$(dirname "$0")/../fixtures/wave1.sql" || exit 1
M4=bda.kindergarten-per-child-subsidy

run "$GAZETTE" run $M4 --db "$W" --as-of 2025-12-31 --where "id = 1"
is "$(printf '%s\n' "$OUT" | sed -n 2p)" "1,$M4,eligible,64800.00,64800.00,36," "run: kindergarten 1, 36 × 1,800 = 64,800.00"

OUT=$(printf '%s\n' '.asof 2025-12-31' '.eval 1' | "$GAZETTE" repl --db "$W" $M4 2>&1)
like "$OUT" "$M4: eligible  64,800.00元  \(as of 2025-12-31\)" "REPL .eval 1: the same 64,800.00 (its children attached)"
unlike "$OUT" "missing: children" "  and no 'missing: children'"

done_testing
