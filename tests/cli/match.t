#!/usr/bin/env bash
# gazette match: every measure in force for one record (docs/matching.md).
. "$(dirname "$0")/../tap.sh"
D="$(dirname "$0")/data/match"

# q JSON LUA: evaluates LUA (which returns a value) with `o` the decoded report and r(id) the
# result of a measure (or nil).
q() {
  "$GAZETTE" -e "local json = require 'json' local o = json.decode([==[$1]==])
    local function r(id) for _, x in ipairs(o.results) do if x.measure == id then return x end end end
    local function list(t) local s = {} for i, v in ipairs(t or {}) do s[i] = tostring(v) end return table.concat(s, ',') end
    $2"
}
M1=chaoyang.startup-jobs-subsidy
M13=chaoyang.startup-rent-subsidy

# ---- the M1 worked case as of 2022-06-01 ----
run "$GAZETTE" match --input "$D/m1_example.json" --as-of 2022-06-01 --json
J=$OUT
is "$RC" 0 "the M1 example: exit 0"
is "$(q "$J" 'local t = {} for k in pairs(o) do t[#t + 1] = k end table.sort(t) return list(t)')" \
  "as_of,entity,needed,results,total" "the report's keys: as_of, results, total, needed (and entity)"
like "$J" '^\{"as_of":"2022-06-01","results":\[\{"measure":"chaoyang.startup-jobs-subsidy","status":"eligible","amount":"70000.00","missing":\[\]' \
  "in the contract's order, M1 first: eligible at 70000.00"
is "$(q "$J" 'return o.total')" "70000.00" "total payable 70000.00 (30,000 + (7 − 3) × 10,000)"
is "$(q "$J" 'return list(r("'$M1'").clauses)')" "五（二）" "M1 with its clause"
# every other enterprise measure in force on 2022-06-01, with its status
is "$(q "$J" 'local t = {} for _, x in ipairs(o.results) do t[#t + 1] = x.measure .. "=" .. x.status end return list(t)')" \
  "$M1=eligible,beijing.safety-manager-staffing=undetermined,beijing.sme-first-loan-subsidy-2022=undetermined,chaoyang.key-group-hiring-subsidy=undetermined,$M13=undetermined" \
  "every enterprise measure in force: M1 eligible; M22, M18, M9, M13 undetermined (M6, M14, M24 are not in force)"
is "$(q "$J" 'return list(r("'$M13'").missing)')" \
  "founder_group,founder_hukou_district,rents_premises,years_subsidised,annual_rent" "M13 names the facts it lacks"
is "$(q "$J" 'return list(r("chaoyang.key-group-hiring-subsidy").missing)')" "year" "M9 needs the hiring year"
is "$(q "$J" 'return list(o.needed)')" \
  "annual_rent,founder_group,founder_hukou_district,loan_date,rents_premises,sector,year,years_subsidised" \
  "needed: the union of the missing facts, each once"
is "$(q "$J" 'return tostring(r("'$M1'").excluded_by)')" "nil" "no excluded_by unless excluded"
run "$GAZETTE" match --input "$D/m1_example.json" --as-of 2022-06-01
like "$OUT" "✓ $M1 +70,000.00元  中小微企业带动朝阳区户籍劳动力就业一次性就业补贴（朝政发〔2020〕9号 五（二））" \
  "text: the eligible measure, amount, title, document and clause"
like "$OUT" "entity inferred from 9 of its 9 fields" "text: the entity inferred, and said so"
like "$OUT" "Total payable: 70,000.00元" "text: the total"
like "$OUT" "  tax_district|  year +chaoyang.key-group-hiring-subsidy" "text: each fact to collect with the measures that need it"
run "$GAZETTE" match --input "$D/m1_example.json" --as-of 2022-06-01 --json --all
is "$(q "$OUT" 'local t = {} for _, x in ipairs(o.results) do if x.status == "not_in_force" then t[#t + 1] = x.measure end end return list(t)')" \
  "bda.sme-loan-interest-subsidy,beijing.graduate-job-expansion-subsidy,chaoyang.one-industry-one-licence" \
  "--all: the measures not in force too"
unlike "$J" "not_in_force" "without --all, none not in force"

# ---- a Chaoyang start-up that qualifies for M1 and M13 at once ----
# M1: established 2022-03-01, as of 2024-05-10 (1–5 years), small (45 people, 800万), 7 hires:
# 30,000 + 4 × 10,000 = 70,000. M13: founder registered unemployed with 朝阳区 hukou, rent
# 80,000 → 50,000 (the cap). Together 120,000.
run "$GAZETTE" match --input "$D/startup_m1_m13.json" --as-of 2024-05-10 --json
is "$(q "$OUT" 'return r("'$M1'").status .. " " .. r("'$M1'").amount .. ", " .. r("'$M13'").status .. " " .. r("'$M13'").amount')" \
  "eligible 70000.00, eligible 50000.00" "M1 (70000.00) and M13 (50000.00) at once"
