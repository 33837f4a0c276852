-- 朝政发〔2023〕5号《北京市朝阳区人民政府工作规则》(M15), gazettes/chaoyang-2023-02.txt:150-408: the
-- latest day to submit meeting materials, event invitations and leave requests, and whether a
-- submission was on time. A calculator: eligible whenever in force, no amount.
--   四十三 second paragraph (line 330): 常务会议、区长办公会议 materials "于会前3个工作日报送区政府办公室"
--   五十二 (line 356): 内事活动 invitations "原则上提前7个工作日以书面形式报区政府"
--   五十四 (line 362): 外事活动 invitations "原则上提前5个工作日以书面形式报区政府"
--   六十九 (line 400): leaving Beijing "原则上须至少提前7天履行书面请假程序"
-- In force "自印发之日起施行" (七十二, line 408), the notice being dated 2023年4月6日 (line 158).
-- Working days come from the State Council calendar (cal.workdays_before, docs/dates.md); an
-- event in a year the calendar does not know is an error that names the year.
local M = measure {
  id = "chaoyang.working-rules-lead-times",
  title = "区政府工作规则：议题材料、活动邀请与离京请假的提前报送时限",
  document = {
    number = "朝政发〔2023〕5号",
    title = "北京市朝阳区人民政府关于印发《北京市朝阳区人民政府工作规则》的通知",
    issuer = "北京市朝阳区人民政府",
    issued_on = "2023-04-06",
    gazette = "北京市朝阳区人民政府公报 2023年第2期",
    source = "gazettes/chaoyang-2023-02.txt:150-408",
  },
  -- as_of is the day of submission; a record may carry its own (submitted_on) for batch runs
  valid = { from = "2023-04-06", clause = "七十二",
            on = function(r, ctx) return r.submitted_on or ctx.as_of end },
  entity = "submission",
  inputs = {
    kind = { type = "enum", specific = true, label = "报送事项",
             values = { "常务会议议题材料", "区长办公会议议题材料", "内事活动邀请", "外事活动邀请", "离京请假" } },
    event_on = { type = "date", specific = true, label = "会议、活动或离京日期" },
    -- Beyond the worked cases: the submission date of this record when it is not the evaluation date
    -- (a batch over many submissions); absent = as_of.
    submitted_on = { type = "date", specific = true, optional = true, label = "报送（请假）日期（缺省为评估日）" },
  },
  outputs = {
    submit_by  = { type = "date" },
    timeliness = { type = "text" },
    lead       = { type = "integer" },
    lead_unit  = { type = "text" },
  },
  output_order = { "submit_by", "timeliness", "lead", "lead_unit" },
}

M:param("materials_workdays", {
  { from = "2023-04-06", value = 3, clause = "四十三", lines = 330,
    text = "提请区政府常务会议、区长办公会议讨论的议题，主责单位应精心准备书面汇报材料，并于会前3个工作日报送区政府办公室" },
})
M:param("domestic_invitation_workdays", {
  { from = "2023-04-06", value = 7, clause = "五十二", lines = 356,
    text = "拟邀请区政府领导同志出席内事活动的，原则上提前7个工作日以书面形式报区政府" },
})
M:param("foreign_invitation_workdays", {
  { from = "2023-04-06", value = 5, clause = "五十四", lines = 362,
    text = "邀请区政府领导同志出席外事活动的，原则上提前5个工作日以书面形式报区政府" },
})
M:param("leave_days", {
  { from = "2023-04-06", value = 7, clause = "六十九", lines = 400,
    text = "原则上须至少提前7天履行书面请假程序，因紧急事项临时外出要及时请假" },
})

M:interpretation("lead-count", {
  text = "“会前3个工作日”“提前7个工作日”：自会议（活动）日往前数，会议日不计，逐个工作日倒数（调休上班日计入，假日不计）",
  default = "nth-working-day-before",
  choices = {
    ["nth-working-day-before"] = "最迟为会议日前第 N 个工作日（cal.add_workdays 的镜像）：10-09 的会议 3 个工作日为 09-28",
    ["clear-days"] = "报送日与会议日之间须隔满 N 个工作日，即最迟为会议日前第 N+1 个工作日：10-09 的会议为 09-27",
  },
})
M:interpretation("leave-days", {
  text = "“至少提前7天”（六十九）：天为日历日，与五十二条“7个工作日”不同",
  default = "calendar",
  choices = {
    calendar = "离京日减 7 个日历日",
    ["working-days"] = "离京日前第 7 个工作日（把“天”读作工作日）",
  },
})
M:interpretation("in-principle", {
  text = "“原则上提前…”：逾期是否仍受理",
  default = "reported",
  choices = {
    reported = "逾期仍为 eligible，在 timeliness 中报告“逾期”",
    binding = "逾期不符合（ineligible），按时限硬性执行",
  },
})

