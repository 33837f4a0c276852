-- stdlib/cases.lua: cases kept in a store (docs/workflows.md).
--
--   local s = cases.store("gazette-cases.db")          -- created when missing
--   s:open("beijing.construction-permit", "P-2024-001", {on = "2024-03-04", data = {...}})
--   s:fire("P-2024-001", "issue", {on = "2024-03-08", actor = "区住建委", note = "..."})
--   s:show("P-2024-001", "2024-07-01")   --> {id, workflow, state, history, deadlines, ...}
--   s:list{state = "issued", overdue = true, as_of = "2024-07-01"}
--   s:verify([head])                     --> true, {entries, cases, head, head_entry} | false, {seq, case, reason}
--   s:head()                             --> "ENTRY:HASH", to keep elsewhere (verify it with it later)
--
-- Every operation returns its result, or nil and an error {kind, message, reason, clause}
-- (tostring gives the message): kind "usage" (bad input: unknown workflow, case or event,
-- malformed date or data), "refused" (the workflow does not allow it), "conflict" (another
-- writer changed the case meanwhile), "exists". Nothing is recorded unless it succeeds.
-- `gazette case ...` (interp/cmd/cmd_case.c) is a thin wrapper over cases.command.
-- `gazette case diagram WORKFLOW [--format dot|text]` prints a workflow's states (no store).
local casestore = require "casestore"
local json = require "json"
local dates = require "dates"
local workflow = require "workflow"

local cases = {}
local fail = workflow.fail
local to_date = workflow.to_date

cases.DEFAULT_STORE = "gazette-cases.db"

-- Today in China Standard Time (UTC+8), the default as-of date of every command.
cases.today = require("host").today

-- Runs f, turning an error of the working-day calendar (a date in a year it does not know)
-- into a usage error, as the contract asks (exit 2).
local function guarded(f, ...)
  local r = table.pack(pcall(f, ...))
  if r[1] then return table.unpack(r, 2, r.n) end
  local msg = tostring(r[2])
  if msg:find("working-day calendar has no data", 1, true) then
    return fail("usage", (msg:gsub("^[^:]*%.lua:%d+: ", "")))
  end
  error(r[2], 0)
end

local Store = {}
Store.__index = Store
Store.__name = "case store"
Store.__tostring = function(s) return "case store " .. s.path end

-- cases.store(path [, {key_file =, readonly =, legacy =}]) -> store (the file is created when
-- its name ends in .db; its HMAC key is read from key_file, $GAZETTE_CASE_KEY or the user's data
-- folder, and made there with a new store: interp/lua/lcasestore.c)
function cases.store(path, opts)
  path = path or cases.DEFAULT_STORE
  opts = opts or {}
  return setmetatable({ path = path, db = casestore.open(path, { key_file = opts.key_file, readonly = opts.readonly,
    legacy = opts.legacy }) }, Store)
end

function Store:close() self.db:close() end

local function check_id(id)
  if type(id) ~= "string" or id == "" then return fail("usage", "a case id is required (--id ID)") end
  if #id > 200 then return fail("usage", ("case id too long (%d bytes; at most 200)"):format(#id)) end
  if id:find("[%c]") then return fail("usage", "a case id cannot contain control characters") end
  if not utf8.len(id) then return fail("usage", "a case id must be UTF-8 text") end
  return true
end

local function check_data(data, what)
  if data == nil then return true end
  if type(data) ~= "table" or getmetatable(data) and getmetatable(data).__jsonarray then
    return fail("usage", ("%s must be a JSON object {\"name\": value, ...}"):format(what or "data"))
  end
  return true
end

local function check_text(v, what)
  if v == nil then return true end
  if type(v) ~= "string" then return fail("usage", what .. " must be text") end
  if #v > 10000 then return fail("usage", ("%s too long (%d bytes; at most 10000)"):format(what, #v)) end
  if not utf8.len(v) then return fail("usage", what .. " must be UTF-8 text") end
  return true
end

