-- The differential test of the measure compiler (stdlib/measure/compile.lua): the compiled
-- evaluation against the reference one (M:prepare{lean = true}), field by field, on every case
-- of every measure with its as-of date, overrides and readings, on variations of the cases'
-- records (fields replaced by values from every case of the measure, edge values of each type:
-- NULLs, 0, negatives, leap days, month ends, dates around the as-of date's anniversaries,
-- malformed text), and on the rows of a population (--db).
--
--   gazette --path tests/cli/data/compile tests/cli/data/compile/diff.lua [options]
--     --variants N       variations per evaluation plan (default 300)
--     --seed N           their seed (default 1)
--     --measure ID       only this measure (repeatable)
--     --db FILE --table T [--as-of DATE]... [--limit N]   also the rows of T
--     --break RULE       miscompile RULE on purpose (its first comparison changed): the test
--                        that proves a wrong rule is caught
--     --show-source ID   print the generated code of ID
--     --show-handed N    print the first N records of each measure handed back (the reference
--                        evaluates them: an error to report, a value only it converts)
-- Prints one line per measure and a total; exits 1 when any field differs.
local compile = require "measure.compile"
local fastops = require "fastops"
local json = require "json"
local records = require "records"

local opts = { variants = 300, seed = 1, measures = {}, as_of = {}, limit = 20000 }
do
  local i = 1
  while i <= #arg do
    local a = arg[i]
    local function nxt() i = i + 1; return arg[i] end
    if a == "--variants" then opts.variants = tonumber(nxt())
    elseif a == "--seed" then opts.seed = tonumber(nxt())
    elseif a == "--measure" then opts.measures[#opts.measures + 1] = nxt()
    elseif a == "--db" then opts.db = nxt()
    elseif a == "--table" then opts.table = nxt()
    elseif a == "--as-of" then opts.as_of[#opts.as_of + 1] = nxt()
    elseif a == "--limit" then opts.limit = tonumber(nxt())
    elseif a == "--break" then opts.breaks = nxt()
    elseif a == "--show-source" then opts.show = nxt()
    elseif a == "--show-handed" then opts.show_handed = tonumber(nxt())
    else error("diff.lua: unknown option " .. a, 0) end
    i = i + 1
  end
end

-- a deterministic generator (xorshift), the same on every build
local state = opts.seed * 2654435761 % 4294967296 + 1
local function rand(n)
  state = state ~ (state << 13) & 0xffffffffffff
  state = state ~ (state >> 7)
  state = state ~ (state << 17) & 0xffffffffffff
  return state % n + 1
end
local function pick(list) return list[rand(#list)] end

local EPOCH = date(1970, 1, 1)
local STATUS = { eligible = 1, ineligible = 2, undetermined = 3, not_in_force = 4 }

-- A reference value in the compiled representation.
local function plain(v, typ)
  if v == nil then return nil end
  if typ == "money" then return v:fen() end
  if typ == "date" then return v - EPOCH end
  return v
end

local function show(v)
  if v == nil then return "nil" end
  if type(v) == "string" then return ("%q"):format(v) end
  if type(v) == "table" and getmetatable(v) == nil then return json.encode(v) end
  return tostring(v)
end

-- Compares one record: returns "same", "handed" (the compiled code handed it back) or a text
-- naming what differs.
local function compare_fn(c, fn, ok, res, raw)
  -- an error raised by the compiled code sends the record to the reference evaluator, as the
  -- runner does
  local got = table.pack(pcall(fastops.call, fn, c.kinds, c.inputs, raw, c.lists))
  if not got[1] then return "handed" end
  table.remove(got, 1)
  got.n = got.n - 1
  if got.n == 0 then return "handed" end -- a value only the reference converts
  local status = got[1]
  if not ok then
    if status == 0 then return "handed" end
    return ("the reference raises (%s), the compiled code gives status %s"):format(tostring(res), show(status))
  end
  if status == 0 then return "handed" end
  local want = STATUS[res.status]
  if status ~= want then
    return ("status: reference %s, compiled %s"):format(res.status, show(status))
  end
  if want == 2 then
    local mask = 0
    for _, r in ipairs(res.reasons) do
      if r.result == false then
        for i, rule in ipairs(c.rules) do if rule.name == r.rule then mask = mask | (1 << (i - 1)) end end
      end
    end
    if got[2] ~= mask then return ("failed rules: reference %s, compiled %s"):format(show(mask), show(got[2])) end
  elseif want == 1 then
    local amount = c.amount and plain(res.amount, "money") or nil
    if got[3] ~= amount then return ("amount: reference %s, compiled %s"):format(show(amount), show(got[3])) end
    for i, o in ipairs(c.outputs) do
      local r = plain(res.outputs[o.name], o.type)
      if got[3 + i] ~= r then
        return ("output %s: reference %s, compiled %s"):format(o.name, show(r), show(got[3 + i]))
      end
    end
  end
  return "same"
end

-- Both compiled functions against the reference: the general one always, the one for records
-- with every required input when the record has them all.
local function compare(c, ref, raw)
  local ok, res = pcall(ref, raw)
  local r = compare_fn(c, c.fn, ok, res, raw)
  if r ~= "same" and r ~= "handed" then return r end
  local all = true
  for i, name in ipairs(c.inputs) do
    local v = raw[name]
    if c.required:sub(i, i) == "1" and (v == nil or v == json.null) then all = false end
  end
  if all then
    local p = compare_fn(c, c.present, ok, res, raw)
    if p ~= "same" and p ~= "handed" then return "(all inputs there) " .. p end
    if r == "same" and p == "handed" then return "the function for complete records hands back what the general one does not" end
  end
  return r
end

-- ---- value pools per input ----

local function iso(d) return tostring(d) end

local EDGE = {
  text = { "", "朝阳区", "海淀区", "朝阳", " 朝阳区", "X" },
  integer = { 0, 1, -1, 2, 3, 4, 5, 10, 99, 100, 299, 300, 1000, 1 << 40, math.maxinteger, math.mininteger,
    "12", " 7 ", 3.0, 3.5, "many" },
  boolean = { true, false, 1, 0, 2, "是", "否", "true", "maybe" },
  money = { 0, 1, -1, 100, 3000000, "0", "0.01", "-0.01", "800万", "1.5亿", "3,600,000.00元", "12.345", "abc",
    "92233720368547758.07", "92233720368547758.08", 92233720368547758, 1234.5, "49.99", "50", "50万" },
  ratio = { 0, 1, 2, "0", "0.5", "0.45", "45%", "12.5%", "100%", "0.9", "0.8999999999", "1.0000000001", "-0.1",
    "1/3", " 0.5", "abc", 3.5, "0.123456789", "90%", "50%", "0.499999999", 1 << 40 },
  decimal = { 0, 1, 7, "0", "0.5", "1.2345", "20000", "20000.5", "19999.99", "-3", "1e3", "1.", ".5", "abc", 2.25,
    " 3", "0.000000001", "0.0000000001", "9999999999.5", 1 << 40 },
  date = { "2020-02-29", "2021-02-28", "2021-03-01", "2019-12-31", "2024-02-29", "2023-06-30", "2022-06-30",
    "2018-06-30", "2018-06-29", "0001-01-01", "9999-12-31", "9998-12-31", "2021年3月1日", "2021/3/1", "bad",
    20200101, "2016-02-29", "2017-02-28", "2017-03-01" },
}

-- Dates around the as-of date's anniversaries (the edges of "N 年以上/以下").
local function anniversary_dates(as_of)
  local out = {}
  for years = 0, 6 do
    local d = as_of:add_years(-years)
    for _, k in ipairs { -1, 0, 1 } do out[#out + 1] = iso(d + k) end
  end
  return out
end

-- The values of a child field: edge values of its type, and every case's children's.
local function child_pools(M, name, d)
  local p = {}
  for f, fd in pairs(d.of or {}) do
    local list = {}
    for _, v in ipairs(EDGE[fd.type] or EDGE.text) do list[#list + 1] = v end
    for _, c in ipairs(M.cases) do
      local kids = type(c.input) == "table" and c.input[name]
      if type(kids) == "table" then
        for _, k in ipairs(kids) do
          local v = type(k) == "table" and k[f]
          if v ~= nil and v ~= "nil" and type(v) ~= "table" then list[#list + 1] = v end
        end
      end
    end
    p[f] = list
  end
  return p
end

-- A list of children changed: a field replaced or removed, a child dropped or repeated, the
-- list emptied or missing.
local function vary_children(kids, pool)
  local out = {}
  for i, k in ipairs(type(kids) == "table" and kids or {}) do out[i] = measure.variant(k, {}) end
  local r = rand(10)
  if r == 1 then return nil end
  if r == 2 then return {} end
  if r == 3 and #out > 0 then table.remove(out, rand(#out)) return out end
  if r == 4 and #out > 0 then out[#out + 1] = measure.variant(out[rand(#out)], {}) return out end
  local fields = {}
  for f in pairs(pool) do fields[#fields + 1] = f end
  table.sort(fields)
  for _ = 1, rand(3) do
    if #out == 0 or #fields == 0 then break end
    local k, f = out[rand(#out)], fields[rand(#fields)]
    if rand(5) == 1 then k[f] = nil else k[f] = pick(pool[f]) end
  end
  return out
end

local function pools(M, plans)
  local p = {}
  for name, d in pairs(M.inputs) do
    local list = {}
    for _, v in ipairs(EDGE[d.type] or EDGE.text) do list[#list + 1] = v end
    if d.type == "enum" then
      for _, v in ipairs(d.values) do list[#list + 1] = v end
      list[#list + 1] = "bogus"
    end
    if d.type == "date" then
      for _, plan in ipairs(plans) do
        for _, s in ipairs(anniversary_dates(plan.as_of)) do list[#list + 1] = s end
      end
    end
    for _, c in ipairs(M.cases) do
      local v = type(c.input) == "table" and c.input[name]
      if v ~= nil and v ~= "nil" and type(v) ~= "table" then list[#list + 1] = v end
    end
    p[name] = list
  end
  return p
end

-- ---- the plans of a measure: its cases' (as_of, set, interpret) and the validity edges ----

local function key(as_of, set, interpret)
  return json.encode { tostring(as_of), set or {}, interpret or {} }
end

local function plans_of(M)
  local out, seen = {}, {}
  local function add(as_of, set, interpret)
    local ok, d = pcall(measure.to_date, as_of, "as_of")
    if not ok or not d then return end
    local k = key(d, set, interpret)
    if seen[k] then return end
    seen[k] = true
    out[#out + 1] = { as_of = d, set = set, interpret = interpret }
  end
  for _, c in ipairs(M.cases) do add(c.as_of, c.set, c.interpret) end
  for _, d in ipairs { M.valid.from and M.valid.from - 1, M.valid.to and M.valid.to + 1 } do add(d) end
  for _, s in ipairs(opts.as_of) do add(s) end
  return out
end

local function mutate_break(rule)
  return function(src)
    local name = rule:gsub("%-", "%%-")
    local s, e = src:find("%-%- rule %d+: " .. name .. "\n.-::N%d+::")
    -- a rule over each child record (M:each): "-- GROUP rule N: NAME" ... ::EN<group>_<N>::
    if not s then s, e = src:find("%-%- [%w_-]+ rule %d+: " .. name .. "\n.-::EN%d+_%d+::") end
    if not s then return src end
    local block = src:sub(s, e)
    local changed = block:gsub(" >= ", " > ", 1)
    if changed == block then changed = block:gsub(" <= ", " < ", 1) end
    -- a nil or boolean test is written `(not x)` where x is never false (compile_gen.lua)
    if changed == block then changed = block:gsub("%(not ", "(not not ", 1) end
    if changed == block then changed = block:gsub(" == ", " ~= ", 1) end
    if changed == block then changed = block:gsub(" ~= ", " == ", 1) end
    return src:sub(1, s - 1) .. changed .. src:sub(e + 1)
  end
end

-- ---- run ----

local totals = { measures = 0, compiled = 0, records = 0, handed = 0, differ = 0 }
local failures = {}

local function check_measure(M, rows)
  local plans = plans_of(M)
  local line = { compiled = 0, plans = #plans, records = 0, handed = 0, differ = 0, why = nil }
  local pool = pools(M, plans)
  local child_pool = {}
  for name, d in pairs(M.inputs) do
    if d.type == "list" then child_pool[name] = child_pools(M, name, d) end
  end
  local names = {}
  for name in pairs(M.inputs) do names[#names + 1] = name end
  table.sort(names)
  for _, plan in ipairs(plans) do
    local popts = { as_of = plan.as_of, set = plan.set, interpret = plan.interpret }
    local okp, planned = pcall(M.resolve, M, popts)
    if okp then
      local c, why = compile.measure(M, planned, { mutate = opts.breaks and mutate_break(opts.breaks) })
      if not c then line.why = line.why or why
      else
        line.compiled = line.compiled + 1
        if opts.show == M.id then print(c.source) end
        local ref = M:prepare { as_of = plan.as_of, set = plan.set, interpret = plan.interpret, lean = true }
        local function one(raw, what)
          local r = compare(c, ref, raw)
          line.records = line.records + 1
          if r == "handed" then
            line.handed = line.handed + 1
            if opts.show_handed and line.handed <= opts.show_handed then
              local okr, res = pcall(ref, raw)
              print(("handed back: %s as of %s, %s %s -> %s"):format(M.id, tostring(plan.as_of), what, json.encode(raw),
                okr and res.status or ("error: " .. tostring(res))))
            end
          elseif r ~= "same" then
            line.differ = line.differ + 1
            if #failures < 20 then
              failures[#failures + 1] = ("%s as of %s%s, %s %s: %s"):format(M.id, tostring(plan.as_of),
                plan.set and (" set " .. json.encode(plan.set)) or "", what, json.encode(raw), r)
            end
          end
        end
        local bases = {}
        for i, cs in ipairs(M.cases) do
          if type(cs.input) == "table" then
            local raw = measure.variant(cs.input, {})
            bases[#bases + 1] = raw
            one(raw, "case " .. i)
          end
        end
        if #bases > 0 then
          for k = 1, opts.variants do
            local raw = measure.variant(pick(bases), {})
            for _ = 1, rand(3) do
              local f = pick(names)
              if M.inputs[f].type == "list" then raw[f] = vary_children(raw[f], child_pool[f])
              elseif rand(6) == 1 then raw[f] = nil else raw[f] = pick(pool[f]) end
            end
            one(raw, "variant " .. k)
          end
        end
        for i, raw in ipairs(rows or {}) do one(raw, "row " .. i) end
      end
    end
  end
  totals.measures = totals.measures + 1
  if line.compiled > 0 then totals.compiled = totals.compiled + 1 end
  totals.records = totals.records + line.records
  totals.handed = totals.handed + line.handed
  totals.differ = totals.differ + line.differ
  if line.compiled > 0 then
    print(("%s: %d of %d plans compiled; %d records, %d handed back, %d differ%s"):format(M.id, line.compiled,
      line.plans, line.records, line.handed, line.differ, line.why and ("; not compiled: " .. line.why) or ""))
  else
    print(("%s: not compiled: %s"):format(M.id, tostring(line.why)))
  end
end

local rows
if opts.db then
  local db = assert(records.open(opts.db, { readonly = true }))
  rows = {}
  for r, err in db:rows(opts.table, { limit = opts.limit }) do
    if not err then rows[#rows + 1] = r end
  end
end

local only = {}
for _, id in ipairs(opts.measures) do only[id] = true end
local done = {}
for _, m in ipairs(measure.list()) do
  if (not next(only) or only[m.id]) and not done[m.id] then
    done[m.id] = true
    local M = m.measure
    -- population rows only for the measures of their entity
    local mine = rows and opts.table and (M.entity and (opts.table:find(M.entity, 1, true) == 1)) and rows or nil
    check_measure(M, mine)
  end
end
for _, f in ipairs(failures) do print("DIFFERS: " .. f) end
print(("total: %d measures, %d compiled; %d records compared, %d handed back, %d differ"):format(totals.measures,
  totals.compiled, totals.records, totals.handed, totals.differ))
if totals.differ > 0 then error("compiled and reference evaluations differ", 0) end
