-- The workflow engine's wave-2 mechanisms on small made-up workflows (docs/workflows.md):
-- declared deadlines in calendar days, working days and legal periods, counted with or without
-- their first day; lengths chosen by the data of the starting event; restarts; states that stop
-- a deadline; declared --data fields read as exact decimals; reasons for refusals in a state;
-- a start date for opening cases; the dot diagram; the checks of a definition.
local tap = require "tap"
local ok, is, raises = tap.ok, tap.is, tap.raises

local serial = 0
local function def(extra)
  serial = serial + 1
  local t = {
    id = "t.engine" .. serial, title = "t", document = "d", source = "gazettes/chaoyang-2020-04.txt:436-558",
    states = { "a", "b", "c", "held", "done" }, initial = "a",
    events = {
      go = { from = "a", to = "b", clause = "第一条" },
      again = { from = { "b", "c" }, to = "b", clause = "第二条" },
      step = { from = "b", to = "c", clause = "第二条" },
      finish = { from = { "b", "c", "held" }, to = "done", clause = "第三条" },
      hold = { from = "b", to = "held", clause = "第四条" },
    },
    deadlines = {},
  }
  for k, v in pairs(extra or {}) do t[k] = v end
  return workflow.register(workflow(t))
end

local function case(wf, opened, steps)
  local c = wf:case { id = "T", on = opened }
  for _, s in ipairs(steps or {}) do
    local _, err = c:fire(s[1], { on = s[2], data = s.data, note = s.note })
    if err then error(("%s on %s: %s"):format(s[1], s[2], tostring(err)), 2) end
  end
  return c
end

local function dl(c, name, as_of)
  for _, d in ipairs(c:view(as_of).deadlines) do
    if d.name == name then return d end
  end
end

-- ---------------------------------------------------------------- calendar days
do
  local wf = def { deadlines = {
    counted = { kind = "not_before", start = "go", days = 7, first_day = true, met_by = "finish", running_in = "b", clause = "x" },
    plain = { start = "go", days = 7, met_by = "finish", running_in = "b", clause = "x" },
  } }
  -- go on Fri 2025-09-26: counting the posting day, 09-26 is day 1 and 10-02 day 7, a National
  -- Day holiday that stays the end (calendar days are not moved off holidays)
  local c = case(wf, "2025-09-20", { { "go", "2025-09-26" } })
  is(tostring(c:deadline("counted")), "2025-10-02", "7 calendar days counting the first: 2025-09-26 + 6 = 10-02 (a holiday, not moved)")
  is(tostring(c:deadline("plain")), "2025-10-03", "7 calendar days from the next day: 2025-09-26 + 7 = 10-03")
  local d = dl(c, "counted", "2025-10-02")
  is(d.status, "running", "a minimum period runs on its last day")
  is(d.length, "7 calendar days, the first day counted, not moved off holidays", "  and says how it is counted")
  is(tostring(d.start), "2025-09-26", "  and from when")
  local r, err = c:check("finish", { on = "2025-10-02" })
  ok(r == nil and err.kind == "refused" and tostring(err):find("counted runs until 2025-10-02", 1, true)
    and tostring(err):find("finish is allowed from 2025-10-03", 1, true),
    "the event a minimum period is met by is refused on its last day, saying when it is allowed", tostring(err))
  ok(c:check("finish", { on = "2025-10-03" }), "and allowed the day after")
  -- calendar days need no working-day calendar: 2026-12-28 + 6 is 2027-01-03
  c = case(wf, "2026-12-01", { { "go", "2026-12-28" } })
  is(tostring(c:deadline("counted")), "2027-01-03", "calendar days reach 2027, a year the working-day calendar does not know")
  ok(c:fire("finish", { on = "2027-01-04" }), "  and an event then is fine")
end

