-- 京技管发〔2024〕30号《北京经济技术开发区支持普惠性民办幼儿园发展补助资金管理使用实施细则（试行）》
-- 第五条 生均定额补助 (M4). 北京市人民政府公报 2025年第12期, gazettes/beijing-2025-12.txt:1122-1249
-- (第五条 at 1156-1164). Also 第二条 (普惠性 status, line 1146) and 第十二条 (application conditions,
-- 1198-1203) as optional rules; 第十四条 (public notice) is workflow W2.
local M = measure {
  id = "bda.kindergarten-per-child-subsidy",
  title = "普惠性民办幼儿园生均定额补助",
  document = {
    number = "京技管发〔2024〕30号",
    title = "北京经济技术开发区支持普惠性民办幼儿园发展补助资金管理使用实施细则（试行）",
    issuer = "北京经济技术开发区管理委员会",
    issued_on = "2024-12-02",
    gazette = "北京市人民政府公报 2025年第12期",
    source = "gazettes/beijing-2025-12.txt:1122-1249",
  },
  -- The 细则 states no effective date (第二十三条, 第二十四条 are its last articles); it is issued
  -- 2024-12-02, and this measure funds subsidy years from 2025, the first whole year after it
  -- (a reading: the text gives no year). Validity is judged on the subsidy year (1 January of `year`), not on as_of:
  -- a `year` before 2025 is not_in_force.
  valid = { from = "2025-01-01", on = function(r) return date(r.year, 1, 1) end },
  entity = "kindergarten",
  inputs = {
    year = { type = "integer", specific = true, label = "补助年度" },
    children = { type = "list", specific = true, label = "在园儿童", of = {
      admitted_on      = { type = "date", label = "入园手续办理完成日期" },
      left_on          = { type = "date", optional = true, label = "离园手续办理完成日期（在园为空）" },
      graduating       = { type = "boolean", label = "毕业班儿童" },
      autumn_intake    = { type = "boolean", label = "秋季小班新招收" },
      aged_3_at_intake = { type = "boolean", label = "秋季招生时年龄满3岁" },
    } },
    -- Beyond the worked cases: 第二条 and 第十二条 conditions, applied only when given.
    recognised_inclusive = { type = "boolean", specific = true, optional = true,
                             label = "经开区教育行政管理部门认定的普惠性民办幼儿园" },
    clean_record_3y      = { type = "boolean", specific = true, optional = true,
                             label = "近3年内无违规办园、安全事故、办学风险隐患、行政处罚" },
    inspection_passed    = { type = "boolean", specific = true, optional = true,
                             label = "上年度考核或年检及市督导评估均为合格或以上" },
  },
  outputs = {
    subsidy      = { type = "money" },
    child_months = { type = "integer" },
  },
  output_order = { "subsidy", "child_months" },
  amount = "subsidy",
}

M:param("per_child_month", {
  { from = "2024-12-02", value = yuan(1800), clause = "第五条1", lines = 1158,
    text = "补助标准为1800元/生·月（包含市区两级财政教育经费安排的资金），每年按12个月计发" },
})
M:param("autumn_month", {
  { from = "2024-12-02", value = 9, clause = "第五条2", lines = 1160, text = "秋季小班新招收儿童从当年9月计入补助基数" },
})

M:interpretation("autumn-start", {
  text = "“秋季小班新招收儿童从当年9月计入”：取当年9月与入园当月中较晚者",
  default = "later_of",
  choices = { later_of = "9月与入园当月取较晚者（10月入园从10月计）",
              september = "一律从当年9月计（即使10月才办完入园手续）" },
})
M:interpretation("leaving-month", {
  text = "“自离园手续办理完成后的当月起不再计入”：离园当月不计；毕业班儿童离园当月仍计、次月起不计",
  default = "procedure_month",
  choices = { procedure_month = "以 left_on 所在月为离园手续完成月" },
})
M:interpretation("aged-3", {
  text = "“秋季招生年龄满3岁”：截止日期由年度招生规定确定（外部），以 aged_3_at_intake 表示；不满3岁的儿童全年不计",
  default = "flag",
  choices = { flag = "按 aged_3_at_intake 判断" },
})

M:rule("recognised-inclusive", {
  clause = "第二条", lines = 1146, text = "经开区教育行政管理部门认定的普惠性民办幼儿园",
  when = function(r) return r.recognised_inclusive ~= nil end,
  check = function(r) return r.recognised_inclusive == true end,
})
M:rule("clean-record", {
  clause = "第十二条2", lines = 1201, text = "近3年内无违规办园行为，无安全事故发生，无办学风险隐患，未受到行政处罚",
  when = function(r) return r.clean_record_3y ~= nil end,
  check = function(r) return r.clean_record_3y == true end,
})
M:rule("inspection", {
  clause = "第十二条3", lines = 1202, text = "上年度考核或年检结果为“合格”或以上，且市督导评估“合格”或以上",
  when = function(r) return r.inspection_passed ~= nil end,
  check = function(r) return r.inspection_passed == true end,
})

