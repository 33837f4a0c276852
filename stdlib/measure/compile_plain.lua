-- stdlib/measure/compile_plain.lua: values the compiled code holds exactly as the reference
-- evaluation does (measure/compile.lua, compile_gen.lua), so that an operation on them is the
-- same Lua operation: texts, integers, booleans, nil, tables a measure builds per record (a list
-- of 事项 texts), the rows of a reference table (measure/reftable.lua, called as an upvalue).
--
-- Their compiled type is the tag `plain`: any such value, told apart only at run time. An
-- operation on a plain value is emitted as written (indexing, #, .., ==, ipairs, a string
-- method, table.concat): where the reference raises, the compiled code raises the same way and
-- the record is handed back to the reference evaluation. Where a plain value meets a typed one
-- (money in 分, a day number, a ratio: represented otherwise than in the reference), it is
-- narrowed at run time to a text, an integer or a boolean, or the record is handed back; a
-- typed value never goes into a plain table (the compilation stops).
local Gen = require "measure.compile_gen"

local T, const, val, single, show, lit = Gen.T, Gen.const, Gen.val, Gen.single, Gen.show, Gen.lit

local P = {}

-- Tags whose compiled representation is the reference's own value.
local SAME = { str = true, int = true, bool = true, ["nil"] = true, plain = true, inf = true }
P.SAME = SAME

local function same_rep(ty)
  for k in pairs(ty) do if not SAME[k] then return false end end
  return true
end
P.same_rep = same_rep

