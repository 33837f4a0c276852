-- stdlib/globals/measure.lua: the measure language (stdlib/measure.lua, docs/measures.md).
local th = require "measure.threshold"

-- measure { id = ..., ... } declares a measure; measure.load(id_or_path), measure.list(),
-- measure.to_json(result), measure.explain(result), measure.combine(results)
measure = require "measure"
-- threshold(x, "以上", bound) -> true|false, detail: the comparison the Chinese word gives
threshold = th.threshold
-- tiers { {from=, to=, bounds="[)", value=|fn=, clause=}, ... } -> t:find(x), t:apply(x)
tiers = th.tiers
-- reftable.load("catalogue.csv", {key =, required =, ...}) -> a read-only reference table kept
-- beside the measure: T:rows_where{code = "25"}, T:get(key), T:rows() (stdlib/measure/reftable.lua)
reftable = require "measure.reftable"
