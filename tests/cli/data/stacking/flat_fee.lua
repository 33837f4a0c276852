-- tests/cli/data/stacking/flat_fee.lua: a TEST FIXTURE with no exclusivity group, run between
-- the two grants of stacktest-landing in tests/cli/stacking.t: it stacks with both. Not a policy.
local M = measure {
  id = "stacktest.flat-fee",
  title = "园区服务费减免（测试用）",
  document = { number = "测〔2025〕1号", issuer = "测试管委会", issued_on = "2025-01-01" },
  valid = { from = "2025-01-01" },
  entity = "enterprise",
  inputs = { in_zone = { type = "boolean" } },
  outputs = { relief = { type = "money" } },
  amount = "relief",
}
M:param("relief", { { from = "2025-01-01", value = yuan(1000), clause = "第四条", text = "减免 1000 元" } })
M:rule("in-zone", { clause = "第三条", text = "在园区内", check = function(r) return r.in_zone == true end })
M:compute(function(_, ctx, out) out.relief = ctx.p.relief end)
M:case { name = "in the zone: 1000", as_of = "2025-06-01", input = { in_zone = true },
  expect = { status = "eligible", amount = "1000.00" } }
return M
