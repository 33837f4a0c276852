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
function Gen:open(s)
  self:emit(s)
  self.depth = self.depth + 1
  self.facts[#self.facts + 1] = {}
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
end
function Gen:known(code)
  for i = #self.facts, 1, -1 do if self.facts[i][code] then return true end end
  return false
end
-- `if code == nil then <stmt> end`, unless code is known not to be nil here; afterwards it is.
function Gen:guard(code, stmt)
  if self:known(code) then return end
  self:emit(("if %s == nil then %s end"):format(code, stmt))
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
  local ok, r = pcall(fn, ...)
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
  return val(t, v.ty)
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
    return val(v.code, t)
  end
  return v
end

-- The value of v as one of the tags in `tags` (a list), or fail.
function Gen:expect(v, tags, what, node)
  v = self:not_nil(v)
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
function Gen:toplevel(d, e)
  if d.kind == "function" then
    if d.assigned then self:fail(("the script assigns '%s' again"):format(d.name), e) end
    return { special = "fn", decl = d, fn = d.fn }
  end
  if d.kind == "local" and not d.assigned and not d.mutated and not d.method_called and d.value and not d.multi then
    local v = self.env.lib.constant(self, d.value)
    -- a table of constants only when the script never hands it to anything that could change it
    if v and not (v.ctable and d.escapes) then return v end
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
  if tag == "Table" then return self:table_const(e) end
  self:fail(("a %s expression"):format(tag:lower()), e)
end

-- A table of constants written in a rule ({ ["50"] = ctx.p.award_50, ... }): every key and value
-- known when compiling; indexing it is a lookup in the same table of compiled values.
function Gen:table_const(e)
  local t, vty, n = {}, {}, 0
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
    if not v.const or type(v.value) == "table" then self:fail("a table with a value that is not a constant", e) end
    if v.value ~= nil then
      t[k] = v.value
      vty = union(vty, v.ty)
    end
  end
  return { const = true, ctable = t, vty = vty, value = t, code = "nil", ty = T("table") }
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
    if kt ~= "str" and kt ~= "int" then self:fail(("a table of constants indexed by %s"):format(show(k.ty)), e) end
    local t = self:tmp()
    self:emit(("local %s = %s[%s]"):format(t, self:upval(obj.ctable, "tbl"), self:atom(k).code))
    return val(t, union(obj.vty, T("nil")))
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
  if f.special == "lib" then return self.env.lib.call(self, f, e, want) end
  self:fail("a call of a value that is not a known function", e)
end

function Gen:method(e, want)
  local obj = self:exp(e.object)
  if obj.special == "ctx" then return self.env.lib.ctx_method(self, e, want) end
  if obj.special == "lib" then return self.env.lib.call(self, { special = "lib", path = obj.path .. ":" .. e.name, obj = obj }, e, want) end
  if obj.special then self:fail(("a method of a %s"):format(obj.special), e) end
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
  if a.special or b.special then self:fail(("%s on a %s"):format(op, a.special or b.special), e) end
  if op == "==" or op == "~=" then return self:equality(a, b, op, e) end
  if COMPARE[op] then return self:comparison(a, b, op, e) end
  a, b = self:atom(a), self:atom(b)
  if op == ".." then
    local ta, tb = single(self:not_nil(a).ty), single(self:not_nil(b).ty)
    if (ta == "str" or ta == "int") and (tb == "str" or tb == "int") then
      if a.const and b.const then return const(tostring(a.value) .. tostring(b.value), "str") end
      return val(("(%s .. %s)"):format(a.code, b.code), T("str"))
    end
    self:fail(("'..' of %s and %s outside an explanation"):format(show(a.ty), show(b.ty)), e)
  end
  a, b = self:not_nil(a), self:not_nil(b)
  local ta, tb = single(a.ty), single(b.ty)
  if not ta or not tb then self:fail(("%s on %s and %s"):format(op, show(a.ty), show(b.ty)), e) end
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
    local t = self:tmp()
    self:emit(("local %s = %s(%s, %s, %s)"):format(t, self:upval(self.env.fastops.mulr, "mulr"), m.code,
      lit(r.value.num), lit(r.value.den)))
    self:emit(("if %s == nil then return 0 end"):format(t))
    return val(t, T("money"))
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
  if nonnil_count(ta) > 1 or nonnil_count(tb) > 1 then
    self:fail(("%s between %s and %s"):format(op, show(ta), show(tb)), e)
  end
  local sa, sb = single(ta), single(tb)
  if (sa == "ratio" or sb == "ratio") then self:fail("== on a ratio", e) end
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

function Gen:comparison(a, b, op, e)
  local m = self:monotone(a, b, op)
  if m then return m end
  a, b = self:not_nil(a), self:not_nil(b)
  local ta, tb = single(a.ty), single(b.ty)
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

function Gen:logical(e)
  local a = self:exp(e.left)
  if a.special then self:fail(e.op .. " on a " .. a.special, e) end
  if a.const then
    local t = truthy(a)
    if (e.op == "and" and not t) or (e.op == "or" and t) then return a end
    return self:exp(e.right)
  end
  local b, lines = self:capture(function() return self:exp(e.right) end)
  if b.special then self:fail(e.op .. " on a " .. b.special, e) end
  local ty = union(e.op == "and" and falsy_part(a.ty) or truthy_part(a.ty), b.ty)
  if #lines == 0 then
    return val(("(%s %s %s)"):format(a.code, e.op, b.code), ty)
  end
  a = self:atom(a)
  -- the right side reads inputs or checks values: only when the left side says so
  local t = self:tmp()
  self:emit(("local %s = %s"):format(t, a.code))
  self:open(("if %s%s then"):format(e.op == "and" and "" or "not ", t))
  self:splice(lines)
  self:emit(("%s = %s"):format(t, b.code))
  self:close()
  return val(t, ty)
end

function Gen:unop(e)
  local a = self:exp(e.operand)
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
  if e.op == "#" and t == "str" then return val(("(#%s)"):format(a.code), T("int")) end
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
  if tag == "Binop" and e.op == ".." then
    for _, side in ipairs { e.left, e.right } do
      local ty = self:detail_operand(side)
      -- string.concat, or money's and date's __concat: strings, numbers, money, dates
      for k in pairs(ty) do
        if k == "nil" then
          -- only a value can be tested; a nil constant raises for sure
          self:fail("'..' of a value that may be nil in an explanation", e)
        elseif k ~= "str" and k ~= "int" and k ~= "money" and k ~= "date" and k ~= "ratio" then
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
  self:emit(("local %s = %s"):format(name, v.code))
  self.bind[d] = { code = name, ty = v.ty }
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
    for i, d in ipairs(s.decls) do self:bind_local(d, vs[i]) end
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
  elseif tag == "GenFor" then
    self:genfor(s, fc)
  elseif tag == "LocalFunction" then
    self:fail("a function defined inside a rule", s)
  else
    self:fail(("a %s statement"):format(tag), s)
  end
end

function Gen:is_ctx(namenode)
  local v = namenode.decl and self.bind[namenode.decl]
  return v and v.special == "ctx"
end

function Gen:assign(s, fc)
  local vs = self:explist(s.values, #s.targets)
  for i, v in ipairs(vs) do
    if v.special then self:fail("assigning a " .. v.special, s) end
    if i <= #s.targets then vs[i] = self:atom(v) end
  end
  for i, t in ipairs(s.targets) do
    local v = vs[i]
    if t.tag == "Name" then
      local b = t.decl and self.bind[t.decl]
      if not b or b.special or b.const then self:fail(("assignment to '%s'"):format(t.name), s) end
      self:emit(("%s = %s"):format(b.code, v.code))
      b.ty = union(b.ty, v.ty)
      self.widened = true
    elseif t.tag == "Index" and t.object.tag == "Name" and t.key.tag == "String" then
      local o = self:exp(t.object)
      if o.special ~= "out" then self:fail("assignment to a field", s) end
      self.env.write_output(self, t.key.value, v, s)
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
-- wider type from the first iteration on); returns the lines of the body.
function Gen:loop_body(s, bind)
  local lines
  for _ = 1, 4 do
    local before = {}
    for d, bnd in pairs(self.bind) do if not bnd.special then before[d] = show(bnd.ty) end end
    bind()
    local _, ls = self:capture(function()
      self.depth = self.depth + 1
      self:block(s.body, s.fc)
      self.depth = self.depth - 1
    end)
    lines = ls
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
function Gen:genfor(s, fc)
  local e = s.exps[1]
  if #s.exps ~= 1 or e.tag ~= "Call" or e.fn.tag ~= "Name" or e.fn.decl or e.fn.name ~= "ipairs" or #e.args ~= 1 then
    self:fail("a generic for other than ipairs over a list of child records", s)
  end
  self.env.lib.global(self, "ipairs", e)
  local list = self:exp(e.args[1])
  if list.special ~= "list" then self:fail("ipairs over something other than a list of child records", s) end
  if list.optional then self:emit(("if %s == nil then return 0 end"):format(list.code)) end
  if #s.names > 2 then self:fail("ipairs with more than two names", s) end
  local i, c = self:tmp("i"), self:tmp("c")
  s.fc = fc
  local lines = self:loop_body(s, function()
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
  -- widened types of locals assigned in the body hold from the first iteration on: compile
  -- the body until no local's type changes
  local lines
  for _ = 1, 4 do
    self.widened = false
    local before = {}
    for d, bnd in pairs(self.bind) do if not bnd.special then before[d] = show(bnd.ty) end end
    self.bind[s.decl] = { code = var, ty = T("int") }
    local _, ls = self:capture(function()
      self.depth = self.depth + 1
      self:block(s.body, fc)
      self.depth = self.depth - 1
    end) -- (capture gives the body its own facts)
    lines = ls
    local changed = false
    for d, bnd in pairs(self.bind) do
      if before[d] and show(bnd.ty) ~= before[d] then changed = true end
    end
    if not changed then break end
    lines = nil
  end
  if not lines then self:fail("a loop whose locals change type", s) end
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
      if v.special then
        if v.special ~= "record" and v.special ~= "ctx" then self:fail("returning a " .. v.special, s) end
        self:fail("a helper returning the record or ctx", s)
      end
      self:emit(("%s = %s"):format(fc.results[i], v.code))
      fc.rtypes[i] = union(fc.rtypes[i], v.ty)
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
  for i, a in ipairs(argnodes) do
    local v = i == #argnodes and self:exps(a, 1) or self:exp(a)
    if v.special == "multi" then v = v.list[1] or const(nil) end
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
  self:emit(("local %s"):format(table.concat(results, ", ")))
  local done = self:label("H")
  local sub = { kind = "helper", results = results, rtypes = {}, done = done, und = self.cur_und }
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
      local name = self:tmp("p")
      self:emit(("local %s = %s"):format(name, v.code))
      self.bind[d] = { code = name, ty = v.ty }
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
  local list = {}
  for i = 1, n do list[i] = val(results[i], sub.rtypes[i]) end
  if n == 1 then return list[1] end
  return { special = "multi", list = list }
end

-- The declarations of a function's parameters (compile_scope.lua puts them on the node).
function Gen:param_decls(fn) return fn.param_decls end

return Gen
