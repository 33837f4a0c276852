-- 《关于继续加大中小微企业帮扶力度加快困难企业恢复发展的若干措施》(Beijing, 2022) （六）用好普惠金融政策
-- 工具 (M18), gazettes/beijing-compilation.txt:681: "2022年对符合条件、在贷款服务中心现场办理首次
-- 贷款业务的中小微企业，按贷款额给予不超过年化1%的贷款担保费用补助，或按实际获得贷款利息的20%给予贴息
-- 补助，对餐饮、零售、旅游、民航、公路铁路运输等受疫情影响突出的行业企业贴息比例提高至40%。"
-- Line 711: "中小微企业…范围可通过查询‘国家企业信用信息公示系统-全国个体私营经济发展服务网’予以认定，
-- 或按照…(工信部联企业〔2011〕300号)…(银发〔2015〕309号)划型标准予以认定": size_class is an input,
-- from the registry or from sme.classify.
--
-- The compilation prints the document's title (at the end of line 663) but no 文号, issuer or date;
-- the title stands in for the number. Folder policies/beijing/2022-sme-relief/
-- is named for the document's year and short name (the compilation has no gazette issue).
--
-- Validity is tested on the loan date ("2022年…办理首次贷款业务"): loans handled in 2022.
local M = measure {
  id = "beijing.sme-first-loan-subsidy-2022",
  title = "中小微企业首次贷款担保费用补助和贴息补助（2022年）",
  document = {
    number = "关于继续加大中小微企业帮扶力度加快困难企业恢复发展的若干措施",   -- no 文号 in the text
    title = "关于继续加大中小微企业帮扶力度加快困难企业恢复发展的若干措施",
    -- （六）责任单位：市经济和信息化局、市金融监管局、人民银行营业管理部、北京银保监局等
    issuer = "北京市（汇编未载发文机关）",
    gazette = "北京市规章和政策文件汇编（无公报期号）",
    source = "gazettes/beijing-compilation.txt:663-711",
  },
  valid = { from = "2022-01-01", to = "2022-12-31", clause = "（六）“2022年”",
            on = function(r) return r.loan_date end },
  entity = "enterprise",
  inputs = {
    size_class     = { type = "enum", derive = "size_class", values = { "大型", "中型", "小型", "微型" },
                       label = "企业规模（国家企业信用信息公示系统或工信部联企业〔2011〕300号划型）" },
    industry_code  = { type = "text", label = "行业代码（GB/T 4754-2017）" },
    first_loan     = { type = "boolean", specific = true, label = "首次贷款" },
    at_loan_centre = { type = "boolean", specific = true, label = "在贷款服务中心现场办理" },
    loan_date      = { type = "date", specific = true, label = "贷款办理日期" },
    option         = { type = "enum", specific = true, values = { "担保费补助", "贴息" }, label = "申请的补助方式" },
    interest_paid  = { type = "money", specific = true, label = "实际获得贷款的利息（贴息时填）" },
    loan_amount    = { type = "money", specific = true, label = "贷款额（担保费补助时填）" },
    loan_days      = { type = "integer", specific = true, label = "贷款天数（担保费补助时填）" },
    guarantee_fee  = { type = "money", specific = true, label = "实际支付的贷款担保费（担保费补助时填）" },
  },
  outputs = { subsidy = { type = "money" } },
  amount = "subsidy",
}

local F = "2022-01-01"
M:param("fee_rate", {
  { from = F, value = pct(1), clause = "（六）", lines = 681, text = "按贷款额给予不超过年化1%的贷款担保费用补助" },
})
M:param("interest_rate", {
  { from = F, value = pct(20), clause = "（六）", lines = 681, text = "或按实际获得贷款利息的20%给予贴息补助" },
})
M:param("hard_hit_interest_rate", {
  { from = F, value = pct(40), clause = "（六）", lines = 681,
    text = "对餐饮、零售、旅游、民航、公路铁路运输等受疫情影响突出的行业企业贴息比例提高至40%" },
})
-- GB/T 4754-2017: H62 餐饮业, F52 零售业, L727 旅行社及相关服务, G56 航空运输业 (民航),
-- G53 铁路运输业, G54 道路运输业 (公路运输).
M:param("hard_hit_divisions", {
  { from = F, value = "H62、F52、L727、G56、G53、G54", clause = "（六）", lines = 681,
    text = "餐饮、零售、旅游、民航、公路铁路运输等受疫情影响突出的行业" },
})
-- The other 交通运输 divisions (G55 水上运输业, G57 管道运输业, G58 多式联运和运输代理业): the same
-- item names "餐饮、零售、旅游、交通运输等行业" a few sentences later.
M:param("other_transport_divisions", {
  { from = F, value = "G55、G57、G58", clause = "（六）", lines = 681,
    text = "各行业主管部门向金融机构精准提供餐饮、零售、旅游、交通运输等行业小微企业和个体工商户融资需求名单" },
})

