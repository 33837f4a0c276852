-- 京经信发〔2022〕37号《北京市中小企业公共服务示范平台管理办法》第六条、第七条、第十五条 (M17),
-- gazettes/beijing-2022-27.txt:348-382 and 410-414. Issued by 北京市经济和信息化局 on 2022-05-19
-- (line 328); 第十八条 (line 424): "本办法自发布之日起施行". No amount: the measure answers whether a
-- platform meets the basic conditions for recognition (认定) as a 示范平台.
--
-- as_of is the application deadline (申请受理截止日期, 第六条（二）): the two-year age, the two-year
-- penalty look-back and the two-year ban of 第十五条 are all counted to it.
local M = measure {
  id = "beijing.sme-service-platform-eligibility",
  title = "北京市中小企业公共服务示范平台申报条件",
  document = {
    number = "京经信发〔2022〕37号",
    title = "北京市中小企业公共服务示范平台管理办法",
    issuer = "北京市经济和信息化局",
    issued_on = "2022-05-19",
    gazette = "北京市人民政府公报 2022年第27期",
    source = "gazettes/beijing-2022-27.txt:314-426",
  },
  valid = { from = "2022-05-19", clause = "第十八条" },   -- "本办法自发布之日起施行"; no end date
  entity = "platform",
  inputs = {
    independent_legal_person = { type = "boolean", specific = true, label = "具有独立法人资格" },
    registered_in_beijing    = { type = "boolean", specific = true, label = "注册在本市" },
    established_on           = { type = "date", specific = true, label = "成立日期" },
    total_assets             = { type = "money", specific = true, label = "资产总额" },
    last_serious_penalty_on  = { type = "date", specific = true, optional = true,
                                 label = "单位或法定代表人最近一次受到刑事或严重行政处罚的日期（无则不填）" },
    serious_dishonesty       = { type = "boolean", specific = true, label = "存在司法、行政机关认定的严重失信行为" },
    smes_served              = { type = "integer", specific = true, label = "年服务京津冀中小企业的数量" },
    production_focus         = { type = "boolean", specific = true,
                                 label = "聚焦“高精尖”产业领域在小试中试、概念验证、智能制造等生产制造环节提供服务" },
    service_institutions     = { type = "integer", specific = true, label = "集聚专业服务机构数量" },
    facilities_and_systems   = { type = "boolean", specific = true,
                                 label = "有固定场所和服务设施、信息化服务系统、健全的管理制度等（第六条（四）（五）（六））" },
    qualified_staff          = { type = "integer", specific = true, label = "本科及以上学历和中级及以上技术职称人员数" },
    sme_revenue_share        = { type = "ratio", specific = true, label = "为中小企业提供服务的营业收入占比" },
    free_public_service      = { type = "boolean", specific = true, label = "面向中小企业提供一定的公益性免费服务" },
    satisfaction             = { type = "ratio", specific = true, label = "服务对象满意度" },
    service_functions        = { type = "integer", specific = true, label = "具备第七条所列服务功能的项数（0–6）" },
    revoked_on               = { type = "date", specific = true, optional = true,
                                 label = "依第十五条被撤销示范平台称号的日期（无则不填）" },
    -- Beyond the worked cases: 第十五条（一）, applied only when given.
    false_materials          = { type = "boolean", specific = true, optional = true,
                                 label = "在申请认定中提供虚假材料和数据（第十五条（一））" },
  },
  outputs = { served_threshold = { type = "integer" } },
}

