-- 经开区普惠性民办幼儿园补助资金: an application from a kindergarten, through review and
-- public notice (公示), to payment, suspension and cancellation (W2 in docs/workflows.md).
--
-- Source: 京技管发〔2024〕30号《北京经济技术开发区支持普惠性民办幼儿园发展补助资金管理使用
-- 实施细则（试行）》, issued by 北京经济技术开发区管理委员会 on 2024-12-02, published in
-- 《北京市人民政府公报》2025年第12期 (gazettes/beijing-2025-12.txt:1122-1249): 第十一条至第十四条
-- (application, review, public notice, payment) and 第十九条至第二十一条 (suspension,
-- rectification, cancellation). The per-child amount is bda.kindergarten-per-child-subsidy.
--
-- Readings:
--   * "公示期不少于5个工作日" counts the first day of the notice when it is a working day:
--     public_notice_end = cal.add_workdays(publish_date - 1, 5), and approve is refused on or
--     before that day. After an objection and a new review, a new notice runs from its own
--     publish date.
--   * rectify (整改) returns a suspended case to the state it was suspended from (approved or
--     disbursed); cancel (取消享受财政补助资格) ends it.
return workflow {
  id = "bda.kindergarten-subsidy-application",
  title = "经开区普惠性民办幼儿园补助资金申请",
  document = "京技管发〔2024〕30号 北京经济技术开发区支持普惠性民办幼儿园发展补助资金管理使用实施细则（试行）",
  issuer = "北京经济技术开发区管理委员会",
  source = "gazettes/beijing-2025-12.txt:1122-1249",
  states = {
    { "applied", "幼儿园报送补助资金申请报告及附件材料 (第十一条、第十三条)" },
    { "under_review", "教育行政管理部门审核 (第十一条、第十二条)" },
    { "public_notice", "向社会公示，公示期不少于5个工作日 (第十四条)" },
    { "re_review", "公示有异议，重新审核 (第十四条)" },
    { "approved", "公示无异议，按照程序拨付 (第十四条)" },
    { "rejected", "审核不通过 (第十一条、第十二条)" },
    { "disbursed", "已拨付补助资金 (第十四条)" },
    { "suspended", "暂停拨付补助资金 (第二十条、第二十一条)" },
    { "cancelled", "取消享受财政补助资格 (第十九条至第二十一条)" },
  },
  initial = "applied",
  events = {
    accept = {
      from = "applied", to = "under_review", by = "经开区教育行政管理部门",
      clause = "第十一条",
      text = "经开区教育行政管理部门对幼儿园提供的机构信息、在园儿童信息、资金申请等数据和资料进行审核",
    },
    publish = {
      from = { "under_review", "re_review" }, to = "public_notice", by = "经开区教育行政管理部门",
      clause = "第十四条",
      text = "审核通过后，在官方网站、官方微信公众号等渠道向社会公示，公示期不少于5个工作日",
    },
    object = {
      from = "public_notice", to = "re_review", by = "社会公众",
      clause = "第十四条",
      text = "对公示无异议的幼儿园，按照程序拨付补助资金（有异议的，重新审核）",
    },
    reject = {
      from = { "under_review", "re_review" }, to = "rejected", by = "经开区教育行政管理部门",
      requires = { note = "the reasons the application fails review (第十二条)" },
      clause = "第十二条",
      text = "普惠性民办幼儿园申请补助资金的条件",
    },
    approve = {
      from = "public_notice", to = "approved", by = "经开区教育行政管理部门",
      clause = "第十四条",
      text = "公示期不少于5个工作日。对公示无异议的幼儿园，经开区教育行政管理部门按照程序拨付补助资金",
      guard = function(c, e)
        local ends = c:deadline("public_notice_end")
        if e.on <= ends then
          return false, ("the public notice runs until %s (公示期不少于5个工作日): approve from %s")
            :format(tostring(ends), tostring(ends + 1)), "第十四条"
        end
        return true
      end,
    },
    disburse = {
      from = "approved", to = "disbursed", by = "经开区教育行政管理部门",
      clause = "第十四条",
      text = "按照程序拨付补助资金（以授权支付方式拨付，第四条）",
    },
    suspend = {
      from = { "approved", "disbursed" }, to = "suspended", by = "经开区教育行政管理部门",
      clause = "第二十条、第二十一条",
      text = "弄虚作假、骗取、挪用补助资金等，或未按规定收费的，自发现之日起暂停拨付补助资金",
    },
    rectify = {
      from = "suspended", to = workflow.previous, by = "经开区教育行政管理部门",
      clause = "第二十条、第二十一条",
      text = "幼儿园在规定期限内整改（拒不整改的，取消该园享受财政补助资格）",
    },
    cancel = {
      from = "suspended", to = "cancelled", by = "经开区教育行政管理部门",
      clause = "第十九条、第二十条、第二十一条",
      text = "规定期限内拒不整改的，取消该园享受财政补助资格，依法依规追回相关补助资金",
    },
  },
  deadlines = {
    public_notice_end = {
      kind = "not_before",
      due = function(c)
        local published = c:last_on("publish")
        if not published then return nil end
        return cal.add_workdays(published - 1, 5)
      end,
      met_by = "approve", running_in = "public_notice",
      clause = "第十四条",
      text = "公示期不少于5个工作日",
    },
  },
}
