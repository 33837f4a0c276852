-- stdlib/globals/dates.lua: dates, periods and the working-day calendar
-- (docs/dates.md). The types and the counting are C modules (interp/lua/ldate.c,
-- interp/lua/lcal.c); this file only names them.
local dates_module = require "dates"

-- date("2022-07-08"), date("2022年7月8日"), date("2022/7/8"), date(2022, 7, 8)
date = dates_module.date
-- age(birth, on): full years (周岁)
age = dates_module.age
-- dates.range(a, b, "[]"), dates.parse(s) -> date | nil, message, dates.is_date(v), ...
dates = dates_module
-- cal.is_workday(d), cal.add_workdays(d, n), cal.workdays_before(d, n), cal.workdays_between(a, b),
-- cal.period_end(d, "3m"), cal.holiday(d), cal.is_holiday(d), cal.day(d), ...
cal = require "cal"
