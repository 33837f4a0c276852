#!/usr/bin/env bash
# The case log is tamper-evident against whoever can edit the store file: a chain of
# HMAC-SHA-256 under a key kept outside the store, a head kept elsewhere for the tail, verify
# replaying every event through its workflow, read-only.  Each forgery below is one that a
# chain of plain SHA-256 let through (issue 18); each is found with the first broken entry
# named and exit 1.  The workflow is beijing.construction-permit (京建法〔2021〕… 第十条、第十四条).
. "$(dirname "$0")/../tap.sh"
W=beijing.construction-permit
S="$TMP/s.db"
KEY="$XDG_DATA_HOME/gazette/case.key"
c() { "$GAZETTE" case "$@"; }

# ---- the key: outside the store, made on first use, private ----
run c open $W --id P-1 --on 2025-09-26 --store "$S"
is "$RC" 0 "a new store opens a case"
ok "$([ -f "$KEY" ]; echo $?)" "the key is made on first use in \$XDG_DATA_HOME/gazette/case.key"
is "$(stat -c %a "$KEY")" 600 "  with mode 0600"
is "$(stat -c %a "$(dirname "$KEY")")" 700 "  in a folder of mode 0700"
is "$(wc -c < "$KEY")" 65 "  64 hexadecimal digits and a newline"
ok "$(sqlite3 "$S" "SELECT value FROM meta" | grep -qF "$(cat "$KEY")"; [ $? != 0 ]; echo $?)" "the store does not hold the key"
c fire P-1 issue --on 2025-10-09 --store "$S" >/dev/null
c fire P-1 extend --on 2025-12-01 --data '{"months": 2}' --store "$S" >/dev/null
c open $W --id P-2 --on 2025-09-29 --store "$S" >/dev/null
run c verify --store "$S"
is "$RC" 0 "verify: exit 0 on an untouched store"
like "$OUT" "^ok: 4 entries in 2 cases, hash chain intact \(HMAC-SHA-256 under the store's key\), every case replays through its workflow; head 4:[0-9a-f]{64}$" "  saying what it checked"
run c head --store "$S"
is "$RC" 0 "case head: exit 0"
like "$OUT" "^4:[0-9a-f]{64}$" "case head prints ENTRY:HASH to keep elsewhere"
H4=$OUT
run c verify --store "$S" --head "$H4"
is "$RC" 0 "verify --head: the log reaches the head kept elsewhere"
like "$OUT" "^ok: 4 entries in 2 cases, .*the head kept elsewhere is reached; head $H4$" "  saying so, with the head"

chmod 644 "$KEY"
run c verify --store "$S"
is "$RC" 2 "a key file others may read is refused (exit 2)"
like "$ERR" "key file .*case.key: others may read or change it \(mode 0644\); make it private with chmod 600" "  saying how to fix it"
chmod 600 "$KEY"
run env GAZETTE_CASE_KEY="$TMP/other.key" "$GAZETTE" case open $W --id Q-1 --on 2025-09-26 --store "$TMP/other.db"
is "$RC" 0 "GAZETTE_CASE_KEY names another key file (made for a new store)"
ok "$([ -f "$TMP/other.key" ]; echo $?)" "  there"
run c fire P-2 issue --on 2025-10-09 --store "$S" --key-file "$TMP/other.key"
is "$RC" 2 "writing with another key is refused (exit 2)"
like "$ERR" "was written with another key \(id [0-9a-f]{16}\) than the one in .*other.key" "  naming both keys by id"
run c verify --store "$S" --key-file "$TMP/other.key"
is "$RC" 1 "verify with another key: exit 1"
like "$ERR" "^gazette case verify: entry 1 \(case P-1, event #0 open on 2025-09-26\): it does not verify with the key in .*other.key" "  from entry 1"
run c fire P-2 issue --on 2025-10-09 --store "$S" --key-file "$TMP/nokey.key"
is "$RC" 2 "an existing store without its key file: exit 2"
like "$ERR" "does not exist; the store was written with the key whose id is [0-9a-f]{16}: give its file with --key-file" "  saying which key it needs"
ok "$([ ! -e "$TMP/nokey.key" ]; echo $?)" "  and no new key is made for an existing store"

cp "$S" "$TMP/orig.db"
restore() { cp "$TMP/orig.db" "$S"; rm -f "$S-wal" "$S-shm"; }
hash1() { "$GAZETTE" -e "return require('casestore').hash{$1}"; }
field() { sqlite3 "$S" "SELECT $1 FROM events WHERE seq = $2"; }

