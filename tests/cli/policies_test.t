#!/usr/bin/env bash
# gazette test over policies/: every case of every wave-1 measure passes.
. "$(dirname "$0")/../tap.sh"

for f in policies/chaoyang/2020-04/startup_jobs_subsidy.lua \
         policies/beijing/2022-27/prefab_building_reward.lua \
         policies/beijing/2022-27/land_lease_then_transfer.lua \
         policies/beijing/2025-12/kindergarten_per_child_subsidy.lua \
         policies/beijing/2025-12/resident_medical_insurance_2025.lua \
         policies/beijing/2025-12/graduate_job_expansion_subsidy.lua \
         policies/beijing/2025-12/drg_payment_2025.lua \
         policies/beijing/2025-12/licensed_institution_landing_grant.lua; do
  run "$GAZETTE" test "$f"
  n=$(printf '%s\n' "$OUT" | tail -1)
  is "$RC" 0 "$f: gazette test exits 0"
  like "$n" '^[1-9][0-9]* passed, 0 failed$' "$f: all cases pass ($n)"
  [ "$RC" = 0 ] || printf '%s\n' "$OUT" | grep -A3 '^not ok' | sed 's/^/# /'
done
done_testing
