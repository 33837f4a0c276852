-- stdlib/measure/declare.lua: checks a measure declaration `measure { ... }` at load time and
-- normalizes it (dates parsed, inputs with their converters, output_names in column order).
-- Every error names the field at fault; measure.lua adds the file and line.
local dates = require "dates"
local coerce = require "measure.coerce"

local D = {}

local FIELDS = { id = true, title = true, document = true, valid = true, entity = true, inputs = true,
  outputs = true, amount = true, output_order = true, group = true, description = true, notes = true }
local DOC_FIELDS = { number = true, title = true, issuer = true, issued_on = true, gazette = true, url = true,
  clause = true, source = true }

local function fail(fmt, ...) error(fmt:format(...), 0) end

-- "gazettes/chaoyang-2020-04.txt:376-432" -> "gazettes/chaoyang-2020-04.txt", 376, 432 (or nil)
function D.parse_source(s)
  if type(s) ~= "string" then return nil end
  local file, a, b = s:match("^(gazettes/[%w%-_]+%.txt):(%d+)%-(%d+)$")
  if not file then
    file, a = s:match("^(gazettes/[%w%-_]+%.txt):(%d+)$")
    b = a
  end
  if not file then return nil end
  a, b = tonumber(a), tonumber(b)
  if a < 1 or b < a then return nil end
  return file, a, b
end

-- `lines` of a rule or parameter value: 402, "402" or "392-394" -> first, last (or nil)
function D.parse_lines(v)
  if math.type(v) == "integer" and v >= 1 then return v, v end
  if type(v) ~= "string" then return nil end
  local a, b = v:match("^(%d+)%-(%d+)$")
  if not a then a = v:match("^(%d+)$"); b = a end
  if not a then return nil end
  a, b = tonumber(a), tonumber(b)
  if a < 1 or b < a then return nil end
  return a, b
end

local function keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = tostring(k) end
  table.sort(ks)
  return table.concat(ks, ", ")
end

local function date_field(v, what)
  if v == nil then return nil end
  if dates.is_date(v) then return v end
  if type(v) ~= "string" then fail("%s: expected a date such as \"2021-01-01\", got %s", what, type(v)) end
  local d, err = dates.parse(v)
  if not d then fail("%s: %s", what, tostring(err)) end
  return d
end

local function check_fields(fields, what, allowed_types)
  if type(fields) ~= "table" then fail("%s: expected a table {name = {type = ...}, ...}", what) end
  local out = {}
  for name, d in pairs(fields) do
    if type(name) ~= "string" or not name:match("^[%a_][%w_]*$") then
      fail("%s: '%s' is not a valid name (letters, digits and _)", what, tostring(name))
    end
    local where = ("%s.%s"):format(what, name)
    if type(d) ~= "table" then fail("%s: expected {type = ...}", where) end
    if not allowed_types[d.type] then
      fail("%s: unknown type '%s'; types: %s", where, tostring(d.type), keys(allowed_types))
    end
    -- inputs (and their list fields) also say what they are in the shared vocabulary
    -- (stdlib/fields.lua, docs/fields.md): derive = "FIELD" | function(rec), specific = true
    local input = what:sub(1, 6) == "inputs"
    for k in pairs(d) do
      if not (k == "type" or k == "label" or k == "optional" or k == "values" or k == "of" or k == "unit"
              or k == "clause" or k == "text" or (input and (k == "derive" or k == "specific"))) then
        fail("%s: unknown field '%s' (type, label, optional, values, of, unit, clause, text%s)", where, tostring(k),
          input and ", derive, specific" or "")
      end
    end
    local nd = { type = d.type, label = d.label, optional = d.optional and true or false, unit = d.unit,
      clause = d.clause, text = d.text, derive = d.derive, specific = d.specific }
    if d.type == "enum" then
      if type(d.values) ~= "table" or #d.values == 0 then
        fail("%s: an enum needs values = {\"...\", ...}", where)
      end
      for i, v in ipairs(d.values) do
        if type(v) ~= "string" then fail("%s: value %d of the enum is not a string", where, i) end
      end
      nd.values = d.values
    elseif d.values ~= nil then
      fail("%s: 'values' is only for enums", where)
    end
    if d.type == "list" then
      if type(d.of) ~= "table" then fail("%s: a list needs of = {field = {type = ...}, ...}", where) end
      nd.of = check_fields(d.of, where, coerce.TYPES)
    elseif d.of ~= nil then
      fail("%s: 'of' is only for lists", where)
    end
    out[name] = nd
  end
  return out
