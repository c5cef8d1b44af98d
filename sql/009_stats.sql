-- 009_stats.sql - statistics rollups kept by triggers, and annual targets.
--
-- Every statistic is a sum over projects of one "measure" dated by the ledger: a project
-- counts as signed in the month of its signed_on, started in that of started_on, and so on
-- (those columns equal the dates of the standing ledger events, see 004).  Funds in place
-- count in the month they were reported.  Scanning a million projects per query is too slow,
-- so the sums are kept per key in the same transaction as the change:
--
--   project, project_funds --(triggers)--> stat_fact --(triggers)--> stat_cube, stat_pair
--
-- stat_fact holds the full grain (measure, month and every dimension); the coarser cuboids a
-- query usually needs are kept beside it: stat_cube with no dimension at all (dim = '') or
-- exactly one of stage, chain, channel, section (dim names it, val is its value), industrial
-- flag, location and unit in every key, plus the same for every unit together (unit -1);
-- stat_pair with two of stage/chain/channel/section, without the unit.  stat_cube and
-- stat_pair hold each month and each year's total (month 'Y' || YYYY).
-- Rows whose n and amount fall back to zero are left in place; queries skip them.
-- docs/statistics.md describes the design and the measures.

DROP TRIGGER project_tally_ins;
DROP TRIGGER project_tally_del;
DROP TRIGGER project_tally_upd;
DROP TABLE project_tally;

CREATE TABLE stat_fact (
	measure    TEXT NOT NULL,            -- all (month ''), signed, started, production, capacity, funds
	month      TEXT NOT NULL,            -- YYYY-MM
	industrial INTEGER NOT NULL,
	location   TEXT NOT NULL,
	unit_id    INTEGER NOT NULL,         -- 0 when none
	stage      TEXT NOT NULL,            -- the project's current stage
	chain      TEXT NOT NULL,            -- '' when none
	channel    TEXT NOT NULL,            -- '' when none
	section    TEXT NOT NULL,            -- GB/T 4754 section letter, '' when none
	n          INTEGER NOT NULL,         -- projects (funds: monthly reports)
	amount     INTEGER NOT NULL,         -- 万元: total investment (funds: funds in place)
	-- The unit leads after the measure: a handler's (or a unit filter's) rows are one range.
	PRIMARY KEY (measure, unit_id, month, industrial, location, stage, chain, channel, section)
) WITHOUT ROWID;

CREATE TABLE stat_cube (
	dim        TEXT NOT NULL,            -- '', 'stage', 'chain', 'channel', 'section'
	measure    TEXT NOT NULL,
	month      TEXT NOT NULL,            -- YYYY-MM, or 'Y' || YYYY: the year's total ('' for all)
	industrial INTEGER NOT NULL,
	location   TEXT NOT NULL,
	unit_id    INTEGER NOT NULL,         -- -1: every unit (the rows queries without a unit read)
	val        TEXT NOT NULL,            -- the value of dim ('' for dim '')
	n          INTEGER NOT NULL,
	amount     INTEGER NOT NULL,
	PRIMARY KEY (dim, measure, unit_id, month, industrial, location, val)
) WITHOUT ROWID;

