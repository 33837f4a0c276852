-- Workflows W3-W6 (docs/workflows.md): every worked scenario (states, deadline dates,
-- refusals), deadlines across the Spring Festival, National Day and 调休 weekends, deadlines
-- that reach 2027 (a year the working-day calendar does not know), then every event refused in
-- every state where it is not allowed, generated from the definitions of all six workflows.
--
-- Holiday facts used below, from stdlib/data/cn-calendar.csv:
--   2019 国庆: 10-01..10-07 off; Sun 09-29 and Sat 10-12 worked.
--   2022 清明: 04-03..04-05 off; Sat 04-02 worked.   2022 国庆: 10-01..10-07 off; Sat 10-08, Sun 10-09 worked.
--   2024 国庆: 10-01..10-07 off; Sun 09-29 and Sat 10-12 worked.
--   2025 春节: 01-28..02-04 off; Sun 01-26 and Sat 02-08 worked.
--   2025 国庆+中秋: 10-01..10-08 off; Sun 09-28 and Sat 10-11 worked.
--   2026 春节: 02-15..02-23 off; Sat 02-14 and Sat 02-28 worked.   2026 国庆: 10-01..10-07 off; Sat 10-10 worked.
local tap = require "tap"
local ok, is = tap.ok, tap.is

local W3 = assert(workflow.find("chaoyang.homestead-rebuild"))
local W4 = assert(workflow.find("beijing.vc-institution-registration"))
local W5 = assert(workflow.find("beijing.major-enforcement-decision"))
local W6 = assert(workflow.find("beijing.bda-investment-commitment-pilot"))

local function run(wf, opened, steps)
  local c = wf:case { id = "T", on = opened }
  for _, s in ipairs(steps or {}) do
    local _, err = c:fire(s[1], { on = s[2], data = s.data, note = s.note })
    if err then error(("%s on %s: %s"):format(s[1], s[2], tostring(err)), 2) end
  end
  return c
end

local function refused(c, event, e)
  local r, err = c:check(event, e)
  return r == nil and err.kind == "refused", err and tostring(err) or "(allowed)"
end

local function dl(c, name, as_of)
  for _, d in ipairs(c:view(as_of).deadlines) do
    if d.name == name then return d end
  end
end

local AREA = { homestead_m2 = 200, footprint_m2 = 150, eaves_m = 7.2 }

