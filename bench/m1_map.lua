-- bench/m1_map.lua DB: SQL for the tables that let bench/m1.sh write M1 in SQL: district_map(raw,
-- name), each spelling of a district in the population with the name districts.normalize gives it
-- (M1's district inputs: 朝阳 and 北京市朝阳区 are 朝阳区), and sme_map(code, ceiling/medium/small per
-- indicator) for the SME rule. Each industry code of DB's enterprises is mapped
-- with sme.industry (GB/T 4754-2017 to the 16 industries of 工信部联企业〔2011〕300号 第四条); a
-- code that maps to none (金融业, 铁路运输业, malformed) gets no row, so the SQL's LEFT JOIN
-- leaves it unclassified, as sme.classify does. Thresholds in people (X) and 分 (Y, Z).
local records = require "records"
local db = assert(records.open(arg[1], { readonly = true }))
local WAN = 1000000
local function fen(v) return v and v * WAN or "NULL" end
local function n(v) return v or "NULL" end
print("CREATE TABLE sme_map (code TEXT PRIMARY KEY, cx, cy, cz, mx, my, mz, sx, sy, sz);")
print("BEGIN;")
for r in db:rows("SELECT DISTINCT industry_code AS code FROM enterprises WHERE industry_code IS NOT NULL") do
  local key, spec = sme.industry(r.code)
  if key then
    local c, m, s = spec.ceiling, spec.medium, spec.small
    print(("INSERT INTO sme_map VALUES ('%s', %s, %s, %s, %s, %s, %s, %s, %s, %s);"):format(r.code:gsub("'", "''"),
      n(c.X), fen(c.Y), fen(c.Z), n(m.X), fen(m.Y), fen(m.Z), n(s.X), fen(s.Y), fen(s.Z)))
  end
end
print("COMMIT;")
print("CREATE TABLE district_map (raw TEXT PRIMARY KEY, name TEXT);")
print("BEGIN;")
for r in db:rows("SELECT reg_district AS d FROM enterprises UNION SELECT tax_district FROM enterprises") do
  if r.d ~= nil then
    local name = districts.normalize(r.d)
    if name then print(("INSERT INTO district_map VALUES ('%s', '%s');"):format(tostring(r.d):gsub("'", "''"), name)) end
  end
end
print("COMMIT;")
