-- fields: the shared vocabulary of record fields and derived inputs (stdlib/fields.lua,
-- docs/fields.md).
local t = require "tap"
local fields = require "fields"

-- ---- the vocabulary ----
t.is(fields.field("enterprise", "reg_district").type, "district", "enterprise.reg_district is a district (朝阳 and 朝阳区 the same)")
t.is(fields.field("enterprise", "revenue").unit, "元", "revenue in 元")
t.is(fields.field("financial_institution", "reg_district").entity, "enterprise",
  "a financial institution has the enterprise fields (it is a kind of enterprise)")
t.is(fields.field("financial_institution", "licensed_legal_person").entity, "financial_institution", "and its own")
t.is(fields.field("enterprise", "licensed_legal_person"), nil, "an enterprise does not have the financial institution's")
t.is(table.concat(fields.lineage("fund_manager"), ","), "fund_manager,enterprise", "lineage")
t.ok(fields.is_kind("financial_institution", "enterprise"), "is_kind")
t.ok(not fields.is_kind("person", "enterprise"), "a person is not an enterprise")
t.is(fields.field("enterprise", "hires").of, "hire", "hires is a list of hire records")
t.is(fields.field("hire", "hukou_district").type, "text", "a hire's hukou_district")
t.is(table.concat(fields.field("enterprise", "size_class").derived_from, " "),
  "industry_code employees revenue total_assets", "size_class is derived from four fields")
local n = 0
for _, f in ipairs(fields.list()) do
  n = n + 1
  t.ok(f.meaning and f.meaning ~= "", ("%s.%s has a meaning"):format(f.entity, f.name))
end
t.ok(n >= 30, "the vocabulary lists the canonical fields")

-- ---- how each input of the library is declared ----
local M1 = measure.load("chaoyang.startup-jobs-subsidy")
t.is(fields.classify(M1, "reg_district"), "canonical", "M1 reg_district: canonical")
local M14 = measure.load("chaoyang.one-industry-one-licence")
t.is(fields.classify(M14, "industry_code"), "specific",
  "M14 industry_code (改革行业类别编码 01–40) is another fact under a canonical name: specific")
local M24 = measure.load("bda.sme-loan-interest-subsidy")
t.is(fields.classify(M24, "in_yizhuang"), "derived", "M24 in_yizhuang: derived")
local M9 = measure.load("chaoyang.key-group-hiring-subsidy")
t.is(fields.classify(M9, "hires"), "canonical", "M9 hires: canonical list with canonical fields")
for _, m in ipairs(measure.list()) do
  for _, name in ipairs(m.measure.input_names) do
    local kind, why = fields.classify(m.measure, name)
    t.ok(kind ~= nil, ("%s.%s is %s"):format(m.id, name, tostring(kind)), why)
  end
end

-- ---- derivations ----
local derive = fields.deriver(M24)
local function yz(d) return derive({ reg_district = d }).in_yizhuang end
t.is(yz("经开区"), true, "registered in 经开区: in 亦庄新城")
t.is(yz("亦庄"), true, "亦庄 is the 经开区")
t.is(yz("110302"), true, "its code")
t.is(yz("北京经济技术开发区"), true, "its full name")
t.is(yz("大兴区"), false, "大兴区 is not")
t.is(yz("朝阳"), false, "朝阳 is not")
t.raises(function() derive({ reg_district = "浦东新区" }) end,
  "input 'reg_district': cannot read '浦东新区' as a district", "a district outside Beijing is an input error")
t.is(derive({ in_yizhuang = true }).in_yizhuang, true, "given and nothing to derive from: read as given")
t.is(derive({ in_yizhuang = true, reg_district = "经开区" }).in_yizhuang, true, "given and agreeing")
t.raises(function() derive({ in_yizhuang = false, reg_district = "经开区" }) end,
  "input 'in_yizhuang': the record gives false, but reg_district = '经开区' derives true", "given and disagreeing: refused")
