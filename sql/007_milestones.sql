-- 007_milestones.sql - project milestones (planned vs actual), follow-ups (跟进记录), and the
-- thresholds of the warnings (三色预警 window, stalled-project days per stage).

-- The milestone list of a project is replaced as a whole (PUT), so it has one version for
-- the whole set; a project without a row here has the empty list at version 1.
CREATE TABLE milestone_set (
	project_id INTEGER PRIMARY KEY REFERENCES project (id),
	version    INTEGER NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE milestone (
	project_id INTEGER NOT NULL REFERENCES project (id),
	seq        INTEGER NOT NULL,            -- the order the list was given in
	kind       TEXT NOT NULL CHECK (kind IN ('signing', 'land', 'start', 'structure',
	                                         'equipment', 'production', 'capacity', 'custom')),
	name       TEXT NOT NULL,               -- the label of a standard kind, or the custom name
	planned_on TEXT,                        -- YYYY-MM-DD
	actual_on  TEXT,
	note       TEXT,
	PRIMARY KEY (project_id, seq)
) WITHOUT ROWID;
-- The portfolio reads the milestones not yet done (or done late) by planned day.
CREATE INDEX milestone_planned ON milestone (planned_on, project_id) WHERE planned_on IS NOT NULL;

CREATE TABLE followup (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	project_id INTEGER NOT NULL REFERENCES project (id),
	on_date    TEXT NOT NULL,               -- YYYY-MM-DD, when it happened
	kind       TEXT NOT NULL CHECK (kind IN ('visit', 'call', 'meeting', 'negotiation')),
	summary    TEXT NOT NULL,
	next_step  TEXT,
	next_on    TEXT,
	officer_id INTEGER NOT NULL REFERENCES user (id),
	created_by INTEGER REFERENCES user (id),
	created_at TEXT NOT NULL
);
CREATE INDEX followup_project ON followup (project_id, on_date, id);
CREATE INDEX followup_next ON followup (next_on) WHERE next_on IS NOT NULL;

-- One row: the milestone warning window in working days.
CREATE TABLE warning_setting (
	id               INTEGER PRIMARY KEY CHECK (id = 1),
	milestone_window INTEGER NOT NULL CHECK (milestone_window BETWEEN 0 AND 60),
	version          INTEGER NOT NULL DEFAULT 1,
	updated_at       TEXT
);
INSERT INTO warning_setting (id, milestone_window) VALUES (1, 5);

-- Days without a stage move or a follow-up after which a project in this stage is stalled;
-- NULL: never (达产 and 终止 always).
CREATE TABLE stall_threshold (
	stage TEXT PRIMARY KEY,
	days  INTEGER CHECK (days IS NULL OR days BETWEEN 1 AND 3650)
) WITHOUT ROWID;
INSERT INTO stall_threshold (stage, days) VALUES
	('lead', 30), ('negotiating', 30), ('signed', 60), ('started', 90), ('production', 180),
	('capacity', NULL), ('on_hold', 180), ('dropped', NULL);
