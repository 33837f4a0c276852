-- stdlib/measure/stacking.lua: non-stacking (就高不重复), docs/measures.md "Non-stacking".
--
-- Inside a measure: M:alternatives(name, {clause=, tie=, {name=, clause=}, ...}) declares the
-- alternatives a clause lets a record receive only one of; ctx:highest(name, offers) pays the
-- highest and records, for the result, which one was paid and why each other was not (lower,
-- equal and losing the declared tie rule, nothing to pay, or not applicable and why).
--
-- Between measures: measures declaring the same `group` exclude one another when evaluated
-- together (measure.combine, gazette run and whatif with several measures): the highest
-- eligible amount pays; the others become ineligible with a reason naming the one that paid.
local coerce = require "measure.coerce"
local declare = require "measure.declare"

local S = {}

-- The tie rules an alternatives declaration may name (required: a tie is never left to chance).
S.TIES = {
  first = "on equal amounts the alternative listed first is paid",
  last = "on equal amounts the alternative listed last is paid",
}

local ALT_FIELDS = { clause = true, text = true, lines = true, tie = true }
local OPTION_FIELDS = { name = true, clause = true, text = true, lines = true }

-- Checks a declaration; returns the normalized table or raises a message (no position).
function S.declare(name, spec, doc_number)
  local function fail(fmt, ...) error(("M:alternatives '%s': " .. fmt):format(tostring(name), ...), 0) end
  if type(name) ~= "string" or name == "" then error("M:alternatives: a name is required", 0) end
  if type(spec) ~= "table" then fail("expected {clause=, tie=, {name=, clause=}, {name=, clause=}, ...}") end
  for k in pairs(spec) do
    if not (ALT_FIELDS[k] or (math.type(k) == "integer" and k >= 1 and k <= #spec)) then
      fail("unknown field '%s' (clause, text, lines, tie, and the alternatives as a list)", tostring(k))
    end
  end
  if type(spec.clause) ~= "string" or spec.clause:match("^%s*$") then
    fail("'clause' is required (the clause of %s that forbids stacking, e.g. 就高不重复)", doc_number or "the document")
  end
  if not S.TIES[spec.tie] then
    fail("'tie' must say who is paid on equal amounts: \"first\" (the alternative listed first) or \"last\", got %s",
      tostring(spec.tie))
  end
  if spec.lines ~= nil and not declare.parse_lines(spec.lines) then
    fail("lines: expected a line or range of the gazette text such as 402 or \"392-394\"")
  end
  if #spec < 2 then fail("at least two alternatives are needed, got %d", #spec) end
  local A = { name = name, clause = spec.clause, text = spec.text, lines = spec.lines, tie = spec.tie,
    options = {}, index = {} }
  for i, o in ipairs(spec) do
    if type(o) ~= "table" then fail("alternative %d is not a table {name=, clause=}", i) end
    for k in pairs(o) do
      if not OPTION_FIELDS[k] then fail("alternative %d: unknown field '%s' (name, clause, text, lines)", i, tostring(k)) end
    end
    if type(o.name) ~= "string" or o.name == "" then fail("alternative %d: 'name' is required", i) end
    if A.index[o.name] then fail("alternative '%s' is listed twice", o.name) end
    if type(o.clause) ~= "string" or o.clause:match("^%s*$") then
      fail("alternative '%s': 'clause' is required", o.name)
    end
    if o.lines ~= nil and not declare.parse_lines(o.lines) then
      fail("alternative '%s': lines: expected a line or range such as 402 or \"392-394\"", o.name)
    end
    A.options[i] = { name = o.name, clause = o.clause, text = o.text, lines = o.lines, rank = i }
    A.index[o.name] = i
  end
  return A
end

-- The names of the options, for messages.
local function names(A)
  local t = {}
  for i, o in ipairs(A.options) do t[i] = o.name end
  return table.concat(t, ", ")
end

-- Pays the highest offer of declared alternatives A.
--   offers: {NAME = money (≥ 0: the amount this alternative would pay) or a string (the
--            alternative does not apply; the string says why)}, one entry per alternative.
-- Returns the amount paid (money; 0 when nothing is payable), the paid option
-- ({name=, clause=, ...} or nil) and the record of the choice for the result.
function S.choose(A, offers, zero)
  if type(offers) ~= "table" then
    error(("ctx:highest('%s'): expected a table {alternative = amount or reason}"):format(A.name), 0)
  end
  for k in pairs(offers) do
    if not A.index[k] then
      error(("ctx:highest('%s'): '%s' is not one of its alternatives (%s)"):format(A.name, tostring(k), names(A)), 0)
    end
  end
  local best, best_amount
  for _, o in ipairs(A.options) do
    local v = offers[o.name]
    if v == nil then
      error(("ctx:highest('%s'): no offer for '%s'; give its amount, or a string saying why it does not apply")
        :format(A.name, o.name), 0)
    end
    if coerce.is_money(v) then
      if v < zero then
        error(("ctx:highest('%s'): '%s' offers a negative amount %s"):format(A.name, o.name, tostring(v)), 0)
      end
      if v > zero and (best == nil or v > best_amount or (v == best_amount and A.tie == "last")) then
        best, best_amount = o, v
      end
    elseif type(v) ~= "string" then
      error(("ctx:highest('%s'): '%s' offers %s; give money, or a string saying why it does not apply")
        :format(A.name, o.name, coerce.shown(v)), 0)
    end
  end
  local rec = { name = A.name, clause = A.clause, text = A.text, tie = A.tie, paid = best and best.name,
    amount = best_amount or zero, options = {} }
  for i, o in ipairs(A.options) do
    local v = offers[o.name]
    local e = { name = o.name, clause = o.clause, text = o.text, paid = o == best }
    if type(v) == "string" then
      e.why = "not applicable: " .. v
    else
      e.amount = v
      if o == best then
        local tied = {}
        for _, x in ipairs(A.options) do
          if x ~= o and coerce.is_money(offers[x.name]) and offers[x.name] == v then tied[#tied + 1] = x.name end
        end
        e.why = #tied == 0 and "paid: the highest"
          or ("paid: equal to %s, and %s"):format(table.concat(tied, ", "), S.TIES[A.tie])
      elseif v == zero then
        e.why = "nothing to pay (0.00)"
      elseif v == best_amount then
        e.why = ("equal to %s (%s), which is paid: %s"):format(best.name, tostring(best_amount), S.TIES[A.tie])
      else
        e.why = ("lower than %s (%s)"):format(best.name, tostring(best_amount))
      end
    end
    rec.options[i] = e
  end
  return rec.amount, best, rec
end

-- Records a choice in the result's list, replacing an earlier choice of the same name (a
-- rule may weigh the alternatives to decide eligibility, and the amount weigh them again).
function S.record(list, rec)
  for i, x in ipairs(list) do
    if x.name == rec.name then list[i] = rec; return end
  end
  list[#list + 1] = rec
end

-- ---- between measures ----

local function add_missing(res, field)
  res.missing = res.missing or {}
  for _, m in ipairs(res.missing) do if m == field then return end end
  res.missing[#res.missing + 1] = field
end

-- An eligible result that another member of its group beats: ineligible, amount 0, money
-- outputs 0 and the others null (as any ineligible result), with the reason.
local function exclude(res, best, group, zero)
  local M = res._measure
  local would = res.amount
  res.excluded_by = best.measure
  res.excluded_amount = would
  res.status = "ineligible"
  res.amount = zero
  local outs = res.outputs or {}
  for _, n in ipairs(M.output_names or {}) do
    local d = M.outputs[n]
    if d and d.type == "money" then outs[n] = zero else outs[n] = nil end
  end
  local detail
  if would == best.amount then
    detail = ("%s pays %s; this measure would pay the same, and on equal amounts the measure whose id sorts first pays")
      :format(best.measure, tostring(best.amount))
  else
    detail = ("%s pays %s; this measure would pay %s"):format(best.measure, tostring(best.amount), tostring(would))
  end
  res.reasons = res.reasons or {}
  res.reasons[#res.reasons + 1] = { rule = "not-stacked", clause = "就高不重复",
    text = ("not stacked with %s (就高不重复, exclusivity group '%s')"):format(best.measure, group), result = false,
    detail = detail }
end

-- The best eligible result, when another member of its group is undetermined or raised an
-- error: it may pay more, so whether this one pays is not known.
local function pending(res, others, group)
  res.status = "undetermined"
  res.amount = nil
  local outs = res.outputs or {}
  for k in pairs(outs) do outs[k] = nil end
  res.reasons = res.reasons or {}
  for _, o in ipairs(others) do
    local detail
    if o.status == "error" then detail = "it could not be evaluated: " .. tostring(o.error or "error")
    else
      detail = #(o.missing or {}) > 0 and ("it lacks " .. table.concat(o.missing, ", ")) or "it is undetermined"
      for _, f in ipairs(o.missing or {}) do add_missing(res, f) end
    end
    res.reasons[#res.reasons + 1] = { rule = "not-stacked", clause = "就高不重复",
      text = ("exclusivity group '%s': %s may pay more"):format(group, tostring(o.measure)), result = "undetermined",
      detail = detail }
  end
  res.stacking_pending = true
end

-- measure.combine(results): for each exclusivity group with two or more results, the eligible
-- result with the highest amount pays (on equal amounts, the measure whose id sorts first);
-- every other eligible member becomes ineligible with `excluded_by` and a reason naming it.
-- When a member is undetermined or an error ({status = "error", measure = id}), the best is
-- undetermined: that member may pay more. Returns the results and the total that counts.
function S.combine(results, zero)
  local groups, order = {}, {}
  for _, res in ipairs(results) do
    local M = res._measure
    local g = M and M.group
    if g then
      if not groups[g] then groups[g] = {}; order[#order + 1] = g end
      groups[g][#groups[g] + 1] = res
    end
  end
  for _, g in ipairs(order) do
    local members = groups[g]
    if #members > 1 then
      local best
      for _, res in ipairs(members) do
        if res.status == "eligible" and coerce.is_money(res.amount) then
          if not best or res.amount > best.amount or (res.amount == best.amount and res.measure < best.measure) then
            best = res
          end
        end
      end
      if best then
        local open = {}
        for _, res in ipairs(members) do
          if res ~= best then
            if res.status == "eligible" and coerce.is_money(res.amount) then exclude(res, best, g, zero)
            elseif res.status == "undetermined" or res.status == "error" then open[#open + 1] = res end
          end
        end
        if #open > 0 then pending(best, open, g) end
      end
    end
  end
  local total = zero
  for _, res in ipairs(results) do
    if res.status == "eligible" and coerce.is_money(res.amount) then total = total + res.amount end
  end
  return results, total
end

-- Whether measures Ms (a list) hold two or more of one group: run and whatif combine then.
function S.grouped(Ms)
  local seen = {}
  for _, M in ipairs(Ms) do
    local g = M.group
    if g then
      if seen[g] then return true end
      seen[g] = true
    end
  end
  return false
end

return S
