-- 022_rate_asof.sql - appeal rates as of any day in under 100 ms at 10M appeals (docs/rates.md,
-- "Speed"): the pending deadlines summed into cells by deadline, so a future as_of reads
-- cells instead of every open appeal; and month-end snapshots, so a past month end reads
-- the cells plus what differed at the end of that month instead of judging every appeal.

-- The pending deadlines of rate_fact (resp_due: kind 0, ans_due: kind 1), counted by deadline
-- (dgrain 1 its month 'YYYY-MM', 2 its day) and submission (sgrain 1 month, 2 day), both
-- grains for each fact: a request reads whole months by month and the rest by day.
CREATE TABLE rate_pend (
	sgrain   INTEGER NOT NULL CHECK (sgrain IN (1, 2)),
	dgrain   INTEGER NOT NULL CHECK (dgrain IN (1, 2)),
	period   TEXT NOT NULL,
	due      TEXT NOT NULL,
	unit_id  INTEGER NOT NULL,
	category TEXT NOT NULL,
	channel  TEXT NOT NULL,
	kind     INTEGER NOT NULL CHECK (kind IN (0, 1)),
	n        INTEGER NOT NULL,
	PRIMARY KEY (sgrain, dgrain, period, due, unit_id, category, channel, kind)
) WITHOUT ROWID;
INSERT INTO rate_pend (sgrain, dgrain, period, due, unit_id, category, channel, kind, n)
SELECT sg, dg, substr(day, 1, CASE sg WHEN 1 THEN 7 ELSE 10 END),
       substr(due, 1, CASE dg WHEN 1 THEN 7 ELSE 10 END), unit_id, category, channel, kind,
       count(*)
  FROM (SELECT day, unit_id, category, channel, resp_due AS due, 0 AS kind FROM rate_fact
         WHERE resp_due IS NOT NULL
        UNION ALL
        SELECT day, unit_id, category, channel, ans_due, 1 FROM rate_fact
         WHERE ans_due IS NOT NULL),
       (SELECT 1 AS sg UNION ALL SELECT 2), (SELECT 1 AS dg UNION ALL SELECT 2)
 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

-- What an appeal contributed at the end of a month (snap, the month's last day) when that
-- differs from its item in rate_fact: the item judged as of that day, packed the same way.
-- Only month ends before the horizon; an appeal settled before the month end has no row.
CREATE TABLE rate_hist (
	appeal_id INTEGER NOT NULL,
	snap      TEXT NOT NULL,
	item      INTEGER NOT NULL,
	PRIMARY KEY (appeal_id, snap)
) WITHOUT ROWID;

-- The sums of (rate_hist.item - rate_fact.item) per snapshot and cell (grains as rate_cell):
-- rate_cell + rate_snap of the month end E (+ the pending deadlines before E) are the
-- figures as of E.  acc is a difference: zigzag varints (rates.c).
CREATE TABLE rate_snap (
	snap     TEXT NOT NULL,
	grain    INTEGER NOT NULL CHECK (grain IN (0, 1, 2)),
	period   TEXT NOT NULL,
	unit_id  INTEGER NOT NULL,
	category TEXT NOT NULL,
	channel  TEXT NOT NULL,
	acc      BLOB NOT NULL,
	PRIMARY KEY (snap, grain, period, unit_id, category, channel)
) WITHOUT ROWID;

-- Every appeal is judged live until folded again (exact at once); `guanlan rates rebuild`
-- after upgrading a large database.
INSERT OR IGNORE INTO rate_dirty (appeal_id) SELECT id FROM appeal;
