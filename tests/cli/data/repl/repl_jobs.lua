-- tests/cli/data/repl/repl_jobs.lua: a TEST FIXTURE for the REPL and `gazette whatif`, modelled
-- on M1 (朝政发〔2020〕9号 五（二）) but simplified (no size test); not the policy itself, which
-- lives under policies/. Expected numbers in tests/cli/repl_measure.t and whatif.t.
local M = measure {
  id = "repltest.jobs-subsidy",
  title = "初创企业吸纳本区户籍劳动力就业补贴（REPL测试用）",
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
    reg_district = { type = "text", label = "注册地" },
    tax_district = { type = "text", label = "纳税地" },
    established_on = { type = "date" },
    operating_normally = { type = "boolean" },
    chaoyang_hukou_hires = { type = "integer" },
  },
  outputs = { subsidy = { type = "money" } },
  amount = "subsidy",
}

M:param("base", {
  { from = "2021-01-01", value = yuan(30000), clause = "五（二）", text = "一次性补贴3万元" },
})
M:param("per_hire", {
  { from = "2021-01-01", value = yuan(10000), clause = "五（二）", text = "每增加1人增加1万元" },
})
M:param("cap", {
  { from = "2021-01-01", value = yuan(200000), clause = "五（二）", text = "最高不超过20万元" },
})
M:param("min_hires", {
  { from = "2021-01-01", value = 3, clause = "五（二）", text = "吸纳3人以上" },
})

M:interpretation("hires-floor", {
  text = "“吸纳3人以上”：以上含本数（民法典第一千二百五十九条）",
  default = "inclusive",
  choices = { inclusive = "3 hires qualify", exclusive = "more than 3 hires needed" },
})

M:rule("district", {
  clause = "五（二）", text = "注册地和纳税地均在朝阳区",
  check = function(r) return r.reg_district == "朝阳区" and r.tax_district == "朝阳区" end,
})
M:rule("operating", {
  clause = "五（二）", text = "正常经营",
  check = function(r) return r.operating_normally end,
})
M:rule("age", {
  clause = "五（二）", text = "成立1年以上",
  check = function(r, ctx) return ctx.as_of >= r.established_on:add_years(1) end,
})
M:rule("hires", {
  clause = "五（二）", text = "吸纳本区户籍劳动力3人以上",
  check = function(r, ctx)
    if ctx:interpret("hires-floor") == "inclusive" then
      return threshold(r.chaoyang_hukou_hires, "以上", ctx.p.min_hires)
    end
    return threshold(r.chaoyang_hukou_hires, "超过", ctx.p.min_hires)
  end,
})

M:compute(function(r, ctx, out)
  out.subsidy = min(ctx.p.base + ctx.p.per_hire * (r.chaoyang_hukou_hires - ctx.p.min_hires), ctx.p.cap)
end)

M:case {
  name = "7 hires: 30,000 + (7 − 3) × 10,000 = 70,000", as_of = "2022-06-01", clause = "五（二）",
  input = { reg_district = "朝阳区", tax_district = "朝阳区", established_on = "2020-01-01",
    operating_normally = true, chaoyang_hukou_hires = 7 },
  expect = { status = "eligible", amount = "70000.00" },
}

return M