-- Pairs of fine dimensions: the cross tables leaders ask for (chain by stage...), for every
-- unit together by month and year, and per unit by year only: by month and unit a pair is
-- nearly as large as stat_fact, which answers those (by the unit's range).
CREATE TABLE stat_pair (
	pair       TEXT NOT NULL,            -- 'stage,chain', 'stage,channel', 'stage,section',
					     -- 'chain,channel', 'chain,section', 'channel,section'
	measure    TEXT NOT NULL,
	unit_id    INTEGER NOT NULL,         -- -1: every unit; a unit's own rows are years only
	month      TEXT NOT NULL,            -- YYYY-MM, or YYYY prefixed by Y: the year's total
	industrial INTEGER NOT NULL,
	location   TEXT NOT NULL,
	v1         TEXT NOT NULL,            -- the value of the pair's first dimension
	v2         TEXT NOT NULL,
	n          INTEGER NOT NULL,
	amount     INTEGER NOT NULL,
	PRIMARY KEY (pair, measure, unit_id, month, industrial, location, v1, v2)
) WITHOUT ROWID;

CREATE TRIGGER stat_fact_ins AFTER INSERT ON stat_fact BEGIN
	INSERT INTO stat_cube (dim, measure, month, industrial, location, unit_id, val, n, amount)
	SELECT d.k, NEW.measure, t.m, NEW.industrial, NEW.location, u.u, d.v, NEW.n, NEW.amount
	FROM (SELECT '' AS k, '' AS v UNION ALL SELECT 'stage', NEW.stage
	      UNION ALL SELECT 'chain', NEW.chain UNION ALL SELECT 'channel', NEW.channel
	      UNION ALL SELECT 'section', NEW.section) d,
	     (SELECT NEW.month AS m UNION ALL SELECT 'Y' || substr(NEW.month, 1, 4)
	      WHERE NEW.month <> '') t,
	     (SELECT NEW.unit_id AS u UNION ALL SELECT -1) u
	WHERE true
	ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
	INSERT INTO stat_pair (pair, measure, unit_id, month, industrial, location, v1, v2, n,
			       amount)
	SELECT d.p, NEW.measure, u.u, t.m, NEW.industrial, NEW.location, d.a, d.b, NEW.n, NEW.amount
	FROM (SELECT 'stage,chain' AS p, NEW.stage AS a, NEW.chain AS b
	      UNION ALL SELECT 'stage,channel', NEW.stage, NEW.channel
	      UNION ALL SELECT 'stage,section', NEW.stage, NEW.section
	      UNION ALL SELECT 'chain,channel', NEW.chain, NEW.channel
	      UNION ALL SELECT 'chain,section', NEW.chain, NEW.section
	      UNION ALL SELECT 'channel,section', NEW.channel, NEW.section) d,
	     (SELECT NEW.month AS m UNION ALL SELECT 'Y' || substr(NEW.month, 1, 4)
	      WHERE NEW.month <> '') t,
	     (SELECT NEW.unit_id AS u UNION ALL SELECT -1) u
	WHERE u.u = -1 OR substr(t.m, 1, 1) = 'Y'
	ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;

CREATE TRIGGER stat_fact_upd AFTER UPDATE OF n, amount ON stat_fact BEGIN
	INSERT INTO stat_cube (dim, measure, month, industrial, location, unit_id, val, n, amount)
	SELECT d.k, NEW.measure, t.m, NEW.industrial, NEW.location, u.u, d.v, NEW.n - OLD.n, NEW.amount - OLD.amount
	FROM (SELECT '' AS k, '' AS v UNION ALL SELECT 'stage', NEW.stage
	      UNION ALL SELECT 'chain', NEW.chain UNION ALL SELECT 'channel', NEW.channel
	      UNION ALL SELECT 'section', NEW.section) d,
	     (SELECT NEW.month AS m UNION ALL SELECT 'Y' || substr(NEW.month, 1, 4)
	      WHERE NEW.month <> '') t,
	     (SELECT NEW.unit_id AS u UNION ALL SELECT -1) u
	WHERE true
	ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
	INSERT INTO stat_pair (pair, measure, unit_id, month, industrial, location, v1, v2, n,
			       amount)
	SELECT d.p, NEW.measure, u.u, t.m, NEW.industrial, NEW.location, d.a, d.b, NEW.n - OLD.n, NEW.amount - OLD.amount
	FROM (SELECT 'stage,chain' AS p, NEW.stage AS a, NEW.chain AS b
	      UNION ALL SELECT 'stage,channel', NEW.stage, NEW.channel
	      UNION ALL SELECT 'stage,section', NEW.stage, NEW.section
	      UNION ALL SELECT 'chain,channel', NEW.chain, NEW.channel
	      UNION ALL SELECT 'chain,section', NEW.chain, NEW.section
	      UNION ALL SELECT 'channel,section', NEW.channel, NEW.section) d,
	     (SELECT NEW.month AS m UNION ALL SELECT 'Y' || substr(NEW.month, 1, 4)
	      WHERE NEW.month <> '') t,
	     (SELECT NEW.unit_id AS u UNION ALL SELECT -1) u
	WHERE u.u = -1 OR substr(t.m, 1, 1) = 'Y'
	ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;

-- A project's dimensions as the facts key them.
CREATE VIEW stat_project AS
	SELECT p.id, p.industrial, p.location, coalesce(p.unit_id, 0) AS unit_id, p.stage,
	       coalesce(p.chain, '') AS chain, coalesce(p.channel, '') AS channel,
	       coalesce((SELECT section FROM ref_industry WHERE code = p.industry_code), '')
		       AS section,
	       coalesce(p.total_investment, 0) AS amount,
	       p.signed_on, p.started_on, p.production_on, p.capacity_on
	FROM project p;

CREATE TRIGGER stat_project_ins AFTER INSERT ON project BEGIN
	INSERT INTO stat_fact (measure, month, industrial, location, unit_id, stage, chain,
			       channel, section, n, amount)
	SELECT column1, column2, NEW.industrial, NEW.location, coalesce(NEW.unit_id, 0),
	       NEW.stage, coalesce(NEW.chain, ''), coalesce(NEW.channel, ''),
	       coalesce((SELECT section FROM ref_industry WHERE code = NEW.industry_code), ''),
	       1, coalesce(NEW.total_investment, 0)
	FROM (VALUES ('all', ''), ('signed', substr(NEW.signed_on, 1, 7)),
		     ('started', substr(NEW.started_on, 1, 7)),
		     ('production', substr(NEW.production_on, 1, 7)),
		     ('capacity', substr(NEW.capacity_on, 1, 7)))
	WHERE column2 IS NOT NULL
	ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;

-- Take the old key's contribution out and put the new one in (the funds reported for the
-- project move with it).  Only when something the facts key on changed.
CREATE TRIGGER stat_project_upd AFTER UPDATE ON project
WHEN OLD.industrial IS NOT NEW.industrial OR OLD.location IS NOT NEW.location
  OR OLD.unit_id IS NOT NEW.unit_id OR OLD.stage IS NOT NEW.stage
  OR OLD.chain IS NOT NEW.chain OR OLD.channel IS NOT NEW.channel
  OR OLD.industry_code IS NOT NEW.industry_code
  OR OLD.total_investment IS NOT NEW.total_investment OR OLD.signed_on IS NOT NEW.signed_on
  OR OLD.started_on IS NOT NEW.started_on OR OLD.production_on IS NOT NEW.production_on
  OR OLD.capacity_on IS NOT NEW.capacity_on