local F = "2022-05-19"
M:param("min_age_years", {
  { from = F, value = 2, clause = "第六条（一）", lines = 350, text = "成立时间两年以上" },
})
M:param("min_total_assets", {
  { from = F, value = wan(300), clause = "第六条（一）", lines = 350, text = "资产总额不低于人民币 300 万元" },
})
M:param("lookback_years", {
  { from = F, value = 2, clause = "第六条（二）", lines = 352,
    text = "在申请受理截止日期前两年内，未受到刑事及严重行政处罚" },
})
M:param("min_smes_served", {
  { from = F, value = 100, clause = "第六条（三）", lines = 354, text = "年服务京津冀中小企业的数量原则上不少于 100 家" },
})
M:param("min_smes_served_production", {
  { from = F, value = 50, clause = "第六条（三）", lines = 354,
    text = "对聚焦“高精尖”产业领域在小试中试、概念验证、智能制造等生产制造环节提供服务的平台…原则上不少于 50 家" },
})
M:param("min_service_institutions", {
  { from = F, value = 5, clause = "第六条（四）", lines = 356, text = "集聚专业服务机构 5 家以上" },
})
M:param("min_qualified_staff", {
  { from = F, value = 8, clause = "第六条（七）", lines = 362,
    text = "本科及以上学历和中级及以上技术职称人员不少于8人" },
})
M:param("min_sme_revenue_share", {
  { from = F, value = pct(50), clause = "第六条（八）", lines = 364, text = "为中小企业提供服务的营业收入占比不低于50%" },
})
M:param("min_satisfaction", {
  { from = F, value = pct(90), clause = "第六条（九）", lines = 366, text = "服务对象满意度不低于90%" },
})
M:param("min_service_functions", {
  { from = F, value = 1, clause = "第七条", lines = 370, text = "示范平台应至少具备以下服务功能中的一项" },
})
M:param("ban_years", {
  { from = F, value = 2, clause = "第十五条", lines = 410, text = "撤销已授予的示范平台称号，两年内不得再次申请" },
})

M:interpretation("in-principle", {
  text = "第六条（三）“原则上不少于 100 家…原则上不少于 50 家”：按硬性门槛适用",
  default = "binding",
  choices = {
    binding = "服务数量低于 100 家（生产制造环节平台 50 家）即不符合",
    advisory = "“原则上”不作硬性门槛：数量不足时仍视为符合，并在说明中标出需主管部门酌情认定",
  },
})
M:interpretation("relaxation", {
  text = "第六条末款“由机关事业单位、社团法人主办，服务业绩突出、示范带动作用明显的平台，上述条件可适度放宽”："
    .. "放宽幅度未定，属主管部门裁量，不建模，只在未满足的条件说明中注明",
  default = "not-modelled",
  choices = { ["not-modelled"] = "按未放宽的条件判断；未满足的第六条条件注明可适度放宽" },
})
M:interpretation("lookback", {
  text = "第六条（二）“在申请受理截止日期前两年内”：截止日前推两年至截止日，两端均含",
  default = "closed",
  choices = {
    closed = "处罚日期在 [截止日 − 2 年, 截止日] 内即不符合",
    open = "起算日不计入（民法典第二百零一条）：处罚日期在 (截止日 − 2 年, 截止日] 内才不符合",
  },
})
M:interpretation("served-threshold", {
  text = "输出 served_threshold：平台适用的服务数量门槛（第六条（三））",
  default = "applicable",
  choices = {
    applicable = "生产制造环节平台适用 50 家，其他平台适用 100 家",
    met = "服务数量达到 100 家的记 100（不问是否生产制造环节平台），否则生产制造环节平台记 50",
  },
})

-- A failed condition of 第六条 says that 第六条末款 may relax it for some sponsors (not modelled).
local function relaxable(ctx, ok, detail)
  if ok then return true, detail end
  ctx:interpret("relaxation")
  return false, (detail and (tostring(detail) .. "；") or "") .. "第六条末款：机关事业单位、社团法人主办的平台可适度放宽（未建模）"
end

-- The count 第六条（三） holds the platform to, and whether it is met.
local function served(r, ctx)
  local need
  if ctx:interpret("served-threshold") == "met" and r.smes_served >= ctx.p.min_smes_served then
    need = ctx.p.min_smes_served
  else
    need = r.production_focus and ctx.p.min_smes_served_production or ctx.p.min_smes_served
  end
  return need, threshold(r.smes_served, "不少于", need)
end

