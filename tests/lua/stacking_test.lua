-- Non-stacking (就高不重复, docs/measures.md "Non-stacking"): M:alternatives and ctx:highest
-- inside a measure (the paid alternative, why each other was not, the declared tie rule, in
-- the result, measure.explain and measure.to_json), and measure.combine between measures of
-- one exclusivity group (the others ineligible naming the one that paid; undetermined when a
-- member that may pay more is unknown; ties to the id that sorts first).
local t = require "tap"
local json = require "json"

local function decl(over)
  local d = {
    id = "test.alt", title = "测试", document = { number = "测〔2025〕1号", issuer = "测试局" },
    valid = { from = "2021-01-01" },
    inputs = { a = { type = "money" }, b = { type = "money", optional = true }, c = { type = "money", optional = true } },
    outputs = { pay = { type = "money" }, which = { type = "text" } },
    amount = "pay",
  }
  for k, v in pairs(over or {}) do d[k] = v end
  return d
end

-- ---- declaration errors ----
local function alts(spec, over)
  local M = measure(decl(over))
  M:alternatives("pay", spec)
  return M
end
local A2 = { { name = "x", clause = "第一条" }, { name = "y", clause = "第二条" } }
local function with(fields)
  local s = { clause = "第三条", tie = "first", A2[1], A2[2] }
  for k, v in pairs(fields) do if v == "nil" then s[k] = nil else s[k] = v end end
  return s
end
t.raises(function() alts(with { tie = "nil" }) end, "'tie' must say who is paid on equal amounts",
  "the tie rule is required")
t.raises(function() alts(with { tie = "random" }) end, "got random", "an unknown tie rule is named")
t.raises(function() alts(with { clause = "nil" }) end, "'clause' is required", "the non-stacking clause is required")
t.raises(function() alts { clause = "第三条", tie = "first", A2[1] } end, "at least two alternatives",
  "one alternative is not a choice")
t.raises(function() alts { clause = "第三条", tie = "first", A2[1], A2[1] } end, "'x' is listed twice",
  "a name listed twice")
t.raises(function() alts { clause = "第三条", tie = "first", A2[1], { name = "z" } } end,
  "alternative 'z': 'clause' is required", "each alternative cites its clause")
t.raises(function() alts(with { colour = 1 }) end, "unknown field 'colour'", "an unknown field")
t.raises(function() alts(with { lines = "9-3" }) end, "lines:", "malformed lines")
do
  local M = alts(with {})
  t.raises(function() M:alternatives("pay", with {}) end, "declared twice", "a name declared twice")
  local ok, e = pcall(function() alts(with { tie = "nil" }) end)
  t.ok(not ok and tostring(e):find("stacking_test.lua:%d+:") ~= nil, "a declaration error names the script and line", e)
end

-- ---- ctx:highest inside a measure ----
local function measure_with(tie, compute)
  local M = measure(decl())
  M:alternatives("pay", { clause = "第三条", text = "就高不重复", tie = tie,
    { name = "x", clause = "第一条", text = "甲" }, { name = "y", clause = "第二条", text = "乙" },
    { name = "z", clause = "第三条", text = "丙" } })
  M:compute(compute or function(r, ctx, out)
    local amount, paid = ctx:highest("pay", { x = r.a, y = r.b or "没有乙", z = r.c or "没有丙" })
    out.pay = amount
    out.which = paid and paid.clause or "none"
  end)
  return M
end
local first = measure_with("first")
local function ev(M, rec) return M:eval(rec, { as_of = "2022-01-01", explain = true }) end
local function option(res, name)
  for _, o in ipairs(res.alternatives[1].options) do if o.name == name then return o end end
end

local res = ev(first, { a = 100, b = 300, c = 200 })
t.is(tostring(res.amount), "300.00元", "the highest is paid")
t.is(res.outputs.which, "第二条", "the paid option is returned with its clause")
t.is(res.alternatives[1].paid, "y", "the result names the paid alternative")
t.is(option(res, "x").why, "lower than y (300.00元)", "a lower one says which one it is lower than")
t.is(option(res, "z").why, "lower than y (300.00元)", "  each of them")
t.is(option(res, "y").why, "paid: the highest", "the paid one says why")
t.is(tostring(option(res, "x").amount), "100.00元", "each alternative keeps its amount")

res = ev(first, { a = 100 })
t.is(res.alternatives[1].paid, "x", "not applicable alternatives do not compete")
t.is(option(res, "y").why, "not applicable: 没有乙", "  and say why they do not apply")
t.is(option(res, "y").amount, nil, "  with no amount")

res = ev(first, { a = 200, b = 200, c = 100 })
t.is(res.alternatives[1].paid, "x", "tie = first: the first listed is paid on equal amounts")
t.is(option(res, "y").why, "equal to x (200.00元), which is paid: on equal amounts the alternative listed first is paid",
  "  the loser of a tie says so and names the rule")
t.is(option(res, "x").why, "paid: equal to y, and on equal amounts the alternative listed first is paid",
  "  the winner of a tie says so")
