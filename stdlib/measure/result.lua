-- stdlib/measure/result.lua: a result as the JSON object gazette eval --json prints (measure, as_of,
-- status, amount, outputs, reasons, missing, interpretations)
-- (measure.to_json) and as text for a person, failed conditions first (measure.explain).
local json = require "json"
local dates = require "dates"
local coerce = require "measure.coerce"
local each = require "measure.each"

local R = {}

local ORDER = { "measure", "as_of", "status", "amount", "outputs", "reasons", "missing", "interpretations",
  "overrides", "notes", "alternatives", "in_force_on", "excluded_by", "items" }
local ALT_ORDER = { "name", "clause", "text", "tie", "paid", "amount", "options" }
local OPTION_ORDER = { "name", "clause", "text", "amount", "paid", "why" }
local REASON_ORDER = { "rule", "clause", "result", "text", "detail", "values" }

-- A value as JSON wants it: money "3600000.00", dates ISO, ratios as decimal strings.
local function plain(v)
  if v == nil then return json.null end
  local t = type(v)
  if t == "table" or t == "userdata" then
    if coerce.is_money(v) then return v:plain() end
    if coerce.is_ratio(v) or dates.is_date(v) then return tostring(v) end
    local mt = getmetatable(v)
    if type(mt) == "table" and mt.__tojson then return mt.__tojson(v) end
  end
  return v
end
R.plain = plain

local function object(order) return setmetatable({}, { __jsonorder = order }) end

function R.to_json(res)
  local M = res._measure
  local o = object(ORDER)
  o.measure = res.measure
  o.as_of = plain(res.as_of)
  o.status = res.status
  o.amount = plain(res.amount)
  local names = M and M.output_names or {}
  local outs = object(names)
  for _, n in ipairs(names) do outs[n] = plain(res.outputs[n]) end
  if not M then for k, v in pairs(res.outputs or {}) do outs[k] = plain(v) end end
  o.outputs = outs
  local reasons = json.array()
  for i, r in ipairs(res.reasons or {}) do
    local j = object(REASON_ORDER)
    j.rule, j.clause, j.result, j.text = r.rule, r.clause, r.result, r.text
    if r.detail ~= nil then j.detail = tostring(r.detail) end
    if r.values then
      local vs = {}
      for k, v in pairs(r.values) do vs[k] = plain(v) end
      j.values = vs
    end
    reasons[i] = j
  end
  o.reasons = reasons
  local missing = json.array()
  for i, m in ipairs(res.missing or {}) do missing[i] = m end
  o.missing = missing
  local interp = {}
  for k, v in pairs(res.interpretations or {}) do interp[k] = v end
  o.interpretations = interp
  if res.overrides then
    local ov = {}
    for k, v in pairs(res.overrides) do ov[k] = v end
    o.overrides = ov
  end
  if res.notes and #res.notes > 0 then
    local ns = json.array()
    for i, n in ipairs(res.notes) do ns[i] = tostring(n) end
    o.notes = ns
  end
  -- 就高不重复 inside the measure (measure/stacking.lua): which alternative was paid and why
  -- each other was not; the key is present only when the measure weighed alternatives
  if res.alternatives and #res.alternatives > 0 then
    local alts = json.array()
    for i, a in ipairs(res.alternatives) do
      local ja = object(ALT_ORDER)
      ja.name, ja.clause, ja.text, ja.tie, ja.paid = a.name, a.clause, a.text, a.tie, a.paid or json.null
      ja.amount = plain(a.amount)
      local opts = json.array()
      for k, e in ipairs(a.options) do
        local jo = object(OPTION_ORDER)
        jo.name, jo.clause, jo.text, jo.amount, jo.paid, jo.why = e.name, e.clause, e.text, plain(e.amount), e.paid, e.why
        opts[k] = jo
      end
      ja.options = opts
      alts[i] = ja
    end
    o.alternatives = alts
  end
  if res.in_force_on then o.in_force_on = plain(res.in_force_on) end
  o.excluded_by = res.excluded_by
  -- per-child reasons of the measure's selections (M:each); absent for other measures
  if res.items then o.items = each.to_json(res, R) end
  return o
end

