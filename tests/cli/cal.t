#!/usr/bin/env bash
# gazette cal: one line per query (docs/dates.md), the month grid, and the errors.
. "$(dirname "$0")/../tap.sh"

# The cases of issue 4.
run $GAZETTE cal add-workdays 2025-09-26 5
is "$OUT" "2025-10-10" "add-workdays 2025-09-26 5: 09-28 (调休), 09-29, 09-30, 10-09, 10-10"
run $GAZETTE cal is-workday 2025-09-28
is "$OUT" "true" "is-workday 2025-09-28: a Sunday made a working day (调休)"
run $GAZETTE cal is-workday 2026-02-23
is "$OUT" "false" "is-workday 2026-02-23: the last day of the 2026 Spring Festival break"
run $GAZETTE cal period-end 2025-07-04 3m
is "$OUT" "2025-10-09" "period-end 2025-07-04 3m: 10-04 is off, so 10-09"
run $GAZETTE cal period-end 2025-01-31 1m
is "$OUT" "2025-02-28" "period-end 2025-01-31 1m: no 02-31, so the month's last day"
run $GAZETTE cal is-workday 2031-05-01
is "$RC" 2 "is-workday 2031-05-01 exits 2"
like "$ERR" "^gazette cal: the working-day calendar has no data for 2031" "and names 2031"
like "$ERR" "--calendar FILE.*--calendar-unknown=weekends" "and says how to add it"
is "$OUT" "" "printing nothing on stdout"

# Each query.
run $GAZETTE cal workdays-between 2025-09-26 2025-10-10
is "$OUT" "5" "workdays-between counts (A, B]"
run $GAZETTE cal workdays-between 2024-12-31 2025-12-31
is "$OUT" "248" "2025 has 248 working days"
run $GAZETTE cal add-workdays 2025-10-10 -5
is "$OUT" "2025-09-26" "add-workdays with a negative N counts back"
run $GAZETTE cal holiday 2025-10-06
is "$OUT" "中秋" "holiday names the festival"
run $GAZETTE cal holiday 2025-10-13
is "$OUT" "" "holiday prints an empty line for an ordinary day"
is "$RC" 0 "  and succeeds"
run $GAZETTE cal period-end 2025年9月21日 10日
is "$OUT" "2025-10-09" "Chinese dates and periods: 2025年9月21日 + 10日 is 10-01, then 10-09"
run $GAZETTE cal is-workday ２０２５－０９－２８
is "$OUT" "true" "full-width digits"
run $GAZETTE cal period-end 2025/9/26 5个工作日
is "$OUT" "2025-10-10" "period-end in working days"
run $GAZETTE cal day 2025-10-07
is "$OUT" "2025-10-07 星期二 off in_lieu 国庆节 (国务院办公厅关于2025年部分节假日安排的通知 https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm)" \
  "day shows kind, festival and the notice"

# The month grid: Monday first, CJK-aligned, marks and legend.
run $GAZETTE cal month 2025-10
is "$OUT" "2025年10月
 一   二   三   四   五   六   日
           1法  2法  3法  4休  5休
 6法  7休  8休  9   10   11班 12
13   14   15   16   17   18   19
20   21   22   23   24   25   26
27   28   29   30   31
法 statutory holiday (法定节假日)  休 other day off of the break (调休, weekend)  班 working weekend (调休上班)
国庆节: off 10-01..10-05, 10-07..10-08; work 10-11 (国务院办公厅关于2025年部分节假日安排的通知)
中秋: off 10-06 (国务院办公厅关于2025年部分节假日安排的通知)
working days: 18 of 31" "month 2025-10: the 8-day break, 中秋 on 10-06, 10-11 worked"
run $GAZETTE cal month 2025年9月
like "$OUT" "^2025年9月" "month accepts 2025年9月"
like "$OUT" "22   23   24   25   26   27   28班" "09-28 marked 班"
like "$OUT" "working days: 23 of 30" "September 2025: 22 weekdays + 09-28"