end

function D.check(decl)
  if type(decl) ~= "table" then fail("expected a declaration table measure { id = ..., ... }") end
  for k in pairs(decl) do
    if not FIELDS[k] then fail("unknown field '%s' (fields: %s)", tostring(k), keys(FIELDS)) end
  end
  local id = decl.id
  if type(id) ~= "string" or not id:match("^[a-z0-9]+[a-z0-9%-]*%.[a-z0-9][a-z0-9%-%.]*$") or id:match("%-%-")
      or id:match("[%.%-]$") or id:match("%.%.") then
    fail("id: '%s' is malformed; write issuer.measure-name in lower case with '-', e.g. \"chaoyang.startup-jobs-subsidy\"",
      tostring(id))
  end
  if type(decl.title) ~= "string" or decl.title == "" then fail("title: the (Chinese) title of the measure is required") end
  local doc = decl.document
  if type(doc) ~= "table" then fail("document: required: {number = \"文号\", title =, issuer =, issued_on =, gazette =}") end
  for k in pairs(doc) do
    if not DOC_FIELDS[k] then fail("document: unknown field '%s' (fields: %s)", tostring(k), keys(DOC_FIELDS)) end
  end
  if type(doc.number) ~= "string" or doc.number == "" then fail("document.number: the document number (文号) is required") end
  local document = {}
  for k, v in pairs(doc) do document[k] = v end
  document.issued_on = date_field(doc.issued_on, "document.issued_on")
  if doc.source ~= nil then
    -- the document's lines in the gazette text kept in the repository (policies/gazettes/)
    local file, a, b = D.parse_source(doc.source)
    if not file then
      fail("document.source: expected \"gazettes/FILE.txt:FIRST-LAST\" (the document's lines in the gazette text), got %s",
        tostring(doc.source))
    end
    document.source_file, document.source_first, document.source_last = file, a, b
  end

  local valid = decl.valid or {}
  if type(valid) ~= "table" then fail("valid: expected {from = DATE, to = DATE}") end
  for k in pairs(valid) do
    if not (k == "from" or k == "to" or k == "on" or k == "clause") then
      fail("valid: unknown field '%s' (from, to, on, clause)", tostring(k))
    end
  end
  local v = { from = date_field(valid.from, "valid.from"), to = date_field(valid.to, "valid.to"), on = valid.on,
    clause = valid.clause }
  if v.from and v.to and v.to < v.from then fail("valid: 'to' %s is before 'from' %s", tostring(v.to), tostring(v.from)) end
  if v.on ~= nil and type(v.on) ~= "function" then fail("valid.on: expected a function(r, ctx) returning the date to check") end

  if decl.entity ~= nil and type(decl.entity) ~= "string" then fail("entity: expected a string such as \"enterprise\"") end
  local inputs = check_fields(decl.inputs or {}, "inputs", coerce.TYPES)
  local outputs = check_fields(decl.outputs or {}, "outputs", coerce.OUTPUT_TYPES)
  local amount = decl.amount
  if amount ~= nil then
    if type(amount) ~= "string" or not outputs[amount] then
      fail("amount: '%s' is not one of the outputs (%s)", tostring(amount), keys(outputs))
    end
    if outputs[amount].type ~= "money" then fail("amount: output '%s' is %s; the main amount must be money", amount, outputs[amount].type) end
  end
  local names = {}
  if decl.output_order ~= nil then
    if type(decl.output_order) ~= "table" then fail("output_order: expected a list of output names") end
    local seen = {}
    for i, n in ipairs(decl.output_order) do
      if not outputs[n] then fail("output_order: item %d '%s' is not an output", i, tostring(n)) end
      if seen[n] then fail("output_order: '%s' is listed twice", n) end
      seen[n] = true
      names[i] = n
    end
    for n in pairs(outputs) do
      if not seen[n] then fail("output_order: output '%s' is missing from the list", n) end
    end
  else
    for n in pairs(outputs) do names[#names + 1] = n end
    table.sort(names)
  end
  if decl.group ~= nil and type(decl.group) ~= "string" then fail("group: expected the name of an exclusivity group (就高不重复)") end
  local input_names = {}
  for n in pairs(inputs) do input_names[#input_names + 1] = n end
  table.sort(input_names)
  return {
    id = id, title = decl.title, document = document, valid = v, entity = decl.entity, inputs = inputs,
    input_names = input_names, outputs = outputs, amount = amount, output_names = names, group = decl.group,
    description = decl.description, coerce_plan = coerce.plan(inputs),
  }
end

return D