res = ev(measure_with("last"), { a = 200, b = 200, c = 100 })
t.is(res.alternatives[1].paid, "y", "tie = last: the last listed of the tied is paid")

res = ev(first, { a = 0 })
t.is(tostring(res.amount), "0.00元", "nothing payable: the amount is 0")
t.is(res.alternatives[1].paid, nil, "  and nothing is paid")
t.is(option(res, "x").why, "nothing to pay (0.00)", "  a zero offer says so")
t.is(res.outputs.which, "none", "  ctx:highest returns no option")

-- the record in JSON (a new key, `alternatives`; the contract's keys unchanged) and in explain
res = ev(first, { a = 100, b = 300 })
local j = json.encode(measure.to_json(res))
t.ok(j:find('"alternatives":[{"name":"pay","clause":"第三条","text":"就高不重复","tie":"first","paid":"y","amount":"300.00",'
  .. '"options":[{"name":"x","clause":"第一条","text":"甲","amount":"100.00","paid":false,"why":"lower than y (300.00元)"}', 1, true),
  "to_json: alternatives with the paid one, amounts and reasons", j)
t.ok(j:find('{"name":"z","clause":"第三条","text":"丙","amount":null,"paid":false,"why":"not applicable: 没有丙"}', 1, true),
  "to_json: a not-applicable alternative has a null amount", j)
t.ok(j:find('^{"measure":"test.alt","as_of":"2022%-01%-01","status":"eligible","amount":"300.00","outputs":') ~= nil,
  "to_json: the contract's keys come first, unchanged", j)
local none = measure(decl { id = "test.none" })
none:compute(function(r, _, out) out.pay = r.a; out.which = "" end)
local plain = json.encode(measure.to_json(none:eval({ a = 1 }, { as_of = "2022-01-01" })))
t.ok(not plain:find("alternatives", 1, true), "to_json: no alternatives key for a measure that weighs none", plain)
local text = measure.explain(res)
t.ok(text:find("Not stacked (就高不重复) — pay (第三条: 就高不重复; on a tie the first listed is paid):", 1, true),
  "explain: a section names the clause and the tie rule", text)
t.ok(text:find("✓ y (第二条) 300.00元: paid: the highest", 1, true), "explain: the paid alternative", text)
t.ok(text:find("✗ x (第一条) 100.00元: lower than y (300.00元)", 1, true), "explain: a lower one", text)
t.ok(text:find("✗ z (第三条): not applicable: 没有丙", 1, true), "explain: a not-applicable one", text)

-- weighed twice (a rule deciding eligibility, then the amount): recorded once
do
  local M = measure(decl())
  M:alternatives("pay", { clause = "第三条", tie = "first", { name = "x", clause = "1" }, { name = "y", clause = "2" } })
  local function weigh(r, ctx) return ctx:highest("pay", { x = r.a, y = r.b or "无" }) end
  M:rule("positive", { clause = "第三条", text = "金额大于 0", check = function(r, ctx) return weigh(r, ctx) > yuan(0) end })
  M:compute(function(r, ctx, out) out.pay = weigh(r, ctx); out.which = "" end)
  local r1 = ev(M, { a = 5, b = 7 })
  t.is(#r1.alternatives, 1, "weighed in a rule and in compute: recorded once")
  local r2 = ev(M, { a = 0 })
  t.is(r2.status, "ineligible", "a rule on the amount paid decides eligibility")
  t.is(r2.alternatives[1].options[2].why, "not applicable: 无", "  and the ineligible result still says why")
  -- the lean evaluation of batch runs records the same, and clears it for the next record
  local lean = M:prepare { as_of = "2022-01-01", lean = true }
  local l1 = lean { a = 5, b = 7 }
  t.is(#l1.alternatives, 1, "lean: the choice is recorded")
  t.is(l1.alternatives[1].paid, "y", "lean: the same alternative is paid")
  local l2 = lean { a = 9 }
  t.is(#l2.alternatives, 1, "lean: the next record's choice replaces it")
  t.is(l2.alternatives[1].paid, "x", "lean: paid x for the next record")
end

-- bad offers: loud errors naming the alternative
local function raises_offer(offers, pattern, desc)
  local M = measure_with("first", function(_, ctx, out) out.pay = ctx:highest("pay", offers); out.which = "" end)
  t.raises(function() M:eval({ a = 1 }, { as_of = "2022-01-01" }) end, pattern, desc)
end
raises_offer({ x = yuan(1), y = yuan(2) }, "no offer for 'z'", "every alternative must be accounted for")
raises_offer({ x = yuan(1), y = yuan(2), z = yuan(3), w = yuan(4) }, "'w' is not one of its alternatives (x, y, z)",
  "an unknown alternative is named")
raises_offer({ x = yuan(-1), y = yuan(2), z = yuan(3) }, "'x' offers a negative amount", "a negative amount")
raises_offer({ x = 5, y = yuan(2), z = yuan(3) }, "'x' offers 5; give money, or a string", "a plain number")
do
  local M = measure_with("first", function(_, ctx, out) out.pay = ctx:highest("nosuch", {}); out.which = "" end)
  t.raises(function() M:eval({ a = 1 }, { as_of = "2022-01-01" }) end, "no alternatives 'nosuch' are declared; the measure declares: pay",
    "an undeclared name lists the declared ones")
end

-- ---- measure.combine between measures of one group ----
local function grouped(id, amount, over)
  local d = decl { id = id, group = "g", inputs = {}, outputs = { pay = { type = "money" }, note = { type = "text" } } }
  for k, v in pairs(over or {}) do d[k] = v end
  local G = measure(d)
  G:compute(function(_, _, out) out.pay = yuan(amount); out.note = "x" end)
  return G
end
local function one(G, rec) return G:eval(rec or {}, { as_of = "2022-01-01" }) end

local rs, total = measure.combine { one(grouped("test.g1", 100)), one(grouped("test.g2", 300)), one(grouped("test.g3", 200)) }
t.is(tostring(total), "300.00元", "combine: only the highest of a group counts")
t.is(rs[2].status, "eligible", "combine: the highest stays eligible")
t.is(rs[1].status, "ineligible", "combine: the others become ineligible")
t.is(rs[1].excluded_by, "test.g2", "  naming the measure that pays")
t.is(tostring(rs[1].amount), "0.00元", "  amount 0.00")
t.is(tostring(rs[1].outputs.pay), "0.00元", "  money outputs 0.00")
t.is(rs[1].outputs.note, nil, "  other outputs null, as any ineligible result")
t.is(tostring(rs[1].excluded_amount), "100.00元", "  what it would have paid is kept")
local last = rs[1].reasons[#rs[1].reasons]
t.is(last.rule, "not-stacked", "  a failed reason 'not-stacked'")
t.is(last.clause, "就高不重复", "  citing 就高不重复")
t.is(last.text, "not stacked with test.g2 (就高不重复, exclusivity group 'g')", "  naming the measure that pays")
t.is(last.detail, "test.g2 pays 300.00元; this measure would pay 100.00元", "  with both amounts")
t.ok(measure.explain(rs[1]):find("not stacked (就高不重复): test.g2 pays; this measure alone would pay 100.00元", 1, true),
  "explain: the exclusion", measure.explain(rs[1]))
local jx = json.encode(measure.to_json(rs[1]))
t.ok(jx:find('"excluded_by":"test.g2"', 1, true) and jx:find('"status":"ineligible"', 1, true), "to_json: excluded_by", jx)

rs = measure.combine { one(grouped("test.b", 200)), one(grouped("test.a", 200)) }
t.is(rs[2].status, "eligible", "a tie: the measure whose id sorts first pays, whatever the order given")
t.is(rs[1].excluded_by, "test.a", "  the other names it")
t.ok(rs[1].reasons[#rs[1].reasons].detail:find("on equal amounts the measure whose id sorts first pays", 1, true),
  "  and says the tie rule")

-- a member that is undetermined may pay more: the best is undetermined too
local U = grouped("test.u", 999, { inputs = { need = { type = "money" } } })
U:rule("need", { clause = "1", text = "需要", check = function(r) return r.need > yuan(0) end })
rs, total = measure.combine { one(grouped("test.g1", 100)), one(U), one(grouped("test.g3", 50)) }
t.is(rs[1].status, "undetermined", "an undetermined member: the best is undetermined")
t.is(rs[1].amount, nil, "  with no amount")
t.is(table.concat(rs[1].missing, ","), "need", "  and the member's missing inputs")
t.is(rs[1].reasons[#rs[1].reasons].text, "exclusivity group 'g': test.u may pay more", "  naming the member")
t.is(rs[3].status, "ineligible", "  a lower member is still excluded (it never pays)")
t.is(tostring(total), "0.00元", "  nothing counts in the total")
rs = measure.combine { one(grouped("test.g1", 100)), { measure = "test.e", status = "error", error = "boom",
  _measure = grouped("test.e", 1) } }
t.is(rs[1].status, "undetermined", "a member in error: the best is undetermined")
t.ok(rs[1].reasons[#rs[1].reasons].detail:find("could not be evaluated: boom", 1, true), "  saying why")

-- not in force or ineligible members do not matter; other groups and ungrouped results are untouched
local NIF = grouped("test.nif", 999, { valid = { from = "2030-01-01" } })
local free = measure(decl { id = "test.free", inputs = {}, outputs = { pay = { type = "money" } } })
free:compute(function(_, _, out) out.pay = yuan(7) end)
local H = grouped("test.h", 500, { group = "h" })
rs, total = measure.combine { one(grouped("test.g1", 100)), one(NIF), one(free), one(H) }
t.is(rs[1].status, "eligible", "a not-in-force member does not compete")
t.is(rs[4].status, "eligible", "another group is separate")
t.is(tostring(total), "607.00元", "the total adds the groups' winners and ungrouped results (100 + 7 + 500)")

t.done()
