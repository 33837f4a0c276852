-- 朝政发〔2020〕9号 五（二）: 中小微企业带动朝阳区户籍劳动力就业的一次性就业补贴 (M1).
-- 北京市朝阳区人民政府公报 2020年第4期, gazettes/chaoyang-2020-04.txt:402: "注册地及纳税地均在朝阳区且正常经营 1 年（含 1 年）以上 5 年（含 5 年）以下的
-- 中小微企业，带动 3 名以上（含 3 名）朝阳区户籍劳动力实现就业，给予 3 万元一次性就业补贴。每增加
-- 1 人，增加 1 万元补贴，补贴总额不超过 20 万元。" In force from 2021-01-01 (line 430), no end.
local M = measure {
  id = "chaoyang.startup-jobs-subsidy",
  title = "中小微企业带动朝阳区户籍劳动力就业一次性就业补贴",
  document = {
    number = "朝政发〔2020〕9号",
    title = "北京市朝阳区人民政府关于做好当前和今后一个时期促就业稳就业工作的实施意见",
    issuer = "北京市朝阳区人民政府",
    issued_on = "2020-12-24",
    gazette = "北京市朝阳区人民政府公报 2020年第4期",
    source = "gazettes/chaoyang-2020-04.txt:344-438",
  },
  valid = { from = "2021-01-01" },   -- "本实施意见自 2021 年 1 月 1 日起施行"; no end date
  entity = "enterprise",
  inputs = {
    -- district: 朝阳, 朝阳区, 北京市朝阳区 and 110105 are read as one district, 朝阳区
    reg_district         = { type = "district", label = "注册地（区）" },
    tax_district         = { type = "district", label = "纳税地（区）" },
    established_on       = { type = "date", label = "成立日期" },
    operating_normally   = { type = "boolean", label = "正常经营" },
    industry_code        = { type = "text", label = "行业代码（GB/T 4754-2017）" },
    employees            = { type = "integer", label = "从业人员" },
    revenue              = { type = "money", label = "上年营业收入" },
    total_assets         = { type = "money", label = "资产总额" },
    chaoyang_hukou_hires = { type = "integer", label = "带动朝阳区户籍劳动力就业人数" },
  },
  outputs = {
    subsidy    = { type = "money" },
    size_class = { type = "text" },   -- sme.classify: large / medium / small / micro
  },
  output_order = { "subsidy", "size_class" },
  amount = "subsidy",
}

M:param("district", {
  { from = "2021-01-01", value = "朝阳区", clause = "五（二）", lines = 402, text = "注册地及纳税地均在朝阳区" },
})
M:param("min_years", {
  { from = "2021-01-01", value = 1, clause = "五（二）", lines = 402, text = "正常经营 1 年（含 1 年）以上" },
})
M:param("max_years", {
  { from = "2021-01-01", value = 5, clause = "五（二）", lines = 402, text = "5 年（含 5 年）以下" },
})
M:param("min_hires", {
  { from = "2021-01-01", value = 3, clause = "五（二）", lines = 402, text = "带动 3 名以上（含 3 名）朝阳区户籍劳动力实现就业" },
})
M:param("base", {
  { from = "2021-01-01", value = yuan(30000), clause = "五（二）", lines = 402, text = "给予 3 万元一次性就业补贴" },
})
M:param("per_extra_hire", {
  { from = "2021-01-01", value = yuan(10000), clause = "五（二）", lines = 402, text = "每增加 1 人，增加 1 万元补贴" },
})
M:param("cap", {
  { from = "2021-01-01", value = yuan(200000), clause = "五（二）", lines = 402, text = "补贴总额不超过 20 万元" },
})

M:interpretation("operating-age", {
  text = "“正常经营 1 年（含）以上 5 年（含）以下”：经营年限自成立日期起算至申请日（as_of）",
  default = "calendar",
  choices = {
    calendar = "成立日 + 1 年 ≤ 申请日 ≤ 成立日 + 5 年（对应日，含两端）",
    whole_years = "按已满周年数计：1 ≤ 已满周年 ≤ 5（满 5 年后未满 6 年仍算 5 年以下）",
  },
})
M:interpretation("size-standard", {
  text = "“中小微企业”按《中小企业划型标准规定》（工信部联企业〔2011〕300号）由 sme.classify 划型",
  default = "sme-300",
  choices = { ["sme-300"] = "中型、小型、微型企业符合；大型企业不符合" },
})
M:interpretation("hires-floor", {
  text = "“3 名以上（含 3 名）”：正文明示含本数",
  default = "inclusive",
  choices = { inclusive = "3 名即符合" },
})

