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
local UNITS, ROUND_MODES
local param_at

local lib = {}

-- The globals as the library defined them.
local ORIGINAL = {
  min = moneymod.min, max = moneymod.max, threshold = th.threshold, age = dates.age, date = dates.date,
  yuan = moneymod.yuan, wan = moneymod.wan, yi = moneymod.yi, pct = moneymod.pct, bp = moneymod.bp,
  tostring = tostring, sme = sme, ["sme.classify"] = sme.classify, ["sme.industry"] = sme.industry,
  ["math.min"] = math.min, ["math.max"] = math.max, string = string, ["string.format"] = string.format,
  math = math, districts = require "districts", error = error, cap = moneymod.cap, ipairs = ipairs,
  ratio = rawget(_G, "ratio"), type = type, cal = rawget(_G, "cal"), pcall = pcall, industry = require "industry",
  tonumber = tonumber,
}
ORIGINAL["industry.lookup"] = ORIGINAL.industry.lookup
ORIGINAL["industry.within"] = ORIGINAL.industry.within
ORIGINAL["industry.is_tertiary"] = ORIGINAL.industry.is_tertiary
for _, f in ipairs { "add_workdays", "workdays_before", "next_workday", "is_workday", "workdays_between", "period_end" } do
  ORIGINAL["cal." .. f] = ORIGINAL.cal and ORIGINAL.cal[f]
end
ORIGINAL["districts.same"] = ORIGINAL.districts.same
ORIGINAL.math_huge = math.huge
ORIGINAL["math.type"] = math.type
ORIGINAL.table = table
ORIGINAL["table.concat"] = table.concat
local NAMESPACES = { sme = true, math = true, string = true, districts = true, cal = true, industry = true, table = true }

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
  if path == "math.huge" and rawget(math, "huge") == ORIGINAL.math_huge then
    -- the float infinity: exact, and an integer compared with it compares exactly
    return { const = true, value = math.huge, code = "(1/0)", ty = T("inf") }
  end
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
  if tag == "Binop" and e.op == ".." then
    -- two constant texts joined (a long text written over several lines)
    local a, b = lib.constant(G, e.left), lib.constant(G, e.right)
    if a and b and single(a.ty) == "str" and single(b.ty) == "str" then return const(a.value .. b.value, "str") end
    return nil
  end
  if tag == "Paren" then return lib.constant(G, e.inner) end
  if tag == "Unop" and e.op == "-" then
    local v = lib.constant(G, e.operand)
    if v and single(v.ty) == "int" and v.value ~= math.mininteger then return const(-v.value, "int") end
    return nil
  end
  if tag == "Call" and e.fn.tag == "Name" and not e.fn.decl and e.fn.name == "tiers" and #e.args == 1 then
    return lib.tiers_const(G, e)
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
    elseif (name == "pct" or name == "bp" or name == "ratio") and #args == 1 and current(name) == ORIGINAL[name] then
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

