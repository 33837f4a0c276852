-- Prints what an `eval --json` result says, one `key=value` a line, for exact comparisons in
-- tests/cli/policies_wave2_chaoyang2020.t: status, amount, every output (sorted), missing, and
-- per selection the count and each child's result (M:each "items").
local json = require "json"
local host = require "host"
local o = assert(json.decode(assert(host.readfile(arg[1]))))
local function text(v) if v == json.null or v == nil then return "null" end return tostring(v) end
print("status=" .. text(o.status))
print("amount=" .. text(o.amount))
local ks = {}
for k in pairs(o.outputs) do ks[#ks + 1] = k end
table.sort(ks)
for _, k in ipairs(ks) do print(("outputs.%s=%s"):format(k, text(o.outputs[k]))) end
print("missing=" .. table.concat(o.missing, ","))
if o.items then
  local ns = {}
  for k in pairs(o.items) do ns[#ns + 1] = k end
  table.sort(ns)
  for _, n in ipairs(ns) do
    local it = o.items[n]
    local cs = {}
    for i, c in ipairs(it.children) do
      cs[i] = c.item .. ":" .. (c.result == true and "counted" or c.result == false and table.concat(c.failed, "+")
        or "undetermined")
    end
    print(("items.%s=%s of %s: %s"):format(n, text(it.counted), text(it.total), table.concat(cs, " ")))
  end
end
