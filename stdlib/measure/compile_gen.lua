-- stdlib/measure/compile_gen.lua: the code generator of the measure compiler
-- (measure/compile.lua): Lua source from the syntax tree of a rule's check and when, the
-- amount's compute and the script's helper functions they call.
--
-- Values are typed statically. A value's representation in the generated code:
--   int   a Lua integer              str   a Lua string            bool  a boolean
--   money an integer of 分           date  an integer day number   ratio a constant num/den
--   nil   nil                        opaque  a value only an explanation reads (never built)
-- A type is a set of these tags; a value may be several (str or nil for an optional input).
-- Operations are compiled only where the types say exactly what the reference evaluation does;
-- where the reference raises an error, or where a value is outside what the compiled code
-- handles (an overflow, a day out of range), the generated code returns 0: the caller then
-- evaluates that record with the reference evaluator. Anything else unknown stops the
-- compilation with a reason (G:fail), and the measure keeps its reference evaluation.
--
-- Reads of a missing input jump to the rule's "undetermined" label (or the amount's), exactly
-- where the reference raises its missing-input sentinel; `and`/`or` whose right side reads
-- an input are lowered to `if` so that the read stays conditional.
local Gen = {}
Gen.__index = Gen

local MAXINT, MININT = math.maxinteger, math.mininteger
Gen.EMPTY = setmetatable({}, { __newindex = function() error("the empty list is read-only", 2) end })

-- ---- types ----

local function T(...)
  local t = {}
  for _, k in ipairs { ... } do t[k] = true end
  return t
end
Gen.T = T

local function union(a, b)
  local t = {}
  for k in pairs(a) do t[k] = true end
  for k in pairs(b) do t[k] = true end
  return t
end
Gen.union = union

-- The one tag of t besides nil, or nil when it has none or several.
local function single(t)
  local one
  for k in pairs(t) do
    if k ~= "nil" then
      if one then return nil end
      one = k
    end
  end
  return one
end
Gen.single = single

local function has(t, k) return t[k] == true end
local function nonnil_count(t)
  local n = 0
  for k in pairs(t) do if k ~= "nil" then n = n + 1 end end
  return n
end
local function show(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks)
  return table.concat(ks, "|")
end
Gen.show = show

-- ---- values ----
-- V = {code = "lua expression", ty = T(...)}, or a constant {const = true, value = v, ty},
-- or special {special = "record" | "ctx" | "params" | "out" | "fn" | "lib" | "multi", ...}.

local function lit(v)
  if v == nil then return "nil" end
  if v == true then return "true" end
  if v == false then return "false" end
  if math.type(v) == "integer" then
    if v == MININT then return "(-9223372036854775807 - 1)" end
    return tostring(v)
  end
  if type(v) == "string" then return (string.format("%q", v):gsub("\\\n", "\\n")) end
  error("lit: " .. tostring(v))
end
Gen.lit = lit

local function const(value, tag)
  return { const = true, value = value, code = lit(value), ty = value == nil and T("nil") or T(tag) }
end
Gen.const = const

local function val(code, ty) return { code = code, ty = ty } end
Gen.val = val

