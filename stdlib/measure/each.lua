-- stdlib/measure/each.lua: rules over each child record of a list input, with a reason for
-- every child (docs/measures.md "Rules over each child record").
--
--   M:each("hires", { name = "counted", clause = "三（二）", text = "...",
--     rules = { { name =, clause =, text =, [lines =], [when = fn(c, r, ctx)], check = fn(c, r, ctx) }, ... } })
--   local s = ctx:each("counted")    -- in rules and M:compute
--   s:count(), s:list(), s:at_least(n), s.known, s.possible, s.name, s.of (the list)
--
-- Each child is tested against every rule, in order, so that its explanation lists all its
-- failures. A child counts when every rule is met (or not applicable); it does not count when a
-- rule fails, whatever its undetermined rules would say; otherwise it is undetermined.
-- An undetermined child makes the result undetermined only when the answer asked for depends
-- on it: s:count() and s:list() need every child decided; s:at_least(n) only when the children
-- decided so far do not settle it. The selections run once per record, before the rules.
local json = require "json"
local coerce = require "measure.coerce"
local declare = require "measure.declare"

local E = {}

local SPEC_FIELDS = { name = true, clause = true, text = true, lines = true, rules = true }
local RULE_FIELDS = { name = true, clause = true, text = true, lines = true, check = true, when = true }

