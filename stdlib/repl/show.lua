-- stdlib/repl/show.lua: how the REPL prints values (docs/repl.md).
--
-- Money, dates and ratios print as their own tostring (3,600,000.00元, 2022-07-08, 45%);
-- a measure's result prints as a short verdict; a record (a table of named fields) prints
-- one field per line; a list of records prints as aligned columns, with Chinese characters
-- counted two columns wide, as a terminal shows them.
local show = {}

-- ---- display width ----

-- East Asian Wide and Fullwidth code points (Unicode 15 EastAsianWidth W and F, merged
-- into ranges); combining marks take no column.
local WIDE = {
  {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0},
  {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F},
  {0x2693, 0x2693}, {0x26A1, 0x26A1}, {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5},
  {0x26CE, 0x26CE}, {0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
  {0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728},
  {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797},
  {0x27B0, 0x27B0}, {0x27BF, 0x27BF}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55},
  {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF},
  {0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6F},
  {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x16FE0, 0x16FE4}, {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF},
  {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
}
local ZERO = { {0x0300, 0x036F}, {0x200B, 0x200F}, {0xFE00, 0xFE0F}, {0x20D0, 0x20FF} }

local function in_ranges(t, c)
  local lo, hi = 1, #t
  while lo <= hi do
    local mid = (lo + hi) // 2
    local r = t[mid]
    if c < r[1] then hi = mid - 1 elseif c > r[2] then lo = mid + 1 else return true end
  end
  return false
end

-- The number of terminal columns s takes; a string that is not UTF-8 counts its bytes.
function show.width(s)
  s = tostring(s)
  if not utf8.len(s) then return #s end
  local w = 0
  for _, c in utf8.codes(s) do
    if c < 0x300 then w = w + (c >= 0x20 and 1 or 0)
    elseif in_ranges(ZERO, c) then -- nothing
    elseif in_ranges(WIDE, c) then w = w + 2
    else w = w + 1 end
  end
  return w
end

-- s cut to at most n columns (with … when cut), on character boundaries.
function show.clip(s, n)
  if show.width(s) <= n then return s end
  if not utf8.len(s) then return s:sub(1, n - 1) .. "…" end
  local out, w = {}, 0
  for _, c in utf8.codes(s) do
    local ch = utf8.char(c)
    local cw = show.width(ch)
    if w + cw > n - 1 then break end
    out[#out + 1] = ch
    w = w + cw
  end
  return table.concat(out) .. "…"
end

local function pad(s, n, right)
  local fill = string.rep(" ", n - show.width(s))
  if right then return fill .. s end
  return s .. fill
end
show.pad = pad

-- ---- kinds of values ----

local function mtname(v)
  local mt = getmetatable(v)
  if type(mt) == "table" then return rawget(mt, "__name") end
  return nil
end

local function has_tostring(v)
  local mt = getmetatable(v)
  return type(mt) == "table" and rawget(mt, "__tostring") ~= nil
end

-- A result of a measure (docs/measures.md "Results").
function show.is_result(v)
  return type(v) == "table" and type(rawget(v, "status")) == "string" and rawget(v, "measure") ~= nil
    and (rawget(v, "reasons") ~= nil or rawget(v, "outputs") ~= nil)
end

local function is_scalar(v)
  local t = type(v)
  return t == "string" or t == "number" or t == "boolean" or t == "userdata" or (t == "table" and has_tostring(v))
end

-- A record: a table with only string keys whose values are scalars (or lists of records).
function show.is_record(v)
  if type(v) ~= "table" then return false end
  local mt = getmetatable(v)
  if mt ~= nil and (type(mt) ~= "table" or not rawget(mt, "__record")) then return false end
  local n = 0
  for k, x in pairs(v) do
    if type(k) ~= "string" then return false end
    if not is_scalar(x) and type(x) ~= "table" then return false end
    n = n + 1
  end
  return n > 0
end

-- A list of records: 1..n, each a record.
function show.is_record_list(v)
  if type(v) ~= "table" or getmetatable(v) ~= nil then return false end
  local n = #v
  if n == 0 then return false end
  local count = 0
  for _ in pairs(v) do count = count + 1 end
  if count ~= n then return false end
  for i = 1, n do
    if not show.is_record(v[i]) then return false end
  end
  return true
end

-- ---- scalars ----

function show.scalar(v)
  if v == nil then return "" end
  if type(v) == "string" then return v end
  if type(v) == "number" then
    if math.type(v) == "integer" then return tostring(v) end
    return string.format("%.14g", v)
  end
  if type(v) == "table" and not has_tostring(v) then
    if show.is_result(v) then return v.status end
    return "{…}"
  end
  return tostring(v)
end

-- Right-aligned: numbers, money, ratios (anything whose text starts with a digit or sign
-- and has no letters except 元/%).
local function numeric(v)
  if type(v) == "number" then return true end
  if type(v) == "string" then
    local body = v:gsub("元$", ""):gsub("%%$", "")
    return body:match("^[+-]?%d[%d,]*%.?%d*$") ~= nil
  end
  local m, r = rawget(_G, "money"), rawget(_G, "ratio")
  if type(m) == "table" and m.is_money and m.is_money(v) then return true end
  if type(r) == "table" and r.is_ratio and r.is_ratio(v) then return true end
  local n = mtname(v)
  return n == "gazette.money" or n == "gazette.ratio"
end

-- ---- tables ----

local ident = "^[%a_][%w_]*$"

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta < tb end
    if ta == "string" or ta == "number" then return a < b end
    return tostring(a) < tostring(b)
  end)
  return keys
end
show.sorted_keys = sorted_keys

-- A one-line Lua-like rendering, depth- and length-limited, cycles marked.
function show.inline(v, depth, seen)
  depth = depth or 0
  seen = seen or {}
  local t = type(v)
  if t == "string" then return string.format("%q", v):gsub("\\\n", "\\n") end
  if t ~= "table" or has_tostring(v) then return tostring(v) end
  if seen[v] then return "<cycle>" end
  if depth > 3 then return "{…}" end
  seen[v] = true
  local parts, n = {}, #v
  for i = 1, math.min(n, 20) do parts[#parts + 1] = show.inline(v[i], depth + 1, seen) end
  if n > 20 then parts[#parts + 1] = ("…(%d items)"):format(n) end
  local more = 0
  for _, k in ipairs(sorted_keys(v)) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then
      if #parts >= 40 then more = more + 1 else
        local key = type(k) == "string" and k:match(ident) and k or "[" .. show.inline(k, depth + 1, seen) .. "]"
        parts[#parts + 1] = key .. " = " .. show.inline(v[k], depth + 1, seen)
      end
    end
  end
  if more > 0 then parts[#parts + 1] = ("…(%d more)"):format(more) end
  seen[v] = nil
  return "{" .. table.concat(parts, ", ") .. "}"
end

-- Aligned columns. rows: list of tables; cols: list of field names (default: the union
-- of every row's keys, `id` first, then in order of first appearance sorted per row).
function show.columns(rows, cols, opts)
  opts = opts or {}
  local maxw = opts.maxwidth or 40
  if not cols then
    cols = {}
    local seen = {}
    local function add(k) if not seen[k] then seen[k] = true; cols[#cols + 1] = k end end
    for _, first in ipairs({"id", "record_id", "name"}) do
      for _, r in ipairs(rows) do if r[first] ~= nil then add(first) break end end
    end
    for _, r in ipairs(rows) do
      for _, k in ipairs(sorted_keys(r)) do
        if type(k) == "string" and type(r[k]) ~= "table" or (type(r[k]) == "table" and has_tostring(r[k])) then add(k) end
      end
    end
  end
  local cells, widths, right = {}, {}, {}
  for j, c in ipairs(cols) do widths[j] = show.width(c); right[j] = true end
  local limit = opts.limit or 200
  for i, r in ipairs(rows) do
    if i > limit then break end
    local line = {}
    for j, c in ipairs(cols) do
      local v = r[c]
      local s = show.clip(show.scalar(v), maxw)
      line[j] = s
      if v ~= nil and not numeric(v) then right[j] = false end
      local w = show.width(s)
      if w > widths[j] then widths[j] = w end
    end
    cells[#cells + 1] = line
  end
  local out = {}
  local head, rule = {}, {}
  for j, c in ipairs(cols) do
    head[j] = pad(c, widths[j], right[j])
    rule[j] = string.rep("-", widths[j])
  end
  local function join(t) return (table.concat(t, "  "):gsub("%s+$", "")) end
  out[1] = join(head)
  out[2] = join(rule)
  for _, line in ipairs(cells) do
    local l = {}
    for j = 1, #cols do l[j] = pad(line[j], widths[j], right[j]) end
    out[#out + 1] = join(l)
  end
  if #rows > limit then out[#out + 1] = ("… %d more rows (%d in all)"):format(#rows - limit, #rows) end
  return table.concat(out, "\n")
end

-- A record: one field per line, names aligned.
function show.record(r)
  local keys = sorted_keys(r)
  local w = 0
  for _, k in ipairs(keys) do w = math.max(w, show.width(k)) end
  local out = {}
  for _, k in ipairs(keys) do
    local v = r[k]
    local s
    if type(v) == "table" and show.is_record_list(v) then
      s = ("(%d records)"):format(#v)
    elseif type(v) == "table" and not has_tostring(v) then
      s = show.inline(v)
    else
      s = show.scalar(v)
      if type(v) == "string" then s = string.format("%q", v) end
    end
    out[#out + 1] = pad(k, w) .. " = " .. s
  end
  return table.concat(out, "\n")
end

-- A result: verdict line, outputs, failed and undetermined rules, missing inputs.
function show.result(res)
  local out = {}
  local head = ("%s: %s"):format(tostring(res.measure), res.status)
  if res.amount ~= nil then head = head .. "  " .. tostring(res.amount) end
  if res.as_of ~= nil then head = head .. "  (as of " .. tostring(res.as_of) .. ")" end
  out[1] = head
  if type(res.outputs) == "table" then
    for _, k in ipairs(sorted_keys(res.outputs)) do
      out[#out + 1] = ("  %s = %s"):format(k, show.scalar(res.outputs[k]))
    end
  end
  if type(res.reasons) == "table" then
    for _, r in ipairs(res.reasons) do
      if r.result == false or r.result == "undetermined" then
        out[#out + 1] = ("  %s %s (%s) %s%s"):format(r.result == false and "✗" or "?", tostring(r.rule),
          tostring(r.clause or ""), tostring(r.text or ""), r.detail and (": " .. tostring(r.detail)) or "")
      end
    end
  end
  if type(res.missing) == "table" and #res.missing > 0 then
    out[#out + 1] = "  missing: " .. table.concat(res.missing, ", ")
  end
  if type(res.error) == "string" then out[#out + 1] = "  error: " .. res.error end
  return table.concat(out, "\n")
end

-- The text for any value.
function show.value(v)
  local t = type(v)
  if t == "nil" then return "nil" end
  if t == "string" then return v end
  if t ~= "table" then return show.scalar(v) end
  if has_tostring(v) then return tostring(v) end
  if show.is_result(v) then return show.result(v) end
  if show.is_record_list(v) then return show.columns(v) end
  if next(v) ~= nil and #v > 0 then
    -- a list of results: a table of verdicts
    local all = true
    for i = 1, #v do if not show.is_result(v[i]) then all = false break end end
    if all then
      local rows = {}
      for i = 1, #v do rows[i] = { measure = v[i].measure, status = v[i].status, amount = v[i].amount } end
      return show.columns(rows, { "measure", "status", "amount" })
    end
  end
  local s = show.inline(v)
  if show.is_record(v) and show.width(s) > 100 then return show.record(v) end
  return s
end

return show
