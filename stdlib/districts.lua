-- stdlib/districts.lua: Beijing's 16 districts and the 北京经济技术开发区 (经开区), with codes.
--
--   districts.lookup(name_or_code) -> {name=, short=, full=, code=, kind=} | nil, reason
--   districts.normalize(name)      -> "朝阳区" | nil, reason   (the name records should hold)
--   districts.same(a, b)           -> true when both name the same district
--   districts.list()               -> every entry, in code order (经开区 last)
--
-- Codes: GB/T 2260 (民政部 2023年中华人民共和国县以上行政区划代码) for the 16 districts.
-- The 经开区 is not a county-level division of GB/T 2260 (it lies across 大兴区 and 通州区);
-- its code 110302 is the one registration uses for enterprises registered with the
-- 经开区 market supervision bureau (positions 3-8 of their 统一社会信用代码). docs/records.md.
local districts = {}

-- The reference data: stdlib/data/beijing-districts.csv (code,name,full,kind,aliases with
-- aliases separated by ';') and beijing-districts-former.csv (names and codes that no longer
-- exist), read once on first use.
local host = require "host"

local LIST, INDEX, FORMER

local function csv_rows(file, ncols)
  local text = assert(host.readfile(host.home() .. "/stdlib/data/" .. file))
  local rows, n = {}, 0
  for line in text:gmatch("[^\r\n]+") do
    n = n + 1
    if n > 1 then
      local f = {}
      for v in (line .. ","):gmatch("([^,]*),") do f[#f + 1] = v end
      if #f ~= ncols then error(("stdlib/data/%s:%d: expected %d fields"):format(file, n, ncols), 0) end
      rows[#rows + 1] = f
    end
  end
  return rows
end

local function load()
  if LIST then return end
  LIST, INDEX, FORMER = {}, {}, {}
  for _, f in ipairs(csv_rows("beijing-districts.csv", 5)) do
    local d = { code = f[1], name = f[2], full = f[3], kind = f[4], aliases = {} }
    for a in f[5]:gmatch("[^;]+") do d.aliases[#d.aliases + 1] = a end
    d.short = d.kind == "区" and d.name:gsub("区$", "") or d.name
    LIST[#LIST + 1] = d
    INDEX[d.name], INDEX[d.short], INDEX[d.full], INDEX[d.code] = d, d, d, d
    INDEX["北京" .. d.name], INDEX["北京市" .. d.name], INDEX["北京市" .. d.short] = d, d, d
    for _, a in ipairs(d.aliases) do INDEX[a], INDEX["北京市" .. a] = d, d end
  end
  -- Names a record may still hold from before a merger: 崇文区 into 东城区, 宣武区 into 西城区
  -- (国函〔2010〕56号), and the 县 that became 区 (密云县, 延庆县: 国函〔2015〕155号).
  for _, f in ipairs(csv_rows("beijing-districts-former.csv", 3)) do FORMER[f[1]] = f[2] end
end

-- Spaces and full-width spaces (U+3000, typed with a Chinese input method) around a name.
local function trim(s)
  local old
  repeat
    old = s
    s = s:gsub("^%s+", ""):gsub("%s+$", ""):gsub("^\u{3000}", ""):gsub("\u{3000}$", "")
  until s == old
  return s
end

local function copy(d)
  return { code = d.code, name = d.name, short = d.short, full = d.full, kind = d.kind }
end

function districts.lookup(s)
  if type(s) == "number" and math.type(s) == "integer" then s = tostring(s) end
  if type(s) ~= "string" then return nil, ("a district must be a name or code, got %s"):format(type(s)) end
  load()
  local key = trim(s)
  local d = INDEX[key]
  if d then return copy(d) end
  local now = FORMER[key]
  if now then
    return nil, ("'%s' no longer exists: it is part of %s since the merger"):format(s, now)
  end
  return nil, ("'%s' is not a Beijing district (16 districts and 经开区; e.g. 朝阳区, 朝阳, 110105)"):format(s)
end

function districts.normalize(s)
  local d, why = districts.lookup(s)
  if not d then return nil, why end
  return d.name
end

function districts.same(a, b)
  local x, y = districts.lookup(a), districts.lookup(b)
  return x ~= nil and y ~= nil and x.code == y.code
end

function districts.list()
  load()
  local out = {}
  for i, d in ipairs(LIST) do out[i] = copy(d) end
  return out
end

return districts
