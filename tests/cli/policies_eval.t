#!/usr/bin/env bash
# gazette eval for the worked case of each wave-1 measure (M1–M8 of docs/policies.md): exact
# amounts and outputs from `eval ID --input FILE --as-of DATE --json`.
. "$(dirname "$0")/../tap.sh"
D="$(dirname "$0")/data/policies"

# has JSON KEY VALUE DESC: the JSON text holds "KEY": VALUE (VALUE a JSON literal).
has() {
  local v; v=$(printf '%s' "$3" | sed 's/[.[\*^$]/\\&/g')
  like "$1" "\"$2\" *: *$v" "$4"
}
ev() { run "$GAZETTE" eval "$1" --input "$D/$2" --as-of "$3" --json; }

ev chaoyang.startup-jobs-subsidy startup_jobs_subsidy.json 2022-06-01
is "$RC" 0 "M1 eval exits 0"
has "$OUT" status '"eligible"' "M1: small enterprise, 7 hires: eligible"
# 30,000 + (7 − 3) × 10,000 = 70,000
has "$OUT" amount '"70000.00"' "M1: 30,000 + 4 × 10,000 = 70000.00"
ev chaoyang.startup-jobs-subsidy startup_jobs_subsidy_cap.json 2022-06-01
# 30,000 + 22 × 10,000 = 250,000 → cap 200,000
has "$OUT" amount '"200000.00"' "M1: 25 hires capped at 200000.00"
ev chaoyang.startup-jobs-subsidy startup_jobs_subsidy.json 2020-12-31
has "$OUT" status '"not_in_force"' "M1: not in force before 2021-01-01"

# M2: 180 × 20,000 = 3,600,000; 180 × 150,000 = 27,000,000 → cap 25,000,000
ev yizhuang.prefab-building-reward prefab_building_reward.json 2023-05-10
is "$RC" 0 "M2 eval exits 0"
has "$OUT" measure '"yizhuang.prefab-building-reward"' "M2: measure id in the result"
has "$OUT" as_of '"2023-05-10"' "M2: as_of in the result"
has "$OUT" amount '"3600000.00"' "M2: 20,000 m² × 180 = 3600000.00"
has "$OUT" reward '"3600000.00"' "M2: outputs.reward"
like "$OUT" '"reasons" *: *\[' "M2: reasons listed"
ev yizhuang.prefab-building-reward prefab_building_reward_cap.json 2023-05-10
has "$OUT" amount '"25000000.00"' "M2: 150,000 m² capped at 25000000.00"
ev yizhuang.prefab-building-reward prefab_building_reward.json 2026-01-01
has "$OUT" status '"not_in_force"' "M2: not in force after 2025"
run "$GAZETTE" eval yizhuang.prefab-building-reward --input "$D/prefab_building_reward.json" \
  --as-of 2023-05-10 --interpret fiscal-share=at_most --json
has "$OUT" fiscal-share '"at_most"' "M2: --interpret recorded in interpretations"

# M3: 8000万 × 25% = 2000万; 1.1亿 − 2000万 = 9000万; dates from 2027-06-15
ev yizhuang.land-lease-then-transfer land_lease_then_transfer.json 2022-06-15
is "$RC" 0 "M3 eval exits 0"
has "$OUT" amount '"90000000.00"' "M3: transfer payment 90000000.00"
has "$OUT" deposit '"20000000.00"' "M3: deposit 20000000.00"
has "$OUT" rent_total '"20000000.00"' "M3: rent = deposit"
has "$OUT" lease_end '"2027-06-15"' "M3: lease end 2027-06-15"
has "$OUT" pre_assessment_on '"2026-06-15"' "M3: pre-assessment 2026-06-15"
has "$OUT" production_assessment_on '"2026-12-15"' "M3: production assessment 2026-12-15"
has "$OUT" renewal_apply_by '"2027-03-15"' "M3: renewal by 2027-03-15"

