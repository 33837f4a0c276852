-- stdlib/measure/coerce.lua: raw record values (JSON, SQLite, CSV, Lua) converted to the types
-- a measure declares (docs/measures.md "Declaration"), and the missing-input sentinel.
--
-- A plan is built once per measure; per record it only runs one converter per present field.
-- A value that does not convert is an input error naming the field and the value.
local json = require "json"
local dates = require "dates"

local C = {}

C.TYPES = { money = true, ratio = true, date = true, integer = true, decimal = true, boolean = true,
  text = true, enum = true, list = true, district = true }
C.OUTPUT_TYPES = { money = true, ratio = true, date = true, integer = true, decimal = true, boolean = true,
  text = true }

-- ---- the missing-input sentinel: raised by a read of a declared input that is nil ----
local Missing = { __name = "gazette.measure.missing" }
Missing.__tostring = function(m)
  if m.fields and #m.fields > 1 then return ("inputs '%s' are missing"):format(table.concat(m.fields, "', '")) end
  return ("input '%s' is missing"):format(m.field)
end
C.Missing = Missing
function C.missing(field) error(setmetatable({ field = field }, Missing), 0) end
-- Several fields at once (the undetermined children of a selection, measure/each.lua).
function C.missing_fields(fields) error(setmetatable({ field = fields[1], fields = fields }, Missing), 0) end
function C.is_missing(e) return getmetatable(e) == Missing end

-- ---- value kinds: money.is_money and ratio.is_ratio (docs/money.md) ----
function C.is_money(v)
  local t = type(v)
  return (t == "userdata" or t == "table") and money.is_money(v) and true or false
end
function C.is_ratio(v)
  local t = type(v)
  return (t == "userdata" or t == "table") and ratio.is_ratio(v) and true or false
end
C.is_date = dates.is_date

-- The kind of a Lua value, named as the measure language names types.
function C.kind(v)
  local t = type(v)
  if t == "number" then return math.type(v) == "integer" and "integer" or "number" end
  if t == "table" or t == "userdata" then
    if C.is_money(v) then return "money" end
    if C.is_ratio(v) then return "ratio" end
    if C.is_date(v) then return "date" end
  end
  if t == "string" then return "text" end
  return t
end

local function shown(v)
  local s
  if type(v) == "string" then s = "'" .. v .. "'" elseif type(v) == "table" and getmetatable(v) == nil then
    s = "a table" else s = tostring(v) end
  if #s > 60 then s = s:sub(1, 57) .. "..." end
  return s
end
C.shown = shown

local function bad(path, v, what, why)
  error(("input '%s': cannot read %s as %s%s"):format(path, shown(v), what, why and (" (" .. why .. ")") or ""), 0)
end

-- The reason of a conversion error, without its position or a C argument wrapper
-- ("bad argument #1 to '?' (invalid money 'abc': ...)" reads as "invalid money 'abc': ...").
local function strip(msg)
  msg = tostring(msg):gsub("^[^:\n]*:%d+: ", "")
  return msg:match("^bad argument #%d+ to '[^']*' %((.*)%)$") or msg
end

-- A float (from JSON): its shortest decimal form, the first of 15, 16 or 17 significant digits
-- that reads back as the same float, as ratio(x) reads one (interp/lua/lmoney.c) and as
-- gazette eval checks the --input text (core/jsonexact.c): 0.1 is exactly 1/10, and a number
-- written with 16 digits, such as 4999.999999999999, stays itself instead of becoming 5000.
local function decimal_text(v)
  if math.type(v) == "integer" then return tostring(v) end
  if v ~= v or v == math.huge or v == -math.huge then return nil end
  for digits = 15, 17 do
    local s = string.format("%." .. digits .. "g", v)
    if tonumber(s) == v then return s end
  end
  return string.format("%.17g", v)
end

local conv = {}

function conv.money(v, path)
  if C.is_money(v) then return v end
  local ok, m
  if type(v) == "number" then
    local s = decimal_text(v)
    if not s then bad(path, v, "money") end
    ok, m = pcall(yuan, s)
  elseif type(v) == "string" then
    ok, m = pcall(money, v)
  else
    bad(path, v, "money", "expected a number of yuan or a string such as \"2500万\"")
  end
  if not ok then bad(path, v, "money", strip(m)) end
  return m
end

function conv.ratio(v, path)
  if C.is_ratio(v) then return v end
  local ok, r
  if type(v) == "number" then
    local s = decimal_text(v)
    if not s then bad(path, v, "a ratio") end
    ok, r = pcall(ratio, s)
  elseif type(v) == "string" then
    local p = v:match("^%s*(.-)%s*%%%s*$") or v:match("^%s*(.-)%s*％%s*$")
    if p then ok, r = pcall(pct, p) else ok, r = pcall(ratio, (v:gsub("^%s+", ""):gsub("%s+$", ""))) end
  else
    bad(path, v, "a ratio", "expected a number, \"0.45\" or \"45%\"")
  end
  if not ok then bad(path, v, "a ratio", strip(r)) end
  return r
end

