-- stdlib/workbook.lua: the Excel workbooks of `gazette run --out FILE.xlsx` and `gazette whatif
-- --out FILE.xlsx` (docs/batch.md, docs/repl.md). The host makes the workbook (interp/lua/lxlsx.c:
-- a script cannot) and hands it here with what to put in it; cells are typed by the column's
-- kind (interp/core/xlsx.h: money as exact numbers formatted #,##0.00, dates as dates, text
-- always as text).
--
--   workbook.run(wb, info)      info: db (the finished results, a SQLite file with table
--                               results), measures (ids), stats (the run's counts as
--                               batch_summary.c writes them), options {name, value} pairs
--   workbook.whatif(wb, c, info) c: whatif.compare's result; info: options, measure
local workbook = {}

local MAX_ROWS = 1048576 -- an Excel sheet's rows, the header included

local function fen_text(fen)
  local neg = fen < 0
  local a = neg and -fen or fen
  return ("%s%d.%02d"):format(neg and "-" or "", a // 100, a % 100)
end
workbook.fen_text = fen_text

local function money_text(m)
  if m == nil then return nil end
  if type(m) == "string" then return m end
  return m:plain()
end

-- The kind of a measure output's cells.
local KINDS = { money = "money", date = "date", integer = "integer", ratio = "decimal", decimal = "decimal",
  boolean = "boolean", text = "text" }

-- The columns of a results table: kinds from the measures' declared outputs.
function workbook.result_kinds(columns, measures)
  local out_kind = {}
  for _, M in ipairs(measures) do
    for name, decl in pairs(M.outputs or {}) do
      if out_kind[name] == nil and type(decl) == "table" then out_kind[name] = KINDS[decl.type] or "text" end
    end
  end
  local fixed = { record_id = "integer", measure = "text", status = "text", amount = "money", reasons = "text",
    error = "text" }
  local kinds = {}
  for i, c in ipairs(columns) do kinds[i] = fixed[c] or out_kind[c] or "text" end
  return kinds
end

-- Writes rows (an iterator of arrays of cell text) under a header, on as many sheets named
-- base, base 2, ... as Excel's row limit needs. Returns the number of rows and of sheets.
function workbook.table_sheets(wb, base, columns, kinds, rows)
  local header = {}
  for i = 1, #columns do header[i] = "title" end
  local n, sheets, sh, row = 0, 0, nil, 0
  local function new_sheet()
    if sh then sh:table(1, #columns, row); sh:fit() end
    sheets = sheets + 1
    sh = wb:sheet(sheets == 1 and base or (base .. " " .. sheets))
    sh:row(1, header, columns, #columns)
    row = 1
  end
  new_sheet()
  for values in rows do
    if row == MAX_ROWS then new_sheet() end
    row = row + 1
    sh:row(row, kinds, values, #columns)
    n = n + 1
  end
  sh:table(1, #columns, row)
  sh:fit()
  return n, sheets
end

-- ---- the run's counts (batch_summary.c: "COUNT\tKEY" lines, "!\tRECORD\tMEASURE\tMESSAGE") ----

function workbook.parse_stats(text)
  local s = { status = {}, fen = {}, overflow = {}, reasons = {}, errors = {} }
  for line in (text or ""):gmatch("[^\n]+") do
    if line:sub(1, 2) == "!\t" then
      local rec, m, msg = line:match("^!\t([^\t]*)\t([^\t]*)\t(.*)$")
      if rec then s.errors[#s.errors + 1] = { record = rec, measure = m, message = msg } end
    else
      local n, key = line:match("^(%-?%d+)\t(.*)$")
      n = math.tointeger(tonumber(n))
      if n and key then
        local kind, rest = key:match("^(%a)\t(.*)$")
        if kind == "S" then
          local m, st = rest:match("^(.*)\t([^\t]*)$")
          if m then
            s.status[m] = s.status[m] or {}
            s.status[m][st] = (s.status[m][st] or 0) + n
          end
        elseif kind == "A" then s.fen[rest] = (s.fen[rest] or 0) + n
        elseif kind == "O" then
          local m = rest:match("^A\t(.*)$")
          if m then s.overflow[m] = true end
        elseif kind == "R" then
          local m, rule, clause, why = rest:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
          if m then
            s.reasons[m] = s.reasons[m] or {}
            s.reasons[m][#s.reasons[m] + 1] = { rule = rule, clause = clause, text = why, n = n }
          end
        end
      end
    end
  end
  for _, list in pairs(s.reasons) do
    table.sort(list, function(a, b) if a.n ~= b.n then return a.n > b.n end return a.rule < b.rule end)
  end
  return s
end

local STATUSES = { "eligible", "ineligible", "undetermined", "not_in_force", "error" }

-- A sheet of label/value lines and small tables, written top to bottom.
local function writer(sh)
  local w = { row = 0 }
  function w.line(kinds, values)
    w.row = w.row + 1
    sh:row(w.row, kinds, values, #kinds)
  end
  function w.blank() w.row = w.row + 1 end
  return w
end

local function document_number(M)
  local d = rawget(M, "document")
  return type(d) == "table" and d.number or nil
end

-- ---- gazette run ----

function workbook.run(wb, info)
  local records = require "records"
  local measures = {}
  for i, id in ipairs(info.measures) do measures[i] = measure.load(id) end
  local db = assert(records.open(info.db, { readonly = true }))
  local columns = {}
  for _, c in ipairs(db:columns("results")) do columns[#columns + 1] = c.name end
  local kinds = workbook.result_kinds(columns, measures)
  local big = false -- an amount past 15 significant digits, written as exact text
  local function rows()
    local it = db:rows("SELECT * FROM results ORDER BY rowid")
    return function()
      local r = it()
      if not r then return nil end
      local v = {}
      for i, c in ipairs(columns) do
        local x = r[c]
        if x ~= nil then
          x = tostring(x)
          if kinds[i] == "money" and #x:gsub("[^%d]", ""):gsub("^0+", "") > 15 then big = true end
        end
        v[i] = x
      end
      return v
    end
  end
  local nrows, nsheets = workbook.table_sheets(wb, "results", columns, kinds, rows())
  db:close()

  -- the summary
  local s = workbook.parse_stats(info.stats)
  local sh = wb:sheet("summary")
  local w = writer(sh)
  w.line({ "title" }, { "gazette run" })
  w.line({ "text", "integer" }, { "records", tostring(info.records or nrows) })
  w.line({ "text", "integer" }, { "result rows", tostring(nrows) })
  if nsheets > 1 then
    w.line({ "text", "text" }, { "sheets", ("results to results %d (Excel holds %d rows a sheet)"):format(nsheets, MAX_ROWS) })
  end
  for _, o in ipairs(info.options or {}) do w.line({ "text", o[3] or "text" }, { o[1], o[2] }) end
  for i, M in ipairs(measures) do
    local id = M.id or info.measures[i]
    w.blank()
    w.line({ "title", "title", "title" }, { id, M.title, document_number(M) })
    local doc = rawget(M, "document")
    if type(doc) == "table" then
      w.line({ "text", "text" }, { "document", doc.title })
      w.line({ "text", "text" }, { "issuer", doc.issuer })
    end
    w.line({ "title", "title" }, { "status", "records" })
    local st = s.status[id] or {}
    for _, k in ipairs(STATUSES) do
      if (st[k] or 0) > 0 or k == "eligible" or k == "ineligible" or k == "undetermined" then
        w.line({ "text", "integer" }, { k, tostring(st[k] or 0) })
      end
    end
    for k, n in pairs(st) do
      local known = false
      for _, x in ipairs(STATUSES) do known = known or x == k end
      if not known then w.line({ "text", "integer" }, { k, tostring(n) }) end
    end
    if rawget(M, "amount") == nil then -- dates, a grade, a finding: a total of 0.00 would mislead
      w.line({ "text", "text" }, { "total amount", "none (the measure computes no amount)" })
    elseif s.overflow[id] then
      w.line({ "text", "text" }, { "total amount", "overflow: beyond ±92,233,720,368,547,758.07元" })
    else
      w.line({ "text", "money" }, { "total amount", fen_text(s.fen[id] or 0) })
    end
    local reasons = s.reasons[id] or {}
    if #reasons > 0 then
      w.line({ "title", "title", "title", "title" }, { "top reasons for ineligibility", "clause", "text", "records" })
      for k = 1, math.min(#reasons, 10) do
        local r = reasons[k]
        w.line({ "text", "text", "text", "integer" }, { r.rule, r.clause, r.text, tostring(r.n) })
      end
    end
  end
  if #s.errors > 0 then
    w.blank()
    w.line({ "title", "title", "title" }, { "errors (the first ones)", "measure", "message" })
    for _, e in ipairs(s.errors) do w.line({ "integer", "text", "text" }, { e.record, e.measure, e.message }) end
  end
  w.blank()
  w.line({ "text" }, { "Amounts are numbers formatted #,##0.00, exact to the 分 as Excel shows them (15 significant digits)." })
  if big then
    w.line({ "text" }, { "Some amounts have more than 15 significant digits, more than Excel can hold: they are written as text, exact." })
  end
  sh:fit()
  wb:close()
  return nrows
end

-- ---- gazette whatif ----

local function signed(n) return n end

function workbook.whatif(wb, c, info)
  local M = info.measure
  -- the comparison
  local sh = wb:sheet("comparison")
  local w = writer(sh)
  w.line({ "title", "title", "title", "title" }, { "", "baseline", "reform", "change" })
  for _, k in ipairs(STATUSES) do
    local b, n = c.base.status[k] or 0, c.new.status[k] or 0
    if b > 0 or n > 0 or k == "eligible" or k == "ineligible" then
      w.line({ "text", "integer", "integer", "integer" }, { k, tostring(b), tostring(n), tostring(signed(n - b)) })
    end
  end
  w.line({ "text", "money", "money", "money" },
    { "total amount", money_text(c.base.amount), money_text(c.new.amount), money_text(c.cost_change) })
  w.blank()
  w.line({ "title", "title", "title" }, { "", "records", "amount" })
  w.line({ "text", "integer", "money" }, { "gain", tostring(c.gain.n), money_text(c.gain.amount) })
  w.line({ "text", "integer", "money" }, { "lose", tostring(c.lose.n), money_text(c.lose.amount) })
  w.line({ "text", "integer" }, { "become eligible", tostring(c.became_eligible) })
  w.line({ "text", "integer" }, { "become ineligible", tostring(c.became_ineligible) })
  w.line({ "text", "money" }, { "total cost change", money_text(c.cost_change) })
  sh:fit()

  -- by a field: a table and a bar chart of the change in cost by group
  if c.by then
    local gs = wb:sheet(("by %s"):format(c.by):sub(1, 31))
    local columns = { c.by, "records", "eligible before", "eligible after", "gain", "lose", "become eligible",
      "become ineligible", "amount before", "amount after", "cost change" }
    local kinds = { "text", "integer", "integer", "integer", "integer", "integer", "integer", "integer", "money", "money",
      "money" }
    local header = {}
    for i = 1, #columns do header[i] = "title" end
    gs:row(1, header, columns, #columns)
    local row = 1
    for _, key in ipairs(c.group_order) do
      local x = c.groups[key]
      row = row + 1
      gs:row(row, kinds, { key, tostring(x.n), tostring(x.base_eligible), tostring(x.reform_eligible), tostring(x.gain),
        tostring(x.lose), tostring(x.became_eligible), tostring(x.became_ineligible), money_text(x.base_amount),
        money_text(x.reform_amount), money_text(x.reform_amount - x.base_amount) }, #columns)
    end
    gs:table(1, #columns, row)
    gs:fit()
    if row > 1 then
      wb:bar_chart { data = gs, first = 2, last = row, category = 1, value = 11, into = gs, row = 2, col = #columns + 2,
        title = ("cost change by %s (元)"):format(c.by), name = "cost change" }
    end
  end

  -- examples of changed records
  if #c.changed > 0 then
    local ch = wb:sheet("changed records")
    local cols = { "id", "baseline status", "baseline amount", "reform status", "reform amount" }
    ch:row(1, { "title", "title", "title", "title", "title" }, cols, 5)
    for i, x in ipairs(c.changed) do
      ch:row(i + 1, { "integer", "text", "money", "text", "money" }, { tostring(x.id), x.base_status,
        money_text(x.base_amount), x.reform_status, money_text(x.reform_amount) }, 5)
    end
    ch:table(1, 5, #c.changed + 1)
    ch:fit()
  end

  -- the summary: what was compared
  local ss = wb:sheet("summary")
  local sw = writer(ss)
  sw.line({ "title" }, { "gazette whatif" })
  sw.line({ "title", "title", "title" }, { M.id, M.title, document_number(M) })
  local doc = rawget(M, "document")
  if type(doc) == "table" then
    sw.line({ "text", "text" }, { "document", doc.title })
    sw.line({ "text", "text" }, { "issuer", doc.issuer })
  end
  sw.line({ "text", "integer" }, { "records", tostring(c.base.n) })
  for _, o in ipairs(info.options or {}) do sw.line({ "text", o[3] or "text" }, { o[1], o[2] }) end
  local sets = {}
  for k in pairs(c.reform.set or {}) do sets[#sets + 1] = k end
  table.sort(sets)
  for _, k in ipairs(sets) do sw.line({ "text", "text" }, { "reform: set " .. k, tostring(c.reform.set[k]) }) end
  local its = {}
  for k in pairs(c.reform.interpret or {}) do its[#its + 1] = k end
  table.sort(its)
  for _, k in ipairs(its) do sw.line({ "text", "text" }, { "reform: interpret " .. k, tostring(c.reform.interpret[k]) }) end
  local nerr = math.max(c.base.nerrors, c.new.nerrors)
  if nerr > 0 then
    local e = c.base.errors[1] or c.new.errors[1]
    sw.line({ "text", "integer" }, { "records with errors", tostring(nerr) })
    sw.line({ "text", "text" }, { "first error", ("record %s: %s"):format(tostring(e.id), tostring(e.message)) })
  end
  sw.blank()
  sw.line({ "text" }, { "Amounts are numbers formatted #,##0.00, exact to the 分 as Excel shows them (15 significant digits)." })
  ss:fit()
  wb:close()
end

return workbook
