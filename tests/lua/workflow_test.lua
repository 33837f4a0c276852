-- Workflows W1 (beijing.construction-permit) and W2 (bda.kindergarten-subsidy-application)
-- (docs/workflows.md): every allowed and refused transition, the deadlines across holidays
-- and 调休 days, the lapse to void, the extension limits, the notice period; then the
-- engine's checks of definitions and the Lua API over an in-memory store.
local tap = require "tap"
local ok, is, raises = tap.ok, tap.is, tap.raises

local W1 = assert(workflow.find("beijing.construction-permit"))
local W2 = assert(workflow.find("bda.kindergarten-subsidy-application"))

-- fires events in order; each {event, on, data =, note =}; returns the case
local function run(wf, opened, steps)
  local c = wf:case { id = "T", on = opened }
  for _, s in ipairs(steps or {}) do
    local _, err = c:fire(s[1], { on = s[2], data = s.data, note = s.note, actor = s.actor })
    if err then error(("%s on %s: %s"):format(s[1], s[2], tostring(err)), 2) end
  end
  return c
end

local function refused(c, event, e)
  local r, err = c:check(event, e)
  return r == nil and err.kind == "refused", err and tostring(err) or "(allowed)"
end

local function deadline(v, name)
  for _, d in ipairs(v.deadlines) do
    if d.name == name then return d end
  end
end

