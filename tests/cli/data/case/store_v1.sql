-- tests/cli/data/case/store_v1.sql: a case store written by Gazette before the keyed log (format 1,
-- an unkeyed SHA-256 chain): P-1 opened, issued and extended 2 months; P-2 refused.  Its .dump,
-- loaded by tests/cli/case_keyed.t to test 'gazette case migrate'.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES('format','gazette-cases');
INSERT INTO meta VALUES('version','1');
CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  workflow TEXT NOT NULL,
  opened_on TEXT NOT NULL,
  state TEXT NOT NULL,
  last_n INTEGER NOT NULL,
  last_on TEXT NOT NULL,
  last_hash TEXT NOT NULL);
INSERT INTO cases VALUES('P-1','beijing.construction-permit','2025-09-26','issued',2,'2025-12-01','cf3cdb58e49fd498c129f9ba2d0ebfa925dd358c6fc83b92422dc3ae474bb483');
INSERT INTO cases VALUES('P-2','beijing.construction-permit','2025-09-29','refused',1,'2025-10-10','ed4b86d193b1c34bbc1b219d99ea695dc84a5f7e6e0ee9ad7e0bca05a0483b2f');
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  case_id TEXT NOT NULL,
  n INTEGER NOT NULL,
  workflow TEXT NOT NULL,
  event TEXT NOT NULL,
  on_date TEXT NOT NULL,
  actor TEXT,
  note TEXT,
  data TEXT,
  from_state TEXT,
  to_state TEXT NOT NULL,
  remarks TEXT,
  recorded_at TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  UNIQUE (case_id, n));
INSERT INTO events VALUES(1,'P-1',0,'beijing.construction-permit','open','2025-09-26',NULL,NULL,NULL,NULL,'submitted',NULL,'2026-12-07T03:44:53.328Z','0000000000000000000000000000000000000000000000000000000000000000','492407169d1673f2d82ed93a154b5453240ccbc72d56c37bf505c18d8e2871f7');
INSERT INTO events VALUES(2,'P-1',1,'beijing.construction-permit','issue','2025-10-09',NULL,NULL,NULL,'submitted','issued','[{"name":"issue_by","due":"2025-10-10","met":true}]','2026-12-07T03:44:53.409Z','492407169d1673f2d82ed93a154b5453240ccbc72d56c37bf505c18d8e2871f7','6a0adf2fd558c253309dbc579d1c649048f6e647a11580c2ef95f1684e2b4fd3');
INSERT INTO events VALUES(3,'P-1',2,'beijing.construction-permit','extend','2025-12-01',NULL,NULL,'{"months":2}','issued','issued',NULL,'2026-12-07T03:44:53.517Z','6a0adf2fd558c253309dbc579d1c649048f6e647a11580c2ef95f1684e2b4fd3','cf3cdb58e49fd498c129f9ba2d0ebfa925dd358c6fc83b92422dc3ae474bb483');
INSERT INTO events VALUES(4,'P-2',0,'beijing.construction-permit','open','2025-09-29',NULL,NULL,NULL,NULL,'submitted',NULL,'2026-12-07T03:44:53.576Z','cf3cdb58e49fd498c129f9ba2d0ebfa925dd358c6fc83b92422dc3ae474bb483','3e48c2315f86df21c21c9e67768a1b6f26411ebc7ab11a00c911fd206865e75e');
INSERT INTO events VALUES(5,'P-2',1,'beijing.construction-permit','refuse','2025-10-10',NULL,'不符合第六条',NULL,'submitted','refused',NULL,'2026-12-07T03:44:53.631Z','3e48c2315f86df21c21c9e67768a1b6f26411ebc7ab11a00c911fd206865e75e','ed4b86d193b1c34bbc1b219d99ea695dc84a5f7e6e0ee9ad7e0bca05a0483b2f');
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the case event log is append-only: events cannot be changed'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the case event log is append-only: events cannot be deleted'); END;
COMMIT;
