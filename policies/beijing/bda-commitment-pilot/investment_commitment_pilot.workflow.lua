-- 经开区企业投资项目承诺制改革试点: an enterprise investment project admitted to the BDA's
-- commitment pilot, from the application through the public notice, the filings and the
-- construction permit to completion, or to the land-use exit when the project is not completed
-- within three years of starting (W6 in docs/workflows.md).
--
-- Source: 《北京经济技术开发区企业投资项目承诺制改革试点实施方案（试行）》 in the compilation of
-- municipal rules (gazettes/beijing-compilation.txt:3634-3746), 三（四）to 三（七） (lines 3680-3696):
-- "由企业向开发区管委会提出书面申请，开发区管委会研究通过后，签订承诺事项告知承诺书，并及时在
-- 开发区政府网站向社会公示，公示期为5个工作日。公示期满后，项目正式纳入承诺制改革试点范围，企业即可
-- 向立项部门备案、获取项目代码" (line 3682); "情节特别严重或项目开工后三年内未竣工投产的，按照承诺
-- 约定依法落实土地使用权退出机制" (line 3696). The text prints no date, 文号 or issuer: the
-- three-year pilot period (二（二）, line 3660, "自本方案印发之日算起") cannot be dated and is not
-- modelled, and no start date is enforced.
--
-- Readings:
--   * notice-days: "公示期为5个工作日" counts the publication day when it is a working day, as
--     W2: notice_end = cal.add_workdays(publish - 1, 5); "公示期满后" the project is enrolled, so
--     enrol is refused on or before notice_end.
--   * complete-by: "开工后三年内" is a legal period counted from the start date (民法典 第二百零一条
--     至第二百零三条): complete_by = cal.period_end(started, {years = 3}), moved to the next
--     working day when it falls on a day off. A case still under_construction is land_exit
--     from the day after (time-driven, like W1's void: applied when the case is read or the
--     next event is fired, never in advance); complete is then refused.
--   * complete_by needs the working-day calendar of the year three years after the start: a
--     start in 2024 or later reaches 2027, which the calendar does not know yet, and is refused
--     (exit 2, naming the year) until that year's State Council notice is installed
--     (gazette cal import).
--   * The other steps (备案, 技术方案备案, 施工许可) have no time limit in the text; the
--     enforcement ladder of 三（七） (责令改正, 罚款, 停业整顿) is not a state of the case.
return workflow {
  id = "beijing.bda-investment-commitment-pilot",
  title = "经开区企业投资项目承诺制改革试点",
  document = "北京经济技术开发区企业投资项目承诺制改革试点实施方案（试行）",
  source = "gazettes/beijing-compilation.txt:3634-3746",
  states = {
    { "applied", "企业向开发区管委会提出书面申请 (三（四）)", lines = 3682 },
    { "not_admitted", "开发区管委会研究未通过 (三（四）未规定后续程序)", lines = 3682 },
    { "approved", "开发区管委会研究通过 (三（四）)", lines = 3682 },
    { "public_notice", "签订承诺事项告知承诺书，在开发区政府网站向社会公示，公示期为5个工作日 (三（四）)", lines = 3682 },
    { "enrolled", "公示期满，项目正式纳入承诺制改革试点范围 (三（四）)", lines = 3682 },
    { "filed", "向立项部门备案、获取项目代码 (三（四）)", lines = 3682 },
    { "plans_filed", "技术方案和评审意见报相关部门备案 (三（五）)", lines = 3686 },
    { "permitted", "核发建筑工程施工许可证 (三（六）)", lines = 3690 },
    { "under_construction", "项目开工 (三（七）)", lines = 3696 },
    { "completed", "竣工投产 (三（七）)", lines = 3696 },
    { "land_exit", "开工后三年内未竣工投产，按照承诺约定依法落实土地使用权退出机制 (三（七）)", lines = 3696 },
  },
  initial = "applied",
  events = {
    approve = {
      from = "applied", to = "approved", by = "开发区管委会",
      clause = "三（四）", lines = 3682,
      text = "由企业向开发区管委会提出书面申请，开发区管委会研究通过后",
    },
    decline = {
      from = "applied", to = "not_admitted", by = "开发区管委会",
      requires = { note = "why the committee did not admit the project (e.g. 负面清单)" },
      clause = "三（四）", lines = 3682,
      text = "开发区管委会研究未通过（不纳入试点）",
    },
    publish = {
      from = "approved", to = "public_notice", by = "开发区管委会",
      clause = "三（四）", lines = 3682,
      text = "签订承诺事项告知承诺书，并及时在开发区政府网站向社会公示，公示期为5个工作日",
    },
    enrol = {
      from = "public_notice", to = "enrolled", by = "开发区管委会",
      clause = "三（四）", lines = 3682,
      text = "公示期满后，项目正式纳入承诺制改革试点范围",
    },
    file = {
      from = "enrolled", to = "filed", by = "企业",
      clause = "三（四）", lines = 3682,
      text = "企业即可向立项部门备案、获取项目代码",
    },
    file_plans = {
      from = "filed", to = "plans_filed", by = "企业",
      clause = "三（五）", lines = 3686,
      text = "评审完成后，企业要将技术方案和评审意见及时通过试点项目管理系统报相关部门备案",
    },
    permit = {
      from = "plans_filed", to = "permitted", by = "建设主管部门",
      clause = "三（六）", lines = 3690,
      text = "企业取得建设工程规划许可证、签订施工合同，承诺…，建设主管部门即可核发建筑工程施工许可证",
    },
    start = {
      from = "permitted", to = "under_construction", by = "企业",
      clause = "三（七）", lines = 3696,
      text = "项目开工（开工后三年内应当竣工投产）",
    },
    complete = {
      from = "under_construction", to = "completed", by = "企业",
      clause = "三（七）", lines = 3696,
      text = "项目开工后三年内竣工投产",
    },
  },
  deadlines = {
    notice_end = {
      kind = "not_before",
      start = "publish", workdays = 5, first_day = true,
      met_by = "enrol", running_in = "public_notice",
      clause = "三（四）", lines = 3682,
      text = "公示期为5个工作日。公示期满后，项目正式纳入承诺制改革试点范围",
    },
    complete_by = {
      start = "start", period = { years = 3 },
      met_by = "complete", running_in = "under_construction",
      clause = "三（七）", lines = 3696,
      text = "项目开工后三年内未竣工投产的，按照承诺约定依法落实土地使用权退出机制",
    },
  },
  deadline_order = { "notice_end", "complete_by" },
  timed = {
    {
      name = "land_exit", from = "under_construction", to = "land_exit", after = "complete_by",
      clause = "三（七）", lines = 3696,
      text = "项目开工后三年内未竣工投产的，按照承诺约定依法落实土地使用权退出机制",
    },
  },
}
