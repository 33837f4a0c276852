-- 朝政发〔2020〕9号 五（三）: 重点群体自主创业房屋租赁补贴 (M13).
-- gazettes/chaoyang-2020-04.txt:404: "本区户籍城乡登记失业人员、高校毕业生等重点群体，通过自谋职业、
-- 自主或合伙创办企业及经济实体，租赁办公经营场地，注册地及纳税地均在朝阳区且正常经营 1 年（含 1 年）
-- 以上 5 年（含 5 年）以下的，每年给予 5 万元房屋租赁补贴，房屋租金不足 5 万元的，按实际数额给予补贴，
-- 最长补贴 3 年". In force from 2021-01-01 (line 430); as_of is the application date.
local M = measure {
  id = "chaoyang.startup-rent-subsidy",
  title = "重点群体自主创业房屋租赁补贴",
  document = {
    number = "朝政发〔2020〕9号",
    title = "北京市朝阳区人民政府关于做好当前和今后一个时期促就业稳就业工作的实施意见",
    issuer = "北京市朝阳区人民政府",
    issued_on = "2020-12-24",
    gazette = "北京市朝阳区人民政府公报 2020年第4期",
    source = "gazettes/chaoyang-2020-04.txt:344-438",
  },
  valid = { from = "2021-01-01", clause = "施行日期" },
  entity = "enterprise",
  inputs = {
    founder_hukou_district = { type = "text", specific = true, label = "创业者户籍所在区" },
    founder_group          = { type = "enum", specific = true, label = "创业者所属群体",
                               values = { "城乡登记失业人员", "高校毕业生", "其他" } },
    -- district: 朝阳, 朝阳区, 北京市朝阳区 and 110105 are read as one district, 朝阳区 (as M1's, the
    -- canonical enterprise fields of docs/fields.md)
    reg_district           = { type = "district", label = "注册地（区）" },
    tax_district           = { type = "district", label = "纳税地（区）" },
    established_on         = { type = "date", label = "成立日期" },
    operating_normally     = { type = "boolean", label = "正常经营" },
    rents_premises         = { type = "boolean", specific = true, label = "租赁办公经营场地" },
    annual_rent            = { type = "money", specific = true, label = "申请年度房屋租金" },
    years_subsidised       = { type = "integer", specific = true, label = "已享受租赁补贴年数" },
  },
  outputs = {
    subsidy    = { type = "money" },
    years_left = { type = "integer" },
  },
  output_order = { "subsidy", "years_left" },
  amount = "subsidy",
}

local F = "2021-01-01"
M:param("cap", {
  { from = F, value = wan(5), clause = "五（三）", lines = 404,
    text = "每年给予 5 万元房屋租赁补贴，房屋租金不足 5 万元的，按实际数额给予补贴" },
})
M:param("max_years_subsidised", {
  { from = F, value = 3, clause = "五（三）", lines = 404, text = "最长补贴 3 年" },
})
M:param("min_years", {
  { from = F, value = 1, clause = "五（三）", lines = 404, text = "正常经营 1 年（含 1 年）以上" },
})
M:param("max_years", {
  { from = F, value = 5, clause = "五（三）", lines = 404, text = "5 年（含 5 年）以下" },
})
M:param("district", {
  { from = F, value = "朝阳区", clause = "五（三）", lines = 404, text = "本区户籍…注册地及纳税地均在朝阳区" },
})

M:interpretation("hukou-scope", {
  text = "“本区户籍城乡登记失业人员、高校毕业生等重点群体”：“本区户籍”是否也修饰高校毕业生",
  default = "both-groups",
  choices = {
    ["both-groups"] = "城乡登记失业人员和高校毕业生均须朝阳区户籍",
    ["unemployed-only"] = "只有城乡登记失业人员须朝阳区户籍；高校毕业生不限户籍",
  },
})
M:interpretation("key-groups", {
  text = "“城乡登记失业人员、高校毕业生等重点群体”：“等”不扩大名单，只含所列两类",
  default = "named-only",
  choices = { ["named-only"] = "只有城乡登记失业人员和高校毕业生" },
})