local function encode_remarks(remarks)
  if not remarks then return nil end
  local out = {}
  for i, r in ipairs(remarks) do
    out[i] = setmetatable({ name = r.name, due = tostring(r.due), met = r.met }, { __jsonorder = { "name", "due", "met" } })
  end
  return json.encode(json.array(out))
end

-- A stored row as a workflow history entry.
local function entry_of(row)
  local data = row.data and json.decode(row.data) or nil
  local remarks = row.remarks and json.decode(row.remarks) or nil
  return { n = row.n, event = row.event, on = dates.date(row.on), actor = row.actor, note = row.note, data = data,
           from = row.from, to = row.to, remarks = remarks, recorded_at = row.recorded_at, hash = row.hash,
           seq = row.seq }
end

-- Loads a case: the workflow definition, the case and its row. nil, err when unknown.
function Store:load(id)
  local row = self.db:get(id)
  if not row then return fail("usage", ("unknown case '%s' in %s"):format(tostring(id), self.path)) end
  local wf, err = workflow.find(row.workflow)
  if not wf then return fail("usage", ("case %s: %s"):format(id, err)) end
  local entries = {}
  for i, r in ipairs(self.db:events(id)) do entries[i] = entry_of(r) end
  return wf:restore(id, entries), row
end

local function row_of(wf, e)
  return { workflow = wf.id, event = e.event, on = tostring(e.on), actor = e.actor, note = e.note,
           data = e.data ~= nil and json.encode(e.data) or nil, from = e.from, to = e.to,
           remarks = encode_remarks(e.remarks) }
end

-- store:open(workflow_id, id, {on =, data =, actor =, note =}) -> case | nil, err
function Store:open(wf_id, id, opts)
  opts = opts or {}
  local wf, err = workflow.find(wf_id)
  if not wf then return fail("usage", err) end
  local ok, e = check_id(id)
  if not ok then return nil, e end
  if opts.on == nil then return fail("usage", "the date the case is opened is required (--on DATE)") end
  local on, msg = to_date(opts.on)
  if not on then return fail("usage", ("invalid --on date: %s"):format(msg)) end
  ok, e = check_data(opts.data, "--data")
  if not ok then return nil, e end
  for _, f in ipairs { "actor", "note" } do
    ok, e = check_text(opts[f], f)
    if not ok then return nil, e end
  end
  local okv, verr0 = wf:check_open(on)
  if not okv then return nil, verr0 end
  local c = wf:case { id = id, on = on, data = opts.data, actor = opts.actor, note = opts.note }
  -- the deadlines of the new case must be computable (a date the calendar knows)
  local v, verr = guarded(c.view, c, on)
  if not v then return nil, verr end
  local created, kind, cmsg = self.db:create(id, row_of(wf, c.history[1]))
  if not created then return fail(kind, cmsg) end
  return self:load(id)
end