-- Months as a single index y * 12 + (m - 1).
local function mi(d) return d.year * 12 + d.month - 1 end

-- Counted months of one child in `year` (第五条2).
local function child_months(c, year, ctx)
  ctx:interpret("aged-3"); ctx:interpret("leaving-month")
  if not c.aged_3_at_intake then return 0 end
  local first = mi(c.admitted_on)
  if c.autumn_intake then
    local sept = c.admitted_on.year * 12 + ctx.p.autumn_month - 1
    if ctx:interpret("autumn-start") == "september" or first < sept then first = sept end
  end
  local stop = math.huge                                    -- first uncounted month
  if c.left_on ~= nil then
    stop = mi(c.left_on) + (c.graduating and 1 or 0)        -- 毕业班: 次月起不再计入
  end
  local lo, hi = math.max(first, year * 12), math.min(stop - 1, year * 12 + 11)
  return hi >= lo and (hi - lo + 1) or 0
end

M:compute(function(r, ctx, out)
  local n = 0
  for _, c in ipairs(r.children) do n = n + child_months(c, r.year, ctx) end
  out.child_months = n
  out.subsidy = ctx.p.per_child_month * n
end)

-- ---------------------------------------------------------------------------------------
local A = { admitted_on = "2023-09-01", graduating = false, autumn_intake = true, aged_3_at_intake = true }
local B = { admitted_on = "2023-09-01", left_on = "2025-04-15", graduating = false, autumn_intake = true,
            aged_3_at_intake = true }
local C = { admitted_on = "2022-09-01", left_on = "2025-07-10", graduating = true, autumn_intake = true,
            aged_3_at_intake = true }
local Dk = { admitted_on = "2025-08-25", graduating = false, autumn_intake = true, aged_3_at_intake = true }
local E = { admitted_on = "2025-03-20", graduating = false, autumn_intake = false, aged_3_at_intake = true }
local kid = measure.variant
local AS = "2025-12-31"

