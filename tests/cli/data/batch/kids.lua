-- A measure with a list input (stand-in language): a kindergarten gets 1,000 元 per enrolled
-- child (a child row with left_on NULL), for testing child lists in `gazette run`.
return measure.define {
  id = "test.kids", entity = "kindergarten",
  inputs = { name = { type = "text" }, children = { type = "list" } },
  outputs = { grant = { type = "money" }, enrolled = { type = "integer" } },
  output_names = { "grant", "enrolled" },
  amount = "grant",
  rules = {},
  compute = function(r, p, out)
    local n = 0
    for _, c in ipairs(r.children or {}) do if c.left_on == nil then n = n + 1 end end
    out.enrolled = n
    out.grant = measure.fen(n * 100000)
  end,
}
