-- stdlib/measure/cli.lua: the commands eval, test, list, lint and match (interp/cmd/cmd_*.c call main).
-- Each returns an exit code (0 done, 1 something failed, 2 a usage or input error), a message for stderr or nil, and for test
-- the Lua test files the host runs after the measure cases.
local json = require "json"
local host = require "host"
local dates = require "dates"
local result = require "measure.result"
local cases = require "measure.cases"

local CLI = {}

local function usage(cmd, msg) return 2, ("%s\nTry 'gazette help %s'."):format(msg, cmd) end

-- Options: spec[name] = "value" | "multi" | "flag". Returns opts, positionals | nil, message.
local function parse(args, spec)
  local opts, pos = {}, {}
  local i = 1
  while args[i] do
    local a = args[i]
    local name, val = a:match("^(%-%-?[%w%-]+)=(.*)$")
    name = name or a
    local kind = spec[name]
    if kind == nil and a:sub(1, 1) == "-" and a ~= "-" then return nil, ("unknown option '%s'"):format(a) end
    if kind == nil then
      pos[#pos + 1] = a
    elseif kind == "flag" then
      if val then return nil, ("option %s takes no value"):format(name) end
      opts[name] = true
    else
      if not val then
        i = i + 1
        val = args[i]
        if val == nil then return nil, ("option %s needs a value"):format(name) end
      end
      if kind == "multi" then
        opts[name] = opts[name] or {}
        table.insert(opts[name], val)
      else
        if opts[name] then return nil, ("option %s given twice"):format(name) end
        opts[name] = val
      end
    end
    i = i + 1
  end
  return opts, pos
end

-- "NAME=VALUE" pairs -> table
local function pairs_of(list, opt)
  local t = {}
  for _, s in ipairs(list or {}) do
    local k, v = s:match("^([^=]+)=(.*)$")
    if not k or k == "" then return nil, ("%s expects NAME=VALUE, got '%s'"):format(opt, s) end
    if t[k] ~= nil then return nil, ("%s %s given twice"):format(opt, k) end
    t[k] = v
  end
  return t
end

-- Today in China Standard Time (UTC+8), the default evaluation date of every command (host.today).
local today = host.today
CLI.today = today

local function is_unknown(msg) return tostring(msg):find("^unknown measure") ~= nil end

function CLI.eval(args)
  local opts, pos = parse(args, { ["--input"] = "value", ["--as-of"] = "value", ["--set"] = "multi",
    ["--interpret"] = "multi", ["--json"] = "flag", ["--explain"] = "flag" })
  if not opts then return usage("eval", pos) end
  if #pos == 0 then return usage("eval", "which measure? give its id (see 'gazette list') or the path of its script") end
  if #pos > 1 then return usage("eval", ("one measure at a time; got '%s' and '%s'"):format(pos[1], pos[2])) end
  if not opts["--input"] then return usage("eval", "--input FILE.json (or - for standard input) is required") end
  local name = opts["--input"] == "-" and "standard input" or opts["--input"]
  local record, jerr = json.decode(args.input_text or "")
  if record == nil then return 2, ("%s: malformed JSON: %s"):format(name, jerr) end
  -- a number a double cannot carry (more digits than it holds) is refused, naming its field,
  -- as case --data refuses it: the measure reads a JSON float through its shortest form
  local exact, why = json.exact_numbers(args.input_text)
  if not exact then return 2, ("%s: %s"):format(name, why) end
  if type(record) ~= "table" or getmetatable(record) ~= nil then
    return 2, ("%s: expected a JSON object of the measure's inputs, e.g. {\"employees\": 45}"):format(name)
  end
  local as_of = today()
  if opts["--as-of"] then
    local d, err = dates.parse(opts["--as-of"])
    if not d then return usage("eval", ("--as-of: %s"):format(err)) end
    as_of = d
  end
  local set, e1 = pairs_of(opts["--set"], "--set")
  if not set then return usage("eval", e1) end
  local interp, e2 = pairs_of(opts["--interpret"], "--interpret")
  if not interp then return usage("eval", e2) end

  local ok, M = pcall(measure.load, pos[1])
  if not ok then return is_unknown(M) and 2 or 1, tostring(M) end
  local warnings = {}
  -- the canonical fields the measure derives inputs from are read (stdlib/fields.lua)
  local sources = {}
  for _, f in ipairs(require("fields").sources(M)) do sources[f] = true end
  for k in pairs(record) do
    if not M.inputs[k] and not sources[k] then
      local hint = require("measure.coerce").did_you_mean(k, M.inputs)
      warnings[#warnings + 1] = ("warning: %s: '%s' is not an input of %s; ignored%s"):format(name, k, M.id,
        hint and (" (did you mean '" .. hint .. "'?)") or "")
    end
  end
  table.sort(warnings)
  local okp, ev = pcall(M.prepare, M, { as_of = as_of, set = next(set) and set, interpret = interp,
    explain = opts["--explain"] })
  if not okp then return 2, tostring(ev) end
  local okc, cerr = pcall(M.coerce, M, record)
  if not okc then return 2, ("%s: %s"):format(name, tostring(cerr)) end
  local oke, res = pcall(ev, record)
  if not oke then return 1, tostring(res) end
  if opts["--json"] then
    print(json.encode(result.to_json(res)))
  else
    print(result.explain(res))
  end
  if #warnings > 0 then return 0, table.concat(warnings, "\n") end
  return 0
end

local function width(s)
  local w = 0
  for _, c in utf8.codes(s) do w = w + ((c >= 0x1100 and (c <= 0x115f or (c >= 0x2e80 and c <= 0xa4cf) or
    (c >= 0xac00 and c <= 0xd7a3) or (c >= 0xf900 and c <= 0xfaff) or (c >= 0xfe30 and c <= 0xfe4f) or
    (c >= 0xff00 and c <= 0xff60) or (c >= 0xffe0 and c <= 0xffe6) or c >= 0x20000)) and 2 or 1) end
  return w
end
local function pad(s, n) return s .. string.rep(" ", math.max(0, n - width(s))) end

function CLI.list(args)
  local opts, pos = parse(args, { ["--json"] = "flag" })
  if not opts then return usage("list", pos) end
  if #pos > 0 then return usage("list", ("unexpected argument '%s'"):format(pos[1])) end
  local list, errors = measure.list()
  if opts["--json"] then
    local arr = json.array()
    for i, m in ipairs(list) do
      arr[i] = setmetatable({ id = m.id, title = m.title, number = m.number, issuer = m.issuer,
        valid = setmetatable({ from = result.plain(m.valid.from), to = result.plain(m.valid.to) }, { __jsonorder = { "from", "to" } }),
        entity = m.entity, path = m.path },
        { __jsonorder = { "id", "title", "number", "issuer", "valid", "entity", "path" } })
    end
    print(json.encode(arr))
  else
    local rows = { { "id", "title", "number", "issuer", "valid" } }
    for _, m in ipairs(list) do
      rows[#rows + 1] = { m.id, m.title, m.number or "", m.issuer or "",
        ("%s..%s"):format(m.valid.from and tostring(m.valid.from) or "", m.valid.to and tostring(m.valid.to) or "") }
    end
    local w = {}
    for _, r in ipairs(rows) do for j, c in ipairs(r) do w[j] = math.max(w[j] or 0, width(c)) end end
    for _, r in ipairs(rows) do
      local cells = {}
      for j, c in ipairs(r) do cells[j] = j < #r and pad(c, w[j]) or c end
      print(table.concat(cells, "  "))
    end
    print(("%d measure%s"):format(#list, #list == 1 and "" or "s"))
  end
  if #errors > 0 then
    local msgs = {}
    for i, e in ipairs(errors) do msgs[i] = ("cannot load %s: %s"):format(e.path, e.message) end
    return 1, table.concat(msgs, "\n")
  end
  return 0
end

-- ---- test ----

local function exists(path)
  if host.listdir(path) then return "dir" end
  if host.readfile(path) then return "file" end
end

local function collect(path, measures, files)
  local kind = exists(path)
  if kind == "dir" then
    for _, e in ipairs(host.listdir(path)) do
      local p = path .. "/" .. e.name
      if e.dir then collect(p, measures, files)
      elseif e.name:match("_test%.lua$") then files[#files + 1] = p
      elseif e.name:match("%.lua$") and not e.name:match("%.workflow%.lua$") then
        local src = host.readfile(p)
        if src and measure.is_measure_source(src) then measures[#measures + 1] = p end
      end
    end
  elseif path:match("_test%.lua$") then
    files[#files + 1] = path
  else
    measures[#measures + 1] = path
  end
end

-- The folders `test` and `lint` read when no PATH is given: policies/ (and stdlib/ for test),
-- then every --path folder, each once.
local function default_roots(with_stdlib)
  local roots, seen = {}, {}
  local function add(p)
    local key = p:gsub("/+$", "")
    if not seen[key] and exists(p) == "dir" then
      seen[key] = true
      roots[#roots + 1] = p
    end
  end
  add(host.home() .. "/policies")
  if with_stdlib then add(host.home() .. "/stdlib") end
  local all = host.roots()
  for i = 3, #all do add(all[i]) end
  return roots
end

-- Drops a file already listed under another spelling of its path.
local function unique(list)
  local out, seen = {}, {}
  for _, p in ipairs(list) do
    local key = measure.short_path(p):gsub("//+", "/")
    if not seen[key] then
      seen[key] = true
      out[#out + 1] = p
    end
  end
  return out
end

function CLI.test(args)
  local opts, pos = parse(args, { ["-v"] = "flag", ["--verbose"] = "flag" })
  if not opts then return usage("test", pos) end
  local verbose = opts["-v"] or opts["--verbose"]
  local measures, files = {}, {}
  if #pos == 0 then
    for _, root in ipairs(default_roots(true)) do collect(root, measures, files) end
    measures, files = unique(measures), unique(files)
  else
    for _, p in ipairs(pos) do
      if not exists(p) then return usage("test", ("no such file or folder: %s"):format(p)) end
      collect(p, measures, files)
    end
  end
  local passed, failed, n = 0, 0, 0
  for _, path in ipairs(measures) do
    local ok, M = pcall(measure.load_file, path, true)
    if not ok then
      n = n + 1; failed = failed + 1
      print(("not ok %d - load %s"):format(n, measure.short_path(path)))
      print("#   " .. tostring(M):gsub("\n", "\n#   "))
    else
      for _, c in ipairs(M.cases) do
        n = n + 1
        local good, diag, res = cases.run(M, c)
        if good then
          passed = passed + 1
          print(("ok %d - %s: %s"):format(n, M.id, c.name))
        else
          failed = failed + 1
          print(("not ok %d - %s: %s (%s)"):format(n, M.id, c.name, c.where or M.path))
          for _, d in ipairs(diag) do print("#   " .. d) end
          if verbose and res then print("#   " .. result.explain(res):gsub("\n", "\n#   ")) end
        end
      end
    end
  end
  return failed > 0 and 1 or 0, nil, { passed = passed, failed = failed, files = files, verbose = verbose and true or false }
end

function CLI.lint(args)
  local opts, pos = parse(args, {})
  if not opts then return usage("lint", pos) end
  local paths = pos
  if #paths == 0 then paths = default_roots(false) end
  for _, p in ipairs(paths) do
    if not exists(p) then return usage("lint", ("no such file or folder: %s"):format(p)) end
  end
  local findings, nfiles, nwf = require("measure.lint").run(paths)
  for _, f in ipairs(findings) do print(f) end
  print(("%d finding%s in %d measure%s%s"):format(#findings, #findings == 1 and "" or "s", nfiles, nfiles == 1 and "" or "s",
    nwf > 0 and (" and %d workflow%s"):format(nwf, nwf == 1 and "" or "s") or ""))
  return #findings > 0 and 1 or 0
end

-- gazette match: every measure for one record (stdlib/match.lua, docs/matching.md)
function CLI.match(args) return require("match").cli(args, parse, today) end

function CLI.main(args)
  local cmd = args[0]
  local f = CLI[cmd]
  if not f then return 2, "no such command: " .. tostring(cmd) end
  return f(args)
end

return CLI
