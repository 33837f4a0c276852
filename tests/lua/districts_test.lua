-- districts: Beijing's 16 districts (GB/T 2260 codes) and the 经开区, by short or full name.
local t = require "tap"

local list = districts.list()
t.is(#list, 17, "16 districts and the 经开区")
local want = { "110101 东城区", "110102 西城区", "110105 朝阳区", "110106 丰台区", "110107 石景山区", "110108 海淀区",
  "110109 门头沟区", "110111 房山区", "110112 通州区", "110113 顺义区", "110114 昌平区", "110115 大兴区",
  "110116 怀柔区", "110117 平谷区", "110118 密云区", "110119 延庆区", "110302 经开区" }
local got = {}
for i, d in ipairs(list) do got[i] = d.code .. " " .. d.name end
t.is(table.concat(got, ","), table.concat(want, ","), "codes and names in code order")

for _, name in ipairs { "朝阳区", "朝阳", "北京市朝阳区", "北京朝阳区", "110105", " 朝阳区 " } do
  t.is(districts.normalize(name), "朝阳区", ("'%s' is 朝阳区"):format(name))
end
t.is(districts.lookup(110105).name, "朝阳区", "an integer code")
for _, name in ipairs { "经开区", "北京经济技术开发区", "亦庄", "北京经开区", "110302" } do
  t.is(districts.normalize(name), "经开区", ("'%s' is the 经开区"):format(name))
end
local d = districts.lookup("石景山")
t.is(d.full .. "|" .. d.short .. "|" .. d.kind, "北京市石景山区|石景山|区", "full and short names")
t.is(districts.lookup("经开区").full, "北京经济技术开发区", "the 经开区's full name")

t.is(select(2, districts.lookup("崇文区")), "'崇文区' no longer exists: it is part of 东城区 since the merger", "a former district")
t.is(select(2, districts.lookup("浦东新区")), "'浦东新区' is not a Beijing district (16 districts and 经开区; e.g. 朝阳区, 朝阳, 110105)", "not in Beijing")
t.is(select(2, districts.lookup(nil)), "a district must be a name or code, got nil", "nil")
t.is(districts.lookup(string.rep("区", 10000)), nil, "oversized name")
t.ok(districts.same("海淀", "北京市海淀区"), "same: short and full name")
t.ok(not districts.same("海淀", "朝阳"), "same: two districts")
t.ok(not districts.same("海淀", "浦东"), "same: an unknown name is never the same")

t.done()
