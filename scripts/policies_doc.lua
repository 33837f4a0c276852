-- scripts/policies_doc.lua: the table of encoded measures for docs/policies.md, generated
-- from the scripts themselves (measure.list(), the same source as `gazette list`).
-- Run from the repository root:  ./gazette scripts/policies_doc.lua
-- tests/cli/policies_doc.t checks that docs/policies.md holds exactly this output between
-- its "BEGIN gazette list" and "END gazette list" markers.
local list, errors = measure.list()
for _, e in ipairs(errors) do error(e.path .. ": " .. e.message, 0) end

local function cell(s) return (tostring(s):gsub("|", "\\|"):gsub("\n", " ")) end
local function uniq(into, seen, v)   -- "第一条、第五条" counts as two clauses
  local s = tostring(v or "") .. "、"
  for c in s:gmatch("(.-)、") do          -- a UTF-8 separator: split on the whole sequence
    if c ~= "" and not seen[c] then seen[c] = true; into[#into + 1] = c end
  end
end

local out = {
  "| id | document | clauses | computes | outputs | interpretations (default) | in force |",
  "|---|---|---|---|---|---|---|",
}
for _, m in ipairs(list) do
  local M = m.measure
  local clauses, seen = {}, {}
  for _, r in ipairs(M.rules or {}) do uniq(clauses, seen, r.clause) end
  for _, name in ipairs(M.param_order or {}) do
    for _, v in ipairs((M.params[name] or {}).values or M.params[name] or {}) do
      if type(v) == "table" then uniq(clauses, seen, v.clause) end
    end
  end
  local outs = {}
  for _, name in ipairs(M.output_names or {}) do
    outs[#outs + 1] = name == M.amount and ("**" .. name .. "**") or name
  end
  local interps = {}
  for _, name in ipairs(M.interp_order or {}) do
    local i = M.interps[name]
    interps[#interps + 1] = name .. " = " .. tostring(i and i.default)
  end
  local valid = (m.valid.from and tostring(m.valid.from) or "") .. " – " ..
                (m.valid.to and tostring(m.valid.to) or "")
  out[#out + 1] = ("| `%s` | %s《%s》 | %s | %s | %s | %s | %s |"):format(
    m.id, cell(m.number), cell(M.document.title), cell(table.concat(clauses, "、")), cell(m.title),
    table.concat(outs, ", "), cell(table.concat(interps, "; ")), valid)
end
print(table.concat(out, "\n"))
