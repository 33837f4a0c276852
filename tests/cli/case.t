#!/usr/bin/env bash
# gazette case open|fire|show|list|verify (docs/workflows.md): every command, the --json
# shape, refusals that record nothing, tamper detection, a race between two processes, bad input.
. "$(dirname "$0")/../tap.sh"

S="$TMP/cases.db"
W1=beijing.construction-permit
W2=bda.kindergarten-subsidy-application
count() { sqlite3 "$S" "SELECT count(*) FROM events"; }
head_hash() { sqlite3 "$S" "SELECT hash FROM events ORDER BY seq DESC LIMIT 1"; }

# ---- help
run $GAZETTE help case
like "$OUT" "^approval cases" "help case: the summary line"
like "$OUT" "gazette case verify" "  lists verify"
run $GAZETTE case --help
is "$RC" 0 "case --help exits 0"
like "$OUT" "^approval cases: open, fire events, show, list, verify" "  printing the help of case"

# ---- open
run $GAZETTE case open $W1 --id P-1 --on 2024-03-04 --store "$S"
is "$RC" 0 "open exits 0"
like "$OUT" "^opened case P-1 \(beijing.construction-permit\) on 2024-03-04: state submitted" "open says the state"
like "$OUT" "issue_by +2024-03-11 pending" "  and the deadline: 2024-03-04 + 5 working days = 03-11"
ok "$([ -f "$S" ]; echo $?)" "the store file was created"
run $GAZETTE case open $W1 --id P-2 --on 2024年3月4日 --store "$S" --json --data '{"project": "住宅楼", "area_m2": 1200}'
is "$RC" 0 "open with a Chinese date and inline --data"
like "$OUT" '^\{"id":"P-2","workflow":"beijing.construction-permit","title":"[^"]+","state":"submitted","as_of":"2024-03-04"' "open --json: the case"
like "$OUT" '"data":\{"area_m2":1200,"project":"住宅楼"\}' "  with its data"
echo '{"kindergarten": "经开区某幼儿园", "children": 86}' > "$TMP/k.json"
run $GAZETTE case open $W2 --id K-1 --on 2025-09-01 --data "$TMP/k.json" --store "$S"
is "$RC" 0 "open with --data FILE"
N0=$(count)
is "$N0" 3 "three cases, three entries"

# ---- open: bad input, nothing recorded
run $GAZETTE case open no.such-flow --id X --on 2024-03-04 --store "$S"
is "$RC" 2 "unknown workflow exits 2"
like "$ERR" "unknown workflow 'no.such-flow' \(known: .*beijing.construction-permit" "  naming it and the known ones"
run $GAZETTE case open $W1 --id P-1 --on 2024-03-04 --store "$S"
is "$RC" 2 "opening an existing id exits 2"
like "$ERR" "case P-1 already exists" "  saying so"
run $GAZETTE case open $W1 --on 2024-03-04 --store "$S"
is "$RC" 2 "open without --id exits 2"
like "$ERR" "--id ID is required" "  saying so"
run $GAZETTE case open $W1 --id X --store "$S"
is "$RC" 2 "open without --on exits 2"
like "$ERR" "^gazette case: open: --on DATE is required" "  saying so"
run $GAZETTE case open $W1 --id X --on 2024-02-30 --store "$S"
is "$RC" 2 "open on 2024-02-30 exits 2"
like "$ERR" "invalid --on date: .*2024-02-30" "  quoting the date"
run $GAZETTE case open $W1 --id X --on 2031-03-04 --store "$S"
is "$RC" 2 "a year the calendar does not know exits 2"
like "$ERR" "no data for 2031" "  naming the year"
run $GAZETTE case open $W1 --id X --on 2024-03-04 --data '{"a": 1,' --store "$S"
is "$RC" 2 "malformed inline --data exits 2"
like "$ERR" "--data is not valid JSON: line 1, column" "  with line and column"
printf '{"a": [1, 2}' > "$TMP/bad.json"
run $GAZETTE case open $W1 --id X --on 2024-03-04 --data "$TMP/bad.json" --store "$S"
is "$RC" 2 "malformed --data FILE exits 2"
like "$ERR" "bad.json is not valid JSON: line 1" "  naming the file"
run $GAZETTE case open $W1 --id X --on 2024-03-04 --data '[1, 2]' --store "$S"
is "$RC" 2 "--data that is not an object exits 2"
like "$ERR" "must be a JSON object" "  saying what it must be"
run $GAZETTE case open $W1 --id X --on 2024-03-04 --data "$TMP/none.json" --store "$S"
is "$RC" 2 "a missing --data file exits 2"
like "$ERR" "cannot read --data .*none.json" "  naming it"
head -c 1100000 /dev/zero | tr '\0' ' ' > "$TMP/big.json"
run $GAZETTE case open $W1 --id X --on 2024-03-04 --data "$TMP/big.json" --store "$S"
is "$RC" 2 "an oversized --data file exits 2"
like "$ERR" "larger than 1 MiB" "  saying so"
run $GAZETTE case open $W1 --id "$(printf 'a\nb')" --on 2024-03-04 --store "$S"
is "$RC" 2 "an id with a newline exits 2"
is "$ERR" "gazette case open: a case id cannot contain control characters" "  saying why"
run $GAZETTE case open $W1 --id "$(head -c 300 /dev/zero | tr '\0' x)" --on 2024-03-04 --store "$S"
is "$RC" 2 "an id of 300 bytes exits 2"
is "$ERR" "gazette case open: case id too long (300 bytes; at most 200)" "  giving the length and the limit"
run $GAZETTE case open $W1 --id X --on 2024-03-04 --store "$S" --bogus
is "$RC" 2 "an unknown option exits 2"
is "$(count)" "$N0" "none of these recorded anything"

