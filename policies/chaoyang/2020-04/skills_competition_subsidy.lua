-- 朝政发〔2020〕9号 四（三）: 行业、企业、院校职业技能竞赛一次性补贴 (M11).
-- gazettes/chaoyang-2020-04.txt:392-394 (line 394 carries the figures): "鼓励行业、企业、院校开展
-- 职业技能竞赛活动，按参赛规模给予一次性补贴，50 人-100 人的一次性补贴 3 万元，100 人-200 人的一次性
-- 补贴 5 万元，200 人以上的一次性补贴 10 万元". In force from 2021-01-01 (line 430); as_of is the
-- competition date. The ranges share their ends (100, 200): reading `shared-edge`.
-- The rest of 四（三） (the district's own competition budget, the 技术能手 awards of 1万–3万 and
-- 3万–10万 with no rank-to-amount mapping) pays other beneficiaries and is not encoded here.
local M = measure {
  id = "chaoyang.skills-competition-subsidy",
  title = "行业、企业、院校职业技能竞赛一次性补贴",
  document = {
    number = "朝政发〔2020〕9号",
    title = "北京市朝阳区人民政府关于做好当前和今后一个时期促就业稳就业工作的实施意见",
    issuer = "北京市朝阳区人民政府",
    issued_on = "2020-12-24",
    gazette = "北京市朝阳区人民政府公报 2020年第4期",
    source = "gazettes/chaoyang-2020-04.txt:344-438",
  },
  valid = { from = "2021-01-01", clause = "施行日期" },   -- as_of = the competition date
  entity = "competition",
  inputs = {
    organizer_type = { type = "enum", specific = true, label = "竞赛举办方", values = { "行业", "企业", "院校", "其他" } },
    participants   = { type = "integer", specific = true, label = "参赛人数" },
  },
  outputs = { subsidy = { type = "money" } },
  amount = "subsidy",
}

M:param("min_participants", {
  { from = "2021-01-01", value = 50, clause = "四（三）", lines = 394, text = "50 人-100 人的一次性补贴 3 万元" },
})
M:param("award_50", {
  { from = "2021-01-01", value = wan(3), clause = "四（三）", lines = 394, text = "50 人-100 人的一次性补贴 3 万元" },
})
M:param("award_100", {
  { from = "2021-01-01", value = wan(5), clause = "四（三）", lines = 394, text = "100 人-200 人的一次性补贴 5 万元" },
})
M:param("award_200", {
  { from = "2021-01-01", value = wan(10), clause = "四（三）", lines = 394, text = "200 人以上的一次性补贴 10 万元" },
})

M:interpretation("shared-edge", {
  text = "“50 人-100 人…100 人-200 人…200 人以上”：100 与 200 同属两个区间，归哪一档",
  default = "upper",
  choices = {
    upper = "共用端点归较高一档：50–99 人 3 万，100–199 人 5 万，200 人以上（含 200）10 万",
    lower = "共用端点归较低一档：50–100 人 3 万，101–199 人 5 万；200 仍 10 万（“200 人以上”含本数）",
  },
})

-- Tier tables over the participant count; each tier names the award it pays.
local UPPER = tiers {
  { from = 50, to = 100, bounds = "[)", value = "50", clause = "四（三） 50 人-100 人" },
  { from = 100, to = 200, bounds = "[)", value = "100", clause = "四（三） 100 人-200 人" },
  { from = 200, bounds = "[)", value = "200", clause = "四（三） 200 人以上" },
}
local LOWER = tiers {
  { from = 50, to = 100, bounds = "[]", value = "50", clause = "四（三） 50 人-100 人" },
  { from = 100, to = 200, bounds = "()", value = "100", clause = "四（三） 100 人-200 人" },
  { from = 200, bounds = "[)", value = "200", clause = "四（三） 200 人以上" },
}

M:rule("organizer", {
  clause = "四（三）", lines = 394, text = "行业、企业、院校开展的职业技能竞赛活动",
  check = function(r) return r.organizer_type ~= "其他", "举办方：" .. r.organizer_type end,
})
M:rule("min-participants", {
  clause = "四（三）", lines = 394, text = "参赛规模 50 人以上（含 50 人）",
  check = function(r, ctx) return threshold(r.participants, "以上", ctx.p.min_participants) end,
})

M:compute(function(r, ctx, out)
  local t = ctx:interpret("shared-edge") == "lower" and LOWER or UPPER
  local key, tier = t:apply(r.participants)
  local award = ({ ["50"] = ctx.p.award_50, ["100"] = ctx.p.award_100, ["200"] = ctx.p.award_200 })[key]
  ctx:note("%d 人：%s → %s", r.participants, tier.clause, award)
  out.subsidy = award
end)

