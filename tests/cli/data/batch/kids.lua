-- tests/cli/data/batch/kids.lua: a TEST FIXTURE with a list input for `gazette run`
-- (tests/cli/run.t): a kindergarten gets 1,000 元 per enrolled child (left_on absent).  Not a policy.
local M = measure {
  id = "test.kids",
  title = "批量运行测试用措施（子记录）",
  document = { number = "测试〔2024〕1号", title = "测试", issuer = "测试", issued_on = "2024-01-01", gazette = "测试" },
  valid = { from = "2021-01-01" },
  entity = "kindergarten",
  inputs = {
    name = { type = "text" },
    children = { type = "list", of = { left_on = { type = "date", optional = true } } },
  },
  outputs = { grant = { type = "money" }, enrolled = { type = "integer" } },
  output_order = { "grant", "enrolled" },
  amount = "grant",
}

M:param("per_child", { { from = "2021-01-01", value = yuan(1000), clause = "一", text = "每名在园幼儿1000元" } })

M:compute(function(r, ctx, out)
  local n = 0
  for _, c in ipairs(r.children) do if c.left_on == nil then n = n + 1 end end
  out.enrolled = n
  out.grant = ctx.p.per_child * n
end)

return M
