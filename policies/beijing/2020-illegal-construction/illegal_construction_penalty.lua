-- 《北京市禁止违法建设若干规定》第五条, 第十一条, 第十二条, 第十三条: who handles a completed illegal
-- construction, what it is ordered to do, its fine and the date the written order is due
-- (M21). gazettes/beijing-compilation.txt:3036-3150 (the title closes line 3036; 第五条 at
-- 3054-3064, 第十一条 at 3092, 第十二条 at 3096-3100, 第十三条 at 3102-3106, 第二十三条 at 3150).
--
-- The compilation prints no 文号, date of issue or issuer line for this municipal rule
-- (规章); the title stands for the number, as wave 1 does. It is the 市人民政府's rule: the
-- repeal decision of the 市人民政府 follows it in the same text.
--
-- A calculator: eligible for every completed illegal construction (第十一条); works still being
-- built are ineligible (第十条 governs them: stop, demolish or backfill within 3 days). The
-- main amount is fine_max. Beyond the worked cases, order_period_days gives 第十一条's "责令限期改正期限和
-- 限期拆除的期限一般不超过15日" for the two orders that set a period.
local M = measure {
  id = "beijing.illegal-construction-penalty",
  title = "已建成违法建设的查处机关、责令事项与罚款",
  document = {
    number = "北京市禁止违法建设若干规定",
    title = "北京市禁止违法建设若干规定",
    issuer = "北京市人民政府",
    gazette = "北京市规章和政策文件汇编（无公报期号）",
    source = "gazettes/beijing-compilation.txt:3036-3150",
  },
  -- 第二十三条 "本规定自2020年11月15日起施行"; as_of is the date of the decision.
  valid = { from = "2020-11-15", clause = "第二十三条" },
  entity = "construction",
  inputs = {
    completed             = { type = "boolean", specific = true, label = "已经建成" },
    has_permit            = { type = "boolean", specific = true,
                              label = "已取得建设工程规划许可证、临时建设工程规划许可证、乡村建设规划许可证或临时乡村建设规划许可证" },
    has_planning_document = { type = "boolean", specific = true, label = "已取得选址意见书、规划综合实施方案等规划文件（无许可证时读取）" },
    built_per_document    = { type = "boolean", specific = true, label = "按照规划文件的内容进行建设（无许可证但有规划文件时读取）" },
    conformable           = { type = "boolean", specific = true, label = "可以通过改建或者部分拆除达到符合许可的内容（有许可证时读取）" },
    correction_overdue    = { type = "boolean", specific = true, optional = true, label = "逾期不改正（缺省：否）" },
    demolishable          = { type = "boolean", specific = true, label = "能够拆除（无法改正或逾期不改正时读取）" },
    settled               = { type = "boolean", specific = true, label = "已经完成竣工结算" },
    settlement_price      = { type = "money", specific = true, label = "竣工结算价（已结算时读取）" },
    contract_price        = { type = "money", specific = true, optional = true,
                              label = "已完工部分的施工合同价（缺省：未依法签订施工合同）" },
    contract_below_market = { type = "boolean", specific = true, label = "施工合同价明显低于市场价格（有合同价时读取）" },
    appraised_cost        = { type = "money", specific = true, label = "有资质的造价咨询机构评估的造价（两种价格均不可用时读取）" },
    discovered_on         = { type = "date", specific = true, label = "行政执法机关发现之日" },
  },
  outputs = {
    handler           = { type = "text" },
    order             = { type = "text" },
    cost              = { type = "money" },
    fine_min          = { type = "money" },
    fine_max          = { type = "money" },
    order_by          = { type = "date" },
    order_period_days = { type = "integer" },
  },
  output_order = { "handler", "order", "cost", "fine_min", "fine_max", "order_by", "order_period_days" },
  amount = "fine_max",
}

local F = "2020-11-15"
M:param("correction_fine_min", {
  { from = F, value = pct(5), clause = "第十一条", lines = 3092, text = "并处该建设工程造价5%以上" },
})
M:param("correction_fine_max", {
  { from = F, value = pct(10), clause = "第十一条", lines = 3092, text = "10%以下的罚款" },
})
M:param("confiscation_fine_max", {
  { from = F, value = pct(10), clause = "第十一条", lines = 3092,
    text = "不能拆除的，没收实物或者违法收入，可以并处该建设工程造价10%以下的罚款" },
})
M:param("order_within_days", {
  { from = F, value = 20, clause = "第十一条", lines = 3092, text = "应当在20日内书面责令违法建设当事人限期改正" },
})
M:param("order_period_days", {
  { from = F, value = 15, clause = "第十一条", lines = 3092,
    text = "责令限期改正期限和限期拆除的期限一般不超过15日" },
})