BEGIN
	INSERT INTO stat_fact (measure, month, industrial, location, unit_id, stage, chain,
			       channel, section, n, amount)
	SELECT column1, column2, OLD.industrial, OLD.location, coalesce(OLD.unit_id, 0),
	       OLD.stage, coalesce(OLD.chain, ''), coalesce(OLD.channel, ''),
	       coalesce((SELECT section FROM ref_industry WHERE code = OLD.industry_code), ''),
	       -1, -coalesce(OLD.total_investment, 0)
	FROM (VALUES ('all', ''), ('signed', substr(OLD.signed_on, 1, 7)),
		     ('started', substr(OLD.started_on, 1, 7)),
		     ('production', substr(OLD.production_on, 1, 7)),
		     ('capacity', substr(OLD.capacity_on, 1, 7)))
	WHERE column2 IS NOT NULL
	ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
	INSERT INTO stat_fact (measure, month, industrial, location, unit_id, stage, chain,
			       channel, section, n, amount)
	SELECT 'funds', f.month, OLD.industrial, OLD.location, coalesce(OLD.unit_id, 0),
	       OLD.stage, coalesce(OLD.chain, ''), coalesce(OLD.channel, ''),
	       coalesce((SELECT section FROM ref_industry WHERE code = OLD.industry_code), ''),
	       -1, -f.amount
	FROM project_funds f WHERE f.project_id = OLD.id
	ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
	INSERT INTO stat_fact (measure, month, industrial, location, unit_id, stage, chain,
			       channel, section, n, amount)
	SELECT column1, column2, NEW.industrial, NEW.location, coalesce(NEW.unit_id, 0),
	       NEW.stage, coalesce(NEW.chain, ''), coalesce(NEW.channel, ''),
	       coalesce((SELECT section FROM ref_industry WHERE code = NEW.industry_code), ''),
	       1, coalesce(NEW.total_investment, 0)
	FROM (VALUES ('all', ''), ('signed', substr(NEW.signed_on, 1, 7)),
		     ('started', substr(NEW.started_on, 1, 7)),
		     ('production', substr(NEW.production_on, 1, 7)),
		     ('capacity', substr(NEW.capacity_on, 1, 7)))
	WHERE column2 IS NOT NULL
	ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
	INSERT INTO stat_fact (measure, month, industrial, location, unit_id, stage, chain,
			       channel, section, n, amount)
	SELECT 'funds', f.month, NEW.industrial, NEW.location, coalesce(NEW.unit_id, 0),
	       NEW.stage, coalesce(NEW.chain, ''), coalesce(NEW.channel, ''),
	       coalesce((SELECT section FROM ref_industry WHERE code = NEW.industry_code), ''),
	       1, f.amount
	FROM project_funds f WHERE f.project_id = NEW.id
	ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;

