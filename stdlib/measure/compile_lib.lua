-- stdlib/measure/compile_lib.lua: what the measure compiler (measure/compile.lua) knows of the
-- library a measure calls: min/max, threshold, age, date and money constructors, date methods,
-- sme.classify, ctx:interpret/param/note/memo. Each is compiled to integer operations with the
-- result the library function gives (stdlib/globals, interp/lua/lmoney.c, ldate.c,
-- stdlib/sme.lua), or to `return 0` where the function raises an error. The library values are
-- taken when this file is first loaded (before any measure script runs) and the compiler
-- refuses a measure when a global no longer holds them.
local Gen = require "measure.compile_gen"
local fastops = require "fastops"
local th = require "measure.threshold"
local sme = require "sme"
local dates = require "dates"
local moneymod = require "money"

local T, const, val, single, show, lit = Gen.T, Gen.const, Gen.val, Gen.single, Gen.show, Gen.lit
local monotone_date

local lib = {}

-- The globals as the library defined them.
local ORIGINAL = {
  min = moneymod.min, max = moneymod.max, threshold = th.threshold, age = dates.age, date = dates.date,
  yuan = moneymod.yuan, wan = moneymod.wan, yi = moneymod.yi, pct = moneymod.pct, bp = moneymod.bp,
  tostring = tostring, sme = sme, ["sme.classify"] = sme.classify, ["sme.industry"] = sme.industry,
  ["math.min"] = math.min, ["math.max"] = math.max, string = string, ["string.format"] = string.format,
  math = math, districts = require "districts", error = error, cap = moneymod.cap, ipairs = ipairs,
}
ORIGINAL["districts.same"] = ORIGINAL.districts.same
local NAMESPACES = { sme = true, math = true, string = true, districts = true }

-- Library functions without side effects called as they are, on values of these kinds, whose
-- result is checked to be of the kind shown (anything else goes to the reference evaluation).
local PURE = {
  ["districts.same"] = { args = { "str", "str" }, result = "bool" }, -- two district names, one district
}

local function current(path)
  local a, b = path:match("^([^.]+)%.(.+)$")
  if a then
    local ns = rawget(_G, a)
    return type(ns) == "table" and ns[b] or nil
  end
  return rawget(_G, path)
end

function lib.global(G, name, node)
  local orig = ORIGINAL[name]
  if orig == nil then G:fail(("the global '%s'"):format(name), node) end
  if current(name) ~= orig then G:fail(("the global '%s' is not the library's"):format(name), node) end
  return { special = "lib", path = name, namespace = NAMESPACES[name] }
end

function lib.member(G, ns, key, node)
  local path = ns.path .. "." .. tostring(key)
  local orig = ORIGINAL[path]
  if orig == nil then G:fail(("'%s'"):format(path), node) end
  if current(path) ~= orig then G:fail(("'%s' is not the library's"):format(path), node) end
  return { special = "lib", path = path }
end

-- ---- constants: a top-level local of the script, or a constant argument ----

local function money_const(m) return const(m:fen(), "money") end