# M4: 12 + 3 + 7 + 4 + 10 = 36 child-months × 1,800 = 64,800
ev bda.kindergarten-per-child-subsidy kindergarten_per_child_subsidy.json 2025-12-31
is "$RC" 0 "M4 eval exits 0"
has "$OUT" amount '"64800.00"' "M4: 36 × 1,800 = 64800.00"
has "$OUT" child_months '36' "M4: 36 child-months"

# M5: 750×2+405+430 = 2,335; 2,335×2+1,725+4,350 = 10,745; 4,451; 6,294; 13,080
ev beijing.resident-medical-insurance-2025 resident_medical_insurance_2025.json 2025-03-01
is "$RC" 0 "M5 eval exits 0"
has "$OUT" amount '"2335.00"' "M5: individual contribution 2335.00"
has "$OUT" individual_contribution '"2335.00"' "M5: outputs.individual_contribution"
has "$OUT" fiscal_subsidy '"10745.00"' "M5: fiscal subsidy 10745.00"
has "$OUT" municipal_subsidy '"4451.00"' "M5: municipal 4451.00"
has "$OUT" district_subsidy '"6294.00"' "M5: district 6294.00"
has "$OUT" total_funding '"13080.00"' "M5: total 13080.00"
ev beijing.resident-medical-insurance-2025 resident_medical_insurance_2025_bad.json 2025-03-01
isnt0() { [ "$1" != 0 ]; }
isnt0 "$RC"; ok $? "M5: an unknown category is an error (exit $RC)"
like "$ERR$OUT" "城乡老年人" "M5: the error names the allowed categories"

# M6: graduate (counts) + unemployed aged 20 (counts) + unemployed aged 26 (no) = 2 × 1,000
ev beijing.graduate-job-expansion-subsidy graduate_job_expansion_subsidy.json 2025-11-15
is "$RC" 0 "M6 eval exits 0"
has "$OUT" amount '"2000.00"' "M6: 2 × 1,000 = 2000.00"
has "$OUT" counted_hires '2' "M6: 2 counted hires"

# M7: 2.35 × 20,425 = 47,998.75; 0.8 × 20,834 = 16,667.20; 1.5 × 20,425 = 30,637.50, retained 2,818.75
ev beijing.drg-payment-2025 drg_payment_2025_general.json 2025-03-01
is "$RC" 0 "M7 eval exits 0"
has "$OUT" amount '"47998.75"' "M7: 2.35 × 20,425 = 47998.75"
ev beijing.drg-payment-2025 drg_payment_2025_infectious.json 2025-03-01
has "$OUT" amount '"16667.20"' "M7: 0.8 × 20,834 = 16667.20"
ev beijing.drg-payment-2025 drg_payment_2025_surplus.json 2025-03-01
has "$OUT" payment '"30637.50"' "M7: 1.5 × 20,425 = 30637.50"
has "$OUT" retained_surplus '"2818.75"' "M7: (30,637.50 − 25,000) × 50% = 2818.75"
ev beijing.drg-payment-2025 drg_payment_2025_general.json 2024-12-31
has "$OUT" status '"not_in_force"' "M7: not in force before 2025-01-01"

# M8: 500万 + 3亿 × 1% = 800万; 500万 + 1,234,567.89 = 6,234,567.89 → 6,234,600.00
ev bda.licensed-institution-landing-grant licensed_institution_landing_grant.json 2025-06-01
is "$RC" 0 "M8 eval exits 0"
has "$OUT" amount '"8000000.00"' "M8: K = 3亿 → 8000000.00"
ev bda.licensed-institution-landing-grant licensed_institution_landing_grant_round.json 2025-06-01
has "$OUT" amount '"6234600.00"' "M8: K = 123,456,789 → 6234600.00 (万元, two decimals)"
ev bda.licensed-institution-landing-grant licensed_institution_landing_grant.json 2029-01-01
has "$OUT" status '"not_in_force"' "M8: not in force after 2028-12-31"

done_testing
