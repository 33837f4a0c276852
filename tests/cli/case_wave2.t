#!/usr/bin/env bash
# gazette case with the wave-2 workflows W3-W6 (docs/workflows.md): their worked scenarios through
# the command line (exit statuses, states, deadline dates in show --json, list --overdue), a
# calendar-day notice, a deadline chosen by --data and stopped by a deferral, a time-driven
# land exit years later, exact decimals in --data, dates in 2027, and `case diagram`.
# The Lua tests (tests/lua/workflow_wave2_test.lua) hold the full scenarios and the refusals
# in every state; here a few of each are driven through the CLI.
. "$(dirname "$0")/../tap.sh"

S="$TMP/w2.db"
W3=chaoyang.homestead-rebuild
W4=beijing.vc-institution-registration
W5=beijing.major-enforcement-decision
W6=beijing.bda-investment-commitment-pilot
count() { sqlite3 "$S" "SELECT count(*) FROM events"; }
c() { $GAZETTE case "$@" --store "$S"; }

# ---- diagram
run $GAZETTE help case
like "$OUT" "gazette case diagram WORKFLOW" "help case lists diagram"
run $GAZETTE case diagram $W3
is "$RC" 0 "diagram exits 0"
like "$OUT" '^digraph "chaoyang.homestead-rebuild" \{' "  dot source by default"
like "$OUT" '"objection_review" -> "public_notice" \[label="dismiss"\];' "  an edge per event"
like "$OUT" '"revoked" \[peripheries=2\];' "  final states doubled"
run $GAZETTE case diagram $W6 --format text
like "$OUT" "~~land_exit \(after complete_by\)~~> land_exit" "diagram --format text: the time-driven land exit"
like "$OUT" "complete_by = from the last start: 3 years" "  and the deadlines"
run $GAZETTE case diagram no.such
is "$RC" 2 "diagram of an unknown workflow exits 2"
like "$ERR" "^gazette case diagram: unknown workflow 'no.such' \(known: .*chaoyang.homestead-rebuild" "  naming it and the known ones"
run $GAZETTE case diagram $W6 --format svg
is "$RC" 2 "an unknown --format exits 2"
(cd "$TMP" && $GAZETTE case diagram $W5 >/dev/null)
ok "$([ ! -e "$TMP/gazette-cases.db" ]; echo $?)" "diagram creates no store"

