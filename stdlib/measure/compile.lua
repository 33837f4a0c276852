-- stdlib/measure/compile.lua: a measure compiled to one Lua function per prepared evaluation,
-- for batch runs and what-if sessions (docs/batch.md "Compiled measures").
--
--   compile.measure(M, plan) -> compiled | nil, reason
--     plan: M:resolve(opts) (the as-of date, parameters and readings of one evaluation)
--     compiled.fn(v1, ..., vn) -> status, failed, amount, out1, ..., outk
--       v1..vn   the inputs named compiled.inputs (sorted), as plain values of the kinds in
--                compiled.kinds (one letter each, core/arg.h): text and enumerations as
--                strings, integers, booleans, money in 分, dates as day numbers, nil if missing;
--                'L', a list of child records: an array of tables of the fields
--                compiled.lists[i].names converted by compiled.lists[i].kinds (lfastops.c)
--       status   1 eligible, 2 ineligible, 3 undetermined, 4 not in force; 0: this record must
--                be evaluated by the reference evaluator (an error to report with its message,
--                a value the compiled code does not handle)
--       failed   ineligible: the failed rules as bits (rule i is bit i - 1)
--       amount   eligible: the amount in 分 (nil when the measure has none)
--       out1..k  eligible: the outputs named compiled.outputs, money in 分, dates as day numbers
--     compiled.present  the same function for records whose required inputs (compiled.required:
--                       "1" or "0" per input) are all there: it has no missing-input test
--     compiled.source   the generated Lua text (`gazette run --explain-compile` shows it)
--     compiled.bounded  true when the function has no loop: every call runs a bounded number of
--                       instructions, so callers may run it without the instruction budget's
--                       hook (a count hook makes Lua 5.4 trace every instruction)
--
-- The reference evaluator (M:prepare) stays the semantics: the compiled function gives the same
-- status, amount, outputs and failed rules for every record it does not hand back (status 0),
-- which tests/cli/compile_diff.t checks over every case of every policy and generated
-- populations. What it leaves out is what only an explanation needs: the detail texts of the
-- rules, notes, the readings consulted, the missing inputs' names. A measure (or evaluation)
-- the compiler cannot follow is not compiled; the reason says which line stopped it.
local scope = require "measure.compile_scope"
local Gen = require "measure.compile_gen"
local lib = require "measure.compile_lib"
require "measure.compile_plain" -- values held as the reference holds them (texts, tables built per record)
local fastops = require "fastops"
local dates = require "dates"

local T, const, val, single, show = Gen.T, Gen.const, Gen.val, Gen.single, Gen.show

local compile = {}
local derivation

-- The kind letter (core/arg.h) and the compiled tag of each input type.
local KIND = { text = "t", enum = "t", district = "t", integer = "i", boolean = "b", money = "m", date = "d",
  ratio = "r", decimal = "x" }
local TAG = { text = "str", enum = "str", district = "str", integer = "int", boolean = "bool", money = "money",
  date = "date", ratio = "ratio", decimal = "ratio" }

-- A district as coerce.lua reads it (districts.normalize: 朝阳, 北京市朝阳区 -> 朝阳区), each
-- spelling looked up once (kept for up to 10,000 of them); false: not a district (an error).
local districts = require "districts"
local district_names, ndistricts = {}, 0
local function district_name(s)
  local d = districts.normalize(s) or false
  if ndistricts < 10000 then
    district_names[s] = d
    ndistricts = ndistricts + 1
  end
  return d
end
local OUT_TAG = { money = "money", integer = "int", text = "str", date = "date", boolean = "bool" }
compile.OUT_TAG = OUT_TAG

local EPOCH = dates.date(1970, 1, 1)

