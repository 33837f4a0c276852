-- stdlib/globals/money.lua: exact money, ratios and the functions on them (contract
-- section 2; docs/money.md). The types are a C module (interp/lua/lmoney.c, interp/core/money.c);
-- this file only names them.
local M = require "money"

-- yuan(3600000), wan("2500"), yi("1.5"): money from a number or decimal string in 元, 万元, 亿元
yuan, wan, yi = M.yuan, M.wan, M.yi

-- money("2500万元"), money("¥12.5"), money("3,600,000.00元"); money.parse(s) -> m | nil, message;
-- money.is_money(v)
money = setmetatable({ parse = M.parse, is_money = M.is_money },
  { __call = M.money_call })

-- ratio("0.25"), ratio("45%"), ratio("3/4"), ratio(2.35), ratio(1, 3); ratio.parse(s) -> r | nil,
-- message; ratio.is_ratio(v)
ratio = setmetatable({ parse = M.parse_ratio, is_ratio = M.is_ratio },
  { __call = M.ratio_call })

-- pct(25) is 25%, bp(25) is 25 basis points (0.25%)
pct, bp = M.pct, M.bp

-- min(...), max(...) like math.min/math.max, on money, ratios, numbers and dates alike;
-- cap(amount, ceiling) -> the smaller, and whether the ceiling bound;
-- sum(list [, zero]) -> the total (yuan(0) for an empty list unless zero is given)
min, max, cap, sum = M.min, M.max, M.cap, M.sum
