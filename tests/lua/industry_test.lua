-- industry.lookup: GB/T 4754-2017 sections, divisions, groups and classes.
local t = require "tap"

t.is(#industry.sections(), 20, "20 sections (门类), A to T")
t.is(#industry.divisions(), 97, "97 divisions (大类), 01 to 97")
-- the section ranges of anchors.md 4(d)
local ranges = { A = "01-05", B = "06-12", C = "13-43", D = "44-46", E = "47-50", F = "51-52", G = "53-60",
  H = "61-62", I = "63-65", J = "66-69", K = "70-70", L = "71-72", M = "73-75", N = "76-79", O = "80-82",
  P = "83-83", Q = "84-85", R = "86-90", S = "91-96", T = "97-97" }
for _, s in ipairs(industry.sections()) do
  local ds = industry.divisions(s.code)
  t.is(ds[1].code .. "-" .. ds[#ds].code, ranges[s.code], ("section %s holds divisions %s"):format(s.code, ranges[s.code]))
end
local seen, ordered = {}, true
for i, d in ipairs(industry.divisions()) do
  if tonumber(d.code) ~= i then ordered = false end
  seen[d.code] = true
end
t.ok(ordered, "divisions are 01..97 without a gap")

local x = industry.lookup("I6513")
t.is(x.code, "I6513", "I6513: code")
t.is(x.level, "class", "I6513: a class (小类)")
t.is(x.name, "应用软件开发", "I6513: 应用软件开发")
t.is(x.section .. " " .. x.section_name, "I 信息传输、软件和信息技术服务业", "I6513: section I")
t.is(x.division .. " " .. x.division_name, "65 软件和信息技术服务业", "I6513: division 65")
t.is(x.group .. " " .. x.group_name, "651 软件开发", "I6513: group 651")
t.is(industry.lookup("6513").code, "I6513", "the digits alone are enough (divisions do not repeat across sections)")
t.is(industry.lookup("i6513").code, "I6513", "lower-case letter")
t.is(industry.lookup("６５１３").code, "I6513", "full-width digits")
t.is(industry.lookup(" C3612 ").name, "新能源车整车制造", "spaces trimmed; C3612")
t.is(industry.lookup("K7020").name, "物业管理", "K7020 物业管理")
t.is(industry.lookup("G5910").name, "装卸搬运", "G5910 装卸搬运")
t.is(industry.lookup("C").name, "制造业", "a section")
t.is(industry.lookup("C").level, "section", "  at section level")
t.is(industry.lookup("39").name, "计算机、通信和其他电子设备制造业", "a division")
t.is(industry.lookup("39").section, "C", "  in section C")
t.is(industry.lookup("T97").name, "国际组织", "T97")
t.is(industry.lookup(1).name, "农业", "an integer division 1 is 01")
local y = industry.lookup("C3399")
t.is(y.division_name, "金属制品业", "a class not in the data file is answered at the levels above it")
t.is(y.name, nil, "  with no name of its own")

local function why(c) return select(2, industry.lookup(c)) end
t.is(why("C6513"), "'C6513': division 65 belongs to section I (信息传输、软件和信息技术服务业), not C", "letter and digits disagree")
t.is(why("98"), "'98': there is no division 98 in GB/T 4754-2017 (divisions 01 to 97)", "no division 98")
t.is(why("00"), "'00': there is no division 00 in GB/T 4754-2017 (divisions 01 to 97)", "no division 00")
t.is(why("U"), "'U': there is no section U (GB/T 4754-2017 has sections A to T)", "no section U")
t.is(why("I65131"), "'I65131' is not a GB/T 4754-2017 code: a section letter A-T and/or 2, 3 or 4 digits, e.g. I6513", "5 digits")
t.is(why("6"), "'6' is not a GB/T 4754-2017 code: a section letter A-T and/or 2, 3 or 4 digits, e.g. I6513", "1 digit")
t.is(why(""), "'' is not a GB/T 4754-2017 code: a section letter A-T and/or 2, 3 or 4 digits, e.g. I6513", "empty")
t.is(why("I65'; DROP"), "'I65'; DROP' is not a GB/T 4754-2017 code: a section letter A-T and/or 2, 3 or 4 digits, e.g. I6513", "hostile")
t.is(why(nil), "an industry code must be text such as \"I6513\", got nil", "nil")
t.is(industry.lookup(string.rep("1", 100000)), nil, "oversized")
t.ok(industry.valid("I6513") and not industry.valid("Z99"), "valid")

t.done()