-- ---------------------------------------------------------------- W1: issue_by
do
  -- CPL-09 case 1: received Mon 2024-03-04 -> issue by Mon 2024-03-11 (5 working days: 03-05..08, 03-11)
  local c = run(W1, "2024-03-04")
  is(c.state, "submitted", "W1 opens in submitted")
  is(tostring(c:deadline("issue_by")), "2024-03-11", "issue_by: 2024-03-04 + 5 working days = 2024-03-11 (CPL-09 case 1)")
  local v = c:view("2024-03-11")
  is(deadline(v, "issue_by").status, "pending", "issue_by pending on its last day")
  is(#v.overdue, 0, "not overdue on 2024-03-11")
  v = c:view("2024-03-12")
  is(deadline(v, "issue_by").status, "overdue", "an unissued case is overdue the day after issue_by")
  is(deadline(v, "issue_by").met, false, "  met = false")
  is(#v.overdue, 1, "  and listed as overdue")

  -- across National Day 2025: received Fri 09-26; 09-28 (Sun, 调休上班), 09-29, 09-30, 10-09, 10-10
  c = run(W1, "2025-09-26")
  is(tostring(c:deadline("issue_by")), "2025-10-10", "issue_by across National Day and a make-up Sunday: 2025-10-10")
  local c2 = run(W1, "2025-09-26", { { "issue", "2025-10-10" } })
  is(c2.history[2].remarks[1].met, true, "issue on 2025-10-10 is recorded with issue_by met")
  is(deadline(c2:view("2025-11-01"), "issue_by").status, "met", "  and shown met")
  c2 = run(W1, "2025-09-26", { { "issue", "2025-10-11" } })
  is(c2.state, "issued", "issue after issue_by is allowed (the permit is still due)")
  is(c2.history[2].remarks[1].met, false, "  but recorded with issue_by not met (2025-10-11 > 2025-10-10)")
  is(deadline(c2:view("2025-10-20"), "issue_by").status, "missed", "  and shown missed")

  -- the clock restarts at resubmit: Mon 2024-04-01 + 5 over 清明 (04-04..06 off, Sun 04-07 worked)
  c = run(W1, "2024-03-04", { { "request_documents", "2024-03-06" } })
  is(c.state, "awaiting_documents", "request_documents: submitted -> awaiting_documents")
  is(deadline(c:view("2024-03-20"), "issue_by").status, "stopped", "issue_by does not run while documents are awaited")
  is(#c:view("2024-03-20").overdue, 0, "  so the case is not overdue")
  ok(refused(c, "issue", { on = "2024-03-07" }), "issue refused in awaiting_documents")
  ok(refused(c, "refuse", { on = "2024-03-07", note = "x" }), "refuse refused in awaiting_documents")
  c:fire("resubmit", { on = "2024-04-01" })
  is(c.state, "submitted", "resubmit: awaiting_documents -> submitted")
  is(tostring(c:deadline("issue_by")), "2024-04-09", "issue_by from the resubmit: 2024-04-01 + 5 = 04-09 (清明, Sun 04-07 worked)")
  ok(refused(c, "resubmit", { on = "2024-04-02" }), "resubmit refused in submitted")
end

-- ---------------------------------------------------------------- W1: refuse
do
  local c = run(W1, "2024-03-04")
  local r, why = refused(c, "refuse", { on = "2024-03-08" })
  ok(r, "refuse without a note is refused")
  ok(why:find("note", 1, true) and why:find("第十条第二款", 1, true), "  naming the note and 第十条第二款", why)
  r, why = refused(c, "refuse", { on = "2024-03-08", note = "  " })
  ok(r, "a blank note is no note")
  c:fire("refuse", { on = "2024-03-08", note = "施工图设计文件未审查合格 (第六条第五项)" })
  is(c.state, "refused", "refuse with a note: submitted -> refused")
  for _, e in ipairs(W1.event_names) do
    ok(refused(c, e, { on = "2024-03-09", note = "x", data = { months = 1 } }), "refused is final: " .. e .. " refused")
  end
  is(deadline(c:view("2024-04-01"), "issue_by").status, "stopped", "issue_by stops when the application is refused in time")
end

-- ---------------------------------------------------------------- W1: start_by, extensions, lapse
do
  -- CPL-13 case 1: issued 2024-03-15; 06-15 is a Saturday, so start_by is Mon 2024-06-17
  local c = run(W1, "2024-03-11", { { "issue", "2024-03-15" } })
  is(tostring(c:deadline("start_by")), "2024-06-17", "start_by = period_end(2024-03-15, 3 months): 06-15 is a Saturday -> 06-17")
  is(c:state_on("2024-06-17"), "issued", "still issued on start_by")
  is(c:state_on("2024-06-18"), "void", "void as of the day after start_by")
  local v = c:view("2024-06-18")
  local last = v.history[#v.history]
  is(last.event, "lapse", "the lapse shows in the history as of that date")
  is(tostring(last.on), "2024-06-18", "  on 2024-06-18")
  ok(last.derived, "  derived, not recorded")
  is(#c.history, 2, "  and the case itself is unchanged")
  is(deadline(v, "start_by").status, "missed", "start_by missed")
  is(c:state_on("2030-01-01"), "void", "void as of any later date")
  local r, why = refused(c, "start", { on = "2024-06-18" })
  ok(r, "start after start_by is refused")
  ok(why:find("void", 1, true) and why:find("2024-06-17", 1, true) and why:find("第十四条", 1, true),
    "  saying the permit is void since start_by 2024-06-17 passed (第十四条)", why)
  local c2 = run(W1, "2024-03-11", { { "issue", "2024-03-15" }, { "start", "2024-06-17" } })
  is(c2.state, "started", "start on start_by: issued -> started")
  is(deadline(c2:view("2024-07-01"), "start_by").status, "met", "  start_by met")
  is(c2:state_on("2024-07-01"), "started", "  and a started permit never lapses")
  is(c2.history[3].remarks[1].met, true, "  recorded with start_by met")

  -- CPL-13 case 2: two extensions (3 and 2 months) from 2024-03-15
  c = run(W1, "2024-03-11", { { "issue", "2024-03-15" } })
  c:fire("extend", { on = "2024-06-10", data = { months = 3 } })
  is(c.state, "issued", "extend: issued -> issued")
  is(tostring(c:deadline("start_by")), "2024-09-18",
    "start_by after +3 months: 2024-09-15 falls in 中秋 (09-15..17 off) -> 09-18")
  c:fire("extend", { on = "2024-09-01", data = { months = 2 } })
  is(tostring(c:deadline("start_by")), "2024-11-15", "start_by after +2 more: 3 + 3 + 2 = 8 months -> 2024-11-15 (a Friday)")
  r, why = refused(c, "extend", { on = "2024-09-02", data = { months = 1 } })
  ok(r, "a third extension is refused")
  ok(why:find("延期以两次为限", 1, true), "  延期以两次为限", why)
  is(c:state_on("2024-11-16"), "void", "no start by 2024-11-15: void from 2024-11-16")
  ok(refused(c, "start", { on = "2024-11-18" }), "start on 2024-11-18 refused")

  -- extension limits
  c = run(W1, "2024-03-11", { { "issue", "2024-03-15" } })
  for _, bad in ipairs { 0, 4, -1, 1.5, "2" } do
    r, why = refused(c, "extend", { on = "2024-05-01", data = { months = bad } })
    ok(r and why:find("1 to 3", 1, true), ("extend by %s months refused (每次不超过3个月)"):format(tostring(bad)), why)
  end
  r, why = refused(c, "extend", { on = "2024-05-01" })
  ok(r and why:find("data.months", 1, true), "extend without data.months refused, naming it", why)
  r, why = refused(c, "extend", { on = "2024-05-01", data = {} })
  ok(r, "extend with empty data refused")
  ok(not refused(c, "extend", { on = "2024-06-17", data = { months = 3 } }), "extend on start_by itself is allowed")
  r, why = refused(c, "extend", { on = "2024-06-18", data = { months = 3 } })
  ok(r and why:find("void", 1, true), "extend the day after start_by refused: the permit is void", why)

  -- CPL-13 case 3: issued 2024-11-30 -> 2025-02-28 (no 02-30); an extension on 2025-03-03 is too late
  c = run(W1, "2024-11-25", { { "issue", "2024-11-30" } })
  is(tostring(c:deadline("start_by")), "2025-02-28", "start_by from 2024-11-30: no 2025-02-30, so 02-28")
  ok(refused(c, "extend", { on = "2025-03-03", data = { months = 3 } }), "an extension asked on 2025-03-03 is refused")
  is(c:state_on("2025-03-03"), "void", "  the permit is void")

  -- start_by across the 2024/2025 Spring Festival: issued 2024-10-28, 3 months -> 2025-01-28 (除夕, off)
  c = run(W1, "2024-10-21", { { "issue", "2024-10-28" } })
  is(tostring(c:deadline("start_by")), "2025-02-05", "start_by 2025-01-28 is 除夕: the break runs to 02-04, so 02-05")
  is(c:state_on("2025-02-04"), "issued", "  still issued during the break")
  is(c:state_on("2025-02-06"), "void", "  void from 02-06")

  -- states that do not allow events
  c = run(W1, "2024-03-11", { { "issue", "2024-03-15" } })
  for _, e in ipairs { "issue", "refuse", "request_documents", "resubmit" } do
    ok(refused(c, e, { on = "2024-03-20", note = "x" }), "issued: " .. e .. " refused")
  end
  c:fire("start", { on = "2024-04-01" })
  for _, e in ipairs(W1.event_names) do
    ok(refused(c, e, { on = "2024-04-02", note = "x", data = { months = 1 } }), "started is final: " .. e .. " refused")
  end
  c = run(W1, "2024-03-04")
  ok(refused(c, "start", { on = "2024-03-05" }), "submitted: start refused")
  ok(refused(c, "extend", { on = "2024-03-05", data = { months = 1 } }), "submitted: extend refused")
end

-- ---------------------------------------------------------------- seeing a case as of an earlier date
do
  local c = run(W1, "2024-03-04", { { "issue", "2024-03-15" }, { "start", "2024-04-01" } })
  local v = c:view("2024-03-12")
  is(v.state, "submitted", "as of 2024-03-12 the later issue is not seen: submitted")
  is(deadline(v, "issue_by").status, "overdue", "  and issue_by (03-11) was overdue then")
  is(#v.history, 1, "  only the open in the history")
  is(c:view("2024-03-20").state, "issued", "as of 03-20: issued")
  is(c:view("2024-04-01").state, "started", "as of 04-01: started")
  is(c:view("2024-03-04").state, "submitted", "as of the opening day: submitted")
end

-- ---------------------------------------------------------------- W1: input errors
do
  local c = run(W1, "2024-03-04", { { "request_documents", "2024-03-06" } })
  local r, err = c:check("resubmit", { on = "2024-03-05" })
  ok(r == nil and err.kind == "refused" and tostring(err):find("earlier than the case's last event", 1, true),
    "an event dated before the last event is refused", tostring(err))
  r, err = c:check("resubmit", { on = "2024-03-06" })
  ok(r ~= nil, "an event on the same day as the last is allowed")
  r, err = c:check("approve", { on = "2024-03-07" })
  ok(r == nil and err.kind == "usage" and tostring(err):find("no event 'approve'", 1, true), "an unknown event is a usage error",
    tostring(err))
  r, err = c:check("resubmit", { on = "2024-02-30" })
  ok(r == nil and err.kind == "usage" and tostring(err):find("2024-02-30", 1, true), "a malformed date is a usage error", tostring(err))
  is(#c.history, 2, "check never changes the case")
end

-- ---------------------------------------------------------------- W2: the notice period
do
  -- published Fri 2025-09-26, a working day: counted; 09-28 (Sun) is worked; then 09-29, 09-30, 10-09
  local c = run(W2, "2025-09-01", { { "accept", "2025-09-02" }, { "publish", "2025-09-26" } })
  is(c.state, "public_notice", "accept, publish: applied -> under_review -> public_notice")
  is(tostring(c:deadline("public_notice_end")), "2025-10-09",
    "public_notice_end = add_workdays(2025-09-25, 5): 09-26, 09-28, 09-29, 09-30, 10-09")
  local r, why = refused(c, "approve", { on = "2025-10-09" })
  ok(r, "approve on public_notice_end is refused")
  ok(why:find("2025-10-09", 1, true) and why:find("第十四条", 1, true), "  naming the end and 第十四条", why)
  ok(refused(c, "approve", { on = "2025-09-30" }), "approve during the notice is refused")
  local v = c:view("2025-10-09")
  is(deadline(v, "public_notice_end").status, "running", "the notice is running on its last day")
  is(deadline(c:view("2025-10-10"), "public_notice_end").status, "elapsed", "and has run on 10-10")
  is(#c:view("2026-01-01").overdue, 0, "a notice period is never overdue")
  c:fire("approve", { on = "2025-10-10" })
  is(c.state, "approved", "approve on 2025-10-10: public_notice -> approved")
  is(c.history[#c.history].remarks[1].met, true, "  recorded with the notice period met")

  -- published on Sat 2025-10-04 (a day off): not counted; 10-09, 10-10, 10-11 (Sat, worked), 10-13, 10-14
  c = run(W2, "2025-09-01", { { "accept", "2025-09-02" }, { "publish", "2025-10-04" } })
  is(tostring(c:deadline("public_notice_end")), "2025-10-14", "published on a day off: public_notice_end 2025-10-14")
  ok(refused(c, "approve", { on = "2025-10-14" }), "approve on 10-14 refused")
  ok(not refused(c, "approve", { on = "2025-10-15" }), "approve on 10-15 allowed")

  -- an objection: re-review, a new notice from its own publish date
  c = run(W2, "2025-09-01", { { "accept", "2025-09-02" }, { "publish", "2025-09-26" }, { "object", "2025-09-29" } })
  is(c.state, "re_review", "object: public_notice -> re_review")
  ok(refused(c, "approve", { on = "2025-10-20" }), "approve refused in re_review")
  is(deadline(c:view("2025-10-20"), "public_notice_end").status, "stopped", "the objected notice stops")
  c:fire("publish", { on = "2025-10-13" })
  is(c.state, "public_notice", "publish again: re_review -> public_notice")
  is(tostring(c:deadline("public_notice_end")), "2025-10-17", "the new notice: 10-13..10-17")
  c:fire("approve", { on = "2025-10-18" })
  is(c.state, "approved", "approve after the second notice")

  local c3 = run(W2, "2025-09-01", { { "accept", "2025-09-02" }, { "publish", "2025-09-26" }, { "object", "2025-09-29" } })
  r, why = refused(c3, "reject", { on = "2025-10-10" })
  ok(r and why:find("note", 1, true), "reject needs a note", why)
  c3:fire("reject", { on = "2025-10-10", note = "近3年内受到行政处罚 (第十二条第二项)" })
  is(c3.state, "rejected", "reject: re_review -> rejected")
  local c4 = run(W2, "2025-09-01", { { "accept", "2025-09-02" }, { "reject", "2025-09-10", note = "考核不合格" } })
  is(c4.state, "rejected", "reject: under_review -> rejected")
  for _, e in ipairs(W2.event_names) do
    ok(refused(c4, e, { on = "2025-09-11", note = "x" }), "rejected is final: " .. e .. " refused")
  end
end

-- ---------------------------------------------------------------- W2: payment, suspension, rectification
do
  local base = { { "accept", "2025-03-03" }, { "publish", "2025-03-10" }, { "approve", "2025-03-17" } }
  local c = run(W2, "2025-03-01", base)
  is(tostring(c:deadline("public_notice_end")), "2025-03-14", "notice 2025-03-10..14")
  c:fire("suspend", { on = "2025-04-01" })
  is(c.state, "suspended", "suspend: approved -> suspended")
  ok(refused(c, "disburse", { on = "2025-04-02" }), "disburse refused while suspended")
  c:fire("rectify", { on = "2025-04-20" })
  is(c.state, "approved", "rectify returns to approved, the state before the suspension")
  c:fire("disburse", { on = "2025-04-25" })
  is(c.state, "disbursed", "disburse: approved -> disbursed")
  c:fire("suspend", { on = "2025-06-01" })
  c:fire("rectify", { on = "2025-06-10" })
  is(c.state, "disbursed", "suspend then rectify from disbursed returns to disbursed")
  c:fire("suspend", { on = "2025-07-01" })
  c:fire("cancel", { on = "2025-08-01" })
  is(c.state, "cancelled", "cancel: suspended -> cancelled")
  for _, e in ipairs(W2.event_names) do
    ok(refused(c, e, { on = "2025-08-02", note = "x" }), "cancelled is final: " .. e .. " refused")
  end
  c = run(W2, "2025-03-01", base)
  for _, e in ipairs { "accept", "publish", "object", "approve", "rectify", "cancel" } do
    ok(refused(c, e, { on = "2025-03-20", note = "x" }), "approved: " .. e .. " refused")
  end
  c = run(W2, "2025-03-01")
  for _, e in ipairs { "publish", "object", "approve", "disburse", "suspend", "rectify", "cancel", "reject" } do
    ok(refused(c, e, { on = "2025-03-02", note = "x" }), "applied: " .. e .. " refused")
  end
  c = run(W2, "2025-03-01", { { "accept", "2025-03-03" }, { "publish", "2025-03-10" } })
  for _, e in ipairs { "accept", "publish", "reject", "disburse", "suspend", "rectify", "cancel" } do
    ok(refused(c, e, { on = "2025-03-20", note = "x" }), "public_notice: " .. e .. " refused")
  end
end

-- ---------------------------------------------------------------- definitions
do
  local base = function()
    return { id = "t.flow", title = "t", document = "d", states = { "a", "b" }, initial = "a",
             events = { go = { from = "a", to = "b", clause = "第一条" } } }
  end
  ok(pcall(workflow, base()), "a minimal workflow defines")
  local t = base()
  t.events.go.clause = nil
  raises(function() workflow(t) end, "clause (the article it applies) is required", "an event without a clause is an error")
  t = base()
  t.events.go.to = "c"
  raises(function() workflow(t) end, "to state c is not in states", "an unknown target state is an error")
  t = base()
  t.initial = "z"
  raises(function() workflow(t) end, "initial state z is not in states", "an unknown initial state is an error")
  t = base()
  t.events.open = { from = "a", to = "b", clause = "x" }
  raises(function() workflow(t) end, "'open' is reserved", "an event named open is an error")
  t = base()
  t.id = "nodot"
  raises(function() workflow(t) end, "id must be a dotted name", "an id without a dot is an error")
  t = base()
  t.timed = { { name = "x", from = "a", to = "b", after = "nope", clause = "c" } }
  raises(function() workflow(t) end, "after must name a deadline", "a timed transition after an unknown deadline is an error")
  local found, err = workflow.find("no.such-flow")
  ok(found == nil and err:find("unknown workflow 'no.such-flow'", 1, true) and err:find("beijing.construction-permit", 1, true),
    "workflow.find of an unknown id lists the known ones", err)
  local ids = {}
  for _, d in ipairs(workflow.list()) do ids[#ids + 1] = d.id end
  local listed = " " .. table.concat(ids, " ") .. " "
  ok(listed:find(" bda.kindergarten-subsidy-application ", 1, true) and listed:find(" beijing.construction-permit ", 1, true),
    "workflow.list finds both definitions under policies/", table.concat(ids, " "))
  ok(W1:diagram():find("[issued]", 1, true) and W1:diagram():find("~~lapse (after start_by)~~> void", 1, true),
    "the diagram shows the lapse")
  ok(W2:diagram():find("--rectify--> (the state before)", 1, true), "the diagram shows rectify's return")
end

-- ---------------------------------------------------------------- the Lua API over a store
do
  local s = cases.store(":memory:")
  local c, err = s:open("beijing.construction-permit", "P-1", { on = "2024-03-04", data = { project = "住宅楼" } })
  ok(c, "store:open", tostring(err))
  is(c.state, "submitted", "  in the initial state")
  local _, e2 = s:open("beijing.construction-permit", "P-1", { on = "2024-03-04" })
  is(e2 and e2.kind, "exists", "opening an existing id fails")
  _, e2 = s:open("no.such", "P-2", { on = "2024-03-04" })
  is(e2 and e2.kind, "usage", "an unknown workflow is a usage error")
  _, e2 = s:open("beijing.construction-permit", "P-2", { on = "2024-13-01" })
  is(e2 and e2.kind, "usage", "a malformed date is a usage error")
  _, e2 = s:open("beijing.construction-permit", "P-2", { on = "2031-03-04" })
  ok(e2 and e2.kind == "usage" and tostring(e2):find("2031", 1, true), "a year the calendar does not know is a usage error",
    tostring(e2))
  is(s:list { as_of = "2024-03-05" }[1].id, "P-1", "only P-1 was stored")
  is(#s:list { as_of = "2024-03-05" }, 1, "  and nothing else")
  c = assert(s:fire("P-1", "issue", { on = "2024-03-08", actor = "朝阳区住房和城乡建设委员会" }))
  is(c.state, "issued", "store:fire")
  -- start_by = period_end(2024-03-08, 3 months) = 06-08, in the 端午 break (06-08..10): 06-11
  is(tostring(s:show("P-1", "2024-06-01").deadlines[2].due), "2024-06-11", "start_by 2024-06-11 (端午 06-08..10)")
  _, e2 = s:fire("P-1", "start", { on = "2024-06-12" })
  is(e2 and e2.kind, "refused", "a refused fire")
  is(#s:show("P-1", "2024-06-01").history, 2, "  records nothing")
  _, e2 = s:fire("P-9", "issue", { on = "2024-03-08" })
  ok(e2 and e2.kind == "usage" and tostring(e2):find("unknown case 'P-9'", 1, true), "an unknown case is a usage error")
  is(s:show("P-1", "2024-06-12").state, "void", "store:show applies the lapse as of the date")
  is(s:show("P-1", "2024-06-11").state, "issued", "  and not before")
  is(#s:list { state = "void", as_of = "2024-06-12" }, 1, "list by state as of a date")
  is(#s:list { state = "void", as_of = "2024-06-11" }, 0, "  none void the day before")
  s:open("beijing.construction-permit", "P-3", { on = "2024-03-04" })
  local od = s:list { overdue = true, as_of = "2024-03-12" }
  is(#od, 1, "list overdue as of 2024-03-12: P-3, not issued by 03-11")
  is(od[1].id, "P-3", "  P-3")
  is(#s:list { overdue = true, as_of = "2024-03-11" }, 0, "  none on 03-11")
  local vok, r = s:verify()
  ok(vok and r.entries == 3 and r.cases == 2, "verify: 3 entries in 2 cases")
  local j = require("json").encode(cases.json_view(s:show("P-1", "2024-05-01")))
  ok(j:find('^{"id":"P%-1","workflow":"beijing.construction%-permit","title":"[^"]*","state":"issued"'), "json view shape", j)
  ok(j:find('"deadlines":[{"name":"issue_by","due":"2024-03-11","met":true', 1, true), "json deadlines {name, due, met}", j)
end

tap.done()
