-- 京建法〔2024〕12号《北京市公共建筑能效分级管理办法》第三条, 第五条, 第八条, 第九条: the energy
-- grade of a public building, what the grade obliges its owner to do and when a large building
-- must be graded (M23). gazettes/beijing-2025-12.txt:570-681 (第三条 at 593-595, 第五条 at
-- 607-619, 第八条 at 639-647, 第九条 at 651-655, 第十二条 at 667, the two 第十五条 at 673 and 675,
-- 第十六条 at 677).
--
-- A calculator: eligible for every building in the 办法's scope (第三条, the second 第十五条);
-- no amount. The guide value G and constraint value C come from the current 《民用建筑能耗标准》
-- for the building type (the gazette does not print them), in the unit of the intensity; every
-- multiple of C is an exact ratio. Beyond the worked cases: `demonstration` (第十二条: grades 1 and 2 may
-- apply for the 能效示范 selection) and `green_label_grade_met` (the first 第十五条: a green
-- building label needs grade 1 to 4).
local M = measure {
  id = "beijing.public-building-energy-grade",
  title = "公共建筑能效分级",
  document = {
    number = "京建法〔2024〕12号",
    title = "北京市公共建筑能效分级管理办法",
    issuer = "北京市住房和城乡建设委员会、北京市发展和改革委员会",
    issued_on = "2024-12-26",
    gazette = "北京市人民政府公报 2025年第12期",
    source = "gazettes/beijing-2025-12.txt:570-681",
  },
  -- 第十六条 "本办法自 2025 年 2 月 1 日起施行"; as_of is the date of the grading.
  valid = { from = "2025-02-01", clause = "第十六条" },
  entity = "building",
  inputs = {
    building_area_m2     = { type = "decimal", specific = true, label = "单体建筑面积（平方米）" },
    public_area_m2       = { type = "decimal", specific = true, label = "公共建筑部分面积（平方米）" },
    state_secret         = { type = "boolean", specific = true, label = "涉及国家秘密" },
    central_organ_office = { type = "boolean", specific = true, optional = true,
                             label = "中央和国家机关及所属在京公共机构办公区（缺省：否）" },
    energy_intensity     = { type = "decimal", specific = true, label = "年度综合能耗强度" },
    guide_value          = { type = "decimal", specific = true, label = "综合能耗指标引导值（《民用建筑能耗标准》）" },
    constraint_value     = { type = "decimal", specific = true, label = "综合能耗指标约束值（《民用建筑能耗标准》）" },
    data_year            = { type = "integer", specific = true, label = "能耗数据所属年度" },
    previous_grade       = { type = "integer", specific = true, optional = true, label = "上一年度（data_year − 1）能效等级" },
  },
  outputs = {
    grade                 = { type = "integer" },
    obligation            = { type = "text" },
    grading_due           = { type = "date" },
    demonstration         = { type = "boolean" },
    green_label_grade_met = { type = "boolean" },
  },
  output_order = { "grade", "obligation", "grading_due", "demonstration", "green_label_grade_met" },
}

local F = "2025-02-01"
M:param("min_public_area_m2", {
  { from = F, value = 3000, clause = "第三条", lines = 593, text = "公共建筑部分面积在3000平方米以上" },
})
M:param("min_public_share", {
  { from = F, value = pct(50), clause = "第三条", lines = 593, text = "公共建筑部分的面积占比超过50%的单体建筑" },
})
M:param("grade3_multiple", {
  { from = F, value = ratio("1.5"), clause = "第五条（三）（四）", lines = "613-615",
    text = "超过约束值但不超过约束值的1.5倍时，其能效等级为三级" },
})
M:param("grade4_multiple", {
  { from = F, value = ratio("1.8"), clause = "第五条（四）（五）", lines = "615-617",
    text = "超过约束值的1.5倍但不超过约束值的1.8倍时，其能效等级为四级；超过约束值的1.8倍时，其能效等级为五级" },
})
M:param("large_building_over_m2", {
  { from = F, value = 20000, clause = "第八条第一款", lines = 639, text = "大型公共建筑(单体建筑面积超过20000平方米)" },
})
M:param("grading_month", {
  { from = F, value = 6, clause = "第八条第一款", lines = 639, text = "应在每年6月底前登录服务系统完成能效分级" },
})

