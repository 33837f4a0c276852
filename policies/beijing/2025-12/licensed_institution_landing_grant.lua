-- 京技管发〔2024〕33号《北京经济技术开发区关于加快推动产业金融高质量发展的若干措施》第八条 支持持牌
-- 法人金融机构落户, with 附则 1–3, 5 (M8). 北京市人民政府公报 2025年第12期,
-- gazettes/beijing-2025-12.txt:1427-1556: 第八条 at line 1491, the 附则 at 1549-1556 (附则1 1551, 附则2
-- 1552, 附则3 1553, 附则5 1555).
local M = measure {
  id = "bda.licensed-institution-landing-grant",
  title = "持牌法人金融机构落户补助",
  document = {
    number = "京技管发〔2024〕33号",
    title = "北京经济技术开发区关于加快推动产业金融高质量发展的若干措施",
    issuer = "北京经济技术开发区管理委员会",
    issued_on = "2024-12-24",
    gazette = "北京市人民政府公报 2025年第12期",
    source = "gazettes/beijing-2025-12.txt:1427-1556",
  },
  -- 附则3: 2024 events qualify; 附则5: 有效期至 2028 年 12 月 31 日. as_of = the event date.
  valid = { from = "2024-01-01", to = "2028-12-31" },
  entity = "financial_institution",
  inputs = {
    paid_in_capital           = { type = "money", label = "实收资本" },
    licensed_legal_person     = { type = "boolean", label = "经国家金融管理部门批准设立的持牌法人金融机构" },
    in_yizhuang               = { type = "boolean", derive = "in_yizhuang", label = "在亦庄新城225平方公里范围内注册并实际经营" },
    major_penalty_or_crime_3y = { type = "boolean", label = "近3年有重大行政处罚或刑事犯罪记录" },
    serious_dishonest_list    = { type = "boolean", label = "列入严重违法失信主体名单" },
    -- Beyond the worked cases: 第八条 second sentence (增资补助), computed when given.
    capital_increase          = { type = "money", optional = true, label = "本次增资额" },
  },
  outputs = {
    grant          = { type = "money" },
    increase_grant = { type = "money" },
  },
  output_order = { "grant", "increase_grant" },
  amount = "grant",
}

local F = "2024-01-01"
M:param("min_capital", {
  { from = F, value = yi(1), clause = "第八条", lines = 1491, text = "实收资本 1 亿元(含)—5 亿元的" },
})
M:param("cap", {
  { from = F, value = wan(6000), clause = "第八条", lines = 1491, text = "最高不超过 6000 万元" },
})
M:param("min_increase", {
  { from = F, value = yi(1), clause = "第八条", lines = 1491, text = "实收资本每新增 1 亿元(含)以上的" },
})
M:param("increase_rate", {
  { from = F, value = pct(1), clause = "第八条", lines = 1491, text = "按增资额度的 1% 给予补助" },
})
M:param("increase_cap", {
  { from = F, value = wan(2000), clause = "第八条", lines = 1491, text = "每次最高不超过 2000 万元" },
})

-- 第八条: "500 万元+实收资本×1%" etc. Lower bounds 含 ("1 亿元(含)—5 亿元").
local function tier(base, rate) return function(k, mode) return base + k:mul(rate, "wan2", mode) end end
local capital_tiers = tiers {
  { from = yi(1),  to = yi(5),  bounds = "[)", fn = tier(wan(500), pct(1)),
    clause = "第八条", text = "实收资本 1 亿元(含)—5 亿元：500 万元 + 实收资本 × 1%" },
  { from = yi(5),  to = yi(10), bounds = "[)", fn = tier(wan(1000), ratio("0.005")),
    clause = "第八条", text = "实收资本 5 亿元(含)—10 亿元：1000 万元 + 实收资本 × 0.5%" },
  { from = yi(10), to = yi(30), bounds = "[)", fn = tier(wan(2000), ratio("0.003")),
    clause = "第八条", text = "实收资本 10 亿元(含)—30 亿元：2000 万元 + 实收资本 × 0.3%" },
  { from = yi(30), bounds = "[)", fn = tier(wan(5000), ratio("0.002")),
    clause = "第八条", text = "30 亿元(含)以上：5000 万元 + 实收资本 × 0.2%" },
}

M:interpretation("rounding", {
  text = "附则1“以万元为单位，保留两位小数”：按百元（0.01 万元）四舍五入",
  default = "half_up",
  choices = { half_up = "四舍五入（6,234,567.89 → 6,234,600.00）", down = "截尾（6,234,567.89 → 6,234,500.00）" },
})
M:interpretation("tier-bounds", {
  text = "“1 亿元(含)—5 亿元”：下限含、上限不含（5 亿元属于下一档）",
  default = "lower_inclusive",
  choices = { lower_inclusive = "[1亿, 5亿), [5亿, 10亿), [10亿, 30亿), [30亿, ∞)" },
})
M:interpretation("event-date", {
  text = "as_of 为落户（批准设立、实缴到位）日期；附则3：2024 年度发生的参照兑现",
  default = "event",
  choices = { event = "以事件日期判断有效期" },
})

