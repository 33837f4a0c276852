-- 京技管〔2022〕48号《北京经济技术开发区装配式建筑项目财政奖励资金管理暂行办法》 (M2),
-- 北京市人民政府公报 2022年第27期, gazettes/beijing-2022-27.txt:1042-1146: 第五条 (scope,
-- 非政府投资, 5000 m², 2500万 cap; lines 1074-1076), 第七条 (180 元/m², technical thresholds;
-- 1080-1092), 第八条 (application window; 1096), 第十五条 (clawback; 1120-1130), 第十九条
-- (自印发之日起施行，有效期至2025年; 1140). The notice is dated 2022年3月31日 (line 1054).
local M = measure {
  id = "yizhuang.prefab-building-reward",
  title = "装配式建筑项目财政奖励",
  document = {
    number = "京技管〔2022〕48号",
    title = "北京经济技术开发区装配式建筑项目财政奖励资金管理暂行办法",
    issuer = "北京经济技术开发区管理委员会",
    issued_on = "2022-03-31",
    gazette = "北京市人民政府公报 2022年第27期",
    source = "gazettes/beijing-2022-27.txt:1042-1146",
  },
  -- 第十九条 "自印发之日起施行，有效期至2025年": to 2025-12-31 under the reading "validity-end"
  -- (consulted here so that every result, not_in_force ones too, names it).
  valid = { from = "2022-03-31", to = "2025-12-31", clause = "第十九条",
            on = function(_, ctx) ctx:interpret("validity-end"); return ctx.as_of end },
  entity = "project",
  inputs = {
    in_yizhuang          = { type = "boolean", specific = true, label = "位于亦庄新城范围内" },
    building_use         = { type = "enum", specific = true, values = { "公共建筑", "工业建筑", "居住建筑", "其他" },
                             label = "建筑用途" },
    fiscal_share         = { type = "ratio", specific = true, label = "立项批复中财政性资金占比" },
    aboveground_area_m2  = { type = "decimal", specific = true, label = "地上建筑面积（平方米）" },
    planning_permit_on   = { type = "date", specific = true, label = "取得规划许可证日期" },
    assembly_rate        = { type = "ratio", specific = true, label = "装配率" },
    precast_rate         = { type = "ratio", specific = true, label = "预制率" },
    height_m             = { type = "decimal", specific = true, label = "建筑高度（米）" },
    meets_db11_t1831     = { type = "boolean", specific = true, label = "符合 DB11/T 1831—2021 装配式建筑基本规定" },
    -- Beyond the worked cases (第八条, 第十五条). A record without the application dates is not judged
    -- on 第八条 (the worked cases carry none); one with either date needs every date 第八条
    -- makes a condition, and a missing one makes that rule undetermined.
    construction_permit_on = { type = "date", specific = true, optional = true, label = "取得开工手续日期" },
    applied_on             = { type = "date", specific = true, optional = true, label = "申报日期" },
    first_floor_started_on = { type = "date", specific = true, optional = true, label = "首层楼地面施工开始日期" },
    -- 第十五条 claws back an award on a finding; no finding given is no ground.
    clawback_ground        = { type = "boolean", specific = true, optional = true,
                               label = "存在第十五条追缴情形（虚假材料、重复申请、拒绝监督、挪用等）" },
  },
  outputs = { reward = { type = "money" } },
  amount = "reward",
}