# ---- fire
run $GAZETTE case fire P-1 issue --on 2024-03-12 --actor 朝阳区住房和城乡建设委员会 --store "$S"
is "$RC" 0 "fire issue exits 0"
like "$OUT" "^P-1: issue on 2024-03-12: submitted → issued" "  saying the transition"
like "$OUT" "issue_by 2024-03-11 NOT met" "  recorded with issue_by not met (03-12 > 03-11)"
like "$OUT" "start_by +2024-06-12 pending" "  and the new deadline: 2024-03-12 + 3 months"
N1=$(count); H1=$(head_hash)
run $GAZETTE case fire P-1 issue --on 2024-03-13 --store "$S"
is "$RC" 1 "a refused event exits 1"
like "$ERR" "^gazette case fire: refused: issue is not allowed in state issued \(allowed: extend, start\)" "  with the reason"
is "$(count)" "$N1" "  and records nothing"
is "$(head_hash)" "$H1" "  the log head is unchanged"
run $GAZETTE case fire P-1 extend --on 2024-04-01 --data '{"months": 4}' --store "$S"
is "$RC" 1 "extend by 4 months exits 1"
like "$ERR" "1 to 3 whole months.*第十四条" "  citing 第十四条"
run $GAZETTE case fire P-1 extend --on 2024-04-01 --store "$S"
is "$RC" 1 "extend without data exits 1"
like "$ERR" "extend needs data.months" "  naming the missing data"
echo '{"months": 2}' > "$TMP/ext.json"
run $GAZETTE case fire P-1 extend --on 2024-04-01 --data "$TMP/ext.json" --store "$S"
is "$RC" 0 "extend by 2 months from a file"
like "$OUT" "start_by +2024-08-12 pending" "  start_by = 2024-03-12 + 5 months = 08-12"
run $GAZETTE case fire P-1 start --on 2024-03-30 --store "$S"
is "$RC" 1 "an event dated before the last one exits 1"
like "$ERR" "earlier than the case's last event \(extend on 2024-04-01\)" "  naming the last event"
run $GAZETTE case fire P-2 refuse --on 2024-03-08 --store "$S"
is "$RC" 1 "refuse without --note exits 1"
like "$ERR" "refuse needs note.*--note TEXT.*第十条第二款" "  asking for --note, citing 第十条第二款"
run $GAZETTE case fire P-9 issue --on 2024-03-08 --store "$S"
is "$RC" 2 "an unknown case exits 2"
like "$ERR" "unknown case 'P-9'" "  naming it"
run $GAZETTE case fire P-2 approve --on 2024-03-08 --store "$S"
is "$RC" 2 "an unknown event exits 2"
like "$ERR" "has no event 'approve' \(events: extend, issue, refuse, request_documents, resubmit, start\)" "  listing the events"
run $GAZETTE case fire P-2 issue --on 2024-3-32 --store "$S"
is "$RC" 2 "a malformed date exits 2"
like "$ERR" "^gazette case fire: invalid --on date: invalid date '2024-3-32': day 32 does not exist" "  quoting the date"
run $GAZETTE case fire P-2 issue --store "$S"
is "$RC" 2 "fire without --on exits 2"
like "$ERR" "^gazette case: fire: --on DATE is required" "  saying so"
run $GAZETTE case fire P-2 --on 2024-03-08 --store "$S"
is "$RC" 2 "fire without an event exits 2"
like "$ERR" "missing the case id and the event" "  saying so"
is "$(count)" "$((N1 + 1))" "only the extend was recorded"

