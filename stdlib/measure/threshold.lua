-- stdlib/measure/threshold.lua: thresholds worded as the gazette words them, and tier tables
-- with explicit bounds checked for gaps and overlaps (docs/measures.md "Thresholds and tiers").
--
-- 以上/以下 include the bound: 民法典 第一千二百五十九条 ("民法所称的'以上''以下''以内''届满'，
-- 包括本数；所称的'不满''超过''以外'，不包括本数").
local T = {}

-- word -> operator. Each Chinese word and its reading; the English symbols are accepted too.
local WORDS = {
  ["以上"] = ">=", ["不低于"] = ">=", ["不少于"] = ">=", ["达到"] = ">=", ["满"] = ">=", ["至少"] = ">=",
  ["以下"] = "<=", ["不超过"] = "<=", ["不高于"] = "<=", ["以内"] = "<=", ["不多于"] = "<=", ["最多"] = "<=",
  ["超过"] = ">", ["高于"] = ">", ["大于"] = ">", ["多于"] = ">",
  ["未达到"] = "<", ["低于"] = "<", ["不足"] = "<", ["少于"] = "<", ["不满"] = "<", ["小于"] = "<", ["不到"] = "<",
  [">="] = ">=", ["<="] = "<=", [">"] = ">", ["<"] = "<", ["≥"] = ">=", ["≤"] = "<=",
}
T.WORDS = WORDS
local SYMBOL = { [">="] = "≥", ["<="] = "≤", [">"] = ">", ["<"] = "<" }

local function show(v)
  local mt = getmetatable(v)
  if type(v) == "string" then return v end
  if mt and mt.__tostring then return tostring(v) end
  return tostring(v)
end
T.show = show

local function word_list()
  local ws = {}
  for w in pairs(WORDS) do if not w:match("^[<>≥≤]") then ws[#ws + 1] = w end end
  table.sort(ws)
  return table.concat(ws, "、")
end

local function compare(x, op, bound)
  if op == ">=" then return x >= bound elseif op == "<=" then return x <= bound
  elseif op == ">" then return x > bound else return x < bound end
end

-- The detail of a comparison, formatted only when an explanation or JSON asks for it.
local Detail = {}
Detail.__tostring = function(d)
  return ("%s %s %s (%s)"):format(show(d[1]), d[2] and SYMBOL[d[3]] or "is not " .. SYMBOL[d[3]], show(d[4]), d[5])
end
T.Detail = Detail

-- threshold(x, word, bound) -> true|false, "7 ≥ 3 (以上)"
function T.threshold(x, word, bound)
  local op = WORDS[word]
  if not op then
    error(("threshold: unknown word '%s'; known: %s"):format(tostring(word), word_list()), 2)
  end
  if x == nil then error(("threshold: no value to compare with %s %s"):format(show(bound), word), 2) end
  if bound == nil then error(("threshold: no bound after '%s'"):format(word), 2) end
  local ok, r = pcall(compare, x, op, bound)
  if not ok then
    error(("threshold: cannot compare %s (%s) with %s (%s): %s"):format(show(x), type(x), show(bound),
      type(bound), tostring(r):gsub("^[^:]*:%d+: ", "")), 2)
  end
  return r, setmetatable({ x, r, op, bound, word }, Detail)
end

-- ---- tiers ----

local Tiers = {}
Tiers.__index = Tiers
T.Tiers = Tiers

local BOUNDS = { ["[)"] = true, ["[]"] = true, ["()"] = true, ["(]"] = true }

local function tier_name(t, i)
  local lo = t.from == nil and "-∞" or show(t.from)
  local hi = t.to == nil and "+∞" or show(t.to)
  return ("tier %d %s%s, %s%s"):format(i, t.bounds:sub(1, 1), lo, hi, t.bounds:sub(2, 2))
end
T.tier_name = tier_name

local function lt(a, b)
  local ok, r = pcall(function() return a < b end)
  if not ok then error(("tiers: cannot compare bounds %s and %s"):format(show(a), show(b)), 0) end
  return r
end

-- tiers{ {from=, to=, bounds="[)", value=|fn=, clause=, [name=]}, ..., [gaps=true] }
function T.tiers(spec)
  if type(spec) ~= "table" then error("tiers: expected a table of tiers", 2) end
  local list = {}
  for i, t in ipairs(spec) do
    if type(t) ~= "table" then error(("tiers: tier %d is not a table"):format(i), 2) end
    local b = t.bounds or "[)"
    if not BOUNDS[b] then
      error(("tiers: tier %d has bounds '%s'; use \"[)\", \"[]\", \"(]\" or \"()\""):format(i, tostring(b)), 2)
    end
    if t.value == nil and t.fn == nil then error(("tiers: tier %d has neither value nor fn"):format(i), 2) end
    if t.fn ~= nil and type(t.fn) ~= "function" then error(("tiers: tier %d: fn must be a function"):format(i), 2) end
    local tier = { from = t.from, to = t.to, bounds = b, value = t.value, fn = t.fn, clause = t.clause,
      name = t.name, index = i }
    if tier.from ~= nil and tier.to ~= nil then
      local ok, bad = pcall(function()
        return lt(tier.to, tier.from) or (tier.to == tier.from and b ~= "[]")
      end)
      if not ok then error(bad, 2) end
      if bad then error(("tiers: %s is empty (from must be below to)"):format(tier_name(tier, i)), 2) end
    end
    list[i] = tier
  end
  if #list == 0 then error("tiers: no tiers given", 2) end
  -- consecutive tiers: no overlap, and no gap unless gaps = true
  for i = 1, #list - 1 do
    local a, b = list[i], list[i + 1]
    local msg
    if a.to == nil or b.from == nil then
      msg = "overlap"
    else
      local ok, r = pcall(function()
        if lt(b.from, a.to) then return "overlap" end
        if lt(a.to, b.from) then return "gap" end
        local a_closed, b_closed = a.bounds:sub(2, 2) == "]", b.bounds:sub(1, 1) == "["
        if a_closed and b_closed then return "overlap" end
        if not a_closed and not b_closed then return "gap" end
      end)
      if not ok then error(r, 2) end
      msg = r
    end
    if msg == "overlap" then
      error(("tiers: %s and %s overlap"):format(tier_name(a, i), tier_name(b, i + 1)), 2)
    elseif msg == "gap" and not spec.gaps then
      error(("tiers: gap between %s and %s (say gaps = true if values there get no tier)")
        :format(tier_name(a, i), tier_name(b, i + 1)), 2)
    end
  end
  return setmetatable({ list = list, gaps = spec.gaps and true or false }, Tiers)
end

local function contains(t, x)
  if t.from ~= nil then
    if t.bounds:sub(1, 1) == "[" then if x < t.from then return false end
    elseif x <= t.from then return false end
  end
  if t.to ~= nil then
    if t.bounds:sub(2, 2) == "]" then if x > t.to then return false end
    elseif x >= t.to then return false end
  end
  return true
end

-- t:find(x) -> tier, index | nil
function Tiers:find(x)
  if x == nil then error("tiers: find(nil): no value to place in a tier", 2) end
  for i, t in ipairs(self.list) do
    if contains(t, x) then return t, i end
  end
  return nil
end

-- t:apply(x) -> the tier's value (or fn(x, tier)), the tier
function Tiers:apply(x)
  local t, i = self:find(x)
  if not t then error(("tiers: no tier contains %s"):format(show(x)), 2) end
  if t.fn then return t.fn(x, t), t end
  return t.value, t
end

function Tiers:describe(t)
  return tier_name(t, t.index) .. (t.clause and (" " .. t.clause) or "")
end

Tiers.__tostring = function(self)
  local parts = {}
  for i, t in ipairs(self.list) do parts[i] = tier_name(t, i) end
  return "tiers{" .. table.concat(parts, "; ") .. "}"
end

return T