M:param("fiscal_share_limit", {
  { from = "2022-03-31", value = pct(50), clause = "第五条", lines = 1074,
    text = "非政府投资项目是…使用财政性资金未达到 50% 以上的项目" },
})
M:param("min_area_m2", {
  { from = "2022-03-31", value = 5000, clause = "第五条", lines = 1076, text = "地上建筑面积不应小于 5000 平方米" },
})
M:param("rate_per_m2", {
  { from = "2022-03-31", value = yuan(180), clause = "第七条", lines = "1080-1092",
    text = "给予 180 元/平方米的财政奖励（奖励标准根据每年的实际情况进行调整）" },
})
M:param("cap", {
  { from = "2022-03-31", value = wan(2500), clause = "第五条", lines = 1076, text = "单个项目奖励资金最高不超过 2500 万元" },
})
M:param("new_standard_from", {
  { from = "2022-03-31", value = date("2021-07-01"), clause = "第七条", lines = "1090-1092",
    text = "2021年7月1日前/后取得规划许可证的项目" },
})
M:param("min_assembly_rate", {
  { from = "2022-03-31", value = pct(50), clause = "第七条", lines = 1090, text = "装配率不低于50%" },
})
M:param("height_limit_m", {
  { from = "2022-03-31", value = 60, clause = "第七条", lines = 1090, text = "建筑高度在60米(含)以下" },
})
M:param("min_precast_low", {
  { from = "2022-03-31", value = pct(40), clause = "第七条", lines = 1090, text = "60米(含)以下时预制率不低于40%" },
})
M:param("min_precast_high", {
  { from = "2022-03-31", value = pct(20), clause = "第七条", lines = 1090, text = "60米以上时预制率不低于20%" },
})
M:param("window_permits_from", {
  { from = "2022-03-31", value = date("2016-01-01"), clause = "第八条", lines = 1096,
    text = "2016年1月1日至2022年3月31日取得开工手续的项目" },
})
M:param("window_permits_to", {
  { from = "2022-03-31", value = date("2022-03-31"), clause = "第八条", lines = 1096,
    text = "2016年1月1日至2022年3月31日取得开工手续的项目" },
})
M:param("window_months", {
  { from = "2022-03-31", value = 3, clause = "第八条", lines = 1096, text = "应在政策发布之日起3个月内完成申报，过期不予受理" },
})
-- The two dates "政策发布之日" may mean (the reading "publication-date" picks one).
M:param("issued_on", {
  { from = "2022-03-31", value = date("2022-03-31"), clause = "第八条", lines = 1054,
    text = "政策发布之日：印发日，京技管〔2022〕48号通知落款 2022年3月31日" },
})
M:param("gazette_published_on", {
  -- the issue's masthead, outside the document's own lines
  { from = "2022-03-31", value = date("2022-07-08"), clause = "第八条", document = "北京市人民政府公报 2022年第27期", lines = 18,
    text = "政策发布之日：公报刊登日，北京市人民政府公报 2022年第27期 2022年7月8日" },
})

M:interpretation("fiscal-share", {
  text = "“使用财政性资金未达到 50% 以上”：财政性资金占 50% 本身即属政府投资，须低于 50%",
  default = "below",
  choices = { below = "占比 < 50% 方为非政府投资", at_most = "占比 ≤ 50% 即为非政府投资" },
})
M:interpretation("permit-on-2021-07-01", {
  text = "“2021年7月1日前/后取得规划许可证”：当日取得的按新标准（DB11/T 1831—2021）执行",
  default = "new_standard",
  choices = { new_standard = "2021-07-01 当日适用 DB11/T 1831—2021",
              old_standard = "2021-07-01 当日仍适用装配率/预制率指标" },
})
M:interpretation("publication-date", {
  text = "第八条“政策发布之日”：印发日 2022-03-31（申报截止 2022-06-30）",
  default = "issued",
  choices = { issued = "印发日 2022-03-31（参数 issued_on）",
              gazette = "公报刊登日 2022-07-08（参数 gazette_published_on；截止 2022-10-08）" },
})
M:interpretation("validity-end", {
  text = "第十九条“有效期至2025年”：至2025年末，2025年12月31日当日仍有效",
  default = "end-of-2025",
  choices = { ["end-of-2025"] = "有效期 2022-03-31 至 2025-12-31（含）" },
})
M:interpretation("rounding", {
  text = "奖励金额 = 180 元/平方米 × 地上建筑面积，四舍五入到分，再以 2500 万元封顶",
  default = "fen_half_up",
  choices = { fen_half_up = "按分四舍五入" },
})