M:rule("licensed", {
  clause = "第八条", lines = 1491, text = "经国家金融管理部门批准设立的持牌法人金融机构",
  check = function(r) return r.licensed_legal_person == true end,
})
M:rule("in-yizhuang", {
  clause = "附则2", lines = 1552, text = "在亦庄新城 225 平方公里范围内注册并实际经营",
  check = function(r) return r.in_yizhuang == true end,
})
M:rule("no-major-penalty", {
  clause = "附则2", lines = 1552, text = "近 3 年无重大行政处罚记录和刑事犯罪记录",
  check = function(r) return r.major_penalty_or_crime_3y == false end,
})
M:rule("not-dishonest", {
  clause = "附则2", lines = 1552, text = "未列入严重违法失信主体名单",
  check = function(r) return r.serious_dishonest_list == false end,
})
M:rule("capital-floor", {
  clause = "第八条", lines = 1491, text = "实收资本 1 亿元(含)以上",
  check = function(r, ctx) return threshold(r.paid_in_capital, "以上", ctx.p.min_capital) end,
})

M:compute(function(r, ctx, out)
  ctx:interpret("event-date"); ctx:interpret("tier-bounds")
  local mode = ctx:interpret("rounding")
  local k = r.paid_in_capital
  local t = capital_tiers:find(k)
  out.grant = min(t.fn(k, mode), ctx.p.cap):round("wan2", mode)
  local inc = r.capital_increase
  if inc ~= nil and threshold(inc, "以上", ctx.p.min_increase) then
    out.increase_grant = min(inc:mul(ctx.p.increase_rate, "wan2", mode), ctx.p.increase_cap)
  else
    out.increase_grant = yuan(0)
  end
end)

-- ---------------------------------------------------------------------------------------
local BASE = { paid_in_capital = "3亿", licensed_legal_person = true, in_yizhuang = true,
              major_penalty_or_crime_3y = false, serious_dishonest_list = false }
local function rec(changes) return measure.variant(BASE, changes) end
local AS = "2025-06-01"

