-- tests/cli/data/repl/pop.sql: ten enterprises for the REPL and whatif tests, each picked for
-- one outcome of repltest.jobs-subsidy as of 2022-06-01 (see tests/cli/repl_measure.t).
CREATE TABLE enterprises (id INTEGER PRIMARY KEY, name TEXT, reg_district TEXT, tax_district TEXT,
  established_on TEXT, operating_normally INTEGER, chaoyang_hukou_hires);
INSERT INTO enterprises VALUES
 (1, '北京甲科技有限公司', '朝阳区', '朝阳区', '2020-01-01', 1, 3),    -- eligible 30,000
 (2, '北京乙商贸有限公司', '朝阳区', '朝阳区', '2020-01-01', 1, 7),    -- 30,000 + 4 × 10,000 = 70,000
 (3, '北京丙餐饮有限公司', '朝阳区', '朝阳区', '2019-05-01', 1, 25),   -- 250,000 capped at 200,000
 (4, '北京丁软件有限公司', '海淀区', '海淀区', '2020-01-01', 1, 5),    -- ineligible: district
 (5, '北京戊物流有限公司', '朝阳区', '朝阳区', '2020-01-01', 0, 5),    -- ineligible: not operating
 (6, '北京己文化有限公司', '朝阳区', '朝阳区', '2022-01-01', 1, 5),    -- ineligible: under a year
 (7, '北京庚咨询有限公司', '朝阳区', '朝阳区', '2020-01-01', 1, 2),    -- ineligible: 2 hires
 (8, '北京辛设计有限公司', '朝阳区', '朝阳区', '2020-01-01', 1, NULL), -- undetermined: hires unknown
 (9, '北京壬制造有限公司', '海淀区', '朝阳区', '2020-01-01', 1, 10),   -- ineligible: district
 (10, '北京癸传媒有限公司', '朝阳区', '朝阳区', '2020-06-01', 1, 'many'); -- error: hires not an integer