M:rule("key-group", {
  clause = "五（三）", lines = 404, text = "创业者为城乡登记失业人员或高校毕业生（“等重点群体”按所列两类）",
  check = function(r, ctx)
    ctx:interpret("key-groups")
    return r.founder_group ~= "其他", "创业者：" .. r.founder_group
  end,
})
M:rule("founder-hukou", {
  clause = "五（三）", lines = 404, text = "创业者为本区（朝阳区）户籍",
  when = function(r, ctx)
    return ctx:interpret("hukou-scope") == "both-groups" or r.founder_group == "城乡登记失业人员"
  end,
  check = function(r, ctx)
    return districts.same(r.founder_hukou_district, ctx.p.district), "户籍：" .. r.founder_hukou_district
  end,
})
M:rule("registered-in-chaoyang", {
  clause = "五（三）", lines = 404, text = "注册地在朝阳区",
  check = function(r, ctx) return districts.same(r.reg_district, ctx.p.district), "注册地：" .. r.reg_district end,
})
M:rule("taxed-in-chaoyang", {
  clause = "五（三）", lines = 404, text = "纳税地在朝阳区",
  check = function(r, ctx) return districts.same(r.tax_district, ctx.p.district), "纳税地：" .. r.tax_district end,
})
M:rule("operating-normally", {
  clause = "五（三）", lines = 404, text = "正常经营",
  check = function(r) return r.operating_normally == true end,
})
M:rule("operating-age", {
  clause = "五（三）", lines = 404, text = "正常经营 1 年（含 1 年）以上 5 年（含 5 年）以下（成立日至申请日）",
  check = function(r, ctx)
    local lo = r.established_on:add_years(ctx.p.min_years)
    local hi = r.established_on:add_years(ctx.p.max_years)
    return ctx.as_of >= lo and ctx.as_of <= hi, ("申请日须在 %s 至 %s 之间"):format(tostring(lo), tostring(hi))
  end,
})
M:rule("rents-premises", {
  clause = "五（三）", lines = 404, text = "租赁办公经营场地",
  check = function(r) return r.rents_premises == true end,
})
M:rule("years-left", {
  clause = "五（三）", lines = 404, text = "最长补贴 3 年：已享受年数少于 3",
  check = function(r, ctx)
    if r.years_subsidised < 0 then
      error(("years_subsidised must be 0 or more, got %d"):format(r.years_subsidised), 0)
    end
    return threshold(r.years_subsidised, "少于", ctx.p.max_years_subsidised)
  end,
})
M:rule("rent-positive", {
  clause = "五（三）", lines = 404, text = "有房屋租金（按实际数额给予补贴）",
  check = function(r) return threshold(r.annual_rent, "超过", yuan(0)) end,
})

M:compute(function(r, ctx, out)
  local pay, capped = cap(r.annual_rent, ctx.p.cap)
  out.subsidy = pay
  out.years_left = ctx.p.max_years_subsidised - 1 - r.years_subsidised
  ctx:note(capped and "租金 %s 超过 %s：按 %s" or "租金 %s 不足 %s：按实际数额 %s", r.annual_rent, ctx.p.cap, pay)
end)

-- ---------------------------------------------------------------------------------------
-- Test cases. Base record: the first worked case.
local BASE = {
  founder_hukou_district = "朝阳区", founder_group = "城乡登记失业人员",
  reg_district = "朝阳区", tax_district = "朝阳区", established_on = "2022-03-01",
  operating_normally = true, rents_premises = true, annual_rent = 80000, years_subsidised = 0,
}
local function rec(changes) return measure.variant(BASE, changes) end
local AS = "2024-05-10"

