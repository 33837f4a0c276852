#!/usr/bin/env bash
# gazette repl at a terminal, driven through tmux (a real pseudo-terminal): the prompt,
# multi-line input, tab completion, Ctrl-C cancelling a line and a running loop, Ctrl-D,
# and the history kept across sessions.
. "$(dirname "$0")/../tap.sh"

if ! command -v tmux >/dev/null; then
  echo "1..0 # SKIP tmux is not installed (scripts/deps.sh --test installs it)"
  exit 0
fi
export TERM=xterm
HIST="$TMP/history"
SOCK="gz-repl-test-$$"
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() { T kill-server 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT

# screen: the visible lines, trailing blanks dropped
screen() { T capture-pane -p -t gz | sed 's/[[:space:]]*$//' | grep -v '^$'; }
# wait_for REGEX: polls the screen until a line matches (up to 10 s)
wait_for() {
  for _ in $(seq 1 100); do
    screen | grep -Eq -- "$1" && return 0
    sleep 0.1
  done
  return 1
}
# say TEXT: literal keys (tmux would read "end" as the End key); key NAME...: named keys
say() { T send-keys -t gz -l "$1"; }
key() { T send-keys -t gz "$@"; }
start() {
  T new-session -d -s gz -x 150 -y 50 "cd '$PWD' && GAZETTE_HISTORY='$HIST' $GAZETTE $* repl; echo EXITED \$?; sleep 30"
}

start
wait_for '^gazette>$'; ok $? "the banner and the prompt"
like "$(screen | head -1)" "^gazette .*\.help lists the commands" "the banner names .help"

say '6 * 7'; key Enter
wait_for '^42$'; ok $? "an expression prints its value"

say 'function twice(x)'; key Enter
wait_for '^    \.\.\.>$'; ok $? "an unfinished function gets the continuation prompt"
say '  return 2 * x'; key Enter; say 'end'; key Enter; say 'twice(21)'; key Enter
wait_for '^gazette> twice\(21\)$' && sleep 0.2
is "$(screen | tail -2 | head -1)" "42" "the multi-line function is defined and runs"

# completion: a global's field, a dot-command, a dot-command's argument
say 'cal.is_w'; key Tab
wait_for '^gazette> cal\.is_workday\($'; ok $? "Tab completes cal.is_w to cal.is_workday("
say 'date("2025-10-08"))'; key Enter
wait_for '^false$'; ok $? "and the completed call runs (2025-10-08 is in the National Day break)"
say 'date'; key Tab; key Tab
wait_for 'date +dates'; ok $? "Tab Tab lists date and dates"
key C-u; say '.ti'; key Tab
wait_for '^gazette> \.timer$'; ok $? "Tab completes a dot-command"
say 'o'; key Tab; key Tab
wait_for 'off +on'; ok $? "and its arguments (.timer on|off)"
key C-u; say 'twi'; key Tab
wait_for '^gazette> twice\($'; ok $? "a function defined in the session completes"
key C-u
say 'x_local = {alpha = 1, beta = 2}'; key Enter; say 'x_local.al'; key Tab
wait_for '^gazette> x_local\.alpha$'; ok $? "a session table's fields complete"
key C-u

# Ctrl-C: a typed line is dropped; a running loop stops; the session goes on
say 'this line is dropped'
wait_for 'this line is dropped$'
key C-c
wait_for '^gazette> this line is dropped\^C$'; ok $? "Ctrl-C on a typed line shows ^C"
wait_for '^gazette>$'; ok $? "and gives a fresh prompt"
say 'n = 0; while true do n = n + 1 end'; key Enter
sleep 0.5
key C-c
wait_for 'stdin:1: interrupted'; ok $? "Ctrl-C interrupts a running loop"
say 'n > 0'; key Enter
wait_for '^true$'; ok $? "and the session, with what the loop did, goes on"
say 'function unfinished('; key Enter
wait_for '^    \.\.\.>$'
key C-c
say '"after"'; key Enter
wait_for '^after$'; ok $? "Ctrl-C drops an unfinished multi-line input"

# errors keep the session
say '.asof 2025-02-30'; key Enter
wait_for "^\.asof: invalid date '2025-02-30'"; ok $? "a bad date is one line"
say 'undefined_name'; key Enter
wait_for "undefined global 'undefined_name'"; ok $? "an unknown name is one line"
say '.nope'; key Enter
wait_for "unknown command '\.nope'"; ok $? "an unknown command is one line"
say 'twice(5)'; key Enter
wait_for '^10$'; ok $? "and the session still has its functions"

# Ctrl-D leaves with status 0
key C-d
wait_for '^EXITED 0$'; ok $? "Ctrl-D leaves, exit status 0"
T kill-session -t gz

# history: persisted, and recalled with Up in the next session
grep -qx 'twice(21)' "$HIST"; ok $? "the history file holds the inputs"
grep -qx '6 \* 7' "$HIST"; ok $? "  in order"
start
wait_for '^gazette>$'
key Up
wait_for '^gazette> twice\(5\)$'; ok $? "Up recalls the last input of the previous session"
key C-u; say '.quit'; key Enter
wait_for '^EXITED 0$'; ok $? ".quit leaves"
T kill-session -t gz

# completion that knows the measure and the population
DATA="$(cd "$(dirname "$0")" && pwd)/data/repl"
sqlite3 "$TMP/pop.db" < "$DATA/pop.sql"
start --path "$DATA"
wait_for '^gazette>$'
say '.load repltest.jobs-s'; key Tab
wait_for '^gazette> \.load repltest\.jobs-subsidy$'; ok $? "Tab completes a measure id after .load"
key Enter
wait_for '^loaded repltest'; ok $? "  and loads it"
say ".db $TMP/po"; key Tab
wait_for "^gazette> \.db $TMP/pop\.db$"; ok $? "Tab completes a file name after .db"
key Enter
say '.set ca'; key Tab
wait_for '^gazette> \.set cap$'; ok $? "Tab completes a parameter name after .set"
say '30万'; key Enter
say '.interpret h'; key Tab
wait_for '^gazette> \.interpret hires-floor$'; ok $? "Tab completes an interpretation"
say 'ex'; key Tab
wait_for '^gazette> \.interpret hires-floor exclusive$'; ok $? "  and its choice"
key C-u
say '.compare by reg_'; key Tab
wait_for '^gazette> \.compare by reg_district$'; ok $? "Tab completes a column after .compare by"
key C-u; say 'sme.cl'; key Tab
wait_for '^gazette> sme\.classify\($'; ok $? "Tab completes sme.cl to sme.classify("
key C-u; say 'M:pre'; key Tab
wait_for '^gazette> M:prepare\($'; ok $? "Tab completes a method of the measure (M:pre -> M:prepare()"
key C-u; say '.asof 2022-06-01'; key Enter
say '.compare'; key Enter
wait_for '^total cost change: \+50,000\.00元$'; ok $? ".compare at the terminal"
key C-d
wait_for '^EXITED 0$'
T kill-session -t gz

done_testing