M:interpretation("days", {
  text = "第十一条“应当在20日内书面责令”：“日”未写明工作日",
  default = "calendar",
  choices = {
    calendar = "自然日：发现之日不计入，第20日为期末，末日为休息日的顺延至下一个工作日（民法典第二百零一、二百零三条）",
    workdays = "工作日：发现之日后的第20个工作日",
  },
})
M:interpretation("demolition-fine", {
  text = "第十一条“责令限期拆除，不能拆除的，没收实物或者违法收入，可以并处……10%以下的罚款”：并处罚款所附的对象",
  default = "none",
  choices = {
    none = "罚款只附于没收；责令限期拆除不并处罚款",
    ["up-to-ten-percent"] = "罚款附于整句：责令限期拆除也可以并处造价10%以下的罚款",
  },
})
M:interpretation("order-start", {
  text = "第十一条“发现已经建成的违法建设……应当在20日内书面责令”：期间自发现之日起算",
  default = "discovery",
  choices = { discovery = "自行政执法机关发现之日起算（当日不计入）" },
})

M:rule("completed", {
  clause = "第十一条", lines = 3092, text = "已经建成的违法建设（正在搭建、开挖的适用第十条）",
  check = function(r) return r.completed == true, r.completed and "已经建成" or "正在建设：适用第十条" end,
})

local PLANNING = "规划和自然资源主管部门"
local SUBDISTRICT = "街道办事处、乡镇人民政府"

-- 第五条: the planning authority handles works with a permit or a planning document; the
-- 街道/乡镇 those with neither.
local function handler_of(r)
  if r.has_permit then return PLANNING, "第五条第二款（一）：已取得规划许可证件" end
  if r.has_planning_document then return PLANNING, "第五条第二款（二）（三）：已取得规划文件" end
  return SUBDISTRICT, "第五条第三款：未取得规划许可证件和规划文件"
end

-- 第十二条: correctable works.
local function correctable(r)
  if r.has_permit then
    return r.conformable, "第十二条（二）：可以通过改建或者部分拆除达到符合许可的内容"
  end
  if r.has_planning_document then
    return r.built_per_document, "第十二条（一）：按照规划文件的内容进行建设"
  end
  return false, "第十二条：既无规划许可证件也无规划文件，无法采取改正措施"
end

-- 第十三条: the construction cost the fines are a share of.
local function cost_of(r)
  if r.settled then return r.settlement_price, "第十三条（一）：竣工结算价" end
  local price = r.contract_price
  if price ~= nil and r.contract_below_market == false then
    return price, "第十三条（二）：已完工部分的施工合同价"
  end
  return r.appraised_cost, price == nil and "第十三条（二）：未依法签订施工合同，委托造价咨询机构评估"
                                       or "第十三条（二）：施工合同价明显低于市场价格，委托造价咨询机构评估"
end

