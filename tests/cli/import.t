#!/usr/bin/env bash
# gazette import: CSV (UTF-8, GBK/GB18030) into SQLite, rejected lines reported by number.
. "$(dirname "$0")/../tap.sh"
q() { sqlite3 "$TMP/i.db" "$1"; }

# A GBK export with Chinese headers and bad lines: each bad line is reported by its number, the
# rest load. Line 4 has too few fields; line 6 holds bytes that are not GBK; line 8 spans two
# lines inside quotes, line 10 is blank; line 12 employees is not an integer.
printf '%s\n' '统一社会信用代码,企业名称,成立日期,从业人员,是否正常经营' \
  '91440101MA5CJQ4N59,北京甲科技有限公司,2019-03-15,45,是' \
  '913502000728319549,"乙,贸易有限公司",2020年1月2日,12,否' \
  '91350200776049653A,丙' \
  '123502001549897397,丁,2021/5/6,7,是' > "$TMP/u.csv"
printf 'X,\xff\xff,2021-01-01,3,\xca\xc7\n' > "$TMP/bad.bin" # 0xFF 0xFF is not GBK; 是 is CA C7
printf '%s\n' '9135021359498494XQ,戊,2022-01-01,8,否' \
  '91350203M0001QAY9B,"己 ""引号""' '公司",2023-02-03,9,是' \
  '' '91110105MA00000001,庚,2024-01-01,10,是' '91110105MA00000002,辛,2024-01-02,多,是' > "$TMP/u2.csv"
{ iconv -f utf-8 -t gbk "$TMP/u.csv"; cat "$TMP/bad.bin"; iconv -f utf-8 -t gbk "$TMP/u2.csv"; } > "$TMP/g.csv"
run $GAZETTE import "$TMP/g.csv" --db "$TMP/i.db" --table e --type employees=integer
is "$RC" 1 "lines rejected: exit 1"
is "$ERR" "$TMP/g.csv:4: 2 fields, the header has 5
$TMP/g.csv:6: bytes that are not text in the encoding (wrong --encoding?)
$TMP/g.csv:12: column employees: '多' is not an integer" "each bad line reported with its number and reason"
like "$OUT" "^$TMP/g.csv: 6 lines loaded into table e of $TMP/i.db \(GB18030\); 3 rejected \(listed on stderr\); 1 blank line skipped" "the summary counts loaded, rejected and blank lines"
like "$OUT" "uscc \(统一社会信用代码\): text" "known Chinese headers map to the contract's names"
like "$OUT" "established_on \(成立日期\): date" "dates inferred"
like "$OUT" "employees \(从业人员\): integer \(given\)" "a type given with --type"
like "$OUT" "operating_normally \(是否正常经营\): boolean" "是/否 is boolean"
is "$(q "SELECT count(*) FROM e")" 6 "6 rows loaded (9 data lines - 3 rejected)"
is "$(q "SELECT name FROM e WHERE uscc = '913502000728319549'")" "乙,贸易有限公司" "a quoted comma, decoded from GBK"
is "$(q "SELECT name FROM e WHERE uscc = '91350203M0001QAY9B'")" '己 "引号"
公司' "doubled quotes and a newline inside quotes"
is "$(q "SELECT established_on FROM e WHERE uscc = '913502000728319549'")" "2020-01-02" "Chinese dates stored as ISO"
is "$(q "SELECT group_concat(operating_normally) FROM e")" "1,0,1,0,1,1" "booleans as 0/1"
is "$(q "SELECT typeof(employees) FROM e LIMIT 1")" "integer" "integers as INTEGER"

run $GAZETTE import "$TMP/g.csv" --db "$TMP/i.db" --table e_again --type employees=integer --rejects "$TMP/rej.csv"
like "$OUT" "3 rejected \(listed on stderr and in $TMP/rej.csv\)" "--rejects: the summary names the file"
is "$(cat "$TMP/rej.csv")" "统一社会信用代码,企业名称,成立日期,从业人员,是否正常经营
91350200776049653A,丙
X,��,2021-01-01,3,是
91110105MA00000002,辛,2024-01-02,多,是" "  holds the header and the rejected lines, in UTF-8, to fix and load again"

