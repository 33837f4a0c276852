-- stdlib/measure/parse.lua: a parser for Lua 5.4 source, giving a syntax tree the measure
-- compiler (measure/compile.lua) reads. It accepts the whole language (a measure script is
-- parsed entire, so that every local it declares is known); the compiler then decides which
-- parts it can compile.
--
--   parse.chunk(src, name) -> tree | nil, "name:line: message"
--
-- Nodes are tables {tag = ..., line = N, ...}:
--   expressions: Nil, True, False, Number{value}, String{value}, Dots, Function{params, vararg,
--     body, last_line}, Table{items = {{key=exp|nil, value=exp}, ...}}, Binop{op, left, right},
--     Unop{op, operand}, Paren{inner}, Name{name}, Index{object, key}, Call{fn, args},
--     Method{object, name, args}
--   statements: Local{names, attribs, values}, LocalFunction{name, fn}, Assign{targets, values},
--     CallStat{call}, Do{body}, While{cond, body}, Repeat{body, cond}, If{conds, blocks, orelse},
--     NumFor{var, start, stop, step, body}, GenFor{names, exps, body}, FunctionStat{target,
--     is_method, fn}, Return{values}, Break, Goto{label}, Label{label}
-- A block is a list of statements. Binop ops are the Lua spellings ("+", "..", "==", "and").
local parse = {}

-- ---- lexer ----

local KEYWORDS = {}
for w in ([[and break do else elseif end false for function goto if in local nil not or repeat
  return then true until while]]):gmatch("%a+") do KEYWORDS[w] = true end

local SYMBOLS = {}
for _, sym in ipairs { "...", "..", "==", "~=", "<=", ">=", "<<", ">>", "//", "::",
  "+", "-", "*", "/", "%", "^", "#", "&", "~", "|", "<", ">", "=", "(", ")", "{", "}", "[", "]",
  ";", ":", ",", "." } do SYMBOLS[sym] = true end

local function lex_error(name, line, msg) error(("%s:%d: %s"):format(name, line, msg), 0) end

-- The long bracket starting at i ("[[", "[==["), or nil: its level and the index after it.
local function long_open(src, i)
  local eq = src:match("^%[(=*)%[", i)
  if eq then return #eq, i + #eq + 2 end
end

local function read_long(src, i, level, name, line)
  local close = "]" .. ("="):rep(level) .. "]"
  local j = src:find(close, i, true)
  if not j then lex_error(name, line, "unfinished long string or comment") end
  local s = src:sub(i, j - 1)
  if s:sub(1, 1) == "\r" then s = s:sub(2) end
  if s:sub(1, 1) == "\n" then s = s:sub(2) end
  local _, nl = src:sub(i, j - 1):gsub("\n", "")
  return s, j + #close, nl
end

local ESCAPES = { a = "\a", b = "\b", f = "\f", n = "\n", r = "\r", t = "\t", v = "\v", ["\\"] = "\\",
  ['"'] = '"', ["'"] = "'", ["\n"] = "\n" }

local function utf8_char(cp)
  if cp < 0x80 then return string.char(cp) end
  return utf8.char(cp)
end

