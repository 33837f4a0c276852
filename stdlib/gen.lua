-- stdlib/gen.lua: a synthetic population shaped for given measures (`gazette gen --for`,
-- interp/cmd/cmd_gen.c writes what this returns; docs/records.md).
--
--   local plan = gen.plan{measures = {ID_OR_PATH, ...}, as_of = DATE, n = N, seed = S}
--   plan.tables  {{name=, columns = {{name=, sqltype=}, ...}, parent = INDEX|nil}, ...}
--   gen.rows(plan, emit)   calls emit(table_index, row) for every row, parents before their
--                          children; row[i] is the value of columns[i] (nil = NULL): integers,
--                          text (money as decimal yuan "1234.50", dates ISO), booleans as 0/1
--
-- The records are built from what the measures declare and what their own test cases show:
--   * each measure's test cases are the seeds (their inputs converted to the declared types,
--     dates moved by whole years so that a case's as_of falls in the year of --as-of, and
--     integer inputs named year or *_year with them);
--   * every scalar input has a pool of values: the seeds' values, each parameter's value in
--     force on as_of (of the input's type) and the values one unit either side of it, dates
--     that many years and months before as_of (±1 day) for every small whole-number parameter
--     (age limits, years of operation), the enum's values, Beijing's districts, valid GB/T
--     4754-2017 class codes for industry_code, and then the exact boundaries of every rule:
--     from each seed, each pool value that changes the result is bisected (on whole numbers,
--     分 and days) down to the two neighbouring values on each side of the boundary;
--   * record i is seed i mod #seeds: as it is, or with one input set to a pool value (cycling
--     through inputs and pools, so every boundary value meets every seed), or with one input
--     NULL (a missing input: undetermined), or with one field of one child record changed;
--     and some records take every input from the pools at random;
--   * no date is after as_of (a value after it is left out of the pools; a seed holding one is
--     not used), every record gets a valid 统一社会信用代码 (uscc.check_char) and a name.
-- The same arguments give the same rows (a splitmix64 stream from --seed).
local gen = {}

local DEFAULT_TABLE_SUFFIX = "s" -- `gazette run` looks for the entity's table as ENTITY.."s" or ENTITY

-- ---- deterministic randomness: splitmix64 on Lua's 64-bit integers (wrapping) ----
local function rng(seed)
  local s = seed * 0x2545F4914F6CDD1D + 0x1234567
  return function(n) -- an integer in [0, n)
    s = s + 0x9E3779B97F4A7C15
    local z = s
    z = (z ~ (z >> 30)) * 0xBF58476D1CE4E5B9
    z = (z ~ (z >> 27)) * 0x94D049BB133111EB
    z = z ~ (z >> 31)
    if n <= 1 then return 0 end
    return math.ult(z, 0) and 0 or (z >> 1) % n
  end
end

local is_money, is_ratio = money.is_money, ratio.is_ratio
local function is_date(v) return dates.is_date(v) end

-- ---- values: SQLite form and neighbours ----

local function sql_value(t, v)
  if v == nil then return nil end
  if t == "boolean" then return v and 1 or 0 end
  if t == "money" then return v:plain() end
  if t == "date" or t == "ratio" or t == "decimal" then return tostring(v) end
  return v
end

local ONE_FEN = yuan("0.01")
local SMALL = { ratio = ratio("0.01"), decimal = ratio("0.01") }

-- The values next to v (one unit below and above), of the same type.
local function neighbours(t, v)
  local out = {}
  local ok = pcall(function()
    if t == "integer" and math.type(v) == "integer" then out = { v - 1, v + 1 }
    elseif t == "money" and is_money(v) then out = { v - ONE_FEN, v + ONE_FEN }
    elseif t == "date" and is_date(v) then out = { v - 1, v + 1 }
    elseif (t == "ratio" or t == "decimal") and is_ratio(v) then out = { v - SMALL[t], v + SMALL[t] }
    end
  end)
  return ok and out or {}
end

-- A param value of the input's type (as the measure language reads it), or nil.
local function of_type(t, v)
  if t == "integer" and math.type(v) == "integer" then return v end
  if t == "money" and is_money(v) then return v end
  if t == "date" and is_date(v) then return v end
  if (t == "ratio" or t == "decimal") and is_ratio(v) then return v end
  if (t == "text" or t == "district") and type(v) == "string" then return v end
  return nil
end

local function key_of(v) return type(v) .. ":" .. tostring(v) end

