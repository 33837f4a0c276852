-- 京技管发〔2024〕33号《北京经济技术开发区关于加快推动产业金融高质量发展的若干措施》第十二条 支持合格
-- 境外有限合伙人(QFLP)落户 (gazettes/beijing-2025-12.txt:1505-1507), with 附则1–5 (1551-1555): "对新获得
-- 北京市合格境外有限合伙人(QFLP)试点资格的基金管理公司，给予100万元一次性奖励。对依法完成中国证券投资
-- 基金业协会备案且在经开区实际经营的QFLP基金产品，按基金产品规模实缴美元(或等值人民币)2000万美元(含)—
-- 5000万美元以下、5000万美元(含)—1亿美元、1亿美元(含)以上，分别给予一次性50万元、80万元、100万元人民币
-- 奖励。涉及经开区政府引导基金、财政资金或国有资本参与出资的，应剔除上述出资部分的投资额后，再行计算奖励
-- 资金。本条内容与第十一条按“就高不重复”原则执行。"
-- The record is the fund management company, with its QFLP fund products as child records
-- (qflp_funds). With bda.pe-manager-landing-reward (第十一条) it declares the exclusivity group
-- bda.fund-landing: evaluated together, only the higher pays.
local M = measure {
  id = "bda.qflp-landing-reward",
  title = "合格境外有限合伙人（QFLP）落户奖励",
  document = {
    number = "京技管发〔2024〕33号",
    title = "北京经济技术开发区关于加快推动产业金融高质量发展的若干措施",
    issuer = "北京经济技术开发区管理委员会",
    issued_on = "2024-12-24",
    gazette = "北京市人民政府公报 2025年第12期",
    source = "gazettes/beijing-2025-12.txt:1427-1556",
  },
  -- 附则3: 2024 events qualify; 附则5: 有效期至 2028 年 12 月 31 日. as_of = the event date (qualification
  -- obtained, fund product filed), as M8.
  valid = { from = "2024-01-01", to = "2028-12-31", clause = "附则3、附则5" },
  entity = "fund_manager",
  group = "bda.fund-landing",
  inputs = {
    in_yizhuang               = { type = "boolean", derive = "in_yizhuang", label = "在亦庄新城225平方公里范围内注册并实际经营" },
    major_penalty_or_crime_3y = { type = "boolean", label = "近3年有重大行政处罚或刑事犯罪记录" },
    serious_dishonest_list    = { type = "boolean", label = "列入严重违法失信主体名单" },
    new_qflp_qualification    = { type = "boolean", specific = true, label = "新获得北京市合格境外有限合伙人（QFLP）试点资格" },
    qflp_funds = { type = "list", specific = true, optional = true, label = "QFLP 基金产品（缺省 = 无）", of = {
      paid_in_usd      = { type = "decimal", unit = "美元", label = "基金产品规模实缴（美元；人民币按等值美元）" },
      excluded_usd     = { type = "decimal", unit = "美元",
                           label = "其中经开区政府引导基金、财政资金或国有资本的出资（美元等值；无则为 0）" },
      amac_filed       = { type = "boolean", label = "依法完成中国证券投资基金业协会备案" },
      operating_in_bda = { type = "boolean", label = "在经开区实际经营" },
    } },
  },
  outputs = {
    qualification_reward = { type = "money" },
    fund_rewards         = { type = "money" },
    funds_rewarded       = { type = "integer" },
    reward               = { type = "money" },
  },
  output_order = { "qualification_reward", "fund_rewards", "funds_rewarded", "reward" },
  amount = "reward",
}

local F = "2024-01-01"
M:param("qualification_reward", {
  { from = F, value = wan(100), clause = "第十二条", lines = 1507,
    text = "对新获得北京市合格境外有限合伙人(QFLP)试点资格的基金管理公司，给予100万元一次性奖励" },
})
M:param("min_fund_usd", {
  { from = F, value = 20000000, clause = "第十二条", lines = 1507, text = "基金产品规模实缴美元…2000万美元(含)" },
})