# Bad input: exit 2, the input quoted.
run $GAZETTE cal is-workday 2025-02-30
is "$RC" 2 "a malformed date exits 2"
is "$ERR" "gazette cal: invalid date '2025-02-30': day 30 does not exist: February 2025 has 28 days" "and quotes it"
run $GAZETTE cal is-workday 2025-13-01
like "$ERR" "invalid date '2025-13-01': month 13 is not 1-12" "2025-13-01"
run $GAZETTE cal is-workday 二〇二五年
like "$ERR" "invalid date '二〇二五年': expected a date such as 2022-07-08" "二〇二五年"
run $GAZETTE cal is-workday ""
like "$ERR" "invalid date '': empty" "an empty date"
run $GAZETTE cal is-workday "$(printf '%010000d' 0)"
is "$RC" 2 "a 10,000-character date exits 2"
like "$ERR" "invalid date '0000000000000000000000000000000000000000...' \(10000 bytes\): too long" "quoted, truncated"
run $GAZETTE cal period-end 2025-07-04 3w
like "$ERR" "invalid period '3w'" "a bad period exits 2"
is "$RC" 2 "  with 2"
run $GAZETTE cal add-workdays 2025-07-04 five
is "$RC" 2 "a bad N exits 2"
like "$ERR" "N must be a whole number of working days, got 'five'" "  naming it"
run $GAZETTE cal add-workdays 2025-07-04 0
like "$ERR" "must not be 0" "N = 0 is refused"
run $GAZETTE cal month 2025-13
like "$ERR" "invalid month '2025-13'" "a bad month"
run $GAZETTE cal fortnight 2025-07-04
is "$RC" 2 "an unknown query exits 2"
like "$ERR" "unknown query 'fortnight'" "  naming it"
run $GAZETTE cal is-workday
like "$ERR" "is-workday takes 1 argument, got 0" "a missing argument"
run $GAZETTE cal add-workdays 2026-12-30 3
is "$RC" 2 "counting into 2027 exits 2"
like "$ERR" "no data for 2027" "  naming 2027"

# Calendar files and weekends-only.
printf 'date,status,festival,in_lieu\n2031-05-01,off,劳动节,0\n2031-05-02,off,劳动节,0\n' > "$TMP/2031.csv"
run $GAZETTE cal is-workday 2031-05-01 --calendar "$TMP/2031.csv"
is "$OUT" "false" "--calendar FILE adds 2031"
run $GAZETTE cal add-workdays 2031-04-30 1 --calendar "$TMP/2031.csv"
is "$OUT" "2031-05-05" "  and counts with it (05-01, 05-02 off, then the weekend)"
run $GAZETTE cal is-workday 2031-05-01 --calendar-unknown=weekends
is "$OUT" "true" "--calendar-unknown=weekends: Thursday 2031-05-01 is assumed a working day"
is "$ERR" "gazette: warning: no working-day calendar for 2031; assumed Monday-Friday working days, no holidays (--calendar-unknown=weekends)" \
  "  and one warning line says it assumed so"
printf 'date,status\n2031-05-01,holiday\n' > "$TMP/bad.csv"
run $GAZETTE cal is-workday 2031-05-01 --calendar "$TMP/bad.csv"
is "$RC" 2 "a malformed calendar file exits 2"
like "$ERR" "bad.csv:2: field status: 'holiday' is not 'off' or 'work'" "  naming file, line, field and value"
run $GAZETTE cal is-workday 2025-05-01 --calendar "$TMP/missing.csv"
like "$ERR" "cannot read calendar file .*missing.csv: No such file" "a missing calendar file"

# Lua sees the same calendar and options.
run $GAZETTE --calendar "$TMP/2031.csv" -e 'return cal.is_workday("2031-05-02"), cal.known(2031)'
is "$OUT" "false
true" "--calendar applies to Lua too"
run $GAZETTE -e 'return cal.is_workday("2031-05-02")'
is "$RC" 1 "in Lua an unknown year is a script error (exit 1)"
like "$ERR" "no data for 2031" "  naming the year"
run $GAZETTE help cal
like "$OUT" "^working-day calendar queries" "help cal"
done_testing