-- Decimals (areas, heights, DRG weights) are exact: read as ratios, never as binary floats.
function conv.decimal(v, path)
  if C.is_ratio(v) then return v end
  local s
  if type(v) == "number" then s = decimal_text(v)
  elseif type(v) == "string" then s = v:match("^%s*([+-]?%d*%.?%d+)%s*$") or v:match("^%s*([+-]?%d+%.)%s*$") end
  if not s then bad(path, v, "a decimal number") end
  local ok, r = pcall(ratio, s)
  if not ok then bad(path, v, "a decimal number", strip(r)) end
  return r
end

function conv.date(v, path)
  if C.is_date(v) then return v end
  if type(v) ~= "string" then bad(path, v, "a date", "expected \"2025-03-01\" or \"2025年3月1日\"") end
  local d, err = dates.parse(v)
  if not d then bad(path, v, "a date", strip(err)) end
  return d
end

function conv.integer(v, path)
  if math.type(v) == "integer" then return v end
  if math.type(v) == "float" then
    local i = math.tointeger(v)
    if i then return i end
    bad(path, v, "an integer", "not a whole number")
  end
  if type(v) == "string" then
    local s = v:match("^%s*([+-]?%d+)%s*$")
    local i = s and math.tointeger(tonumber(s))
    if i then return i end
  end
  bad(path, v, "an integer")
end

-- A Beijing district as people write it (朝阳, 朝阳区, 北京市朝阳区, 110105; 经开区, 亦庄,
-- 北京经济技术开发区) becomes its canonical name (朝阳区), so that comparing and grouping see one
-- district (stdlib/districts.lua, stdlib/data/beijing-districts.csv).
function conv.district(v, path)
  local d, why = require("districts").normalize(v)
  if d then return d end
  -- the reason without the value, which bad() already shows: "not a Beijing district (...)"
  bad(path, v, "a district", why and (why:gsub("^'.-' is ", ""):gsub("^'.-' ", "")) or nil)
end

local BOOLEANS = { ["true"] = true, ["false"] = false, ["是"] = true, ["否"] = false, ["1"] = true, ["0"] = false }
function conv.boolean(v, path)
  if type(v) == "boolean" then return v end
  if v == 1 or v == 0 then return v == 1 end
  if type(v) == "string" then
    local b = BOOLEANS[v:match("^%s*(.-)%s*$"):lower()]
    if b ~= nil then return b end
  end
  bad(path, v, "a boolean", "expected true/false, 1/0, \"是\"/\"否\"")
end

function conv.text(v, path)
  if type(v) == "string" then return v end
  if math.type(v) == "integer" then return tostring(v) end
  bad(path, v, "text", "expected a string")
end

local function is_null(v) return v == nil or v == json.null end
C.is_null = is_null

-- A converter for one declaration {type=..., values=..., of=...}; path names the field.
local function converter(decl, fields_of)
  local t = decl.type
  if t == "enum" then
    local allowed, list = {}, {}
    for i, a in ipairs(decl.values) do allowed[a] = true; list[i] = tostring(a) end
    local names = table.concat(list, ", ")
    return function(v, path)
      local s = v
      if math.type(v) == "integer" then s = tostring(v) end
      if type(s) == "string" and allowed[s] then return s end
      error(("input '%s': %s is not one of the allowed values: %s"):format(path, shown(v), names), 0)
    end
  elseif t == "list" then
    local child = fields_of(decl.of)
    return function(v, path)
      if type(v) ~= "table" or getmetatable(v) and getmetatable(v).__jsonarray == nil then
        bad(path, v, "a list of records", "expected an array of objects")
      end
      local n = #v
      for k in pairs(v) do
        if math.type(k) ~= "integer" or k < 1 or k > n then
          bad(path, v, "a list of records", "expected an array of objects")
        end
      end
      local out = {}
      for i = 1, n do out[i] = child(v[i], ("%s[%d]"):format(path, i)) end
      return out
    end
  end
  return conv[t]
end

-- Builds the converter of a record with the given fields ({name = decl}): it returns a new
-- table of converted values with the `absent` metatable built by make_absent(fields, path).
local ChildPaths = setmetatable({}, { __mode = "k" })
C.child_path = ChildPaths

