-- stdlib/measure.lua: the measure language (docs/measures.md).
--
--   local M = measure { id = ..., title = ..., document = {...}, valid = {...}, inputs = {...},
--                       outputs = {...}, amount = ... }
--   M:param(name, {{from=, value=, clause=}, ...})     parameters keyed by the date they take effect
--   M:interpretation(name, {text=, default=, choices={...}})
--   M:rule(name, {clause=, text=, check=function(r, ctx) ... end, [when=...]})
--   M:each(list, {name=, rules={{name=, clause=, text=, check=function(c, r, ctx) ... end}, ...}})
--   M:compute(function(r, ctx, out) ... end)
--   M:alternatives(name, {clause=, tie=, {name=, clause=}, ...})  就高不重复 inside the measure
--   M:case{name=, as_of=, input=, expect=...}
--
-- measure.load(id_or_path), measure.list(), M:eval(record, opts), M:prepare(opts) -> fn(record),
-- measure.to_json(result), measure.explain(result). Parts: measure/declare.lua (the declaration),
-- measure/coerce.lua (input types), measure/threshold.lua, measure/result.lua (JSON and text),
-- measure/cases.lua (test cases), measure/cli.lua (eval, test, list, lint), measure/each.lua (rules
-- over each child record), measure/stacking.lua (non-stacking: ctx:highest and measure.combine).
local host = require "host"
local dates = require "dates"
local coerce = require "measure.coerce"
local declare = require "measure.declare"
local result = require "measure.result"
local stacking = require "measure.stacking"
local each = require "measure.each"
local fields = require "fields"

local measure = {}
local Measure = {}
Measure.__index = Measure
measure.Measure = Measure

-- "file:line" of the script line that called the function calling here.
local function caller_line()
  local _, e = pcall(error, "", 4)
  return (tostring(e):gsub(":%s*$", ""))
end

local function to_date(v, what)
  if v == nil then return nil end
  if dates.is_date(v) then return v end
  if type(v) == "string" then
    local d, err = dates.parse(v)
    if d then return d end
    error(("%s: %s"):format(what, err), 0)
  end
  error(("%s: expected a date, got %s"):format(what, type(v)), 0)
end
measure.to_date = to_date

-- The script being loaded (set by load_file) so that a declaration knows its file.
local loading = nil

-- measure.current_load() -> {path = short path, full = path as read, tables = {...}} while a
-- measure script runs at load time, else nil: reference tables (measure/reftable.lua) resolve
-- their names beside the script and are listed in M.tables for gazette lint.
function measure.current_load() return loading end

-- ---- declaration ----