# ---- W3: the notice in calendar days, objections, the approval's limits
run c open $W3 --id H-1 --on 2020-12-24
is "$RC" 1 "W3: open on 2020-12-24, before 朝政发〔2020〕10号 took effect, is refused"
like "$ERR" "in force from 2020-12-25" "  saying from when"
run c open $W3 --id H-1 --on 2025-09-22
is "$RC" 0 "W3: open"
like "$OUT" "^opened case H-1 \(chaoyang.homestead-rebuild\) on 2025-09-22: state applied" "  in state applied"
c fire H-1 accept --on 2025-09-23 >/dev/null
run c fire H-1 publish --on 2025-09-26
is "$RC" 0 "W3: publish on 2025-09-26"
like "$OUT" "notice_end +2025-10-02 running" "  notice_end 2025-10-02: 09-26 + 6 calendar days, a holiday, not moved"
N=$(count)
run c fire H-1 sign --on 2025-10-02
is "$RC" 1 "W3: sign on notice_end exits 1"
like "$ERR" "^gazette case fire: refused: sign: notice_end runs until 2025-10-02.*sign is allowed from 2025-10-03.*三（二）2\(2\): 公示期不少于7天" "  with the reason and clause"
is "$(count)" "$N" "  nothing recorded"
c fire H-1 object --on 2025-09-29 >/dev/null
run c fire H-1 dismiss --on 2025-09-30 --json
like "$OUT" '"state":"public_notice"' "W3: dismiss returns to the notice"
like "$OUT" '\{"name":"notice_end","due":"2025-10-02","met":false,"status":"running"' "  whose end does not move (met false until it has run, as W2)"
run c fire H-1 sign --on 2025-10-03
is "$RC" 0 "W3: sign on 10-03"
like "$OUT" "^H-1: sign on 2025-10-03: public_notice → village_signed" "  the day after notice_end: village_signed"
c fire H-1 submit --on 2025-10-09 >/dev/null
N=$(count)
run c fire H-1 approve --on 2025-10-10 --data '{"homestead_m2": 200, "footprint_m2": 150.01, "eaves_m": 7}'
is "$RC" 1 "W3: a footprint over 75% exits 1"
like "$ERR" "data.footprint_m2 150.01 m² is more than 75% of data.homestead_m2 200 m² \(150 m²\).*三（一）4" "  naming the fields and 三（一）4"
run c fire H-1 approve --on 2025-10-10 --data '{"homestead_m2": 200, "footprint_m2": 150, "eaves_m": 7.5}'
is "$RC" 1 "W3: eaves over 7.2 m without --note exits 1"
like "$ERR" "data.eaves_m 7.5 m is above 7.2 m.*--note.*三（一）4" "  asking for the note"
run c fire H-1 approve --on 2025-10-10 --data '{"homestead_m2": 200, "footprint_m2": 150, "eaves_m": 7.2000000000000001}'
is "$RC" 2 "W3: an eaves height a JSON number cannot carry exactly exits 2"
like "$ERR" '"eaves_m": the number 7.2000000000000001 .*cannot be read exactly.*write it as a string' "  saying to write it as a string"
run c fire H-1 approve --on 2025-10-10 --data '{"homestead_m2": 200, "footprint_m2": 150, "eaves_m": "7.2000000000000001"}'
is "$RC" 1 "W3: as a string it is read exactly, above 7.2 m: refused without a note"
like "$ERR" "data.eaves_m 7.2000000000000001 m is above 7.2 m.*--note.*三（一）4" "  the exact value in the refusal"
run c fire H-1 approve --on 2025-10-10 --data '{"homestead_m2": 200, "footprint_m2": 150}'
is "$RC" 1 "W3: approve without eaves_m exits 1"
like "$ERR" "approve needs data.eaves_m" "  naming the field"
is "$(count)" "$N" "  none of these recorded anything"
run c fire H-1 approve --on 2025-10-10 --data '{"homestead_m2": 100.1, "footprint_m2": 75.075, "eaves_m": "7.20"}'
is "$RC" 0 "W3: 75.075 m² on 100.1 m² is exactly 75% and 7.20 m is 7.2 m: approved"
like "$OUT" "^H-1: approve on 2025-10-10: township_review → approved" "  township_review → approved"
run c show H-1 --as-of 2025-10-10 --json
like "$OUT" '"state":"approved"' "  approved"
like "$OUT" '"data":\{"eaves_m":"7.20","footprint_m2":75.075,"homestead_m2":100.1\}' "  the data recorded as given"
like "$OUT" '"deadlines":\[\{"name":"notice_end","due":"2025-10-02","met":true,"status":"met"' "  notice_end met"

# objection upheld, modified plan posted again: the last publication counts
c open $W3 --id H-2 --on 2021-02-22 >/dev/null
c fire H-2 accept --on 2021-02-23 >/dev/null
c fire H-2 publish --on 2021-03-01 >/dev/null
c fire H-2 object --on 2021-03-04 >/dev/null
run c fire H-2 publish --on 2021-03-10
like "$OUT" "notice_end +2021-03-16 running" "W3: the modified plan posted 03-10: notice_end 03-16"
run c fire H-2 sign --on 2021-03-16
is "$RC" 1 "  sign on 03-16 exits 1"
like "$ERR" "notice_end runs until 2021-03-16 \(publish on 2021-03-10 \+ 7 calendar days.*sign is allowed from 2021-03-17" "  the notice runs from the last publication"
run c fire H-2 revoke --on 2021-03-12
is "$RC" 1 "W3: revoke is not allowed in public_notice"
like "$ERR" "revoke is not allowed in state public_notice \(allowed: object, sign\)" "  listing what is"