M:case {
  name = "worked case 1: registered unemployed founder, rent 80,000, first year", as_of = AS, clause = "五（三）",
  -- 2022-03-01 + 1 y ≤ 2024-05-10 ≤ + 5 y; min(80,000, 50,000) = 50,000; 3 − 1 − 0 = 2 claims left
  input = rec(),
  expect = { status = "eligible", amount = "50000.00", outputs = { subsidy = "50000.00", years_left = 2 } },
}
M:case {
  name = "worked case 2: a graduate's firm, rent 36,500.50, one year subsidised", as_of = AS, clause = "五（三）",
  -- 36,500.50 < 50,000: the actual rent; 3 − 1 − 1 = 1
  input = rec { founder_group = "高校毕业生", annual_rent = "36500.50", years_subsidised = 1 },
  expect = { status = "eligible", amount = "36500.50", outputs = { subsidy = "36500.50", years_left = 1 } },
}
M:case {
  name = "worked case: firm 1.5 years old, rent 80,000", as_of = "2023-09-01", clause = "五（三）",
  -- 2022-03-01 → 2023-09-01 is 1.5 years; min(80,000, 50,000)
  input = rec(),
  expect = { status = "eligible", amount = "50000.00", outputs = { years_left = 2 } },
}
M:case {
  name = "worked case: next year's rent 36,000", as_of = "2024-09-01", clause = "五（三）",
  -- 36,000 < 50,000: 36,000; second claim → 1 left
  input = rec { annual_rent = 36000, years_subsidised = 1 },
  expect = { status = "eligible", amount = "36000.00", outputs = { years_left = 1 } },
}
M:case {
  name = "worked case: the third year", as_of = "2025-09-01", clause = "五（三）",
  -- rent 60,000 → 50,000; 50,000 + 36,000 + 50,000 = 136,000 over three years; none left
  input = rec { annual_rent = 60000, years_subsidised = 2 },
  expect = { status = "eligible", amount = "50000.00", outputs = { years_left = 0 } },
}
M:case {
  name = "worked case: a fourth year is refused", as_of = "2026-09-01", clause = "五（三）",
  -- "最长补贴 3 年": 3 years already
  input = rec { annual_rent = 60000, years_subsidised = 3 },
  expect = { status = "ineligible", amount = "0.00", failed = { "years-left" } },
}
M:case {
  name = "worked case: firm 6 months old", as_of = "2022-09-01", clause = "五（三）",
  input = rec(),
  expect = { status = "ineligible", amount = "0.00", failed = { "operating-age" } },
}
M:case {
  name = "worked case: firm 5 years 1 month old", as_of = "2027-04-01", clause = "五（三）",
  input = rec(),
  expect = { status = "ineligible", amount = "0.00", failed = { "operating-age" } },
}
M:case {
  name = "worked case: the firm owns its premises", as_of = AS, clause = "五（三）",
  input = rec { rents_premises = false },
  expect = { status = "ineligible", amount = "0.00", failed = { "rents-premises" } },
}
M:case {
  name = "exactly 1 year old (含 1 年)", as_of = "2023-03-01", clause = "五（三）",
  input = rec(),
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "one day short of 1 year", as_of = "2023-02-28", clause = "五（三）",
  -- 2022-03-01 + 1 y = 2023-03-01 > 2023-02-28
  input = rec(),
  expect = { status = "ineligible", failed = { "operating-age" } },
}
M:case {
  name = "exactly 5 years old (含 5 年)", as_of = "2027-03-01", clause = "五（三）",
  input = rec(),
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "5 years and 1 day old", as_of = "2027-03-02", clause = "五（三）",
  input = rec(),
  expect = { status = "ineligible", failed = { "operating-age" } },
}
M:case {
  name = "rent exactly 50,000", as_of = AS, clause = "五（三）",
  input = rec { annual_rent = 50000 },
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "rent 50,000.01: capped at 50,000", as_of = AS, clause = "五（三）",
  input = rec { annual_rent = "50000.01" },
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "rent 49,999.99: the actual amount", as_of = AS, clause = "五（三）",
  input = rec { annual_rent = "49999.99" },
  expect = { status = "eligible", amount = "49999.99" },
}
M:case {
  name = "no rent", as_of = AS, clause = "五（三）",
  input = rec { annual_rent = 0 },
  expect = { status = "ineligible", amount = "0.00", failed = { "rent-positive" } },
}
M:case {
  name = "a rent with a fraction of a 分 is an input error, not rounded", as_of = AS, clause = "五（三）",
  input = rec { annual_rent = "36500.505" },
  expect = { error = "annual_rent" },
}
M:case {
  name = "founder with 海淀区 hukou", as_of = AS, clause = "五（三）",
  input = rec { founder_hukou_district = "海淀区" },
  expect = { status = "ineligible", amount = "0.00", failed = { "founder-hukou" } },
}
M:case {
  name = "graduate founder with 海淀区 hukou (hukou-scope=both-groups)", as_of = AS, clause = "五（三）",
  input = rec { founder_group = "高校毕业生", founder_hukou_district = "海淀区" },
  expect = { status = "ineligible", amount = "0.00", failed = { "founder-hukou" } },
}
M:case {
  name = "graduate founder with 海淀区 hukou under hukou-scope=unemployed-only", as_of = AS, clause = "五（三）",
  interpret = { ["hukou-scope"] = "unemployed-only" },
  input = rec { founder_group = "高校毕业生", founder_hukou_district = "海淀区" },
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "unemployed founder with 海淀区 hukou under hukou-scope=unemployed-only", as_of = AS, clause = "五（三）",
  interpret = { ["hukou-scope"] = "unemployed-only" },
  input = rec { founder_hukou_district = "海淀区" },
  expect = { status = "ineligible", failed = { "founder-hukou" } },
}
M:case {
  name = "graduate founder's hukou unknown under hukou-scope=unemployed-only: not needed", as_of = AS, clause = "五（三）",
  interpret = { ["hukou-scope"] = "unemployed-only" },
  input = rec { founder_group = "高校毕业生", founder_hukou_district = "nil" },
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "a founder outside the two named groups", as_of = AS, clause = "五（三）",
  input = rec { founder_group = "其他" },
  expect = { status = "ineligible", amount = "0.00", failed = { "key-group" } },
}
M:case {
  name = "registered outside 朝阳区", as_of = AS, clause = "五（三）",
  input = rec { reg_district = "海淀区" },
  expect = { status = "ineligible", failed = { "registered-in-chaoyang" } },
}
M:case {
  name = "taxed in 东城区", as_of = AS, clause = "五（三）",
  input = rec { tax_district = "东城区" },
  expect = { status = "ineligible", failed = { "taxed-in-chaoyang" } },
}
M:case {
  name = "districts written 朝阳 and 北京市朝阳区", as_of = AS, clause = "五（三）",
  input = rec { reg_district = "朝阳", tax_district = "北京市朝阳区", founder_hukou_district = "110105" },
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "not operating normally", as_of = AS, clause = "五（三）",
  input = rec { operating_normally = false },
  expect = { status = "ineligible", failed = { "operating-normally" } },
}
M:case {
  name = "every condition fails", as_of = "2022-06-01", clause = "五（三）",
  input = rec { founder_group = "其他", founder_hukou_district = "海淀区", reg_district = "海淀区",
                tax_district = "海淀区", operating_normally = false, rents_premises = false, annual_rent = 0,
                years_subsidised = 3 },
  expect = { status = "ineligible", amount = "0.00",
             failed = { "key-group", "founder-hukou", "registered-in-chaoyang", "taxed-in-chaoyang",
                        "operating-normally", "operating-age", "rents-premises", "years-left", "rent-positive" } },
}
M:case {
  name = "rent unknown: undetermined", as_of = AS, clause = "五（三）",
  input = rec { annual_rent = "nil" },
  expect = { status = "undetermined", amount = "null", missing = { "annual_rent" } },
}
M:case {
  name = "founder hukou unknown: undetermined", as_of = AS, clause = "五（三）",
  input = rec { founder_hukou_district = "nil" },
  expect = { status = "undetermined", missing = { "founder_hukou_district" } },
}
M:case {
  name = "a failed rule outweighs an unknown one", as_of = AS, clause = "五（三）",
  input = rec { annual_rent = "nil", rents_premises = false },
  expect = { status = "ineligible", amount = "0.00", failed = { "rents-premises" } },
}
M:case {
  name = "a negative count of years subsidised is an error", as_of = AS, clause = "五（三）",
  input = rec { years_subsidised = -1 },
  expect = { error = "years_subsidised must be 0 or more, got -1" },
}
M:case {
  name = "applied 2020-12-31: not in force", as_of = "2020-12-31", clause = "施行日期",
  input = rec { established_on = "2019-03-01" },
  expect = { status = "not_in_force", amount = "null" },
}
M:case {
  name = "applied 2021-01-01: in force", as_of = "2021-01-01", clause = "施行日期",
  input = rec { established_on = "2019-03-01" },
  expect = { status = "eligible", amount = "50000.00" },
}
M:case {
  name = "cap set to 4万", as_of = AS, clause = "五（三）",
  -- min(80,000, 40,000)
  set = { cap = "4万" },
  input = rec(),
  expect = { status = "eligible", amount = "40000.00" },
}

return M