M:rule("in-yizhuang", {
  clause = "第五条", lines = 1074, text = "亦庄新城范围内新建装配式建筑项目",
  check = function(r) return r.in_yizhuang == true end,
})
M:rule("building-use", {
  clause = "第五条", lines = 1074, text = "公共建筑和工业建筑项目",
  check = function(r)
    return r.building_use == "公共建筑" or r.building_use == "工业建筑", "用途：" .. r.building_use
  end,
})
M:rule("non-government-investment", {
  clause = "第五条", lines = 1074, text = "非政府投资：使用财政性资金未达到 50% 以上",
  check = function(r, ctx)
    if ctx:interpret("fiscal-share") == "at_most" then
      return threshold(r.fiscal_share, "不超过", ctx.p.fiscal_share_limit)
    end
    return threshold(r.fiscal_share, "低于", ctx.p.fiscal_share_limit)
  end,
})
M:rule("area-floor", {
  clause = "第五条", lines = 1076, text = "地上建筑面积不应小于 5000 平方米",
  check = function(r, ctx) return threshold(r.aboveground_area_m2, "不低于", ctx.p.min_area_m2) end,
})

local function old_standard(r, ctx)
  local cut = ctx.p.new_standard_from
  if ctx:interpret("permit-on-2021-07-01") == "old_standard" then
    return r.planning_permit_on <= cut
  end
  return r.planning_permit_on < cut
end

M:rule("technical-rates", {
  clause = "第七条", lines = 1090,
  text = "2021年7月1日前取得规划许可证：装配率不低于50%，60米(含)以下预制率不低于40%、60米以上不低于20%",
  when = old_standard,
  check = function(r, ctx)
    local assembly_ok = threshold(r.assembly_rate, "不低于", ctx.p.min_assembly_rate)
    local need = threshold(r.height_m, "以下", ctx.p.height_limit_m)
                 and ctx.p.min_precast_low or ctx.p.min_precast_high
    local precast_ok = threshold(r.precast_rate, "不低于", need)
    return assembly_ok and precast_ok,
           string.format("装配率 %s（须 ≥ %s），预制率 %s（须 ≥ %s）", tostring(r.assembly_rate),
             tostring(ctx.p.min_assembly_rate), tostring(r.precast_rate), tostring(need))
  end,
})
M:rule("technical-db11", {
  clause = "第七条", lines = 1092,
  text = "2021年7月1日后取得规划许可证：按《装配式建筑评价标准》(DB11/T 1831—2021)执行，符合装配式建筑基本规定",
  when = function(r, ctx) return not old_standard(r, ctx) end,
  check = function(r) return r.meets_db11_t1831 == true end,
})

-- `r.x or missing("x")`: an optional input that 第八条 makes a condition once the rule applies;
-- absent, the rule is undetermined with the input named in `missing` (the sentinel a missing
-- required input raises), never met.
local missing = require("measure.coerce").missing

M:rule("application-window", {
  clause = "第八条", lines = 1096,
  text = "2016年1月1日至2022年3月31日取得开工手续的应在政策发布之日起3个月内申报；之后取得的应在首层楼地面施工前申报",
  when = function(r) return r.construction_permit_on ~= nil or r.applied_on ~= nil end,
  check = function(r, ctx)
    local permit = r.construction_permit_on or missing("construction_permit_on")
    if permit < ctx.p.window_permits_from then
      return false, "2016年1月1日前取得开工手续，不在申报范围内"
    end
    local applied = r.applied_on or missing("applied_on")
    if permit <= ctx.p.window_permits_to then
      local published = ctx:interpret("publication-date") == "gazette" and ctx.p.gazette_published_on
                        or ctx.p.issued_on
      local by = published:add_months(ctx.p.window_months)
      return applied <= by, "申报截止 " .. tostring(by)
    end
    local first_floor = r.first_floor_started_on or missing("first_floor_started_on")
    return applied < first_floor, "须在首层楼地面施工（" .. tostring(first_floor) .. "）前申报"
  end,
})
M:rule("no-clawback-ground", {
  clause = "第十五条", lines = "1120-1130",
  text = "无提供虚假材料、重复申请、拒绝监督、侵占挪用等情形（否则追缴扣回奖励资金并取消资格）",
  when = function(r) return r.clawback_ground ~= nil end,
  check = function(r) return r.clawback_ground == false end,
})

