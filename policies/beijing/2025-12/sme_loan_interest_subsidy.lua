-- 京技管发〔2024〕33号《北京经济技术开发区关于加快推动产业金融高质量发展的若干措施》第四条 推动小微
-- 企业融资环境改善, with 附则1–5 (M24). gazettes/beijing-2025-12.txt:1469-1471: "对获得企业贷款的
-- 小微企业，按照企业当年实际支付利息的 50% 予以贴息支持，每年单户企业贴息支持上限为 25 万元；认定为北京市
-- “专精特新”、国家级专精特新“小巨人”的小微企业…上限分别为 40 万元、50 万元。对获得北京市首贷贴息政策支持的
-- 企业，根据市级支持力度，按照 1:1 的比例给予资金支持，单个企业最高支持 20 万元。本条措施就高不重复享受。"
-- The two supports are alternatives (M:alternatives "subsidy"): the higher is paid.
local M = measure {
  id = "bda.sme-loan-interest-subsidy",
  title = "小微企业贷款贴息及首贷贴息配套支持",
  document = {
    number = "京技管发〔2024〕33号",
    title = "北京经济技术开发区关于加快推动产业金融高质量发展的若干措施",
    issuer = "北京经济技术开发区管理委员会",
    issued_on = "2024-12-24",
    gazette = "北京市人民政府公报 2025年第12期",
    source = "gazettes/beijing-2025-12.txt:1427-1556",
  },
  -- 附则3: 2024 events qualify ("2024 年度发生且符合本措施相关支持条款的，参照本措施予以兑现");
  -- 附则5: 有效期至 2028 年 12 月 31 日. as_of = the date of the event (the application), as M8.
  valid = { from = "2024-01-01", to = "2028-12-31", clause = "附则3、附则5" },
  entity = "enterprise",
  inputs = {
    in_yizhuang               = { type = "boolean", derive = "in_yizhuang", label = "在亦庄新城225平方公里范围内注册并实际经营" },
    major_penalty_or_crime_3y = { type = "boolean", label = "近3年有重大行政处罚或刑事犯罪记录" },
    serious_dishonest_list    = { type = "boolean", label = "列入严重违法失信主体名单" },
    size_class  = { type = "enum", derive = "size_class", values = { "大型", "中型", "小型", "微型" }, label = "企业规模（中小企业划型）" },
    designation = { type = "enum", specific = true, values = { "无", "北京市专精特新", "国家级专精特新小巨人" },
                    label = "认定（取最高者）" },
    interest_paid      = { type = "money", specific = true, label = "当年实际支付利息" },
    first_loan_subsidy = { type = "money", specific = true, optional = true, label = "获得的北京市首贷贴息（市级支持金额；缺省 = 未获得）" },
  },
  outputs = {
    interest_subsidy = { type = "money" },
    first_loan_match = { type = "money" },
    subsidy          = { type = "money" },
  },
  output_order = { "interest_subsidy", "first_loan_match", "subsidy" },
  amount = "subsidy",
}

local F = "2024-01-01"
M:param("interest_rate", {
  { from = F, value = pct(50), clause = "第四条", lines = 1469, text = "按照企业当年实际支付利息的 50% 予以贴息支持" },
})
M:param("cap_base", {
  { from = F, value = wan(25), clause = "第四条", lines = 1469, text = "每年单户企业贴息支持上限为 25 万元" },
})
M:param("cap_beijing_srdi", {
  { from = F, value = wan(40), clause = "第四条", lines = 1469,
    text = "认定为北京市“专精特新”…的小微企业…上限分别为 40 万元" },
})
M:param("cap_little_giant", {
  { from = F, value = wan(50), clause = "第四条", lines = 1469,
    text = "国家级专精特新“小巨人”的小微企业…上限分别为…50 万元" },
})
M:param("match_ratio", {
  { from = F, value = ratio(1), clause = "第四条", lines = "1469-1471", text = "根据市级支持力度，按照 1:1 的比例给予资金支持" },
})
M:param("match_cap", {
  { from = F, value = wan(20), clause = "第四条", lines = 1471, text = "单个企业最高支持 20 万元" },
})