# ---- a forged event with a recomputed SHA-256 and a matching cases row ----
prev=$(field hash 4)
row="seq = '5', case = 'P-2', n = '1', workflow = '$W', event = 'issue', on = '2025-10-09', from = 'submitted', to = 'issued', recorded_at = '2025-10-09T08:00:00.000Z', prev_hash = '$prev'"
forged=$(hash1 "$row")
sqlite3 "$S" "INSERT INTO events (seq, case_id, n, workflow, event, on_date, from_state, to_state, recorded_at, prev_hash, hash)
  VALUES (5, 'P-2', 1, '$W', 'issue', '2025-10-09', 'submitted', 'issued', '2025-10-09T08:00:00.000Z', '$prev', '$forged');
  UPDATE cases SET state = 'issued', last_n = 1, last_on = '2025-10-09', last_hash = '$forged' WHERE id = 'P-2';"
is "$(sqlite3 "$S" "SELECT state FROM cases WHERE id = 'P-2'")" issued "fixture: P-2 forged to issued with a SHA-256 chained onto the head"
run c verify --store "$S"
is "$RC" 1 "a forged event with a recomputed SHA-256: exit 1"
like "$ERR" "^gazette case verify: entry 5 \(case P-2, event #1 issue on 2025-10-09\): its contents do not match its HMAC" "  the forged entry named"

# ---- the tail cut off (the case row set back to the event before) ----
restore
# (the last entry, P-2 opened, removed with its case row; the trigger put back)
sqlite3 "$S" "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 4;
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the case event log is append-only: events cannot be deleted'); END;"
sqlite3 "$S" "DELETE FROM cases WHERE id = 'P-2'"
run c verify --store "$S"
is "$RC" 0 "without a head, a log cut at a case boundary still verifies (what the head is for)"
like "$OUT" "^ok: 3 entries in 1 cases, hash chain intact" "  3 entries left in 1 case"
run c verify --store "$S" --head "$H4"
is "$RC" 1 "verify --head H: the cut-off tail is found (exit 1)"
like "$ERR" "^gazette case verify: entry 4: the log ends at entry 3 but the head kept elsewhere is entry 4: entries 4 to 4 were removed" "  naming the first missing entry"
restore
sqlite3 "$S" "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 3;
  UPDATE cases SET state = 'issued', last_n = 1, last_on = (SELECT on_date FROM events WHERE seq = 2),
    last_hash = (SELECT hash FROM events WHERE seq = 2) WHERE id = 'P-1';
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the case event log is append-only: events cannot be deleted'); END;"
run c verify --store "$S" --head "$H4"
is "$RC" 1 "an entry cut from the middle, the case row set back: exit 1"
like "$ERR" "^gazette case verify: entry 3" "  naming entry 3"

# ---- a full rewrite without the key ----
restore
R="$TMP/rewrite.db"
a() { GAZETTE_CASE_KEY="$TMP/attacker.key" "$GAZETTE" case "$@" --store "$R" >/dev/null; }
a open $W --id P-1 --on 2025-09-26
a fire P-1 issue --on 2025-10-09
a fire P-1 extend --on 2025-12-01 --data '{"months": 3}'
a open $W --id P-2 --on 2025-09-29
sqlite3 "$R" "ATTACH '$S' AS o; UPDATE meta SET value = (SELECT value FROM o.meta WHERE key = 'key_id') WHERE key = 'key_id';"
cp "$R" "$S"; rm -f "$S-wal" "$S-shm"
is "$(sqlite3 "$S" "SELECT data FROM events WHERE event = 'extend'")" '{"months":3}' "fixture: the whole log rewritten (extension 3 months, not 2) with another key, the store's key id copied"
run c verify --store "$S"
is "$RC" 1 "a full rewrite without the key: exit 1"
like "$ERR" "^gazette case verify: entry 1 \(case P-1, event #0 open on 2025-09-26\): its contents do not match its HMAC" "  from entry 1"

