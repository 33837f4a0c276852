-- A test measure for the compiler (tests/cli/compile_diff.t): each rule exercises a construct
-- whose compiled form is easy to get subtly wrong. Its cases fix the reference's answers with
-- the arithmetic; compile_diff.t then checks the compiled evaluation gives the same on them and
-- on variations of them. Not a measure of any gazette: no document, no citations of the law.
local M = measure {
  id = "test.compile-edge",
  title = "编译器边界测试",
  document = { number = "测试", title = "编译器边界测试", issuer = "测试", issued_on = "2024-01-01" },
  valid = { from = "2020-01-01", to = "2030-12-31" },
  entity = "enterprise",
  inputs = {
    founded_on  = { type = "date" },
    hires       = { type = "integer" },
    bonus       = { type = "integer", optional = true },
    revenue     = { type = "money" },
    kind        = { type = "enum", values = { "a", "b", "c" } },
    district    = { type = "district" },
    note        = { type = "text", optional = true },
    active      = { type = "boolean" },
  },
  outputs = {
    amount    = { type = "money" },
    deadline  = { type = "date" },
    band      = { type = "text" },
    headcount = { type = "integer" },
  },
  output_order = { "amount", "deadline", "band", "headcount" },
  amount = "amount",
}

M:param("per_hire", { { from = "2020-01-01", value = yuan(1000), clause = "一" } })
M:param("cap", { { from = "2020-01-01", value = yuan(50000), clause = "一" } })
M:param("min_years", { { from = "2020-01-01", value = 2, clause = "一" } })
M:param("home", { { from = "2020-01-01", value = "朝阳区", clause = "一" } })
M:interpretation("years", {
  text = "满 N 年：对应日或整年", default = "anniversary",
  choices = { anniversary = "成立日 + N 年 ≤ as_of", whole = "已满周年 ≥ N" },
})

local BANDS = { a = "甲", b = "乙" }
local function years_ok(r, ctx)
  if ctx:interpret("years") == "whole" then return age(r.founded_on, ctx.as_of) >= ctx.p.min_years end
  return ctx.as_of >= r.founded_on:add_years(ctx.p.min_years)
end
local function band(r) return BANDS[r.kind] end

-- the second operand of `and` reads an input: only when the first is true
M:rule("active-or-bonus", {
  clause = "一", text = "在营，或有奖励人数",
  check = function(r) return r.active == true or (r.bonus ~= nil and r.bonus > 0), "奖励：" .. tostring(r.bonus) end,
})
-- a date compared with as_of through add_years (02-29 founded: 02-28 in a common year)
M:rule("years", { clause = "一", text = "成立满 2 年", check = function(r, ctx) return years_ok(r, ctx) end })
M:rule("home", {
  clause = "一", text = "注册在本区",
  check = function(r, ctx) return districts.same(r.district, ctx.p.home), "区：" .. r.district end,
})
-- applies only to kind c, whose hires must be odd
M:rule("odd-c", {
  clause = "一", text = "c 类须为奇数",
  when = function(r) return r.kind == "c" end,
  check = function(r) return r.hires % 2 == 1 end,
})
M:rule("revenue", {
  clause = "一", text = "营业收入不低于 10 万元",
  check = function(r) return threshold(r.revenue, "不低于", wan(10)) end,
})
M:rule("hires-known", {
  clause = "一", text = "招用人数为 0 时报错",
  check = function(r)
    if r.hires < 0 then error("hires must not be negative", 0) end
    return true
  end,
})

M:compute(function(r, ctx, out)
  local n = r.hires + (r.bonus or 0)
  out.headcount = n
  out.amount = min(ctx.p.per_hire * n, ctx.p.cap)
  out.deadline = r.founded_on:add_years(ctx.p.min_years) + 30
  out.band = band(r)
  ctx:note("%d × %s", n, ctx.p.per_hire)
end)

local BASE = { founded_on = "2020-02-29", hires = 7, bonus = 2, revenue = "12万", kind = "a", district = "朝阳",
  active = true }
local function rec(c) return measure.variant(BASE, c) end

M:case {
  name = "the base record", as_of = "2022-02-28",
  -- 2020-02-29 + 2 y = 2022-02-28 ≤ as_of; (7 + 2) × 1,000 = 9,000; deadline 2022-02-28 + 30 = 2022-03-30
  input = rec(),
  expect = { status = "eligible", amount = "9000.00",
             outputs = { deadline = "2022-03-30", band = "甲", headcount = 9 } },
}
M:case {
  name = "one day short of two years", as_of = "2022-02-27",
  input = rec(),
  expect = { status = "ineligible", failed = { "years" } },
}
M:case {
  name = "whole years: not yet two full years on 2022-02-28", as_of = "2022-02-28",
  -- age(2020-02-29, 2022-02-28) = 1 (the anniversary in a common year is 03-01)
  interpret = { years = "whole" }, input = rec(),
  expect = { status = "ineligible", failed = { "years" } },
}
M:case {
  name = "inactive with a bonus: the second operand decides", as_of = "2022-06-01",
  input = rec { active = false },
  expect = { status = "eligible", amount = "9000.00" },
}
M:case {
  name = "inactive without a bonus (optional): fails", as_of = "2022-06-01",
  input = rec { active = false, bonus = "nil" },
  expect = { status = "ineligible", failed = { "active-or-bonus" } },
}
M:case {
  name = "cap: 60 hires pay 50,000", as_of = "2022-06-01",
  -- (60 + 2) × 1,000 = 62,000 > 50,000
  input = rec { hires = 60 },
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "kind c, even hires", as_of = "2022-06-01",
  input = rec { kind = "c", hires = 8 },
  expect = { status = "ineligible", failed = { "odd-c" } },
}
M:case {
  name = "kind c has no band", as_of = "2022-06-01",
  input = rec { kind = "c" },
  expect = { status = "eligible", amount = "9000.00", outputs = { band = "null" } },
}
M:case {
  name = "another district", as_of = "2022-06-01",
  input = rec { district = "海淀" },
  expect = { status = "ineligible", failed = { "home" } },
}
M:case {
  name = "revenue unknown: undetermined", as_of = "2022-06-01",
  input = rec { revenue = "nil" },
  expect = { status = "undetermined", missing = { "revenue" } },
}
M:case {
  name = "not a district: an input error", as_of = "2022-06-01",
  input = rec { district = "火星" },
  expect = { error = "district" },
}
M:case {
  name = "negative hires: the rule's error", as_of = "2022-06-01",
  input = rec { hires = -1 },
  expect = { error = "hires must not be negative" },
}
M:case {
  name = "not in force", as_of = "2031-01-01", input = rec(),
  expect = { status = "not_in_force" },
}

return M
