#!/usr/bin/env bash
# Reference tables (stdlib/measure/reftable.lua, docs/measures.md "Reference tables"): a CSV
# beside a measure, resolved in the measure's folder, checked at load (an error names the file
# and line), queried in row order, read-only, and `gazette lint` reporting a row that no row
# of the table it belongs to reaches.
. "$(dirname "$0")/../tap.sh"

R="$TMP/rt"
mkdir -p "$R/m"
# industries and their licence rows; row 4 of licences.csv names code 41, which no industry has
printf 'code,industry\n01,书店\n02,咖啡厅\n' > "$R/m/industries.csv"
printf 'code,industry,licence,body\n01,书店,出版物经营许可证,相关单位\n02,咖啡厅,食品经营许可证,区市场监管局\n41,花店,城镇污水排入排水管网许可证,市水务局；区水务局\n02,咖啡厅,出版物经营许可证,相关单位\n' > "$R/m/licences.csv"
cat > "$R/m/shop.lua" <<'L'
local I = reftable.load("industries.csv", { key = "code", required = { "code", "industry" } })
local T = reftable.load("licences.csv", { required = { "code", "industry", "licence", "body" },
  reached_by = { table = I, on = { "code", "industry" } } })
local M = measure { id = "t.shop", title = "t", document = { number = "1号" }, valid = { from = "2023-01-01" },
  inputs = { code = { type = "text", specific = true } }, outputs = { licences = { type = "text" }, n = { type = "integer" } } }
M:rule("known", { clause = "附件", text = "目录中的行业", check = function(r) return I:get(r.code) ~= nil end })
M:compute(function(r, ctx, out)
  local names = {}
  for i, row in ipairs(T:rows_where { code = r.code }) do names[i] = row.licence end
  out.licences = table.concat(names, "；")
  out.n = #names
end)
M:case { name = "咖啡厅", as_of = "2023-06-01", input = { code = "02" },
  expect = { status = "eligible", outputs = { licences = "食品经营许可证；出版物经营许可证", n = 2 } } }
M:case { name = "41", as_of = "2023-06-01", input = { code = "41" }, expect = { status = "ineligible" } }
return M
L
run "$GAZETTE" test "$R/m"
is "$RC" 0 "a measure reads tables beside it (relative names), rows in file order"
like "$OUT" "2 passed, 0 failed" "  both cases pass"
run "$GAZETTE" lint "$R/m"
is "$RC" 1 "lint: a row no industry reaches is a finding"
like "$OUT" "m/licences.csv:4: row reached by no row of .*industries.csv \(none has code = '41' and industry = '花店'\)" \
  "  named FILE:LINE with the values that match nothing"
like "$(printf '%s\n' "$OUT" | tail -1)" "^1 finding in 1 measure$" "  and nothing else"
printf 'code,industry,licence,body\n01,书店,出版物经营许可证,相关单位\n02,咖啡厅,食品经营许可证,区市场监管局\n02,咖啡馆,出版物经营许可证,相关单位\n' > "$R/m/licences.csv"
run "$GAZETTE" lint "$R/m"
like "$OUT" "m/licences.csv:4: row reached by no row .*\(none has code = '02' and industry = '咖啡馆'\)" \
  "  a row with the right code but another industry name is not reached either"
printf 'code,industry,licence,body\n01,书店,出版物经营许可证,相关单位\n02,咖啡厅,食品经营许可证,区市场监管局\n' > "$R/m/licences.csv"
run "$GAZETTE" lint "$R/m"
is "$RC" 0 "every row reached: no finding"
is "$OUT" "0 findings in 1 measure" "  saying so"

