-- scripts/fields_doc.lua: the tables of canonical fields for docs/fields.md, generated from the
-- vocabulary itself (stdlib/data/entities.csv and fields.csv, read by stdlib/fields.lua).
-- Run from the repository root:  ./gazette scripts/fields_doc.lua
-- tests/cli/fields_doc.t checks that docs/fields.md holds exactly this output between its
-- "BEGIN fields" and "END fields" markers (regenerate with scripts/update-fields-doc.sh).
local fields = require "fields"

local function cell(s) return (tostring(s or ""):gsub("|", "\\|"):gsub("\n", " ")) end

local out = {}
local function add(s) out[#out + 1] = s end
add("| entity | a kind of | meaning | registers |")
add("|---|---|---|---|")
for _, e in ipairs(fields.entities()) do
  local kind = e.kind_of and ("`" .. e.kind_of .. "`") or (e.list_of and ("records of `" .. e.list_of .. "`") or "")
  add(("| `%s` | %s | %s | %s |"):format(e.entity, kind, cell(e.meaning), cell(e.register)))
end
for _, e in ipairs(fields.entities()) do
  local rows = {}
  for _, f in ipairs(fields.list()) do if f.entity == e.entity then rows[#rows + 1] = f end end
  if #rows > 0 then
    add("")
    add(("### `%s`%s"):format(e.entity, e.kind_of and (" (also every `" .. e.kind_of .. "` field)") or ""))
    add("")
    add("| field | type | unit | meaning | source register | derived from |")
    add("|---|---|---|---|---|---|")
    for _, f in ipairs(rows) do
      local t = f.type
      if f.values then t = t .. " (" .. table.concat(f.values, ", ") .. ")" end
      if f.of then t = t .. " of `" .. f.of .. "`" end
      local from = f.derived_from and ("`" .. table.concat(f.derived_from, "`, `") .. "`") or ""
      add(("| `%s` | %s | %s | %s | %s | %s |"):format(f.name, cell(t), cell(f.unit), cell(f.meaning), cell(f.source), from))
    end
  end
end
print(table.concat(out, "\n"))
