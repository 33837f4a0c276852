-- TEMPORARY stand-in for the money globals (contract section 2) until the money module lands
-- on main; defines nothing when money.lua already did. To be deleted at the merge.
if rawget(_G, "yuan") ~= nil then return end

local M, R = { __name = "gazette.money" }, { __name = "gazette.ratio" }
M.__index, R.__index = M, R
local function mk(f) return setmetatable({ f = f }, M) end
local function mkr(n, d) return setmetatable({ n = n, d = d }, R) end

local function dec(s) -- "12.345" -> n, d (d a power of ten)
  local sign, i, f = s:match("^%s*([+-]?)(%d*)%.?(%d*)%s*$")
  if not sign or (i == "" and f == "") then return nil end
  local n = tonumber((i ~= "" and i or "0") .. f) // 1
  if sign == "-" then n = -n end
  return n, 10 ^ #f // 1
end
local function rat(x)
  if getmetatable(x) == R then return x.n, x.d end
  if math.type(x) == "integer" then return x, 1 end
  if type(x) == "number" then x = string.format("%.15g", x) end
  if type(x) == "string" then
    local p = x:match("^(.-)%%$")
    if p then local n, d = dec(p); if n then return n, d * 100 end end
    local n, d = dec(x); if n then return n, d end
  end
  error("not a ratio: " .. tostring(x), 3)
end
local function div_half_up(a, b) -- round(a/b) half away from zero, b > 0
  local q = a // b; local r = a - q * b
  if 2 * r >= b then q = q + 1 end
  return q
end

function yuan(x)
  local n, d = rat(x)
  if d > 100 and n * 100 % d ~= 0 then error("more than two decimals of 元", 2) end
  return mk(n * 100 // d)
end
function wan(x) local n, d = rat(x); return mk(n * 1000000 // d) end
function yi(x) local n, d = rat(x); return mk(n * 10000000000 // d) end
local money_of
money = setmetatable({ is_money = function(v) return getmetatable(v) == M end },
  { __call = function(_, s) return money_of(s) end })
function money_of(s)
  if getmetatable(s) == M then return s end
  if type(s) == "number" then return yuan(s) end
  local t = tostring(s):gsub(",", ""):gsub("^¥", ""):gsub("元$", "")
  local v = t:match("^(.-)万$"); if v and dec(v) then return wan(v) end
  v = t:match("^(.-)亿$"); if v and dec(v) then return yi(v) end
  if dec(t) then return yuan(t) end
  error("cannot read '" .. tostring(s) .. "' as money", 2)
end
ratio = setmetatable({ is_ratio = function(v) return getmetatable(v) == R end },
  { __call = function(_, x) local n, d = rat(x); return mkr(n, d) end })
function pct(x) local n, d = rat(x); return mkr(n, d * 100) end
local function fen_of(m, what)
  if getmetatable(m) ~= M then error("money expected in " .. what .. ", got " .. type(m), 3) end
  return m.f
end
M.__add = function(a, b) return mk(fen_of(a, "+") + fen_of(b, "+")) end
M.__sub = function(a, b) return mk(fen_of(a, "-") - fen_of(b, "-")) end
M.__unm = function(a) return mk(-a.f) end
M.__mul = function(a, b)
  if getmetatable(a) ~= M then a, b = b, a end
  if type(b) == "number" and math.type(b) ~= "integer" then error("money × float", 2) end
  local n, d = rat(b)
  return mk(div_half_up(a.f * n, d))
end
M.__div = function(a, b)
  if getmetatable(b) == M then return mkr(a.f, b.f) end
  return mk(div_half_up(a.f, b))
end
M.__eq = function(a, b) return a.f == b.f end
M.__lt = function(a, b) return fen_of(a, "<") < fen_of(b, "<") end
M.__le = function(a, b) return fen_of(a, "<=") <= fen_of(b, "<=") end
M.__tostring = function(a)
  local s = string.format("%d.%02d", math.abs(a.f) // 100, math.abs(a.f) % 100)
  local i, f = s:match("^(%d+)(%..*)$")
  i = i:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  return (a.f < 0 and "-" or "") .. i .. f .. "元"
end
M.__tojson = function(a)
  return string.format("%s%d.%02d", a.f < 0 and "-" or "", math.abs(a.f) // 100, math.abs(a.f) % 100)
end
function M.fen(a) return a.f end
M.plain = M.__tojson
R.__eq = function(a, b) return a.n * b.d == b.n * a.d end
R.__lt = function(a, b) local an, ad = rat(a); local bn, bd = rat(b); return an * bd < bn * ad end
R.__le = function(a, b) local an, ad = rat(a); local bn, bd = rat(b); return an * bd <= bn * ad end
R.__mul = function(a, b)
  if getmetatable(b) == M or getmetatable(a) == M then return M.__mul(a, b) end
  local an, ad = rat(a); local bn, bd = rat(b); return mkr(an * bn, ad * bd)
end
R.__add = function(a, b) local an, ad = rat(a); local bn, bd = rat(b); return mkr(an * bd + bn * ad, ad * bd) end
R.__sub = function(a, b) local an, ad = rat(a); local bn, bd = rat(b); return mkr(an * bd - bn * ad, ad * bd) end
R.__tostring = function(a)
  local d, k = a.d, 0
  while d % 10 == 0 and d > 1 do d = d // 10; k = k + 1 end
  if d ~= 1 then return string.format("%.6f", a.n / a.d) end
  local s = string.format("%0" .. (k + 1) .. "d", math.abs(a.n))
  if k > 0 then s = s:sub(1, #s - k) .. "." .. s:sub(#s - k + 1) end
  return (a.n < 0 and "-" or "") .. s
end
R.__tojson = R.__tostring
function min(a, b, ...) local m = (b < a) and b or a; if ... then return min(m, ...) end return m end
function max(a, b, ...) local m = (a < b) and b or a; if ... then return max(m, ...) end return m end
