-- 北京市建筑工程施工许可办法: the construction permit, from application to start of works
-- (W1 in docs/workflows.md).
--
-- Source: gazettes/beijing-compilation.txt:1895-2039: 《北京市人民政府关于修改〈北京市建筑工程
-- 施工许可办法〉的决定》 and the consolidated text that follows it (2003年11月25日北京市人民政府
-- 第139号令公布, 根据2018年2月12日第277号令第一次修改, 根据2021年10月1日北京市人民政府第300号令
-- 第二次修改). The workflow encodes 第十条 (the permit issued within 5 working days of a complete
-- application) and 第十四条 (works started within 3 months of issue, two extensions of up to 3
-- months, else the permit lapses).
--
-- Folder: the text is the 2021 amendment made by 北京市人民政府令第300号, so it lives under
-- policies/beijing/2021-order300/. The compilation gives no gazette issue for it (its only issue
-- line, "政府公报 2019年 第48期" at line 3305, belongs to a 2019 document much later in the file,
-- and a 2019 issue cannot carry a 2021 order).
--
-- Readings:
--   * received: the date the case is opened, or of the last resubmit (the complete file);
--     issue_by = cal.add_workdays(received, 5) (第十条第二款 "自收到申请之日起5个工作日内",
--     the day of receipt not counted, 民法典 第二百零一条).
--   * start_by = cal.period_end(issued_on, 3 months + every extended month): the extensions
--     add to the period counted from the issue date (第十四条; 民法典 第二百零一至二百零三条:
--     the corresponding day, or the month's last day, moved to the next working day).
--   * A permit still `issued` after start_by is void as of any later date (自行废止); the
--     lapse is applied when the case is read or the next event is fired, never in advance.
return workflow {
  id = "beijing.construction-permit",
  title = "北京市建筑工程施工许可",
  document = "北京市建筑工程施工许可办法（北京市人民政府令第139号，2021年10月1日北京市人民政府令第300号第二次修改）",
  issuer = "北京市人民政府",
  source = "gazettes/beijing-compilation.txt:1895-2039",
  states = {
    { "submitted", "申请已收到，发证机关审查中 (第九条、第十条)" },
    { "awaiting_documents", "文件不齐备，已一次告知需要补正的全部文件 (第十条第一款)" },
    { "issued", "已核发施工许可证，待开工 (第十条第二款、第十四条)" },
    { "refused", "不予发证的书面决定 (第十条第二款)" },
    { "started", "已开工 (第三条第二款、第十四条)" },
    { "void", "施工许可证自行废止 (第十四条)" },
  },
  initial = "submitted",
  events = {
    request_documents = {
      from = "submitted", to = "awaiting_documents", by = "发证机关",
      clause = "第十条第一款",
      text = "对申请人提交的文件不齐备的，应当一次告知需要补正的全部文件",
    },
    resubmit = {
      from = "awaiting_documents", to = "submitted", by = "建设单位",
      clause = "第十条第一款",
      text = "申请人补正文件；收到补正后的申请之日重新起算5个工作日",
    },
    issue = {
      from = "submitted", to = "issued", by = "发证机关",
      clause = "第十条第二款",
      text = "申请人提交文件齐备，符合本办法第六条规定的，发证机关应当自收到申请之日起5个工作日内核发施工许可证",
    },
    refuse = {
      from = "submitted", to = "refused", by = "发证机关",
      requires = { note = "the written reasons (说明理由)" },
      clause = "第十条第二款",
      text = "不符合本办法第六条规定的，应当作出不予发证的书面决定并说明理由",
    },
    start = {
      from = "issued", to = "started", by = "建设单位",
      clause = "第十四条",
      text = "建设单位应当自领取施工许可证之日起3个月内开工",
      guard = function(c, e)
        local start_by = c:deadline("start_by")
        if e.on > start_by then
          return false, ("the start is after start_by %s: the permit is void"):format(tostring(start_by)), "第十四条"
        end
        return true
      end,
    },
    extend = {
      from = "issued", to = "issued", by = "建设单位",
      requires = { ["data.months"] = "the months of the extension, 1 to 3" },
      clause = "第十四条",
      text = "因故不能开工的，应当在期满前向发证机关申请延期；延期以两次为限，每次不超过3个月",
      guard = function(c, e)
        local k = e.data.months
        if math.type(k) ~= "integer" or k < 1 or k > 3 then
          return false, ("an extension is 1 to 3 whole months (每次不超过3个月), got %s"):format(tostring(k)),
            "第十四条"
        end
        local done = c:count("extend")
        if done >= 2 then
          return false, ("the permit was already extended %d times (延期以两次为限)"):format(done), "第十四条"
        end
        local start_by = c:deadline("start_by")
        if e.on > start_by then
          return false, ("an extension must be asked on or before start_by %s (应当在期满前申请延期)")
            :format(tostring(start_by)), "第十四条"
        end
        return true
      end,
    },
  },
  deadlines = {
    issue_by = {
      due = function(c)
        local received = c:last_on("resubmit") or c.opened_on
        return cal.add_workdays(received, 5)
      end,
      met_by = "issue", running_in = "submitted",
      clause = "第十条第二款",
      text = "自收到申请之日起5个工作日内核发施工许可证",
    },
    start_by = {
      due = function(c)
        local issued = c:last_on("issue")
        if not issued then return nil end
        return cal.period_end(issued, { months = 3 + c:sum("extend", "months") })
      end,
      met_by = "start", running_in = "issued",
      clause = "第十四条",
      text = "自领取施工许可证之日起3个月内开工；延期以两次为限，每次不超过3个月",
    },
  },
  deadline_order = { "issue_by", "start_by" },
  timed = {
    {
      name = "lapse", from = "issued", to = "void", after = "start_by",
      clause = "第十四条",
      text = "既不开工又不申请延期或者超过延期次数、时限的，施工许可证自行废止",
    },
  },
}
