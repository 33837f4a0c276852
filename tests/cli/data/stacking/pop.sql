-- tests/cli/data/stacking/pop.sql: enterprises for tests/cli/stacking.t. rent-grant = min(rent × 50%,
-- 100万); jobs-grant = hires × 1万 (hires ≥ 1); both in exclusivity group stacktest-landing.
CREATE TABLE enterprises (id INTEGER PRIMARY KEY, name TEXT, district TEXT, in_zone INTEGER, rent TEXT, hires INTEGER);
INSERT INTO enterprises VALUES
 (1, '房租高', 'A', 1, '1000000', 30),   -- rent 500,000 > jobs 300,000: rent pays
 (2, '就业高', 'A', 1, '200000', 40),    -- rent 100,000 < jobs 400,000: jobs pays
 (3, '相等', 'B', 1, '600000', 30),      -- 300,000 = 300,000: the id that sorts first (jobs) pays
 (4, '房租未知', 'B', 1, NULL, 10),      -- rent undetermined: jobs 100,000 may not be the highest
 (5, '园区外', 'B', 0, '1000000', 30),   -- both ineligible
 (6, '房租有误', 'A', 1, 'abc', 5),      -- rent raises: jobs 50,000 undetermined
 (7, '封顶', 'A', 1, '3000000', 0);      -- rent 1,500,000 → 1,000,000; jobs ineligible (0 hires)
