-- 京技管发〔2024〕33号《北京经济技术开发区关于加快推动产业金融高质量发展的若干措施》第十一条 支持私募
-- 投资机构落户 (gazettes/beijing-2025-12.txt:1501-1503), with 附则1–5 (1551-1555): "基金管理人实缴资本
-- 1000 万元以上，所管理基金实缴规模合计达到 1 亿元(含)以上，经评定，对实体企业带动作用较强的，按基金
-- 管理人实缴资本的一定比例给予奖励。基金管理人实缴资本 1000 万元(含)—5000 万元的，按实缴资本的 2% 给予最高
-- 不超过 100 万元奖励。…5000 万元(含)—1 亿元的，按实缴资本的 3% 给予最高不超过 300 万元奖励。…1 亿元(含)
-- 及以上的，按实缴资本 4% 给予最高不超过 500 万元奖励。对已设立基金管理人增资的，实缴增资额达 1000 万元(含)
-- 以上的，按增资金额的 0.5% 给予一次性奖励，最高不超过 100 万元。涉及经开区政府引导基金、财政资金或国有资本
-- 参与出资的，应剔除上述出资部分的投资额后，再行计算奖励资金。"
-- 第十二条 (line 1507) ends "本条内容与第十一条按“就高不重复”原则执行": this measure and
-- bda.qflp-landing-reward declare one exclusivity group; evaluated together (gazette run,
-- gazette match) only the higher pays.
local M = measure {
  id = "bda.pe-manager-landing-reward",
  title = "私募投资机构（基金管理人）落户奖励",
  document = {
    number = "京技管发〔2024〕33号",
    title = "北京经济技术开发区关于加快推动产业金融高质量发展的若干措施",
    issuer = "北京经济技术开发区管理委员会",
    issued_on = "2024-12-24",
    gazette = "北京市人民政府公报 2025年第12期",
    source = "gazettes/beijing-2025-12.txt:1427-1556",
  },
  -- 附则3: 2024 events qualify; 附则5: 有效期至 2028 年 12 月 31 日. as_of = the landing (event) date, as M8.
  valid = { from = "2024-01-01", to = "2028-12-31", clause = "附则3、附则5" },
  entity = "fund_manager",
  group = "bda.fund-landing",
  inputs = {
    in_yizhuang               = { type = "boolean", derive = "in_yizhuang", label = "在亦庄新城225平方公里范围内注册并实际经营" },
    major_penalty_or_crime_3y = { type = "boolean", label = "近3年有重大行政处罚或刑事犯罪记录" },
    serious_dishonest_list    = { type = "boolean", label = "列入严重违法失信主体名单" },
    paid_in_capital           = { type = "money", label = "基金管理人实缴资本" },
    excluded_capital          = { type = "money", specific = true,
                                  label = "实缴资本中经开区政府引导基金、财政资金或国有资本的出资（无则为 0）" },
    managed_funds_paid_in     = { type = "money", specific = true, label = "所管理基金实缴规模合计" },
    managed_funds_in_bda_paid_in = { type = "money", specific = true,
                                  label = "其中在经开区落地的基金实缴规模合计（double-landing=required 时读取）" },
    driving_effect            = { type = "boolean", specific = true, label = "经评定，对实体企业带动作用较强" },
    -- the second reward of the article: an established manager's capital increase (as M8's)
    capital_increase          = { type = "money", optional = true, label = "本次实缴增资额（缺省 = 未增资）" },
    excluded_increase         = { type = "money", specific = true,
                                  label = "增资中经开区政府引导基金、财政资金或国有资本的出资（增资时读取；无则为 0）" },
  },
  outputs = {
    net_capital     = { type = "money" },
    reward          = { type = "money" },
    increase_reward = { type = "money" },
  },
  output_order = { "net_capital", "reward", "increase_reward" },
  amount = "reward",
}