M:compute(function(r, ctx, out)
  ctx:interpret("rounding")
  local gross = ctx.p.rate_per_m2 * r.aboveground_area_m2   -- rounded to 分 half-up
  out.reward = min(gross, ctx.p.cap)
end)

-- ---------------------------------------------------------------------------------------
local BASE = {
    in_yizhuang = true, building_use = "工业建筑", fiscal_share = "10%",
    aboveground_area_m2 = 20000, planning_permit_on = "2020-11-10",
    assembly_rate = "55%", precast_rate = "42%", height_m = 45, meets_db11_t1831 = false,
  }
local function rec(changes) return measure.variant(BASE, changes) end
local D = "2023-05-10"

M:case {
  name = "worked case: industrial, 20,000 m²", as_of = D, clause = "第五条、第七条",
  -- 180 × 20,000 = 3,600,000 ≤ 25,000,000; permit 2020-11-10 < 2021-07-01: 55% ≥ 50%,
  -- 45 m ≤ 60 m so precast 42% ≥ 40%
  input = rec(),
  expect = { status = "eligible", amount = "3600000.00", outputs = { reward = "3600000.00" } },
}
M:case {
  name = "worked case: 150,000 m² capped at 2500万", as_of = D, clause = "第五条",
  -- 180 × 150,000 = 27,000,000 → min(27,000,000, 25,000,000)
  input = rec { aboveground_area_m2 = 150000 },
  expect = { status = "eligible", amount = "25000000.00" },
}
M:case {
  name = "area exactly at the cap", as_of = D, clause = "第五条",
  -- 25,000,000 / 180 = 138,888.89 m²: 180 × 138,888 = 24,999,840 (under); 180 × 138,889 = 25,000,020 → cap
  input = rec { aboveground_area_m2 = 138888 },
  expect = { status = "eligible", amount = "24999840.00" },
}
M:case {
  name = "one m² past the cap", as_of = D, clause = "第五条",
  input = rec { aboveground_area_m2 = 138889 },
  expect = { status = "eligible", amount = "25000000.00" },
}
M:case {
  name = "worked case: exactly 5,000 m²", as_of = D, clause = "第五条",
  -- 5,000 ≥ 5,000 (不应小于); 180 × 5,000 = 900,000
  input = rec { aboveground_area_m2 = 5000 },
  expect = { status = "eligible", amount = "900000.00" },
}
M:case {
  name = "worked case: 4,800 m²", as_of = D, clause = "第五条",
  input = rec { aboveground_area_m2 = 4800 },
  expect = { status = "ineligible", amount = "0.00", failed = { "area-floor" } },
}
M:case {
  name = "4,999.99 m²: just under the floor", as_of = D, clause = "第五条",
  input = rec { aboveground_area_m2 = "4999.99" },
  expect = { status = "ineligible", failed = { "area-floor" } },
}
M:case {
  name = "rounding at the half fen", as_of = D, clause = "第七条",
  -- 180 × 5,000.00025 = 900,000.045 → 900,000.05 (half-up)
  input = rec { aboveground_area_m2 = "5000.00025" },
  expect = { status = "eligible", amount = "900000.05" },
}
M:case {
  name = "fractional area", as_of = D, clause = "第七条",
  -- 180 × 12,345.67 = 2,222,220.60
  input = rec { aboveground_area_m2 = "12345.67" },
  expect = { status = "eligible", amount = "2222220.60" },
}
M:case {
  name = "public building qualifies", as_of = D, clause = "第五条",
  input = rec { building_use = "公共建筑", aboveground_area_m2 = 30000 },
  -- 180 × 30,000 = 5,400,000
  expect = { status = "eligible", amount = "5400000.00" },
}
M:case {
  name = "worked case: residential", as_of = D, clause = "第五条",
  input = rec { building_use = "居住建筑" },
  expect = { status = "ineligible", failed = { "building-use" } },
}
M:case {
  name = "other use", as_of = D, clause = "第五条",
  input = rec { building_use = "其他" },
  expect = { status = "ineligible", failed = { "building-use" } },
}
M:case {
  name = "outside 亦庄新城", as_of = D, clause = "第五条",
  input = rec { in_yizhuang = false },
  expect = { status = "ineligible", failed = { "in-yizhuang" } },
}
M:case {
  name = "worked case: fiscal share exactly 50%", as_of = D, clause = "第五条",
  -- "未达到50%以上": 50% itself is government investment
  input = rec { fiscal_share = "50%" },
  expect = { status = "ineligible", failed = { "non-government-investment" } },
}
M:case {
  name = "fiscal share 49.99%", as_of = D, clause = "第五条",
  input = rec { fiscal_share = "49.99%" },
  expect = { status = "eligible", amount = "3600000.00" },
}
M:case {
  name = "fiscal share 50% under the at_most reading", as_of = D, clause = "第五条",
  interpret = { ["fiscal-share"] = "at_most" },
  input = rec { fiscal_share = "50%" },
  expect = { status = "eligible", amount = "3600000.00" },
}
M:case {
  name = "worked case: fiscal share 60%", as_of = D, clause = "第五条",
  input = rec { fiscal_share = "60%" },
  expect = { status = "ineligible", failed = { "non-government-investment" } },
}
M:case {
  name = "assembly rate 49% (old standard)", as_of = D, clause = "第七条",
  input = rec { assembly_rate = "49%" },
  expect = { status = "ineligible", failed = { "technical-rates" } },
}
M:case {
  name = "assembly rate exactly 50%", as_of = D, clause = "第七条",
  input = rec { assembly_rate = "50%" },
  expect = { status = "eligible", amount = "3600000.00" },
}
M:case {
  name = "precast 40% at 60 m (含)", as_of = D, clause = "第七条",
  input = rec { height_m = 60, precast_rate = "40%" },
  expect = { status = "eligible", amount = "3600000.00" },
}
M:case {
  name = "worked case: 60 m with precast 30%", as_of = D, clause = "第七条",
  -- 60 m is "(含)以下", so ≥ 40% is needed; 30% < 40%
  input = rec { planning_permit_on = "2021-05-01", assembly_rate = "70%", height_m = 60,
                precast_rate = "30%" },
  expect = { status = "ineligible", failed = { "technical-rates" } },
}
M:case {
  name = "precast 39.9% at 45 m", as_of = D, clause = "第七条",
  input = rec { precast_rate = "39.9%" },
  expect = { status = "ineligible", failed = { "technical-rates" } },
}
M:case {
  name = "worked case: 80 m with precast 25%", as_of = D, clause = "第七条",
  -- > 60 m needs ≥ 20%
  input = rec { planning_permit_on = "2021-03-01", assembly_rate = "60%", height_m = 80,
                precast_rate = "25%" },
  expect = { status = "eligible", amount = "3600000.00" },
}
M:case {
  name = "60.01 m with precast 20%", as_of = D, clause = "第七条",
  input = rec { height_m = "60.01", precast_rate = "20%" },
  expect = { status = "eligible", amount = "3600000.00" },
}
M:case {
  name = "60.01 m with precast 19.99%", as_of = D, clause = "第七条",
  input = rec { height_m = "60.01", precast_rate = "19.99%" },
  expect = { status = "ineligible", failed = { "technical-rates" } },
}
M:case {
  name = "worked case: permit after 2021-07-01 meeting DB11/T 1831", as_of = D, clause = "第七条",
  -- the rate thresholds do not apply: assembly 30% is irrelevant
  input = rec { planning_permit_on = "2021-09-01", assembly_rate = "30%", precast_rate = "10%",
                meets_db11_t1831 = true },
  expect = { status = "eligible", amount = "3600000.00" },
}
M:case {
  name = "permit after 2021-07-01 not meeting DB11/T 1831", as_of = D, clause = "第七条",
  input = rec { planning_permit_on = "2021-09-01", meets_db11_t1831 = false },
  expect = { status = "ineligible", failed = { "technical-db11" } },
}
M:case {
  name = "permit on 2021-07-01 itself: new standard", as_of = D, clause = "第七条",
  input = rec { planning_permit_on = "2021-07-01", meets_db11_t1831 = false },
  expect = { status = "ineligible", failed = { "technical-db11" } },
}
M:case {
  name = "permit on 2021-07-01 under the old_standard reading", as_of = D, clause = "第七条",
  interpret = { ["permit-on-2021-07-01"] = "old_standard" },
  input = rec { planning_permit_on = "2021-07-01", meets_db11_t1831 = false },
  expect = { status = "eligible", amount = "3600000.00" },
}
M:case {
  name = "permit 2021-06-30: old thresholds", as_of = D, clause = "第七条",
  input = rec { planning_permit_on = "2021-06-30", meets_db11_t1831 = false },
  expect = { status = "eligible", amount = "3600000.00" },
}
M:case {
  name = "worked case: application by 2022-06-30", as_of = "2022-06-20", clause = "第八条",
  -- permit 2019-05-10 in [2016-01-01, 2022-03-31]; 2022-03-31 + 3 months = 2022-06-30
  input = rec { construction_permit_on = "2019-05-10", applied_on = "2022-06-20" },
  expect = { status = "eligible", amount = "3600000.00" },
}
M:case {
  name = "worked case: application after 2022-06-30", as_of = "2022-07-05", clause = "第八条",
  input = rec { construction_permit_on = "2019-05-10", applied_on = "2022-07-05" },
  expect = { status = "ineligible", failed = { "application-window" } },
}
M:case {
  name = "worked case with the gazette-date reading", as_of = "2022-07-05", clause = "第八条",
  -- 2022-07-08 + 3 months = 2022-10-08 ≥ 2022-07-05
  interpret = { ["publication-date"] = "gazette" },
  input = rec { construction_permit_on = "2019-05-10", applied_on = "2022-07-05" },
  expect = { status = "eligible", amount = "3600000.00" },
}
M:case {
  name = "worked case: applied before first-floor works", as_of = "2022-08-20", clause = "第八条",
  input = rec { planning_permit_on = "2022-01-10", meets_db11_t1831 = true,
                construction_permit_on = "2022-05-10", applied_on = "2022-08-20",
                first_floor_started_on = "2022-09-01" },
  expect = { status = "eligible", amount = "3600000.00" },
}
M:case {
  name = "worked case: applied after first-floor works began", as_of = "2022-09-10", clause = "第八条",
  input = rec { planning_permit_on = "2022-01-10", meets_db11_t1831 = true,
                construction_permit_on = "2022-05-10", applied_on = "2022-09-10",
                first_floor_started_on = "2022-09-01" },
  expect = { status = "ineligible", failed = { "application-window" } },
}
M:case {
  name = "worked case: construction permit before 2016", as_of = "2022-05-01", clause = "第八条",
  input = rec { construction_permit_on = "2015-12-20", applied_on = "2022-05-01" },
  expect = { status = "ineligible", failed = { "application-window" } },
}
M:case {
  name = "worked case: clawback ground found", as_of = D, clause = "第十五条",
  input = rec { clawback_ground = true },
  expect = { status = "ineligible", failed = { "no-clawback-ground" } },
}
M:case {
  name = "area unknown: undetermined", as_of = D, clause = "第五条",
  input = rec { aboveground_area_m2 = "nil" },
  expect = { status = "undetermined", amount = nil, missing = { "aboveground_area_m2" } },
}
M:case {
  name = "precast rate unknown: undetermined", as_of = D, clause = "第七条",
  input = rec { precast_rate = "nil" },
  expect = { status = "undetermined", missing = { "precast_rate" } },
}
M:case {
  name = "before the measure was issued", as_of = "2022-03-30", clause = "第十九条",
  input = rec(),
  expect = { status = "not_in_force" },
}
M:case {
  name = "issue day: in force", as_of = "2022-03-31", clause = "第十九条",
  input = rec(),
  expect = { status = "eligible", amount = "3600000.00" },
}
M:case {
  name = "last day of validity", as_of = "2025-12-31", clause = "第十九条",
  input = rec(),
  expect = { status = "eligible", amount = "3600000.00" },
}
M:case {
  name = "after validity ends", as_of = "2026-01-01", clause = "第十九条",
  -- "有效期至2025年": to 2025-12-31
  input = rec(),
  expect = { status = "not_in_force" },
}
M:case {
  name = "every scope condition fails", as_of = D, clause = "第五条",
  input = rec { in_yizhuang = false, building_use = "居住建筑", fiscal_share = "100%",
                aboveground_area_m2 = 1000, assembly_rate = "10%" },
  expect = { status = "ineligible", amount = "0.00",
             failed = { "in-yizhuang", "building-use", "non-government-investment", "area-floor",
                        "technical-rates" } },
}
M:case {
  name = "rate raised to 200 元/m² with --set", as_of = D, clause = "第七条",
  -- 200 × 20,000 = 4,000,000
  set = { rate_per_m2 = "200" },
  input = rec(),
  expect = { status = "eligible", amount = "4000000.00" },
}

