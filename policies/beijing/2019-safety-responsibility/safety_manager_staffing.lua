-- 《北京市生产经营单位安全生产主体责任规定》第十一条 to 第十四条: the safety department, full-time
-- safety managers and registered safety engineers a unit must have (M22).
-- gazettes/beijing-compilation.txt:3747-4043 (第十一条 at 3825-3829, 第十二条 at 3831-3837,
-- 第十三条 at 3839, 第十四条 at 3841; 第三十六条 and 第三十七条, the penalties for a shortfall, at
-- 4003-4005; 第五十五条 at 4043).
--
-- The compilation prints no 文号, date of issue or issuer line for this municipal rule (规章);
-- the title stands for the number, as wave 1 does.
--
-- A compliance check: eligible whenever in force and its inputs are present; the answer is the
-- counts and `compliance`. No amount. A shortfall is explained with the article that punishes
-- it (第三十六条 for the department and managers, 第三十七条 for the engineers). An input is read
-- only when the answer needs it: a known shortfall decides 不合规 whatever the unknown inputs of
-- the other requirements are.
local M = measure {
  id = "beijing.safety-manager-staffing",
  title = "生产经营单位安全生产管理机构和安全生产管理人员配备",
  document = {
    number = "北京市生产经营单位安全生产主体责任规定",
    title = "北京市生产经营单位安全生产主体责任规定",
    issuer = "北京市人民政府",
    gazette = "北京市规章和政策文件汇编（无公报期号）",
    source = "gazettes/beijing-compilation.txt:3747-4043",
  },
  -- 第五十五条 "本规定自2019年7月15日起施行"; as_of is the date of the check.
  valid = { from = "2019-07-15", clause = "第五十五条" },
  entity = "enterprise",
  inputs = {
    sector = { type = "enum", specific = true, label = "行业（第十一条）",
               values = { "矿山", "金属冶炼", "建筑施工", "道路运输", "危险物品", "其他" } },
    own_employees         = { type = "integer", specific = true, label = "本单位从业人员" },
    dispatched_workers    = { type = "integer", specific = true, label = "被派遣劳动者（第十三条：计入从业人员总数）" },
    has_safety_department = { type = "boolean", specific = true, label = "已设置安全生产管理机构（须设置时读取）" },
    fulltime_managers     = { type = "integer", specific = true, label = "专职安全生产管理人员" },
    parttime_managers     = { type = "integer", specific = true, label = "兼职安全生产管理人员" },
    outsourced_service    = { type = "boolean", specific = true,
                              label = "委托安全生产技术、管理服务机构提供安全生产管理服务（其他行业100人以下时读取）" },
    registered_engineers  = { type = "integer", specific = true,
                              label = "具有相应类别的注册安全工程师（矿山、金属冶炼、危险物品时读取）" },
  },
  outputs = {
    workforce          = { type = "integer" },
    department         = { type = "text" },
    required_fulltime  = { type = "integer" },
    required_engineers = { type = "integer" },
    compliance         = { type = "text" },
  },
  output_order = { "workforce", "department", "required_fulltime", "required_engineers", "compliance" },
}

