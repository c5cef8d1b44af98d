-- 012_arrangements.sql - arrangements (具体安排): the concrete action an answer promises, with
-- an owner unit and a deadline, made at a roundtable or on an appeal.

CREATE TABLE arrangement (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	roundtable_id INTEGER REFERENCES roundtable (id),
	appeal_id     INTEGER REFERENCES appeal (id),
	text          TEXT NOT NULL,
	unit_id       INTEGER NOT NULL REFERENCES unit (id),
	made_on       TEXT NOT NULL,                -- YYYY-MM-DD
	deadline_days INTEGER CHECK (deadline_days BETWEEN 1 AND 250),  -- NULL: due_on given
	due_on        TEXT NOT NULL,
	due_fallback  INTEGER NOT NULL DEFAULT 0 CHECK (due_fallback IN (0, 1)),
	status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
	done_on       TEXT,                         -- status done: the day it was done
	result        TEXT,                         -- status done: what was done
	cancelled_on  TEXT,                         -- status cancelled
	reason        TEXT,                         -- why it was cancelled, or last reopened
	reopen_count  INTEGER NOT NULL DEFAULT 0,   -- done/cancelled -> open, each with a reason
	version       INTEGER NOT NULL DEFAULT 1,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	CHECK (roundtable_id IS NOT NULL OR appeal_id IS NOT NULL)
);
CREATE INDEX arrangement_roundtable ON arrangement (roundtable_id) WHERE roundtable_id IS NOT NULL;
CREATE INDEX arrangement_appeal ON arrangement (appeal_id) WHERE appeal_id IS NOT NULL;
CREATE INDEX arrangement_unit ON arrangement (unit_id, status, due_on);
CREATE INDEX arrangement_due ON arrangement (status, due_on);