-- A pool: values without duplicates, in the order found.
local function pool_add(p, v)
  if v == nil then return end
  local k = key_of(v)
  if not p.seen[k] then
    p.seen[k] = true
    p[#p + 1] = v
  end
end
local function new_pool() return { seen = {} } end

-- ---- the measures' declarations ----

local function table_name(M)
  local e = rawget(M, "entity")
  if type(e) == "string" and e ~= "" then return e .. DEFAULT_TABLE_SUFFIX end
  return "enterprises"
end

local function sorted_keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks)
  return ks
end

local SQLTYPE = { integer = "INTEGER", boolean = "INTEGER", date = "TEXT", text = "TEXT", enum = "TEXT",
  district = "TEXT", money = "", ratio = "TEXT", decimal = "TEXT" }

-- Moves a converted record's dates by whole years (and integer year inputs with them).
local function shift_years(rec, fields, years)
  if years == 0 then return rec end
  local out = {}
  for name, decl in pairs(fields) do
    local v = rawget(rec, name)
    if v ~= nil then
      if decl.type == "date" then v = v:add_years(years)
      elseif decl.type == "integer" and (name == "year" or name:match("_year$") or name:match("^year_")) then
        v = v + years
      elseif decl.type == "list" then
        local kids = {}
        for i, c in ipairs(v) do kids[i] = shift_years(c, decl.of, years) end
        v = kids
      end
      out[name] = v
    end
  end
  return out
end

-- A record's fields (for rows and for evaluation): a plain table, children as plain tables.
local function plain(rec, fields)
  local out = {}
  for name, decl in pairs(fields) do
    local v = rawget(rec, name)
    if decl.type == "list" and v ~= nil then
      local kids = {}
      for i, c in ipairs(v) do kids[i] = plain(c, decl.of) end
      v = kids
    end
    out[name] = v
  end
  return out
end

local function dates_after(rec, fields, as_of)
  for name, decl in pairs(fields) do
    local v = rec[name]
    if v ~= nil then
      if decl.type == "date" and v > as_of then return true end
      if decl.type == "list" then
        for _, c in ipairs(v) do if dates_after(c, decl.of, as_of) then return true end end
      end
    end
  end
  return false
end

-- The raw form a measure reads (what the records module would hand it): typed values are
-- accepted by the converters as they are, so a plain record evaluates directly.
local function evaluator(M, as_of)
  local ev = M:prepare { as_of = as_of }
  return function(rec)
    local ok, res = pcall(ev, rec)
    if not ok then return "error" end
    return res.status
  end
end

-- Bisection between two values of an orderable type: the two neighbouring values where the
-- status of rec with field = x changes. Returns lo, hi (adjacent) or nil.
local function to_num(t, v)
  if t == "integer" then return v end
  if t == "money" then return v:fen() end
  if t == "date" then return v - date(1970, 1, 1) end