local F = "2024-01-01"
M:param("min_capital", {
  { from = F, value = wan(1000), clause = "第十一条", lines = 1503, text = "基金管理人实缴资本 1000 万元以上" },
})
M:param("min_funds", {
  { from = F, value = yi(1), clause = "第十一条", lines = 1503, text = "所管理基金实缴规模合计达到 1 亿元(含)以上" },
})
M:param("min_increase", {
  { from = F, value = wan(1000), clause = "第十一条", lines = 1503, text = "实缴增资额达 1000 万元(含)以上的" },
})
M:param("increase_rate", {
  { from = F, value = pct("0.5"), clause = "第十一条", lines = 1503, text = "按增资金额的 0.5% 给予一次性奖励" },
})
M:param("increase_cap", {
  { from = F, value = wan(100), clause = "第十一条", lines = 1503, text = "最高不超过 100 万元" },
})

-- 第十一条: three tiers of the manager's paid-in capital, lower bounds 含 ("1000 万元(含)—5000 万元").
local capital_tiers = tiers {
  { from = wan(1000), to = wan(5000), bounds = "[)", value = { rate = pct(2), cap = wan(100) },
    clause = "第十一条", text = "实缴资本 1000 万元(含)—5000 万元：2%，最高不超过 100 万元" },
  { from = wan(5000), to = yi(1), bounds = "[)", value = { rate = pct(3), cap = wan(300) },
    clause = "第十一条", text = "实缴资本 5000 万元(含)—1 亿元：3%，最高不超过 300 万元" },
  { from = yi(1), bounds = "[)", value = { rate = pct(4), cap = wan(500) },
    clause = "第十一条", text = "实缴资本 1 亿元(含)及以上：4%，最高不超过 500 万元" },
}

M:interpretation("exclusion", {
  text = "“涉及经开区政府引导基金、财政资金或国有资本参与出资的，应剔除上述出资部分的投资额后，再行计算奖励资金”："
    .. "剔除的是基金管理人实缴资本中的这部分出资，门槛与档次按剔除后的实缴资本判断",
  default = "net-capital",
  choices = {
    ["net-capital"] = "剔除后的实缴资本决定门槛、档次和奖励（3000 万元其中 1000 万元国有资本：按 2000 万元计）",
    ["tier-by-gross"] = "门槛与档次按全部实缴资本判断，比例只乘剔除后的实缴资本",
  },
})
M:interpretation("double-landing", {
  text = "“支持基金管理人和所管理基金‘双落地’”是鼓励，不是条件：所管理基金实缴规模合计不限于在经开区落地的基金",
  default = "encouraged",
  choices = {
    encouraged = "所管理基金实缴规模合计计入全部所管理基金",
    required = "只计在经开区落地的基金（managed_funds_in_bda_paid_in）",
  },
})
M:interpretation("rounding", {
  text = "附则1“以万元为单位，保留两位小数”：按百元（0.01 万元）四舍五入",
  default = "half_up",
  choices = { half_up = "四舍五入（246,950.00 → 247,000.00）", down = "截尾（246,950.00 → 246,900.00）" },
})

-- The capital that counts (paid-in capital less the excluded contributions) and the capital
-- that decides the floor and the tier under the reading.
local function capitals(r, ctx)
  local paid, excluded = r.paid_in_capital, r.excluded_capital
  if excluded < yuan(0) or excluded > paid then
    error(("input 'excluded_capital': %s must lie between 0 and the paid-in capital %s"):format(excluded, paid), 0)
  end
  local net = paid - excluded
  return net, ctx:interpret("exclusion") == "net-capital" and net or paid
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
M:rule("capital-floor", {
  clause = "第十一条", lines = 1503, text = "基金管理人实缴资本 1000 万元以上（剔除引导基金、财政资金、国有资本出资后）",
  check = function(r, ctx)
    local _, tiered = capitals(r, ctx)
    return threshold(tiered, "以上", ctx.p.min_capital)
  end,
})
M:rule("funds-size", {
  clause = "第十一条", lines = 1503, text = "所管理基金实缴规模合计达到 1 亿元(含)以上",
  check = function(r, ctx)
    local size = ctx:interpret("double-landing") == "required" and r.managed_funds_in_bda_paid_in
      or r.managed_funds_paid_in
    return threshold(size, "达到", ctx.p.min_funds)
  end,
})
M:rule("driving-effect", {
  clause = "第十一条", lines = 1503, text = "经评定，对实体企业带动作用较强",
  check = function(r) return r.driving_effect == true end,
})