local F = "2019-07-15"
M:param("high_risk_department_over", {
  { from = F, value = 100, clause = "第十一条（一）", lines = 3827,
    text = "从业人员总数超过100人的，应当设置安全生产管理机构" },
})
M:param("high_risk_rate", {
  { from = F, value = pct(1), clause = "第十一条（一）", lines = 3827,
    text = "按照不少于从业人员总数1%的比例配备专职安全生产管理人员" },
})
M:param("high_risk_minimum", {
  { from = F, value = 3, clause = "第十一条（一）", lines = 3827, text = "且最低不得少于3人" },
})
M:param("high_risk_small_minimum", {
  { from = F, value = 1, clause = "第十一条（二）", lines = 3829,
    text = "从业人员总数在100人以下的，应当配备专职安全生产管理人员" },
})
M:param("other_department_over", {
  { from = F, value = 300, clause = "第十二条（一）", lines = 3833,
    text = "从业人员总数超过300人的，应当设置安全生产管理机构" },
})
M:param("other_rate", {
  { from = F, value = pct("0.5"), clause = "第十二条（一）", lines = 3833,
    text = "按照不少于从业人员总数0.5%的比例配备专职安全生产管理人员" },
})
M:param("other_minimum", {
  { from = F, value = 3, clause = "第十二条（一）", lines = 3833, text = "且最低不得少于3人" },
})
M:param("other_mid_over", {
  { from = F, value = 100, clause = "第十二条（二）", lines = 3835, text = "从业人员总数超过100人且在300人以下的" },
})
M:param("other_mid_minimum", {
  { from = F, value = 2, clause = "第十二条（二）", lines = 3835, text = "应当配备不少于2人的专职安全生产管理人员" },
})
M:param("engineer_rate", {
  { from = F, value = pct(15), clause = "第十四条第一款", lines = 3841,
    text = "具有相应类别的注册安全工程师的数量，不得少于安全生产管理人员总数的15%" },
})
M:param("engineer_minimum", {
  { from = F, value = 1, clause = "第十四条第一款", lines = 3841, text = "且最低不得少于1人" },
})

M:interpretation("headcount-rounding", {
  text = "“按照不少于从业人员总数1%（0.5%、15%）的比例配备”：人数取整",
  default = "up",
  choices = { up = "向上取整到整人（2.55 人 → 3 人），才“不少于”该比例" },
})
M:interpretation("engineer-base", {
  text = "第十四条“不得少于安全生产管理人员总数的15%”：“安全生产管理人员总数”的口径",
  default = "staffed-managers",
  choices = {
    ["staffed-managers"] = "实际配备的专职和兼职安全生产管理人员之和",
    ["required-managers"] = "第十一条应当配备的专职安全生产管理人员人数（required_fulltime）",
  },
})
M:interpretation("national-exception", {
  text = "第十一条“但国家另有规定的除外”：国家的特别规定不在本规定文本中",
  default = "not-modelled",
  choices = { ["not-modelled"] = "不适用例外；有国家特别规定的单位须另行判断" },
})

-- What the penalty articles say, for the explanation of a shortfall (lines 4003, 4005).
local PENALTY = {
  ["第三十六条"] = "责令改正，可以处5万元以下罚款；拒不改正的，责令停产停业整顿，并处5万元以上10万元以下罚款，"
    .. "对其直接负责的主管人员和其他直接责任人员处1万元以上2万元以下罚款",
  ["第三十七条"] = "责令改正，可以处5000元以上2万元以下罚款",
}

local HIGH_RISK = { ["矿山"] = true, ["金属冶炼"] = true, ["建筑施工"] = true, ["道路运输"] = true, ["危险物品"] = true }
local ENGINEER_SECTORS = { ["矿山"] = true, ["金属冶炼"] = true, ["危险物品"] = true }

-- ⌈x⌉ of a non-negative exact ratio (or integer): the head count that is "不少于" x.
local function ceil_of(x)
  if math.type(x) == "integer" then return x end
  local n, d = x:num(), x:den()
  return (n + d - 1) // d
end

-- The value of `read()`, or nil and the missing-input error it raised (any other error, such
-- as a negative count, is raised at once).
local is_missing = require("measure.coerce").is_missing
local function try(read)
  local ok, v = pcall(read)
  if ok then return v end
  if not is_missing(v) then error(v, 0) end
  return nil, v
end

local function count(name, v)
  if v < 0 then error(("%s: %d is negative; a head count is 0 or more"):format(name, v), 0) end
  return v
end