# ---- an insider with the key: dates backwards, a wrong from_state, a refused guard ----
append() { # CASE N ROW: appends through the store's own API, as a program holding the key could
  # (--allow-write: a script writes only where it is allowed to, docs/sandbox.md)
  "$GAZETTE" --allow-write "$(dirname "$S")" -e "local s = require('casestore').open('$S'); assert(s:append('$1', $2, {{workflow = '$W', $3}}))"
}
restore
append P-1 2 "event = 'start', on = '2025-11-30', from = 'issued', to = 'started'"
run c verify --store "$S"
is "$RC" 1 "an event dated before the one before it: exit 1"
like "$ERR" "^gazette case verify: entry 5 \(case P-1, event #3 start on 2025-11-30\): its date 2025-11-30 is earlier than the entry before it \(extend on 2025-12-01\)" "  named, with both dates"
restore
append P-2 0 "event = 'start', on = '2025-10-10', from = 'issued', to = 'started'"
run c verify --store "$S"
is "$RC" 1 "an event leaving a state the case was not in: exit 1"
like "$ERR" "^gazette case verify: entry 5 \(case P-2, event #1 start on 2025-10-10\): it leaves state issued, but the case was in submitted" "  named"
restore
append P-1 2 "event = 'extend', on = '2025-12-02', from = 'issued', to = 'issued', data = '{\"months\":4}'"
run c verify --store "$S"
is "$RC" 1 "an event its guard refuses (a 4-month extension; 每次不超过3个月): exit 1"
like "$ERR" "^gazette case verify: entry 5 \(case P-1, event #3 extend on 2025-12-02\): the workflow refuses it: .*1 to 3 whole months" "  named, with the guard's reason"
restore
append P-2 0 "event = 'refuse', on = '2025-10-10', from = 'submitted', to = 'refused'"
run c verify --store "$S"
is "$RC" 1 "a refusal without its written reasons (说明理由): exit 1"
like "$ERR" "entry 5 .*refuse needs note" "  named"
restore
append P-2 0 "event = 'issue', on = '2025-10-10', from = 'submitted', to = 'refused'"
run c verify --store "$S"
is "$RC" 1 "an event entering another state than the workflow gives: exit 1"
like "$ERR" "entry 5 .*records issue on 2025-10-10 from submitted to refused, but the workflow gives issue on 2025-10-10 from submitted to issued" "  named"

# ---- a dropped trigger: reported, never recreated; verify writes nothing ----
restore
sqlite3 "$S" "DROP TRIGGER events_no_delete"
sum_before=$(md5sum < "$S")
run c verify --store "$S"
is "$RC" 1 "a dropped append-only trigger: exit 1"
like "$ERR" "^gazette case verify: the store: its append-only triggers \(events_no_update, events_no_delete\) are missing" "  reported"
is "$(sqlite3 "$S" "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")" 1 "  and not recreated"
is "$(md5sum < "$S")" "$sum_before" "verify writes nothing to the store"
run c fire P-2 issue --on 2025-10-09 --store "$S"
is "$RC" 2 "nothing is recorded in a store whose trigger was dropped (exit 2)"
like "$ERR" "append-only triggers .* are missing" "  saying why"
restore
chmod 444 "$S"
run c verify --store "$S"
is "$RC" 0 "verify reads a store it may not write"
like "$OUT" "^ok: 4 entries in 2 cases, hash chain intact \(HMAC-SHA-256 under the store's key\)" "  and verifies it"
chmod 644 "$S"

# ---- a store of an earlier Gazette (format 1): refused, then migrated ----
O="$TMP/v1.db"
sqlite3 "$O" < "$(dirname "$0")/data/case/store_v1.sql"
run c show P-1 --store "$O"
is "$RC" 2 "a format-1 store is refused (exit 2)"
like "$ERR" "has the format of an earlier Gazette \(1: a SHA-256 chain without a key.*convert it with 'gazette case migrate --store .*v1.db --out NEW.db'" "  saying what to do"
run c migrate --store "$O" --out "$TMP/v2.db"
is "$RC" 0 "case migrate: exit 0"
like "$OUT" "^migrated 5 entries in 2 cases from .*v1.db \(format 1, head ed4b86d1[0-9a-f]*\) to .*v2.db" "  saying what it copied"
run c verify --store "$TMP/v2.db"
is "$RC" 0 "the migrated store verifies under the key"
is "$(sqlite3 "$TMP/v2.db" "SELECT group_concat(seq || ' ' || case_id || ' ' || n || ' ' || event || ' ' || recorded_at, ';') FROM events")" \
   "$(sqlite3 "$O" "SELECT group_concat(seq || ' ' || case_id || ' ' || n || ' ' || event || ' ' || recorded_at, ';') FROM events")" \
   "  every entry kept: seq, case, number, event and the time it was recorded"
run c show P-1 --store "$TMP/v2.db" --as-of 2025-12-02 --json
like "$OUT" '"state":"issued"' "  P-1 still issued (extended)"
sqlite3 "$O" "DROP TRIGGER events_no_update; UPDATE events SET note = 'x' WHERE seq = 2"
run c migrate --store "$O" --out "$TMP/v2b.db"
is "$RC" 1 "a format-1 store that does not verify is not migrated (exit 1)"
like "$ERR" "does not verify, so it is not migrated" "  saying why"
ok "$([ ! -e "$TMP/v2b.db" ] || [ "$(sqlite3 "$TMP/v2b.db" "SELECT count(*) FROM events" 2>/dev/null || echo 0)" = 0 ]; echo $?)" "  and nothing is written"

done_testing
