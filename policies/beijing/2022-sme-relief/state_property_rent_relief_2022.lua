-- 《关于继续加大中小微企业帮扶力度加快困难企业恢复发展的若干措施》(Beijing, 2022) （三）减免服务业小微
-- 企业和个体工商户房屋租金 (M19), gazettes/beijing-compilation.txt:673: "2022年对承租京内国有房屋
-- 的在京注册或在京纳税服务业小微企业和个体工商户减免3个月房屋租金，其中对于承租被列为疫情中高风险地区
-- 所在区国有房屋的，减免6个月房屋租金。国有及国有控股、国有实际控制企业要率先落实到位，本市集体企业可
-- 参照执行。对承租非国有房屋且无法获得租金减免的服务业小微企业和个体工商户，各区可结合实际给予适当帮扶。
-- 对于存在转租情况的国有房屋，相关国有企事业单位要确保免租措施惠及最终承租经营人。"
-- Line 711: "以上政策措施适用的服务业范围可按照《国民经济行业分类》(GB/T4754-2017)及国家统计局《关于修订
-- 〈三次产业划分规定(2012)〉的通知》(国统设管函〔2018〕74号)予以认定；中小微企业和个体工商户范围可通过
-- 查询…予以认定，或按照…(工信部联企业〔2011〕300号)…划型标准予以认定": the service test is
-- industry.is_tertiary (stdlib/industry.lua), the size class an input.
--
-- The compilation prints the title (end of line 663) but no 文号, issuer or date: the title stands
-- in for the number. In force for 2022 (as_of, the date the relief is claimed or granted).
local M = measure {
  id = "beijing.state-property-rent-relief-2022",
  title = "服务业小微企业和个体工商户承租国有房屋租金减免（2022年）",
  document = {
    number = "关于继续加大中小微企业帮扶力度加快困难企业恢复发展的若干措施",   -- no 文号 in the text
    title = "关于继续加大中小微企业帮扶力度加快困难企业恢复发展的若干措施",
    -- （三）责任单位：市国资委、市财政局、市科委中关村管委会、市机关事务局、北京市税务局等
    issuer = "北京市（汇编未载发文机关）",
    gazette = "北京市规章和政策文件汇编（无公报期号）",
    source = "gazettes/beijing-compilation.txt:663-711",
  },
  valid = { from = "2022-01-01", to = "2022-12-31", clause = "（三）“2022年”" },
  entity = "tenant",
  inputs = {
    entity_type              = { type = "enum", specific = true, values = { "企业", "个体工商户" }, label = "承租人类型" },
    size_class               = { type = "enum", specific = true, values = { "大型", "中型", "小型", "微型" },
                                 label = "企业规模（企业填；公示系统或工信部联企业〔2011〕300号划型）" },
    industry_code            = { type = "text", specific = true, label = "行业代码（GB/T 4754-2017）" },
    registered_in_beijing    = { type = "boolean", specific = true, label = "在京注册" },
    taxed_in_beijing         = { type = "boolean", specific = true, label = "在京纳税" },
    property_in_beijing      = { type = "boolean", specific = true, label = "所租房屋在京内" },
    landlord_state_owned     = { type = "boolean", specific = true,
                                 label = "国有房屋（含国有控股、国有实际控制企业的房屋）" },
    district_medium_high_risk = { type = "boolean", specific = true, label = "房屋所在区被列为疫情中高风险地区所在区" },
    monthly_rent             = { type = "money", specific = true, label = "月租金" },
    -- Beyond the worked cases, each applied only when given:
    landlord_collective      = { type = "boolean", specific = true, optional = true,
                                 label = "出租方为本市集体企业（read under collective-landlord=included）" },
    final_tenant             = { type = "boolean", specific = true, optional = true,
                                 label = "转租房屋的最终承租经营人（无转租不填）" },
  },
  outputs = {
    months = { type = "integer" },
    relief = { type = "money" },
  },
  output_order = { "months", "relief" },
  amount = "relief",
}

local F = "2022-01-01"
M:param("months_base", {
  { from = F, value = 3, clause = "（三）", lines = 673,
    text = "2022年对承租京内国有房屋的在京注册或在京纳税服务业小微企业和个体工商户减免3个月房屋租金" },
})
M:param("months_risk", {
  { from = F, value = 6, clause = "（三）", lines = 673,
    text = "对于承租被列为疫情中高风险地区所在区国有房屋的，减免6个月房屋租金" },
})

