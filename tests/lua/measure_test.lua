-- The measure language (docs/measures.md): declarations, parameters by date, --set, thresholds,
-- tiers, interpretations, statuses, missing inputs, coercion and hostile scripts.
local t = require "tap"
local json = require "json"

local function decl(over)
  local d = {
    id = "test.demo", title = "测试", document = { number = "测〔2025〕1号", issuer = "测试局" },
    valid = { from = "2021-01-01", to = "2025-12-31" },
    inputs = { n = { type = "integer" }, amt = { type = "money" }, opt = { type = "text", optional = true } },
    outputs = { pay = { type = "money" }, count = { type = "integer" } },
    amount = "pay",
  }
  for k, v in pairs(over or {}) do d[k] = v end
  if d.amount == "none_placeholder" then d.amount = nil end
  return d
end

-- ---- declaration errors ----
t.raises(function() measure(decl { id = "Bad Id" }) end, "id: 'Bad Id' is malformed", "a malformed id is named")
t.raises(function() measure(decl { id = false }) end, "id:", "a missing id is an error")
t.raises(function() measure(decl { inputs = { x = { type = "float" } } }) end, "inputs.x: unknown type 'float'",
  "an unknown type names the field")
t.raises(function() measure(decl { amount = "nope" }) end, "amount: 'nope' is not one of the outputs", "amount must be an output")
t.raises(function() measure(decl { amount = "count" }) end, "the main amount must be money", "amount must be money")
t.raises(function() measure(decl { inputs = { e = { type = "enum" } } }) end, "inputs.e: an enum needs values",
  "an enum without values")
t.raises(function() measure(decl { inputs = { l = { type = "list" } } }) end, "inputs.l: a list needs of",
  "a list without of")
t.raises(function() measure(decl { colour = 1 }) end, "unknown field 'colour'", "an unknown field")
t.raises(function() measure(decl { document = { title = "x" } }) end, "document.number", "the document number is required")
t.raises(function() measure(decl { valid = { from = "2021-02-30" } }) end, "valid.from", "a bad date names valid.from")
t.raises(function() measure(decl { valid = { from = "2022-01-01", to = "2021-01-01" } }) end, "before 'from'",
  "a period that ends before it starts")
t.raises(function() measure(decl { output_order = { "pay" } }) end, "output 'count' is missing from the list",
  "output_order must list every output")
local ok, e = pcall(function() measure(decl { id = "x" }) end)
t.ok(not ok and tostring(e):find("measure_test.lua:%d+: measure: id") ~= nil, "a declaration error names the script and line", e)

do
  local M = measure(decl())
  t.is(table.concat(M.output_names, ","), "count,pay", "output_names: sorted by name without output_order")
  M = measure(decl { output_order = { "pay", "count" } })
  t.is(table.concat(M.output_names, ","), "pay,count", "output_names: as output_order gives")
  t.raises(function() M:rule("r", { text = "no clause", check = function() return true end }) end,
    "M:rule 'r': 'clause' is required", "a rule without a clause is refused at load")
  t.raises(function() M:rule("r", { clause = "1", check = true }) end, "'check' must be a function", "check must be a function")
  M:rule("r", { clause = "1", check = function() return true end })
  t.raises(function() M:rule("r", { clause = "1", check = function() return true end }) end, "declared twice",
    "a rule name is unique")
  t.raises(function() M:param("p", { { from = "2022-01-01", value = 1 }, { from = "2021-01-01", value = 2 } }) end,
    "must be ordered by 'from'", "parameter values out of order")
  t.raises(function() M:param("p", { { from = "2021-01-01", to = "2022-06-30", value = 1 }, { from = "2022-01-01", value = 2 } }) end,
    "overlaps", "overlapping parameter periods")
  t.raises(function() M:param("p", { { value = 1 } }) end, "'from' (the date it takes effect) is required", "a value needs from")
  t.raises(function() M:interpretation("i", { text = "x", default = "c", choices = { a = "A", b = "B" } }) end,
    "default 'c' is not one of the choices: a, b", "an interpretation's default must be a choice")
end

