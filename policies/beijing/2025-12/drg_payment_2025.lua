-- 京医保发〔2024〕24号《关于开展国家医疗保障按病组(DRG)付费2.0版工作有关问题的通知》 二 支付政策
-- (M7). 北京市人民政府公报 2025年第12期, gazettes/beijing-2025-12.txt:1080-1120: 二（一）病组支付标准 =
-- 权重 × 费率 (20425 元; 传染病专科 20834 元; 33个耗材集采相关病组维持原标准; lines 1094-1096);
-- 二（二）结余留用 (职工 100%, 居民 50%; line 1098); 五 自2025年1月1日(含)起执行 (line 1110).
local M = measure {
  id = "beijing.drg-payment-2025",
  title = "按病组(DRG)付费2.0版病组支付标准与结余留用",
  document = {
    number = "京医保发〔2024〕24号",
    title = "北京市医疗保障局关于开展国家医疗保障按病组(DRG)付费2.0版工作有关问题的通知",
    issuer = "北京市医疗保障局",
    issued_on = "2024-12-27",
    gazette = "北京市人民政府公报 2025年第12期",
    source = "gazettes/beijing-2025-12.txt:1080-1120",
  },
  valid = { from = "2025-01-01" },   -- 五 "本通知自2025年1月1日(含)起执行"
  entity = "drg_case",
  inputs = {
    weight                = { type = "decimal", specific = true, label = "病组权重" },
    infectious_specialist = { type = "boolean", specific = true, label = "传染病专科医疗机构" },
    vbp_group             = { type = "boolean", specific = true, label = "33个耗材集采相关病组" },
    original_standard     = { type = "money", specific = true, label = "原病组支付标准（集采病组）" },
    insurance             = { type = "enum", specific = true, values = { "职工", "居民" }, label = "险种" },
    actual_cost           = { type = "money", specific = true, optional = true, label = "实际费用" },
  },
  outputs = {
    payment          = { type = "money" },
    retained_surplus = { type = "money" },
  },
  output_order = { "payment", "retained_surplus" },
  amount = "payment",
}

local F = "2025-01-01"
M:param("rate", {
  { from = F, value = yuan(20425), clause = "二（一）", lines = 1096, text = "费率不区分定点医疗机构级别，统一为20425元" },
})
M:param("infectious_rate", {
  { from = F, value = yuan(20834), clause = "二（一）", lines = 1096, text = "传染病专科医疗机构费率上浮2%，为20834元" },
})
M:param("retention_employee", {
  { from = F, value = pct(100), clause = "二（二）", lines = 1098, text = "城镇职工基本医疗保险病组结余全部留用" },
})
M:param("retention_resident", {
  { from = F, value = pct(50), clause = "二（二）", lines = 1098, text = "城乡居民基本医疗保险病组结余按50%比例留用" },
})

M:interpretation("infectious-rate", {
  text = "传染病专科费率用公布值 20834 元（20425 × 1.02 = 20833.5，公布为 20834）",
  default = "published",
  choices = { published = "20834 元" },
})
M:interpretation("vbp-original", {
  text = "33个耗材集采相关病组“维持原病组支付标准”：直接用原标准，不乘权重，传染病专科上浮不适用",
  default = "original_standard",
  choices = { original_standard = "payment = original_standard" },
})
M:interpretation("surplus", {
  text = "“病组结余”：按病例计，= 支付标准 − 实际费用，不足为 0（亏损分担未规定）；留用额按分四舍五入",
  default = "per_case",
  choices = { per_case = "max(payment − actual_cost, 0) × 留用比例" },
})
M:interpretation("rounding", {
  text = "支付标准 = 权重 × 费率，四舍五入到分（通知未规定舍入）",
  default = "fen_half_up",
  choices = { fen_half_up = "按分四舍五入" },
})

M:compute(function(r, ctx, out)
  local payment
  if r.vbp_group then
    ctx:interpret("vbp-original")
    payment = r.original_standard
  else
    ctx:interpret("rounding")
    local rate = ctx.p.rate
    if r.infectious_specialist then
      ctx:interpret("infectious-rate")
      rate = ctx.p.infectious_rate
    end
    payment = rate * r.weight                         -- 分 half-up
  end
  out.payment = payment
  if r.actual_cost ~= nil then
    ctx:interpret("surplus")
    local surplus = max(payment - r.actual_cost, yuan(0))
    if surplus == yuan(0) then
      out.retained_surplus = surplus                         -- nothing to retain under either insurance
    else
      local share = r.insurance == "职工" and ctx.p.retention_employee or ctx.p.retention_resident
      out.retained_surplus = surplus * share                 -- 分 half-up
    end
  end
end)

-- ---------------------------------------------------------------------------------------
local BASE = { weight = "1.0", infectious_specialist = false, vbp_group = false, insurance = "职工" }
local function rec(changes) return measure.variant(BASE, changes) end
local AS = "2025-03-01"