is "$(q "$OUT" 'return o.total')" "120000.00" "total payable 120000.00"
is "$(q "$OUT" 'return r("bda.sme-loan-interest-subsidy").status .. " " .. r("bda.sme-loan-interest-subsidy").failed.rule')" \
  "ineligible in-yizhuang" "M24 ineligible: in_yizhuang derived from 朝阳区 (first failed rule)"

# ---- a BDA fund manager meeting 第十一条 and 第十二条 of 京技管发〔2024〕33号 ----
# 第十一条: 8000万 × 3% = 2,400,000; 第十二条: a USD 50 million fund 800,000; 就高不重复: 第十一条 pays
run "$GAZETTE" match --input "$D/fund_manager.json" --as-of 2025-06-01 --json
J=$OUT
is "$(q "$J" 'return r("bda.pe-manager-landing-reward").status .. " " .. r("bda.pe-manager-landing-reward").amount')" \
  "eligible 2400000.00" "第十一条 pays 2400000.00"
is "$(q "$J" 'local x = r("bda.qflp-landing-reward") return x.status .. " " .. x.amount .. " " .. x.excluded_by')" \
  "ineligible 0.00 bda.pe-manager-landing-reward" "第十二条 (800,000 alone) shows excluded_by 第十一条"
is "$(q "$J" 'return r("bda.qflp-landing-reward").failed.detail')" \
  "bda.pe-manager-landing-reward pays 2,400,000.00元; this measure would pay 800,000.00元" "with both amounts"
is "$(q "$J" 'return o.total')" "2400000.00" "the total counts the higher only"
is "$(q "$J" 'return o.entity')" "fund_manager" "a fund_manager record"
is "$(q "$J" 'return r("'$M1'").status .. " " .. r("'$M1'").failed.rule')" "ineligible registered-in-chaoyang" \
  "a fund manager is an enterprise: the enterprise measures are evaluated too"
is "$(q "$J" 'return list(r("bda.sme-loan-interest-subsidy").missing)')" "industry_code" \
  "M24's size_class is asked for by what derives it"
run "$GAZETTE" match --input "$D/fund_manager.json" --as-of 2025-06-01
like "$OUT" "✗ bda.qflp-landing-reward +800,000.00元  excluded by bda.pe-manager-landing-reward" "text: not stacked, with what it would pay"
like "$OUT" "needs industry_code \(for size_class\)" "text: what a derived fact needs"

# ---- a bank: a financial institution is matched against its measures and the enterprise ones ----
# M8: 3亿 in [1亿, 5亿): 5,000,000 + 300,000,000 × 1% = 8,000,000; M25 (year 2025, settled 2025-03-01):
# 第十三条 0.5% × 8亿 = 4,000,000 over 第十四条's 2,000,000 (capped). No group between them: both pay.
run "$GAZETTE" match --input "$D/bank.json" --as-of 2025-06-01 --json
is "$(q "$OUT" 'return r("bda.licensed-institution-landing-grant").amount .. " " .. r("bda.financial-institution-revenue-reward").amount .. " " .. o.total')" \
  "8000000.00 4000000.00 12000000.00" "a bank: M8 8000000.00 and M25 4000000.00, 12000000.00 in all"
is "$(q "$OUT" 'return list(r("bda.financial-institution-revenue-reward").clauses)')" "附则2,第三条,第十三条,第十四条" \
  "M25's clauses, each once"
is "$(q "$OUT" 'return list(r("bda.sme-loan-interest-subsidy").missing)')" "size_class" \
  "M24 needs size_class itself: 金融业 (J6621) is not sized by 工信部联企业〔2011〕300号"

# ---- an enterprise that needs two missing facts ----
run "$GAZETTE" match --input "$D/two_missing.json" --as-of 2025-06-01 --json
J=$OUT
is "$(q "$J" 'return list(o.needed)')" "tax_district,chaoyang_hukou_hires" \
  "needed: tax_district (for M1 and M13, asked once) and chaoyang_hukou_hires"
is "$(q "$J" 'return list(r("'$M1'").missing) .. " | " .. list(r("'$M13'").missing)')" \
  "tax_district,chaoyang_hukou_hires | tax_district" "M1 lacks both, M13 lacks tax_district"
