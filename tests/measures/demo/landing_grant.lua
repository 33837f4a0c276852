-- tests/measures/demo/landing_grant.lua: a TEST FIXTURE for tiers, exclusivity groups and the
-- validity period, modelled on M8 (京技管发〔2024〕33号 第八条) without its final rounding.
-- Not the policy: policies/ holds the real measures.
local M = measure {
  id = "demo.landing-grant",
  title = "持牌法人金融机构落地奖励（测试用）",
  document = { number = "京技管发〔2024〕33号", issuer = "北京经济技术开发区管理委员会", issued_on = "2024-12-20" },
  valid = { from = "2024-01-01", to = "2028-12-31", clause = "附则" },
  entity = "enterprise",
  group = "demo-landing",
  inputs = {
    paid_in_capital = { type = "money" },
    licensed_legal_person = { type = "boolean", specific = true },
    in_yizhuang = { type = "boolean", derive = "in_yizhuang" },
  },
  outputs = { grant = { type = "money" } },
  amount = "grant",
}

M:param("cap", { { from = "2024-01-01", value = wan(6000), clause = "第八条", text = "最高不超过6000万元" } })

-- 实缴资本 K: [1亿, 5亿) 500万 + 1%·K; [5亿, 10亿) 1000万 + 0.5%·K; [10亿, 30亿) 2000万 + 0.3%·K;
-- 30亿以上 5000万 + 0.2%·K (lower bounds 含)
local by_capital = tiers {
  { from = yi(1), to = yi(5), bounds = "[)", fn = function(k) return wan(500) + k * pct(1) end, clause = "第八条（一）" },
  { from = yi(5), to = yi(10), bounds = "[)", fn = function(k) return wan(1000) + k * ratio("0.005") end, clause = "第八条（二）" },
  { from = yi(10), to = yi(30), bounds = "[)", fn = function(k) return wan(2000) + k * ratio("0.003") end, clause = "第八条（三）" },
  { from = yi(30), bounds = "[)", fn = function(k) return wan(5000) + k * ratio("0.002") end, clause = "第八条（四）" },
}

M:rule("licensed", { clause = "第八条", text = "经国家金融监管部门批准设立的持牌法人金融机构",
  check = function(r) return r.licensed_legal_person end })
M:rule("in-yizhuang", { clause = "第八条", text = "注册并实际经营在亦庄新城",
  check = function(r) return r.in_yizhuang end })
M:rule("capital-floor", { clause = "第八条（一）", text = "实缴资本1亿元以上",
  check = function(r) return threshold(r.paid_in_capital, "以上", yi(1)) end })

M:compute(function(r, ctx, out)
  local raw, tier = by_capital:apply(r.paid_in_capital)
  out.grant = min(raw, ctx.p.cap)
  ctx:note("%s: %s, 上限 %s", by_capital:describe(tier), raw, ctx.p.cap)
end)

local base = { paid_in_capital = "3亿", licensed_legal_person = true, in_yizhuang = true }
M:case { name = "K = 3亿: 500万 + 1% × 3亿 = 800万", as_of = "2024-06-01", input = base,
  expect = { status = "eligible", amount = "8000000.00" } }
M:case { name = "K = 5亿 (lower bound 含): 1000万 + 0.5% × 5亿 = 1250万", as_of = "2024-06-01",
  input = { paid_in_capital = "5亿", licensed_legal_person = true, in_yizhuang = true },
  expect = { status = "eligible", amount = "12500000.00" } }
M:case { name = "K = 100亿: 5000万 + 0.2% × 100亿 = 7000万, capped at 6000万", as_of = "2024-06-01",
  input = { paid_in_capital = "100亿", licensed_legal_person = true, in_yizhuang = true },
  expect = { status = "eligible", amount = "60000000.00" } }
M:case { name = "K = 0.99亿: below the floor", as_of = "2024-06-01",
  input = { paid_in_capital = "9900万", licensed_legal_person = true, in_yizhuang = true },
  expect = { status = "ineligible", amount = "0.00", failed = { "capital-floor" } } }
M:case { name = "2029-01-01: after the period", as_of = "2029-01-01", input = base,
  expect = { status = "not_in_force" } }

return M
