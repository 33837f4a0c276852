-- 京人社毕发〔2024〕16号《关于做好高校毕业生等青年就业创业工作的通知》一（一）一次性扩岗补助
-- (M6). 北京市人民政府公报 2025年第12期, gazettes/beijing-2025-12.txt:522: "对招用毕业年度及离校两年内未就业高校毕业生及16—24岁登记失业青年，
-- 签订劳动合同，并按规定为其足额缴纳3个月以上的失业、工伤、职工养老保险费的企业，按招用1人1000元
-- 的标准发放一次性扩岗补助。…政策执行至2025年12月31日。"
local M = measure {
  id = "beijing.graduate-job-expansion-subsidy",
  title = "一次性扩岗补助",
  document = {
    number = "京人社毕发〔2024〕16号",
    title = "北京市人力资源和社会保障局 北京市教育委员会 北京市财政局关于做好高校毕业生等青年就业创业工作的通知",
    issuer = "北京市人力资源和社会保障局、北京市教育委员会、北京市财政局",
    issued_on = "2024-12-02",
    gazette = "北京市人民政府公报 2025年第12期",
    source = "gazettes/beijing-2025-12.txt:508-568",
  },
  valid = { from = "2024-12-02", to = "2025-12-31" },   -- "政策执行至2025年12月31日"
  entity = "enterprise",
  inputs = {
    hires = { type = "list", label = "招用人员", of = {
      birth_date             = { type = "date", optional = true, label = "出生日期" },
      graduation_year        = { type = "integer", optional = true, label = "毕业年度" },
      left_school_on         = { type = "date", optional = true, label = "离校日期" },
      employed_since_leaving = { type = "boolean", optional = true, label = "离校后曾就业" },
      registered_unemployed  = { type = "boolean", label = "登记失业" },
      hired_on               = { type = "date", label = "招用日期" },
      contract_signed        = { type = "boolean", label = "签订劳动合同" },
      insured_months         = { type = "integer", label = "足额缴纳失业、工伤、职工养老保险费月数" },
    } },
  },
  outputs = {
    subsidy       = { type = "money" },
    counted_hires = { type = "integer" },
  },
  output_order = { "subsidy", "counted_hires" },
  amount = "subsidy",
}

local F = "2024-12-02"
M:param("per_hire", {
  { from = F, value = yuan(1000), clause = "一（一）", lines = 522, text = "按招用1人1000元的标准发放一次性扩岗补助" },
})
M:param("min_insured_months", {
  { from = F, value = 3, clause = "一（一）", lines = 522, text = "足额缴纳3个月以上的失业、工伤、职工养老保险费" },
})
M:param("hire_deadline", {
  { from = F, value = date("2025-12-31"), clause = "一（一）", lines = 522, text = "政策执行至2025年12月31日" },
})
M:param("years_since_leaving", {
  { from = F, value = 2, clause = "一（一）", lines = 522, text = "离校两年内未就业高校毕业生" },
})
M:param("min_age", {
  { from = F, value = 16, clause = "一（一）", lines = 522, text = "16—24岁登记失业青年" },
})
M:param("max_age", {
  { from = F, value = 24, clause = "一（一）", lines = 522, text = "16—24岁登记失业青年" },
})

M:interpretation("graduation-year", {
  text = "“毕业年度”：毕业的日历年度，招用日期在该年度内",
  default = "calendar_year",
  choices = { calendar_year = "graduation_year = 招用日期所在年份" },
})
M:interpretation("within-two-years", {
  text = "“离校两年内未就业”：招用日期不晚于离校日期加2年（对应日），且离校后未曾就业",
  default = "inclusive",
  choices = { inclusive = "hired_on ≤ left_school_on + 2 年", exclusive = "hired_on < left_school_on + 2 年" },
})
M:interpretation("age", {
  text = "“16—24岁”：招用日期时的周岁，16 和 24 均含",
  default = "at_hire",
  choices = { at_hire = "按招用日期计算周岁，16 ≤ 周岁 ≤ 24" },
})
M:interpretation("policy-end", {
  text = "“政策执行至2025年12月31日”：招用日期不晚于 2025-12-31",
  default = "hire_date",
  choices = { hire_date = "以招用日期判断" },
})

