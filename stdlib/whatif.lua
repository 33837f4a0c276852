-- stdlib/whatif.lua: a measure over a population, and baseline against reform
-- (`gazette whatif`, and `.run` / `.compare` in the REPL; docs/repl.md).
--
-- The baseline is the measure as published (with the session's interpretations); the
-- reform is the same measure with parameter overrides (`--set cap=30万`) and, optionally,
-- other interpretations. Each record is evaluated by both (M:prepare, docs/measures.md),
-- and the comparison counts the records that gain, lose, become eligible or ineligible,
-- the change in total cost, and the same broken down by a field of the record.
--
-- A record whose evaluation raises an error gets status "error" (its id and message are
-- kept, the first few listed) and the loop goes on, as `gazette run` does.
--
-- Several measures (`gazette whatif A B ...`, whatif.compare{measures = {...}}) are weighed
-- together record by record: measures of one exclusivity group (`group`, 就高不重复) exclude
-- one another in each scenario (measure.combine), as `gazette run A B` does, and the record's
-- amount is what all of them pay together.
local whatif = {}

local MAX_ERRORS = 10  -- error messages kept (all are counted)
local MAX_CHANGED = 10 -- changed records listed as examples

local STATUSES = { "eligible", "ineligible", "undetermined", "not_in_force", "error" }
whatif.STATUSES = STATUSES

local function global(name) return rawget(_G, name) end

local function zero()
  local yuan = global("yuan")
  return yuan and yuan(0) or 0
end

local function add(a, b)
  if a == nil then return b end
  if b == nil then return a end
  return a + b
end

-- 1234567 -> "1,234,567"
local function int(n)
  local s = tostring(math.tointeger(n) or n)
  local sign, digits = s:match("^(-?)(%d+)$")
  if not digits then return s end
  digits = digits:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  return sign .. digits
end
whatif.int = int

local function records(n) return int(n) .. (n == 1 and " record" or " records") end

local function signed_int(n)
  if n > 0 then return "+" .. int(n) end
  return int(n)
end

local function money_text(m)
  if m == nil then return "-" end
  return tostring(m)
end

local function signed_money(m)
  if m == nil then return "-" end
  if m > zero() then return "+" .. tostring(m) end
  return tostring(m)
end

-- ---- evaluation ----

-- Today in China Standard Time (UTC+8), the default evaluation date of every command.
whatif.today = require("host").today

local function as_date(v)
  if v == nil then return whatif.today() end
  if type(v) ~= "string" then return v end
  local d, err = dates.parse(v)
  if not d then error(err, 0) end
  return d
end

-- The measure object for a name, id or path; a loaded measure is returned as is.
function whatif.measure(m)
  if type(m) ~= "string" then return m end
  local measure = global("measure")
  if not measure then error("the measure language is not available in this build (stdlib/measure.lua)", 0) end
  return measure.load(m)
end

-- The table a measure's records live in, by default: its entity in the plural.
function whatif.default_table(M)
  local e = type(M) == "table" and rawget(M, "entity")
  if type(e) == "string" and e ~= "" then
    if e:sub(-1) == "y" then return e:sub(1, -2) .. "ies" end
    if e == "person" then return "persons" end
    return e .. "s"
  end
  return "enterprises"
end

-- An evaluator: function(record) -> result (never raises for a bad record: the result
-- has status "error" and field `error`).
function whatif.evaluator(M, opts)
  local ev = M:prepare { as_of = as_date(opts.as_of), set = opts.set, interpret = opts.interpret }
  return function(r)
    local ok, res = pcall(ev, r)
    if ok then return res end
    return { measure = M.id, status = "error", error = tostring(res), _measure = M }
  end
end

-- The records of opts.db (an open records database): table, where, limit.
local function quote(name) return '"' .. name:gsub('"', '""') .. '"' end

-- Lists of child records as `gazette run` plans them (interp/batch/batch_plan.c): a list input X
-- from the table and column `--child X=TABLE.COLUMN` names (an error when it has no such column),
-- else from table X by its column parent_id, which holds the record's key (docs/batch.md); a list
-- with neither is missing in every record, with a note saying so (the run's). M: a measure, or a
-- list of them; child: {"X=TABLE.COLUMN", ...}. Returns the children spec for the records module
-- (nil when there is none) and the notes.
local function list_inputs(M)
  local names, seen = {}, {}
  local Ms = (type(M) == "table" and rawget(M, "inputs") == nil and M[1] ~= nil) and M or { M }
  for _, X in ipairs(Ms) do
    local inputs = type(X) == "table" and rawget(X, "inputs")
    for name, spec in pairs(type(inputs) == "table" and inputs or {}) do
      if type(spec) == "table" and spec.type == "list" and not seen[name] then
        seen[name] = true
        names[#names + 1] = name
      end
    end
  end
  table.sort(names)
  return names, seen
end

local function has_column(db, tbl, col)
  if not db.columns then return true end
  local okc, cols = pcall(db.columns, db, tbl)
  if not okc or type(cols) ~= "table" then return false end
  for _, c in ipairs(cols) do
    if (type(c) == "table" and c.name or tostring(c)) == col then return true end
  end
  return false
end

function whatif.plan_children(M, db, child)
  local names, lists = list_inputs(M)
  local given = {}
  for _, spec in ipairs(child or {}) do
    local list, rest = tostring(spec):match("^([^=]+)=(.*)$")
    if not lists[list or spec] then
      error(("--child %s: the measures have no list input of that name"):format(spec), 0)
    end
    local tbl, col = (rest or ""):match("^(.+)%.([^.]+)$")
    if not tbl then
      error(("--child %s: expected LIST=TABLE.COLUMN, e.g. children=children.kindergarten_id"):format(list or spec), 0)
    end
    given[list] = { table = tbl, key = col }
  end
  local have
  if db and db.tables then
    have = {}
    for _, t in ipairs(db:tables()) do have[type(t) == "table" and t.name or t] = true end
  end
  local children, notes = nil, {}
  for _, name in ipairs(names) do
    local g = given[name]
    local spec = g or { table = name, key = "parent_id" }
    local found = not have or (have[spec.table] and has_column(db, spec.table, spec.key))
    if not found and g then
      error(("--child: no table %s with a column %s"):format(g.table, g.key), 0)
    end
    if found then
      children = children or {}
      children[name] = spec
    else
      notes[#notes + 1] = ("list input '%s' has no child table (looked for %s.parent_id; name one with " ..
        "--child %s=TABLE.COLUMN); it will be missing"):format(name, name, name)
    end
  end
  return children, notes
end

-- The --child options alone (their form, and that each names a table and column of db): what
-- `.db FILE --child X=TABLE.COLUMN` checks before a measure is known.
function whatif.check_child(db, child)
  for _, spec in ipairs(child or {}) do
    local list, rest = tostring(spec):match("^([^=]+)=(.*)$")
    local tbl, col = (rest or ""):match("^(.+)%.([^.]+)$")
    if not tbl then
      error(("--child %s: expected LIST=TABLE.COLUMN, e.g. children=children.kindergarten_id"):format(list or spec), 0)
    end
    local have = false
    if db and db.tables then
      for _, t in ipairs(db:tables()) do if (type(t) == "table" and t.name or t) == tbl then have = true end end
    else
      have = true
    end
    if not have or not has_column(db, tbl, col) then error(("--child: no table %s with a column %s"):format(tbl, col), 0) end
  end
end

function whatif.children(M, db, child)
  return (whatif.plan_children(M, db, child))
end

-- The column that keys the records of tbl, as `gazette run` reads them (core/sqlcheck.c): the
-- INTEGER PRIMARY KEY id, the column `key` names (--key), or the rowid of a table without id. A
-- column id that is not the INTEGER PRIMARY KEY (CREATE TABLE ... AS SELECT) is an error naming
-- the table, the column and --key.
function whatif.key(db, tbl, key)
  if not db.key then return key or "id" end
  local k, err = db:key(tbl, key)
  if not k then error(err, 0) end
  return k
end

-- The SQL of the key column, and of "rowid" for a table keyed by its rowid.
local function key_sql(db, tbl, key)
  if key == "rowid" then
    for _, c in ipairs(db.columns and db:columns(tbl) or {}) do
      if c.name == "rowid" then return quote(key) end
    end
    return "rowid"
  end
  return quote(key)
end
whatif.key_sql = key_sql

-- One record of table tbl by its key (`key` as whatif.key gives it), with its child lists as
-- `gazette run` reads them (`.eval ID` in the REPL); nil, reason when there is none.
function whatif.record(db, tbl, id, M, key, child)
  key = key or whatif.key(db, tbl)
  local sql = ("SELECT %s AS %s, * FROM %s WHERE %s = ?"):format(key_sql(db, tbl, key), quote(key), quote(tbl),
    key_sql(db, tbl, key))
  for r, err in db:rows(sql, { params = { id }, limit = 1, key = key, children = whatif.children(M, db, child) }) do
    if err then return nil, err end
    return r
  end
  return nil, ("no record %s=%s in table %s"):format(key, tostring(id), tbl)
end

-- What --by names: a column of the table (grouped by its value; a column the measures read as a
-- `district` by its canonical name, so that 朝阳 and 朝阳区 are one group), or else an output of
-- the measures (size_class, tier), read from each record's baseline result (the reform's when
-- the baseline has none; "(none)" when neither has one, as for an ineligible record whose
-- output is computed only when eligible). M: a measure, or {inputs=, outputs=} of several.
function whatif.by_spec(Ms, cols, tbl, by, what)
  local names, is_col = {}, false
  for _, c in ipairs(cols or {}) do
    local n = type(c) == "table" and c.name or tostring(c)
    names[#names + 1] = n
    if n == by then is_col = true end
  end
  local district = false
  for _, M in ipairs(Ms) do
    local d = type(rawget(M, "inputs")) == "table" and M.inputs[by]
    if type(d) == "table" and d.type == "district" then district = true end
  end
  if is_col or not cols then return { kind = "column", district = district } end
  local outs = {}
  for _, M in ipairs(Ms) do
    for _, o in ipairs(rawget(M, "output_names") or {}) do
      if o == by then return { kind = "output" } end
      outs[#outs + 1] = o
    end
  end
  error(("%s %s: table %s has no column '%s' and the measure has no output '%s' (columns: %s; outputs: %s)")
    :format(what or "by", by, tbl, by, by, table.concat(names, ", "), #outs > 0 and table.concat(outs, ", ") or "none"), 0)
end

-- The group of a record under --by (spec from whatif.by_spec); results: the baseline's and the
-- reform's, each one result or a list of them (several measures).
local function output_of(res, by)
  if res == nil then return nil end
  if res.status ~= nil or res.outputs ~= nil then return res.outputs and res.outputs[by] end
  for _, x in ipairs(res) do
    local v = x.outputs and x.outputs[by]
    if v ~= nil then return v end
  end
end
function whatif.group_of(spec, by, r, base, reform)
  if spec and spec.kind == "output" then
    local v = output_of(base, by)
    if v == nil then v = output_of(reform, by) end
    return v == nil and "(none)" or tostring(v)
  end
  local v = r[by]
  if v == nil then return "(null)" end
  if spec and spec.district then
    local d = districts.normalize(v)
    if d then return d end
  end
  return tostring(v)
end

-- The --by spec of a comparison over measures Ms, from the table's columns.
local function by_of(opts, Ms, M)
  if not opts.by then return nil end
  local db = opts.db
  local tbl = opts.table or whatif.default_table(M)
  local cols = db and db.columns and db:columns(tbl) or nil
  return whatif.by_spec(Ms, cols, tbl, opts.by)
end

-- Yields record, error (a record whose fields did not read gets status "error"), in the order of
-- the key. Only the columns the measure reads are selected (with the key and the `by` field): the
-- records module converts every column it is given, and a population has many the measure ignores.
-- opts: db, table, key (--key), where (one SQL expression, checked), limit, by.
local function rows(opts, M)
  local db = opts.db
  if not db then error("no population: open one with .db FILE (or --db FILE)", 0) end
  local tbl = opts.table or whatif.default_table(M)
  -- a stand-in for a records database that only iterates (tests)
  if not db.columns then return db:rows(tbl, { where = opts.where, limit = opts.limit }), "id" end
  local key = whatif.key(db, tbl, opts.key)
  if opts.where and db.check_where then
    local ok, err = db:check_where(tbl, opts.where)
    if not ok then error("--where: " .. tostring(err), 0) end
  end
  local cols = db:columns(tbl)
  local names, found, want = {}, false, {}
  local inputs = type(M) == "table" and rawget(M, "inputs")
  -- the canonical fields derived inputs are computed from (stdlib/fields.lua)
  local sources = {}
  local srcs = type(M) == "table" and (rawget(M, "input_names") and require("fields").sources(M) or rawget(M, "sources"))
  for _, f in ipairs(type(srcs) == "table" and srcs or {}) do sources[f] = true end
  for _, c in ipairs(cols) do
    local n = type(c) == "table" and c.name or tostring(c)
    names[#names + 1] = n
    if n == opts.by then found = true end
    local spec = type(inputs) == "table" and inputs[n]
    if n ~= key and (type(inputs) ~= "table" or n == "id" or n == opts.by or sources[n] or (spec and spec.type ~= "list")) then
      want[#want + 1] = quote(n)
    end
  end
  if opts.by and not found and not (opts.by_spec and opts.by_spec.kind == "output") then
    error(("by %s: table %s has no column '%s' (columns: %s)"):format(opts.by, tbl, opts.by, table.concat(names, ", ")), 0)
  end
  local k = key_sql(db, tbl, key)
  local sql = ("SELECT %s AS %s%s%s FROM %s%s ORDER BY %s"):format(k, quote(key), #want > 0 and ", " or "",
    table.concat(want, ", "), quote(tbl), opts.where and (" WHERE (\n" .. opts.where .. "\n)") or "", k)
  return db:rows(sql, { limit = opts.limit, key = key, children = whatif.children(M, db, opts.child) }), key
end

local function new_summary()
  local s = { n = 0, status = {}, amount = nil, errors = {}, nerrors = 0 }
  for _, k in ipairs(STATUSES) do s.status[k] = 0 end
  return s
end

local function count(s, id, res)
  s.n = s.n + 1
  local st = res.status or "error"
  s.status[st] = (s.status[st] or 0) + 1
  if st == "eligible" and res.amount ~= nil then s.amount = add(s.amount, res.amount) end
  if st == "error" then
    s.nerrors = s.nerrors + 1
    if #s.errors < MAX_ERRORS then s.errors[#s.errors + 1] = { id = id, message = res.error } end
  end
end

local function record_id(r, key)
  return r[key or "id"] or r.id
end

-- The population under one set of options: counts by status and total amount.
--   opts: measure, db, table, where, limit, as_of, set, interpret, tick (called per record)
-- With a compiled measure and the database's file (opts.dbpath), the population is evaluated
-- in memory on every core (stdlib/population.lua), with the same results; opts.fast = false
-- turns that off.
local function in_memory(fn, opts)
  if opts.fast == false or not opts.dbpath then return nil end
  local ok, population = pcall(require, "population")
  if not ok then return nil end
  return (population[fn](opts, whatif))
end

function whatif.run(opts)
  local fast = in_memory("run", opts)
  if fast then return fast end
  local M = whatif.measure(opts.measure)
  local ev = whatif.evaluator(M, opts)
  local s = new_summary()
  s.measure = M.id
  s.as_of = opts.as_of
  local tick = opts.tick
  local it, key = rows(opts, M)
  for r, err in it do
    if tick then tick() end
    if err then count(s, record_id(r, key), { status = "error", error = tostring(err) })
    else count(s, record_id(r, key), ev(r)) end
  end
  s.amount = s.amount or zero()
  return s
end

local function amount_of(res)
  if res.status == "eligible" and res.amount ~= nil then return res.amount end
  return zero()
end

local function new_group()
  return { n = 0, base_eligible = 0, reform_eligible = 0, gain = 0, lose = 0, became_eligible = 0,
    became_ineligible = 0, base_amount = zero(), reform_amount = zero() }
end

-- Baseline against reform.
--   opts: as whatif.run, plus reform = {set=, interpret=} (the baseline uses opts.set and
--   opts.interpret, normally empty) and by = FIELD.
function whatif.compare(opts)
  local fast = in_memory("compare", opts)
  if fast then return fast end
  local M = whatif.measure(opts.measure)
  local reform = opts.reform or {}
  local base_ev = whatif.evaluator(M, { as_of = opts.as_of, set = opts.set, interpret = opts.interpret })
  local reform_ev = whatif.evaluator(M, { as_of = opts.as_of, set = reform.set, interpret = reform.interpret or opts.interpret })
  local c = {
    measure = M.id, as_of = opts.as_of, by = opts.by, reform = reform,
    base = new_summary(), new = new_summary(),
    gain = { n = 0, amount = zero() }, lose = { n = 0, amount = zero() },
    became_eligible = 0, became_ineligible = 0, changed = {}, groups = {}, group_order = {},
  }
  opts.by_spec = by_of(opts, { M }, M)
  c.by_kind = opts.by_spec and opts.by_spec.kind
  local tick = opts.tick
  local it, key = rows(opts, M)
  for r, err in it do
    if tick then tick() end
    local id = record_id(r, key)
    local b, n
    if err then
      b = { status = "error", error = tostring(err) }
      n = b
    else
      b, n = base_ev(r), reform_ev(r)
    end
    count(c.base, id, b)
    count(c.new, id, n)
    local ba, na = amount_of(b), amount_of(n)
    local g
    if opts.by then
      local key = whatif.group_of(opts.by_spec, opts.by, r, b, n)
      g = c.groups[key]
      if not g then
        g = new_group()
        c.groups[key] = g
        c.group_order[#c.group_order + 1] = key
      end
      g.n = g.n + 1
      if b.status == "eligible" then g.base_eligible = g.base_eligible + 1 end
      if n.status == "eligible" then g.reform_eligible = g.reform_eligible + 1 end
      g.base_amount = g.base_amount + ba
      g.reform_amount = g.reform_amount + na
    end
    local changed = false
    if na > ba then
      c.gain.n = c.gain.n + 1
      c.gain.amount = c.gain.amount + (na - ba)
      if g then g.gain = g.gain + 1 end
      changed = true
    elseif na < ba then
      c.lose.n = c.lose.n + 1
      c.lose.amount = c.lose.amount + (na - ba)
      if g then g.lose = g.lose + 1 end
      changed = true
    end
    if b.status ~= "eligible" and n.status == "eligible" then
      c.became_eligible = c.became_eligible + 1
      if g then g.became_eligible = g.became_eligible + 1 end
      changed = true
    elseif b.status == "eligible" and n.status ~= "eligible" then
      c.became_ineligible = c.became_ineligible + 1
      if g then g.became_ineligible = g.became_ineligible + 1 end
      changed = true
    elseif b.status ~= n.status then
      changed = true
    end
    if changed and #c.changed < MAX_CHANGED then
      c.changed[#c.changed + 1] = { id = id, base_status = b.status, base_amount = b.amount,
        reform_status = n.status, reform_amount = n.amount }
    end
  end
  c.base.amount = c.base.amount or zero()
  c.new.amount = c.new.amount or zero()
  c.cost_change = c.new.amount - c.base.amount
  table.sort(c.group_order)
  return c
end

-- ---- several measures weighed together (就高不重复 between them) ----

-- The --set / --interpret pairs of one measure: NAME=VALUE applies to every measure that
-- declares NAME, MEASURE_ID:NAME=VALUE to that measure only. A NAME no measure declares is an
-- error naming the measures.
local function split_overrides(Ms, pairs_, what)
  local per = {}
  for _, M in ipairs(Ms) do per[M.id] = {} end
  for _, kv in ipairs(pairs_ or {}) do
    local name, value = kv[1], kv[2]
    local mid, short = name:match("^(.+):([^:]+)$")
    if mid then
      if not per[mid] then
        local ids = {}
        for _, M in ipairs(Ms) do ids[#ids + 1] = M.id end
        error(("%s %s: '%s' is not one of the measures compared (%s)"):format(what, name, mid, table.concat(ids, ", ")), 0)
      end
      per[mid][short] = value
    else
      local found = false
      for _, M in ipairs(Ms) do
        local has = what == "--set" and M.params[name] or what == "--interpret" and M.interps[name]
        if has then per[M.id][name] = value; found = true end
      end
      if not found then
        local ids = {}
        for _, M in ipairs(Ms) do ids[#ids + 1] = M.id end
        error(("%s %s: none of the measures compared declares %s '%s' (%s); name one as MEASURE_ID:%s"):format(what,
          name, what == "--set" and "a parameter" or "an interpretation", name, table.concat(ids, ", "), name), 0)
      end
    end
  end
  return per
end
whatif.split_overrides = split_overrides

-- The columns several measures read: the union of their inputs (for rows()).
local function union_of(Ms)
  local inputs, sources = {}, {}
  for _, M in ipairs(Ms) do
    for k, v in pairs(M.inputs or {}) do inputs[k] = inputs[k] or v end
    for _, f in ipairs(M.input_names and require("fields").sources(M) or {}) do sources[#sources + 1] = f end
  end
  return { inputs = inputs, entity = Ms[1].entity, sources = sources }
end

-- The amount a record receives from a set of results: the eligible amounts that count.
local function paid_of(results)
  local total = zero()
  for _, res in ipairs(results) do total = total + amount_of(res) end
  return total
end

-- "a 500,000.00元; b —" for the examples of changed records: what each measure pays.
local function paying(results)
  local parts = {}
  for _, res in ipairs(results) do
    if res.status == "eligible" and res.amount ~= nil then
      parts[#parts + 1] = ("%s %s"):format(tostring(res.measure), tostring(res.amount))
    end
  end
  return #parts > 0 and table.concat(parts, "; ") or "nothing"
end

--   opts: as whatif.compare, with measures = {M, ...} (loaded measures) and, instead of
--   set/interpret and reform, per-measure overrides: base = {[id] = {set=, interpret=}},
--   reform_of = {[id] = {set=, interpret=}}; reform = {set=, interpret=} is kept for the report.
function whatif.compare_many(opts)
  local Ms = opts.measures
  local base_evs, reform_evs = {}, {}
  for i, M in ipairs(Ms) do
    local b = opts.base and opts.base[M.id] or {}
    local n = opts.reform_of and opts.reform_of[M.id] or {}
    base_evs[i] = whatif.evaluator(M, { as_of = opts.as_of, set = b.set, interpret = b.interpret })
    local interp = {}
    for k, v in pairs(b.interpret or {}) do interp[k] = v end
    for k, v in pairs(n.interpret or {}) do interp[k] = v end
    reform_evs[i] = whatif.evaluator(M, { as_of = opts.as_of, set = n.set, interpret = interp })
  end
  local measure = global("measure")
  local ids = {}
  for i, M in ipairs(Ms) do ids[i] = M.id end
  local c = {
    measure = table.concat(ids, " + "), measures = ids, as_of = opts.as_of, by = opts.by, reform = opts.reform or {},
    records = 0, base = new_summary(), new = new_summary(), per = {},
    gain = { n = 0, amount = zero() }, lose = { n = 0, amount = zero() },
    became_eligible = 0, became_ineligible = 0, changed = {}, groups = {}, group_order = {},
    grouped = require("measure.stacking").grouped(Ms),
  }
  c.base.results, c.new.results = true, true
  for _, id in ipairs(ids) do
    c.per[id] = { base = new_summary(), new = new_summary() }
    c.per[id].base.amount, c.per[id].new.amount = zero(), zero()
  end
  local U = union_of(Ms)
  opts.by_spec = by_of(opts, Ms, U)
  c.by_kind = opts.by_spec and opts.by_spec.kind
  local tick = opts.tick
  local it, key = rows(opts, U)
  for r, err in it do
    if tick then tick() end
    local id = record_id(r, key)
    c.records = c.records + 1
    local bs, ns = {}, {}
    for i, M in ipairs(Ms) do
      if err then
        bs[i] = { measure = M.id, status = "error", error = tostring(err), _measure = M }
        ns[i] = { measure = M.id, status = "error", error = tostring(err), _measure = M }
      else
        bs[i], ns[i] = base_evs[i](r), reform_evs[i](r)
      end
    end
    measure.combine(bs)
    measure.combine(ns)
    local g
    if opts.by then
      local key = whatif.group_of(opts.by_spec, opts.by, r, bs, ns)
      g = c.groups[key]
      if not g then
        g = new_group()
        c.groups[key] = g
        c.group_order[#c.group_order + 1] = key
      end
      g.n = g.n + 1
    end
    local changed = false
    for i, M in ipairs(Ms) do
      local b, n = bs[i], ns[i]
      count(c.base, id, b)
      count(c.new, id, n)
      local per = c.per[M.id]
      count(per.base, id, b)
      count(per.new, id, n)
      if g then
        if b.status == "eligible" then g.base_eligible = g.base_eligible + 1 end
        if n.status == "eligible" then g.reform_eligible = g.reform_eligible + 1 end
      end
      if b.status ~= "eligible" and n.status == "eligible" then
        c.became_eligible = c.became_eligible + 1
        if g then g.became_eligible = g.became_eligible + 1 end
        changed = true
      elseif b.status == "eligible" and n.status ~= "eligible" then
        c.became_ineligible = c.became_ineligible + 1
        if g then g.became_ineligible = g.became_ineligible + 1 end
        changed = true
      elseif b.status ~= n.status or amount_of(b) ~= amount_of(n) then
        changed = true
      end
    end
    local ba, na = paid_of(bs), paid_of(ns)
    if g then
      g.base_amount = g.base_amount + ba
      g.reform_amount = g.reform_amount + na
    end
    if na > ba then
      c.gain.n = c.gain.n + 1
      c.gain.amount = c.gain.amount + (na - ba)
      if g then g.gain = g.gain + 1 end
      changed = true
    elseif na < ba then
      c.lose.n = c.lose.n + 1
      c.lose.amount = c.lose.amount + (na - ba)
      if g then g.lose = g.lose + 1 end
      changed = true
    end
    if changed and #c.changed < MAX_CHANGED then
      c.changed[#c.changed + 1] = { id = id, base_text = paying(bs), reform_text = paying(ns) }
    end
  end
  c.base.amount = c.base.amount or zero()
  c.new.amount = c.new.amount or zero()
  for _, id in ipairs(ids) do
    local per = c.per[id]
    per.base.amount = per.base.amount or zero()
    per.new.amount = per.new.amount or zero()
  end
  c.cost_change = c.new.amount - c.base.amount
  table.sort(c.group_order)
  return c
end

-- ---- text ----

local show = require "repl.show"

local function overrides_text(set, interpret)
  local parts = {}
  for _, k in ipairs(show.sorted_keys(set or {})) do parts[#parts + 1] = ("%s = %s"):format(k, tostring(set[k])) end
  for _, k in ipairs(show.sorted_keys(interpret or {})) do
    parts[#parts + 1] = ("interpret %s = %s"):format(k, tostring(interpret[k]))
  end
  return table.concat(parts, ", ")
end
whatif.overrides_text = overrides_text

-- `.run`: counts by status and the total amount.
function whatif.format_run(s, title)
  local rows = {}
  for _, k in ipairs(STATUSES) do
    if s.status[k] > 0 or k == "eligible" or k == "ineligible" then
      rows[#rows + 1] = { status = k, records = int(s.status[k]) }
    end
  end
  local out = {}
  out[1] = ("%s: %s%s"):format(tostring(s.measure), records(s.n), s.as_of and (", as of " .. tostring(s.as_of)) or "")
  if title and title ~= "" then out[#out + 1] = title end
  out[#out + 1] = show.columns(rows, { "status", "records" })
  out[#out + 1] = "total amount: " .. money_text(s.amount)
  for _, e in ipairs(s.errors) do out[#out + 1] = ("error: record %s: %s"):format(tostring(e.id), e.message) end
  if s.nerrors > #s.errors then out[#out + 1] = ("… and %d more records with errors"):format(s.nerrors - #s.errors) end
  return table.concat(out, "\n")
end

-- `.compare` / `gazette whatif`: the comparison for a person.
function whatif.format_compare(c)
  local out = {}
  if c.measures then
    out[1] = ("%s: %s × %d measures%s"):format(tostring(c.measure), records(c.records), #c.measures,
      c.as_of and (", as of " .. tostring(c.as_of)) or "")
  else
    out[1] = ("%s: %s%s"):format(tostring(c.measure), records(c.base.n), c.as_of and (", as of " .. tostring(c.as_of)) or "")
  end
  local ov = overrides_text(c.reform.set, c.reform.interpret)
  out[#out + 1] = "reform: " .. (ov ~= "" and ov or "(no change: use .set PARAM VALUE)")
  if c.grouped then
    out[#out + 1] = "就高不重复: measures of one exclusivity group exclude one another on each record (the highest pays)"
  end
  local rows = {}
  for _, k in ipairs(STATUSES) do
    local b, n = c.base.status[k], c.new.status[k]
    if b > 0 or n > 0 or k == "eligible" or k == "ineligible" then
      rows[#rows + 1] = { [""] = k, baseline = int(b), reform = int(n), change = signed_int(n - b) }
    end
  end
  rows[#rows + 1] = { [""] = "total amount", baseline = money_text(c.base.amount), reform = money_text(c.new.amount),
    change = signed_money(c.cost_change) }
  out[#out + 1] = show.columns(rows, { "", "baseline", "reform", "change" }, { maxwidth = 60 })
  out[#out + 1] = ("gain: %s (%s)"):format(records(c.gain.n), signed_money(c.gain.amount))
  out[#out + 1] = ("lose: %s (%s)"):format(records(c.lose.n), signed_money(c.lose.amount))
  out[#out + 1] = ("become eligible: %s; become ineligible: %s"):format(records(c.became_eligible),
    records(c.became_ineligible))
  out[#out + 1] = "total cost change: " .. signed_money(c.cost_change)
  if c.measures then
    local m = {}
    for _, id in ipairs(c.measures) do
      local per = c.per[id]
      m[#m + 1] = { measure = id, ["eligible before"] = int(per.base.status.eligible),
        ["eligible after"] = int(per.new.status.eligible), ["amount before"] = money_text(per.base.amount),
        ["amount after"] = money_text(per.new.amount), change = signed_money(per.new.amount - per.base.amount) }
    end
    out[#out + 1] = ""
    out[#out + 1] = "by measure:"
    out[#out + 1] = show.columns(m, { "measure", "eligible before", "eligible after", "amount before", "amount after",
      "change" }, { maxwidth = 60 })
  end
  if c.by then
    local g = {}
    for _, key in ipairs(c.group_order) do
      local x = c.groups[key]
      g[#g + 1] = { [c.by] = key, records = int(x.n), ["eligible before"] = int(x.base_eligible),
        ["eligible after"] = int(x.reform_eligible), gain = int(x.gain), lose = int(x.lose),
        ["cost change"] = signed_money(x.reform_amount - x.base_amount) }
    end
    out[#out + 1] = ""
    out[#out + 1] = "by " .. c.by .. ":"
    out[#out + 1] = show.columns(g, { c.by, "records", "eligible before", "eligible after", "gain", "lose", "cost change" },
      { limit = 1000 })
  end
  if #c.changed > 0 then
    out[#out + 1] = ""
    out[#out + 1] = "examples of changed records:"
    local ex = {}
    for _, x in ipairs(c.changed) do
      if x.base_text then -- several measures: what each pays
        ex[#ex + 1] = { id = tostring(x.id), baseline = x.base_text, reform = x.reform_text }
      else
        ex[#ex + 1] = { id = tostring(x.id), baseline = x.base_status .. " " .. (x.base_amount and tostring(x.base_amount) or ""),
          reform = x.reform_status .. " " .. (x.reform_amount and tostring(x.reform_amount) or "") }
      end
    end
    out[#out + 1] = show.columns(ex, { "id", "baseline", "reform" })
  end
  local nerr = math.max(c.base.nerrors, c.new.nerrors)
  if nerr > 0 then
    local e = c.base.errors[1] or c.new.errors[1]
    out[#out + 1] = ("errors: %s could not be evaluated; first: record %s: %s"):format(records(nerr), tostring(e.id), e.message)
  end
  return table.concat(out, "\n")
end

-- ---- JSON ----

local function ordered(t, keys) return setmetatable(t, { __jsonorder = keys }) end

local function summary_json(s)
  local st = ordered({}, STATUSES)
  for _, k in ipairs(STATUSES) do st[k] = s.status[k] end
  if s.results then -- several measures: the counts are of results (record × measure)
    return ordered({ results = s.n, status = st, amount = s.amount, errors = s.nerrors }, { "results", "status", "amount", "errors" })
  end
  return ordered({ records = s.n, status = st, amount = s.amount, errors = s.nerrors }, { "records", "status", "amount", "errors" })
end

function whatif.to_json(c)
  local json = require "json"
  local groups
  if c.by then
    groups = {}
    for _, key in ipairs(c.group_order) do
      local x = c.groups[key]
      groups[#groups + 1] = ordered({ value = key, records = x.n, eligible_before = x.base_eligible,
        eligible_after = x.reform_eligible, gain = x.gain, lose = x.lose, became_eligible = x.became_eligible,
        became_ineligible = x.became_ineligible, amount_before = x.base_amount, amount_after = x.reform_amount,
        cost_change = x.reform_amount - x.base_amount },
        { "value", "records", "eligible_before", "eligible_after", "gain", "lose", "became_eligible",
          "became_ineligible", "amount_before", "amount_after", "cost_change" })
    end
    groups = json.array(groups)
  end
  -- the reform itself: its parameter values (--set) and its readings (--interpret)
  local set = ordered({}, show.sorted_keys(c.reform.set or {}))
  for k, v in pairs(c.reform.set or {}) do set[k] = tostring(v) end
  local interpret = ordered({}, show.sorted_keys(c.reform.interpret or {}))
  for k, v in pairs(c.reform.interpret or {}) do interpret[k] = tostring(v) end
  local by_measure
  if c.measures then
    by_measure = {}
    for _, id in ipairs(c.measures) do
      local per = c.per[id]
      local b, n = summary_json(per.base), summary_json(per.new)
      by_measure[#by_measure + 1] = ordered({ measure = id, baseline = b, reform = n,
        cost_change = per.new.amount - per.base.amount }, { "measure", "baseline", "reform", "cost_change" })
    end
    by_measure = json.array(by_measure)
  end
  local obj = ordered({
    measure = not c.measures and c.measure or nil, measures = c.measures and json.array(c.measures) or nil,
    as_of = c.as_of and tostring(c.as_of) or nil, set = set, interpret = interpret,
    records = c.measures and c.records or c.base.n,
    baseline = summary_json(c.base), reform = summary_json(c.new),
    gain = ordered({ records = c.gain.n, amount = c.gain.amount }, { "records", "amount" }),
    lose = ordered({ records = c.lose.n, amount = c.lose.amount }, { "records", "amount" }),
    became_eligible = c.became_eligible, became_ineligible = c.became_ineligible, cost_change = c.cost_change,
    by = c.by and ordered({ field = c.by, kind = c.by_kind or "column", groups = groups },
      { "field", "kind", "groups" }) or nil,
    by_measure = by_measure,
  }, { "measure", "measures", "as_of", "set", "interpret", "records", "baseline", "reform", "gain", "lose", "became_eligible",
    "became_ineligible", "cost_change", "by", "by_measure" })
  return json.encode(obj)
end

-- ---- `gazette whatif` ----

-- The options of a comparison as the workbook's summary lists them: {name, value, kind}.
function whatif.options_list(args, as_of, opts)
  local list = { { "as of", tostring(as_of), "date" }, { "population", args.db } }
  local tbl = opts.table or whatif.default_table(opts.measure)
  list[#list + 1] = { "table", tbl }
  if args.key then list[#list + 1] = { "key", args.key } end
  if args.child and #args.child > 0 then list[#list + 1] = { "child tables", table.concat(args.child, ", ") } end
  if args.where then list[#list + 1] = { "where", args.where } end
  if args.by then list[#list + 1] = { "by", args.by } end
  return list
end

-- args: measure, db (path), set = {{name, value}, ...}, interpret = {{name, choice}, ...},
-- by, table, key, child = {"LIST=TABLE.COLUMN", ...}, where, as_of, json (boolean), no_compile
-- (boolean), tick, note (prints a note on stderr); opens with `records`.
-- Returns the exit status and, on failure, a message (the host prints it on stderr).
function whatif.main(args)
  local Ms = {}
  for i, ref in ipairs(args.measures or { args.measure }) do
    local ok, M = pcall(whatif.measure, ref)
    if not ok then return 2, tostring(M) end
    Ms[i] = M
  end
  local M = Ms[1]
  local as_of = whatif.today()
  if args.as_of then
    local d, err = dates.parse(args.as_of)
    if not d then return 2, ("--as-of: %s"):format(tostring(err)) end
    as_of = d
  end
  local set, interpret = {}, {}
  for _, kv in ipairs(args.set or {}) do set[kv[1]] = kv[2] end
  for _, kv in ipairs(args.interpret or {}) do interpret[kv[1]] = kv[2] end
  -- bad overrides are input errors found before running
  local reform_of
  local okp, perr = pcall(function()
    if #Ms > 1 then
      local sets, interps = split_overrides(Ms, args.set, "--set"), split_overrides(Ms, args.interpret, "--interpret")
      reform_of = {}
      for _, X in ipairs(Ms) do
        reform_of[X.id] = { set = sets[X.id], interpret = interps[X.id] }
        X:prepare { as_of = as_of, set = sets[X.id], interpret = interps[X.id] }
      end
    else
      M:prepare { as_of = as_of, set = set, interpret = interpret }
    end
  end)
  if not okp then return 2, tostring(perr) end
  local okr, records = pcall(require, "records")
  if not okr then return 2, "the records module is not available in this build: " .. tostring(records) end
  local okd, db, derr = pcall(records.open, args.db, { readonly = true })
  if not okd or not db then return 2, tostring(okd and derr or db) end
  local opts = { measure = M, db = db, dbpath = args.db, table = args.table, key = args.key, where = args.where,
    as_of = as_of, by = args.by, reform = { set = set, interpret = next(interpret) and interpret or nil },
    tick = args.tick, fast = not args.no_compile, child = args.child }
  -- the table, its key, --where, --child and the --by column are checked before running
  local okt, terr = pcall(function()
    local tbl = opts.table or whatif.default_table(M)
    whatif.key(db, tbl, opts.key)
    -- child tables as gazette run plans them, with its notes
    local _, notes = whatif.plan_children(Ms, db, opts.child)
    for _, n in ipairs(notes) do
      if args.note then args.note(n) end
    end
    if opts.where and db.check_where then
      local okw, werr = db:check_where(tbl, opts.where)
      if not okw then error("--where: " .. tostring(werr), 0) end
    end
    local cols = db.columns and db:columns(tbl)
    if opts.by and cols then whatif.by_spec(Ms, cols, tbl, opts.by, "--by") end
  end)
  if not okt then
    if db.close then pcall(db.close, db) end
    return 2, tostring(terr)
  end
  if #Ms > 1 then opts.measures, opts.reform_of = Ms, reform_of end
  local okc, c = pcall(#Ms > 1 and whatif.compare_many or whatif.compare, opts)
  if db.close then pcall(db.close, db) end
  if not okc then return 1, tostring(c) end
  if args.workbook then -- --out FILE.xlsx (the host made the workbook for the file it checked)
    local okw, werr = pcall(require("workbook").whatif, args.workbook, c, { measure = M, measures = Ms,
      options = whatif.options_list(args, as_of, opts) })
    if not okw then return 1, "writing the workbook: " .. tostring(werr) end
  end
  if args.json then print(whatif.to_json(c)) else print(whatif.format_compare(c)) end
  if c.base.nerrors + c.new.nerrors > 0 then return 1, nil end
  return 0, nil
end

return whatif