M:interpretation("grading-cycle", {
  text = "第八条“每年6月底前……完成能效分级”：未写明分级所用能耗数据的年度",
  default = "previous-year-data",
  choices = { ["previous-year-data"] = "6月底前完成的分级针对上一自然年度的能耗数据：data_year 的分级于 data_year + 1 年 6 月 30 日前完成" },
})
M:interpretation("before-effect", {
  text = "第八条的分级期限与第十六条“自2025年2月1日起施行”：2023 年及以前的数据，其“次年6月底”早于施行日",
  default = "formula",
  choices = {
    formula = "grading_due 一律为 data_year + 1 年 6 月 30 日（按规格书的公式，早于施行日也照算）",
    none = "期限早于施行日（2025-02-01）的，本办法不设此期限，grading_due 为空",
  },
})
M:interpretation("large-building", {
  text = "第八条“大型公共建筑(单体建筑面积超过20000平方米)”：按单体建筑面积，“超过”不含本数",
  default = "单体建筑面积超过20000",
  choices = { ["单体建筑面积超过20000"] = "单体建筑面积大于 20000 平方米；恰为 20000 平方米的不是大型公共建筑" },
})

-- ---- scope: 第三条, the second 第十五条 ----
local function area(v, name, zero_ok)
  if v < 0 or (not zero_ok and v <= 0) then -- (a ratio never == a number in Lua: compare with <=)
    error(("%s: %s m² is not a %s area"):format(name, tostring(v), zero_ok and "non-negative" or "positive"), 0)
  end
  return v
end

M:rule("public-area", {
  clause = "第三条第一款", lines = 593, text = "公共建筑部分面积在3000平方米以上",
  check = function(r, ctx) return threshold(area(r.public_area_m2, "public_area_m2", true), "以上", ctx.p.min_public_area_m2) end,
})
M:rule("public-share", {
  clause = "第三条第一款", lines = 593, text = "公共建筑部分的面积占比超过50%",
  check = function(r, ctx)
    local building, public = area(r.building_area_m2, "building_area_m2"), r.public_area_m2
    if public > building then
      error(("public_area_m2 %s m² exceeds building_area_m2 %s m²"):format(tostring(public), tostring(building)), 0)
    end
    local share = public / building
    return threshold(share, "超过", ctx.p.min_public_share)
  end,
})
M:rule("not-state-secret", {
  clause = "第三条第二款", lines = 595, text = "涉及国家秘密的公共建筑除外",
  check = function(r) return r.state_secret == false end,
})
M:rule("not-central-organ-office", {
  clause = "第十五条（第二个）", lines = 675,
  text = "中央和国家机关及所属在京公共机构办公区的能效分级工作由国管局、中直管理局会同有关单位另行制定管理制度并组织实施",
  check = function(r) return r.central_organ_office ~= true end,
})

-- ---- 第五条: the grade ----
local function grade_of(r, ctx)
  local I, G, C = r.energy_intensity, r.guide_value, r.constraint_value
  if I < 0 then error(("energy_intensity: %s is negative"):format(tostring(I)), 0) end
  if G <= 0 or C <= 0 then
    error(("guide_value %s and constraint_value %s must be positive"):format(tostring(G), tostring(C)), 0)
  end
  if G > C then
    error(("guide_value %s exceeds constraint_value %s (《民用建筑能耗标准》: 引导值 ≤ 约束值)"):format(tostring(G),
      tostring(C)), 0)
  end
  local c15, c18 = ctx.p.grade3_multiple * C, ctx.p.grade4_multiple * C
  local grade
  if I <= G then grade = 1
  elseif I <= C then grade = 2
  elseif I <= c15 then grade = 3
  elseif I <= c18 then grade = 4
  else grade = 5 end
  ctx:note("第五条：I = %s；G = %s，C = %s，1.5C = %s，1.8C = %s → %d 级", tostring(I), tostring(G), tostring(C),
    tostring(c15), tostring(c18), grade)
  return grade
end