# ---- W4: working days chosen by the event, late events recorded
c open $W4 --id V-1 --on 2022-09-01 >/dev/null
run c fire V-1 license --on 2022-09-02
is "$RC" 1 "W4: license in applied exits 1"
like "$ERR" "refused: license is not allowed in state applied \(allowed: expert_fail, expert_pass, whitelist\)" "  listing what is"
c fire V-1 expert_pass --on 2022-09-28 >/dev/null
run c show V-1 --as-of 2022-10-18 --json
like "$OUT" '\{"name":"recommend_by","due":"2022-10-17","met":false,"status":"overdue"' "W4: expert_pass 2022-09-28 + 10 working days = 10-17 (National Day, 调休 10-08/09); overdue on 10-18"
like "$OUT" '"length":"10 working days"' "  10 working days"
run c list --overdue --as-of 2022-10-18
like "$OUT" "^V-1 .* expert_passed .*recommend_by 2022-10-17" "  listed by list --overdue"
run c list --overdue --as-of 2022-10-17
unlike "$OUT" "V-1" "  not on 10-17"
run c fire V-1 recommend --on 2022-10-18
is "$RC" 0 "W4: a late recommendation is allowed"
like "$OUT" "recommend_by 2022-10-17 NOT met" "  and recorded not met"
c fire V-1 clear --on 2022-04-01 2>/dev/null
c open $W4 --id V-2 --on 2022-03-01 >/dev/null
c fire V-2 whitelist --on 2022-03-07 >/dev/null
c fire V-2 recommend --on 2022-03-10 >/dev/null
run c fire V-2 clear --on 2022-04-01
like "$OUT" "license_by +2022-04-02 pending" "W4: clear on Fri 2022-04-01: license_by is the 调休 Saturday 04-02"

# ---- W5: the decision's data chooses the deadline; a deferral stops it
c open $W5 --id E-1 --on 2025-09-15 >/dev/null
run c fire E-1 decide --on 2025-09-16 --data '{"kind": "处罚"}'
is "$RC" 1 "W5: decide before the review exits 1"
like "$ERR" "decide is not allowed in state submitted.*未经法制审核，行政执法机关不得作出重大行政执法决定 \(《北京市重大行政执法决定法制审核办法》第三条第三款\)" "  未经法制审核…不得作出 (第三条第三款)"
c fire E-1 review --on 2025-09-19 >/dev/null
run c fire E-1 decide --on 2025-09-26 --data '{"kind": "罚款"}'
is "$RC" 1 "W5: an unknown kind exits 1"
like "$ERR" "data.kind must be one of 许可, 处罚, 强制, 征收征用, 其他" "  listing the kinds"
run c fire E-1 decide --on 2025-09-26 --data '{"kind": "处罚", "social_impact": true}'
is "$RC" 0 "W5: decide (处罚, social impact)"
like "$OUT" "publish_by +2025-10-13 pending" "  publish_by 7 working days: 2025-10-13"
c open $W5 --id E-2 --on 2025-09-15 >/dev/null
c fire E-2 review --on 2025-09-19 >/dev/null
run c fire E-2 decide --on 2025-09-26 --data '{"kind": "处罚"}'
like "$OUT" "publish_by +2025-10-30 pending" "W5: 处罚 without social impact: 20 working days, 2025-10-30"
run c fire E-1 defer --on 2025-10-09
is "$RC" 1 "W5: defer without --note exits 1"
like "$ERR" "refused: defer needs note: .*第十六条第二款" "  asking for the note, with the clause"
run c fire E-1 defer --on 2025-10-09 --note "涉嫌犯罪移送公安机关，经负责人批准暂缓公示"
is "$RC" 0 "W5: defer with a note"
like "$OUT" "^E-1: defer on 2025-10-09: decided → deferred" "  decided → deferred"
run c show E-1 --as-of 2025-12-01 --json
like "$OUT" '"state":"deferred"' "  deferred"
like "$OUT" '\{"name":"publish_by","due":"2025-10-13","met":null,"status":"stopped"' "  publish_by stopped: met null"
like "$OUT" '"overdue":\[\]' "  not overdue"
run c list --overdue --as-of 2025-12-01
like "$OUT" "^E-2 " "list --overdue on 2025-12-01: E-2 (not published by 10-30)"
unlike "$OUT" "E-1" "  but not the deferred E-1"
run c fire E-2 withdraw --on 2025-12-02
is "$RC" 1 "W5: withdraw in decided exits 1"
like "$ERR" "refused: withdraw is not allowed in state decided \(allowed: defer, publish, withhold\)" "  listing what is"
c fire E-1 publish --on 2025-12-15 >/dev/null
run c show E-1 --as-of 2025-12-15 --json
like "$OUT" '"state":"published"' "W5: published after the deferral"
like "$OUT" '\{"name":"publish_by","due":"2025-10-13","met":null,"status":"stopped"' "  publish_by still stopped"

