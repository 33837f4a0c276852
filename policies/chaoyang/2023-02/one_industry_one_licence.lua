-- 朝政办发〔2023〕4号《朝阳区实施“一业一证”行业综合许可改革工作方案》(M14), gazettes/chaoyang-2023-02.txt:410-742:
-- which licences an industry's combined licence (综合许可凭证) covers and which departments
-- approve them. 三（一）(line 465): "在市场主体选定必须办理事项和选择办理的事项后，进行事项定制化组合";
-- the attachment 《朝阳区“一业一证”改革行业目录（2023年版）》(lines 581–742) lists, per industry,
-- each licence (涉及审批证件), its approving body (审批部门) and 办理要求 (必须办理 / 按需办理).
--
-- The catalogue is data beside this script, read with reftable (docs/measures.md):
--   one_industry_one_licence_industries.csv  the 40 industries: seq, code, industry, line
--   one_industry_one_licence.csv             the 139 rows: code, industry, licence, body,
--                                            requirement, note, line (the gazette line)
-- Rows in line order; a row after a repeated header at a page break (lines 602, 619, 636, 655,
-- 674, 692, 711, 727) belongs to the industry it names; "《A》 / 《B》" is one row written A/B;
-- 《》 removed (line 622 prints 医疗器械网络销售备案公示 without them); 市水务局；区水务局 is one body;
-- industry 15 is 网咖/电竞馆 (line 647 prints "网咖/ 电竞馆"). 办理要求 is split into requirement
-- and note ("必须办理，至少一项" → 必须办理 + 至少一项). Line 589 leaves the cell empty under line 588's
-- "必须办理，至少一项" (one merged cell over the two rows in the printed table): it is written
-- 必须办理 + 至少一项 too, so that the pair is one item. tests/lua/one_industry_one_licence_test.lua
-- checks every row against its gazette line.
--
-- The plan sets no time limits for the combined procedure (三（二）line 473 only requires the
-- notice to state "办理环节和时限"), so the measure gives none. No amount.
local M = measure {
  id = "chaoyang.one-industry-one-licence",
  title = "“一业一证”行业综合许可：必须办理与选择办理事项及审批部门",
  document = {
    number = "朝政办发〔2023〕4号",
    title = "北京市朝阳区人民政府办公室关于印发《朝阳区实施“一业一证”行业综合许可改革工作方案》的通知",
    issuer = "北京市朝阳区人民政府办公室",
    issued_on = "2023-04-07",
    gazette = "北京市朝阳区人民政府公报 2023年第2期",
    source = "gazettes/chaoyang-2023-02.txt:410-742",
  },
  -- No effective-date clause: in force from the notice date, 2023年4月7日 (line 422).
  valid = { from = "2023-04-07", clause = "通知（2023年4月7日）" },
  entity = "enterprise",
  inputs = {
    industry_code = { type = "text", specific = true, label = "改革行业类别编码（01–40，附件“类别编码”）" },
    -- optional: absent = nothing selected (the 按需 items are the enterprise's own choice)
    selected = { type = "list", specific = true, optional = true, label = "选择办理的事项", of = {
      licence = { type = "text", label = "审批证件名称（不含书名号；A/B 两证任一名称均可）" },
    } },
    has_pool = { type = "boolean", specific = true, label = "健身房中设置有游泳场（馆）（04 未选卫生许可证时读取）" },
    in_ftz = { type = "boolean", specific = true, label = "位于自由贸易试验区（35；06 选择卫生许可证时读取）" },
  },
  outputs = {
    industry       = { type = "text" },
    mandatory      = { type = "text" },
    on_demand      = { type = "text" },
    licence_count  = { type = "integer" },
    departments    = { type = "text" },
    unlisted       = { type = "text" },
    first_batch    = { type = "boolean" },
    available_from = { type = "date" },
  },
  output_order = { "industry", "mandatory", "on_demand", "licence_count", "departments", "unlisted",
                   "first_batch", "available_from" },
}

-- ---- the catalogue (read once per process; a malformed row is an error naming its line) ----

-- 办理要求 notes the measure knows how to apply; any other note is refused at load.
local NOTE_ONE_OF = "至少一项"                                   -- line 588
local NOTE_POOL = "如健身房中设置有游泳场（馆）办理"               -- line 600
local NOTE_FTZ = "如位于自由贸易试验区，取得备案凭证即可"          -- lines 613, 723

local INDUSTRIES = reftable.load("one_industry_one_licence_industries.csv", {
  key = "code", required = { "seq", "code", "industry", "line" },
  pattern = { code = "^%d%d$" }, types = { seq = "integer", line = "integer" },
})
local LICENCES = reftable.load("one_industry_one_licence.csv", {
  required = { "code", "industry", "licence", "body", "requirement", "line" },
  pattern = { code = "^%d%d$" }, types = { line = "integer" },
  values = { requirement = { "必须办理", "按需办理" }, note = { NOTE_ONE_OF, NOTE_POOL, NOTE_FTZ } },
  -- a row belongs to the industry with its code and name (gazette lint reports any other)
  reached_by = { table = INDUSTRIES, on = { "code", "industry" } },
})

-- ---- parameters ----

M:param("first_batch", {
  { from = "2023-04-07", value = "02,04,05,06,25,26", clause = "一（三）、三（六）", lines = "449-519",
    text = "2023 年 3 月底前，推动书店、咖啡厅等第一批 6 个高频行业综合许可改革落地；" ..
           "目前已完成书店、咖啡厅、酒吧、健身房、超市/便利店、药店6个行业审核要点梳理" },
})
M:param("all_industries_from", {
  { from = "2023-04-07", value = date("2023-11-01"), clause = "一（三）", lines = 449,
    text = "到 2023 年 10 月底，完成所有行业“一业一证”改革" },
})

-- ---- readings ----

M:interpretation("rollout", {
  text = "“2023 年 3 月底前…第一批 6 个…到 2023 年 10 月底，完成所有行业”（一（三））：其余 34 个行业何时可办",
  default = "by-deadline",
  choices = {
    ["by-deadline"] = "第一批 6 个行业（药店、健身房、超市/便利店、书店、咖啡厅、酒吧，三（六）第519行）自印发之日起；" ..
                      "其余行业自 2023-11-01 起（10 月底完成改革）",
    ["from-issue"] = "40 个行业均自印发之日（2023-04-07）起",
  },
})
M:interpretation("alternative-items", {
  text = "“《A》 / 《B》”一行与 01 行业“必须办理，至少一项”的两行：算一项还是两项",
  default = "one-item",
  choices = { ["one-item"] = "一项，取得其中任一证件即可（名称写作 A/B，计 1 项）" },
})

-- ---- helpers ----

local function code_of(r)
  local c = r.industry_code:gsub("^%s+", ""):gsub("%s+$", "")
  -- The register's industry_code (docs/fields.md) is the GB/T 4754 code, I6513: a table made
  -- for another measure read here would make every record "not in the catalogue". Such a value
  -- is an error naming the field, not an ineligible record.
  if c:match("^%u%d%d%d?%d?$") then
    error(("industry_code: %s is a GB/T 4754 industry code; this measure reads the 类别编码 of the " ..
      "附件 目录 (01–40, e.g. 04 健身房)"):format(c), 0)
  end
  if c:match("^%d$") then c = "0" .. c end   -- 1 and "01" name the same industry
  return c
end

local function in_first_batch(code, ctx)
  for c in tostring(ctx.p.first_batch):gmatch("%d+") do   -- "02,04,..." (--set may write 2 for 02)
    if (#c == 1 and "0" .. c or c) == code then return true end
  end
  return false
end

-- A selected name without its 《》 and surrounding spaces (ASCII and full-width).
local function clean_name(s)
  local prev
  repeat -- spaces and full-width spaces (U+3000) at either end
    prev = s
    s = s:gsub("^%s+", ""):gsub("%s+$", ""):gsub("^\u{3000}", ""):gsub("\u{3000}$", "")
  until s == prev
  return s:match("^《(.*)》$") or s
end

-- Does `name` select this row: its whole name, or either name of an A/B row?
local function selects(row, name)
  if row.licence == name then return true end
  for part in row.licence:gmatch("[^/]+") do
    if part == name then return true end
  end
  return false
end

-- ---- rules ----

M:rule("in-catalogue", {
  clause = "一（三）", lines = 449,
  text = "本次改革工作共涵盖 40 个改革行业（见附件）：类别编码须为目录中的一个行业",
  check = function(r)
    local code = code_of(r)
    local ind = INDUSTRIES:get(code)
    if not ind then return false, ("类别编码 %s 不在改革行业目录（01–40）中"):format(code) end
    return true, ("%s %s"):format(code, ind.industry)
  end,
})
M:rule("rolled-out", {
  clause = "一（三）", lines = 449,
  text = "第一批 6 个行业先行落地，到 2023 年 10 月底完成所有行业“一业一证”改革",
  when = function(r) return INDUSTRIES:get(code_of(r)) ~= nil end,
  check = function(r, ctx)
    if ctx:interpret("rollout") == "from-issue" then return true, "40 个行业均自印发之日起" end
    local code = code_of(r)
    if in_first_batch(code, ctx) then return true, "第一批行业" end
    local from = ctx.p.all_industries_from
    return ctx.as_of >= from, ("非第一批行业，自 %s 起"):format(tostring(from))
  end,
})

-- ---- the combined licence ----

M:compute(function(r, ctx, out)
  local code = code_of(r)
  local rows = LICENCES:rows_where { code = code }
  ctx:interpret("alternative-items")

  -- selected names: the rows they select; names that select no row of the industry
  local chosen, unlisted, seen = {}, {}, {}
  for i, s in ipairs(r.selected or {}) do
    local name = clean_name(s.licence)
    if name == "" then error(("input 'selected[%d].licence': an empty certificate name"):format(i), 0) end
    local hit = false
    for j, row in ipairs(rows) do
      if selects(row, name) then chosen[j] = true; hit = true end
    end
    if not hit and not seen[name] then
      seen[name] = true
      unlisted[#unlisted + 1] = name
    end
  end

  -- items in line order: a 必须办理 row; the 至少一项 rows together; a 按需办理 row chosen, or
  -- 健身房's 卫生许可证 when it has a pool (line 600)
  local mandatory, on_demand, bodies, body_seen = {}, {}, {}, {}
  local group -- the open 至少一项 item
  local function add_body(b)
    if not body_seen[b] then body_seen[b] = true; bodies[#bodies + 1] = b end
  end
  local function name_of(row)
    if row.note == NOTE_FTZ and r.in_ftz then
      ctx:note("%s：位于自由贸易试验区，取得备案凭证即可（第 %d 行）", row.licence, row.line)
      return row.licence .. "（备案凭证即可）"
    end
    return row.licence
  end
  for j, row in ipairs(rows) do
    if row.requirement == "必须办理" then
      if row.note == NOTE_ONE_OF then
        if group then
          group.names[#group.names + 1] = name_of(row)
        else
          group = { names = { name_of(row) } }
          mandatory[#mandatory + 1] = group
        end
      else
        group = nil
        mandatory[#mandatory + 1] = { names = { name_of(row) } }
      end
      add_body(row.body)
      ctx:note("必须办理：%s（%s，第 %d 行）", row.licence, row.body, row.line)
    else
      group = nil
      local take = chosen[j]
      if not take and row.note == NOTE_POOL then
        take = r.has_pool
        if take then ctx:note("%s：健身房设有游泳场（馆）（第 %d 行）", row.licence, row.line) end
      end
      if take then
        on_demand[#on_demand + 1] = { names = { name_of(row) } }
        add_body(row.body)
        ctx:note("按需办理：%s（%s，第 %d 行）", row.licence, row.body, row.line)
      end
    end
  end

  local function joined(items)
    local t = {}
    for i, it in ipairs(items) do t[i] = table.concat(it.names, "/") end
    return table.concat(t, "；")
  end
  out.industry = INDUSTRIES:get(code).industry
  out.mandatory = joined(mandatory)
  out.on_demand = joined(on_demand)
  out.licence_count = #mandatory + #on_demand
  out.departments = table.concat(bodies, "、")
  out.unlisted = table.concat(unlisted, "；")
  local first = in_first_batch(code, ctx)
  out.first_batch = first
  out.available_from = (first or ctx:interpret("rollout") == "from-issue") and M.valid.from
                       or ctx.p.all_industries_from
end)

-- ---------------------------------------------------------------------------------------
-- Test cases. Each names the catalogue lines it reads.
local function sel(...)
  local t = {}
  for i, name in ipairs { ... } do t[i] = { licence = name } end
  return t
end
local AFTER = "2023-11-01"   -- every industry rolled out (by-deadline)

M:case {
  name = "worked case: 咖啡厅 with two 按需 items", as_of = "2023-06-01", clause = "附件 25",
  -- 25 is first batch; line 686 必须 食品/小规模 (区市场监管局); selected 687 出版物 (相关单位),
  -- 689 污水 (市水务局；区水务局); 3 items, bodies in line order
  input = { industry_code = "25", selected = sel("出版物经营许可证", "城镇污水排入排水管网许可证") },
  expect = { status = "eligible", amount = "null", outputs = {
    industry = "咖啡厅", mandatory = "食品经营许可证/北京市小规模食品生产经营许可证",
    on_demand = "出版物经营许可证；城镇污水排入排水管网许可证", licence_count = 3,
    departments = "区市场监管局、相关单位、市水务局；区水务局", unlisted = "",
    first_batch = "true", available_from = "2023-04-07" } },
}
M:case {
  name = "worked case: 宾馆 not yet rolled out on 2023-06-01", as_of = "2023-06-01", clause = "一（三）",
  -- 11 is not in the first batch; 2023-06-01 < 2023-11-01
  input = { industry_code = "11", selected = {} },
  expect = { status = "ineligible", amount = "null", failed = { "rolled-out" },
             outputs = { mandatory = "null", licence_count = "null" } },
}
M:case {
  name = "worked case: 宾馆 on 2023-11-01, nothing selected", as_of = AFTER, clause = "附件 11",
  -- lines 626–628 必须: 特种行业 (公安朝阳分局), 卫生 (区卫生健康委), 消防 (朝阳消防救援支队)
  input = { industry_code = "11", selected = {} },
  expect = { status = "eligible", amount = "null", outputs = {
    industry = "宾馆", mandatory = "特种行业许可证；卫生许可证；公众聚集场所投入使用、营业前消防安全检查意见书",
    on_demand = "", licence_count = 3, departments = "公安朝阳分局、区卫生健康委、朝阳消防救援支队",
    unlisted = "", first_batch = "false", available_from = "2023-11-01" } },
}
M:case {
  name = "宾馆 with no selected list at all: the same as nothing selected", as_of = AFTER, clause = "附件 11",
  input = { industry_code = "11" },
  expect = { status = "eligible", outputs = { licence_count = 3, on_demand = "", unlisted = "" } },
}
M:case {
  name = "宾馆 on 2023-10-31: the last day before the rollout", as_of = "2023-10-31", clause = "一（三）",
  input = { industry_code = "11" },
  expect = { status = "ineligible", failed = { "rolled-out" } },
}
M:case {
  name = "rollout=from-issue: 宾馆 on 2023-06-01", as_of = "2023-06-01", clause = "一（三）",
  interpret = { rollout = "from-issue" },
  input = { industry_code = "11" },
  expect = { status = "eligible", outputs = { licence_count = 3, available_from = "2023-04-07" },
             interpretations = { rollout = "from-issue" } },
}
M:case {
  name = "--set first_batch adds 宾馆 to the first batch", as_of = "2023-06-01", clause = "一（三）",
  set = { first_batch = "2,4,5,6,25,26,11" },
  input = { industry_code = "11" },
  expect = { status = "eligible", outputs = { first_batch = "true", licence_count = 3 } },
}
M:case {
  name = "first day in force: 药店 (first batch)", as_of = "2023-04-07", clause = "附件 02",
  -- line 591 必须 药品经营许可证 (区市场监管局)
  input = { industry_code = "02" },
  expect = { status = "eligible", outputs = { industry = "药店", mandatory = "药品经营许可证", on_demand = "",
             licence_count = 1, departments = "区市场监管局" } },
}
M:case {
  name = "before the notice: not in force", as_of = "2023-04-06", clause = "通知",
  input = { industry_code = "02" },
  expect = { status = "not_in_force", amount = "null" },
}
M:case {
  name = "01: the 至少一项 pair is one item", as_of = AFTER, clause = "附件 01",
  -- lines 588–589: 第二类医疗器械经营备案凭证 / 医疗器械经营许可证, both 区市场监管局; 1 item
  input = { industry_code = "01" },
  expect = { status = "eligible", outputs = {
    industry = "医疗器械经销商", mandatory = "第二类医疗器械经营备案凭证/医疗器械经营许可证",
    on_demand = "", licence_count = 1, departments = "区市场监管局" } },
}
M:case {
  name = "01: selecting a mandatory licence changes nothing; 辐射安全 is 按需", as_of = AFTER, clause = "附件 01",
  -- 医疗器械经营许可证 is line 589 (必须); 辐射安全许可证 line 590 (按需, 区生态环境局): 2 items
  input = { industry_code = "01", selected = sel("医疗器械经营许可证", "辐射安全许可证") },
  expect = { status = "eligible", outputs = {
    mandatory = "第二类医疗器械经营备案凭证/医疗器械经营许可证", on_demand = "辐射安全许可证",
    licence_count = 2, departments = "区市场监管局、区生态环境局", unlisted = "" } },
}
M:case {
  name = "健身房 with a pool: 卫生许可证 is needed", as_of = "2023-06-01", clause = "附件 04",
  -- line 600 "按需办理（如健身房中设置有游泳场（馆）办理）"; no 必须 row in 04
  input = { industry_code = "04", has_pool = true },
  expect = { status = "eligible", outputs = { mandatory = "", on_demand = "卫生许可证", licence_count = 1,
             departments = "区卫生健康委", first_batch = "true" } },
}
M:case {
  name = "健身房 without a pool and nothing selected: no item", as_of = "2023-06-01", clause = "附件 04",
  input = { industry_code = "04", has_pool = false },
  expect = { status = "eligible", outputs = { mandatory = "", on_demand = "", licence_count = 0, departments = "" } },
}
M:case {
  name = "健身房, pool unknown and 卫生许可证 not selected: undetermined", as_of = "2023-06-01", clause = "附件 04",
  input = { industry_code = "04", selected = sel("食品经营许可证") },
  expect = { status = "undetermined", amount = "null", missing = { "has_pool" } },
}
M:case {
  name = "健身房 selecting 卫生许可证: the pool is not asked", as_of = "2023-06-01", clause = "附件 04",
  input = { industry_code = "04", selected = sel("卫生许可证") },
  expect = { status = "eligible", outputs = { on_demand = "卫生许可证", licence_count = 1 } },
}
M:case {
  name = "健身房: items in line order, not input order", as_of = "2023-06-01", clause = "附件 04",
  -- 598 高危险性体育 (区体育局), 599 食品 (区市场监管局), 600 卫生 (pool; 区卫生健康委)
  input = { industry_code = "04", has_pool = true, selected = sel("食品经营许可证", "高危险性体育项目经营许可证") },
  expect = { status = "eligible", outputs = {
    on_demand = "高危险性体育项目经营许可证；食品经营许可证；卫生许可证", licence_count = 3,
    departments = "区体育局、区市场监管局、区卫生健康委" } },
}
M:case {
  name = "书画艺术馆 in the free trade zone: a filing suffices", as_of = AFTER, clause = "附件 35",
  -- lines 722–723; line 723 "必须办理，如位于自由贸易试验区，取得备案凭证即可"
  input = { industry_code = "35", in_ftz = true },
  expect = { status = "eligible", outputs = {
    mandatory = "艺术品经营单位备案证明；卫生许可证（备案凭证即可）", licence_count = 2,
    departments = "区文化和旅游局、区卫生健康委" } },
}
M:case {
  name = "书画艺术馆 outside the zone", as_of = AFTER, clause = "附件 35",
  input = { industry_code = "35", in_ftz = false },
  expect = { status = "eligible", outputs = { mandatory = "艺术品经营单位备案证明；卫生许可证" } },
}
M:case {
  name = "书画艺术馆, zone unknown: undetermined", as_of = AFTER, clause = "附件 35",
  input = { industry_code = "35" },
  expect = { status = "undetermined", missing = { "in_ftz" } },
}
M:case {
  name = "书店 in the zone selecting 卫生许可证", as_of = "2023-06-01", clause = "附件 06",
  -- 610 出版物 必须 (相关单位); 613 卫生 按需, in the zone: 备案凭证即可 (区卫生健康委)
  input = { industry_code = "06", in_ftz = true, selected = sel("卫生许可证") },
  expect = { status = "eligible", outputs = { mandatory = "出版物经营许可证",
             on_demand = "卫生许可证（备案凭证即可）", licence_count = 2, departments = "相关单位、区卫生健康委" } },
}
M:case {
  name = "书店 without 卫生许可证: the zone is not asked", as_of = "2023-06-01", clause = "附件 06",
  -- line 612: either name of the A/B row selects it
  input = { industry_code = "06", selected = sel("北京市小规模食品生产经营许可证") },
  expect = { status = "eligible", outputs = { on_demand = "食品经营许可证/北京市小规模食品生产经营许可证",
             licence_count = 2, departments = "相关单位、区市场监管局" } },
}
M:case {
  name = "书店: the A/B row selected by its whole name; 《》 and spaces ignored", as_of = "2023-06-01", clause = "附件 06",
  input = { industry_code = "06", selected = sel("食品经营许可证/北京市小规模食品生产经营许可证", "《出版物出租企业备案回执》",
                                                 " \u{3000}出版物经营许可证 ") },
  expect = { status = "eligible", outputs = {
    on_demand = "出版物出租企业备案回执；食品经营许可证/北京市小规模食品生产经营许可证", licence_count = 3, unlisted = "" } },
}
M:case {
  name = "unlisted names, in input order without repeats", as_of = "2023-06-01", clause = "三（一）",
  -- 25 has no 卫生许可证 or 烟草 row; 食品经营许可证 selects the mandatory row 686 (no change)
  input = { industry_code = "25", selected = sel("卫生许可证", "出版物经营许可证", "烟草专卖零售许可证", "卫生许可证",
                                                 "食品经营许可证") },
  expect = { status = "eligible", outputs = { on_demand = "出版物经营许可证", licence_count = 2,
             unlisted = "卫生许可证；烟草专卖零售许可证" } },
}
M:case {
  name = "电影院: 小规模 alone is not offered", as_of = AFTER, clause = "附件 12",
  -- line 634 lists only 食品经营许可证 for 12
  input = { industry_code = "12", selected = sel("北京市小规模食品生产经营许可证") },
  expect = { status = "eligible", outputs = { on_demand = "", licence_count = 3,
             unlisted = "北京市小规模食品生产经营许可证" } },
}
M:case {
  name = "KTV with food and sewage", as_of = AFTER, clause = "附件 13",
  -- 638–640 必须 (区文化和旅游局, 区卫生健康委, 朝阳消防救援支队); 641 食品, 642 污水: 5 items
  input = { industry_code = "13", selected = sel("食品经营许可证", "城镇污水排入排水管网许可证") },
  expect = { status = "eligible", outputs = { licence_count = 5, first_batch = "false",
             departments = "区文化和旅游局、区卫生健康委、朝阳消防救援支队、区市场监管局、市水务局；区水务局" } },
}
M:case {
  name = "餐饮店 selecting 小规模 selects its mandatory food row", as_of = AFTER, clause = "附件 03",
  -- line 595 必须 食品/小规模: selecting either name changes nothing, and it is not unlisted
  input = { industry_code = "03", selected = sel("北京市小规模食品生产经营许可证") },
  expect = { status = "eligible", outputs = { mandatory = "食品经营许可证/北京市小规模食品生产经营许可证",
             on_demand = "", licence_count = 1, unlisted = "" } },
}
M:case {
  name = "游泳馆: 卫生许可证 is mandatory, no pool question", as_of = AFTER, clause = "附件 17",
  -- lines 652–653 必须: 高危险性体育 (区体育局), 卫生 (区卫生健康委); has_pool is not read
  input = { industry_code = "17" },
  expect = { status = "eligible", outputs = { mandatory = "高危险性体育项目经营许可证；卫生许可证",
             licence_count = 2, departments = "区体育局、区卫生健康委" } },
}
M:case {
  name = "商贸公司, nothing selected: no item", as_of = AFTER, clause = "附件 40",
  -- lines 738–742 are all 按需办理
  input = { industry_code = "40", selected = sel("卫生许可证") },
  expect = { status = "eligible", outputs = { industry = "商贸公司", mandatory = "", on_demand = "",
             licence_count = 0, departments = "", unlisted = "卫生许可证" } },
}
M:case {
  name = "商贸公司: the last catalogue row (line 742)", as_of = AFTER, clause = "附件 40",
  input = { industry_code = "40", selected = sel("清真食品生产、加工、经营场所登记许可决定书") },
  expect = { status = "eligible", outputs = { on_demand = "清真食品生产、加工、经营场所登记许可决定书",
             departments = "相关单位" } },
}
M:case {
  name = "口腔诊所: sewage is mandatory here", as_of = AFTER, clause = "附件 32",
  -- lines 714–715, both 必须办理
  input = { industry_code = "32" },
  expect = { status = "eligible", outputs = { mandatory = "诊所备案凭证；城镇污水排入排水管网许可证",
             licence_count = 2, departments = "区卫生健康委、市水务局；区水务局" } },
}
M:case {
  name = "道路客运公司: one department named once", as_of = AFTER, clause = "附件 38",
  -- lines 732–734 必须, 735 按需; all 市交通委朝阳运管分局
  input = { industry_code = "38", selected = sel("北京交通运输行政许可决定书") },
  expect = { status = "eligible", outputs = { licence_count = 4, departments = "市交通委朝阳运管分局" } },
}
M:case {
  name = "养老机构: a row after the page break (line 620)", as_of = AFTER, clause = "附件 08",
  input = { industry_code = "08", selected = sel("城镇污水排入排水管网许可证", "食品经营许可证") },
  expect = { status = "eligible", outputs = { on_demand = "食品经营许可证；城镇污水排入排水管网许可证",
             departments = "区市场监管局、市水务局；区水务局" } },
}
M:case {
  name = "网咖/电竞馆: the stray space removed", as_of = AFTER, clause = "附件 15",
  input = { industry_code = "15" },
  expect = { status = "eligible", outputs = { industry = "网咖/电竞馆",
             mandatory = "公众聚集场所投入使用、营业前消防安全检查意见书" } },
}
M:case {
  name = "a one-digit code is the same industry", as_of = "2023-06-01", clause = "附件 02",
  input = { industry_code = "2" },
  expect = { status = "eligible", outputs = { industry = "药店" } },
}
M:case {
  name = "a code not in the catalogue", as_of = AFTER, clause = "一（三）",
  input = { industry_code = "41" },
  expect = { status = "ineligible", failed = { "in-catalogue" }, outputs = { industry = "null" } },
}
M:case {
  -- a population prepared for another measure, whose industry_code is the GB/T 4754 code
  name = "a GB/T 4754 industry code is an error naming the field, not an ineligible record", as_of = AFTER,
  clause = "附件 类别编码",
  input = { industry_code = "I6513" },
  expect = { error = "industry_code: I6513 is a GB/T 4754 industry code" },
}
M:case {
  name = "an industry name instead of a code", as_of = AFTER, clause = "一（三）",
  input = { industry_code = "花店" },
  expect = { status = "ineligible", failed = { "in-catalogue" } },
}
M:case {
  name = "industry code unknown: undetermined", as_of = AFTER, clause = "一（三）",
  input = { selected = sel("食品经营许可证") },
  expect = { status = "undetermined", missing = { "industry_code" } },
}
M:case {
  name = "a selected item with an empty name is an error naming it", as_of = AFTER, clause = "三（一）",
  input = { industry_code = "11", selected = sel("出版物经营许可证", "《》") },
  expect = { error = "input 'selected[2].licence': an empty certificate name" },
}
M:case {
  name = "a selected item without a name: undetermined", as_of = AFTER, clause = "三（一）",
  input = { industry_code = "11", selected = { {} } },
  expect = { status = "undetermined", missing = { "selected[1].licence" } },
}

return M
