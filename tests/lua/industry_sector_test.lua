-- industry.within, industry.sector, industry.is_tertiary: the three sectors of
-- 《三次产业划分规定》 as revised by 国统设管函〔2018〕74号 for GB/T 4754-2017.
local t = require "tap"

-- Every division: 第一产业 01–04; 第二产业 06–10, 12, 13–42, 44–50; 第三产业 05, 11, 43, 51–97.
local count = { primary = 0, secondary = 0, tertiary = 0 }
local wrong = {}
for _, d in ipairs(industry.divisions()) do
  local n = tonumber(d.code)
  local want = (n == 5 or n == 11 or n == 43 or n >= 51) and "tertiary"
               or n <= 4 and "primary" or "secondary"
  local got = industry.sector(d.section .. d.code)
  count[got] = (count[got] or 0) + 1
  if got ~= want then wrong[#wrong + 1] = ("%s%s: %s, expected %s"):format(d.section, d.code, tostring(got), want) end
end
t.is(table.concat(wrong, "; "), "", "every division falls in the sector 国统设管函〔2018〕74号 gives it")
t.is(count.primary, 4, "4 divisions of 第一产业 (01–04)")
t.is(count.secondary, 43, "43 divisions of 第二产业 (B without 11, C without 43, D, E)")
t.is(count.tertiary, 50, "50 divisions of 第三产业 (F–T and 05, 11, 43)")

-- the three divisions moved out of their sections
t.is(industry.sector("A0511"), "tertiary", "A0511 种子种苗培育活动: 农、林、牧、渔专业及辅助性活动 is 第三产业")
t.is(industry.sector("B11"), "tertiary", "B11 开采专业及辅助性活动 is 第三产业")
t.is(industry.sector("C4320"), "tertiary", "C4320 (division 43 金属制品、机械和设备修理业) is 第三产业")
t.is(industry.sector("C4290"), "secondary", "C42 is still 第二产业")
t.is(industry.sector("A0141"), "primary", "A0141 蔬菜种植 is 第一产业")
t.is(industry.sector("B0610"), "secondary", "B0610 煤炭开采 is 第二产业")
t.is(industry.sector("E4700"), "secondary", "E47 建筑业 is 第二产业")
t.is(industry.sector("D"), "secondary", "section D as a whole is 第二产业")
t.is(industry.sector("F"), "tertiary", "section F as a whole is 第三产业")
t.is(industry.sector("H6210"), "tertiary", "H6210 正餐服务 is 第三产业")
t.is(industry.sector("6210"), "tertiary", "digits alone are enough")
t.is(industry.is_tertiary("I6513"), true, "is_tertiary: I6513")
t.is(industry.is_tertiary("C3612"), false, "is_tertiary: C3612 新能源车整车制造 is not")

-- a section that spans two sectors cannot be answered
for _, s in ipairs { "A", "B", "C" } do
  local v, why = industry.sector(s)
  t.is(v, nil, ("section %s alone: no answer"):format(s))
  t.is(why, ("'%s' spans two sectors (divisions 05, 11 and 43 are 第三产业 under 国统设管函〔2018〕74号): give the division"):format(s),
    ("  the reason says why (%s)"):format(s))
end
local v, why = industry.is_tertiary("Z9")
t.is(v, nil, "an invalid code: no answer")
t.ok(why and why:find("is not a GB/T 4754-2017 code", 1, true), "  with the lookup's reason", why)

local tp = industry.tertiary_prefixes()
t.is(table.concat(tp, " "), "F G H I J K L M N O P Q R S T A05 B11 C43", "tertiary_prefixes: F–T, A05, B11, C43")
tp[1] = "A"
t.is(industry.is_tertiary("A0141"), false, "  a copy: changing it changes nothing")

-- industry.within
local HIT = { "H62", "F52", "L727", "G56", "G53", "G54" }
t.is(industry.within("H6210", HIT), true, "within: H6210 in H62")
t.is(industry.within("L7271", HIT), true, "within: L7271 in L727")
t.is(industry.within("G56", HIT), true, "within: the division G56 itself")
t.is(industry.within("H6110", HIT), false, "within: H6110 住宿 is not in H62")
t.is(industry.within("L7281", HIT), false, "within: L7281 is not in L727")
t.is(industry.within("F5110", HIT), false, "within: F51 批发 is not in F52")
local c, cwhy = industry.within("L72", HIT)
t.is(c, nil, "within: L72 is coarser than L727")
t.is(cwhy, "'L72' is too coarse to tell whether it lies in L727: give the group", "  the reason names the prefix and the level")
local h, hwhy = industry.within("H", HIT)
t.is(h, nil, "within: section H is coarser than H62")
t.is(hwhy, "'H' is too coarse to tell whether it lies in H62: give the division", "  division needed")
t.is(industry.within("I", HIT), false, "within: section I overlaps no prefix")
t.raises(function() industry.within("H6210", { "H99" }) end, "industry.within: prefix", "a bad prefix is the script's error")
t.raises(function() industry.within("H6210", "H62") end, "expected a list of code prefixes", "prefixes must be a list")

t.done()
