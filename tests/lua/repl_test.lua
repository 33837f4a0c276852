-- The REPL's printing (stdlib/repl/show.lua), its session (stdlib/repl/init.lua) and the
-- what-if loops (stdlib/whatif.lua) with a stand-in measure and population, so that the
-- counting is checked apart from the measure language and the records module.
local tap = require "tap"
local show = require "repl.show"
local whatif = require "whatif"
local repl = require "repl"

-- ---- display width: CJK counts 2 columns ----
tap.is(show.width("abc"), 3, "ASCII: one column each")
tap.is(show.width("朝阳区"), 6, "CJK: two columns each")
tap.is(show.width("北京ＡＢ公司"), 12, "full-width Latin letters are wide too")
tap.is(show.width("é"), 1, "a precomposed accent is one column")
tap.is(show.width("e\u{301}"), 1, "a combining accent adds none")
tap.is(show.width("\xff\xfe"), 2, "bytes that are not UTF-8 count one each")
tap.is(show.clip("北京市朝阳区", 7), "北京市…", "clip to 7 columns: 3 characters (6) + …")
tap.is(show.clip("abc", 7), "abc", "no clip when it fits")

-- ---- columns ----
local rows = {
  { id = 1, name = "北京某某科技有限公司", employees = 12 },
  { id = 22, name = "abc", employees = 3 },
}
tap.is(show.columns(rows), table.concat({
  "id  name                  employees",
  "--  --------------------  ---------",
  " 1  北京某某科技有限公司         12",
  "22  abc                           3",
}, "\n"), "records as aligned columns: id first, text left, numbers right, CJK 2 wide")
tap.is(show.value(rows), show.columns(rows), "a list of records prints as columns")
tap.is(show.value({ 1, 2, "x", k = true }), '{1, 2, "x", k = true}', "other tables inline")
local cyc = {}
cyc.self = cyc
tap.is(show.value(cyc), "{self = <cycle>}", "a cycle is marked, not followed")
tap.is(show.value(nil), "nil", "nil")
tap.is(show.value(date("2025-10-01")), "2025-10-01", "a date prints as ISO")
local many = {}
for i = 1, 250 do many[i] = { id = i } end
local text = show.columns(many)
tap.ok(text:find("… 50 more rows %(250 in all%)$") ~= nil, "long lists stop at 200 rows and say how many more")

-- ---- results ----
local res = { measure = "demo.m", status = "ineligible", amount = 0, outputs = { subsidy = 0 },
  reasons = { { rule = "district", clause = "五（二）", text = "注册地在朝阳区", result = false },
              { rule = "hires", clause = "五（二）", text = "3人以上", result = true } } }
tap.ok(show.is_result(res), "a result is recognised")
tap.is(show.value(res), "demo.m: ineligible  0\n  subsidy = 0\n  ✗ district (五（二）) 注册地在朝阳区",
  "a result prints its verdict, outputs and failed rules")

-- ---- a stand-in measure and population ----
local function money(n) return rawget(_G, "yuan") and yuan(n) or n end
-- eligible when hires >= floor; amount = hires * per (per = 1000 unless set)
local M = { id = "demo.stand-in", entity = "enterprise" }
function M:prepare(o)
  local set = o.set or {}
  for k in pairs(set) do
    if k ~= "floor" and k ~= "per" then error("unknown parameter '" .. k .. "' (known: floor, per)", 0) end
  end
  local floor = tonumber(set.floor or 3)
  local per = tonumber(set.per or 1000)
  return function(r)
    if r.hires == "bad" then error("record " .. r.id .. ": field hires: not an integer", 0) end
    if r.hires == nil then return { measure = M.id, status = "undetermined", missing = { "hires" } } end
    if r.hires >= floor then return { measure = M.id, status = "eligible", amount = money(r.hires * per) } end
    return { measure = M.id, status = "ineligible", amount = money(0) }
  end
end
local pop = {
  { id = 1, hires = 1, district = "朝阳区" }, -- ineligible both
  { id = 2, hires = 2, district = "朝阳区" }, -- becomes eligible at floor 2: +2,000
  { id = 3, hires = 3, district = "海淀区" }, -- 3,000 -> 6,000 with per 2000
  { id = 4, hires = 5, district = "朝阳区" }, -- 5,000 -> 10,000
  { id = 5, district = "海淀区" },            -- undetermined
  { id = 6, hires = "bad", district = "海淀区" }, -- error
}
local db = {}
function db:rows(tbl, o)
  assert(tbl == "enterprises", "table from the entity: " .. tostring(tbl))
  local i, n = 0, 0
  return function()
    i = i + 1
    if o and o.limit and n >= o.limit then return nil end
    n = n + 1
    return pop[i]
  end
end

