-- 京技管〔2022〕42号《亦庄新城工业用地先租后让实施办法》 (M3).
-- 北京市人民政府公报 2022年第27期, gazettes/beijing-2022-27.txt:863-947 (the notice, then the 办法 at
-- 875-947): 第一条/第四条/第五条 (terms, lines 879-891), 第八条 (deposit = rent, transfer price,
-- 917), 第十二条 (deed-tax base, 927), 第十五条 (pre-assessment, 933), 第十六条 (production
-- assessment, 935-937), 第十八条 (renewal application, 941), 第二十条 (自发布之日起实施: 2022-03-28,
-- lines 873 and 947).
local M = measure {
  id = "yizhuang.land-lease-then-transfer",
  title = "亦庄新城工业用地先租后让：保证金、租金、转出让地价款与考核日期",
  document = {
    number = "京技管〔2022〕42号",
    title = "亦庄新城工业用地先租后让实施办法",
    issuer = "北京经济技术开发区管理委员会",
    issued_on = "2022-03-28",
    gazette = "北京市人民政府公报 2022年第27期",
    source = "gazettes/beijing-2022-27.txt:863-947",
  },
  valid = { from = "2022-03-28" },   -- 第二十条 "本办法自发布之日起实施"
  entity = "land_lease",
  inputs = {
    starting_price  = { type = "money", specific = true, label = "土地出让起始价" },
    winning_price   = { type = "money", specific = true, label = "竞得地价总额" },
    lease_signed_on = { type = "date", specific = true, label = "土地租赁合同签订日期" },
    lease_years     = { type = "integer", specific = true, label = "租赁年限" },
    transfer_years  = { type = "integer", specific = true, label = "出让年限" },
  },
  outputs = {
    deposit                  = { type = "money" },
    rent_total               = { type = "money" },
    transfer_payment         = { type = "money" },
    lease_end                = { type = "date" },
    pre_assessment_on        = { type = "date" },
    production_assessment_on = { type = "date" },
    renewal_apply_by         = { type = "date" },
    production_deadline      = { type = "date" },
    deed_tax_base            = { type = "money" },
  },
  output_order = { "transfer_payment", "deposit", "rent_total", "lease_end", "pre_assessment_on",
                   "production_assessment_on", "renewal_apply_by", "production_deadline",
                   "deed_tax_base" },
  amount = "transfer_payment",
}

M:param("max_lease_years", {
  { from = "2022-03-28", value = 5, clause = "第一条、第五条", lines = "879-891", text = "租赁期最长不超过5年；租赁年限原则上为5年" },
})
M:param("max_total_years", {
  { from = "2022-03-28", value = 20, clause = "第五条", lines = 891, text = "出让年限与租赁年限之和不超过20年" },
})
M:param("deposit_rate", {
  { from = "2022-03-28", value = pct(25), clause = "第八条", lines = 917, text = "竞买保证金按土地出让起始价的 25%收取" },
})
M:param("rent_years", {
  { from = "2022-03-28", value = 5, clause = "第八条", lines = 917, text = "竞买保证金…转为 5 年租赁期的土地租金" },
})
M:param("pre_assessment_years", {
  { from = "2022-03-28", value = 1, clause = "第十五条", lines = 933, text = "租赁期满前1年…进行预考核" },
})
M:param("production_assessment_months", {
  { from = "2022-03-28", value = 6, clause = "第十六条", lines = "935-937", text = "租赁期满前6个月…进行达产考核" },
})
M:param("renewal_months", {
  { from = "2022-03-28", value = 3, clause = "第十八条", lines = 941, text = "可在租赁期届满前3个月提出续租申请" },
})
M:param("production_deadline_years", {
  { from = "2022-03-28", value = 5, clause = "第四条", lines = "887-889", text = "约定达产期限(自签订土地租赁合同起不超过5年)" },
})

M:interpretation("deposit-as-rent", {
  text = "第八条：竞买保证金（起始价 × 25%）在成交后转为租赁期全部土地租金，转出让地价款 = 竞得地价总额 − 已缴租金",
  default = "whole",
  choices = { whole = "保证金即全部租金，与租赁年限无关",
              pro_rata = "租赁期不足 5 年时按年限折算：租金 = 保证金 × 租赁年限 ÷ 5" },
})
M:interpretation("month-end", {
  text = "“租赁期满前1年/6个月/3个月”及租赁期满日：按对应日计算，无对应日的取该月末日",
  default = "down",
  choices = { down = "无对应日取月末（2027-08-31 前 6 个月 = 2027-02-28）",
              up = "无对应日取次月 1 日" },
})
M:interpretation("renewal-deadline", {
  text = "第十八条“在租赁期届满前3个月提出续租申请”：读作申请截止日 = 租赁期满日前推 3 个月",
  default = "deadline",
  choices = { deadline = "至迟于期满前 3 个月的对应日提出" },
})

