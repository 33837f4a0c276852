-- 重大行政执法决定: the legal review (法制审核) before a major administrative enforcement
-- decision, the decision, and the publication of its result (W5 in docs/workflows.md).
--
-- Source: two Beijing rules in the compilation of municipal rules (gazettes/beijing-compilation.txt),
-- both "自印发之日起施行"; the text prints neither their date nor their 文号, so no start date
-- is enforced (and no issuer is named):
--   《北京市行政执法公示办法》 (lines 1606-1722): 第十三条 (line 1668) "行政许可决定和具有一定社会
--   影响的行政处罚决定应当在决定作出之日起7个工作日内主动公示；其他行政执法决定应当在决定作出之日起
--   20个工作日内主动公示"; 第十六条 (lines 1678-1690) 不予公示 and 暂缓或者延期公示; 第十八条第二款
--   (line 1714) "应当在3个工作日内撤回已公示的信息".
--   《北京市重大行政执法决定法制审核办法》 (lines 1790-1894): 第三条 (lines 1798-1802) "未经法制
--   审核，行政执法机关不得作出重大行政执法决定"; 第十四条 (line 1888) "自办案机构提交审核之日起5个
--   工作日内"; 第十五条 (line 1892) "经沟通仍不能达成一致意见的，报请行政执法机关负责人集体讨论决定".
--
-- Readings:
--   * The case is opened on the day the case unit submits the file (提交审核之日); the working
--     days are counted from the next day (民法典 第二百零一条): review_by = cal.add_workdays(opened, 5),
--     publish_by = cal.add_workdays(decided, 7 or 20), withdraw_by = cal.add_workdays(revoked, 3).
--   * publish-days: 7 working days when kind is 许可, or 处罚 with social_impact true
--     (具有一定社会影响的行政处罚决定); 20 otherwise, social_impact of other kinds changing nothing
--     (第十三条 names only 许可 and 处罚). social_impact defaults to false.
--   * publish-stop: a deferral (暂缓或者延期公示, 第十六条第二款) or a withholding (不予公示, 第十六条第一款)
--     stops publish_by: it is then neither met nor overdue (met null), and a later publish does
--     not meet it. A deferral or withholding recorded after the due date still stops it (the
--     spec puts no date on it); show marks it "late" so that the lateness stays visible.
--   * --data for decide takes exactly kind and social_impact; any other field is refused, so
--     that a misspelt social_impact cannot silently choose 20 days.
return workflow {
  id = "beijing.major-enforcement-decision",
  title = "重大行政执法决定：法制审核、决定与结果公示",
  document = "北京市重大行政执法决定法制审核办法；北京市行政执法公示办法",
  -- no issuer: the compilation prints the rules without their notice
  source = { "gazettes/beijing-compilation.txt:1606-1722", "gazettes/beijing-compilation.txt:1790-1894" },
  states = {
    { "submitted", "办案机构提交法制机构审核 (审核办法第十二条)", lines = "1858-1864" },
    { "reviewed", "法制机构提出书面审核意见 (审核办法第十四条)", lines = 1888 },
    { "in_discussion", "经沟通仍不能达成一致，报请负责人集体讨论决定 (审核办法第十五条)", lines = 1892 },
    { "decided", "作出重大行政执法决定，待公示 (审核办法第三条；公示办法第十三条)", lines = "1798-1802" },
    { "deferred", "经负责人批准暂缓或者延期公示 (公示办法第十六条第二款)", lines = 1690 },
    { "withheld", "不予公示 (公示办法第十六条第一款)", lines = "1678-1688" },
    { "published", "已主动公示 (公示办法第十三条)", lines = 1668 },
    { "revoked", "公示的决定被依法变更、撤销、确认违法或者确认无效 (公示办法第十八条第二款)", lines = 1714 },
    { "withdrawn", "已撤回公示信息并公开说明理由 (公示办法第十八条第二款)", lines = 1714 },
  },
  initial = "submitted",
  events = {
    review = {
      from = "submitted", to = "reviewed", by = "法制机构",
      clause = "《北京市重大行政执法决定法制审核办法》第十四条", lines = 1888,
      text = "法制机构应当在办案机构提交审核之日起5个工作日内…提出明确、具体的书面审核意见",
    },
    dispute = {
      from = "reviewed", to = "in_discussion", by = "办案机构",
      clause = "《北京市重大行政执法决定法制审核办法》第十五条", lines = 1892,
      text = "存在异议的…经沟通仍不能达成一致意见的，报请行政执法机关负责人集体讨论决定",
    },
    decide = {
      from = { "reviewed", "in_discussion" }, to = "decided", by = "行政执法机关",
      clause = "《北京市重大行政执法决定法制审核办法》第三条", lines = "1798-1802",
      text = "行政执法机关作出重大行政执法决定应当经过集体讨论；重大行政执法决定法制审核应当在作出行政执法决定前进行",
      fields = {
        kind = { type = "enum", required = true, values = { "许可", "处罚", "强制", "征收征用", "其他" },
                 text = "决定种类，《北京市行政执法公示办法》第十三条" },
        social_impact = { type = "boolean", default = false,
                          text = "具有一定社会影响（处罚决定的公示期限）" },
      },
      refusals = {
        submitted = { clause = "《北京市重大行政执法决定法制审核办法》第三条第三款",
                      text = "未经法制审核，行政执法机关不得作出重大行政执法决定" },
      },
    },
    publish = {
      from = { "decided", "deferred" }, to = "published", by = "行政执法机关",
      clause = "《北京市行政执法公示办法》第十三条", lines = 1668,
      text = "行政执法决定应当在决定作出之日起7个或者20个工作日内主动公示",
    },
    defer = {
      from = "decided", to = "deferred", by = "行政执法机关负责人",
      requires = { note = "the ground and the head's approval (移送、正在调查或者可能影响系列案件调查处理)" },
      clause = "《北京市行政执法公示办法》第十六条第二款", lines = 1690,
      text = "涉嫌犯罪、职务违法需要移送…或者正在…调查处理中的案件，以及公示后可能影响系列案件调查处理的案件，经行政执法机关负责人批准后，可以暂缓或者延期公示",
    },
    withhold = {
      from = "decided", to = "withheld", by = "行政执法机关",
      requires = { note = "the ground (当事人属于未成年人、涉及国家秘密等)" },
      clause = "《北京市行政执法公示办法》第十六条第一款", lines = "1678-1688",
      text = "当事人属于未成年人、涉及国家秘密、法律行政法规禁止公开、公示后可能影响国家安全等，行政执法结果不予公示",
    },
    revoke = {
      from = "published", to = "revoked", by = "行政执法机关",
      requires = { note = "how the decision was changed (变更、撤销、确认违法或者确认无效)" },
      clause = "《北京市行政执法公示办法》第十八条第二款", lines = 1714,
      text = "公示的行政执法决定被依法变更、撤销、确认违法或者确认无效的",
    },
    withdraw = {
      from = "revoked", to = "withdrawn", by = "行政执法机关",
      clause = "《北京市行政执法公示办法》第十八条第二款", lines = 1714,
      text = "行政执法机关应当在3个工作日内撤回已公示的信息并公开说明理由",
    },
  },
  deadlines = {
    review_by = {
      start = "open", workdays = 5,
      met_by = "review", running_in = "submitted",
      clause = "《北京市重大行政执法决定法制审核办法》第十四条", lines = 1888,
      text = "自办案机构提交审核之日起5个工作日内提出书面审核意见",
    },
    publish_by = {
      start = "decide",
      workdays = function(v)
        if v.kind == "许可" or (v.kind == "处罚" and v.social_impact) then return 7 end
        return 20
      end,
      length_text = "7 working days for 许可, or 处罚 with social_impact; 20 otherwise",
      met_by = "publish", running_in = "decided", stops_in = { "deferred", "withheld" },
      clause = "《北京市行政执法公示办法》第十三条", lines = 1668,
      text = "行政许可决定和具有一定社会影响的行政处罚决定应当在决定作出之日起7个工作日内主动公示；其他行政执法决定应当在决定作出之日起20个工作日内主动公示",
    },
    withdraw_by = {
      start = "revoke", workdays = 3,
      met_by = "withdraw", running_in = "revoked",
      clause = "《北京市行政执法公示办法》第十八条第二款", lines = 1714,
      text = "应当在3个工作日内撤回已公示的信息并公开说明理由",
    },
  },
  deadline_order = { "review_by", "publish_by", "withdraw_by" },
}
