-- uscc.check: GB 32100-2015 structure, the organisation-code check (position 17) and the
-- mod-31 check character (position 18), with the published codes of anchors.md 4(b).
local t = require "tap"

-- Codes that pass both checks (anchors.md 4(b), verified there).
for _, c in ipairs { "913502000728319549", "91440101MA5CJQ4N59", "91350200776049653A", "123502001549897397",
  "9135021359498494XQ" } do
  local ok, why = uscc.check(c)
  t.ok(ok == true and why == nil, c .. " passes", why)
end

-- A real registered code that fails the mod-31 check: reported, with the expected character.
-- Σ value·weight over the first 17 characters ≡ 22 (mod 31); (31 − 22) mod 31 = 9 → '9', not 'B'.
local ok, why = uscc.check("91350203M0001QAY9B")
t.is(ok, false, "91350203M0001QAY9B fails the check (a real code: callers decide whether that is fatal)")
t.is(why, "position 18: check character is 'B', expected '9' (GB 32100-2015 mod 31)", "the reason names position 18")
t.is(uscc.check_char("91350203M0001QAY9"), "9", "check_char computes the 18th character")
t.is(uscc.check_char("91440101MA5CJQ4N5"), "9", "check_char of 91440101MA5CJQ4N5 is 9")

-- Position 17: 9135021359498494XQ with its organisation check changed.
-- body 59498494: 5·3+9·7+4·9+9·10+8·5+4·8+9·4+4·2 = 320; 320 mod 11 = 1; 11 − 1 = 10 → 'X'.
t.is(select(2, uscc.check("91350213594984949Q")), "position 17: organisation-code check character is '9', expected 'X' (GB 11714)",
  "a wrong organisation-code check names position 17")

local function reason(c) return select(2, uscc.check(c)) end
t.is(reason("91350200776049653"), "17 characters, expected 18", "too short")
t.is(reason("913502000728319549X"), "19 characters, expected 18", "too long")
t.is(reason(""), "0 characters, expected 18", "empty")
t.is(reason(nil), "a 统一社会信用代码 must be text, got nil", "nil")
t.is(reason(913502000728319549), "a 统一社会信用代码 must be text, got number", "a number (leading zeros would be lost)")
t.is(reason("91440101ma5cjq4n59"), "position 9: lower-case 'm'; a 统一社会信用代码 uses capital letters", "lower case")
t.is(reason("91440101MA5CJQ4NS9"), "position 17: 'S' is not used in a 统一社会信用代码 (no I, O, S, V, Z)", "a letter outside the charset")
t.is(reason("91440101MA5CJQ4N5-"), "position 18: '-' is not a code character (0-9, A-Z without I, O, S, V, Z)", "punctuation")
t.is(reason("9144010\0MA5CJQ4N59"), "position 8: byte 0x00 is not a code character (0-9, A-Z without I, O, S, V, Z)", "a NUL byte")
t.is(reason("Ｘ1440101MA5CJQ4N59"), "18 characters but not all ASCII (full-width characters?): a 统一社会信用代码 is 18 ASCII letters and digits", "full-width")
t.is(reason("B1440101MA5CJQ4N59"), "position 1: 'B' is not a registering authority (登记管理部门代码 1-9, A, N, Y)", "unknown authority")
t.is(reason("97440101MA5CJQ4N59"), "position 2: '7' is not a category (机构类别代码) of authority 9 (工商（市场监管）)", "unknown category")
t.is(reason("9144A101MA5CJQ4N59"), "position 5: 'A' in the administrative division code (positions 3-8 are digits)", "letter in the division")
t.is(reason("91990101MA5CJQ4N59"), "positions 3-4: 99 is not a province code of GB/T 2260", "no province 99")
t.is(reason(string.rep("9", 100000)), "100000 characters, expected 18", "oversized input")

-- parse
local p = uscc.parse("91440101MA5CJQ4N59")
t.is(p.authority .. p.category .. "|" .. p.division .. "|" .. p.body .. "|" .. p.check, "91|440101|MA5CJQ4N5|9", "parse splits the parts")
t.is(p.authority_name, "工商（市场监管）", "and names the authority")
t.is(uscc.parse("91350203M0001QAY9B"), nil, "parse of a failing code is nil")

-- Any 17 valid characters + check_char passes (round trip over a spread of bodies).
local CH = "0123456789ABCDEFGHJKLMNPQRTUWXY"
local all = true
for i = 0, 300 do
  local body = ""
  for k = 1, 8 do
    local v = (i * 7 + k * 13) % 31
    body = body .. CH:sub(v + 1, v + 1)
  end
  -- organisation check for the body
  local s = 0
  local W = { 3, 7, 9, 10, 5, 8, 4, 2 }
  for k = 1, 8 do s = s + tonumber(body:sub(k, k), 36) * W[k] end
  local c = 11 - s % 11
  local oc = c == 10 and "X" or c == 11 and "0" or tostring(c)
  local first17 = "91110105" .. body .. oc
  if CH:find(oc, 1, true) then
    if not uscc.check(first17 .. uscc.check_char(first17)) then all = false end
  end
end
t.ok(all, "check_char round trip over 301 bodies")

t.done()