-- A ratio (or decimal) at run time: its numerator and denominator, names or literals (an input
-- is its scaled integer over GZ_ARG_SCALE, core/arg.h; results of ratio arithmetic are reduced,
-- as lmoney.c's are). A ratio constant is {const = true, value = {num =, den =}}.
local function ratio_val(num, den) return { code = num, den = den, ty = { ratio = true } } end
Gen.ratio_val = ratio_val
Gen.SCALE = 1000000000

-- ---- the generator ----

-- env: {measure = M, as_of = day, params = {name = {value=, kind=, err=}}, interps = {name = choice},
--       lib = compile_lib, info = scan info}
function Gen.new(env)
  return setmetatable({ env = env, out = {}, depth = 1, ntmp = 0, nlabel = 0, bind = {}, upvals = {},
    upval_index = {}, inline_stack = {}, notes = {}, facts = { {} } }, Gen)
end

-- Stops the compilation: the measure keeps its reference evaluation, with this reason.
function Gen:fail(msg, node)
  error({ compile_fail = node and node.line and ("line %d: %s"):format(node.line, msg) or msg }, 0)
end

function Gen:emit(s)
  self.out[#self.out + 1] = ("  "):rep(self.depth) .. s
end

-- Blocks: open emits a line that starts one ("if ... then", "do"), reopen its middle ("else"),
-- close its end. Each block has the facts its code established (values known not to be nil
-- after a guard); they hold until the block ends.
-- self.rt counts the blocks that run conditionally (if, for, the right side of and/or) around the
-- code being emitted: a table of constants may be changed at compile time only where it was made
-- (Gen:assign), never in code that may not run.
function Gen:open(s)
  self:emit(s)
  self.depth = self.depth + 1
  self.facts[#self.facts + 1] = {}
  local cond = s ~= "do"
  self.rtstack = self.rtstack or {}
  self.rtstack[#self.rtstack + 1] = cond
  if cond then self.rt = (self.rt or 0) + 1 end
end
function Gen:reopen(s)
  self.facts[#self.facts] = {}
  self.depth = self.depth - 1
  self:emit(s)
  self.depth = self.depth + 1
end
function Gen:close(s)
  self.facts[#self.facts] = nil
  self.depth = self.depth - 1
  self:emit(s or "end")
  local cond = self.rtstack and table.remove(self.rtstack)
  if cond then self.rt = self.rt - 1 end
end
function Gen:known(code)
  for i = #self.facts, 1, -1 do if self.facts[i][code] then return true end end
  return false
end
-- `if code == nil then <stmt> end`, unless code is known not to be nil here; afterwards it is.
-- never_false: code holds no boolean, so `not code` tests it (an instruction; `== nil` is a
-- call into the VM's equality).
function Gen:guard(code, stmt, never_false)
  if self:known(code) then return end
  self:emit((never_false and "if not %s then %s end" or "if %s == nil then %s end"):format(code, stmt))
  self.facts[#self.facts][code] = true
end

function Gen:tmp(prefix)
  self.ntmp = self.ntmp + 1
  return (prefix or "t") .. self.ntmp
end

function Gen:label(prefix)
  self.nlabel = self.nlabel + 1
  return (prefix or "L") .. self.nlabel
end

-- The upvalue name of a Lua value the generated code needs (a C function, a table).
function Gen:upval(v, hint)
  local name = self.upval_index[v]
  if name then return name end
  name = ("U%d_%s"):format(#self.upvals + 1, hint or "v")
  self.upvals[#self.upvals + 1] = { name = name, value = v }
  self.upval_index[v] = name
  return name
end

function Gen:bail() self:emit("do return 0 end") end

-- Runs fn with a fresh output buffer; returns fn's result and the lines it emitted.
function Gen:capture(fn, ...)
  local saved = self.out
  self.out = {}
  self.facts[#self.facts + 1] = {}
  local nf = #self.facts
  self.rt = (self.rt or 0) + 1 -- captured code runs conditionally (or in a loop)
  local ok, r = pcall(fn, ...)
  self.rt = self.rt - 1
  for i = #self.facts, nf, -1 do self.facts[i] = nil end
  local lines = self.out
  self.out = saved
  if not ok then error(r, 0) end
  return r, lines
end

function Gen:splice(lines)
  for _, l in ipairs(lines) do self.out[#self.out + 1] = l end
end

-- The generated text: lines are strings, or placeholders of lazy values (Gen:lazy) whose text
-- is filled in when the value is first needed.
function Gen:text()
  local t = {}
  for _, l in ipairs(self.out) do
    if type(l) ~= "table" then t[#t + 1] = l
    elseif l.used then t[#t + 1] = l.text end -- a lazy value no use needed is not computed
  end
  return table.concat(t, "\n")
end

-- A value computed only if some use needs its code: a placeholder line is emitted where the value
-- is defined (so its local is in scope of every later use); make(name) gives the text of the
-- line that computes it. sym describes the value for uses that need no code (a comparison of
-- a monotone function with a constant, Gen:comparison).
local Lazy = {
  __index = function(v, k)
    if k ~= "code" then return nil end
    local name = v.ph.name
    v.ph.text = v.ph.indent .. v.ph.make(name)
    v.ph.used = true
    rawset(v, "code", name)
    return name
  end,
}
function Gen:lazy(ty, sym, make)
  local ph = { name = self:tmp(), indent = ("  "):rep(self.depth), make = make }
  ph.text = ph.indent .. "local " .. ph.name
  self.out[#self.out + 1] = ph
  return setmetatable({ ty = ty, sym = sym, ph = ph }, Lazy)
end

-- A value whose code is a name or a literal, so that it can be used twice.
function Gen:atom(v)
  if v.special then self:fail("a " .. v.special .. " is not a value here") end
  if rawget(v, "sym") then return v end
  if v.const or v.code:match("^[%a_][%w_]*$") then return v end
  local t = self:tmp()
  self:emit(("local %s = %s"):format(t, v.code))
  local a = val(t, v.ty)
  a.den, a.tiers, a.truthy_ty, a.district = v.den, v.tiers, rawget(v, "truthy_ty"), v.district
  return a
end

-- The numerator and denominator codes of a ratio or an integer (a constant's as literals).
function Gen:ratio_parts(v)
  if v.const then
    if type(v.value) == "table" then return lit(v.value.num), lit(v.value.den) end
    return lit(v.value), "1"
  end
  if v.den then return v.code, v.den end
  return v.code, "1"
end

-- An integer where the value may also be the float math.huge stands for (tag inf): the
-- reference raises (a float where money or an integer output is needed), so hand back.
function Gen:int_of(v)
  if v.ty.inf and not v.const then
    v = self:atom(v)
    self:emit(("if %s(%s) ~= \"integer\" then return 0 end"):format(self:upval(math.type, "mtype"), v.code))
    local t = {}
    for k in pairs(v.ty) do if k ~= "inf" then t[k] = true end end
    return val(v.code, t)
  end
  return v
end

-- Guards a value that the reference would use where nil raises an error.
function Gen:not_nil(v)
  if rawget(v, "sym") then return v end
  if has(v.ty, "nil") and not (v.code and not v.const and self:known(v.code)) then
    if v.const then self:bail(); return v end
    v = self:atom(v)
    self:guard(v.code, "return 0")
  end
  if has(v.ty, "nil") and not v.const then
    local t = {}
    for k in pairs(v.ty) do if k ~= "nil" then t[k] = true end end
    local r = val(v.code, t)
    r.den, r.tiers, r.district = v.den, v.tiers, v.district -- what else it carries
    return r
  end
  return v
end

-- The value of v as one of the tags in `tags` (a list), or fail.
-- The Lua type of each tag's run-time representation, and the type the reference's value has.
local LUATYPE = { int = "number", money = "number", date = "number", inf = "number", ratio = "number", str = "string",
  ostr = "string", bool = "boolean", ["nil"] = "nil", tier = "number", caught = "string" }
local REFTYPE = { int = "number", money = "userdata", date = "userdata", inf = "number", ratio = "userdata",
  str = "string", ostr = "string", bool = "boolean", ["nil"] = "nil" }
Gen.LUATYPE, Gen.REFTYPE = LUATYPE, REFTYPE

-- No kind of t is a Lua boolean (nor one the table does not know): `not x` tells nil apart.
local function never_false(t)
  for k in pairs(t) do
    local lt = LUATYPE[k]
    if lt == nil or lt == "boolean" then return false end
  end
  return true
end
Gen.never_false = never_false

-- v as one tag (and nil) where its type holds others the run time tells apart (a money or a
-- string left in one local): the others are values the reference raises on here, so the record
-- is handed back. Returns nil when the tags cannot be told apart.
function Gen:narrow(v, tag)
  if v.ty.plain then return self:narrow_plain(v, tag) end
  local want = LUATYPE[tag]
  if not want or not v.ty[tag] then return nil end
  for k in pairs(v.ty) do
    if k ~= tag and k ~= "nil" and LUATYPE[k] == want then return nil end
  end
  if tag == "int" or tag == "money" or tag == "date" then
    -- an integer: not a float (math.huge)
    if v.ty.inf then return nil end
  end
  v = self:atom(v)
  self:emit(("if %s ~= nil and %s(%s) ~= %q then return 0 end"):format(v.code, self:upval(type, "type_"), v.code, want))
  local t = { [tag] = true }
  if v.ty["nil"] then t["nil"] = true end
  local r = val(v.code, t)
  r.den, r.tiers, r.district = v.den, v.tiers, v.district
  return r
end

function Gen:expect(v, tags, what, node)
  v = self:not_nil(v)
  if v.ty.inf and v.ty.int then
    local wants_int = false
    for _, t in ipairs(tags) do wants_int = wants_int or t == "int" end
    if wants_int then v = self:int_of(v) end
  end
  if not single(v.ty) then
    for _, t in ipairs(tags) do
      local n = v.ty[t] and self:narrow(v, t)
      if n then v = n break end
    end
  end
  local tag = single(v.ty)
  for _, t in ipairs(tags) do if tag == t then return v, tag end end
  self:fail(("%s: expected %s, got %s"):format(what, table.concat(tags, " or "), show(v.ty)), node)
end

-- ---- names ----

-- The value a Name node stands for.
function Gen:name(e)
  local d = e.decl
  if not d then return self.env.lib.global(self, e.name, e) end
  local b = self.bind[d]
  if b then return b end
  if d.top then return self:toplevel(d, e) end
  self:fail(("'%s' is not known here"):format(e.name), e)
end

-- A top-level local of the script: a local function, or a constant.
-- A top-level local `local f = require("measure.coerce").missing` (or is_missing): the
-- missing-input sentinel's functions, which the compiler models.
local COERCE_FNS = { missing = "coerce.missing", is_missing = "coerce.is_missing" }
local function required_fn(v)
  if not (v and v.tag == "Index" and v.key.tag == "String" and COERCE_FNS[v.key.value]) then return nil end
  local c = v.object
  while c.tag == "Paren" do c = c.inner end
  if c.tag == "Call" and c.fn.tag == "Name" and not c.fn.decl and c.fn.name == "require" and #c.args == 1
      and c.args[1].tag == "String" and c.args[1].value == "measure.coerce" then
    return COERCE_FNS[v.key.value]
  end
end

function Gen:toplevel(d, e)
  if d.is_measure then return { special = "measure" } end
  if d.reftable and not d.assigned then
    -- a reference table the script loaded (measure/reftable.lua): its handle, read-only
    local tables = self.env.measure.tables or {}
    local Tb = tables[d.reftable]
    if not Tb or #tables ~= d.nloads then self:fail(("the reference table '%s' is not the measure's"):format(d.name), e) end
    return { special = "reftable", handle = Tb, name = d.name }
  end
  if d.kind == "local" and not d.assigned and not d.mutated and required_fn(d.value) then
    return { special = "lib", path = required_fn(d.value) }
  end
  if d.kind == "function" then
    if d.assigned then self:fail(("the script assigns '%s' again"):format(d.name), e) end
    return { special = "fn", decl = d, fn = d.fn }
  end
  if d.kind == "local" and not d.assigned and not d.mutated and d.value and not d.multi then
    local v = d.const_value
    if v == nil then
      v = self.env.lib.constant(self, d.value) or false
      d.const_value = v -- the same object for every use (a table of tiers is compared by identity)
    end
    -- a table of constants only when the script never hands it to anything that could change it;
    -- a table of tiers has no method that changes it
    if v and not (v.ctable and (d.escapes or d.method_called)) and not (d.method_called and not v.tiers) then
      return v
    end
  end
  self:fail(("the script's local '%s' is not a constant the compiler can read"):format(d.name), e)
end

-- ---- expressions ----

-- exp(e) -> one value (a call's results truncated to the first)
function Gen:exp(e)
  local v = self:exps(e, 1)
  if v.special == "multi" then
    return v.list[1] or const(nil)
  end
  return v
end

-- exps(e, want) -> a value, or {special = "multi", list = {...}} for a call
function Gen:exps(e, want)
  local tag = e.tag
  if tag == "Nil" then return const(nil) end
  if tag == "True" then return const(true, "bool") end
  if tag == "False" then return const(false, "bool") end
  if tag == "Number" then
    if math.type(e.value) ~= "integer" then self:fail("a float constant", e) end
    return const(e.value, "int")
  end
  if tag == "String" then return const(e.value, "str") end
  if tag == "Paren" then return self:exp(e.inner) end
  if tag == "Name" then return self:name(e) end
  if tag == "Index" then return self:index(e) end
  if tag == "Call" then return self:call(e, want) end
  if tag == "Method" then return self:method(e, want) end
  if tag == "Binop" then return self:binop(e) end
  if tag == "Unop" then return self:unop(e) end
  if tag == "Table" then
    if e.runtime_table then return self:runtime_table(e) end
    return self:table_const(e)
  end
  if tag == "Function" then
    -- a function written here (passed to pcall or a helper): compiled where it is called, with
    -- the names it sees now
    local snap = {}
    for k, v in pairs(self.bind) do snap[k] = v end
    return { special = "closure", fn = e, decl = e, snap = snap }
  end
  self:fail(("a %s expression"):format(tag:lower()), e)
end

-- A table of constants written in a rule ({ ["50"] = ctx.p.award_50, ... }): every key and value
-- known when compiling; indexing it is a lookup in the same table of compiled values.
function Gen:table_const(e)
  local t, vty, n = {}, {}, 0
  local shape
  for _, it in ipairs(e.items) do
    local k
    if it.key then
      local kv = self:exp(it.key)
      if not kv.const or not (single(kv.ty) == "str" or single(kv.ty) == "int") then self:fail("a table with a computed key", e) end
      k = kv.value
    else
      n = n + 1
      k = n
    end
    local v = self:exp(it.value)
    if not v.const or (type(v.value) == "table" and not v.ctable) then
      -- a value known only at run time: the table is built per record (compile_plain.lua)
      if not e.runtime_table then error({ compile_retry = e }, 0) end
      self:fail("a table with a value that is not a constant", e)
    end
    if v.ctable then
      -- a record of constants inside (the standards of each category): its fields' types kept
      for _, x in pairs(v.ctable) do if type(x) == "table" then self:fail("a table of tables of tables", e) end end
      shape = shape or {}
      for fk in pairs(v.ctable) do shape[fk] = union(shape[fk] or {}, v.vty) end
    end
    if v.value ~= nil then
      t[k] = v.value
      vty = union(vty, v.ty)
    end
  end
  return { const = true, ctable = t, vty = vty, value = t, code = "nil", ty = T("table"), rt = self.rt or 0,
    fresh = true, shape = shape, node = e }
end

function Gen:index(e)
  local obj = self:exp(e.object)
  if obj.ctable then
    local k = self:exp(e.key)
    if k.special then self:fail("a table indexed by a " .. k.special, e) end
    if k.const then
      local v = obj.ctable[k.value]
      if v == nil then return const(nil) end
      return { const = true, value = v, code = lit(v), ty = obj.vty }
    end
    local kt = single(k.ty)
    if kt ~= "str" and kt ~= "int" then
      if obj.fresh then self:retry_table(obj, "a table of constants indexed by " .. show(k.ty), e) end
      self:fail(("a table of constants indexed by %s"):format(show(k.ty)), e)
    end
    if obj.vty.ratio then self:fail("a table of ratios indexed at run time", e) end
    -- read at run time from the table itself: a later change made when compiling would show
    obj.read_at_run_time = true
    local t = self:tmp()
    self:emit(("local %s = %s[%s]"):format(t, self:upval(obj.ctable, "tbl"), self:atom(k).code))
    local r = val(t, union(obj.vty, T("nil")))
    if obj.shape then r.shape = obj.shape; r.ty = T("crec", "nil") end
    return r
  end
  if not obj.special and not obj.const and obj.ty.plain then return self:plain_index(obj, e.key, e) end
  if not obj.special and not obj.const and obj.ty["nil"] and next(obj.ty, nil) and not next(obj.ty, next(obj.ty)) then
    -- a local that holds only nil so far (a loop's first pass, before it is assigned a table):
    -- indexing it raises in the reference
    self:bail()
    return val("nil", T("plain"))
  end
  local key = e.key.tag == "String" and e.key.value
  if obj.special == "record" then
    if not key then self:fail("a record field by a computed name", e) end
    return self.env.read_input(self, key, e)
  elseif obj.special == "ctx" then
    if key == "p" then return { special = "params" } end
    if key == "as_of" then return const(self.env.as_of, "date") end
    self:fail(("ctx.%s"):format(tostring(key)), e)
  elseif obj.special == "params" then
    if not key then self:fail("a parameter by a computed name", e) end
    return self.env.param(self, key, e)
  elseif obj.special == "out" then
    if not key then self:fail("an output by a computed name", e) end
    return self.env.read_output(self, key, e)
  elseif obj.special == "lib" then
    return self.env.lib.member(self, obj, key, e)
  elseif obj.special == "child" then
    if not key then self:fail("a child record's field by a computed name", e) end
    return self.env.read_child(self, obj, key, e)
  elseif obj.special == "measure" then
    local M = self.env.measure
    if key == "id" then return const(M.id, "str") end
    if key == "valid" then return { special = "measure_valid" } end
    self:fail(("the measure's field %s"):format(tostring(key)), e)
  elseif obj.special == "measure_valid" then
    local M = self.env.measure
    if key == "from" or key == "to" then
      local d = M.valid[key]
      if d == nil then return const(nil) end
      return self.env.lib.from_lua(self, d)
    end
    self:fail(("the measure's valid.%s"):format(tostring(key)), e)
  elseif obj.special == "selection" then
    return self.env.lib.selection_field(self, obj, key, e)
  elseif obj.special == "tierrec" then
    return self.env.lib.tierrec_field(self, obj, key, e)
  elseif obj.special == "tierlist" then
    return self.env.lib.tier_at(self, obj, self:exp(e.key), e)
  elseif not obj.special then
    return self.env.lib.field(self, obj, key, e)
  end
  self:fail("indexing a " .. obj.special, e)
end

-- The values of a call's arguments, evaluated left to right.
function Gen:args(nodes)
  local vs = {}
  for i, a in ipairs(nodes) do vs[i] = self:exp(a) end
  return vs
end

function Gen:call(e, want)
  local f = self:exp(e.fn)
  if f.special == "fn" then return self:inline(f, e.args, want, e) end
  if f.special == "closure" then return self:inline_closure(f, e.args, want, e) end
  if f.special == "closureset" then return self:call_closureset(f, e.args, want, e) end
  if f.special == "tierfn" then return self.env.lib.tier_fn_call(self, f, e.args, want, e) end
  if f.special == "lib" then return self.env.lib.call(self, f, e, want) end
  self:fail("a call of a value that is not a known function", e)
end

function Gen:method(e, want)
  local fmt = e.name == "format" and e.object.tag == "Paren" and self.env.lib.constant(self, e.object.inner)
  if fmt and fmt.const and type(fmt.value) == "string" then
    -- a text made for a person (a reason why an alternative does not apply): its reads and
    -- errors happen, its content is not built; only what does not look at it may use it
    self:detail_format({ { tag = "String", value = fmt.value, line = e.line }, table.unpack(e.args) }, e)
    return val('"…"', T("ostr"))
  end
  local obj = self:exp(e.object)
  if obj.special == "ctx" then return self.env.lib.ctx_method(self, e, want) end
  if obj.special == "selection" then return self.env.lib.selection_method(self, obj, e, want) end
  if obj.special == "lib" then return self.env.lib.call(self, { special = "lib", path = obj.path .. ":" .. e.name, obj = obj }, e, want) end
  if obj.special == "reftable" then return self:reftable_method(obj, e) end
  if obj.special then self:fail(("a method of a %s"):format(obj.special), e) end
  if (obj.ty.str or obj.ty.plain) and not obj.tiers and not obj.ctable then
    local onlytext = true
    for k in pairs(obj.ty) do onlytext = onlytext and (k == "str" or k == "plain" or k == "nil") end
    if onlytext then return self:string_method(obj, e, want) end
  end
  return self.env.lib.value_method(self, obj, e, want)
end

-- ---- operators ----

local COMPARE = { ["<"] = true, ["<="] = true, [">"] = true, [">="] = true }

-- a ± b in 分 with the money range checked (lmoney.c raises on overflow and INT64_MIN).
function Gen:checked_add(a, b, op)
  local t = self:tmp()
  self:emit(("local %s = %s %s %s"):format(t, a.code, op, b.code))
  if op == "+" then
    self:emit(("if ((%s ~ %s) & (%s ~ %s)) < 0 or %s == %s then return 0 end"):format(a.code, t, b.code, t, t, lit(MININT)))
  else
    self:emit(("if ((%s ~ %s) & (%s ~ %s)) < 0 or %s == %s then return 0 end"):format(a.code, b.code, a.code, t, t, lit(MININT)))
  end
  return t
end

function Gen:binop(e)
  local op = e.op
  if op == "and" or op == "or" then return self:logical(e) end
  local a = self:exp(e.left)
  local b = self:exp(e.right)
  -- a list of child records compared with nil: whether it is there
  if (op == "==" or op == "~=") and ((a.special == "list" and b.const and b.value == nil)
      or (b.special == "list" and a.const and a.value == nil)) then
    return val(("(%s %s nil)"):format((a.special and a or b).code, op), T("bool"))
  end
  if a.special or b.special then self:fail(("%s on a %s"):format(op, a.special or b.special), e) end
  if op == "==" or op == "~=" then return self:equality(a, b, op, e) end
  if COMPARE[op] then return self:comparison(a, b, op, e) end
  a, b = self:atom(a), self:atom(b)
  if op == ".." then
    local na, nb = self:not_nil(a), self:not_nil(b)
    local ta, tb = single(na.ty), single(nb.ty)
    local function texty(t)
      for k in pairs(t) do if k ~= "str" and k ~= "int" and k ~= "ostr" then return false end end
      return true
    end
    if (na.ty.plain or nb.ty.plain) and not (na.ty.ostr or nb.ty.ostr) then
      -- a plain value joined: the same Lua '..' (a table or a boolean raises, as in the reference)
      local pa, pb = self:plain_code(na, e, "'..'"), self:plain_code(nb, e, "'..'")
      local t = self:tmp()
      self:emit(("local %s = %s .. %s"):format(t, pa, pb))
      return val(t, T("str"))
    end
    if (na.ty.ostr or nb.ty.ostr) and texty(na.ty) and texty(nb.ty) then
      return val('"…"', T("ostr")) -- a text for a person: not built
    end
    if (ta == "str" or ta == "int") and (tb == "str" or tb == "int") then
      if a.const and b.const then return const(tostring(a.value) .. tostring(b.value), "str") end
      return val(("(%s .. %s)"):format(a.code, b.code), T("str"))
    end
    self:fail(("'..' of %s and %s outside an explanation"):format(show(a.ty), show(b.ty)), e)
  end
  a, b = self:not_nil(a), self:not_nil(b)
  -- integers where one side may be the float math.huge: the same Lua operation as the
  -- reference (inf - 1 is inf); the result may be either
  if (a.ty.inf or b.ty.inf) and (op == "+" or op == "-") then
    local ok = true
    for k in pairs(union(a.ty, b.ty)) do ok = ok and (k == "int" or k == "inf") end
    if ok then
      if a.const and b.const then return { const = true, value = op == "+" and a.value + b.value or a.value - b.value,
        code = ("(%s %s %s)"):format(a.code, op, b.code), ty = T("inf") } end
      return val(("(%s %s %s)"):format(a.code, op, b.code), T("int", "inf"))
    end
  end
  if a.ty.plain then a = self:not_nil(self:narrow_plain(a, "int")) end
  if b.ty.plain then b = self:not_nil(self:narrow_plain(b, "int")) end
  a, b = self:int_of(a), self:int_of(b)
  -- a value that may be money or a string (a reason): in arithmetic only money works
  if not single(a.ty) and a.ty.money then a = self:narrow(a, "money") or a end
  if not single(b.ty) and b.ty.money then b = self:narrow(b, "money") or b end
  local ta, tb = single(a.ty), single(b.ty)
  if not ta or not tb then self:fail(("%s on %s and %s"):format(op, show(a.ty), show(b.ty)), e) end
  if (ta == "ratio" or tb == "ratio") and (ta == "ratio" or ta == "int") and (tb == "ratio" or tb == "int")
      and (op == "+" or op == "-" or op == "*" or op == "/") then
    return self:ratio_arith(a, b, op)
  end
  if ta == "int" and tb == "int" and op == "/" then
    self:fail("'/' on integers gives a float", e)
  end
  if ta == "money" and tb == "money" and op == "/" then
    -- money / money: the reduced ratio of the two amounts in 分 (lmoney.c arith_div); by 0 raises
    return self:ratio_arith(a, b, op)
  end
  if ta == "money" and (tb == "int" or tb == "ratio") and op == "/" then
    return val(self:money_ratio(a, b, "divq", 1, 0), T("money"))
  end
  if ta == "int" and tb == "int" then
    if op == "/" or op == "^" then self:fail(("'%s' on integers gives a float"):format(op), e) end
    if a.const and b.const and (op == "+" or op == "-" or op == "*") then
      local r = op == "+" and a.value + b.value or op == "-" and a.value - b.value or a.value * b.value
      return const(r, "int")
    end
    -- the same Lua integer operation as the reference (wrapping; // and % by 0 raise, which
    -- the caller turns into the reference evaluation)
    return val(("(%s %s %s)"):format(a.code, op, b.code), T("int"))
  end
  if ta == "money" and tb == "money" and (op == "+" or op == "-") then
    return val(self:checked_add(a, b, op), T("money"))
  end
  if op == "*" and ((ta == "money" and tb == "int") or (ta == "int" and tb == "money")) then
    local m, n = ta == "money" and a or b, ta == "money" and b or a
    return val(self:money_times(m, n), T("money"))
  end
  if op == "*" and ((ta == "money" and tb == "ratio") or (ta == "ratio" and tb == "money")) then
    local m, r = ta == "money" and a or b, ta == "money" and b or a
    return val(self:money_ratio(m, r, "mulq", 1, 0), T("money"))
  end
  if ta == "date" and tb == "int" and (op == "+" or op == "-") then
    local t = self:tmp()
    local n = op == "+" and b.code or ("(-%s)"):format(b.code)
    if op == "-" then self:emit(("if %s == %s then return 0 end"):format(b.code, lit(MININT))) end
    self:emit(("local %s = %s(%s, %s)"):format(t, self:upval(self.env.fastops.add_days, "add_days"), a.code, n))
    self:emit(("if %s == nil then return 0 end"):format(t))
    return val(t, T("date"))
  end
  if ta == "int" and tb == "date" and op == "+" then
    local t = self:tmp()
    self:emit(("local %s = %s(%s, %s)"):format(t, self:upval(self.env.fastops.add_days, "add_days"), b.code, a.code))
    self:emit(("if %s == nil then return 0 end"):format(t))
    return val(t, T("date"))
  end
  if ta == "date" and tb == "date" and op == "-" then
    return val(("(%s - %s)"):format(a.code, b.code), T("int"))
  end
  self:fail(("%s %s %s"):format(ta, op, tb), e)
end

-- money (分) times (fn "mulq") or divided by (fn "divq") a ratio or an integer, rounded once
-- to the unit (分) by the mode (core/money.h: 0 half up), as lmoney.c: nil (hand back) on
-- overflow or division by zero. Returns the code of the result.
function Gen:money_ratio(m, r, fn, unit, mode)
  local n, d = self:ratio_parts(r)
  local t = self:tmp()
  self:emit(("local %s = %s(%s, %s, %s, %s, %s)"):format(t, self:upval(self.env.fastops[fn], fn), m.code, n, d,
    lit(unit), lit(mode)))
  self:emit(("if %s == nil then return 0 end"):format(t))
  return t
end

local ROP = { ["+"] = 1, ["-"] = 2, ["*"] = 3, ["/"] = 4 }
-- a op b on ratios and integers (one of them a ratio): the reduced ratio, or the record handed
-- back where lmoney.c raises (overflow, division by zero).
function Gen:ratio_arith(a, b, op)
  local an, ad = self:ratio_parts(a)
  local bn, bd = self:ratio_parts(b)
  local function cparts(v)
    if type(v.value) == "table" then return v.value.num, v.value.den end
    return v.value, 1
  end
  if a.const and b.const then
    local x, xd = cparts(a)
    local y, yd = cparts(b)
    local n, d = self.env.fastops.rop(ROP[op], x, xd, y, yd)
    if n then return { const = true, value = { num = n, den = d }, code = "nil", ty = T("ratio") } end
  end
  local n, d = self:tmp("rn"), self:tmp("rd")
  self:emit(("local %s, %s = %s(%d, %s, %s, %s, %s)"):format(n, d, self:upval(self.env.fastops.rop, "rop"), ROP[op],
    an, ad, bn, bd))
  self:emit(("if %s == nil then return 0 end"):format(n))
  return ratio_val(n, d)
end

-- money (分) times an integer, the money range checked.
function Gen:money_times(m, n)
  local t = self:tmp()
  if n.const then
    local k = n.value
    if k == 0 then return "0" end
    if k == MININT then self:bail(); return "0" end
    local lim = MAXINT // math.abs(k)
    self:emit(("if %s > %s or %s < %s then return 0 end"):format(m.code, lit(lim), m.code, lit(-lim)))
    self:emit(("local %s = %s * %s"):format(t, m.code, lit(k)))
    return t
  end
  if m.const then
    local k = m.value
    if k == 0 then return "0" end
    local lim = MAXINT // math.abs(k)
    self:emit(("if %s > %s or %s < %s then return 0 end"):format(n.code, lit(lim), n.code, lit(-lim)))
    self:emit(("local %s = %s * %s"):format(t, lit(k), n.code))
    return t
  end
  self:emit(("local %s = %s(%s, %s)"):format(t, self:upval(self.env.fastops.mul, "mul"), m.code, n.code))
  self:emit(("if %s == nil then return 0 end"):format(t))
  return t
end

function Gen:equality(a, b, op, e)
  local ta, tb = a.ty, b.ty
  -- a value of several kinds against a boolean constant: values of other kinds never equal it,
  -- in the compiled representation as in the reference's (a caught missing input, a string)
  if nonnil_count(ta) > 1 and b.const and type(b.value) == "boolean" and not a.special then
    local ok = true
    for k in pairs(ta) do if k ~= "bool" and LUATYPE[k] == "boolean" then ok = false end end
    if ok then return val(("(%s %s %s)"):format(self:atom(a).code, op, lit(b.value)), T("bool")) end
  end
  -- x == nil: whatever x is (a ratio's numerator is nil exactly when it is); by its truth when
  -- no kind of x is a boolean (a test instead of a call into the VM's equality)
  if (b.const and b.value == nil and not a.const) or (a.const and a.value == nil and not b.const) then
    local x = self:atom(b.const and a or b)
    if never_false(x.ty) then return val(("(%s%s)"):format(op == "==" and "not " or "not not ", x.code), T("bool")) end
    return val(("(%s %s nil)"):format(x.code, op), T("bool"))
  end
  if (ta.plain or tb.plain) and not a.ctable and not b.ctable then
    -- a plain value: the same Lua comparison as the reference, with values of its representation
    local pa, pb = self:plain_code(a, e, "=="), self:plain_code(b, e, "==")
    return val(("(%s %s %s)"):format(pa, op, pb), T("bool"))
  end
  if nonnil_count(ta) > 1 or nonnil_count(tb) > 1 then
    self:fail(("%s between %s and %s"):format(op, show(ta), show(tb)), e)
  end
  local sa, sb = single(ta), single(tb)
  if sa == "ratio" and sb == "ratio" and not has(ta, "nil") and not has(tb, "nil") then
    -- two ratios: equal when they are the same number (lmoney.c compares the reduced forms)
    if a.const and b.const then
      local eq = self.env.fastops.rcmp(a.value.num, a.value.den, b.value.num, b.value.den) == 0
      return const((op == "==") == eq, "bool")
    end
    return self:ratio_compare(self:atom(a), self:atom(b), op)
  end
  if (sa == "ratio" or sb == "ratio") and (has(ta, "nil") or has(tb, "nil")) then self:fail("== on a ratio that may be nil", e) end
  if sa == "opaque" or sb == "opaque" then self:fail("== on a value the compiler does not build", e) end
  if sa and sb and sa ~= sb then
    -- values of different kinds are never equal (a date is not its day number): only two nils
    if has(ta, "nil") and has(tb, "nil") then
      a, b = self:atom(a), self:atom(b)
      local c = ("(%s == nil and %s == nil)"):format(a.code, b.code)
      return val(op == "==" and c or ("(not " .. c .. ")"), T("bool"))
    end
    return const(op ~= "==", "bool")
  end
  if a.const and b.const then
    local eq = a.value == b.value
    if op == "==" then return const(eq, "bool") end
    return const(not eq, "bool")
  end
  -- a boolean that is never nil against true or false: the value itself or its negation
  local k, x = a, b
  if b.const then k, x = b, a end
  if k.const and type(k.value) == "boolean" and single(x.ty) == "bool" and not has(x.ty, "nil") then
    return val(((op == "==") == k.value and "(%s)" or "(not %s)"):format(self:atom(x).code), T("bool"))
  end
  return val(("(%s %s %s)"):format(a.code, op, b.code), T("bool"))
end

-- The bounds of x where a monotone non-decreasing f (sym.f over [sym.lo, sym.hi]) is at most c:
-- the largest x with f(x) <= c, or sym.lo - 1 when there is none.
local function last_at_most(sym, c)
  local lo, hi = sym.lo, sym.hi
  if sym.f(lo) > c then return lo - 1 end
  while lo < hi do
    local mid = lo + (hi - lo + 1) // 2
    if sym.f(mid) <= c then lo = mid else hi = mid - 1 end
  end
  return lo
end

-- `c op f(x)` or `f(x) op c` with f monotone: the same test on x against a constant, so that
-- `ctx.as_of >= est:add_years(1)` costs no date arithmetic per record.
function Gen:monotone(a, b, op)
  local flip = { ["<"] = ">", ["<="] = ">=", [">"] = "<", [">="] = "<=" }
  local s, c = rawget(a, "sym"), b
  if not s then s, c, op = rawget(b, "sym"), a, flip[op] end
  if not (s and c.const and single(c.ty) == "date" and not c.ty["nil"]) then return nil end
  -- f(x) op C
  local x = s.base.code
  local k
  if op == "<=" then k = last_at_most(s, c.value); return val(("(%s <= %s)"):format(x, lit(k)), T("bool"))
  elseif op == "<" then k = last_at_most(s, c.value - 1); return val(("(%s <= %s)"):format(x, lit(k)), T("bool"))
  elseif op == ">" then k = last_at_most(s, c.value); return val(("(%s > %s)"):format(x, lit(k)), T("bool"))
  else k = last_at_most(s, c.value - 1); return val(("(%s > %s)"):format(x, lit(k)), T("bool")) end
end

local FLIP = { ["<"] = ">", ["<="] = ">=", [">"] = "<", [">="] = "<=" }

-- a op b where one is a ratio and the other a ratio or an integer: exact, as lmoney.c compares.
function Gen:ratio_compare(a, b, op)
  -- a scaled ratio against a constant: the same test on the integer (no call)
  local function cparts(v)
    if type(v.value) == "table" then return v.value.num, v.value.den end
    return v.value, 1
  end
  if not a.const and b.const and a.den and a.den:match("^%d+$") then
    local S = math.tointeger(tonumber(a.den))
    local p, q = cparts(b)
    -- x / S op p / q  <=>  x op p * S / q (S, q > 0): the bound rounded the safe way
    if S and p and math.abs(p) < (1 << 62) // S then
      local num = p * S
      local fl = num // q
      local exact = fl * q == num
      if op == "<" then return val(("(%s < %s)"):format(a.code, lit(exact and fl or fl + 1)), T("bool")) end
      if op == "<=" then return val(("(%s <= %s)"):format(a.code, lit(fl)), T("bool")) end
      if op == ">" then return val(("(%s > %s)"):format(a.code, lit(fl)), T("bool")) end
      if op == ">=" then return val(("(%s >= %s)"):format(a.code, lit(exact and fl or fl + 1)), T("bool")) end
      if op == "==" then return exact and val(("(%s == %s)"):format(a.code, lit(fl)), T("bool")) or const(false, "bool") end
    end
  end
  if a.const and not b.const then
    local r = self:ratio_compare(b, a, FLIP[op] or op)
    return r
  end
  local an, ad = self:ratio_parts(a)
  local bn, bd = self:ratio_parts(b)
  local t = self:tmp("c")
  self:emit(("local %s = %s(%s, %s, %s, %s)"):format(t, self:upval(self.env.fastops.rcmp, "rcmp"), an, ad, bn, bd))
  local cmp = { ["<"] = "< 0", ["<="] = "<= 0", [">"] = "> 0", [">="] = ">= 0", ["=="] = "== 0", ["~="] = "~= 0" }
  return val(("(%s %s)"):format(t, cmp[op]), T("bool"))
end

function Gen:comparison(a, b, op, e)
  local m = self:monotone(a, b, op)
  if m then return m end
  a, b = self:not_nil(a), self:not_nil(b)
  for _, tag in ipairs { "money", "ratio", "int", "date" } do
    if not single(a.ty) and a.ty[tag] then a = self:narrow(a, tag) or a end
    if not single(b.ty) and b.ty[tag] then b = self:narrow(b, tag) or b end
  end
  local ta, tb = single(a.ty), single(b.ty)
  if (ta == "ratio" or tb == "ratio") and (ta == "ratio" or ta == "int") and (tb == "ratio" or tb == "int") then
    if a.const and b.const then
      local function cparts(v) if type(v.value) == "table" then return v.value.num, v.value.den end return v.value, 1 end
      local x, xd = cparts(a)
      local y, yd = cparts(b)
      local c = self.env.fastops.rcmp(x, xd, y, yd)
      local r = (op == "<" and c < 0) or (op == "<=" and c <= 0) or (op == ">" and c > 0) or (op == ">=" and c >= 0)
      return const(r and true or false, "bool")
    end
    return self:ratio_compare(self:atom(a), self:atom(b), op)
  end
  -- integers where one side may be math.huge's float: Lua compares them exactly, as the reference
  if (a.ty.inf or b.ty.inf) then
    local ok = true
    for k in pairs(union(a.ty, b.ty)) do ok = ok and (k == "int" or k == "inf") end
    if ok then return val(("(%s %s %s)"):format(a.code, op, b.code), T("bool")) end
  end
  if ta ~= tb or not (ta == "int" or ta == "str" or ta == "money" or ta == "date") then
    self:fail(("%s between %s and %s"):format(op, show(a.ty), show(b.ty)), e)
  end
  if a.const and b.const then
    local x, y = a.value, b.value
    local r = (op == "<" and x < y) or (op == "<=" and x <= y) or (op == ">" and x > y) or (op == ">=" and x >= y)
    return const(r and true or false, "bool")
  end
  return val(("(%s %s %s)"):format(a.code, op, b.code), T("bool"))
end

-- The falsy and truthy parts of a type (Lua truthiness: only nil and false are false).
local function falsy_part(t)
  local r = {}
  if t["nil"] then r["nil"] = true end
  if t.bool then r.bool = true end
  return r
end
local function truthy_part(t)
  local r = {}
  for k in pairs(t) do if k ~= "nil" then r[k] = true end end
  return r
end

local function truthy(v)
  if v.value == nil or v.value == false then return false end
  return true
end

-- The types a value may have when it is truthy: a `c and x` is x when truthy (a bool c is
-- then true, not a value of the result), so that `c and 1 or 2` is an integer.
local function truthy_of(v) return rawget(v, "truthy_ty") or truthy_part(v.ty) end

-- `c and A or B` where A is never nil nor false: A when c is truthy, else B, lowered to an if
-- (so that a ratio, two locals, can be selected).
function Gen:select_idiom(e)
  local l = e.left
  while l.tag == "Paren" do l = l.inner end
  if not (e.op == "or" and l.tag == "Binop" and l.op == "and") then return nil end
  local c, clines = self:capture(function() return self:exp(l.left) end)
  if c.special then return nil end
  local A, alines = self:capture(function() return self:exp(l.right) end)
  if A.special or has(A.ty, "nil") or has(A.ty, "bool") then return nil end
  if not (has(A.ty, "ratio")) then return nil end -- other kinds: the plain and/or below
  self:splice(clines)
  if c.const then
    if truthy(c) then self:splice(alines) return A end
    return self:exp(e.right)
  end
  local B, blines = self:capture(function() return self:exp(e.right) end)
  local bnil = B.const and B.value == nil
  if B.special or not (bnil or (has(B.ty, "ratio") and single(B.ty) == "ratio" and not has(B.ty, "nil"))) then
    self:fail("a selection of a ratio and another kind of value", e)
  end
  local n, d = self:tmp("l"), nil
  d = n .. "d"
  self:emit(("local %s, %s"):format(n, d))
  self:open(("if %s then"):format(c.code))
  self:splice(alines)
  local an, ad = self:ratio_parts(A)
  self:emit(("%s, %s = %s, %s"):format(n, d, an, ad))
  self:reopen("else")
  self:splice(blines)
  if bnil then
    self:emit(("%s, %s = nil, 1"):format(n, d))
  else
    local bn, bd = self:ratio_parts(B)
    self:emit(("%s, %s = %s, %s"):format(n, d, bn, bd))
  end
  self:close()
  local r = ratio_val(n, d)
  if bnil then r.ty = T("ratio", "nil") end
  return r
end

function Gen:logical(e)
  local sel = self:select_idiom(e)
  if sel then return sel end
  local a = self:exp(e.left)
  if a.special then self:fail(e.op .. " on a " .. a.special, e) end
  if a.const then
    local t = truthy(a)
    if (e.op == "and" and not t) or (e.op == "or" and t) then return a end
    return self:exp(e.right)
  end
  local b, lines = self:capture(function() return self:exp(e.right) end)
  if b.special then self:fail(e.op .. " on a " .. b.special, e) end
  local ty = union(e.op == "and" and falsy_part(a.ty) or truthy_of(a), b.ty)
  local tty = e.op == "and" and truthy_of(b) or union(truthy_of(a), truthy_of(b))
  if #lines == 0 then
    local v = val(("(%s %s %s)"):format(a.code, e.op, b.code), ty)
    v.truthy_ty = tty
    return v
  end
  a = self:atom(a)
  -- the right side reads inputs or checks values: only when the left side says so
  local t = self:tmp()
  self:emit(("local %s = %s"):format(t, a.code))
  self:open(("if %s%s then"):format(e.op == "and" and "" or "not ", t))
  self:splice(lines)
  self:emit(("%s = %s"):format(t, b.code))
  self:close()
  local v = val(t, ty)
  v.truthy_ty = tty
  return v
end

function Gen:unop(e)
  local a = self:exp(e.operand)
  if a.special == "tierlist" and e.op == "#" then return const(#a.info.list, "int") end
  if a.ctable and e.op == "#" then return const(#a.ctable, "int") end
  if a.special == "list" and e.op == "#" then
    if a.optional then self:emit(("if %s == nil then return 0 end"):format(a.code)) end
    return val(("(#%s)"):format(a.code), T("int"))
  end
  if a.special then self:fail(e.op .. " on a " .. a.special, e) end
  if e.op == "not" then
    if a.const then return const(not truthy(a), "bool") end
    return val(("(not %s)"):format(a.code), T("bool"))
  end
  a = self:not_nil(a)
  local t = single(a.ty)
  if e.op == "-" and (t == "int" or t == "money") then
    if a.const and t == "int" then return const(-a.value, "int") end
    return val(("(-%s)"):format(a.code), T(t))
  end
  if e.op == "-" and t == "ratio" then
    return self:ratio_arith(const(0, "int"), a, "-")
  end
  if e.op == "#" and t == "str" then return val(("(#%s)"):format(a.code), T("int")) end
  if e.op == "#" and a.ty.plain and not a.const then
    -- # of a text or a table built per record (a reference table's row: its __len); anything
    -- else raises in the reference as here
    local x = self:atom(a)
    local n = self:tmp()
    self:emit(("local %s = #%s"):format(n, x.code))
    return self:narrow_plain(val(n, T("plain")), "int")
  end
  self:fail(("%s on %s"):format(e.op, show(a.ty)), e)
end

-- ---- explanations: details and notes are not built, only checked ----

-- Compiles e for what its evaluation may do (read a missing input, raise an error) without
-- building the text; returns its type.
function Gen:detail(e)
  local tag = e.tag
  if tag == "String" or tag == "Number" or tag == "Nil" or tag == "True" or tag == "False" then
    return tag == "String" and T("str") or tag == "Number" and T("int") or tag == "Nil" and T("nil") or T("bool")
  end
  if tag == "Paren" then return self:detail(e.inner) end
  if tag == "Binop" and (e.op == "and" or e.op == "or") then
    -- what evaluating `a and b or c` in an explanation does: each side only when reached
    self:detail_truth(e)
    return T("str", "nil", "bool")
  end
  if tag == "Binop" and e.op == ".." then
    for _, side in ipairs { e.left, e.right } do
      local ty = self:detail_operand(side)
      -- string.concat, or money's and date's __concat: strings, numbers, money, dates
      for k in pairs(ty) do
        if k == "nil" then
          -- only a value can be tested; a nil constant raises for sure
          self:fail("'..' of a value that may be nil in an explanation", e)
        elseif k ~= "str" and k ~= "int" and k ~= "money" and k ~= "date" and k ~= "ratio" and k ~= "ostr" then
          self:fail(("'..' of %s in an explanation"):format(k), e)
        end
      end
    end
    return T("str")
  end
  if tag == "Call" and e.fn.tag == "Name" and not e.fn.decl and e.fn.name == "tostring" and #e.args == 1 then
    self:detail_any(e.args[1])
    return T("str")
  end
  if tag == "Call" and e.fn.tag == "Index" and e.fn.object.tag == "Name" and not e.fn.object.decl
      and e.fn.object.name == "string" and e.fn.key.tag == "String" and e.fn.key.value == "format" then
    return self:detail_format(e.args, e)
  end
  if tag == "Method" and e.name == "format" and e.object.tag == "Paren" and e.object.inner.tag == "String" then
    return self:detail_format({ e.object.inner, table.unpack(e.args) }, e)
  end
  local v = self:exp(e)
  if v.special then self:fail("a " .. v.special .. " in an explanation", e) end
  return v.ty
end

-- The truthiness of an explanation's expression (a name of a local, or a constant), its
-- evaluation's reads and errors emitted: texts built by a format, '..' or tostring are truthy.
function Gen:detail_truth(e)
  local tag = e.tag
  if tag == "Paren" then return self:detail_truth(e.inner) end
  if tag == "Binop" and (e.op == "and" or e.op == "or") then
    local a = self:detail_truth(e.left)
    if a == "true" then if e.op == "or" then return "true" end return self:detail_truth(e.right) end
    if a == "false" then if e.op == "and" then return "false" end return self:detail_truth(e.right) end
    local t = self:tmp("dt")
    self:emit(("local %s = %s"):format(t, a))
    self:open(("if %s%s then"):format(e.op == "and" and "" or "not ", t))
    local b = self:detail_truth(e.right)
    self:emit(("%s = %s"):format(t, b))
    self:close()
    return t
  end
  if tag == "String" or (tag == "Binop" and e.op == "..") or tag == "Number" then
    self:detail(e)
    return "true"
  end
  if tag == "Call" or tag == "Method" then
    local fmt = (tag == "Method" and e.name == "format") or (tag == "Call" and e.fn.tag == "Index"
      and e.fn.object.tag == "Name" and e.fn.object.name == "string")
      or (tag == "Call" and e.fn.tag == "Name" and e.fn.name == "tostring")
    if fmt then
      self:detail(e)
      return "true"
    end
  end
  local v = self:exp(e)
  if v.special then self:fail("a " .. v.special .. " in an explanation", e) end
  if v.const then return (v.value ~= nil and v.value ~= false) and "true" or "false" end
  v = self:atom(v)
  return ("(%s ~= nil and %s ~= false)"):format(v.code, v.code)
end

-- An operand of '..' in an explanation: its type, a nil value guarded (the reference raises).
function Gen:detail_operand(e)
  if e.tag == "Binop" and e.op == ".." or e.tag == "String" or e.tag == "Number" then return self:detail(e) end
  if e.tag == "Call" or e.tag == "Method" then return self:detail(e) end
  local v = self:exp(e)
  if v.special then self:fail("a " .. v.special .. " in an explanation", e) end
  if has(v.ty, "nil") and not v.const then v = self:not_nil(v) end
  return v.ty
end

-- A value an explanation shows with tostring (anything): only its reads and errors matter.
function Gen:detail_any(e)
  if e.tag == "Name" or e.tag == "String" or e.tag == "Number" then
    local v = self:exp(e)
    if v.special and v.special ~= "multi" then self:fail("a " .. v.special .. " in an explanation", e) end
    return
  end
  self:detail(e)
end

local FORMAT_SPECS = { s = true, d = true }

function Gen:detail_format(args, e)
  local fmt = args[1]
  if not fmt or fmt.tag ~= "String" then self:fail("string.format without a constant format", e) end
  local specs = {}
  for flags, conv in fmt.value:gmatch("%%([-0-9. #+]*)(.)") do
    if conv ~= "%" then
      if not FORMAT_SPECS[conv] then self:fail(("string.format %%%s in an explanation"):format(conv), e) end
      specs[#specs + 1] = conv
    end
  end
  if #specs ~= #args - 1 then self:fail("string.format with a different number of values", e) end
  for i, conv in ipairs(specs) do
    if conv == "s" then self:detail_any(args[i + 1])
    else
      local v = self:exp(args[i + 1])
      if v.special then self:fail("a " .. v.special .. " in an explanation", e) end
      self:expect(v, { "int" }, "%d in an explanation", e)
    end
  end
  return T("str")
end

-- ---- statements ----

-- fc: the function being compiled: {kind = "check" | "when" | "helper" | "compute", und = label,
-- done = label, results = {names} (helper), rtypes = {types} (helper)}
function Gen:block(stats, fc)
  for _, s in ipairs(stats) do self:stat(s, fc) end
end

function Gen:bind_local(d, v)
  if rawget(v, "sym") and not d.assigned then
    self.bind[d] = v
    return
  end
  if v.special then
    if d.assigned then self:fail(("local '%s' holding a %s is assigned"):format(d.name, v.special)) end
    self.bind[d] = v
    return
  end
  if not d.assigned and (v.const or v.code:match("^[%a_][%w_]*$")) then
    -- a name or a constant that never changes: no copy
    self.bind[d] = v
    return
  end
  local name = self:tmp("l")
  if has(v.ty, "ratio") then
    -- a ratio is two locals, numerator and denominator
    local n, dd = self:ratio_parts(v)
    self:emit(("local %s, %sd = %s, %s"):format(name, name, n, dd))
    self.bind[d] = { code = name, den = name .. "d", ty = v.ty }
    return
  end
  self:emit(("local %s = %s"):format(name, v.code))
  self.bind[d] = { code = name, ty = v.ty, tiers = v.tiers }
end

-- The values of an expression list, the last one expanded to fill `n` values.
function Gen:explist(nodes, n)
  local vs = {}
  for i, x in ipairs(nodes) do
    if i < #nodes then
      vs[i] = self:exp(x)
    else
      local v = self:exps(x, math.max(1, n - i + 1))
      if v.special == "multi" then
        for j = 1, math.max(1, n - i + 1) do vs[i + j - 1] = v.list[j] or const(nil) end
      else
        vs[i] = v
      end
    end
  end
  for i = #vs + 1, n do vs[i] = const(nil) end
  return vs
end

function Gen:stat(s, fc)
  local tag = s.tag
  if tag == "Local" then
    if next(s.attribs) then self:fail("local attributes", s) end
    local vs = self:explist(s.values, #s.names)
    -- every value is computed before any name is bound
    for i, v in ipairs(vs) do
      if not v.special and not v.const and i <= #s.names then vs[i] = self:atom(v) end
    end
    for i, d in ipairs(s.decls) do
      if d.alts_plain and vs[i].alts then vs[i] = self:alt_plain(vs[i]) end
      self:bind_local(d, vs[i])
    end
  elseif tag == "Assign" then
    self:assign(s, fc)
  elseif tag == "CallStat" then
    local c = s.call
    if c.tag == "Method" and c.object.tag == "Name" and self:is_ctx(c.object) then
      self.env.lib.ctx_method(self, c, 0, true)
    else
      local v = self:exps(c, 0)
      if v.special and v.special ~= "multi" then self:fail("a statement that is not a known call", s) end
    end
  elseif tag == "If" then
    self:if_stat(s, 1, fc)
  elseif tag == "Do" then
    self:open("do")
    self:block(s.body, fc)
    self:close()
  elseif tag == "Return" then
    self:ret(s, fc)
  elseif tag == "NumFor" then
    self:numfor(s, fc)
  elseif tag == "Repeat" then
    self:repeat_stat(s, fc)
  elseif tag == "GenFor" then
    self:genfor(s, fc)
  elseif tag == "LocalFunction" then
    -- a function defined per record: a closure over the names it sees here (itself included),
    -- inlined where it is called or pcall'd, as a function written in an expression is
    if s.decl.assigned then self:fail(("the script assigns '%s' again"):format(s.name), s) end
    local snap = {}
    for k, v in pairs(self.bind) do snap[k] = v end
    local cl = { special = "closure", fn = s.fn, decl = s.fn, snap = snap }
    snap[s.decl] = cl
    self.bind[s.decl] = cl
  else
    self:fail(("a %s statement"):format(tag), s)
  end
end

function Gen:is_ctx(namenode)
  local v = namenode.decl and self.bind[namenode.decl]
  return v and v.special == "ctx"
end

-- A target obj[key] whose obj is a plain value (a table built per record): its table and key,
-- evaluated before the values as Lua does; nil for any other target.
function Gen:plain_target(t)
  if t.tag ~= "Index" then return nil end
  if t.object.tag == "Name" then
    local b = t.object.decl and self.bind[t.object.decl]
    if not b and t.object.decl and t.object.decl.top then return nil end
    if not b or b.special or b.const then return nil end
  end
  local o = self:exp(t.object)
  if o.special or o.const or not o.ty.plain then return nil end
  o = self:atom(o)
  local k = t.key.tag == "String" and const(t.key.value, "str") or self:exp(t.key)
  return { o = o, kc = self:plain_code(k, t, "a key") }
end

function Gen:assign(s, fc)
  local pts = {}
  for i, t in ipairs(s.targets) do pts[i] = self:plain_target(t) or false end
  local vs = self:explist(s.values, #s.targets)
  for i, v in ipairs(vs) do
    if v.special then self:fail("assigning a " .. v.special, s) end
    if i <= #s.targets and not v.const then vs[i] = self:atom(v) end
  end
  for i, t in ipairs(s.targets) do
    local v = vs[i]
    if pts[i] then
      self:plain_store(pts[i].o, pts[i].kc, v, s)
    elseif t.tag == "Name" then
      local b = t.decl and self.bind[t.decl]
      if not b or b.special or b.const then self:fail(("assignment to '%s'"):format(t.name), s) end
      if has(v.ty, "ratio") or b.den then
        -- a ratio local: both its parts; only ratios (or nil) go in it
        if not b.den or not (has(v.ty, "ratio") or (v.const and v.value == nil)) then
          self:fail(("'%s' holds a ratio and another kind of value"):format(t.name), s)
        end
        local n, dd = self:ratio_parts(v)
        if v.const and v.value == nil then n, dd = "nil", "1" end
        self:emit(("%s, %s = %s, %s"):format(b.code, b.den, n, dd))
      else
        if b.tiers ~= v.tiers then self:fail(("'%s' holds tiers of two tables"):format(t.name), s) end
        -- a local holding the alternative ctx:highest paid and also a table built per record: it
        -- holds the alternative as the reference does, its declared option (compile_plain.lua)
        if t.decl and t.decl.alts_plain and v.alts then v = self:alt_plain(v) end
        if (v.alts and b.ty.plain) or (b.alts and v.ty.plain) then
          if t.decl and not t.decl.alts_plain then error({ compile_retry_alts = t.decl }, 0) end
        end
        -- the alternative ctx:highest paid (its number): the local names that group's alternatives
        if v.alts or b.alts then
          local only_nil = true
          for k in pairs(b.ty) do only_nil = only_nil and k == "nil" end
          if (b.alts and v.alts and b.alts ~= v.alts) or (b.alts and not v.alts and not (v.const and v.value == nil))
              or (v.alts and not b.alts and not only_nil) then
            self:fail(("'%s' holds alternatives of two groups or another value"):format(t.name), s)
          end
          b.alts = b.alts or v.alts
        end
        self:emit(("%s = %s"):format(b.code, v.code))
      end
      b.ty = union(b.ty, v.ty)
    elseif t.tag == "Index" and t.object.tag == "Name" and t.key.tag == "String"
        and (self:exp(t.object)).special == "out" then
      self.env.write_output(self, t.key.value, v, s)
    elseif t.tag == "Index" and t.object.tag == "Name" and (self:exp(t.object)).fresh then
      -- a table this function made ({} then t[#t + 1] = x): filled at compile time, where it was made
      local o = self:exp(t.object)
      local k = self:exp(t.key)
      if (self.rt or 0) ~= o.rt then self:retry_table(o, "a table of constants changed in code that may not run", s) end
      if o.read_at_run_time then self:retry_table(o, "a table of constants changed after it was read at run time", s) end
      if not (k.const and (math.type(k.value) == "integer" or type(k.value) == "string")) then
        self:retry_table(o, "a table of constants changed under a computed key", s)
      end
      if not v.const or type(v.value) == "table" then self:retry_table(o, "a table of constants given a value that is not one", s) end
      o.ctable[k.value] = v.value
      if v.value ~= nil then o.vty = union(o.vty, v.ty) end
    else
      self:fail("assignment to a field", s)
    end
  end
end

function Gen:if_stat(s, i, fc)
  if i > #s.conds then
    if s.orelse then self:block(s.orelse, fc) end
    return
  end
  local c = self:exp(s.conds[i])
  if c.special then self:fail("a condition that is a " .. c.special, s) end
  if c.const then
    if truthy(c) then self:block(s.blocks[i], fc) else self:if_stat(s, i + 1, fc) end
    return
  end
  self:open(("if %s then"):format(c.code))
  self:block(s.blocks[i], fc)
  if i < #s.conds or s.orelse then
    self:reopen("else")
    self:if_stat(s, i + 1, fc)
  end
  self:close()
  -- `if not x then return ... end` (or x == nil): after it, x is not nil
  local blk = s.blocks[i]
  if i == #s.conds and not s.orelse and blk[#blk] and blk[#blk].tag == "Return" then
    local cond = s.conds[i]
    local x = cond.tag == "Unop" and cond.op == "not" and cond.operand
      or cond.tag == "Binop" and cond.op == "==" and cond.right.tag == "Nil" and cond.left
    if x and x.tag == "Name" and x.decl then
      local b = self.bind[x.decl]
      if b and not b.special and not b.const and not x.decl.assigned then self.facts[#self.facts][b.code] = true end
    end
  end
end

-- Compiles a loop's body until no local's type changes (a local widened in the body holds its
-- wider type from the first iteration on); returns the lines of the body. bind() binds the
-- loop's own names before each pass; after(), when given, emits what follows the body inside
-- the loop (repeat's condition, which sees the body's locals). The capture gives the body its
-- own facts.
function Gen:loop_body(s, fc, bind, after)
  for _ = 1, 4 do
    local before = {}
    for d, bnd in pairs(self.bind) do if not bnd.special then before[d] = show(bnd.ty) end end
    if bind then bind() end
    local _, lines = self:capture(function()
      self.depth = self.depth + 1
      self:block(s.body, fc)
      if after then after() end
      self.depth = self.depth - 1
    end)
    local changed = false
    for d, bnd in pairs(self.bind) do
      if before[d] and show(bnd.ty) ~= before[d] then changed = true end
    end
    if not changed then return lines end
  end
  self:fail("a loop whose locals change type", s)
end

-- for i, c in ipairs(r.LIST): the child records of a list input, in order. The loop runs as many
-- times as the record has children: bounded by the data, so it keeps the function `bounded`.
-- A loop over values known when compiling (the matches of a constant text's gmatch, ipairs of a
-- table of constants): its body compiled once per value, in order.
function Gen:unrolled(s, fc)
  local e = s.exps[1]
  if #s.exps ~= 1 then return false end
  local seq
  if e.tag == "Method" and e.name == "gmatch" and #e.args == 1 then
    local str, pat = self:exp(e.object), self:exp(e.args[1])
    if not (str.const and type(str.value) == "string" and pat.const and type(pat.value) == "string") then return false end
    seq = {}
    for a, b in str.value:gmatch(pat.value) do
      if b ~= nil then self:fail("gmatch with two captures", s) end
      seq[#seq + 1] = { a }
    end
  elseif e.tag == "Call" and e.fn.tag == "Name" and not e.fn.decl and e.fn.name == "ipairs" and #e.args == 1
      and not (e.args[1].tag == "Binop" and e.args[1].op == "or") then
    local t, lines = self:capture(function() return self:exp(e.args[1]) end)
    if not t.ctable then return false end
    self:splice(lines)
    self.env.lib.global(self, "ipairs", e)
    seq = {}
    for i, x in ipairs(t.ctable) do seq[i] = { i, x } end
  else
    return false
  end
  if #seq > 200 then self:fail("a loop over more than 200 constants", s) end
  local function has_break(stats)
    for _, x in ipairs(stats) do
      if x.tag == "Break" or x.tag == "Goto" then return true end
      if x.tag == "If" then
        for _, b in ipairs(x.blocks) do if has_break(b) then return true end end
        if x.orelse and has_break(x.orelse) then return true end
      elseif x.tag == "Do" and has_break(x.body) then return true end
    end
    return false
  end
  if has_break(s.body) then self:fail("a loop over constants that breaks", s) end
  for _, vals in ipairs(seq) do
    for i, d in ipairs(s.decls) do
      local x = vals[i]
      if x == nil then self.bind[d] = const(nil)
      elseif math.type(x) == "integer" then self.bind[d] = const(x, "int")
      elseif type(x) == "string" then self.bind[d] = const(x, "str")
      else self:fail("a loop over constants that are not texts or integers", s) end
    end
    self:open("do")
    self:block(s.body, fc)
    self:close()
  end
  return true
end

function Gen:genfor(s, fc)
  if self:unrolled(s, fc) then return end
  local pf, plist = self:plain_for(s, fc)
  if pf == true then return end
  local e = s.exps[1]
  if #s.exps ~= 1 or e.tag ~= "Call" or e.fn.tag ~= "Name" or e.fn.decl or e.fn.name ~= "ipairs" or #e.args ~= 1 then
    self:fail("a generic for other than ipairs over a list of child records", s)
  end
  self.env.lib.global(self, "ipairs", e)
  local list = pf == "list_or_empty" and plist or self:exp(e.args[1])
  if list.special ~= "list" then self:fail("ipairs over something other than a list of child records", s) end
  if pf == "list_or_empty" then
    -- ipairs(LIST or {}): no children when the list is missing
    local c0 = self:tmp("L")
    self:emit(("local %s = %s or %s"):format(c0, list.code, self:upval(Gen.EMPTY, "empty")))
    list = { special = "list", code = c0, of = list.of, name = list.name }
  elseif list.optional then self:emit(("if %s == nil then return 0 end"):format(list.code)) end
  if #s.names > 2 then self:fail("ipairs with more than two names", s) end
  local i, c = self:tmp("i"), self:tmp("c")
  local lines = self:loop_body(s, fc, function()
    if s.decls[1] then self.bind[s.decls[1]] = { code = i, ty = T("int") } end
    if s.decls[2] then self.bind[s.decls[2]] = { special = "child", code = c, of = list.of, list = list.name } end
  end)
  self:emit(("for %s = 1, #%s do"):format(i, list.code))
  self:emit(("  local %s = %s[%s]"):format(c, list.code, i))
  self:splice(lines)
  self:emit("end")
end

function Gen:numfor(s, fc)
  local a = self:expect(self:exp(s.start), { "int" }, "for start", s)
  local b = self:expect(self:exp(s.stop), { "int" }, "for limit", s)
  local c = s.step and self:expect(self:exp(s.step), { "int" }, "for step", s)
  a, b = self:atom(a), self:atom(b)
  if c then c = self:atom(c) end
  local var = self:tmp("i")
  local lines = self:loop_body(s, fc, function() self.bind[s.decl] = { code = var, ty = T("int") } end)
  self.loops = (self.loops or 0) + 1
  self:emit(("for %s = %s, %s%s do"):format(var, a.code, b.code, c and (", " .. c.code) or ""))
  self:splice(lines)
  self:emit("end")
end

function Gen:ret(s, fc)
  local kind = fc.kind
  if kind == "helper" then
    local n = #fc.results
    local vs = self:explist(s.values, n)
    for i = 1, n do
      local v = vs[i]
      local res = fc.results[i]
      if v.special == "closure" then
        -- a function made here, called later by the caller: the result is its number among the
        -- helper's closures for this result (Gen:call_closureset picks it by that number)
        self:portable(v, s)
        fc.closures[i] = fc.closures[i] or {}
        local k
        for j, c in ipairs(fc.closures[i]) do if c.fn == v.fn then k = j end end
        if not k then
          fc.closures[i][#fc.closures[i] + 1] = v
          k = #fc.closures[i]
        elseif not self:same_snap(fc.closures[i][k], v) then
          self:fail("a function returned twice with different names bound", s)
        end
        self:emit(("%s = %d"):format(res, k))
        fc.cres[i] = false
        goto next_result
      end
      if v.special then
        if v.special ~= "record" and v.special ~= "ctx" then self:fail("returning a " .. v.special, s) end
        self:fail("a helper returning the record or ctx", s)
      end
      -- a constant (a table this helper made): the result when every return gives this one
      if fc.cres[i] == nil then fc.cres[i] = v.const and v or false
      elseif fc.cres[i] ~= v then fc.cres[i] = false end
      if has(v.ty, "ratio") then
        -- a ratio result: its denominator in the result's companion local
        local rn, rd = self:ratio_parts(v)
        self:emit(("%s, %sd = %s, %s"):format(res, res, rn, rd))
        fc.dens[i] = true
      else
        self:emit(("%s = %s"):format(res, v.code))
        -- should another return give a ratio, this one's denominator is 1
        local fix = { used = false, text = ("  "):rep(self.depth) .. res .. "d = 1" }
        self.out[#self.out + 1] = fix
        fc.denfix[i] = fc.denfix[i] or {}
        table.insert(fc.denfix[i], fix)
      end
      fc.rtypes[i] = union(fc.rtypes[i], v.ty)
      ::next_result::
    end
    -- further values are evaluated (and may raise) though nobody takes them
    for i = n + 1, #s.values do self:detail(s.values[i]) end
    self:emit(("goto %s"):format(fc.done))
    return
  end
  if kind == "compute" then
    for _, x in ipairs(s.values) do self:detail(x) end
    self:emit(("goto %s"):format(fc.done))
    return
  end
  -- check / when: the first value decides; the others are explanation
  local first = s.values[1] and self:exps(s.values[1], 1) or const(nil)
  if first.special == "multi" then first = first.list[1] or const(nil) end
  if first.special then self:fail("returning a " .. first.special, s) end
  -- the explanation's values are checked after the outcome is computed, as Lua evaluates them
  local _, dlines = self:capture(function()
    for i = 2, #s.values do self:detail(s.values[i]) end
  end)
  if #dlines > 0 then
    first = self:atom(first)
    self:splice(dlines)
  end
  if kind == "each_check" then
    -- a child's rule: false does not count the child; anything but a boolean raises
    if first.const then
      if first.value == false then self:emit("cf = true")
      elseif first.value ~= true then self:bail() end
    elseif single(first.ty) == "bool" and not has(first.ty, "nil") then
      self:emit(("if not %s then cf = true end"):format(first.code))
    else
      self:emit(("if %s == false then cf = true elseif %s ~= true then return 0 end"):format(first.code, first.code))
    end
    self:emit(("goto %s"):format(fc.done))
    return
  end
  if kind == "check" then
    -- the outcome: a failed rule's bit; a check returns true or false, anything else is an
    -- error of the record
    if first.const then
      if first.value == false then self:emit(("failed = failed | %d"):format(fc.bit))
      elseif first.value ~= true then self:bail() end
    elseif single(first.ty) == "bool" and not has(first.ty, "nil") then
      self:emit(("if not %s then failed = failed | %d end"):format(first.code, fc.bit))
    else
      self:emit(("if %s == false then failed = failed | %d elseif %s ~= true then return 0 end"):format(first.code,
        fc.bit, first.code))
    end
    self:emit(("goto %s"):format(fc.done))
    return
  end
  self:emit(("o = %s"):format(first.code))
  if fc.done == "WV" then self.valid_on_type = union(self.valid_on_type or {}, first.ty) end
  self:emit(("goto %s"):format(fc.done))
end

-- Inlines a call of a local function of the script. Its missing reads stop the caller's rule.
function Gen:inline(f, argnodes, want, e)
  local fn = f.fn
  for _, d in ipairs(self.inline_stack) do
    if d == f.decl then self:fail(("'%s' calls itself"):format(f.decl.name), e) end
  end
  if #self.inline_stack >= 8 then self:fail("helpers nested too deep", e) end
  if fn.vararg then self:fail(("'%s' takes ...'"):format(f.decl.name), e) end
  local args = {}
  local nparams = #self:param_decls(fn)
  for i, a in ipairs(argnodes) do
    -- a node, or {value = V}: a value already compiled (a tier's function called by T:apply)
    local v
    if a.tag == nil then v = a.value
    elseif i == #argnodes and (a.tag == "Call" or a.tag == "Method") and nparams > i then
      -- f(g()): every value g gives is an argument, as in Lua
      v = self:exps(a, nparams - i + 1)
    else v = self:exp(a) end
    if v.special == "multi" then
      for j = 2, #v.list do
        local x = v.list[j]
        if not x.special and not x.const then x = self:atom(x) end
        args[i + j - 1] = x
      end
      v = v.list[1] or const(nil)
    end
    if not v.special and not v.const then v = self:atom(v) end
    args[i] = v
  end
  -- a helper that only returns expressions (`return sme.classify(r)`): its values are the
  -- expressions', computed here with its parameters bound (no block, no result copies)
  local only = #fn.body == 1 and fn.body[1].tag == "Return" and fn.body[1]
  local pdecls0 = self:param_decls(fn)
  if only then
    local saved = {}
    for i, d in ipairs(pdecls0) do
      if d.assigned then only = nil break end
      saved[i] = self.bind[d]
    end
    if only then
      for i, d in ipairs(pdecls0) do self.bind[d] = args[i] or const(nil) end
      self.inline_stack[#self.inline_stack + 1] = f.decl
      local ok, r = pcall(function()
        local n = math.max(1, want or 1)
        local vs = self:explist(only.values, n)
        for i = n + 1, #only.values do self:detail(only.values[i]) end
        for i = 1, n do
          if vs[i].special then self:fail("a helper returning a " .. vs[i].special, e) end
          if not vs[i].const and not rawget(vs[i], "sym") then vs[i] = self:atom(vs[i]) end
        end
        if n == 1 then return vs[1] end
        return { special = "multi", list = vs }
      end)
      self.inline_stack[#self.inline_stack] = nil
      for i, d in ipairs(pdecls0) do self.bind[d] = saved[i] end
      if not ok then error(r, 0) end
      return r
    end
  end
  local n = math.max(1, want or 1)
  local results = {}
  for i = 1, n do results[i] = self:tmp("h") end
  -- the declaration is filled in once the returns are known (a ratio result has two locals)
  local declared = { used = true, text = ("  "):rep(self.depth) .. "local " .. table.concat(results, ", ") }
  self.out[#self.out + 1] = declared
  local done = self:label("H")
  local sub = { kind = "helper", results = results, rtypes = {}, done = done, und = self.cur_und, dens = {},
    denfix = {}, cres = {}, closures = {} }
  for i = 1, n do sub.rtypes[i] = {} end
  -- the parameters are the function's locals: bind them to the arguments
  local saved = {}
  self:open("do")
  local pdecls = self:param_decls(fn)
  for i, d in ipairs(pdecls) do
    saved[d] = self.bind[d]
    local v = args[i] or const(nil)
    if d.assigned then
      if v.special then self:fail("a helper assigning its record or ctx parameter", e) end
      self:bind_local(d, v)
    else
      self.bind[d] = v
    end
  end
  self.inline_stack[#self.inline_stack + 1] = f.decl
  self:block(fn.body, sub)
  self.inline_stack[#self.inline_stack] = nil
  -- falling off the end returns nothing
  local last = fn.body[#fn.body]
  if not (last and last.tag == "Return") then
    for i = 1, n do sub.rtypes[i] = union(sub.rtypes[i], T("nil")) end
  end
  self:close()
  self:emit(("::%s::"):format(done))
  for d, b in pairs(saved) do self.bind[d] = b end
  for _, d in ipairs(pdecls) do if saved[d] == nil then self.bind[d] = nil end end
  local names = {}
  for i = 1, n do
    names[#names + 1] = results[i]
    if sub.dens[i] then
      names[#names + 1] = results[i] .. "d"
      for _, fix in ipairs(sub.denfix[i] or {}) do fix.used = true end
    end
  end
  declared.text = declared.text:gsub("local .*$", "local " .. table.concat(names, ", "))
  local list = {}
  local falls_off = not (last and last.tag == "Return")
  for i = 1, n do
    list[i] = val(results[i], sub.rtypes[i])
    if sub.dens[i] then list[i].den = results[i] .. "d" end
    if sub.cres[i] and not falls_off and sub.cres[i].ctable then list[i] = sub.cres[i] end
    if sub.closures[i] then
      -- only closures or nothing (nil) in this result
      for k in pairs(sub.rtypes[i]) do
        if k ~= "nil" then self:fail(("'%s' returns a function or another value"):format(f.decl.name), e) end
      end
      list[i] = { special = "closureset", code = results[i], list = sub.closures[i],
        maybe_nil = falls_off or sub.rtypes[i]["nil"] or false }
    end
  end
  if n == 1 then return list[1] end
  return { special = "multi", list = list }
end

-- A closure returned out of the helper that made it: the locals of that helper are out of
-- scope where it is called, so every name of an enclosing function it reads must be bound to
-- what needs no local (the record, ctx, a library, a function of the script, a constant).
function Gen:portable(v, node)
  for d in pairs(v.fn.free or {}) do
    local b = v.snap[d]
    if not b or not (b.special == "record" or b.special == "ctx" or b.special == "params" or b.special == "lib"
        or b.special == "fn" or b.special == "measure" or (b.const and not b.ctable)) then
      self:fail(("a function returned by a helper reads its local '%s'"):format(d.name), node)
    end
  end
end

function Gen:same_snap(a, b)
  for d in pairs(a.fn.free or {}) do
    local x, y = a.snap[d], b.snap[d]
    if x ~= y and not (x and y and x.const and y.const and x.value == y.value and x.code == y.code)
        and not (x and y and x.special and x.special == y.special and x.special ~= "fn" and x.special ~= "lib") then
      return false
    end
  end
  return true
end

-- Calls one of the closures a helper returned (a closureset): each inlined under a test of the
-- number the helper gave; nil (the helper returned none) raises in the reference: handed back.
function Gen:call_closureset(f, argnodes, want, e)
  local n = math.max(1, want or 1)
  local h = self:atom(val(f.code, T("int"))).code
  local results = {}
  for i = 1, n do results[i] = self:tmp("k") end
  local names = {}
  for i = 1, n do names[#names + 1] = results[i]; names[#names + 1] = results[i] .. "d" end
  self:emit("local " .. table.concat(names, ", "))
  local rtypes, dens = {}, {}
  for i = 1, n do rtypes[i] = {} end
  for k, c in ipairs(f.list) do
    if k == 1 then self:open(("if %s == %d then"):format(h, k)) else self:reopen(("elseif %s == %d then"):format(h, k)) end
    local r = self:inline_closure(c, argnodes, n, e)
    local vs = r.special == "multi" and r.list or { r }
    for i = 1, n do
      local v = vs[i] or const(nil)
      if v.special then self:fail("a returned function returning a " .. v.special, e) end
      local rn, rd = self:ratio_parts(v)
      if not has(v.ty, "ratio") then rd = "1" else dens[i] = true end
      self:emit(("%s, %sd = %s, %s"):format(results[i], results[i], rn, rd))
      rtypes[i] = union(rtypes[i], v.ty)
    end
  end
  self:reopen("else")
  self:bail()
  self:close()
  local list = {}
  for i = 1, n do
    list[i] = val(results[i], rtypes[i])
    if dens[i] then list[i].den = results[i] .. "d" end
  end
  if n == 1 then return list[1] end
  return { special = "multi", list = list }
end

-- Calls a closure: its body inlined with the names it saw where it was written.
function Gen:inline_closure(f, argnodes, want, e)
  local saved = {}
  for k, v in pairs(f.snap) do
    if self.bind[k] ~= v then saved[k] = self.bind[k] or false; self.bind[k] = v end
  end
  local ok, r = pcall(self.inline, self, { special = "fn", decl = f.fn, fn = f.fn }, argnodes, want, e)
  for k, v in pairs(saved) do self.bind[k] = v or nil end
  if not ok then error(r, 0) end
  return r
end

-- The declarations of a function's parameters (compile_scope.lua puts them on the node).
function Gen:param_decls(fn) return fn.param_decls end

return Gen