-- 第十二条: three tiers of a fund product's paid-in size in US dollars, lower bounds 含.
local fund_tiers = tiers {
  { from = 20000000, to = 50000000, bounds = "[)", value = wan(50),
    clause = "第十二条", text = "2000万美元(含)—5000万美元以下：一次性 50 万元" },
  { from = 50000000, to = 100000000, bounds = "[)", value = wan(80),
    clause = "第十二条", text = "5000万美元(含)—1亿美元：一次性 80 万元" },
  { from = 100000000, bounds = "[)", value = wan(100),
    clause = "第十二条", text = "1亿美元(含)以上：一次性 100 万元" },
}

M:interpretation("exclusion", {
  text = "“应剔除上述出资部分的投资额后，再行计算奖励资金”：剔除后的基金产品实缴规模决定档次",
  default = "net-size",
  choices = {
    ["net-size"] = "剔除引导基金、财政资金、国有资本出资后的实缴规模决定门槛和档次",
    ["pro-rata"] = "按全部实缴规模定档，奖励按剔除后规模占全部规模的比例折算",
  },
})
M:interpretation("within-article", {
  text = "本条两项奖励（新获 QFLP 试点资格的管理公司 100 万元；各 QFLP 基金产品按规模）奖励不同事项，正文未限其"
    .. "只享其一：合计发放；与第十一条之间就高不重复（exclusivity group bda.fund-landing）",
  default = "sum",
  choices = { sum = "资格奖励与各基金产品奖励合计", highest = "资格奖励与基金产品奖励合计二者取高" },
})
M:interpretation("usd-equivalent", {
  text = "“实缴美元(或等值人民币)”：正文未定折算汇率与日期；paid_in_usd 为申报并经核定的美元等值，本办法不自行折算",
  default = "as-assessed",
  choices = { ["as-assessed"] = "按记录给出的美元等值" },
})
M:interpretation("rounding", {
  text = "附则1“以万元为单位，保留两位小数”：按比例折算（exclusion=pro-rata）的奖励按百元（0.01 万元）四舍五入",
  default = "half_up",
  choices = { half_up = "四舍五入", down = "截尾" },
})

-- The size that decides a product's tier, and the share of the reward it gets.
local function sizes(f, ctx)
  local paid, excluded = f.paid_in_usd, f.excluded_usd
  if excluded < 0 or excluded > paid then
    error(("input 'excluded_usd': %s must lie between 0 and the paid-in size %s"):format(excluded, paid), 0)
  end
  ctx:interpret("usd-equivalent")
  local net = paid - excluded
  if ctx:interpret("exclusion") == "net-size" then return net, nil end
  return paid, paid > 0 and net / paid or nil
end

M:each("qflp_funds", {
  name = "rewarded", clause = "第十二条", lines = 1507,
  text = "依法完成中国证券投资基金业协会备案且在经开区实际经营、实缴 2000 万美元(含)以上的 QFLP 基金产品",
  rules = {
    { name = "amac-filed", clause = "第十二条", lines = 1507, text = "依法完成中国证券投资基金业协会备案",
      check = function(f) return f.amac_filed == true end },
    { name = "operating-in-bda", clause = "第十二条", lines = 1507, text = "在经开区实际经营",
      check = function(f) return f.operating_in_bda == true end },
    { name = "size-floor", clause = "第十二条", lines = 1507, text = "基金产品规模实缴 2000 万美元(含)以上（剔除引导基金、财政资金、国有资本出资后）",
      check = function(f, r, ctx)
        local size = sizes(f, ctx)
        return threshold(size, "以上", ctx.p.min_fund_usd)
      end },
  },
})

-- The two rewards of the article and what it pays under the reading.
local function rewards(r, ctx)
  local qual = r.new_qflp_qualification == true and ctx.p.qualification_reward or yuan(0)
  local funds, n = yuan(0), 0
  if r.qflp_funds ~= nil then
    local mode = ctx:interpret("rounding")
    for _, f in ipairs(ctx:each("rewarded"):list()) do
      local size, share = sizes(f, ctx)
      local amount = fund_tiers:find(size).value
      if share then amount = amount:mul(share, "wan2", mode) end
      funds = funds + amount
      n = n + 1
    end
  end
  local total = ctx:interpret("within-article") == "sum" and qual + funds or max(qual, funds)
  return qual, funds, n, total
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
  clause = "第十二条", lines = 1507, text = "新获 QFLP 试点资格，或至少一只 QFLP 基金产品符合奖励条件",
  check = function(r, ctx)
    local _, _, _, total = rewards(r, ctx)
    if total > yuan(0) then return true, "应付 " .. tostring(total) end
    return false, r.qflp_funds == nil and "未新获 QFLP 试点资格，也未报基金产品" or "未新获 QFLP 试点资格，也无符合条件的基金产品"
  end,
})