M:rule("lease-term", {
  clause = "第一条、第五条", lines = "879-891", text = "租赁期最长不超过5年",
  check = function(r, ctx)
    return r.lease_years >= 1 and threshold(r.lease_years, "不超过", ctx.p.max_lease_years),
           "租赁年限 " .. r.lease_years
  end,
})
M:rule("total-term", {
  clause = "第五条", lines = 891, text = "出让年限与租赁年限之和不超过20年",
  check = function(r, ctx)
    local total = r.lease_years + r.transfer_years
    return r.transfer_years >= 0 and threshold(total, "不超过", ctx.p.max_total_years),
           string.format("%d + %d = %d 年", r.lease_years, r.transfer_years, total)
  end,
})
M:rule("winning-price", {
  clause = "第五条", lines = 891, text = "按工业用地招拍挂程序确定竞得人：竞得地价不低于出让起始价",
  check = function(r) return r.winning_price >= r.starting_price end,
})

M:compute(function(r, ctx, out)
  local mode = ctx:interpret("month-end")
  ctx:interpret("renewal-deadline")
  local deposit = r.starting_price * ctx.p.deposit_rate          -- 分 half-up
  local rent = deposit
  if ctx:interpret("deposit-as-rent") == "pro_rata" and r.lease_years < ctx.p.rent_years then
    rent = deposit * r.lease_years / ctx.p.rent_years         -- money × integer ÷ integer
  end
  local signed = r.lease_signed_on
  local lease_end = signed:add_years(r.lease_years, mode)
  out.deposit = deposit
  out.rent_total = rent
  out.transfer_payment = r.winning_price - rent
  out.lease_end = lease_end
  out.pre_assessment_on = lease_end:add_years(-ctx.p.pre_assessment_years, mode)
  out.production_assessment_on = lease_end:add_months(-ctx.p.production_assessment_months, mode)
  out.renewal_apply_by = lease_end:add_months(-ctx.p.renewal_months, mode)
  out.production_deadline = signed:add_years(ctx.p.production_deadline_years, mode)
  out.deed_tax_base = rent + out.transfer_payment                 -- 第十二条
end)

-- ---------------------------------------------------------------------------------------
local BASE = { starting_price = "8000万", winning_price = "1.1亿", lease_signed_on = "2022-06-15",
              lease_years = 5, transfer_years = 15 }
local function rec(changes) return measure.variant(BASE, changes) end
local D = "2022-06-15"