M:interpretation("hard-hit", {
  text = "“餐饮、零售、旅游、民航、公路铁路运输等受疫情影响突出的行业”：“等”按所列五个行业理解，对应"
    .. " GB/T 4754-2017 的 H62、F52、L727、G56、G53、G54",
  default = "listed-divisions",
  choices = {
    ["listed-divisions"] = "H62 餐饮业、F52 零售业、L727 旅行社及相关服务、G56 航空运输业、G53 铁路运输业、G54 道路运输业",
    ["with-transport"] = "另含同条所称“交通运输”的其余大类：G55 水上运输业、G57 管道运输业、G58 多式联运和运输代理业",
  },
})
M:interpretation("fee-cap", {
  text = "“按贷款额给予不超过年化1%的贷款担保费用补助”：补助以实际支付的担保费为限",
  default = "fee-paid",
  choices = {
    ["fee-paid"] = "补助 = min(实际担保费, 贷款额 × 1% × 天数 ÷ 365)",
    ["rate-only"] = "补助 = 贷款额 × 1% × 天数 ÷ 365（不以实际担保费为限，担保费不读取）",
  },
})
M:interpretation("day-count", {
  text = "“年化1%”：按贷款天数折算，一年按 365 天计",
  default = "365",
  choices = {
    ["365"] = "贷款额 × 1% × 天数 ÷ 365",
    ["360"] = "贷款额 × 1% × 天数 ÷ 360（银行计息惯例）",
  },
})

M:rule("sme", {
  clause = "（六）", lines = 681, text = "中小微企业（按公示系统或工信部联企业〔2011〕300号划型，见末段）",
  check = function(r) return r.size_class ~= "大型", "规模：" .. r.size_class end,
})
M:rule("first-loan", {
  clause = "（六）", lines = 681, text = "办理首次贷款业务",
  check = function(r) return r.first_loan == true end,
})
M:rule("at-loan-centre", {
  clause = "（六）", lines = 681, text = "在贷款服务中心现场办理",
  check = function(r) return r.at_loan_centre == true end,
})