M:compute(function(r, ctx, out)
  local grade = grade_of(r, ctx)
  out.grade = grade

  -- 第九条
  if grade <= 2 then
    out.obligation = "none"
  elseif grade <= 4 then
    out.obligation = "green-operation"
    ctx:note("第九条第一款：健全绿色运行维护管理制度，设置专人负责，查找影响能效的因素，采取改进措施")
  else
    local prev = r.previous_grade
    if prev ~= nil and (prev < 1 or prev > 5) then
      error(("previous_grade: %d is not an energy grade (1 to 5)"):format(prev), 0)
    end
    if prev == 5 then
      out.obligation = "retrofit"
      ctx:note("第九条第三款：连续两年五级，加强节能管理并实施节能绿色化改造（第十三条：未改造的依《北京市建筑绿色发展条例》第五十九条处理）")
    else
      out.obligation = "deep-audit"
      ctx:note("第九条第二款：节能检测和诊断，深度能源审计，采取改进措施")
    end
  end

  -- 第八条: a large building grades each year's data by the end of June of the next year.
  ctx:interpret("large-building")
  local building = r.building_area_m2
  if threshold(building, "超过", ctx.p.large_building_over_m2) then
    ctx:interpret("grading-cycle")
    local y = r.data_year + 1
    local month = ctx.p.grading_month
    local due = date(y + (month == 12 and 1 or 0), month % 12 + 1, 1) - 1 -- the last day of that month
    if due < M.valid.from and ctx:interpret("before-effect") == "none" then
      -- the 办法 imposes no grading before it took effect
      ctx:note("第八条：%d 年数据的分级期限 %s 早于本办法施行日 %s，本办法不设此期限", r.data_year,
        tostring(due), tostring(M.valid.from))
    else
      out.grading_due = due
      ctx:note("第八条：大型公共建筑（%s m² > 20000 m²），%d 年数据于 %s 前完成分级", tostring(building),
        r.data_year, tostring(due))
    end
  end

  out.demonstration = grade <= 2
  out.green_label_grade_met = grade <= 4
end)

-- ---------------------------------------------------------------------------------------
-- Test cases. Base record: the worked case (a hotel of 25,000 m², 24,000 m² public, I 130,
-- G 80, C 100, data of 2024). The grade cases use hypothetical values G = 60, C = 80 (the
-- 引导值 and 约束值 are those of 《民用建筑能耗标准》, not of this 办法: 第五条, line 607).
local BASE = { building_area_m2 = 25000, public_area_m2 = 24000, state_secret = false,
               energy_intensity = 130, guide_value = 80, constraint_value = 100, data_year = 2024 }
local function rec(changes) return measure.variant(BASE, changes) end
local function g6080(I, changes)
  local t = measure.variant(BASE, { energy_intensity = I, guide_value = 60, constraint_value = 80 })
  return measure.variant(t, changes)
end
local AS = "2025-03-01"