-- The environment the generator reads the measure through.
local function environment(M, plan, args)
  local env = { measure = M, lib = lib, fastops = fastops, interps = plan.chosen, as_of = plan.as_of - EPOCH,
    memos = {}, plan = plan }
  local outputs = {} -- name -> binding of the output's local

  function env.read_input(G, key, e)
    local d = M.inputs[key]
    if not d then G:fail(("reads '%s', which is not a declared input"):format(tostring(key)), e) end
    local a = args[key]
    if not a then G:fail(("the input '%s' (%s) is not compiled"):format(key, tostring(d.type)), e) end
    if d.type == "list" then
      -- a list of child records: an array of typed child tables (lfastops.c)
      if not d.optional and not env.present then G:guard(a, "goto " .. G.cur_und, true) end
      return { special = "list", code = a, of = d.of, optional = d.optional, name = key }
    end
    local ratio = d.type == "ratio" or d.type == "decimal"
    if d.optional then
      local v = val(a, T(TAG[d.type], "nil"))
      v.district = d.type == "district"
      if ratio then v.den = Gen.lit(Gen.SCALE) end
      return v
    end
    -- a missing input stops the rule (or the amount) here: undetermined (in the function for
    -- records with every required input, it is never missing; a derived input may still be)
    if not env.present or d.derive ~= nil then G:guard(a, "goto " .. G.cur_und, d.type ~= "boolean") end
    if ratio then return Gen.ratio_val(a, Gen.lit(Gen.SCALE)) end -- the scaled integer (core/arg.h)
    local v = val(a, T(TAG[d.type]))
    v.district = d.type == "district" -- already the district's name (districts.normalize)
    return v
  end

  -- c.FIELD of a child record (the loop variable of ipairs over a list): as an input of the
  -- record, a missing required field stops the rule (or the amount)
  function env.read_child(G, c, key, e)
    local d = c.of[key]
    if not d then G:fail(("reads '%s', which is not a declared field of %s records"):format(tostring(key), c.list), e) end
    local t = G:tmp()
    G:emit(("local %s = %s[%q]"):format(t, c.code, key))
    local ratio = TAG[d.type] == "ratio"
    if d.optional then
      local v = val(t, T(TAG[d.type], "nil"))
      if ratio then v.den = Gen.lit(Gen.SCALE) end
      return v
    end
    G:guard(t, "goto " .. G.cur_und)
    if ratio then return Gen.ratio_val(t, Gen.lit(Gen.SCALE)) end
    return val(t, T(TAG[d.type]))
  end

  -- ctx:each(NAME): the selection's state, computed before the rules (emit_each)
  function env.selection(G, name, e)
    local S = env.selections and env.selections[name]
    if not S then G:fail(("ctx:each of an unknown selection '%s'"):format(tostring(name)), e) end
    return S
  end

  function env.param(G, name, e)
    if not M.params[name] then G:fail(("unknown parameter '%s'"):format(name), e) end
    if plan.perr[name] then
      -- no value on the evaluation date: reading it raises the reference's error (the record is
      -- handed back); what follows is never run, typed as the parameter's values are
      G:bail()
      -- (any of its values will do: the code is never run; a constant keeps it compilable)
      return lib.from_lua(G, M.params[name].values[1].value) or lib.dead_value(G, M.params[name].kind, e)
    end
    local v = plan.pvals[name]
    local c = lib.from_lua(G, v)
    if not c then G:fail(("parameter '%s' holds a %s"):format(name, type(v)), e) end
    return c
  end

  function env.read_output(G, name, e)
    local b = outputs[name]
    if not M.outputs[name] then G:fail(("reads output '%s', which is not declared"):format(name), e) end
    if not b then return const(nil) end
    return b
  end

  function env.write_output(G, name, v, s)
    if not M.outputs[name] then G:fail(("sets output '%s', which is not declared"):format(name), s) end
    local b = outputs[name]
    if not b then G:fail("an output set outside M:compute", s) end
    -- an integer output from a value that may be math.huge's float: the reference refuses it;
    -- a money output from a value that may also be a string (a reason) likewise
    if M.outputs[name].type == "integer" and v.ty.inf then v = G:int_of(v) end
    local want = OUT_TAG[M.outputs[name].type]
    if want and v.ty.plain then
      -- a plain value: a text (integer, boolean) output only of that kind; anything else the
      -- reference's writer decides (handed back)
      if want ~= "str" and want ~= "int" and want ~= "bool" then G:fail(("output '%s' (%s) from a plain value"):format(name, want), s) end
      v = G:narrow_plain(v, want)
    elseif want and not single(v.ty) then v = G:narrow(v, want) or v end
    G:emit(("%s = %s"):format(b.code, v.code))
    b.ty = Gen.union(b.ty, v.ty)
  end

  env.outputs = outputs
  env.args = args
  return env