-- ================================================================ W3 chaoyang.homestead-rebuild
do
  -- the whole way: publish Wed 2025-03-05; "公示期不少于7天" counting the posting day: 03-05..03-11
  local c = run(W3, "2025-03-03", { { "accept", "2025-03-04" }, { "publish", "2025-03-05" } })
  is(c.state, "public_notice", "W3: accept, publish: applied -> village_review -> public_notice")
  is(tostring(c:deadline("notice_end")), "2025-03-11", "W3 notice_end = 2025-03-05 + 6 = 03-11 (7 calendar days, the posting day counted)")
  local r, why = refused(c, "sign", { on = "2025-03-11" })
  ok(r and why:find("notice_end runs until 2025-03-11", 1, true) and why:find("三（二）2(2)", 1, true) and
    why:find("公示期不少于7天", 1, true), "W3: sign on notice_end is refused, citing 三（二）2(2) 公示期不少于7天", why)
  ok(refused(c, "sign", { on = "2025-03-05" }), "W3: sign on the posting day is refused")
  c:fire("sign", { on = "2025-03-12" })
  is(c.state, "village_signed", "W3: sign on 03-12: village_signed")
  is(c.history[#c.history].remarks[1].met, true, "  recorded with notice_end met")
  is(dl(c, "notice_end", "2025-03-12").status, "met", "  and shown met")
  c:fire("submit", { on = "2025-03-13" })
  is(c.state, "township_review", "W3: submit: township_review")
  c:fire("approve", { on = "2025-03-20", data = AREA })
  is(c.state, "approved", "W3: approve with 200 m², 150 m² (exactly 75%), 7.2 m: approved")
  c:fire("complete", { on = "2025-09-01" })
  is(c.state, "built", "W3: complete: built")
  c:fire("accept_works", { on = "2025-09-10" })
  is(c.state, "accepted", "W3: accept_works: accepted")
  for _, e in ipairs(W3.event_names) do
    ok(refused(c, e, { on = "2025-09-11", note = "x", data = AREA }), "W3 accepted is final: " .. e .. " refused")
  end

  -- across National Day 2025: 09-26..10-02; 10-02 is a holiday and is not moved (calendar days)
  c = run(W3, "2025-09-22", { { "accept", "2025-09-23" }, { "publish", "2025-09-26" } })
  is(tostring(c:deadline("notice_end")), "2025-10-02", "W3 across National Day: 2025-09-26 + 6 = 10-02, a holiday, not moved")
  ok(refused(c, "sign", { on = "2025-10-02" }), "  sign on 10-02 refused")
  ok(not refused(c, "sign", { on = "2025-10-03" }), "  sign on 10-03 allowed (7 working days counted the same way would run to 10-11)")
  -- across the Spring Festival 2026: 02-12..02-18 (02-15..02-23 off); not moved to 02-24
  c = run(W3, "2026-02-02", { { "accept", "2026-02-03" }, { "publish", "2026-02-12" } })
  is(tostring(c:deadline("notice_end")), "2026-02-18", "W3 across the Spring Festival: 2026-02-12 + 6 = 02-18, not moved off the break")
  ok(not refused(c, "sign", { on = "2026-02-19" }), "  sign on 02-19 allowed, during the break")
  -- posted on a 调休 Saturday (2026-02-14, a working day) or a plain Sunday: the day type is irrelevant
  c = run(W3, "2026-02-02", { { "accept", "2026-02-03" }, { "publish", "2026-02-14" } })
  is(tostring(c:deadline("notice_end")), "2026-02-20", "W3 posted on the 调休 Saturday 2026-02-14: 02-20")
  c = run(W3, "2026-02-02", { { "accept", "2026-02-03" }, { "publish", "2026-02-08" } })
  is(tostring(c:deadline("notice_end")), "2026-02-14", "W3 posted on Sunday 2026-02-08: 02-14")

  -- an objection dismissed (异议不成立): the notice continues, its end does not move
  c = run(W3, "2025-03-03", { { "accept", "2025-03-04" }, { "publish", "2025-03-05" }, { "object", "2025-03-07" } })
  is(c.state, "objection_review", "W3: object: objection_review")
  is(dl(c, "notice_end", "2025-03-08").status, "running", "  the notice stays posted while the objection is investigated")
  ok(refused(c, "sign", { on = "2025-03-12" }), "  sign refused in objection_review")
  c:fire("dismiss", { on = "2025-03-10" })
  is(c.state, "public_notice", "W3: dismiss: back to public_notice")
  is(tostring(c:deadline("notice_end")), "2025-03-11", "  notice_end still 03-11")
  ok(refused(c, "sign", { on = "2025-03-11" }), "  sign on 03-11 refused")
  ok(not refused(c, "sign", { on = "2025-03-12" }), "  sign on 03-12 allowed")

  -- an objection upheld, the plan modified and posted again (需再次予以公示): the last publication counts
  c = run(W3, "2021-02-22", { { "accept", "2021-02-23" }, { "publish", "2021-03-01" }, { "object", "2021-03-04" } })
  c:fire("publish", { on = "2021-03-10" })
  is(c.state, "public_notice", "W3: publish from objection_review: the modified plan is posted again")
  is(tostring(c:deadline("notice_end")), "2021-03-16", "  notice_end = 2021-03-10 + 6 = 03-16 (the first notice's 03-07 no longer counts)")
  ok(refused(c, "sign", { on = "2021-03-16" }), "  sign on 03-16 refused")
  is(dl(c, "notice_end", "2021-03-12").start, c.history[#c.history].on, "  counted from the last publish")
  c:fire("sign", { on = "2021-03-17" })
  is(c.history[#c.history].remarks[1].due, c:deadline("notice_end"), "  sign on 03-17 meets the new notice")

  -- an objection upheld, the plan revoked
  c = run(W3, "2025-03-03", { { "accept", "2025-03-04" }, { "publish", "2025-03-05" }, { "object", "2025-03-06" } })
  r, why = refused(c, "revoke", { on = "2025-03-09" })
  ok(r and why:find("revoke needs note", 1, true), "W3: revoke without --note refused", why)
  c:fire("revoke", { on = "2025-03-09", note = "异议成立：建房位置侵占村道" })
  is(c.state, "revoked", "W3: revoke with a note: revoked")
  is(dl(c, "notice_end", "2025-03-20").status, "stopped", "  the notice stopped")
  for _, e in ipairs(W3.event_names) do
    ok(refused(c, e, { on = "2025-03-10", note = "x", data = AREA }), "W3 revoked is final: " .. e .. " refused")
  end

  -- decline (未进行整改的，村委会不得受理), reject, fail_acceptance need a note
  c = run(W3, "2025-03-03")
  r, why = refused(c, "decline", { on = "2025-03-04" })
  ok(r and why:find("三（一）3", 1, true), "W3: decline without --note refused, citing 三（一）3", why)
  c:fire("decline", { on = "2025-03-04", note = "超出宅基地四至范围，未整改" })
  is(c.state, "not_accepted", "W3: decline: not_accepted")
  local base = { { "accept", "2025-03-04" }, { "publish", "2025-03-05" }, { "sign", "2025-03-12" }, { "submit", "2025-03-13" } }
  c = run(W3, "2025-03-03", base)
  ok(refused(c, "reject", { on = "2025-03-20" }), "W3: reject without --note refused")
  c:fire("reject", { on = "2025-03-20", note = "不符合村庄规划" })
  is(c.state, "rejected", "W3: reject: rejected")
  c = run(W3, "2025-03-03", base)
  c:fire("approve", { on = "2025-03-20", data = AREA })
  c:fire("complete", { on = "2025-09-01" })
  ok(refused(c, "fail_acceptance", { on = "2025-09-10" }), "W3: fail_acceptance without --note refused")
  c:fire("fail_acceptance", { on = "2025-09-10", note = "基底面积超出批准面积" })
  is(c.state, "acceptance_failed", "W3: fail_acceptance: acceptance_failed")

  -- approve: 75% of the homestead and 7.2 m, exact decimals
  c = run(W3, "2025-03-03", base)
  local function approve(data, note)
    return refused(c, "approve", { on = "2025-03-20", data = data, note = note })
  end
  ok(not approve { homestead_m2 = 240, footprint_m2 = 168, eaves_m = 6.9 }, "W3 approve: 168 / 240 = 70%, 6.9 m: allowed")
  r, why = approve { homestead_m2 = 200, footprint_m2 = 150.01, eaves_m = 7 }
  ok(r and why:find("data.footprint_m2 150.01 m² is more than 75% of data.homestead_m2 200 m² (150 m²)", 1, true)
    and why:find("三（一）4", 1, true), "W3 approve: 150.01 > 75% × 200 = 150 refused, naming the fields and 三（一）4", why)
  r = approve { homestead_m2 = 200, footprint_m2 = 151, eaves_m = 7 }
  ok(r, "W3 approve: 151 / 200 = 75.5% refused")
  -- 75% × 100.1 = 75.075 exactly; in binary floating point 0.75 * 100.1 = 75.07499999999999 < 75.075
  ok(not approve { homestead_m2 = 100.1, footprint_m2 = 75.075, eaves_m = 7 },
    "W3 approve: 75.075 m² on 100.1 m² is exactly 75%: allowed (a float product would refuse it)")
  ok(approve { homestead_m2 = "100.1", footprint_m2 = "75.0751", eaves_m = 7 }, "  75.0751 m² refused")
  ok(not approve { homestead_m2 = 200, footprint_m2 = 150, eaves_m = "7.20" }, "W3 approve: eaves \"7.20\" is 7.2: allowed without a note")
  r, why = approve { homestead_m2 = 200, footprint_m2 = 150, eaves_m = 7.21 }
  ok(r and why:find("data.eaves_m 7.21 m is above 7.2 m", 1, true) and why:find("--note", 1, true) and why:find("三（一）4", 1, true),
    "W3 approve: 7.21 m without --note refused (原则上不得超过7.2米), citing 三（一）4", why)
  ok(not approve({ homestead_m2 = 200, footprint_m2 = 150, eaves_m = 7.5 }, "经乡政府集体研究，地势低洼，同意檐口高度7.5米"),
    "W3 approve: 7.5 m with a --note recording the exception: allowed")
  ok(approve({ homestead_m2 = 200, footprint_m2 = 151, eaves_m = 7 }, "x"), "  a note does not lift the 75% limit")
  r, why = approve { homestead_m2 = 200, footprint_m2 = 150 }
  ok(r and why:find("approve needs data.eaves_m", 1, true), "W3 approve without eaves_m refused, naming it", why)
  r, why = approve(nil)
  ok(r and why:find("approve needs data.", 1, true), "W3 approve without --data refused", why)
  r, why = approve { homestead_m2 = 200, footprint_m2 = "一百五十", eaves_m = 7 }
  ok(r and why:find("data.footprint_m2 must be a decimal number", 1, true), "W3 approve: a footprint that is not a number refused", why)
  r, why = approve { homestead_m2 = 0, footprint_m2 = 0, eaves_m = 7 }
  ok(r and why:find("data.footprint_m2 must be a number greater than 0", 1, true), "W3 approve: zero areas refused", why)
  r, why = approve { homestead_m2 = 200, footprint_m2 = 150, eaves_m = 7, height = 9 }
  ok(r and why:find("data.height is not a field of approve", 1, true), "W3 approve: an unknown field refused", why)
  c:fire("approve", { on = "2025-03-20", data = { homestead_m2 = 200, footprint_m2 = 150, eaves_m = 7.5 }, note = "同意7.5米" })
  is(c.history[#c.history].note, "同意7.5米", "W3: the exception is recorded with the approval")

  -- a calendar-day notice needs no working-day calendar: 2026-12-28 + 6 = 2027-01-03
  c = run(W3, "2026-12-01", { { "accept", "2026-12-02" }, { "publish", "2026-12-28" } })
  is(tostring(c:deadline("notice_end")), "2027-01-03", "W3 notice_end in 2027, which the working-day calendar does not know: no error")
  ok(c:fire("sign", { on = "2027-01-04" }), "  sign on 2027-01-04")

  -- in force from 2020-12-25 (六 附则, the notice date)
  ok(not pcall(W3.case, W3, { id = "T", on = "2020-12-24" }), "W3: a case cannot be opened on 2020-12-24, before the rules took effect")
  ok(pcall(W3.case, W3, { id = "T", on = "2020-12-25" }), "  and can on 2020-12-25")
end

-- ================================================================ W4 beijing.vc-institution-registration
do
  -- whitelisted Mon 2022-03-07: 03-08, 03-09, 03-10, 03-11, 03-14 (5 working days)
  local c = run(W4, "2022-03-01", { { "whitelist", "2022-03-07" } })
  is(tostring(c:deadline("recommend_by")), "2022-03-14", "W4 recommend_by after whitelist 2022-03-07: 5 working days = 03-14")
  is(dl(c, "recommend_by", "2022-03-07").length, "5 working days", "  5 working days after a whitelisting")
  is(dl(c, "recommend_by", "2022-03-15").status, "overdue", "  overdue on 03-15 without a recommendation")
  c:fire("recommend", { on = "2022-03-14" })
  is(c.history[#c.history].remarks[1].met, true, "W4: recommend on 03-14 meets recommend_by")
  -- the 无异议函 on Fri 2022-04-01: the next working day is Sat 04-02 (清明 调休), not Mon 04-04
  c:fire("clear", { on = "2022-04-01" })
  is(c.state, "no_objection", "W4: clear: no_objection")
  is(tostring(c:deadline("license_by")), "2022-04-02", "W4 license_by after clear Fri 2022-04-01: the 调休 Saturday 04-02")
  local late = run(W4, "2022-03-01", { { "whitelist", "2022-03-07" }, { "recommend", "2022-03-14" }, { "clear", "2022-04-01" },
    { "license", "2022-04-06" } })
  is(late.state, "licensed", "W4: a licence on 04-06 is allowed")
  is(late.history[#late.history].remarks[1].met, false, "  and recorded with license_by not met (04-06 > 04-02)")
  is(dl(late, "license_by", "2022-05-01").status, "missed", "  shown missed")
  c:fire("license", { on = "2022-04-02" })
  is(c.state, "licensed", "W4: license on 04-02: licensed")
  is(dl(c, "license_by", "2022-04-02").met, true, "  license_by met")

  -- expert review passed Wed 2022-09-28: 09-29, 09-30, Sat 10-08 and Sun 10-09 (调休), 10-10 .. 10-14, 10-17
  c = run(W4, "2022-09-01", { { "expert_pass", "2022-09-28" } })
  is(tostring(c:deadline("recommend_by")), "2022-10-17", "W4 recommend_by after expert_pass 2022-09-28: 10 working days across National Day = 10-17")
  is(dl(c, "recommend_by", "2022-09-28").length, "10 working days", "  10 working days after an expert review")
  is(#c:view("2022-10-17").overdue, 0, "  not overdue on 10-17")
  is(#c:view("2022-10-18").overdue, 1, "  overdue on 10-18")
  c:fire("recommend", { on = "2022-10-18" })
  is(c.state, "recommended", "W4: a late recommendation is allowed")
  is(c.history[#c.history].remarks[1].met, false, "  recorded with recommend_by not met")

  -- whitelisted Fri 2025-01-24, across the Spring Festival: Sun 01-26 (调休), 01-27, 02-05, 02-06, 02-07
  c = run(W4, "2025-01-20", { { "whitelist", "2025-01-24" } })
  is(tostring(c:deadline("recommend_by")), "2025-02-07", "W4 recommend_by across the Spring Festival 2025: 02-07")

  -- the unhappy ends need a note
  c = run(W4, "2022-03-01")
  ok(refused(c, "expert_fail", { on = "2022-03-07" }), "W4: expert_fail without --note refused")
  c:fire("expert_fail", { on = "2022-03-07", note = "未通过专家评议" })
  is(c.state, "not_recommended", "W4: expert_fail: not_recommended")
  c = run(W4, "2022-03-01", { { "whitelist", "2022-03-07" }, { "recommend", "2022-03-10" } })
  ok(refused(c, "object", { on = "2022-03-20" }), "W4: object without --note refused")
  c:fire("object", { on = "2022-03-20", note = "市级前置管理主管部门不同意" })
  is(c.state, "objected", "W4: object: objected")
  ok(not pcall(W4.case, W4, { id = "T", on = "2021-12-29" }), "W4: no case before 2021-12-30 (本措施自印发之日起施行)")
end

-- ================================================================ W5 beijing.major-enforcement-decision
do
  local c = run(W5, "2024-03-04")
  is(tostring(c:deadline("review_by")), "2024-03-11", "W5 review_by: submitted Mon 2024-03-04 + 5 working days = 03-11")
  -- submitted Fri 2024-09-27: Sun 09-29 (调休), 09-30, 10-08, 10-09, 10-10
  c = run(W5, "2024-09-27")
  is(tostring(c:deadline("review_by")), "2024-10-10", "W5 review_by: submitted Fri 2024-09-27, across National Day = 10-10")
  is(dl(c, "review_by", "2024-10-11").status, "overdue", "  overdue on 10-11")
  local r, why = refused(c, "decide", { on = "2024-09-30", data = { kind = "处罚" } })
  ok(r and why:find("decide is not allowed in state submitted", 1, true) and why:find("未经法制审核，行政执法机关不得作出重大行政执法决定", 1, true)
    and why:find("第三条第三款", 1, true), "W5: decide before the review is refused: 未经法制审核…不得作出 (第三条第三款)", why)
  c:fire("review", { on = "2024-10-11" })
  is(c.history[#c.history].remarks[1].met, false, "W5: a review on 10-11 is recorded late")

  -- publish_by: 7 working days for 许可, or 处罚 with social_impact; 20 otherwise
  -- decided Fri 2025-09-26: Sun 09-28 (调休), 09-29, 09-30, 10-09, 10-10, Sat 10-11 (调休), 10-13 = 7;
  -- then 10-14 .. 10-17, 10-20 .. 10-24, 10-27 .. 10-30 = 20
  local reviewed = { { "review", "2025-09-19" } }
  local function decided(data)
    local x = run(W5, "2025-09-15", reviewed)
    x:fire("decide", { on = "2025-09-26", data = data })
    return x
  end
  is(tostring(decided({ kind = "许可" }):deadline("publish_by")), "2025-10-13", "W5 publish_by for 许可 decided 2025-09-26: 7 working days = 10-13")
  is(tostring(decided({ kind = "处罚", social_impact = true }):deadline("publish_by")), "2025-10-13", "  处罚 with social impact: 10-13")
  is(tostring(decided({ kind = "处罚" }):deadline("publish_by")), "2025-10-30", "  处罚 without (social_impact defaults to false): 20 working days = 10-30")
  is(tostring(decided({ kind = "处罚", social_impact = false }):deadline("publish_by")), "2025-10-30", "  处罚, social_impact false: 10-30")
  is(tostring(decided({ kind = "强制", social_impact = true }):deadline("publish_by")), "2025-10-30", "  强制 (social impact counts only for 处罚): 10-30")
  is(tostring(decided({ kind = "征收征用" }):deadline("publish_by")), "2025-10-30", "  征收征用: 10-30")
  is(tostring(decided({ kind = "其他" }):deadline("publish_by")), "2025-10-30", "  其他: 10-30")
  is(dl(decided({ kind = "许可" }), "publish_by", "2025-09-26").length, "7 working days", "  show says 7 working days")
  -- decided Fri 2026-02-06 (其他): 02-09 .. 02-13 (5), Sat 02-14 (6, 调休), 02-24 .. 02-27 (10), Sat 02-28 (11),
  -- 03-02 .. 03-06 (16), 03-09 .. 03-12 (20)
  c = run(W5, "2026-01-26", { { "review", "2026-01-30" }, { "decide", "2026-02-06", data = { kind = "其他" } } })
  is(tostring(c:deadline("publish_by")), "2026-03-12", "W5 publish_by across the Spring Festival 2026: 20 working days from 02-06 = 03-12")

  -- dispute and collective discussion (第十五条)
  c = run(W5, "2025-09-15", { { "review", "2025-09-19" }, { "dispute", "2025-09-22" } })
  is(c.state, "in_discussion", "W5: dispute: in_discussion")
  c:fire("decide", { on = "2025-09-26", data = { kind = "许可" } })
  is(c.state, "decided", "W5: decide from in_discussion: decided")

  -- the decision's data
  c = run(W5, "2025-09-15", reviewed)
  r, why = refused(c, "decide", { on = "2025-09-26" })
  ok(r and why:find("decide needs data.kind", 1, true), "W5: decide without kind refused, naming it", why)
  r, why = refused(c, "decide", { on = "2025-09-26", data = { kind = "罚款" } })
  ok(r and why:find("data.kind must be one of 许可, 处罚, 强制, 征收征用, 其他", 1, true), "W5: an unknown kind refused, listing the kinds", why)
  r, why = refused(c, "decide", { on = "2025-09-26", data = { kind = "处罚", social_impact = "true" } })
  ok(r and why:find("data.social_impact must be true or false", 1, true), "W5: social_impact must be a boolean", why)
  r, why = refused(c, "decide", { on = "2025-09-26", data = { kind = "处罚", social_impcat = true } })
  ok(r and why:find("data.social_impcat is not a field of decide", 1, true), "W5: a misspelt field is refused, not defaulted", why)

  -- published in time; the 7-day deadline met, overdue without it
  c = decided({ kind = "许可" })
  is(dl(c, "publish_by", "2025-10-13").status, "pending", "W5: publish_by pending on 10-13")
  is(dl(c, "publish_by", "2025-10-14").status, "overdue", "  overdue on 10-14")
  c:fire("publish", { on = "2025-10-13" })
  is(c.history[#c.history].remarks[1].met, true, "W5: publish on 10-13 meets publish_by")
  -- revoked, then withdrawn within 3 working days (第十八条第二款): Mon 2025-11-03 -> Thu 11-06
  ok(refused(c, "revoke", { on = "2025-11-03" }), "W5: revoke without --note refused")
  c:fire("revoke", { on = "2025-11-03", note = "行政复议决定撤销" })
  is(c.state, "revoked", "W5: revoke: revoked")
  is(tostring(c:deadline("withdraw_by")), "2025-11-06", "W5 withdraw_by: 2025-11-03 + 3 working days = 11-06")
  is(#c:view("2025-11-07").overdue, 1, "  overdue on 11-07")
  c:fire("withdraw", { on = "2025-11-07" })
  is(c.state, "withdrawn", "W5: withdraw: withdrawn")
  is(c.history[#c.history].remarks[1].met, false, "  recorded with withdraw_by not met")

  -- a deferral stops publish_by: neither met nor overdue, and a later publish does not meet it
  c = decided({ kind = "许可" })
  ok(refused(c, "defer", { on = "2025-10-09" }), "W5: defer without --note refused")
  c:fire("defer", { on = "2025-10-09", note = "涉嫌犯罪，移送公安机关，经负责人批准暂缓公示" })
  is(c.state, "deferred", "W5: defer: deferred")
  local d = dl(c, "publish_by", "2025-12-01")
  ok(d.status == "stopped" and d.met == nil and not d.late, "  publish_by stopped (met null) on 2025-12-01, weeks after 10-13")
  is(#c:view("2025-12-01").overdue, 0, "  and not overdue")
  c:fire("publish", { on = "2025-12-15" })
  is(c.state, "published", "W5: publish from deferred: published")
  ok(c.history[#c.history].remarks == nil, "  no publish_by remark on it")
  d = dl(c, "publish_by", "2025-12-15")
  ok(d.status == "stopped" and d.met == nil, "  publish_by still stopped")
  -- a deferral after the due date still stops it (the default reading), marked late
  c = decided({ kind = "许可" })
  c:fire("defer", { on = "2025-10-20", note = "经负责人批准延期公示" })
  d = dl(c, "publish_by", "2025-10-21")
  ok(d.status == "stopped" and d.met == nil and d.late, "W5: deferred on 10-20, after 10-13: stopped, marked late")
  -- withheld (不予公示): stopped for good
  c = decided({ kind = "处罚", social_impact = true })
  ok(refused(c, "withhold", { on = "2025-09-29" }), "W5: withhold without --note refused")
  c:fire("withhold", { on = "2025-09-29", note = "当事人属于未成年人" })
  is(c.state, "withheld", "W5: withhold: withheld")
  d = dl(c, "publish_by", "2026-01-01")
  ok(d.status == "stopped" and d.met == nil, "  publish_by stopped")
  for _, e in ipairs(W5.event_names) do
    ok(refused(c, e, { on = "2025-09-30", note = "x", data = { kind = "许可" } }), "W5 withheld is final: " .. e .. " refused")
  end
end

-- ================================================================ W6 beijing.bda-investment-commitment-pilot
do
  -- published Fri 2025-09-26, counted: 09-26, Sun 09-28 (调休), 09-29, 09-30, 10-09
  local c = run(W6, "2025-09-01", { { "approve", "2025-09-10" }, { "publish", "2025-09-26" } })
  is(tostring(c:deadline("notice_end")), "2025-10-09", "W6 notice_end: published Fri 2025-09-26, 5 working days counting it = 10-09")
  local r, why = refused(c, "enrol", { on = "2025-10-09" })
  ok(r and why:find("notice_end runs until 2025-10-09", 1, true) and why:find("三（四）", 1, true),
    "W6: enrol on notice_end refused (公示期满后), citing 三（四）", why)
  c:fire("enrol", { on = "2025-10-10" })
  is(c.state, "enrolled", "W6: enrol on 10-10: enrolled")
  -- 2019: published Fri 09-27: 09-27, Sun 09-29 (调休), 09-30, 10-08, 10-09
  c = run(W6, "2019-09-02", { { "approve", "2019-09-10" }, { "publish", "2019-09-27" } })
  is(tostring(c:deadline("notice_end")), "2019-10-09", "W6 notice_end: published Fri 2019-09-27 = 10-09")
  -- published on Sat 2025-10-04, a day off, not counted: 10-09, 10-10, Sat 10-11 (调休), 10-13, 10-14
  c = run(W6, "2025-09-01", { { "approve", "2025-09-10" }, { "publish", "2025-10-04" } })
  is(tostring(c:deadline("notice_end")), "2025-10-14", "W6 notice_end: published on a holiday 2025-10-04 = 10-14")

  -- three years from the start: Wed 2023-03-01 -> Sun 2026-03-01 -> Mon 03-02
  local path = { { "approve", "2022-09-01" }, { "publish", "2022-09-05" }, { "enrol", "2022-09-13" }, { "file", "2022-10-10" },
                 { "file_plans", "2022-11-01" }, { "permit", "2023-01-10" }, { "start", "2023-03-01" } }
  c = run(W6, "2022-08-15", path)
  is(c.state, "under_construction", "W6: approve .. start: under_construction")
  is(tostring(c:deadline("complete_by")), "2026-03-02", "W6 complete_by: 2023-03-01 + 3 years = Sun 2026-03-01 -> Mon 03-02")
  is(c:state_on("2026-03-02"), "under_construction", "  still under construction on 03-02")
  is(c:state_on("2026-03-03"), "land_exit", "  land_exit from 03-03 (土地使用权退出)")
  local v = c:view("2030-01-01")
  is(v.state, "land_exit", "  and any later date")
  is(v.history[#v.history].event, "land_exit", "  a derived entry")
  ok(v.history[#v.history].derived, "  not recorded")
  is(tostring(v.history[#v.history].on), "2026-03-03", "  dated 2026-03-03")
  is(dl(c, "complete_by", "2026-03-03").status, "missed", "  complete_by missed")
  r, why = refused(c, "complete", { on = "2026-03-03" })
  ok(r and why:find("not allowed in state land_exit", 1, true) and why:find("complete_by 2026-03-02 passed", 1, true)
    and why:find("三（七）", 1, true), "W6: complete the day after complete_by refused: land_exit (三（七）)", why)
  local done = run(W6, "2022-08-15", path)
  done:fire("complete", { on = "2026-03-02" })
  is(done.state, "completed", "W6: complete on complete_by: completed")
  is(done.history[#done.history].remarks[1].met, true, "  complete_by met")
  is(done:state_on("2030-01-01"), "completed", "  and never land_exit")
  -- across the Spring Festival: Thu 2023-02-16 + 3 years = 2026-02-16, off until 02-23: 02-24
  c = run(W6, "2022-08-15", { table.unpack(path, 1, 6) })
  c:fire("start", { on = "2023-02-16" })
  is(tostring(c:deadline("complete_by")), "2026-02-24", "W6 complete_by across the Spring Festival 2026: 02-24")
  -- across National Day: Mon 2023-10-02 + 3 years = 2026-10-02, off until 10-07: Thu 10-08
  c = run(W6, "2022-08-15", { table.unpack(path, 1, 6) })
  c:fire("start", { on = "2023-10-02" })
  is(tostring(c:deadline("complete_by")), "2026-10-08", "W6 complete_by across National Day 2026: 10-08")
  -- a start in 2024 reaches 2027, which the calendar does not know
  c = run(W6, "2022-08-15", { table.unpack(path, 1, 6) })
  c:fire("start", { on = "2024-01-15" })
  local okv, err = pcall(c.view, c, "2024-01-15")
  ok(not okv and tostring(err):find("no data for 2027", 1, true), "W6: complete_by from 2024-01-15 reaches 2027: an error naming it", tostring(err))
  c = run(W6, "2025-09-01")
  ok(refused(c, "decline", { on = "2025-09-02" }), "W6: decline without --note refused")
  c:fire("decline", { on = "2025-09-02", note = "属于负面清单项目" })
  is(c.state, "not_admitted", "W6: decline: not_admitted")
end

-- ================================================================ through a store: 2027 records nothing
do
  local s = cases.store(":memory:")
  assert(s:open(W6, "B-1", { on = "2023-01-02" }))
  for _, st in ipairs { { "approve", "2023-01-03" }, { "publish", "2023-01-04" }, { "enrol", "2023-01-12" }, { "file", "2023-02-01" },
                        { "file_plans", "2023-03-01" }, { "permit", "2023-04-03" } } do
    assert(s:fire("B-1", st[1], { on = st[2] }))
  end
  local c, err = s:fire("B-1", "start", { on = "2024-01-15" })
  ok(c == nil and err.kind == "usage" and tostring(err):find("no data for 2027", 1, true),
    "W6 in a store: start on 2024-01-15 is a usage error naming 2027", tostring(err))
  is(s:show("B-1", "2024-01-15").state, "permitted", "  nothing recorded: still permitted")
  assert(s:open(W5, "E-1", { on = "2026-12-01" }))
  assert(s:fire("E-1", "review", { on = "2026-12-02" }))
  c, err = s:fire("E-1", "decide", { on = "2026-12-10", data = { kind = "其他" } })
  ok(c == nil and tostring(err):find("no data for 2027", 1, true), "W5: a decision on 2026-12-10 (20 working days into 2027) is refused naming 2027")
  c, err = s:open(W5, "E-2", { on = "2026-12-28" })
  ok(c == nil and err.kind == "usage" and tostring(err):find("no data for 2027", 1, true),
    "W5: a case opened on 2026-12-28 (review_by in 2027) is refused naming 2027")
  assert(s:open(W4, "V-1", { on = "2026-12-01" }))
  assert(s:fire("V-1", "whitelist", { on = "2026-12-02" }))
  assert(s:fire("V-1", "recommend", { on = "2026-12-03" }))
  c, err = s:fire("V-1", "clear", { on = "2026-12-31" })
  ok(c == nil and tostring(err):find("no data for 2027", 1, true), "W4: clear on 2026-12-31 (license_by in 2027) is refused naming 2027")
  local vok, info = s:verify()
  ok(vok and info.cases == 3, "the store verifies")
end

-- ================================================================ every event refused where it is not allowed
-- For each workflow, every state is reached by the shortest path of events from the initial
-- state (a breadth-first search over the definition, replaying real cases, 20 days a step), or
-- by a time-driven transition; there every event the state does not allow is refused as not
-- allowed in it, and every event it allows passes its checks.
local INPUT = {
  ["beijing.construction-permit"] = { extend = { data = { months = 1 } } },
  ["chaoyang.homestead-rebuild"] = { approve = { data = AREA } },
  ["beijing.major-enforcement-decision"] = { decide = { data = { kind = "处罚", social_impact = true } } },
}
local function input(wf, event, on)
  local i = (INPUT[wf.id] or {})[event] or {}
  return { on = on, note = "依据", data = i.data }
end

for _, wf in ipairs(workflow.list()) do
  local base = workflow.to_date("2022-03-01")
  local function replay(path)
    local c = wf:case { id = "S", on = base }
    for i, e in ipairs(path) do
      assert(c:fire(e, input(wf, e, base + 20 * i)))
    end
    return c
  end
  local paths, queue = { [wf.initial] = {} }, { {} }
  while #queue > 0 do
    local path = table.remove(queue, 1)
    local c = replay(path)
    for _, e in ipairs(wf:events_from(c.state)) do
      local next_path = { table.unpack(path) }
      next_path[#next_path + 1] = e
      local n = replay(next_path)
      if not paths[n.state] then
        paths[n.state] = next_path
        queue[#queue + 1] = next_path
      end
    end
  end
  local checked, wrong = 0, {}
  local function check_state(c, state, on, allowed_on)
    local allowed = {}
    for _, e in ipairs(wf:events_from(state)) do allowed[e] = true end
    for _, e in ipairs(wf.event_names) do
      if allowed[e] then
        if not c:check(e, input(wf, e, allowed_on)) then wrong[#wrong + 1] = ("%s allowed in %s but refused"):format(e, state) end
      else
        local r, err = c:check(e, input(wf, e, on))
        checked = checked + 1
        if r or err.kind ~= "refused" or not tostring(err):find(("%s is not allowed in state %s"):format(e, state), 1, true) then
          wrong[#wrong + 1] = ("%s in %s: %s"):format(e, state, r and "allowed" or tostring(err))
        end
      end
    end
  end
  for _, state in ipairs(wf.states) do
    local path = paths[state]
    if path then
      local c = replay(path)
      local last = c.history[#c.history].on
      check_state(c, state, last + 1, last + 20)
    end
  end
  for _, t in ipairs(wf.timed) do
    local c = replay(paths[t.from])
    local after = c:deadline(t.after) + 1
    is(c:state_on(after), t.to, ("%s: %s reached by %s the day after %s"):format(wf.id, t.to, t.name, t.after))
    paths[t.to] = paths[t.to] or paths[t.from]
    check_state(c, t.to, after, after)
  end
  local missing = {}
  for _, s in ipairs(wf.states) do
    if not paths[s] then missing[#missing + 1] = s end
  end
  is(table.concat(missing, ", "), "", wf.id .. ": every state is reachable")
  ok(#wrong == 0 and checked > 0, ("%s: %d events refused in the states that do not allow them, the others allowed"):format(wf.id, checked),
    table.concat(wrong, "\n"))
end

-- ================================================================ sources
for _, wf in ipairs(workflow.list()) do
  local f = workflow.check_sources(wf)
  ok(#f == 0, wf.id .. ": source names gazette lines that exist, and every cited line is inside it", table.concat(f, "\n"))
end

tap.done()
