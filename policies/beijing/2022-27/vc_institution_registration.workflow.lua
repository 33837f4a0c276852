-- 朝阳区创投机构登记注册: a venture-capital institution's registration in Chaoyang, through the
-- 白名单 or the expert review, the recommendation to the municipal 前置管理主管部门, its 无异议函
-- and the business licence (W4 in docs/workflows.md).
--
-- Source: 京科发〔2021〕79号《关于加快建设高质量创业投资集聚区的若干措施》, 市科委、中关村管委会
-- 等七部门, 2021-12-30 (《北京市人民政府公报》2022年第27期, gazettes/beijing-2022-27.txt:102-186),
-- （二）提升注册登记服务便利化水平 (lines 138-140): "对符合“优质创投机构评价标准”的机构，朝阳区
-- 纳入“白名单”，并在5个工作日内向市级前置管理主管部门出具推荐材料；对不在“白名单”内但通过专家评议
-- 的机构，朝阳区在10个工作日内向市级前置管理主管部门出具推荐材料。对获得市级前置管理主管部门出具的
-- 无异议函的机构，朝阳区在1个工作日内核发营业执照". "本措施自印发之日起施行" (line 186): in force
-- from 2021-12-30 (line 126); a case cannot be opened before it.
--
-- Readings:
--   * The working days are counted from the day after the whitelisting, the expert review or
--     the 无异议函 (民法典 第二百零一条: the day of the event is not counted): recommend_by =
--     cal.add_workdays(whitelist or expert_pass, 5 or 10), license_by = cal.add_workdays(clear, 1).
--   * recommend_by's length is chosen by the event that starts it: 5 after whitelist, 10 after
--     expert_pass.
--   * The deadlines bind the district (a service promise): a late recommend or license is
--     allowed and recorded with the deadline not met; an open case past a due date is overdue.
--   * The text gives no outcome for a failed expert review or an objection of the municipal
--     department; expert_fail and object end the case (with --note), the reading declared here.
return workflow {
  id = "beijing.vc-institution-registration",
  title = "朝阳区创投机构登记注册（白名单、专家评议、无异议函、营业执照）",
  document = "京科发〔2021〕79号 关于加快建设高质量创业投资集聚区的若干措施",
  issuer = "北京市科学技术委员会、中关村科技园区管理委员会等七部门",
  source = "gazettes/beijing-2022-27.txt:102-186",
  valid_from = "2021-12-30",
  valid_clause = "本措施自印发之日起施行 (2021年12月30日)",
  states = {
    { "applied", "创投机构向朝阳区申请登记注册 (（二）)", lines = "138-140" },
    { "whitelisted", "符合“优质创投机构评价标准”，纳入“白名单” (（二）)", lines = 140 },
    { "expert_passed", "不在“白名单”内但通过专家评议 (（二）)", lines = 140 },
    { "not_recommended", "未通过专家评议 (（二）未规定后续程序)", lines = 140 },
    { "recommended", "朝阳区已向市级前置管理主管部门出具推荐材料 (（二）)", lines = 140 },
    { "no_objection", "市级前置管理主管部门出具无异议函 (（二）)", lines = 140 },
    { "objected", "市级前置管理主管部门未出具无异议函 (（二）未规定后续程序)", lines = 140 },
    { "licensed", "朝阳区核发营业执照 (（二）)", lines = 140 },
  },
  initial = "applied",
  events = {
    whitelist = {
      from = "applied", to = "whitelisted", by = "朝阳区",
      clause = "（二）", lines = 140,
      text = "对符合“优质创投机构评价标准”的机构，朝阳区纳入“白名单”",
    },
    expert_pass = {
      from = "applied", to = "expert_passed", by = "朝阳区（专家评议）",
      clause = "（二）", lines = 140,
      text = "对不在“白名单”内但通过专家评议的机构",
    },
    expert_fail = {
      from = "applied", to = "not_recommended", by = "朝阳区（专家评议）",
      requires = { note = "the expert review's conclusion" },
      clause = "（二）", lines = "138-140",
      text = "建立朝阳区“白名单”制度及专家评议机制（未通过专家评议的，不出具推荐材料）",
    },
    recommend = {
      from = { "whitelisted", "expert_passed" }, to = "recommended", by = "朝阳区",
      clause = "（二）", lines = 140,
      text = "向市级前置管理主管部门出具推荐材料（白名单机构5个工作日内，通过专家评议的10个工作日内）",
    },
    clear = {
      from = "recommended", to = "no_objection", by = "市级前置管理主管部门",
      clause = "（二）", lines = 140,
      text = "获得市级前置管理主管部门出具的无异议函",
    },
    object = {
      from = "recommended", to = "objected", by = "市级前置管理主管部门",
      requires = { note = "the municipal department's objection" },
      clause = "（二）", lines = 140,
      text = "市级前置管理主管部门未出具无异议函",
    },
    license = {
      from = "no_objection", to = "licensed", by = "朝阳区",
      clause = "（二）", lines = 140,
      text = "对获得…无异议函的机构，朝阳区在1个工作日内核发营业执照",
    },
  },
  deadlines = {
    recommend_by = {
      start = { "whitelist", "expert_pass" },
      workdays = function(_, e) return e.event == "whitelist" and 5 or 10 end,
      length_text = "5 working days after whitelist, 10 after expert_pass",
      met_by = "recommend", running_in = { "whitelisted", "expert_passed" },
      clause = "（二）", lines = 140,
      text = "纳入“白名单”的，5个工作日内出具推荐材料；通过专家评议的，10个工作日内出具推荐材料",
    },
    license_by = {
      start = "clear", workdays = 1,
      met_by = "license", running_in = "no_objection",
      clause = "（二）", lines = 140,
      text = "对获得无异议函的机构，朝阳区在1个工作日内核发营业执照",
    },
  },
  deadline_order = { "recommend_by", "license_by" },
}
