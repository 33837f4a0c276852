#!/usr/bin/env bash
# Regenerate the table of measures in docs/policies.md from the scripts (scripts/policies_doc.lua).
# Usage: scripts/update-policies-doc.sh [GAZETTE]   (from the repository root; default ./gazette)
set -euo pipefail
G=${1:-./gazette}
table=$("$G" scripts/policies_doc.lua)
awk -v table="$table" '
  /^<!-- BEGIN gazette list/ { print; print table; skip = 1; next }
  /^<!-- END gazette list/ { skip = 0 }
  !skip { print }' docs/policies.md > docs/policies.md.tmp
mv docs/policies.md.tmp docs/policies.md