-- Whether the count meets 第六条（三）, when production_focus may be unknown: a count that reaches
-- both thresholds (100 and 50) meets either and one under both meets neither, so only a count in
-- between needs production_focus (and makes the rule undetermined without it).
local function served_met(r, ctx)
  local n = r.smes_served
  if pcall(function() return r.production_focus end) then return served(r, ctx) end
  local general, production = ctx.p.min_smes_served, ctx.p.min_smes_served_production
  local low, high = math.min(general, production), math.max(general, production)
  if n >= high then return high, threshold(n, "不少于", high) end
  if n < low then return low, threshold(n, "不少于", low) end
  return served(r, ctx)
end

M:rule("independent-legal-person", {
  clause = "第六条（一）", lines = 350, text = "一般应具有独立法人资格",
  check = function(r, ctx) return relaxable(ctx, r.independent_legal_person == true) end,
})
M:rule("registered-in-beijing", {
  clause = "第六条（一）", lines = 350, text = "注册在本市",
  check = function(r, ctx) return relaxable(ctx, r.registered_in_beijing == true) end,
})
M:rule("established-two-years", {
  clause = "第六条（一）", lines = 350, text = "成立时间两年以上（成立日 + 2 年 ≤ 申请受理截止日）",
  check = function(r, ctx)
    local from = r.established_on:add_years(ctx.p.min_age_years)
    return relaxable(ctx, from <= ctx.as_of, ("成立满两年之日 %s，截止日 %s"):format(from, ctx.as_of))
  end,
})
M:rule("total-assets", {
  clause = "第六条（一）", lines = 350, text = "资产总额不低于人民币 300 万元",
  check = function(r, ctx) return relaxable(ctx, threshold(r.total_assets, "不低于", ctx.p.min_total_assets)) end,
})
M:rule("no-serious-penalty", {
  clause = "第六条（二）", lines = 352,
  text = "单位或法定代表人在申请受理截止日期前两年内未受到刑事及严重行政处罚",
  check = function(r, ctx)
    local d = r.last_serious_penalty_on
    if d == nil then return true, "无刑事及严重行政处罚" end
    local start = ctx.as_of:add_years(-ctx.p.lookback_years)
    local inside
    if ctx:interpret("lookback") == "open" then inside = d > start and d <= ctx.as_of
    else inside = d >= start and d <= ctx.as_of end
    return relaxable(ctx, not inside, ("处罚日期 %s，回溯期间 %s 至 %s"):format(d, start, ctx.as_of))
  end,
})
M:rule("no-serious-dishonesty", {
  clause = "第六条（二）", lines = 352, text = "无司法、行政机关认定的严重失信行为",
  check = function(r, ctx) return relaxable(ctx, r.serious_dishonesty == false) end,
})
M:rule("smes-served", {
  clause = "第六条（三）", lines = 354,
  text = "年服务京津冀中小企业原则上不少于 100 家；聚焦“高精尖”生产制造环节的平台原则上不少于 50 家",
  check = function(r, ctx)
    ctx:interpret("served-threshold")
    local need, ok, detail = served_met(r, ctx)
    if not ok and ctx:interpret("in-principle") == "advisory" then
      return true, ("%s：低于“原则上”的 %d 家，需主管部门酌情认定"):format(tostring(detail), need)
    end
    return relaxable(ctx, ok, detail)
  end,
})
M:rule("service-institutions", {
  clause = "第六条（四）", lines = 356, text = "集聚专业服务机构 5 家以上",
  check = function(r, ctx)
    return relaxable(ctx, threshold(r.service_institutions, "以上", ctx.p.min_service_institutions))
  end,
})
M:rule("facilities-and-systems", {
  clause = "第六条（四）（五）（六）", lines = "356-360",
  text = "有固定经营服务场所和服务设施；具备信息化服务系统；有良好的商业信誉、健全的管理制度和规范的服务流程",
  check = function(r, ctx) return relaxable(ctx, r.facilities_and_systems == true) end,
})
M:rule("qualified-staff", {
  clause = "第六条（七）", lines = 362, text = "本科及以上学历和中级及以上技术职称人员不少于8人",
  check = function(r, ctx) return relaxable(ctx, threshold(r.qualified_staff, "不少于", ctx.p.min_qualified_staff)) end,
})
M:rule("sme-revenue-share", {
  clause = "第六条（八）", lines = 364, text = "为中小企业提供服务的营业收入占比不低于50%",
  check = function(r, ctx)
    return relaxable(ctx, threshold(r.sme_revenue_share, "不低于", ctx.p.min_sme_revenue_share))
  end,
})
M:rule("free-public-service", {
  clause = "第六条（八）", lines = 364, text = "面向中小企业提供一定的公益性免费服务",
  check = function(r, ctx) return relaxable(ctx, r.free_public_service == true) end,
})
M:rule("satisfaction", {
  clause = "第六条（九）", lines = 366, text = "服务对象满意度不低于90%",
  check = function(r, ctx) return relaxable(ctx, threshold(r.satisfaction, "不低于", ctx.p.min_satisfaction)) end,
})
M:rule("service-functions", {
  clause = "第七条", lines = "370-382",
  text = "至少具备综合咨询、创业辅导、技术创新、数字化应用、人力资源、融资促进服务功能中的一项",
  check = function(r, ctx) return threshold(r.service_functions, "至少", ctx.p.min_service_functions) end,
})
M:rule("not-banned", {
  clause = "第十五条", lines = 410, text = "被撤销示范平台称号的，两年内不得再次申请",
  check = function(r, ctx)
    local revoked = r.revoked_on
    if revoked == nil then return true, "未被撤销称号" end
    local ban_end = revoked:add_years(ctx.p.ban_years)
    return ctx.as_of > ban_end, ("%s 撤销，%s 前（含当日）不得再次申请"):format(revoked, ban_end)
  end,
})
M:rule("no-false-materials", {
  clause = "第十五条（一）", lines = 412, text = "未在申请认定中提供虚假材料和数据",
  when = function(r) return r.false_materials ~= nil end,
  check = function(r) return r.false_materials == false end,
})