M:case {
  name = "第八条: permit in the 2016–2022 window, application date unknown: undetermined", as_of = "2022-06-20",
  clause = "第八条",
  -- the deadline 2022-03-31 + 3 months = 2022-06-30 is a condition ("过期不予受理"), so the
  -- date of the application must be known
  input = rec { construction_permit_on = "2019-05-10" },
  expect = { status = "undetermined", amount = nil, missing = { "applied_on" } },
}
M:case {
  name = "第八条: application date given, permit date unknown: undetermined", as_of = "2022-06-20",
  clause = "第八条",
  -- which deadline applies (3 months, or before the first-floor works) depends on the permit date
  input = rec { applied_on = "2022-06-20" },
  expect = { status = "undetermined", missing = { "construction_permit_on" } },
}
M:case {
  name = "第八条: permit after 2022-03-31, first-floor works date unknown: undetermined", as_of = "2022-08-20",
  clause = "第八条",
  -- "应在首层楼地面施工前进行申报": without the start of the first-floor works the rule is not met
  -- (it passed before)
  input = rec { planning_permit_on = "2022-01-10", meets_db11_t1831 = true,
                construction_permit_on = "2022-05-10", applied_on = "2022-08-20" },
  expect = { status = "undetermined", missing = { "first_floor_started_on" } },
}
M:case {
  name = "第八条: a permit before 2016 fails whatever the application date", as_of = "2022-05-01",
  clause = "第八条",
  input = rec { construction_permit_on = "2015-12-20" },
  expect = { status = "ineligible", failed = { "application-window" } },
}
M:case {
  name = "第八条: a failed scope rule outweighs an unknown application date", as_of = "2022-06-20",
  clause = "第五条、第八条",
  input = rec { in_yizhuang = false, construction_permit_on = "2019-05-10" },
  expect = { status = "ineligible", failed = { "in-yizhuang" }, missing = { "applied_on" } },
}
M:case {
  name = "第八条 deadline from the parameter issued_on moved by --set", as_of = "2022-07-05", clause = "第八条",
  -- issued_on = 2022-04-10: 2022-04-10 + 3 months = 2022-07-10 ≥ 2022-07-05
  set = { issued_on = "2022-04-10" },
  input = rec { construction_permit_on = "2019-05-10", applied_on = "2022-07-05" },
  expect = { status = "eligible", amount = "3600000.00" },
}
M:case {
  name = "第十九条: the validity reading is named in the result", as_of = "2025-12-31", clause = "第十九条",
  input = rec(),
  expect = { status = "eligible", amount = "3600000.00",
             interpretations = { ["validity-end"] = "end-of-2025" } },
}
M:case {
  name = "第十九条: not in force in 2026 under that reading", as_of = "2026-01-01", clause = "第十九条",
  input = rec(),
  expect = { status = "not_in_force", interpretations = { ["validity-end"] = "end-of-2025" } },
}

return M
