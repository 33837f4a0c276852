#!/usr/bin/env bash
# gazette gen --for MEASURE...: a population shaped for any measure (docs/records.md). For
# every measure `gazette list` shows (the list grows; nothing here names them), gen --for then
# run gives every status the measure's own test cases show it producing in force, and no error
# row. The date: the as_of of the measure's first eligible case, where its parameters hold.
. "$(dirname "$0")/../tap.sh"

cat > "$TMP/expect.lua" <<'LUA'
-- AS_OF STATUSES RULES: the as_of of the first eligible case, the statuses of the cases in
-- force (without --set or --interpret), and the rules those cases show failing
local M = measure.load(arg[1])
local as_of, want, rules = nil, {}, {}
for _, c in ipairs(M.cases) do
  local st = c.expect.status
  if st and st ~= "not_in_force" and not c.set and not c.interpret then
    want[st] = true
    if not as_of and st == "eligible" then as_of = tostring(c.as_of) end
    for _, r in ipairs(c.expect.failed or {}) do rules[r] = true end
  end
end
local list, rl = {}, {}
for k in pairs(want) do list[#list + 1] = k end
for k in pairs(rules) do rl[#rl + 1] = k end
table.sort(list)
table.sort(rl)
print(as_of or "none", table.concat(list, ","), #rl > 0 and table.concat(rl, ",") or "-")
LUA

ids=$($GAZETTE list | awk 'NR > 1 && $1 ~ /^[a-z0-9-]+\.[a-z0-9.-]+$/ { print $1 }')
n=$(printf '%s\n' "$ids" | grep -c .)
[ "$n" -ge 20 ]; ok $? "gazette list names the measures ($n)"
for id in $ids; do
  read -r as_of want rules < <($GAZETTE "$TMP/expect.lua" "$id")
  want=${want//,/ }
  if [ "$as_of" = none ]; then ok 0 "# SKIP $id: no eligible case to take a date from"; continue; fi
  run $GAZETTE gen --for "$id" --as-of "$as_of" --enterprises 400 --seed 3 --out "$TMP/$id.db"
  is "$RC" 0 "$id: gen --for exits 0" || printf '%s\n' "$ERR" | sed 's/^/# /'
  run $GAZETTE run "$id" --db "$TMP/$id.db" --as-of "$as_of" --out "$TMP/$id.csv" --jobs 1 --explain
  is "$RC" 0 "$id: run over it exits 0 (no error row)"
  got=$(awk -F, 'NR > 1 { print $3 }' "$TMP/$id.csv" | sort -u | tr '\n' ' ')
  missing=""
  for st in $want; do case " $got" in *" $st "*) ;; *) missing="$missing $st" ;; esac; done
  is "$missing" "" "$id: as of $as_of, every status of its cases ($want) among the results ($got)"
  is "$(awk -F, 'NR > 1 && $3 == "error"' "$TMP/$id.csv" | wc -l)" 0 "$id: no error rows"
  # both sides of the rules: each rule the cases show failing fails for some record (and the
  # eligible records above pass it)
  unfailed=""
  if [ "$rules" != "-" ]; then
    for rule in ${rules//,/ }; do grep -q -- "$rule \[" "$TMP/$id.csv" || unfailed="$unfailed $rule"; done
  fi
  is "$unfailed" "" "$id: every rule its cases show failing fails for some record (${rules})"
done

# Several measures at once: one table per entity, a child table per list input (indexed on
# parent_id), a district read as text by one measure and as a district by another.
run $GAZETTE gen --for chaoyang.startup-jobs-subsidy chaoyang.startup-rent-subsidy chaoyang.key-group-hiring-subsidy \
  bda.kindergarten-per-child-subsidy --enterprises 200 --as-of 2024-06-01 --out "$TMP/multi.db"
is "$RC" 0 "gen --for four measures exits 0"
like "$OUT" "^$TMP/multi.db: as of 2024-06-01, seed 1: 200 enterprises, [0-9]+ hires, 200 kindergartens, [0-9]+ children" "  and says what it wrote"
is "$(sqlite3 "$TMP/multi.db" "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name)")" \
  "children_parent hires_parent" "  child tables are indexed on parent_id"
is "$(sqlite3 "$TMP/multi.db" "SELECT count(*) FROM hires h LEFT JOIN enterprises e ON e.id = h.parent_id WHERE e.id IS NULL")" 0 \
  "  every child row has its parent"
cat > "$TMP/check.lua" <<'LUA'
local records = require "records"
local db = assert(records.open(arg[1]))
local bad, n, late, districts_ok = 0, 0, 0, true
local as_of = date(arg[2])
for r in db:rows("enterprises") do
  n = n + 1
  if not uscc.check(r.uscc) then bad = bad + 1 end
  if r.reg_district and not districts.lookup(r.reg_district) then districts_ok = false end
  for _, k in ipairs { "established_on", "loan_date" } do
    if r[k] and date(r[k]) > as_of then late = late + 1 end
  end
end
for r in db:rows("hires") do if r.hired_on and date(r.hired_on) > as_of then late = late + 1 end end
print(n, bad, late, districts_ok)
LUA
run $GAZETTE "$TMP/check.lua" "$TMP/multi.db" 2024-06-01
is "$OUT" "200	0	0	true" "  200 enterprises, every USCC valid, no date after --as-of, districts all Beijing's"
run $GAZETTE gen --for chaoyang.startup-jobs-subsidy --enterprises 200 --as-of 2024-06-01 --seed 9 --out "$TMP/s1.db" --quiet
run $GAZETTE gen --for chaoyang.startup-jobs-subsidy --enterprises 200 --as-of 2024-06-01 --seed 9 --out "$TMP/s2.db" --quiet
cmp -s "$TMP/s1.db" "$TMP/s2.db"; ok $? "the same arguments give the same file"

# Errors before anything is written.
run $GAZETTE gen --for no.such-measure --out "$TMP/x.db"
is "$RC" 2 "an unknown measure exits 2"
like "$ERR" "unknown measure 'no.such-measure'" "  naming it"
ok $([ ! -e "$TMP/x.db" ]; echo $?) "  and writes nothing"
run $GAZETTE gen --for --out "$TMP/x.db"
is "$RC" 2 "--for without a measure exits 2"
run $GAZETTE gen --for chaoyang.startup-jobs-subsidy --as-of 2024-13-01 --out "$TMP/x.db"
is "$RC" 2 "a bad --as-of exits 2"

done_testing
