-- 朝政发〔2020〕9号 三（四）: 青年就业见习人员生活补贴 (M10).
-- gazettes/chaoyang-2020-04.txt:382: "毕业2年内未就业的本区户籍高校毕业生、中专毕业生及技工院校毕业生
-- 和16-24岁城乡登记失业人员，在见习单位进行短期全日制就业锻炼，见习期间按照见习人员人数，给予见习人员
-- 生活补贴，补贴标准为本市当年月最低工资，补贴期限最长不超过12个月". In force from 2021-01-01
-- (line 430) for internships starting on or after that day (valid.on = internship_start).
-- The monthly rate is read on each internship month's first day (ctx:param(name, date),
-- docs/measures.md "Parameters at another date"). The second half of 三（四） (social-insurance
-- subsidy to the host for retained interns) is a different beneficiary and is not encoded here.
local M = measure {
  id = "chaoyang.intern-living-subsidy",
  title = "青年就业见习人员生活补贴",
  document = {
    number = "朝政发〔2020〕9号",
    title = "北京市朝阳区人民政府关于做好当前和今后一个时期促就业稳就业工作的实施意见",
    issuer = "北京市朝阳区人民政府",
    issued_on = "2020-12-24",
    gazette = "北京市朝阳区人民政府公报 2020年第4期",
    source = "gazettes/chaoyang-2020-04.txt:344-438",
  },
  valid = { from = "2021-01-01", on = function(r) return r.internship_start end, clause = "施行日期" },
  entity = "person",
  inputs = {
    category = { type = "enum", specific = true, label = "见习人员类别",
                 values = { "高校毕业生", "中专毕业生", "技工院校毕业生", "城乡登记失业人员" } },
    hukou_district            = { type = "text", label = "户籍所在区（毕业生）" },
    graduated_on              = { type = "date", label = "毕业日期（毕业生）" },
    employed_since_graduation = { type = "boolean", label = "毕业后曾就业（毕业生）" },
    birth_date                = { type = "date", label = "出生日期（城乡登记失业人员）" },
    internship_start          = { type = "date", specific = true, label = "见习开始日期" },
    internship_months         = { type = "integer", specific = true, label = "已完成见习整月数" },
    -- Beyond the worked cases: "在见习单位进行短期全日制就业锻炼", applied only when given.
    full_time_at_host         = { type = "boolean", specific = true, optional = true, label = "在见习单位全日制见习" },
  },
  outputs = {
    subsidy           = { type = "money" },
    subsidised_months = { type = "integer" },
  },
  output_order = { "subsidy", "subsidised_months" },
  amount = "subsidy",
}

-- 本市月最低工资: values from the Beijing HR and social-security bureau's minimum-wage notices,
-- outside the gazette (the measure cites them as 月最低工资标准). Check before release: the notices' numbers are
-- not verified here, and a public account dates the 2,320 rate from 2021-08-01, not 2021-09-01.
local MW = "北京市人力资源和社会保障局关于调整本市最低工资标准的通知"
M:param("minimum_wage", {
  { from = "2019-07-01", value = yuan(2200), clause = "月最低工资标准", lines = 382,
    document = MW .. "（2019年，自2019年7月1日起执行；文号待核，check before release）",
    text = "本市月最低工资标准 2200 元（三（四）“补贴标准为本市当年月最低工资”）" },
  { from = "2021-09-01", value = yuan(2320), clause = "月最低工资标准", lines = 382,
    document = MW .. "（2021年；文号与起始日待核，check before release）",
    text = "本市月最低工资标准 2320 元" },
  { from = "2023-09-01", value = yuan(2420), clause = "月最低工资标准", lines = 382,
    document = MW .. "（2023年，自2023年9月1日起执行；文号待核，check before release）",
    text = "本市月最低工资标准 2420 元" },
  { from = "2025-09-01", value = yuan(2540), clause = "月最低工资标准", lines = 382,
    document = MW .. "（2025年，自2025年9月1日起执行；文号待核，check before release）",
    text = "本市月最低工资标准 2540 元" },
})
M:param("max_months", {
  { from = "2021-01-01", value = 12, clause = "三（四）", lines = 382, text = "补贴期限最长不超过12个月" },
})
M:param("years_since_graduation", {
  { from = "2021-01-01", value = 2, clause = "三（四）", lines = 382, text = "毕业2年内未就业" },
})
M:param("min_age", {
  { from = "2021-01-01", value = 16, clause = "三（四）", lines = 382, text = "16-24岁城乡登记失业人员" },
})
M:param("max_age", {
  { from = "2021-01-01", value = 24, clause = "三（四）", lines = 382, text = "16-24岁城乡登记失业人员" },
})
M:param("district", {
  { from = "2021-01-01", value = "朝阳区", clause = "三（四）", lines = 382, text = "本区户籍" },
})