-- The size class of a record (工信部联企业〔2011〕300号). sme.classify reads the record itself:
-- the industry code, then only the indicators that industry's standard uses (第四条: 工业 by
-- 从业人员 and 营业收入), so a field the standard does not use (total_assets of an 工业
-- enterprise) is never read and never makes the record undetermined; a missing one it uses
-- does. Read this way the measure compiles for batch runs (docs/batch.md).
local function classify(r) return sme.classify(r) end
-- The `sme` rule and the size_class output both need it: computed once per record (ctx:memo,
-- docs/measures.md), nothing kept from one record to the next.
local function size_class(r, ctx) return ctx:memo("size_class", classify, r) end

M:rule("registered-in-chaoyang", {
  clause = "五（二）", lines = 402, text = "注册地在朝阳区",
  check = function(r, ctx) return districts.same(r.reg_district, ctx.p.district), "注册地：" .. r.reg_district end,
})
M:rule("taxed-in-chaoyang", {
  clause = "五（二）", lines = 402, text = "纳税地在朝阳区",
  check = function(r, ctx) return districts.same(r.tax_district, ctx.p.district), "纳税地：" .. r.tax_district end,
})
M:rule("operating-normally", {
  clause = "五（二）", lines = 402, text = "正常经营",
  check = function(r) return r.operating_normally == true end,
})
M:rule("operating-age", {
  clause = "五（二）", lines = 402, text = "正常经营 1 年（含 1 年）以上 5 年（含 5 年）以下",
  check = function(r, ctx)
    local est = r.established_on
    if ctx:interpret("operating-age") == "whole_years" then
      local years = age(est, ctx.as_of)
      return years >= ctx.p.min_years and years <= ctx.p.max_years,
             string.format("已满 %d 周年", years)
    end
    local lo, hi = est:add_years(ctx.p.min_years), est:add_years(ctx.p.max_years)
    return ctx.as_of >= lo and ctx.as_of <= hi,
           string.format("申请日须在 %s 至 %s 之间", tostring(lo), tostring(hi))
  end,
})
M:rule("sme", {
  clause = "五（二）", lines = 402, text = "中小微企业（工信部联企业〔2011〕300号）",
  check = function(r, ctx)
    ctx:interpret("size-standard")
    local class, why = size_class(r, ctx)
    if not class then return false, "无法划型：" .. tostring(why) end
    return class ~= "large", "划型：" .. class
  end,
})
M:rule("hires", {
  clause = "五（二）", lines = 402, text = "带动 3 名以上（含 3 名）朝阳区户籍劳动力实现就业",
  check = function(r, ctx)
    ctx:interpret("hires-floor")
    return threshold(r.chaoyang_hukou_hires, "以上", ctx.p.min_hires)
  end,
})

M:compute(function(r, ctx, out)
  local extra = r.chaoyang_hukou_hires - ctx.p.min_hires
  out.subsidy = min(ctx.p.base + ctx.p.per_extra_hire * extra, ctx.p.cap)
  out.size_class = size_class(r, ctx)
end)

-- ---------------------------------------------------------------------------------------
-- Test cases. Base record: the worked case (small software enterprise, I6513).
local BASE = {
    reg_district = "朝阳区", tax_district = "朝阳区", established_on = "2019-03-15",
    operating_normally = true, industry_code = "I6513", employees = 45,
    revenue = "800万", total_assets = "1200万", chaoyang_hukou_hires = 7,
  }
local function rec(changes) return measure.variant(BASE, changes) end

