-- 京技管发〔2024〕33号《北京经济技术开发区关于加快推动产业金融高质量发展的若干措施》第三条 支持发展供应链
-- 金融 (gazettes/beijing-2025-12.txt:1465), 第十三条 支持持牌法人金融机构扩大业务规模 (1513-1515),
-- 第十四条 支持各类金融机构提升业务增速 (1519: "本条内容与第三条、第十三条按“就高不重复”原则执行"),
-- with 附则1–5 (1551-1555) (M25). One measure for a business year that pays the highest of the
-- three articles (M:alternatives "reward"; "reward-pairwise" for the pairwise reading).
local M = measure {
  id = "bda.financial-institution-revenue-reward",
  title = "金融机构供应链金融、业务规模及业务增速奖励（就高不重复）",
  document = {
    number = "京技管发〔2024〕33号",
    title = "北京经济技术开发区关于加快推动产业金融高质量发展的若干措施",
    issuer = "北京经济技术开发区管理委员会",
    issued_on = "2024-12-24",
    gazette = "北京市人民政府公报 2025年第12期",
    source = "gazettes/beijing-2025-12.txt:1427-1556",
  },
  -- Evaluated for a business year: 附则3 pays 2024 events, 附则5 runs to 2028-12-31.
  valid = { from = "2024-01-01", to = "2028-12-31", on = function(r) return date(r.year, 1, 1) end,
            clause = "附则3、附则5" },
  entity = "financial_institution",
  inputs = {
    year                      = { type = "integer", label = "业务年度" },
    in_yizhuang               = { type = "boolean", derive = "in_yizhuang", label = "在亦庄新城225平方公里范围内注册并实际经营" },
    major_penalty_or_crime_3y = { type = "boolean", label = "近3年有重大行政处罚或刑事犯罪记录" },
    serious_dishonest_list    = { type = "boolean", label = "列入严重违法失信主体名单" },
    stat_code                 = { type = "text", derive = "industry_code", label = "统计代码（GB/T 4754-2017，如 J6621）" },
    licensed_legal_person     = { type = "boolean", label = "持牌法人金融机构" },
    settled_on                = { type = "date", specific = true, label = "落户日期（持牌法人机构）" },
    revenue                   = { type = "money", label = "当年全年营业收入" },
    prior_revenue             = { type = "money", label = "上年全年营业收入" },
    securities_volume         = { type = "money", specific = true, label = "当年证券交易额（统计代码 67）" },
    prior_securities_volume   = { type = "money", specific = true, label = "上年证券交易额（统计代码 67）" },
    premium_income            = { type = "money", specific = true, label = "当年保费收入（统计代码 68）" },
    prior_premium_income      = { type = "money", specific = true, label = "上年保费收入（统计代码 68）" },
    factoring_or_leasing      = { type = "boolean", specific = true, label = "商业保理公司或融资租赁公司" },
    contract_amount           = { type = "money", specific = true, label = "当年业务合同金额" },
    financing_total           = { type = "money", specific = true, label = "当年为企业提供融资总额" },
    parent_in_bda             = { type = "boolean", specific = true, label = "同一系统的上级机构在经开区" },
  },
  outputs = {
    supply_chain_reward = { type = "money" },
    scale_reward        = { type = "money" },
    growth_reward       = { type = "money" },
    reward              = { type = "money" },
    article             = { type = "text" },
  },
  output_order = { "supply_chain_reward", "scale_reward", "growth_reward", "reward", "article" },
  amount = "reward",
}

local F = "2024-01-01"
-- 第三条
M:param("supply_contract_floor", {
  { from = F, value = yi(1), clause = "第三条", lines = 1465, text = "当年业务合同金额达到 1 亿元(含)以上的" },
})
M:param("supply_rate", {
  { from = F, value = pct("0.1"), clause = "第三条", lines = 1465, text = "按当年为企业提供融资总额的 0.1% 给予奖励" },
})
M:param("supply_cap", {
  { from = F, value = wan(500), clause = "第三条", lines = 1465, text = "每户每年奖励最高不超过 500 万元" },
})
-- 第十三条
M:param("bank_revenue_floor", {
  { from = F, value = yi(5), clause = "第十三条", lines = 1513, text = "银行业法人机构(统计代码66)…营业收入达到5亿元以上" },
})
M:param("bank_rate", {
  { from = F, value = pct("0.5"), clause = "第十三条", lines = 1513, text = "按当年营业收入的0.5%" },
})
M:param("bank_cap", {
  { from = F, value = wan(1000), clause = "第十三条", lines = 1513, text = "给予最高1000万元的一次性奖励" },
})
M:param("securities_volume_floor", {
  { from = F, value = yi(500), clause = "第十三条", lines = 1513, text = "证券业法人机构(统计代码67)…证券交易额达500亿元以上" },
})
M:param("securities_rate", {
  { from = F, value = pct(1), clause = "第十三条", lines = 1513, text = "按当年营业收入的1%" },
})
M:param("securities_cap", {
  { from = F, value = wan(500), clause = "第十三条", lines = 1513, text = "给予最高500万元的一次性奖励" },
})
M:param("premium_floor", {
  { from = F, value = yi(200), clause = "第十三条", lines = "1513-1515", text = "保险业法人机构(统计代码68)…保费收入规模 200 亿元以上" },
})
M:param("insurance_rate", {
  { from = F, value = pct("0.5"), clause = "第十三条", lines = 1515, text = "按当年营业收入的 0.5%" },
})
M:param("insurance_cap", {
  { from = F, value = wan(300), clause = "第十三条", lines = 1515, text = "给予最高 300 万元的一次性奖励" },
})
-- 第十四条
M:param("growth_revenue_edge", {
  { from = F, value = wan(5000), clause = "第十四条", lines = 1519,
    text = "全年营业收入 5000 万元以下…全年营业收入达 5000 万元(含)以上" },
})
M:param("growth_min_small", {
  { from = F, value = pct(18), clause = "第十四条", lines = 1519, text = "全年营业收入 5000 万元以下、增速 18%(含)以上" },
})
M:param("growth_min_large", {
  { from = F, value = pct(15), clause = "第十四条", lines = 1519, text = "全年营业收入达 5000 万元(含)以上、增速 15%(含)以上" },
})
M:param("growth_rate", {
  { from = F, value = pct(2), clause = "第十四条", lines = 1519, text = "按年度营业收入增量部分的 2% 给予支持" },
})
M:param("growth_cap", {
  { from = F, value = wan(200), clause = "第十四条", lines = 1519, text = "单家机构每年最高支持金额 200 万元" },
})