M:compute(function(r, ctx, out)
  local sector = r.sector
  local workforce = count("own_employees", r.own_employees) + count("dispatched_workers", r.dispatched_workers)
  out.workforce = workforce
  ctx:note("第十三条：从业人员总数 = 本单位 %d + 被派遣劳动者 %d = %d", r.own_employees, r.dispatched_workers, workforce)
  ctx:interpret("national-exception")
  ctx:interpret("headcount-rounding") -- its one choice, up, is ceil_of below

  -- 第十一条 / 第十二条: the department and the full-time managers required.
  local dept_required, required, small_other = false, 0, false
  if HIGH_RISK[sector] then
    if workforce > ctx.p.high_risk_department_over then
      dept_required = true
      local share = ctx.p.high_risk_rate * workforce
      required = math.max(ceil_of(share), ctx.p.high_risk_minimum)
      ctx:note("第十一条（一）：%d 人超过 100 人，设置机构；%d × 1%% = %s → 向上取整 %d，最低 3 人 → %d",
        workforce, workforce, tostring(share), ceil_of(share), required)
    else
      required = ctx.p.high_risk_small_minimum
      ctx:note("第十一条（二）：%d 人在 100 人以下，配备专职安全生产管理人员（至少 1 人）", workforce)
    end
  else
    if workforce > ctx.p.other_department_over then
      dept_required = true
      local share = ctx.p.other_rate * workforce
      required = math.max(ceil_of(share), ctx.p.other_minimum)
      ctx:note("第十二条（一）：%d 人超过 300 人，设置机构；%d × 0.5%% = %s → 向上取整 %d，最低 3 人 → %d",
        workforce, workforce, tostring(share), ceil_of(share), required)
    elseif workforce > ctx.p.other_mid_over then
      required = ctx.p.other_mid_minimum
      ctx:note("第十二条（二）：%d 人，超过 100 人且在 300 人以下，专职不少于 2 人", workforce)
    else
      small_other = true
      ctx:note("第十二条（三）：%d 人在 100 人以下，专职或兼职人员，或者委托服务机构", workforce)
    end
  end
  out.department = dept_required and "应当设置" or "无需设置"
  out.required_fulltime = required

  -- 第十四条: registered safety engineers.
  local engineers = 0
  if ENGINEER_SECTORS[sector] then
    local base
    if ctx:interpret("engineer-base") == "required-managers" then
      base = required
    else
      base = count("fulltime_managers", r.fulltime_managers) + count("parttime_managers", r.parttime_managers)
    end
    local share = ctx.p.engineer_rate * base
    engineers = math.max(ceil_of(share), ctx.p.engineer_minimum)
    ctx:note("第十四条：安全生产管理人员 %d × 15%% = %s → 向上取整 %d，最低 1 人 → %d",
      base, tostring(share), ceil_of(share), engineers)
  end
  out.required_engineers = engineers

  -- Compliance: each requirement met (true), short (false) or unknown (nil, its missing input),
  -- weighed in this order: one short requirement decides 不合规; otherwise the first unknown one
  -- leaves the answer undetermined.
  local short, unknown = false, nil
  local function weigh(article, what, met, missing)
    if met == false then
      short = true
      ctx:note("不符合：%s（%s：%s）", what, article, PENALTY[article])
    elseif met == nil then
      unknown = unknown or missing
    end
  end
  local function need(article, what, read)
    local met, missing = try(read)
    weigh(article, what, met, missing)
  end
  if dept_required then
    need("第三十六条", "安全生产管理机构", function() return r.has_safety_department == true end)
  end
  if small_other then
    -- 第十二条（三）: any one of the three suffices, so one known yes decides
    local a, ea = try(function() return count("fulltime_managers", r.fulltime_managers) >= 1 end)
    local b, eb = try(function() return count("parttime_managers", r.parttime_managers) >= 1 end)
    local c, ec = try(function() return r.outsourced_service == true end)
    local met, missing = nil, ea or eb or ec
    if a or b or c then met = true elseif a == false and b == false and c == false then met = false end
    weigh("第三十六条", "专职或兼职安全生产管理人员，或者委托服务机构", met, missing)
  elseif required > 0 then
    need("第三十六条", ("专职安全生产管理人员不少于 %d 人"):format(required),
      function() return count("fulltime_managers", r.fulltime_managers) >= required end)
  end
  if ENGINEER_SECTORS[sector] then
    need("第三十七条", ("注册安全工程师不少于 %d 人"):format(engineers),
      function() return count("registered_engineers", r.registered_engineers) >= engineers end)
  end

  if short then
    out.compliance = "不合规"
    return
  end
  -- nothing known is short: an unknown requirement decides
  if unknown then error(unknown, 0) end
  out.compliance = "合规"
end)

