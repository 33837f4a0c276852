-- stdlib/repl/init.lua: the session behind `gazette repl` (docs/repl.md).
--
-- The C shell (repl/repl.c) reads lines and hands each complete input to
-- session:handle(text); this file decides what the input is (a dot-command or Lua),
-- runs it and prints the outcome. Lua input is tried as `return <input>` first, so that an
-- expression prints its value; input the parser ends at <eof> is incomplete and the shell
-- reads another line. The session holds the loaded measures, the population, the as-of
-- date, parameter overrides (.set) and interpretations, the last result and the commands
-- that succeeded (for .save).
local show = require "repl.show"
local whatif = require "whatif"

local repl = { show = show }
local Session = {}
Session.__index = Session

local function global(name) return rawget(_G, name) end

-- Today in China Standard Time (UTC+8), the default as-of date of every command.
local today = require("host").today

-- host: functions the C shell provides: write(s), save(path, text) -> true | nil, err,
-- clock() -> seconds, tick() (resets the per-record budget); interactive: boolean.
function repl.new(host)
  host = host or {}
  -- the session's own globals; reads fall through to the read-only view (docs/sandbox.md)
  local env = setmetatable({}, { __index = require("sandbox").globals() })
  local s = setmetatable({
    host = host,
    env = env,
    measures = {},       -- id -> measure, in order of loading (order)
    order = {},
    current = nil,       -- the measure .eval/.run/.compare use
    db = nil, dbpath = nil, table = nil,
    as_of = nil,         -- nil: today
    set = {}, set_order = {},
    interpret = {},
    last = nil,          -- last result (.explain)
    log = {},            -- inputs that succeeded, for .save
    timer = false,
  }, Session)
  return s
end

function Session:write(text)
  if self.host.write then self.host.write(text .. "\n") else print(text) end
end

-- ---- Lua input ----

-- Returns the function for src, or nil, "incomplete", or nil, message. line: the input line
-- src starts on, so that messages (and errors raised later by functions it defines) name the
-- session's line, stdin:11, not the chunk's.
function Session:compile(src, line)
  local pad = string.rep("\n", (line or 1) - 1)
  local f, experr = load(pad .. "return " .. src, "=stdin", "t", self.env)
  if f then return f end
  local g, err = load(pad .. src, "=stdin", "t", self.env)
  if g then return g end
  if err:sub(-5) == "<eof>" then return nil, "incomplete" end
  -- not a statement: when it reads as a broken expression, say where the expression breaks
  -- (one line only: a multi-line input is a statement, and its own message names the line)
  if err:find("unexpected symbol near", 1, true) and experr:sub(-5) ~= "<eof>" and not src:find("\n") then
    return nil, experr
  end
  return nil, err
end

local function pack(...) return { n = select("#", ...), ... } end

