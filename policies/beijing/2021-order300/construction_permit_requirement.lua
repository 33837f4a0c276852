-- 《北京市建筑工程施工许可办法》(北京市人民政府第139号令, second amendment 第300号令 of
-- 2021-10-01) 第二条, 第十九条, 第二十三条: does a project need a construction permit, and the fine
-- for starting without one (M20). gazettes/beijing-compilation.txt:1895-2039: the amending
-- decision (lines 1895-1935) and the consolidated text (lines 1941-2039); 第二条 at 1947-1957,
-- 第十九条 at 2023, 第二十条 at 2025, 第二十三条 at 2031-2037. The same document as the workflow
-- beijing.construction-permit beside this file.
--
-- A calculator: eligible whenever the 办法 applies (第二十三条) and the inputs it needs are
-- present; its answer is the text `permit`. The main amount is the upper end of the 第十九条
-- fine (fine_max), 0.00 when no fine applies.
--
-- Beyond the worked cases, 第十九条's second limb (建设单位、施工单位发生变更未重新领取施工许可证, 第十二条第一款)
-- carries the same fine, and 第二十条 (late notice of a 第十二条第二款 change: 警告 and 5000元 to
-- 3万元) gives notice_fine_min/max; both read optional inputs and are 0.00 when absent.
local M = measure {
  id = "beijing.construction-permit-requirement",
  title = "建筑工程施工许可证申领判断及未领证施工罚款",
  document = {
    -- The compilation prints the order numbers in the heading of the consolidated text (line 1943).
    number = "北京市人民政府第139号令（2021年10月1日第300号令第二次修改）",
    title = "北京市建筑工程施工许可办法",
    issuer = "北京市人民政府",
    issued_on = "2021-10-01",
    -- The compilation prints no gazette issue for this document.
    gazette = "北京市规章和政策文件汇编（无公报期号）",
    source = "gazettes/beijing-compilation.txt:1895-2039",
  },
  -- "本决定自公布之日起施行" (line 1935); the consolidated heading dates the second amendment
  -- 2021-10-01 (line 1943). The wording before it is not in the gazette text, so an earlier
  -- date is not_in_force rather than answered with the 2021 thresholds.
  valid = { from = "2021-10-01", clause = "第300号令；第二十四条" },
  entity = "project",
  inputs = {
    work_type = { type = "enum", specific = true, label = "工程类别（第二条）",
                  values = { "房屋建筑", "市政基础设施", "装饰装修", "其他" } },
    purpose   = { type = "enum", specific = true, label = "建设性质（第二十三条）",
                  values = { "一般", "抢险救灾", "临时性房屋建筑", "农民自建住宅", "文物保护建筑修缮", "军用房屋建筑" } },
    floors                = { type = "integer", specific = true, label = "层数（农民自建住宅时读取）" },
    investment            = { type = "money", specific = true, label = "工程投资额" },
    floor_area_m2         = { type = "decimal", specific = true, label = "建筑面积（平方米）" },
    start_report_approved = { type = "boolean", specific = true, label = "已按国务院规定的权限和程序批准开工报告" },
    started_without_permit = { type = "boolean", specific = true, optional = true, label = "未取得施工许可证擅自施工（缺省：否）" },
    contract_price        = { type = "money", specific = true, label = "工程合同价款（应领未领而施工时读取）" },
    -- Beyond the worked cases (第十九条 second limb, 第二十条), absent = no such violation.
    changed_without_new_permit = { type = "boolean", specific = true, optional = true,
                                   label = "建设单位或施工单位变更后未重新领取施工许可证（第十二条第一款）" },
    late_change_notice         = { type = "boolean", specific = true, optional = true,
                                   label = "未在规定的10日内告知发证机关第六条条件的变更（第十二条第二款）" },
  },
  outputs = {
    permit          = { type = "text" },
    fine_min        = { type = "money" },
    fine_max        = { type = "money" },
    notice_fine_min = { type = "money" },
    notice_fine_max = { type = "money" },
  },
  output_order = { "permit", "fine_min", "fine_max", "notice_fine_min", "notice_fine_max" },
  amount = "fine_max",
}

