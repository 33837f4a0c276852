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
t.done()
