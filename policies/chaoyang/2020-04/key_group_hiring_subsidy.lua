-- 朝政发〔2020〕9号 三（二）: 用人单位招用重点群体一次性就业补贴 (M9).
-- gazettes/chaoyang-2020-04.txt:378: "用人单位当年新招用本区户籍应届高校毕业生和本区户籍城乡登记
-- 失业人员等重点群体，按照每人5000元标准给予用人单位一次性就业补贴。" In force from 2021-01-01
-- (line 430), no end; evaluated for a hiring `year` (valid.on = 1 January of the year).
-- Each hire is tested by M:each (docs/measures.md "Rules over each child record"): which hire
-- counted, and why the others did not, is in the explanation and in eval --json "items".
local M = measure {
  id = "chaoyang.key-group-hiring-subsidy",
  title = "用人单位招用重点群体一次性就业补贴",
  document = {
    number = "朝政发〔2020〕9号",
    title = "北京市朝阳区人民政府关于做好当前和今后一个时期促就业稳就业工作的实施意见",
    issuer = "北京市朝阳区人民政府",
    issued_on = "2020-12-24",
    gazette = "北京市朝阳区人民政府公报 2020年第4期",
    source = "gazettes/chaoyang-2020-04.txt:344-438",
  },
  -- "本实施意见自 2021 年 1 月 1 日起施行" (line 430); the hiring year decides, not as_of
  valid = { from = "2021-01-01", on = function(r) return date(r.year, 1, 1) end, clause = "施行日期" },
  entity = "enterprise",
  inputs = {
    year  = { type = "integer", label = "招用年度" },
    hires = { type = "list", label = "当年新招用人员", of = {
      hukou_district        = { type = "text", label = "户籍所在区" },
      hired_on              = { type = "date", label = "招用日期" },
      graduation_year       = { type = "integer", optional = true,
                                label = "高等学校毕业年份（非高校毕业生为空）" },
      registered_unemployed = { type = "boolean", label = "招用时为城乡登记失业人员" },
    } },
  },
  outputs = {
    subsidy       = { type = "money" },
    counted_hires = { type = "integer" },
  },
  output_order = { "subsidy", "counted_hires" },
  amount = "subsidy",
}

M:param("per_hire", {
  { from = "2021-01-01", value = yuan(5000), clause = "三（二）", lines = 378,
    text = "按照每人5000元标准给予用人单位一次性就业补贴" },
})
M:param("district", {
  { from = "2021-01-01", value = "朝阳区", clause = "三（二）", lines = 378, text = "本区户籍" },
})

M:interpretation("key-groups", {
  text = "“本区户籍应届高校毕业生和本区户籍城乡登记失业人员等重点群体”：“等”不扩大名单，只含所列两类",
  default = "named-only",
  choices = { ["named-only"] = "只有本区户籍应届高校毕业生和本区户籍城乡登记失业人员计入" },
})
M:interpretation("fresh-graduate", {
  text = "“应届高校毕业生”：毕业年份等于招用年度（当年毕业当年招用）",
  default = "hire-year",
  choices = { ["hire-year"] = "graduation_year = year" },
})

M:each("hires", {
  name = "counted", clause = "三（二）", lines = 378,
  text = "当年新招用的本区户籍应届高校毕业生或本区户籍城乡登记失业人员，每人计一次",
  rules = {
    { name = "hired-in-year", clause = "三（二）", lines = 378, text = "当年新招用（招用日期在补贴年度内）",
      check = function(h, r)
        return h.hired_on.year == r.year, ("招用日期 %s"):format(tostring(h.hired_on))
      end },
    { name = "chaoyang-hukou", clause = "三（二）", lines = 378, text = "本区（朝阳区）户籍",
      check = function(h, r, ctx)
        return districts.same(h.hukou_district, ctx.p.district), "户籍：" .. h.hukou_district
      end },
    -- A person in both groups counts once: the rule is met either way, the hire is one child.
    { name = "key-group", clause = "三（二）", lines = 378,
      text = "应届高校毕业生或城乡登记失业人员（“等重点群体”按所列两类）",
      check = function(h, r, ctx)
        ctx:interpret("key-groups")
        ctx:interpret("fresh-graduate")
        if h.graduation_year ~= nil and h.graduation_year == r.year then
          return true, ("%d 年应届高校毕业生"):format(h.graduation_year)
        end
        if h.registered_unemployed then return true, "城乡登记失业人员" end
        return false, h.graduation_year and ("%d 年毕业，非应届，且非登记失业"):format(h.graduation_year)
          or "非高校毕业生，且非登记失业"
      end },
  },
})

M:compute(function(r, ctx, out)
  local n = ctx:each("counted"):count()
  out.counted_hires = n
  out.subsidy = ctx.p.per_hire * n
  ctx:note("%d 人 × %s = %s", n, ctx.p.per_hire, out.subsidy)
end)

