-- stdlib/measure/compile_scope.lua: what a measure script declares, for the compiler
-- (measure/compile.lua). The script is parsed whole (measure/parse.lua); every name is resolved
-- to its declaration, so that the compiler knows which names are the script's own locals,
-- which are globals, and which locals are ever assigned again or have fields changed; and the
-- M:rule, M:compute and M:each calls are found at the top level of the script.
--
--   scope.scan(M) -> info | nil, reason      (cached per measure)
--     info.rules[i] = {name=, check=NODE, when=NODE|nil, line=}   in declaration order
--     info.compute  = NODE | nil
--     info.each     = true when the script calls M:each
-- A NODE is a Function node, or a Name node of a local function. Name nodes carry `decl`,
-- their declaration: {name=, top=bool, kind="local"|"function"|"param"|"for", value=NODE|nil,
-- fn=NODE|nil, assigned=bool, mutated=bool}; a global name has no decl.
local parse = require "measure.parse"

local scope = {}

local Resolver = {}
Resolver.__index = Resolver

function Resolver:push() self.scopes[#self.scopes + 1] = {} end
function Resolver:pop() self.scopes[#self.scopes] = nil end
function Resolver:declare(name, d)
  d.name = name
  d.top = self.depth == 0
  d.fdepth = #self.fstack -- the function it belongs to (0: the script's top level)
  self.scopes[#self.scopes][name] = d
  return d
end
function Resolver:lookup(name)
  for i = #self.scopes, 1, -1 do
    local d = self.scopes[i][name]
    if d then return d end
  end
end

-- The Name at the root of an Index chain (a.b.c -> a), or nil.
local function root_name(e)
  while e.tag == "Index" or e.tag == "Paren" do e = e.object or e.inner end
  if e.tag == "Name" then return e end
end

function Resolver:exp(e, indexed)
  local tag = e.tag
  if tag == "Name" then
    e.decl = self:lookup(e.name)
    -- each function between the declaration's and this one sees it as a free name
    if e.decl and not e.decl.top then
      for i = e.decl.fdepth + 1, #self.fstack do self.fstack[i].free[e.decl] = true end
    end
    -- a local used otherwise than indexed (passed, returned, stored) may be changed elsewhere
    if e.decl and not indexed then e.decl.escapes = true end
  elseif tag == "Index" then
    self:exp(e.object, true); self:exp(e.key)
  elseif tag == "Call" then
    self:exp(e.fn)
    for _, a in ipairs(e.args) do self:exp(a) end
  elseif tag == "Method" then
    self:exp(e.object)
    for _, a in ipairs(e.args) do self:exp(a) end
    -- a method call may change its object (t:insert(...)): only a script local matters here
    local n = root_name(e.object)
    if n and n.decl and e.object.tag == "Name" then n.decl.method_called = true end
  elseif tag == "Binop" then
    self:exp(e.left); self:exp(e.right)
  elseif tag == "Unop" then
    self:exp(e.operand)
  elseif tag == "Paren" then
    self:exp(e.inner)
  elseif tag == "Table" then
    for _, it in ipairs(e.items) do
      if it.key then self:exp(it.key) end
      self:exp(it.value)
    end
  elseif tag == "Function" then
    self:func(e)
  end
end

function Resolver:func(f)
  self.depth = self.depth + 1
  f.free = {} -- the declarations of enclosing functions it reads (not the top level's)
  self.fstack[#self.fstack + 1] = f
  self:push()
  f.param_decls = {}
  for i, p in ipairs(f.params) do f.param_decls[i] = self:declare(p, { kind = "param" }) end
  self:block(f.body)
  self:pop()
  self.fstack[#self.fstack] = nil
  self.depth = self.depth - 1
end

function Resolver:block(stats)
  self:push()
  for _, s in ipairs(stats) do self:stat(s) end
  self:pop()
end

function Resolver:stat(s)
  local tag = s.tag
  if tag == "Local" then
    for _, v in ipairs(s.values) do self:exp(v) end
    s.decls = {}
    for i, n in ipairs(s.names) do
      local multi = i > #s.values and #s.values > 0 and
        (s.values[#s.values].tag == "Call" or s.values[#s.values].tag == "Method")
      s.decls[i] = self:declare(n, { kind = "local", value = s.values[i], multi = multi, stat = s })
    end
  elseif tag == "LocalFunction" then
    s.decl = self:declare(s.name, { kind = "function", fn = s.fn, stat = s })
    self:func(s.fn)
  elseif tag == "Assign" then
    for _, v in ipairs(s.values) do self:exp(v) end
    for _, t in ipairs(s.targets) do
      self:exp(t)
      if t.tag == "Name" then
        if t.decl then t.decl.assigned = true end
      else
        local n = root_name(t)
        if n and n.decl then n.decl.mutated = true end
      end
    end
  elseif tag == "CallStat" then
    self:exp(s.call)
  elseif tag == "Do" then
    self:block(s.body)
  elseif tag == "While" then
    self:exp(s.cond); self:block(s.body)
  elseif tag == "Repeat" then
    -- the condition sees the body's locals
    self:push()
    for _, x in ipairs(s.body) do self:stat(x) end
    self:exp(s.cond)
    self:pop()
  elseif tag == "If" then
    for i, c in ipairs(s.conds) do self:exp(c); self:block(s.blocks[i]) end
    if s.orelse then self:block(s.orelse) end
  elseif tag == "NumFor" then
    self:exp(s.start); self:exp(s.stop)
    if s.step then self:exp(s.step) end
    self:push()
    s.decl = self:declare(s.var, { kind = "for" })
    self:block(s.body)
    self:pop()
  elseif tag == "GenFor" then
    for _, x in ipairs(s.exps) do self:exp(x) end
    self:push()
    s.decls = {}
    for i, n in ipairs(s.names) do s.decls[i] = self:declare(n, { kind = "for" }) end
    self:block(s.body)
    self:pop()
  elseif tag == "FunctionStat" then
    local n = root_name(s.target)
    self:exp(s.target)
    if s.target.tag == "Name" then
      if s.target.decl then s.target.decl.assigned = true end
    elseif n and n.decl then n.decl.mutated = true end
    self:func(s.fn)
  elseif tag == "Return" then
    for _, v in ipairs(s.values) do self:exp(v) end
  end
end

-- Does any node under x (a node or a list of nodes) call a method on the measure's local?
local function calls_method_on(x, mdecl)
  if type(x) ~= "table" then return false end
  if x.tag == "Method" and x.object.tag == "Name" and x.object.decl == mdecl then return true end
  for k, v in pairs(x) do
    if k ~= "decl" and k ~= "decls" and k ~= "stat" and type(v) == "table" and calls_method_on(v, mdecl) then
      return true
    end
  end
  return false
end

-- The function a rule field names: a Function node, or a Name of a top-level local function.
local function fn_node(e)
  if not e then return nil end
  if e.tag == "Function" then return e end
  if e.tag == "Name" and e.decl and e.decl.kind == "function" and e.decl.top and not e.decl.assigned then return e end
end

local function field(tbl, key)
  for _, it in ipairs(tbl.items) do
    if it.key and it.key.tag == "String" and it.key.value == key then return it.value end
  end
end

local scans = setmetatable({}, { __mode = "k" })

-- The reftable.load calls of a script's tree (before names are resolved: the tree has no links
-- back yet): how many, and the top-level `local T = reftable.load(...)` statements among them.
local function reftable_loads(tree)
  local nload, seen = 0, {}
  local function walk(x)
    if type(x) ~= "table" or seen[x] then return end
    seen[x] = true
    if x.tag == "Call" and x.fn.tag == "Index" and x.fn.object.tag == "Name" and x.fn.object.name == "reftable"
        and x.fn.key.tag == "String" and x.fn.key.value == "load" then
      nload = nload + 1
    end
    for _, v in pairs(x) do walk(v) end
  end
  walk(tree)
  local loads = {}
  for _, st in ipairs(tree) do
    local v = st.tag == "Local" and #st.values == 1 and #st.names == 1 and st.values[1]
    if v and v.tag == "Call" and v.fn.tag == "Index" and v.fn.object.tag == "Name" and v.fn.object.name == "reftable"
        and v.fn.key.tag == "String" and v.fn.key.value == "load" then
      loads[#loads + 1] = st
    end
  end
  return nload, loads
end

local function do_scan(M)
  if type(M.source) ~= "string" then return nil, "the measure's source is not available" end
  local tree, err = parse.chunk(M.source, M.path or "?")
  if not tree then return nil, "cannot parse the script: " .. err end
  -- each top-level `local T = reftable.load(...)` is the i-th table the script loaded
  -- (M.tables[i]) when every call is one of these
  local nload, loads = reftable_loads(tree)
  local r = setmetatable({ scopes = {}, depth = 0, fstack = {} }, Resolver)
  r:block(tree)
  if #loads == nload then
    for i, st in ipairs(loads) do
      if not st.values[1].fn.object.decl then st.decls[1].reftable, st.decls[1].nloads = i, nload end
    end
  end
  -- the measure's local: `local M = measure {...}`
  local mdecl
  for _, s in ipairs(tree) do
    if s.tag == "Local" and #s.values == 1 and s.values[1].tag == "Call" and s.values[1].fn.tag == "Name"
        and s.values[1].fn.name == "measure" and not s.values[1].fn.decl then
      mdecl = s.decls[1]
    end
  end
  if not mdecl then return nil, "the script does not declare its measure as `local M = measure {...}`" end
  -- valid.on in the declaration: the date that decides whether the measure is in force
  local valid_on
  local decl = mdecl.value.args[1]
  if decl and decl.tag == "Table" then
    local valid = field(decl, "valid")
    valid_on = valid and valid.tag == "Table" and fn_node(field(valid, "on")) or nil
  end
  if mdecl.assigned then return nil, "the measure's local is assigned again" end
  local info = { rules = {}, compute = nil, each = false, tree = tree, valid_on = valid_on, mdecl = mdecl }
  mdecl.is_measure = true -- M.valid.from and the like are constants of the compiled code
  for _, s in ipairs(tree) do
    local c = s.tag == "CallStat" and s.call
    if c and c.tag == "Method" and c.object.tag == "Name" and c.object.decl == mdecl then
      local m = c.name
      if m == "rule" then
        local name, spec = c.args[1], c.args[2]
        if not (name and name.tag == "String" and spec and spec.tag == "Table" and #c.args == 2) then
          return nil, ("line %d: M:rule is not written as M:rule(\"name\", {...})"):format(c.line)
        end
        local check, when = field(spec, "check"), field(spec, "when")
        local cn, wn = fn_node(check), fn_node(when)
        if not cn then return nil, ("rule '%s' (line %d): check is not a function written in the script"):format(name.value, c.line) end
        if when and not wn then return nil, ("rule '%s' (line %d): when is not a function written in the script"):format(name.value, c.line) end
        info.rules[#info.rules + 1] = { name = name.value, check = cn, when = wn, line = c.line }
      elseif m == "compute" then
        local f = fn_node(c.args[1])
        if not f or #c.args ~= 1 then return nil, ("line %d: M:compute is not given a function written in the script"):format(c.line) end
        info.compute = f
      elseif m == "each" then
        -- M:each("LIST", {name = "NAME", rules = {{name =, check = function, [when =]}, ...}})
        info.each = true
        local list, spec = c.args[1], c.args[2]
        local function bad() return nil, ("line %d: M:each is not written as M:each(\"list\", {name =, rules = {...}})"):format(c.line) end
        if not (list and list.tag == "String" and spec and spec.tag == "Table" and #c.args == 2) then return bad() end
        local nm, rules = field(spec, "name"), field(spec, "rules")
        if not (nm and nm.tag == "String" and rules and rules.tag == "Table") then return bad() end
        local S = { list = list.value, name = nm.value, rules = {}, line = c.line }
        for _, it in ipairs(rules.items) do
          if it.key or it.value.tag ~= "Table" then return bad() end
          local rn, check, when = field(it.value, "name"), field(it.value, "check"), field(it.value, "when")
          local cn, wn = fn_node(check), fn_node(when)
          if not (rn and rn.tag == "String" and cn) or (when and not wn) then
            return nil, ("line %d: a rule of M:each '%s' is not written with a name and functions in the script"):format(c.line, nm.value)
          end
          S.rules[#S.rules + 1] = { name = rn.value, check = cn, when = wn }
        end
        info.eachs = info.eachs or {}
        info.eachs[#info.eachs + 1] = S
      elseif m ~= "param" and m ~= "interpretation" and m ~= "case" and m ~= "alternatives" then
        return nil, ("line %d: M:%s is not a declaration the compiler knows"):format(c.line, m)
      end
    elseif calls_method_on(s, mdecl) and not (s.tag == "Return") then
      -- a rule declared inside a loop or a function is not one the compiler can name
      local only_cases = true
      local function cases_only(x)
        if type(x) ~= "table" then return end
        -- test cases, parameters, readings and alternatives are read from the loaded measure
        -- itself: declared by a helper or a loop, they change nothing the compiler reads
        local harmless = { case = true, param = true, interpretation = true, alternatives = true }
        if x.tag == "Method" and x.object.tag == "Name" and x.object.decl == mdecl and not harmless[x.name] then
          only_cases = false
        end
        for k, v in pairs(x) do
          if k ~= "decl" and k ~= "decls" and k ~= "stat" and type(v) == "table" then cases_only(v) end
        end
      end
      cases_only(s)
      if not only_cases then
        return nil, ("line %d: the measure is changed by a statement the compiler cannot follow"):format(s.line)
      end
    end
  end
  -- selections whose counted children some code asks for: ctx:each("NAME"):list()
  local function lists(x)
    if type(x) ~= "table" then return end
    if x.tag == "Method" and x.name == "list" and x.object.tag == "Method" and x.object.name == "each"
        and x.object.args[1] and x.object.args[1].tag == "String" then
      info.each_lists = info.each_lists or {}
      info.each_lists[x.object.args[1].value] = true
    end
    for k, v in pairs(x) do
      if k ~= "decl" and k ~= "decls" and k ~= "stat" and type(v) == "table" then lists(v) end
    end
  end
  lists(tree)
  -- the rules found must be the measure's rules, in order
  if #info.rules ~= #M.rules then
    return nil, ("the script declares %d rules at its top level, the measure has %d"):format(#info.rules, #M.rules)
  end
  for i, rule in ipairs(M.rules) do
    if info.rules[i].name ~= rule.name then
      return nil, ("rule %d is '%s' in the measure, '%s' in the script"):format(i, rule.name, info.rules[i].name)
    end
  end
  if (info.compute ~= nil) ~= (M.computer ~= nil) then return nil, "M:compute is not found in the script" end
  -- the selections found must be the measure's, in order, with their rules
  local eachs = M.eachs or {}
  if #(info.eachs or {}) ~= #eachs then return nil, "the script's M:each calls are not the measure's selections" end
  for i, S in ipairs(eachs) do
    local F = info.eachs[i]
    if F.name ~= S.name or F.list ~= S.list or #F.rules ~= #S.rules then
      return nil, ("M:each '%s' in the script is not the measure's"):format(F.name)
    end
    for j, rule in ipairs(S.rules) do
      if F.rules[j].name ~= rule.name then return nil, ("M:each '%s': rule %d is not the measure's"):format(S.name, j) end
    end
  end
  if M.valid.on and not info.valid_on then return nil, "valid.on is not a function written in the declaration" end
  return info
end

function scope.scan(M)
  local s = scans[M]
  if s == nil then
    local info, why = do_scan(M)
    s = info or { fail = why }
    scans[M] = s
  end
  if s.fail then return nil, s.fail end
  return s
end

return scope
