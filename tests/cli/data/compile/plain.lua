-- A test measure for the constructs the compiler follows since issue 22 part 3
-- (tests/cli/compile_diff.t): string methods on a record's text, a reference table read through
-- its own methods, lists of texts built per record as outputs, a closure a helper returns and the
-- caller calls later, local functions defined per record and pcall'd, math.type, money / money,
-- ratio:round/num/den, a loop to a fixed point (repeat ... until), ipairs(LIST or {}) and the
-- alternative ctx:highest paid kept in a local. Its cases fix the reference's answers with the
-- arithmetic; compile_diff.t checks the compiled evaluation gives the same on them and on
-- variations of them. Not a measure of any gazette: no document, no citations of the law.
local M = measure {
  id = "test.compile-plain",
  title = "编译器测试：文本、参考表与闭包",
  document = { number = "测试", title = "编译器测试：文本、参考表与闭包", issuer = "测试", issued_on = "2024-01-01" },
  valid = { from = "2020-01-01", to = "2030-12-31" },
  entity = "enterprise",
  inputs = {
    code    = { type = "text" },
    picked  = { type = "list", optional = true, of = { name = { type = "text" } } },
    kind    = { type = "enum", values = { "a", "b" } },
    fig_a   = { type = "money" },
    fig_b   = { type = "money" },
    revenue = { type = "money" },
    prior   = { type = "money" },
    staff   = { type = "integer" },
    filed   = { type = "boolean" },
  },
  outputs = {
    kind_name  = { type = "text" },
    items      = { type = "text" },
    item_count = { type = "integer" },
    unlisted   = { type = "text" },
    growth_pct = { type = "integer" },
    growth_den = { type = "integer" },
    managers   = { type = "integer" },
    short      = { type = "integer" },
    bonus      = { type = "money" },
    article    = { type = "text" },
  },
  output_order = { "kind_name", "items", "item_count", "unlisted", "growth_pct", "growth_den", "managers", "short",
                   "bonus", "article" },
  amount = "bonus",
}

M:param("floor", { { from = "2020-01-01", value = wan(100), clause = "一" } })
M:param("rate", { { from = "2020-01-01", value = pct(1), clause = "二" } })
M:param("per_manager", { { from = "2020-01-01", value = yuan(1000), clause = "三" } })
M:param("growth_share", { { from = "2020-01-01", value = pct(1), clause = "三" } })
M:alternatives("bonus", {
  clause = "三", text = "两项取高", tie = "first",
  { name = "by_staff", clause = "三（一）", text = "按管理人员" },
  { name = "by_growth", clause = "三（二）", text = "按增长" },
})

local KINDS = reftable.load("plain_kinds.csv", { key = "code", required = { "code", "name" } })
local ITEMS = reftable.load("plain_items.csv", {
  required = { "code", "item", "requirement" }, values = { requirement = { "必须办理", "按需办理" } },
})

local NOTES = { a = "甲类：" .. "按 fig_a", b = "乙类：" .. "按 fig_b" } -- constant texts joined