M:interpretation("growth-of", {
  text = "第十三条“…达…以上且正增长”：正增长所指的数字",
  default = "named-figure",
  choices = {
    ["named-figure"] = "正增长修饰该句所列的数字：66 营业收入、67 证券交易额、68 保费收入（本年 > 上年）",
    revenue = "三类机构均以营业收入正增长（本年营业收入 > 上年营业收入）",
  },
})
M:interpretation("non-stacking", {
  text = "第十四条“本条内容与第三条、第十三条按‘就高不重复’原则执行”",
  default = "highest-of-three",
  choices = {
    ["highest-of-three"] = "第三条、第十三条、第十四条三者取最高者",
    pairwise = "只有第十四条分别与第三条、第十三条不重复：第十四条 与 第三条 + 第十三条 之和 取高者",
  },
})
M:interpretation("revenue-tier-edge", {
  text = "第十四条 5000 万元两档：“5000 万元以下”与“达 5000 万元(含)以上”共用 5000 万元",
  default = "upper",
  choices = {
    upper = "“(含)”明示 5000 万元属于 15% 一档（营业收入 ≥ 5000 万元 → 15%，< 5000 万元 → 18%）",
    lower = "“以下”含本数（民法典第一千二百五十九条）：5000 万元属于 18% 一档",
  },
})
M:interpretation("growth-base", {
  text = "第十四条“增速”与“年度营业收入增量”的基数",
  default = "own-prior-year",
  choices = { ["own-prior-year"] = "本机构上一年度全年营业收入：增速 = (当年 − 上年) ÷ 上年；上年为 0 时无增速可言" },
})
M:interpretation("settling-year", {
  text = "第十三条“落户当年”",
  default = "calendar-year",
  choices = { ["calendar-year"] = "落户日期所在的自然年度等于业务年度 year" },
})
M:interpretation("rounding", {
  text = "附则1“以万元为单位，保留两位小数”：每一金额按百元（0.01 万元）四舍五入",
  default = "half_up",
  choices = { half_up = "四舍五入（2,050.00 → 2,100.00）", down = "截尾（2,050.00 → 2,000.00）" },
})

-- 第十四条: 就高不重复 with 第三条 and 第十三条. Listed in article order with tie = "first": on
-- equal amounts the lower article is paid.
M:alternatives("reward", {
  clause = "第十四条", lines = 1519, text = "本条内容与第三条、第十三条按“就高不重复”原则执行", tie = "first",
  { name = "supply_chain_reward", clause = "第三条", lines = 1465, text = "供应链金融奖励：融资总额 × 0.1%，最高 500 万元" },
  { name = "scale_reward", clause = "第十三条", lines = "1513-1515",
    text = "落户当年业务规模奖励：营业收入 × 0.5% / 1% / 0.5%，最高 1000 / 500 / 300 万元" },
  { name = "growth_reward", clause = "第十四条", lines = 1519, text = "业务增速奖励：营业收入增量 × 2%，最高 200 万元" },
})
M:alternatives("reward-pairwise", {
  clause = "第十四条", lines = 1519, text = "本条内容与第三条、第十三条按“就高不重复”原则执行（第三条与第十三条可叠加）",
  tie = "first",
  { name = "supply_chain_and_scale", clause = "第三条、第十三条", lines = "1465-1515", text = "第三条与第十三条奖励之和" },
  { name = "growth_reward", clause = "第十四条", lines = 1519, text = "业务增速奖励" },
})

-- The two digits after the section letter of stat_code (GB/T 4754-2017 division: 66 货币金融
-- 服务, 67 资本市场服务, 68 保险业, 69 其他金融业). A code that is not a GB/T 4754 code is an error.
local function division(r)
  local code = r.stat_code
  local info, why = industry.lookup(code)
  if not info then error(("input 'stat_code': %s"):format(why), 0) end
  if not info.division then
    error(("input 'stat_code': '%s' names only a section; give the division (统计代码 66、67、68、69…)"):format(code), 0)
  end
  return info.division
