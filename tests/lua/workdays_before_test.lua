-- cal.workdays_before(d, n): the n-th working day before d, d not counted (docs/dates.md),
-- the lead times of "会前3个工作日" (朝政发〔2023〕5号 四十三, gazettes/chaoyang-2023-02.txt:330).
local t = require "tap"

-- Named cases, each counted back by hand from the State Council notices.
local CASES = {
  -- National Day 2023: 09-29..10-06 off; Saturday 10-07 and Sunday 10-08 worked (调休)
  { "2023-10-09", 3, "2023-09-28", "国庆 2023: 10-08 (Sun, 调休) 1, 10-07 (Sat, 调休) 2, 09-28 3" },
  { "2023-10-09", 7, "2023-09-22", "国庆 2023: 10-08, 10-07, 09-28, 09-27, 09-26, 09-25, 09-22" },
  { "2023-10-10", 5, "2023-09-27", "国庆 2023: 10-09, 10-08, 10-07, 09-28, 09-27" },
  -- Labour Day 2023: 04-29..05-03 off; Sunday 04-23 and Saturday 05-06 worked
  { "2023-05-10", 7, "2023-04-27", "劳动节 2023: 05-09, 05-08, 05-06 (Sat, 调休), 05-05, 05-04, 04-28, 04-27" },
  { "2023-05-08", 3, "2023-05-04", "劳动节 2023: 05-06 (Sat, 调休), 05-05, 05-04" },
  -- Dragon Boat 2023: 06-22..24 off; Sunday 06-25 worked
  { "2023-06-27", 5, "2023-06-19", "端午 2023: 06-26, 06-25 (Sun, 调休), 06-21, 06-20, 06-19" },
  -- Qingming 2023: 04-05 (Wednesday) off
  { "2023-04-10", 3, "2023-04-04", "清明 2023: 04-07, 04-06, 04-04" },
  -- Spring Festival 2023: 01-21..27 off; Saturday 01-28 and Sunday 01-29 worked
  { "2023-01-30", 1, "2023-01-29", "春节 2023: the Sunday before is worked (调休)" },
  { "2023-01-30", 3, "2023-01-20", "春节 2023: 01-29, 01-28, then 01-20 before the break" },
  -- Spring Festival 2024: 02-10..17 off; Sundays 02-04 and 02-18 worked; 除夕 02-09 a working day
  { "2024-02-19", 1, "2024-02-18", "春节 2024: Sunday 02-18 is worked" },
  { "2024-02-19", 2, "2024-02-09", "春节 2024: 02-18, then 02-09 (除夕, a working day that year)" },
  -- Spring Festival 2025: 01-28..02-04 off; Sunday 01-26 and Saturday 02-08 worked
  { "2025-02-05", 1, "2025-01-27", "春节 2025: the break skipped back to Monday 01-27" },
  { "2025-02-05", 2, "2025-01-26", "春节 2025: then Sunday 01-26 (调休)" },
  -- across New Year: 2026-01-01..03 off, Sunday 2026-01-04 worked
  { "2026-01-05", 3, "2025-12-30", "元旦 2026: 01-04 (Sun, 调休), 2025-12-31, 2025-12-30" },
  -- an ordinary week
  { "2024-05-20", 1, "2024-05-17", "Monday: the Friday before" },
  { "2024-05-19", 1, "2024-05-17", "from a Sunday: the Friday before" },
}
for _, c in ipairs(CASES) do
  t.is(cal.workdays_before(c[1], c[2]), date(c[3]), ("workdays_before(%s, %d) = %s: %s"):format(c[1], c[2], c[3], c[4]))
end

-- The mirror of add_workdays: counting forward from the answer gets back to d's working day.
t.is(cal.add_workdays(cal.workdays_before("2023-10-09", 3), 3), date("2023-10-09"),
  "add_workdays(workdays_before(d, 3), 3) = d when d is a working day")
t.is(cal.workdays_between(cal.workdays_before("2023-10-09", 3), "2023-10-09"), 3,
  "workdays_between(workdays_before(d, n), d) = n for a working day d")

-- Every day of 2005-2026 and n = 1, 3, 5, 7 against a day-by-day count over is_workday.
local wrong, checked = {}, 0
local function naive(d, n)
  local x = d
  while n > 0 do
    x = x - 1
    if cal.is_workday(x) then n = n - 1 end
  end
  return x
end
local d = date("2005-01-01")
while d <= date("2026-12-31") do
  for _, n in ipairs { 1, 3, 5, 7 } do
    checked = checked + 1
    if cal.workdays_before(d, n) ~= naive(d, n) and #wrong < 10 then
      wrong[#wrong + 1] = ("%s %d"):format(tostring(d), n)
    end
  end
  d = d + 1
end
t.is(checked, 8035 * 4, "2005-01-01..2026-12-31: 8,035 days × 4 counts checked")
t.ok(#wrong == 0, "each agrees with a day-by-day count", table.concat(wrong, "; "))

-- Errors: a count below 1, a fraction, and a year the calendar does not know.
t.raises(function() return cal.workdays_before("2023-10-09", 0) end, "at least 1", "n = 0 is refused")
t.raises(function() return cal.workdays_before("2023-10-09", -3) end, "at least 1", "n < 0 is refused (use add_workdays)")
t.raises(function() return cal.workdays_before("2023-10-09", 1.5) end, "whole number", "n = 1.5 is refused")
t.raises(function() return cal.workdays_before("2027-01-04", 1) end, "no data for 2027", "a date in 2027 names 2027")
t.raises(function() return cal.workdays_before("2004-01-05", 3) end, "no data for 2003",
  "counting back into 2003 names 2003")
t.raises(function() return cal.workdays_before("2023-02-30", 1) end, "invalid date", "a malformed date")
t.done()
