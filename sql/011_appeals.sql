-- 011_appeals.sql - enterprise appeals (诉求): intake by channel, the workflow as an event
-- ledger, the units that handle them, deadlines in working days, attachments, extensions,
-- supervision (督办) and the links between duplicates.

-- Categories are reference data admins edit; code is what the API and Open311 call the
-- service (service_code).
CREATE TABLE appeal_category (
	code   TEXT PRIMARY KEY,
	name   TEXT NOT NULL UNIQUE,
	seq    INTEGER NOT NULL,
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) WITHOUT ROWID;
INSERT INTO appeal_category (code, name, seq) VALUES
	('policy', '政策配套', 1),
	('park', '园区建设', 2),
	('talent', '人才引进', 3),
	('factors', '要素保障', 4),
	('approval', '审批服务', 5),
	('finance', '融资', 6),
	('other', '其他', 7);

-- Working-day limits (configurable by admins): accept within accept_days; answer within the
-- complexity's days, counted from acceptance.
CREATE TABLE appeal_setting (
	key   TEXT PRIMARY KEY,
	value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO appeal_setting (key, value) VALUES
	('accept_days', 1),
	('simple_days', 3),
	('ordinary_days', 15),
	('complex_days', 30),
	('due_soon_days', 2),          -- "due soon": the deadline is within this many working days
	('duplicate_window_days', 30); -- same enterprise and category within this many days

CREATE TABLE appeal (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	code           TEXT NOT NULL UNIQUE,           -- SQ2023-00001: year of submission, sequence
	enterprise_id  INTEGER NOT NULL REFERENCES enterprise (id),
	category       TEXT NOT NULL REFERENCES appeal_category (code),
	channel        TEXT NOT NULL CHECK (channel IN ('onsite', 'online', 'proxy', 'hotline')),
	project_id     INTEGER REFERENCES project (id),
	roundtable_id  INTEGER REFERENCES roundtable (id),  -- channel 'onsite'
	external_id    TEXT,                           -- the 12345 platform's ticket number
	title          TEXT,
	text           TEXT NOT NULL,
	contact        TEXT,                           -- who to call back, as the enterprise gave it
	state          TEXT NOT NULL CHECK (state IN ('submitted', 'accepted', 'declined',
	               'assigned', 'in_progress', 'answered', 'rated', 'closed')),
	complexity     TEXT CHECK (complexity IN ('simple', 'ordinary', 'complex')),
	lead_unit_id   INTEGER REFERENCES unit (id),   -- 主办; co-units (协办) in appeal_unit
	submitted_at   TEXT NOT NULL,                  -- ISO 8601 instant
	accept_due_on  TEXT NOT NULL,                  -- end of that working day, Asia/Shanghai
	accepted_at    TEXT,
	answer_due_on  TEXT,                           -- set on assignment; moved by extensions
	due_fallback   INTEGER NOT NULL DEFAULT 0 CHECK (due_fallback IN (0, 1)),
	answered_at    TEXT,                           -- the latest answer
	answer         TEXT,
	rating         TEXT CHECK (rating IN ('satisfied', 'basic', 'unsatisfied')),
	rating_comment TEXT,
	rated_at       TEXT,
	closed_at      TEXT,
	decline_reason TEXT,
	reopen_count   INTEGER NOT NULL DEFAULT 0,
	supervised     INTEGER NOT NULL DEFAULT 0 CHECK (supervised IN (0, 1)),
	merged_into    INTEGER REFERENCES appeal (id), -- a duplicate merged into another appeal
	issue_id       INTEGER REFERENCES appeal_issue (id),
	submitted_by   INTEGER REFERENCES user (id),
	version        INTEGER NOT NULL DEFAULT 1,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL
);
CREATE INDEX appeal_enterprise ON appeal (enterprise_id, category, submitted_at);
CREATE INDEX appeal_state ON appeal (state, answer_due_on);
CREATE INDEX appeal_lead_unit ON appeal (lead_unit_id, state);
CREATE INDEX appeal_roundtable ON appeal (roundtable_id) WHERE roundtable_id IS NOT NULL;
CREATE INDEX appeal_project ON appeal (project_id) WHERE project_id IS NOT NULL;
CREATE INDEX appeal_submitted ON appeal (submitted_at);

-- Units handling an appeal: exactly one 'lead' (mirrored in appeal.lead_unit_id) and any
-- number of 'co' units.
CREATE TABLE appeal_unit (
	appeal_id INTEGER NOT NULL REFERENCES appeal (id),
	unit_id   INTEGER NOT NULL REFERENCES unit (id),
	role      TEXT NOT NULL CHECK (role IN ('lead', 'co')),
	PRIMARY KEY (appeal_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX appeal_unit_unit ON appeal_unit (unit_id, appeal_id);

-- Every transition and action, kept forever: the appeal's timeline.
CREATE TABLE appeal_event (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	appeal_id  INTEGER NOT NULL REFERENCES appeal (id),
	at         TEXT NOT NULL,                  -- ISO 8601 instant: when it happened
	-- When it was written: later than at for history entered afterwards (补录).  The store
	-- writes it; the default covers rows written by other means (fixtures, repairs).
	recorded_at TEXT NOT NULL DEFAULT
	           (strftime('%Y-%m-%dT%H:%M:%S', 'now', '+8 hours') || '+08:00'),
	kind       TEXT NOT NULL,                  -- submit, accept, decline, assign, start,
	                                           -- answer, rate, reopen, close, transfer,
	                                           -- extension_request, extension_decision,
	                                           -- supervise, escalate, merge, link, comment
	from_state TEXT,
	to_state   TEXT,
	user_id    INTEGER REFERENCES user (id),
	username   TEXT,
	unit_id    INTEGER REFERENCES unit (id),  -- the unit acted for, or transferred to
	note       TEXT
);
CREATE INDEX appeal_event_appeal ON appeal_event (appeal_id, id);
CREATE TRIGGER appeal_event_no_update BEFORE UPDATE ON appeal_event BEGIN
	SELECT raise(ABORT, 'appeal events are kept as recorded');
END;
CREATE TRIGGER appeal_event_no_delete BEFORE DELETE ON appeal_event BEGIN
	SELECT raise(ABORT, 'appeal events are kept as recorded');
END;

-- Files stored on disk under their SHA-256 (content-addressed: the same file twice is kept
-- once); the row says which appeal it belongs to and what the uploader called it.
CREATE TABLE appeal_attachment (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	appeal_id   INTEGER NOT NULL REFERENCES appeal (id),
	sha256      TEXT NOT NULL,
	name        TEXT NOT NULL,
	mime        TEXT NOT NULL,
	size        INTEGER NOT NULL,
	user_id     INTEGER REFERENCES user (id),
	uploaded_at TEXT NOT NULL
);
CREATE INDEX appeal_attachment_appeal ON appeal_attachment (appeal_id, id);

-- Extension requests (延期), decided by the leader in charge.
CREATE TABLE appeal_extension (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	appeal_id    INTEGER NOT NULL REFERENCES appeal (id),
	days         INTEGER NOT NULL CHECK (days BETWEEN 1 AND 60),  -- working days more
	reason       TEXT NOT NULL,
	requested_by INTEGER REFERENCES user (id),
	requested_at TEXT NOT NULL,
	status       TEXT NOT NULL DEFAULT 'pending'
	             CHECK (status IN ('pending', 'approved', 'rejected')),
	decided_by   INTEGER REFERENCES user (id),
	decided_at   TEXT,
	decision_note TEXT
);
CREATE INDEX appeal_extension_appeal ON appeal_extension (appeal_id, id);
CREATE INDEX appeal_extension_pending ON appeal_extension (status) WHERE status = 'pending';

-- Supervision (督办): opened when an appeal passes a deadline (or by a leader by hand),
-- escalated to the lead unit's leader, closed when the appeal is answered.
CREATE TABLE supervision (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	appeal_id    INTEGER NOT NULL REFERENCES appeal (id),
	kind         TEXT NOT NULL CHECK (kind IN ('overdue_accept', 'overdue_answer', 'manual')),
	unit_id      INTEGER REFERENCES unit (id),
	escalated_to INTEGER REFERENCES user (id),   -- the leader in charge
	opened_at    TEXT NOT NULL,
	opened_by    INTEGER REFERENCES user (id),    -- NULL: opened by the deadline sweep
	note         TEXT,
	closed_at    TEXT,
	UNIQUE (appeal_id, kind, opened_at)
);
CREATE INDEX supervision_open ON supervision (closed_at, unit_id);
CREATE INDEX supervision_appeal ON supervision (appeal_id);

-- Several enterprises raising the same problem: one systemic issue with many appeals.
CREATE TABLE appeal_issue (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	title      TEXT NOT NULL,
	created_at TEXT NOT NULL
);

-- Appeals an officer linked as related (the duplicate flag's "link" answer).
CREATE TABLE appeal_link (
	appeal_id INTEGER NOT NULL REFERENCES appeal (id),
	other_id  INTEGER NOT NULL REFERENCES appeal (id),
	PRIMARY KEY (appeal_id, other_id),
	CHECK (appeal_id < other_id)
) WITHOUT ROWID;

CREATE TABLE appeal_seq (               -- last code number handed out per year
	year INTEGER PRIMARY KEY,
	last INTEGER NOT NULL
);