M:interpretation("wage-date", {
  text = "“补贴标准为本市当年月最低工资”：见习跨越最低工资调整时，每个见习月按该月首日有效的标准",
  default = "each-month",
  choices = {
    ["each-month"] = "第 k 个见习月按 internship_start + k 个月（月末向前取）当日有效的月最低工资",
    start = "全部见习月按见习开始日有效的月最低工资",
  },
})
M:interpretation("hukou-scope", {
  text = "“本区户籍”修饰高校毕业生、中专毕业生及技工院校毕业生；16-24岁城乡登记失业人员是否也须本区户籍",
  default = "graduates",
  choices = {
    graduates = "只有三类毕业生须朝阳区户籍；16-24岁城乡登记失业人员不限户籍",
    all = "四类人员均须朝阳区户籍",
  },
})

local GRADUATE = { ["高校毕业生"] = true, ["中专毕业生"] = true, ["技工院校毕业生"] = true }
local function graduate(r) return GRADUATE[r.category] == true end

M:rule("months-completed", {
  clause = "三（四）", lines = 382, text = "见习期间按月给予生活补贴：已完成至少 1 个整月见习",
  check = function(r) return threshold(r.internship_months, "以上", 1) end,
})
M:rule("chaoyang-hukou", {
  clause = "三（四）", lines = 382, text = "本区（朝阳区）户籍",
  when = function(r, ctx) return graduate(r) or ctx:interpret("hukou-scope") == "all" end,
  check = function(r, ctx)
    return districts.same(r.hukou_district, ctx.p.district), "户籍：" .. r.hukou_district
  end,
})
M:rule("not-employed", {
  clause = "三（四）", lines = 382, text = "毕业后未就业",
  when = graduate,
  check = function(r) return r.employed_since_graduation == false end,
})
M:rule("within-two-years", {
  clause = "三（四）", lines = 382, text = "毕业2年内（见习开始日不晚于毕业日加2年，含对应日）",
  when = graduate,
  check = function(r, ctx)
    local limit = r.graduated_on:add_years(ctx.p.years_since_graduation)
    return r.internship_start <= limit, ("见习开始 %s，毕业2年届满 %s"):format(tostring(r.internship_start), tostring(limit))
  end,
})
M:rule("age-16-24", {
  clause = "三（四）", lines = 382, text = "16-24岁（见习开始日的周岁，16 和 24 均含）",
  when = function(r) return r.category == "城乡登记失业人员" end,
  check = function(r, ctx)
    local a = age(r.birth_date, r.internship_start)
    return a >= ctx.p.min_age and a <= ctx.p.max_age, ("见习开始时 %d 周岁"):format(a)
  end,
})
M:rule("full-time-at-host", {
  clause = "三（四）", lines = 382, text = "在见习单位进行短期全日制就业锻炼（给出时）",
  when = function(r) return r.full_time_at_host ~= nil end,
  check = function(r) return r.full_time_at_host == true end,
})

M:compute(function(r, ctx, out)
  local n = math.min(r.internship_months, ctx.p.max_months)
  local start = r.internship_start
  local each_month = ctx:interpret("wage-date") == "each-month"
  local total = yuan(0)
  for k = 0, n - 1 do
    local first = start:add_months(k)                 -- 08-31 + 1 month = 09-30 (month end rounds down)
    local wage, e = ctx:param("minimum_wage", each_month and first or start)
    total = total + wage
    if each_month then
      ctx:note("第 %d 个月 %s：%s（%s 起）", k + 1, first, wage, e.from or "--set")
    end
  end
  if not each_month then
    ctx:note("%s × %d 个月（按见习开始日 %s 的标准）= %s", ctx:param("minimum_wage", start), n, start, total)
  end
  out.subsidised_months = n
  out.subsidy = total
end)

