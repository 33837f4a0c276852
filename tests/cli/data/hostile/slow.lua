-- tests/cli/data/hostile/slow.lua: a TEST FIXTURE for tests/cli/hostile.t, not a policy.
-- A measure that takes a while per record (a counted loop), so that a batch over a few
-- thousand records is still running when the test sends it SIGINT. value = the sum of
-- 1..employees, computed the slow way and checked against n(n+1)/2.
local M = measure {
  id = "test.slow",
  title = "慢速措施（测试用）",
  document = { number = "测〔2025〕17号", issuer = "测试" },
  valid = { from = "2021-01-01" },
  entity = "enterprise",
  inputs = { employees = { type = "integer" } },
  outputs = { value = { type = "integer" } },
}

M:compute(function(r, _, out)
  local n, s = r.employees, 0
  for _ = 1, 20 do
    s = 0
    for i = 1, n do s = s + i end
  end
  assert(s == n * (n + 1) // 2)
  out.value = s
end)

return M