-- The lead of a kind: N, its unit, its clause.
local function lead_of(r, ctx)
  local k = r.kind
  if k == "常务会议议题材料" or k == "区长办公会议议题材料" then return ctx.p.materials_workdays, "工作日", "四十三" end
  if k == "内事活动邀请" then return ctx.p.domestic_invitation_workdays, "工作日", "五十二" end
  if k == "外事活动邀请" then return ctx.p.foreign_invitation_workdays, "工作日", "五十四" end
  return ctx.p.leave_days, "天", "六十九"
end

-- The latest day to submit: submit_by, N, unit, clause.
local function deadline(r, ctx)
  local n, unit, clause = lead_of(r, ctx)
  local event = r.event_on
  if unit == "天" then
    if ctx:interpret("leave-days") == "working-days" then
      return cal.workdays_before(event, n), n, "工作日", clause
    end
    return event - n, n, unit, clause
  end
  if ctx:interpret("lead-count") == "clear-days" then
    return cal.workdays_before(event, n + 1), n, unit, clause
  end
  return cal.workdays_before(event, n), n, unit, clause
end

local function submitted(r, ctx) return r.submitted_on or ctx.as_of end

M:rule("on-time", {
  clause = "四十三、五十二、五十四、六十九", lines = "330-400",
  text = "按规定时限提前报送（in-principle=binding 时，逾期即不符合）",
  when = function(_, ctx) return ctx:interpret("in-principle") == "binding" end,
  check = function(r, ctx)
    local by, n, unit, clause = deadline(r, ctx)
    local on = submitted(r, ctx)
    return on <= by, ("%s：提前 %d %s，最迟 %s，报送于 %s"):format(clause, n, unit == "天" and "天" or "个工作日",
      tostring(by), tostring(on))
  end,
})

M:compute(function(r, ctx, out)
  ctx:interpret("in-principle")
  local by, n, unit, clause = deadline(r, ctx)
  local on = submitted(r, ctx)
  out.submit_by = by
  out.lead = n
  out.lead_unit = unit
  out.timeliness = on <= by and "按时" or "逾期"
  ctx:note("%s %s：%s 前 %d %s = %s；报送于 %s，%s", clause, r.kind, tostring(r.event_on), n,
    unit == "天" and "天" or "个工作日", tostring(by), tostring(on), out.timeliness)
end)

-- ---------------------------------------------------------------------------------------
-- Test cases; the working days are counted back on the State Council calendar.
local function rec(kind, event_on, extra)
  return measure.variant({ kind = kind, event_on = event_on }, extra)
end

