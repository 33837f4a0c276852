#!/usr/bin/env bash
# Citations point into the repository: a measure, a workflow, a comment, a test or a guide cites
# the gazette issue, the document and clause, and the lines of its text under policies/gazettes/
# (document.source, lines), never a file the repository does not hold (the seed texts, the
# research catalogue, the contract or the measure lists the project started from). And the
# measures give their gazette one name per gazette text.
. "$(dirname "$0")/../tap.sh"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT" || exit 1

# What points outside: "seed 000, line 402", seed-003, shared/seeds/..., "research EMP-22",
# the research catalogue, "contract section 6", measures-wave1.md, "spec M1", the spec's examples.
outside='[Ss]eeds? ?0[0-9]{2}\b|seed-0[0-9]{2}|shared/(seeds|research|spec|data)|\.\./shared/'
outside+='|[Rr]esearch [A-Z]{1,4}[0-9]*-|[Rr]esearch catalogue|[Rr]esearch'"'"'s'
outside+='|[Cc]ontract sections? [0-9]|[Cc]ontract §|measures-wave[0-9]'
outside+='|\bspec (example|scenario|M[0-9]|W[0-9])|\b[Tt]he spec'"'"'s|[Bb]eyond the spec|\bas the spec\b'
hits=$(grep -rnE "$outside" policies stdlib interp tests docs README.md \
         --exclude-dir=corpus --exclude='*.txt' --exclude=citations.t 2>/dev/null)
is "$hits" "" "no citation of a file outside the repository in policies/, stdlib/, interp/, tests/, docs/"
# the check finds what it is for
printf -- '-- Seed 000, line 402: ...\nname = "research A9-R11 TC1: ..."\n-- (contract section 6)\n-- (W1 of measures-wave1.md)\n' > "$TMP/bad.lua"
is "$(grep -cE "$outside" "$TMP/bad.lua")" "4" "  (the patterns catch 'Seed 000', 'research A9-R11', 'contract section 6', 'measures-wave1.md')"
# the gazette texts themselves are the law and are not checked (an English title may say Research)
ok "$([ -n "$(grep -l 'Research' policies/gazettes/*.txt)" ]; echo $?)" "  (policies/gazettes/*.txt are left as published)"

# Every measure of policies/ names its document's lines (document.source), and the measures
# citing one gazette text give it one name (document.gazette).
cat > "$TMP/names.lua" <<'LUA'
local host = require "host"
local function walk(dir, out)
  for _, e in ipairs(host.listdir(dir)) do
    local p = dir .. "/" .. e.name
    if e.dir then walk(p, out)
    elseif e.name:match("%.lua$") and not e.name:match("%.workflow%.lua$") then out[#out + 1] = p end
  end
end
local files = {}
walk(host.home() .. "/policies", files)
table.sort(files)
local names, unsourced, n = {}, {}, 0
for _, f in ipairs(files) do
  local src = host.readfile(f)
  if src and measure.is_measure_source(src) then
    local M = measure.load(f)
    n = n + 1
    local file = M.document.source_file
    if not file then unsourced[#unsourced + 1] = M.id
    else
      names[file] = names[file] or {}
      names[file][M.document.gazette or "(none)"] = true
    end
  end
end
print(n .. " measures")
print("without document.source: " .. (#unsourced > 0 and table.concat(unsourced, ", ") or "none"))
local files_cited = {}
for file in pairs(names) do files_cited[#files_cited + 1] = file end
table.sort(files_cited)
for _, file in ipairs(files_cited) do
  local list = {}
  for name in pairs(names[file]) do list[#list + 1] = name end
  table.sort(list)
  print(file .. ": " .. table.concat(list, " | "))
end
LUA
run $GAZETTE --path "$TMP" "$TMP/names.lua"
is "$RC" 0 "the measures of policies/ load"
like "$OUT" "^[0-9]+ measures" "  (read from policies/)"
like "$OUT" "without document.source: none" "every measure of policies/ names its document's lines in a gazette text"
is "$(printf '%s\n' "$OUT" | grep -c ' | ')" "0" "one gazette name per gazette text" || printf '%s\n' "$OUT" | grep ' | ' | sed 's/^/# /'
like "$OUT" "gazettes/beijing-compilation.txt: 北京市规章和政策文件汇编（无公报期号）" \
  "  the compilation's measures (M18–M22) all name it 北京市规章和政策文件汇编（无公报期号）"
like "$OUT" "gazettes/beijing-2025-12.txt: 北京市人民政府公报 2025年第12期" "  and 2025年第12期's its issue"
done_testing