M:interpretation("first-loan-scope", {
  text = "“对获得北京市首贷贴息政策支持的企业…按照 1:1 的比例给予资金支持”：该句主语为“企业”，不限于小微企业",
  default = "any-enterprise",
  choices = {
    ["any-enterprise"] = "首贷贴息 1:1 配套适用于任何获得市级首贷贴息的企业（正文此句写“企业”而非“小微企业”）",
    ["small-micro"] = "第四条标题为“推动小微企业融资环境改善”，整条只适用于小微企业",
  },
})
M:interpretation("rounding", {
  text = "附则1“以万元为单位，保留两位小数”：每一金额按百元（0.01 万元）四舍五入",
  default = "half_up",
  choices = { half_up = "四舍五入（15,050.00 → 15,100.00）", down = "截尾（15,050.00 → 15,000.00）" },
})

-- 第四条 最后一句: "本条措施就高不重复享受". Listed in the text's order; on equal amounts the
-- interest subsidy (listed first) is the one reported as paid (the amount is the same).
M:alternatives("subsidy", {
  clause = "第四条", lines = 1471, text = "本条措施就高不重复享受", tie = "first",
  { name = "interest_subsidy", clause = "第四条", lines = 1469,
    text = "小微企业当年实际支付利息的 50%，上限 25 万元（北京市专精特新 40 万元、国家级小巨人 50 万元）" },
  { name = "first_loan_match", clause = "第四条", lines = "1469-1471",
    text = "获得北京市首贷贴息的企业按市级支持 1:1 配套，最高 20 万元" },
})

local SMALL = { ["小型"] = true, ["微型"] = true }

-- Both supports, weighed: the amount paid, the paid alternative, and each support's amount
-- (0 when it does not apply). Reads only what the decision needs: interest_paid and
-- designation only for a small or micro enterprise.
local function weigh(r, ctx)
  local mode = ctx:interpret("rounding")
  local scope = ctx:interpret("first-loan-scope")
  local size = r.size_class
  local interest, match
  if SMALL[size] then
    local designation = r.designation
    local ceiling = designation == "国家级专精特新小巨人" and ctx.p.cap_little_giant
      or designation == "北京市专精特新" and ctx.p.cap_beijing_srdi or ctx.p.cap_base
    interest = min(r.interest_paid:mul(ctx.p.interest_rate, "wan2", mode), ceiling)
  else
    interest = ("对获得企业贷款的小微企业：规模为%s，不是小微企业"):format(size)
  end
  local received = r.first_loan_subsidy
  if scope == "small-micro" and not SMALL[size] then
    match = ("整条只适用于小微企业（first-loan-scope=small-micro）：规模为%s"):format(size)
  elseif received == nil then
    match = "未获得北京市首贷贴息政策支持"
  else
    match = min(received:mul(ctx.p.match_ratio, "wan2", mode), ctx.p.match_cap)
  end
  local amount = ctx:highest("subsidy", { interest_subsidy = interest, first_loan_match = match })
  local zero = yuan(0)
  return amount, type(interest) == "string" and zero or interest, type(match) == "string" and zero or match
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
M:rule("support-payable", {
  clause = "第四条", lines = "1469-1471",
  text = "小微企业贷款贴息或首贷贴息 1:1 配套至少一项金额大于 0（就高不重复，取高者）",
  check = function(r, ctx)
    local amount = weigh(r, ctx)
    if amount > yuan(0) then return true, "就高不重复，应付 " .. tostring(amount) end
    return false, "贴息与首贷配套均不适用或金额为 0"
  end,
})

M:compute(function(r, ctx, out)
  local amount, interest, match = weigh(r, ctx)
  out.interest_subsidy = interest
  out.first_loan_match = match
  out.subsidy = amount
  ctx:note("贴息 %s，首贷配套 %s：就高不重复，支付 %s", interest, match, amount)
end)