-- v as code of the reference's value (a table of constants materialised afresh), or fail.
function Gen:plain_code(v, node, what)
  if v.special then self:fail(("%s: a %s"):format(what, v.special), node) end
  if v.ctable and v.fresh then
    -- a table this function made, stored in or handed to a plain value: built per record
    -- (later changes to it must reach the stored table, as in the reference)
    self:retry_table(v, ("%s: a table of constants"):format(what), node)
  end
  if v.ctable then
    -- a table of constants that the code stores or hands on: made afresh, as the reference does
    local items = {}
    local keys = {}
    for k in pairs(v.ctable) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b)
      if type(a) == type(b) then return a < b end
      return type(a) == "number"
    end)
    for _, k in ipairs(keys) do
      local x = v.ctable[k]
      if type(x) == "table" or (type(x) == "number" and math.type(x) ~= "integer") then
        self:fail(("%s: a table of constants holding %s"):format(what, type(x)), node)
      end
      if v.vty and not same_rep(v.vty) then self:fail(("%s: a table of %s"):format(what, show(v.vty)), node) end
      items[#items + 1] = ("[%s] = %s"):format(lit(k), lit(x))
    end
    local t = self:tmp("tb")
    self:emit(("local %s = { %s }"):format(t, table.concat(items, ", ")))
    return t
  end
  if rawget(v, "sym") then v = val(v.code, v.ty) end
  if v.const and type(v.value) == "table" then self:fail(("%s: a constant %s"):format(what, show(v.ty)), node) end
  if not same_rep(v.ty) then self:fail(("%s: %s"):format(what, show(v.ty)), node) end
  return self:atom(v).code
end

-- A table constructor evaluated per record: its keys constants, its values plain.
function Gen:runtime_table(e)
  local parts, n = {}, 0
  for i, it in ipairs(e.items) do
    local kcode
    if it.key then
      local kv = self:exp(it.key)
      kcode = self:plain_code(kv, e, "a table's key")
    else
      n = n + 1
      kcode = lit(n)
    end
    local v
    if not it.key and i == #e.items and (it.value.tag == "Call" or it.value.tag == "Method") then
      -- the last item's call gives all its values in the reference: only one is allowed here
      local m = self:exps(it.value, 2)
      if m.special == "multi" then
        local second = m.list[2]
        local only_nil = second and not second.special
        if only_nil then for k in pairs(second.ty) do only_nil = only_nil and k == "nil" end end
        if not only_nil then
          self:fail("a table whose last item is a call giving several values", e)
        end
        v = m.list[1]
      else
        v = m
      end
    else
      v = self:exp(it.value)
    end
    parts[#parts + 1] = ("[%s] = %s"):format(kcode, self:plain_code(v, e, "a table's value"))
  end
  local t = self:tmp("tb")
  self:emit(("local %s = { %s }"):format(t, table.concat(parts, ", ")))
  local r = val(t, T("plain"))
  return r
end

-- A fresh table of constants that code changes at run time: the compilation starts again with
-- the table built per record (measure/compile.lua retries; the node remembers it).
function Gen:retry_table(o, msg, node)
  if o.node and not o.node.runtime_table then error({ compile_retry = o.node }, 0) end
  self:fail(msg, node)
end

-- The alternative ctx:highest paid (its number, or nil) as the reference holds it: the
-- alternatives' own option table (measure/stacking.lua returns A.options[i] itself).
function Gen:alt_plain(v)
  v = self:atom(v)
  local t = self:tmp()
  self:emit(("local %s = nil"):format(t))
  self:emit(("if %s ~= nil then %s = %s[%s] end"):format(v.code, t, self:upval(v.alts.options, "alt_options"), v.code))
  return val(t, T("plain"))
end

-- A plain value narrowed to tag (str, int, bool) and nil: anything else hands the record back.
function Gen:narrow_plain(v, tag)
  local check = ({ str = "string", bool = "boolean" })[tag]
  v = self:atom(v)
  if check then
    self:emit(("if %s ~= nil and %s(%s) ~= %q then return 0 end"):format(v.code, self:upval(type, "type_"), v.code, check))
  elseif tag == "int" then
    self:emit(("if %s ~= nil and %s(%s) ~= \"integer\" then return 0 end"):format(v.code, self:upval(math.type, "mtype"),
      v.code))
  else
    return nil
  end
  local ty = { [tag] = true, ["nil"] = true }
  for k in pairs(v.ty) do if k == tag then ty[k] = true end end
  return val(v.code, ty)
end

-- obj[key] of a plain value (a table built per record, a reference table's row).
function Gen:plain_index(obj, keynode, e)
  local o = self:atom(obj)
  local k = keynode.tag == "String" and const(keynode.value, "str") or self:exp(keynode)
  local kc = self:plain_code(k, e, "a key")
  local t = self:tmp()
  self:emit(("local %s = %s[%s]"):format(t, o.code, kc))
  return val(t, T("plain"))
end

-- obj[key] = v on a plain value: the target's table and key were evaluated before the value.
function Gen:plain_store(o, kc, v, s)
  self:emit(("%s[%s] = %s"):format(o.code, kc, self:plain_code(v, s, "a value stored in a table")))
end

-- for VARS in ipairs(plain) / in s:gmatch(pattern): the loop as written, over the same values.
function Gen:plain_for(s, fc)
  local e = s.exps[1]
  if #s.exps ~= 1 then return false end
  local head, binds
  if e.tag == "Call" and e.fn.tag == "Name" and not e.fn.decl and e.fn.name == "ipairs" and #e.args == 1 then
    local a = e.args[1]
    local inner = a
    while inner.tag == "Paren" do inner = inner.inner end
    if inner.tag == "Binop" and inner.op == "or" and inner.right.tag == "Table" and #inner.right.items == 0 then
      -- ipairs(LIST or {}): a list of child records, none when it is missing
      local l = self:exp(inner.left)
      if l.special == "list" then return "list_or_empty", l end
    end
    local t = self:exp(a)
    if t.special or t.ctable or not t.ty.plain then return false end
    self.env.lib.global(self, "ipairs", e)
    local x = self:atom(t).code
    head = ("for %%s, %%s in %s(%s) do"):format(self:upval(ipairs, "ipairs"), x)
    binds = { T("int"), T("plain") }
  elseif e.tag == "Method" and e.name == "gmatch" and #e.args == 1 then
    local str = self:exp(e.object)
    if str.special or str.const or not (str.ty.str or str.ty.plain) then return false end
    local pat = self:exp(e.args[1])
    local sc = self:string_receiver(str, e)
    local pc = self:plain_code(pat, e, "a pattern")
    head = ("for %%s, %%s in %s(%s, %s) do"):format(self:upval(string.gmatch, "gmatch"), sc, pc)
    binds = { T("plain"), T("plain") }
  else
    return false
  end
  if #s.names > 2 then self:fail("a loop with more than two names", s) end
  local a, b = self:tmp("i"), self:tmp("v")
  local lines = self:loop_body(s, fc, function()
    if s.decls[1] then self.bind[s.decls[1]] = val(a, binds[1]) end
    if s.decls[2] then self.bind[s.decls[2]] = val(b, binds[2]) end
  end)
  self:emit(head:format(a, b))
  self:splice(lines)
  self:emit("end")
  return true
end

-- The code of a text a string method is called on (s:gsub(...)): a text, or a plain value that
-- must be one (anything else raises in the reference as here: handed back).
function Gen:string_receiver(v, e)
  if v.const and type(v.value) == "string" then return lit(v.value) end
  v = self:not_nil(v)
  if v.ty.plain then v = self:narrow_plain(v, "str"); v = self:not_nil(v) end
  if single(v.ty) ~= "str" then self:fail(("a string method on %s"):format(show(v.ty)), e) end
  return self:atom(v).code
end

-- s:gsub / match / sub / find / lower / upper / len / rep with the same Lua function.
local STRING_METHODS = { gsub = T("str"), sub = T("str"), lower = T("str"), upper = T("str"), len = T("int"),
  rep = T("str"), match = T("plain"), find = T("plain") }
function Gen:string_method(obj, e, want)
  local res = STRING_METHODS[e.name]
  if not res then self:fail(("the method %s of a text"):format(e.name), e) end
  if string[e.name] ~= Gen.STRING_ORIG[e.name] then self:fail(("string.%s is not the library's"):format(e.name), e) end
  local sc = self:string_receiver(obj, e)
  local codes = { sc }
  for _, a in ipairs(e.args) do
    local v = self:exp(a)
    codes[#codes + 1] = self:plain_code(v, e, "an argument of a string method")
  end
  local n = math.max(1, want or 1)
  local names = {}
  for i = 1, n do names[i] = self:tmp() end
  self:emit(("local %s = %s(%s)"):format(table.concat(names, ", "), self:upval(string[e.name], "s_" .. e.name),
    table.concat(codes, ", ")))
  local list = {}
  for i = 1, n do
    if i == 1 then list[i] = val(names[i], res)
    elseif e.name == "gsub" and i == 2 then list[i] = val(names[i], T("int"))
    else list[i] = val(names[i], T("plain")) end
  end
  if n == 1 then return list[1] end
  return { special = "multi", list = list }
end

Gen.STRING_ORIG = {}
for k in pairs(STRING_METHODS) do Gen.STRING_ORIG[k] = string[k] end

-- T:get(key), T:rows_where{col = value, ...}, T:rows() of a reference table: the table's own
-- method, called as an upvalue (the rows are read-only views, the same as the reference reads).
local REFTABLE_METHODS = { get = true, rows_where = true, rows = true }
function Gen:reftable_method(obj, e)
  if not REFTABLE_METHODS[e.name] then self:fail(("the method %s of a reference table"):format(e.name), e) end
  local codes = { self:upval(obj.handle, "reftable") }
  for _, a in ipairs(e.args) do
    local v = a.tag == "Table" and self:runtime_table(a) or self:exp(a)
    codes[#codes + 1] = self:plain_code(v, e, "an argument of a reference table's method")
  end
  local t = self:tmp()
  self:emit(("local %s = %s(%s)"):format(t, self:upval(obj.handle[e.name], "rt_" .. e.name), table.concat(codes, ", ")))
  return val(t, T("plain"))
end

-- repeat BODY until COND: the body compiled until no local changes type (the condition sees
-- the body's locals). Not bounded: the run keeps the instruction budget's hook.
function Gen:repeat_stat(s, fc)
  local lines = self:loop_body(s, fc, nil, function()
    local c = self:exp(s.cond)
    if c.special then self:fail("a condition that is a " .. c.special, s) end
    self:emit(("if %s then break end"):format(c.code))
  end)
  self.loops = (self.loops or 0) + 1
  self:emit("while true do")
  self:splice(lines)
  self:emit("end")
end

return P