end

local function growth_text(now, before)
  return ("%s → %s"):format(tostring(before), tostring(now))
end

-- 第三条: money, or why it does not apply.
local function supply_chain(r, ctx, mode)
  if r.factoring_or_leasing ~= true then return "不是商业保理公司或融资租赁公司" end
  local ok = threshold(r.contract_amount, "以上", ctx.p.supply_contract_floor)
  if not ok then return ("当年业务合同金额 %s 未达到 1 亿元"):format(tostring(r.contract_amount)) end
  return min(r.financing_total:mul(ctx.p.supply_rate, "wan2", mode), ctx.p.supply_cap)
end

-- 第十三条, by division: what the sentence names, its figure and floor, the figure's prior-year
-- value (read only once the floor is reached), the rate on revenue and the cap.
local function scale_terms(r, ctx, div)
  if div == "66" then
    return "营业收入", r.revenue, ctx.p.bank_revenue_floor, function() return r.prior_revenue end,
      ctx.p.bank_rate, ctx.p.bank_cap
  elseif div == "67" then
    return "证券交易额", r.securities_volume, ctx.p.securities_volume_floor,
      function() return r.prior_securities_volume end, ctx.p.securities_rate, ctx.p.securities_cap
  elseif div == "68" then
    return "保费收入", r.premium_income, ctx.p.premium_floor, function() return r.prior_premium_income end,
      ctx.p.insurance_rate, ctx.p.insurance_cap
  end
end

local function scale(r, ctx, mode, div)
  if r.licensed_legal_person ~= true then return "不是持牌法人金融机构" end
  ctx:interpret("settling-year")
  local settled = r.settled_on
  if settled.year ~= r.year then return ("落户于 %d 年，不是落户当年（%d 年）"):format(settled.year, r.year) end
  if div ~= "66" and div ~= "67" and div ~= "68" then
    return ("统计代码 %s 不属银行业(66)、证券业(67)、保险业(68)法人机构"):format(r.stat_code)
  end
  local what, figure, floor, prior_of, rate, ceiling = scale_terms(r, ctx, div)
  if not threshold(figure, "以上", floor) then
    return ("%s %s 未达到 %s"):format(what, tostring(figure), tostring(floor))
  end
  local now, before
  if ctx:interpret("growth-of") == "revenue" then now, before, what = r.revenue, r.prior_revenue, "营业收入"
  else now, before = figure, prior_of() end
  if not (now > before) then return ("%s未正增长（%s）"):format(what, growth_text(now, before)) end
  return min(r.revenue:mul(rate, "wan2", mode), ceiling)
end

-- 第十四条
local GROWTH_DIVISIONS = { ["66"] = true, ["67"] = true, ["68"] = true, ["69"] = true }
local function growth(r, ctx, mode, div)
  if not GROWTH_DIVISIONS[div] then return ("统计代码 %s 不以 66、67、68、69 开头"):format(r.stat_code) end
  if r.parent_in_bda ~= false then return "同一系统的上级机构在经开区：只给予上级机构业务增速奖励" end
  ctx:interpret("growth-base")
  local before, now = r.prior_revenue, r.revenue
  if not (before > yuan(0)) then return "上年营业收入为 0：无增速可言" end
  local increase = now - before
  if not (increase > yuan(0)) then return ("营业收入未增长（%s）"):format(growth_text(now, before)) end
  local rate = increase / before
  local large
  if ctx:interpret("revenue-tier-edge") == "upper" then large = threshold(now, "以上", ctx.p.growth_revenue_edge)
  else large = threshold(now, "超过", ctx.p.growth_revenue_edge) end
  local floor = large and ctx.p.growth_min_large or ctx.p.growth_min_small
  if rate < floor then
    return ("增速 %s%% 低于 %s%%（营业收入 %s）"):format(tostring((rate * 100):round(2, "down")),
      tostring(floor * 100), tostring(now))
  end
  return min(increase:mul(ctx.p.growth_rate, "wan2", mode), ctx.p.growth_cap)
end

local function amount_of(x) return type(x) == "string" and yuan(0) or x end

