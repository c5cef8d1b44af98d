-- 017_stat_log.sql - the change log of stat_fact, so that a process can keep a packed copy of
-- it in memory (src/store/statcopy.c) and bring the copy up to date by applying what changed
-- instead of reading two million rows again.
--
-- Every change of a stat_fact row (other than measure 'all', which /stats never reads) is
-- one row here: the row's key and the change of n and amount.  seq grows by one per row in
-- commit order (one writer at a time), so a copy at seq c that reads the rows after c sees
-- exactly the changes it lacks, and a first row other than c + 1 tells it that the log was
-- pruned past it.  A row with measure NULL means "stat_fact was rewritten as a whole" (the
-- bulk rebuild of guanlan gen, which runs with the triggers dropped): copies start over.
-- The log keeps the last 100,000 changes; a copy further behind reads stat_fact again.

CREATE TABLE stat_log (
	seq        INTEGER PRIMARY KEY,
	measure    TEXT,                     -- NULL: stat_fact rewritten, rebuild every copy
	month      TEXT,
	industrial INTEGER,
	location   TEXT,
	unit_id    INTEGER,
	stage      TEXT,
	chain      TEXT,
	channel    TEXT,
	section    TEXT,
	n          INTEGER,                  -- the change of n
	amount     INTEGER                   -- the change of amount
);

-- Which database a copy was read from: a copy of the file elsewhere keeps the token, a new
-- database gets its own.
CREATE TABLE stat_copy_id (token TEXT NOT NULL);
INSERT INTO stat_copy_id (token) VALUES (lower(hex(randomblob(8))));
INSERT INTO stat_log (seq, measure) VALUES (1, NULL);

CREATE TRIGGER stat_log_fact_ins AFTER INSERT ON stat_fact WHEN NEW.measure <> 'all' BEGIN
	INSERT INTO stat_log (measure, month, industrial, location, unit_id, stage, chain,
			      channel, section, n, amount)
	VALUES (NEW.measure, NEW.month, NEW.industrial, NEW.location, NEW.unit_id, NEW.stage,
		NEW.chain, NEW.channel, NEW.section, NEW.n, NEW.amount);
END;

CREATE TRIGGER stat_log_fact_upd AFTER UPDATE OF n, amount ON stat_fact
WHEN NEW.measure <> 'all' BEGIN
	INSERT INTO stat_log (measure, month, industrial, location, unit_id, stage, chain,
			      channel, section, n, amount)
	VALUES (NEW.measure, NEW.month, NEW.industrial, NEW.location, NEW.unit_id, NEW.stage,
		NEW.chain, NEW.channel, NEW.section, NEW.n - OLD.n, NEW.amount - OLD.amount);
END;

CREATE TRIGGER stat_log_fact_del AFTER DELETE ON stat_fact WHEN OLD.measure <> 'all' BEGIN
	INSERT INTO stat_log (measure, month, industrial, location, unit_id, stage, chain,
			      channel, section, n, amount)
	VALUES (OLD.measure, OLD.month, OLD.industrial, OLD.location, OLD.unit_id, OLD.stage,
		OLD.chain, OLD.channel, OLD.section, -OLD.n, -OLD.amount);
END;

CREATE TRIGGER stat_log_prune AFTER INSERT ON stat_log BEGIN
	DELETE FROM stat_log WHERE seq = NEW.seq - 100000;
END;
