-- stdlib/industry.lua: GB/T 4754-2017 国民经济行业分类 (with 第1号修改单, 2019).
--
--   industry.lookup(code) -> info | nil, reason
--     code: "I6513", "6513", "I651", "651", "I65", "65" or "I" (full-width and spaces trimmed)
--     info: {code=, level="section"|"division"|"group"|"class", name=,
--            section=, section_name=, division=, division_name=, group=, group_name=,
--            class=, class_name=}  (names nil where the data file has no row for that level)
--   industry.sections()          -> {{code="A", name=...}, ...} (20)
--   industry.divisions([section]) -> {{code="01", name=..., section="A"}, ...} (97 in all)
--   industry.valid(code)         -> true | false, reason
--   industry.within(code, prefixes) -> true | false | nil, reason
--     whether code lies in one of prefixes ({"H62", "L727", "F"}); nil and a reason when the
--     code is not valid or is too coarse to tell (code "L72" against prefix "L727")
--   industry.sector(code)        -> "primary" | "secondary" | "tertiary" | nil, reason
--   industry.is_tertiary(code)   -> true | false | nil, reason   (第三产业 = 服务业)
--   industry.tertiary_prefixes() -> {"F", ..., "T", "A05", "B11", "C43"} (a copy)
--     三次产业划分规定 as revised by 国统设管函〔2018〕74号 for GB/T 4754-2017
--
-- Data: stdlib/data/gbt4754-2017.csv (code,level,name), every section (门类, 20) and
-- division (大类, 97), and the groups and classes the synthetic population and the SME
-- mapping use. A 4-digit class missing from the file is still answered at the levels
-- above it (name nil, class_name nil); a division not in the standard is an error.
local host = require "host"

local industry = {}
local data -- code -> row; loaded on first use

