-- tests/cli/data/stacking/jobs_grant.lua: a TEST FIXTURE for 就高不重复 between measures
-- (tests/cli/stacking.t): 1万 per hire, in exclusivity group "stacktest-landing" with
-- rent_grant.lua. Not a policy.
local M = measure {
  id = "stacktest.jobs-grant",
  title = "吸纳就业补贴（测试用）",
  document = { number = "测〔2025〕1号", issuer = "测试管委会", issued_on = "2025-01-01" },
  valid = { from = "2025-01-01" },
  entity = "enterprise",
  group = "stacktest-landing",
  inputs = { in_zone = { type = "boolean" }, hires = { type = "integer" } },
  outputs = { grant = { type = "money" }, hires_counted = { type = "integer" } },
  output_order = { "grant", "hires_counted" },
  amount = "grant",
}
M:param("per_hire", { { from = "2025-01-01", value = wan(1), clause = "第二条", text = "每人 1 万元" } })
M:rule("in-zone", { clause = "第三条", text = "在园区内", check = function(r) return r.in_zone == true end })
M:rule("hires", { clause = "第二条", text = "吸纳 1 人以上", check = function(r) return threshold(r.hires, "以上", 1) end })
M:compute(function(r, ctx, out) out.grant = ctx.p.per_hire * r.hires; out.hires_counted = r.hires end)
M:case { name = "30 hires: 30万", as_of = "2025-06-01", input = { in_zone = true, hires = 30 },
  expect = { status = "eligible", amount = "300000.00" } }
return M