M:compute(function(r, ctx, out)
  local handler, why = handler_of(r)
  out.handler = handler
  ctx:note("%s → %s", why, handler)

  local cost, basis = cost_of(r)
  out.cost = cost
  ctx:note("%s %s", basis, tostring(cost))

  local can_correct, cwhy = correctable(r)
  local overdue = r.correction_overdue == true
  ctx:note("%s：%s", cwhy, can_correct and "是" or "否")
  out.fine_min = yuan(0)
  out.fine_max = yuan(0)
  if can_correct and not overdue then
    out.order = "限期改正"
    out.fine_min = cost * ctx.p.correction_fine_min
    out.fine_max = cost * ctx.p.correction_fine_max
    ctx:note("第十一条：限期改正，并处造价 %s × %s = %s 至 × %s = %s", tostring(cost),
      tostring(ctx.p.correction_fine_min), tostring(out.fine_min), tostring(ctx.p.correction_fine_max),
      tostring(out.fine_max))
    ctx:interpret("order-start")
    local days = ctx.p.order_within_days
    if ctx:interpret("days") == "workdays" then
      out.order_by = cal.add_workdays(r.discovered_on, days)
      ctx:note("书面责令期限：发现之日 %s 后第 %d 个工作日 %s", tostring(r.discovered_on), days, tostring(out.order_by))
    else
      out.order_by = cal.period_end(r.discovered_on, { days = days })
      ctx:note("书面责令期限：发现之日 %s 起 %d 日，期末 %s", tostring(r.discovered_on), days, tostring(out.order_by))
    end
    out.order_period_days = ctx.p.order_period_days
  elseif r.demolishable then
    out.order = "限期拆除"
    ctx:note("第十一条：%s，责令限期拆除", overdue and "逾期不改正" or "无法采取改正措施")
    if ctx:interpret("demolition-fine") == "up-to-ten-percent" then
      out.fine_max = cost * ctx.p.confiscation_fine_max
      ctx:note("可以并处造价 %s × %s 以下的罚款：%s", tostring(cost), tostring(ctx.p.confiscation_fine_max),
        tostring(out.fine_max))
    end
    out.order_period_days = ctx.p.order_period_days
  else
    out.order = "没收实物或者违法收入"
    out.fine_max = cost * ctx.p.confiscation_fine_max
    ctx:note("第十一条：不能拆除，没收实物或者违法收入，可以并处造价 %s × %s 以下的罚款：%s", tostring(cost),
      tostring(ctx.p.confiscation_fine_max), tostring(out.fine_max))
  end
end)

-- ---------------------------------------------------------------------------------------
-- Test cases. Base record: the worked case (permit held, two extra storeys that can be
-- removed, settled at 3,500,000, discovered Friday 2024-09-20), decided 2024-10-08.
local BASE = { completed = true, has_permit = true, conformable = true, settled = true,
               settlement_price = 3500000, discovered_on = "2024-09-20" }
local function rec(changes) return measure.variant(BASE, changes) end
local AS = "2024-10-08"
-- No permit or planning document, not settled, a market-level contract of 200万.
local NONE = { completed = true, has_permit = false, has_planning_document = false, demolishable = true,
               settled = false, contract_price = "200万", contract_below_market = false,
               discovered_on = "2024-03-01" }
local function none(changes) return measure.variant(NONE, changes) end

