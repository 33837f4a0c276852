-- stdlib/sme.lua: enterprise size classes under 《中小企业划型标准规定》(工信部联企业〔2011〕300号).
--
--   sme.classify{industry_code=, employees=, revenue=, total_assets=} -> class, info | nil, reason
--     class: "large", "medium", "small" or "micro"; info = {industry=, industry_name=, clause=}
--     revenue (营业收入) and total_assets (资产总额) are money (revenue:fen()), plain numbers of
--     yuan, or money text ("800万"); employees (从业人员) an integer. Only the indicators the industry uses are
--     read; one that is missing (nil) gives nil and a reason naming it. `industry = KEY`
--     (a key of sme.industries, a plain field of t) may replace industry_code.
--   sme.industry(code) -> key, info | nil, reason    the 300号 industry of a GB/T 4754-2017 code
--   sme.industries     -> the 16 industries with their thresholds (第四条（一）至（十六）)
--
-- Reading of the bounds (anchors.md 4(c); 国家统计局 on the companion 统计上大中小微型企业划分办法:
-- "大型、中型和小型企业须同时满足所列指标的下限，否则下划一档；微型企业只须满足所列指标中的一项即可"):
--   - 中小微型 when ANY indicator is under the ceiling ("X以下或Y以下的为中小微型企业");
--     so large when every indicator reaches its ceiling;
--   - medium when EVERY medium lower bound is met ("X及以上，且Y及以上"), small likewise;
--   - micro otherwise (under EITHER small bound).
-- "以下" is < and "及以上" is ≥ (第四条 uses both forms for the same bound).
-- The mapping of codes to industries is in docs/sme.md.
local M = require "money"

local sme = {}

local WAN = 1000000 -- 1 万元 in fen

-- X 从业人员 (people), Y 营业收入 (万元), Z 资产总额 (万元)
local I = {
  { key = "agriculture", name = "农、林、牧、渔业", clause = "第四条（一）",
    ceiling = { Y = 20000 }, medium = { Y = 500 }, small = { Y = 50 } },
  { key = "industry", name = "工业", clause = "第四条（二）",
    ceiling = { X = 1000, Y = 40000 }, medium = { X = 300, Y = 2000 }, small = { X = 20, Y = 300 } },
  { key = "construction", name = "建筑业", clause = "第四条（三）",
    ceiling = { Y = 80000, Z = 80000 }, medium = { Y = 6000, Z = 5000 }, small = { Y = 300, Z = 300 } },
  { key = "wholesale", name = "批发业", clause = "第四条（四）",
    ceiling = { X = 200, Y = 40000 }, medium = { X = 20, Y = 5000 }, small = { X = 5, Y = 1000 } },
  { key = "retail", name = "零售业", clause = "第四条（五）",
    ceiling = { X = 300, Y = 20000 }, medium = { X = 50, Y = 500 }, small = { X = 10, Y = 100 } },
  { key = "transport", name = "交通运输业", clause = "第四条（六）",
    ceiling = { X = 1000, Y = 30000 }, medium = { X = 300, Y = 3000 }, small = { X = 20, Y = 200 } },
  { key = "warehousing", name = "仓储业", clause = "第四条（七）",
    ceiling = { X = 200, Y = 30000 }, medium = { X = 100, Y = 1000 }, small = { X = 20, Y = 100 } },
  { key = "postal", name = "邮政业", clause = "第四条（八）",
    ceiling = { X = 1000, Y = 30000 }, medium = { X = 300, Y = 2000 }, small = { X = 20, Y = 100 } },
  { key = "accommodation", name = "住宿业", clause = "第四条（九）",
    ceiling = { X = 300, Y = 10000 }, medium = { X = 100, Y = 2000 }, small = { X = 10, Y = 100 } },
  { key = "catering", name = "餐饮业", clause = "第四条（十）",
    ceiling = { X = 300, Y = 10000 }, medium = { X = 100, Y = 2000 }, small = { X = 10, Y = 100 } },
  { key = "telecom", name = "信息传输业", clause = "第四条（十一）",
    ceiling = { X = 2000, Y = 100000 }, medium = { X = 100, Y = 1000 }, small = { X = 10, Y = 100 } },
  { key = "software", name = "软件和信息技术服务业", clause = "第四条（十二）",
    ceiling = { X = 300, Y = 10000 }, medium = { X = 100, Y = 1000 }, small = { X = 10, Y = 50 } },
  { key = "real_estate_development", name = "房地产开发经营", clause = "第四条（十三）",
    ceiling = { Y = 200000, Z = 10000 }, medium = { Y = 1000, Z = 5000 }, small = { Y = 100, Z = 2000 } },
  { key = "property_management", name = "物业管理", clause = "第四条（十四）",
    ceiling = { X = 1000, Y = 5000 }, medium = { X = 300, Y = 1000 }, small = { X = 100, Y = 500 } },
  { key = "leasing_business", name = "租赁和商务服务业", clause = "第四条（十五）",
    ceiling = { X = 300, Z = 120000 }, medium = { X = 100, Z = 8000 }, small = { X = 10, Z = 100 } },
  { key = "other", name = "其他未列明行业", clause = "第四条（十六）",
    ceiling = { X = 300 }, medium = { X = 100 }, small = { X = 10 } },
}
sme.industries = I
local BY_KEY = {}
for _, v in ipairs(I) do BY_KEY[v.key] = v end
-- sme.industry hands these tables out: read-only, so that no script changes the thresholds
-- another classifies with (docs/sandbox.md)
require("sandbox").freeze(I, "sme.industries")