local function load()
  if data then return data end
  local text = assert(host.readfile(host.home() .. "/stdlib/data/gbt4754-2017.csv"))
  data = { sections = {}, divisions = {} }
  local section
  local n = 0
  for line in text:gmatch("[^\r\n]+") do
    n = n + 1
    if n > 1 then
      local code, level, name = line:match("^([^,]+),([^,]+),(.+)$")
      if not code then error(("gbt4754-2017.csv line %d: expected code,level,name"):format(n)) end
      local row = { code = code, level = level, name = name }
      if level == "section" then
        section = row
        data.sections[#data.sections + 1] = row
      else
        row.section = section.code
        if level == "division" then data.divisions[#data.divisions + 1] = row end
      end
      data[code] = row
    end
  end
  return data
end

local LEVELS = { [1] = "section", [2] = "division", [3] = "group", [4] = "class" }

-- Splits "I6513" into "I", "6513"; nil, reason when malformed.
local function split(code)
  if type(code) == "number" and math.type(code) == "integer" and code >= 0 then
    code = ("%02d"):format(code)
  end
  if type(code) ~= "string" then
    return nil, ("an industry code must be text such as \"I6513\", got %s"):format(type(code))
  end
  local s = code:gsub("^%s+", ""):gsub("%s+$", "")
  -- full-width letters and digits (Ａ-Ｚ, ０-９) to ASCII
  s = s:gsub("\239\188([\161-\186])", function(c) return string.char(c:byte() - 0xA1 + 65) end)
  s = s:gsub("\239\188([\144-\153])", function(c) return string.char(c:byte() - 0x90 + 48) end)
  local letter, digits = s:match("^(%a?)(%d*)$")
  if not letter or (letter == "" and digits == "") or #digits == 1 or #digits > 4 then
    return nil, ("'%s' is not a GB/T 4754-2017 code: a section letter A-T and/or 2, 3 or 4 digits, e.g. I6513"):format(code)
  end
  return letter:upper(), digits
end

function industry.lookup(code)
  local letter, digits = split(code)
  if not letter then return nil, digits end
  local d = load()
  local info = {}
  if digits == "" then
    local s = d[letter]
    if not s or s.level ~= "section" then
      return nil, ("'%s': there is no section %s (GB/T 4754-2017 has sections A to T)"):format(code, letter)
    end
    info.code, info.level, info.name = letter, "section", s.name
    info.section, info.section_name = letter, s.name
    return info
  end
  local div = d[digits:sub(1, 2)]
  if not div or div.level ~= "division" then
    return nil, ("'%s': there is no division %s in GB/T 4754-2017 (divisions 01 to 97)"):format(code, digits:sub(1, 2))
  end
  if letter ~= "" and letter ~= div.section then
    return nil, ("'%s': division %s belongs to section %s (%s), not %s"):format(code, div.code, div.section,
      d[div.section].name, letter)
  end
  info.code, info.level = div.section .. digits, LEVELS[#digits]
  info.section, info.section_name = div.section, d[div.section].name
  info.division, info.division_name = div.code, div.name
  if #digits >= 3 then
    local g = d[digits:sub(1, 3)]
    info.group, info.group_name = digits:sub(1, 3), g and g.name
  end
  if #digits == 4 then
    local c = d[digits]
    info.class, info.class_name = digits, c and c.name
  end
  info.name = info[info.level .. "_name"]
  return info
end

function industry.valid(code)
  local info, why = industry.lookup(code)
  if not info then return false, why end
  return true
end

-- The code of a prefix given by a measure: a mistake there is the script's, so it raises.
local prefix_cache = {}
local function prefix_code(p)
  local c = prefix_cache[p]
  if c then return c end
  local info, why = industry.lookup(p)
  if not info then error(("industry.within: prefix %s"):format(why), 3) end
  prefix_cache[p] = info.code
  return info.code
end

function industry.within(code, prefixes)
  if type(prefixes) ~= "table" then
    error(("industry.within: expected a list of code prefixes such as {\"H62\", \"F52\"}, got %s"):format(type(prefixes)), 2)
  end
  local info, why = industry.lookup(code)
  if not info then return nil, why end
  local c = info.code
  local coarse
  for _, p in ipairs(prefixes) do
    local pc = prefix_code(p)
    if c:sub(1, #pc) == pc then return true end
    if #c < #pc and pc:sub(1, #c) == c then coarse = coarse or pc end
  end
  if coarse then
    return nil, ("'%s' is too coarse to tell whether it lies in %s: give the %s"):format(code, coarse,
      LEVELS[#coarse - 1] or "section")
  end
  return false
end

-- 国家统计局《关于修订〈三次产业划分规定(2012)〉的通知》(国统设管函〔2018〕74号), 二: "第一产业是指
-- 农、林、牧、渔业(不含农、林、牧、渔专业及辅助性活动)。第二产业是指采矿业(不含开采专业及辅助性活动),
-- 制造业(不含金属制品、机械和设备修理业),电力、热力、燃气及水生产和供应业,建筑业。第三产业即服务业,
-- 是指除第一产业、第二产业以外的其他行业", which lists sections F to T and divisions 05, 11, 43.
local TERTIARY = { "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T",
  "A05", "B11", "C43" }
local PRIMARY = { "A" }

-- A copy of the 第三产业 list (sections and divisions), for a measure that needs a variant of it.
function industry.tertiary_prefixes()
  return table.move(TERTIARY, 1, #TERTIARY, 1, {})
end

function industry.sector(code)
  local t, why = industry.within(code, TERTIARY)
  if t == nil then
    if why and why:find("too coarse", 1, true) then
      why = ("'%s' spans two sectors (divisions 05, 11 and 43 are 第三产业 under 国统设管函〔2018〕74号): give the division"):format(code)
    end
    return nil, why
  end
  if t then return "tertiary" end
  if industry.within(code, PRIMARY) then return "primary" end
  return "secondary"
end

function industry.is_tertiary(code)
  local s, why = industry.sector(code)
  if not s then return nil, why end
  return s == "tertiary"
end

function industry.sections()
  local out = {}
  for i, s in ipairs(load().sections) do out[i] = { code = s.code, name = s.name } end
  return out
end

function industry.divisions(section)
  local out = {}
  for _, v in ipairs(load().divisions) do
    if section == nil or v.section == section then
      out[#out + 1] = { code = v.code, name = v.name, section = v.section }
    end
  end
  return out
end

return industry
