-- stdlib/init.lua: loads the public globals of Gazette.
--
-- Each capability defines its globals in its own file, stdlib/globals/NAME.lua (money.lua
-- defines yuan, wan, yi, money, ...; dates.lua defines date, age; ...), loaded here in
-- name order. The host has already opened the safe standard libraries; C modules are
-- reached with require. After this file runs the globals are locked: reading or assigning
-- an undeclared global is an error that names it.
local host = require "host"

local dir = host.home() .. "/stdlib/globals"
local entries = assert(host.listdir(dir))
local names = {}
for _, e in ipairs(entries) do
  local name = e.name:match("^([%w_]+)%.lua$")
  if name and not e.dir then names[#names + 1] = name end
end
table.sort(names)
for _, name in ipairs(names) do require("globals." .. name) end
