-- 京医保发〔2024〕23号《关于调整2025年城乡居民基本医疗保险筹资标准的通知》 (M5).
-- 北京市人民政府公报 2025年第12期, gazettes/beijing-2025-12.txt:1051-1078: 一 (个人缴费, line 1064),
-- 二 (财政补助, 1066), 三 (市、区分担, 1068-1070). A calculator: no
-- eligibility conditions; a household is `eligible` whenever its member list is present.
local M = measure {
  id = "beijing.resident-medical-insurance-2025",
  title = "2025年城乡居民基本医疗保险筹资标准（家庭个人缴费与财政补助）",
  document = {
    number = "京医保发〔2024〕23号",
    title = "北京市医疗保障局 北京市财政局 国家税务总局北京市税务局关于调整2025年城乡居民基本医疗保险筹资标准的通知",
    issuer = "北京市医疗保障局、北京市财政局、国家税务总局北京市税务局",
    issued_on = "2024-12-28",
    gazette = "北京市人民政府公报 2025年第12期",
    source = "gazettes/beijing-2025-12.txt:1051-1078",
  },
  valid = { from = "2025-01-01", to = "2025-12-31" },   -- "2025 年本市城乡居民基本医疗保险…"
  entity = "household",
  inputs = {
    members = { type = "list", specific = true, label = "参保家庭成员", of = {
      category = { type = "enum", values = { "城乡老年人", "学生儿童", "劳动年龄内居民" }, label = "参保类别" },
    } },
  },
  outputs = {
    individual_contribution = { type = "money" },
    fiscal_subsidy          = { type = "money" },
    municipal_subsidy       = { type = "money" },
    district_subsidy        = { type = "money" },
    total_funding           = { type = "money" },
  },
  output_order = { "individual_contribution", "fiscal_subsidy", "municipal_subsidy",
                   "district_subsidy", "total_funding" },
  amount = "individual_contribution",
}

local Y = "2025-01-01"
local function p(name, v, clause, lines, text)
  M:param(name, { { from = Y, to = "2025-12-31", value = yuan(v), clause = clause, lines = lines, text = text } })
end
p("individual_elderly", 430, "一", 1064, "城乡老年人每人 430 元/年")
p("individual_student", 405, "一", 1064, "学生儿童每人 405 元/年")
p("individual_working", 750, "一", 1064, "劳动年龄内居民每人 750 元/年")
p("subsidy_elderly", 4350, "二", 1066, "城乡老年人每人 4350 元/年")
p("subsidy_student", 1725, "二", 1066, "学生儿童每人 1725 元/年")
p("subsidy_working", 2335, "二", 1066, "劳动年龄内居民每人 2335 元/年")
p("municipal_elderly", 1945, "三", 1068, "城乡老年人市级财政补助 1945 元")
p("district_elderly", 2405, "三", "1068-1070", "城乡老年人区级财政补助 2405 元")
p("municipal_student", 632, "三", 1070, "学生儿童市级财政补助 632 元")
p("district_student", 1093, "三", 1070, "学生儿童区级财政补助 1093 元")
p("municipal_working", 937, "三", 1070, "劳动年龄内居民市级财政补助 937 元")
p("district_working", 1398, "三", 1070, "劳动年龄内居民区级财政补助 1398 元")

-- The per-person amounts of each category, as in force on the evaluation date.
local function standards(p)
  return {
    ["城乡老年人"] = { ind = p.individual_elderly, sub = p.subsidy_elderly,
                      mun = p.municipal_elderly, dis = p.district_elderly },
    ["学生儿童"] = { ind = p.individual_student, sub = p.subsidy_student,
                    mun = p.municipal_student, dis = p.district_student },
    ["劳动年龄内居民"] = { ind = p.individual_working, sub = p.subsidy_working,
                          mun = p.municipal_working, dis = p.district_working },
  }
end

M:interpretation("total-funding", {
  text = "筹资总额 = 个人缴费 + 财政补助（通知未定义“筹资总额”，按两项之和）",
  default = "individual_plus_subsidy",
  choices = { individual_plus_subsidy = "个人缴费 + 财政补助（市级 + 区级）" },
})
M:interpretation("category", {
  text = "参保类别（城乡老年人、学生儿童、劳动年龄内居民）的年龄界限不在通知中，由输入给定",
  default = "as_given",
  choices = { as_given = "按 category 字段" },
})