M:case {
  name = "worked case: K = 3亿", as_of = AS, clause = "第八条",
  -- 5,000,000 + 300,000,000 × 1% = 8,000,000
  input = rec(),
  expect = { status = "eligible", amount = "8000000.00", outputs = { grant = "8000000.00", increase_grant = "0.00" } },
}
M:case {
  name = "worked case: K = 123,456,789 rounds to 万元 with two decimals", as_of = AS, clause = "第八条、附则1",
  -- 5,000,000 + 1,234,567.89 = 6,234,567.89 → 623.46 万元 = 6,234,600.00 (67.89 ≥ 50 rounds up)
  input = rec { paid_in_capital = 123456789 },
  expect = { status = "eligible", amount = "6234600.00" },
}
M:case {
  name = "truncation reading", as_of = AS, clause = "附则1",
  -- 6,234,567.89 → 6,234,500.00
  interpret = { rounding = "down" },
  input = rec { paid_in_capital = 123456789 },
  expect = { status = "eligible", amount = "6234500.00" },
}
M:case {
  name = "rounding at the half: 50 元 rounds up", as_of = AS, clause = "附则1",
  -- 100,005,000 × 1% = 1,000,050; 5,000,000 + 1,000,050 = 6,000,050 → 6,000,100.00
  input = rec { paid_in_capital = 100005000 },
  expect = { status = "eligible", amount = "6000100.00" },
}
M:case {
  name = "just under the half: 49.99 元 rounds down", as_of = AS, clause = "附则1",
  -- 100,004,999 × 1% = 1,000,049.99 → 6,000,049.99 → 6,000,000.00
  input = rec { paid_in_capital = 100004999 },
  expect = { status = "eligible", amount = "6000000.00" },
}
M:case {
  name = "K exactly 1亿 (含)", as_of = AS, clause = "第八条",
  -- 5,000,000 + 1,000,000 = 6,000,000
  input = rec { paid_in_capital = "1亿" },
  expect = { status = "eligible", amount = "6000000.00" },
}
M:case {
  name = "K one yuan under 1亿", as_of = AS, clause = "第八条",
  input = rec { paid_in_capital = 99999999 },
  expect = { status = "ineligible", amount = "0.00", failed = { "capital-floor" } },
}
M:case {
  name = "worked case: K = 4.9999亿", as_of = AS, clause = "第八条",
  -- 5,000,000 + 499,990,000 × 1% = 9,999,900
  input = rec { paid_in_capital = "49999万" },
  expect = { status = "eligible", amount = "9999900.00" },
}
M:case {
  name = "K exactly 5亿: second tier", as_of = AS, clause = "第八条",
  -- 10,000,000 + 500,000,000 × 0.5% = 12,500,000
  input = rec { paid_in_capital = "5亿" },
  expect = { status = "eligible", amount = "12500000.00" },
}
M:case {
  name = "worked case: K = 8亿", as_of = AS, clause = "第八条",
  -- 10,000,000 + 4,000,000 = 14,000,000
  input = rec { paid_in_capital = "8亿" },
  expect = { status = "eligible", amount = "14000000.00" },
}
M:case {
  name = "K just under 10亿", as_of = AS, clause = "第八条",
  -- 10,000,000 + 999,999,999 × 0.5% = 10,000,000 + 4,999,999.995 → 14,999,999.995 → 15,000,000.00
  input = rec { paid_in_capital = 999999999 },
  expect = { status = "eligible", amount = "15000000.00" },
}
M:case {
  name = "K exactly 10亿: third tier", as_of = AS, clause = "第八条",
  -- 20,000,000 + 1,000,000,000 × 0.3% = 23,000,000
  input = rec { paid_in_capital = "10亿" },
  expect = { status = "eligible", amount = "23000000.00" },
}
M:case {
  name = "worked case: K = 20亿", as_of = AS, clause = "第八条",
  -- 20,000,000 + 6,000,000 = 26,000,000
  input = rec { paid_in_capital = "20亿" },
  expect = { status = "eligible", amount = "26000000.00" },
}
M:case {
  name = "K exactly 30亿: fourth tier", as_of = AS, clause = "第八条",
  -- 50,000,000 + 3,000,000,000 × 0.2% = 56,000,000
  input = rec { paid_in_capital = "30亿" },
  expect = { status = "eligible", amount = "56000000.00" },
}
M:case {
  name = "K = 50亿 reaches the cap exactly", as_of = AS, clause = "第八条",
  -- 50,000,000 + 10,000,000 = 60,000,000 = cap
  input = rec { paid_in_capital = "50亿" },
  expect = { status = "eligible", amount = "60000000.00" },
}
M:case {
  name = "worked case: K = 60亿 capped", as_of = AS, clause = "第八条",
  -- 50,000,000 + 12,000,000 = 62,000,000 → 60,000,000
  input = rec { paid_in_capital = "60亿" },
  expect = { status = "eligible", amount = "60000000.00" },
}
M:case {
  name = "worked case: capital increase 25亿 capped at 2000万", as_of = AS, clause = "第八条",
  -- 2,500,000,000 × 1% = 25,000,000 → 20,000,000
  input = rec { capital_increase = "25亿" },
  expect = { status = "eligible", amount = "8000000.00", outputs = { increase_grant = "20000000.00" } },
}
M:case {
  name = "capital increase exactly 1亿", as_of = AS, clause = "第八条",
  -- 100,000,000 × 1% = 1,000,000
  input = rec { capital_increase = "1亿" },
  expect = { status = "eligible", outputs = { increase_grant = "1000000.00" } },
}
M:case {
  name = "worked case: capital increase 0.5亿", as_of = AS, clause = "第八条",
  input = rec { capital_increase = "5000万" },
  expect = { status = "eligible", outputs = { increase_grant = "0.00" } },
}
M:case {
  name = "not licensed", as_of = AS, clause = "第八条",
  input = rec { licensed_legal_person = false },
  expect = { status = "ineligible", failed = { "licensed" } },
}
M:case {
  name = "worked case: operating outside 亦庄新城", as_of = AS, clause = "附则2",
  input = rec { in_yizhuang = false },
  expect = { status = "ineligible", failed = { "in-yizhuang" } },
}
M:case {
  name = "major penalty in 3 years", as_of = AS, clause = "附则2",
  input = rec { major_penalty_or_crime_3y = true },
  expect = { status = "ineligible", failed = { "no-major-penalty" } },
}
M:case {
  name = "worked case: on the dishonest list", as_of = AS, clause = "附则2",
  input = rec { serious_dishonest_list = true },
  expect = { status = "ineligible", failed = { "not-dishonest" } },
}
M:case {
  name = "capital unknown: undetermined", as_of = AS, clause = "第八条",
  input = rec { paid_in_capital = "nil" },
  expect = { status = "undetermined", amount = nil, missing = { "paid_in_capital" } },
}
M:case {
  name = "dishonest-list status unknown: undetermined", as_of = AS, clause = "附则2",
  input = rec { serious_dishonest_list = "nil" },
  expect = { status = "undetermined", missing = { "serious_dishonest_list" } },
}
M:case {
  name = "worked case: a 2024 event qualifies", as_of = "2024-06-30", clause = "附则3",
  input = rec(),
  expect = { status = "eligible", amount = "8000000.00" },
}
M:case {
  name = "event in 2023: not in force", as_of = "2023-12-31", clause = "附则3",
  input = rec(),
  expect = { status = "not_in_force" },
}
M:case {
  name = "worked case: 2028-12-31 (inclusive)", as_of = "2028-12-31", clause = "附则5",
  input = rec(),
  expect = { status = "eligible", amount = "8000000.00" },
}
M:case {
  name = "worked case: after 2028-12-31", as_of = "2029-01-01", clause = "附则5",
  input = rec(),
  expect = { status = "not_in_force" },
}
M:case {
  name = "cap lowered to 5000万 with --set", as_of = AS, clause = "第八条",
  -- K = 30亿: 56,000,000 → 50,000,000
  set = { cap = "5000万" },
  input = rec { paid_in_capital = "30亿" },
  expect = { status = "eligible", amount = "50000000.00" },
}

return M