local function list_inputs(M)
  local ns = {}
  for _, n in ipairs(M.input_names) do if M.inputs[n].type == "list" then ns[#ns + 1] = n end end
  return #ns > 0 and table.concat(ns, ", ") or "none"
end

-- E.declare(M, list, spec, where) -> true | nil, message (M:each raises it at the script's line)
function E.declare(M, list, spec, where)
  local function fail(fmt, ...) return nil, ("M:each '%s': "):format(tostring(list)) .. fmt:format(...) end
  local decl = type(list) == "string" and M.inputs[list]
  if not decl or decl.type ~= "list" then
    return fail("not a list input of %s (list inputs: %s)", M.id, list_inputs(M))
  end
  if type(spec) ~= "table" then return fail("expected {name =, rules = {{name =, clause =, text =, check =}, ...}}") end
  for k in pairs(spec) do
    if not SPEC_FIELDS[k] then return fail("unknown field '%s' (name, clause, text, lines, rules)", tostring(k)) end
  end
  local name = spec.name
  if type(name) ~= "string" or not name:match("^[%a_][%w_%-]*$") then
    return fail("'name' (what the children that meet the rules are called, e.g. \"counted\") must be an identifier")
  end
  M.eachs = M.eachs or {}
  M.each_index = M.each_index or {}
  if M.each_index[name] then return fail("the name '%s' is used twice", name) end
  if spec.lines ~= nil and not declare.parse_lines(spec.lines) then
    return fail("lines: expected a line or range of the gazette text such as 402 or \"392-394\"")
  end
  if type(spec.rules) ~= "table" or #spec.rules == 0 then
    return fail("'rules' must be a list of {name =, clause =, text =, check = function(c, r, ctx) ... end}")
  end
  local rules, seen = {}, {}
  for i, rs in ipairs(spec.rules) do
    if type(rs) ~= "table" then return fail("rule %d is not a table", i) end
    for k in pairs(rs) do
      if not RULE_FIELDS[k] then
        return fail("rule %d: unknown field '%s' (name, clause, text, lines, when, check)", i, tostring(k))
      end
    end
    local rn = rs.name
    if type(rn) ~= "string" or rn == "" then return fail("rule %d: a name is required", i) end
    if seen[rn] then return fail("rule '%s' is declared twice", rn) end
    seen[rn] = true
    if type(rs.clause) ~= "string" or rs.clause:match("^%s*$") then
      return fail("rule '%s': 'clause' is required (the article or item of %s it encodes)", rn,
        M.document.number or "the document")
    end
    if type(rs.check) ~= "function" then return fail("rule '%s': 'check' must be a function(c, r, ctx)", rn) end
    if rs.when ~= nil and type(rs.when) ~= "function" then
      return fail("rule '%s': 'when' must be a function(c, r, ctx)", rn)
    end
    if rs.lines ~= nil and not declare.parse_lines(rs.lines) then
      return fail("rule '%s': lines: expected a line or range of the gazette text such as 402 or \"392-394\"", rn)
    end
    rules[i] = { name = rn, clause = rs.clause, text = rs.text, lines = rs.lines, check = rs.check, when = rs.when,
      where = where }
  end
  local S = { name = name, list = list, clause = spec.clause, text = spec.text, lines = spec.lines, rules = rules,
    where = where }
  M.eachs[#M.eachs + 1] = S
  M.each_index[name] = S
  return true
end

-- ---- a selection: what ctx:each(name) returns for the record being evaluated ----

local Sel = {}
Sel.__index = Sel

-- The answer needs every child decided (and the list present).
local function need(s)
  if s._list_missing then coerce.missing(s._list_missing) end
  if #s._missing > 0 then
    local fields = {}
    for i, f in ipairs(s._missing) do fields[i] = f end
    coerce.missing_fields(fields)
  end
end

-- The number of children that count.
function Sel:count() need(self); return self.known end

-- The children that count (records as rules read them), in list order.
function Sel:list()
  need(self)
  local out = {}
  for i, c in ipairs(self._counted) do out[i] = c end
  return out
end

-- Whether at least n children count: decided without the undetermined children when those
-- decided already settle it. Returns the answer and a detail for the explanation.
function Sel:at_least(n)
  if math.type(n) ~= "integer" then error(("at_least: expected an integer, got %s"):format(coerce.shown(n)), 2) end
  if self._list_missing then need(self) end
  local und = self.possible - self.known
  local detail = ("%s: %d counted%s, at least %d needed"):format(self.name, self.known,
    und > 0 and (", %d undetermined"):format(und) or "", n)
  if self.known >= n then return true, detail end
  if self.possible < n then return false, detail end
  need(self)
  return self.known >= n, detail -- not reached: need raises when the children do not settle it
end

Sel.__tostring = function(s)
  return ("selection %s of %s: %d counted, %d undetermined"):format(s.name, s.of, s.known, s.possible - s.known)
end

-- The selection `name` of the record being evaluated.
function E.select(ctx, name)
  local st = ctx._each and ctx._each[name]
  if st then return st end
  local M = ctx.measure
  if not (M.each_index and M.each_index[name]) then
    local names = {}
    for i, S in ipairs(M.eachs or {}) do names[i] = S.name end
    error(("unknown selection '%s'%s"):format(tostring(name), #names > 0 and ("; " .. M.id .. " declares: " ..
      table.concat(names, ", ")) or (" (" .. M.id .. " declares no M:each)")), 3)
  end
  error(("selection '%s' is not evaluated yet (ctx:each works in rules and M:compute)"):format(name), 3)
end

-- ---- evaluation ----

local NOT_APPLICABLE = {}

local function step(rule, c, r, ctx)
  local when = rule.when
  if when and not when(c, r, ctx) then return NOT_APPLICABLE end
  return rule.check(c, r, ctx)
end

local function clean(msg)
  if type(msg) == "string" then return msg end
  local mt = getmetatable(msg)
  if mt and mt.__tostring then return tostring(msg) end
  return ("(error object is a %s value)"):format(type(msg))
end

local function readonly(_, k) error(("records are read-only (assignment to '%s')"):format(tostring(k)), 2) end

-- A child record that notes the fields a rule reads (explain mode).
local function tracking(c, seen)
  return setmetatable({}, {
    __index = function(_, k)
      local v = c[k]
      seen[k] = v
      return v
    end,
    __newindex = readonly,
  })
end

local function index(t, k) return t[k] end

local function add_field(list, f)
  for i = 1, #list do if list[i] == f then return end end
  list[#list + 1] = f
end

-- E.runner(M, {lean=, explain=}) -> nil when M declares no selection, else
-- function(r, ctx, res): evaluates every selection of the record, sets ctx._each (for
-- ctx:each) and res.items (for explanations and JSON). Lean: res.items holds only the children
-- that did not count, with only their failed and undetermined rules.
function E.runner(M, opts)
  local specs = M.eachs
  if not specs or #specs == 0 then return nil end
  local lean, explain, id = opts.lean and not opts.explain, opts.explain, M.id

  local function child(S, c, path, r, ctx, st)
    local rules = S.rules
    local reasons, failed, missing = {}, nil, nil
    local undetermined = false
    for i = 1, #rules do
      local rule = rules[i]
      local seen
      local src = c
      if explain then seen = {}; src = tracking(c, seen) end
      local ok, a, b = pcall(step, rule, src, r, ctx)
      local outcome, detail
      if ok then
        if a == NOT_APPLICABLE then outcome = "not_applicable"
        elseif a == true or a == false then outcome, detail = a, b
        else
          error(("%s: each '%s' rule '%s' (%s) on %s: check returned %s; a check returns true or false"):format(
            id, S.name, rule.name, rule.clause, path, coerce.shown(a)), 0)
        end
      elseif coerce.is_missing(a) then
        outcome, detail = "undetermined", tostring(a)
        undetermined = true
        missing = missing or {}
        for _, f in ipairs(a.fields or { a.field }) do add_field(missing, f) end
      else
        error(("%s: each '%s' rule '%s' (%s) on %s: %s"):format(id, S.name, rule.name, rule.clause, path, clean(a)), 0)
      end
      if outcome == false then failed = failed or {}; failed[#failed + 1] = rule.name end
      if not lean or outcome == false or outcome == "undetermined" then
        reasons[#reasons + 1] = { rule = rule.name, clause = rule.clause, text = rule.text, result = outcome,
          detail = detail, values = seen }
      end
    end
    local result = true
    if failed then result = false elseif undetermined then result = "undetermined" end
    if result == true then
      st._counted[#st._counted + 1] = c
    elseif result == "undetermined" then
      for _, f in ipairs(missing) do add_field(st._missing, f) end
    end
    if lean and result == true then return nil end
    -- a failed child is decided: its undetermined rules did not matter
    return { item = path, result = result, reasons = reasons, failed = failed,
      missing = result == "undetermined" and missing or nil }
  end

  return function(r, ctx, res)
    local states, items = {}, {}
    for si = 1, #specs do
      local S = specs[si]
      local st = setmetatable({ name = S.name, of = S.list, known = 0, possible = 0, _counted = {}, _missing = {} },
        Sel)
      local item = { name = S.name, list = S.list, clause = S.clause, text = S.text, counted = 0, undetermined = 0,
        total = nil, children = {} }
      local ok, list = pcall(index, r, S.list)
      if not ok then
        if not coerce.is_missing(list) then error(list, 0) end
        st._list_missing = list.field
        st.possible = math.huge
        item.missing = list.field
      else
        list = list or {} -- an optional list that is absent has no children (absent = none)
        local nu = 0
        for i = 1, #list do
          local path = ("%s[%d]"):format(S.list, i)
          local ci = child(S, list[i], path, r, ctx, st)
          if ci then
            ci.index = i
            item.children[#item.children + 1] = ci
            if ci.result == "undetermined" then nu = nu + 1 end
          end
        end
        st.known = #st._counted
        st.possible = st.known + nu
        item.counted, item.undetermined, item.total = st.known, nu, #list
      end
      states[S.name] = st
      items[S.name] = item
    end
    ctx._each = states
    res.items = items
  end
end

-- ---- output ----

-- The names of the selections of a result, in declaration order.
local function order(res)
  local names = {}
  for i, S in ipairs(res._measure and res._measure.eachs or {}) do names[i] = S.name end
  return names
end

local function plain(v, R)
  return R.plain(v)
end

-- The "items" object of measure.to_json: {NAME: {list, clause, counted, undetermined, total,
-- children: [{item, result, failed, missing, reasons}]}}, in declaration order.
function E.to_json(res, R)
  local items = res.items
  local names = order(res)
  local o = setmetatable({}, { __jsonorder = names })
  for _, name in ipairs(names) do
    local it = items[name]
    local j = setmetatable({}, { __jsonorder = { "list", "clause", "text", "counted", "undetermined", "total",
      "missing", "children" } })
    j.list, j.clause, j.text = it.list, it.clause, it.text
    j.counted, j.undetermined, j.total = it.counted, it.undetermined, it.total or json.null
    j.missing = it.missing
    local children = json.array()
    for k, ch in ipairs(it.children) do
      local cj = setmetatable({}, { __jsonorder = { "item", "result", "failed", "missing", "reasons" } })
      cj.item, cj.result = ch.item, ch.result
      if ch.failed then
        local f = json.array()
        for i, n in ipairs(ch.failed) do f[i] = n end
        cj.failed = f
      end
      if ch.missing then
        local m = json.array()
        for i, n in ipairs(ch.missing) do m[i] = n end
        cj.missing = m
      end
      local rs = json.array()
      for i, rr in ipairs(ch.reasons) do
        local rj = setmetatable({}, { __jsonorder = { "rule", "clause", "result", "text", "detail", "values" } })
        rj.rule, rj.clause, rj.result, rj.text = rr.rule, rr.clause, rr.result, rr.text
        if rr.detail ~= nil then rj.detail = tostring(rr.detail) end
        if rr.values then
          local vs = {}
          for k2, v in pairs(rr.values) do vs[k2] = plain(v, R) end
          rj.values = vs
        end
        rs[i] = rj
      end
      cj.reasons = rs
      children[k] = cj
    end
    j.children = children
    o[name] = j
  end
  return o
end

local MARK = { [true] = "✓", [false] = "✗", undetermined = "?", not_applicable = "-" }

-- Lines of measure.explain: per selection, a heading with the count, then one line per child
-- and, for a child that did not count, its failed and undetermined rules.
function E.explain_lines(res, add, show_values)
  local items = res.items
  for _, name in ipairs(order(res)) do
    local it = items[name]
    add("")
    local head = ("Each of %s: %s%s"):format(it.list, name, it.text and (" (" .. it.clause .. "): " .. it.text) or
      (it.clause and (" (" .. it.clause .. ")") or ""))
    add(head)
    if it.missing then
      add(("  ? the list %s is missing"):format(it.missing))
    else
      add(("  %d of %d counted%s"):format(it.counted, it.total, it.undetermined > 0 and
        (", %d undetermined"):format(it.undetermined) or ""))
      for _, ch in ipairs(it.children) do
        local tail = ""
        if ch.result == false then tail = "  not counted: " .. table.concat(ch.failed, ", ")
        elseif ch.result == "undetermined" then tail = "  undetermined: missing " .. table.concat(ch.missing, ", ") end
        add(("  %s %s%s"):format(MARK[ch.result], ch.item, tail))
        for _, rr in ipairs(ch.reasons) do
          -- a child that did not count: its failed and undetermined rules; one that counted: the
          -- details of its rules (why it counted)
          local shown = false
          if ch.result ~= true and (rr.result == false or rr.result == "undetermined") then
            add(("      %s %s (%s)%s%s"):format(MARK[rr.result], rr.rule, rr.clause, rr.text and (": " .. rr.text) or "",
              rr.detail ~= nil and ("  [" .. tostring(rr.detail) .. "]") or ""))
            shown = true
          elseif ch.result == true and rr.result == true and rr.detail ~= nil then
            add(("      %s %s  [%s]"):format(MARK[true], rr.rule, tostring(rr.detail)))
            shown = true
          end
          if shown and show_values then
            local vl = show_values(rr.values)
            if vl then add("          values used: " .. vl) end
          end
        end
      end
    end
  end
end

local function oneline(s) return (tostring(s or ""):gsub("[\t\r\n;]", " ")) end

-- One line for the reasons column of `gazette run --explain`: per selection the count, then
-- each child that did not count with its failed rules (and clauses) or missing fields.
function E.brief(res)
  local items = res.items
  if not items then return nil end
  local parts = {}
  for _, name in ipairs(order(res)) do
    local it = items[name]
    if it.missing then
      parts[#parts + 1] = ("%s: %s missing"):format(name, it.missing)
    else
      local s = ("%s: %d of %d %s"):format(name, it.counted, it.total, it.list)
      for _, ch in ipairs(it.children) do
        if ch.result == false then
          local fs = {}
          for _, rr in ipairs(ch.reasons) do
            if rr.result == false then
              fs[#fs + 1] = ("%s [%s]%s"):format(oneline(rr.rule), oneline(rr.clause),
                rr.detail ~= nil and (" (" .. oneline(rr.detail) .. ")") or "")
            end
          end
          s = s .. ("; %s not counted: %s"):format(ch.item, table.concat(fs, ", "))
        elseif ch.result == "undetermined" then
          s = s .. ("; %s undetermined: missing %s"):format(ch.item, table.concat(ch.missing, ", "))
        end
      end
      parts[#parts + 1] = s
    end
  end
  return table.concat(parts, "; ")
end

return E