-- ---- a measure to evaluate ----
local M = measure(decl())
M:param("base", {
  { from = "2021-01-01", value = yuan(100), clause = "第一条" },
  { from = "2023-01-01", to = "2024-12-31", value = yuan(200), clause = "第二条" },
})
M:param("rate", { { from = "2021-01-01", value = pct(10), clause = "第三条" } })
M:param("min_n", { { from = "2021-01-01", value = 3, clause = "第四条" } })
M:param("start", { { from = "2021-01-01", value = date("2021-01-01"), clause = "第五条" } })
M:interpretation("floor", { text = "3人以上 含本数", default = "inclusive",
  choices = { inclusive = "≥", exclusive = ">" } })
M:rule("enough", { clause = "第四条", text = "3人以上",
  check = function(r, ctx)
    return threshold(r.n, ctx:interpret("floor") == "inclusive" and "以上" or "超过", ctx.p.min_n)
  end })
M:compute(function(r, ctx, out)
  out.pay = ctx.p.base + r.amt * ctx.p.rate
  out.count = r.n
end)

local function ev(rec, opts)
  opts = opts or {}
  opts.as_of = opts.as_of or "2022-06-01"
  return M:eval(rec, opts)
end

local res = ev { n = 3, amt = 1000 }
t.is(res.status, "eligible", "eligible")
t.is(tostring(res.amount), "200.00元", "amount: 100 + 1000 × 10% = 200")
t.is(res.outputs.count, 3, "outputs hold every named output")
t.is(res.interpretations.floor, "inclusive", "the interpretation used is reported with its default")
t.is(#res.missing, 0, "nothing missing")

-- parameters by date
t.is(tostring(ev({ n = 3, amt = 0 }, { as_of = "2022-12-31" }).amount), "100.00元", "2022-12-31: the first value")
t.is(tostring(ev({ n = 3, amt = 0 }, { as_of = "2023-01-01" }).amount), "200.00元", "2023-01-01: the second value takes effect")
t.is(tostring(ev({ n = 3, amt = 0 }, { as_of = "2024-12-31" }).amount), "200.00元", "2024-12-31: the second value's last day")
t.raises(function() ev({ n = 3, amt = 0 }, { as_of = "2025-01-01" }) end,
  "parameter 'base' of test.demo has no value on 2025-01-01", "after the last period: an error naming the parameter and date")
t.raises(function() ev({ n = 3, amt = 0 }, { as_of = "2025-01-01" }) end, "test.demo: compute:",
  "... and where it was asked for")

-- a parameter that has a value cannot be assigned from a rule: the amount would no longer be the
-- one the explanation cites (base 100 + 1000 × 10% = 200 stays 200)
do
  local W = measure(decl { id = "test.pwrite" })
  W:param("base", { { from = "2021-01-01", value = yuan(100), clause = "第一条" } })
  W:rule("sneaky", { clause = "第一条", check = function(_, ctx) ctx.p.base = yuan(1); return true end })
  W:compute(function(r, ctx, out) out.pay = ctx.p.base; out.count = r.n end)
  t.raises(function() W:eval({ n = 3, amt = 0 }, { as_of = "2022-06-01" }) end,
    "parameters are read-only (assignment to 'base')", "assigning an existing parameter is refused")
  local seen = {}
  local R = measure(decl { id = "test.pread" })
  R:param("base", { { from = "2021-01-01", value = yuan(100), clause = "第一条" } })
  R:compute(function(r, ctx, out)
    for k in pairs(ctx.p) do seen[#seen + 1] = k end
    out.pay = ctx.p.base; out.count = r.n
  end)
  t.is(tostring(R:eval({ n = 3, amt = 0 }, { as_of = "2022-06-01" }).amount), "100.00元", "ctx.p reads as before")
  t.is(table.concat(seen, ","), "base", "pairs(ctx.p) lists the parameters")
end

-- --set
t.is(tostring(ev({ n = 3, amt = 1000 }, { set = { base = "1万" } }).amount), "10,100.00元", "--set base=1万: money from text")
t.is(tostring(ev({ n = 3, amt = 1000 }, { set = { rate = "50%" } }).amount), "600.00元", "--set rate=50%: a ratio")
t.is(tostring(ev({ n = 3, amt = 1000 }, { set = { rate = "0.5" } }).amount), "600.00元", "--set rate=0.5")
t.is(ev({ n = 4, amt = 0 }, { set = { min_n = "5" } }).status, "ineligible", "--set min_n=5: an integer")
t.is(ev({ n = 3, amt = 0 }, { set = { base = "1万" } }).overrides.base, "1万", "an override is reported as given")
t.is(tostring(ev({ n = 3, amt = 0 }, { as_of = "2025-06-01", set = { base = "5" } }).amount), "5.00元",
  "an override applies on every date")
t.raises(function() ev({ n = 3, amt = 0 }, { set = { cap = "1" } }) end,
  "--set cap: test.demo has no parameter 'cap'; its parameters: base, rate, min_n, start", "an unknown parameter names the known ones")
t.raises(function() ev({ n = 3, amt = 0 }, { set = { min_n = "3.5" } }) end, "--set min_n=3.5", "a bad integer override")
t.raises(function() ev({ n = 3, amt = 0 }, { set = { base = "lots" } }) end, "--set base=lots", "a bad money override")
t.raises(function() ev({ n = 3, amt = 0 }, { set = { start = "2021-02-30" } }) end, "--set start=2021-02-30", "a bad date override")

-- interpretations
res = ev({ n = 3, amt = 0 }, { interpret = { floor = "exclusive" } })
t.is(res.status, "ineligible", "--interpret floor=exclusive: 3 is not more than 3")
t.is(res.interpretations.floor, "exclusive", "the chosen reading is reported")
t.raises(function() ev({ n = 3, amt = 0 }, { interpret = { floor = "maybe" } }) end,
  "--interpret floor=maybe: unknown choice; allowed: exclusive, inclusive", "an unknown choice names the allowed ones")
t.raises(function() ev({ n = 3, amt = 0 }, { interpret = { ceiling = "x" } }) end,
  "has no interpretation 'ceiling'; its interpretations: floor", "an unknown interpretation names the known ones")

-- statuses
res = ev { n = 2, amt = 1000 }
t.is(res.status, "ineligible", "ineligible")
t.is(tostring(res.amount), "0.00元", "ineligible: amount 0.00")
t.is(res.reasons[1].result, false, "the failed rule is reported false")
t.is(res.reasons[1].clause, "第四条", "with its clause")
t.is(tostring(res.reasons[1].detail), "2 is not ≥ 3 (以上)", "and the comparison")
res = ev { amt = 1000 }
t.is(res.status, "undetermined", "a missing input a rule needs: undetermined, never ineligible")
t.is(res.amount, nil, "undetermined: no amount")
t.is(table.concat(res.missing, ","), "n", "the missing field is listed")
res = ev { n = 3 }
t.is(res.status, "undetermined", "a missing input the amount needs: undetermined")
t.is(table.concat(res.missing, ","), "amt", "... with the field listed")
res = ev { n = 3, amt = json.null }
t.is(res.status, "undetermined", "JSON null is missing")
t.is(ev({ n = 3, amt = 0 }, { as_of = "2020-12-31" }).status, "not_in_force", "not_in_force the day before valid.from")
t.is(ev({ n = 3, amt = 0 }, { as_of = "2021-01-01" }).status, "eligible", "in force on valid.from (inclusive)")
t.is(ev({ n = 3, amt = 0 }, { as_of = "2025-12-31", set = { base = "1" } }).status, "eligible", "in force on valid.to (inclusive)")
t.is(ev({ n = 3, amt = 0 }, { as_of = "2026-01-01" }).status, "not_in_force", "not_in_force the day after valid.to")
t.is(ev({ n = 3, amt = 0 }, { as_of = "2026-01-01" }).amount, nil, "not_in_force: no amount")

-- prepared evaluator: reused over records, interpretations per record
do
  local run = M:prepare { as_of = "2022-06-01" }
  local a = run { n = 5, amt = 10 }
  local b = run { n = 1, amt = 10 }
  t.is(a.status .. "/" .. b.status, "eligible/ineligible", "a prepared evaluator runs many records")
  t.is(tostring(a.amount), "101.00元", "100 + 10 × 10% = 101")
  t.ok(a.interpretations ~= b.interpretations, "each result has its own interpretations table")
  t.raises(function() M:prepare {} end, "as_of", "prepare needs as_of")
end

-- ---- coercion ----
local C = measure(decl {
  id = "test.coerce",
  inputs = { i = { type = "integer", optional = true }, m = { type = "money", optional = true },
    r = { type = "ratio", optional = true }, d = { type = "date", optional = true },
    b = { type = "boolean", optional = true }, x = { type = "decimal", optional = true },
    e = { type = "enum", values = { "公共建筑", "工业建筑" }, optional = true }, s = { type = "text", optional = true },
    l = { type = "list", of = { k = { type = "integer" } }, optional = true } },
  outputs = {}, amount = "none_placeholder",
})
local function cv(rec) return C:coerce(rec) end
t.is(cv({ i = "12" }).i, 12, "integer from a string")
t.is(cv({ i = 12.0 }).i, 12, "integer from a whole float")
t.raises(function() cv { i = 3.5 } end, "input 'i': cannot read 3.5 as an integer (not a whole number)", "integer: 3.5 is refused")
t.raises(function() cv { i = "3.5" } end, "input 'i': cannot read '3.5' as an integer", "integer: '3.5' is refused")
t.is(tostring(cv({ m = "2500万" }).m), "25,000,000.00元", "money from 2500万")
t.is(tostring(cv({ m = 1234.56 }).m), "1,234.56元", "money from a JSON number")
t.is(tostring(cv({ m = 7 }).m), "7.00元", "money from an integer")
t.raises(function() cv { m = "abc" } end, "input 'm': cannot read 'abc' as money", "money: text that is not money")
t.raises(function() cv { m = true } end, "input 'm': cannot read true as money", "money: a boolean")
t.is(tostring(cv({ r = "45%" }).r), tostring(pct(45)), "ratio from 45%")
t.ok(cv({ r = "0.45" }).r == pct(45), "ratio from 0.45")
t.ok(cv({ r = 0.45 }).r == pct(45), "ratio from the number 0.45")
t.raises(function() cv { r = "lots" } end, "input 'r': cannot read 'lots' as a ratio", "ratio: bad text")
t.is(tostring(cv({ d = "2025年3月1日" }).d), "2025-03-01", "date from Chinese")
t.raises(function() cv { d = "2025-13-01" } end, "input 'd': cannot read '2025-13-01' as a date", "date: month 13")
t.raises(function() cv { d = 20250301 } end, "input 'd': cannot read 20250301 as a date", "date: a number")
for _, p in ipairs({ { true, true }, { false, false }, { 1, true }, { 0, false }, { "是", true }, { "否", false },
  { "true", true }, { "false", false } }) do
  t.is(cv({ b = p[1] }).b, p[2], ("boolean from %s"):format(tostring(p[1])))
end
t.raises(function() cv { b = "maybe" } end, "input 'b': cannot read 'maybe' as a boolean", "boolean: maybe")
t.raises(function() cv { b = 2 } end, "input 'b': cannot read 2 as a boolean", "boolean: 2")
t.ok(cv({ x = "2.35" }).x == ratio("2.35"), "decimal from '2.35', exact")
t.ok(cv({ x = 2.35 }).x == ratio("2.35"), "decimal from the JSON number 2.35, exact")
t.raises(function() cv { x = "2,35" } end, "input 'x': cannot read '2,35' as a decimal number", "decimal: bad text")
t.is(cv({ e = "工业建筑" }).e, "工业建筑", "enum: an allowed value")
t.raises(function() cv { e = "居住建筑" } end, "input 'e': '居住建筑' is not one of the allowed values: 公共建筑, 工业建筑",
  "enum: an unknown value names the allowed ones")
t.is(cv({ l = { { k = "1" }, { k = 2 } } }).l[1].k, 1, "list: child records coerced per 'of'")
t.raises(function() cv { l = { { k = 1 }, { k = "x" } } } end, "input 'l[2].k'", "list: a bad child field names its position")
t.raises(function() cv { l = "abc" } end, "input 'l': cannot read 'abc' as a list of records", "list: not an array")
t.raises(function() cv { l = { a = 1 } } end, "input 'l'", "list: an object is not a list")
t.raises(function() cv { s = { 1 } } end, "input 's'", "text: a table is refused")
t.is(cv({ unknown = 1 }).unknown, nil, "fields a measure does not declare are ignored")

-- ---- thresholds: every word on both sides of the bound ----
local WORDS = {
  { "以上", false, true, true }, { "不低于", false, true, true }, { "不少于", false, true, true }, { "达到", false, true, true },
  { "以下", true, true, false }, { "不超过", true, true, false }, { "不高于", true, true, false },
  { "超过", false, false, true }, { "高于", false, false, true }, { "大于", false, false, true },
  { "未达到", true, false, false }, { "低于", true, false, false }, { "不足", true, false, false }, { "少于", true, false, false },
}
for _, w in ipairs(WORDS) do
  local got = { threshold(2, w[1], 3), threshold(3, w[1], 3), threshold(4, w[1], 3) }
  t.ok(got[1] == w[2] and got[2] == w[3] and got[3] == w[4],
    ("threshold %s: 2, 3, 4 against 3 give %s, %s, %s"):format(w[1], tostring(w[2]), tostring(w[3]), tostring(w[4])),
    ("got %s, %s, %s"):format(tostring(got[1]), tostring(got[2]), tostring(got[3])))
end
t.is(threshold(yuan(5000), "以上", yuan(5000)), true, "以上 includes the bound (民法典 第一千二百五十九条), money")
t.is(threshold(pct(50), "未达到", pct(50)), false, "未达到50%: 50% itself does not qualify")
t.is(threshold(date("2021-07-01"), "低于", date("2021-07-01")), false, "dates: 低于 excludes the day")
t.raises(function() threshold(1, "差不多", 1) end, "threshold: unknown word '差不多'", "an unknown word is an error")
t.raises(function() threshold(yuan(1), "以上", 1) end, "threshold: cannot compare", "money against a bare number is an error")
t.raises(function() threshold(nil, "以上", 1) end, "threshold: no value", "nil is an error")

-- ---- tiers ----
local T = tiers {
  { from = 0, to = 10, bounds = "[)", value = "a", clause = "（一）" },
  { from = 10, to = 20, bounds = "[]", value = "b" },
  { from = 20, bounds = "()", fn = function(x) return x * 2 end },
}
t.is(T:apply(0), "a", "tiers: the lower bound of [0, 10)")
t.is(T:apply(9), "a", "tiers: inside [0, 10)")
t.is(T:apply(10), "b", "tiers: 10 is in [10, 20], not [0, 10)")
t.is(T:apply(20), "b", "tiers: 20 is in [10, 20]")
t.is(T:apply(21), 42, "tiers: fn(x) in (20, ∞)")
t.is(T:find(-1), nil, "tiers: below every tier: nil")
t.raises(function() T:apply(-1) end, "no tier contains -1", "tiers: apply outside every tier is an error")
t.raises(function() tiers { { from = 0, to = 10, value = 1 }, { from = 11, to = 20, value = 2 } } end,
  "gap between tier 1 [0, 10) and tier 2 [11, 20)", "a gap between tiers is found")
t.raises(function() tiers { { from = 0, to = 10, bounds = "()", value = 1 }, { from = 10, to = 20, bounds = "()", value = 2 } } end,
  "gap between", "two open ends leave the bound itself uncovered")
t.raises(function() tiers { { from = 0, to = 10, bounds = "[]", value = 1 }, { from = 10, to = 20, value = 2 } } end,
  "tier 1 [0, 10] and tier 2 [10, 20) overlap", "two closed ends overlap on the bound")
t.raises(function() tiers { { from = 0, to = 15, value = 1 }, { from = 10, to = 20, value = 2 } } end,
  "overlap", "overlapping ranges")
t.raises(function() tiers { { from = 0, value = 1 }, { from = 10, to = 20, value = 2 } } end,
  "overlap", "an open-ended tier before another overlaps it")
t.ok(pcall(tiers, { { from = 0, to = 10, value = 1 }, { from = 11, to = 20, value = 2 }, gaps = true }),
  "gaps = true allows a gap")
t.raises(function() tiers { { from = 0, to = 10, bounds = "[[", value = 1 } } end, "bounds '[['", "malformed bounds")
t.raises(function() tiers { { from = 10, to = 0, value = 1 } } end, "is empty", "an empty tier")
t.raises(function() tiers { { from = 0, to = 10 } } end, "neither value nor fn", "a tier without a value")
local MT = tiers { { from = yi(1), to = yi(5), value = "low" }, { from = yi(5), value = "high" } }
t.is(MT:apply(yi(5)), "high", "money tiers: 5亿 is in [5亿, ∞)")

-- ---- hostile and broken rules ----
local H = measure(decl { id = "test.hostile" })
H:rule("typo", { clause = "第九条", check = function(r) return r.nn == 1 end })
t.raises(function() H:eval({ n = 1, amt = 1 }, { as_of = "2022-01-01" }) end,
  "test.hostile: rule 'typo' (第九条): ", "an error in a rule names the measure, rule and clause")
t.raises(function() H:eval({ n = 1, amt = 1 }, { as_of = "2022-01-01" }) end,
  "reads 'nn', which is not a declared input of test.hostile; did you mean 'n'?", "reading an undeclared name is an error naming it")
local H2 = measure(decl { id = "test.hostile2" })
H2:rule("nil", { clause = "1", check = function() end })
t.raises(function() H2:eval({}, { as_of = "2022-01-01" }) end, "check returned nil; a check returns true or false",
  "a check must return a boolean")
local H3 = measure(decl { id = "test.hostile3" })
H3:rule("write", { clause = "1", check = function(r) r.z = 1; return true end })
t.raises(function() H3:eval({ n = 1 }, { as_of = "2022-01-01" }) end, "read-only", "a rule cannot write the record")
local H4 = measure(decl { id = "test.hostile4" })
H4:compute(function(_, _, out) out.bonus = yuan(1) end)
t.raises(function() H4:eval({}, { as_of = "2022-01-01" }) end, "sets output 'bonus', which test.hostile4 does not declare",
  "an undeclared output is an error naming it")
local H5 = measure(decl { id = "test.hostile5" })
H5:compute(function(_, _, out) out.pay = 5 end)
t.raises(function() H5:eval({}, { as_of = "2022-01-01" }) end, "output 'pay' is declared money but was set to 5",
  "an output of the wrong type")
local H6 = measure(decl { id = "test.hostile6" })
H6:rule("boom", { clause = "第六条", check = function() error("division by zero in the table") end })
t.raises(function() H6:eval({}, { as_of = "2022-01-01" }) end, "rule 'boom' (第六条): ", "a rule error names rule and clause")
local H7 = measure(decl { id = "test.hostile7" })
H7:compute(function() end)
t.raises(function() H7:eval({}, { as_of = "2022-01-01" }) end, "the amount 'pay' was not set", "compute must set the amount")
t.raises(function() H:eval("not a table", { as_of = "2022-01-01" }) end, "a record must be a table", "a record must be a table")
local H8 = measure(decl { id = "test.hostile8" })
H8:rule("sneaky", { clause = "1", check = function(r) local ok = pcall(function() return r.n end); return ok end })
t.is(H8:eval({}, { as_of = "2022-01-01" }).reasons[1].result, false, "a rule that swallows the missing sentinel gets what it asked for")

-- ---- results as JSON (the object gazette eval --json prints) ----
res = ev { n = 3, amt = 1000 }
local j = json.encode(measure.to_json(res))
t.is(j:match("^(.-)\"outputs\""), '{"measure":"test.demo","as_of":"2022-06-01","status":"eligible","amount":"200.00",',
  "to_json: keys in contract order, money as a yuan string, dates ISO")
t.ok(j:find('"outputs":{"count":3,"pay":"200.00"}', 1, true), "to_json: outputs in output_names order", j)
t.ok(j:find('"reasons":[{"rule":"enough","clause":"第四条","result":true,"text":"3人以上"', 1, true), "to_json: reasons", j)
t.ok(j:find('"missing":[],"interpretations":{"floor":"inclusive"}', 1, true), "to_json: an empty missing list is []", j)
j = json.encode(measure.to_json(ev { amt = 1 }))
t.ok(j:find('"amount":null', 1, true) and j:find('"outputs":{"count":null,"pay":null}', 1, true),
  "to_json: undetermined has null amount and outputs", j)
local text = measure.explain(ev { n = 2, amt = 1 })
t.ok(text:find("Failed conditions") and text:find("✗ enough %(第四条%)"), "explain: failed conditions with the clause", text)

-- ---- non-stacking (就高不重复) ----
local function grouped(id, amount)
  local G = measure(decl { id = id, group = "g", inputs = {}, outputs = { pay = { type = "money" } } })
  G:compute(function(_, _, out) out.pay = yuan(amount) end)
  return G:eval({}, { as_of = "2022-01-01" })
end
local results, total = measure.combine { grouped("test.g1", 100), grouped("test.g2", 300), grouped("test.g3", 200) }
t.is(tostring(total), "300.00元", "combine: only the highest of a group counts")
t.is(results[1].excluded_by, "test.g2", "combine: the others name the one that counts")
t.is(results[2].excluded_by, nil, "combine: the highest is not excluded")

-- ctx:memo: once per record, shared by the rules and the amount, nothing kept across records.
do
  local calls = 0
  local function double(n) calls = calls + 1; return n * 2, "doubled" end
  local Mm = measure(decl { id = "test.memo", inputs = { n = { type = "integer" } },
    outputs = { pay = { type = "money" }, count = { type = "integer" } } })
  Mm:rule("positive", { clause = "1", check = function(r, ctx)
    local v, why = ctx:memo("twice", double, r.n)
    return v > 0, why
  end })
  Mm:compute(function(r, ctx, out)
    out.count = ctx:memo("twice", double, r.n)
    out.pay = yuan(out.count)
  end)
  local ev = Mm:prepare { as_of = "2022-01-01" }
  local a = ev { n = 3 }
  t.ok(a.outputs.count == 6 and calls == 1, "memo: the rule and the amount share one call (3 × 2 = 6)", calls)
  t.is(a.reasons[1].detail, "doubled", "memo: every value fn returns is remembered")
  local b = ev { n = 5 }
  t.ok(b.outputs.count == 10 and calls == 2, "memo: the next record computes its own value (5 × 2 = 10)", calls)
  local Me = measure(decl { id = "test.memo2", inputs = { n = { type = "integer" } },
    outputs = { pay = { type = "money" }, count = { type = "integer" } } })
  local tries = 0
  Me:rule("r", { clause = "1", check = function(r, ctx)
    local v = ctx:memo("n", function() tries = tries + 1; return r.n end)
    return v ~= nil
  end })
  Me:compute(function(r, ctx, out) out.count = ctx:memo("n", function() tries = tries + 1; return r.n end); out.pay = yuan(1) end)
  local res = Me:eval({}, { as_of = "2022-01-01" })
  t.ok(res.status == "undetermined" and res.missing[1] == "n" and tries == 1,
    "memo: a missing input raised inside fn makes the rule undetermined and nothing is remembered", res.status)
  local Mk = measure(decl { id = "test.memo3", inputs = {}, outputs = { pay = { type = "money" } } })
  Mk:compute(function(_, ctx, out) out.pay = ctx:memo(nil, yuan, 1) end)
  t.raises(function() Mk:eval({}, { as_of = "2022-01-01" }) end, "ctx:memo: a key is required", "memo: the key is required")
end


-- measure.variant: a copy with changes; "nil" removes an input; the base is untouched.
do
  local base = { a = 1, b = "x" }
  local v = measure.variant(base, { b = "nil", c = 3 })
  t.ok(v.a == 1 and v.b == nil and v.c == 3, "variant: a kept, b removed by \"nil\", c added")
  t.ok(base.b == "x" and base.c == nil, "variant: the base record is not modified")
  t.is(measure.variant(base).a, 1, "variant without changes copies the base")
end

t.done()
