#!/usr/bin/env bash
# gazette lint and the shared vocabulary (docs/fields.md): every input is a canonical field,
# derived from them, or declared specific; lint names the one that is none, at its line.
. "$(dirname "$0")/../tap.sh"
mkdir -p "$TMP/m"
cat > "$TMP/m/vocab.lua" <<'L'
local M = measure { id = "t.vocab", title = "t", document = { number = "1号" }, valid = { from = "2021-01-01" },
  entity = "enterprise",
  inputs = {
    reg_district = { type = "district" },
    employees = { type = "text" },
    shoe_size = { type = "integer" },
    in_yizhuang = { type = "boolean" },
    hires = { type = "list", of = { hired_on = { type = "date" }, shoe_size = { type = "integer" } } },
    rent = { type = "money", specific = true },
    stat = { type = "text", derive = "industry_code" },
    small = { type = "enum", values = { "大型", "中型", "小型", "微型" }, derive = "size_class" },
  } }
M:rule("r", { clause = "一", text = "t", check = function(r)
  return r.reg_district ~= nil and r.employees ~= nil and r.shoe_size ~= nil and r.in_yizhuang ~= nil
    and r.hires ~= nil and r.rent ~= nil and r.stat ~= nil and r.small ~= nil end })
M:case { name = "c", as_of = "2022-01-01", input = {}, expect = { status = "undetermined" } }
return M
L
run "$GAZETTE" lint "$TMP/m/vocab.lua"
is "$RC" 1 "findings: exit 1"
like "$OUT" "vocab.lua:5: input 'employees' is declared text, but the canonical field enterprise.employees is integer" \
  "a canonical name with another type, at its line"
like "$OUT" "vocab.lua:6: input 'shoe_size' is neither a canonical field of enterprise \(docs/fields.md\), nor derived \(derive = ...\), nor declared measure-specific \(specific = true\)" \
  "an input that is none of the three"
like "$OUT" "vocab.lua:7: input 'in_yizhuang' is the derived field in_yizhuang \(from reg_district, docs/fields.md\): declare derive = \"in_yizhuang\"" \
  "a derived field declared without derive"
like "$OUT" "vocab.lua:8: input 'hires': field 'shoe_size' of its records is not a canonical field of hire" \
  "a field of a canonical list's records"
like "$(printf '%s\n' "$OUT" | tail -1)" "^4 findings in 1 measure$" "reg_district (canonical), rent (specific), stat and small (derived) are not findings"
sed -i 's/    stat = { type = "text", derive = "industry_code" },/    stat = { type = "integer", derive = "industry_code" },/' "$TMP/m/vocab.lua"
run "$GAZETTE" lint "$TMP/m/vocab.lua"
like "$OUT" "vocab.lua.*input 'stat': declared integer, but derive = \"industry_code\" gives text \(the script does not load\)" \
  "a derive of another type: the script does not load"
done_testing