# Checks at load: each error names the file and the line.
load() { # CSV-TEXT OPTIONS-LUA: loads $R/x.csv with the options; OUT/ERR/RC
  printf '%b' "$1" > "$R/x.csv"
  run "$GAZETTE" --path "$R" -e "local T = reftable.load('$R/x.csv', $2); return #T"
}
load 'code,licence,body\n01,甲证,区A局\n02,乙证,\n' '{ required = { "code", "licence", "body" } }'
is "$RC" 1 "an empty required cell fails the load"
like "$ERR" "rt/x.csv:3: column 'body' is empty; every row needs code, licence, body" "  naming file, line and column"
load 'code,licence,body\n01,甲证,区A局\n02,乙证\n' '{}'
like "$ERR" "rt/x.csv:3: 2 fields, but the header has 3 \(code,licence,body\)" "a short row: file and line"
load 'code,licence\n01,甲证\n01,乙证\n' '{ key = "code" }'
like "$ERR" "rt/x.csv:3: key code = '01' again \(first at line 2\)" "a repeated key"
load 'code,requirement\n01,必须办理\n02,必需办理\n' '{ values = { requirement = { "必须办理", "按需办理" } } }'
like "$ERR" "rt/x.csv:3: column 'requirement' is '必需办理'; allowed: 必须办理, 按需办理" "a value not allowed"
load 'code,x\n01,a\n1,b\n' '{ pattern = { code = "^%d%d$" } }'
like "$ERR" "rt/x.csv:3: column 'code' is '1', which does not match" "a value not matching its pattern"
load 'code,line\n01,588\n02,5x9\n' '{ types = { line = "integer" } }'
like "$ERR" "rt/x.csv:3: column 'line' is '5x9', not a whole number" "an integer column"
load 'code,licence\n01,"甲证\n' '{}'
like "$ERR" "rt/x.csv:2: a quoted field is not closed" "an unclosed quote"
load 'code,licence\n01,甲"证\n' '{}'
like "$ERR" "rt/x.csv:2: a quote inside an unquoted field" "a stray quote"
load 'code,licence\n01,\xff\xfe\n' '{}'
like "$ERR" "rt/x.csv:2: not UTF-8 text" "text that is not UTF-8 (e.g. saved as GBK)"
load 'code,licence\n01,甲\n' '{ required = { "body" } }'
like "$ERR" "rt/x.csv:1: no column 'body' \(named by required\); the header has: code, licence" "a column the options name but the header lacks"
load 'code,code\n01,02\n' '{}'
like "$ERR" "rt/x.csv:1: column 'code' appears twice in the header" "a repeated header"
load '' '{}'
like "$ERR" "rt/x.csv:1: the file is empty" "an empty file"
load 'code\n01\n' '{ keys = "code" }'
like "$ERR" "unknown option 'keys'" "an unknown option"

# What an analyst's spreadsheet writes: a BOM, CRLF, quoted fields with commas, doubled
# quotes and a line break, spaces around cells, blank lines.
load '\xef\xbb\xbfcode,licence,body,note\r\n01,"甲证, 副本","区""A""局", 注 \r\n\r\n02,乙证,区B局,"两行\n之二"\r\n03,丙证,区C局,\r\n' '{ key = "code" }'
is "$OUT" "3" "BOM, CRLF, quotes and a blank line: 3 rows"
run "$GAZETTE" --path "$R" -e "local T = reftable.load('$R/x.csv', { key = 'code' })
  local a, b, c = T:get('01'), T:get('02'), T:get('03')
  return a.licence, a.body, a.note, b.note, T:where(c), c.note == ''"
is "$OUT" "甲证, 副本
区\"A\"局
注
两行
之二
$R/x.csv:6
true" "cells unquoted and trimmed, doubled quotes undone, line numbers counted across the break"

# Confined: only files inside stdlib/, policies/ or a --path folder.
run "$GAZETTE" -e "return reftable.load('$R/x.csv')"
is "$RC" 1 "a file outside the allowed folders is refused"
like "$ERR" "not inside stdlib/, policies/ or a --path folder" "  saying why"
run "$GAZETTE" -e "return reftable.load('x.csv')"
like "$ERR" "'x.csv' is relative, and no measure script is being loaded" "a relative name outside a measure"

# Read-only handles and rows.
run "$GAZETTE" --path "$R" -e "local T = reftable.load('$R/x.csv', { key = 'code' }); T:get('01').licence = '改'"
like "$ERR" "x.csv:2: reference table rows are read-only \(assignment to 'licence'\)" "rows are read-only"
run "$GAZETTE" --path "$R" -e "local T = reftable.load('$R/x.csv', { key = 'code' }); T.get = nil"
like "$ERR" "reference table .*x.csv is read-only \(assignment to 'get'\)" "handles are read-only"
run "$GAZETTE" --path "$R" -e "local T = reftable.load('$R/x.csv'); return T:get('01')"
like "$ERR" "was loaded without a key column" "get needs a key"
run "$GAZETTE" --path "$R" -e "local T = reftable.load('$R/x.csv'); return T:rows_where{ kode = '01' }"
like "$ERR" "has no column 'kode'" "rows_where on a column that does not exist"
done_testing
