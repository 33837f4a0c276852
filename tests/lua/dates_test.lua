-- Dates from Lua (docs/dates.md): parsing, arithmetic, month ends, age, ranges.
local t = require "tap"
local json = require "json"

-- Parsing: every form gives the same date.
local d = date("2022-07-08")
t.is(tostring(d), "2022-07-08", "tostring is ISO")
t.is(date("2022年7月8日"), d, "2022年7月8日")
t.is(date("2022/7/8"), d, "2022/7/8")
t.is(date("２０２２年７月８日"), d, "full-width digits")
t.is(date(2022, 7, 8), d, "date(y, m, d)")
t.is(date(d), d, "date(d) is d")
t.is(d.year * 10000 + d.month * 100 + d.day, 20220708, "year, month, day fields")
t.is(d:weekday(), 5, "2022-07-08 was a Friday (5)")
t.is(date("2025-10-12"):weekday(), 7, "2025-10-12 was a Sunday (7)")
t.is(d:chinese(), "2022年7月8日", "d:chinese()")

-- Malformed dates: errors quoting the input.
t.raises(function() return date("2025-02-30") end, "invalid date '2025-02-30': day 30 does not exist: February 2025 has 28 days", "2025-02-30")
t.raises(function() return date("2025-13-01") end, "invalid date '2025-13-01': month 13 is not 1-12", "2025-13-01")
t.raises(function() return date("二〇二五年") end, "invalid date '二〇二五年': expected a date", "二〇二五年")
t.raises(function() return date("") end, "invalid date '': empty", "empty")
t.raises(function() return date(("1"):rep(10000)) end, "...' (10000 bytes): too long", "10,000 characters")
t.raises(function() return date(2025, 2, 29) end, "day 29 does not exist: February 2025 has 28 days", "date(2025, 2, 29)")
t.raises(function() return date(20250101) end, "date expected, got number", "a number is not a date")
t.raises(function() return date("2025-02-30") end, "bad argument #1 to 'date'", "the error names the argument")
local v, err = dates.parse("2025-02-30")
t.ok(v == nil and err:find("invalid date '2025-02-30'", 1, true), "dates.parse returns nil, message")
t.ok(dates.is_date(d) and not dates.is_date("2022-07-08"), "dates.is_date")

-- Arithmetic in days.
t.is(d + 1, date("2022-07-09"), "d + 1")
t.is(1 + d, date("2022-07-09"), "1 + d")
t.is(d - 8, date("2022-06-30"), "d - 8 crosses a month")
t.is(date("2022-07-08") - date("2022-01-01"), 188, "d2 - d1 in days (31+28+31+30+31+30+7)")
t.is(date("2022-01-01") - date("2022-07-08"), -188, "negative difference")
t.is(date("2024-03-01") - date("2024-02-28"), 2, "2024 is a leap year")
t.is(date("1900-03-01") - date("1900-02-28"), 1, "1900 is not")
t.is(date("2000-03-01") - date("2000-02-28"), 2, "2000 is")
t.is(date("2100-03-01") - date("2100-02-28"), 1, "2100 is not")
t.is(date("1970-01-01") - 1, date("1969-12-31"), "before the epoch")
t.is(d + 0, d, "d + 0")
t.raises(function() return d + 1.5 end, "days must be a whole number, got 1.5", "fractions of days are refused")
t.is(d + 2.0, date("2022-07-10"), "2.0 is a whole number")
t.raises(function() return d + d end, "cannot add two dates", "date + date")
t.raises(function() return d - "2022-01-01" end, "cannot subtract a string from a date", "date - string")
t.raises(function() return date("9999-12-31") + 1 end, "date out of range", "past 9999-12-31")
t.raises(function() return date("0001-01-01") - 1 end, "date out of range", "before 0001-01-01")
t.raises(function() return d + math.maxinteger end, "date out of range", "a huge offset does not wrap")

-- Comparisons.
t.ok(date("2022-07-08") == date("2022年7月8日"), "== between equal dates")
t.ok(d < d + 1 and d <= d and not (d < d) and d + 1 > d, "< <= >")
t.ok(d ~= "2022-07-08", "a date never equals a string")
t.raises(function() return d < "2023-01-01" end, "cannot compare date with string", "< with a string is refused")

-- Months and years, with the month-end mode (Catala dates_calc).
t.is(date("2026-01-31"):add_months(1), date("2026-02-28"), "2026-01-31 + 1 month: 02-28 (down, the default)")
t.is(date("2026-01-31"):add_months(1, "down"), date("2026-02-28"), "down")
t.is(date("2026-01-31"):add_months(1, "up"), date("2026-03-01"), "up: 03-01")
t.raises(function() return date("2026-01-31"):add_months(1, "abort") end,
  "2026-01-31 + 1 month: February 2026 has no day 31 (mode \"abort\"; \"down\" gives 2026-02-28, \"up\" gives 2026-03-01)",
  "abort: an error that offers both answers")