M:case {
  name = "worked case: 8000万 start, 1.1亿 won, 5 + 15 years", as_of = D, clause = "第八条、第十五条、第十六条、第十八条",
  -- deposit 80,000,000 × 25% = 20,000,000 = rent; transfer 110,000,000 − 20,000,000 = 90,000,000
  -- lease end 2022-06-15 + 5 y = 2027-06-15; −1 y 2026-06-15; −6 m 2026-12-15; −3 m 2027-03-15
  input = rec(),
  expect = { status = "eligible", amount = "90000000.00",
             outputs = { deposit = "20000000.00", rent_total = "20000000.00",
                         transfer_payment = "90000000.00", lease_end = "2027-06-15",
                         pre_assessment_on = "2026-06-15", production_assessment_on = "2026-12-15",
                         renewal_apply_by = "2027-03-15", production_deadline = "2027-06-15",
                         deed_tax_base = "110000000.00" } },
}
M:case {
  name = "worked case: 2亿 start, 2亿 won", as_of = D, clause = "第八条",
  -- 200,000,000 × 25% = 50,000,000; 200,000,000 − 50,000,000 = 150,000,000
  input = rec { starting_price = "2亿", winning_price = "2亿" },
  expect = { status = "eligible", amount = "150000000.00",
             outputs = { deposit = "50000000.00", rent_total = "50000000.00" } },
}
M:case {
  name = "worked case: rent follows the starting price", as_of = D, clause = "第八条",
  -- 60,000,000 × 25% = 15,000,000; 90,000,000 − 15,000,000 = 75,000,000
  input = rec { starting_price = "6000万", winning_price = "9000万" },
  expect = { status = "eligible", amount = "75000000.00", outputs = { rent_total = "15000000.00" } },
}
M:case {
  name = "deposit rounded at the half fen", as_of = D, clause = "第八条",
  -- 10,000,000.02 × 25% = 2,500,000.005 → 2,500,000.01 (half-up); 12,000,000 − 2,500,000.01
  input = rec { starting_price = "10000000.02", winning_price = "12000000" },
  expect = { status = "eligible", amount = "9499999.99", outputs = { deposit = "2500000.01" } },
}
M:case {
  name = "worked case: 5 + 16 = 21 years", as_of = D, clause = "第五条",
  input = rec { transfer_years = 16 },
  expect = { status = "ineligible", amount = "0.00", failed = { "total-term" } },
}
M:case {
  name = "worked case: 6-year lease", as_of = D, clause = "第一条、第五条",
  -- 6 > 5; 6 + 14 = 20 passes
  input = rec { lease_years = 6, transfer_years = 14 },
  expect = { status = "ineligible", failed = { "lease-term" } },
}
M:case {
  name = "6-year lease with 15 transfer years fails both terms", as_of = D, clause = "第五条",
  input = rec { lease_years = 6 },
  expect = { status = "ineligible", failed = { "lease-term", "total-term" } },
}
M:case {
  name = "3-year lease + 17 = 20 (at the limit)", as_of = D, clause = "第五条",
  -- lease end 2025-06-15; deposit still the whole rent (default reading)
  input = rec { lease_years = 3, transfer_years = 17 },
  expect = { status = "eligible", amount = "90000000.00",
             outputs = { lease_end = "2025-06-15", pre_assessment_on = "2024-06-15",
                         production_assessment_on = "2024-12-15", renewal_apply_by = "2025-03-15" } },
}
M:case {
  name = "3-year lease under the pro_rata reading", as_of = D, clause = "第八条",
  -- rent 20,000,000 × 3 / 5 = 12,000,000; transfer 110,000,000 − 12,000,000 = 98,000,000
  interpret = { ["deposit-as-rent"] = "pro_rata" },
  input = rec { lease_years = 3, transfer_years = 17 },
  expect = { status = "eligible", amount = "98000000.00", outputs = { rent_total = "12000000.00" } },
}
M:case {
  name = "winning price below the starting price", as_of = D, clause = "第五条",
  input = rec { winning_price = "7999万" },
  expect = { status = "ineligible", failed = { "winning-price" } },
}
M:case {
  name = "winning price equal to the starting price", as_of = D, clause = "第五条",
  -- 80,000,000 − 20,000,000 = 60,000,000
  input = rec { winning_price = "8000万" },
  expect = { status = "eligible", amount = "60000000.00" },
}
M:case {
  name = "month end: signed 2022-08-31", as_of = "2022-08-31", clause = "第十六条、第十八条",
  -- end 2027-08-31; −6 m = 2027-02-31 → 2027-02-28 (down); −3 m = 2027-05-31
  input = rec { lease_signed_on = "2022-08-31" },
  expect = { status = "eligible",
             outputs = { lease_end = "2027-08-31", pre_assessment_on = "2026-08-31",
                         production_assessment_on = "2027-02-28", renewal_apply_by = "2027-05-31" } },
}
M:case {
  name = "leap day: signed 2024-02-29", as_of = "2024-02-29", clause = "第五条、第十五条",
  -- 2024-02-29 + 5 y: 2029 has no 02-29 → 2029-02-28; −1 y 2028-02-28; −6 m 2028-08-28; −3 m 2028-11-28
  input = rec { lease_signed_on = "2024-02-29" },
  expect = { status = "eligible",
             outputs = { lease_end = "2029-02-28", pre_assessment_on = "2028-02-28",
                         production_assessment_on = "2028-08-28", renewal_apply_by = "2028-11-28" } },
}
M:case {
  name = "signing date unknown: undetermined", as_of = D, clause = "第八条",
  input = rec { lease_signed_on = "nil" },
  expect = { status = "undetermined", amount = nil, missing = { "lease_signed_on" } },
}
M:case {
  name = "transfer years unknown: undetermined", as_of = D, clause = "第五条",
  input = rec { transfer_years = "nil" },
  expect = { status = "undetermined", missing = { "transfer_years" } },
}
M:case {
  name = "before the 2022 revision took effect", as_of = "2022-03-27", clause = "第二十条",
  input = rec(),
  expect = { status = "not_in_force" },
}
M:case {
  name = "publication day: in force", as_of = "2022-03-28", clause = "第二十条",
  input = rec(),
  expect = { status = "eligible", amount = "90000000.00" },
}
M:case {
  name = "worked case: lease ending 2027-06-30", as_of = "2022-06-30", clause = "第十五条、第十六条、第十八条",
  -- E = 2027-06-30: pre-assessment 2026-06-30, production assessment 2026-12-30,
  -- renewal application by 2027-03-30 (an application on 2027-04-20 is late)
  input = rec { lease_signed_on = "2022-06-30" },
  expect = { status = "eligible",
             outputs = { lease_end = "2027-06-30", pre_assessment_on = "2026-06-30",
                         production_assessment_on = "2026-12-30", renewal_apply_by = "2027-03-30" } },
}

return M