-- ---------------------------------------------------------------- working days, first day counted or not
do
  local wf = def { deadlines = {
    counted = { kind = "not_before", start = "go", workdays = 5, first_day = true, met_by = "finish", running_in = "b", clause = "x" },
    plain = { start = "go", workdays = 5, met_by = "finish", running_in = "b", clause = "x" },
  } }
  -- go on Fri 2025-09-26, a working day: counted 09-26 (1), Sun 09-28 (调休, 2), 09-29 (3),
  -- 09-30 (4), then the National Day break 10-01..10-08, 10-09 (5)
  local c = case(wf, "2025-09-20", { { "go", "2025-09-26" } })
  is(tostring(c:deadline("counted")), "2025-10-09", "5 working days counting the first: 09-26, 09-28 (调休), 09-29, 09-30, 10-09")
  -- not counted: 09-28 (1), 09-29 (2), 09-30 (3), 10-09 (4), 10-10 (5)
  is(tostring(c:deadline("plain")), "2025-10-10", "5 working days after: 09-28, 09-29, 09-30, 10-09, 10-10")
  -- go on Sat 2025-10-04, a day off: it is not counted either way; 10-09, 10-10, Sat 10-11 (调休), 10-13, 10-14
  c = case(wf, "2025-09-20", { { "go", "2025-10-04" } })
  is(tostring(c:deadline("counted")), "2025-10-14", "started on a day off, the first day is not a working day: 2025-10-14")
  is(tostring(c:deadline("plain")), "2025-10-14", "  the same when not counted")
  -- 2026-12-28 + 5 working days: 12-29, 12-30, 12-31, then 2027, which the calendar does not know
  c = case(wf, "2026-12-01")
  local _, err = c:check("go", { on = "2026-12-28" })
  ok(_ ~= nil, "the event itself is checked") -- the plan is made; the view of its deadlines fails
  raises(function() c:fire("go", { on = "2026-12-28" }) c:view("2026-12-28") end, "no data for 2027",
    "a working-day deadline reaching 2027 is an error naming the year")
  local s = cases.store(":memory:")
  assert(s:open(wf, "X", { on = "2026-12-01" }))
  local c2, e2 = s:fire("X", "go", { on = "2026-12-28" })
  ok(c2 == nil and e2.kind == "usage" and tostring(e2):find("no data for 2027", 1, true),
    "through a store: a usage error naming 2027", tostring(e2))
  is(#s:show("X", "2026-12-28").history, 1, "  and nothing recorded")
  ok(s:verify(), "  the log verifies")
  local _ = err
end

-- ---------------------------------------------------------------- legal periods
do
  local wf = def { deadlines = {
    by3y = { start = "step", period = { years = 3 }, met_by = "finish", running_in = "c", clause = "x" },
  }, timed = { { name = "expire", from = "c", to = "done", after = "by3y", clause = "x" } } }
  -- 2023-02-16 + 3 years = 2026-02-16, in the Spring Festival break (02-15..02-23): 02-24
  local c = case(wf, "2023-01-03", { { "go", "2023-02-01" }, { "step", "2023-02-16" } })
  is(tostring(c:deadline("by3y")), "2026-02-24", "3 years from 2023-02-16: 2026-02-16 is off (春节 to 02-23), so 02-24")
  is(dl(c, "by3y", "2026-02-24").status, "pending", "pending on its last day")
  is(dl(c, "by3y", "2026-02-24").length, "3 years (民法典 第二百零一条至第二百零三条)", "  a legal period")
  is(c:state_on("2026-02-24"), "c", "no time-driven transition on the due date")
  is(c:state_on("2026-02-25"), "done", "the transition the day after")
  local v = c:view("2026-02-25")
  is(v.history[#v.history].event, "expire", "  shown as a derived entry")
  is(tostring(v.history[#v.history].on), "2026-02-25", "  dated the day after")
  local r, err = c:check("finish", { on = "2026-02-25" })
  ok(r == nil and tostring(err):find("the case became done on 2026-02-25 because by3y 2026-02-24 passed", 1, true),
    "an event after it is refused, saying why", tostring(err))
end

-- ---------------------------------------------------------------- restarts, lengths chosen by data, stops
do
  local wf = def { deadlines = {
    notice = { kind = "not_before", start = "go", days = 3, first_day = true, met_by = "finish",
               running_in = { "b", "c" }, clause = "x" },
  }, events = {
    go = { from = { "a", "c" }, to = "b", clause = "第一条" },
    step = { from = "b", to = "c", clause = "第二条" },
    back = { from = "c", to = "b", clause = "第二条" },
    finish = { from = "b", to = "done", clause = "第三条" },
  } }
  -- go 03-02: 03-02..03-04; a step to c and back does not move it; a new go restarts it
  local c = case(wf, "2025-03-01", { { "go", "2025-03-02" }, { "step", "2025-03-03" } })
  is(dl(c, "notice", "2025-03-03").status, "running", "runs in c too")
  c:fire("back", { on = "2025-03-03" })
  is(tostring(c:deadline("notice")), "2025-03-04", "back to b: the end does not move")
  c:fire("step", { on = "2025-03-04" })
  c:fire("go", { on = "2025-03-10" })
  is(tostring(c:deadline("notice")), "2025-03-12", "a new go restarts it: the last start counts (03-10..03-12)")
  ok(c:check("finish", { on = "2025-03-12" }) == nil, "  finish refused until the new end")
  ok(c:check("finish", { on = "2025-03-13" }), "  and allowed after it")
end
do
  local wf = def { events = {
    go = { from = "a", to = "b", clause = "第一条",
           fields = { urgent = { type = "boolean", default = false }, kind = { type = "enum", values = { "x", "y" }, required = true } } },
    finish = { from = { "b", "held" }, to = "done", clause = "第三条" },
    hold = { from = "b", to = "held", clause = "第四条" },
    step = { from = "b", to = "c", clause = "第二条" },
  }, deadlines = {
    due = { start = "go", workdays = function(v) return (v.urgent or v.kind == "y") and 2 or 10 end,
            length_text = "2 working days when urgent or kind y, else 10",
            met_by = "finish", running_in = "b", stops_in = "held", clause = "x" },
  } }
  -- Mon 2025-03-03: 2 working days is Wed 03-05; 10 working days is Mon 03-17
  local c = case(wf, "2025-03-01", { { "go", "2025-03-03", data = { kind = "x", urgent = true } } })
  is(tostring(c:deadline("due")), "2025-03-05", "the starting event's data chose 2 working days: 03-05")
  is(dl(c, "due", "2025-03-03").length, "2 working days", "  and show says which")
  c = case(wf, "2025-03-01", { { "go", "2025-03-03", data = { kind = "x" } } })
  is(tostring(c:deadline("due")), "2025-03-17", "urgent defaults to false: 10 working days, 03-17")
  c = case(wf, "2025-03-01", { { "go", "2025-03-03", data = { kind = "y", urgent = false } } })
  is(tostring(c:deadline("due")), "2025-03-05", "kind y: 2 working days")
  is(dl(c, "due", "2025-03-06").status, "overdue", "overdue the day after")
  c:fire("hold", { on = "2025-03-04" })
  local d = dl(c, "due", "2025-06-01")
  is(d.status, "stopped", "entering a stopping state stops it")
  ok(d.met == nil, "  neither met nor missed")
  is(#c:view("2025-06-01").overdue, 0, "  and never overdue")
  is(d.stopped_by, "hold", "  saying by which event")
  ok(not d.late, "  in time")
  c:fire("finish", { on = "2025-06-02" })
  d = dl(c, "due", "2025-06-03")
  is(d.status, "stopped", "the event that meets it, after the stop, does not meet it")
  ok(c.history[#c.history].remarks == nil, "  and records no remark")
  c = case(wf, "2025-03-01", { { "go", "2025-03-03", data = { kind = "y" } }, { "hold", "2025-03-10" } })
  d = dl(c, "due", "2025-03-11")
  ok(d.status == "stopped" and d.met == nil and d.late, "a stop after the due date still stops it, marked late")
  c = case(wf, "2025-03-01", { { "go", "2025-03-03", data = { kind = "y" } }, { "step", "2025-03-10" } })
  d = dl(c, "due", "2025-03-11")
  ok(d.status == "missed" and d.met == false, "leaving by another state after the due date is missed, as before")
  c = case(wf, "2025-03-01", { { "go", "2025-03-03", data = { kind = "y" } }, { "finish", "2025-03-05" } })
  ok(dl(c, "due", "2025-03-11").met == true, "finish on the due date: met")
  is(c.history[#c.history].remarks[1].met, true, "  recorded with the event")
end

-- ---------------------------------------------------------------- declared fields: exact decimals and the rest
do
  local wf = def { events = {
    go = { from = "a", to = "b", clause = "第一条",
           fields = {
             area = { type = "decimal", required = true, positive = true, text = "面积 m²" },
             count = { type = "integer" },
             on_day = { type = "date" },
             label = { type = "text" },
           },
           guard = function(c, e)
             if e.values.area > ratio("7.2") then return false, ("data.area %s > 7.2"):format(tostring(e.values.area)), "第九条" end
             return true
           end },
    finish = { from = "b", to = "done", clause = "第三条" },
  } }
  local function try(data)
    local c = wf:case { id = "F", on = "2025-03-01" }
    return c:check("go", { on = "2025-03-02", data = data })
  end
  for _, v in ipairs { 7.2, "7.20", "7.2", " 7.200 ", 7, "0.5", ".5" } do
    ok(try { area = v }, ("area %s is a decimal within 7.2"):format(tostring(v)))
  end
  local r, err = try { area = "7.21" }
  ok(r == nil and tostring(err):find("go: data.area 7.21 > 7.2 (第九条)", 1, true), "the guard compares exact decimals", tostring(err))
  -- 0.1 + 0.2 as a Lua float is 0.30000000000000004, read as exactly that (its shortest decimal)
  local c = wf:case { id = "F", on = "2025-03-01" }
  local plan = assert(c:check("go", { on = "2025-03-02", data = { area = 0.1 + 0.2 } }))
  is(tostring(plan.entries[1].values.area), "0.30000000000000004", "a Lua float is read through its shortest decimal")
  for _, case_ in ipairs {
    { {}, "go needs data.area: 面积 m²" },
    { { area = true }, "go: data.area must be a decimal number (150, 7.2 or \"7.20\") (面积 m²), got true" },
    { { area = "7,2" }, "data.area must be a decimal number" },
    { { area = "1e2" }, "data.area must be a decimal number" },
    { { area = "3/4" }, "data.area must be a decimal number" },
    { { area = 0 }, "data.area must be a number greater than 0" },
    { { area = "-1" }, "data.area must be a number greater than 0" },
    { { area = 1, count = 1.5 }, "data.count must be a whole number" },
    { { area = 1, on_day = "2025-02-30" }, "data.on_day must be a date" },
    { { area = 1, label = "  " }, "data.label must be text" },
    { { area = 1, aera = 2 }, "go: data.aera is not a field of go (its fields: area, count, label, on_day)" },
  } do
    r, err = try(case_[1])
    ok(r == nil and err.kind == "refused" and tostring(err):find(case_[2], 1, true) and tostring(err):find("第一条", 1, true),
      ("refused, naming the field and the clause: %s"):format(case_[2]), tostring(err))
  end
  plan = assert(try { area = "2", count = 3.0, on_day = "2025年3月1日" })
  is(plan.entries[1].values.count, 3, "an integral float is an integer")
  is(tostring(plan.entries[1].values.on_day), "2025-03-01", "a Chinese date")
  ok(plan.entries[1].data.area == "2", "the data is recorded as given")
end

-- ---------------------------------------------------------------- refusals, valid_from, definitions
do
  local wf = def { valid_from = "2025-01-01", valid_clause = "第九条 自2025年1月1日起施行",
    events = {
      go = { from = "a", to = "b", clause = "第一条" },
      finish = { from = "b", to = "done", clause = "第三条",
                 refusals = { a = { text = "未经审核不得作出决定", clause = "第三条第三款" } } },
    } }
  local c = wf:case { id = "R", on = "2025-01-01" }
  local r, err = c:check("finish", { on = "2025-01-02" })
  ok(r == nil and tostring(err):find("finish is not allowed in state a (allowed: go): 未经审核不得作出决定 (第三条第三款)", 1, true),
    "a refusal with its own reason and clause", tostring(err))
  is(err.clause, "第三条第三款", "  err.clause")
  raises(function() wf:case { id = "R", on = "2024-12-31" } end, "in force from 2025-01-01 (第九条 自2025年1月1日起施行)",
    "a case cannot be opened before valid_from")
  local s = cases.store(":memory:")
  local c2, e2 = s:open(wf, "R", { on = "2024-12-31" })
  ok(c2 == nil and e2.kind == "refused", "  through a store: refused (exit 1)")
  ok(s:open(wf, "R", { on = "2025-01-01" }), "  and opened on the day itself")

  local base = function()
    return { id = "t.def", title = "t", document = "d", states = { "a", "b", "c" }, initial = "a",
             events = { go = { from = "a", to = "b", clause = "第一条" } }, deadlines = {} }
  end
  local t = base()
  t.deadlines.x = { start = "go", days = 3, workdays = 2, met_by = "go", running_in = "b", clause = "c" }
  raises(function() workflow(t) end, "give start (the events it counts from) and one of days, workdays or period", "two lengths")
  t = base()
  t.deadlines.x = { start = "nope", days = 3, running_in = "b", clause = "c" }
  raises(function() workflow(t) end, "start event nope is not an event", "an unknown start event")
  t = base()
  t.deadlines.x = { start = "go", days = 0, running_in = "b", clause = "c" }
  raises(function() workflow(t) end, "days must be a whole number of at least 1", "zero days")
  t = base()
  t.deadlines.x = { start = "go", workdays = function() return 3 end, running_in = "b", clause = "c" }
  raises(function() workflow(t) end, "needs length_text", "a length chosen by a function must say how")
  t = base()
  t.deadlines.x = { start = "go", days = 3, running_in = "b", stops_in = "b", clause = "c" }
  raises(function() workflow(t) end, "stops_in state b is not a state outside running_in", "a stopping state it runs in")
  t = base()
  t.deadlines.x = { due = function() end, start = "go", running_in = "b", clause = "c" }
  raises(function() workflow(t) end, "due is a function(case) returning a date, or give start", "due and start")
  t = base()
  t.events.go.fields = { x = { type = "float" } }
  raises(function() workflow(t) end, "type must be decimal, integer, boolean, enum, text or date", "an unknown field type")
  t = base()
  t.events.go.fields = { x = { type = "enum" } }
  raises(function() workflow(t) end, "values (a list) is required", "an enum without values")
  t = base()
  t.events.go.refusals = { a = { text = "x", clause = "y" } }
  raises(function() workflow(t) end, "refusals names a, which is not a state it is refused in", "a refusal where it is allowed")
  t = base()
  t.events.go.lines = "12-3x"
  raises(function() workflow(t) end, "lines must be a line number or \"A-B\"", "malformed lines")
  t = base()
  t.valid_from = "2025-01-01"
  raises(function() workflow(t) end, "valid_from must be a date string, with valid_clause", "valid_from without its clause")
  t = base()
  t.source = "gazettes/chaoyang-2020-04.txt:436-99999"
  t.events.go.lines = 12
  local f = workflow.check_sources(workflow(t))
  ok(#f == 2 and f[1]:find("not inside its", 1, true) and f[2]:find("event go cites lines 12, outside the source", 1, true),
    "check_sources: lines past the end of the file, an event outside the source", table.concat(f, "; "))
  t.source = "the chaoyang gazette, lines 1-2"
  f = workflow.check_sources(workflow(t))
  ok(f[1]:find("is not of the form gazettes/FILE.txt:A-B", 1, true), "check_sources: a source that is not a gazette range")
end

-- ---------------------------------------------------------------- the dot diagram
do
  local wf = def { deadlines = {
    by3y = { start = "step", period = { years = 3 }, met_by = "finish", running_in = "c", clause = "x" },
  }, timed = { { name = "expire", from = "c", to = "done", after = "by3y", clause = "x" } } }
  local dot = wf:dot()
  ok(dot:find('^digraph "t%.engine%d+" {'), "dot: a digraph named by the id")
  ok(dot:find('__start -> "a";', 1, true), "  the initial state")
  ok(dot:find('"a" -> "b" [label="go"];', 1, true), "  an edge per event")
  ok(dot:find('"c" -> "done" [label="expire (after by3y)", style=dashed];', 1, true), "  time-driven edges dashed")
  ok(dot:find('"done" [peripheries=2];', 1, true), "  final states doubled")
  ok(dot:find("}$"), "  closed")
  ok(wf:diagram():find("by3y = from the last step: 3 years", 1, true), "the text diagram lists the declared deadlines")
end

tap.done()