# UTF-8 with a BOM, CRLF, inference, NULLs, codes with leading zeros.
printf '\xef\xbb\xbfid,code,amount,flag,when,note\r\n1,007,12.50,1,2025-01-01,\r\n2,010,3,0,2025-02-01,x\r\n' > "$TMP/b.csv"
run $GAZETTE import "$TMP/b.csv" --db "$TMP/i.db" --table b
is "$RC" 0 "a clean UTF-8 file exits 0"
like "$OUT" "\(UTF-8\)" "  read as UTF-8"
like "$OUT" "  code: text" "codes with leading zeros stay text"
like "$OUT" "  amount: decimal" "decimals"
like "$OUT" "  flag: integer" "0/1 alone stays integer"
is "$(q "SELECT id || '|' || code || '|' || amount || '|' || typeof(note) FROM b WHERE id = 1")" "1|007|12.50|null" "BOM and CRLF removed, empty field is NULL, decimals kept as text"
is "$(q "SELECT pk FROM pragma_table_info('b') WHERE name = 'id'")" 1 "an integer id column is the primary key"

# Money: inferred when the values carry units or thousands separators; stored as yuan text.
printf 'name,revenue,assets\nA,800万元,"1,200.50"\nB,"3,600,000.00元",12\nC,¥12.5,x\n' > "$TMP/mm.csv"
run $GAZETTE import "$TMP/mm.csv" --db "$TMP/i.db" --table mm
like "$OUT" "  revenue: money" "money inferred from 万元, 元, ¥ and separators"
like "$OUT" "  assets: text" "a column with a non-amount stays text"
is "$(q "SELECT group_concat(revenue, '|') FROM mm")" "8000000.00|3600000.00|12.50" "money stored as yuan with two decimals (800万元 = 8000000.00)"
run $GAZETTE import "$TMP/mm.csv" --db "$TMP/i.db" --table mm2 --type assets=money
is "$RC" 1 "--type assets=money rejects the line that is not money"
like "$ERR" "mm.csv:4: column assets: 'x' is not money" "  naming line, column and value"
is "$(q "SELECT group_concat(assets, '|') FROM mm2")" "1200.50|12.00" "  and loads the others"

# Existing tables
run $GAZETTE import "$TMP/b.csv" --db "$TMP/i.db" --table b
is "$RC" 2 "importing into an existing table exits 2"
like "$ERR" "table 'b' already exists in '$TMP/i.db'; --append adds to it, --replace replaces it" "  and says what to do"
run $GAZETTE import "$TMP/b.csv" --db "$TMP/i.db" --table b --append
is "$RC" 1 "--append of the same ids: every line rejected"
like "$ERR" "$TMP/b.csv:2: UNIQUE constraint failed: b.id" "  each one named (nothing silently dropped)"
run $GAZETTE import "$TMP/b.csv" --db "$TMP/i.db" --table b --replace
is "$RC" 0 "--replace"
is "$(q "SELECT count(*) FROM b")" 2 "  replaces the rows"

# Header mapping and overrides
printf 'Firm,Staff\nA,5\nB,6\n' > "$TMP/m.csv"
run $GAZETTE import "$TMP/m.csv" --db "$TMP/i.db" --table m --map Firm=name,Staff=employees --type employees=text
is "$RC" 0 "--map and --type"
is "$(q "SELECT group_concat(name) FROM pragma_table_info('m')")" "name,employees" "  columns renamed"
is "$(q "SELECT typeof(employees) FROM m LIMIT 1")" "text" "  type overridden"
run $GAZETTE import "$TMP/m.csv" --db "$TMP/i.db" --table m2 --map Nope=x
is "$RC" 2 "--map of a header that does not exist exits 2"
like "$ERR" "the header has no column 'Nope'" "  naming it"
run $GAZETTE import "$TMP/m.csv" --db "$TMP/i.db" --table m2 --type Staff=float
is "$RC" 2 "an unknown type exits 2"
like "$ERR" "unknown type \(text, integer, decimal, money, date, boolean\)" "  listing the types"
run $GAZETTE import "$TMP/m.csv" --db "$TMP/i.db" --table m3 --map Firm=
is "$RC" 2 "a malformed --map exits 2"
like "$ERR" "^gazette import: --map takes NAME=column pairs, got 'Firm='" "  saying what it takes"
printf 'a;b\n1;2\n' > "$TMP/s.csv"
run $GAZETTE import "$TMP/s.csv" --db "$TMP/i.db" --table s --delimiter ';'
is "$(q "SELECT a + b FROM s")" 3 "--delimiter ;"

