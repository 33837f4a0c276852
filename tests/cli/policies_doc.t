#!/usr/bin/env bash
# docs/policies.md holds the table that scripts/policies_doc.lua generates from the measures
# (regenerate with scripts/update-policies-doc.sh).
. "$(dirname "$0")/../tap.sh"
run "$GAZETTE" scripts/policies_doc.lua
is "$RC" 0 "policies_doc.lua runs"
like "$OUT" 'chaoyang\.startup-jobs-subsidy' "the table lists M1"
n=$("$GAZETTE" list --json | grep -o '"id":' | wc -l)
is "$(printf '%s\n' "$OUT" | grep -c '^| `')" "$n" "every measure of gazette list in the table ($n)"
doc=$(awk '/^<!-- BEGIN gazette list/ { on = 1; next } /^<!-- END gazette list/ { on = 0 } on' docs/policies.md)
is "$doc" "$OUT" "docs/policies.md is up to date (run scripts/update-policies-doc.sh)"
done_testing
