-- stdlib/population.lua: what-if over a population held in memory (docs/repl.md "Speed").
--
-- `.run` and `.compare` in the REPL, and `gazette whatif`, evaluate a measure for every record
-- of a table. When the measure compiles (stdlib/measure/compile.lua) this module loads its
-- inputs once as typed columns (interp/lua/lcolumns.c), keeps them for the session, and
-- evaluates the compiled baseline and reform over them on every core; the records the
-- compiled code hands back (an input only the reference evaluator converts, an error to
-- report) are evaluated by the reference evaluator (whatif.evaluator) and added in. The totals
-- are the ones whatif.run and whatif.compare compute record by record, field for field.
--
--   population.run(opts, whatif) -> summary | nil, why      (as whatif.run)
--   population.compare(opts, whatif) -> comparison | nil, why   (as whatif.compare)
-- opts as whatif's, plus dbpath (the file of opts.db) and cache (a table kept by the caller:
-- the loaded columns are reused while the table, selection and file are unchanged). nil and a
-- reason: the caller evaluates record by record as before.
local columns = require "columns"
local fastops = require "fastops"
local compile = require "measure.compile"

local population = {}

local NAMES = { [1] = "eligible", [2] = "ineligible", [3] = "undetermined", [4] = "not_in_force" }

local function quote(name) return '"' .. tostring(name):gsub('"', '""') .. '"' end

-- The number of cores, for the evaluation's processes.
local function jobs() return math.max(1, math.min(columns.cpus(), 8)) end

-- The compiled evaluation of M for one set of options, or nil and why.
local function compiled(M, as_of, set, interpret)
  local ok, plan = pcall(M.resolve, M, { as_of = as_of, set = set, interpret = interpret })
  if not ok then return nil, tostring(plan) end
  return compile.measure(M, plan)
end

-- The file's version as the session's connection sees it (changes when another connection
-- writes): a loaded population is reused only while it is the same.
local function data_version(db)
  local ok, it = pcall(db.rows, db, "SELECT data_version AS v FROM pragma_data_version")
  if not ok then return nil end
  for r in it do return r.v end
end