local function show(v)
  if v == nil then return "(none)" end
  if type(v) == "string" then return v end
  if type(v) == "table" and getmetatable(v) == nil then
    return ("(%d records)"):format(#v)
  end
  return tostring(v)
end
R.show = show

local function values_line(values)
  if not values then return nil end
  local ks = {}
  for k in pairs(values) do ks[#ks + 1] = k end
  if #ks == 0 then return nil end
  table.sort(ks)
  for i, k in ipairs(ks) do ks[i] = k .. " = " .. show(values[k]) end
  return table.concat(ks, ", ")
end

local MARK = { [false] = "✗", ["undetermined"] = "?", [true] = "✓", ["not_applicable"] = "-" }
local HEADING = { [false] = "Failed conditions (不符合)", ["undetermined"] = "Undetermined (无法判断)",
  [true] = "Met (符合)", ["not_applicable"] = "Not applicable (不适用)" }

function R.explain(res)
  local M = res._measure
  local lines = {}
  local function add(s) lines[#lines + 1] = s end
  add(("%s  %s"):format(res.measure, M and M.title or ""))
  if M then
    local d = M.document
    add(("%s%s%s"):format(d.number or "", d.title and ("《" .. d.title .. "》") or "",
      d.issuer and (" " .. d.issuer) or ""))
  end
  local amount = res.amount ~= nil and show(res.amount) or "none"
  add(("as of %s: %s, amount %s"):format(tostring(res.as_of), res.status, amount))
  if res.status == "not_in_force" and M then
    add(("  not in force on %s: valid %s to %s%s"):format(tostring(res.in_force_on or res.as_of),
      M.valid.from and tostring(M.valid.from) or "(no start)", M.valid.to and tostring(M.valid.to) or "(open-ended)",
      M.valid.clause and (" (" .. M.valid.clause .. ")") or ""))
  end
  if res.excluded_by then
    add(("  not stacked (就高不重复): %s pays%s"):format(res.excluded_by,
      res.excluded_amount and ("; this measure alone would pay " .. show(res.excluded_amount)) or ""))
  end
  for _, outcome in ipairs({ false, "undetermined", true, "not_applicable" }) do
    local first = true
    for _, r in ipairs(res.reasons or {}) do
      if r.result == outcome then
        if first then add(""); add(HEADING[outcome] .. ":"); first = false end
        add(("  %s %s (%s)%s%s"):format(MARK[outcome], r.rule, r.clause, r.text and (": " .. r.text) or "",
          r.detail ~= nil and ("  [" .. tostring(r.detail) .. "]") or ""))
        local vl = values_line(r.values)
        if vl then add("      values used: " .. vl) end
      end
    end
  end
  if res.items then each.explain_lines(res, add, values_line) end
  if res.missing and #res.missing > 0 then
    add("")
    add("Missing inputs: " .. table.concat(res.missing, ", "))
  end
  for _, a in ipairs(res.alternatives or {}) do
    add("")
    add(("Not stacked (就高不重复) — %s (%s%s; %s):"):format(a.name, a.clause, a.text and (": " .. a.text) or "",
      a.tie == "last" and "on a tie the last listed is paid" or "on a tie the first listed is paid"))
    for _, e in ipairs(a.options) do
      add(("  %s %s (%s)%s: %s"):format(e.paid and "✓" or "✗", e.name, e.clause,
        e.amount ~= nil and (" " .. show(e.amount)) or "", e.why))
    end
    if not a.paid then add("  nothing is payable under any alternative") end
  end
  if res.notes and #res.notes > 0 then
    add("")
    add("Amount (计算):")
    for _, n in ipairs(res.notes) do add("  " .. tostring(n)) end
  end
  local names = M and M.output_names or {}
  if #names > 0 and res.status ~= "not_in_force" and res.status ~= "undetermined" then
    add("")
    add("Outputs:")
    for _, n in ipairs(names) do add(("  %s = %s"):format(n, show(res.outputs[n]))) end
  end
  local ik = {}
  for k in pairs(res.interpretations or {}) do ik[#ik + 1] = k end
  if #ik > 0 then
    table.sort(ik)
    add("")
    add("Interpretations used:")
    for _, k in ipairs(ik) do
      local I = M and M.interps[k]
      add(("  %s = %s%s"):format(k, res.interpretations[k], I and ("  (" .. I.text .. "; " ..
        tostring(I.choices[res.interpretations[k]]) .. ")") or ""))
    end
  end
  if res.overrides then
    local ok = {}
    for k in pairs(res.overrides) do ok[#ok + 1] = k end
    table.sort(ok)
    add("")
    add("Parameters set for this run (--set):")
    for _, k in ipairs(ok) do add(("  %s = %s"):format(k, res.overrides[k])) end
  end
  return table.concat(lines, "\n")
end

return R
