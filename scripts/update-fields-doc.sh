#!/usr/bin/env bash
# Regenerate the tables of canonical fields in docs/fields.md from the vocabulary
# (stdlib/data/fields.csv, entities.csv) with scripts/fields_doc.lua.
# Usage: scripts/update-fields-doc.sh [GAZETTE]   (from the repository root; default ./gazette)
set -euo pipefail
G=${1:-./gazette}
table=$("$G" scripts/fields_doc.lua)
awk -v table="$table" '
  /^<!-- BEGIN fields/ { print; print table; skip = 1; next }
  /^<!-- END fields/ { skip = 0 }
  !skip { print }' docs/fields.md > docs/fields.md.tmp
mv docs/fields.md.tmp docs/fields.md