-- ---------------------------------------------------------------------------------------
-- Test cases. Base record: the first worked case (a construction company, 240 employees and
-- 15 dispatched workers, a department and 3 full-time managers).
local BASE = { sector = "建筑施工", own_employees = 240, dispatched_workers = 15, has_safety_department = true,
               fulltime_managers = 3, parttime_managers = 0 }
local function rec(changes) return measure.variant(BASE, changes) end
-- The second worked case: a mine of 650 with a department, 7 full-time managers, 1 engineer.
local MINE = { sector = "矿山", own_employees = 650, dispatched_workers = 0, has_safety_department = true,
               fulltime_managers = 7, parttime_managers = 0, registered_engineers = 1 }
local function mine(changes) return measure.variant(MINE, changes) end
-- A small unit of another sector.
local SMALL = { sector = "其他", own_employees = 80, dispatched_workers = 0, fulltime_managers = 0,
                parttime_managers = 0, outsourced_service = false }
local function small(changes) return measure.variant(SMALL, changes) end
local AS = "2024-06-01"

M:case {
  name = "worked case: construction, 240 + 15 dispatched", as_of = AS, clause = "第十一条（一）、第十三条",
  -- 255 > 100 → department; 255 × 1% = 2.55 → 3; minimum 3 → 3; no engineers for 建筑施工
  input = rec(),
  expect = { status = "eligible", amount = "null",
             outputs = { workforce = "255", department = "应当设置", required_fulltime = "3",
                         required_engineers = "0", compliance = "合规" } },
}
M:case {
  name = "worked case: mine of 650 with one engineer", as_of = AS, clause = "第十一条（一）、第十四条",
  -- 650 × 1% = 6.5 → 7; engineers 15% × (7 + 0) = 1.05 → 2 > 1 → 不合规 (第三十七条)
  input = mine(),
  expect = { status = "eligible", amount = "null",
             outputs = { workforce = "650", department = "应当设置", required_fulltime = "7",
                         required_engineers = "2", compliance = "不合规" } },
}
M:case {
  name = "worked case: the mine with two engineers complies", as_of = AS, clause = "第十四条",
  input = mine { registered_engineers = 2 },
  expect = { status = "eligible", outputs = { required_engineers = "2", compliance = "合规" } },
}
M:case {
  name = "worked case: construction, 250", as_of = AS, clause = "第十一条（一）",
  -- 250 × 1% = 2.5 → 3
  input = rec { own_employees = 250, dispatched_workers = 0 },
  expect = { status = "eligible", outputs = { workforce = "250", required_fulltime = "3", compliance = "合规" } },
}
M:case {
  name = "worked case: road transport, 101", as_of = AS, clause = "第十一条（一）",
  -- 101 > 100 → department; 1.01 → 2; minimum 3
  input = rec { sector = "道路运输", own_employees = 101, dispatched_workers = 0 },
  expect = { status = "eligible", outputs = { department = "应当设置", required_fulltime = "3" } },
}
M:case {
  name = "worked case: road transport, exactly 100 (在100人以下)", as_of = AS, clause = "第十一条（二）",
  -- no department; one full-time manager; has_safety_department not read
  input = rec { sector = "道路运输", own_employees = 100, dispatched_workers = 0, has_safety_department = "nil",
                fulltime_managers = 1 },
  expect = { status = "eligible", outputs = { department = "无需设置", required_fulltime = "1", compliance = "合规" } },
}
M:case {
  name = "high-risk unit of 100 with only part-time managers", as_of = AS, clause = "第十一条（二）",
  -- 专职 required: 0 full-time < 1
  input = rec { own_employees = 90, dispatched_workers = 10, fulltime_managers = 0, parttime_managers = 2 },
  expect = { status = "eligible", outputs = { required_fulltime = "1", compliance = "不合规" } },
}
M:case {
  name = "high-risk 300: 1% is exactly 3", as_of = AS, clause = "第十一条（一）",
  -- 300 × 1% = 3
  input = rec { own_employees = 300, dispatched_workers = 0 },
  expect = { status = "eligible", outputs = { required_fulltime = "3", compliance = "合规" } },
}
M:case {
  name = "high-risk 301: 3.01 rounds up to 4", as_of = AS, clause = "第十一条（一）",
  -- 301 × 1% = 3.01 → 4 > 3 full-time → 不合规
  input = rec { own_employees = 290, dispatched_workers = 11 },
  expect = { status = "eligible", outputs = { workforce = "301", required_fulltime = "4", compliance = "不合规" } },
}
M:case {
  name = "worked case: department missing", as_of = AS, clause = "第十一条（一）、第三十六条",
  input = rec { has_safety_department = false },
  expect = { status = "eligible", outputs = { department = "应当设置", compliance = "不合规" } },
}
M:case {
  name = "worked case: other-sector factory of 400 with one full-time officer", as_of = AS,
  clause = "第十二条（一）、第三十六条",
  -- 400 > 300 → department and max(⌈2⌉, 3) = 3; no department, 1 < 3 → 不合规
  input = rec { sector = "其他", own_employees = 400, dispatched_workers = 0, has_safety_department = false,
                fulltime_managers = 1 },
  expect = { status = "eligible", outputs = { department = "应当设置", required_fulltime = "3", compliance = "不合规" } },
}
M:case {
  name = "worked case: other sector, 1,000", as_of = AS, clause = "第十二条（一）",
  -- 1,000 × 0.5% = 5
  input = rec { sector = "其他", own_employees = 1000, dispatched_workers = 0, fulltime_managers = 5 },
  expect = { status = "eligible", outputs = { department = "应当设置", required_fulltime = "5", compliance = "合规" } },
}
M:case {
  name = "worked case: other sector, 301", as_of = AS, clause = "第十二条（一）",
  -- 301 > 300 → department; 1.505 → 2; minimum 3
  input = rec { sector = "其他", own_employees = 301, dispatched_workers = 0 },
  expect = { status = "eligible", outputs = { department = "应当设置", required_fulltime = "3", compliance = "合规" } },
}
M:case {
  name = "worked case: other sector, 280 + 20 = 300", as_of = AS, clause = "第十二条（二）、第十三条",
  -- 300 is not over 300 → no department, 2 full-time; has_safety_department not read
  input = rec { sector = "其他", own_employees = 280, dispatched_workers = 20, has_safety_department = "nil",
                fulltime_managers = 2 },
  expect = { status = "eligible",
             outputs = { workforce = "300", department = "无需设置", required_fulltime = "2", compliance = "合规" } },
}
M:case {
  name = "other sector 300 with one full-time manager", as_of = AS, clause = "第十二条（二）、第三十六条",
  input = rec { sector = "其他", own_employees = 300, dispatched_workers = 0, fulltime_managers = 1 },
  expect = { status = "eligible", outputs = { required_fulltime = "2", compliance = "不合规" } },
}
M:case {
  name = "worked case: other sector, 250 + 60 dispatched = 310", as_of = AS, clause = "第十二条（一）、第十三条",
  -- 310 × 0.5% = 1.55 → 2; minimum 3
  input = rec { sector = "其他", own_employees = 250, dispatched_workers = 60 },
  expect = { status = "eligible", outputs = { workforce = "310", department = "应当设置", required_fulltime = "3" } },
}
M:case {
  name = "other sector 600: 0.5% is exactly 3", as_of = AS, clause = "第十二条（一）",
  input = rec { sector = "其他", own_employees = 600, dispatched_workers = 0 },
  expect = { status = "eligible", outputs = { required_fulltime = "3", compliance = "合规" } },
}
M:case {
  name = "other sector 601: 3.005 rounds up to 4, not half-up to 3", as_of = AS, clause = "第十二条（一）",
  -- 601 × 0.5% = 3.005 → 4
  input = rec { sector = "其他", own_employees = 601, dispatched_workers = 0, fulltime_managers = 4 },
  expect = { status = "eligible", outputs = { required_fulltime = "4", compliance = "合规" } },
}
M:case {
  name = "other sector 101: more than 100 → 2 full-time", as_of = AS, clause = "第十二条（二）",
  input = rec { sector = "其他", own_employees = 101, dispatched_workers = 0, fulltime_managers = 2 },
  expect = { status = "eligible", outputs = { department = "无需设置", required_fulltime = "2", compliance = "合规" } },
}
M:case {
  name = "worked case: other sector 100 with a full-time manager", as_of = AS, clause = "第十二条（三）",
  input = small { own_employees = 100, fulltime_managers = 1, parttime_managers = "nil", outsourced_service = "nil" },
  expect = { status = "eligible", outputs = { department = "无需设置", required_fulltime = "0", compliance = "合规" } },
}
M:case {
  name = "worked case: small unit with a part-time manager", as_of = AS, clause = "第十二条（三）",
  input = small { parttime_managers = 1 },
  expect = { status = "eligible", outputs = { compliance = "合规" } },
}
M:case {
  name = "worked case: small unit with an outsourced service", as_of = AS, clause = "第十二条（三）",
  input = small { outsourced_service = true },
  expect = { status = "eligible", outputs = { compliance = "合规" } },
}
M:case {
  name = "small unit with none of the three", as_of = AS, clause = "第十二条（三）、第三十六条",
  input = small(),
  expect = { status = "eligible", outputs = { required_fulltime = "0", compliance = "不合规" } },
}
M:case {
  name = "small unit: part-time count unknown but outsourced decides", as_of = AS, clause = "第十二条（三）",
  input = small { parttime_managers = "nil", outsourced_service = true },
  expect = { status = "eligible", outputs = { compliance = "合规" } },
}
M:case {
  name = "small unit: none known yes, outsourcing unknown: undetermined", as_of = AS, clause = "第十二条（三）",
  input = small { outsourced_service = "nil" },
  expect = { status = "undetermined", amount = "null", missing = { "outsourced_service" } },
}
M:case {
  name = "worked case: dangerous goods, 3 managers → 1 engineer", as_of = AS, clause = "第十四条",
  -- 50 employees → 1 full-time; managers 3 × 15% = 0.45 → 1; minimum 1
  input = { sector = "危险物品", own_employees = 50, dispatched_workers = 0, fulltime_managers = 2,
            parttime_managers = 1, registered_engineers = 1 },
  expect = { status = "eligible", outputs = { required_fulltime = "1", required_engineers = "1", compliance = "合规" } },
}
M:case {
  name = "metal smelting: 20 managers × 15% is exactly 3", as_of = AS, clause = "第十四条",
  -- 2,000 × 1% = 20 full-time; 20 × 15% = 3
  input = { sector = "金属冶炼", own_employees = 2000, dispatched_workers = 0, has_safety_department = true,
            fulltime_managers = 20, parttime_managers = 0, registered_engineers = 3 },
  expect = { status = "eligible", outputs = { required_fulltime = "20", required_engineers = "3", compliance = "合规" } },
}
M:case {
  name = "metal smelting: 21 managers × 15% = 3.15 → 4", as_of = AS, clause = "第十四条、第三十七条",
  input = { sector = "金属冶炼", own_employees = 2000, dispatched_workers = 0, has_safety_department = true,
            fulltime_managers = 20, parttime_managers = 1, registered_engineers = 3 },
  expect = { status = "eligible", outputs = { required_engineers = "4", compliance = "不合规" } },
}
M:case {
  name = "worked case: construction needs no engineers (not read)", as_of = AS, clause = "第十四条第二款",
  input = rec { registered_engineers = "nil" },
  expect = { status = "eligible", outputs = { required_engineers = "0", compliance = "合规" } },
}
M:case {
  name = "engineer-base=required-managers: 15% of the 7 required, not the 14 staffed", as_of = AS, clause = "第十四条",
  -- staffed: (10 + 4) × 15% = 2.1 → 3 > 2 → 不合规 by default
  input = mine { fulltime_managers = 10, parttime_managers = 4, registered_engineers = 2 },
  expect = { status = "eligible", outputs = { required_engineers = "3", compliance = "不合规" } },
}
M:case {
  name = "engineer-base=required-managers: the same mine complies", as_of = AS, clause = "第十四条",
  -- required full-time 7 × 15% = 1.05 → 2 ≤ 2 engineers; part-time count not read for the base
  interpret = { ["engineer-base"] = "required-managers" },
  input = mine { fulltime_managers = 10, parttime_managers = "nil", registered_engineers = 2 },
  expect = { status = "eligible", outputs = { required_engineers = "2", compliance = "合规" },
             interpretations = { ["engineer-base"] = "required-managers" } },
}
M:case {
  name = "a known shortfall decides although the engineer count is unknown", as_of = AS, clause = "第三十六条",
  input = mine { has_safety_department = false, registered_engineers = "nil" },
  expect = { status = "eligible", outputs = { compliance = "不合规" } },
}
M:case {
  name = "department unknown, everything else met: undetermined", as_of = AS, clause = "第十一条（一）",
  input = rec { has_safety_department = "nil" },
  expect = { status = "undetermined", missing = { "has_safety_department" } },
}
M:case {
  name = "department unknown, full-time managers short: 不合规", as_of = AS, clause = "第十一条（一）、第三十六条",
  input = rec { has_safety_department = "nil", fulltime_managers = 2 },
  expect = { status = "eligible", outputs = { compliance = "不合规" } },
}
M:case {
  name = "mine, engineer count unknown: undetermined", as_of = AS, clause = "第十四条",
  input = mine { registered_engineers = "nil", fulltime_managers = 7 },
  expect = { status = "undetermined", missing = { "registered_engineers" } },
}
M:case {
  name = "mine, part-time count unknown: the engineer requirement is unknown", as_of = AS, clause = "第十四条",
  input = mine { parttime_managers = "nil" },
  expect = { status = "undetermined", missing = { "parttime_managers" } },
}
M:case {
  name = "dispatched workers unknown: undetermined", as_of = AS, clause = "第十三条",
  input = rec { dispatched_workers = "nil" },
  expect = { status = "undetermined", missing = { "dispatched_workers" } },
}
M:case {
  name = "sector unknown: undetermined", as_of = AS, clause = "第十一条",
  input = rec { sector = "nil" },
  expect = { status = "undetermined", missing = { "sector" } },
}
M:case {
  name = "a negative head count is an error naming the field", as_of = AS, clause = "第十三条",
  input = rec { dispatched_workers = -5 },
  expect = { error = "dispatched_workers: -5 is negative" },
}
M:case {
  name = "a negative count is an error even when another shortfall decides", as_of = AS, clause = "第十一条",
  input = rec { has_safety_department = false, fulltime_managers = -1 },
  expect = { error = "fulltime_managers: -1 is negative" },
}
M:case {
  name = "an unknown sector is an input error", as_of = AS, clause = "第十一条",
  input = rec { sector = "烟花爆竹" },
  expect = { error = "烟花爆竹" },
}
M:case {
  name = "first day in force", as_of = "2019-07-15", clause = "第五十五条",
  input = rec(),
  expect = { status = "eligible", outputs = { compliance = "合规" } },
}
M:case {
  name = "worked case: checked 2019-07-20", as_of = "2019-07-20", clause = "第五十五条",
  input = mine(),
  expect = { status = "eligible", outputs = { compliance = "不合规" } },
}
M:case {
  name = "worked case: before 2019-07-15", as_of = "2019-07-14", clause = "第五十五条",
  input = rec(),
  expect = { status = "not_in_force", amount = "null" },
}

return M
