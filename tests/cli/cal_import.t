#!/usr/bin/env bash
# gazette cal import: the State Council's holiday notice read from its text (docs/dates.md).
. "$(dirname "$0")/../tap.sh"
N="$(dirname "$0")/data/notices"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"

# The two notices as published reproduce the calendar's rows for their years, exactly.
for y in 2017 2026; do
  run $GAZETTE cal import "$N/$y.txt" --print
  is "$RC" 0 "cal import $y.txt --print exits 0"
  want=$(printf 'date,status,festival\n'; awk -F, -v y=$y 'NR > 1 && $6 == y { print $1 "," $2 "," $3 }' "$ROOT/stdlib/data/cn-calendar.csv")
  is "$OUT" "$want" "  its rows are stdlib/data/cn-calendar.csv's for $y ($(printf '%s\n' "$want" | tail -n +2 | wc -l) rows)"
done
# 2017: 中秋 (2017-10-04, 农历八月十五) inside the 中秋节、国庆节 section, 与周末连休 adds no day,
# 1月2日 补休 is a day off; 2026: （农历腊月二十八、周日） labels, 2月15日至23日 spans.
run $GAZETTE cal import "$N/2017.txt" --print
like "$OUT" "2017-10-04,off,中秋" "2017: the 中秋 day of the joint section is 中秋, from the lunar calendar"
like "$OUT" "2017-10-05,off,国庆节" "  and the rest of the break 国庆节"
unlike "$OUT" "2017-04-29|2017-04-30" "  与周末连休 lists no weekend day"
like "$OUT" "2017-01-02,off,元旦" "  1月2日（星期一）补休: a day off"

# Installing: a built-in year is refused; a new year goes to $XDG_DATA_HOME/gazette.
run $GAZETTE cal import "$N/2026.txt"
is "$RC" 2 "installing 2026, which the calendar ships, exits 2"
like "$ERR" "2026 is already in the built-in calendar" "  and says so"
run $GAZETTE cal add-workdays 2026-12-30 3
is "$RC" 2 "before the 2027 notice, a deadline reaching 2027 is an error"
like "$ERR" "has no data for 2027.*国务院办公厅关于2027年部分节假日安排的通知.*gazette cal import NOTICE.txt" "  that says how to import the notice"
run $GAZETTE cal import "$N/2027-test.txt"
is "$RC" 0 "importing a 2027 notice exits 0"
like "$OUT" "^installed 2027: 29 days off and 4 working days from 国务院办公厅关于2027年部分节假日安排的通知, in $XDG_DATA_HOME/gazette/calendar/2027.csv" "  and says what and where"
ok $([ -f "$XDG_DATA_HOME/gazette/calendar/2027.csv" ]; echo $?) "  the year is a file in \$XDG_DATA_HOME/gazette/calendar"
run $GAZETTE cal add-workdays 2026-12-30 3
is "$OUT" "2027-01-05" "every later command knows 2027: 12-31 (1), 01-01..03 off, 01-04 (2), 01-05 (3)"
run $GAZETTE cal is-workday 2027-02-14
is "$OUT" "true" "  2027-02-14, a Sunday made a working day"
run $GAZETTE cal day 2027-10-04
like "$OUT" "^2027-10-04 星期一 off .*国庆节 .*国务院办公厅关于2027年部分节假日安排的通知" "  cal day names the festival and the notice"
run $GAZETTE -e 'return cal.is_workday(date("2027-02-08")), cal.add_workdays(date("2027-02-04"), 1)'
is "$OUT" "false
2027-02-14" "  and so does Lua's cal (the measures' deadlines)"
run $GAZETTE cal import "$N/2027-test.txt"
like "$OUT" "^replaced 2027:" "importing the same year again replaces it"
run $GAZETTE cal import "$N/2027-test.txt" --force
is "$RC" 2 "an unknown option exits 2"