-- The compile-time value of a constant expression (literals, yuan(30000), date("2022-07-08"),
-- pct(45), arithmetic on those), or nil when it is not one.
function lib.constant(G, e)
  local tag = e.tag
  if tag == "Number" then return math.type(e.value) == "integer" and const(e.value, "int") or nil end
  if tag == "String" then return const(e.value, "str") end
  if tag == "True" then return const(true, "bool") end
  if tag == "False" then return const(false, "bool") end
  if tag == "Nil" then return const(nil) end
  if tag == "Table" then
    -- a table of constants: scalar values under constant keys
    local t, vty, n = {}, {}, 0
    for _, it in ipairs(e.items) do
      local k
      if it.key then
        local kv = lib.constant(G, it.key)
        if not kv or not (single(kv.ty) == "str" or single(kv.ty) == "int") then return nil end
        k = kv.value
      else
        n = n + 1
        k = n
      end
      local v = lib.constant(G, it.value)
      if not v or v.ctable or type(v.value) == "table" then return nil end
      if v.value ~= nil then t[k] = v.value; vty = Gen.union(vty, v.ty) end
    end
    return { const = true, ctable = t, vty = vty, value = t, code = "nil", ty = T("table") }
  end
  if tag == "Unop" and e.op == "-" then
    local v = lib.constant(G, e.operand)
    if v and single(v.ty) == "int" and v.value ~= math.mininteger then return const(-v.value, "int") end
    return nil
  end
  if tag == "Call" and e.fn.tag == "Name" and not e.fn.decl and #e.args >= 1 then
    local name = e.fn.name
    local args = {}
    for i, a in ipairs(e.args) do
      local v = lib.constant(G, a)
      if not v or not (single(v.ty) == "int" or single(v.ty) == "str") then return nil end
      args[i] = v.value
    end
    if (name == "yuan" or name == "wan" or name == "yi") and #args == 1 and current(name) == ORIGINAL[name] then
      local ok, m = pcall(ORIGINAL[name], args[1])
      if ok then return money_const(m) end
    elseif name == "date" and current("date") == ORIGINAL.date and (#args == 1 or #args == 3) then
      local ok, d = pcall(ORIGINAL.date, table.unpack(args))
      if ok then return lib.from_lua(G, d) end
    elseif (name == "pct" or name == "bp") and #args == 1 and current(name) == ORIGINAL[name] then
      local ok, r = pcall(ORIGINAL[name], args[1])
      if ok then return lib.from_lua(G, r) end
    end
  end
  return nil
end

-- A Lua value of the library (a parameter's value) as a compiled constant, or nil.
function lib.from_lua(G, v)
  local k = math.type(v) == "integer" and "int" or type(v) == "string" and "str" or type(v) == "boolean" and "bool"
  if k then return const(v, k) end
  if type(v) == "userdata" or type(v) == "table" then
    if moneymod.is_money(v) then return money_const(v) end
    if moneymod.is_ratio(v) then
      return { const = true, value = { num = v:num(), den = v:den() }, code = "nil", ty = T("ratio") }
    end
    if dates.is_date(v) then
      return const(v - ORIGINAL.date(1970, 1, 1), "date")
    end
  end
  return nil
end

-- ---- calls ----

local function multi(list) return { special = "multi", list = list } end

-- min/max as lmoney.c's money_minmax: the first of the smallest (largest); all one kind.
local function minmax(G, args, want_max, e)
  if #args == 0 then G:fail("min/max of nothing", e) end
  local kind
  for i, a in ipairs(args) do
    local v, k = G:expect(a, { "int", "money", "date", "str" }, want_max and "max" or "min", e)
    args[i] = G:atom(v)
    if kind and k ~= kind then G:fail(("min/max of %s and %s"):format(kind, k), e) end
    kind = k
  end
  if #args == 1 then return args[1] end
  local t = G:tmp()
  G:emit(("local %s = %s"):format(t, args[1].code))
  for i = 2, #args do
    if want_max then G:emit(("if %s < %s then %s = %s end"):format(t, args[i].code, t, args[i].code))
    else G:emit(("if %s < %s then %s = %s end"):format(args[i].code, t, t, args[i].code)) end
  end
  return val(t, T(kind))
end

-- threshold(x, word, bound) -> the comparison the word gives, and its detail (not built).
local function threshold(G, e)
  local args = e.args
  if #args ~= 3 or args[2].tag ~= "String" then G:fail("threshold without a constant word", e) end
  local op = th.WORDS[args[2].value]
  if not op then G:fail(("threshold: unknown word '%s'"):format(args[2].value), e) end
  local x = G:exp(args[1])
  local b = G:exp(args[3])
  -- a nil x or bound: threshold raises
  x, b = G:not_nil(x), G:not_nil(b)
  local tx, tb = single(x.ty), single(b.ty)
  if tx ~= tb or not (tx == "int" or tx == "money" or tx == "date") then
    G:fail(("threshold between %s and %s"):format(show(x.ty), show(b.ty)), e)
  end
  local r
  if x.const and b.const then
    local p, q = x.value, b.value
    r = const((op == ">=" and p >= q) or (op == "<=" and p <= q) or (op == ">" and p > q) or (op == "<" and p < q), "bool")
  else
    r = val(("(%s %s %s)"):format(x.code, op, b.code), T("bool"))
  end
  return multi { r, val("nil", T("opaque")) }
end

-- The size class: sme.classify{industry_code=, employees=, revenue=, total_assets=}.
local SME_FIELDS = { industry_code = "str", employees = "int", revenue = "money", total_assets = "money" }
local CLASSES = { [1] = "large", [2] = "medium", [3] = "small", [4] = "micro" }
local industry_index = {} -- code -> index into sme.industries, or false; shared by every compiled measure
local nindexed = 0
local key_index = {}
for i, spec in ipairs(sme.industries) do key_index[spec.key] = i end
local classify_c = fastops.sme(sme.industries)

-- The industry of a code, as sme.industry gives it (kept for up to 10,000 codes).
local function learn(code)
  local key = ORIGINAL["sme.industry"](code)
  local idx = key and key_index[key] or false
  if nindexed < 10000 then
    industry_index[code] = idx
    nindexed = nindexed + 1
  end
  return idx
end

-- How sme.classify reads a table it is given: the keys it asks for through __index, in order,
-- for an 工业, a 建筑业 and an 其他 enterprise. The compiler models `sme.classify(r)` (the record
-- itself, read lazily) only when it reads the code and then just the indicators the industry
-- uses (X, Y, Z order), as stdlib/sme.lua does since it reads only those.
local lazy_protocol
local function probe_lazy()
  if lazy_protocol ~= nil then return lazy_protocol end
  local FIELDS = { X = "employees", Y = "revenue", Z = "total_assets" }
  local ok_all = true
  for _, code in ipairs { "C3612", "E4710", "M7520" } do
    local read = {}
    local back = { industry_code = code, employees = 45, revenue = moneymod.yuan(8000000), total_assets = moneymod.yuan(9000000) }
    local probe = setmetatable({}, { __index = function(_, k) read[#read + 1] = k; return back[k] end })
    local ok = pcall(ORIGINAL["sme.classify"], probe)
    local key = ORIGINAL["sme.industry"](code)
    local spec = key and sme.industries[key_index[key]]
    local want = { "industry_code" }
    for _, ind in ipairs { "X", "Y", "Z" } do
      if spec and spec.ceiling[ind] then want[#want + 1] = FIELDS[ind] end
    end
    if not ok or table.concat(read, ",") ~= table.concat(want, ",") then ok_all = false end
  end
  lazy_protocol = ok_all
  return ok_all
end

-- sme.classify(r): the record read as stdlib/sme.lua reads it (probe_lazy): the code, then each
-- indicator the industry uses; a missing one stops the rule (undetermined), a negative one is
-- an error of the record.
local function sme_classify_record(G, e)
  if not probe_lazy() then G:fail("sme.classify reads the record in a way the compiler does not model", e) end
  local f = {}
  for _, name in ipairs { "industry_code", "employees", "revenue", "total_assets" } do
    local d = G.env.measure.inputs[name]
    local want = SME_FIELDS[name]
    local tag = d and ({ text = "str", enum = "str", integer = "int", money = "money" })[d.type]
    if not d or d.optional or tag ~= want then
      G:fail(("sme.classify(r): the input '%s' is not a required %s"):format(name, want), e)
    end
  end
  local code = G:atom(G.env.read_input(G, "industry_code", e))
  -- the indicators are read below only for the industry's own (USES), so they are taken raw
  local args = G.env.args
  local emp, rev, assets = args.employees, args.revenue, args.total_assets
  local cls, k = G:tmp("c"), G:tmp("k")
  G:emit(("local %s"):format(cls))
  G:emit(("local %s = %s[%s]"):format(k, G:upval(industry_index, "IND"), code.code))
  G:emit(("if %s == nil then %s = %s(%s) end"):format(k, k, G:upval(learn, "learn"), code.code))
  G:open(("if %s then"):format(k))
  G:emit(("local n = %s(%s, %s, %s, %s)"):format(G:upval(classify_c, "sme"), k, emp, rev, assets))
  -- nil: a negative indicator (an error); 0: one the industry uses is missing (undetermined)
  G:emit("if n == nil then return 0 end")
  G:emit(("if n == 0 then goto %s end"):format(G.cur_und))
  G:emit(("%s = %s[n]"):format(cls, G:upval(CLASSES, "CLASSES")))
  G:close()
  return multi { val(cls, T("str", "nil")), val("nil", T("opaque")) }
end

local function sme_classify(G, e)
  local arg = e.args[1]
  if #e.args == 1 and arg and arg.tag ~= "Table" then
    local v = G:exp(arg)
    if v.special == "record" then return sme_classify_record(G, e) end
  end
  if #e.args ~= 1 or not arg or arg.tag ~= "Table" then
    G:fail("sme.classify is not given a table {industry_code=, employees=, revenue=, total_assets=}", e)
  end
  -- the fields are evaluated in order, as the table constructor does
  local f = {}
  for _, it in ipairs(arg.items) do
    local k = it.key and it.key.tag == "String" and it.key.value
    if not k or not SME_FIELDS[k] or f[k] then G:fail("sme.classify with a field other than industry_code, employees, revenue, total_assets", e) end
    local v = G:atom(G:exp(it.value))
    if v.special then G:fail("sme.classify given a " .. v.special, e) end
    for tag in pairs(v.ty) do
      if tag ~= "nil" and tag ~= SME_FIELDS[k] then G:fail(("sme.classify: %s is %s"):format(k, show(v.ty)), e) end
    end
    f[k] = v
  end
  local code = f.industry_code or const(nil)
  local cls = G:tmp("c")
  G:emit(("local %s"):format(cls))
  local function arg_code(v) return v and v.code or "nil" end
  if not (code.const and code.value == nil) then
    local k = G:tmp("k")
    local known = code.const or G:known(code.code) or not code.ty["nil"]
    if not known then G:open(("if %s ~= nil then"):format(code.code)) end
    G:emit(("local %s = %s[%s]"):format(k, G:upval(industry_index, "IND"), code.code))
    G:emit(("if %s == nil then %s = %s(%s) end"):format(k, k, G:upval(learn, "learn"), code.code))
    G:open(("if %s then"):format(k))
    G:emit(("local n = %s(%s, %s, %s, %s)"):format(G:upval(classify_c, "sme"), k, arg_code(f.employees),
      arg_code(f.revenue), arg_code(f.total_assets)))
    -- nil: a negative indicator, which sme.classify raises
    G:emit("if n == nil then return 0 end")
    G:emit(("%s = %s[n]"):format(cls, G:upval(CLASSES, "CLASSES")))
    G:close()
    if not known then G:close() end
  end
  return multi { val(cls, T("str", "nil")), val("nil", T("opaque")) }
end

local function dated(G, v, e, what) return G:expect(v, { "date" }, what, e) end

-- Whether every district of stdlib/districts.lua has one name and one code (then two normalized
-- names are the same district exactly when they are equal).
local unique_names
local function district_names_unique()
  if unique_names == nil then
    local names, codes = {}, {}
    unique_names = true
    for _, d in ipairs(ORIGINAL.districts.list()) do
      if names[d.name] or codes[d.code] then unique_names = false end
      names[d.name], codes[d.code] = true, true
      if ORIGINAL.districts.normalize(d.name) ~= d.name then unique_names = false end
    end
  end
  return unique_names
end

function lib.call(G, f, e, want, given)
  local p = f.path
  if p == "min" or p == "max" or p == "math.min" or p == "math.max" then
    return minmax(G, G:args(e.args), p == "max" or p == "math.max", e)
  elseif p == "threshold" then
    return threshold(G, e)
  elseif p == "error" then
    -- the record's error, with the message the reference evaluation gives it
    G:bail()
    return const(nil)
  elseif p == "cap" then
    -- cap(amount, ceiling) -> the smaller, and whether the ceiling bound (ceiling < amount)
    local args = G:args(e.args)
    if #args ~= 2 then G:fail("cap takes an amount and a ceiling", e) end
    local a, ka = G:expect(args[1], { "int", "money", "date", "str" }, "cap", e)
    local b, kb = G:expect(args[2], { "int", "money", "date", "str" }, "cap", e)
    if ka ~= kb then G:fail(("cap of %s and %s"):format(ka, kb), e) end
    a, b = G:atom(a), G:atom(b)
    local m, bound = G:tmp(), G:tmp()
    G:emit(("local %s, %s = %s, false"):format(m, bound, a.code))
    G:emit(("if %s < %s then %s, %s = %s, true end"):format(b.code, a.code, m, bound, b.code))
    return multi { val(m, T(ka)), val(bound, T("bool")) }
  elseif p == "age" then
    local args = G:args(e.args)
    if #args ~= 2 then G:fail("age takes two dates", e) end
    local a, b = G:atom(dated(G, args[1], e, "age")), G:atom(dated(G, args[2], e, "age"))
    local t = G:tmp()
    G:emit(("local %s = %s(%s, %s)"):format(t, G:upval(fastops.age, "age"), a.code, b.code))
    G:emit(("if %s == nil then return 0 end"):format(t))
    return val(t, T("int"))
  elseif p == "yuan" or p == "wan" or p == "yi" or p == "date" or p == "pct" or p == "bp" then
    local v = lib.constant(G, e)
    if v then return v end
    if p == "date" and #e.args == 3 then
      -- date(y, m, d) of integers: the day, or the reference's error for a date that does not exist
      local a = G:args(e.args)
      local codes = {}
      for i = 1, 3 do codes[i] = G:atom(G:expect(a[i], { "int" }, "date(y, m, d)", e)).code end
      local t = G:tmp()
      G:emit(("local %s = %s(%s)"):format(t, G:upval(fastops.day, "day"), table.concat(codes, ", ")))
      G:emit(("if %s == nil then return 0 end"):format(t))
      return val(t, T("date"))
    end
    G:fail(("%s(...) of a value that is not a constant"):format(p), e)
  elseif p == "tostring" then
    local v = G:exp(e.args[1] or { tag = "Nil" })
    local tag = single(v.ty)
    if tag == "str" and not v.ty["nil"] then return v end
    G:fail(("tostring of %s outside an explanation"):format(show(v.ty)), e)
  elseif p == "sme.classify" then
    return sme_classify(G, e)
  elseif p == "districts.same" and district_names_unique() then
    -- two names of districts: both normalized (a district input, or a constant normalized now),
    -- and each district has one name and one code, so the same district is the same name
    local args = G:args(e.args)
    if #args == 2 then
      local norm = {}
      for i, a in ipairs(args) do
        if a.const and type(a.value) == "string" then
          norm[i] = const(ORIGINAL.districts.normalize(a.value) or false, "str")
        elseif a.district and not a.special then
          norm[i] = G:atom(G:not_nil(a))
        end
      end
      if norm[1] and norm[2] then
        if norm[1].const and norm[1].value == false or norm[2].const and norm[2].value == false then
          return const(false, "bool") -- a name that is no district: never the same
        end
        if norm[1].const and norm[2].const then return const(norm[1].value == norm[2].value, "bool") end
        return val(("(%s == %s)"):format(norm[1].code, norm[2].code), T("bool"))
      end
    end
    return lib.call(G, { special = "lib", path = "districts.same:call" }, e, want, args)
  elseif PURE[p] or p == "districts.same:call" then
    p = p:gsub(":call$", "")
    local spec = PURE[p]
    local args = given or G:args(e.args)
    if #args ~= #spec.args then G:fail(("%s takes %d values"):format(p, #spec.args), e) end
    local codes = {}
    for i, a in ipairs(args) do codes[i] = G:atom(G:expect(a, { spec.args[i] }, p, e)).code end
    local t = G:tmp()
    G:emit(("local %s = %s(%s)"):format(t, G:upval(ORIGINAL[p], p:gsub("%.", "_")), table.concat(codes, ", ")))
    local luatype = ({ bool = "boolean", str = "string" })[spec.result]
    G:emit(("if type(%s) ~= %q then return 0 end"):format(t, luatype))
    return val(t, T(spec.result))
  end
  G:fail(("a call of %s"):format(p), e)
end

-- ---- methods ----

local MODES = { down = 0, up = 1, abort = 2 }
local DATE_MIN, DATE_MAX = -719162, 2932896 -- 0001-01-01, 9999-12-31 (core/date.h)

-- d:add_years(n) (add_months, add_days) with n and the mode constant: monotone in d, so the
-- compiled code checks d's range once (out of it the method raises) and computes the date only
-- when a use needs it (Gen:lazy; a comparison with a constant needs none).
function monotone_date(G, d, m, n, mode)
  local fn = m == "add_days" and fastops.add_days or m == "add_years" and fastops.add_years or fastops.add_months
  local function f(x) if m == "add_days" then return fn(x, n) end return fn(x, n, mode) end
  if d.const then
    local r = f(d.value)
    if r == nil then G:bail(); return const(nil) end
    return const(r, "date")
  end
  -- the days where f is defined: an interval (f is monotone and fails only out of range)
  local lo, hi = DATE_MIN, DATE_MAX
  local function ok(x) return f(x) ~= nil end
  if not ok(lo) then
    local a, b = lo, hi -- first x with ok(x)
    if not ok(b) then G:bail(); return const(nil) end
    while a < b do local mid = a + (b - a) // 2; if ok(mid) then b = mid else a = mid + 1 end end
    lo = a
  end
  if not ok(hi) then
    local a, b = lo, hi -- last x with ok(x)
    while a < b do local mid = a + (b - a + 1) // 2; if ok(mid) then a = mid else b = mid - 1 end end
    hi = a
  end
  if lo > DATE_MIN then G:emit(("if %s < %s then return 0 end"):format(d.code, lit(lo))) end
  if hi < DATE_MAX then G:emit(("if %s > %s then return 0 end"):format(d.code, lit(hi))) end
  local up = G:upval(fn, m)
  return G:lazy(T("date"), { f = f, base = d, lo = lo, hi = hi }, function(name)
    if m == "add_days" then return ("local %s = %s(%s, %s)"):format(name, up, d.code, lit(n)) end
    return ("local %s = %s(%s, %s, %d)"):format(name, up, d.code, lit(n), mode)
  end)
end

local function mode_arg(G, node, e)
  if not node then return 0 end
  if node.tag ~= "String" or not MODES[node.value] then G:fail("a month-end mode that is not a constant", e) end
  return MODES[node.value]
end

function lib.value_method(G, obj, e, want)
  local m = e.name
  local tag = single(obj.ty)
  if tag == "date" and (m == "add_years" or m == "add_months" or m == "add_days") then
    local d = G:atom(G:not_nil(obj))
    local n = G:atom(G:expect(G:exp(e.args[1] or { tag = "Nil" }), { "int" }, m, e))
    local mode = m ~= "add_days" and mode_arg(G, e.args[2], e) or 0
    if n.const and mode ~= 2 then return monotone_date(G, d, m, n.value, mode) end
    local t = G:tmp()
    if m == "add_days" then
      G:emit(("local %s = %s(%s, %s)"):format(t, G:upval(fastops.add_days, "add_days"), d.code, n.code))
    else
        local fn = m == "add_years" and fastops.add_years or fastops.add_months
      G:emit(("local %s = %s(%s, %s, %d)"):format(t, G:upval(fn, m), d.code, n.code, mode))
    end
    G:emit(("if %s == nil then return 0 end"):format(t))
    return val(t, T("date"))
  end
  if tag == "money" and m == "fen" and #e.args == 0 then
    return val(G:not_nil(obj).code, T("int"))
  end
  G:fail(("the method %s of %s"):format(m, show(obj.ty)), e)
end

-- d.year, d.month, d.day
function lib.field(G, obj, key, e)
  local tag = single(obj.ty)
  if tag == "date" and (key == "year" or key == "month" or key == "day") then
    local d = G:atom(G:not_nil(obj))
    local y, mo, da = G:tmp("y"), G:tmp("m"), G:tmp("d")
    G:emit(("local %s, %s, %s = %s(%s)"):format(y, mo, da, G:upval(fastops.ymd, "ymd"), d.code))
    return val(key == "year" and y or key == "month" and mo or da, T("int"))
  end
  G:fail(("the field %s of %s"):format(tostring(key), show(obj.ty)), e)
end

-- ctx:interpret(name), ctx:param(name), ctx:note(...), ctx:memo(key, fn, ...)
function lib.ctx_method(G, e, want, is_stat)
  local m, args = e.name, e.args
  if m == "interpret" then
    if #args ~= 1 or args[1].tag ~= "String" then G:fail("ctx:interpret without a constant name", e) end
    local c = G.env.interps[args[1].value]
    if c == nil then G:fail(("ctx:interpret of an unknown interpretation '%s'"):format(args[1].value), e) end
    return const(c, "str")
  elseif m == "param" then
    if #args ~= 1 or args[1].tag ~= "String" then G:fail("ctx:param at another date, or without a constant name", e) end
    return G.env.param(G, args[1].value, e)
  elseif m == "note" then
    -- the note's text is formatted only for an explanation; its values are still computed
    for _, a in ipairs(args) do G:detail_any(a) end
    return const(nil)
  elseif m == "memo" then
    -- ctx:memo(key, fn, ...) gives what the first call with that key computed for the record:
    -- the same as calling fn(...) each time (compiled code has no side effects) when every call
    -- with the key names the same function of the same arguments (the record, ctx, constants)
    if #args < 2 or args[1].tag ~= "String" then G:fail("ctx:memo without a constant key", e) end
    local f = G:exp(args[2])
    if f.special ~= "fn" then G:fail("ctx:memo of a function that is not the script's", e) end
    local rest, sig = {}, { tostring(f.decl) }
    for i = 3, #args do
      rest[#rest + 1] = args[i]
      local v = G:exp(args[i])
      if v.special == "record" or v.special == "ctx" then sig[#sig + 1] = v.special
      elseif v.const and type(v.value) ~= "table" then sig[#sig + 1] = Gen.lit(v.value)
      else G:fail("ctx:memo of a value other than the record, ctx or a constant", e) end
    end
    local memos = G.env.memos
    local s = table.concat(sig, "|")
    if memos[args[1].value] and memos[args[1].value] ~= s then
      G:fail(("ctx:memo '%s' is asked for two different computations"):format(args[1].value), e)
    end
    memos[args[1].value] = s
    return G:inline(f, rest, want, e)
  end
  G:fail(("ctx:%s"):format(m), e)
end

return lib