M:interpretation("service-sector", {
  text = "“服务业”：按 GB/T 4754-2017 和国统设管函〔2018〕74号认定为第三产业（末段）",
  default = "tertiary-2018",
  choices = {
    ["tertiary-2018"] = "第三产业：F 至 T 门类，及 A05、B11、C43 大类（industry.is_tertiary）",
    ["sections-only"] = "只认 F 至 T 门类（不含 A05 农林牧渔专业及辅助性活动、B11 开采专业及辅助性活动、C43 修理业）",
  },
})
M:interpretation("individual-business", {
  text = "“服务业小微企业和个体工商户”：“服务业”同时限定个体工商户",
  default = "service-only",
  choices = {
    ["service-only"] = "个体工商户也须属服务业",
    any = "个体工商户不论行业均可减免",
  },
})
M:interpretation("collective-landlord", {
  text = "“本市集体企业可参照执行”：集体企业出租的房屋是否减免由其自愿，本措施不及于集体企业房屋",
  default = "excluded",
  choices = {
    excluded = "只有国有房屋（含国有控股、国有实际控制企业的房屋）",
    included = "本市集体企业出租的房屋也按本措施减免（读取 landlord_collective）",
  },
})

-- The sections of 第三产业 without the three divisions from A, B and C (service-sector=sections-only).
local TERTIARY_SECTIONS = {}
for _, c in ipairs(industry.tertiary_prefixes()) do
  if #c == 1 then TERTIARY_SECTIONS[#TERTIARY_SECTIONS + 1] = c end
end

-- Either of two boolean inputs suffices ("在京注册或在京纳税"): true when one is true, even if the
-- other is unknown; false when both are false; otherwise the first unknown one is missing.
local function either(read_a, read_b)
  local ok_a, a = pcall(read_a)
  if ok_a and a == true then return true end
  local ok_b, b = pcall(read_b)
  if ok_b and b == true then return true end
  if not ok_a then error(a, 0) end
  if not ok_b then error(b, 0) end
  return false
end

M:rule("registered-or-taxed-in-beijing", {
  clause = "（三）", lines = 673, text = "在京注册或在京纳税",
  check = function(r)
    return either(function() return r.registered_in_beijing end, function() return r.taxed_in_beijing end)
  end,
})
M:rule("property-in-beijing", {
  clause = "（三）", lines = 673, text = "承租京内房屋",
  check = function(r) return r.property_in_beijing == true end,
})
M:rule("state-owned-property", {
  clause = "（三）", lines = 673,
  text = "承租国有房屋（国有及国有控股、国有实际控制企业；本市集体企业可参照执行）",
  check = function(r, ctx)
    if r.landlord_state_owned then return true end
    if ctx:interpret("collective-landlord") == "included" and r.landlord_collective == true then
      return true, "本市集体企业房屋（参照执行）"
    end
    return false, "非国有房屋：各区可结合实际给予适当帮扶（本措施不减免）"
  end,
})
M:rule("service-industry", {
  clause = "（三）、末段", lines = "673-711",
  text = "服务业（GB/T 4754-2017、国统设管函〔2018〕74号第三产业）",
  when = function(r, ctx)
    return r.entity_type == "企业" or ctx:interpret("individual-business") == "service-only"
  end,
  check = function(r, ctx)
    local code = r.industry_code
    local ok, why
    if ctx:interpret("service-sector") == "sections-only" then
      ok, why = industry.within(code, TERTIARY_SECTIONS)
    else
      ok, why = industry.is_tertiary(code)
    end
    if ok == nil then error(("input 'industry_code': %s"):format(why), 0) end
    return ok, "行业代码：" .. code
  end,
})
M:rule("small-or-micro", {
  clause = "（三）、末段", lines = "673-711", text = "小微企业（个体工商户不问规模）",
  when = function(r) return r.entity_type == "企业" end,
  check = function(r) return r.size_class == "小型" or r.size_class == "微型", "规模：" .. r.size_class end,
})
M:rule("final-tenant", {
  clause = "（三）", lines = 673, text = "存在转租的，免租惠及最终承租经营人",
  when = function(r) return r.final_tenant ~= nil end,
  check = function(r) return r.final_tenant == true end,
})

M:compute(function(r, ctx, out)
  local rent = r.monthly_rent
  if rent < yuan(0) then error(("input 'monthly_rent': %s is negative"):format(rent), 0) end
  out.months = r.district_medium_high_risk and ctx.p.months_risk or ctx.p.months_base
  out.relief = rent * out.months
  ctx:note("减免 %d 个月 × 月租金 %s = %s", out.months, rent, out.relief)
end)

-- ---------------------------------------------------------------------------------------
-- Test cases. Base record: the first worked case (a small restaurant in a risk district).
local BASE = { entity_type = "企业", size_class = "小型", industry_code = "H6210", registered_in_beijing = true,
               taxed_in_beijing = true, property_in_beijing = true, landlord_state_owned = true,
               district_medium_high_risk = true, monthly_rent = 18000 }
local function rec(changes) return measure.variant(BASE, changes) end
local D = "2022-06-01"

