-- stdlib/workflow.lua: approval workflows (docs/workflows.md).
--
-- A workflow is defined once, in Lua, next to the measures it serves
-- (policies/<gazette>/<issue>/NAME.workflow.lua):
--
--   return workflow {
--     id = "beijing.construction-permit", title = "...", document = "...",
--     states = { "submitted", { "issued", "已核发" }, ... },   -- a name, or {name, description}
--     initial = "submitted",
--     events = {
--       issue = { from = "submitted", to = "issued", by = "发证机关",
--                 clause = "第十条第二款", text = "…5个工作日内核发施工许可证" },
--       refuse = { from = "submitted", to = "refused", requires = { note = "the written reasons" }, ... },
--       extend = { from = "issued", to = "issued", requires = { ["data.months"] = "..." },
--                  guard = function(c, e) return false, "why", "第十四条" end, ... },
--       rectify = { from = "suspended", to = workflow.previous, ... },  -- back to the state before
--     },
--     deadlines = {
--       issue_by = { due = function(c) return cal.add_workdays(c.opened_on, 5) end,
--                    met_by = "issue", running_in = "submitted", clause = ..., text = ... },
--       public_notice_end = { kind = "not_before", ... },   -- a minimum period, not a limit
--       -- or declared: counted from the last of the `start` events, in calendar days, working
--       -- days or a legal period, the length possibly chosen by that event's data
--       notice_end = { kind = "not_before", start = "publish", days = 7, first_day = true, ... },
--       publish_by = { start = "decide", workdays = function(v, e, c) return v.urgent and 7 or 20 end,
--                      stops_in = { "deferred" }, ... },
--       complete_by = { start = "start", period = { years = 3 }, ... },
--     },
--     timed = { { name = "lapse", from = "issued", to = "void", after = "start_by", clause = ..., text = ... } },
--   }
--
-- Events may declare the --data fields they take (`fields`, converted before the guard runs:
-- decimals exact, never binary floats) and why they are refused in a state (`refusals`).
--
-- A case is a workflow plus its history (a list of entries). Everything about a case is
-- computed from the history as of a date: its state (time-driven transitions such as a
-- permit's lapse are applied at read time, never guessed in advance), its deadlines and
-- whether they were met. `wf:case{...}` makes an in-memory case; stdlib/cases.lua keeps
-- cases in a store (interp/lua/lcasestore.c).
local host = require "host"
local dates = require "dates"
local cal = require "cal"
local json = require "json"
local sandbox = require "sandbox"

local workflow = {}

-- The target of an event that returns to the state the case was in before the current one
-- (W2 `rectify`: suspended -> the state before the suspension).
workflow.previous = setmetatable({}, { __tostring = function() return "(the state before it)" end,
                                        __name = "workflow.previous" })

local function fail(kind, message, extra)
  local e = { kind = kind, message = message }
  for k, v in pairs(extra or {}) do e[k] = v end
  return nil, setmetatable(e, { __tostring = function(t) return t.message end })
end
workflow.fail = fail

local function as_set(v)
  local set, list = {}, {}
  if type(v) == "string" then v = { v } end
  for _, s in ipairs(v or {}) do
    set[s] = true
    list[#list + 1] = s
  end
  return set, list
end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  return keys
end

-- A date from a date or a string; nil, message otherwise.
local function to_date(v)
  if dates.is_date(v) then return v end
  if type(v) ~= "string" then return nil, ("a date expected, got %s"):format(type(v)) end
  return dates.parse(v)
end
workflow.to_date = to_date

-- ---- --data fields of an event: declared, converted before the guard runs ----

-- A decimal written as text: digits with an optional sign and decimal point ("7.20", "150").
local DECIMAL_TEXT = "^%s*[+-]?%d+%.?%d*%s*$"
local DECIMAL_TEXT2 = "^%s*[+-]?%.%d+%s*$"

-- Converts one --data value to the field's type: the value, or nil and why.
-- Decimals become exact ratios: an integer, a decimal string, or a JSON number read through
-- its shortest decimal (`gazette case` refuses a JSON number whose text that would change,
-- interp/core/jsonexact.c), so "7.20", 7.2 and 7.20 are the same 7.2, never a binary float.
local function convert_field(f, v)
  local t = f.type
  if t == "decimal" then
    local r
    if math.type(v) == "integer" then r = ratio(v)
    elseif math.type(v) == "float" then
      if v ~= v or v == math.huge or v == -math.huge then return nil, "a finite decimal number" end
      local ok, x = pcall(ratio, v)
      if not ok then return nil, "a decimal number within range" end
      r = x
    elseif type(v) == "string" and (v:match(DECIMAL_TEXT) or v:match(DECIMAL_TEXT2)) then
      local ok, x = pcall(ratio, (v:gsub("^%s+", ""):gsub("%s+$", ""):gsub("^([+-]?)%.", "%10.")))
      if not ok then return nil, "a decimal number within range" end
      r = x
    else
      return nil, "a decimal number (150, 7.2 or \"7.20\")"
    end
    if f.positive and not (r > ratio(0)) then return nil, "a number greater than 0" end
    return r
  elseif t == "integer" then
    local i = math.type(v) == "integer" and v or math.type(v) == "float" and math.tointeger(v) or nil
    if not i then return nil, "a whole number" end
    if f.positive and i <= 0 then return nil, "a whole number greater than 0" end
    return i
  elseif t == "boolean" then
    if type(v) ~= "boolean" then return nil, "true or false" end
    return v
  elseif t == "enum" then
    if type(v) == "string" and f.value_set[v] then return v end
    return nil, ("one of %s"):format(table.concat(f.values, ", "))
  elseif t == "text" then
    if type(v) ~= "string" or not v:match("%S") then return nil, "text" end
    return v
  elseif t == "date" then
    local d = type(v) == "string" and dates.parse(v) or nil
    if not d then return nil, "a date (\"2024-03-04\" or \"2024年3月4日\")" end
    return d
  end
  error("unknown field type " .. tostring(t))
end

local function shown(v)
  if type(v) == "string" then return ("%q"):format(v) end
  if json.isnull(v) then return "null" end
  if type(v) == "table" then return "a JSON " .. ((getmetatable(v) or {}).__jsonarray and "array" or "object") end
  return tostring(v)
end

-- The converted values of an entry's --data for its event's declared fields (defaults
-- filled in): a table, or nil and why (naming the field).
local function field_values(ev, data)
  local vals = {}
  if not ev or not ev.fields then return vals end
  data = data or {}
  for k in pairs(data) do
    if not ev.field_set[k] then
      local names = {}
      for _, f in ipairs(ev.fields) do names[#names + 1] = f.name end
      return nil, ("%s: data.%s is not a field of %s (its fields: %s)"):format(ev.name, tostring(k), ev.name,
        table.concat(names, ", "))
    end
  end
  for _, f in ipairs(ev.fields) do
    local v = data[f.name]
    if v == nil or json.isnull(v) then
      if f.required then
        return nil, ("%s needs data.%s%s (--data '{\"%s\": ...}')"):format(ev.name, f.name,
          f.text and (": " .. f.text) or "", f.name)
      end
      vals[f.name] = f.default
    else
      local x, why = convert_field(f, v)
      if x == nil then
        return nil, ("%s: data.%s must be %s%s, got %s"):format(ev.name, f.name, why, f.text and (" (" .. f.text .. ")") or "",
          shown(v))
      end
      vals[f.name] = x
    end
  end
  return vals
end

-- ---- declared deadlines: counted from the last of their start events ----

local function start_entry(c, set)
  for i = #c.history, 1, -1 do
    local h = c.history[i]
    if set[h.event] then return h, i end
  end
  return nil
end

local function length_of(dl, c, e)
  local n = dl.length
  if type(n) == "function" then
    local vals = e.values
    if not vals then
      vals = assert(field_values(c.workflow.events[e.event], e.data))
      e.values = vals
    end
    n = n(vals, e, c)
  end
  if dl.measure == "period" then
    if type(n) ~= "table" then
      error(("workflow %s: deadline %s: period must be a table such as {years = 3}"):format(c.workflow.id, dl.name), 0)
    end
  elseif math.type(n) ~= "integer" or n < 1 then
    error(("workflow %s: deadline %s: %s must be a whole number of at least 1, got %s"):format(c.workflow.id,
      dl.name, dl.measure, tostring(n)), 0)
  end
  return n
end

local PERIOD_UNITS = { { "years", "year" }, { "months", "month" }, { "days", "day" } }

-- "7 calendar days, the first day counted", "5 working days", "3 years"
local function describe_length(dl, n)
  if dl.measure == "days" then
    return ("%d calendar day%s%s, not moved off holidays"):format(n, n == 1 and "" or "s",
      dl.first_day and ", the first day counted" or "")
  elseif dl.measure == "workdays" then
    return ("%d working day%s%s"):format(n, n == 1 and "" or "s", dl.first_day and ", the first day counted when a working day" or "")
  end
  local parts = {}
  for _, u in ipairs(PERIOD_UNITS) do
    local k = n[u[1]]
    if k then parts[#parts + 1] = ("%d %s%s"):format(k, u[2], k == 1 and "" or "s") end
  end
  return table.concat(parts, " ") .. " (民法典 第二百零一条至第二百零三条)"
end

-- The due date of a declared deadline counted from entry e.
local function due_from(dl, c, e)
  local n = length_of(dl, c, e)
  if dl.measure == "days" then
    return dl.first_day and e.on + (n - 1) or e.on + n
  elseif dl.measure == "workdays" then
    return dl.first_day and cal.add_workdays(e.on - 1, n) or cal.add_workdays(e.on, n)
  end
  return cal.period_end(e.on, n)
end

-- ---- definitions ----

local Def = {}
-- the definitions workflow.define made (weak keys): a loaded definition is frozen (its
-- metatable is then the shell's), so "is this a definition" is asked of this set
local defined = setmetatable({}, { __mode = "k" })
local function is_def(d) return type(d) == "table" and defined[d] == true end
Def.__index = Def
Def.__name = "workflow"
Def.__tostring = function(d) return ("workflow %s (%s)"):format(d.id, d.title or "") end

local function def_error(spec, fmt, ...)
  error(("workflow %s: " .. fmt):format(tostring(spec.id or "?"), ...), 3)
end

-- `lines` of an event, deadline or state: a line number or "A-B" in the workflow's source.
local function check_lines(spec, what, lines)
  if lines == nil then return nil end
  if math.type(lines) == "integer" and lines > 0 then return lines end
  if type(lines) == "string" then
    local a, b = lines:match("^(%d+)%-(%d+)$")
    if a and tonumber(a) <= tonumber(b) then return lines end
    if lines:match("^%d+$") then return lines end
  end
  def_error(spec, "%s: lines must be a line number or \"A-B\", got %s", what, tostring(lines))
end

local FIELD_TYPES = { decimal = true, integer = true, boolean = true, enum = true, text = true, date = true }

local function define_fields(spec, name, fields)
  if fields == nil then return nil, nil end
  if type(fields) ~= "table" then def_error(spec, "event %s: fields must be a table {name = {type = ...}}", name) end
  local list, set = {}, {}
  for _, fname in ipairs(sorted_keys(fields)) do
    local f = fields[fname]
    if type(fname) ~= "string" or not fname:match("^[%a_][%w_]*$") then
      def_error(spec, "event %s: field names are identifiers, got %s", name, tostring(fname))
    end
    if type(f) ~= "table" or not FIELD_TYPES[f.type] then
      def_error(spec, "event %s: field %s: type must be decimal, integer, boolean, enum, text or date", name, fname)
    end
    local field = { name = fname, type = f.type, required = f.required and true or false, default = f.default,
                    positive = f.positive and true or false, text = f.text, clause = f.clause }
    if f.type == "enum" then
      if type(f.values) ~= "table" or #f.values == 0 then def_error(spec, "event %s: field %s: values (a list) is required", name, fname) end
      field.values, field.value_set = {}, {}
      for _, v in ipairs(f.values) do
        field.values[#field.values + 1] = v
        field.value_set[v] = true
      end
    end
    if f.default ~= nil then
      if f.required then def_error(spec, "event %s: field %s is required and has a default", name, fname) end
      if convert_field(field, f.default) == nil then def_error(spec, "event %s: field %s: the default does not convert", name, fname) end
      field.default = convert_field(field, f.default)
    end
    list[#list + 1] = field
    set[fname] = field
  end
  return list, set
end

-- The events of spec into d.events and d.event_names (workflow.define).
local function define_events(spec, d)
  if type(spec.events) ~= "table" then def_error(spec, "events must be a table {name = {from =, to =, clause =}}") end
  for _, name in ipairs(sorted_keys(spec.events)) do
    local ev = spec.events[name]
    if type(name) ~= "string" or not name:match("^[%a_][%w_]*$") then def_error(spec, "event names are identifiers, got %s", tostring(name)) end
    if name == "open" then def_error(spec, "'open' is reserved for opening a case") end
    if type(ev) ~= "table" then def_error(spec, "event %s must be a table", name) end
    local from_set, from_list = as_set(ev.from)
    if #from_list == 0 then def_error(spec, "event %s: from (a state or a list of states) is required", name) end
    for _, s in ipairs(from_list) do
      if d.state_text[s] == nil then def_error(spec, "event %s: from state %s is not in states", name, tostring(s)) end
    end
    if ev.to ~= workflow.previous and d.state_text[ev.to] == nil then
      def_error(spec, "event %s: to state %s is not in states", name, tostring(ev.to))
    end
    if type(ev.clause) ~= "string" or ev.clause == "" then def_error(spec, "event %s: clause (the article it applies) is required", name) end
    if ev.guard ~= nil and type(ev.guard) ~= "function" then def_error(spec, "event %s: guard must be a function", name) end
    local requires = {}
    for _, path in ipairs(sorted_keys(ev.requires or {})) do
      local what = ev.requires[path]
      if type(path) == "number" then path, what = what, what end
      if path ~= "note" and path ~= "actor" and not path:match("^data%.[%w_]+$") then
        def_error(spec, "event %s: requires names note, actor or data.FIELD, got %s", name, tostring(path))
      end
      requires[#requires + 1] = { path = path, what = what }
    end
    local fields, field_set = define_fields(spec, name, ev.fields)
    local refusals = {}
    for _, s in ipairs(sorted_keys(ev.refusals or {})) do
      local r = ev.refusals[s]
      if d.state_text[s] == nil or from_set[s] then
        def_error(spec, "event %s: refusals names %s, which is not a state it is refused in", name, tostring(s))
      end
      if type(r) ~= "table" or type(r.clause) ~= "string" or type(r.text) ~= "string" then
        def_error(spec, "event %s: refusals.%s must be {text = why, clause = the article}", name, s)
      end
      refusals[s] = { text = r.text, clause = r.clause }
    end
    d.events[name] = { name = name, from = from_set, from_list = from_list, to = ev.to, guard = ev.guard,
                       requires = requires, fields = fields, field_set = field_set, refusals = refusals,
                       clause = ev.clause, text = ev.text, by = ev.by, lines = check_lines(spec, "event " .. name, ev.lines) }
    d.event_names[#d.event_names + 1] = name
  end
end

-- The deadlines of spec into d.deadlines (workflow.define).
local function define_deadlines(spec, d)
  for _, name in ipairs(sorted_keys(spec.deadlines or {})) do
    local dl = spec.deadlines[name]
    if type(dl) ~= "table" then def_error(spec, "deadline %s must be a table", name) end
    if type(dl.clause) ~= "string" then def_error(spec, "deadline %s: clause is required", name) end
    local kind = dl.kind or "by"
    if kind ~= "by" and kind ~= "not_before" then def_error(spec, "deadline %s: kind is 'by' or 'not_before'", name) end
    local met_set, met_list = as_set(dl.met_by)
    for _, e in ipairs(met_list) do
      if not d.events[e] then def_error(spec, "deadline %s: met_by event %s is not an event", name, e) end
    end
    local run_set, run_list = as_set(dl.running_in)
    if #run_list == 0 then def_error(spec, "deadline %s: running_in (the states in which it runs) is required", name) end
    for _, s in ipairs(run_list) do
      if d.state_text[s] == nil then def_error(spec, "deadline %s: running_in state %s is not in states", name, s) end
    end
    local stop_set, stop_list = as_set(dl.stops_in)
    for _, s in ipairs(stop_list) do
      if d.state_text[s] == nil or run_set[s] then
        def_error(spec, "deadline %s: stops_in state %s is not a state outside running_in", name, tostring(s))
      end
    end
    local D = { name = name, kind = kind, met_by = met_set, met_by_list = met_list, running_in = run_set,
                running_list = run_list, stops_in = stop_set, stops_list = stop_list, clause = dl.clause,
                text = dl.text, lines = check_lines(spec, "deadline " .. name, dl.lines) }
    local measures = {}
    for _, m in ipairs { "days", "workdays", "period" } do
      if dl[m] ~= nil then measures[#measures + 1] = m end
    end
    if dl.due ~= nil then
      if type(dl.due) ~= "function" or #measures > 0 or dl.start ~= nil then
        def_error(spec, "deadline %s: due is a function(case) returning a date, or give start and days, workdays or period", name)
      end
      D.due = dl.due
    else
      local start_set, start_list = as_set(dl.start)
      if #start_list == 0 or #measures ~= 1 then
        def_error(spec, "deadline %s: give start (the events it counts from) and one of days, workdays or period", name)
      end
      for _, e in ipairs(start_list) do
        if e ~= "open" and not spec.events[e] then def_error(spec, "deadline %s: start event %s is not an event", name, e) end
      end
      local m = measures[1]
      local n = dl[m]
      if type(n) ~= "function" and (m == "period" and type(n) ~= "table" or m ~= "period" and (math.type(n) ~= "integer" or n < 1)) then
        def_error(spec, "deadline %s: %s must be %s or a function of the start event's data", name, m,
          m == "period" and "a table such as {years = 3}" or "a whole number of at least 1")
      end
      if dl.first_day ~= nil and m == "period" then def_error(spec, "deadline %s: first_day is for days and workdays", name) end
      if type(n) == "function" and type(dl.length_text) ~= "string" then
        def_error(spec, "deadline %s: a %s chosen by a function needs length_text saying how", name, m)
      end
      D.start_set, D.start_list, D.measure, D.length, D.first_day = start_set, start_list, m, n, dl.first_day and true or false
      D.length_text = dl.length_text
      D.due = function(c)
        local e = start_entry(c, start_set)
        if not e then return nil end
        return due_from(D, c, e)
      end
    end
    d.deadlines[name] = D
  end
end

-- workflow.define(spec) -> definition; `workflow { ... }` is the same call.
function workflow.define(spec)
  if type(spec) ~= "table" then error("workflow expects a table {id = ..., states = ..., events = ...}", 2) end
  if type(spec.id) ~= "string" or not spec.id:match("^[%w_%-]+%.[%w_%.%-]+$") then
    def_error(spec, "id must be a dotted name such as beijing.construction-permit")
  end
  for _, f in ipairs { "title", "document" } do
    if type(spec[f]) ~= "string" or spec[f] == "" then def_error(spec, "%s is required (a string)", f) end
  end
  local d = setmetatable({ id = spec.id, title = spec.title, document = spec.document, issuer = spec.issuer,
                           source = spec.source, readings = spec.readings, spec = spec, states = {}, state_text = {},
                           state_lines = {}, events = {}, event_names = {}, deadlines = {}, deadline_names = {},
                           timed = {} }, Def)
  defined[d] = true
  if spec.valid_from ~= nil then
    local v = spec.valid_from
    local on = type(v) == "string" and dates.parse(v) or nil
    if not on or type(spec.valid_clause) ~= "string" then
      def_error(spec, "valid_from must be a date string, with valid_clause naming the clause that sets it")
    end
    d.valid_from, d.valid_clause = on, spec.valid_clause
  end
  if type(spec.states) ~= "table" or #spec.states == 0 then def_error(spec, "states must be a list of state names") end
  for _, s in ipairs(spec.states) do
    local name, text, lines = s, nil, nil
    if type(s) == "table" then name, text, lines = s[1], s[2], s.lines end
    if type(name) ~= "string" or not name:match("^[%a_][%w_]*$") then
      def_error(spec, "state names are identifiers, got %s", tostring(name))
    end
    if d.state_text[name] ~= nil then def_error(spec, "state %s is listed twice", name) end
    d.states[#d.states + 1] = name
    d.state_text[name] = text or false
    d.state_lines[name] = check_lines(spec, "state " .. name, lines)
  end
  if d.state_text[spec.initial] == nil then def_error(spec, "initial state %s is not in states", tostring(spec.initial)) end
  d.initial = spec.initial
  define_events(spec, d)
  define_deadlines(spec, d)
  -- deadlines in the order given by spec.deadline_order, else by name
  d.deadline_names = spec.deadline_order or sorted_keys(d.deadlines)
  for _, name in ipairs(d.deadline_names) do
    if not d.deadlines[name] then def_error(spec, "deadline_order names %s, which is not a deadline", tostring(name)) end
  end
  for i, t in ipairs(spec.timed or {}) do
    if type(t) ~= "table" then def_error(spec, "timed[%d] must be a table", i) end
    if d.state_text[t.from] == nil or d.state_text[t.to] == nil then
      def_error(spec, "timed[%d]: from and to must be states", i)
    end
    if not d.deadlines[t.after] then def_error(spec, "timed[%d]: after must name a deadline", i) end
    if type(t.name) ~= "string" or d.events[t.name] or t.name == "open" then
      def_error(spec, "timed[%d]: name must be a name that is not an event", i)
    end
    if type(t.clause) ~= "string" then def_error(spec, "timed[%d]: clause is required", i) end
    d.timed[#d.timed + 1] = { name = t.name, from = t.from, to = t.to, after = t.after, clause = t.clause, text = t.text,
                              lines = check_lines(spec, "timed " .. t.name, t.lines) }
  end
  return d
end

workflow.field_values = field_values

setmetatable(workflow, { __call = function(_, spec) return workflow.define(spec) end })

-- Events that may be fired from a state, sorted.
function Def:events_from(state)
  local list = {}
  for _, name in ipairs(self.event_names) do
    if self.events[name].from[state] then list[#list + 1] = name end
  end
  return list
end

-- ---- cases ----

local Case = {}
Case.__index = Case
Case.__name = "case"
workflow.Case = Case

-- The case as the guards and deadlines see it: c.id, c.state, c.opened_on, c.history,
-- c.data (the data given at open), c:last(event), c:count(event), c:sum(event, field),
-- c:deadline(name).

-- The last entry of event `name` (or of any of a list of names), or nil.
function Case:last(name)
  local set = as_set(name)
  for i = #self.history, 1, -1 do
    local h = self.history[i]
    if set[h.event] then return h end
  end
  return nil
end

-- The date of the last entry of event `name`, or nil.
function Case:last_on(name)
  local h = self:last(name)
  return h and h.on
end

function Case:count(name)
  local n = 0
  for _, h in ipairs(self.history) do
    if h.event == name then n = n + 1 end
  end
  return n
end

-- The sum of data[field] over the entries of event `name` (integers).
function Case:sum(name, field)
  local s = 0
  for _, h in ipairs(self.history) do
    if h.event == name and h.data and math.type(h.data[field]) == "integer" then s = s + h.data[field] end
  end
  return s
end

-- The due date of deadline `name` for the history so far (nil when it does not apply yet).
function Case:deadline(name)
  local dl = self.workflow.deadlines[name]
  if not dl then error(("workflow %s has no deadline %s"):format(self.workflow.id, tostring(name)), 2) end
  return dl.due(self)
end

-- wf:check_open(on) -> true | nil, err: a case cannot be opened before the document that
-- lays down the workflow takes effect (valid_from).
function Def:check_open(on)
  if self.valid_from and on < self.valid_from then
    local why = ("%s cannot be opened on %s: %s is in force from %s (%s)"):format(self.id, tostring(on),
      self.document, tostring(self.valid_from), self.valid_clause)
    return fail("refused", why, { reason = why, clause = self.valid_clause })
  end
  return true
end

-- wf:case{id =, on =, data =, actor =, note =} -> a new in-memory case in the initial state.
function Def:case(t)
  local on = assert(to_date(t.on or t.opened_on))
  local ok, err = self:check_open(on)
  if not ok then error(tostring(err), 2) end
  local c = setmetatable({ workflow = self, id = t.id or "(unsaved)", opened_on = on, data = t.data or {},
                           state = self.initial, history = {} }, Case)
  c.history[1] = { n = 0, event = "open", on = on, actor = t.actor, note = t.note, data = t.data,
                   to = self.initial }
  return c
end

-- wf:restore(id, entries) -> a case from stored entries (each {n, event, on, actor, note, data,
-- from, to, remarks, ...} with on a date). The entries must replay: each from the state
-- the one before left.
function Def:restore(id, entries)
  local first = entries[1]
  if not first or first.event ~= "open" then error(("case %s: its history does not start with open"):format(id), 2) end
  local c = setmetatable({ workflow = self, id = id, opened_on = first.on, data = first.data or {},
                           state = first.to, history = {} }, Case)
  for i, e in ipairs(entries) do
    if i > 1 and e.from ~= c.state then
      error(("case %s: event #%d %s leaves state %s but the case was in %s"):format(id, e.n or i - 1, e.event,
        tostring(e.from), c.state), 2)
    end
    if self.state_text[e.to] == nil then
      error(("case %s: event #%d %s enters state %s, which workflow %s does not have"):format(id, e.n or i - 1,
        e.event, tostring(e.to), self.id), 2)
    end
    c.history[#c.history + 1] = e
    c.state = e.to
  end
  return c
end

-- A copy sharing the entries, for looking ahead without changing the case.
local function snapshot(c)
  local h = {}
  for i, e in ipairs(c.history) do h[i] = e end
  return setmetatable({ workflow = c.workflow, id = c.id, opened_on = c.opened_on, data = c.data,
                        state = c.state, history = h }, Case)
end

-- Applies the time-driven transitions due by `as_of` to c (a snapshot) and returns the
-- derived entries, in order.
local function apply_timed(c, as_of)
  local derived = {}
  for _ = 1, 100 do
    local moved = false
    for _, t in ipairs(c.workflow.timed) do
      if c.state == t.from then
        local due = c:deadline(t.after)
        if due and as_of > due then
          local e = { n = #c.history, event = t.name, on = due + 1, from = c.state, to = t.to, derived = true,
                      actor = "gazette", clause = t.clause, text = t.text,
                      note = ("%s %s passed"):format(t.after, tostring(due)) }
          c.history[#c.history + 1] = e
          c.state = t.to
          derived[#derived + 1] = e
          moved = true
          break
        end
      end
    end
    if not moved then return derived end
  end
  error(("workflow %s: time-driven transitions loop"):format(c.workflow.id))
end

-- The state before the one the case is in: where the entry into the current state came from.
local function previous_state(c)
  for i = #c.history, 1, -1 do
    local h = c.history[i]
    if h.to == c.state and h.from ~= c.state then return h.from end
  end
  return nil
end

local function lookup(e, path)
  if path == "note" or path == "actor" then
    local v = e[path]
    return type(v) == "string" and v:match("%S") and v or nil
  end
  local field = path:match("^data%.(.+)$")
  local v = e.data and e.data[field]
  local json = require "json"
  if v == nil or json.isnull(v) then return nil end
  return v
end

local function cite(clause, text)
  if text and text ~= "" then return ("%s: %s"):format(clause, text) end
  return clause
end

-- Evaluates one deadline for case c as of a date: {name, due, met, status, clause, text, kind}
-- or nil when it does not apply.
-- A declared deadline (start and a length): only what happened after its start counts, so
-- that a new start event (a notice published again) restarts it; entering a state of
-- stops_in before the event that meets it stops it for good (met null, never overdue).
local function eval_declared(c, dl, as_of)
  local s, si = start_entry(c, dl.start_set)
  if not s then return nil end
  local due = due_from(dl, c, s)
  local r = { name = dl.name, due = due, kind = dl.kind, clause = dl.clause, text = dl.text, start = s.on,
              start_event = s.event, length = describe_length(dl, length_of(dl, c, s)) }
  local hit, stop, left
  for k = si + 1, #c.history do
    local h = c.history[k]
    if not hit and not stop then
      if dl.met_by[h.event] then hit = h
      elseif dl.stops_in[h.to] then stop = h end
    end
    if h.from and dl.running_in[h.from] and not dl.running_in[h.to] then left = h end
  end
  if stop then
    -- stopped by a state such as a deferral: neither met nor overdue, whatever comes later
    r.status, r.on, r.stopped_by = "stopped", stop.on, stop.event
    if dl.kind == "by" and stop.on > due then r.late = true end
  elseif hit then
    r.on = hit.on
    if dl.kind == "not_before" then r.met = hit.on > due else r.met = hit.on <= due end
    r.status = r.met and "met" or "missed"
  elseif dl.running_in[c.state] then
    if dl.kind == "not_before" then
      r.met = as_of > due
      r.status = r.met and "elapsed" or "running"
    elseif as_of > due then
      r.met, r.status = false, "overdue"
    else
      r.status = "pending"
    end
  elseif dl.kind == "by" and left and left.on > due then
    r.met, r.status, r.on = false, "missed", left.on
  else
    r.status = "stopped"
    if left then r.on = left.on end
  end
  return r
end

local function eval_deadline(c, dl, as_of)
  if dl.start_set then return eval_declared(c, dl, as_of) end
  local due = dl.due(c)
  if due == nil then return nil end
  local r = { name = dl.name, due = due, kind = dl.kind, clause = dl.clause, text = dl.text }
  local hit = #dl.met_by_list > 0 and c:last(dl.met_by_list) or nil
  if hit then
    r.met, r.on = hit.on <= due, hit.on
    if dl.kind == "not_before" then r.met = hit.on > due end
    r.status = r.met and "met" or "missed"
  elseif dl.running_in[c.state] then
    if dl.kind == "not_before" then
      r.met = as_of > due
      r.status = r.met and "elapsed" or "running"
    elseif as_of > due then
      r.met, r.status = false, "overdue"
    else
      r.status = "pending"
    end
  else
    -- the case left the states in which the deadline runs without the event that meets it
    local left
    for i = #c.history, 1, -1 do
      local h = c.history[i]
      if h.from and dl.running_in[h.from] and not dl.running_in[h.to] then left = h break end
    end
    if dl.kind == "by" and left and left.on > due then
      r.met, r.status, r.on = false, "missed", left.on
    else
      r.status = "stopped"
    end
  end
  return r
end

-- c:view(as_of) -> {state, history (derived entries included), deadlines, overdue}
-- The case as of a date: only the events on or before it, and the time-driven transitions
-- due by then applied (not recorded). A case opened after as_of is seen in its initial state.
function Case:view(as_of)
  as_of = assert(to_date(as_of))
  local s = snapshot(self)
  -- the case as it stood then: events recorded after as_of are not seen yet
  while #s.history > 1 and s.history[#s.history].on > as_of do s.history[#s.history] = nil end
  s.state = s.history[#s.history].to
  apply_timed(s, as_of)
  local v = { id = self.id, workflow = self.workflow, state = s.state, history = s.history, deadlines = {},
              overdue = {}, as_of = as_of }
  for _, name in ipairs(self.workflow.deadline_names) do
    local r = eval_deadline(s, self.workflow.deadlines[name], as_of)
    if r then
      v.deadlines[#v.deadlines + 1] = r
      if r.status == "overdue" then v.overdue[#v.overdue + 1] = r end
    end
  end
  return v
end

-- c:state_on(as_of) -> the state as of a date.
function Case:state_on(as_of)
  return self:view(as_of).state
end

-- c:check(event, {on =, actor =, note =, data =}) -> plan | nil, err
-- plan = {entries = {derived..., the event's entry}, state = the resulting state}.
-- err = {kind = "usage" | "refused", message, reason, clause}. Nothing changes.
function Case:check(name, e)
  local wf = self.workflow
  local ev = wf.events[name]
  if not ev then
    return fail("usage", ("workflow %s has no event '%s' (events: %s)"):format(wf.id, tostring(name),
      table.concat(wf.event_names, ", ")))
  end
  local on, msg = to_date(e.on)
  if not on then return fail("usage", ("invalid date for %s: %s"):format(name, msg)) end
  local last = self.history[#self.history]
  if on < last.on then
    return fail("refused", ("%s on %s is earlier than the case's last event (%s on %s); events are recorded in date order")
      :format(name, tostring(on), last.event, tostring(last.on)), { reason = "date earlier than the last event" })
  end
  if e.data ~= nil and type(e.data) ~= "table" then return fail("usage", "data must be a JSON object") end
  local s = snapshot(self)
  local derived = apply_timed(s, on)
  if not ev.from[s.state] then
    local why = ("%s is not allowed in state %s"):format(name, s.state)
    local allowed = wf:events_from(s.state)
    why = why .. (#allowed > 0 and (" (allowed: %s)"):format(table.concat(allowed, ", ")) or " (no event is allowed in it)")
    local clause = ev.clause
    local special = ev.refusals[s.state]
    if special then
      why = ("%s: %s"):format(why, special.text)
      clause = special.clause
    end
    local lapse = derived[#derived]
    if lapse then
      why = ("%s: the case became %s on %s because %s (%s)"):format(why, lapse.to, tostring(lapse.on), lapse.note,
        cite(lapse.clause, lapse.text))
      clause = lapse.clause
    end
    if special and not lapse then why = ("%s (%s)"):format(why, clause) end
    return fail("refused", why, { reason = why, clause = clause })
  end
  local entry = { n = #s.history, event = name, on = on, actor = e.actor, note = e.note, data = e.data,
                  from = s.state }
  for _, r in ipairs(ev.requires) do
    if lookup(entry, r.path) == nil then
      local opt = r.path == "note" and "--note TEXT" or r.path == "actor" and "--actor NAME"
        or ("--data '{\"%s\": ...}'"):format(r.path:match("^data%.(.+)$"))
      local why = ("%s needs %s%s (%s)"):format(name, r.path, r.what ~= r.path and (": " .. tostring(r.what)) or "", opt)
      return fail("refused", why .. " (" .. cite(ev.clause, ev.text) .. ")", { reason = why, clause = ev.clause })
    end
  end
  if ev.fields then
    local vals, why = field_values(ev, entry.data)
    if not vals then
      return fail("refused", ("%s (%s)"):format(why, cite(ev.clause, ev.text)), { reason = why, clause = ev.clause })
    end
    entry.values = vals
  end
  if ev.guard then
    local ok, why, clause = ev.guard(s, entry)
    if not ok then
      why = why or ("the conditions of %s are not met"):format(name)
      clause = clause or ev.clause
      return fail("refused", ("%s: %s (%s)"):format(name, why, clause), { reason = why, clause = clause })
    end
  end
  -- a minimum period (a public notice) refuses the event it is met by until it has run
  local status = {}
  for _, dname in ipairs(wf.deadline_names) do
    local dl = wf.deadlines[dname]
    if dl.met_by[name] then
      local r = eval_deadline(s, dl, on)
      status[dname] = r
      if r and dl.kind == "not_before" and (r.status == "running" or r.status == "elapsed") and on <= r.due then
        local why = ("%s runs until %s%s: %s is allowed from %s"):format(dname, tostring(r.due),
          r.length and (" (%s on %s + %s)"):format(r.start_event, tostring(r.start), r.length) or "",
          name, tostring(r.due + 1))
        return fail("refused", ("%s: %s (%s)"):format(name, why, cite(dl.clause, dl.text)), { reason = why, clause = dl.clause })
      end
    end
  end
  local to = ev.to
  if to == workflow.previous then
    to = previous_state(s)
    if not to then return fail("refused", ("%s: the case has no state before %s to return to"):format(name, s.state)) end
  end
  entry.to = to
  -- the deadlines this event meets (or misses) are recorded with it
  local remarks = {}
  for _, dname in ipairs(wf.deadline_names) do
    local dl = wf.deadlines[dname]
    if dl.met_by[name] and dl.start_set then
      -- a declared deadline is met only while it runs (not once stopped, met or missed)
      local r = status[dname]
      if r and (r.status == "pending" or r.status == "overdue" or r.status == "running" or r.status == "elapsed") then
        local met = on <= r.due
        if dl.kind == "not_before" then met = on > r.due end
        remarks[#remarks + 1] = { name = dname, due = r.due, met = met }
      end
    elseif dl.met_by[name] then
      local due = dl.due(s)
      if due then
        local met = on <= due
        if dl.kind == "not_before" then met = on > due end
        remarks[#remarks + 1] = { name = dname, due = due, met = met }
      end
    end
  end
  entry.remarks = #remarks > 0 and remarks or nil
  local entries = {}
  for _, d in ipairs(derived) do entries[#entries + 1] = d end
  entries[#entries + 1] = entry
  s.history[#s.history + 1] = entry
  s.state = to
  return { entries = entries, state = to, case = s }
end

-- c:fire(event, {on =, actor =, note =, data =}) -> c | nil, err  (in memory)
function Case:fire(name, e)
  local plan, err = self:check(name, e or {})
  if not plan then return nil, err end
  for _, entry in ipairs(plan.entries) do
    entry.n = #self.history
    self.history[#self.history + 1] = entry
  end
  self.state = plan.state
  return self
end

-- ---- finding definitions: policies/**/*.workflow.lua ----

local cache -- id -> definition, loaded once per state

local function relpath(path)
  local home = host.home() .. "/"
  if path:sub(1, #home) == home then return path:sub(#home + 1) end
  return path
end

-- workflow.load(path) -> the definition in a *.workflow.lua file.
function workflow.load(path)
  local src, err = host.readfile(path)
  if not src then error(("cannot read workflow %s: %s"):format(path, err), 2) end
  local chunk, perr = load(src, "@" .. relpath(path), "t")
  if not chunk then error(perr, 2) end
  local d = chunk()
  if not is_def(d) or sandbox.is_readonly(d) then error(("%s must return workflow { ... }"):format(relpath(path)), 2) end
  d.file = relpath(path)
  -- Loaded, a definition is read-only: no measure, script or other workflow file can change the
  -- states, events, guards or deadlines a case is judged by (docs/sandbox.md).
  sandbox.freeze(d, d.id, "workflow")
  return d
end

local function scan(dir, out)
  local entries = host.listdir(dir)
  if not entries then return end
  for _, e in ipairs(entries) do
    local p = dir .. "/" .. e.name
    if e.dir then scan(p, out)
    elseif e.name:match("%.workflow%.lua$") then out[#out + 1] = p end
  end
end

-- every definition under policies/ and the --path folders, by id (the cache itself)
local function all_defs()
  if cache then return cache end
  local found, files = {}, {}
  local roots = host.roots()
  for i = 2, #roots do scan(roots[i], files) end -- roots[1] is stdlib/
  table.sort(files)
  for _, f in ipairs(files) do
    local d = workflow.load(f)
    if found[d.id] then
      error(("workflow %s is defined twice: %s and %s"):format(d.id, found[d.id].file, d.file))
    end
    found[d.id] = d
  end
  cache = found
  return found
end

-- workflow.register(def) -> def: makes a definition made in a script (not a file under
-- policies/) known to workflow.find, so that a store can keep its cases.
function workflow.register(d)
  if not is_def(d) then error("workflow.register expects a workflow { ... } definition", 2) end
  local all = all_defs()
  if all[d.id] and all[d.id] ~= d then error(("workflow %s is already defined (%s)"):format(d.id, all[d.id].file or "in a script"), 2) end
  if not sandbox.is_readonly(d) then sandbox.freeze(d, d.id, "workflow") end
  all[d.id] = d
  return d
end

-- workflow.all() -> every definition under policies/ and the --path folders, by id: a copy, so
-- that no script can put another definition in the place of one
function workflow.all()
  local copy = {}
  for id, d in pairs(all_defs()) do copy[id] = d end
  return copy
end

-- workflow.find(id) -> definition | nil, message
function workflow.find(id)
  if is_def(id) then return id end
  local all = all_defs()
  if all[id] then return all[id] end
  local ids = sorted_keys(all)
  return nil, ("unknown workflow '%s' (known: %s)"):format(tostring(id), #ids > 0 and table.concat(ids, ", ") or "none")
end

-- workflow.list() -> the definitions sorted by id
function workflow.list()
  local all, list = all_defs(), {}
  for _, id in ipairs(sorted_keys(all)) do list[#list + 1] = all[id] end
  return list
end

-- A deadline in words: "publish + 7 calendar days, the first day counted, not moved off
-- holidays" for a declared one, its text otherwise.
function Def:deadline_basis(name)
  local dl = self.deadlines[name]
  if not dl.start_set then return "computed by the workflow (see its definition)" end
  local len = type(dl.length) == "function" and dl.length_text or describe_length(dl, dl.length)
  local starts = {}
  for i, e in ipairs(dl.start_list) do starts[i] = e == "open" and "the opening" or e end
  return ("from %s%s: %s"):format(#starts == 1 and starts[1] == "the opening" and "" or "the last ",
    table.concat(starts, " or "), len)
end

local function is_final(self, s)
  for _, name in ipairs(self.event_names) do
    if self.events[name].from[s] then return false end
  end
  for _, t in ipairs(self.timed) do
    if t.from == s then return false end
  end
  return true
end

-- wf:diagram() -> the states and transitions as text (docs/workflows.md), then the deadlines.
function Def:diagram()
  local lines = { ("%s  %s"):format(self.id, self.title) }
  for _, s in ipairs(self.states) do
    local outs = {}
    for _, name in ipairs(self.event_names) do
      local ev = self.events[name]
      if ev.from[s] then
        local to = ev.to == workflow.previous and "(the state before)" or ev.to
        outs[#outs + 1] = ("--%s--> %s"):format(name, to)
      end
    end
    for _, t in ipairs(self.timed) do
      if t.from == s then outs[#outs + 1] = ("~~%s (after %s)~~> %s"):format(t.name, t.after, t.to) end
    end
    local head = ("  [%s]%s"):format(s, s == self.initial and " (initial)" or "")
    if #outs == 0 then lines[#lines + 1] = head .. "  (final)"
    else
      lines[#lines + 1] = head
      for _, o in ipairs(outs) do lines[#lines + 1] = "      " .. o end
    end
  end
  local declared = {}
  for _, name in ipairs(self.deadline_names) do
    if self.deadlines[name].start_set then declared[#declared + 1] = name end
  end
  if #declared > 0 then
    lines[#lines + 1] = "  deadlines:"
    for _, name in ipairs(declared) do
      local dl = self.deadlines[name]
      local extra = #dl.stops_list > 0 and ("; stopped in " .. table.concat(dl.stops_list, ", ")) or ""
      lines[#lines + 1] = ("    %s%s = %s; met by %s; runs in %s%s (%s)"):format(name,
        dl.kind == "not_before" and " (not before)" or "", self:deadline_basis(name),
        #dl.met_by_list > 0 and table.concat(dl.met_by_list, ", ") or "nothing", table.concat(dl.running_list, ", "),
        extra, dl.clause)
    end
  end
  return table.concat(lines, "\n")
end

-- wf:dot() -> Graphviz dot source of the states and transitions (`gazette case diagram`):
-- final states drawn double, time-driven transitions dashed, each edge labelled with its event.
function Def:dot()
  local function q(v) return '"' .. tostring(v):gsub('\\', '\\\\'):gsub('"', '\\"') .. '"' end
  local out = { ("digraph %s {"):format(q(self.id)),
                ("  label=%s; labelloc=t;"):format(q(self.id .. "  " .. self.title)),
                "  rankdir=LR;",
                "  node [shape=box, style=rounded];",
                "  __start [shape=point, label=\"\"];",
                ("  __start -> %s;"):format(q(self.initial)) }
  for _, s in ipairs(self.states) do
    if is_final(self, s) then out[#out + 1] = ("  %s [peripheries=2];"):format(q(s)) end
  end
  for _, s in ipairs(self.states) do
    for _, name in ipairs(self.event_names) do
      local ev = self.events[name]
      if ev.from[s] then
        if ev.to == workflow.previous then
          out[#out + 1] = ("  %s -> %s [label=%s];"):format(q(s), q("(the state before)"), q(name))
        else
          out[#out + 1] = ("  %s -> %s [label=%s];"):format(q(s), q(ev.to), q(name))
        end
      end
    end
    for _, t in ipairs(self.timed) do
      if t.from == s then
        out[#out + 1] = ("  %s -> %s [label=%s, style=dashed];"):format(q(s), q(t.to), q(("%s (after %s)"):format(t.name, t.after)))
      end
    end
  end
  out[#out + 1] = "}"
  return table.concat(out, "\n")
end

-- workflow.check_sources(def) -> findings: `source` names lines of a gazette text under
-- policies/gazettes/ ("gazettes/FILE.txt:A-B", or a list of them), and every `lines` of a
-- state, event, deadline or timed transition falls inside one of those ranges.
function workflow.check_sources(d)
  local findings = {}
  local function add(fmt, ...) findings[#findings + 1] = ("workflow %s: " .. fmt):format(d.id, ...) end
  local list = type(d.source) == "table" and d.source or { d.source }
  local ranges, file = {}, nil
  for _, src in ipairs(list) do
    local f, a, b = tostring(src):match("^(gazettes/[%w_%-]+%.txt):(%d+)%-(%d+)$")
    if not f then
      add("source %s is not of the form gazettes/FILE.txt:A-B", tostring(src))
    else
      a, b = tonumber(a), tonumber(b)
      local text = host.readfile(host.home() .. "/policies/" .. f)
      if not text then add("source names %s, which is not under policies/", f)
      else
        local n = select(2, text:gsub("\n", "\n")) + (text:sub(-1) == "\n" and 0 or 1)
        if a > b or b > n then add("source %s: lines %d-%d are not inside its %d lines", f, a, b, n) end
      end
      if file and f ~= file then add("source names two files (%s and %s)", file, f) end
      file = f
      ranges[#ranges + 1] = { a, b }
    end
  end
  if #list == 0 then add("source (the gazette lines of the document) is required") end
  local function inside(what, lines)
    if lines == nil then return end
    local a, b = tostring(lines):match("^(%d+)%-(%d+)$")
    a = tonumber(a or lines)
    b = tonumber(b or lines)
    for _, r in ipairs(ranges) do
      if a >= r[1] and b <= r[2] then return end
    end
    add("%s cites lines %s, outside the source", what, tostring(lines))
  end
  for _, s in ipairs(d.states) do inside("state " .. s, d.state_lines[s]) end
  for _, name in ipairs(d.event_names) do inside("event " .. name, d.events[name].lines) end
  for name, dl in pairs(d.deadlines) do inside("deadline " .. name, dl.lines) end
  for _, t in ipairs(d.timed) do inside("timed " .. t.name, t.lines) end
  return findings
end

return workflow