-- The three articles weighed: the reward, the article(s) paid, and each article's amount.
local function weigh(r, ctx)
  local mode = ctx:interpret("rounding")
  local div = division(r)
  local s = supply_chain(r, ctx, mode)
  local sc = scale(r, ctx, mode, div)
  local g = growth(r, ctx, mode, div)
  local reward, paid
  if ctx:interpret("non-stacking") == "pairwise" then
    local pair
    if type(s) == "string" and type(sc) == "string" then pair = ("第三条：%s；第十三条：%s"):format(s, sc)
    else pair = amount_of(s) + amount_of(sc) end
    reward, paid = ctx:highest("reward-pairwise", { supply_chain_and_scale = pair, growth_reward = g })
    if paid and paid.name == "supply_chain_and_scale" then
      local arts = {}
      if amount_of(s) > yuan(0) then arts[#arts + 1] = "第三条" end
      if amount_of(sc) > yuan(0) then arts[#arts + 1] = "第十三条" end
      paid = { clause = table.concat(arts, "、") }
    end
  else
    reward, paid = ctx:highest("reward", { supply_chain_reward = s, scale_reward = sc, growth_reward = g })
  end
  return reward, paid and paid.clause, amount_of(s), amount_of(sc), amount_of(g)
end

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
M:rule("reward-payable", {
  clause = "第三条、第十三条、第十四条", lines = "1465-1519",
  text = "供应链金融、业务规模、业务增速奖励至少一项金额大于 0（就高不重复，取高者）",
  check = function(r, ctx)
    local reward, article = weigh(r, ctx)
    return reward > yuan(0), article and ("就高不重复：%s，%s"):format(article, tostring(reward)) or "三条均无应付金额"
  end,
})

M:compute(function(r, ctx, out)
  local reward, article, s, sc, g = weigh(r, ctx)
  out.supply_chain_reward = s
  out.scale_reward = sc
  out.growth_reward = g
  out.reward = reward
  out.article = article
  ctx:note("第三条 %s，第十三条 %s，第十四条 %s：就高不重复，%s %s", s, sc, g, article, reward)
end)

-- ---------------------------------------------------------------------------------------
-- A bank (J6621) that settled in 2025, revenue 8亿 against 6亿: the first worked case.
local BANK = { year = 2025, in_yizhuang = true, major_penalty_or_crime_3y = false, serious_dishonest_list = false,
               stat_code = "J6621", licensed_legal_person = true, settled_on = "2025-03-01",
               revenue = "8亿", prior_revenue = "6亿", factoring_or_leasing = false, parent_in_bda = false }
local function bank(changes) return measure.variant(BANK, changes) end
-- A securities firm (J6712) settled in 2025: the second worked case.
local SEC = measure.variant(BANK, { stat_code = "J6712", revenue = "10亿", prior_revenue = "8亿",
                                    securities_volume = "600亿", prior_securities_volume = "450亿" })
local function sec(changes) return measure.variant(SEC, changes) end
-- An insurer (J6811) settled in 2025.
local INS = measure.variant(BANK, { stat_code = "J6811", revenue = "4亿", prior_revenue = "3.5亿",
                                    premium_income = "250亿", prior_premium_income = "220亿" })
local function ins(changes) return measure.variant(INS, changes) end
-- A factoring company (J6639, not licensed by the national regulator), no growth reward base.
local FACT = { year = 2025, in_yizhuang = true, major_penalty_or_crime_3y = false, serious_dishonest_list = false,
               stat_code = "J6639", licensed_legal_person = false, revenue = "3000万", prior_revenue = "3000万",
               factoring_or_leasing = true, contract_amount = "2亿", financing_total = "2亿", parent_in_bda = false }
local function fact(changes) return measure.variant(FACT, changes) end
-- A 69 institution (J6930 非金融机构支付服务), not licensed: only 第十四条.
local OTHER = { year = 2025, in_yizhuang = true, major_penalty_or_crime_3y = false, serious_dishonest_list = false,
                stat_code = "J6930", licensed_legal_person = false, revenue = "4000万", prior_revenue = "3000万",
                factoring_or_leasing = false, parent_in_bda = false }
local function other(changes) return measure.variant(OTHER, changes) end
local AS = "2026-03-01"

M:case {
  name = "worked case: bank J6621 settled 2025, revenue 8亿 (prior 6亿)", as_of = AS, clause = "第十三条、第十四条",
  -- 第十三条: 8亿 ≥ 5亿, 8亿 > 6亿 → 0.5% × 800,000,000 = 4,000,000 ≤ 10,000,000
  -- 第十四条: growth 2亿/6亿 = 33.3% ≥ 15% → 2% × 200,000,000 = 4,000,000 → cap 2,000,000
  -- 第三条: not factoring or leasing. Highest: 4,000,000, 第十三条
  input = bank(),
  expect = { status = "eligible", amount = "4000000.00", paid = { reward = "scale_reward" },
             outputs = { supply_chain_reward = "0.00", scale_reward = "4000000.00", growth_reward = "2000000.00",
                         reward = "4000000.00", article = "第十三条" } },
}
M:case {
  name = "worked case: securities J6712, volume 600亿 (450亿), revenue 10亿 (8亿)", as_of = AS, clause = "第十三条、第十四条",
  -- 第十三条: 600亿 ≥ 500亿, 600亿 > 450亿 → 1% × 1,000,000,000 = 10,000,000 → cap 5,000,000
  -- 第十四条: 2亿/8亿 = 25% ≥ 15% → 2% × 200,000,000 = 4,000,000 → cap 2,000,000
  input = sec(),
  expect = { status = "eligible", amount = "5000000.00", paid = { reward = "scale_reward" },
             outputs = { scale_reward = "5000000.00", growth_reward = "2000000.00", reward = "5000000.00",
                         article = "第十三条" } },
}
M:case {
  name = "worked case: bank revenue 30亿 capped at 1000万", as_of = AS, clause = "第十三条",
  -- 0.5% × 3,000,000,000 = 15,000,000 → cap 10,000,000
  input = bank { revenue = "30亿", prior_revenue = "29亿" },
  expect = { status = "eligible", amount = "10000000.00", outputs = { scale_reward = "10000000.00" } },
}
M:case {
  name = "bank revenue exactly 5亿 (以上 includes it)", as_of = AS, clause = "第十三条",
  -- 0.5% × 500,000,000 = 2,500,000; growth 5/4.5 − 1 = 11.1% < 15% → no growth reward
  input = bank { revenue = "5亿", prior_revenue = "4.5亿" },
  expect = { status = "eligible", amount = "2500000.00", outputs = { scale_reward = "2500000.00", growth_reward = "0.00" } },
}
M:case {
  name = "bank revenue 1 元 under 5亿: no scale reward", as_of = AS, clause = "第十三条",
  -- 499,999,999 < 5亿; growth 499,999,999 / 450,000,000 − 1 = 11.1% < 15%: nothing
  input = bank { revenue = 499999999, prior_revenue = "4.5亿" },
  expect = { status = "ineligible", amount = "0.00", failed = { "reward-payable" } },
}
M:case {
  name = "bank revenue not growing: no scale reward, and no growth reward", as_of = AS, clause = "第十三条",
  input = bank { revenue = "8亿", prior_revenue = "8亿" },
  expect = { status = "ineligible", failed = { "reward-payable" }, paid = { reward = false } },
}
M:case {
  name = "bank settled in 2024, year 2025: no scale reward; growth reward only", as_of = AS, clause = "第十三条、第十四条",
  -- 落户当年 is 2024; growth 33.3% → 2,000,000 (capped)
  input = bank { settled_on = "2024-12-31" },
  expect = { status = "eligible", amount = "2000000.00", paid = { reward = "growth_reward" },
             outputs = { scale_reward = "0.00", growth_reward = "2000000.00", article = "第十四条" } },
}
M:case {
  name = "not licensed: no scale reward (settled_on not read)", as_of = AS, clause = "第十三条",
  input = bank { licensed_legal_person = false, settled_on = "nil" },
  expect = { status = "eligible", amount = "2000000.00", outputs = { scale_reward = "0.00", article = "第十四条" } },
}
M:case {
  name = "securities volume exactly 500亿", as_of = AS, clause = "第十三条",
  -- 1% × 1,000,000,000 → cap 5,000,000
  input = sec { securities_volume = "500亿" },
  expect = { status = "eligible", amount = "5000000.00", outputs = { scale_reward = "5000000.00" } },
}
M:case {
  name = "securities volume under 500亿: growth reward only", as_of = AS, clause = "第十三条",
  -- 49,999,999,999 < 500亿; growth 25% → 2,000,000
  input = sec { securities_volume = 49999999999 },
  expect = { status = "eligible", amount = "2000000.00", outputs = { scale_reward = "0.00", article = "第十四条" } },
}
M:case {
  name = "securities: volume falls, revenue grows: no scale reward (growth-of=named-figure)", as_of = AS,
  clause = "第十三条",
  -- 600亿 < 650亿 last year: not 正增长; growth reward 2,000,000
  input = sec { prior_securities_volume = "650亿" },
  expect = { status = "eligible", amount = "2000000.00", outputs = { scale_reward = "0.00" } },
}
M:case {
  name = "growth-of=revenue: the same securities firm gets the scale reward", as_of = AS, clause = "第十三条",
  -- revenue 10亿 > 8亿 → 1% × 10亿 → cap 5,000,000
  interpret = { ["growth-of"] = "revenue" },
  input = sec { prior_securities_volume = "650亿" },
  expect = { status = "eligible", amount = "5000000.00", outputs = { scale_reward = "5000000.00" } },
}
M:case {
  name = "growth-of=revenue: volume grows but revenue falls: no scale reward", as_of = AS, clause = "第十三条",
  -- revenue 10亿 < 12亿: no 正增长; no growth either → nothing
  interpret = { ["growth-of"] = "revenue" },
  input = sec { prior_revenue = "12亿" },
  expect = { status = "ineligible", failed = { "reward-payable" } },
}
M:case {
  name = "growth-of=named-figure: volume grows, revenue falls: scale reward", as_of = AS, clause = "第十三条",
  -- 600亿 > 450亿 → 1% × 10亿 → cap 5,000,000 (revenue 10亿 < 12亿 does not matter)
  input = sec { prior_revenue = "12亿" },
  expect = { status = "eligible", amount = "5000000.00", outputs = { growth_reward = "0.00" } },
}
M:case {
  name = "insurer J6811: premium 250亿 (220亿), revenue 4亿", as_of = AS, clause = "第十三条",
  -- 0.5% × 400,000,000 = 2,000,000 ≤ 3,000,000; growth 0.5/3.5 = 14.3% < 15%
  input = ins(),
  expect = { status = "eligible", amount = "2000000.00", outputs = { scale_reward = "2000000.00", growth_reward = "0.00" } },
}
M:case {
  name = "insurer: revenue 8亿 capped at 300万", as_of = AS, clause = "第十三条",
  -- 0.5% × 800,000,000 = 4,000,000 → cap 3,000,000; growth 8/7.9 − 1 = 1.3%
  input = ins { revenue = "8亿", prior_revenue = "7.9亿" },
  expect = { status = "eligible", amount = "3000000.00" },
}
M:case {
  name = "worked case: insurer premium 150亿 < 200亿", as_of = AS, clause = "第十三条",
  input = ins { premium_income = "150亿" },
  expect = { status = "ineligible", failed = { "reward-payable" } },
}
M:case {
  name = "insurer premium exactly 200亿 and growing", as_of = AS, clause = "第十三条",
  input = ins { premium_income = "200亿", prior_premium_income = "199亿" },
  expect = { status = "eligible", amount = "2000000.00" },
}
M:case {
  name = "a 69 institution gets no scale reward even when licensed and settled", as_of = AS, clause = "第十三条、第十四条",
  -- growth 4000/3000 − 1 = 33.3% ≥ 18% (revenue < 5000万) → 2% × 10,000,000 = 200,000
  input = other { licensed_legal_person = true, settled_on = "2025-05-01" },
  expect = { status = "eligible", amount = "200000.00", outputs = { scale_reward = "0.00", article = "第十四条" } },
}
M:case {
  name = "worked case: revenue 4000万 against 3000万", as_of = AS, clause = "第十四条",
  -- 33.3% ≥ 18% → 2% × 10,000,000 = 200,000
  input = other(),
  expect = { status = "eligible", amount = "200000.00", outputs = { growth_reward = "200000.00" } },
}
M:case {
  name = "worked case: revenue 3000万 against 2600万 (15.4% < 18%)", as_of = AS, clause = "第十四条",
  input = other { revenue = "3000万", prior_revenue = "2600万" },
  expect = { status = "ineligible", failed = { "reward-payable" } },
}
M:case {
  name = "small tier exactly 18%", as_of = AS, clause = "第十四条",
  -- 3540万 / 3000万 = 1.18 → 18% (含) → 2% × 5,400,000 = 108,000
  input = other { revenue = "3540万", prior_revenue = "3000万" },
  expect = { status = "eligible", amount = "108000.00" },
}
M:case {
  name = "small tier just under 18%", as_of = AS, clause = "第十四条",
  -- 35,399,999 / 30,000,000 = 17.99999% < 18%
  input = other { revenue = 35399999, prior_revenue = "3000万" },
  expect = { status = "ineligible", failed = { "reward-payable" } },
}
M:case {
  name = "worked case: revenue 2亿 against 1.7亿 (17.6% ≥ 15%)", as_of = AS, clause = "第十四条",
  -- 2% × 30,000,000 = 600,000
  input = other { revenue = "2亿", prior_revenue = "1.7亿" },
  expect = { status = "eligible", amount = "600000.00" },
}
M:case {
  name = "worked case: revenue 100亿 against 80亿 capped at 200万", as_of = AS, clause = "第十四条",
  -- 25% → 2% × 2,000,000,000 = 40,000,000 → 2,000,000
  input = other { revenue = "100亿", prior_revenue = "80亿" },
  expect = { status = "eligible", amount = "2000000.00" },
}
M:case {
  name = "large tier exactly 15%", as_of = AS, clause = "第十四条",
  -- 5750万 / 5000万 = 1.15 → 15% (含) → 2% × 7,500,000 = 150,000
  input = other { revenue = "5750万", prior_revenue = "5000万" },
  expect = { status = "eligible", amount = "150000.00" },
}
M:case {
  name = "large tier just under 15%", as_of = AS, clause = "第十四条",
  -- 57,499,999 / 50,000,000 − 1 = 14.999998% < 15%
  input = other { revenue = 57499999, prior_revenue = "5000万" },
  expect = { status = "ineligible", failed = { "reward-payable" } },
}
M:case {
  name = "worked case: revenue exactly 5000万, growth 16.3% (upper: the 15% tier)", as_of = AS,
  clause = "第十四条",
  -- 5000万 / 4300万 − 1 = 16.28% ≥ 15% → 2% × 7,000,000 = 140,000
  input = other { revenue = "5000万", prior_revenue = "4300万" },
  expect = { status = "eligible", amount = "140000.00", interpretations = { ["revenue-tier-edge"] = "upper" } },
}
M:case {
  name = "revenue-tier-edge=lower: 5000万 falls in the 18% tier", as_of = AS, clause = "第十四条",
  -- 16.28% < 18% → nothing
  interpret = { ["revenue-tier-edge"] = "lower" },
  input = other { revenue = "5000万", prior_revenue = "4300万" },
  expect = { status = "ineligible", failed = { "reward-payable" } },
}
M:case {
  name = "revenue 1 元 under 5000万 with 16.3% growth: the 18% tier", as_of = AS, clause = "第十四条",
  -- 49,999,999 / 43,000,000 − 1 = 16.28% < 18%
  input = other { revenue = 49999999, prior_revenue = "4300万" },
  expect = { status = "ineligible", failed = { "reward-payable" } },
}
M:case {
  name = "growth reward rounded at the half: 2,050 → 2,100", as_of = AS, clause = "第十四条、附则1",
  -- 602,500 / 500,000 − 1 = 20.5% ≥ 18%; 2% × 102,500 = 2,050.00: half-way between 2,000 and 2,100 → 2,100.00
  input = other { revenue = 602500, prior_revenue = 500000 },
  expect = { status = "eligible", amount = "2100.00" },
}
M:case {
  name = "growth reward just under the half: 2,049.98 → 2,000", as_of = AS, clause = "第十四条、附则1",
  -- 602,499 / 500,000 − 1 = 20.4998% ≥ 18%; 2% × 102,499 = 2,049.98 → 2,000.00
  input = other { revenue = 602499, prior_revenue = 500000 },
  expect = { status = "eligible", amount = "2000.00" },
}
M:case {
  name = "truncation reading: 2,050 → 2,000", as_of = AS, clause = "附则1",
  interpret = { rounding = "down" },
  input = other { revenue = 602500, prior_revenue = 500000 },
  expect = { status = "eligible", amount = "2000.00" },
}
M:case {
  name = "parent in 经开区: only the parent gets the growth reward", as_of = AS, clause = "第十四条",
  input = other { parent_in_bda = true },
  expect = { status = "ineligible", failed = { "reward-payable" } },
}
M:case {
  name = "prior revenue 0: no growth rate, no growth reward", as_of = AS, clause = "第十四条",
  input = other { prior_revenue = 0 },
  expect = { status = "ineligible", failed = { "reward-payable" } },
}
M:case {
  name = "not a financial institution (I6513): nothing under 第十三条 or 第十四条", as_of = AS, clause = "第十四条",
  -- parent_in_bda is not read outside 66-69
  input = other { stat_code = "I6513", parent_in_bda = "nil" },
  expect = { status = "ineligible", failed = { "reward-payable" } },
}
M:case {
  name = "worked case: factoring company, contracts 2亿, financing 2亿", as_of = AS, clause = "第三条",
  -- 0.1% × 200,000,000 = 200,000; no growth (3000万 = 3000万)
  input = fact(),
  expect = { status = "eligible", amount = "200000.00", paid = { reward = "supply_chain_reward" },
             outputs = { supply_chain_reward = "200000.00", article = "第三条" } },
}
M:case {
  name = "worked case: contracts 0.8亿 < 1亿", as_of = AS, clause = "第三条",
  -- financing_total is not read under the floor
  input = fact { contract_amount = "8000万", financing_total = "nil" },
  expect = { status = "ineligible", failed = { "reward-payable" } },
}
M:case {
  name = "contracts exactly 1亿 (含)", as_of = AS, clause = "第三条",
  -- 0.1% × 150,000,000 = 150,000
  input = fact { contract_amount = "1亿", financing_total = "1.5亿" },
  expect = { status = "eligible", amount = "150000.00" },
}
M:case {
  name = "worked case: leasing company, financing 60亿 capped at 500万", as_of = AS, clause = "第三条",
  -- 0.1% × 6,000,000,000 = 6,000,000 → 5,000,000
  input = fact { contract_amount = "60亿", financing_total = "60亿" },
  expect = { status = "eligible", amount = "5000000.00" },
}
M:case {
  name = "worked case: 0.1% × 12,345.678万 = 12.345678万 → 12.35万", as_of = AS, clause = "第三条、附则1",
  -- 0.1% × 123,456,780 = 123,456.78 → 123,500.00 (12.35 万元)
  input = fact { financing_total = 123456780 },
  expect = { status = "eligible", amount = "123500.00", outputs = { supply_chain_reward = "123500.00" } },
}
M:case {
  name = "worked case: 2% × 1,234.5万 = 24.69万 exactly", as_of = AS, clause = "第十四条、附则1",
  -- 6234.5万 / 5000万 − 1 = 24.69% ≥ 15%; 2% × 12,345,000 = 246,900.00
  input = other { revenue = "6234.5万", prior_revenue = "5000万" },
  expect = { status = "eligible", amount = "246900.00", outputs = { growth_reward = "246900.00" } },
}
M:case {
  name = "worked case: factoring 20万 against growth 30万 → 30万 (第十四条)", as_of = AS, clause = "第十四条",
  -- 第三条: 0.1% × 2亿 = 200,000; 第十四条: revenue 4500万 vs 3000万 = 50% → 2% × 15,000,000 = 300,000
  input = fact { revenue = "4500万" },
  expect = { status = "eligible", amount = "300000.00", paid = { reward = "growth_reward" },
             outputs = { supply_chain_reward = "200000.00", growth_reward = "300000.00", article = "第十四条" } },
}
M:case {
  name = "a tie between 第三条 and 第十四条: the lower article (第三条) is paid", as_of = AS, clause = "第十四条",
  -- 第三条: 0.1% × 3亿 = 300,000; 第十四条: 2% × 15,000,000 = 300,000
  input = fact { revenue = "4500万", financing_total = "3亿" },
  expect = { status = "eligible", amount = "300000.00", paid = { reward = "supply_chain_reward" },
             outputs = { article = "第三条" } },
}
M:case {
  name = "worked case: scale reward against a growth below 15% → 400万", as_of = AS, clause = "第十四条",
  -- 第十三条: 0.5% × 8亿 = 4,000,000; 第十四条: 8亿 / 7.7亿 − 1 = 3.9% < 15% → 0. (A growth
  -- reward of 60万 beside it cannot arise at 8亿 of revenue: 15% growth there is an increase of at least 1.04亿, whose
  -- 2% is already over the 200万 cap.)
  input = bank { prior_revenue = "7.7亿" },
  expect = { status = "eligible", amount = "4000000.00", outputs = { growth_reward = "0.00" } },
}
M:case {
  name = "non-stacking=pairwise: a leasing company licensed and settled stacks 第三条 and 第十三条", as_of = AS,
  clause = "第三条、第十三条、第十四条",
  -- 第三条 0.1% × 20亿 = 2,000,000; 第十三条 0.5% × 8亿 = 4,000,000; 第十四条 2,000,000 (capped)
  -- pairwise: max(2,000,000 + 4,000,000, 2,000,000) = 6,000,000
  interpret = { ["non-stacking"] = "pairwise" },
  input = bank { factoring_or_leasing = true, contract_amount = "30亿", financing_total = "20亿" },
  expect = { status = "eligible", amount = "6000000.00", paid = { ["reward-pairwise"] = "supply_chain_and_scale" },
             outputs = { supply_chain_reward = "2000000.00", scale_reward = "4000000.00", article = "第三条、第十三条" } },
}
M:case {
  name = "non-stacking=highest-of-three: the same company gets 4,000,000", as_of = AS, clause = "第十四条",
  input = bank { factoring_or_leasing = true, contract_amount = "30亿", financing_total = "20亿" },
  expect = { status = "eligible", amount = "4000000.00", outputs = { article = "第十三条" } },
}
M:case {
  name = "non-stacking=pairwise: growth alone pays when it beats the pair", as_of = AS, clause = "第十四条",
  -- pair: 第三条 only, 0.1% × 1亿 = 100,000; growth 2% × 10,000,000 = 200,000
  interpret = { ["non-stacking"] = "pairwise" },
  input = fact { revenue = "4000万", financing_total = "1亿" },
  expect = { status = "eligible", amount = "200000.00", paid = { ["reward-pairwise"] = "growth_reward" },
             outputs = { article = "第十四条" } },
}
M:case {
  name = "non-stacking=pairwise: the pair with only 第三条", as_of = AS, clause = "第三条",
  interpret = { ["non-stacking"] = "pairwise" },
  input = fact(),
  expect = { status = "eligible", amount = "200000.00", outputs = { article = "第三条" } },
}
M:case {
  name = "worked case: outside 亦庄新城", as_of = AS, clause = "附则2",
  input = bank { in_yizhuang = false },
  expect = { status = "ineligible", amount = "0.00", failed = { "in-yizhuang" },
             outputs = { scale_reward = "0.00", reward = "0.00", article = "null" } },
}
M:case {
  name = "major penalty in 3 years", as_of = AS, clause = "附则2",
  input = bank { major_penalty_or_crime_3y = true },
  expect = { status = "ineligible", failed = { "no-major-penalty" } },
}
M:case {
  name = "worked case: on the dishonest list", as_of = AS, clause = "附则2",
  input = bank { serious_dishonest_list = true },
  expect = { status = "ineligible", failed = { "not-dishonest" } },
}
M:case {
  name = "prior revenue unknown: undetermined", as_of = AS, clause = "第十四条",
  input = bank { prior_revenue = "nil" },
  expect = { status = "undetermined", amount = nil, missing = { "prior_revenue" } },
}
M:case {
  name = "securities volume unknown for a 67 firm: undetermined", as_of = AS, clause = "第十三条",
  input = sec { securities_volume = "nil" },
  expect = { status = "undetermined", missing = { "securities_volume" } },
}
M:case {
  name = "factoring status unknown: undetermined", as_of = AS, clause = "第三条",
  input = bank { factoring_or_leasing = "nil" },
  expect = { status = "undetermined", missing = { "factoring_or_leasing" } },
}
M:case {
  name = "year unknown: undetermined", as_of = AS, clause = "附则3",
  input = bank { year = "nil" },
  expect = { status = "undetermined", missing = { "year" } },
}
M:case {
  name = "worked case: business year 2024 qualifies (附则3)", as_of = AS, clause = "附则3",
  input = bank { year = 2024, settled_on = "2024-06-30" },
  expect = { status = "eligible", amount = "4000000.00" },
}
M:case {
  name = "business year 2023: not in force", as_of = AS, clause = "附则3",
  input = bank { year = 2023, settled_on = "2023-06-30" },
  expect = { status = "not_in_force" },
}
M:case {
  name = "business year 2028 (the last)", as_of = "2029-03-01", clause = "附则5",
  input = bank { year = 2028, settled_on = "2028-02-01" },
  expect = { status = "eligible", amount = "4000000.00" },
}
M:case {
  name = "business year 2029: not in force", as_of = "2030-03-01", clause = "附则5",
  input = bank { year = 2029, settled_on = "2029-02-01" },
  expect = { status = "not_in_force" },
}
M:case {
  name = "a stat_code that is not a GB/T 4754 code: input error", as_of = AS, clause = "第十四条",
  input = bank { stat_code = "bank" },
  expect = { error = "input 'stat_code'" },
}
M:case {
  name = "bank cap lowered to 300万 with --set", as_of = AS, clause = "第十三条",
  -- 4,000,000 → 3,000,000, still above growth 2,000,000
  set = { bank_cap = "300万" },
  input = bank(),
  expect = { status = "eligible", amount = "3000000.00" },
}

return M