local F = "2021-10-01"
M:param("exempt_investment", {
  { from = F, value = yuan(300000), clause = "第二条第一款", lines = 1947,
    text = "工程投资额在30万元以下……的建筑工程，可以不申请办理施工许可证" },
})
M:param("exempt_area_m2", {
  { from = F, value = 300, clause = "第二条第一款", lines = 1947,
    text = "建筑面积在300平方米以下的建筑工程，可以不申请办理施工许可证" },
})
M:param("farmer_max_floors", {
  { from = F, value = 2, clause = "第二十三条第四款", lines = 2037,
    text = "农民自建两层以下(含两层)住宅的建设，不适用本办法" },
})
M:param("fine_rate_min", {
  { from = F, value = pct(1), clause = "第十九条", lines = 2023, text = "处工程合同价款百分之一以上" },
})
M:param("fine_rate_max", {
  { from = F, value = pct(2), clause = "第十九条", lines = 2023, text = "百分之二以下的罚款" },
})
M:param("notice_fine_min", {
  { from = F, value = yuan(5000), clause = "第二十条", lines = 2025, text = "给予警告，并处5000元以上" },
})
M:param("notice_fine_max", {
  { from = F, value = yuan(30000), clause = "第二十条", lines = 2025, text = "3万元以下罚款" },
})

M:interpretation("exemption-or", {
  text = "第二条“工程投资额在30万元以下或者建筑面积在300平方米以下……可以不申请”：“或者”连接两项，"
      .. "以下含本数（民法典第一千二百五十九条）",
  default = "either",
  choices = {
    either = "投资额不超过30万元或者面积不超过300平方米，其一即可以不申请",
    both = "投资额和面积均不超过限额才可以不申请",
  },
})
M:interpretation("farmer-floors", {
  text = "第二十三条“农民自建两层以下(含两层)住宅”：正文明示含两层",
  default = "two-storeys-included",
  choices = { ["two-storeys-included"] = "两层及以下不适用本办法；三层起适用" },
})

-- ---- 第二十三条: where the 办法 does not apply (ineligible) ----
M:rule("not-relic-repair", {
  clause = "第二十三条第二款", lines = 2033,
  text = "依法核定作为文物保护的纪念建筑物和古建筑等的修缮，依照文物保护的有关法律、法规的规定执行",
  check = function(r) return r.purpose ~= "文物保护建筑修缮", "建设性质：" .. r.purpose end,
})
M:rule("not-military", {
  clause = "第二十三条第三款", lines = 2035,
  text = "军用房屋建筑工程施工许可管理办法，按照国务院、中央军事委员会的有关规定执行",
  check = function(r) return r.purpose ~= "军用房屋建筑", "建设性质：" .. r.purpose end,
})
M:rule("not-emergency-or-temporary", {
  clause = "第二十三条第四款", lines = 2037,
  text = "抢险救灾及其他临时性房屋建筑的建设，不适用本办法",
  check = function(r)
    return r.purpose ~= "抢险救灾" and r.purpose ~= "临时性房屋建筑", "建设性质：" .. r.purpose
  end,
})
M:rule("farmer-house-above-two-storeys", {
  clause = "第二十三条第四款", lines = 2037,
  text = "农民自建两层以下(含两层)住宅的建设，不适用本办法",
  when = function(r) return r.purpose == "农民自建住宅" end,
  check = function(r, ctx)
    ctx:interpret("farmer-floors")
    return threshold(r.floors, "超过", ctx.p.farmer_max_floors)
  end,
})

-- ---- 第二条: the permit ----

-- The value of an input that may be missing, or nil and the missing-input error to raise
-- again if the answer turns out to need it: one known figure can decide 第二条's exemption.
local is_missing = require("measure.coerce").is_missing
local function try(read)
  local ok, v = pcall(read)
  if ok then return v end
  if not is_missing(v) then error(v, 0) end
  return nil, v
end

