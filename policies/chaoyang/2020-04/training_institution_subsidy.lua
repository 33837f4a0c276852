-- 朝政发〔2020〕9号 四（四）: 提升培训机构办学质量，三项一次性培训补贴 (M12).
-- gazettes/chaoyang-2020-04.txt:396: "辖区民办职业技能培训机构在北京市分级评估中取得 A 类等级的，
-- 给予一次性 10 万元培训补贴。辖区定点职业技能培训机构当年开展本区城镇登记失业人员、农村转移劳动力
-- 职业技能培训 500 人以上或定点创业培训机构开展创业培训 200 人以上的，给予一次性 5 万元培训补贴。
-- 辖区民办职业技能培训机构年度培训人数在 3000 人以上的一次性给予 3 万元培训补贴，5000 人以上的一次性
-- 给予 5 万元培训补贴，8000 人以上的一次性给予 10 万元培训补贴。" In force from 2021-01-01
-- (line 430); the counts are those of the calendar year of as_of. The document has no 就高不重复
-- clause: the three sentences stack unless `stacking=highest`.
local M = measure {
  id = "chaoyang.training-institution-subsidy",
  title = "职业技能培训机构一次性培训补贴",
  document = {
    number = "朝政发〔2020〕9号",
    title = "北京市朝阳区人民政府关于做好当前和今后一个时期促就业稳就业工作的实施意见",
    issuer = "北京市朝阳区人民政府",
    issued_on = "2020-12-24",
    gazette = "北京市朝阳区人民政府公报 2020年第4期",
    source = "gazettes/chaoyang-2020-04.txt:344-438",
  },
  valid = { from = "2021-01-01", clause = "施行日期" },
  entity = "institution",
  inputs = {
    in_chaoyang                  = { type = "boolean", specific = true, label = "辖区（朝阳区）培训机构" },
    private                      = { type = "boolean", specific = true, label = "民办职业技能培训机构" },
    beijing_grade                = { type = "enum", specific = true, values = { "A", "B", "C", "D", "无" },
                                     label = "北京市分级评估等级（民办）" },
    designated_vocational        = { type = "boolean", specific = true, label = "定点职业技能培训机构" },
    unemployed_and_rural_trained = { type = "integer", specific = true,
                                     label = "当年培训本区城镇登记失业人员和农村转移劳动力人数（定点职业技能）" },
    designated_startup           = { type = "boolean", specific = true, label = "定点创业培训机构" },
    startup_trained              = { type = "integer", specific = true, label = "当年创业培训人数（定点创业）" },
    annual_trainees              = { type = "integer", specific = true, label = "年度培训人数（民办）" },
  },
  outputs = {
    grade_award      = { type = "money" },
    designated_award = { type = "money" },
    volume_award     = { type = "money" },
    total            = { type = "money" },
  },
  output_order = { "grade_award", "designated_award", "volume_award", "total" },
  amount = "total",
}

local F = "2021-01-01"
M:param("grade_award", {
  { from = F, value = wan(10), clause = "四（四）", lines = 396,
    text = "辖区民办职业技能培训机构在北京市分级评估中取得 A 类等级的，给予一次性 10 万元培训补贴" },
})
M:param("designated_award", {
  { from = F, value = wan(5), clause = "四（四）", lines = 396, text = "给予一次性 5 万元培训补贴" },
})
M:param("designated_vocational_min", {
  { from = F, value = 500, clause = "四（四）", lines = 396,
    text = "当年开展本区城镇登记失业人员、农村转移劳动力职业技能培训 500 人以上" },
})
M:param("designated_startup_min", {
  { from = F, value = 200, clause = "四（四）", lines = 396, text = "定点创业培训机构开展创业培训 200 人以上" },
})
M:param("volume_award_3000", {
  { from = F, value = wan(3), clause = "四（四）", lines = 396, text = "年度培训人数在 3000 人以上的一次性给予 3 万元培训补贴" },
})
M:param("volume_award_5000", {
  { from = F, value = wan(5), clause = "四（四）", lines = 396, text = "5000 人以上的一次性给予 5 万元培训补贴" },
})
M:param("volume_award_8000", {
  { from = F, value = wan(10), clause = "四（四）", lines = 396, text = "8000 人以上的一次性给予 10 万元培训补贴" },
})

