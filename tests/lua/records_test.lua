-- records: SQLite tables and queries as streams of Lua records (docs/records.md).
local t = require "tap"
local records = require "records"
local host = require "host"

local db = assert(records.open(":memory:", { create = true }))
db:exec [[
  CREATE TABLE enterprises (id INTEGER PRIMARY KEY, name TEXT, revenue, established_on TEXT,
                            operating_normally INTEGER, employees);
  INSERT INTO enterprises VALUES (1, '甲', 8000000, '2019-03-15', 1, 45);
  INSERT INTO enterprises VALUES (2, '乙', '1234567.89', '2020年1月2日', 0, '12');
  INSERT INTO enterprises VALUES (3, NULL, NULL, 'not a date', 5, 'many');
  INSERT INTO enterprises VALUES (4, '丁', '2500万元', '2022/7/8', '是', 7);
  CREATE TABLE hires (id INTEGER PRIMARY KEY, parent_id INTEGER, hired_on TEXT);
  INSERT INTO hires VALUES (10, 1, '2025-08-01'), (11, 1, '2025-03-01'), (12, 2, 'soon');
]]

-- Raw rows: values as SQLite holds them, NULL absent.
local all = {}
for r, err in db:rows("enterprises") do
  all[#all + 1] = r
  t.is(err, nil, ("raw row %d has no error"):format(r.id))
end
t.is(#all, 4, "four records")
t.is(all[1].name, "甲", "TEXT as a string")
t.is(math.type(all[1].revenue), "integer", "INTEGER as an integer")
t.is(all[2].revenue, "1234567.89", "decimal TEXT stays text when no type is given")
t.is(all[3].name, nil, "NULL is absent (nil)")
t.ok(all[3].revenue == nil and all[3].id == 3, "  and the other fields are there")

-- Typed rows
local types = { established_on = "date", operating_normally = "boolean", employees = "integer" }
local got, errs = {}, {}
for r, err in db:rows("enterprises", { types = types }) do
  got[#got + 1] = r
  errs[#errs + 1] = err or false
end
t.is(tostring(got[1].established_on), "2019-03-15", "ISO date")
t.ok(dates.is_date(got[1].established_on), "  is a date value")
t.is(tostring(got[2].established_on), "2020-01-02", "Chinese date 2020年1月2日")
t.is(tostring(got[4].established_on), "2022-07-08", "2022/7/8")
t.is(got[1].operating_normally, true, "boolean 1")
t.is(got[2].operating_normally, false, "boolean 0")
t.is(got[4].operating_normally, true, "boolean 是")
t.is(got[2].employees, 12, "integer from the text '12'")
t.is(errs[1], false, "a record that converts has no error")
t.is(errs[3], "table enterprises, record id=3, column established_on: 'not a date' is not a date (2022-07-08, 2022/7/8 or 2022年7月8日)",
  "a field that does not convert: table, record key, column and value")
t.is(got[3].id, 3, "the failing record still carries its key")
t.is(got[3].established_on, nil, "  but not the field that failed")
t.is(errs[4], false, "and the next record is read as usual")
t.is(#got, 4, "every record is returned")

t.raises(function()
  for _ in db:rows("enterprises", { types = types, strict = true }) do end
end, "table enterprises, record id=3, column established_on: 'not a date' is not a date", "strict = true raises the message")

-- Money: INTEGER yuan, decimal TEXT yuan, Chinese amounts; anything else is an error.
local m = {}
local merr = {}
for r, err in db:rows("enterprises", { types = { revenue = "money", employees = "integer" } }) do
  m[r.id], merr[r.id] = r.revenue, err
end
t.is(m[1]:fen(), 800000000, "INTEGER 8000000 yuan is 800000000 fen")
t.ok(money.is_money(m[1]), "  a money value")
t.is(m[2]:fen(), 123456789, "decimal TEXT '1234567.89' is 123456789 fen")
t.is(tostring(m[4]), "25,000,000.00元", "'2500万元' is 25,000,000.00元")
t.is(m[3], nil, "NULL money is absent")
t.is(merr[3], "table enterprises, record id=3, column employees: 'many' is not an integer", "a bad integer names the value")
db:exec [[CREATE TABLE m (id INTEGER PRIMARY KEY, amount);
  INSERT INTO m VALUES (1, '12.345'), (2, 'lots'), (3, 12.5), (4, 99999999999999999), (5, 4999.999999999999)]]
local me = {}
for r, err in db:rows("m", { types = { amount = "money" } }) do me[r.id] = err or tostring(r.amount) end
t.is(me[1], "table m, record id=1, column amount: '12.345' is a fraction of a 分 (more than two decimals of 元)", "three decimals of 元 is an error")
t.ok(me[2]:find("column amount: 'lots' is ", 1, true), "text that is not money", me[2])
t.is(me[3], "12.50元", "a REAL 12.5 reads as 12.50元 (its decimal text)")
t.is(me[4], "table m, record id=4, column amount: 99999999999999999 is money out of range", "an INTEGER beyond the money range")
-- its shortest decimal, 4999.999999999999 (16 digits): a fraction of a 分, not 5,000.00元 (%.15g)
t.ok(tostring(me[5]):find("column amount", 1, true) ~= nil, "a REAL 4999.999999999999 is refused, not rounded to 5,000.00元", me[5])
local found = {}
for r in db:rows("enterprises", { where = "revenue = ?", params = { yuan(8000000) } }) do found[#found + 1] = r.id end
t.is(table.concat(found, ","), "1", "a money parameter binds as whole yuan")

-- A measure's declared inputs as types: inputs the table lacks, and types read raw, are fine.
local inputs = { revenue = { type = "money" }, established_on = { type = "date", label = "成立日期" },
  name = { type = "enum", values = { "甲" } }, employees = { type = "decimal" }, hires = { type = "list", of = {} } }
local r1 = db:get("enterprises", 1, { types = inputs })
t.is(tostring(r1.revenue) .. "|" .. tostring(r1.established_on) .. "|" .. r1.name .. "|" .. r1.employees,
  "8,000,000.00元|2019-03-15|甲|45", "a measure's inputs serve as types")

-- Children
local kids = {}
for r, err in db:rows("enterprises", { children = { hires = { table = "hires", key = "parent_id", types = { hired_on = "date" } } } }) do
  kids[r.id] = { n = #r.hires, first = r.hires[1], err = err }
end
t.is(kids[1].n, 2, "enterprise 1 has two hires")
t.is(tostring(kids[1].first.hired_on), "2025-08-01", "  in rowid order, typed")
t.is(kids[3].n, 0, "enterprise 3 has an empty list")
t.is(kids[2].err, "table enterprises, record id=2: table hires, record id=12, column hired_on: 'soon' is not a date (2022-07-08, 2022/7/8 or 2022年7月8日)",
  "a child field that does not convert names the parent, the child table and record")
local ordered = db:get("enterprises", 1, { children = { hires = { table = "hires", key = "parent_id", order = "hired_on" } } })
t.is(ordered.hires[1].hired_on, "2025-03-01", "children ordered by a column")

-- where, params, limit, order, queries
local ids = {}
for r in db:rows("enterprises", { where = "id >= ? AND name IS NOT NULL", params = { 2 }, order = "id DESC", limit = 2 }) do
  ids[#ids + 1] = r.id
end
t.is(table.concat(ids, ","), "4,2", "where with params, order and limit")
local q = {}
for r in db:rows("SELECT e.id, count(h.id) AS n FROM enterprises e LEFT JOIN hires h ON h.parent_id = e.id GROUP BY e.id") do
  q[r.id] = r.n
end
t.is(q[1] .. q[2] .. q[3], "210", "a SELECT query")
local d = {}
for r in db:rows("hires", { where = "hired_on < ?", params = { date("2025-05-01") } }) do d[#d + 1] = r.id end
t.is(table.concat(d, ","), "11", "a date parameter binds as its ISO text ('soon' sorts after it)")
t.is(db:count("enterprises"), 4, "count")
t.is(db:count("enterprises", { where = "operating_normally = ?", params = { 1 } }), 1, "count with where and params")
t.is(db:count("SELECT * FROM hires WHERE parent_id = 1"), 2, "count of a query")

-- get
t.is(db:get("enterprises", 2).name, "乙", "get by primary key")
local none, why = db:get("enterprises", 99)
t.ok(none == nil and why == "no record id=99 in table enterprises", "get of a missing key", why)
local bad, bwhy = db:get("enterprises", 3, { types = types })
t.ok(bad == nil and bwhy:find("record id=3, column established_on", 1, true), "get of a record that does not convert", bwhy)
t.is(db:get("hires", "2025-08-01", { key = "hired_on" }).id, 10, "get by another key column")

-- tables, columns
t.is(table.concat(db:tables(), ","), "enterprises,hires,m", "tables")
local cols = db:columns("enterprises")
t.is(cols[1].name .. ":" .. tostring(cols[1].pk) .. "," .. cols[2].name .. ":" .. cols[2].type, "id:true,name:TEXT", "columns")

-- Errors
t.raises(function() db:rows("nope") end, "records: no table 'nope' in ':memory:' (tables: enterprises, hires, m)", "an unknown table lists the tables")
t.raises(function() db:rows('enterprises"; DROP TABLE enterprises; --') end, "no table 'enterprises\"; DROP TABLE enterprises; --'", "a hostile table name is only a name")
t.is(db:count("enterprises"), 4, "  and nothing was dropped")
t.raises(function() db:rows("enterprises", { where = "no_such_column = 1" }) end, "no such column: no_such_column", "a bad where names SQLite's reason")
t.raises(function() db:rows("enterprises", { types = { revenue = "float" } }) end, "types.revenue: unknown type 'float'", "an unknown type")
t.raises(function() db:rows("enterprises", { types = { revnue = "money" } }) end, "types.revnue: table enterprises has no column 'revnue'", "a type for a missing column")
t.raises(function() db:rows("enterprises", { limit = -1 }) end, "option 'limit' must be a non-negative integer", "a bad limit")
t.raises(function() db:rows("enterprises", { children = { h = { table = "hires" } } }) end, "children.h needs table = T and key = COLUMN", "a child list without key")
t.raises(function() db:rows("enterprises", { children = { h = { table = "nope", key = "x" } } }) end, "children.h: no table 'nope'", "a child list of an unknown table")
-- a key column the child table lacks is an error, not lists that are silently empty (SQLite
-- would read "enterprise_id" as a string)
t.raises(function() db:rows("enterprises", { children = { h = { table = "hires", key = "enterprise_id" } } }) end,
  "records: children.h: table hires has no column 'enterprise_id'", "a child list by a column the table lacks")
t.raises(function() db:rows("enterprises", { params = { {} } , where = "id = ?" }) end, "params[1] is a table", "a parameter that cannot bind")
t.raises(function() db:rows("enterprises", { key = "nope" }) end, "table enterprises has no column 'nope' (option 'key')", "an unknown key column")

t.raises(function() db:exec("ATTACH DATABASE ':memory:' AS other") end, "too many attached databases", "a script cannot ATTACH other files")

-- Breaking out of a loop closes its statement: the database can change right after.
for _ in db:rows("enterprises") do break end
t.is(db:exec("DELETE FROM hires WHERE id = 12"), 1, "exec after a loop that broke out")

-- Larger tables stream
db:exec [[CREATE TABLE big (id INTEGER PRIMARY KEY, v INTEGER);
  WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 20000) INSERT INTO big SELECT i, i * 2 FROM s;]]
local n, sum = 0, 0
for r in db:rows("big") do n, sum = n + 1, sum + r.v end
t.is(n, 20000, "20000 records streamed")
t.is(sum, 400020000, "sum of 2i for i = 1..20000 is 20000·20001 = 400020000")

-- open
local ro = assert(records.open(":memory:", { readonly = true }))
t.raises(function() ro:exec("CREATE TABLE x (a)") end, "was opened readonly", "exec on a readonly database")
local plain = assert(records.open(":memory:"))
t.raises(function() plain:exec("CREATE TABLE x (a)") end, "was opened readonly", "read-only unless asked: no options")
plain:close()
local no, nowhy = records.open("/nonexistent/dir/x.db")
t.ok(no == nil and nowhy:find("cannot open '/nonexistent/dir/x.db'", 1, true), "a missing file", nowhy)
local nd, ndwhy = records.open(host.home() .. "/stdlib/data/gbt4754-2017.csv", { readonly = true })
t.ok(nd == nil and ndwhy:find("file is not a database", 1, true), "a file that is not a database", ndwhy)
db:close()
t.raises(function() db:rows("enterprises") end, "the database is closed", "a closed database")
t.is(tostring(db), "records.db ':memory:' (closed)", "tostring")

t.done()
