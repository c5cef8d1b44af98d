-- 006_problems.sql - problems (制约问题) that block projects, and the task forces (专班) that
-- coordinate them in meetings whose decisions open and resolve problems.

CREATE TABLE taskforce (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	name       TEXT NOT NULL UNIQUE,
	leader     TEXT,                     -- 组长, a person
	unit_id    INTEGER REFERENCES unit (id), -- the unit row (kind task_force) acting for it
	note       TEXT,
	version    INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

-- People on the task force: a user of Guanlan or just a name, with a role in it.
CREATE TABLE taskforce_member (
	taskforce_id INTEGER NOT NULL REFERENCES taskforce (id) ON DELETE CASCADE,
	seq          INTEGER NOT NULL,
	name         TEXT NOT NULL,
	title        TEXT,                   -- 组长, 副组长, 成员, 联络员...
	user_id      INTEGER REFERENCES user (id),
	unit_id      INTEGER REFERENCES unit (id),
	PRIMARY KEY (taskforce_id, seq)
) WITHOUT ROWID;

-- Units taking part (departments, counties).
CREATE TABLE taskforce_unit (
	taskforce_id INTEGER NOT NULL REFERENCES taskforce (id) ON DELETE CASCADE,
	unit_id      INTEGER NOT NULL REFERENCES unit (id),
	PRIMARY KEY (taskforce_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX taskforce_unit_unit ON taskforce_unit (unit_id, taskforce_id);

-- Projects served.
CREATE TABLE taskforce_project (
	taskforce_id INTEGER NOT NULL REFERENCES taskforce (id) ON DELETE CASCADE,
	project_id   INTEGER NOT NULL REFERENCES project (id),
	PRIMARY KEY (taskforce_id, project_id)
) WITHOUT ROWID;
CREATE INDEX taskforce_project_project ON taskforce_project (project_id, taskforce_id);

-- Coordination meetings (调度会).  Kept as held: a meeting is never edited.
CREATE TABLE taskforce_meeting (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	taskforce_id INTEGER NOT NULL REFERENCES taskforce (id),
	held_on      TEXT NOT NULL,
	topic        TEXT NOT NULL,
	minutes      TEXT,
	user_id      INTEGER REFERENCES user (id),
	username     TEXT,
	recorded_at  TEXT NOT NULL
);
CREATE INDEX taskforce_meeting_tf ON taskforce_meeting (taskforce_id, held_on, id);

CREATE TABLE meeting_attendee (
	meeting_id INTEGER NOT NULL REFERENCES taskforce_meeting (id),
	seq        INTEGER NOT NULL,
	name       TEXT NOT NULL,
	PRIMARY KEY (meeting_id, seq)
) WITHOUT ROWID;

CREATE TABLE problem (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	project_id    INTEGER NOT NULL REFERENCES project (id),
	type          TEXT NOT NULL CHECK (type IN ('land', 'planning', 'approval', 'energy',
	                                            'funding', 'talent', 'supporting', 'other')),
	description   TEXT NOT NULL,
	unit_id       INTEGER NOT NULL REFERENCES unit (id),  -- owner (责任单位)
	opened_on     TEXT NOT NULL,
	deadline_days INTEGER NOT NULL CHECK (deadline_days BETWEEN 1 AND 250),
	-- opened_on + deadline_days working days, by the calendar when the problem was dated;
	-- due_fallback = 1 when that reached a year the calendar did not cover (Monday-Friday
	-- was assumed); such due dates are recomputed when the year's schedule is loaded.
	due_on        TEXT NOT NULL,
	due_fallback  INTEGER NOT NULL DEFAULT 0 CHECK (due_fallback IN (0, 1)),
	status        TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved',
	                                              'closed_unresolved')),
	resolution    TEXT,
	resolved_on   TEXT,                  -- when it left the open states
	taskforce_id  INTEGER REFERENCES taskforce (id),
	version       INTEGER NOT NULL DEFAULT 1,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL
);
CREATE INDEX problem_project ON problem (project_id, id);
CREATE INDEX problem_unit ON problem (unit_id, status);
CREATE INDEX problem_status_due ON problem (status, due_on);
CREATE INDEX problem_taskforce ON problem (taskforce_id) WHERE taskforce_id IS NOT NULL;
CREATE INDEX problem_fallback ON problem (due_fallback) WHERE due_fallback = 1;

-- What a meeting decided.  'open' made problem_id, 'resolve' and 'close' ended it, 'note'
-- is a decision that touches no problem.
CREATE TABLE meeting_decision (
	meeting_id INTEGER NOT NULL REFERENCES taskforce_meeting (id),
	seq        INTEGER NOT NULL,
	action     TEXT NOT NULL CHECK (action IN ('open', 'resolve', 'close', 'note')),
	text       TEXT NOT NULL,
	problem_id INTEGER REFERENCES problem (id),
	PRIMARY KEY (meeting_id, seq)
) WITHOUT ROWID;
CREATE INDEX meeting_decision_problem ON meeting_decision (problem_id)
	WHERE problem_id IS NOT NULL;

CREATE TRIGGER taskforce_meeting_no_update BEFORE UPDATE ON taskforce_meeting BEGIN
	SELECT raise(ABORT, 'meetings are kept as held');
END;
CREATE TRIGGER meeting_decision_no_update BEFORE UPDATE ON meeting_decision BEGIN
	SELECT raise(ABORT, 'meetings are kept as held');
END;