M:compute(function(r, ctx, out)
  local mode = ctx:interpret("rounding")
  local net, tiered = capitals(r, ctx)
  local t = capital_tiers:find(tiered)
  out.net_capital = net
  out.reward = min(net:mul(t.value.rate, "wan2", mode), t.value.cap)
  ctx:note("%s × %s = %s（%s）", net, t.value.rate, out.reward, t.text)
  local inc = r.capital_increase
  out.increase_reward = yuan(0)
  if inc ~= nil then
    local ex = r.excluded_increase
    if ex < yuan(0) or ex > inc then
      error(("input 'excluded_increase': %s must lie between 0 and the increase %s"):format(ex, inc), 0)
    end
    local net_inc = inc - ex
    if threshold(ctx:interpret("exclusion") == "net-capital" and net_inc or inc, "以上", ctx.p.min_increase) then
      out.increase_reward = min(net_inc:mul(ctx.p.increase_rate, "wan2", mode), ctx.p.increase_cap)
    end
  end
end)

-- ---------------------------------------------------------------------------------------
local BASE = { in_yizhuang = true, major_penalty_or_crime_3y = false, serious_dishonest_list = false,
               paid_in_capital = "2000万", excluded_capital = 0, managed_funds_paid_in = "3亿",
               driving_effect = true }
local function rec(changes) return measure.variant(BASE, changes) end
local AS = "2025-06-01"