local function read_string(src, i, q, name, line)
  local out, n = {}, 0
  local j = i
  while true do
    local c = src:sub(j, j)
    if c == "" or c == "\n" then lex_error(name, line, "unfinished string") end
    if c == q then break end
    if c == "\\" then
      local e = src:sub(j + 1, j + 1)
      if ESCAPES[e] then
        n = n + 1; out[n] = ESCAPES[e]; j = j + 2
        if e == "\n" then line = line + 1 end
      elseif e == "x" then
        local h = src:match("^%x%x", j + 2)
        if not h then lex_error(name, line, "hexadecimal digit expected") end
        n = n + 1; out[n] = string.char(tonumber(h, 16)); j = j + 4
      elseif e == "z" then
        local k = j + 2
        while src:sub(k, k):match("%s") do
          if src:sub(k, k) == "\n" then line = line + 1 end
          k = k + 1
        end
        j = k
      elseif e:match("%d") then
        local d = src:match("^%d%d?%d?", j + 1)
        local v = tonumber(d)
        if v > 255 then lex_error(name, line, "decimal escape too large") end
        n = n + 1; out[n] = string.char(v); j = j + 1 + #d
      elseif e == "u" then
        local h = src:match("^{(%x+)}", j + 2)
        if not h then lex_error(name, line, "missing '{' or '}' in \\u{xxxx}") end
        n = n + 1; out[n] = utf8_char(tonumber(h, 16)); j = j + 4 + #h
      else
        lex_error(name, line, "invalid escape sequence '\\" .. e .. "'")
      end
    else
      local k = src:find("[\\\n" .. q .. "]", j)
      if not k then lex_error(name, line, "unfinished string") end
      n = n + 1; out[n] = src:sub(j, k - 1); j = k
    end
  end
  return table.concat(out), j + 1, line
end