end
local function from_num(t, n)
  if t == "integer" then return n end
  if t == "money" then
    local neg = n < 0
    local a = neg and -n or n
    return yuan(("%s%d.%02d"):format(neg and "-" or "", a // 100, a % 100))
  end
  if t == "date" then return date(1970, 1, 1) + n end
end

local function bisect(t, status_at, a, b)
  local na, nb = to_num(t, a), to_num(t, b)
  if not na or not nb or na == nb then return nil end
  local sa = status_at(a)
  if status_at(b) == sa then return nil end
  local lo, hi = na, nb
  for _ = 1, 64 do
    if math.abs(hi - lo) <= 1 then break end
    local mid = lo + (hi - lo) // 2
    if status_at(from_num(t, mid)) == sa then lo = mid else hi = mid end
  end
  return from_num(t, lo), from_num(t, hi)
end

-- ---- the plan ----

function gen.plan(spec)
  local as_of = spec.as_of
  local n, seed = spec.n, spec.seed or 1
  local tables, by_name = {}, {}
  local measures = {}
  for i, ref in ipairs(spec.measures) do
    local ok, M = pcall(measure.load, ref)
    if not ok then error(tostring(M), 0) end
    measures[i] = M
  end

  for _, M in ipairs(measures) do
    local tname = table_name(M)
    local T = by_name[tname]
    if not T then
      T = { name = tname, fields = {}, lists = {}, measures = {}, owner = {} }
      by_name[tname] = T
      tables[#tables + 1] = T
    end
    T.measures[#T.measures + 1] = M
    for name, decl in pairs(M.inputs or {}) do
      local have = T.fields[name]
      -- a district is text too: a field one measure reads as text and another as a district
      -- is generated as districts
      if have and have.type == "text" and decl.type == "district" then
        T.fields[name], have = decl, decl
      elseif have and have.type == "district" and decl.type == "text" then
        decl = have
      end
      if have and have.type ~= decl.type then
        error(("measures %s and %s both read '%s' of table %s, as %s and as %s: generate them separately")
          :format(T.owner[name], M.id, name, tname, have.type, decl.type), 0)
      end
      if not have then
        T.fields[name] = decl
        T.owner[name] = M.id
      end
    end
  end

  local r = rng(seed)
  local plan = { tables = {}, as_of = as_of, n = n, r = r, groups = {} }
  for _, T in ipairs(tables) do
    -- columns of the parent table, then a child table per list input
    local cols = { { name = "id", sqltype = "INTEGER PRIMARY KEY" }, { name = "uscc", sqltype = "TEXT" },
      { name = "name", sqltype = "TEXT" } }
    local scalars, lists = {}, {}
    for _, name in ipairs(sorted_keys(T.fields)) do
      local decl = T.fields[name]
      if decl.type == "list" then lists[#lists + 1] = name
      elseif name ~= "id" and name ~= "uscc" and name ~= "name" then
        scalars[#scalars + 1] = name
        cols[#cols + 1] = { name = name, sqltype = SQLTYPE[decl.type] or "" }
      end
    end
    plan.tables[#plan.tables + 1] = { name = T.name, columns = cols }
    local group = { T = T, index = #plan.tables, scalars = scalars, lists = {} }
    for _, lname in ipairs(lists) do
      for _, other in ipairs(plan.tables) do
        if other.name == lname then
          error(("list input '%s' would be a child table and another table is named so: generate the measures separately")
            :format(lname), 0)
        end
      end
      local of = T.fields[lname].of
      local ccols = { { name = "id", sqltype = "INTEGER PRIMARY KEY" }, { name = "parent_id", sqltype = "INTEGER NOT NULL" } }
      local cfields = {}
      for _, f in ipairs(sorted_keys(of)) do
        if f ~= "id" and f ~= "parent_id" then
          cfields[#cfields + 1] = f
          ccols[#ccols + 1] = { name = f, sqltype = SQLTYPE[of[f].type] or "" }
        end
      end
      plan.tables[#plan.tables + 1] = { name = lname, columns = ccols, parent = group.index, index_on = "parent_id" }
      group.lists[#group.lists + 1] = { name = lname, of = of, fields = cfields, index = #plan.tables, next_id = 0 }
    end
    gen.shape(group, as_of, r)
    plan.groups[#plan.groups + 1] = group
  end
  return plan
end

-- Seeds and pools of one table (the measures that share it).
function gen.shape(group, as_of, r)
  local T = group.T
  local seeds, pools, cpools = {}, {}, {}
  for name in pairs(T.fields) do pools[name] = new_pool() end
  for _, l in ipairs(group.lists) do
    cpools[l.name] = {}
    for f in pairs(l.of) do cpools[l.name][f] = new_pool() end
  end

  -- seeds: the measures' cases in force on as_of, without --set or --interpret
  for _, M in ipairs(T.measures) do
    for _, c in ipairs(M.cases) do
      local case_as_of = measure.to_date(c.as_of, "as_of")
      if c.expect.status and c.expect.status ~= "not_in_force" and not c.set and not c.interpret then
        local ok, rec = pcall(M.coerce, M, c.input)
        if ok then
          rec = shift_years(plain(rec, M.inputs), M.inputs, as_of.year - case_as_of.year)
          if not dates_after(rec, M.inputs, as_of) then seeds[#seeds + 1] = rec end
        end
      end
    end
  end
  if #seeds == 0 then seeds[1] = {} end
  group.seeds = seeds

  -- pools: the seeds' values
  for _, s in ipairs(seeds) do
    for name, decl in pairs(T.fields) do
      if decl.type == "list" then
        for _, kid in ipairs(s[name] or {}) do
          for f in pairs(decl.of) do pool_add(cpools[name][f], kid[f]) end
        end
      else
        pool_add(pools[name], s[name])
      end
    end
  end
  -- parameters in force on as_of, their neighbours, and year/month counts as dates
  local function add_params(fields, P)
    for name, decl in pairs(fields) do
      if decl.type ~= "list" then
        for _, M in ipairs(T.measures) do
          for _, pname in ipairs(M.param_order) do
            local e = measure.param_at(M.params[pname], as_of, M.id)
            local v = e and e.value
            if name == "industry_code" then v = nil end -- lists of prefixes, not codes a record holds
            local tv = nil
            if v ~= nil then tv = of_type(decl.type, v) end
            if tv ~= nil then
              pool_add(P[name], tv)
              for _, nb in ipairs(neighbours(decl.type, tv)) do pool_add(P[name], nb) end
            end
            if decl.type == "date" and math.type(v) == "integer" and v >= 1 and v <= 100 then
              for _, d in ipairs { as_of:add_years(-v), as_of:add_months(-v) } do
                pool_add(P[name], d)
                pool_add(P[name], d - 1)
                pool_add(P[name], d + 1)
              end
            end
          end
        end
        if decl.type == "enum" then for _, v in ipairs(decl.values) do pool_add(P[name], v) end end
        if decl.type == "boolean" then pool_add(P[name], true); pool_add(P[name], false) end
        if decl.type == "district" then
          for _, d in ipairs(districts.list()) do pool_add(P[name], d.name) end
        end
        if name == "industry_code" and decl.type == "text" then
          for _, d in ipairs(industry.divisions()) do
            local info = industry.lookup(d.code)
            if info then pool_add(P[name], info.section .. d.code) end
          end
        end
      end
    end
  end
  add_params(T.fields, pools)
  for _, l in ipairs(group.lists) do add_params(l.of, cpools[l.name]) end

  -- the exact boundaries: from each seed, a pool value that changes the status is bisected
  local evs = {}
  for i, M in ipairs(T.measures) do evs[i] = evaluator(M, as_of) end
  local function status_of(rec)
    local parts = {}
    for i, ev in ipairs(evs) do parts[i] = ev(rec) end
    return table.concat(parts, ",")
  end
  local found = 0
  for si = 1, math.min(#seeds, 12) do
    local s = seeds[si]
    for _, name in ipairs(sorted_keys(T.fields)) do
      local t = T.fields[name].type
      if (t == "integer" or t == "money" or t == "date") and s[name] ~= nil then
        local base = s[name]
        local function status_at(v)
          s[name] = v
          local st = status_of(s)
          s[name] = base
          return st
        end
        local cands = {}
        for k = 1, math.min(#pools[name], 16) do cands[k] = pools[name][k] end
        for _, c in ipairs(cands) do
          local okb, lo, hi = pcall(bisect, t, status_at, base, c)
          if okb and lo ~= nil then
            for _, v in ipairs { lo, hi } do
              if t ~= "date" or v <= as_of then pool_add(pools[name], v) end
            end
            found = found + 1
          end
        end
      end
    end
  end
  group.boundaries = found
  group.status_of = status_of

  -- no date after as_of; a date before 1900 is not a date a record holds
  local floor = date(1900, 1, 1)
  local function clean(fields, P)
    for name, decl in pairs(fields) do
      if decl.type == "integer" and (name == "year" or name:match("_year$") or name:match("^year_")) then
        local keep = new_pool() -- a year a record can hold: from 1900 to as_of's
        for _, v in ipairs(P[name]) do if v >= 1900 and v <= as_of.year then pool_add(keep, v) end end
        P[name] = keep
      elseif decl.type == "date" then
        local keep = new_pool()
        for _, v in ipairs(P[name]) do if v <= as_of and v >= floor then pool_add(keep, v) end end
        P[name] = keep
      end
    end
  end
  clean(T.fields, pools)
  for _, l in ipairs(group.lists) do clean(l.of, cpools[l.name]) end
  group.pools, group.cpools = pools, cpools
end

-- ---- rows ----

local USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
local NAME_WORDS = { "华", "京", "中", "金", "宏", "鑫", "瑞", "博", "创", "新", "泰", "恒", "达", "盛", "安", "祥" }

-- A valid 统一社会信用代码 for record id: 91 (enterprise, 工商), the district's code, a
-- unique subject code with its GB 11714 check character, the GB 32100 check character.
local function make_uscc(id, district_code)
  local v = (id * 387420489 + 12345) % 887503681 -- a bijection of 0..31^6-1
  local body = {}
  for i = 6, 1, -1 do
    local k = v % 31
    body[i] = USCC_CHARS:sub(k + 1, k + 1)
    v = v // 31
  end
  local org = "MA" .. table.concat(body)
  local weights, sum = { 3, 7, 9, 10, 5, 8, 4, 2 }, 0
  for i = 1, 8 do
    local c = org:sub(i, i)
    local val = c:match("%d") and tonumber(c) or (c:byte() - 55)
    sum = sum + val * weights[i]
  end
  local oc = 11 - sum % 11
  local first17 = "91" .. district_code .. org .. (oc == 10 and "X" or oc == 11 and "0" or tostring(oc))
  return first17 .. uscc.check_char(first17)
end

local function copy(t)
  local o = {}
  for k, v in pairs(t) do o[k] = v end
  return o
end

function gen.rows(plan, emit)
  local r = plan.r
  for _, g in ipairs(plan.groups) do
    local T, seeds, pools = g.T, g.seeds, g.pools
    local names = sorted_keys(T.fields)
    local scalar_names, nullable = {}, {}
    for _, name in ipairs(names) do
      if T.fields[name].type ~= "list" then
        scalar_names[#scalar_names + 1] = name
        if not T.fields[name].optional then nullable[#nullable + 1] = name end
      end
    end
    local dist_field
    for _, name in ipairs(scalar_names) do if T.fields[name].type == "district" then dist_field = name; break end end
    local cols = plan.tables[g.index].columns
    -- (field, pool value) pairs, visited in turn so that every value meets the seeds
    local mutations = {}
    for _, name in ipairs(scalar_names) do
      for _, v in ipairs(pools[name]) do mutations[#mutations + 1] = { name, v } end
    end
    local mi, ni, li = 0, 0, 0
    -- One candidate record for id: the seed, changed one way or another (see the top).
    local function candidate(s)
      local rec = copy(s)
      local mode = r(20)
      if mode < 4 then -- the seed as it is
      elseif mode < 14 and #mutations > 0 then -- one input set to a pool value
        mi = mi % #mutations + 1
        rec[mutations[mi][1]] = mutations[mi][2]
      elseif mode < 17 and #nullable > 0 then -- one input missing
        ni = ni % #nullable + 1
        rec[nullable[ni]] = nil
      elseif mode < 19 and #g.lists > 0 then -- one field of one child changed (or missing)
        li = li + 1
        local l = g.lists[(li - 1) % #g.lists + 1]
        local kids = rec[l.name]
        if kids and #kids > 0 then
          kids = copy(kids)
          local k = r(#kids) + 1
          local kid = copy(kids[k])
          local f = l.fields[r(#l.fields) + 1]
          local p = g.cpools[l.name][f]
          if #p > 0 and r(4) > 0 then kid[f] = p[r(#p) + 1] elseif not l.of[f].optional then kid[f] = nil end
          kids[k] = kid
          rec[l.name] = kids
        end
      else -- every input from the pools
        for _, name in ipairs(scalar_names) do
          local p = pools[name]
          if #p > 0 and r(20) > 0 then rec[name] = p[r(#p) + 1] else rec[name] = nil end
        end
      end
      return rec
    end
    for id = 1, plan.n do
      local s = seeds[(id - 1) % #seeds + 1]
      -- A record the measures refuse as inconsistent (a birth date after the hiring date, a
      -- public area larger than the building) is not one a registry holds: another is drawn.
      local rec
      for _ = 1, 12 do
        rec = candidate(s)
        if not g.status_of(rec):find("error", 1, true) then break end
        rec = nil
      end
      rec = rec or s
      local row = { id }
      local dcode = "110105"
      if dist_field and rec[dist_field] then
        local d = districts.lookup(rec[dist_field])
        if d then dcode = d.code end
      end
      row[2] = make_uscc(id, dcode)
      row[3] = ("北京%s%s%s有限公司"):format(NAME_WORDS[r(#NAME_WORDS) + 1], NAME_WORDS[r(#NAME_WORDS) + 1],
        T.name == "enterprises" and "科技" or "")
      for c = 4, #cols do
        local name = cols[c].name
        row[c] = sql_value(T.fields[name].type, rec[name])
      end
      emit(g.index, row)
      for _, l in ipairs(g.lists) do
        local ccols = plan.tables[l.index].columns
        for _, kid in ipairs(rec[l.name] or {}) do
          l.next_id = l.next_id + 1
          local crow = { l.next_id, id }
          for c = 3, #ccols do
            local f = ccols[c].name
            crow[c] = sql_value(l.of[f].type, kid[f])
          end
          emit(l.index, crow)
        end
      end
    end
  end
end

-- A line for people: what was generated from what.
function gen.summary(plan)
  local parts = {}
  for _, g in ipairs(plan.groups) do
    local ids = {}
    for i, M in ipairs(g.T.measures) do ids[i] = M.id end
    local npool = 0
    for _, p in pairs(g.pools) do npool = npool + #p end
    parts[#parts + 1] = ("%s (%s): %d seeds from the test cases, %d pool values, %d boundaries found")
      :format(g.T.name, table.concat(ids, ", "), #g.seeds, npool, g.boundaries or 0)
  end
  return table.concat(parts, "; ")
end

return gen