t.raises(function() return date("2026-01-31"):add_months(1, "nearest") end, "invalid option 'nearest'", "an unknown mode")
t.is(date("2024-01-31"):add_months(1), date("2024-02-29"), "leap February")
t.is(date("2025-03-31"):add_months(-1), date("2025-02-28"), "backwards")
t.is(date("2025-01-15"):add_months(-13), date("2023-12-15"), "backwards across two years")
t.is(date("2024-02-29"):add_years(1), date("2025-02-28"), "2024-02-29 + 1 year: 02-28 (down)")
t.is(date("2024-02-29"):add_years(1, "up"), date("2025-03-01"), "up: 03-01")
t.is(date("2024-02-29"):add_years(4, "abort"), date("2028-02-29"), "+ 4 years exists")
t.raises(function() return date("2024-02-29"):add_years(1, "abort") end, "2024-02-29 + 1 year: February 2025 has no day 29", "abort on 02-29")
t.raises(function() return date("2096-02-29"):add_years(4, "abort") end, "February 2100 has no day 29", "2100 is not a leap year")

-- Months, quarters, years.
local q = date("2025-08-19")
t.is(q:month_start(), date("2025-08-01"), "month_start")
t.is(q:month_end(), date("2025-08-31"), "month_end")
t.is(date("2024-02-10"):month_end(), date("2024-02-29"), "month_end in a leap February")
t.is(q:quarter(), 3, "August is in quarter 3")
t.is(q:quarter_start(), date("2025-07-01"), "quarter_start")
t.is(q:quarter_end(), date("2025-09-30"), "quarter_end")
t.is(date("2025-12-31"):quarter(), 4, "December: quarter 4")
t.is(q:year_start(), date("2025-01-01"), "year_start")
t.is(q:year_end(), date("2025-12-31"), "year_end")
t.is(date("2024-12-31"):day_of_year(), 366, "day_of_year in a leap year")
t.is(date("2025-02-01"):days_in_month(), 28, "days_in_month")
t.ok(dates.is_leap(2000) and not dates.is_leap(1900) and not dates.is_leap(2100), "dates.is_leap")

-- age: full years (周岁).
t.is(age("1990-05-20", "2025-05-19"), 34, "the day before the 35th birthday: 34")
t.is(age("1990-05-20", "2025-05-20"), 35, "on the birthday: 35")
t.is(age("2004-02-29", "2005-02-28"), 0, "born 02-29: not 1 on 2005-02-28")
t.is(age("2004-02-29", "2005-03-01"), 1, "born 02-29: 1 on 2005-03-01, when a full year has passed")
t.is(age("2004-02-29", "2008-02-29"), 4, "born 02-29: 4 on 2008-02-29")
t.is(age("2004-02-29", "2008-02-28"), 3, "and 3 the day before")
t.is(age("2025-01-01", "2025-01-01"), 0, "0 on the day of birth")
t.raises(function() return age("2025-01-02", "2025-01-01") end, "age: the date 2025-01-01 is before the birth date 2025-01-02", "a date before birth")

-- Ranges with explicit ends.
local r = dates.range("2025-01-15", "2025-03-10", "[]")
t.is(r:days(), 55, "[01-15, 03-10]: 17 + 28 + 10 days")
t.is(dates.range("2025-01-15", "2025-03-10", "[)"):days(), 54, "[) leaves out the end")
t.is(dates.range("2025-01-15", "2025-03-10", "(]"):days(), 54, "(] leaves out the start")
t.is(dates.range("2025-01-15", "2025-03-10", "()"):days(), 53, "() leaves out both")
t.is(dates.range("2025-01-15", "2025-01-15", "[)"):days(), 0, "[a, a) is empty")
t.ok(r:contains("2025-01-15") and r:contains(date("2025-03-10")) and not r:contains("2025-03-11"), "contains, both ends")
t.ok(not dates.range("2025-01-15", "2025-03-10", "[)"):contains("2025-03-10"), "[) does not contain its end")
t.is(tostring(dates.range("2025-01-01", "2025-04-01", "[)")), "[2025-01-01, 2025-03-31]", "tostring shows inclusive ends")
t.is(r.first, date("2025-01-15"), "r.first")
t.is(r.last, date("2025-03-10"), "r.last")
local n, last = 0, nil
for day in r:each() do n = n + 1; last = day end
t.ok(n == 55 and last == date("2025-03-10"), "each() visits every day in order")
local months = r:months()
t.is(#months, 3, "months(): the range touches 3 months")
t.is(tostring(months[1]), "[2025-01-15, 2025-01-31]", "the first clipped at the start")
t.is(tostring(months[2]), "[2025-02-01, 2025-02-28]", "a whole February")
t.is(tostring(months[3]), "[2025-03-01, 2025-03-10]", "the last clipped at the end")
t.ok(r:overlaps(dates.range("2025-03-10", "2025-04-01")) and not r:overlaps(dates.range("2025-03-11", "2025-04-01")), "overlaps")
t.raises(function() return dates.range("2025-03-10", "2025-01-15") end, "the end 2025-01-15 is before the start 2025-03-10", "reversed ends")
t.raises(function() return dates.range("2025-01-01", "2025-02-01", "[[") end, "ends must be", "bad ends")

-- JSON and strings.
t.is(json.encode({due = date("2025-10-09")}), '{"due":"2025-10-09"}', "dates encode to JSON as ISO strings")
t.is("due " .. date("2025-10-09"), "due 2025-10-09", "concatenation")
t.raises(function() d.year = 2000 end, "dates cannot be changed", "dates are immutable")
t.raises(function() return d.month_name end, "a date has no field 'month_name'", "an unknown field is named")
t.is(getmetatable(d), false, "the metatable is protected")
t.done()