M:compute(function(r, ctx, out)
  local qual, funds, n, total = rewards(r, ctx)
  out.qualification_reward = qual
  out.fund_rewards = funds
  out.funds_rewarded = n
  out.reward = total
  ctx:note("资格奖励 %s，基金产品奖励 %s（%d 只）：%s", qual, funds, n, total)
end)

-- ---------------------------------------------------------------------------------------
local BASE = { in_yizhuang = true, major_penalty_or_crime_3y = false, serious_dishonest_list = false,
               new_qflp_qualification = false }
local function rec(changes) return measure.variant(BASE, changes) end
local function fund(usd, changes)
  return measure.variant({ paid_in_usd = usd, excluded_usd = 0, amac_filed = true, operating_in_bda = true }, changes)
end
local AS = "2025-06-01"

M:case {
  name = "worked case: a company newly obtains the Beijing QFLP pilot qualification", as_of = AS,
  clause = "第十二条",
  input = rec { new_qflp_qualification = true },
  expect = { status = "eligible", amount = "1000000.00",
             outputs = { qualification_reward = "1000000.00", fund_rewards = "0.00", funds_rewarded = 0, reward = "1000000.00" } },
}
M:case {
  name = "worked case: a fund of USD 30 million", as_of = AS, clause = "第十二条",
  -- [2000万, 5000万) USD: 500,000
  input = rec { qflp_funds = { fund(30000000) } },
  expect = { status = "eligible", amount = "500000.00", outputs = { funds_rewarded = 1 }, items = { rewarded = { true } } },
}
M:case {
  name = "worked case: USD 100 million, USD 15 million, and 3.6亿元 at 7.2 (USD 50 million)", as_of = AS,
  clause = "第十二条",
  -- 1,000,000 (≥ 1亿 USD) + 0 (< 2000万) + 800,000 ([5000万, 1亿)) = 1,800,000
  input = rec { qflp_funds = { fund(100000000), fund(15000000), fund(50000000) } },
  expect = { status = "eligible", amount = "1800000.00", outputs = { fund_rewards = "1800000.00", funds_rewarded = 2 },
             items = { rewarded = { true, "size-floor", true } } },
}
M:case {
  name = "qualification and a fund: the two rewards of the article add up (within-article=sum)", as_of = AS,
  clause = "第十二条",
  -- 1,000,000 + 500,000 = 1,500,000
  input = rec { new_qflp_qualification = true, qflp_funds = { fund(20000000) } },
  expect = { status = "eligible", amount = "1500000.00" },
}
M:case {
  name = "within-article=highest", as_of = AS, clause = "第十二条",
  -- max(1,000,000, 500,000) = 1,000,000
  interpret = { ["within-article"] = "highest" },
  input = rec { new_qflp_qualification = true, qflp_funds = { fund(20000000) } },
  expect = { status = "eligible", amount = "1000000.00" },
}
M:case {
  name = "USD 20 million exactly (含)", as_of = AS, clause = "第十二条",
  input = rec { qflp_funds = { fund(20000000) } },
  expect = { status = "eligible", amount = "500000.00" },
}
M:case {
  name = "one dollar under USD 50 million: first tier", as_of = AS, clause = "第十二条",
  input = rec { qflp_funds = { fund(49999999) } },
  expect = { status = "eligible", amount = "500000.00" },
}
M:case {
  name = "USD 50 million exactly: second tier", as_of = AS, clause = "第十二条",
  input = rec { qflp_funds = { fund("50000000.00") } },
  expect = { status = "eligible", amount = "800000.00" },
}
M:case {
  name = "one cent under USD 100 million: second tier", as_of = AS, clause = "第十二条",
  input = rec { qflp_funds = { fund("99999999.99") } },
  expect = { status = "eligible", amount = "800000.00" },
}
M:case {
  name = "a fund under USD 20 million only: nothing payable", as_of = AS, clause = "第十二条",
  input = rec { qflp_funds = { fund(19999999) } },
  expect = { status = "ineligible", amount = "0.00", failed = { "reward-payable" }, items = { rewarded = { "size-floor" } } },
}
M:case {
  name = "state capital removed before the tier: USD 60 million less 15 million", as_of = AS, clause = "第十二条",
  -- net 45,000,000: first tier 500,000
  input = rec { qflp_funds = { fund(60000000, { excluded_usd = 15000000 }) } },
  expect = { status = "eligible", amount = "500000.00", interpretations = { exclusion = "net-size" } },
}
M:case {
  name = "exclusion=pro-rata: second tier by the full size, scaled by the net share", as_of = AS, clause = "第十二条",
  -- 800,000 × 45/60 = 600,000
  interpret = { exclusion = "pro-rata" },
  input = rec { qflp_funds = { fund(60000000, { excluded_usd = 15000000 }) } },
  expect = { status = "eligible", amount = "600000.00" },
}
M:case {
  name = "exclusion=pro-rata rounds to 万元 with two decimals", as_of = AS, clause = "附则1",
  -- 500,000 × (30,000,000 − 1,000,000) / 30,000,000 = 483,333.33 → 483,300.00
  interpret = { exclusion = "pro-rata" },
  input = rec { qflp_funds = { fund(30000000, { excluded_usd = 1000000 }) } },
  expect = { status = "eligible", amount = "483300.00" },
}
M:case {
  name = "a fund not filed with 中国证券投资基金业协会 or not operating in 经开区", as_of = AS, clause = "第十二条",
  input = rec { qflp_funds = { fund(30000000, { amac_filed = false }), fund(30000000, { operating_in_bda = false }) } },
  expect = { status = "ineligible", failed = { "reward-payable" }, items = { rewarded = { "amac-filed", "operating-in-bda" } } },
}
M:case {
  name = "no qualification and no fund product", as_of = AS, clause = "第十二条",
  input = rec(),
  expect = { status = "ineligible", amount = "0.00", failed = { "reward-payable" } },
}
M:case {
  name = "a fund's size unknown: undetermined, naming the field", as_of = AS, clause = "第十二条",
  input = rec { qflp_funds = { { excluded_usd = 0, amac_filed = true, operating_in_bda = true } } },
  expect = { status = "undetermined", missing = { "qflp_funds[1].paid_in_usd" } },
}
M:case {
  name = "qualification status unknown: undetermined", as_of = AS, clause = "第十二条",
  input = rec { new_qflp_qualification = "nil" },
  expect = { status = "undetermined", missing = { "new_qflp_qualification" } },
}
M:case {
  name = "excluded part larger than the fund: an error of the record", as_of = AS, clause = "第十二条",
  input = rec { qflp_funds = { fund(30000000, { excluded_usd = 40000000 }) } },
  expect = { error = "input 'excluded_usd'" },
}
M:case {
  name = "registered outside 亦庄新城", as_of = AS, clause = "附则2",
  input = rec { new_qflp_qualification = true, in_yizhuang = false },
  expect = { status = "ineligible", failed = { "in-yizhuang" } },
}
M:case {
  name = "on the dishonest list", as_of = AS, clause = "附则2",
  input = rec { new_qflp_qualification = true, serious_dishonest_list = true },
  expect = { status = "ineligible", failed = { "not-dishonest" } },
}
M:case {
  name = "major penalty in 3 years", as_of = AS, clause = "附则2",
  input = rec { new_qflp_qualification = true, major_penalty_or_crime_3y = true },
  expect = { status = "ineligible", failed = { "no-major-penalty" } },
}
M:case {
  name = "附则3: a 2024 qualification", as_of = "2024-09-30", clause = "附则3",
  input = rec { new_qflp_qualification = true },
  expect = { status = "eligible", amount = "1000000.00" },
}
M:case {
  name = "附则5: after 2028-12-31", as_of = "2029-01-01", clause = "附则5",
  input = rec { new_qflp_qualification = true },
  expect = { status = "not_in_force" },
}

return M
