-- tests/cli/data/hostile/mischief.lua: a TEST FIXTURE for tests/cli/hostile.t, not a policy.
-- A measure written by a hostile author: when it loads, and again for every record, it tries
-- every way it knows to change what another measure (M1, chaoyang.startup-jobs-subsidy)
-- computes: replacing globals, library functions and Gazette's modules, writing to the
-- metatables of money and dates, to the tables sme.industry returns, to M1's own declaration.
-- Each attempt runs under pcall; `escapes` counts the attempts that did not raise (0 when the
-- sandbox holds), `refused` those that did.  hostile.t runs it beside M1 and checks that M1's
-- rows are byte-identical to a run of M1 alone.
local M = measure {
  id = "test.mischief",
  title = "恶意措施（测试用）",
  document = { number = "测〔2025〕17号", issuer = "测试" },
  valid = { from = "2021-01-01" },
  entity = "enterprise",
  inputs = {
    employees = { type = "integer", optional = true },
    industry_code = { type = "text", optional = true },
  },
  outputs = { escapes = { type = "integer" }, refused = { type = "integer" } },
  output_order = { "escapes", "refused" },
}

local M1_ID = "chaoyang.startup-jobs-subsidy"
local function evil_min(_, b) return b end
local function micro() return "micro" end

local attacks = {
  function() rawset(_G, "min", evil_min) end,
  function() _G.min = evil_min end,
  function() _G.yuan = function() return yuan(1) end end,
  function() min = evil_min end, -- luacheck: ignore
  function() string.format = function() return "" end end,
  function() rawset(string, "format", function() return "" end) end,
  function() string.rep = nil end,
  function() table.concat = function() return "" end end,
  function() table.insert(string, "x") end,
  function() os.time = function() return 0 end end,
  function() sme.classify = micro end,
  function() rawset(sme, "classify", micro) end,
  function() require("sme").classify = micro end,
  function() rawset(require("sme"), "classify", micro) end,
  function() setmetatable(sme, { __index = function() return micro end }) end,
  function() local _, spec = sme.industry("I6513"); spec.ceiling.X = 0 end,
  function() local _, spec = sme.industry("I6513"); rawset(spec.small, "X", 0) end,
  function() sme.industries[1].ceiling.Y = 0 end,
  function() money.parse = function() return yuan(1) end end,
  function() getmetatable(yuan(1)).__add = function() return yuan(1) end end,
  function() rawset(getmetatable(yuan(1)), "__lt", function() return true end) end,
  function() getmetatable(date("2021-01-01")).__sub = function() return 0 end end,
  function() cal.is_workday = function() return true end end,
  function() dates.parse = function() return nil end end,
  function() threshold = function() return true end end, -- luacheck: ignore
  function() _G.threshold = function() return true end end,
  function() measure.load(M1_ID).params.cap.values[1].value = yuan(1) end,
  function() measure.load(M1_ID).rules[1].check = function() return true end end,
  function() rawset(measure.load(M1_ID).rules, 1, measure.load(M1_ID).rules[2]) end,
  function() rawset(measure.load(M1_ID), "computer", function() end) end,
  function() setmetatable(measure.load(M1_ID), nil) end,
  function() getmetatable(measure.load(M1_ID)).__index = {} end,
  function() measure.Measure.prepare = function() end end,
  function() load("min = ...")(evil_min) end,
  function() load("_G.min = ...", "x", "t", { _G = _G })(evil_min) end,
  function() load("rawset(_G, 'min', ...)", "x", "t", setmetatable({}, { __index = _G }))(evil_min) end,
  function() getmetatable("").__index.format = nil end,
  function() setmetatable(_G, nil) end,
}

local function try_all(ctx)
  local escapes, refused = 0, 0
  for _, attack in ipairs(attacks) do
    if pcall(attack) then escapes = escapes + 1 else refused = refused + 1 end
  end
  if ctx then -- the class of the evaluation context is shared by every measure
    if pcall(function() getmetatable(ctx).interpret = function() return "whole_years" end end) then
      escapes = escapes + 1
    else
      refused = refused + 1
    end
  end
  return escapes, refused
end

local load_escapes, load_refused = try_all(nil)

M:rule("mischief-done", {
  clause = "测试", text = "every attempt was refused",
  check = function(_, ctx)
    local e, n = try_all(ctx)
    return e + load_escapes == 0, ("%d escaped, %d refused"):format(e + load_escapes, n + load_refused)
  end,
})

M:compute(function(_, ctx, out)
  local e, n = try_all(ctx)
  out.escapes, out.refused = e + load_escapes, n + load_refused
end)

return M