-- Whether one hire counts, with the reason.
local function counts(h, ctx)
  if not h.contract_signed then return false, "未签订劳动合同" end
  if not threshold(h.insured_months, "以上", ctx.p.min_insured_months) then
    return false, "缴费月数不足"
  end
  ctx:interpret("policy-end")
  if h.hired_on > ctx.p.hire_deadline then return false, "招用日期晚于政策截止日" end
  ctx:interpret("graduation-year")
  if h.graduation_year ~= nil and h.graduation_year == h.hired_on.year then
    return true, "毕业年度高校毕业生"
  end
  if h.left_school_on ~= nil and h.employed_since_leaving == false then
    local limit = h.left_school_on:add_years(ctx.p.years_since_leaving)
    local ok = ctx:interpret("within-two-years") == "exclusive" and h.hired_on < limit
               or ctx:interpret("within-two-years") ~= "exclusive" and h.hired_on <= limit
    if ok and h.hired_on >= h.left_school_on then return true, "离校两年内未就业高校毕业生" end
  end
  if h.registered_unemployed and h.birth_date ~= nil then
    ctx:interpret("age")
    local a = age(h.birth_date, h.hired_on)
    if a >= ctx.p.min_age and a <= ctx.p.max_age then return true, "16—24岁登记失业青年" end
  end
  return false, "不属于毕业年度、离校两年内未就业或16—24岁登记失业青年"
end

M:compute(function(r, ctx, out)
  local n = 0
  for _, h in ipairs(r.hires) do
    if counts(h, ctx) then n = n + 1 end
  end
  out.counted_hires = n
  out.subsidy = ctx.p.per_hire * n
end)

-- ---------------------------------------------------------------------------------------
local HIRE = { registered_unemployed = false, contract_signed = true, insured_months = 3,
               hired_on = "2025-08-01", birth_date = "2003-01-01" }
local function hire(changes) return measure.variant(HIRE, changes) end
local GRAD = hire { graduation_year = 2025 }
local UNEMP20 = hire { registered_unemployed = true, birth_date = "2004-05-01", hired_on = "2025-03-01" }
local UNEMP26 = hire { registered_unemployed = true, birth_date = "1999-01-01", hired_on = "2025-03-01" }
local AS = "2025-11-15"