local function did_you_mean(name, fields)
  local best, bd
  for f in pairs(fields) do
    local d = 0
    local a, b = name, f
    -- a cheap distance: length difference plus differing positions
    d = math.abs(#a - #b)
    for i = 1, math.min(#a, #b) do if a:sub(i, i) ~= b:sub(i, i) then d = d + 1 end end
    if not bd or d < bd then best, bd = f, d end
  end
  if best and bd <= math.max(2, #name // 3) then return best end
end
C.did_you_mean = did_you_mean

local function names_of(fields)
  local ns = {}
  for f in pairs(fields) do ns[#ns + 1] = f end
  table.sort(ns)
  return table.concat(ns, ", ")
end
C.names_of = names_of

-- The metatable of a child record: a nil declared field is missing, an undeclared one an error.
local function child_mt(fields, listname)
  return {
    __index = function(t, k)
      local d = fields[k]
      if d then
        if d.optional then return nil end
        C.missing((ChildPaths[t] or listname) .. "." .. tostring(k))
      end
      local hint = type(k) == "string" and did_you_mean(k, fields)
      error(("reads '%s', which is not a declared field of %s records (fields: %s)%s"):format(tostring(k),
        listname, names_of(fields), hint and ("; did you mean '" .. hint .. "'?") or ""), 2)
    end,
    __newindex = function(_, k) error(("records are read-only (assignment to '%s')"):format(tostring(k)), 2) end,
  }
end

local function record_converter(fields, listname)
  local plan = {}
  for name, decl in pairs(fields) do
    plan[#plan + 1] = { name, converter(decl, function(of) return record_converter(of, name) end) }
  end
  table.sort(plan, function(a, b) return a[1] < b[1] end)
  local mt = listname and child_mt(fields, listname) or nil
  return function(raw, path)
    if type(raw) ~= "table" or C.is_money(raw) or C.is_date(raw) then
      error(("input '%s': expected a record (a JSON object), got %s"):format(path or "?", shown(raw)), 0)
    end
    local out = {}
    for i = 1, #plan do
      local name, cv = plan[i][1], plan[i][2]
      local v = raw[name]
      if not is_null(v) then out[name] = cv(v, path and (path .. "." .. name) or name) end
    end
    if mt then
      ChildPaths[out] = path
      setmetatable(out, mt)
    end
    return out
  end
end

-- C.plan(inputs) -> function(raw) -> table of converted inputs (no metatable yet).
function C.plan(inputs)
  return record_converter(inputs, nil)
end

-- C.compile(inputs, mt) -> function(raw[, into]) -> the table of converted inputs with metatable mt
-- (or into, its fields replaced),
-- the same values and the same errors as C.plan (fields converted in name order, each by the
-- same converter), generated once per measure as straight-line Lua: per field one read, the
-- common raw type (text as a string, an INTEGER column, money as decimal text through the C
-- parser) tested inline, everything else through the converter; the result table is built by
-- one sized constructor. raw must be a table (the caller checks). Falls back to C.plan for
-- measures with more inputs than Lua has locals.
local FAST = {
  text = "if type(v%d) ~= 'string' then v%d = cv[%d](v%d, %q) end",
  integer = "if mtype(v%d) ~= 'integer' then v%d = cv[%d](v%d, %q) end",
  boolean = "if type(v%d) ~= 'boolean' then v%d = cv[%d](v%d, %q) end",
  money = "if type(v%d) == 'string' then local m = money_parse(v%d); if m then v%d = m else v%d = cv[%d](v%d, %q) end " ..
    "else v%d = cv[%d](v%d, %q) end",
  date = "if type(v%d) == 'string' then local d = date_parse(v%d); if d then v%d = d else v%d = cv[%d](v%d, %q) end " ..
    "else v%d = cv[%d](v%d, %q) end",
}
function C.compile(inputs, mt)
  local names = {}
  for name in pairs(inputs) do names[#names + 1] = name end
  table.sort(names)
  if #names > 150 then
    local plan = C.plan(inputs)
    return function(raw, into)
      local t = plan(raw)
      if into then
        for name in pairs(inputs) do rawset(into, name, rawget(t, name)) end
        return into
      end
      return setmetatable(t, mt)
    end
  end
  local cv, src, fields = {}, { "local cv, null, mtype, money_parse, date_parse, setmetatable, mt, type, rawset = ...",
    "return function(raw, into)" }, {}
  for i, name in ipairs(names) do
    local decl = inputs[name]
    cv[i] = converter(decl, function(of) return record_converter(of, name) end)
    src[#src + 1] = ("local v%d = raw[%q]"):format(i, name)
    local t = decl.type
    local fast
    if t == "money" or t == "date" then
      fast = FAST[t]:format(i, i, i, i, i, i, name, i, i, i, name)
    elseif FAST[t] then
      fast = FAST[t]:format(i, i, i, i, name)
    else
      fast = ("v%d = cv[%d](v%d, %q)"):format(i, i, i, name)
    end
    src[#src + 1] = ("if v%d == nil or v%d == null then v%d = nil else %s end"):format(i, i, i, fast)
    fields[i] = ("[%q] = v%d"):format(name, i)
  end
  -- into: a table to fill again (the lean evaluation reuses its record) instead of a new one
  src[#src + 1] = "if into then"
  for i, name in ipairs(names) do src[#src + 1] = ("rawset(into, %q, v%d)"):format(name, i) end
  src[#src + 1] = "return into end"
  src[#src + 1] = "return setmetatable({" .. table.concat(fields, ", ") .. "}, mt)"
  src[#src + 1] = "end"
  local chunk = assert(load(table.concat(src, "\n"), "=measure inputs", "t", {}))
  return chunk(cv, json.null, math.type, money.parse, dates.parse, setmetatable, mt, type, rawset)
end

-- The converter for one type, for parameters set from the command line.
C.conv = conv

return C
