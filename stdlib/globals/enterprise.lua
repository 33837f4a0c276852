-- stdlib/globals/enterprise.lua: enterprise primitives (docs/records.md,
-- docs/sme.md). Each lives in its own stdlib file; this only names them.

-- uscc.check(code) -> true | false, reason (GB 32100-2015)
uscc = require "uscc"
-- sme.classify{industry_code=, employees=, revenue=, total_assets=} -> "large"|"medium"|"small"|"micro"
sme = require "sme"
-- industry.lookup("I6513") -> {section=, division=, name=, ...} (GB/T 4754-2017)
industry = require "industry"
-- districts.lookup("朝阳") -> {name="朝阳区", code="110105", ...} (Beijing, 16 districts and 经开区)
districts = require "districts"