M:case {
  name = "worked case: 7 hires, small enterprise", as_of = "2022-06-01", clause = "五（二）",
  -- I65 软件和信息技术服务业: 10 ≤ 45 < 100 人, 800万 ≥ 50万 → small (300号 第四条（十三）)
  -- 30,000 + (7 − 3) × 10,000 = 70,000
  input = rec(),
  expect = { status = "eligible", amount = "70000.00",
             outputs = { subsidy = "70000.00", size_class = "small" } },
}
M:case {
  name = "worked case: 25 hires hits the 20万 cap", as_of = "2022-06-01", clause = "五（二）",
  -- 30,000 + 22 × 10,000 = 250,000 → min(250,000, 200,000) = 200,000
  input = rec { chaoyang_hukou_hires = 25 },
  expect = { status = "eligible", amount = "200000.00" },
}
M:case {
  name = "exactly 3 hires (含 3 名)", as_of = "2022-06-01", clause = "五（二）",
  -- 30,000 + 0 × 10,000 = 30,000
  input = rec { chaoyang_hukou_hires = 3 },
  expect = { status = "eligible", amount = "30000.00" },
}
M:case {
  name = "2 hires: below the floor", as_of = "2022-06-01", clause = "五（二）",
  -- 2 < 3
  input = rec { chaoyang_hukou_hires = 2 },
  expect = { status = "ineligible", amount = "0.00", failed = { "hires" } },
}
M:case {
  name = "worked case: 10 hires", as_of = "2021-06-01", clause = "五（二）",
  -- registered 2019-06-01, age 2 y; 30,000 + (10 − 3) × 10,000 = 100,000
  input = rec { established_on = "2019-06-01", chaoyang_hukou_hires = 10 },
  expect = { status = "eligible", amount = "100000.00" },
}
M:case {
  name = "19 hires: just under the cap", as_of = "2022-06-01", clause = "五（二）",
  -- 30,000 + 16 × 10,000 = 190,000 < 200,000
  input = rec { chaoyang_hukou_hires = 19 },
  expect = { status = "eligible", amount = "190000.00" },
}
M:case {
  name = "20 hires: the cap binds exactly", as_of = "2022-06-01", clause = "五（二）",
  -- 30,000 + 17 × 10,000 = 200,000 = cap
  input = rec { chaoyang_hukou_hires = 20 },
  expect = { status = "eligible", amount = "200000.00" },
}
M:case {
  name = "21 hires: capped", as_of = "2022-06-01", clause = "五（二）",
  -- 30,000 + 18 × 10,000 = 210,000 → 200,000
  input = rec { chaoyang_hukou_hires = 21 },
  expect = { status = "eligible", amount = "200000.00" },
}
M:case {
  name = "registered outside 朝阳区", as_of = "2022-06-01", clause = "五（二）",
  input = rec { reg_district = "海淀区" },
  expect = { status = "ineligible", amount = "0.00", failed = { "registered-in-chaoyang" } },
}
M:case {
  name = "taxed in 东城区", as_of = "2022-06-01", clause = "五（二）",
  input = rec { tax_district = "东城区" },
  expect = { status = "ineligible", amount = "0.00", failed = { "taxed-in-chaoyang" } },
}
M:case {
  name = "districts as people write them: 朝阳, 北京市朝阳区, 110105 are 朝阳区", as_of = "2022-06-01", clause = "五（二）",
  -- the same enterprise as the worked case: 30,000 + (7 − 3) × 10,000 = 70,000
  input = rec { reg_district = "朝阳", tax_district = "北京市朝阳区" },
  expect = { status = "eligible", amount = "70000.00" },
}
M:case {
  name = "district by its GB/T 2260 code", as_of = "2022-06-01", clause = "五（二）",
  input = rec { reg_district = "110105", tax_district = 110105 },
  expect = { status = "eligible", amount = "70000.00" },
}
M:case {
  name = "registered in 海淀 (short form): outside 朝阳区", as_of = "2022-06-01", clause = "五（二）",
  input = rec { reg_district = "海淀" },
  expect = { status = "ineligible", amount = "0.00", failed = { "registered-in-chaoyang" } },
}
M:case {
  name = "a district that is not in Beijing is an input error, not a silent ineligible", as_of = "2022-06-01",
  clause = "五（二）",
  input = rec { reg_district = "朝杨区" },
  expect = { error = "input 'reg_district': cannot read '朝杨区' as a district" },
}
M:case {
  name = "not operating normally", as_of = "2022-06-01", clause = "五（二）",
  input = rec { operating_normally = false },
  expect = { status = "ineligible", amount = "0.00", failed = { "operating-normally" } },
}
M:case {
  name = "exactly 1 year old (含 1 年)", as_of = "2021-06-01", clause = "五（二）",
  -- 2020-06-01 + 1 y = 2021-06-01 ≤ as_of
  input = rec { established_on = "2020-06-01", chaoyang_hukou_hires = 3 },
  expect = { status = "eligible", amount = "30000.00" },
}
M:case {
  name = "one day short of 1 year", as_of = "2021-06-01", clause = "五（二）",
  -- 2020-06-02 + 1 y = 2021-06-02 > 2021-06-01
  input = rec { established_on = "2020-06-02" },
  expect = { status = "ineligible", failed = { "operating-age" } },
}
M:case {
  name = "9 months old", as_of = "2021-06-01", clause = "五（二）",
  input = rec { established_on = "2020-09-01" },
  expect = { status = "ineligible", failed = { "operating-age" } },
}
M:case {
  name = "exactly 5 years old (含 5 年)", as_of = "2021-06-01", clause = "五（二）",
  -- 2016-06-01 + 5 y = 2021-06-01 ≥ as_of
  input = rec { established_on = "2016-06-01" },
  expect = { status = "eligible", amount = "70000.00" },
}
M:case {
  name = "5 years and 1 day old", as_of = "2021-06-01", clause = "五（二）",
  -- 2016-05-31 + 5 y = 2021-05-31 < 2021-06-01
  input = rec { established_on = "2016-05-31" },
  expect = { status = "ineligible", failed = { "operating-age" } },
}
M:case {
  name = "5 y 3 m old", as_of = "2021-06-01", clause = "五（二）",
  input = rec { established_on = "2016-03-01" },
  expect = { status = "ineligible", failed = { "operating-age" } },
}
M:case {
  name = "5 y 3 m old under the whole-years reading", as_of = "2021-06-01", clause = "五（二）",
  -- age(2016-03-01, 2021-06-01) = 5 full years ≤ 5 → eligible under whole_years
  interpret = { ["operating-age"] = "whole_years" },
  input = rec { established_on = "2016-03-01" },
  expect = { status = "eligible", amount = "70000.00" },
}
M:case {
  name = "工业 enterprise without total assets: classified by employees and revenue", as_of = "2022-06-01",
  clause = "五（二）",
  -- C3612 工业 (300号 第四条（二）: 从业人员 and 营业收入 only): 20 ≤ 45 < 300 人, 300万 ≤ 800万 < 2000万
  -- → small, whatever the assets; 30,000 + (7 − 3) × 10,000 = 70,000
  input = rec { industry_code = "C3612", total_assets = "nil" },
  expect = { status = "eligible", amount = "70000.00", outputs = { size_class = "small" } },
}
M:case {
  name = "软件 enterprise without employees: undetermined (the standard uses them)", as_of = "2022-06-01",
  clause = "五（二）",
  -- I65 软件和信息技术服务业 (300号 第四条（十二）) is classified by 从业人员 and 营业收入
  input = rec { employees = "nil" },
  expect = { status = "undetermined", missing = { "employees" } },
}
M:case {
  name = "large enterprise", as_of = "2022-06-01", clause = "五（二）",
  -- I65: 400 人 ≥ 300 and 2亿 ≥ 1亿 → large (300号)
  input = rec { employees = 400, revenue = "2亿" },
  expect = { status = "ineligible", failed = { "sme" } },
}
M:case {
  name = "every condition fails at once", as_of = "2022-06-01", clause = "五（二）",
  input = rec { reg_district = "海淀区", tax_district = "海淀区", operating_normally = false,
                established_on = "2022-01-01", employees = 400, revenue = "2亿",
                chaoyang_hukou_hires = 0 },
  expect = { status = "ineligible", amount = "0.00",
             failed = { "registered-in-chaoyang", "taxed-in-chaoyang", "operating-normally",
                        "operating-age", "sme", "hires" } },
}
M:case {
  name = "hires unknown: undetermined", as_of = "2022-06-01", clause = "五（二）",
  input = rec { chaoyang_hukou_hires = "nil" },
  expect = { status = "undetermined", amount = nil, missing = { "chaoyang_hukou_hires" } },
}
M:case {
  name = "tax district unknown: undetermined", as_of = "2022-06-01", clause = "五（二）",
  input = rec { tax_district = "nil" },
  expect = { status = "undetermined", missing = { "tax_district" } },
}
M:case {
  name = "a failed rule outweighs an unknown one", as_of = "2022-06-01", clause = "五（二）",
  input = rec { tax_district = "nil", chaoyang_hukou_hires = 1 },
  expect = { status = "ineligible", amount = "0.00", failed = { "hires" } },
}
M:case {
  name = "before the measure took effect", as_of = "2020-12-31", clause = "施行日期",
  -- "自 2021 年 1 月 1 日起施行"
  input = rec { established_on = "2018-03-15" },
  expect = { status = "not_in_force" },
}
M:case {
  name = "first day in force", as_of = "2021-01-01", clause = "施行日期",
  -- 2018-03-15 + 1 y ≤ 2021-01-01 ≤ 2018-03-15 + 5 y; 70,000 as in the worked case
  input = rec { established_on = "2018-03-15" },
  expect = { status = "eligible", amount = "70000.00" },
}
M:case {
  name = "cap lowered with --set", as_of = "2022-06-01", clause = "五（二）",
  -- min(70,000, 50,000) = 50,000
  set = { cap = "5万" },
  input = rec(),
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "worked case: founded 2019-06-01, 3 hires, applying 2021-06-01", as_of = "2021-06-01", clause = "五（二）",
  -- age 2 y ∈ [1, 5]; n = 3 ≥ 3 → 30,000
  input = rec { established_on = "2019-06-01", chaoyang_hukou_hires = 3 },
  expect = { status = "eligible", amount = "30000.00" },
}

return M
