-- sme.classify: 工信部联企业〔2011〕300号 第四条, both sides of every threshold of every industry.
-- Thresholds transcribed from the text (anchors.md 4(c)); X people, Y 营业收入 and Z 资产总额
-- in 万元. Reading: large when every indicator reaches the ceiling; medium/small when every
-- lower bound is met ("且"); micro otherwise ("或").
local t = require "tap"

-- Money values when the money module is loaded; plain yuan otherwise.
local yuan_fn = rawget(_G, "yuan")
local ONE = yuan_fn and "fen" or "yuan" -- the step just below a bound
local function wan_minus(w, below)
  if yuan_fn then
    local m = yuan_fn(w * 10000)
    return below and m - yuan_fn("0.01") or m
  end
  return w * 10000 - (below and 1 or 0)
end

local cases = {
  -- code, industry, {ceiling}, {medium}, {small}
  { "A0111", "agriculture", { Y = 20000 }, { Y = 500 }, { Y = 50 } },
  { "C3612", "industry", { X = 1000, Y = 40000 }, { X = 300, Y = 2000 }, { X = 20, Y = 300 } },
  { "E4710", "construction", { Y = 80000, Z = 80000 }, { Y = 6000, Z = 5000 }, { Y = 300, Z = 300 } },
  { "F5181", "wholesale", { X = 200, Y = 40000 }, { X = 20, Y = 5000 }, { X = 5, Y = 1000 } },
  { "F5292", "retail", { X = 300, Y = 20000 }, { X = 50, Y = 500 }, { X = 10, Y = 100 } },
  { "G5431", "transport", { X = 1000, Y = 30000 }, { X = 300, Y = 3000 }, { X = 20, Y = 200 } },
  { "G5920", "warehousing", { X = 200, Y = 30000 }, { X = 100, Y = 1000 }, { X = 20, Y = 100 } },
  { "G6020", "postal", { X = 1000, Y = 30000 }, { X = 300, Y = 2000 }, { X = 20, Y = 100 } },
  { "H6110", "accommodation", { X = 300, Y = 10000 }, { X = 100, Y = 2000 }, { X = 10, Y = 100 } },
  { "H6210", "catering", { X = 300, Y = 10000 }, { X = 100, Y = 2000 }, { X = 10, Y = 100 } },
  { "I6312", "telecom", { X = 2000, Y = 100000 }, { X = 100, Y = 1000 }, { X = 10, Y = 100 } },
  { "I6513", "software", { X = 300, Y = 10000 }, { X = 100, Y = 1000 }, { X = 10, Y = 50 } },
  { "K7010", "real_estate_development", { Y = 200000, Z = 10000 }, { Y = 1000, Z = 5000 }, { Y = 100, Z = 2000 } },
  { "K7020", "property_management", { X = 1000, Y = 5000 }, { X = 300, Y = 1000 }, { X = 100, Y = 500 } },
  { "L7212", "leasing_business", { X = 300, Z = 120000 }, { X = 100, Z = 8000 }, { X = 10, Z = 100 } },
  { "M7320", "other", { X = 300 }, { X = 100 }, { X = 10 } },
}

local FIELD = { X = "employees", Y = "revenue", Z = "total_assets" }
-- A record with every indicator of `at` at its bound, and `below` (one indicator) one unit under.
local function record(code, at, below)
  local r = { industry_code = code }
  for ind, v in pairs(at) do
    if ind == "X" then r.employees = v - (ind == below and 1 or 0)
    else r[FIELD[ind]] = wan_minus(v, ind == below) end
  end
  return r