-- A value of a kind (coerce.kind's names) in code that never runs (after G:bail()).
local DEAD_TAG = { money = "money", integer = "int", text = "str", boolean = "bool", date = "date" }
function lib.dead_value(G, kind, e)
  if kind == "ratio" then return Gen.ratio_val("nil", "1") end
  local tag = DEAD_TAG[kind]
  if not tag then G:fail(("a parameter holding %s values"):format(tostring(kind)), e) end
  return val("nil", T(tag))
end

local function multi(list) return { special = "multi", list = list } end

-- ---- tables of tiers: tiers {...} (measure/threshold.lua) ----

-- The Lua value of a constant expression (literals, tables of them, yuan/wan/yi/pct/bp/date/
-- ratio of literals); a Function node becomes a stand-in function, its node kept in fns.
local REAL_CALLS = { yuan = true, wan = true, yi = true, pct = true, bp = true, date = true, ratio = true }
local function real_value(G, e, fns, path)
  local tag = e.tag
  if tag == "Number" or tag == "String" then return true, e.value end
  if tag == "True" then return true, true end
  if tag == "False" then return true, false end
  if tag == "Nil" then return true, nil end
  if tag == "Unop" and e.op == "-" and e.operand.tag == "Number" then return true, -e.operand.value end
  if tag == "Function" then
    fns[path] = e
    return true, function() error("compile-time stand-in", 0) end
  end
  if tag == "Table" then
    local t, n = {}, 0
    for _, it in ipairs(e.items) do
      local k
      if it.key then
        if it.key.tag ~= "String" and it.key.tag ~= "Number" then return false end
        k = it.key.value
      else
        n = n + 1
        k = n
      end
      local ok, v = real_value(G, it.value, fns, path and (path .. "." .. tostring(k)) or tostring(k))
      if not ok then return false end
      t[k] = v
    end
    return true, t
  end
  if tag == "Call" and e.fn.tag == "Name" and e.fn.decl and e.fn.decl.kind == "function" and e.fn.decl.top
      and not e.fn.decl.assigned and path then
    -- fn = tier(wan(500), pct(1)): a local function returning `function(...) ... end`; kept as the
    -- returned function with the factory's parameters bound to the constants given
    local outer = e.fn.decl.fn
    local body = outer.body
    if #body == 1 and body[1].tag == "Return" and #body[1].values == 1 and body[1].values[1].tag == "Function" then
      local binds = {}
      for i, d in ipairs(outer.param_decls) do
        local c = e.args[i] and lib.constant(G, e.args[i]) or const(nil)
        if not c then return false end
        binds[d] = c
      end
      fns[path] = { fn = body[1].values[1], binds = binds }
      return true, function() error("compile-time stand-in", 0) end
    end
    return false
  end
  if tag == "Call" and e.fn.tag == "Name" and not e.fn.decl and REAL_CALLS[e.fn.name] then
    local f = e.fn.name == "ratio" and rawget(_G, "ratio") or ORIGINAL[e.fn.name]
    if e.fn.name ~= "ratio" and current(e.fn.name) ~= f then return false end
    local args = {}
    for i, a in ipairs(e.args) do
      if a.tag ~= "Number" and a.tag ~= "String" then return false end
      args[i] = a.value
    end
    local ok, v = pcall(f, table.unpack(args, 1, #e.args))
    return ok, v
  end
  return false
end

-- tiers {...} of constants: the table the script builds (made here by the same function, from
-- the same values), with each tier's bounds and value in the compiled representation.
function lib.tiers_const(G, e)
  if current("tiers") ~= th.tiers then return nil end
  local fns = {}
  local ok, spec = real_value(G, e.args[1], fns, nil)
  if not ok or type(spec) ~= "table" then return nil end
  local okt, obj = pcall(th.tiers, spec)
  if not okt then return nil end
  local info = { obj = obj, list = {} }
  for i, t in ipairs(obj.list) do
    local fn = fns[tostring(i) .. ".fn"]
    if type(fn) == "table" and fn.tag == "Function" then fn = { fn = fn, binds = {} } end
    local c = { bounds = t.bounds, fn = fn, clause = t.clause, name = t.name, text = spec[i].text }
    if t.from ~= nil then c.from = lib.from_lua(G, t.from) if not c.from then return nil end end
    if t.to ~= nil then c.to = lib.from_lua(G, t.to) if not c.to then return nil end end
    if type(t.value) == "table" and getmetatable(t.value) == nil then
      -- a record of constants ({rate = pct(2), cap = wan(100)}): its fields compiled
      c.valrec = {}
      for k, x in pairs(t.value) do
        c.valrec[k] = lib.from_lua(G, x)
        if not c.valrec[k] then return nil end
      end
    elseif t.value ~= nil then
      c.value = lib.from_lua(G, t.value)
      if not c.value then return nil end
    end
    info.list[i] = c
  end
  return { const = true, tiers = info, value = obj, code = "nil", ty = T("tiers") }
end

-- The index of the tier containing x (nil when none), as Tiers:find tests the tiers in order.
local function tier_index(G, info, x, e)
  local ti = G:tmp("ti")
  G:emit(("local %s"):format(ti))
  -- each tier tested only while none matched; its comparisons (which may emit lines: a ratio's)
  -- inside its own block, not between an `if` and its `elseif`
  for i, t in ipairs(info.list) do
    if i > 1 then G:open(("if %s == nil then"):format(ti)) end
    local parts = {}
    if t.from then
      local c = G:comparison(x, t.from, t.bounds:sub(1, 1) == "[" and ">=" or ">", e)
      if not (c.const and c.value == true) then parts[#parts + 1] = c.code end
      if c.const and c.value == false then parts = nil end
    end
    if parts and t.to then
      local c = G:comparison(x, t.to, t.bounds:sub(2, 2) == "]" and "<=" or "<", e)
      if c.const and c.value == false then parts = nil
      elseif not c.const then parts[#parts + 1] = c.code end
    end
    if parts then
      local cond = #parts > 0 and table.concat(parts, " and ") or "true"
      G:emit(("if %s then %s = %d end"):format(cond, ti, i))
    end
    if i > 1 then G:close() end
  end
  return ti
end

local function has_ratio(v) return v.ty and v.ty.ratio end

local function tier_val(info, code, maybe_nil)
  local v = val(code, maybe_nil and T("tier", "nil") or T("tier"))
  v.tiers = info
  return v
end

-- T:find(x), T:apply(x), T:describe(tier) on a table of tiers.
function lib.tiers_method(G, obj, e, want)
  local info, m = obj.tiers, e.name
  if m == "describe" then
    for _, a in ipairs(e.args) do G:detail_any(a) end
    return val("nil", T("opaque"))
  end
  if m ~= "find" and m ~= "apply" then G:fail(("the method %s of a table of tiers"):format(m), e) end
  local x = G:exp(e.args[1] or { tag = "Nil" })
  if x.special then G:fail("tiers of a " .. x.special, e) end
  x = G:atom(G:not_nil(x)) -- find(nil) raises
  local ti = tier_index(G, info, x, e)
  if m == "find" then
    return multi { tier_val(info, ti, true), val(ti, T("int", "nil")) }
  end
  -- apply: no tier raises; the tier's value, or its fn(x, tier)
  G:emit(("if %s == nil then return 0 end"):format(ti))
  local anyfn = false
  for _, t in ipairs(info.list) do anyfn = anyfn or t.fn ~= nil end
  local result
  if not anyfn then
    result = lib.tier_field(G, tier_val(info, ti, false), "value", e)
  else
    local r = G:tmp("tv")
    G:emit(("local %s"):format(r))
    local rty, first = {}, true
    local rden
    for i, t in ipairs(info.list) do
      G:open(("%sif %s == %d then"):format(first and "" or "else", ti, i))
      first = false
      G.depth = G.depth - 1
      local v
      if t.fn then
        v = lib.tier_fn(G, t.fn, { { value = x }, { value = tier_val(info, lit(i), false) } }, 1, e)
      else
        v = t.value or const(nil)
      end
      G.depth = G.depth + 1
      if has_ratio(v) then
        local n, d = G:ratio_parts(v)
        rden = rden or (r .. "d")
        G:emit(("%s, %s = %s, %s"):format(r, rden, n, d))
      else
        G:emit(("%s = %s"):format(r, v.code))
      end
      rty = Gen.union(rty, v.ty)
    end
    G:close()
    if rden then
      -- (the den's local is declared with the result's)
      G:fail("a table of tiers whose functions give ratios", e)
    end
    result = val(r, rty)
  end
  return multi { result, tier_val(info, ti, false) }
end

-- A tier's function called with argument values (a node list of {value = V}): inlined with the
-- bindings of the factory that made it.
function lib.tier_fn(G, f, args, want, e)
  local saved = {}
  for d, c in pairs(f.binds) do saved[d] = G.bind[d] or false; G.bind[d] = c end
  local ok, v = pcall(G.inline, G, { special = "fn", decl = f.fn, fn = f.fn }, args, want, e)
  for d, b in pairs(saved) do G.bind[d] = b or nil end
  if not ok then error(v, 0) end
  if v.special == "multi" and want == 1 then v = v.list[1] or const(nil) end
  return v
end

-- t.fn(args...) of a tier known only at run time: each tier's function, by the tier's index.
function lib.tier_fn_call(G, f, argnodes, want, e)
  local info = f.tiers
  local t = G:not_nil(f.tier)
  local args = {}
  for i, a in ipairs(argnodes) do
    local v = G:exp(a)
    if v.special then G:fail("a tier's function given a " .. v.special, e) end
    args[i] = { value = v.const and v or G:atom(v) }
  end
  local r = G:tmp("tv")
  G:emit(("local %s"):format(r))
  local rty, first = {}, true
  for i, c in ipairs(info.list) do
    if not c.fn then G:fail("a tier without a function called", e) end
    G:open(("%sif %s == %d then"):format(first and "" or "else", t.code, i))
    first = false
    G.depth = G.depth - 1
    local v = lib.tier_fn(G, c.fn, args, 1, e)
    G.depth = G.depth + 1
    if v.special or has_ratio(v) then G:fail("a tier's function giving a ratio or a " .. tostring(v.special), e) end
    G:emit(("%s = %s"):format(r, v.code))
    rty = Gen.union(rty, v.ty)
  end
  G:close()
  return val(r, rty)
end

-- tier.value, tier.clause, tier.name, tier.from, tier.to, tier.index of a tier (its index).
function lib.tier_field(G, tv, key, e)
  local info = tv.tiers
  if key == "index" then return val(G:not_nil(tv).code, T("int")) end
  if key == "fn" then return { special = "tierfn", tiers = info, tier = tv } end
  if key == "text" then return val("nil", T("opaque")) end -- only explanations read it
  if key == "value" and info.list[1] and info.list[1].valrec then
    return { special = "tierrec", tiers = info, tier = G:not_nil(tv) }
  end
  if key ~= "value" and key ~= "clause" and key ~= "name" and key ~= "from" and key ~= "to" then
    G:fail(("the field %s of a tier"):format(tostring(key)), e)
  end
  local t = G:not_nil(tv) -- a field of nil raises
  local vals, ty, any = {}, {}, false
  for i, c in ipairs(info.list) do
    local v = c[key]
    if key == "clause" or key == "name" then v = v ~= nil and const(v, "str") or nil end
    if key == "value" and c.fn then G:fail("the value of a tier computed by a function", e) end
    if v then
      if v.ty.ratio or v.ctable then G:fail(("tier %s holding a %s"):format(key, show(v.ty)), e) end
      vals[i] = v.value
      ty = Gen.union(ty, v.ty)
      any = true
    else
      ty = Gen.union(ty, T("nil"))
    end
  end
  if not any then return const(nil) end
  if t.const then return const(vals[t.value], single(ty)) end
  local r = G:tmp()
  G:emit(("local %s = %s[%s]"):format(r, G:upval(vals, "tier_" .. key), t.code))
  return val(r, ty)
end

-- tier.value.KEY of tiers whose values are records of constants.
function lib.tierrec_field(G, rec, key, e)
  local vals, dens, ty = {}, {}, {}
  local ratio = false
  for i, c in ipairs(rec.tiers.list) do
    local v = c.valrec and c.valrec[key]
    if v then
      if v.ctable then G:fail(("tier value field %s holding a table"):format(tostring(key)), e) end
      if v.ty.ratio then
        ratio = true
        vals[i], dens[i] = v.value.num, v.value.den
      else
        vals[i] = v.value
      end
      ty = Gen.union(ty, v.ty)
    else
      ty = Gen.union(ty, T("nil"))
    end
  end
  local t = rec.tier
  local r = G:tmp()
  if ratio then
    if ty["nil"] or not single(ty) then G:fail(("tier value field %s mixing ratios and others"):format(tostring(key)), e) end
    G:emit(("local %s, %sd = %s[%s], %s[%s]"):format(r, r, G:upval(vals, "tier_num"), t.code, G:upval(dens, "tier_den"), t.code))
    return Gen.ratio_val(r, r .. "d")
  end
  G:emit(("local %s = %s[%s]"):format(r, G:upval(vals, "tier_" .. tostring(key)), t.code))
  return val(r, ty)
end

-- T.list[k]: the k-th tier (nil out of range).
function lib.tier_at(G, list, k, e)
  k = G:expect(k, { "int" }, "a tier's position", e)
  local n = #list.info.list
  if k.const then
    if k.value >= 1 and k.value <= n then return tier_val(list.info, lit(k.value), false) end
    return const(nil)
  end
  local t = G:tmp("ti")
  G:emit(("local %s = %s"):format(t, k.code))
  G:emit(("if not (%s >= 1 and %s <= %d) then %s = nil end"):format(t, t, n, t))
  return tier_val(list.info, t, true)
end

-- ---- calls ----

-- The first of the smallest (largest) of atoms args, kept in a new local of type ty.
local function extreme(G, args, want_max, ty)
  local t = G:tmp()
  G:emit(("local %s = %s"):format(t, args[1].code))
  for i = 2, #args do
    if want_max then G:emit(("if %s < %s then %s = %s end"):format(t, args[i].code, t, args[i].code))
    else G:emit(("if %s < %s then %s = %s end"):format(args[i].code, t, t, args[i].code)) end
  end
  return val(t, ty)
end

-- min/max as lmoney.c's money_minmax: the first of the smallest (largest); all one kind.
local function minmax(G, args, want_max, e)
  if #args == 0 then G:fail("min/max of nothing", e) end
  -- integers and math.huge's float: Lua orders them exactly, and min/max keep the value's kind
  local mixed, ints = false, true
  for _, a in ipairs(args) do
    if a.special then ints = false break end
    for k in pairs(a.ty) do
      if k == "inf" then mixed = true elseif k ~= "int" then ints = false end
    end
  end
  if mixed and ints then
    local ty = {}
    for i, a in ipairs(args) do args[i] = G:atom(a); ty = Gen.union(ty, a.ty) end
    return extreme(G, args, want_max, ty)
  end
  local kind
  for i, a in ipairs(args) do
    local v, k = G:expect(a, { "int", "money", "date", "str" }, want_max and "max" or "min", e)
    args[i] = G:atom(v)
    if kind and k ~= kind then G:fail(("min/max of %s and %s"):format(kind, k), e) end
    kind = k
  end
  if #args == 1 then return args[1] end
  return extreme(G, args, want_max, T(kind))
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
  -- a value that may also be a text (a reason, a caught missing input): compared, a text raises
  for _, tag in ipairs { "money", "int", "date", "ratio" } do
    if not single(x.ty) and x.ty[tag] then x = G:narrow(x, tag) or x end
    if not single(b.ty) and b.ty[tag] then b = G:narrow(b, tag) or b end
  end
  local tx, tb = single(x.ty), single(b.ty)
  if (tx == "ratio" or tb == "ratio") and (tx == "ratio" or tx == "int") and (tb == "ratio" or tb == "int") then
    -- exact numbers compared as lmoney.c compares them
    return multi { G:comparison(x, b, op, e), val("nil", T("opaque")) }
  end
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
lib.classify_c = classify_c

-- The code that looks up the industry of a text code (its index into sme.industries, or false):
-- the name of a local holding it.
function lib.industry_of(G, code)
  local k = G:tmp("k")
  G:emit(("local %s = %s[%s]"):format(k, G:upval(industry_index, "IND"), code))
  G:emit(("if %s == nil then %s = %s(%s) end"):format(k, k, G:upval(lib.learn_industry, "learn"), code))
  return k
end

local function learn(code)
  local key = ORIGINAL["sme.industry"](code)
  local idx = key and key_index[key] or false
  if nindexed < 10000 then
    industry_index[code] = idx
    nindexed = nindexed + 1
  end
  return idx
end

lib.learn_industry = learn

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
  G:emit("if not n then return 0 end") -- an integer or nil, never false: a test, not a call
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
    G:emit("if not n then return 0 end") -- an integer or nil, never false: a test, not a call
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

local CALENDAR = { ["cal.add_workdays"] = true, ["cal.workdays_before"] = true, ["cal.next_workday"] = true,
  ["cal.is_workday"] = true, ["cal.workdays_between"] = true, ["cal.period_end"] = true }

-- cal.*(...) on day numbers.
function lib.calendar_call(G, p, e)
  -- the calendar on day numbers (fastops): nil where cal raises (a year it does not know), and
  -- the record is handed back for the reference to raise the same error
  local args = G:args(e.args)
  local function day(i) return G:atom(G:expect(args[i] or const(nil), { "date" }, p, e)).code end
  local function count(i) return G:atom(G:expect(args[i] or const(nil), { "int" }, p, e)).code end
  local call, rty
  if p == "cal.add_workdays" then call, rty = ("%s(%s, %s)"):format(G:upval(fastops.cal_add, "cal_add"), day(1), count(2)), "date"
  elseif p == "cal.workdays_before" then call, rty = ("%s(%s, %s)"):format(G:upval(fastops.cal_before, "cal_before"), day(1), count(2)), "date"
  elseif p == "cal.next_workday" then call, rty = ("%s(%s)"):format(G:upval(fastops.cal_next, "cal_next"), day(1)), "date"
  elseif p == "cal.is_workday" then call, rty = ("%s(%s)"):format(G:upval(fastops.cal_is_workday, "cal_is_workday"), day(1)), "bool"
  elseif p == "cal.workdays_between" then call, rty = ("%s(%s, %s)"):format(G:upval(fastops.cal_between, "cal_between"), day(1), day(2)), "int"
  else
    -- period_end(d, {days|months|years|workdays = n}) or a constant text ("10d")
    local d = day(1)
    local spec = e.args[2]
    local unit, n
    if spec and spec.tag == "Table" and #spec.items == 1 and spec.items[1].key and spec.items[1].key.tag == "String" then
      unit = ({ days = "d", months = "m", years = "y", workdays = "w" })[spec.items[1].key.value]
      if unit then n = G:atom(G:expect(G:exp(spec.items[1].value), { "int" }, p, e)).code end
    end
    if not unit then G:fail("cal.period_end of a period other than {days|months|years|workdays = n}", e) end
    call, rty = ("%s(%s, %d, %s)"):format(G:upval(fastops.cal_period, "cal_period"), d, unit:byte(), n), "date"
  end
  local t = G:tmp()
  G:emit(("local %s = %s"):format(t, call))
  G:emit(("if %s == nil then return 0 end"):format(t))
  return val(t, T(rty))
end

-- type(x): the type the reference's value has (money and dates are userdata there).
-- math.type(x): "integer" or "float" for a number, nil for anything else (money, dates and
-- ratios are userdata in the reference). Known when compiling where every kind x may be gives
-- the same answer; otherwise Lua's own, on kinds represented as the reference's values.
local MATH_TYPE = { int = "integer", inf = "float" }
local SAME_REP = { int = true, inf = true, ["nil"] = true, str = true, ostr = true, bool = true, plain = true }
local KNOWN_NOT_NUMBER = { ["nil"] = true, str = true, ostr = true, bool = true, money = true, date = true, ratio = true,
  alt = true, iinfo = true }
function lib.math_type_call(G, e)
  if #e.args ~= 1 then G:fail("math.type takes one value", e) end
  local v = G:exp(e.args[1])
  if v.special then G:fail("math.type of a " .. v.special, e) end
  local answers, n, same = {}, 0, true
  for k in pairs(v.ty) do
    local a = MATH_TYPE[k] or false
    if answers[a] == nil then answers[a] = true; n = n + 1 end
    same = same and SAME_REP[k] == true
  end
  if n == 1 and not v.ty.plain then
    local a = next(answers)
    for k in pairs(v.ty) do
      -- kinds whose reference value is known not to be a number unless MATH_TYPE says so
      if not (MATH_TYPE[k] or KNOWN_NOT_NUMBER[k]) then G:fail(("math.type of %s"):format(show(v.ty)), e) end
    end
    if a == false then return const(nil) end
    return const(a, "str")
  end
  if not same then G:fail(("math.type of %s"):format(show(v.ty)), e) end
  local t = G:tmp()
  G:emit(("local %s = %s(%s)"):format(t, G:upval(math.type, "mtype"), G:atom(v).code))
  return val(t, T("str", "nil"))
end

function lib.type_call(G, e)
  -- the type the reference's value has (money and dates are userdata there)
  local v = G:exp(e.args[1] or { tag = "Nil" })
  if v.special then G:fail("type of a " .. v.special, e) end
  if v.const then return const(Gen.REFTYPE[single(v.ty) or "nil"] or G:fail("type of a constant table", e), "str") end
  local map, ok = {}, true
  for k in pairs(v.ty) do
    local lt, rt = Gen.LUATYPE[k], Gen.REFTYPE[k]
    if not lt or not rt or (map[lt] and map[lt] ~= rt) then ok = false end
    if lt then map[lt] = rt end
  end
  if not ok then G:fail(("type of %s"):format(show(v.ty)), e) end
  local t = G:tmp()
  G:emit(("local %s = %s[%s(%s)]"):format(t, G:upval(map, "reftype"), G:upval(type, "type_"), G:atom(v).code))
  return val(t, T("str"))
end

-- districts.same(a, b) of two district names.
function lib.districts_same(G, e, want)
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
end

-- A pure function of the stdlib (PURE) on typed values.
function lib.pure_call(G, p, e, given)
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

function lib.call(G, f, e, want, given)
  local p = f.path
  if p == "min" or p == "max" or p == "math.min" or p == "math.max" then
    return minmax(G, G:args(e.args), p == "max" or p == "math.max", e)
  elseif p == "threshold" then
    return threshold(G, e)
  elseif p == "error" then
    -- the record's error, with the message the reference evaluation gives it; raising again a
    -- missing input that pcall caught makes the rule (or amount) undetermined, as in the reference
    local v = e.args[1] and G:exp(e.args[1])
    if v and not v.special and v.ty.caught then
      v = G:atom(v)
      G:emit(("if %s == %s then goto %s end"):format(v.code, G:upval(lib.MISSING, "MISSING"), G.cur_und))
    end
    G:bail()
    return val("nil", {})
  elseif p == "coerce.missing" then
    -- coerce.missing(name): the missing-input sentinel raised: undetermined
    G:args(e.args)
    G:emit(("goto %s"):format(G.cur_und))
    return val("nil", {})
  elseif p == "coerce.is_missing" then
    local v = G:exp(e.args[1] or { tag = "Nil" })
    if v.special then G:fail("is_missing of a " .. v.special, e) end
    if not v.ty.caught then return const(false, "bool") end
    return val(("(%s == %s)"):format(G:atom(v).code, G:upval(lib.MISSING, "MISSING")), T("bool"))
  elseif p == "pcall" then
    return lib.pcall(G, e, want)
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
  elseif p == "yuan" or p == "wan" or p == "yi" or p == "date" or p == "pct" or p == "bp" or p == "ratio" then
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
    -- a text for a person: its content is not built
    if not v.special then return val('"…"', T("ostr")) end
    G:fail(("tostring of %s outside an explanation"):format(show(v.ty)), e)
  elseif p == "string.format" then
    G:detail_format(e.args, e)
    return val('"…"', T("ostr"))
  elseif CALENDAR[p] then
    return lib.calendar_call(G, p, e)
  elseif p == "industry.lookup" or p == "industry.within" or p == "industry.is_tertiary" then
    return lib.industry_call(G, p, e)
  elseif p == "tonumber" then
    local v = G:exp(e.args[1] or { tag = "Nil" })
    if #e.args == 1 and v.const and type(v.value) == "string" then
      local n = tonumber(v.value)
      if math.type(n) == "integer" then return const(n, "int") end
    end
    G:fail("tonumber of a value that is not a constant integer text", e)
  elseif p == "type" then
    return lib.type_call(G, e)
  elseif p == "math.type" then
    return lib.math_type_call(G, e)
  elseif p == "table.concat" then
    -- table.concat(list, sep[, i, j]) of a table built per record: the same function
    local args = G:args(e.args)
    local codes = {}
    for i, a in ipairs(args) do codes[i] = G:plain_code(a, e, "table.concat") end
    local t = G:tmp()
    G:emit(("local %s = %s(%s)"):format(t, G:upval(table.concat, "concat"), table.concat(codes, ", ")))
    return val(t, T("str"))
  elseif p == "sme.classify" then
    return sme_classify(G, e)
  elseif p == "districts.same" and district_names_unique() then
    return lib.districts_same(G, e, want)
  elseif PURE[p] or p == "districts.same:call" then
    return lib.pure_call(G, p, e, given)
  end
  G:fail(("a call of %s"):format(p), e)
end

-- ---- methods ----

local MODES = { down = 0, up = 1, abort = 2 }
-- money rounding units in 分 and modes (lmoney.c check_unit, check_mode; core/money.h GZ_ROUND_*)
UNITS = { fen = 1, jiao = 10, yuan = 100, bai = 10000, qian = 100000, wan2 = 10000, wan = 1000000 }
ROUND_MODES = { half_up = 0, half_even = 1, down = 2, up = 3, floor = 4, ceiling = 5 }
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
  if node.tag == "String" and MODES[node.value] then return MODES[node.value] end
  local v = G:exp(node) -- a reading the run decided (ctx:interpret), a local holding one
  if v.const and v.value == nil then return 0 end
  if not (v.const and MODES[v.value]) then G:fail("a month-end mode that is not a constant", e) end
  return MODES[v.value]
end

function lib.value_method(G, obj, e, want)
  local m = e.name
  if obj.tiers and obj.const then return lib.tiers_method(G, obj, e, want) end
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
  if tag == "money" and (m == "mul" or m == "div" or m == "round") then
    -- m:mul(x, unit, mode), m:div(x, unit, mode), m:round(unit, mode): exact, rounded once to the
    -- unit by the mode (lmoney.c); an unknown unit or mode raises
    local mv = G:atom(G:not_nil(obj))
    local args = G:args(e.args)
    local x, first = const(1, "int"), 1
    if m ~= "round" then
      x = G:atom(G:not_nil(args[1] or const(nil)))
      local tx = single(x.ty)
      if tx ~= "int" and tx ~= "ratio" then G:fail(("money:%s of %s"):format(m, show(x.ty)), e) end
      first = 2
    end
    local function opt(v, names, default)
      if v == nil then return default end
      if not (v.const and type(v.value) == "string") then return nil end
      return names[v.value]
    end
    local unit = opt(args[first], UNITS, 1)
    local mode = opt(args[first + 1], ROUND_MODES, 0)
    if args[first] and args[first].const and args[first].value == nil then unit = 1 end
    if args[first + 1] and args[first + 1].const and args[first + 1].value == nil then mode = 0 end
    if unit == nil or mode == nil then
      for i = first, #args do
        if not args[i].const then G:fail(("money:%s with a unit or mode that is not a constant"):format(m), e) end
      end
      G:bail() -- an unknown unit or mode: luaL_checkoption raises
      return val("nil", T("money"))
    end
    return val(G:money_ratio(mv, x, m == "div" and "divq" or "mulq", unit, mode), T("money"))
  end
  if tag == "ratio" and (m == "num" or m == "den") and #e.args == 0 then
    -- the reduced numerator or denominator (an input's scaled integer is reduced first)
    local r = G:not_nil(obj)
    local n, d = G:ratio_parts(r)
    if r.const then
      local x, y = fastops.rop(3, r.value.num, r.value.den, 1, 1)
      return const(m == "num" and x or y, "int")
    end
    local rn, rd = G:tmp("rn"), G:tmp("rd")
    G:emit(("local %s, %s = %s(3, %s, %s, 1, 1)"):format(rn, rd, G:upval(fastops.rop, "rop"), n, d))
    G:emit(("if %s == nil then return 0 end"):format(rn))
    return val(m == "num" and rn or rd, T("int"))
  end
  if tag == "ratio" and m == "round" then
    -- r:round(places, mode): exact, rounded once (lmoney.c ratio_round); places and mode constants
    local r = G:not_nil(obj)
    local args = G:args(e.args)
    local places, mode = args[1] or const(nil), args[2] or const(nil)
    if not (places.const and mode.const) then G:fail("ratio:round with places or a mode that is not a constant", e) end
    local pv = places.value == nil and 0 or places.value
    local mv = mode.value == nil and 0 or ROUND_MODES[mode.value]
    if math.type(pv) ~= "integer" or mv == nil then G:bail(); return val("nil", T("ratio")) end
    local n, d = G:ratio_parts(r)
    local rn, rd = G:tmp("rn"), G:tmp("rd")
    G:emit(("local %s, %s = %s(%s, %s, %s, %d)"):format(rn, rd, G:upval(fastops.rround, "rround"), n, d, lit(pv), mv))
    G:emit(("if %s == nil then return 0 end"):format(rn))
    return Gen.ratio_val(rn, rd)
  end
  G:fail(("the method %s of %s"):format(m, show(obj.ty)), e)
end

-- d.year, d.month, d.day
function lib.field(G, obj, key, e)
  if obj.tiers and obj.const then
    if key == "list" then return { special = "tierlist", info = obj.tiers } end
    G:fail(("the field %s of a table of tiers"):format(tostring(key)), e)
  end
  if obj.tiers then return lib.tier_field(G, obj, key, e) end
  if obj.alts then return lib.alt_field(G, obj, key, e) end
  if obj.shape then
    -- a field of one of several records of constants (by a key known at run time); nil raises
    local o = G:not_nil(obj)
    local fty = obj.shape[key]
    if not fty then return const(nil) end
    if fty.ratio or fty.table then G:fail(("a record field %s holding %s"):format(tostring(key), show(fty)), e) end
    local t = G:tmp()
    G:emit(("local %s = %s[%q]"):format(t, o.code, tostring(key)))
    return val(t, Gen.union(fty, T("nil")))
  end
  if obj.ty.iinfo then
    -- a field of industry.lookup's answer: a text or nil (the table is kept per code, never changed)
    local o = G:not_nil(obj)
    local t = G:tmp()
    G:emit(("local %s = %s[%q]"):format(t, o.code, tostring(key)))
    G:emit(("if %s ~= nil and %s(%s) ~= \"string\" then return 0 end"):format(t, G:upval(type, "type_"), t))
    return val(t, T("str", "nil"))
  end
  if obj.ty.pentry then
    -- an entry of a parameter's values: only explanations read it
    return val("nil", T("opaque"))
  end
  local tag = single(obj.ty)
  if tag == "date" and (key == "year" or key == "month" or key == "day") then
    local d = G:atom(G:not_nil(obj))
    local y, mo, da = G:tmp("y"), G:tmp("m"), G:tmp("d")
    G:emit(("local %s, %s, %s = %s(%s)"):format(y, mo, da, G:upval(fastops.ymd, "ymd"), d.code))
    return val(key == "year" and y or key == "month" and mo or da, T("int"))
  end
  G:fail(("the field %s of %s"):format(tostring(key), show(obj.ty)), e)
end

-- ---- selections of child records: ctx:each(NAME) (measure/each.lua) ----

-- An answer that needs every child decided: the list there and no child undetermined (else the
-- rule or the amount asking is undetermined, as the reference's missing fields make it).
local function need_decided(G, S)
  G:emit(("if %s or %s > 0 then goto %s end"):format(S.missing, S.und, G.cur_und))
end

function lib.selection_method(G, S, e, want)
  local m = e.name
  if m == "count" then
    need_decided(G, S)
    return val(S.known, T("int"))
  elseif m == "list" then
    need_decided(G, S)
    return { special = "list", code = S.counted, of = S.of, name = S.list }
  elseif m == "at_least" then
    local n = G:atom(G:expect(G:exp(e.args[1] or { tag = "Nil" }), { "int" }, "at_least", e))
    if S.missing then G:emit(("if %s then goto %s end"):format(S.missing, G.cur_und)) end
    local t = G:tmp()
    G:emit(("local %s"):format(t))
    G:emit(("if %s >= %s then %s = true elseif %s + %s < %s then %s = false else goto %s end"):format(S.known, n.code, t,
      S.known, S.und, n.code, t, G.cur_und))
    return multi { val(t, T("bool")), val("nil", T("opaque")) }
  end
  G:fail(("the method %s of a selection"):format(m), e)
end

function lib.selection_field(G, S, key, e)
  if key == "known" then return val(S.known, T("int")) end
  if key == "possible" then
    -- the list missing: math.huge (anything may count)
    return val(("(%s and (1/0) or (%s + %s))"):format(S.missing, S.known, S.und), T("int", "inf"))
  end
  G:fail(("the field %s of a selection"):format(tostring(key)), e)
end

-- ---- industry.lookup / within / is_tertiary (stdlib/industry.lua) on a text code ----
-- Pure functions of the code (the prefixes a constant list): each answer kept per code (up to
-- 10,000), the first result as the reference gives it; nil (an unknown code) gives its reason.
local industry_memos = {}

local function memo_of(key, f)
  local m = industry_memos[key]
  if not m then
    local cache, n = {}, 0
    m = { cache = cache, learn = function(code)
      local ok, a = pcall(f, code)
      local r = "error"
      if ok then r = a == nil and "nil" or a end
      if n < 10000 then cache[code] = r; n = n + 1 end
      return r
    end }
    industry_memos[key] = m
  end
  return m
end

function lib.industry_call(G, p, e)
  local args = G:args(e.args)
  local code = G:atom(G:expect(args[1] or const(nil), { "str" }, p, e))
  local f, key
  if p == "industry.within" then
    local list = args[2]
    if not (list and list.const and list.ctable) then G:fail("industry.within of prefixes that are not a constant list", e) end
    local prefixes, parts = {}, {}
    for i, x in ipairs(list.ctable) do
      if type(x) ~= "string" then G:fail("industry.within of prefixes that are not texts", e) end
      prefixes[i], parts[i] = x, x
    end
    key = p .. "\0" .. table.concat(parts, "\0")
    f = function(c) return ORIGINAL["industry.within"](c, prefixes) end
  else
    key, f = p, ORIGINAL[p]
  end
  local m = memo_of(key, f)
  local t = G:tmp()
  G:emit(("local %s = %s[%s]"):format(t, G:upval(m.cache, "icache"), code.code))
  G:emit(("if %s == nil then %s = %s(%s) end"):format(t, t, G:upval(m.learn, "ilearn"), code.code))
  G:emit(("if %s == \"error\" then return 0 end"):format(t))
  -- "nil": the reference's nil (an unknown or too coarse code), with its reason
  local r = G:tmp()
  G:emit(("local %s = %s"):format(r, t))
  G:emit(("if %s == \"nil\" then %s = nil end"):format(r, r))
  if p == "industry.lookup" then return multi { val(r, T("iinfo", "nil")), val("nil", T("opaque")) } end
  G:emit(("if %s ~= nil and %s(%s) ~= \"boolean\" then return 0 end"):format(r, G:upval(type, "type_"), r))
  return multi { val(r, T("bool", "nil")), val("nil", T("opaque")) }
end

-- ---- pcall(f, ...) of a function of the script ----

-- What pcall gives for a missing input it caught, in compiled code: a string no script can make.
lib.MISSING = "\0gazette: a missing input"

-- pcall(f, ...): f inlined; a missing input it reads gives false and the sentinel (the rule
-- reading it is not stopped); any other error hands the record back (the reference would give
-- false and the error object: the reference evaluates it).
function lib.pcall(G, e, want)
  local f = e.args[1] and G:exp(e.args[1])
  if not f or (f.special ~= "closure" and f.special ~= "fn") then G:fail("pcall of a function that is not the script's", e) end
  local rest = {}
  for i = 2, #e.args do rest[#rest + 1] = e.args[i] end
  local n = math.max(1, (want or 1) - 1)
  local ok, second = G:tmp("pok"), G:tmp("pv")
  G:emit(("local %s, %s, %sd = true, nil, 1"):format(ok, second, second))
  local PU, PD = G:label("PU"), G:label("PD")
  local saved = G.cur_und
  G.cur_und = PU
  local r
  local okc, err = pcall(function()
    G:open("do")
    if f.special == "closure" then r = G:inline_closure(f, rest, n, e) else r = G:inline(f, rest, n, e) end
    if r.special == "multi" then r = r.list else r = { r } end
    for i = 1, #r do if r[i].special then G:fail("pcall of a function returning a " .. r[i].special, e) end end
    -- the values it returned (the first; further ones are not kept)
    local first = r[1] or const(nil)
    if has_ratio(first) then
      local n, d = G:ratio_parts(first)
      G:emit(("%s, %sd = %s, %s"):format(second, second, n, d))
    else
      G:emit(("%s = %s"):format(second, first.code))
    end
    G:close()
  end)
  G.cur_und = saved
  if not okc then error(err, 0) end
  G:emit(("goto %s"):format(PD))
  G:emit(("::%s:: %s, %s = false, %s"):format(PU, ok, second, G:upval(lib.MISSING, "MISSING")))
  G:emit(("::%s::"):format(PD))
  local first = r[1] or const(nil)
  local sv = val(second, Gen.union(first.ty, T("caught")))
  if has_ratio(first) then sv.den = second .. "d" end
  return multi { val(ok, T("bool")), sv }
end

-- ---- ctx:param(NAME, date): the value in force on another date (measure.lua Ctx:param) ----

local EPOCH_DAY = dates.date(1970, 1, 1)

-- The value whose period covers the day (an override set for the run, on every day), and its
-- entry (for explanations); a day no value covers raises, and the record is handed back.
param_at = function(G, name, dv, e)
  local M, plan = G.env.measure, G.env.plan
  local P = M.params[name]
  if not P then return G.env.param(G, name, e) end -- the reference reads ctx.p: an unknown one raises
  local entry = val("nil", T("pentry"))
  if plan.set[name] ~= nil then
    local c = lib.from_lua(G, plan.set[name])
    if not c then G:fail(("parameter '%s' holds a %s"):format(name, type(plan.set[name])), e) end
    if dv.special then G:fail("ctx:param at a " .. dv.special, e) end
    return multi { c, entry }
  end
  if dv.special then G:fail("ctx:param at a " .. dv.special, e) end
  if dv.const and type(dv.value) == "string" then
    local d = dates.parse(dv.value)
    if not d then G:bail(); return multi { G.env.lib.dead_value(G, P.kind, e), entry } end
    dv = const(d - EPOCH_DAY, "date")
  end
  local d = G:atom(G:expect(dv, { "date" }, "ctx:param(name, date)", e)) -- nil raises
  local vals, tag = {}, nil
  for i, x in ipairs(P.values) do
    local c = lib.from_lua(G, x.value)
    if not c or c.ty.ratio or c.ctable then G:fail(("parameter '%s' at another date holds %s values"):format(name, P.kind), e) end
    if tag and single(c.ty) ~= tag then G:fail(("parameter '%s' holds values of two kinds"):format(name), e) end
    tag = single(c.ty)
    vals[i] = c.code
  end
  local v = G:tmp("pv")
  G:emit(("local %s"):format(v))
  for i, x in ipairs(P.values) do
    local cond = ("%s >= %s"):format(d.code, lit(x.from - EPOCH_DAY))
    if x.until_ then cond = cond .. (" and %s <= %s"):format(d.code, lit(x.until_ - EPOCH_DAY)) end
    G:emit(("%sif %s then %s = %s"):format(i == 1 and "" or "else", cond, v, vals[i]))
  end
  G:emit("else return 0 end")
  return multi { val(v, T(tag)), entry }
end

-- ---- ctx:highest(NAME, {ALTERNATIVE = amount or reason, ...}) (measure/stacking.lua) ----

-- Pays the highest money offer of the declared alternatives, as stacking.choose: offers in the
-- order the table lists them, weighed in the declared order, ties by the declared rule; an
-- unknown or missing offer, a negative amount or a value neither money nor a string raises.
-- Returns the amount (0 when nothing is payable) and the paid alternative (an index, or nil).
local function highest(G, e)
  local args = e.args
  if #args ~= 2 or args[1].tag ~= "String" or args[2].tag ~= "Table" then
    G:fail("ctx:highest without a constant name and a table of offers", e)
  end
  local A = G.env.measure.alts[args[1].value]
  local offers, order = {}, {}
  for _, it in ipairs(args[2].items) do
    if not (it.key and it.key.tag == "String") then G:fail("ctx:highest with an offer not named by a constant", e) end
    local v = G:exp(it.value)
    if v.special then G:fail("ctx:highest offering a " .. v.special, e) end
    v = G:atom(v)
    if offers[it.key.value] then G:fail("ctx:highest naming an offer twice", e) end
    offers[it.key.value] = v
    order[#order + 1] = it.key.value
  end
  if not A then G:bail(); return multi { val("nil", T("money")), val("nil", T("nil")) } end
  for _, k in ipairs(order) do
    if not A.index[k] then G:bail(); return multi { val("nil", T("money")), val("nil", T("nil")) } end
  end
  local best, amt = G:tmp("alt"), G:tmp("amt")
  G:emit(("local %s, %s = nil, 0"):format(best, amt))
  for i, o in ipairs(A.options) do
    local v = offers[o.name]
    if not v then G:bail(); break end
    local money_ok, str_ok = v.ty.money, v.ty.str or v.ty.ostr
    for k in pairs(v.ty) do
      if k ~= "money" and k ~= "str" and k ~= "ostr" and k ~= "nil" then G:fail(("ctx:highest offering %s"):format(show(v.ty)), e) end
    end
    if v.const then
      if v.value == nil then G:bail() end
    else
      if v.ty["nil"] then G:emit(("if %s == nil then return 0 end"):format(v.code)) end
    end
    if money_ok then
      local test = str_ok and ("%s(%s) == \"number\""):format(G:upval(type, "type_"), v.code) or "true"
      G:open(("if %s then"):format(test))
      G:emit(("if %s < 0 then return 0 end"):format(v.code))
      G:emit(("if %s > 0 and (%s == nil or %s > %s%s) then %s, %s = %d, %s end"):format(v.code, best, v.code, amt,
        A.tie == "last" and (" or %s == %s"):format(v.code, amt) or "", best, amt, i, v.code))
      G:close()
    end
  end
  local paid = val(best, T("alt", "nil"))
  paid.alts = A
  return multi { val(amt, T("money")), paid }
end

-- paid.name, paid.clause, paid.text of the alternative ctx:highest paid
function lib.alt_field(G, v, key, e)
  if key ~= "name" and key ~= "clause" and key ~= "text" then G:fail(("the field %s of an alternative"):format(tostring(key)), e) end
  local t = G:not_nil(v)
  local vals = {}
  for i, o in ipairs(v.alts.options) do vals[i] = o[key] end
  local r = G:tmp()
  G:emit(("local %s = %s[%s]"):format(r, G:upval(vals, "alt_" .. key), t.code))
  return val(r, T("str", "nil"))
end

-- ctx:interpret(name), ctx:param(name), ctx:note(...), ctx:memo(key, fn, ...), ctx:each(name),
-- ctx:highest(name, offers)
function lib.ctx_method(G, e, want, is_stat)
  local m, args = e.name, e.args
  if m == "highest" then return highest(G, e) end
  if m == "each" then
    if #args ~= 1 or args[1].tag ~= "String" then G:fail("ctx:each without a constant name", e) end
    return G.env.selection(G, args[1].value, e)
  end
  if m == "interpret" then
    if #args ~= 1 or args[1].tag ~= "String" then G:fail("ctx:interpret without a constant name", e) end
    local c = G.env.interps[args[1].value]
    if c == nil then G:fail(("ctx:interpret of an unknown interpretation '%s'"):format(args[1].value), e) end
    return const(c, "str")
  elseif m == "param" and #args == 2 and args[1].tag == "String" then
    return param_at(G, args[1].value, G:exp(args[2]), e)
  elseif m == "param" then
    if #args ~= 1 or args[1].tag ~= "String" then G:fail("ctx:param without a constant name", e) end
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