-- Whether 第二条's exemption (可以不申请) applies: true, false, or the missing input raised.
local function exempt(r, ctx)
  local inv, inv_missing = try(function() return r.investment end)
  local area, area_missing = try(function() return r.floor_area_m2 end)
  local inv_low = inv ~= nil and threshold(inv, "以下", ctx.p.exempt_investment)
  local area_low = area ~= nil and threshold(area, "以下", ctx.p.exempt_area_m2)
  if inv ~= nil then
    ctx:note("工程投资额 %s %s %s", tostring(inv), inv_low and "≤" or ">", tostring(ctx.p.exempt_investment))
  end
  if area ~= nil then
    ctx:note("建筑面积 %s m² %s %s m²", tostring(area), area_low and "≤" or ">", tostring(ctx.p.exempt_area_m2))
  end
  if ctx:interpret("exemption-or") == "either" then
    if inv_low or area_low then return true end
    -- no known figure is at or under its limit; an unknown one still could be
    if inv == nil then error(inv_missing, 0) end
    if area == nil then error(area_missing, 0) end
    return false
  end
  if (inv ~= nil and not inv_low) or (area ~= nil and not area_low) then return false end
  if inv == nil then error(inv_missing, 0) end
  if area == nil then error(area_missing, 0) end
  return true
end

M:compute(function(r, ctx, out)
  local permit
  if r.start_report_approved then
    permit = "不再领取"
    ctx:note("第二条第三款：已按国务院规定批准开工报告，不再领取施工许可证")
  elseif r.work_type == "其他" then
    permit = "无需领取"
    ctx:note("第二条第一款：不属于房屋建筑、市政基础设施或房屋装饰装修工程")
  elseif exempt(r, ctx) then
    permit = "可以不申请"
    ctx:note("第二条第一款：在限额以下，可以不申请办理施工许可证")
  else
    permit = "应当领取"
    ctx:note("第二条第一款：建设单位应当领取施工许可证")
  end
  out.permit = permit

  out.fine_min = yuan(0)
  out.fine_max = yuan(0)
  if permit == "应当领取" and (r.started_without_permit == true or r.changed_without_new_permit == true) then
    local price = r.contract_price
    out.fine_min = price * ctx.p.fine_rate_min
    out.fine_max = price * ctx.p.fine_rate_max
    ctx:note("第十九条：工程合同价款 %s × %s = %s 至 × %s = %s（分，四舍五入）", tostring(price),
      tostring(ctx.p.fine_rate_min), tostring(out.fine_min), tostring(ctx.p.fine_rate_max), tostring(out.fine_max))
  end
  out.notice_fine_min = yuan(0)
  out.notice_fine_max = yuan(0)
  if r.late_change_notice == true then
    out.notice_fine_min = ctx.p.notice_fine_min
    out.notice_fine_max = ctx.p.notice_fine_max
    ctx:note("第二十条：未按时告知变更事项，警告并处 5000 元以上 3 万元以下罚款")
  end
end)

-- ---------------------------------------------------------------------------------------
-- Test cases. Base record: the worked case.
local BASE = { work_type = "房屋建筑", purpose = "一般", investment = 5000000, floor_area_m2 = 2000,
               start_report_approved = false, started_without_permit = true, contract_price = 4800000 }
local function rec(changes) return measure.variant(BASE, changes) end
local AS = "2024-05-01"

