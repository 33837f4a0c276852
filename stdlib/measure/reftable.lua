-- stdlib/measure/reftable.lua: reference tables kept as data beside a measure (global
-- `reftable`; docs/measures.md, "Reference tables").
--
--   local T = reftable.load("catalogue.csv", {
--     key = "code",                              -- unique; T:get(value)
--     required = {"code", "industry", "body"},   -- no row may leave these empty
--     values = {requirement = {"必须办理", "按需办理"}},
--     pattern = {code = "^%d%d$"},
--     types = {line = "integer"},
--     reached_by = {table = OTHER, on = {"code", "industry"}},  -- checked by gazette lint
--   })
--   T:rows_where{code = "25"}  T:rows()  T:get("25")  #T  T:columns()  T:where(row)  T:unreached()
--
-- A relative name is resolved in the folder of the measure script being loaded. The file is
-- read through host.readfile (stdlib/, policies/ and --path folders only) once per process
-- and checked at every load: a malformed row is an error naming the file and line. Scripts
-- never hold the stored rows: a query returns read-only views, and each load a handle of its
-- own, so no script can change what another reads.
local host = require "host"

local R = {}

local cache = {}     -- resolved path -> parsed file {header, rows, lines, short}
local reads = {}     -- resolved path -> times read from disk (1 once loaded)
local stores = setmetatable({}, { __mode = "k" }) -- handle -> its checked rows