# ---- show
run $GAZETTE case show P-1 --as-of 2024-05-01 --store "$S"
is "$RC" 0 "show exits 0"
like "$OUT" "^case P-1  beijing.construction-permit" "show: the case"
like "$OUT" "state: issued \(as of 2024-05-01\)" "  its state as of the date"
like "$OUT" "start_by +2024-08-12 pending" "  its deadlines"
run $GAZETTE case show P-1 --as-of 2024-08-13 --store "$S" --json
is "$RC" 0 "show --json exits 0"
like "$OUT" '^\{"id":"P-1","workflow":"beijing.construction-permit",.*"state":"void".*"history":\[.*\],"deadlines":\[' "show --json: {id, workflow, state, history, deadlines}"
like "$OUT" '"event":"lapse","on":"2024-08-13","from":"issued","to":"void",.*"derived":true' "  the lapse as of 2024-08-13, derived"
like "$OUT" '"deadlines":\[\{"name":"issue_by","due":"2024-03-11","met":false' "  deadlines as {name, due, met}"
like "$OUT" '\{"name":"start_by","due":"2024-08-12","met":false,"status":"missed"' "  start_by missed"
run $GAZETTE case show P-1 --as-of 2024-08-12 --store "$S" --json
like "$OUT" '"state":"issued"' "  still issued on start_by"
run $GAZETTE case show P-1 --as-of 2024-13-01 --store "$S"
is "$RC" 2 "show with a malformed --as-of exits 2"
like "$ERR" "^gazette case show: invalid --as-of date: invalid date '2024-13-01': month 13 is not 1-12" "  quoting the date"
run $GAZETTE case show NOPE --store "$S"
is "$RC" 2 "show of an unknown case exits 2"
like "$ERR" "^gazette case show: unknown case 'NOPE' in .*/cases.db$" "  naming the case and the store"

# ---- W2 through the command line: the notice period
$GAZETTE case fire K-1 accept --on 2025-09-02 --store "$S" >/dev/null
$GAZETTE case fire K-1 publish --on 2025-09-26 --store "$S" >/dev/null
run $GAZETTE case fire K-1 approve --on 2025-10-09 --store "$S"
is "$RC" 1 "approve on public_notice_end exits 1"
like "$ERR" "public notice runs until 2025-10-09.*第十四条" "  09-26, 09-28 (worked Sunday), 09-29, 09-30, 10-09"
run $GAZETTE case fire K-1 approve --on 2025-10-10 --store "$S"
is "$RC" 0 "approve on 2025-10-10"
like "$OUT" "^K-1: approve on 2025-10-10: public_notice → approved" "  the day after public_notice_end: approved"
$GAZETTE case fire K-1 suspend --on 2025-11-01 --store "$S" >/dev/null
run $GAZETTE case fire K-1 rectify --on 2025-11-20 --store "$S" --json
like "$OUT" '"state":"approved"' "rectify returns to approved"

# ---- list
run $GAZETTE case list --as-of 2025-12-01 --store "$S"
is "$RC" 0 "list exits 0"
like "$OUT" "^CASE +WORKFLOW +STATE +OPENED +OVERDUE" "list: a header"
is "$(printf '%s\n' "$OUT" | grep -c '^[PK]-')" 3 "  and the three cases"
run $GAZETTE case list --as-of 2024-03-05 --store "$S"
is "$(printf '%s\n' "$OUT" | grep -c '^[PK]-')" 2 "list as of 2024-03-05: K-1, opened in 2025, is not listed"
run $GAZETTE case show P-1 --as-of 2024-03-11 --store "$S" --json
like "$OUT" '"state":"submitted"' "show as of a date before the issue: submitted then"
run $GAZETTE case show K-1 --as-of 2024-03-11 --store "$S"
is "$RC" 2 "show as of a date before the case was opened exits 2"
like "$ERR" "case K-1 was opened on 2025-09-01, after --as-of 2024-03-11" "  saying so"
run $GAZETTE case list --overdue --as-of 2024-03-12 --store "$S"
like "$OUT" "^P-2 .* submitted .*issue_by 2024-03-11" "list --overdue: P-2, not issued by 03-11"
is "$(printf '%s\n' "$OUT" | grep -c '^[PK]-')" 1 "  only P-2"
run $GAZETTE case list --overdue --as-of 2024-03-11 --store "$S"
is "$OUT" "no cases" "  none on 03-11"
run $GAZETTE case list --state void --as-of 2024-08-13 --store "$S" --json
like "$OUT" '^\[\{"id":"P-1","workflow":"beijing.construction-permit","state":"void"' "list --state void --json"
run $GAZETTE case list --state issued --as-of 2024-08-13 --store "$S" --json
is "$OUT" "[]" "  none issued as of 2024-08-13"
run $GAZETTE case list --overdue --as-of 2024-3-x --store "$S"
is "$RC" 2 "list with a malformed --as-of exits 2"
like "$ERR" "^gazette case list: invalid --as-of date: invalid date '2024-3-x'" "  quoting the date"