M:interpretation("stacking", {
  text = "三句各自给予“一次性”补贴，文件无“就高不重复”条款：同一机构可否同时享受",
  default = "cumulative",
  choices = {
    cumulative = "三项补贴各自计算后相加",
    highest = "只给三项中最高的一项",
  },
})
M:interpretation("volume-tiers", {
  text = "“3000 人以上…3 万元，5000 人以上…5 万元，8000 人以上…10 万元”：只适用最高一档还是逐档累加",
  default = "highest-tier",
  choices = {
    ["highest-tier"] = "只适用达到的最高一档（9000 人：10 万元）",
    cumulative = "达到的各档相加（9000 人：3 + 5 + 10 = 18 万元）",
  },
})
M:interpretation("target-groups", {
  text = "“本区城镇登记失业人员、农村转移劳动力职业技能培训 500 人以上”：两类人员合计",
  default = "summed",
  choices = { summed = "两类人员合计人数（unemployed_and_rural_trained）达到 500" },
})

-- Volume tiers (以上 includes the number): each names the award parameter of its tier.
local VOLUME = tiers {
  { from = 3000, to = 5000, bounds = "[)", value = "3000", clause = "四（四） 3000 人以上" },
  { from = 5000, to = 8000, bounds = "[)", value = "5000", clause = "四（四） 5000 人以上" },
  { from = 8000, bounds = "[)", value = "8000", clause = "四（四） 8000 人以上" },
}

-- The three awards of a record; each reads only what its sentence needs.
local function awards(r, ctx)
  local zero = yuan(0)
  local grade = zero
  if r.private and r.beijing_grade == "A" then grade = ctx.p.grade_award end
  local designated = zero
  ctx:interpret("target-groups")
  if (r.designated_vocational and r.unemployed_and_rural_trained >= ctx.p.designated_vocational_min)
      or (r.designated_startup and r.startup_trained >= ctx.p.designated_startup_min) then
    designated = ctx.p.designated_award
  end
  local volume = zero
  if r.private then
    local amounts = { ["3000"] = ctx.p.volume_award_3000, ["5000"] = ctx.p.volume_award_5000,
                      ["8000"] = ctx.p.volume_award_8000 }
    local tier, i = VOLUME:find(r.annual_trainees)
    if tier then
      if ctx:interpret("volume-tiers") == "cumulative" then
        for j = 1, i do volume = volume + amounts[VOLUME.list[j].value] end
      else
        volume = amounts[tier.value]
      end
    end
  end
  return grade, designated, volume
end

M:rule("in-district", {
  clause = "四（四）", lines = 396, text = "辖区（朝阳区）培训机构",
  check = function(r) return r.in_chaoyang == true end,
})
M:rule("some-award", {
  clause = "四（四）", lines = 396,
  text = "至少符合一项：民办机构取得 A 类等级；定点职业技能培训 500 人以上或定点创业培训 200 人以上；民办机构年度培训 3000 人以上",
  check = function(r, ctx)
    local g, d, v = awards(r, ctx)
    local any = g > yuan(0) or d > yuan(0) or v > yuan(0)
    return any, any and nil or "三项补贴均不符合"
  end,
})

M:compute(function(r, ctx, out)
  local g, d, v = awards(r, ctx)
  out.grade_award = g
  out.designated_award = d
  out.volume_award = v
  if ctx:interpret("stacking") == "highest" then
    out.total = max(g, max(d, v))
    ctx:note("就高：max(%s, %s, %s) = %s", g, d, v, out.total)
  else
    out.total = g + d + v
    ctx:note("%s + %s + %s = %s", g, d, v, out.total)
  end
end)

-- ---------------------------------------------------------------------------------------
-- Test cases. Base record: the worked case (private, A grade, designated vocational).
local BASE = {
  in_chaoyang = true, private = true, beijing_grade = "A",
  designated_vocational = true, unemployed_and_rural_trained = 520,
  designated_startup = false, annual_trainees = 5200,
}
local function rec(changes) return measure.variant(BASE, changes) end
-- A public institution that is neither designated: no award unless changed.
local PUBLIC = { in_chaoyang = true, private = false, designated_vocational = false, designated_startup = false }
local function pub(changes) return measure.variant(PUBLIC, changes) end
local AS = "2022-12-15"

