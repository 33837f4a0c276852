-- bench/m1_plain.lua DB AS_OF: M1 (chaoyang.startup-jobs-subsidy) written by hand as one plain
-- Lua loop over the rows the records module gives (raw values, no types), the baseline a
-- programmer would write without Gazette. Same rules and statuses as the measure: a NULL makes
-- a rule unknown, a failed rule outweighs an unknown one, an industry code sme.industry cannot
-- map fails the SME rule. Prints the count of each status and the total amount in 分, which
-- bench/m1.sh compares with sqlite3's.
local records = require "records"
local db = assert(records.open(arg[1], { readonly = true }))
local y, m, d = arg[2]:match("^(%d+)-(%d+)-(%d+)$")
local AS_Y, AS_MD = tonumber(y), tonumber(m) * 100 + tonumber(d)

-- money columns: INTEGER yuan or decimal text with two decimals, in 分
local function fen(v)
  if math.type(v) == "integer" then return v * 100 end
  local a, b = v:match("^(%d+)%.(%d%d)$")
  return tonumber(a) * 100 + tonumber(b)
end
-- est + n years (02-29 → 02-28 in a common year) <= as_of, compared as (year, month*100+day)
local function leap(yr) return yr % 4 == 0 and (yr % 100 ~= 0 or yr % 400 == 0) end
local function anniv_md(yr, md) if md == 229 and not leap(yr) then return 228 end return md end

-- district names as M1 reads them (朝阳, 北京市朝阳区 -> 朝阳区), each spelling once
local district_names = {}
local function district(v)
  local d = district_names[v]
  if d == nil then d = districts.normalize(v) or false; district_names[v] = d end
  return d
end

local thresholds = {} -- code -> {ceiling, medium, small} | false
local function spec_of(code)
  local s = thresholds[code]
  if s == nil then
    local key, info = sme.industry(code)
    s = key and info or false
    thresholds[code] = s
  end
  return s
end
local WAN = 1000000
local function meets(b, emp, rev, assets)
  return (not b.X or emp >= b.X) and (not b.Y or rev >= b.Y * WAN) and (not b.Z or assets >= b.Z * WAN)
end

local n = { eligible = 0, ineligible = 0, undetermined = 0 }
local total = 0
for r in db:rows("SELECT reg_district, tax_district, operating_normally, established_on, industry_code, employees, " ..
                 "revenue, total_assets, chaoyang_hukou_hires FROM enterprises") do
  local fail, unknown = false, false
  local reg, tax, opn, est, hires = r.reg_district, r.tax_district, r.operating_normally, r.established_on,
    r.chaoyang_hukou_hires
  if reg == nil then unknown = true elseif district(reg) ~= "朝阳区" then fail = true end
  if tax == nil then unknown = true elseif district(tax) ~= "朝阳区" then fail = true end
  if opn == nil then unknown = true elseif opn ~= 1 then fail = true end
  if est == nil then unknown = true else
    local ey, em, ed = est:match("^(%d+)-(%d+)-(%d+)$")
    ey = tonumber(ey)
    local md = tonumber(em) * 100 + tonumber(ed)
    local lo_y, hi_y = ey + 1, ey + 5
    local lo_md, hi_md = anniv_md(lo_y, md), anniv_md(hi_y, md)
    if AS_Y < lo_y or (AS_Y == lo_y and AS_MD < lo_md) or AS_Y > hi_y or (AS_Y == hi_y and AS_MD > hi_md) then
      fail = true
    end
  end
  -- the SME rule needs the code, then only the indicators its industry's standard uses
  local code, emp, rev, assets = r.industry_code, r.employees, r.revenue, r.total_assets
  if code == nil then unknown = true else
    local s = spec_of(code)
    if not s then fail = true
    else
      local c = s.ceiling
      if (c.X and emp == nil) or (c.Y and rev == nil) or (c.Z and assets == nil) then unknown = true
      elseif meets(c, emp, rev and fen(rev), assets and fen(assets)) then fail = true end
    end
  end
  if hires == nil then unknown = true elseif hires < 3 then fail = true end
  if fail then n.ineligible = n.ineligible + 1
  elseif unknown then n.undetermined = n.undetermined + 1
  else
    n.eligible = n.eligible + 1
    total = total + math.min(3000000 + 1000000 * (hires - 3), 20000000)
  end
end
print(("eligible %d ineligible %d undetermined %d total_fen %d"):format(n.eligible, n.ineligible, n.undetermined, total))
