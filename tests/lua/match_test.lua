-- match: one record against the whole library (stdlib/match.lua, docs/matching.md).
local t = require "tap"
local match = require "match"

local M1_EXAMPLE = { reg_district = "朝阳区", tax_district = "朝阳区", established_on = "2019-03-15",
  operating_normally = true, industry_code = "I6513", employees = 45, revenue = "800万", total_assets = "1200万",
  chaoyang_hukou_hires = 7 }

-- ---- the record's entity ----
t.is(match.entity_of(M1_EXAMPLE), "enterprise", "the M1 example is an enterprise")
t.is(match.entity_of { reg_district = "朝阳区" }, "enterprise",
  "enterprise fields only: the enterprise, not one of its kinds (financial_institution, fund_manager)")
t.is(match.entity_of { reg_district = "经开区", licensed_legal_person = true }, "financial_institution",
  "licensed_legal_person: a financial institution")
t.is(match.entity_of { paid_in_capital = "8000万", driving_effect = true }, "fund_manager", "a fund manager")
t.is(match.entity_of { hukou_district = "朝阳区", internship_months = 3 }, "person", "an intern")
t.is(match.entity_of { entity = "person" }, "person", "declared")
t.is(select(2, match.entity_of { reg_district = "朝阳区", birth_date = "2000-01-01" }),
  "its fields fit enterprise, financial_institution, fund_manager, person equally: add \"entity\" to say which",
  "two entities fit as well: no guess")
t.is(match.entity_of { aboveground_area_m2 = 20000, assembly_rate = "60%" }, "project",
  "an entity only measures declare (project)")

-- ---- one library, many records ----
local lib = match.library { entity = "enterprise", as_of = "2022-06-01" }
local report = lib:match(M1_EXAMPLE)
t.is(tostring(report.total), "70,000.00元", "the M1 example: 70,000.00")
t.is(report.results[1].measure .. " " .. report.results[1].status, "chaoyang.startup-jobs-subsidy eligible", "M1 first")
t.is(report.counts.not_in_force, 3, "three enterprise measures not in force on 2022-06-01 (M6, M14, M24)")
local rows = 0
for _, r in ipairs(report.results) do rows = rows + 1; t.ok(r.status ~= "not_in_force", r.measure .. " is in force") end
t.is(rows, 5, "five rows without --all")
local all = match.library { entity = "enterprise", as_of = "2022-06-01", all = true }
t.is(#all:match(M1_EXAMPLE).results, 8, "eight with all")

-- the same record twice gives the same report (the library keeps no record state)
local again = lib:match(M1_EXAMPLE)
t.is(table.concat(again.needed, ","), table.concat(report.needed, ","), "a library is reusable")

-- speed: the library is loaded once; then each record is evaluated against every measure
local clock = os.clock
local n = 40
local t0 = clock()
for _ = 1, n do lib:match(M1_EXAMPLE) end
local per = (clock() - t0) * 1000 / n
print(("# matching one record against %d measures: %.2f ms"):format(#lib.measures, per))
t.ok(per < 50, ("one record in well under 50 ms (%.2f ms)"):format(per))

-- a library over chosen measures (gazette run --all with a pattern)
local two = match.library { entity = "fund_manager", as_of = "2025-06-01",
  measures = { measure.load("bda.pe-manager-landing-reward"), measure.load("bda.qflp-landing-reward") } }
local fm = two:match { reg_district = "经开区", major_penalty_or_crime_3y = false, serious_dishonest_list = false,
  paid_in_capital = "2000万", excluded_capital = 0, managed_funds_paid_in = "3亿", driving_effect = true,
  new_qflp_qualification = true, qflp_funds = {} }
-- 第十一条: 20,000,000 × 2% = 400,000; 第十二条: the qualification 1,000,000: 第十二条 pays
t.is(tostring(fm.total), "1,000,000.00元", "第十二条's 1,000,000 against 第十一条's 400,000")
t.is(fm.results[2].excluded_by, "bda.qflp-landing-reward", "第十一条 excluded by 第十二条")

-- refusals
t.raises(function() match.library { entity = "shop", as_of = "2025-01-01" } end, "unknown entity 'shop'", "unknown entity")
t.raises(function() lib:match { interest_paid = 1 } end, "'interest_paid' is an input of", "an ambiguous plain name")
t.done()
