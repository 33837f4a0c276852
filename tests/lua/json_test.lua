-- The json module: decoding with line/column errors, encoding with caller-chosen key order.
local t = require "tap"
local json = require "json"

-- Decoding
local v = json.decode('{"a": [1, 2.5, null, true], "b": {"c": "中文"}}')
t.is(v.a[1], 1, "integers decode as Lua integers")
t.is(math.type(v.a[1]), "integer", "... of integer subtype")
t.is(v.a[2], 2.5, "reals decode as floats")
t.ok(json.isnull(v.a[3]) and v.a[3] == json.null, "null decodes to json.null, keeping array positions")
t.is(v.a[4], true, "booleans")
t.is(v.b.c, "中文", "UTF-8 strings")
t.is(json.encode(json.decode("[]")), "[]", "an empty array stays an array")
t.is(json.encode(json.decode("{}")), "{}", "an empty object stays an object")
t.is(json.decode('"x"'), "x", "a bare scalar decodes")

local function err(s)
  local r, e = json.decode(s)
  return r == nil and e or "decoded"
end
t.is(err('{"a": }'), "line 1, column 7: unexpected token near '}'", "a syntax error names line and column")
t.is(err('{\n  "a": 1,\n  "a": 2\n}'):match("^line 3"), "line 3", "a duplicate key is an error on its line")
t.ok(err(""):find("line 1"), "empty input is an error")
t.is(err('{"a": "\255"}'), [[line 1, column 7: unable to decode byte 0xff near '"']], "invalid UTF-8 input is an error naming the byte")
t.ok(err(string.rep("[", 5000) .. string.rep("]", 5000)):find("depth") ~= nil, "hostile nesting is refused, not a crash")
t.ok(err("[1, 2") ~= "decoded", "truncated input is an error")
t.ok(err("99999999999999999999") ~= "decoded", "an integer beyond 64 bits is an error, not a wrap")

-- Encoding
t.is(json.encode({ b = 1, a = 2 }), '{"a":2,"b":1}', "keys sorted by default (deterministic)")
local ordered = setmetatable({ status = "eligible", measure = "m", amount = "1.00", extra = 1 },
  { __jsonorder = { "measure", "status", "amount", "missing" } })
t.is(json.encode(ordered), '{"measure":"m","status":"eligible","amount":"1.00","extra":1}',
  "__jsonorder fixes the order; absent keys are skipped; the rest follow sorted")
local custom = setmetatable({}, { __tojson = function() return "3600000.00" end })
t.is(json.encode({ amount = custom }), '{"amount":"3600000.00"}', "__tojson lets a value encode itself")
t.is(json.encode({ 0.1, 1.0, 1e300, -0.5 }), "[0.1,1.0,1e+300,-0.5]", "floats in shortest round-trip form")
t.is(json.encode("a\"b\\c\n\1"), '"a\\"b\\\\c\\n\\u0001"', "escapes")
t.is(json.encode({ json.null, 1 }), "[null,1]", "json.null encodes as null")
t.is(json.encode({ a = { b = { 1 } } }, { indent = true }), '{\n  "a": {\n    "b": [\n      1\n    ]\n  }\n}', "indent")
t.raises(function() json.encode({ s = "\255" }) end, "invalid UTF-8 in a string at $.s", "invalid UTF-8 names the path")
t.raises(function() json.encode({ x = { 0 / 0 } }) end, "NaN or infinity has no JSON form at $.x[1]", "NaN names the path")
local cyc = {}
cyc.self = cyc
t.raises(function() json.encode(cyc) end, "nesting deeper than 200 levels", "a cycle is an error")
t.raises(function() json.encode({ 1, 2, x = 3 }) end, "mixes array items and named fields", "mixed tables are an error")
t.raises(function() json.encode({ f = print }) end, "a function value has no JSON form at $.f", "functions cannot be encoded")
t.is(json.encode(json.decode('{"k":[{"a":null}]}')), '{"k":[{"a":null}]}', "round trip keeps nulls")
t.done()
