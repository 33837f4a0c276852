-- tests/cli/data/hostile/attacks.lua: a TEST FIXTURE for tests/cli/hostile.t, not a policy.
-- A measure whose evaluation of a record does what the record's `attack` field names: an
-- endless loop, a catastrophic pattern, an xpcall handler that loops, an error object whose
-- metamethods loop, nested coroutines, a huge table.move, ...  Records without an attack get
-- value = 2 × employees, so the test can check that the record after each attack is
-- evaluated correctly by the same worker.
local M = measure {
  id = "test.attacks",
  title = "恶意记录（测试用）",
  document = { number = "测〔2025〕17号", issuer = "测试" },
  valid = { from = "2021-01-01" },
  entity = "enterprise",
  inputs = {
    attack = { type = "text", optional = true },
    employees = { type = "integer" },
  },
  outputs = { value = { type = "integer" } },
}

local function forever() while true do end end

local ATTACKS = {
  loop = forever,
  pattern = function() return string.find(("a"):rep(5000), ".-.-.-b") end,
  plain_find = function() return string.find(("a"):rep(1e6), ("a"):rep(1e4) .. "b", 1, true) end,
  gsub_function = function() return ("abc"):gsub(".", forever) end,
  xpcall_handler = function() return xpcall(forever, forever) end,
  xpcall_swallow = function() return xpcall(forever, function() return "all fine" end) end,
  pcall_loop = function() while true do pcall(forever) end end,
  coroutines = function()
    return coroutine.wrap(function()
      return pcall(coroutine.wrap(function() return pcall(coroutine.wrap(forever)) end))
    end)()
  end,
  error_tostring = function() error(setmetatable({}, { __tostring = forever })) end,
  error_index = function() error(setmetatable({}, { __index = forever, __tostring = forever })) end,
  rep_empty = function() return string.rep("", 1e15) end,
  table_move = function() return table.move({}, 1, 1e15, 1) end,
  table_concat = function() return table.concat(setmetatable({}, { __index = tostring }), "", 1, 1e12) end,
  concat_quadratic = function() local s = "" for _ = 1, 1e9 do s = s .. "x" end return s end,
  gc = function() setmetatable({}, { __gc = forever }) end,
}

M:rule("known-attack", {
  clause = "测试", text = "the attack field names a known attack",
  check = function(r)
    local a = r.attack
    if a == nil or a == "" then return true end
    local fn = ATTACKS[a]
    if not fn then error("unknown attack " .. a) end
    fn()
    return false, "the attack " .. a .. " returned"
  end,
})

M:compute(function(r, _, out) out.value = 2 * r.employees end)

return M