M:case {
  name = "worked case: manager 2000万, funds 3亿", as_of = AS, clause = "第十一条",
  -- 20,000,000 × 2% = 400,000 ≤ 1,000,000
  input = rec(),
  expect = { status = "eligible", amount = "400000.00",
             outputs = { net_capital = "20000000.00", reward = "400000.00", increase_reward = "0.00" } },
}
M:case {
  name = "worked case: manager 8000万, funds 5亿: second tier", as_of = AS, clause = "第十一条",
  -- 80,000,000 × 3% = 2,400,000 ≤ 3,000,000
  input = rec { paid_in_capital = "8000万", managed_funds_paid_in = "5亿" },
  expect = { status = "eligible", amount = "2400000.00" },
}
M:case {
  name = "worked case: manager 2亿, funds 10亿: capped at 500万", as_of = AS, clause = "第十一条",
  -- 200,000,000 × 4% = 8,000,000 → 5,000,000
  input = rec { paid_in_capital = "2亿", managed_funds_paid_in = "10亿" },
  expect = { status = "eligible", amount = "5000000.00" },
}
M:case {
  name = "worked case: funds 0.8亿 under the 1亿 floor", as_of = AS, clause = "第十一条",
  input = rec { paid_in_capital = "3000万", managed_funds_paid_in = "8000万" },
  expect = { status = "ineligible", amount = "0.00", failed = { "funds-size" } },
}
M:case {
  name = "worked case: 3000万 of which 1000万 state capital: 2000万 counts", as_of = AS, clause = "第十一条",
  -- (30,000,000 − 10,000,000) × 2% = 400,000
  input = rec { paid_in_capital = "3000万", excluded_capital = "1000万" },
  expect = { status = "eligible", amount = "400000.00", outputs = { net_capital = "20000000.00" },
             interpretations = { exclusion = "net-capital" } },
}
M:case {
  name = "exclusion takes the capital under the floor", as_of = AS, clause = "第十一条",
  -- 15,000,000 − 6,000,000 = 9,000,000 < 10,000,000
  input = rec { paid_in_capital = "1500万", excluded_capital = "600万" },
  expect = { status = "ineligible", failed = { "capital-floor" } },
}
M:case {
  name = "exclusion=tier-by-gross: the floor and tier by the full capital, the rate on the net", as_of = AS,
  clause = "第十一条",
  -- gross 15,000,000 ≥ 10,000,000 (tier 2%); net 9,000,000 × 2% = 180,000
  interpret = { exclusion = "tier-by-gross" },
  input = rec { paid_in_capital = "1500万", excluded_capital = "600万" },
  expect = { status = "eligible", amount = "180000.00" },
}
M:case {
  name = "exclusion=tier-by-gross: gross 6000万 in the 3% tier, net 4000万", as_of = AS, clause = "第十一条",
  -- net 40,000,000 × 3% = 1,200,000 ≤ 3,000,000 (net-capital would give 2% × 40,000,000 = 800,000)
  interpret = { exclusion = "tier-by-gross" },
  input = rec { paid_in_capital = "6000万", excluded_capital = "2000万" },
  expect = { status = "eligible", amount = "1200000.00" },
}
M:case {
  name = "the same under net-capital: 2% tier", as_of = AS, clause = "第十一条",
  -- 40,000,000 × 2% = 800,000
  input = rec { paid_in_capital = "6000万", excluded_capital = "2000万" },
  expect = { status = "eligible", amount = "800000.00" },
}
M:case {
  name = "capital exactly 1000万 (以上 includes it)", as_of = AS, clause = "第十一条",
  -- 10,000,000 × 2% = 200,000
  input = rec { paid_in_capital = "1000万" },
  expect = { status = "eligible", amount = "200000.00" },
}
M:case {
  name = "capital one yuan under 1000万", as_of = AS, clause = "第十一条",
  input = rec { paid_in_capital = 9999999 },
  expect = { status = "ineligible", amount = "0.00", failed = { "capital-floor" } },
}
M:case {
  name = "just under 5000万: 2% reaches the 100万 cap", as_of = AS, clause = "第十一条",
  -- 49,999,999 × 2% = 999,999.98 → 1,000,000.00 (万元, two decimals) = cap
  input = rec { paid_in_capital = 49999999 },
  expect = { status = "eligible", amount = "1000000.00" },
}
M:case {
  name = "exactly 5000万: second tier (含)", as_of = AS, clause = "第十一条",
  -- 50,000,000 × 3% = 1,500,000
  input = rec { paid_in_capital = "5000万" },
  expect = { status = "eligible", amount = "1500000.00" },
}
M:case {
  name = "exactly 1亿: third tier (含)", as_of = AS, clause = "第十一条",
  -- 100,000,000 × 4% = 4,000,000
  input = rec { paid_in_capital = "1亿" },
  expect = { status = "eligible", amount = "4000000.00" },
}
M:case {
  name = "1.25亿 reaches the 500万 cap exactly", as_of = AS, clause = "第十一条",
  -- 125,000,000 × 4% = 5,000,000
  input = rec { paid_in_capital = "1.25亿" },
  expect = { status = "eligible", amount = "5000000.00" },
}
M:case {
  name = "funds exactly 1亿 (含)", as_of = AS, clause = "第十一条",
  input = rec { managed_funds_paid_in = "1亿" },
  expect = { status = "eligible", amount = "400000.00" },
}
M:case {
  name = "funds one yuan under 1亿", as_of = AS, clause = "第十一条",
  input = rec { managed_funds_paid_in = 99999999 },
  expect = { status = "ineligible", failed = { "funds-size" } },
}
M:case {
  name = "double-landing=required: only the funds landed in 经开区 count", as_of = AS, clause = "第十一条",
  interpret = { ["double-landing"] = "required" },
  input = rec { managed_funds_in_bda_paid_in = "9000万" },
  expect = { status = "ineligible", failed = { "funds-size" } },
}
M:case {
  name = "double-landing=required and the landed funds unknown: undetermined", as_of = AS, clause = "第十一条",
  interpret = { ["double-landing"] = "required" },
  input = rec(),
  expect = { status = "undetermined", missing = { "managed_funds_in_bda_paid_in" } },
}
M:case {
  name = "附则1: 万元 with two decimals, half-up", as_of = AS, clause = "第十一条、附则1",
  -- 12,347,500 × 2% = 246,950.00 → 24.695 万元 → 24.70 万元 = 247,000.00
  input = rec { paid_in_capital = 12347500 },
  expect = { status = "eligible", amount = "247000.00" },
}
M:case {
  name = "rounding=down", as_of = AS, clause = "附则1",
  -- 246,950.00 → 246,900.00
  interpret = { rounding = "down" },
  input = rec { paid_in_capital = 12347500 },
  expect = { status = "eligible", amount = "246900.00" },
}
M:case {
  name = "not assessed as driving the real economy", as_of = AS, clause = "第十一条",
  input = rec { driving_effect = false },
  expect = { status = "ineligible", failed = { "driving-effect" } },
}
M:case {
  name = "registered outside 亦庄新城", as_of = AS, clause = "附则2",
  input = rec { in_yizhuang = false },
  expect = { status = "ineligible", failed = { "in-yizhuang" } },
}
M:case {
  name = "in_yizhuang derived from reg_district 经开区", as_of = AS, clause = "附则2",
  input = rec { in_yizhuang = "nil", reg_district = "经开区" },
  expect = { status = "eligible", amount = "400000.00" },
}
M:case {
  name = "major penalty in 3 years", as_of = AS, clause = "附则2",
  input = rec { major_penalty_or_crime_3y = true },
  expect = { status = "ineligible", failed = { "no-major-penalty" } },
}
M:case {
  name = "on the dishonest list", as_of = AS, clause = "附则2",
  input = rec { serious_dishonest_list = true },
  expect = { status = "ineligible", failed = { "not-dishonest" } },
}
M:case {
  name = "state contributions unknown: undetermined (the reward is computed after removing them)", as_of = AS,
  clause = "第十一条",
  input = rec { excluded_capital = "nil" },
  expect = { status = "undetermined", amount = "null", missing = { "excluded_capital" } },
}
M:case {
  name = "excluded contributions larger than the capital: an error of the record", as_of = AS, clause = "第十一条",
  input = rec { excluded_capital = "3000万" },
  expect = { error = "input 'excluded_capital'" },
}
M:case {
  name = "capital increase 3000万, 500万 of it state capital", as_of = AS, clause = "第十一条",
  -- (30,000,000 − 5,000,000) × 0.5% = 125,000
  input = rec { capital_increase = "3000万", excluded_increase = "500万" },
  expect = { status = "eligible", amount = "400000.00", outputs = { increase_reward = "125000.00" } },
}
M:case {
  name = "capital increase 3亿: capped at 100万", as_of = AS, clause = "第十一条",
  -- 300,000,000 × 0.5% = 1,500,000 → 1,000,000
  input = rec { capital_increase = "3亿", excluded_increase = 0 },
  expect = { status = "eligible", outputs = { increase_reward = "1000000.00" } },
}
M:case {
  name = "capital increase under 1000万: no increase reward", as_of = AS, clause = "第十一条",
  input = rec { capital_increase = "999万", excluded_increase = 0 },
  expect = { status = "eligible", outputs = { increase_reward = "0.00" } },
}
M:case {
  name = "capital increase with its state share unknown: undetermined", as_of = AS, clause = "第十一条",
  input = rec { capital_increase = "3000万" },
  expect = { status = "undetermined", missing = { "excluded_increase" } },
}
M:case {
  name = "附则3: a 2024 landing qualifies", as_of = "2024-03-01", clause = "附则3",
  input = rec(),
  expect = { status = "eligible", amount = "400000.00" },
}
M:case {
  name = "2023: not in force", as_of = "2023-12-31", clause = "附则3",
  input = rec(),
  expect = { status = "not_in_force" },
}
M:case {
  name = "附则5: after 2028-12-31", as_of = "2029-01-01", clause = "附则5",
  input = rec(),
  expect = { status = "not_in_force" },
}

return M