end

-- ---- derived inputs (stdlib/fields.lua) ----
-- Each derivation is compiled to code over the raw source arguments that gives what
-- fields.deriver gives: when the sources decide the value, a record that lacks the input gets it,
-- and one that gives another value is an error (handed back); when a source is missing, or
-- the fields do not decide it, the record's own value stays.
local fields = require "fields"
local coerce = require "measure.coerce"
local SOURCE_KIND = { district = "t", text = "t", integer = "i", money = "m", boolean = "b", date = "d" }

-- raw text of a district -> whether it is registered in the 经开区 (fields.DERIVE.in_yizhuang on
-- the converted district), or "error" where the reference raises; kept for 10,000 spellings
local yz_cache, yz_n = {}, 0
local function in_yizhuang_of(raw)
  local ok, v = pcall(function()
    local d = coerce.conv.district(raw, "reg_district")
    return fields.DERIVE.in_yizhuang({ reg_district = d })
  end)
  -- not `ok and v or "error"`: v is false for every district outside the 经开区
  local r = "error"
  if ok and type(v) == "boolean" then r = v end
  if yz_n < 10000 then yz_cache[raw] = r; yz_n = yz_n + 1 end
  return r
end

local SIZE = { [1] = "大型", [2] = "中型", [3] = "小型", [4] = "微型" } -- fields.lua BY_CLASS of classes 1..4