M:case {
  name = "worked case: hotel, I 130 against C 100", as_of = AS, clause = "第五条（三）、第八条、第九条",
  -- 100 < 130 ≤ 150 (1.5 × 100) → grade 3; 25,000 > 20,000 → due 2025-06-30 for 2024's data
  input = rec(),
  expect = { status = "eligible", amount = "null",
             outputs = { grade = "3", obligation = "green-operation", grading_due = "2025-06-30",
                         demonstration = "false", green_label_grade_met = "true" } },
}
M:case {
  name = "worked case: I 55 ≤ G 60 → grade 1", as_of = AS, clause = "第五条（一）",
  input = g6080(55),
  expect = { status = "eligible", outputs = { grade = "1", obligation = "none", demonstration = "true" } },
}
M:case {
  name = "worked case: I = G = 60 (不超过 includes it) → grade 1", as_of = AS, clause = "第五条（一）",
  input = g6080(60),
  expect = { status = "eligible", outputs = { grade = "1" } },
}
M:case {
  name = "I 60.01 just over G → grade 2", as_of = AS, clause = "第五条（二）",
  input = g6080("60.01"),
  expect = { status = "eligible", outputs = { grade = "2", obligation = "none", demonstration = "true" } },
}
M:case {
  name = "worked case: I = C = 80 → grade 2", as_of = AS, clause = "第五条（二）",
  input = g6080(80),
  expect = { status = "eligible", outputs = { grade = "2" } },
}
M:case {
  name = "worked case: I = 1.5C = 120 → grade 3", as_of = AS, clause = "第五条（三）",
  -- 1.5 × 80 = 120
  input = g6080(120),
  expect = { status = "eligible", outputs = { grade = "3", obligation = "green-operation" } },
}
M:case {
  name = "I 120.01 just over 1.5C → grade 4", as_of = AS, clause = "第五条（四）",
  input = g6080("120.01"),
  expect = { status = "eligible", outputs = { grade = "4", obligation = "green-operation",
                                              green_label_grade_met = "true" } },
}
M:case {
  name = "worked case: I 121 → grade 4", as_of = AS, clause = "第五条（四）",
  -- 120 < 121 ≤ 144
  input = g6080(121),
  expect = { status = "eligible", outputs = { grade = "4" } },
}
M:case {
  name = "worked case: I = 1.8C = 144 → grade 4", as_of = AS, clause = "第五条（四）",
  -- 1.8 × 80 = 144
  input = g6080(144),
  expect = { status = "eligible", outputs = { grade = "4" } },
}
M:case {
  name = "worked case: I 145 over 1.8C → grade 5", as_of = AS, clause = "第五条（五）、第九条第二款",
  input = g6080(145),
  expect = { status = "eligible", outputs = { grade = "5", obligation = "deep-audit", demonstration = "false",
                                              green_label_grade_met = "false" } },
}
M:case {
  name = "I 144.01 just over 1.8C → grade 5", as_of = AS, clause = "第五条（五）",
  input = g6080("144.01"),
  expect = { status = "eligible", outputs = { grade = "5" } },
}
M:case {
  name = "exact decimals: C 88.8, 1.8C = 159.84 is grade 4", as_of = AS, clause = "第五条（四）",
  -- 1.8 × 88.8 = 159.84 exactly (a float product would be 159.83999…)
  input = rec { energy_intensity = "159.84", guide_value = "66.6", constraint_value = "88.8" },
  expect = { status = "eligible", outputs = { grade = "4" } },
}
M:case {
  name = "exact decimals: 159.85 over 1.8 × 88.8 is grade 5", as_of = AS, clause = "第五条（五）",
  input = rec { energy_intensity = "159.85", guide_value = "66.6", constraint_value = "88.8" },
  expect = { status = "eligible", outputs = { grade = "5" } },
}
M:case {
  name = "worked case: grade 5 after a grade 4 → deep audit", as_of = AS, clause = "第九条第二款",
  input = g6080(150, { previous_grade = 4 }),
  expect = { status = "eligible", outputs = { grade = "5", obligation = "deep-audit" } },
}
M:case {
  name = "worked case: grade 5 two years running → retrofit", as_of = AS, clause = "第九条第三款",
  input = g6080(150, { previous_grade = 5 }),
  expect = { status = "eligible", outputs = { grade = "5", obligation = "retrofit" } },
}
M:case {
  name = "previous grade not read below grade 5", as_of = AS, clause = "第九条",
  -- an impossible previous grade is ignored when the grade is 3
  input = rec { previous_grade = 9 },
  expect = { status = "eligible", outputs = { grade = "3", obligation = "green-operation" } },
}
M:case {
  name = "an impossible previous grade is an error when read", as_of = AS, clause = "第九条第三款",
  input = g6080(150, { previous_grade = 9 }),
  expect = { error = "previous_grade: 9 is not an energy grade" },
}
M:case {
  name = "worked case: 8,000 m², 5,000 public", as_of = AS, clause = "第三条",
  -- 5,000 ≥ 3,000; 5,000 / 8,000 = 62.5% > 50%; not large → no due date
  input = rec { building_area_m2 = 8000, public_area_m2 = 5000 },
  expect = { status = "eligible", outputs = { grade = "3", grading_due = "null" } },
}
M:case {
  name = "worked case: 3,000 m² all public (以上 includes 3,000)", as_of = AS, clause = "第三条",
  input = rec { building_area_m2 = 3000, public_area_m2 = 3000 },
  expect = { status = "eligible", outputs = { grade = "3" } },
}
M:case {
  name = "public part 2,999.99 m²: out of scope", as_of = AS, clause = "第三条",
  input = rec { building_area_m2 = 3000, public_area_m2 = "2999.99" },
  expect = { status = "ineligible", amount = "null", failed = { "public-area" },
             outputs = { grade = "null", obligation = "null", grading_due = "null" } },
}
M:case {
  name = "worked case: 9,000 m², 4,000 public (44.4%)", as_of = AS, clause = "第三条",
  input = rec { building_area_m2 = 9000, public_area_m2 = 4000 },
  expect = { status = "ineligible", failed = { "public-share" } },
}
M:case {
  name = "public share exactly 50%: 超过 excludes it", as_of = AS, clause = "第三条",
  -- 12,000 / 24,000 = 50%, not over
  input = rec { building_area_m2 = 24000, public_area_m2 = 12000 },
  expect = { status = "ineligible", failed = { "public-share" } },
}
M:case {
  name = "public share 50.0001%", as_of = AS, clause = "第三条",
  -- 12,000.01 / 24,000 > 50%
  input = rec { building_area_m2 = 24000, public_area_m2 = "12000.01" },
  expect = { status = "eligible", outputs = { grade = "3", grading_due = "2025-06-30" } },
}
M:case {
  name = "state secret: excluded", as_of = AS, clause = "第三条第二款",
  input = rec { state_secret = true },
  expect = { status = "ineligible", failed = { "not-state-secret" } },
}
M:case {
  name = "worked case: a central ministry's office area", as_of = AS, clause = "第十五条（第二个）",
  input = rec { central_organ_office = true },
  expect = { status = "ineligible", failed = { "not-central-organ-office" } },
}
M:case {
  name = "worked case: a municipal bureau's office building is in scope", as_of = AS, clause = "第七条",
  input = rec { central_organ_office = false },
  expect = { status = "eligible", outputs = { grade = "3" } },
}
M:case {
  name = "every scope condition fails at once", as_of = AS, clause = "第三条、第十五条",
  input = rec { building_area_m2 = 9000, public_area_m2 = 2000, state_secret = true, central_organ_office = true },
  expect = { status = "ineligible",
             failed = { "public-area", "public-share", "not-state-secret", "not-central-organ-office" } },
}
M:case {
  name = "worked case: exactly 20,000 m² is not large", as_of = AS, clause = "第八条",
  -- data_year not read for a building that is not large
  input = rec { building_area_m2 = 20000, public_area_m2 = 20000, data_year = "nil" },
  expect = { status = "eligible", outputs = { grade = "3", grading_due = "null" } },
}
M:case {
  name = "20,000.01 m² is large", as_of = AS, clause = "第八条",
  input = rec { building_area_m2 = "20000.01", public_area_m2 = 20000 },
  expect = { status = "eligible", outputs = { grading_due = "2025-06-30" } },
}
M:case {
  name = "large building, 2025 data due 2026-06-30", as_of = "2026-04-01", clause = "第八条",
  input = rec { data_year = 2025 },
  expect = { status = "eligible", outputs = { grading_due = "2026-06-30" } },
}
M:case {
  name = "2023 data: due 2024-06-30 by the formula, though before the 办法", as_of = AS, clause = "第八条、第十六条",
  -- 30 June of 2023 + 1 = 2024-06-30 (before-effect = formula, the default reading)
  input = rec { data_year = 2023 },
  expect = { status = "eligible", outputs = { grade = "3", grading_due = "2024-06-30" },
             interpretations = { ["before-effect"] = "formula" } },
}
M:case {
  name = "2023 data under before-effect=none: its June 2024 date precedes the 办法, no due date", as_of = AS,
  clause = "第八条、第十六条",
  interpret = { ["before-effect"] = "none" },
  input = rec { data_year = 2023 },
  expect = { status = "eligible", outputs = { grade = "3", grading_due = "null" } },
}
M:case {
  name = "large building, data year unknown: undetermined", as_of = AS, clause = "第八条",
  input = rec { data_year = "nil" },
  expect = { status = "undetermined", amount = "null", missing = { "data_year" } },
}
M:case {
  name = "intensity unknown: undetermined", as_of = AS, clause = "第五条",
  input = rec { energy_intensity = "nil" },
  expect = { status = "undetermined", missing = { "energy_intensity" } },
}
M:case {
  name = "public area unknown: undetermined", as_of = AS, clause = "第三条",
  input = rec { public_area_m2 = "nil" },
  expect = { status = "undetermined", missing = { "public_area_m2" } },
}
M:case {
  name = "a guide value above the constraint value is an error", as_of = AS, clause = "第五条",
  input = rec { guide_value = 120 },
  expect = { error = "guide_value 120 exceeds constraint_value 100" },
}
M:case {
  name = "a public part larger than the building is an error", as_of = AS, clause = "第三条",
  input = rec { public_area_m2 = 26000 },
  expect = { error = "public_area_m2 26000 m² exceeds building_area_m2 25000 m²" },
}
M:case {
  name = "no public part at all: out of scope, not an error", as_of = AS, clause = "第三条",
  input = rec { public_area_m2 = 0 },
  expect = { status = "ineligible", failed = { "public-area", "public-share" } },
}
M:case {
  name = "a zero building area is an error", as_of = AS, clause = "第三条",
  input = rec { building_area_m2 = 0 },
  expect = { error = "building_area_m2: 0 m² is not a positive area" },
}
M:case {
  name = "worked case: 2025-01-31, before the 办法", as_of = "2025-01-31", clause = "第十六条",
  input = rec(),
  expect = { status = "not_in_force", amount = "null" },
}
M:case {
  name = "worked case: 2025-02-01, the first day", as_of = "2025-02-01", clause = "第十六条",
  input = rec(),
  expect = { status = "eligible", outputs = { grade = "3" } },
}
M:case {
  name = "worked case: the first large-building deadline grades 2024's data", as_of = "2025-06-30",
  clause = "第八条、第十六条",
  input = rec(),
  expect = { status = "eligible", outputs = { grading_due = "2025-06-30" } },
}

return M
