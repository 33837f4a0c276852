-- tests/cli/data/batch/simple.lua: a TEST FIXTURE for `gazette run` (tests/cli/run.t,
-- bench/run.sh), shaped like M1 (朝政发〔2020〕9号 五（二）) but simplified: enterprises registered
-- in 朝阳区 with 3 or more hires get 30,000 + 10,000 per hire above 3, capped at 200,000.
-- employees = 666 makes compute raise, to test errors per record.  Not the policy.
local M = measure {
  id = "test.simple",
  title = "批量运行测试用措施",
  document = {
    number = "朝政发〔2020〕9号",
    title = "关于做好当前和今后一个时期促就业稳就业工作的实施意见",
    issuer = "北京市朝阳区人民政府",
    issued_on = "2020-05-06",
    gazette = "北京市朝阳区人民政府公报 2020年第4期",
  },
  valid = { from = "2021-01-01" },
  entity = "enterprise",
  inputs = {
    reg_district = { type = "text" },
    employees = { type = "integer" },
    chaoyang_hukou_hires = { type = "integer" },
    revenue = { type = "money" },
  },
  outputs = { subsidy = { type = "money" }, hires = { type = "integer" } },
  output_order = { "subsidy", "hires" },
  amount = "subsidy",
}

M:param("base", { { from = "2021-01-01", value = yuan(30000), clause = "五（二）", text = "一次性补贴3万元" } })
M:param("cap", { { from = "2021-01-01", value = yuan(200000), clause = "五（二）", text = "最高不超过20万元" } })

M:rule("district", {
  clause = "五（二）", text = "注册地在朝阳区",
  check = function(r) return r.reg_district == "朝阳区" end,
})
M:rule("hires", {
  clause = "五（二）", text = "吸纳本区户籍劳动力3人以上",
  check = function(r) return threshold(r.chaoyang_hukou_hires, "以上", 3) end,
})

M:compute(function(r, ctx, out)
  if r.employees == 666 then error("simulated script error in compute") end
  out.subsidy = min(ctx.p.base + yuan(10000) * (r.chaoyang_hukou_hires - 3), ctx.p.cap)
  out.hires = r.chaoyang_hukou_hires
end)

M:case {
  name = "8 hires: 30,000 + 5 × 10,000 = 80,000", as_of = "2024-01-01",
  input = { reg_district = "朝阳区", employees = 10, chaoyang_hukou_hires = 8, revenue = "100.50" },
  expect = { status = "eligible", amount = "80000.00" },
}

return M