function Session:eval_lua(src, line)
  local f, err = self:compile(src, line)
  if not f then
    if err == "incomplete" then return "incomplete" end
    return false, err
  end
  local r = pack(pcall(f))
  if not r[1] then return false, tostring(r[2]) end
  if r.n > 1 then
    local parts = {}
    for i = 2, r.n do parts[#parts + 1] = show.value(r[i]) end
    self:write(table.concat(parts, "\t"))
    -- a result returned by an expression becomes the one .explain shows
    for i = 2, r.n do if show.is_result(r[i]) then self.last = r[i] end end
  end
  return true
end

-- ---- the measure in use ----

function Session:measure()
  if not self.current then error("no measure loaded: use .load MEASURE (an id such as chaoyang.startup-jobs-subsidy, or a path)", 0) end
  return self.current
end

function Session:as_of_date() return self.as_of or today() end

function Session:options()
  local interp = next(self.interpret) and self.interpret or nil
  local set = next(self.set) and self.set or nil
  return { as_of = self:as_of_date(), set = set, interpret = interp }
end

-- ---- dot-commands ----

local commands = {}
local order = {}
local function command(name, args, help, fn, complete)
  commands[name] = { name = name, args = args, help = help, fn = fn, complete = complete }
  order[#order + 1] = name
end

local function words(s)
  local t = {}
  for w in s:gmatch("%S+") do t[#t + 1] = w end
  return t
end

local function need(arg, usage)
  if arg == nil or arg == "" then error("usage: " .. usage, 0) end
  return arg
end

-- Names of a measure's parameters / interpretations, whatever shape the measure keeps
-- them in (a map by name or a list of entries with `name`).
local function names_of(t)
  local out = {}
  if type(t) ~= "table" then return out end
  for k, v in pairs(t) do
    if type(k) == "string" then out[#out + 1] = k
    elseif type(v) == "table" and type(v.name) == "string" then out[#out + 1] = v.name end
  end
  table.sort(out)
  return out
end

local function param_names(M)
  if type(M) ~= "table" then return {} end
  local order = rawget(M, "param_order")
  if type(order) == "table" then return { table.unpack(order) } end
  return names_of(rawget(M, "params"))
end

local function interp_table(M)
  if type(M) ~= "table" then return {} end
  return rawget(M, "interps") or {}
end

-- The columns of the session's table, for completion after `by`.
local function columns(s)
  if not s.db or not s.db.columns then return {} end
  local ok, cols = pcall(s.db.columns, s.db, s.table or whatif.default_table(s.current))
  local out = {}
  if ok and type(cols) == "table" then
    for _, c in ipairs(cols) do out[#out + 1] = type(c) == "table" and c.name or tostring(c) end
  end
  return out
end

local function measure_ids()
  local measure = global("measure")
  local ids = {}
  if measure and measure.list then
    local ok, list = pcall(measure.list)
    if ok and type(list) == "table" then
      for _, m in ipairs(list) do ids[#ids + 1] = m.id end
    end
  end
  table.sort(ids)
  return ids
end
repl.measure_ids = measure_ids

command("help", "", "list the dot-commands", function(s)
  local w = 0
  for _, n in ipairs(order) do w = math.max(w, #n + 1 + #commands[n].args) end
  local out = {}
  for _, n in ipairs(order) do
    local c = commands[n]
    local head = "." .. n .. (c.args ~= "" and (" " .. c.args) or "")
    out[#out + 1] = show.pad(head, w + 2) .. c.help
  end
  out[#out + 1] = "Anything else is Lua: expressions print their value (1 + 1, wan(3) * 2, date(\"2025-10-01\") + 7)."
  s:write(table.concat(out, "\n"))
end)

command("load", "MEASURE", "load a measure (id or path) and make it current", function(s, arg)
  local M = whatif.measure(need(arg, ".load MEASURE (an id such as chaoyang.startup-jobs-subsidy, or a path)"))
  local id = rawget(M, "id") or arg
  if not s.measures[id] then s.order[#s.order + 1] = id end
  s.measures[id] = M
  s.current = M
  -- overrides belonged to the previous measure
  s.set, s.set_order, s.interpret = {}, {}, {}
  s.env.M = M
  local doc = rawget(M, "document")
  local params = param_names(M)
  s:write(("loaded %s: %s%s%s"):format(id, tostring(rawget(M, "title") or ""),
    type(doc) == "table" and doc.number and ("（" .. doc.number .. "）") or "",
    #params > 0 and ("; parameters: " .. table.concat(params, ", ")) or ""))
end, function(s, n, prefix) if n == 1 then return measure_ids(), "files" end end)

command("db", "FILE [TABLE] [--key COLUMN] [--child LIST=TABLE.COLUMN]", "open a population (SQLite) for .eval ID, .run and .compare", function(s, arg)
  local w, key, child = {}, nil, {}
  local all = words(arg or "")
  local i = 1
  local usage = ".db FILE.db [TABLE] [--key COLUMN] [--child LIST=TABLE.COLUMN]"
  while all[i] do
    if all[i] == "--key" then
      key = need(all[i + 1], usage)
      i = i + 2
    elseif all[i] == "--child" then
      child[#child + 1] = need(all[i + 1], usage)
      i = i + 2
    else
      w[#w + 1] = all[i]
      i = i + 1
    end
  end
  local path = need(w[1], usage)
  local records = require "records"
  local db, err = records.open(path, { readonly = true })
  if not db then error(tostring(err), 0) end
  -- child tables named as gazette run takes them (their lists are checked against the measure
  -- when a command reads records)
  local okc, cerr = pcall(whatif.check_child, db, child)
  if not okc then
    pcall(db.close, db)
    error(tostring(cerr), 0)
  end
  if s.db and s.db.close then pcall(s.db.close, s.db) end
  s.db, s.dbpath, s.table, s.key, s.child = db, path, w[2], key, child
  s.population_cache = nil
  s.env.db = db
  s:write(("opened %s%s%s"):format(path, w[2] and (" (table " .. w[2] .. ")") or "", key and (", key " .. key) or ""))
end, function(s, n) if n == 1 then return {}, "files" end end)

command("asof", "DATE", "evaluate as of DATE (default today); .asof alone shows it", function(s, arg)
  if arg and arg ~= "" then
    local d, err = dates.parse(arg)
    if not d then error(err or ("invalid date '" .. arg .. "'"), 0) end
    s.as_of = d
  end
  s:write("as of " .. tostring(s:as_of_date()) .. (s.as_of and "" or " (today)"))
end)

-- Checks overrides by preparing an evaluator with them: an unknown parameter or a value
-- that does not convert is an error now, not at .run.
local function check_overrides(s)
  local M = s:measure()
  M:prepare(s:options())
end

command("set", "PARAM VALUE", "override a parameter for .eval/.run; .compare weighs it against the baseline", function(s, arg)
  local name, value = (arg or ""):match("^(%S+)%s+(.-)%s*$")
  if not name or value == "" then
    if arg and arg ~= "" then error("usage: .set PARAM VALUE (e.g. .set cap 30万)", 0) end
    local parts = {}
    for _, k in ipairs(s.set_order) do parts[#parts + 1] = k .. " = " .. tostring(s.set[k]) end
    s:write(#parts > 0 and table.concat(parts, "\n") or "no overrides")
    return
  end
  local old = s.set[name]
  s.set[name] = value
  local ok, err = pcall(check_overrides, s)
  if not ok then
    s.set[name] = old
    -- the measure language names the command-line option; here the command is .set
    error((tostring(err):gsub("^%-%-set ", "")), 0)
  end
  if old == nil then s.set_order[#s.set_order + 1] = name end
  s:write(("%s = %s"):format(name, value))
end, function(s, n) if n == 1 then return param_names(s.current) end end)

command("unset", "PARAM", "drop an override (.unset all drops every one)", function(s, arg)
  local name = need(arg, ".unset PARAM")
  if name == "all" then
    s.set, s.set_order = {}, {}
    s:write("no overrides")
    return
  end
  if s.set[name] == nil then
    error(("'%s' is not overridden (overridden: %s)"):format(name, #s.set_order > 0 and table.concat(s.set_order, ", ") or "none"), 0)
  end
  s.set[name] = nil
  for i, k in ipairs(s.set_order) do if k == name then table.remove(s.set_order, i) break end end
  s:write(name .. " back to the measure's value")
end, function(s, n) if n == 1 then return s.set_order end end)

command("interpret", "NAME CHOICE", "choose a reading of ambiguous text (the measure's interpretations)", function(s, arg)
  local w = words(arg or "")
  local M = s:measure()
  if #w == 0 then
    local t = interp_table(M)
    local out = {}
    for _, n in ipairs(names_of(t)) do out[#out + 1] = n .. " = " .. tostring(s.interpret[n] or "(default)") end
    s:write(#out > 0 and table.concat(out, "\n") or "this measure declares no interpretations")
    return
  end
  if #w ~= 2 then error("usage: .interpret NAME CHOICE", 0) end
  local old = s.interpret[w[1]]
  s.interpret[w[1]] = w[2]
  local ok, err = pcall(check_overrides, s)
  if not ok then
    s.interpret[w[1]] = old
    error(err, 0)
  end
  s:write(("%s = %s"):format(w[1], w[2]))
end, function(s, n, _, w)
  local t = interp_table(s.current)
  if n == 1 then return names_of(t) end
  if n == 2 then
    local i = t[w[2]]
    if type(i) == "table" and type(i.choices) == "table" then
      local out = {}
      for k in pairs(i.choices) do out[#out + 1] = k end
      table.sort(out)
      return out
    end
  end
end)

-- The child tables of the current measure's lists, planned as gazette run plans them, with its
-- notes (a list without a child table is missing in every record).
local function child_notes(s)
  local _, notes = whatif.plan_children(s.current, s.db, s.child)
  for _, n in ipairs(notes) do s:write("note: " .. n) end
end

-- A record from `{...}` (Lua, in the session) or an id in the open population.
local function record_arg(s, arg)
  arg = need(arg, ".eval (or .match) {field = value, ...} | RECORD_ID | EXPRESSION")
  if arg:match("^%d+$") then
    if not s.db then error("record " .. arg .. ": no population open; use .db FILE first, or give the record as {field = value, ...}", 0) end
    local tbl = s.table or whatif.default_table(s.current)
    local key = whatif.key(s.db, tbl, s.key)
    child_notes(s)
    local r = whatif.record(s.db, tbl, math.tointeger(tonumber(arg)), s.current, key, s.child)
    if r == nil then error(("no record with %s %s in table %s of %s"):format(key, arg, tbl, s.dbpath), 0) end
    return r
  end
  local f, err = load("return " .. arg, "=.eval", "t", s.env)
  if not f then error(err, 0) end
  local r = f()
  if type(r) ~= "table" then error(".eval needs a record: {field = value, ...} or a record id, got " .. type(r), 0) end
  return r
end

command("eval", "{RECORD} | ID", "evaluate one record (Lua table or id in the .db population)", function(s, arg)
  local M = s:measure()
  local r = record_arg(s, arg)
  local ev = M:prepare(s:options())
  local res = ev(r)
  s.last = res
  s.env.last = res
  s:write(show.result(res))
end)

-- .match ID | {RECORD}: every measure in force for one record (stdlib/match.lua,
-- docs/matching.md). The entity: the record's "entity", else the table's (enterprises ->
-- enterprise), else inferred from its fields. Overrides (.set) belong to one measure and do not
-- apply here.
local function match_entity(s, r, from_db)
  local match = require "match"
  if r.entity ~= nil then return r.entity end
  if from_db then
    local tbl = s.table or whatif.default_table(s.current)
    local singular = tbl == "persons" and "person" or tbl:gsub("ies$", "y"):gsub("s$", "")
    for _, e in ipairs(match.entities()) do if e == singular then return e end end
  end
  local e, why = match.entity_of(r)
  if not e then error("which entity is the record? " .. why, 0) end
  return e
end

command("match", "ID | {RECORD}", "every measure in force for one record: amounts, clauses, facts still needed", function(s, arg)
  local match = require "match"
  local r = record_arg(s, arg)
  local entity = match_entity(s, r, arg:match("^%d+$") ~= nil)
  local key = entity .. "@" .. tostring(s:as_of_date())
  s.match_libs = s.match_libs or {}
  local lib = s.match_libs[key]
  if not lib then
    lib = match.library { entity = entity, as_of = s:as_of_date() }
    s.match_libs[key] = lib
  end
  local report = lib:match(r)
  report.entity_how = r.entity ~= nil and "entity declared" or "entity " .. entity
  s.last_match = report
  s.env.last_match = report
  s:write(match.text(report))
  for _, w in ipairs(report.warnings) do s:write("warning: " .. w) end
end)

command("explain", "", "explain the last result, failed conditions first", function(s)
  if not s.last then error("nothing to explain yet: .eval a record first", 0) end
  local measure = global("measure")
  if measure and measure.explain then s:write(measure.explain(s.last)) else s:write(show.result(s.last)) end
end)

-- --where SQL, --table T, --limit N, and `by FIELD`
local function population_opts(s, arg)
  local o = {}
  local rest = arg or ""
  rest = rest:gsub("^%s+", "")
  while rest ~= "" do
    local opt, tail = rest:match("^(%-%-%a+)%s*(.*)$")
    if opt == "--where" then
      -- the SQL runs to the next --option (or the end)
      local sql, after = tail:match("^(.-)%s+(%-%-%a.*)$")
      if not sql then sql, after = tail, "" end
      o.where = (sql:gsub("^[\"'](.*)[\"']$", "%1"))
      rest = after
    elseif opt == "--table" or opt == "--limit" then
      local v, after = tail:match("^(%S+)%s*(.*)$")
      if not v then error("usage: " .. opt .. " VALUE", 0) end
      if opt == "--limit" then
        o.limit = math.tointeger(tonumber(v))
        if not o.limit or o.limit < 0 then error("--limit expects a number of records, got '" .. v .. "'", 0) end
      else o.table = v end
      rest = after
    elseif rest:match("^by%s") or rest == "by" then
      local f, after = rest:match("^by%s+(%S+)%s*(.*)$")
      if not f then error("usage: .compare by FIELD", 0) end
      o.by = f
      rest = after
    else
      error(("unknown option '%s' (--where SQL, --table T, --limit N%s)"):format(rest:match("^%S+"), ""), 0)
    end
  end
  return o
end

local function base_opts(s, o)
  local M = s:measure()
  if not s.db then error("no population: open one with .db FILE.db (e.g. from gazette gen)", 0) end
  local host = s.host
  -- the population's columns stay loaded for the next .run/.compare (stdlib/population.lua)
  s.population_cache = s.population_cache or {}
  child_notes(s)
  return { measure = M, db = s.db, dbpath = s.dbpath, cache = s.population_cache, table = o.table or s.table,
    key = s.key, child = s.child, where = o.where, limit = o.limit, as_of = s:as_of_date(), tick = host.tick, by = o.by }
end

command("run", "[--where SQL]", "the population: counts by status and total amount (with the overrides)", function(s, arg)
  local o = population_opts(s, arg)
  if o.by then error("usage: .run [--where SQL] [--table T] [--limit N] (by FIELD belongs to .compare)", 0) end
  local opts = base_opts(s, o)
  local ov = s:options()
  opts.set, opts.interpret = ov.set, ov.interpret
  local sum = whatif.run(opts)
  local t = whatif.overrides_text(ov.set, ov.interpret)
  s:write(whatif.format_run(sum, t ~= "" and ("with " .. t) or nil))
end)

command("compare", "[by FIELD] [--where SQL]", "baseline against the .set overrides: gains, losses, cost, by a field", function(s, arg)
  local o = population_opts(s, arg)
  local opts = base_opts(s, o)
  local ov = s:options()
  opts.reform = { set = ov.set or {}, interpret = ov.interpret }
  local c = whatif.compare(opts)
  s.last_compare = c
  s:write(whatif.format_compare(c))
end, function(s, n, _, w)
  if n == 1 then return { "by", "--where", "--table", "--limit" } end
  if w[n] == "by" then return columns(s) end
end)

local WEEKDAY = { "一", "二", "三", "四", "五", "六", "日" }
command("cal", "DATE", "is DATE a working day, and which holiday", function(s, arg)
  local d, err = dates.parse(need(arg, ".cal DATE (2025-10-01, 2025年10月1日)"))
  if not d then error(err or ("invalid date '" .. arg .. "'"), 0) end
  local day = cal.day(d)
  local kinds = { holiday = "statutory holiday", in_lieu = "day off (调休)", ["break"] = "day off of the break",
    makeup = "working weekend (调休上班)", weekend = "weekend", workday = "working day" }
  local text = ("%s 星期%s: %s"):format(tostring(d), WEEKDAY[d:weekday()], day.workday and "working day" or "day off")
  if day.kind and kinds[day.kind] and kinds[day.kind] ~= "working day" and kinds[day.kind] ~= "weekend" then
    text = text .. ", " .. kinds[day.kind]
  end
  if day.festival then text = text .. ", " .. day.festival end
  if day.notice then text = text .. " (" .. day.notice .. ")" end
  if day.assumed then text = text .. " (assumed Monday-Friday)" end
  s:write(text)
end)

command("save", "FILE", "write the session's commands to FILE, a script to replay with gazette repl < FILE", function(s, arg)
  local path = need(arg, ".save FILE")
  local text = table.concat(s.log, "\n") .. (#s.log > 0 and "\n" or "")
  if not s.host.save then error(".save is not available here", 0) end
  local ok, err = s.host.save(path, text)
  if not ok then error(("cannot write %s: %s"):format(path, tostring(err)), 0) end
  s:write(("saved %d commands to %s"):format(#s.log, path))
end, function(s, n) if n == 1 then return {}, "files" end end)

command("timer", "on|off", "show the time each command takes", function(s, arg)
  if arg == "on" then s.timer = true elseif arg == "off" then s.timer = false
  else error("usage: .timer on|off", 0) end
end, function(s, n) if n == 1 then return { "on", "off" } end end)

command("show", "", "the session: measure, population, as-of date, overrides", function(s)
  local out = {
    "measure:   " .. (s.current and tostring(rawget(s.current, "id")) or "(none: .load MEASURE)"),
    "loaded:    " .. (#s.order > 0 and table.concat(s.order, ", ") or "(none)"),
    "db:        " .. (s.dbpath and (s.dbpath .. " (table " .. (s.table or whatif.default_table(s.current)) .. ")") or "(none: .db FILE)"),
    "as of:     " .. tostring(s:as_of_date()) .. (s.as_of and "" or " (today)"),
  }
  local parts = {}
  for _, k in ipairs(s.set_order) do parts[#parts + 1] = k .. " = " .. tostring(s.set[k]) end
  out[#out + 1] = "overrides: " .. (#parts > 0 and table.concat(parts, ", ") or "(none)")
  parts = {}
  for _, k in ipairs(show.sorted_keys(s.interpret)) do parts[#parts + 1] = k .. " = " .. s.interpret[k] end
  out[#out + 1] = "interpret: " .. (#parts > 0 and table.concat(parts, ", ") or "(defaults)")
  out[#out + 1] = "timer:     " .. (s.timer and "on" or "off")
  s:write(table.concat(out, "\n"))
end)

command("quit", "", "leave (Ctrl-D too)", function() return "quit" end)

repl.commands = commands
repl.command_order = order

-- Commands not worth replaying from a saved session.
local NOT_LOGGED = { help = true, save = true, quit = true, show = true, explain = true }

function Session:dot(line)
  local name, arg = line:match("^%.(%S*)%s*(.-)%s*$")
  if name == "exit" then name = "quit" end
  local c = commands[name]
  if not c then
    error(("unknown command '.%s'; .help lists the commands"):format(name), 0)
  end
  local r = c.fn(self, arg ~= "" and arg or nil)
  if not NOT_LOGGED[name] then self.log[#self.log + 1] = line end
  return r
end

-- The entry point: one complete (or not yet complete) input.
-- Returns "ok", "incomplete", "quit" or "error", message.
-- text: a line, or the lines of a multi-line input; line: the input line it starts on.
function Session:handle(text, line)
  local t0 = self.timer and self.host.clock and self.host.clock()
  local trimmed = text:match("^%s*(.-)%s*$")
  local status, msg
  if trimmed == "" then return "ok" end
  if trimmed:sub(1, 1) == "." and not trimmed:match("^%.%.") and not text:find("\n") then
    local ok, r = pcall(self.dot, self, trimmed)
    if not ok then
      status, msg = "error", tostring(r)
      local name = trimmed:match("^%.(%S*)")
      if commands[name] or name == "exit" then msg = "." .. name .. ": " .. msg end
    elseif r == "quit" then return "quit"
    else status = "ok" end
  else
    local r, err = self:eval_lua(text, line)
    if r == "incomplete" then return "incomplete" end
    if r then
      status = "ok"
      self.log[#self.log + 1] = text
    else
      status, msg = "error", err
    end
  end
  if t0 and self.timer then self:write(("time: %.3fs"):format(self.host.clock() - t0)) end
  return status, msg
end

-- ---- completion (repl/complete.c asks) ----

-- Candidates for word `prefix` at position `n` (1 = first argument) of a dot-command line.
-- Returns a list of strings and, when file names fit too, "files".
function Session:complete_arg(cmd, n, prefix, w)
  local c = commands[cmd == "exit" and "quit" or cmd]
  if not c or not c.complete then return {} end
  local list, files = c.complete(self, n, prefix, w)
  local out = {}
  for _, x in ipairs(list or {}) do
    if x:sub(1, #prefix) == prefix then out[#out + 1] = x end
  end
  return out, files
end

function repl.command_names()
  local out = {}
  for _, n in ipairs(order) do out[#out + 1] = "." .. n end
  return out
end

return repl