M:case {
  name = "worked case: five children in 2025", as_of = AS, clause = "第五条",
  -- A 12 (enrolled all year) + B 3 (left 2025-04-15: Jan–Mar) + C 7 (graduating, left 2025-07-10:
  -- Jan–Jul) + D 4 (autumn intake 2025-08-25: Sep–Dec) + E 10 (admitted 2025-03-20: Mar–Dec) = 36
  -- 36 × 1,800 = 64,800
  input = { year = 2025, children = { A, B, C, Dk, E } },
  expect = { status = "eligible", amount = "64800.00",
             outputs = { subsidy = "64800.00", child_months = 36 } },
}
M:case {
  name = "worked case: 100 children all year", as_of = AS, clause = "第五条1",
  -- 100 × 12 × 1,800 = 2,160,000
  input = { year = 2025, children = (function() local t = {} for i = 1, 100 do t[i] = A end return t end)() },
  expect = { status = "eligible", amount = "2160000.00", outputs = { child_months = 1200 } },
}
M:case {
  name = "not aged 3 at intake: not counted", as_of = AS, clause = "第五条1",
  input = { year = 2025, children = { kid(A, { aged_3_at_intake = false }) } },
  expect = { status = "eligible", amount = "0.00", outputs = { child_months = 0 } },
}
M:case {
  name = "non-graduating child leaving on the 1st of a month", as_of = AS, clause = "第五条2",
  -- left 2025-04-01: April not counted → Jan–Mar = 3 → 5,400
  input = { year = 2025, children = { kid(B, { left_on = "2025-04-01" }) } },
  expect = { status = "eligible", amount = "5400.00", outputs = { child_months = 3 } },
}
M:case {
  name = "non-graduating child leaving on the last day of March", as_of = AS, clause = "第五条2",
  -- left 2025-03-31: March not counted → Jan–Feb = 2 → 3,600
  input = { year = 2025, children = { kid(B, { left_on = "2025-03-31" }) } },
  expect = { status = "eligible", amount = "3600.00", outputs = { child_months = 2 } },
}
M:case {
  name = "the same date for a graduating child counts one month more", as_of = AS, clause = "第五条2",
  -- graduating, left 2025-03-31: 次月起不再计入 → Jan–Mar = 3
  input = { year = 2025, children = { kid(B, { left_on = "2025-03-31", graduating = true }) } },
  expect = { status = "eligible", amount = "5400.00", outputs = { child_months = 3 } },
}
M:case {
  name = "graduating child leaving in December counts all year", as_of = AS, clause = "第五条2",
  -- left 2025-12-20, first uncounted = January 2026 → 12
  input = { year = 2025, children = { kid(C, { left_on = "2025-12-20" }) } },
  expect = { status = "eligible", amount = "21600.00", outputs = { child_months = 12 } },
}
M:case {
  name = "child who left in January: 0 months", as_of = AS, clause = "第五条2",
  input = { year = 2025, children = { kid(B, { left_on = "2025-01-05" }) } },
  expect = { status = "eligible", amount = "0.00", outputs = { child_months = 0 } },
}
M:case {
  name = "child who left before the year", as_of = AS, clause = "第五条2",
  input = { year = 2025, children = { kid(B, { left_on = "2024-11-05" }) } },
  expect = { status = "eligible", amount = "0.00", outputs = { child_months = 0 } },
}
M:case {
  name = "autumn intake admitted 2025-09-01: September counts", as_of = AS, clause = "第五条2",
  -- Sep–Dec = 4 → 7,200
  input = { year = 2025, children = { kid(Dk, { admitted_on = "2025-09-01" }) } },
  expect = { status = "eligible", amount = "7200.00", outputs = { child_months = 4 } },
}
M:case {
  name = "autumn intake admitted 2025-10-10: from October (later of)", as_of = AS, clause = "第五条2",
  -- Oct–Dec = 3
  input = { year = 2025, children = { kid(Dk, { admitted_on = "2025-10-10" }) } },
  expect = { status = "eligible", amount = "5400.00", outputs = { child_months = 3 } },
}
M:case {
  name = "autumn intake admitted 2025-10-10 under the september reading", as_of = AS, clause = "第五条2",
  -- Sep–Dec = 4
  interpret = { ["autumn-start"] = "september" },
  input = { year = 2025, children = { kid(Dk, { admitted_on = "2025-10-10" }) } },
  expect = { status = "eligible", amount = "7200.00", outputs = { child_months = 4 } },
}
M:case {
  name = "worked case: transfer-in March, autumn intake August", as_of = AS, clause = "第五条2",
  -- (a) Mar–Dec 10 = 18,000; (b) Sep–Dec 4 = 7,200; total 14 × 1,800 = 25,200
  input = { year = 2025, children = { E, Dk } },
  expect = { status = "eligible", amount = "25200.00", outputs = { child_months = 14 } },
}
M:case {
  name = "admitted after the year: 0", as_of = "2026-01-15", clause = "第五条2",
  input = { year = 2025, children = { kid(E, { admitted_on = "2026-01-03" }) } },
  expect = { status = "eligible", amount = "0.00", outputs = { child_months = 0 } },
}
M:case {
  name = "the following year: child admitted 2025-03-20 counts 12 in 2026", as_of = "2026-12-31", clause = "第五条",
  input = { year = 2026, children = { E } },
  expect = { status = "eligible", amount = "21600.00", outputs = { child_months = 12 } },
}
M:case {
  name = "no children", as_of = AS, clause = "第五条",
  input = { year = 2025, children = {} },
  expect = { status = "eligible", amount = "0.00", outputs = { child_months = 0 } },
}
M:case {
  name = "subsidy year 2024: not in force", as_of = AS, clause = "第五条",
  -- the 细则 (issued 2024-12-02) funds subsidy years from 2025
  input = { year = 2024, children = { A } },
  expect = { status = "not_in_force" },
}
M:case {
  name = "subsidy year 2025 settled in January 2026: in force", as_of = "2026-01-15", clause = "第五条3",
  -- 每年1月…对上年度生均定额补助经费…进行清算: 12 × 1,800 = 21,600
  input = { year = 2025, children = { A } },
  expect = { status = "eligible", amount = "21600.00" },
}
M:case {
  name = "subsidy year 2025 evaluated in advance (budget, 第十条)", as_of = "2024-12-15", clause = "第十条",
  -- validity follows the subsidy year, not the evaluation date
  input = { year = 2025, children = { A } },
  expect = { status = "eligible", amount = "21600.00" },
}
M:case {
  name = "not recognised as 普惠性", as_of = AS, clause = "第二条",
  input = { year = 2025, children = { A }, recognised_inclusive = false },
  expect = { status = "ineligible", failed = { "recognised-inclusive" } },
}
M:case {
  name = "worked case: administrative penalty within 3 years", as_of = AS, clause = "第十二条2",
  input = { year = 2025, children = { A }, clean_record_3y = false },
  expect = { status = "ineligible", failed = { "clean-record" } },
}
M:case {
  name = "worked case: inspection failed", as_of = AS, clause = "第十二条3",
  input = { year = 2025, children = { A }, clean_record_3y = true, inspection_passed = false },
  expect = { status = "ineligible", failed = { "inspection" } },
}
M:case {
  name = "all application conditions met", as_of = AS, clause = "第十二条",
  input = { year = 2025, children = { A }, recognised_inclusive = true, clean_record_3y = true,
            inspection_passed = true },
  expect = { status = "eligible", amount = "21600.00" },
}
M:case {
  name = "year unknown: undetermined", as_of = AS, clause = "第五条",
  input = { children = { A } },
  expect = { status = "undetermined", amount = nil, missing = { "year" } },
}
M:case {
  name = "children unknown: undetermined", as_of = AS, clause = "第五条",
  input = { year = 2025 },
  expect = { status = "undetermined", missing = { "children" } },
}

return M