-- ---------------------------------------------------------------------------------------
local function rec(org, n) return { organizer_type = org, participants = n } end
local AS = "2022-05-20"

M:case {
  name = "worked case: 80 participants", as_of = AS, clause = "四（三）",
  -- 50 ≤ 80 < 100 → 3万
  input = rec("企业", 80),
  expect = { status = "eligible", amount = "30000.00", outputs = { subsidy = "30000.00" } },
}
M:case {
  name = "worked case: 150 participants", as_of = AS, clause = "四（三）",
  -- 100 ≤ 150 < 200 → 5万
  input = rec("行业", 150),
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "worked case: a school competition of 250", as_of = AS, clause = "四（三）",
  -- 250 ≥ 200 → 10万
  input = rec("院校", 250),
  expect = { status = "eligible", amount = "100000.00" },
}
M:case {
  name = "49 participants: below the first range", as_of = AS, clause = "四（三）",
  input = rec("企业", 49),
  expect = { status = "ineligible", amount = "0.00", failed = { "min-participants" } },
}
M:case {
  name = "50 participants: the first range includes 50", as_of = AS, clause = "四（三）",
  input = rec("企业", 50),
  expect = { status = "eligible", amount = "30000.00" },
}
M:case {
  name = "99 participants", as_of = AS, clause = "四（三）",
  input = rec("企业", 99),
  expect = { status = "eligible", amount = "30000.00" },
}
M:case {
  name = "100 participants: the higher range (shared-edge=upper)", as_of = AS, clause = "四（三）",
  input = rec("企业", 100),
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "100 participants under shared-edge=lower", as_of = AS, clause = "四（三）",
  -- 50 ≤ 100 ≤ 100 → 3万
  interpret = { ["shared-edge"] = "lower" },
  input = rec("企业", 100),
  expect = { status = "eligible", amount = "30000.00" },
}
M:case {
  name = "101 participants under shared-edge=lower", as_of = AS, clause = "四（三）",
  interpret = { ["shared-edge"] = "lower" },
  input = rec("企业", 101),
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "199 participants", as_of = AS, clause = "四（三）",
  input = rec("院校", 199),
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "200 participants: 10万 (200 人以上 includes 200)", as_of = AS, clause = "四（三）",
  input = rec("院校", 200),
  expect = { status = "eligible", amount = "100000.00" },
}
M:case {
  name = "200 participants under shared-edge=lower: still 10万", as_of = AS, clause = "四（三）",
  interpret = { ["shared-edge"] = "lower" },
  input = rec("院校", 200),
  expect = { status = "eligible", amount = "100000.00" },
}
M:case {
  name = "a competition run by another organizer", as_of = AS, clause = "四（三）",
  input = rec("其他", 150),
  expect = { status = "ineligible", amount = "0.00", failed = { "organizer" } },
}
M:case {
  name = "both conditions fail", as_of = AS, clause = "四（三）",
  input = rec("其他", 10),
  expect = { status = "ineligible", amount = "0.00", failed = { "organizer", "min-participants" } },
}
M:case {
  name = "participants unknown: undetermined", as_of = AS, clause = "四（三）",
  input = { organizer_type = "企业" },
  expect = { status = "undetermined", amount = "null", missing = { "participants" } },
}
M:case {
  name = "organizer unknown: undetermined", as_of = AS, clause = "四（三）",
  input = { participants = 80 },
  expect = { status = "undetermined", missing = { "organizer_type" } },
}
M:case {
  name = "a failed rule outweighs an unknown one", as_of = AS, clause = "四（三）",
  input = { participants = 20 },
  expect = { status = "ineligible", failed = { "min-participants" } },
}
M:case {
  name = "competition on 2020-12-31: not in force", as_of = "2020-12-31", clause = "施行日期",
  input = rec("企业", 80),
  expect = { status = "not_in_force", amount = "null" },
}
M:case {
  name = "competition on 2021-01-01: in force", as_of = "2021-01-01", clause = "施行日期",
  input = rec("企业", 80),
  expect = { status = "eligible", amount = "30000.00" },
}
M:case {
  name = "the 100–199 award set to 6万", as_of = AS, clause = "四（三）",
  set = { award_100 = "6万" },
  input = rec("行业", 150),
  expect = { status = "eligible", amount = "60000.00" },
}
M:case {
  name = "an unknown organizer type is an input error", as_of = AS, clause = "四（三）",
  input = rec("协会", 80),
  expect = { error = "is not one of the allowed values" },
}

return M