M:compute(function(r, ctx, out)
  out.served_threshold = served(r, ctx)
end)

-- ---------------------------------------------------------------------------------------
-- Test cases. Base record: the first worked case.
local BASE = {
  independent_legal_person = true, registered_in_beijing = true, established_on = "2019-03-01",
  total_assets = "450万", serious_dishonesty = false, smes_served = 120, production_focus = false,
  service_institutions = 6, facilities_and_systems = true, qualified_staff = 9, sme_revenue_share = "60%",
  free_public_service = true, satisfaction = "92%", service_functions = 2,
}
local function rec(changes) return measure.variant(BASE, changes) end
local D = "2023-07-31"
local R = "2022-07-31"   -- an application deadline of 2022: the worked cases are judged as of it

M:case {
  name = "worked case: general platform, 120 SMEs served", as_of = D, clause = "第六条、第七条",
  -- 2019-03-01 + 2 y = 2021-03-01 ≤ 2023-07-31; 450万 ≥ 300万; 120 ≥ 100; 6 ≥ 5; 9 ≥ 8; 60% ≥ 50%;
  -- 92% ≥ 90%; 2 ≥ 1 function
  input = rec(),
  expect = { status = "eligible", amount = "null", outputs = { served_threshold = "100" } },
}
M:case {
  name = "worked case: production platform serving 55", as_of = D, clause = "第六条（三）",
  -- 55 ≥ 50 (relaxed count for 小试中试、概念验证、智能制造)
  input = rec { production_focus = true, smes_served = 55 },
  expect = { status = "eligible", amount = "null", outputs = { served_threshold = "50" } },
}
M:case {
  name = "worked case: established 2019-03-01, 450万", as_of = R, clause = "第六条（一）",
  -- 2019-03-01 + 2 y = 2021-03-01 ≤ 2022-07-31
  input = rec(),
  expect = { status = "eligible" },
}
M:case {
  name = "worked case: 1 y 11 m old", as_of = R, clause = "第六条（一）",
  -- 2020-09-01 + 2 y = 2022-09-01 > 2022-07-31
  input = rec { established_on = "2020-09-01", total_assets = "800万" },
  expect = { status = "ineligible", amount = "null", failed = { "established-two-years" } },
}
M:case {
  name = "worked case: exactly two years and exactly 300万", as_of = R, clause = "第六条（一）",
  -- 2020-07-31 + 2 y = 2022-07-31 ≤ 2022-07-31 (以上 includes 2 years); 300万 ≥ 300万
  input = rec { established_on = "2020-07-31", total_assets = "300万" },
  expect = { status = "eligible", outputs = { served_threshold = "100" } },
}
M:case {
  name = "one day short of two years", as_of = R, clause = "第六条（一）",
  -- 2020-08-01 + 2 y = 2022-08-01 > 2022-07-31
  input = rec { established_on = "2020-08-01" },
  expect = { status = "ineligible", failed = { "established-two-years" } },
}
M:case {
  name = "worked case: registered in 天津", as_of = R, clause = "第六条（一）",
  input = rec { registered_in_beijing = false, total_assets = "1000万" },
  expect = { status = "ineligible", failed = { "registered-in-beijing" } },
}
M:case {
  name = "not an independent legal person", as_of = D, clause = "第六条（一）",
  input = rec { independent_legal_person = false },
  expect = { status = "ineligible", failed = { "independent-legal-person" } },
}
M:case {
  name = "assets one 分 under 300万", as_of = D, clause = "第六条（一）",
  -- 2,999,999.99 < 3,000,000
  input = rec { total_assets = "2999999.99" },
  expect = { status = "ineligible", failed = { "total-assets" } },
}
M:case {
  name = "worked case: serious penalty 2020-08-15, inside the look-back", as_of = R, clause = "第六条（二）",
  -- window [2020-07-31, 2022-07-31]
  input = rec { last_serious_penalty_on = "2020-08-15" },
  expect = { status = "ineligible", failed = { "no-serious-penalty" } },
}
M:case {
  name = "worked case: serious penalty 2020-05-10, outside the look-back", as_of = R, clause = "第六条（二）",
  input = rec { last_serious_penalty_on = "2020-05-10" },
  expect = { status = "eligible" },
}
M:case {
  name = "worked case: legal representative sentenced 2021-03-02", as_of = R, clause = "第六条（二）",
  input = rec { last_serious_penalty_on = "2021-03-02" },
  expect = { status = "ineligible", failed = { "no-serious-penalty" } },
}
M:case {
  name = "penalty on the window's first day (closed window)", as_of = R, clause = "第六条（二）",
  -- 2022-07-31 − 2 y = 2020-07-31 ∈ [2020-07-31, 2022-07-31]
  input = rec { last_serious_penalty_on = "2020-07-31" },
  expect = { status = "ineligible", failed = { "no-serious-penalty" }, interpretations = { lookback = "closed" } },
}
M:case {
  name = "penalty on the window's first day under the open reading", as_of = R, clause = "第六条（二）",
  -- (2020-07-31, 2022-07-31]: the first day is not counted
  interpret = { lookback = "open" },
  input = rec { last_serious_penalty_on = "2020-07-31" },
  expect = { status = "eligible" },
}
M:case {
  name = "penalty the day before the window", as_of = R, clause = "第六条（二）",
  input = rec { last_serious_penalty_on = "2020-07-30" },
  expect = { status = "eligible" },
}
M:case {
  name = "penalty on the deadline itself", as_of = R, clause = "第六条（二）",
  input = rec { last_serious_penalty_on = "2022-07-31" },
  expect = { status = "ineligible", failed = { "no-serious-penalty" } },
}
M:case {
  name = "penalty after the deadline is not in the look-back", as_of = R, clause = "第六条（二）",
  input = rec { last_serious_penalty_on = "2022-08-01" },
  expect = { status = "eligible" },
}
M:case {
  name = "serious dishonesty", as_of = D, clause = "第六条（二）",
  input = rec { serious_dishonesty = true },
  expect = { status = "ineligible", failed = { "no-serious-dishonesty" } },
}
M:case {
  name = "worked case: general platform serving 80", as_of = D, clause = "第六条（三）",
  input = rec { smes_served = 80 },
  expect = { status = "ineligible", failed = { "smes-served" }, interpretations = { ["in-principle"] = "binding" } },
}
M:case {
  name = "80 served under the advisory reading of 原则上", as_of = D, clause = "第六条（三）",
  interpret = { ["in-principle"] = "advisory" },
  input = rec { smes_served = 80 },
  expect = { status = "eligible", outputs = { served_threshold = "100" } },
}
M:case {
  name = "general platform: exactly 100", as_of = D, clause = "第六条（三）",
  input = rec { smes_served = 100 },
  expect = { status = "eligible", outputs = { served_threshold = "100" } },
}
M:case {
  name = "general platform: 99", as_of = D, clause = "第六条（三）",
  input = rec { smes_served = 99 },
  expect = { status = "ineligible", failed = { "smes-served" } },
}
M:case {
  name = "worked case: production platform serving 45", as_of = D, clause = "第六条（三）",
  input = rec { production_focus = true, smes_served = 45 },
  expect = { status = "ineligible", failed = { "smes-served" } },
}
M:case {
  name = "production platform: exactly 50", as_of = D, clause = "第六条（三）",
  input = rec { production_focus = true, smes_served = 50 },
  expect = { status = "eligible", outputs = { served_threshold = "50" } },
}
M:case {
  name = "production platform: 49", as_of = D, clause = "第六条（三）",
  input = rec { production_focus = true, smes_served = 49 },
  expect = { status = "ineligible", failed = { "smes-served" } },
}
M:case {
  name = "production platform serving 120: held to 50", as_of = D, clause = "第六条（三）",
  input = rec { production_focus = true },
  expect = { status = "eligible", outputs = { served_threshold = "50" } },
}
M:case {
  name = "production platform serving 120 under served-threshold=met", as_of = D, clause = "第六条（三）",
  -- 120 ≥ 100: the 100 bar is met
  interpret = { ["served-threshold"] = "met" },
  input = rec { production_focus = true },
  expect = { status = "eligible", outputs = { served_threshold = "100" } },
}
M:case {
  name = "production focus unknown: undetermined (the threshold depends on it)", as_of = D, clause = "第六条（三）",
  input = rec { production_focus = "nil" },
  expect = { status = "undetermined", missing = { "production_focus" } },
}
M:case {
  name = "production focus unknown, 30 served: under both thresholds", as_of = D, clause = "第六条（三）",
  -- 30 < 50 ≤ 100: neither the 100 of a general platform nor the 50 of a production platform is met,
  -- so the rule fails without production_focus
  input = rec { production_focus = "nil", smes_served = 30 },
  expect = { status = "ineligible", failed = { "smes-served" } },
}
M:case {
  name = "production focus unknown, 120 served, served-threshold=met", as_of = D, clause = "第六条（三）",
  interpret = { ["served-threshold"] = "met" },
  input = rec { production_focus = "nil" },
  expect = { status = "eligible", outputs = { served_threshold = "100" } },
}
M:case {
  name = "worked case: the minimum of everything", as_of = D, clause = "第六条（四）（七）（八）（九）",
  -- 5 ≥ 5 (5 家以上 includes 5); 8 ≥ 8; 50% ≥ 50%; 90% ≥ 90%
  input = rec { service_institutions = 5, qualified_staff = 8, sme_revenue_share = "50%", satisfaction = "90%" },
  expect = { status = "eligible" },
}
M:case {
  name = "4 service institutions", as_of = D, clause = "第六条（四）",
  input = rec { service_institutions = 4 },
  expect = { status = "ineligible", failed = { "service-institutions" } },
}
M:case {
  name = "facilities or systems lacking", as_of = D, clause = "第六条（四）（五）（六）",
  input = rec { facilities_and_systems = false },
  expect = { status = "ineligible", failed = { "facilities-and-systems" } },
}
M:case {
  name = "worked case: 7 qualified staff", as_of = D, clause = "第六条（七）",
  input = rec { qualified_staff = 7 },
  expect = { status = "ineligible", failed = { "qualified-staff" } },
}
M:case {
  name = "worked case: SME revenue 49%", as_of = D, clause = "第六条（八）",
  -- 490万 / 1000万 = 49% < 50%
  input = rec { sme_revenue_share = "0.49" },
  expect = { status = "ineligible", failed = { "sme-revenue-share" } },
}
M:case {
  name = "no free public service", as_of = D, clause = "第六条（八）",
  input = rec { free_public_service = false },
  expect = { status = "ineligible", failed = { "free-public-service" } },
}
M:case {
  name = "worked case: satisfaction 89.5%", as_of = D, clause = "第六条（九）",
  input = rec { satisfaction = "89.5%" },
  expect = { status = "ineligible", failed = { "satisfaction" } },
}
M:case {
  name = "worked case: no service function", as_of = D, clause = "第七条",
  input = rec { service_functions = 0 },
  expect = { status = "ineligible", failed = { "service-functions" } },
}
M:case {
  name = "worked case: one function", as_of = D, clause = "第七条",
  input = rec { service_functions = 1 },
  expect = { status = "eligible" },
}
M:case {
  name = "worked case: revoked 2022-09-01, reapplying 2024-03-01", as_of = "2024-03-01", clause = "第十五条",
  -- ban until 2024-09-01
  input = rec { revoked_on = "2022-09-01" },
  expect = { status = "ineligible", failed = { "not-banned" } },
}
M:case {
  name = "worked case: revoked 2022-09-01, reapplying 2024-10-15", as_of = "2024-10-15", clause = "第十五条",
  input = rec { revoked_on = "2022-09-01" },
  expect = { status = "eligible" },
}
M:case {
  name = "reapplying on the ban's last day", as_of = "2024-09-01", clause = "第十五条",
  -- 2022-09-01 + 2 y = 2024-09-01: not later → still banned
  input = rec { revoked_on = "2022-09-01" },
  expect = { status = "ineligible", failed = { "not-banned" } },
}
M:case {
  name = "reapplying the day after the ban", as_of = "2024-09-02", clause = "第十五条",
  input = rec { revoked_on = "2022-09-01" },
  expect = { status = "eligible" },
}
M:case {
  name = "false materials found (第十五条（一）)", as_of = D, clause = "第十五条（一）",
  input = rec { false_materials = true },
  expect = { status = "ineligible", failed = { "no-false-materials" } },
}
M:case {
  name = "total assets unknown: undetermined", as_of = D, clause = "第六条（一）",
  input = rec { total_assets = "nil" },
  expect = { status = "undetermined", amount = "null", missing = { "total_assets" } },
}
M:case {
  name = "a failed rule outweighs an unknown one", as_of = D, clause = "第六条",
  input = rec { total_assets = "nil", qualified_staff = 3 },
  expect = { status = "ineligible", failed = { "qualified-staff" } },
}
M:case {
  name = "every condition fails", as_of = D, clause = "第六条、第七条、第十五条",
  input = rec { independent_legal_person = false, registered_in_beijing = false, established_on = "2022-01-01",
                total_assets = "100万", last_serious_penalty_on = "2023-01-01", serious_dishonesty = true,
                smes_served = 10, service_institutions = 0, facilities_and_systems = false, qualified_staff = 0,
                sme_revenue_share = "10%", free_public_service = false, satisfaction = "50%",
                service_functions = 0, revoked_on = "2022-06-01" },
  expect = { status = "ineligible", amount = "null",
             failed = { "independent-legal-person", "registered-in-beijing", "established-two-years",
                        "total-assets", "no-serious-penalty", "no-serious-dishonesty", "smes-served",
                        "service-institutions", "facilities-and-systems", "qualified-staff",
                        "sme-revenue-share", "free-public-service", "satisfaction", "service-functions",
                        "not-banned" } },
}
M:case {
  name = "the day before publication: not in force", as_of = "2022-05-18", clause = "第十八条",
  input = rec(),
  expect = { status = "not_in_force" },
}
M:case {
  name = "the day of publication: in force", as_of = "2022-05-19", clause = "第十八条",
  input = rec(),
  expect = { status = "eligible", outputs = { served_threshold = "100" } },
}
M:case {
  name = "the served count lowered to 80 with --set", as_of = D, clause = "第六条（三）",
  set = { min_smes_served = 80 },
  input = rec { smes_served = 80 },
  expect = { status = "eligible", outputs = { served_threshold = "80" } },
}

return M
