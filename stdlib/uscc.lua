-- stdlib/uscc.lua: the unified social credit code (统一社会信用代码), GB 32100-2015.
--
--   uscc.check(code)        -> true | false, reason   (reason names the position)
--   uscc.parse(code)        -> {authority=, category=, division=, body=, check=} | nil, reason
--   uscc.check_char(first17) -> the check character (position 18) for 17 characters
--
-- 18 characters: [1] registering authority (登记管理部门代码), [2] organisation category
-- (机构类别代码), [3-8] administrative division (GB/T 2260), [9-17] the subject code
-- (主体标识码, a GB 11714 organisation code whose own check character is position 17),
-- [18] the check character (GB 32100-2015 第4.5条: mod 31, weights 3^(i-1) mod 31).
-- Real registries hold codes that fail the checksum (anchors.md 4(b): 91350203M0001QAY9B),
-- so a failed check is a reason returned to the caller, who decides whether it is fatal.
local uscc = {}

-- GB 32100-2015 表2: 31 characters, without I, O, S, V, Z; value = index - 1.
local CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
local VALUE = {}
for i = 1, #CHARSET do VALUE[CHARSET:sub(i, i)] = i - 1 end
-- 3^(i-1) mod 31 for positions 1..17
local WEIGHTS = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 }
-- GB 11714-1997 organisation code: weights on its 8 body characters; values 0-9, A=10..Z=35.
local ORG_WEIGHTS = { 3, 7, 9, 10, 5, 8, 4, 2 }

-- GB 32100-2015 表1: registering authorities, and the categories each one uses.
local AUTHORITIES = {
  ["1"] = { name = "机构编制", categories = "1239" },
  ["2"] = { name = "外交", categories = "19" },
  ["3"] = { name = "司法行政", categories = "12345" .. "9" },
  ["4"] = { name = "文化", categories = "19" },
  ["5"] = { name = "民政", categories = "1239" },
  ["6"] = { name = "旅游", categories = "129" },
  ["7"] = { name = "宗教", categories = "129" },
  ["8"] = { name = "工会", categories = "19" },
  ["9"] = { name = "工商（市场监管）", categories = "123" },
  ["A"] = { name = "中央军委改革和编制办公室", categories = "19" },
  ["N"] = { name = "农业", categories = "129" },
  ["Y"] = { name = "其他", categories = "1" },
}
uscc.authorities = AUTHORITIES

-- GB/T 2260 province-level prefixes of positions 3-4 (10 = registered at national level).
local PROVINCES = {}
for _, p in ipairs { 10, 11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
  44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82 } do
  PROVINCES[tostring(p)] = true
end

local function show(c)
  if c:match("^[%g]$") then return "'" .. c .. "'" end
  return ("byte 0x%02X"):format(c:byte())
end

-- The check character for the first 17 characters (nil if one is outside the charset).
function uscc.check_char(s17)
  local sum = 0
  for i = 1, 17 do
    local v = VALUE[s17:sub(i, i)]
    if not v then return nil end
    sum = sum + v * WEIGHTS[i]
  end
  local c = (31 - sum % 31) % 31
  return CHARSET:sub(c + 1, c + 1)
end

-- The organisation-code check character for the 8 characters of positions 9-16.
local function org_char(body8)
  local sum = 0
  for i = 1, 8 do
    local c = body8:sub(i, i)
    local v = tonumber(c, 36)
    if not v then return nil end
    sum = sum + v * ORG_WEIGHTS[i]
  end
  local c = 11 - sum % 11
  if c == 10 then return "X" elseif c == 11 then return "0" end
  return tostring(c)
end

function uscc.check(code)
  if type(code) ~= "string" then
    return false, ("a 统一社会信用代码 must be text, got %s"):format(type(code))
  end
  if #code ~= 18 then
    local chars = utf8.len(code)
    if chars == 18 then
      return false, "18 characters but not all ASCII (full-width characters?): a 统一社会信用代码 is 18 ASCII letters and digits"
    end
    return false, ("%d characters, expected 18"):format(chars or #code)
  end
  for i = 1, 18 do
    local c = code:sub(i, i)
    if c:match("%l") then
      return false, ("position %d: lower-case %s; a 统一社会信用代码 uses capital letters"):format(i, show(c))
    end
    if not VALUE[c] then
      if c:match("[IOSVZ]") then
        return false, ("position %d: %s is not used in a 统一社会信用代码 (no I, O, S, V, Z)"):format(i, show(c))
      end
      return false, ("position %d: %s is not a code character (0-9, A-Z without I, O, S, V, Z)"):format(i, show(c))
    end
  end
  local a, k = code:sub(1, 1), code:sub(2, 2)
  local auth = AUTHORITIES[a]
  if not auth then
    return false, ("position 1: %s is not a registering authority (登记管理部门代码 1-9, A, N, Y)"):format(show(a))
  end
  if not auth.categories:find(k, 1, true) then
    return false, ("position 2: %s is not a category (机构类别代码) of authority %s (%s)"):format(show(k), a, auth.name)
  end
  local div = code:sub(3, 8)
  if not div:match("^%d+$") then
    local i = div:find("%D")
    return false, ("position %d: %s in the administrative division code (positions 3-8 are digits)"):format(i + 2, show(div:sub(i, i)))
  end
  if not PROVINCES[div:sub(1, 2)] then
    return false, ("positions 3-4: %s is not a province code of GB/T 2260"):format(div:sub(1, 2))
  end
  local oc = org_char(code:sub(9, 16))
  if code:sub(17, 17) ~= oc then
    return false, ("position 17: organisation-code check character is '%s', expected '%s' (GB 11714)"):format(code:sub(17, 17), oc)
  end
  local cc = uscc.check_char(code:sub(1, 17))
  if code:sub(18, 18) ~= cc then
    return false, ("position 18: check character is '%s', expected '%s' (GB 32100-2015 mod 31)"):format(code:sub(18, 18), cc)
  end
  return true
end

function uscc.parse(code)
  local ok, why = uscc.check(code)
  if not ok then return nil, why end
  local a = code:sub(1, 1)
  return {
    authority = a, authority_name = AUTHORITIES[a].name, category = code:sub(2, 2),
    division = code:sub(3, 8), body = code:sub(9, 17), check = code:sub(18, 18),
  }
end

return uscc