# Hostile headers
printf '%s\n' 'x"; DROP TABLE e; --,y' '1,2' > "$TMP/h.csv"
run $GAZETTE import "$TMP/h.csv" --db "$TMP/i.db" --table 'h"; DROP TABLE e; --'
is "$RC" 0 "a header and table name holding SQL are only names"
is "$(q "SELECT count(*) FROM e")" 6 "  and table e is still there"
is "$(q "SELECT name FROM pragma_table_info('h\"; DROP TABLE e; --') LIMIT 1")" 'x"; DROP TABLE e; --' "  the column keeps its name"
# a long table name: the SQL is built to its length (a 590-byte name overflowed a fixed buffer)
LONG=$(head -c 590 /dev/zero | tr '\0' t)
printf 'a\n1\n' > "$TMP/one.csv"
run $GAZETTE import "$TMP/one.csv" --db "$TMP/i.db" --table "$LONG"
is "$RC" 0 "a 590-byte table name"
is "$(q "SELECT count(*) FROM \"$LONG\"")" 1 "  is the table's name, whole"
printf 'a,,c\n1,2,3\n' > "$TMP/h2.csv"
run $GAZETTE import "$TMP/h2.csv" --db "$TMP/i.db" --table h2
is "$RC" 2 "an empty header column exits 2"
like "$ERR" "h2.csv:1: header column 2 is empty" "  naming the column"
printf 'a,b,A\n1,2,3\n' > "$TMP/h3.csv"
run $GAZETTE import "$TMP/h3.csv" --db "$TMP/i.db" --table h3
like "$ERR" "header columns 1 and 3 are both 'A'" "duplicate header names"
printf 'a,b\x01c\n1,2\n' > "$TMP/h4.csv"
run $GAZETTE import "$TMP/h4.csv" --db "$TMP/i.db" --table h4
like "$ERR" "header column 2 holds a control character" "a control character in a header"
printf 'sqlite_master,b\n1,2\n' > "$TMP/h5.csv"
run $GAZETTE import "$TMP/h5.csv" --db "$TMP/i.db" --table h5
is "$RC" 2 "a reserved column name exits 2"
like "$ERR" "h5.csv:1: header column 1 starts with sqlite_ \(reserved\)" "  naming the column"
printf '"a,b\n1,2\n' > "$TMP/h6.csv"
run $GAZETTE import "$TMP/h6.csv" --db "$TMP/i.db" --table h6
is "$RC" 2 "a header with an unclosed quote exits 2"
like "$ERR" "h6.csv:1: the header line is malformed: a quoted field is not closed" "  naming the line"
head -c 300000 /dev/zero | tr '\0' 'a' > "$TMP/h7.csv"; printf ',b\n1,2\n' >> "$TMP/h7.csv"
run $GAZETTE import "$TMP/h7.csv" --db "$TMP/i.db" --table h7
like "$ERR" "header column 1 is longer than 128 bytes" "an oversized header name"

