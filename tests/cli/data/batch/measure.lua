-- tests/cli/data/batch/measure.lua: a STAND-IN for the measure language (stdlib/measure.lua,
-- docs/measures.md), implementing only the interface stdlib/batch.lua uses, so that the batch
-- runner can be tested before the real language lands.  Used only when no global `measure`
-- exists (tests pass --path tests/cli/data/batch).
--
--   measure.load(id_or_path) -> M: M.id, M.entity, M.inputs, M.output_names, M.amount
--   M:prepare{as_of=, set=, interpret=} -> ev;  ev(record) -> result
--   result = {measure, status, amount (money|nil), outputs, reasons, missing, interpretations}
local host = require "host"
local measure = {}

-- Money as integer fen, with the methods batch.lua calls.
local Money = {}
Money.__index = Money
function Money:fen() return self.f end
function Money:plain()
  local f = self.f
  local sign = f < 0 and "-" or ""
  f = math.abs(f)
  return ("%s%d.%02d"):format(sign, f // 100, f % 100)
end
Money.__tojson = function(self) return self:plain() end
Money.__tostring = function(self) return self:plain() .. "元" end
local function fen(n) return setmetatable({ f = n }, Money) end
measure.fen = fen
measure.yuan = function(n) return fen(n * 100) end

-- Raw value -> declared type; raises "field NAME: ..." when it does not convert.
local function convert(name, t, v)
  if v == nil then return nil end
  if t == "integer" then
    local n = math.tointeger(v) or (type(v) == "string" and math.tointeger(tonumber(v)))
    if not n then error(("field %s: %q is not an integer"):format(name, tostring(v)), 0) end
    return n
  elseif t == "money" then
    if math.type(v) == "integer" then return fen(v * 100) end
    local s = tostring(v)
    local i, d = s:match("^(%-?%d+)%.?(%d?%d?)$")
    if not i then error(("field %s: %q is not an amount of yuan"):format(name, s), 0) end
    return fen(tonumber(i) * 100 + (tonumber((d .. "00"):sub(1, 2)) * (s:sub(1, 1) == "-" and -1 or 1)))
  elseif t == "date" then
    if type(v) ~= "string" or not v:match("^%d%d%d%d%-%d%d%-%d%d$") then
      error(("field %s: %q is not a date"):format(name, tostring(v)), 0)
    end
    return v
  elseif t == "boolean" then
    if v == 1 or v == true then return true elseif v == 0 or v == false then return false end
    error(("field %s: %q is not a boolean (0 or 1)"):format(name, tostring(v)), 0)
  elseif t == "text" then
    if type(v) ~= "string" then error(("field %s: %s is not text"):format(name, type(v)), 0) end
    return v
  end
  return v
end

-- measure.define{id=, entity=, inputs=, outputs=, output_names=, amount=, rules=, compute=, params=}
function measure.define(d)
  local M = { id = d.id, entity = d.entity, inputs = d.inputs, outputs = d.outputs,
    output_names = d.output_names, amount = d.amount, rules = d.rules or {}, compute = d.compute,
    params = d.params or {} }
  function M:prepare(opts)
    local p = {}
    for k, v in pairs(self.params) do p[k] = v end
    for k, v in pairs(opts.set or {}) do
      if p[k] == nil then error(("unknown parameter '%s' of %s"):format(k, self.id), 0) end
      p[k] = convert(k, "money", v)
    end
    local as_of = opts.as_of
    return function(raw)
      local r, missing = {}, {}
      for name, decl in pairs(self.inputs) do
        if decl.type == "list" then r[name] = raw[name] else r[name] = convert(name, decl.type, raw[name]) end
      end
      r.id = raw.id
      local reasons, failed, undet = {}, false, false
      for _, rule in ipairs(self.rules) do
        local ok, res = true, nil
        local needs = rule.needs or {}
        for _, f in ipairs(needs) do if r[f] == nil then ok = false; missing[#missing + 1] = f end end
        if ok then res = rule.check(r, p, as_of) and true or false else res = "undetermined"; undet = true end
        if res == false then failed = true end
        reasons[#reasons + 1] = { rule = rule.name, clause = rule.clause, text = rule.text, result = res }
      end
      local res = { measure = self.id, as_of = as_of, reasons = reasons, missing = missing,
        outputs = {}, interpretations = {} }
      if failed then res.status = "ineligible"; res.amount = fen(0)
      elseif undet then res.status = "undetermined"
      else
        res.status = "eligible"
        self.compute(r, p, res.outputs)
        res.amount = res.outputs[self.amount]
      end
      return res
    end
  end
  return M
end

function measure.load(ref)
  local path = ref
  if not ref:find("/") then
    for _, root in ipairs(host.roots()) do
      local p = root .. "/" .. ref .. ".lua"
      if host.readfile(p) then path = p break end
    end
  end
  local text, err = host.readfile(path)
  if not text then error(("unknown measure '%s' (%s)"):format(ref, err), 0) end
  local chunk = assert(load(text, "@" .. path, "t", setmetatable({ measure = measure }, { __index = _G })))
  return chunk()
end

return measure