M:case {
  name = "worked case: graduate + unemployed 20 counts, unemployed 26 does not", as_of = AS, clause = "一（一）",
  -- 2025 graduate hired 2025-08-01, 3 months ≥ 3: counts; born 2004-05-01 hired 2025-03-01:
  -- 20 周岁 ∈ [16, 24]: counts; born 1999-01-01: 26 > 24. 2 × 1,000 = 2,000
  input = { hires = { GRAD, UNEMP20, UNEMP26 } },
  expect = { status = "eligible", amount = "2000.00", outputs = { subsidy = "2000.00", counted_hires = 2 } },
}
M:case {
  name = "worked case: within two years of leaving, unemployed 20, 2025 graduate", as_of = AS, clause = "一（一）",
  -- B: 2025-05-10 ≤ 2023-07-01 + 2 y = 2025-07-01; C: 20; D: graduation year → 3 × 1,000
  input = { hires = {
    hire { left_school_on = "2023-07-01", employed_since_leaving = false, hired_on = "2025-05-10", birth_date = "2000-01-01" },
    hire { registered_unemployed = true, birth_date = "2005-01-01", hired_on = "2025-06-01" },
    hire { graduation_year = 2025, hired_on = "2025-07-15" } } },
  expect = { status = "eligible", amount = "3000.00", outputs = { counted_hires = 3 } },
}
M:case {
  name = "worked case: none counts", as_of = AS, clause = "一（一）",
  -- E: 26 > 24; F: 2025-03-01 > 2022-07-01 + 2 y; G: 2 < 3 months
  input = { hires = {
    hire { registered_unemployed = true, birth_date = "1999-02-01", hired_on = "2025-03-01" },
    hire { left_school_on = "2022-07-01", employed_since_leaving = false, hired_on = "2025-03-01", birth_date = "2000-01-01" },
    hire { graduation_year = 2025, insured_months = 2 } } },
  expect = { status = "eligible", amount = "0.00", outputs = { counted_hires = 0 } },
}
M:case {
  name = "no contract signed", as_of = AS, clause = "一（一）",
  input = { hires = { hire { graduation_year = 2025, contract_signed = false } } },
  expect = { status = "eligible", amount = "0.00", outputs = { counted_hires = 0 } },
}
M:case {
  name = "2 insured months vs 3", as_of = AS, clause = "一（一）",
  input = { hires = { hire { graduation_year = 2025, insured_months = 2 },
                      hire { graduation_year = 2025, insured_months = 3 } } },
  expect = { status = "eligible", amount = "1000.00", outputs = { counted_hires = 1 } },
}
M:case {
  name = "hired 2025-12-31 counts; 2026-01-01 does not", as_of = "2025-12-31", clause = "一（一）",
  input = { hires = { hire { graduation_year = 2025, hired_on = "2025-12-31" },
                      hire { graduation_year = 2026, hired_on = "2026-01-01" } } },
  expect = { status = "eligible", amount = "1000.00", outputs = { counted_hires = 1 } },
}
M:case {
  name = "graduated 2024, hired 2025 without leaving-school data", as_of = AS, clause = "一（一）",
  -- graduation year 2024 ≠ 2025 and no left_school_on: does not count
  input = { hires = { hire { graduation_year = 2024 } } },
  expect = { status = "eligible", amount = "0.00", outputs = { counted_hires = 0 } },
}
M:case {
  name = "left school exactly 2 years before the hire", as_of = AS, clause = "一（一）",
  -- 2023-08-01 + 2 y = 2025-08-01 ≥ hired 2025-08-01 (inclusive)
  input = { hires = { hire { left_school_on = "2023-08-01", employed_since_leaving = false } } },
  expect = { status = "eligible", amount = "1000.00", outputs = { counted_hires = 1 } },
}
M:case {
  name = "left school 2 years and 1 day before the hire", as_of = AS, clause = "一（一）",
  -- 2023-07-31 + 2 y = 2025-07-31 < 2025-08-01
  input = { hires = { hire { left_school_on = "2023-07-31", employed_since_leaving = false } } },
  expect = { status = "eligible", amount = "0.00", outputs = { counted_hires = 0 } },
}
M:case {
  name = "exactly 2 years under the exclusive reading", as_of = AS, clause = "一（一）",
  interpret = { ["within-two-years"] = "exclusive" },
  input = { hires = { hire { left_school_on = "2023-08-01", employed_since_leaving = false } } },
  expect = { status = "eligible", amount = "0.00", outputs = { counted_hires = 0 } },
}
M:case {
  name = "left school within 2 years but employed since", as_of = AS, clause = "一（一）",
  input = { hires = { hire { left_school_on = "2024-07-01", employed_since_leaving = true } } },
  expect = { status = "eligible", amount = "0.00", outputs = { counted_hires = 0 } },
}
M:case {
  name = "unemployed youth: 16th and 24th birthdays count, the 25th does not", as_of = AS, clause = "一（一）",
  -- born 2009-03-01 → 16 on 2025-03-01 (counts); born 2000-03-01 → 25 on 2025-03-01 (no);
  -- born 2000-03-02 → 24 on 2025-03-01 (counts); born 2009-03-02 → 15 (no)
  input = { hires = {
    hire { registered_unemployed = true, birth_date = "2009-03-01", hired_on = "2025-03-01" },
    hire { registered_unemployed = true, birth_date = "2000-03-01", hired_on = "2025-03-01" },
    hire { registered_unemployed = true, birth_date = "2000-03-02", hired_on = "2025-03-01" },
    hire { registered_unemployed = true, birth_date = "2009-03-02", hired_on = "2025-03-01" } } },
  expect = { status = "eligible", amount = "2000.00", outputs = { counted_hires = 2 } },
}
M:case {
  name = "20-year-old not registered unemployed", as_of = AS, clause = "一（一）",
  input = { hires = { hire { birth_date = "2004-05-01", hired_on = "2025-03-01" } } },
  expect = { status = "eligible", amount = "0.00", outputs = { counted_hires = 0 } },
}
M:case {
  name = "no hires", as_of = AS, clause = "一（一）",
  input = { hires = {} },
  expect = { status = "eligible", amount = "0.00", outputs = { counted_hires = 0 } },
}
M:case {
  name = "hires unknown: undetermined", as_of = AS, clause = "一（一）",
  input = {},
  expect = { status = "undetermined", amount = nil, missing = { "hires" } },
}
M:case {
  name = "before the notice", as_of = "2024-12-01", clause = "一（一）",
  input = { hires = { GRAD } },
  expect = { status = "not_in_force" },
}
M:case {
  name = "after the policy ends", as_of = "2026-01-01", clause = "一（一）",
  -- "政策执行至2025年12月31日"
  input = { hires = { GRAD } },
  expect = { status = "not_in_force" },
}

return M
