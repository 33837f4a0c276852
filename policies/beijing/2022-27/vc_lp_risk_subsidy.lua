-- 京科发〔2021〕79号《关于加快建设高质量创业投资集聚区的若干措施》(四) 加大长期资本支持引导力度
-- (M16), gazettes/beijing-2022-27.txt:148: "对参股创投基金、私募股权二级市场基金(即S基金),符合
-- 相关条件且实际出资金额在3亿元以上的社保基金、保险资金和理财资金,市科委、中关村管委会分档给予风险补贴
-- 支持。其中,实际出资金额在3—5(含)亿元的,给予不超过500万元风险补贴支持;实际出资金额在5—10(含)亿元的,
-- 给予不超过800万元风险补贴支持;实际出资金额在10亿元以上的,给予不超过1000万元风险补贴支持。对创投基金
-- 在朝阳区注册的,朝阳区给予同比例配套资金支持。" Issued 2021-12-30 (line 126), "本措施自印发之日起施行"
-- (line 186), no end date.
--
-- The amounts are ceilings ("不超过"): the outputs are the most the municipality (市科委、中关村管委会)
-- and 朝阳区 may grant; the grant itself is theirs to decide. "符合相关条件" is not defined in the
-- text: it is an input, as assessed (meets_conditions).
local M = measure {
  id = "beijing.vc-lp-risk-subsidy",
  title = "社保基金、保险资金和理财资金参股创投基金、S基金风险补贴",
  document = {
    number = "京科发〔2021〕79号",
    title = "关于加快建设高质量创业投资集聚区的若干措施",
    issuer = "北京市科学技术委员会、中关村科技园区管理委员会，北京市地方金融监督管理局，北京市财政局，"
      .. "中国人民银行营业管理部，中国银行保险监督管理委员会北京监管局，中国证券监督管理委员会北京监管局，"
      .. "北京市朝阳区人民政府",
    issued_on = "2021-12-30",
    gazette = "北京市人民政府公报 2022年第27期",
    source = "gazettes/beijing-2022-27.txt:102-186",
  },
  valid = { from = "2021-12-30", clause = "本措施自印发之日起施行" },   -- line 186; no end date
  entity = "investor",
  inputs = {
    investor_type    = { type = "enum", specific = true, values = { "社保基金", "保险资金", "理财资金", "其他" },
                         label = "出资方类型" },
    fund_type        = { type = "enum", specific = true, values = { "创投基金", "S基金", "其他" },
                         label = "参股基金类型（S基金：私募股权二级市场基金）" },
    meets_conditions = { type = "boolean", specific = true, label = "符合相关条件（经认定）" },
    paid_in          = { type = "money", specific = true, label = "实际出资金额" },
    fund_in_chaoyang = { type = "boolean", specific = true, label = "基金在朝阳区注册" },
  },
  outputs = {
    municipal_cap      = { type = "money" },
    chaoyang_match_cap = { type = "money" },
    total_cap          = { type = "money" },
  },
  output_order = { "municipal_cap", "chaoyang_match_cap", "total_cap" },
  amount = "total_cap",
}

local F = "2021-12-30"
M:param("min_paid_in", {
  { from = F, value = yi(3), clause = "（四）", lines = 148,
    text = "符合相关条件且实际出资金额在3亿元以上的社保基金、保险资金和理财资金" },
})
M:param("tier_low_top", {
  { from = F, value = yi(5), clause = "（四）", lines = 148, text = "实际出资金额在3—5(含)亿元的" },
})
M:param("tier_mid_top", {
  { from = F, value = yi(10), clause = "（四）", lines = 148, text = "实际出资金额在5—10(含)亿元的" },
})
M:param("cap_low", {
  { from = F, value = wan(500), clause = "（四）", lines = 148, text = "3—5(含)亿元的，给予不超过500万元风险补贴支持" },
})
M:param("cap_mid", {
  { from = F, value = wan(800), clause = "（四）", lines = 148, text = "5—10(含)亿元的，给予不超过800万元风险补贴支持" },
})
M:param("cap_high", {
  { from = F, value = wan(1000), clause = "（四）", lines = 148, text = "10亿元以上的，给予不超过1000万元风险补贴支持" },
})