end
local function keys(s)
  local k = {}
  for ind in pairs(s) do k[#k + 1] = ind end
  table.sort(k)
  return k
end

for _, c in ipairs(cases) do
  local code, key, ceil, med, small = c[1], c[2], c[3], c[4], c[5]
  t.is(sme.industry(code), key, ("%s is %s"):format(code, key))
  local cls, info = sme.classify(record(code, ceil))
  t.is(cls, "large", ("%s: every indicator at its ceiling is large"):format(key))
  t.is(info and info.industry, key, ("%s: info names the industry"):format(key))
  for _, ind in ipairs(keys(ceil)) do
    t.is(sme.classify(record(code, ceil, ind)), "medium",
      ("%s: %s one %s under its ceiling (%s) is SMME, and medium"):format(key, ind, ind == "X" and "person" or ONE, ceil[ind]))
  end
  t.is(sme.classify(record(code, med)), "medium", ("%s: at the medium bounds is medium"):format(key))
  for _, ind in ipairs(keys(med)) do
    t.is(sme.classify(record(code, med, ind)), "small", ("%s: %s just under the medium bound %s is small"):format(key, ind, med[ind]))
  end
  t.is(sme.classify(record(code, small)), "small", ("%s: at the small bounds is small"):format(key))
  for _, ind in ipairs(keys(small)) do
    t.is(sme.classify(record(code, small, ind)), "micro", ("%s: %s just under the small bound %s is micro"):format(key, ind, small[ind]))
  end
  -- Missing indicators: each one the industry uses.
  for _, ind in ipairs(keys(ceil)) do
    local r = record(code, med)
    r[FIELD[ind]] = nil
    local got, why = sme.classify(r)
    t.ok(got == nil and why:find(FIELD[ind] .. " is missing", 1, true), ("%s: without %s, nil and a reason"):format(key, FIELD[ind]), why)
  end
end

-- OR/AND readings on mixed records (工业).
t.is(sme.classify { industry_code = "C3612", employees = 5000, revenue = wan_minus(30000) }, "medium",
  "工业: 5000 people but 3亿 revenue is under the 4亿 ceiling (OR), medium (300 ≤ X, 2000万 ≤ Y)")
t.is(sme.classify { industry_code = "C3612", employees = 5000, revenue = wan_minus(1000) }, "small",
  "工业: 5000 people, 1000万 revenue: medium needs Y ≥ 2000万 too (AND), so small")
t.is(sme.classify { industry_code = "C3612", employees = 5000, revenue = wan_minus(100) }, "micro",
  "工业: 5000 people, 100万 revenue is under the small bound 300万 (OR), micro")
t.is(sme.classify { industry_code = "C3612", employees = 0, revenue = 0 }, "micro", "工业: zero is micro")

-- The M1 worked case (policies/chaoyang/2020-04/startup_jobs_subsidy.lua): I6513, 45 people, 800万 revenue, 1200万 assets → small.
t.is(sme.classify { industry_code = "I6513", employees = 45, revenue = wan_minus(800), total_assets = wan_minus(1200) }, "small",
  "I6513, 45 people, 800万: small (10 ≤ 45 < 100, 800万 ≥ 50万)")
-- Assets are not used by 软件 (only X and Y), so missing assets do not matter.
t.is(sme.classify { industry_code = "I6513", employees = 45, revenue = wan_minus(800) }, "small", "assets not needed for 软件")
t.is(sme.classify { industry_code = "A0111", revenue = wan_minus(20000) }, "large", "农林牧渔 uses revenue alone")
-- A measure's record raises when a rule reads a field it does not hold (the missing-input
-- sentinel): classify must read only the indicators the industry's standard uses.
local function strict(fields)
  return setmetatable({}, { __index = function(_, k)
    if fields[k] == nil then error("read " .. k, 0) end
    return fields[k]
  end })
end
t.is(sme.classify(strict { industry_code = "C3612", employees = 45, revenue = wan_minus(800) }), "small",
  "工业 (第四条（二）: 从业人员 and 营业收入): total_assets is never read; 20 ≤ 45 < 300, 300万 ≤ 800万 < 2000万 → small")
t.is(sme.classify(strict { industry_code = "L7212", employees = 45, total_assets = wan_minus(1200) }), "small",
  "租赁和商务服务业 (第四条（十五）: 从业人员 and 资产总额): revenue is never read")