M:case {
  name = "worked case: 500万, 2,000 m², started without a permit", as_of = AS, clause = "第二条、第十九条",
  -- 500万 > 30万 and 2,000 > 300 → 应当领取; 4,800,000 × 1% = 48,000; × 2% = 96,000
  input = rec(),
  expect = { status = "eligible", amount = "96000.00",
             outputs = { permit = "应当领取", fine_min = "48000.00", fine_max = "96000.00",
                         notice_fine_min = "0.00", notice_fine_max = "0.00" } },
}
M:case {
  name = "permit required, not started: no fine, contract price not read", as_of = AS, clause = "第十九条",
  input = rec { started_without_permit = false, contract_price = "nil" },
  expect = { status = "eligible", amount = "0.00",
             outputs = { permit = "应当领取", fine_min = "0.00", fine_max = "0.00" } },
}
M:case {
  name = "started_without_permit absent means not started without one", as_of = AS, clause = "第十九条",
  input = rec { started_without_permit = "nil", contract_price = "nil" },
  expect = { status = "eligible", amount = "0.00", outputs = { permit = "应当领取", fine_max = "0.00" } },
}
M:case {
  name = "worked case: renovation 25万, 500 m² may skip the permit", as_of = AS, clause = "第二条第一款",
  -- 25万 ≤ 30万 (either figure suffices); no fine on an exempt project
  input = rec { work_type = "装饰装修", investment = "25万", floor_area_m2 = 500 },
  expect = { status = "eligible", amount = "0.00",
             outputs = { permit = "可以不申请", fine_min = "0.00", fine_max = "0.00" } },
}
M:case {
  name = "worked case under exemption-or=both: 500 m² > 300 → permit", as_of = AS, clause = "第二条第一款",
  -- 25万 ≤ 30万 but 500 > 300: both must be under their limits → 应当领取; 4,800,000 × 2% = 96,000
  interpret = { ["exemption-or"] = "both" },
  input = rec { work_type = "装饰装修", investment = "25万", floor_area_m2 = 500 },
  expect = { status = "eligible", amount = "96000.00", outputs = { permit = "应当领取" },
             interpretations = { ["exemption-or"] = "both" } },
}
M:case {
  name = "worked case: new building 800万, 280 m² may skip the permit", as_of = AS, clause = "第二条第一款",
  -- 280 ≤ 300
  input = rec { investment = "800万", floor_area_m2 = 280 },
  expect = { status = "eligible", amount = "0.00", outputs = { permit = "可以不申请" } },
}
M:case {
  name = "worked case: 800万, 1,200 m² needs a permit", as_of = AS, clause = "第二条第一款",
  -- 800万 > 30万 and 1,200 > 300; fine 4,800,000 × 1%..2%
  input = rec { investment = "800万", floor_area_m2 = 1200 },
  expect = { status = "eligible", amount = "96000.00", outputs = { permit = "应当领取", fine_min = "48000.00" } },
}
M:case {
  name = "worked case: investment exactly 30万 (以下 includes it)", as_of = AS, clause = "第二条第一款",
  -- 300,000 ≤ 300,000
  input = rec { investment = 300000, floor_area_m2 = 1000 },
  expect = { status = "eligible", amount = "0.00", outputs = { permit = "可以不申请" } },
}
M:case {
  name = "investment one 分 over 30万", as_of = AS, clause = "第二条第一款",
  -- 300,000.01 > 300,000 and 1,000 > 300
  input = rec { investment = "300000.01", floor_area_m2 = 1000 },
  expect = { status = "eligible", outputs = { permit = "应当领取" } },
}
M:case {
  name = "area exactly 300 m² (以下 includes it)", as_of = AS, clause = "第二条第一款",
  input = rec { floor_area_m2 = 300 },
  expect = { status = "eligible", amount = "0.00", outputs = { permit = "可以不申请" } },
}
M:case {
  name = "area 300.01 m²: over the limit", as_of = AS, clause = "第二条第一款",
  -- 300.01 > 300 (exact decimal, no float)
  input = rec { floor_area_m2 = "300.01" },
  expect = { status = "eligible", amount = "96000.00", outputs = { permit = "应当领取" } },
}
M:case {
  name = "both figures under their limits, exemption-or=both", as_of = AS, clause = "第二条第一款",
  -- 25万 ≤ 30万 and 200 ≤ 300
  interpret = { ["exemption-or"] = "both" },
  input = rec { investment = "25万", floor_area_m2 = 200 },
  expect = { status = "eligible", amount = "0.00", outputs = { permit = "可以不申请" } },
}
M:case {
  name = "worked case: start report approved → 不再领取, nothing else read", as_of = AS, clause = "第二条第三款",
  input = rec { start_report_approved = true, work_type = "nil", investment = "nil", floor_area_m2 = "nil",
                contract_price = "nil" },
  expect = { status = "eligible", amount = "0.00", outputs = { permit = "不再领取", fine_max = "0.00" } },
}
M:case {
  name = "not a 第二条 work: 无需领取, figures not read", as_of = AS, clause = "第二条第一款",
  input = rec { work_type = "其他", investment = "nil", floor_area_m2 = "nil" },
  expect = { status = "eligible", amount = "0.00", outputs = { permit = "无需领取" } },
}
M:case {
  name = "municipal infrastructure over both limits", as_of = AS, clause = "第二条第一款（二）",
  -- 2亿 × 1% = 2,000,000; × 2% = 4,000,000
  input = rec { work_type = "市政基础设施", investment = "3亿", floor_area_m2 = 50000, contract_price = "2亿" },
  expect = { status = "eligible", amount = "4000000.00",
             outputs = { permit = "应当领取", fine_min = "2000000.00", fine_max = "4000000.00" } },
}
M:case {
  name = "investment unknown, area 200 m² decides (either)", as_of = AS, clause = "第二条第一款",
  input = rec { investment = "nil", floor_area_m2 = 200 },
  expect = { status = "eligible", amount = "0.00", outputs = { permit = "可以不申请" } },
}
M:case {
  name = "investment unknown, area over 300: undetermined", as_of = AS, clause = "第二条第一款",
  input = rec { investment = "nil" },
  expect = { status = "undetermined", amount = "null", missing = { "investment" } },
}
M:case {
  name = "area unknown, investment 25万 decides (either)", as_of = AS, clause = "第二条第一款",
  input = rec { floor_area_m2 = "nil", investment = "25万" },
  expect = { status = "eligible", outputs = { permit = "可以不申请" } },
}
M:case {
  name = "area unknown, investment 25万, exemption-or=both: undetermined", as_of = AS, clause = "第二条第一款",
  interpret = { ["exemption-or"] = "both" },
  input = rec { floor_area_m2 = "nil", investment = "25万" },
  expect = { status = "undetermined", missing = { "floor_area_m2" } },
}
M:case {
  name = "area unknown, investment 500万, exemption-or=both: permit required", as_of = AS, clause = "第二条第一款",
  -- 500万 > 30万 already rules the exemption out
  interpret = { ["exemption-or"] = "both" },
  input = rec { floor_area_m2 = "nil" },
  expect = { status = "eligible", amount = "96000.00", outputs = { permit = "应当领取" } },
}
M:case {
  name = "work type unknown: undetermined", as_of = AS, clause = "第二条第一款",
  input = rec { work_type = "nil" },
  expect = { status = "undetermined", missing = { "work_type" } },
}
M:case {
  name = "started without a permit, contract price unknown: undetermined", as_of = AS, clause = "第十九条",
  input = rec { contract_price = "nil" },
  expect = { status = "undetermined", missing = { "contract_price" } },
}
M:case {
  name = "worked case: contract price 8,000万", as_of = AS, clause = "第十九条",
  -- 80,000,000 × 1% = 800,000; × 2% = 1,600,000
  input = rec { contract_price = "8000万" },
  expect = { status = "eligible", amount = "1600000.00", outputs = { fine_min = "800000.00", fine_max = "1600000.00" } },
}
M:case {
  name = "worked case: contract price 350万", as_of = AS, clause = "第十九条",
  -- 3,500,000 × 1% = 35,000; × 2% = 70,000
  input = rec { contract_price = "350万" },
  expect = { status = "eligible", amount = "70000.00", outputs = { fine_min = "35000.00", fine_max = "70000.00" } },
}
M:case {
  name = "fine rounds at the half 分 up", as_of = AS, clause = "第十九条",
  -- 4,800,000.50 × 1% = 48,000.005 → 48,000.01; × 2% = 96,000.01 exactly
  input = rec { contract_price = "4800000.50" },
  expect = { status = "eligible", amount = "96000.01", outputs = { fine_min = "48000.01", fine_max = "96000.01" } },
}
M:case {
  name = "exempt project started without a permit: no fine", as_of = AS, clause = "第二条、第十九条",
  -- 可以不申请: 第十九条 punishes only works that had to obtain one
  input = rec { floor_area_m2 = 250, contract_price = "nil" },
  expect = { status = "eligible", amount = "0.00", outputs = { permit = "可以不申请", fine_min = "0.00" } },
}
M:case {
  name = "builder changed without a new permit: 第十九条 second limb", as_of = AS, clause = "第十二条第一款、第十九条",
  -- 4,800,000 × 1% = 48,000; × 2% = 96,000
  input = rec { started_without_permit = false, changed_without_new_permit = true },
  expect = { status = "eligible", amount = "96000.00", outputs = { fine_min = "48000.00", fine_max = "96000.00" } },
}
M:case {
  name = "late notice of a changed condition: 第二十条", as_of = AS, clause = "第十二条第二款、第二十条",
  input = rec { started_without_permit = false, late_change_notice = true },
  expect = { status = "eligible", amount = "0.00",
             outputs = { fine_max = "0.00", notice_fine_min = "5000.00", notice_fine_max = "30000.00" } },
}
M:case {
  name = "worked case: disaster relief is outside the 办法", as_of = AS, clause = "第二十三条第四款",
  input = rec { purpose = "抢险救灾" },
  expect = { status = "ineligible", amount = "0.00", failed = { "not-emergency-or-temporary" },
             outputs = { permit = "null", fine_min = "0.00", fine_max = "0.00" } },
}
M:case {
  name = "temporary building is outside the 办法", as_of = AS, clause = "第二十三条第四款",
  input = rec { purpose = "临时性房屋建筑" },
  expect = { status = "ineligible", amount = "0.00", failed = { "not-emergency-or-temporary" } },
}
M:case {
  name = "repair of a protected relic follows the relic laws", as_of = AS, clause = "第二十三条第二款",
  input = rec { purpose = "文物保护建筑修缮" },
  expect = { status = "ineligible", amount = "0.00", failed = { "not-relic-repair" } },
}
M:case {
  name = "military building follows State Council and CMC rules", as_of = AS, clause = "第二十三条第三款",
  input = rec { purpose = "军用房屋建筑" },
  expect = { status = "ineligible", amount = "0.00", failed = { "not-military" } },
}
M:case {
  name = "worked case: farmer's two-storey house (含两层) is outside", as_of = AS, clause = "第二十三条第四款",
  -- 2 floors, not more than 2
  input = rec { purpose = "农民自建住宅", floors = 2 },
  expect = { status = "ineligible", amount = "0.00", failed = { "farmer-house-above-two-storeys" } },
}
M:case {
  name = "worked case: farmer's three-storey house is in scope", as_of = AS, clause = "第二十三条第四款、第二条",
  -- 3 > 2 → the 办法 applies; 60万 > 30万 and 420 > 300 → 应当领取; 50万 × 1%..2% = 5,000..10,000
  input = rec { purpose = "农民自建住宅", floors = 3, investment = "60万", floor_area_m2 = 420,
                contract_price = "50万" },
  expect = { status = "eligible", amount = "10000.00",
             outputs = { permit = "应当领取", fine_min = "5000.00", fine_max = "10000.00" } },
}
M:case {
  name = "farmer's house, floors unknown: undetermined", as_of = AS, clause = "第二十三条第四款",
  input = rec { purpose = "农民自建住宅" },
  expect = { status = "undetermined", missing = { "floors" } },
}
M:case {
  name = "floors not read for other purposes", as_of = AS, clause = "第二十三条第四款",
  input = rec { floors = "nil" },
  expect = { status = "eligible", amount = "96000.00" },
}
M:case {
  name = "purpose unknown: undetermined", as_of = AS, clause = "第二十三条",
  input = rec { purpose = "nil" },
  expect = { status = "undetermined", missing = { "purpose" } },
}
M:case {
  name = "a scope failure outweighs an unknown input", as_of = AS, clause = "第二十三条第四款",
  input = rec { purpose = "抢险救灾", investment = "nil", floor_area_m2 = "nil" },
  expect = { status = "ineligible", amount = "0.00", failed = { "not-emergency-or-temporary" } },
}
M:case {
  name = "exemption limit raised with --set (第二条第二款 adjustment)", as_of = AS, clause = "第二条第二款",
  -- 50万 ≤ 100万 → 可以不申请
  set = { exempt_investment = "100万" },
  input = rec { investment = "50万", floor_area_m2 = 1000 },
  expect = { status = "eligible", amount = "0.00", outputs = { permit = "可以不申请" } },
}
M:case {
  name = "worked case: a 2024 question uses the 2021 text", as_of = "2024-05-01", clause = "第二条第一款",
  input = rec { investment = "25万", floor_area_m2 = 800 },
  expect = { status = "eligible", outputs = { permit = "可以不申请" } },
}
M:case {
  name = "first day of the amended text", as_of = "2021-10-01", clause = "第300号令",
  input = rec(),
  expect = { status = "eligible", amount = "96000.00" },
}
M:case {
  name = "worked case: 2019 wording not in the gazette text: not in force", as_of = "2019-06-01",
  clause = "第300号令",
  input = rec(),
  expect = { status = "not_in_force", amount = "null" },
}
M:case {
  name = "worked case: 2003-12-20, before the 办法 itself", as_of = "2003-12-20", clause = "第二十四条",
  input = rec(),
  expect = { status = "not_in_force" },
}
M:case {
  name = "the day before the amendment", as_of = "2021-09-30", clause = "第300号令",
  input = rec(),
  expect = { status = "not_in_force" },
}

return M