# Hostile or broken notices: each a clear error naming the file and line, exit 2, nothing installed.
bad() { # DESC SED-EXPRESSION EXPECTED-ERROR-REGEX
  sed "$2" "$N/2027-test.txt" > "$TMP/bad.txt"
  rm -rf "$TMP/xdg-bad"
  OUT=$(XDG_DATA_HOME="$TMP/xdg-bad" $GAZETTE cal import "$TMP/bad.txt" 2>"$TMP/err"); RC=$?; ERR=$(cat "$TMP/err")
  is "$RC" 2 "$1: exit 2"
  like "$ERR" "$3" "  $1: the message"
  ok $([ ! -e "$TMP/xdg-bad/gazette/calendar/2027.csv" ]; echo $?) "  $1: nothing installed"
}
bad "a weekday that is not the date's" 's/2月14日（周日）/2月14日（周一）/' "^gazette cal: $TMP/bad.txt:12: 2月14日 is marked 星期一, but 2027-02-14 is a 星期日"
bad "a date that does not exist" 's/4月3日（周六）至5日/4月31日（周六）至5日/' "bad.txt:14: '4月31日' is not a date: 2027 has no 4月31日"
bad "a count of days that is not the span's" 's/共9天/共8天/' "bad.txt:12: '共8天', but the span before it has 9 days"
bad "a sentence that arranges nothing the notice forms know" 's/6月9日放假/6月9日起放假/' "bad.txt:18: cannot read '起放假' after the dates"
bad "a day arranged twice" 's/9月15日（星期三）放假/10月2日放假/' "bad.txt:22: 2027-10-02 is arranged twice \\(also line 20\\)"
bad "a work day inside a break" 's/10月9日（周六）上班/10月2日（周六）上班/' "bad.txt:22: 2027-10-02 is arranged both as a day off and as a working day"
bad "a date outside the notice's year" 's/6月9日放假/2028年6月9日放假/' "outside the year the notice arranges \(2027"
bad "a label that is not a weekday" 's/（周五）至3日/（周八）至3日/' "'周八' after 1月1日 is not a weekday"
# found by fuzz_notice: a section with only blanks (here tabs) before its ':' installed days
# labelled with no festival
bad "a section that names no festival" 's/^一、元旦：/一、\t\t：/' "bad.txt:10: a section names no festival before its ':'"
bad "not a notice" '1s/.*/关于做好春节期间值班工作的通知/' "no title 国务院办公厅关于YYYY年部分节假日安排的通知 found"
printf '国务院办公厅关于2027年部分节假日安排的通知\n\n一、元旦：\n' > "$TMP/empty.txt"
run $GAZETTE cal import "$TMP/empty.txt" --print
like "$ERR" "empty.txt:3: the section for 元旦 arranges no day" "a section without dates is an error"
head -c 2000000 /dev/zero | tr '\0' 'x' > "$TMP/huge.txt"
run $GAZETTE cal import "$TMP/huge.txt"
is "$RC" 2 "a 2 MB file exits 2"
like "$ERR" "huge.txt: larger than 1 MiB: not a holiday notice" "  and says why"
printf '\x00\x01' > "$TMP/bin.txt"
run $GAZETTE cal import "$TMP/bin.txt" --print
like "$ERR" "bin.txt: contains NUL bytes" "a binary file is refused"
run $GAZETTE cal import "$TMP/none.txt"
like "$ERR" "cannot read .*none.txt" "a missing file is named"

# A notice saved in GBK (a Chinese Windows) reads the same.
if iconv -f UTF-8 -t GBK "$N/2026.txt" > "$TMP/gbk.txt" 2>/dev/null; then
  run $GAZETTE cal import "$TMP/gbk.txt" --print
  is "$OUT" "$($GAZETTE cal import "$N/2026.txt" --print)" "a GBK notice gives the same rows"
fi

# The joint section needs the lunar calendar: a year outside its table is a clear error.
sed -e 's/2027年/2055年/g' -e '/（/s/（[^）]*）//g' "$N/2017.txt" > "$TMP/2055.txt"
sed -i 's/2017/2055/' "$TMP/2055.txt"
run $GAZETTE cal import "$TMP/2055.txt" --print
like "$ERR" "the section names 中秋 and 国庆节 together; which of its days is 中秋's own needs the lunar calendar" "a joint section in a year without lunar data is an error"

done_testing