-- The columns of the measure's inputs (and the `by` field) for this table and selection, in
-- the order of the key as whatif's rows() reads them (its checks of the key, --where and `by`
-- are made by the caller, whatif.run/compare, before this runs).
local function load(opts, M, c, key, keysql)
  local db, tbl = opts.db, opts.table
  if not opts.dbpath or not db or not db.columns then return nil, "no database file" end
  local ok, cols = pcall(db.columns, db, tbl)
  if not ok or type(cols) ~= "table" then return nil, "cannot read the table's columns" end
  local have = {}
  for _, col in ipairs(cols) do have[type(col) == "table" and col.name or tostring(col)] = true end
  if opts.by and not have[opts.by] then return nil, "no such column" end
  local sel, kinds = { keysql }, {}
  for i, name in ipairs(c.inputs) do
    sel[#sel + 1] = (have[name] and name ~= key) and quote(name) or "NULL"
    kinds[i] = c.kinds:sub(i, i)
  end
  if opts.by then
    sel[#sel + 1] = opts.by == key and keysql or quote(opts.by)
    kinds[#kinds + 1] = "r"
  end
  local sql = ("SELECT %s FROM %s%s ORDER BY %s"):format(table.concat(sel, ", "), quote(tbl),
    opts.where and (" WHERE (\n" .. opts.where .. "\n)") or "", keysql)
  if opts.limit then sql = sql .. " LIMIT " .. math.tointeger(opts.limit) end
  local kind = table.concat(kinds)
  local cache = opts.cache
  local version = data_version(db)
  if cache and cache.sql == sql and cache.kinds == kind and cache.path == opts.dbpath and version and
      cache.version == version then
    return cache.pop
  end
  local okl, pop = pcall(columns.load, opts.dbpath, sql, kind)
  if not okl then return nil, tostring(pop) end
  if cache then
    cache.sql, cache.kinds, cache.path, cache.version, cache.pop = sql, kind, opts.dbpath, version, pop
  end
  return pop
end

-- The raw record of row i (its key: pop:rowid(i)) as whatif's rows() gives it, for the
-- reference evaluator.
local function row_record(opts, M, pop, i, whatif)
  return (whatif.record(opts.db, opts.table, pop:rowid(i), M, opts.key_column, opts.child))
end

local function money(fen) return fastops.money(fen) end

-- A whatif summary from C counts of one side (which: "base" or "reform").
local function summary(t, which, whatif)
  local s = { n = t.n, status = {}, errors = {}, nerrors = 0 }
  for _, k in ipairs(whatif.STATUSES) do s.status[k] = 0 end
  local counts = t[which]
  for code, name in pairs(NAMES) do s.status[name] = counts[code] end
  s.amount = money(t[which == "base" and "base_fen" or "reform_fen"])
  return s
end

local function add_status(s, id, res, max_errors)
  s.n = s.n + 1
  local st = res.status or "error"
  s.status[st] = (s.status[st] or 0) + 1
  if st == "eligible" and res.amount ~= nil then s.amount = s.amount + res.amount end
  if st == "error" then
    s.nerrors = s.nerrors + 1
    if #s.errors < max_errors then s.errors[#s.errors + 1] = { id = id, message = res.error } end
  end
end

-- The columns' evaluation: a failure of its own (a worker process that could not run, a total
-- past the range of money) leaves the comparison to the record-by-record one, which reports
-- what it finds; an error of opts.tick (an interrupt, the budget) goes on.
local function evaluate(fn, ...)
  local ok, t = pcall(fn, ...)
  if ok then return t end
  if tostring(t):find("^columns: ") then return nil, tostring(t) end
  error(t, 0)
end

local function setup(opts, whatif, reform)
  local M = whatif.measure(opts.measure)
  if type(M) ~= "table" or not M.rules then return nil, "not a measure" end
  if not opts.dbpath or not opts.db or not opts.db.columns then return nil, "no database file" end
  opts.table = opts.table or whatif.default_table(M)
  local key = whatif.key(opts.db, opts.table, opts.key)
  opts.key_column = key
  if opts.where and opts.db.check_where then
    local ok, err = opts.db:check_where(opts.table, opts.where)
    if not ok then error("--where: " .. tostring(err), 0) end
  end
  local keysql = whatif.key_sql(opts.db, opts.table, key)
  local base, why = compiled(M, opts.as_of, opts.set, opts.interpret)
  if not base then return nil, why end
  local new
  if reform then
    new, why = compiled(M, opts.as_of, reform.set, reform.interpret or opts.interpret)
    if not new then return nil, why end
  end
  local pop, lwhy = load(opts, M, base, key, keysql)
  if not pop then return nil, lwhy end
  local args = {}
  for i = 1, #base.inputs do args[i] = i end
  return M, base, new, pop, args
end

-- population.run: `.run` (whatif.run's summary).
function population.run(opts, whatif)
  local M, base, _, pop, args = setup(opts, whatif, nil)
  if not M then return nil, base end
  local t, why = evaluate(pop.run, pop, base.fn, { args = args, jobs = jobs(), tick = opts.tick,
    present = { base.present }, required = base.required, bounded = base.bounded })
  if not t then return nil, why end
  local s = summary(t.all, "base", whatif)
  s.measure, s.as_of = M.id, opts.as_of
  if #t.handed > 0 then
    local ev = whatif.evaluator(M, opts)
    for _, i in ipairs(t.handed) do
      local r = row_record(opts, M, pop, i, whatif)
      add_status(s, pop:rowid(i), r and ev(r) or { status = "error", error = "the record changed while evaluated" }, 10)
    end
  end
  return s
end

local function new_group(zero)
  return { n = 0, base_eligible = 0, reform_eligible = 0, gain = 0, lose = 0, became_eligible = 0,
    became_ineligible = 0, base_amount = zero, reform_amount = zero }
end

-- population.compare: `.compare` and `gazette whatif` (whatif.compare's comparison).
function population.compare(opts, whatif)
  local reform = opts.reform or {}
  -- grouped by an output of the evaluation: record by record (whatif.compare)
  local spec
  if opts.by then
    local M0 = whatif.measure(opts.measure)
    local tbl = opts.table or whatif.default_table(M0)
    local cols = opts.db and opts.db.columns and opts.db:columns(tbl) or nil
    spec = whatif.by_spec({ M0 }, cols, tbl, opts.by)
    if spec.kind ~= "column" then return nil, "grouped by an output" end
  end
  local M, base, new, pop, args = setup(opts, whatif, reform)
  if not M then return nil, base end
  local by_col = opts.by and #base.inputs + 1 or nil
  local t, why = evaluate(pop.compare, pop, base.fn, new.fn, { args = args, jobs = jobs(), by = by_col,
    tick = opts.tick, present = { base.present, new.present }, required = base.required,
    bounded = base.bounded and new.bounded })
  if not t then return nil, why end
  local zero = money(0)
  local c = {
    measure = M.id, as_of = opts.as_of, by = opts.by, reform = reform,
    base = summary(t.all, "base", whatif), new = summary(t.all, "reform", whatif),
    gain = { n = t.all.gain_n, amount = money(t.all.gain_fen) },
    lose = { n = t.all.lose_n, amount = money(t.all.lose_fen) },
    became_eligible = t.all.became_eligible, became_ineligible = t.all.became_ineligible,
    changed = {}, groups = {}, group_order = {},
  }
  -- groups: by the text of the field's value, as whatif.compare keys them
  if opts.by then
    for id, g in pairs(t.groups) do
      -- the group as whatif.group_of names it (a district field: its district's name)
      local key = whatif.group_of(spec, opts.by, { [opts.by] = id ~= 0 and pop:label(id) or nil })
      local x = c.groups[key]
      if not x then
        x = new_group(zero)
        c.groups[key] = x
        c.group_order[#c.group_order + 1] = key
      end
      x.n = x.n + g.n
      x.base_eligible = x.base_eligible + g.base[1]
      x.reform_eligible = x.reform_eligible + g.reform[1]
      x.gain, x.lose = x.gain + g.gain_n, x.lose + g.lose_n
      x.became_eligible = x.became_eligible + g.became_eligible
      x.became_ineligible = x.became_ineligible + g.became_ineligible
      x.base_amount = x.base_amount + money(g.base_fen)
      x.reform_amount = x.reform_amount + money(g.reform_fen)
    end
  end
  -- changed records: the compiled ones, then the handed-back ones, in record order
  local examples = {}
  -- a result's amount: eligible, the amount; ineligible, zero (when the measure has an amount)
  local function amount(st, fen)
    if not base.amount then return nil end
    if st == 1 then return money(fen) end
    if st == 2 then return zero end
  end
  for _, e in ipairs(t.examples) do
    examples[#examples + 1] = { row = e[1], base_status = NAMES[e[2]], base_amount = amount(e[2], e[3]),
      reform_status = NAMES[e[4]], reform_amount = amount(e[4], e[5]) }
  end
  if #t.handed > 0 then
    local base_ev = whatif.evaluator(M, { as_of = opts.as_of, set = opts.set, interpret = opts.interpret })
    local reform_ev = whatif.evaluator(M, { as_of = opts.as_of, set = reform.set, interpret = reform.interpret or opts.interpret })
    for _, i in ipairs(t.handed) do
      local r = row_record(opts, M, pop, i, whatif) or {}
      local id = pop:rowid(i)
      local b, n = base_ev(r), reform_ev(r)
      add_status(c.base, id, b, 10)
      add_status(c.new, id, n, 10)
      local ba = b.status == "eligible" and b.amount or zero
      local na = n.status == "eligible" and n.amount or zero
      local g
      if opts.by then
        local key = whatif.group_of(spec, opts.by, r, b, n)
        g = c.groups[key]
        if not g then
          g = new_group(zero)
          c.groups[key] = g
          c.group_order[#c.group_order + 1] = key
        end
        g.n = g.n + 1
        if b.status == "eligible" then g.base_eligible = g.base_eligible + 1 end
        if n.status == "eligible" then g.reform_eligible = g.reform_eligible + 1 end
        g.base_amount, g.reform_amount = g.base_amount + ba, g.reform_amount + na
      end
      local changed = b.status ~= n.status
      if na > ba then
        c.gain.n, c.gain.amount = c.gain.n + 1, c.gain.amount + (na - ba)
        if g then g.gain = g.gain + 1 end
        changed = true
      elseif na < ba then
        c.lose.n, c.lose.amount = c.lose.n + 1, c.lose.amount + (na - ba)
        if g then g.lose = g.lose + 1 end
        changed = true
      end
      if b.status ~= "eligible" and n.status == "eligible" then
        c.became_eligible = c.became_eligible + 1
        if g then g.became_eligible = g.became_eligible + 1 end
      elseif b.status == "eligible" and n.status ~= "eligible" then
        c.became_ineligible = c.became_ineligible + 1
        if g then g.became_ineligible = g.became_ineligible + 1 end
      end
      if changed then
        examples[#examples + 1] = { row = i, id = id, base_status = b.status, base_amount = b.amount,
          reform_status = n.status, reform_amount = n.amount }
      end
    end
  end
  table.sort(examples, function(x, y) return x.row < y.row end)
  for k = 1, math.min(10, #examples) do
    local x = examples[k]
    if x.id == nil then x.id = pop:rowid(x.row) end
    x.row = nil
    c.changed[k] = x
  end
  c.cost_change = c.new.amount - c.base.amount
  table.sort(c.group_order)
  return c
end

return population
