#!/usr/bin/env bash
# The command line itself: every command has help, global options go before or after it.
. "$(dirname "$0")/../tap.sh"

run $GAZETTE --help
cmds=$(printf '%s\n' "$OUT" | sed -n '/^commands:/,/^$/p' | awk 'NF >= 2 && $1 != "commands:" {print $1}')
[ -n "$cmds" ]; ok $? "--help lists the commands"
for c in $cmds; do
  run $GAZETTE help "$c"
  is "$RC" 0 "gazette help $c exits 0"
  like "$OUT" "usage: gazette $c" "gazette help $c shows its usage"
  HELP=$OUT
  run $GAZETTE "$c" --help
  is "$RC" 0 "gazette $c --help exits 0"
  is "$OUT" "$HELP" "gazette $c --help prints the same help"
done
run $GAZETTE help no-such-command
is "$RC" 2 "help for an unknown command exits 2"
is "$ERR" "gazette: no command 'no-such-command'; 'gazette --help' lists them" "  saying where the commands are listed"
run $GAZETTE no-such-command
is "$RC" 2 "an unknown command exits 2"
like "$ERR" "neither a command nor a script" "and says what it is not"
run $GAZETTE --max-memory lots -e 'return 1'
is "$RC" 2 "a bad --max-memory is a usage error"
like "$ERR" "--max-memory expects a size such as 512M" "naming the expected form"
run $GAZETTE --calendar-unknown=weekends cal is-workday 2031-05-05
is "$OUT" "true" "a global option before the command applies to it"
run $GAZETTE cal is-workday 2031-05-05 --calendar-unknown=weekends
is "$OUT" "true" "and after it"
# A script with many arguments: each is pushed for the call (exec.c checks the stack first;
# without it 100 arguments overran the Lua stack and corrupted the heap)
printf 'local n = select("#", ...)\nreturn print(n, arg[1], arg[n], (select(n, ...)), #arg)\n' > "$TMP/args.lua"
run $GAZETTE "$TMP/args.lua" $(seq 1 100)
is "$RC" 0 "a script given 100 arguments runs"
is "$OUT" "100	1	100	100	100" "  and sees them all, as ... and as arg"
unlike "$ERR" "AddressSanitizer|ERROR" "  with no memory error"
run $GAZETTE "$TMP/args.lua" $(seq 1 5000)
is "$OUT" "5000	1	5000	5000	5000" "5000 arguments too"
done_testing
