-- The lean evaluation of batch runs (M:prepare{lean = true}, docs/measures.md): the same status,
-- amount, outputs, missing inputs, readings and notes as the full evaluation, and the same
-- errors, on every case of every measure (policies/ and tests/measures), on variations of their records and on measures
-- whose rules raise; reasons holds only the failed and undetermined rules; the result and the
-- record are refilled by each call.
-- Run by tests/cli/run_lean.t: ./gazette --path tests/lua/lib --path tests/measures tests/cli/data/lean_compare.lua
-- (the demo measures live in tests/measures, outside the Lua suite's paths).
local t = require "tap"
local json = require "json"
local declare = measure -- (not `= measure(`: this script is not a measure file for measure.walk)

local function show(v)
  if v == nil then return "nil" end
  if type(v) == "table" and getmetatable(v) == nil then
    local ks = {}
    for k in pairs(v) do ks[#ks + 1] = tostring(k) end
    table.sort(ks)
    for i, k in ipairs(ks) do ks[i] = k .. "=" .. show(v[k] ~= nil and v[k] or v[tonumber(k)]) end
    return "{" .. table.concat(ks, ",") .. "}"
  end
  return tostring(v)
end

-- What a result says, as text: everything but the per-rule outcomes of met/not-applicable rules.
local function summary(res)
  local failed = {}
  for _, r in ipairs(res.reasons) do
    if r.result == false or r.result == "undetermined" then
      failed[#failed + 1] = ("%s|%s|%s|%s|%s"):format(r.rule, r.clause, tostring(r.text), tostring(r.result),
        r.detail ~= nil and tostring(r.detail) or "-")
    end
  end
  local notes = {}
  for i, n in ipairs(res.notes) do notes[i] = tostring(n) end
  return table.concat({ "status=" .. tostring(res.status), "amount=" .. tostring(res.amount),
    "outputs=" .. show(res.outputs), "missing=" .. table.concat(res.missing, ","),
    "interp=" .. show(res.interpretations), "notes=" .. table.concat(notes, "/"),
    "in_force_on=" .. tostring(res.in_force_on), "reasons=" .. table.concat(failed, ";") }, " ")
end

-- Runs both modes on a record: the same summary, or the same error message.
local function same(M, opts, rec, desc)
  local full = M:prepare { as_of = opts.as_of, set = opts.set, interpret = opts.interpret }
  local lean = M:prepare { as_of = opts.as_of, set = opts.set, interpret = opts.interpret, lean = true }
  local ok1, a = pcall(full, rec)
  local ok2, b = pcall(lean, rec)
  if ok1 ~= ok2 then return t.ok(false, desc, ("full %s, lean %s"):format(show(a), show(b))) end
  if not ok1 then return t.is(tostring(b), tostring(a), desc .. " (the same error)") end
  t.is(summary(b), summary(a), desc)
  for _, r in ipairs(b.reasons) do
    if r.result ~= false and r.result ~= "undetermined" then
      return t.ok(false, desc .. ": lean reasons hold only failed and undetermined rules", show(r))
    end
  end
end

-- ---- every case of every measure (policies/ and the demo measures), then each case's record
-- with one field changed ----
local ids = {}
for _, m in ipairs(measure.list()) do ids[#ids + 1] = m.id end
t.ok(#ids >= 3, ("%d measures to compare"):format(#ids))
local CHANGES = { false, "", "abc", 0, -1, 1, 3, 2.5, "800万", "2019-03-15", "2030-01-01", true, "是" }
for _, id in ipairs(ids) do
  local ok, M = pcall(measure.load, id)
  if not ok then
    t.ok(false, "load " .. id, M)
  else
    for _, c in ipairs(M.cases) do
      if c.expect.error == nil then
        same(M, c, c.input or {}, ("%s: %s"):format(id, c.name))
      end
      for _, field in ipairs(M.input_names) do
        for ci, v in ipairs(CHANGES) do
          local rec = {}
          for k, x in pairs(c.input or {}) do rec[k] = x end
          if v == false then rec[field] = nil else rec[field] = v end
          same(M, c, rec, ("%s: %s, %s = %s (variation %d)"):format(id, c.name, field, show(rec[field]), ci))
        end
      end
    end
  end
end

-- ---- rules and amounts that raise, return non-booleans, read missing or undeclared inputs ----
local function decl()
  return {
    id = "test.lean", title = "测试", document = { number = "测〔2025〕1号", issuer = "测试局" },
    valid = { from = "2021-01-01", to = "2025-12-31" },
    inputs = { n = { type = "integer" }, amt = { type = "money" }, opt = { type = "text", optional = true },
      kind = { type = "enum", values = { "a", "b" } }, day = { type = "date" }, ok = { type = "boolean" } },
    outputs = { pay = { type = "money" }, count = { type = "integer" } },
    amount = "pay",
  }
end
local M = declare(decl())
M:param("cap", { { from = "2021-01-01", value = yuan(500), clause = "1" } })
M:rule("positive", { clause = "1", text = "n 为正", check = function(r) return threshold(r.n, "超过", 0) end })
M:rule("small", { clause = "2", text = "金额不超过", check = function(r, ctx)
  if r.n == 13 then error("unlucky " .. r.n) end
  if r.n == 14 then return "yes" end
  if r.n == 15 then return r.undeclared_field end
  return threshold(r.amt, "不超过", ctx.p.cap)
end })
M:rule("kind", { clause = "3", text = "类型", when = function(r) return r.ok end,
  check = function(r) return r.kind == "a" end })
M:compute(function(r, ctx, out)
  if r.n == 20 then error({ code = 20 }) end
  if r.n == 21 then out.pay = "not money"; return end
  if r.n == 22 then out.nope = 1 end
  if r.n == 23 then return end
  if r.n == 24 then ctx:note("n = %d", r.n); out.count = r.day:year() end
  out.pay = min(r.amt * r.n, ctx.p.cap)
  out.count = out.count or r.n
end)
local base = { n = 3, amt = "100", kind = "a", day = "2022-01-01", ok = true }
local variations = {
  {}, { n = 0 }, { n = -1 }, { amt = "600" }, { amt = "abc" }, { n = "x" }, { kind = "c" }, { ok = false },
  { ok = "否" }, { kind = "b" }, { n = 13 }, { n = 14 }, { n = 15 }, { n = 20 }, { n = 21 }, { n = 22 },
  { n = 23 }, { n = 24 }, { day = "2022-02-30" }, { n = json.null }, { amt = json.null, n = 0 },
  { kind = json.null }, { kind = json.null, ok = false }, { opt = "x", n = 2 }, { unknown = 1 },
}
for i, v in ipairs(variations) do
  local rec = {}
  for k, x in pairs(base) do rec[k] = x end
  for k, x in pairs(v) do rec[k] = x end
  for _, as_of in ipairs({ "2022-06-01", "2020-01-01" }) do
    same(M, { as_of = as_of }, rec, ("hostile record %d %s on %s"):format(i, show(v), as_of))
  end
end
same(M, { as_of = "2022-06-01", set = { cap = "50" } }, base, "--set cap=50: the same in both modes")

-- valid.on: the date that decides whether the measure applies comes from the record
local dv = decl()
dv.id = "test.lean-on"
dv.valid = { from = "2021-01-01", to = "2022-12-31", on = function(r) return r.day end }
local MV = declare(dv)
MV:rule("positive", { clause = "1", text = "n 为正", check = function(r) return r.n > 0 end })
MV:compute(function(r, _, out) out.pay = r.amt; out.count = r.n end)
for _, day in ipairs({ "2022-01-01", "2020-01-01", "2023-01-01", json.null }) do
  local rec = { n = 1, amt = "5", day = day }
  same(MV, { as_of = "2022-06-01" }, rec, ("valid.on with day = %s"):format(show(day)))
end

-- ---- the lean result and record are refilled by each call ----
do
  local ev = M:prepare { as_of = "2022-06-01", lean = true }
  local a = ev({ n = 0, amt = "100", kind = "a", day = "2022-01-01", ok = true })
  t.is(a.status, "ineligible", "lean: 0 is not 超过 0: ineligible")
  t.is(#a.reasons, 1, "lean: one failed rule in reasons")
  t.is(a.reasons[1].rule, "positive", "lean: the failed rule is named")
  t.is(tostring(a.reasons[1].detail), "0 is not > 0 (超过)", "lean: the failed rule keeps its detail")
  t.is(a.reasons[1].clause, "1", "lean: the failed rule keeps its clause")
  local b = ev({ n = 3, amt = "100", kind = "a", day = "2022-01-01", ok = true })
  t.ok(rawequal(a, b), "lean: the next call refills the same result table")
  t.is(b.status, "eligible", "lean: 3 × 100 = 300 ≤ 500: eligible")
  t.is(#b.reasons, 0, "lean: no reasons left from the previous record")
  t.is(b.amount:plain(), "300.00", "lean: amount 3 × 100.00 = 300.00")
  t.is(b.outputs.count, 3, "lean: outputs of this record")
  local c = ev({ n = 3, kind = "a", day = "2022-01-01", ok = true })
  t.is(c.status, "undetermined", "lean: no amt: undetermined")
  t.is(table.concat(c.missing, ","), "amt", "lean: the missing input is listed")
  t.is(c.amount, nil, "lean: no amount left from the previous record")
  t.is(c.outputs.count, nil, "lean: no outputs left from the previous record")
  local d = ev({ n = 3, amt = "100", kind = "a", day = "2022-01-01", ok = true })
  t.is(#d.missing, 0, "lean: no missing inputs left from the previous record")
  -- explain wins over lean: the values read are recorded for every rule
  local x = M:prepare { as_of = "2022-06-01", lean = true, explain = true }({ n = 3, amt = "100", kind = "a",
    day = "2022-01-01", ok = true })
  t.is(#x.reasons, 3, "explain with lean: every rule is in reasons")
  t.ok(x.reasons[1].values and x.reasons[1].values.n == 3, "explain with lean: the values read are recorded")
end

-- ---- the full evaluation still makes a new result for every call ----
do
  local ev = M:prepare { as_of = "2022-06-01" }
  local a = ev(base)
  local b = ev(base)
  t.ok(not rawequal(a, b), "full: a new result for every call")
  t.is(#a.reasons, 3, "full: every rule is in reasons")
end

t.done()