M:case {
  name = "worked case: weight 2.35 at a general hospital", as_of = AS, clause = "二（一）",
  -- 2.35 × 20,425 = 47,998.75
  input = rec { weight = 2.35 },
  expect = { status = "eligible", amount = "47998.75", outputs = { payment = "47998.75" } },
}
M:case {
  name = "worked case: weight 0.8 at an infectious-disease specialist hospital", as_of = AS, clause = "二（一）",
  -- 0.8 × 20,834 = 16,667.20
  input = rec { weight = 0.8, infectious_specialist = true },
  expect = { status = "eligible", amount = "16667.20" },
}
M:case {
  name = "worked case: weight 1.5, 居民, actual cost 25,000", as_of = AS, clause = "二（一）、二（二）",
  -- 1.5 × 20,425 = 30,637.50; (30,637.50 − 25,000) × 50% = 2,818.75
  input = rec { weight = 1.5, insurance = "居民", actual_cost = 25000 },
  expect = { status = "eligible", amount = "30637.50",
             outputs = { payment = "30637.50", retained_surplus = "2818.75" } },
}
M:case {
  name = "same case under 职工: all surplus retained", as_of = AS, clause = "二（二）",
  -- (30,637.50 − 25,000) × 100% = 5,637.50
  input = rec { weight = 1.5, insurance = "职工", actual_cost = 25000 },
  expect = { status = "eligible", amount = "30637.50", outputs = { retained_surplus = "5637.50" } },
}
M:case {
  name = "worked case: weight 1.00", as_of = AS, clause = "二（一）",
  input = rec { weight = "1.00" },
  expect = { status = "eligible", amount = "20425.00" },
}
M:case {
  name = "worked case: infectious hospital, weight 1.00", as_of = "2025-01-02", clause = "二（一）",
  input = rec { weight = "1.00", infectious_specialist = true },
  expect = { status = "eligible", amount = "20834.00" },
}
M:case {
  name = "rounding at the half fen", as_of = AS, clause = "二（一）",
  -- 1.0002 × 20,425 = 20,429.085 → 20,429.09 (half-up)
  input = rec { weight = "1.0002" },
  expect = { status = "eligible", amount = "20429.09" },
}
M:case {
  name = "retained share at the half fen", as_of = AS, clause = "二（二）",
  -- surplus 20,425.00 − 20,424.99 = 0.01; × 50% = 0.005 → 0.01
  input = rec { weight = "1", insurance = "居民", actual_cost = "20424.99" },
  expect = { status = "eligible", amount = "20425.00", outputs = { retained_surplus = "0.01" } },
}
M:case {
  name = "worked case: VBP group keeps its original standard", as_of = AS, clause = "二（一）",
  -- not 2.0 × 20,425: the original standard 35,000
  input = rec { weight = "2.0", vbp_group = true, original_standard = 35000 },
  expect = { status = "eligible", amount = "35000.00" },
}
M:case {
  name = "worked case: VBP group at an infectious hospital", as_of = AS, clause = "二（一）",
  input = rec { weight = "2.0", vbp_group = true, infectious_specialist = true, original_standard = "35000.50" },
  expect = { status = "eligible", amount = "35000.50" },
}
M:case {
  name = "VBP group without its original standard: undetermined", as_of = AS, clause = "二（一）",
  input = rec { vbp_group = true },
  expect = { status = "undetermined", amount = nil, missing = { "original_standard" } },
}
M:case {
  name = "worked case: cost above payment, no surplus", as_of = AS, clause = "二（二）",
  -- max(20,425 − 32,000, 0) = 0
  input = rec { weight = "1", actual_cost = 32000 },
  expect = { status = "eligible", amount = "20425.00", outputs = { retained_surplus = "0.00" } },
}
M:case {
  name = "cost above payment, insurance unknown: no surplus to retain under either", as_of = AS, clause = "二（二）",
  -- max(20,425 − 32,000, 0) = 0, and 0 × 100% = 0 × 50% = 0: the insurance does not decide it
  input = rec { weight = "1", insurance = "nil", actual_cost = 32000 },
  expect = { status = "eligible", amount = "20425.00", outputs = { retained_surplus = "0.00" } },
}
M:case {
  name = "cost equal to payment", as_of = AS, clause = "二（二）",
  input = rec { weight = "1", insurance = "居民", actual_cost = 20425 },
  expect = { status = "eligible", outputs = { retained_surplus = "0.00" } },
}
M:case {
  name = "weight unknown: undetermined", as_of = AS, clause = "二（一）",
  input = rec { weight = "nil" },
  expect = { status = "undetermined", missing = { "weight" } },
}
M:case {
  name = "worked case: settlement 2024-12-31 not in force", as_of = "2024-12-31", clause = "五",
  input = rec { weight = 2.35 },
  expect = { status = "not_in_force" },
}
M:case {
  name = "worked case: settlement 2025-01-01 (含)", as_of = "2025-01-01", clause = "五",
  input = rec { weight = 2.35 },
  expect = { status = "eligible", amount = "47998.75" },
}
M:case {
  name = "worked case: 职工 case, payment 30,000, cost 25,000", as_of = AS, clause = "二（二）",
  -- (30,000 − 25,000) × 100% = 5,000 (a 集采 group whose standard is 30,000)
  input = rec { vbp_group = true, original_standard = 30000, insurance = "职工", actual_cost = 25000 },
  expect = { status = "eligible", amount = "30000.00", outputs = { retained_surplus = "5000.00" } },
}
M:case {
  name = "worked case: 居民 case, same figures", as_of = AS, clause = "二（二）",
  -- (30,000 − 25,000) × 50% = 2,500
  input = rec { vbp_group = true, original_standard = 30000, insurance = "居民", actual_cost = 25000 },
  expect = { status = "eligible", amount = "30000.00", outputs = { retained_surplus = "2500.00" } },
}

return M
