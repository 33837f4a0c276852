#!/usr/bin/env bash
# Money from the command line (gazette -e): the examples of issue 3 and docs/money.md,
# and the errors a script author meets (one line on stderr naming the operator and types).
. "$(dirname "$0")/../tap.sh"

run $GAZETTE -e 'return (yuan("0.1") + yuan("0.2")) == yuan("0.3")'
is "$OUT" "true" "0.1 + 0.2 == 0.3 in money"
run $GAZETTE -e 'return wan(2500):fen()'
is "$OUT" "2500000000" "wan(2500):fen() = 2500 * 10,000 * 100"
run $GAZETTE -e 'return (yuan(20425) * ratio("2.35")):fen()'
is "$OUT" "4799875" "20,425 * 2.35 = 47,998.75 元 = 4,799,875 分"
run $GAZETTE -e 'return (yuan(1) * ratio("0.005")):fen()'
is "$OUT" "1" "1 元 * 0.005 = 0.5 分 -> 1 (half up)"
run $GAZETTE -e 'return yuan(1):mul(ratio("0.005"), "fen", "half_even"):fen()'
is "$OUT" "0" "  and 0 with half_even"
run $GAZETTE -e 'return wan("2500")'
is "$OUT" "25,000,000.00元" "wan('2500') prints 25,000,000.00元"
run $GAZETTE -e 'return tostring(yuan(3600000))'
is "$OUT" "3,600,000.00元" "tostring(yuan(3600000))"
run $GAZETTE -e 'return (yuan(123456789) * pct(1) + wan(500)):round("wan2")'
is "$OUT" "6,234,600.00元" "123,456,789 * 1% + 500万 = 6,234,567.89, to 万元 with 2 decimals 6,234,600.00"
run $GAZETTE -e 'return yuan(20425) * "2.35"'
is "$OUT" "47,998.75元" "money * decimal string"
run $GAZETTE -e 'return yuan(3600000):daxie()'
is "$OUT" "叁佰陆拾万元整" "大写"
run $GAZETTE -e 'return yuan(3600000):wan_str()'
is "$OUT" "360.00万元" "万元 form"
run $GAZETTE -e 'return require("json").encode({amount = yuan(3600000)})'
is "$OUT" '{"amount":"3600000.00"}' "JSON writes the plain string"
run $GAZETTE -e 'return cap(yuan(180) * "150000", wan(2500))'
is "$OUT" "25,000,000.00元
true" "cap returns the amount and whether the ceiling bound"
run $GAZETTE -e 'return money("１２，３４５．６７元")'
is "$OUT" "12,345.67元" "full-width input"

# Errors: exit 1, one line, the operator and operand types named, nothing on stdout.
run $GAZETTE -e 'return yuan(1) + 1'
is "$RC" 1 "money + number exits 1"
is "$ERR" "gazette: (command line):1: money + integer: money adds only to money (make money of a number with yuan(x))" "  naming the operator and the types"
is "$OUT" "" "  printing nothing on stdout"
run $GAZETTE -e 'return yuan(1) * 2.35'
like "$ERR" "money \* float: a bare float \(2\.35\) is not exact; convert it with ratio\(x\)" "money * float is refused"
run $GAZETTE -e 'return yuan(1) / 0'
like "$ERR" "money / integer: division by zero" "division by zero"
run $GAZETTE -e 'return money("92233720368547758.07") + yuan("0.01")'
like "$ERR" "money \+ money: overflow" "overflow is an error, never a wrap"
run $GAZETTE -e 'return money("12.345")'
is "$ERR" "gazette: (command line):1: bad argument #1 to 'money' (invalid money '12.345': a fraction of a 分 (more than two decimals of 元))" "a fraction of a 分 is refused, quoting the input"
run $GAZETTE -e 'return money("12美元")'
like "$ERR" "invalid money '12美元': expected a unit 元, 万元, 亿元, 万 or 亿" "an unknown unit"
run $GAZETTE -e "return money(string.rep('1', 100000))"
like "$ERR" "invalid money '1{40}\.\.\.' \(100000 bytes\): too long" "a 100,000-byte input is quoted short"
run $GAZETTE -e "return money('\\0\\1\\2')"
like "$ERR" "invalid money '\?\?\?': expected a number" "control bytes are not echoed"
run $GAZETTE -e "return money('\\xff\\xfe元')"
is "$RC" 1 "invalid UTF-8 is an error, not a crash"
like "$ERR" "^gazette: \(command line\):1: bad argument #1 to 'money' \(invalid money '" "  naming the call and what is wrong"

done_testing