local ticks = 0
local s = whatif.run { measure = M, db = db, tick = function() ticks = ticks + 1 end }
tap.is(s.n, 6, "run: 6 records")
tap.is(ticks, 6, "run: the budget is reset once per record")
tap.is(s.status.eligible, 2, "run: 2 eligible (3 and 5 hires)")
tap.is(s.status.ineligible, 2, "run: 2 ineligible")
tap.is(s.status.undetermined, 1, "run: 1 undetermined")
tap.is(s.status.error, 1, "run: 1 error, and the run goes on")
tap.is(s.errors[1].id, 6, "run: the error names the record")
tap.is(tostring(s.amount), tostring(money(8000)), "run: total 3,000 + 5,000 = 8,000")
local out = whatif.format_run(s)
tap.ok(out:find("eligible +2") and out:find("total amount: " .. tostring(money(8000)), 1, true),
  "run: the report shows counts and total", out)

local c = whatif.compare { measure = M, db = db, by = "district", reform = { set = { floor = "2", per = "2000" } } }
-- baseline: 3,000 + 5,000 = 8,000; reform (floor 2, 2,000 each): 4,000 + 6,000 + 10,000 = 20,000
tap.is(c.base.status.eligible, 2, "compare: 2 eligible before")
tap.is(c.new.status.eligible, 3, "compare: 3 eligible after (record 2 joins)")
tap.is(c.became_eligible, 1, "compare: 1 becomes eligible")
tap.is(c.became_ineligible, 0, "compare: none becomes ineligible")
tap.is(c.gain.n, 3, "compare: 3 records gain (2, 3, 4)")
tap.is(tostring(c.gain.amount), tostring(money(12000)), "compare: they gain 4,000 + 3,000 + 5,000 = 12,000")
tap.is(c.lose.n, 0, "compare: nobody loses")
tap.is(tostring(c.cost_change), tostring(money(12000)), "compare: cost change 20,000 - 8,000 = 12,000")
tap.is(c.groups["朝阳区"].n, 3, "compare by district: 3 in 朝阳区")
tap.is(tostring(c.groups["朝阳区"].reform_amount - c.groups["朝阳区"].base_amount), tostring(money(9000)),
  "compare by district: 朝阳区 +2,000 +5,000 = +9,000")
tap.is(c.groups["海淀区"].gain, 1, "compare by district: one gains in 海淀区")
local report = whatif.format_compare(c)
tap.ok(report:find("become eligible: 1 record", 1, true) and report:find("by district:", 1, true),
  "compare: the report", report)
local j = whatif.to_json(c)
tap.ok(j:find('"became_eligible":1', 1, true) and j:find('"field":"district"', 1, true), "compare: JSON", j)

local c2 = whatif.compare { measure = M, db = db, limit = 2, reform = { set = { floor = "1" } } }
tap.is(c2.base.n, 2, "compare: --limit")
tap.is(c2.became_eligible, 2, "compare: floor 1 makes records 1 and 2 eligible")

-- per 500: records 3 and 4 lose
local c3 = whatif.compare { measure = M, db = db, reform = { set = { per = "500" } } }
tap.is(c3.lose.n, 2, "compare: a lower rate: 2 records lose")
tap.is(tostring(c3.lose.amount), tostring(money(-4000)), "compare: they lose 1,500 + 2,500 = 4,000")

-- ---- the session ----
local written = {}
local sess = repl.new { write = function(t) written[#written + 1] = t end }
local function say(line) written = {}; local st, msg = sess:handle(line); return st, msg, table.concat(written) end
local st, _, o = say("1 + 1")
tap.is(o, "2\n", "session: an expression prints its value")
tap.is(st, "ok", "session: ok")
tap.is(say("function f(x)"), "incomplete", "session: an open function is incomplete")
st, _, o = say("function f(x)\n return x * 2\nend")
tap.is(st, "ok", "session: the whole function compiles")
st, _, o = say("f(21)")
tap.is(o, "42\n", "session: and can be called")
st, msg = say("f(")
tap.is(st, "incomplete", "session: an open parenthesis is incomplete")
st, msg = say("1 +* 2")
tap.is(st, "error", "session: a syntax error")
tap.ok(msg:find("stdin:1:", 1, true) ~= nil, "session: names the line", msg)
st, msg = say("error('boom')")
tap.is(msg, "stdin:1: boom", "session: a runtime error, one line")
st, msg = say(".frobnicate")
tap.is(msg, "unknown command '.frobnicate'; .help lists the commands", "session: unknown dot-command")
st, msg = say(".asof 2025-02-30")
tap.is(msg, ".asof: invalid date '2025-02-30': day 30 does not exist: February 2025 has 28 days", "session: bad date")
st, msg, o = say(".asof 2025年7月8日")
tap.is(o, "as of 2025-07-08\n", "session: Chinese date")
st, msg = say(".eval {}")
tap.ok(msg:find("no measure loaded", 1, true) ~= nil, "session: .eval without a measure says to .load", msg)
st, msg, o = say("f(1)")
tap.is(o, "2\n", "session: state survives errors")
tap.is(say(".quit"), "quit", "session: .quit")
tap.is(sess.log[1], "1 + 1", "session: the log keeps what succeeded, for .save")

tap.done()
