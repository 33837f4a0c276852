-- tests/cli/data/stacking/rent_grant.lua: a TEST FIXTURE for 就高不重复 between measures
-- (tests/cli/stacking.t): half the rent, capped, in exclusivity group "stacktest-landing"
-- with jobs_grant.lua. Not a policy.
local M = measure {
  id = "stacktest.rent-grant",
  title = "房租补贴（测试用）",
  document = { number = "测〔2025〕1号", issuer = "测试管委会", issued_on = "2025-01-01" },
  valid = { from = "2025-01-01" },
  entity = "enterprise",
  group = "stacktest-landing",
  inputs = { in_zone = { type = "boolean" }, rent = { type = "money" } },
  outputs = { grant = { type = "money" } },
  amount = "grant",
}
M:param("rate", { { from = "2025-01-01", value = pct(50), clause = "第一条", text = "房租的 50%" } })
M:param("cap", { { from = "2025-01-01", value = wan(100), clause = "第一条", text = "最高 100 万元" } })
M:rule("in-zone", { clause = "第三条", text = "在园区内", check = function(r) return r.in_zone == true end })
M:compute(function(r, ctx, out) out.grant = min(r.rent * ctx.p.rate, ctx.p.cap) end)
M:case { name = "100万 of rent: 50万", as_of = "2025-06-01", input = { in_zone = true, rent = "100万" },
  expect = { status = "eligible", amount = "500000.00" } }
return M