-- ---------------------------------------------------------------------------------------
-- Test cases. Base record: the worked case.
local BASE = {
  category = "高校毕业生", hukou_district = "朝阳区", graduated_on = "2023-06-30",
  employed_since_graduation = false, internship_start = "2023-07-10", internship_months = 8,
}
local function rec(changes) return measure.variant(BASE, changes) end
local UNEMP = { category = "城乡登记失业人员", birth_date = "1999-03-01", internship_start = "2021-06-01",
                internship_months = 6 }
local function unemp(changes) return measure.variant(UNEMP, changes) end
local AS = "2024-04-01"

M:case {
  name = "worked case: 8 months across the 2023-09-01 change", as_of = AS, clause = "三（四）",
  -- 07-10, 08-10: 2,320; 09-10 … 2024-02-10: 6 × 2,420. 4,640 + 14,520 = 19,160
  input = rec(),
  expect = { status = "eligible", amount = "19160.00", outputs = { subsidy = "19160.00", subsidised_months = 8 } },
}
M:case {
  name = "worked case under wage-date=start", as_of = AS, clause = "三（四）",
  -- 8 × 2,320 (in force on 2023-07-10) = 18,560
  interpret = { ["wage-date"] = "start" },
  input = rec(),
  expect = { status = "eligible", amount = "18560.00", outputs = { subsidised_months = 8 } },
}
M:case {
  name = "worked case: 6 months, minimum wage set to 2,000", as_of = "2021-09-15", clause = "三（四）",
  -- graduated 2020-07-01, start 2021-03-01 ≤ 2022-07-01; 6 × 2,000 = 12,000 (--set on every month)
  set = { minimum_wage = "2000" },
  input = rec { graduated_on = "2020-07-01", internship_start = "2021-03-01", internship_months = 6 },
  expect = { status = "eligible", amount = "12000.00", outputs = { subsidised_months = 6 } },
}
M:case {
  name = "worked case with the Beijing rates", as_of = "2021-09-15", clause = "三（四）",
  -- months begin 2021-03-01 … 08-01, all before 2021-09-01: 6 × 2,200 = 13,200
  input = rec { graduated_on = "2020-07-01", internship_start = "2021-03-01", internship_months = 6 },
  expect = { status = "eligible", amount = "13200.00" },
}
M:case {
  name = "worked case: registered unemployed aged 22, 15 months, wage set to 2,000", as_of = "2022-10-01",
  clause = "三（四）",
  -- born 1999-03-01, 22 on 2021-06-01; min(15, 12) = 12 × 2,000 = 24,000
  set = { minimum_wage = "2000" },
  input = unemp { internship_months = 15 },
  expect = { status = "eligible", amount = "24000.00", outputs = { subsidised_months = 12 } },
}
M:case {
  name = "worked case: 中专 graduate of 2018-07-01 starting 2021-03-01", as_of = "2021-06-01", clause = "三（四）",
  -- 2018-07-01 + 2 y = 2020-07-01 < 2021-03-01
  input = rec { category = "中专毕业生", graduated_on = "2018-07-01", internship_start = "2021-03-01", internship_months = 3 },
  expect = { status = "ineligible", amount = "0.00", failed = { "within-two-years" } },
}
M:case {
  name = "registered unemployed aged 22 with the Beijing rates, 12 of 15 months", as_of = "2022-10-01", clause = "三（四）",
  -- months 2021-06-01 … 08-01: 3 × 2,200; 09-01 … 2022-05-01: 9 × 2,320. 6,600 + 20,880 = 27,480
  input = unemp { internship_months = 15 },
  expect = { status = "eligible", amount = "27480.00", outputs = { subsidised_months = 12 } },
}
M:case {
  name = "exactly 12 months", as_of = "2025-01-01", clause = "三（四）",
  -- 2023-07-10 + 0 … 11: 2 × 2,320 + 10 × 2,420 = 4,640 + 24,200 = 28,840
  input = rec { internship_months = 12 },
  expect = { status = "eligible", amount = "28840.00", outputs = { subsidised_months = 12 } },
}
M:case {
  name = "13 months: capped at 12", as_of = "2025-01-01", clause = "三（四）",
  -- the 13th month is not paid: 28,840 as for 12
  input = rec { internship_months = 13 },
  expect = { status = "eligible", amount = "28840.00", outputs = { subsidised_months = 12 } },
}
M:case {
  name = "1 month", as_of = AS, clause = "三（四）",
  -- 2,320 (2023-07-10)
  input = rec { internship_months = 1 },
  expect = { status = "eligible", amount = "2320.00", outputs = { subsidised_months = 1 } },
}
M:case {
  name = "0 months completed", as_of = AS, clause = "三（四）",
  input = rec { internship_months = 0 },
  expect = { status = "ineligible", amount = "0.00", failed = { "months-completed" } },
}
M:case {
  name = "a start on 08-31: months begin 09-30, 10-31", as_of = AS, clause = "三（四）",
  -- 2023-08-31: 2,320; 09-30, 10-31: 2,420 each → 7,160
  input = rec { internship_start = "2023-08-31", internship_months = 3 },
  expect = { status = "eligible", amount = "7160.00" },
}
M:case {
  name = "a month beginning on the day of the change", as_of = AS, clause = "三（四）",
  -- 07-01, 08-01: 2,320; 09-01: 2,420 (in force from that day) → 7,060
  input = rec { internship_start = "2023-07-01", internship_months = 3 },
  expect = { status = "eligible", amount = "7060.00" },
}
M:case {
  name = "across the 2025-09-01 change", as_of = "2026-03-01", clause = "三（四）",
  -- 2025-03-15 … 08-15: 6 × 2,420 = 14,520; 09-15 … 2026-02-15: 6 × 2,540 = 15,240 → 29,760
  input = rec { graduated_on = "2024-07-01", internship_start = "2025-03-15", internship_months = 12 },
  expect = { status = "eligible", amount = "29760.00", outputs = { subsidised_months = 12 } },
}
M:case {
  name = "across the 2025-09-01 change under wage-date=start", as_of = "2026-03-01", clause = "三（四）",
  -- 12 × 2,420 = 29,040
  interpret = { ["wage-date"] = "start" },
  input = rec { graduated_on = "2024-07-01", internship_start = "2025-03-15", internship_months = 12 },
  expect = { status = "eligible", amount = "29040.00" },
}
M:case {
  name = "start on the second anniversary of graduation (毕业2年内 includes it)", as_of = AS, clause = "三（四）",
  -- 2021-07-10 + 2 y = 2023-07-10 = start
  input = rec { graduated_on = "2021-07-10" },
  expect = { status = "eligible", amount = "19160.00" },
}
M:case {
  name = "start one day after the second anniversary", as_of = AS, clause = "三（四）",
  -- 2021-07-09 + 2 y = 2023-07-09 < 2023-07-10
  input = rec { graduated_on = "2021-07-09" },
  expect = { status = "ineligible", amount = "0.00", failed = { "within-two-years" } },
}
M:case {
  name = "graduate with 海淀区 hukou", as_of = AS, clause = "三（四）",
  input = rec { hukou_district = "海淀区" },
  expect = { status = "ineligible", amount = "0.00", failed = { "chaoyang-hukou" } },
}
M:case {
  name = "技工院校 graduate, hukou written 朝阳", as_of = AS, clause = "三（四）",
  input = rec { category = "技工院校毕业生", hukou_district = "朝阳" },
  expect = { status = "eligible", amount = "19160.00" },
}
M:case {
  name = "graduate employed since graduation", as_of = AS, clause = "三（四）",
  input = rec { employed_since_graduation = true },
  expect = { status = "ineligible", amount = "0.00", failed = { "not-employed" } },
}
M:case {
  name = "registered unemployed with 海淀区 hukou (hukou-scope=graduates)", as_of = "2022-10-01", clause = "三（四）",
  -- no hukou condition: 3 × 2,200 + 3 × 2,320 = 13,560
  input = unemp { hukou_district = "海淀区" },
  expect = { status = "eligible", amount = "13560.00", outputs = { subsidised_months = 6 } },
}
M:case {
  name = "registered unemployed with 海淀区 hukou under hukou-scope=all", as_of = "2022-10-01", clause = "三（四）",
  interpret = { ["hukou-scope"] = "all" },
  input = unemp { hukou_district = "海淀区" },
  expect = { status = "ineligible", amount = "0.00", failed = { "chaoyang-hukou" } },
}
M:case {
  name = "registered unemployed, hukou unknown: not needed (hukou-scope=graduates)", as_of = "2022-10-01", clause = "三（四）",
  input = unemp(),
  expect = { status = "eligible", amount = "13560.00" },
}
M:case {
  name = "registered unemployed, hukou unknown under hukou-scope=all: undetermined", as_of = "2022-10-01", clause = "三（四）",
  interpret = { ["hukou-scope"] = "all" },
  input = unemp(),
  expect = { status = "undetermined", amount = "null", missing = { "hukou_district" } },
}
M:case {
  name = "16th birthday on the start day", as_of = "2022-10-01", clause = "三（四）",
  -- born 2005-06-01: 16 on 2021-06-01
  input = unemp { birth_date = "2005-06-01" },
  expect = { status = "eligible", amount = "13560.00" },
}
M:case {
  name = "one day short of 16", as_of = "2022-10-01", clause = "三（四）",
  -- born 2005-06-02: 15 on 2021-06-01
  input = unemp { birth_date = "2005-06-02" },
  expect = { status = "ineligible", amount = "0.00", failed = { "age-16-24" } },
}
M:case {
  name = "24 until the day before the 25th birthday", as_of = "2022-10-01", clause = "三（四）",
  -- born 1996-06-02: 24 on 2021-06-01
  input = unemp { birth_date = "1996-06-02" },
  expect = { status = "eligible", amount = "13560.00" },
}
M:case {
  name = "25th birthday on the start day", as_of = "2022-10-01", clause = "三（四）",
  -- born 1996-06-01: 25 on 2021-06-01
  input = unemp { birth_date = "1996-06-01" },
  expect = { status = "ineligible", amount = "0.00", failed = { "age-16-24" } },
}
M:case {
  name = "graduate fields are not read for a registered unemployed person", as_of = "2022-10-01", clause = "三（四）",
  input = unemp { graduated_on = "2010-01-01", employed_since_graduation = true },
  expect = { status = "eligible", amount = "13560.00" },
}
M:case {
  name = "birth date unknown: undetermined", as_of = "2022-10-01", clause = "三（四）",
  input = unemp { birth_date = "nil" },
  expect = { status = "undetermined", missing = { "birth_date" } },
}
M:case {
  name = "graduation date unknown: undetermined", as_of = AS, clause = "三（四）",
  input = rec { graduated_on = "nil" },
  expect = { status = "undetermined", missing = { "graduated_on" } },
}
M:case {
  name = "category unknown: undetermined", as_of = AS, clause = "三（四）",
  input = rec { category = "nil" },
  expect = { status = "undetermined", missing = { "category" } },
}
M:case {
  name = "a failed rule outweighs an unknown one", as_of = AS, clause = "三（四）",
  input = rec { graduated_on = "nil", hukou_district = "海淀区" },
  expect = { status = "ineligible", amount = "0.00", failed = { "chaoyang-hukou" } },
}
M:case {
  name = "internship start unknown: undetermined", as_of = AS, clause = "施行日期",
  input = rec { internship_start = "nil" },
  expect = { status = "undetermined", missing = { "internship_start" } },
}
M:case {
  name = "internship started 2020-12-31: not in force", as_of = AS, clause = "施行日期",
  -- "本实施意见自 2021 年 1 月 1 日起施行"
  input = rec { graduated_on = "2020-07-01", internship_start = "2020-12-31", internship_months = 3 },
  expect = { status = "not_in_force", amount = "null" },
}
M:case {
  name = "internship started 2021-01-01: in force", as_of = AS, clause = "施行日期",
  -- 2021-01-01 … 03-01: 3 × 2,200 = 6,600
  input = rec { graduated_on = "2020-07-01", internship_start = "2021-01-01", internship_months = 3 },
  expect = { status = "eligible", amount = "6600.00" },
}
M:case {
  name = "minimum wage set to 2,500 on every date", as_of = AS, clause = "三（四）",
  -- 8 × 2,500 = 20,000 (the override replaces every dated value)
  set = { minimum_wage = "2500" },
  input = rec(),
  expect = { status = "eligible", amount = "20000.00" },
}
M:case {
  name = "not full-time at the host (given)", as_of = AS, clause = "三（四）",
  input = rec { full_time_at_host = false },
  expect = { status = "ineligible", amount = "0.00", failed = { "full-time-at-host" } },
}
M:case {
  name = "full-time at the host (given)", as_of = AS, clause = "三（四）",
  input = rec { full_time_at_host = true },
  expect = { status = "eligible", amount = "19160.00" },
}
M:case {
  name = "an unknown category is an input error", as_of = AS, clause = "三（四）",
  input = rec { category = "大专毕业生" },
  expect = { error = "is not one of the allowed values" },
}

return M