CREATE TRIGGER stat_project_del AFTER DELETE ON project BEGIN
	INSERT INTO stat_fact (measure, month, industrial, location, unit_id, stage, chain,
			       channel, section, n, amount)
	SELECT column1, column2, OLD.industrial, OLD.location, coalesce(OLD.unit_id, 0),
	       OLD.stage, coalesce(OLD.chain, ''), coalesce(OLD.channel, ''),
	       coalesce((SELECT section FROM ref_industry WHERE code = OLD.industry_code), ''),
	       -1, -coalesce(OLD.total_investment, 0)
	FROM (VALUES ('all', ''), ('signed', substr(OLD.signed_on, 1, 7)),
		     ('started', substr(OLD.started_on, 1, 7)),
		     ('production', substr(OLD.production_on, 1, 7)),
		     ('capacity', substr(OLD.capacity_on, 1, 7)))
	WHERE column2 IS NOT NULL
	ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;

CREATE TRIGGER stat_funds_ins AFTER INSERT ON project_funds BEGIN
	INSERT INTO stat_fact (measure, month, industrial, location, unit_id, stage, chain,
			       channel, section, n, amount)
	SELECT 'funds', NEW.month, industrial, location, unit_id, stage, chain, channel, section,
	       1, NEW.amount
	FROM stat_project WHERE id = NEW.project_id
	ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;

CREATE TRIGGER stat_funds_del AFTER DELETE ON project_funds BEGIN
	INSERT INTO stat_fact (measure, month, industrial, location, unit_id, stage, chain,
			       channel, section, n, amount)
	SELECT 'funds', OLD.month, industrial, location, unit_id, stage, chain, channel, section,
	       -1, -OLD.amount
	FROM stat_project WHERE id = OLD.project_id
	ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;

CREATE TRIGGER stat_funds_upd AFTER UPDATE OF project_id, month, amount ON project_funds BEGIN
	INSERT INTO stat_fact (measure, month, industrial, location, unit_id, stage, chain,
			       channel, section, n, amount)
	SELECT 'funds', OLD.month, industrial, location, unit_id, stage, chain, channel, section,
	       -1, -OLD.amount
	FROM stat_project WHERE id = OLD.project_id
	ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
	INSERT INTO stat_fact (measure, month, industrial, location, unit_id, stage, chain,
			       channel, section, n, amount)
	SELECT 'funds', NEW.month, industrial, location, unit_id, stage, chain, channel, section,
	       1, NEW.amount
	FROM stat_project WHERE id = NEW.project_id
	ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
END;

-- The rollups of what is already stored.
INSERT INTO stat_fact (measure, month, industrial, location, unit_id, stage, chain, channel,
		       section, n, amount)
SELECT measure, month, industrial, location, unit_id, stage, chain, channel, section,
       sum(n), sum(amount)
FROM (
	SELECT 'all' AS measure, '' AS month, industrial, location, unit_id, stage, chain,
	       channel, section, 1 AS n, amount FROM stat_project
	UNION ALL
	SELECT 'signed', substr(signed_on, 1, 7), industrial, location, unit_id, stage, chain,
	       channel, section, 1, amount FROM stat_project WHERE signed_on IS NOT NULL
	UNION ALL
	SELECT 'started', substr(started_on, 1, 7), industrial, location, unit_id, stage, chain,
	       channel, section, 1, amount FROM stat_project WHERE started_on IS NOT NULL
	UNION ALL
	SELECT 'production', substr(production_on, 1, 7), industrial, location, unit_id, stage,
	       chain, channel, section, 1, amount FROM stat_project WHERE production_on IS NOT NULL
	UNION ALL
	SELECT 'capacity', substr(capacity_on, 1, 7), industrial, location, unit_id, stage,
	       chain, channel, section, 1, amount FROM stat_project WHERE capacity_on IS NOT NULL
	UNION ALL
	SELECT 'funds', f.month, p.industrial, p.location, p.unit_id, p.stage, p.chain,
	       p.channel, p.section, 1, f.amount
	FROM project_funds f JOIN stat_project p ON p.id = f.project_id
)
GROUP BY measure, month, industrial, location, unit_id, stage, chain, channel, section;

-- Annual targets (目标任务): for the whole zone (unit_id 0) and per unit.
CREATE TABLE target (
	year    INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
	unit_id INTEGER NOT NULL,            -- 0: the zone as a whole
	measure TEXT NOT NULL CHECK (measure IN ('signed_projects', 'signed_amount', 'started',
						 'production', 'funds')),
	value   INTEGER NOT NULL CHECK (value >= 0),   -- projects, or 万元
	PRIMARY KEY (year, unit_id, measure)
) WITHOUT ROWID;
