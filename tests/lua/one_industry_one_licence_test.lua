-- The 一业一证 catalogue of 朝政办发〔2023〕4号 (附件, gazettes/chaoyang-2023-02.txt:581-742) as the
-- measure reads it (policies/chaoyang/2023-02/one_industry_one_licence*.csv through reftable):
-- 40 industries, 139 rows in line order, every row against its line of the gazette text, and
-- the tables read once and read-only.
local t = require "tap"
local host = require "host"

local M = measure.load("chaoyang.one-industry-one-licence")
local I, L = M.tables[1], M.tables[2]
t.ok(reftable.is_table(I) and reftable.is_table(L), "the measure loaded two reference tables")
t.is(I.file, "policies/chaoyang/2023-02/one_industry_one_licence_industries.csv", "industries beside the measure")
t.is(L.file, "policies/chaoyang/2023-02/one_industry_one_licence.csv", "licence rows beside the measure")

-- ---- the 40 industries ----
t.is(#I, 40, "40 industries (一（三）: 本次改革工作共涵盖 40 个改革行业)")
local codes_ok = true
for i, row in ipairs(I:rows()) do
  if row.code ~= ("%02d"):format(i) or row.seq ~= i then codes_ok = false end
end
t.ok(codes_ok, "codes 01..40 in order, 序号 = code")
t.is(I:get("15").industry, "网咖/电竞馆", "industry 15 is 网咖/电竞馆 (line 647 prints '网咖/ 电竞馆')")
t.is(I:get("05").industry, "超市/便利店", "industry 05 keeps its slash")
t.is(I:get("40").industry, "商贸公司", "industry 40")
t.is(I:get("41"), nil, "no industry 41")

-- ---- the 139 rows ----
local rows = L:rows()
t.is(#rows, 139, "139 licence rows")
local ordered = true
for i = 2, #rows do if rows[i].line <= rows[i - 1].line then ordered = false end end
t.ok(ordered, "in line order")
local m, o = 0, 0
for _, r in ipairs(rows) do
  if r.requirement == "必须办理" then m = m + 1 elseif r.requirement == "按需办理" then o = o + 1 end
end
t.is(m, 46, "46 必须办理 rows (line 589 under 588's 必须办理，至少一项)")
t.is(o, 93, "93 按需办理 rows")

-- rows per industry, from the printed table (page-break rows counted with their industry)
local PER = { 3, 4, 3, 3, 7, 4, 2, 3, 2, 3, 5, 5, 5, 4, 3, 2, 4, 3, 2, 3,
              4, 6, 2, 6, 4, 4, 4, 3, 4, 2, 3, 2, 3, 3, 2, 3, 3, 4, 2, 5 }
local per_bad = {}
for i, n in ipairs(PER) do
  local got = #L:rows_where { code = ("%02d"):format(i) }
  if got ~= n then per_bad[#per_bad + 1] = ("%02d: %d, want %d"):format(i, got, n) end
end
t.ok(#per_bad == 0, "rows per industry as printed", table.concat(per_bad, "; "))

local names, bodies, nn, nb = {}, {}, 0, 0
for _, r in ipairs(rows) do
  for part in r.licence:gmatch("[^/]+") do if not names[part] then names[part] = true; nn = nn + 1 end end
  if not bodies[r.body] then bodies[r.body] = true; nb = nb + 1 end
end
t.is(nn, 35, "35 distinct certificate names (an A/B row counts both)")
t.is(nb, 15, "15 distinct approving bodies (市水务局；区水务局 one of them)")
t.is(#L:unreached(), 0, "every row is reached by its industry (code and name)")

-- ---- every row against its gazette line ----
local text = assert(host.readfile(host.home() .. "/policies/gazettes/chaoyang-2023-02.txt"))
local G = {}
for line in (text .. "\n"):gmatch("(.-)\n") do G[#G + 1] = line end
t.is(#G, 742, "the gazette text has 742 lines (the last without a newline)")

local function split(s)
  local f = {}
  for cell in (s .. "\t"):gmatch("(.-)\t") do f[#f + 1] = cell end
  return f
end
local used, bad = {}, {}
local industry_at = nil -- {code, name} of the row above
for ln = 588, 742 do
  local s = G[ln]
  if s ~= "" and not s:find("^序号") then
    local f = split(s)
    if #f ~= 6 then bad[#bad + 1] = ("line %d: %d cells"):format(ln, #f) end
    if f[3] ~= "" then industry_at = { f[3], (f[2]:gsub("/ ", "/")) } end
    used[ln] = industry_at
  end
end
local seen_lines, nlines = {}, 0
for ln in pairs(used) do seen_lines[ln] = true; nlines = nlines + 1 end
t.is(nlines, 139, "the printed table has 139 licence lines between 588 and 742 (headers and blanks left out)")
local prev
for _, r in ipairs(rows) do
  local ln = r.line
  local f = split(G[ln] or "")
  local where = ("row of line %d"):format(ln)
  if not seen_lines[ln] then
    bad[#bad + 1] = where .. ": not a licence line of the table"
  else
    seen_lines[ln] = nil
    local ind = used[ln]
    if r.code ~= ind[1] then bad[#bad + 1] = ("%s: code %s, gazette %s"):format(where, r.code, ind[1]) end
    if r.industry ~= ind[2] then bad[#bad + 1] = ("%s: industry %s, gazette %s"):format(where, r.industry, ind[2]) end
    -- 《A》 / 《B》 -> A/B; a name printed without 《》 stays as it is
    local parts = {}
    for cell in (f[4] .. " / "):gmatch("(.-) / ") do parts[#parts + 1] = cell:match("^《(.*)》$") or cell end
    if r.licence ~= table.concat(parts, "/") then
      bad[#bad + 1] = ("%s: licence %s, gazette %s"):format(where, r.licence, f[4])
    end
    if r.body ~= f[5] then bad[#bad + 1] = ("%s: body %s, gazette %s"):format(where, r.body, f[5]) end
    local req = f[6]
    if req == "" then
      -- only line 589: the merged cell of line 588 (必须办理，至少一项)
      if not (ln == 589 and prev and prev.line == 588 and r.requirement == prev.requirement and r.note == prev.note) then
        bad[#bad + 1] = where .. ": empty 办理要求 outside the 至少一项 pair"
      end
    else
      local want = r.requirement .. (r.note ~= "" and (req:find("（", 1, true) and ("（" .. r.note .. "）")
        or ("，" .. r.note)) or "")
      if req ~= want then bad[#bad + 1] = ("%s: 办理要求 %s + %s, gazette %s"):format(where, r.requirement, r.note, req) end
    end
  end
  prev = r
end
local left = {}
for ln in pairs(seen_lines) do left[#left + 1] = ln end
t.ok(#left == 0, "every licence line of the gazette is a row", table.concat(left, ", "))
t.ok(#bad == 0, "every row equals its gazette line (code, industry, licence, body, 办理要求)",
  table.concat(bad, "\n", 1, math.min(#bad, 10)))

-- ---- spot checks, by hand from the gazette ----
local function at(line)
  for _, r in ipairs(rows) do if r.line == line then return r end end
end
t.is(at(595).licence, "食品经营许可证/北京市小规模食品生产经营许可证", "line 595: 《A》 / 《B》 is one row A/B")
t.is(at(597).body, "市水务局；区水务局", "line 597: 市水务局；区水务局 is one body")
t.is(at(589).requirement .. "+" .. at(589).note, "必须办理+至少一项", "line 589: under 588's 必须办理，至少一项")
t.is(at(600).note, "如健身房中设置有游泳场（馆）办理", "line 600: the pool condition")
t.is(at(620).code .. " " .. at(620).industry, "08 养老机构", "line 620: after the page break at 619, still 养老机构")
t.is(at(637).code, "12", "line 637: after the page break at 636, 电影院")
t.is(at(622).licence, "医疗器械网络销售备案公示", "line 622: printed without 《》")
t.is(at(647).industry, "网咖/电竞馆", "line 647: the stray space removed")
t.is(at(723).note, "如位于自由贸易试验区，取得备案凭证即可", "line 723: the FTZ note")
t.is(at(742).licence .. " " .. at(742).body, "清真食品生产、加工、经营场所登记许可决定书 相关单位",
  "line 742 (no newline after it): the last row")
local cafe = L:rows_where { code = "25" }
t.is(#cafe, 4, "rows_where{code = '25'}: 4 rows")
t.is(cafe[1].line .. "," .. cafe[2].line .. "," .. cafe[3].line .. "," .. cafe[4].line, "686,687,688,689",
  "in line order")
t.is(#L:rows_where { code = "25", requirement = "按需办理" }, 3, "rows_where on two columns")
t.is(L:where(cafe[2]), "policies/chaoyang/2023-02/one_industry_one_licence.csv:91", "where(row): FILE:LINE of the data file")
t.raises(function() return L:where(I:get("25")) end, "not a row of this table", "where(row) of another table's row")

-- ---- read once, read-only ----
t.is(reftable.reads(host.home() .. "/policies/chaoyang/2023-02/one_industry_one_licence.csv"), 1, "read from disk once")
local again = reftable.load(host.home() .. "/policies/chaoyang/2023-02/one_industry_one_licence.csv")
t.is(#again, 139, "a second load sees the same rows")
t.is(reftable.reads(host.home() .. "/policies/chaoyang/2023-02/one_industry_one_licence.csv"), 1, "and does not read the file again")
t.raises(function() cafe[1].body = "x" end, "one_industry_one_licence.csv:90: reference table rows are read-only", "a row cannot be written")
t.raises(function() return cafe[1].bodies end, "no column 'bodies'", "a column that does not exist is an error")
t.raises(function() L.rows_where = nil end, "is read-only", "a table cannot be written")
t.raises(function() setmetatable(cafe[1], nil) end, "protected metatable", "nor its rows' metatables")
rawset(cafe[1], "body", "改过")
t.is(cafe[1].body, "改过", "rawset changes only the caller's own view")
t.is(L:rows_where { code = "25" }[1].body, "区市场监管局", "the table is unchanged for the next query")
t.is(M:eval({ industry_code = "25" }, { as_of = "2023-06-01" }).outputs.departments, "区市场监管局",
  "and for the measure")
t.done()