is "$(q "$J" 'return r("chaoyang.one-industry-one-licence").status')" "eligible" \
  "M14 read its own industry_code given as \"chaoyang.one-industry-one-licence:industry_code\""
is "$(q "$J" 'return r("chaoyang.key-group-hiring-subsidy").amount')" "5000.00" "M9 counts the 朝阳区 registered-unemployed hire"
run "$GAZETTE" match --input "$D/two_missing.json" --as-of 2025-06-01
like "$OUT" "To collect \(2 facts, each once\):" "text: two facts to collect"
like "$OUT" "  tax_district +chaoyang.startup-jobs-subsidy, chaoyang.startup-rent-subsidy" "tax_district once, for both"

# ---- a person: an intern (M10) matches only person measures ----
# months from 2023-07-10: 07-10, 08-10 at 2,320; 09-10 … 2024-02-10 at 2,420: 2 × 2,320 + 6 × 2,420 = 19,160
run "$GAZETTE" match --input "$D/intern.json" --as-of 2024-03-15 --json
is "$(q "$OUT" 'return o.entity')" "person" "the intern's record is a person (inferred)"
is "$(q "$OUT" 'local t = {} for _, x in ipairs(o.results) do t[#t + 1] = x.measure .. "=" .. x.status .. " " .. x.amount end return list(t)')" \
  "chaoyang.intern-living-subsidy=eligible 19160.00" "only the person measure M10: eligible, 19160.00"

# ---- refusals and warnings ----
printf '{"reg_district": "朝阳区", "birth_date": "2000-01-01"}' > "$TMP/amb.json"
run "$GAZETTE" match --input "$TMP/amb.json" --as-of 2025-06-01
is "$RC" 2 "fields of two entities: exit 2"
like "$ERR" "which entity is the record\? its fields fit enterprise, .*person equally: add \"entity\"" "saying so"
run "$GAZETTE" match --input "$TMP/amb.json" --as-of 2025-06-01 --entity enterprise --json
is "$RC" 0 "--entity decides"
printf '{"entity": "shop"}' > "$TMP/e.json"
run "$GAZETTE" match --input "$TMP/e.json"
is "$RC" 2 "an unknown entity: exit 2"
like "$ERR" "unknown entity 'shop'; entities: enterprise, financial_institution, fund_manager, person" "naming the entities"
sed 's/"reg_district": "朝阳区"/"reg_district": "朝阳区", "in_yizhuang": true/' "$D/m1_example.json" > "$TMP/c.json"
run "$GAZETTE" match --input "$TMP/c.json" --as-of 2025-06-01
is "$RC" 2 "a derived input its fields contradict: exit 2"
like "$ERR" "input 'in_yizhuang': the record gives true, but reg_district = '朝阳区' derives false" "naming both"
sed 's/"employees": 45/"employees": "many"/' "$D/m1_example.json" > "$TMP/b.json"
run "$GAZETTE" match --input "$TMP/b.json" --as-of 2025-06-01
is "$RC" 2 "a value that does not convert: exit 2"
like "$ERR" "b.json: input 'employees': cannot read 'many' as an integer" "naming the file and field"
sed 's/"employees": 45/"employees": 45, "interest_paid": 100/' "$D/m1_example.json" > "$TMP/i.json"
run "$GAZETTE" match --input "$TMP/i.json" --as-of 2025-06-01
is "$RC" 2 "a plain name two measures read as different facts: exit 2"
like "$ERR" "'interest_paid' is an input of .* each meaning its own fact; give it as \"bda.sme-loan-interest-subsidy:interest_paid\"" \
  "asking for MEASURE_ID:NAME"
sed 's/"employees": 45/"employees": 45, "employes": 3/' "$D/m1_example.json" > "$TMP/w.json"
run "$GAZETTE" match --input "$TMP/w.json" --as-of 2022-06-01
is "$RC" 0 "an unknown field: still matched"
like "$ERR" "warning: .*w.json: 'employes' is not a field of an enterprise record .*ignored \(did you mean 'employees'\?\)" "with a warning"
printf '{"entity": "enterprise",' > "$TMP/bad.json"
run "$GAZETTE" match --input "$TMP/bad.json"
is "$RC" 2 "malformed JSON: exit 2"
run "$GAZETTE" match --as-of 2025-06-01
is "$RC" 2 "no --input: exit 2"
run "$GAZETTE" match --input "$D/m1_example.json" --as-of 2022-13-01
is "$RC" 2 "a bad date: exit 2"
run "$GAZETTE" help match
like "$OUT" "usage: gazette match --input FILE.json" "gazette help match"
done_testing