M:case {
  name = "worked case: A grade, designated with 520, 5,200 trainees", as_of = AS, clause = "四（四）",
  -- 10万 + 5万 (520 ≥ 500) + 5万 (5,000 ≤ 5,200 < 8,000) = 20万
  input = rec(),
  expect = { status = "eligible", amount = "200000.00",
             outputs = { grade_award = "100000.00", designated_award = "50000.00", volume_award = "50000.00",
                         total = "200000.00" } },
}
M:case {
  name = "worked case under stacking=highest", as_of = AS, clause = "四（四）",
  -- max(10万, 5万, 5万) = 10万; each award is still reported
  interpret = { stacking = "highest" },
  input = rec(),
  expect = { status = "eligible", amount = "100000.00",
             outputs = { grade_award = "100000.00", designated_award = "50000.00", volume_award = "50000.00",
                         total = "100000.00" } },
}
M:case {
  name = "worked case: private, A grade, 1,000 trainees", as_of = AS, clause = "四（四）",
  -- 10万; 1,000 < 3,000: no volume award
  input = rec { designated_vocational = false, annual_trainees = 1000 },
  expect = { status = "eligible", amount = "100000.00", outputs = { volume_award = "0.00", designated_award = "0.00" } },
}
M:case {
  name = "worked case: private, B grade, 1,000 trainees", as_of = AS, clause = "四（四）",
  input = rec { beijing_grade = "B", designated_vocational = false, annual_trainees = 1000 },
  expect = { status = "ineligible", amount = "0.00", failed = { "some-award" } },
}
M:case {
  name = "worked case: a public institution graded A", as_of = AS, clause = "四（四）",
  -- the grade award is for 民办 institutions only; grade and trainees are not read
  input = pub { beijing_grade = "A" },
  expect = { status = "ineligible", amount = "0.00", failed = { "some-award" } },
}
M:case {
  name = "worked case: designated vocational, 320 + 230 = 550", as_of = AS, clause = "四（四）",
  -- target-groups=summed: 550 ≥ 500 → 5万
  input = pub { designated_vocational = true, unemployed_and_rural_trained = 550 },
  expect = { status = "eligible", amount = "50000.00", outputs = { designated_award = "50000.00", grade_award = "0.00" } },
}
M:case {
  name = "worked case: designated startup, 180 trained", as_of = AS, clause = "四（四）",
  input = pub { designated_startup = true, startup_trained = 180 },
  expect = { status = "ineligible", amount = "0.00", failed = { "some-award" } },
}
M:case {
  name = "worked case: not designated, 600 trained", as_of = AS, clause = "四（四）",
  -- the count is not read for a non-designated institution
  input = pub { unemployed_and_rural_trained = 600 },
  expect = { status = "ineligible", amount = "0.00", failed = { "some-award" } },
}
M:case {
  name = "designated vocational: 499 vs 500", as_of = AS, clause = "四（四）",
  input = pub { designated_vocational = true, unemployed_and_rural_trained = 499 },
  expect = { status = "ineligible", amount = "0.00", failed = { "some-award" } },
}
M:case {
  name = "designated vocational: exactly 500", as_of = AS, clause = "四（四）",
  input = pub { designated_vocational = true, unemployed_and_rural_trained = 500 },
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "designated startup: exactly 200", as_of = AS, clause = "四（四）",
  input = pub { designated_startup = true, startup_trained = 200 },
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "designated startup: 199", as_of = AS, clause = "四（四）",
  input = pub { designated_startup = true, startup_trained = 199 },
  expect = { status = "ineligible", amount = "0.00" },
}
M:case {
  name = "both designations met: one 5万", as_of = AS, clause = "四（四）",
  -- "…500 人以上或…200 人以上的，给予一次性 5 万元": one award
  input = pub { designated_vocational = true, unemployed_and_rural_trained = 800, designated_startup = true,
                startup_trained = 300 },
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "worked case: private, 3,500 trainees", as_of = AS, clause = "四（四）",
  -- 3,000 ≤ 3,500 < 5,000 → 3万
  input = rec { beijing_grade = "B", designated_vocational = false, annual_trainees = 3500 },
  expect = { status = "eligible", amount = "30000.00", outputs = { volume_award = "30000.00" } },
}
M:case {
  name = "worked case: exactly 5,000 trainees", as_of = AS, clause = "四（四）",
  input = rec { beijing_grade = "B", designated_vocational = false, annual_trainees = 5000 },
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "worked case: 9,000 trainees, highest tier only", as_of = AS, clause = "四（四）",
  -- 10万, not 3万 + 5万 + 10万
  input = rec { beijing_grade = "B", designated_vocational = false, annual_trainees = 9000 },
  expect = { status = "eligible", amount = "100000.00" },
}
M:case {
  name = "9,000 trainees under volume-tiers=cumulative", as_of = AS, clause = "四（四）",
  -- 3万 + 5万 + 10万 = 18万
  interpret = { ["volume-tiers"] = "cumulative" },
  input = rec { beijing_grade = "B", designated_vocational = false, annual_trainees = 9000 },
  expect = { status = "eligible", amount = "180000.00", outputs = { volume_award = "180000.00" } },
}
M:case {
  name = "5,200 trainees under volume-tiers=cumulative", as_of = AS, clause = "四（四）",
  -- 10万 + 5万 + (3万 + 5万) = 23万
  interpret = { ["volume-tiers"] = "cumulative" },
  input = rec(),
  expect = { status = "eligible", amount = "230000.00", outputs = { volume_award = "80000.00" } },
}
M:case {
  name = "2,999 trainees", as_of = AS, clause = "四（四）",
  input = rec { beijing_grade = "无", designated_vocational = false, annual_trainees = 2999 },
  expect = { status = "ineligible", amount = "0.00", failed = { "some-award" } },
}
M:case {
  name = "exactly 3,000 trainees", as_of = AS, clause = "四（四）",
  input = rec { beijing_grade = "无", designated_vocational = false, annual_trainees = 3000 },
  expect = { status = "eligible", amount = "30000.00" },
}
M:case {
  name = "4,999 trainees stay in the 3万 tier", as_of = AS, clause = "四（四）",
  input = rec { beijing_grade = "D", designated_vocational = false, annual_trainees = 4999 },
  expect = { status = "eligible", amount = "30000.00" },
}
M:case {
  name = "7,999 trainees stay in the 5万 tier", as_of = AS, clause = "四（四）",
  -- 7,999: 5,000 ≤ 7,999 < 8,000 → 5万
  input = rec { beijing_grade = "C", designated_vocational = false, annual_trainees = 7999 },
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "exactly 8,000 trainees", as_of = AS, clause = "四（四）",
  input = rec { beijing_grade = "C", designated_vocational = false, annual_trainees = 8000 },
  expect = { status = "eligible", amount = "100000.00" },
}
M:case {
  name = "A grade and 9,000 trainees under stacking=highest", as_of = AS, clause = "四（四）",
  -- max(10万, 0, 10万) = 10万 (cumulative: 20万)
  interpret = { stacking = "highest" },
  input = rec { designated_vocational = false, annual_trainees = 9000 },
  expect = { status = "eligible", amount = "100000.00" },
}
M:case {
  name = "outside the district", as_of = AS, clause = "四（四）",
  input = rec { in_chaoyang = false },
  expect = { status = "ineligible", amount = "0.00", failed = { "in-district" },
             outputs = { grade_award = "0.00", total = "0.00" } },
}
M:case {
  name = "grade unknown for a private institution: undetermined", as_of = AS, clause = "四（四）",
  input = rec { beijing_grade = "nil" },
  expect = { status = "undetermined", amount = "null", missing = { "beijing_grade" } },
}
M:case {
  name = "annual trainees unknown for a private institution: undetermined", as_of = AS, clause = "四（四）",
  -- the grade award is certain but the total depends on the volume award
  input = rec { annual_trainees = "nil" },
  expect = { status = "undetermined", missing = { "annual_trainees" } },
}
M:case {
  name = "district unknown: undetermined", as_of = AS, clause = "四（四）",
  input = rec { in_chaoyang = "nil" },
  expect = { status = "undetermined", missing = { "in_chaoyang" } },
}
M:case {
  name = "outside the district outweighs unknown counts", as_of = AS, clause = "四（四）",
  input = rec { in_chaoyang = false, annual_trainees = "nil", beijing_grade = "nil" },
  expect = { status = "ineligible", amount = "0.00", failed = { "in-district" } },
}
M:case {
  name = "trained count unknown for a designated institution: undetermined", as_of = AS, clause = "四（四）",
  input = pub { designated_vocational = true },
  expect = { status = "undetermined", missing = { "unemployed_and_rural_trained" } },
}
M:case {
  name = "before 2021-01-01: not in force", as_of = "2020-12-31", clause = "施行日期",
  input = rec(),
  expect = { status = "not_in_force", amount = "null" },
}
M:case {
  name = "first day in force", as_of = "2021-01-01", clause = "施行日期",
  input = rec(),
  expect = { status = "eligible", amount = "200000.00" },
}
M:case {
  name = "grade award set to 12万", as_of = AS, clause = "四（四）",
  -- 12万 + 5万 + 5万 = 22万
  set = { grade_award = "12万" },
  input = rec(),
  expect = { status = "eligible", amount = "220000.00" },
}
M:case {
  name = "an unknown grade is an input error", as_of = AS, clause = "四（四）",
  input = rec { beijing_grade = "A+" },
  expect = { error = "is not one of the allowed values" },
}

return M