-- Tokens: list of {type, value, line}; type is "name", "keyword", "number", "string", a symbol,
-- or "eof".
local function lex(src, name)
  local toks, n = {}, 0
  local i, line = 1, 1
  if src:sub(1, 1) == "#" then i = (src:find("\n", 1, true) or #src + 1) end -- shebang
  local len = #src
  while true do
    -- spaces and comments
    while i <= len do
      local c = src:sub(i, i)
      if c == "\n" then line = line + 1; i = i + 1
      elseif c == " " or c == "\t" or c == "\r" or c == "\f" or c == "\v" then
        i = src:find("[^ \t\r\f\v]", i) or len + 1
      elseif c == "-" and src:sub(i + 1, i + 1) == "-" then
        local level, j = long_open(src, i + 2)
        if level then
          local _, k, nl = read_long(src, j, level, name, line)
          line = line + nl; i = k
        else
          i = src:find("\n", i, true) or len + 1
        end
      else break end
    end
    if i > len then n = n + 1; toks[n] = { type = "eof", line = line }; return toks end
    local c = src:sub(i, i)
    if c:match("[%a_]") then
      local w = src:match("^[%w_]+", i)
      n = n + 1
      toks[n] = KEYWORDS[w] and { type = "keyword", value = w, line = line } or { type = "name", value = w, line = line }
      i = i + #w
    elseif c:match("%d") or (c == "." and src:sub(i + 1, i + 1):match("%d")) then
      local num = src:match("^0[xX][%x%.]*[pP][+-]?%d+", i) or src:match("^0[xX][%x%.]*", i)
        or src:match("^%d*%.?%d*[eE][+-]?%d+", i) or src:match("^%d*%.?%d*", i)
      local v = tonumber(num)
      if v == nil then lex_error(name, line, "malformed number near '" .. num .. "'") end
      n = n + 1; toks[n] = { type = "number", value = v, line = line }
      i = i + #num
    elseif c == '"' or c == "'" then
      local s, j, l2 = read_string(src, i + 1, c, name, line)
      n = n + 1; toks[n] = { type = "string", value = s, line = line }
      i, line = j, l2
    elseif c == "[" and long_open(src, i) then
      local level, j = long_open(src, i)
      local s, k, nl = read_long(src, j, level, name, line)
      n = n + 1; toks[n] = { type = "string", value = s, line = line }
      line = line + nl; i = k
    else
      local sym
      for n = 3, 1, -1 do
        local t = src:sub(i, i + n - 1)
        if SYMBOLS[t] then sym = t; break end
      end
      if not sym then lex_error(name, line, "unexpected symbol near '" .. c .. "'") end
      n = n + 1; toks[n] = { type = sym, line = line }
      i = i + #sym
    end
  end
end
parse.lex = lex

-- ---- parser ----

local BINARY = { -- left and right priorities, as lparser.c
  ["or"] = { 1, 1 }, ["and"] = { 2, 2 },
  ["<"] = { 3, 3 }, [">"] = { 3, 3 }, ["<="] = { 3, 3 }, [">="] = { 3, 3 }, ["~="] = { 3, 3 }, ["=="] = { 3, 3 },
  ["|"] = { 4, 4 }, ["~"] = { 5, 5 }, ["&"] = { 6, 6 }, ["<<"] = { 7, 7 }, [">>"] = { 7, 7 },
  [".."] = { 9, 8 }, ["+"] = { 10, 10 }, ["-"] = { 10, 10 },
  ["*"] = { 11, 11 }, ["/"] = { 11, 11 }, ["//"] = { 11, 11 }, ["%"] = { 11, 11 },
  ["^"] = { 14, 13 },
}
local UNARY_PRIORITY = 12

local P = {}
P.__index = P

function P:peek(k) return self.toks[self.i + (k or 0)] end
function P:next() local t = self.toks[self.i]; self.i = self.i + 1; return t end
function P:is(ty, v)
  local t = self.toks[self.i]
  if v then return t.type == ty and t.value == v end
  return t.type == ty
end
function P:kw(w) return self:is("keyword", w) end
function P:err(msg, t)
  t = t or self.toks[self.i]
  local near = t.type == "eof" and "<eof>" or (t.value ~= nil and tostring(t.value) or t.type)
  error(("%s:%d: %s near '%s'"):format(self.chunkname, t.line, msg, near), 0)
end
function P:expect(ty, v)
  local t = self.toks[self.i]
  if t.type ~= ty or (v and t.value ~= v) then self:err(("'%s' expected"):format(v or ty)) end
  self.i = self.i + 1
  return t
end
function P:name() return self:expect("name").value end

local function block_end(t)
  return t.type == "eof" or (t.type == "keyword" and (t.value == "end" or t.value == "else" or t.value == "elseif"
    or t.value == "until"))
end

function P:block()
  local stats = {}
  while not block_end(self:peek()) do
    if self:kw("return") then
      local t = self:next()
      local values = {}
      if not block_end(self:peek()) and not self:is(";") then values = self:explist() end
      if self:is(";") then self:next() end
      stats[#stats + 1] = { tag = "Return", values = values, line = t.line }
      if not block_end(self:peek()) then self:err("'end' expected") end
      break
    end
    local s = self:statement()
    if s then stats[#stats + 1] = s end
  end
  return stats
end

function P:funcbody(line, is_method)
  local params, vararg = {}, false
  if is_method then params[1] = "self" end
  self:expect("(")
  if not self:is(")") then
    repeat
      if self:is("...") then self:next(); vararg = true; break end
      params[#params + 1] = self:name()
    until not (self:is(",") and self:next())
  end
  self:expect(")")
  local body = self:block()
  local e = self:expect("keyword", "end")
  return { tag = "Function", params = params, vararg = vararg, body = body, line = line, last_line = e.line }
end

function P:statement()
  local t = self:peek()
  local line = t.line
  if t.type == ";" then self:next(); return nil end
  if t.type == "::" then
    self:next(); local l = self:name(); self:expect("::")
    return { tag = "Label", label = l, line = line }
  end
  if t.type == "keyword" then
    local w = t.value
    if w == "if" then
      self:next()
      local conds, blocks = {}, {}
      conds[1] = self:expr(); self:expect("keyword", "then"); blocks[1] = self:block()
      local orelse
      while true do
        if self:kw("elseif") then
          self:next()
          conds[#conds + 1] = self:expr(); self:expect("keyword", "then"); blocks[#blocks + 1] = self:block()
        elseif self:kw("else") then
          self:next(); orelse = self:block(); self:expect("keyword", "end"); break
        else self:expect("keyword", "end"); break end
      end
      return { tag = "If", conds = conds, blocks = blocks, orelse = orelse, line = line }
    elseif w == "while" then
      self:next()
      local cond = self:expr(); self:expect("keyword", "do")
      local body = self:block(); self:expect("keyword", "end")
      return { tag = "While", cond = cond, body = body, line = line }
    elseif w == "do" then
      self:next()
      local body = self:block(); self:expect("keyword", "end")
      return { tag = "Do", body = body, line = line }
    elseif w == "for" then
      self:next()
      local n1 = self:name()
      if self:is("=") then
        self:next()
        local start = self:expr(); self:expect(",")
        local stop = self:expr()
        local step
        if self:is(",") then self:next(); step = self:expr() end
        self:expect("keyword", "do")
        local body = self:block(); self:expect("keyword", "end")
        return { tag = "NumFor", var = n1, start = start, stop = stop, step = step, body = body, line = line }
      end
      local names = { n1 }
      while self:is(",") do self:next(); names[#names + 1] = self:name() end
      self:expect("keyword", "in")
      local exps = self:explist()
      self:expect("keyword", "do")
      local body = self:block(); self:expect("keyword", "end")
      return { tag = "GenFor", names = names, exps = exps, body = body, line = line }
    elseif w == "repeat" then
      self:next()
      local body = self:block(); self:expect("keyword", "until")
      local cond = self:expr()
      return { tag = "Repeat", body = body, cond = cond, line = line }
    elseif w == "function" then
      self:next()
      local target = { tag = "Name", name = self:name(), line = line }
      local is_method = false
      while self:is(".") or self:is(":") do
        local sep = self:next().type
        local k = self:name()
        target = { tag = "Index", object = target, key = { tag = "String", value = k, line = line }, line = line }
        if sep == ":" then is_method = true; break end
      end
      local fn = self:funcbody(line, is_method)
      return { tag = "FunctionStat", target = target, is_method = is_method, fn = fn, line = line }
    elseif w == "local" then
      self:next()
      if self:kw("function") then
        self:next()
        local name = self:name()
        return { tag = "LocalFunction", name = name, fn = self:funcbody(line), line = line }
      end
      local names, attribs = {}, {}
      repeat
        names[#names + 1] = self:name()
        if self:is("<") then
          self:next(); attribs[#names] = self:name(); self:expect(">")
        end
      until not (self:is(",") and self:next())
      local values = {}
      if self:is("=") then self:next(); values = self:explist() end
      return { tag = "Local", names = names, attribs = attribs, values = values, line = line }
    elseif w == "return" then
      self:err("'return' must be the last statement of a block")
    elseif w == "break" then
      self:next(); return { tag = "Break", line = line }
    elseif w == "goto" then
      self:next(); return { tag = "Goto", label = self:name(), line = line }
    end
  end
  -- an expression statement: a call or an assignment
  local e = self:suffixedexp()
  if self:is("=") or self:is(",") then
    local targets = { e }
    while self:is(",") do self:next(); targets[#targets + 1] = self:suffixedexp() end
    self:expect("=")
    for _, x in ipairs(targets) do
      if x.tag ~= "Name" and x.tag ~= "Index" then self:err("syntax error (cannot assign)") end
    end
    return { tag = "Assign", targets = targets, values = self:explist(), line = line }
  end
  if e.tag ~= "Call" and e.tag ~= "Method" then self:err("syntax error") end
  return { tag = "CallStat", call = e, line = line }
end

function P:explist()
  local list = { self:expr() }
  while self:is(",") do self:next(); list[#list + 1] = self:expr() end
  return list
end

function P:primaryexp()
  local t = self:peek()
  if t.type == "name" then
    self:next()
    return { tag = "Name", name = t.value, line = t.line }
  elseif t.type == "(" then
    self:next()
    local e = self:expr()
    self:expect(")")
    return { tag = "Paren", inner = e, line = t.line }
  end
  self:err("unexpected symbol")
end

function P:callargs()
  local t = self:peek()
  if t.type == "string" then self:next(); return { { tag = "String", value = t.value, line = t.line } } end
  if t.type == "{" then return { self:table() } end
  self:expect("(")
  local args = {}
  if not self:is(")") then args = self:explist() end
  self:expect(")")
  return args
end

function P:suffixedexp()
  local e = self:primaryexp()
  while true do
    local t = self:peek()
    if t.type == "." then
      self:next()
      local k = self:expect("name")
      e = { tag = "Index", object = e, key = { tag = "String", value = k.value, line = k.line }, line = t.line }
    elseif t.type == "[" then
      self:next()
      local k = self:expr()
      self:expect("]")
      e = { tag = "Index", object = e, key = k, line = t.line }
    elseif t.type == ":" then
      self:next()
      local name = self:name()
      e = { tag = "Method", object = e, name = name, args = self:callargs(), line = t.line }
    elseif t.type == "(" or t.type == "string" or t.type == "{" then
      e = { tag = "Call", fn = e, args = self:callargs(), line = t.line }
    else
      return e
    end
  end
end

function P:table()
  local t = self:expect("{")
  local items = {}
  while not self:is("}") do
    if self:is("[") then
      self:next()
      local k = self:expr()
      self:expect("]"); self:expect("=")
      items[#items + 1] = { key = k, value = self:expr() }
    elseif self:is("name") and self:peek(1).type == "=" then
      local k = self:next()
      self:next()
      items[#items + 1] = { key = { tag = "String", value = k.value, line = k.line }, value = self:expr() }
    else
      items[#items + 1] = { value = self:expr() }
    end
    if self:is(",") or self:is(";") then self:next() else break end
  end
  self:expect("}")
  return { tag = "Table", items = items, line = t.line }
end

function P:simpleexp()
  local t = self:peek()
  if t.type == "number" then self:next(); return { tag = "Number", value = t.value, line = t.line } end
  if t.type == "string" then self:next(); return { tag = "String", value = t.value, line = t.line } end
  if t.type == "..." then self:next(); return { tag = "Dots", line = t.line } end
  if t.type == "{" then return self:table() end
  if t.type == "keyword" then
    if t.value == "nil" then self:next(); return { tag = "Nil", line = t.line } end
    if t.value == "true" then self:next(); return { tag = "True", line = t.line } end
    if t.value == "false" then self:next(); return { tag = "False", line = t.line } end
    if t.value == "function" then self:next(); return self:funcbody(t.line) end
  end
  return self:suffixedexp()
end

local function binop_of(t)
  if t.type == "keyword" and (t.value == "and" or t.value == "or") then return t.value end
  if BINARY[t.type] then return t.type end
end

function P:expr(limit)
  limit = limit or 0
  local t = self:peek()
  local e
  if (t.type == "keyword" and t.value == "not") or t.type == "-" or t.type == "#" or t.type == "~" then
    self:next()
    local op = t.type == "keyword" and "not" or t.type
    e = { tag = "Unop", op = op, operand = self:expr(UNARY_PRIORITY), line = t.line }
  else
    e = self:simpleexp()
  end
  while true do
    local o = self:peek()
    local op = binop_of(o)
    if not op or BINARY[op][1] <= limit then break end
    self:next()
    local right = self:expr(BINARY[op][2])
    e = { tag = "Binop", op = op, left = e, right = right, line = o.line }
  end
  return e
end

-- parse.chunk(src, name) -> the block of the chunk, or nil and a message
function parse.chunk(src, name)
  name = name or "?"
  local ok, res = pcall(function()
    local p = setmetatable({ toks = lex(src, name), i = 1, chunkname = name }, P)
    local b = p:block()
    if not p:is("eof") then p:err("'<eof>' expected") end
    return b
  end)
  if ok then return res end
  return nil, res
end

return parse
