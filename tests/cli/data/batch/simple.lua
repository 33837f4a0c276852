-- A trivial measure for the batch tests (stand-in language, tests/cli/data/batch/measure.lua):
-- enterprises registered in 朝阳区 with at least 3 hires get 30,000 + 10,000 per hire above 3,
-- capped at 200,000 (shaped like 朝政发〔2020〕9号 五（二）).
local yuan = measure.yuan
return measure.define {
  id = "test.simple", entity = "enterprise",
  inputs = { reg_district = { type = "text" }, employees = { type = "integer" },
    chaoyang_hukou_hires = { type = "integer" }, revenue = { type = "money" } },
  outputs = { subsidy = { type = "money" }, hires = { type = "integer" } },
  output_names = { "subsidy", "hires" },
  amount = "subsidy",
  params = { base = yuan(30000), cap = yuan(200000) },
  rules = {
    { name = "district", clause = "五（二）", text = "注册地在朝阳区", needs = { "reg_district" },
      check = function(r) return r.reg_district == "朝阳区" end },
    { name = "hires", clause = "五（二）", text = "吸纳本区户籍劳动力3人以上", needs = { "chaoyang_hukou_hires" },
      check = function(r) return r.chaoyang_hukou_hires >= 3 end },
  },
  compute = function(r, p, out)
    if r.employees == 666 then error("simulated script error in compute") end
    local f = p.base:fen() + 1000000 * (r.chaoyang_hukou_hires - 3)
    if f > p.cap:fen() then f = p.cap:fen() end
    out.subsidy = measure.fen(f)
    out.hires = r.chaoyang_hukou_hires
  end,
}
