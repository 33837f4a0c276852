-- The working-day calendar from Lua (docs/dates.md).
local t = require "tap"
local host = require "host"

-- Every day of 2004-2026 against the data file: a working day is a weekday not listed off,
-- or a day listed 'work'. One pass over 8,401 days.
local text = assert(host.readfile(host.home() .. "/stdlib/data/cn-calendar.csv"))
local listed, rows = {}, 0
for line in text:gmatch("[^\n]+") do
  local d, status = line:match("^(%d%d%d%d%-%d%d%-%d%d),(%a+),")
  if d then listed[d] = status; rows = rows + 1 end
end
t.is(rows, 772, "the data file lists 772 days (771 from the shared data, plus 2012-06-23)")
local wrong, days = {}, 0
local first, last = date("2004-01-01"), date("2026-12-31")
local d = first
while d <= last do
  local s = tostring(d)
  local want = listed[s] == "work" or (listed[s] == nil and d:weekday() <= 5)
  if cal.is_workday(d) ~= want then wrong[#wrong + 1] = s end
  days = days + 1
  d = d + 1
end
t.is(days, 8401, "2004-01-01..2026-12-31 is 8,401 days (23 years, 6 of them leap)")
t.is(#wrong, 0, "is_workday agrees with the data on every one of them", table.concat(wrong, " ", 1, math.min(#wrong, 10)))

-- Statutory holiday days per year, 《全国年节及纪念日放假办法》: 10 days under the 1999 text
-- (元旦 1, 春节 3, 劳动节 3, 国庆 3); 11 from 2008 (劳动节 1; 清明, 端午, 中秋 1 each); 13 from
-- 2025 (除夕 and 5月2日 added). 2009 and 2020 have 10 distinct dates: 中秋 fell on 10-03 and
-- 10-01, days of 国庆. 2015 adds 09-03, the 70th anniversary of the victory (2015 notice).
local want = {}
for y = 2004, 2007 do want[y] = 10 end
for y = 2008, 2024 do want[y] = 11 end
want[2009], want[2020], want[2015] = 10, 10, 12
want[2025], want[2026] = 13, 13
local bad = {}
for y = 2004, 2026 do
  local n, day = 0, date(y, 1, 1)
  while day.year == y do
    if cal.is_holiday(day) then n = n + 1 end
    day = day + 1
  end
  if n ~= want[y] then bad[#bad + 1] = ("%d: %d, want %d"):format(y, n, want[y]) end
end
t.is(#bad, 0, "statutory holiday days per year follow the 放假办法 in force", table.concat(bad, "; "))

-- The cases of issue 4.
t.is(cal.add_workdays("2025-09-26", 5), date("2025-10-10"), "add_workdays 2025-09-26 5 -> 2025-10-10")
t.is(cal.is_workday("2025-09-28"), true, "2025-09-28 (Sunday, 调休上班) is a working day")
t.is(cal.is_workday("2026-02-23"), false, "2026-02-23 (Monday, 春节) is not")
t.is(cal.period_end("2025-07-04", "3m"), date("2025-10-09"), "period_end 2025-07-04 3m -> 2025-10-09")
t.is(cal.period_end("2025-01-31", "1m"), date("2025-02-28"), "period_end 2025-01-31 1m -> 2025-02-28")
t.raises(function() return cal.is_workday("2031-05-01") end, "no data for 2031", "2031 is unknown, named")

-- Legal periods across holidays (民法典 第二百零一条至第二百零三条).
t.is(cal.period_end("2025-09-01", "1m"), date("2025-10-09"),
  "2025-09-01 + 1 month is 10-01, first day of the 8-day National Day break (10-01..08): 10-09")
t.is(cal.period_end("2025-09-21", { days = 10 }), date("2025-10-09"), "{days=10}: 10-01, then 10-09")
t.is(cal.period_end("2025-09-20", "8d"), date("2025-09-28"), "2025-09-20 + 8 days is Sunday 09-28, a 调休 working day: no move")
t.is(cal.period_end("2024-12-28", { months = 1 }), date("2025-02-05"),
  "2024-12-28 + 1 month is 2025-01-28 (除夕, 春节 01-28..02-04 with 调休 02-03, 02-04): 02-05")
t.is(cal.period_end("2020-01-20", "10d"), date("2020-02-03"),
  "2020-01-20 + 10 days is 01-30: the 2020 Spring Festival, extended to 02-02, moves it to 02-03")
t.is(cal.period_end("2025-04-30", "1d"), date("2025-05-06"), "2025-04-30 + 1 day is 05-01 (劳动节 05-01..05): 05-06")
t.is(cal.period_end("2024-02-29", { years = 1 }), date("2025-02-28"), "2024-02-29 + 1 year: 2025-02-28")
t.is(cal.period_end("2025-09-26", { workdays = 5 }), date("2025-10-10"), "{workdays=5} is add_workdays")
t.is(cal.period_end("2025-12-03", "1m"), date("2026-01-04"),
  "2025-12-03 + 1 month is 2026-01-03 (元旦 01-01..03): Sunday 01-04, a 调休 working day")
t.raises(function() return cal.period_end("2025-07-04", "0d") end, "invalid period '0d'", "a period of 0")
t.raises(function() return cal.period_end("2025-07-04", { days = 1, months = 1 }) end, "exactly one of", "two units")
t.raises(function() return cal.period_end("2025-07-04", { weeks = 1 }) end, "takes one of days, months, years, workdays", "unknown unit")

-- Working days.
t.is(cal.add_workdays("2025-09-26", 1), date("2025-09-28"), "the working day after Friday 09-26 is Sunday 09-28 (调休)")
t.is(cal.add_workdays("2025-09-30", 1), date("2025-10-09"), "after 09-30 comes 10-09")
t.is(cal.add_workdays("2025-10-10", -5), date("2025-09-26"), "n < 0 counts back")
t.is(cal.add_workdays("2026-02-13", 1), date("2026-02-14"), "after Friday 2026-02-13: Saturday 02-14 (调休上班)")
t.is(cal.add_workdays("2026-02-14", 1), date("2026-02-24"), "after 02-14: 02-24 (春节 02-15..23)")
t.raises(function() return cal.add_workdays("2025-10-10", 0) end, "must not be 0", "n = 0")
t.raises(function() return cal.add_workdays("2025-10-10", 1.5) end, "whole number", "n = 1.5")
t.is(cal.workdays_between("2025-09-26", "2025-10-10"), 5, "(09-26, 10-10]: 5 working days")
t.is(cal.workdays_between("2025-10-10", "2025-09-26"), -5, "reversed: -5")
t.is(cal.workdays_between("2024-12-31", "2025-12-31"), 248, "2025 has 248 working days")
t.is(cal.next_workday("2025-10-01"), date("2025-10-09"), "next_workday")
t.is(cal.next_workday("2025-10-09"), date("2025-10-09"), "next_workday of a working day is itself")

-- Festivals, statutory days and swapped rest days.
t.is(cal.holiday("2025-10-06"), "中秋", "2025-10-06 is 中秋")
t.is(cal.holiday("2025-09-28"), "国庆节", "a make-up day names its festival")
t.is(cal.holiday("2025-10-12"), nil, "an ordinary Sunday has none")
t.is(cal.is_holiday("2025-01-28"), true, "除夕 2025-01-28 is statutory (from 2025)")
t.is(cal.is_holiday("2024-02-09"), false, "除夕 2024-02-09 was not (not even a day off)")
t.is(cal.is_holiday("2025-05-02"), true, "2025-05-02 is statutory (from 2025)")
t.is(cal.is_holiday("2024-05-02"), false, "2024-05-02 was a swapped rest day")
t.is(cal.is_holiday("2025-10-04"), false, "a Saturday inside the break is not statutory")
local day = cal.day("2025-10-07")
t.ok(day.status == "off" and day.kind == "in_lieu" and day.in_lieu and day.statutory == false and day.festival == "国庆节",
  "cal.day: 2025-10-07 is a swapped rest day of 国庆节")
t.is(day.notice, "国务院办公厅关于2025年部分节假日安排的通知", "with its notice")
t.is(cal.day("2025-09-28").kind, "makeup", "09-28 is a make-up working day")
t.is(cal.day("2025-10-01").kind, "holiday", "10-01 a statutory holiday")
t.is(cal.day("2025-10-12").kind, "weekend", "10-12 an ordinary weekend")
t.is(cal.day("2025-10-13").kind, "workday", "10-13 an ordinary working day")
t.is(cal.day("2015-09-03").festival, "抗战胜利70周年纪念日", "2015-09-03, the 70th anniversary")
t.ok(cal.known(2026) and not cal.known(2027), "cal.known")
t.is(cal.known_years(), "2004-2026", "cal.known_years")
t.raises(function() return cal.is_workday("2025-02-30") end, "invalid date '2025-02-30'", "a malformed date string")
t.raises(function() return cal.is_workday(20250101) end, "date expected, got number", "a number")
t.done()
