-- tests/cli/data/match/pop.sql: a small register for the REPL's .match (tests/cli/repl_match.t)
-- and gazette run --all (tests/cli/run_all.t). Columns as gazette gen writes them.
CREATE TABLE enterprises (id INTEGER PRIMARY KEY, uscc TEXT, name TEXT, reg_district TEXT, tax_district TEXT,
  established_on TEXT, industry_code TEXT, employees INTEGER, revenue TEXT, total_assets TEXT,
  operating_normally INTEGER, chaoyang_hukou_hires INTEGER);
INSERT INTO enterprises VALUES
 -- the M1 worked case: as of 2022-06-01, 30,000 + (7 − 3) × 10,000 = 70,000
 (1, NULL, '北京甲科技有限公司', '朝阳区', '朝阳区', '2019-03-15', 'I6513', 45, '8000000', '12000000', 1, 7),
 -- registered in 海淀区: M1 and M13 ineligible
 (2, NULL, '北京乙软件有限公司', '海淀区', '海淀区', '2019-03-15', 'I6513', 45, '8000000', '12000000', 1, 7),
 -- tax district unknown: M1 undetermined
 (3, NULL, '北京丙商贸有限公司', '朝阳区', NULL, '2019-03-15', 'I6513', 45, '8000000', '12000000', 1, 7);
