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

local LIST = {
  { code = "110101", name = "东城区" },
  { code = "110102", name = "西城区" },
  { code = "110105", name = "朝阳区" },
  { code = "110106", name = "丰台区" },
  { code = "110107", name = "石景山区" },
  { code = "110108", name = "海淀区" },
  { code = "110109", name = "门头沟区" },
  { code = "110111", name = "房山区" },
  { code = "110112", name = "通州区" },
  { code = "110113", name = "顺义区" },
  { code = "110114", name = "昌平区" },
  { code = "110115", name = "大兴区" },
  { code = "110116", name = "怀柔区" },
  { code = "110117", name = "平谷区" },
  { code = "110118", name = "密云区" },
  { code = "110119", name = "延庆区" },
  { code = "110302", name = "经开区", full = "北京经济技术开发区", kind = "开发区",
    aliases = { "北京经开区", "亦庄", "亦庄开发区", "亦庄经济技术开发区", "北京亦庄", "经济技术开发区",
      "北京经济技术开发区", "亦庄新城", "开发区" } },
}

local INDEX = {}
for _, d in ipairs(LIST) do
  d.kind = d.kind or "区"
  d.short = d.short or d.name:gsub("区$", "")
  d.full = d.full or ("北京市" .. d.name)
  INDEX[d.name], INDEX[d.short], INDEX[d.full], INDEX[d.code] = d, d, d, d
  INDEX["北京" .. d.name], INDEX["北京市" .. d.short] = d, d
  for _, a in ipairs(d.aliases or {}) do INDEX[a], INDEX["北京市" .. a] = d, d end
end
-- Names a record may still hold from before a merger: 崇文区 into 东城区, 宣武区 into 西城区
-- (国函〔2010〕56号), and the 县 that became 区 (密云县, 延庆县: 国函〔2015〕155号).
local FORMER = { ["崇文区"] = "东城区", ["宣武区"] = "西城区", ["密云县"] = "密云区", ["延庆县"] = "延庆区",
  ["110103"] = "东城区", ["110104"] = "西城区", ["110228"] = "密云区", ["110229"] = "延庆区" }

local function copy(d)
  return { code = d.code, name = d.name, short = d.short, full = d.full, kind = d.kind }
end

function districts.lookup(s)
  if type(s) == "number" and math.type(s) == "integer" then s = tostring(s) end
  if type(s) ~= "string" then return nil, ("a district must be a name or code, got %s"):format(type(s)) end
  local key = s:gsub("^%s+", ""):gsub("%s+$", "")
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
  local out = {}
  for i, d in ipairs(LIST) do out[i] = copy(d) end
  return out
end

return districts