# ---- verify and tampering
run $GAZETTE case verify --store "$S"
is "$RC" 0 "verify passes on an untouched store"
like "$OUT" "^ok: [0-9]+ entries in 3 cases, hash chain intact \(HMAC-SHA-256 under the store's key\), every case replays through its workflow; head [0-9]+:[0-9a-f]{64}" "  saying so"
run $GAZETTE case verify --store "$S" --json
like "$OUT" '^\{"ok":true,"entries":[0-9]+,"cases":3,"head":"[0-9a-f]{64}","head_entry":[0-9]+,"triggers":true\}$' "verify --json"
run sqlite3 "$S" "UPDATE events SET note = 'edited' WHERE seq = 4"
ok "$([ "$RC" != 0 ]; echo $?)" "the append-only trigger stops a plain UPDATE"
like "$ERR" "append-only" "  saying why"
run sqlite3 "$S" "DELETE FROM events WHERE seq = 4"
ok "$([ "$RC" != 0 ]; echo $?)" "  and a plain DELETE"
like "$ERR" "append-only: events cannot be deleted" "  saying why"
cp "$S" "$TMP/orig.db"
rm -f "$S-wal" "$S-shm"
sqlite3 "$S" "DROP TRIGGER events_no_update; UPDATE events SET note = 'edited' WHERE seq = 4"
run $GAZETTE case verify --store "$S"
is "$RC" 1 "verify exits 1 after a row is altered"
like "$ERR" "^gazette case verify: entry 4 \(case P-1, event #1 issue on 2024-03-12\): its contents do not match its HMAC" "  naming the entry"
sqlite3 "$S" "DROP TRIGGER IF EXISTS events_no_update; UPDATE events SET note = NULL WHERE seq = 4;
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the case event log is append-only: events cannot be changed'); END;"
run $GAZETTE case verify --store "$S"
is "$RC" 0 "  and passes again once the row is restored"
like "$OUT" "^ok: 10 entries in 3 cases, hash chain intact" "  saying so"
sqlite3 "$S" "DROP TRIGGER events_no_update; UPDATE events SET on_date = '2024-03-11' WHERE seq = 4"
run $GAZETTE case verify --store "$S" --json
is "$RC" 1 "changing a date is found"
like "$OUT" '^\{"ok":false,"entry":4,"case":"P-1"' "  verify --json names the entry"
cp "$TMP/orig.db" "$S"
sqlite3 "$S" "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 5"
run $GAZETTE case verify --store "$S"
is "$RC" 1 "verify exits 1 after a row is deleted"
like "$ERR" "entry 5 is missing" "  naming the missing entry"
cp "$TMP/orig.db" "$S"
LAST=$(sqlite3 "$S" "SELECT max(seq) FROM events")
sqlite3 "$S" "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = $LAST"
run $GAZETTE case verify --store "$S"
is "$RC" 1 "verify exits 1 after the last row is deleted"
like "$ERR" "case K-1 records [0-9]+ events but the log holds [0-9]+ \(its last events were deleted\)" "  naming the case"
cp "$TMP/orig.db" "$S"
sqlite3 "$S" "UPDATE cases SET state = 'started' WHERE id = 'P-1'"
run $GAZETTE case verify --store "$S"
is "$RC" 1 "verify exits 1 when a case row is changed"
like "$ERR" "case row of P-1 does not match its last event" "  naming the case"
cp "$TMP/orig.db" "$S"
run $GAZETTE case verify --store "$S"
is "$RC" 0 "the copy verifies"

