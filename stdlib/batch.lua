-- stdlib/batch.lua: the one place where `gazette run` (interp/cmd/cmd_run.c, interp/batch/)
-- meets the measure language.  The C runner streams raw records in and writes rows out; this
-- file loads the measures, prepares them for the run and turns each result into a row of
-- strings.  Nothing in C depends on the measure language itself.
--
--   local plan = batch.open{measures = {ID_OR_PATH_OR_PATTERN, ...}, as_of = "YYYY-MM-DD",
--                           set = {NAME = VALUE}, interpret = {NAME = CHOICE},
--                           explain = BOOL, format = "csv" | "jsonl" | "db",
--                           all = BOOL, entity = E, table = T, no_compile = BOOL}
--
-- all: every measure for entity E (and the entities it is a kind of; E defaults to the entity
-- the --table is named after, else enterprise); a reference holding '*' is a pattern of ids
-- ('chaoyang.*'), restricted to E's measures when E is given (docs/matching.md).
--
-- plan.columns   column names: record_id, measure, status, amount, <outputs>, [reasons], error
-- plan.types     SQLite column types for a .db output (INTEGER for integer outputs, else TEXT)
-- plan.ids       the measure ids, in the order given
-- plan.inputs    the scalar inputs the measures declare (sorted); the runner selects these
-- plan.lists     the list inputs (child records), sorted
-- plan.entity    the entity the measures share ("enterprise", ...), or false when they differ
-- plan.amounts   per measure, whether it computes an amount (false: its summary has no total)
-- plan.compiled  one entry per measure: its compiled evaluation (measure/compile.lua) for the
--                worker's compiled path, or false; plan.compiled_why[i] says why not
-- plan.sources   canonical fields that derived inputs are computed from (stdlib/fields.lua):
--                the runner fetches those the table has, silently
-- plan.derived   the derived inputs: no note when their column is missing but a source is there
-- plan.matching  true for --all or a pattern: the runner adds the per-record table `matches`
-- plan.district  (matching) function(value) -> the district a record whose reg_district holds
--                value is registered in (canonical name), for the cost by district
-- spec.fetched   (workers) the columns and child lists every record holds: a measure that reads
--                none of them gets the same result on every record, so it is evaluated once;
--                plan.set_fetched(list) does the same on a plan opened before they were known
-- plan.evals     one function per measure: eval(record) -> row, status, fen, failed
--      row     csv/db: an array with row[i] the text of columns[i], or an integer written as
--              tostring writes it (false = empty; row[1], the record id, is left to the
--              runner); jsonl: the JSON text of the line
--      status  the result's status ("eligible", ...)
--      fen     the amount in 分 as an integer, or nil
--      failed  for an ineligible result, the failed rules, one "rule\tclause\ttext" a line
--
-- Measures of one exclusivity group (`group = "..."`, 就高不重复) run together exclude one
-- another record by record (measure.combine, see combine_groups below): the runner still calls
-- one eval per measure, in order, on the same record.
local json = require "json"
local compile = require "measure.compile"

local batch = {}

-- The measure language (stdlib/measure.lua, global `measure`).
local function language() return measure end

local EMPTY_ARRAY_MT = getmetatable(json.decode("[]"))
local function array(t) return setmetatable(t, EMPTY_ARRAY_MT) end