t.is(sme.classify(strict { industry_code = "M7320", employees = 99 }), "small",
  "其他未列明行业 (第四条（十六）: 从业人员 alone): neither revenue nor total_assets is read")
t.raises(function() sme.classify(strict { industry_code = "E4710", revenue = wan_minus(800) }) end, "read total_assets",
  "建筑业 (第四条（三）) uses 资产总额: a record without it is asked for it")
t.is(sme.classify { industry = "other", employees = 99 }, "small", "industry key instead of a code")
t.is(sme.classify { industry_code = "C3612", employees = 300.0, revenue = 20000000 }, "medium", "a float with an integral value")

t.is(sme.classify { industry_code = "I6513", employees = 45, revenue = "800万", total_assets = "1200万元" }, "small", "money text")
t.is(sme.classify { industry_code = "I6513", employees = 100, revenue = wan(1000) }, "medium", "wan(1000) is the 软件 medium bound")
t.raises(function() sme.classify { industry_code = "I6513", employees = 1, revenue = "lots" } end, "revenue 'lots' is not money", "text that is not money")

-- Mapping (docs/sme.md)
local map = { B0610 = "industry", D4420 = "industry", C = "industry", ["51"] = "wholesale", G5411 = "transport",
  G5821 = "transport", G5910 = "transport", G5990 = "warehousing", G6010 = "postal", I6410 = "telecom",
  I6431 = "telecom", K7030 = "other", K7040 = "other", L7111 = "leasing_business", P8310 = "other",
  Q8411 = "other", R8730 = "other", O8040 = "other", N7820 = "other" }
for code, key in pairs(map) do t.is(sme.industry(code), key, ("%s maps to %s"):format(code, key)) end
local function nomap(code) return select(2, sme.industry(code)) end
t.is(nomap("G5310"), "industry_code G5310: 铁路运输业 is excluded from 交通运输业 (工信部联企业〔2011〕300号 第四条（六）: 不含铁路运输业)", "railways are outside")
t.is(nomap("J6621"), "industry_code J6621: 金融业 is not covered by 工信部联企业〔2011〕300号 (see 金融业企业划型标准规定, 银发〔2015〕309号)", "finance is outside")
t.ok(nomap("S92"):find("not enterprises", 1, true), "public administration is outside")
t.ok(nomap("K70"):find("give the group or class", 1, true), "division 70 alone is ambiguous")
t.ok(nomap("G59"):find("give the group or class", 1, true), "division 59 alone is ambiguous")
t.ok(nomap("F"):find("spans several industries", 1, true), "section F alone is ambiguous")
t.ok(nomap("Z1"):find("not a GB/T 4754-2017 code", 1, true), "a malformed code")

-- Missing and malformed inputs
t.is(select(2, sme.classify { employees = 5 }), "industry_code is missing: the thresholds depend on the industry (300号 第四条)", "no industry")
t.is(select(2, sme.classify { industry_code = "I6513", revenue = 1 }),
  "employees is missing: 软件和信息技术服务业 (300号 第四条（十二）) is classified by 从业人员 (employees) and 营业收入 (revenue)", "no employees")
t.raises(function() sme.classify { industry_code = "I6513", employees = "many", revenue = 1 } end,
  "employees must be a whole number of people, got string many", "employees not a number")
t.raises(function() sme.classify { industry_code = "I6513", employees = 4.5, revenue = 1 } end,
  "employees must be a whole number", "fractional employees")
t.raises(function() sme.classify { industry_code = "I6513", employees = -1, revenue = 1 } end, "employees is negative", "negative employees")
t.raises(function() sme.classify { industry_code = "I6513", employees = 1, revenue = 0.001 } end, "revenue 0.001 is not a whole number of 分", "a float below a fen")
t.raises(function() sme.classify { industry_code = "I6513", employees = 1, revenue = {} } end, "revenue must be money or a number of yuan", "a table")
t.raises(function() sme.classify "I6513" end, "expected a table", "not a table")
t.raises(function() sme.classify { industry = "mining" } end, "unknown industry 'mining'", "unknown industry key")

t.done()