-- store:fire(id, event, {on =, actor =, note =, data =}) -> case | nil, err
function Store:fire(id, event, opts)
  opts = opts or {}
  local ok, e = check_id(id)
  if not ok then return nil, e end
  local c, err = self:load(id)
  if not c then return nil, err end
  if type(event) ~= "string" or event == "" then return fail("usage", "which event? " .. table.concat(c.workflow.event_names, ", ")) end
  if opts.on == nil then return fail("usage", "the date of the event is required (--on DATE)") end
  local on, msg = to_date(opts.on)
  if not on then return fail("usage", ("invalid --on date: %s"):format(msg)) end
  ok, e = check_data(opts.data, "--data")
  if not ok then return nil, e end
  for _, f in ipairs { "actor", "note" } do
    ok, e = check_text(opts[f], f)
    if not ok then return nil, e end
  end
  local plan, perr = guarded(c.check, c, event, { on = on, actor = opts.actor, note = opts.note, data = opts.data })
  if not plan then return nil, perr end
  -- every deadline of the case after the event must be computable (a date the working-day
  -- calendar knows) before anything is recorded
  local v, verr = guarded(plan.case.view, plan.case, on)
  if not v then return nil, verr end
  local rows = {}
  for i, entry in ipairs(plan.entries) do rows[i] = row_of(c.workflow, entry) end
  local last_n = c.history[#c.history].n
  local n, kind, cmsg = self.db:append(id, last_n, rows)
  if not n then return fail(kind, cmsg) end
  local after, lerr = self:load(id)
  if not after then return nil, lerr end
  return after, last_n + 1 -- the case, and the number of the first entry this fire recorded
end

-- JSON-ready view of a case as of a date.
local HISTORY_ORDER = { __jsonorder = { "n", "event", "on", "from", "to", "actor", "note", "data", "deadlines", "derived",
                                        "clause", "recorded_at", "hash" } }
local DEADLINE_ORDER = { __jsonorder = { "name", "due", "met", "status", "kind", "on", "start", "length", "stopped_by",
                                         "late", "clause", "text" } }
local CASE_ORDER = { __jsonorder = { "id", "workflow", "title", "state", "as_of", "opened_on", "history", "deadlines",
                                     "overdue" } }

local function json_view(v)
  local history = {}
  for i, h in ipairs(v.history) do
    local item = { n = h.n, event = h.event, on = tostring(h.on), from = h.from or json.null, to = h.to,
                   actor = h.actor or json.null, note = h.note or json.null, data = h.data or json.null,
                   recorded_at = h.recorded_at, hash = h.hash }
    if h.remarks then
      local rs = {}
      for k, r in ipairs(h.remarks) do
        rs[k] = setmetatable({ name = r.name, due = tostring(r.due), met = r.met }, DEADLINE_ORDER)
      end
      item.deadlines = json.array(rs)
    end
    if h.derived then
      item.derived = true
      item.clause = h.clause
    end
    history[i] = setmetatable(item, HISTORY_ORDER)
  end
  local dls, overdue = {}, {}
  for i, d in ipairs(v.deadlines) do
    dls[i] = setmetatable({ name = d.name, due = tostring(d.due), met = d.met == nil and json.null or d.met,
                            status = d.status, kind = d.kind, on = d.on and tostring(d.on) or nil, clause = d.clause,
                            text = d.text, start = d.start and tostring(d.start) or nil, length = d.length,
                            stopped_by = d.stopped_by, late = d.late }, DEADLINE_ORDER)
    if d.status == "overdue" then overdue[#overdue + 1] = d.name end
  end
  return setmetatable({ id = v.id, workflow = v.workflow.id, title = v.workflow.title, state = v.state,
                        as_of = tostring(v.as_of), opened_on = tostring(v.history[1].on),
                        history = json.array(history), deadlines = json.array(dls), overdue = json.array(overdue) },
    CASE_ORDER)
end

-- store:show(id [, as_of]) -> view | nil, err
-- view: {id, workflow (definition), state, as_of, history, deadlines, overdue}; json_view(view)
-- is the shape of `gazette case show --json`.
function Store:show(id, as_of)
  local c, err = self:load(id)
  if not c then return nil, err end
  local d, msg = to_date(as_of or cases.today())
  if not d then return fail("usage", ("invalid --as-of date: %s"):format(msg)) end
  if d < c.opened_on then
    return fail("usage", ("case %s was opened on %s, after --as-of %s"):format(id, tostring(c.opened_on), tostring(d)))
  end
  return guarded(c.view, c, d)
end

-- store:list{state =, overdue = bool, as_of =, workflow =} -> array of views
function Store:list(opts)
  opts = opts or {}
  local as_of, msg = to_date(opts.as_of or cases.today())
  if not as_of then return fail("usage", ("invalid --as-of date: %s"):format(msg)) end
  local out = {}
  for _, row in ipairs(self.db:cases()) do
    if not opts.workflow or row.workflow == opts.workflow then
      local c, err = self:load(row.id)
      if not c then return nil, err end
      local v, verr = true, nil
      if c.opened_on <= as_of then v, verr = guarded(c.view, c, as_of) else v = nil end -- not opened yet
      if verr then return nil, verr end
      if v and (not opts.state or v.state == opts.state) and (not opts.overdue or #v.overdue > 0) then
        out[#out + 1] = v
      end
    end
  end
  return out
end

-- Replays one case through its workflow (Def:case, Case:check): the first entry must open it
-- in the workflow's initial state; each later event must be one check allows on its date from
-- the state the case was in (guards, required fields and waiting periods included), with the
-- time-driven entries check derives before it; dates never go backwards. Returns nil, or the
-- first broken entry {seq, case, n, event, on, reason}.
local function replay_case(db, crow)
  local rows = db:events(crow.id)
  local function broken(row, fmt, ...)
    return { seq = row.seq, case = crow.id, n = row.n, event = row.event, on = row.on, reason = fmt:format(...) }
  end
  local first = rows[1]
  if not first then return nil end -- a case row without events: the chain check names it
  local wf, werr = workflow.find(crow.workflow)
  if not wf then return broken(first, "its workflow cannot be loaded to replay the case: %s", tostring(werr)) end
  local function data_of(row) return row.data and json.decode(row.data) or nil end
  if first.event ~= "open" or first.from ~= nil then return broken(first, "a case's first entry must open it") end
  local on = to_date(first.on)
  if not on then return broken(first, "its date '%s' is not a date", tostring(first.on)) end
  if first.to ~= wf.initial then
    return broken(first, "it opens the case in state %s, but %s opens cases in %s", tostring(first.to), wf.id, wf.initial)
  end
  local okc, c = pcall(wf.case, wf, { id = crow.id, on = on, data = data_of(first), actor = first.actor, note = first.note })
  if not okc then return broken(first, "%s refuses to open it: %s", wf.id, tostring(c):gsub("^[^:]*%.lua:%d+: ", "")) end
  local i, prev = 2, first
  while i <= #rows do
    local row = rows[i]
    local d = to_date(row.on)
    if not d then return broken(row, "its date '%s' is not a date", tostring(row.on)) end
    if d < to_date(prev.on) then
      return broken(row, "its date %s is earlier than the entry before it (%s on %s): dates may not go backwards",
        row.on, prev.event, prev.on)
    end
    if row.from ~= c.state then
      return broken(row, "it leaves state %s, but the case was in %s", tostring(row.from), c.state)
    end
    -- the entries of one fire: the time-driven ones (not events of the workflow), then its event
    local j = i
    while rows[j] and not wf.events[rows[j].event] do j = j + 1 end
    local ev = rows[j]
    if not ev then return broken(row, "%s is not an event of %s and no event follows it", row.event, wf.id) end
    local plan, perr = guarded(c.check, c, ev.event, { on = to_date(ev.on), actor = ev.actor, note = ev.note,
      data = data_of(ev) })
    if not plan then return broken(ev, "the workflow refuses it: %s", tostring(perr)) end
    for k = 1, math.max(#plan.entries, j - i + 1) do
      local got, want = rows[i + k - 1], plan.entries[k]
      if not want then
        return broken(got, "the workflow records no %s before %s on %s", got.event, ev.event, ev.on)
      end
      if got.event ~= want.event or got.on ~= tostring(want.on) or got.from ~= want.from or got.to ~= want.to then
        return broken(got, "it records %s on %s from %s to %s, but the workflow gives %s on %s from %s to %s",
          got.event, got.on, tostring(got.from), got.to, want.event, tostring(want.on), tostring(want.from), want.to)
      end
    end
    for _, e in ipairs(plan.entries) do
      e.n = #c.history
      c.history[#c.history + 1] = e
    end
    c.state = plan.state
    prev = ev
    i = j + 1
  end
  return nil
end

-- store:verify([head]) -> true, {entries, cases, head, head_entry} | false, {seq, case, n, event, on, reason}
-- The chain (the store's HMAC, the numbering, the case rows, the append-only triggers, the head
-- kept elsewhere), then every case replayed through its workflow; the first broken entry (the
-- smallest) is named. Nothing is written.
function Store:verify(head)
  local ok, r = self.db:verify(head)
  if not ok then return ok, r end
  local worst
  for _, crow in ipairs(self.db:cases()) do
    local bad = replay_case(self.db, crow)
    if bad and (not worst or bad.seq < worst.seq) then worst = bad end
  end
  if worst then return false, worst end
  return ok, r
end

-- store:head() -> "ENTRY:HASH" of a log that verifies | nil, failure (as verify)
function Store:head()
  local ok, r = self:verify()
  if not ok then return nil, r end
  return ("%d:%s"):format(r.head_entry, r.head)
end

-- Module-level shortcuts on a store path: cases.open(path, ...) etc. (the key from the default
-- places: GAZETTE_CASE_KEY or the user's data folder)
for _, name in ipairs { "open", "fire", "show", "list", "verify" } do
  cases[name] = function(path, ...)
    local s = cases.store(path)
    return Store[name](s, ...)
  end
end

cases.json_view = json_view

-- ---- the command: gazette case open|fire|show|list|verify ----

local function pad(s, w)
  s = tostring(s)
  local width = utf8.len(s) or #s
  return s .. string.rep(" ", math.max(0, w - width))
end

local function human_deadline(d)
  local s = ("%s %s %s"):format(pad(d.name, 18), tostring(d.due), pad(d.status, 8))
  if d.on and (d.status == "met" or d.status == "missed") then s = s .. (" (%s)"):format(tostring(d.on)) end
  if d.stopped_by then
    s = s .. (" (by %s on %s%s)"):format(d.stopped_by, tostring(d.on), d.late and ", after the due date" or "")
  end
  return s .. "  " .. d.clause .. (d.text and ("  " .. d.text) or "")
end

local function human_view(v)
  local out = {}
  local function add(fmt, ...) out[#out + 1] = fmt:format(...) end
  add("case %s  %s  %s", v.id, v.workflow.id, v.workflow.title)
  add("state: %s (as of %s)", v.state, tostring(v.as_of))
  add("history:")
  for _, h in ipairs(v.history) do
    local line = ("  %3d  %s  %s %s → %s"):format(h.n, tostring(h.on), pad(h.event, 18), h.from or "", h.to)
    if h.actor then line = line .. "  by " .. h.actor end
    if h.note then line = line .. "  note: " .. h.note end
    if h.data and next(h.data) then line = line .. "  data: " .. json.encode(h.data) end
    if h.derived then line = line .. ("  [time-driven, not recorded: %s]"):format(h.clause) end
    out[#out + 1] = line
    for _, r in ipairs(h.remarks or {}) do
      add("       %s %s %s", r.name, tostring(r.due), r.met and "met" or "NOT met")
    end
  end
  if #v.deadlines > 0 then
    add("deadlines:")
    for _, d in ipairs(v.deadlines) do add("  %s", human_deadline(d)) end
  end
  return table.concat(out, "\n") .. "\n"
end

local function result(code, out, err) return { code = code, out = out or "", err = err or "" } end

local function error_result(cmd, e)
  local code = (e.kind == "usage" or e.kind == "exists") and 2 or 1
  local prefix = e.kind == "refused" and "refused: " or ""
  return result(code, nil, ("gazette case %s: %s%s\n"):format(cmd, prefix, tostring(e)))
end

-- cases.command(sub, opts) -> {code, out, err}
-- opts: store, json (bool), and per subcommand: workflow, id, event, on, data, actor, note,
-- as_of, state, overdue (bool). data arrives decoded (cmd_case.c reads and parses it).
function cases.command(sub, o)
  if sub == "diagram" then -- no store: the definition only
    local wf, err = workflow.find(o.workflow)
    if not wf then return result(2, nil, ("gazette case diagram: %s\n"):format(err)) end
    local format = o.format or "dot"
    if format == "dot" then return result(0, wf:dot() .. "\n") end
    if format == "text" then return result(0, wf:diagram() .. "\n") end
    return result(2, nil, ("gazette case diagram: unknown --format '%s' (dot or text)\n"):format(tostring(format)))
  end
  if sub == "migrate" then return cases.migrate_command(o) end
  -- verify, head, show and list only read: the store is opened read-only (nothing created,
  -- nothing repaired, a missing trigger reported rather than recreated)
  local reading = sub == "verify" or sub == "head" or sub == "show" or sub == "list"
  local okstore, s = pcall(cases.store, o.store, { key_file = o.key_file, readonly = reading })
  if not okstore then
    return result(2, nil, ("gazette case %s: %s\n"):format(sub, (tostring(s):gsub("^[^:]*%.lua:%d+: ", ""))))
  end
  local enc = function(v) return json.encode(v) .. "\n" end
  if sub == "open" then
    local c, e = s:open(o.workflow, o.id, { on = o.on, data = o.data, actor = o.actor, note = o.note })
    if not c then return error_result(sub, e) end
    local v = assert(guarded(c.view, c, c.opened_on))
    if o.json then return result(0, enc(json_view(v))) end
    local lines = { ("opened case %s (%s) on %s: state %s"):format(c.id, c.workflow.id, tostring(c.opened_on), c.state) }
    for _, d in ipairs(v.deadlines) do lines[#lines + 1] = "  " .. human_deadline(d) end
    return result(0, table.concat(lines, "\n") .. "\n")
  elseif sub == "fire" then
    local c, first = s:fire(o.id, o.event, { on = o.on, data = o.data, actor = o.actor, note = o.note })
    if not c then return error_result(sub, first) end
    local last = c.history[#c.history]
    local v = assert(guarded(c.view, c, last.on))
    if o.json then return result(0, enc(json_view(v))) end
    local lines = {}
    for i = first + 1, #c.history do -- the rows this fire recorded (a lapse before the event too)
      local h = c.history[i]
      lines[#lines + 1] = ("%s: %s on %s: %s → %s"):format(c.id, h.event, tostring(h.on), h.from, h.to)
      for _, r in ipairs(h.remarks or {}) do
        lines[#lines + 1] = ("  %s %s %s"):format(r.name, tostring(r.due), r.met and "met" or "NOT met")
      end
    end
    for _, d in ipairs(v.deadlines) do
      if d.status == "pending" or d.status == "running" or d.status == "overdue" then
        lines[#lines + 1] = "  " .. human_deadline(d)
      end
    end
    return result(0, table.concat(lines, "\n") .. "\n")
  elseif sub == "show" then
    local v, e = s:show(o.id, o.as_of)
    if not v then return error_result(sub, e) end
    return result(0, o.json and enc(json_view(v)) or human_view(v))
  elseif sub == "list" then
    local list, e = s:list { state = o.state, overdue = o.overdue, as_of = o.as_of, workflow = o.workflow }
    if not list then return error_result(sub, e) end
    if o.json then
      local arr = {}
      for i, v in ipairs(list) do
        local j = json_view(v)
        arr[i] = setmetatable({ id = j.id, workflow = j.workflow, state = j.state, as_of = j.as_of,
                                opened_on = j.opened_on, last_event = v.history[#v.history].event,
                                last_on = tostring(v.history[#v.history].on), deadlines = j.deadlines,
                                overdue = j.overdue },
          { __jsonorder = { "id", "workflow", "state", "as_of", "opened_on", "last_event", "last_on", "deadlines", "overdue" } })
      end
      return result(0, enc(json.array(arr)))
    end
    if #list == 0 then return result(0, "no cases\n") end
    local w = { 4, 8, 5 }
    for _, v in ipairs(list) do
      w[1] = math.max(w[1], utf8.len(v.id) or #v.id)
      w[2] = math.max(w[2], #v.workflow.id)
      w[3] = math.max(w[3], #v.state)
    end
    local lines = { ("%s  %s  %s  %-10s  %s"):format(pad("CASE", w[1]), pad("WORKFLOW", w[2]), pad("STATE", w[3]), "OPENED", "OVERDUE") }
    for _, v in ipairs(list) do
      local od = {}
      for _, d in ipairs(v.overdue) do od[#od + 1] = ("%s %s"):format(d.name, tostring(d.due)) end
      lines[#lines + 1] = ("%s  %s  %s  %s  %s"):format(pad(v.id, w[1]), pad(v.workflow.id, w[2]), pad(v.state, w[3]),
        tostring(v.history[1].on), table.concat(od, ", ")):gsub("%s+$", "")
    end
    return result(0, table.concat(lines, "\n") .. "\n")
  elseif sub == "verify" or sub == "head" then
    local okv, ok, r = pcall(s.verify, s, o.head)
    if not okv then return result(2, nil, ("gazette case %s: %s\n"):format(sub, (tostring(ok):gsub("^[^:]*%.lua:%d+: ", "")))) end
    if ok and sub == "head" then
      if o.json then
        return result(0, enc(setmetatable({ head = ("%d:%s"):format(r.head_entry, r.head), entry = r.head_entry, hash = r.head },
          { __jsonorder = { "head", "entry", "hash" } })))
      end
      return result(0, ("%d:%s\n"):format(r.head_entry, r.head))
    end
    if ok then
      if o.json then
        return result(0, enc(setmetatable({ ok = true, entries = r.entries, cases = r.cases, head = r.head,
                                            head_entry = r.head_entry, triggers = r.triggers },
          { __jsonorder = { "ok", "entries", "cases", "head", "head_entry", "triggers" } })))
      end
      return result(0, ("ok: %d entries in %d cases, hash chain intact (HMAC-SHA-256 under the store's key), every case replays through its workflow%s; head %d:%s\n")
        :format(r.entries, r.cases, o.head and ", the head kept elsewhere is reached" or "", r.head_entry, r.head))
    end
    local what = r.seq > 0 and ("entry %d"):format(r.seq) or "the store"
    if r.case then
      what = what .. (" (case %s"):format(r.case)
      if r.n then what = what .. (", event #%d"):format(r.n) end
      if r.event then what = what .. (" %s"):format(r.event) end
      if r.on then what = what .. (" on %s"):format(r.on) end
      what = what .. ")"
    end
    local msg = ("gazette case %s: %s: %s\n"):format(sub, what, r.reason)
    if o.json then
      return result(1, enc(setmetatable({ ok = false, entry = r.seq, case = r.case, n = r.n, event = r.event, on = r.on,
                                          reason = r.reason }, { __jsonorder = { "ok", "entry", "case", "n", "event", "on", "reason" } })), msg)
    end
    return result(1, nil, msg)
  end
  return result(2, nil, ("gazette case: unknown subcommand '%s' (open, fire, show, list, verify, head, migrate, diagram)\n"):format(tostring(sub)))
end

-- `gazette case migrate --store OLD --out NEW.db`: a store of format 1 (an unkeyed SHA-256
-- chain) verified as it is (chain and workflow replay), then copied entry by entry into a new
-- store chained under the key; the old file is left as it was.
function cases.migrate_command(o)
  local function err(code, fmt, ...) return result(code, nil, ("gazette case migrate: " .. fmt .. "\n"):format(...)) end
  if not o.out then return err(2, "--out NEW.db is required (the old store is not changed)") end
  if o.out == o.store then return err(2, "--out must be a new file, not the store itself") end
  local okold, old = pcall(cases.store, o.store, { readonly = true, legacy = true })
  if not okold then return err(2, "%s", (tostring(old):gsub("^[^:]*%.lua:%d+: ", ""))) end
  local ok, r = old:verify()
  if not ok then
    return err(1, "%s does not verify, so it is not migrated: entry %d%s: %s", o.store, r.seq,
      r.case and (" (case " .. r.case .. ")") or "", r.reason)
  end
  if r.version ~= 1 then return err(2, "%s is already a keyed store (format 2): nothing to migrate", o.store) end
  local oknew, new = pcall(cases.store, o.out, { key_file = o.key_file })
  if not oknew then return err(2, "%s", (tostring(new):gsub("^[^:]*%.lua:%d+: ", ""))) end
  local okm, n = pcall(old.db.migrate_to, old.db, new.db)
  if not okm then return err(1, "%s", (tostring(n):gsub("^[^:]*%.lua:%d+: ", ""))) end
  local okv, r2 = new:verify()
  if not okv then return err(1, "%s does not verify after the copy: entry %d: %s", o.out, r2.seq, r2.reason) end
  return result(0, ("migrated %d entries in %d cases from %s (format 1, head %s) to %s, chained under the key in %s; head %d:%s\n")
    :format(n, r2.cases, o.store, r.head, o.out, new.db:info().key_file or "?", r2.head_entry, r2.head))
end

return cases