M:case {
  name = "worked case: 常务会议 on Monday 2023-10-09, submitted 09-28", as_of = "2023-09-28", clause = "四十三",
  -- back from 10-09: 10-08 (Sun, 调休) 1, 10-07 (Sat, 调休) 2, 09-29..10-06 国庆 off, 09-28 3
  input = rec("常务会议议题材料", "2023-10-09"),
  expect = { status = "eligible", amount = "null", outputs = { submit_by = "2023-09-28", timeliness = "按时",
             lead = 3, lead_unit = "工作日" } },
}
M:case {
  name = "worked case: the same meeting, submitted 10-07", as_of = "2023-10-07", clause = "四十三",
  -- 2023-10-07 > 2023-09-28
  input = rec("常务会议议题材料", "2023-10-09"),
  expect = { status = "eligible", amount = "null", outputs = { submit_by = "2023-09-28", timeliness = "逾期" } },
}
M:case {
  name = "submitted 09-29, the first day of the holiday: late", as_of = "2023-09-29", clause = "四十三",
  input = rec("常务会议议题材料", "2023-10-09"),
  expect = { status = "eligible", outputs = { timeliness = "逾期" } },
}
M:case {
  name = "worked case: leaving Beijing on 2024-05-06", as_of = "2024-04-29", clause = "六十九",
  -- 2024-05-06 − 7 calendar days = 2024-04-29
  input = rec("离京请假", "2024-05-06"),
  expect = { status = "eligible", amount = "null", outputs = { submit_by = "2024-04-29", timeliness = "按时",
             lead = 7, lead_unit = "天" } },
}
M:case {
  name = "leave requested one day later: late", as_of = "2024-04-30", clause = "六十九",
  input = rec("离京请假", "2024-05-06"),
  expect = { status = "eligible", outputs = { submit_by = "2024-04-29", timeliness = "逾期" } },
}
M:case {
  name = "leave-days=working-days: 7 working days before 2024-05-06", as_of = "2024-04-29", clause = "六十九",
  -- 04-30 1, 04-29 2, 04-28 (Sun, 调休) 3, 04-26 4, 04-25 5, 04-24 6, 04-23 7 (劳动节 05-01..05)
  interpret = { ["leave-days"] = "working-days" },
  input = rec("离京请假", "2024-05-06"),
  expect = { status = "eligible", outputs = { submit_by = "2024-04-23", timeliness = "逾期", lead_unit = "工作日" },
             interpretations = { ["leave-days"] = "working-days" } },
}
M:case {
  name = "worked case: 区长办公会议 on 2023-10-09", as_of = "2023-09-25", clause = "四十三",
  input = rec("区长办公会议议题材料", "2023-10-09"),
  expect = { status = "eligible", outputs = { submit_by = "2023-09-28", timeliness = "按时" } },
}
M:case {
  name = "worked case: 常务会议 on 2023-05-08 submitted 05-05: late", as_of = "2023-05-05", clause = "四十三",
  -- 05-06 (Sat, 调休) 1, 05-05 2, 05-04 3 (劳动节 04-29..05-03)
  input = rec("常务会议议题材料", "2023-05-08"),
  expect = { status = "eligible", outputs = { submit_by = "2023-05-04", timeliness = "逾期" } },
}
M:case {
  name = "worked case: 区长办公会议 on 2023-04-10 submitted 04-04", as_of = "2023-04-04", clause = "四十三",
  -- but 2023-04-04 is before the rules (2023-04-06): submitted_on is the record's date
  input = rec("区长办公会议议题材料", "2023-04-10"),
  expect = { status = "not_in_force" },
}
M:case {
  name = "worked case evaluated on 04-06: deadline 04-04 (清明 04-05 skipped)", as_of = "2023-04-06", clause = "四十三",
  -- 04-07 1, 04-06 2, 04-05 清明 off, 04-04 3; submitted 04-06 > 04-04
  input = rec("区长办公会议议题材料", "2023-04-10"),
  expect = { status = "eligible", outputs = { submit_by = "2023-04-04", timeliness = "逾期" } },
}
M:case {
  name = "worked case: 内事 event 2023-05-10", as_of = "2023-04-27", clause = "五十二",
  -- 05-09, 05-08, 05-06 (Sat, 调休), 05-05, 05-04, 04-28, 04-27
  input = rec("内事活动邀请", "2023-05-10"),
  expect = { status = "eligible", outputs = { submit_by = "2023-04-27", timeliness = "按时", lead = 7 } },
}
M:case {
  name = "worked case: 内事 event 2023-10-09", as_of = "2023-09-01", clause = "五十二",
  -- 10-08, 10-07, 09-28, 09-27, 09-26, 09-25, 09-22
  input = rec("内事活动邀请", "2023-10-09"),
  expect = { status = "eligible", outputs = { submit_by = "2023-09-22", timeliness = "按时" } },
}
M:case {
  name = "worked case: 内事 event 2023-04-17 requested 04-10: late", as_of = "2023-04-10", clause = "五十二",
  -- 04-14, 04-13, 04-12, 04-11, 04-10, 04-07, 04-06
  input = rec("内事活动邀请", "2023-04-17"),
  expect = { status = "eligible", outputs = { submit_by = "2023-04-06", timeliness = "逾期" } },
}
M:case {
  name = "worked case: 外事 event 2023-06-27", as_of = "2023-06-19", clause = "五十四",
  -- 06-26, 06-25 (Sun, 调休), 06-21, 06-20, 06-19 (端午 06-22..24)
  input = rec("外事活动邀请", "2023-06-27"),
  expect = { status = "eligible", outputs = { submit_by = "2023-06-19", timeliness = "按时", lead = 5 } },
}
M:case {
  name = "worked case: 外事 event 2023-10-10", as_of = "2023-09-27", clause = "五十四",
  -- 10-09, 10-08, 10-07, 09-28, 09-27
  input = rec("外事活动邀请", "2023-10-10"),
  expect = { status = "eligible", outputs = { submit_by = "2023-09-27", timeliness = "按时" } },
}
M:case {
  name = "worked case: 外事 event 2023-07-11 requested 07-05: late", as_of = "2023-07-05", clause = "五十四",
  -- 07-10, 07-07, 07-06, 07-05, 07-04
  input = rec("外事活动邀请", "2023-07-11"),
  expect = { status = "eligible", outputs = { submit_by = "2023-07-04", timeliness = "逾期" } },
}
M:case {
  name = "worked case: leaving 2023-10-01, requested 09-20", as_of = "2023-09-20", clause = "六十九",
  -- 10-01 − 7 = 09-24 ≥ 09-20
  input = rec("离京请假", "2023-10-01"),
  expect = { status = "eligible", outputs = { submit_by = "2023-09-24", timeliness = "按时" } },
}
M:case {
  name = "worked case: requested 09-26: late", as_of = "2023-09-26", clause = "六十九",
  input = rec("离京请假", "2023-10-01"),
  expect = { status = "eligible", outputs = { submit_by = "2023-09-24", timeliness = "逾期" } },
}
M:case {
  name = "Spring Festival 2024: 常务会议 on 2024-02-19", as_of = "2024-02-08", clause = "四十三",
  -- 02-18 (Sun, 调休) 1, 02-10..17 off, 02-09 (除夕, a working day in 2024) 2, 02-08 3
  input = rec("常务会议议题材料", "2024-02-19"),
  expect = { status = "eligible", outputs = { submit_by = "2024-02-08", timeliness = "按时" } },
}
M:case {
  name = "Spring Festival 2025: 外事 event 2025-02-05", as_of = "2025-01-23", clause = "五十四",
  -- 01-28..02-04 off; 01-27 1, 01-26 (Sun, 调休) 2, 01-24 3, 01-23 4, 01-22 5
  input = rec("外事活动邀请", "2025-02-05"),
  expect = { status = "eligible", outputs = { submit_by = "2025-01-22", timeliness = "逾期" } },
}
M:case {
  name = "an event on a holiday: 内事 on 2023-10-01", as_of = "2023-09-20", clause = "五十二",
  -- 09-28, 09-27, 09-26, 09-25, 09-22, 09-21, 09-20
  input = rec("内事活动邀请", "2023-10-01"),
  expect = { status = "eligible", outputs = { submit_by = "2023-09-20", timeliness = "按时" } },
}
M:case {
  name = "lead-count=clear-days: three clear working days before 2023-10-09", as_of = "2023-09-28", clause = "四十三",
  -- the 4th working day before: 10-08, 10-07, 09-28, 09-27
  interpret = { ["lead-count"] = "clear-days" },
  input = rec("常务会议议题材料", "2023-10-09"),
  expect = { status = "eligible", outputs = { submit_by = "2023-09-27", timeliness = "逾期" } },
}
M:case {
  name = "in-principle=binding: late is ineligible", as_of = "2023-10-07", clause = "四十三",
  interpret = { ["in-principle"] = "binding" },
  input = rec("常务会议议题材料", "2023-10-09"),
  expect = { status = "ineligible", amount = "null", failed = { "on-time" }, outputs = { submit_by = "null" } },
}
M:case {
  name = "in-principle=binding: on time is eligible", as_of = "2023-09-28", clause = "四十三",
  interpret = { ["in-principle"] = "binding" },
  input = rec("常务会议议题材料", "2023-10-09"),
  expect = { status = "eligible", outputs = { submit_by = "2023-09-28", timeliness = "按时" } },
}
M:case {
  name = "submitted_on: the record's own submission date", as_of = "2024-01-15", clause = "四十三",
  input = rec("常务会议议题材料", "2023-10-09", { submitted_on = "2023-09-28" }),
  expect = { status = "eligible", outputs = { submit_by = "2023-09-28", timeliness = "按时" } },
}
M:case {
  name = "before the rules were issued: not in force", as_of = "2023-04-05", clause = "七十二",
  input = rec("常务会议议题材料", "2023-04-17"),
  expect = { status = "not_in_force", amount = "null" },
}
M:case {
  name = "the day of issue", as_of = "2023-04-06", clause = "七十二",
  -- 04-14, 04-13, 04-12 → 3rd working day before 04-17
  input = rec("常务会议议题材料", "2023-04-17"),
  expect = { status = "eligible", outputs = { submit_by = "2023-04-12", timeliness = "按时" } },
}
M:case {
  name = "event date unknown: undetermined", as_of = "2023-09-28", clause = "四十三",
  input = { kind = "常务会议议题材料" },
  expect = { status = "undetermined", amount = "null", missing = { "event_on" } },
}
M:case {
  name = "kind unknown: undetermined", as_of = "2023-09-28", clause = "四十三",
  input = { event_on = "2023-10-09" },
  expect = { status = "undetermined", missing = { "kind" } },
}
M:case {
  name = "a kind the rules do not name (专题会议) is an input error", as_of = "2023-09-28", clause = "四十三",
  input = rec("专题会议议题材料", "2023-10-09"),
  expect = { error = "is not one of the allowed values" },
}
M:case {
  name = "an event in 2027, a year the calendar does not know: an error naming it", as_of = "2026-12-01",
  clause = "四十三",
  input = rec("常务会议议题材料", "2027-01-11"),
  expect = { error = "no data for 2027" },
}

return M