local function codes(list)
  local out = {}
  for c in list:gmatch("[^、,，%s]+") do out[#out + 1] = c end
  return out
end

-- 贴息: 40% for the hard-hit industries, else 20%, of the interest actually paid.
local function interest_subsidy(r, ctx, out)
  local prefixes = codes(ctx.p.hard_hit_divisions)
  if ctx:interpret("hard-hit") == "with-transport" then
    for _, c in ipairs(codes(ctx.p.other_transport_divisions)) do prefixes[#prefixes + 1] = c end
  end
  local hit, why = industry.within(r.industry_code, prefixes)
  if hit == nil then error(("input 'industry_code': %s"):format(why), 0) end
  local rate = hit and ctx.p.hard_hit_interest_rate or ctx.p.interest_rate
  local interest = r.interest_paid
  if interest < yuan(0) then error(("input 'interest_paid': %s is negative"):format(interest), 0) end
  out.subsidy = interest:mul(rate, "fen", "half_up")
  ctx:note("贴息：%s × %s（%s）= %s", interest, rate,
    hit and "受疫情影响突出的行业" or "其他行业", out.subsidy)
end

-- 担保费补助: the annualised 1% of the loan for its days, computed exactly and rounded once to 分.
local function fee_subsidy(r, ctx, out)
  local amount, days = r.loan_amount, r.loan_days
  if amount < yuan(0) then error(("input 'loan_amount': %s is negative"):format(amount), 0) end
  if days < 0 then error(("input 'loan_days': %d is negative"):format(days), 0) end
  local basis = tonumber(ctx:interpret("day-count"))
  local cap = amount:mul(ctx.p.fee_rate * days / basis, "fen", "half_up")
  ctx:note("担保费补助上限：%s × %s × %d ÷ %d = %s（四舍五入到分）", amount, ctx.p.fee_rate, days, basis, cap)
  if ctx:interpret("fee-cap") == "rate-only" then
    out.subsidy = cap
    return
  end
  local fee = r.guarantee_fee
  if fee < yuan(0) then error(("input 'guarantee_fee': %s is negative"):format(fee), 0) end
  out.subsidy = min(fee, cap)
  ctx:note("实际担保费 %s，补助 %s", fee, out.subsidy)
end

M:compute(function(r, ctx, out)
  if r.option == "贴息" then interest_subsidy(r, ctx, out) else fee_subsidy(r, ctx, out) end
end)

-- ---------------------------------------------------------------------------------------
-- Test cases. Base record: the first worked case (a small restaurant, 贴息).
local BASE = { size_class = "小型", industry_code = "H6210", first_loan = true, at_loan_centre = true,
               loan_date = "2022-06-15", option = "贴息", interest_paid = "12345.67" }
local function rec(changes) return measure.variant(BASE, changes) end
-- the second worked case (a micro software firm, 担保费补助)
local FEE = { size_class = "微型", industry_code = "I6513", option = "担保费补助", interest_paid = "nil",
              loan_amount = 2000000, loan_days = 180, guarantee_fee = 12000 }
local function fee(changes)
  local t = measure.variant(BASE, FEE)
  return changes and measure.variant(t, changes) or t
end
local D = "2022-09-01"

M:case {
  name = "worked case: small restaurant H6210, 贴息 on 12,345.67", as_of = D, clause = "（六）",
  -- H62 餐饮业 is hard-hit: 12,345.67 × 40% = 4,938.268 → 4,938.27
  input = rec(),
  expect = { status = "eligible", amount = "4938.27", outputs = { subsidy = "4938.27" },
             interpretations = { ["hard-hit"] = "listed-divisions" } },
}
M:case {
  name = "worked case: micro software firm, 担保费补助 on 2,000,000 for 180 days", as_of = D, clause = "（六）",
  -- cap = 2,000,000 × 1% × 180 ÷ 365 = 9,863.0137 → 9,863.01; min(12,000, 9,863.01)
  input = fee(),
  expect = { status = "eligible", amount = "9863.01", outputs = { subsidy = "9863.01" },
             interpretations = { ["fee-cap"] = "fee-paid", ["day-count"] = "365" } },
}
M:case {
  name = "worked case: small software firm, 贴息 on 80,000", as_of = D, clause = "（六）",
  -- I65 is not hard-hit: 80,000 × 20% = 16,000
  input = rec { industry_code = "I6513", interest_paid = 80000 },
  expect = { status = "eligible", amount = "16000.00" },
}
M:case {
  name = "worked case: a restaurant, 贴息 on 80,000", as_of = D, clause = "（六）",
  -- 80,000 × 40% = 32,000
  input = rec { interest_paid = 80000 },
  expect = { status = "eligible", amount = "32000.00" },
}
M:case {
  name = "worked case: 担保费补助 on 2,000,000 for a year", as_of = D, clause = "（六）",
  -- 2,000,000 × 1% × 365 ÷ 365 = 20,000 < fee 25,000
  input = fee { loan_days = 365, guarantee_fee = 25000 },
  expect = { status = "eligible", amount = "20000.00" },
}
M:case {
  name = "worked case: a six-month loan (181 days) pro rata", as_of = D, clause = "（六）",
  -- 2,000,000 × 1% × 181 ÷ 365 = 9,917.808… → 9,917.81
  input = fee { loan_days = 181 },
  expect = { status = "eligible", amount = "9917.81" },
}
M:case {
  name = "a fee under the cap is paid in full", as_of = D, clause = "（六）",
  -- min(5,000, 9,863.01) = 5,000
  input = fee { guarantee_fee = 5000 },
  expect = { status = "eligible", amount = "5000.00" },
}
M:case {
  name = "a fee equal to the cap", as_of = D, clause = "（六）",
  input = fee { guarantee_fee = "9863.01" },
  expect = { status = "eligible", amount = "9863.01" },
}
M:case {
  name = "fee-cap = rate-only: the cap whatever the fee", as_of = D, clause = "（六）",
  -- 9,863.01 although the fee paid was 5,000
  interpret = { ["fee-cap"] = "rate-only" },
  input = fee { guarantee_fee = 5000 },
  expect = { status = "eligible", amount = "9863.01" },
}
M:case {
  name = "fee-cap = rate-only does not need the fee", as_of = D, clause = "（六）",
  interpret = { ["fee-cap"] = "rate-only" },
  input = fee { guarantee_fee = "nil" },
  expect = { status = "eligible", amount = "9863.01" },
}
M:case {
  name = "day-count = 360", as_of = D, clause = "（六）",
  -- 2,000,000 × 1% × 180 ÷ 360 = 10,000 < 12,000
  interpret = { ["day-count"] = "360" },
  input = fee(),
  expect = { status = "eligible", amount = "10000.00" },
}
M:case {
  name = "rounding at the half 分: 10.005 → 10.01", as_of = D, clause = "（六）",
  -- 1,000.50 × 1% × 365 ÷ 365 = 10.005 → 10.01 (half-up)
  input = fee { loan_amount = "1000.50", loan_days = 365, guarantee_fee = 20 },
  expect = { status = "eligible", amount = "10.01" },
}
M:case {
  name = "just under the half: 10.0049 → 10.00", as_of = D, clause = "（六）",
  -- 1,000.49 × 1% = 10.0049 → 10.00
  input = fee { loan_amount = "1000.49", loan_days = 365, guarantee_fee = 20 },
  expect = { status = "eligible", amount = "10.00" },
}
M:case {
  name = "a zero-day loan: nothing to subsidise", as_of = D, clause = "（六）",
  input = fee { loan_days = 0 },
  expect = { status = "eligible", amount = "0.00" },
}
M:case {
  name = "贴息 at 40%: 零售 F5211", as_of = D, clause = "（六）",
  -- 1,000 × 40%
  input = rec { industry_code = "F5211", interest_paid = 1000 },
  expect = { status = "eligible", amount = "400.00" },
}
M:case {
  name = "贴息 at 40%: 旅游 L7271 旅行社服务", as_of = D, clause = "（六）",
  input = rec { industry_code = "L7271", interest_paid = 1000 },
  expect = { status = "eligible", amount = "400.00" },
}
M:case {
  name = "贴息 at 40%: 民航 G5611", as_of = D, clause = "（六）",
  input = rec { industry_code = "G5611", interest_paid = 1000 },
  expect = { status = "eligible", amount = "400.00" },
}
M:case {
  name = "贴息 at 40%: 铁路 G5311", as_of = D, clause = "（六）",
  input = rec { industry_code = "G5311", interest_paid = 1000 },
  expect = { status = "eligible", amount = "400.00" },
}
M:case {
  name = "贴息 at 40%: 公路 G5411", as_of = D, clause = "（六）",
  input = rec { industry_code = "G5411", interest_paid = 1000 },
  expect = { status = "eligible", amount = "400.00" },
}
M:case {
  name = "贴息 at 20%: 住宿 H6110 is not 餐饮", as_of = D, clause = "（六）",
  input = rec { industry_code = "H6110", interest_paid = 1000 },
  expect = { status = "eligible", amount = "200.00" },
}
M:case {
  name = "贴息 at 20%: 批发 F5110 is not 零售", as_of = D, clause = "（六）",
  input = rec { industry_code = "F5110", interest_paid = 1000 },
  expect = { status = "eligible", amount = "200.00" },
}
M:case {
  name = "贴息 at 20%: 水上运输 G5510 (listed-divisions)", as_of = D, clause = "（六）",
  input = rec { industry_code = "G5510", interest_paid = 1000 },
  expect = { status = "eligible", amount = "200.00" },
}
M:case {
  name = "贴息 at 40%: 水上运输 G5510 under with-transport", as_of = D, clause = "（六）",
  interpret = { ["hard-hit"] = "with-transport" },
  input = rec { industry_code = "G5510", interest_paid = 1000 },
  expect = { status = "eligible", amount = "400.00" },
}
M:case {
  name = "贴息 rounds to 分 half-up", as_of = D, clause = "（六）",
  -- 0.03 × 20% = 0.006 → 0.01 (20% or 40% of whole 分 never lands on a half; the half 分 case
  -- is the fee cap's, below)
  input = rec { industry_code = "I6513", interest_paid = "0.03" },
  expect = { status = "eligible", amount = "0.01" },
}
M:case {
  name = "a medium enterprise qualifies", as_of = D, clause = "（六）",
  input = rec { size_class = "中型" },
  expect = { status = "eligible", amount = "4938.27" },
}
M:case {
  name = "a large enterprise does not", as_of = D, clause = "（六）",
  input = rec { size_class = "大型" },
  expect = { status = "ineligible", amount = "0.00", failed = { "sme" } },
}
M:case {
  name = "worked case: not the first loan", as_of = D, clause = "（六）",
  input = rec { first_loan = false },
  expect = { status = "ineligible", amount = "0.00", failed = { "first-loan" } },
}
M:case {
  name = "worked case: handled online, not at the centre", as_of = D, clause = "（六）",
  input = rec { at_loan_centre = false },
  expect = { status = "ineligible", amount = "0.00", failed = { "at-loan-centre" } },
}
M:case {
  name = "every condition fails", as_of = D, clause = "（六）",
  input = rec { size_class = "大型", first_loan = false, at_loan_centre = false },
  expect = { status = "ineligible", amount = "0.00", failed = { "sme", "first-loan", "at-loan-centre" } },
}
M:case {
  name = "a loan of 2021-12-31: not in force", as_of = D, clause = "（六）“2022年”",
  input = rec { loan_date = "2021-12-31" },
  expect = { status = "not_in_force" },
}
M:case {
  name = "a loan of 2022-01-01: in force", as_of = D, clause = "（六）“2022年”",
  input = rec { loan_date = "2022-01-01" },
  expect = { status = "eligible", amount = "4938.27" },
}
M:case {
  name = "a loan of 2022-12-31 applied for in 2023: in force", as_of = "2023-03-01", clause = "（六）“2022年”",
  input = rec { loan_date = "2022-12-31" },
  expect = { status = "eligible", amount = "4938.27" },
}
M:case {
  name = "a loan of 2023-01-01: not in force", as_of = "2023-03-01", clause = "（六）“2022年”",
  input = rec { loan_date = "2023-01-01" },
  expect = { status = "not_in_force" },
}
M:case {
  name = "loan date unknown: undetermined", as_of = D, clause = "（六）“2022年”",
  input = rec { loan_date = "nil" },
  expect = { status = "undetermined", amount = nil, missing = { "loan_date" } },
}
M:case {
  name = "贴息 with the interest unknown: undetermined", as_of = D, clause = "（六）",
  input = rec { interest_paid = "nil" },
  expect = { status = "undetermined", amount = nil, missing = { "interest_paid" } },
}
M:case {
  name = "贴息 does not need the loan amount, days or fee", as_of = D, clause = "（六）",
  input = rec { loan_amount = "nil", loan_days = "nil", guarantee_fee = "nil" },
  expect = { status = "eligible", amount = "4938.27" },
}
M:case {
  name = "担保费补助 with the days unknown: undetermined", as_of = D, clause = "（六）",
  input = fee { loan_days = "nil" },
  expect = { status = "undetermined", amount = nil, missing = { "loan_days" } },
}
M:case {
  name = "担保费补助 does not need the industry", as_of = D, clause = "（六）",
  input = fee { industry_code = "nil" },
  expect = { status = "eligible", amount = "9863.01" },
}
M:case {
  name = "size unknown: undetermined", as_of = D, clause = "（六）",
  input = rec { size_class = "nil" },
  expect = { status = "undetermined", missing = { "size_class" } },
}
M:case {
  name = "a failed rule outweighs an unknown one", as_of = D, clause = "（六）",
  input = rec { size_class = "nil", first_loan = false },
  expect = { status = "ineligible", amount = "0.00", failed = { "first-loan" } },
}
M:case {
  name = "an invalid industry code is refused", as_of = D, clause = "（六）",
  input = rec { industry_code = "Z99" },
  expect = { error = "input 'industry_code': 'Z99': there is no division 99 in GB/T 4754-2017" },
}
M:case {
  name = "a section letter is too coarse to tell the rate", as_of = D, clause = "（六）",
  input = rec { industry_code = "H" },
  expect = { error = "input 'industry_code': 'H' is too coarse to tell whether it lies in H62: give the division" },
}
M:case {
  name = "a negative number of days is refused", as_of = D, clause = "（六）",
  input = fee { loan_days = -5 },
  expect = { error = "input 'loan_days': -5 is negative" },
}
M:case {
  name = "an unknown size class is an input error", as_of = D, clause = "（六）",
  input = rec { size_class = "small" },
  expect = { error = "is not one of the allowed values: 大型, 中型, 小型, 微型" },
}
M:case {
  name = "the 40% rate raised to 50% with --set", as_of = D, clause = "（六）",
  -- 12,345.67 × 50% = 6,172.835 → 6,172.84
  set = { hard_hit_interest_rate = "50%" },
  input = rec(),
  expect = { status = "eligible", amount = "6172.84" },
}

return M