# ---- concurrency: two processes fire from the same prior state
C="$TMP/race.db"
$GAZETTE case open $W1 --id R-1 --on 2024-03-04 --store "$C" >/dev/null
# The test hook holds each write 400 ms after its read, so both read the same prior state.
GAZETTE_CASE_TEST_DELAY_MS=400 $GAZETTE case fire R-1 issue --on 2024-03-08 --store "$C" >"$TMP/a.out" 2>"$TMP/a.err" &
A=$!
GAZETTE_CASE_TEST_DELAY_MS=400 $GAZETTE case fire R-1 refuse --on 2024-03-08 --note 不符合第六条 --store "$C" >"$TMP/b.out" 2>"$TMP/b.err" &
B=$!
wait $A; RA=$?
wait $B; RB=$?
is "$(( (RA == 0) + (RB == 0) ))" 1 "two racing fires: exactly one succeeds ($RA, $RB)"
is "$(( RA + RB ))" 1 "  the other exits 1"
like "$(cat "$TMP/a.err" "$TMP/b.err")" "conflict: case R-1 changed while this event was being checked.*nothing was recorded" "  with a conflict error"
is "$(sqlite3 "$C" "SELECT count(*) FROM events WHERE case_id = 'R-1'")" 2 "  and only one event recorded"
run $GAZETTE case verify --store "$C"
is "$RC" 0 "  the log verifies"
# Without the hook: whatever the timing, one wins (the other conflicts or is refused).
$GAZETTE case open $W1 --id R-2 --on 2024-03-04 --store "$C" >/dev/null
$GAZETTE case fire R-2 issue --on 2024-03-08 --store "$C" >/dev/null 2>&1 &
A=$!
$GAZETTE case fire R-2 issue --on 2024-03-08 --store "$C" >/dev/null 2>&1 &
B=$!
wait $A; RA=$?
wait $B; RB=$?
is "$(( (RA == 0) + (RB == 0) ))" 1 "two racing issues without the hook: exactly one succeeds"
is "$(sqlite3 "$C" "SELECT count(*) FROM events WHERE case_id = 'R-2' AND event = 'issue'")" 1 "  one issue recorded"
# The compare-and-set itself, from Lua: a write based on a stale read loses. (A script may
# write only where the user allows it: --allow-write, docs/sandbox.md.)
run $GAZETTE --allow-write "$TMP" -e "
local s1, s2 = cases.store('$C'), cases.store('$C')
s1:open('$W1', 'R-3', {on = '2024-03-04'})
local c = s1:load('R-3')
local plan = assert(c:check('issue', {on = '2024-03-08'}))
assert(s2:fire('R-3', 'request_documents', {on = '2024-03-06'}))
local n, kind, msg = s1.db:append('R-3', 0, {{workflow = '$W1', event = 'issue', on = '2024-03-08', from = 'submitted', to = 'issued'}})
return n, kind, s1:show('R-3', '2024-03-10').state"
is "$OUT" "nil
conflict
awaiting_documents" "a stale compare-and-set is a conflict and records nothing"

# ---- stores that are not case stores
echo "not a database" > "$TMP/text.db"
run $GAZETTE case list --store "$TMP/text.db"
is "$RC" 2 "a text file as --store exits 2"
like "$ERR" "not a Gazette case store" "  saying so"
sqlite3 "$TMP/other.db" "CREATE TABLE t (x)"
run $GAZETTE case list --store "$TMP/other.db"
is "$RC" 2 "another SQLite database as --store exits 2"
like "$ERR" "other.db is not a Gazette case store \(a SQLite database with other tables\)" "  saying what it is"
run $GAZETTE case list --store "$TMP/new-store.txt"
is "$RC" 2 "a new store must be named *.db"
ok "$([ ! -e "$TMP/new-store.txt" ]; echo $?)" "  and no file is created"
run $GAZETTE case frobnicate
is "$RC" 2 "an unknown subcommand exits 2"
like "$ERR" "^gazette case: unknown subcommand 'frobnicate' \(open, fire, show, list, verify, head, migrate, diagram\)" "  naming it and the known ones"
run $GAZETTE case
is "$RC" 2 "no subcommand exits 2"

# ---- the default store is gazette-cases.db in the current folder
(cd "$TMP" && $GAZETTE case open $W2 --id D-1 --on 2025-03-03 >/dev/null)
ok "$([ -f "$TMP/gazette-cases.db" ]; echo $?)" "the default store is ./gazette-cases.db"

done_testing