local function short_path(path)
  local home = host.home() .. "/"
  if path:sub(1, #home) == home then return path:sub(#home + 1) end
  return (path:gsub("^%./", ""))
end

local function fail(fmt, ...) error(fmt:format(...), 0) end

-- "policies//x/./t.csv" -> "policies/x/t.csv": one spelling per file (messages, the cache).
local function clean_path(p)
  p = p:gsub("/+", "/")
  repeat local prev = p; p = p:gsub("/%./", "/") until p == prev
  return p
end

-- Where a relative name lives: beside the measure script being loaded.
local function resolve(name)
  if type(name) ~= "string" or name == "" then
    fail("reftable.load: expected the name of a data file (CSV), got %s", type(name))
  end
  if name:sub(1, 1) == "/" then return clean_path(name) end
  local loading = require("measure").current_load()
  if not loading then
    fail("reftable.load: '%s' is relative, and no measure script is being loaded to resolve it against; " ..
      "call reftable.load at the top of the measure script, or give an absolute path", name)
  end
  local dir = loading.full:match("^(.*)/[^/]*$") or "."
  return clean_path(dir .. "/" .. name)
end

local function trim(s) return (s:gsub("^[ \t]+", ""):gsub("[ \t]+$", "")) end

-- RFC 4180 CSV: fields separated by commas, quoted with "..." (a quote doubled inside), which
-- may hold commas and line breaks. Returns header, rows (arrays of strings), lines (the line
-- where each row starts).
local function parse(text, short)
  if text:sub(1, 3) == "\239\187\191" then text = text:sub(4) end -- a UTF-8 BOM (Excel)
  if not utf8.len(text) then
    local _, bad = utf8.len(text)
    local line = select(2, text:sub(1, bad):gsub("\n", "")) + 1
    fail("%s:%d: not UTF-8 text (save the file as CSV UTF-8)", short, line)
  end
  local records, lines = {}, {}
  local pos, line, n = 1, 1, #text
  while pos <= n do
    local fields, start_line = {}, line
    local blank = true
    while true do
      local c = text:sub(pos, pos)
      local field
      if c == '"' then
        blank = false
        local buf, i = {}, pos + 1
        while true do
          local q = text:find('"', i, true)
          if not q then fail("%s:%d: a quoted field is not closed", short, start_line) end
          local piece = text:sub(i, q - 1)
          line = line + select(2, piece:gsub("\n", ""))
          buf[#buf + 1] = piece
          if text:sub(q + 1, q + 1) == '"' then
            buf[#buf + 1] = '"'
            i = q + 2
          else
            pos = q + 1
            break
          end
        end
        field = table.concat(buf)
        local after = text:match("^[ \t]*", pos)
        pos = pos + #after
        local nc = text:sub(pos, pos)
        if nc ~= "," and nc ~= "\n" and nc ~= "\r" and nc ~= "" then
          fail("%s:%d: text after the closing quote of a field", short, line)
        end
      else
        local e = text:find("[,\r\n]", pos)
        field = text:sub(pos, (e or n + 1) - 1)
        if field:find('"', 1, true) then
          fail("%s:%d: a quote inside an unquoted field (quote the whole field and double the quote)", short, line)
        end
        if field ~= "" then blank = false end
        pos = e or n + 1
        field = trim(field)
      end
      fields[#fields + 1] = field
      local sep = text:sub(pos, pos)
      if sep == "," then
        blank = false
        pos = pos + 1
      else
        if sep == "\r" then pos = pos + 1 end
        if text:sub(pos, pos) == "\n" then pos = pos + 1 end
        line = line + 1
        break
      end
    end
    if not blank then
      records[#records + 1] = fields
      lines[#lines + 1] = start_line
    end
  end
  if #records == 0 then fail("%s:1: the file is empty (a header line is needed)", short) end
  local header = table.remove(records, 1)
  local hline = table.remove(lines, 1)
  local seen = {}
  for i, h in ipairs(header) do
    if h == "" then fail("%s:%d: column %d of the header has no name", short, hline, i) end
    if seen[h] then fail("%s:%d: column '%s' appears twice in the header", short, hline, h) end
    seen[h] = i
  end
  for r, fields in ipairs(records) do
    if #fields ~= #header then
      fail("%s:%d: %d fields, but the header has %d (%s)", short, lines[r], #fields, #header,
        table.concat(header, ","))
    end
  end
  return { header = header, index = seen, records = records, lines = lines, short = short, hline = hline }
end

local function read(path)
  local f = cache[path]
  if f then return f end
  local text, err = host.readfile(path)
  if not text then fail("reftable.load: cannot read %s", tostring(err)) end
  reads[path] = (reads[path] or 0) + 1
  f = parse(text, short_path(path))
  cache[path] = f
  return f
end

-- ---- rows: read-only views ----

local ROW_NAME = "reftable row"

-- One metatable per stored row, made on first use: views share it and hold nothing.
local function row_meta(store, i)
  local mts = store.row_mts
  local mt = mts[i]
  if mt then return mt end
  local file, header, index, values = store.file, store.file.header, store.file.index, store.values[i]
  local line = file.lines[i]
  mt = {
    __index = function(_, k)
      local c = index[k]
      if not c then
        error(("%s:%d: no column '%s' (columns: %s)"):format(file.short, line, tostring(k),
          table.concat(header, ", ")), 2)
      end
      return values[c]
    end,
    __newindex = function(_, k)
      error(("%s:%d: reference table rows are read-only (assignment to '%s')"):format(file.short, line,
        tostring(k)), 2)
    end,
    __pairs = function()
      local c = 0
      return function()
        c = c + 1
        if header[c] then return header[c], values[c] end
      end
    end,
    __len = function() return #header end,
    __tostring = function() return ("%s:%d"):format(file.short, line) end,
    __metatable = ROW_NAME,
  }
  mts[i] = mt
  return mt
end

local function view(store, i) return setmetatable({}, row_meta(store, i)) end

-- ---- checks at load ----

local function list_of(v, what)
  if v == nil then return {} end
  if type(v) == "string" then return { v } end
  if type(v) ~= "table" then fail("reftable.load: '%s' must be a column name or a list of them", what) end
  return v
end

local function need_column(file, col, what)
  if not file.index[col] then
    fail("%s:%d: no column '%s' (named by %s); the header has: %s", file.short, file.hline, tostring(col), what,
      table.concat(file.header, ", "))
  end
  return file.index[col]
end

local OPTS = { key = true, required = true, values = true, pattern = true, types = true, reached_by = true }

-- The rows of a file checked and converted for these options: the store a handle reads.
local function build(file, opts)
  for k in pairs(opts) do
    if not OPTS[k] then
      fail("reftable.load: unknown option '%s' (key, required, values, pattern, types, reached_by)", tostring(k))
    end
  end
  local short, lines = file.short, file.lines
  local required = list_of(opts.required, "required")
  local req_cols = {}
  for i, col in ipairs(required) do req_cols[i] = need_column(file, col, "required") end
  local checks = {}
  for col, allowed in pairs(opts.values or {}) do
    if type(allowed) ~= "table" or #allowed == 0 then fail("reftable.load: values.%s must be a list of the allowed values", tostring(col)) end
    local set = {}
    for _, a in ipairs(allowed) do set[a] = true end
    checks[#checks + 1] = { need_column(file, col, "values"), function(v) return v == "" or set[v] end,
      function(v) return ("column '%s' is '%s'; allowed: %s"):format(col, v, table.concat(allowed, ", ")) end }
  end
  for col, pat in pairs(opts.pattern or {}) do
    if type(pat) ~= "string" then fail("reftable.load: pattern.%s must be a Lua pattern", tostring(col)) end
    checks[#checks + 1] = { need_column(file, col, "pattern"), function(v) return v == "" or v:find(pat) ~= nil end,
      function(v) return ("column '%s' is '%s', which does not match %s"):format(col, v, pat) end }
  end
  local conv = {}
  for col, ty in pairs(opts.types or {}) do
    if ty ~= "integer" and ty ~= "text" then
      fail("reftable.load: types.%s is '%s'; types: integer, text", tostring(col), tostring(ty))
    end
    if ty == "integer" then conv[#conv + 1] = { need_column(file, col, "types"), col } end
  end
  table.sort(checks, function(a, b) return a[1] < b[1] end)

  local values = {}
  for r, rec in ipairs(file.records) do
    local line = lines[r]
    for i, c in ipairs(req_cols) do
      if rec[c] == "" then
        fail("%s:%d: column '%s' is empty; every row needs %s", short, line, required[i], table.concat(required, ", "))
      end
    end
    for _, ch in ipairs(checks) do
      local v = rec[ch[1]]
      if not ch[2](v) then fail("%s:%d: %s", short, line, ch[3](v)) end
    end
    local row = {}
    for c = 1, #rec do row[c] = rec[c] end
    for _, cv in ipairs(conv) do
      local v = row[cv[1]]
      if v ~= "" then
        local n = v:match("^%-?%d+$") and math.tointeger(tonumber(v))
        if not n then fail("%s:%d: column '%s' is '%s', not a whole number", short, line, cv[2], v) end
        row[cv[1]] = n
      else
        row[cv[1]] = nil
      end
    end
    values[r] = row
  end

  local store = { file = file, values = values, row_mts = {}, by = {} }
  if opts.key ~= nil then
    if type(opts.key) ~= "string" then fail("reftable.load: key must be one column name") end
    local c = need_column(file, opts.key, "key")
    local first = {}
    for r, row in ipairs(values) do
      local k = row[c]
      if k == nil or k == "" then fail("%s:%d: the key column '%s' is empty", short, lines[r], opts.key) end
      if first[k] then
        fail("%s:%d: key %s = '%s' again (first at line %d); keys are unique", short, lines[r], opts.key,
          tostring(k), lines[first[k]])
      end
      first[k] = r
    end
    store.key, store.key_index = opts.key, first
  end
  if opts.reached_by ~= nil then
    local rb = opts.reached_by
    if type(rb) ~= "table" or not R.is_table(rb.table) then
      fail("reftable.load: reached_by = {table = OTHER_TABLE (from reftable.load), on = {columns...}}")
    end
    local on = list_of(rb.on, "reached_by.on")
    if #on == 0 then fail("reftable.load: reached_by.on names the columns both tables share") end
    for _, col in ipairs(on) do
      need_column(file, col, "reached_by.on")
      need_column(stores[rb.table].file, col, "reached_by.on of " .. file.short)
    end
    store.reached_by = { target = rb.table, on = on }
  end
  return store
end

-- ---- handles ----

local Handle = {}

local function store_of(T, what)
  local s = stores[T]
  if not s then error(("%s: expected a reference table (from reftable.load)"):format(what), 3) end
  return s
end

function R.is_table(v) return stores[v] ~= nil end

-- T:rows() -> every row, in file order
function Handle.rows(T)
  local s = store_of(T, "rows")
  local out = {}
  for i = 1, #s.values do out[i] = view(s, i) end
  return out
end

-- The row numbers with these values in col, built once per column and store.
local function by_column(s, col)
  local idx = s.by[col]
  if idx then return idx end
  local c = s.file.index[col]
  idx = {}
  for r, row in ipairs(s.values) do
    local v = row[c]
    local list = idx[v]
    if not list then list = {}; idx[v] = list end
    list[#list + 1] = r
  end
  s.by[col] = idx
  return idx
end

-- T:rows_where{col = value, ...} -> the rows where every col equals value, in file order
function Handle.rows_where(T, cond)
  local s = store_of(T, "rows_where")
  if type(cond) ~= "table" or next(cond) == nil then
    error("rows_where: expected {column = value, ...}", 2)
  end
  local cols = {}
  for col in pairs(cond) do
    if not s.file.index[col] then
      error(("rows_where: %s has no column '%s' (columns: %s)"):format(s.file.short, tostring(col),
        table.concat(s.file.header, ", ")), 2)
    end
    cols[#cols + 1] = col
  end
  table.sort(cols)
  -- candidates from the first column's index, then filtered on the others
  local first = by_column(s, cols[1])[cond[cols[1]]] or {}
  local out = {}
  for _, r in ipairs(first) do
    local row, ok = s.values[r], true
    for j = 2, #cols do
      if row[s.file.index[cols[j]]] ~= cond[cols[j]] then ok = false; break end
    end
    if ok then out[#out + 1] = view(s, r) end
  end
  return out
end

-- T:get(key) -> the row with that key, or nil
function Handle.get(T, k)
  local s = store_of(T, "get")
  if not s.key then error(("get: %s was loaded without a key column"):format(s.file.short), 2) end
  local r = s.key_index[k]
  return r and view(s, r) or nil
end

-- T:columns() -> the header, in order
function Handle.columns(T)
  local s = store_of(T, "columns")
  return table.move(s.file.header, 1, #s.file.header, 1, {})
end

-- T:where(row) -> "FILE:LINE" of a row this table returned (a view's tostring)
function Handle.where(T, row)
  local s = store_of(T, "where")
  local w = type(row) == "table" and getmetatable(row) == ROW_NAME and tostring(row)
  if not w or w:sub(1, #s.file.short + 1) ~= s.file.short .. ":" then error("where: not a row of this table", 2) end
  return w
end

-- T:unreached() -> {{line=, where=, values={col=...}}, ...}: rows no row of reached_by.table
-- matches on the reached_by.on columns (empty when reached_by was not given)
function Handle.unreached(T)
  local s = store_of(T, "unreached")
  local rb = s.reached_by
  if not rb then return {} end
  local ts = stores[rb.target]
  local seen = {}
  for _, row in ipairs(ts.values) do
    local parts = {}
    for i, col in ipairs(rb.on) do
      local c = ts.file.index[col]
      if not c then
        error(("reached_by: %s has no column '%s'"):format(ts.file.short, col), 2)
      end
      parts[i] = tostring(row[c])
    end
    seen[table.concat(parts, "\0")] = true
  end
  local out = {}
  for r, row in ipairs(s.values) do
    local parts, vals = {}, {}
    for i, col in ipairs(rb.on) do
      local v = row[s.file.index[col]]
      parts[i] = tostring(v)
      vals[col] = v
    end
    if not seen[table.concat(parts, "\0")] then
      out[#out + 1] = { line = s.file.lines[r], where = ("%s:%d"):format(s.file.short, s.file.lines[r]),
        values = vals }
    end
  end
  return out
end

-- Lint findings ("FILE:LINE: message") for a table: its unreached rows.
function R.lint(T)
  local s = stores[T]
  if not s or not s.reached_by then return {} end
  local out = {}
  local target = stores[s.reached_by.target].file.short
  for _, u in ipairs(Handle.unreached(T)) do
    local parts = {}
    for _, col in ipairs(s.reached_by.on) do parts[#parts + 1] = ("%s = '%s'"):format(col, tostring(u.values[col])) end
    out[#out + 1] = ("%s: row reached by no row of %s (none has %s)"):format(u.where, target,
      table.concat(parts, " and "))
  end
  return out
end

local handle_mt = {
  __index = function(T, k)
    local m = Handle[k]
    if m then return m end
    local s = stores[T]
    if k == "file" then return s.file.short end
    error(("reference table %s has no field '%s' (rows, rows_where, get, columns, where, unreached, file)")
      :format(s.file.short, tostring(k)), 2)
  end,
  __newindex = function(T, k)
    error(("reference table %s is read-only (assignment to '%s')"):format(stores[T].file.short, tostring(k)), 2)
  end,
  __len = function(T) return #stores[T].values end,
  __tostring = function(T) return ("reference table %s (%d rows)"):format(stores[T].file.short, #stores[T].values) end,
  __metatable = "reference table",
}

-- reftable.load(name, opts) -> a handle of its own on the rows of the file
function R.load(name, opts)
  if opts ~= nil and type(opts) ~= "table" then fail("reftable.load: options must be a table") end
  local path = resolve(name)
  local file = read(path)
  local store = build(file, opts or {})
  local T = setmetatable({}, handle_mt)
  stores[T] = store
  local loading = require("measure").current_load()
  if loading then loading.tables[#loading.tables + 1] = T end
  return T
end

-- reftable.reads(path) -> how many times the file was read from disk (1 once it is cached)
function R.reads(name)
  local path = name:sub(1, 1) == "/" and name or resolve(name)
  return reads[path] or 0
end

return R
