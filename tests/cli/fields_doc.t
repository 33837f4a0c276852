#!/usr/bin/env bash
# docs/fields.md holds the tables that scripts/fields_doc.lua generates from the vocabulary
# (stdlib/data/fields.csv, entities.csv; regenerate with scripts/update-fields-doc.sh).
. "$(dirname "$0")/../tap.sh"
run "$GAZETTE" scripts/fields_doc.lua
is "$RC" 0 "fields_doc.lua runs"
like "$OUT" '\| `reg_district` \| district \|' "the table lists reg_district"
n=$(tail -n +2 stdlib/data/fields.csv | grep -c .)
is "$(printf '%s\n' "$OUT" | grep -cE '^\| `[a-z_0-9]+` \| (text|date|integer|money|boolean|enum|list|ratio|decimal|district)')" "$n" "every field of fields.csv in the tables ($n)"
doc=$(awk '/^<!-- BEGIN fields/ { on = 1; next } /^<!-- END fields/ { on = 0 } on' docs/fields.md)
is "$doc" "$OUT" "docs/fields.md is up to date (run scripts/update-fields-doc.sh)"
done_testing