derivation = function(M, name, d)
  local spec = d.derive
  if type(spec) ~= "string" then return nil, ("the input '%s' is derived by a function"):format(name) end
  local f = M.entity and fields.field(M.entity, spec)
  if not f then return nil, ("the input '%s' derives from an unknown field"):format(name) end
  local want = KIND[d.type]
  if not want or d.type == "list" then return nil, ("the derived input '%s' is %s"):format(name, d.type) end
  local function src(n)
    local sf = fields.field(M.entity, n)
    local kind = sf and SOURCE_KIND[sf.type]
    if not kind then return nil end
    return { name = n, kind = kind, type = sf.type, for_input = name }
  end
  -- the record's value against the derived one: equal, else the record's error
  local function settle(G, args, v)
    local a = args[name]
    G:emit(("if %s ~= nil then if %s ~= %s then return 0 end else %s = %s end"):format(a, a, v, a, v))
  end
  if not f.derived_from then
    -- the field under another name (stat_code is industry_code): its value, converted
    local s1 = src(f.name)
    if not s1 or s1.kind ~= want or (d.type ~= "text" and d.type ~= f.type) then
      return nil, ("the input '%s' (%s) derives from %s (%s)"):format(name, d.type, f.name, f.type)
    end
    if d.type == "district" or f.type == "district" then return nil, ("the derived input '%s' is a district"):format(name) end
    return { name = name, sources = { s1 }, emit = function(G, args)
      local x = args[f.name]
      G:open(("if %s ~= nil then"):format(x))
      settle(G, args, x)
      G:close()
    end }
  end
  if f.name == "in_yizhuang" and fields.DERIVE.in_yizhuang and d.type == "boolean" then
    local s1 = src("reg_district")
    if not s1 or s1.kind ~= "t" then return nil, "in_yizhuang's source is not a district" end
    return { name = name, sources = { s1 }, emit = function(G, args)
      local x = args.reg_district
      G:open(("if %s ~= nil then"):format(x))
      G:emit(("local yz = %s[%s]"):format(G:upval(yz_cache, "yz"), x))
      G:emit(("if yz == nil then yz = %s(%s) end"):format(G:upval(in_yizhuang_of, "in_yizhuang"), x))
      G:emit("if yz == \"error\" then return 0 end")
      settle(G, args, "yz")
      G:close()
    end }
  end
  if f.name == "size_class" and fields.DERIVE.size_class and d.type == "enum" then
    local ss = {}
    for _, n in ipairs { "industry_code", "employees", "revenue", "total_assets" } do
      ss[#ss + 1] = src(n)
      if not ss[#ss] then return nil, ("size_class's source %s is not a plain field"):format(n) end
    end
    if ss[1].kind ~= "t" or ss[2].kind ~= "i" or ss[3].kind ~= "m" or ss[4].kind ~= "m" then
      return nil, "size_class's sources are not text, integer and money"
    end
    local allowed = {}
    for _, v in ipairs(d.values) do allowed[v] = true end
    return { name = name, sources = ss, emit = function(G, args)
      local code = args.industry_code
      G:open(("if %s ~= nil then"):format(code))
      local k = lib.industry_of(G, code)
      G:open(("if %s then"):format(k))
      G:emit(("local n = %s(%s, %s, %s, %s)"):format(G:upval(lib.classify_c, "sme"), k, args.employees, args.revenue,
        args.total_assets))
      -- nil: a negative indicator raises; 0: one the industry uses is missing (not decided)
      G:emit("if n == nil then return 0 end")
      G:open("if n ~= 0 then")
      G:emit(("local sz = %s[n]"):format(G:upval(SIZE, "SIZE")))
      G:emit(("if not %s[sz] then return 0 end"):format(G:upval(allowed, "enum")))
      settle(G, args, "sz")
      G:close()
      G:close()
      G:close()
    end }
  end
  return nil, ("the input '%s' is derived (%s) in a way the compiler does not model"):format(name, f.name)
end

-- Compiles fn's body with its parameters bound to the given special values.
local function body(G, fnnode, fc, specials)
  local decls = fnnode.param_decls
  for i, d in ipairs(decls) do G.bind[d] = specials[i] or const(nil) end
  G:block(fnnode.body, fc)
  for _, d in ipairs(decls) do G.bind[d] = nil end
end

local function fn_of(node) return node.tag == "Function" and node or node.decl.fn end

local RECORD, CTX, OUT = { special = "record" }, { special = "ctx" }, { special = "out" }

-- The selections of M:each (measure/each.lua), once per record before the rules: for each child,
-- every rule in order; the child counts when none failed nor was undetermined, does not count
-- when one failed, and is undetermined otherwise. Kept per selection: the counts (E1k counted,
-- E1u undetermined), whether the list is missing (E1m), and the counted children (E1c) when
-- some code asks for them (s:list()).
local function emit_each(G, M, info, env)
  env.selections = {}
  for si, S in ipairs(info.eachs or {}) do
    local d = M.inputs[S.list]
    local k, u, m, cl = "E" .. si .. "k", "E" .. si .. "u", "E" .. si .. "m", "E" .. si .. "c"
    local sel = { special = "selection", name = S.name, known = k, und = u, missing = m, counted = cl, of = d.of,
      list = S.list, si = si }
    env.selections[S.name] = sel
    local a = env.args[S.list]
    G:emit(("-- each %s of %s"):format(S.name, S.list))
    -- the counted children are kept only when s:list() is asked for (scope marks it)
    G:emit(("local %s, %s, %s = 0, 0, false"):format(k, u, m))
    if info.each_lists and info.each_lists[S.name] then G:emit(("local %s = {}"):format(cl)) end
    G:open(("if %s == nil then"):format(a))
    -- a missing list (an optional one is simply empty)
    if not d.optional then G:emit(("%s = true"):format(m)) end
    G:reopen("else")
    local i, c = G:tmp("i"), G:tmp("c")
    G:emit(("for %s = 1, #%s do"):format(i, a))
    G.depth = G.depth + 1
    G:emit(("local %s = %s[%s]"):format(c, a, i))
    G:emit("local cf, cu = false, false")
    local child = { special = "child", code = c, of = d.of, list = S.list }
    for j, rule in ipairs(S.rules) do
      local U, W, N = ("EU%d_%d"):format(si, j), ("EW%d_%d"):format(si, j), ("EN%d_%d"):format(si, j)
      G.cur_und = U
      G:emit(("-- %s rule %d: %s"):format(S.name, j, rule.name))
      if rule.when then
        G:emit("o = nil")
        G:open("do")
        body(G, fn_of(rule.when), { kind = "when", done = W }, { child, RECORD, CTX })
        G:close()
        G:emit(("::%s::"):format(W))
        G:emit(("if not o then goto %s end"):format(N))
      end
      G:open("do")
      body(G, fn_of(rule.check), { kind = "each_check", done = N }, { child, RECORD, CTX })
      G:emit("do return 0 end")
      G:close()
      G:emit(("::%s:: cu = true"):format(U))
      G:emit(("::%s::"):format(N))
    end
    G:emit(("if cf then elseif cu then %s = %s + 1 else %s = %s + 1%s end"):format(u, u, k, k,
      (info.each_lists and info.each_lists[S.name]) and ("; %s[%s] = %s"):format(cl, k, c) or ""))
    G.depth = G.depth - 1
    G:emit("end")
    G:close()
  end
end

local function emit_rules(G, M, info)
  for i, r in ipairs(info.rules) do
    local U, W, N = "U" .. i, "W" .. i, "N" .. i
    G.cur_und = U
    G:emit(("-- rule %d: %s"):format(i, r.name))
    if r.when then
      G:emit("o = nil")
      G:open("do")
      body(G, fn_of(r.when), { kind = "when", done = W }, { RECORD, CTX })
      G:close()
      G:emit(("::%s::"):format(W))
      G:emit(("if not o then goto %s end"):format(N))
    end
    G:open("do")
    body(G, fn_of(r.check), { kind = "check", done = N, bit = 1 << (i - 1) }, { RECORD, CTX })
    -- a check that ends without returning returned nil: an error of the record
    G:emit("do return 0 end")
    G:close()
    G:emit(("::%s:: und = true"):format(U))
    G:emit(("::%s::"):format(N))
  end
end

-- valid.on: the date from the record decides whether the measure is in force (a missing input:
-- undetermined; not a date: the reference's error).
local function emit_valid_on(G, M, info)
  G.cur_und = "UV"
  G:emit("local failed, und, o = 0, false, nil")
  G:open("do")
  body(G, fn_of(info.valid_on), { kind = "when", done = "WV" }, { RECORD, CTX })
  G:close()
  G:emit("goto WV")
  G:emit("::UV:: do return 3 end")
  G:emit("::WV::")
  -- the value must be a date the compiled code holds as a day number
  local vty = G.valid_on_type or {}
  for tag in pairs(vty) do
    if tag ~= "date" then G:fail(("valid.on may give %s, not only a date"):format(Gen.show(vty))) end
  end
  G:emit("if type(o) ~= \"number\" then return 0 end")
  local vf, vt = M.valid.from, M.valid.to
  if vf then G:emit(("if o < %s then return 4 end"):format(Gen.lit(vf - EPOCH))) end
  if vt then G:emit(("if o > %s then return 4 end"):format(Gen.lit(vt - EPOCH))) end
end

local function emit_compute(G, M, info, env)
  local outs = {}
  for i, name in ipairs(M.output_names) do
    local t = "O" .. i
    env.outputs[name] = { code = t, ty = T("nil") }
    outs[i] = t
  end
  if #outs > 0 then G:emit(("local %s"):format(table.concat(outs, ", "))) end
  if info.compute then
    G.cur_und = "UC"
    G:open("do")
    body(G, fn_of(info.compute), { kind = "compute", done = "DC" }, { RECORD, CTX, OUT })
    G:close()
    G:emit("::DC::")
  elseif M.amount then
    -- the reference reports that no M:compute sets the amount
    G:emit("do return 0 end")
  end
  -- each output's kind is its declared type (the reference checks it and raises otherwise)
  for _, name in ipairs(M.output_names) do
    local b = env.outputs[name]
    local want = OUT_TAG[M.outputs[name].type]
    if not want then G:fail(("output '%s' is %s, which the compiled code does not write"):format(name, M.outputs[name].type)) end
    for tag in pairs(b.ty) do
      if tag ~= "nil" and tag ~= want then
        G:fail(("output '%s' is declared %s but may be set to %s"):format(name, M.outputs[name].type, show(b.ty)))
      end
    end
  end
  local amount = "nil"
  if M.amount then
    local b = env.outputs[M.amount]
    amount = b.code
    if b.ty["nil"] then
      G:emit((Gen.never_false(b.ty) and "if not %s then return 0 end" or "if %s == nil then return 0 end"):format(amount))
    end
  end
  G:emit(("do return 1, 0, %s%s end"):format(amount, #outs > 0 and (", " .. table.concat(outs, ", ")) or ""))
  if info.compute then
    G:emit("::UC::")
    G:emit("do return 3 end")
  end
end

-- The source and the upvalues of the compiled function.
-- The body of one function: `present` compiles it for records whose required inputs are all
-- there (no missing-input guard at all); the general one guards every read.
local function shared_derivations(info) return info.derivations or {} end

local function body_of(M, info, plan, names, args, present, shared)
  local env = environment(M, plan, args)
  env.present = present
  local G = Gen.new(env)
  if shared then G.upvals, G.upval_index = shared.upvals, shared.upval_index end
  G.depth = 1
  -- derived inputs first (stdlib/fields.lua: the record is derived before it is converted)
  for _, dv in ipairs(shared_derivations(info)) do dv.emit(G, args) end
  -- an input that does not convert is an error of the record, whatever the rules read
  for i, name in ipairs(names) do
    local d = M.inputs[name]
    if d.type == "list" then
      -- a child's enumeration field that is not one of its values is an input error
      local fs = {}
      for f, fd in pairs(d.of or {}) do if fd.type == "enum" then fs[#fs + 1] = f end end
      table.sort(fs)
      if #fs > 0 then
        G:emit(("if I%d ~= nil then for i = 1, #I%d do local c = I%d[i]"):format(i, i, i))
        for _, f in ipairs(fs) do
          local allowed = {}
          for _, v in ipairs(d.of[f].values) do allowed[tostring(v)] = true end
          G:emit(("  if c[%q] ~= nil and not %s[c[%q]] then return 0 end"):format(f, G:upval(allowed, "enum"), f))
        end
        G:emit("end end")
      end
    elseif d.type == "enum" then
      local allowed = {}
      for _, v in ipairs(d.values) do allowed[tostring(v)] = true end
      -- I%d is a text or nil, never false (core/arg.c): a truth test, where `~= nil` is a call
      G:emit(("if I%d and not %s[I%d] then return 0 end"):format(i, G:upval(allowed, "enum"), i))
    elseif d.type == "district" then
      local names, norm = G:upval(district_names, "districts"), G:upval(district_name, "district")
      G:emit(("if I%d then"):format(i))
      -- false in the cache (not a district) asks again: such a record is handed back anyway
      G:emit(("  local d = %s[I%d] or %s(I%d)"):format(names, i, norm, i))
      G:emit("  if not d then return 0 end")
      G:emit(("  I%d = d"):format(i))
      G:emit("end")
    end
  end
  local vf, vt = M.valid.from, M.valid.to
  if info.valid_on then
    emit_valid_on(G, M, info)
  end
  if not info.valid_on and ((vf and plan.as_of < vf) or (vt and plan.as_of > vt)) then
    G:emit("do return 4 end")
  else
    if not info.valid_on then G:emit("local failed, und, o = 0, false, nil") end
    emit_each(G, M, info, env)
    emit_rules(G, M, info)
    G:emit("if failed ~= 0 then return 2, failed end")
    G:emit("if und then return 3 end")
    emit_compute(G, M, info, env)
  end
  return G
end

-- The source and the upvalues of the compiled functions.
local function generate(M, info, plan)
  if #M.rules > 63 then return nil, "more than 63 rules" end
  local names, kinds, args, required = {}, {}, {}, {}
  local derivations, sources = {}, {}
  for _, name in ipairs(M.input_names) do
    local d = M.inputs[name]
    if d.derive ~= nil then
      -- computed from other fields when the record lacks it (stdlib/fields.lua)
      local dv, why = derivation(M, name, d)
      if not dv then return nil, why end
      derivations[#derivations + 1] = dv
      for _, src in ipairs(dv.sources) do sources[src.name] = sources[src.name] or src end
    end
  end
  info.derivations = derivations
  for name, d in pairs(M.inputs) do
    if d.type == "list" then
      -- child records: each field a kind the compiled code takes (no list in a list)
      for f, fd in pairs(d.of or {}) do
        if not KIND[fd.type] or fd.type == "district" or fd.derive ~= nil then
          return nil, ("the field '%s' of list '%s' is %s"):format(f, name, tostring(fd.type))
        end
      end
    elseif not KIND[d.type] then
      return nil, ("the input '%s' is %s"):format(name, tostring(d.type))
    end
    if name == "id" then return nil, "an input named 'id' (the runner's record key)" end
    names[#names + 1] = name
  end
  table.sort(names)
  local params, lists = {}, {}
  for i, name in ipairs(names) do
    local d = M.inputs[name]
    args[name] = "I" .. i
    kinds[i] = d.type == "list" and "L" or KIND[d.type]
    -- a derived input may be missing and filled in from its sources: the general function
    required[i] = (d.optional or d.derive ~= nil) and "0" or "1"
    params[i] = "I" .. i
    if d.type == "list" then
      local fnames, fkinds = {}, {}
      for f in pairs(d.of) do fnames[#fnames + 1] = f end
      table.sort(fnames)
      for j, f in ipairs(fnames) do fkinds[j] = KIND[d.of[f].type] end
      lists[i] = { names = fnames, kinds = table.concat(fkinds) }
    end
  end
  -- the canonical fields derived inputs are computed from, as further arguments (raw, never
  -- required); a source that is also an input is read from the input's argument
  local srcnames = {}
  for src, spec in pairs(sources) do
    if M.inputs[src] then
      if KIND[M.inputs[src].type] ~= spec.kind then
        return nil, ("the input '%s' is %s, and the derivation of %s reads it as %s"):format(src, M.inputs[src].type,
          spec.for_input, spec.type)
      end
    else
      srcnames[#srcnames + 1] = src
    end
  end
  table.sort(srcnames)
  local all = {}
  for i, n in ipairs(names) do all[i] = n end
  for _, src in ipairs(srcnames) do
    local i = #all + 1
    all[i] = src
    args[src] = "I" .. i
    kinds[i] = sources[src].kind
    required[i] = "0"
    params[i] = "I" .. i
  end
  local G = body_of(M, info, plan, names, args, false)
  local P = body_of(M, info, plan, names, args, true, G)
  local up = { "type" }
  local values = { type }
  for i, u in ipairs(G.upvals) do up[i + 1] = u.name; values[i + 1] = u.value end
  local plist = table.concat(params, ", ")
  local src = ("local %s = ...\nlocal function general(%s)\n%s\nend\nlocal function present(%s)\n%s\nend\n" ..
    "return general, present\n"):format(table.concat(up, ", "), plist, G:text(), plist, P:text())
  return { source = src, upvalues = values, inputs = all, kinds = table.concat(kinds), lists = lists,
    required = table.concat(required), bounded = not G.loops and not P.loops }
end

function compile.measure(M, plan, copts)
  local info, why = scope.scan(M)
  if not info then return nil, why end
  local ok, g, gwhy = pcall(generate, M, info, plan)
  -- a table first taken for constants is changed at run time: again, with it built per record
  for _ = 1, 50 do
    if ok or type(g) ~= "table" or not (g.compile_retry or g.compile_retry_alts) then break end
    if g.compile_retry then g.compile_retry.runtime_table = true else g.compile_retry_alts.alts_plain = true end
    ok, g, gwhy = pcall(generate, M, info, plan)
  end
  if not ok then
    if type(g) == "table" and (g.compile_retry or g.compile_retry_alts) then return nil, "too many passes" end
    if type(g) == "table" and g.compile_fail then return nil, g.compile_fail end
    return nil, "the compiler failed: " .. tostring(g)
  end
  if not g then return nil, gwhy end
  -- tests may change the generated text (tests/cli/data/compile/diff.lua --break)
  if copts and copts.mutate then g.source = copts.mutate(g.source) end
  local chunk, err = load(g.source, "=compiled " .. M.id, "t", {})
  if not chunk then return nil, "the generated code does not load: " .. tostring(err) end
  local fn, present = chunk(table.unpack(g.upvalues, 1, #g.upvalues))
  local rules = {}
  for i, r in ipairs(M.rules) do rules[i] = { name = r.name, clause = r.clause, text = r.text } end
  local outputs = {}
  for i, name in ipairs(M.output_names) do outputs[i] = { name = name, type = M.outputs[name].type } end
  return { fn = fn, present = present, required = g.required, upvalues = g.upvalues, source = g.source,
    inputs = g.inputs, kinds = g.kinds, lists = g.lists, outputs = outputs, rules = rules, amount = M.amount,
    id = M.id, bounded = g.bounded }
end

return compile