# ---- W6: the notice in working days and the land exit three years after the start
c open $W6 --id B-1 --on 2022-08-15 >/dev/null
run c fire B-1 enrol --on 2022-08-16
is "$RC" 1 "W6: enrol in applied exits 1"
like "$ERR" "refused: enrol is not allowed in state applied \(allowed: approve, decline\)" "  listing what is"
c fire B-1 approve --on 2022-09-01 >/dev/null
run c fire B-1 publish --on 2022-09-30
like "$OUT" "notice_end +2022-10-11 running" "W6: published Fri 2022-09-30: 09-30, 10-08, 10-09 (调休), 10-10, 10-11"
run c fire B-1 enrol --on 2022-10-11
is "$RC" 1 "  enrol on notice_end exits 1"
like "$ERR" "enrol: notice_end runs until 2022-10-11 .*enrol is allowed from 2022-10-12 \(三（四）" "  allowed from 10-12, with the clause"
for step in "enrol 2022-10-12" "file 2022-11-01" "file_plans 2022-12-01" "permit 2023-01-10" "start 2023-03-01"; do
  set -- $step
  c fire B-1 "$1" --on "$2" >/dev/null
done
run c show B-1 --as-of 2026-03-02 --json
like "$OUT" '"state":"under_construction"' "W6: still under construction on complete_by 2026-03-02 (2026-03-01 is a Sunday)"
like "$OUT" '\{"name":"complete_by","due":"2026-03-02","met":null,"status":"pending"' "  complete_by 2026-03-02"
run c show B-1 --as-of 2026-03-03 --json
like "$OUT" '"state":"land_exit"' "  land_exit as of 2026-03-03"
like "$OUT" '"event":"land_exit","on":"2026-03-03","from":"under_construction","to":"land_exit",.*"derived":true' "  a derived entry"
run c list --state land_exit --as-of 2027-06-01
like "$OUT" "^B-1 " "list --state land_exit"
N=$(count)
run c fire B-1 complete --on 2026-03-03
is "$RC" 1 "W6: complete after complete_by exits 1"
like "$ERR" "complete is not allowed in state land_exit.*complete_by 2026-03-02 passed.*三（七）" "  the case became land_exit"
is "$(count)" "$N" "  nothing recorded"

# ---- 2027: a deadline in a year the calendar does not know
c open $W6 --id B-2 --on 2023-01-02 >/dev/null
for step in "approve 2023-01-03" "publish 2023-01-04" "enrol 2023-01-12" "file 2023-02-01" "file_plans 2023-03-01" "permit 2023-04-03"; do
  set -- $step
  c fire B-2 "$1" --on "$2" >/dev/null
done
N=$(count)
run c fire B-2 start --on 2024-01-15
is "$RC" 2 "W6: start on 2024-01-15 (complete_by in 2027) exits 2"
like "$ERR" "no data for 2027" "  naming 2027"
is "$(count)" "$N" "  nothing recorded"
run c open $W5 --id E-3 --on 2026-12-28
is "$RC" 2 "W5: a case opened on 2026-12-28 (review_by in 2027) exits 2"
like "$ERR" "no data for 2027" "  naming 2027"
c open $W3 --id H-3 --on 2026-12-01 >/dev/null
c fire H-3 accept --on 2026-12-02 >/dev/null
run c fire H-3 publish --on 2026-12-28
like "$OUT" "notice_end +2027-01-03 running" "W3: a calendar-day notice reaches 2027 without the working-day calendar"
run c fire H-3 sign --on 2027-01-04
is "$RC" 0 "  and sign on 2027-01-04 is recorded"
like "$OUT" "^H-3: sign on 2027-01-04: public_notice → village_signed" "  public_notice → village_signed"

# ---- the log
run c verify
is "$RC" 0 "verify passes on the store"
like "$OUT" "^ok: [0-9]+ entries in 9 cases, hash chain intact" "  nine cases"

done_testing
