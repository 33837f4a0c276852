#!/usr/bin/env bash
# gazette run over each wave-1 measure's sample table (tests/fixtures/wave1.sql): every record
# gets a status and none is an error; child lists come from the child tables by parent_id.
. "$(dirname "$0")/../tap.sh"
command -v sqlite3 >/dev/null || { echo "1..0 # SKIP sqlite3 not installed"; exit 0; }
DB="$TMP/wave1.db"
sqlite3 "$DB" < "$(dirname "$0")/../fixtures/wave1.sql"

# measure table as_of rows expected-eligible-amounts (record_id=amount, checked when listed)
check() {
  local id=$1 table=$2 as_of=$3 rows=$4; shift 4
  run "$GAZETTE" run "$id" --db "$DB" --table "$table" --as-of "$as_of" --out "$TMP/$table.csv"
  is "$RC" 0 "$id over $table: exits 0"
  local body; body=$(tail -n +2 "$TMP/$table.csv" 2>/dev/null)
  is "$(printf '%s\n' "$body" | grep -c .)" "$rows" "$id: $rows result rows"
  unlike "$body" '^[^,]*,[^,]*,error,' "$id: no error rows"
  local pair rid amt
  for pair in "$@"; do
    rid=${pair%%=*}; amt=${pair#*=}
    like "$body" "^$rid,$id,[a-z_]+,\"?$amt\"?(,|\$)" "$id: record $rid amount $amt"
  done
}
# 180 × 20,000; 2500万 cap; 180 × 30,000
check yizhuang.prefab-building-reward prefab_projects 2023-05-10 12 1=3600000.00 2=25000000.00 3=5400000.00
# 1.1亿 − 8000万 × 25%
check yizhuang.land-lease-then-transfer land_leases 2024-06-01 9 1=90000000.00 9=9499999.99
# 36 × 1,800; (4 + 3 + 0 + 3) × 1,800
check bda.kindergarten-per-child-subsidy kindergartens 2025-12-31 5 1=64800.00 2=18000.00
# 750 × 2 + 405 + 430; 430; 405 × 3
check beijing.resident-medical-insurance-2025 households 2025-03-01 4 1=2335.00 2=430.00 3=1215.00
check beijing.graduate-job-expansion-subsidy enterprises_hires 2025-11-15 4 1=2000.00 2=2000.00 3=0.00
check beijing.drg-payment-2025 drg_cases 2025-03-01 8 1=47998.75 2=16667.20 7=20429.09
check bda.licensed-institution-landing-grant financial_institutions 2025-06-01 10 1=8000000.00 2=6234600.00
done_testing