-- ---------------------------------------------------------------------------------------
local BASE = { in_yizhuang = true, major_penalty_or_crime_3y = false, serious_dishonest_list = false,
               size_class = "小型", designation = "无", interest_paid = 300000 }
local function rec(changes) return measure.variant(BASE, changes) end
local AS = "2025-06-01"

M:case {
  name = "worked case: small, 北京市专精特新, 1,000,000 of interest", as_of = AS, clause = "第四条",
  -- 1,000,000 × 50% = 500,000 → cap 400,000 (北京市专精特新); no 首贷贴息 → match 0
  input = rec { designation = "北京市专精特新", interest_paid = 1000000 },
  expect = { status = "eligible", amount = "400000.00", paid = { subsidy = "interest_subsidy" },
             outputs = { interest_subsidy = "400000.00", first_loan_match = "0.00", subsidy = "400000.00" } },
}
M:case {
  name = "worked case: micro, 30,000 of interest and 18,000 of 首贷贴息", as_of = AS, clause = "第四条",
  -- 30,000 × 50% = 15,000; 18,000 × 1 = 18,000 ≤ 200,000; 就高: 18,000
  input = rec { size_class = "微型", interest_paid = 30000, first_loan_subsidy = 18000 },
  expect = { status = "eligible", amount = "18000.00", paid = { subsidy = "first_loan_match" },
             outputs = { interest_subsidy = "15000.00", first_loan_match = "18000.00", subsidy = "18000.00" } },
}
M:case {
  name = "worked case: ordinary small firm, interest 30万", as_of = AS, clause = "第四条",
  -- 300,000 × 50% = 150,000 ≤ 250,000
  input = rec(),
  expect = { status = "eligible", amount = "150000.00", outputs = { interest_subsidy = "150000.00" } },
}
M:case {
  name = "worked case: 北京市专精特新, interest 100万", as_of = AS, clause = "第四条",
  -- 1,000,000 × 50% = 500,000 → cap 400,000
  input = rec { designation = "北京市专精特新", interest_paid = "100万" },
  expect = { status = "eligible", amount = "400000.00" },
}
M:case {
  name = "worked case: interest 20万 → 10万 against 首贷 15万 → 15万", as_of = AS, clause = "第四条",
  -- max(200,000 × 50% = 100,000, min(150,000, 200,000) = 150,000) = 150,000
  input = rec { interest_paid = "20万", first_loan_subsidy = "15万" },
  expect = { status = "eligible", amount = "150000.00", paid = { subsidy = "first_loan_match" },
             outputs = { interest_subsidy = "100000.00", first_loan_match = "150000.00" } },
}
M:case {
  name = "国家级小巨人: interest 120万 capped at 50万", as_of = AS, clause = "第四条",
  -- 1,200,000 × 50% = 600,000 → cap 500,000
  input = rec { designation = "国家级专精特新小巨人", interest_paid = "120万" },
  expect = { status = "eligible", amount = "500000.00" },
}
M:case {
  name = "国家级小巨人 just under its cap", as_of = AS, clause = "第四条",
  -- 999,800 × 50% = 499,900 < 500,000
  input = rec { designation = "国家级专精特新小巨人", interest_paid = 999800 },
  expect = { status = "eligible", amount = "499900.00" },
}
M:case {
  name = "北京市专精特新 exactly at its cap", as_of = AS, clause = "第四条",
  -- 800,000 × 50% = 400,000 = cap
  input = rec { designation = "北京市专精特新", interest_paid = 800000 },
  expect = { status = "eligible", amount = "400000.00" },
}
M:case {
  name = "no designation: exactly at the 25万 cap", as_of = AS, clause = "第四条",
  -- 500,000 × 50% = 250,000 = cap
  input = rec { interest_paid = 500000 },
  expect = { status = "eligible", amount = "250000.00" },
}
M:case {
  name = "no designation: 200 元 over the cap", as_of = AS, clause = "第四条",
  -- 500,400 × 50% = 250,200 → cap 250,000
  input = rec { interest_paid = 500400 },
  expect = { status = "eligible", amount = "250000.00" },
}
M:case {
  name = "rounding at the half: 15,050 → 15,100", as_of = AS, clause = "附则1",
  -- 30,100 × 50% = 15,050.00 (1.505 万元): half-way between 15,000 and 15,100, half-up → 15,100.00
  input = rec { size_class = "微型", interest_paid = 30100 },
  expect = { status = "eligible", amount = "15100.00" },
}
M:case {
  name = "just under the half: 15,049.99 → 15,000", as_of = AS, clause = "附则1",
  -- 30,099.98 × 50% = 15,049.99 → 15,000.00
  input = rec { size_class = "微型", interest_paid = "30099.98" },
  expect = { status = "eligible", amount = "15000.00" },
}
M:case {
  name = "truncation reading: 15,050 → 15,000", as_of = AS, clause = "附则1",
  -- 30,100 × 50% = 15,050.00 → down → 15,000.00
  interpret = { rounding = "down" },
  input = rec { size_class = "微型", interest_paid = 30100 },
  expect = { status = "eligible", amount = "15000.00" },
}
M:case {
  name = "首贷 match rounded at the half: 18,050 → 18,100", as_of = AS, clause = "第四条、附则1",
  -- 18,050 × 1 = 18,050 → 18,100.00; interest 10,000 × 50% = 5,000
  input = rec { interest_paid = 10000, first_loan_subsidy = 18050 },
  expect = { status = "eligible", amount = "18100.00", outputs = { first_loan_match = "18100.00" } },
}
M:case {
  name = "首贷 match exactly at its 20万 cap", as_of = AS, clause = "第四条",
  -- min(200,000, 200,000) = 200,000 > 300,000 × 50% = 150,000
  input = rec { first_loan_subsidy = "20万" },
  expect = { status = "eligible", amount = "200000.00", paid = { subsidy = "first_loan_match" } },
}
M:case {
  name = "首贷 match over its cap: 25万 → 20万", as_of = AS, clause = "第四条",
  -- min(250,000, 200,000) = 200,000 > 150,000
  input = rec { first_loan_subsidy = "25万" },
  expect = { status = "eligible", amount = "200000.00", outputs = { first_loan_match = "200000.00" } },
}
M:case {
  name = "a tie: the interest subsidy (listed first) is reported as paid", as_of = AS, clause = "第四条",
  -- 36,000 × 50% = 18,000 = 18,000 × 1
  input = rec { interest_paid = 36000, first_loan_subsidy = 18000 },
  expect = { status = "eligible", amount = "18000.00", paid = { subsidy = "interest_subsidy" } },
}
M:case {
  name = "medium enterprise with 首贷贴息: the match applies (any-enterprise)", as_of = AS, clause = "第四条",
  -- not 小微: no interest subsidy, interest_paid not read; min(150,000, 200,000) = 150,000
  input = rec { size_class = "中型", interest_paid = "nil", designation = "nil", first_loan_subsidy = "15万" },
  expect = { status = "eligible", amount = "150000.00", paid = { subsidy = "first_loan_match" },
             outputs = { interest_subsidy = "0.00", first_loan_match = "150000.00" } },
}
M:case {
  name = "first-loan-scope=small-micro: a medium enterprise gets nothing", as_of = AS, clause = "第四条",
  interpret = { ["first-loan-scope"] = "small-micro" },
  input = rec { size_class = "中型", interest_paid = "nil", first_loan_subsidy = "15万" },
  expect = { status = "ineligible", amount = "0.00", failed = { "support-payable" }, paid = { subsidy = false } },
}
M:case {
  name = "first-loan-scope=small-micro: a small enterprise keeps both supports", as_of = AS, clause = "第四条",
  -- max(150,000, 180,000) = 180,000
  interpret = { ["first-loan-scope"] = "small-micro" },
  input = rec { first_loan_subsidy = "18万" },
  expect = { status = "eligible", amount = "180000.00" },
}
M:case {
  name = "large enterprise with 首贷贴息 (any-enterprise)", as_of = AS, clause = "第四条",
  input = rec { size_class = "大型", first_loan_subsidy = 50000 },
  expect = { status = "eligible", amount = "50000.00", outputs = { interest_subsidy = "0.00" } },
}
M:case {
  name = "medium enterprise without 首贷贴息: nothing applies", as_of = AS, clause = "第四条",
  input = rec { size_class = "中型", interest_paid = "nil" },
  expect = { status = "ineligible", amount = "0.00", failed = { "support-payable" },
             outputs = { interest_subsidy = "0.00", first_loan_match = "0.00" } },
}
M:case {
  name = "no interest paid and no 首贷贴息: nothing to pay", as_of = AS, clause = "第四条",
  input = rec { interest_paid = 0 },
  expect = { status = "ineligible", failed = { "support-payable" } },
}
M:case {
  name = "interest of 99.98 rounds to 0: nothing to pay", as_of = AS, clause = "第四条、附则1",
  -- 99.98 × 50% = 49.99 → under half of 100 元 → 0.00
  input = rec { interest_paid = "99.98" },
  expect = { status = "ineligible", failed = { "support-payable" } },
}
M:case {
  name = "worked case: outside 亦庄新城", as_of = AS, clause = "附则2",
  input = rec { in_yizhuang = false },
  expect = { status = "ineligible", amount = "0.00", failed = { "in-yizhuang" }, outputs = { subsidy = "0.00" } },
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
  name = "size class unknown: undetermined", as_of = AS, clause = "第四条",
  input = rec { size_class = "nil" },
  expect = { status = "undetermined", amount = nil, missing = { "size_class" } },
}
M:case {
  name = "small firm, interest unknown: undetermined even with 首贷贴息", as_of = AS, clause = "第四条",
  input = rec { interest_paid = "nil", first_loan_subsidy = 18000 },
  expect = { status = "undetermined", missing = { "interest_paid" } },
}
M:case {
  name = "small firm, designation unknown: undetermined (the cap depends on it)", as_of = AS, clause = "第四条",
  input = rec { designation = "nil" },
  expect = { status = "undetermined", missing = { "designation" } },
}
M:case {
  name = "location unknown: undetermined", as_of = AS, clause = "附则2",
  input = rec { in_yizhuang = "nil" },
  expect = { status = "undetermined", missing = { "in_yizhuang" } },
}
M:case {
  name = "worked case: a 2024 event qualifies", as_of = "2024-06-30", clause = "附则3",
  input = rec(),
  expect = { status = "eligible", amount = "150000.00" },
}
M:case {
  name = "first day in force: 2024-01-01", as_of = "2024-01-01", clause = "附则3",
  input = rec(),
  expect = { status = "eligible", amount = "150000.00" },
}
M:case {
  name = "2023 event: not in force", as_of = "2023-12-31", clause = "附则3",
  input = rec(),
  expect = { status = "not_in_force" },
}
M:case {
  name = "worked case: 2028-12-31 (inclusive)", as_of = "2028-12-31", clause = "附则5",
  input = rec(),
  expect = { status = "eligible", amount = "150000.00" },
}
M:case {
  name = "worked case: after 2028-12-31", as_of = "2029-01-01", clause = "附则5",
  input = rec(),
  expect = { status = "not_in_force" },
}
M:case {
  name = "cap lowered to 10万 with --set", as_of = AS, clause = "第四条",
  -- 300,000 × 50% = 150,000 → 100,000
  set = { cap_base = "10万" },
  input = rec(),
  expect = { status = "eligible", amount = "100000.00" },
}
M:case {
  name = "a designation that is not one of the values: input error", as_of = AS, clause = "第四条",
  input = rec { designation = "高新技术企业" },
  expect = { error = "input 'designation'" },
}

return M