M:compute(function(r, ctx, out)
  ctx:interpret("category")
  local std = standards(ctx.p)
  local ind, sub, mun, dis = yuan(0), yuan(0), yuan(0), yuan(0)
  for _, m in ipairs(r.members) do
    local s = std[m.category]
    ind, sub, mun, dis = ind + s.ind, sub + s.sub, mun + s.mun, dis + s.dis
  end
  out.individual_contribution = ind
  out.fiscal_subsidy = sub
  out.municipal_subsidy = mun
  out.district_subsidy = dis
  if ctx:interpret("total-funding") == "individual_plus_subsidy" then
    out.total_funding = ind + sub
  end
end)

-- ---------------------------------------------------------------------------------------
local W, S, O = { category = "劳动年龄内居民" }, { category = "学生儿童" }, { category = "城乡老年人" }
local AS = "2025-03-01"

M:case {
  name = "worked case: 2 working-age, 1 student, 1 elderly", as_of = AS, clause = "一、二、三",
  -- individual 750 × 2 + 405 + 430 = 2,335; subsidy 2,335 × 2 + 1,725 + 4,350 = 10,745
  -- municipal 937 × 2 + 632 + 1,945 = 4,451; district 1,398 × 2 + 1,093 + 2,405 = 6,294
  -- total 2,335 + 10,745 = 13,080
  input = { members = { W, W, S, O } },
  expect = { status = "eligible", amount = "2335.00",
             outputs = { individual_contribution = "2335.00", fiscal_subsidy = "10745.00",
                         municipal_subsidy = "4451.00", district_subsidy = "6294.00",
                         total_funding = "13080.00" } },
}
M:case {
  name = "worked case: one elderly resident", as_of = AS, clause = "一、二、三",
  -- 430; 4,350 = 1,945 + 2,405; total 4,780
  input = { members = { O } },
  expect = { status = "eligible", amount = "430.00",
             outputs = { fiscal_subsidy = "4350.00", municipal_subsidy = "1945.00",
                         district_subsidy = "2405.00", total_funding = "4780.00" } },
}
M:case {
  name = "worked case: one student", as_of = AS, clause = "一、二、三",
  -- 405; 1,725 = 632 + 1,093; total 2,130
  input = { members = { S } },
  expect = { status = "eligible", amount = "405.00",
             outputs = { fiscal_subsidy = "1725.00", municipal_subsidy = "632.00",
                         district_subsidy = "1093.00", total_funding = "2130.00" } },
}
M:case {
  name = "worked case: one working-age resident", as_of = AS, clause = "一、二、三",
  -- 750; 2,335 = 937 + 1,398; total 3,085
  input = { members = { W } },
  expect = { status = "eligible", amount = "750.00",
             outputs = { fiscal_subsidy = "2335.00", municipal_subsidy = "937.00",
                         district_subsidy = "1398.00", total_funding = "3085.00" } },
}
M:case {
  name = "empty household", as_of = AS, clause = "一",
  input = { members = {} },
  expect = { status = "eligible", amount = "0.00", outputs = { total_funding = "0.00" } },
}
M:case {
  name = "members unknown: undetermined", as_of = AS, clause = "一",
  input = {},
  expect = { status = "undetermined", amount = nil, missing = { "members" } },
}
M:case {
  name = "last day of 2025", as_of = "2025-12-31", clause = "一",
  input = { members = { W } },
  expect = { status = "eligible", amount = "750.00" },
}
M:case {
  name = "2024: not in force", as_of = "2024-12-31", clause = "一",
  input = { members = { W } },
  expect = { status = "not_in_force" },
}
M:case {
  name = "2026: not in force", as_of = "2026-01-01", clause = "一",
  input = { members = { W } },
  expect = { status = "not_in_force" },
}
M:case {
  name = "working-age contribution changed with --set", as_of = AS, clause = "一",
  -- 800 × 2 = 1,600
  set = { individual_working = "800" },
  input = { members = { W, W } },
  expect = { status = "eligible", amount = "1600.00" },
}

return M