local FIELDS = { X = "employees", Y = "revenue", Z = "total_assets" }
local LABELS = { X = "从业人员", Y = "营业收入", Z = "资产总额" }

-- 第五条 lists the industries; these are outside 300号 altogether.
local NOT_COVERED = {
  J = "金融业 is not covered by 工信部联企业〔2011〕300号 (see 金融业企业划型标准规定, 银发〔2015〕309号)",
  S = "公共管理、社会保障和社会组织 are not enterprises under 工信部联企业〔2011〕300号",
  T = "国际组织 are not enterprises under 工信部联企业〔2011〕300号",
  ["53"] = "铁路运输业 is excluded from 交通运输业 (工信部联企业〔2011〕300号 第四条（六）: 不含铁路运输业)",
}

-- From a section letter and 2-4 digits to an industry key (docs/sme.md, "From codes").
local function map(section, digits)
  local div = digits:sub(1, 2)
  if NOT_COVERED[section] then return nil, NOT_COVERED[section] end
  if section == "A" then return "agriculture" end
  if section == "B" or section == "C" or section == "D" then return "industry" end
  if section == "E" then return "construction" end
  if section == "L" then return "leasing_business" end
  if section:match("[MNOPQR]") then return "other" end
  if div == "" then
    return nil, ("section %s spans several industries of 300号 第四条: give the division (2 digits) or class"):format(section)
  end
  if div == "51" then return "wholesale" end
  if div == "52" then return "retail" end
  if NOT_COVERED[div] then return nil, NOT_COVERED[div] end
  if div >= "54" and div <= "58" then return "transport" end
  if div == "59" then
    if #digits < 3 then return nil, "division 59 holds 装卸搬运 (交通运输业) and 仓储业: give the group or class" end
    return digits:sub(1, 3) == "591" and "transport" or "warehousing"
  end
  if div == "60" then return "postal" end
  if div == "61" then return "accommodation" end
  if div == "62" then return "catering" end
  if div == "63" or div == "64" then return "telecom" end
  if div == "65" then return "software" end
  if div == "70" then
    if #digits < 3 then
      return nil, "division 70 holds 房地产开发经营, 物业管理 and other 房地产业: give the group or class (7010, 7020, ...)"
    end
    local g = digits:sub(1, 3)
    if g == "701" then return "real_estate_development" end
    if g == "702" then return "property_management" end
    return "other"
  end
  return nil, ("no industry of 300号 for %s%s"):format(section, digits)
end