M:case {
  name = "worked case: permit held, extra storeys removable, settled 350万", as_of = AS, clause = "第十一条、第十二条（二）",
  -- 3,500,000 × 5% = 175,000; × 10% = 350,000; 2024-09-20 + 20 days = Thursday 2024-10-10 (a working day)
  input = rec(),
  expect = { status = "eligible", amount = "350000.00",
             outputs = { handler = "规划和自然资源主管部门", order = "限期改正", cost = "3500000.00",
                         fine_min = "175000.00", fine_max = "350000.00", order_by = "2024-10-10",
                         order_period_days = "15" } },
}
M:case {
  name = "order due on a holiday moves to the next working day", as_of = AS, clause = "第十一条",
  -- 2024-09-14 + 20 days = 2024-10-04 (国庆节 off) → 10-05, 10-06, 10-07 off → 2024-10-08
  input = rec { discovered_on = "2024-09-14" },
  expect = { status = "eligible", outputs = { order_by = "2024-10-08" } },
}
M:case {
  name = "days=workdays: the 20th working day after discovery", as_of = AS, clause = "第十一条",
  -- working days after 2024-09-20: 09-23..27 (5), 09-29 调休 (6), 09-30 (7), 10-08..11 (11),
  -- 10-12 调休 (12), 10-14..18 (17), 10-21, 22, 23 (20) → 2024-10-23
  interpret = { days = "workdays" },
  input = rec(),
  expect = { status = "eligible", amount = "350000.00", outputs = { order_by = "2024-10-23" },
             interpretations = { days = "workdays" } },
}
M:case {
  name = "fines round at the half 分 up", as_of = AS, clause = "第十一条",
  -- 3,500,000.10 × 5% = 175,000.005 → 175,000.01; × 10% = 350,000.01
  input = rec { settlement_price = "3500000.10" },
  expect = { status = "eligible", amount = "350000.01", outputs = { fine_min = "175000.01", fine_max = "350000.01" } },
}
M:case {
  name = "worked case: no permit, built to its planning document, 200万", as_of = AS,
  clause = "第十一条、第十二条（一）",
  -- correctable; 2,000,000 × 5% = 100,000; × 10% = 200,000; 2024-03-01 + 20 = 2024-03-21
  input = none { has_planning_document = true, built_per_document = true },
  expect = { status = "eligible", amount = "200000.00",
             outputs = { handler = "规划和自然资源主管部门", order = "限期改正", cost = "2000000.00",
                         fine_min = "100000.00", fine_max = "200000.00", order_by = "2024-03-21" } },
}
M:case {
  name = "worked case: overdue and cannot be demolished: confiscation", as_of = AS, clause = "第十一条",
  -- 2,000,000 × 10% = 200,000 at most; no order date
  input = none { has_planning_document = true, built_per_document = true, correction_overdue = true,
                 demolishable = false },
  expect = { status = "eligible", amount = "200000.00",
             outputs = { order = "没收实物或者违法收入", fine_min = "0.00", fine_max = "200000.00",
                         order_by = "null", order_period_days = "null" } },
}
M:case {
  name = "overdue correction, demolishable: demolition", as_of = AS, clause = "第十一条",
  input = none { has_planning_document = true, built_per_document = true, correction_overdue = true },
  expect = { status = "eligible", amount = "0.00",
             outputs = { order = "限期拆除", fine_min = "0.00", fine_max = "0.00", order_by = "null",
                         order_period_days = "15" } },
}
M:case {
  name = "worked case: no permit or document, 80万, demolishable", as_of = AS,
  clause = "第五条第三款、第十一条",
  -- not correctable (第十二条); 限期拆除 carries no fine under demolition-fine=none
  input = none { contract_price = "80万" },
  expect = { status = "eligible", amount = "0.00",
             outputs = { handler = "街道办事处、乡镇人民政府", order = "限期拆除", cost = "800000.00",
                         fine_min = "0.00", fine_max = "0.00", order_by = "null" } },
}
M:case {
  name = "demolition-fine=up-to-ten-percent: demolition may carry up to 10%", as_of = AS, clause = "第十一条",
  -- 800,000 × 10% = 80,000
  interpret = { ["demolition-fine"] = "up-to-ten-percent" },
  input = none { contract_price = "80万" },
  expect = { status = "eligible", amount = "80000.00",
             outputs = { order = "限期拆除", fine_min = "0.00", fine_max = "80000.00" } },
}
M:case {
  name = "worked case: no permit, planning document not followed", as_of = AS, clause = "第五条第二款（二）",
  -- 规自 handles it; not built to the document → not correctable → demolition
  input = none { has_planning_document = true, built_per_document = false },
  expect = { status = "eligible", amount = "0.00",
             outputs = { handler = "规划和自然资源主管部门", order = "限期拆除" } },
}
M:case {
  name = "permit held, cannot conform, cannot be demolished", as_of = AS, clause = "第十一条、第十二条（二）",
  -- 3,500,000 × 10% = 350,000 at most
  input = rec { conformable = false, demolishable = false },
  expect = { status = "eligible", amount = "350000.00",
             outputs = { handler = "规划和自然资源主管部门", order = "没收实物或者违法收入",
                         fine_min = "0.00", fine_max = "350000.00" } },
}
M:case {
  name = "worked case: not settled, market contract price 120万", as_of = AS, clause = "第十三条（二）",
  -- 1,200,000 × 5% = 60,000; × 10% = 120,000
  input = rec { settled = false, settlement_price = "nil", contract_price = "120万", contract_below_market = false },
  expect = { status = "eligible", amount = "120000.00",
             outputs = { cost = "1200000.00", fine_min = "60000.00", fine_max = "120000.00" } },
}
M:case {
  name = "worked case: no construction contract: appraised cost", as_of = AS, clause = "第十三条（二）",
  -- 900,000 × 5% = 45,000; × 10% = 90,000
  input = rec { settled = false, settlement_price = "nil", appraised_cost = "90万" },
  expect = { status = "eligible", amount = "90000.00",
             outputs = { cost = "900000.00", fine_min = "45000.00", fine_max = "90000.00" } },
}
M:case {
  name = "contract price clearly below market: appraised cost", as_of = AS, clause = "第十三条（二）",
  -- 1,500,000 × 10% = 150,000
  input = rec { settled = false, settlement_price = "nil", contract_price = "50万", contract_below_market = true,
                appraised_cost = "150万" },
  expect = { status = "eligible", amount = "150000.00", outputs = { cost = "1500000.00", fine_min = "75000.00" } },
}
M:case {
  name = "settled: contract and appraisal not read", as_of = AS, clause = "第十三条（一）",
  input = rec { contract_price = "50万", contract_below_market = "nil", appraised_cost = "nil" },
  expect = { status = "eligible", outputs = { cost = "3500000.00" } },
}
M:case {
  name = "works under construction: 第十条, not this measure", as_of = AS, clause = "第十条、第十一条",
  input = rec { completed = false },
  expect = { status = "ineligible", amount = "0.00", failed = { "completed" },
             outputs = { handler = "null", order = "null", cost = "0.00", fine_max = "0.00", order_by = "null" } },
}
M:case {
  name = "completion unknown: undetermined", as_of = AS, clause = "第十一条",
  input = rec { completed = "nil" },
  expect = { status = "undetermined", amount = "null", missing = { "completed" } },
}
M:case {
  name = "permit unknown: undetermined", as_of = AS, clause = "第五条",
  input = rec { has_permit = "nil" },
  expect = { status = "undetermined", missing = { "has_permit" } },
}
M:case {
  name = "permit holder: planning document and demolishability not read", as_of = AS, clause = "第五条、第十二条",
  input = rec { has_planning_document = "nil", built_per_document = "nil", demolishable = "nil" },
  expect = { status = "eligible", outputs = { order = "限期改正" } },
}
M:case {
  name = "permit holder, conformability unknown: undetermined", as_of = AS, clause = "第十二条（二）",
  input = rec { conformable = "nil" },
  expect = { status = "undetermined", missing = { "conformable" } },
}
M:case {
  name = "no permit, planning document unknown: undetermined", as_of = AS, clause = "第五条",
  input = none { has_planning_document = "nil" },
  expect = { status = "undetermined", missing = { "has_planning_document" } },
}
M:case {
  name = "no permit or document: conformability and document fidelity not read", as_of = AS, clause = "第十二条",
  input = none { conformable = "nil", built_per_document = "nil" },
  expect = { status = "eligible", outputs = { order = "限期拆除" } },
}
M:case {
  name = "not correctable, demolishability unknown: undetermined", as_of = AS, clause = "第十一条",
  input = none { demolishable = "nil" },
  expect = { status = "undetermined", missing = { "demolishable" } },
}
M:case {
  name = "correction ordered, discovery date unknown: undetermined", as_of = AS, clause = "第十一条",
  input = rec { discovered_on = "nil" },
  expect = { status = "undetermined", missing = { "discovered_on" } },
}
M:case {
  name = "demolition: discovery date not read", as_of = AS, clause = "第十一条",
  input = none { discovered_on = "nil" },
  expect = { status = "eligible", outputs = { order = "限期拆除", order_by = "null" } },
}
M:case {
  name = "settled, settlement price unknown: undetermined", as_of = AS, clause = "第十三条（一）",
  input = rec { settlement_price = "nil" },
  expect = { status = "undetermined", missing = { "settlement_price" } },
}
M:case {
  name = "contract given, below-market question unknown: undetermined", as_of = AS, clause = "第十三条（二）",
  input = rec { settled = false, contract_price = "120万" },
  expect = { status = "undetermined", missing = { "contract_below_market" } },
}
M:case {
  name = "no contract, appraisal missing: undetermined", as_of = AS, clause = "第十三条（二）",
  input = rec { settled = false },
  expect = { status = "undetermined", missing = { "appraised_cost" } },
}
M:case {
  name = "worked case: discovered 2020-11-20, decided 2020-11-25", as_of = "2020-11-25", clause = "第二十三条",
  -- 2020-11-20 + 20 = Thursday 2020-12-10
  input = rec { discovered_on = "2020-11-20" },
  expect = { status = "eligible", amount = "350000.00", outputs = { order_by = "2020-12-10" } },
}
M:case {
  name = "first day in force", as_of = "2020-11-15", clause = "第二十三条",
  input = rec { discovered_on = "2020-11-15" },
  expect = { status = "eligible", amount = "350000.00" },
}
M:case {
  name = "worked case: decided 2020-10-01, before the rule", as_of = "2020-10-01", clause = "第二十三条",
  input = rec(),
  expect = { status = "not_in_force", amount = "null" },
}
M:case {
  name = "the day before it took effect", as_of = "2020-11-14", clause = "第二十三条",
  input = rec(),
  expect = { status = "not_in_force" },
}

return M
