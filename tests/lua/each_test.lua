-- Rules over each child record (M:each, stdlib/measure/each.lua, docs/measures.md "Rules over
-- each child record"): declaration errors, which child counts and why, undetermined children
-- only when the answer depends on them, explanations, JSON "items", the lean evaluation and
-- the reasons column of gazette run --explain.
local t = require "tap"
local json = require "json"
local batch = require "batch"

local function decl(over)
  local d = {
    id = "test.each", title = "测试", document = { number = "测〔2025〕1号", issuer = "测试局" },
    valid = { from = "2021-01-01" },
    inputs = {
      year = { type = "integer" },
      hires = { type = "list", of = {
        district = { type = "text" }, hired_on = { type = "date" }, grad_year = { type = "integer", optional = true },
        unemployed = { type = "boolean" } } },
      floor = { type = "integer", optional = true },
    },
    outputs = { pay = { type = "money" }, n = { type = "integer" } },
    amount = "pay",
  }
  for k, v in pairs(over or {}) do d[k] = v end
  return d
end

local RULES = {
  { name = "in-year", clause = "第一条", text = "当年招用",
    check = function(h, r) return h.hired_on.year == r.year, "招用 " .. tostring(h.hired_on) end },
  { name = "district", clause = "第二条", text = "本区户籍",
    check = function(h) return h.district == "朝阳区", "户籍 " .. h.district end },
  { name = "group", clause = "第三条", text = "应届或登记失业",
    check = function(h, r, ctx)
      ctx:interpret("fresh")
      return (h.grad_year ~= nil and h.grad_year == r.year) or h.unemployed
    end },
}

-- ---- declaration errors ----
do
  local M = measure(decl())
  t.raises(function() M:each("year", { name = "x", rules = RULES }) end, "M:each 'year': not a list input of test.each (list inputs: hires)",
    "M:each over a scalar input is refused, naming the list inputs")
  t.raises(function() M:each("nope", { name = "x", rules = RULES }) end, "not a list input", "an unknown list")
  t.raises(function() M:each("hires", { rules = RULES }) end, "'name'", "a selection needs a name")
  t.raises(function() M:each("hires", { name = "x", rules = {} }) end, "'rules' must be a list", "rules must not be empty")
  t.raises(function() M:each("hires", { name = "x", rules = { { name = "a", check = function() return true end } } }) end,
    "rule 'a': 'clause' is required", "a child rule without a clause")
  t.raises(function() M:each("hires", { name = "x", rules = { { name = "a", clause = "1", check = 1 } } }) end,
    "rule 'a': 'check' must be a function(c, r, ctx)", "check must be a function")
  t.raises(function() M:each("hires", { name = "x", rules = { { name = "a", clause = "1", check = print, colour = 1 } } }) end,
    "rule 1: unknown field 'colour'", "an unknown field of a child rule")
  t.raises(function() M:each("hires", { name = "x", rules = { { name = "a", clause = "1", check = print },
    { name = "a", clause = "1", check = print } } }) end, "rule 'a' is declared twice", "child rule names are unique")
  t.raises(function() M:each("hires", { name = "x", rules = { { name = "a", clause = "1", check = print, lines = "x" } } }) end,
    "lines: expected", "bad lines")
  t.raises(function() M:each("hires", { name = "x", rules = RULES, extra = 1 }) end, "unknown field 'extra'",
    "an unknown field of the selection")
  M:each("hires", { name = "x", rules = RULES })
  t.raises(function() M:each("hires", { name = "x", rules = RULES }) end, "the name 'x' is used twice", "selection names are unique")
  local ok, e = pcall(function() M:each("year", { name = "y", rules = RULES }) end)
  t.ok(not ok and tostring(e):find("each_test.lua:%d+: M:each") ~= nil, "a declaration error names the script and line", e)
end

-- ---- a measure: 1,000 per counted hire; an optional floor of counted hires ----
local M = measure(decl())
M:param("per", { { from = "2021-01-01", value = yuan(1000), clause = "第四条" } })
M:interpretation("fresh", { text = "应届：当年毕业", default = "year", choices = { year = "grad_year = year" } })
M:each("hires", { name = "counted", clause = "第一条至第三条", text = "计入的招用人员", rules = RULES })
M:rule("floor", { clause = "第五条", text = "计入人数不少于 floor（给出时）",
  when = function(r) return r.floor ~= nil end,
  check = function(r, ctx) return ctx:each("counted"):at_least(r.floor) end })
M:compute(function(r, ctx, out)
  local s = ctx:each("counted")
  out.n = s:count()
  out.pay = ctx.p.per * s:count()
end)

local A = { district = "朝阳区", hired_on = "2022-05-01", grad_year = 2022, unemployed = false }
local B = { district = "朝阳区", hired_on = "2022-03-01", unemployed = true }
local C = { district = "海淀区", hired_on = "2022-03-01", unemployed = true }
local D = { district = "朝阳区", hired_on = "2021-12-31", unemployed = true }
local function v(base, ch) return measure.variant(base, ch) end
local AS = "2023-01-10"
local function ev(rec, opts)
  opts = opts or {}
  opts.as_of = opts.as_of or AS
  return M:eval(rec, opts)
end
local function child_results(res, name)
  local out = {}
  for i, ch in ipairs(res.items[name].children) do
    out[i] = ch.result == true and "+" or ch.result == false and table.concat(ch.failed, ",") or "?"
  end
  return table.concat(out, " ")
end

-- counted and not counted, with the failed rules
local res = ev { year = 2022, hires = { A, B, C, D } }
t.is(res.status, "eligible", "A, B count; C, D do not: eligible")
t.is(res.amount:plain(), "2000.00", "2 × 1,000 = 2000.00")
t.is(res.outputs.n, 2, "ctx:each(name):count() = 2")
t.is(child_results(res, "counted"), "+ + district in-year", "per child: counted, counted, district failed, in-year failed")
t.is(res.items.counted.counted, 2, "items: 2 counted")
t.is(res.items.counted.total, 4, "items: of 4")
t.is(res.items.counted.children[3].reasons[2].result, false, "C: the district rule failed")
t.is(tostring(res.items.counted.children[3].reasons[2].detail), "户籍 海淀区", "C: with its detail")
t.is(res.items.counted.children[3].item, "hires[3]", "a child is named hires[3]")
t.is(res.interpretations.fresh, "year", "a reading consulted by a child rule is listed")
t.is(#res.items.counted.children[1].reasons, 3, "full evaluation: every rule of a counted child is listed")

-- ctx:each(name):list() gives the children that count
do
  local N = measure(decl { id = "test.each-list" })
  N:each("hires", { name = "counted", rules = RULES })
  N:interpretation("fresh", { text = "x", default = "year", choices = { year = "y" } })
  N:compute(function(r, ctx, out)
    local l = ctx:each("counted"):list()
    out.n = #l
    local total = yuan(0)
    for _, h in ipairs(l) do total = total + yuan(h.hired_on.month) end
    out.pay = total
  end)
  local x = N:eval({ year = 2022, hires = { A, B, C } }, { as_of = AS })
  t.is(x.amount:plain(), "8.00", "list(): the counted children as records (months 5 + 3 = 8)")
  x = N:eval({ year = 2022, hires = { A, B, C } }, { as_of = AS, explain = true })
  t.is(x.amount:plain(), "8.00", "list() in explain mode: the same")
  x = N:eval({ year = 2022, hires = { A, v(B, { unemployed = "nil", hired_on = "nil" }) } }, { as_of = AS })
  t.is(x.status, "undetermined", "list() with an undetermined child: undetermined")
  t.is(table.concat(x.missing, ","), "hires[2].hired_on,hires[2].unemployed", "... naming every missing field of the child")
end

-- a child that fails one rule is decided, whatever its unknown fields
res = ev { year = 2022, hires = { A, { district = "海淀区" } } }
t.is(res.status, "eligible", "a child failing district with hired_on and unemployed unknown: decided")
t.is(res.amount:plain(), "1000.00", "1 × 1,000")
t.is(#res.missing, 0, "nothing missing: the unknown fields of a failed child do not matter")
t.is(child_results(res, "counted"), "+ district", "the child failed district")
t.is(res.items.counted.children[2].reasons[1].result, "undetermined", "its undetermined rule is still listed")

-- an undetermined child makes the amount undetermined, naming its fields
res = ev { year = 2022, hires = { A, v(B, { hired_on = "nil" }), v(A, { district = "nil" }) } }
t.is(res.status, "undetermined", "a child's unknown hired_on decides the amount: undetermined")
t.is(res.amount, nil, "no amount")
t.is(table.concat(res.missing, ","), "hires[2].hired_on,hires[3].district", "every undetermined child's field is missing")
t.is(child_results(res, "counted"), "+ ? ?", "per child: counted, undetermined, undetermined")
t.is(table.concat(res.items.counted.children[2].missing, ","), "hires[2].hired_on", "the child names its missing field")
t.is(res.items.counted.undetermined, 2, "items: 2 undetermined")

-- ... but not when the answer does not depend on it: at_least decided by the known children
do
  local fd = decl { id = "test.each-floor", outputs = { ok = { type = "boolean" } } }
  fd.amount = nil
  local F = measure(fd)
  F:interpretation("fresh", { text = "x", default = "year", choices = { year = "y" } })
  F:each("hires", { name = "counted", rules = RULES })
  F:rule("floor", { clause = "第五条", text = "计入人数不少于 floor",
    check = function(r, ctx) return ctx:each("counted"):at_least(r.floor) end })
  local unknown = v(B, { hired_on = "nil" })
  local x = F:eval({ year = 2022, floor = 2, hires = { A, B, unknown } }, { as_of = AS })
  t.is(x.status, "eligible", "at_least(2): 2 counted already, the undetermined third does not matter")
  t.is(#x.missing, 0, "... nothing missing")
  t.is(tostring(x.reasons[1].detail), "counted: 2 counted, 1 undetermined, at least 2 needed", "... with the counts as detail")
  x = F:eval({ year = 2022, floor = 4, hires = { A, B, unknown } }, { as_of = AS })
  t.is(x.status, "ineligible", "at_least(4) of 3 children: false whatever the undetermined one is")
  x = F:eval({ year = 2022, floor = 3, hires = { A, B, unknown } }, { as_of = AS })
  t.is(x.status, "undetermined", "at_least(3) with 2 counted and 1 undetermined: depends on it")
  t.is(table.concat(x.missing, ","), "hires[3].hired_on", "... naming the child's field")
  t.is(x.reasons[1].result, "undetermined", "... the rule is undetermined")
  x = F:eval({ year = 2022, floor = 1 }, { as_of = AS })
  t.is(x.status, "undetermined", "at_least with the list missing: undetermined")
  t.is(table.concat(x.missing, ","), "hires", "... the list is missing")
end

-- a failed rule of the measure outweighs undetermined children
res = ev { year = 2022, floor = 5, hires = { A, v(B, { hired_on = "nil" }) } }
t.is(res.status, "ineligible", "floor 5 of 2 children: ineligible although one child is undetermined")
t.is(res.amount:plain(), "0.00", "... amount 0.00")

-- the list missing
res = ev { year = 2022 }
t.is(res.status, "undetermined", "hires missing: undetermined")
t.is(table.concat(res.missing, ","), "hires", "... hires is missing")
t.is(res.items.counted.missing, "hires", "items: the list is missing")

-- no children
res = ev { year = 2022, hires = {} }
t.is(res.status, "eligible", "no hires: eligible")
t.is(res.amount:plain(), "0.00", "... 0.00")

-- not in force: no selection runs
res = ev({ year = 2022, hires = { A } }, { as_of = "2020-06-01" })
t.is(res.status, "not_in_force", "before valid.from: not_in_force")
t.is(res.items, nil, "... no items")

-- errors in child rules name the selection, the rule and the child
do
  local X = measure(decl { id = "test.each-err" })
  X:each("hires", { name = "counted", rules = {
    { name = "boom", clause = "第九条", text = "x", check = function(h) if h.district == "boom" then error("bad district") end
      if h.district == "none" then return nil end return true end } } })
  X:compute(function(r, ctx, out) out.n = ctx:each("counted"):count(); out.pay = yuan(0) end)
  t.raises(function() X:eval({ year = 2022, hires = { A, v(A, { district = "boom" }) } }, { as_of = AS }) end,
    "test.each-err: each 'counted' rule 'boom' (第九条) on hires[2]:", "an error in a child rule names selection, rule and child")
  t.raises(function() X:eval({ year = 2022, hires = { v(A, { district = "none" }) } }, { as_of = AS }) end,
    "check returned nil; a check returns true or false", "a child check must return a boolean")
  t.raises(function() X:eval({ year = 2022, hires = { v(A, { district = "none" }) } }, { as_of = AS, lean = true }) end,
    "on hires[1]: check returned nil", "... in the lean evaluation too")
  local Y = measure(decl { id = "test.each-unknown" })
  Y:compute(function(r, ctx, out) out.n = ctx:each("nope"):count(); out.pay = yuan(0) end)
  t.raises(function() Y:eval({ year = 2022, hires = {} }, { as_of = AS }) end, "unknown selection 'nope' (test.each-unknown declares no M:each)",
    "ctx:each of an undeclared selection")
  local Z = measure(decl { id = "test.each-hf" })
  Z:each("hires", { name = "counted", rules = { { name = "f", clause = "1", text = "x",
    check = function(h) return h.nonfield == 1 end } } })
  t.raises(function() Z:eval({ year = 2022, hires = { A } }, { as_of = AS }) end,
    "reads 'nonfield', which is not a declared field of hires records", "a child rule reading an undeclared field")
end

-- when: a child rule that does not apply
do
  local W = measure(decl { id = "test.each-when" })
  W:each("hires", { name = "counted", rules = {
    { name = "grad-district", clause = "1", text = "毕业生须本区户籍",
      when = function(h) return h.grad_year ~= nil end,
      check = function(h) return h.district == "朝阳区" end } } })
  W:compute(function(r, ctx, out) out.n = ctx:each("counted"):count(); out.pay = yuan(0) end)
  local x = W:eval({ year = 2022, hires = { C, v(C, { grad_year = 2022 }) } }, { as_of = AS })
  t.is(x.outputs.n, 1, "when: the rule applies only to graduates (1 of 2 counts)")
  t.is(x.items.counted.children[1].reasons[1].result, "not_applicable", "... and is not applicable to the other")
end

-- explain mode: the child fields each rule read
res = ev({ year = 2022, hires = { A, C } }, { explain = true })
t.is(res.items.counted.children[2].reasons[2].values.district, "海淀区", "explain: the fields a child rule read")

-- ---- the text explanation ----
local text = measure.explain(ev { year = 2022, hires = { A, C, v(B, { hired_on = "nil" }) } })
t.ok(text:find("Each of hires: counted (第一条至第三条): 计入的招用人员", 1, true), "explain: a heading per selection", text)
t.ok(text:find("1 of 3 counted, 1 undetermined", 1, true), "explain: the counts", text)
t.ok(text:find("✓ hires[1]", 1, true), "explain: a counted child", text)
t.ok(text:find("✗ hires[2]  not counted: district", 1, true), "explain: a child that did not count, with the rule", text)
t.ok(text:find("✗ district (第二条): 本区户籍  [户籍 海淀区]", 1, true), "explain: its failed rule with clause, text and detail", text)
t.ok(text:find("? hires[3]  undetermined: missing hires[3].hired_on", 1, true), "explain: an undetermined child with its field", text)
t.ok(text:find("Missing inputs: hires[3].hired_on", 1, true), "explain: the missing field", text)

-- ---- JSON: a new key "items"; the others unchanged ----
local j = json.encode(measure.to_json(ev { year = 2022, hires = { A, C } }))
local o = json.decode(j)
t.is(o.items.counted.counted, 1, "json: items.counted.counted")
t.is(o.items.counted.total, 2, "json: items.counted.total")
t.is(o.items.counted.children[2].item, "hires[2]", "json: the child named")
t.is(o.items.counted.children[2].result, false, "json: result false")
t.is(o.items.counted.children[2].failed[1], "district", "json: the failed rule")
t.is(o.items.counted.children[2].reasons[2].detail, "户籍 海淀区", "json: the rule's detail")
t.ok(j:find('^{"measure":"test.each","as_of":"2023%-01%-10","status":"eligible","amount":"1000.00","outputs":{') ~= nil,
  "json: the contract's keys first, in order", j)
t.ok(j:find('"missing":[],"interpretations":{"fresh":"year"}', 1, true) ~= nil, "json: missing and interpretations as before", j)
o = json.decode(json.encode(measure.to_json(ev { year = 2022, hires = { A, v(B, { unemployed = "nil" }) } })))
t.is(o.items.counted.children[2].result, "undetermined", "json: an undetermined child")
t.is(o.items.counted.children[2].missing[1], "hires[2].unemployed", "json: with the missing field")
t.is(o.missing[1], "hires[2].unemployed", "json: and in missing")
do
  local P = measure(decl { id = "test.no-each" })
  P:compute(function(r, ctx, out) out.n = r.year; out.pay = yuan(1) end)
  local pj = json.encode(measure.to_json(P:eval({ year = 2022 }, { as_of = AS })))
  t.ok(not pj:find('"items"', 1, true), "json: a measure without M:each has no items key", pj)
end

-- ---- lean: the same status, amount, outputs and missing; items only for children that did not count ----
local records = {
  { year = 2022, hires = { A, B, C, D } },
  { year = 2022, hires = { A, { district = "海淀区" } } },
  { year = 2022, hires = { A, v(B, { hired_on = "nil" }), v(A, { district = "nil" }) } },
  { year = 2022, floor = 5, hires = { A, v(B, { hired_on = "nil" }) } },
  { year = 2022, floor = 2, hires = { A, B, v(B, { hired_on = "nil" }) } },
  { year = 2022, floor = 3, hires = { A, B, v(B, { hired_on = "nil" }) } },
  { year = 2022 }, { year = 2022, hires = {} }, { hires = { A } }, { year = 2020, hires = { A } },
}
local full = M:prepare { as_of = AS }
local lean = M:prepare { as_of = AS, lean = true }
for i, rec in ipairs(records) do
  local a, b = full(rec), lean(rec)
  local same = a.status == b.status and tostring(a.amount) == tostring(b.amount)
    and tostring(a.outputs.n) == tostring(b.outputs.n) and table.concat(a.missing, ",") == table.concat(b.missing, ",")
  t.ok(same, ("lean = full on record %d (%s %s)"):format(i, a.status, tostring(a.amount)),
    ("full %s %s [%s]; lean %s %s [%s]"):format(a.status, tostring(a.amount), table.concat(a.missing, ","),
      b.status, tostring(b.amount), table.concat(b.missing, ",")))
  if a.items then
    t.is(b.items.counted.counted, a.items.counted.counted, ("lean record %d: the same count"):format(i))
    local notc = 0
    for _, ch in ipairs(a.items.counted.children) do if ch.result ~= true then notc = notc + 1 end end
    t.is(#b.items.counted.children, notc, ("lean record %d: items only for the children that did not count"):format(i))
  else
    t.is(b.items, nil, ("lean record %d: no items when full has none"):format(i))
  end
end
local lr = lean { year = 2022, hires = { A, C } }
t.is(#lr.items.counted.children[1].reasons, 1, "lean: a child's reasons hold only its failed rule")

-- ---- gazette run --explain: the reasons column (stdlib/batch.lua) holds each.brief ----
local brief = require("measure.each").brief
t.is(brief(lean { year = 2022, hires = { A, C, v(B, { hired_on = "nil" }) } }),
  "counted: 1 of 3 hires; hires[2] not counted: district [第二条] (户籍 海淀区); hires[3] undetermined: missing hires[3].hired_on",
  "the run --explain text: the count, each child that did not count with rule, clause and detail, each undetermined child")
t.is(brief(full { year = 2022 }), "counted: hires missing", "the run --explain text when the list is missing")

t.done()