-- The methods of money, taken once (a method call goes through money's __index each time).
local ZERO = yuan(0)
local money_plain, money_fen, is_money = ZERO.plain, ZERO.fen, money.is_money

-- Text of an output value: money as "70000.00" (as JSON writes money, docs/money.md), the rest by tostring
-- (dates ISO, ratios as decimals); an integer is left to the runner, which writes it as
-- tostring does.
local function text(v)
  if v == nil then return false end
  local tv = type(v)
  if tv == "string" or math.type(v) == "integer" then return v end
  if (tv == "userdata" or tv == "table") and is_money(v) then return money_plain(v) end
  return tostring(v)
end

local function oneline(s)
  return (tostring(s or ""):gsub("[\t\r\n]", " "))
end

-- The failed rules of an ineligible result, for the summary's top reasons: one
-- "rule\tclause\ttext" line per failed rule. lines caches each rule's line (by rule name: a
-- measure's rule names are unique and its rules do not change during a run).
local function failed_rules(res, lines)
  if res.status ~= "ineligible" then return nil end
  local reasons = res.reasons
  if not reasons then return "" end
  local one, out
  for i = 1, #reasons do
    local r = reasons[i]
    if r.result == false then
      local line = lines[r.rule]
      if not line then
        line = oneline(r.rule) .. "\t" .. oneline(r.clause) .. "\t" .. oneline(r.text)
        lines[r.rule] = line
      end
      if not one then one = line
      else
        out = out or { one }
        out[#out + 1] = line
      end
    end
  end
  if out then return table.concat(out, "\n") end
  return one or ""
end

-- The --explain column: failed rules with their clauses, then missing inputs. heads caches
-- each rule's "rule [clause] text" (as lines above).
-- The reason of a not_in_force result: the date checked against the measure's validity.
local function not_in_force(res, M)
  local v = M and M.valid or {}
  local period = ("%s to %s"):format(v.from and tostring(v.from) or "(no start)", v.to and tostring(v.to) or "(no end)")
  local doc = type(M and M.document) == "table" and M.document.number
  return ("not in force on %s: %s is valid %s%s"):format(tostring(res.in_force_on or res.as_of or "?"),
    doc or (M and M.id) or "the measure", period, v.on and " (the date the measure checks is the record's own)" or "")
end

local function explain(res, heads, M)
  local parts = {}
  if res.status == "not_in_force" then parts[1] = not_in_force(res, M) end
  local reasons = res.reasons
  if reasons then
    for i = 1, #reasons do
      local r = reasons[i]
      if r.result == false then
        local s = heads[r.rule]
        if not s then
          s = ("%s [%s] %s"):format(oneline(r.rule), oneline(r.clause), oneline(r.text))
          heads[r.rule] = s
        end
        if r.detail then s = s .. " (" .. oneline(r.detail) .. ")" end
        parts[#parts + 1] = s
      elseif r.result == "undetermined" and r.rule == "not-stacked" then
        -- 就高不重复: another measure of the group may pay more (measure.combine)
        parts[#parts + 1] = ("%s [%s] %s (%s)"):format(oneline(r.rule), oneline(r.clause), oneline(r.text),
          oneline(r.detail))
      end
    end
  end
  -- per-child reasons of the selections (M:each, stdlib/measure/each.lua)
  if res.items then parts[#parts + 1] = require("measure.each").brief(res) end
  if res.missing and #res.missing > 0 then
    local m = {}
    for i, f in ipairs(res.missing) do m[i] = tostring(f) end
    parts[#parts + 1] = "missing: " .. table.concat(m, ", ")
  end
  return #parts > 0 and table.concat(parts, "; ") or false
end

local LINE_ORDER = { __jsonorder = { "record_id", "measure", "as_of", "status", "amount", "outputs",
  "reasons", "missing", "interpretations" } }
local REASON_ORDER = { __jsonorder = { "rule", "clause", "result", "text", "detail" } }

-- The object gazette eval --json prints (stdlib/measure/result.lua), with record_id first.
local function json_line(lang, res, id, rec_id, as_of)
  if lang.to_json then
    local j = lang.to_json(res)
    if type(j) == "string" then
      return '{"record_id":' .. json.encode(rec_id) .. (j == "{}" and "}" or "," .. j:sub(2))
    end
    j.record_id = rec_id
    return json.encode(setmetatable(j, LINE_ORDER))
  end
  local reasons = {}
  for i, r in ipairs(res.reasons or {}) do
    reasons[i] = setmetatable({ rule = r.rule, clause = r.clause, result = r.result, text = r.text,
      detail = r.detail }, REASON_ORDER)
  end
  local outputs = {}
  for k, v in pairs(res.outputs or {}) do outputs[k] = v end
  return json.encode(setmetatable({
    record_id = rec_id, measure = id, as_of = res.as_of and tostring(res.as_of) or as_of,
    status = res.status, amount = res.amount ~= nil and res.amount or json.null,
    outputs = outputs, reasons = array(reasons), missing = array(res.missing or {}),
    interpretations = res.interpretations or {},
  }, LINE_ORDER))
end

-- 就高不重复 between measures run together (docs/measures.md "Non-stacking"): when two or more
-- measures of the run declare the same `group`, the eval of the first of them evaluates every
-- member on the record, applies measure.combine (the highest eligible amount pays; the others
-- become ineligible naming it), and keeps the results; each member's eval then writes its own
-- row from them. A member that raised gets its error row as before (and the best of the others
-- is undetermined: that member may pay more). The instruction budget of the first member's
-- call covers the whole group.
local function combine_groups(lang, ms, ids, raw, emits, evals)
  local members, order = {}, {}
  for i, M in ipairs(ms) do
    local g = M.group
    if g then
      if not members[g] then members[g] = {}; order[#order + 1] = g end
      members[g][#members[g] + 1] = i
    end
  end
  for _, g in ipairs(order) do
    local list = members[g]
    if #list > 1 then
      local leader = list[1]
      local held = {} -- measure index -> its combined result, or its error message
      local held_for -- the record id the held results belong to
      local results = {}
      for _, i in ipairs(list) do
        local emit = emits[i]
        evals[i] = function(rec)
          if i == leader then
            for k in pairs(held) do held[k] = nil end
            held_for = nil
            for k, j in ipairs(list) do
              local ok, res = pcall(raw[j], rec)
              if ok then held[j], results[k] = res, res
              else
                local msg = tostring(res)
                held[j] = msg
                results[k] = { measure = ids[j], status = "error", error = msg, _measure = ms[j] }
              end
            end
            lang.combine(results)
            held_for = rec.id
          end
          local got = held[i]
          held[i] = nil
          if got == nil or held_for ~= rec.id then
            error(("就高不重复 (group '%s'): %s was not combined with %s for this record (%s raised first)")
              :format(g, ids[i], ids[leader], ids[leader]), 0)
          end
          if type(got) == "string" then error(got, 0) end
          return emit(got, rec)
        end
      end
    end
  end
end

-- The compiled evaluation of each measure (stdlib/measure/compile.lua), or false: the worker
-- calls it on plain values and writes the row in C (interp/batch/batch_fast.c); a record it
-- hands back comes to evals[i] as before. Only for CSV and SQLite rows without --explain (JSON
-- Lines and explanations carry the reference's reasons). Members of an exclusivity group run
-- together (就高不重复) are compiled together or not at all: the worker combines their compiled
-- results as measure.combine does (group_index, group), else the reference's combine_groups
-- evaluates them. In a matching run an input read from a "MEASURE_ID:NAME" column names it
-- (columns).
local function compiled_evals(ms, ids, spec, format, sets_for, renamed)
  local out, why, groups = {}, {}, {}
  for _, M in ipairs(ms) do
    if M.group then groups[M.group] = (groups[M.group] or 0) + 1 end
  end
  for i, M in ipairs(ms) do
    out[i] = false
    if spec.no_compile then why[i] = "--no-compile"
    elseif format == "jsonl" then why[i] = "JSON Lines carry every rule's explanation"
    elseif spec.explain then why[i] = "--explain writes every record's reasons"
    else
      local ok, plan = pcall(M.resolve, M, { as_of = spec.as_of, set = sets_for(ids[i]), interpret = spec.interpret or {} })
      if ok then
        local c, reason = compile.measure(M, plan)
        out[i], why[i] = c or false, reason
        if c and renamed and renamed[M] then
          local cols = {}
          for j, name in ipairs(c.inputs) do cols[j] = renamed[M][name] or name end
          c = setmetatable({ columns = cols }, { __index = c })
          out[i] = c
        end
      else
        why[i] = tostring(plan)
      end
    end
  end
  -- a group in the run: compiled together, or each member by the reference
  local index, gi = {}, 0
  for i, M in ipairs(ms) do
    local g = M.group
    if g and groups[g] > 1 then
      if not index[g] then
        gi = gi + 1
        index[g] = gi
        local all = true
        for j, X in ipairs(ms) do if X.group == g and not out[j] then all = false end end
        index[g] = all and gi or false
      end
      if index[g] then
        out[i] = setmetatable({ group_index = index[g], group = g }, { __index = out[i] })
      elseif out[i] then
        out[i] = false
        why[i] = ("combined with the other measures of group '%s', and one of them is not compiled"):format(g)
      end
    end
  end
  return out, why
end
batch.compiled_evals = compiled_evals

-- The measures a run names: ids and paths as given, patterns ('chaoyang.*') expanded in id
-- order, or with `all` every measure for the entity (docs/matching.md).
local function resolve(lang, spec)
  local refs, matching, entity = spec.measures or {}, spec.all and true or false, spec.entity
  if spec.all and #refs > 0 then
    error(("--all evaluates every measure for the entity; name no MEASURE (got '%s')"):format(refs[1]), 0)
  end
  local match = require "match"
  if entity ~= nil then
    local known = false
    for _, e in ipairs(match.entities()) do known = known or e == entity end
    if not known then
      error(("--entity: unknown entity '%s'; entities: %s"):format(entity, table.concat(match.entities(), ", ")), 0)
    end
  end
  if spec.all then
    if not entity and spec.table then
      local t = spec.table
      local singular = t == "persons" and "person" or t:gsub("ies$", "y"):gsub("s$", "")
      for _, e in ipairs(match.entities()) do if e == singular or e == t then entity = e end end
    end
    entity = entity or "enterprise"
    local ms = match.applicable(entity)
    if #ms == 0 then error(("--all: no measure applies to a %s record"):format(entity), 0) end
    return ms, true, entity
  end
  local ms, seen = {}, {}
  local applies
  if entity then
    applies = {}
    for _, M in ipairs(match.applicable(entity)) do applies[M] = true end
  end
  for _, ref in ipairs(refs) do
    if ref:find("*", 1, true) then
      matching = true
      local pat = "^" .. ref:gsub("[%^%$%(%)%%%.%[%]%+%-%?]", "%%%0"):gsub("%*", ".*") .. "$"
      local n = 0
      for _, m in ipairs((lang.list())) do
        if m.id:match(pat) and (not applies or applies[m.measure]) and not seen[m.measure] then
          seen[m.measure] = true
          ms[#ms + 1] = m.measure
          n = n + 1
        end
      end
      if n == 0 then
        error(("no measure%s matches '%s' (gazette list shows the ids)"):format(entity and (" for a " .. entity) or "",
          ref), 0)
      end
    else
      local ok, M = pcall(lang.load, ref)
      if not ok or type(M) ~= "table" then
        local why = tostring(M)
        -- the loader's own message already names the measure ("unknown measure 'x'; did you mean")
        error(why:find("unknown measure", 1, true) and why or ("cannot load measure '%s': %s"):format(ref, why), 0)
      end
      ms[#ms + 1] = M
    end
  end
  if entity and not matching then error("--entity goes with --all or a pattern of measure ids ('chaoyang.*')", 0) end
  return ms, matching, matching and entity or nil
end

-- ---- batch.open in named steps ----

-- Columns: the fixed four, then every named output of every measure (first come first placed;
-- measures sharing an output name share its column), then reasons (--explain) and error.
local function plan_columns(ms, spec)
  local columns, types = { "record_id", "measure", "status", "amount" }, { "INTEGER", "TEXT", "TEXT", "TEXT" }
  local outcol = {}
  for _, M in ipairs(ms) do
    for _, name in ipairs(M.output_names or {}) do
      if not outcol[name] then
        columns[#columns + 1] = name
        local decl = M.outputs and M.outputs[name]
        types[#types + 1] = (type(decl) == "table" and decl.type == "integer") and "INTEGER" or "TEXT"
        outcol[name] = #columns
      end
    end
  end
  local reasons_col
  if spec.explain then
    columns[#columns + 1] = "reasons"; types[#types + 1] = "TEXT"; reasons_col = #columns
  end
  columns[#columns + 1] = "error"; types[#types + 1] = "TEXT"
  return columns, types, outcol, reasons_col
end

-- Inputs the runner should fetch, lists of child records, and the measures' common entity.
local function plan_inputs(ms, all_entity)
  local inputs, lists, seen = {}, {}, {}
  local entity = ms[1].entity or false
  for _, M in ipairs(ms) do
    if M.entity ~= entity then entity = false end
    for name, decl in pairs(M.inputs or {}) do
      if not seen[name] then
        seen[name] = true
        if type(decl) == "table" and decl.type == "list" then lists[#lists + 1] = name
        else inputs[#inputs + 1] = name end
      end
    end
  end
  table.sort(inputs)
  table.sort(lists)
  if all_entity then entity = all_entity end
  return inputs, lists, entity
end

-- Canonical fields derived inputs are computed from (stdlib/fields.lua), fetched when the
-- table has them; with matching, the registration district for the cost by district.
-- A matching run reads a register of canonical fields: an input of one measure that is not
-- fed by its plain name there (M14's industry_code is not the register's GB/T 4754 code) is
-- read from the column "MEASURE_ID:NAME" when the table has one, and is missing otherwise.
local function plan_sources(ms, matching)
  local fields = require "fields"
  local sources, derived, sseen = {}, {}, {}
  local function source(f) if not sseen[f] then sseen[f] = true; sources[#sources + 1] = f end end
  for _, M in ipairs(ms) do
    for _, f in ipairs(fields.sources(M)) do source(f) end
    for _, name in ipairs(M.input_names or {}) do
      if M.inputs[name].derive ~= nil and not derived[name] then derived[name] = true; derived[#derived + 1] = name end
    end
  end
  local renamed = {}
  if matching then
    source("reg_district")
    local plain = require("match").plain_inputs(ms)
    for _, M in ipairs(ms) do
      for _, name in ipairs(M.input_names) do
        if not plain[M][name] and M.inputs[name].type ~= "list" then
          renamed[M] = renamed[M] or {}
          renamed[M][name] = M.id .. ":" .. name
          source(M.id .. ":" .. name)
        end
      end
    end
  end
  table.sort(sources)
  table.sort(derived)
  return sources, derived, renamed
end

-- --set NAME=VALUE applies to every measure; MEASURE_ID:NAME=VALUE to one.
local function sets_of(spec)
  return function(id)
    local s = {}
    for k, v in pairs(spec.set or {}) do
      local mid, name = k:match("^(.+):([^:]+)$")
      if not mid then s[k] = v elseif mid == id then s[name] = v end
    end
    return s
  end
end

-- The measure's own columns ("MEASURE_ID:NAME") in place of the register's, for this measure
-- only: swapped into the record for the call, and back whatever happens.
local function with_own_columns(prepared, own_names)
  local names, cols, saved = {}, {}, {}
  for name, col in pairs(own_names) do names[#names + 1] = name; cols[#cols + 1] = col end
  local n = #names
  return function(rec)
    for j = 1, n do
      local name = names[j]
      saved[j] = rec[name]
      rec[name] = rec[cols[j]]
    end
    local ok, res = pcall(prepared, rec)
    for j = 1, n do rec[names[j]] = saved[j]; saved[j] = nil end
    if not ok then error(res, 0) end
    return res
  end
end

-- emit(result, record) -> row, status, fen, failed: a CSV or SQLite row of one measure.
local function row_emitter(M, id, cols, lines, heads)
  local own = {}
  for _, name in ipairs(M.output_names or {}) do
    if cols.outcol[name] then own[#own + 1] = { cols.outcol[name], name } end
  end
  local reasons_col, ncols = cols.reasons_col, #cols.columns
  local row, nown = {}, #own
  -- a row holds only the measure's own columns: the others stay empty, and only these are
  -- set again for each record (with many measures, most columns are the others')
  for c = 2, ncols do row[c] = false end
  local mine = { 3, 4, ncols }
  for j = 1, nown do mine[#mine + 1] = own[j][1] end
  if reasons_col then mine[#mine + 1] = reasons_col end
  local nmine = #mine
  return function(res)
    for c = 1, nmine do row[mine[c]] = false end
    row[2] = id
    row[3] = res.status
    local amt = res.amount
    local amt_text = text(amt)
    row[4] = amt_text
    local outs = res.outputs
    if outs then
      for j = 1, nown do
        local o = own[j]
        local v = outs[o[2]]
        -- the amount is one of the outputs: its text is made once
        if v ~= nil and rawequal(v, amt) then row[o[1]] = amt_text else row[o[1]] = text(v) end
      end
    end
    if reasons_col then row[reasons_col] = explain(res, heads, M) end
    return row, res.status, amt ~= nil and money_fen(amt) or nil, failed_rules(res, lines)
  end
end

-- The evaluation of one measure: raw(record) -> result, and emit(result, record) -> row, ...
local function measure_eval(lang, M, id, spec, format, sets_for, renamed, cols)
  -- CSV and SQLite rows need only the failed and undetermined rules: the lean evaluation
  -- (docs/measures.md); a JSON line carries every rule.
  local ok, ev = pcall(M.prepare, M, { as_of = spec.as_of, set = sets_for(id), interpret = spec.interpret or {},
    lean = format ~= "jsonl" })
  if not ok then error(("%s: %s"):format(id, tostring(ev)), 0) end
  local lines, heads = {}, {}
  if renamed[M] then ev = with_own_columns(ev, renamed[M]) end
  if format == "jsonl" then
    local as_of = spec.as_of
    return ev, function(res, rec)
      local amt = res.amount
      return json_line(lang, res, id, rec.id, as_of), res.status, amt ~= nil and money_fen(amt) or nil,
        failed_rules(res, lines)
    end
  end
  return ev, row_emitter(M, id, cols, lines, heads)
end

-- A measure none of whose inputs (nor the fields it derives them from) the records hold sees
-- the same record every time, and so gives the same result: it is evaluated on the first
-- record and that outcome (its result, or its error) repeated. With --all over a register
-- most measures ask for facts the register does not have. Not for a member of a group in
-- the run (its exclusion depends on the others) nor for a derivation written as a function
-- (its fields are not known). set_fetched(fetched): the columns and child lists every record
-- holds (a worker knows them from the plan; spec.fetched, or plan.set_fetched on a state
-- forked after the plan).
local function once_setter(ms, renamed, raw, emits, evals, format)
  local fields = require "fields"
  return function(fetched)
    local held = {}
    for _, c in ipairs(fetched) do held[c] = true end
    local grouped = {}
    for _, M in ipairs(ms) do if M.group then grouped[M.group] = (grouped[M.group] or 0) + 1 end end
    for i, M in ipairs(ms) do
      local reads = false
      for _, name in ipairs(M.input_names or {}) do
        local d = M.inputs[name]
        local col = renamed[M] and renamed[M][name] or name
        if held[col] or type(d.derive) == "function" then reads = true end
      end
      for _, f in ipairs(fields.sources(M)) do if held[f] then reads = true end end
      if not reads and not (M.group and grouped[M.group] > 1) then
        local once, ok, res
        local ev, emit = raw[i], emits[i]
        local last
        evals[i] = function(rec)
          if not once then
            once = true
            ok, res = pcall(ev, rec)
            if ok and format ~= "jsonl" then last = table.pack(emit(res, rec)) end
          end
          if not ok then error(res, 0) end
          if last then return table.unpack(last, 1, last.n) end
          return emit(res, rec) -- a JSON line names its record
        end
      end
    end
  end
end

-- the district a record is registered in, by its canonical name (the cost by district), from
-- the record's reg_district value
local function district_namer()
  local districts = require "districts"
  local seen_names = {} -- a register spells a few dozen names a million times
  return function(d)
    if d == nil then return nil end
    local name = seen_names[d]
    if not name then
      name = districts.normalize(d) or tostring(d)
      if type(d) == "string" and #d < 100 then seen_names[d] = name end
    end
    return name
  end
end

function batch.open(spec)
  local lang = language()
  local format = spec.format or "csv"
  local ms, matching, all_entity = resolve(lang, spec)
  local columns, types, outcol, reasons_col = plan_columns(ms, spec)
  local cols = { columns = columns, outcol = outcol, reasons_col = reasons_col }
  local inputs, lists, entity = plan_inputs(ms, all_entity)
  local sources, derived, renamed = plan_sources(ms, matching)
  local sets_for = sets_of(spec)

  local ids, evals, raw, emits = {}, {}, {}, {}
  for i, M in ipairs(ms) do
    local id = M.id or (spec.measures or {})[i]
    ids[i] = id
    raw[i], emits[i] = measure_eval(lang, M, id, spec, format, sets_for, renamed, cols)
    local ev, emit = raw[i], emits[i]
    evals[i] = function(rec) return emit(ev(rec), rec) end
  end
  combine_groups(lang, ms, ids, raw, emits, evals)

  local set_fetched = once_setter(ms, renamed, raw, emits, evals, format)
  if spec.fetched then set_fetched(spec.fetched) end
  local district = matching and district_namer() or nil

  local compiled, compiled_why = compiled_evals(ms, ids, spec, format, sets_for, renamed)
  local amounts = {}
  for i, M in ipairs(ms) do amounts[i] = M.amount ~= nil end
  return { columns = columns, types = types, ids = ids, inputs = inputs, lists = lists,
    entity = entity, evals = evals, sources = sources, derived = derived, matching = matching, district = district,
    compiled = compiled, compiled_why = compiled_why, amounts = amounts, set_fetched = set_fetched }
end

return batch