M:interpretation("tier-edge", {
  text = "“3—5(含)亿元…5—10(含)亿元…10亿元以上”：10亿元同时落在“5—10(含)”和“10亿元以上”（民法典"
    .. "第一千二百五十九条“以上”含本数）；5亿元由“(含)”归入第一档",
  default = "explicit-han",
  choices = {
    ["explicit-han"] = "“(含)”优先：3亿 ≤ x ≤ 5亿 → 500万；5亿 < x ≤ 10亿 → 800万；x > 10亿 → 1000万",
    ["civil-code"] = "“以上”含本数：3亿 ≤ x ≤ 5亿 → 500万；5亿 < x < 10亿 → 800万；x ≥ 10亿 → 1000万",
  },
})
M:interpretation("match-scope", {
  text = "“对创投基金在朝阳区注册的，朝阳区给予同比例配套资金支持”：配套只及于在朝阳区注册的创投基金",
  default = "venture-only",
  choices = {
    ["venture-only"] = "只有参股在朝阳区注册的创投基金才有朝阳区配套（S基金没有）",
    ["any-fund"] = "参股在朝阳区注册的创投基金或S基金均有朝阳区配套",
  },
})
M:interpretation("match-ratio", {
  text = "“同比例配套”：朝阳区配套上限与市级风险补贴上限相同（1:1）",
  default = "one-to-one",
  choices = { ["one-to-one"] = "朝阳区配套上限 = 市级风险补贴上限" },
})

M:rule("investor-type", {
  clause = "（四）", lines = 148, text = "出资方为社保基金、保险资金或理财资金",
  check = function(r) return r.investor_type ~= "其他", "出资方：" .. r.investor_type end,
})
M:rule("fund-type", {
  clause = "（四）", lines = 148, text = "参股创投基金或私募股权二级市场基金（S基金）",
  check = function(r) return r.fund_type ~= "其他", "基金：" .. r.fund_type end,
})
M:rule("meets-conditions", {
  clause = "（四）", lines = 148, text = "符合相关条件",
  check = function(r) return r.meets_conditions == true end,
})
M:rule("paid-in-floor", {
  clause = "（四）", lines = 148, text = "实际出资金额在3亿元以上（含3亿元）",
  check = function(r, ctx) return threshold(r.paid_in, "以上", ctx.p.min_paid_in) end,
})

-- The municipal tier of a paid-in amount: 3亿 ≤ x ≤ 5亿 (含) is the first; the reading decides
-- whether 10亿 itself closes the second tier ("5—10(含)") or opens the third ("10亿元以上").
local function tier_of(x, ctx)
  local reading = ctx:interpret("tier-edge")
  if threshold(x, "以下", ctx.p.tier_low_top) then return "low", "3—5(含)亿元" end
  if reading == "explicit-han" then
    if threshold(x, "以下", ctx.p.tier_mid_top) then return "mid", "5—10(含)亿元" end
    return "high", "10亿元以上（不含10亿元）"
  end
  if threshold(x, "低于", ctx.p.tier_mid_top) then return "mid", "5—10亿元（不含10亿元）" end
  return "high", "10亿元以上（含10亿元）"
end

M:compute(function(r, ctx, out)
  local tier, what = tier_of(r.paid_in, ctx)
  local caps = { low = ctx.p.cap_low, mid = ctx.p.cap_mid, high = ctx.p.cap_high }
  out.municipal_cap = caps[tier]
  ctx:note("实际出资 %s 属“%s”档：市级风险补贴不超过 %s", r.paid_in, what, out.municipal_cap)
  local matched = r.fund_type == "创投基金" or ctx:interpret("match-scope") == "any-fund"
  ctx:interpret("match-ratio")
  if matched and r.fund_in_chaoyang then
    out.chaoyang_match_cap = out.municipal_cap
    ctx:note("基金在朝阳区注册：朝阳区同比例配套不超过 %s", out.chaoyang_match_cap)
  else
    out.chaoyang_match_cap = yuan(0)
  end
  out.total_cap = out.municipal_cap + out.chaoyang_match_cap
end)

-- ---------------------------------------------------------------------------------------
-- Test cases. Base record: the first worked case (保险资金 in an S基金, 4亿, not in 朝阳区).
local BASE = { investor_type = "保险资金", fund_type = "S基金", meets_conditions = true, paid_in = "4亿",
               fund_in_chaoyang = false }
local function rec(changes) return measure.variant(BASE, changes) end
local D = "2022-06-01"
local VC = { investor_type = "社保基金", fund_type = "创投基金", fund_in_chaoyang = true }
local function vc(changes)
  local t = measure.variant(BASE, VC)
  return changes and measure.variant(t, changes) or t
end

