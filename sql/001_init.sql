-- 001_init.sql - registry of enterprises and projects, reference data, headline tallies.
-- Applied by src/store/migrate.c inside one exclusive transaction.

CREATE TABLE ref_industry (          -- GB/T 4754-2017, loaded from data/gbt4754-2017.tsv
	code    TEXT PRIMARY KEY,        -- "C", "36", "361", "3612"
	name    TEXT NOT NULL,
	level   INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
	section TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX ref_industry_section ON ref_industry (section, code);

CREATE TABLE ref_chain (             -- industry chains (产业链)
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	sort INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE ref_channel (           -- 招商方式
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	sort INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE ref_region (            -- GB/T 2260 places, plus "zone" for the starting area
	code   TEXT PRIMARY KEY,
	name   TEXT NOT NULL,
	parent TEXT,
	kind   TEXT NOT NULL CHECK (kind IN ('zone', 'city', 'district', 'partner')),
	sort   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE unit (                  -- departments, task forces, partner counties
	id   INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('department', 'task_force', 'county'))
);

-- AUTOINCREMENT: a deleted record's id is never handed out again, so an old link or a stale
-- reference answers 404 instead of reaching another record.
CREATE TABLE enterprise (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	name          TEXT NOT NULL,
	credit_code   TEXT UNIQUE,
	industry_code TEXT REFERENCES ref_industry (code),
	address       TEXT,
	version       INTEGER NOT NULL DEFAULT 1,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL
);
CREATE INDEX enterprise_name ON enterprise (name);
CREATE INDEX enterprise_industry ON enterprise (industry_code);

CREATE TABLE enterprise_tag (
	enterprise_id INTEGER NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
	seq           INTEGER NOT NULL,
	tag           TEXT NOT NULL,
	PRIMARY KEY (enterprise_id, seq)
) WITHOUT ROWID;
CREATE INDEX enterprise_tag_tag ON enterprise_tag (tag, enterprise_id);

CREATE TABLE enterprise_contact (
	enterprise_id INTEGER NOT NULL REFERENCES enterprise (id) ON DELETE CASCADE,
	seq           INTEGER NOT NULL,
	name          TEXT NOT NULL,
	title         TEXT,
	phone         TEXT,
	email         TEXT,
	PRIMARY KEY (enterprise_id, seq)
) WITHOUT ROWID;

CREATE TABLE project (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	code             TEXT NOT NULL UNIQUE,
	name             TEXT NOT NULL,
	industry_code    TEXT REFERENCES ref_industry (code),
	chain            TEXT REFERENCES ref_chain (code),
	channel          TEXT REFERENCES ref_channel (code),
	stage            TEXT NOT NULL,
	total_investment INTEGER CHECK (total_investment >= 0),     -- 万元
	location         TEXT NOT NULL REFERENCES ref_region (code),
	signed_on        TEXT,
	started_on       TEXT,
	production_on    TEXT,
	phase_parent_id  INTEGER REFERENCES project (id),
	phase            TEXT,
	chain_anchor_id  INTEGER REFERENCES project (id),
	industrial       INTEGER NOT NULL DEFAULT 0 CHECK (industrial IN (0, 1)),
	key_project      INTEGER NOT NULL DEFAULT 0 CHECK (key_project IN (0, 1)),
	leader           TEXT,
	unit_id          INTEGER REFERENCES unit (id),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL
);
-- The filters leaders combine most (stage, chain, where) in the order the dashboards sort by.
CREATE INDEX project_stage ON project (stage, chain, location, signed_on);
CREATE INDEX project_chain ON project (chain, id);
CREATE INDEX project_channel ON project (channel, id);
CREATE INDEX project_location ON project (location, id);
CREATE INDEX project_signed ON project (signed_on);
CREATE INDEX project_phase_parent ON project (phase_parent_id) WHERE phase_parent_id IS NOT NULL;
CREATE INDEX project_chain_anchor ON project (chain_anchor_id) WHERE chain_anchor_id IS NOT NULL;

CREATE TABLE project_enterprise (
	project_id    INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
	enterprise_id INTEGER NOT NULL REFERENCES enterprise (id),
	seq           INTEGER NOT NULL,
	PRIMARY KEY (project_id, enterprise_id)
) WITHOUT ROWID;
CREATE INDEX project_enterprise_ent ON project_enterprise (enterprise_id, project_id);

CREATE TABLE project_seq (           -- last code number handed out per year
	year INTEGER PRIMARY KEY,
	last INTEGER NOT NULL
);

-- Headline figures are read at dashboard rates, so they are kept summed per key by
-- triggers in the same transaction as the change instead of scanning every project.
CREATE TABLE project_tally (
	location   TEXT NOT NULL,
	stage      TEXT NOT NULL,
	chain      TEXT NOT NULL,            -- '' when none
	sign_year  INTEGER NOT NULL,         -- 0 when not signed
	industrial INTEGER NOT NULL,
	n          INTEGER NOT NULL,
	amount     INTEGER NOT NULL,         -- 万元
	PRIMARY KEY (location, stage, chain, sign_year, industrial)
) WITHOUT ROWID;

CREATE TRIGGER project_tally_ins AFTER INSERT ON project BEGIN
	INSERT INTO project_tally VALUES (NEW.location, NEW.stage, coalesce(NEW.chain, ''),
		coalesce(CAST(substr(NEW.signed_on, 1, 4) AS INTEGER), 0), NEW.industrial,
		1, coalesce(NEW.total_investment, 0))
	ON CONFLICT DO UPDATE SET n = n + 1, amount = amount + excluded.amount;
END;

CREATE TRIGGER project_tally_del AFTER DELETE ON project BEGIN
	UPDATE project_tally SET n = n - 1, amount = amount - coalesce(OLD.total_investment, 0)
	WHERE location = OLD.location AND stage = OLD.stage AND chain = coalesce(OLD.chain, '')
	  AND sign_year = coalesce(CAST(substr(OLD.signed_on, 1, 4) AS INTEGER), 0)
	  AND industrial = OLD.industrial;
END;

CREATE TRIGGER project_tally_upd
AFTER UPDATE OF location, stage, chain, signed_on, industrial, total_investment ON project BEGIN
	UPDATE project_tally SET n = n - 1, amount = amount - coalesce(OLD.total_investment, 0)
	WHERE location = OLD.location AND stage = OLD.stage AND chain = coalesce(OLD.chain, '')
	  AND sign_year = coalesce(CAST(substr(OLD.signed_on, 1, 4) AS INTEGER), 0)
	  AND industrial = OLD.industrial;
	INSERT INTO project_tally VALUES (NEW.location, NEW.stage, coalesce(NEW.chain, ''),
		coalesce(CAST(substr(NEW.signed_on, 1, 4) AS INTEGER), 0), NEW.industrial,
		1, coalesce(NEW.total_investment, 0))
	ON CONFLICT DO UPDATE SET n = n + 1, amount = amount + excluded.amount;
END;
