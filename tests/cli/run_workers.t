#!/usr/bin/env bash
# gazette run's workers and commits: the workers take chunks as they become free (a worker
# slowed or stopped holds up only the chunk it took, not half of the run); the runner commits
# the chunks appended at most every 0.2 s and at the end, and an interrupted run keeps every
# chunk it appended.  The measure is the fixture tests/cli/data/batch/simple.lua.
. "$(dirname "$0")/../tap.sh"
D="$(cd "$(dirname "$0")/data/batch" && pwd)"
RUN=("$GAZETTE" run --path "$D")
M=test.simple
cd "$TMP" || exit 1
# id % 3 = 1 is 海淀区, else 朝阳区; hires = id % 11; employees under 500
sqlite3 w.db "CREATE TABLE enterprises (id INTEGER PRIMARY KEY, name TEXT, reg_district TEXT,
  employees INTEGER, chaoyang_hukou_hires INTEGER, revenue TEXT);
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
  INSERT INTO enterprises SELECT i, 'E' || i, CASE i % 3 WHEN 1 THEN '海淀区' ELSE '朝阳区' END,
    i % 500, i % 11, '1.00' FROM n;"
"${RUN[@]}" $M --db w.db --as-of 2024-01-01 --jobs 1 --out ref.csv >/dev/null 2>&1
is "$(($(wc -l <ref.csv) - 1))" 60000 "fixture: the reference output, one row per record"

# the live worker processes of a run: its children (the kernel's list, or every process's parent
# where the kernel keeps none), less the zombies of those that ended and are not yet waited for.
# Each /proc file is read on its own: a process may end while the list is read (awk given a
# vanished file stops there).
children() {
  local c st all
  all=$(cat /proc/"$1"/task/*/children 2>/dev/null) || all=""
  if [ ! -e /proc/"$1"/task/"$1"/children ]; then
    for st in /proc/[0-9]*/stat; do
      c=$(cut -d' ' -f1,4 "$st" 2>/dev/null) || continue
      [ "${c#* }" = "$1" ] && all="$all ${c%% *}"
    done
  fi
  for c in $all; do
    st=$(cut -d' ' -f3 /proc/"$c"/stat 2>/dev/null) || continue
    [ -n "$st" ] && [ "$st" != Z ] && echo "$c"
  done
}
# the chunks done: the last committed (progress, counted from 0) and the parts written since
done_chunks() {
  local c
  c=$(sed -n 's/^chunk //p' "$1.gzrun/progress" 2>/dev/null)
  echo $((${c:--1} + 1 + $(find "$1.gzrun" -name 'chunk-*.part' 2>/dev/null | wc -l)))
}

# ---- a stopped worker holds up only the chunk it took ----
# 60 chunks of 1,000 records, two workers. Chunks were dealt in turn before (worker 1 the even
# ones, worker 2 the odd ones): with one stopped, the other did 30 and the run waited on 30.
# --no-compile: the reference evaluation takes long enough to stop a worker in the middle.
"${RUN[@]}" $M --db w.db --as-of 2024-01-01 --jobs 2 --chunk-rows 1000 --no-compile --out s.csv >s.out 2>s.err &
pid=$!
kids=""
for i in $(seq 2000); do
  kids=$(children $pid)
  [ "$(printf '%s\n' "$kids" | grep -c .)" -ge 2 ] && break
  sleep 0.01
done
a=$(printf '%s\n' "$kids" | head -1)
kill -STOP "$a"
# the other worker ends when no chunk is left to take
for i in $(seq 1200); do
  [ "$(children $pid | grep -c .)" -le 1 ] && break
  sleep 0.1
done
is "$(children $pid | tr -d '\n')" "$a" "fixture: one worker stopped, the other has ended"
for i in $(seq 50); do [ "$(done_chunks s.csv)" -ge 59 ] && break; sleep 0.1; done
n=$(done_chunks s.csv)
ok "$([ "$n" -ge 59 ] && [ "$n" -le 60 ]; echo $?)" "the other worker did every chunk but the one the stopped worker took ($n of 60 done; dealt in turn it was 30)"
kill -CONT "$a"
wait $pid
is "$?" 0 "the stopped worker continued: the run completes (exit 0)"
cmp -s s.csv ref.csv
ok $? "  the same bytes as --jobs 1"

# ---- Ctrl-C keeps every chunk appended; --resume continues from there ----
"${RUN[@]}" $M --db w.db --as-of 2024-01-01 --jobs 2 --chunk-rows 1000 --no-compile --out i.csv >i.out 2>i.err &
pid=$!
for i in $(seq 600); do
  c=$(sed -n 's/^chunk //p' i.csv.gzrun/progress 2>/dev/null)
  [ -n "$c" ] && [ "$c" -ge 3 ] && break
  sleep 0.05
done
kill -INT $pid
wait $pid
is "$?" 1 "interrupted (SIGINT): exit 1"
said=$(sed -n 's/.*interrupted: the run stopped after \([0-9]*\) of 60 chunks; continue it with --resume.*/\1/p' i.err)
ok "$([ -n "$said" ] && [ "$said" -ge 4 ] && [ "$said" -lt 60 ]; echo $?)" "  saying after how many chunks it stopped (${said:-none}) and how to continue"
is "$(sed -n 's/^chunk //p' i.csv.gzrun/progress)" "$((${said:-0} - 1))" "  every chunk it says it kept is committed (chunk $((${said:-0} - 1)), counted from 0)"
run "${RUN[@]}" $M --db w.db --as-of 2024-01-01 --jobs 2 --chunk-rows 1000 --no-compile --out i.csv --resume
is "$RC" 0 "--resume completes it (exit 0)"
cmp -s i.csv ref.csv
ok $? "  the same bytes as the run never interrupted"

done_testing