t.raises(function() derive({ in_yizhuang = 1, reg_district = "海淀区" }) end,
  "the record gives 1, but reg_district = '海淀区' derives false", "a 0/1 column is compared as the boolean it is")

-- size_class by 工信部联企业〔2011〕300号: I6513 is 软件和信息技术服务业 (第四条（十二）):
-- 45 people (≥ 10, < 100) and 800万 of revenue (≥ 50万, < 1000万): small
local r = derive({ industry_code = "I6513", employees = 45, revenue = "800万", total_assets = "1200万" })
t.is(r.size_class, "小型", "I6513, 45 people, 800万: 小型")
-- 工业 (第四条（二）) uses employees and revenue only: total assets absent is not needed
r = derive({ industry_code = "C3311", employees = 350, revenue = "3亿" })
t.is(r.size_class, "中型", "C3311, 350 people, 3亿 (≥ 300, ≥ 2000万; < 1000, < 4亿): 中型, without total assets")
r = derive({ industry_code = "J6621", employees = 5000, revenue = "10亿", total_assets = "100亿" })
t.is(r.size_class, nil, "a bank (金融业, 银发〔2015〕309号) is not classified by 300号: not derived")
t.is(table.concat(fields.missing_sources(M24, "size_class", { industry_code = "I6513" }), ","), "employees,revenue",
  "software needs employees and revenue: both named at once")
t.is(table.concat(fields.missing_sources(M24, "size_class", {}), ","), "industry_code", "no industry: the industry")
t.is(#fields.missing_sources(M24, "size_class", { industry_code = "J6621", employees = 1, revenue = 1 }), 0,
  "sources all there and still not derived: the input itself is needed")
t.is(table.concat(fields.sources(M24), ","), "reg_district,industry_code,employees,revenue,total_assets",
  "the fields M24's derivations read")
t.is(fields.deriver(M1), nil, "M1 derives nothing")

-- a stored canonical field under another name: M25's stat_code is industry_code
local M25 = measure.load("bda.financial-institution-revenue-reward")
t.is(fields.deriver(M25)({ industry_code = "J6621" }).stat_code, "J6621", "stat_code from industry_code")

-- ---- declarations ----
local function declare(inputs, entity)
  return measure { id = "t.derive", title = "t", document = { number = "1号" }, entity = entity or "enterprise",
    inputs = inputs }
end
local T = declare { near_bda = { type = "boolean", derive = function(rec) return rec.reg_district == "经开区" end } }
t.is(fields.deriver(T)({ reg_district = "经开区" }).near_bda, true, "a derive function reads canonical fields")
t.is(fields.deriver(T)({}).near_bda, nil, "a missing source leaves the input missing")
T = declare { odd = { type = "boolean", derive = function(rec) return rec.shoe_size == 1 end } }
t.raises(function() fields.deriver(T)({}) end, "a derivation reads 'shoe_size', which is not a canonical field of enterprise",
  "a derivation may read only canonical fields")
t.raises(function() declare { x = { type = "boolean", derive = "in_yizhuang", specific = true } } end,
  "input 'x': derive and specific exclude each other", "derive and specific")
t.raises(function() declare { x = { type = "boolean", derive = "shoe_size" } } end,
  "input 'x': derive = \"shoe_size\" names no canonical field of enterprise", "derive of an unknown field")
t.raises(function() declare { x = { type = "integer", derive = "in_yizhuang" } } end,
  "input 'x': declared integer, but derive = \"in_yizhuang\" gives boolean", "derive of another type")
t.raises(function() declare { x = { type = "enum", values = { "小型", "微型" }, derive = "size_class" } } end,
  "input 'x': declared enum, but derive = \"size_class\" gives enum (大型, 中型, 小型, 微型)",
  "an enum that lacks a derived value")
t.raises(function() declare { x = { type = "boolean", specific = "yes" } } end, "specific = true", "specific = true")
t.raises(function() measure { id = "t.o", title = "t", document = { number = "1号" }, outputs = { x = { type = "text", specific = true } } } end,
  "unknown field 'specific'", "outputs are not declared specific")

t.done()
