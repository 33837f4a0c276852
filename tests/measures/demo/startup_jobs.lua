-- tests/measures/demo/startup_jobs.lua: a TEST FIXTURE for the measure language, modelled on
-- M1 (朝政发〔2020〕9号 五（二）) with a local, simplified size test instead of sme.classify and a
-- made-up 2024 change of the base amount so that parameters by date can be tested. It is not
-- the policy: policies/ holds the real measures.
local M = measure {
  id = "demo.startup-jobs",
  title = "初创企业吸纳本区户籍劳动力就业补贴（测试用）",
  document = {
    number = "朝政发〔2020〕9号",
    title = "关于做好当前和今后一个时期促就业稳就业工作的实施意见",
    issuer = "北京市朝阳区人民政府",
    issued_on = "2020年5月6日",
    gazette = "北京市朝阳区人民政府公报 2020年第4期",
  },
  valid = { from = "2021-01-01", to = "2025-12-31" },
  entity = "enterprise",
  inputs = {
    reg_district = { type = "district", label = "注册地" },
    tax_district = { type = "district", label = "纳税地" },
    established_on = { type = "date" },
    operating_normally = { type = "boolean" },
    employees = { type = "integer" },
    revenue = { type = "money" },
    chaoyang_hukou_hires = { type = "integer" },
    note = { type = "text", specific = true, optional = true },
  },
  outputs = { subsidy = { type = "money" }, extra_hires = { type = "integer" } },
  output_order = { "subsidy", "extra_hires" },
  amount = "subsidy",
}

M:param("base", {
  { from = "2021-01-01", value = yuan(30000), clause = "五（二）", text = "一次性补贴3万元" },
  { from = "2024-01-01", value = yuan(40000), clause = "test", text = "a made-up change, for tests" },
})
M:param("per_hire", {
  { from = "2021-01-01", value = yuan(10000), clause = "五（二）", text = "每增加1人增加1万元" },
})
M:param("cap", {
  { from = "2021-01-01", to = "2025-12-31", value = yuan(200000), clause = "五（二）", text = "最高不超过20万元" },
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
  check = function(r) return r.operating_normally, r.note end, -- note is optional: nil when absent
})

M:rule("age", {
  clause = "五（二）", text = "成立1年以上5年以下（含）",
  check = function(r, ctx)
    local from, to = r.established_on:add_years(1), r.established_on:add_years(5)
    return ctx.as_of >= from and ctx.as_of <= to
  end,
})

M:rule("small", {
  clause = "五（二）", text = "中小微企业（测试用的简化划型：从业人员少于300人且营业收入低于1亿元）",
  check = function(r)
    return r.employees < 300 and r.revenue < yi(1)
  end,
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
  local extra = r.chaoyang_hukou_hires - ctx.p.min_hires
  local raw = ctx.p.base + ctx.p.per_hire * extra
  out.subsidy = min(raw, ctx.p.cap)
  out.extra_hires = extra
  ctx:note("%s + %s × %d = %s, 上限 %s", ctx.p.base, ctx.p.per_hire, extra, raw, ctx.p.cap)
end)

local base = { reg_district = "朝阳区", tax_district = "朝阳区", established_on = "2019-03-15",
  operating_normally = true, employees = 45, revenue = "800万", chaoyang_hukou_hires = 7 }
local NONE = {} -- with { field = NONE }: the field is absent
local function with(changes)
  local t = {}
  for k, v in pairs(base) do t[k] = v end
  for k, v in pairs(changes) do if v == NONE then t[k] = nil else t[k] = v end end
  return t
end

M:case {
  name = "7 hires: 30,000 + (7 − 3) × 10,000 = 70,000", as_of = "2022-06-01",
  input = base,
  expect = { status = "eligible", amount = "70000.00", outputs = { subsidy = "70000.00", extra_hires = 4 } },
}
M:case {
  name = "25 hires: 30,000 + 22 × 10,000 = 250,000, capped at 200,000", as_of = "2022-06-01",
  input = with { chaoyang_hukou_hires = 25 },
  expect = { status = "eligible", amount = "200000.00" },
}
M:case {
  name = "2 hires: below 3以上", as_of = "2022-06-01",
  input = with { chaoyang_hukou_hires = 2 },
  expect = { status = "ineligible", amount = "0.00", failed = { "hires" } },
}
M:case {
  name = "3 hires, exclusive reading: ineligible", as_of = "2022-06-01",
  input = with { chaoyang_hukou_hires = 3 }, interpret = { ["hires-floor"] = "exclusive" },
  expect = { status = "ineligible", failed = { "hires" }, interpretations = { ["hires-floor"] = "exclusive" } },
}
M:case {
  name = "no tax district: undetermined", as_of = "2022-06-01",
  input = with { tax_district = NONE },
  expect = { status = "undetermined", missing = { "tax_district" } },
}
M:case {
  name = "before 2021-01-01: not in force", as_of = "2020-12-31", input = base,
  expect = { status = "not_in_force" },
}
M:case {
  name = "2024: base 40,000 + 4 × 10,000 = 80,000", as_of = "2024-03-14",
  input = with { established_on = "2020-03-15" },
  expect = { status = "eligible", amount = "80000.00" },
}
M:case {
  name = "--set cap=5万: 70,000 capped at 50,000", as_of = "2022-06-01", input = base, set = { cap = "5万" },
  expect = { status = "eligible", amount = "50000.00" },
}

return M
