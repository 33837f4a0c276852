-- The sandbox from inside: what a script sees.
local t = require "tap"

t.is(type(require("host").home()), "string", "the host module answers require")
t.is(require("host"), require("host"), "modules are loaded once")
t.raises(function() require("no.such.module") end, "module 'no.such.module' not found", "a missing module is named")
t.raises(function() return rawget(_G, "io").open end, "attempt to index a nil value", "io is not even raw-reachable")
t.is(GAZETTE_VERSION, "0.1.0", "stdlib globals are loaded")
t.raises(function() return load("return 1", "x", "b") end, "binary chunks are not allowed", "load in binary mode")
t.is(load("return 1 + 2")(), 3, "load of text works")
local env = { y = 5 }
t.is(load("return y", "c", "t", env)(), 5, "load with an environment")
local ok, host = pcall(require, "host")
t.ok(ok and host.readfile("/etc/passwd") == nil, "host.readfile refuses paths outside the project")
-- Read-only libraries and frozen tables (docs/sandbox.md).
t.raises(function() string.format = nil end, "cannot assign string.format: the standard library is read-only",
  "a library is read-only, the error names table and key")
t.raises(function() rawset(sme, "classify", nil) end, "cannot rawset sme.classify", "rawset refuses a library")
t.raises(function() setmetatable(math, {}) end, "cannot change the metatable of math", "setmetatable refuses a library")
t.raises(function() setmetatable({}, { __gc = print }) end, "__gc is not allowed in the sandbox", "no finalizers")
t.ok(rawequal(sme, require("sme")) and rawequal(_G, _G._G), "one view per table")
t.is(rawget(_G, "sme"), sme, "rawget reads through the view of the globals")
local sandbox = require "sandbox"
local frozen = sandbox.freeze({ a = { b = 1 }, list = { 10, 20, 30 } }, "demo")
t.raises(function() frozen.a.b = 2 end, "cannot assign demo.a.b: the standard library is read-only", "freeze is deep")
t.raises(function() frozen.list[4] = 40 end, "cannot assign demo.list[4]", "a frozen list cannot grow")
t.ok(frozen.a.b == 1 and #frozen.list == 3 and frozen.list[3] == 30, "a frozen table reads as before (# too)")
local sum = 0
for _, v in ipairs(frozen.list) do sum = sum + v end
t.is(sum, 60, "ipairs over a frozen list: 10 + 20 + 30 = 60")
t.ok(next(frozen) ~= nil and rawlen(frozen.list) == 3 and sandbox.is_readonly(frozen.a), "next and rawlen see through")
local own = setmetatable({}, { __index = function() return 7 end })
t.is(getmetatable(own).__index(), 7, "a script's own metatable is its own")
-- A loaded workflow is read-only too: no script can change the states, events, guards or
-- deadlines another process's cases are judged by, nor put its own definition in the place of one.
local workflow = require "workflow"
local permit = workflow.find("beijing.construction-permit")
t.raises(function() permit.events.issue = nil end,
  "cannot assign beijing.construction-permit.events.issue: a loaded workflow is read-only", "a workflow's events are frozen")
t.raises(function() permit.deadlines.issue_by.due = function() return nil end end,
  "a loaded workflow is read-only", "a workflow's deadlines are frozen")
local all = workflow.all()
all["beijing.construction-permit"] = "replaced"
t.is(workflow.find("beijing.construction-permit"), permit, "workflow.all() is a copy: changing it replaces nothing")
-- a frozen period table reads as the table it was ({months = 3}: 2024-01-31 + 3 months, the
-- last day of the period 2024-04-30)
local three_months = sandbox.freeze({ months = 3 }, "period")
t.is(tostring(require("cal").period_end(require("dates").parse("2024-01-31"), three_months)),
  tostring(require("cal").period_end(require("dates").parse("2024-01-31"), { months = 3 })), "cal.period_end reads a frozen period")
t.done()
