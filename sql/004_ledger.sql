-- 004_ledger.sql - the stage ledger (every move of a project is an event kept forever) and
-- the funds in place (到位资金) reported month by month.

-- One row per stage move.  The project's signed_on, started_on, production_on and
-- capacity_on always equal the effective date of the event that entered that stage and still
-- stands (a backward move past a stage clears it; 搁置 and 终止 keep them), so statistics
-- that count "signed in 2023" read those columns or the rollups kept from them.
CREATE TABLE stage_event (
	id           INTEGER PRIMARY KEY,
	project_id   INTEGER NOT NULL REFERENCES project (id),
	from_stage   TEXT,                   -- NULL for the event that created the project
	to_stage     TEXT NOT NULL,
	effective_on TEXT NOT NULL,          -- YYYY-MM-DD, when the move took effect
	skipped      INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)), -- a stage passed over
	note         TEXT,
	reason       TEXT,                   -- required for backward moves, 搁置 and 终止
	user_id      INTEGER REFERENCES user (id),
	username     TEXT,
	recorded_at  TEXT NOT NULL
);
CREATE INDEX stage_event_project ON stage_event (project_id, id);
CREATE INDEX stage_event_to ON stage_event (to_stage, effective_on);

CREATE TRIGGER stage_event_no_update BEFORE UPDATE ON stage_event BEGIN
	SELECT raise(ABORT, 'the stage ledger is append-only');
END;
CREATE TRIGGER stage_event_no_delete BEFORE DELETE ON stage_event BEGIN
	SELECT raise(ABORT, 'the stage ledger is append-only');
END;

ALTER TABLE project ADD COLUMN capacity_on TEXT;
-- 签约金额 in 万元: required (with the signing date, total investment and location) when a
-- project enters 签约 through the ledger.
ALTER TABLE project ADD COLUMN signed_amount INTEGER CHECK (signed_amount >= 0);

-- Funds in place, in 万元, per project and calendar month ("2023-05").
CREATE TABLE project_funds (
	project_id INTEGER NOT NULL REFERENCES project (id),
	month      TEXT NOT NULL CHECK (length(month) = 7),
	amount     INTEGER NOT NULL CHECK (amount >= 0),
	note       TEXT,
	PRIMARY KEY (project_id, month)
) WITHOUT ROWID;
CREATE INDEX project_funds_month ON project_funds (month, project_id);

-- The projects already stored get the ledger their dates imply: a creation event, then one
-- event per stage date they carry.
INSERT INTO stage_event (project_id, from_stage, to_stage, effective_on, recorded_at)
	SELECT id, NULL, 'lead', substr(created_at, 1, 10), created_at FROM project;
INSERT INTO stage_event (project_id, from_stage, to_stage, effective_on, skipped, recorded_at)
	SELECT id, 'lead', 'signed', signed_on, 1, created_at FROM project WHERE signed_on IS NOT NULL;
INSERT INTO stage_event (project_id, from_stage, to_stage, effective_on, recorded_at)
	SELECT id, 'signed', 'started', started_on, created_at FROM project WHERE started_on IS NOT NULL;
INSERT INTO stage_event (project_id, from_stage, to_stage, effective_on, recorded_at)
	SELECT id, 'started', 'production', production_on, created_at FROM project
	WHERE production_on IS NOT NULL;
-- Projects standing on hold or dropped enter that state on the day the ledger begins.
INSERT INTO stage_event (project_id, from_stage, to_stage, effective_on, recorded_at)
	SELECT id, CASE WHEN production_on IS NOT NULL THEN 'production'
		WHEN started_on IS NOT NULL THEN 'started'
		WHEN signed_on IS NOT NULL THEN 'signed' ELSE 'lead' END,
		stage, substr(created_at, 1, 10), created_at FROM project
	WHERE stage IN ('on_hold', 'dropped');
