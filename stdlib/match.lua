-- stdlib/match.lua: which measures does this record qualify for? (docs/matching.md)
--
-- The question 惠企政策 services ask the other way round from a measure: given one enterprise
-- (or person), every measure in force for its entity is evaluated once; the eligible ones with
-- their amounts and clauses, the undetermined ones with the facts still needed (each fact named
-- once, as the record should give it), the ineligible ones with their first failed rule. 就高不重复
-- between measures (a shared `group`) is applied: the higher pays, the other is excluded_by it.
--
--   local lib = match.library{entity = "enterprise", as_of = date, all = false}
--   local report = lib:match(record)      -- raises an input error (a string) for bad data
--   match.to_json(report), match.text(report)
--   match.entity_of(record) -> entity, how | nil, why
--
-- A record is a table of canonical fields (stdlib/fields.lua, docs/fields.md) plus the inputs
-- particular to one measure, by their plain name when that names one fact, else as
-- "MEASURE_ID:NAME" (M14's industry_code is the 改革行业类别编码, not the canonical GB/T 4754 code).
local json = require "json"
local dates = require "dates"
local fields = require "fields"
local result = require "measure.result"
local coerce = require "measure.coerce"

local match = {}

-- ---- the library for one entity ----

local Lib = {}
Lib.__index = Lib

local measures_cache -- measure.list(), loaded once per process

local function all_measures()
  if not measures_cache then
    local list, errors = measure.list()
    measures_cache = { list = list, errors = errors }
  end
  return measures_cache.list, measures_cache.errors
end

-- Every entity a record may declare: those of the vocabulary and those measures declare.
function match.entities()
  local seen, out = {}, {}
  for _, e in ipairs(fields.entities()) do
    if not e.list_of and not seen[e.entity] then seen[e.entity] = true; out[#out + 1] = e.entity end
  end
  for _, m in ipairs((all_measures())) do
    if m.entity and not seen[m.entity] then seen[m.entity] = true; out[#out + 1] = m.entity end
  end
  return out
end

-- The measures that apply to a record of `entity`: those of the entity and of the entities it
-- is a kind of (a fund manager is an enterprise).
local function applicable(entity)
  local line, out = {}, {}
  for _, e in ipairs(fields.lineage(entity)) do line[e] = true end
  for _, m in ipairs((all_measures())) do
    if m.entity and line[m.entity] then out[#out + 1] = m.measure end
  end
  return out
end
match.applicable = applicable

-- match.library{entity=, as_of=, all=, measures=} -> lib. `measures` (a list of measures)
-- replaces the library's own (tests, gazette run --all with patterns).
function match.library(opts)
  local entity = opts.entity
  local known = false
  for _, e in ipairs(match.entities()) do if e == entity then known = true end end
  if not known then
    error(("unknown entity '%s'; entities: %s"):format(tostring(entity), table.concat(match.entities(), ", ")), 0)
  end
  local as_of = opts.as_of
  if type(as_of) == "string" then as_of = assert(dates.parse(as_of)) end
  local lib = setmetatable({ entity = entity, as_of = as_of, all = opts.all, measures = opts.measures or applicable(entity),
    evals = {}, plain = {}, own = {} }, Lib)
  lib.canonical = fields.of(entity)
  lib.plain, lib.ambiguous = match.plain_inputs(lib.measures)
  for _, M in ipairs(lib.measures) do lib.evals[M] = M:prepare { as_of = as_of } end
  return lib
end

-- Which inputs of measures evaluated together a record (or a table's column) gives by their
-- plain name: canonical and derived inputs, and a specific input whose name is neither a
-- canonical field of the measure's entity nor another of these measures' specific input; the
-- others only as "MEASURE_ID:NAME" (M14's industry_code is not the canonical GB/T 4754 code).
-- Returns plain = {[M] = {name = true}} and ambiguous = {name = {ids}} (specific to several).
function match.plain_inputs(measures)
  local specific_by = {}
  for _, M in ipairs(measures) do
    for _, n in ipairs(M.input_names) do
      local kind = fields.classify(M, n)
      if kind ~= "canonical" and kind ~= "derived" then
        specific_by[n] = specific_by[n] or {}
        table.insert(specific_by[n], M.id)
      end
    end
  end
  local plain, ambiguous = {}, {}
  for _, M in ipairs(measures) do
    local p = {}
    for _, n in ipairs(M.input_names) do
      local kind = fields.classify(M, n)
      local canonical = M.entity and fields.field(M.entity, n)
      if kind == "canonical" or kind == "derived" then p[n] = true
      elseif #specific_by[n] > 1 then
        if not canonical then ambiguous[n] = specific_by[n] end
      elseif not canonical then p[n] = true end
    end
    plain[M] = p
  end
  return plain, ambiguous
end

-- The record as measure M reads it: the canonical fields (its derivations read them), then
-- each input by "ID:NAME" or, when the plain name is M's, by name.
local function view_for(lib, M, rec)
  local v = {}
  for name in pairs(lib.canonical) do
    if rec[name] ~= nil then v[name] = rec[name] end
  end
  local plain = lib.plain[M]
  for _, n in ipairs(M.input_names) do
    local x = rec[M.id .. ":" .. n]
    if x == nil and plain[n] then x = rec[n] end
    v[n] = x
  end
  return v
end

-- How a missing field of M is asked for: the canonical fields a derived input still needs,
-- else the field by its plain name or as "ID:NAME".
local function asked(lib, M, field, view)
  local top = field:match("^[%a_][%w_]*") or field
  local d = M.inputs[top]
  if d and d.derive ~= nil and top == field then
    local srcs = fields.missing_sources(M, top, view)
    if #srcs > 0 then return srcs, top end
  end
  if lib.plain[M][top] or not d then return { field } end
  return { M.id .. ":" .. field }
end

local function first_failed(res)
  for _, r in ipairs(res.reasons or {}) do
    if r.result == false then return r end
  end
end

-- The clauses an eligible result rests on: its rules met, its selections over child records,
-- the alternative paid (就高不重复 inside the measure); for a measure without any (a calculator),
-- the clauses of its parameters.
local function clauses_of(res)
  local out, seen = {}, {}
  local function add(c) -- "第三条、第十三条" counts as two clauses
    for one in (tostring(c or "") .. "、"):gmatch("(.-)、") do
      if one ~= "" and not seen[one] then seen[one] = true; out[#out + 1] = one end
    end
  end
  for _, r in ipairs(res.reasons or {}) do
    if r.result == true then add(r.clause) end
  end
  local M = res._measure
  for _, S in ipairs(M.eachs or {}) do add(S.clause) end
  for _, a in ipairs(res.alternatives or {}) do
    for _, o in ipairs(a.options or {}) do if o.paid then add(o.clause) end end
  end
  if #out == 0 then
    for _, name in ipairs(M.param_order or {}) do
      for _, e in ipairs(M.params[name].values) do add(e.clause) end
    end
  end
  return out
end

-- "hires[10].x" after "hires[2].x": the numbers in a field compared as numbers.
local function natural_less(a, b)
  local ka = a:gsub("%d+", function(d) return ("%012d"):format(tonumber(d)) end)
  local kb = b:gsub("%d+", function(d) return ("%012d"):format(tonumber(d)) end)
  return ka < kb
end

local RANK = { eligible = 1, undetermined = 2, ineligible = 3, error = 4, not_in_force = 5 }

local function a(entity) return (entity:match("^[aeiou]") and "an " or "a ") .. entity end

-- Checks the record's keys: unknown ones become warnings; a plain name that is the specific
-- input of several measures is an input error (which one was meant?).
function Lib:check(rec)
  local warnings = {}
  local inputs = {}
  for _, M in ipairs(self.measures) do
    for _, n in ipairs(M.input_names) do inputs[n] = inputs[n] or M end
  end
  local keys = {}
  for k in pairs(rec) do keys[#keys + 1] = tostring(k) end
  table.sort(keys)
  for _, k in ipairs(keys) do
    local id, name = k:match("^(.+):([%a_][%w_]*)$")
    if id then
      local M
      for _, x in ipairs(self.measures) do if x.id == id then M = x end end
      if not M then
        warnings[#warnings + 1] = ("'%s': %s is not a measure for %s record; ignored"):format(k, id, a(self.entity))
      elseif not M.inputs[name] then
        local hint = coerce.did_you_mean(name, M.inputs)
        warnings[#warnings + 1] = ("'%s': '%s' is not an input of %s; ignored%s"):format(k, name, id,
          hint and (" (did you mean '" .. hint .. "'?)") or "")
      end
    elseif self.ambiguous[k] then
      local as = {}
      for i, x in ipairs(self.ambiguous[k]) do as[i] = ("\"%s:%s\""):format(x, k) end
      error(("'%s' is an input of %s, each meaning its own fact; give it as %s"):format(k,
        table.concat(self.ambiguous[k], " and "), table.concat(as, " or ")), 0)
    elseif k ~= "entity" and k ~= "id" and not self.canonical[k] and not inputs[k] then
      local all = {}
      for n in pairs(self.canonical) do all[n] = true end
      for n in pairs(inputs) do all[n] = true end
      local hint = coerce.did_you_mean(k, all)
      warnings[#warnings + 1] = ("'%s' is not a field of %s record (docs/fields.md) nor an input of its measures; ignored%s")
        :format(k, a(self.entity), hint and (" (did you mean '" .. hint .. "'?)") or "")
    end
  end
  return warnings
end

-- lib:match(record) -> report. Raises a string for an input error (a value that does not
-- convert, a derived input its fields contradict, an ambiguous name).
function Lib:match(rec)
  local warnings = self:check(rec)
  local results, views = {}, {}
  for _, M in ipairs(self.measures) do
    local view = view_for(self, M, rec)
    views[M] = view
    local okc, cerr = pcall(M.coerce, M, view)
    if not okc then
      local msg = tostring(cerr)
      local f = msg:match("^input '([%a_][%w_]*)")
      if f and M.inputs[f] and not self.plain[M][f] then msg = M.id .. ": " .. msg end
      error(msg, 0)
    end
    local ok, res = pcall(self.evals[M], view)
    if ok then
      results[#results + 1] = res
    else
      results[#results + 1] = { measure = M.id, status = "error", error = tostring(res), _measure = M }
    end
  end
  local _, total = measure.combine(results)
  local report = { as_of = self.as_of, entity = self.entity, results = {}, total = total, needed = {},
    needed_by = {}, warnings = warnings, errors = 0, counts = {} }
  local groups, group_order, group_measures = {}, {}, {}
  for _, res in ipairs(results) do
    local M = res._measure
    report.counts[res.status] = (report.counts[res.status] or 0) + 1
    if res.status == "error" then report.errors = report.errors + 1 end
    if res.status ~= "not_in_force" or self.all then
      local row = { measure = res.measure, title = M.title, number = M.document.number, status = res.status,
        amount = res.amount, missing = {}, excluded_by = res.excluded_by, excluded_amount = res.excluded_amount,
        error = res.error, result = res }
      if res.status == "undetermined" then
        local seen = {}
        for _, f in ipairs(res.missing or {}) do
          local facts, derived = asked(self, M, f, views[M])
          for _, a in ipairs(facts) do
            if derived then row.via = row.via or {}; row.via[a] = derived end
            if not seen[a] then
              seen[a] = true
              row.missing[#row.missing + 1] = a
              local by = report.needed_by[a]
              if not by then
                by = {}
                report.needed_by[a] = by
                report.needed[#report.needed + 1] = a
                local g = a:match("^([^%[%.]+)")
                if not groups[g] then groups[g] = {}; group_order[#group_order + 1] = g; group_measures[g] = {} end
                table.insert(groups[g], a)
              end
              by[#by + 1] = derived and ("%s (for %s)"):format(M.id, derived) or M.id
              group_measures[a:match("^([^%[%.]+)")][M.id] = true
            end
          end
        end
      elseif res.status == "ineligible" then
        row.failed = first_failed(res)
      elseif res.status == "eligible" then
        row.clauses = clauses_of(res)
      end
      report.results[#report.results + 1] = row
    end
  end
  table.sort(report.results, function(a, b)
    if RANK[a.status] ~= RANK[b.status] then return RANK[a.status] < RANK[b.status] end
    if a.status == "eligible" and a.amount and b.amount and a.amount ~= b.amount then return a.amount > b.amount end
    if a.status == "eligible" and (a.amount == nil) ~= (b.amount == nil) then return a.amount ~= nil end
    return a.measure < b.measure
  end)
  -- needed: grouped by field or list (a list's children together), the groups more measures
  -- need first; each fact once
  local function n_of(g) local n = 0 for _ in pairs(group_measures[g]) do n = n + 1 end return n end
  table.sort(group_order, function(a, b)
    local na, nb = n_of(a), n_of(b)
    if na ~= nb then return na > nb end
    return a < b
  end)
  local needed = {}
  for _, g in ipairs(group_order) do
    table.sort(groups[g], natural_less)
    for _, a in ipairs(groups[g]) do needed[#needed + 1] = a end
  end
  report.needed = needed
  return report
end

-- ---- the record's entity ----

-- The entity a record declares ("entity": "enterprise"), or the one its fields point to: the
-- entity whose canonical fields and measure inputs cover most of the record's fields; when two
-- cover as many, the more general one if the other is a kind of it, else no answer.
function match.entity_of(rec)
  local declared = rec.entity
  if declared ~= nil then
    if type(declared) ~= "string" then return nil, "\"entity\" must be a string such as \"enterprise\"" end
    return declared, "entity declared"
  end
  local names = {}
  for k in pairs(rec) do if type(k) == "string" and k ~= "id" then names[#names + 1] = k end end
  if #names == 0 then return nil, "an empty record: add \"entity\": \"enterprise\" (or person, ...) and its fields" end
  local best, score = {}, 0
  for _, e in ipairs(match.entities()) do
    local known = fields.of(e)
    for _, M in ipairs(applicable(e)) do
      for _, n in ipairs(M.input_names) do known[n] = known[n] or true end
    end
    local s = 0
    for _, k in ipairs(names) do
      local plain = k:match("^[^:]+:(.+)$")
      if known[k] or (plain and known[plain]) then s = s + 1 end
    end
    if s > score then best, score = { e }, s elseif s == score and s > 0 then best[#best + 1] = e end
  end
  if score == 0 then
    return nil, "none of its fields is a canonical field (docs/fields.md) or an input of a measure: add \"entity\""
  end
  if #best > 1 then
    -- the most general: one every other candidate is a kind of
    for _, g in ipairs(best) do
      local all = true
      for _, e in ipairs(best) do if not fields.is_kind(e, g) then all = false end end
      if all then return g, ("entity inferred from %d of its %d fields"):format(score, #names) end
    end
    return nil, ("its fields fit %s equally: add \"entity\" to say which"):format(table.concat(best, ", "))
  end
  return best[1], ("entity inferred from %d of its %d fields"):format(score, #names)
end

-- ---- output ----

local function plain(v) return result.plain(v) end

local ROW_ORDER = { "measure", "status", "amount", "missing", "excluded_by", "title", "clauses", "failed", "error" }

-- The object gazette match --json prints (docs/matching.md): {"as_of", "results": [{"measure", "status", "amount",
-- "missing", "excluded_by"?}], "total", "needed"}; each result also names its title, the clauses
-- it met (eligible), the first failed rule (ineligible) or the error; "entity" last.
function match.to_json(report)
  local rows = json.array()
  for i, r in ipairs(report.results) do
    local o = setmetatable({}, { __jsonorder = ROW_ORDER })
    o.measure, o.status, o.amount = r.measure, r.status, plain(r.amount)
    local miss = json.array()
    for j, m in ipairs(r.missing) do miss[j] = m end
    o.missing = miss
    o.excluded_by = r.excluded_by
    o.title = r.title
    if r.clauses then
      local c = json.array()
      for j, x in ipairs(r.clauses) do c[j] = x end
      o.clauses = c
    end
    if r.failed then
      o.failed = setmetatable({ rule = r.failed.rule, clause = r.failed.clause, text = r.failed.text,
        detail = r.failed.detail ~= nil and tostring(r.failed.detail) or nil },
        { __jsonorder = { "rule", "clause", "text", "detail" } })
    end
    o.error = r.error
    rows[i] = o
  end
  local needed = json.array()
  for i, n in ipairs(report.needed) do needed[i] = n end
  return setmetatable({ as_of = plain(report.as_of), results = rows, total = plain(report.total), needed = needed,
    entity = report.entity }, { __jsonorder = { "as_of", "results", "total", "needed", "entity" } })
end

local show = require "repl.show"
local function pad(s, n) return show.pad(s, math.max(n, show.width(s))) end

local function money_text(v)
  if v == nil then return "—" end
  return tostring(v)
end

-- The report for a person: eligible first with the total, then what to collect (each fact once,
-- with the measures that need it), then the ineligible ones, one line each.
function match.text(report)
  local out = {}
  local function add(s) out[#out + 1] = s end
  local by = {}
  for _, r in ipairs(report.results) do
    local k = r.status == "ineligible" and r.excluded_by and "excluded" or r.status
    by[k] = by[k] or {}
    table.insert(by[k], r)
  end
  local w = 0
  for _, r in ipairs(report.results) do w = math.max(w, show.width(r.measure)) end
  local nif = report.counts.not_in_force or 0
  local n = 0
  for _, c in pairs(report.counts) do n = n + c end
  add(("as of %s, %s record (%s): %d measure%s for it, %d in force%s"):format(tostring(report.as_of),
    a(report.entity), report.entity_how or "entity declared", n,
    n == 1 and "" or "s", n - nif, (nif > 0 and not by.not_in_force) and "; --all lists those not in force" or ""))
  local function section(title, rows, line)
    if not rows or #rows == 0 then return end
    add("")
    add(("%s: %d"):format(title, #rows))
    for _, r in ipairs(rows) do add(line(r)) end
  end
  section("Eligible (符合)", by.eligible, function(r)
    local where = r.number .. (#(r.clauses or {}) > 0 and (" " .. table.concat(r.clauses, "、")) or "")
    return ("  ✓ %s  %14s  %s（%s）"):format(pad(r.measure, w), money_text(r.amount), r.title, where)
  end)
  section("Not stacked (就高不重复)", by.excluded, function(r)
    return ("  ✗ %s  %14s  excluded by %s, which pays more%s"):format(pad(r.measure, w), money_text(r.excluded_amount),
      r.excluded_by, r.excluded_amount and "" or "")
  end)
  section("Undetermined (待补充)", by.undetermined, function(r)
    local facts = {}
    for i, m in ipairs(r.missing) do
      facts[i] = r.via and r.via[m] and ("%s (for %s)"):format(m, r.via[m]) or m
    end
    return ("  ? %s  needs %s"):format(pad(r.measure, w), #facts > 0 and table.concat(facts, ", ") or "(see eval)")
  end)
  section("Ineligible (不符合)", by.ineligible, function(r)
    local f = r.failed
    return ("  ✗ %s  %s%s"):format(pad(r.measure, w), f and ("%s [%s] %s"):format(f.rule, f.clause, f.text or "") or "",
      f and f.detail ~= nil and (" (" .. tostring(f.detail) .. ")") or "")
  end)
  section("Errors", by.error, function(r) return ("  ! %s  %s"):format(pad(r.measure, w), r.error) end)
  section("Not in force (不在有效期)", by.not_in_force, function(r)
    local M = r.result._measure
    return ("  - %s  valid %s to %s"):format(pad(r.measure, w), M.valid.from and tostring(M.valid.from) or "…",
      M.valid.to and tostring(M.valid.to) or "…")
  end)
  if #report.needed > 0 then
    add("")
    add(("To collect (%d fact%s, each once):"):format(#report.needed, #report.needed == 1 and "" or "s"))
    local nw = 0
    for _, n in ipairs(report.needed) do nw = math.max(nw, show.width(n)) end
    for _, n in ipairs(report.needed) do add(("  %s  %s"):format(pad(n, nw), table.concat(report.needed_by[n], ", "))) end
  end
  add("")
  add(("Total payable: %s"):format(tostring(report.total)))
  return table.concat(out, "\n")
end

-- ---- gazette match ----

local function usage(msg) return 2, ("%s\nTry 'gazette help match'."):format(msg) end

function match.cli(args, parse, today)
  local opts, pos = parse(args, { ["--input"] = "value", ["--as-of"] = "value", ["--json"] = "flag", ["--all"] = "flag",
    ["--entity"] = "value" })
  if not opts then return usage(pos) end
  if #pos > 0 then return usage(("unexpected argument '%s' (the record comes with --input FILE.json)"):format(pos[1])) end
  if not opts["--input"] then return usage("--input FILE.json (or - for standard input) is required") end
  local name = opts["--input"] == "-" and "standard input" or opts["--input"]
  local rec, jerr = json.decode(args.input_text or "")
  if rec == nil then return 2, ("%s: malformed JSON: %s"):format(name, jerr) end
  if type(rec) ~= "table" or getmetatable(rec) ~= nil then
    return 2, ("%s: expected a JSON object: one record's fields, e.g. {\"entity\": \"enterprise\", \"reg_district\": \"朝阳区\"}"):format(name)
  end
  local as_of = today()
  if opts["--as-of"] then
    local d, err = dates.parse(opts["--as-of"])
    if not d then return usage(("--as-of: %s"):format(err)) end
    as_of = d
  end
  local entity, how = opts["--entity"], "entity given with --entity"
  if entity and rec.entity ~= nil and rec.entity ~= entity then
    return 2, ("%s: the record says \"entity\": \"%s\" but --entity is %s"):format(name, tostring(rec.entity), entity)
  end
  if not entity then
    entity, how = match.entity_of(rec)
    if not entity then return 2, ("%s: which entity is the record? %s"):format(name, how) end
  end
  local okl, lib = pcall(match.library, { entity = entity, as_of = as_of, all = opts["--all"] })
  if not okl then return 2, ("%s: %s"):format(name, tostring(lib)) end
  local okm, report = pcall(lib.match, lib, rec)
  if not okm then return 2, ("%s: %s"):format(name, tostring(report)) end
  report.entity_how = how
  if opts["--json"] then print(json.encode(match.to_json(report)))
  else
    print(match.text(report))
  end
  local notes = {}
  for _, w in ipairs(report.warnings) do notes[#notes + 1] = ("warning: %s: %s"):format(name, w) end
  local _, load_errors = all_measures()
  for _, e in ipairs(load_errors or {}) do notes[#notes + 1] = ("cannot load %s: %s"):format(e.path, e.message) end
  local code = (report.errors > 0 or #(load_errors or {}) > 0) and 1 or 0
  return code, #notes > 0 and table.concat(notes, "\n") or nil
end

return match