# Malformed data lines
printf 'a,b\n1,"x"y\n2,"never closed\n3,ok\n4,"fine"\n' > "$TMP/q.csv"
run $GAZETTE import "$TMP/q.csv" --db "$TMP/i.db" --table q
is "$ERR" "$TMP/q.csv:2: text after a closing quote (a \" inside a quoted field must be doubled: \"\") in field 2
$TMP/q.csv:3: a quote is not closed on this line (it pairs with a quote on a later line) in field 2" "broken quotes are reported by line"
is "$(q "SELECT group_concat(a) FROM q")" "3,4" "  and the lines after them load"
{ printf 'a,b\n1,'; head -c 1100000 /dev/zero | tr '\0' 'x'; printf '\n2,y\n'; } > "$TMP/big.csv"
run $GAZETTE import "$TMP/big.csv" --db "$TMP/i.db" --table big
like "$ERR" "big.csv:2: field too long in field 2" "an oversized field rejects its line"
is "$(q "SELECT group_concat(a) FROM big")" "2" "  and the rest loads"
printf 'a\n\xe4\xb8\n' > "$TMP/badutf.csv"
run $GAZETTE import "$TMP/badutf.csv" --db "$TMP/i.db" --table badutf --encoding utf-8
like "$ERR" "badutf.csv:2: column a: bytes that are not UTF-8" "--encoding utf-8 with a broken sequence"

# Input errors before anything is loaded
run $GAZETTE import "$TMP/none.csv" --db "$TMP/i.db" --table x
is "$RC" 2 "a missing file exits 2"
like "$ERR" "^gazette import: cannot read '$TMP/none.csv': No such file or directory" "  naming it"
: > "$TMP/empty.csv"
run $GAZETTE import "$TMP/empty.csv" --db "$TMP/i.db" --table x
is "$RC" 2 "an empty file exits 2"
is "$ERR" "gazette import: '$TMP/empty.csv' is empty: expected a header line and data lines" "  saying so"
mkdir "$TMP/adir"
run $GAZETTE import "$TMP/adir" --db "$TMP/i.db" --table x
is "$RC" 2 "a folder exits 2"
is "$ERR" "gazette import: cannot read '$TMP/adir': Is a directory" "  with the read error (not 'is empty')"
run $GAZETTE import "$TMP/g.csv" --db "$TMP/i.db" --table x --max-bytes 100
is "$RC" 2 "an oversized file exits 2"
like "$ERR" "is larger than 100 bytes; raise --max-bytes" "  saying how to read it"
run $GAZETTE import "$TMP/g.csv" --db "$TMP/i.db" --table x --encoding klingon
is "$RC" 2 "an unknown encoding exits 2"
is "$ERR" "gazette import: cannot decode '$TMP/g.csv' as klingon: unknown encoding (try utf-8, gbk or gb18030)" "  naming it and the known ones"
run $GAZETTE import "$TMP/g.csv" --table x
is "$RC" 2 "missing --db exits 2"
like "$ERR" "^gazette import: --db FILE.db is required" "  saying so"
run $GAZETTE import "$TMP/g.csv" --db "$TMP/i.db"
is "$RC" 2 "missing --table exits 2"
like "$ERR" "^gazette import: --table T is required" "  saying so"
run $GAZETTE import --db "$TMP/i.db" --table x
is "$RC" 2 "missing file exits 2"
like "$ERR" "^gazette import: which file\? gazette import FILE.csv --db FILE.db --table T" "  asking which"
run $GAZETTE import "$TMP/g.csv" --db "$TMP/g.csv" --table x
is "$RC" 2 "a --db that is not a database exits 2"
is "$ERR" "gazette import: '$TMP/g.csv' is not a SQLite database: file is not a database" "  saying so"
run $GAZETTE import "$TMP/b.csv" --db "/nonexistent/dir/i.db" --table x
is "$RC" 1 "an unwritable database exits 1"
is "$ERR" "gazette import: cannot open '/nonexistent/dir/i.db': unable to open database file" "  naming it"

# Read back through records, typed.
cat > "$TMP/read.lua" <<'LUA'
local db = require("records").open(arg[1], { readonly = true })
local out = {}
for r, err in db:rows("e", { types = { established_on = "date", operating_normally = "boolean" } }) do
  out[#out + 1] = ("%s %s %s"):format(r.uscc, tostring(r.established_on), tostring(r.operating_normally))
end
print(out[2])
LUA
run $GAZETTE "$TMP/read.lua" "$TMP/i.db"
is "$OUT" "913502000728319549 2020-01-02 false" "imported rows read back through records"

done_testing