M:case {
  name = "worked case: 保险资金 in an S基金, 4亿, not in 朝阳区", as_of = D, clause = "（四）",
  -- 3亿 ≤ 4亿 ≤ 5亿 → 500万; an S基金 gets no 朝阳区 match → 5,000,000 + 0
  input = rec(),
  expect = { status = "eligible", amount = "5000000.00",
             outputs = { municipal_cap = "5000000.00", chaoyang_match_cap = "0.00", total_cap = "5000000.00" } },
}
M:case {
  name = "worked case: 社保基金 in a 创投基金 in 朝阳区, 10亿", as_of = D, clause = "（四）",
  -- 10亿 is in 5—10(含): 800万; 同比例配套 800万 → 8,000,000 + 8,000,000 = 16,000,000
  input = vc { paid_in = "10亿" },
  expect = { status = "eligible", amount = "16000000.00",
             outputs = { municipal_cap = "8000000.00", chaoyang_match_cap = "8000000.00", total_cap = "16000000.00" },
             interpretations = { ["tier-edge"] = "explicit-han", ["match-ratio"] = "one-to-one" } },
}
M:case {
  name = "10亿 under the civil-code reading goes to the top tier", as_of = D, clause = "（四）",
  -- 10亿 ≥ 10亿 (以上含本数) → 1000万 + 1000万 = 20,000,000
  interpret = { ["tier-edge"] = "civil-code" },
  input = vc { paid_in = "10亿" },
  expect = { status = "eligible", amount = "20000000.00",
             outputs = { municipal_cap = "10000000.00", chaoyang_match_cap = "10000000.00" } },
}
M:case {
  name = "worked case: exactly 3亿 (以上 includes 3亿)", as_of = D, clause = "（四）",
  -- 3亿 ≥ 3亿 → 500万
  input = rec { paid_in = "3亿" },
  expect = { status = "eligible", amount = "5000000.00" },
}
M:case {
  name = "one 分 under 3亿", as_of = D, clause = "（四）",
  -- 299,999,999.99 < 300,000,000
  input = rec { paid_in = "299999999.99" },
  expect = { status = "ineligible", amount = "0.00", failed = { "paid-in-floor" },
             outputs = { municipal_cap = "0.00", chaoyang_match_cap = "0.00", total_cap = "0.00" } },
}
M:case {
  name = "worked case: 2.5亿", as_of = D, clause = "（四）",
  input = rec { paid_in = "2.5亿" },
  expect = { status = "ineligible", amount = "0.00", failed = { "paid-in-floor" } },
}
M:case {
  name = "exactly 5亿 stays in the first tier (含)", as_of = D, clause = "（四）",
  -- 5亿 ∈ [3亿, 5亿] → 500万
  input = rec { paid_in = "5亿" },
  expect = { status = "eligible", amount = "5000000.00" },
}
M:case {
  name = "exactly 5亿 under civil-code: also the first tier", as_of = D, clause = "（四）",
  interpret = { ["tier-edge"] = "civil-code" },
  input = rec { paid_in = "5亿" },
  expect = { status = "eligible", amount = "5000000.00" },
}
M:case {
  name = "5亿 and one 分: second tier", as_of = D, clause = "（四）",
  -- 500,000,000.01 ∈ (5亿, 10亿] → 800万
  input = rec { paid_in = "500000000.01" },
  expect = { status = "eligible", amount = "8000000.00" },
}
M:case {
  name = "10亿 less one 分 under civil-code: second tier", as_of = D, clause = "（四）",
  -- 999,999,999.99 < 10亿 → 800万
  interpret = { ["tier-edge"] = "civil-code" },
  input = rec { paid_in = "999999999.99" },
  expect = { status = "eligible", amount = "8000000.00" },
}
M:case {
  name = "10亿 and one 分: top tier", as_of = D, clause = "（四）",
  -- 1,000,000,000.01 > 10亿 → 1000万
  input = rec { paid_in = "1000000000.01" },
  expect = { status = "eligible", amount = "10000000.00" },
}
M:case {
  name = "worked case: 理财资金, 12亿", as_of = D, clause = "（四）",
  -- 12亿 > 10亿 → 1000万; S基金 not in 朝阳区 → no match
  input = rec { investor_type = "理财资金", paid_in = "12亿" },
  expect = { status = "eligible", amount = "10000000.00", outputs = { chaoyang_match_cap = "0.00" } },
}
M:case {
  name = "a 创投基金 in 朝阳区, 6亿: municipal and matched", as_of = D, clause = "（四）",
  -- 6亿 ∈ (5亿, 10亿] → 800万 + 800万
  input = vc { paid_in = "6亿" },
  expect = { status = "eligible", amount = "16000000.00" },
}
M:case {
  name = "a 创投基金 registered outside 朝阳区: no match", as_of = D, clause = "（四）",
  -- 4亿 → 500万 + 0
  input = vc { paid_in = "4亿", fund_in_chaoyang = false },
  expect = { status = "eligible", amount = "5000000.00", outputs = { chaoyang_match_cap = "0.00" } },
}
M:case {
  name = "an S基金 in 朝阳区: no match (venture-only)", as_of = D, clause = "（四）",
  -- 500万 + 0: the matching sentence names 创投基金 only
  input = rec { fund_in_chaoyang = true },
  expect = { status = "eligible", amount = "5000000.00", outputs = { chaoyang_match_cap = "0.00" } },
}
M:case {
  name = "an S基金 in 朝阳区 under any-fund: matched", as_of = D, clause = "（四）",
  -- 500万 + 500万
  interpret = { ["match-scope"] = "any-fund" },
  input = rec { fund_in_chaoyang = true },
  expect = { status = "eligible", amount = "10000000.00", outputs = { chaoyang_match_cap = "5000000.00" } },
}
M:case {
  name = "an S基金: where it is registered is not needed", as_of = D, clause = "（四）",
  input = rec { fund_in_chaoyang = "nil" },
  expect = { status = "eligible", amount = "5000000.00", outputs = { chaoyang_match_cap = "0.00" } },
}
M:case {
  name = "a 创投基金 whose registration is unknown: undetermined", as_of = D, clause = "（四）",
  input = vc { fund_in_chaoyang = "nil" },
  expect = { status = "undetermined", amount = nil, missing = { "fund_in_chaoyang" } },
}
M:case {
  name = "an investor of another kind", as_of = D, clause = "（四）",
  input = rec { investor_type = "其他" },
  expect = { status = "ineligible", amount = "0.00", failed = { "investor-type" } },
}
M:case {
  name = "a fund of another kind (并购基金)", as_of = D, clause = "（四）",
  input = rec { fund_type = "其他" },
  expect = { status = "ineligible", amount = "0.00", failed = { "fund-type" } },
}
M:case {
  name = "相关条件 not met", as_of = D, clause = "（四）",
  input = rec { meets_conditions = false },
  expect = { status = "ineligible", amount = "0.00", failed = { "meets-conditions" } },
}
M:case {
  name = "every condition fails", as_of = D, clause = "（四）",
  input = rec { investor_type = "其他", fund_type = "其他", meets_conditions = false, paid_in = "1亿" },
  expect = { status = "ineligible", amount = "0.00",
             failed = { "investor-type", "fund-type", "meets-conditions", "paid-in-floor" } },
}
M:case {
  name = "paid-in unknown: undetermined", as_of = D, clause = "（四）",
  input = rec { paid_in = "nil" },
  expect = { status = "undetermined", amount = nil, missing = { "paid_in" } },
}
M:case {
  name = "a failed rule outweighs an unknown one", as_of = D, clause = "（四）",
  input = rec { paid_in = "nil", meets_conditions = false },
  expect = { status = "ineligible", amount = "0.00", failed = { "meets-conditions" } },
}
M:case {
  name = "the day before issue: not in force", as_of = "2021-12-29", clause = "本措施自印发之日起施行",
  input = rec(),
  expect = { status = "not_in_force" },
}
M:case {
  name = "the day of issue: in force", as_of = "2021-12-30", clause = "本措施自印发之日起施行",
  input = rec(),
  expect = { status = "eligible", amount = "5000000.00" },
}
M:case {
  name = "the first tier's top moved to 6亿 with --set", as_of = D, clause = "（四）",
  -- 5.5亿 ≤ 6亿 → first tier 500万
  set = { tier_low_top = "6亿" },
  input = rec { paid_in = "5.5亿" },
  expect = { status = "eligible", amount = "5000000.00" },
}
M:case {
  name = "the top cap changed with --set", as_of = D, clause = "（四）",
  -- 12亿 → cap_high = 1200万; 创投基金 in 朝阳区 → 1200万 + 1200万
  set = { cap_high = "1200万" },
  input = vc { paid_in = "12亿" },
  expect = { status = "eligible", amount = "24000000.00" },
}

return M