setmetatable(measure, {
  __call = function(_, decl)
    local ok, M = pcall(declare.check, decl)
    if not ok then error("measure: " .. tostring(M), 2) end
    -- derived inputs (stdlib/fields.lua): checked now, applied when a record lacks them
    local okd, derr = pcall(fields.check_declaration, M)
    if not okd then error("measure: " .. tostring(derr), 2) end
    local derive = fields.deriver(M)
    if derive then
      local plan = M.coerce_plan
      M.coerce_plan = function(raw) return plan(derive(raw)) end
    end
    M.path = loading and loading.path or caller_line():match("^(.-):%d+$")
    M.params, M.param_order = {}, {}
    M.rules, M.rule_index = {}, {}
    M.interps, M.interp_order = {}, {}
    M.alts, M.alt_order = {}, {}
    M.cases = {}
    M.where = caller_line()
    if loading then loading.declared[#loading.declared + 1] = M end
    return setmetatable(M, Measure)
  end,
})

-- ---- parameters ----

function Measure:param(name, values)
  local where = caller_line()
  if type(name) ~= "string" or not name:match("^[%a_][%w_%-]*$") then
    error(("M:param: the name must be an identifier, got %s"):format(tostring(name)), 2)
  end
  if self.params[name] then error(("M:param: parameter '%s' is declared twice"):format(name), 2) end
  if type(values) ~= "table" or #values == 0 then
    error(("M:param '%s': expected a list of {from = DATE, value = V, clause = \"...\"}"):format(name), 2)
  end
  local list = {}
  for i, e in ipairs(values) do
    if type(e) ~= "table" then error(("M:param '%s': value %d is not a table"):format(name, i), 2) end
    local ok, from = pcall(to_date, e.from, ("M:param '%s' value %d: from"):format(name, i))
    if not ok then error(from, 2) end
    if not from then error(("M:param '%s' value %d: 'from' (the date it takes effect) is required"):format(name, i), 2) end
    local ok2, to = pcall(to_date, e.to, ("M:param '%s' value %d: to"):format(name, i))
    if not ok2 then error(to, 2) end
    if to and to < from then error(("M:param '%s' value %d: 'to' %s is before 'from' %s"):format(name, i, to, from), 2) end
    if e.value == nil then error(("M:param '%s' value %d: no value"):format(name, i), 2) end
    for k in pairs(e) do
      if not (k == "from" or k == "to" or k == "value" or k == "clause" or k == "text" or k == "document"
              or k == "lines") then
        error(("M:param '%s' value %d: unknown field '%s' (from, to, value, clause, text, document, lines)"):format(name, i, tostring(k)), 2)
      end
      if k == "lines" and not declare.parse_lines(e.lines) then
        error(("M:param '%s' value %d: lines: expected a line or range of the gazette text such as 402 or \"392-394\""):format(name, i), 2)
      end
    end
    local prev = list[i - 1]
    if prev then
      if from <= prev.from then
        error(("M:param '%s': values must be ordered by 'from' (value %d from %s is not after %s)"):format(name, i, from, prev.from), 2)
      end
      if prev.to and prev.to >= from then
        error(("M:param '%s': value %d (to %s) overlaps value %d (from %s)"):format(name, i - 1, prev.to, i, from), 2)
      end
    end
    list[i] = { from = from, to = to, value = e.value, clause = e.clause, text = e.text, document = e.document,
      lines = e.lines }
  end
  -- an open 'to' ends the day before the next value takes effect
  for i = 1, #list - 1 do if not list[i].to then list[i].until_ = list[i + 1].from - 1 else list[i].until_ = list[i].to end end
  list[#list].until_ = list[#list].to
  local P = { name = name, values = list, where = where, kind = coerce.kind(list[1].value) }
  self.params[name] = P
  self.param_order[#self.param_order + 1] = name
  return self
end

local function period_text(P)
  local parts = {}
  for i, e in ipairs(P.values) do
    parts[i] = ("%s..%s"):format(e.from, e.until_ and tostring(e.until_) or "")
  end
  return table.concat(parts, ", ")
end

-- The entry of P in force on day d, or nil, message.
local function param_at(P, d, id)
  for _, e in ipairs(P.values) do
    if d >= e.from and (not e.until_ or d <= e.until_) then return e end
  end
  return nil, ("parameter '%s' of %s has no value on %s (its values cover %s)"):format(P.name, id, d, period_text(P))
end
measure.param_at = param_at

-- Converts an override (a string from --set, or a Lua value) to the kind of P's values.
local function convert_override(P, v, id)
  local kind = P.kind
  if coerce.kind(v) == kind then return v end
  if type(v) ~= "string" and not (type(v) == "number" and (kind == "money" or kind == "ratio" or kind == "number")) then
    error(("--set %s: expected %s, got %s"):format(P.name, kind, coerce.shown(v)), 0)
  end
  local ok, r
  if kind == "money" then ok, r = pcall(coerce.conv.money, v, P.name)
  elseif kind == "ratio" then ok, r = pcall(coerce.conv.ratio, v, P.name)
  elseif kind == "date" then ok, r = pcall(coerce.conv.date, v, P.name)
  elseif kind == "integer" then ok, r = pcall(coerce.conv.integer, v, P.name)
  elseif kind == "boolean" then ok, r = pcall(coerce.conv.boolean, v, P.name)
  elseif kind == "number" then
    r = tonumber(v); ok = r ~= nil
    if not ok then r = "not a number" end
  elseif kind == "text" then ok, r = true, v
  else
    error(("--set %s: parameter of %s holds %s values, which cannot be set from text"):format(P.name, id, kind), 0)
  end
  if not ok then
    error(("--set %s=%s: %s"):format(P.name, tostring(v), (tostring(r):gsub("^input '[^']*': ", ""))), 0)
  end
  return r
end

-- ---- interpretations ----

function Measure:interpretation(name, spec)
  if type(name) ~= "string" or name == "" then error("M:interpretation: a name is required", 2) end
  if self.interps[name] then error(("M:interpretation '%s' is declared twice"):format(name), 2) end
  if type(spec) ~= "table" then error(("M:interpretation '%s': expected {text=, default=, choices=}"):format(name), 2) end
  if type(spec.text) ~= "string" or spec.text == "" then
    error(("M:interpretation '%s': 'text' (the ambiguous wording and the reading) is required"):format(name), 2)
  end
  if type(spec.choices) ~= "table" or next(spec.choices) == nil then
    error(("M:interpretation '%s': 'choices' = {choice = \"what it means\", ...} is required"):format(name), 2)
  end
  local names = {}
  for c, t in pairs(spec.choices) do
    if type(c) ~= "string" then error(("M:interpretation '%s': choice names must be strings"):format(name), 2) end
    names[#names + 1] = c
  end
  table.sort(names)
  if spec.choices[spec.default] == nil then
    error(("M:interpretation '%s': default '%s' is not one of the choices: %s"):format(name, tostring(spec.default),
      table.concat(names, ", ")), 2)
  end
  self.interps[name] = { name = name, text = spec.text, default = spec.default, choices = spec.choices,
    choice_names = names, clause = spec.clause, where = caller_line() }
  self.interp_order[#self.interp_order + 1] = name
  return self
end

-- ---- rules and the amount ----

function Measure:rule(name, spec)
  local where = caller_line()
  if type(name) ~= "string" or name == "" then error("M:rule: a name is required", 2) end
  if self.rule_index[name] then error(("M:rule '%s' is declared twice"):format(name), 2) end
  if type(spec) ~= "table" then error(("M:rule '%s': expected {clause=, text=, check=}"):format(name), 2) end
  if type(spec.clause) ~= "string" or spec.clause:match("^%s*$") then
    error(("M:rule '%s': 'clause' is required (the article or item of %s it encodes)"):format(name,
      self.document.number or "the document"), 2)
  end
  if type(spec.check) ~= "function" then error(("M:rule '%s': 'check' must be a function(r, ctx)"):format(name), 2) end
  if spec.when ~= nil and type(spec.when) ~= "function" then
    error(("M:rule '%s': 'when' must be a function(r, ctx)"):format(name), 2)
  end
  for k in pairs(spec) do
    if not (k == "clause" or k == "text" or k == "check" or k == "when" or k == "document" or k == "lines") then
      error(("M:rule '%s': unknown field '%s' (clause, text, check, when, document, lines)"):format(name, tostring(k)), 2)
    end
  end
  if spec.lines ~= nil and not declare.parse_lines(spec.lines) then
    error(("M:rule '%s': lines: expected a line or range of the gazette text such as 402 or \"392-394\""):format(name), 2)
  end
  local rule = { name = name, clause = spec.clause, text = spec.text, check = spec.check, when = spec.when,
    lines = spec.lines, where = where }
  self.rules[#self.rules + 1] = rule
  self.rule_index[name] = rule
  return self
end

-- M:each(list, {name=, rules={...}}): rules over each child record (measure/each.lua).
function Measure:each(list, spec)
  local ok, err = each.declare(self, list, spec, caller_line())
  if not ok then error(err, 2) end
  return self
end

function Measure:compute(fn)
  if type(fn) ~= "function" then error("M:compute: expected a function(r, ctx, out)", 2) end
  if self.computer then error("M:compute: the amount is computed twice (one M:compute per measure)", 2) end
  self.computer = fn
  self.compute_where = caller_line()
  return self
end

-- ---- non-stacking inside the measure (measure/stacking.lua) ----

-- M:alternatives(name, {clause=, [text=], [lines=], tie = "first"|"last",
--                       {name=, clause=, [text=], [lines=]}, ...})
function Measure:alternatives(name, spec)
  if type(name) == "string" and self.alts[name] then error(("M:alternatives '%s' is declared twice"):format(name), 2) end
  local ok, A = pcall(stacking.declare, name, spec, self.document.number)
  if not ok then error(A, 2) end
  A.where = caller_line()
  self.alts[name] = A
  self.alt_order[#self.alt_order + 1] = name
  return self
end

-- ---- test cases (run by measure/cases.lua) ----

local STATUSES = { eligible = true, ineligible = true, undetermined = true, not_in_force = true }
measure.STATUSES = STATUSES

function Measure:case(spec)
  local where = caller_line()
  if type(spec) ~= "table" then error("M:case: expected {name=, as_of=, input=, expect=}", 2) end
  if type(spec.name) ~= "string" then error("M:case: 'name' is required", 2) end
  if type(spec.expect) ~= "table" then error(("M:case '%s': 'expect' is required"):format(spec.name), 2) end
  if spec.expect.error == nil and not STATUSES[spec.expect.status] then
    error(("M:case '%s': expect.status must be eligible, ineligible, undetermined or not_in_force, got %s")
      :format(spec.name, tostring(spec.expect.status)), 2)
  end
  if spec.as_of == nil then error(("M:case '%s': 'as_of' is required"):format(spec.name), 2) end
  local c = {}
  for k, v in pairs(spec) do c[k] = v end
  c.where = where
  self.cases[#self.cases + 1] = c
  return self
end

-- ---- evaluation ----

local Ctx = {}
Ctx.__index = Ctx

function Ctx:interpret(name)
  local c = self._chosen[name]
  if not c then
    local known = self.measure.interp_order
    error(("unknown interpretation '%s'%s"):format(tostring(name),
      #known > 0 and ("; the measure declares: " .. table.concat(known, ", ")) or " (the measure declares none)"), 2)
  end
  self._used[name] = c
  return c
end

-- ctx:param(name) -> the value in force on as_of; ctx:param(name, date) -> the value in force on
-- that date and its entry {from=, until_=, clause=, text=, document=, lines=}. A date no value
-- covers is an error naming the parameter, the measure, the date and the periods covered (the
-- record gets an error, never a value of another period). An override (--set) replaces the
-- parameter on every date; its entry is {override = "TEXT"}.
function Ctx:param(name, ...)
  if select("#", ...) == 0 then return self.p[name] end
  local on = ...
  local P = self.measure.params[name]
  if not P then return self.p[name] end
  if self._set[name] ~= nil then return self._set[name], { override = self._overrides[name] } end
  local ok, d = pcall(to_date, on, ("ctx:param('%s', date)"):format(name))
  if not ok then error(d, 2) end
  if d == nil then error(("ctx:param('%s', date): the date is nil"):format(name), 2) end
  local e, err = param_at(P, d, self.measure.id)
  if not e then error(err, 2) end
  return e.value, e
end

-- ctx:each(name): the selection of the record being evaluated (measure/each.lua).
function Ctx:each(name) return each.select(self, name) end

-- ctx:memo(key, fn, ...): the values fn(...) returns, computed once per record. The rules and
-- the amount of one evaluation share them (a size class that a rule and an output both need);
-- every record starts with none, so nothing computed for one record reaches the next. When
-- fn raises (a missing input), nothing is remembered and the error goes on.
function Ctx:memo(key, fn, ...)
  if key == nil then error("ctx:memo: a key is required (a string naming the value)", 2) end
  if type(fn) ~= "function" then error(("ctx:memo '%s': expected a function"):format(tostring(key)), 2) end
  local memo = self._memo
  local v = memo[key]
  if v == nil then
    v = table.pack(fn(...))
    memo[key] = v
  end
  if v.n == 1 then return v[1] end
  return table.unpack(v, 1, v.n)
end

-- ctx:highest(name, {alternative = money or "why it does not apply", ...}) -> amount, option
-- Pays the highest of the alternatives declared by M:alternatives(name, ...) and records the
-- choice (which was paid, why each other was not) in the result's `alternatives`.
local zero_money -- yuan(0), made on first use (the money globals load after this file)
local function ZERO()
  zero_money = zero_money or yuan(0)
  return zero_money
end
function Ctx:highest(name, offers)
  local A = self.measure.alts[name]
  if not A then
    local known = self.measure.alt_order
    error(("ctx:highest: no alternatives '%s' are declared%s"):format(tostring(name),
      #known > 0 and ("; the measure declares: " .. table.concat(known, ", ")) or " (declare them with M:alternatives)"), 2)
  end
  local ok, amount, option, rec = pcall(stacking.choose, A, offers, ZERO())
  if not ok then error(amount, 2) end
  stacking.record(self._alts, rec)
  return amount, option
end

-- ctx:note("180元/m² × 20,000 m² = 3,600,000.00元"): a line of the amount's arithmetic.
-- The text is formatted only when an explanation or JSON asks for it (measure/result.lua).
local Note = {}
Note.__tostring = function(n) return n.n > 0 and tostring(n[1]):format(table.unpack(n, 2, n.n + 1)) or tostring(n[1]) end
function Ctx:note(fmt, ...)
  self._notes[#self._notes + 1] = setmetatable({ fmt, n = select("#", ...), ... }, Note)
end

local function clean(msg)
  if type(msg) ~= "string" then
    local mt = getmetatable(msg)
    if mt and mt.__tostring then return tostring(msg) end
    return ("(error object is a %s value)"):format(type(msg))
  end
  return msg
end

-- The converter of a raw record to the record a rule reads (measure/coerce.lua), compiled once
-- per measure: a nil declared input raises the missing sentinel; an undeclared one an error.
local converters = setmetatable({}, { __mode = "k" })
local function record_readonly(_, k) error(("the record is read-only (assignment to '%s')"):format(tostring(k)), 2) end
local function converter_of(M)
  local c = converters[M]
  if c then return c[1], c[2] end
  local inputs, id = M.inputs, M.id
  local function absent(_, k)
    local d = inputs[k]
    if d then
      if d.optional then return nil end
      coerce.missing(k)
    end
    local hint = type(k) == "string" and coerce.did_you_mean(k, inputs)
    error(("reads '%s', which is not a declared input of %s%s"):format(tostring(k), id,
      hint and ("; did you mean '" .. hint .. "'?") or ""), 2)
  end
  local mt = { __index = absent, __newindex = record_readonly }
  local compiled = coerce.compile(inputs, mt)
  local derive = fields.deriver(M) -- derived inputs the record lacks (stdlib/fields.lua)
  c = { derive and function(raw, into) return compiled(derive(raw), into) end or compiled, mt }
  converters[M] = c
  return c[1], c[2]
end

-- ---- prepare: the plan of one evaluation, then the evaluator over it ----
-- M:prepare(opts) = the evaluator (measure/compile.lua compiles the same plan): resolve the plan
-- (as_of, overrides, parameters, readings), make the context, then the function that converts
-- and evaluates one record (begin, validity, selections, rules, finish).

-- opts.set converted to the kinds of the parameters: the values, and the texts as given.
local function resolve_overrides(M, opts)
  local set, overrides = {}, nil
  if opts.set then
    for name, v in pairs(opts.set) do
      local P = M.params[name]
      if not P then
        error(("--set %s: %s has no parameter '%s'%s"):format(tostring(name), M.id, tostring(name),
          #M.param_order > 0 and ("; its parameters: " .. table.concat(M.param_order, ", ")) or " (it declares none)"), 0)
      end
      set[name] = convert_override(P, v, M.id)
      overrides = overrides or {}
      overrides[name] = type(v) == "string" and v or tostring(v)
    end
  end
  return set, overrides
end

-- The parameters in force on as_of (an override replaces one): their values, the error of each
-- that has none, and ctx.p (reading one without a value or an unknown one raises).
local function resolve_params(M, as_of, set)
  local id = M.id
  local pvals, perr = {}, {}
  for name, P in pairs(M.params) do
    if set[name] ~= nil then pvals[name] = set[name] else
      local e, err = param_at(P, as_of, id)
      if e then pvals[name] = e.value else perr[name] = err end
    end
  end
  setmetatable(pvals, {
    __index = function(_, k)
      if perr[k] then error(perr[k], 2) end
      error(("unknown parameter '%s'%s"):format(tostring(k),
        #M.param_order > 0 and ("; " .. id .. " declares: " .. table.concat(M.param_order, ", ")) or ""), 2)
    end,
  })
  -- ctx.p reads through an empty table, so that every assignment reaches __newindex: a rule
  -- that wrote ctx.p.cap = ... would pay another amount than the explanation cites
  local p = setmetatable({}, {
    __index = pvals,
    __newindex = function(_, k) error(("parameters are read-only (assignment to '%s')"):format(tostring(k)), 2) end,
    __pairs = function() return next, pvals, nil end,
  })
  return pvals, perr, p
end

-- The reading of each interpretation: the default, or opts.interpret's choice.
local function resolve_interps(M, opts)
  local id = M.id
  local chosen = {}
  for name, I in pairs(M.interps) do chosen[name] = I.default end
  if opts.interpret then
    for name, c in pairs(opts.interpret) do
      local I = M.interps[name]
      if not I then
        error(("--interpret %s: %s has no interpretation '%s'%s"):format(tostring(name), id, tostring(name),
          #M.interp_order > 0 and ("; its interpretations: " .. table.concat(M.interp_order, ", ")) or " (it declares none)"), 0)
      end
      if I.choices[c] == nil then
        error(("--interpret %s=%s: unknown choice; allowed: %s"):format(name, tostring(c), table.concat(I.choice_names, ", ")), 0)
      end
      chosen[name] = c
    end
  end
  return chosen
end

-- M:resolve(opts) -> the plan of one evaluation: {as_of =, set =, overrides =, pvals =, perr =,
-- p =, chosen =}. Raises the errors of bad options (unknown parameter or reading, a value that
-- does not convert).
function Measure:resolve(opts)
  opts = opts or {}
  if opts.as_of == nil then error(("%s: prepare: as_of (the evaluation date) is required"):format(self.id), 2) end
  local as_of = to_date(opts.as_of, "as_of")
  local set, overrides = resolve_overrides(self, opts)
  local pvals, perr, p = resolve_params(self, as_of, set)
  return { as_of = as_of, set = set, overrides = overrides, pvals = pvals, perr = perr, p = p,
    chosen = resolve_interps(self, opts) }
end

-- The metatable of `out` in M:compute: only declared outputs.
local function out_metatable(M)
  local out_decl, out_names, id = M.outputs, M.output_names, M.id
  return {
    __index = function(_, k)
      if out_decl[k] then return nil end
      error(("reads output '%s', which %s does not declare (outputs: %s)"):format(tostring(k), id, table.concat(out_names, ", ")), 2)
    end,
    __newindex = function(t, k, v)
      if not out_decl[k] then
        error(("sets output '%s', which %s does not declare (outputs: %s)"):format(tostring(k), id, table.concat(out_names, ", ")), 2)
      end
      rawset(t, k, v)
    end,
  }
end

-- The kind test of each output, the usual case first, then the general one.
local FAST_KIND = {
  money = coerce.is_money,
  integer = function(v) return math.type(v) == "integer" end,
  text = function(v) return type(v) == "string" end,
}
local function output_checks(M)
  local checks = {}
  for i, name in ipairs(M.output_names) do
    local want = M.outputs[name].type
    local fast = FAST_KIND[want]
    checks[i] = function(v)
      if fast and fast(v) then return true end
      local got = coerce.kind(v)
      return want == got or (want == "decimal" and (got == "ratio" or got == "integer"))
        or (want == "ratio" and got == "integer") or (want == "text" and got == "text"), got
    end
  end
  return checks
end

local function add_field(missing, field)
  for i = 1, #missing do if missing[i] == field then return end end
  missing[#missing + 1] = field
end
-- the fields of a missing-input sentinel (several when a selection's children are undetermined)
local function add_missing(res, e)
  local fields = e.fields
  if fields then for j = 1, #fields do add_field(res.missing, fields[j]) end
  else add_field(res.missing, e.field) end
end

-- E: the evaluation under construction (M, plan, ctx, lean, explain, ...). The rules from i0
-- on, then the amount, under one pcall per record: E.stage is the rule running (nrules + 1: the
-- amount) when one raises; the caller records that rule as a per-rule pcall would and calls
-- again from the next one. Returns run(i0, r, res) and record_reason(res, i, outcome, detail).
local function make_rules(E)
  local rules, nrules, ctx, lean, explain = E.M.rules, #E.M.rules, E.ctx, E.lean, E.explain
  local computer, out_mt = E.M.computer, out_metatable(E.M)
  local function record_reason(res, i, outcome, detail)
    local rule = rules[i]
    local reasons = res.reasons
    if lean then
      if outcome == false or outcome == "undetermined" then
        reasons[#reasons + 1] = { rule = rule.name, clause = rule.clause, text = rule.text, result = outcome,
          detail = detail }
      end
    else
      reasons[i] = { rule = rule.name, clause = rule.clause, text = rule.text, result = outcome,
        detail = detail, values = explain and E.reads or nil }
    end
  end
  local function run(i0, r, res)
    for i = i0, nrules do
      E.stage = i
      local rule = rules[i]
      if explain then E.reads = {} end
      local when = rule.when
      if when and not when(r, ctx) then
        record_reason(res, i, "not_applicable")
      else
        local a, b = rule.check(r, ctx)
        if a == false then
          E.failed = true
          record_reason(res, i, false, b)
        elseif a == true then
          record_reason(res, i, true, b)
        else
          return "bad check", a
        end
      end
    end
    E.reads = nil
    if E.failed or E.undetermined or not computer then return end
    E.stage = nrules + 1
    local out = setmetatable({}, out_mt)
    if explain then E.reads = {} end
    computer(r, ctx, out)
    if explain then res.compute_values = E.reads; E.reads = nil end
    return "computed", out
  end
  return run, record_reason
end

-- An error names the measure's own file and line: a message that has none (raised by a C
-- function) or that points into stdlib/ (a helper reached by a tail call, `return
-- threshold(...)`, whose caller's frame is gone) gets the line that declares the rule or the
-- compute, `at`.
local function rethrow(id, where, e, at)
  local msg = clean(e)
  if at then
    local loc = msg:match("^([^%s:]+:%d+): ")
    if loc and loc:find("^stdlib/") then msg = at .. ": " .. msg:sub(#loc + 3)
    elseif not loc then msg = at .. ": " .. msg end
  end
  error(("%s: %s: %s"):format(id, where, msg), 0)
end

-- The rules of the record: run them, an undetermined rule at a time. Returns what run returned
-- last ("computed", out), or the result when the amount was undetermined.
local function run_rules(E, run, record_reason, r, res)
  local rules, nrules, id = E.M.rules, #E.M.rules, E.M.id
  E.failed, E.undetermined = false, false
  local from = 1
  while true do
    local ok, a, b = pcall(run, from, r, res)
    if ok then
      if a == "bad check" then
        local rule = rules[E.stage]
        rethrow(id, ("rule '%s' (%s)"):format(rule.name, rule.clause),
          ("check returned %s; a check returns true or false"):format(coerce.shown(b)), rule.where)
      end
      E.reads = nil
      return a, b
    end
    local i = E.stage
    if i > nrules then -- the amount raised
      if E.explain then res.compute_values = E.reads; E.reads = nil end
      if coerce.is_missing(a) then
        add_missing(res, a)
        res.status = "undetermined"
        return "undetermined"
      end
      rethrow(id, "compute", a, E.M.compute_where)
    end
    if coerce.is_missing(a) then
      E.undetermined = true
      record_reason(res, i, "undetermined", tostring(a))
      add_missing(res, a)
    else
      local rule = rules[i]
      rethrow(id, ("rule '%s' (%s)"):format(rule.name, rule.clause), a, rule.where)
    end
    from = i + 1
  end
end

-- The status, amount and outputs once the rules have run.
local function finish(E, res, what, out)
  local M, id = E.M, E.M.id
  local amount_name = M.amount
  if E.failed then
    res.status = "ineligible"
    local outputs = res.outputs
    for i = 1, #E.zero_outputs do outputs[E.zero_outputs[i]] = E.zero end
    if amount_name then res.amount = E.zero end
    return res
  end
  if E.undetermined then
    res.status = "undetermined"
    return res
  end
  if what == "computed" then
    local outputs, out_names = res.outputs, M.output_names
    for i = 1, #out_names do
      local name = out_names[i]
      local v = rawget(out, name)
      if v ~= nil then
        local ok, got = E.out_checks[i](v)
        if not ok then
          rethrow(id, "compute", ("output '%s' is declared %s but was set to %s (%s)"):format(name,
            M.outputs[name].type, coerce.shown(v), got), M.compute_where)
        end
        outputs[name] = v
      end
    end
    if amount_name then
      res.amount = outputs[amount_name]
      if res.amount == nil then rethrow(id, "compute", ("the amount '%s' was not set"):format(amount_name)) end
    end
  elseif amount_name then
    rethrow(id, "compute", ("no M:compute sets the amount '%s'"):format(amount_name))
  end
  res.status = "eligible"
  return res
end

-- Whether the measure is in force for the record (valid.on: the date comes from the record).
-- Returns the result when it is decided here (not in force, or undetermined).
local function validity(E, r, res)
  local M, ctx = E.M, E.ctx
  if not E.in_force then
    res.status = "not_in_force"
    res.in_force_on = E.plan.as_of
    return res
  end
  local valid_on = M.valid.on
  if valid_on then
    local ok, v = pcall(valid_on, r, ctx)
    if not ok then
      if coerce.is_missing(v) then
        add_missing(res, v)
        res.status = "undetermined"
        return res
      end
      rethrow(M.id, "valid.on", v)
    end
    local on = to_date(v, M.id .. ": valid.on")
    local valid_from, valid_to = M.valid.from, M.valid.to
    if (valid_from and on < valid_from) or (valid_to and on > valid_to) then
      res.status = "not_in_force"
      res.in_force_on = on
      return res
    end
  end
end

-- The converted record and the result to fill: lean evaluations refill the same two tables.
local function make_begin(E)
  local M, ctx, lean, explain = E.M, E.ctx, E.lean, E.explain
  local id, as_of, overrides, out_names = M.id, E.plan.as_of, E.plan.overrides, M.output_names
  local convert, record_mt = converter_of(M)
  local function clear(t) for k in next, t do t[k] = nil end end
  local function tracking(data)
    return setmetatable({}, {
      __index = function(_, k)
        local v = data[k]
        if E.reads then E.reads[k] = v end
        return v
      end,
      __newindex = record_readonly,
    })
  end
  if lean then
    local res = { measure = id, as_of = as_of, outputs = {}, reasons = {}, missing = {}, interpretations = {},
      overrides = overrides, notes = {}, alternatives = {}, _measure = M }
    local data = setmetatable({}, record_mt)
    return function(raw)
      local r = convert(raw, data)
      res.status, res.amount, res.in_force_on, res.excluded_by, res.items = nil, nil, nil, nil, nil
      local outputs = res.outputs
      for i = 1, #out_names do outputs[out_names[i]] = nil end
      if res.reasons[1] then clear(res.reasons) end
      if res.missing[1] then clear(res.missing) end
      if next(res.interpretations) then clear(res.interpretations) end
      if res.notes[1] then clear(res.notes) end
      if res.alternatives[1] then clear(res.alternatives) end
      res.excluded_amount, res.stacking_pending = nil, nil
      ctx._used, ctx._notes, ctx._alts = res.interpretations, res.notes, res.alternatives
      return r, res
    end
  end
  return function(raw)
    local data = convert(raw)
    local r = explain and tracking(data) or data
    local used, notes, alts = {}, {}, {}
    ctx._used, ctx._notes, ctx._alts = used, notes, alts
    return r, { measure = id, as_of = as_of, status = nil, amount = nil, outputs = {}, reasons = {},
      missing = {}, interpretations = used, overrides = overrides, notes = notes, alternatives = alts, _measure = M }
  end
end

-- M:prepare(opts) -> function(record) -> result
function Measure:prepare(opts)
  opts = opts or {}
  local M = self
  local plan = M:resolve(opts)
  local as_of = plan.as_of
  local memo = {}
  local ctx = setmetatable({ as_of = as_of, p = plan.p, measure = M, _chosen = plan.chosen, _set = plan.set,
    _overrides = plan.overrides or {}, _used = {}, _notes = {}, _alts = {}, _memo = memo }, Ctx)
  local explain = opts.explain
  -- lean (batch runs): reasons lists only the rules that failed or were undetermined, and the
  -- result, its tables and the record are refilled by each call (docs/measures.md)
  local lean = opts.lean and not explain
  local valid_from, valid_to = M.valid.from, M.valid.to
  local E = { M = M, plan = plan, ctx = ctx, lean = lean, explain = explain, out_checks = output_checks(M),
    -- money is immutable: every ineligible result shares one zero
    zero = yuan(0), zero_outputs = {},
    -- without valid.on, whether the measure is in force on as_of is known now
    in_force = M.valid.on or not ((valid_from and as_of < valid_from) or (valid_to and as_of > valid_to)) }
  for _, name in ipairs(M.output_names) do
    if M.outputs[name].type == "money" then E.zero_outputs[#E.zero_outputs + 1] = name end
  end
  local run_each = each.runner(M, { lean = lean, explain = explain })
  local run, record_reason = make_rules(E)
  local begin = make_begin(E)
  local id = M.id
  return function(raw)
    if type(raw) ~= "table" then error(("%s: a record must be a table, got %s"):format(id, type(raw)), 2) end
    if next(memo) ~= nil then -- ctx:memo values belong to one record
      for k in next, memo do memo[k] = nil end
    end
    local r, res = begin(raw)
    if validity(E, r, res) then return res end
    -- selections over child records, before the rules that may ask for them
    if run_each then run_each(r, ctx, res) end
    local what, out = run_rules(E, run, record_reason, r, res)
    if what == "undetermined" then return res end
    return finish(E, res, what, out)
  end
end
-- M:eval(record, {as_of=, set=, interpret=, explain=}) -> result
function Measure:eval(record, opts)
  return self:prepare(opts)(record)
end

-- Converts a raw record to the declared types (input errors raise, naming field and value).
function Measure:coerce(record)
  return self.coerce_plan(record)
end

Measure.__tostring = function(M) return ("measure %s (%s)"):format(M.id, M.title) end

-- ---- loading ----

local cache = {} -- path -> measure
local ids = nil  -- id -> path, built on first lookup by id

-- A script declares a measure when a line starts with `local M = measure {` (or `measure(`),
-- or `return measure {`; comments and other code that mention measure do not count.
local function is_measure_source(src)
  src = "\n" .. src
  return src:find("\n%s*local%s+[%a_][%w_]*%s*=%s*measure%s*[{(]") ~= nil
      or src:find("\n%s*return%s+measure%s*[{(]") ~= nil
end
measure.is_measure_source = is_measure_source

-- The env of a measure script, its own: reads fall through to the read-only view of the
-- globals (docs/sandbox.md), so one script can neither see nor change another's; it may not
-- define globals.
local sandbox = require "sandbox"
local KEEP_WRITABLE = { cases = true, tables = true } -- test cases; reference tables guard their own rows
local function script_env()
  return setmetatable({}, {
    __index = sandbox.globals(), -- the view exists once the stdlib is loaded
    __newindex = function(_, k)
      error(("a measure script may not set the global '%s' (declare it with 'local')"):format(tostring(k)), 2)
    end,
  })
end

local function short(path)
  local home = host.home() .. "/"
  if path:sub(1, #home) == home then return path:sub(#home + 1) end
  return (path:gsub("^%./", ""))
end
measure.short_path = short

function measure.load_file(path, fresh)
  if not fresh and cache[path] then return cache[path] end
  local src, err = host.readfile(path)
  if not src then error(("cannot read measure %s"):format(err), 0) end
  local fn, perr = load(src, "@" .. short(path), "t", script_env())
  if not fn then error(perr, 0) end
  local saved = loading
  loading = { path = short(path), full = path, declared = {}, tables = {} }
  local ok, M = pcall(fn)
  local declared, tables = loading.declared, loading.tables
  loading = saved
  if not ok then error(clean(M), 0) end
  if getmetatable(M) ~= Measure then
    if #declared == 1 then M = declared[1]
    else error(("%s: the script must return its measure (end it with 'return M')"):format(short(path)), 0) end
  end
  M.path = short(path)
  M.source = src
  M.tables = tables
  -- Loaded, a measure is read-only, with its rules, parameters, inputs and outputs: no other
  -- script can change what it computes (docs/sandbox.md). Its test cases stay as they are.
  sandbox.freeze(M, M.id, "measure", KEEP_WRITABLE)
  cache[path] = M
  return M
end

-- Every .lua file under dir (recursively) that declares a measure: {path, src}.
local function walk(dir, out, opts)
  local entries = host.listdir(dir)
  if not entries then return out end
  for _, e in ipairs(entries) do
    local p = dir .. "/" .. e.name
    if e.dir then
      walk(p, out, opts)
    elseif e.name:match("%.lua$") and not e.name:match("%.workflow%.lua$") and not e.name:match("^README")
        and not (opts and opts.tests_only) then
      local src = host.readfile(p)
      if src and is_measure_source(src) then out[#out + 1] = { path = p, src = src } end
    end
  end
  return out
end
measure.walk = walk

-- The folders searched for measures: policies/ and the --path folders.
local function search_roots()
  local roots = host.roots()
  local out = {}
  for i = 2, #roots do out[#out + 1] = roots[i] end
  return out
end
measure.search_roots = search_roots

local function source_id(src) return src:match("%f[%w_]id%s*=%s*\"([^\"]+)\"") end

local function known_files()
  local files = {}
  for _, root in ipairs(search_roots()) do walk(root, files) end
  return files
end

-- The ids nearest to an unknown one, for the error message.
local function near_ids(id, files)
  local scored = {}
  for _, f in ipairs(files) do
    local fid = source_id(f.src)
    if fid then
      local score
      if fid:find(id, 1, true) or id:find(fid, 1, true) then score = 0 else
        local a, b = id, fid
        local d = math.abs(#a - #b)
        for i = 1, math.min(#a, #b) do if a:byte(i) ~= b:byte(i) then d = d + 1 end end
        local tail = id:match("[^.]+$")
        if tail and fid:find(tail, 1, true) then d = d // 2 end
        score = d
      end
      scored[#scored + 1] = { fid, score }
    end
  end
  table.sort(scored, function(x, y) if x[2] ~= y[2] then return x[2] < y[2] end return x[1] < y[1] end)
  local out = {}
  for i = 1, math.min(3, #scored) do out[i] = scored[i][1] end
  return out
end

-- measure.load(id_or_path)
function measure.load(x)
  if type(x) ~= "string" or x == "" then error("measure.load: expected a measure id or a path", 2) end
  if x:find("/", 1, true) or x:match("%.lua$") then return measure.load_file(x) end
  if ids and ids[x] then return measure.load_file(ids[x]) end
  local files = known_files()
  for _, f in ipairs(files) do
    if f.src:find('"' .. x .. '"', 1, true) then
      local ok, M = pcall(measure.load_file, f.path)
      if ok and M.id == x then
        ids = ids or {}
        ids[x] = f.path
        return M
      end
      if not ok and source_id(f.src) == x then error(M, 0) end
    end
  end
  local near = near_ids(x, files)
  -- where ids are looked for, and how to look elsewhere
  local where = "; ids are found in policies/ and in the folders given with --path DIR (a measure elsewhere: " ..
    "add its folder with --path, or give its script's path)"
  error(("unknown measure '%s'%s%s"):format(x, #near > 0 and ("; did you mean: " .. table.concat(near, ", ")) or
    " (no measure is installed under policies/)", where), 0)
end

-- measure.list() -> {{id, title, number, issuer, valid = {from, to}, path, entity}, ...}, errors
function measure.list()
  local out, errors = {}, {}
  for _, f in ipairs(known_files()) do
    local ok, M = pcall(measure.load_file, f.path)
    if ok then
      out[#out + 1] = { id = M.id, title = M.title, number = M.document.number, issuer = M.document.issuer,
        valid = { from = M.valid.from, to = M.valid.to }, path = M.path, entity = M.entity, measure = M }
    else
      errors[#errors + 1] = { path = short(f.path), message = clean(M) }
    end
  end
  table.sort(out, function(a, b) return a.id < b.id end)
  return out, errors
end

measure.to_json = result.to_json
measure.explain = result.explain

-- measure.variant(base, changes): a copy of a test record with some inputs changed; the
-- string "nil" removes an input (a case for a missing field). Base records are not modified.
function measure.variant(base, changes)
  local t = {}
  for k, v in pairs(base) do t[k] = v end
  for k, v in pairs(changes or {}) do
    if v == "nil" then t[k] = nil else t[k] = v end
  end
  return t
end

-- ---- non-stacking between measures: 就高不重复 (measure/stacking.lua) ----

-- measure.combine(results): within each exclusivity group (declared `group = "..."`), only the
-- eligible result with the highest amount pays (on equal amounts the measure whose id sorts
-- first); the others become ineligible with `excluded_by` = its measure and a reason naming
-- it; when another member is undetermined (or an error), the best one is undetermined too.
-- Returns the results and the total of the amounts that count.
function measure.combine(results)
  return stacking.combine(results, ZERO())
end

return measure
