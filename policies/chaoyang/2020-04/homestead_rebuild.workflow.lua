-- 朝阳区宅基地上房屋翻建审批: a villager's application to rebuild a house on an existing
-- homestead, from the village committee through the public notice (张榜公示) and its
-- objections to the township's approval and acceptance (W3 in docs/workflows.md).
--
-- Source: 朝政发〔2020〕10号《朝阳区落实户有所居加强农村宅基地及房屋建设管理的实施细则（试行）》,
-- 北京市朝阳区人民政府, 2020-12-25 (《北京市朝阳区人民政府公报》2020年第4期,
-- gazettes/chaoyang-2020-04.txt:436-558): 三（一）3-4 翻建条件 (lines 479-481) and 三（二）1-4
-- 审批流程 (lines 485-524). "本实施细则自发布之日起施行" (line 558): in force from the notice
-- date 2020-12-25 (line 448); a case cannot be opened before it.
--
-- Readings (where the text leaves room; docs/workflows.md lists them too):
--   * notice-days: "公示期不少于7天" counts 7 calendar days including the posting day, as W2
--     counts its first day: notice_end = the last publish + 6 days, not moved off holidays
--     (the clause says 天, not 工作日; 民法典 第二百零三条 moves only a period's last day for
--     acts that must be done by it, not a minimum posting period). sign is refused on or
--     before notice_end.
--   * notice-restart: a modified plan "需再次予以公示": a new publish (from objection_review)
--     starts a new notice; the last publication counts.
--   * objection-running: the notice stays posted while an objection is investigated
--     (objection_review); a dismissed objection (异议不成立) returns the case to the notice,
--     whose end does not move. An objection is taken whenever the case is in public_notice
--     (the text says "张榜公示期间" and puts no other date limit on an objection).
--   * footprint: "基底面积占宅基地面积不得超过75%": footprint_m2 ≤ 75% × homestead_m2 (不得超过
--     includes the bound), compared as exact decimals.
--   * eaves: "原则上不得超过7.2米": up to 7.2 m (inclusive) approve needs nothing more; above it
--     the approval needs --note recording the exception, and is refused without one.
--   * The village stage has no rejection outcome in the text; decline (未进行整改的，村委会不得受理)
--     is the only refusal before the township.
return workflow {
  id = "chaoyang.homestead-rebuild",
  title = "朝阳区宅基地上房屋翻建审批",
  document = "朝政发〔2020〕10号 朝阳区落实户有所居加强农村宅基地及房屋建设管理的实施细则（试行）",
  issuer = "北京市朝阳区人民政府",
  source = "gazettes/chaoyang-2020-04.txt:436-558",
  valid_from = "2020-12-25",
  valid_clause = "六 附则: 本实施细则自发布之日起施行 (2020年12月25日)",
  states = {
    { "applied", "村民持材料向村委会提出翻建申请 (三（二）1)", lines = "489-500" },
    { "not_accepted", "存在违法违规行为未进行整改，村委会不予受理 (三（一）3)", lines = 479 },
    { "village_review", "村委会入户核实、召开村委会会议审议 (三（二）2(1))", lines = 504 },
    { "public_notice", "张榜公示，征询本村村民意见，公示期不少于7天 (三（二）2(2))", lines = 506 },
    { "objection_review", "村民对公示有异议，村委会进行调查 (三（二）2(3))", lines = 508 },
    { "revoked", "经调查异议成立，撤销建房方案 (三（二）2(3))", lines = 508 },
    { "village_signed", "村委会在申请表中签署意见 (三（二）2(3))", lines = 508 },
    { "township_review", "上报乡政府：到场核实、签署审批意见 (三（二）2(4)、3)", lines = "510-516" },
    { "approved", "制作《农村宅基地建房批准书》 (三（二）3(3))", lines = 518 },
    { "rejected", "制作《农村宅基地和建房不予批准通知书》 (三（二）3(3))", lines = 518 },
    { "built", "村民经批准建房完工 (三（二）4(1))", lines = 522 },
    { "accepted", "乡政府到场验收合格，填写验收意见表 (三（二）4)", lines = "522-524" },
    { "acceptance_failed", "验收未按照批准面积、四至、基底高度等要求 (三（二）4(1))", lines = 522 },
  },
  initial = "applied",
  events = {
    accept = {
      from = "applied", to = "village_review", by = "村委会",
      clause = "三（二）2(1)", lines = 504,
      text = "村委会接到申请后，要及时入户核实情况并召开村委会会议进行审议",
    },
    decline = {
      from = "applied", to = "not_accepted", by = "村委会",
      requires = { note = "the violation not rectified (超出四至、未经批准或骗取批准占地建房等)" },
      clause = "三（一）3", lines = 479,
      text = "村民存在超出宅基地四至范围或者未经批准、骗取批准非法占用土地建设住宅等违法违规行为，未进行整改的，村委会不得受理其房屋翻建申请",
    },
    publish = {
      from = { "village_review", "objection_review" }, to = "public_notice", by = "村委会",
      clause = "三（二）2(2)、2(3)", lines = "506-508",
      text = "审议通过后，要及时…进行张榜公示…公示期不少于7天；对修改后的建房方案需再次予以公示",
    },
    object = {
      from = "public_notice", to = "objection_review", by = "本村村民",
      clause = "三（二）2(3)", lines = 508,
      text = "张榜公示期间，村民对公示有异议的，由村委会进行调查",
    },
    dismiss = {
      from = "objection_review", to = "public_notice", by = "村委会",
      clause = "三（二）2(3)", lines = 508,
      text = "经调查异议不成立的（公示继续，公示期满日不变）",
    },
    revoke = {
      from = "objection_review", to = "revoked", by = "村委会",
      requires = { note = "the objection upheld (异议成立，撤销建房方案)" },
      clause = "三（二）2(3)", lines = 508,
      text = "经调查异议成立的，撤销或修改建房方案",
    },
    sign = {
      from = "public_notice", to = "village_signed", by = "村委会",
      clause = "三（二）2(3)", lines = 508,
      text = "村民对公示无异议或经调查异议不成立的，村委会应当在《农村宅基地和建房（规划许可）申请表》中签署意见",
    },
    submit = {
      from = "village_signed", to = "township_review", by = "村委会",
      clause = "三（二）2(4)", lines = 510,
      text = "村委会要及时将签署意见的《农村宅基地和建房（规划许可）申请表》及其他申请材料报送所在乡政府",
    },
    approve = {
      from = "township_review", to = "approved", by = "乡政府",
      clause = "三（二）3", lines = "514-518",
      text = "对符合审批条件的，制作《农村宅基地建房批准书》",
      fields = {
        homestead_m2 = { type = "decimal", required = true, positive = true, text = "宅基地面积 m²" },
        footprint_m2 = { type = "decimal", required = true, positive = true, text = "翻建房屋基底面积 m²" },
        eaves_m = { type = "decimal", required = true, positive = true, text = "房屋檐口高度 m，以房屋基底上平面起计算" },
      },
      guard = function(c, e)
        local v = e.values
        local limit = pct(75) * v.homestead_m2
        if v.footprint_m2 > limit then
          return false, ("data.footprint_m2 %s m² is more than 75%% of data.homestead_m2 %s m² (%s m²): "
            .. "翻建房屋基底面积占宅基地面积不得超过75%%"):format(tostring(v.footprint_m2), tostring(v.homestead_m2),
            tostring(limit)), "三（一）4"
        end
        if v.eaves_m > ratio("7.2") and not (type(e.note) == "string" and e.note:match("%S")) then
          return false, ("data.eaves_m %s m is above 7.2 m (房屋檐口高度原则上不得超过7.2米): the approval needs "
            .. "--note recording the exception"):format(tostring(v.eaves_m)), "三（一）4"
        end
        return true
      end,
    },
    reject = {
      from = "township_review", to = "rejected", by = "乡政府",
      requires = { note = "the reasons (不符合审批条件)" },
      clause = "三（二）3(3)", lines = 518,
      text = "对不符合审批条件的，制作《农村宅基地和建房不予批准通知书》",
    },
    complete = {
      from = "approved", to = "built", by = "村民",
      clause = "三（二）4(1)", lines = 522,
      text = "村民经批准建房完工后",
    },
    accept_works = {
      from = "built", to = "accepted", by = "乡政府",
      clause = "三（二）4", lines = "522-524",
      text = "乡政府要组织村委会、村民、设计单位、施工单位等各方人员到现场进行验收…填写验收意见表",
    },
    fail_acceptance = {
      from = "built", to = "acceptance_failed", by = "乡政府",
      requires = { note = "what was not built as approved (面积、四至、基底高度等)" },
      clause = "三（二）4(1)", lines = 522,
      text = "实地检查农户是否按照批准面积、四至、基底高度等要求使用宅基地，是否按照批准和规划要求建设房屋",
    },
  },
  deadlines = {
    notice_end = {
      kind = "not_before",
      start = "publish", days = 7, first_day = true,
      met_by = "sign", running_in = { "public_notice", "objection_review" },
      clause = "三（二）2(2)", lines = 506,
      text = "公示期不少于7天",
    },
  },
}
