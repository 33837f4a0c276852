-- stdlib/fields.lua: the shared vocabulary of record fields (docs/fields.md, docs/matching.md).
--
-- One enterprise or person record should feed every measure, so a fact has one name: the
-- vocabulary (stdlib/data/fields.csv, entities in stdlib/data/entities.csv) lists the canonical
-- fields of each entity with type, unit, meaning and source register. A measure declares each
-- input as
--   canonical      the same name and type as a field of its entity (or of the entity it is a
--                  kind of: a financial_institution is an enterprise);
--   derived        `derive = "FIELD"` (the canonical FIELD: a derived field such as in_yizhuang,
--                  or a stored one under another name, as stat_code is industry_code) or
--                  `derive = function(rec) ... end` (reads canonical fields of rec);
--   specific       `specific = true`: a fact only this measure asks for (and, when the name is
--                  also a canonical field's, another fact under the same name).
-- A derived input applies when the record lacks the measure's own field; a record that gives
-- both, when they disagree, is refused (an input error naming both).
--
--   fields.entity(name) -> {entity=, kind_of=, list_of=, meaning=, register=} | nil
--   fields.lineage(entity) -> {entity, parent, ...}          (an entity is also what it is a kind of)
--   fields.field(entity, name) -> the canonical field {entity=, name=, type=, values=, of=, unit=,
--                                 derived_from=, meaning=, source=} | nil (ancestors searched)
--   fields.classify(M, name) -> "canonical" | "derived" | "specific" | nil, why
--   fields.deriver(M) -> nil | function(raw) -> raw': adds the derived inputs raw lacks
--   fields.missing_sources(M, name, raw) -> the canonical fields a derivation still needs
--   fields.list() -> every field in file order; fields.entities() -> every entity
local host = require "host"

local fields = {}

-- ---- the vocabulary (read once, on first use) ----

local V -- {entities = {name -> e}, entity_order = {...}, by = {entity -> {name -> f}}, list = {...}}

-- CSV without quoting: the meanings use Chinese punctuation (，；), so a comma separates cells
-- and a double quote is refused (the file stays readable by Excel and by this reader alike).
local function read_csv(name, want)
  local path = host.home() .. "/stdlib/data/" .. name
  local text, err = host.readfile(path)
  if not text then error(("fields: cannot read stdlib/data/%s: %s"):format(name, tostring(err)), 0) end
  if text:sub(1, 3) == "\239\187\191" then text = text:sub(4) end
  local rows, header, n = {}, nil, 0
  for line in (text .. "\n"):gmatch("(.-)\r?\n") do
    n = n + 1
    if line:find('"', 1, true) then error(("stdlib/data/%s:%d: a quote; cells are not quoted in this file"):format(name, n), 0) end
    if line ~= "" then
      local cells = {}
      for c in (line .. ","):gmatch("([^,]*),") do cells[#cells + 1] = c end
      if not header then
        header = cells
        for i, h in ipairs(want) do
          if header[i] ~= h then
            error(("stdlib/data/%s:1: expected the columns %s"):format(name, table.concat(want, ",")), 0)
          end
        end
      else
        if #cells ~= #header then
          error(("stdlib/data/%s:%d: %d cells, the header has %d"):format(name, n, #cells, #header), 0)
        end
        local row = { line = n }
        for i, h in ipairs(header) do row[h] = cells[i] ~= "" and cells[i] or nil end
        rows[#rows + 1] = row
      end
    end
  end
  return rows
end

local TYPES = { money = true, ratio = true, date = true, integer = true, decimal = true, boolean = true,
  text = true, enum = true, list = true, district = true }

local function load()
  if V then return V end
  local v = { entities = {}, entity_order = {}, by = {}, list = {} }
  for _, e in ipairs(read_csv("entities.csv", { "entity", "kind_of", "list_of", "meaning", "register" })) do
    if v.entities[e.entity] then error(("stdlib/data/entities.csv:%d: entity '%s' twice"):format(e.line, e.entity), 0) end
    v.entities[e.entity] = e
    v.entity_order[#v.entity_order + 1] = e.entity
    v.by[e.entity] = {}
  end
  for _, e in pairs(v.entities) do
    if e.kind_of and not v.entities[e.kind_of] then
      error(("stdlib/data/entities.csv:%d: '%s' is a kind of '%s', which is not listed"):format(e.line, e.entity, e.kind_of), 0)
    end
  end
  local cols = { "entity", "name", "type", "values", "unit", "derived_from", "meaning", "source" }
  for _, f in ipairs(read_csv("fields.csv", cols)) do
    local where = ("stdlib/data/fields.csv:%d"):format(f.line)
    if not v.entities[f.entity or ""] then error(("%s: entity '%s' is not in entities.csv"):format(where, tostring(f.entity)), 0) end
    if not (f.name and f.name:match("^[%a_][%w_]*$")) then error(("%s: a field name is required"):format(where), 0) end
    if not TYPES[f.type] then error(("%s: unknown type '%s'"):format(where, tostring(f.type)), 0) end
    if v.by[f.entity][f.name] then error(("%s: %s.%s is listed twice"):format(where, f.entity, f.name), 0) end
    if not f.meaning then error(("%s: %s.%s has no meaning"):format(where, f.entity, f.name), 0) end
    local field = { entity = f.entity, name = f.name, type = f.type, unit = f.unit, meaning = f.meaning,
      source = f.source, line = f.line }
    if f.type == "enum" then
      field.values = {}
      for x in (f.values or ""):gmatch("[^|]+") do field.values[#field.values + 1] = x end
      if #field.values == 0 then error(("%s: an enum needs values a|b|c"):format(where), 0) end
    elseif f.type == "list" then
      field.of = f.values
      if not (field.of and v.entities[field.of]) then error(("%s: a list names its child entity in 'values'"):format(where), 0) end
    end
    if f.derived_from then
      field.derived_from = {}
      for x in f.derived_from:gmatch("%S+") do field.derived_from[#field.derived_from + 1] = x end
    end
    v.by[f.entity][f.name] = field
    v.list[#v.list + 1] = field
  end
  V = v
  return v
end

function fields.entity(name) return load().entities[name] end

function fields.entities()
  local v, out = load(), {}
  for i, n in ipairs(v.entity_order) do out[i] = v.entities[n] end
  return out
end

function fields.list() return load().list end

local lineages = {}
function fields.lineage(entity)
  local cached = entity and lineages[entity]
  if cached then
    local out = {}
    for i, e in ipairs(cached) do out[i] = e end
    return out
  end
  local v, out, seen = load(), {}, {}
  local e = entity
  while e and not seen[e] do
    seen[e] = true
    out[#out + 1] = e
    e = v.entities[e] and v.entities[e].kind_of
  end
  if entity then
    local keep = {}
    for i, x in ipairs(out) do keep[i] = x end
    lineages[entity] = keep
  end
  return out
end

-- Whether a record of entity `e` is also an `of` (enterprise for a financial_institution).
function fields.is_kind(e, of)
  for _, x in ipairs(fields.lineage(e)) do if x == of then return true end end
  return false
end

local merged = {} -- entity -> name -> field (the entity's and its ancestors'), built once
function fields.field(entity, name)
  if entity == nil then return nil end
  local m = merged[entity]
  if not m then
    local v = load()
    m = {}
    local line = fields.lineage(entity)
    for i = #line, 1, -1 do
      for n, f in pairs(v.by[line[i]] or {}) do m[n] = f end
    end
    merged[entity] = m
  end
  return m[name]
end

-- Every canonical field of an entity and its ancestors: name -> field.
function fields.of(entity)
  local v, out = load(), {}
  local line = fields.lineage(entity)
  for i = #line, 1, -1 do
    for name, f in pairs(v.by[line[i]] or {}) do out[name] = f end
  end
  return out
end

-- ---- derivations of the derived canonical fields ----

local BY_CLASS = { large = "大型", medium = "中型", small = "小型", micro = "微型" }
local INDICATOR = { X = "employees", Y = "revenue", Z = "total_assets" }

-- fn(rec, need): rec.NAME reads a canonical field (converted to its type; a missing one stops
-- the derivation, which then leaves the input missing); need{"a", "b"} reads several at once so
-- that every missing one is named. A nil result: the fields do not decide it (the measure's own
-- field is then needed).
local DERIVE = {}

-- 附则2 of 京技管发〔2024〕33号: "在亦庄新城 225 平方公里范围内注册并实际经营". Registration with the
-- 经开区 (北京经济技术开发区, code 110302 in stdlib/districts.lua) is read as registered and
-- operating in 亦庄新城; an enterprise registered there but operating elsewhere gives
-- in_yizhuang = false itself (and then not reg_district 经开区 as well: the two disagree).
local in_bda = {} -- district name as written -> registered in the 经开区 (a register repeats a few names)
function DERIVE.in_yizhuang(rec)
  local d = rec.reg_district
  local yes = in_bda[d]
  if yes ~= nil then return yes end
  local info, why = require("districts").lookup(d)
  if not info then error(("input 'reg_district': cannot read '%s' as a district (%s)"):format(tostring(d), why), 0) end
  yes = info.code == "110302"
  if #d < 100 then in_bda[d] = yes end
  return yes
end

-- 工信部联企业〔2011〕300号 by sme.classify, from the indicators the industry's standard uses.
-- An industry outside 300号 (金融业 J: 银发〔2015〕309号) is not decided here.
function DERIVE.size_class(rec, need)
  local sme = require "sme"
  local code = rec.industry_code
  local key, spec = sme.industry(code)
  if not key then return nil end
  local want, names = {}, {}
  for _, ind in ipairs { "X", "Y", "Z" } do
    if spec.ceiling[ind] then names[#names + 1] = INDICATOR[ind] end
  end
  local vals = need(names)
  for i, n in ipairs(names) do want[n] = vals[i] end
  want.industry_code = code
  local class = sme.classify(want)
  return class and BY_CLASS[class] or nil
end
fields.DERIVE = DERIVE

-- ---- reading canonical fields of a raw record ----

local coerce -- measure.coerce, on first use (it loads after this file in some orders)

-- The converter of one declared value (decl: {type=, values=}), path naming it in errors.
local function converter(decl, path)
  coerce = coerce or require "measure.coerce"
  if decl.type == "list" then return function(v) return v end end
  if decl.type == "enum" then
    local plan = coerce.plan({ [path] = decl })
    return function(v) return plan({ [path] = v })[path] end
  end
  local c = coerce.conv[decl.type]
  return function(v) return c(v, path) end
end
local function conv_of(f) return converter({ type = f.type, values = f.values }, f.name) end
local convs = {}
local function convert_field(f, v)
  local c = convs[f]
  if not c then c = conv_of(f); convs[f] = c end
  return c(v)
end

local function is_null(v)
  coerce = coerce or require "measure.coerce"
  return coerce.is_null(v)
end

-- The record as a derivation reads it: canonical fields of `entity`, converted; a missing one
-- raises the missing-input sentinel; any other name is an error. One reader serves every
-- record: point(raw) aims it at the record being derived.
local function reader(entity)
  coerce = coerce or require "measure.coerce"
  local raw
  local function get(name)
    local f = fields.field(entity, name)
    if not f then
      error(("a derivation reads '%s', which is not a canonical field of %s (docs/fields.md)"):format(tostring(name), entity), 0)
    end
    local v = raw[name]
    if is_null(v) then coerce.missing(name) end
    return convert_field(f, v)
  end
  local rec = setmetatable({}, { __index = function(_, k) return get(k) end,
    __newindex = function(_, k) error(("a derivation may not set '%s'"):format(tostring(k)), 2) end })
  local function need(names)
    local vals, miss = {}, nil
    for i, n in ipairs(names) do
      if fields.field(entity, n) and is_null(raw[n]) then miss = miss or {}; miss[#miss + 1] = n else vals[i] = get(n) end
    end
    if miss then coerce.missing_fields(miss) end
    return vals
  end
  return rec, need, function(r) raw = r end
end

-- ---- inputs of a measure ----

-- What a measure's input is: "canonical", "derived" or "specific"; nil and why otherwise.
function fields.classify(M, name)
  local d = M.inputs[name]
  if not d then return nil, ("'%s' is not an input of %s"):format(name, M.id) end
  if d.derive ~= nil then return "derived" end
  if d.specific then return "specific" end
  local f = M.entity and fields.field(M.entity, name)
  if not f then
    return nil, ("input '%s' is neither a canonical field of %s (docs/fields.md), nor derived (derive = ...), " ..
      "nor declared measure-specific (specific = true)"):format(name, M.entity or "the measure's entity")
  end
  if f.derived_from then
    return nil, ("input '%s' is the derived field %s (from %s, docs/fields.md): declare derive = \"%s\" so that " ..
      "records giving %s feed it"):format(name, f.name, table.concat(f.derived_from, ", "), f.name,
      table.concat(f.derived_from, ", "))
  end
  local t = d.type
  if t ~= f.type then
    return nil, ("input '%s' is declared %s, but the canonical field %s.%s is %s (docs/fields.md); declare it " ..
      "specific = true if it is another fact"):format(name, t, f.entity, f.name, f.type)
  end
  if t == "list" then
    for child, cd in pairs(d.of) do
      if not cd.specific then
        local cf = fields.field(f.of, child)
        if not cf then
          return nil, ("input '%s': field '%s' of its records is not a canonical field of %s (docs/fields.md) " ..
            "and not declared specific = true"):format(name, child, f.of)
        end
        if cf.type ~= cd.type then
          return nil, ("input '%s': field '%s' of its records is declared %s, but %s.%s is %s"):format(name, child,
            cd.type, f.of, child, cf.type)
        end
      end
    end
  end
  return "canonical"
end

-- The function computing a derived input, and the canonical field it names (or nil).
local function derivation(M, name)
  local d = M.inputs[name]
  local spec = d.derive
  if type(spec) == "function" then return spec, nil end
  local f = M.entity and fields.field(M.entity, spec)
  if not f then
    error(("input '%s': derive = \"%s\" names no canonical field of %s (docs/fields.md)"):format(name, tostring(spec),
      tostring(M.entity)), 0)
  end
  if f.derived_from then
    local fn = DERIVE[f.name]
    if not fn then error(("input '%s': the derived field %s has no derivation in stdlib/fields.lua"):format(name, f.name), 0) end
    return fn, f
  end
  return function(rec) return rec[f.name] end, f
end

-- Checks the derive declarations of a measure at load time: raises a message naming the input.
function fields.check_declaration(M)
  for _, name in ipairs(M.input_names) do
    local d = M.inputs[name]
    if d.derive ~= nil then
      if d.specific then error(("input '%s': derive and specific exclude each other"):format(name), 0) end
      if type(d.derive) ~= "string" and type(d.derive) ~= "function" then
        error(("input '%s': derive must name a canonical field (derive = \"in_yizhuang\") or be a function(rec)"):format(name), 0)
      end
      if d.type == "list" then error(("input '%s': a list cannot be derived"):format(name), 0) end
      local _, f = derivation(M, name)
      if f then
        local t = f.type
        local ok = t == d.type or (t == "district" and d.type == "text")
        if ok and t == "enum" then
          local allowed = {}
          for _, x in ipairs(d.values) do allowed[x] = true end
          for _, x in ipairs(f.values) do
            if not allowed[x] then ok = false end
          end
        end
        if not ok then
          error(("input '%s': declared %s, but derive = \"%s\" gives %s%s"):format(name, d.type, f.name, t,
            t == "enum" and (" (" .. table.concat(f.values, ", ") .. ")") or ""), 0)
        end
      end
    elseif d.specific ~= nil and d.specific ~= true then
      error(("input '%s': specific = true (or leave it out)"):format(name), 0)
    end
  end
end

-- Runs the derivation of input `name` on raw: ok, value (nil: not decided) | false, missing fields.
-- rd: a reader (rec, need, point) to reuse, else one is made.
local function run(M, name, fn, raw, rd)
  local rec, need, point
  if rd then rec, need, point = rd[1], rd[2], rd[3] else rec, need, point = reader(M.entity) end
  point(raw)
  local ok, v = pcall(fn, rec, need)
  point(nil)
  if ok then return true, v end
  coerce = coerce or require "measure.coerce"
  if coerce.is_missing(v) then return false, v.fields or { v.field } end
  -- a canonical field that does not convert names itself; anything else names the derived input
  if tostring(v):match("^input '") then error(v, 0) end
  error(("input '%s' (derived): %s"):format(name, tostring(v)), 0)
end

local function shown(v)
  coerce = coerce or require "measure.coerce"
  return coerce.shown(v)
end

local memo_of
local derivers = setmetatable({}, { __mode = "k" })

-- The last outcome of each derived field (per entity), with the source values it came from:
-- a derivation is a function of its sources, so measures deriving the same field from the same
-- record (M18 and M24's size_class, in one batch run) compute it once.
local memos = {}
memo_of = function(entity, field)
  local key = entity .. "." .. field
  memos[key] = memos[key] or { vals = {} }
  return memos[key]
end

-- ok, value | false, missing: from the memo when the sources hold the same values.
local function remembered(D, raw)
  local m = D.memo
  if not m or not m.set then return nil end
  local vals = m.vals
  for i, src in ipairs(D.sources) do
    if not rawequal(raw[src], vals[i]) then return nil end
  end
  return true, m.ok, m.value
end
local function remember(D, raw, ok, value)
  local m = D.memo
  if not m then return end
  for i, src in ipairs(D.sources) do
    local v = raw[src]
    -- only plain values (a table could change while the memo holds it)
    if type(v) == "table" or type(v) == "userdata" then m.set = false; return end
    m.vals[i] = v
  end
  m.set, m.ok, m.value = true, ok, value
end

-- fields.deriver(M) -> nil when M derives no input; else function(raw) -> raw or a copy of its
-- inputs with the derived ones the record lacks. A record that gives a derived input and the
-- fields it derives from, with different values, is an input error naming both.
function fields.deriver(M)
  local c = derivers[M]
  if c ~= nil then return c or nil end
  local list = {}
  for _, name in ipairs(M.input_names) do
    local d = M.inputs[name]
    if d.derive ~= nil then
      local fn, f = derivation(M, name)
      list[#list + 1] = { name = name, fn = fn, sources = f and (f.derived_from or { f.name }) or {},
        conv = converter(d, name), memo = f and f.derived_from and memo_of(M.entity, f.name) }
    end
  end
  if #list == 0 then derivers[M] = false; return nil end
  local names = M.input_names
  local rd = { reader(M.entity) }
  -- the record with the derived inputs: one table refilled for each record (the converter
  -- copies what it reads before the next record comes)
  local view = {}
  local function deriver(raw)
    local filled = false
    for i = 1, #list do
      local D = list[i]
      local given = raw[D.name]
      local hit, ok, v = remembered(D, raw)
      if not hit then
        ok, v = run(M, D.name, D.fn, raw, rd)
        remember(D, raw, ok, v)
      end
      if ok and v ~= nil then
        local value = D.conv(v)
        if not is_null(given) then
          local mine = D.conv(given)
          if mine ~= value then
            local from = {}
            for _, src in ipairs(D.sources) do
              if not is_null(raw[src]) then from[#from + 1] = ("%s = %s"):format(src, shown(raw[src])) end
            end
            error(("input '%s': the record gives %s, but %s derive%s %s (docs/fields.md); give one of them, or make them agree")
              :format(D.name, shown(given), #from > 0 and table.concat(from, ", ") or "its canonical fields",
                #from > 1 and "" or "s", shown(value)), 0)
          end
        else
          if not filled then
            filled = true
            for k in next, view do view[k] = nil end
            for j = 1, #names do view[names[j]] = raw[names[j]] end
          end
          view[D.name] = value
        end
      end
    end
    return filled and view or raw
  end
  derivers[M] = deriver
  return deriver
end

-- The canonical fields a derived input of M still needs on raw ({} when they are all there:
-- the fields given do not decide it, and the input itself is needed).
function fields.missing_sources(M, name, raw)
  local d = M.inputs[name]
  if not d or d.derive == nil then return {} end
  local ok, derived, miss = pcall(run, M, name, (derivation(M, name)), raw)
  if not ok or derived then return {} end
  return miss
end

-- The canonical fields a measure's derivations read (declared sources; for a function, none
-- known): a batch runner fetches these columns too.
function fields.sources(M)
  local out, seen = {}, {}
  for _, name in ipairs(M.input_names) do
    local d = M.inputs[name]
    if type(d.derive) == "string" then
      local f = fields.field(M.entity, d.derive)
      for _, s in ipairs(f and (f.derived_from or { f.name }) or {}) do
        if not seen[s] then seen[s] = true; out[#out + 1] = s end
      end
    end
  end
  return out
end

return fields
