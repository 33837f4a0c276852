-- stdlib/measure/cases.lua: runs the test cases a measure carries (M:case{...}) and says what
-- differs from what was expected.
local result = require "measure.result"

local K = {}

-- The text a case compares a value with: money "70000.00", dates ISO, integers, booleans.
local function text(v)
  local p = result.plain(v)
  if p == require("json").null then return "null" end
  return tostring(p)
end
K.text = text

local function set_equal(got, want)
  local a, b = {}, {}
  for _, x in ipairs(got) do a[#a + 1] = tostring(x) end
  for _, x in ipairs(want) do b[#b + 1] = tostring(x) end
  table.sort(a); table.sort(b)
  return table.concat(a, ", ") == table.concat(b, ", "), table.concat(a, ", "), table.concat(b, ", ")
end

-- K.run(M, case) -> passed, {diagnostic lines}, result|nil
function K.run(M, c)
  local diag = {}
  local ok, res = pcall(function()
    return M:eval(c.input or {}, { as_of = c.as_of, set = c.set, interpret = c.interpret, explain = true })
  end)
  local e = c.expect
  if not ok then
    local msg = tostring(res)
    if e.error then
      if msg:find(e.error, 1, true) then return true, diag end
      diag[#diag + 1] = ("error: got %s"):format(msg)
      diag[#diag + 1] = ("expected an error containing: %s"):format(e.error)
      return false, diag
    end
    diag[#diag + 1] = "error: " .. msg
    return false, diag
  end
  if e.error then
    diag[#diag + 1] = ("expected an error containing '%s', got status %s"):format(e.error, res.status)
    return false, diag, res
  end
  if res.status ~= e.status then
    diag[#diag + 1] = ("status: got %s, expected %s"):format(res.status, e.status)
  end
  if e.amount ~= nil then
    local got = text(res.amount)
    if got ~= tostring(e.amount) then diag[#diag + 1] = ("amount: got %s, expected %s"):format(got, tostring(e.amount)) end
  end
  if e.outputs then
    local names = {}
    for k in pairs(e.outputs) do names[#names + 1] = k end
    table.sort(names)
    for _, k in ipairs(names) do
      if not M.outputs[k] then
        diag[#diag + 1] = ("outputs.%s: the measure has no such output"):format(k)
      else
        local got = text(res.outputs[k])
        if got ~= tostring(e.outputs[k]) then
          diag[#diag + 1] = ("outputs.%s: got %s, expected %s"):format(k, got, tostring(e.outputs[k]))
        end
      end
    end
  end
  if e.missing then
    local same, got, want = set_equal(res.missing, e.missing)
    if not same then diag[#diag + 1] = ("missing: got [%s], expected [%s]"):format(got, want) end
  end
  if e.failed then
    local failed = {}
    for _, r in ipairs(res.reasons) do if r.result == false then failed[#failed + 1] = r.rule end end
    local same, got, want = set_equal(failed, e.failed)
    if not same then diag[#diag + 1] = ("failed rules: got [%s], expected [%s]"):format(got, want) end
  end
  if e.paid then
    -- expect.paid = {ALTERNATIVES_NAME = "option paid" (or false: none)}: 就高不重复 inside the measure
    local names = {}
    for k in pairs(e.paid) do names[#names + 1] = k end
    table.sort(names)
    for _, k in ipairs(names) do
      local got
      for _, a in ipairs(res.alternatives or {}) do if a.name == k then got = a end end
      if not got then
        diag[#diag + 1] = ("paid.%s: the evaluation weighed no alternatives '%s'"):format(k, k)
      elseif (got.paid or false) ~= e.paid[k] then
        diag[#diag + 1] = ("paid.%s: got %s, expected %s"):format(k, tostring(got.paid or false), tostring(e.paid[k]))
      end
    end
  end
  if e.items then
    -- items = {NAME = {true, "rule-a,rule-b", "undetermined", ...}}: per child, counted, the
    -- rules it failed (in declaration order), or undetermined (M:each, measure/each.lua)
    local names = {}
    for k in pairs(e.items) do names[#names + 1] = k end
    table.sort(names)
    for _, k in ipairs(names) do
      local it = res.items and res.items[k]
      if not it then
        diag[#diag + 1] = ("items.%s: the result has no such selection"):format(k)
      else
        local got = {}
        for _, ch in ipairs(it.children) do
          local v = ch.result == true and "true" or ch.result == false and table.concat(ch.failed, ",") or "undetermined"
          got[#got + 1] = v
        end
        local want = {}
        for i, v in ipairs(e.items[k]) do want[i] = tostring(v) end
        local g, w = table.concat(got, " | "), table.concat(want, " | ")
        if it.missing then g = "(list missing)" end
        if g ~= w then diag[#diag + 1] = ("items.%s: got [%s], expected [%s]"):format(k, g, w) end
      end
    end
  end
  if e.interpretations then
    for k, v in pairs(e.interpretations) do
      if res.interpretations[k] ~= v then
        diag[#diag + 1] = ("interpretations.%s: got %s, expected %s"):format(k, tostring(res.interpretations[k]), v)
      end
    end
  end
  return #diag == 0, diag, res
end

return K
