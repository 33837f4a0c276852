-- stdlib/measure/lint.lua: static checks of measure scripts and workflows (gazette lint).
--
-- Loading a script already checks the declaration, rule clauses and tier tables (a failure is
-- a finding). The rest reads the source: rules read the record as `r.NAME`, set outputs as
-- `out.NAME = ...`, and reach parameters as `p.NAME` / `param("NAME")` and interpretations as
-- `interpret("NAME")`, the conventions of docs/measures.md.
local host = require "host"

local L = {}

local function escape(s) return (s:gsub("%p", "%%%0")) end

local function lines_of(src)
  local out, n = {}, 0
  for line in (src .. "\n"):gmatch("(.-)\r?\n") do
    n = n + 1
    out[n] = line
  end
  return out
end

-- Code of a line without its comment (a rough cut: `--` outside a string).
local function code(line)
  local s = line:gsub('"[^"]*"', function(q) return ('"'):rep(#q) end)
  local c = s:find("%-%-")
  return c and line:sub(1, c - 1) or line
end

-- The measures (out) and workflows (wfs, *.workflow.lua) under path, or path itself.
local function collect(path, out, wfs)
  if host.listdir(path) then
    for _, e in ipairs(host.listdir(path)) do
      local p = path .. "/" .. e.name
      if e.dir then collect(p, out, wfs)
      elseif e.name:match("%.workflow%.lua$") then wfs[#wfs + 1] = p
      elseif e.name:match("%.lua$") and not e.name:match("_test%.lua$") then
        local src = host.readfile(p)
        if src and measure.is_measure_source(src) then out[#out + 1] = p end
      end
    end
  elseif path:match("%.workflow%.lua$") then
    wfs[#wfs + 1] = path
  else
    out[#out + 1] = path
  end
end

local function at(where) return where or "?" end

-- Writes to the globals or to a library (string.format = f, sme.classify = f, rawset(_G, ...),
-- setmetatable(string, ...)): the sandbox refuses them when they run (docs/sandbox.md); lint
-- says so before. The library names are the globals that hold tables.
local LIBRARIES
local function library_writes(c, i, add)
  if not LIBRARIES then
    LIBRARIES = { "_G" }
    for name, v in pairs(_G) do
      if type(v) == "table" and type(name) == "string" and name ~= "_G" then LIBRARIES[#LIBRARIES + 1] = name end
    end
    table.sort(LIBRARIES)
  end
  for _, lib in ipairs(LIBRARIES) do
    if c:find(lib, 1, true) then
      local e = escape(lib)
      local target = c:match("%f[%w_]" .. e .. "(%.[%w_%.]+)%s*=[^=]") or c:match("%f[%w_]" .. e .. "(%b[])%s*=[^=]")
      if target then
        add(i, "assigns %s%s: the standard library and the globals are read-only (docs/sandbox.md)", lib, target)
      end
      local fn = c:match("(rawset)%s*%(%s*" .. e .. "%s*,") or c:match("(setmetatable)%s*%(%s*" .. e .. "%s*,")
      if fn then add(i, "%s(%s, ...): the standard library and the globals are read-only (docs/sandbox.md)", fn, lib) end
    end
  end
end

function L.check_file(path, findings, ids)
  local short = measure.short_path(path)
  local function add(line, fmt, ...)
    findings[#findings + 1] = ("%s:%s: %s"):format(short, tostring(line), fmt:format(...))
  end
  local function add_at(where, fmt, ...)
    findings[#findings + 1] = ("%s: %s"):format(at(where), fmt:format(...))
  end
  local ok, M = pcall(measure.load_file, path, true)
  if not ok then
    local msg = tostring(M)
    if msg:sub(1, #short) == short then findings[#findings + 1] = msg .. " (the script does not load)"
    else findings[#findings + 1] = ("%s: does not load: %s"):format(short, msg) end
    return
  end
  if ids[M.id] then
    add_at(M.where, "id '%s' is also declared by %s", M.id, ids[M.id])
  else
    ids[M.id] = short
  end
  local src = M.source or host.readfile(path) or ""
  local lines = lines_of(src)
  local reads, sets, params, interps, weighed = {}, {}, {}, {}, {}
  for i, line in ipairs(lines) do
    local c = code(line)
    for name in c:gmatch("%f[%w_]r%.([%a_][%w_]*)") do
      reads[name] = reads[name] or i
      if not M.inputs[name] then
        add(i, "reads r.%s, which is not a declared input of %s", name, M.id)
      end
    end
    for name in c:gmatch("%f[%w_]r%[%s*\"([%a_][%w_]*)\"%s*%]") do reads[name] = reads[name] or i end
    -- sme.classify(r) reads the record's industry code and the indicators its industry uses
    if c:find("sme%.classify%s*%(%s*r%s*%)") then
      for _, name in ipairs { "industry_code", "employees", "revenue", "total_assets" } do reads[name] = reads[name] or i end
    end
    for name in c:gmatch("%f[%w_]r%.([%a_][%w_]*)%s*=[^=]") do
      add(i, "assigns r.%s: the record is read-only", name)
    end
    for name in c:gmatch("%f[%w_]out%.([%a_][%w_]*)%s*=[^=]") do sets[name] = true end
    for name in c:gmatch("%f[%w_]out%[%s*\"([%a_][%w_]*)\"%s*%]%s*=[^=]") do sets[name] = true end
    for name in c:gmatch("%f[%w_]p%.([%a_][%w_]*)") do params[name] = true end
    for name in c:gmatch("ctx:param%s*%(%s*\"([^\"]+)\"") do params[name] = true end
    for name in c:gmatch("ctx:param%s*%(%s*'([^']+)'") do params[name] = true end
    for name in c:gmatch("interpret%s*%(%s*\"([^\"]+)\"") do interps[name] = true end
    for name in c:gmatch("interpret%s*%(%s*'([^']+)'") do interps[name] = true end
    for name in c:gmatch("highest%s*%(%s*\"([^\"]+)\"") do weighed[name] = true end
    for name in c:gmatch("highest%s*%(%s*'([^']+)'") do weighed[name] = true end
    library_writes(c, i, add)
  end
  -- a list that a selection runs over (M:each) is read by it
  for _, S in ipairs(M.eachs or {}) do reads[S.list] = reads[S.list] or true end
  for _, name in ipairs(M.input_names) do
    if not reads[name] then
      add_at(M.where, "input '%s' is declared but never read (no r.%s in a rule or the amount)", name, name)
    end
  end
  -- every input is a canonical field, derived from them, or declared measure-specific
  -- (the shared vocabulary: stdlib/fields.lua, docs/fields.md)
  local fields = require "fields"
  local decl_line = tonumber(tostring(M.where):match(":(%d+)$")) or 1
  for _, name in ipairs(M.input_names) do
    local kind, why = fields.classify(M, name)
    if not kind then
      local at = decl_line
      for i = decl_line, #lines do
        if code(lines[i]):match("^%s*" .. escape(name) .. "%s*=%s*{") then at = i; break end
      end
      add(at, "%s", why)
    end
  end
  for _, name in ipairs(M.output_names) do
    if not sets[name] then add_at(M.compute_where or M.where, "output '%s' is never set (no out.%s = ...)", name, name) end
  end
  if M.amount and not M.computer then add_at(M.where, "the amount '%s' is declared but there is no M:compute", M.amount) end
  for _, name in ipairs(M.param_order) do
    local P = M.params[name]
    for i, e in ipairs(P.values) do
      if type(e.clause) ~= "string" or e.clause:match("^%s*$") then
        add_at(P.where, "parameter '%s' value %d (from %s) cites no clause", name, i, tostring(e.from))
      end
    end
    if not params[name] then add_at(P.where, "parameter '%s' is never used (no p.%s or param(\"%s\"))", name, name, name) end
  end
  for _, name in ipairs(M.interp_order) do
    if not interps[name] then
      add_at(M.interps[name].where, "interpretation '%s' is never consulted (no ctx:interpret(\"%s\"))", name, name)
    end
  end
  for _, name in ipairs(M.alt_order or {}) do
    if not weighed[name] then
      add_at(M.alts[name].where, "alternatives '%s' are never weighed (no ctx:highest(\"%s\", ...))", name, name)
    end
  end
  for _, rule in ipairs(M.rules) do
    if type(rule.text) ~= "string" or rule.text:match("^%s*$") then
      add_at(rule.where, "rule '%s' has no text saying what it requires", rule.name)
    end
  end
  for _, S in ipairs(M.eachs or {}) do
    for _, rule in ipairs(S.rules) do
      if type(rule.text) ~= "string" or rule.text:match("^%s*$") then
        add_at(rule.where, "each '%s' rule '%s' has no text saying what it requires", S.name, rule.name)
      end
    end
  end
  L.check_lines(M, add_at)
  -- reference tables the script loaded: rows no row of the table they belong to reaches
  -- (once, when several measures load the same table)
  local reftable = require "measure.reftable"
  for _, T in ipairs(M.tables or {}) do
    for _, f in ipairs(reftable.lint(T)) do
      local dup = false
      for _, g in ipairs(findings) do if g == f then dup = true; break end end
      if not dup then findings[#findings + 1] = f end
    end
  end
  if #M.cases == 0 then add_at(M.where, "measure %s has no test cases (M:case{...})", M.id) end
  if not M.valid.from then add_at(M.where, "measure %s has no valid.from (the date it takes effect)", M.id) end
end

-- document.source names the document's lines in a gazette text under policies/gazettes/;
-- every `lines` of a rule or parameter value must fall inside them.
local gazette_lines = {}
local function count_lines(file)
  if gazette_lines[file] == nil then
    local src = host.readfile(host.home() .. "/policies/" .. file)
    local n = 0 -- lines: newlines, and one more for a last line without one
    if src then n = select(2, src:gsub("\n", "\n")) + ((#src > 0 and src:sub(-1) ~= "\n") and 1 or 0) end
    gazette_lines[file] = src and n or false
  end
  return gazette_lines[file]
end

function L.check_lines(M, add_at)
  local doc = M.document
  if not doc.source_file then return end
  local n = count_lines(doc.source_file)
  if not n then
    add_at(M.where, "document.source names %s, which is not under policies/", doc.source_file)
    return
  end
  if doc.source_last > n then
    add_at(M.where, "document.source: line %d is past the end of %s (%d lines)", doc.source_last, doc.source_file, n)
  end
  local declare = require "measure.declare"
  local function inside(what, where, lines)
    if lines == nil then return end
    local a, b = declare.parse_lines(lines)
    if a and (a < doc.source_first or b > doc.source_last) then
      add_at(where, "%s cites lines %s, outside the document's lines %d-%d of %s", what, tostring(lines),
        doc.source_first, doc.source_last, doc.source_file)
    end
  end
  -- every rule and parameter value names its lines, as the document does (a value taken from
  -- another document, `document = ...`, names lines only when that text is in the same file,
  -- and then anywhere in it)
  local function cited(what, where, lines)
    if lines == nil then add_at(where, "%s gives no lines of %s (the text it encodes)", what, doc.source_file) end
  end
  for _, rule in ipairs(M.rules) do
    inside(("rule '%s'"):format(rule.name), rule.where, rule.lines)
    cited(("rule '%s'"):format(rule.name), rule.where, rule.lines)
  end
  for _, S in ipairs(M.eachs or {}) do
    inside(("each '%s'"):format(S.name), S.where, S.lines)
    for _, rule in ipairs(S.rules) do
      inside(("each '%s' rule '%s'"):format(S.name, rule.name), rule.where, rule.lines)
      cited(("each '%s' rule '%s'"):format(S.name, rule.name), rule.where, rule.lines)
    end
  end
  for _, name in ipairs(M.param_order) do
    local P = M.params[name]
    for i, e in ipairs(P.values) do
      local what = ("parameter '%s' value %d"):format(name, i)
      if e.document == nil then
        inside(what, P.where, e.lines)
        cited(what, P.where, e.lines)
      elseif e.lines ~= nil then
        local a, b = declare.parse_lines(e.lines)
        if a and b > n then
          add_at(P.where, "%s cites lines %s, past the end of %s (%d lines)", what, tostring(e.lines), doc.source_file, n)
        end
      end
    end
  end
  for _, name in ipairs(M.alt_order or {}) do
    local A = M.alts[name]
    inside(("alternatives '%s'"):format(name), A.where, A.lines)
    for _, o in ipairs(A.options) do inside(("alternative '%s' of '%s'"):format(o.name, name), A.where, o.lines) end
  end
end

-- A workflow file: it loads (workflow.load checks the definition), its id is its own, and
-- workflow.check_sources finds its source and every state's, event's and deadline's lines in the
-- gazette text (docs/workflows.md). Findings read "FILE: workflow ID: ...".
function L.check_workflow(path, findings, ids)
  local short = measure.short_path(path)
  local ok, d = pcall(require("workflow").load, path)
  if not ok then -- "FILE:LINE: why" for an error in the file, "FILE: why" for its definition
    local msg = tostring(d)
    local line, why = msg:match("^" .. escape(short) .. ":(%d+): (.*)$")
    if line then findings[#findings + 1] = ("%s:%s: %s"):format(short, line, why)
    else
      msg = msg:gsub("^[%w_%./%-]+%.lua:%d+: ", ""):gsub("^" .. escape(short) .. " ", "")
      findings[#findings + 1] = ("%s: %s"):format(short, msg)
    end
    return
  end
  if ids[d.id] then
    findings[#findings + 1] = ("%s: workflow id '%s' is also declared by %s"):format(short, d.id, ids[d.id])
  end
  ids[d.id] = short
  for _, f in ipairs(require("workflow").check_sources(d)) do findings[#findings + 1] = ("%s: %s"):format(short, f) end
end

-- L.run(paths) -> findings (strings), number of measure files, number of workflow files
function L.run(paths)
  local files, wfs = {}, {}
  for _, p in ipairs(paths) do collect(p, files, wfs) end
  table.sort(wfs)
  local findings, ids, wids = {}, {}, {}
  for _, f in ipairs(files) do L.check_file(f, findings, ids) end
  for _, f in ipairs(wfs) do L.check_workflow(f, findings, wids) end
  return findings, #files, #wfs
end

return L
