-- tests/lua/lib/tap.lua: a small TAP library for Lua test files (run as
-- `gazette --path tests/lua/lib tests/lua/NAME_test.lua`, which prove does).
local tap = {}
local n, failed = 0, 0

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

function tap.ok(cond, desc, diag)
  n = n + 1
  if cond then print(("ok %d - %s"):format(n, desc)) else
    failed = failed + 1
    print(("not ok %d - %s"):format(n, desc))
    if diag then print("#   " .. tostring(diag):gsub("\n", "\n#   ")) end
  end
  return cond
end

function tap.is(got, want, desc)
  return tap.ok(got == want, desc, ("got:      %s\nexpected: %s"):format(show(got), show(want)))
end

-- tap.raises(fn, pattern, desc): fn must raise an error whose message matches pattern
-- (a plain substring).
function tap.raises(fn, pattern, desc)
  local ok, err = pcall(fn)
  if ok then return tap.ok(false, desc, "no error raised") end
  err = tostring(err)
  return tap.ok(err:find(pattern, 1, true) ~= nil, desc, ("error:    %s\nexpected: %s"):format(err, pattern))
end

function tap.done()
  print("1.." .. n)
  if failed > 0 then error(("%d of %d tests failed"):format(failed, n), 0) end
end

return tap