-- The industry of each valid code already seen (a batch run asks for the same few codes a
-- million times); bounded by the number of GB/T 4754-2017 codes, failures are not kept.
local known_codes = {}
function sme.industry(code)
  local key = known_codes[code]
  if key then return key, BY_KEY[key] end
  local info, why = require("industry").lookup(code)
  if not info then return nil, why end
  local reason
  key, reason = map(info.section, info.code:sub(2))
  if not key then return nil, ("industry_code %s: %s"):format(tostring(code), reason) end
  if type(code) == "string" then known_codes[code] = key end
  return key, BY_KEY[key]
end

-- fen from money, an integer number of yuan, or a float of whole fen; nil stays nil.
local function to_fen(v, field)
  if v == nil then return nil end
  local t = type(v)
  if M.is_money(v) then
    return v:fen()
  elseif t == "number" then
    if math.type(v) == "integer" then
      if v > 90000000000000 or v < -90000000000000 then error(("sme.classify: %s %d is out of range"):format(field, v), 3) end
      return v * 100
    end
    local f = math.tointeger(v * 100)
    if f and math.abs(v) < 9e13 then return f end
    error(("sme.classify: %s %s is not a whole number of 分; give money (yuan(...), wan(...)) or an integer of yuan"):format(field, tostring(v)), 3)
  elseif t == "string" then -- "800万", "1,200,000.00元"
    local m, why = M.parse(v)
    if m then return m:fen() end
    error(("sme.classify: %s '%s' is not money: %s"):format(field, v, why), 3)
  end
  error(("sme.classify: %s must be money or a number of yuan, got %s %s"):format(field, t, tostring(v)), 3)
end

local function to_count(v)
  if v == nil then return nil end
  local n = type(v) == "number" and math.tointeger(v)
  if not n then
    error(("sme.classify: employees must be a whole number of people, got %s %s"):format(type(v), tostring(v)), 3)
  end
  return n
end

-- Does the value meet every bound of the set (all indicators ≥ bound)?
local function meets(vals, bounds)
  for ind, b in pairs(bounds) do
    local limit = ind == "X" and b or b * WAN
    if vals[ind] < limit then return false end
  end
  return true
end

-- Reads t.industry (only as a plain field: rawget) or t.industry_code, then only the indicators
-- that industry's standard uses: given a measure's record, a field the standard does not use
-- (total_assets of an 工业 enterprise) is never read, so it is never reported missing.
function sme.classify(t)
  if type(t) ~= "table" then error("sme.classify: expected a table {industry_code=, employees=, revenue=, total_assets=}", 2) end
  local spec, why
  local key = rawget(t, "industry")
  if key ~= nil then
    spec = BY_KEY[key]
    if not spec then error(("sme.classify: unknown industry '%s'"):format(tostring(key)), 2) end
  else
    local code = t.industry_code
    if code == nil then return nil, "industry_code is missing: the thresholds depend on the industry (300号 第四条)" end
    key, why = sme.industry(code)
    if not key then return nil, why end
    spec = BY_KEY[key]
  end
  local vals = {}
  for _, ind in ipairs { "X", "Y", "Z" } do
    if spec.ceiling[ind] then
      local field = FIELDS[ind]
      local v = t[field]
      if v == nil then
        return nil, ("%s is missing: %s (300号 %s) is classified by %s"):format(field, spec.name, spec.clause, sme.indicators(spec))
      end
      if ind == "X" then v = to_count(v) else v = to_fen(v, field) end
      if v < 0 then error(("sme.classify: %s is negative"):format(field), 2) end
      vals[ind] = v
    end
  end
  local info = { industry = spec.key, industry_name = spec.name, clause = "工信部联企业〔2011〕300号 " .. spec.clause }
  if meets(vals, spec.ceiling) then return "large", info end
  if meets(vals, spec.medium) then return "medium", info end
  if meets(vals, spec.small) then return "small", info end
  return "micro", info
end

-- "从业人员 (employees) and 营业收入 (revenue)"
function sme.indicators(spec)
  local parts = {}
  for _, ind in ipairs { "X", "Y", "Z" } do
    if spec.ceiling[ind] then parts[#parts + 1] = ("%s (%s)"):format(LABELS[ind], FIELDS[ind]) end
  end
  return table.concat(parts, " and ")
end

return sme