-- ---------------------------------------------------------------------------------------
-- Test cases. Hires of the worked case (year 2022).
local A = { hukou_district = "朝阳区", graduation_year = 2022, registered_unemployed = false, hired_on = "2022-07-15" }
local B = { hukou_district = "朝阳区", registered_unemployed = true, hired_on = "2022-03-01" }
local C = { hukou_district = "海淀区", graduation_year = 2022, registered_unemployed = false, hired_on = "2022-08-01" }
local D = { hukou_district = "朝阳区", graduation_year = 2020, registered_unemployed = false, hired_on = "2022-02-01" }
local function hire(base, changes) return measure.variant(base, changes) end
local AS = "2023-03-01"

M:case {
  name = "worked case: A and B count, C and D do not", as_of = AS, clause = "三（二）",
  -- A: 朝阳区, 2022 graduate hired 2022 → counts; B: 朝阳区, registered unemployed → counts;
  -- C: 海淀区 → no; D: graduated 2020, not unemployed → no. 2 × 5,000 = 10,000
  input = { year = 2022, hires = { A, B, C, D } },
  expect = { status = "eligible", amount = "10000.00", outputs = { subsidy = "10000.00", counted_hires = 2 },
             items = { counted = { true, true, "chaoyang-hukou", "key-group" } } },
}
M:case {
  name = "worked case with C given only hukou and graduation: C still does not count", as_of = AS, clause = "三（二）",
  -- C's hukou fails, so its unknown hired_on and registered_unemployed do not matter: 2 × 5,000
  input = { year = 2022, hires = { A, B, { hukou_district = "海淀区", graduation_year = 2022 }, D } },
  expect = { status = "eligible", amount = "10000.00", outputs = { counted_hires = 2 }, missing = {},
             items = { counted = { true, true, "chaoyang-hukou", "key-group" } } },
}
M:case {
  name = "worked case: two 2021 graduates and one registered unemployed", as_of = "2022-01-10", clause = "三（二）",
  -- 3 × 5,000 = 15,000
  input = { year = 2021, hires = {
    hire(A, { graduation_year = 2021, hired_on = "2021-07-01" }),
    hire(A, { graduation_year = 2021, hired_on = "2021-09-15" }),
    hire(B, { hired_on = "2021-04-01" }) } },
  expect = { status = "eligible", amount = "15000.00", outputs = { counted_hires = 3 } },
}
M:case {
  name = "worked case: a 海淀区 2021 graduate", as_of = "2022-01-10", clause = "三（二）",
  -- not 本区户籍: 0 × 5,000
  input = { year = 2021, hires = { hire(C, { graduation_year = 2021, hired_on = "2021-07-01" }) } },
  expect = { status = "eligible", amount = "0.00", outputs = { counted_hires = 0 },
             items = { counted = { "chaoyang-hukou" } } },
}
M:case {
  name = "worked case: A, B count; C (2018 graduate) and D (通州区) do not", as_of = "2022-01-10", clause = "三（二）",
  -- C: neither 应届 nor 登记失业 (named-only); D: 通州区 hukou. 2 × 5,000 = 10,000
  input = { year = 2021, hires = {
    hire(A, { graduation_year = 2021, hired_on = "2021-07-01" }),
    hire(B, { hired_on = "2021-03-01" }),
    hire(D, { graduation_year = 2018, hired_on = "2021-05-01" }),
    hire(B, { hukou_district = "通州区", hired_on = "2021-06-01" }) } },
  expect = { status = "eligible", amount = "10000.00", outputs = { counted_hires = 2 },
             items = { counted = { true, true, "key-group", "chaoyang-hukou" } } },
}
M:case {
  name = "a person in both groups counts once", as_of = AS, clause = "三（二）",
  -- 2022 graduate and registered unemployed: one hire, 1 × 5,000
  input = { year = 2022, hires = { hire(A, { registered_unemployed = true }) } },
  expect = { status = "eligible", amount = "5000.00", outputs = { counted_hires = 1 } },
}
M:case {
  name = "hired on the last and first day of the year", as_of = AS, clause = "三（二）",
  -- 2022-12-31 counts for 2022; 2023-01-01 and 2021-12-31 do not: 1 × 5,000
  input = { year = 2022, hires = { hire(B, { hired_on = "2022-12-31" }), hire(B, { hired_on = "2023-01-01" }),
                                   hire(B, { hired_on = "2021-12-31" }) } },
  expect = { status = "eligible", amount = "5000.00", outputs = { counted_hires = 1 },
             items = { counted = { true, "hired-in-year", "hired-in-year" } } },
}
M:case {
  name = "a graduate of the year before is not 应届", as_of = AS, clause = "三（二）",
  -- graduated 2021, hired 2022, not registered unemployed: 0
  input = { year = 2022, hires = { hire(A, { graduation_year = 2021 }) } },
  expect = { status = "eligible", amount = "0.00", outputs = { counted_hires = 0 },
             items = { counted = { "key-group" } } },
}
M:case {
  name = "hukou written 朝阳 or 110105 is 朝阳区", as_of = AS, clause = "三（二）",
  -- district names and codes are the same district: 2 × 5,000
  input = { year = 2022, hires = { hire(A, { hukou_district = "朝阳" }), hire(B, { hukou_district = "110105" }) } },
  expect = { status = "eligible", amount = "10000.00", outputs = { counted_hires = 2 } },
}
M:case {
  name = "a hire failing every rule", as_of = AS, clause = "三（二）",
  input = { year = 2022, hires = { hire(D, { hukou_district = "海淀区", hired_on = "2021-06-01" }) } },
  expect = { status = "eligible", amount = "0.00", outputs = { counted_hires = 0 },
             items = { counted = { "hired-in-year,chaoyang-hukou,key-group" } } },
}
M:case {
  name = "no hires", as_of = AS, clause = "三（二）",
  input = { year = 2022, hires = {} },
  expect = { status = "eligible", amount = "0.00", outputs = { counted_hires = 0 } },
}
M:case {
  name = "a hire's date unknown: undetermined, naming the field", as_of = AS, clause = "三（二）",
  -- whether hire 2 counts decides the amount (5,000 or 10,000)
  input = { year = 2022, hires = { A, hire(B, { hired_on = "nil" }) } },
  expect = { status = "undetermined", amount = "null", missing = { "hires[2].hired_on" },
             items = { counted = { true, "undetermined" } } },
}
M:case {
  name = "registered_unemployed unknown for a non-graduate: undetermined", as_of = AS, clause = "三（二）",
  -- hire 1: no 2022 graduation, so 登记失业 decides; hire 2: a 2022 graduate whose hukou is unknown
  input = { year = 2022, hires = { hire(B, { registered_unemployed = "nil" }), hire(A, { hukou_district = "nil" }) } },
  expect = { status = "undetermined", amount = "null",
             missing = { "hires[1].registered_unemployed", "hires[2].hukou_district" },
             items = { counted = { "undetermined", "undetermined" } } },
}
M:case {
  name = "registered_unemployed unknown for a 2022 graduate: not needed", as_of = AS, clause = "三（二）",
  -- 应届 already: 1 × 5,000
  input = { year = 2022, hires = { hire(A, { registered_unemployed = "nil" }) } },
  expect = { status = "eligible", amount = "5000.00", outputs = { counted_hires = 1 } },
}
M:case {
  name = "an unknown field of a hire that fails anyway: not needed", as_of = AS, clause = "三（二）",
  -- hire 2 is 海淀区: it does not count whatever its date; 1 × 5,000
  input = { year = 2022, hires = { A, hire(C, { hired_on = "nil" }) } },
  expect = { status = "eligible", amount = "5000.00", outputs = { counted_hires = 1 }, missing = {},
             items = { counted = { true, "chaoyang-hukou" } } },
}
M:case {
  name = "hires unknown: undetermined", as_of = AS, clause = "三（二）",
  input = { year = 2022 },
  expect = { status = "undetermined", missing = { "hires" } },
}
M:case {
  name = "year unknown: undetermined", as_of = AS, clause = "施行日期",
  input = { hires = { A } },
  expect = { status = "undetermined", missing = { "year" } },
}
M:case {
  name = "hiring year 2020: not in force", as_of = AS, clause = "施行日期",
  -- "自 2021 年 1 月 1 日起施行": the 2020 hires fall under the repealed 朝政办发〔2013〕28号
  input = { year = 2020, hires = { hire(A, { graduation_year = 2020, hired_on = "2020-07-01" }) } },
  expect = { status = "not_in_force", amount = "null" },
}
M:case {
  name = "hiring year 2021: first year in force", as_of = "2021-12-31", clause = "施行日期",
  input = { year = 2021, hires = { hire(B, { hired_on = "2021-01-01" }) } },
  expect = { status = "eligible", amount = "5000.00", outputs = { counted_hires = 1 } },
}
M:case {
  name = "per-hire amount set to 6,000 with --set", as_of = AS, clause = "三（二）",
  -- 2 × 6,000 = 12,000
  set = { per_hire = "6000" },
  input = { year = 2022, hires = { A, B, C, D } },
  expect = { status = "eligible", amount = "12000.00", outputs = { counted_hires = 2 } },
}
M:case {
  name = "a hire with a bad date is an input error", as_of = AS, clause = "三（二）",
  input = { year = 2022, hires = { hire(A, { hired_on = "2022-02-30" }) } },
  expect = { error = "hires[1].hired_on" },
}

return M
