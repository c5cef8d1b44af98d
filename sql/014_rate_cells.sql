-- 014_rate_cells.sql - rollups of the three rates (docs/rates.md, "Speed"): what each appeal
-- contributes, summed per day, month and year cell, so that GET /api/v1/appeal-rates reads
-- a few thousand cells instead of judging every appeal.
--
-- Kept exact by a dirty queue: triggers name every appeal whose facts may have changed, in
-- the same statement that changed them, whoever wrote it (the store, a merge, a bulk load);
-- the store folds the queue into the cells (store_rates_refresh) and a query judges what is
-- still queued live.  So the cells never lag behind a committed write.

-- One row per appeal folded into the cells: its cell key and the part of its judgement that
-- no later day can change (item: flags and days to answer, see rates.c), plus the deadlines
-- still pending, which become due as as_of passes them.
CREATE TABLE rate_fact (
	appeal_id INTEGER PRIMARY KEY,
	day       TEXT NOT NULL,               -- submission day, Asia/Shanghai
	unit_id   INTEGER NOT NULL,            -- lead unit, 0 when none yet
	category  TEXT NOT NULL,
	channel   TEXT NOT NULL,
	item      INTEGER NOT NULL,
	resp_due  TEXT,                        -- not responded yet: the response deadline
	ans_due   TEXT                         -- accepted, not answered yet: the answer deadline
);
CREATE INDEX rate_fact_resp ON rate_fact (resp_due) WHERE resp_due IS NOT NULL;
CREATE INDEX rate_fact_ans ON rate_fact (ans_due) WHERE ans_due IS NOT NULL;

-- Sums of items: grain 0 a year ('2024'), 1 a month ('2024-03'), 2 a day ('2024-03-05').
-- acc is struct rate_acc, varint-encoded (rates.c).
CREATE TABLE rate_cell (
	grain    INTEGER NOT NULL CHECK (grain IN (0, 1, 2)),
	period   TEXT NOT NULL,
	unit_id  INTEGER NOT NULL,
	category TEXT NOT NULL,
	channel  TEXT NOT NULL,
	acc      BLOB NOT NULL,
	PRIMARY KEY (grain, period, unit_id, category, channel)
) WITHOUT ROWID;

CREATE TABLE rate_dirty (appeal_id INTEGER PRIMARY KEY);

-- horizon: the latest day any fact the rates read happened on (a submission, a response,
-- an answer, a close or reopening, an extension decision).  Cells answer an as_of on or
-- after it; an earlier as_of is judged by the plain query.
CREATE TABLE rate_meta (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	horizon TEXT NOT NULL
);
INSERT INTO rate_meta (id, horizon) VALUES (1, '0000-00-00');
UPDATE rate_meta SET horizon = max(horizon,
	coalesce((SELECT max(substr(submitted_at, 1, 10)) FROM appeal), ''),
	coalesce((SELECT max(substr(at, 1, 10)) FROM appeal_event
	          WHERE kind IN ('accept', 'decline', 'answer', 'close', 'reopen')), ''),
	coalesce((SELECT max(substr(decided_at, 1, 10)) FROM appeal_extension), ''));
INSERT INTO rate_dirty (appeal_id) SELECT id FROM appeal;

CREATE TRIGGER rate_appeal_insert AFTER INSERT ON appeal BEGIN
	INSERT OR IGNORE INTO rate_dirty (appeal_id) VALUES (NEW.id);
	UPDATE rate_meta SET horizon = substr(NEW.submitted_at, 1, 10)
	 WHERE substr(NEW.submitted_at, 1, 10) > horizon;
END;
CREATE TRIGGER rate_appeal_update AFTER UPDATE OF state, lead_unit_id, category, channel,
	submitted_at, accept_due_on, answer_due_on, rating, closed_at, reopen_count, merged_into
	ON appeal BEGIN
	INSERT OR IGNORE INTO rate_dirty (appeal_id) VALUES (NEW.id);
	UPDATE rate_meta SET horizon = substr(NEW.submitted_at, 1, 10)
	 WHERE substr(NEW.submitted_at, 1, 10) > horizon;
END;
CREATE TRIGGER rate_appeal_delete AFTER DELETE ON appeal BEGIN
	INSERT OR IGNORE INTO rate_dirty (appeal_id) VALUES (OLD.id);
END;
CREATE TRIGGER rate_event_insert AFTER INSERT ON appeal_event
	WHEN NEW.kind IN ('accept', 'decline', 'answer', 'close', 'reopen') BEGIN
	INSERT OR IGNORE INTO rate_dirty (appeal_id) VALUES (NEW.appeal_id);
	UPDATE rate_meta SET horizon = substr(NEW.at, 1, 10) WHERE substr(NEW.at, 1, 10) > horizon;
END;
-- Events are kept as recorded (011's triggers); a repair that moves one anyway is caught too.
CREATE TRIGGER rate_event_update AFTER UPDATE ON appeal_event BEGIN
	INSERT OR IGNORE INTO rate_dirty (appeal_id) VALUES (NEW.appeal_id);
	UPDATE rate_meta SET horizon = substr(NEW.at, 1, 10) WHERE substr(NEW.at, 1, 10) > horizon;
END;
CREATE TRIGGER rate_extension_decided AFTER UPDATE OF status, decided_at ON appeal_extension
	BEGIN
	INSERT OR IGNORE INTO rate_dirty (appeal_id) VALUES (NEW.appeal_id);
	UPDATE rate_meta SET horizon = substr(NEW.decided_at, 1, 10)
	 WHERE substr(NEW.decided_at, 1, 10) > horizon;
END;