M:case {
  name = "worked case: small restaurant, risk district, 18,000 a month", as_of = D, clause = "（三）",
  -- 6 × 18,000 = 108,000
  input = rec(),
  expect = { status = "eligible", amount = "108000.00", outputs = { months = "6", relief = "108000.00" },
             interpretations = { ["service-sector"] = "tertiary-2018" } },
}
M:case {
  name = "worked case: the same shop elsewhere", as_of = D, clause = "（三）",
  -- 3 × 18,000 = 54,000
  input = rec { district_medium_high_risk = false },
  expect = { status = "eligible", amount = "54000.00", outputs = { months = "3", relief = "54000.00" } },
}
M:case {
  name = "worked case: 20,000 a month, district not flagged", as_of = D, clause = "（三）",
  -- 3 × 20,000 = 60,000
  input = rec { monthly_rent = 20000, district_medium_high_risk = false },
  expect = { status = "eligible", amount = "60000.00" },
}
M:case {
  name = "worked case: 20,000 a month, district flagged", as_of = D, clause = "（三）",
  -- 6 × 20,000 = 120,000
  input = rec { monthly_rent = 20000 },
  expect = { status = "eligible", amount = "120000.00" },
}
M:case {
  name = "rent in 分: 12,345.67 × 3", as_of = D, clause = "（三）",
  -- 3 × 12,345.67 = 37,037.01 (whole months of a rent in 分: no rounding)
  input = rec { monthly_rent = "12345.67", district_medium_high_risk = false },
  expect = { status = "eligible", amount = "37037.01" },
}
M:case {
  name = "worked case: a small manufacturer", as_of = D, clause = "（三）、末段",
  -- C3612 新能源车整车制造 is 第二产业
  input = rec { industry_code = "C3612" },
  expect = { status = "ineligible", amount = "0.00", failed = { "service-industry" },
             outputs = { relief = "0.00" } },
}
M:case {
  name = "worked case: private premises", as_of = D, clause = "（三）",
  input = rec { landlord_state_owned = false },
  expect = { status = "ineligible", amount = "0.00", failed = { "state-owned-property" } },
}
M:case {
  name = "worked case: registered in 河北, taxed in Beijing", as_of = D, clause = "（三）",
  -- 在京注册或在京纳税 is an or
  input = rec { registered_in_beijing = false },
  expect = { status = "eligible", amount = "108000.00" },
}
M:case {
  name = "registered in Beijing: where it pays tax is not needed", as_of = D, clause = "（三）",
  input = rec { taxed_in_beijing = "nil" },
  expect = { status = "eligible", amount = "108000.00" },
}
M:case {
  name = "taxed in Beijing, registration unknown: eligible", as_of = D, clause = "（三）",
  input = rec { registered_in_beijing = "nil" },
  expect = { status = "eligible", amount = "108000.00" },
}
M:case {
  name = "registered elsewhere, tax place unknown: undetermined", as_of = D, clause = "（三）",
  input = rec { registered_in_beijing = false, taxed_in_beijing = "nil" },
  expect = { status = "undetermined", amount = nil, missing = { "taxed_in_beijing" } },
}
M:case {
  name = "neither registered nor taxed in Beijing", as_of = D, clause = "（三）",
  input = rec { registered_in_beijing = false, taxed_in_beijing = false },
  expect = { status = "ineligible", failed = { "registered-or-taxed-in-beijing" } },
}
M:case {
  name = "premises outside Beijing", as_of = D, clause = "（三）",
  input = rec { property_in_beijing = false },
  expect = { status = "ineligible", failed = { "property-in-beijing" } },
}
M:case {
  name = "a micro enterprise qualifies", as_of = D, clause = "（三）",
  input = rec { size_class = "微型" },
  expect = { status = "eligible", amount = "108000.00" },
}
M:case {
  name = "a medium enterprise does not", as_of = D, clause = "（三）",
  input = rec { size_class = "中型" },
  expect = { status = "ineligible", failed = { "small-or-micro" } },
}
M:case {
  name = "a large enterprise does not", as_of = D, clause = "（三）",
  input = rec { size_class = "大型" },
  expect = { status = "ineligible", failed = { "small-or-micro" } },
}
M:case {
  name = "a 个体工商户 in a service industry: no size needed", as_of = D, clause = "（三）",
  -- 6 × 8,000 = 48,000
  input = rec { entity_type = "个体工商户", size_class = "nil", monthly_rent = 8000 },
  expect = { status = "eligible", amount = "48000.00" },
}
M:case {
  name = "a 个体工商户 making goods (service-only)", as_of = D, clause = "（三）",
  input = rec { entity_type = "个体工商户", size_class = "nil", industry_code = "C1431" },
  expect = { status = "ineligible", failed = { "service-industry" },
             interpretations = { ["individual-business"] = "service-only" } },
}
M:case {
  name = "a 个体工商户 making goods under individual-business=any", as_of = D, clause = "（三）",
  interpret = { ["individual-business"] = "any" },
  input = rec { entity_type = "个体工商户", size_class = "nil", industry_code = "C1431" },
  expect = { status = "eligible", amount = "108000.00" },
}
M:case {
  name = "a repair shop C4320 is 服务业 (国统设管函〔2018〕74号)", as_of = D, clause = "末段",
  input = rec { industry_code = "C4320" },
  expect = { status = "eligible", amount = "108000.00" },
}
M:case {
  name = "a repair shop C4320 under service-sector=sections-only", as_of = D, clause = "末段",
  interpret = { ["service-sector"] = "sections-only" },
  input = rec { industry_code = "C4320" },
  expect = { status = "ineligible", failed = { "service-industry" } },
}
M:case {
  name = "agricultural support A0511 is 服务业", as_of = D, clause = "末段",
  input = rec { industry_code = "A0511" },
  expect = { status = "eligible", amount = "108000.00" },
}
M:case {
  name = "a software firm I6513 under sections-only", as_of = D, clause = "末段",
  interpret = { ["service-sector"] = "sections-only" },
  input = rec { industry_code = "I6513" },
  expect = { status = "eligible", amount = "108000.00" },
}
M:case {
  name = "a collective landlord (excluded)", as_of = D, clause = "（三）",
  input = rec { landlord_state_owned = false, landlord_collective = true },
  expect = { status = "ineligible", failed = { "state-owned-property" },
             interpretations = { ["collective-landlord"] = "excluded" } },
}
M:case {
  name = "a collective landlord under collective-landlord=included", as_of = D, clause = "（三）",
  interpret = { ["collective-landlord"] = "included" },
  input = rec { landlord_state_owned = false, landlord_collective = true },
  expect = { status = "eligible", amount = "108000.00" },
}
M:case {
  name = "a sublet: the final operating tenant gets the relief", as_of = D, clause = "（三）",
  input = rec { final_tenant = true },
  expect = { status = "eligible", amount = "108000.00" },
}
M:case {
  name = "a sublet: an intermediate lessor does not", as_of = D, clause = "（三）",
  input = rec { final_tenant = false },
  expect = { status = "ineligible", failed = { "final-tenant" } },
}
M:case {
  name = "every condition fails", as_of = D, clause = "（三）",
  input = rec { registered_in_beijing = false, taxed_in_beijing = false, property_in_beijing = false,
                landlord_state_owned = false, industry_code = "C3612", size_class = "大型" },
  expect = { status = "ineligible", amount = "0.00",
             failed = { "registered-or-taxed-in-beijing", "property-in-beijing", "state-owned-property",
                        "service-industry", "small-or-micro" } },
}
M:case {
  name = "rent unknown: undetermined", as_of = D, clause = "（三）",
  input = rec { monthly_rent = "nil" },
  expect = { status = "undetermined", amount = nil, missing = { "monthly_rent" } },
}
M:case {
  name = "risk flag unknown: undetermined", as_of = D, clause = "（三）",
  input = rec { district_medium_high_risk = "nil" },
  expect = { status = "undetermined", amount = nil, missing = { "district_medium_high_risk" } },
}
M:case {
  name = "a failed rule outweighs an unknown one", as_of = D, clause = "（三）",
  input = rec { monthly_rent = "nil", property_in_beijing = false },
  expect = { status = "ineligible", amount = "0.00", failed = { "property-in-beijing" } },
}
M:case {
  name = "an industry code too coarse to tell", as_of = D, clause = "末段",
  input = rec { industry_code = "C" },
  expect = { error = "input 'industry_code': 'C' spans two sectors" },
}
M:case {
  name = "an invalid industry code", as_of = D, clause = "末段",
  input = rec { industry_code = "X12" },
  expect = { error = "input 'industry_code':" },
}
M:case {
  name = "2021-12-31: not in force", as_of = "2021-12-31", clause = "（三）“2022年”",
  input = rec(),
  expect = { status = "not_in_force" },
}
M:case {
  name = "2022-01-01: in force", as_of = "2022-01-01", clause = "（三）“2022年”",
  input = rec(),
  expect = { status = "eligible", amount = "108000.00" },
}
M:case {
  name = "2022-12-31: in force", as_of = "2022-12-31", clause = "（三）“2022年”",
  input = rec(),
  expect = { status = "eligible", amount = "108000.00" },
}
M:case {
  name = "2023-01-01: not in force", as_of = "2023-01-01", clause = "（三）“2022年”",
  input = rec(),
  expect = { status = "not_in_force" },
}
M:case {
  name = "four months with --set", as_of = D, clause = "（三）",
  -- 4 × 18,000 = 72,000
  set = { months_base = 4 },
  input = rec { district_medium_high_risk = false },
  expect = { status = "eligible", amount = "72000.00", outputs = { months = "4" } },
}

return M
