-- tests/measures/demo/child_months.lua: a TEST FIXTURE for lists of child records, optional
-- fields, `when` and a validity checked on a date taken from the record (valid.on), modelled on
-- M4 (京技管发〔2024〕30号 第五条) in a simplified form. Not the policy.
local M = measure {
  id = "demo.child-months",
  title = "普惠性民办幼儿园生均补助（测试用）",
  document = { number = "京技管发〔2024〕30号", issuer = "北京经济技术开发区管理委员会", issued_on = "2024-12-02" },
  -- evaluated for subsidy years from 2025: the year of the record, not the evaluation date
  valid = { from = "2025-01-01", on = function(r) return date(r.year, 1, 1) end, clause = "第五条" },
  entity = "kindergarten",
  inputs = {
    year = { type = "integer", specific = true },
    licensed = { type = "boolean", specific = true, optional = true },
    children = { type = "list", specific = true, of = {
      admitted_on = { type = "date" },
      left_on = { type = "date", optional = true },
      aged_3_at_intake = { type = "boolean" },
    } },
  },
  outputs = { child_months = { type = "integer" }, subsidy = { type = "money" } },
  amount = "subsidy",
}

M:param("per_child_month", { { from = "2025-01-01", value = yuan(1800), clause = "第五条", text = "每生每月1800元" } })

M:rule("licence", { clause = "第三条", text = "取得办园许可（仅当申报材料载明时检查）",
  when = function(r) return r.licensed ~= nil end,
  check = function(r) return r.licensed end })

M:compute(function(r, ctx, out)
  local months = 0
  for _, c in ipairs(r.children) do
    if c.aged_3_at_intake then
      local first = math.max(1, c.admitted_on.year < r.year and 1 or c.admitted_on.month)
      local stop = 13
      if c.left_on and c.left_on.year == r.year then stop = c.left_on.month end
      if c.admitted_on.year <= r.year and stop > first then months = months + (stop - first) end
    end
  end
  out.child_months = months
  out.subsidy = ctx.p.per_child_month * months
end)

M:case { name = "two children: 12 + 3 = 15 months × 1800 = 27,000", as_of = "2026-01-10",
  input = { year = 2025, children = {
    { admitted_on = "2023-09-01", aged_3_at_intake = true },
    { admitted_on = "2023-09-01", left_on = "2025-04-15", aged_3_at_intake = true } } },
  expect = { status = "eligible", amount = "27000.00", outputs = { child_months = 15 } } }
M:case { name = "year 2024: not in force", as_of = "2026-01-10", input = { year = 2024, children = {} },
  expect = { status = "not_in_force" } }
M:case { name = "a child without aged_3_at_intake: undetermined, naming the child", as_of = "2026-01-10",
  input = { year = 2025, children = { { admitted_on = "2023-09-01" } } },
  expect = { status = "undetermined", missing = { "children[1].aged_3_at_intake" } } }
M:case { name = "not licensed: the licence rule applies and fails", as_of = "2026-01-10",
  input = { year = 2025, licensed = false, children = {} },
  expect = { status = "ineligible", failed = { "licence" } } }
M:case { name = "a child's admitted_on that is not a date: input error", as_of = "2026-01-10",
  input = { year = 2025, children = { { admitted_on = "2025-13-01", aged_3_at_intake = true } } },
  expect = { error = "input 'children[1].admitted_on'" } }

return M