-- " 4 " -> "04": spaces trimmed, one digit padded (string methods on the record's text)
local function code_of(r)
  local c = r.code:gsub("^%s+", ""):gsub("%s+$", "")
  if c:match("^%d$") then c = "0" .. c end
  return c
end

-- a picked name without spaces (ASCII and U+3000) at either end and without its 《》
local function clean(s)
  local prev
  repeat
    prev = s
    s = s:gsub("^%s+", ""):gsub("%s+$", ""):gsub("^\u{3000}", ""):gsub("\u{3000}$", "")
  until s == prev
  return s:match("^《(.*)》$") or s
end

-- the kind's label and its figure, read only when the caller asks (a closure returned)
local function figure_of(r, kind)
  if kind == "a" then return "甲", function() return r.fig_a end end
  return "乙", function() return r.fig_b end
end

-- ⌈x⌉ of a non-negative ratio or integer (math.type: an integer is its own ceiling)
local function ceil_of(x)
  if math.type(x) == "integer" then return x end
  local n, d = x:num(), x:den()
  return (n + d - 1) // d
end

local is_missing = require("measure.coerce").is_missing
local function try(read)
  local ok, v = pcall(read)
  if ok then return v end
  if not is_missing(v) then error(v, 0) end
  return nil, v
end

M:rule("known-code", {
  clause = "一", text = "编码在目录中",
  check = function(r) return KINDS:get(code_of(r)) ~= nil end,
})
M:rule("figure", {
  clause = "一", text = "营业收入达到 100 万元后，本类指标大于 0",
  check = function(r, ctx)
    local label, read = figure_of(r, r.kind)
    if r.revenue < ctx.p.floor then return false, label .. "：营业收入未达到 100 万元" end
    return read() > yuan(0), NOTES[r.kind]
  end,
})

M:compute(function(r, ctx, out)
  local code = code_of(r)
  out.kind_name = KINDS:get(code).name
  -- the code's items in file order: 必须办理 always, 按需办理 when filed (marked 备案)
  local items = {}
  for _, row in ipairs(ITEMS:rows_where { code = code }) do
    if row.requirement == "必须办理" then
      items[#items + 1] = row.item
    elseif r.filed then
      items[#items + 1] = row.item .. "（备案）"
    end
  end
  out.items = table.concat(items, "；")
  out.item_count = #items
  -- picked names that name no item of the code (either name of an A/B item), once each
  local unlisted, seen = {}, {}
  for _, p in ipairs(r.picked or {}) do
    local name = clean(p.name)
    local hit = false
    for _, row in ipairs(ITEMS:rows_where { code = code }) do
      for part in row.item:gmatch("[^/]+") do
        if part == name then hit = true end
      end
    end
    if not hit and not seen[name] then
      seen[name] = true
      unlisted[#unlisted + 1] = name
    end
  end
  out.unlisted = table.concat(unlisted, "、")
  -- growth in whole percent, rounded down: (revenue / prior × 100):round(0, "down")
  local pct100 = (r.revenue / r.prior * 100):round(0, "down")
  out.growth_pct, out.growth_den = pct100:num(), pct100:den()
  local managers = ceil_of(ctx.p.rate * r.staff)
  out.managers = managers
  -- checks weighed by a local function; their readers pcall'd (a missing input: unknown)
  local short, unknown = 0, nil
  local function weigh(met, missing)
    if met == false then short = short + 1 elseif met == nil then unknown = unknown or missing end
  end
  weigh(try(function() return r.staff >= 10 end))
  weigh(try(function() return r.filed == true end))
  out.short = short
  if short == 0 and unknown then error(unknown, 0) end
  -- the higher of two offers; the article of the one paid
  local growth = r.revenue - r.prior
  local by_growth = growth > yuan(0) and growth:mul(ctx.p.growth_share, "yuan") or "没有增长"
  local bonus, paid
  bonus, paid = ctx:highest("bonus", { by_staff = ctx.p.per_manager * managers, by_growth = by_growth })
  out.bonus = bonus
  -- the alternative paid, or a table built here in its place: held as the reference holds both
  if r.kind == "b" and paid then paid = { clause = paid.clause .. "（乙类）" } end
  out.article = paid and paid.clause
end)

local BASE = { code = " 4 ", kind = "a", fig_a = "5万", fig_b = 0, revenue = "115万", prior = "100万", staff = 255,
  filed = true, picked = { { name = "　《卫生许可证》 " }, { name = "游泳" }, { name = "游泳 " }, { name = "体育经营备案" } } }
local function rec(c) return measure.variant(BASE, c) end

M:case {
  name = "the base record", as_of = "2024-06-01",
  -- " 4 " -> "04" 健身房; items: 卫生许可证, the 按需 item filed (备案), 消防安全检查 -> 3;
  -- picked: 卫生许可证 and 体育经营备案 name items (the second half of an A/B item), 游泳 twice -> once;
  -- 115万 / 100万 × 100 = 115 -> 115/1; ⌈1% × 255⌉ = ⌈2.55⌉ = 3; both checks met (255 ≥ 10, filed);
  -- offers: 1,000 × 3 = 3,000 and 1% × 150,000 = 1,500 -> 3,000 (三（一）)
  input = rec(),
  expect = { status = "eligible", amount = "3000.00", outputs = {
    kind_name = "健身房", items = "卫生许可证；高危险性体育项目经营许可/体育经营备案（备案）；消防安全检查", item_count = 3,
    unlisted = "游泳", growth_pct = 115, growth_den = 1, managers = 3, short = 0, article = "三（一）" } },
}
M:case {
  name = "not filed, growth pays", as_of = "2024-06-01",
  -- items: the two 必须办理 ones -> 2; staff 300 -> ⌈3⌉ = 3 (an integer product: math.type);
  -- 1,000 × 3 = 3,000 against 1% × (500万 − 100万) = 40,000 -> 40,000 (三（二））; 500万 / 100万 × 100 = 500;
  -- not filed: one check short
  input = rec { filed = false, revenue = "500万", staff = 300, picked = "nil" },
  expect = { status = "eligible", amount = "40000.00", outputs = {
    items = "卫生许可证；消防安全检查", item_count = 2, unlisted = "", growth_pct = 500, managers = 3, short = 1,
    article = "三（二）" } },
}
M:case {
  name = "growth rounded down: 1,234,567 / 1,000,000 × 100 = 123.4567 -> 123", as_of = "2024-06-01",
  input = rec { revenue = 1234567, prior = 1000000, code = "05", picked = "nil" },
  expect = { status = "eligible", outputs = { kind_name = "超市", items = "食品经营许可证", growth_pct = 123, growth_den = 1 } },
}
M:case {
  name = "below the floor: fig_a is not read (ineligible, not undetermined)", as_of = "2024-06-01",
  -- 99万 < 100万: the closure figure_of returned is never called
  input = rec { revenue = "99万", fig_a = "nil" },
  expect = { status = "ineligible", failed = { "figure" } },
}
M:case {
  name = "past the floor, fig_a missing: undetermined", as_of = "2024-06-01",
  input = rec { fig_a = "nil" },
  expect = { status = "undetermined", missing = { "fig_a" } },
}
M:case {
  name = "kind b reads fig_b: 0 fails", as_of = "2024-06-01",
  input = rec { kind = "b" },
  expect = { status = "ineligible", failed = { "figure" } },
}
M:case {
  name = "kind b with fig_b 1万: the article paid, marked 乙类", as_of = "2024-06-01",
  -- 1万 > 0; offers as in the base record: 3,000 (三（一）) -> "三（一）（乙类）"
  input = rec { kind = "b", fig_b = "1万" },
  expect = { status = "eligible", amount = "3000.00", outputs = { article = "三（一）（乙类）" } },
}
M:case {
  name = "a code not in the table", as_of = "2024-06-01",
  input = rec { code = "7" },
  expect = { status = "ineligible", failed = { "known-code" } },
}
M:case {
  name = "staff unknown: undetermined (read for the managers before the checks)", as_of = "2024-06-01",
  input = rec { staff = "nil" },
  expect = { status = "undetermined", missing = { "staff" } },
}
M:case {
  name = "05 with filed unknown: the pcall'd reader's missing input decides (undetermined)", as_of = "2024-06-01",
  -- 05 has no 按需办理 item, so filed is read only by the second check: 255 ≥ 10 met, filed unknown,
  -- none short -> error(unknown): undetermined
  input = rec { code = "05", filed = "nil", picked = "nil" },
  expect = { status = "undetermined", missing = { "filed" } },
}
M:case {
  name = "05 with filed unknown and 5 staff: one check short, the unknown one does not matter", as_of = "2024-06-01",
  -- 5 < 10 short -> short = 1; ⌈1% × 5⌉ = ⌈0.05⌉ = 1; offers 1,000 × 1 = 1,000 and 1% × 150,000 = 1,500
  -- -> 1,500 (三（二））
  input = rec { code = "05", filed = "nil", picked = "nil", staff = 5 },
  expect = { status = "eligible", amount = "1500.00", outputs = { short = 1, managers = 1, article = "三（二）" } },
}
M:case {
  name = "prior 0: money / money raises", as_of = "2024-06-01",
  input = rec { prior = 0 },
  expect = { error = "division by zero" },
}

return M
