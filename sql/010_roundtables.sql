-- 010_roundtables.sql - the roundtables where the zone's leaders meet entrepreneurs (the model
-- is 鹊华观澜会): a series of numbered sessions, who was invited and who came, the minutes,
-- and the projects that came out of them.  The appeals raised at a session are appeals with
-- channel 'onsite' and roundtable_id set (011); its arrangements are in 012.

CREATE TABLE roundtable_series (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	name       TEXT NOT NULL UNIQUE,        -- 鹊华观澜会
	note       TEXT,
	created_at TEXT NOT NULL
);

CREATE TABLE roundtable (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	series_id  INTEGER NOT NULL REFERENCES roundtable_series (id),
	number     INTEGER NOT NULL CHECK (number >= 1),   -- 第N期
	held_on    TEXT NOT NULL,               -- YYYY-MM-DD, Asia/Shanghai
	venue      TEXT,
	format     TEXT NOT NULL DEFAULT 'roundtable'
	           CHECK (format IN ('roundtable', 'forum', 'site_visit', 'online', 'other')),
	theme      TEXT,
	minutes    TEXT,
	version    INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (series_id, number)
);
CREATE INDEX roundtable_held ON roundtable (held_on, id);

-- Enterprises invited; attended says whether they came (known after the session).
CREATE TABLE roundtable_enterprise (
	roundtable_id INTEGER NOT NULL REFERENCES roundtable (id) ON DELETE CASCADE,
	enterprise_id INTEGER NOT NULL REFERENCES enterprise (id),
	attended      INTEGER NOT NULL DEFAULT 0 CHECK (attended IN (0, 1)),
	PRIMARY KEY (roundtable_id, enterprise_id)
) WITHOUT ROWID;
CREATE INDEX roundtable_enterprise_ent ON roundtable_enterprise (enterprise_id, roundtable_id);

-- People at the table: entrepreneurs (with their enterprise), the zone's leaders (maybe a
-- Guanlan user) and unit representatives (with their unit).
CREATE TABLE roundtable_person (
	roundtable_id INTEGER NOT NULL REFERENCES roundtable (id) ON DELETE CASCADE,
	seq           INTEGER NOT NULL,
	kind          TEXT NOT NULL CHECK (kind IN ('entrepreneur', 'leader', 'unit')),
	name          TEXT NOT NULL,
	title         TEXT,
	enterprise_id INTEGER REFERENCES enterprise (id),
	unit_id       INTEGER REFERENCES unit (id),
	user_id       INTEGER REFERENCES user (id),
	attended      INTEGER NOT NULL DEFAULT 1 CHECK (attended IN (0, 1)),
	PRIMARY KEY (roundtable_id, seq)
) WITHOUT ROWID;

-- Leads and projects that came out of a session.
CREATE TABLE roundtable_project (
	roundtable_id INTEGER NOT NULL REFERENCES roundtable (id) ON DELETE CASCADE,
	project_id    INTEGER NOT NULL REFERENCES project (id),
	note          TEXT,
	PRIMARY KEY (roundtable_id, project_id)
) WITHOUT ROWID;
CREATE INDEX roundtable_project_project ON roundtable_project (project_id, roundtable_id);
